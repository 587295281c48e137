"""Numbers the Vietnamese way: digit grouping, numbers and money in words.

Words follow the formal written usage of state documents and accounting
("Bằng chữ: ..."): ``nghìn``, ``triệu``, ``tỷ``; ``mốt`` (21), ``tư`` (24),
``lăm`` (15, 25) after a tens digit; ``linh`` for an empty tens place (105);
``không trăm`` for an empty hundreds place inside a number (1 005); groups that are
all zero are skipped (1 000 005 = "một triệu không trăm linh năm").
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from numbers import Real

from docgen.vi.case import capitalize_first

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUP_UNITS = ("", "nghìn", "triệu")  # the tỷ level repeats: 10^9 = tỷ, 10^18 = tỷ tỷ
BILLION = 10**9


def format_number(value: Real | Decimal | str, decimals: int | None = None) -> str:
    """Digits grouped by "." with a decimal comma (Babel, locale ``vi``).

    ``decimals=None`` keeps every significant digit (trailing zeros dropped); an int
    rounds half up to exactly that many decimals.

    >>> format_number(1234567.5)
    '1.234.567,5'
    >>> format_number(125000000)
    '125.000.000'
    """
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(f"«{value}» không phải là số (cần dạng 1234567.5).")
    # babel (and its locale data) only when a number is formatted: a render whose template
    # prints none, the usual case, does not load it
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(number, locale="vi", decimal_quantization=False)
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(number, format=pattern, locale="vi")


def _triple(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000. ``full``: a higher group precedes, so read all three places."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 10^9; ``full`` as in :func:`_triple` for the leading group."""
    words: list[str] = []
    for level in (2, 1, 0):
        group = n // 1000**level % 1000
        if group:
            words += _triple(group, full or bool(words))
            if GROUP_UNITS[level]:
                words.append(GROUP_UNITS[level])
    return words


def _words(n: int, full: bool) -> list[str]:
    high, low = divmod(n, BILLION)
    words: list[str] = []
    if high:
        words += [*_words(high, full), "tỷ"]
    if low:
        words += _below_billion(low, full or bool(high))
    return words


def number_to_words(n: int) -> str:
    """An integer in Vietnamese words, lower case.

    >>> number_to_words(1005)
    'một nghìn không trăm linh năm'
    >>> number_to_words(125_000_000)
    'một trăm hai mươi lăm triệu'
    """
    if isinstance(n, bool) or not isinstance(n, int):
        if isinstance(n, (Decimal, float)) and n == int(n):
            n = int(n)
        else:
            raise ValueError(f"Chỉ đọc được số nguyên thành chữ, nhận được: {n!r}")
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_to_words(-n)
    return " ".join(_words(n, False))


def money_to_words(amount: int, capitalize: bool = True) -> str:
    """An amount of đồng in words, as on the "Bằng chữ:" line.

    Capitalised by default, because the phrase stands on its own after "Bằng chữ:"
    or in brackets; ``capitalize=False`` gives the lower-case form for use inside a
    sentence.

    >>> money_to_words(125_000_000)
    'Một trăm hai mươi lăm triệu đồng'
    >>> money_to_words(1_500_000, capitalize=False)
    'một triệu năm trăm nghìn đồng'
    """
    text = number_to_words(amount) + " đồng"
    return capitalize_first(text) if capitalize else text
