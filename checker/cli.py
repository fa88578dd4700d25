"""The ``factcheck`` command line.  Only this module and the renderers print.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it;
2 usage, input, rule or output errors (one line naming the file, no traceback);
3 an internal error, a bug (one line; the traceback kept in a file, or printed with
``--debug`` / ``FACTCHECK_DEBUG=1``); 130 (Ctrl-C) or 128 + the signal when
interrupted; 141 when the reader of standard output went away (``| head``), as grep.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker import __version__
from checker.errors import FactcheckError
from checker.i18n import N_
from checker.model import SEVERITY_ORDER, Claim, Finding, Report

if TYPE_CHECKING:
    from checker.config import Config
    from checker.outputs import OutputPlan, Target
    from checker.pipeline import Engine
    from checker.report.common import RenderOptions

app = typer.Typer(
    name="factcheck",
    help="Check facts for consistency across Vietnamese news articles.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _path(value: str) -> Path:
    """A path on the command line; an empty one is an error, not the current folder."""
    if value == "":
        raise FactcheckError("empty path", hint="name a file or folder; '.' is the current folder")
    return Path(value)


RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        "-r",
        parser=_path,
        metavar="PATH",
        help="Rule pack: a folder, a YAML file or a bundled pack's name (generic, hanoi);"
        " repeatable; default: generic.",
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=0, help="Processes that read articles (0: one per core; default 1)."
    ),
]
PathsArg = Annotated[
    list[Path],
    typer.Argument(
        parser=_path, metavar="PATHS...", help="Article files or folders (.txt, .md, .html)."
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="GLOB",
        help="Skip files and folders matching GLOB inside the folders given (repeatable; "
        "replaces the configuration's exclude).",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        parser=_path,
        metavar="FILE",
        help="Settings file (default: .factcheck.toml or [tool.factcheck] in pyproject.toml, "
        "found upward from the working directory).",
    ),
]
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Read no configuration file.")]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar and no notes on stderr.")
]


HtmlOpt = Annotated[
    Path | None,
    typer.Option(
        "--html",
        parser=_path,
        metavar="FILE",
        help="Also write the HTML audit report to FILE (one self-contained page).",
    ),
]


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


ColorOpt = Annotated[
    Color | None,
    typer.Option(
        "--color", help="Colour: auto (on a terminal, unless NO_COLOR is set), always, never."
    ),
]


class Lang(StrEnum):
    en = "en"
    vi = "vi"


LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=N_(
            "Language of the output: en or vi (default: the configuration's lang, "
            "else the locale, else English)."
        ),
    ),
]


_GLOBAL_LANG: dict[str, Lang | None] = {"lang": None}  # --lang before the command


def _use_language(lang: Lang | None, config: Config | None = None) -> None:
    """Write this run's output in the language chosen (see checker.i18n)."""
    from checker.i18n import choose_language, set_language

    lang = lang or _GLOBAL_LANG["lang"]
    set_language(choose_language(lang.value if lang else None, config.lang if config else None))


class ClaimFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class CheckFormat(StrEnum):
    table = "table"
    terminal = "terminal"
    concise = "concise"
    json = "json"
    markdown = "markdown"
    github = "github"
    sarif = "sarif"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _error_text(err: FactcheckError) -> str:
    return f"factcheck: {err}" if "\n" not in str(err) else str(err)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Print user-facing errors as one line each and exit 2; anything else keeps its traceback."""
    try:
        yield
    except FactcheckError as err:
        typer.echo(_error_text(err), err=True)
        raise typer.Exit(2) from None


def _engine(rules: list[Path] | None) -> Engine:
    from checker.pipeline import Engine

    return Engine.load(rules)


@dataclass(frozen=True)
class _Settings:
    """The command line's options over the configuration file's (see checker.config)."""

    config: Config
    rules: list[Path] | None
    jobs: int
    include: tuple[str, ...]
    exclude: tuple[str, ...]

    def files_read(self, engine: Engine) -> list[Path]:
        """Files the run reads besides the articles: the configuration and the packs."""
        packs = [Path(path) for _name, path, _sha in engine.know.packs]
        return [p for p in (self.config.path, *(self.rules or []), *packs) if p is not None]


def _settings(
    config: Path | None,
    no_config: bool,
    rules: list[Path] | None,
    jobs: int | None,
    exclude: list[str] | None,
) -> _Settings:
    from checker.config import resolve_config

    cfg = resolve_config(config, no_config)
    return _Settings(
        config=cfg,
        rules=rules or (list(cfg.rules) if cfg.rules else None),
        jobs=jobs if jobs is not None else (cfg.jobs if cfg.jobs is not None else 1),
        include=cfg.include or (),
        exclude=tuple(exclude) if exclude else (cfg.exclude or ()),
    )


def _use_color(mode: str | None, to_terminal: bool) -> bool:
    """``--color``: always, never, or auto (a terminal, and NO_COLOR unset or empty)."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return to_terminal and not os.environ.get("NO_COLOR")


def _stdout_is_file() -> bool:
    try:
        return stat.S_ISREG(os.fstat(1).st_mode)
    except OSError:
        return False


def _plan(
    articles: Sequence[Path], others: Iterable[Path | None], files: bool, to_stdout: bool
) -> OutputPlan:
    """An output plan that protects every input; inputs are discovered only when some
    output is a file (standard output redirected to one counts)."""
    from checker.outputs import InputSet, OutputPlan

    protect = files or (to_stdout and _stdout_is_file())
    plan = OutputPlan(InputSet.gather(articles, others) if protect else InputSet())
    if to_stdout:
        plan.check_stdout()
    return plan


def _deliver(plan: OutputPlan, texts: Mapping[Target, str], stdout_text: str | None) -> None:
    """Write the planned files, then print the main output (files first: a reader that
    stops reading standard output early cannot stop them)."""
    from checker.outputs import write_stdout

    plan.commit(texts)
    if stdout_text is not None:
        write_stdout(stdout_text)


def _progress(enabled: bool) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A progress bar on stderr for long runs, on a terminal only (never on stdout)."""
    if not enabled or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
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
        typer.Option(
            "--output",
            "-o",
            parser=_path,
            metavar="FILE",
            help="Write to FILE (atomically) instead of stdout.",
        ),
    ] = None,
    rules: RulesOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    color: ColorOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Extract every claim (numbers, money, dates, events) with its hedge, unit and time."""
    from checker.pipeline import read_claims
    from checker.report.claims_csv import claims_csv
    from checker.report.json_report import claim_to_json

    with _user_errors():
        run = _settings(config, no_config, rules, jobs, exclude)
        engine = _engine(run.rules)
        plan = _plan(paths, run.files_read(engine), output is not None, output is None)
        target = None
        if output is not None:
            target = plan.add(output, "--output", machine_suffix=_CLAIM_SUFFIXES.get(fmt.value))
        read = read_claims(
            paths, engine, jobs=run.jobs, exclude=run.exclude, include=run.include
        )
        if fmt is ClaimFormat.jsonl:  # one line per claim, built as the files are read
            lines = (
                json.dumps(claim_to_json(c), ensure_ascii=False) for _, found in read for c in found
            )
            text = "\n".join(lines) + "\n"
        else:
            found: list[Claim] = [c for _, cs in read for c in cs]
            if fmt is ClaimFormat.json:
                text = json.dumps(
                    {"schema": "factcheck/claims@1", "claims": [claim_to_json(c) for c in found]},
                    ensure_ascii=False,
                    indent=2,
                )
            elif fmt is ClaimFormat.csv:
                text = claims_csv(found)
            else:
                styled = _use_color(
                    (color or run.config.color), output is None and sys.stdout.isatty()
                )
                text = _claims_table(found, styled)
        _deliver(plan, {target: text} if target else {}, None if target else text)


# Formats that cannot start with the marker line, and the suffix they should have.
_CLAIM_SUFFIXES = {"csv": ".csv", "json": ".json", "jsonl": ".jsonl"}
_CHECK_SUFFIXES = {"json": ".json", "sarif": ".sarif"}


def _claims_table(found: list[Claim], color: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from checker.i18n import _
    from checker.report.common import claim_reading, clipped
    from checker.textnorm import squash

    table = Table(show_lines=False, expand=False)
    headers = ("source:line:col", _("kind"), _("quote"), _("reading"), _("unit"), _("time"))
    for col in headers:
        table.add_column(col, overflow="fold")
    for c in found:
        # Cells as Text: an article's "[b]" or "[/x]" is words, never rich markup.
        cells = (
            f"{c.source}:{c.line}:{c.column}",
            c.kind,
            clipped(squash(c.quote)),
            claim_reading(c),
            c.unit or "",
            c.time or "",
        )
        table.add_row(*(Text(cell) for cell in cells))
    # Recorded, not printed: the caller writes the text where it belongs.
    width = None if sys.stdout.isatty() else 160
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(table)
    return console.export_text(styles=color)


def _path_or_url(value: str) -> str:
    """``--against``: a folder, file or store (a PostgreSQL URL keeps its slashes)."""
    if value == "":
        raise FactcheckError("empty path", hint="name a file or folder; '.' is the current folder")
    return value


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            parser=_path,
            metavar="PATHS...",
            help="Article files or folders (.txt, .md, .html); none with --store.",
        ),
    ] = None,
    rules: RulesOpt = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding at or above this severity exists (default: error).",
        ),
    ] = None,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format", "-f", help="Output format (default: terminal on a TTY, table when piped)."
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            parser=_path,
            metavar="FILE",
            help="Also write the Markdown audit report to FILE (claims CSV beside it).",
        ),
    ] = None,
    json_out: Annotated[
        Path | None,
        typer.Option(
            "--json", parser=_path, metavar="FILE", help="Also write the JSON result to FILE."
        ),
    ] = None,
    html: HtmlOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            parser=_path,
            metavar="FILE",
            help="Write the main output to FILE instead of stdout.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            parser=_path,
            metavar="FILE",
            help="Report only findings not in this baseline file.",
        ),
    ] = None,
    ignore_file: Annotated[
        Path | None,
        typer.Option(
            "--ignore-file",
            parser=_path,
            metavar="FILE",
            help="Central suppressions file (YAML, each with a reason).",
        ),
    ] = None,
    against: Annotated[
        list[str] | None,
        typer.Option(
            "--against",
            parser=_path_or_url,
            metavar="PATH",
            help="Corpus to check drafts against: report only findings that involve PATHS;"
            " a folder, or a claim store (archive.db, postgresql://...).",
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="STORE",
            help="Audit a whole claim store block by block (no PATHS); findings stream.",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also show facts the sources agree on.")
    ] = False,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    color: ColorOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    lang: LangOpt = None,
) -> None:
    """Extract, align and evaluate; print the findings and set the exit code."""
    with _user_errors():
        run = _settings(config, no_config, rules, jobs, exclude)
        cfg = run.config
        _use_language(lang, cfg)
        fmt = fmt or (CheckFormat(cfg.format) if cfg.format else None)
        threshold = fail_on.value if fail_on else (cfg.fail_on or "error")
        baseline = baseline or cfg.baseline
        ignore_file = ignore_file or cfg.ignore_file
        engine = _engine(run.rules)
        if store is not None:
            raise typer.Exit(
                _audit(store, paths, against, engine, fmt, output, report, json_out, threshold,
                       ignore_file, baseline, quiet)
            )  # fmt: skip
        if not paths:
            raise FactcheckError("check needs PATHS... (or --store STORE to audit a store)")
        archive = _store_against(against)
        corpus = [] if archive else [Path(a) for a in against or []]
        articles = [*paths, *corpus]
        outputs = _plan_check(
            articles,
            [*run.files_read(engine), baseline, ignore_file, *_store_file(archive)],
            fmt,
            output,
            report,
            json_out,
            html,
        )
        update, stop = _progress(not quiet)
        try:
            if archive:
                from checker.cli_index import check_drafts

                result = check_drafts(
                    paths, archive, engine, update, run.jobs, exclude=run.exclude,
                    include=run.include,
                )  # fmt: skip
            else:
                result = _run_check(
                    articles, engine, update, run.jobs, exclude=run.exclude, include=run.include
                )
        finally:
            stop()
        rule_kinds = {rule.id: rule.kind for rule in engine.know.rules}
        marker = [Path(archive)] if archive else corpus
        result = _filter(result, paths, marker, baseline, ignore_file, rule_kinds)
        from checker.suppress import unused_warnings

        if archive:  # only the drafts' ignores can be judged without the whole archive
            result = _draft_unused(result, paths)
        for line in unused_warnings(result.unused_suppressions):
            typer.echo(f"factcheck: {line}", err=True)
        _emit(result, outputs, verbose, color or cfg.color, threshold)
    raise typer.Exit(exit_code(result, threshold))


def _store_against(against: list[str] | None) -> str | None:
    """The store ``--against`` names, if it names one (then it must be the only one)."""
    from checker.store import is_store_location

    stores = [a for a in against or [] if is_store_location(a)]
    if stores and len(against or []) > 1:
        raise FactcheckError("--against takes one store, or folders and files", path=stores[0])
    return stores[0] if stores else None


def _store_file(archive: str | None) -> list[Path]:
    """The store as an input that no output may replace (a file, not a URL)."""
    from checker.store import is_store_location

    return [Path(archive)] if archive and not archive.lower().startswith("postgres") and \
        is_store_location(archive) else []  # fmt: skip


def _draft_unused(result: Report, drafts: list[Path]) -> Report:
    """Unused-ignore warnings of a check against a store: the drafts' ignore comments
    and the ignore file's unknown rules (whether an entry matches some archive finding
    cannot be told from the drafts' blocks)."""
    from dataclasses import replace

    from checker.ingest import discover, display_path

    names = {display_path(p) for p in discover(drafts)}
    kept = tuple(
        (s, problem)
        for s, problem in result.unused_suppressions
        if (s.kind == "inSource" and s.path in names) or problem != "matches no finding"
    )
    return replace(result, unused_suppressions=kept)


def _audit(
    store: str,
    paths: list[Path] | None,
    against: list[str] | None,
    engine: Engine,
    fmt: CheckFormat | None,
    output: Path | None,
    report: Path | None,
    json_out: Path | None,
    threshold: str,
    ignore_file: Path | None,
    baseline: Path | None,
    quiet: bool,
) -> int:
    """``check --store STORE``: the exit code of a streamed audit of the store."""
    from checker.cli_index import run_audit

    if paths or against or report or json_out:
        raise FactcheckError(
            "--store audits a whole store: no PATHS, --against, --report or --json"
            " (use --output FILE)"
        )
    chosen = fmt.value if fmt else "table"
    counts = run_audit(store, engine, chosen, output, ignore_file, baseline, quiet)
    limit = SEVERITY_ORDER[threshold]
    return 1 if any(SEVERITY_ORDER[s] >= limit for s in counts) else 0


def _run_check(
    paths: list[Path],
    engine: Engine,
    update: Callable[[int, int], None] | None,
    jobs: int,
    *,
    exclude: Sequence[str] = (),
    include: Sequence[str] = (),
) -> Report:
    from checker.pipeline import check as run

    return run(paths, engine, update, jobs, exclude=exclude, include=include)


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


@dataclass(frozen=True)
class _CheckOutputs:
    """Where ``check`` writes: planned (and refused) before the articles are read."""

    plan: OutputPlan
    chosen: str  # the main output's format
    main: Target | None  # None: standard output
    json: Target | None
    report: Path | None
    audit: tuple[Target | None, Target] | None  # the claims CSV and the Markdown report
    html: Target | None = None


def _plan_check(
    articles: list[Path],
    others: list[Path | None],
    fmt: CheckFormat | None,
    output: Path | None,
    report: Path | None,
    json_out: Path | None,
    html: Path | None = None,
) -> _CheckOutputs:
    """Plan in the order of the renames: the report's CSV, the report, the main output,
    the JSON result last (a new JSON result means the rest is new too)."""
    tty = output is None and sys.stdout.isatty()
    chosen = fmt.value if fmt else ("terminal" if tty else "table")
    plan = _plan(articles, others, bool(output or report or json_out or html), output is None)
    audit = None
    if report is not None:
        audit = _plan_audit(plan, report, "--report")
    html_target = plan.add(html, "--html") if html is not None else None
    main = None
    if output is not None:
        main = plan.add(output, "--output", machine_suffix=_CHECK_SUFFIXES.get(chosen))
    json_target = plan.add(json_out, "--json", machine_suffix=".json") if json_out else None
    return _CheckOutputs(plan, chosen, main, json_target, report, audit, html_target)


def _plan_audit(plan: OutputPlan, report: Path, option: str) -> tuple[Target | None, Target]:
    """The claims CSV (none beside a device or descriptor: ``--report /dev/stdout``) and
    the Markdown report, in that order."""
    from checker.outputs import classify

    csv = None
    if classify(report, option).how == "file":
        csv = plan.add(claims_csv_path(report), f"{option}'s claims CSV", machine_suffix=".csv")
    return csv, plan.add(report, option)


def _emit(
    result: Report,
    outputs: _CheckOutputs,
    verbose: bool,
    color: str | None,
    fail_on: str = "error",
) -> None:
    """Render every output in memory (errors before any write), then write them all."""
    from checker.report import RenderOptions, render

    tty = outputs.main is None and sys.stdout.isatty()
    # The terminal's width, or $COLUMNS when piped (100 if unset).
    width = shutil.get_terminal_size((100, 24)).columns
    styled = _use_color(color, tty) and outputs.chosen == "terminal"
    options = RenderOptions(verbose=verbose, color=styled, width=width, fail_on=fail_on)
    main_text = render(result, outputs.chosen, options)
    texts: dict[Target, str] = {}
    if outputs.audit is not None and outputs.report is not None:
        csv, markdown = outputs.audit
        charts = csv is not None  # beside a file; none beside a device or descriptor
        texts[markdown], csv_text = audit_texts(result, outputs.report, charts=charts)
        if csv is not None:
            texts[csv] = csv_text
            texts.update(_plan_charts(outputs.plan, result, outputs.report, "--report", markdown))
    if outputs.html is not None:
        texts[outputs.html] = html_text(result, outputs.html.given)
    if outputs.main is not None:
        texts[outputs.main] = main_text
    if outputs.json is not None:
        texts[outputs.json] = render(result, "json", options)
    _deliver(outputs.plan, texts, None if outputs.main else main_text)


def claims_csv_path(report: Path) -> Path:
    """Where the claims CSV of the audit report ``report`` is written."""
    return report.with_suffix(".claims.csv")


def _audit_options(report: Path, charts: bool) -> RenderOptions:
    from checker.report import RenderOptions

    return RenderOptions(
        verbose=True,
        color=False,
        claims_csv_name=claims_csv_path(report).name,
        report_dir=str(report.parent),
        chart_stem=report.stem if charts else None,
    )


def audit_texts(result: Report, report: Path, *, charts: bool = True) -> tuple[str, str]:
    """The Markdown audit report for ``report`` and the claims CSV written beside it.

    The report starts with the marker line that keeps it from being read as an article;
    with ``charts`` it links the chart files ``audit_charts`` gives.
    """
    from checker.outputs import stamp
    from checker.report import render, render_claims_csv

    options = _audit_options(report, charts)
    return stamp(render(result, "markdown", options), report), render_claims_csv(result)


def audit_charts(result: Report, report: Path) -> list[tuple[Path, str]]:
    """The SVG charts written beside the audit report ``report``: (path, SVG text)."""
    from checker.report.charts import chart_file_name, plan_charts, render_svg

    options = _audit_options(report, True)
    return [
        (report.with_name(chart_file_name(report.stem, chart)), render_svg(chart))
        for chart in plan_charts(result, options)
    ]


def _plan_charts(
    plan: OutputPlan, result: Report, report: Path, option: str, before: Target | None
) -> dict[Target, str]:
    """Plan the audit's charts (refused like any output when one would be an input) to be
    renamed before ``before``; their names depend on the findings, so they are planned
    once the findings are known, still before anything is written."""
    return {
        plan.add(path, f"{option}'s chart", machine_suffix=".svg", before=before): svg
        for path, svg in audit_charts(result, report)
    }


def html_text(result: Report, report: Path | None = None) -> str:
    """The HTML audit report (one self-contained page) in the current language; links to
    the articles are relative to the folder of ``report``."""
    from checker.report.html import render_html

    where = report if report is not None else Path("report.html")
    return render_html(result, _audit_options(where, False))


def write_audit(
    result: Report, report: Path, inputs: Iterable[Path], html: Path | None = None
) -> None:
    """Write the audit report, its claims CSV and charts (and the HTML report) together,
    never over one of ``inputs``."""
    from checker.outputs import InputSet, OutputPlan

    plan = OutputPlan(InputSet.of_files(inputs))
    csv, markdown = _plan_audit(plan, report, "--output")
    html_target = plan.add(html, "--html") if html is not None else None
    markdown_text, csv_text = audit_texts(result, report, charts=csv is not None)
    texts = {markdown: markdown_text}
    if csv is not None:
        texts[csv] = csv_text
        texts.update(_plan_charts(plan, result, report, "--output", None))
    if html_target is not None:
        texts[html_target] = html_text(result, html)
    plan.commit(texts)


def exit_code(result: Report, fail_on: str) -> int:
    """1 when a finding at or above ``fail_on`` exists, else 0."""
    threshold = SEVERITY_ORDER[fail_on]
    return 1 if any(SEVERITY_ORDER[f.severity] >= threshold for f in result.findings) else 0


@app.command("report")
def report_cmd(
    result_json: Annotated[
        Path,
        typer.Argument(
            parser=_path, metavar="RESULT", help="A JSON result saved with --json or --format json."
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", parser=_path, metavar="FILE", help="Markdown file to write."
        ),
    ] = Path("reports/audit.md"),
    html: HtmlOpt = None,
) -> None:
    """Write the Markdown audit report (and with --html the HTML one) from a saved JSON
    result."""
    from checker.report.json_report import report_from_file

    with _user_errors():
        result = report_from_file(result_json, str(result_json))
        # The articles the result was made from are inputs too: never write over one.
        inputs = [result_json, *(Path(s.path) for s in result.sources)]
        write_audit(result, output, inputs, html)


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
    exclude: ExcludeOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Show every aligned fact and why its claims were put together (scores, words, times),
    or, with --compare twice, why two claims were or were not aligned."""
    from checker.align import explain_pair, frame_lines, glossary_of
    from checker.outputs import write_stdout
    from checker.pipeline import check as run
    from checker.textnorm import squash

    with _user_errors():
        settings = _settings(config, no_config, rules, None, exclude)
        engine = _engine(settings.rules)
        result = run(
            paths,
            engine,
            jobs=settings.jobs,
            exclude=settings.exclude,
            include=settings.include,
        )
        if compare:
            pair = [_claim_quoted(result, text) for text in compare]
            if len(pair) != 2:
                raise FactcheckError("--compare takes exactly two quotes")
            glossary = glossary_of(result.sources, engine.lex)
            shown = []
            for c in pair:
                shown.append(
                    f"{c.source}:{c.line}:{c.column}  {squash(c.quote)!r}  "
                    f"kind={c.kind} unit={c.unit} time={c.time} published={c.published}"
                )
                shown.extend(frame_lines(c.frame) if c.frame is not None else [])
            why = explain_pair(pair[0], pair[1], engine.lex, glossary)
            write_stdout("\n".join([*shown, *why]))
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
            if c.frame is not None:
                lines.extend("  " + line for line in frame_lines(c.frame))
        lines.extend(f"  why: {e}" for e in fact.evidence)
    with _user_errors():
        write_stdout("\n".join(lines) if lines else "no aligned facts")


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
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            parser=_path,
            metavar="FILE",
            help="Baseline file to write (default: the configuration's baseline).",
        ),
    ] = None,
    rules: RulesOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
) -> None:
    """Write a baseline of the current findings (by fingerprint, not line numbers)."""
    from checker.baseline import baseline_text
    from checker.pipeline import check as run

    with _user_errors():
        settings = _settings(config, no_config, rules, jobs, exclude)
        output = output or settings.config.baseline
        if output is None:
            raise FactcheckError("baseline create needs --output FILE (or baseline in the config)")
        engine = _engine(settings.rules)
        plan = _plan(paths, settings.files_read(engine), True, False)
        target = plan.add(output, "--output", machine_suffix=".json")
        result = run(
            paths, engine, jobs=settings.jobs, exclude=settings.exclude, include=settings.include
        )
        plan.commit({target: baseline_text(result.findings)})
    if not quiet:
        from checker.i18n import ngettext

        count = len(result.findings)
        typer.echo(
            ngettext(
                "baseline: {n} finding written to {path}",
                "baseline: {n} findings written to {path}",
                count,
            ).format(n=count, path=output)
        )


def _mount_rules() -> None:
    from checker.cli_rules import rules_app

    app.add_typer(rules_app, name="rules", help="List, validate and explain rule packs.")


_mount_rules()


def _mount_index() -> None:
    from checker.cli_index import index_app

    app.add_typer(index_app, name="index", help="Index an archive into a claim store.")


_mount_index()


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


DEBUG_ENV = "FACTCHECK_DEBUG"


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Print the traceback of an internal error (also FACTCHECK_DEBUG=1)."
        ),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """factcheck: find conflicting figures, dates and events across news articles."""
    _GLOBAL_LANG["lang"] = lang  # before the command: `factcheck --lang vi check ...`
    if debug:
        os.environ[DEBUG_ENV] = "1"  # read by main(), and by worker processes


def command(argv: Sequence[str] = ()) -> typer.core.TyperGroup:
    """The command line as click runs it, its help texts in the language ``argv`` asks
    for (``--lang``, else the configuration's lang, else the locale; see checker.i18n).

    Help is printed before any command runs, so the language is read from the
    arguments here; the commands themselves choose it again from their options.
    """
    from typer.main import get_command

    from checker.i18n import set_language

    set_language(_language_of(argv))
    group = get_command(app)
    _translate_help(group)
    _translate_panels()
    return group  # type: ignore[return-value]


# The titles typer gives the panels of a help page (module constants it reads as it
# prints, so setting them here is enough).
_PANEL_TITLES = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
}


def _translate_panels() -> None:
    from typer import rich_utils

    from checker.i18n import _

    for name, title in _PANEL_TITLES.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, _(title))


def _language_of(argv: Sequence[str]) -> str:
    from checker.config import resolve_config
    from checker.i18n import LANGUAGES, choose_language

    args = list(argv)
    for i, arg in enumerate(args):
        given = args[i + 1] if arg == "--lang" and i + 1 < len(args) else None
        given = arg.partition("=")[2] if arg.startswith("--lang=") else given
        if given in LANGUAGES:
            return given
    at = args.index("--config") if "--config" in args[:-1] else None
    explicit = Path(args[at + 1]) if at is not None else None
    configured = None
    # A broken configuration is reported by the command itself, in the language chosen.
    with suppress(FactcheckError):
        configured = resolve_config(explicit, "--no-config" in args).lang
    return choose_language(None, configured)


def _translate_help(command: object) -> None:
    """Translate the help of ``command``, its options and its subcommands in place (the
    texts are extracted by checker.i18n.extract_with_help)."""
    import inspect

    from checker.i18n import _

    for owner in (command, *getattr(command, "params", ())):
        text = getattr(owner, "help", None)
        if isinstance(text, str) and text:
            owner.help = _(inspect.cleandoc(text))  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


def main() -> None:
    """Console-script entry point: the exit codes of the module docstring.

    User errors exit 2 with one line.  An unexpected exception is a bug, not a finding:
    exit 3 with one line, the traceback written to a file in the temporary folder (and
    printed with ``--debug`` or ``FACTCHECK_DEBUG=1``).  A reader of standard output
    that goes away (``| head -1``) ends the run quietly with 141, as grep does when
    SIGPIPE ends it; files the run writes are written before standard output.
    """
    from checker.outputs import BrokenStdout, Interrupted, prepare_std_streams, silence_stdout

    prepare_std_streams()
    try:
        try:
            # Also under ``python -m``: one completion variable.
            command(sys.argv[1:])(prog_name="factcheck")
        finally:
            _flush_stdout()
    except SystemExit:
        raise
    except BrokenStdout:
        silence_stdout()
        raise SystemExit(141) from None
    except Interrupted as err:
        _say("factcheck: interrupted")
        raise SystemExit(128 + err.signum) from None
    except KeyboardInterrupt:
        _say("factcheck: interrupted")
        raise SystemExit(130) from None
    except FactcheckError as err:  # raised while the options were parsed (an empty path)
        _say(_error_text(err))
        raise SystemExit(2) from None
    except Exception as err:
        raise SystemExit(_internal_error(err)) from None


def _flush_stdout() -> None:
    from checker.outputs import BrokenStdout

    try:
        sys.stdout.flush()
    except BrokenPipeError as err:
        raise BrokenStdout from err
    except (OSError, ValueError):
        pass  # closed or already failed: what could be said was said


def _say(line: str) -> None:
    """One line on stderr, whatever state stderr is in."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _internal_error(err: BaseException) -> int:
    """Keep the traceback for a bug report, say so in one line, and give exit code 3."""
    import tempfile
    import traceback

    from checker.outputs import ESCAPE

    trace = "".join(traceback.format_exception(err))
    where = None
    try:
        fd, name = tempfile.mkstemp(prefix="factcheck-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8", errors=ESCAPE) as handle:
            handle.write(f"factcheck {__version__}, Python {sys.version.split()[0]}\n")
            handle.write(f"arguments: {sys.argv[1:]!r}\n\n{trace}")
        where = name
    except OSError:
        pass
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        _say(trace.rstrip("\n"))
    summary = " ".join(f"{type(err).__name__}: {err}".split())[:300]
    kept = f"traceback in {where}" if where else f"traceback with --debug or {DEBUG_ENV}=1"
    _say(f"factcheck: internal error: {summary} (please report it; {kept})")
    return 3


if __name__ == "__main__":
    main()
