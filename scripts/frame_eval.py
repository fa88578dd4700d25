"""How well fact frames alone separate what must not be compared, on the eval corpus.

For every labelled case of tests/eval/cases (see tests/eval/README.md), the articles are
read with the default packs, each claim gets its frame (checker/extract/frame.py, with
the article's headline, lead, publication date and paragraph periods as context), and:

- a must-not pair is *separated* when the two frames differ in a known field, *unknown*
  when they differ only in fields one side does not know, *same* otherwise;
- a conflict is *kept* when no pair of its claims has frames that differ (an event's
  dates are its value, not its frame), *split* otherwise.

This measures the frames, not factcheck's findings (scripts/eval.py does that).

    .venv/bin/python scripts/frame_eval.py            # the counts
    .venv/bin/python scripts/frame_eval.py --verbose  # and every pair that is not right
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "eval"))

from harness import load_corpus  # noqa: E402

from checker.extract.frame import DocContext, Frame, FrameReader  # noqa: E402
from checker.model import Report  # noqa: E402
from checker.pipeline import Engine, check  # noqa: E402
from checker.segment import split_sentences  # noqa: E402


def frames_of(report: Report, reader: FrameReader) -> dict[tuple[str, int, int], Frame]:
    """Every claim's frame, keyed by (source, start, end)."""
    frames: dict[tuple[str, int, int], Frame] = {}
    for source in report.sources:
        sentences = split_sentences(source)
        doc = reader.doc_context(
            headline=source.title,
            lead=sentences[0].text if sentences else None,
            published=source.published,
            published_confidence=source.published_basis,
        )
        contexts: list[tuple[int, int, str, DocContext]] = []
        paragraph, context = None, doc
        for s in sentences:
            if s.paragraph != paragraph:
                paragraph, context = s.paragraph, doc
            contexts.append((s.start, s.end, s.text, context))
            context = context.with_period(reader.opening_period(s.text, context))
        for claim in report.claims:
            if claim.source != source.path:
                continue
            for start, end, text, ctx in contexts:
                if start <= claim.start < end:
                    span = (claim.start - start, claim.end - start)
                    key = (claim.source, claim.start, claim.end)
                    frames[key] = reader.read(text, span, doc=ctx)
                    break
    return frames


def _lookup(frames: dict[tuple[str, int, int], Frame]) -> Any:
    return lambda claim: frames[(claim.source, claim.start, claim.end)]


def _finder(report: Report) -> Any:
    return lambda ref: next((c for c in report.claims if ref.matches(c)), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", default=str(ROOT / "tests" / "eval" / "cases"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    engine = Engine.load()
    reader = FrameReader.build(engine.know)
    counts: Counter[str] = Counter()
    by_field: Counter[str] = Counter()
    wrong: list[str] = []
    for case in load_corpus(Path(args.cases)):
        report = check([case.path], engine)
        frames = frames_of(report, reader)
        frame = _lookup(frames)
        claim_for = _finder(report)

        for pair in case.must_not:
            a, b = (claim_for(r) for r in pair.refs)
            if a is None or b is None:
                counts["must-not: no claim"] += 1
                continue
            comparison = reader.compare(frame(a), frame(b))
            if comparison.differ:
                counts["must-not: separated"] += 1
                by_field[comparison.differ[0]] += 1
            elif comparison.unknown:
                counts["must-not: unknown only"] += 1
                wrong.append(f"unknown {case.name}: {pair.why} {comparison.unknown}")
            else:
                counts["must-not: same"] += 1
                wrong.append(f"same    {case.name}: {pair.why} ({a.quote} / {b.quote})")
        for conflict in case.conflicts:
            found = [claim_for(r) for r in conflict.refs]
            claims = [c for c in found if c is not None]
            if len(claims) < len(found):
                counts["conflict: no claim"] += 1
                continue
            differ = {
                name
                for i, x in enumerate(claims)
                for y in claims[i + 1 :]
                for name in reader.compare(frame(x), frame(y)).differ
                if not (x.kind == "event" and name == "period")
            }
            if differ:
                counts["conflict: split"] += 1
                wrong.append(f"split   {case.name}: {conflict.why} {sorted(differ)}")
            else:
                counts["conflict: kept"] += 1
    for key in sorted(counts):
        print(f"{key:24} {counts[key]}")
    print("separated by:", ", ".join(f"{k} {v}" for k, v in by_field.most_common()))
    if args.verbose:
        print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
