"""Find regular expressions that can backtrack catastrophically.

Python's ``re`` backtracks: when a match fails it tries every other way the pattern could
have matched the text so far.  If some repeated part can match one piece of text in two
ways, ``k`` repetitions can match it in ``2**k`` ways, and a failing match tries them all:
``(a+)+$``, ``(a|a)*b``, ``(.*)*x`` or ``(\\w+\\s?)+$`` take years on a line of forty
letters.  A rule pack's pattern runs on every line or sentence of every article, so a
pack whose pattern can do this is refused when it loads.

The test is the classic one for *exponential ambiguity* (as in Weber and Seidl's theorem,
used by ReDoS detectors such as rxxr and regexstatic): build the pattern's position
automaton (Glushkov's: one state per character the pattern can consume, an edge where
one may follow another), then look for a loop that two different paths can take on the
same text.  Two ways to find one:

- the same edge is added twice, by two nested repetitions (``(a+)+``, ``(.*)*``,
  ``(\\w+\\s?)+``: the inner and the outer loop both lead from a letter to a letter);
- two different positions in one loop can be entered on the same character, with paths
  from the same position to both and from both back to the same position (``(a|a)*``,
  ``(a|ab|b)*``, ``(\\d|\\d\\d)+``): the product of the automaton with itself has a
  cycle through a pair of different positions.

``\\d+(?:[.,]\\d+)*`` passes: the separator cannot be a digit, so each repetition of the
group starts at the one place it can.  The test is done on the pattern as if it ignored
case (a pack's furniture patterns do; a pattern that only case makes unambiguous is
rare), look-arounds, anchors and back-references count as matching nothing, and a
bounded repetition ``{m,n}`` with ``n`` above ``_EXPAND`` counts as unbounded: 2**40 is as
bad as forever.

Polynomial backtracking is refused too: two loops in a row that can share a run of text
(``\\s*:?\\s*`` on a run of spaces, ``\\d+\\d+``, ``.*x.*y``) split a run of ``n``
characters in ``n`` ways on a failing match, ``k`` loops in ``n**k``: a line of 300,000
spaces after "Chia sẻ" took minutes in the generic pack's own furniture patterns.  The
test is Weber and Seidl's for infinite degree of ambiguity (see ``_polynomial``), judged
by the pattern's own case flags.  A loop at the very start of a pattern that ``search``
tries from every position is not caught here (``checker.prefilter`` anchors the common
shapes; a pack writes the rest as the furniture's counters are written).

The parse tree is ``re``'s own (``re._parser``), as in ``checker.prefilter``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

try:  # private modules of the standard library: without them, nothing is refused
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python whose re differs
    _parser = None  # type: ignore[assignment]

_EXPAND = 4  # bounded repetitions up to this many copies are spelled out
_EXPAND_EXACT = 16  # "\\d{10}": exact counts are spelled out further

# Characters tried when deciding whether two character sets share one: those the sets
# name themselves (literals, range ends) plus one of each kind a category holds.
_SAMPLES = (
    "09aAzZ_ \t\n\r\x0b\x0c\xa0\u2003\u3000.,-/:;!?()[]{}<>@#%&*+='\"~|\\^$`\x00\x7f"
    "éÉđĐơưạầỹ\u0301\u0663\u0967\u4e2d\u3042ßſıİ\u212a–—«»…\U0010ffff"
)
_CASE_SAMPLES = frozenset(_SAMPLES)


def catastrophic(pattern: str, flags: int = 0) -> bool:
    """True if ``pattern`` can take exponential time to fail (see the module docstring).

    ``pattern`` must compile; a pattern this module cannot read counts as safe (``re``
    changed: the gate then only stops checking, it never refuses a pattern by mistake).
    """
    if _parser is None:  # pragma: no cover
        return False
    if "*" not in pattern and "+" not in pattern and "{" not in pattern:
        return False  # nothing repeats more than once: no loop to take twice
    return _catastrophic(pattern, flags)


@lru_cache(maxsize=4096)
def _catastrophic(pattern: str, flags: int) -> bool:
    try:
        tree = _parser.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):  # the caller reports those
        return False
    flags |= tree.state.flags
    # Exponential ambiguity is judged as if case were ignored (see the module docstring);
    # polynomial ambiguity by the pattern's own flags, since "[A-Z]+[a-z][A-Za-z]*" style
    # patterns rely on case to tell their runs apart.
    return _risky(tree, flags | re.IGNORECASE) or _polynomial_tree(tree, flags)


def _risky(tree: Any, flags: int) -> bool:
    """Is any loop of the tree exponentially ambiguous?

    Only loops can be: a path taken twice on the same text must go round one.  So each
    outermost loop is analysed on its own, with everything inside it, and the rest of
    the pattern (long alternatives of literal words, mostly) costs nothing.
    """
    for op, value in tree:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, body = value
            if _unbounded(low, high) or (high > 1 and _loops(body)):
                analysis = _Analysis()
                analysis.item(op, value, flags)
                if analysis.inner_risk or _exponential(analysis.positions, analysis.follow):
                    return True
            elif _risky(body, flags):
                return True
        elif op is C.SUBPATTERN:
            _group, add, remove, body = value
            if _risky(body, (flags | add) & ~remove):
                return True
        elif op is C.BRANCH:
            if any(_risky(branch, flags) for branch in value[1]):
                return True
        elif op is C.GROUPREF_EXISTS:
            if _risky(value[1], flags) or (value[2] is not None and _risky(value[2], flags)):
                return True
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if _risky(value[1], flags):
                return True
        elif op is C.ATOMIC_GROUP:
            if _risky(value, flags):
                return True
        elif op is C.POSSESSIVE_REPEAT and _risky(value[2], flags):
            return True
    return False


# --- character sets ---------------------------------------------------------------------

# One position's set: ("lit", code) | ("not", code) | ("any", dotall) | ("in", items)
# | ("union", sets).  Every set is compared as if case were ignored, except a "lit",
# "not" or "in" set with a third element True: that one matches its own case only.
Chars = tuple[Any, ...]


def _variants(ch: str) -> set[str]:
    return {ch, ch.lower(), ch.upper(), ch.casefold()[:1] or ch}


def _category(category: Any, ch: str) -> bool:
    name = str(category)
    if "DIGIT" in name:
        hit = ch.isdecimal()
    elif "SPACE" in name:
        hit = ch.isspace()
    elif "WORD" in name:
        hit = ch.isalnum() or ch == "_"
    elif "LINEBREAK" in name:
        hit = ch == "\n"
    else:  # pragma: no cover - a category re does not have today
        return True
    return hit != ("NOT" in name)


def _in_item(op: Any, value: Any, forms: set[str], ch: str) -> bool:
    if op is C.LITERAL:
        return any(ord(v) == value for v in forms if len(v) == 1)
    if op is C.RANGE:
        low, high = value
        return any(len(v) == 1 and low <= ord(v) <= high for v in forms)
    if op is C.CATEGORY:
        return _category(value, ch)
    return False


def _member(chars: Chars, ch: str) -> bool:
    kind = chars[0]
    forms = {ch} if len(chars) > 2 and chars[2] else _variants(ch)
    if kind == "lit":
        return chars[1] in {ord(v) for v in forms if len(v) == 1}
    if kind == "not":
        return chars[1] not in {ord(v) for v in forms if len(v) == 1}
    if kind == "any":
        return bool(chars[1]) or ch != "\n"
    if kind == "in":
        items = chars[1]
        negate = bool(items) and items[0][0] is C.NEGATE
        hit = any(_in_item(op, value, forms, ch) for op, value in items if op is not C.NEGATE)
        return hit != negate
    return any(_member(part, ch) for part in chars[1])  # union


def _samples(chars: Chars) -> set[str]:
    kind = chars[0]
    if kind in ("lit", "not"):
        return _variants(chr(chars[1]))
    if kind == "in":
        out: set[str] = set()
        for op, value in chars[1]:
            if op is C.LITERAL:
                out |= _variants(chr(value))
            elif op is C.RANGE:
                out |= _variants(chr(value[0])) | _variants(chr(value[1]))
        return out
    if kind == "union":
        return set().union(*(_samples(part) for part in chars[1]))
    return set()


@lru_cache(maxsize=65536)
def _overlap(a: Chars, b: Chars) -> bool:
    """Do two character sets share a character (case ignored)?"""
    if a == b:
        return True
    candidates = _samples(a) | _samples(b) | _CASE_SAMPLES
    return any(_member(a, ch) and _member(b, ch) for ch in candidates)


# --- the position automaton -------------------------------------------------------------


Ways = dict[int, int]  # position -> in how many ways (1, or 2 meaning "more than one")


def _add(*maps: Ways) -> Ways:
    out: Ways = {}
    for ways in maps:
        for x, n in ways.items():
            out[x] = min(out.get(x, 0) + n, 2)
    return out


def _times(ways: Ways, n: int) -> Ways:
    return {x: min(k * n, 2) for x, k in ways.items()} if n else {}


@dataclass(frozen=True, slots=True)
class _Lang:
    """What a piece of pattern contributes: in how many ways it can match nothing, and
    at which positions (in how many ways) a match of it can start and end.

    Ways are counted because ``re`` keeps ambiguity that the text cannot show: it writes
    ``(a|a)`` as ``a(?:|)``, whose two empty branches double every path through it.
    """

    empty: int
    first: Ways
    last: Ways


_EMPTY = _Lang(1, {}, {})


def _loops(tree: Any) -> bool:
    """Does this part of the tree hold a repetition read as unbounded (see ``repeat``)?"""
    for op, value in tree:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, body = value
            if _unbounded(low, high) or _loops(body):
                return True
        elif op is C.BRANCH:
            if any(_loops(branch) for branch in value[1]):
                return True
        elif op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
            if _loops(value[-1] if op is C.SUBPATTERN else value):
                return True
        elif op is C.GROUPREF_EXISTS and (_loops(value[1]) or (value[2] and _loops(value[2]))):
            return True
    return False


def _unbounded(low: int, high: int) -> bool:
    return bool(high == C.MAXREPEAT or high > (_EXPAND_EXACT if low == high else _EXPAND))


@dataclass
class _Analysis:
    positions: list[Chars] = field(default_factory=list)
    # follow[x][y]: in how many ways the pattern leads from position x to y (capped at 2).
    follow: list[Ways] = field(default_factory=list)
    inner_risk: bool = False  # found in a look-around or an atomic part, analysed alone
    exact_case: bool = False  # character sets match their own case unless flags ignore it

    def risky(self, tree: Any, flags: int) -> bool:
        self.build(tree, flags)
        return self.inner_risk or _exponential(self.positions, self.follow)

    # building ---------------------------------------------------------------------------

    def position(self, chars: Chars) -> _Lang:
        self.positions.append(chars)
        self.follow.append({})
        here = {len(self.positions) - 1: 1}
        return _Lang(0, here, dict(here))

    def link(self, sources: Ways, targets: Ways) -> None:
        for x, m in sources.items():
            edges = self.follow[x]
            for y, n in targets.items():
                edges[y] = min(edges.get(y, 0) + m * n, 2)

    def concat(self, a: _Lang, b: _Lang) -> _Lang:
        self.link(a.last, b.first)
        return _Lang(
            min(a.empty * b.empty, 2),
            _add(a.first, _times(b.first, a.empty)),
            _add(b.last, _times(a.last, b.empty)),
        )

    def build(self, tree: Any, flags: int) -> _Lang:
        lang = _EMPTY
        for op, value in tree:
            lang = self.concat(lang, self.item(op, value, flags))
        return lang

    def item(self, op: Any, value: Any, flags: int) -> _Lang:
        exact = self.exact_case and not flags & re.IGNORECASE
        if op is C.LITERAL:
            return self.position(("lit", value, exact))
        if op is C.NOT_LITERAL:
            return self.position(("not", value, exact))
        if op is C.ANY:
            return self.position(("any", bool(flags & re.DOTALL)))
        if op is C.IN:
            return self.position(("in", tuple(value), exact))
        if op is C.BRANCH:
            return self.alternatives([self.build(b, flags) for b in value[1]])
        if op is C.SUBPATTERN:
            _group, add, remove, body = value
            return self.build(body, (flags | add) & ~remove)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, body = value
            return self.repeat(low, high, body, flags)
        if op is C.GROUPREF_EXISTS:
            _group, yes, no = value
            return self.alternatives(
                [self.build(yes, flags), self.build(no, flags) if no else _EMPTY]
            )
        if op in (C.ASSERT, C.ASSERT_NOT):
            self.alone(value[1], flags)  # a look-around can backtrack too, on its own
            return _EMPTY
        if op is C.ATOMIC_GROUP:
            return self.opaque(value, flags)
        if op is C.POSSESSIVE_REPEAT:
            # Never gives back what it matched: its own repetitions cannot be retried.
            low, _high, body = value
            return self.opaque(body, flags, empty=int(low == 0))
        return _EMPTY  # anchors, boundaries, back-references: no character of their own

    def alternatives(self, langs: list[_Lang]) -> _Lang:
        return _Lang(
            min(sum(lang.empty for lang in langs), 2),
            _add(*(lang.first for lang in langs)),
            _add(*(lang.last for lang in langs)),
        )

    def repeat(self, low: int, high: int, body: Any, flags: int) -> _Lang:
        # Copies of a part that holds a loop can split one run of text between them in
        # many ways ("(a+){5}" is quintic): such a repetition is read as unbounded too.
        if not _unbounded(low, high) and not (high > 1 and _loops(body)):
            lang = _EMPTY
            for _ in range(low):
                lang = self.concat(lang, self.build(body, flags))
            optional = _EMPTY
            for _ in range(high - low):  # x{1,3} = x(x(x)?)?: nested, not side by side
                inner = self.concat(self.build(body, flags), optional)
                optional = _Lang(min(inner.empty + 1, 2), inner.first, inner.last)
            return self.concat(lang, optional)
        lang = self.build(body, flags) if low >= 2 else _EMPTY  # x{3,} reads as x x+
        loop = self.build(body, flags)
        self.link(loop.last, loop.first)
        looped = _Lang(min(loop.empty + (low == 0), 2), loop.first, loop.last)
        return self.concat(lang, looped)

    def alone(self, tree: Any, flags: int) -> _Analysis:
        inner = _Analysis()
        inner.build(tree, flags)
        if inner.inner_risk or _exponential(inner.positions, inner.follow):
            self.inner_risk = True
        return inner

    def opaque(self, tree: Any, flags: int, empty: int = 0) -> _Lang:
        """A part the engine never backtracks into: analysed alone, then one position
        that takes any character the part could."""
        inner = self.alone(tree, flags)
        if not inner.positions:
            return _EMPTY
        lang = self.position(("union", tuple(inner.positions)))
        return _Lang(empty, lang.first, lang.last)


# --- the test ---------------------------------------------------------------------------


def _components(edges: list[Ways]) -> list[int]:
    """The strongly connected component of each position (Tarjan, without recursion)."""
    count = len(edges)
    index = [-1] * count
    low = [0] * count
    component = [-1] * count
    on_stack = [False] * count
    stack: list[int] = []
    counter = 0
    found = 0
    for root in range(count):
        if index[root] != -1:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if index[succ] == -1:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack[succ] = True
                    work.append((succ, iter(edges[succ])))
                    advanced = True
                    break
                if on_stack[succ]:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = found
                    if member == node:
                        break
                found += 1
    return component


def _exponential(positions: list[Chars], follow: list[Ways]) -> bool:
    """Can two different paths take the same loop on the same text?"""
    component = _components(follow)
    # The same edge twice inside a loop: two nested repetitions.
    for x, edges in enumerate(follow):
        if any(n > 1 and component[y] == component[x] for y, n in edges.items()):
            return True
    groups: dict[int, list[int]] = {}
    for x in range(len(positions)):
        groups.setdefault(component[x], []).append(x)
    return any(
        _loop_ambiguous(members, positions, follow, component)
        for members in groups.values()
        if len(members) > 1
    )


def _loop_ambiguous(
    members: list[int],
    positions: list[Chars],
    follow: list[Ways],
    component: list[int],
) -> bool:
    """Is a pair of different positions of this loop reachable from a pair of equal ones,
    and back, in the automaton's product with itself on equal characters?"""
    own = component[members[0]]
    inside = {x: [y for y in follow[x] if component[y] == own] for x in members}

    def successors(pair: tuple[int, int]) -> Iterable[tuple[int, int]]:
        p, q = pair
        for p2 in inside[p]:
            for q2 in inside[q]:
                if p2 == q2 or _overlap(positions[p2], positions[q2]):
                    yield (p2, q2) if p2 <= q2 else (q2, p2)  # a pair is unordered

    # Forward from every equal pair; an unequal pair reached must lead back to an equal one.
    reached: set[tuple[int, int]] = set()
    frontier = [(x, x) for x in members]
    edges: dict[tuple[int, int], list[tuple[int, int]]] = {}
    while frontier:
        pair = frontier.pop()
        if pair in reached:
            continue
        reached.add(pair)
        edges[pair] = list(successors(pair))
        frontier.extend(edges[pair])
    back: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pair, nexts in edges.items():
        for nxt in nexts:
            back.setdefault(nxt, []).append(pair)
    returns: set[tuple[int, int]] = set()
    frontier = [(x, x) for x in members]
    while frontier:
        pair = frontier.pop()
        if pair in returns:
            continue
        returns.add(pair)
        frontier.extend(back.get(pair, ()))
    return any(p != q for p, q in reached & returns)


# --- polynomial backtracking ------------------------------------------------------------

_TRIPLE_BUDGET = 200_000  # triples visited before the test gives up (and refuses nothing)


def _count_loops(tree: Any) -> int:
    """How many repetitions read as unbounded the tree holds (nested ones too)."""
    count = 0
    for op, value in tree:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, body = value
            count += int(_unbounded(low, high)) + _count_loops(body)
        elif op is C.BRANCH:
            count += sum(_count_loops(branch) for branch in value[1])
        elif op is C.SUBPATTERN:
            count += _count_loops(value[-1])
        elif op is C.ATOMIC_GROUP:
            count += _count_loops(value)
        elif op is C.GROUPREF_EXISTS:
            count += _count_loops(value[1]) + (_count_loops(value[2]) if value[2] else 0)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            count += _count_loops(value[1])
    return count


def _polynomial_tree(tree: Any, flags: int) -> bool:
    """Can two loops in a row share one run of text (``\\s*\\s*``, ``\\d+\\d+``,
    ``.*x.*y``)?  Unlike exponential ambiguity this needs the whole pattern: the loops
    are side by side, not nested."""
    if _count_loops(tree) < 2:
        return False
    analysis = _Analysis(exact_case=True)
    analysis.build(tree, flags)
    return _polynomial(analysis.positions, analysis.follow)


def _polynomial(positions: list[Chars], follow: list[Ways]) -> bool:
    """Is there a word ``v`` and two positions ``p``, ``q`` in different loops with
    ``p -v-> p``, ``p -v-> q`` and ``q -v-> q``?

    That is the test for infinite degree of ambiguity (Weber and Seidl): a failing match
    can then split a run of ``n`` characters between the two loops in ``n`` ways, and a
    chain of ``k`` such loops in ``n**k`` ways.  It is decided in the automaton's product
    with itself three times: from ``(p, p, q)`` to ``(p, q, q)`` on equal characters.
    """
    component = _components(follow)
    cyclic: dict[int, list[int]] = {}
    for x, edges in enumerate(follow):
        if any(component[y] == component[x] for y in edges):
            cyclic.setdefault(component[x], []).append(x)
    if len(cyclic) < 2:
        return False
    budget = [_TRIPLE_BUDGET]
    for own, members in cyclic.items():
        later = _reachable(follow, members)
        for other, targets in cyclic.items():
            if other == own or targets[0] not in later:
                continue
            for p in members:
                for q in targets:
                    if _triple_path(p, q, positions, follow, component, budget):
                        return True
                    if budget[0] <= 0:
                        return False  # too large to decide: refuse nothing by mistake
    return False


def _reachable(follow: list[Ways], starts: list[int]) -> set[int]:
    seen: set[int] = set()
    frontier = list(starts)
    while frontier:
        x = frontier.pop()
        for y in follow[x]:
            if y not in seen:
                seen.add(y)
                frontier.append(y)
    return seen


def _triple_path(
    p: int,
    q: int,
    positions: list[Chars],
    follow: list[Ways],
    component: list[int],
    budget: list[int],
) -> bool:
    """Is ``(p, q, q)`` reachable from ``(p, p, q)`` in at least one step?  The first run
    stays in ``p``'s loop, the third in ``q``'s; the second may go anywhere between."""
    home, away = component[p], component[q]
    seen: set[tuple[int, int, int]] = set()
    frontier = [(p, p, q)]
    while frontier and budget[0] > 0:
        a, b, c = frontier.pop()
        for a2 in follow[a]:
            if component[a2] != home:
                continue
            for c2 in follow[c]:
                if component[c2] != away or not _overlap(positions[a2], positions[c2]):
                    continue
                for b2 in follow[b]:
                    if not _overlap3(positions[a2], positions[b2], positions[c2]):
                        continue
                    triple = (a2, b2, c2)
                    if triple == (p, q, q):
                        return True
                    if triple not in seen:
                        seen.add(triple)
                        budget[0] -= 1
                        frontier.append(triple)
    return False


@lru_cache(maxsize=65536)
def _overlap3(a: Chars, b: Chars, c: Chars) -> bool:
    """Do three character sets share a character (case ignored)?"""
    if a == b == c:
        return True
    candidates = _samples(a) | _samples(b) | _samples(c) | _CASE_SAMPLES
    return any(_member(a, ch) and _member(b, ch) and _member(c, ch) for ch in candidates)


__all__ = ["catastrophic"]
