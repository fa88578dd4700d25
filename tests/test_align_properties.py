"""Properties of alignment and evaluation on the seed corpus and on generated pairs."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.evaluate import overlaps
from checker.pipeline import Engine, check

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ENGINE = Engine.load()


def _signature(report) -> list[tuple[str, str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return sorted(
        (
            f.rule,
            f.severity,
            tuple(sorted(f"{Path(c.source).name}:{c.line}:{c.column}" for c in f.claims)),
        )
        for f in report.findings
    )


def test_findings_do_not_depend_on_file_order(tmp_path: Path) -> None:
    forward = check(sorted(SEEDS.glob("*.txt")), ENGINE)
    # Copy under names that sort in the reverse order.
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"), reverse=True)):
        shutil.copy(path, tmp_path / f"{i}_{path.name}")
    backward = check([tmp_path], ENGINE)

    def strip(sig):  # type: ignore[no-untyped-def]
        return sorted(
            (
                r,
                s,
                tuple(
                    sorted(x.split("_", 1)[1] if x[0].isdigit() and x[1] == "_" else x for x in cs)
                ),
            )
            for r, s, cs in sig
        )

    assert strip(_signature(forward)) == strip(_signature(backward))
    assert forward.findings, "the seeds hold known conflicts"


SENTENCES = [
    "Đến nay, tỉnh có quan hệ hữu nghị và hợp tác với {h}{n} thủ đô, thành phố trên thế giới.",
    "Năm 2023, tỉnh đã thu hút {h}{n} triệu USD vốn đầu tư trực tiếp nước ngoài.",
    "Hằng năm, tỉnh đón tiếp {h}{n} đoàn khách quốc tế đến làm việc.",
]


@settings(max_examples=15, deadline=None)
@given(
    template=st.sampled_from(SENTENCES),
    hedge=st.sampled_from(["", "gần ", "hơn ", "khoảng ", "trên dưới "]),
    number=st.integers(min_value=2, max_value=5000),
)
def test_identical_claims_never_conflict(
    tmp_path_factory, template: str, hedge: str, number: int
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("same")
    text = template.format(h=hedge, n=f"{number:,}".replace(",", "."))
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(text, encoding="utf-8")
    report = check([folder], ENGINE)
    assert not report.findings
    assert any(len({c.source for c in f.claims}) == 3 for f in report.facts)


def test_overlap_is_symmetric_on_seed_claims() -> None:
    claims = [c for c in check([SEEDS], ENGINE).claims if c.kind in ("count", "money", "percent")]
    for a in claims[:60]:
        for b in claims[:60]:
            assert overlaps(a, b) == overlaps(b, a)
