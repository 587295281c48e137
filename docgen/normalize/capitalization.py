"""Capitalization of names as Decree 30/2020/NĐ-CP, Appendix II writes them.

Person names (fields known to hold one): every syllable capitalised, see
:func:`name_case` and :meth:`CapitalizationNormalizer.propose_name`.

Agencies, places, titles and terms: the lexicon's canonical spelling
(``Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng``, ``tỉnh Lâm Đồng``,
``Phó Trưởng ban``). A phrase of the lexicon found in the text with other letter case
is a candidate; whether to propose the canonical case is a judgement, so:

* UPPER-CASE text (headers, signature blocks) is never touched;
* lexicon entries without a capital letter (``khu công nghiệp``) carry no case
  information and are never used: ``Khu công nghiệp Lộc Sơn`` is a name;
* an all-lower-case phrase (``bộ kế hoạch và đầu tư``) is raised only when the entry is
  unmistakably a proper name (three words or more, two of them capitalised) and no
  title (``các phó trưởng ban`` stays generic); confidence 0.8;
* a phrase with mixed case is a candidate when it shows it is meant as a name: a
  capital other than the first letter of a sentence (``Hòa bình`` opening a sentence
  stays, it may mean peace). Confidence 0.9 when every word was capitalised
  (``Ban Quản Lý Các Khu Công Nghiệp``) or only place-unit words differ
  (``Tỉnh Lâm Đồng`` inside a sentence → ``tỉnh Lâm Đồng``); otherwise 0.6, a
  suggestion (``các Khu công nghiệp`` and ``các khu công nghiệp`` are both in use).
  Titles (``Phó trưởng ban`` → ``Phó Trưởng ban``) need no such sign; confidence 0.7;
* at the start of a sentence the first letter keeps its capital;
* a phrase that overlaps a longer one running past it is left alone
  (``Trưởng Ban Quản lý …`` is a title followed by an agency, not ``Trưởng ban``).

Text is compared in NFC with single spaces: run the Unicode, tone-style and spacing
normalizers first (``Khánh Hoà`` does not match ``Khánh Hòa``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from docgen.normalize.base import Edit
from docgen.vi.case import title_case
from docgen.vi.lexicon import DATA_DIR, Lexicon, load_lexicon, phrase_key, read_terms

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_OPENERS = ".!?:;\n\r-–—•…"
_OPENING_MARKS = " \t\"'“‘([«"

CONF_NAME_MIXED = 0.9
CONF_NAME_LOWER = 0.8
CONF_TITLE = 0.7
CONF_SUGGEST = 0.6
# Appendix II's own spellings (and the usage nd30.md records); they win over the
# lexicon, an office's extra terms win over them.
DECREE_SPELLINGS = ("Thủ đô Hà Nội", "Thành phố Hồ Chí Minh", "Khu kinh tế Vân Phong",
                    "Duyên hải miền Trung", "Tây Nguyên", "Tây Bắc", "Bắc Bộ", "Nhà nước",
                    "Nhân dân")
# Administrative-unit words, lower case before a place name (Appendix II).
PLACE_UNIT_WORDS = {"tỉnh", "thành", "phố", "huyện", "quận", "thị", "xã", "trấn", "phường"}


def name_case(text: str) -> str:
    """A person's name as the decree writes it: single spaces, every syllable capitalised.

    >>> name_case("  trần  văn BIÊN ")
    'Trần Văn Biên'
    """
    return title_case(" ".join(text.split()))


def _capitals(phrase: str) -> int:
    return sum(1 for w in _WORD.findall(phrase) if w[0].isupper())


def _at_sentence_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in _OPENING_MARKS:
        j -= 1
    return j < 0 or text[j] in _SENTENCE_OPENERS


def _mixed_confidence(old: str, canonical: str) -> float:
    """How sure a mixed-case phrase should take the canonical case: sure when every word
    was capitalised (``Ban Quản Lý Các Khu Công Nghiệp``) or only place-unit words differ
    (``Tỉnh Lâm Đồng``); otherwise two spellings in use meet (``các Khu công nghiệp``
    against ``các khu công nghiệp``) and the change is only suggested."""
    old_words, new_words = _WORD.findall(old), _WORD.findall(canonical)
    if len(old_words) > 1 and all(w[0].isupper() for w in old_words):
        return CONF_NAME_MIXED
    differing = {o.lower() for o, n in zip(old_words, new_words) if o != n}
    if differing <= PLACE_UNIT_WORDS:
        return CONF_NAME_MIXED
    return CONF_SUGGEST


class CapitalizationNormalizer:
    """Propose the canonical letter case of lexicon phrases (see the module doc)."""

    name = "capitalization"

    def __init__(self, lexicon: Lexicon | None = None, extra_terms: Iterable[str] = (),
                 titles: Iterable[str] | None = None):
        lexicon = (lexicon if lexicon is not None else load_lexicon()).extended(DECREE_SPELLINGS)
        if extra_terms:
            lexicon = lexicon.extended(extra_terms)
        if titles is None:
            path = DATA_DIR / "titles.txt"
            titles = read_terms(path) if path.exists() else ()
        self._titles = {phrase_key(t) for t in titles}
        # first word's key -> [(number of words, canonical)], longest first
        self._index: dict[str, list[tuple[int, str]]] = {}
        for term in lexicon.terms:
            words = _WORD.findall(term)
            if words and _capitals(term):
                self._index.setdefault(words[0].lower(), []).append((len(words), term))
        for entries in self._index.values():
            entries.sort(key=lambda e: -e[0])

    def propose(self, text: str) -> list[Edit]:
        if not unicodedata.is_normalized("NFC", text):
            return []  # lexicon phrases are NFC; UnicodeNormalizer runs first
        words = [m.span() for m in _WORD.finditer(text)]
        edits: list[Edit] = []
        i = 0
        while i < len(words):
            match = self._match(text, words, i)
            if match is None or self._straddled(text, words, i, match):
                i += 1
                continue
            n, canonical = match
            start, end = words[i][0], words[i + n - 1][1]
            edit = self._edit(text, start, end, canonical)
            if edit:
                edits.append(edit)
            i += n
        return edits

    def propose_name(self, text: str) -> list[Edit]:
        """Edits that give a person-name field the decree's case, one per syllable."""
        if not unicodedata.is_normalized("NFC", text):
            return []  # UnicodeNormalizer runs first
        edits = []
        for m in _WORD.finditer(text):
            new = title_case(m.group())
            if new != m.group():
                edits.append(Edit(m.start(), m.end(), m.group(), new, "capitalization.name", 1.0))
        return edits

    def _match(self, text: str, words: list[tuple[int, int]], i: int) -> tuple[int, str] | None:
        first = text[words[i][0]:words[i][1]].lower()
        for n, canonical in self._index.get(first, ()):
            if i + n <= len(words):
                span = text[words[i][0]:words[i + n - 1][1]]
                if phrase_key(span) == phrase_key(canonical):
                    return n, canonical
        return None

    def _straddled(self, text: str, words: list[tuple[int, int]], i: int,
                   match: tuple[int, str]) -> bool:
        """Whether another phrase starts inside the match, runs past it and wants the
        shared words in another case: in "Trưởng Ban Quản lý các khu công nghiệp" the
        title "Trưởng ban" is not meant. ("Ủy ban nhân dân tỉnh" + "tỉnh Lâm Đồng" agree.)"""
        n, canonical = match
        for k in range(i + 1, i + n):
            other = self._match(text, words, k)
            if other and k + other[0] > i + n:
                shared = i + n - k
                if _WORD.findall(canonical)[-shared:] != _WORD.findall(other[1])[:shared]:
                    return True
        return False

    def _edit(self, text: str, start: int, end: int, canonical: str) -> Edit | None:
        old = text[start:end]
        if old == canonical or old != " ".join(old.split()):
            return None  # already right, or spacing differs (the spacing rule's business)
        if not any(c.islower() for c in old):
            return None  # UPPER CASE is a header's style
        key = phrase_key(canonical)
        is_title = key in self._titles
        sentence_start = _at_sentence_start(text, start)
        if not any(c.isupper() for c in old):
            n_words = len(_WORD.findall(canonical))
            if is_title or n_words < 3 or _capitals(canonical) < 2:
                return None
            confidence = CONF_NAME_LOWER
        elif is_title:
            confidence = CONF_TITLE
        else:
            signs = [w for w in _WORD.finditer(old) if w.group()[0].isupper()]
            if not any(w.start() > 0 or not sentence_start for w in signs):
                return None  # the only capital opens the sentence: no sign of a name
            confidence = _mixed_confidence(old, canonical)
        new = canonical
        if sentence_start and old[0].isupper() and new[0].islower():
            new = new[0].upper() + new[1:]
        if new == old:
            return None
        return Edit(start, end, old, new, "capitalization.lexicon", confidence)
