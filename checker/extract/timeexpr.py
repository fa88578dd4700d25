"""Time expressions: dates, months, years, periods, and relative time words.

Found with small regular expressions on canonical text (dateparser's text search is slow
and turns decimals such as "4,75" into years, so it is not used to find dates).  Values
are ISO-like strings: "2023", "2024-10", "2019-02-27/2019-02-28", "2018-01/2018-06",
"1989/2005"; a date with no year is "--10-04".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from checker.extract.lexicon import Lexicon
from checker.extract.spans import Occupied
from checker.numbers import NUMBER_WORDS, roman_to_int
from checker.prefilter import fold_case
from checker.textnorm import squash

MIN_YEAR, MAX_YEAR = 1000, 2100


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression inside one sentence (offsets relative to the sentence)."""

    start: int
    end: int
    kind: str  # date, month, year, period, asof, yearly, last_year, this_year
    value: str  # ISO-like; for relative kinds the kind itself
    forward: bool = False  # a target ("tầm nhìn 2030"), not a reported time
    baseline: bool = False  # the base of a comparison ("so với năm 2022"): dates no figure
    claim: bool = True  # whether it is itself a claim (dates and periods are)

    @property
    def year_end(self) -> int | None:
        """The last year the expression covers, if it names one."""
        years = re.findall(r"\d{4}", self.value)
        return int(years[-1]) if years else None


_Y = r"(\d{4})"
_D = r"(\d{1,2})"
_SEP = r"\s*/\s*"
_NUMWORD_MONTHS = {k: v for k, v in NUMBER_WORDS.items() if k != "nhất"}


@dataclass(frozen=True)
class _TimePattern:
    """A time pattern, on folded text (``fold_case``: lower case, same offsets).

    Python's ``re`` tries a pattern at every position unless it starts with a literal or
    a class; "(?:ngày\\s+)?5/6/2019" starts with neither.  So such a pattern is split:
    the ``core`` starts with the digits (re scans for them in C) and the words that may
    (or must, ``required``) come before it are looked for right before each core match,
    within ``_PREFIX_WINDOW`` characters.  Matches are those of the whole pattern.
    """

    core: re.Pattern[str]
    prefix: re.Pattern[str] | None = None  # anchored at the core's start
    required: bool = False

    def matches(self, folded: str) -> Iterator[tuple[int, int, tuple[str | None, ...]]]:
        for m in self.core.finditer(folded):
            start = m.start()
            if self.prefix is not None:
                before = self.prefix.search(folded, max(0, start - _PREFIX_WINDOW), start)
                if before is not None and before.start() < start:
                    start = before.start()
                elif self.required:
                    continue
            yield start, m.end(), m.groups()


_PREFIX_WINDOW = 40  # longest prefix words plus white space


def _split(core: str, prefix: str | None = None, required: bool = False) -> _TimePattern:
    anchored = None if prefix is None else re.compile(rf"(?:{prefix})\Z")
    return _TimePattern(re.compile(core), anchored, required)


_AT = r"(?:ngày|sáng|chiều|tối|trưa|đêm)\s+"  # "ngày 5/6", "sáng 27/2"

_PATTERNS: list[tuple[str, _TimePattern]] = [
    (  # "năm 2014 và 6 tháng đầu năm 2015": one span of 18 months
        "year_and_months",
        _split(rf"năm\s+{_Y}\s+và\s+(\d{{1,2}})\s+tháng\s+(?:đầu\s+)?năm\s+{_Y}(?!\d)"),
    ),
    (  # "từ ngày 25/1 đến 1/2/2021": a span across months
        "month_span",
        _split(
            rf"{_D}{_SEP}{_D}\s*(?:-|–|đến)\s*(?:ngày\s+)?{_D}{_SEP}{_D}{_SEP}{_Y}(?!\d)",
            r"(?:từ\s+)?(?:ngày\s+)?",
        ),
    ),
    (
        "date_range",
        _split(rf"{_D}\s*(?:và|-|–|đến)\s*{_D}{_SEP}{_D}{_SEP}{_Y}(?!\d)", r"ngày\s+"),
    ),
    ("date", _split(rf"{_D}\s*([/.-])\s*{_D}\s*\2\s*{_Y}(?!\d)", _AT)),
    (
        "day_range",
        _split(rf"{_D}\s*[-–]\s*{_D}{_SEP}{_D}(?![\d/])", r"(?:ngày|từ ngày|từ)\s+", True),
    ),
    (  # "từ ngày 8/6 đến 13/7": a span across months, its year the publication's
        "day_month_span",
        _split(
            rf"{_D}{_SEP}{_D}\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?{_D}{_SEP}{_D}(?![\d/])",
            r"(?:từ\s+ngày|từ)\s+",
            True,
        ),
    ),
    ("day", _split(rf"{_D}{_SEP}{_D}(?![\d/])", _AT, True)),
    ("month", _split(rf"tháng\s+{_D}\s*(?:/|-|năm)\s*{_Y}(?!\d)")),
    (
        "months_of",
        _split(
            rf"(\d{{1,2}}|{'|'.join(_NUMWORD_MONTHS)})\s+tháng\s+(đầu|cuối)?\s*(?:năm\s+)?{_Y}(?!\d)"
        ),
    ),
    ("quarter", _split(rf"quý\s+(i{{1,3}}|iv|[1-4])\s*(?:/|năm)\s*{_Y}(?!\d)")),
    ("half", _split(rf"(nửa đầu|nửa cuối|nửa sau)\s+năm\s+{_Y}(?!\d)")),
    ("century", _split(r"thế\s+kỷ\s+(\d{1,2}|[ivxl]+)(?!\w)")),
    ("month_only", _split(r"tháng\s+(\d{1,2})(?!\d|[/,.]\d|\s*(?:năm|/|-)\s*\d)")),
    ("decade", _split(r"năm\s+(\d{3}0)(?!\d)", r"(?:những|các|thập kỷ|thập niên)\s+", True)),
    (
        "year_range",
        _split(
            rf"{_Y}\s*(?:-|–|đến|tới)\s*(?:năm\s+)?{_Y}(?!\d)",
            r"(?:giai đoạn|thời kỳ|nhiệm kỳ|từ năm|từ|trong)\s+",
        ),
    ),
    # Three shapes, each starting with a literal: "vào năm 2019", "năm 2019", "(2019)".
    (
        "year",
        _split(rf"vào\s+năm\s+{_Y}(?!\d)|năm\s+{_Y}(?!\d)|\(\s*(?:năm\s+)?{_Y}\s*\)(?!\d)"),
    ),
]


_DIGIT = re.compile(r"\d")


_SEPARATED = re.compile(r"\d\s*[/.\-–]\s*\d")
_YEAR_SPAN = re.compile(r"\d{4}\s*(?:-|–|đến|tới)")
# A cheap test per pattern kind on the folded sentence: can it match at all?  All are
# answered at once from a few substring tests shared between kinds (one call per
# sentence instead of one per kind).


def _open_kinds(t: str) -> dict[str, bool]:
    thang, slash, nam = "tháng" in t, "/" in t, "năm" in t
    return {
        "year_and_months": thang and " và " in t,
        "month_span": slash and t.count("/") >= 3,
        "date_range": slash,
        "date": bool(_SEPARATED.search(t)),
        "day_range": slash,
        "day_month_span": slash and t.count("/") >= 2,
        "day": slash,
        "month": thang,
        "months_of": thang,
        "quarter": "quý" in t,
        "half": "nửa" in t,
        "century": "thế" in t,
        "month_only": thang,
        "decade": nam,
        "year_range": bool(_YEAR_SPAN.search(t)),
        "year": nam or "(" in t,
    }


def _valid_year(y: str) -> bool:
    return MIN_YEAR <= int(y) <= MAX_YEAR


def _ymd(y: str, m: str, d: str) -> str | None:
    """An ISO date, or None when there is no such day ("30/2/2019" is a typo, not a date)."""
    if not _valid_year(y):
        return None
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _value(kind: str, g: tuple[str | None, ...]) -> tuple[str, str] | None:
    """Turn a pattern's groups into (expression kind, ISO-like value)."""
    if kind == "month_span":
        span_year = g[4] or ""
        a, b = _ymd(span_year, g[1] or "", g[0] or ""), _ymd(span_year, g[3] or "", g[2] or "")
        return ("date", f"{a}/{b}") if a and b and a <= b else None
    if kind == "date_range":
        a, b = _ymd(g[3] or "", g[2] or "", g[0] or ""), _ymd(g[3] or "", g[2] or "", g[1] or "")
        return ("date", f"{a}/{b}") if a and b else None
    if kind == "date":
        v = _ymd(g[3] or "", g[2] or "", g[0] or "")
        return ("date", v) if v else None
    if kind == "day_month_span":
        ends = [(int(g[1] or 0), g[0] or "0"), (int(g[3] or 0), g[2] or "0")]
        if not all(_ymd("2000", str(mi), d) for mi, d in ends) or ends[0][0] > ends[1][0]:
            return None
        return "date", "/".join(f"--{mi:02d}-{int(d):02d}" for mi, d in ends)
    if kind in ("day_range", "day"):
        days, month = (g[:2], g[2]) if kind == "day_range" else (g[:1], g[1])
        mi = int(month or 0)
        # 2000 is a leap year: any day some year has is accepted ("29/2").
        if not all(_ymd("2000", str(mi), d or "0") for d in days):
            return None
        return "date", "/".join(f"--{mi:02d}-{int(d or 0):02d}" for d in days)
    if kind == "month":
        mi = int(g[0] or 0)
        return (
            ("month", f"{int(g[1] or 0):04d}-{mi:02d}")
            if 1 <= mi <= 12 and _valid_year(g[1] or "")
            else None
        )
    if kind == "months_of":
        raw = (g[0] or "").lower()
        n = int(raw) if raw.isdigit() else _NUMWORD_MONTHS.get(raw, 0)
        if not 1 <= n <= 12 or not _valid_year(g[2] or ""):
            return None
        y = int(g[2] or 0)
        if (g[1] or "").lower() == "cuối":
            return "period", f"{y:04d}-{13 - n:02d}/{y:04d}-12"
        return "period", f"{y:04d}-01/{y:04d}-{n:02d}"
    if kind == "quarter":
        q = roman_to_int((g[0] or "").upper()) if not (g[0] or "").isdigit() else int(g[0] or 0)
        y = int(g[1] or 0)
        if not q or not _valid_year(g[1] or ""):
            return None
        return "period", f"{y:04d}-{3 * q - 2:02d}/{y:04d}-{3 * q:02d}"
    if kind == "half":
        y = int(g[1] or 0)
        first = (g[0] or "").lower() == "nửa đầu"
        return "period", f"{y:04d}-01/{y:04d}-06" if first else f"{y:04d}-07/{y:04d}-12"
    if kind == "year_and_months":
        y1, n, y2 = g[0] or "", int(g[1] or 0), g[2] or ""
        if not (_valid_year(y1) and _valid_year(y2) and int(y1) < int(y2) and 1 <= n <= 12):
            return None
        return "period", f"{y1}-01/{y2}-{n:02d}"
    if kind == "month_only":
        mi = int(g[0] or 0)
        return ("month", f"--{mi:02d}") if 1 <= mi <= 12 else None
    if kind == "decade":
        y = int(g[0] or 0)
        return ("period", f"{y:04d}/{y + 9:04d}") if _valid_year(g[0] or "") else None
    if kind == "year_range":
        a, b = g[0] or "", g[1] or ""
        if not (_valid_year(a) and _valid_year(b) and int(a) < int(b)):
            return None
        return "period", f"{a}/{b}"
    if kind == "century":
        raw = g[0] or ""
        century = int(raw) if raw.isdigit() else roman_to_int(raw.upper())
        return ("century", str(century)) if century else None
    if kind == "year":
        year = next((y for y in g if y), "")
        return ("year", year) if _valid_year(year) else None
    return None


def find_times(text: str, lex: Lexicon, folded: str | None = None) -> list[TimeExpr]:
    """All time expressions in ``text`` (canonical), earliest first, not overlapping."""
    taken = Occupied(len(text))
    found: list[TimeExpr] = []

    if folded is None:  # same offsets; the patterns are built for it
        folded = fold_case(text)
    # Every pattern but the relative time words needs a digit (or "thế kỷ XXI"), and
    # most a keyword: skip the ones that cannot match (this runs for every sentence).
    dated = _DIGIT.search(text) is not None or "thế" in folded
    open_kinds = _open_kinds(folded) if dated else {}
    for kind, pattern in _PATTERNS if dated else ():
        if not open_kinds[kind]:
            continue
        for start, end, groups in pattern.matches(folded):
            if not taken.free(start, end):
                continue
            parsed = _value(kind, groups)
            if parsed is None:
                continue
            ekind, value = parsed
            digits = _DIGIT.search(text, start, end)
            head = digits.start() if digits else start
            forward = bool(lex.forward_re.search(text[max(0, head - 60) : head]))
            # Only the words just before the time can make it a baseline (bounded window).
            baseline = bool(
                lex.comparison_re and lex.comparison_re.search(text, max(0, start - 30), start)
            )
            found.append(TimeExpr(start, end, ekind, value, forward=forward, baseline=baseline))
            taken.take(start, end)
    words = lex.time_words_re
    for m in words.finditer(folded) if words else ():
        if taken.free(m.start(), m.end()):
            rkind = lex.time_word_kinds[squash(m.group(0))]
            found.append(TimeExpr(m.start(), m.end(), rkind, rkind, claim=False))
            taken.take(m.start(), m.end())
    found.sort(key=lambda t: t.start)
    return found
