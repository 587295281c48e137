"""click's own texts (usage line, section titles, help of --help, errors of types and ranges,
missing arguments …) in Vietnamese, through click's gettext hooks.

Every click module looks its messages up with ``_ = gettext.gettext`` and ``ngettext``, bound
at import time. :func:`install` rebinds those two names in click's modules to lookups in
:data:`CATALOGUE` (msgid as click writes it → the words a clerk reads), so click formats the
Vietnamese text itself; nothing parses click's output afterwards. A msgid missing from the
catalogue falls back to click's English, and ``tests/test_cli.py`` checks every msgid of the
installed click against this catalogue.

Click's placeholders ({value!r}, {param_hint} …) are kept; where click prefixes a type name
("File 'x' is a directory."), the Vietnamese sentence is built without it.
"""
from __future__ import annotations

import sys

# msgid → translation. Keys are click's msgids verbatim (see click/*.py, ``_("…")``).
CATALOGUE: dict[str, str] = {
    # Help screens
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "(dynamic)": "(tùy lúc chạy)",
    "deprecated": "không còn dùng",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    "Press any key to continue...": "Nhấn phím bất kỳ để tiếp tục…",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Aborted!": "Đã hủy.",
    # Names click gives path types (also used as metavars: TỆP, THƯ_MỤC, ĐƯỜNG_DẪN)
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    # Errors (the CLI prints them as one line: "Lỗi: … Xem hướng dẫn: docgen LỆNH --help")
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: {command} {option}",
    "Invalid value for {param_hint}: {message}": "{param_hint}: {message}",
    "Invalid value: {message}": "giá trị không hợp lệ: {message}",
    "Missing argument": "thiếu",
    "Missing option": "thiếu tùy chọn",
    "Missing parameter": "thiếu tham số",
    "Missing {param_type}": "thiếu {param_type}",
    "Missing parameter: {param_name}": "thiếu tham số: {param_name}",
    "Missing command.": "thiếu lệnh.",
    "No such option {name!r}.": "không có tùy chọn {name!r}.",
    "No such command {name!r}.": "không có lệnh {name!r}.",
    "Option {name!r} does not take a value.": "tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "tham số {name!r} cần {nargs} giá trị.",
    "Invalid start character for option ({option})": "tùy chọn bắt đầu bằng ký tự không hợp lệ ({option})",
    "Value must be an iterable.": "giá trị phải là một danh sách.",
    "unknown error": "lỗi không rõ",
    "Could not open file {filename!r}: {message}": "không mở được tệp {filename!r}: {message}",
    "{name} {filename!r} does not exist.": "không tìm thấy {filename!r}.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, cần một tệp.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, cần một thư mục.",
    "{name} {filename!r} is not readable.": "không có quyền đọc {filename!r}.",
    "{name} {filename!r} is not writable.": "không có quyền ghi {filename!r}.",
    "{name} {filename!r} is not executable.": "không có quyền chạy {filename!r}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng cho phép ({range}).",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} không phải là có/không; dùng một trong: {states}",
    "{value!r} is not a valid UUID.": "{value!r} không phải là UUID hợp lệ.",
    "Choice({choices})": "Chọn({choices})",
    "Unknown color {colour!r}": "màu không có: {colour!r}",
    "Unknown standard stream '{name}'": "luồng chuẩn không có: '{name}'",
    "{editor}: Editing failed": "{editor}: sửa không được",
    "{editor}: Editing failed: {e}": "{editor}: sửa không được: {e}",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Không nhận ra phiên bản Bash; không hỗ trợ tự hoàn thành lệnh.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Tự hoàn thành lệnh cần Bash 4.4 trở lên.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Cảnh báo: lệnh {name!r} không còn dùng.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Cảnh báo: {param_type} {name!r} không còn dùng.{extra_message}",
    # Mistakes in declaring a command (raised while docgen itself is written, never by a clerk)
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Tham số chỉ nhận đúng một khai báo, có {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "Tùy chọn bật/tắt {decl!r} không thể dùng cùng một cờ cho cả hai.",
    "Could not determine name for option with declarations {decls!r}":
        "Không xác định được tên tùy chọn từ khai báo {decls!r}",
    "Name '{name}' defined twice": "Tên '{name}' được khai báo hai lần",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?":
        "Không khai báo tùy chọn nào nhưng có tên ({name}). Có phải cần khai báo một tham số, "
        "hay ý là '--{name}'?",
}

# (singular msgid, plural msgid) → (singular, plural) translations.
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("thừa tham số: {args}.", "thừa tham số: {args}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Có phải ý là {possibility}?", "(Có phải ý là một trong: {possibilities}?)"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} không hợp lệ; chỉ nhận: {choice}.", "{value!r} không hợp lệ; chọn một trong: {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} không đúng dạng {format}.", "{value!r} không đúng dạng nào trong: {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("cần {len_type} giá trị, nhưng có {len_value}.", "cần {len_type} giá trị, nhưng có {len_value}."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("tùy chọn {name!r} cần một giá trị.", "tùy chọn {name!r} cần {nargs} giá trị."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("cần {nargs} giá trị, nhưng có 1.", "cần {nargs} giá trị, nhưng có {len}."),
}

# click's modules that bind ``_``/``ngettext`` from gettext.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils",
                  "shell_completion", "_termui_impl")


def gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = PLURALS.get((singular, plural))
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def install() -> None:
    """Make click speak Vietnamese: rebind its gettext hooks (idempotent). ``import click``
    loads every module with messages a docgen command can show; ``shell_completion`` and
    ``_termui_impl`` (editor and Bash-completion failures only) are bound if already loaded."""
    import click  # noqa: F401  (loads core, decorators, exceptions, formatting, parser, termui, types, utils)

    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is not None:
            _bind(module)


def _bind(module: object) -> None:
    if hasattr(module, "_"):
        module._ = gettext
    if hasattr(module, "ngettext"):
        module.ngettext = ngettext
