"""Decree 30/2020/NĐ-CP checks over any DOCX, and safe repairs.

>>> findings = lint_docx("giay-moi.docx")            # doctest: +SKIP
>>> result = fix_docx("giay-moi.docx"); result.data  # doctest: +SKIP
"""
from .check import RULE_IDS, lint_docx
from .fix import FixResult, fix_docx, fix_file
from .rules import RULES, Finding, Rule

__all__ = ["RULES", "RULE_IDS", "Finding", "FixResult", "Rule", "fix_docx", "fix_file", "lint_docx"]
