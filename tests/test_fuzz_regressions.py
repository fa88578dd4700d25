"""Bugs the property fuzz of the pipeline (scripts/fuzz.py) found, one test each.

Each test runs the whole pipeline and every renderer on a small article, as the fuzz
does, so that a crash anywhere between ingest and the outputs fails it.
"""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.model import Claim, Report
from checker.numbers import MAX_FIGURE_DIGITS
from checker.pipeline import Engine, check
from checker.prefilter import Gated, anchor_leading_run, fold_case
from checker.report import RENDERERS, render, render_claims_csv

ENGINE = Engine.load()
OUT_OF_RANGE = "out-of-range"


def run(tmp_path: Path, *texts: str) -> Report:
    """Check one article per text and render every format; return the report."""
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, "utf-8")
    report = check([tmp_path], ENGINE)
    for fmt in RENDERERS:
        render(report, fmt)
    render_claims_csv(report)
    json.loads(render(report, "json"))
    return report


def figures(report: Report) -> list[Claim]:
    return [c for c in report.claims if c.kind not in ("date", "period", "event")]


# ---------------------------------------------------------------------------------------
# figures beyond what an article states: out of range, shown, never compared


def test_a_4301_digit_figure_is_out_of_range_and_json_renders(tmp_path: Path) -> None:
    report = run(tmp_path, f"Năm 2023, thành phố có {'1' * 4301} dự án đầu tư.")
    (claim,) = figures(report)
    assert claim.kind == OUT_OF_RANGE
    assert claim.value is claim.low is claim.high is None
    assert claim.quote.startswith("1111") and claim.quote.endswith("dự án đầu tư")
    assert claim.unit == "dự án đầu tư"  # what it would have counted, for the reader


def test_a_200000_digit_figure_takes_well_under_a_second(tmp_path: Path) -> None:
    # Before the cap: minutes in int(Decimal) and a crash printing the JSON.
    text = f"Năm 2023, tổng vốn đạt {'9' * 200_000} USD và 1{'.000' * 60_000} đồng."
    start = time.process_time()  # CPU time: the machine running the suite may be busy
    report = run(tmp_path, text)
    assert time.process_time() - start < 1.0
    assert [c.kind for c in figures(report)] == [OUT_OF_RANGE, OUT_OF_RANGE]


def test_the_cap_is_on_digits_written(tmp_path: Path) -> None:
    # Below 10^24, so only the digits decide: 20 before the comma and 8 or 9 after it.
    at_cap = "1" * 20 + "," + "1" * (MAX_FIGURE_DIGITS - 20)
    report = run(tmp_path, f"Năm 2023 có {at_cap} dự án và {at_cap}1 dự án khác.")
    first, second = figures(report)
    assert first.kind == "count" and first.value == Decimal(at_cap.replace(",", "."))
    assert second.kind == OUT_OF_RANGE


@pytest.mark.parametrize(
    ("figure", "kind"),
    [
        ("1 triệu tỷ tỷ USD", "money"),  # 10^24: the largest value a figure may have
        ("2 triệu tỷ tỷ USD", OUT_OF_RANGE),
        ("5 tỷ tỷ tỷ đồng", OUT_OF_RANGE),
        ("1.000.000.000.000.000.000.000.001 USD", OUT_OF_RANGE),
        ("999 - 1 triệu tỷ tỷ USD", OUT_OF_RANGE),  # the scale after a range applies to both
    ],
)
def test_a_value_above_ten_to_the_24_is_out_of_range(
    tmp_path: Path, figure: str, kind: str
) -> None:
    (claim,) = figures(run(tmp_path, f"Năm 2023 vốn FDI đạt {figure}."))
    assert claim.kind == kind
    assert claim.unit in ("USD", "VND")


def test_thousands_of_scale_words_do_not_overflow_decimal(tmp_path: Path) -> None:
    # decimal.Overflow: 120,000 "tỷ" were multiplied out to 10^1080000.
    report = run(tmp_path, "Năm 2023 có 5 " + "tỷ " * 120_000 + "USD.")
    assert [c.kind for c in figures(report)] == [OUT_OF_RANGE]


def test_a_range_with_an_end_out_of_range_is_out_of_range(tmp_path: Path) -> None:
    report = run(tmp_path, f"Năm 2023 có 200 - {'9' * 50} dự án.")
    (claim,) = figures(report)
    assert claim.kind == OUT_OF_RANGE and claim.quote.endswith("dự án")


def test_a_lower_order_part_out_of_range_ends_the_figure(tmp_path: Path) -> None:
    report = run(tmp_path, f"Năm 2023 vốn đạt 5 tỷ {'4' * 40} triệu USD.")
    read = [(c.kind, c.value, c.unit) for c in figures(report)]
    assert read == [("number", Decimal(5) * 10**9, None), (OUT_OF_RANGE, None, "USD")]


def test_out_of_range_figures_are_never_aligned(tmp_path: Path) -> None:
    a = f"Năm 2023, Hà Nội thu hút hơn {'7' * 40} USD vốn FDI."
    b = f"Năm 2023, Hà Nội thu hút hơn {'8' * 40} USD vốn FDI."
    report = run(tmp_path, a, b)
    assert [c.kind for c in figures(report)] == [OUT_OF_RANGE, OUT_OF_RANGE]
    assert not report.facts and not report.findings


# ---------------------------------------------------------------------------------------
# long words: every pattern of the extractor and of the generic pack stays linear


def _seconds(tmp_path: Path, name: str, text: str) -> float:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "a.txt").write_text(text, "utf-8")
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        check([folder], ENGINE)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    ("before", "unit", "after"),
    [
        ("", "1/", ""),  # the document-number pattern retried after every "digit/"
        ("", "@", ""),  # "\S+@\S+\.\w+" looked for a dot after every "@"
        ("", "a@", ""),
        ("", "a", ""),  # ... and for an "@" from every letter of a long word
        ("", "1/A", ""),
        ("", "A-", ""),
        ("MMDCCXV", "1", "abc"),  # a code "ANMC21": "\d+[A-Z\d]*" split the digits (hang)
        ("1/", "A", "1"),  # a document number's last part split the run of capitals
        ("số", " ", "x"),  # "\s*:?\s*" split the spaces
    ],
)
def test_a_long_word_costs_linear_time(tmp_path: Path, before: str, unit: str, after: str) -> None:
    # The sentence holds an "@" and a digit, so that the gated pack patterns run on it.
    def article(n: int) -> str:
        return f"Năm 2023 có 5 dự án @ 7 {before}{unit * n}{after} và 3 tỷ USD."

    _seconds(tmp_path, "warm", article(10))
    small = _seconds(tmp_path, "small", article(5_000 // len(unit)))
    large = _seconds(tmp_path, "large", article(40_000 // len(unit)))
    # Eight times the text: linear is 8x, quadratic 64x; generous for a loaded machine.
    assert large < small * 8 * 3 + 0.05, (small, large)


# Patterns of the shape anchor_leading_run rewrites, with texts made of their pieces.
_RUN_PATTERNS = [
    r"\S+@\S+\.\w+",
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    r"\d+(?:,\d+)?%",
    r"\w+?-\d",
    r"[^\s/]+/\d+",
    r".+x$",
    r"(?i)\S++a",
    r"\s+tỷ",
]


def _same_matches(pattern: str, text: str) -> None:
    gated = Gated.fast(pattern)
    assert gated.as_written is not None  # the pattern was anchored
    subject = fold_case(text) if gated.on_folded else text
    found = [m.span() for m in gated.finditer(subject)]
    assert found == [m.span() for m in re.finditer(pattern, text)], (pattern, text)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\w+?-\d", "a-1b-2"),  # the second match starts where the first ended, in a run
        (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "a@b.c+d@e.f"),
    ],
)
def test_a_match_right_after_a_match_inside_a_run_is_found(pattern: str, text: str) -> None:
    # The anchored pattern alone skips it: its look-behind sees the run going on.
    anchored = list(re.finditer(anchor_leading_run(pattern), text))
    assert len(anchored) == len(list(re.finditer(pattern, text))) - 1
    _same_matches(pattern, text)


# Texts of pieces that the patterns match and that follow each other (one match right
# after another is where anchoring alone goes wrong); single characters would rarely be.
_PIECES = ["a", "A", "b", "1", "-", "@", ".", ",", "+", "x", "%", "/", " ", "\n", "tỷ", "a-1"]
_PIECES += ["b@c.d", "1,5%", "x/2"]


@settings(max_examples=500, deadline=None)
@given(
    pattern=st.sampled_from(_RUN_PATTERNS),
    text=st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
)
def test_anchoring_a_leading_run_keeps_the_matches(pattern: str, text: str) -> None:
    _same_matches(pattern, text)


def test_the_pack_patterns_are_anchored_where_they_start_with_a_run() -> None:
    email = next(g for g in ENGINE.lex.not_quantity if "@" in g.pattern.pattern)
    assert email.pattern.pattern.startswith(r"[\w.+-](?<![\w.+-]")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AĐMZ019a _-", max_size=30))
def test_the_code_pattern_matches_as_it_did_before_it_was_made_linear(text: str) -> None:
    before, now = r"\b[A-ZĐ]{1,}\d+[A-Z\d]*\b", r"\b[A-ZĐ]+\d[A-Z\d]*\b"
    assert [m.span() for m in re.finditer(now, text)] == [
        m.span() for m in re.finditer(before, text)
    ]


# Pack patterns made linear, each with the form it had: (before, now, alphabet).
_REWRITTEN = [
    (
        r"\b\d(?<!\d/\d)\d*(?:/\d+)*[-/][A-ZĐ]+(?:[-/][A-ZĐ]+)*[-/]?(?:[A-ZĐa-zđ]+)?\b",
        r"\b\d(?<!\d/\d)\d*(?:/\d+)*[-/][A-ZĐ]+(?:[-/][A-ZĐ]+)*[-/]?(?:[a-zđ][A-ZĐa-zđ]*)?\b",
        "1/-AĐQaqđ .",
    ),
    (
        r"(?i)\b(?:số|mã số|hotline)\s*:?\s*\d[\d .-]{6,}",
        r"(?i)\b(?:số|mã số|hotline)\s*(?::\s*)?\d[\d .-]{6,}",
        "số mãSỐ:1 .-x\n",
    ),
]


@pytest.mark.parametrize(("before", "now", "alphabet"), _REWRITTEN)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_pattern_made_linear_matches_as_before(
    before: str, now: str, alphabet: str, data: st.DataObject
) -> None:
    text = data.draw(st.text(alphabet=alphabet, max_size=30))
    spans = [m.span() for m in re.finditer(before, text)]
    assert [m.span() for m in re.finditer(now, text)] == spans


# ---------------------------------------------------------------------------------------
# long words and many acronyms: found by the 100,000-example fuzz (35-120 s examples)


def test_a_huge_word_beside_a_figure_stays_out_of_its_context(tmp_path: Path) -> None:
    # Both articles' figures had the word in their contexts, and the fuzzy scores of
    # alignment (edit distances in rapidfuzz) took the square of its length: 110 s for a
    # million characters.
    word = "1" * 200_000 + "abc"
    text = f"Năm 2023, Hà Nội thu hút 5 tỷ USD {word} vốn đầu tư, tăng mạnh."
    start = time.process_time()
    # Contexts a word apart: the same context would be merged before any score.
    report = run(tmp_path, text, text.replace("5 tỷ", "6 tỷ").replace("mạnh", "nhanh"))
    assert time.process_time() - start < 1.5
    assert all(len(c.context) < 1000 for c in report.claims)
    assert report.findings  # the two figures are still one fact, and they disagree


def test_many_acronyms_in_one_sentence_cost_linear_time(tmp_path: Path) -> None:
    # Each "(AB)" split the whole sentence before it to find its definition: 30 s here.
    text = "Năm 2023 vốn đầu tư trực tiếp nước ngoài " + "chữ (AB) " * 20_000 + "đạt 3 tỷ USD."
    start = time.process_time()
    report = run(tmp_path, text)
    assert time.process_time() - start < 2.0
    assert report.sources[0].acronyms == (("AB", "vốn đầu tư trực tiếp nước ngoài chữ"),)


def test_a_year_before_the_calendar_is_no_crash(tmp_path: Path) -> None:
    """Published 0001-01-01 and "năm ngoái" in the lead: the frame's relative year would
    be year 0 (found by scripts/fuzz.py, 100,000-example run)."""
    from checker.pipeline import Engine, check

    (tmp_path / "b.md").write_text(
        "---\ntitle: Tin\npublished: 0001-01-01\n---\n"
        "Đà Nẵng là 1 trong 74.538 địa phương dẫn đầu cả nước năm ngoái.\n",
        encoding="utf-8",
    )
    report = check([tmp_path], Engine.load(None))
    assert report.claims


def test_brackets_in_an_article_are_no_markup_in_the_claims_table(tmp_path: Path) -> None:
    """'[/]' in a quote crashed the claims table (rich read it as a closing tag)."""
    import subprocess
    import sys

    (tmp_path / "b.md").write_text(
        "Diễn đàn [/] lần thứ 3 diễn ra tại [/b]TP Hồ Chí Minh năm 2019.\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "checker.cli", "claims", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "[/]" in done.stdout  # the event's name holds the brackets, and its quote too


def test_a_huge_word_after_a_figure_is_no_counted_noun(tmp_path: Path) -> None:
    # "5 aaaa...a": the word became the unit, and the quote a hundred thousand letters
    # long, which every table then folded into thousands of lines.
    report = run(tmp_path, "Năm 2023 có 5 " + "a" * 100_000 + " dự án.")
    (claim,) = figures(report)
    assert (claim.kind, claim.quote, claim.unit) == ("number", "5", None)


def test_a_million_digit_figure_is_shown_clipped_in_human_formats(tmp_path: Path) -> None:
    # 100,000-example fuzz, this session: "9" a million times (an out-of-range claim)
    # folded into a rich table cell took 10-16 s CPU, the square of its folded lines.
    from checker.cli import _claims_table
    from checker.report import RenderOptions, render

    report = run(tmp_path, "Năm 2023, thành phố có " + "9" * 1_000_000 + " dự án.")
    (claim,) = [c for c in report.claims if c.kind == "out-of-range"]
    assert len(claim.quote) > 1_000_000  # the claim keeps its words whole...
    start = time.process_time()
    table = _claims_table(list(report.claims))
    terminal = render(report, "terminal", RenderOptions(verbose=True))
    assert time.process_time() - start < 5
    assert len(table) < 20_000 and "…" in table  # ...human formats clip them
    assert len(terminal) < 20_000
