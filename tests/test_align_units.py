"""Counted nouns and parts in alignment: a bare head ("tấn") meets a qualified one
("tấn lúa"), two different qualifiers ("tấn lúa", "tấn gạo") never meet; filler words
("mắc") and synonymous heads ("trường hợp tử vong", "người tử vong") count one thing;
crops of the rice year are parts that are never compared.  The articles are written for
this test."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import alarms, run
from corpus import article as _article

from checker.align import units_compatible
from checker.pipeline import Engine
from checker.textnorm import fold


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(None)


def article(published: str, body: str) -> str:
    return _article(published, body, title="Tin địa phương")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("tấn", "tấn lúa", True),
        ("tấn lúa", "tấn gạo", False),
        ("ca mắc sốt xuất huyết", "ca sốt xuất huyết", True),
        ("ca mắc sởi", "ca sốt xuất huyết", False),
        ("lượt khách quốc tế", "lượt khách du lịch quốc tế", True),
        ("lượt khách quốc tế", "lượt khách nội địa", False),
    ],
)
def test_unit_qualifiers(engine: Engine, a: str, b: str, same: bool) -> None:
    lex = engine.lex
    assert lex.unit_family(fold(a)) is not None
    qa, qb = lex.unit_qualifier(a), lex.unit_qualifier(b)
    assert units_compatible(qa, qb) is same


def test_deaths_are_one_family_and_not_the_injured(engine: Engine) -> None:
    fam = engine.lex.unit_family
    deaths = {fam(u) for u in ("truong hop tu vong", "nguoi tu vong", "ca tu vong", "nguoi chet")}
    assert deaths == {"deaths"}
    assert fam("nguoi bi thuong") not in deaths
    assert fam("truong hop") == fam("ca") != "deaths"


def test_bare_tonnes_meet_tonnes_of_paddy(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article("2024-01-04", "Năm 2023, sản lượng lúa của tỉnh Đồng Tháp đạt 3,41 triệu tấn."),
        b=article(
            "2024-01-06",
            "Năm 2023, tỉnh Đồng Tháp thu hoạch 3,14 triệu tấn lúa, theo sở nông nghiệp.",
        ),
    )
    found = alarms(report)
    assert len(found) == 1
    assert {c.unit for c in found[0].claims} == {"tấn", "tấn lúa"}


def test_paddy_and_milled_rice_tonnes_stay_apart(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article("2024-01-04", "Năm 2023, tỉnh Đồng Tháp thu hoạch 3,41 triệu tấn lúa."),
        b=article("2024-01-06", "Năm 2023, tỉnh Đồng Tháp thu hoạch và bán 1,2 triệu tấn gạo."),
    )
    assert alarms(report) == []


def test_deaths_counted_as_cases_or_persons_are_one_fact(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article(
            "2024-07-02",
            "Trong 6 tháng đầu năm 2024, tỉnh Gia Lai ghi nhận 1.250 ca mắc sốt xuất huyết, "
            "trong đó 3 trường hợp tử vong.",
        ),
        b=article(
            "2024-07-03",
            "Trong 6 tháng đầu năm 2024, tỉnh Gia Lai"
            " có 1.250 ca sốt xuất huyết và 4 người tử vong.",
        ),
    )
    found = alarms(report)
    assert len(found) == 1
    assert sorted(c.value for c in found[0].claims) == [3, 4]


def test_yields_of_two_crops_are_never_compared(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article(
            "2024-09-10",
            "Năm 2024, vụ đông xuân của tỉnh An Giang cho"
            " sản lượng 2,1 triệu tấn với năng suất 70,1 tạ/ha.",
        ),
        b=article(
            "2024-09-12",
            "Năm 2024, lúa hè thu của tỉnh An Giang cho 1,6 triệu tấn với năng suất 58,3 tạ/ha.",
        ),
    )
    assert alarms(report) == []


def test_average_and_mean_are_one_qualifier(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article(
            "2024-02-01",
            "Năm 2023, tuổi thọ bình quân của người dân tỉnh Thừa Thiên Huế là 74,5 tuổi.",
        ),
        b=article(
            "2024-02-03",
            "Năm 2023, người dân tỉnh Thừa Thiên Huế có tuổi thọ trung bình 75,4 tuổi.",
        ),
    )
    found = alarms(report)
    assert len(found) == 1
