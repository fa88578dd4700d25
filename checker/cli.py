"""The ``factcheck`` command line.  Only this module and the renderers print.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it;
2 usage, input or rule errors (one line naming the file, no traceback).
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker import __version__
from checker.errors import FactcheckError
from checker.model import SEVERITY_ORDER, Claim, Finding, Report

if TYPE_CHECKING:
    from checker.pipeline import Engine

app = typer.Typer(
    name="factcheck",
    help="Check facts for consistency across Vietnamese news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        "-r",
        help="Rule pack: a folder, a YAML file or a bundled pack's name (generic, hanoi);"
        " repeatable; default: generic.",
    ),
]
JobsOpt = Annotated[
    int,
    typer.Option("--jobs", "-j", min=0, help="Processes that read articles (0: one per core)."),
]
PathsArg = Annotated[
    list[Path], typer.Argument(help="Article files or folders (.txt, .md, .html).")
]


class ClaimFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class CheckFormat(StrEnum):
    table = "table"
    terminal = "terminal"
    json = "json"
    markdown = "markdown"
    github = "github"
    sarif = "sarif"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Print user-facing errors as one line each and exit 2; anything else keeps its traceback."""
    try:
        yield
    except FactcheckError as err:
        typer.echo(f"factcheck: {err}" if "\n" not in str(err) else str(err), err=True)
        raise typer.Exit(2) from None


def _engine(rules: list[Path] | None) -> Engine:
    from checker.pipeline import Engine

    return Engine.load(rules)


def _write_or_print(text: str, output: Path | None, inputs: list[Path]) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        return
    from checker.atomic import write_atomic

    write_atomic(output, text, inputs=inputs)


def _progress(enabled: bool) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A progress bar on stderr for long runs, on a terminal only."""
    if not enabled or not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task("reading articles", total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar.stop


@app.command()
def claims(
    paths: PathsArg,
    fmt: Annotated[
        ClaimFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ClaimFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    ] = None,
    rules: RulesOpt = None,
    jobs: JobsOpt = 1,
) -> None:
    """Extract every claim (numbers, money, dates, events) with its hedge, unit and time."""
    from checker.pipeline import read_claims
    from checker.report.claims_csv import claims_csv
    from checker.report.json_report import claim_to_json

    with _user_errors():
        engine = _engine(rules)
        if fmt is ClaimFormat.jsonl:  # streams: one file's claims in memory at a time
            lines = (
                json.dumps(claim_to_json(c), ensure_ascii=False)
                for _, found in read_claims(paths, engine, jobs=jobs)
                for c in found
            )
            _write_or_print("\n".join(lines) + "\n", output, paths)
            return
        found: list[Claim] = [c for _, cs in read_claims(paths, engine, jobs=jobs) for c in cs]
        if fmt is ClaimFormat.json:
            text = json.dumps(
                {"schema": "factcheck/claims@1", "claims": [claim_to_json(c) for c in found]},
                ensure_ascii=False,
                indent=2,
            )
        elif fmt is ClaimFormat.csv:
            text = claims_csv(found)
        else:
            text = _claims_table(found)
        _write_or_print(text, output, paths)


def _claims_table(found: list[Claim]) -> str:
    from rich.console import Console
    from rich.table import Table

    from checker.report.common import claim_reading
    from checker.textnorm import squash

    table = Table(show_lines=False, expand=False)
    for col in ("source:line:col", "kind", "quote", "reading", "unit", "time"):
        table.add_column(col, overflow="fold")
    for c in found:
        table.add_row(
            f"{c.source}:{c.line}:{c.column}",
            c.kind,
            squash(c.quote),
            claim_reading(c),
            c.unit or "",
            c.time or "",
        )
    # Recorded, not printed: the caller writes the text where it belongs.
    width = None if sys.stdout.isatty() else 160
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(table)
    return console.export_text(styles=sys.stdout.isatty())


@app.command()
def check(
    paths: PathsArg,
    rules: RulesOpt = None,
    fail_on: Annotated[
        FailOn,
        typer.Option("--fail-on", help="Exit 1 when a finding at or above this severity exists."),
    ] = FailOn.error,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format", "-f", help="Output format (default: terminal on a TTY, table when piped)."
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Also write the Markdown audit report to FILE (claims CSV beside it)."
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the JSON result to FILE.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the main output to FILE instead of stdout."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Report only findings not in this baseline file."),
    ] = None,
    ignore_file: Annotated[
        Path | None,
        typer.Option("--ignore-file", help="Central suppressions file (YAML, each with a reason)."),
    ] = None,
    against: Annotated[
        list[Path] | None,
        typer.Option(
            "--against",
            help="Corpus to check drafts against: report only findings that involve PATHS.",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also show facts the sources agree on.")
    ] = False,
    jobs: JobsOpt = 1,
) -> None:
    """Extract, align and evaluate; print the findings and set the exit code."""
    with _user_errors():
        engine = _engine(rules)
        update, stop = _progress(True)
        try:
            result = _run_check([*paths, *(against or [])], engine, update, jobs)
        finally:
            stop()
        rule_kinds = {rule.id: rule.kind for rule in engine.know.rules}
        result = _filter(result, paths, against or [], baseline, ignore_file, rule_kinds)
        from checker.suppress import unused_warnings

        for line in unused_warnings(result.unused_suppressions):
            typer.echo(f"factcheck: {line}", err=True)
        inputs = [*paths, *(against or [])]
        _emit(result, fmt, output, report, json_out, verbose, inputs)
    raise typer.Exit(exit_code(result, fail_on.value))


def _run_check(
    paths: list[Path], engine: Engine, update: Callable[[int, int], None] | None, jobs: int
) -> Report:
    from checker.pipeline import check as run

    return run(paths, engine, update, jobs)


def _filter(
    result: Report,
    drafts: list[Path],
    against: list[Path],
    baseline: Path | None,
    ignore_file: Path | None,
    rule_kinds: dict[str, str] | None = None,
) -> Report:
    """Suppressions (on every finding, so that an ignore is unused only if it hides
    nothing), drafts-only, then baseline."""
    from dataclasses import replace

    from checker.suppress import apply_suppressions, load_ignore_file

    entries = load_ignore_file(ignore_file) if ignore_file else []
    outcome = apply_suppressions(result.findings, result.sources, entries, rule_kinds)
    findings, suppressed = outcome.kept, outcome.suppressed
    if against:
        from checker.ingest import discover, display_path

        draft_names = {display_path(p) for p in discover(drafts)}

        def involves_draft(finding: Finding) -> bool:
            return any(c.source in draft_names for c in finding.claims)

        findings = [f for f in findings if involves_draft(f)]
        suppressed = [f for f in suppressed if involves_draft(f)]
    matched: list = []
    if baseline:
        from checker.baseline import apply_baseline, load_baseline

        findings, matched = apply_baseline(findings, load_baseline(baseline))
    return replace(
        result,
        findings=tuple(findings),
        suppressed=tuple(suppressed),
        baseline_matched=tuple(matched),
        unused_suppressions=tuple(outcome.unused),
    )


def _emit(
    result: Report,
    fmt: CheckFormat | None,
    output: Path | None,
    report: Path | None,
    json_out: Path | None,
    verbose: bool,
    inputs: list[Path],
) -> None:
    from checker.report import RenderOptions, render

    tty = output is None and sys.stdout.isatty()
    chosen = fmt.value if fmt else ("terminal" if tty else "table")
    # The terminal's width, or $COLUMNS when piped (100 if unset).
    width = shutil.get_terminal_size((100, 24)).columns
    options = RenderOptions(verbose=verbose, color=tty and chosen == "terminal", width=width)
    _write_or_print(render(result, chosen, options), output, inputs)
    if json_out:
        _write_or_print(render(result, "json", options), json_out, inputs)
    if report:
        write_audit(result, report, inputs)


def audit_texts(result: Report, report: Path) -> tuple[str, str]:
    """The Markdown audit report for ``report`` and the claims CSV written beside it."""
    from checker.report import RenderOptions, render, render_claims_csv

    csv_name = report.with_suffix(".claims.csv").name
    options = RenderOptions(
        verbose=True, color=False, claims_csv_name=csv_name, report_dir=str(report.parent)
    )
    return render(result, "markdown", options), render_claims_csv(result)


def write_audit(result: Report, report: Path, inputs: list[Path]) -> None:
    """Write the audit report and its claims CSV, each atomically."""
    markdown, csv = audit_texts(result, report)
    _write_or_print(markdown, report, inputs)
    _write_or_print(csv, report.with_suffix(".claims.csv"), inputs)


def exit_code(result: Report, fail_on: str) -> int:
    """1 when a finding at or above ``fail_on`` exists, else 0."""
    threshold = SEVERITY_ORDER[fail_on]
    return 1 if any(SEVERITY_ORDER[f.severity] >= threshold for f in result.findings) else 0


@app.command("report")
def report_cmd(
    result_json: Annotated[
        Path, typer.Argument(help="A JSON result saved with --json or --format json.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Markdown file to write.")] = Path(
        "reports/audit.md"
    ),
) -> None:
    """Write the Markdown audit report from a saved JSON result."""
    from checker.report.json_report import report_from_json

    with _user_errors():
        try:
            text = result_json.read_text(encoding="utf-8")
        except OSError as err:
            raise FactcheckError(f"cannot read: {err.strerror}", path=str(result_json)) from None
        write_audit(report_from_json(text, str(result_json)), output, [result_json])


@app.command()
def explain(
    paths: PathsArg,
    rules: RulesOpt = None,
    grep: Annotated[
        str | None,
        typer.Option("--grep", "-g", help="Only facts whose label or claims contain this text."),
    ] = None,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            "--compare", "-c", help="Two quotes (give twice): why are they (not) one fact?"
        ),
    ] = None,
) -> None:
    """Show every aligned fact and why its claims were put together (scores, words, times),
    or, with --compare twice, why two claims were or were not aligned."""
    from checker.align import explain_pair, glossary_of
    from checker.pipeline import check as run
    from checker.textnorm import squash

    with _user_errors():
        engine = _engine(rules)
        result = run(paths, engine)
        if compare:
            pair = [_claim_quoted(result, text) for text in compare]
            if len(pair) != 2:
                raise FactcheckError("--compare takes exactly two quotes")
            glossary = glossary_of(result.sources, engine.lex)
            for c in pair:
                typer.echo(
                    f"{c.source}:{c.line}:{c.column}  {squash(c.quote)!r}  "
                    f"kind={c.kind} unit={c.unit} time={c.time} published={c.published}"
                )
            typer.echo("\n".join(explain_pair(pair[0], pair[1], engine.lex, glossary)))
            return
    lines = []
    for fact in result.facts:
        text = fact.label + " " + " ".join(c.quote for c in fact.claims)
        if grep and grep.lower() not in text.lower():
            continue
        lines.append(f"fact {fact.label}  [{fact.key}]")
        for c in fact.claims:
            lines.append(
                f"  {c.source}:{c.line}:{c.column}  {' '.join(c.quote.split())!r}  time={c.time} "
                f"published={c.published}  context={c.context!r}"
            )
        lines.extend(f"  why: {e}" for e in fact.evidence)
    typer.echo("\n".join(lines) if lines else "no aligned facts")


def _claim_quoted(result: Report, text: str) -> Claim:
    """The first claim whose quote contains ``text`` (white space and case folded)."""
    from checker.textnorm import squash

    wanted = squash(text).lower()
    for c in result.claims:
        if wanted in squash(c.quote).lower():
            return c
    raise FactcheckError(f"no claim quotes {text!r}", hint="see `factcheck claims`")


baseline_app = typer.Typer(
    help="Record current findings so that only new ones are reported.", no_args_is_help=True
)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create")
def baseline_create(
    paths: PathsArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Baseline file to write.")],
    rules: RulesOpt = None,
) -> None:
    """Write a baseline of the current findings (by fingerprint, not line numbers)."""
    from checker.baseline import write_baseline
    from checker.pipeline import check as run

    with _user_errors():
        result = run(paths, _engine(rules))
        write_baseline(result.findings, output, inputs=paths)
    typer.echo(f"baseline: {len(result.findings)} findings written to {output}")


def _mount_rules() -> None:
    from checker.cli_rules import rules_app

    app.add_typer(rules_app, name="rules", help="List, validate and explain rule packs.")


_mount_rules()


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """factcheck: find conflicting figures, dates and events across news articles."""


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
