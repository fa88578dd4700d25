"""Plain data passed between the pipeline stages.

ingest (files -> Source) -> segment (Sentence) -> extract (Claim) -> align (Fact)
-> evaluate (Finding) -> report (Report).  Every stage takes and returns these frozen
dataclasses and never prints.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from checker.extract.frame import Frame

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 3, "warning": 2, "info": 1, "never": 99}


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of character offsets into ``Source.text``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PositionMap:
    """Where the characters of a text extracted from a file (an HTML page) lie in the file.

    Runs of characters that follow each other in the file share one anchor: the text
    offset where the run starts and the file line and column (1-based, in characters)
    of its first character.  Packed as 32-bit integers, so a page costs a few kilobytes.
    """

    offsets: bytes
    lines: bytes
    columns: bytes

    @classmethod
    def build(cls, anchors: list[tuple[int, int, int]]) -> PositionMap:
        """From (text offset, file line, file column) anchors sorted by offset."""
        return cls(*(array("i", (a[i] for a in anchors)).tobytes() for i in range(3)))

    def locate(self, offset: int) -> tuple[int, int]:
        """File (line, column) of the character at ``offset`` of the extracted text."""
        offsets = memoryview(self.offsets).cast("i")
        i = bisect.bisect_right(offsets, offset) - 1
        if i < 0:
            return 1, 1
        line, column = memoryview(self.lines).cast("i")[i], memoryview(self.columns).cast("i")[i]
        return line, column + offset - offsets[i]


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
    # How the date is known: "stated" (front matter, sidecar or the HTML page's
    # metadata), "byline", "dateline", "metadata-line" or "metadata-line:month" (a line
    # of the text, checker.pubdate), "inferred:year|month|day" (the latest date the
    # article mentions), or None when nothing is known.
    published_basis: str | None = None
    # What says so ('line 6 (byline 2024-01-02): "Minh Châu | 06:55 02/01/2024"') and
    # how sure that is: "high", "medium" or "low" (checker.pubdate.CONFIDENCES).
    published_evidence: str | None = None
    published_confidence: str | None = None
    # Spans left out as furniture, with the marker that caused it (for --verbose).
    furniture: tuple[tuple[Span, str], ...] = ()
    # Acronyms the article defines: ("FDI", "vốn đầu tư trực tiếp nước ngoài").
    acronyms: tuple[tuple[str, str], ...] = ()
    # HTML only: ``text`` is the extracted article, so claims are located in the file
    # through this map; and the page's <!-- factcheck-ignore --> comments, which the
    # extraction drops, as (line, column, comment) in the file.
    positions: PositionMap | None = None
    ignore_comments: tuple[tuple[int, int, str], ...] = ()


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
    # Who, which metric and measure, which period against which base, what status
    # (checker.extract.frame); None for kinds that are not measures (dates, events).
    frame: Frame | None = None


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
    # How sure the finding is: "high" when the claims' frames agree field by field on
    # stated or carried evidence, "medium" when a field rests on inference, "low" when
    # one is unknown (such a finding is at most a warning); ``reasons`` say why.
    confidence: str = ""
    reasons: tuple[str, ...] = ()
    # Why the finding is hidden, when an ignore comment or ignore-file entry covers it.
    suppressions: tuple[Suppression, ...] = ()


@dataclass(frozen=True, slots=True)
class Suppression:
    """An ignore comment in an article ("inSource") or an ignore-file entry ("external")."""

    kind: str  # "inSource" or "external", as SARIF names them
    reason: str
    path: str  # the article or the ignore file
    line: int
    column: int = 1
    rules: tuple[str, ...] = ()  # the rule ids it names; "*" for any


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
    # Ignore comments and entries that hide nothing, with what is wrong with each
    # ("names unknown rule 'x'", "matches no finding"), like ruff's unused noqa.
    unused_suppressions: tuple[tuple[Suppression, str], ...] = ()
