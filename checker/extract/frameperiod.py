"""Periods of a fact frame: the templates of rules/generic/frames.yml compiled to one
regular expression, and the calendar arithmetic that turns a match into a span of time.

A template such as ``"{n} tháng đầu năm {year}"`` is data; its *kind* (``first_months``)
is code, here: it says how the slots make a span.  Expressions without a year ("quý I",
"6 tháng đầu năm", "tháng trước") are kept unresolved (``Stated``) until the frame reader
knows what they are relative to: the publication date, the article's period, or the
figure's own period (for a comparison base).

A resolved period is a ``Span`` of days; its value is ISO-like and as coarse as it is
exact: ``2024`` (a whole year), ``2024-Q3``, ``2024-12``, ``2024-01/2024-09`` (months),
``2025-06-12``, ``2025-06-12/2025-06-14``, ``2021/2025`` (years).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import MAXYEAR, MINYEAR, date
from functools import lru_cache

from checker.extract.lexicon import _word_pattern
from checker.numbers import roman_to_int
from checker.textnorm import canonical, fold

MIN_YEAR, MAX_YEAR = 1900, 2100

# Regexes of the template slots, on lower-case text.  {n} also takes number words.
_SLOTS = {
    "year": r"\d{4}",
    "year2": r"\d{4}",
    "q": r"iv|i{1,3}|[1-4]",
    "m": r"\d{1,2}",
    "m2": r"\d{1,2}",
    "d": r"\d{1,2}",
    "d2": r"\d{1,2}",
}
_SLOT = re.compile(r"\{(\w+)\}")


def _typical(m: re.Match[str]) -> str:
    """A slot as wide as a typical value, to order templates by specificity."""
    return {"year": "2024", "year2": "2025", "current": "xxxxxxx"}.get(m.group(1), "10")


# Kinds that give no period of their own: read so that they cover their words, then dropped.
DROPPED = frozenset({"none"})
# Kinds that stand for no span of days.
SPECIAL = frozenset({"asof", "yearly"})


@dataclass(frozen=True, slots=True)
class Span:
    """A span of whole days, ``start`` and ``end`` included."""

    start: date
    end: date

    @property
    def granularity(self) -> str:
        """year, quarter, month, months, date, range (days) or years."""
        return _shape(self)[1]

    @property
    def value(self) -> str:
        """The ISO-like value (see the module docstring)."""
        return _shape(self)[0]

    def shift_years(self, years: int) -> Span:
        """The same days ``years`` later (29 February becomes the 28th)."""
        return Span(_add_years(self.start, years), _add_years(self.end, years, end=True))

    def in_year(self, year: int) -> Span:
        """The same days in ``year`` (for "cùng kỳ năm 2019")."""
        return self.shift_years(year - self.end.year)

    def previous(self) -> Span | None:
        """The span of the same length just before, for a month or a quarter."""
        g = self.granularity
        if g not in ("month", "quarter"):
            return None
        months = 1 if g == "month" else 3
        first = _add_months(self.start, -months)
        return Span(first, _month_end(_add_months(self.start, -1)))


@dataclass(frozen=True, slots=True, eq=False)  # one per match: identity, hashed fast
class Stated:
    """A time expression as written: its kind and slots, not yet tied to a year."""

    kind: str
    start: int  # offsets in the canonical sentence
    end: int
    year: int | None = None
    year2: int | None = None
    quarter: int | None = None
    month: int | None = None
    month2: int | None = None
    day: int | None = None
    day2: int | None = None
    months: int | None = None  # {n}
    current: bool = False  # {current}: "quý I năm nay", in the year of reference

    @property
    def needs_year(self) -> bool:
        """Whether the span depends on a year the expression does not give."""
        return (
            self.year is None
            and not self.current
            and self.kind not in RELATIVE
            and self.kind not in SPECIAL
        )

    def span(self, year: int | None = None) -> Span | None:
        """The span this expression states, in ``year`` when it gives none itself."""
        y = self.year if self.year is not None else year
        if y is None or self.kind in RELATIVE or self.kind in SPECIAL:
            return None
        try:
            return _BUILDERS[self.kind](self, y)
        except (ValueError, KeyError, TypeError):
            return None  # "30/2", "tháng 13": not a day the calendar has

    def with_year(self, year: int) -> Stated:
        return replace(self, year=year)


# Kinds resolved against something else: the publication date or the figure's period.
RELATIVE = frozenset(
    {
        "this_year",
        "last_year",
        "previous_year",
        "same_period",
        "same_period_of",
        "previous_month",
        "previous_quarter",
        "year_to_date",
    }
)


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_end(d: date) -> date:
    """The last day of ``d``'s month (no calendar call: this runs for every period read)."""
    y, m = d.year, d.month
    leap = m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return date(y, m, 29 if leap else _DAYS[m - 1])


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    index = min(max(index, MINYEAR * 12), MAXYEAR * 12 + 11)
    return date(index // 12, index % 12 + 1, 1)


def _add_years(d: date, years: int, end: bool = False) -> date:
    # A year the calendar cannot hold (a garbled publication date in year 1, "năm
    # trước") stays at the calendar's edge instead of raising.
    y = min(max(d.year + years, MINYEAR), MAXYEAR)
    last = calendar.monthrange(y, d.month)[1]
    if end and d.day == calendar.monthrange(d.year, d.month)[1]:
        return date(y, d.month, last)  # the end of a month stays the end of the month
    return date(y, d.month, min(d.day, last))


def _months(y: int, first: int, last: int, y2: int | None = None) -> Span:
    start = date(y, first, 1)
    end_year = y if y2 is None else y2
    return Span(start, _month_end(date(end_year, last, 1)))


def _shape(span: Span) -> tuple[str, str]:
    """(value, granularity) of a span."""
    return _shape_of(span.start, span.end)


@lru_cache(maxsize=4096)
def _shape_of(s: date, e: date) -> tuple[str, str]:
    if s.day == 1 and e == _month_end(e):
        if s.month == 1 and e.month == 12:
            if s.year == e.year:
                return f"{s.year}", "year"
            return f"{s.year}/{e.year}", "years"
        if (s.year, s.month) == (e.year, e.month):
            return f"{s.year:04d}-{s.month:02d}", "month"
        if s.year == e.year and s.month % 3 == 1 and e.month == s.month + 2:
            return f"{s.year:04d}-Q{(s.month + 2) // 3}", "quarter"
        return f"{s.year:04d}-{s.month:02d}/{e.year:04d}-{e.month:02d}", "months"
    if s == e:
        return s.isoformat(), "date"
    return f"{s.isoformat()}/{e.isoformat()}", "range"


def _valid(y: int) -> int:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ValueError(y)
    return y


def _need(value: int | None) -> int:
    if value is None:
        raise ValueError("missing slot")
    return value


def _b_year(s: Stated, y: int) -> Span:
    return _months(_valid(y), 1, 12)


def _b_quarter(s: Stated, y: int) -> Span:
    q = _need(s.quarter)
    if not 1 <= q <= 4:
        raise ValueError(q)
    return _months(_valid(y), 3 * q - 2, 3 * q)


def _b_month(s: Stated, y: int) -> Span:
    m = _need(s.month)
    return _months(_valid(y), m, m)


def _b_first_months(s: Stated, y: int) -> Span:
    n = _need(s.months)
    if not 1 <= n <= 12:
        raise ValueError(n)
    return _months(_valid(y), 1, n)


def _b_last_months(s: Stated, y: int) -> Span:
    n = _need(s.months)
    if not 1 <= n <= 12:
        raise ValueError(n)
    return _months(_valid(y), 13 - n, 12)


def _b_first_half(s: Stated, y: int) -> Span:
    return _months(_valid(y), 1, 6)


def _b_second_half(s: Stated, y: int) -> Span:
    return _months(_valid(y), 7, 12)


def _b_through_month(s: Stated, y: int) -> Span:
    return _months(_valid(y), 1, _need(s.month))


def _b_through_date(s: Stated, y: int) -> Span:
    return Span(date(_valid(y), 1, 1), date(y, _need(s.month), _need(s.day)))


def _b_date(s: Stated, y: int) -> Span:
    d = date(_valid(y), _need(s.month), _need(s.day))
    return Span(d, d)


def _b_date_range(s: Stated, y: int) -> Span:
    first_month = _need(s.month)
    last_month = s.month2 if s.month2 is not None else first_month
    a = date(_valid(y), first_month, _need(s.day))
    b = date(y, last_month, _need(s.day2))
    if b < a:
        raise ValueError("range ends before it starts")
    return Span(a, b)


def _b_year_range(s: Stated, y: int) -> Span:
    y2 = _valid(_need(s.year2))
    if y2 <= _valid(y):
        raise ValueError("range ends before it starts")
    return _months(y, 1, 12, y2)


def _b_year_end(s: Stated, y: int) -> Span:
    d = date(_valid(y), 12, 31)
    return Span(d, d)


_BUILDERS = {
    "year": _b_year,
    "quarter": _b_quarter,
    "month": _b_month,
    "first_months": _b_first_months,
    "last_months": _b_last_months,
    "first_half": _b_first_half,
    "second_half": _b_second_half,
    "through_month": _b_through_month,
    "through_date": _b_through_date,
    "date": _b_date,
    "date_range": _b_date_range,
    "year_range": _b_year_range,
    "year_end": _b_year_end,
}


# --- Templates --------------------------------------------------------------------------


def _template_regex(
    template: str, tag: str, number_words: str, current: str, ascii_only: bool
) -> tuple[str, tuple[str, ...]]:
    """One template as a regex with groups named ``{tag}_{slot}``, and those slots."""
    text = canonical(template).lower()
    if ascii_only:
        text = fold(text)
    out: list[str] = []
    slots: list[str] = []
    pos = 0
    for m in _SLOT.finditer(text):
        out.append(_literal(text[pos : m.start()]))
        slot = m.group(1)
        number = _SLOTS.get(slot) or rf"\d{{1,2}}|{number_words}"
        body = current if slot == "current" else number
        out.append(rf"(?P<{tag}_{slot}>{body})")
        slots.append(slot)
        pos = m.end()
    out.append(_literal(text[pos:]))
    # Not inside a word or a number: "12,6 tháng", "năm 20245".
    tail = r"(?![\w/])" if text.endswith("}") else r"(?!\w)"
    return rf"(?P<{tag}>{''.join(out)}){tail}", tuple(slots)


def _first_key(template: str, ascii_only: bool) -> str:
    """What a template's matches start with: its first word, "(" or, for one that starts
    with a number, "#" and what follows the number ("#tháng", "#/", "#-")."""
    text = canonical(template).lower()
    if ascii_only:
        text = fold(text)
    if text.startswith("{current}"):
        return "("
    if text.startswith("{"):
        rest = _SLOT.sub("0", text[text.index("}") + 1 :]).lstrip()
        return "#" + _after_number(rest)
    m = _FIRST.match(text)
    return m.group() if m else text[:1]


def _after_number(rest: str) -> str:
    if rest[:1] in "-–":
        return "-"
    m = _FIRST.match(rest)
    return m.group() if m else rest[:1]


def _starts(table: dict[str, re.Pattern[str]]) -> re.Pattern[str]:
    """The first words of the templates as a trie (scanned in C), numbers and "("."""
    words = {k for k in table if k[:1] not in "#("}
    return re.compile(rf"{_word_pattern(words).pattern}|\d+|\(")


_FIRST = re.compile(r"[^\W\d_]+")
_NEXT = re.compile(r"\s*(?:[^\W\d_]+|\S)")
_NOT_BEFORE = re.compile(r"[\w.,/]")


def _literal(text: str) -> str:
    parts = []
    for ch in text:
        if ch == " ":
            parts.append(r"\s+")
        elif ch == "/":
            parts.append(r"\s*/\s*")
        elif ch in "-–":
            parts.append(r"\s*[-–]\s*")
        else:
            parts.append(re.escape(ch))
    return "".join(parts).replace(r"\s+\s*", r"\s*").replace(r"\s*\s+", r"\s*")


@dataclass(frozen=True)
class PeriodPatterns:
    """The period templates, grouped by what their matches start with.

    One alternation of every template was tried at every position of a sentence and cost
    milliseconds; here a sentence's words are listed once and each is tried only against
    the templates that start with it (most words start none), longest template first.
    """

    by_key: dict[str, re.Pattern[str]]  # first word (lower case) -> its templates
    ascii_by_key: dict[str, re.Pattern[str]]  # the same, folded
    starts: re.Pattern[str]  # where a match may start: a first word, a number, "("
    ascii_starts: re.Pattern[str]
    kinds: dict[str, str]  # group tag -> kind
    slots: dict[str, tuple[str, ...]]  # group tag -> slot names
    number_words: dict[str, int]  # lower-case (and folded) number word -> value

    @classmethod
    def build(cls, templates: dict[str, list[str]], number_words: dict[str, int]) -> PeriodPatterns:
        words: dict[str, int] = {}  # number words as written
        ascii_words: dict[str, int] = {}  # and folded, for text without diacritics only
        for word, value in number_words.items():
            if 1 <= value <= 12:
                words[canonical(word).lower()] = value
                ascii_words[fold(word)] = value
        now = sorted(templates.get("this_year", []), key=len, reverse=True)
        current = "|".join(_literal(canonical(t).lower()) for t in now) or "(?!)"
        ascii_current = "|".join(_literal(fold(t)) for t in now) or "(?!)"
        items = [(kind, t) for kind, ts in templates.items() for t in ts]
        # Longest first: at one position the more specific template wins ("tháng 7/2022"
        # over "tháng 7"); the sort is stable, so ties keep the file's order.
        items.sort(key=lambda item: len(_SLOT.sub(_typical, item[1])), reverse=True)
        kinds = {f"t{i}": kind for i, (kind, _) in enumerate(items)}
        slots: dict[str, tuple[str, ...]] = {}
        tables: list[dict[str, re.Pattern[str]]] = []
        for ascii_only, now_alt in ((False, current), (True, ascii_current)):
            numbers = ascii_words if ascii_only else words
            alternation = "|".join(re.escape(w) for w in sorted(numbers, key=len, reverse=True))
            grouped: dict[str, list[str]] = {}
            for i, (_, t) in enumerate(items):
                regex, names = _template_regex(t, f"t{i}", alternation, now_alt, ascii_only)
                slots[f"t{i}"] = names
                key = _first_key(t, ascii_only)
                grouped.setdefault(key, []).append(regex)
                if t.startswith("{n}"):  # "sáu tháng đầu năm": a number word starts it
                    for word in numbers:
                        grouped.setdefault(word.split()[0], []).append(regex)
            tables.append({k: re.compile("|".join(v)) for k, v in grouped.items()})
        starts = [_starts(table) for table in tables]
        return cls(tables[0], tables[1], starts[0], starts[1], kinds, slots, words | ascii_words)

    def find(self, text: str, ascii_only: bool) -> list[Stated]:
        """Every time expression in ``text`` (lower case; folded when ``ascii_only``),
        earliest first, not overlapping."""
        table = self.ascii_by_key if ascii_only else self.by_key
        found: list[Stated] = []
        taken = 0
        for start in (self.ascii_starts if ascii_only else self.starts).finditer(text):
            pos = start.start()
            if pos < taken or (pos and _NOT_BEFORE.match(text, pos - 1)):
                continue
            first = start.group()
            if first.isdigit():
                if len(first) > 4:
                    continue
                after = _NEXT.match(text, start.end())
                following = after.group().strip() if after else ""
                first = "#" + ("-" if following in "-–" and following else following)
            pattern = table.get(first)
            m = pattern.match(text, pos) if pattern is not None else None
            if m is None or m.lastgroup is None:
                continue
            stated = self._stated(m, m.lastgroup)
            if stated is not None:
                found.append(stated)
                taken = m.end()
        return found

    def _stated(self, m: re.Match[str], tag: str) -> Stated | None:
        slots: dict[str, int] = {}
        for slot in self.slots[tag]:
            raw = m.group(f"{tag}_{slot}")
            if raw is None:
                continue
            value = self._slot_value(slot, raw)
            if value is None:
                return None
            slots[slot] = value
        kind = self.kinds[tag]
        return Stated(
            kind,
            m.start(tag),
            m.end(tag),
            year=slots.get("year"),
            year2=slots.get("year2"),
            quarter=slots.get("q"),
            month=slots.get("m"),
            month2=slots.get("m2"),
            day=slots.get("d"),
            day2=slots.get("d2"),
            months=slots.get("n"),
            current="current" in slots,
        )

    def _slot_value(self, slot: str, raw: str) -> int | None:
        if slot == "current":
            return 1
        if slot == "q":
            return int(raw) if raw.isdigit() else roman_to_int(raw.upper()) or None
        if slot == "n" and not raw.isdigit():
            return self.number_words.get(raw)
        value = int(raw)
        if slot in ("m", "m2") and not 1 <= value <= 12:
            return None
        if slot in ("d", "d2") and not 1 <= value <= 31:
            return None
        if slot in ("year", "year2") and not MIN_YEAR <= value <= MAX_YEAR:
            return None
        return value
