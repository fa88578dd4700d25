"""The HTML audit report: one self-contained page an editor opens in a browser.

Everything is inline (CSS, a few lines of vanilla JavaScript, the charts as SVG) and a
Content-Security-Policy forbids the page any network request: it opens the same from
a laptop, a mail attachment or an air-gapped newsroom.  Each finding shows its chart
and the sources side by side, each quote highlighted in its sentence, with links from
the finding to each claim; filters by severity, rule and source hide the rest.  The
filters can be preset from the address: ``audit.html#severity=error&source=PATH``.

Every piece of text from an article or a rule pack is escaped; the output is
deterministic (no timestamp unless ``RenderOptions.generated`` is set).
"""

from __future__ import annotations

import re
from html import escape

from checker.i18n import N_, _, current_language, ngettext
from checker.model import Claim, Finding, Report, Source
from checker.outputs import MARKER
from checker.report.charts import chart_for, render_svg, source_name
from checker.report.common import (
    TIME_KINDS,
    RenderOptions,
    agreeing_facts,
    basis_text,
    claim_value,
    confidence_text,
    date_text,
    finding_id,
    format_hedge,
    format_interval,
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

_SENTENCE_CONTEXT = 400  # characters of the sentence kept on each side of a quote
_SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
_DESCRIPTION_TITLES = {
    "What": N_("What"),
    "Why it matters": N_("Why it matters"),
    "What to do": N_("Suggested action"),
}

# Texts written inside f-strings, where the catalog extractor cannot see them: marked
# here once, translated where they are used.
_IN_FSTRINGS = (
    N_("Verdict"), N_("Filters"), N_("Reading"), N_("Sources"), N_("all"), N_("rule"),
    N_("Appendix: run details"), N_("Facts the sources agree on"), N_("Confidence"),
    N_("Generated"), N_("No findings."), N_("Notes"), N_("Reference value"), N_("Rule packs"),
    N_("Tool"), N_("Why this matters"), N_("published"),
)  # fmt: skip

_CSS = """
:root { --error: #b3261e; --warning: #8a5a00; --info: #225e9c; --line: #d9d9d9; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  margin: 0; color: #1d1d1d; background: #f6f6f4; }
header, main, .block { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
header h1 { margin: 16px 0 4px; font-size: 1.5em; }
.verdict { font-size: 1.1em; margin: 4px 0 12px; }
.filters { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid
  var(--line); padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.filters label { display: flex; gap: 6px; align-items: center; }
.filters select { max-width: 22em; font: inherit; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--info);
  border-radius: 6px; margin: 16px 0; padding: 8px 16px 12px; }
.finding[data-severity="error"] { border-left-color: var(--error); }
.finding[data-severity="warning"] { border-left-color: var(--warning); }
.finding h2 { font-size: 1.15em; margin: 6px 0; }
.sev { display: inline-block; color: #fff; border-radius: 4px; padding: 0 6px; font-size: .8em;
  vertical-align: middle; text-transform: uppercase; background: var(--info); }
.sev-error { background: var(--error); } .sev-warning { background: var(--warning); }
.meta, .where, .reading { color: #555; font-size: .9em; }
.claim-links { padding-left: 1.2em; margin: 4px 0; }
.chart { overflow-x: auto; margin: 8px 0; }
.chart svg { max-width: 100%; height: auto; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 10px; }
.claim { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px;
  background: #fcfcfb; }
.claim:target { outline: 3px solid #f2b600; }
.claim h3 { font-size: 1em; margin: 2px 0; }
.claim blockquote { margin: 6px 0; }
mark { background: #ffe27a; padding: 0 2px; font-weight: 600; }
details { margin-top: 8px; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
code { font-size: .9em; }
footer { color: #555; }
"""

_JS = """
(function () {
  "use strict";
  var findings = Array.prototype.slice.call(document.querySelectorAll("section.finding"));
  var count = document.getElementById("filter-count");
  var names = ["severity", "rule", "source"];
  var selects = {};
  names.forEach(function (name) { selects[name] = document.getElementById("filter-" + name); });
  function matches(finding) {
    var severity = selects.severity.value, rule = selects.rule.value, source = selects.source.value;
    return (!severity || finding.getAttribute("data-severity") === severity) &&
      (!rule || finding.getAttribute("data-rule") === rule) &&
      (!source || finding.getAttribute("data-sources").split("\\n").indexOf(source) >= 0);
  }
  function apply() {
    var shown = 0;
    findings.forEach(function (finding) {
      var keep = matches(finding);
      finding.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{shown}", String(shown)).replace("{total}", String(findings.length));
    document.body.setAttribute("data-shown", String(shown));
  }
  function preset() {
    var wanted = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    names.forEach(function (name) {
      var value = wanted.get(name);
      if (value === null) { return; }
      var known = Array.prototype.some.call(selects[name].options, function (option) {
        return option.value === value;
      });
      if (known) { selects[name].value = value; }
    });
  }
  names.forEach(function (name) { selects[name].addEventListener("change", apply); });
  preset();
  apply();
})();
"""

_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^")]+)')


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG document made fit to sit inside a page: no XML prolog, and its ids (and the
    references to them) prefixed so that several charts never share one."""
    start = svg.find("<svg")
    body = _METADATA.sub("", svg[start:] if start >= 0 else svg)
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", body)


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _severity(severity: str) -> str:
    return _(_SEVERITIES[severity]) if severity in _SEVERITIES else severity


def _verdict(report: Report, findings: list[Finding]) -> str:
    counts = severity_counts(findings)
    sources = ngettext("{n} source", "{n} sources", len(report.sources)).format(
        n=len(report.sources)
    )
    if not findings:
        return _("no conflicts found across {sources}.").format(sources=sources)
    parts = [
        ngettext("{n} error", "{n} errors", counts["error"]).format(n=counts["error"]),
        ngettext("{n} warning", "{n} warnings", counts["warning"]).format(n=counts["warning"]),
        ngettext("{n} note", "{n} notes", counts["info"]).format(n=counts["info"]),
    ]
    facts = len({f.fact_key for f in findings})
    return ngettext(
        "{counts}: the sources disagree on {n} fact across {sources}.",
        "{counts}: the sources disagree on {n} facts across {sources}.",
        facts,
    ).format(counts=", ".join(parts), n=facts, sources=sources)


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    items = [f'<option value="">{_e(_("all"))}</option>']
    items += [f'<option value="{_e(value)}">{_e(text)}</option>' for value, text in options]
    return (
        f'<label>{_e(label)} <select id="filter-{name}" name="{name}">'
        + "".join(items)
        + "</select></label>"
    )


def _filters(findings: list[Finding], sources: dict[str, Source]) -> str:
    severities = [(s, _severity(s)) for s in _SEVERITIES if any(f.severity == s for f in findings)]
    rules = [(r, r) for r in sorted({f.rule for f in findings})]
    paths = list(dict.fromkeys(c.source for f in findings for c in f.claims))
    named = sorted(((p, source_name(sources.get(p), p)) for p in paths), key=lambda p: p[1])
    template = _("Showing {shown} of {total} findings")
    return (
        f'<nav class="filters" aria-label="{_e(_("Filters"))}">'
        + _select("severity", _("Severity"), severities)
        + _select("rule", _("Rule"), rules)
        + _select("source", _("Source"), named)
        + f'<output id="filter-count" data-template="{_e(template)}"></output></nav>'
    )


def _sentence(claim: Claim) -> str:
    before, match, after = quote_in_sentence(claim.sentence, claim.quote, _SENTENCE_CONTEXT)
    if not match:
        return f"{_e(before)} (<mark>{_e(one_line(claim.quote))}</mark>)"
    return f"{_e(before)}<mark>{_e(match)}</mark>{_e(after)}"


def _reading(claim: Claim, options: RenderOptions) -> str:
    if claim.kind in TIME_KINDS:
        return claim_value(claim, options.scales)
    parts = [format_interval(claim, options.scales), format_hedge(claim)]
    if claim.unit:
        parts.append(claim.unit)
    if claim.time:
        parts.append(time_words(claim.time))
    return " · ".join(part for part in parts if part)


def _location(claim: Claim) -> str:
    return f"{claim.source}:{claim.line}:{claim.column}"


def _claim_card(claim: Claim, anchor: str, source: Source | None, options: RenderOptions) -> str:
    href = relative_path(claim.source, options.report_dir)
    return (
        f'<article class="claim" id="{anchor}">'
        f"<h3>{_e(source_name(source, claim.source))}</h3>"
        f'<p class="where"><a href="{_e(href)}">{_e(_location(claim))}</a> · '
        f"{_e(_('published'))} {_e(source_published(source, claim))}</p>"
        f"<blockquote>{_sentence(claim)}</blockquote>"
        f'<p class="reading">{_e(_("Reading"))}: {_e(_reading(claim, options))}</p>'
        "</article>"
    )


def _finding(
    number: int, finding: Finding, sources: dict[str, Source], options: RenderOptions
) -> str:
    shown, hidden = shown_claims(finding, options.max_claims)
    anchors = [f"claim-{number}-{i}" for i in range(1, len(shown) + 1)]
    paths = "\n".join(dict.fromkeys(c.source for c in finding.claims))
    links = "".join(
        f'<li><a href="#{a}">{_e(_location(c))}</a> “{_e(one_line(c.quote))}” — '
        f"{_e(source_name(sources.get(c.source), c.source))}</li>"
        for a, c in zip(anchors, shown, strict=True)
    )
    parts = [
        f'<section class="finding" id="finding-{number}" data-severity="{_e(finding.severity)}"'
        f' data-rule="{_e(finding.rule)}" data-sources="{_e(paths)}">',
        f'<h2><span class="sev sev-{_e(finding.severity)}">{_e(_severity(finding.severity))}'
        f"</span> {number}. {_e(subject_label(finding))}</h2>",
        f'<p class="meta">{_e(_("rule"))} <code>{_e(finding.rule)}</code>'
        + (
            f" · {_e(_('Confidence'))}: {_e(confidence_text(finding))}"
            if finding.confidence
            else ""
        )
        + "</p>",
        f'<p class="message">{_e(one_line(finding.message))}</p>',
        f'<ul class="claim-links">{links}</ul>',
    ]
    if hidden:
        parts.append(f"<p>{_e(more_claims_text(finding, shown, hidden))}</p>")
    chart = chart_for(finding, number, sources, options)
    if chart is not None:
        parts.append(
            f'<figure class="chart">{inline_svg(render_svg(chart), f"c{number}")}</figure>'
        )
    cards = (
        _claim_card(c, a, sources.get(c.source), options)
        for a, c in zip(anchors, shown, strict=True)
    )
    parts.append(f'<div class="sides">{"".join(cards)}</div>')
    parts.append(_explanation(finding))
    parts.append("</section>")
    return "\n".join(part for part in parts if part)


def _explanation(finding: Finding) -> str:
    items = []
    for label, body in split_description(finding.description):
        title = _(_DESCRIPTION_TITLES[label]) if label in _DESCRIPTION_TITLES else label
        items.append(f"<p><b>{_e(title)}:</b> {_e(body)}</p>" if title else f"<p>{_e(body)}</p>")
    if finding.notes:
        notes = "".join(f"<li>{_e(one_line(n))}</li>" for n in finding.notes)
        items.append(f"<p><b>{_e(_('Notes'))}:</b></p><ul>{notes}</ul>")
    if finding.reference:
        items.append(f"<p><b>{_e(_('Reference value'))}:</b> {_e(one_line(finding.reference))}</p>")
    if not items:
        return ""
    return f"<details open><summary>{_e(_('Why this matters'))}</summary>{''.join(items)}</details>"


def _sources_table(report: Report, options: RenderOptions) -> str:
    rows = []
    for number, source in enumerate(report.sources, start=1):
        href = relative_path(source.path, options.report_dir)
        rows.append(
            f"<tr><td>{number}</td><td>{_e(source.title or '—')}</td>"
            f"<td>{_e(source.outlet or '—')}</td>"
            f"<td>{_e(date_text(source.published, source.published_basis))}</td>"
            f"<td>{_e(basis_text(source.published_basis))}</td>"
            f'<td><a href="{_e(href)}">{_e(source.path)}</a></td></tr>'
        )
    header = "".join(
        f"<th>{_e(h)}</th>"
        for h in (_("#"), _("Title"), _("Outlet"), _("Published"), _("Date basis"), _("File"))
    )
    return (
        f'<section class="block" id="sources"><h2>{_e(_("Sources"))}</h2>'
        f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _agreeing(report: Report) -> str:
    facts = agreeing_facts(report)
    if not facts:
        return ""
    rows = "".join(
        f"<tr><td>{_e(f.label.removeprefix('event: '))}</td>"
        f"<td>{_e('; '.join(dict.fromkeys(one_line(c.quote) for c in f.claims)))}</td></tr>"
        for f in facts
    )
    return (
        f'<section class="block" id="agreeing"><h2>{_e(_("Facts the sources agree on"))}</h2>'
        f"<table><tbody>{rows}</tbody></table></section>"
    )


def _appendix(report: Report, findings: list[Finding], options: RenderOptions) -> str:
    rows = "".join(
        f'<tr><td><a href="#finding-{i}">{i}</a></td><td><code>{_e(f.rule)}</code></td>'
        f"<td><code>{_e(f.fact_key)}</code></td><td><code>{_e(finding_id(f))}</code></td></tr>"
        for i, f in enumerate(findings, start=1)
    )
    packs = ", ".join(f"{p.name} ({p.sha256[:12]})" for p in report.packs)
    generated = f"<p>{_e(_('Generated'))}: {_e(options.generated)}</p>" if options.generated else ""
    return (
        f'<footer class="block"><details><summary>{_e(_("Appendix: run details"))}</summary>'
        f"<p>{_e(_('Tool'))}: factcheck {_e(tool_version(report, options))}"
        + (f" · {_e(_('Rule packs'))}: {_e(packs)}" if packs else "")
        + f"</p>{generated}"
        + (f"<table><tbody>{rows}</tbody></table>" if rows else "")
        + "</details></footer>"
    )


def render_html(report: Report, options: RenderOptions) -> str:
    """The audit report as one self-contained HTML page, in the current language."""
    findings = sorted_findings(report.findings)
    sources = sources_by_path(report)
    title = _e(_("Fact-check report"))
    body = [
        f"<header><h1>{title}</h1>",
        f'<p class="verdict"><b>{_e(_("Verdict"))}:</b> {_e(_verdict(report, findings))}</p>',
        "</header>",
        _filters(findings, sources),
        "<main>",
    ]
    if findings:
        body += [_finding(i, f, sources, options) for i, f in enumerate(findings, start=1)]
    else:
        body.append(f"<p>{_e(_('No findings.'))}</p>")
    body += ["</main>", _sources_table(report, options), _agreeing(report)]
    body.append(_appendix(report, findings, options))
    policy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
    return "\n".join(
        [
            MARKER,
            "<!DOCTYPE html>",
            f'<html lang="{current_language()}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            *[part for part in body if part],
            f"<script>{_JS}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


__all__ = ["inline_svg", "render_html"]
