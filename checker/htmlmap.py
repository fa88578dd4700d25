"""Where the text trafilatura extracts from an HTML page lies in the page itself.

Claims are found in the extracted text, but editors, GitHub annotations and SARIF need
the line and column in the file.  The page's visible text is read with the offset of
every character (tags, comments, scripts and styles skipped, entities decoded, each
decoded character placed at its entity's ``&``), and the extracted text is aligned to
it: each extracted line is looked for where the previous one ended, by its first
characters, then followed run by run, with white space ignored on both sides (the
extractor collapses it) and letters compared by their base letter (the extractor
normalises to NFC, a page may be NFD).  Where the two disagree (text the extractor added
or left out) the alignment finds its place again a few characters on.  Searches that
may scan the whole page are budgeted, so that the cost stays linear in the page.

The page's ``<!-- factcheck-ignore: ... -->`` comments, which the extraction drops, are
collected here too, with their position in the file.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from checker.model import PositionMap

# What is not text: comments, raw-text elements (skipped whole), tags (an attribute
# value may hold ">" inside quotes) and declarations.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(?P<rawtag>script|style|template|noscript|textarea)\b"
    r"(?:\"[^\"]*\"|'[^']*'|[^'\">])*>.*?(?:</(?P=rawtag)\s*>|\Z)"
    r"|</?[A-Za-z][^\s/>]*(?:\"[^\"]*\"|'[^']*'|[^'\">])*>"
    r"|<![^>]*>|<\?[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_BODY = re.compile(r"<body\b", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_IGNORE_MARK = "factcheck-ignore"

# How many characters of an extracted line anchor it; how many a probe that finds the
# alignment again takes; how far ahead (in characters of the page's text) it looks.
_ANCHOR = 24
_PROBE = 8
_WINDOW = 4000
# Searches through the whole rest of the page, per page, in multiples of its length.
_FULL_SEARCHES = 64

Offsets = NDArray[np.int64]


class _Letters:
    """For every code point met so far: whether the comparison leaves it out (white
    space, combining marks) and its base letter ("ệ" -> "e").  Filled as characters are
    met, so a page costs what its distinct characters cost."""

    def __init__(self) -> None:
        self.known = np.zeros(0x110000, dtype=bool)
        self.dropped = np.zeros(0x110000, dtype=bool)
        self.base = np.arange(0x110000, dtype=np.uint32)

    def learn(self, codes: NDArray[np.uint32]) -> None:
        for code in np.unique(codes[~self.known[codes]]).tolist():
            ch = chr(code)
            if ch.isspace() or unicodedata.combining(ch):
                self.dropped[code] = True
            elif not 0xD800 <= code < 0xE000:
                self.base[code] = ord(unicodedata.normalize("NFD", ch)[0])
            self.known[code] = True


@lru_cache(maxsize=1)
def _letters() -> _Letters:
    return _Letters()


def _codes(text: str) -> NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _compared(codes: NDArray[np.uint32], keep: NDArray[np.bool_]) -> tuple[str, Offsets]:
    """The kept characters that count (no white space, no combining marks) as base
    letters, and the index of each in ``codes``."""
    letters = _letters()
    letters.learn(codes)
    index = np.flatnonzero(keep & ~letters.dropped[codes])
    kept = letters.base[codes[index]]
    text = kept.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    return text, index.astype(np.int64)


def _page_text(markup: str) -> tuple[str, Offsets, int]:
    """The page's visible text as compared, the file offset of each character, and the
    index in it where <body> starts (0 when there is none)."""
    codes = _codes(markup).copy()
    # Markup (tags, comments, scripts, declarations) is hidden: +1 where a span of it
    # starts, -1 where it ends, and a running sum.
    spans = [(m.start(), m.end()) for m in _MARKUP.finditer(markup)]
    delta = np.zeros(len(codes) + 1, dtype=np.int32)
    if spans:
        edges = np.array(spans, dtype=np.int64)
        np.add.at(delta, edges[:, 0], 1)
        np.add.at(delta, edges[:, 1], -1)
    visible = np.cumsum(delta[:-1]) == 0
    for match in _ENTITY.finditer(markup):
        if not visible[match.start()]:
            continue
        # What an entity stands for is placed at its "&" (and the characters after it,
        # for the rare entity of several characters).
        decoded = html.unescape(match.group())[: match.end() - match.start()]
        visible[match.start() : match.end()] = False
        for i, ch in enumerate(decoded):
            codes[match.start() + i] = ord(ch)
            visible[match.start() + i] = True
    page, offsets = _compared(codes, visible)
    body = _BODY.search(markup)
    body_at = int(np.searchsorted(offsets, body.start())) if body else 0
    return page, offsets, body_at


class _Finder:
    """``str.find`` on the page's text, with a budget for searches that may run to its
    end: once spent, searches look only a window ahead of where the last line ended."""

    def __init__(self, page: str):
        self.page = page
        self.budget = _FULL_SEARCHES

    def find(self, needle: str, start: int, whole: bool = False) -> int:
        if self.budget > 0:
            self.budget -= 1
            found = self.page.find(needle, start)
            if found < 0 and whole:
                found = self.page.find(needle)
            return found
        return self.page.find(needle, start, start + _WINDOW + len(needle))

    def near(self, needle: str, start: int) -> int:
        return self.page.find(needle, start, start + _WINDOW + len(needle))


def _find_start(line: str, finder: _Finder, cursor: int) -> tuple[int, int]:
    """(index in ``line``, index in the page) where the line's text is first found: by
    its first characters after ``cursor``, then anywhere; if the extractor put
    something before the text (" | " between table cells), a few characters on."""
    for skip in range(min(len(line), 3 * _PROBE)):
        head = line[skip : skip + _ANCHOR]
        at = finder.near(head, cursor)
        if at < 0 and skip == 0:
            at = finder.find(head, cursor, whole=True)
        # Short cells: a few characters, only close after where the last line ended.
        for size in (_PROBE, _PROBE // 2):
            if at < 0 and len(head) > size:
                at = finder.near(head[:size], cursor)
        if at >= 0:
            return skip, at
    return -1, -1


def _common_run(a: str, i: int, b: str, j: int) -> int:
    """How many characters ``a[i:]`` and ``b[j:]`` have in common at their start."""
    run, step = 0, 256
    while step:
        while i + run + step <= len(a):
            here, there = i + run, j + run
            if a[here : here + step] != b[there : there + step]:
                break
            run += step
        step //= 4
    return run


def _align_line(line: str, finder: _Finder, start: int, at: int) -> list[tuple[int, int, int]]:
    """Runs ``(i, j, n)``: ``line[i:i+n]`` is ``page[j:j+n]``, from ``line[start]`` at
    ``page[at]`` on."""
    page = finder.page
    runs: list[tuple[int, int, int]] = []
    i, j, misses = start, at, 0
    while i < len(line) and j <= len(page):
        run = _common_run(line, i, page, j) if j < len(page) else 0
        if run:
            runs.append((i, j, run))
            i, j, misses = i + run, j + run, 0
            continue
        probe = line[i : i + _PROBE]
        k = finder.near(probe, j)
        if k < 0 and misses == _PROBE:
            k = finder.find(line[i : i + _ANCHOR], j)  # once per lost stretch
        if k >= 0:
            j = k  # the page has text the extractor left out
        else:
            i, misses = i + 1, misses + 1  # the extractor added a character
    return runs


def position_map(markup: str, text: str) -> PositionMap:
    """Map every character of ``text`` (extracted from ``markup``) to its file position."""
    page, page_offsets, body_at = _page_text(markup)
    line_starts = np.array(
        [0] + [m.end() for m in _LINE_BREAK.finditer(markup)], dtype=np.int64
    )
    extracted, text_offsets = _compared(_codes(text).copy(), np.ones(len(text), dtype=bool))
    # Where each extracted line begins and ends among the compared characters.
    breaks = [m.start() for m in re.finditer("\n", text)] + [len(text)]
    bounds = np.searchsorted(text_offsets, [0, *(b + 1 for b in breaks[:-1])])
    ends = np.searchsorted(text_offsets, breaks)
    finder = _Finder(page)
    pieces_text: list[Offsets] = []
    pieces_file: list[Offsets] = []
    extra: list[tuple[int, int, int]] = []  # anchors of lines found only in the markup
    cursor = body_at
    for first, last in zip(bounds.tolist(), ends.tolist(), strict=True):
        line = extracted[first:last]
        if not line:
            continue
        skip, at = _find_start(line, finder, cursor)
        if at < 0:
            anchor = _outside_text(markup, text, int(text_offsets[first]), line_starts)
            if anchor is not None:
                extra.append(anchor)
            continue
        for i, j, n in _align_line(line, finder, skip, at):
            pieces_text.append(text_offsets[first + i : first + i + n])
            pieces_file.append(page_offsets[j : j + n])
            cursor = max(cursor, j + n)
    return PositionMap.build(_anchors(pieces_text, pieces_file, line_starts, extra))


def _anchors(
    pieces_text: list[Offsets],
    pieces_file: list[Offsets],
    line_starts: Offsets,
    extra: list[tuple[int, int, int]],
) -> list[tuple[int, int, int]]:
    """(text offset, file line, file column) wherever a run of characters that follow
    each other both in the text and in the file, on one file line, begins."""
    anchors = list(extra)
    if pieces_text:
        t = np.concatenate(pieces_text)
        f = np.concatenate(pieces_file)
        lines = np.searchsorted(line_starts, f, side="right")  # 1-based
        columns = f - line_starts[lines - 1] + 1
        breaks = np.ones(len(t), dtype=bool)
        breaks[1:] = (np.diff(t) != np.diff(f)) | (np.diff(lines) != 0)
        for k in np.flatnonzero(breaks).tolist():
            anchors.append((int(t[k]), int(lines[k]), int(columns[k])))
    anchors.sort()
    return anchors


def _outside_text(
    markup: str, text: str, first: int, line_starts: Offsets
) -> tuple[int, int, int] | None:
    """An anchor for a line the page's visible text does not hold (a headline taken from
    an attribute such as og:title): where its first words are written in the markup."""
    end = text.find("\n", first)
    words = text[first : end if end >= 0 else len(text)].split()
    where = markup.find(" ".join(words[:4])) if words else -1
    if where < 0:
        return None
    line = int(np.searchsorted(line_starts, where, side="right"))
    return first, line, where - int(line_starts[line - 1]) + 1


def ignore_comments(markup: str) -> tuple[tuple[int, int, str], ...]:
    """Every ``<!-- factcheck-ignore ... -->`` comment of the page: (line, column, text)."""
    if _IGNORE_MARK not in markup:
        return ()
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(markup)]
    found = []
    for match in re.finditer(r"<!--.*?-->", markup, re.DOTALL):
        if _IGNORE_MARK in match.group():
            index = bisect.bisect_right(starts, match.start()) - 1
            found.append((index + 1, match.start() - starts[index] + 1, match.group()))
    return tuple(found)
