"""``factcheck rules ...``: list, validate and explain the rules of the rule packs.

The main CLI mounts ``rules_app``; each command can also run on its own (tests do).
Problems in the packs are printed as ``file:line:col: message`` on stderr and exit 2,
like every other user-facing error.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from checker.errors import FactcheckError, FactcheckErrors
from checker.i18n import LANGUAGES, N_, _, localized, ngettext, severity_text
from checker.knowledge import Knowledge, RuleSpec
from checker.packs import is_bundled, load_knowledge, shipped_pack_paths, shown_path
from checker.schema import RULE_KINDS, describe_param

rules_app = typer.Typer(
    name="rules",
    help=N_("List, validate and explain the rules of the rule packs."),
    no_args_is_help=True,
)

LANGUAGE_NAMES = {"en": N_("English"), "vi": N_("Vietnamese")}

def _pack_path(value: str) -> Path:
    """A pack path on the command line; an empty one is an error, not the current folder."""
    if value == "":
        raise FactcheckError("empty path", hint="name a pack folder, a YAML file or a pack")
    return Path(value)


RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        parser=_pack_path,
        metavar="PACK",
        help=N_(
            "A rule pack: a folder, a YAML file or a bundled pack's name (generic, hanoi);"
            " repeat for several.  Default: the default packs."
        ),
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="en|vi",
        help=N_(
            "Language of the output: en or vi (default: the configuration's lang, "
            "else the locale, else English)."
        ),
    ),
]


def use_language(lang: str | None) -> None:
    """``--lang``, else the configuration found upward (if it can be read), else the
    locale.  The rules commands never failed on a configuration: they do not now."""
    from checker.config import resolve_config
    from checker.i18n import choose_language, set_language

    if lang is not None and lang not in LANGUAGES:
        _fail([FactcheckError(f"unknown language '{lang}'", hint="choose en or vi")])
    configured = None
    if lang is None:
        try:
            configured = resolve_config().lang
        except FactcheckError:
            configured = None
    set_language(choose_language(lang, configured))


def _fail(errors: list[FactcheckError]) -> NoReturn:
    """Print each problem on its own line on stderr and exit 2 (input error)."""
    for error in errors:
        typer.echo(str(error), err=True)
    raise typer.Exit(2)


def _load(paths: list[Path] | None) -> Knowledge:
    try:
        return load_knowledge(paths or None)
    except FactcheckErrors as err:
        _fail(err.errors)
    except FactcheckError as err:
        _fail([err])


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _show(value: Any) -> str:
    """A parameter value as the YAML would spell it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # Decimal keeps its written digits: 0.05, not 0.050000000000000003


def rules_table(rules: list[RuleSpec], description_width: int | None = None) -> Table:
    """The rules as a table; the description is cut to ``description_width`` if given."""
    rows = [
        (
            rule.id,
            rule.kind,
            severity_text(rule.severity),
            rule.pack,
            _first_line(localized(rule.description)),
        )
        for rule in rules
    ]
    headers = ("id", _("kind"), _("severity"), _("pack"), _("description"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for index, header in enumerate(headers[:-1]):
        # Ids, kinds and pack names are what users type and grep for: never cut them.
        widest = max((len(row[index]) for row in rows), default=0)
        table.add_column(header, no_wrap=True, min_width=max(widest, len(header)))
    table.add_column(headers[-1], no_wrap=True, overflow="ellipsis", max_width=description_width)
    for row in rows:
        # Text cells: a "[" in a description is prose, not rich markup.
        table.add_row(*(Text(cell) for cell in row))
    return table


@rules_app.command("list")
def list_rules(rules: RulesOption = None, lang: LangOption = None) -> None:
    """Show the loaded rules: id, kind, severity, pack and what each one finds."""
    use_language(lang)
    know = _load(rules)
    loaded = know.rules
    console = Console()
    if console.is_terminal:
        # One row per rule: in a narrow terminal the description is cut, not folded.
        used = Measurement.get(console, console.options, rules_table(loaded, 1)).maximum - 1
        table = rules_table(loaded, max(12, console.width - used))
    else:
        # Piped into a file or grep: full lines, however wide.
        table = rules_table(loaded)
        natural = Measurement.get(console, console.options.update(max_width=10_000), table)
        console.width = max(console.width, natural.maximum)
    console.print(table)
    typer.echo("\n" + "\n".join(pack_lines(know)))


def pack_lines(know: Knowledge) -> list[str]:
    """Where each loaded pack comes from, and the bundled packs not loaded (by name)."""
    lines = [_("packs:")]
    width = max((len(name) for name, _path, _sha in know.packs), default=0)
    for name, path, _sha in know.packs:
        origin = _("bundled with factcheck") if is_bundled(path) else _("from")
        lines.append(f"  {name:<{width}}  {origin} {shown_path(Path(path))}")
    loaded = {Path(path).resolve() for _name, path, _sha in know.packs}
    unused = [p.name for p in shipped_pack_paths() if p.resolve() not in loaded]
    if unused:
        lines.append(
            _("bundled, not loaded (add with --rules NAME): {names}").format(
                names=", ".join(unused)
            )
        )
    return lines


@rules_app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            parser=_pack_path,
            metavar="[PATHS]...",
            help=N_("Packs to check (folders or YAML files).  Default: every pack."),
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Check rule packs and report every problem as file:line:col: message.

    A rule text given in one language is valid (the others fall back to it); each
    such text is noted on stderr, so that a pack can be completed.
    """
    use_language(lang)
    know = _load(paths or shipped_pack_paths())
    for note in missing_languages(know.rules):
        typer.echo(note, err=True)
    rules = ngettext("{n} rule", "{n} rules", len(know.rules)).format(n=len(know.rules))
    packs = ngettext("{n} pack", "{n} packs", len(know.packs)).format(n=len(know.packs))
    typer.echo(_("ok: {rules} in {packs}").format(rules=rules, packs=packs))


def missing_languages(rules: list[RuleSpec]) -> list[str]:
    """ "rules.yml:12: note: rule 'x' has its description in English only" for each rule
    text not given in every language factcheck speaks."""
    notes = []
    for rule in rules:
        for what, text in ((N_("message"), rule.message), (N_("description"), rule.description)):
            given = [lang for lang in LANGUAGES if isinstance(text, dict) and text.get(lang)]
            if len(given) == len(LANGUAGES):
                continue
            names = ", ".join(_(LANGUAGE_NAMES[lang]) for lang in given) or _("one language")
            notes.append(
                _("{where}: note: rule '{rule}' has its {what} in {languages} only").format(
                    where=f"{rule.path}:{rule.line}", rule=rule.id, what=_(what), languages=names
                )
            )
    return notes


def _find_rule(know: Knowledge, rule_id: str) -> RuleSpec:
    for rule in know.rules:
        if rule.id == rule_id:
            return rule
    ids = [rule.id for rule in know.rules]
    close = difflib.get_close_matches(rule_id, ids, n=1)
    hint = (
        _("did you mean '{rule}'?").format(rule=close[0])
        if close
        else _("see 'factcheck rules list'")
    )
    _fail([FactcheckError(_("unknown rule '{rule}'").format(rule=rule_id), hint=hint)])


def explain_text(rule: RuleSpec) -> str:
    """Everything about one rule, as plain text: kind, severity, origin, params, prose."""
    kind_params = RULE_KINDS.get(rule.kind, {})
    facts = [
        (_("kind"), rule.kind),
        (_("severity"), severity_text(rule.severity)),
        (_("pack"), rule.pack),
        (_("defined"), f"{rule.path}:{rule.line}"),
    ]
    width = max(len(name) for name, _value in facts) + 2
    lines = [rule.id, "", *(f"  {name + ':':<{width}}{value}" for name, value in facts)]
    lines += ["", _("Parameters:")]
    if not rule.params:
        lines.append("  " + _("(none)"))
    for name, value in rule.params.items():
        param = kind_params.get(name)
        detail = f"  ({describe_param(param)})" if param is not None else ""
        lines.append(f"  {name} = {_show(value)}{detail}")
        if param is not None:
            lines.append(f"      {_(param.doc)}")
    lines += ["", _("Message:"), f"  {localized(rule.message)}", "", _("Description:")]
    description = localized(rule.description).rstrip()
    lines += [f"  {line}" if line else "" for line in description.splitlines()]
    return "\n".join(lines)


@rules_app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help=N_("The rule id."))],
    rules: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Explain one rule: what it checks, its parameters and its full description."""
    use_language(lang)
    rule = _find_rule(_load(rules), rule_id)
    typer.echo(explain_text(rule))
