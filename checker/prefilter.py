"""Skip a regular expression on text that cannot hold a match.

Python's ``re`` tries a pattern at every position of the text.  A pattern that starts with
a word boundary, a look-behind or an optional group (most patterns a rule pack writes:
``\\b(?:nghị quyết|chỉ thị)\\s+\\d+``) costs 20 to 120 ns per character that way, and the
extractor runs a dozen of them on every sentence.  Most sentences cannot match most
patterns: the words a match must contain are not there.  So, as search engines for code
do (RE2's prefilters, Google Code Search's trigram queries), each pattern is read once
for the literal strings any match must contain, and a cheap ``in`` test on the text
decides whether to run it at all.

``required`` reads the parse tree of ``re`` (``re._parser``, stable across 3.11-3.13);
anything it does not understand makes it answer "unknown", and the pattern then always
runs.  A gate can only skip work: when it says "run", the pattern decides.

The module also rewrites a pack's patterns, on load, into shapes ``re`` scans for in C,
with the same matches: a leading ``\\b`` moves after the first letter or digit
(``hoist_boundary``), a pattern that ignores case runs on lowered text without
ignoring case (``for_folded_text``), and a leading run of one class ("\\S+@...") is only
tried where such a run starts (``anchor_leading_run``: linear, not quadratic, time on a
long word; ``Gated.finditer`` also tries the place right after a match).
``tests/test_fast_patterns.py`` compares every rewrite with the pattern as written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

try:  # private modules of the standard library: without them, nothing is gated
    from re import _casefix, _constants, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python whose re differs
    _parser = None  # type: ignore[assignment]

# A needle: a string any match must contain, and whether it is compared ignoring case.
Needle = tuple[str, bool]
_MAX_NEEDLES = 40  # more alternatives than this: testing them costs more than it saves


@lru_cache(maxsize=1)
def _case_classes() -> dict[int, str]:
    """Characters ``re`` treats as the same letter beyond lower case ("ſ" and "s", "ı"
    and "i"), each mapped to one member of its class; plus "İ", whose full lower case
    is two characters where ``re`` uses one."""
    table: dict[int, str] = {0x130: "i"}
    if _parser is None:
        return table
    for code, extras in _casefix._EXTRA_CASES.items():
        group = {code, *extras}
        table.update({c: chr(min(group)) for c in group if c != min(group)})
    return table


@lru_cache(maxsize=1)
def _special() -> re.Pattern[str]:
    """The letters ``fold_case`` changes after lower-casing."""
    return re.compile("[" + re.escape("".join(map(chr, _case_classes()))) + "]")


def fold_case(text: str) -> str:
    """``text`` as case-insensitive needles are compared with it (same length).

    ``str.translate`` with a table costs a dictionary lookup per character, so it only
    runs on the rare text that holds one of the special letters (a class scan finds
    them in C)."""
    low = text.lower()
    if _special().search(low) is None and "\u0130" not in text:
        return low
    return text.translate({0x130: "i"}).lower().translate(_case_classes())


# A pattern that starts with a word boundary before a digit, a class of letters or a
# letter: "\\b\\d{1,2}:\\d{2}", "(?i)\\b\\d+\\.0\\b", "\\b[A-ZĐ]{1,}\\d+", "\\bcông".
_LEADING_BOUNDARY = re.compile(
    r"""(?P<flags>\(\?[aiLmsux]+\))?
        (?:\\b|\(\?<!\\w\))
        (?P<atom>\\d|\[(?:\\d|[^\]\\\W_]|(?<=\w)-(?=\w))+\]|[^\W_])
        (?P<quant>\+|\*|\?|\{\d+\}|\{\d+,\d*\})?
        (?![?+])""",
    re.X,
)


# A whole page folded: ingest and then extraction fold the same canonical page, and
# lower-casing Vietnamese costs about 10 ns a character.
fold_page = lru_cache(maxsize=2)(fold_case)


def hoist_boundary(source: str, ignorecase: bool = False) -> str:
    """Move a leading word boundary to after the first character it guards.

    ``re`` scans for a pattern that starts with a class in C, but tries one that starts
    with ``\\b`` at every position: "\\b\\d+\\.0" costs several times "\\d(?<!\\w.)\\d*\\.0",
    which matches the same (the look-behind after the first character, a letter or
    digit, tests the character before it).  Patterns of other shapes come back as they
    are; so are letters and word alternatives when case is ignored (``ignorecase`` or
    "(?i)"): the engine then compares them at every position, where the boundary first
    rules out most positions at once.
    """
    m = _LEADING_BOUNDARY.match(source)
    if m is None:
        return source if ignorecase else _hoist_into_words(source)
    atom, quant = m["atom"], m["quant"] or ""
    if atom != r"\d" and (ignorecase or "i" in (m["flags"] or "")):
        return source  # a cased first letter: no scan in C, and the boundary is lost
    if quant in ("", "+"):
        rest = "" if not quant else atom + "*"
    elif quant.startswith("{"):
        low, _, high = quant[1:-1].partition(",")
        if int(low) < 1:
            return source
        if "," not in quant:
            rest = f"{atom}{{{int(low) - 1}}}"
        else:
            upper = "" if not high else str(int(high) - 1)
            rest = f"{atom}{{{int(low) - 1},{upper}}}"
    else:  # "*" or "?": the boundary may stand before something else
        return source
    return f"{m['flags'] or ''}{atom}(?<!\\w.){rest}{source[m.end() :]}"


# A pattern that starts with a repeated class: "\S+@", "[\w.+-]+@", "\d+(?:,\d+)?%".
_LEADING_RUN = re.compile(
    r"""(?P<flags>\(\?[aiLmsux]+\))?
        (?P<atom>\\[dDsSwW]|\[\^?\]?(?:\\.|[^\]\\\[])*\]|\.)
        \+(?P<mode>[?+]?)""",
    re.X,
)


def anchor_leading_run(source: str) -> str:
    """Try a pattern that starts with ``C+`` (one class, repeated) only where a run of
    ``C`` starts: "\\S+@x" becomes "\\S(?<!\\S(?s:.))\\S*@x".

    Tried at every position, such a pattern costs the square of a long run's length when
    it fails ("aaaa...a" with no "@": a minute on a 100 kB token).  If a match starts
    inside a run, the leading ``C+`` could also have started at the run's first character
    and matched the same rest, and a search, trying positions left to right, finds that
    one first.  One start is lost: right after a previous match that ended inside a run
    ("a-1" then "b-2" for "\\w+?-\\d"), which is why ``Gated.finditer`` tries the pattern
    as written there.  Other shapes come back as they are.
    """
    m = _LEADING_RUN.match(source)
    if m is None:
        return source
    atom, mode = m["atom"], m["mode"]
    # "(?s:.)": the first character of the match may be a line break.
    return f"{m['flags'] or ''}{atom}(?<!{atom}(?s:.)){atom}*{mode}{source[m.end() :]}"


_UNSAFE_TO_LOWER = re.compile(r"\\[uUxN0-9]|\(\?P|\(\?[aiLmsux]+[:)-]|\(\?-")


def for_folded_text(source: str) -> str | None:
    """A pattern that ignores case ("(?i)..."), rewritten to run on ``fold_case`` text
    (same offsets) without ignoring case, or None when that is not safe to do.

    ``re`` compares every character both ways when it ignores case, and cannot scan
    ahead for a first letter; on lowered text the literal letters are plain again.
    Literal characters are lowered; escapes ("\\D", "\\S", "\\b") are kept.  Patterns
    with character codes, named groups or other inline flags are left alone.
    """
    if not source.startswith("(?i)"):
        return None
    body = source[4:]
    if _UNSAFE_TO_LOWER.search(body):
        return None
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\":
            out.append(body[i : i + 2])
            i += 2
            continue
        out.append(body[i].lower() if len(body[i].lower()) == 1 else body[i])
        i += 1
    return "".join(out)


_BOUNDARY_WORDS = re.compile(r"(?P<flags>\(\?[aiLmsux]+\))?(?:\\b|\(\?<!\\w\))\(\?:")


def _hoist_into_words(source: str) -> str:
    """ "\\b(?:nghị quyết|H\\dN\\d)" -> "(?:n(?<!\\w.)ghị quyết|H(?<!\\w.)\\dN\\d)": the
    boundary goes after the first letter of each alternative, when every alternative
    starts with a plain letter or digit (not repeated); other shapes come back as they are.
    """
    m = _BOUNDARY_WORDS.match(source)
    if m is None or "i" in (m["flags"] or ""):
        return source
    alternatives, end = _group_alternatives(source, m.end())
    if end is None or not all(
        a[:1].isalnum() and a[1:2] not in ("*", "+", "?", "{") for a in alternatives
    ):
        return source
    hoisted = "|".join(a[0] + r"(?<!\w.)" + a[1:] for a in alternatives)
    return f"{m['flags'] or ''}(?:{hoisted}){source[end:]}"


def _group_alternatives(source: str, start: int) -> tuple[list[str], int | None]:
    """The top-level alternatives of the group whose body starts at ``start``, and the
    offset after its closing parenthesis (None if the group is not closed)."""
    alternatives, depth, i, begin, in_class = [], 0, start, start, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                alternatives.append(source[begin:i])
                return alternatives, i + 1
            depth -= 1
        elif ch == "|" and depth == 0:
            alternatives.append(source[begin:i])
            begin = i + 1
        i += 1
    return alternatives, None


@dataclass(frozen=True)
class Requirement:
    """What every match of a pattern contains: one of ``needles`` (None: no string is
    known), and a digit if ``digit``."""

    needles: frozenset[Needle] | None = None
    digit: bool = False


_UNKNOWN = Requirement()


def required(pattern: re.Pattern[str]) -> Requirement:
    """What every match of ``pattern`` must contain, as far as can be said."""
    if _parser is None:
        return _UNKNOWN
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
        found = _sequence(list(tree), bool(pattern.flags & re.IGNORECASE))
    except (re.error, TypeError, ValueError):  # a node shape this reader does not know
        return _UNKNOWN
    needles = found.needles
    if not needles or len(needles) > _MAX_NEEDLES:
        needles = None
    else:
        needles = frozenset((fold_case(s) if ci else s, ci) for s, ci in needles)
    return Requirement(needles, found.digit)


def _sequence(items: list[tuple[Any, Any]], ci: bool) -> Requirement:
    """A concatenation requires all its parts: keep the most selective needle set (a
    run of literal characters, or one part's set) and whether any part needs a digit."""
    best: frozenset[Needle] | None = None
    digit = False
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is _constants.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, frozenset({("".join(run), ci)}))
            digit = digit or any(ch.isdecimal() for ch in run)
            run = []
        if op is not None:
            part = _node(op, av, ci)
            best, digit = _better(best, part.needles), digit or part.digit
    return Requirement(best, digit)


def _node(op: Any, av: Any, ci: bool) -> Requirement:
    # The parse tree of re is untyped: (opcode, argument) pairs.
    c = _constants
    if op is c.SUBPATTERN:
        _, add, remove, sub = av
        inner_ci = (ci or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
        return _sequence(list(sub), inner_ci)
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av), ci)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, sub = av
        return _sequence(list(sub), ci) if low >= 1 else _UNKNOWN
    if op is c.BRANCH:
        alternatives = [_sequence(list(alt), ci) for alt in av[1]]
        digit = all(alt.digit for alt in alternatives)
        if any(alt.needles is None for alt in alternatives):
            return Requirement(None, digit)
        return Requirement(frozenset().union(*(alt.needles or () for alt in alternatives)), digit)
    if op is c.IN:
        return _charset(av, ci)
    return _UNKNOWN  # assertions, any character: nothing required


def _charset(items: list[tuple[Any, Any]], ci: bool) -> Requirement:
    """A class of a few literal characters requires one of them; a class of digits only
    requires a digit."""
    c = _constants
    digits = all(
        (kind is c.CATEGORY and value is c.CATEGORY_DIGIT)
        or (kind is c.LITERAL and chr(value).isdecimal())
        or (kind is c.RANGE and all(chr(v).isdecimal() for v in range(value[0], value[1] + 1)))
        for kind, value in items
    )
    if all(kind is c.LITERAL for kind, _ in items) and len(items) <= 4:
        return Requirement(frozenset((chr(v), ci) for _, v in items), digits)
    return Requirement(None, digits)


def _better(a: frozenset[Needle] | None, b: frozenset[Needle] | None) -> frozenset[Needle] | None:
    """The more selective of two needle sets: longer shortest needle, then fewer."""
    if a is None or b is None:
        return a if b is None else b

    def score(s: frozenset[Needle]) -> tuple[int, int]:
        return min(len(t) for t, _ in s), -len(s)

    return a if score(a) >= score(b) else b


_DIGIT = re.compile(r"\d")


class Probe:
    """A text and what gates test on it, each computed on first use."""

    __slots__ = ("_digit", "_folded", "text")

    def __init__(self, text: str, folded: str | None = None) -> None:
        self.text = text
        self._folded = folded  # fold_case(text) when the caller has it already
        self._digit: bool | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold_case(self.text)
        return self._folded

    @property
    def digit(self) -> bool:
        """Whether the text holds a decimal digit (what ``\\d`` matches)."""
        if self._digit is None:
            self._digit = _DIGIT.search(self.text) is not None
        return self._digit


@dataclass(frozen=True)
class Gated:
    """A pattern with what every match of it contains."""

    pattern: re.Pattern[str]
    digit: bool  # every match holds a digit
    exact: tuple[str, ...] = ()  # needles compared with the text as it is
    folded: tuple[str, ...] = ()  # needles compared with fold_case(text)
    on_folded: bool = False  # the pattern runs on fold_case(text) (see for_folded_text)
    # The pattern as written, when ``pattern`` only tries the starts of runs (see
    # anchor_leading_run): ``finditer`` needs it right after a match.
    as_written: re.Pattern[str] | None = None

    @classmethod
    def of(
        cls, pattern: re.Pattern[str], req: Requirement | None = None, on_folded: bool = False
    ) -> Gated:
        """Gate ``pattern`` by ``req``, by default what ``pattern`` itself requires."""
        req = req or required(pattern)
        needles = sorted(req.needles or ())
        exact = tuple(n for n, ci in needles if not ci)
        return cls(pattern, req.digit, exact, tuple(n for n, ci in needles if ci), on_folded)

    @classmethod
    def fast(cls, source: str) -> Gated:
        """A pack pattern, rewritten for speed where that keeps its matches (see
        ``for_folded_text`` and ``hoist_boundary``).  Its needles are read before the
        rewrite, which splits literal strings; a pattern for folded text has them in
        folded text, as if it ignored case."""
        lowered = for_folded_text(source)
        written = source if lowered is None else lowered
        anchored = anchor_leading_run(written)
        gated = cls.of(
            re.compile(hoist_boundary(anchored)),
            required(re.compile(lowered, re.IGNORECASE) if lowered else re.compile(source)),
            on_folded=lowered is not None,
        )
        if anchored == written:
            return gated
        return replace(gated, as_written=re.compile(written))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of the pattern as written in ``text``, in order: ``re.finditer``,
        in linear time for a pattern anchored at the starts of runs.

        The anchored form finds every leftmost match but one kind: a match starting
        right where the previous one ended, inside a run (the anchor sees the run going
        on and skips it).  The pattern as written is tried there, once per match.  Its
        matches cannot be empty (they start with ``C+``), so a search goes on from the
        end of the last match."""
        if self.as_written is None:
            yield from self.pattern.finditer(text)
            return
        pos = 0
        while True:
            m = self.as_written.match(text, pos) if pos else None
            if m is None:
                m = self.pattern.search(text, pos)
            if m is None:
                return
            yield m
            pos = m.end()

    @property
    def needles(self) -> tuple[Needle, ...] | None:
        """One of these is in every match (None: nothing is known)."""
        found = [*((n, False) for n in self.exact), *((n, True) for n in self.folded)]
        return tuple(sorted(found)) or None

    def subject(self, probe: Probe) -> str:
        """The text this pattern runs on: ``probe.text`` or its folded copy."""
        return probe.folded if self.on_folded else probe.text

    def may_match(self, probe: Probe) -> bool:
        """False only when the pattern cannot match ``probe.text``."""
        if self.digit and not probe.digit:
            return False
        if not self.exact and not self.folded:
            return True
        # Plain loops: this runs per pattern and sentence; a generator costs more here.
        text = probe.text
        for needle in self.exact:
            if needle in text:
                return True
        if self.folded:
            low = probe.folded
            for needle in self.folded:
                if needle in low:
                    return True
        return False

    def segments(self, probe: Probe, starts: list[int]) -> set[int] | None:
        """Which segments of ``probe.text`` hold a needle, by index; a segment ``i``
        starts at ``starts[i]`` (the lines of a page).  None: the pattern has no needles
        and may match in any segment."""
        if not self.exact and not self.folded:
            return None
        found: set[int] = set()
        for needles, haystack in ((self.exact, probe.text), (self.folded, probe.folded)):
            for needle in needles:
                at = haystack.find(needle)
                while at >= 0:
                    found.add(bisect.bisect_right(starts, at) - 1)
                    at = haystack.find(needle, at + 1)
        return found
