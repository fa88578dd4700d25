"""The JSON report: factcheck's versioned public contract (see docs/formats.md).

Keys come in a fixed order, numbers are exact where JSON allows (integral Decimals as
integers), dates are ISO.  ``report_from_json`` reads the same document back, so a
saved result can be rendered again in any other format.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from checker.errors import FactcheckError
from checker.extract.frame import FIELDS, Frame, Slot
from checker.extract.frameanalysis import Evidence
from checker.files import read_text
from checker.model import Claim, Fact, Finding, PackInfo, Report, Source, Suppression
from checker.pubdate import confidence_of
from checker.report.common import (
    RenderOptions,
    finding_id,
    severity_counts,
    sorted_findings,
    tool_version,
)
from checker.safejson import loads

SCHEMA_NAME = "factcheck/report"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_NAME}@{SCHEMA_VERSION}"
TOOL_NAME = "factcheck"

Json = dict[str, Any]
T = TypeVar("T")
D = TypeVar("D")


# ---------------------------------------------------------------- writing


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def claim_to_json(claim: Claim) -> Json:
    """One claim as a JSON object (also the column set of the claims CSV)."""
    return {
        "source": claim.source,
        "line": claim.line,
        "column": claim.column,
        "quote": claim.quote,
        "sentence": claim.sentence,
        "kind": claim.kind,
        "value": _number(claim.value),
        "low": _number(claim.low),
        "high": _number(claim.high),
        "low_open": claim.low_open,
        "high_open": claim.high_open,
        "hedge": claim.hedge,
        "unit": claim.unit,
        "time": claim.time,
        "published": _date(claim.published),
        "context": claim.context,
        "event": claim.event,
        # Additions within version 1 (consumers must ignore keys they do not know):
        "hedge_text": claim.hedge_text,
        "time_text": claim.time_text,
        "start": claim.start,
        "end": claim.end,
        "frame": frame_to_json(claim.frame) if claim.frame is not None else None,
    }


def frame_to_json(frame: Frame) -> Json:
    """A claim's fact frame: each field's value, what set it and the words that did."""
    out: Json = {}
    for name in FIELDS:
        slot = frame.field(name)
        out[name] = {
            "value": slot.value,
            "basis": slot.basis,
            "evidence": [e.text for e in slot.evidence],
            "note": slot.note,
        }
    return out


CLAIM_FIELDS: tuple[str, ...] = (
    "source",
    "line",
    "column",
    "quote",
    "sentence",
    "kind",
    "value",
    "low",
    "high",
    "low_open",
    "high_open",
    "hedge",
    "unit",
    "time",
    "published",
    "context",
    "event",
    "hedge_text",
    "time_text",
    "start",
    "end",
)


def _finding(finding: Finding) -> Json:
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "fact": finding.fact,
        "fact_key": finding.fact_key,
        "fingerprint": finding_id(finding),
        "description": finding.description,
        "notes": list(finding.notes),
        "reference": finding.reference,
        "claims": [claim_to_json(c) for c in finding.claims],
        # Addition within version 1: what hides a suppressed finding (empty otherwise).
        "suppressions": [suppression_to_json(s) for s in finding.suppressions],
        # Additions within version 1: how sure the finding is, and why.
        "confidence": finding.confidence,
        "reasons": list(finding.reasons),
    }


def suppression_to_json(suppression: Suppression) -> Json:
    """An ignore comment ("inSource") or ignore-file entry ("external") as a JSON object."""
    return {
        "kind": suppression.kind,
        "reason": suppression.reason,
        "path": suppression.path,
        "line": suppression.line,
        "column": suppression.column,
        "rules": list(suppression.rules),
    }


def _fact(fact: Fact) -> Json:
    return {
        "key": fact.key,
        "label": fact.label,
        "kind": fact.kind,
        "unit": fact.unit,
        "time": fact.time,
        "claims": [claim_to_json(c) for c in fact.claims],
        "evidence": list(fact.evidence),
    }


def _source(source: Source) -> Json:
    return {
        "path": source.path,
        "title": source.title,
        "outlet": source.outlet,
        "url": source.url,
        "published": _date(source.published),
        "published_basis": source.published_basis,
        # Additions within version 1: what says when the page was published, how sure.
        "published_evidence": source.published_evidence,
        "published_confidence": confidence_of(source.published_basis, source.published_confidence),
        "encoding": source.encoding,
    }


def report_to_json(report: Report, options: RenderOptions) -> Json:
    """The report as a JSON-ready dict with keys in contract order."""
    return {
        "schema": SCHEMA,
        "tool": {"name": TOOL_NAME, "version": tool_version(report, options)},
        "packs": [{"name": p.name, "path": p.path, "sha256": p.sha256} for p in report.packs],
        "sources": [_source(s) for s in report.sources],
        "summary": {
            "sources": len(report.sources),
            "claims": len(report.claims),
            "facts": len(report.facts),
            "findings": severity_counts(report.findings),
            "suppressed": len(report.suppressed),
            "baseline": len(report.baseline_matched),
        },
        "findings": [_finding(f) for f in sorted_findings(report.findings)],
        "facts": [_fact(f) for f in report.facts],
        # Additions within version 1: the full claim list and the findings left out of
        # "findings", so that a saved result can be rendered again without loss.
        "claims": [claim_to_json(c) for c in report.claims],
        "suppressed": [_finding(f) for f in sorted_findings(report.suppressed)],
        "baseline": [_finding(f) for f in sorted_findings(report.baseline_matched)],
        # Addition within version 1: ignores that hide nothing, and why.
        "unused_suppressions": [
            {**suppression_to_json(s), "problem": problem}
            for s, problem in report.unused_suppressions
        ],
    }


def render_json(report: Report, options: RenderOptions) -> str:
    """Render the report as the versioned JSON document (ends with a newline)."""
    return json.dumps(report_to_json(report, options), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- reading

_MAX_EXPONENT = 60  # decimal exponent of the largest and smallest non-zero figure read


_TYPE_NAMES: dict[type, str] = {
    type(None): "null",
    str: "string",
    int: "integer",
    Decimal: "number",
    bool: "boolean",
    list: "list",
    dict: "object",
}


def _addition(obj: Json, key: str, kind: type[T], default: D) -> T | D:
    """A key added within version 1: older documents may lack it."""
    value = obj.get(key)
    return value if isinstance(value, kind) and not isinstance(value, bool) else default


def _frame_addition(value: Any) -> Frame | None:
    """A claim's frame as ``frame_to_json`` wrote it (an addition within version 1), so
    that a report rebuilt from a saved result names subjects as the first one did.  The
    evidence keeps its words, not their offsets; a frame of another shape is left out."""
    if not isinstance(value, dict):
        return None
    slots = []
    for name in FIELDS:
        raw = value.get(name)
        if not isinstance(raw, dict):
            return None
        field_value, basis = raw.get("value"), raw.get("basis", "unknown")
        evidence, note = raw.get("evidence", []), raw.get("note", "")
        if not (
            (field_value is None or isinstance(field_value, str))
            and isinstance(basis, str)
            and isinstance(note, str)
            and isinstance(evidence, list)
            and all(isinstance(text, str) for text in evidence)
        ):
            return None
        words = tuple(Evidence(text, 0, 0) for text in evidence)
        slots.append(Slot(field_value, basis, words, None, note))
    return Frame(*slots)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


class _Reader:
    """Typed access to a parsed document with errors that say where ("findings[2].rule")."""

    def __init__(self, path: str | None):
        self.path = path

    def fail(self, where: str, message: str) -> FactcheckError:
        return FactcheckError(
            f"{where}: {message}" if where else message,
            path=self.path,
            hint=f"expected a {SCHEMA} document written by factcheck --format json",
        )

    def obj(self, value: Any, where: str) -> Json:
        if not isinstance(value, dict):
            raise self.fail(where, "expected an object")
        return value

    def get(self, obj: Json, key: str, where: str, kinds: tuple[type, ...]) -> Any:
        if key not in obj:
            raise self.fail(where, f"missing key {key!r}")
        value = obj[key]
        # bool is an int in Python; a JSON true is never a valid number here.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = "/".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
            found = _TYPE_NAMES.get(type(value), type(value).__name__)
            raise self.fail(_join(where, key), f"expected {names}, found {found}")
        return value

    def text(self, obj: Json, key: str, where: str) -> str:
        return self.get(obj, key, where, (str,))

    def opt_text(self, obj: Json, key: str, where: str) -> str | None:
        return self.get(obj, key, where, (str, type(None)))

    def list_of(self, obj: Json, key: str, where: str, item: Callable[[Any, str], Any]) -> tuple:
        values = self.get(obj, key, where, (list,))
        return tuple(item(v, f"{_join(where, key)}[{i}]") for i, v in enumerate(values))

    def decimal(self, obj: Json, key: str, where: str) -> Decimal | None:
        value = self.get(obj, key, where, (int, Decimal, type(None)))
        try:
            number = None if value is None else Decimal(value)
        except InvalidOperation as err:  # pragma: no cover - json never yields these
            raise self.fail(_join(where, key), "not a number") from err
        # A figure factcheck wrote has at most a few dozen digits; "1e999999999" would
        # make every later formatting step write a billion of them.
        if (
            number is not None
            and number
            and not -_MAX_EXPONENT <= number.adjusted() <= _MAX_EXPONENT
        ):
            raise self.fail(_join(where, key), f"number out of range: {value}")
        return number

    def day(self, obj: Json, key: str, where: str) -> date | None:
        value = self.opt_text(obj, key, where)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as err:
            raise self.fail(_join(where, key), f"not an ISO date: {value!r}") from err

    # -------------------------------------------------------- model objects

    def claim(self, value: Any, where: str) -> Claim:
        obj = self.obj(value, where)
        return Claim(
            source=self.text(obj, "source", where),
            line=self.get(obj, "line", where, (int,)),
            column=self.get(obj, "column", where, (int,)),
            start=_addition(obj, "start", int, 0),
            end=_addition(obj, "end", int, 0),
            quote=self.text(obj, "quote", where),
            sentence=self.text(obj, "sentence", where),
            kind=self.text(obj, "kind", where),
            value=self.decimal(obj, "value", where),
            low=self.decimal(obj, "low", where),
            high=self.decimal(obj, "high", where),
            low_open=self.get(obj, "low_open", where, (bool,)),
            high_open=self.get(obj, "high_open", where, (bool,)),
            hedge=self.opt_text(obj, "hedge", where),
            hedge_text=_addition(obj, "hedge_text", str, None),
            unit=self.opt_text(obj, "unit", where),
            time=self.opt_text(obj, "time", where),
            time_text=_addition(obj, "time_text", str, None),
            context=self.text(obj, "context", where),
            event=self.opt_text(obj, "event", where),
            published=self.day(obj, "published", where),
            frame=_frame_addition(obj.get("frame")),
        )

    def finding(self, value: Any, where: str) -> Finding:
        obj = self.obj(value, where)
        severity = self.text(obj, "severity", where)
        if severity not in ("error", "warning", "info"):
            raise self.fail(_join(where, "severity"), f"unknown severity {severity!r}")
        return Finding(
            rule=self.text(obj, "rule", where),
            severity=severity,  # type: ignore[arg-type]  # checked just above
            message=self.text(obj, "message", where),
            fact=self.text(obj, "fact", where),
            fact_key=self.text(obj, "fact_key", where),
            claims=self.list_of(obj, "claims", where, self.claim),
            description=self.text(obj, "description", where),
            notes=self.list_of(obj, "notes", where, self.note),
            reference=self.opt_text(obj, "reference", where),
            fingerprint=self.text(obj, "fingerprint", where),
            suppressions=self.list_of(obj, "suppressions", where, self.suppression)
            if "suppressions" in obj
            else (),
            confidence=_addition(obj, "confidence", str, ""),
            reasons=self.list_of(obj, "reasons", where, self.note) if "reasons" in obj else (),
        )

    def suppression(self, value: Any, where: str) -> Suppression:
        obj = self.obj(value, where)
        return Suppression(
            kind=self.text(obj, "kind", where),
            reason=self.text(obj, "reason", where),
            path=self.text(obj, "path", where),
            line=self.get(obj, "line", where, (int,)),
            column=self.get(obj, "column", where, (int,)),
            rules=self.list_of(obj, "rules", where, self.note),
        )

    def unused(self, value: Any, where: str) -> tuple[Suppression, str]:
        obj = self.obj(value, where)
        return self.suppression(obj, where), self.text(obj, "problem", where)

    def note(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, "expected a string")
        return value

    def fact(self, value: Any, where: str) -> Fact:
        obj = self.obj(value, where)
        evidence = obj.get("evidence", [])
        if isinstance(evidence, list):
            evidence = [
                self.note(e, f"{_join(where, 'evidence')}[{i}]") for i, e in enumerate(evidence)
            ]
        return Fact(
            key=self.text(obj, "key", where),
            label=self.text(obj, "label", where),
            kind=self.text(obj, "kind", where),
            unit=self.opt_text(obj, "unit", where),
            time=self.opt_text(obj, "time", where),
            claims=self.list_of(obj, "claims", where, self.claim),
            evidence=tuple(str(e) for e in evidence) if isinstance(evidence, list) else (),
        )

    def source(self, value: Any, where: str) -> Source:
        obj = self.obj(value, where)
        # The article text is not part of the report; renderers do not need it.
        return Source(
            path=self.text(obj, "path", where),
            text="",
            encoding=self.text(obj, "encoding", where),
            body=(),
            title=self.opt_text(obj, "title", where),
            outlet=self.opt_text(obj, "outlet", where),
            url=self.opt_text(obj, "url", where),
            published=self.day(obj, "published", where),
            published_basis=self.opt_text(obj, "published_basis", where),
            published_evidence=_addition(obj, "published_evidence", str, None),
            published_confidence=_addition(obj, "published_confidence", str, None),
        )

    def pack(self, value: Any, where: str) -> PackInfo:
        obj = self.obj(value, where)
        return PackInfo(
            name=self.text(obj, "name", where),
            path=self.text(obj, "path", where),
            sha256=self.text(obj, "sha256", where),
        )


def _check_schema(document: Any, reader: _Reader) -> Json:
    if not isinstance(document, dict) or "schema" not in document:
        raise reader.fail("", "not a factcheck JSON report (no 'schema' key)")
    schema = document["schema"]
    if not isinstance(schema, str):
        raise reader.fail("schema", "expected a string")
    name, _, version = schema.partition("@")
    if name != SCHEMA_NAME:
        raise reader.fail("", f"unknown schema {schema!r}")
    if version != str(SCHEMA_VERSION):
        raise FactcheckError(
            f"unsupported report version {schema!r}",
            path=reader.path,
            hint=f"this factcheck reads {SCHEMA}; use the factcheck that wrote the file",
        )
    return document


def report_from_file(path: str | Path, display: str | None = None) -> Report:
    """Read a saved JSON result from a file (regular files only, size-capped; see
    ``checker.files``) and rebuild the Report; ``display`` names it in errors."""
    shown = display if display is not None else str(path)
    return report_from_json(read_text(path, shown), shown)


def report_from_json(text: str, path: str | None = None) -> Report:
    """Rebuild a Report from ``render_json`` output.

    ``path`` names the file in errors.  Raises FactcheckError for invalid JSON, another
    schema or version, or a missing or mistyped field (naming where it is).
    """
    reader = _Reader(path)
    document = loads(text, path or "<json>", parse_float=Decimal)
    top = _check_schema(document, reader)
    tool = reader.obj(top.get("tool"), "tool")
    facts = reader.list_of(top, "facts", "", reader.fact)
    claims = (
        reader.list_of(top, "claims", "", reader.claim)
        if "claims" in top
        else tuple(c for fact in facts for c in fact.claims)
    )
    return Report(
        sources=reader.list_of(top, "sources", "", reader.source),
        claims=claims,
        facts=facts,
        findings=reader.list_of(top, "findings", "", reader.finding),
        packs=reader.list_of(top, "packs", "", reader.pack),
        version=reader.text(tool, "version", "tool"),
        suppressed=reader.list_of(top, "suppressed", "", reader.finding)
        if "suppressed" in top
        else (),
        baseline_matched=reader.list_of(top, "baseline", "", reader.finding)
        if "baseline" in top
        else (),
        unused_suppressions=reader.list_of(top, "unused_suppressions", "", reader.unused)
        if "unused_suppressions" in top
        else (),
    )
