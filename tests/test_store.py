"""The claim store: one suite for both backends (SQLite, and PostgreSQL on a private
server the suite starts; skipped with the reason when none can be started).

Pinned here: a draft checked against a store gives exactly the findings of a check
against the folder (the JSON results compared); the audit of a store gives the findings
of a whole-folder check; indexing is incremental by content hash; a store built with
other packs is refused with the command that fixes it; concurrent indexers neither lose
nor duplicate rows.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pgserver
import pytest
from clirun import ROOT, run_cli

from checker.align import block_key
from checker.errors import FactcheckError
from checker.pipeline import Engine, check, read_claims
from checker.store import open_store
from checker.store.indexer import index_paths
from checker.store.query import audit_blocks, check_against_store

sys.path.insert(0, str(ROOT / "scripts"))
import benchmark  # the synthetic article generator

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.fixture(scope="session")
def pg() -> Iterator[pgserver.Server]:
    server = pgserver.start()
    if isinstance(server, str):
        pytest.skip(f"no PostgreSQL server: {server}")
    yield server
    server.stop()


_COUNT = iter(range(10**6))


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "archive.db")
    server: pgserver.Server = request.getfixturevalue("pg")
    return server.database(f"store_{os.getpid()}_{next(_COUNT)}")


def make_corpus(folder: Path, n: int = 12, seed: int = 7) -> Path:
    """The seed articles and ``n`` perturbed copies (figures, hedges, NFD, CRLF), plus an
    ignore comment on one claim: many facts, conflicts and suppressions."""
    corpus = folder / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    rng = random.Random(seed)
    seeds = benchmark._seed_paragraphs()
    for i in range(n):
        text, _traits = benchmark.make_article(seeds, rng, i)
        sub = corpus / f"gen{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:03d}.txt").write_bytes(text.encode("utf-8"))
    asem = corpus / "004_0e294bd6a011e5bc.txt"
    lines = asem.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "ASEM" in line)
    lines.insert(
        at, "<!-- factcheck-ignore: event-date-disagreement kept as the paper printed it -->"
    )
    asem.write_text("\n".join(lines), "utf-8")
    return corpus


def make_draft(folder: Path, seed: int = 99) -> Path:
    rng = random.Random(seed)
    text, _ = benchmark.make_article(benchmark._seed_paragraphs(), rng, 0)
    draft = folder / "draft.txt"
    draft.write_text(text + "\nHà Nội đón gần 100 đoàn khách quốc tế hằng năm.\n", "utf-8")
    return draft


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path)


def build(location: str, engine: Engine, paths: list[Path], root: Path, **kw: object) -> None:
    from checker.store import expected_meta

    store = open_store(location, create=True)
    try:
        if not store.meta():
            store.initialise(expected_meta(engine, str(root)))
        index_paths(store, engine, paths, str(root), **kw)  # type: ignore[arg-type]
    finally:
        store.close()


def _findings(result: dict) -> list:
    return result["findings"]


# ----------------------------------------------------------------------- the CLI


def test_draft_against_store_reports_what_against_folder_does(
    location: str, corpus: Path, tmp_path: Path
) -> None:
    make_draft(tmp_path)
    cwd = tmp_path
    added = run_cli("index", "add", "corpus", "--store", location, cwd=cwd)
    assert added.returncode == 0, added.stderr
    folder = run_cli(
        "check", "draft.txt", "--against", "corpus", "-f", "json", "--fail-on", "never", cwd=cwd
    )
    stored = run_cli(
        "check", "draft.txt", "--against", location, "-f", "json", "--fail-on", "never", cwd=cwd
    )
    assert folder.returncode == 0 and stored.returncode == 0, folder.stderr + stored.stderr
    a, b = json.loads(folder.stdout), json.loads(stored.stdout)
    assert a["findings"], "the draft must conflict with the archive for this test to mean anything"
    assert b["findings"] == a["findings"]
    assert b["suppressed"] == a["suppressed"]
    # The sources the findings quote carry the metadata read from disk (sidecar included).
    quoted = {c["source"] for f in a["findings"] for c in f["claims"]}
    assert [s for s in a["sources"] if s["path"] in quoted] == [
        s for s in b["sources"] if s["path"] in quoted
    ]


def test_store_audit_reports_the_whole_folder_check(
    location: str, corpus: Path, tmp_path: Path
) -> None:
    assert run_cli("index", "add", "corpus", "--store", location, cwd=tmp_path).returncode == 0
    whole = run_cli("check", "corpus", "-f", "json", "--fail-on", "never", cwd=tmp_path)
    audit = run_cli(
        "check", "--store", location, "-f", "json", "--fail-on", "warning", cwd=tmp_path
    )
    streamed = [json.loads(line) for line in audit.stdout.splitlines()]
    expected = json.loads(whole.stdout)["findings"]
    key = lambda f: (f["fact_key"], f["rule"])  # noqa: E731
    assert sorted(streamed, key=key) == sorted(expected, key=key)
    assert len(expected) > 3
    assert audit.returncode == 1, audit.stderr  # warnings and errors among them: --fail-on
    assert "findings" in audit.stderr.splitlines()[-1]  # the summary line


def test_other_packs_are_refused_with_the_command_that_fixes_it(
    location: str, corpus: Path, tmp_path: Path
) -> None:
    assert run_cli("index", "add", "corpus/gen0", "--store", location, cwd=tmp_path).returncode == 0
    other = run_cli("check", "corpus/000_1260e201bb692672.txt", "--against", location,
                    "--rules", "generic", "--rules", "hanoi", cwd=tmp_path)  # fmt: skip
    assert other.returncode == 2
    assert len(other.stderr.strip().splitlines()) == 1
    assert "rule packs" in other.stderr and "factcheck index rebuild --store" in other.stderr
    packs = ["--rules", "generic", "--rules", "hanoi"]
    fixed = run_cli("index", "rebuild", "--store", location, *packs, cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert "rebuilt: 4 articles" in fixed.stdout
    seed = "corpus/000_1260e201bb692672.txt"
    again = run_cli(
        "check", seed, "--against", location, *packs, "--fail-on", "never", cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr


# ---------------------------------------------------------------- in-process


def test_indexing_is_incremental_by_content_hash(
    location: str, corpus: Path, engine: Engine
) -> None:
    root = corpus.parent
    store = open_store(location, create=True)
    from checker.store import expected_meta

    store.initialise(expected_meta(engine, str(root)))
    try:
        first = index_paths(store, engine, [corpus], str(root))
        assert first.read == 17 and first.unchanged == 0
        again = index_paths(store, engine, [corpus], str(root))
        assert (again.read, again.unchanged) == (0, 17)
        # Touched but not changed: hashed, not read.
        os.utime(corpus / "gen0" / "000.txt", ns=(1, 1))
        touched = index_paths(store, engine, [corpus], str(root))
        assert (touched.read, touched.unchanged) == (0, 17)
        changed = corpus / "gen1" / "001.txt"
        changed.write_text(changed.read_text("utf-8").replace("1", "7"), "utf-8")
        (corpus / "gen2" / "002.txt").unlink()
        synced = index_paths(store, engine, [corpus], str(root), drop_missing=True)
        assert (synced.read, synced.unchanged, synced.removed) == (1, 15, 1)
        files = store.files()
        assert "corpus/gen2/002.txt" not in files and len(files) == 16
        stats = store.stats()
        assert stats.sources == 16
        expected = sum(len(cs) for _s, cs in read_claims([corpus], engine))
        assert stats.claims == expected
    finally:
        store.close()


def test_a_draft_in_the_archive_is_read_from_disk(
    location: str, corpus: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corpus.parent
    build(location, engine, [corpus], root)
    monkeypatch.chdir(root)
    draft = Path("corpus/003_bf730a2c87539fbc.txt")
    draft.write_text(draft.read_text("utf-8").replace("200 đoàn", "900 đoàn"), "utf-8")
    store = open_store(location)
    try:
        got = check_against_store([draft], store, store.meta(), engine)
    finally:
        store.close()
    folder = check([draft, Path("corpus")], engine)
    mine = lambda r: [f for f in r.findings if any(c.source == str(draft) for c in f.claims)]  # noqa: E731
    assert mine(got) == mine(folder)
    assert any("900" in c.quote for f in mine(got) for c in f.claims)


def test_audit_memory_is_one_block_at_a_time(location: str, corpus: Path, engine: Engine) -> None:
    build(location, engine, [corpus], corpus.parent)
    store = open_store(location)
    try:
        sizes = [block.claims for block in audit_blocks(store, store.meta(), engine)]
        alignable = [
            c for _s, cs in read_claims([corpus], engine) for c in cs if block_key(c, engine.lex)
        ]
        assert sum(sizes) == len(alignable)
        assert max(sizes) < sum(sizes) / 2
    finally:
        store.close()


def test_concurrent_indexers_lose_and_duplicate_nothing(
    location: str, corpus: Path, engine: Engine
) -> None:
    """Four writers at once, two of them on the same folder: every source once, with
    all its claims."""
    root = corpus.parent
    build(location, engine, [corpus / "gen0"], root)  # the schema exists before the race
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            build(location, engine, [path], root)
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(p,)) for p in
               (corpus / "gen1", corpus / "gen2", corpus / "gen1", corpus)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    store = open_store(location)
    try:
        assert len(store.files()) == 17
        stats = store.stats()
        assert stats.sources == 17
        expected = sum(len(cs) for _s, cs in read_claims([corpus], engine))
        assert stats.claims == expected
        rows = store.claims_in(store.blocks_after(None, 10**6))
        assert len(rows) == len({(p, i) for p, i, _d in rows}) == stats.stored
    finally:
        store.close()


def test_many_drafts_at_once_agree(
    location: str, corpus: Path, tmp_path: Path, engine: Engine
) -> None:
    build(location, engine, [corpus], corpus.parent)
    drafts = [
        make_draft(tmp_path / str(i), seed=i)
        for i in range(4)
        if (tmp_path / str(i)).mkdir() is None
    ]
    results: dict[int, object] = {}

    def run(i: int) -> None:
        store = open_store(location)
        try:
            results[i] = check_against_store([drafts[i % 4]], store, store.meta(), engine).findings
        finally:
            store.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    for i in range(4):
        assert results[i] == results[i + 4]


def test_a_missing_store_is_an_error(location: str, tmp_path: Path) -> None:
    if location.startswith("postgres"):
        with pytest.raises(FactcheckError, match="not a factcheck store"):
            from checker.store import require_compatible

            store = open_store(location)
            try:
                require_compatible(store, Engine.load())
            finally:
                store.close()
    else:
        with pytest.raises(FactcheckError, match="no such store"):
            open_store(location)


def test_the_database_has_the_documented_schema(
    location: str, corpus: Path, engine: Engine
) -> None:
    """docs/store-schema.json (versioned) lists the tables and columns each backend has."""
    build(location, engine, [corpus / "gen0"], corpus.parent)
    doc = json.loads((ROOT / "docs" / "store-schema.json").read_text("utf-8"))
    store = open_store(location)
    try:
        assert store.meta()["schema"] == str(doc["version"])
        for table in doc["tables"]:
            cur = store.conn.cursor()  # type: ignore[attr-defined]
            cur.execute(f"SELECT * FROM {table['name']} LIMIT 0")
            assert [d[0] for d in cur.description] == [c["name"] for c in table["columns"]]
            cur.close()
    finally:
        store.close()


def test_postgres_lookups_can_use_the_indexes(pg: pgserver.Server, tmp_path: Path) -> None:
    """On a table this small PostgreSQL prefers a scan; with scans priced out, the
    block and acronym lookups must find an index to use."""
    engine = Engine.load()
    location = pg.database(f"store_plan_{os.getpid()}")
    build(location, engine, [make_corpus(tmp_path, n=2)], tmp_path)
    store = open_store(location)
    try:
        cur = store.conn.cursor()  # type: ignore[attr-defined]
        cur.execute("SET enable_seqscan = off")
        plans = []
        for sql in (
            "SELECT s.path, c.ordinal, c.data FROM claims c JOIN sources s"
            " ON s.id = c.source_id WHERE c.block IN ('a', 'b')",
            "SELECT s.path FROM acronyms a JOIN sources s ON s.id = a.source_id"
            " WHERE a.acronym IN ('fdi')",
        ):
            cur.execute("EXPLAIN " + sql)
            plans.append(" ".join(row[0] for row in cur.fetchall()))
        cur.close()
        assert "claims_by_block" in plans[0], plans[0]
        assert "acronyms_by_word" in plans[1], plans[1]
    finally:
        store.close()
