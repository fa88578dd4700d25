"""Fingerprints and baselines."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from fixtures.report import sample
from hypothesis import given
from hypothesis import strategies as st

from checker.baseline import (
    BASELINE_SCHEMA,
    apply_baseline,
    fingerprint,
    fingerprint_v1,
    load_baseline,
    write_baseline,
)
from checker.errors import FactcheckError
from checker.textnorm import canonical

FINDINGS = (sample.FINDING_ASEM, sample.FINDING_CITIES, sample.FINDING_VISITS)


def moved(finding, lines: int = 3, columns: int = 7):
    """The same finding after an edit moved its claims."""
    claims = tuple(
        replace(c, line=c.line + lines, column=c.column + columns, start=c.start + 99,
                end=c.end + 99)
        for c in finding.claims
    )  # fmt: skip
    return replace(finding, claims=claims, fingerprint="")


def test_fingerprint_shape() -> None:
    value = fingerprint(sample.FINDING_CITIES)
    assert len(value) == 16 and int(value, 16) >= 0


def test_fingerprint_ignores_location() -> None:
    assert fingerprint(moved(sample.FINDING_CITIES)) == fingerprint(sample.FINDING_CITIES)


def test_fingerprint_ignores_claim_order_and_folder() -> None:
    finding = sample.FINDING_CITIES
    swapped = replace(finding, claims=tuple(reversed(finding.claims)))
    assert fingerprint(swapped) == fingerprint(finding)
    elsewhere = replace(
        finding,
        claims=tuple(replace(c, source="/tmp/x/" + Path(c.source).name) for c in finding.claims),
    )
    assert fingerprint(elsewhere) == fingerprint(finding)


def test_fingerprint_ignores_unicode_form_and_spacing() -> None:
    import unicodedata

    claims = tuple(
        replace(c, quote=unicodedata.normalize("NFD", c.quote).replace(" ", "  "))
        for c in sample.FINDING_CITIES.claims
    )
    assert fingerprint(replace(sample.FINDING_CITIES, claims=claims)) == fingerprint(
        sample.FINDING_CITIES
    )


def test_fingerprint_ignores_value_notation() -> None:
    claims = (replace(sample.CITIES_A, value=Decimal("1E+2")), sample.CITIES_B)
    assert fingerprint(replace(sample.FINDING_CITIES, claims=claims)) == fingerprint(
        sample.FINDING_CITIES
    )


@pytest.mark.parametrize(
    "change",
    [
        {"rule": "value-disagreement"},
        {"fact_key": "count|thủ đô|asof|0123456789"},
        {"claims": (replace(sample.CITIES_A, value=Decimal(99)), sample.CITIES_B)},
        {"claims": (replace(sample.CITIES_A, low=Decimal(95)), sample.CITIES_B)},
        {"claims": (replace(sample.CITIES_A, high_open=False), sample.CITIES_B)},
        {"claims": (replace(sample.CITIES_A, unit="địa phương"), sample.CITIES_B)},
        {"claims": (sample.CITIES_A,)},
    ],
)
def test_fingerprint_changes_with_the_conflict(change: dict) -> None:
    assert fingerprint(replace(sample.FINDING_CITIES, **change)) != fingerprint(
        sample.FINDING_CITIES
    )


@pytest.mark.parametrize(
    "change",
    [
        # Another wording of the same figure, another article, another folder: the
        # conflict (rule, fact, the readings that disagree) is the same.
        {"claims": (replace(sample.CITIES_A, quote="gần 100 thành phố"), sample.CITIES_B)},
        {"claims": (replace(sample.CITIES_A, source="articles/khac.txt"), sample.CITIES_B)},
    ],
)
def test_fingerprint_keeps_the_same_conflict(change: dict) -> None:
    assert fingerprint(replace(sample.FINDING_CITIES, **change)) == fingerprint(
        sample.FINDING_CITIES
    )


def test_fingerprint_leaves_out_the_context_digest_of_the_fact_key() -> None:
    # align ends a fact key with a digest of the claims' contexts, which changes when one
    # more article words the fact otherwise; the fact's identity is what comes before it.
    one = replace(sample.FINDING_CITIES, fact_key="count|cities|asof|0123456789")
    two = replace(sample.FINDING_CITIES, fact_key="count|cities|asof|abcdef0123")
    assert fingerprint(one) == fingerprint(two)
    assert fingerprint(one) != fingerprint(replace(one, fact_key="count|cities|2023|0123456789"))


def test_one_more_article_repeating_an_accepted_figure_stays_accepted(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline([sample.FINDING_CITIES], path)
    repeat = replace(
        sample.CITIES_B, source="articles/bao-moi.txt", quote="hơn 100 thành phố, thủ đô"
    )
    grown = replace(
        sample.FINDING_CITIES, claims=(*sample.FINDING_CITIES.claims, repeat), fingerprint=""
    )
    new, matched = apply_baseline([grown], load_baseline(path))
    assert new == [] and matched == [grown]
    # A new figure is a new conflict: it fires again.
    other = replace(repeat, value=Decimal(120), low=Decimal(120))
    changed = replace(grown, claims=(*sample.FINDING_CITIES.claims, other))
    new, matched = apply_baseline([changed], load_baseline(path))
    assert new == [changed] and matched == []


def test_version_1_baselines_are_still_read(tmp_path: Path) -> None:
    # A baseline written before the recipe changed holds first-recipe fingerprints.
    path = tmp_path / "old.json"
    entries = [{"fingerprint": fingerprint_v1(sample.FINDING_CITIES), "rule": "r"}]
    path.write_text(
        json.dumps({"schema": "factcheck/baseline@1", "entries": entries}), encoding="utf-8"
    )
    known = load_baseline(path)
    assert known.version == 1
    new, matched = apply_baseline([moved(sample.FINDING_CITIES), sample.FINDING_ASEM], known)
    assert [f.rule for f in matched] == ["interval-disagreement"]
    assert [f.rule for f in new] == ["event-date-disagreement"]


def test_first_recipe_is_unchanged() -> None:
    # Old baselines only match if fingerprint_v1 is exactly the recipe they were made by.
    assert fingerprint_v1(sample.FINDING_ASEM) == "5f066ef8afab78da"


def test_fingerprint_ignores_message_and_severity() -> None:
    # A reworded message or a re-tuned severity is still the same accepted finding.
    changed = replace(sample.FINDING_CITIES, message="khác", severity="error", notes=())
    assert fingerprint(changed) == fingerprint(sample.FINDING_CITIES)


@given(st.integers(min_value=-50, max_value=50), st.integers(min_value=-50, max_value=50))
def test_fingerprint_location_property(lines: int, columns: int) -> None:
    assert fingerprint(moved(sample.FINDING_ASEM, lines, columns)) == fingerprint(
        sample.FINDING_ASEM
    )


def test_write_and_load(tmp_path: Path) -> None:
    path = tmp_path / "baseline" / "factcheck-baseline.json"
    write_baseline(FINDINGS, path)
    assert load_baseline(path).fingerprints == {f.fingerprint for f in FINDINGS}
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema"] == BASELINE_SCHEMA
    assert list(document) == ["schema", "created_from", "entries"]
    assert document["created_from"] == sorted(
        {Path(c.source).name for f in FINDINGS for c in f.claims}
    )
    entries = document["entries"]
    assert [e["fingerprint"] for e in entries] == sorted(e["fingerprint"] for e in entries)
    keys = ["fingerprint", "rule", "fact", "identity", "readings", "quotes", "sources"]
    assert list(entries[0]) == keys
    cities = next(e for e in entries if e["rule"] == "interval-disagreement")
    assert cities["quotes"] == ["gần 100 Thủ đô, TP lớn", "hơn 100 thủ đô, thành phố"]
    assert cities["readings"] == ["(100; +∞) thủ đô asof", "[90; 100) thủ đô asof"]


def test_write_is_deterministic(tmp_path: Path) -> None:
    write_baseline(FINDINGS, tmp_path / "a.json")
    write_baseline(tuple(reversed(FINDINGS)), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_write_refuses_inputs(tmp_path: Path) -> None:
    article = tmp_path / "bai.md"
    article.write_text("x", encoding="utf-8")
    with pytest.raises(FactcheckError):
        write_baseline(FINDINGS, article, inputs=[article])


def test_apply_baseline_after_text_moved(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline([sample.FINDING_CITIES], path)
    known = load_baseline(path)
    current = [moved(sample.FINDING_CITIES), sample.FINDING_ASEM]
    new, matched = apply_baseline(current, known)
    assert [f.rule for f in new] == ["event-date-disagreement"]
    assert [f.rule for f in matched] == ["interval-disagreement"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops", "not valid JSON"),
        ("[]", "not a factcheck baseline"),
        ('{"schema": "factcheck/baseline@9", "entries": []}', "unsupported baseline schema"),
        ('{"schema": ["x"], "entries": []}', "unsupported baseline schema"),
        ('{"schema": "factcheck/baseline@1", "entries": {}}', "'entries' must be a list"),
        ('{"schema": "factcheck/baseline@1", "entries": [{"rule": "x"}]}', r"entries\[0\]"),
    ],
)
def test_bad_baseline_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FactcheckError, match=message) as info:
        load_baseline(path)
    assert info.value.path == str(path)
    assert str(info.value).startswith(str(path))


def test_missing_baseline(tmp_path: Path) -> None:
    with pytest.raises(FactcheckError, match="not found"):
        load_baseline(tmp_path / "none.json")


def test_canonical_is_what_fingerprints_compare() -> None:
    # Tone placement differs between conventions ("hoà"/"hòa"); both give one fingerprint.
    old = replace(sample.CITIES_A, quote="gần 100 thủ đô hoà bình")
    new = replace(sample.CITIES_A, quote="gần 100 thủ đô hòa bình")
    assert canonical(old.quote) == canonical(new.quote)
    one = replace(sample.FINDING_CITIES, claims=(old,))
    two = replace(sample.FINDING_CITIES, claims=(new,))
    assert fingerprint(one) == fingerprint(two)


def test_fingerprint_of_claims_differing_only_in_unset_fields() -> None:
    """One article's "hơn 44 tỷ" and "44,2 tỷ" may share a fact: a hedge set on one claim
    and None on another must not break the sort (found by the 10,000-article benchmark)."""
    first = sample.FINDING_CITIES.claims[0]
    twin = replace(first, hedge=None if first.hedge else "over", start=first.start + 1)
    finding = replace(sample.FINDING_CITIES, claims=(first, twin))
    assert fingerprint(finding) == fingerprint(replace(finding, claims=(twin, first)))
