"""The one JSON reader for JSON inputs (baselines, saved results for ``factcheck report``).

``json.loads`` alone turns hostile input into tracebacks: a document nested a few
thousand levels deep raises ``RecursionError``, an integer of more than 4,300 digits
``ValueError`` (Python refuses to convert it), and ``NaN`` or ``Infinity`` are accepted
although they are not JSON.  Here every such problem is a ``FactcheckError`` naming the
file and, where it can be found, the line and column.  Numbers are limited to
``MAX_NUMBER_CHARS`` characters as written: factcheck never writes longer ones.

Reading the file itself (regular files only, size-capped) is ``checker.files``'s job;
``read_json`` does both, through ``checker.files.read_text``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker.errors import FactcheckError
from checker.files import read_text

MAX_NUMBER_CHARS = 100
DEEP = 100  # where a too-deep document is reported (factcheck writes 6 levels at most)

# A string (skipped whole, so that brackets inside it do not count) or a bracket.
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_LONG_NUMBER = re.compile(
    r'"(?:[^"\\]|\\.)*"|(-?\d[\d.eE+\-]{' + str(MAX_NUMBER_CHARS) + ",})", re.DOTALL
)


class _NumberTooLong(Exception):
    pass


class _NotJson(Exception):
    pass


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberTooLong(text)
    return int(text)


def _float_with(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def number(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise _NumberTooLong(text)
        return parse(text)

    return number


def _constant(name: str) -> Any:
    raise _NotJson(name)


def loads(text: str, path: str, *, parse_float: Callable[[str], Any] = float) -> Any:
    """Parse ``text`` as JSON; any problem is a ``FactcheckError`` naming ``path``."""
    try:
        return json.loads(
            text, parse_int=_int, parse_float=_float_with(parse_float), parse_constant=_constant
        )
    except json.JSONDecodeError as err:
        raise FactcheckError(
            f"not valid JSON: {err.msg}", path=path, line=err.lineno, column=err.colno
        ) from None
    except RecursionError:
        line, column = _too_deep_at(text)
        raise FactcheckError(
            f"JSON nested too deeply (more than {DEEP} levels here)",
            path=path,
            line=line,
            column=column,
        ) from None
    except _NumberTooLong as err:
        line, column = _long_number_at(text)
        raise FactcheckError(
            f"number too long ({len(str(err)):,} characters; the limit is {MAX_NUMBER_CHARS})",
            path=path,
            line=line,
            column=column,
        ) from None
    except _NotJson as err:
        where = text.find(str(err))
        line, column = _position(text, where) if where >= 0 else (None, None)
        raise FactcheckError(
            f"not valid JSON: {err} is not a JSON number", path=path, line=line, column=column
        ) from None


def read_json(
    path: str | Path, display: str | None = None, *, parse_float: Callable[[str], Any] = float
) -> Any:
    """Read and parse the JSON file at ``path`` (``display`` names it in errors)."""
    shown = display if display is not None else str(path)
    return loads(read_text(path, shown), shown, parse_float=parse_float)


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _too_deep_at(text: str) -> tuple[int | None, int | None]:
    """Where the nesting first passes ``DEEP`` levels (called once parsing has failed)."""
    depth = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > DEEP:
                return _position(text, match.start())
        elif token in "]}":
            depth -= 1
    return None, None


def _long_number_at(text: str) -> tuple[int | None, int | None]:
    for match in _LONG_NUMBER.finditer(text):
        if match.group(1):
            return _position(text, match.start(1))
    return None, None


__all__ = ["MAX_NUMBER_CHARS", "loads", "read_json"]
