"""GitHub Actions workflow commands: annotations on the claims of each finding.

GitHub shows them on the pull request's changed lines and in the run summary, but at
most 10 errors, 10 warnings and 10 notices per step; the rest are dropped without a
word.  So at most ``ANNOTATIONS_PER_KIND`` of each are printed, chosen so that as many
findings as possible get one (the first claim of every finding before the second of
any), followed by one notice that counts what was left out and says where it is.
"""

from __future__ import annotations

from checker.model import Claim, Finding, Report
from checker.report.common import (
    RenderOptions,
    one_line,
    plural,
    relative_path,
    shown_claims,
    sorted_findings,
)

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
# What GitHub shows of each kind of annotation per step.
ANNOTATIONS_PER_KIND = 10
SUMMARY_TITLE = "factcheck"


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's rules for the data part)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value (file, title): also ":" and ","."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(command: str, finding: Finding, claim: Claim, options: RenderOptions) -> str:
    properties = ",".join(
        (
            f"file={escape_property(relative_path(claim.source, options.root))}",
            f"line={claim.line}",
            f"col={claim.column}",
            f"title={escape_property(finding.rule)}",
        )
    )
    return f"::{command} {properties}::{escape_data(one_line(finding.message))}"


def _round_robin(per_finding: list[list[Claim]], budget: int) -> set[tuple[int, int]]:
    """(finding, claim) positions to annotate: every finding's first claim, then every
    finding's second, ... until ``budget`` is spent."""
    chosen: set[tuple[int, int]] = set()
    depth = 0
    while len(chosen) < budget and any(depth < len(claims) for claims in per_finding):
        for index, claims in enumerate(per_finding):
            if depth < len(claims) and len(chosen) < budget:
                chosen.add((index, depth))
        depth += 1
    return chosen


def render_github(report: Report, options: RenderOptions) -> str:
    """``::error file=PATH,line=L,col=C,title=RULE::message`` lines, then a summary notice
    when GitHub's limit of annotations per step left some out."""
    findings = sorted_findings(report.findings)
    by_command: dict[str, list[tuple[Finding, list[Claim]]]] = {}
    for finding in findings:
        command = COMMANDS.get(finding.severity, "notice")
        shown, _ = shown_claims(finding, options.max_claims)
        by_command.setdefault(command, []).append((finding, shown))
    wanted = {command: sum(len(c) for _, c in items) for command, items in by_command.items()}
    overflow = any(n > ANNOTATIONS_PER_KIND for n in wanted.values())
    lines: list[str] = []
    printed: dict[str, int] = {}
    for command in ("error", "warning", "notice"):
        items = by_command.get(command, [])
        budget = ANNOTATIONS_PER_KIND
        if command == "notice" and overflow:
            budget -= 1  # the summary is a notice too
        chosen = _round_robin([claims for _, claims in items], budget)
        for index, (finding, claims) in enumerate(items):
            for depth, claim in enumerate(claims):
                if (index, depth) in chosen:
                    lines.append(_annotation(command, finding, claim, options))
        printed[command] = len(chosen)
    if any(wanted.get(c, 0) > printed.get(c, 0) for c in wanted):
        lines.append(_summary(report, wanted, printed))
    return "".join(line + "\n" for line in lines)


def _summary(report: Report, wanted: dict[str, int], printed: dict[str, int]) -> str:
    names = {"error": "error", "warning": "warning", "notice": "notice"}
    parts = [
        f"{printed.get(command, 0)} of {plural(wanted[command], names[command] + ' annotation')}"
        for command in ("error", "warning", "notice")
        if wanted.get(command, 0) > printed.get(command, 0)
    ]
    message = (
        f"{' and '.join(parts)} shown (GitHub shows at most {ANNOTATIONS_PER_KIND} of each kind"
        f" per step); all {plural(len(report.findings), 'finding')} are in the JSON result"
        " (--json FILE) and the Markdown report (--report FILE)"
    )
    return f"::notice title={escape_property(SUMMARY_TITLE)}::{escape_data(message)}"
