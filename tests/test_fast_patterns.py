"""The speed-ups of pattern matching must not change what matches.

- A gate (checker.prefilter) may only skip a pattern on text where it cannot match.
- A word pattern built as a trie matches what the plain longest-first alternation of the
  same words matches.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.extract.lexicon import _word_pattern
from checker.pipeline import Engine
from checker.prefilter import Gated, Probe, fold_case, for_folded_text, hoist_boundary, required

_ENGINE = Engine.load()

# Letters that exercise case folding: Vietnamese, and the letters re folds specially.
_LETTERS = "aAáÁăĂđĐeEhHnNoOsStTuUiIıİſKkµμ"
_TEXT = st.text(alphabet=_LETTERS + " \t\n0123456789.,:/-@()|", max_size=60)


def _pack_patterns() -> list[re.Pattern[str]]:
    know = _ENGINE.know
    patterns = [re.compile(p) for p in know.not_quantity]
    for key in ("tail_patterns", "line_patterns", "inline_patterns", "caption_patterns"):
        patterns += [re.compile(p, re.IGNORECASE) for p in know.furniture.get(key, ())]
    return patterns


@pytest.mark.parametrize("pattern", _pack_patterns(), ids=lambda p: p.pattern[:40])
@settings(max_examples=150, deadline=None)
@given(prefix=_TEXT, suffix=_TEXT, data=st.data())
def test_a_gate_never_skips_text_that_matches(
    pattern: re.Pattern[str], prefix: str, suffix: str, data: st.DataObject
) -> None:
    gated = Gated.of(pattern)
    # Random text rarely matches, so also plant one of the pattern's own needles.
    needle = data.draw(st.sampled_from([n for n, _ in gated.needles or [("", False)]]))
    for text in (prefix + suffix, prefix + needle + suffix, prefix + needle.upper() + suffix):
        if pattern.search(text):
            assert gated.may_match(Probe(text)), text


def test_gates_read_the_strings_a_match_needs() -> None:
    req = required(re.compile(r"(?i)\b(?:nghị quyết|chỉ thị)\s+(?:số\s+)?\d+\b"))
    assert req.needles == {("nghị quyết", True), ("chỉ thị", True)} and req.digit
    assert required(re.compile(r"\b\d{1,2}:\d{2}")).needles == {(":", False)}
    # An optional part requires nothing; a branch needs every alternative to require.
    assert required(re.compile(r"(?:www\.)?\S+")).needles is None
    assert not required(re.compile(r"COVID|\d+")).digit
    # Scoped flags: only the scoped part is compared ignoring case.
    assert required(re.compile(r"(?i:Ảnh)")).needles == {("ảnh", True)}


def test_a_gate_lets_the_pattern_run_where_it_may_match() -> None:
    gated = Gated.of(re.compile(r"(?i)\blượt xem\s*:\s*\d+"))
    assert gated.may_match(Probe("Lượt XEM: 120"))
    assert not gated.may_match(Probe("không có gì ở đây 120"))
    assert not gated.may_match(Probe("lượt xem: không có số"))  # needs a digit


def test_fold_case_keeps_offsets() -> None:
    text = "İstanbul ſ Hà NỘI Σ"
    assert len(fold_case(text)) == len(text)
    assert fold_case(text).startswith("istanbul s hà nội")


_WORDS = st.lists(
    st.text(alphabet="abn ăđ", min_size=1, max_size=6).map(lambda w: " ".join(w.split())),
    min_size=1,
    max_size=8,
).map(lambda ws: [w for w in ws if w])


@settings(max_examples=300, deadline=None)
@given(words=_WORDS, text=st.text(alphabet="abn ăđ,.\n", max_size=50))
def test_a_trie_matches_what_the_longest_first_alternation_matches(
    words: list[str], text: str
) -> None:
    if not words:
        return
    forms = sorted({fold_case(w) for w in words}, key=len, reverse=True)
    plain = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in forms) + r")(?!\w)"
    )
    trie = _word_pattern(words)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _rewritten() -> list[tuple[str, re.Pattern[str], re.Pattern[str], bool]]:
    """(name, the pattern as first written, as rewritten for speed, on folded text)."""
    import checker.extract as extract
    from checker import segment
    from checker.extract import events, quantities
    from checker.numbers import NUMBER_RE

    return [
        (
            "number",
            re.compile(rf"(?<![\w.,/\-–])({NUMBER_RE})(?![\w]|[.,/]\d)"),
            quantities._NUMBER,
            False,
        ),
        (
            "candidate",
            re.compile(r"(?<![.!?…])[.!?…]++[\"”’»)\]]*+(?=\s)"),
            segment._CANDIDATE,
            False,
        ),
        ("roman", re.compile(r"(?<!\w)[IVXLC]+(?!\w)"), events._ROMAN_TOKEN, False),
        (
            "acronym-number",
            re.compile(
                r"(?<![\w-])((?:[A-ZĐ]{2,}[a-z]*)(?:\s[A-Z][a-z]+)?)\s?[-–]?\s?(\d{1,4})(?![\w.,/]\d|\w)"
            ),
            events._ACRONYM_NUM,
            False,
        ),
        (
            "acronym-year",
            re.compile(r"(?<![\w-])([A-ZĐ]{2,}[a-z]*)\s*\(\s*(?:năm\s+)?(\d{4})\s*\)"),
            events._ACRONYM_YEAR,
            False,
        ),
        (
            "clause-break",
            re.compile(r"[;:]|\btrong\s+đó\b|\bđồng\s+thời\b", re.I),
            extract._CLAUSE_BREAK,
            True,
        ),
    ]


_MIXED = st.text(
    alphabet='0123456789.,/-–:; ()!?…"”\n IVXLCabzAZĐđlầnthứrogđóồờiASEMApec',
    max_size=40,
)


@pytest.mark.parametrize("case", _rewritten(), ids=lambda c: c[0])
@settings(max_examples=400, deadline=None)
@given(text=_MIXED)
def test_patterns_rewritten_for_speed_match_as_first_written(
    case: tuple[str, re.Pattern[str], re.Pattern[str], bool], text: str
) -> None:
    _, first, fast, on_folded = case
    subject = fold_case(text) if on_folded else text
    assert [(m.span(), m.groups()) for m in fast.finditer(subject)] == [
        (m.span(), m.groups()) for m in first.finditer(text)
    ]


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="TPƯKX.-H Cà_1,", max_size=30))
def test_content_words_read_abbreviations_as_first_written(text: str) -> None:
    lex = _ENGINE.lex
    first = re.compile(rf"(?<![\w.])(?:{lex._abbreviation_alt})(?!\w)|[^\W_]+")
    assert [m.span() for m in lex.word_re.finditer(text)] == [
        m.span() for m in first.finditer(text)
    ]


def _time_patterns_as_first_written() -> dict[str, re.Pattern[str]]:
    from checker.extract.timeexpr import _D, _NUMWORD_MONTHS, _SEP, _Y

    at = r"(?:ngày|sáng|chiều|tối|trưa|đêm)"
    written = {
        "month_span": rf"(?:từ\s+)?(?:ngày\s+)?{_D}{_SEP}{_D}\s*(?:-|–|đến)\s*(?:ngày\s+)?"
        rf"{_D}{_SEP}{_D}{_SEP}{_Y}(?!\d)",
        "date_range": rf"(?:ngày\s+)?{_D}\s*(?:và|-|–|đến)\s*{_D}{_SEP}{_D}{_SEP}{_Y}(?!\d)",
        "date": rf"(?:{at}\s+)?{_D}\s*([/.-])\s*{_D}\s*\2\s*{_Y}(?!\d)",
        "day_range": rf"(?:ngày|từ ngày|từ)\s+{_D}\s*[-–]\s*{_D}{_SEP}{_D}(?![\d/])",
        "day": rf"{at}\s+{_D}{_SEP}{_D}(?![\d/])",
        "months_of": rf"(\d{{1,2}}|{'|'.join(_NUMWORD_MONTHS)})\s+tháng\s+(đầu|cuối)?\s*"
        rf"(?:năm\s+)?{_Y}(?!\d)",
        "quarter": rf"quý\s+(I{{1,3}}|IV|[1-4])\s*(?:/|năm)\s*{_Y}(?!\d)",
        "century": r"thế\s+kỷ\s+(\d{1,2}|[IVXL]+)(?!\w)",
        "decade": r"(?:những|các|thập kỷ|thập niên)\s+năm\s+(\d{3}0)(?!\d)",
        "year_range": rf"(?:(?:giai đoạn|thời kỳ|nhiệm kỳ|từ năm|từ|trong)\s+)?"
        rf"{_Y}\s*(?:-|–|đến|tới)\s*(?:năm\s+)?{_Y}(?!\d)",
        "year": rf"(?:(?:vào\s+)?năm\s+{_Y}|\(\s*(?:năm\s+)?{_Y}\s*\))(?!\d)",
    }
    return {kind: re.compile(p, re.IGNORECASE) for kind, p in written.items()}


_TIME_WORDS = (
    "ngày Ngày sáng từ Từ đến và năm Năm vào tháng quý Quý II iv thế kỷ XXI những các "
    "thập kỷ giai đoạn trong đầu cuối sáu ( ) / - – . 5 12 27 2019 2020 1990 5/6 "
    "5/6/2019 27-28/2/2019 2018-2019 1/2/2021"
)
_TIME_TOKENS = st.sampled_from(_TIME_WORDS.split(" "))


@pytest.mark.parametrize("kind", sorted(_time_patterns_as_first_written()))
@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(_TIME_TOKENS, max_size=12), glue=st.sampled_from([" ", "  ", "", "\n"]))
def test_time_patterns_split_for_speed_match_as_first_written(
    kind: str, tokens: list[str], glue: str
) -> None:
    from checker.extract.timeexpr import _PATTERNS

    text = glue.join(tokens)
    first = _time_patterns_as_first_written()[kind]
    fast = dict(_PATTERNS)[kind]
    expected = [
        (m.start(), m.end(), tuple(g if g is None else fold_case(g) for g in m.groups()))
        for m in first.finditer(text)
    ]
    got = list(fast.matches(fold_case(text)))
    if kind == "year":  # three shapes now: the year is whichever group matched
        expected = [(s, e, tuple(g for g in gs if g)) for s, e, gs in expected]
        got = [(s, e, tuple(g for g in gs if g)) for s, e, gs in got]
    assert got == expected


def _hoisted_cases() -> list[str]:
    know = _ENGINE.know
    sources = list(know.not_quantity)
    for key in ("tail_patterns", "line_patterns", "inline_patterns", "caption_patterns"):
        sources += list(know.furniture.get(key, ()))
    sources += [r"\b\d{1,2}h\d{2}\b", r"(?i)\b[a-zđ]{2,}\d", r"\b\d{3}x", r"\b\dx\b"]
    return [s for s in sources if hoist_boundary(s) != s]


@pytest.mark.parametrize("source", _hoisted_cases())
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="0123456789hHxXaĐđ.:/- _\n", max_size=30))
def test_a_hoisted_boundary_matches_as_first_written(source: str, text: str) -> None:
    first, fast = re.compile(source), re.compile(hoist_boundary(source))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in first.finditer(text)]


def test_only_boundaries_before_a_letter_or_digit_are_hoisted() -> None:
    assert hoist_boundary(r"\b\d{1,2}:\d{2}") == r"\d(?<!\w.)\d{0,1}:\d{2}"
    assert hoist_boundary(r"(?i)\b\d+\.0\b") == r"(?i)\d(?<!\w.)\d*\.0\b"
    assert hoist_boundary(r"\b(?:ab|c\d)x") == r"(?:a(?<!\w.)b|c(?<!\w.)\d)x"
    for kept in (r"\b\d*x", r"\b\d+?x", r"\b[.a]x", r"\b(?:a+b|c)", r"\b(?:[ab]|c)", r"\b\d{0,2}x"):
        assert hoist_boundary(kept) == kept


@pytest.mark.parametrize("source", _hoisted_cases())
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_hoisted_boundary_matches_as_first_written_on_its_own_words(
    source: str, data: st.DataObject
) -> None:
    # Text made of the pattern's own words, cased at random, glued with or without space.
    words = [*re.findall(r"[^\W\d_]+", source), "12", "2019", "4", ".0", ":", "/", "-", "x"]
    tokens = data.draw(st.lists(st.sampled_from(words), max_size=10))
    tokens = [t.upper() if data.draw(st.booleans()) else t for t in tokens]
    text = data.draw(st.sampled_from([" ", "", "x"])).join(tokens)
    first, fast = re.compile(source), re.compile(hoist_boundary(source))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in first.finditer(text)]


@pytest.mark.parametrize("source", list(_ENGINE.know.not_quantity), ids=lambda s: s[:30])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_pack_patterns_made_fast_match_as_first_written(source: str, data: st.DataObject) -> None:
    words = [*re.findall(r"[^\W\d_]+", source), "12", "2019", "4.0", ":", "/", "-", "@", "ſ"]
    tokens = data.draw(st.lists(st.sampled_from(words), max_size=10))
    tokens = [t.upper() if data.draw(st.booleans()) else t for t in tokens]
    text = data.draw(st.sampled_from([" ", "", "x", ": "])).join(tokens)
    fast = Gated.fast(source)
    got = [m.span() for m in fast.pattern.finditer(fast.subject(Probe(text)))]
    assert got == [m.span() for m in re.compile(source).finditer(text)]


def test_only_patterns_that_ignore_case_run_on_folded_text() -> None:
    assert for_folded_text(r"(?i)\bLượt Xem\s*:\s*\D") == r"\blượt xem\s*:\s*\D"
    for kept in (r"\bLượt", r"(?i)\u00C0", r"(?i)(?P<Y>\d)", r"(?i)a(?-i:B)"):
        assert for_folded_text(kept) is None


def test_letters_are_not_hoisted_when_case_is_ignored() -> None:
    assert hoist_boundary(r"(?i)\bảnh\s*:") == r"(?i)\bảnh\s*:"
    assert hoist_boundary(r"\bảnh\s*:", ignorecase=True) == r"\bảnh\s*:"
    assert hoist_boundary(r"\bảnh\s*:") == r"ả(?<!\w.)nh\s*:"
    assert hoist_boundary(r"(?i)\b\d+x") == r"(?i)\d(?<!\w.)\d*x"
