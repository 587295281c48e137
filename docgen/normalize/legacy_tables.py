"""Code tables of the pre-Unicode Vietnamese encodings: TCVN3 (ABC), VNI Windows and VIQR.

Each vowel row lists the letter without a tone mark, then the letter with each tone in the
order of ``docgen.vi.TONE_MARKS`` (huyền, hỏi, ngã, sắc, nặng). Legacy text is held as the
characters Word or a Windows-1252 decoder shows for the old bytes, e.g. TCVN3 byte 0xE8 (ố)
is "è" and VNI "oá" is ố.

Sources cross-checked: TCVN 5712:1993 (the VN3 subset used by the ABC fonts .VnTime …) and
the VNI Windows table of VNI Software, both as published by public converters (vietunicode
charset pages, Unikey's tables).
"""
from __future__ import annotations

# The twelve vowels; a row in each table below follows this order.
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")

# TCVN3: one byte per lower-case letter. Capitals with a tone mark have no code of their own;
# the "H" fonts (.VnTimeH …) draw these same codes as capitals.
TCVN3_VOWELS = {
    "a": "a\xb5\xb6\xb7\xb8\xb9",
    "ă": "\xa8\xbb\xbc\xbd\xbe\xc6",
    "â": "\xa9\xc7\xc8\xc9\xca\xcb",
    "e": "e\xcc\xce\xcf\xd0\xd1",
    "ê": "\xaa\xd2\xd3\xd4\xd5\xd6",
    "i": "i\xd7\xd8\xdc\xdd\xde",
    "o": "o\xdf\xe1\xe2\xe3\xe4",
    "ô": "\xab\xe5\xe6\xe7\xe8\xe9",
    "ơ": "\xac\xea\xeb\xec\xed\xee",
    "u": "u\xef\xf1\xf2\xf3\xf4",
    "ư": "\xad\xf5\xf6\xf7\xf8\xf9",
    "y": "y\xfa\xfb\xfc\xfd\xfe",
}
TCVN3_OTHER = {"đ": "\xae"}
# The only capitals with marks that TCVN3 codes in the ordinary (lower-case) fonts.
TCVN3_CAPITALS = {
    "Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6", "Đ": "\xa7",
}

# VNI Windows: base letter followed by one mark character (shape and tone in one), or a single
# character for ơ ư đ and some i/y forms. Capitals are the same sequences upper-cased
# ("oá" ố → "OÁ" Ố), which Python's str.upper() gives for every entry.
VNI_VOWELS = {
    "a": ("a", "aø", "aû", "aõ", "aù", "aï"),
    "ă": ("aê", "aè", "aú", "aü", "aé", "aë"),
    "â": ("aâ", "aà", "aå", "aã", "aá", "aä"),
    "e": ("e", "eø", "eû", "eõ", "eù", "eï"),
    "ê": ("eâ", "eà", "eå", "eã", "eá", "eä"),
    "i": ("i", "ì", "æ", "ó", "í", "ò"),
    "o": ("o", "oø", "oû", "oõ", "où", "oï"),
    "ô": ("oâ", "oà", "oå", "oã", "oá", "oä"),
    "ơ": ("ô", "ôø", "ôû", "ôõ", "ôù", "ôï"),
    "u": ("u", "uø", "uû", "uõ", "uù", "uï"),
    "ư": ("ö", "öø", "öû", "öõ", "öù", "öï"),
    "y": ("y", "yø", "yû", "yõ", "yù", "î"),
}
VNI_OTHER = {"đ": "ñ"}

# VIQR (RFC 1456): ASCII letter, then a shape mark, then a tone mark; "dd" is đ.
VIQR_SHAPES = {"ă": "a(", "â": "a^", "ê": "e^", "ô": "o^", "ơ": "o+", "ư": "u+"}
VIQR_TONES = ("`", "?", "~", "'", ".")
VIQR_ESCAPE = "\\"

# Unicode fonts that replace the legacy ones, by the lower-cased font name without its
# ".Vn"/"VNI-" prefix and "H" suffix. Anything not listed becomes Times New Roman, the face
# Decree 30/2020/NĐ-CP prescribes.
DEFAULT_FONT = "Times New Roman"
TCVN3_FONTS = {
    "time": "Times New Roman",
    "times": "Times New Roman",
    "arial": "Arial",
    "arial narrow": "Arial Narrow",
    "arialnarrow": "Arial Narrow",
    "black": "Arial Black",
    "helvetins": "Arial",
    "helvet": "Arial",
    "universe": "Arial",
    "univers": "Arial",
    "courier": "Courier New",
    "courier new": "Courier New",
    "book-antiqua": "Book Antiqua",
    "bookantiqua": "Book Antiqua",
    "century schoolbook": "Century Schoolbook",
    "avant": "Century Gothic",
    "lucida sans": "Lucida Sans",
    "monotype corsiva": "Monotype Corsiva",
}
VNI_FONTS = {
    "times": "Times New Roman",
    "helve": "Arial",
    "helve-condense": "Arial Narrow",
    "arial": "Arial",
    "univer": "Arial",
    "couri": "Courier New",
    "book": "Book Antiqua",
    "centur": "Century Schoolbook",
    "avo": "Century Gothic",
}
