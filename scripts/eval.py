#!/usr/bin/env python3
"""Precision and recall of factcheck on the labelled corpus in ``tests/eval/cases``.

Runs factcheck (in process, default packs) on each case folder alone ("per-case") and on
all cases together ("corpus"), matches its findings to the labels of each ``case.yml``
and prints, per failure class and in total: labels, TP, FN, FP, false alarms at error,
must-not violations, precision and recall.  The format is in ``tests/eval/README.md``.

    python scripts/eval.py                    # both modes, table only
    python scripts/eval.py --verbose          # also every miss and every false alarm
    python scripts/eval.py --json eval.json   # also the figures as JSON
    python scripts/eval.py --check-pins       # exit 1 if a figure falls below its pin
    python scripts/eval.py --write-pins tests/eval/pins.yml   # pin today's figures

Exit codes: 0 done, 1 a pin is broken (with --check-pins), 2 a malformed corpus or
article (one line per problem, naming the case and the ref).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "eval"))
# Appended, not prepended: an installed checker (or one on PYTHONPATH, e.g. a clean
# export of another commit) is the one measured.
sys.path.append(str(ROOT))

import harness  # noqa: E402

from checker.errors import FactcheckError  # noqa: E402

DEFAULT_CORPUS = ROOT / "tests" / "eval" / "cases"
DEFAULT_PINS = ROOT / "tests" / "eval" / "pins.yml"
MODES = ("per-case", "corpus")
COLUMNS = ("labels", "TP", "FN", "FP", "FP@err", "violated", "precision", "recall")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--mode", choices=(*MODES, "both"), default="both")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses, false alarms")
    parser.add_argument("--pins", type=Path, default=DEFAULT_PINS, help="pins file to check")
    parser.add_argument("--check-pins", action="store_true", help="exit 1 if a pin is broken")
    parser.add_argument("--write-pins", type=Path, metavar="FILE", help="pin today's figures")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        cases = harness.load_corpus(args.corpus)
        modes = MODES if args.mode == "both" else (args.mode,)
        from checker.pipeline import Engine

        engine = Engine.load()
        outcomes = {mode: harness.run(cases, mode, engine) for mode in modes}
    except harness.CorpusError as err:
        for problem in err.problems:
            print(f"eval: {problem}", file=sys.stderr)
        return 2
    except FactcheckError as err:
        print(f"eval: {err}", file=sys.stderr)
        return 2
    results = {mode: harness.figures(outcome) for mode, outcome in outcomes.items()}
    elapsed = time.perf_counter() - started

    sizes = harness.quotas(cases)
    print(
        f"{len(cases)} cases, {sizes['labels']} labels ({sizes['must_not_fire']} must-not pairs)"
        f" over {sizes['topics']} topics; {elapsed:.1f} s"
    )
    for mode, rows in results.items():
        print()
        print(render_table(mode, rows))
    if args.verbose:
        for outcome in outcomes.values():
            print()
            print(render_details(outcome))

    status = 0
    pins_path: Path = args.pins
    if pins_path.exists():
        pins = yaml.safe_load(pins_path.read_text(encoding="utf-8")) or {}
        broken = harness.check_pins(results, pins)
        print()
        print(f"pins ({_shown(pins_path)}): " + ("all hold" if not broken else "BROKEN"))
        for line in broken:
            print(f"  {line}")
        if broken and args.check_pins:
            status = 1
    elif args.check_pins:
        print(f"eval: no pins file {_shown(pins_path)}", file=sys.stderr)
        return 2
    try:
        if args.json:
            _write(
                args.json,
                json.dumps(to_json(cases, outcomes, results), indent=2, ensure_ascii=False) + "\n",
                cases,
            )
        if args.write_pins:
            _write(args.write_pins, pins_yaml(harness.pins_from(results)), cases)
    except ValueError as err:
        print(f"eval: {err}", file=sys.stderr)
        return 2
    return status


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render_table(mode: str, rows: dict[str, harness.Figures]) -> str:
    """The figures of one mode as a fixed-width table."""
    width = max(len(cls) for cls in [*rows, "class"])
    head = f"{'class':<{width}}  " + "  ".join(f"{c:>9}" for c in COLUMNS)
    lines = [f"mode: {mode}", head, "-" * len(head)]
    for cls, r in rows.items():
        if cls == "total":
            lines.append("-" * len(head))
        cells = (r.labels, r.tp, r.fn, r.fp, r.fp_error, r.violations)
        lines.append(
            f"{cls:<{width}}  "
            + "  ".join(f"{v:>9}" for v in cells)
            + f"  {_rate(r.precision):>9}  {_rate(r.recall):>9}"
        )
    return "\n".join(lines)


def render_details(outcome: harness.Outcome) -> str:
    """Every missed conflict (with why) and every false alarm (with its claims)."""
    lines = [f"== {outcome.mode}: {len(outcome.missed)} missed conflicts"]
    for case, conflict in outcome.missed:
        lines.append(f"MISS [{case.cls}] {case.name}: {conflict.why}")
        for ref in conflict.refs:
            lines.append(f'    {ref.file}:{ref.line} "{ref.text}"')
        why = harness.diagnose(conflict, outcome.report_of[case.name])
        lines.append(f"    -> {why}")
    lines.append(f"== {outcome.mode}: {len(outcome.false_alarms)} false alarms")
    class_of = {case.name: case.cls for case in outcome.cases}
    for alarm in outcome.false_alarms:
        f = alarm.finding
        cls = class_of.get(alarm.cases[0], "?") if len(alarm.cases) == 1 else harness.CROSS_CASE
        lines.append(
            f"FALSE ALARM [{cls}] {', '.join(alarm.cases)}: {f.rule} at {f.severity}"
            f" — fact {f.fact!r}"
        )
        for claim in f.claims:
            lines.append(f"    {harness.describe(claim)}")
        for pair in alarm.violations:
            lines.append(
                f"    must-not violated: {pair.refs[0].raw} / {pair.refs[1].raw} ({pair.why})"
            )
    return "\n".join(lines)


def to_json(
    cases: list[harness.Case],
    outcomes: dict[str, harness.Outcome],
    results: dict[str, dict[str, harness.Figures]],
) -> dict[str, Any]:
    """The figures, and each miss and false alarm by case, as plain JSON data."""
    return {
        "schema": "factcheck/eval@1",
        "size": {"cases": len(cases), **harness.quotas(cases)},
        "modes": {
            mode: {
                "figures": {cls: r.as_dict() for cls, r in results[mode].items()},
                "missed": [
                    {"case": case.name, "class": case.cls, "refs": [r.raw for r in c.refs]}
                    for case, c in outcome.missed
                ],
                "false_alarms": [
                    {
                        "cases": list(a.cases),
                        "rule": a.finding.rule,
                        "severity": a.finding.severity,
                        "fact": a.finding.fact,
                        "claims": [
                            {"file": Path(c.source).name, "line": c.line, "quote": c.quote}
                            for c in a.finding.claims
                        ],
                        "must_not_violated": [[r.raw for r in p.refs] for p in a.violations],
                    }
                    for a in outcome.false_alarms
                ],
            }
            for mode, outcome in outcomes.items()
        },
    }


def pins_yaml(pins: dict[str, Any]) -> str:
    header = (
        "# Pinned figures of scripts/eval.py on tests/eval/cases (tests/test_eval.py holds them).\n"
        "# precision and recall are floors, false_alarms_at_error and must_not_violations\n"
        "# ceilings.  Raise them when work improves the figures; lowering one needs a reason\n"
        "# in the commit message.  Regenerate: python scripts/eval.py --write-pins FILE\n"
    )
    return header + yaml.safe_dump(pins, sort_keys=False, allow_unicode=True)


def _write(path: Path, text: str, cases: list[harness.Case]) -> None:
    """Write atomically; never over an article or a case file."""
    target = Path(os.path.abspath(path))
    inputs = {a for case in cases for a in case.articles} | {c.path / "case.yml" for c in cases}
    if target in inputs:
        raise ValueError(f"{path}: refusing to write over an input of the corpus")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    sys.exit(main())
