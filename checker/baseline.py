"""Fingerprints and baselines: accept today's findings, fail only on new ones.

A fingerprint identifies a finding by *what* it says (rule, fact, and the claims'
file names, kinds, units, times, values, hedges and quotes), never by *where*
(line, column, offsets): an edit that moves a sentence must not make an old, accepted
finding look new.  A baseline file lists fingerprints of accepted findings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from checker.atomic import write_atomic
from checker.errors import FactcheckError
from checker.model import Claim, Finding
from checker.safejson import read_json
from checker.textnorm import canonical, squash

BASELINE_SCHEMA = "factcheck/baseline@1"
FINGERPRINT_VERSION = "factcheck/v1"  # bump when the fingerprint recipe changes


def _file_name(path: str) -> str:
    # Only the name: the same articles checked out elsewhere keep their fingerprints.
    return PurePosixPath(path.replace("\\", "/")).name


def _number(value: Decimal | None) -> str | None:
    # normalize() makes 100, 100.0 and 1E+2 one key.
    return None if value is None else format(value.normalize(), "f")


def _claim_key(claim: Claim) -> list[str | None]:
    return [
        _file_name(claim.source),
        claim.kind,
        claim.unit,
        claim.time,
        _number(claim.value),
        claim.hedge,
        canonical(squash(claim.quote)),
    ]


def fingerprint(finding: Finding) -> str:
    """A stable id of a finding: the first 16 hex digits of a SHA-256.

    Built from the rule id, the fact key and the sorted normalised claims; line and
    column are left out on purpose.
    """
    # None becomes "" before sorting: claims of one fact may differ in which fields are
    # set (a hedged and an unhedged figure), and None does not compare with str.
    claims_text = sorted(
        [part if part is not None else "" for part in _claim_key(c)] for c in finding.claims
    )
    payload = json.dumps(
        [FINGERPRINT_VERSION, finding.rule, finding.fact_key, claims_text],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def finding_fingerprint(finding: Finding) -> str:
    """The fingerprint the engine stored, or a freshly computed one."""
    return finding.fingerprint or fingerprint(finding)


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline file content for ``findings`` (deterministic: sorted, no timestamp)."""
    entries: dict[str, dict[str, Any]] = {}
    for finding in findings:
        fp = finding_fingerprint(finding)
        entries.setdefault(
            fp,
            {
                "fingerprint": fp,
                "rule": finding.rule,
                "fact": finding.fact,
                "quotes": [squash(c.quote) for c in finding.claims],
                "sources": sorted({_file_name(c.source) for c in finding.claims}),
            },
        )
    created_from = sorted({source for entry in entries.values() for source in entry["sources"]})
    document = {
        "schema": BASELINE_SCHEMA,
        "created_from": created_from,
        "entries": [entries[fp] for fp in sorted(entries)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_baseline(findings: Iterable[Finding], path: Path, *, inputs: Iterable[Path] = ()) -> None:
    """Write a baseline of ``findings`` to ``path`` (atomically, never over an input)."""
    write_atomic(Path(path), baseline_text(findings), inputs=inputs)


def load_baseline(path: Path) -> set[str]:
    """Read the fingerprints of a baseline file; FactcheckError naming the file if bad."""
    path = Path(path)
    where = str(path)
    if not path.exists() and not path.is_symlink():
        raise FactcheckError("baseline file not found", path=where)
    # Regular files only, size-capped; deep nesting and huge numbers are located errors.
    return _fingerprints(read_json(path, where), where)


def _fingerprints(document: object, where: str) -> set[str]:
    hint = f'expected {{"schema": "{BASELINE_SCHEMA}", "entries": [...]}}'
    if not isinstance(document, dict):
        raise FactcheckError("not a factcheck baseline", path=where, hint=hint)
    schema = document.get("schema")
    if schema != BASELINE_SCHEMA:
        # Never the repr of a hostile value: it may be huge or nested too deep to print.
        shown = repr(schema[:80]) if isinstance(schema, str) else f"({type(schema).__name__})"
        raise FactcheckError(
            f"unsupported baseline schema {shown}",
            path=where,
            hint=f"expected {BASELINE_SCHEMA!r}; write the baseline again with this factcheck",
        )
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise FactcheckError("'entries' must be a list", path=where, hint=hint)
    result: set[str] = set()
    for index, entry in enumerate(entries):
        value = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(value, str) or not value:
            raise FactcheckError(f"entries[{index}] has no fingerprint", path=where, hint=hint)
        result.add(value)
    return result


def apply_baseline(
    findings: Iterable[Finding], fingerprints: set[str]
) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (new, matched) by whether the baseline holds their fingerprint."""
    new: list[Finding] = []
    matched: list[Finding] = []
    for finding in findings:
        (matched if finding_fingerprint(finding) in fingerprints else new).append(finding)
    return new, matched
