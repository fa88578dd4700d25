"""Golden test on the seeds: the committed audit report is what `make demo` writes.

When the engine changes on purpose, run `make demo` and commit reports/ with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli import audit_charts, audit_texts
from checker.pipeline import Engine, check

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path("reports/seeds-audit.md")


def test_committed_seed_audit_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    markdown, csv = audit_texts(check([Path("seeds")], Engine.load()), REPORT)
    assert markdown == REPORT.read_text(encoding="utf-8"), "run `make demo` and commit reports/"
    assert csv == REPORT.with_suffix(".claims.csv").read_text(encoding="utf-8")


def test_committed_seed_charts_are_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    charts = audit_charts(check([Path("seeds")], Engine.load()), REPORT)
    assert [path.name for path, _svg in charts] == [
        f"seeds-audit.chart-{n}.svg" for n in (1, 2, 3, 4)
    ]
    for path, svg in charts:
        assert svg == path.read_text(encoding="utf-8"), "run `make demo` and commit reports/"


def test_seed_audit_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    first = audit_texts(check([Path("seeds")], Engine.load()), REPORT)
    second = audit_texts(check([Path("seeds")], Engine.load()), REPORT)
    assert first == second
