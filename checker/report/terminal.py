"""The terminal report, laid out with rich.

Read top to bottom it is: what was read and the verdict; the sources (with their
titles); one block per finding; each rule's explanation once (not under every finding);
and the summary with the verdict again, so that the last screen says how the run ended.
It reads well at 80 columns and when piped: without colour the quote is still marked
(«like this») and no line is wider than ``RenderOptions.width``.  User text is always
passed as ``Text`` objects, never as rich markup, so brackets in articles stay verbatim.
Every text for people is in the run's language (checker.i18n).
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from checker.i18n import N_, _, ngettext, severity_text
from checker.model import Claim, Finding, Report, Source
from checker.report.common import (
    DESCRIPTION_PARTS,
    RenderOptions,
    agreeing_facts,
    capped,
    capped_sources,
    claim_reading,
    clipped,
    confidence_text,
    counts_phrase,
    date_text,
    distinct_names,
    fact_text,
    is_inferred,
    more_claims_text,
    one_line,
    quote_in_sentence,
    run_phrase,
    set_aside_phrase,
    severity_counts,
    shown_claims,
    sorted_findings,
    source_published,
    source_title,
    sources_by_path,
    split_description,
    tool_version,
    verdict_exit,
    verdict_text,
)

INFERRED_STAR = "*"
SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
QUOTE_OPEN, QUOTE_CLOSE = "«", "»"
INDENT = 2
TITLE_CHARS = 60  # a title is cut to this length in the sources table


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

# The labels of a rule's explanation, by the part's meaning (checker.report.common).
PART_LABELS = {"what": N_("What"), "why": N_("Why it matters"), "todo": N_("What to do")}


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
    return Text(severity_text(severity).upper(), style=SEVERITY_STYLES.get(severity, "bold"))


def _short_date(source: Source) -> str:
    # A star instead of "(inferred)" keeps the sources table within 80 columns.
    if source.published is None:
        return _("unknown")
    star = INFERRED_STAR if is_inferred(source.published_basis) else ""
    return date_text(source.published, source.published_basis) + star


def _verdict(report: Report, options: RenderOptions) -> Text:
    style = "bold red" if verdict_exit(report, options.fail_on) else "bold green"
    verdict = verdict_text(report, options.fail_on)
    return Text.assemble((_("Verdict:") + " ", "bold"), (verdict, style))


def _findings_line(report: Report) -> Text:
    line = Text.assemble((_("Findings:") + " ", "bold"))
    line.append(counts_phrase(severity_counts(report.findings)))
    aside = set_aside_phrase(report)
    if aside:
        line.append(f" ({aside})")
    return line


def _head(report: Report, options: RenderOptions) -> list[RenderableType]:
    # Text.assemble styles each part; a Text's own style would cover the whole line.
    head = Text.assemble((f"factcheck {tool_version(report, options)}", "bold"))
    head.append(" — " + run_phrase(report))
    return [head, _findings_line(report), _verdict(report, options)]


def _sources(report: Report, options: RenderOptions) -> list[RenderableType]:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    table.add_column(_("Published"), no_wrap=True)
    table.add_column(_("Outlet"), overflow="fold", max_width=16)
    table.add_column(_("File · title"), overflow="fold")
    shown = report.sources[: options.max_sources]
    for source in shown:
        cell = Text(source.path)
        title = _cut(source_title(source), TITLE_CHARS)
        if title:
            # Beside the path: a hash file name says nothing, the title says what it is.
            cell.append("\n")
            cell.append(f"“{title}”", style="dim")
        table.add_row(Text(_short_date(source)), Text(source.outlet or "—"), cell)
    parts: list[RenderableType] = [table]
    hidden = len(report.sources) - len(shown)
    if hidden:
        parts.append(Text(_more_sources(hidden), style="dim"))
    if any(is_inferred(s.published_basis) for s in report.sources):
        note = f"{INFERRED_STAR} " + _("date inferred from the article text")
        parts.append(Text(note, style="dim"))
    return parts


def _more_sources(hidden: int) -> str:
    return ngettext("… and {n} more source", "… and {n} more sources", hidden).format(n=hidden)


def _quoted_sentence(claim: Claim, options: RenderOptions) -> Text:
    before, match, after = quote_in_sentence(claim.sentence, claim.quote, options.context_chars)
    text = Text(before)
    if match:
        text.append(f"{QUOTE_OPEN}{clipped(match)}{QUOTE_CLOSE}", style="bold yellow")
        text.append(after)
    else:
        text.append(f" {QUOTE_OPEN}{clipped(claim.quote)}{QUOTE_CLOSE}", style="bold yellow")
    return text


def _basis(source: Source | None) -> str | None:
    return source.published_basis if source is not None else None


def _claim_block(claim: Claim, source: Source | None, options: RenderOptions) -> RenderableType:
    where = Text(f"{claim.source}:{claim.line}:{claim.column}", style="bold")
    # The outlet, the date and the title: never the file name again (it is just above).
    title = source_title(source)
    origin = " · ".join(
        part
        for part in (
            source.outlet if source is not None else "",
            source_published(source, claim),
            f"“{_cut(title, TITLE_CHARS)}”" if title else "",
        )
        if part
    )
    reading = Text(_("reads:") + " ", style="dim")
    reading.append(claim_reading(claim, options.scales, _basis(source)))
    origin_line = Text(origin, style="dim", no_wrap=True, overflow="ellipsis")
    body = Group(origin_line, _quoted_sentence(claim, options), reading)
    return Group(where, Padding(body, (0, 0, 0, INDENT)))


def _finding_block(finding: Finding, report: Report, options: RenderOptions) -> RenderableType:
    sources = sources_by_path(report)
    label = fact_text(finding)
    message = one_line(finding.message)
    title = Text.assemble(_severity(finding.severity), " ", (finding.rule, "bold"))
    parts: list[RenderableType] = [Rule(style="dim"), title]
    if label not in message:
        # The message names the fact in most packs; a label said twice only takes room.
        parts.append(Text(label, style="bold"))
    parts += [Text(message), Text("")]
    shown, hidden = shown_claims(finding, options.max_claims)
    for claim in shown:
        parts.append(_claim_block(claim, sources.get(claim.source), options))
    if hidden:
        parts.append(Text(more_claims_text(finding, shown, hidden), style="dim"))
    confidence = confidence_text(finding)
    if confidence:
        parts.append(Text.assemble((_("Confidence:") + " ", "bold"), confidence))
    for note in finding.notes:
        parts.append(Text.assemble((_("Note:") + " ", "bold"), one_line(note)))
    if finding.reference:
        parts.append(Text.assemble((_("Reference:") + " ", "bold"), finding.reference))
    return Group(*parts)


def _explanations(findings: list[Finding]) -> list[RenderableType]:
    """Each rule's explanation once, in the order the rules first appear."""
    by_rule: dict[str, str] = {}
    for finding in findings:
        if finding.description:
            by_rule.setdefault(finding.rule, finding.description)
    if not by_rule:
        return []
    parts: list[RenderableType] = [Rule(style="dim"), Text(_("The rules explained"), "bold")]
    for rule, description in by_rule.items():
        parts += [Text(""), Text(rule, style="bold")]
        for label, body in split_description(description):
            meaning = DESCRIPTION_PARTS.get(label)
            shown = _(PART_LABELS[meaning]) if meaning else label
            line = Text.assemble((f"{shown}: " if shown else "", "bold"), body)
            parts.append(Padding(line, (0, 0, 0, INDENT)))
    return parts


def _agreeing(report: Report, options: RenderOptions) -> list[RenderableType]:
    facts = agreeing_facts(report)
    title = Text(_("Facts the sources agree on"), "bold")
    parts: list[RenderableType] = [Rule(style="dim"), title]
    if not facts:
        return [*parts, Text(_("none"))]
    sources = sources_by_path(report)
    table = Table(box=box.SIMPLE_HEAD, show_header=True, header_style="bold", pad_edge=False)
    table.add_column(_("Fact"), overflow="fold", ratio=2)
    table.add_column(_("Sources say"), overflow="fold", ratio=2)
    table.add_column(_("Sources"), overflow="fold", ratio=1)
    for fact in facts:
        says = list(
            dict.fromkeys(
                claim_reading(c, options.scales, _basis(sources.get(c.source))) for c in fact.claims
            )
        )
        names = capped_sources(distinct_names(fact.claims, sources), options.max_claims)
        table.add_row(
            Text(fact_label_text(fact.label)),
            Text(capped(says, options.max_claims, "; ")),
            Text(names),
        )
    return [*parts, table]


def fact_label_text(label: str) -> str:
    """A fact's label in the run's language."""
    from checker.align import display_label

    return display_label(label)


def _summary(report: Report, options: RenderOptions) -> list[RenderableType]:
    """The closing lines: counts and verdict, the last thing on the screen."""
    head = Text.assemble((_("Summary:") + " ", "bold"), run_phrase(report))
    return [Rule(style="dim"), head, _findings_line(report), _verdict(report, options)]


def render_terminal(report: Report, options: RenderOptions) -> str:
    """Render the report for a terminal; ANSI styles only when ``options.color``."""
    console = _console(options)
    findings = sorted_findings(report.findings)
    for part in _head(report, options):
        console.print(part)
    console.print()
    for part in _sources(report, options):
        console.print(part)
    for finding in findings:
        console.print()
        console.print(_finding_block(finding, report, options))
    if options.verbose:
        console.print()
        for part in _agreeing(report, options):
            console.print(part)
    explained = _explanations(findings)
    if explained:
        console.print()
        for part in explained:
            console.print(part)
    console.print()
    for part in _summary(report, options):
        console.print(part)
    text = console.export_text(styles=options.color)
    if not options.color:
        # Tables pad cells with spaces; trailing blanks only get in the way when piped.
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text

