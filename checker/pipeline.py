"""Wire the stages: ingest -> segment -> extract -> align -> evaluate -> Report.

No printing here; the CLI renders the Report.  Sources are read one at a time so memory
stays bounded by the largest file plus the claims.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from checker import __version__
from checker.align import align, glossary_of
from checker.baseline import fingerprint
from checker.errors import FactcheckError
from checker.evaluate import evaluate
from checker.extract import Lexicon, extract_claims
from checker.ingest import discover, display_path, read_source
from checker.knowledge import Knowledge
from checker.model import Claim, Finding, PackInfo, Report, Source
from checker.packs import load_knowledge
from checker.segment import split_sentences


@dataclass
class Engine:
    """Loaded packs and the patterns compiled from them, reused across files."""

    know: Knowledge
    lex: Lexicon
    pack_paths: tuple[Path, ...] | None = None  # to load the same packs in worker processes

    @classmethod
    def load(cls, pack_paths: Sequence[Path] | None = None) -> Engine:
        know = load_knowledge(list(pack_paths) if pack_paths else None)
        return cls(know, Lexicon.build(know), tuple(pack_paths) if pack_paths else None)

    @property
    def packs(self) -> tuple[PackInfo, ...]:
        return tuple(PackInfo(name, display_path(path), sha) for name, path, sha in self.know.packs)


def read_claims(
    paths: Sequence[str | Path],
    engine: Engine,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    *,
    exclude: Sequence[str] = (),
    include: Sequence[str] = (),
) -> Iterator[tuple[Source, list[Claim]]]:
    """Stream (source, claims) for every article under ``paths``, in a stable order.

    ``jobs`` > 1 reads files in that many worker processes (0: one per core); the order
    and the results are the same as with one.  ``exclude`` and ``include`` are globs
    for the files found in folders (see ``checker.discover.discover``).
    """
    files = discover(paths, exclude=exclude, include=include)
    jobs = jobs or os.cpu_count() or 1
    results = (
        _read_parallel(files, engine, jobs)
        if jobs > 1 and len(files) > 1
        else (_read_one(path, engine) for path in files)
    )
    for i, result in enumerate(results):
        yield result
        if progress:
            progress(i + 1, len(files))


def _read_one(path: Path, engine: Engine) -> tuple[Source, list[Claim]]:
    source = read_source(path, engine.know)
    sentences = split_sentences(source, engine.know.sentence_abbreviations)
    return extract_claims(source, sentences, engine.lex)


_WORKER: Engine | None = None


def _worker_init(pack_paths: tuple[Path, ...] | None) -> None:
    global _WORKER
    _WORKER = Engine.load(pack_paths)


def _worker_read(path: Path) -> tuple[Source, list[Claim]] | FactcheckError:
    # User errors travel back as values: the parent raises them as if read itself.
    assert _WORKER is not None
    try:
        return _read_one(path, _WORKER)
    except FactcheckError as err:
        return err


def _read_parallel(
    files: list[Path], engine: Engine, jobs: int
) -> Iterator[tuple[Source, list[Claim]]]:
    context = multiprocessing.get_context("spawn")
    # Ctrl-C reaches the whole process group; the workers are started ignoring it (they
    # inherit that), so that only the parent stops, stops the pool, and nobody prints a
    # traceback of an interrupted import.
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        pool = context.Pool(jobs, initializer=_worker_init, initargs=(engine.pack_paths,))
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    with pool:
        for result in pool.imap(_worker_read, files, chunksize=8):
            if isinstance(result, FactcheckError):
                raise result
            yield result


def check(
    paths: Sequence[str | Path],
    engine: Engine,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    *,
    exclude: Sequence[str] = (),
    include: Sequence[str] = (),
) -> Report:
    """Run the whole pipeline on the articles under ``paths`` (globs as in ``read_claims``)."""
    t0 = time.perf_counter()
    sources: list[Source] = []
    claims: list[Claim] = []
    for source, found in read_claims(
        paths, engine, progress, jobs, exclude=exclude, include=include
    ):
        sources.append(source)
        claims.extend(found)
    t1 = time.perf_counter()
    facts = align(claims, engine.lex, glossary_of(sources, engine.lex))
    t2 = time.perf_counter()
    findings = with_fingerprints(evaluate(facts, engine.know))
    t3 = time.perf_counter()
    return Report(
        sources=tuple(sources),
        claims=tuple(claims),
        facts=tuple(facts),
        findings=tuple(findings),
        packs=engine.packs,
        version=__version__,
        stats={"extract_s": t1 - t0, "align_s": t2 - t1, "evaluate_s": t3 - t2},
    )


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Fill each finding's stable fingerprint (rule, fact and claims, not positions)."""
    return [replace(f, fingerprint=fingerprint(f)) for f in findings]
