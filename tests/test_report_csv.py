"""The claims CSV: every claim, fixed columns, exact figures."""

from __future__ import annotations

import csv
import dataclasses
import io

from fixtures.report import sample

from checker.report import CSV_COLUMNS, render_claims_csv
from checker.report.claims_csv import FRAME_COLUMNS, claims_csv
from checker.report.json_report import CLAIM_FIELDS


def rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render_claims_csv(sample.build_report()))))


def test_columns_and_rows() -> None:
    text = render_claims_csv(sample.build_report())
    header = next(csv.reader(io.StringIO(text)))
    assert header == list(CSV_COLUMNS) == [*CLAIM_FIELDS, "fact_key", *FRAME_COLUMNS]
    assert len(rows()) == len(sample.CLAIMS)


def test_exact_values() -> None:
    data = rows()
    fdi = next(row for row in data if row["kind"] == "money")
    assert fdi["value"] == "2850000000"
    assert fdi["high"] == ""  # null: unbounded above
    assert fdi["fact_key"] == "money|USD|2023|FDI attracted"
    agreements = next(row for row in data if row["quote"] == "61 Thủ đô, TP các nước")
    assert (agreements["value"], agreements["low"], agreements["high"]) == ("61", "61", "61")


def test_deterministic() -> None:
    report = sample.build_report()
    assert render_claims_csv(report) == render_claims_csv(report)
    assert "\r" not in render_claims_csv(report)


def test_awkward_text_reads_back_unchanged() -> None:
    # Commas, quotes, line breaks and an empty quote must survive a spreadsheet import.
    texts = ['hơn 2,85 tỷ "USD"', "dòng một\ndòng hai\r\nba", "", 'a,"b"\n']
    base = sample.CLAIMS[0]
    claims = [dataclasses.replace(base, quote=text, sentence=text[::-1]) for text in texts]
    read = list(csv.DictReader(io.StringIO(claims_csv(claims), newline="")))
    assert [(row["quote"], row["sentence"]) for row in read] == [(t, t[::-1]) for t in texts]
