"""The JSON report is a public contract: fixed keys, exact numbers, a lossless round trip."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from fixtures.report import sample
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import FactcheckError
from checker.report import RenderOptions, render_json, report_from_json
from checker.report.json_report import CLAIM_FIELDS, SCHEMA

TOP_KEYS = [
    "schema", "tool", "packs", "sources", "summary", "findings", "facts",
    "claims", "suppressed", "baseline", "unused_suppressions",
]  # fmt: skip
FINDING_KEYS = [
    "rule", "severity", "message", "fact", "fact_key", "fingerprint", "description",
    "notes", "reference", "claims", "suppressions", "confidence", "reasons",
]  # fmt: skip
SOURCE_KEYS = ["path", "title", "outlet", "url", "published", "published_basis",
               "published_evidence", "published_confidence", "encoding"]  # fmt: skip
CONTRACT_CLAIM_KEYS = [
    "source", "line", "column", "quote", "sentence", "kind", "value", "low", "high",
    "low_open", "high_open", "hedge", "unit", "time", "published", "context", "event",
]  # fmt: skip


def document() -> dict:
    return json.loads(render_json(sample.build_report(), RenderOptions()))


def test_keys_in_contract_order() -> None:
    doc = document()
    assert list(doc) == TOP_KEYS
    assert doc["schema"] == SCHEMA == "factcheck/report@1"
    assert doc["tool"] == {"name": "factcheck", "version": "0.1.0-test"}
    assert list(doc["sources"][0]) == SOURCE_KEYS
    assert list(doc["findings"][0]) == FINDING_KEYS
    claim_keys = list(doc["findings"][0]["claims"][0])
    # The contract's keys first, in order; additions only after them.
    assert claim_keys[: len(CONTRACT_CLAIM_KEYS)] == CONTRACT_CLAIM_KEYS
    # The frame is an object, so it is no column of the claims CSV (CLAIM_FIELDS).
    assert claim_keys == [*CLAIM_FIELDS, "frame"]
    assert list(doc["facts"][0]) == ["key", "label", "kind", "unit", "time", "claims", "evidence"]
    assert list(doc["packs"][0]) == ["name", "path", "sha256"]


def test_summary() -> None:
    assert document()["summary"] == {
        "sources": 3,
        "claims": 10,
        "facts": 6,
        "findings": {"error": 1, "warning": 1, "info": 1},
        "suppressed": 1,
        "baseline": 0,
    }


def test_numbers_dates_and_nulls() -> None:
    doc = document()
    fdi = next(c for c in doc["claims"] if c["kind"] == "money")
    assert fdi["value"] == 2850000000 and isinstance(fdi["value"], int)
    assert fdi["high"] is None and fdi["low_open"] is True
    assert fdi["published"] == "2024-11-05"
    assert doc["sources"][2]["outlet"] is None
    fraction = replace(sample.FDI_B, value=Decimal("2.85"))
    text = render_json(sample.build_report(claims=(fraction,)), RenderOptions())
    assert '"value": 2.85,' in text


def test_findings_sorted_and_fingerprinted() -> None:
    doc = document()
    assert [f["severity"] for f in doc["findings"]] == ["error", "warning", "info"]
    assert all(len(f["fingerprint"]) == 16 for f in doc["findings"])


def test_missing_fingerprint_is_computed() -> None:
    finding = replace(sample.FINDING_ASEM, fingerprint="")
    text = render_json(sample.build_report(findings=(finding,)), RenderOptions())
    assert json.loads(text)["findings"][0]["fingerprint"] == sample.FINDING_ASEM.fingerprint


def test_vietnamese_is_not_escaped() -> None:
    text = render_json(sample.build_report(), RenderOptions())
    assert "gần 100 Thủ đô" in text and "\\u" not in text
    assert text.endswith("}\n")


def test_round_trip() -> None:
    first = render_json(sample.build_report(), RenderOptions())
    rebuilt = report_from_json(first)
    assert render_json(rebuilt, RenderOptions()) == first
    assert rebuilt.findings[0].claims[0].value is None or isinstance(
        rebuilt.findings[0].claims[0].value, Decimal
    )
    assert rebuilt.version == "0.1.0-test"
    assert len(rebuilt.suppressed) == 1


def test_round_trip_keeps_claims_exactly() -> None:
    rebuilt = report_from_json(render_json(sample.build_report(), RenderOptions()))
    assert rebuilt.claims == sample.CLAIMS
    assert rebuilt.facts == sample.FACTS


decimals = st.one_of(
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**12),
                max_value=10**12),
)  # fmt: skip


@settings(max_examples=60)
@given(value=decimals, low=decimals, high=decimals, quote=st.text(min_size=1, max_size=30))
def test_round_trip_property(value, low, high, quote: str) -> None:
    claim = replace(sample.FDI_B, value=value, low=low, high=high, quote=quote)
    report = sample.build_report(claims=(claim,), findings=(), suppressed=())
    first = render_json(report, RenderOptions())
    assert render_json(report_from_json(first), RenderOptions()) == first


def test_wrong_schema_is_a_clear_error() -> None:
    with pytest.raises(FactcheckError, match="unknown schema 'sarif'"):
        report_from_json('{"schema": "sarif"}', path="result.json")


def test_newer_version_is_a_clear_error() -> None:
    doc = document()
    doc["schema"] = "factcheck/report@2"
    with pytest.raises(FactcheckError) as info:
        report_from_json(json.dumps(doc), path="result.json")
    assert "unsupported report version 'factcheck/report@2'" in str(info.value)
    assert str(info.value).startswith("result.json: ")


def test_not_json() -> None:
    with pytest.raises(FactcheckError) as info:
        report_from_json("{oops", path="result.json")
    assert info.value.path == "result.json" and info.value.line == 1


def test_not_a_report() -> None:
    with pytest.raises(FactcheckError, match="no 'schema' key"):
        report_from_json("[1, 2]")


def test_missing_field_names_where() -> None:
    doc = document()
    del doc["findings"][1]["claims"][0]["line"]
    with pytest.raises(FactcheckError, match=r"findings\[1\]\.claims\[0\]: missing key 'line'"):
        report_from_json(json.dumps(doc))


def test_mistyped_field_names_where() -> None:
    doc = document()
    doc["findings"][0]["claims"][0]["value"] = "many"
    with pytest.raises(FactcheckError, match=r"findings\[0\]\.claims\[0\]\.value: expected"):
        report_from_json(json.dumps(doc))
    doc = document()
    doc["findings"][0]["severity"] = "fatal"
    with pytest.raises(FactcheckError, match="unknown severity 'fatal'"):
        report_from_json(json.dumps(doc))


def test_minimal_v1_document_without_additions() -> None:
    doc = document()
    for key in ("claims", "suppressed", "baseline"):
        del doc[key]
    for finding in doc["findings"]:
        for claim in finding["claims"]:
            for key in ("hedge_text", "time_text", "start", "end"):
                del claim[key]
    report = report_from_json(json.dumps(doc))
    assert len(report.findings) == 3
    assert len(report.claims) == sum(len(f["claims"]) for f in doc["facts"])
