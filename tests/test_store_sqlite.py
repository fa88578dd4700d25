"""The SQLite store's faults: damaged and foreign files, a SIGKILL midway through
indexing, two indexing processes on one file, and lookups that never scan a table."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import ROOT, run_cli
from test_store import make_corpus, make_draft

from checker.pipeline import Engine, read_claims
from checker.store import open_store


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, not a database\n" * 10, b"SQLite format 3\x00" + b"\x07" * 4000],
    ids=["empty", "text", "damaged"],
)
def test_a_non_database_store_is_one_line_exit_2(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "a.txt").write_text("Năm 2023 có 5 dự án.\n", "utf-8")
    store = tmp_path / "archive.db"
    store.write_bytes(content)
    commands = [
        ["check", "a.txt", "--against", "archive.db"],
        ["check", "--store", "archive.db"],
        ["index", "stats", "--store", "archive.db"],
    ]
    for args in commands if content == b"" else commands[:1]:
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("factcheck: archive.db: "), done.stderr
        assert "Traceback" not in done.stderr
    assert store.read_bytes() == content  # never written over


def test_indexing_refuses_to_turn_a_foreign_file_into_a_store(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Năm 2023 có 5 dự án.\n", "utf-8")
    (tmp_path / "notes.db").write_bytes(b"my notes\n")
    done = run_cli("index", "add", "a.txt", "--store", "notes.db", cwd=tmp_path)
    assert done.returncode == 2 and "not an SQLite database" in done.stderr
    assert (tmp_path / "notes.db").read_bytes() == b"my notes\n"
    article = run_cli("index", "add", "a.txt", "--store", "a.txt", cwd=tmp_path)
    assert article.returncode == 2 and "article" in article.stderr


def test_lookups_go_through_the_indexes(tmp_path: Path, engine: Engine) -> None:
    from test_store import build

    corpus = make_corpus(tmp_path, n=3)
    build(str(tmp_path / "a.db"), engine, [corpus], tmp_path)
    conn = sqlite3.connect(tmp_path / "a.db")
    claims = " ".join(
        row[-1]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT s.path, c.ordinal, c.data FROM claims c"
            " JOIN sources s ON s.id = c.source_id WHERE c.block IN (?, ?)",
            ("a", "b"),
        )
    )
    assert "USING INDEX claims_by_block" in claims and "SCAN c" not in claims, claims
    words = " ".join(
        row[-1]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT s.path FROM acronyms a JOIN sources s"
            " ON s.id = a.source_id WHERE a.acronym IN (?)",
            ("fdi",),
        )
    )
    assert "USING INDEX acronyms_by_word" in words, words
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"meta", "sources", "claims", "acronyms"}
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=30)
        try:
            return int(conn.execute("SELECT count(*) FROM sources").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _consistent(db: Path) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute(
        "SELECT s.path, s.stored, (SELECT count(*) FROM claims c WHERE c.source_id = s.id)"
        " FROM sources s"
    ).fetchall()
    for path, said, stored in rows:
        assert said == stored, path  # every source whole: no half-written file
    orphans = conn.execute(
        "SELECT count(*) FROM claims WHERE source_id NOT IN (SELECT id FROM sources)"
    ).fetchone()[0]
    assert orphans == 0
    conn.close()


def _index_process(tmp_path: Path, folder: str, store: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "index", "add", folder, "--store", store, "-q"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_sigkill_midway_leaves_whole_files_and_sync_completes(
    tmp_path: Path, engine: Engine
) -> None:
    corpus = make_corpus(tmp_path, n=16)
    db = tmp_path / "a.db"
    proc = _index_process(tmp_path, "corpus", "a.db")
    deadline = time.monotonic() + 120
    while _count(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = _count(db)
    assert 0 < done_before < 21, "the kill must land midway for this test to mean anything"
    _consistent(db)
    synced = run_cli("index", "sync", "corpus", "--store", "a.db", cwd=tmp_path)
    assert synced.returncode == 0, synced.stderr
    assert f"{done_before} unchanged" in synced.stdout
    _consistent(db)
    store = open_store(str(db))
    try:
        assert store.stats().sources == 21
        assert store.stats().claims == sum(len(c) for _s, c in read_claims([corpus], engine))
    finally:
        store.close()


def test_two_indexing_processes_on_one_file(tmp_path: Path, engine: Engine) -> None:
    corpus = make_corpus(tmp_path, n=12)
    first = _index_process(tmp_path, "corpus", "a.db")
    second = _index_process(tmp_path, "corpus/gen1", "a.db")
    third = _index_process(tmp_path, "corpus", "a.db")
    for proc in (first, second, third):
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    _consistent(tmp_path / "a.db")
    store = open_store(str(tmp_path / "a.db"))
    try:
        assert store.stats().sources == 17
        assert store.stats().claims == sum(len(c) for _s, c in read_claims([corpus], engine))
    finally:
        store.close()
    draft = make_draft(tmp_path)
    check = run_cli("check", draft.name, "--against", "a.db", "--fail-on", "never", cwd=tmp_path)
    assert check.returncode == 0, check.stderr


def test_a_store_of_an_older_schema_is_refused_then_rebuilt(tmp_path: Path) -> None:
    make_corpus(tmp_path, n=2)
    assert run_cli("index", "add", "corpus", "--store", "a.db", cwd=tmp_path).returncode == 0
    conn = sqlite3.connect(tmp_path / "a.db")
    conn.execute("ALTER TABLE sources DROP COLUMN stored")
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    conn.commit()
    conn.close()
    draft = make_draft(tmp_path).name
    old = run_cli("check", draft, "--against", "a.db", cwd=tmp_path)
    assert old.returncode == 2 and "schema version" in old.stderr
    assert "factcheck index rebuild --store a.db" in old.stderr
    rebuilt = run_cli("index", "rebuild", "--store", "a.db", cwd=tmp_path)
    assert rebuilt.returncode == 0 and "rebuilt: 7 articles" in rebuilt.stdout, rebuilt.stderr
    again = run_cli("check", draft, "--against", "a.db", "--fail-on", "never", cwd=tmp_path)
    assert again.returncode == 0, again.stderr


def test_paths_follow_the_working_folder(tmp_path: Path) -> None:
    """Checked from another folder than the one the store was built in, stored articles
    are shown (and their metadata found) as a check of the folder shows them."""
    corpus = make_corpus(tmp_path, n=4)
    make_draft(tmp_path)
    assert run_cli("index", "add", "corpus", "--store", "a.db", cwd=tmp_path).returncode == 0
    args = ["-f", "json", "--fail-on", "never"]
    folder = run_cli("check", "../draft.txt", "--against", ".", *args, cwd=corpus)
    stored = run_cli("check", "../draft.txt", "--against", "../a.db", *args, cwd=corpus)
    assert folder.returncode == 0 and stored.returncode == 0, folder.stderr + stored.stderr
    a, b = json.loads(folder.stdout), json.loads(stored.stdout)
    assert a["findings"] and b["findings"] == a["findings"]
    quoted = {c["source"] for f in a["findings"] for c in f["claims"]} - {"../draft.txt"}
    assert quoted and all(not p.startswith(("corpus/", "/")) for p in quoted)
    shown = {s["path"]: s for s in b["sources"]}
    assert quoted <= set(shown)
    assert [s for s in a["sources"] if s["path"] in quoted] == [shown[p] for p in sorted(quoted)]


def test_the_audit_writes_a_fifo_in_place_and_a_file_whole(tmp_path: Path) -> None:
    """A device or FIFO given to --output is written in place, never renamed over (that
    replaced /dev/null with a regular file once); a regular file appears complete."""
    import threading

    make_corpus(tmp_path, n=2)
    assert run_cli("index", "add", "corpus", "--store", "a.db", cwd=tmp_path).returncode == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = run_cli("check", "--store", "a.db", "-o", "pipe", "--fail-on", "never", cwd=tmp_path)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b"[interval-disagreement]" in got[0]
    out = run_cli("check", "--store", "a.db", "-o", "audit.log", "-f", "github",
                  "--fail-on", "never", cwd=tmp_path)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "audit.log").read_text("utf-8").startswith("::")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    refused = run_cli("check", "--store", "a.db", "-o", "a.db", cwd=tmp_path)
    assert refused.returncode == 2 and "input" in refused.stderr
