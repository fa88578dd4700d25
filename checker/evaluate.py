"""Rule kinds: the code behind the YAML rules.

Each kind is a small function ``(fact, params) -> Verdict | None``.  Conflict kinds
(event dates, intervals, values) say whether the claims of a fact disagree; caveat kinds
(unit mismatch, time-varying) add notes to a conflict or lower its severity.  A fact
yields at most one finding: the first conflict rule that fires, in declaration order,
with the other rules' verdicts folded in as notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise
from typing import Any

from checker.knowledge import Knowledge, Reference, RuleSpec
from checker.model import SEVERITY_ORDER, Claim, Fact, Finding
from checker.textnorm import fold, squash


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a rule kind found in one fact."""

    claims: tuple[Claim, ...]  # the claims involved
    spread: str = ""  # how far apart the figures are, for messages
    dates: str = ""


RuleKind = Callable[[Fact, dict[str, Any]], Verdict | None]
CONFLICT_KINDS: dict[str, RuleKind] = {}
CAVEAT_KINDS: dict[str, RuleKind] = {}


def _conflict(name: str) -> Callable[[RuleKind], RuleKind]:
    def register(fn: RuleKind) -> RuleKind:
        CONFLICT_KINDS[name] = fn
        return fn

    return register


def _caveat(name: str) -> Callable[[RuleKind], RuleKind]:
    def register(fn: RuleKind) -> RuleKind:
        CAVEAT_KINDS[name] = fn
        return fn

    return register


def _sources(claims: Iterable[Claim]) -> set[str]:
    return {c.source for c in claims}


def overlaps(a: Claim, b: Claim) -> bool:
    """Whether the intervals two claims allow have a value in common (symmetric)."""
    return not (
        lies_below(a.high, a.high_open, b.low, b.low_open)
        or lies_below(b.high, b.high_open, a.low, a.low_open)
    )


def lies_below(high: Decimal | None, high_open: bool, low: Decimal | None, low_open: bool) -> bool:
    """Whether an interval ending at ``high`` lies wholly below one starting at ``low``."""
    if high is None or low is None:
        return False
    return high < low or (high == low and (high_open or low_open))


def _cross_source_pairs(claims: Iterable[Claim]) -> Iterable[tuple[Claim, Claim]]:
    listed = list(claims)
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            if a.source != b.source:
                yield a, b


def _extremes(
    claims: Iterable[Claim], key: Callable[[Claim], Any], reverse: bool = False
) -> list[Claim]:
    """The first claim by ``key`` and the first one from another source.

    If two claims from different sources contradict each other on an ordered measure,
    then two such extremes do: comparing the extremes at both ends finds a conflict in
    O(n log n) instead of comparing all pairs (a fact may hold thousands of claims).
    """
    ordered = sorted(claims, key=key, reverse=reverse)
    picked = ordered[:1]
    for c in ordered[1:]:
        if c.source != picked[0].source:
            picked.append(c)
            break
    return picked


def _both_ends(claims: Iterable[Claim], key: Callable[[Claim], Any]) -> list[Claim]:
    """The extremes at the low and at the high end of ``key``."""
    listed = list(claims)
    return _extremes(listed, key) + _extremes(listed, key, reverse=True)


@_conflict("interval-conflict")
def interval_conflict(fact: Fact, params: dict[str, Any]) -> Verdict | None:
    """Some claims' hedged intervals cannot hold together."""
    if fact.kind == "event" or len(_sources(fact.claims)) < params.get("min_sources", 2):
        return None
    # Smallest upper bounds (open ones first) and largest lower bounds (open ones first).
    ends = _extremes(
        (c for c in fact.claims if c.high is not None), lambda c: (c.high, not c.high_open)
    )
    starts = _extremes(
        (c for c in fact.claims if c.low is not None), lambda c: (c.low, c.low_open), reverse=True
    )
    if not any(not overlaps(a, b) for a, b in _cross_source_pairs([*ends, *starts])):
        return None
    return Verdict(fact.claims, spread=_spread(fact.claims))


@_conflict("value-conflict")
def value_conflict(fact: Fact, params: dict[str, Any]) -> Verdict | None:
    """Point figures (with the same kind of hedge) differ beyond the tolerance."""
    if fact.kind == "event" or len(_sources(fact.claims)) < params.get("min_sources", 2):
        return None
    tol = Decimal(str(params.get("tolerance", 0.05)))
    groups: dict[str | None, list[Claim]] = {}
    for c in fact.claims:
        if c.value is not None:
            key = hedge_kind(c.hedge) if params.get("same_hedge_class", True) else None
            groups.setdefault(key, []).append(c)
    for group in groups.values():
        # The widest relative gap lies between the smallest and the largest figures.
        ends = _both_ends(group, lambda c: c.value)
        for a, b in _cross_source_pairs(ends):
            assert a.value is not None and b.value is not None
            top = max(abs(a.value), abs(b.value))
            if top and abs(a.value - b.value) / top > tol:
                return Verdict(fact.claims, spread=_spread(fact.claims))
    return None


def _year_span(time: str | None) -> tuple[str, str] | None:
    """The first and last day a time value covers, as sortable ISO strings."""
    if not time or time.startswith("--") or time in ("asof", "yearly"):
        return None
    parts = time.split("/")
    return parts[0], parts[-1] + "\uffff"  # "2019" covers "2019-..." too


# Hedges that still state a point ("khoảng 44,2", "ước đạt 44,2", "44,2") compare with one
# another; a bound ("hơn 100", "gần 100") compares only with bounds of the same side.
_POINT_HEDGES = frozenset({None, "around", "estimate"})


def hedge_kind(hedge: str | None) -> str | None:
    return "point" if hedge in _POINT_HEDGES else hedge


@_conflict("event-date-conflict")
def event_date_conflict(fact: Fact, params: dict[str, Any]) -> Verdict | None:
    """One numbered event given dates that do not overlap."""
    if fact.kind != "event" or not any("#" in (c.event or "") for c in fact.claims):
        return None
    dated = [c for c in fact.claims if _year_span(c.time)]
    if len(_sources(dated)) < params.get("min_sources", 2):
        return None

    def span(c: Claim) -> tuple[str, str]:
        found = _year_span(c.time)
        assert found is not None
        return found

    # The earliest end and the latest start are the dates most likely to disagree.
    ends = _extremes(dated, lambda c: span(c)[1]) + _extremes(
        dated, lambda c: span(c)[0], reverse=True
    )
    for a, b in _cross_source_pairs(ends):
        sa, sb = span(a), span(b)
        if sa[1] < sb[0] or sb[1] < sa[0]:
            dates = ", ".join(sorted({c.time or "" for c in dated}))
            return Verdict(tuple(dated), spread=dates, dates=dates)
    return None


def matching_reference(
    fact: Fact, references: Iterable[Reference], metrics: dict[str, list[str]] | None = None
) -> Reference | None:
    """The reference value a topic pack gives for this fact, if any.

    Events match by identity (metric ``event:asem#5``); figures match when a metric
    phrase occurs in a claim's context and unit and time agree.
    """
    first = fact.claims[0]
    for ref in references:
        if ref.metric.startswith("event:"):
            if first.kind == "event" and ref.metric[6:] == first.event:
                return ref
            continue
        if ref.unit != first.unit or (ref.time and ref.time != fact.time):
            continue
        phrases = [fold(p) for p in (metrics or {}).get(ref.metric, [ref.metric])]
        if any(p in c.context for p in phrases for c in fact.claims):
            return ref
    return None


def _reference_agrees(claim: Claim, ref: Reference, tol: Decimal) -> bool:
    if claim.kind == "event":
        span, ref_span = _year_span(claim.time), _year_span(ref.time or str(ref.value))
        return (
            span is None or ref_span is None or not (span[1] < ref_span[0] or ref_span[1] < span[0])
        )
    probe = replace(
        claim,
        low=ref.value * (1 - tol),
        high=ref.value * (1 + tol),
        low_open=False,
        high_open=False,
    )
    return overlaps(claim, probe)


@_conflict("reference-check")
def reference_check(fact: Fact, params: dict[str, Any]) -> Verdict | None:
    """Claims that contradict a topic pack's reference value (one source is enough)."""
    ref = matching_reference(fact, params.get("_references", ()), params.get("_metrics"))
    if ref is None:
        return None
    tol = Decimal(str(params.get("tolerance", 0.05)))
    wrong = tuple(c for c in fact.claims if not _reference_agrees(c, ref, tol))
    if not wrong:
        return None
    return Verdict(wrong, spread=f"reference {ref.time or ref.value} ({ref.source})")


@_caveat("unit-mismatch")
def unit_mismatch(fact: Fact, params: dict[str, Any]) -> Verdict | None:
    """The claims count different units of one family ("lượt khách" and "đoàn")."""
    units = {c.unit for c in fact.claims}
    if (
        fact.kind == "event"
        or len(units) < 2
        or len(_sources(fact.claims)) < params.get("min_sources", 2)
    ):
        return None
    return Verdict(fact.claims, spread=" / ".join(sorted(u or "?" for u in units)))


@_caveat("time-varying")
def time_varying(fact: Fact, params: dict[str, Any]) -> Verdict | None:
    """An "as of publication" figure from sources published at different dates."""
    if fact.time != "asof":
        return None
    dates = {c.published for c in fact.claims if c.published}
    if len(dates) < 2:
        return None
    by_date = {d: sorted({_name(c) for c in fact.claims if c.published == d}) for d in dates}
    text = ", ".join(f"{d.isoformat()} ({', '.join(ns)})" for d, ns in sorted(by_date.items()))
    return Verdict(fact.claims, dates=f"{text}; {_trend(fact.claims)}")


def _trend(claims: tuple[Claim, ...]) -> str:
    """Whether the figures rise with the publication date, as a growing count would."""
    dated = sorted((c for c in claims if c.published), key=lambda c: (c.published, c.source))
    for earlier, later in pairwise(dated):
        if earlier.published == later.published:
            continue
        # The later figure cannot be below the earlier one if its interval reaches above.
        if lies_below(later.high, later.high_open, earlier.low, earlier.low_open):
            return (
                f"but the later {_name(later)} gives less than the earlier "
                f"{_name(earlier)}: an old figure repeated, or an error"
            )
    return "the figures rise with the date, as growth would"


def _name(c: Claim) -> str:
    return c.source.rsplit("/", 1)[-1]


def _spread(claims: tuple[Claim, ...]) -> str:
    values = [c.value for c in claims if c.value]
    if len(values) < 2:
        return ""
    lo, hi = min(values), max(values)
    return f"{(hi - lo) / hi * 100:.1f} %"


def sides(claims: tuple[Claim, ...]) -> str:
    """'"gần 100" (001) vs "hơn 100" (000, 003)': claims grouped by what they say."""
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for c in claims:
        key = (c.value, c.hedge, c.unit, c.time if c.kind == "event" else None)
        groups.setdefault(key, []).append(c)
    parts = []
    for members in groups.values():
        quote = squash(members[0].quote)
        names = ", ".join(sorted({_name(c) for c in members}))
        parts.append(f'"{quote}" ({names})')
    return " vs ".join(parts)


def _format(rule: RuleSpec, fact: Fact, verdict: Verdict) -> str:
    fields = {
        "fact": fact.label,
        "sides": sides(verdict.claims),
        "spread": verdict.spread,
        "dates": verdict.dates,
        "rule": rule.id,
        "reference": "",
    }
    try:
        return rule.message.format(**fields)
    except (KeyError, IndexError, ValueError):
        return f"{fact.label}: {fields['sides']}"


def _note(rule: RuleSpec, fact: Fact, verdict: Verdict) -> str:
    """A rule's message as a note under another finding: without the repeated label."""
    text = _format(rule, fact, verdict)
    return text.removeprefix(f"{fact.label}: ").removeprefix(fact.label + " ")


def evaluate(facts: Iterable[Fact], know: Knowledge) -> list[Finding]:
    """Apply the loaded rules to every fact; at most one finding per fact."""
    rules = [r for r in know.rules if r.params.get("enabled", True) is not False]
    # The reference kind needs the packs' reference values next to its parameters.
    rules = [
        replace(r, params={**r.params, "_references": know.references, "_metrics": know.metrics})
        if r.kind == "reference-check"
        else r
        for r in rules
    ]
    conflicts = [r for r in rules if r.kind in CONFLICT_KINDS]
    caveats = [r for r in rules if r.kind in CAVEAT_KINDS]
    findings = []
    for fact in facts:
        finding = _evaluate_fact(fact, conflicts, caveats)
        if finding is not None:
            ref = matching_reference(fact, know.references, know.metrics)
            if ref is not None:
                finding = replace(finding, reference=_reference_text(ref))
            findings.append(finding)
    return sort_findings(findings)


def _evaluate_fact(
    fact: Fact, conflicts: list[RuleSpec], caveats: list[RuleSpec]
) -> Finding | None:
    main: Finding | None = None
    for rule in conflicts:
        verdict = CONFLICT_KINDS[rule.kind](fact, rule.params)
        if verdict is None:
            continue
        if main is None:
            main = Finding(
                rule=rule.id,
                severity=rule.severity,  # type: ignore[arg-type]  # validated on load
                message=_format(rule, fact, verdict),
                fact=fact.label,
                fact_key=fact.key,
                claims=verdict.claims,
                description=rule.description,
            )
        else:
            main = replace(
                main, notes=(*main.notes, f"also {rule.id}: {_note(rule, fact, verdict)}")
            )
    if main is None:
        return None
    for rule in caveats:
        verdict = CAVEAT_KINDS[rule.kind](fact, rule.params)
        if verdict is None:
            continue
        main = replace(main, notes=(*main.notes, f"{rule.id}: {_note(rule, fact, verdict)}"))
        lower_to = rule.params.get("lower_to")
        if lower_to and SEVERITY_ORDER[main.severity] > SEVERITY_ORDER[lower_to]:
            main = replace(main, severity=lower_to)
    return main


def _reference_text(ref: Reference) -> str:
    value = ref.time if ref.metric.startswith("event:") and ref.time else f"{ref.value} {ref.unit}"
    note = f" — {ref.note}" if ref.note else ""
    return f"{value} (source: {ref.source}){note}"


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Severity first (errors on top), then fact label, then first claim location."""
    return sorted(
        findings,
        key=lambda f: (
            -SEVERITY_ORDER[f.severity],
            f.fact,
            f.fact_key,
            [(c.source, c.line, c.column) for c in f.claims],
        ),
    )
