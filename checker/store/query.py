"""Checks that read a store: drafts against the archive, and the archive's audit.

Alignment works block by block (``checker.align``): claims of different blocks never
meet.  So the facts a draft's claims can belong to are found by aligning the blocks of
its claims, with every stored claim of those blocks, and nothing else.  Those claims
are fetched through the block index, put in the order a check of the folder reads them
(path, then position in the file: alignment breaks ties by that order), and aligned
with the acronyms the archive defines for the words of their contexts: the facts, and
so the findings, are those of ``check DRAFT --against FOLDER`` on the same articles.

The audit walks the store's blocks in key order, one block in memory at a time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker import __version__
from checker.align import align, block_key
from checker.evaluate import evaluate
from checker.model import Claim, Fact, Finding, Report, Source
from checker.pipeline import Engine, read_claims, with_fingerprints
from checker.store import ClaimStore, block_text, shown_path
from checker.store.codec import claim_from_text, source_from_record
from checker.textnorm import fold

_BLOCK_PAGE = 256  # block keys fetched per query of the audit


@dataclass
class _View:
    """How stored paths are shown in this run, and which stored sources the drafts
    replace (a draft that is also in the archive is read from disk, not the store)."""

    root: str
    cwd: str
    drafts: frozenset[str] = frozenset()
    keys: dict[str, str] = field(default_factory=dict)  # shown path -> stored key

    def shown(self, key: str) -> str:
        path = shown_path(key, self.root, self.cwd)
        self.keys[path] = key
        return path


def _stored_claims(
    store: ClaimStore, blocks: Sequence[str], view: _View
) -> list[tuple[str, int, Claim]]:
    out = []
    for key, ordinal, data in store.claims_in(blocks):
        path = view.shown(key)
        if path not in view.drafts:
            out.append((path, ordinal, claim_from_text(data, path)))
    return out


def _glossary(
    store: ClaimStore,
    claims: Iterable[Claim],
    view: _View,
    drafts: Iterable[tuple[str, int, str, str]] = (),
) -> dict[str, str]:
    """The acronyms (``checker.align.glossary_of``) for the words of these claims'
    contexts: the first definition in path order, as a check of the folder takes."""
    words = {w for c in claims for w in c.context.split()}
    if not words:
        return {}
    rows = [
        (view.shown(key), ordinal, acronym, expansion)
        for key, ordinal, acronym, expansion in store.acronyms_for(words)
    ]
    rows = [r for r in rows if r[0] not in view.drafts]
    rows.extend(d for d in drafts if d[2] in words)
    glossary: dict[str, str] = {}
    for _path, _ordinal, acronym, expansion in sorted(rows):
        glossary.setdefault(acronym, expansion)
    return glossary


def _draft_acronyms(sources: Iterable[Source], engine: Engine) -> list[tuple[str, int, str, str]]:
    out = []
    for source in sources:
        for i, (acronym, expansion) in enumerate(source.acronyms):
            words = [w for token in expansion.split() for w in engine.lex.content_forms(token)]
            if words:
                out.append((source.path, i, fold(acronym), " ".join(words)))
    return out


def stored_sources(store: ClaimStore, paths: Iterable[str], view: _View) -> list[Source]:
    """Text-less sources (metadata, ignore comments) of these shown paths."""
    by_key = {}
    for key, meta, ignores in store.sources_at(view.keys.get(p, p) for p in paths):
        by_key[view.shown(key)] = source_from_record(view.shown(key), meta, ignores)
    return [by_key[p] for p in sorted(by_key)]


def check_against_store(
    drafts: Sequence[Path],
    store: ClaimStore,
    meta: dict[str, str],
    engine: Engine,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    *,
    exclude: Sequence[str] = (),
    include: Sequence[str] = (),
) -> Report:
    """The drafts checked against the archive (see the module docstring).  The report
    holds the drafts, the stored sources and claims of their blocks, and the findings
    of those blocks; ``checker.cli`` keeps those that involve a draft."""
    t0, c0 = time.perf_counter(), time.process_time()
    sources: list[Source] = []
    ordered: list[tuple[str, int, Claim]] = []
    for source, found in read_claims(
        drafts, engine, progress, jobs, exclude=exclude, include=include
    ):
        sources.append(source)
        ordered.extend((source.path, i, c) for i, c in enumerate(found))
    view = _View(meta.get("root", ""), os.getcwd(), frozenset(s.path for s in sources))
    blocks = sorted(
        {b for _p, _i, c in ordered if (b := block_text(block_key(c, engine.lex))) is not None}
    )
    t1, c1 = time.perf_counter(), time.process_time()
    with store.snapshot():
        ordered.extend(_stored_claims(store, blocks, view))
        ordered.sort(key=lambda item: (item[0], item[1]))
        claims = [c for _p, _i, c in ordered]
        glossary = _glossary(store, claims, view, _draft_acronyms(sources, engine))
        t2, c2 = time.perf_counter(), time.process_time()
        facts = align(claims, engine.lex, glossary)
        t3, c3 = time.perf_counter(), time.process_time()
        findings = with_fingerprints(evaluate(facts, engine.know))
        t4, c4 = time.perf_counter(), time.process_time()
        quoted = {c.source for f in findings for c in f.claims} - view.drafts
        archive = stored_sources(store, quoted, view)
    all_sources = sorted([*sources, *archive], key=lambda s: s.path)
    # The report lists the drafts' claims and the facts they belong to (a folder check
    # lists the whole corpus): its size follows the drafts, not the archive.
    involved = [f for f in facts if any(c.source in view.drafts for c in f.claims)]
    return Report(
        sources=tuple(all_sources),
        claims=tuple(c for c in claims if c.source in view.drafts),
        facts=tuple(involved),
        findings=tuple(findings),
        packs=engine.packs,
        version=__version__,
        stats={
            "extract_s": t1 - t0,
            # Fetching and decoding the candidates, the acronyms and the quoted sources.
            "query_s": t2 - t1 + (time.perf_counter() - t4),
            "align_s": t3 - t2,
            "evaluate_s": t4 - t3,
            # The same in CPU seconds (a loaded machine stretches the wall times).
            "extract_cpu_s": c1 - c0,
            "query_cpu_s": c2 - c1 + (time.process_time() - c4),
            "align_cpu_s": c3 - c2,
            "evaluate_cpu_s": c4 - c3,
            "candidates": float(len(claims)),
        },
    )


@dataclass
class AuditBlock:
    """The findings of one block, with the stored sources they quote."""

    key: str
    claims: int
    facts: list[Fact]
    findings: list[Finding]
    sources: list[Source]


def audit_blocks(store: ClaimStore, meta: dict[str, str], engine: Engine) -> Iterator[AuditBlock]:
    """Every block of the store, aligned and evaluated, in key order, one at a time:
    memory holds one block's claims, whatever the size of the archive."""
    view = _View(meta.get("root", ""), os.getcwd())
    after: str | None = None
    with store.snapshot():
        while True:
            keys = store.blocks_after(after, _BLOCK_PAGE)
            if not keys:
                return
            for key in keys:
                yield audit_block(store, key, view, engine)
            after = keys[-1]


def audit_block(store: ClaimStore, key: str, view: _View, engine: Engine) -> AuditBlock:
    """One block aligned and evaluated as a whole-folder check would."""
    ordered = sorted(_stored_claims(store, [key], view), key=lambda item: (item[0], item[1]))
    claims = [c for _p, _i, c in ordered]
    facts = align(claims, engine.lex, _glossary(store, claims, view))
    findings = with_fingerprints(evaluate(facts, engine.know))
    quoted = {c.source for f in findings for c in f.claims}
    sources = stored_sources(store, quoted, view) if findings else []
    return AuditBlock(key, len(claims), facts, findings, sources)
