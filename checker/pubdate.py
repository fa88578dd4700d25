"""The publication date of a page, with the evidence for it and a confidence.

Every relative time ("năm nay", "cùng kỳ") and every "as of" comparison hangs on the
publication date, so it must come from what says when the page was published, never
from the page's furniture:

1. front matter, ``sources.yml`` or the HTML page's metadata (``stated``): confidence high;
2. otherwise a line near the headline (the first lines of the body, or right after the
   headline), best first: a labelled byline ("Ngày đăng 27/01/2022 | 2:46 PM", high); a
   metadata line ("date 2024-05": medium, month precision); an unlabelled byline
   ("Minh Châu | 06:55 02/01/2024", "Thứ Năm, 12/12/2024 08:30 (GMT+7)": medium); an
   update stamp ("Cập nhật: 12/03/2023": medium, the first publication may be earlier);
   a dateline ("(Ngày Nay) - Ngày 29/4/2024, ...": low);
3. later in the page, only a labelled line, with medium confidence.

Never the publication date: a page clock ("Hôm nay: Thứ Sáu, 07/03/2025", a header line
with a date next to "Đăng nhập" or a hotline, a date line at the top of the navigation or
above another byline) and an event's date ("khai mạc ngày 6/11/2017").  When a page
gives both a publication and an update stamp, the publication wins and both are kept as
evidence.  When nothing is found the date stays unknown here, and the extract stage may
infer it from the latest date the article reports (basis ``inferred:*``, confidence low).

The words and line shapes are data (the ``pubdate`` section of the packs,
``rules/generic/pubdate.yml``).  Lines are located with those regexes on canonical text
(NFC and NFD files alike); the located date string is then read by dateparser (its
import and first call cost a few tenths of a second, so it is imported only when a
page has a candidate line, and its parsers are cached).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from checker.errors import FactcheckError
from checker.knowledge import Knowledge
from checker.textnorm import canonical, canonical_with_map

# How the date is known (``Publication.basis``).  The first three are records made for
# the page; "inferred-latest-date" is the extract stage's inference (``inferred:*`` on a
# Source), named here so that every basis has one list.
STATED_BASES = ("front-matter", "sidecar", "page-metadata")
BASES = (*STATED_BASES, "metadata-line", "byline", "dateline", "inferred-latest-date")
CONFIDENCES = ("high", "medium", "low")

# Evidence roles: what a located line says.  The first group can give the date, the
# second never does.
DATE_ROLES = ("published", "updated", "byline", "metadata", "dateline", *STATED_BASES)
IGNORED_ROLES = ("page-clock", "event-date", "unreadable", "future")

_FRONT_MATTER_KEY = re.compile(r"\s*published\s*:")  # the key checker.ingest reads
_SENTENCE_END = (".", "…", ":", ";", ",")
_LONGEST_WORD = 30  # characters, with its space: longer lines are no short label
_LONG_LINE = 400  # characters: longer lines are article text (see _read_line)
_DIGIT = re.compile(r"\d")
_NONSPACE = re.compile(r"\S+")
_WORD = re.compile(r"[^\s\w]*[^\W_]\S*")
_STRIP = re.compile(r"[\s,.:;()\[\]\-–—/·•|+*]+")  # punctuation left between tokens


# ---------------------------------------------------------------------------------------
# results


@dataclass(frozen=True, slots=True)
class Evidence:
    """One located piece of text about the date: the exact text, its line and its role."""

    line: int | None  # 1-based, in the lines given (None for sources.yml)
    text: str  # exactly as in the file (the whole line, or the located part of it)
    role: str  # one of DATE_ROLES or IGNORED_ROLES
    date: date | None = None
    precision: str = "day"  # "day" or "month"
    note: str = ""  # why it was ignored, or what limits it

    def describe(self, line_of: Callable[[int], int] | None = None) -> str:
        """``line 6 (byline 2024-01-02): "Minh Châu | 06:55 02/01/2024"``."""
        return _describe([self], line_of, notes=True)

    def what(self, *, notes: bool) -> str:
        """The role and date: "byline 2024-01-02", "metadata 2024-05, month precision"."""
        what = self.role.replace("-", " ")
        if self.date is not None:
            when = self.date.isoformat()[:7] if self.precision == "month" else self.date
            what += f" {when}"
        if self.precision == "month":
            what += ", month precision"
        if notes and self.note:
            what += f", {self.note}"
        return what


def _describe(same: list[Evidence], line_of: Callable[[int], int] | None, *, notes: bool) -> str:
    """Evidence items of one line (a publication and an update stamp): one mention."""
    first = same[0]
    what = "; ".join(e.what(notes=notes) for e in same)
    if first.line is None:
        return f"{what}: {first.text}"
    line = line_of(first.line) if line_of is not None else first.line
    return f'line {line} ({what}): "{first.text}"'


@dataclass(frozen=True, slots=True)
class Publication:
    """The publication date of one page, how it is known and how sure that is.

    ``date`` is None when nothing says when the page was published.  ``evidence``
    starts with what gave the date, then the other dated lines kept with it (an update
    stamp, a disagreeing byline); ``ignored`` lists what was seen and refused (page
    clocks, event dates) so that ``explain`` can say why.
    """

    date: date | None
    basis: str | None  # one of BASES
    confidence: str | None  # one of CONFIDENCES
    precision: str | None = None  # "day" or "month"
    evidence: tuple[Evidence, ...] = ()
    ignored: tuple[Evidence, ...] = ()

    @property
    def source_basis(self) -> str | None:
        """What ``Source.published_basis`` records: "stated" for a record made for the
        page (front matter, sources.yml, page metadata), else the basis, with
        ":month" when only the month is known ("metadata-line:month")."""
        if self.basis is None or self.date is None:
            return None
        if self.basis in STATED_BASES:
            return "stated"
        return f"{self.basis}:month" if self.precision == "month" else self.basis

    def evidence_text(self, line_of: Callable[[int], int] | None = None) -> str | None:
        """The evidence as one line for reports; ``line_of`` maps a line number of the
        lines given to the one shown (an HTML page's extracted text -> the file)."""
        if not self.evidence:
            return None
        groups: list[list[Evidence]] = []
        for e in self.evidence:
            if groups and (groups[-1][0].line, groups[-1][0].text) == (e.line, e.text):
                groups[-1].append(e)
            else:
                groups.append([e])
        # Only the date's own note says what limits it ("an update: ..."); the others'
        # would repeat what their role says.
        return "; ".join(
            _describe(g, line_of, notes=k == 0 and len(g) == 1) for k, g in enumerate(groups)
        )


NOTHING = Publication(None, None, None)


def confidence_of(basis: str | None, confidence: str | None) -> str | None:
    """A source's confidence in its publication date: the one recorded, else what its
    basis implies ("stated": high; "inferred:*", the extract stage's guess: low)."""
    if confidence is not None or basis is None:
        return confidence
    if basis == "stated":
        return "high"
    return "low" if basis.split(":", 1)[0] == "inferred" else None


# ---------------------------------------------------------------------------------------
# vocabulary (compiled from the packs' ``pubdate`` section)


@dataclass(frozen=True)
class Vocabulary:
    """The ``pubdate`` section of the loaded packs, compiled."""

    languages: tuple[str, ...]
    date_order: str
    opening_lines: int
    after_headline_lines: int
    byline_after_paragraphs: int
    line_max_chars: int
    headline_min_words: int
    headline_max_chars: int
    label_max_words: int
    dateline_clause_chars: int
    dates: tuple[re.Pattern[str], ...]
    clocks: tuple[re.Pattern[str], ...]
    timezones: tuple[re.Pattern[str], ...]
    counters: tuple[re.Pattern[str], ...]
    clock_patterns: tuple[re.Pattern[str], ...]
    navigation: tuple[re.Pattern[str], ...]
    separators: tuple[re.Pattern[str], ...]
    metadata_lines: tuple[re.Pattern[str], ...]
    datelines: tuple[re.Pattern[str], ...]
    phrases: re.Pattern[str] | None  # every word list, longest first
    roles: dict[str, str]  # squashed lower-case phrase -> role


_WORD_ROLES = {
    "published_words": "published",
    "updated_words": "updated",
    "weekday_words": "weekday",
    "glue_words": "glue",
    "clock_words": "clock",
    "event_words": "event",
}
_NUMBERS = {
    "opening_lines": 15,
    "after_headline_lines": 10,
    "byline_after_paragraphs": 1,
    "line_max_chars": 160,
    "headline_min_words": 5,
    "headline_max_chars": 200,
    "label_max_words": 4,
    "dateline_clause_chars": 40,
}
_PATTERN_KEYS = (
    "dates", "clocks", "timezones", "counters", "clock_patterns", "navigation_patterns",
    "separators", "metadata_lines", "datelines",
)  # fmt: skip


def vocabulary(knowledge: Knowledge) -> Vocabulary:
    """The compiled ``pubdate`` vocabulary of the loaded packs (cached by content)."""
    frozen = tuple(
        (key, tuple(value) if isinstance(value, list) else value)
        for key, value in sorted(knowledge.pubdate.items())
    )
    return _compile(frozen)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The vocabulary of the default packs (the generic pack): for callers and tests
    that have no loaded ``Knowledge`` at hand."""
    from checker.packs import load_knowledge

    return vocabulary(load_knowledge())


@lru_cache(maxsize=8)
def _compile(frozen: tuple[tuple[str, Any], ...]) -> Vocabulary:
    spec = dict(frozen)

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        out = []
        for i, source in enumerate(spec.get(key, ())):
            try:
                out.append(re.compile(canonical(str(source)), re.IGNORECASE))
            except re.error as err:  # the packs check every regex; this guards a bypass
                raise FactcheckError(
                    f"pubdate.{key}[{i}]: bad regex {source!r}: {err}",
                    hint="fix the pubdate section of the rule pack",
                ) from err
        return tuple(out)

    roles: dict[str, str] = {}
    for key, role in _WORD_ROLES.items():
        for word in spec.get(key, ()):
            roles.setdefault(_phrase_key(canonical(str(word))), role)
    numbers = {key: int(spec.get(key, default)) for key, default in _NUMBERS.items()}
    compiled = {key: patterns(key) for key in _PATTERN_KEYS}
    return Vocabulary(
        languages=tuple(str(x) for x in spec.get("languages", ("vi",))),
        date_order=str(spec.get("date_order", "DMY")),
        dates=compiled["dates"],
        clocks=compiled["clocks"],
        timezones=compiled["timezones"],
        counters=compiled["counters"],
        clock_patterns=compiled["clock_patterns"],
        navigation=compiled["navigation_patterns"],
        separators=compiled["separators"],
        metadata_lines=compiled["metadata_lines"],
        datelines=compiled["datelines"],
        phrases=_phrase_pattern(roles),
        roles=roles,
        **numbers,
    )


def _phrase_key(text: str) -> str:
    return " ".join(text.lower().split())


def _phrase_pattern(roles: dict[str, str]) -> re.Pattern[str] | None:
    """One alternation of every phrase, longest first (so "đăng nhập" is found before
    "đăng"), whole words only, any white space between the words."""
    if not roles:
        return None
    ordered = sorted(roles, key=lambda p: (-len(p), p))
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


# ---------------------------------------------------------------------------------------
# reading one line


@dataclass(frozen=True, slots=True)
class _Mention:
    """A date located in a line of canonical text."""

    start: int
    end: int
    text: str  # the canonical date text handed to dateparser
    day: int | None
    month: int | None
    year: int | None
    label: str | None = None  # "published", "updated" or None
    event: bool = False  # an event word stands in the same piece of the line

    def rough_date(self) -> date | None:
        """The date the digits give, without dateparser (for ignored lines only)."""
        if self.year is None or self.month is None:
            return None
        try:
            return date(self.year, self.month, self.day or 1)
        except ValueError:
            return None


@dataclass(slots=True)
class _Line:
    """One non-blank line of the page, as far as dates are concerned."""

    index: int  # 0-based in the lines given
    raw: str  # the line as in the file, less the white space around it
    canon: str  # its canonical text (of its start only, for a long line)
    kind: str = "text"  # byline, metadata, dateline, nav, headline, text
    mentions: tuple[_Mention, ...] = ()
    clock: bool = False  # holds a page-header word (login, hotline, weather, "hôm nay")
    located: tuple[int, int] | None = None  # metadata and dateline: the part that says it
    head: bool = False  # dateline: the date stands in the dateline itself

    def exact(self, span: tuple[int, int] | None = None) -> str:
        """The text of the line (or of a span of its canonical text) as in the file."""
        if span is None:
            return self.raw
        start, end = span
        _, cmap = canonical_with_map(self.raw)
        if cmap is not None:
            start, end = cmap[start], cmap[end]
        return self.raw[start:end].strip()


# start, end, role and, for a date, its match (with the day, month and year groups)
_Token = tuple[int, int, str, "re.Match[str] | None"]


def _tokens(canon: str, start: int, end: int, vocab: Vocabulary) -> list[_Token]:
    """The known pieces of ``canon[start:end]``, not overlapping, in order."""
    found: list[_Token] = []

    def free(m: re.Match[str]) -> bool:
        return m.end() > m.start() and not any(
            m.start() < e and s < m.end() for s, e, _, _ in found
        )

    def add(pattern: re.Pattern[str], role: str) -> None:
        for m in pattern.finditer(canon, start, end):
            if free(m):
                found.append((m.start(), m.end(), role, m if role == "date" else None))

    for group, role in (
        (vocab.dates, "date"),
        (vocab.counters, "counter"),
        (vocab.clock_patterns, "clock"),
        (vocab.clocks, "time"),
        (vocab.timezones, "time"),
    ):
        for pattern in group:
            add(pattern, role)
    if vocab.phrases is not None:
        for m in vocab.phrases.finditer(canon, start, end):
            if free(m):
                found.append((m.start(), m.end(), vocab.roles[_phrase_key(m.group())], None))
    found.sort(key=lambda t: t[0])
    return found


def _residue(canon: str, start: int, end: int, tokens: list[_Token]) -> list[tuple[int, str]]:
    """The words of ``canon[start:end]`` outside every token: (offset, word)."""
    words: list[tuple[int, str]] = []
    pos = start
    for s, e, _, _ in [*tokens, (end, end, "", None)]:
        for m in _NONSPACE.finditer(canon, pos, s):
            word = _STRIP.sub("", m.group())
            if word:
                words.append((m.start(), word))
        pos = max(pos, e)
    return words


def _segments(canon: str, vocab: Vocabulary) -> list[tuple[int, int]]:
    """The pieces a byline line is split into ("Tuệ Lâm | 07:13 31/12/2024")."""
    cuts = sorted(
        (m.start(), m.end())
        for p in vocab.separators
        for m in p.finditer(canon)
        if m.end() > m.start()
    )
    pieces: list[tuple[int, int]] = []
    pos = 0
    for s, e in cuts:
        if s < pos:
            continue
        pieces.append((pos, s))
        pos = e
    pieces.append((pos, len(canon)))
    return [(s, e) for s, e in pieces if canon[s:e].strip()]


def _mention(canon: str, m: re.Match[str]) -> _Mention:
    def group(name: str) -> int | None:
        value = m.groupdict().get(name)
        return int(value) if value else None

    return _Mention(m.start(), m.end(), canon[m.start() : m.end()],
                    group("day"), group("month"), group("year"))  # fmt: skip


def _byline_mentions(canon: str, vocab: Vocabulary) -> tuple[list[_Mention], bool] | None:
    """The dates of a byline-shaped line and whether it holds page-header words, or None
    when the line is not byline-shaped (running text that mentions a date)."""
    mentions: list[_Mention] = []
    clock = False
    for start, end in _segments(canon, vocab):
        tokens = _tokens(canon, start, end, vocab)
        roles = [role for _, _, role, _ in tokens]
        clock = clock or "clock" in roles
        words = _residue(canon, start, end, tokens)
        dates = [t for t in tokens if t[2] == "date"]
        if not dates:
            # Another piece: an author, a section, a counter, a time or the header.
            if len(words) > vocab.label_max_words or any(
                ch.isdigit() for _, w in words for ch in w
            ):
                return None
            continue
        if words and not _is_name(words, dates[0][0], vocab):
            return None
        event = "event" in roles
        label: str | None = None
        for _, _, role, found in tokens:
            if role in ("published", "updated"):
                label = role
            elif found is not None:
                mentions.append(replace(_mention(canon, found), label=label, event=event))
                label = None
    return (mentions, clock) if mentions else None


def _is_name(words: list[tuple[int, str]], first_date: int, vocab: Vocabulary) -> bool:
    """Words left beside a date are an author's name: few, capitalised, before it."""
    return (
        len(words) <= vocab.label_max_words
        and all(offset < first_date for offset, _ in words)
        and all(w[0].isupper() and not any(ch.isdigit() for ch in w) for _, w in words)
    )


def _read_line(index: int, raw: str, vocab: Vocabulary, *, opening: bool) -> _Line:
    """What one non-blank line says about dates.  ``opening``: the line stands near the
    top, where metadata lines and datelines are looked for."""
    text = raw.strip()
    # Past a few hundred characters a line is article text: only its start can hold a
    # metadata line or a dateline, so only the start is read.
    canon = canonical(text if len(text) <= _LONG_LINE else text[:_LONG_LINE])
    line = _Line(index, text, canon)
    if opening:
        for pattern in vocab.metadata_lines:
            if (m := pattern.match(canon)) is not None:
                line.kind, line.located = "metadata", (m.start(), m.end())
                date_text = (
                    canon[m.start("year") : m.end()] if "year" in m.groupdict() else m.group()
                )
                line.mentions = (
                    _Mention(m.start(), m.end(), date_text.strip(),
                             _group(m, "day"), _group(m, "month"), _group(m, "year")),
                )  # fmt: skip
                return line
    has_digit = _DIGIT.search(canon) is not None
    if has_digit and len(text) <= vocab.line_max_chars:
        read = _byline_mentions(canon, vocab)
        if read is not None:
            line.kind, (mentions, line.clock) = "byline", read
            line.mentions = tuple(mentions)
            return line
    if opening and has_digit and _dateline(line, vocab):
        return line
    if len(text) > _LONG_LINE:
        return line  # running text
    if any(p.search(canon) for p in vocab.navigation) or _is_label(canon, vocab):
        line.kind = "nav"
    elif _is_headline(canon, vocab):
        line.kind = "headline"
    return line


def _group(m: re.Match[str], name: str) -> int | None:
    value = m.groupdict().get(name)
    return int(value) if value else None


def _words(canon: str) -> list[str]:
    """The words of a line: runs of non-space that hold a letter or a digit."""
    return _WORD.findall(canon)


def _is_label(canon: str, vocab: Vocabulary) -> bool:
    """A section label or a name: a few words, no digits, no sentence punctuation."""
    return (
        len(canon) <= vocab.label_max_words * _LONGEST_WORD
        and 0 < len(_words(canon)) <= vocab.label_max_words
        and not any(ch.isdigit() for ch in canon)
        and not canon.endswith(_SENTENCE_END)
    )


def _is_headline(canon: str, vocab: Vocabulary) -> bool:
    return (
        len(canon) <= vocab.headline_max_chars
        and not canon.endswith(_SENTENCE_END)
        and len(_words(canon)) >= vocab.headline_min_words
    )


def _dateline(line: _Line, vocab: Vocabulary) -> bool:
    """A dateline that opens the lead, with a date in it or right after it."""
    canon = line.canon
    for pattern in vocab.datelines:
        m = pattern.match(canon)
        if m is None:
            continue
        limit = min(len(canon), m.end() + vocab.dateline_clause_chars)
        found = min(
            (d for p in vocab.dates if (d := p.search(canon, 0, limit)) is not None),
            key=lambda d: d.start(),
            default=None,
        )
        if found is None:
            return False
        # The sentence the date stands in decides whether it dates an event.
        stop = canon.find(". ", found.end())
        sentence_end = len(canon) if stop < 0 else stop
        event = _has_role(canon, 0, sentence_end, "event", vocab)
        line.kind, line.head = "dateline", found.start() < m.end()
        line.located = (0, found.end())
        line.mentions = (replace(_mention(canon, found), event=event),)
        return True
    return False


def _has_role(canon: str, start: int, end: int, role: str, vocab: Vocabulary) -> bool:
    if vocab.phrases is None:
        return False
    return any(
        vocab.roles[_phrase_key(m.group())] == role
        for m in vocab.phrases.finditer(canon, start, end)
    )


# ---------------------------------------------------------------------------------------
# reading the located date (dateparser)


@lru_cache(maxsize=8)
def _parser(languages: tuple[str, ...], order: str, parts: tuple[str, ...]) -> Any:
    """A cached dateparser parser: absolute dates only (no "hôm qua"), naive, day
    first when missing, and refusing a string that lacks one of ``parts``."""
    from dateparser.date import DateDataParser  # costly: only for pages with a candidate

    return DateDataParser(
        languages=list(languages),
        settings={
            "DATE_ORDER": order,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PARSERS": ["absolute-time"],
            "REQUIRE_PARTS": list(parts),
        },
    )


def read_date(mention_text: str, *, day: int | None, month: int | None, year: int | None,
              vocab: Vocabulary) -> date | None:  # fmt: skip
    """The date a located date string states, read by dateparser, or None.

    Where the located pattern captured day, month and year, dateparser's reading must
    agree with them: "12/13/2024" is refused, not read as 13 December.  A string with
    no day gives the first of its month (the caller records month precision).
    """
    got = _read(mention_text, day is None and month is not None, vocab.languages, vocab.date_order)
    if got is None:
        return None
    if (year is not None and got.year != year) or (month is not None and got.month != month):
        return None
    if day is not None and got.day != day:
        return None
    return got


@lru_cache(maxsize=4096)
def _read(text: str, month_only: bool, languages: tuple[str, ...], order: str) -> date | None:
    """dateparser's reading of a located date string (cached: pages of one day share
    their bylines' dates, and a call costs about a millisecond)."""
    parts = ("month", "year") if month_only else ("day", "month", "year")
    parsed = _parser(languages, order, parts).get_date_data(text)
    value = parsed.date_obj if parsed is not None else None
    return value.date() if isinstance(value, datetime) else None


# ---------------------------------------------------------------------------------------
# the page


@dataclass(frozen=True, slots=True)
class _Candidate:
    rank: int  # lower is better
    line: _Line
    mention: _Mention
    role: str  # published, updated, byline, metadata, dateline
    confidence: str
    note: str = ""


def find_publication(
    lines: Sequence[str],
    *,
    stated: date | None = None,
    basis: str | None = None,
    first_line: int = 0,
    end_line: int | None = None,
    vocab: Vocabulary | None = None,
) -> Publication:
    """The publication date of a page given as its lines, with evidence and confidence.

    ``stated`` is a date a record made for the page gives (front matter, sources.yml,
    the HTML page's metadata) and ``basis`` which ("front-matter" when not given): it
    wins.  Otherwise ``lines[first_line:end_line]`` are searched (``first_line``: where
    the body starts after front matter; ``end_line``: where related news or comments
    begin).  Line numbers in the evidence are 1-based positions in ``lines``.
    """
    if stated is not None:
        return _stated(lines, stated, basis or "front-matter", first_line)
    vocab = vocab or default_vocabulary()
    end = len(lines) if end_line is None else min(end_line, len(lines))
    content = [i for i in range(first_line, end) if lines[i].strip()]
    opening = _read_opening(content[: vocab.opening_lines], lines, vocab, [])
    headline = _headline(opening)
    if headline is not None:
        wanted = headline + 1 + vocab.after_headline_lines
        more = content[len(opening) : max(len(opening), wanted)]
        opening = _read_opening(more, lines, vocab, opening)
    late = [
        line
        for i in content[len(opening) :]
        if _may_be_labelled(lines[i], vocab)
        and (line := _read_line(i, lines[i], vocab, opening=False)).kind == "byline"
    ]
    candidates, ignored = _candidates(opening, headline, late, vocab)
    return _choose(candidates, ignored, vocab)


def _read_opening(
    indices: list[int], lines: Sequence[str], vocab: Vocabulary, opening: list[_Line]
) -> list[_Line]:
    """``opening`` and the lines at ``indices`` after it.  Once the article's running text
    has begun (more paragraphs than an unlabelled byline may follow), only a labelled
    line can still date the page: the others are not read (they stand as text)."""
    out = list(opening)
    paragraphs = sum(line.kind == "text" for line in out)
    for i in indices:
        if paragraphs > vocab.byline_after_paragraphs and not _may_be_labelled(lines[i], vocab):
            out.append(_Line(i, lines[i].strip(), ""))  # article text, not read
            paragraphs += 1
            continue
        line = _read_line(i, lines[i], vocab, opening=True)
        paragraphs += line.kind == "text"
        out.append(line)
    return out


def _stated(lines: Sequence[str], stated: date, basis: str, first_line: int) -> Publication:
    evidence = Evidence(None, f"published: {stated.isoformat()}", basis, stated)
    if basis == "front-matter":
        for i in range(min(first_line, len(lines))):
            if _FRONT_MATTER_KEY.match(lines[i]):
                evidence = Evidence(i + 1, lines[i].strip(), basis, stated)
                break
    elif basis == "sidecar":
        evidence = replace(evidence, text=f"sources.yml: published {stated.isoformat()}")
    return Publication(stated, basis, "high", "day", (evidence,))


def _headline(opening: list[_Line]) -> int | None:
    """Position (in ``opening``) of the headline: the first headline-like line before any
    running text."""
    for pos, line in enumerate(opening):
        if line.kind == "headline":
            return pos
        if line.kind == "text":
            return None
    return None


def _may_be_labelled(raw: str, vocab: Vocabulary) -> bool:
    """A cheap test for a later line: short, with a digit and a publication word."""
    text = raw.strip()
    if len(text) > vocab.line_max_chars or _DIGIT.search(text) is None:
        return False
    if vocab.phrases is None:
        return False
    canon = canonical(text)
    return any(
        vocab.roles[_phrase_key(m.group())] in ("published", "updated")
        for m in vocab.phrases.finditer(canon)
    )


# Ranks: a labelled publication, a metadata line, an unlabelled byline after the headline,
# one elsewhere near the top, an update stamp, a dateline; later in the page, labelled
# lines only.
_RANKS = {"published": 0, "metadata": 1, "byline-after": 2, "byline": 3, "updated": 4,
          "dateline": 5, "late-published": 6, "late-updated": 7}  # fmt: skip


def _candidates(
    opening: list[_Line], headline: int | None, late: list[_Line], vocab: Vocabulary
) -> tuple[list[_Candidate], list[Evidence]]:
    candidates: list[_Candidate] = []
    ignored: list[Evidence] = []
    clocks = _structural_clocks(opening, headline)
    paragraphs = 0  # lines of running text above the line
    for pos, line in enumerate(opening):
        paragraphs += line.kind == "text"
        for mention in line.mentions:
            if (
                mention.label is None
                and line.kind == "byline"
                and paragraphs > vocab.byline_after_paragraphs
            ):
                continue  # a date line deep in the article: a caption or a quote, no byline
            why = _refusal(line, mention, clocks.get(pos))
            if why is not None:
                role, note = why
                ignored.append(_evidence(line, mention, role, mention.rough_date(), note=note))
                continue
            candidates.append(_candidate(opening, mention, pos, headline))
    for line in late:
        for mention in line.mentions:
            if mention.label is None or mention.event or line.clock:
                continue
            rank = _RANKS[f"late-{mention.label}"]
            note = "far below the headline"
            candidates.append(_Candidate(rank, line, mention, mention.label, "medium", note))
    candidates.sort(key=lambda c: (c.rank, c.line.index, c.mention.start))
    return candidates, ignored


def _refusal(line: _Line, mention: _Mention, structural: str | None) -> tuple[str, str] | None:
    """Why a located date is never the publication date, or None."""
    if mention.event:
        return "event-date", "an event's date"
    if mention.label is None and line.kind == "byline":
        if line.clock:
            return "page-clock", "next to the page header's words"
        if structural:
            return "page-clock", structural
    return None


def _structural_clocks(opening: list[_Line], headline: int | None) -> dict[int, str]:
    """Unlabelled date lines that the page's layout shows to be its clock: the first line
    of the page when navigation follows it, or a date line with another one below it
    across the navigation or the headline."""
    # Only the page's header counts: the lines before the article's running text.
    header = next(
        (pos for pos, line in enumerate(opening) if line.kind in ("text", "dateline")),
        len(opening),
    )
    dated = [
        pos
        for pos, line in enumerate(opening[:header])
        if line.kind == "byline"
        and not line.clock
        and any(m.label is None and not m.event for m in line.mentions)
    ]
    clocks: dict[int, str] = {}
    for k, pos in enumerate(dated):
        below = dated[k + 1] if k + 1 < len(dated) else None
        if below is None:
            if _at_top(opening, pos) and pos + 1 < len(opening) and opening[pos + 1].kind == "nav":
                clocks[pos] = "a date line at the top of the navigation"
            continue
        between = opening[pos + 1 : below]
        if (
            _at_top(opening, pos)
            or any(b.kind == "nav" for b in between)
            or (headline is not None and pos < headline < below)
        ):
            clocks[pos] = "a date line above the navigation, with the byline below it"
    return clocks


def _at_top(opening: list[_Line], pos: int) -> bool:
    """The line opens the page: nothing above it but header lines (a clock, a hotline)."""
    return all(line.kind == "byline" and line.clock for line in opening[:pos])


def _candidate(
    opening: list[_Line], mention: _Mention, pos: int, headline: int | None
) -> _Candidate:
    line = opening[pos]
    if line.kind == "metadata":
        month_only = mention.day is None
        return _Candidate(_RANKS["metadata"], line, mention, "metadata",
                          "medium" if month_only else "high")  # fmt: skip
    if line.kind == "dateline":
        note = "" if line.head else "the date opening the lead"
        return _Candidate(_RANKS["dateline"], line, mention, "dateline",
                          "medium" if line.head else "low", note)  # fmt: skip
    if mention.label == "published":
        return _Candidate(_RANKS["published"], line, mention, "published", "high")
    if mention.label == "updated":
        note = "an update: the first publication may be earlier"
        return _Candidate(_RANKS["updated"], line, mention, "updated", "medium", note)
    after = headline is not None and pos > headline
    if headline is not None and pos < headline and _at_top(opening, pos):
        note = "above the headline at the top of the page: may be its clock"
        return _Candidate(_RANKS["byline"], line, mention, "byline", "low", note)
    rank = _RANKS["byline-after"] if after else _RANKS["byline"]
    return _Candidate(rank, line, mention, "byline", "medium")


def _evidence(
    line: _Line, mention: _Mention, role: str, when: date | None, *, note: str = ""
) -> Evidence:
    span = line.located if line.kind in ("metadata", "dateline") else None
    precision = "month" if mention.day is None and mention.month is not None else "day"
    return Evidence(line.index + 1, line.exact(span), role, when, precision, note)


_BASIS = {"published": "byline", "updated": "byline", "byline": "byline",
          "metadata": "metadata-line", "dateline": "dateline"}  # fmt: skip


def _choose(
    candidates: list[_Candidate], ignored: list[Evidence], vocab: Vocabulary
) -> Publication:
    """The best candidate that reads as a date, with the other bylines kept as evidence."""
    read: list[tuple[_Candidate, date]] = []
    unreadable: list[Evidence] = []
    today = date.today()
    for cand in candidates:
        m = cand.mention
        when = read_date(m.text, day=m.day, month=m.month, year=m.year, vocab=vocab)
        if when is None:
            unreadable.append(_evidence(cand.line, m, "unreadable", None, note="not a date"))
        elif when > today:  # a typo or a schedule: no page is published in the future
            unreadable.append(_evidence(cand.line, m, "future", when, note="after today"))
        else:
            read.append((cand, when))
    if not read:
        return replace(NOTHING, ignored=tuple(ignored + unreadable))
    best, when = read[0]
    precision = "month" if best.mention.day is None else "day"
    basis, confidence = _BASIS[best.role], best.confidence
    if precision == "month":
        # A byline of the same month gives the day the metadata line lacks.
        month = (when.year, when.month)
        same = next(
            (
                (c, d)
                for c, d in read[1:]
                if c.role in ("byline", "published", "updated") and (d.year, d.month) == month
            ),
            None,
        )
        if same is not None:
            best, when, precision = same[0], same[1], "day"
            basis, confidence = _BASIS[best.role], best.confidence
            read.remove(same)
            read.insert(0, same)
    kept = [
        _evidence(c.line, c.mention, c.role, d, note=c.note)
        for c, d in read
        if c is best or c.role in ("published", "updated", "byline", "metadata")
    ]
    return Publication(
        date=when,
        basis=basis,
        confidence=confidence,
        precision=precision,
        evidence=tuple(kept),
        ignored=tuple(ignored + unreadable),
    )


def lines_of(text: str) -> list[str]:
    """The lines ``find_publication`` takes: split on "\\n" only, as line numbers are."""
    return text.split("\n")


def describe(
    publication: Publication, line_of: Callable[[int], int] | None = None
) -> Iterable[str]:
    """Lines for ``explain``: the date, its basis and confidence, and each evidence."""
    if publication.date is None:
        yield "publication date: unknown"
    else:
        when = publication.date.isoformat()
        if publication.precision == "month":
            when = when[:7]
        yield f"publication date: {when} ({publication.basis}, {publication.confidence} confidence)"
    for e in publication.evidence:
        yield f"  evidence: {e.describe(line_of)}"
    for e in publication.ignored:
        yield f"  ignored: {e.describe(line_of)}"
