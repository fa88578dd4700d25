"""The shape of a rule pack, as data: sections, their value types and the rule kinds.

``checker.packs`` walks the YAML of a pack against these declarations and reports every
mismatch with its file, line and column; this module only *describes* what is allowed,
so it imports nothing beyond the standard library and the data model.

The evaluation engine reads the parameters of each rule kind from here::

    from checker.schema import RULE_KINDS, param_defaults

    param_defaults("value-conflict")
    # {"min_sources": 2, "tolerance": Decimal("0.05"), "same_hedge_class": True}

Numbers that meet claim values (tolerances, hedge bounds, scales, reference values) are
``Decimal``; alignment thresholds, which meet similarity scores, stay ``int``/``float``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, TypeAlias, get_args

from checker.i18n import LANGUAGES, N_
from checker.model import Severity

SEVERITIES: tuple[str, ...] = get_args(Severity)
HEDGE_CLASSES: tuple[str, ...] = ("under", "over", "around", "upto", "atleast", "estimate")
# The time classes the extractor gives a meaning to (see rules/generic/language.yml).
TIME_WORD_CLASSES: tuple[str, ...] = ("asof", "yearly", "last_year", "this_year")
# Names a rule message may use; the engine fills them when it formats a finding.
MESSAGE_PLACEHOLDERS: tuple[str, ...] = ("fact", "sides", "spread", "dates", "rule", "reference")
# Rule ids appear on command lines and in baselines: no spaces, no punctuation soup.
RULE_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]*"


# --- Constraints ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Range:
    """An interval a number must fall in; ``None`` leaves that side unbounded."""

    low: Decimal | None = None
    high: Decimal | None = None
    low_open: bool = False
    high_open: bool = False

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
            return False
        number = Decimal(str(value))
        if self.low is not None and (number < self.low or (self.low_open and number == self.low)):
            return False
        return self.high is None or not (
            number > self.high or (self.high_open and number == self.high)
        )

    def __str__(self) -> str:
        if self.low is not None and self.high is not None:
            if not (self.low_open or self.high_open):
                return f"between {self.low} and {self.high}"
            left = "(" if self.low_open else "["
            right = ")" if self.high_open else "]"
            return f"in {left}{self.low}, {self.high}{right}"
        if self.low is not None:
            return f"{'>' if self.low_open else '>='} {self.low}"
        if self.high is not None:
            return f"{'<' if self.high_open else '<='} {self.high}"
        return "any value"


def at_least(low: int | str, *, strict: bool = False) -> Range:
    """``>= low`` (or ``> low`` when ``strict``)."""
    return Range(low=Decimal(low), low_open=strict)


def between(low: int | str, high: int | str) -> Range:
    """``low <= x <= high``."""
    return Range(low=Decimal(low), high=Decimal(high))


# --- Value types ------------------------------------------------------------------------
# Each class below names one kind of YAML value; ``checker.packs`` knows how to read and
# check each.  ``describe`` is the phrase used in error messages ("expected a list of ...").


@dataclass(frozen=True, slots=True)
class Text:
    """A string.  ``scalar`` also accepts bare numbers and dates, kept as written."""

    non_empty: bool = False
    scalar: bool = False
    pattern: str | None = None  # full-match regex the text must satisfy

    def describe(self) -> str:
        return "a non-empty string" if self.non_empty else "a string"


@dataclass(frozen=True, slots=True)
class Integer:
    """A whole number (not a boolean)."""

    range: Range | None = None

    def describe(self) -> str:
        return "an integer"


@dataclass(frozen=True, slots=True)
class Number:
    """An integer or decimal number; ``exact`` gives ``Decimal``, else ``int``/``float``."""

    range: Range | None = None
    exact: bool = True

    def describe(self) -> str:
        return "a number"


@dataclass(frozen=True, slots=True)
class Boolean:
    """``true`` or ``false``."""

    def describe(self) -> str:
        return "true or false"


@dataclass(frozen=True, slots=True)
class Pattern:
    """A Python regular expression, checked by compiling it; ``groups`` must be named in it."""

    groups: tuple[str, ...] = ()

    def describe(self) -> str:
        return "a regular expression (string)"


@dataclass(frozen=True, slots=True)
class OneOf:
    """A string from a fixed set; ``what`` names the set in messages ("severity")."""

    choices: tuple[str, ...]
    what: str = "value"

    def describe(self) -> str:
        return f"one of {', '.join(self.choices)}"


@dataclass(frozen=True, slots=True)
class Template:
    """A ``str.format`` template that may only use the given placeholder names."""

    placeholders: tuple[str, ...]

    def describe(self) -> str:
        return "a message template (string)"


@dataclass(frozen=True, slots=True)
class Localized:
    """A text for people in one language or several: a plain string (one language), or a
    mapping from language codes (``en``, ``vi``) to strings of the inner type.  Read as
    the string, or as a dict ``{language: text}``; ``checker.i18n.localized`` picks one."""

    inner: Text | Template
    languages: tuple[str, ...] = LANGUAGES

    def describe(self) -> str:
        return f"{self.inner.describe()} or a mapping of languages ({', '.join(self.languages)})"


@dataclass(frozen=True, slots=True)
class Nullable:
    """``null`` or the inner type."""

    inner: Spec

    def describe(self) -> str:
        return f"{self.inner.describe()} or null"


@dataclass(frozen=True, slots=True)
class ListOf:
    """A YAML sequence whose items all have the inner type."""

    item: Spec
    non_empty: bool = False

    def describe(self) -> str:
        return "a list"


@dataclass(frozen=True, slots=True)
class MapOf:
    """A mapping with free keys (checked by ``key``) and values of one type."""

    value: Spec
    key: Text | OneOf = field(default_factory=lambda: Text(non_empty=True))

    def describe(self) -> str:
        return "a mapping"


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a ``Record``."""

    spec: Spec
    required: bool = False
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Record:
    """A mapping with a fixed set of keys; any other key is an error."""

    fields: dict[str, Field]

    def describe(self) -> str:
        return "a mapping"


@dataclass(frozen=True, slots=True)
class Params:
    """A rule's ``params``: checked against the kind named by the record's ``kind_field``.

    Missing parameters take the kind's defaults; ``null`` or no ``params`` means all
    defaults.
    """

    kind_field: str = "kind"

    def describe(self) -> str:
        return "a mapping of parameters"


Spec: TypeAlias = (
    Text
    | Integer
    | Number
    | Boolean
    | Pattern
    | OneOf
    | Template
    | Localized
    | Nullable
    | ListOf
    | MapOf
    | Record
    | Params
)


# --- Rule kinds -------------------------------------------------------------------------


class Param(NamedTuple):
    """One parameter of a rule kind: ``(type, default, constraint, doc)``.

    ``type`` is one of ``int``, ``number`` (read as ``Decimal``), ``bool`` or
    ``severity``; ``constraint`` is a ``Range`` for numbers and ``None`` otherwise.
    """

    type: str
    default: Any
    constraint: Range | None
    doc: str


_MIN_SOURCES = Param(
    "int", 2, at_least(1), N_("Fewest distinct sources a fact needs before the rule looks at it.")
)

RULE_KINDS: dict[str, dict[str, Param]] = {
    "interval-conflict": {"min_sources": _MIN_SOURCES},
    "value-conflict": {
        "min_sources": _MIN_SOURCES,
        "tolerance": Param(
            "number",
            Decimal("0.05"),
            between(0, 1),
            N_("Relative difference between point figures that still counts as agreement."),
        ),
        "same_hedge_class": Param(
            "bool",
            True,
            None,
            N_(
                "Only compare figures whose hedges are of the same kind: point-like figures "
                "(no hedge, khoảng, ước) with each other, bounds with bounds of the same side."
            ),
        ),
    },
    "event-date-conflict": {"min_sources": _MIN_SOURCES},
    "unit-mismatch": {"min_sources": _MIN_SOURCES},
    "time-varying": {
        "lower_to": Param(
            "severity",
            "warning",
            None,
            N_("Findings on facts that change over time are lowered to this severity."),
        ),
    },
    "reference-check": {
        "tolerance": Param(
            "number",
            Decimal("0.05"),
            between(0, 1),
            N_("Relative difference from the reference value that still counts as agreement."),
        ),
    },
}


def param_defaults(kind: str) -> dict[str, Any]:
    """The default value of every parameter of rule kind ``kind`` (KeyError if unknown)."""
    return {name: param.default for name, param in RULE_KINDS[kind].items()}


def param_spec(param: Param) -> Spec:
    """The value type that reads and checks ``param`` in a rule's ``params``."""
    if param.type == "int":
        return Integer(param.constraint)
    if param.type == "number":
        return Number(param.constraint)
    if param.type == "bool":
        return Boolean()
    if param.type == "severity":
        return OneOf(SEVERITIES, "severity")
    raise ValueError(f"unknown parameter type {param.type!r}")


def describe_param(param: Param) -> str:
    """A short human description: ``int >= 1, default 2``."""
    text = param.type
    if param.constraint is not None:
        text += f" {param.constraint}"
    if param.type == "severity":
        text += f" ({', '.join(SEVERITIES)})"
    default = str(param.default).lower() if isinstance(param.default, bool) else param.default
    return f"{text}, default {default}"


# --- Sections ---------------------------------------------------------------------------

_WORDS = ListOf(Text(non_empty=True))
_REGEXES = ListOf(Pattern())
_WORD_LISTS = MapOf(_WORDS)

RULE = Record(
    {
        "id": Field(Text(non_empty=True, pattern=RULE_ID_PATTERN), required=True),
        "kind": Field(OneOf(tuple(RULE_KINDS), "rule kind"), required=True),
        "severity": Field(OneOf(SEVERITIES, "severity"), required=True),
        # Both texts in one language (a string) or several ({en: ..., vi: ...}).
        "message": Field(Localized(Template(MESSAGE_PLACEHOLDERS)), required=True),
        "description": Field(Localized(Text(non_empty=True)), required=True),
        "params": Field(Params()),
        "enabled": Field(Boolean()),
        "tags": Field(_WORDS),
        "override": Field(Boolean()),
    }
)

HEDGE = Record(
    {
        "words": Field(ListOf(Text(non_empty=True), non_empty=True), required=True),
        "class": Field(OneOf(HEDGE_CLASSES, "hedge class"), required=True),
        # The stated point must lie inside [low, high]: low <= 0 <= high.
        "low": Field(Nullable(Number(Range(high=Decimal(0)))), required=True),
        "high": Field(Nullable(Number(Range(low=Decimal(0)))), required=True),
        "low_open": Field(Boolean()),
        "high_open": Field(Boolean()),
        "doc": Field(Text()),
        "truncated": Field(
            Boolean(),
            doc="With no upper bound: a figure stated to a non-zero last digit ('hơn "
            "82,2 tỷ') lies below the next unit of that digit.",
        ),
    }
)

REFERENCE = Record(
    {
        "metric": Field(Text(non_empty=True), required=True),
        "value": Field(Number(), required=True),
        "unit": Field(Text(non_empty=True), required=True),
        # "2023" and "2019-02-27" are ISO-like times even when YAML reads them bare.
        "time": Field(Nullable(Text(non_empty=True, scalar=True))),
        "source": Field(Text(non_empty=True), required=True),
        "note": Field(Text()),
    }
)

PACK = Record(
    {
        "name": Field(Text(non_empty=True, pattern=RULE_ID_PATTERN), required=True),
        "version": Field(Text(non_empty=True, scalar=True), required=True),
        "description": Field(Localized(Text())),
        # A topic pack holds no language data (number words, hedges, furniture): it names
        # the pack it builds on, which loads before it (implicitly when bundled).
        "requires": Field(
            ListOf(Text(non_empty=True, pattern=RULE_ID_PATTERN)),
            doc="Packs this pack builds on, loaded before it (a bundled one implicitly).",
        ),
    }
)

# The keys the ingest stage reads (see rules/generic/furniture.yml); add new ones here.
FURNITURE = Record(
    {
        "tail_markers": Field(_WORDS, doc="Lines that start related news or comments."),
        "tail_patterns": Field(_REGEXES, doc="The same, as regexes (markers with counters)."),
        "line_patterns": Field(_REGEXES, doc="Lines that are furniture on their own."),
        "inline_patterns": Field(_REGEXES, doc="Furniture spans inside an article line."),
        "caption_max_chars": Field(Integer(at_least(1)), doc="Longest photo caption line."),
        "caption_patterns": Field(_REGEXES, doc="Lines that are photo captions."),
        "caption_credit_lines": Field(_REGEXES, doc="Lines that make the line above a caption."),
        "teaser_endings": Field(_WORDS, doc="How a teaser cut short ends."),
        "lead_patterns": Field(_REGEXES, doc="Lines before the title (breadcrumbs)."),
        "lead_label_max_words": Field(Integer(at_least(1)), doc="Longest section label."),
        "date_line_max_chars": Field(Integer(at_least(1)), doc="Longest publication-date line."),
        "date_lines": Field(
            ListOf(Pattern(groups=("day", "month", "year"))),
            doc="Publication-date lines, with named groups day, month and year.",
        ),
        "headline_max_chars": Field(Integer(at_least(1)), doc="Longest first line taken as title."),
    }
)

ALIGN = Record(
    {
        "context_threshold": Field(
            Number(between(0, 100), exact=False), doc="Least context similarity (0-100)."
        ),
        "event_threshold": Field(
            Number(between(0, 100), exact=False), doc="Least event-name similarity (0-100)."
        ),
        "max_ratio": Field(
            Number(at_least(1, strict=True), exact=False),
            doc="Largest ratio between figures that may still be the same fact.",
        ),
        "link_floor": Field(
            Number(between(0, 100), exact=False),
            doc="Least similarity between every pair of contexts in one fact (complete linkage).",
        ),
        "named_metric_threshold": Field(
            Number(between(0, 100), exact=False),
            doc="Least context similarity (and link floor) for claims whose frames state "
            "the same metric in words.",
        ),
        "qualifiers": Field(
            _WORDS, doc="Words that narrow what is counted ('có lưu trú'): one side only = apart."
        ),
        "qualifier_families": Field(
            _WORD_LISTS,
            doc="Qualifiers that say one thing ('bình quân', 'trung bình'): either one on "
            "each side is no narrowing of one side only.",
        ),
        "unit_fillers": Field(
            _WORDS,
            doc="Words that add nothing to a counted noun ('mắc' of 'ca mắc sốt xuất "
            "huyết'): dropped when counted nouns of one family are compared.",
        ),
        "frame_agree_threshold": Field(
            Number(between(0, 100), exact=False),
            doc="Least context similarity for claims whose frames agree with no field "
            "apart and a known subject on both sides, and whose counted nouns agree.",
        ),
        "bare_units": Field(
            _WORDS,
            doc="Measure words that name nothing counted ('lượt'): the counted noun the "
            "clause names before the figure ('khách quốc tế ... 2,3 triệu lượt') completes them.",
        ),
        "counted_before": Field(
            _WORDS, doc="Counted nouns that may stand before a figure in a bare measure word."
        ),
        "clause_openers": Field(
            _WORDS,
            doc="Verbs that open a clause after its subject ('đạt', 'tăng'): a known "
            "counted noun after a comma followed by one (or by a figure) is no continuation "
            "of the previous figure's counted noun.",
        ),
        "edition_dated": Field(
            _WORDS,
            doc="Unit families dated by the numbered event the sentence or paragraph names "
            "('136 HCV' at 'SEA Games 32'): the edition is their period.",
        ),
        "edition_final": Field(
            _WORDS,
            doc="Words that make a tally final ('chung cuộc'): a date carried from an "
            "earlier sentence then yields to the edition.",
        ),
        "window_before": Field(Integer(at_least(0)), doc="Context words read before a figure."),
        "window_after": Field(Integer(at_least(0)), doc="Context words read after a figure."),
    }
)

# The vocabulary of fact frames (rules/generic/frames.yml, read by checker.extract.frame).
# The kinds are fixed because the code gives each its meaning; the words are data.
MEASURE_CUES: tuple[str, ...] = (
    "change", "level", "share", "ratio_to_base", "multiplier", "rank", "neutral",
)  # fmt: skip
FRAME_STATUSES: tuple[str, ...] = ("estimate", "preliminary", "target", "plan", "forecast")
PERIOD_KINDS: tuple[str, ...] = (
    "year", "quarter", "month", "first_months", "last_months", "first_half", "second_half",
    "through_month", "through_date", "date", "date_range", "year_range", "year_end",
    "this_year", "last_year", "previous_year", "same_period", "same_period_of",
    "previous_month", "previous_quarter", "year_to_date", "asof", "yearly", "none",
)  # fmt: skip
# A period template: text with the slots {year} {year2} {q} {m} {m2} {d} {d2} {n} {current}.
PERIOD_TEMPLATE = r"(?:[^{}]|\{(?:year2?|q|m2?|d2?|n|current)\})+"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_TEMPLATES = ListOf(Text(non_empty=True, pattern=PERIOD_TEMPLATE))

METRIC = Record(
    {
        "name": Field(Text(non_empty=True), required=True),
        "words": Field(ListOf(Text(non_empty=True), non_empty=True), required=True),
        "national": Field(Text(non_empty=True), doc="The label when the subject is the country."),
        "subject": Field(OneOf(("national",), "subject"), doc="The metric names the country."),
        "measure": Field(OneOf(MEASURE_CUES, "measure"), doc="What a figure after it measures."),
        "products": Field(Boolean(), doc="A product after it narrows it ('xuất khẩu gạo')."),
        "generic": Field(Boolean(), doc="It names no metric of its own ('doanh thu')."),
        "meets": Field(
            _WORDS,
            doc="Metrics a figure of this one may also state ('lượt khách lưu trú' and "
            "'lượt khách'): compared, never with more than a warning.",
        ),
    }
)

FRAME_PART = Record(
    {
        "name": Field(Text(non_empty=True), required=True),
        "words": Field(ListOf(Text(non_empty=True), non_empty=True), required=True),
    }
)

FRAME = Record(
    {
        "metrics": Field(ListOf(METRIC), doc="What is measured, with its synonyms."),
        "products": Field(_WORDS, doc="Products that narrow a metric marked 'products'."),
        "facets": Field(_WORD_LISTS, doc="'về lượng', 'về giá trị' after a figure."),
        "measures": Field(MapOf(_WORDS, key=OneOf(MEASURE_CUES, "measure")), doc="Verbs."),
        "measure_nouns": Field(MapOf(_WORDS, key=OneOf(MEASURE_CUES, "measure")), doc="Nouns."),
        "plan_words": Field(_WORDS, doc="After a %: the completion of a plan."),
        "exceed_words": Field(_WORDS, doc="Before a % and a plan word: the excess over it."),
        "partner_words": Field(_WORDS, doc="'sang', 'từ': a country after it narrows a metric."),
        "multiplier_units": Field(_WORDS, doc="'tăng 18 lần': a change counted in these."),
        "own_time_words": Field(
            _WORDS,
            doc="A period that opens with one of these ('vào năm 2023') dates the figure "
            "even right after a multiplier, where a bare period is its base.",
        ),
        "percent_signs": Field(_WORDS, doc="How a percentage is written ('%', 'phần trăm')."),
        "base_cues": Field(_WORDS, doc="Words that open a comparison base ('so với')."),
        "measure_gap": Field(Integer(at_least(0)), doc="Most words between a cue and a figure."),
        "prevailing_sentences": Field(
            Integer(at_least(1)), doc="Fewest sentences naming an article's prevailing place."
        ),
        "prevailing_share": Field(
            Number(exact=False), doc="Least share of the place-naming sentences it must have."
        ),
        "statuses": Field(MapOf(_WORDS, key=OneOf(FRAME_STATUSES, "status")), doc="Status cues."),
        "status_priority": Field(ListOf(OneOf(FRAME_STATUSES, "status")), doc="Which wins."),
        "status_families": Field(
            MapOf(ListOf(OneOf(("result", *FRAME_STATUSES), "status"))),
            doc="Statuses whose figures may be one fact.",
        ),
        "parts": Field(ListOf(FRAME_PART), doc="Sectors and groups kept in the subject."),
        "local_words": Field(_WORDS, doc="Words that point at the article's own place."),
        "clause_words": Field(_WORDS, doc="Words that open a clause."),
        "ignore": Field(_WORDS, doc="Phrases that hold a cue word but are no cue."),
        "periods": Field(
            MapOf(_TEMPLATES, key=OneOf(PERIOD_KINDS, "period kind")),
            doc="Templates of time expressions by kind.",
        ),
    }
)

PLACE = Record(
    {
        "name": Field(Text(non_empty=True), required=True),
        "kind": Field(
            OneOf(("national", "province", "city", "country", "region"), "place kind"),
            required=True,
        ),
        "aliases": Field(_WORDS),
        "partner_aliases": Field(_WORDS, doc="Names that count only after a partner word."),
        "merged": Field(Text(scalar=True, pattern=_ISO_DATE), doc="Day a merged unit began."),
        "absorbed": Field(_WORDS, doc="Units merged into this one."),
        "until": Field(Text(scalar=True, pattern=_ISO_DATE), doc="Last day of a merged-away unit."),
        "into": Field(Text(non_empty=True), doc="The unit it was merged into."),
    }
)

# The publication-date vocabulary (rules/generic/pubdate.yml, read by checker.pubdate).
PUBDATE = Record(
    {
        "languages": Field(_WORDS, doc="dateparser languages for located dates."),
        "date_order": Field(OneOf(("DMY", "MDY", "YMD"), "date order"), doc="Numeric dates."),
        "opening_lines": Field(Integer(at_least(1)), doc="Lines searched at the top."),
        "after_headline_lines": Field(Integer(at_least(0)), doc="Lines searched after it."),
        "byline_after_paragraphs": Field(
            Integer(at_least(0)), doc="Paragraphs an unlabelled byline may follow."
        ),
        "line_max_chars": Field(Integer(at_least(1)), doc="Longest byline line."),
        "headline_min_words": Field(Integer(at_least(1)), doc="Fewest words of a headline."),
        "headline_max_chars": Field(Integer(at_least(1)), doc="Longest headline."),
        "label_max_words": Field(Integer(at_least(1)), doc="Longest section label or name."),
        "dates": Field(_REGEXES, doc="Dates in a line (groups day, month, year checked)."),
        "clocks": Field(_REGEXES, doc="Times of day."),
        "timezones": Field(_REGEXES, doc="Time zones after a time."),
        "counters": Field(_REGEXES, doc="Counters a byline line may hold."),
        "published_words": Field(_WORDS, doc="Labels of the first publication."),
        "updated_words": Field(_WORDS, doc="Labels of an update."),
        "weekday_words": Field(_WORDS, doc="Days of the week."),
        "glue_words": Field(_WORDS, doc="Small words around a byline's date."),
        "clock_words": Field(_WORDS, doc="Page-header words: a date beside them is a clock."),
        "clock_patterns": Field(_REGEXES, doc="The same as regexes (phone numbers)."),
        "event_words": Field(_WORDS, doc="Words that date an event, never a publication."),
        "navigation_patterns": Field(_REGEXES, doc="Navigation lines (breadcrumbs)."),
        "separators": Field(_REGEXES, doc="What splits a byline line into pieces."),
        "metadata_lines": Field(_REGEXES, doc="Metadata lines ('date 2024-05')."),
        "datelines": Field(_REGEXES, doc="Datelines that open the lead."),
        "dateline_clause_chars": Field(Integer(at_least(0)), doc="How far a dateline's date."),
    }
)

# Every top-level key a pack file may have, with the type of its value.
SECTIONS: dict[str, Spec] = {
    "pack": PACK,
    "hedges": ListOf(HEDGE),
    "scales": MapOf(Number(at_least(0, strict=True))),
    "currencies": MapOf(Text(non_empty=True)),
    "number_words": MapOf(Integer(at_least(0))),
    "not_quantity_phrases": _WORDS,
    "not_quantity": ListOf(Pattern()),
    "abbreviations": MapOf(Text(non_empty=True)),
    "time_words": MapOf(_WORDS, key=OneOf(TIME_WORD_CLASSES, "time class")),
    "forward_words": _WORDS,
    "comparison_words": _WORDS,
    "comparative_phrases": _WORDS,
    "sentence_abbreviations": _WORDS,
    "stopwords": _WORDS,
    "unit_stop": _WORDS,
    "unit_ignore": _WORDS,
    "unit_capitalised": _WORDS,
    "unit_families": _WORD_LISTS,
    "event_words": _WORDS,
    "event_date_glue": _WORDS,
    "event_date_other_words": Integer(at_least(0)),
    "named_event_words": _WORDS,
    "event_roles": MapOf(_WORDS, key=OneOf(("opening", "closing"), "event role")),
    "furniture": FURNITURE,
    "aliases": _WORD_LISTS,
    "metrics": _WORD_LISTS,
    "references": ListOf(REFERENCE),
    "align": ALIGN,
    "rules": ListOf(RULE),
    "frame": FRAME,
    "places": ListOf(PLACE),
    "pubdate": PUBDATE,
}
