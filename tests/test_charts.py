"""The audit's charts draw what the sources say: intervals with open ends drawn open,
one axis per unit, a step chart only for "as of" figures, a timeline for event dates.

The drawn artists are inspected before saving (each carries a ``gid`` naming what it
is), and the SVG text is compared with golden files.  Regenerate after an intended
change, then review the pictures::

    UPDATE_GOLDEN=1 python3 -m pytest tests/test_charts.py
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fixtures.report import sample

from checker.model import Report
from checker.pipeline import Engine, check
from checker.report.charts import Chart, Panel, draw, plan_charts, render_svg, time_span
from checker.report.common import RenderOptions

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "charts"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def seeds() -> Report:
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        return check([Path("seeds")], Engine.load())
    finally:
        os.chdir(old)


def chart_with(report: Report, words: str) -> Chart:
    """The chart of the finding one of whose claims quotes ``words``."""
    for chart in plan_charts(report, RenderOptions()):
        if any(words in m.words for p in chart.panels for m in p.marks):
            return chart
    raise AssertionError(f"no chart quotes {words!r}")


def drawn(chart: Chart, panel_index: int) -> dict[str, object]:
    """The artists of one panel by gid."""
    axes = draw(chart).axes[panel_index]
    found: dict[str, object] = {}
    for artist in [*axes.patches, *axes.lines, *axes.texts, *axes.collections]:
        gid = artist.get_gid()
        if gid:
            found[gid.removeprefix(f"p{panel_index}-")] = artist
    return found


def row_of(panel: Panel, words: str) -> int:
    return next(i for i, m in enumerate(panel.marks) if m.words.startswith(words))


def bar_extent(artists: dict[str, object], row: int) -> tuple[float, float]:
    bar = artists[f"bar-{row}"]
    x, width = bar.get_x(), bar.get_width()  # type: ignore[attr-defined]
    return x, x + width


def marker_x(artists: dict[str, object], gid: str) -> float:
    return float(artists[gid].get_xdata()[0])  # type: ignore[attr-defined]


def test_partner_cities_gap_is_drawn_open_on_both_sides(seeds: Report) -> None:
    chart = chart_with(seeds, "gần 100")
    kinds = [p.kind for p in chart.panels]
    assert kinds == ["interval", "step"]  # "as of": also a step chart over publication dates
    panel = chart.panels[0]
    artists = drawn(chart, 0)
    near = row_of(panel, "gần 100")
    over = [i for i, m in enumerate(panel.marks) if m.words.startswith("hơn 100")]
    assert len(over) == 3
    # "gần 100": [90; 100) — closed at 90, ends open just below 100, never reaches it.
    start, end = bar_extent(artists, near)
    assert start == 90 and 99 < end < 100
    assert marker_x(artists, f"closed-low-{near}") == 90
    assert marker_x(artists, f"open-high-{near}") == 100
    assert f"unbounded-high-{near}" not in artists
    for row in over:
        # "hơn 100": (100; +∞) — starts open just above 100 and fades out to an arrow.
        start, end = bar_extent(artists, row)
        assert 100 < start < 101
        assert marker_x(artists, f"open-low-{row}") == 100
        assert f"closed-low-{row}" not in artists
        assert marker_x(artists, f"unbounded-high-{row}") > end
        assert f"unbounded-high-{row}-fade-0" in artists
    # Never a point at 100 for either side.
    assert not any(gid.startswith("point-") for gid in artists)


def test_partner_cities_step_chart_runs_over_publication_dates(seeds: Report) -> None:
    chart = chart_with(seeds, "gần 100")
    step = chart.panels[1]
    whens = [m.when for m in step.marks]
    assert whens == sorted(whens) and len(set(whens)) == 4
    assert step.marks[0].words.startswith("gần 100")  # the oldest article, the lower range
    axes = draw(chart).axes[1]
    assert axes.get_xlabel() == "publication date"
    ticks = [t.get_text() for t in axes.get_xticklabels()]
    assert ticks == ["2015-06", "2019-02-28", "2022-01-27", "2024-10"]


def test_visits_and_delegations_never_share_an_axis(seeds: Report) -> None:
    chart = chart_with(seeds, "trên dưới 250 lượt khách")
    assert [p.kind for p in chart.panels] == ["interval", "interval"]  # per year: no date axis
    figure = draw(chart)
    labels = [axes.get_xlabel() for axes in figure.axes]
    assert labels == ["lượt khách quốc tế", "đoàn khách quốc tế"]
    visits, delegations = chart.panels
    assert [m.words for m in visits.marks] == ["trên dưới 250 lượt khách quốc tế"]
    assert all("đoàn khách" in m.words for m in delegations.marks)
    assert len(delegations.marks) == 2
    # Each axis spans its own figures only.
    assert figure.axes[0].get_xlim()[0] > 200 and figure.axes[1].get_xlim()[1] < 250


def test_one_year_figure_has_no_publication_date_axis_and_one_scale(seeds: Report) -> None:
    chart = chart_with(seeds, "hơn 2,85 tỷ USD")
    assert [p.kind for p in chart.panels] == ["interval"]
    panel = chart.panels[0]
    assert panel.axis == "tỷ USD"
    assert sorted(m.low for m in panel.marks) == [2.607, 2.85]  # type: ignore[type-var]
    # "hơn 2.607 triệu": more than 2.607, and below 2.608 (its last stated digit).
    assert sorted(m.high for m in panel.marks) == [2.608, 2.86]  # type: ignore[type-var]
    assert all(m.low_open and m.high_open for m in panel.marks)


def test_event_dates_are_a_timeline_of_years(seeds: Report) -> None:
    chart = chart_with(seeds, "ASEM 5 năm 2005")
    assert [p.kind for p in chart.panels] == ["timeline"]
    spans = {m.reading: (m.low, m.high) for m in chart.panels[0].marks}
    assert spans["2005"] == (date(2005, 1, 1).toordinal(), date(2006, 1, 1).toordinal())
    assert spans["2004"] == (date(2004, 1, 1).toordinal(), date(2005, 1, 1).toordinal())


def test_svg_is_deterministic_text_with_named_pieces(seeds: Report) -> None:
    chart = chart_with(seeds, "gần 100")
    svg = render_svg(chart)
    assert svg == render_svg(chart)
    assert "<dc:date>" not in svg
    assert 'id="p0-open-high-1"' in svg and 'id="p0-unbounded-high-0"' in svg
    assert "gần 100 Thủ đô, TP lớn" in svg  # text stays text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2005", (date(2005, 1, 1), date(2005, 12, 31))),
        ("2019-02", (date(2019, 2, 1), date(2019, 2, 28))),
        ("2019-02-27/2019-02-28", (date(2019, 2, 27), date(2019, 2, 28))),
        ("1989/2005", (date(1989, 1, 1), date(2005, 12, 31))),
        ("9999", (date(9999, 1, 1), date(9999, 12, 31))),
        ("asof", None),
        ("2005/2004", None),
        ("2019-13", None),
        (None, None),
    ],
)
def test_time_span(text: str | None, expected: tuple[date, date] | None) -> None:
    assert time_span(text) == expected


def test_article_text_is_never_markup_in_a_chart() -> None:
    claim = replace(sample.CITIES_B, quote="hơn $100$ <b>thủ đô</b> & \\frac")
    finding = replace(sample.FINDING_CITIES, claims=(sample.CITIES_A, claim))
    report = sample.build_report(findings=(finding,))
    (chart,) = plan_charts(report, RenderOptions())
    svg = render_svg(chart)
    assert "hơn $100$ &lt;b&gt;thủ đô&lt;/b&gt; &amp; \\frac" in svg


def test_no_chart_without_a_bound() -> None:
    claim = replace(sample.CITIES_B, low=None, high=None, value=None)
    other = replace(sample.CITIES_A, low=None, high=None, value=None)
    finding = replace(sample.FINDING_CITIES, claims=(other, claim))
    assert plan_charts(sample.build_report(findings=(finding,)), RenderOptions()) == []


def test_golden_charts_of_the_sample_report() -> None:
    charts = plan_charts(sample.build_report(), RenderOptions())
    assert [c.number for c in charts] == [1, 2, 3]
    for chart in charts:
        path = GOLDEN / f"sample.{chart.slug}.svg"
        text = render_svg(chart)
        if UPDATE:
            path.write_text(text, encoding="utf-8")
            continue
        assert path.exists(), f"missing {path}; run with UPDATE_GOLDEN=1"
        assert text == path.read_text(encoding="utf-8"), f"{path.name} changed; see UPDATE_GOLDEN=1"
