"""The command line as a whole: registration, lazy imports, Vietnamese click texts, exit codes."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from docgen.cli import cli, main, messages
from docgen.cli.group import LazyCommand
from docgen.errors import EXIT_FINDINGS, EXIT_INPUT, DocgenError, InputError

ENGLISH = ("Usage:", "Options", "Commands", "Show this message", "Show the version", "default:",
           "[OPTIONS]", "COMMAND [ARGS]", "Error:", "Invalid value", "Missing", "TEXT", "INTEGER",
           "FLOAT", "DIRECTORY", "FILE", "PATH")


def click_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    """Every msgid the installed click passes to gettext / ngettext."""
    singles, plurals = set(), set()
    for source in Path(click.__file__).parent.glob("*.py"):
        if source.name == "_winconsole.py":  # Windows consoles only
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if node.func.id == "_" and args:
                    singles.add(args[0])
                elif node.func.id == "ngettext" and len(args) == 2:
                    plurals.add((args[0], args[1]))
    return singles, plurals


def test_every_click_message_has_a_vietnamese_translation():
    singles, plurals = click_msgids()
    assert len(singles) > 40 and len(plurals) >= 5  # the scan found click's messages
    assert sorted(singles - set(messages.CATALOGUE) - {"d"}) == []  # "d": termui's "d" of y/N
    assert sorted(plurals - set(messages.PLURALS)) == []


def test_translations_keep_clicks_placeholders_usable():
    values = {"value": "x", "choices": "'a', 'b'", "choice": "'a'", "range": "x>=1", "name": "n", "filename": "f",
              "param_hint": "'-k'", "message": "m", "number_type": "integer", "command": "docgen", "option": "--help",
              "args": "a", "nargs": 2, "len": 3, "possibility": "p", "possibilities": "p, q", "param_type": "t",
              "param_name": "p", "format": "f", "formats": "f", "len_type": 2, "len_value": 1, "states": "y",
              "default": "d", "var": "V", "extra_message": "", "colour": "c", "editor": "e", "e": "e",
              "option_name": "o", "decls": "d", "length": 1, "decl": "d", "error": "e"}
    for text in [*messages.CATALOGUE.values(), *(f for forms in messages.PLURALS.values() for f in forms)]:
        if "%(" in text:
            assert text % {"prog": "docgen", "version": "1"}
        else:
            assert text.format(**values)


def test_every_registered_command_loads_and_is_its_own_name():
    names = sorted(cli.commands)
    assert names == ["batch", "clean", "convert", "lint", "new", "render", "serve", "template", "users", "validate"]
    ctx = click.Context(cli)
    for name in names:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command) and not isinstance(command, LazyCommand)
        assert command.name == name and command.short_help


def test_top_level_help_imports_no_command_module():
    code = ("import sys; from docgen.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('docgen.') and m not in "
            "('docgen.cli', 'docgen.cli.group', 'docgen.cli.messages', 'docgen.errors')))\n"
            "print('pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    *_, modules, pydantic = out.splitlines()
    assert modules == "[]" and pydantic == "False"


@pytest.mark.parametrize("argv", [["--help"], *[[name, "--help"] for name in sorted(cli.commands)]])
def test_help_is_vietnamese(argv):
    res = CliRunner().invoke(cli, argv, prog_name="docgen")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Cách dùng: docgen")
    assert "Tùy chọn:" in res.output and "Hiện hướng dẫn này rồi thoát." in res.output
    assert [word for word in ENGLISH if word in res.output] == []


def test_version():
    res = CliRunner().invoke(cli, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("docgen, phiên bản ")


@pytest.mark.parametrize("argv, expected", [
    (["render", "{tmp}"], "Lỗi: 'HỒ_SƠ': '{tmp}' là một thư mục, cần một tệp. Xem hướng dẫn: docgen render --help"),
    (["serve", "--port", "70000"], "Lỗi: '-p' / '--port': 70000 nằm ngoài khoảng cho phép (0<=x<=65535)."),
    (["serve", "--port", "abc"], "Lỗi: '-p' / '--port': 'abc' không phải là số."),
    (["batch", "{tmp}", "-o", "{tmp}/o", "--jobs", "0"], "'-j' / '--jobs': 0 nằm ngoài khoảng cho phép (x>=1)."),
    (["clean", "a.txt", "--threshold"], "Lỗi: tùy chọn '--threshold' cần một giá trị."),
    (["validate"], "Lỗi: thiếu 'TỆP...'. Xem hướng dẫn: docgen validate --help"),
    (["new", "giay-moi", "thua"], "Lỗi: thừa tham số: thua."),
    (["lint", "--rulez"], "Lỗi: không có tùy chọn '--rulez'. Có phải ý là '--rules'?"),
])
def test_usage_errors_are_one_vietnamese_line(argv, expected, tmp_path, capsys):
    with pytest.raises(SystemExit) as ex:
        main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    err = capsys.readouterr().err
    assert ex.value.code == EXIT_INPUT
    assert expected.replace("{tmp}", str(tmp_path)) in err and len(err.splitlines()) == 1


def test_docgen_errors_are_click_exceptions_with_the_input_exit_code():
    assert issubclass(DocgenError, click.ClickException) and issubclass(InputError, DocgenError)
    err = InputError("thiếu trường", file="hop.yaml")
    assert str(err) == err.format_message() == "hop.yaml: thiếu trường" and err.exit_code == EXIT_INPUT


def test_findings_exit_with_1_and_input_errors_with_2(tmp_path):
    bad = tmp_path / "hop.yaml"
    bad.write_text("agency:\n  name: Ban\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["validate", str(bad)])
    assert res.exit_code == EXIT_FINDINGS and "agency.code" in res.output
    res = CliRunner().invoke(cli, ["render", str(bad), "-o", str(tmp_path / "out")])
    assert res.exit_code == EXIT_INPUT and res.stderr.startswith("Lỗi: ") and "agency.code" in res.stderr
    assert "Traceback" not in res.output


def test_docgen_alone_shows_the_help_not_an_error(capsys):
    with pytest.raises(SystemExit) as ex:
        main([])
    err = capsys.readouterr().err
    assert ex.value.code == EXIT_INPUT  # as click: no command is a usage error
    assert err.startswith("Cách dùng: docgen [TÙY_CHỌN] LỆNH") and "Lỗi" not in err and "render" in err
