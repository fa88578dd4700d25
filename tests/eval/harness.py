"""The precision/recall benchmark: load the labelled corpus, run factcheck, score findings.

The corpus format is documented in ``tests/eval/README.md``.  This module knows nothing
of how factcheck finds conflicts: it reads case folders, runs ``checker.pipeline.check``
(with the default packs) on each case alone and on the whole corpus, and matches the
findings to the labels by file and character span.  ``scripts/eval.py`` is its command
line; ``tests/test_eval.py`` tests the matcher and pins the figures.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.model import SEVERITY_ORDER, Claim, Finding, Report

CLASSES = (
    "percent-kind",
    "subject",
    "period",
    "pubdate",
    "status",
    "event",
    "unit",
    "severity",
    "plain",
)
TOPICS = (
    "economy",
    "trade",
    "tourism",
    "agriculture",
    "sport",
    "events",
    "population",
    "education",
    "health",
    "transport",
    "diplomacy",
)
CASE_KEYS = {"class", "topic", "note", "conflicts", "must_not_fire"}
CONFLICT_KEYS = {"refs", "min_severity", "max_severity", "why"}
MUST_NOT_KEYS = {"refs", "why"}
SEVERITIES = ("info", "warning", "error")
ARTICLE_SUFFIXES = (".md", ".txt", ".html", ".htm")
MIN_ARTICLES, MAX_ARTICLES = 2, 4
CROSS_CASE = "(cross-case)"  # the row for corpus-mode findings that span cases
QUOTAS = {"labels": 150, "topics": 8, "must_not_fire": 100}


class CorpusError(Exception):
    """The corpus is malformed: one message per problem, each naming case (and ref)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# ---------------------------------------------------------------------------------------
# the corpus


@dataclass(frozen=True)
class Ref:
    """``FILE@TEXT``: a span of one article, located once when the case is loaded."""

    raw: str
    path: Path  # absolute path of the article
    text: str
    start: int  # character offsets of TEXT in the article's text
    end: int
    line: int

    @property
    def file(self) -> str:
        return self.path.name

    def matches(self, claim: Claim) -> bool:
        """Whether ``claim`` comes from this ref's file and its quote overlaps the span."""
        return (
            _absolute(claim.source) == self.path
            and claim.start < self.end
            and self.start < claim.end
        )


@dataclass(frozen=True)
class Conflict:
    refs: tuple[Ref, ...]
    min_severity: str = "warning"
    max_severity: str = "error"
    why: str = ""


@dataclass(frozen=True)
class MustNot:
    refs: tuple[Ref, Ref]
    why: str = ""


@dataclass(frozen=True)
class Case:
    """One case folder: 2-4 articles and their labels."""

    path: Path  # absolute path of the folder
    name: str  # "topic/slug", for messages
    cls: str
    topic: str
    note: str
    articles: tuple[Path, ...]
    conflicts: tuple[Conflict, ...]
    must_not: tuple[MustNot, ...]

    @property
    def labels(self) -> int:
        return len(self.conflicts) + len(self.must_not)


def _absolute(path: str | Path) -> Path:
    # Claims carry the display path (relative to the working directory, or as given).
    return Path(os.path.abspath(path))


def read_article(path: Path) -> str:
    """The article's text as factcheck sees it: UTF-8, BOM dropped, newlines kept."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def case_folders(root: Path) -> list[Path]:
    """Every folder under ``root`` that holds a ``case.yml``, sorted."""
    return sorted(p.parent for p in Path(root).rglob("case.yml"))


def load_corpus(root: Path) -> list[Case]:
    """Load and validate every case under ``root``; all problems at once as ``CorpusError``."""
    folders = case_folders(root)
    if not folders:
        raise CorpusError([f"{root}: no case folders (no case.yml found)"])
    cases: list[Case] = []
    problems: list[str] = []
    for folder in folders:
        try:
            cases.append(load_case(folder))
        except CorpusError as err:
            problems.extend(err.problems)
    if problems:
        raise CorpusError(problems)
    return cases


def load_case(folder: Path) -> Case:
    """Load one case folder; raise ``CorpusError`` listing every problem in it."""
    folder = _absolute(folder)
    name = f"{folder.parent.name}/{folder.name}"
    where = f"{name}/case.yml"
    problems: list[str] = []
    articles = tuple(
        sorted(
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
        )
    )
    if not MIN_ARTICLES <= len(articles) <= MAX_ARTICLES:
        problems.append(
            f"{name}: {len(articles)} article files; a case holds {MIN_ARTICLES}-{MAX_ARTICLES}"
        )
    case_text = (folder / "case.yml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(case_text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise CorpusError([f"{where}{line}: bad YAML: {getattr(err, 'problem', err)}"]) from err
    if not isinstance(data, dict):
        raise CorpusError([f"{where}: must be a mapping with class, topic, note, ..."])
    problems += _unknown_keys(data, CASE_KEYS, where)
    cls = data.get("class")
    if cls not in CLASSES:
        problems.append(f"{where}: class {cls!r} is not one of {', '.join(CLASSES)}")
    topic = data.get("topic")
    if topic not in TOPICS:
        problems.append(f"{where}: topic {topic!r} is not one of {', '.join(TOPICS)}")
    elif topic != folder.parent.name:
        problems.append(f"{where}: topic {topic!r} but the case lies in {folder.parent.name}/")
    note = data.get("note")
    if not isinstance(note, str) or not note.strip():
        problems.append(f"{where}: 'note' (one line: what a careful editor sees) is required")
    texts = {p.name: read_article(p) for p in articles}
    conflicts = []
    for i, entry in enumerate(_entries(data, "conflicts", where, problems)):
        label = f"{where}: conflicts[{i}]"
        problems += _unknown_keys(entry, CONFLICT_KEYS, label)
        refs = _refs(entry, label, folder, texts, case_text, problems)
        low = _severity(entry, "min_severity", "warning", label, problems)
        high = _severity(entry, "max_severity", "error", label, problems)
        if SEVERITY_ORDER[low] > SEVERITY_ORDER[high]:
            problems.append(f"{label}: min_severity {low} is above max_severity {high}")
        if len(_listed(entry)) < 2:
            problems.append(f"{label}: a conflict needs at least two refs")
        conflicts.append(Conflict(tuple(refs), low, high, str(entry.get("why", ""))))
    must_not = []
    for i, entry in enumerate(_entries(data, "must_not_fire", where, problems)):
        label = f"{where}: must_not_fire[{i}]"
        problems += _unknown_keys(entry, MUST_NOT_KEYS, label)
        refs = _refs(entry, label, folder, texts, case_text, problems)
        if len(_listed(entry)) != 2:
            problems.append(f"{label}: a must-not pair needs exactly two refs")
        elif len(refs) == 2:
            must_not.append(MustNot((refs[0], refs[1]), str(entry.get("why", ""))))
    if not conflicts and not must_not and not problems:
        problems.append(f"{where}: no labels (conflicts or must_not_fire)")
    if problems:
        raise CorpusError(problems)
    return Case(
        folder, name, str(cls), str(topic), str(note), articles, tuple(conflicts), tuple(must_not)
    )


def _unknown_keys(data: dict[str, Any], allowed: set[str], where: str) -> list[str]:
    return [
        f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
        for key in data
        if key not in allowed
    ]


def _entries(
    data: dict[str, Any], key: str, where: str, problems: list[str]
) -> list[dict[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        problems.append(f"{where}: {key} must be a list of mappings with refs")
        return []
    return value


def _listed(entry: dict[str, Any]) -> list[Any]:
    refs = entry.get("refs")
    return refs if isinstance(refs, list) else []


def _severity(
    entry: dict[str, Any], key: str, default: str, label: str, problems: list[str]
) -> str:
    value = entry.get(key, default)
    if value not in SEVERITIES:
        problems.append(f"{label}: {key} {value!r} is not one of {', '.join(SEVERITIES)}")
        return default
    return str(value)


def _refs(
    entry: dict[str, Any],
    label: str,
    folder: Path,
    texts: dict[str, str],
    case_text: str,
    problems: list[str],
) -> list[Ref]:
    raw_refs = entry.get("refs")
    if not isinstance(raw_refs, list) or not all(isinstance(r, str) for r in raw_refs):
        problems.append(f'{label}: refs must be a list of "FILE@TEXT" strings')
        return []
    refs = []
    for raw in raw_refs:
        found = _ref(raw, folder, texts)
        if isinstance(found, str):
            line = _line_of(case_text, raw)
            problems.append(f"{label}{line}: ref {raw!r}: {found}")
        else:
            refs.append(found)
    return refs


def _ref(raw: str, folder: Path, texts: dict[str, str]) -> Ref | str:
    """The located ref, or why it cannot be located."""
    file, sep, text = raw.partition("@")
    if not sep or not file or not text:
        return 'expected "FILE@TEXT"'
    if file not in texts:
        return f"no article {file!r} in the case (has {', '.join(sorted(texts)) or 'none'})"
    body = texts[file]
    count = body.count(text)
    if count != 1:
        return f"text occurs {count} times in {file}; it must occur exactly once"
    start = body.index(text)
    return Ref(raw, folder / file, text, start, start + len(text), body.count("\n", 0, start) + 1)


def _line_of(case_text: str, raw: str) -> str:
    for number, line in enumerate(case_text.splitlines(), 1):
        if raw in line:
            return f" (case.yml line {number})"
    return ""


# ---------------------------------------------------------------------------------------
# scoring


def alarming(finding: Finding) -> bool:
    """Findings at warning or error are alarms; info findings are never counted."""
    return SEVERITY_ORDER[finding.severity] >= SEVERITY_ORDER["warning"]


def covers(finding: Finding, refs: Iterable[Ref]) -> bool:
    """Whether the finding has a matching claim for every ref."""
    return all(any(ref.matches(c) for c in finding.claims) for ref in refs)


def finds(finding: Finding, conflict: Conflict) -> bool:
    """Whether the finding finds the conflict: every ref matched, severity within bounds."""
    rank = SEVERITY_ORDER[finding.severity]
    return SEVERITY_ORDER[conflict.min_severity] <= rank <= SEVERITY_ORDER[
        conflict.max_severity
    ] and covers(finding, conflict.refs)


@dataclass
class FalseAlarm:
    """A warning-or-error finding that finds no conflict of its case or joins a must-not pair."""

    finding: Finding
    cases: tuple[str, ...]  # case names its claims come from
    violations: tuple[MustNot, ...] = ()


@dataclass
class Outcome:
    """The scored result of one run (one mode) over some cases."""

    mode: str
    cases: list[Case]
    found: list[tuple[Case, Conflict, Finding]] = field(default_factory=list)
    missed: list[tuple[Case, Conflict]] = field(default_factory=list)
    false_alarms: list[FalseAlarm] = field(default_factory=list)
    report_of: dict[str, Report] = field(default_factory=dict)  # case name -> its run


def score(cases: Sequence[Case], findings: Iterable[Finding], outcome: Outcome) -> None:
    """Score ``findings`` of one run over ``cases`` into ``outcome`` (TP, FN, FP).

    A conflict is found only by a finding whose claims all come from the conflict's own
    case: in corpus mode a finding that mixes articles of two cases is a false alarm.
    """
    by_file = {article: case for case in cases for article in case.articles}
    inside: dict[str, list[Finding]] = {case.name: [] for case in cases}
    spanning: list[tuple[Finding, tuple[str, ...]]] = []
    for finding in filter(alarming, findings):
        owners = tuple(sorted({_owner(c, by_file) for c in finding.claims}))
        if len(owners) == 1 and owners[0] in inside:
            inside[owners[0]].append(finding)
        else:
            spanning.append((finding, owners))
    for case in cases:
        credited: set[int] = set()  # ids of findings that find a conflict
        for conflict in case.conflicts:
            hits = [f for f in inside[case.name] if finds(f, conflict)]
            if hits:
                outcome.found.append((case, conflict, hits[0]))
                credited.update(id(f) for f in hits)
            else:
                outcome.missed.append((case, conflict))
        for finding in inside[case.name]:
            violations = tuple(pair for pair in case.must_not if covers(finding, pair.refs))
            if violations or id(finding) not in credited:
                outcome.false_alarms.append(FalseAlarm(finding, (case.name,), violations))
    named = {case.name: case for case in cases}
    for finding, owners in spanning:
        violations = tuple(
            pair
            for owner in owners
            if owner in named
            for pair in named[owner].must_not
            if covers(finding, pair.refs)
        )
        outcome.false_alarms.append(FalseAlarm(finding, owners, violations))


def _owner(claim: Claim, by_file: dict[Path, Case]) -> str:
    case = by_file.get(_absolute(claim.source))
    return case.name if case else claim.source


# ---------------------------------------------------------------------------------------
# running factcheck


def run(cases: Sequence[Case], mode: str, engine: Any = None) -> Outcome:
    """Check the cases with factcheck's default packs and score the findings.

    ``mode`` is ``per-case`` (each case folder checked alone) or ``corpus`` (all
    articles in one run, where a finding that spans two cases is a false alarm).
    """
    from checker.pipeline import Engine, check

    engine = engine or Engine.load()
    outcome = Outcome(mode, list(cases))
    if mode == "per-case":
        for case in cases:
            report = check([case.path], engine)
            outcome.report_of[case.name] = report
            score([case], report.findings, outcome)
    elif mode == "corpus":
        report = check([p for case in cases for p in case.articles], engine)
        outcome.report_of = {case.name: report for case in cases}
        score(cases, report.findings, outcome)
    else:
        raise ValueError(f"unknown mode {mode!r}")
    return outcome


def describe(claim: Claim) -> str:
    """A claim as the verbose listing shows it: where, what, and the frame factcheck read."""
    quote = " ".join(claim.quote.split())
    return (
        f'{Path(claim.source).name}:{claim.line} "{quote}" '
        f"[{claim.kind} unit={claim.unit} time={claim.time} hedge={claim.hedge}]"
    )


def diagnose(conflict: Conflict, report: Report) -> str:
    """Why a conflict was missed: a ref with no claim, claims never aligned into one
    fact, or one fact that raised no finding (or one at the wrong severity)."""
    matched = [[c for c in report.claims if ref.matches(c)] for ref in conflict.refs]
    for ref, claims in zip(conflict.refs, matched, strict=True):
        if not claims:
            return f'no claim extracted at {ref.file}:{ref.line} "{ref.text}"'
    facts_of = [
        {f.key for f in report.facts if any(ref.matches(c) for c in f.claims)}
        for ref in conflict.refs
    ]
    shared = set.intersection(*facts_of)
    if not shared:
        return "not aligned: " + "; ".join(describe(claims[0]) for claims in matched)
    key = sorted(shared)[0]
    label = next(f.label for f in report.facts if f.key == key)
    on_fact = [f for f in report.findings if f.fact_key == key]
    if on_fact:
        got = ", ".join(f"{f.rule} at {f.severity}" for f in on_fact)
        return (
            f"aligned in fact {label!r}: {got}, outside "
            f"[{conflict.min_severity}, {conflict.max_severity}] or missing a ref"
        )
    return f"aligned in fact {label!r} but no finding: figures judged compatible"


# ---------------------------------------------------------------------------------------
# figures


@dataclass
class Figures:
    """Counts and rates for one class (or the total) in one mode."""

    labels: int = 0
    conflicts: int = 0
    must_not: int = 0
    tp: int = 0
    fn: int = 0
    fp: int = 0
    fp_error: int = 0
    violations: int = 0

    @property
    def precision(self) -> float | None:
        """TP / (TP + FP); ``None`` when nothing was raised."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """TP / (TP + FN); ``None`` when there is no conflict to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "conflicts": self.conflicts,
            "must_not_fire": self.must_not,
            "tp": self.tp,
            "fn": self.fn,
            "fp": self.fp,
            "false_alarms_at_error": self.fp_error,
            "must_not_violations": self.violations,
            "precision": _rounded(self.precision),
            "recall": _rounded(self.recall),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def figures(outcome: Outcome) -> dict[str, Figures]:
    """Figures per class (in ``CLASSES`` order, only classes present), a cross-case row
    when corpus mode raised findings spanning cases, and ``total``."""
    rows: dict[str, Figures] = {}
    class_of = {case.name: case.cls for case in outcome.cases}

    def row(cls: str) -> Figures:
        return rows.setdefault(cls, Figures())

    for cls in CLASSES:
        if any(case.cls == cls for case in outcome.cases):
            row(cls)
    for case in outcome.cases:
        r = row(case.cls)
        r.labels += case.labels
        r.conflicts += len(case.conflicts)
        r.must_not += len(case.must_not)
    for case, _, _ in outcome.found:
        row(case.cls).tp += 1
    for case, _ in outcome.missed:
        row(case.cls).fn += 1
    for alarm in outcome.false_alarms:
        r = row(class_of.get(alarm.cases[0], CROSS_CASE) if len(alarm.cases) == 1 else CROSS_CASE)
        r.fp += 1
        r.fp_error += alarm.finding.severity == "error"
        r.violations += len(alarm.violations)
    total = Figures()
    for r in rows.values():
        for name in ("labels", "conflicts", "must_not", "tp", "fn", "fp", "fp_error", "violations"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    rows["total"] = total
    return rows


def quotas(cases: Sequence[Case]) -> dict[str, int]:
    """The corpus size measures the quotas are stated in."""
    return {
        "labels": sum(case.labels for case in cases),
        "topics": len({case.topic for case in cases}),
        "must_not_fire": sum(len(case.must_not) for case in cases),
    }


# ---------------------------------------------------------------------------------------
# pins


def check_pins(results: dict[str, dict[str, Figures]], pins: dict[str, Any]) -> list[str]:
    """Regressions against pinned floors (precision, recall) and ceilings (false alarms
    at error, must-not violations); an empty list when every figure holds its pin.

    A rate that is undefined (nothing raised, nothing to find) counts as 1.0: raising
    nothing is perfectly precise.  Every class row in the results must have a pin, so a
    new class is pinned deliberately.
    """
    problems = []
    for mode, rows in results.items():
        pinned = pins.get(mode)
        if not isinstance(pinned, dict):
            problems.append(f"pins: no pins for mode {mode!r}")
            continue
        for cls, got in rows.items():
            pin = pinned.get(cls)
            if not isinstance(pin, dict):
                problems.append(f"pins: {mode}/{cls}: no pin (run scripts/eval.py --write-pins)")
                continue
            for rate in ("precision", "recall"):
                value = getattr(got, rate)
                value = 1.0 if value is None else value
                if rate in pin and value + 1e-9 < float(pin[rate]):
                    problems.append(f"{mode}/{cls}: {rate} {value:.3f} below pin {pin[rate]}")
            for count, value in (
                ("false_alarms_at_error", got.fp_error),
                ("must_not_violations", got.violations),
            ):
                if count in pin and value > int(pin[count]):
                    problems.append(f"{mode}/{cls}: {count} {value} above pin {pin[count]}")
    return problems


def pins_from(results: dict[str, dict[str, Figures]]) -> dict[str, Any]:
    """Pins that the given results just hold: rates rounded down to three decimals."""

    def floor3(value: float | None) -> float:
        return int((1.0 if value is None else value) * 1000 + 1e-9) / 1000

    return {
        mode: {
            cls: {
                "precision": floor3(got.precision),
                "recall": floor3(got.recall),
                "false_alarms_at_error": got.fp_error,
                "must_not_violations": got.violations,
            }
            for cls, got in rows.items()
        }
        for mode, rows in results.items()
    }
