"""The claim store: an archive's sources and claims, indexed by alignment block.

One small interface (``ClaimStore``) and one module per backend: ``checker.store.sqlite``
(the default, one embedded file) and ``checker.store.postgres`` (a shared newsroom
server, ``postgresql://...``).  The indexer (``checker.store.indexer``) and the queries
(``checker.store.query``) talk to the interface only; both backends share the SQL of
``checker.store.sql`` and the schema below, which ``docs/store-schema.json`` documents
(version ``SCHEMA_VERSION``; a test compares them).

A store holds derived data only, plus what reports quote: per source its path (relative
to the store's root folder), content hash, size and modification time, metadata and
ignore comments; per claim its block key (``checker.align.block_key``), its ordinal in
the source and the claim itself (``checker.store.codec``); per source the acronyms it
defines.  It also records the format, schema version, the fingerprint of the code that
derives claims and the fingerprint of the rule packs: a store built by other code or
with other packs is refused with the command that rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from checker import __version__
from checker.errors import FactcheckError

if TYPE_CHECKING:
    from checker.pipeline import Engine

FORMAT = "factcheck-store"
SCHEMA_VERSION = 1
STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
SQLITE_MAGIC = b"SQLite format 3\x00"
_URL = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)

# The tables, shared by every backend: (name, [(column, type, constraint)], primary key).
# Types are the SQL words both SQLite and PostgreSQL understand; "id" is the backend's
# auto-numbered key.  docs/store-schema.json lists the same, and a test compares them.
TABLES: tuple[tuple[str, tuple[tuple[str, str, str], ...], str], ...] = (
    ("meta", (("key", "TEXT", "NOT NULL"), ("value", "TEXT", "NOT NULL")), "key"),
    (
        "sources",
        (
            ("id", "id", ""),
            ("path", "TEXT", "NOT NULL UNIQUE"),
            ("hash", "TEXT", "NOT NULL"),
            ("size", "BIGINT", "NOT NULL"),
            ("mtime_ns", "BIGINT", "NOT NULL"),
            ("sidecar", "TEXT", "NOT NULL"),
            ("meta", "TEXT", "NOT NULL"),
            ("ignores", "TEXT", "NOT NULL"),
            ("claims", "INTEGER", "NOT NULL"),
            ("stored", "INTEGER", "NOT NULL"),
        ),
        "",
    ),
    (
        "claims",
        (
            ("source_id", "BIGINT", "NOT NULL REFERENCES sources(id) ON DELETE CASCADE"),
            ("ordinal", "INTEGER", "NOT NULL"),
            ("block", "TEXT", "NOT NULL"),
            ("data", "TEXT", "NOT NULL"),
        ),
        "source_id, ordinal",
    ),
    (
        "acronyms",
        (
            ("source_id", "BIGINT", "NOT NULL REFERENCES sources(id) ON DELETE CASCADE"),
            ("ordinal", "INTEGER", "NOT NULL"),
            ("acronym", "TEXT", "NOT NULL"),
            ("expansion", "TEXT", "NOT NULL"),
        ),
        "source_id, ordinal",
    ),
)
# Candidate claims are fetched by block, acronyms by the words of their contexts:
# never by scanning a table.
INDEXES: tuple[tuple[str, str, str], ...] = (
    ("claims_by_block", "claims", "block"),
    ("acronyms_by_word", "acronyms", "acronym"),
)
_BLOCK_SEP = "\x1f"


def create_statements(id_type: str) -> list[str]:
    """CREATE TABLE / INDEX statements for a backend whose auto-numbered key is
    ``id_type`` (e.g. "INTEGER PRIMARY KEY" or "BIGINT GENERATED ... PRIMARY KEY")."""
    out = []
    for name, columns, key in TABLES:
        parts = [
            f"{col} {id_type if kind == 'id' else kind} {rule}".strip()
            for col, kind, rule in columns
        ]
        if key:
            parts.append(f"PRIMARY KEY ({key})")
        out.append(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(parts)})")
    for index, table, column in INDEXES:
        out.append(f"CREATE INDEX IF NOT EXISTS {index} ON {table} ({column})")
    return out


def block_text(key: tuple[str, ...] | None) -> str | None:
    """A block key (``checker.align.block_key``) as the indexed text."""
    return None if key is None else _BLOCK_SEP.join(key)


class FileState(NamedTuple):
    """What the store knows of an indexed file, to tell whether it changed."""

    hash: str
    size: int
    mtime_ns: int
    sidecar: str


@dataclass
class SourceRecord:
    """One source with everything stored for it: written in one transaction."""

    path: str  # relative to the store's root
    hash: str
    size: int
    mtime_ns: int
    sidecar: str  # hash of the folder's sources.yml ("" when there is none)
    meta: str  # checker.store.codec.source_meta_to_text
    ignores: str  # checker.store.codec.ignores_to_text
    # (ordinal, block, data) of the claims that can take part in a fact (a block key);
    # the others (dates, periods, figures with no time ...) never meet another claim.
    claims: list[tuple[int, str, str]] = field(default_factory=list)
    acronyms: list[tuple[int, str, str]] = field(default_factory=list)  # ordinal, acronym, words
    extracted: int = 0  # every claim of the source, stored or not


@dataclass(frozen=True)
class StoreStats:
    sources: int
    claims: int  # extracted from the sources
    stored: int  # of them stored: those with a block key
    blocks: int
    size_bytes: int | None  # None when the backend cannot tell


class ClaimStore(Protocol):
    """What the indexer and the queries need of a backend.  Every method that writes
    is one transaction: a process killed midway leaves the store as it was before."""

    location: str  # as shown in messages

    def meta(self) -> dict[str, str]:
        """The meta table (empty for a new store)."""
        ...

    def initialise(self, meta: dict[str, str], *, reset: bool = False) -> None:
        """Create the tables and write ``meta`` if absent; ``reset`` empties the store
        first and writes ``meta`` whatever was there (``factcheck index rebuild``)."""
        ...

    def files(self) -> dict[str, FileState]:
        """Every indexed path with its state."""
        ...

    def replace_source(self, record: SourceRecord) -> None:
        """Put ``record`` in place of any source with its path."""
        ...

    def touch(self, path: str, size: int, mtime_ns: int) -> None:
        """Record a new size and modification time of an unchanged file."""
        ...

    def remove(self, paths: Sequence[str]) -> int:
        """Drop these sources and their claims; how many were there."""
        ...

    def blocks_after(self, after: str | None, limit: int) -> list[str]:
        """Up to ``limit`` distinct block keys greater than ``after``, in order."""
        ...

    def claims_in(self, blocks: Sequence[str]) -> list[tuple[str, int, str]]:
        """(path, ordinal, data) of every claim in these blocks, through the index."""
        ...

    def acronyms_for(self, words: Iterable[str]) -> list[tuple[str, int, str, str]]:
        """(path, ordinal, acronym, expansion) of the definitions of these words."""
        ...

    def sources_at(self, paths: Iterable[str]) -> list[tuple[str, str, str]]:
        """(path, meta, ignores) of these sources."""
        ...

    def stats(self) -> StoreStats: ...

    def snapshot(self) -> AbstractContextManager[None]:
        """A context in which every read sees one state of the store."""
        ...

    def close(self) -> None: ...


def is_store_location(text: str) -> bool:
    """Whether ``--against``/``--store`` names a store rather than articles: a
    PostgreSQL URL, a store suffix, or a file that starts as an SQLite database."""
    if _URL.match(text):
        return True
    path = Path(text)
    if path.suffix.lower() in STORE_SUFFIXES:
        return True
    try:
        with open(path, "rb") as handle:
            return path.is_file() and handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def open_store(location: str, *, create: bool = False) -> ClaimStore:
    """The store at ``location``: a PostgreSQL URL or an SQLite file (created only
    with ``create``).  Raises FactcheckError for a missing, corrupted or foreign file."""
    if _URL.match(location):
        from checker.store.postgres import PostgresStore

        return PostgresStore(location)
    from checker.store.sqlite import SqliteStore

    return SqliteStore(location, create=create)


# Modules whose code decides what is stored: a change in any of them may change the
# claims, so a store records their fingerprint and is rebuilt when it differs.
_DERIVING = (
    "align.py",
    "ingest.py",
    "segment.py",
    "textnorm.py",
    "pubdate.py",
    "htmlmap.py",
    "numbers.py",
    "prefilter.py",
    "knowledge.py",
    "packs.py",
    "model.py",
    "suppress.py",
    "extract",
    "store/codec.py",
)


def code_fingerprint() -> str:
    """sha256 (16 hex) of factcheck's version and of the modules that derive claims."""
    base = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for name in _DERIVING:
        target = base / name
        files = sorted(target.glob("*.py")) if target.is_dir() else [target]
        for file in files:
            digest.update(file.relative_to(base).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def pack_fingerprint(engine: Engine) -> str:
    """sha256 (16 hex) of the loaded packs' names and contents."""
    text = json.dumps(sorted((name, sha) for name, _path, sha in engine.know.packs))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def expected_meta(engine: Engine, root: str) -> dict[str, str]:
    """The meta a store built now, with these packs, in folder ``root`` records."""
    return {
        "format": FORMAT,
        "schema": str(SCHEMA_VERSION),
        "factcheck": __version__,
        "code": code_fingerprint(),
        "packs": pack_fingerprint(engine),
        "pack_names": ", ".join(name for name, _path, _sha in engine.know.packs),
        "root": root,
    }


def rebuild_hint(location: str) -> str:
    return f"run `factcheck index rebuild --store {location}` to re-read its articles"


def require_compatible(store: ClaimStore, engine: Engine) -> dict[str, str]:
    """The store's meta, after checking that it was built by this code with these
    packs; raises FactcheckError naming what differs and the command that fixes it."""
    meta = store.meta()
    if meta.get("format") != FORMAT:
        raise FactcheckError("not a factcheck store", path=store.location)
    want = expected_meta(engine, meta.get("root", ""))
    for key, what in (
        ("schema", "schema version"),
        ("code", "factcheck code"),
        ("packs", "rule packs"),
    ):
        if meta.get(key) != want[key]:
            raise FactcheckError(
                f"store built with another {what} ({_built(meta)}); this run: {_built(want)}",
                path=store.location,
                hint=rebuild_hint(store.location),
            )
    return meta


def _built(meta: dict[str, str]) -> str:
    return (
        f"factcheck {meta.get('factcheck', '?')} code {meta.get('code', '?')[:8]},"
        f" schema {meta.get('schema', '?')}, packs {meta.get('pack_names', '?')}"
        f" {meta.get('packs', '?')[:8]}"
    )


def shown_path(key: str, root: str, cwd: str) -> str:
    """The path reports show for a stored source: relative to the working folder when
    the file is below it (as for articles read from disk), else as stored."""
    if cwd == root and not key.startswith("/"):
        return key
    full = key if key.startswith("/") or not root else f"{root.rstrip('/')}/{key}"
    prefix = cwd.rstrip("/") + "/"
    return full[len(prefix) :] if full.startswith(prefix) else key
