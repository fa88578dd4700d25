"""Plain data passed between the pipeline stages.

ingest (files -> Source) -> segment (Sentence) -> extract (Claim) -> align (Fact)
-> evaluate (Finding) -> report (Report).  Every stage takes and returns these frozen
dataclasses and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 3, "warning": 2, "info": 1, "never": 99}


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of character offsets into ``Source.text``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Source:
    """One article as read from disk.

    ``text`` is the decoded file content, verbatim (only the BOM is dropped), so that
    offsets, lines and columns point at what the editor sees.  ``body`` lists the spans
    that belong to the article; page furniture (related news, comment forms, repeated
    captions, counters) lies outside them and yields no claims.
    """

    path: str
    text: str
    encoding: str
    body: tuple[Span, ...]
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    # "stated" (front matter, sidecar or the text itself says so), "inferred"
    # (latest date the article mentions), or None when nothing is known.
    published_basis: str | None = None
    # Spans left out as furniture, with the marker that caused it (for --verbose).
    furniture: tuple[tuple[Span, str], ...] = ()
    # Acronyms the article defines: ("FDI", "vốn đầu tư trực tiếp nước ngoài").
    acronyms: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article body with its offsets into ``Source.text``."""

    source: str
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (line block) the sentence belongs to


@dataclass(frozen=True, slots=True)
class Claim:
    """One factual statement: a figure, date, period or numbered event.

    ``low``/``high`` bound the value the hedge and the stated precision allow;
    ``None`` means unbounded on that side.  ``low_open``/``high_open`` say whether
    the bound itself is excluded ("hơn 100" excludes 100).
    """

    source: str
    line: int  # 1-based
    column: int  # 1-based, in characters of the decoded file
    start: int  # character offsets of the quote in Source.text
    end: int
    quote: str  # verbatim: hedge + number + scale + unit / counted noun
    sentence: str  # verbatim sentence
    kind: str  # count, money, percent, multiplier, rank, duration, date, period, event
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False
    hedge: str | None = None  # normalised hedge class: under, over, around, upto, atleast, estimate
    hedge_text: str | None = None  # the hedge words as written, normalised (NFC, lower case)
    unit: str | None = None  # USD, VND, % or the normalised counted noun
    time: str | None = (
        None  # ISO-like: "2023", "2018-01/2018-06", "2019-02-27/2019-02-28", "asof", "yearly"
    )
    time_text: str | None = None  # the words that gave the time, normalised
    context: str = ""  # normalised words that say what is measured
    event: str | None = None  # identity of a numbered event or dated document, e.g. "asem#5"
    published: date | None = None  # publication date of the source, for "asof" claims


@dataclass(frozen=True, slots=True)
class Fact:
    """A group of claims, from one or more sources, that state the same fact."""

    key: str  # stable identifier (kind|unit|time|label)
    label: str  # readable label shown to editors
    kind: str
    unit: str | None
    time: str | None
    claims: tuple[Claim, ...]
    # Why the claims were put together: pairwise scores and shared words.
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A conflict (or caveat) a rule found in one fact."""

    rule: str
    severity: Severity
    message: str
    fact: str  # the fact's label
    fact_key: str
    claims: tuple[Claim, ...]
    description: str = ""  # the rule's text for editors: what, why, what to do
    notes: tuple[str, ...] = ()  # caveats added by other rules (definition, time-varying)
    reference: str | None = None  # reference value from a topic pack, if any
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class PackInfo:
    """A loaded rule pack, named in reports with a hash of its content."""

    name: str
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a renderer needs; renderers only render this."""

    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    facts: tuple[Fact, ...]
    findings: tuple[Finding, ...]
    packs: tuple[PackInfo, ...] = ()
    version: str = ""
    suppressed: tuple[Finding, ...] = ()
    baseline_matched: tuple[Finding, ...] = ()
    stats: dict[str, float] = field(default_factory=dict)
