"""Canonical text and its offset map: the fast cluster path agrees with the exact one."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.textnorm import _compose_chars, _starter_offsets, canonical, canonical_with_map

# Vietnamese letters and marks, plus a few marks and starters NFC treats specially
# (Hangul jamo compose without combining marks; U+0344 decomposes to two marks).
_ALPHABET = st.sampled_from(
    [
        *"aăâeêioôơuưyAĂÂĐđ 1,.\n",
        *["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"],
        *["\u0344", "\u0591", "\u1100", "\u1161", "\u11a8", "\u1dc0", "\u20d0", "\U0001d165"],
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_the_map_points_each_canonical_character_at_its_source(text: str) -> None:
    canon, omap = canonical_with_map(text)
    assert canon == canonical(text)
    if omap is None:
        assert unicodedata.is_normalized("NFC", text)
        return
    assert len(omap) == len(canon) + 1
    assert omap == sorted(omap) and omap[-1] == len(text)
    # The exact path gives the same map whenever the fast one is taken.
    nfc = unicodedata.normalize("NFC", text)
    fast = _starter_offsets(text, nfc)
    if fast is not None:
        assert (nfc, fast) == _compose_chars(text)


def test_nfd_vietnamese_maps_syllables_to_their_first_letter() -> None:
    nfd = unicodedata.normalize("NFD", "Hà Nội có hơn 100")
    canon, omap = canonical_with_map(nfd)
    assert canon == "Hà Nội có hơn 100"
    assert omap is not None
    assert nfd[omap[canon.index("Nội")] :].startswith("N")
    assert nfd[omap[canon.index("100")] :].startswith("100")
    assert _starter_offsets(nfd, unicodedata.normalize("NFC", nfd)) == omap  # the fast path


def test_tone_placement_is_canonical_but_not_after_qu() -> None:
    assert canonical("hoà thuý Quý quỳ toả") == "hòa thúy Quý quỳ tỏa"
    assert canonical("oà") == "òa" and canonical("Uý") == "Úy"


def test_a_text_nfc_composes_across_clusters_takes_the_exact_path() -> None:
    # Hangul jamo compose into one syllable with no combining mark at all.
    text = "\u1100\u1161\u0301x"
    canon, omap = canonical_with_map(text)
    assert canon == unicodedata.normalize("NFC", text)
    assert omap == _compose_chars(text)[1]


def test_a_combining_mark_beyond_the_basic_plane_takes_the_exact_path() -> None:
    text = "a\u0300\U0001d165 b"  # U+1D165 is a combining mark (musical symbol stem)
    canon, omap = canonical_with_map(text)
    assert (canon, omap) == _compose_chars(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join), st.integers(1, 9))
def test_the_exact_path_in_pieces_is_the_exact_path(text: str, chunk: int) -> None:
    """Cut before ASCII characters, pieces compose as the whole does (small pieces here,
    so that hypothesis' short texts are cut many times)."""
    import checker.textnorm as textnorm

    saved = textnorm._CHUNK
    textnorm._CHUNK = chunk
    try:
        assert textnorm._compose_in_chunks(text) == _compose_chars(text)
    finally:
        textnorm._CHUNK = saved
