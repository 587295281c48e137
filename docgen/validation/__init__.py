"""Validation of meeting records: every problem of a file at once, in Vietnamese, each with its
field path and line.

The readers (:mod:`docgen.io.loaders`, :mod:`docgen.io.spreadsheet`) turn bytes into plain data
and a :class:`LineMap`; this package checks that data — bounds and text safety
(:mod:`.limits`), dates (:mod:`.dates`), the model and its messages (:mod:`.messages`) — and
builds the :class:`~docgen.model.Record`. The checks of ``docgen validate`` that depend on the
documents produced live in :mod:`docgen.validate`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import exports
from .limits import (MAX_LIST_ITEMS, MAX_NUMBER_DIGITS, MAX_TEXT_CHARS, MAX_TOTAL_CHARS, LongNumber,
                     check_values, read_int)
from .problems import LineMap, Loc, Problem, RecordError, fail, format_path

if TYPE_CHECKING:
    from .dates import coerce_dates
    from .messages import problems_from_validation
    from .record import validate_data

# What needs the model (pydantic) is imported on first use, so that a reader of files that
# does not validate (a batch whose sources are all up to date) never loads pydantic.
_LAZY = {"coerce_dates": ".dates", "problems_from_validation": ".messages", "validate_data": ".record"}

__getattr__ = exports(__name__, _LAZY)


__all__ = ["MAX_LIST_ITEMS", "MAX_NUMBER_DIGITS", "MAX_TEXT_CHARS", "MAX_TOTAL_CHARS", "LineMap", "Loc",
           "LongNumber", "Problem", "RecordError", "check_values", "coerce_dates", "fail", "format_path",
           "problems_from_validation", "read_int", "validate_data"]
