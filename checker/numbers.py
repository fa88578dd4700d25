"""Vietnamese number notation: parse and format.

Vietnamese groups thousands with a dot and marks decimals with a comma:
"1.234" is one thousand two hundred and thirty-four, "4,75" is four point seven five.
Values are Decimal so that money compares exactly.
"""

from __future__ import annotations

import re
from decimal import Decimal

# A number as Vietnamese writes it.  Thousands groups must be exactly three digits, so
# "4.0" (a version) and "2.5" (an English decimal) are not read as Vietnamese numbers.
NUMBER_RE = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FULL = re.compile(rf"-?(?:{NUMBER_RE})\Z")

# Number words as ordinals and month counts ("lần thứ tư", "sáu tháng đầu năm").  The
# words read as quantities in running text are pack data (rules/generic/numbers.yml).
NUMBER_WORDS: dict[str, int] = {
    "một": 1,
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
}

# What a figure may be.  No news article states a quantity with more digits than Decimal's
# default precision holds exactly, or above a million billion billion (10^24): such a
# "figure" is a run of digits (an ID, a hash, a hostile file), not a claim.  Capping it
# before it is read keeps every later step cheap and exact (Python refuses to print an
# int beyond 4,300 digits, and int(Decimal) is quadratic in the number of digits).
MAX_FIGURE_DIGITS = 28
MAX_FIGURE_VALUE = Decimal(10) ** 24

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN_RE = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\Z")


def parse_vn_number(text: str) -> Decimal:
    """Parse "1.234" -> 1234, "4,75" -> 4.75, "397.335" -> 397335, "1.058,5" -> 1058.5.

    Raises ValueError on anything that is not a Vietnamese-notation number.
    """
    text = text.strip()
    if not _FULL.match(text):
        raise ValueError(f"not a Vietnamese number: {text!r}")
    return Decimal(text.replace(".", "").replace(",", "."))


def digit_count(text: str) -> int:
    """How many digits a written number has ("1.058,5" -> 5); linear in its length."""
    return sum(ch.isdecimal() for ch in text)


def figure_in_range(text: str) -> bool:
    """Whether a written number is short enough to be a figure (see ``MAX_FIGURE_DIGITS``).

    Call it before ``parse_vn_number`` on text from an article: it reads no value.
    """
    # A cheap length test first: a number within the cap has at most 9 group dots.
    return len(text) <= MAX_FIGURE_DIGITS + 10 and digit_count(text) <= MAX_FIGURE_DIGITS


def decimals_of(text: str) -> int:
    """How many decimal places a written number states ("4,75" -> 2, "1.234" -> 0)."""
    _, _, frac = text.partition(",")
    return len(frac)


def format_vn_number(value: Decimal, decimals: int | None = None) -> str:
    """Write ``value`` the Vietnamese way: "1.234", "4,75", "-1.058,5".

    ``decimals`` fixes the number of decimal places; by default the value's own
    (trailing zeros dropped).
    """
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if value < 0 else ""
    # copy_abs, not abs(): abs() rounds to the context precision (28 digits).
    text = format(value.copy_abs(), "f")
    whole, _, frac = text.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    # Groups cut from the front, each a slice: linear in the number of digits.
    head = len(whole) % 3 or 3
    out = ".".join([whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))])
    return f"{sign}{out},{frac}" if frac else f"{sign}{out}"


def roman_to_int(text: str) -> int | None:
    """ "XIII" -> 13; None when ``text`` is not a well-formed Roman numeral."""
    if not text or not _ROMAN_RE.match(text):
        return None
    total = 0
    for ch, nxt in zip(text, [*text[1:], ""], strict=True):
        v = ROMAN_VALUES[ch]
        total += -v if nxt and ROMAN_VALUES[nxt] > v else v
    return total


def step_of(text: str) -> Decimal:
    """The precision a written number states: the value of one unit in its last digit."""
    return Decimal(1).scaleb(-decimals_of(text))
