"""Pre-Unicode Vietnamese text: TCVN3 (ABC), VNI Windows and VIQR to Unicode and back.

Legacy text is what Word or a Windows-1252 decoder shows for the old bytes: TCVN3
"Khèi thi ®ua", VNI "Khoái thi ñua", VIQR "Kho^'i thi ddua" are all "Khối thi đua".

Detection converts the words that contain legacy characters and checks that the result is
made of valid Vietnamese syllables (onset + rhyme + tone, with the tone on the right vowel)
while the words as they stand are not; a word that is already valid Unicode Vietnamese
("tháng", "có") is no evidence either way, and a word with a letter only Unicode has
("ư", "ộ", a combining mark) marks its stretch of text as Unicode, which is never touched.

    >>> to_unicode("Khèi thi ®ua", "tcvn3")
    'Khối thi đua'
    >>> from_unicode("Khối thi đua", "vni")
    'Khoái thi ñua'
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..errors import DocgenError, InputError
from ..vi import TONE_MARKS, add_tone, split_tone
from ..vi.syllable import NAME_DOT_SYLLABLES, is_syllable, splits_into_syllables
from . import legacy_tables as T
from .base import Edit, apply_edits
from .lm import BOS, TrigramLM
from .ocr_model import DATA_DIR as OCR_DATA_DIR
from .ocr_model import load_model

ENCODINGS = ("tcvn3", "vni", "viqr")
NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI Windows", "viqr": "VIQR", "unicode": "Unicode"}
DEFAULT_MIN_CONFIDENCE = 0.8


def _check_encoding(encoding: str) -> None:
    if encoding not in ENCODINGS:
        raise InputError(
            f"Bảng mã “{encoding}” không được hỗ trợ; chọn một trong: {', '.join(ENCODINGS)}."
        )


# --- code tables -------------------------------------------------------------------------

def _letters() -> list[tuple[str, int, str]]:
    """(vowel, tone index 0..5, Unicode lower-case letter) for every vowel and tone."""
    return [(v, t, add_tone(v, TONE_MARKS[t - 1] if t else "")) for v in T.VOWELS for t in range(6)]


def _build_tables():
    tcvn3_dec: dict[str, str] = {}
    tcvn3_enc: dict[str, str] = {}
    vni_dec: dict[str, str] = {}
    vni_enc: dict[str, str] = {}
    for v, t, uni in _letters():
        code = T.TCVN3_VOWELS[v][t]
        tcvn3_enc[uni] = code
        if not code.isascii():
            tcvn3_dec[code] = uni
        seq = T.VNI_VOWELS[v][t]
        vni_enc[uni], vni_enc[uni.upper()] = seq, seq.upper()
        if not seq.isascii():
            vni_dec[seq], vni_dec[seq.upper()] = uni, uni.upper()
            if len(seq) == 2:  # a capital typed with the lower-case mark, and the reverse
                vni_dec.setdefault(seq[0].upper() + seq[1], uni.upper())
                vni_dec.setdefault(seq[0] + seq[1].upper(), uni)
    for uni, code in T.TCVN3_OTHER.items():
        tcvn3_enc[uni], tcvn3_dec[code] = code, uni
    for uni, code in T.TCVN3_CAPITALS.items():
        tcvn3_enc[uni], tcvn3_dec[code] = code, uni
    for uni, seq in T.VNI_OTHER.items():
        vni_enc[uni], vni_enc[uni.upper()] = seq, seq.upper()
        vni_dec[seq], vni_dec[seq.upper()] = uni, uni.upper()
    return tcvn3_dec, tcvn3_enc, vni_dec, vni_enc


_TCVN3_DEC, _TCVN3_ENC, _VNI_DEC, _VNI_ENC = _build_tables()
_TCVN3_TRANS = {ord(k): v for k, v in _TCVN3_DEC.items()}
_TCVN3_CODE_CHARS = frozenset(_TCVN3_DEC)
_VNI_CODE_CHARS = frozenset(c for seq in _VNI_DEC for c in seq if not c.isascii())
VNI_PAIRS = frozenset(k for k in _VNI_DEC if len(k) == 2)
"""Two-character VNI letters (base letter + mark code): Word may split one across two runs."""
# Every Vietnamese letter in lower case (for the H fonts, which draw everything in capitals).
_VIET_LOWER = frozenset(u for _v, _t, u in _letters()) | {"đ"}
_VIET_ALL = _VIET_LOWER | {c.upper() for c in _VIET_LOWER}
_SHAPE_OF = {seq: letter for letter, seq in T.VIQR_SHAPES.items()}  # "a^" -> "â"
_VIQR_MODIFIERS = "^(+" + "".join(T.VIQR_TONES)


def _upper(text: str) -> str:
    """Capitals for an all-caps font: ASCII and Vietnamese letters only (never "µ" → "Μ")."""
    return "".join(c.upper() if c in _VIET_LOWER or "a" <= c <= "z" else c for c in text)


# TCVN3 letters outside \w ("§" Đ, "®" đ, "¨" ă, "©" â …): letters of a legacy word, never the
# punctuation around it ("§éc" is not the word "éc").
_LEGACY_SYMBOLS = "".join(sorted(c for c in _TCVN3_DEC if not re.match(r"\w", c)))
_EDGE_PUNCT = re.compile(f"^[^\\w{re.escape(_LEGACY_SYMBOLS)}]+|[^\\w{re.escape(_LEGACY_SYMBOLS)}]+$")


@functools.lru_cache(maxsize=65536)
def _is_word(token: str) -> bool:
    """A token is Vietnamese when, stripped of punctuation, every hyphen part is a syllable."""
    core = _EDGE_PUNCT.sub("", token)
    return bool(core) and all(is_syllable(p) for p in core.split("-"))


# --- decoding ----------------------------------------------------------------------------

def _decode_vni(text: str) -> str:
    out, i, n = [], 0, len(text)
    while i < n:
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in _VNI_DEC:
            out.append(_VNI_DEC[pair])
            i += 2
        else:
            out.append(_VNI_DEC.get(text[i], text[i]))
            i += 1
    return "".join(out)


# A VIQR word: a letter, then letters, marks and backslash escapes.
_VIQR_TOKEN = re.compile(r"[A-Za-z](?:[A-Za-z^(+'`?.~]|\\\S)*")
_VIQR_DD = {"dd": "đ", "DD": "Đ", "Dd": "Đ"}


def _period_not_tone(plain: list[str], marked: list[str], prev: str = "") -> bool:
    """At the end of a sentence, is "qua." the word "qua" and a full stop rather than "quạ"?
    RFC 1456 asks writers to escape such a stop ("qua\\."), but few did. The language model
    decides from the word before: P(word | prev) P(. | prev word) for each reading ("đi thi." but
    "đô thị."); the plain word needs 1.5 times the toned one's. Without a built model the "."
    stays the tone."""
    word, toned = "".join(plain).lower(), "".join(marked).lower()
    lm = _language_model()
    if lm is None or not is_syllable(word):
        return False
    ctx = prev or BOS
    u = BOS if ctx is BOS else ""  # a sentence start, or an unknown word before ``prev``

    def score(w: str) -> float:
        return lm.logp(u, ctx, w) + lm.logp(ctx, w, ".")

    return score(word) >= score(toned) + math.log(1.5)


@functools.lru_cache(maxsize=1)
def _language_model() -> TrigramLM | None:
    """The OCR model's language model, loaded on the first ambiguous sentence-final "x."; None
    when the model is not built."""
    return load_model().lm if (OCR_DATA_DIR / "lm.tsv.gz").exists() else None


_SENTENCE_END = re.compile(r"[\"'”’)\]]*[ \t]*(?:(\r?\n|$)|(\S))")


def _decode_viqr_word(tok: str, sentence_end: bool = False, in_name: bool = False, prev: str = "") -> str:
    out: list[str] = []
    i, n = 0, len(tok)
    vowel, shaped, toned = None, False, False
    while i < n:
        c = tok[i]
        if (c == T.VIQR_ESCAPE and i + 1 < n) or tok[i:i + 2] in _VIQR_DD:
            out.append(_VIQR_DD.get(tok[i:i + 2], tok[i + 1]))  # "dd" anywhere: "NDD-CP" is NĐ-CP
            vowel = None
            i += 2
            continue
        if c.lower() in "aeiouy":
            out.append(c)
            vowel, shaped, toned = len(out) - 1, False, False
        elif vowel is not None and c in "^(+" and not shaped and not toned \
                and out[vowel].lower() + c in _SHAPE_OF:
            letter = _SHAPE_OF[out[vowel].lower() + c]
            out[vowel] = letter.upper() if out[vowel].isupper() else letter
            shaped = True
        elif vowel is not None and c in T.VIQR_TONES and not toned:
            marked = add_tone(out[vowel], TONE_MARKS[T.VIQR_TONES.index(c)])
            word_end = not re.search(r"[A-Za-z]", tok[i + 1:])
            candidate = [*out[:vowel], marked, *out[vowel + 1:]]
            full_stop = c == "." and i == n - 1 and sentence_end and sum(x.isalpha() for x in out) >= 2
            ellipsis = tok[i:] == "..."  # "tra..." is "tra…"; "trạ…" would be "tra...."
            # inside a name ("Nguye^~n Thi. Loan", "NGUYE^~N THI. THU?Y") a final "." on a name
            # syllable is its tone: a capitalised word between two others
            name_tone = c == "." and i == n - 1 and in_name and out[0].isupper() \
                and "".join(candidate).lower() in NAME_DOT_SYLLABLES
            if not name_tone and ((word_end and not _is_word("".join(candidate))
                                   and (full_stop or _is_word("".join(out))))
                                  or (full_stop and _period_not_tone(out, candidate, prev)) or ellipsis):
                out.append(c)  # "đâu?", "WTO.": punctuation, not a tone no syllable can take
                vowel = None
            else:
                out[vowel] = marked
                toned = True
        else:
            out.append(c)
            vowel = None
        i += 1
    return "".join(out)


_PREV_WORD = re.compile(r"([^\W\d_])\S*[ \t]+$")
# the VIQR word just before a position, in the same sentence (it does not end in a full stop)
_VIQR_PREV = re.compile(r"([A-Za-z](?:[A-Za-z^(+'`?~]|\\\S|\.(?=\S))*[A-Za-z^(+'`?~])[ \t]+$")
_NEXT_CAPITAL = re.compile(r"[ \t]+([^\W\d_])")


def _between_capitals(text: str, start: int, end: int) -> bool:
    """Is the word at text[start:end] between two capitalised words of the same line?"""
    prev = _PREV_WORD.search(text, max(0, start - 64), start)
    nxt = _NEXT_CAPITAL.match(text, end)
    return bool(prev and nxt and prev.group(1).isupper() and nxt.group(1).isupper())


def _decode_viqr(text: str) -> str:
    def word(m: re.Match) -> str:
        tok, end = m.group(), m.end()
        in_name = tok.endswith(".") and _between_capitals(text, m.start(), end)
        sentence_end = _sentence_end(text, end)
        prev = ""
        if sentence_end and tok.endswith("."):  # the word before, for _period_not_tone's context
            before = _VIQR_PREV.search(text, max(0, m.start() - 64), m.start())
            if before:
                prev = _decode_viqr_word(before.group(1)).lower()
        return _decode_viqr_word(tok, sentence_end, in_name, prev)

    return _VIQR_TOKEN.sub(word, text)


def _sentence_end(text: str, pos: int) -> bool:
    """Does a sentence end at ``pos``: closing quotes, then the end of the line or a capital?"""
    m = _SENTENCE_END.match(text, pos)
    return m is not None and (m.group(1) is not None or m.group(2).isupper())


def to_unicode(text: str, encoding: str, *, upper: bool = False) -> str:
    """Convert legacy text to Unicode (NFC letters); ``upper=True`` for runs in an all-caps
    ("H") font such as .VnTimeH, whose lower-case codes draw capitals."""
    _check_encoding(encoding)
    if encoding == "tcvn3":
        out = text.translate(_TCVN3_TRANS)
    elif encoding == "vni":
        out = _decode_vni(text)
    else:
        out = _decode_viqr(text)
    return _upper(out) if upper else out


# --- encoding ----------------------------------------------------------------------------

def _cp1252_ok(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _unrepresentable(text: str, index: int, encoding: str, why: str) -> DocgenError:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    ch = text[index]
    return DocgenError(
        f"Không chuyển được ký tự “{ch}” (U+{ord(ch):04X}) ở dòng {line}, cột {col} "
        f"sang bảng mã {NAMES[encoding]}: {why}"
    )


def _encode_8bit(text: str, encoding: str, upper: bool) -> str:
    table = _TCVN3_ENC if encoding == "tcvn3" else _VNI_ENC
    code_chars = _TCVN3_CODE_CHARS if encoding == "tcvn3" else _VNI_CODE_CHARS
    out = []
    for i, ch in enumerate(text):
        if upper and encoding == "tcvn3" and ch in _VIET_ALL and not ch.isascii():
            out.append(table[ch.lower()])
        elif ch in table:
            out.append(table[ch])
        elif ch.isascii():
            out.append(ch)
        elif ch in _VIET_ALL:
            raise _unrepresentable(text, i, encoding, (
                "chữ hoa có dấu chỉ viết được bằng phông chữ hoa (.VnTimeH, .VnArialH …); "
                "nếu cả văn bản là chữ in hoa, dùng tùy chọn --upper."))
        elif ch in code_chars or not _cp1252_ok(ch):
            raise _unrepresentable(text, i, encoding, "bảng mã này không có ký tự đó.")
        else:
            out.append(ch)
    return "".join(out)


def _encode_viqr(text: str) -> str:
    out: list[str] = []
    after_vowel = in_word = False
    for i, ch in enumerate(text):
        base, mark = split_tone(ch)
        low = base.lower()
        if low in T.VOWELS:
            seq = T.VIQR_SHAPES.get(low, low)
            seq = seq[0].upper() + seq[1:] if base.isupper() else seq
            out.append(seq + (T.VIQR_TONES[TONE_MARKS.index(mark)] if mark else ""))
            after_vowel = in_word = True
            continue
        if low == "đ":
            out.append("DD" if base == "Đ" else "dd")
        elif (ch in _VIQR_MODIFIERS and after_vowel) or (ch == T.VIQR_ESCAPE and in_word):
            out.append(T.VIQR_ESCAPE + ch)
        elif ch in "dD" and ch + text[i + 1:i + 2].replace("đ", "d").replace("Đ", "D") in _VIQR_DD:
            # a literal "dd" is not đ: escape the first d inside a word, the second at its start
            out.append(T.VIQR_ESCAPE + ch if in_word else ch + T.VIQR_ESCAPE)
        else:
            out.append(ch)
            in_word = ("a" <= low <= "z") or (in_word and ch in _VIQR_MODIFIERS)
            after_vowel = False
            continue
        after_vowel, in_word = False, True
    return "".join(out)


def from_unicode(text: str, encoding: str, *, upper: bool = False) -> str:
    """Convert Unicode text to a legacy encoding.

    Raises DocgenError naming the first character (and its line and column) that the
    encoding cannot hold: a TCVN3 capital with a tone mark (unless ``upper=True``, for text
    set in an all-caps "H" font), or a symbol outside the old code page.
    """
    _check_encoding(encoding)
    text = unicodedata.normalize("NFC", text)
    if encoding == "viqr":
        return _encode_viqr(text)
    return _encode_8bit(text, encoding, upper)


# --- fonts -------------------------------------------------------------------------------

def font_encoding(font_name: str) -> tuple[str, str, bool] | None:
    """(encoding, Unicode replacement font, all-caps font) for a legacy font, else None.

    TCVN3 fonts are ".Vn…" (any case: ".VNTIMEH"); the all-caps ones end in "H" (".VnTimeH",
    ".Vn3DH"). Without the dot ("VnTime", "VnArialH") only the known faces count: a name that
    merely starts with "Vn" is not evidence enough.

    >>> font_encoding(".VnTimeH"), font_encoding("VNI-Times"), font_encoding("Arial")
    (('tcvn3', 'Times New Roman', True), ('vni', 'Times New Roman', False), None)
    >>> font_encoding(".VNTIMEH"), font_encoding(".Vn3DH"), font_encoding("VnTime")
    (('tcvn3', 'Times New Roman', True), ('tcvn3', 'Times New Roman', True), ('tcvn3', 'Times New Roman', False))
    """
    name = (font_name or "").strip()
    low = name.lower()
    if low.startswith(("vni-", "vni ")) and len(name) > 4:
        return "vni", T.VNI_FONTS.get(low[4:].strip(), T.DEFAULT_FONT), False
    dotted = low.startswith(".vn")
    if not dotted and not low.startswith("vn"):
        return None
    rest = name[3:].strip() if dotted else name[2:].strip()
    caps = len(rest) > 1 and (rest.endswith("H") or (rest.endswith("h") and rest[:-1].lower() in T.TCVN3_FONTS))
    base = (rest[:-1] if caps else rest).strip().lower()
    if not rest or (not dotted and base not in T.TCVN3_FONTS):
        return None
    return "tcvn3", T.TCVN3_FONTS.get(base, T.DEFAULT_FONT), caps


# --- detection ---------------------------------------------------------------------------

_TCVN3_TOKEN = re.compile("(?:[^\\W\\d_]|[\u0300-\u036f" + re.escape("".join(sorted(_TCVN3_DEC))) + "])+")
_LETTER_TOKEN = re.compile("(?:[^\\W\\d_]|[\u0300-\u036f])+")
_TOKENS = {"tcvn3": _TCVN3_TOKEN, "vni": _LETTER_TOKEN, "viqr": _VIQR_TOKEN}
_CHUNK = re.compile(r"\S+")
_GROUP = re.Match.group
_ASCII_LETTER = re.compile("[A-Za-z]")
_VIQR_MARKED = re.compile(r"[\^(+'`?.~\\]|[dD][dD]")
_VIQR_STRONG = re.compile(r"[\^(+]|^[dD][dD]")


@functools.lru_cache(maxsize=65536)
def _is_unicode_chunk(chunk: str) -> bool:
    """A word with a letter or combining mark beyond Latin-1 ("ư", "ộ", "đ", "e\u0302") is
    Unicode text (legacy text is always within the Windows-1252 range)."""
    return max(chunk) > "\xff" and any(ord(c) > 0xFF and unicodedata.category(c)[0] in "LM" for c in chunk)


SHORT_TEXT_WORDS = 6          # a heading, a name, a place: see _Evidence.confidence
SHORT_TEXT_CONFIDENCE = 0.85  # above DEFAULT_MIN_CONFIDENCE: such a text is converted


@dataclass
class _Evidence:
    """What converting the words of a text with one encoding does to them."""

    legacy: int = 0      # not Vietnamese as they stand, Vietnamese once converted
    ambiguous: int = 0   # Vietnamese both ways ("mét" is "một" in TCVN3)
    breaks: int = 0      # Vietnamese as they stand, not once converted ("các" → TCVN3 "cỏc")
    garbage: int = 0     # Vietnamese neither way (a foreign name, "Café")
    strong: int = 0      # VIQR words with a shape mark (^ ( +) or dd that convert well
    rich: int = 0        # legacy words with two legacy codes or more ("§éc", "Néi" is one)
    joined: int = 0      # legacy words that are syllables run together ("ëë" → "ởở")
    words: int = 0       # all words

    def confidence(self, encoding: str) -> float:
        """That the text holds legacy text in this encoding: legacy words outnumbering the
        words this encoding leaves garbled (which give "Café, Søn, µm" away). Two at least —
        except in a text of a few words where every word that changes speaks for the encoding
        ("GIÊY MêI", "Hµ Néi"; one word if it has two legacy codes: "§éc"): a heading, a name,
        a place alone on its line."""
        if not self.legacy or self.legacy <= self.garbage:
            return 0.0
        clean = not self.garbage and not self.breaks and self.words <= SHORT_TEXT_WORDS
        if self.legacy < 2:
            if not (clean and self.rich):
                return 0.0
            conf = SHORT_TEXT_CONFIDENCE
        else:
            conf = self.legacy / (self.legacy + self.garbage) * (1.0 - 0.5 ** self.legacy)
            if clean:
                conf = max(conf, SHORT_TEXT_CONFIDENCE)
        if self.joined:  # weaker than whole syllables: another encoding that gives those wins
            conf -= 0.01
        if encoding == "viqr":  # plain ASCII can look like VIQR ("e.g.", "to."): ask for more
            conf *= min(1.0, self.strong / 2) * min(1.0, self.legacy / (0.3 * self.words))
        return conf

    def support(self, mixed_line: bool, mixed_text: bool) -> float:
        """That one stretch should be converted, once the encoding is known. Beside Unicode
        words on the same line it takes two legacy words, more than all the others; elsewhere
        legacy words must outnumber the words conversion would break, and a stretch of words
        valid both ways ("tháng 5 có các") in a text that also holds Unicode stays below the
        default threshold: a suggestion."""
        if mixed_line:
            others = self.breaks + self.garbage
            return self.legacy / (self.legacy + others) if self.legacy >= 2 and self.legacy > others else 0.0
        if self.legacy:
            return self.legacy / (self.legacy + self.breaks) if self.legacy > self.breaks else 0.0
        if not self.ambiguous or self.breaks:
            return 0.0
        return 0.75 if mixed_text else 0.85


@functools.lru_cache(maxsize=65536)
def _classify(tok: str, encoding: str) -> tuple[int, int, int, int, int, int, int] | None:
    """(legacy, ambiguous, breaks, garbage, strong, rich, joined) counts one word adds; None: says
    nothing. Cached: running text repeats its words, and detection sees every word once per
    encoding."""
    if len(tok) < 2 or (encoding == "viqr" and not _VIQR_MARKED.search(tok)) \
            or (encoding != "viqr" and tok.isascii()):
        return None  # one character ("×" is TCVN3 "ì", "«" is "ô") says nothing
    conv = to_unicode(tok, encoding)
    if conv == tok:
        return None
    valid_now, valid_converted = _is_word(tok), _is_word(conv)
    rich = int(encoding != "viqr" and sum(not c.isascii() for c in tok) >= 2)
    if valid_converted:
        strong = not valid_now and encoding == "viqr" and bool(_VIQR_STRONG.search(tok))
        return (int(not valid_now), int(valid_now), 0, 0, int(strong), rich * int(not valid_now), 0)
    if valid_now:
        return (0, 0, 1, 0, 0, 0, 0)
    if rich and not _ASCII_LETTER.search(tok) and splits_into_syllables(_EDGE_PUNCT.sub("", conv)):
        # legacy codes only, syllables run together ("ëë" → "ởở"); a word with plain letters may
        # be a foreign name in syllables ("Bôlôvia"), which must stay as it is
        return (1, 0, 0, 0, 0, 1, 1)
    # an abbreviation ("Q§" → "QĐ") is not garbage
    return (0, 0, 0, int(any(c.islower() for c in conv)), 0, 0, 0)


def _evidence(text: str, encoding: str, words: int | None = None) -> _Evidence:
    """What converting the words of ``text`` with ``encoding`` does to them (``words``: the
    count of its whitespace-separated chunks, when already counted)."""
    ev = _Evidence(words=len(_CHUNK.findall(text)) if words is None else words)
    # each distinct word classified once: running text repeats its words
    for tok, n in Counter(_TOKENS[encoding].findall(text)).items():
        counts = _classify(tok, encoding)
        if counts is not None:
            ev.legacy += n * counts[0]
            ev.ambiguous += n * counts[1]
            ev.breaks += n * counts[2]
            ev.garbage += n * counts[3]
            ev.strong += n * counts[4]
            ev.rich += n * counts[5]
            ev.joined += n * counts[6]
    return ev


def _runs(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, line has Unicode words) of every stretch of a line between Unicode words."""
    runs: list[tuple[int, int, bool]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        chunks = list(_CHUNK.finditer(line))
        if not line or max(line) <= "\xff":  # no Unicode chunk: one stretch, if any word
            if chunks:
                runs.append((pos + chunks[0].start(), pos + chunks[-1].end(), False))
            pos += len(line)
            continue
        unicode = list(map(_is_unicode_chunk, map(_GROUP, chunks)))
        mixed = True in unicode
        n = len(unicode)
        unicode += (True, False)  # sentinels: every stretch ends, and the search past them stops
        i = unicode.index(False)
        while i < n:  # chunks i .. j-1 are a stretch of chunks that are not Unicode
            j = unicode.index(True, i)
            runs.append((pos + chunks[i].start(), pos + chunks[j - 1].end(), mixed))
            i = unicode.index(False, j)
        pos += len(line)
    return runs


def detect(text: str) -> tuple[str | None, float]:
    """The most likely legacy encoding of ``text`` and a confidence in [0, 1].

    Only words outside Unicode stretches count, and one suspicious word ("5 µm" reads as
    TCVN3 "5 àm") is not enough; (None, 0.0) when nothing looks legacy (Unicode Vietnamese,
    English, plain ASCII).
    """
    best: tuple[str | None, float] = (None, 0.0)
    # the stretches joined by newlines: no word crosses from one to the next
    legacy_text = "\n".join(text[start:end] for start, end, _mixed in _runs(text))
    words = len(_CHUNK.findall(legacy_text))  # the same for every encoding: counted once
    for encoding in ENCODINGS:
        conf = round(_evidence(legacy_text, encoding, words).confidence(encoding), 4)
        if conf > best[1]:
            best = (encoding, conf)
    return best


# --- conversion of runs ------------------------------------------------------------------

def _caps(word: str, least: int) -> bool:
    """At least ``least`` ASCII letters, all capitals."""
    letters = "".join(_ASCII_LETTER.findall(word))
    return len(letters) >= least and (not letters or letters.isupper())


def _convert_run(run: str, encoding: str) -> str:
    """Convert one stretch of legacy text.

    TCVN3 capitals with marks exist only in the "H" fonts, whose lower-case codes draw
    capitals; a TXT file has lost the font, so the case of the ASCII letters decides: a
    stretch whose words (those without digits, so not "125/Q§-UBND") have four or more ASCII
    letters, all capitals ("CéNG HOµ X· HéI"), is upper case throughout; elsewhere a word
    whose ASCII letters are two or more capitals ("KÕT") is, and so is a word with at most one
    ASCII letter next to such a word.
    """
    if encoding != "tcvn3":
        return to_unicode(run, encoding)
    words = "".join(w for w in run.split() if not re.search(r"[\d/]", w))
    whole = _caps(words, 4)
    tokens = [m for m in _TCVN3_TOKEN.finditer(run) if not m.group().isascii()]
    upper = [whole or _caps(m.group(), 2) for m in tokens]
    for i, m in enumerate(tokens):
        if not upper[i] and _caps(m.group(), 0) and len(_ASCII_LETTER.findall(m.group())) <= 1:
            upper[i] = (i > 0 and _caps(tokens[i - 1].group(), 2)) or \
                       (i + 1 < len(tokens) and _caps(tokens[i + 1].group(), 2))
    out, pos = [], 0
    for m, up in zip(tokens, upper):
        out.append(run[pos:m.start()])
        out.append(to_unicode(m.group(), encoding, upper=up))
        pos = m.end()
    out.append(run[pos:])
    return "".join(out)


class LegacyNormalizer:
    """Propose the conversion of legacy-encoded stretches of text to Unicode.

    With ``encoding=None`` the encoding is detected over the whole text (and nothing is
    proposed below ``min_confidence``); then each stretch between Unicode words is converted
    only where its words speak for it (see ``_Evidence.support``).
    A given encoding is forced: every stretch between Unicode words is converted — unless
    ``forced=False``, for an encoding detected on a whole document and applied line by line:
    then stretches still need legacy words of their own.
    """

    name = "legacy"

    def __init__(self, encoding: str | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                 *, forced: bool | None = None):
        if encoding is not None:
            _check_encoding(encoding)
        self.encoding = encoding
        self.min_confidence = min_confidence
        self.forced = encoding is not None if forced is None else forced and encoding is not None

    def propose(self, text: str) -> list[Edit]:
        encoding: str | None
        if self.encoding:
            encoding, conf = self.encoding, 1.0
        else:
            encoding, conf = detect(text)
            if encoding is None or conf < self.min_confidence:
                return []
        edits = []
        runs = _runs(text)
        mixed_text = any(_is_unicode_chunk(c) for c in _CHUNK.findall(text))
        for start, end, mixed in runs:
            old = text[start:end]
            confidence = conf
            if not self.forced:
                support = _evidence(old, encoding).support(mixed, mixed_text)
                if not support:
                    continue
                confidence = round(conf * support, 4)
            new = _convert_run(old, encoding)
            if new != old:
                edits.append(Edit(start, end, old, new, f"legacy.{encoding}", confidence))
        return edits


# --- whole texts and files ---------------------------------------------------------------

@dataclass(frozen=True)
class Conversion:
    text: str
    source: str        # "tcvn3", "vni", "viqr" or "unicode" (nothing legacy found)
    confidence: float  # of the detection; 1.0 when the source was given
    changed: int       # stretches of text converted to Unicode


def convert_text(text: str, target: str, *, source: str | None = None, upper: bool = False) -> Conversion:
    """Convert ``text`` from ``source`` (None = detect; "unicode"; or an encoding) to
    ``target`` ("unicode" or an encoding). ``upper``: the legacy side is set in an all-caps
    "H" font."""
    if target != "unicode":
        _check_encoding(target)
        text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark has no legacy code
    confidence, given = 1.0, source is not None
    if source is None:
        source, confidence = detect(text)
        if source is None or confidence < DEFAULT_MIN_CONFIDENCE:
            source, confidence = "unicode", 1.0
    if source == "unicode":
        uni, changed = text, 0
    elif upper:
        uni = to_unicode(text, source, upper=True)
        changed = int(uni != text)
    else:
        _check_encoding(source)
        edits = [e for e in LegacyNormalizer(source, forced=given).propose(text)
                 if e.confidence >= DEFAULT_MIN_CONFIDENCE]
        uni, changed = apply_edits(text, edits), len(edits)
    out = uni if target == "unicode" else from_unicode(uni, target, upper=upper)
    return Conversion(out, source, confidence, changed)


def encode_text(text: str, encoding: str) -> bytes:
    """Bytes to write: Windows-1252 for TCVN3/VNI (what the old fonts read), UTF-8 otherwise."""
    if encoding in ("tcvn3", "vni"):
        return text.encode("cp1252")
    return text.encode("utf-8")
