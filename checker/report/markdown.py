"""The Markdown audit report, written to be read on GitHub and kept in a repository.

Every piece of user text (titles, quotes, messages, labels) goes through ``md_escape``
so that an article cannot break a table or inject markup.  The output is
deterministic: no timestamp unless ``RenderOptions.generated`` is set.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import quote as url_quote

from checker.model import Claim, Fact, Finding, Report, Source
from checker.report.common import (
    TIME_KINDS,
    RenderOptions,
    agreeing_facts,
    basis_text,
    capped,
    claim_value,
    confidence_text,
    counts_phrase,
    date_text,
    finding_id,
    format_hedge,
    format_interval,
    format_time,
    more_claims_text,
    one_line,
    outlet_of,
    plural,
    quote_in_sentence,
    relative_path,
    severity_counts,
    shown_claims,
    sorted_findings,
    source_names,
    source_published,
    sources_by_path,
    split_description,
    tool_version,
)

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


def _source_link(path: str, line: int | None, options: RenderOptions) -> str:
    label = md_escape(f"{path}:{line}" if line is not None else path)
    if options.report_dir is None:
        return label
    href = _href(relative_path(path, options.report_dir))
    return md_link(label, f"{href}#L{line}" if line is not None else href)


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
            _source_link(claim.source, claim.line, options),
            md_escape(source.outlet) if source is not None and source.outlet else "",
            md_escape(source_published(source, claim)),
        )
        if part
    )
    # An escaped line never starts a block, so "> " + body stays one quote paragraph.
    return [f"> {body}", ">", f"> — {cite}"]


def _claim_row(claim: Claim, source: Source | None, options: RenderOptions) -> list[str]:
    interval = "" if claim.kind in TIME_KINDS else format_interval(claim, options.scales)
    return [
        md_cell(outlet_of(source) or claim.source),
        md_cell(source_published(source, claim)),
        _source_link(claim.source, claim.line, options),
        md_cell(claim_value(claim, options.scales)),
        md_cell(interval),
        md_cell(format_hedge(claim)),
        md_cell(claim.unit),
        md_cell(format_time(claim, source.published_basis if source else None)),
    ]


# ---------------------------------------------------------------- chart


def _chart_point(claim: Claim) -> Decimal | None:
    if claim.value is not None:
        return claim.value
    return claim.low if claim.low is not None else claim.high


_MERMAID_UNSAFE = str.maketrans({'"': "'", "`": "'", "<": "‹", ">": "›"})


def _mermaid_text(text: str) -> str:
    # Mermaid strings are double-quoted with no escape for the quote itself, and some
    # renderers read tags in labels as HTML: swap those characters for look-alikes.
    return one_line(text).translate(_MERMAID_UNSAFE)


def value_chart(
    fact_label: str, claims: tuple[Claim, ...], sources: dict[str, Source], options: RenderOptions
) -> list[str]:
    """A Mermaid xychart of value against publication date, or [] when it would not help.

    Drawn when the claims are figures (not dates) and come from two or more dates.
    """
    points = []
    for claim in claims:
        source = sources.get(claim.source)
        published = source.published if source and source.published else claim.published
        value = _chart_point(claim)
        if claim.kind in TIME_KINDS or published is None or value is None:
            return []
        basis = source.published_basis if source and source.published else None
        points.append((published, basis, outlet_of(source) or claim.source, value))
    if len({p[0] for p in points}) < 2:
        return []
    points.sort(key=lambda p: (p[0], p[2]))
    top = max(abs(v) for *_, v in points)
    word, factor = next(((w, f) for w, f in options.scales if top >= f), ("", 1))
    unit = " / ".join(dict.fromkeys(c.unit for c in claims if c.unit))
    axis = " ".join(part for part in (word, unit) if part) or "value"
    labels = ", ".join(
        f'"{_mermaid_text(f"{date_text(day, basis)} {name}")}"' for day, basis, name, _ in points
    )
    values = ", ".join(format((v / factor).normalize(), "f") for *_, v in points)
    return [
        "```mermaid",
        "xychart-beta",
        f'    title "{_mermaid_text(fact_label)}"',
        f"    x-axis [{labels}]",
        f'    y-axis "{_mermaid_text(axis)}"',
        f"    line [{values}]",
        "```",
    ]


# ---------------------------------------------------------------- sections


def _metadata(report: Report, options: RenderOptions) -> list[str]:
    lines = ["## Run", "", f"- Tool: factcheck {md_escape(tool_version(report, options))}"]
    if options.generated:
        lines.append(f"- Generated: {md_escape(options.generated)}")
    lines.append("")
    if report.packs:
        lines += ["### Rule packs", ""]
        rows = [[md_cell(p.name), md_cell(p.path), md_code(p.sha256[:12])] for p in report.packs]
        lines += _table(["Pack", "Path", "SHA-256"], rows)
        lines.append("")
    lines += ["### Sources", ""]
    rows = []
    for number, source in enumerate(report.sources, start=1):
        rows.append(
            [
                str(number),
                _source_link(source.path, None, options),
                md_cell(source.title),
                md_cell(source.outlet),
                md_cell(date_text(source.published, source.published_basis)),
                md_cell(basis_text(source.published_basis)),
            ]
        )
    lines += _table(["#", "File", "Title", "Outlet", "Published", "Date basis"], rows, "r")
    return [*lines, ""]


def _summary(
    report: Report, findings: list[Finding], anchors: dict[int, str], options: RenderOptions
) -> list[str]:
    sources = sources_by_path(report)
    counts = severity_counts(report.findings)
    lines = [
        "## Summary",
        "",
        f"{plural(len(report.sources), 'source')}, {plural(len(report.claims), 'claim')} "
        f"extracted, {plural(len(report.facts), 'fact')} aligned.",
        "",
        f"Findings: {counts_phrase(counts)}; {len(report.suppressed)} suppressed, "
        f"{len(report.baseline_matched)} accepted in the baseline.",
        "",
    ]
    if not findings:
        return [*lines, "No findings.", ""]
    rows = []
    for index, finding in enumerate(findings):
        href = f"#{anchors[index]}"
        rows.append(
            [
                md_link(str(index + 1), href),
                finding.severity,
                md_cell(finding.rule),
                md_link(md_cell(finding.fact), href),
                md_cell(capped(source_names(finding, sources), options.max_claims)),
            ]
        )
    lines += _table(["#", "Severity", "Rule", "Fact", "Sources"], rows, "r")
    return [*lines, ""]


def _finding_section(
    number: int, finding: Finding, anchor: str, report: Report, options: RenderOptions
) -> list[str]:
    sources = sources_by_path(report)
    lines = [
        f'<a name="{anchor}"></a>',
        "",
        f"### {number}. {_heading_text(finding.fact)}",
        "",
        f"**{finding.severity}** · rule {md_code(finding.rule)} · fact key "
        f"{md_code(finding.fact_key)} · fingerprint {md_code(finding_id(finding))}",
        "",
        md_escape(one_line(finding.message)),
        "",
    ]
    header = ["Source", "Published", "Where", "Says", "Range", "Hedge", "Unit", "Time"]
    shown, hidden = shown_claims(finding, options.max_claims)
    rows = [_claim_row(c, sources.get(c.source), options) for c in shown]
    lines += [*_table(header, rows), ""]
    if hidden:
        more = more_claims_text(finding, shown, hidden).removesuffix(")")
        where = f" and the claims CSV, fact key {md_code(finding.fact_key)})"
        lines += [md_escape(more) + (where if options.claims_csv_name else ")"), ""]
    for claim in shown:
        lines += [*_quote_block(claim, sources.get(claim.source), options), ""]
    for label, body in split_description(finding.description):
        title = "Suggested action" if label == "What to do" else label
        lines += [f"**{title}:** {md_escape(body)}" if title else md_escape(body), ""]
    confidence = confidence_text(finding)
    if confidence:
        lines += [f"**Confidence:** {md_escape(one_line(confidence))}", ""]
    if finding.notes:
        lines += ["**Notes:**", ""]
        lines += [f"- {md_escape(one_line(note))}" for note in finding.notes]
        lines.append("")
    if finding.reference:
        lines += [f"**Reference value:** {md_escape(one_line(finding.reference))}", ""]
    chart = value_chart(finding.fact, tuple(shown), sources, options)
    if chart:
        lines += [*chart, ""]
    return lines


def _agreeing(report: Report, options: RenderOptions) -> list[str]:
    facts = agreeing_facts(report)
    lines = ["## Facts the sources agree on", ""]
    if not facts:
        return [*lines, "None: no fact was stated by two sources without a finding.", ""]
    sources = sources_by_path(report)
    rows = [_agreeing_row(fact, sources, options) for fact in facts]
    lines += _table(["Fact", "What the sources say", "Sources"], rows)
    return [*lines, ""]


def _agreeing_row(fact: Fact, sources: dict[str, Source], options: RenderOptions) -> list[str]:
    says = list(dict.fromkeys(claim_value(c, options.scales) for c in fact.claims))
    names = list(dict.fromkeys(outlet_of(sources.get(c.source)) or c.source for c in fact.claims))
    limit = options.max_claims
    return [md_cell(fact.label), md_cell(capped(says, limit, "; ")), md_cell(capped(names, limit))]


def _claims_link(report: Report, options: RenderOptions) -> list[str]:
    if not options.claims_csv_name:
        return []
    name = options.claims_csv_name
    return [
        "## Claims",
        "",
        f"All {plural(len(report.claims), 'extracted claim')} are listed in "
        f"{md_link(md_escape(name), _href(name))}.",
        "",
    ]


def render_markdown(report: Report, options: RenderOptions) -> str:
    """Render the audit report as GitHub Flavored Markdown."""
    findings = sorted_findings(report.findings)
    anchors = _anchors(findings)
    lines = [f"# {md_escape(one_line(options.title))}", ""]
    lines += _metadata(report, options)
    lines += _summary(report, findings, anchors, options)
    if findings:
        lines += ["## Findings", ""]
        for index, finding in enumerate(findings):
            lines += _finding_section(index + 1, finding, anchors[index], report, options)
    lines += _agreeing(report, options)
    lines += _claims_link(report, options)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
