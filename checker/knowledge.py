"""Knowledge and rules, as loaded from YAML rule packs under ``rules/``.

Nothing here knows about any corpus: the language facts (hedges, scale words, counted
nouns, page furniture) and the topic facts (aliases, metric names, reference values)
all come from YAML.  ``checker.packs`` reads and validates the files; this module only
holds the merged result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from checker.i18n import LocalText


@dataclass(frozen=True, slots=True)
class Hedge:
    """What a hedge word implies about the true value, relative to the stated point.

    ``low``/``high`` are fractions of the point (``-0.1`` = 10 % below); ``None`` means
    unbounded on that side.  ``*_open`` excludes the bound itself.
    """

    words: tuple[str, ...]
    cls: str  # under, over, around, upto, atleast, estimate
    low: Decimal | None
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False
    doc: str = ""
    # Unbounded above, but a figure stated to a non-zero last digit is truncated there:
    # "hơn 82,2 tỷ" lies below 82,3 tỷ ("hơn 100" says nothing of how much more).
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule declaration from a pack (validated).

    ``message`` and ``description`` are in one language (a string) or several
    (``{"en": ..., "vi": ...}``): ``checker.i18n.localized`` gives the run's.
    """

    id: str
    kind: str
    severity: str
    message: LocalText
    description: LocalText
    params: dict[str, Any]
    pack: str
    path: str
    line: int
    examples: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference value for a metric, with where it comes from."""

    metric: str
    value: Decimal
    unit: str
    time: str | None
    source: str
    note: str = ""


@dataclass
class Knowledge:
    """The merged content of all loaded packs.  Later packs extend earlier ones."""

    hedges: list[Hedge] = field(default_factory=list)
    scales: dict[str, Decimal] = field(default_factory=dict)  # "triệu" -> 1e6
    currencies: dict[str, str] = field(default_factory=dict)  # written form -> code
    number_words: dict[str, int] = field(default_factory=dict)  # "hai" -> 2
    abbreviations: dict[str, str] = field(default_factory=dict)  # "TP" -> "thành phố"
    stopwords: set[str] = field(default_factory=set)  # folded words ignored in contexts
    time_words: dict[str, list[str]] = field(default_factory=dict)  # "asof" -> ["đến nay", ...]
    forward_words: list[str] = field(default_factory=list)  # "tầm nhìn", "mục tiêu": targets
    comparison_words: list[str] = field(default_factory=list)  # "so với": a baseline time
    comparative_phrases: list[str] = field(default_factory=list)  # "thấp hơn": no hedge
    sentence_abbreviations: list[str] = field(default_factory=list)  # "TS.": no sentence end
    unit_stop: set[str] = field(default_factory=set)  # words that end a counted noun phrase
    unit_ignore: set[str] = field(default_factory=set)  # modifiers dropped from unit keys
    unit_capitalised: set[str] = field(default_factory=set)  # "Đảng": not a proper noun
    unit_families: dict[str, list[str]] = field(default_factory=dict)  # comparable units
    not_quantity: list[str] = field(default_factory=list)  # regexes of non-quantities
    not_quantity_phrases: list[str] = field(default_factory=list)  # "hai bên", "Một là"
    furniture: dict[str, list[str]] = field(default_factory=dict)  # see rules/generic/furniture.yml
    event_words: list[str] = field(default_factory=list)  # "hội nghị", "đại hội", ...
    # Words between an event and its dates ("diễn ra từ ngày"), and how many others may be.
    event_date_glue: list[str] = field(default_factory=list)
    event_date_other_words: int = 2
    # Heads that, capitalised, name an event without a number ("Lễ hội Đền Hùng năm 2023").
    named_event_words: list[str] = field(default_factory=list)
    # Words before a date that make it the event's first or last day ("bế mạc ngày 12/3").
    event_roles: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # canonical -> variants
    metrics: dict[str, list[str]] = field(default_factory=dict)  # metric label -> phrases
    references: list[Reference] = field(default_factory=list)
    # Fact-frame vocabulary (rules/generic/frames.yml): section key -> merged value.
    frame: dict[str, Any] = field(default_factory=dict)
    places: list[dict[str, Any]] = field(default_factory=list)  # the gazetteer (places.yml)
    pubdate: dict[str, Any] = field(default_factory=dict)  # see rules/generic/pubdate.yml
    align: dict[str, Any] = field(default_factory=dict)  # alignment thresholds
    rules: list[RuleSpec] = field(default_factory=list)
    packs: list[tuple[str, str, str]] = field(default_factory=list)  # (name, path, sha256)
