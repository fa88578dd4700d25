"""Configuration files: ``.factcheck.toml`` or ``[tool.factcheck]`` in ``pyproject.toml``.

Found as ruff and other peers find theirs: from the working directory upward, the first
folder with a ``.factcheck.toml`` (its top-level keys) or a ``pyproject.toml`` that has a
``[tool.factcheck]`` table; in one folder ``.factcheck.toml`` wins.  ``--config FILE``
names the file instead, ``--no-config`` reads none.  Options given on the command line
override the file; a list given there (``--rules``, ``--exclude``) replaces the file's.

Keys (``KEYS``): ``rules`` (list of pack paths, or names of bundled packs), ``fail-on``,
``format``, ``baseline``, ``ignore-file``, ``include`` and ``exclude`` (lists of globs),
``color``, ``jobs``, ``lang`` (the language of the output, see checker.i18n).  Paths
are relative to the folder of the configuration file.  An unknown key or a value of the
wrong type is an error naming the file, the line where the key stands and the key, all
errors at once (exit 2), like a rule pack's.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import FactcheckError, FactcheckErrors
from checker.i18n import LANGUAGES

CONFIG_FILE = ".factcheck.toml"
PYPROJECT = "pyproject.toml"
TABLE = "tool.factcheck"

FAIL_ON = ("error", "warning", "info", "never")
FORMATS = ("terminal", "table", "concise", "json", "markdown", "github", "sarif")
COLORS = ("auto", "always", "never")

KEYS: dict[str, str] = {
    "rules": "a list of rule pack paths",
    "fail-on": "one of " + ", ".join(FAIL_ON),
    "format": "one of " + ", ".join(FORMATS),
    "baseline": "a path",
    "ignore-file": "a path",
    "include": "a list of globs",
    "exclude": "a list of globs",
    "color": "one of " + ", ".join(COLORS),
    "jobs": "a whole number, 0 or more",
    "lang": "one of " + ", ".join(LANGUAGES),
}
"""Every key a configuration may hold, with what its value must be."""


@dataclass(frozen=True)
class Config:
    """Settings from a configuration file; ``None`` where the file says nothing."""

    path: Path | None = None
    rules: tuple[Path, ...] | None = None
    fail_on: str | None = None
    format: str | None = None
    baseline: Path | None = None
    ignore_file: Path | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    color: str | None = None
    jobs: int | None = None
    lang: str | None = None


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the working directory)."""
    folder = (start or Path.cwd()).absolute()
    for here in (folder, *folder.parents):
        dotfile = here / CONFIG_FILE
        if dotfile.is_file():
            return dotfile
        pyproject = here / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "factcheck" not in text:
        return False  # most projects: no need to parse, and a broken file is not ours
    return _table(_parse(text, pyproject), pyproject) is not None


def resolve_config(explicit: Path | None = None, disabled: bool = False) -> Config:
    """The settings for this run: ``explicit`` if given, else the file found upward."""
    if disabled:
        return Config()
    if explicit is not None:
        if not explicit.is_file():
            raise FactcheckError("configuration file not found", path=_shown(explicit))
        return load_config(explicit)
    found = find_config()
    return load_config(found) if found else Config()


def load_config(path: Path) -> Config:
    """Read and check one configuration file; ``FactcheckErrors`` lists every problem."""
    from checker.files import read_bytes

    shown = _shown(path)
    raw = read_bytes(path, shown)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise FactcheckError(f"not UTF-8 (byte {err.start + 1})", path=shown) from err
    document = _parse(text, path)
    table = _table(document, path)
    if table is None:
        if path.name == PYPROJECT:
            raise FactcheckError(f"no [{TABLE}] table", path=shown)
        table = {}
    return _config(table, path, text)


def _shown(path: Path) -> str:
    """The path in messages: relative to the working directory when below it."""
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        where = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        if where:
            message = message[: where.start()].rstrip()
        raise FactcheckError(
            f"bad TOML: {message}",
            path=_shown(path),
            line=int(where[1]) if where else None,
            column=int(where[2]) if where else None,
        ) from err


def _table(document: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """The factcheck settings in a parsed file: the ``[tool.factcheck]`` table of a
    ``pyproject.toml``, the whole of any other file."""
    if path.name != PYPROJECT:
        return document
    tool = document.get("tool")
    table = tool.get("factcheck") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise FactcheckError(f"[{TABLE}] must be a table", path=_shown(path))
    return table


def _config(table: dict[str, Any], path: Path, text: str) -> Config:
    base = path.absolute().parent
    errors: list[FactcheckError] = []
    values: dict[str, Any] = {}

    def fail(key: str, message: str, hint: str | None = None) -> None:
        line = _key_line(text, key, path.name == PYPROJECT)
        errors.append(FactcheckError(message, path=_shown(path), line=line, hint=hint))

    for key, value in table.items():
        check = _CHECKS.get(key)
        if check is None:
            close = difflib.get_close_matches(key.replace("_", "-"), list(KEYS), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(KEYS)
            fail(key, f"unknown key '{key}'", hint)
            continue
        try:
            values[key.replace("-", "_")] = check(value, base)
        except ValueError:
            fail(key, f"'{key}' must be {KEYS[key]}, not {_show(value)}")
    if errors:
        raise FactcheckErrors(errors)
    return Config(path=path, **values)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list" if value else "[]"
    return str(value)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError
    return tuple(value)


def _path(value: Any, base: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise ValueError
    return base / Path(value).expanduser()


def _packs(value: Any, base: Path) -> tuple[Path, ...]:
    """Pack paths, relative to the file; a bare name that is no path there stays a name,
    for the bundled packs (``rules = ["generic", "hanoi"]``), as on the command line."""
    packs = []
    for given in _strings(value):
        path = _path(given, base)
        bare = "/" not in given and "\\" not in given and not path.exists()
        packs.append(Path(given) if bare else path)
    return tuple(packs)


def _choice(choices: tuple[str, ...]) -> Callable[[Any, Path], str]:
    def check(value: Any, _base: Path) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ValueError
        return value

    return check


def _jobs(value: Any, _base: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError
    return value


_CHECKS: dict[str, Callable[[Any, Path], Any]] = {
    "rules": _packs,
    "fail-on": _choice(FAIL_ON),
    "format": _choice(FORMATS),
    "baseline": _path,
    "ignore-file": _path,
    "include": lambda value, _base: _strings(value),
    "exclude": lambda value, _base: _strings(value),
    "color": _choice(COLORS),
    "jobs": _jobs,
    "lang": _choice(LANGUAGES),
}

_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]")


def _key_line(text: str, key: str, in_pyproject: bool) -> int | None:
    """The line where ``key`` is set in the factcheck table (tomllib gives no positions)."""
    wanted = TABLE if in_pyproject else ""
    assignment = re.compile(
        rf"""\s*(?:"{re.escape(key)}"|'{re.escape(key)}'|{re.escape(key)})\s*="""
    )
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            section = re.sub(r"[\s\"']", "", header[1])
            if section == f"{wanted}.{key}".lstrip("."):
                return number  # a sub-table: [tool.factcheck.key]
            continue
        if section == wanted and assignment.match(line):
            return number
    return None


__all__ = [
    "COLORS",
    "CONFIG_FILE",
    "FAIL_ON",
    "FORMATS",
    "KEYS",
    "Config",
    "find_config",
    "load_config",
    "resolve_config",
]
