"""Errors a clerk reads. Every message is Vietnamese and says where and what was expected."""
from __future__ import annotations


class DocgenError(Exception):
    """Base of every error docgen reports to a user (the CLI prints it without a traceback)."""

    def __init__(self, message: str, *, file: str | None = None):
        self.file = file
        super().__init__(message)

    def __str__(self) -> str:  # pragma: no cover - trivial
        msg = super().__str__()
        return f"{self.file}: {msg}" if self.file else msg


class InputError(DocgenError):
    """A user's input file is missing, empty, unreadable or malformed."""


class UnsafeFileError(InputError):
    """A DOCX (or other package) exceeds safety limits or contains forbidden constructs."""


class TemplateError(DocgenError):
    """A template references a field that is missing, or is itself malformed."""
