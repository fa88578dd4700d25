"""The fact frame of a claim: who, which measure, which period, against which base, and
with what status.

Two figures state the same fact only when their frames agree: "doanh thu tăng 12,3%" (a
change) is not "chiếm 9,6% tổng mức" (a share), Việt Nam's GDP is not Hà Nội's GRDP, a
quarter is not a year, the base of a comparison ("so với năm 2021") is not the figure's
own time, and a target ("phấn đấu đón 10 triệu") is not a result.  ``FrameReader.read``
reads the frame of one figure in its sentence; every field says what set it:

- ``stated``: words of the sentence (``evidence`` gives them, with their offsets);
- ``carried``: the article's headline, lead or paragraph (``DocContext``);
- ``inferred``: a rule applied to stated words or the publication date (``note`` says
  which: "no measure cue: a level", "the period had not ended at publication");
- ``unknown``: nothing says it.  Unknown is never filled with a guess;
- ``none``: the field does not apply (a level has no comparison base; no part means
  the whole).

All words come from rules/generic/frames.yml and places.yml (``FrameVocabulary``).  A
sentence is analysed once (vocabulary, time expressions, clauses) and each of its
figures is then read from that analysis; a cue holds for the clause it stands in
("Năm 2023 đạt 8,4 triệu lượt, năm 2024 phấn đấu đón 10 triệu": a result, then a
target), and the sentence's opening phrase ("Năm 2022, ...", "Nghệ An: ...", "Theo kế
hoạch, ...") frames every clause.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from checker.extract.frameanalysis import Analysis, Evidence, Token, analyse
from checker.extract.frameperiod import SPECIAL, Span, Stated, _month_end
from checker.extract.framevocab import FrameVocabulary, MetricDef
from checker.extract.gazetteer import Place
from checker.knowledge import Knowledge
from checker.textnorm import squash

FIELDS = ("subject", "part", "metric", "measure", "period", "base", "status")
# Measures whose figure is compared with a base; the others take none.
_BASED = frozenset({"change", "ratio_to_base", "multiplier"})
_PROSPECTIVE = frozenset({"target", "plan", "forecast"})


class Slot(NamedTuple):
    """One field of a frame (see the module docstring for ``basis``)."""

    value: str | None
    basis: str = "unknown"  # stated, carried, inferred, unknown, none
    evidence: tuple[Evidence, ...] = ()
    kind: str | None = None  # a period's granularity; a subject's place kind; a metric's name
    note: str = ""
    # What narrows a metric: ("product", "gạo"), ("partner", "Mỹ"), ("facet", "khối lượng").
    qualifiers: tuple[tuple[str, str], ...] = ()

    @property
    def known(self) -> bool:
        return self.value is not None


UNKNOWN = Slot(None)


@dataclass(frozen=True, slots=True)
class Frame:
    """The fact a figure states, field by field."""

    subject: Slot  # a place ("Bình Định", "Việt Nam", "Gia Lai@2025-07")
    part: Slot  # a sector or group of the subject ("khu vực dịch vụ"); none = the whole
    metric: Slot  # what is measured ("GRDP", "xuất khẩu gạo", "lượt khách quốc tế")
    measure: Slot  # level, change, share, ratio_to_base, target_completion, target_excess,
    #                multiplier, rank
    period: Slot  # ISO-like ("2024", "2024-Q3", "2024-01/2024-09", "asof"); kind = granularity
    base: Slot  # the period a change or ratio is measured against
    status: Slot  # result, estimate, preliminary, target, plan, forecast

    def field(self, name: str) -> Slot:
        slot: Slot = getattr(self, name)
        return slot


@dataclass(frozen=True, slots=True)
class FrameComparison:
    """How two frames relate: fields that make them different facts, and fields that
    are unknown on either side (so a finding resting on them is uncertain)."""

    differ: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def same(self) -> bool:
        return not self.differ


@dataclass(frozen=True, slots=True)
class DocContext:
    """What the article says around a sentence: its publication date (with the
    confidence of that date), its dominant place and the period carried from its
    headline, lead or paragraph."""

    published: date | None = None
    published_confidence: str | None = None  # e.g. stated, inferred:day
    subject: Slot = UNKNOWN
    period: Slot = UNKNOWN

    def with_period(self, period: Slot | None) -> DocContext:
        """The context for later sentences of a paragraph that opened with ``period``."""
        if period is None:
            return self
        # The constructor, not dataclasses.replace (which inspects the fields on every
        # call): this runs for every sentence that opens with a period.
        return DocContext(self.published, self.published_confidence, self.subject, period)


@lru_cache(maxsize=4096)
def parse_period(value: str | None) -> Span | None:
    """The span of days of a period value ("2024", "2024-Q3", "2024-01/2024-09",
    "2025-06-12/2025-06-14", "2021/2025"); None for "asof", "yearly" or garbage."""
    if not value:
        return None
    parts = value.split("/")
    try:
        first, last = _parse_part(parts[0]), _parse_part(parts[-1])
    except ValueError:
        return None
    if first is None or last is None or len(parts) > 2:
        return None
    return Span(first[0], last[1])


_PART = re.compile(r"(\d{4})(?:-(?:Q([1-4])|(\d{2}))(?:-(\d{2}))?)?$")


def _metric_verdict(x: Slot, y: Slot) -> str:
    """Metrics compare by name, then by what narrows them: two different products,
    partners or facets are different metrics; one side that names none ("6.779 ca mắc"
    and "6.977 ca mắc sốt xuất huyết", "tăng 9%" and "tăng 10,6% về khối lượng") may
    mean the same, and says so (unknown)."""
    if x.kind != y.kind:
        return "differ"
    a, b = dict(x.qualifiers), dict(y.qualifiers)
    verdict = "same"
    for key in a.keys() | b.keys():
        if key in a and key in b:
            if a[key] != b[key]:
                return "differ"
        else:
            verdict = "unknown"
    return verdict


def _holds(outer: Span, inner: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _parse_part(text: str) -> tuple[date, date] | None:
    m = _PART.match(text)
    if m is None:
        return None
    y = int(m.group(1))
    if m.group(2):
        q = int(m.group(2))
        return date(y, 3 * q - 2, 1), _month_end(date(y, 3 * q, 1))
    if m.group(3) is None:
        return date(y, 1, 1), date(y, 12, 31)
    month = int(m.group(3))
    if m.group(4) is None:
        return date(y, month, 1), _month_end(date(y, month, 1))
    d = date(y, month, int(m.group(4)))
    return d, d


# --- The reader ----------------------------------------------------------------------------


class FrameReader:
    """Reads fact frames with one pack's vocabulary; build with ``FrameReader.build``."""

    def __init__(self, vocab: FrameVocabulary, cache_size: int = 256):
        self.vocab = vocab
        self._cache: OrderedDict[str, Analysis] = OrderedDict()
        self._cache_size = cache_size

    @classmethod
    def build(cls, know: Knowledge) -> FrameReader:
        return cls(FrameVocabulary.build(know))

    # -- public API --

    def read(
        self,
        sentence: str,
        span: tuple[int, int],
        *,
        doc: DocContext | None = None,
        folded: str | None = None,
    ) -> Frame:
        """The frame of the figure at ``span`` (offsets into ``sentence``).  ``folded``:
        ``fold_case(sentence)``, when the caller has it (see ``analyse``)."""
        doc = doc or DocContext()
        a = self._analyse(sentence, folded)
        return _Reading(
            self.vocab, a, a.to_canonical(span[0]), a.to_canonical(span[1]), doc
        ).frame()

    def doc_context(
        self,
        *,
        headline: str | None = None,
        lead: str | None = None,
        published: date | None = None,
        published_confidence: str | None = None,
    ) -> DocContext:
        """The article's context: its place from the headline (else the lead; a province
        or city before the country), and the period the headline or lead states."""
        doc = DocContext(published, published_confidence)
        subject, period = UNKNOWN, UNKNOWN
        for where, text in (("headline", headline), ("lead", lead)):
            if not text:
                continue
            a = self._analyse(text)
            if not subject.known:
                subject = self._dominant_place(a, where, published)
            if not period.known:
                found = self._first_period(a, doc, where, before=len(a.text))
                period = found or UNKNOWN
        return replace(doc, subject=subject, period=period)

    def prevailing_place(
        self, sentences: Iterable[str], doc: DocContext, folded: Iterable[str] | None = None
    ) -> DocContext:
        """When neither headline nor lead names a place, the place the article's figures
        are about: the one named in most of its sentences, if it is named in at least
        ``prevailing_sentences`` of them and in most sentences that name any
        place (an article on Hà Nội's diplomacy names Hà Nội again and again).
        ``folded``: the sentences case-folded, when the caller has them."""
        if doc.subject.known:
            return doc
        counts: dict[str, int] = {}
        first: dict[str, Slot] = {}
        naming = 0
        pairs = (
            zip(sentences, folded, strict=True)
            if folded is not None
            else ((t, None) for t in sentences)
        )
        for text, low in pairs:
            a = self._analyse(text, low)
            named = {
                t.payload.subject(doc.published): t
                for t in a.by_role.get("place", ())
                if not t.payload.foreign and not t.payload.national
            }
            naming += bool(named)
            for value, t in named.items():
                counts[value] = counts.get(value, 0) + 1
                if value not in first:
                    ev = (a.evidence(t.start, t.end, "article"),)
                    first[value] = Slot(value, "carried", ev, kind=t.payload.kind)
        if not counts:
            return doc
        best = max(sorted(counts), key=lambda v: counts[v])
        share = counts[best] / naming
        if counts[best] < self.vocab.prevailing_min or share < self.vocab.prevailing_share:
            return doc
        note = f"named in {counts[best]} of the {naming} sentences that name a place"
        return replace(doc, subject=first[best]._replace(note=note))

    def opening_period(
        self, sentence: str, doc: DocContext, folded: str | None = None
    ) -> Slot | None:
        """A period the sentence states before any figure ("Năm 2017 ghi nhận ...") that
        carries to the later sentences of its paragraph (see ``DocContext.with_period``)."""
        a = self._analyse(sentence, folded)
        first_figure = a.numbers[0][0] if a.numbers else len(a.text)
        return self._first_period(a, doc, "paragraph", before=first_figure)

    def compare(self, a: Frame, b: Frame) -> FrameComparison:
        """Which fields keep two frames apart (statuses compare by family: an estimate
        and a result may be one fact), and which are unknown on either side."""
        differ, unknown = [], []
        for name in FIELDS:
            x, y = a.field(name), b.field(name)
            if not x.known or not y.known:
                if (x.basis == "unknown") or (y.basis == "unknown"):
                    unknown.append(name)
                elif x.known != y.known:
                    differ.append(name)
                continue
            verdict = self._field_verdict(name, x, y)
            if verdict == "differ":
                differ.append(name)
            elif verdict == "unknown":
                unknown.append(name)
        return FrameComparison(tuple(differ), tuple(unknown))

    def _field_verdict(self, name: str, x: Slot, y: Slot) -> str:
        """same, differ or unknown, for two known values of one field."""
        if name == "status":
            fam = self.vocab.status_families
            same = fam.get(str(x.value), x.value) == fam.get(str(y.value), y.value)
            return "same" if same else "differ"
        if name == "metric" and x.kind and y.kind:
            generic = self.vocab.generic_metrics
            if x.kind != y.kind and (x.kind in generic or y.kind in generic):
                return "unknown"  # "tổng sản lượng" against "vận tải hàng hóa"
            if (x.kind, y.kind) in self.vocab.metric_meets:
                return "unknown"  # "lượt khách" against "lượt khách lưu trú"
            return _metric_verdict(x, y)
        if x.value == y.value:
            return "same"
        if name in ("period", "base") and (x.basis != "stated" or y.basis != "stated"):
            # A period carried from the headline that holds the other one ("2024" and
            # "2024-02-15"): the sentence's own words may be the more exact.
            a, b = parse_period(x.value), parse_period(y.value)
            if a and b and (_holds(a, b) or _holds(b, a)):
                return "unknown"
        return "differ"

    # -- analysis --

    def _analyse(self, sentence: str, folded: str | None = None) -> Analysis:
        cached = self._cache.get(sentence)
        if cached is not None:
            self._cache.move_to_end(sentence)
            return cached
        a = analyse(self.vocab, sentence, folded)
        self._cache[sentence] = a
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return a

    def _dominant_place(self, a: Analysis, where: str, published: date | None) -> Slot:
        places = [t for t in a.by_role.get("place", ()) if not t.payload.foreign]
        places.sort(key=lambda t: (t.payload.national, t.start))
        if not places:
            return UNKNOWN
        t = places[0]
        place: Place = t.payload
        value = place.subject(published)
        return Slot(value, "carried", (a.evidence(t.start, t.end, where),), kind=place.kind)

    def _first_period(self, a: Analysis, doc: DocContext, where: str, before: int) -> Slot | None:
        bases = a.bases
        for p in a.periods:
            if p.start >= before:
                break
            if p in bases:
                continue
            slot, _ = _resolve_period(p, a, doc, prospective=False)
            if slot.known:
                ev = tuple(e._replace(where=where) for e in slot.evidence)
                return slot._replace(basis="carried", evidence=ev)
        return None


def _year_of(doc: DocContext) -> int | None:
    span = parse_period(doc.period.value)
    if span is not None and span.start.year == span.end.year:
        return span.start.year
    return None


def _resolve_period(
    p: Stated, a: Analysis, doc: DocContext, *, prospective: bool
) -> tuple[Slot, Span | None]:
    """The slot and span of a figure's own period expression."""
    ev = (a.evidence(p.start, p.end),)
    span: Span | None
    if p.kind in SPECIAL:
        return Slot(p.kind, "stated", ev, kind=p.kind), None
    pub = doc.published
    carried = parse_period(doc.period.value)
    if p.kind in ("this_year", "last_year", "previous_year"):
        year, basis, note = _reference_year(doc)
        if year is None:
            return Slot(None, "unknown", ev, note="no publication date to resolve it"), None
        span = Span(date(year, 1, 1), date(year, 12, 31))
        if p.kind != "this_year":
            span = span.shift_years(-1)
        return _slot(span, basis, ev, note), span
    if p.kind in ("same_period", "same_period_of"):
        if carried is None:
            return Slot(None, "unknown", ev, note="no period to be the same period of"), None
        span = carried.shift_years(-1) if p.year is None else carried.in_year(p.year)
        return _slot(span, "carried", ev + doc.period.evidence, "the article's period"), span
    if p.kind in ("previous_month", "previous_quarter", "year_to_date"):
        if pub is None:
            return Slot(None, "unknown", ev, note="no publication date to resolve it"), None
        if p.year is not None and p.year != pub.year:
            # "từ đầu năm 2024 đến nay" read in 2025 spans two years: no period of ours
            return Slot(None, "unknown", ev, note="a year other than the publication's"), None
        span = _pub_relative(p.kind, pub)
        return _slot(span, "inferred", ev, f"relative to publication {pub.isoformat()}"), span
    if p.current:
        year, basis, note = _reference_year(doc)
        span = p.span(year) if year is not None else None
        if span is None:
            return Slot(None, "unknown", ev, note="no publication date to resolve it"), None
        return _slot(span, basis, ev, note), span
    if not p.needs_year:
        span = p.span()
        return (_slot(span, "stated", ev), span) if span else (Slot(None, "unknown", ev), None)
    year = _year_of(doc)
    if year is not None:
        span = p.span(year)
        if span is not None:
            return _slot(span, "carried", ev + doc.period.evidence, "year of the article"), span
    if pub is not None:
        span = _latest(p, pub, prospective)
        if span is not None:
            return _slot(span, "inferred", ev, f"year from publication {pub.isoformat()}"), span
    return Slot(None, "unknown", ev, note="no year"), None


def _reference_year(doc: DocContext) -> tuple[int | None, str, str]:
    if doc.published is not None:
        return doc.published.year, "inferred", f"publication {doc.published.isoformat()}"
    year = _year_of(doc)
    if year is not None:
        return year, "carried", "year of the article"
    return None, "unknown", ""


def _pub_relative(kind: str, pub: date) -> Span:
    month = Span(date(pub.year, pub.month, 1), _month_end(pub))
    if kind == "year_to_date":
        return Span(date(pub.year, 1, 1), _month_end(pub))
    if kind == "previous_month":
        prev = month.previous()
        assert prev is not None
        return prev
    q = (pub.month - 1) // 3
    quarter = Span(date(pub.year, 3 * q + 1, 1), _month_end(date(pub.year, 3 * q + 3, 1)))
    prev = quarter.previous()
    assert prev is not None
    return prev


def _latest(p: Stated, pub: date, prospective: bool) -> Span | None:
    """A yearless period read at publication: the latest one that has begun reporting
    (it ends by the end of the publication month); for a target, the publication year."""
    span = p.span(pub.year)
    if span is None or prospective:
        return span
    if span.end > _month_end(pub):
        return p.span(pub.year - 1)
    return span


def _slot(span: Span, basis: str, ev: tuple[Evidence, ...], note: str = "") -> Slot:
    return Slot(span.value, basis, ev, kind=span.granularity, note=note)


# --- Reading one figure ----------------------------------------------------------------


_DIGIT = re.compile(r"\d")


class _Reading:
    """The frame of one figure: each field from its clause, the sentence, then the article."""

    def __init__(self, vocab: FrameVocabulary, a: Analysis, start: int, end: int, doc: DocContext):
        self.vocab, self.a, self.doc = vocab, a, doc
        self.start, self.end = start, end
        digit = _DIGIT.search(a.text, start, end)
        self.figure = digit.start() if digit else start  # where the number begins
        self.index = a.clause_of(start)
        self.left, self.right = a.clause(self.index)
        quote = squash(a.text[start:end]).lower()
        self.percent = any(sign in quote for sign in vocab.percent_signs)
        self._memo: dict[str, tuple[Token, ...]] = {}  # role -> tokens before the figure
        self._found: dict[str, Token | None] = {}  # memoised lookups of one reading

    # -- helpers --

    def _tokens(self, role: str, lo: int, hi: int) -> list[Token]:
        return self.a.role(role, lo, hi)

    def _before(self, role: str) -> tuple[Token, ...]:
        # A tuple: shared by the callers of one reading, never changed by them.
        found = self._memo.get(role)
        if found is None:
            found = self._memo[role] = tuple(self.a.role(role, self.left, self.figure))
        return found

    def _after(self, role: str) -> list[Token]:
        return self._tokens(role, self.end, self.right)

    def _earlier_clauses(self) -> range:
        """The indexes of the clauses before the figure's, nearest first."""
        return range(self.index - 1, -1, -1)

    def _opening(self) -> tuple[int, int] | None:
        i = self.a.opening
        return None if i is None or i == self.index else self.a.clause(i)

    def _gap(self, lo: int, hi: int) -> int:
        """Words between ``lo`` and ``hi`` that are no vocabulary, hedge or number."""
        return self.a.gap(lo, hi, self.vocab.hedge_words)

    def _ev(self, *tokens: Token) -> tuple[Evidence, ...]:
        return tuple(self.a.evidence(t.start, t.end) for t in tokens)

    # -- the frame --

    def frame(self) -> Frame:
        status_cue = self._status_cue()
        prospective = status_cue is not None and status_cue.value in _PROSPECTIVE
        verb, measure = self._measure()
        bases = self._base_expressions(measure)
        period, span = self._period(bases, prospective)
        base = self._base(bases, span, measure)
        measure = self._refine_measure(measure, verb, base)
        if measure.value not in _BASED and base.basis != "stated":
            base = Slot(None, "none", note=f"a {measure.value} has no base")
        status = status_cue or self._default_status(span)
        # After a % the metric names the whole ("chiếm 71,2% kim ngạch", "93,35% dân số").
        metric_token = self._metric_token(whole_after=measure.value == "share" or self.percent)
        subject = self._subject(metric_token, measure, span)
        part = self._part(metric_token)
        metric = self._metric(metric_token, subject)
        return Frame(subject, part, metric, measure, period, base, status)

    # status

    def _status_cue(self) -> Slot | None:
        found = [t for t in self._before("status") if not self._after_a_figure(t)]
        opening = self._opening()
        if opening is not None:
            found += self._tokens("status", *opening)
        if not found and self.index > 0 and self._continues():
            # "ước tính đạt 4.500 tỷ đồng, giảm 61,8%": a clause that only adds a measure
            # of the figure before it shares that figure's status.
            previous = self.a.in_clause(self.index - 1, "status")
            found = [t for t in previous if not self._after_a_figure(t)]
        if not found:
            return None
        order = {s: i for i, s in enumerate(self.vocab.status_priority)}
        best = min(found, key=lambda t: (order.get(t.payload, len(order)), -t.start))
        return Slot(best.payload, "stated", self._ev(best))

    def _after_a_figure(self, t: Token) -> bool:
        """A plan word just after a figure ("vượt 14,8% dự toán") is no status cue."""
        # The slice test first: it rules out every figure but the one just before the
        # word, without counting words by regex for each of them.
        return any(
            end <= t.start
            and not self.a.text[end : t.start].strip(" %")
            and self._gap(end, t.start) == 0
            for _, end in self.a.numbers
        )

    def _continues(self) -> bool:
        """Whether the figure's clause names nothing of its own before the figure."""
        own = ("place", "metric", "part", "status", "local")
        if any(t.role in own for t in self.a.tokens if self.left <= t.start < self.figure):
            return False
        return not any(self.left <= p.start < self.figure for p in self.a.periods)

    def _default_status(self, span: Span | None) -> Slot:
        pub = self.doc.published
        if span is not None and pub is not None and span.end > pub:
            note = f"the period had not ended at publication ({pub.isoformat()})"
            return Slot("estimate", "inferred", note=note)
        return Slot("result", "inferred", note="no status cue")

    # measure

    def _measure(self) -> tuple[Token | None, Slot]:
        verbs = self._before("verb") + self._before("exceed")
        verb = max(verbs, key=lambda t: t.end, default=None)
        if verb is not None and not self._reaches(verb):
            verb = None
        plan = next(
            (
                t
                for t in self._after("plan")
                if self._gap(self.end, t.start) <= self.vocab.measure_gap
            ),
            None,
        )
        if plan is not None and self.percent:
            exceed = verb is not None and verb.role == "exceed"
            value = "target_excess" if exceed else "target_completion"
            return verb, Slot(value, "stated", self._ev(*([verb] if verb else []), plan))
        if verb is not None and verb.role == "verb" and verb.payload != "neutral":
            if verb.payload == "change" and self._counted_in(self.vocab.multiplier_units):
                return verb, Slot("multiplier", "stated", self._ev(verb), note="times")
            return verb, Slot(verb.payload, "stated", self._ev(verb))
        noun = max(self._before("noun"), key=lambda t: t.end, default=None)
        if noun is not None:
            return verb, Slot(noun.payload, "stated", self._ev(noun))
        metric = self._metric_token(before_only=True)
        if metric is not None and metric.payload.measure:
            return verb, Slot(metric.payload.measure, "stated", self._ev(metric))
        return verb, Slot("level", "inferred", note="no measure cue: a level")

    def _reaches(self, verb: Token) -> bool:
        """Whether a measure verb reaches the figure: few other words between, and past
        another figure only in a list ("tăng 5% và 6%"), never past a base or a time
        ("thấp hơn 3,51% so với mức 97,57%": 97,57% is no change)."""
        if self._gap(verb.end, self.figure) > self.vocab.measure_gap:
            return False
        if not any(verb.end <= a < self.figure for a, _ in self.a.numbers):
            return True
        between = (verb.end, self.figure)
        if self._tokens("base", *between) or self._tokens("plan", *between):
            return False
        return not any(verb.end <= p.start < self.figure for p in self.a.periods)

    def _counted_in(self, units: tuple[str, ...]) -> bool:
        """Whether the figure's quote ends with one of ``units`` (lower case)."""
        quote = squash(self.a.text[self.start : self.end]).lower()
        return any(quote.endswith(" " + u) or quote.endswith(u) for u in units if u)

    def _refine_measure(self, measure: Slot, verb: Token | None, base: Slot) -> Slot:
        """A % at a level against a stated base is a ratio to it ("đạt 85% so với năm 2019")."""
        if measure.value != "level" or not self.percent:
            return measure
        if verb is not None and verb.role == "verb" and verb.payload == "level":
            return measure  # "giảm còn 2,5%": a new level
        if base.basis == "stated":
            return Slot("ratio_to_base", "stated", base.evidence, note="a % of a base")
        cue = next((t for t in self._after("base") if self._gap(self.end, t.start) == 0), None)
        if cue is not None:  # "đạt 80% so với mức trước đại dịch": a base that is no period
            return Slot("ratio_to_base", "stated", self._ev(cue), note="a % of a base")
        return measure

    # base

    def _base_expressions(self, measure: Slot) -> list[Stated]:
        bases = set(self.a.bases)
        if measure.value in ("ratio_to_base", "multiplier"):
            # "bằng 20% năm 2019", "gấp 2,5 lần năm 2015": the time right after the figure.
            for p in self.a.periods:
                if p.start >= self.end and not self.a.text[self.end : p.start].strip():
                    bases.add(p)
        return sorted(bases, key=lambda p: p.start)

    def _base(self, bases: list[Stated], own: Span | None, measure: Slot) -> Slot:
        chosen = next((p for p in bases if self.end <= p.start < self.right), None)
        if chosen is None:
            before = [p for p in bases if self.left <= p.start and p.end <= self.start]
            opening = self._opening()
            if not before and opening is not None:
                before = [p for p in bases if opening[0] <= p.start < opening[1]]
            chosen = before[-1] if before else None
        if chosen is None:
            if measure.value == "change" and own is not None:
                span = own.shift_years(-1)
                note = "no base stated: the same period a year earlier"
                return Slot(span.value, "inferred", kind=span.granularity, note=note)
            return Slot(None, "unknown", note="no base stated")
        return self._resolve_base(chosen, own)

    def _resolve_base(self, p: Stated, own: Span | None) -> Slot:
        ev = (self.a.evidence(p.start, p.end),)
        span: Span | None = None
        if p.kind in ("same_period", "last_year", "previous_year", "this_year"):
            if own is not None:
                span = own.shift_years(0 if p.kind == "this_year" else -1)
        elif p.kind == "same_period_of":
            span = own.in_year(p.year) if own is not None and p.year is not None else None
        elif p.kind in ("previous_month", "previous_quarter"):
            span = own.previous() if own is not None else None
        elif p.kind in SPECIAL or p.kind == "year_to_date":
            span = None
        elif not p.needs_year:
            span = p.span()
        elif own is not None:
            # "so với tháng 12": the latest such period before the figure's own.
            span = p.span(own.start.year)
            if span is not None and span.start >= own.start:
                span = p.span(own.start.year - 1)
        if span is None:
            return Slot(None, "unknown", ev, note="a base relative to an unknown period")
        return Slot(span.value, "stated", ev, kind=span.granularity)

    # period

    def _period(self, bases: list[Stated], prospective: bool) -> tuple[Slot, Span | None]:
        plans = self.a.plans  # "đạt 48,6% kế hoạch năm 2025": the plan's year
        pool = [
            p
            for p in self.a.periods
            if p not in bases and p not in plans and (p.end <= self.start or p.start >= self.end)
        ]
        chosen = self._pick_period(pool)
        if chosen is None:
            carried = self.doc.period
            if carried.known:
                return carried, parse_period(carried.value)
            return Slot(None, "unknown", note="no period stated or carried"), None
        return _resolve_period(chosen, self.a, self.doc, prospective=prospective)

    def _pick_period(self, pool: list[Stated]) -> Stated | None:
        before = [p for p in pool if self.left <= p.start and p.end <= self.start]
        if before:
            return before[-1]
        after = [p for p in pool if self.end <= p.start < self.right]
        if after:
            return after[0]
        for i in self._earlier_clauses():
            lo, hi = self.a.clause(i)
            inside = [p for p in pool if lo <= p.start < hi]
            if inside:
                return inside[-1]
        return None

    # metric, subject, part

    def _metric_token(self, before_only: bool = False, whole_after: bool = False) -> Token | None:
        key = f"metric:{before_only}:{whole_after}"
        if key not in self._found:
            self._found[key] = self._find_metric_token(before_only, whole_after)
        return self._found[key]

    def _find_metric_token(self, before_only: bool, whole_after: bool) -> Token | None:
        # The figure's counted noun names what it counts ("32.189 ca mắc ... và 5 trường
        # hợp tử vong": the deaths, not the cases named before them).
        before: Sequence[Token] = self._before("metric")
        # A metric right after an earlier figure is that figure's whole ("chiếm 92,1% tổng
        # thu ngân sách và tăng 9,7%": the growth is of what the clause opened with).
        own_before = [t for t in before if not self._after_a_figure(t)]
        if not before_only:
            own = [t for t in self.a.by_role.get("metric", ()) if self.figure < t.start < self.end]
            if own:
                return self._restated(own[0], own_before) or own[0]
        before = own_before or before
        if before:
            return max(before, key=lambda t: (t.end - t.start, t.end))
        if before_only:
            return None
        # After a share the metric names the whole ("chiếm 71,2% kim ngạch xuất khẩu").
        after = self._tokens("metric", self.figure, self.end if whole_after else self.right)
        if after:
            return after[0]
        for i in self._earlier_clauses():
            inside = self.a.in_clause(i, "metric")
            if inside:
                return max(inside, key=lambda t: (t.end - t.start, t.end))
        return None

    def _restated(self, noun: Token, before: Sequence[Token]) -> Token | None:
        """The clause's metric that the counted noun only repeats a word of: "Số hành
        khách thông qua cảng ... đạt 40,7 triệu khách" counts "hành khách", not any
        "khách"; the longest such metric before the figure, or None."""
        word = re.compile(rf"(?<!\w){re.escape(self._text(noun).casefold())}(?!\w)")
        wider = [
            t
            for t in before
            if t.end - t.start > noun.end - noun.start and word.search(self._text(t).casefold())
        ]
        return max(wider, key=lambda t: (t.end - t.start, t.end)) if wider else None

    def _text(self, t: Token) -> str:
        return self.a.text[t.start : t.end]

    def _subject(self, metric: Token | None, measure: Slot, span: Span | None) -> Slot:
        place = self._place_token(measure)
        when = span.start if span is not None else self.doc.published
        if place is not None:
            p: Place = place.payload
            return Slot(p.subject(when), "stated", self._ev(place), kind=p.kind)
        if metric is not None and metric.payload.subject == "national" and self.vocab.national:
            nat = self.vocab.national
            return Slot(nat.name, "inferred", self._ev(metric), kind=nat.kind, note="the metric")
        local: Sequence[Token] = self._before("local")
        if not local:
            local = next(
                (
                    self.a.in_clause(i, "local")
                    for i in self._earlier_clauses()
                    if self.a.in_clause(i, "local")
                ),
                [],
            )
        carried = self.doc.subject
        if local:
            if carried.known and carried.kind in ("province", "city"):
                return self._carried_subject(carried, when, self._ev(local[-1]))
            return Slot(
                None, "unknown", self._ev(local[-1]), note="a place the article does not name"
            )
        if carried.known:
            return self._carried_subject(carried, when, ())
        return Slot(None, "unknown", note="no place stated or carried")

    def _carried_subject(self, carried: Slot, when: date | None, ev: tuple[Evidence, ...]) -> Slot:
        name = (carried.value or "").split("@")[0]
        place = self.vocab.gazetteer.by_name(name)
        value = place.subject(when) if place is not None else carried.value
        return carried._replace(value=value, basis="carried", evidence=ev + carried.evidence)

    def _place_token(self, measure: Slot) -> Token | None:
        # Not inside the figure's own words ("Diễn đàn ... Việt Nam lần thứ 3" is a name),
        # and not a partner ("xuất khẩu sang Mỹ": Mỹ is the market, not the subject).
        partners = self.a.partners
        before = [t for t in self._tokens("place", self.left, self.start) if t not in partners]
        if before:
            # "Hà Nội dẫn đầu cả nước với ...": the province, not the scope of a superlative.
            local = [t for t in before if not t.payload.national]
            return (local or before)[-1]
        whole = measure.value in (
            "rank",
            "share",
        )  # "xếp thứ 4 cả nước": the whole, not the subject
        after = [
            t
            for t in self._after("place")
            if not (whole and t.payload.national) and t not in partners
        ]
        if after:
            return after[0]
        for i in self._earlier_clauses():
            inside = [t for t in self.a.in_clause(i, "place") if t not in partners]
            if inside:  # a clause's subject comes first ("Hải Phòng thu hút ... nhất cả nước")
                local = [t for t in inside if not t.payload.national]
                return (local or inside)[0]
        return None

    def _part(self, metric: Token | None) -> Slot:
        found: Sequence[Token] = self._before("part") or self._tokens(
            "part", self.figure, self.right
        )
        if not found:
            own_metric = metric is not None and self.left <= metric.start < self.right
            if not own_metric:
                for i in self._earlier_clauses():
                    inside = self.a.in_clause(i, "part")
                    if inside:
                        found = inside
                        break
                    if self.a.in_clause(i, "metric"):
                        break
            else:
                found = self._subject_part()
        if not found:
            return Slot(None, "none", note="the whole")
        t = found[-1]
        return Slot(t.payload, "stated", self._ev(t))

    def _subject_part(self) -> list[Token]:
        """A part that opens the sentence as its subject, set off by commas from the
        clause of the figure ("Khu vực có vốn đầu tư nước ngoài, không kể dầu thô, xuất
        khẩu 86,2 tỷ USD"): the first clause starts with it and holds no figure, and the
        clauses between name no other part or metric and hold no figure."""
        if self.index == 0:
            return []
        lo, _ = self.a.clause(0)
        parts = self.a.in_clause(0, "part")
        if not parts or self._gap(lo, parts[0].start) > 0:
            return []
        if any(lo <= a < self.start for a, _ in self.a.numbers):
            return []
        for i in range(1, self.index):
            if self.a.in_clause(i, "part") or self.a.in_clause(i, "metric"):
                return []
        return parts[:1]

    def _metric(self, token: Token | None, subject: Slot) -> Slot:
        if token is None:
            return Slot(None, "unknown", note="no metric named")
        m: MetricDef = token.payload
        name = label = m.label(subject.kind == "national")
        used = [token]
        qualifiers: list[tuple[str, str]] = []
        if m.products:
            product = self._product(token)
            if product is not None:
                words = product.payload or self._words(product)
                label, used = f"{label} {words}", [token, product]
                qualifiers.append(("product", words))
        facet = next(
            (
                t
                for t in self._after("facet")
                if self._gap(self.end, t.start) <= self.vocab.measure_gap
            ),
            None,
        )
        partner = self._partner(token)
        if partner is not None:  # "xuất khẩu sang Mỹ", "khách đến từ Hàn Quốc"
            label, used = f"{label} ({partner.payload.name})", [*used, partner]
            qualifiers.append(("partner", partner.payload.name))
        if facet is not None:  # "tăng 17% về lượng": kept out of the label, see compare
            used.append(facet)
            qualifiers.append(("facet", facet.payload))
        return Slot(label, "stated", self._ev(*used), kind=name, qualifiers=tuple(qualifiers))

    def _partner(self, metric: Token) -> Token | None:
        """The first partner after the metric, in its clause or the figure's."""
        clauses = {self.a.clause_of(metric.start), self.index}
        found = [
            t
            for t in self.a.partners
            if t.start > metric.start and self.a.clause_of(t.start) in clauses
        ]
        return min(found, key=lambda t: t.start, default=None)

    def _words(self, t: Token) -> str:
        return squash(self.a.text[t.start : t.end]).lower()

    def _product(self, metric: Token) -> Token | None:
        """A product after the metric in its clause ("xuất khẩu hơn 7,1 triệu tấn gạo"),
        else in the figure's counted noun ("6,3 triệu tấn gạo")."""
        products = self.a.by_role.get("product", [])
        for t in products:  # "khối lượng gạo xuất khẩu"
            if t.end <= metric.start and not self.a.text[t.end : metric.start].strip():
                return t
        clause = self.a.clause_of(metric.start)
        limit = self.figure if clause == self.index else self.a.clause(clause)[1]
        for t in products:
            if metric.end <= t.start < max(limit, metric.end + 1):
                return t
        for t in products:
            if self.figure <= t.start < self.end + 2:
                return t
        return None


@lru_cache(maxsize=1)
def default_reader() -> FrameReader:
    """A reader with the default packs (for scripts and tests)."""
    from checker.packs import load_knowledge

    return FrameReader.build(load_knowledge())


def read_frame(
    sentence: str,
    span: tuple[int, int],
    *,
    doc: DocContext | None = None,
    reader: FrameReader | None = None,
) -> Frame:
    """The frame of the figure at ``span`` in ``sentence`` (see ``FrameReader.read``)."""
    return (reader or default_reader()).read(sentence, span, doc=doc)
