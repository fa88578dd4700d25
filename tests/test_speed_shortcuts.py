"""Shortcuts taken for extraction speed must give what the long way gives.

- ``squash`` returns printable, already squashed text as it is;
- context words read with the plain run of letters when no dotted abbreviation is there;
- a frame read with the caller's case-folded copy (a slice of the folded page) is the
  frame read without it;
- the gazetteer's dictionary finds the place the scan of every place found.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.extract import _content_words
from checker.extract.frame import DocContext, Slot, default_reader
from checker.extract.frameanalysis import Analysis, analyse
from checker.pipeline import Engine
from checker.prefilter import fold_case
from checker.textnorm import canonical, squash

_ENGINE = Engine.load()
_LEX = _ENGINE.lex

# Vietnamese letters (both tone placements), letters whose case folding is special
# (capital sigma, dotted capital I), every kind of white space and the characters of
# figures, periods and dotted abbreviations.
_LETTERS = "aAáÁăĂđĐoóòòaOuUyýÝqQhHnNtTgGiIİΣσςKk"
_SPACES = " \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2028\u2029\u3000"
_TEXT = st.text(alphabet=_LETTERS + _SPACES + "0123456789.,:;/-%()Ư", max_size=80)
_WORDS = [
    "Năm 2023", "TP.HCM", "T.Ư", "KT-XH", "quý I", "tăng", "12,3%", "so với", "cùng kỳ",
    "Hà Nội", "đạt", "kế hoạch", "tỷ đồng", "xuất khẩu", "gạo", "Σ", "İ", "ΑΣ", "  ", "\n",
]  # fmt: skip
_PHRASES = st.lists(st.sampled_from(_WORDS) | _TEXT, max_size=12).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_squash_is_split_and_join(text: str) -> None:
    assert squash(text) == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(text=_PHRASES)
def test_context_words_read_as_with_the_full_word_pattern(text: str) -> None:
    starts, words = _content_words(text, _LEX)
    expected: list[tuple[int, str]] = []
    for m in _LEX.word_re.finditer(text):
        expected += [(m.start(), w) for w in _LEX.content_forms(m.group())]
    assert list(zip(starts, words, strict=True)) == expected


def test_dotted_abbreviations_are_still_read_whole() -> None:
    text = "Ban Chấp hành T.Ư Đảng"
    assert "T.Ư" in _LEX.dotted_abbreviations  # the default pack's: this test needs one
    plain = [w for m in _LEX.plain_word_re.finditer(text) for w in _LEX.content_forms(m.group())]
    whole = [w for m in _LEX.word_re.finditer(text) for w in _LEX.content_forms(m.group())]
    assert whole != plain  # "T" and "Ư" apart would be other words
    assert _content_words(text, _LEX)[1] == whole


_DOC = DocContext()


def _reading(a: Analysis) -> tuple[object, ...]:
    """What an analysis read, comparable (periods compare by identity)."""
    return (a.text, a.omap, a.blanked, a.tokens, repr(a.periods), a.breaks, a.numbers)


@settings(max_examples=300, deadline=None)
@given(page=_PHRASES, data=st.data())
def test_an_analysis_with_the_page_fold_is_the_analysis_without(
    page: str, data: st.DataObject
) -> None:
    reader = default_reader()
    canon = canonical(page)
    folded = fold_case(canon)
    assert len(folded) == len(canon)
    lo = data.draw(st.integers(0, len(canon)))
    hi = data.draw(st.integers(lo, len(canon)))
    sentence, low = canon[lo:hi], folded[lo:hi]
    assert _reading(analyse(reader.vocab, sentence, low)) == _reading(
        analyse(reader.vocab, sentence)
    )
    for m in re.finditer(r"\d+(?:[.,]\d+)*", sentence):
        reader._cache.clear()
        shared = reader.read(sentence, m.span(), doc=_DOC, folded=low)
        reader._cache.clear()
        assert shared == reader.read(sentence, m.span(), doc=_DOC)


def test_a_slice_of_a_canonical_page_that_is_not_canonical_is_read_as_written() -> None:
    # In the page a letter follows "oà" (no syllable end: the tone stays); the slice ends
    # there, so it reads "hòa" canonically, and the page's fold is not its fold.
    reader = default_reader()
    canon = canonical("Xuất khẩu hoàx tăng 5%")
    sentence, low = canon[10:13], fold_case(canon)[10:13]
    assert canonical(sentence) != sentence
    assert _reading(analyse(reader.vocab, sentence, low)) == _reading(
        analyse(reader.vocab, sentence)
    )


@pytest.mark.parametrize(("page", "lo", "hi"), [("ΑΣΑ 5 tỷ", 0, 2), ("ΑΣ tăng 5%", 1, 2)])
def test_folding_a_sigma_does_not_depend_on_the_letters_around_it(
    page: str, lo: int, hi: int
) -> None:
    # str.lower gives "ς" or "σ" by context; fold_case maps both to one letter, which is
    # why a slice of the folded page may stand for the fold of the slice.
    assert page[lo:hi].lower() != page.lower()[lo:hi]
    assert fold_case(page)[lo:hi] == fold_case(page[lo:hi])


def test_gazetteer_lookup_finds_the_first_place_of_a_name() -> None:
    gazetteer = default_reader().vocab.gazetteer
    for place in gazetteer.places:
        assert gazetteer.by_name(place.name) is next(
            p for p in gazetteer.places if p.name == place.name
        )
    assert gazetteer.by_name("no such place") is None


def test_with_period_keeps_every_other_field() -> None:
    values = {
        "published": date(2024, 1, 2),
        "published_confidence": "stated",
        "subject": Slot("Hà Nội", "carried"),
        "period": Slot("2023", "carried"),
    }
    # A new field of DocContext must be passed on by with_period too (it builds the
    # context directly): add it here and there.
    assert set(values) == {f.name for f in fields(DocContext)}
    doc, period = DocContext(**values), Slot("2024-Q1", "carried")
    assert doc.with_period(period) == replace(doc, period=period)
    assert doc.with_period(None) is doc
