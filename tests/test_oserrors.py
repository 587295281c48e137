"""OS errors in Vietnamese, once (docgen.oserrors), for every reader and writer; never exit 70."""
from __future__ import annotations

import errno
import os
import tempfile

import pytest

from docgen.cli import main
from docgen.io.atomic import atomic_write
from docgen.io.loaders import RecordError, load_data
from docgen.oserrors import FileAccessError, os_error, os_reason

from test_loaders import FIXTURE


def run_main(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out + err


@pytest.mark.parametrize("code, writing, text", [
    (errno.EROFS, True, "thư mục chỉ cho phép đọc (ổ đĩa hoặc thư mục bị khoá ghi); hãy chọn thư mục khác để lưu."),
    (errno.ENOSPC, True, "ổ đĩa đã đầy; hãy giải phóng dung lượng hoặc lưu sang ổ khác."),
    (errno.EACCES, False, "không có quyền đọc tệp."),
    (errno.EACCES, True, "không có quyền ghi tệp; hãy chọn thư mục khác hoặc nhờ quản trị cấp quyền."),
    (errno.ENOTDIR, True, "một phần của đường dẫn là tệp chứ không phải thư mục; hãy kiểm tra lại đường dẫn."),
    (errno.EISDIR, False, "đây là một thư mục; cần một tệp."),
    (errno.ENOENT, False, "không tìm thấy tệp; hãy kiểm tra tên và thư mục."),
    (errno.EPERM, True, "hệ điều hành không cho phép ghi (tệp hoặc thư mục bị khoá); hãy chọn thư mục khác "
                        "hoặc nhờ quản trị mở khoá."),
])
def test_reasons(code, writing, text):
    assert os_reason(OSError(code, os.strerror(code)), writing=writing) == text


def test_unknown_errno_is_still_vietnamese():
    msg = os_reason(OSError(errno.ENOLINK, "Link has been severed"), writing=True)
    assert msg == "hệ điều hành không cho ghi tệp (mã lỗi ENOLINK); hãy thử lại hoặc chọn thư mục khác."


def test_error_names_the_file():
    err = os_error(OSError(errno.ENOSPC, "No space left on device", "/x/y.docx"), writing=True)
    assert isinstance(err, FileAccessError) and err.exit_code == 2
    assert str(err) == "/x/y.docx: ổ đĩa đã đầy; hãy giải phóng dung lượng hoặc lưu sang ổ khác."


def test_render_into_read_only_folder(tmp_path, capsys, monkeypatch):
    # EROFS cannot be produced without mounting; the OS answer is simulated where it happens.
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "ro"
    code, text = run_main(capsys, "render", str(FIXTURE), "-o", str(out))
    assert code == 2
    assert f"{out}: thư mục chỉ cho phép đọc (ổ đĩa hoặc thư mục bị khoá ghi); hãy chọn thư mục khác để lưu." \
        in text
    assert "Errno" not in text and "OSError" not in text and "Lỗi không mong đợi" not in text


def test_disk_full_while_writing(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "a.docx"
    with pytest.raises(FileAccessError) as info:
        atomic_write(target, b"x")
    assert str(info.value) == f"{target}: ổ đĩa đã đầy; hãy giải phóng dung lượng hoặc lưu sang ổ khác."
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_output_under_a_file_is_not_a_directory(tmp_path, capsys):
    blocker = tmp_path / "tep.txt"
    blocker.write_text("x")
    code, text = run_main(capsys, "render", str(FIXTURE), "-o", str(blocker / "out"))
    assert code == 2 and "Lỗi không mong đợi" not in text
    assert "một phần của đường dẫn là tệp chứ không phải thư mục" in text or \
        "đã có một tệp hoặc thư mục trùng tên" in text


def test_record_that_is_a_directory(tmp_path):
    with pytest.raises(RecordError) as info:
        load_data(tmp_path)
    assert str(info.value) == f"{tmp_path}: đây là một thư mục; cần một tệp hồ sơ .yaml hoặc .json."


def test_unreadable_record(tmp_path, monkeypatch):
    import pathlib

    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n")

    def denied(self, *a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(pathlib.Path, "open", denied)
    with pytest.raises(RecordError) as info:
        load_data(path)
    assert str(info.value) == f"{path}: không có quyền đọc tệp."


def test_an_oserror_from_anywhere_does_not_exit_70(capsys, monkeypatch):
    import docgen.cli as cli_mod

    def boom(*a, **k):
        raise OSError(errno.EIO, "Input/output error", "/media/usb/x.docx")

    monkeypatch.setattr(cli_mod.cli, "main", boom)
    code, text = run_main(capsys, "render", "x")
    assert code == 2
    assert "/media/usb/x.docx: lỗi vào/ra của ổ đĩa khi đọc; hãy kiểm tra ổ đĩa (hoặc USB) rồi thử lại." in text
