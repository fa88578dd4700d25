"""Extract claims from the sentences of one source.

For each sentence: blank out what is not a quantity (document numbers, versions, times
of day, URLs), find time expressions and numbered events, then quantities; give each
claim the time it is about, its counted noun and the words that say what is measured.
Work is per sentence on canonical text (NFC, one tone placement), and every offset is
mapped back to the file so quotes, lines and columns are verbatim.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from checker.extract.events import EventMention, find_events, has_ordinal_cue
from checker.extract.frame import DocContext, Frame, FrameReader, Slot, parse_period
from checker.extract.lexicon import MAX_WORD_CHARS, Lexicon
from checker.extract.quantities import Quantity, find_quantities
from checker.extract.timeexpr import TimeExpr, find_times
from checker.model import Claim, PositionMap, Sentence, Source
from checker.prefilter import Probe, fold_case, fold_page
from checker.textnorm import canonical, canonical_page, fold, squash

__all__ = ["Lexicon", "extract_claims"]

# Words between an event and its date: "diễn ra (tại Đà Nẵng) từ ngày", "của Đảng (năm 1986)".
_EVENT_VERB = re.compile(r"\b(?:diễn ra|được tổ chức|tổ chức|khai mạc|năm)\b", re.I)
_EVENT_PLACE = re.compile(r"\b(?:tại|của|ở) \S+(?: [A-ZĐ]\S*)*")
# On folded text; literal first letters and the boundary after them, for speed (see
# lexicon._word_pattern).
_CLAUSE_BREAK = re.compile(r";|:|t(?<!\w.)rong\s+đó(?!\w)|đ(?<!\w.)ồng\s+thời(?!\w)")
_RESPECTIVELY = re.compile(r"\btương ứng\b|\blần lượt( là)?\b", re.I)
# A time expression belongs to a figure when only these words stand between them.
_MAX_GLUE = 40  # longest run of glue words between a figure and its time
_TIME_GLUE = re.compile(
    r"^[\s,(]*(?:(?:vào|trong|của|tính|đến|diễn ra|được tổ chức|tổ chức)\s+)*[\s(]*$", re.I
)


@dataclass
class _SentenceScan:
    """One sentence, canonicalised, with what was found in it."""

    sentence: Sentence
    text: str  # canonical
    # Canonical offset -> offset in the source text, for the whole source (None: the
    # identity); ``base`` is where this sentence starts in the canonical source.
    omap: list[int] | None
    base: int
    times: list[TimeExpr]
    events: list[EventMention]
    quantities: list[Quantity]
    # Content words of the sentence with their offsets, built on first use.
    display: str | None = None  # the sentence with white space collapsed
    breaks: list[tuple[int, int]] | None = None  # clause breaks: (start, where a clause starts)
    dating: list[TimeExpr] | None = None  # times that may date a figure (not baselines)
    dating_starts: list[int] = field(default_factory=list)
    dating_ends: list[int] = field(default_factory=list)
    word_starts: list[int] | None = None
    words: list[str] | None = None
    folded: str = ""  # fold_case(text)

    def orig(self, i: int) -> int:
        return self.sentence.start + i if self.omap is None else self.omap[self.base + i]


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the spans replaced by as many spaces (offsets unchanged)."""
    out: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        if b <= pos:
            continue
        a = max(a, pos)
        out.append(text[pos:a])
        out.append(" " * (b - a))
        pos = b
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _scan(
    sentence: Sentence,
    lex: Lexicon,
    probe: Probe,
    loc: tuple[list[int] | None, int],
) -> _SentenceScan:
    text = probe.text
    if not probe.digit and not _may_state_without_digits(probe, lex):
        # Most sentences: nothing any finder could read (a time word alone dates nothing).
        return _SentenceScan(sentence, text, *loc, [], [], [], folded=probe.folded)
    # Each stage blanks what it found for the next; the folded copy (same offsets, for
    # the word patterns) is blanked alike instead of folded again.  Each not-a-quantity
    # pattern is gated per sentence (a whole-source test first cost more than it saved).
    spans = [  # they may overlap
        m.span()
        for g in lex.not_quantity
        if g.may_match(probe)
        for m in g.finditer(g.subject(probe))
    ]
    masked, folded = _blank(text, spans), _blank(probe.folded, spans)
    events = find_events(masked, lex, folded)
    spans = [(e.start, e.end) for e in events]
    masked, folded = _blank(masked, spans), _blank(folded, spans)
    times = find_times(masked, lex, folded)
    spans = [(t.start, t.end) for t in times if t.kind not in ("asof", "yearly")]
    # Bare years ("Đà Nẵng 2017", "Expo 2024") are names or dates, not counts.
    quantities = [
        q
        for q in find_quantities(_blank(masked, spans), lex, _blank(folded, spans))
        if not _bare_year(q)
    ]
    return _SentenceScan(sentence, text, *loc, times, events, quantities, folded=probe.folded)


def _may_state_without_digits(probe: Probe, lex: Lexicon) -> bool:
    """Whether a sentence without digits may hold a claim: a number word before a word
    ("ba thành phố"), an ordinal event ("lần thứ tư", "Đại hội XIII") or a century in
    Roman numerals ("thế kỷ XXI").  What each finder reads without digits, and no more."""
    folded = probe.folded
    return (
        "lần" in folded
        or "thế" in folded
        or has_ordinal_cue(probe.text)
        or lex.number_word_re.search(folded) is not None
    )


def _bare_year(q: Quantity) -> bool:
    return (
        q.kind == "number" and q.hedge is None and q.value is not None and 1900 <= q.value <= 2100
    )


class _Locator:
    """Line and column (1-based, in characters) of offsets in a source text; in the file
    the text was extracted from when the source has a position map (HTML pages)."""

    def __init__(self, text: str, positions: PositionMap | None = None):
        self.positions = positions
        self.starts = (
            [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)] if positions is None else []
        )

    def __call__(self, offset: int) -> tuple[int, int]:
        if self.positions is not None:
            return self.positions.locate(offset)
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def _clause_bounds(scan: _SentenceScan, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): between ";", ":", "trong đó" and sentence ends.

    The breaks are found once per sentence and looked up by bisection, so a sentence
    with many figures costs linear, not quadratic, time."""
    if scan.breaks is None:
        scan.breaks = [
            (m.start(), m.end() if m.group(0) in ";:" else m.start())
            for m in _CLAUSE_BREAK.finditer(scan.folded)
        ]
    breaks = scan.breaks
    i = bisect.bisect_left(breaks, (start, -1))  # breaks that start before the claim
    left = breaks[i - 1][1] if i else 0
    j = bisect.bisect_left(breaks, (end, -1))  # the first break at or after its end
    right = breaks[j][0] if j < len(breaks) else len(scan.text)
    return left, right


def _context(scan: _SentenceScan, start: int, end: int, lex: Lexicon) -> str:
    """Normalised words around a claim that say what is measured (numbers masked)."""
    left, right = _clause_bounds(scan, start, end)
    n_before = int(lex.know.align.get("window_before", 8))
    n_after = int(lex.know.align.get("window_after", 6))
    if scan.words is None or scan.word_starts is None:
        scan.word_starts, scan.words = _content_words(scan.text, lex)
    starts, words = scan.word_starts, scan.words
    # Twice the window of words on each side: enough for aliases that join words, and
    # bounded, so a long clause does not make every claim cost its length.
    lo, hi = bisect.bisect_left(starts, left), bisect.bisect_left(starts, start)
    before = words[max(lo, hi - 2 * n_before) : hi]
    lo, hi = bisect.bisect_left(starts, end), bisect.bisect_left(starts, right)
    after = words[lo : min(hi, lo + 2 * n_after)]
    before = lex.apply_aliases(" ".join(before)).split()[-n_before:]
    after = lex.apply_aliases(" ".join(after)).split()[:n_after]
    return " ".join([*before, "#", *after])


def _content_words(text: str, lex: Lexicon) -> tuple[list[int], list[str]]:
    """Words that say what is measured, with their offsets, once per sentence:
    abbreviations expanded, stop words and numbers dropped before folding (so "đô" in
    "thủ đô" is kept while "do" is not)."""
    starts: list[int] = []
    words: list[str] = []
    # The memo is read here directly: a method call per token was half the cost.
    memo, forms = lex.content_forms_memo, lex.content_forms
    # Without a dotted abbreviation ("T.Ư") in the sentence the plain run of letters
    # reads the same tokens, and ``re`` scans for its first letter in C.
    dotted = any(k in text for k in lex.dotted_needles)
    for m in (lex.word_re if dotted else lex.plain_word_re).finditer(text):
        token = m.group()
        found = memo.get(token)
        if found is None:
            found = forms(token)
        if found:  # stop words and numbers have none
            at = m.start()
            for w in found:
                starts.append(at)
                words.append(w)
    return starts, words


def _unit_key(unit: str | None, lex: Lexicon) -> str | None:
    """Normalised counted noun: lower case, abbreviations expanded, modifiers dropped,
    comma-separated parts sorted ("Tỉnh, TP lớn" -> "thành phố, tỉnh")."""
    if unit is None:
        return None
    parts = []
    for part in lex.expand_abbreviations(unit).split(","):
        words = [w for w in part.lower().split() if w not in lex.unit_ignore_lower]
        if words:
            parts.append(" ".join(words))
    return ", ".join(sorted(set(parts), key=fold)) or None


def _noun_before(scan: _SentenceScan, start: int, unit: str, lex: Lexicon) -> str:
    """A bare measure word completed by the counted noun its clause names before the
    figure ("lượng khách quốc tế ước đạt 2,3 triệu lượt" counts "lượt khách quốc tế");
    the word itself when the clause names none."""
    pattern = lex.counted_before_re
    if pattern is None:
        return unit
    left, _ = _clause_bounds(scan, start, start)
    before = canonical(scan.text[left:start]).lower()
    nouns = pattern.findall(before)
    return f"{unit.split()[0]} {nouns[-1]}" if nouns else unit


def _pick_time(
    scan: _SentenceScan, start: int, end: int, inherited: TimeExpr | None, after: bool = True
) -> TimeExpr | None:
    """The time a figure is about: right after it (unless ``after`` is false), else the
    nearest before it, else the paragraph's topic time.  The base of a comparison ("so
    với năm 2022") dates nothing."""
    if scan.dating is None:  # in text order, not overlapping: starts and ends both ascend
        scan.dating = [t for t in scan.times if not t.baseline]
        scan.dating_starts = [t.start for t in scan.dating]
        scan.dating_ends = [t.end for t in scan.dating]
    times = scan.dating
    # Only the first time after the figure can follow it with nothing but glue between.
    i = bisect.bisect_left(scan.dating_starts, end)
    if after and i < len(times):
        t = times[i]
        if (
            t.kind not in ("asof", "yearly")
            and t.start - end <= _MAX_GLUE
            and _TIME_GLUE.match(scan.text[end : t.start])
            and not _aside(scan, t.start, end)
        ):
            return t
    j = bisect.bisect_right(scan.dating_ends, start) - 1
    # "năm 2023 là 73,7 tuổi (năm 2022 là 73,6 tuổi); nam giới 71,1 tuổi": a time inside
    # a parenthesis closed before the figure dates only what the parenthesis says.
    while j >= 0 and _aside(scan, times[j].start, start):
        j -= 1
    return times[j] if j >= 0 else inherited


def _aside(scan: _SentenceScan, at: int, figure: int) -> bool:
    """Whether the time at ``at`` lies in a parenthesis that does not hold the figure at
    ``figure`` but holds a figure of its own ("(năm 2022 là 73,6 tuổi)"); a bare "(2023)"
    or "(năm 2023)" still dates the figure before it."""
    if "(" not in scan.text:
        return False  # cheap test first: this runs for every figure
    opened = scan.text.rfind("(", 0, at + 1)
    if opened < 0 or scan.text.find(")", opened) < 0:
        return False
    closed = scan.text.find(")", opened)
    if closed < at or opened <= figure < closed:
        return False
    return any(opened < q.start < closed for q in scan.quantities)


def _time_value(t: TimeExpr | None, published: date | None) -> tuple[str | None, str | None]:
    if t is None:
        return None, None
    if t.kind in ("last_year", "this_year") and published is not None:
        year = published.year - (1 if t.kind == "last_year" else 0)
        return str(year), t.kind
    if t.value.startswith("--") and published is not None:
        return "/".join(f"{published.year:04d}{v[1:]}" for v in t.value.split("/")), t.kind
    return t.value, t.kind


def _topic_time(scan: _SentenceScan) -> TimeExpr | None:
    """A time stated before any figure of a sentence ("Năm 2017 ghi nhận...", "Theo Sở
    Du lịch, năm 2023 Đà Nẵng đón...") sets the topic for the sentences after it in the
    same paragraph."""
    first_figure = min((q.start for q in scan.quantities), default=len(scan.text))
    for t in scan.times:
        if t.start >= first_figure:
            break
        if t.kind in ("year", "period", "month", "date") and not t.forward and not t.baseline:
            return t
    return None


def extract_claims(
    source: Source, sentences: list[Sentence], lex: Lexicon
) -> tuple[Source, list[Claim]]:
    """Every claim in ``sentences`` (which must come from ``source``), in text order.

    Returns the source too: when it states no publication date, one is inferred from the
    latest date the article reports, and "as of" figures carry that date.
    """
    locate = _Locator(source.text, source.positions)
    scans = _scan_all(source, sentences, lex)
    if source.published is None:
        # Inferred from the time expressions before any claim is built, so that claims
        # are built once with the date they should carry.
        published, basis = _latest_reported(
            (t.kind, t.value, t.forward) for scan in scans for t in scan.times if t.claim
        )
        if published is not None:
            source = replace(source, published=published, published_basis=basis)
    acronyms = _acronym_definitions(scans)
    if acronyms:
        source = replace(source, acronyms=acronyms)
    return source, _build(scans, source, lex, locate)


# Kinds of figure that are aligned as measures, and so carry a fact frame.
FRAMED = frozenset({"count", "money", "percent", "multiplier", "group"})

_DEFINED = re.compile(r"\(\s*([A-ZĐ][A-ZĐ0-9]{1,9})\s*\)")
_NAME_WORD = re.compile(r"[^\W\d_]+$")


# Where the 8 words of a definition can be: 8 words of at most MAX_WORD_CHARS and the
# spaces between them.  The whole text before each "(FDI)" was split: a sentence of
# 20,000 "(AB)" took half a minute.
_DEFINITION_WINDOW = 8 * (MAX_WORD_CHARS + 2)


def _acronym_definitions(scans: list[_SentenceScan]) -> tuple[tuple[str, str], ...]:
    """ "vốn đầu tư trực tiếp nước ngoài (FDI)": the words before a parenthesised
    acronym, back to a number, a symbol or another acronym (at most 8 words, none longer
    than ``MAX_WORD_CHARS``)."""
    found: dict[str, str] = {}
    for scan in scans:
        for m in _DEFINED.finditer(scan.text) if "(" in scan.text else ():
            if m.group(1) in found:
                continue  # the first definition wins
            text, lo = scan.text, max(0, m.start() - _DEFINITION_WINDOW)
            tokens = text[lo : m.start()].split()
            if lo > 0 and tokens and not text[lo - 1].isspace() and not text[lo].isspace():
                tokens = tokens[1:]  # a word the window cuts: it may be a longer word's end
            words: list[str] = []
            for token in reversed(tokens[-8:]):
                if (
                    not _NAME_WORD.match(token)
                    or (token.isupper() and len(token) > 1)
                    or len(token) > MAX_WORD_CHARS
                ):
                    break
                words.insert(0, token)
            if len(words) >= 2:
                found.setdefault(m.group(1), " ".join(words))
    return tuple(sorted(found.items()))


def _scan_all(source: Source, sentences: list[Sentence], lex: Lexicon) -> list[_SentenceScan]:
    """Scan every sentence of the source, canonicalised once.  For NFC text (the common
    case) offsets agree and each sentence is a slice; otherwise the offset map says
    where each sentence starts and ends in the canonical text."""
    canon, omap = canonical_page(source.text)  # cached: ingest did the same
    folded = fold_page(canon)
    scans = []
    loc: tuple[list[int] | None, int]
    for s in sentences:
        if omap is None:
            start, end, loc = s.start, s.end, (None, s.start)
        else:
            start, end = bisect.bisect_left(omap, s.start), bisect.bisect_left(omap, s.end)
            loc = (omap, start)
        scans.append(_scan(s, lex, Probe(canon[start:end], folded[start:end]), loc))
    return scans


def _build(
    scans: list[_SentenceScan], source: Source, lex: Lexicon, locate: _Locator
) -> list[Claim]:
    claims: list[Claim] = []
    inherited: TimeExpr | None = None
    final_carried = False  # whether the sentence that set ``inherited`` ends the games
    paragraph = -1
    article = _article_context(scans, source, lex)
    doc = article
    edition: str | None = None  # the numbered event the paragraph last named
    for scan in scans:
        if scan.sentence.paragraph != paragraph:
            paragraph, inherited, doc = scan.sentence.paragraph, None, article
            final_carried = False
            edition = None
        frames = _Frames(lex.frames, doc)
        edition = _edition(scan) or edition
        claims.extend(
            _sentence_claims(
                scan, source, lex, locate, inherited, source.published, frames, edition,
                final_carried,
            )
        )
        topic = _topic_time(scan)
        if topic is not None:
            # A date carried from a sentence that ends the games ("ASIAD 19 khép lại sáng
            # 8/10. Đoàn ... mang về 27 huy chương") dates the final tally, not a day's.
            inherited, final_carried = topic, _says_final(scan, lex)
        if scan.quantities or scan.times:
            # A period a sentence states before any figure frames the rest of its paragraph.
            doc = doc.with_period(lex.frames.opening_period(scan.text, doc, scan.folded))
    return claims


def _article_context(scans: list[_SentenceScan], source: Source, lex: Lexicon) -> DocContext:
    """The headline's and the lead's place and period, with the publication date, for
    every frame read in the article (a figure's own words win over them)."""
    lead = scans[0].text if scans else None
    if lead is not None and source.title and squash(canonical(source.title)) == squash(lead):
        lead = scans[1].text if len(scans) > 1 else None  # the headline repeated as a line
    doc = lex.frames.doc_context(
        headline=canonical(source.title) if source.title else None,
        lead=lead,
        published=source.published,
        published_confidence=source.published_confidence or source.published_basis,
    )
    named = [s for s in scans if s.quantities]
    return lex.frames.prevailing_place(
        (s.text for s in named), doc, folded=(s.folded for s in named)
    )


@dataclass
class _Frames:
    """Reads the frame of a figure in the sentence being built, in its article."""

    reader: FrameReader
    doc: DocContext

    def read(self, scan: _SentenceScan, start: int, end: int) -> Frame:
        text = scan.text
        if len(text) <= _FRAME_WINDOW:
            return self.reader.read(text, (start, end), doc=self.doc, folded=scan.folded)
        # A page without full stops makes one endless "sentence": the frame is read in
        # a window around the figure, so the cost per figure stays bounded (linear in
        # the page, not quadratic).
        lo = max(0, start - _FRAME_WINDOW // 2)
        hi = min(len(text), end + _FRAME_WINDOW // 3)
        return self.reader.read(
            text[lo:hi], (start - lo, end - lo), doc=self.doc, folded=scan.folded[lo:hi]
        )


# Longest sentence whose frames are read on the whole sentence (characters).
_FRAME_WINDOW = 720


def _make_claim(
    scan: _SentenceScan, source: Source, locate: _Locator, start: int, end: int, **fields: object
) -> Claim:
    if scan.display is None:
        scan.display = squash(scan.sentence.text)
    ostart, oend = scan.orig(start), scan.orig(end)
    line, column = locate(ostart)
    return Claim(
        source=source.path,
        line=line,
        column=column,
        start=ostart,
        end=oend,
        quote=source.text[ostart:oend],
        sentence=scan.display,
        published=source.published,
        **fields,  # type: ignore[arg-type]
    )


def _sentence_claims(
    scan: _SentenceScan,
    source: Source,
    lex: Lexicon,
    locate: _Locator,
    inherited: TimeExpr | None,
    published: date | None,
    frames: _Frames | None = None,
    edition: str | None = None,
    final_carried: bool = False,
) -> list[Claim]:
    out: list[Claim] = []
    respective = _respective_times(scan)
    for q in scan.quantities:
        # "gấp 3,4 lần năm 2022": the year after a multiplier is its base, not its time.
        after = q.kind != "multiplier"
        t = respective.get(q.start) or _pick_time(scan, q.start, q.end, inherited, after)
        time, time_text = _time_value(t, published)
        frame = frames.read(scan, q.start, q.end) if frames and q.kind in FRAMED else None
        if frame is not None and _frame_time_wins(frame, time, lex):
            time, time_text = _claim_time(frame.period.value), f"frame:{frame.period.basis}"
        unit = (
            q.unit
            if (q.read_as or q.kind) in ("money", "percent", "multiplier", "duration")
            else _unit_key(q.unit, lex)
        )
        if q.kind == "count" and unit in lex.bare_units:
            unit = _noun_before(scan, q.start, unit, lex)
        if (
            edition is not None
            and q.kind == "count"
            and lex.unit_family(fold(unit or "")) in lex.edition_dated
            and (t is None or (t is inherited and (final_carried or _says_final(scan, lex))))
        ):
            # A tally with no date of its own belongs to the games the text names; a
            # date carried from an earlier sentence dates a running tally unless the
            # sentence says the tally is final ("chung cuộc").
            time, time_text = edition, "edition"
            if frame is not None:
                frame = replace(frame, period=Slot(edition, "carried", kind="edition"))
        out.append(
            _make_claim(
                scan,
                source,
                locate,
                q.start,
                q.end,
                kind=q.kind,
                value=q.value,
                low=q.low,
                high=q.high,
                low_open=q.low_open,
                high_open=q.high_open,
                hedge=q.hedge.cls if q.hedge else None,
                hedge_text=q.hedge_text,
                unit=unit,
                time=time,
                time_text=time_text,
                context=_context(scan, q.start, q.end, lex),
                frame=frame,
            )
        )
    for ev in scan.events:
        event = _event_claim(scan, source, lex, locate, ev, published)
        if event is not None:
            out.append(event)
    events = [(c.start, c.end) for c in out if c.kind == "event"]
    for t in scan.times:
        if t.kind == "century":
            out.append(
                _time_claim(
                    scan, source, locate, lex, t, "ordinal", Decimal(t.value), unit="thế kỷ"
                )
            )
        elif (
            t.claim
            and t.kind in ("date", "month", "period", "year")
            # A date that an event claim already quotes is that event's date.
            and not any(s <= scan.orig(t.start) and scan.orig(t.end) <= e for s, e in events)
        ):
            kind = "period" if t.kind == "period" else "date"
            value = Decimal(t.year_end) if t.year_end else None
            time, _ = _time_value(t, published)
            text = "target" if t.forward else t.kind
            out.append(
                _time_claim(scan, source, locate, lex, t, kind, value, time=time, time_text=text)
            )
    out.sort(key=lambda c: c.start)
    return out


def _says_final(scan: _SentenceScan, lex: Lexicon) -> bool:
    pattern = lex.edition_final_re
    return pattern is not None and pattern.search(scan.folded) is not None


def _edition(scan: _SentenceScan) -> str | None:
    """The last numbered event a sentence names ("SEA Games 32" -> "seagames#32")."""
    numbered = [e.identity for e in scan.events if "#" in e.identity]
    return numbered[-1] if numbered else None


_WHOLE_YEAR = re.compile(r"^\d{4}$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def _claim_time(period: str | None) -> str | None:
    """A frame's period in the time format of the scanner: a quarter is its months
    ("2025-Q3" -> "2025-07/2025-09"), as "quý III/2025" reads, so that "quý 3" carried
    from the paragraph and "quý III/2025" stated in the sentence block together."""
    m = _QUARTER.match(period or "")
    if m is None:
        return period
    year, q = m.group(1), int(m.group(2))
    return f"{year}-{3 * q - 2:02d}/{year}-{3 * q:02d}"


def _frame_time_wins(frame: Frame, time: str | None, lex: Lexicon | None = None) -> bool:
    """Whether the frame's period replaces the time the scanner found: when the scanner
    found none (the frame carries the headline's, lead's or paragraph's period); when
    the scanner found a whole year and the sentence states a narrower period inside it
    ("quý 3" of the year the paragraph opened with, "9 tháng năm nay"); and when the
    scanner read a single month that only ends the period the sentence states ("đến hết
    tháng 9/2023", "từ đầu năm đến cuối tháng 8": the months up to it).  Otherwise the
    scanner's reading stands ("tương ứng" years, combined periods)."""
    if not frame.period.known:
        return False
    if time is None:
        return True
    if not _in_sentence(frame.period):
        return False
    if time == "asof":
        # "từ đầu năm 2025 đến nay": the scanner read "đến nay", the frame the whole
        # phrase, a span from the start of the year; it wins when its words hold the
        # scanner's (no other period of the sentence overrides an "as of").
        return parse_period(frame.period.value) is not None and _holds_asof(frame.period, lex)
    mine, theirs = parse_period(frame.period.value), parse_period(time)
    if mine is None or theirs is None or (mine.start, mine.end) == (theirs.start, theirs.end):
        return False
    if _WHOLE_YEAR.match(time):
        return theirs.start <= mine.start and mine.end <= theirs.end
    return (
        _MONTH.match(time) is not None
        and mine.end == theirs.end
        and mine.start < theirs.start
        and mine.start.year == theirs.start.year
    )


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _holds_asof(period: Slot, lex: Lexicon | None) -> bool:
    """The period's own words end in an "as of" word of language.yml time_words
    ("từ đầu năm 2025 đến nay")."""
    words = [fold(w) for w in (lex.know.time_words.get("asof", []) if lex else [])]
    return any(
        e.where == "sentence" and any(fold(e.text).strip().endswith(w) for w in words)
        for e in period.evidence
    )


def _in_sentence(period: Slot) -> bool:
    """A period the sentence itself states, or one whose words the sentence states and
    whose year the publication date or the paragraph supplies ("9 tháng năm nay", "quý
    3" after "Năm 2025, ..."); never one carried whole from elsewhere."""
    if period.basis == "stated":
        return True
    return period.basis in ("inferred", "carried") and any(
        e.where == "sentence" for e in period.evidence
    )


def _time_claim(
    scan: _SentenceScan,
    source: Source,
    locate: _Locator,
    lex: Lexicon,
    t: TimeExpr,
    kind: str,
    value: Decimal | None,
    **fields: object,
) -> Claim:
    """A date, period or century as a claim of its own: a point value (its last year)."""
    return _make_claim(
        scan,
        source,
        locate,
        t.start,
        t.end,
        kind=kind,
        value=value,
        low=value,
        high=value,
        context=_context(scan, t.start, t.end, lex),
        **fields,
    )


def _event_claim(
    scan: _SentenceScan,
    source: Source,
    lex: Lexicon,
    locate: _Locator,
    ev: EventMention,
    published: date | None,
) -> Claim | None:
    """An event with the dates the sentence gives it ("ASIAD 19 năm 2023", "khai mạc
    ngày 10/3/2023 và bế mạc ngày 12/3/2023"); None for an unnumbered event whose name
    gives no year and which no date is bound to (its identity would be its name alone)."""
    end = ev.end
    when, role, time = _event_dates(scan, lex, ev, published)
    if ev.year is not None and time is not None and not time.startswith(str(ev.year)):
        # "APEC (2006), Năm ASEAN Việt Nam (2010)": a year-named event is not dated by
        # another year.
        when, role, time = None, None, None
    if when is not None:
        end = when.end
    # Close a parenthesis the date opened: "(tháng 1/2021)".
    quoted = scan.text[ev.start : end]
    if quoted.count("(") > quoted.count(")") and scan.text[end : end + 1] == ")":
        end += 1
    if time is None and ev.year is not None:
        time = str(ev.year)
    identity = ev.identity
    if identity.endswith("@"):
        if time is None or not time[:4].isdigit():
            return None
        identity += time[:4]
    value = Decimal(ev.ordinal) if ev.ordinal is not None else None
    return _make_claim(
        scan,
        source,
        locate,
        ev.start,
        end,
        kind="event",
        value=value,
        low=value,
        high=value,
        time=time,
        time_text=role or (when.kind if when else None),
        context=_context(scan, ev.start, end, lex),
        event=identity,
        unit=None,
    )


_EVENT_TIME_KINDS = ("year", "date", "month", "period")


def _event_dates(
    scan: _SentenceScan, lex: Lexicon, ev: EventMention, published: date | None
) -> tuple[TimeExpr | None, str | None, str | None]:
    """The last time bound to an event, the role of its dates ("opening", "closing",
    "span" for an opening and a closing together, None for plain dates) and its value.

    Only the first time after the event can be its date; another event between them
    shares it ("... lần thứ VII được tổ chức cùng Lễ hội Hoa Ban, diễn ra từ ngày ...")."""
    after = [t for t in scan.times if t.start >= ev.end and t.kind in _EVENT_TIME_KINDS]
    if not after:
        return None, None, None
    first = after[0]
    gap = _DURATION.sub(r"\1\2", _blank_events(scan, ev.end, first.start))
    if not _dates_event(gap, lex):
        rest = _after_anaphor(scan, lex, ev, gap)
        if rest is None or not _dates_event(rest, lex):
            return None, None, None
        gap = rest
    role = _event_role(gap, lex)
    time, _ = _time_value(first, published)
    if role == "opening" and len(after) > 1 and time is not None:
        # "khai mạc ngày 10/3/2023 và bế mạc ngày 12/3/2023": both days are the event's.
        second = after[1]
        gap2 = _blank_events(scan, first.end, second.start)
        if _dates_event(gap2, lex) and _event_role(gap2, lex) == "closing":
            closing, _ = _time_value(second, published)
            opening_day, closing_day = time.split("/")[0], (closing or "").split("/")[-1]
            if first.value.startswith("--") and closing_day[:4].isdigit():
                # "khai mạc sáng 20/11 và kéo dài đến hết ngày 23/11/2024": the year the
                # closing states is the opening's too.
                opening_day = closing_day[:4] + first.value.split("/")[0][1:]
            if (
                _ISO_DAY.match(opening_day)
                and _ISO_DAY.match(closing_day)
                and opening_day <= closing_day
            ):
                return second, "span", f"{opening_day}/{closing_day}"
    return first, role, time


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "diễn ra trong 9 ngày, từ 25/1 ...": the length of an event stands between it and its dates.
_DURATION = re.compile(r"(trong\s+)\d{1,3}(\s+ngày)")


def _after_anaphor(scan: _SentenceScan, lex: Lexicon, ev: EventMention, gap: str) -> str | None:
    """The gap after the event's head word repeated later in the sentence ("Đại hội ...
    lần thứ XIII của Đảng, Ban tổ chức cho biết đại hội diễn ra từ ..."): the repeated
    head takes the event's place; None when the head is not repeated."""
    head = lex.event_word_re.match(scan.folded, ev.start)
    if head is None:
        return None
    at = fold_case(gap).rfind(head.group(0))
    return gap[at + len(head.group(0)) :] if at >= 0 else None


def _blank_events(scan: _SentenceScan, start: int, end: int) -> str:
    """The text between two offsets with the events it holds blanked out."""
    spans = [(e.start - start, e.end - start) for e in scan.events if start <= e.start < end]
    return _blank(scan.text[start:end], spans) if spans else scan.text[start:end]


def _event_role(gap: str, lex: Lexicon) -> str | None:
    """Whether the words right before an event's date make it the opening or the
    closing day: a role word among the last six words of the gap ("kéo dài đến đêm
    chung kết")."""
    words = [fold(w) for w in _GAP_WORD.findall(gap)][-6:]
    found: str | None = None
    for role, cues in lex.event_role_words.items():
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                if " ".join(words[i : i + n]) in cues:
                    found = role  # the last role word named wins ("từ khai mạc đến bế mạc")
    return found


_GAP_WORD = re.compile(r"[^\W\d_]+")
_GAP_STOP = re.compile(r"[\d;:.!?]")


def _dates_event(gap: str, lex: Lexicon) -> bool:
    """Whether the words between an event and a time make the time the event's dates:
    glue words ("diễn ra từ", "kéo dài đến hết"), a place after "tại"/"ở", and at most
    a few other words, never a figure or a clause break."""
    gap = _EVENT_PLACE.sub(" ", gap)
    if _GAP_STOP.search(gap):
        return False
    words = [fold(w) for w in _GAP_WORD.findall(gap)]
    glue = lex.event_date_glue
    other, i = 0, 0
    while i < len(words):
        pair = f"{words[i]} {words[i + 1]}" if i + 1 < len(words) else None
        if pair in glue:
            i += 2
            continue
        if words[i] not in glue:
            other += 1
        i += 1
    return other <= lex.know.event_date_other_words


def _respective_times(scan: _SentenceScan) -> dict[int, TimeExpr]:
    """'2018-2019 ... tương ứng 7,5 tỷ USD và 8,669 tỷ USD': one year to each figure."""
    if "tương" not in scan.text and "lượt" not in scan.text:
        return {}  # cheap test first: this runs for every sentence
    m = _RESPECTIVELY.search(scan.text)
    if not m:
        return {}
    periods = [
        t for t in scan.times if t.end <= m.start() and t.kind == "period" and "-" not in t.value
    ]
    if not periods:
        return {}
    first, last = (int(y) for y in periods[-1].value.split("/"))
    years = list(range(first, last + 1))
    after = [q for q in scan.quantities if q.start >= m.end()][: len(years)]
    if len(after) != len(years):
        return {}
    return {
        q.start: replace(periods[-1], kind="year", value=str(y))
        for q, y in zip(after, years, strict=True)
    }


def _latest_reported(times: Iterable[tuple[str, str, bool]]) -> tuple[date | None, str | None]:
    """The latest reported date an article mentions, a lower bound of when it was written,
    from (kind, ISO-like value, is-a-target) times.  Targets ("tầm nhìn 2030") and year
    ranges are skipped; periods count by their end.  Basis: "inferred:year|month|day"."""
    best: tuple[date, str] | None = None
    for kind, value, target in times:
        if target or not value or kind not in ("date", "month", "year", "period"):
            continue
        if kind == "period" and "-" not in value:
            continue  # "giai đoạn 2021 - 2025" is a plan as often as a record
        iso = value.split("/")[-1]
        parts = iso.split("-")
        if not parts[0].isdigit():
            continue
        precision = ("year", "month", "day")[min(len(parts), 3) - 1]
        try:
            d = date(
                int(parts[0]),
                int(parts[1]) if len(parts) > 1 else 1,
                int(parts[2]) if len(parts) > 2 else 1,
            )
        except ValueError:
            continue  # a day the calendar does not have: a typo, not a date
        if d > date.today():
            continue  # a plan or forecast that no target word announced
        if best is None or d > best[0]:
            best = (d, f"inferred:{precision}")
    return (best[0], best[1]) if best else (None, None)
