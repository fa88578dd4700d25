"""Suppressions: findings an editor has looked at and decided to accept.

Two ways to say so, both requiring a reason so that the audit trail explains itself:

* inline, in the article, on the line of the claim or the line above it::

      <!-- factcheck-ignore: interval-disagreement the 2022 figure is quoted as history -->

  (a rule id, several joined by commas, or ``*`` for every rule; then the reason);
* a central YAML file (e.g. ``.factcheck-ignore.yml``), a list of entries, each with a
  ``reason`` and any of ``rule``, ``fingerprint``, ``fact`` (label or key) and ``source``
  (a glob on the article's path or file name); an entry matches when all it names match.

An ignore that names an unknown rule, or that hides no finding, is reported (like ruff's
unused ``noqa``) but is not an error: ``Suppressions.unused`` says which and why.  In HTML
pages the comments are read from the page itself (``Source.ignore_comments``), since
the extracted text has none, and apply by the file's lines like in text files.
"""

from __future__ import annotations

import bisect
import difflib
import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import yaml

from checker import safeyaml
from checker.baseline import finding_fingerprint, fingerprint_v1
from checker.errors import FactcheckError, FactcheckErrors
from checker.evaluate import CAVEAT_KINDS
from checker.files import read_text
from checker.model import Claim, Finding, Source, Suppression
from checker.textnorm import canonical, squash

ANY_RULE = "*"
# A comment may span lines (HTML pages wrap them); it covers the claims on its lines
# and on the line after it.
_INLINE_RE = re.compile(r"<!--\s*factcheck-ignore\s*:(?P<body>.*?)-->", re.DOTALL)
# The line breaks the extractor counts (checker.extract): the same lines for both.
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_HTML_SUFFIXES = (".html", ".htm")
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
    last_line: int = 0  # where the comment ends, when it spans lines

    def covers(self, finding: Finding) -> bool:
        """True if the finding is of a named rule and involves a claim this comment covers."""
        if ANY_RULE not in self.rules and finding.rule not in self.rules:
            return False
        return any(self._covers_claim(claim) for claim in finding.claims)

    def _covers_claim(self, claim: Claim) -> bool:
        last = max(self.line, self.last_line) + 1
        return claim.source == self.path and self.line <= claim.line <= last

    def record(self) -> Suppression:
        """The suppression as reports show it."""
        return Suppression("inSource", self.reason, self.path, self.line, self.column, self.rules)


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
    column: int = 1

    def covers(self, finding: Finding) -> bool:
        """True if every criterion the entry names matches the finding."""
        if self.rule != ANY_RULE and finding.rule != self.rule:
            return False
        # A fingerprint of the first recipe (older baselines and ignore files) still counts.
        if self.fingerprint is not None and self.fingerprint not in (
            finding_fingerprint(finding),
            fingerprint_v1(finding),
        ):
            return False
        if self.fact is not None and _label_key(self.fact) not in _fact_names(finding):
            return False
        return self.source is None or any(
            _glob_matches(self.source, claim.source) for claim in finding.claims
        )

    def record(self) -> Suppression:
        """The suppression as reports show it."""
        rules = () if self.rule == ANY_RULE else (self.rule,)
        return Suppression("external", self.reason, self.path, self.line, self.column, rules)


def _fact_names(finding: Finding) -> set[str]:
    """The names an ignore entry may give a fact by: its key, and its label as any
    language shows it (an editor copies the label from the report they read)."""
    from checker.align import display_label
    from checker.i18n import LANGUAGES, using_language

    names = {_label_key(finding.fact), _label_key(finding.fact_key)}
    for language in LANGUAGES:
        with using_language(language):
            names.add(_label_key(display_label(finding.fact)))
    return names


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
    """Find the ignore comments of ``source``: in its text, or for an HTML page in the
    comments read from the page (the extracted text has none).

    Raises FactcheckError (with path:line:col) for a comment without a rule or reason;
    FactcheckErrors when there are several.
    """
    found: list[InlineSuppression] = []
    errors: list[FactcheckError] = []
    for line, column, last_line, body in _comments(source):
        # The rules, then the reason, after any white space (a comment may wrap).
        words = body.split(None, 1)
        rules_text = words[0] if words else ""
        reason = words[1] if len(words) > 1 else ""
        rules = tuple(r for r in rules_text.split(",") if r)
        reason = squash(reason)
        if not rules or not reason:
            missing = "rule and reason" if not rules else "reason"
            errors.append(
                FactcheckError(
                    f"factcheck-ignore without a {missing}",
                    path=source.path,
                    line=line,
                    column=column,
                    hint=_INLINE_HINT,
                )
            )
            continue
        found.append(InlineSuppression(source.path, line, column, rules, reason, last_line))
    _raise_all(errors)
    return found


def _comments(source: Source) -> list[tuple[int, int, int, str]]:
    """(line, column, last line, body) of every ignore comment of the source."""
    if source.path.lower().endswith(_HTML_SUFFIXES) or source.ignore_comments:
        found = []
        for line, column, comment in source.ignore_comments:
            match = _INLINE_RE.search(comment)
            if match:
                last = line + _line_count(match.group(0)) - 1
                found.append((line, column, last, match.group("body")))
        return found
    if "factcheck-ignore" not in source.text:
        return []
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(source.text)]
    found = []
    for match in _INLINE_RE.finditer(source.text):
        index = bisect.bisect_right(starts, match.start()) - 1
        last = bisect.bisect_right(starts, match.end() - 1)
        found.append((index + 1, match.start() - starts[index] + 1, last, match.group("body")))
    return found


def _line_count(text: str) -> int:
    return len(_LINE_BREAK.findall(text)) + 1


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
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return IgnoreEntry(
        reason=fields["reason"],
        rule=fields.get("rule", ANY_RULE),
        fingerprint=fields.get("fingerprint"),
        fact=fields.get("fact"),
        source=fields.get("source"),
        path=where,
        line=line,
        column=column,
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


@dataclass(frozen=True, slots=True)
class Suppressions:
    """The outcome of applying the suppressions to a run's findings."""

    kept: list[Finding]
    suppressed: list[Finding]  # each with the suppressions that hide it
    unused: list[tuple[Suppression, str]] = field(default_factory=list)


def apply_suppressions(
    findings: Iterable[Finding],
    sources: Iterable[Source],
    ignore_file_entries: Iterable[IgnoreEntry] = (),
    rules: Mapping[str, str] | None = None,
) -> Suppressions:
    """Split findings into kept and suppressed by inline comments and ignore-file entries.

    ``rules`` maps the loaded rule ids to their kinds; with it, an ignore naming an
    unknown rule is reported in ``unused`` (one that names a caveat rule, which only
    adds notes to other rules' findings, too).  An ignore that hides no finding is
    reported there as well.  Raises FactcheckError for an inline comment without a reason.
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
    ignores: list[InlineSuppression | IgnoreEntry] = [*inline, *ignore_file_entries]
    used = [False] * len(ignores)
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        hiding = []
        for index, ignore in enumerate(ignores):
            if ignore.covers(finding):
                used[index] = True
                hiding.append(ignore.record())
        if hiding:
            suppressed.append(replace(finding, suppressions=tuple(hiding)))
        else:
            kept.append(finding)
    unused = []
    for ignore, was_used in zip(ignores, used, strict=True):
        problem = _rule_problem(ignore, rules) if rules is not None else None
        if problem or not was_used:
            unused.append((ignore.record(), problem or "matches no finding"))
    return Suppressions(kept, suppressed, unused)


def _rule_problem(ignore: InlineSuppression | IgnoreEntry, rules: Mapping[str, str]) -> str:
    """What is wrong with the rules an ignore names ("" when nothing is)."""
    named = ignore.rules if isinstance(ignore, InlineSuppression) else (ignore.rule,)
    problems = []
    for rule in named:
        if rule == ANY_RULE:
            continue
        if rule not in rules:
            close = difflib.get_close_matches(rule, list(rules), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"names unknown rule {rule!r}{hint}")
        elif rules[rule] in CAVEAT_KINDS:
            problems.append(
                f"names {rule!r}, which only adds notes to other rules' findings; "
                "name the finding's rule instead"
            )
    return "; ".join(problems)


def unused_warnings(unused: Iterable[tuple[Suppression, str]]) -> list[str]:
    """One ``path:line:col: warning: …`` line per unused ignore, for stderr."""
    lines = []
    for suppression, problem in unused:
        what = "factcheck-ignore" if suppression.kind == "inSource" else "ignore entry"
        where = f"{suppression.path}:{suppression.line}:{suppression.column}"
        lines.append(f"{where}: warning: {what} {problem}")
    return lines
