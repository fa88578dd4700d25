"""Group claims that state the same fact.

Claims are first blocked by kind, unit (or unit family) and time, so that only claims
that could be the same fact are ever compared: cost stays near-linear in the number of
claims.  Inside a block, claims with the same context are merged first, then contexts
are compared with rapidfuzz and joined when they are alike, never when the join would
put two different figures from one source into one fact (an article does not contradict
itself in one breath; two figures from one article are two facts).  Numbers never enter
the fuzzy score: they are masked in contexts.  Numbered events align by identity.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from checker.evaluate import lies_below
from checker.extract.frame import FIELDS, Frame, FrameReader
from checker.extract.lexicon import Lexicon
from checker.i18n import N_, _
from checker.model import Claim, Fact, Source
from checker.textnorm import canonical, fold, squash

ALIGNABLE = frozenset({"count", "money", "percent", "multiplier", "group", "event"})
_DEFAULTS = {"context_threshold": 70.0, "link_floor": 55.0, "max_ratio": 3.0}


@dataclass
class _Node:
    """Claims of one block that share a context (a unit of clustering)."""

    context: str
    claims: list[Claim] = field(default_factory=list)

    def intervals_by_source(self) -> dict[str, set[Interval]]:
        out: dict[str, set[Interval]] = defaultdict(set)
        for c in self.claims:
            out[c.source].add((c.low, c.high, c.low_open, c.high_open))
        return out


def block_key(claim: Claim, lex: Lexicon) -> tuple[str, ...] | None:
    """Claims can only state the same fact when these agree; None: not alignable."""
    if claim.kind not in ALIGNABLE:
        return None
    if claim.kind == "event":
        # Events block by name; the number or year then tells editions apart.
        return ("event", re.split(r"[#@]", claim.event or "")[0])
    if claim.time is None:
        return None  # a figure with no time cannot be matched safely
    unit = fold(claim.unit or "")
    if claim.kind in ("count", "group"):
        unit = lex.unit_family(unit) or unit
    time = _block_time(claim)
    if time is None:
        return None
    return (claim.kind, unit, time, *frame_key(claim, lex))


_DAY = re.compile(r"(\d{4})-\d{2}-\d{2}")


def _block_time(claim: Claim) -> str | None:
    """The time a claim is blocked by: its own, except that a day its sentence states
    ("thời điểm 1/4/2024", a survey's reference date) blocks with its year, so that it
    meets a figure dated only by the year its article carries ("năm 2024" in the
    headline).  The frames then decide: two stated periods that differ stay apart, a
    carried year that holds the day is unknown (a finding on it is at most a warning)."""
    time = claim.time
    frame = claim.frame
    if time is None or frame is None or frame.period.basis != "stated":
        return time
    m = _DAY.fullmatch(time)
    if m is None or frame.period.value != time:
        return time  # a span to that day ("đến ngày 7/11/2022") blocks by its day
    return m.group(1)


def frame_key(claim: Claim, lex: Lexicon) -> tuple[str, str]:
    """The frame fields a fact cannot do without: what is measured of the figure (a level,
    a change, a share ...), its status family (a target is not a result) and its subject
    (a place; "?" when nothing says, which is never a wildcard: unknown meets unknown
    only, and a finding on it is at most a warning)."""
    frame = claim.frame
    if frame is None:
        return ("?", "?")
    families = lex.frames.vocab.status_families
    status = frame.status.value
    return (
        frame.measure.value or "?",
        families.get(status, status) if status else "?",
    )


_CHUNK = 512  # rows of the similarity matrix computed at a time (bounded memory)
_NEIGHBOURS = 12  # strongest links kept per context: edges grow linearly with the block
_LINK_SAMPLE = 12  # members per side checked for complete linkage in large groups


def _pair_scores(contexts: list[str], threshold: float) -> dict[tuple[int, int], float]:
    """The strongest links (i < j) of each context that reach ``threshold``.

    Scores are computed by row chunks in C (memory bounded by the chunk); only the
    ``_NEIGHBOURS`` best links of each row are kept, so the Python work that follows
    grows linearly with the number of contexts, not with its square.
    """
    scores: dict[tuple[int, int], float] = {}
    keep = min(_NEIGHBOURS + 1, len(contexts))
    for top in range(0, len(contexts), _CHUNK):
        rows = _score_matrix(contexts[top : top + _CHUNK], contexts)
        best = np.argpartition(-rows, keep - 1, axis=1)[:, :keep]
        for r, row in enumerate(best):
            i = top + r
            for j in row:
                score = float(rows[r, j])
                if j != i and score >= threshold:
                    scores[(min(i, int(j)), max(i, int(j)))] = score
    return scores


class _Linkage:
    """Complete linkage between groups, scored on demand on an even sample of each side
    (at most ``_LINK_SAMPLE`` members), with the scores already known reused.  Nodes
    that name the same metric (``metrics``) are held to ``named_floor`` instead."""

    def __init__(
        self,
        contexts: list[str],
        known: dict[tuple[int, int], float],
        floor: float,
        metrics: list[str | None] | None = None,
        named_floor: float | None = None,
    ):
        self.contexts, self.cache, self.floor = contexts, dict(known), floor
        self.metrics = metrics or [None] * len(contexts)
        self.named_floor = floor if named_floor is None else min(floor, named_floor)

    def named_alike(self, x: int, y: int) -> bool:
        return self.metrics[x] is not None and self.metrics[x] == self.metrics[y]

    def floor_of(self, x: int, y: int) -> float:
        return self.named_floor if self.named_alike(x, y) else self.floor

    def threshold_of(self, x: int, y: int, threshold: float) -> float:
        """The score an edge needs: less for nodes naming the same metric."""
        return min(threshold, self.named_floor) if self.named_alike(x, y) else threshold

    def score(self, x: int, y: int) -> float:
        key = (min(x, y), max(x, y))
        if key not in self.cache:
            a, b = self.contexts[x], self.contexts[y]
            self.cache[key] = (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2
        return self.cache[key]

    def linked(self, a: list[int], b: list[int]) -> bool:
        a = a[:: max(1, len(a) // _LINK_SAMPLE)]
        b = b[:: max(1, len(b) // _LINK_SAMPLE)]
        return all(self.score(x, y) >= self.floor_of(x, y) for x in a for y in b)


def _score_matrix(contexts: list[str], others: list[str] | None = None) -> np.ndarray:
    """Context similarity 0-100 for every pair: token-set (shared words) tempered by
    token-sort (so a short context that is a subset of a long one is not identical)."""
    others = contexts if others is None else others
    tset = cdist(contexts, others, scorer=fuzz.token_set_ratio, dtype=np.float32)
    tsort = cdist(contexts, others, scorer=fuzz.token_sort_ratio, dtype=np.float32)
    return (tset + tsort) / 2


def _qualified_apart(
    a: str,
    b: str,
    qualifiers: list[str],
    families: Sequence[tuple[str, ...]] = (),
    neutral: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> bool:
    """One context narrows the thing counted ("có lưu trú") and the other does not; a
    qualifier of a family ("bình quân", "trung bình") is matched by any of its members."""
    return bool(qualifiers_apart(a, b, qualifiers, families, neutral))


def qualifiers_apart(
    a: str,
    b: str,
    qualifiers: list[str],
    families: Sequence[tuple[str, ...]] = (),
    neutral: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> list[str]:
    """The qualifiers that narrow only one of two contexts (see ``_qualified_apart``).

    ``neutral`` holds, per side, the folded words that set the claims' own period or
    status ("lũy kế 11 tháng năm 2023", "ước tính"): a qualifier inside them says when
    or how sure, not what is counted, so it narrows nothing on that side."""
    apart = []
    for q in qualifiers:
        forms = next((f for f in families if q in f), (q,))
        if _narrows(a, forms, neutral[0]) != _narrows(b, forms, neutral[1]):
            apart.append(q)
    return apart


def _narrows(text: str, forms: Sequence[str], neutral: Sequence[str]) -> bool:
    return any(f in text and not any(f in n for n in neutral) for f in forms)


def neutral_words(claims: Iterable[Claim]) -> tuple[str, ...]:
    """The folded words that set the claims' own period or status, as the sentence
    states them (see ``qualifiers_apart``)."""
    out: set[str] = set()
    for c in claims:
        if c.frame is None:
            continue
        for slot in (c.frame.period, c.frame.status):
            if slot.basis == "stated":
                out.update(fold(e.text) for e in slot.evidence if e.where == "sentence")
    return tuple(sorted(out))


def qualifier_text(context: str, claims: Iterable[Claim]) -> str:
    """The context and the counted nouns of the claims: a qualifier in either narrows
    what is counted ("7,1 triệu lượt khách lưu trú" says "lưu trú" in its unit)."""
    units = sorted({fold(c.unit or "") for c in claims} - {""})
    return " ".join([context, *units])


def units_compatible(x: frozenset[str] | None, y: frozenset[str] | None) -> bool:
    """Counted nouns of one family agree when one adds nothing to the head or no more
    than the other ("tấn" and "tấn lúa"; "lượt khách quốc tế" and "lượt khách du lịch
    quốc tế"); two different additions ("tấn lúa", "tấn gạo") are two things."""
    if x is None or y is None or not x or not y:
        return True
    return x <= y or y <= x


Interval = tuple[Decimal | None, Decimal | None, bool, bool]


def _compatible(a: Interval, b: Interval) -> bool:
    """Whether two (low, high, low_open, high_open) intervals share a value."""
    return not (lies_below(a[1], a[3], b[0], b[2]) or lies_below(b[1], b[3], a[0], a[2]))


class _Clusters:
    """Union-find over nodes with a guard that refuses merges mixing one source's
    incompatible figures (an article does not contradict itself in one breath: "61"
    and "hơn 100" from one article are two facts, "hơn 44 tỷ" in its title and "44,2
    tỷ" in its body are one) or figures too far apart to be one measure."""

    def __init__(
        self,
        nodes: list[_Node],
        max_ratio: float,
        frames: FrameReader | None = None,
        lex: Lexicon | None = None,
    ):
        self.parent = list(range(len(nodes)))
        # What each group's counted nouns add to their family's head ("lua" of "tấn lúa").
        self.units: list[set[frozenset[str] | None]] = [
            {lex.unit_qualifier(c.unit or "") if lex else None for c in n.claims} for n in nodes
        ]
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(nodes))}
        self.sources = [n.intervals_by_source() for n in nodes]
        self.values = [[c.value for c in n.claims if c.value] for n in nodes]
        self.max_ratio = Decimal(str(max_ratio))
        self.reader = frames
        # A few distinct frames per group stand for it when frames are compared.
        self.frames: list[list[Frame]] = [_distinct_frames(n.claims) for n in nodes]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_merge(self, a: int, b: int) -> bool:
        sa, sb = self.sources[a], self.sources[b]
        for src in sa.keys() & sb.keys():
            if not all(_compatible(x, y) for x in sa[src] for y in sb[src]):
                return False
        vals = [v for v in self.values[a] + self.values[b] if v > 0]
        if vals and max(vals) / min(vals) > self.max_ratio:
            return False
        if not self.units_agree(a, b):
            return False
        return self._frames_agree(a, b)

    def units_agree(self, a: int, b: int) -> bool:
        """No counted noun of one group adds another thing than one of the other."""
        return all(units_compatible(x, y) for x in self.units[a] for y in self.units[b])

    def frames_concur(self, a: int, b: int) -> bool:
        """The groups' frames agree with no field apart and a known subject on both
        sides, and their counted nouns agree: the same fact unless the words say
        otherwise, so less context is needed (``frame_agree_threshold``)."""
        if self.reader is None or not self.frames[a] or not self.frames[b]:
            return False
        if not self.units_agree(a, b):
            return False
        for x in self.frames[a]:
            for y in self.frames[b]:
                verdict = self.reader.compare(x, y)
                if verdict.differ or "subject" in verdict.unknown:
                    return False
        return True

    def _frames_agree(self, a: int, b: int) -> bool:
        """No field of the groups' frames (metric, part, base, period ...) says that
        they are different facts."""
        if self.reader is None:
            return True
        return all(self.reader.compare(x, y).same for x in self.frames[a] for y in self.frames[b])

    def merge(self, a: int, b: int) -> bool:
        """Join the groups of ``a`` and ``b`` unless the guard refuses; True if joined."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.can_merge(ra, rb):
            return False
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        for src, vals in self.sources[rb].items():
            self.sources[ra].setdefault(src, set()).update(vals)
        self.values[ra].extend(self.values[rb])
        self.units[ra] |= self.units[rb]
        self.frames[ra] = _distinct_frames_of(self.frames[ra] + self.frames[rb])
        return True


def _frame_identity(claim: Claim) -> tuple[str | None, ...]:
    f = claim.frame
    if f is None:
        return ()
    return (f.subject.value, f.metric.value, f.part.value, f.base.value, f.period.value)


def _named_metric(node: _Node) -> str | None:
    """The metric the node's frames name in words, when they all name the same one."""
    names = {
        c.frame.metric.value if c.frame and c.frame.metric.basis == "stated" else None
        for c in node.claims
    }
    return names.pop() if len(names) == 1 else None


_FRAME_SAMPLE = 6  # distinct frames kept per group: merges cost a bounded number of tests


def _distinct_frames(claims: Iterable[Claim]) -> list[Frame]:
    return _distinct_frames_of([c.frame for c in claims if c.frame is not None])


def _distinct_frames_of(frames: list[Frame]) -> list[Frame]:
    seen: dict[tuple[object, ...], Frame] = {}
    for f in frames:
        seen.setdefault(_frame_values(f), f)
    kept = list(seen.values())
    return kept if len(kept) <= _FRAME_SAMPLE else kept[:: len(kept) // _FRAME_SAMPLE + 1]


def _frame_values(f: Frame) -> tuple[object, ...]:
    return tuple((s.value, s.basis, s.kind, s.qualifiers) for s in (f.field(n) for n in FIELDS))


def _event_groups(claims: list[Claim]) -> list[tuple[list[Claim], list[str]]]:
    """One group per edition: by number ("#5"); an edition named only by its year
    ("@2019") joins the one numbered edition whose dates cover that year, else its year."""
    numbered: dict[str, list[Claim]] = defaultdict(list)
    by_year: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        _name, sep, tag = (c.event or "").partition("#")
        (numbered[tag] if sep else by_year[(c.event or "").partition("@")[2]]).append(c)
    joined: dict[str, list[Claim]] = defaultdict(list)
    for year, group in sorted(by_year.items()):
        editions = [n for n, cs in numbered.items() if any(year in (x.time or "") for x in cs)]
        if len(editions) == 1:
            joined[editions[0]].extend(group)
        else:
            joined["@" + year].extend(group)
    out = []
    for tag, group in sorted(numbered.items()):
        extra = joined.pop(tag, [])
        why = [f"same event, number {tag}"]
        if extra:
            why.append(f"named by year {extra[0].time}, within the dates given for number {tag}")
        out.append((group + extra, why))
    for tag, group in sorted(joined.items()):
        out.append((group, [f"same event, {tag}"]))
    return out


def expand_acronyms(context: str, glossary: dict[str, str]) -> str:
    """Add the expansion after each acronym a corpus article defines ("fdi" -> "fdi dau
    tu truc tiep nuoc ngoai"), so a context that names the acronym and one that spells
    it out share their words."""
    if not glossary:
        return context
    return " ".join(f"{w} {glossary[w]}" if w in glossary else w for w in context.split())


def _with_unit_words(context: str, claim: Claim, lex: Lexicon | None) -> str:
    """The context and the words the claim's counted noun adds to its head ("cá tra" of
    "1,16 triệu tấn cá tra"): what is counted is context too, and the other side may
    name it only before its figure ("sản lượng cá tra ... 1,61 triệu tấn")."""
    extra = lex.unit_qualifier(claim.unit or "") if lex else None
    if not extra:
        return context
    words = set(context.split())
    return " ".join([context, *sorted(w for w in extra if w not in words)])


def _cluster_block(
    claims: list[Claim],
    know_align: dict[str, float],
    qualifiers: list[str],
    glossary: dict[str, str] | None = None,
    frames: FrameReader | None = None,
    lex: Lexicon | None = None,
) -> list[tuple[list[Claim], list[str]]]:
    """Split one block into groups of claims about the same fact, with evidence lines."""
    by_ctx: dict[tuple[str, tuple[str | None, ...]], _Node] = {}
    for c in claims:
        ctx = _with_unit_words(expand_acronyms(c.context, glossary or {}), c, lex)
        # Same words around the figure, yet another metric or base ("Cần Thơ tăng 28,6%"
        # of two revenues): the frame keeps such claims in nodes of their own.
        by_ctx.setdefault((ctx, _frame_identity(c)), _Node(ctx)).claims.append(c)
    nodes = list(by_ctx.values())
    threshold = float(know_align.get("context_threshold", _DEFAULTS["context_threshold"]))
    floor = float(know_align.get("link_floor", _DEFAULTS["link_floor"]))
    max_ratio = float(know_align.get("max_ratio", _DEFAULTS["max_ratio"]))
    clusters = _Clusters(nodes, max_ratio, frames, lex)
    evidence: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    if len(nodes) > 1:
        contexts = [n.context for n in nodes]
        named = float(know_align.get("named_metric_threshold", threshold))
        agree = float(know_align.get("frame_agree_threshold", threshold))
        metrics = [_named_metric(n) for n in nodes]
        scores = _pair_scores(contexts, min(threshold, named, agree))
        linkage = _Linkage(contexts, scores, floor, metrics, named)
        families = lex.qualifier_families if lex else []
        qtexts = [qualifier_text(n.context, n.claims) for n in nodes]
        neutral = [neutral_words(n.claims) for n in nodes]
        edges = sorted(
            (-score, i, j)
            for (i, j), score in scores.items()
            if not _qualified_apart(
                qtexts[i], qtexts[j], qualifiers, families, (neutral[i], neutral[j])
            )
            and (
                score >= linkage.threshold_of(i, j, threshold)
                or (score >= agree and clusters.frames_concur(i, j))
            )
        )
        for neg_score, i, j in edges:
            ri, rj = clusters.find(i), clusters.find(j)
            if ri == rj or not linkage.linked(clusters.members[ri], clusters.members[rj]):
                continue
            if clusters.merge(ri, rj):
                evidence[ri].extend([*evidence.pop(rj, []), (i, j, -neg_score)])
    out = []
    for root, members in sorted(clusters.members.items()):
        group_claims = [c for i in members for c in nodes[i].claims]
        lines = [f"same context: {nodes[root].context!r}"] if len(members) == 1 else []
        for i, j, score in sorted(evidence.get(root, [])):
            shared = sorted(set(nodes[i].context.split()) & set(nodes[j].context.split()) - {"#"})
            lines.append(
                f"context {score:.0f}/100: {nodes[i].context!r} ~ {nodes[j].context!r};"
                f" shared words: {' '.join(shared)}"
            )
        out.append((group_claims, lines))
    return out


def align(
    claims: Iterable[Claim], lex: Lexicon, glossary: dict[str, str] | None = None
) -> list[Fact]:
    """All facts stated by the claims; a fact may hold claims from one source only.

    ``glossary`` maps folded acronyms to the folded words of their definitions, as the
    articles of the corpus give them (see ``glossary_of``).
    """
    blocks: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for c in claims:
        key = block_key(c, lex)
        if key is not None:
            blocks[key].append(c)
    qualifiers = [fold(q) for q in lex.know.align.get("qualifiers", [])]
    facts: list[Fact] = []
    for key in sorted(blocks):
        block = blocks[key]
        if key[0] == "event":
            groups = _event_groups(block)
        else:
            groups = _cluster_block(block, lex.know.align, qualifiers, glossary, lex.frames, lex)
        for group, evidence in groups:
            facts.append(_fact(key, group, evidence))
    facts.sort(key=lambda f: f.key)
    return facts


def explain_pair(
    a: Claim, b: Claim, lex: Lexicon, glossary: dict[str, str] | None = None
) -> list[str]:
    """Why two claims are, or are not, the same fact: each test alignment applies."""
    key_a, key_b = block_key(a, lex), block_key(b, lex)
    lines = [f"block: {key_a} vs {key_b}"]
    if key_a is None or key_b is None:
        which = " and ".join(q for q, k in (("first", key_a), ("second", key_b)) if k is None)
        lines.append(
            f"not aligned: the {which} claim is not alignable (kind {a.kind}/{b.kind}, or no time)"
        )
        return lines
    if key_a != key_b:
        parts = (
            ("kind", "unit or unit family", "time", "measure", "status")
            if key_a[0] != "event"
            else ("kind", "event")
        )
        diff = [name for name, x, y in zip(parts, key_a, key_b, strict=False) if x != y]
        lines.append(f"not aligned: different {', '.join(diff)}")
        return lines
    if key_a[0] == "event":
        lines.append("aligned: same event identity")
        return lines
    if a.frame is not None and b.frame is not None:
        verdict = lex.frames.compare(a.frame, b.frame)
        if verdict.differ:
            lines.append(f"not aligned: the frames differ in {', '.join(verdict.differ)}")
            lines.extend(frame_lines(a.frame, "first") + frame_lines(b.frame, "second"))
            return lines
        if verdict.unknown:
            lines.append(
                f"frames agree, but {', '.join(verdict.unknown)} is unknown on one side:"
                " a finding on them is at most a warning"
            )
    ctx_a, ctx_b = (
        _with_unit_words(expand_acronyms(c.context, glossary or {}), c, lex) for c in (a, b)
    )
    score = float(_score_matrix([ctx_a, ctx_b])[0, 1])
    threshold = float(lex.know.align.get("context_threshold", _DEFAULTS["context_threshold"]))
    named = a.frame is not None and b.frame is not None and a.frame.metric.basis == "stated"
    if named and a.frame and b.frame and a.frame.metric.value == b.frame.metric.value:
        threshold = min(threshold, float(lex.know.align.get("named_metric_threshold", threshold)))
    qa, qb = lex.unit_qualifier(a.unit or ""), lex.unit_qualifier(b.unit or "")
    if not units_compatible(qa, qb):
        lines.append(
            f"not aligned: the counted nouns {a.unit!r} and {b.unit!r} count different things"
        )
        return lines
    if a.frame is not None and b.frame is not None:
        verdict = lex.frames.compare(a.frame, b.frame)
        if not verdict.differ and "subject" not in verdict.unknown:
            agree = float(lex.know.align.get("frame_agree_threshold", threshold))
            threshold = min(threshold, agree)
    shared = sorted(set(ctx_a.split()) & set(ctx_b.split()) - {"#"})
    lines.append(f"context {score:.0f}/100 (needs {threshold:.0f}): {ctx_a!r} ~ {ctx_b!r}")
    lines.append(f"shared words: {' '.join(shared) or '(none)'}")
    qualifiers = [fold(q) for q in lex.know.align.get("qualifiers", [])]
    apart = qualifiers_apart(
        qualifier_text(ctx_a, [a]),
        qualifier_text(ctx_b, [b]),
        qualifiers,
        lex.qualifier_families,
        (neutral_words([a]), neutral_words([b])),
    )
    if apart:
        lines.append(f"not aligned: only one side is qualified by {', '.join(apart)!r}")
    elif score < threshold:
        lines.append("not aligned: the contexts say different things")
    elif a.source == b.source and (a.value, a.hedge) != (b.value, b.hedge):
        lines.append("not aligned: two different figures from one article are two facts")
    else:
        lines.append("aligned (unless a third claim's guard keeps their groups apart)")
    return lines


def frame_lines(frame: Frame, label: str = "") -> list[str]:
    """A frame field by field, with what set each field (for ``factcheck explain``)."""
    lines = []
    for name in FIELDS:
        slot = frame.field(name)
        words = "; ".join(
            repr(e.text) + (f" ({e.where})" if e.where != "sentence" else "") for e in slot.evidence
        )
        why = " — ".join(x for x in (words, slot.note) if x)
        lead = f"{label} " if label else ""
        lines.append(
            f"  {lead}{name}: {slot.value or '-'} [{slot.basis}]" + (f" {why}" if why else "")
        )
    return lines


def glossary_of(sources: Iterable[Source], lex: Lexicon) -> dict[str, str]:
    """Acronyms defined in the articles, folded; the first definition in path order wins."""
    glossary: dict[str, str] = {}
    for source in sorted(sources, key=lambda s: s.path):
        for acronym, expansion in source.acronyms:
            words = [w for token in expansion.split() for w in lex.content_forms(token)]
            if words:
                glossary.setdefault(fold(acronym), " ".join(words))
    return glossary


def _fact(key: tuple[str, ...], claims: list[Claim], evidence: list[str]) -> Fact:
    ordered = tuple(sorted(claims, key=lambda c: (c.source, c.start)))
    label = fact_label(ordered)
    digest = hashlib.sha256(
        "|".join([*key, *sorted({c.context for c in ordered})]).encode()
    ).hexdigest()[:10]
    kind = ordered[0].kind
    return Fact(
        key=f"{'|'.join(key)}|{digest}",
        label=label,
        kind=kind,
        unit=ordered[0].unit,
        time=ordered[0].time,
        claims=ordered,
        evidence=tuple(evidence),
    )


_EVENT_DATE = re.compile(
    r"(?:,?\s*(?:diễn ra|tổ chức)\b.*|\s*\([^)]*\)|\s+(?:vào\s+)?năm\s+\d{4})$"
)
_LEAD_WORDS = re.compile(r"[^\W\d_]+(?:[-–][^\W\d_]+)?", re.UNICODE)
# Labels are data (suppressions and baselines name facts by them), so they are made in
# English; display_label translates these fixed parts when a label is shown.
_TIME_LABELS = {"asof": N_("as of publication"), "yearly": N_("per year")}
_EVENT_PREFIX = "event: "


def _lead(claim: Claim) -> str:
    # Canonical text: a label reads the same whether the file was NFC, NFD or cp1258.
    sentence = canonical(claim.sentence)
    at = sentence.find(canonical(squash(claim.quote)))
    clause = re.split(r"[;:,.()]|\btrong đó\b", sentence[: max(0, at)])[-1] if at > 0 else ""
    return " ".join(_LEAD_WORDS.findall(clause)[-7:])


def display_label(label: str) -> str:
    """A fact's label in the run's language: its fixed parts ("event: ", "(per year)",
    "(as of publication)") translated, the article's words kept."""
    if label.startswith(_EVENT_PREFIX):
        return _("event: {name}").format(name=label.removeprefix(_EVENT_PREFIX))
    for when in _TIME_LABELS.values():
        suffix = f"({when})"
        if label.endswith(suffix):
            return label.removesuffix(suffix) + f"({_(when)})"
    return label


def fact_label(claims: tuple[Claim, ...]) -> str:
    """A readable label: what is said of the figure, what it counts, and when."""
    first = claims[0]
    if first.kind == "event":
        # The shortest way a source names the event, without the date it gives.
        names = {_EVENT_DATE.sub("", canonical(squash(c.quote))) for c in claims}
        name = min(names, key=lambda n: (n.isupper() and not n.isascii(), len(n), n))
        year = (first.event or "").partition("@")[2]
        named = f"{name} {year}" if year and year not in name else name
        return _EVENT_PREFIX + named
    # The most informative lead among the sources: the words of the clause before the
    # figure ("tỉnh có quan hệ hữu nghị và hợp tác với"), longest first.
    lead, best = max(((_lead(c), c) for c in claims), key=lambda p: (len(p[0].split()), p[0]))
    # The counted noun as written in the same quote, after the number and scale words.
    written = re.sub(
        r"^.*?\d[\d.,]*\s*(?:(?:nghìn|ngàn|triệu|tỷ|tỉ)\s*)*",
        "",
        canonical(squash(best.quote)),
    )
    what = written or best.unit or best.kind
    when = _TIME_LABELS.get(first.time or "", first.time or "")
    return f"{lead} … {what} ({when})" if lead else f"{what} ({when})"
