"""Errors a clerk reads. Every message is Vietnamese and says where and what was expected.

:class:`DocgenError` is a :class:`click.ClickException`, so the command line has one error
path: click (or :func:`docgen.cli.main`) shows ``Lỗi: <message>`` and exits with
:attr:`DocgenError.exit_code`. The exit codes, documented in the README:

====  ===============================================================================
0     done
1     done, with findings (``lint`` errors, invalid records in ``validate``, failed records
      in ``batch``, warnings of ``render``)
2     a usage or input error the clerk can fix (mistyped command line, bad record, unreadable
      file, refused overwrite)
70    a bug in docgen (an unexpected exception; ``DOCGEN_DEBUG=1`` shows the traceback)
130   interrupted (Ctrl+C) or cancelled
====  ===============================================================================
"""
from __future__ import annotations

import click

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_BUG = 70  # EX_SOFTWARE of sysexits.h
EXIT_INTERRUPTED = 130


class DocgenError(click.ClickException):
    """Base of every error docgen reports to a user (the CLI prints it without a traceback)."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, file: str | None = None):
        self.file = file
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message

    def format_message(self) -> str:
        return str(self)


class InputError(DocgenError):
    """A user's input file is missing, empty, unreadable or malformed."""


class UnsafeFileError(InputError):
    """A DOCX (or other package) exceeds safety limits or contains forbidden constructs."""


class TemplateError(DocgenError):
    """A template references a field that is missing, or is itself malformed."""
