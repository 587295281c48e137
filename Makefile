# The README's two commands: `make demo` (set up, render the bundled fixture) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint install bench templates clean

$(BIN)/docgen: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $@

install: $(BIN)/docgen

demo: install
	$(BIN)/docgen render fixtures/khoi-thi-dua-2022.yaml -o out/

# `make test` is what CI runs (.ci/run): ruff and mypy first (`make lint`), then every test.
test: lint
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check docgen tests bench scripts
	$(BIN)/mypy

bench: install
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/clean.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/ocr_eval.py
	$(BIN)/python bench/legacy_eval.py

templates: install
	$(BIN)/python scripts/build_templates.py

clean:
	rm -rf out/ build/ *.egg-info
