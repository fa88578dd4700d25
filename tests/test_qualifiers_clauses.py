"""Qualifiers that say when or how sure ("lũy kế 11 tháng") never keep two claims apart;
a counted noun after a comma that opens the next clause ("14,7 triệu lượt, khách nội địa
đạt ...") is no part of the figure's unit; a period after a multiplier that opens with
"vào" dates the figure.  The articles are written for this test."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from corpus import alarms, run
from corpus import article as _article

from checker.align import qualifiers_apart
from checker.extract import extract_claims
from checker.pipeline import Engine
from checker.segment import split_sentences
from tests.test_extract_properties import make_source


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(None)


def article(published: str, body: str) -> str:
    return _article(published, body, title="Tin thị trường")


def test_a_qualifier_inside_the_period_words_is_neutral() -> None:
    a, b = "luy ke xuat khau # thu ty usd", "xuat khau ca phe # tri gia"
    assert qualifiers_apart(a, b, ["luy ke"]) == ["luy ke"]
    assert qualifiers_apart(a, b, ["luy ke"], (), (("luy ke 11 thang nam 2023",), ())) == []
    # Elsewhere in the context it still narrows what is counted.
    assert qualifiers_apart(a, b, ["luy ke"], (), (("11 thang nam 2023",), ())) == ["luy ke"]


def test_cumulative_months_meet_the_same_months(tmp_path: Path, engine: Engine) -> None:
    report = run(
        tmp_path,
        engine,
        a=article(
            "2024-12-04",
            "Trong 11 tháng năm 2024, xuất khẩu hạt điều của cả nước ước đạt 650 nghìn tấn.",
        ),
        b=article(
            "2024-12-06",
            "Lũy kế 11 tháng năm 2024, cả nước xuất khẩu khoảng 560 nghìn tấn hạt điều.",
        ),
    )
    found = alarms(report)
    assert len(found) == 1
    quotes = {c.quote for c in found[0].claims}
    assert any("650" in q for q in quotes) and any("560" in q for q in quotes)


def claims_of(engine: Engine, text: str) -> dict[str, str | None]:
    source = make_source(text)
    return {c.quote: c.unit for c in extract_claims(source, split_sentences(source), engine.lex)[1]}


def test_a_noun_that_opens_the_next_clause_is_not_the_unit(engine: Engine) -> None:
    units = claims_of(engine, "Khách quốc tế đạt 3,2 triệu lượt, khách nội địa đạt 9 triệu lượt.")
    assert all("nội địa" not in (u or "") for q, u in units.items() if "3,2" in q)
    # A list of counted nouns still continues across the comma.
    units = claims_of(engine, "Đoàn có đại diện của 12 tỉnh, thành phố trên cả nước.")
    assert any(u and "thành phố" in u for u in units.values())


def test_a_period_opened_by_vao_dates_a_multiplier(engine: Engine) -> None:
    source = make_source("Lượng khách tăng 2 lần vào năm 2023.")
    claims = extract_claims(source, split_sentences(source), engine.lex)[1]
    times = {c.quote: c.time for c in claims if c.kind == "multiplier"}
    assert times and all(t == "2023" for t in times.values())


SURVEY = (
    "Kết quả điều tra dân số giữa kỳ tại thời điểm 1/4/2024 cho thấy khu vực thành thị "
    "chiếm 39,5% dân số cả nước."
)


def test_a_survey_day_meets_the_carried_year_at_most_as_a_warning(
    tmp_path: Path, engine: Engine
) -> None:
    carried = (
        '---\ntitle: "Dân số Việt Nam năm 2024 tiếp tục tăng"\npublished: 2024-12-20\n---\n'
        "Tổng cục Thống kê vừa công bố kết quả điều tra dân số.\n\n"
        "Khu vực thành thị chiếm 37,1% dân số cả nước.\n"
    )
    report = run(tmp_path, engine, a=carried, b=article("2024-12-22", SURVEY))
    found = alarms(report)
    assert len(found) == 1 and found[0].severity == "warning"


def test_a_survey_day_never_meets_a_stated_year(tmp_path: Path, engine: Engine) -> None:
    stated = article("2025-01-10", "Năm 2024, khu vực thành thị chiếm 37,1% dân số cả nước.")
    report = run(tmp_path, engine, a=stated, b=article("2024-12-22", SURVEY))
    assert alarms(report) == []


def test_from_the_start_of_a_named_year_to_now_is_the_year_to_date(
    tmp_path: Path, engine: Engine
) -> None:
    report = run(
        tmp_path,
        engine,
        a=article(
            "2025-05-20",
            "Từ đầu năm 2025 đến nay, cả nước ghi nhận 120 ca mắc bạch hầu, 3 trường hợp tử vong.",
        ),
        b=article("2025-05-21", "Từ đầu năm 2025, cả nước có 120 ca bạch hầu và 5 người tử vong."),
    )
    found = alarms(report)
    assert len(found) == 1
    assert {c.time for c in found[0].claims} == {"2025-01/2025-05"}


def test_the_start_of_another_year_to_now_is_no_year_to_date(
    tmp_path: Path, engine: Engine
) -> None:
    text = "Từ đầu năm 2024 đến nay, cả nước ghi nhận 900 ca mắc bạch hầu."
    report = run(tmp_path, engine, a=article("2025-05-20", text))
    periods = {c.frame.period.value for c in report.claims if c.frame and "900" in c.quote}
    assert periods and "2025-01/2025-05" not in periods


def test_what_a_counted_noun_adds_is_context(tmp_path: Path, engine: Engine) -> None:
    # One side names the product before its figure, the other only in its counted noun.
    report = run(
        tmp_path,
        engine,
        a=article(
            "2024-12-18",
            "Năm 2024, sản lượng tôm hùm nuôi của tỉnh đạt khoảng 2,4 nghìn tấn.",
        ),
        b=article(
            "2024-12-20",
            "Năm 2024, người nuôi trong tỉnh thu hoạch khoảng 4,2 nghìn tấn tôm hùm.",
        ),
    )
    assert len(alarms(report)) == 1


def test_a_survey_day_against_a_carried_year_is_never_an_error(
    tmp_path: Path, engine: Engine
) -> None:
    # Metric, subject and measure stated on both sides: only the periods differ.
    carried = (
        '---\ntitle: "Dân số Việt Nam năm 2024 tiếp tục tăng"\npublished: 2024-12-20\n---\n'
        "Tổng cục Thống kê vừa công bố kết quả điều tra.\n\n"
        "Dân số khu vực thành thị của cả nước chiếm 37,1%.\n"
    )
    survey = "Tại thời điểm 1/4/2024, dân số khu vực thành thị của cả nước chiếm 39,5%."
    report = run(tmp_path, engine, a=carried, b=article("2024-12-22", survey))
    found = alarms(report)
    assert len(found) == 1 and found[0].severity == "warning"
    assert any("periods are not the same" in r for r in found[0].reasons)


@pytest.mark.parametrize(
    ("text", "high"),
    [
        ("Xuất khẩu đạt hơn 82,2 tỷ USD.", Decimal("82.3e9")),
        ("Cảng đón hơn 203 triệu tấn hàng.", Decimal("204e6")),
        ("Thành phố có hơn 100 đối tác.", None),
        ("Hội nghị có hơn 1.500 đại biểu.", None),
    ],
)
def test_more_than_a_figure_to_its_last_digit_is_truncated(
    engine: Engine, text: str, high: Decimal | None
) -> None:
    source = make_source(text)
    claims = [c for c in extract_claims(source, split_sentences(source), engine.lex)[1] if c.hedge]
    assert len(claims) == 1 and claims[0].hedge == "over"
    assert claims[0].high == high


def test_a_disagreement_on_the_truncated_bound_alone_is_a_warning(
    tmp_path: Path, engine: Engine
) -> None:
    report = run(
        tmp_path,
        engine,
        a=article(
            "2024-10-02", "Chín tháng năm 2024, xuất khẩu của Bình Dương đạt hơn 8,2 tỷ USD."
        ),
        b=article("2024-10-03", "Chín tháng năm 2024, xuất khẩu của Bình Dương đạt 8,6 tỷ USD."),
    )
    found = alarms(report)
    assert len(found) == 1 and found[0].severity == "warning"
    # Below the stated lower bound: an error on the article's own words.
    report = run(
        tmp_path,
        engine,
        b=article("2024-10-03", "Chín tháng năm 2024, xuất khẩu của Bình Dương đạt 7,6 tỷ USD."),
    )
    assert [f.severity for f in alarms(report)] == ["error"]
