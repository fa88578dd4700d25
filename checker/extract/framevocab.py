"""The fact-frame vocabulary of the loaded packs, compiled once.

Every phrase of rules/generic/frames.yml and every place name of places.yml goes into one
trie-shaped regular expression (see ``lexicon._word_pattern``), so a sentence is read in
one pass and, at each position, the longest phrase of the whole vocabulary wins.  A phrase
may play several roles ("kế hoạch" is a plan status before a figure and a plan word after
a %): the reader picks the role by position.  A second pattern holds the phrases without
diacritics, for sentences written without any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checker.extract.frameperiod import PeriodPatterns
from checker.extract.gazetteer import Gazetteer, Place
from checker.extract.lexicon import _word_pattern
from checker.knowledge import Knowledge
from checker.prefilter import fold_case
from checker.textnorm import canonical, fold, squash


@dataclass(frozen=True, slots=True, eq=False)  # one per entry: identity, hashed fast
class MetricDef:
    """One metric entry of frames.yml."""

    name: str
    national: str | None = None
    subject: str | None = None  # "national": the metric itself names the country
    measure: str | None = None  # what a figure after it measures when no verb says
    products: bool = False
    generic: bool = False  # "doanh thu": names no metric of its own

    def label(self, national: bool) -> str:
        return self.national if national and self.national else self.name


@dataclass(frozen=True, slots=True)
class Entry:
    """One role a phrase plays; ``upper`` lists the characters that must be capitals."""

    role: str  # metric, product, facet, verb, noun, plan, exceed, base, partner, status,
    #            part, local, clause, ignore, place, partner_place
    payload: Any
    upper: tuple[int, ...] = ()

    def fits(self, matched: str) -> bool:
        """Whether ``matched`` (as written, white space squashed) has the capitals this
        entry needs."""
        return all(i < len(matched) and matched[i].isupper() for i in self.upper)


# Which role wins when a phrase plays several and position does not decide.
ROLE_ORDER = (
    "ignore", "place", "partner_place", "metric", "part", "status", "plan", "exceed", "verb",
    "noun", "base", "partner", "facet", "product", "local", "clause",
)  # fmt: skip


@dataclass
class FrameVocabulary:
    """Patterns and tables of the frame vocabulary; build with ``FrameVocabulary.build``."""

    pattern: re.Pattern[str]
    ascii_pattern: re.Pattern[str]
    entries: dict[str, list[Entry]]  # key (lower case, canonical) -> roles
    ascii_entries: dict[str, list[Entry]]  # key (folded) -> roles
    periods: PeriodPatterns
    gazetteer: Gazetteer
    hedge_words: frozenset[str]  # lower-case words of hedges ("khoảng", "gần")
    measure_gap: int = 2
    prevailing_min: int = 3  # see frames.yml prevailing_sentences
    prevailing_share: float = 0.6
    multiplier_units: tuple[str, ...] = ()  # lower case: "tăng 18 lần" is a multiplier
    own_time_words: tuple[str, ...] = ()  # lower case: "2 lần vào năm 2023" is no base
    percent_signs: tuple[str, ...] = ()  # lower case and folded: "%", "phần trăm"
    status_priority: tuple[str, ...] = ()
    status_families: dict[str, str] = field(default_factory=dict)  # status -> family
    national: Place | None = None
    generic_metrics: frozenset[str] = frozenset()  # names that say no metric of their own
    # Pairs of metric names one figure may both state ("lượt khách lưu trú", "lượt khách").
    metric_meets: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def build(cls, know: Knowledge) -> FrameVocabulary:
        frame = know.frame
        gazetteer = Gazetteer.build(know.places)
        phrases: list[tuple[str, Entry]] = []
        generic: set[str] = set()
        meets: set[tuple[str, str]] = set()

        def add(words: list[str], role: str, payload: Any = None) -> None:
            phrases.extend((w, Entry(role, payload)) for w in words)

        for m in frame.get("metrics", []):
            metric = MetricDef(
                name=m["name"],
                national=m.get("national"),
                subject=m.get("subject"),
                measure=m.get("measure"),
                products=bool(m.get("products", False)),
                generic=bool(m.get("generic", False)),
            )
            if metric.generic:
                generic.add(metric.name)
            for other in m.get("meets", []):
                meets.update({(metric.name, other), (other, metric.name)})
            add(m["words"], "metric", metric)
        for product in frame.get("products", []):
            phrases.append((product, Entry("product", squash(canonical(product).lower()))))
        for label, words in frame.get("facets", {}).items():
            add(words, "facet", label)
        for cls_name, words in frame.get("measures", {}).items():
            add(words, "verb", cls_name)
        for cls_name, words in frame.get("measure_nouns", {}).items():
            add(words, "noun", cls_name)
        add(frame.get("plan_words", []), "plan")
        add(frame.get("exceed_words", []), "exceed")
        add(frame.get("base_cues", []), "base")
        add(frame.get("partner_words", []), "partner")
        for status, words in frame.get("statuses", {}).items():
            add(words, "status", status)
        for part in frame.get("parts", []):
            add(part["words"], "part", part["name"])
        add(frame.get("local_words", []), "local")
        add(frame.get("clause_words", []), "clause")
        add(frame.get("ignore", []), "ignore")
        for place in gazetteer.places:
            for form in place.forms:
                phrases.append((form, Entry("place", place, _capitals(form))))
            for form in place.partner_aliases:
                phrases.append((form, Entry("partner_place", place, _capitals(form))))
        entries, ascii_entries = _tables(phrases)
        families = {
            status: family
            for family, members in frame.get("status_families", {}).items()
            for status in members
        }
        return cls(
            pattern=_word_pattern(set(entries)),
            ascii_pattern=_word_pattern(set(ascii_entries)),
            entries=entries,
            ascii_entries=ascii_entries,
            periods=PeriodPatterns.build(frame.get("periods", {}), know.number_words),
            gazetteer=gazetteer,
            hedge_words=frozenset(
                part for h in know.hedges for w in h.words for part in canonical(w).lower().split()
            ),
            measure_gap=int(frame.get("measure_gap", 2)),
            percent_signs=tuple(
                {squash(canonical(w).lower()) for w in frame.get("percent_signs", [])}
                | {squash(fold(w)) for w in frame.get("percent_signs", [])}
            ),
            prevailing_min=int(frame.get("prevailing_sentences", 3)),
            prevailing_share=float(frame.get("prevailing_share", 0.6)),
            multiplier_units=tuple(
                squash(canonical(u).lower()) for u in frame.get("multiplier_units", [])
            ),
            own_time_words=tuple(
                squash(canonical(u).lower()) for u in frame.get("own_time_words", [])
            ),
            status_priority=tuple(frame.get("status_priority", ())),
            status_families=families,
            national=next((p for p in gazetteer.places if p.national), None),
            generic_metrics=frozenset(generic),
            metric_meets=frozenset(meets),
        )

    def lookup(self, key: str, ascii_only: bool) -> list[Entry]:
        """The roles of a matched phrase (white space as matched, or squashed)."""
        table = self.ascii_entries if ascii_only else self.entries
        found = table.get(key)
        return found if found is not None else table.get(squash(key), [])


def _capitals(form: str) -> tuple[int, ...]:
    """Offsets of the capitals of a place name as the pack writes it (squashed)."""
    text = squash(canonical(form))
    return tuple(i for i, ch in enumerate(text) if ch.isupper())


def _tables(
    phrases: list[tuple[str, Entry]],
) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]]]:
    """Phrase -> roles, keyed as the text is matched: lower case, and folded."""
    entries: dict[str, list[Entry]] = {}
    ascii_entries: dict[str, list[Entry]] = {}
    for phrase, entry in phrases:
        key = squash(fold_case(canonical(phrase)))
        if key:
            _add_role(entries.setdefault(key, []), entry)
            _add_role(ascii_entries.setdefault(squash(fold(phrase)), []), entry)
    order = {role: i for i, role in enumerate(ROLE_ORDER)}
    for table in (entries, ascii_entries):
        for roles in table.values():
            roles.sort(key=lambda e: order[e.role])
    return entries, ascii_entries


def _add_role(roles: list[Entry], entry: Entry) -> None:
    # The first entry of a role wins (file order); capitalised variants are kept apart.
    if not any(e.role == entry.role and e.upper == entry.upper for e in roles):
        roles.append(entry)
