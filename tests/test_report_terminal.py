"""The terminal renderer: readable at 80 columns, plain when piped, coloured on request."""

from __future__ import annotations

import re
from dataclasses import replace

from fixtures.report import sample

from checker.report import RenderOptions, render_terminal

ANSI = re.compile(r"\x1b\[")


def plain(width: int = 80, **fields: object) -> RenderOptions:
    return RenderOptions(width=width, color=False, **fields)  # type: ignore[arg-type]


def test_fits_80_columns_without_escape_codes() -> None:
    text = render_terminal(sample.build_report(), plain(verbose=True))
    assert not ANSI.search(text)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_narrow_width_still_fits() -> None:
    text = render_terminal(sample.build_report(), plain(width=50, verbose=True))
    assert max(len(line) for line in text.splitlines()) <= 50


def test_no_trailing_spaces_when_plain() -> None:
    text = render_terminal(sample.build_report(), plain())
    assert all(line == line.rstrip() for line in text.splitlines())


def test_color_adds_styles() -> None:
    text = render_terminal(sample.build_report(), RenderOptions(width=80, color=True))
    assert ANSI.search(text)


def test_summary_lists_sources_counts_and_inferred_dates() -> None:
    text = render_terminal(sample.build_report(), plain())
    assert "3 sources, 10 claims extracted, 6 facts aligned" in text
    assert "Findings: 1 error, 1 warning, 1 info (1 suppressed)" in text
    assert "Thế giới & Việt Nam" in text
    assert "2024-11-05*" in text and "date inferred" in text


def test_findings_sorted_by_severity() -> None:
    text = render_terminal(sample.build_report(), plain())
    positions = [text.index(word) for word in ("ERROR", "WARNING", "INFO")]
    assert positions == sorted(positions)


def test_finding_shows_claims_locations_quotes_and_advice() -> None:
    text = render_terminal(sample.build_report(), plain(width=120))
    assert "articles/kinhtedothi-hoi-nhap.txt:4:52" in text
    assert "«gần 100 Thủ đô, TP lớn»" in text
    assert "«hơn 100 thủ đô, thành phố»" in text
    assert "What to do: find the primary source" in text
    assert "Note: time-varying" in text
    assert "Reference: hơn 100 thủ đô, thành phố (Sở Nội vụ Hà Nội, 10/2024)" in text
    assert "[90; 100)" in text


def test_long_sentences_are_shortened_around_the_quote() -> None:
    text = render_terminal(sample.build_report(), plain(width=120, context_chars=30))
    assert "…" in text
    assert "«ASEM lần thứ 5 (2004)»" in text
    assert "Năm ASEAN Việt Nam (2010)" not in text


def test_verbose_adds_agreeing_facts() -> None:
    report = sample.build_report()
    assert "agree on" not in render_terminal(report, plain())
    verbose = render_terminal(report, plain(verbose=True))
    agreeing = verbose[verbose.index("Facts the sources agree on") :]
    assert "SEA Games 22" in agreeing and "2003" in agreeing


def test_user_text_is_not_markup() -> None:
    claim = replace(sample.CITIES_A, sentence="Có [bold]gần 100 Thủ đô, TP lớn[/bold] :smile:")
    finding = replace(sample.FINDING_CITIES, claims=(claim, sample.CITIES_B))
    text = render_terminal(sample.build_report(findings=(finding,)), plain(width=120))
    assert "[bold]" in text and "[/bold]" in text and ":smile:" in text


def test_no_findings() -> None:
    text = render_terminal(sample.build_report(findings=(), suppressed=()), plain())
    assert "Findings: 0 errors, 0 warnings, 0 info" in text
