"""Helpers shared by the renderers: options, ordering, and how values are written.

Everything here is pure and deterministic.  Numbers are written the Vietnamese way
("1.234" is one thousand two hundred and thirty-four, "4,75" is four point seven five),
because the people reading the reports read the articles in that notation.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from checker import __version__
from checker.baseline import finding_fingerprint
from checker.i18n import N_, _, ngettext
from checker.model import SEVERITY_ORDER, Claim, Fact, Finding, Report, Source

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

# Kinds whose "value" is a point in time; they are shown by their time, not a number.
TIME_KINDS = frozenset({"date", "period", "event"})

# Scale words used to shorten large figures for display ("4,75 tỷ").  Display only:
# the extractor reads the scale words from the rule packs, and a caller can pass its
# own table through ``RenderOptions.scales``.
DEFAULT_SCALES: tuple[tuple[str, int], ...] = (("tỷ", 10**9), ("triệu", 10**6))

# At most this many decimals after scaling; otherwise the figure is written in full,
# so that "1.234.567" does not become "1,234567 triệu".
_MAX_SCALED_DECIMALS = 3

INFERRED_MARK = "inferred"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to render a report.  Every renderer accepts all of these and ignores the rest."""

    width: int = 100  # terminal columns
    verbose: bool = False  # also show the facts the sources agree on
    color: bool = False  # ANSI styles (terminal only)
    version: str | None = None  # tool version; defaults to the report's, then the package's
    claims_csv_name: str | None = "claims.csv"  # CSV written beside the Markdown report
    chart_stem: str | None = None  # charts beside the Markdown report: {chart_stem}.chart-N.svg
    report_dir: str | None = None  # Markdown links to articles are relative to this folder
    root: str | None = None  # machine formats (SARIF, GitHub) give paths relative to this
    title: str = "Fact-check report"
    generated: str | None = None  # a timestamp to print; none by default (same input, same bytes)
    information_uri: str = "https://pypi.org/project/factcheck/"
    context_chars: int = 80  # sentence context kept on each side of a quote
    scales: tuple[tuple[str, int], ...] = DEFAULT_SCALES
    # Claims listed per finding (and sources named per fact) in the formats for people
    # (terminal, table, markdown, github); the rest are counted.  JSON and SARIF keep all.
    max_claims: int = 8
    # Sources listed in the terminal's table; the rest are counted (JSON keeps all).
    max_sources: int = 12
    # The run's --fail-on: the verdict line says what it makes of the findings.
    fail_on: str = "error"


def tool_version(report: Report, options: RenderOptions) -> str:
    """The version to print: the option, else the one recorded in the report."""
    return options.version or report.version or __version__


# ---------------------------------------------------------------- ordering and counts


def severity_rank(severity: str) -> int:
    """Higher is more severe; unknown severities sort last."""
    return SEVERITY_ORDER.get(severity, 0)


def finding_id(finding: Finding) -> str:
    """The finding's fingerprint, computed when the engine left it empty."""
    return finding_fingerprint(finding)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Error first, then by fact label, rule and fingerprint (a total, stable order)."""
    return sorted(
        findings,
        key=lambda f: (-severity_rank(f.severity), f.fact.casefold(), f.rule, finding_id(f)),
    )


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts per severity, always with the keys error, warning, info in that order."""
    counts: Counter[str] = Counter(f.severity for f in findings)
    return {sev: counts.get(sev, 0) for sev in SEVERITIES}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "error")`` -> "1 error", ``plural(2, "error")`` -> "2 errors"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def severity_count(severity: str, n: int) -> str:
    """ "1 error", "2 warnings", "0 info" in the run's language."""
    # Each call spelled out: the extractor reads the singular and plural forms from it.
    if severity == "error":
        return ngettext("{n} error", "{n} errors", n).format(n=n)
    if severity == "warning":
        return ngettext("{n} warning", "{n} warnings", n).format(n=n)
    if severity == "info":
        return ngettext("{n} info", "{n} info", n).format(n=n)
    return f"{n} {severity}"


def counts_phrase(counts: dict[str, int]) -> str:
    """ "1 error, 2 warnings, 0 info"."""
    return ", ".join(severity_count(sev, n) for sev, n in counts.items())


def failing(report: Report, fail_on: str) -> dict[str, int]:
    """Counts of the severities at or above ``fail_on`` (empty for "never")."""
    threshold = SEVERITY_ORDER.get(fail_on)
    if threshold is None or fail_on not in SEVERITIES:
        return {}
    counts = severity_counts(report.findings)
    return {sev: n for sev, n in counts.items() if SEVERITY_ORDER[sev] >= threshold}


def verdict_exit(report: Report, fail_on: str) -> int:
    """The exit code the run gives (as checker.cli.exit_code): 1 when a finding is at or
    above ``fail_on``, else 0."""
    return 1 if sum(failing(report, fail_on).values()) else 0


def verdict_text(report: Report, fail_on: str) -> str:
    """ "2 errors at or above --fail-on error → exit 1": what the run makes of it."""
    over = failing(report, fail_on)
    if fail_on not in SEVERITIES:  # "never"
        return _("--fail-on {level}: findings never fail the run → exit 0").format(level=fail_on)
    if not sum(over.values()):
        return _("no finding at or above --fail-on {level} → exit 0").format(level=fail_on)
    counted = ", ".join(severity_count(sev, n) for sev, n in over.items() if n)
    return _("{counted} at or above --fail-on {level} → exit 1").format(
        counted=counted, level=fail_on
    )


def run_phrase(report: Report) -> str:
    """ "5 sources, 200 claims extracted, 99 facts aligned"."""
    n_sources, n_claims, n_facts = len(report.sources), len(report.claims), len(report.facts)
    return _("{sources}, {claims} extracted, {facts} aligned").format(
        sources=ngettext("{n} source", "{n} sources", n_sources).format(n=n_sources),
        claims=ngettext("{n} claim", "{n} claims", n_claims).format(n=n_claims),
        facts=ngettext("{n} fact", "{n} facts", n_facts).format(n=n_facts),
    )


def set_aside_phrase(report: Report) -> str:
    """ "1 suppressed, 2 in the baseline" ("" when none was set aside)."""
    parts = []
    if report.suppressed:
        parts.append(_("{n} suppressed").format(n=len(report.suppressed)))
    if report.baseline_matched:
        parts.append(_("{n} in the baseline").format(n=len(report.baseline_matched)))
    return ", ".join(parts)


def agreeing_facts(report: Report) -> list[Fact]:
    """Facts stated by two or more sources on which no rule fired (kept or suppressed)."""
    flagged = {f.fact_key for f in (*report.findings, *report.suppressed, *report.baseline_matched)}
    facts = [
        fact
        for fact in report.facts
        if fact.key not in flagged and len({c.source for c in fact.claims}) >= 2
    ]
    return sorted(facts, key=lambda f: (f.label.casefold(), f.key))


def sources_by_path(report: Report) -> dict[str, Source]:
    """Map from a source's path to the source."""
    return {s.path: s for s in report.sources}


# ---------------------------------------------------------------- numbers


def format_number(value: Decimal) -> str:
    """Write a Decimal the Vietnamese way: "1.234", "4,75", "-1.058,5", "0,5".

    Trailing zeros are dropped and no exponent is ever written.
    """
    if not value.is_finite():
        raise ValueError(f"cannot format {value}")
    text = format(value.normalize(), "f")
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("-")
    whole, _, fraction = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + ".".join(groups)
    if fraction:
        result += "," + fraction
    return "0" if result in ("-0", "") else result


def format_amount(
    value: Decimal,
    unit: str | None = None,
    *,
    scale: bool = True,
    scales: tuple[tuple[str, int], ...] = DEFAULT_SCALES,
) -> str:
    """A figure with its scale word and unit: "4,75 tỷ USD", "100 dự án", "2,5%".

    With ``scale=False`` the figure is written in full ("2.850.000.000 USD").
    """
    text = format_number(value)
    if scale:
        for word, factor in scales:
            scaled = value / factor
            if abs(value) >= factor and _decimals(scaled) <= _MAX_SCALED_DECIMALS:
                text = f"{format_number(scaled)} {word}"
                break
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_interval(claim: Claim, scales: tuple[tuple[str, int], ...] = DEFAULT_SCALES) -> str:
    """The range the hedge allows, e.g. "[90; 100)", "(100; +∞)", "= 61".

    A semicolon separates the bounds because the comma is the decimal mark.
    """
    low, high = claim.low, claim.high
    if low is None and high is None:
        return "(−∞; +∞)"
    if low is not None and low == high and not (claim.low_open or claim.high_open):
        return "= " + format_amount(low, scales=scales)
    if low is None:
        left = "(−∞"
    else:
        left = ("(" if claim.low_open else "[") + format_amount(low, scales=scales)
    if high is None:
        right = "+∞)"
    else:
        right = format_amount(high, scales=scales) + (")" if claim.high_open else "]")
    return f"{left}; {right}"


# ---------------------------------------------------------------- claims in words


def format_time(claim: Claim, basis: str | None = None) -> str:
    """The claim's time as editors read it: "2023", "as of 2024-11-05", "per year".

    ``basis`` is how the source's date is known, so an inferred date is shown only to
    the precision it has.
    """
    if claim.time == "asof":
        if claim.published:
            return _("as of {date}").format(date=date_text(claim.published, basis))
        return _("as of publication")
    if claim.time == "yearly":
        return _("per year")
    return claim.time or ""


def format_hedge(claim: Claim) -> str:
    """The hedge as written with its class, e.g. "gần (under)"; "" when unhedged."""
    if claim.hedge_text and claim.hedge:
        return f"{claim.hedge_text} ({claim.hedge})"
    return claim.hedge_text or claim.hedge or ""


def claim_value(claim: Claim, scales: tuple[tuple[str, int], ...] = DEFAULT_SCALES) -> str:
    """What the claim states, normalised: "gần 100 dự án", "2005", "hơn 4,75 tỷ USD"."""
    if claim.kind in TIME_KINDS:
        if claim.time:
            return claim.time
        if claim.value is not None:
            return format(claim.value.normalize(), "f")
        return clipped(claim.quote)
    if claim.value is None:
        return clipped(claim.quote)  # out of range: no value, the words as written
    amount = format_amount(claim.value, claim.unit, scales=scales)
    return f"{claim.hedge_text} {amount}" if claim.hedge_text else amount


def claim_reading(
    claim: Claim,
    scales: tuple[tuple[str, int], ...] = DEFAULT_SCALES,
    basis: str | None = None,
) -> str:
    """One line saying how the claim was read: value, range, time and event."""
    parts = [claim_value(claim, scales)]
    if claim.kind not in TIME_KINDS and (claim.low is not None or claim.high is not None):
        parts.append(format_interval(claim, scales))
    if claim.kind not in TIME_KINDS and claim.time:
        parts.append(format_time(claim, basis))
    if claim.event:
        parts.append(_("event {event}").format(event=claim.event))
    return " · ".join(parts)


def location(claim: Claim, root: str | None = None) -> str:
    """``path:line:col`` as compilers print it, so editors can jump to it."""
    return f"{relative_path(claim.source, root)}:{claim.line}:{claim.column}"


def is_inferred(basis: str | None) -> bool:
    """True for a date the tool inferred ("inferred", "inferred:year", ...)."""
    return basis is not None and basis.split(":", 1)[0] == INFERRED_MARK


def date_text(published: date | None, basis: str | None) -> str:
    """The date at the precision it is known: "2019" for a date inferred from a year."""
    if published is None:
        return _("unknown")
    precision = basis.partition(":")[2] if is_inferred(basis) and basis else ""
    text = published.isoformat()
    return {"year": text[:4], "month": text[:7]}.get(precision, text)


def published_text(published: date | None, basis: str | None) -> str:
    """ "2024-11-05", "2024-11 (inferred)" or "unknown"."""
    text = date_text(published, basis)
    if published is not None and is_inferred(basis):
        return _("{date} (inferred)").format(date=text)
    return text


def basis_text(basis: str | None) -> str:
    """How a publication date is known, for people: "stated", "inferred (month)"."""
    if not basis:
        return "unknown"
    kind, _, precision = basis.partition(":")
    return f"{kind} ({precision})" if precision else kind


def source_published(source: Source | None, claim: Claim | None = None) -> str:
    """Publication date of a source (or, failing that, the one the claim carries)."""
    if source is not None and source.published is not None:
        return published_text(source.published, source.published_basis)
    if claim is not None and claim.published is not None:
        return published_text(claim.published, None)
    return _("unknown")


def outlet_of(source: Source | None) -> str:
    """The outlet's name, else the file name, so a claim is never anonymous."""
    if source is None:
        return ""
    return source.outlet or PurePosixPath(source.path.replace(os.sep, "/")).name


# A first line longer than this, or one that ends a sentence, is the lead, not a title.
_TITLE_MAX_CHARS = 160
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def source_title(source: Source | None) -> str:
    """The article's title: the one its metadata gives (front matter, the sidecar
    sources.yml, the HTML page), else its first Markdown heading, else its first line
    when that line reads as a heading (short, no closing full stop); "" otherwise."""
    if source is None:
        return ""
    if source.title:
        return one_line(source.title)
    lines = [line for line in source.text.splitlines()[:40] if line.strip()]
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            return one_line(heading[1])
    first = one_line(lines[0]) if lines else ""
    if first and len(first) <= _TITLE_MAX_CHARS and not first.endswith((".", ":", ";", ",")):
        return first
    return ""


def message_text(finding: Finding) -> str:
    """The finding's message without the fact's label it starts with: reports print the
    label on its own, and saying it twice only takes room."""
    from checker.align import display_label

    message = one_line(finding.message)
    for label in dict.fromkeys((display_label(finding.fact), finding.fact)):
        for glue in (": ", " "):
            if label and message.startswith(label + glue):
                rest = message[len(label) + len(glue) :]
                return rest[:1].upper() + rest[1:] if glue == ": " else rest
    return message


def fact_text(finding: Finding) -> str:
    """The finding's fact label as people read it in the run's language."""
    from checker.align import display_label

    return display_label(finding.fact)


def relative_path(path: str, root: str | None) -> str:
    """``path`` relative to ``root`` with forward slashes (for URIs and annotations)."""
    if root:
        # On Windows a path on another drive has no relative form: keep it as given.
        with contextlib.suppress(ValueError):
            path = os.path.relpath(path, root)
    return path.replace(os.sep, "/")


# ---------------------------------------------------------------- text


_WS = re.compile(r"\s+")


def confidence_text(finding: Finding) -> str:
    """ "high: subject, metric ... agree" — how sure a finding is and why, on one line
    ("" for a finding that carries no confidence, e.g. one read back from old JSON)."""
    if not finding.confidence:
        return ""
    level = _(CONFIDENCE_NAMES.get(finding.confidence, finding.confidence))
    reasons = "; ".join(finding.reasons)
    return f"{level}: {reasons}" if reasons else level


CONFIDENCE_NAMES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def one_line(text: str) -> str:
    """Collapse all white space (newlines included) to single spaces and strip."""
    return _WS.sub(" ", text).strip()


# The most characters of one quote a human format shows.  A quote is a figure with its
# words, a few dozen characters; a million-digit "figure" (an out-of-range claim) folded
# into a table cell cost rich the square of its lines.  Machine formats keep it whole.
DISPLAY_MAX_CHARS = 300


def clipped(text: str, limit: int = DISPLAY_MAX_CHARS) -> str:
    """``text``, or its first ``limit`` characters and how many there are in all."""
    if len(text) <= limit:
        return text
    return _("{head}… ({count} characters)").format(head=text[:limit], count=f"{len(text):,}")


def quote_in_sentence(sentence: str, quote: str, context: int) -> tuple[str, str, str]:
    """Split ``sentence`` around ``quote``: (before, quote, after), each on one line.

    The context on each side is cut to about ``context`` characters at a word boundary
    and marked with "…".  If the quote is not found verbatim, the middle part is empty
    and ``before`` holds the (shortened) sentence.
    """
    index = sentence.find(quote) if quote else -1
    if index < 0:
        return _cut_end(_WS.sub(" ", sentence).strip(), 2 * context), "", ""
    before = _WS.sub(" ", sentence[:index]).lstrip()
    after = _WS.sub(" ", sentence[index + len(quote) :]).rstrip()
    return _cut_start(before, context), one_line(quote), _cut_end(after, context)


def _cut_start(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    space = tail.find(" ")
    if 0 <= space < len(tail) - 1:
        tail = tail[space + 1 :]
    return "…" + tail


def _cut_end(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    if space > 0:
        head = head[:space]
    return head + "…"


# The labelled parts of a rule description, in the house format of the rule packs, in
# each language a pack may write them; the value is the part's meaning.
DESCRIPTION_PARTS = {
    "What": "what",
    "Why it matters": "why",
    "What to do": "todo",
    "Vấn đề": "what",
    "Vì sao quan trọng": "why",
    "Cần làm gì": "todo",
}
_DESCRIPTION_LABELS = tuple(DESCRIPTION_PARTS)
_LABEL_RE = re.compile(
    r"(?:^|\s)(" + "|".join(re.escape(label) for label in _DESCRIPTION_LABELS) + r"):\s"
)


def split_description(text: str) -> list[tuple[str, str]]:
    """Split a rule description into labelled parts, each on one line.

    ``"What: x. Why it matters: y."`` -> ``[("What", "x."), ("Why it matters", "y.")]``.
    Text before the first label (or a description without labels) gets the label "".
    """
    text = one_line(text)
    if not text:
        return []
    parts: list[tuple[str, str]] = []
    matches = list(_LABEL_RE.finditer(text))
    head = text[: matches[0].start()].strip() if matches else text
    if head:
        parts.append(("", head))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end() : end].strip()
        if body:
            parts.append((match.group(1), body))
    return parts


def suggested_action(text: str) -> str:
    """The "What to do" part of a description, or "" when there is none."""
    parts = split_description(text)
    return next((body for label, body in parts if DESCRIPTION_PARTS.get(label) == "todo"), "")


def source_names(finding: Finding, sources: dict[str, Source]) -> list[str]:
    """Distinct outlets (or file names) of a finding's claims, in claim order."""
    return distinct_names(finding.claims, sources)


def distinct_names(claims: Iterable[Claim], sources: dict[str, Source]) -> list[str]:
    """Distinct outlets (or file names) of ``claims``, in claim order."""
    return list(dict.fromkeys(outlet_of(sources.get(c.source)) or c.source for c in claims))


def capped(items: list[str], limit: int, sep: str = ", ") -> str:
    """ "a, b, c and 7 more": at most ``limit`` items named, the rest counted."""
    if len(items) <= limit:
        return sep.join(items)
    hidden = len(items) - limit
    return ngettext("{items} and {n} more", "{items} and {n} more", hidden).format(
        items=sep.join(items[:limit]), n=hidden
    )


def capped_sources(names: list[str], limit: int) -> str:
    """ "a, b, c and 37 more sources": a list of sources never grows with the corpus."""
    if len(names) <= limit:
        return ", ".join(names)
    hidden = len(names) - limit
    return ngettext(
        "{names} and {n} more source", "{names} and {n} more sources", hidden
    ).format(names=", ".join(names[:limit]), n=hidden)


# ---------------------------------------------------------------- claims shown to people


def _reading_key(claim: Claim) -> tuple[object, ...]:
    return (claim.kind, claim.value, claim.low, claim.high, claim.low_open, claim.high_open,
            claim.unit, claim.time)  # fmt: skip


def _extreme_indices(claims: tuple[Claim, ...]) -> list[int]:
    """The claims at the ends of each measure: the smallest upper bound, the largest lower
    bound, the smallest and largest value, the earliest and latest time.  A conflict of
    a fact lies between such extremes (see checker.evaluate)."""
    indexed = list(enumerate(claims))
    measures: list[tuple[list[tuple[int, Claim]], Any]] = [
        ([p for p in indexed if p[1].high is not None], lambda p: (p[1].high, not p[1].high_open)),
        ([p for p in indexed if p[1].low is not None], lambda p: (-p[1].low, not p[1].low_open)),
        ([p for p in indexed if p[1].value is not None], lambda p: p[1].value),
        ([p for p in indexed if p[1].value is not None], lambda p: -p[1].value),
        ([p for p in indexed if p[1].kind in TIME_KINDS and p[1].time], lambda p: p[1].time),
    ]
    picked: list[int] = []
    for members, key in measures:
        if members:
            picked.append(min(members, key=key)[0])
    times = [p for p in indexed if p[1].kind in TIME_KINDS and p[1].time]
    if times:
        picked.append(max(times, key=lambda p: p[1].time or "")[0])
    return picked


def shown_claims(finding: Finding, limit: int) -> tuple[list[Claim], int]:
    """The claims a format for people lists for a finding, and how many it leaves out.

    All of them when there are at most ``limit``; otherwise the extremes that make the
    conflict, then one claim of each other reading, then the rest in order, up to
    ``limit`` — shown in the finding's own order.  Output stays linear in the claims
    however many articles repeat a figure.
    """
    claims = finding.claims
    limit = max(limit, 2)
    if len(claims) <= limit:
        return list(claims), 0
    chosen: dict[int, None] = dict.fromkeys(_extreme_indices(claims))
    readings = {_reading_key(claims[i]) for i in chosen}
    for i, claim in enumerate(claims):
        key = _reading_key(claim)
        if key not in readings:
            readings.add(key)
            chosen[i] = None
    for i in range(len(claims)):
        if len(chosen) >= limit:
            break
        chosen.setdefault(i, None)
    kept = sorted(list(chosen)[:limit])
    return [claims[i] for i in kept], len(claims) - len(kept)


def more_claims_text(finding: Finding, shown: list[Claim], hidden: int) -> str:
    """ "… and 1992 more claims from 1990 more sources (all of them in the JSON result)"."""
    more_sources = len({c.source for c in finding.claims} - {c.source for c in shown})
    claims = ngettext("{n} more claim", "{n} more claims", hidden).format(n=hidden)
    if not more_sources:
        return _("… and {claims} (all of them in the JSON result)").format(claims=claims)
    sources = ngettext("{n} more source", "{n} more sources", more_sources).format(n=more_sources)
    return _("… and {claims} from {sources} (all of them in the JSON result)").format(
        claims=claims, sources=sources
    )
