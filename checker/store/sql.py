"""The SQL both backends share: ``SqlStore`` implements ``ClaimStore`` over a DB-API
connection; a backend gives its placeholder, its auto-numbered key type, how a write
transaction starts (and what it locks), and how its errors read.

Every write is one transaction, committed at its end or rolled back on any error, so a
process killed midway leaves the store as it was before that write.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from checker.store import (
    FileState,
    SourceRecord,
    StoreStats,
    create_statements,
)

_BATCH = 500  # values per IN (...) list: under every backend's parameter limit


class SqlStore:
    """``ClaimStore`` on a DB-API 2 connection (see the module docstring)."""

    location: str
    param = "?"
    id_type = "INTEGER PRIMARY KEY"

    def __init__(self, location: str, conn: Any):
        self.location = location
        self.conn = conn

    # -- backend hooks -------------------------------------------------------------

    def _begin(self, cur: Any, lock: str | None) -> None:
        """Start a write transaction; ``lock`` names what it writes (a source path, or
        "" for the whole store), for backends that serialise writers per key."""
        raise NotImplementedError

    def _translate(self, err: Exception) -> Exception:
        """A backend error as the FactcheckError to show (or the error itself)."""
        return err

    def size_bytes(self) -> int | None:
        return None

    # -- helpers -------------------------------------------------------------------

    def _sql(self, text: str) -> str:
        return text if self.param == "?" else text.replace("?", self.param)

    @contextmanager
    def _write(self, lock: str | None = None) -> Iterator[Any]:
        cur = self.conn.cursor()
        try:
            self._begin(cur, lock)
            yield cur
            self.conn.commit()
        except BaseException as err:
            self.conn.rollback()
            if isinstance(err, Exception):
                translated = self._translate(err)
                if translated is not err:
                    raise translated from err
            raise
        finally:
            cur.close()

    def _query(self, text: str, args: Sequence[Any] = ()) -> list[Any]:
        cur = self.conn.cursor()
        try:
            cur.execute(self._sql(text), tuple(args))
            rows = cur.fetchall()
        except Exception as err:
            self._end_read()
            translated = self._translate(err)
            if translated is not err:
                raise translated from err
            raise
        finally:
            cur.close()
        self._end_read()
        return rows

    def _end_read(self) -> None:
        """End the implicit read transaction (PostgreSQL opens one per query), unless
        the reads run inside ``snapshot``."""
        if not self._snapshot:
            self.conn.commit()

    _snapshot = False

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside sees one state of the store, whatever indexers commit
        meanwhile (a check reads claims, acronyms and sources in several queries)."""
        cur = self.conn.cursor()
        try:
            self._begin_read(cur)
        finally:
            cur.close()
        self._snapshot = True
        try:
            yield
        finally:
            self._snapshot = False
            self.conn.rollback()

    def _begin_read(self, cur: Any) -> None:
        raise NotImplementedError

    # -- ClaimStore ------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        if not self._has_tables():
            return {}
        return {k: v for k, v in self._query("SELECT key, value FROM meta")}

    def _has_tables(self) -> bool:
        raise NotImplementedError

    def initialise(self, meta: dict[str, str], *, reset: bool = False) -> None:
        with self._write("") as cur:
            if reset:  # dropped, not emptied: a store of an older schema gets the new one
                for table in ("acronyms", "claims", "sources", "meta"):
                    cur.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in create_statements(self.id_type):
                cur.execute(statement)
            cur.execute("SELECT count(*) FROM meta")
            if cur.fetchone()[0] == 0:
                for key, value in sorted(meta.items()):
                    cur.execute(
                        self._sql("INSERT INTO meta (key, value) VALUES (?, ?)"), (key, value)
                    )

    def files(self) -> dict[str, FileState]:
        rows = self._query("SELECT path, hash, size, mtime_ns, sidecar FROM sources")
        return {
            path: FileState(h, int(size), int(mtime), side) for path, h, size, mtime, side in rows
        }

    def replace_source(self, record: SourceRecord) -> None:
        with self._write(record.path) as cur:
            self._delete(cur, [record.path])
            cur.execute(
                self._sql(
                    "INSERT INTO sources (path, hash, size, mtime_ns, sidecar, meta, ignores,"
                    " claims, stored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
                ),
                (
                    record.path,
                    record.hash,
                    record.size,
                    record.mtime_ns,
                    record.sidecar,
                    record.meta,
                    record.ignores,
                    record.extracted,
                    len(record.claims),
                ),
            )
            source_id = cur.fetchone()[0]
            if record.claims:
                cur.executemany(
                    self._sql(
                        "INSERT INTO claims (source_id, ordinal, block, data) VALUES (?, ?, ?, ?)"
                    ),
                    [(source_id, i, block, data) for i, block, data in record.claims],
                )
            if record.acronyms:
                cur.executemany(
                    self._sql(
                        "INSERT INTO acronyms (source_id, ordinal, acronym, expansion)"
                        " VALUES (?, ?, ?, ?)"
                    ),
                    [(source_id, i, a, e) for i, a, e in record.acronyms],
                )

    def _delete(self, cur: Any, paths: Sequence[str]) -> int:
        gone = 0
        for path in paths:
            cur.execute(self._sql("SELECT id FROM sources WHERE path = ?"), (path,))
            row = cur.fetchone()
            if row is None:
                continue
            for table in ("claims", "acronyms"):
                cur.execute(self._sql(f"DELETE FROM {table} WHERE source_id = ?"), (row[0],))
            cur.execute(self._sql("DELETE FROM sources WHERE id = ?"), (row[0],))
            gone += 1
        return gone

    def touch(self, path: str, size: int, mtime_ns: int) -> None:
        with self._write(path) as cur:
            cur.execute(
                self._sql("UPDATE sources SET size = ?, mtime_ns = ? WHERE path = ?"),
                (size, mtime_ns, path),
            )

    def remove(self, paths: Sequence[str]) -> int:
        gone = 0
        for path in paths:  # one transaction per source, as when indexing
            with self._write(path) as cur:
                gone += self._delete(cur, [path])
        return gone

    def blocks_after(self, after: str | None, limit: int) -> list[str]:
        if after is None:
            rows = self._query(
                "SELECT DISTINCT block FROM claims WHERE block IS NOT NULL ORDER BY block LIMIT ?",
                (limit,),
            )
        else:
            rows = self._query(
                "SELECT DISTINCT block FROM claims WHERE block > ? ORDER BY block LIMIT ?",
                (after, limit),
            )
        return [r[0] for r in rows]

    def claims_in(self, blocks: Sequence[str]) -> list[tuple[str, int, str]]:
        out: list[tuple[str, int, str]] = []
        for chunk in _chunks(sorted(set(blocks))):
            marks = ", ".join("?" * len(chunk))
            out.extend(
                self._query(
                    "SELECT s.path, c.ordinal, c.data FROM claims c"
                    f" JOIN sources s ON s.id = c.source_id WHERE c.block IN ({marks})",
                    chunk,
                )
            )
        return out

    def acronyms_for(self, words: Iterable[str]) -> list[tuple[str, int, str, str]]:
        out: list[tuple[str, int, str, str]] = []
        for chunk in _chunks(sorted(set(words))):
            marks = ", ".join("?" * len(chunk))
            out.extend(
                self._query(
                    "SELECT s.path, a.ordinal, a.acronym, a.expansion FROM acronyms a"
                    f" JOIN sources s ON s.id = a.source_id WHERE a.acronym IN ({marks})",
                    chunk,
                )
            )
        return out

    def sources_at(self, paths: Iterable[str]) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        for chunk in _chunks(sorted(set(paths))):
            marks = ", ".join("?" * len(chunk))
            out.extend(
                self._query(
                    f"SELECT path, meta, ignores FROM sources WHERE path IN ({marks})", chunk
                )
            )
        return out

    def stats(self) -> StoreStats:
        sources, claims, stored = self._query(
            "SELECT count(*), coalesce(sum(claims), 0), coalesce(sum(stored), 0) FROM sources"
        )[0]
        blocks = self._query("SELECT count(*) FROM (SELECT DISTINCT block FROM claims) b")[0][0]
        return StoreStats(int(sources), int(claims), int(stored), int(blocks), self.size_bytes())

    def close(self) -> None:
        self.conn.close()


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(values), _BATCH):
        yield values[i : i + _BATCH]
