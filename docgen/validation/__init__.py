"""Validation of meeting records: every problem of a file at once, in Vietnamese, each with its
field path and line.

The readers (:mod:`docgen.io.loaders`, :mod:`docgen.io.spreadsheet`) turn bytes into plain data
and a :class:`LineMap`; this package checks that data — bounds and text safety
(:mod:`.limits`), dates (:mod:`.dates`), the model and its messages (:mod:`.messages`) — and
builds the :class:`~docgen.model.Record`. The checks of ``docgen validate`` that depend on the
documents produced live in :mod:`docgen.validate`.
"""
from __future__ import annotations

from .dates import coerce_dates
from .limits import (MAX_LIST_ITEMS, MAX_NUMBER_DIGITS, MAX_TEXT_CHARS, MAX_TOTAL_CHARS, LongNumber,
                     check_values, read_int)
from .messages import problems_from_validation
from .problems import LineMap, Loc, Problem, RecordError, fail, format_path
from .record import validate_data

__all__ = ["MAX_LIST_ITEMS", "MAX_NUMBER_DIGITS", "MAX_TEXT_CHARS", "MAX_TOTAL_CHARS", "LineMap", "Loc",
           "LongNumber", "Problem", "RecordError", "check_values", "coerce_dates", "fail", "format_path",
           "problems_from_validation", "read_int", "validate_data"]
