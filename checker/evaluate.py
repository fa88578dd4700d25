"""Rule kinds: the code behind the YAML rules.

Each kind is a small function ``(fact, params) -> Verdict | None``.  Conflict kinds
(event dates, intervals, values) say whether the claims of a fact disagree; caveat kinds
(unit mismatch, time-varying) add notes to a conflict or lower its severity.  A fact
yields at most one finding: the first conflict rule that fires, in declaration order,
with the other rules' verdicts folded in as notes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from checker.i18n import N_, _, current_language, localized, ngettext, severity_text
from checker.knowledge import Knowledge, Reference, RuleSpec
from checker.model import SEVERITY_ORDER, Claim, Fact, Finding
from checker.textnorm import canonical, fold, squash


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a rule kind found in one fact."""

    claims: tuple[Claim, ...]  # the claims involved
    spread: str = ""  # how far apart the figures are, for messages
    dates: str = ""
    # Claims that make the conflict (a pair that cannot both hold): a message that has to
    # leave figures out never leaves these out.
    witnesses: tuple[Claim, ...] = ()


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
    """Some claims' hedged intervals cannot hold together.  The upper bound a "more
    than" figure gets from its last stated digit ("hơn 82,2 tỷ": below 82,3 tỷ) counts
    only against a figure of another hedge; two "more than" figures are compared by
    value-disagreement."""
    if fact.kind == "event" or len(_sources(fact.claims)) < params.get("min_sources", 2):
        return None
    loose = [_loosened(c) for c in fact.claims]
    by_loose = dict(zip(map(id, loose), fact.claims, strict=True))
    # Smallest upper bounds (open ones first) and largest lower bounds (open ones first).
    ends = _extremes((c for c in loose if c.high is not None), lambda c: (c.high, not c.high_open))
    starts = _extremes(
        (c for c in loose if c.low is not None), lambda c: (c.low, c.low_open), reverse=True
    )
    pair = next(
        ((a, b) for a, b in _cross_source_pairs([*ends, *starts]) if not overlaps(a, b)), None
    )
    if pair is not None:
        pair = (by_loose[id(pair[0])], by_loose[id(pair[1])])
    else:
        pair = _truncated_pair(fact.claims)
    if pair is None:
        return None
    return Verdict(fact.claims, spread=_spread(fact.claims), witnesses=pair)


def _truncated(c: Claim) -> bool:
    return c.hedge == "over" and c.high is not None


def _loosened(c: Claim) -> Claim:
    """The claim without the upper bound its "more than" hedge got from the last digit."""
    return replace(c, high=None, high_open=False) if _truncated(c) else c


def _truncated_pair(claims: Iterable[Claim]) -> tuple[Claim, Claim] | None:
    """A "more than" figure bounded by its last digit against a figure of another hedge
    that its bounds exclude ("hơn 82,2 tỷ" against "86,2 tỷ")."""
    listed = list(claims)
    cut = [c for c in listed if _truncated(c)]
    others = [c for c in listed if c.hedge != "over"]
    return next(
        ((a, b) for a in cut for b in others if a.source != b.source and not overlaps(a, b)),
        None,
    )


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
                return Verdict(fact.claims, spread=_spread(fact.claims), witnesses=(a, b))
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
    """One event (numbered, or named with its year) given dates that cannot all hold."""
    if fact.kind != "event" or not any(_EVENT_ID.search(c.event or "") for c in fact.claims):
        return None
    dated = [c for c in fact.claims if _year_span(c.time)]
    if len(_sources(dated)) < params.get("min_sources", 2):
        return None

    def span(c: Claim) -> tuple[str, str]:
        found = _event_bounds(c)
        assert found is not None
        return found

    # The earliest end and the latest start are the dates most likely to disagree.
    ends = _extremes(dated, lambda c: span(c)[1]) + _extremes(
        dated, lambda c: span(c)[0], reverse=True
    )
    dates = ", ".join(sorted({c.time or "" for c in dated}))
    for a, b in _cross_source_pairs(ends):
        sa, sb = span(a), span(b)
        if sa[1] < sb[0] or sb[1] < sa[0]:
            return Verdict(tuple(dated), spread=dates, dates=dates, witnesses=(a, b))
    # Two sources that both give the event's first and last day ("từ ngày 14-17/9/2023",
    # "từ ngày 14 đến 16/9/2023") must give the same days, even where they overlap.
    ranged = [c for c in dated if _DAY_RANGE.match(c.time or "") and c.time_text not in _ROLES]
    for a, b in _cross_source_pairs(ranged):
        if a.time != b.time:
            # Only the sources that give whole spans disagree; a single day ("chiều
            # 16/9", a closing session) inside both is no side of this conflict.
            spans = ", ".join(sorted({c.time or "" for c in ranged}))
            return Verdict(tuple(ranged), spread=spans, dates=spans, witnesses=(a, b))
    return _role_conflict(ranged, dated)


# An event's dates by what they say: its opening day, its closing day ("bế mạc ngày 12/3").
_ROLES = ("opening", "closing")
_EVENT_ID = re.compile(r"[#@]\w")


def _event_bounds(c: Claim) -> tuple[str, str] | None:
    """The days an event claim allows: its span, from its opening day on, or up to its
    closing day (an opening day and another source's closing day never disagree)."""
    found = _year_span(c.time)
    if found is None or c.time_text not in _ROLES:
        return found
    return (found[0], "9999") if c.time_text == "opening" else ("0000", found[1])


def _role_conflict(ranged: list[Claim], dated: list[Claim]) -> Verdict | None:
    """An opening or closing day that is not the first or last day another source gives
    ("bế mạc ngày 12/3/2023" against "từ ngày 10 đến 13/3/2023"), or two sources giving
    different closing (or opening) days."""
    for role, index in (("opening", 0), ("closing", -1)):
        days = [c for c in dated if c.time_text == role and _ISO_DAY.match(c.time or "")]
        if not days:
            continue
        sides = days + ranged
        # One claim per source and day: a fact may quote one event hundreds of times.
        distinct = {(c.source, (c.time or "").split("/")[index], c in days): c for c in sides}
        for a, b in _cross_source_pairs(distinct.values()):
            da = (a.time or "").split("/")[index]
            db = (b.time or "").split("/")[index]
            if da != db and (a in days or b in days):
                spread = ", ".join(sorted({c.time or "" for c in sides}))
                return Verdict(tuple(sides), spread=spread, dates=spread, witnesses=(a, b))
    return None


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_RANGE = re.compile(r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$")


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
    spread = _("reference {value} ({source})").format(
        value=ref.time or ref.value, source=ref.source
    )
    return Verdict(wrong, spread=spread, witnesses=wrong[:1])


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
    first = fact.claims[0]
    other = next(c for c in fact.claims if c.unit != first.unit)
    return Verdict(
        fact.claims, spread=" / ".join(sorted(u or "?" for u in units)), witnesses=(first, other)
    )


@_caveat("time-varying")
def time_varying(fact: Fact, params: dict[str, Any]) -> Verdict | None:
    """An "as of publication" figure from sources published at different dates."""
    if fact.time != "asof":
        return None
    dates = {c.published for c in fact.claims if c.published}
    if len(dates) < 2:
        return None
    by_date: dict[date, set[str]] = {}
    for c in fact.claims:
        if c.published:
            by_date.setdefault(c.published, set()).add(_name(c))
    listed = sorted(by_date.items())
    # The earliest and the latest dates say what changed; the ones between are counted.
    if len(listed) > 2 * MAX_NAMES:
        listed = [*listed[:MAX_NAMES], *listed[-MAX_NAMES:]]
    parts = [f"{d.isoformat()} ({_more(sorted(ns)[:MAX_NAMES], len(ns))})" for d, ns in listed]
    if len(by_date) > len(listed):
        hidden = len(by_date) - len(listed)
        others = ngettext("{n} other date", "{n} other dates", hidden).format(n=hidden)
        parts.insert(MAX_NAMES, others)
    return Verdict(fact.claims, dates=f"{', '.join(parts)}; {_trend(fact.claims)}")


def _trend(claims: tuple[Claim, ...]) -> str:
    """Whether the figures rise with the publication date, as a growing count would."""
    dated = sorted((c for c in claims if c.published), key=lambda c: (c.published, c.source))
    for earlier, later in pairwise(dated):
        if earlier.published == later.published:
            continue
        # The later figure cannot be below the earlier one if its interval reaches above.
        if lies_below(later.high, later.high_open, earlier.low, earlier.low_open):
            return _(
                "but the later {later} gives less than the earlier {earlier}: "
                "an old figure repeated, or an error"
            ).format(later=_name(later), earlier=_name(earlier))
    return _("the figures rise with the date, as growth would")


def _name(c: Claim) -> str:
    return c.source.rsplit("/", 1)[-1]


def _spread(claims: tuple[Claim, ...]) -> str:
    values = [c.value for c in claims if c.value]
    if len(values) < 2:
        return ""
    lo, hi = min(values), max(values)
    percent = f"{(hi - lo) / hi * 100:.1f}"
    # Vietnamese writes the decimal comma and no space before the sign ("8,5%").
    return f"{percent.replace('.', ',')}%" if current_language() == "vi" else f"{percent} %"


# A message names at most this many figures, wordings of one figure and sources of one
# wording; the rest are counted ("and 3 more").  Messages are repeated on every line of the
# table and GitHub formats, so their length must not grow with the number of sources.
MAX_SIDES = 4
MAX_WORDINGS = 3
MAX_NAMES = 3


def _more(shown: list[str], total: int) -> str:
    """ "a, b, c and 37 more sources": the names shown, the other sources counted."""
    text = ", ".join(shown)
    hidden = total - len(shown)
    if hidden <= 0:
        return text
    return ngettext(
        "{names} and {n} more source", "{names} and {n} more sources", hidden
    ).format(names=text, n=hidden)


def _wording(claim: Claim) -> str:
    # Wordings that differ only in spacing, case or tone-mark placement are one wording.
    return canonical(squash(claim.quote)).casefold()


def _side_key(claim: Claim) -> tuple[object, ...]:
    return (claim.value, claim.hedge, claim.unit, claim.time if claim.kind == "event" else None)


def sides(claims: tuple[Claim, ...], witnesses: Iterable[Claim] = ()) -> str:
    """'"gần 100" (001) vs "hơn 100" (000, 003)': claims grouped by what they say.

    A side is one reading (value, hedge class, unit); each wording of it is quoted with
    the sources that use exactly that wording ("khoảng 200 đoàn" (003) and "trên dưới 200
    đoàn" (004)).  At most ``MAX_SIDES`` sides are named, always those of ``witnesses``
    (the claims that make the conflict); the others are counted.
    """
    groups: dict[tuple[object, ...], dict[str, list[Claim]]] = {}
    for c in claims:
        groups.setdefault(_side_key(c), {}).setdefault(_wording(c), []).append(c)
    keys = list(groups)
    if len(keys) > MAX_SIDES:
        wanted = {_side_key(c) for c in witnesses} & set(keys)
        extra = [k for k in keys if k not in wanted][: max(0, MAX_SIDES - len(wanted))]
        keep = wanted | set(extra)
        keys = [k for k in keys if k in keep]
    parts = [_side_text(groups[k]) for k in keys]
    # TRANSLATORS: between the competing figures of a conflict: '"gần 100" vs "hơn 100"'.
    text = _(" vs ").join(parts)
    hidden = len(groups) - len(keys)
    if not hidden:
        return text
    return ngettext(
        "{sides} and {n} other figure", "{sides} and {n} other figures", hidden
    ).format(sides=text, n=hidden)


def _side_text(wordings: dict[str, list[Claim]]) -> str:
    quoted = []
    for members in list(wordings.values())[:MAX_WORDINGS]:
        names = sorted({_name(c) for c in members})
        quoted.append(f'"{squash(members[0].quote)}" ({_more(names[:MAX_NAMES], len(names))})')
    # TRANSLATORS: between two wordings of one figure.
    text = _(" and ").join(quoted)
    hidden = len(wordings) - len(quoted)
    if not hidden:
        return text
    return ngettext(
        "{wordings} and {n} other wording", "{wordings} and {n} other wordings", hidden
    ).format(wordings=text, n=hidden)


def _format(rule: RuleSpec, fact: Fact, verdict: Verdict) -> str:
    """The rule's message in the run's language, its placeholders filled."""
    from checker.align import display_label

    fields = {
        "fact": display_label(fact.label),
        "sides": sides(verdict.claims, verdict.witnesses),
        "spread": verdict.spread,
        "dates": verdict.dates,
        "rule": rule.id,
        "reference": "",
    }
    try:
        return localized(rule.message).format(**fields)
    except (KeyError, IndexError, ValueError):
        return f"{fields['fact']}: {fields['sides']}"


def _note(rule: RuleSpec, fact: Fact, verdict: Verdict) -> str:
    """A rule's message as a note under another finding: without the repeated label."""
    from checker.align import display_label

    label = display_label(fact.label)
    text = _format(rule, fact, verdict)
    return text.removeprefix(f"{label}: ").removeprefix(label + " ")


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
                description=localized(rule.description),
            )
        else:
            also = _("also {rule}: {note}").format(rule=rule.id, note=_note(rule, fact, verdict))
            main = replace(main, notes=(*main.notes, also))
    if main is None:
        return None
    for rule in caveats:
        verdict = CAVEAT_KINDS[rule.kind](fact, rule.params)
        if verdict is None:
            continue
        note = f"{rule.id}: {_note(rule, fact, verdict)}"
        target = _lower_target(rule)
        if target and SEVERITY_ORDER[main.severity] > SEVERITY_ORDER[target]:
            reason = _LOWER_REASONS.get(rule.kind)
            why = _(reason) if reason else _("{rule} applies").format(rule=rule.id)
            note += _(" (lowered from {old} to {new}: {why})").format(
                old=severity_text(main.severity), new=severity_text(target), why=why
            )
            main = replace(main, severity=target)  # type: ignore[arg-type]  # a severity
        main = replace(main, notes=(*main.notes, note))
    return _calibrated(main)


# The frame fields a finding on figures rests on; an unknown one makes it uncertain.
_RESTS_ON = ("subject", "metric", "period", "measure", "status")
_COUNTED = frozenset({"count", "group"})


def _calibrated(finding: Finding) -> Finding:
    """Severity as calibrated confidence: a finding whose claims' frames leave a field
    unknown is at most a warning (unknown is no evidence that two figures are one
    fact), and every finding says how sure it is and why."""
    confidence, reasons = frame_confidence(finding.claims)
    if confidence == "low" and finding.severity == "error":
        reasons = (
            *reasons,
            _("lowered from error to warning: a field of the fact is unknown"),
        )
        finding = replace(finding, severity="warning")
    elif finding.severity == "error" and rests_on_truncation(finding.claims):
        reasons = (
            *reasons,
            _(
                "lowered from error to warning: the figures disagree only if 'more than'"
                " a figure stated to its last digit stops below the next one"
            ),
        )
        finding = replace(finding, severity="warning")
    elif finding.severity == "error" and periods_apart(finding.claims):
        reasons = (
            *reasons,
            _(
                "lowered from error to warning: the claims' periods are not the same"
                " (one is carried or inferred and holds the other)"
            ),
        )
        finding = replace(finding, severity="warning")
    elif finding.severity == "error" and may_be_revised(finding.claims):
        reasons = (
            *reasons,
            _(
                "lowered from error to warning: an estimate against another release"
                " (another status or publication date) may have been revised"
            ),
        )
        finding = replace(finding, severity="warning")
    return replace(finding, confidence=confidence, reasons=reasons)


def rests_on_truncation(claims: Iterable[Claim]) -> bool:
    """The claims disagree only through the upper bound a "more than" figure gets from
    its last stated digit ("hơn 82,2 tỷ" read as below 82,3 tỷ): an editor's reading,
    not the article's words, so no error on it alone."""
    listed = list(claims)
    loose = [
        (
            c.low,
            None if c.hedge == "over" else c.high,
            c.low_open,
            c.high_open and c.hedge != "over",
        )
        for c in listed
    ]
    if all(c.hedge != "over" or c.high is None for c in listed):
        return False
    return not any(
        lies_below(x[1], x[3], y[0], y[2]) or lies_below(y[1], y[3], x[0], x[2])
        for i, x in enumerate(loose)
        for y in loose[i + 1 :]
    )


def periods_apart(claims: Iterable[Claim]) -> bool:
    """The claims' frames give different periods: alignment joined them only because
    one was carried or inferred and holds the other (a survey's day in the year the
    headline carries), which is no evidence that they are one fact."""
    periods = {c.frame.period.value for c in claims if c.frame is not None}
    return len(periods) > 1


# Statuses of a figure that a later release may revise ("ước", "sơ bộ").
_REVISABLE = frozenset({"estimate", "preliminary"})


def may_be_revised(claims: Iterable[Claim]) -> bool:
    """Whether the figures may be two releases of one statistic rather than an error:
    an estimate or preliminary figure on one side, and the sides differ in status or
    publication date.  Two outlets quoting one estimate on the same day disagree for
    real; an estimate of 29 June against the figure of December is a revision."""
    claims = list(claims)
    statuses = {c.frame.status.value if c.frame else None for c in claims}
    revisable = [c for c in claims if _said_revisable(c)]
    if not revisable:
        return False
    firm = [c for c in claims if c not in revisable]
    if _cannot_all_hold(firm):
        return False  # the figures that no release revises disagree on their own
    published = {c.published for c in claims}
    return len(statuses) > 1 or len(published) > 1


def _said_revisable(claim: Claim) -> bool:
    """An estimate or preliminary figure that its words say is one ("ước", "sơ bộ"), not
    one inferred from a period still running at a publication date that may be a guess."""
    if claim.frame is None:
        return False
    status = claim.frame.status
    return status.value in _REVISABLE and status.basis in ("stated", "carried")


def _cannot_all_hold(claims: list[Claim]) -> bool:
    """Do the claims' intervals have no value in common (open ends excluded)?"""
    bounded = [c for c in claims if c.low is not None or c.high is not None]
    if len(bounded) < 2:
        return False
    lows = [(c.low, c.low_open) for c in bounded if c.low is not None]
    highs = [(c.high, c.high_open) for c in bounded if c.high is not None]
    if not lows or not highs:
        return False
    low, low_open = max(lows, key=lambda b: (b[0], b[1]))
    high, high_open = min(highs, key=lambda b: (b[0], not b[1]))
    return low > high or (low == high and (low_open or high_open))


def frame_confidence(claims: Iterable[Claim]) -> tuple[str, tuple[str, ...]]:
    """high, medium or low, with the reasons: which fields of which claims are unknown
    or rest on an inference (a level without a measure word is the plain case, and a
    status inferred from the publication date only says whether the period had ended)."""
    gaps: dict[tuple[str, str], list[str]] = defaultdict(list)
    framed = [c for c in claims if c.frame is not None]
    for c in framed:
        assert c.frame is not None
        for name in _RESTS_ON:
            slot = c.frame.field(name)
            basis = slot.basis
            if name == "metric" and basis == "unknown" and c.kind in _COUNTED and c.unit:
                # No metric word, but the counted noun, which the block shares, says
                # what is counted ("40 địa phương nước ngoài").
                basis = "counted"
            plain = name == "status" or (name == "measure" and slot.value == "level")
            if basis == "unknown" or (basis == "inferred" and not plain):
                where = f"{_name(c)}:{c.line}"
                gaps[(basis, name)].append(where)
    if not framed:
        return "high", (_("the claims name their event or date in words"),)
    reasons = tuple(
        _("{field} {basis} in {places}").format(
            field=_(FIELD_NAMES.get(name, name)),
            basis=_(BASIS_NAMES.get(basis, basis)),
            places=", ".join(dict.fromkeys(wheres)),
        )
        for (basis, name), wheres in sorted(
            gaps.items(), key=lambda kv: (kv[0][0] != "unknown", kv[0])
        )
    )
    if any(basis == "unknown" for basis, _ in gaps):
        return "low", reasons
    if reasons:
        return "medium", reasons
    return "high", (
        _("subject, metric, measure, period and status agree on stated or carried words"),
    )


# The frame's fields and how a field is known, as the reasons of a confidence name them.
FIELD_NAMES = {
    "subject": N_("subject"),
    "metric": N_("metric"),
    "period": N_("period"),
    "measure": N_("measure"),
    "status": N_("status"),
}
BASIS_NAMES = {"unknown": N_("unknown"), "inferred": N_("inferred")}


# A caveat of these kinds caps the finding's severity whatever the pack says: a conflict
# between figures that may count different things is not a confident error.
_CAVEAT_CAPS: dict[str, str] = {"unit-mismatch": "warning"}
_LOWER_REASONS: dict[str, str] = {
    "unit-mismatch": N_(
        "the figures count different units, so they may not be the same statistic"
    ),
    "time-varying": N_("the figure may have changed between the publication dates"),
}


def _lower_target(rule: RuleSpec) -> str | None:
    """The severity a caveat lowers its finding to (None: it does not lower)."""
    target = rule.params.get("lower_to")
    cap = _CAVEAT_CAPS.get(rule.kind)
    if cap and (target is None or SEVERITY_ORDER[target] > SEVERITY_ORDER[cap]):
        return cap
    return str(target) if target else None


def _reference_text(ref: Reference) -> str:
    value = ref.time if ref.metric.startswith("event:") and ref.time else f"{ref.value} {ref.unit}"
    note = f" — {ref.note}" if ref.note else ""
    return _("{value} (source: {source})").format(value=value, source=ref.source) + note


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
