"""Unicode normalisation for Vietnamese text.

Text arrives in NFC or NFD and with the tone mark on either vowel of "oa", "oe", "uy"
("hoà"/"hòa", "thuý"/"thúy").  The extractor works on a *canonical* copy (NFC, tone on
the first vowel of those pairs) and maps every offset back to the original file, so
what users see stays verbatim.  ``fold`` goes further (no diacritics, lower case) and is
only ever used to build matching keys.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

# Combining tone marks (the five tones besides "ngang").
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# (first vowel, second vowel) pairs whose tone placement differs between conventions.
_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))


@lru_cache(maxsize=1)
def _tone_table() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for first, second in _PAIRS:
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for tone in _TONES:
                    new_style = f + unicodedata.normalize("NFC", s + tone)
                    old_style = unicodedata.normalize("NFC", f + tone) + s
                    table[new_style] = old_style
    seconds = "".join(sorted({key[1] for key in table}))
    # Only syllable-final pairs are ambiguous ("hoàng" is the same in both styles);
    # "quý" keeps its tone on "y" because "qu" is a consonant.  A character class, not an
    # alternation of the 60 pairs, keeps the scan fast; the table decides.  The "qu" test
    # comes after the first vowel: a pattern that starts with a class is scanned for in
    # C, one that starts with a look-behind is tried at every position.
    pattern = re.compile(rf"[oOuU](?<![qQ].)[{seconds}](?![^\W\d_])")
    return pattern, table


def canonical(text: str) -> str:
    """NFC with the tone on the first vowel of syllable-final "oa", "oe", "uy".

    The result has the same length as ``unicodedata.normalize("NFC", text)``.
    """
    return _place_tones(unicodedata.normalize("NFC", text))


def _place_tones(nfc: str) -> str:
    """The tone on the first vowel of syllable-final "oa", "oe", "uy" (same length)."""
    pattern, table = _tone_table()
    return pattern.sub(lambda m: table.get(m.group(0), m.group(0)), nfc)


def canonical_with_map(text: str) -> tuple[str, list[int] | None]:
    """Return the canonical text and a map from its offsets to offsets in ``text``.

    The map has ``len(canon) + 1`` entries; ``None`` means the identity (the input was
    already NFC, the common case, so no map is built).
    """
    if unicodedata.is_normalized("NFC", text):
        return canonical(text), None
    nfc = unicodedata.normalize("NFC", text)
    offsets = _starter_offsets(text, nfc)
    if offsets is None:  # rare: NFC did more than compose each letter with its marks
        nfc, offsets = _compose_in_chunks(text)
    return _place_tones(nfc), offsets


_CHUNK = 4096  # characters per piece of the exact path (see _compose_in_chunks)


def _compose_in_chunks(text: str) -> tuple[str, list[int]]:
    """NFC with its offset map, piece by piece: the text is cut before ASCII characters
    (NFC never joins an ASCII character to what precedes it, and the marks after it stay
    in its piece), each piece takes the fast vectorised path when it can, and only the
    pieces it cannot take pay for the exact, character-by-character one.  A page of a
    megabyte with one odd character costs one piece, not the page."""
    out: list[str] = []
    offsets: list[int] = []
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + _CHUNK)
        while end < n and not text[end].isascii():
            end += 1
        piece = text[start:end]
        nfc = unicodedata.normalize("NFC", piece)
        local = None if nfc == piece else _starter_offsets(piece, nfc)
        if nfc == piece:
            local = list(range(len(piece) + 1))
        elif local is None:
            nfc, local = _compose_chars(piece)
        out.append(nfc)
        offsets.extend(start + o for o in local[:-1])
        start = end
    offsets.append(n)
    return "".join(out), offsets


# A whole source text canonicalised: ingest and then extraction canonicalise the same
# text.  The cached map is shared: treat it as read-only.
canonical_page = lru_cache(maxsize=2)(canonical_with_map)


@lru_cache(maxsize=1)
def _mark_table() -> np.ndarray:
    """Which code points of the Basic Multilingual Plane are combining marks (built on
    first use, a few milliseconds); ``_starter_offsets`` looks at the rare characters
    beyond it one by one."""
    table = np.zeros(0x10000, dtype=bool)
    for code in range(0x10000):
        if unicodedata.combining(chr(code)):
            table[code] = True
    return table


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _is_mark(codes: np.ndarray) -> np.ndarray:
    return _mark_table()[np.minimum(codes, 0xFFFF)] & (codes <= 0xFFFF)


def _starter_offsets(text: str, nfc: str) -> list[int] | None:
    """Where each character of ``nfc`` starts in ``text``, when NFC made exactly one
    character of each letter and the marks after it (all of Vietnamese), else None.

    Vectorised, because NFD Vietnamese has a mark every few letters and a loop over them
    in Python was the slowest part of reading such a file.  The checks: as many letters
    in ``text`` as characters in ``nfc``, no mark left over in ``nfc``, and the same
    letters in the same order once ``nfc`` is decomposed again.
    """
    codes = _codes(text)
    astral = codes[codes > 0xFFFF]
    if any(unicodedata.combining(chr(code)) for code in astral.tolist()):
        return None  # a mark beyond the table: the exact path
    starters = np.flatnonzero(~_is_mark(codes))
    if len(starters) != len(nfc):
        return None
    again = _codes(unicodedata.normalize("NFD", nfc))
    again_marks = _is_mark(again)
    if _is_mark(_codes(nfc)).any() or not np.array_equal(codes[starters], again[~again_marks]):
        return None
    offsets: list[int] = starters.tolist()
    offsets.append(len(text))
    return offsets


def _compose_chars(text: str) -> tuple[str, list[int]]:
    """NFC cluster by cluster, where a cluster is a character with everything that
    composes or reorders with it: combining marks, and starters that NFC joins to it
    (Hangul jamo).  Visits every character: the exact, slow path."""
    out: list[str] = []
    offsets: list[int] = []
    nfc = unicodedata.normalize
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        composed = nfc("NFC", text[i:j])
        while j < n:
            longer = nfc("NFC", text[i : j + 1])
            if not unicodedata.combining(text[j]) and longer == composed + text[j]:
                break  # text[j] starts the next cluster
            composed, j = longer, j + 1
        out.append(composed)
        offsets.extend(_cluster_offsets(i, j, len(composed)))
        i = j
    offsets.append(n)
    return "".join(out), offsets


def _cluster_offsets(start: int, end: int, k: int) -> range | list[int]:
    """Offsets of the ``k`` characters NFC made of ``text[start:end]``: the first maps to
    the cluster start, the others (marks NFC could not compose) to the last places of the
    cluster; an expansion (U+0344 is two marks in NFC) repeats the start."""
    if k == 1:
        return range(start, start + 1)
    return [start, *(max(start, p) for p in range(end - k + 1, end))]


def _fold_table() -> dict[int, str]:
    """Every precomposed Latin letter -> its base letter, "đ" -> "d"; built once."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_FOLD = _fold_table()
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower case, no diacritics, "đ" -> "d": for matching keys only, never for display.

    A translation table does the work in one C-level pass (this runs for every claim);
    text with separate combining marks (NFD) is composed or stripped first.
    """
    if _COMBINING.search(text):
        text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    return text.translate(_FOLD).lower()


def squash(text: str) -> str:
    """Collapse runs of white space to one space and strip the ends."""
    # Most text is squashed already: every white space character but the ASCII space is
    # unprintable, so printable text without a double or an outer space comes back as
    # it is, without splitting it into words and joining them (4-5 times as costly).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())  # str.split: several times faster than a regex here
