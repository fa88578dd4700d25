"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

One run; each finding is a result located at its first claim, with the other claims
as related locations.  Suppressed findings are results too, each with a ``suppressions``
entry (``inSource`` for a comment in the article, ``external`` for the ignore file) that
gives the reason, so dashboards can show them as dismissed.  Columns count Unicode code
points (``columnKind``), which is how factcheck counts them.
"""

from __future__ import annotations

import json
from typing import Any

from checker.model import Claim, Finding, Report, Source, Suppression
from checker.report.common import (
    RenderOptions,
    finding_id,
    one_line,
    outlet_of,
    relative_path,
    severity_rank,
    sorted_findings,
    source_published,
    sources_by_path,
    split_description,
    tool_version,
)
from checker.report.json_report import TOOL_NAME

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "factcheck/v2"  # the fingerprint recipe (checker.baseline)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

Json = dict[str, Any]


def _region(claim: Claim, source: Source | None = None) -> Json:
    region: Json = {"startLine": claim.line, "startColumn": claim.column}
    end_line, end_column = _end(claim, source)
    if end_line != claim.line:
        region["endLine"] = end_line
    region["endColumn"] = end_column
    region["snippet"] = {"text": claim.quote}
    return region


def _end(claim: Claim, source: Source | None) -> tuple[int, int]:
    """The line of the quote's last character and the column one past it."""
    positions = source.positions if source is not None else None
    if positions is not None and claim.end > claim.start:
        # An HTML page: the quote's last character is located in the file through the
        # page's map (tags, entities and line breaks may lie inside the quote there).
        end_line, last_column = positions.locate(claim.end - 1)
        if (end_line, last_column) >= (claim.line, claim.column):
            return end_line, last_column + 1
    quote_lines = claim.quote.split("\n")
    if len(quote_lines) == 1:
        return claim.line, claim.column + len(claim.quote)
    return claim.line + len(quote_lines) - 1, len(quote_lines[-1]) + 1


def _physical(claim: Claim, options: RenderOptions, source: Source | None = None) -> Json:
    return {
        "artifactLocation": {"uri": relative_path(claim.source, options.root)},
        "region": _region(claim, source),
    }


def _rule(finding: Finding, level: str) -> Json:
    parts = split_description(finding.description)
    short = parts[0][1] if parts else finding.rule
    full = " ".join(f"{label}: {body}" if label else body for label, body in parts)
    help_text = "\n\n".join(f"{label}: {body}" if label else body for label, body in parts)
    return {
        "id": finding.rule,
        "name": finding.rule,
        "shortDescription": {"text": short or finding.rule},
        "fullDescription": {"text": full or finding.rule},
        "help": {"text": help_text or finding.rule},
        "defaultConfiguration": {"level": level},
    }


def _rules(findings: list[Finding]) -> list[Json]:
    # A rule's level is the most severe one seen: a rule that another lowered (for a
    # fact that changes over time) still shows its own default.
    chosen: dict[str, Finding] = {}
    for finding in findings:
        seen = chosen.get(finding.rule)
        if seen is None or severity_rank(finding.severity) > severity_rank(seen.severity):
            chosen[finding.rule] = finding
    return [_rule(chosen[r], LEVELS.get(chosen[r].severity, "note")) for r in sorted(chosen)]


def _result(finding: Finding, index: int, report: Report, options: RenderOptions) -> Json:
    sources = sources_by_path(report)
    first, *others = finding.claims or (None,)
    result: Json = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS.get(finding.severity, "note"),
        "message": {"text": one_line(finding.message)},
    }
    if first is not None:
        where = _physical(first, options, sources.get(first.source))
        result["locations"] = [{"physicalLocation": where}]
    related = []
    for number, claim in enumerate(others, start=1):
        source = sources.get(claim.source)
        origin = ", ".join(p for p in (outlet_of(source), source_published(source, claim)) if p)
        related.append(
            {
                "id": number,
                "physicalLocation": _physical(claim, options, source),
                "message": {"text": f"{one_line(claim.quote)} ({origin})"},
            }
        )
    if related:
        result["relatedLocations"] = related
    if finding.suppressions:
        result["suppressions"] = [_suppression(s, options) for s in finding.suppressions]
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding_id(finding)}
    if finding.confidence:
        result["properties"] = {
            "confidence": finding.confidence,
            "reasons": list(finding.reasons),
        }
    return result


def _suppression(suppression: Suppression, options: RenderOptions) -> Json:
    region = {"startLine": max(1, suppression.line), "startColumn": max(1, suppression.column)}
    return {
        "kind": suppression.kind,
        "status": "accepted",
        "justification": suppression.reason,
        "location": {
            "physicalLocation": {
                "artifactLocation": {"uri": relative_path(suppression.path, options.root)},
                "region": region,
            }
        },
    }


def report_to_sarif(report: Report, options: RenderOptions) -> Json:
    """The SARIF log as a JSON-ready dict."""
    # The findings that count, then the suppressed ones (marked as such).
    findings = sorted_findings(report.findings) + sorted_findings(report.suppressed)
    rules = _rules(findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": tool_version(report, options),
                        "informationUri": options.information_uri,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule], report, options) for f in findings],
            }
        ],
    }


def render_sarif(report: Report, options: RenderOptions) -> str:
    """Render the report as a SARIF 2.1.0 log (ends with a newline)."""
    return json.dumps(report_to_sarif(report, options), ensure_ascii=False, indent=2) + "\n"
