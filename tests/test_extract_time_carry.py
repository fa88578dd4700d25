"""Which period a figure is about when sentences carry times (issue 9, time and events):
an aside in parentheses dates only itself, a cumulative period ends at the month it
names, a tally after the sentence that ends the games is the games'.

Every sentence here is written for this test."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from checker.model import Claim
from checker.pipeline import Engine, read_claims


@cache
def _engine() -> Engine:
    return Engine.load()


def _claims(tmp_path: Path, body: str, published: str = "2024-01-05") -> dict[str, Claim]:
    path = tmp_path / "a.md"
    path.write_text(f'---\ntitle: "t"\npublished: {published}\n---\n{body}\n', encoding="utf-8")
    return {c.quote: c for _source, claims in read_claims([path], _engine()) for c in claims}


def test_an_aside_in_parentheses_dates_only_its_own_figure(tmp_path: Path) -> None:
    claims = _claims(
        tmp_path,
        "Tuổi thọ bình quân của tỉnh năm 2023 là 74,2 tuổi (năm 2022 là 74,0 tuổi);"
        " nữ giới 77,3 tuổi.",
    )
    assert claims["74,2 tuổi"].time == "2023"
    assert claims["74,0 tuổi"].time == "2022"
    assert claims["77,3 tuổi"].time == "2023"


def test_a_bare_year_in_parentheses_still_dates_the_figure(tmp_path: Path) -> None:
    claims = _claims(tmp_path, "Kim ngạch xuất khẩu tôm đạt 3,4 tỷ USD (năm 2022).")
    assert claims["3,4 tỷ USD"].time == "2022"
    assert not [c for c in claims.values() if c.kind == "event"]  # "USD (năm 2022)"


def test_from_the_start_of_the_year_to_the_end_of_a_month_is_cumulative(tmp_path: Path) -> None:
    claims = _claims(
        tmp_path, "Từ đầu năm đến cuối tháng 5/2024, tỉnh ghi nhận 1.204 ca mắc tay chân miệng."
    )
    assert claims["1.204 ca mắc tay chân miệng"].time == "2024-01/2024-05"


def test_a_tally_after_the_sentence_that_ends_the_games_is_the_games(tmp_path: Path) -> None:
    claims = _claims(
        tmp_path,
        "Các trận chung kết cuối cùng của SEA Games 40 khép lại tối 20/12. Đoàn Việt Nam"
        " mang về tổng cộng 180 huy chương.",
    )
    assert claims["180 huy chương"].time == "seagames#40"


def test_a_tally_after_a_day_of_the_games_keeps_its_day(tmp_path: Path) -> None:
    claims = _claims(
        tmp_path,
        "Trong ngày 12/12 tại SEA Games 40, các võ sĩ thi đấu nhiều trận. Đoàn Việt Nam"
        " có tổng cộng 35 huy chương.",
        published="2023-12-13",
    )
    assert claims["35 huy chương"].time == "2023-12-12"
