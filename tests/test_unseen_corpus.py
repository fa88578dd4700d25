"""A second, hand-written corpus on another topic (tourism in Đà Nẵng): the engine must
find its one conflict and stay quiet on the figures that agree, with no topic pack."""

from __future__ import annotations

from pathlib import Path

from checker.pipeline import Engine, check

CORPUS = Path(__file__).parent / "fixtures" / "corpora" / "tourism"


def test_one_conflict_and_quiet_elsewhere() -> None:
    report = check([CORPUS], Engine.load())
    assert [(f.rule, f.severity) for f in report.findings] == [("interval-disagreement", "error")]
    quotes = {" ".join(c.quote.split()) for c in report.findings[0].claims}
    assert quotes == {"khoảng 7,8 triệu lượt khách", "7,8 triệu lượt khách", "8,7 triệu lượt khách"}


def test_agreeing_figures_are_aligned_not_flagged() -> None:
    report = check([CORPUS], Engine.load())
    multi = {
        frozenset(" ".join(c.quote.split()) for c in f.claims)
        for f in report.facts
        if len({c.source for c in f.claims}) > 1
    }
    assert frozenset({"2,4 triệu lượt", "gần 2,4 triệu lượt"}) in multi  # international visitors
    assert frozenset({"hơn 1.300 cơ sở lưu trú", "1.350 cơ sở lưu trú"}) in multi
    # Visitors "có lưu trú" (staying overnight) are a subset: never the same fact.
    assert not any("1,5 triệu lượt" in q for group in multi for q in group)


ECONOMY = Path(__file__).parent / "fixtures" / "corpora" / "economy"


def test_economy_exports_conflict_and_nothing_else() -> None:
    report = check([ECONOMY], Engine.load())
    assert [(f.rule, f.severity) for f in report.findings] == [("interval-disagreement", "error")]
    quotes = {" ".join(c.quote.split()) for c in report.findings[0].claims}
    # The headline's rounded "hơn 44 tỷ" joins its own article's "44,2 tỷ": one fact.
    assert {"hơn 44 tỷ USD", "ước đạt 44,2 tỷ USD", "khoảng 44,2 tỷ USD", "41,2 tỷ USD"} == quotes


def test_a_comparison_baseline_dates_no_figure() -> None:
    report = check([ECONOMY], Engine.load())
    imports = [c for c in report.claims if " ".join(c.quote.split()) == "40,8 tỷ USD"]
    assert [c.time for c in imports] == ["2023"]  # not 2022 from "so với năm 2022"


EVENTS = Path(__file__).parent / "fixtures" / "corpora" / "events"


def test_one_games_three_ways_and_dates_across_months() -> None:
    report = check([EVENTS], Engine.load())
    assert [(f.rule, f.fact) for f in report.findings] == [
        ("event-date-disagreement", "event: SEA Games 31")
    ]
    assert len(report.findings[0].claims) == 3  # "SEA Games 31", "lần thứ 31", "(SEA Games 31)"
    times = {c.event: c.time for c in report.claims if c.source.endswith("b.txt")}
    assert times["dai hoi#13"] == "2021-01-25/2021-02-01"  # "từ ngày 25/1 đến 1/2/2021"


ENCODINGS = Path(__file__).parent / "fixtures" / "corpora" / "encodings"


def test_windows_1258_utf16_and_nfd_files_compare_as_one_corpus() -> None:
    report = check([ENCODINGS], Engine.load())
    assert [f.rule for f in report.findings] == ["value-disagreement"]
    finding = report.findings[0]
    assert {c.source.rsplit("/", 1)[-1] for c in finding.claims} == {
        "a_cp1258.txt",
        "b_utf16.txt",
        "c_nfd.txt",
    }
    assert finding.fact.startswith("tỉnh thu hút")  # labels read the same in any encoding
    assert {s.encoding for s in report.sources} >= {"cp1258"}
