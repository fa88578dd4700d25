"""The embedded backend: one SQLite file, nothing to start.

The file is in WAL mode with a busy timeout, so readers never wait for a writer and two
indexers on one file take turns (each write transaction starts with ``BEGIN
IMMEDIATE``, which takes the write lock at once instead of upgrading a read lock, the
upgrade that makes two writers deadlock).  A file that is not an SQLite database, or a
damaged one, is a user error naming the file, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from checker.errors import FactcheckError
from checker.store import SQLITE_MAGIC
from checker.store.sql import SqlStore

BUSY_TIMEOUT_S = 120.0  # how long a writer waits for another (an indexer commits per file)


class SqliteStore(SqlStore):
    """``ClaimStore`` in one SQLite file."""

    param = "?"
    id_type = "INTEGER PRIMARY KEY"

    def __init__(self, location: str, *, create: bool = False):
        path = Path(location)
        _check_file(path, location, create)
        try:
            conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Durable at every commit in WAL mode except across a power cut, which may
            # lose the last commits but never leaves a half-written one.
            conn.execute("PRAGMA synchronous = NORMAL")
            if create:
                conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as err:
            raise _user_error(err, location) from None
        super().__init__(location, conn)

    def _begin(self, cur: Any, lock: str | None) -> None:
        cur.execute("BEGIN IMMEDIATE")

    def _begin_read(self, cur: Any) -> None:
        cur.execute("BEGIN")
        cur.execute("SELECT count(*) FROM sqlite_master")  # a deferred BEGIN reads here

    def _has_tables(self) -> bool:
        rows = self._query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
        return bool(rows)

    def _translate(self, err: Exception) -> Exception:
        if isinstance(err, sqlite3.DatabaseError) and not isinstance(
            err, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError
        ):
            return _user_error(err, self.location)
        return err

    def size_bytes(self) -> int | None:
        total = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                total += os.stat(self.location + suffix).st_size
        return total


def _check_file(path: Path, location: str, create: bool) -> None:
    """Refuse what must not be opened as a store: a missing file (unless creating), a
    folder or device, or a file that is not an SQLite database (SQLite would turn an
    empty or foreign file into a database on the first write)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not create:
            raise FactcheckError(
                "no such store", path=location, hint="create one with `factcheck index add`"
            ) from None
        return
    except OSError as err:
        raise FactcheckError(f"cannot open the store: {err.strerror}", path=location) from None
    if not stat.S_ISREG(st.st_mode):
        raise FactcheckError("not a factcheck store: not a regular file", path=location)
    if st.st_size == 0 and create:
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise FactcheckError(f"cannot read the store: {err.strerror}", path=location) from None
    if head != SQLITE_MAGIC:
        raise FactcheckError("not a factcheck store: not an SQLite database", path=location)


def _user_error(err: sqlite3.Error, location: str) -> FactcheckError:
    text = str(err)
    if "locked" in text or "busy" in text:
        return FactcheckError(
            f"store is busy: another process held it for more than {BUSY_TIMEOUT_S:.0f} s",
            path=location,
        )
    return FactcheckError(f"damaged or unreadable store: {text}", path=location)
