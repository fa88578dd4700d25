"""Tests for checker.segment: sentence boundaries, offsets and paragraphs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.ingest import load_sources
from checker.model import Source, Span
from checker.packs import load_knowledge
from checker.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "ingest" / "sentences.yml").read_text(encoding="utf-8")
)


def _source(text: str, body: list[Span] | None = None) -> Source:
    """A source whose body is every non-blank line, untrimmed unless spans are given."""
    if body is None:
        body, pos = [], 0
        for line in text.split("\n"):
            if line.strip():
                body.append(Span(pos, pos + len(line)))
            pos += len(line) + 1
    return Source(path="t.txt", text=text, encoding="utf-8", body=tuple(body))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_sentence_cases(case: dict) -> None:
    sentences = split_sentences(_source(case["text"]))
    assert [s.text for s in sentences] == case["sentences"]


def test_extra_abbreviations_extend_the_defaults() -> None:
    text = "Gặp ông Ng. Văn An. Xong."
    assert len(split_sentences(_source(text))) == 3
    assert [s.text for s in split_sentences(_source(text), abbreviations={"Ng."})] == [
        "Gặp ông Ng. Văn An.",
        "Xong.",
    ]


def test_paragraphs_count_body_lines() -> None:
    text = "Một. Hai.\n\nBa.\nBốn (cắt) năm.\n"
    body = [Span(0, 9), Span(11, 14), Span(15, 18), Span(25, 29)]  # line 4 cut in two
    sentences = split_sentences(_source(text, body))
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("Một.", 0),
        ("Hai.", 0),
        ("Ba.", 1),
        ("Bốn", 2),
        ("năm.", 2),
    ]


def test_sentences_stay_inside_body_spans() -> None:
    text = "Câu ngoài thân bài. Câu trong thân bài. Hết."
    sentences = split_sentences(_source(text, [Span(20, len(text))]))
    assert [s.text for s in sentences] == ["Câu trong thân bài.", "Hết."]
    assert all(s.source == "t.txt" for s in sentences)


def test_seed_sentences_carry_key_figures() -> None:
    knowledge = load_knowledge()
    found = {
        source.path.rsplit("/", 1)[-1][:3]: [s.text for s in split_sentences(source)]
        for source in load_sources([ROOT / "seeds"], knowledge)
    }
    assert any("khoảng 200 đoàn khách quốc tế" in s for s in found["003"])
    assert any(s.startswith("Theo Sở Nội vụ Hà Nội, đến nay") for s in found["003"])
    assert any("ASEM lần thứ 5 (2004)" in s for s in found["004"])
    assert not any("Tin cùng chuyên mục" in s for s in found["002"])


@pytest.mark.parametrize(
    "text",
    [
        "." * 200_000 + " A",
        "(" * 100_000 + ")" * 100_000 + ". A",
        "“" * 100_000 + ". A" * 50_000,
        "TP. " * 100_000,
        "a" * 300_000 + ". B",
    ],
    ids=["dots", "nested-brackets", "open-quotes", "abbreviations", "long-token"],
)
def test_linear_time_on_adversarial_input(text: str) -> None:
    began = time.perf_counter()
    split_sentences(_source(text))
    assert time.perf_counter() - began < 3.0


ALPHABET = st.sampled_from(
    ["Hà", " ", "  ", "TP", "v.v", "2.607", "4.0", "2,85", ".", "…", "!", "?", ";", "“", "”",
     '"', "(", ")", "[", "]", "A", "Đ", "1", "\n", "\r\n", "T", "\u0301", "ê"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_sentences_are_disjoint_verbatim_and_cover_the_body(text: str) -> None:
    source = _source(text)
    sentences = split_sentences(source)
    covered: set[int] = set()
    previous_end = -1
    for sentence in sentences:
        assert sentence.text == text[sentence.start : sentence.end]
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        previous_end = sentence.end
        assert any(s.start <= sentence.start and sentence.end <= s.end for s in source.body)
        covered.update(range(sentence.start, sentence.end))
    for span in source.body:
        for at in range(span.start, span.end):
            assert text[at].isspace() or at in covered
    paragraphs = [s.paragraph for s in sentences]
    assert paragraphs == sorted(paragraphs)


def test_pack_abbreviations_extend_the_splitter() -> None:
    """Abbreviations are pack data: rules/generic/language.yml adds "KTS." (kiến trúc sư)."""
    from checker.pipeline import Engine

    text = "Công trình do KTS. Nguyễn Văn An thiết kế. Năm 2023, quận thu hút 100 triệu USD."
    source = Source("x.txt", text, "utf-8", (Span(0, len(text)),))
    assert len(split_sentences(source)) == 3
    assert len(split_sentences(source, Engine.load().know.sentence_abbreviations)) == 2
