"""The one exception type for problems the user can fix (bad input, bad rules)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FactcheckError(Exception):
    """A user-facing problem, located in a file where possible.

    Only the CLI catches it: it prints ``str(err)`` and exits with code 2.
    """

    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class FactcheckErrors(FactcheckError):
    """Several user-facing problems reported at once (e.g. every error in a rule file)."""

    def __init__(self, errors: list[FactcheckError]):
        super().__init__(message="\n".join(str(e) for e in errors))
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def yaml_error(err: Exception, path: str, what: str = "bad YAML") -> FactcheckError:
    """A PyYAML parse error as a user-facing error pointing at its line and column."""
    mark = getattr(err, "problem_mark", None)
    return FactcheckError(
        f"{what}: {getattr(err, 'problem', None) or err}",
        path=path,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )
