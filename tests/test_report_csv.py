"""The claims CSV: every claim, fixed columns, exact figures."""

from __future__ import annotations

import io

import pandas as pd
from fixtures.report import sample

from checker.report import CSV_COLUMNS, render_claims_csv
from checker.report.json_report import CLAIM_FIELDS


def frame() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(render_claims_csv(sample.build_report())), dtype=str)


def test_columns_and_rows() -> None:
    data = frame()
    assert list(data.columns) == list(CSV_COLUMNS) == [*CLAIM_FIELDS, "fact_key"]
    assert len(data) == len(sample.CLAIMS)


def test_exact_values() -> None:
    data = frame()
    fdi = data[data["kind"] == "money"].iloc[0]
    assert fdi["value"] == "2850000000"
    assert pd.isna(fdi["high"])
    assert fdi["fact_key"] == "money|USD|2023|FDI attracted"
    agreements = data[data["quote"] == "61 Thủ đô, TP các nước"].iloc[0]
    assert (agreements["value"], agreements["low"], agreements["high"]) == ("61", "61", "61")


def test_deterministic() -> None:
    report = sample.build_report()
    assert render_claims_csv(report) == render_claims_csv(report)
    assert "\r" not in render_claims_csv(report)
