"""Index articles into a store, incrementally by content hash.

A file whose size and modification time are those recorded is not read at all; one
whose bytes hash as recorded only has its new time recorded; the others are read
(through ``checker.pipeline.read_claims``, in parallel with ``jobs``) and each replaces
its old version in one transaction.  ``sync`` also drops the stored sources under the
paths given that are no longer there.  A run killed midway leaves every file either as
it was or as it is now, and the next run completes the rest.

Paths are stored relative to the store's root (the folder it was created in), so a
store can be moved with its archive and read from any working folder.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.align import block_key
from checker.discover import SIDECAR, discover
from checker.errors import FactcheckError
from checker.files import read_bytes
from checker.ingest import HTML_SUFFIXES, display_path
from checker.model import Claim, Source
from checker.pipeline import Engine, read_claims
from checker.store import ClaimStore, FileState, SourceRecord, block_text
from checker.store.codec import claim_to_text, ignores_to_text, source_meta_to_text
from checker.suppress import parse_inline_suppressions
from checker.textnorm import fold

# An ignore comment as checker.suppress finds it in a text file.
_IGNORE = re.compile(r"<!--\s*factcheck-ignore\s*:.*?-->", re.DOTALL)
_LINE_BREAK = re.compile(r"\r\n|\n|\r")


@dataclass
class IndexResult:
    """What one indexing run did."""

    read: int = 0  # files read and (re)stored
    unchanged: int = 0  # not read: same size and time, or same hash
    removed: int = 0
    claims: int = 0  # claims stored by this run


def store_key(path: Path, root: str) -> str:
    """The stored path of ``path``: relative to ``root`` when below it, else absolute;
    forward slashes, and a byte of the name that is not UTF-8 as ``\\xNN`` (as
    ``checker.ingest.display_path`` shows it).  String work only: a sync computes it
    for every file of the archive."""
    full = os.path.abspath(path)
    prefix = root.rstrip(os.sep) + os.sep
    key = full[len(prefix) :] if full.startswith(prefix) else full
    if os.sep != "/":
        key = key.replace(os.sep, "/")
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        key = os.fsencode(key).decode("utf-8", "backslashreplace")
    return key


def _sidecar_hash(folder: Path, cache: dict[Path, str]) -> str:
    if folder not in cache:
        side = folder / SIDECAR
        cache[folder] = hashlib.sha256(read_bytes(side)).hexdigest() if side.is_file() else ""
    return cache[folder]


def index_paths(
    store: ClaimStore,
    engine: Engine,
    paths: Sequence[Path],
    root: str,
    *,
    jobs: int = 1,
    exclude: Sequence[str] = (),
    include: Sequence[str] = (),
    drop_missing: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> IndexResult:
    """Bring the store up to date with the articles under ``paths`` (see the module
    docstring); ``drop_missing`` (``sync``) also drops stored sources under ``paths``
    that were not found."""
    files = discover(paths, exclude=exclude, include=include)
    known = store.files()
    result = IndexResult()
    sidecars: dict[Path, str] = {}
    # shown path -> file, key, hash, stat, sidecar hash
    todo: dict[str, tuple[Path, str, str, os.stat_result, str]] = {}
    found: set[str] = set()
    for file in files:
        key = store_key(file, root)
        found.add(key)
        st = os.stat(file)
        side = _sidecar_hash(file.parent, sidecars)
        state = known.get(key)
        if state and (state.size, state.mtime_ns, state.sidecar) == (
            st.st_size,
            st.st_mtime_ns,
            side,
        ):
            result.unchanged += 1
            continue
        digest = hashlib.sha256(read_bytes(file, display_path(file))).hexdigest()
        if state and (state.hash, state.sidecar) == (digest, side):
            store.touch(key, st.st_size, st.st_mtime_ns)
            result.unchanged += 1
            continue
        todo[display_path(file)] = (file, key, digest, st, side)
    if todo:
        wanted = [entry[0] for entry in todo.values()]
        for source, claims in read_claims(wanted, engine, progress, jobs):
            _file, key, digest, st, side = todo[source.path]
            state = FileState(digest, st.st_size, st.st_mtime_ns, side)
            record = _record(source, claims, engine, state, key)
            store.replace_source(record)
            result.read += 1
            result.claims += len(claims)
    if drop_missing:
        gone = [k for k in known if k not in found and _under(k, paths, root)]
        result.removed = store.remove(gone)
    return result


def _under(key: str, paths: Sequence[Path], root: str) -> bool:
    """Whether the stored ``key`` lies under one of ``paths`` (a folder or the file)."""
    for path in paths:
        prefix = store_key(path, root)
        if key == prefix or prefix == "." or key.startswith(prefix.rstrip("/") + "/"):
            return True
    return False


def _record(
    source: Source, claims: list[Claim], engine: Engine, state: FileState, key: str
) -> SourceRecord:
    """What is stored for one source: metadata, ignore comments, claims, acronyms."""
    # A malformed ignore comment is an error here, as in a check of the folder.
    parse_inline_suppressions(source)
    acronyms = []
    for i, (acronym, expansion) in enumerate(source.acronyms):
        words = [w for token in expansion.split() for w in engine.lex.content_forms(token)]
        if words:
            acronyms.append((i, fold(acronym), " ".join(words)))
    return SourceRecord(
        path=key,
        hash=state.hash,
        size=state.size,
        mtime_ns=state.mtime_ns,
        sidecar=state.sidecar,
        meta=source_meta_to_text(source),
        ignores=ignores_to_text(ignore_comments(source)),
        claims=[
            (i, block, claim_to_text(c))
            for i, c in enumerate(claims)
            if (block := block_text(block_key(c, engine.lex))) is not None
        ],
        acronyms=acronyms,
        extracted=len(claims),
    )


def ignore_comments(source: Source) -> list[tuple[int, int, str]]:
    """The source's ignore comments as (line, column, comment), the form
    ``Source.ignore_comments`` has for HTML pages (whose text holds none)."""
    if source.path.lower().endswith(HTML_SUFFIXES) or source.ignore_comments:
        return list(source.ignore_comments)
    if "factcheck-ignore" not in source.text:
        return []
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(source.text)]
    out = []
    line = 0
    for match in _IGNORE.finditer(source.text):
        while line + 1 < len(starts) and starts[line + 1] <= match.start():
            line += 1
        out.append((line + 1, match.start() - starts[line] + 1, match.group(0)))
    return out


def stored_files(store: ClaimStore, root: str) -> list[Path]:
    """The files the store lists that still exist (``index rebuild`` re-reads them)."""
    out = []
    for key in sorted(store.files()):
        path = Path(key) if key.startswith("/") else Path(root) / key
        if path.is_file():
            out.append(path)
    return out


def missing_error(location: str) -> FactcheckError:
    return FactcheckError(
        "the store lists no article that still exists",
        path=location,
        hint="name the articles: `factcheck index rebuild PATHS --store ...`",
    )
