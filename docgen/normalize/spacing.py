"""Spaces around words and punctuation, conservatively.

Proposes, each as its own edit:

* ``spacing.trim``: spaces at the start and end of the text and at the end of a line;
* ``spacing.collapse``: a run of two or three spaces inside a line becomes one (longer
  runs align columns or leave a blank to fill in; indentation at the start of a line is
  left alone);
* ``spacing.before_punct``: no space before ``, . ; : ! ? )`` when the mark closes
  something (it is followed by a space, the end, or more punctuation), nor after ``(``;
* ``spacing.after_punct``: one space after ``, ; :`` directly followed by a letter, and
  after ``Số:`` directly followed by its number (``Số:05/QĐ-BQL``).

Left alone: numbers (``1.234,5``, ``1 , 5``), times (``08:00``, ``08 : 00``), web and
e-mail addresses, markup quoted in the text (``</w:t>``), ``./.``, ellipses and dotted blanks (``ngày ... tháng``),
abbreviations (``TM.``, ``KT.``, ``V/v``: no space is ever added after ``.`` or ``/``),
document numbers (``05/QĐ-BQL``). Only the ASCII space is touched; tabs and no-break
spaces are someone's deliberate layout.
"""
from __future__ import annotations

import re

from docgen.normalize.base import Edit

# Only the runs of spaces the rules below can change (a single space between words is left
# alone without looking at it): runs of two or more, a run before closing punctuation or a line
# end, after "(", a tab or a line start, and at the ends of the text.
# Every form starts at a space: the leading lookahead only rejects other positions early.
_SPACES = re.compile(r"(?= )(?: {2,}| +(?=[,.;:!?)\r\n\t])|(?<=[(\t\r\n]) +|^ +| +$)")
# Longer runs inside a line align columns ("THƯ KÝ          CHỦ TRÌ") or leave a blank
# to fill in by hand ("Số:      /QĐ-BQL"): layout, not a typing slip.
MAX_TYPO_RUN = 3
_CLOSING = ",.;:!?)"
# ", ; :" before a letter, and the colon of "Số:05/QĐ-BQL" before its number.
# (The lookbehind comes after the "S" so that it is tried only there: "Số" not inside a word.)
_MISSING_AFTER = re.compile(r"[,;:](?=[^\W\d_])|S(?<![^\W_]S)ố *:(?=\d)")
_LAST_WORD = re.compile(r"[^\W_]+$")
_ADDRESS = re.compile(r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                      r"|[\w-]+(?:\.[\w-]+)+/\S*"
                      r"|</?[A-Za-z][\w.-]*(?::[\w.-]+)?[^<>\n]{0,200}>", re.I)  # markup quoted in a text: "</w:t>"


class SpacingNormalizer:
    """Collapse, trim and fix spaces around punctuation (see the module doc)."""

    name = "spacing"

    def propose(self, text: str) -> list[Edit]:
        edits = self._space_runs(text) + self._missing_after(text)
        if edits and _may_hold_address(text):  # the address scan is the slow part: only when needed
            protected = [m.span() for m in _ADDRESS.finditer(text)]
            edits = [e for e in edits if not any(_inside(e, span) for span in protected)]
        return sorted(edits)

    def _space_runs(self, text: str) -> list[Edit]:
        edits = []
        n = len(text)
        for m in _SPACES.finditer(text):
            s, e = m.span()
            prev = text[s - 1] if s else ""
            nxt = text[e] if e < n else ""
            if s == 0 or e == n or nxt in "\r\n":
                rule, new = "spacing.trim", ""
            elif prev in "\r\n\t" or nxt == "\t":
                continue  # indentation and tab layout
            elif (nxt in _CLOSING and _closes(text, s, e)) or prev == "(":
                rule, new = "spacing.before_punct", ""
            elif 1 < e - s <= MAX_TYPO_RUN:
                rule, new = "spacing.collapse", " "
            else:
                continue
            edits.append(Edit(s, e, m.group(), new, rule, 1.0))
        return edits

    def _missing_after(self, text: str) -> list[Edit]:
        return [Edit(m.end(), m.end(), "", " ", "spacing.after_punct", 1.0)
                for m in _MISSING_AFTER.finditer(text)]


def _may_hold_address(text: str) -> bool:
    """False when _ADDRESS cannot match: each of its forms needs "/", "@", "<" or "www."."""
    return "/" in text or "@" in text or "<" in text or "www." in text.lower()


def _inside(edit: Edit, span: tuple[int, int]) -> bool:
    """Whether an edit touches the inside of a protected span (an address)."""
    s, t = span
    if edit.start == edit.end:
        return s < edit.start < t
    return edit.start < t and edit.end > s


def _last_word(text: str, end: int) -> str:
    m = _LAST_WORD.search(text, 0, end)
    return m.group() if m else ""


def _closes(text: str, s: int, e: int) -> bool:
    """Whether the mark at ``e`` (after the spaces s..e) ends a word rather than starting
    a number, an ellipsis, a ``./.`` after a blank, or a time ``08 : 00``."""
    mark = text[e]
    after = text[e + 1] if e + 1 < len(text) else ""
    before = text[s - 1]
    if mark in ",;:" and after.isalpha():
        return True  # "a ,b": spacing.after_punct adds the space after the mark
    if mark == ":" and after.isdigit() and _last_word(text, s) == "Số":
        return True  # "Số :05/QĐ-BQL" → "Số: 05/QĐ-BQL"
    if after.isalnum() or (mark == "." and after != "" and after in ".…"):
        return False
    if mark in ",.:" and before.isdigit() and text[e + 1:].lstrip(" ")[:1].isdigit():
        return False  # "1 , 5", "08 : 00": a number or a time, spaced by someone
    # "ngày ... ," a dotted blank; "( ,": nothing to attach to
    return not (before in ".…" or before in "([")
