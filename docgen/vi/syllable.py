"""Vietnamese syllables: which strings of letters can be one syllable (onset + rhyme + tone).

The phonotactics every part of docgen shares — legacy-encoding detection, OCR repair, field
checks: the onsets, the rhymes (with the extra ones after "qu"), where a tone mark may sit in a
rhyme (old and new placement both accepted), and that a rhyme closed by p/t/c/ch takes only the
sắc or nặng tone.

    >>> is_syllable("Khối"), is_syllable("nghiệp"), is_syllable("Khoỏi"), is_syllable("cảp")
    (True, True, False, False)
"""
from __future__ import annotations

import functools
import unicodedata

from . import NANG, SAC, split_tone

ONSETS = ("ngh", "ng", "nh", "gh", "gi", "kh", "ch", "ph", "th", "tr", "qu",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
RHYMES = frozenset(["a", "ai", "ao", "au", "ay", "ac", "ach", "am", "an", "ang", "anh", "ap", "at", "ăc", "ăm", "ăn", "ăng", "ăp", "ăt", "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây", "e", "eo", "ec", "em", "en", "eng", "ep", "et", "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", "i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu", "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu", "o", "oc", "oi", "om", "on", "ong", "op", "ot", "oong", "ooc", "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oap", "oat", "oay", "oăc", "oăm", "oăn", "oăng", "oăt", "oe", "oec", "oen", "oeo", "oet", "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", "u", "ua", "uc", "ui", "um", "un", "ung", "up", "ut", "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uơ", "uy", "uya", "uych", "uyn", "uynh", "uyt", "uyu", "uyên", "uyêt", "uôc", "uôi", "uôm", "uôn", "uông", "uôt", "ư", "ưa", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu", "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu", "y", "yêm", "yên", "yêng", "yêt", "yêu", "ăk", "oao", "oây", "oem", "oeng", "uăng", "uêu", "uyp"])
QU_RHYMES = RHYMES | {"ynh", "yt", "ych"}  # "Quỳnh", "quýt"
_VOWEL_LETTERS = "aăâeêioôơuưy"
_SHAPED = "ăâêôơư"


def _tone_positions(rhyme: str) -> set[int]:
    """Where the tone mark may sit in a rhyme (old and new placement both accepted)."""
    n = 0
    while n < len(rhyme) and rhyme[n] in _VOWEL_LETTERS:
        n += 1
    cluster, coda = rhyme[:n], rhyme[n:]
    shaped = [i for i, c in enumerate(cluster) if c in _SHAPED]
    if shaped:
        return {shaped[-1]}
    if len(cluster) == 1 or coda:
        return {len(cluster) - 1}
    if cluster in ("oa", "oe", "uy"):
        return {0, 1}
    return {0} if len(cluster) == 2 else {1}


def _rhyme_ok(onset: str, rhyme: str, tone: str, pos: int) -> bool:
    if rhyme not in (QU_RHYMES if onset == "qu" else RHYMES):
        return False
    first = rhyme[0]
    if onset == "c" and first in "eêiy":  # k is free: "Kon Tum", "Bắc Kạn", "Đắk Lắk"
        return False
    if (onset in ("gh", "ngh") and first not in "eêi") or (onset in ("g", "ng") and first in "eê"):
        return False
    if (onset == "gi" and first == "i") or (onset == "qu" and first == "u"):
        return False
    if rhyme.endswith(("p", "t", "c", "ch", "k")) and tone not in (SAC, NANG):
        return False
    return not tone or pos in _tone_positions(rhyme)


@functools.lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True when ``word`` is a well-formed Vietnamese syllable (any case, NFC or NFD).

    >>> is_syllable("Khối"), is_syllable("nghiệp"), is_syllable("Khoỏi"), is_syllable("cảp")
    (True, True, False, False)
    """
    w = unicodedata.normalize("NFC", word).lower()
    if not w or not w.isalpha():
        return False
    bases, tone, pos = [], "", -1
    for i, ch in enumerate(w):
        base, mark = split_tone(ch)
        if mark:
            if tone:
                return False
            tone, pos = mark, i
        bases.append(base)
    plain = "".join(bases)
    return any(plain.startswith(o) and len(plain) > len(o) and _rhyme_ok(o, plain[len(o):], tone, pos - len(o))
               for o in ONSETS)


def splits_into_syllables(word: str) -> bool:
    """True when ``word`` is not one syllable but two or three written together ("ởở",
    "thiđua"), each well-formed and more than a bare vowel (a lone "e" or "i" would split
    almost anything).

    >>> splits_into_syllables("ởở"), splits_into_syllables("thiđua"), splits_into_syllables("khối")
    (True, True, False)
    """
    w = unicodedata.normalize("NFC", word)
    if not w.isalpha() or len(w) > 21 or is_syllable(w):
        return False

    def part(s: str) -> bool:
        return is_syllable(s) and (len(s) > 1 or s.lower() not in _VOWEL_LETTERS)

    def rest(s: str, parts: int) -> bool:
        if parts == 1:
            return part(s)
        return any(part(s[:k]) and rest(s[k:], parts - 1) for k in range(1, len(s)))

    return rest(w, 2) or rest(w, 3)


NAME_DOT_SYLLABLES = frozenset({"thị", "lệ", "huệ", "tuệ", "hạ", "dạ", "mị", "mỵ", "tự", "ngự", "kỵ"})
"""Syllables common in personal names that end with a vowel carrying the nặng tone. Written in
VIQR they end with ".", the tone's sign ("Thi." is Thị): inside a name ("Nguyễn Thi. Loan") that
"." is the tone, not a full stop."""
