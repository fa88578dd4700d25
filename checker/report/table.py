"""The plain listing: compiler-style lines that editors and ``grep`` understand.

One block per finding; each claim gets a ``path:line:col: severity rule: message`` line
followed by the quote, indented.  This is also what non-terminal default output is.
A finding lists at most ``RenderOptions.max_claims`` claims (the extremes that make the
conflict first) and counts the rest, so the output stays linear in the claims.
"""

from __future__ import annotations

from checker.model import Report
from checker.report.common import (
    RenderOptions,
    confidence_text,
    counts_phrase,
    location,
    more_claims_text,
    one_line,
    outlet_of,
    plural,
    severity_counts,
    shown_claims,
    sorted_findings,
    source_published,
    sources_by_path,
)


def render_table(report: Report, options: RenderOptions) -> str:
    """Render findings as ``path:line:col: severity rule: message`` blocks."""
    sources = sources_by_path(report)
    blocks = []
    for finding in sorted_findings(report.findings):
        message = one_line(finding.message)
        lines = []
        shown, hidden = shown_claims(finding, options.max_claims)
        for claim in shown:
            source = sources.get(claim.source)
            origin = ", ".join(p for p in (outlet_of(source), source_published(source, claim)) if p)
            lines.append(f"{location(claim)}: {finding.severity} {finding.rule}: {message}")
            lines.append(f"    {one_line(claim.quote)} — {origin}")
        if hidden:
            lines.append(f"    {more_claims_text(finding, shown, hidden)}")
        confidence = confidence_text(finding)
        if confidence:
            lines.append(f"    confidence {one_line(confidence)}")
        blocks.append("\n".join(lines))
    counts = severity_counts(report.findings)
    total = len(report.findings)
    summary = f"{plural(total, 'finding')} ({counts_phrase(counts)})"
    if report.suppressed:
        summary += f", {len(report.suppressed)} suppressed"
    if report.baseline_matched:
        summary += f", {len(report.baseline_matched)} in the baseline"
    summary += f" in {plural(len(report.sources), 'source')}"
    blocks.append(summary)
    return "\n\n".join(blocks) + "\n"
