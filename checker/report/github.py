"""GitHub Actions workflow commands: one annotation per claim of each finding.

GitHub shows them on the pull request's changed lines and in the run summary.
"""

from __future__ import annotations

from checker.model import Report
from checker.report.common import RenderOptions, one_line, relative_path, sorted_findings

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's rules for the data part)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value (file, title): also ":" and ","."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, options: RenderOptions) -> str:
    """``::error file=PATH,line=L,col=C,title=RULE::message`` lines, one per claim."""
    lines = []
    for finding in sorted_findings(report.findings):
        command = COMMANDS.get(finding.severity, "notice")
        message = escape_data(one_line(finding.message))
        for claim in finding.claims:
            properties = ",".join(
                (
                    f"file={escape_property(relative_path(claim.source, options.root))}",
                    f"line={claim.line}",
                    f"col={claim.column}",
                    f"title={escape_property(finding.rule)}",
                )
            )
            lines.append(f"::{command} {properties}::{message}")
    return "".join(line + "\n" for line in lines)
