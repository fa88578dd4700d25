"""Alignment compares fact frames: who, which metric and measure, which period against
which base, and what status.  Each case is two or three short articles written for this
test (Vietnamese news style); the assertion is on the findings the pipeline raises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import alarms, article, run

from checker.pipeline import Engine
from checker.report import RenderOptions, render


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(None)


def test_two_provinces_growth_is_no_conflict(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article("2023-01-05", "Năm 2022, GRDP của Bình Định tăng 8,7% so với năm 2021."),
        b=article("2023-01-06", "Năm 2022, GRDP của Quảng Ngãi tăng 6,4% so với năm 2021."),
    )
    assert alarms(report) == []


def test_same_province_growth_differs(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article("2023-01-05", "Năm 2022, GRDP của Bình Định tăng 8,7% so với năm 2021."),
        b=article(
            "2023-01-09",
            "Năm 2022, tổng sản phẩm trên địa bàn Bình Định tăng 7,8% so với năm 2021.",
        ),
    )
    found = alarms(report)
    assert [f.rule for f in found] == ["interval-disagreement"]
    assert {c.frame.subject.value for c in found[0].claims if c.frame} == {"Bình Định"}


def test_growth_and_share_are_different_measures(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article(
            "2024-01-04",
            "Năm 2023, doanh thu du lịch của Khánh Hòa tăng 12,3% so với năm 2022.",
        ),
        b=article(
            "2024-01-08",
            "Năm 2023, doanh thu du lịch của Khánh Hòa chiếm 9,6% tổng mức bán lẻ của tỉnh.",
        ),
    )
    assert alarms(report) == []


def test_a_target_is_not_a_result(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article("2024-01-10", "Năm 2023, Quảng Ninh đón 15,5 triệu lượt khách du lịch."),
        b=article("2023-02-01", "Năm 2023, Quảng Ninh phấn đấu đón 19 triệu lượt khách du lịch."),
    )
    assert alarms(report) == []


def test_the_headline_year_carries_to_later_figures(tmp_path: Path, engine: Engine) -> None:
    later = (
        "Ngành du lịch Đà Nẵng có một năm bứt phá.\n\n"
        "Các khách sạn kín phòng trong mùa hè.\n\n"
        "Tổng lượng khách lưu trú của Đà Nẵng đạt 8,2 triệu lượt."
    )
    report = run(
        tmp_path,
        engine,
        a=article("2024-01-03", later, title="Du lịch Đà Nẵng năm 2023 về đích"),
        b=article(
            "2024-01-05", "Năm 2023, tổng lượng khách lưu trú của Đà Nẵng đạt 8,9 triệu lượt."
        ),
    )
    found = alarms(report)
    assert len(found) == 1
    carried = [c for c in found[0].claims if c.source.endswith("a.md")]
    assert carried and carried[0].time == "2023"
    assert carried[0].frame is not None and carried[0].frame.period.basis == "carried"


def test_an_event_is_bound_to_its_dates(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article(
            "2023-09-20",
            "Hội nghị Nghị sĩ trẻ toàn cầu lần thứ 9 diễn ra từ ngày 14 đến 17/9/2023 tại Hà Nội.",
        ),
        b=article(
            "2023-09-21",
            "Hội nghị Nghị sĩ trẻ toàn cầu lần thứ 9 diễn ra từ ngày 14 đến 16/9/2023.",
        ),
    )
    found = alarms(report)
    assert [f.rule for f in found] == ["event-date-disagreement"]
    assert sorted(c.time for c in found[0].claims) == [
        "2023-09-14/2023-09-16",
        "2023-09-14/2023-09-17",
    ]


def test_a_finding_on_an_unknown_subject_is_at_most_a_warning(
    tmp_path: Path, engine: Engine
) -> None:
    report = run(
        tmp_path,
        engine,
        a=article("2024-07-02", "Kim ngạch xuất khẩu 6 tháng đầu năm 2024 đạt 190,1 tỷ USD."),
        b=article(
            "2024-07-03", "Kim ngạch xuất khẩu của Việt Nam 6 tháng đầu năm 2024 đạt 180,1 tỷ USD."
        ),
    )
    found = alarms(report)
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert found[0].confidence == "low"
    assert any("subject unknown" in r for r in found[0].reasons)


def test_frames_and_confidence_are_in_the_json(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article("2023-01-05", "Năm 2022, GRDP của Bình Định tăng 8,7% so với năm 2021."),
        b=article("2023-01-09", "Năm 2022, GRDP của Bình Định tăng 7,8% so với năm 2021."),
    )
    data = json.loads(render(report, "json", RenderOptions()))
    finding = data["findings"][0]
    assert finding["confidence"] in ("high", "medium")
    assert finding["reasons"]
    frame = finding["claims"][0]["frame"]
    assert frame["subject"]["value"] == "Bình Định"
    assert frame["measure"] == {
        "value": "change",
        "basis": "stated",
        "evidence": ["tăng"],
        "note": "",
    }
    assert frame["base"]["value"] == "2021"


def test_every_report_says_how_sure_a_finding_is(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article("2024-07-02", "Kim ngạch xuất khẩu 6 tháng đầu năm 2024 đạt 190,1 tỷ USD."),
        b=article(
            "2024-07-03", "Kim ngạch xuất khẩu của Việt Nam 6 tháng đầu năm 2024 đạt 180,1 tỷ USD."
        ),
    )
    options = RenderOptions()
    assert "**Confidence:** low: subject unknown in" in render(report, "markdown", options)
    assert "confidence low: subject unknown in" in render(report, "table", options)
    assert "Confidence: low: subject unknown in" in render(report, "terminal", options)
    sarif = json.loads(render(report, "sarif", options))
    assert sarif["runs"][0]["results"][0]["properties"]["confidence"] == "low"
