"""Compiled templates kept across processes (docgen.render.compiled) render the same bytes as a
fresh compile; another template, a corrupt entry or the cache switched off change only speed.
And a batch with nothing to do imports neither the model (pydantic) nor what renders."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import FIXTURE, ROOT
from docgen.io.loaders import load_record
from docgen.kinds import SLUGS, template_path
from docgen.produce import context
from docgen.render import compiled, engine


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_TEMPLATE_CACHE", str(tmp_path))
    monkeypatch.delenv("DOCGEN_CACHE_DIR", raising=False)
    return tmp_path / "templates"


def _render_all(record) -> dict[str, bytes]:
    return {k: engine.DocxTemplate(template_path(k)).render(context(record, k)) for k in SLUGS}


def test_cached_compile_renders_identical_bytes(cache_dir, monkeypatch):
    record = load_record(FIXTURE)
    cold = _render_all(record)
    assert len(list(cache_dir.glob("*.marshal"))) == len(SLUGS)

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again instead of read from the cache")

    monkeypatch.setattr(engine._Env, "compile", no_compile)
    monkeypatch.setattr(engine, "check_xml", no_compile)  # static parts: checked when first kept
    monkeypatch.setattr(engine.xmltags, "to_jinja_source", no_compile)  # the Jinja source is kept too
    monkeypatch.setattr(engine, "read_package", no_compile)  # nor is the template unzipped
    warm = _render_all(record)
    assert warm == cold


def test_cached_compile_gives_the_same_error_messages(cache_dir):
    """A render error quotes the template's paragraph from the kept Jinja source as it does
    after a fresh compile."""
    record = load_record(FIXTURE)
    ctx = context(record, "giay-moi")
    del ctx["summary"]

    def error() -> str:
        with pytest.raises(Exception) as info:
            engine.DocxTemplate(template_path("giay-moi")).render(ctx)
        return str(info.value)

    cold = error()
    assert len(list(cache_dir.glob("*.marshal"))) == 1
    warm = error()
    assert warm == cold and "đoạn" in cold and "summary" in cold


def test_key_follows_the_template_and_the_environment():
    template = template_path("giay-moi").read_bytes()
    env = engine.environment(True)
    k = compiled.key(template, env)
    assert compiled.key(bytes(template), env) == k
    assert compiled.key(template[:-1] + bytes([template[-1] ^ 1]), env) != k
    assert compiled.key(template_path("bien-ban").read_bytes(), env) != k
    assert compiled.key(template, engine.environment(False)) != k


def test_corrupt_entry_is_compiled_again(cache_dir):
    record = load_record(FIXTURE)
    cold = _render_all(record)
    for f in cache_dir.glob("*.marshal"):
        f.write_bytes(b"\x00garbage")
    assert _render_all(record) == cold


def test_off(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_TEMPLATE_CACHE", "off")
    assert compiled.load(compiled.key(template_path("giay-moi").read_bytes(), engine.environment(True))) is None
    engine.DocxTemplate(template_path("giay-moi"))
    assert not any(tmp_path.iterdir())


def test_a_template_with_an_error_is_not_kept(cache_dir):
    import io
    import zipfile

    from docgen.errors import TemplateError

    buf = io.BytesIO()
    with zipfile.ZipFile(template_path("giay-moi")) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<w:p><w:r><w:t>{% if x %}</w:t></w:r></w:p></w:body>")
            dst.writestr(item, data)
    for _ in range(2):  # the second time too: the error is seen, never hidden by a cache
        with pytest.raises(TemplateError):
            engine.DocxTemplate(buf.getvalue())
    assert not list(cache_dir.glob("*.marshal"))


NOOP = """
import json, sys
from docgen.batch import run_batch
result = run_batch(sys.argv[1], sys.argv[2], jobs=1)
heavy = [m for m in ("pydantic", "lxml", "jinja2", "docgen.model", "docgen.produce", "docgen.fields", "openpyxl")
         if m in sys.modules]
print(json.dumps({"heavy": heavy, "statuses": sorted({o.status for r in result.results for o in r.outputs})}))
"""


def test_noop_batch_imports_nothing_that_renders(tmp_path):
    """The manifest proves every source unchanged: the re-run parses no record, validates none,
    and so never imports pydantic, the model, the normalizers, Jinja or lxml. A changed record in
    the next run is validated and rendered as before."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = FIXTURE.read_text(encoding="utf-8")
    for i in range(3):
        (folder / f"hop-{i}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    runs = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", NOOP, str(folder), str(out)], cwd=ROOT, env=os.environ,
                              capture_output=True, text=True, check=True)
        runs.append(json.loads(proc.stdout.splitlines()[-1]))
    assert runs[0]["statuses"] == ["new"] and "pydantic" in runs[0]["heavy"]
    assert runs[1] == {"heavy": [], "statuses": ["skipped"]}
    (folder / "hop-1.yaml").write_text(text.replace("Hội nghị", "Hội  nghị", 1), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", NOOP, str(folder), str(out)], cwd=ROOT, env=os.environ,
                          capture_output=True, text=True, check=True)
    third = json.loads(proc.stdout.splitlines()[-1])
    assert "pydantic" in third["heavy"] and "skipped" in third["statuses"]


def test_spreadsheet_suffixes_agree():
    from docgen.batch import sources
    from docgen.io import spreadsheet

    assert sources.SPREADSHEET_SUFFIXES == spreadsheet.SPREADSHEET_SUFFIXES
