# The README's two commands: `make demo` (set up, render the bundled fixture) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test test-latest test-pythons lint install bench templates clean

$(BIN)/docgen: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade -c constraints.txt pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $@

install: $(BIN)/docgen

demo: install
	$(BIN)/docgen render fixtures/khoi-thi-dua-2022.yaml -o out/

# `make test` is what CI runs (.ci/run): ruff and mypy first (`make lint`), then every test.
test: lint
	$(BIN)/python -m pytest

# The same suite against the newest release of every dependency (no constraints), in a fresh
# venv: breakage from an upgrade is seen here before it reaches a clerk's fresh install.
LATEST_VENV ?= /tmp/docgen-latest
test-latest:
	rm -rf $(LATEST_VENV)
	$(PYTHON) -m venv $(LATEST_VENV)
	$(LATEST_VENV)/bin/python -m pip install -q --upgrade pip
	$(LATEST_VENV)/bin/python -m pip install -q --upgrade -e '.[test]'
	$(LATEST_VENV)/bin/python -m pip list --format=freeze > $(LATEST_VENV)/versions.txt
	$(LATEST_VENV)/bin/ruff check docgen tests bench scripts
	$(LATEST_VENV)/bin/python -m pytest -p no:cacheprovider

# The pinned suite on each supported Python (3.10-3.13); PYTHONS lists interpreters found here.
PYTHONS ?= $(wildcard /root/.pyenv/versions/3.10.*/bin/python /root/.pyenv/versions/3.12.*/bin/python \
                      /root/.pyenv/versions/3.13.*/bin/python)
test-pythons:
	@test -n "$(PYTHONS)" || { echo "PYTHONS is empty: give the interpreters, e.g. PYTHONS=python3.12"; exit 2; }
	set -e; for py in $(PYTHONS); do \
	  v=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  echo "== Python $$v ($$py)"; \
	  $(MAKE) --no-print-directory test PYTHON=$$py VENV=/tmp/docgen-py$$v; \
	done

lint: install
	$(BIN)/ruff check docgen tests bench scripts
	$(BIN)/mypy

bench: install
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/layout.py
	$(BIN)/python bench/clean.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/ocr_eval.py
	$(BIN)/python bench/legacy_eval.py
	$(BIN)/python bench/serve.py

templates: install
	$(BIN)/python scripts/build_templates.py

clean:
	rm -rf out/ build/ *.egg-info
