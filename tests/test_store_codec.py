"""The store's serialisation of claims and frames is lossless (property tests), and what
it writes validates against the versioned schema document docs/store-schema.json."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.extract.frame import FIELDS, Frame, Slot
from checker.extract.frameanalysis import Evidence
from checker.model import Claim
from checker.pipeline import Engine, read_claims
from checker.store import INDEXES, SCHEMA_VERSION, TABLES
from checker.store.codec import claim_from_text, claim_to_text, frame_from_text, frame_to_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DOC = ROOT / "docs" / "store-schema.json"

text = st.text(max_size=30)
opt_text = st.none() | text
decimals = st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=None)
evidence = st.builds(Evidence, text, st.integers(0, 10**6), st.integers(0, 10**6),
                     st.sampled_from(["sentence", "headline", "lead", "paragraph"]))  # fmt: skip
slots = st.builds(
    Slot,
    opt_text,
    st.sampled_from(["stated", "carried", "inferred", "unknown", "none"]),
    st.lists(evidence, max_size=3).map(tuple),
    opt_text,
    text,
    st.lists(st.tuples(text, text), max_size=3).map(tuple),
)
frames = st.builds(Frame, *([slots] * len(FIELDS)))
claims = st.builds(
    Claim,
    source=st.just("a/b.txt"),
    line=st.integers(1, 10**6),
    column=st.integers(1, 10**6),
    start=st.integers(0, 10**7),
    end=st.integers(0, 10**7),
    quote=text,
    sentence=text,
    kind=st.sampled_from(["count", "money", "percent", "date", "event", "out-of-range"]),
    value=decimals,
    low=decimals,
    high=decimals,
    low_open=st.booleans(),
    high_open=st.booleans(),
    hedge=opt_text,
    hedge_text=opt_text,
    unit=opt_text,
    time=opt_text,
    time_text=opt_text,
    context=text,
    event=opt_text,
    published=st.none() | st.dates(min_value=date(1, 1, 1)),
    frame=st.none() | frames,
)


def _same_decimals(a: Claim, b: Claim) -> bool:
    """Equal Decimals may differ in exponent (1E+3, 1000); the store keeps it as written."""
    return all(str(getattr(a, k)) == str(getattr(b, k)) for k in ("value", "low", "high"))


@settings(max_examples=150, deadline=None)
@given(claims)
def test_claims_round_trip(claim: Claim) -> None:
    back = claim_from_text(claim_to_text(claim), claim.source)
    assert back == claim
    assert _same_decimals(back, claim)
    assert type(back.frame) is type(claim.frame)


@settings(max_examples=100, deadline=None)
@given(frames)
def test_frames_round_trip_with_their_tuple_types(frame: Frame) -> None:
    back = frame_from_text(frame_to_text(frame))
    assert back == frame
    for name in FIELDS:
        slot = back.field(name)
        assert isinstance(slot, Slot)
        assert all(isinstance(e, Evidence) for e in slot.evidence)
        assert isinstance(slot.qualifiers, tuple)


def test_real_claims_round_trip() -> None:
    engine = Engine.load()
    found = [c for _s, cs in read_claims([ROOT / "seeds"], engine) for c in cs]
    assert any(c.frame is not None for c in found) and any(c.value for c in found)
    for claim in found:
        assert claim_from_text(claim_to_text(claim), claim.source) == claim


def test_decimal_exponents_are_kept() -> None:
    claim = Claim("x", 1, 1, 0, 1, "q", "s", "money", Decimal("2.607E+9"), Decimal("1000"), None)
    back = claim_from_text(claim_to_text(claim), "x")
    assert str(back.value) == "2.607E+9" and str(back.low) == "1000" and back.high is None


# ------------------------------------------------------------- the schema document


def _doc() -> dict:
    return json.loads(SCHEMA_DOC.read_text("utf-8"))


def test_schema_document_matches_the_code() -> None:
    doc = _doc()
    assert doc["version"] == SCHEMA_VERSION
    tables = {t["name"]: [c["name"] for c in t["columns"]] for t in doc["tables"]}
    assert tables == {name: [c[0] for c in columns] for name, columns, _key in TABLES}
    assert {(i["name"], i["table"], i["column"]) for i in doc["indexes"]} == set(INDEXES)


@settings(max_examples=100, deadline=None)
@given(claims)
def test_stored_claims_validate_against_the_schema_document(claim: Claim) -> None:
    schema = _doc()["claim_data"]
    jsonschema.validate(json.loads(claim_to_text(claim)), schema)
    if claim.frame is not None:
        jsonschema.validate(json.loads(frame_to_text(claim.frame)), _doc()["frame_data"])


def test_schema_document_rejects_a_claim_with_a_float_value() -> None:
    """The document is strict enough to catch a codec that wrote floats."""
    claim = Claim("x", 1, 1, 0, 1, "q", "s", "money", Decimal("2.5"), None, None)
    row = json.loads(claim_to_text(claim))
    row[7] = 2.5
    try:
        jsonschema.validate(row, _doc()["claim_data"])
    except jsonschema.ValidationError:
        return
    raise AssertionError("a float value passed the schema")
