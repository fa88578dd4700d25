"""Quantities: a number with its hedge, scale words, currency or counted noun.

Works on one sentence of canonical text in which non-quantities, dates and events have
already been blanked out (same length, so offsets still hold).

A figure beyond what an article states (more than ``MAX_FIGURE_DIGITS`` digits, or above
``MAX_FIGURE_VALUE`` with its scale words) is kept as a quantity of kind
``out-of-range`` with no value: it is shown in the claims table and never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from checker.extract.lexicon import MAX_WORD_CHARS, Lexicon
from checker.knowledge import Hedge
from checker.numbers import (
    MAX_FIGURE_VALUE,
    NUMBER_RE,
    figure_in_range,
    parse_vn_number,
    step_of,
)
from checker.prefilter import fold_case
from checker.textnorm import canonical, fold, squash

# NUMBER_RE with its first digit taken out, so the pattern starts with a digit (which re
# scans for in C) and tests the character before the number right after that digit.
_NUMBER = re.compile(
    r"(\d(?<![\w.,/\-–].)(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*(?:,\d+)?))(?![\w]|[.,/]\d)"
)
_PERCENT = re.compile(r"\s*(%|phần trăm)(\s*/\s*năm)?", re.I)
_MULTIPLIER = re.compile(r"\s*lần(?!\s+(?:thứ|đầu))(?!\w)", re.I)
_DURATION = re.compile(r"\s*(năm|tháng|tuần|ngày|giờ|thập kỷ|thập niên|thế kỷ)(?!\w)", re.I)
_RANGE_TAIL = re.compile(rf"\s*(?:-|–|đến|tới)\s*({NUMBER_RE})(?![\w]|[.,/]\d)")
_GROUP = re.compile(rf"\s+trong\s+(?:số\s+)?({NUMBER_RE}|\w+)\s", re.I)
_WORD = re.compile(r"[^\W\d_]+|\S", re.UNICODE)
_RANK_BEFORE = re.compile(r"(?<!\w)thứ\s+$", re.I)
_MAX_UNIT_WORDS = 6
_LOWER_PART = re.compile(rf"\s+({NUMBER_RE})")
OUT_OF_RANGE = "out-of-range"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity inside one sentence (offsets relative to the sentence)."""

    start: int  # start of the quote (hedge included)
    end: int
    num_start: int
    kind: str  # count, money, percent, multiplier, duration, rank, group, number, out-of-range
    value: Decimal | None  # None only for an out-of-range figure
    low: Decimal | None
    high: Decimal | None
    low_open: bool
    high_open: bool
    hedge: Hedge | None
    hedge_text: str | None
    unit: str | None  # currency code, %, lần, or the counted noun as written (canonical)
    read_as: str | None = None  # out-of-range: the kind the figure would have had


_SPACES = re.compile(r"\s+")


def _hedge_before(text: str, pos: int, lex: Lexicon) -> tuple[int, Hedge | None, str | None]:
    """The hedge words right before ``pos``; the one next to the number decides."""
    start, innermost = pos, None
    words: list[str] = []
    for _ in range(3):
        m = lex.hedge_tail.search(text, max(0, start - 30), start)
        if not m:
            break
        word = _SPACES.sub(" ", m.group(1).lower())
        hedge = lex.hedges_by_word.get(word)
        if hedge is None:
            break
        innermost = innermost or hedge
        words.insert(0, word)
        start = m.start(1)
    return start, innermost, (" ".join(words) or None)


def _scaled(text: str, pos: int, first: str, lex: Lexicon) -> tuple[Decimal | None, Decimal, int]:
    """Read "5 tỷ 428 triệu", "74,37 nghìn tỷ": (value, precision step, end offset).

    The value is None when the figure is out of range (see the module docstring); the
    end offset still covers its scale words.
    """
    if not figure_in_range(first):
        m = lex.scale_re.match(text, pos)
        return None, Decimal(1), m.end(1) if m else pos
    value = parse_vn_number(first)
    step = step_of(first)
    m = lex.scale_re.match(text, pos)
    if not m:
        return (value if value <= MAX_FIGURE_VALUE else None), step, pos
    factor = _factor(m.group(1), lex)
    if factor is None:
        return None, step, m.end(1)
    value, step, end = value * factor, step * factor, m.end(1)
    # A lower-order part may follow: "5 tỷ 428 triệu".
    while True:
        nxt = _LOWER_PART.match(text, end)
        if not nxt or not figure_in_range(nxt.group(1)):
            break
        m2 = lex.scale_re.match(text, nxt.end())
        if not m2:
            break
        f2 = _factor(m2.group(1), lex)
        if f2 is None or f2 >= factor:
            break
        part = parse_vn_number(nxt.group(1))
        value, step, end, factor = value + part * f2, step_of(nxt.group(1)) * f2, m2.end(1), f2
    return (value if value <= MAX_FIGURE_VALUE else None), step, end


def _factor(words: str, lex: Lexicon) -> Decimal | None:
    """The product of the scale words ("nghìn tỷ" -> 10^12); None beyond the cap, so
    that a run of thousands of "tỷ" is never multiplied out (Decimal would overflow)."""
    factor = Decimal(1)
    for w in re.findall(r"[^\W\d_]+", words.lower()):
        factor *= lex.scales.get(w, Decimal(1))
        if factor > MAX_FIGURE_VALUE:
            return None
    return factor


def _unit_phrase(text: str, pos: int, lex: Lexicon) -> tuple[str | None, int]:
    """The counted noun after a number: words up to a stop word or punctuation.

    A comma continues the phrase only into another known counted noun ("thủ đô,
    thành phố"), so lists of different things are not swallowed; a capitalised word
    that is not a known abbreviation starts a proper noun ("5 tỉnh, thành phố | Việt
    Nam") and ends the phrase.
    """
    words: list[str] = []
    end = i = pos
    after_comma = False
    while len(words) < _MAX_UNIT_WORDS:
        m = _WORD.search(text, i)
        if not m or text[i : m.start()].strip():
            break
        token = m.group(0)
        if token == "," or token.lower() == "và":
            # "thủ đô, thành phố", "quốc gia và vùng lãnh thổ": one counted noun
            if not words or not _continues_unit(text, m.end(), lex):
                break
            words.append(token)
            i, after_comma = m.end(), True
            continue
        if (
            not token[0].isalpha()
            or token.lower() in lex.unit_stop_lower
            or len(token) > MAX_WORD_CHARS  # no counted noun: a quote would hold it whole
        ):
            break
        if (
            words
            and not after_comma
            and token[0].isupper()
            and token not in lex.abbreviations
            and token not in lex.unit_capitalised
        ):
            break
        words.append(token)
        end = i = m.end()
        after_comma = False
    while words and words[-1] in (",", "và"):
        words.pop()
    if not words:
        return None, pos
    return " ".join(words).replace(" ,", ","), end


def _continues_unit(text: str, pos: int, lex: Lexicon) -> bool:
    """Whether the words after a comma (or "và") start another known counted noun, and
    not the subject of the next clause: a known noun followed by a verb or a figure
    ("14,7 triệu lượt, khách nội địa đạt 35 triệu") starts a clause of its own."""
    words: list[str] = []
    ends: list[tuple[int, int]] = []  # (words read, end offset) after each token
    i = pos
    while len(words) < lex.unit_vocabulary_words:
        nxt = _WORD.search(text, i)
        if nxt is None or text[i : nxt.start()].strip() or not nxt.group(0)[0].isalpha():
            break
        words.extend(canonical(lex.expand_abbreviations(nxt.group(0))).lower().split())
        i = nxt.end()
        ends.append((len(words), i))
    for n, end in reversed(ends):
        if " ".join(words[:n]) in lex.unit_vocabulary:
            return not _opens_clause(text, end, lex)
    return False


_CLAUSE_LOOKAHEAD = 4  # words after a counted noun searched for the verb of a clause


def _opens_clause(text: str, pos: int, lex: Lexicon) -> bool:
    """A figure or a clause verb ("đạt", "tăng": language.yml align.clause_openers)
    within a few words after ``pos`` and before any punctuation ("khách nội địa đạt"):
    the noun before it is the subject of a clause, not a counted noun."""
    opener = lex.clause_opener_re
    i = pos
    for _ in range(_CLAUSE_LOOKAHEAD):
        m = _WORD.search(text, i)
        if m is None or text[i : m.start()].strip():
            return False
        token = m.group(0)
        if token[0].isdigit():
            return True
        if not token[0].isalpha():
            return False
        if opener is not None and opener.match(canonical(text[m.start() :]).lower()):
            return True
        i = m.end()
    return False


def _states_a_difference(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """ "thấp hơn 3,4% so với cùng kỳ": the "hơn" belongs to a comparative, and the
    figure is the difference, exactly (see ``comparative_phrases`` in language.yml)."""
    before, after = lex.comparative_re, lex.compared_after_re
    if before is None or after is None:
        return False
    return (
        before.search(text, max(0, start - 40), start) is not None
        and after.match(text, end) is not None
    )


def _states_the_figure(hedge: Hedge) -> bool:
    """A hedge that says how the figure is known, not how near it is ("ước đạt"):
    the figure holds to its stated rounding."""
    return hedge.low == 0 and hedge.high == 0 and not (hedge.low_open or hedge.high_open)


def _interval(
    value: Decimal, step: Decimal, hedge: Hedge | None, exact_integer: bool
) -> tuple[Decimal | None, Decimal | None, bool, bool]:
    """The bounds a hedge and the stated precision allow (see rules hedges.yml)."""
    if hedge is None or _states_the_figure(hedge):
        if exact_integer:
            return value, value, False, False
        # Half a unit of the last stated digit either side, both ends included: "11,4"
        # and "11,5" of two differently defined totals may round one value.
        half = step / 2
        return value - half, value + half, False, False
    low = None if hedge.low is None else value + value * hedge.low
    high = None if hedge.high is None else value + value * hedge.high
    high_open = hedge.high_open
    if high is None and hedge.truncated and _exact_last_digit(value, step):
        # "hơn 82,2 tỷ": a figure stated to a non-zero last digit is truncated there
        # (82,2x); a round one ("hơn 100") says nothing of how much more.
        high, high_open = value + step, True
    return low, high, hedge.low_open, high_open


def _exact_last_digit(value: Decimal, step: Decimal) -> bool:
    """The figure's last stated digit is not a zero ("82,2", "203"; not "100", "1.500")."""
    if step <= 0:
        return False
    units = value / step
    return units == units.to_integral_value() and int(units) % 10 != 0


def _classify(text: str, end: int, lex: Lexicon) -> tuple[str, str | None, int]:
    """What follows the number decides the kind: currency, %, lần, duration, noun."""
    cur = lex.currency_re.match(text, end)
    if cur:
        return "money", lex.currencies.get(cur.group(1), cur.group(1)), cur.end()
    pct = _PERCENT.match(text, end)
    if pct:
        return "percent", "%/năm" if pct.group(2) else "%", pct.end()
    mul = _MULTIPLIER.match(text, end)
    if mul:
        return "multiplier", "lần", mul.end()
    dur = _DURATION.match(text, end)
    if dur:
        return "duration", dur.group(1).lower(), dur.end()
    unit, uend = _unit_phrase(text, end, lex)
    if unit:
        return "count", unit, uend
    return "number", None, end


def find_quantities(text: str, lex: Lexicon, folded: str | None = None) -> list[Quantity]:
    """All quantities in a blanked sentence, in order."""
    out: list[Quantity] = []
    for m in _NUMBER.finditer(text):
        if out and m.start() < out[-1].end:
            continue  # part of the previous quantity ("5 tỷ 428 triệu", a range)
        q = _quantity_at(text, m.start(), m.group(1), lex)
        if q is not None:
            out.append(q)
    out.extend(_number_words(text, fold_case(text) if folded is None else folded, lex, out))
    out.sort(key=lambda q: q.start)
    return out


def _quantity_at(text: str, start: int, num: str, lex: Lexicon) -> Quantity | None:
    group = _GROUP.match(text, start + len(num))
    if group and group.group(1)[0].isdigit():
        return None  # "1 trong 3 địa phương": the 3 carries the claim
    value, step, end = _scaled(text, start + len(num), num, lex)
    range_high: Decimal | None = None
    rng = _RANGE_TAIL.match(text, end) if value is not None else None
    if rng and value is not None:
        hv, _, hend = _scaled(text, rng.end(1), rng.group(1), lex)
        # "200 - 250 tỷ": the scale after the range applies to both ends.
        shared_scale = lex.scale_re.match(text, rng.end(1))
        if end == start + len(num) and shared_scale:
            shared = _factor(shared_scale.group(1), lex)
            value = value * shared if shared is not None else None
            if value is not None and value > MAX_FIGURE_VALUE:
                value = None
        if hv is None or value is None:
            value, end = None, hend  # one end out of range: the whole range is
        elif hv > value:
            range_high, end = hv, hend
    kind, unit, uend = _classify(text, end, lex)
    qstart, hedge, hedge_text = _hedge_before(text, start, lex)
    if hedge is not None and _states_a_difference(text, start, uend, lex):
        qstart, hedge, hedge_text = start, None, None
    if value is None:
        return Quantity(
            qstart, uend, start, OUT_OF_RANGE, None, None, None, False, False, hedge,
            hedge_text, unit, read_as=kind,
        )  # fmt: skip
    if _RANK_BEFORE.search(text, max(0, start - 6), start):
        kind, hedge, hedge_text, qstart = "rank", None, None, start
    exact = (
        kind in ("count", "number", "rank", "duration")
        and step == 1
        and value == value.to_integral()
    )
    low, high, lo_open, hi_open = _interval(value, step, hedge, exact)
    if range_high is not None:
        low, high, lo_open, hi_open = value, range_high, False, False
    back = _group_start(text, start)
    if back is not None:
        kind, qstart = "group", back
    return Quantity(
        qstart, uend, start, kind, value, low, high, lo_open, hi_open, hedge, hedge_text, unit
    )


_GROUP_BEFORE = re.compile(rf"(?<!\w)({NUMBER_RE}|một|hai|ba)\s+trong\s+(?:số\s+)?$", re.I)


def _group_start(text: str, start: int) -> int | None:
    """Start of "1 trong" / "một trong" before a number, if present."""
    # Compiled once: building the pattern string per figure and looking it up in re's
    # cache cost more than the search.  "trong" is in every match: most figures lack it.
    window = text[max(0, start - 20) : start]
    if "trong" not in window.lower():
        return None
    m = _GROUP_BEFORE.search(window)
    return None if m is None else max(0, start - 20) + m.start()


def _number_words(text: str, folded: str, lex: Lexicon, numeric: list[Quantity]) -> list[Quantity]:
    """Quantities written in words ("ba TP", "bốn trụ cột") before a counted noun."""
    out: list[Quantity] = []
    matches = list(lex.number_word_re.finditer(folded))
    blocked: list[tuple[int, int]] = []
    if matches and lex.not_quantity_phrases is not None:
        blocked = [(m.start(), m.end()) for m in lex.not_quantity_phrases.finditer(folded)]
    for m in matches:
        if any(s <= m.start() < e for s, e in blocked):
            continue
        if any(q.start <= m.start() < q.end for q in numeric):
            continue
        word = squash(m.group(0))
        mul = _MULTIPLIER.match(text, m.end())
        unit, uend = ("lần", mul.end()) if mul else _unit_phrase(text, m.end(), lex)
        if not unit:
            continue
        if word == "năm" and lex.unit_family(fold(lex.expand_abbreviations(unit))) is None:
            continue  # "năm" is "year" far more often than "five"
        value = Decimal(lex.number_words[word])
        qstart, hedge, hedge_text = _hedge_before(text, m.start(), lex)
        low, high, lo_open, hi_open = _interval(value, Decimal(1), hedge, True)
        kind, start = ("multiplier" if mul else "count"), qstart
        back = _group_start(text, m.start())
        if back is not None:
            kind, start = "group", back
        out.append(
            Quantity(
                start,
                uend,
                m.start(),
                kind,
                value,
                low,
                high,
                lo_open,
                hi_open,
                hedge,
                hedge_text,
                unit,
            )
        )
    return out
