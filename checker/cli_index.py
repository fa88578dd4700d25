"""``factcheck index ...``: build and keep an archive's claim store, and the store audit.

``index add PATHS --store S`` reads articles once into the store (SQLite file by
default, or ``postgresql://...``), ``index sync`` also drops what is gone, ``index stats``
counts, ``index rebuild`` re-reads everything for this version and these packs.  The
main CLI mounts ``index_app``; ``check --store S`` calls ``run_audit`` and
``check DRAFT --against S`` calls ``check_drafts`` (see checker.store.query).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from checker.discover import ARTICLE_SUFFIXES
from checker.errors import FactcheckError

if TYPE_CHECKING:
    from checker.model import Finding, Report
    from checker.pipeline import Engine
    from checker.store import ClaimStore

index_app = typer.Typer(
    name="index",
    help="Index an archive into a claim store (SQLite file or PostgreSQL).",
    no_args_is_help=True,
)


def _path(value: str) -> Path:
    if value == "":
        raise FactcheckError("empty path", hint="name a file or folder; '.' is the current folder")
    return Path(value)


def store_location(value: str) -> str:
    """``--store``: a PostgreSQL URL or a store file, never an article file."""
    if value == "":
        raise FactcheckError("empty store", hint="name a file such as archive.db or a URL")
    if Path(value).suffix.lower() in ARTICLE_SUFFIXES:
        raise FactcheckError(
            "a store cannot have an article's name", path=value, hint="use a name like archive.db"
        )
    return value


StoreOpt = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        parser=store_location,
        metavar="STORE",
        help="The store: an SQLite file (archive.db) or postgresql://user@host/db.",
    ),
]
PathsArg = Annotated[
    list[Path],
    typer.Argument(
        parser=_path, metavar="PATHS...", help="Article files or folders (.txt, .md, .html)."
    ),
]
RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", "-r", parser=_path, metavar="PATH", help="Rule pack (repeatable)."),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=0, help="Processes that read articles (0: one per core)."),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", metavar="GLOB", help="Skip matching files and folders."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", parser=_path, metavar="FILE", help="Settings file.")
]
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Read no configuration file.")]


def open_checked(
    location: str, engine: Engine, *, create: bool
) -> tuple[ClaimStore, dict[str, str]]:
    """Open the store and check that this code and these packs built it; a new store
    (``create``) is initialised, rooted in the working folder."""
    from checker.store import expected_meta, open_store, require_compatible

    store = open_store(location, create=create)
    try:
        if create and not store.meta():
            store.initialise(expected_meta(engine, os.getcwd()))
        return store, require_compatible(store, engine)
    except BaseException:
        store.close()
        raise


def _index(
    paths: list[Path],
    store_at: str,
    rules: list[Path] | None,
    jobs: int | None,
    exclude: list[str] | None,
    quiet: bool,
    config: Path | None,
    no_config: bool,
    *,
    drop_missing: bool,
) -> None:
    from checker.cli import _engine, _progress, _settings, _user_errors
    from checker.store.indexer import index_paths

    with _user_errors():
        run = _settings(config, no_config, rules, jobs, exclude)
        engine = _engine(run.rules)
        store, meta = open_checked(store_at, engine, create=True)
        update, stop = _progress(not quiet)
        try:
            result = index_paths(
                store,
                engine,
                paths,
                meta["root"],
                jobs=run.jobs,
                exclude=run.exclude,
                include=run.include,
                drop_missing=drop_missing,
                progress=update,
            )
            stats = store.stats()
        finally:
            stop()
            store.close()
    if not quiet:
        typer.echo(
            f"indexed {result.read} articles ({result.claims} claims), {result.unchanged}"
            f" unchanged, {result.removed} removed; store: {stats.sources} sources,"
            f" {stats.claims} claims"
        )


@index_app.command("add")
def index_add(
    paths: PathsArg,
    store: StoreOpt,
    rules: RulesOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Read new and changed articles into the store (unchanged ones are not read)."""
    _index(paths, store, rules, jobs, exclude, quiet, config, no_config, drop_missing=False)


@index_app.command("sync")
def index_sync(
    paths: PathsArg,
    store: StoreOpt,
    rules: RulesOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """As add, and drop stored articles under PATHS that are no longer there."""
    _index(paths, store, rules, jobs, exclude, quiet, config, no_config, drop_missing=True)


@index_app.command("rebuild")
def index_rebuild(
    store: StoreOpt,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            parser=_path, metavar="[PATHS...]", help="Articles (default: the stored ones)."
        ),
    ] = None,
    rules: RulesOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Empty the store and re-read its articles (or PATHS) with this factcheck and these
    packs: what to run when a store was built by another version or other packs."""
    from checker.cli import _engine, _progress, _settings, _user_errors
    from checker.store import FORMAT, expected_meta, open_store
    from checker.store.indexer import index_paths, missing_error, stored_files

    with _user_errors():
        run = _settings(config, no_config, rules, jobs, exclude)
        engine = _engine(run.rules)
        handle = open_store(store, create=True)
        update, stop = _progress(not quiet)
        try:
            old = handle.meta()
            if old and old.get("format") != FORMAT:
                raise FactcheckError("not a factcheck store: refusing to empty it", path=store)
            root = old.get("root") or os.getcwd()
            targets = paths or stored_files(handle, root) if old else paths
            if not targets:
                raise missing_error(store)
            handle.initialise(expected_meta(engine, root), reset=True)
            result = index_paths(
                handle,
                engine,
                targets,
                root,
                jobs=run.jobs,
                exclude=run.exclude,
                include=run.include,
                progress=update,
            )
        finally:
            stop()
            handle.close()
    if not quiet:
        typer.echo(f"rebuilt: {result.read} articles, {result.claims} claims")


@index_app.command("stats")
def index_stats(
    store: StoreOpt,
    facts: Annotated[
        bool, typer.Option("--facts", help="Also count facts (aligns every block: slower).")
    ] = False,
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Sources, claims, blocks (facts with --facts) and size of the store."""
    from checker.cli import _engine, _settings, _user_errors
    from checker.store.query import audit_blocks

    with _user_errors():
        run = _settings(config, no_config, rules, None, None)
        engine = _engine(run.rules)
        handle, meta = open_checked(store, engine, create=False)
        try:
            stats = handle.stats()
            fact_count = None
            if facts:
                fact_count = sum(len(block.facts) for block in audit_blocks(handle, meta, engine))
        finally:
            handle.close()
    lines = [
        f"store: {store}",
        f"sources: {stats.sources}",
        f"claims: {stats.claims} ({stats.stored} stored: those that can meet another)",
        f"blocks: {stats.blocks}",
    ]
    if fact_count is not None:
        lines.append(f"facts: {fact_count}")
    if stats.size_bytes is not None:
        per = stats.size_bytes / stats.sources if stats.sources else 0
        lines.append(f"size: {stats.size_bytes / 1e6:.1f} MB ({per / 1e3:.1f} KB per source)")
    lines.append(f"built by: factcheck {meta.get('factcheck')}, packs {meta.get('pack_names')}")
    typer.echo("\n".join(lines))


# ------------------------------------------------------------------- check with a store


def check_drafts(
    drafts: list[Path],
    location: str,
    engine: Engine,
    update: Callable[[int, int], None] | None,
    jobs: int,
    *,
    exclude: tuple[str, ...] = (),
    include: tuple[str, ...] = (),
) -> Report:
    """``check DRAFTS --against STORE``: see checker.store.query.check_against_store."""
    from checker.store.query import check_against_store

    store, meta = open_checked(location, engine, create=False)
    try:
        return check_against_store(
            drafts, store, meta, engine, update, jobs, exclude=exclude, include=include
        )
    finally:
        store.close()


AUDIT_FORMATS = ("table", "terminal", "github", "json")


def run_audit(
    location: str,
    engine: Engine,
    fmt: str,
    output: Path | None,
    ignore_file: Path | None,
    baseline: Path | None,
    quiet: bool,
) -> Counter[str]:
    """``check --store STORE``: every block of the store, findings written as they are
    found (one line each; JSON Lines with ``--format json``).  Returns the count of
    findings by severity.  The output file is written beside its place and renamed
    when complete; it may not be the store."""
    from checker.baseline import apply_baseline, load_baseline
    from checker.store.query import audit_blocks
    from checker.suppress import apply_suppressions, load_ignore_file

    if fmt not in AUDIT_FORMATS:
        raise FactcheckError(
            f"--format {fmt} cannot stream: an audit of a store writes {', '.join(AUDIT_FORMATS)}"
        )
    entries = load_ignore_file(ignore_file) if ignore_file else []
    accepted = load_baseline(baseline) if baseline else None
    rule_kinds = {rule.id: rule.kind for rule in engine.know.rules}
    store, meta = open_checked(location, engine, create=False)
    counts: Counter[str] = Counter()
    temp: Path | None = None
    try:
        sink, temp = _open_output(output, [Path(location), ignore_file, baseline])
        blocks = claims = facts = 0
        for block in audit_blocks(store, meta, engine):
            blocks += 1
            claims += block.claims
            facts += len(block.facts)
            if not block.findings:
                continue
            kept = apply_suppressions(block.findings, block.sources, entries, rule_kinds).kept
            if accepted is not None:
                kept = apply_baseline(kept, accepted)[0]
            for finding in kept:
                counts[finding.severity] += 1
                if fmt == "json":
                    write_json_finding(sink, finding)
                else:
                    sink.write(_audit_line(finding, fmt) + "\n")
            sink.flush()
        if sink is not sys.stdout:
            sink.close()
        if temp is not None and output is not None:
            os.replace(temp, Path(os.path.realpath(output)))
            temp = None
    finally:
        store.close()
        if temp is not None:
            temp.unlink(missing_ok=True)
    if not quiet:
        total = sum(counts.values())
        by = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        print(
            f"audit: {blocks} blocks, {claims} claims, {facts} facts; {total} findings"
            + (f" ({by})" if by else ""),
            file=sys.stderr,
        )
    return counts


def _open_output(output: Path | None, inputs: list[Path | None]) -> tuple[IO[str], Path | None]:
    """Where the audit streams, and the temporary file renamed over ``output`` at the end
    (None when written in place: standard output, a descriptor, a device or a FIFO,
    which a rename would replace; checker.outputs.classify tells which)."""
    from checker.atomic import temp_path
    from checker.outputs import InputSet, classify

    if output is None:
        return sys.stdout, None
    target = classify(output, "--output")
    if target.how == "descriptor":
        if target.fd == 1:
            return sys.stdout, None
        return open(target.fd or 1, "w", encoding="utf-8", closefd=False), None
    if InputSet.of_files(inputs).holds(output):
        raise FactcheckError("cannot write --output: it is an input of this run", path=str(output))
    if target.stamped:
        raise FactcheckError(
            "cannot write --output: an article's name (.md, .txt, .html)",
            path=str(output),
            hint="name it audit.jsonl or audit.log",
        )
    if target.how == "device":
        return open(target.final, "w", encoding="utf-8"), None
    temp = temp_path(target.final)
    return open(temp, "w", encoding="utf-8"), temp


def write_json_finding(sink: IO[str], finding: Finding) -> None:
    """One line of JSON: the finding as the JSON report's ``findings`` hold it, its claims
    written one at a time (a fact of a large archive may hold a hundred thousand)."""
    from dataclasses import replace

    from checker.model import Report
    from checker.report.common import RenderOptions
    from checker.report.json_report import claim_to_json, report_to_json

    bare = replace(finding, claims=())
    one = report_to_json(Report((), (), (), (bare,)), RenderOptions())["findings"][0]
    head, _empty, tail = json.dumps(one, ensure_ascii=False).partition('"claims": []')
    sink.write(head + '"claims": [')
    for i, claim in enumerate(finding.claims):
        sink.write((", " if i else "") + json.dumps(claim_to_json(claim), ensure_ascii=False))
    sink.write("]" + tail + "\n")


def _audit_line(finding: Finding, fmt: str) -> str:
    from checker.report.common import one_line
    from checker.report.github import COMMANDS, escape_data, escape_property

    first = finding.claims[0]
    if fmt == "github":
        props = (
            f"file={escape_property(first.source)},line={first.line},col={first.column},"
            f"title={escape_property(finding.rule)}"
        )
        return f"::{COMMANDS[finding.severity]} {props}::{escape_data(one_line(finding.message))}"
    return (
        f"{first.source}:{first.line}:{first.column}: {finding.severity} [{finding.rule}]"
        f" {one_line(finding.message)}"
    )
