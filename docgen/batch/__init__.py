"""Regenerate: many records → many documents, re-rendering only what is out of date.

Input is a folder of record files (YAML/JSON), one record file, or a spreadsheet (CSV/XLSX) of
invitees or of records completing a base record. A corrections file (:mod:`docgen.corrections`)
is applied to every record's loaded data before validation; records are then normalized exactly
as ``docgen render`` does.

The package, one concern a module:

* :mod:`.sources` — the records of a folder, a record file or a spreadsheet;
* :mod:`.manifest` — what the output folder remembers, and the keys that say what is up to date;
* :mod:`.run` — deciding what to render, the worker processes, recording results;
* :mod:`.summary` — what the clerk reads: the running log, the report, changed paragraphs.
"""
from __future__ import annotations

from .manifest import CACHE, MANIFEST, STAT, remove_leftover_temps
from .run import BatchResult, Options, OutputResult, SourceResult, process_source, run_batch, template_hashes
from .sources import RECORD_SUFFIXES, Source, collect_sources
from .summary import STATUS_LABELS, paragraph_texts, progress_line, summary, text_diff

__all__ = ["CACHE", "MANIFEST", "RECORD_SUFFIXES", "STAT", "STATUS_LABELS", "BatchResult", "Options",
           "OutputResult", "Source", "SourceResult", "collect_sources", "paragraph_texts", "process_source",
           "progress_line", "remove_leftover_temps", "run_batch", "summary", "template_hashes", "text_diff"]
