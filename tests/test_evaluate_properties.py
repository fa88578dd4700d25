"""The rule kinds compare extremes instead of all pairs; they must agree with all pairs."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.evaluate import (
    event_date_conflict,
    hedge_kind,
    interval_conflict,
    overlaps,
    value_conflict,
)
from checker.model import Claim, Fact

BOUND = st.one_of(st.none(), st.integers(min_value=0, max_value=20).map(Decimal))


def claim(**fields: object) -> Claim:
    """A claim with placeholder position and text; ``fields`` set what a test varies."""
    base: dict[str, object] = {
        "source": "a.txt", "line": 1, "column": 1, "start": 0, "end": 1, "quote": "x",
        "sentence": "x", "kind": "count", "value": None, "low": None, "high": None,
        "unit": "u", "time": "2023", "event": None,
    }  # fmt: skip
    return Claim(**{**base, **fields})  # type: ignore[arg-type]


@st.composite
def claims(draw: st.DrawFn) -> Claim:
    low, high = draw(BOUND), draw(BOUND)
    if low is not None and high is not None and low > high:
        low, high = high, low
    value = draw(st.integers(min_value=1, max_value=20).map(Decimal))
    return claim(
        source=draw(st.sampled_from(["a.txt", "b.txt", "c.txt"])),
        value=value,
        low=low,
        high=high,
        low_open=draw(st.booleans()),
        high_open=draw(st.booleans()),
        hedge=draw(st.sampled_from([None, "over", "under", "around", "estimate"])),
    )


def fact_of(found: list[Claim], kind: str = "count") -> Fact:
    return Fact(key="k", label="l", kind=kind, unit="u", time="2023", claims=tuple(found))


def cross_pairs(found: list[Claim]):  # type: ignore[no-untyped-def]
    return [(a, b) for i, a in enumerate(found) for b in found[i + 1 :] if a.source != b.source]


@settings(max_examples=400, deadline=None)
@given(st.lists(claims(), min_size=2, max_size=9))
def test_interval_conflict_equals_all_pairs(found: list[Claim]) -> None:
    def loose(c: Claim) -> Claim:
        # A "more than" figure's upper bound (its last digit's) counts only against a
        # figure of another hedge.
        return replace(c, high=None, high_open=False) if c.hedge == "over" else c

    def disagree(a: Claim, b: Claim) -> bool:
        if not overlaps(loose(a), loose(b)):
            return True
        return (a.hedge == "over") != (b.hedge == "over") and not overlaps(a, b)

    brute = any(disagree(a, b) for a, b in cross_pairs(found))
    assert (interval_conflict(fact_of(found), {"min_sources": 2}) is not None) == brute


@settings(max_examples=400, deadline=None)
@given(st.lists(claims(), min_size=2, max_size=9))
def test_value_conflict_equals_all_pairs(found: list[Claim]) -> None:
    tol = Decimal("0.05")
    brute = any(
        hedge_kind(a.hedge) == hedge_kind(b.hedge)
        and abs(a.value - b.value) / max(a.value, b.value) > tol  # type: ignore[operator]
        for a, b in cross_pairs(found)
    )
    params = {"min_sources": 2, "tolerance": tol, "same_hedge_class": True}
    assert (value_conflict(fact_of(found), params) is not None) == brute


YEARS = st.sampled_from(
    ["2003", "2004", "2004-10-08/2004-10-09", "2005", "2004/2005", "2019-02-27"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), YEARS), min_size=2, max_size=8))
def test_event_date_conflict_equals_all_pairs(dated: list[tuple[str, str]]) -> None:
    five = Decimal(5)
    found = [
        claim(source=s, kind="event", value=five, low=five, high=five, time=t, event="asem#5")
        for s, t in dated
    ]

    def span(t: str) -> tuple[str, str]:
        parts = t.split("/")
        return parts[0], parts[-1] + "\uffff"

    brute = any(
        span(a.time)[1] < span(b.time)[0] or span(b.time)[1] < span(a.time)[0]  # type: ignore[arg-type]
        for a, b in cross_pairs(found)
    )
    assert (event_date_conflict(fact_of(found, "event"), {"min_sources": 2}) is not None) == brute
