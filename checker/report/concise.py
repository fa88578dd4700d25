"""The concise listing: one line per finding, as ruff and Vale print for hooks and small
terminals::

    seeds/001.txt:13:412: error event-date-disagreement event: ASEM 5 is dated …

``path:line:col`` is the first claim the finding shows (the extremes that make the
conflict come first); the message is the rule's, on one line, its source lists already
capped by the engine.  The last lines count the findings and give the verdict.  Rules
are explained by ``factcheck rules explain RULE``, named once at the end.
"""

from __future__ import annotations

from checker.i18n import _, ngettext, severity_text
from checker.model import Report
from checker.report.common import (
    RenderOptions,
    counts_phrase,
    location,
    one_line,
    set_aside_phrase,
    severity_counts,
    shown_claims,
    sorted_findings,
    verdict_text,
)


def render_concise(report: Report, options: RenderOptions) -> str:
    """One ``path:line:col: severity rule-id message`` line per finding, then the summary."""
    lines = []
    findings = sorted_findings(report.findings)
    for finding in findings:
        shown, _hidden = shown_claims(finding, options.max_claims)
        where = location(shown[0], options.root) if shown else "-"
        severity = severity_text(finding.severity)
        lines.append(f"{where}: {severity} {finding.rule} {one_line(finding.message)}")
    total = len(findings)
    summary = ngettext("{n} finding", "{n} findings", total).format(n=total)
    summary += f" ({counts_phrase(severity_counts(findings))})"
    aside = set_aside_phrase(report)
    if aside:
        summary += f", {aside}"
    if lines:
        lines.append("")
    lines.append(summary)
    if findings:
        rules = ", ".join(dict.fromkeys(f.rule for f in findings))
        lines.append(_("Explained by: factcheck rules explain RULE ({rules})").format(rules=rules))
    lines.append(_("Verdict:") + " " + verdict_text(report, options.fail_on))
    return "\n".join(lines) + "\n"
