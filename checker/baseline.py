"""Fingerprints and baselines: accept today's findings, fail only on new ones.

A fingerprint identifies a finding by the conflict it states: the rule, the fact's
identity (kind, unit family and time, or the event) and the set of distinct readings
that disagree (value and the interval the hedge allows).  It leaves out *where* (line,
column, offsets), *who* (which articles, how many) and *how it is worded*: an edit that
moves a sentence, or one more article repeating an accepted figure, must not make an
accepted finding look new.  A new figure does.  A baseline file lists fingerprints of
accepted findings.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from checker.atomic import write_atomic
from checker.errors import FactcheckError
from checker.model import Claim, Finding
from checker.safejson import read_json
from checker.textnorm import canonical, squash

BASELINE_NAME = "factcheck/baseline"
BASELINE_VERSION = 2
BASELINE_SCHEMA = f"{BASELINE_NAME}@{BASELINE_VERSION}"
FINGERPRINT_VERSION = "factcheck/v2"  # bump when the fingerprint recipe changes
# Baselines of version 1 hold fingerprints of the first recipe (every claim's file name
# and quote included); they are still read and matched with that recipe.
_V1_RECIPE = "factcheck/v1"

# The trailing part of a fact key that hashes the claims' contexts (see align._fact):
# it changes when an article words the fact differently, so identity leaves it out.
_CONTEXT_DIGEST = re.compile(r"\|[0-9a-f]{10}$")


def _file_name(path: str) -> str:
    # Only the name: the same articles checked out elsewhere keep their fingerprints.
    return PurePosixPath(path.replace("\\", "/")).name


def _number(value: Decimal | None) -> str | None:
    # normalize() makes 100, 100.0 and 1E+2 one key.
    return None if value is None else format(value.normalize(), "f")


def fact_identity(finding: Finding) -> str:
    """What the finding is about, stable when articles are added or reworded.

    The fact key without its context digest (``count|visitors|yearly``), plus the
    events the claims name (``asem#5``), since events block by name alone.
    """
    block = _CONTEXT_DIGEST.sub("", finding.fact_key)
    events = sorted({c.event for c in finding.claims if c.event})
    return "|".join([block, *events])


def reading(claim: Claim) -> tuple[str, ...]:
    """A claim reduced to what it states: kind, unit, time, value and allowed interval.

    "khoảng 200 đoàn" and "trên dưới 200 đoàn" read the same; so does a quote reworded
    without changing the figure.
    """
    return (
        claim.kind,
        claim.unit or "",
        claim.time or "",
        _number(claim.value) or "",
        _number(claim.low) or "",
        _number(claim.high) or "",
        "(" if claim.low_open else "[",
        ")" if claim.high_open else "]",
    )


def fingerprint(finding: Finding) -> str:
    """A stable id of a finding: the first 16 hex digits of a SHA-256.

    Built from the rule id, the fact's identity and the sorted set of distinct readings
    of its claims; sources, quotes, line and column are left out on purpose.
    """
    readings = sorted({reading(c) for c in finding.claims})
    return _digest([FINGERPRINT_VERSION, finding.rule, fact_identity(finding), readings])


def _v1_claim_key(claim: Claim) -> list[str]:
    parts = [
        _file_name(claim.source),
        claim.kind,
        claim.unit,
        claim.time,
        _number(claim.value),
        claim.hedge,
        canonical(squash(claim.quote)),
    ]
    # None becomes "" before sorting: None does not compare with str.
    return [part if part is not None else "" for part in parts]


def fingerprint_v1(finding: Finding) -> str:
    """The first recipe (every claim's file name and quote), to read old baselines."""
    claims_text = sorted(_v1_claim_key(c) for c in finding.claims)
    return _digest([_V1_RECIPE, finding.rule, finding.fact_key, claims_text])


def _digest(payload: list[Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def finding_fingerprint(finding: Finding) -> str:
    """The fingerprint the engine stored, or a freshly computed one."""
    return finding.fingerprint or fingerprint(finding)


def _reading_text(claim: Claim) -> str:
    """A reading for people reviewing the file: "(100; +∞) thành phố, thủ đô asof"."""
    if claim.kind in ("date", "period", "event"):
        return " ".join(p for p in (claim.event, claim.time) if p)
    low, high = _number(claim.low), _number(claim.high)
    left = "(-∞" if low is None else ("(" if claim.low_open else "[") + low
    right = "+∞)" if high is None else high + (")" if claim.high_open else "]")
    interval = f"{left}; {right}"
    return " ".join(p for p in (interval, claim.unit, claim.time) if p)


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
                "identity": fact_identity(finding),
                "readings": sorted({_reading_text(c) for c in finding.claims}),
                "quotes": list(dict.fromkeys(squash(c.quote) for c in finding.claims)),
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


@dataclass(frozen=True, slots=True)
class Baseline:
    """The fingerprints of accepted findings and the recipe (version) they were made with."""

    fingerprints: frozenset[str]
    version: int = BASELINE_VERSION

    def holds(self, finding: Finding) -> bool:
        """Whether the finding was accepted (its conflict is the one recorded)."""
        if self.version == 1:
            return fingerprint_v1(finding) in self.fingerprints
        return finding_fingerprint(finding) in self.fingerprints


def write_baseline(findings: Iterable[Finding], path: Path, *, inputs: Iterable[Path] = ()) -> None:
    """Write a baseline of ``findings`` to ``path`` (atomically, never over an input)."""
    write_atomic(Path(path), baseline_text(findings), inputs=inputs)


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file (version 2, or 1 of older factchecks).

    Raises FactcheckError naming the file if it is missing, unreadable or not a baseline.
    """
    path = Path(path)
    where = str(path)
    if not path.exists() and not path.is_symlink():
        raise FactcheckError("baseline file not found", path=where)
    # Regular files only, size-capped; deep nesting and huge numbers are located errors.
    return _baseline(read_json(path, where), where)


# The baseline versions this factcheck reads, by schema string.
_READABLE = {f"{BASELINE_NAME}@{v}": v for v in (1, BASELINE_VERSION)}


def _baseline(document: object, where: str) -> Baseline:
    hint = f'expected {{"schema": "{BASELINE_SCHEMA}", "entries": [...]}}'
    if not isinstance(document, dict):
        raise FactcheckError("not a factcheck baseline", path=where, hint=hint)
    schema = document.get("schema")
    if not isinstance(schema, str) or schema not in _READABLE:
        # Never the repr of a hostile value: it may be huge or nested too deep to print.
        shown = repr(schema[:80]) if isinstance(schema, str) else f"({type(schema).__name__})"
        raise FactcheckError(
            f"unsupported baseline schema {shown}",
            path=where,
            hint=f"this factcheck reads {', '.join(_READABLE)}; "
            "write the baseline again with `factcheck baseline create`",
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
    return Baseline(frozenset(result), _READABLE[schema])


def apply_baseline(
    findings: Iterable[Finding], baseline: Baseline | Iterable[str]
) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (new, matched) by whether the baseline accepted their conflict.

    ``baseline`` is a loaded ``Baseline`` or a collection of current fingerprints.
    """
    known = baseline if isinstance(baseline, Baseline) else Baseline(frozenset(baseline))
    new: list[Finding] = []
    matched: list[Finding] = []
    for finding in findings:
        (matched if known.holds(finding) else new).append(finding)
    return new, matched
