"""Segment: the body spans of a ``Source`` -> sentences with offsets.

A sentence ends after ``.``, ``!``, ``?`` or ``…`` (and any closing quotes or brackets)
when white space and then an upper-case letter, a digit, an opening quote or an opening
bracket follow.  It does not end inside a number ("1.234", "4.0"), after an abbreviation
("TP.", "PGS.", "v.v.", an initial "T."), after a list number ("1. Những ..."), or inside
a quotation or parenthesis that closes later in the same paragraph.  ";" never ends a
sentence.

Everything is done with a few linear scans per span, so a 50 MB corpus segments in
linear time: no regex here can backtrack over more than the run it sits on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator

from checker.model import Sentence, Source, Span

# Abbreviations after which "." does not end a sentence: Vietnamese titles, degrees and
# place prefixes, as written (case matters: "TP." is an abbreviation, "tp." is not used).
# Callers may add more (e.g. from a rule pack) with the ``abbreviations`` argument.
DEFAULT_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "TP", "Tp", "TS", "Ts", "PGS", "Pgs", "GS", "Gs", "ThS", "Ths", "BS", "KS", "NXB",
        "NSƯT", "NSND", "TX", "Tx", "TT", "Tt", "Mr", "Mrs", "Ms", "Dr", "St", "Prof", "tr",
        "vv",
    }
)  # fmt: skip

# A run of terminators, not preceded by another one (so each run is scanned once),
# then closing quotes/brackets, then white space.  Possessive quantifiers: no backtracking.
# A run of end marks not preceded by one (tested after its first mark, so re scans for
# the marks in C), closing quotes or brackets, then white space.
_CANDIDATE = re.compile(r"[.!?…](?<![.!?…].)[.!?…]*+[\"”’»)\]]*+(?=\s)")
_SPACE = re.compile(r"\s+")
_PAIRS = re.compile(r"[“”«»()\[\]\"]")
_OPENERS = {"“": "”", "«": "»", "(": ")", "[": "]"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_STARTERS = frozenset("“\"'‘«([")
_ENUMERATOR = re.compile(r"(?:\d{1,3}|[IVXLC]{1,6}|[^\W\d_])")
_DOTTED = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+")
_MAX_TOKEN = 20  # longer tokens are never abbreviations, so look no further back


def split_sentences(source: Source, abbreviations: Collection[str] | None = None) -> list[Sentence]:
    """Split the body of ``source`` into sentences.

    Offsets are into ``source.text`` and ``text == source.text[start:end]``; sentences
    never cross a body span.  ``paragraph`` counts body lines from 0 (spans cut from one
    line share its paragraph).  ``abbreviations`` extends ``DEFAULT_ABBREVIATIONS``.
    """
    known = DEFAULT_ABBREVIATIONS | frozenset(a.rstrip(".") for a in abbreviations or ())
    sentences: list[Sentence] = []
    for span, paragraph in _paragraphs(source):
        for start, end in _split_span(source.text, span.start, span.end, known):
            sentences.append(Sentence(source.path, start, end, source.text[start:end], paragraph))
    return sentences


def _paragraphs(source: Source) -> Iterator[tuple[Span, int]]:
    """Body spans in order with their paragraph index (one paragraph per body line)."""
    paragraph = -1
    line = -1
    pos = 0
    newlines = 0
    for span in sorted(source.body, key=lambda s: (s.start, s.end)):
        newlines += source.text.count("\n", pos, span.start)
        pos = max(pos, span.start)
        if newlines != line:
            line = newlines
            paragraph += 1
        yield span, paragraph


def _split_span(text: str, start: int, end: int, known: frozenset[str]) -> list[tuple[int, int]]:
    chunk = text[start:end]
    inside = _protected(chunk)
    out: list[tuple[int, int]] = []
    begin = _skip_space(chunk, 0)
    guard = 0  # index into ``inside``
    for found in _CANDIDATE.finditer(chunk):
        stop = found.end()
        after = _skip_space(chunk, stop)
        if after >= len(chunk) or not _starts_sentence(chunk[after]):
            continue
        while guard < len(inside) and inside[guard][1] < stop:
            guard += 1
        if guard < len(inside) and inside[guard][0] < stop <= inside[guard][1]:
            continue  # the quotation or parenthesis goes on after this point
        if _no_break_after(chunk, begin, found.start(), found.group(), known):
            continue
        out.append((start + begin, start + stop))
        begin = after
    tail = len(chunk.rstrip())
    if begin < tail:
        out.append((start + begin, start + tail))
    return out


def _skip_space(chunk: str, pos: int) -> int:
    found = _SPACE.match(chunk, pos)
    return found.end() if found else pos


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _STARTERS


def _no_break_after(chunk: str, begin: int, term: int, run: str, known: frozenset[str]) -> bool:
    """True when the "." at ``term`` belongs to an abbreviation, initial or list number.

    ``run`` is the terminator with any closing quotes: "B.”" ends a quotation, so it is
    never an initial.
    """
    if run != ".":
        return False
    lead = chunk[begin:term].strip()
    if len(lead) <= 6 and _ENUMERATOR.fullmatch(lead):
        return True  # "1. Những thành tựu", "II. Nhiệm vụ", "a. Nội dung"
    left = term
    floor = max(begin, term - _MAX_TOKEN)
    while left > floor and not chunk[left - 1].isspace():
        left -= 1
    if left == floor and left > begin and not chunk[left - 1].isspace():
        return False  # a long token: a URL or a number, not an abbreviation
    token = unicodedata.normalize("NFC", chunk[left:term]).lstrip("“\"'‘«([")
    if token in known:
        return True
    if len(token) == 1 and token.isupper():
        return True  # an initial: "Nguyễn T. Hà", "T.Ư"
    return bool(_DOTTED.fullmatch(token))  # "v.v", "T.Ư", "U.S"


def _protected(chunk: str) -> list[tuple[int, int]]:
    """Outermost (opener, closer) index pairs of balanced quotes and brackets.

    Unbalanced openers protect nothing: a quotation that never closes must not swallow
    the rest of the paragraph.  Amortised linear: each opener is pushed and popped once.
    """
    stack: list[tuple[str, int]] = []
    open_count: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    for found in _PAIRS.finditer(chunk):
        ch, at = found.group(), found.start()
        if ch == '"':
            opener = '"' if open_count.get('"') else None
            if opener is None:
                stack.append((ch, at))
                open_count[ch] = open_count.get(ch, 0) + 1
                continue
        elif ch in _OPENERS:
            stack.append((ch, at))
            open_count[ch] = open_count.get(ch, 0) + 1
            continue
        else:
            opener = _CLOSERS[ch]
            if not open_count.get(opener):
                continue  # a closer with no opener: ignore it
        while stack:
            top, where = stack.pop()
            open_count[top] -= 1
            if top == opener:
                pairs.append((where, at))
                break
    return _outermost(pairs)


def _outermost(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


__all__ = ["DEFAULT_ABBREVIATIONS", "split_sentences"]
