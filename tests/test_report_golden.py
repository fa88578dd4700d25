"""Golden files keep every format's output stable, byte for byte.

Regenerate after an intended change, then review the diff::

    UPDATE_GOLDEN=1 python3 -m pytest tests/test_report_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixtures.report import sample

from checker.report import RenderOptions, render, render_claims_csv

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# Fixed width, no colour, no timestamp: the same report must give the same bytes.
OPTIONS = RenderOptions(
    width=80,
    color=False,
    verbose=True,
    version="0.1.0-test",
    report_dir="reports",
    claims_csv_name="claims.csv",
)

CASES = {
    "report.md": "markdown",
    "report.txt": "terminal",
    "report.table.txt": "table",
    "report.json": "json",
    "report.sarif": "sarif",
    "report.github.txt": "github",
}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"missing {path}; run with UPDATE_GOLDEN=1"
    assert text.encode("utf-8") == path.read_bytes(), f"{name} changed; see UPDATE_GOLDEN=1"


@pytest.mark.parametrize(("name", "fmt"), sorted(CASES.items()))
def test_golden(name: str, fmt: str) -> None:
    check_golden(name, render(sample.build_report(), fmt, OPTIONS))


def test_golden_claims_csv() -> None:
    check_golden("claims.csv", render_claims_csv(sample.build_report()))
