"""Properties of the extractor (hypothesis): hedged intervals, robustness on arbitrary
text, verbatim quotes and positions, and linear running time."""

from __future__ import annotations

import re
import time
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checker.extract import extract_claims
from checker.knowledge import Hedge
from checker.model import Claim, Source, Span
from checker.numbers import format_vn_number
from checker.pipeline import Engine
from checker.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ENGINE = Engine.load()
HEDGES: list[tuple[str, Hedge]] = sorted(
    ((word, hedge) for hedge in ENGINE.know.hedges for word in hedge.words),
    key=lambda pair: pair[0],
)


def make_source(text: str, path: str = "generated.txt") -> Source:
    """A Source whose body is every non-blank line of ``text`` (trimmed), as ingest does."""
    body = []
    pos = 0
    for line in re.split(r"(?<=\n)", text):
        content = line.rstrip("\n")
        stripped = content.strip()
        if stripped:
            start = pos + len(content) - len(content.lstrip())
            body.append(Span(start, start + len(stripped)))
        pos += len(line)
    return Source(path=path, text=text, encoding="utf-8", body=tuple(body))


def extract(text: str) -> list[Claim]:
    source = make_source(text)
    return extract_claims(source, split_sentences(source), ENGINE.lex)[1]


# ---------------------------------------------------------------------------------------
# hedged intervals

# (unit as written, kind, factor the number is multiplied by)
UNITS = [
    ("tỷ USD", "money", Decimal(10) ** 9),
    ("triệu USD", "money", Decimal(10) ** 6),
    ("nghìn tỷ đồng", "money", Decimal(10) ** 12),
    ("tỷ đồng", "money", Decimal(10) ** 9),
    ("USD", "money", Decimal(1)),
    ("%", "percent", Decimal(1)),
    ("lần", "multiplier", Decimal(1)),
    ("dự án", "count", Decimal(1)),
    ("đoàn khách quốc tế", "count", Decimal(1)),
    ("triệu lượt khách", "count", Decimal(10) ** 6),
]

numbers = st.one_of(
    st.integers(min_value=1, max_value=999_999).map(Decimal),
    st.decimals(
        min_value=Decimal("0.01"), max_value=Decimal(99_999), places=3,
        allow_nan=False, allow_infinity=False,
    ),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(HEDGES), numbers, st.sampled_from(UNITS))
def test_an_interval_holds_its_point_unless_the_hedge_excludes_it(
    hedge: tuple[str, Hedge], number: Decimal, unit: tuple[str, str, Decimal]
) -> None:
    word, expected = hedge
    written, kind, factor = unit
    assume(number > 0)
    phrase = f"{word} {format_vn_number(number)} {written}"
    text = f"Thành phố thu hút {phrase} vào năm 2023."
    claims = [c for c in extract(text) if c.quote == phrase]
    assert claims, f"{phrase!r} not found in {[c.quote for c in extract(text)]}"
    claim = claims[0]
    point = number * factor
    assert claim.kind == kind
    assert claim.value == point
    assert claim.hedge == expected.cls
    assert claim.time == "2023"
    low, high = claim.low, claim.high
    if expected.cls == "under":  # "gần 100": below 100, never reaching it
        assert high == point and claim.high_open
        assert low is not None and low < point
    elif expected.cls == "over":  # "hơn 100": above 100, never at it
        assert low == point and claim.low_open
        # Unbounded unless the hedge truncates: then below the next unit of a non-zero
        # last digit ("hơn 82,2 tỷ" < 82,3 tỷ), unbounded for a round figure.
        assert high is None or (expected.truncated and high > point and claim.high_open)
    elif expected.high == 0 and expected.high_open:  # "dưới 100"
        assert high == point and claim.high_open
    elif expected.low == 0 and expected.low_open:
        assert low == point and claim.low_open
    else:
        assert low is None or low < point or (low == point and not claim.low_open)
        assert high is None or point < high or (high == point and not claim.high_open)


@settings(max_examples=150, deadline=None)
@given(numbers, st.sampled_from(UNITS))
def test_an_unhedged_figure_holds_its_point(
    number: Decimal, unit: tuple[str, str, Decimal]
) -> None:
    written, kind, factor = unit
    phrase = f"{format_vn_number(number)} {written}"
    claims = [c for c in extract(f"Thành phố thu hút {phrase}.") if c.quote == phrase]
    assert claims
    claim = claims[0]
    point = number * factor
    assert claim.hedge is None
    assert claim.low is not None and claim.high is not None
    assert claim.low <= point <= claim.high
    assert not claim.low_open and not claim.high_open
    if kind == "count" and factor == 1 and number == number.to_integral():
        assert claim.low == claim.high == point  # a whole count is exact


# ---------------------------------------------------------------------------------------
# arbitrary text: never raises; quotes, lines and columns point at the text

_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯHNTQV"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
_COMBINING = "\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b"
_PUNCT = " .,;:!?()[]“”\"'/-–%…|*#\u00a0\t"
chars = st.sampled_from([*_LETTERS, *"0123456789", *_PUNCT, *_COMBINING, "\n", "\r"])

TOKENS = [
    "hơn", "gần", "khoảng", "trên dưới", "tới", "ít nhất", "ước đạt", "dưới", "lên tới gần",
    "2.607", "2,85", "5", "12", "100", "1.500", "70.000", "2019", "2018-2019", "1989 - 2005",
    "tỷ", "triệu", "nghìn", "USD", "đồng", "%", "%/năm", "lần", "lần thứ", "thứ", "XIII",
    "năm", "tháng", "ngày", "15/12/2000", "27 và 28/2/2019", "3-7/10", "Tháng 10/2024",
    "6 tháng đầu năm 2018", "giai đoạn", "đến nay", "hằng năm", "tương ứng", "và", "trong đó",
    "một trong", "ba", "bốn", "hai bên", "Năm là,", "dự án", "thủ đô", "TP", "đoàn khách",
    "ASEM", "IPU-132", "Đại hội", "Hội nghị", "thế kỷ", "(", ")", ",", ".", ";", ":", "\n",
    "15-NQ/TW", "4.0", "2:46 PM", "https://x.vn/2023/1", "ANMC21", "hoà", "thuý", "quý",
]  # fmt: skip
token_text = st.lists(st.sampled_from(TOKENS), max_size=60).flatmap(
    lambda tokens: st.lists(
        st.sampled_from([" ", " ", " ", "", "\u0301"]), min_size=len(tokens), max_size=len(tokens)
    ).map(lambda seps: "".join(t + s for t, s in zip(tokens, seps, strict=True)))
)
any_text = st.one_of(st.text(chars, max_size=400), token_text, st.text(max_size=200))

_BREAK = re.compile(r"\r\n|\n|\r")


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``; "\\r\\n", "\\n" and "\\r" end lines."""
    line, start = 1, 0
    for m in _BREAK.finditer(text, 0, offset):
        line, start = line + 1, m.end()
    return line, offset - start + 1


def _check_claims(text: str) -> None:
    source = make_source(text)
    _, claims = extract_claims(source, split_sentences(source), ENGINE.lex)
    for c in claims:
        assert 0 <= c.start <= c.end <= len(text)
        assert c.quote == text[c.start : c.end]
        assert c.quote.strip()
        assert (c.line, c.column) == line_column(text, c.start)
        assert c.low is None or c.high is None or c.low <= c.high


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_the_extractor_never_raises_and_quotes_are_verbatim(text: str) -> None:
    _check_claims(text)


@pytest.mark.parametrize("text", ["Hà Nội có 5 dự án,\u0301 thủ đô", "có 5 thủ đô, \u0323"])
def test_a_combining_mark_after_a_comma_does_not_crash(text: str) -> None:
    _check_claims(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Hà Nội có 61\u0301 thủ đô, ho\u0300a bình", "61"),
        ("Đạt hơn 2,85\u0301 tỷ USD năm 2023, ho\u0300a", "2,85"),
    ],
)
def test_a_loose_combining_mark_does_not_cut_the_quote(text: str, number: str) -> None:
    _check_claims(text)
    assert any(number in c.quote for c in extract(text))


@settings(max_examples=100, deadline=None)
@given(token_text)
def test_nfd_text_gives_the_same_claims(text: str) -> None:
    def signature(claims: list[Claim]) -> list[tuple[object, ...]]:
        return [
            (c.line, c.kind, c.value, c.low, c.high, c.hedge, c.unit, c.time, c.event)
            for c in claims
        ]

    nfc = unicodedata.normalize("NFC", text)
    assert signature(extract(unicodedata.normalize("NFD", nfc))) == signature(extract(nfc))


def test_quotes_and_positions_on_the_seeds_with_crlf() -> None:
    for path in SEEDS:
        text = path.read_text("utf-8")
        _check_claims(text)
        _check_claims(text.replace("\n", "\r\n"))
        _check_claims(unicodedata.normalize("NFD", text))


# ---------------------------------------------------------------------------------------
# running time grows linearly with the text


def _best_time(text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        source = make_source(text)
        t0 = time.perf_counter()
        extract_claims(source, split_sentences(source), ENGINE.lex)
        best = min(best, time.perf_counter() - t0)
    return best


def test_time_grows_linearly_with_length() -> None:
    seed = max(SEEDS, key=lambda p: p.stat().st_size).read_text("utf-8")
    _best_time(seed, runs=1)  # warm caches (compiled patterns, lexicon properties)
    per_unit = {n: _best_time("\n\n".join([seed] * n)) / n for n in (1, 4, 16)}
    # Generous: a loaded 2-core machine adds noise, a quadratic step would add 16x.
    assert per_unit[16] < 1.8 * per_unit[1], per_unit
    assert per_unit[4] < 1.8 * per_unit[1], per_unit


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 30/2/2019, hội nghị khai mạc tại Hà Nội.",
        "Từ ngày 31/4 đến nay, thành phố đón 200 đoàn.",
        "Hội nghị diễn ra ngày 27 và 31/2/2019.",
    ],
)
def test_impossible_dates_are_not_dates_and_do_not_crash(text: str) -> None:
    """A perturbed corpus found "30/2": a typo must not abort the run or become a date."""
    _check_claims(text)
    assert not [c for c in extract(text) if c.kind == "date"]


def test_one_long_sentence_is_linear_too() -> None:
    """Many figures in one endless sentence (a page with no full stops): lookups of times,
    clauses and overlaps must not rescan the sentence for each figure."""
    unit = "Năm 2023 tỉnh thu hút 5 tỷ USD; hơn 30 dự án, tăng 12% so với năm 2022, "

    def best_of_three(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            extract(text)
            best = min(best, time.perf_counter() - t0)
        return best

    small, large = best_of_three(unit * 150), best_of_three(unit * 1200)
    assert large < small * 8 * 2.5, (small, large)
