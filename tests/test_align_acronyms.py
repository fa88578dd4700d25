"""Acronyms an article defines ("... (TDX)") align with their use in another article."""

from __future__ import annotations

from pathlib import Path

from checker.align import align, expand_acronyms, glossary_of
from checker.pipeline import Engine, check

ENGINE = Engine.load()
DEFINES = (
    "Năm 2023, tỉnh giải ngân 120 triệu USD vốn tín dụng ưu đãi tăng trưởng xanh (TDX)"
    " cho các dự án."
)
USES = "Cũng trong năm 2023, các khoản TDX đạt 150 triệu USD."


def test_definition_is_read_from_the_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DEFINES, encoding="utf-8")
    report = check([tmp_path], ENGINE)
    assert report.sources[0].acronyms == (("TDX", "vốn tín dụng ưu đãi tăng trưởng xanh"),)


def test_acronym_use_aligns_with_its_definition_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DEFINES, encoding="utf-8")
    (tmp_path / "b.txt").write_text(USES, encoding="utf-8")
    report = check([tmp_path], ENGINE)
    money = [f for f in report.facts if f.kind == "money"]
    assert [len(f.claims) for f in money] == [2]
    # Without the corpus glossary the two contexts stay apart: the definition matters.
    assert sorted(len(f.claims) for f in align(report.claims, ENGINE.lex)) == [1, 1]
    assert glossary_of(report.sources, ENGINE.lex)["tdx"].startswith("von tin dung")


def test_expansion_keeps_other_words() -> None:
    assert expand_acronyms("thu hut # von fdi", {"fdi": "dau tu"}) == "thu hut # von fdi dau tu"
    assert expand_acronyms("a # b", {}) == "a # b"
