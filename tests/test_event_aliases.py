"""Events named differently are one event when a pack says so (aliases are data)."""

from __future__ import annotations

from pathlib import Path

from checker.pipeline import Engine, check

RULES = Path(__file__).resolve().parent.parent / "rules"
NUMBERED = (
    "Thành phố là chủ nhà của Hội nghị cấp cao Hoa Kỳ – Triều Tiên lần hai,"
    " diễn ra vào ngày 27 và 28/2/2019."
)
BY_YEAR = "Hà Nội đăng cai nhiều sự kiện như Hội nghị Thượng đỉnh Mỹ - Triều (năm 2019)."


def _event_facts(folder: Path, packs: list[str]) -> list[set[str]]:
    report = check([folder], Engine.load([RULES / p for p in packs]))
    return [
        {c.source.rsplit("/", 1)[-1] for c in f.claims} for f in report.facts if f.kind == "event"
    ]


def test_alias_in_the_topic_pack_makes_one_event(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(NUMBERED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BY_YEAR, encoding="utf-8")
    assert {"a.txt", "b.txt"} in _event_facts(tmp_path, ["generic", "hanoi"])
    # Without the alias ("Mỹ" = "Hoa Kỳ", "thượng đỉnh" = "cấp cao") they stay apart.
    assert {"a.txt", "b.txt"} not in _event_facts(tmp_path, ["generic"])
