"""The terminal report, laid out with rich.

It reads well at 80 columns and when piped: without colour the quote is still marked
(«like this») and no line is wider than ``RenderOptions.width``.  User text is always
passed as ``Text`` objects, never as rich markup, so brackets in articles stay verbatim.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from checker.model import Claim, Finding, Report, Source
from checker.report.common import (
    RenderOptions,
    agreeing_facts,
    capped,
    claim_reading,
    confidence_text,
    counts_phrase,
    date_text,
    distinct_names,
    is_inferred,
    more_claims_text,
    outlet_of,
    plural,
    quote_in_sentence,
    severity_counts,
    shown_claims,
    sorted_findings,
    source_published,
    sources_by_path,
    split_description,
    tool_version,
)

INFERRED_STAR = "*"
SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
QUOTE_OPEN, QUOTE_CLOSE = "«", "»"
INDENT = 2


def _console(options: RenderOptions) -> Console:
    # Every setting is explicit so that the environment (TERM, COLUMNS, NO_COLOR,
    # FORCE_COLOR, a Jupyter kernel) cannot change the output.
    return Console(
        file=io.StringIO(),
        record=True,
        width=options.width,
        force_terminal=options.color,
        force_jupyter=False,
        force_interactive=False,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=False,
    )


def _severity(severity: str) -> Text:
    return Text(severity.upper(), style=SEVERITY_STYLES.get(severity, "bold"))


def _short_date(source: Source) -> str:
    # A star instead of "(inferred)" keeps the sources table within 80 columns.
    if source.published is None:
        return "unknown"
    star = INFERRED_STAR if is_inferred(source.published_basis) else ""
    return date_text(source.published, source.published_basis) + star


def _summary(report: Report, options: RenderOptions) -> list[RenderableType]:
    counts = severity_counts(report.findings)
    # Text.assemble styles each part; a Text's own style would cover the whole line.
    head = Text.assemble((f"factcheck {tool_version(report, options)}", "bold"))
    head.append(
        f" — {plural(len(report.sources), 'source')}, {plural(len(report.claims), 'claim')}"
        f" extracted, {plural(len(report.facts), 'fact')} aligned"
    )
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    table.add_column("Published", no_wrap=True)
    table.add_column("Outlet", overflow="fold", ratio=1)
    table.add_column("Source", overflow="fold", ratio=2)
    for source in report.sources:
        table.add_row(Text(_short_date(source)), Text(source.outlet or "—"), Text(source.path))
    parts: list[RenderableType] = [head, Text(""), table]
    if any(is_inferred(s.published_basis) for s in report.sources):
        parts.append(Text(f"{INFERRED_STAR} date inferred from the article text", style="dim"))
    findings = Text.assemble(("Findings: ", "bold"))
    findings.append(counts_phrase(counts))
    extra = []
    if report.suppressed:
        extra.append(f"{len(report.suppressed)} suppressed")
    if report.baseline_matched:
        extra.append(f"{len(report.baseline_matched)} in the baseline")
    if extra:
        findings.append(" (" + ", ".join(extra) + ")")
    return [*parts, Text(""), findings]


def _quoted_sentence(claim: Claim, options: RenderOptions) -> Text:
    before, match, after = quote_in_sentence(claim.sentence, claim.quote, options.context_chars)
    text = Text(before)
    if match:
        text.append(f"{QUOTE_OPEN}{match}{QUOTE_CLOSE}", style="bold yellow")
        text.append(after)
    else:
        text.append(f" {QUOTE_OPEN}{claim.quote}{QUOTE_CLOSE}", style="bold yellow")
    return text


def _basis(source: Source | None) -> str | None:
    return source.published_basis if source is not None else None


def _claim_block(claim: Claim, source: Source | None, options: RenderOptions) -> RenderableType:
    where = Text(f"{claim.source}:{claim.line}:{claim.column}", style="bold")
    origin = " · ".join(
        part for part in (outlet_of(source), source_published(source, claim)) if part
    )
    reading = Text("reads: ", style="dim")
    reading.append(claim_reading(claim, options.scales, _basis(source)))
    body = Group(Text(origin, style="dim"), _quoted_sentence(claim, options), reading)
    return Group(where, Padding(body, (0, 0, 0, INDENT)))


def _finding_block(finding: Finding, report: Report, options: RenderOptions) -> RenderableType:
    sources = sources_by_path(report)
    title = Text.assemble(_severity(finding.severity), " ", (finding.rule, "bold"))
    parts: list[RenderableType] = [
        Rule(style="dim"),
        title,
        Text(finding.fact, style="bold"),
        Text(finding.message),
        Text(""),
    ]
    shown, hidden = shown_claims(finding, options.max_claims)
    for claim in shown:
        parts.append(_claim_block(claim, sources.get(claim.source), options))
    if hidden:
        parts.append(Text(more_claims_text(finding, shown, hidden), style="dim"))
    parts.append(Text(""))
    for label, body in split_description(finding.description):
        line = Text.assemble((f"{label}: " if label else "", "bold"), body)
        parts.append(line)
    confidence = confidence_text(finding)
    if confidence:
        parts.append(Text.assemble(("Confidence: ", "bold"), confidence))
    for note in finding.notes:
        parts.append(Text.assemble(("Note: ", "bold"), note))
    if finding.reference:
        parts.append(Text.assemble(("Reference: ", "bold"), finding.reference))
    return Group(*parts)


def _agreeing(report: Report, options: RenderOptions) -> list[RenderableType]:
    facts = agreeing_facts(report)
    parts: list[RenderableType] = [Rule(style="dim"), Text("Facts the sources agree on", "bold")]
    if not facts:
        return [*parts, Text("none")]
    sources = sources_by_path(report)
    table = Table(box=box.SIMPLE_HEAD, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Fact", overflow="fold", ratio=2)
    table.add_column("Sources say", overflow="fold", ratio=2)
    table.add_column("Sources", overflow="fold", ratio=1)
    for fact in facts:
        says = list(
            dict.fromkeys(
                claim_reading(c, options.scales, _basis(sources.get(c.source))) for c in fact.claims
            )
        )
        names = capped(distinct_names(fact.claims, sources), options.max_claims)
        table.add_row(Text(fact.label), Text(capped(says, options.max_claims, "; ")), Text(names))
    return [*parts, table]


def render_terminal(report: Report, options: RenderOptions) -> str:
    """Render the report for a terminal; ANSI styles only when ``options.color``."""
    console = _console(options)
    for part in _summary(report, options):
        console.print(part)
    for finding in sorted_findings(report.findings):
        console.print()
        console.print(_finding_block(finding, report, options))
    if options.verbose:
        console.print()
        for part in _agreeing(report, options):
            console.print(part)
    text = console.export_text(styles=options.color)
    if not options.color:
        # Tables pad cells with spaces; trailing blanks only get in the way when piped.
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text
