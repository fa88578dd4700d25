"""Suppressions: findings an editor has looked at and decided to accept.

Two ways to say so, both requiring a reason so that the audit trail explains itself:

* inline, in the article, on the line of the claim or the line above it::

      <!-- factcheck-ignore: interval-disagreement the 2022 figure is quoted as history -->

  (a rule id, several joined by commas, or ``*`` for every rule; then the reason);
* a central YAML file (e.g. ``.factcheck-ignore.yml``), a list of entries, each with a
  ``reason`` and any of ``rule``, ``fingerprint``, ``fact`` (label or key) and ``source``
  (a glob on the article's path or file name); an entry matches when all it names match.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from checker import safeyaml
from checker.baseline import finding_fingerprint
from checker.errors import FactcheckError, FactcheckErrors
from checker.files import read_text
from checker.model import Claim, Finding, Source
from checker.textnorm import canonical, squash

ANY_RULE = "*"
_INLINE_RE = re.compile(r"<!--\s*factcheck-ignore\s*:(?P<body>.*?)-->")
_INLINE_HINT = "write <!-- factcheck-ignore: RULE why this is acceptable -->"
_ENTRY_KEYS = ("rule", "fingerprint", "fact", "source", "reason")


@dataclass(frozen=True, slots=True)
class InlineSuppression:
    """An ignore comment in an article; it covers claims on its line and the next."""

    path: str
    line: int
    column: int
    rules: tuple[str, ...]
    reason: str

    def covers(self, finding: Finding) -> bool:
        """True if the finding is of a named rule and involves a claim this comment covers."""
        if ANY_RULE not in self.rules and finding.rule not in self.rules:
            return False
        return any(self._covers_claim(claim) for claim in finding.claims)

    def _covers_claim(self, claim: Claim) -> bool:
        return claim.source == self.path and claim.line in (self.line, self.line + 1)


@dataclass(frozen=True, slots=True)
class IgnoreEntry:
    """One entry of the central ignore file; unset criteria match anything."""

    reason: str
    rule: str = ANY_RULE
    fingerprint: str | None = None
    fact: str | None = None
    source: str | None = None
    path: str = ""  # where the entry was written, for messages
    line: int = 0

    def covers(self, finding: Finding) -> bool:
        """True if every criterion the entry names matches the finding."""
        if self.rule != ANY_RULE and finding.rule != self.rule:
            return False
        if self.fingerprint is not None and finding_fingerprint(finding) != self.fingerprint:
            return False
        if self.fact is not None and _label_key(self.fact) not in {
            _label_key(finding.fact),
            _label_key(finding.fact_key),
        }:
            return False
        return self.source is None or any(
            _glob_matches(self.source, claim.source) for claim in finding.claims
        )


def _label_key(text: str) -> str:
    # Editors retype labels by hand: ignore case, spacing and tone-mark placement.
    return canonical(squash(text)).casefold()


def _glob_matches(pattern: str, path: str) -> bool:
    posix = path.replace("\\", "/")
    return fnmatch.fnmatchcase(posix, pattern) or fnmatch.fnmatchcase(
        PurePosixPath(posix).name, pattern
    )


# ---------------------------------------------------------------- inline comments


def parse_inline_suppressions(source: Source) -> list[InlineSuppression]:
    """Find the ignore comments in ``source.text``.

    Raises FactcheckError (with path:line:col) for a comment without a rule or reason;
    FactcheckErrors when there are several.
    """
    found: list[InlineSuppression] = []
    errors: list[FactcheckError] = []
    for number, text in enumerate(source.text.splitlines(), start=1):
        for match in _INLINE_RE.finditer(text):
            column = match.start() + 1
            rules_text, _, reason = match.group("body").strip().partition(" ")
            rules = tuple(r for r in rules_text.split(",") if r)
            reason = squash(reason)
            if not rules or not reason:
                missing = "rule and reason" if not rules else "reason"
                errors.append(
                    FactcheckError(
                        f"factcheck-ignore without a {missing}",
                        path=source.path,
                        line=number,
                        column=column,
                        hint=_INLINE_HINT,
                    )
                )
                continue
            found.append(InlineSuppression(source.path, number, column, rules, reason))
    _raise_all(errors)
    return found


# ---------------------------------------------------------------- ignore file


def load_ignore_file(path: Path) -> list[IgnoreEntry]:
    """Read a central ignore file.

    It is a YAML list of entries, or a mapping whose ``ignore`` key holds the list.
    Every problem is reported at once, each as ``file:line:col: message``.
    """
    where = str(path)
    if not Path(path).exists() and not Path(path).is_symlink():
        raise FactcheckError("ignore file not found", path=where)
    # A regular file only, size-capped (checker.files); a FIFO or a device is refused.
    return parse_ignore_text(read_text(path, where), where)


def parse_ignore_text(text: str, where: str) -> list[IgnoreEntry]:
    """Parse ignore-file content; ``where`` names the file in error messages.

    The YAML is read by ``checker.safeyaml``: bounded, and every problem located.
    """
    root = safeyaml.compose(text, where)
    if root is None:
        return []
    if isinstance(root, yaml.MappingNode):
        root = _ignore_list(root, where)
    if not isinstance(root, yaml.SequenceNode):
        raise _node_error(root, where, "expected a list of ignore entries")
    entries: list[IgnoreEntry] = []
    errors: list[FactcheckError] = []
    for node in root.value:
        try:
            entries.append(_entry(node, where))
        except FactcheckErrors as err:
            errors.extend(err.errors)
        except FactcheckError as err:
            errors.append(err)
    _raise_all(errors)
    return entries


def _ignore_list(root: yaml.MappingNode, where: str) -> yaml.Node:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "ignore":
            return value
    raise _node_error(root, where, "expected a list of entries, or a mapping with 'ignore'")


def _entry(node: yaml.Node, where: str) -> IgnoreEntry:
    if not isinstance(node, yaml.MappingNode):
        raise _node_error(node, where, "an ignore entry must be a mapping")
    fields: dict[str, str] = {}
    seen: set[str] = set()
    errors: list[FactcheckError] = []
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else ""
        seen.add(name)
        if name not in _ENTRY_KEYS:
            close = difflib.get_close_matches(str(name), _ENTRY_KEYS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "keys: " + ", ".join(_ENTRY_KEYS)
            errors.append(_node_error(key, where, f"unknown key {name!r}", hint))
        elif not isinstance(value, yaml.ScalarNode) or not squash(value.value):
            errors.append(_node_error(value, where, f"{name!r} must be a non-empty string"))
        else:
            fields[name] = squash(value.value)
    if "reason" not in seen:
        errors.append(
            _node_error(node, where, "ignore entry without a reason", "add reason: why it is fine")
        )
    elif set(seen) == {"reason"}:
        errors.append(
            _node_error(
                node,
                where,
                "ignore entry matches every finding",
                "name a rule, fingerprint, fact or source",
            )
        )
    _raise_all(errors)
    line = node.start_mark.line + 1
    return IgnoreEntry(
        reason=fields["reason"],
        rule=fields.get("rule", ANY_RULE),
        fingerprint=fields.get("fingerprint"),
        fact=fields.get("fact"),
        source=fields.get("source"),
        path=where,
        line=line,
    )


def _node_error(
    node: yaml.Node, where: str, message: str, hint: str | None = None
) -> FactcheckError:
    mark = node.start_mark
    return FactcheckError(
        message, path=where, line=mark.line + 1, column=mark.column + 1, hint=hint
    )


def _raise_all(errors: list[FactcheckError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise FactcheckErrors(errors)


# ---------------------------------------------------------------- applying


def apply_suppressions(
    findings: Iterable[Finding],
    sources: Iterable[Source],
    ignore_file_entries: Iterable[IgnoreEntry] = (),
) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (kept, suppressed) by inline comments and ignore-file entries.

    Raises FactcheckError for an inline comment without a reason.
    """
    inline: list[InlineSuppression] = []
    errors: list[FactcheckError] = []
    for source in sources:
        try:
            inline.extend(parse_inline_suppressions(source))
        except FactcheckErrors as err:
            errors.extend(err.errors)
        except FactcheckError as err:
            errors.append(err)
    _raise_all(errors)
    entries = list(ignore_file_entries)
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        hidden = any(s.covers(finding) for s in inline) or any(e.covers(finding) for e in entries)
        (suppressed if hidden else kept).append(finding)
    return kept, suppressed
