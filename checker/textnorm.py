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
    # alternation of the 60 pairs, keeps the scan fast; the table decides.
    pattern = re.compile(rf"(?<![qQ])[oOuU][{seconds}](?![^\W\d_])")
    return pattern, table


def canonical(text: str) -> str:
    """NFC with the tone on the first vowel of syllable-final "oa", "oe", "uy".

    The result has the same length as ``unicodedata.normalize("NFC", text)``.
    """
    nfc = unicodedata.normalize("NFC", text)
    pattern, table = _tone_table()
    return pattern.sub(lambda m: table.get(m.group(0), m.group(0)), nfc)


def canonical_with_map(text: str) -> tuple[str, list[int] | None]:
    """Return the canonical text and a map from its offsets to offsets in ``text``.

    The map has ``len(canon) + 1`` entries; ``None`` means the identity (the input was
    already NFC, the common case, so no map is built).
    """
    if unicodedata.is_normalized("NFC", text):
        return canonical(text), None
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        composed = unicodedata.normalize("NFC", text[i:j])
        out.append(composed)
        # The base maps to the cluster start; marks NFC could not compose stay at the
        # end of the cluster and map to their own places ("1" + a stray mark: 1:1).
        k = len(composed)
        offsets.append(i)
        offsets.extend(range(j - k + 1, j))
        i = j
    offsets.append(n)
    nfc = "".join(out)
    pattern, table = _tone_table()
    return pattern.sub(lambda m: table.get(m.group(0), m.group(0)), nfc), offsets


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
    return " ".join(text.split())  # str.split: several times faster than a regex here
