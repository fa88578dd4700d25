#!/usr/bin/env python3
"""Write what extraction and ``check`` produce, to compare two versions of the code.

A speed change must not change output.  Run this once with each version (the code is
whatever ``import checker`` finds: ``PYTHONPATH=/path/to/other/checkout``), from the same
working folder and with the same ``--root`` (paths in the output are relative to the
working folder), then compare the two folders byte for byte:

    PYTHONPATH=../main python scripts/same_output.py /tmp/before
    python scripts/same_output.py /tmp/after
    cmp /tmp/before/claims.txt /tmp/after/claims.txt
    cmp /tmp/before/check.json /tmp/after/check.json

Written: ``claims.txt`` (every source's metadata and every claim with its frame, as
``repr``) and ``check.json`` (the JSON report of ``check`` without the packs block) for
the seeds, each eval and held-out case (the cases under tests/eval/cases also together),
the test corpora and, with ``--bench DIR``, the articles under DIR (claims of all of
them, ``check`` on the first 150).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from checker.pipeline import Engine, check, read_claims
from checker.report.common import RenderOptions
from checker.report.json_report import report_to_json


def _groups(root: Path) -> list[tuple[str, list[Path]]]:
    out = [("seeds", [root / "seeds"])]
    for case in sorted(p.parent for p in (root / "tests/eval").rglob("case.yml")):
        out.append((case.relative_to(root).as_posix(), [case]))
    out.append(("eval-all", [root / "tests/eval/cases"]))
    for corpus in sorted((root / "tests/fixtures/corpora").iterdir()):
        out.append((corpus.relative_to(root).as_posix(), [corpus]))
    return out


def _source_repr(source: Any) -> str:
    fields = dataclasses.fields(source)
    return repr({f.name: getattr(source, f.name) for f in fields if f.name != "text"})


def _report(paths: list[Path], engine: Engine) -> dict[str, Any]:
    doc = report_to_json(check(paths, engine), RenderOptions())
    doc.pop("packs", None)  # pack paths differ between checkouts
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for claims.txt and check.json")
    parser.add_argument("--root", type=Path, default=Path("."), help="checkout with the data")
    parser.add_argument("--bench", type=Path, help="articles of scripts/benchmark.py --out")
    args = parser.parse_args(argv)
    engine = Engine.load()
    groups = _groups(args.root)
    args.out.mkdir(parents=True, exist_ok=True)
    extra = [("bench", [args.bench])] if args.bench else []
    with open(args.out / "claims.txt", "w", encoding="utf-8") as fh:
        for name, paths in [*groups, *extra]:
            if name == "eval-all":
                continue
            for source, claims in read_claims(paths, engine):
                fh.write(f"## {name} {_source_repr(source)}\n")
                fh.writelines(repr(c) + "\n" for c in claims)
    results = {name: _report(paths, engine) for name, paths in groups}
    if args.bench:
        results["bench150"] = _report(sorted(args.bench.rglob("*.txt"))[:150], engine)
    text = json.dumps(results, ensure_ascii=False, indent=1, default=str)
    (args.out / "check.json").write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
