"""The Markdown audit report, written to be read on GitHub and kept in a repository.

Every piece of user text (titles, quotes, messages, labels) goes through ``md_escape``
so that an article cannot break a table or inject markup.  The output is
deterministic: no timestamp unless ``RenderOptions.generated`` is set.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import quote as url_quote

from checker.i18n import N_, _, ngettext
from checker.model import Claim, Fact, Finding, Report, Source
from checker.report.charts import chart_file_name, plan_charts, scale_for, source_name
from checker.report.common import (
    TIME_KINDS,
    RenderOptions,
    agreeing_facts,
    basis_text,
    capped,
    claim_value,
    confidence_text,
    date_text,
    finding_id,
    format_hedge,
    format_number,
    more_claims_text,
    one_line,
    quote_in_sentence,
    relative_path,
    severity_counts,
    shown_claims,
    sorted_findings,
    source_published,
    sources_by_path,
    split_description,
    tool_version,
)
from checker.report.subject import subject_label, time_words

# Texts written inside f-strings, where the catalog extractor cannot see them: marked
# here once, translated where they are used.
_IN_FSTRINGS = (
    N_("Verdict"), N_("Summary"), N_("Sources"), N_("Findings"), N_("rule"), N_("Confidence"),
    N_("Notes"), N_("Reference value"), N_("Facts the sources agree on"), N_("Claims"),
    N_("Appendix: run details"), N_("Tool"), N_("Generated"), N_("Rule packs"),
    N_("Finding keys"), N_("No findings."),
)  # fmt: skip

# ---------------------------------------------------------------- escaping

# Characters that start inline markup anywhere in a line (GitHub Flavored Markdown).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# An "&" that would be read as an HTML entity ("&amp;", "&#123;").
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Things that make a block of their own when they open a line: a heading mark ("#"),
# a bullet ("- ", "+ "), an ordered-list number ("1. ", "1) "), or a line of dashes or
# equals signs (a rule or a setext underline).  ">" and "*" are escaped everywhere.
_LINE_START = re.compile(r"^(\s*)(?:(#|[+-](?=\s|$))|(\d{1,9})([.)])(?=\s|$)|([=-])(?=[=-]*\s*$))")


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark, digits, dot, rule = match.groups()
    if digits:
        # Only punctuation can be backslash-escaped, so a list number escapes its dot.
        return f"{indent}{digits}\\{dot}"
    return f"{indent}\\{mark or rule}"


def md_escape(text: str) -> str:
    """Escape user text for Markdown so that it renders as written.

    Inline markup characters are backslash-escaped everywhere; list bullets, list
    numbers, heading marks and underlines are escaped where they open a line.
    """
    escaped = _ENTITY.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", text))
    return "\n".join(_LINE_START.sub(_escape_line_start, line) for line in escaped.split("\n"))


def md_cell(text: str | None) -> str:
    """Escape text for a table cell: one line, pipes escaped, never empty."""
    cleaned = one_line(text or "")
    return md_escape(cleaned) if cleaned else "—"


def md_code(text: str) -> str:
    """Inline code when the text allows it, else escaped plain text."""
    if text and "`" not in text and "\n" not in text and "|" not in text:
        return f"`{text}`"
    return md_escape(text)


def md_link(text: str, href: str) -> str:
    """A link with escaped text; ``href`` must already be a URL."""
    return f"[{text}]({href})"


def _href(path: str) -> str:
    # Percent-encode so that spaces, parentheses and Vietnamese letters survive.
    return url_quote(path, safe="/#.-_~")


def anchor_of(finding: Finding) -> str:
    """The HTML anchor of a finding's section: stable as long as the finding is."""
    return f"finding-{finding_id(finding)}"


def _anchors(findings: list[Finding]) -> dict[int, str]:
    # Two findings could share a fingerprint (same rule, fact and claims); keep anchors
    # unique in document order.
    seen: dict[str, int] = {}
    anchors: dict[int, str] = {}
    for index, finding in enumerate(findings):
        base = anchor_of(finding)
        seen[base] = seen.get(base, 0) + 1
        anchors[index] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return anchors


# ---------------------------------------------------------------- pieces


def _heading_text(text: str) -> str:
    escaped = md_escape(one_line(text))
    # A heading's trailing "#"s are read as its closing sequence and dropped.
    return escaped[:-1] + "\\#" if escaped.endswith("#") else escaped


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GFM table; ``align`` has one letter per column: "r" right, anything else left."""
    marks = ["---:" if align[i : i + 1] == "r" else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _file_link(path: str, options: RenderOptions) -> str:
    label = md_escape(path)
    if options.report_dir is None:
        return label
    return md_link(label, _href(relative_path(path, options.report_dir)))


def _source_link(claim: Claim, options: RenderOptions) -> str:
    """``path:line:col``, linked to the line when the report knows where it is written."""
    label = md_escape(f"{claim.source}:{claim.line}:{claim.column}")
    if options.report_dir is None:
        return label
    href = _href(relative_path(claim.source, options.report_dir))
    return md_link(label, f"{href}#L{claim.line}")


def _emphasise(before: str, quote: str, after: str) -> str:
    """Bold the quote inside its sentence (all three parts already escaped).

    ``**`` only works next to a word character when the quote does not start or end
    with punctuation (CommonMark flanking rules); ``<b>`` always works on GitHub.
    """
    opens_badly = bool(before) and before[-1].isalnum() and not quote[:1].isalnum()
    closes_badly = bool(after) and after[0].isalnum() and not quote[-1:].isalnum()
    if opens_badly or closes_badly:
        return f"{before}<b>{quote}</b>{after}"
    return f"{before}**{quote}**{after}"


def _quote_block(claim: Claim, source: Source | None, options: RenderOptions) -> list[str]:
    before, match, after = quote_in_sentence(claim.sentence, claim.quote, options.context_chars * 2)
    if match:
        body = _emphasise(md_escape(before), md_escape(match), md_escape(after))
    else:
        body = f"{md_escape(before)} (**{md_escape(one_line(claim.quote))}**)"
    cite = ", ".join(
        part
        for part in (
            _source_link(claim, options),
            md_escape(source_name(source, claim.source)),
            md_escape(source_published(source, claim)),
        )
        if part
    )
    # An escaped line never starts a block, so "> " + body stays one quote paragraph.
    return [f"> {body}", ">", f"> — {cite}"]


def _claim_row(
    claim: Claim, source: Source | None, factor: int, options: RenderOptions
) -> list[str]:
    reading = "" if claim.kind in TIME_KINDS else scaled_interval(claim, factor)
    return [
        md_cell(source_name(source, claim.source)),
        md_cell(source_published(source, claim)),
        _source_link(claim, options),
        md_cell(claim.quote),
        md_cell(claim_value(claim, options.scales) if claim.kind in TIME_KINDS else reading),
        md_cell(format_hedge(claim)),
        md_cell(_time_cell(claim)),
    ]


def _time_cell(claim: Claim) -> str:
    if claim.kind in TIME_KINDS:
        return ""  # the reading is the time already: never the same label twice
    return time_words(claim.time) if claim.time in ("asof", "yearly") else claim.time or ""


def scaled_interval(claim: Claim, factor: int) -> str:
    """The claim's range in one scale shared by its column: "(2,607; +∞)" in tỷ."""
    low, high = claim.low, claim.high

    def number(value: Decimal) -> str:
        return format_number(value / factor)

    if low is not None and low == high and not (claim.low_open or claim.high_open):
        return "= " + number(low)
    left = "(−∞" if low is None else ("(" if claim.low_open else "[") + number(low)
    right = "+∞)" if high is None else number(high) + (")" if claim.high_open else "]")
    return f"{left}; {right}"


def _range_header(claims: list[Claim], options: RenderOptions) -> tuple[str, int]:
    """The range column's header, naming its one scale and unit, and the scale's factor."""
    figures = [c for c in claims if c.kind not in TIME_KINDS]
    word, factor = scale_for([v for c in figures for v in (c.low, c.high) if v is not None],
                             options)  # fmt: skip
    units = list(dict.fromkeys(c.unit for c in figures if c.unit))
    measure = " ".join(part for part in (word, units[0] if len(units) == 1 else "") if part)
    if not figures:
        return _("Reading"), 1
    return (_("Reading ({measure})").format(measure=measure) if measure else _("Reading")), factor


# ---------------------------------------------------------------- sections


def _verdict(report: Report, findings: list[Finding]) -> list[str]:
    """The first line: what the run found, in one sentence."""
    counts = severity_counts(findings)
    sources = ngettext("{n} source", "{n} sources", len(report.sources)).format(
        n=len(report.sources)
    )
    if not findings:
        text = _("no conflicts found across {sources}.").format(sources=sources)
    else:
        parts = [
            ngettext("{n} error", "{n} errors", counts["error"]).format(n=counts["error"]),
            ngettext("{n} warning", "{n} warnings", counts["warning"]).format(n=counts["warning"]),
            ngettext("{n} note", "{n} notes", counts["info"]).format(n=counts["info"]),
        ]
        facts = len({f.fact_key for f in findings})
        text = ngettext(
            "{counts}: the sources disagree on {n} fact across {sources}.",
            "{counts}: the sources disagree on {n} facts across {sources}.",
            facts,
        ).format(counts=", ".join(parts), n=facts, sources=sources)
    return [f"**{_('Verdict')}:** {md_escape(text)}", ""]


def _sources(report: Report, options: RenderOptions) -> list[str]:
    lines = [f"## {_('Sources')}", ""]
    rows = []
    for number, source in enumerate(report.sources, start=1):
        rows.append(
            [
                str(number),
                md_cell(source.title),
                md_cell(source.outlet),
                md_cell(date_text(source.published, source.published_basis)),
                md_cell(basis_text(source.published_basis)),
                _file_link(source.path, options),
            ]
        )
    header = [_("#"), _("Title"), _("Outlet"), _("Published"), _("Date basis"), _("File")]
    lines += _table(header, rows, "r")
    return [*lines, ""]


def _summary(
    report: Report, findings: list[Finding], anchors: dict[int, str], options: RenderOptions
) -> list[str]:
    sources = sources_by_path(report)
    lines = [
        f"## {_('Summary')}",
        "",
        md_escape(
            _("{sources}, {claims} extracted, {facts} aligned; {suppressed} suppressed, "
              "{accepted} accepted in the baseline.").format(
                sources=ngettext("{n} source", "{n} sources", len(report.sources)).format(
                    n=len(report.sources)),
                claims=ngettext("{n} claim", "{n} claims", len(report.claims)).format(
                    n=len(report.claims)),
                facts=ngettext("{n} fact", "{n} facts", len(report.facts)).format(
                    n=len(report.facts)),
                suppressed=len(report.suppressed),
                accepted=len(report.baseline_matched),
            )
        ),
        "",
    ]  # fmt: skip
    if not findings:
        return [*lines, _("No findings."), ""]
    rows = []
    for index, finding in enumerate(findings):
        href = f"#{anchors[index]}"
        names = list(dict.fromkeys(source_name(sources.get(c.source), c.source)
                                   for c in finding.claims))  # fmt: skip
        rows.append(
            [
                md_link(str(index + 1), href),
                _severity(finding.severity),
                md_link(md_cell(subject_label(finding)), href),
                md_cell(capped_names(names, options.max_claims)),
            ]
        )
    lines += _table([_("#"), _("Severity"), _("Fact"), _("Sources")], rows, "r")
    return [*lines, ""]


def capped_names(names: list[str], limit: int) -> str:
    """ "a, b, c … and 7 more sources": at most ``limit`` names, the rest counted."""
    if len(names) <= limit:
        return ", ".join(names)
    rest = len(names) - limit
    more = ngettext("… and {n} more source", "… and {n} more sources", rest).format(n=rest)
    return f"{', '.join(names[:limit])} {more}"


def _severity(severity: str) -> str:
    return {"error": _("error"), "warning": _("warning"), "info": _("info")}.get(severity, severity)


_DESCRIPTION_TITLES = {
    "What": N_("What"),
    "Why it matters": N_("Why it matters"),
    "What to do": N_("Suggested action"),
}


def _finding_section(
    number: int,
    finding: Finding,
    anchor: str,
    report: Report,
    options: RenderOptions,
    chart: str | None,
) -> list[str]:
    sources = sources_by_path(report)
    lines = [
        f'<a name="{anchor}"></a>',
        "",
        f"### {number}. {_heading_text(subject_label(finding))}",
        "",
        f"**{_severity(finding.severity)}** · {_('rule')} {md_code(finding.rule)}",
        "",
        md_escape(one_line(finding.message)),
        "",
    ]
    shown, hidden = shown_claims(finding, options.max_claims)
    range_header, factor = _range_header(shown, options)
    header = [_("Source"), _("Published"), _("Where"), _("Says"), range_header, _("Hedge"),
              _("Time")]  # fmt: skip
    rows = [_claim_row(c, sources.get(c.source), factor, options) for c in shown]
    lines += [*_table(header, rows), ""]
    if hidden:
        lines += [md_escape(more_claims_text(finding, shown, hidden)), ""]
    for claim in shown:
        lines += [*_quote_block(claim, sources.get(claim.source), options), ""]
    if chart:
        alt = _("Chart: {fact}").format(fact=one_line(subject_label(finding)))
        lines += [f"![{md_escape(alt)}]({_href(chart)})", ""]
    for label, body in split_description(finding.description):
        title = _(_DESCRIPTION_TITLES[label]) if label in _DESCRIPTION_TITLES else label
        lines += [f"**{md_escape(title)}:** {md_escape(body)}" if title else md_escape(body), ""]
    confidence = confidence_text(finding)
    if confidence:
        lines += [f"**{_('Confidence')}:** {md_escape(one_line(confidence))}", ""]
    if finding.notes:
        lines += [f"**{_('Notes')}:**", ""]
        lines += [f"- {md_escape(one_line(note))}" for note in finding.notes]
        lines.append("")
    if finding.reference:
        lines += [f"**{_('Reference value')}:** {md_escape(one_line(finding.reference))}", ""]
    return lines


def _agreeing(report: Report, options: RenderOptions) -> list[str]:
    facts = agreeing_facts(report)
    lines = [f"## {_('Facts the sources agree on')}", ""]
    if not facts:
        return [*lines, _("None: no fact was stated by two sources without a finding."), ""]
    sources = sources_by_path(report)
    rows = [_agreeing_row(fact, sources, options) for fact in facts]
    lines += _table([_("Fact"), _("What the sources say"), _("Sources")], rows)
    return [*lines, ""]


def _agreeing_row(fact: Fact, sources: dict[str, Source], options: RenderOptions) -> list[str]:
    says = list(dict.fromkeys(one_line(c.quote) for c in fact.claims))
    names = list(dict.fromkeys(source_name(sources.get(c.source), c.source) for c in fact.claims))
    limit = options.max_claims
    label = fact.label.removeprefix("event: ")
    return [md_cell(label), md_cell(capped(says, limit, "; ")), md_cell(capped_names(names, limit))]


def _claims_link(report: Report, options: RenderOptions) -> list[str]:
    if not options.claims_csv_name:
        return []
    name = options.claims_csv_name
    text = ngettext(
        "All {n} extracted claim is listed in {file}.",
        "All {n} extracted claims are listed in {file}.",
        len(report.claims),
    )
    link = md_link(md_escape(name), _href(name))
    return [f"## {_('Claims')}", "", text.format(n=len(report.claims), file=link), ""]


def _appendix(
    report: Report, findings: list[Finding], anchors: dict[int, str], options: RenderOptions
) -> list[str]:
    """What tools and auditors need, kept out of the editor's part: versions, pack
    hashes, fact keys and fingerprints (for baselines and ignore files)."""
    lines = [f"## {_('Appendix: run details')}", "",
             f"- {_('Tool')}: factcheck {md_escape(tool_version(report, options))}"]  # fmt: skip
    if options.generated:
        lines.append(f"- {_('Generated')}: {md_escape(options.generated)}")
    lines.append("")
    if report.packs:
        lines += [f"### {_('Rule packs')}", ""]
        rows = [[md_cell(p.name), md_cell(p.path), md_code(p.sha256[:12])] for p in report.packs]
        lines += _table([_("Pack"), _("Path"), "SHA-256"], rows)
        lines.append("")
    if findings:
        lines += [f"### {_('Finding keys')}", ""]
        rows = [
            [md_link(str(i + 1), f"#{anchors[i]}"), md_code(f.rule), md_code(f.fact_key),
             md_code(finding_id(f))]
            for i, f in enumerate(findings)
        ]  # fmt: skip
        lines += _table([_("#"), _("Rule"), _("Fact key"), _("Fingerprint")], rows, "r")
        lines.append("")
    return lines


def render_markdown(report: Report, options: RenderOptions) -> str:
    """Render the audit report as GitHub Flavored Markdown: the verdict first, the
    editor's part (summary, sources, findings with their charts, agreeing facts), then
    an appendix with what tools need (versions, hashes, keys, fingerprints)."""
    findings = sorted_findings(report.findings)
    anchors = _anchors(findings)
    charts = _chart_names(report, options)
    lines = [f"# {md_escape(one_line(options.title))}", ""]
    lines += _verdict(report, findings)
    lines += _summary(report, findings, anchors, options)
    lines += _sources(report, options)
    if findings:
        lines += [f"## {_('Findings')}", ""]
        for index, finding in enumerate(findings):
            section = _finding_section(
                index + 1, finding, anchors[index], report, options, charts.get(index + 1)
            )
            lines += section
    lines += _agreeing(report, options)
    lines += _claims_link(report, options)
    lines += _appendix(report, findings, anchors, options)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _chart_names(report: Report, options: RenderOptions) -> dict[int, str]:
    """The chart file of each finding number, when charts are written beside the report."""
    if not options.chart_stem:
        return {}
    return {c.number: chart_file_name(options.chart_stem, c) for c in plan_charts(report, options)}
