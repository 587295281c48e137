"""Operating-system errors in Vietnamese, in one place.

Every reader and writer of docgen turns an :class:`OSError` into one Vietnamese message through
:func:`os_reason` (the reason and what to do, without the path) or :func:`os_error` (a
:class:`FileAccessError` naming the file or folder). A clerk never reads ``OSError: [Errno 30]``
and such an error never exits as an unexpected bug (exit 70 is kept for real bugs).

    >>> import errno
    >>> os_reason(OSError(errno.EROFS, "Read-only file system"), writing=True)
    'thư mục chỉ cho phép đọc (ổ đĩa hoặc thư mục bị khoá ghi); hãy chọn thư mục khác để lưu.'
"""
from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import DocgenError


class FileAccessError(DocgenError):
    """A file or folder could not be read or written (permissions, disk full, read-only…)."""

    def __init__(self, message: str, *, file: str | None = None, errno_: int | None = None):
        self.errno = errno_
        super().__init__(message, file=file)


def _reasons(writing: bool) -> dict[int, str]:
    verb = "ghi" if writing else "đọc"
    return {
        errno.ENOENT: ("thư mục chứa tệp không tồn tại; hãy tạo thư mục trước hoặc chọn thư mục khác."
                       if writing else "không tìm thấy tệp; hãy kiểm tra tên và thư mục."),
        errno.EACCES: f"không có quyền {verb} tệp" + ("; hãy chọn thư mục khác hoặc nhờ quản trị cấp quyền."
                                                      if writing else "."),
        errno.EPERM: f"hệ điều hành không cho phép {verb} (tệp hoặc thư mục bị khoá); hãy chọn thư mục "
                     "khác hoặc nhờ quản trị mở khoá.",
        errno.EROFS: "thư mục chỉ cho phép đọc (ổ đĩa hoặc thư mục bị khoá ghi); hãy chọn thư mục khác "
                     "để lưu.",
        errno.ENOSPC: "ổ đĩa đã đầy; hãy giải phóng dung lượng hoặc lưu sang ổ khác.",
        errno.EDQUOT: "đã hết hạn mức dung lượng của tài khoản trên ổ đĩa; hãy xoá bớt tệp hoặc lưu "
                      "sang ổ khác.",
        errno.EFBIG: "tệp vượt quá kích thước ổ đĩa cho phép; hãy lưu sang ổ khác.",
        errno.ENOTDIR: "một phần của đường dẫn là tệp chứ không phải thư mục; hãy kiểm tra lại đường dẫn.",
        errno.EISDIR: ("đường dẫn là một thư mục; cần tên một tệp." if writing
                       else "đây là một thư mục; cần một tệp."),
        errno.EEXIST: "đã có một tệp hoặc thư mục trùng tên; hãy chọn tên khác.",
        errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài; hãy chọn tên ngắn hơn.",
        errno.ELOOP: "đường dẫn có liên kết tượng trưng vòng quanh; hãy kiểm tra lại đường dẫn.",
        errno.EMFILE: "mở quá nhiều tệp cùng lúc; hãy chạy lại với ít việc song song hơn.",
        errno.ENFILE: "hệ thống mở quá nhiều tệp cùng lúc; hãy chạy lại sau.",
        errno.EIO: f"lỗi vào/ra của ổ đĩa khi {verb}; hãy kiểm tra ổ đĩa (hoặc USB) rồi thử lại.",
        errno.EBUSY: "tệp hoặc thư mục đang được chương trình khác dùng; hãy đóng chương trình đó rồi "
                     "thử lại.",
        errno.ETXTBSY: "tệp đang được chương trình khác dùng; hãy đóng chương trình đó rồi thử lại.",
        errno.EXDEV: "không chuyển được tệp sang ổ đĩa khác; hãy lưu vào cùng ổ đĩa.",
    }


def os_reason(exc: OSError, *, writing: bool = False) -> str:
    """The Vietnamese reason of ``exc`` and what to do (no path; the caller names the file)."""
    code = exc.errno
    if code is not None and (reason := _reasons(writing).get(code)):
        return reason
    if isinstance(exc, FileNotFoundError):
        return _reasons(writing)[errno.ENOENT]
    if isinstance(exc, PermissionError):
        return _reasons(writing)[errno.EACCES]
    name = errno.errorcode.get(code, str(code)) if code is not None else type(exc).__name__
    verb = "ghi" if writing else "đọc"
    return f"hệ điều hành không cho {verb} tệp (mã lỗi {name}); hãy thử lại hoặc chọn thư mục khác."


def _where(exc: OSError, path: str | os.PathLike | None) -> str | None:
    if path is not None:
        return str(path)
    return str(exc.filename) if exc.filename is not None else None


def os_error(exc: OSError, path: str | os.PathLike | None = None, *,
             writing: bool = False) -> FileAccessError:
    """A :class:`FileAccessError` for ``exc``: ``path`` (or the file the OS named) and the reason."""
    return FileAccessError(os_reason(exc, writing=writing), file=_where(exc, path), errno_=exc.errno)


@contextmanager
def translated(path: str | os.PathLike | None = None, *, writing: bool = False) -> Iterator[None]:
    """Run a block that reads or writes ``path``; an OSError leaves it as a FileAccessError."""
    try:
        yield
    except FileAccessError:
        raise
    except OSError as exc:
        raise os_error(exc, path, writing=writing) from exc
