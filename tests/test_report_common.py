"""Shared rendering helpers: Vietnamese numbers, intervals, ordering, quoting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from fixtures.report import sample
from hypothesis import given
from hypothesis import strategies as st

from checker.report import common
from checker.report.common import (
    agreeing_facts,
    basis_text,
    claim_reading,
    format_amount,
    format_interval,
    format_number,
    format_time,
    is_inferred,
    published_text,
    quote_in_sentence,
    relative_path,
    severity_counts,
    sorted_findings,
    split_description,
    suggested_action,
)


def parse_vn(text: str) -> Decimal:
    """The inverse of format_number, for the round-trip property."""
    return Decimal(text.replace(".", "").replace(",", "."))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2607", "2.607"),
        ("2.85", "2,85"),
        ("2.850", "2,85"),
        ("397335", "397.335"),
        ("1058.5", "1.058,5"),
        ("100", "100"),
        ("1E+2", "100"),
        ("0.5", "0,5"),
        ("-1234567.25", "-1.234.567,25"),
        ("0", "0"),
        ("-0", "0"),
    ],
)
def test_format_number(value: str, expected: str) -> None:
    assert format_number(Decimal(value)) == expected


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15, places=4
    )
)
def test_format_number_round_trips(value: Decimal) -> None:
    assert parse_vn(format_number(value)) == value


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("2850000000", "USD", "2,85 tỷ USD"),
        ("184000000", "USD", "184 triệu USD"),
        ("397335000000000", "VND", "397.335 tỷ VND"),
        ("1234567", None, "1.234.567"),  # too many decimals once scaled: written in full
        ("100", "thủ đô", "100 thủ đô"),
        ("2.5", "%", "2,5%"),
        ("61", None, "61"),
    ],
)
def test_format_amount(value: str, unit: str | None, expected: str) -> None:
    assert format_amount(Decimal(value), unit) == expected


def test_format_amount_unscaled() -> None:
    assert format_amount(Decimal("2850000000"), "USD", scale=False) == "2.850.000.000 USD"


def test_format_amount_custom_scales() -> None:
    scales = (("nghìn", 1000),)
    assert format_amount(Decimal("2500"), None, scales=scales) == "2,5 nghìn"


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (sample.CITIES_A, "[90; 100)"),
        (sample.CITIES_B, "(100; +∞)"),
        (sample.AGREEMENTS_A, "= 61"),
        (sample.FDI_B, "(2,85 tỷ; +∞)"),
        (replace(sample.CITIES_A, low=None), "(−∞; 100)"),
        (replace(sample.CITIES_A, low=None, high=None), "(−∞; +∞)"),
    ],
)
def test_format_interval(claim, expected: str) -> None:
    assert format_interval(claim) == expected


def test_claim_reading_numbers_and_events() -> None:
    assert claim_reading(sample.CITIES_A) == "gần 100 thủ đô · [90; 100) · as of 2023-03-10"
    assert claim_reading(sample.FDI_B) == "hơn 2,85 tỷ USD · (2,85 tỷ; +∞) · 2023"
    assert claim_reading(sample.ASEM_C) == "2004 · event asem#5"


def test_quote_in_sentence_keeps_short_sentences() -> None:
    before, quote, after = quote_in_sentence(sample.CITIES_B.sentence, sample.CITIES_B.quote, 200)
    assert before + quote + after == sample.CITIES_B.sentence
    assert quote == "hơn 100 thủ đô, thành phố"


def test_quote_in_sentence_shortens_around_the_quote() -> None:
    before, quote, after = quote_in_sentence(sample.ASEM_C.sentence, sample.ASEM_C.quote, 30)
    assert quote == sample.ASEM_C.quote
    assert before.startswith("…") and after.endswith("…")
    assert len(before) <= 31 and len(after) <= 31
    # Cut at word boundaries: no partial word next to the ellipsis.
    assert before[1:] in sample.ASEM_C.sentence and before[1] != " "


def test_quote_in_sentence_without_the_quote() -> None:
    before, quote, after = quote_in_sentence("một câu khác hẳn", "2,85 tỷ USD", 40)
    assert (before, quote, after) == ("một câu khác hẳn", "", "")


def test_quote_in_sentence_flattens_newlines() -> None:
    before, quote, after = quote_in_sentence("Đến nay\nHà Nội có gần 100\nthủ đô.", "gần 100", 40)
    assert "\n" not in before + quote + after
    assert before == "Đến nay Hà Nội có "


def test_split_description() -> None:
    parts = split_description(sample.EVENT_DESCRIPTION)
    assert [label for label, _ in parts] == ["What", "Why it matters", "What to do"]
    assert all("\n" not in body for _, body in parts)
    assert suggested_action(sample.EVENT_DESCRIPTION).startswith("check the date")


def test_split_description_without_labels() -> None:
    assert split_description("Plain advice.\nOn two lines.") == [
        ("", "Plain advice. On two lines.")
    ]
    assert split_description("") == []


def test_sorted_findings_error_first_then_label() -> None:
    findings = sorted_findings(sample.build_report().findings)
    assert [f.severity for f in findings] == ["error", "warning", "info"]
    two_warnings = [
        replace(sample.FINDING_VISITS, severity="warning"),
        sample.FINDING_CITIES,
    ]
    labels = [f.fact for f in sorted_findings(two_warnings)]
    assert labels == sorted(labels, key=str.casefold)


def test_severity_counts_has_every_severity() -> None:
    assert severity_counts([]) == {"error": 0, "warning": 0, "info": 0}
    assert severity_counts(sample.build_report().findings) == {"error": 1, "warning": 1, "info": 1}


def test_agreeing_facts_need_two_sources_and_no_finding() -> None:
    facts = agreeing_facts(sample.build_report())
    assert [f.label for f in facts] == ["SEA Games 22"]


def test_relative_path() -> None:
    assert relative_path("articles/a.txt", None) == "articles/a.txt"
    assert relative_path("/repo/articles/a.txt", "/repo") == "articles/a.txt"


def test_default_scales_are_display_only() -> None:
    # The scale table is a display default; renderers take another through the options.
    assert dict(common.DEFAULT_SCALES)["tỷ"] == 10**9


@pytest.mark.parametrize(
    ("basis", "expected", "basis_words"),
    [
        ("stated", "2019-06-15", "stated"),
        ("inferred", "2019-06-15 (inferred)", "inferred"),
        ("inferred:day", "2019-06-15 (inferred)", "inferred (day)"),
        ("inferred:month", "2019-06 (inferred)", "inferred (month)"),
        ("inferred:year", "2019 (inferred)", "inferred (year)"),
        (None, "2019-06-15", "unknown"),
    ],
)
def test_dates_shown_at_their_precision(basis, expected: str, basis_words: str) -> None:
    assert published_text(date(2019, 6, 15), basis) == expected
    assert basis_text(basis) == basis_words
    assert is_inferred(basis) == expected.endswith("(inferred)")


def test_unknown_date() -> None:
    assert published_text(None, "inferred:year") == "unknown"


def test_as_of_time_uses_the_known_precision() -> None:
    claim = replace(sample.CITIES_B, published=date(2024, 11, 1))
    assert format_time(claim, "inferred:month") == "as of 2024-11"
    assert format_time(replace(claim, published=None)) == "as of publication"
    assert format_time(replace(claim, time="yearly")) == "per year"
