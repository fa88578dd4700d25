"""Vietnamese number notation: examples and properties of parse/format and Roman numerals."""

from __future__ import annotations

import decimal
import re
import time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.numbers import (
    MAX_FIGURE_DIGITS,
    MAX_FIGURE_VALUE,
    NUMBER_RE,
    decimals_of,
    digit_count,
    figure_in_range,
    format_vn_number,
    parse_vn_number,
    roman_to_int,
    step_of,
)

FULL_NUMBER = re.compile(rf"(?:{NUMBER_RE})\Z")

# ---------------------------------------------------------------------------------------
# examples


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.607", Decimal(2607)),
        ("2,85", Decimal("2.85")),
        ("397.335", Decimal(397335)),
        ("1.058,5", Decimal("1058.5")),
        ("70.000", Decimal(70000)),
        ("1.000.000", Decimal(1000000)),
        ("74,37", Decimal("74.37")),
        ("0,5", Decimal("0.5")),
        ("1442", Decimal(1442)),
        ("8,669", Decimal("8.669")),  # a decimal comma, not a thousands group
        (" 61 ", Decimal(61)),
    ],
)
def test_parse_examples(text: str, value: Decimal) -> None:
    assert parse_vn_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "abc", "4.0", "2.5", "1.05", "12.34.567", "1,2,3", "2.607,", ",5", "1 000", "-"],
)
def test_parse_rejects_what_is_not_a_vietnamese_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_vn_number(text)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (Decimal(2607), None, "2.607"),
        (Decimal("2.85"), None, "2,85"),
        (Decimal("1058.5"), None, "1.058,5"),
        (Decimal("-1058.5"), None, "-1.058,5"),
        (Decimal(1000000), None, "1.000.000"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("0.5"), None, "0,5"),
        (Decimal("2.50"), None, "2,5"),
        (Decimal("2.5"), 2, "2,50"),
        (Decimal("2.567"), 1, "2,6"),
        (Decimal(999), None, "999"),
        (Decimal(0), None, "0"),
    ],
)
def test_format_examples(value: Decimal, decimals: int | None, text: str) -> None:
    assert format_vn_number(value, decimals) == text


@pytest.mark.parametrize(
    ("text", "decimals", "step"),
    [
        ("2.607", 0, Decimal(1)),
        ("2,85", 2, Decimal("0.01")),
        ("5,4", 1, Decimal("0.1")),
        ("1.058,5", 1, Decimal("0.1")),
        ("61", 0, Decimal(1)),
    ],
)
def test_stated_precision(text: str, decimals: int, step: Decimal) -> None:
    assert decimals_of(text) == decimals
    assert step_of(text) == step


@pytest.mark.parametrize(
    ("text", "value"),
    [("I", 1), ("IV", 4), ("VI", 6), ("X", 10), ("XI", 11), ("XIII", 13), ("XVII", 17),
     ("XXI", 21), ("XL", 40), ("XC", 90), ("CXXXII", 132), ("MCMXCIX", 1999),
     ("MMMCMXCIX", 3999)],
)  # fmt: skip
def test_roman_examples(text: str, value: int) -> None:
    assert roman_to_int(text) == value


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IC", "VV", "xiii", "ABC", "XIIII", "MMMM"])
def test_roman_rejects_malformed(text: str) -> None:
    assert roman_to_int(text) is None


# ---------------------------------------------------------------------------------------
# properties

_ROMAN_DIGITS = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def to_roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN_DIGITS:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n: int) -> None:
    assert roman_to_int(to_roman(n)) == n


small_decimals = st.decimals(
    min_value=0, max_value=Decimal(10) ** 18, places=6, allow_nan=False, allow_infinity=False
)


@given(small_decimals)
def test_format_then_parse_is_identity_for_decimals(value: Decimal) -> None:
    text = format_vn_number(value)
    assert FULL_NUMBER.match(text), text
    assert parse_vn_number(text) == value
    assert decimals_of(text) <= 6


# Up to 28 digits (the default decimal context precision); longer ones are tested below.
@given(st.integers(min_value=0, max_value=10**28 - 1))
def test_format_then_parse_is_identity_for_integers(value: int) -> None:
    text = format_vn_number(Decimal(value))
    assert "," not in text
    assert all(len(group) == 3 for group in text.split(".")[1:])
    assert parse_vn_number(text) == value


@given(small_decimals, st.integers(min_value=0, max_value=6))
def test_fixed_decimals_keep_the_rounded_value(value: Decimal, decimals: int) -> None:
    text = format_vn_number(value, decimals)
    assert decimals_of(text) == decimals
    assert parse_vn_number(text) == value.quantize(Decimal(1).scaleb(-decimals))


@given(small_decimals)
def test_parse_then_format_is_identity_on_canonical_text(value: Decimal) -> None:
    text = format_vn_number(value)
    assert format_vn_number(parse_vn_number(text)) == text


@pytest.mark.parametrize("value", [10**28 + 1, 10**40 + 7, 123456789012345678901234567891])
def test_format_then_parse_is_identity_for_integers_of_any_size(value: int) -> None:
    assert parse_vn_number(format_vn_number(Decimal(value))) == value


def test_negative_numbers_round_trip() -> None:
    value = Decimal("-1058.5")
    assert parse_vn_number(format_vn_number(value)) == value


# ---------------------------------------------------------------------------------------
# the figure cap, and no step quadratic in the number of digits


@pytest.mark.parametrize(
    ("text", "in_range"),
    [
        ("1" * MAX_FIGURE_DIGITS, True),
        ("1" * (MAX_FIGURE_DIGITS + 1), False),
        ("1.234.567.890.123.456.789.012.345.678", True),  # 28 digits, 9 dots
        ("1.234.567.890.123.456.789.012.345.678,9", False),
        ("0," + "0" * (MAX_FIGURE_DIGITS - 1), True),
        ("0," + "0" * MAX_FIGURE_DIGITS, False),
        ("2,85", True),
    ],
)
def test_a_figure_may_have_at_most_28_digits(text: str, in_range: bool) -> None:
    assert figure_in_range(text) is in_range
    assert digit_count(text) == sum(ch.isdigit() for ch in text)


def test_the_cap_is_what_decimal_holds_exactly() -> None:
    # Every figure in range is held without rounding, the largest value too.
    assert decimal.getcontext().prec >= MAX_FIGURE_DIGITS
    largest = parse_vn_number(format_vn_number(MAX_FIGURE_VALUE))
    assert largest == MAX_FIGURE_VALUE and figure_in_range(format_vn_number(MAX_FIGURE_VALUE))


def test_200000_digits_take_well_under_a_second() -> None:
    """Every step a digit string can take (the cap, parsing, formatting, the precision)
    is linear: formatting cut thousands groups off the end of a shrinking string, and
    took seconds on 200,000 digits (minutes on a million)."""
    digits = "7" * 200_000
    grouped = "1" + ".000" * 66_666
    start = time.process_time()  # CPU time: the machine running the suite may be busy
    assert not figure_in_range(digits) and not figure_in_range(grouped)
    value = parse_vn_number(grouped)
    text = format_vn_number(value)
    assert text == grouped
    assert format_vn_number(parse_vn_number(digits)).count(".") == 66_666
    assert decimals_of("0," + digits) == 200_000 and step_of("0," + digits) > 0
    assert time.process_time() - start < 0.5
