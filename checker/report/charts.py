"""Charts of the findings, drawn so that what the eye sees is what the sources say.

Each finding with something to draw gets one chart (an SVG file beside the Markdown
audit, inline in the HTML report), made of panels:

- an **interval** panel per unit: one bar per source spanning the range its hedge
  allows.  An excluded bound ("hơn 100" excludes 100) is an open circle with the bar
  stopping just short of it; a missing bound ("hơn 100" has no upper one) is a bar that
  fades out towards the edge of the panel and ends in an arrow.  So "gần 100" ends open
  below 100, "hơn 100" starts open above it, and the gap between them is visible.
  Claims in different units (visits and delegations) never share an axis.
- a **step** panel for "as of" figures: the range each source allows, held from its
  publication date to the next one's, so growth over time reads as a staircase.  A
  figure about one year or period never gets a publication-date axis.
- a **timeline** for event dates: one bar per source across the year, month or day it
  gives.

``plan_charts`` decides what to draw (pure, cheap, no plotting library); ``draw`` builds
a matplotlib figure (tests inspect its artists, found by their ``gid``) and
``render_svg`` writes it as deterministic SVG text: a fixed hash salt, no date in the
metadata, text kept as text.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, cast

from checker.i18n import _
from checker.model import Claim, Finding, Report, Source
from checker.report.common import (
    TIME_KINDS,
    RenderOptions,
    date_text,
    format_interval,
    format_number,
    one_line,
    outlet_of,
    shown_claims,
    sorted_findings,
    sources_by_path,
)
from checker.report.subject import subject_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Colour-blind safe (Okabe and Ito), one per source row, in claim order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
_MAX_ROW_LABEL = 38  # characters of a row's label (outlet and date) before "…"
_MAX_WORDS = 70  # characters of a quote written above its bar


@dataclass(frozen=True, slots=True)
class Mark:
    """One claim as drawn.  ``low``/``high`` are in the panel's units (scaled figures,
    or days since 0001-01-01 on a time axis); ``None`` is unbounded."""

    row: str  # who says it: outlet and publication date
    words: str  # the article's own words
    reading: str  # the range as text
    location: str  # path:line:col
    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False
    when: date | None = None  # publication date (step panels)
    colour: int = 0  # the source's place among the finding's sources: one colour each


@dataclass(frozen=True, slots=True)
class Panel:
    """One set of axes: "interval", "step" or "timeline"."""

    kind: str
    title: str
    axis: str  # what the value axis counts, with its scale word
    marks: tuple[Mark, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """The chart of one finding (``number`` is its place in the sorted findings)."""

    number: int
    title: str
    severity: str
    panels: tuple[Panel, ...]

    @property
    def slug(self) -> str:
        """File name part: ``chart-3``."""
        return f"chart-{self.number}"


# ---------------------------------------------------------------- planning


def chart_file_name(stem: str, chart: Chart) -> str:
    """The SVG's name beside a report named ``stem``.md: ``seeds-audit.chart-3.svg``."""
    return f"{stem}.{chart.slug}.svg"


def plan_charts(report: Report, options: RenderOptions) -> list[Chart]:
    """One chart per finding that has something to draw, numbered as the reports number
    the findings (severity first, see ``sorted_findings``)."""
    sources = sources_by_path(report)
    charts = []
    for number, finding in enumerate(sorted_findings(report.findings), start=1):
        chart = chart_for(finding, number, sources, options)
        if chart is not None:
            charts.append(chart)
    return charts


def chart_for(
    finding: Finding, number: int, sources: dict[str, Source], options: RenderOptions
) -> Chart | None:
    """The chart of one finding, or None when no panel can be drawn."""
    claims, _hidden = shown_claims(finding, options.max_claims)
    order = {path: i for i, path in enumerate(dict.fromkeys(c.source for c in claims))}
    panels: list[Panel] = []
    dated = [c for c in claims if c.kind in TIME_KINDS]
    if dated:
        timeline = _timeline_panel(dated, sources)
        if timeline is not None:
            panels.append(timeline)
    figures = [
        c for c in claims if c.kind not in TIME_KINDS and (c.low is not None or c.high is not None)
    ]
    units = list(dict.fromkeys(c.unit or "" for c in figures))
    for unit in units:
        group = [c for c in figures if (c.unit or "") == unit]
        panels.append(_interval_panel(group, unit, len(units) > 1, sources, options))
    for unit in units:
        group = [c for c in figures if (c.unit or "") == unit and c.time == "asof"]
        step = _step_panel(group, unit, len(units) > 1, sources, options)
        if step is not None:
            panels.append(step)
    if not panels:
        return None
    coloured = tuple(
        replace(panel, marks=tuple(replace(m, colour=order[_path(m)]) for m in panel.marks))
        for panel in panels
    )
    return Chart(number, subject_label(finding), finding.severity, coloured)


def _path(mark: Mark) -> str:
    return mark.location.rsplit(":", 2)[0]


def _published(claim: Claim, sources: dict[str, Source]) -> tuple[date | None, str | None]:
    source = sources.get(claim.source)
    if source is not None and source.published is not None:
        return source.published, source.published_basis
    return claim.published, None


def source_name(source: Source | None, path: str, limit: int = 48) -> str:
    """What an editor calls a source: its outlet, else its title (cut to ``limit``
    characters), else its file name."""
    if source is not None and (source.outlet or source.title):
        name = one_line(source.outlet or source.title or "")
        return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
    return outlet_of(source) or PurePosixPath(path).name


def _row(claim: Claim, sources: dict[str, Source]) -> str:
    name = source_name(sources.get(claim.source), claim.source)
    day, basis = _published(claim, sources)
    when = f" · {date_text(day, basis)}" if day else ""
    room = _MAX_ROW_LABEL - len(when)
    return (name if len(name) <= room else name[: room - 1] + "…") + when


def _words(claim: Claim) -> str:
    text = one_line(claim.quote)
    return text if len(text) <= _MAX_WORDS else text[: _MAX_WORDS - 1] + "…"


def _location(claim: Claim) -> str:
    return f"{claim.source}:{claim.line}:{claim.column}"


def scale_for(values: list[Decimal], options: RenderOptions) -> tuple[str, int]:
    """One scale word for a whole axis ("tỷ", 10**9), chosen by its largest figure."""
    top = max((abs(v) for v in values), default=Decimal(0))
    return next(((w, f) for w, f in options.scales if top >= f), ("", 1))


def _axis_name(unit: str, word: str) -> str:
    return " ".join(part for part in (word, unit) if part) or _("value")


def _figure_mark(
    claim: Claim, factor: int, sources: dict[str, Source], options: RenderOptions
) -> Mark:
    def scaled(value: Decimal | None) -> float | None:
        return None if value is None else float(value / factor)

    return Mark(
        row=_row(claim, sources),
        words=_words(claim),
        reading=format_interval(claim, options.scales),
        location=_location(claim),
        low=scaled(claim.low),
        high=scaled(claim.high),
        low_open=claim.low_open,
        high_open=claim.high_open,
        when=_published(claim, sources)[0],
    )


def _bounds(claims: list[Claim]) -> list[Decimal]:
    return [v for c in claims for v in (c.low, c.high) if v is not None]


def _interval_panel(
    claims: list[Claim],
    unit: str,
    several: bool,
    sources: dict[str, Source],
    options: RenderOptions,
) -> Panel:
    word, factor = scale_for(_bounds(claims), options)
    title = _("What each source says")
    if several:
        title = f"{title}: {unit}"
    marks = tuple(_figure_mark(c, factor, sources, options) for c in claims)
    return Panel("interval", title, _axis_name(unit, word), marks)


def _step_panel(
    claims: list[Claim],
    unit: str,
    several: bool,
    sources: dict[str, Source],
    options: RenderOptions,
) -> Panel | None:
    """The "as of" figures over publication dates, or None with fewer than two dates."""
    word, factor = scale_for(_bounds(claims), options)
    marks = [_figure_mark(c, factor, sources, options) for c in claims]
    marks = [m for m in marks if m.when is not None]
    if len({m.when for m in marks}) < 2:
        return None
    marks.sort(key=lambda m: (m.when or date.min, m.row))
    title = _("As of each publication date")
    if several:
        title = f"{title}: {unit}"
    return Panel("step", title, _axis_name(unit, word), tuple(marks))


_TIME = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def time_span(text: str | None) -> tuple[date, date] | None:
    """First and last day of an ISO-like time: "2005", "2019-02", "2019-02-27/2019-02-28"."""
    if not text:
        return None
    parts = text.split("/")
    if len(parts) > 2:
        return None
    first, last = _day(parts[0], last=False), _day(parts[-1], last=True)
    if first is None or last is None:
        return None
    return (first, last) if first <= last else None


def _day(text: str, *, last: bool) -> date | None:
    found = _TIME.fullmatch(text.strip())
    if found is None:
        return None
    year = int(found[1])
    month = int(found[2]) if found[2] else (12 if last else 1)
    try:
        if found[3]:
            return date(year, month, int(found[3]))
        if not last:
            return date(year, month, 1)
        if (year, month) == (9999, 12):
            return date(9999, 12, 31)
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    except ValueError:
        return None


def _timeline_panel(claims: list[Claim], sources: dict[str, Source]) -> Panel | None:
    marks = []
    for claim in claims:
        span = time_span(claim.time)
        if span is None:
            continue
        first, last = span
        marks.append(
            Mark(
                row=_row(claim, sources),
                words=_words(claim),
                reading=claim.time or "",
                location=_location(claim),
                low=float(first.toordinal()),
                high=float(last.toordinal() + 1),  # to the end of the last day
            )
        )
    if not marks:
        return None
    return Panel("timeline", _("Dates the sources give"), _("date"), tuple(marks))


# ---------------------------------------------------------------- drawing

_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, and no glyph outlines to vary
    "font.family": ["DejaVu Sans"],
    "font.size": 9.0,
    "text.parse_math": False,  # a "$" in an article is a dollar sign, not TeX
    "path.simplify": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_BAR = 0.34  # bar thickness, in rows
_GAP = 0.008  # an open end stops this share of the axis short of its bound
_FADE_STEPS = 6  # an unbounded end fades out in this many pieces


@contextlib.contextmanager
def _settings(salt: str) -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(cast(Any, {**_RC, "svg.hashsalt": salt})), warnings.catch_warnings():
        # A glyph missing from the font (a CJK word in an article) must not end the run.
        warnings.simplefilter("ignore")
        yield


def draw(chart: Chart) -> Figure:
    """The chart as a matplotlib figure (not drawn on screen; no global state)."""
    from matplotlib.figure import Figure

    with _settings(chart.slug):
        heights = [_panel_height(panel) for panel in chart.panels]
        figure = Figure(figsize=(8.0, sum(heights) + 0.9), layout="constrained")
        axes_list = figure.subplots(
            len(chart.panels), 1, squeeze=False, gridspec_kw={"height_ratios": heights}
        )[:, 0]
        figure.suptitle(chart.title, fontsize=10.5, fontweight="bold")
        for index, (axes, panel) in enumerate(zip(axes_list, chart.panels, strict=True)):
            axes.set_gid(f"p{index}-{panel.kind}")
            if panel.kind == "step":
                _draw_step(axes, panel)
            elif panel.kind == "timeline":
                _draw_rows(axes, panel, dates=True)
            else:
                _draw_rows(axes, panel, dates=False)
        legend = _legend(chart)
        if legend:
            figure.supxlabel(legend, fontsize=7.5, color="#555555")
    return figure


def _legend(chart: Chart) -> str:
    marks = [m for panel in chart.panels if panel.kind != "timeline" for m in panel.marks]
    ends = [(bound, is_open) for m in marks for bound, is_open in
            ((m.low, m.low_open), (m.high, m.high_open))]  # fmt: skip
    parts = []
    if any(bound is not None and is_open for bound, is_open in ends):
        parts.append(_("○ open end: that bound is excluded"))
    if any(bound is not None and not is_open for bound, is_open in ends):
        parts.append(_("| closed end: included"))
    if any(bound is None for bound, _open in ends):
        parts.append(_("fading arrow: no bound on that side"))
    return "   ".join(parts)


def _panel_height(panel: Panel) -> float:
    if panel.kind == "step":
        return 2.6
    return 0.75 + 0.62 * len(panel.marks)


def render_svg(chart: Chart) -> str:
    """The chart as SVG text, the same bytes for the same chart."""
    figure = draw(chart)
    out = io.StringIO()
    with _settings(chart.slug):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def _limits(marks: tuple[Mark, ...]) -> tuple[float, float]:
    finite = [v for m in marks for v in (m.low, m.high) if v is not None]
    low, high = min(finite), max(finite)
    span = high - low or max(abs(high) * 0.1, 1.0)
    left = low - span * (0.6 if any(m.low is None for m in marks) else 0.15)
    right = high + span * (0.6 if any(m.high is None for m in marks) else 0.15)
    return left, right


def _prefix(axes: Axes) -> str:
    """ "p0-": what starts the ids of a panel's pieces, so that no two panels share one."""
    return str(axes.get_gid() or "").partition("-")[0] + "-"


class _Drawer:
    """Draws one interval along the value axis of ``axes`` at position ``at`` across it
    (a row, or a date): horizontal on interval panels, vertical on step panels."""

    def __init__(self, axes: Axes, edges: tuple[float, float], vertical: bool) -> None:
        self.axes, self.edges, self.vertical = axes, edges, vertical
        self.prefix = _prefix(axes)
        self.gap = (edges[1] - edges[0]) * _GAP

    def _xy(self, along: float, at: float) -> tuple[float, float]:
        return (at, along) if self.vertical else (along, at)

    def _rect(self, start: float, end: float, at: float, width: float, **style: Any) -> None:
        from matplotlib.patches import Rectangle

        x, y = self._xy(start, at - width / 2)
        size = (width, end - start) if self.vertical else (end - start, width)
        style["gid"] = self.prefix + style["gid"]
        self.axes.add_patch(Rectangle((x, y), *size, linewidth=0, **style))

    def _marker(self, along: float, at: float, gid: str, **style: Any) -> None:
        x, y = self._xy(along, at)
        self.axes.plot(
            [x], [y], linestyle="none", gid=self.prefix + gid, clip_on=False, zorder=4, **style
        )

    def interval(self, mark: Mark, at: float, index: int, color: str, width: float) -> None:
        left, right = self.edges
        start = mark.low if mark.low is not None else left
        end = mark.high if mark.high is not None else right
        if mark.low is not None and mark.low_open:
            start += self.gap
        if mark.high is not None and mark.high_open:
            end -= self.gap
        if mark.low is not None and mark.high is not None and mark.low == mark.high:
            self._marker(mark.low, at, f"point-{index}", marker="o", color=color, markersize=7)
            return
        solid_start = start if mark.low is not None else start + (end - start) * 0.45
        solid_end = end if mark.high is not None else start + (end - start) * 0.55
        if mark.low is None:
            solid_start = max(solid_start, end - (end - left) * 0.55)
        self._rect(solid_start, solid_end, at, width, color=color, gid=f"bar-{index}")
        if mark.high is None:
            self._fade(solid_end, right, at, width, color, f"unbounded-high-{index}", ">")
        if mark.low is None:
            self._fade(solid_start, left, at, width, color, f"unbounded-low-{index}", "<")
        for bound, is_open, side in (
            (mark.low, mark.low_open, "low"),
            (mark.high, mark.high_open, "high"),
        ):
            if bound is None:
                continue
            if is_open:
                self._marker(
                    bound,
                    at,
                    f"open-{side}-{index}",
                    marker="o",
                    markersize=7,
                    markerfacecolor="white",
                    markeredgecolor=color,
                    markeredgewidth=1.6,
                )
            else:
                tick = "_" if self.vertical else "|"
                self._marker(bound, at, f"closed-{side}-{index}", marker=tick, markersize=13,
                             color=color, markeredgewidth=2.2)  # fmt: skip

    def _fade(self, start: float, stop: float, at: float, width: float, color: str, gid: str,
              arrow: str) -> None:  # fmt: skip
        step = (stop - start) / _FADE_STEPS
        for piece in range(_FADE_STEPS):
            alpha = 0.85 * (1 - (piece + 1) / (_FADE_STEPS + 1))
            a, b = sorted((start + piece * step, start + (piece + 1) * step))
            self._rect(a, b, at, width, color=color, alpha=alpha, gid=f"{gid}-fade-{piece}")
        marker = {">": "^", "<": "v"}[arrow] if self.vertical else arrow
        self._marker(stop, at, gid, marker=marker, markersize=7, color=color, alpha=0.6)


def _value_formatter(dates: bool) -> Any:
    from matplotlib.ticker import FuncFormatter

    def text(value: float, _position: Any) -> str:
        if dates:
            day = date.fromordinal(max(1, round(value)))
            return day.strftime("%Y-%m") if day.month != 1 or day.day != 1 else str(day.year)
        return format_number(Decimal(str(round(float(value), 6))))

    return FuncFormatter(text)


def _draw_rows(axes: Axes, panel: Panel, *, dates: bool) -> None:
    """One row per source: interval panels and timelines."""
    edges = _limits(panel.marks)
    if dates:
        pad = max(200.0, (edges[1] - edges[0]) * 0.1)
        edges = (edges[0] - pad, edges[1] + pad)
        _year_ticks(axes, edges)
    drawer = _Drawer(axes, edges, vertical=False)
    rows = len(panel.marks)
    for index, mark in enumerate(panel.marks):
        color = PALETTE[mark.colour % len(PALETTE)]
        drawer.interval(mark, index, index, color, _BAR)
        axes.text(
            0.005, index - 0.3, f"“{mark.words}”  {mark.reading}",
            transform=axes.get_yaxis_transform(), fontsize=8, color="#222222", va="bottom",
            gid=_prefix(axes) + f"words-{index}",
        )  # fmt: skip
    axes.set_xlim(*edges)
    axes.set_ylim(rows - 0.5, -0.85)
    axes.set_yticks(range(rows), [m.row for m in panel.marks])
    axes.xaxis.set_major_formatter(_value_formatter(dates))
    axes.set_xlabel(panel.axis)
    axes.set_title(panel.title, loc="left", fontsize=9.5)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _year_ticks(axes: Axes, edges: tuple[float, float]) -> None:
    first = date.fromordinal(int(edges[0])).year + 1
    last = date.fromordinal(int(edges[1])).year
    step = max(1, (last - first + 1) // 8 or 1)
    axes.set_xticks([float(date(year, 1, 1).toordinal()) for year in range(first, last + 1, step)])


def _draw_step(axes: Axes, panel: Panel) -> None:
    """The range each "as of" source allows, held until the next publication date."""
    edges = _limits(panel.marks)
    days = [float((m.when or date.min).toordinal()) for m in panel.marks]
    span = days[-1] - days[0]
    left, right = days[0] - span * 0.06, days[-1] + span * 0.12
    drawer = _Drawer(axes, edges, vertical=True)
    for index, (mark, day) in enumerate(zip(panel.marks, days, strict=True)):
        color = PALETTE[mark.colour % len(PALETTE)]
        until = days[index + 1] if index + 1 < len(days) else right
        low = mark.low if mark.low is not None else edges[0]
        high = mark.high if mark.high is not None else edges[1]
        axes.fill_between([day, until], low, high, color=color, alpha=0.12, linewidth=0,
                          gid=_prefix(axes) + f"held-{index}")  # fmt: skip
        for bound, is_open in ((mark.low, mark.low_open), (mark.high, mark.high_open)):
            if bound is not None:
                axes.plot([day, until], [bound, bound], color=color, linewidth=1.2,
                          linestyle="--" if is_open else "-")  # fmt: skip
        drawer.interval(mark, day, index, color, span * 0.012)
        if index and mark.reading == panel.marks[index - 1].reading:
            continue  # the same range again: its words would only overlap the first's
        axes.annotate(
            f"“{mark.words}”", (day, high if mark.high is not None else low),
            xytext=(4, 4), textcoords="offset points", fontsize=7.5, color="#222222",
            gid=_prefix(axes) + f"words-{index}", annotation_clip=False,
        )  # fmt: skip
    axes.set_xlim(left, right)
    axes.set_ylim(*edges)
    ticks = sorted(set(days))
    axes.set_xticks(ticks, [_tick_date(panel.marks, t) for t in ticks])
    axes.yaxis.set_major_formatter(_value_formatter(False))
    axes.set_ylabel(panel.axis)
    axes.set_xlabel(_("publication date"))
    axes.set_title(panel.title, loc="left", fontsize=9.5)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _tick_date(marks: tuple[Mark, ...], day: float) -> str:
    found = next(m for m in marks if m.when is not None and m.when.toordinal() == int(day))
    return (found.row.rpartition(" · ")[2] or str(found.when)) if found.when else ""


__all__ = [
    "Chart",
    "Mark",
    "Panel",
    "chart_file_name",
    "chart_for",
    "draw",
    "plan_charts",
    "render_svg",
    "scale_for",
    "time_span",
]
