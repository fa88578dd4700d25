"""Every extracted claim as CSV, for spreadsheets and audits beside the Markdown report."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from checker.extract.frame import FIELDS
from checker.model import Claim, Fact, Report
from checker.report.json_report import CLAIM_FIELDS, claim_to_json

# The claim fields of the JSON contract, the key(s) of the fact a claim belongs to, then
# the value of each field of the claim's fact frame (empty for dates and events).
FRAME_COLUMNS: tuple[str, ...] = tuple(f"frame_{name}" for name in FIELDS)
CSV_COLUMNS: tuple[str, ...] = (*CLAIM_FIELDS, "fact_key", *FRAME_COLUMNS)


def _exact(value: Decimal | None) -> str | None:
    # Written in full so that a spreadsheet gets the exact figure, not a float.
    return None if value is None else format(value.normalize(), "f")


def _row(claim: Claim, fact_keys: list[str]) -> dict[str, object]:
    row: dict[str, object] = claim_to_json(claim)
    row.pop("frame", None)
    row.update(value=_exact(claim.value), low=_exact(claim.low), high=_exact(claim.high))
    row["fact_key"] = ";".join(sorted(set(fact_keys)))
    for name, column in zip(FIELDS, FRAME_COLUMNS, strict=True):
        row[column] = claim.frame.field(name).value if claim.frame is not None else None
    return row


def render_claims_csv(report: Report) -> str:
    """All claims of the report, one row each, columns in ``CSV_COLUMNS`` order."""
    return claims_csv(report.claims, report.facts)


def claim_rows(claims: Iterable[Claim], facts: Iterable[Fact] = ()) -> list[dict[str, object]]:
    """One dict per claim, keyed by ``CSV_COLUMNS``: the JSON fields with exact figures as
    text, and the keys of the facts the claim belongs to."""
    facts_of: dict[Claim, list[str]] = {}
    for fact in facts:
        for claim in fact.claims:
            facts_of.setdefault(claim, []).append(fact.key)
    return [_row(claim, facts_of.get(claim, [])) for claim in claims]


def claims_csv(claims: Iterable[Claim], facts: Iterable[Fact] = ()) -> str:
    """Claims as CSV (RFC 4180 quoting, "\\n" line ends), with the facts they belong to.

    The standard ``csv`` module writes it: null is an empty field, booleans are
    ``True``/``False``.  (pandas wrote the same bytes, but importing it cost a quarter of
    a small check.)
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(claim_rows(claims, facts))
    return out.getvalue()
