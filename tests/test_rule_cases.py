"""Rule cases as data: small articles in, expected findings out (tests/rules/<rule-id>.yml).

A case with ``fires: true`` must produce a finding in which the rule is the main rule or
a note; ``fires: false`` must produce none that mentions the rule.  A meta-test makes
sure every shipped rule has at least one case of each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.model import Finding
from checker.packs import load_knowledge
from checker.pipeline import Engine, check

CASES_DIR = Path(__file__).parent / "rules"


RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            cases.append((data["rule"], {**case, "packs": data.get("packs", ["generic"])}))
    return cases


CASES = _load_cases()


_ENGINES: dict[tuple[str, ...], Engine] = {}


def engine_for(packs: list[str]) -> Engine:
    key = tuple(packs)
    if key not in _ENGINES:
        _ENGINES[key] = Engine.load([RULES_DIR / p for p in packs])
    return _ENGINES[key]


def _mentions(finding: Finding, rule: str) -> bool:
    return finding.rule == rule or any(
        n.startswith(f"{rule}:") or n.startswith(f"also {rule}:") for n in finding.notes
    )


def run_case(case: dict[str, Any], folder: Path, engine: Engine) -> list[Finding]:
    for name, text in case["articles"].items():
        (folder / name).write_text(text, encoding="utf-8")
    return list(check([folder], engine).findings)


@pytest.mark.parametrize(("rule", "case"), CASES, ids=[f"{r}: {c['name']}" for r, c in CASES])
def test_rule_case(rule: str, case: dict[str, Any], tmp_path: Path) -> None:
    findings = run_case(case, tmp_path, engine_for(case["packs"]))
    mentioning = [f for f in findings if _mentions(f, rule)]
    if case["fires"]:
        assert len(mentioning) == 1, (
            f"expected one finding for {rule}, got {[f.message for f in findings]}"
        )
    else:
        assert not mentioning, f"{rule} must not fire: {[f.message for f in mentioning]}"
    expect = case.get("expect")
    if expect:
        assert len(findings) == 1, [f.message for f in findings]
        found = findings[0]
        assert found.rule == expect["rule"]
        if "severity" in expect:
            assert found.severity == expect["severity"]
        for note in expect.get("notes", []):
            assert any(n.startswith(note) for n in found.notes), found.notes
        for text in expect.get("note_text", []):
            assert any(text in n for n in found.notes), found.notes
        quotes = {" ".join(c.quote.split()) for c in found.claims}
        for quote in expect.get("quotes", []):
            assert quote in quotes, quotes


def test_every_rule_has_a_case_that_fires_and_one_that_does_not() -> None:
    covered: dict[str, set[bool]] = {}
    for rule, case in CASES:
        covered.setdefault(rule, set()).add(bool(case["fires"]))
    packs = sorted(p for p in RULES_DIR.iterdir() if p.is_dir())
    for spec in load_knowledge(packs).rules:
        assert covered.get(spec.id) == {True, False}, (
            f"rule {spec.id} needs cases that fire and that do not"
        )
