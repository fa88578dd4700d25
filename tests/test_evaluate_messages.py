"""What findings say: each quote names its own sources, messages stay short however many
articles repeat a figure, and a conflict between different units is never an error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.evaluate import MAX_NAMES, MAX_SIDES, evaluate, sides
from checker.knowledge import Knowledge
from checker.model import Claim, Fact
from checker.packs import load_knowledge


@pytest.fixture(scope="module")
def know() -> Knowledge:
    return load_knowledge()


def claim(source: str, quote: str, value: int, hedge: str | None, **fields: object) -> Claim:
    """A count with the interval its hedge allows ("around" ±10%, "over" above)."""
    v = Decimal(value)
    low, high, low_open = {
        "around": (v * Decimal("0.9"), v * Decimal("1.1"), False),
        "over": (v, None, True),
        "under": (v * Decimal("0.9"), v, False),
        None: (v, v, False),
    }[hedge]
    base: dict[str, object] = {
        "source": source, "line": 1, "column": 1, "start": 0, "end": len(quote), "quote": quote,
        "sentence": quote, "kind": "count", "value": v, "low": low, "high": high,
        "low_open": low_open, "high_open": hedge == "under", "hedge": hedge,
        "unit": "đoàn khách quốc tế", "time": "yearly",
    }  # fmt: skip
    return Claim(**{**base, **fields})  # type: ignore[arg-type]


def fact(*claims: Claim) -> Fact:
    return Fact(
        key="count|visitors|yearly|0123456789",
        label="khách quốc tế (per year)",
        kind="count",
        unit=claims[0].unit,
        time="yearly",
        claims=claims,
    )


VISITS = claim("a.txt", "trên dưới 250 lượt khách quốc tế", 250, "around", unit="lượt khách")
KHOANG = claim("b.txt", "khoảng 200 đoàn khách quốc tế", 200, "around")
TREN_DUOI = claim("c.txt", "trên dưới 200 đoàn khách quốc tế", 200, "around")


def test_each_wording_names_its_own_sources() -> None:
    # "khoảng 200" and "trên dưới 200" read the same, but neither article says the other's
    # words: the side quotes both, each with its source.
    text = sides((VISITS, KHOANG, TREN_DUOI))
    assert text == (
        '"trên dưới 250 lượt khách quốc tế" (a.txt) vs '
        '"khoảng 200 đoàn khách quốc tế" (b.txt) and '
        '"trên dưới 200 đoàn khách quốc tế" (c.txt)'
    )


def test_wordings_differing_only_in_case_and_spacing_are_one() -> None:
    twin = claim("d.txt", "Khoảng  200 đoàn khách quốc tế", 200, "around")
    assert sides((KHOANG, twin)) == '"khoảng 200 đoàn khách quốc tế" (b.txt, d.txt)'


def test_a_unit_mismatch_lowers_the_finding_to_a_warning_and_says_why(know: Knowledge) -> None:
    (finding,) = evaluate([fact(VISITS, KHOANG, TREN_DUOI)], know)
    assert finding.rule == "interval-disagreement"
    assert finding.severity == "warning"
    note = next(n for n in finding.notes if n.startswith("definition-mismatch:"))
    assert "lowered from error to warning" in note and "different units" in note


def test_the_same_conflict_in_one_unit_stays_an_error(know: Knowledge) -> None:
    visits = claim("a.txt", "trên dưới 250 đoàn khách quốc tế", 250, "around")
    (finding,) = evaluate([fact(visits, KHOANG)], know)
    assert finding.severity == "error"
    assert not any("lowered" in n for n in finding.notes)


def test_a_pack_cannot_keep_a_unit_mismatch_an_error(know: Knowledge) -> None:
    from dataclasses import replace

    rules = tuple(
        replace(r, params={**r.params, "lower_to": "error"}) if r.kind == "unit-mismatch" else r
        for r in know.rules
    )
    (finding,) = evaluate([fact(VISITS, KHOANG)], replace(know, rules=rules))
    assert finding.severity == "warning"


def test_message_length_does_not_grow_with_the_sources(know: Knowledge) -> None:
    def message(n: int) -> str:
        many = [claim(f"bai-{i:05}.txt", "hơn 100 thủ đô", 100, "over") for i in range(n)]
        odd = [claim(f"khac-{i:05}.txt", f"gần {90 + i % 9} thủ đô", 90 + i % 9, "under")
               for i in range(n)]  # fmt: skip
        (finding,) = evaluate([fact(*many, *odd)], know)
        return finding.message

    small, large = message(200), message(2000)
    assert len(large) <= len(small) + 10  # only the counts grow a digit
    assert large.count(" vs ") <= MAX_SIDES - 1
    assert "and 1997 more" in large  # 2000 articles say "hơn 100": 3 named, the rest counted
    assert large.count("bai-") == MAX_NAMES


def test_a_capped_message_keeps_the_sides_in_conflict(know: Knowledge) -> None:
    # Many agreeing figures and one outlier: the outlier is always named.
    agreeing = [claim(f"bai-{i:03}.txt", f"{1000 + i} đoàn", 1000 + i, None) for i in range(30)]
    outlier = claim("zz-sai.txt", "50 đoàn", 50, None)
    message = evaluate([fact(*agreeing, outlier)], know)[0].message
    assert "zz-sai.txt" in message
    assert "other figures" in message
