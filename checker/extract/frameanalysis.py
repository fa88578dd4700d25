"""One sentence as the fact-frame reader sees it, analysed once for all its figures.

The sentence is canonicalised (NFC, one tone placement; offsets map back to the text as
given), its time expressions are found with the period templates, the frame vocabulary
is read where no time expression stands (one trie-shaped pattern: the longest phrase
wins), and its clauses are cut at ";", ":", "," (not a decimal comma) and the clause
words of frames.yml.  ``checker.extract.frame`` reads each figure's frame from this.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from checker.extract.frameperiod import DROPPED, Stated
from checker.extract.framevocab import FrameVocabulary
from checker.prefilter import fold_case
from checker.textnorm import canonical_with_map, squash


class Evidence(NamedTuple):
    """Words that set a field: their text as written and offsets in ``where``.

    Evidence and ``Slot`` are named tuples, not frozen dataclasses: a frame builds a
    dozen of them, and a frozen dataclass costs three times as much to build."""

    text: str
    start: int
    end: int
    where: str = "sentence"  # sentence, headline, lead, paragraph


class Token(NamedTuple):
    """A phrase of the frame vocabulary in a sentence, in one of its roles (a named tuple:
    one is built for every phrase of every sentence read)."""

    start: int
    end: int
    role: str
    payload: Any


@dataclass
class Analysis:
    """A sentence: canonical text, vocabulary tokens, time expressions and clauses."""

    original: str
    text: str  # canonical (NFC, one tone placement): same offsets as ``omap`` maps
    omap: list[int] | None  # canonical offset -> offset in ``original`` (None: identity)
    tokens: list[Token]
    periods: list[Stated]
    breaks: list[int]  # clause boundaries, with 0 and len(text)
    numbers: list[tuple[int, int]]  # figures: digit runs outside time expressions
    blanked: str  # lower case, time expressions blanked: what the vocabulary was read on
    covered: bytearray  # 1 where a phrase or a time expression stands
    by_role: dict[str, list[Token]] = field(default_factory=dict)  # in text order
    bases: frozenset[Stated] = frozenset()  # periods right after a base cue
    plans: frozenset[Stated] = frozenset()  # periods right after a plan word
    opening: int | None = None  # the opening clause, when it frames the sentence (no figure)
    partners: frozenset[Token] = frozenset()  # countries right after a partner word
    _clause_roles: dict[tuple[int, str], list[Token]] = field(default_factory=dict)

    def in_clause(self, index: int, role: str) -> list[Token]:
        """Tokens of ``role`` that start in clause ``index`` (memoised per sentence)."""
        key = (index, role)
        found = self._clause_roles.get(key)
        if found is None:
            lo, hi = self.clause(index)
            found = [t for t in self.by_role.get(role, ()) if lo <= t.start < hi]
            self._clause_roles[key] = found
        return found

    def role(self, role: str, lo: int, hi: int) -> list[Token]:
        """Tokens of ``role`` that lie inside [lo, hi)."""
        tokens = self.by_role.get(role)
        if not tokens:
            return []
        return [t for t in tokens if lo <= t.start and t.end <= hi]

    def gap(self, lo: int, hi: int, hedges: frozenset[str]) -> int:
        """How many words in [lo, hi) are no vocabulary, time expression, hedge or number
        (counted when asked: only a few short spans of a sentence ever are)."""
        covered = self.covered
        return sum(
            1
            for m in _WORD.finditer(self.blanked, lo, hi)
            if not covered[m.start()] and m.group() not in hedges
        )

    def orig(self, i: int) -> int:
        return i if self.omap is None else self.omap[i]

    def to_canonical(self, i: int) -> int:
        return i if self.omap is None else bisect.bisect_left(self.omap, i)

    def evidence(self, start: int, end: int, where: str = "sentence") -> Evidence:
        a, b = self.orig(start), self.orig(end)
        return Evidence(self.original[a:b], a, b, where)

    def clause_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.breaks, pos) - 1)

    def clause(self, index: int) -> tuple[int, int]:
        return self.breaks[index], self.breaks[min(index + 1, len(self.breaks) - 1)]

    def _opening(self) -> int | None:
        if len(self.breaks) < 3:
            return None
        end = self.breaks[1]
        return None if any(a < end for a, _ in self.numbers) else 0


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_BREAK = re.compile(r"[;:,]")  # a comma between digits is a decimal mark, not a break
_WORD = re.compile(r"[^\W\d_]+")


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the spans (in text order, not overlapping) replaced by spaces."""
    out: list[str] = []
    pos = 0
    for a, b in spans:
        out.append(text[pos:a])
        out.append(" " * (b - a))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def analyse(vocab: FrameVocabulary, sentence: str, folded: str | None = None) -> Analysis:
    """The analysis of one sentence (see the module docstring).  ``folded`` is
    ``fold_case(sentence)`` when the caller has it (the extractor folds each page once):
    it is used when the sentence is canonical already, as the extractor's are."""
    text, omap = canonical_with_map(sentence)
    ascii_only = text.isascii()
    if folded is not None and _same_fold(folded, text, sentence):
        lowered = folded
    else:
        lowered = text.lower() if ascii_only else fold_case(text)
    if len(lowered) != len(text):  # a letter whose lower case is longer: match as is
        lowered = text
    periods = [p for p in vocab.periods.find(lowered, ascii_only)]
    period_spans = [(p.start, p.end) for p in periods]
    kept = [p for p in periods if p.kind not in DROPPED]
    # Vocabulary is read where no time expression is ("kế hoạch năm 2024": the plan word
    # and the year), so no phrase swallows the words of a period.
    blanked = _blank(lowered, period_spans)
    pattern = vocab.ascii_pattern if ascii_only else vocab.pattern
    tokens: list[Token] = []
    for m in pattern.finditer(blanked):
        start, end = m.span()
        entries = vocab.lookup(m.group(), ascii_only)
        if any(e.upper for e in entries):  # a place name: its capitals must be there
            written = squash(text[start:end])
            entries = [e for e in entries if e.fits(written)]
        if not entries or entries[0].role == "ignore":
            continue
        for e in entries:
            tokens.append(Token(start, end, e.role, e.payload))
    # Which characters a phrase or a period covers: one lookup per test, not a scan.
    covered = bytearray(len(text) + 1)
    for start, end in [(t.start, t.end) for t in tokens] + period_spans:
        covered[start:end] = b"\x01" * (end - start)
    in_period = bytearray(len(text) + 1)
    for start, end in period_spans:
        in_period[start:end] = b"\x01" * (end - start)
    breaks = {0, len(text)}
    for m in _BREAK.finditer(text):
        at = m.start()
        decimal = text[at] == "," and 0 < at < len(text) - 1
        if decimal and text[at - 1].isdigit() and text[at + 1].isdigit():
            continue
        if not covered[at]:
            breaks.add(at)
    by_role: dict[str, list[Token]] = {}
    for t in tokens:
        by_role.setdefault(t.role, []).append(t)
    breaks.update(t.start for t in by_role.get("clause", ()))
    numbers = [m.span() for m in _DIGITS.finditer(text) if not in_period[m.start()]]
    a = Analysis(
        sentence, text, omap, tokens, kept, sorted(breaks), numbers, blanked, covered, by_role
    )
    a.partners = _partners(a)
    a.bases = following(a, "base") | _after_multipliers(
        a, vocab.multiplier_units, vocab.own_time_words
    )
    a.plans = following(a, "plan")
    a.opening = a._opening()
    return a


def _same_fold(folded: str, text: str, sentence: str) -> bool:
    """Whether ``folded``, the caller's fold of ``sentence`` (a slice of a folded page),
    is ``fold_case(text)``: the sentence was canonical (``text`` is the sentence; a slice
    of a canonical page may not be, at its ends) and folding went character by character
    (the same length).  ``fold_case`` maps every sigma to one letter, so the one lower
    case that depends on the letters around it does not tell a slice from its page."""
    return len(folded) == len(text) and text == sentence


def _partners(a: Analysis) -> frozenset[Token]:
    """Countries and regions right after a partner word ("sang Mỹ", "đến từ châu Á")."""
    cues = a.by_role.get("partner", [])
    if not cues:
        return frozenset()
    places = [t for t in a.by_role.get("place", ()) if t.payload.foreign]
    places += a.by_role.get("partner_place", [])
    ends = {t.end for t in cues}
    return frozenset(
        t for t in places if any(e <= t.start and not a.text[e : t.start].strip() for e in ends)
    )


def _after_multipliers(
    a: Analysis, units: tuple[str, ...], own: tuple[str, ...] = ()
) -> frozenset[Stated]:
    """Periods right after a multiplier ("gấp 5 lần cùng kỳ năm 2022"): the base of that
    figure, so never the period of another figure in the sentence; one that opens with
    a word of ``own`` ("vào năm 2023") is the figure's own time."""
    if not units or not a.periods:
        return frozenset()
    found = set()
    for p in a.periods:
        if any(a.text.startswith(w, p.start) for w in own) or any(
            a.text[p.start : p.end].lower().startswith(w + " ") for w in own
        ):
            continue
        before = a.blanked[max(0, p.start - 24) : p.start].rstrip()
        word = before.rsplit(None, 1)[-1] if before else ""
        ahead = before[: len(before) - len(word)].rstrip()
        if word in units and ahead[-1:].isdigit():
            found.add(p)
    return frozenset(found)


def following(a: Analysis, role: str) -> frozenset[Stated]:
    """Periods right after a token of ``role`` ("so với năm 2021", "kế hoạch năm 2025")."""
    cues = a.by_role.get(role, [])
    if not cues:
        return frozenset()
    return frozenset(
        p
        for p in a.periods
        if any(0 <= p.start - t.end <= 3 and not a.text[t.end : p.start].strip() for t in cues)
    )
