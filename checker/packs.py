"""Load rule packs (folders of YAML under ``rules/``) into one ``Knowledge``, validating them.

A pack is a folder of YAML files, or a single YAML file.  Every file is a mapping of
sections (``checker.schema.SECTIONS``).  The files are *composed* rather than loaded, so
every value keeps its line and column, and each is checked against its declared type.
Problems are collected across all files and raised together as one ``FactcheckErrors``,
each pointing into the YAML: ``rules/x.yml:7:11: unknown key 'tolerence' (did you mean
'tolerance'?)``.

Packs merge in order: later packs extend the lists and mappings of earlier ones.  A rule
id may be declared once; a later pack replaces an earlier pack's rule only when it says
``override: true`` (and with ``enabled: false`` as well, it switches the rule off).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeGuard

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checker import redos, safeyaml
from checker.errors import FactcheckError, FactcheckErrors
from checker.files import kind_of, max_bytes, read_bytes
from checker.knowledge import Hedge, Knowledge, Reference, RuleSpec
from checker.schema import (
    RULE_KINDS,
    SECTIONS,
    Boolean,
    Field,
    Integer,
    ListOf,
    Localized,
    MapOf,
    Nullable,
    Number,
    OneOf,
    Params,
    Pattern,
    Range,
    Record,
    Spec,
    Template,
    Text,
    param_defaults,
    param_spec,
)
from checker.textnorm import canonical, squash

DEFAULT_PACKS = ("generic",)
PACK_SUFFIXES = (".yml", ".yaml")
MAX_PATTERN_CHARS = 4_000  # the longest pattern of the generic pack has 420
MAX_EXPONENT = 30  # a pack's numbers: scales reach 1e12, references 1e15 VND

# Scalars are checked by checker.safeyaml as they are read, so constructing the values of
# the typed ones cannot fail.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _DATE = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_TAG_NAMES = {
    _STR: "a string",
    _INT: "an integer",
    _FLOAT: "a number",
    _BOOL: "a boolean",
    _NULL: "null",
    _DATE: "a date",
}


class _Invalid:
    """Marks a value that failed its check (the error is already recorded)."""

    def __repr__(self) -> str:
        return "_INVALID"


_INVALID: Any = _Invalid()


# --- Where packs are --------------------------------------------------------------------


def _bundled_packs_dir() -> Path:
    """The folder of the packs that come with factcheck.

    The top-level ``rules/`` folder of the repository is their one source.  A wheel (and
    so ``pip install git+...``) carries it as package data at ``checker/_packs`` (the
    mapping is in pyproject.toml), found through importlib.resources wherever the package
    is installed; a checkout or an editable install has no ``checker/_packs`` and reads
    ``rules/`` beside the package.
    """
    installed = resources.files("checker") / "_packs"
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "rules"


RULES_DIR = _bundled_packs_dir()


def resolve_pack(given: Path) -> Path:
    """The pack a user named: the path itself when it exists, else the bundled pack whose
    folder has that name (``--rules hanoi``), else the path (reported as no such pack).

    A path that exists always wins, so ``--rules rules/hanoi`` in a checkout and a local
    folder called ``hanoi`` mean what they say.
    """
    if given.exists() or len(given.parts) != 1:
        return given
    bundled = RULES_DIR / given.name
    return bundled if bundled.is_dir() else given


def is_bundled(pack: str | Path) -> bool:
    """Is ``pack`` one of the packs that come with factcheck (a folder in ``RULES_DIR``)?"""
    return Path(pack).resolve().parent == RULES_DIR.resolve()


def default_pack_paths() -> list[Path]:
    """The packs loaded when the user names none."""
    return [RULES_DIR / name for name in DEFAULT_PACKS]


def shipped_pack_paths() -> list[Path]:
    """Every pack folder under ``RULES_DIR``: the default packs first, then the rest by name.

    Folders without YAML files (a pack still being written) are left out.  An install
    without the folder (a broken build) has only the default paths, which then fail to
    load as "no such pack".
    """
    defaults = default_pack_paths()
    folders = RULES_DIR.iterdir() if RULES_DIR.is_dir() else iter(())
    others = sorted(
        folder
        for folder in folders
        if folder.is_dir() and folder not in defaults and _yaml_files(folder)
    )
    return defaults + others


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in PACK_SUFFIXES and p.is_file())


def shown_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies inside it, for messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- Errors -----------------------------------------------------------------------------


@dataclass
class _Sink:
    """Collects the errors of one file."""

    path: str
    errors: list[FactcheckError]

    def at(self, node: Node | None, message: str, hint: str | None = None) -> None:
        mark = node.start_mark if node is not None else None
        self.mark(mark, message, hint)

    def mark(self, mark: Any, message: str, hint: str | None = None) -> None:
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        self.errors.append(FactcheckError(message, self.path, line, column, hint))


def _did_you_mean(word: str, choices: Any) -> str:
    """A did-you-mean hint, or the list of choices when nothing is close."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(choices)


# --- Reading values against the schema --------------------------------------------------


class _Fields(dict[str, Any]):
    """The checked values of a ``Record``, remembering the node each came from."""

    def __init__(self, node: MappingNode):
        super().__init__()
        self.node = node
        self.nodes: dict[str, Node] = {}

    @property
    def line(self) -> int:
        return int(self.node.start_mark.line) + 1


def _read(node: Node, spec: Spec, label: str, sink: _Sink) -> Any:
    """Check ``node`` against ``spec``; return its Python value or ``_INVALID``."""
    match spec:
        case Nullable():
            if _is_null(node):
                return None
            if type(spec.inner) in _SCALAR_TAGS and not _has_type(node, spec.inner):
                return _type_error(node, spec.inner, label, sink, expected=spec.describe())
            return _read(node, spec.inner, label, sink)
        case Record():
            return _read_record(node, spec, label, sink)
        case MapOf():
            return _read_map(node, spec, label, sink)
        case ListOf():
            return _read_list(node, spec, label, sink)
        case Localized():
            return _read_localized(node, spec, label, sink)
        case _:
            return _read_scalar(node, spec, label, sink)


def _read_localized(node: Node, spec: Localized, label: str, sink: _Sink) -> Any:
    """A text in one language (a string) or in several (``{en: ..., vi: ...}``)."""
    if not isinstance(node, MappingNode):
        if isinstance(node, SequenceNode):
            return _type_error(node, spec, label, sink)
        return _read(node, spec.inner, label, sink)
    if not node.value:
        sink.at(node, f"'{label}' must name at least one language ({', '.join(spec.languages)})")
        return _INVALID
    before = len(sink.errors)
    texts: dict[str, Any] = {}
    for key_node, value_node in _pairs(node, sink):
        language = _read(key_node, OneOf(spec.languages, "language"), f"{label} key", sink)
        if language is _INVALID:
            continue
        text = _read(value_node, spec.inner, f"{label} ({language})", sink)
        if text is not _INVALID:
            texts[language] = text
    return texts if len(sink.errors) == before else _INVALID


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL


def _is_plain(node: ScalarNode) -> bool:
    """Written without quotes (libyaml says '' for plain style, PyYAML says None)."""
    return not node.style


def _describe_node(node: Node) -> str:
    """What the user wrote, for 'expected X, got Y' messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "null" if node.value else "nothing"
    text = str(node.value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"{_TAG_NAMES.get(node.tag, f'a value tagged {node.tag}')} '{text}'"


def _type_error(
    node: Node, spec: Spec, label: str, sink: _Sink, expected: str | None = None
) -> Any:
    """Report that ``node`` is not of the type ``spec`` reads (described as ``expected``)."""
    hint = None
    if isinstance(node, ScalarNode) and node.value:
        wants_text = isinstance(spec, Text | Pattern | OneOf | Template)
        if wants_text and node.tag != _STR and _is_plain(node):
            # YAML reads bare yes/no/on/off, numbers and dates as non-strings.
            hint = "quote it to make it a string"
        elif node.style in ("'", '"') and not wants_text and _is_plain_scalar_of(node.value, spec):
            hint = "remove the quotes"
    expected = expected or spec.describe()
    sink.at(node, f"expected {expected} for '{label}', got {_describe_node(node)}", hint)
    return _INVALID


def _is_plain_scalar_of(text: str, spec: Spec) -> bool:
    """Would ``text``, unquoted, have been read as the type ``spec`` wants?"""
    tag = yaml.resolver.Resolver().resolve(ScalarNode, text, (True, False))
    if isinstance(spec, Boolean):
        return bool(tag == _BOOL)
    if isinstance(spec, Integer):
        return bool(tag == _INT)
    return isinstance(spec, Number) and tag in (_INT, _FLOAT)


_SCALAR_TAGS: dict[type, tuple[str, ...]] = {
    Boolean: (_BOOL,),
    Integer: (_INT,),
    Number: (_INT, _FLOAT),
    Text: (_STR,),
    Pattern: (_STR,),
    OneOf: (_STR,),
    Template: (_STR,),
}


def _has_type(node: Node, spec: Spec) -> TypeGuard[ScalarNode]:
    """Is ``node`` a scalar of the YAML type ``spec`` reads?"""
    if not isinstance(node, ScalarNode):
        return False
    if isinstance(spec, Text) and spec.scalar:
        return node.tag in (_STR, _INT, _FLOAT, _DATE)
    return node.tag in _SCALAR_TAGS[type(spec)]


def _read_scalar(node: Node, spec: Spec, label: str, sink: _Sink) -> Any:
    if not _has_type(node, spec):
        return _type_error(node, spec, label, sink)
    match spec:
        case Boolean():
            return _CONSTRUCTOR.construct_yaml_bool(node)
        case Integer():
            integer = _CONSTRUCTOR.construct_yaml_int(node)
            if not _within_magnitude(Decimal(integer), node, label, sink):
                return _INVALID
            return _in_range(integer, spec.range, node, label, sink)
        case Number():
            number = _decimal(node)
            if not number.is_finite():
                sink.at(node, f"'{label}' must be a finite number, got '{node.value}'")
                return _INVALID
            if not _within_magnitude(number, node, label, sink):
                return _INVALID
            value = number if spec.exact else _plain_number(node)
            return _in_range(value, spec.range, node, label, sink)
        case Text() | Pattern() | OneOf() | Template():
            return _check_text(str(node.value), node, spec, label, sink)
    raise TypeError(f"no reader for {spec!r}")


def _within_magnitude(number: Decimal, node: ScalarNode, label: str, sink: _Sink) -> bool:
    """Is a pack's number of a size arithmetic on figures can take?  ``1.0e+999999999``
    as a scale overflowed Decimal on the first claim it multiplied."""
    if not number or -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        return True
    hint = f"a pack's numbers lie between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT}"
    sink.at(node, f"'{label}' is out of range, got '{node.value}'", hint)
    return False


def _plain_number(node: ScalarNode) -> int | float:
    """YAML's own reading of a number node (hex, octal and sexagesimal included)."""
    if node.tag == _INT:
        return int(_CONSTRUCTOR.construct_yaml_int(node))
    return float(_CONSTRUCTOR.construct_yaml_float(node))


def _decimal(node: ScalarNode) -> Decimal:
    """The exact value of a YAML number, as written ("0.10" stays 0.10, not a float)."""
    if node.tag == _FLOAT:
        try:
            return Decimal(node.value.replace("_", ""))
        except InvalidOperation:
            pass  # sexagesimal or .inf: YAML's reading is the only one
    return Decimal(str(_plain_number(node)))


def _in_range(value: Any, bounds: Range | None, node: Node, label: str, sink: _Sink) -> Any:
    if bounds is not None and value not in bounds:
        sink.at(node, f"'{label}' must be {bounds}, got {node.value}")
        return _INVALID
    return value


def _check_text(text: str, node: ScalarNode, spec: Spec, label: str, sink: _Sink) -> Any:
    match spec:
        case Text():
            if spec.non_empty and not text.strip():
                sink.at(node, f"'{label}' must not be empty")
                return _INVALID
            if spec.pattern and not re.fullmatch(spec.pattern, text):
                sink.at(node, f"invalid {label} '{text}'", f"it must match {spec.pattern}")
                return _INVALID
            return text
        case OneOf():
            if text not in spec.choices:
                sink.at(node, f"unknown {spec.what} '{text}'", _did_you_mean(text, spec.choices))
                return _INVALID
            return text
        case Pattern():
            if len(text) > MAX_PATTERN_CHARS:
                message = f"regular expression in '{label}' too long ({len(text):,} characters)"
                sink.at(node, message, f"at most {MAX_PATTERN_CHARS:,}")
                return _INVALID
            try:
                compiled = re.compile(text)
            except re.error as exc:
                where = _mark_inside(node, exc.pos or 0)
                sink.mark(where, f"invalid regular expression in '{label}': {exc.msg}")
                return _INVALID
            except (RecursionError, OverflowError, ValueError, MemoryError):
                sink.at(node, f"invalid regular expression in '{label}': too complex")
                return _INVALID
            if redos.catastrophic(text):
                # Every check would hang on the first line that nearly matches.
                sink.at(
                    node,
                    f"regular expression in '{label}' may backtrack catastrophically",
                    "a repeated part can match the same text in more than one way, as in "
                    "(a+)+ or (a|ab|b)*, or two in a row can share it, as in \\s*:?\\s*: "
                    "write it so that each piece of text can be matched in only one way, "
                    "e.g. a+, (a|b)* or \\s*(?::\\s*)?",
                )
                return _INVALID
            missing = [g for g in spec.groups if g not in compiled.groupindex]
            if missing:
                names = ", ".join(f"(?P<{g}>...)" for g in missing)
                sink.at(node, f"regular expression in '{label}' lacks the group {names}")
                return _INVALID
            return text
        case Template():
            problems = _template_problems(text, spec.placeholders)
            for message, hint, offset in problems:
                sink.mark(_mark_inside(node, offset), message, hint)
            return _INVALID if problems else text
    raise TypeError(f"no text check for {spec!r}")


def _template_problems(text: str, allowed: tuple[str, ...]) -> list[tuple[str, str, int]]:
    """(message, hint, offset in text) for each bad placeholder of a ``str.format`` template.

    Only bare names from ``allowed`` may appear: ``{fact}``.  Attribute access and
    indexing (``{fact.__class__}`` prints a memory address, so runs would differ), a
    conversion (``{fact!r}``) or a format spec (``{fact:>999999999999}`` asks for a
    terabyte of padding) are errors, found when the pack loads.
    """
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        return [(f"bad message template: {exc}", "write '{{' and '}}' for literal braces", 0)]
    names = "use a name: " + ", ".join(allowed)
    bare = f"write a bare name, e.g. {{{allowed[0]}}}" if allowed else names
    problems = []
    offset = 0
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        found = re.compile(r"\{" + re.escape(name) + r"[}:!]").search(text, offset)
        offset = found.start() if found else offset
        base = re.split(r"[.\[]", name, maxsplit=1)[0]
        shown = "{" + name + (f"!{conversion}" if conversion else "")
        shown += (f":{spec}" if spec else "") + "}"
        if not base or base.isdigit():
            problems.append((f"positional placeholder '{shown}' in message", names, offset))
        elif base not in allowed:
            hint = _did_you_mean(base, allowed)
            problems.append((f"unknown placeholder '{{{base}}}' in message", hint, offset))
        elif base != name:
            what = "attribute access" if name[len(base)] == "." else "indexing"
            problems.append((f"{what} in placeholder '{shown}' is not allowed", bare, offset))
        elif conversion:
            problems.append((f"conversion in placeholder '{shown}' is not allowed", bare, offset))
        elif spec:
            problems.append((f"format spec in placeholder '{shown}' is not allowed", bare, offset))
    return problems


def _mark_inside(node: ScalarNode, offset: int) -> Any:
    """The mark of character ``offset`` of a scalar's value, where it can be known exactly.

    That is when the scalar sits on one line and its source is the value itself, plus
    quotes, plus the doubled quotes of single-quoted style: no escapes, no folding.
    Otherwise the scalar's own start is the best honest answer.
    """
    start, end = node.start_mark, node.end_mark
    quotes = 2 if node.style in ("'", '"') else 0
    doubled = node.value.count("'") if node.style == "'" else 0
    source_length = end.column - start.column
    if start.line != end.line or source_length != len(node.value) + quotes + doubled:
        return start
    before = node.value[:offset].count("'") if node.style == "'" else 0
    return _Mark(start.line, start.column + quotes // 2 + offset + before)


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int  # 0-based, like yaml's marks
    column: int


def _pairs(node: MappingNode, sink: _Sink) -> Iterator[tuple[Node, Node]]:
    """The key/value pairs of a mapping, reporting (and skipping) repeated keys.

    PyYAML keeps the last of two equal keys without a word; a repeated key is almost
    always a mistake that silently drops data, so it is an error here.
    """
    seen: dict[tuple[str, str], Node] = {}
    for key, value in node.value:
        if isinstance(key, ScalarNode):
            first = seen.setdefault((key.tag, key.value), key)
            if first is not key:
                line = first.start_mark.line + 1
                sink.at(key, f"duplicate key '{key.value}'", f"first defined at line {line}")
                continue
        yield key, value


def _key_text(key: Node, sink: _Sink) -> str | None:
    """A record key as a string, or None (error recorded) when it is not one."""
    if isinstance(key, ScalarNode) and key.tag == _STR:
        return str(key.value)
    hint = "quote it" if isinstance(key, ScalarNode) and _is_plain(key) else None
    sink.at(key, f"expected a string key, got {_describe_node(key)}", hint)
    return None


def _read_record(node: Node, spec: Record, label: str, sink: _Sink) -> Any:
    if not isinstance(node, MappingNode):
        return _type_error(node, spec, label, sink)
    before = len(sink.errors)
    fields = _Fields(node)
    for key_node, value_node in _pairs(node, sink):
        key = _key_text(key_node, sink)
        if key is None:
            continue
        if key not in spec.fields:
            sink.at(key_node, f"unknown key '{key}'", _did_you_mean(key, spec.fields))
            continue
        fields.nodes[key] = value_node
        if isinstance(spec.fields[key].spec, Params):
            continue  # needs the kind, which may come later in the mapping
        value = _read(value_node, spec.fields[key].spec, key, sink)
        if value is not _INVALID:
            fields[key] = value
    for key, field_spec in spec.fields.items():
        if field_spec.required and key not in fields.nodes:
            sink.at(node, f"missing required key '{key}' in {label}")
        elif isinstance(field_spec.spec, Params):
            kind = fields.get(field_spec.spec.kind_field)
            if kind is not None:  # an unknown kind is reported already
                params = _read_params(fields.nodes.get(key), kind, sink)
                if params is not _INVALID:
                    fields[key] = params
    # Callers build objects from records: only hand them complete, valid ones.
    return fields if len(sink.errors) == before else _INVALID


def _read_map(node: Node, spec: MapOf, label: str, sink: _Sink) -> Any:
    if not isinstance(node, MappingNode):
        return _type_error(node, spec, label, sink)
    out: dict[str, Any] = {}
    for key_node, value_node in _pairs(node, sink):
        key = _read(key_node, spec.key, f"{label} key", sink)
        if key is _INVALID:
            continue
        value = _read(value_node, spec.value, key, sink)
        if value is not _INVALID:
            out[key] = value
    return out


def _read_list(node: Node, spec: ListOf, label: str, sink: _Sink) -> Any:
    if not isinstance(node, SequenceNode):
        return _type_error(node, spec, label, sink)
    if spec.non_empty and not node.value:
        sink.at(node, f"'{label}' must not be empty")
        return _INVALID
    items = (_read(item, spec.item, f"{label} item", sink) for item in node.value)
    return [item for item in items if item is not _INVALID]


# --- Files ------------------------------------------------------------------------------


def _decode(raw: bytes, sink: _Sink) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line_start = head.rfind(b"\n") + 1
        column = len(head[line_start:].decode("utf-8", "replace"))
        sink.mark(
            _Mark(head.count(b"\n"), column),
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8",
        )
        return None


def _compose(text: str, sink: _Sink) -> Node | None:
    """The YAML node tree of ``text`` (None for an empty file or an error, recorded).

    ``checker.safeyaml`` reads it: plain YAML only, bounded in size, nesting and aliases.
    """
    try:
        return safeyaml.compose(text, sink.path)
    except FactcheckErrors as exc:
        sink.errors.extend(exc.errors)
    except FactcheckError as exc:
        sink.errors.append(exc)
    return None


@dataclass
class _Document:
    """The checked sections of one file."""

    path: str
    sections: dict[str, Any] = field(default_factory=dict)


def _read_document(root: Node | None, doc: _Document, allow_pack: bool, sink: _Sink) -> None:
    if root is None:
        return
    if not isinstance(root, MappingNode):
        sink.at(root, f"a pack file must be a mapping of sections, got {_describe_node(root)}")
        return
    for key_node, value_node in _pairs(root, sink):
        name = _key_text(key_node, sink)
        if name is None:
            continue
        if name not in SECTIONS:
            sink.at(key_node, f"unknown section '{name}'", _did_you_mean(name, SECTIONS))
            continue
        if name == "pack" and not allow_pack:
            sink.at(key_node, "the 'pack' section belongs in pack.yml")
            continue
        value = _read(value_node, SECTIONS[name], name, sink)
        if value is not _INVALID:
            doc.sections[name] = value


@cache
def _params_record(kind: str) -> Record:
    """The ``params`` schema of a rule kind, built from ``RULE_KINDS``."""
    params = RULE_KINDS[kind]
    return Record({name: Field(param_spec(p), doc=p.doc) for name, p in params.items()})


def _read_params(node: Node | None, kind: str, sink: _Sink) -> Any:
    """A rule's parameters checked against its kind, with the kind's defaults filled in."""
    given: dict[str, Any] = {}
    if node is not None and not _is_null(node):
        given = _read(node, _params_record(kind), "params", sink)
        if given is _INVALID:
            return _INVALID
    return {**param_defaults(kind), **given}


# --- Merging ----------------------------------------------------------------------------


@dataclass
class _RuleOrigin:
    pack: str
    where: str  # path:line


@dataclass
class _Loader:
    """State while packs load in order: the merged knowledge and what came from where."""

    know: Knowledge = field(default_factory=Knowledge)
    errors: list[FactcheckError] = field(default_factory=list)
    rule_origins: dict[str, _RuleOrigin] = field(default_factory=dict)
    hedge_words: dict[str, tuple[str, str]] = field(default_factory=dict)  # word -> cls, where
    pack_names: dict[str, str] = field(default_factory=dict)  # name -> pack path

    def sink(self, path: str) -> _Sink:
        return _Sink(path, self.errors)


def _pack_files(pack: Path, sink: _Sink) -> list[Path]:
    if pack.is_dir():
        files = _yaml_files(pack)
        if not files:
            sink.at(None, "no YAML files in pack folder")
        return files
    if pack.is_file():
        return [pack]
    if pack.exists():  # a FIFO or a device: never opened
        sink.at(None, f"not a pack: it is {kind_of(pack.stat().st_mode)}")
        return []
    message = "no such pack (expected a folder of YAML files, a YAML file or a bundled pack's name)"
    sink.at(None, message, "bundled packs: " + ", ".join(p.name for p in shipped_pack_paths()))
    return []


@dataclass
class _Pack:
    """One pack, read and checked, not yet merged."""

    path: Path
    name: str
    docs: list[_Document]
    digest: str
    requires: list[tuple[str, Node, str]]  # name, node and file of each required pack


def _read_pack(pack: Path, state: _Loader) -> _Pack:
    files = _pack_files(pack, state.sink(shown_path(pack)))
    digest = hashlib.sha256()
    docs: list[_Document] = []
    for file in files:
        doc = _Document(shown_path(file))
        sink = state.sink(doc.path)
        try:
            raw = read_bytes(file, doc.path)  # a regular file, size-capped
        except FactcheckError as exc:
            sink.errors.append(exc)
            continue
        digest.update(raw)
        text = _decode(raw, sink)
        if text is not None:
            allow_pack = pack.is_file() or file.stem == "pack"
            _read_document(_compose(text, sink), doc, allow_pack, sink)
        docs.append(doc)
    requires = [
        (str(name), doc.sections["pack"].nodes["requires"], doc.path)
        for doc in docs
        if "pack" in doc.sections
        for name in doc.sections["pack"].get("requires", [])
    ]
    return _Pack(pack, _pack_name(pack, docs, state), docs, digest.hexdigest(), requires)


def _merge_pack(pack: _Pack, state: _Loader) -> None:
    for doc in pack.docs:
        _merge(state, doc, pack.name)
    state.know.packs.append((pack.name, str(pack.path), pack.digest))


def _in_order(packs: list[_Pack], state: _Loader) -> list[_Pack]:
    """The packs in load order, each after the packs it ``requires``.

    A required pack not named loads implicitly when it is a bundled one (``--rules
    hanoi`` alone brings the generic pack it builds on, first); one named after the pack
    that needs it, or neither named nor bundled, is an error at the ``requires`` line.
    """
    order: list[_Pack] = []
    loaded: set[str] = set()
    named = {pack.name for pack in packs}

    def place(pack: _Pack, chain: tuple[str, ...]) -> None:
        for required, node, path in pack.requires:
            if required in loaded:
                continue
            sink = state.sink(path)
            if required in chain or required == pack.name:
                sink.at(node, f"packs require each other: {' -> '.join((*chain, required))}")
            elif required in named:
                hint = f"name it before '{pack.name}': --rules {required} --rules {pack.name}"
                sink.at(node, f"pack '{pack.name}' requires '{required}', loaded after it", hint)
            elif (RULES_DIR / required).is_dir():
                base = _read_pack(RULES_DIR / required, state)
                place(base, (*chain, pack.name))
            else:
                hint = f"load it first: --rules PATH-OF-{required} --rules {pack.name}"
                sink.at(node, f"pack '{pack.name}' requires the pack '{required}'", hint)
        if pack.name not in loaded:
            order.append(pack)
            loaded.add(pack.name)

    for pack in packs:
        place(pack, ())
    return order


def _pack_name(pack: Path, docs: list[_Document], state: _Loader) -> str:
    """The pack's declared name (else its file or folder name), which must be unique."""
    for doc in docs:
        if "pack" in doc.sections:
            name = str(doc.sections["pack"]["name"])
            if name in state.pack_names:
                node = doc.sections["pack"].nodes["name"]
                hint = f"already loaded from {state.pack_names[name]}"
                state.sink(doc.path).at(node, f"duplicate pack name '{name}'", hint)
            state.pack_names.setdefault(name, str(pack))
            return name
    state.pack_names.setdefault(pack.stem, str(pack))
    return pack.stem


def _merge(state: _Loader, doc: _Document, pack: str) -> None:
    """Add one checked file to the knowledge: lists extend, mappings update."""
    know, data = state.know, doc.sections
    for item in data.get("hedges", []):
        _add_hedge(state, item, doc.path)
    know.scales.update(data.get("scales", {}))
    know.currencies.update(data.get("currencies", {}))
    know.number_words.update(data.get("number_words", {}))
    know.abbreviations.update(data.get("abbreviations", {}))
    know.stopwords.update(data.get("stopwords", []))
    for key, words in data.get("time_words", {}).items():
        know.time_words.setdefault(key, []).extend(words)
    know.forward_words.extend(data.get("forward_words", []))
    know.comparison_words.extend(data.get("comparison_words", []))
    know.comparative_phrases.extend(data.get("comparative_phrases", []))
    know.sentence_abbreviations.extend(data.get("sentence_abbreviations", []))
    know.unit_stop.update(data.get("unit_stop", []))
    know.unit_ignore.update(data.get("unit_ignore", []))
    know.unit_capitalised.update(data.get("unit_capitalised", []))
    for key, words in data.get("unit_families", {}).items():
        know.unit_families.setdefault(key, []).extend(words)
    know.not_quantity.extend(data.get("not_quantity", []))
    know.not_quantity_phrases.extend(data.get("not_quantity_phrases", []))
    for key, value in data.get("furniture", {}).items():
        if isinstance(value, list):
            know.furniture.setdefault(key, []).extend(value)
        else:
            know.furniture[key] = value
    know.event_words.extend(data.get("event_words", []))
    know.event_date_glue.extend(data.get("event_date_glue", []))
    if "event_date_other_words" in data:
        know.event_date_other_words = int(data["event_date_other_words"])
    know.named_event_words.extend(data.get("named_event_words", []))
    for key, words in data.get("event_roles", {}).items():
        know.event_roles.setdefault(key, []).extend(words)
    for key, words in data.get("aliases", {}).items():
        know.aliases.setdefault(key, []).extend(words)
    for key, words in data.get("metrics", {}).items():
        know.metrics.setdefault(key, []).extend(words)
    for ref in data.get("references", []):
        know.references.append(
            Reference(
                metric=ref["metric"],
                value=ref["value"],
                unit=ref["unit"],
                time=ref.get("time"),
                source=ref["source"],
                note=ref.get("note", ""),
            )
        )
    know.align.update(data.get("align", {}))
    _merge_frame(know.frame, data.get("frame", {}))
    know.places.extend(dict(place) for place in data.get("places", []))
    for key, value in data.get("pubdate", {}).items():  # lists extend, settings replace
        if isinstance(value, list):
            know.pubdate.setdefault(key, []).extend(value)
        else:
            know.pubdate[key] = value
    for rule in data.get("rules", []):
        _add_rule(state, rule, pack, doc.path)


def _merge_frame(into: dict[str, Any], frame: dict[str, Any]) -> None:
    """Fact-frame vocabulary: lists extend, word lists by key extend, numbers replace."""
    for key, value in frame.items():
        if isinstance(value, list):
            into.setdefault(key, []).extend(dict(v) if isinstance(v, dict) else v for v in value)
        elif isinstance(value, dict):
            for sub, items in value.items():
                into.setdefault(key, {}).setdefault(sub, []).extend(items)
        else:
            into[key] = value


def _add_hedge(state: _Loader, item: _Fields, path: str) -> None:
    # One phrase in two classes would make the extractor's reading depend on file order.
    for word in item["words"]:
        key = squash(canonical(word).lower())
        cls, where = state.hedge_words.setdefault(key, (item["class"], f"{path}:{item.line}"))
        if where != f"{path}:{item.line}":
            state.sink(path).at(
                item.node, f"hedge '{word}' is already in class '{cls}'", f"see {where}"
            )
    state.know.hedges.append(
        Hedge(
            words=tuple(item["words"]),
            cls=item["class"],
            low=item["low"],
            high=item["high"],
            low_open=item.get("low_open", False),
            high_open=item.get("high_open", False),
            doc=item.get("doc", ""),
            truncated=item.get("truncated", False),
        )
    )


def _add_rule(state: _Loader, rule: _Fields, pack: str, path: str) -> None:
    rule_id = rule["id"]
    where = f"{path}:{rule.line}"
    earlier = state.rule_origins.get(rule_id)
    if earlier is not None:
        id_node = rule.nodes["id"]
        sink = state.sink(path)
        if earlier.pack == pack:
            sink.at(id_node, f"duplicate rule id '{rule_id}'", f"first defined at {earlier.where}")
            return
        if not rule.get("override", False):
            message = f"rule id '{rule_id}' is already defined by pack '{earlier.pack}'"
            sink.at(id_node, message, f"at {earlier.where}; add 'override: true' to replace it")
            return
    state.rule_origins[rule_id] = _RuleOrigin(pack, where)
    rules = state.know.rules
    position = next((i for i, r in enumerate(rules) if r.id == rule_id), None)
    if position is not None:
        del rules[position]
    if not rule.get("enabled", True):
        return
    spec = RuleSpec(
        id=rule_id,
        kind=rule["kind"],
        severity=rule["severity"],
        message=rule["message"],
        description=rule["description"],
        params=rule["params"],
        pack=pack,
        path=path,
        line=rule.line,
    )
    # An override keeps the replaced rule's place, so rule order stays stable.
    rules.insert(len(rules) if position is None else position, spec)


def _sorted_errors(errors: list[FactcheckError]) -> list[FactcheckError]:
    """Errors by file (in load order), then line and column."""
    order: dict[str | None, int] = {}
    for err in errors:
        order.setdefault(err.path, len(order))
    return sorted(errors, key=lambda e: (order[e.path], e.line or 0, e.column or 0))


# --- Public API -------------------------------------------------------------------------


def load_knowledge(paths: list[Path] | None = None) -> Knowledge:
    """Validate and merge the packs at ``paths`` (folders or single YAML files) in order.

    A pack that declares ``requires: [NAME]`` in its ``pack`` section comes after the
    packs it needs; a bundled one it needs loads implicitly (see ``_in_order``).
    With no paths, the default packs load.  Raises ``FactcheckErrors`` listing every
    problem in every file when anything is wrong; nothing partial is returned.
    """
    max_bytes()  # a bad FACTCHECK_MAX_FILE_BYTES is one error, not one per pack file
    state = _Loader()
    packs = [_read_pack(resolve_pack(pack), state) for pack in paths or default_pack_paths()]
    for pack in _in_order(packs, state):
        _merge_pack(pack, state)
    if state.errors:
        raise FactcheckErrors(_sorted_errors(state.errors))
    return state.know


def validate_packs(paths: list[Path] | None = None) -> list[FactcheckError]:
    """Every problem in the packs at ``paths`` (defaults when none), sorted; [] if clean."""
    try:
        load_knowledge(paths)
    except FactcheckErrors as exc:
        return exc.errors
    return []
