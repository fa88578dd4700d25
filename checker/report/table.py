"""The plain listing: compiler-style lines that editors and ``grep`` understand.

One block per finding; each claim gets a ``path:line:col: severity rule: message`` line
followed by the quote, indented.  This is also what non-terminal default output is.
A finding lists at most ``RenderOptions.max_claims`` claims (the extremes that make the
conflict first) and counts the rest, so the output stays linear in the claims.
"""

from __future__ import annotations

from checker.i18n import _, ngettext, severity_text
from checker.model import Report
from checker.report.common import (
    RenderOptions,
    confidence_text,
    counts_phrase,
    location,
    more_claims_text,
    one_line,
    outlet_of,
    set_aside_phrase,
    severity_counts,
    shown_claims,
    sorted_findings,
    source_published,
    sources_by_path,
    verdict_text,
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
            severity = severity_text(finding.severity)
            lines.append(f"{location(claim)}: {severity} {finding.rule}: {message}")
            lines.append(f"    {one_line(claim.quote)} — {origin}")
        if hidden:
            lines.append(f"    {more_claims_text(finding, shown, hidden)}")
        confidence = confidence_text(finding)
        if confidence:
            lines.append("    " + _("confidence {text}").format(text=one_line(confidence)))
        blocks.append("\n".join(lines))
    counts = severity_counts(report.findings)
    total = len(report.findings)
    findings = ngettext("{n} finding", "{n} findings", total).format(n=total)
    summary = f"{findings} ({counts_phrase(counts)})"
    aside = set_aside_phrase(report)
    if aside:
        summary += f", {aside}"
    n_sources = len(report.sources)
    in_sources = ngettext("{n} source", "{n} sources", n_sources).format(n=n_sources)
    summary = _("{findings} in {sources}").format(findings=summary, sources=in_sources)
    blocks.append(summary + "\n" + _("Verdict:") + " " + verdict_text(report, options.fail_on))
    return "\n\n".join(blocks) + "\n"
