"""Extraction classes that cost recall on unseen articles (issue 9), each pinned on text
written for this test: a counted noun that swallowed the next clause, a quarter or a
cumulative period read two ways, so that two articles stating one fact never met."""

from __future__ import annotations

from pathlib import Path

from checker.model import Claim, Report
from checker.pipeline import Engine, check

ENGINE = Engine.load()


def run(tmp_path: Path, **articles: str) -> Report:
    """Check articles given as name=(published, body) pairs joined by '|'."""
    for name, spec in articles.items():
        published, _, body = spec.partition("|")
        head = f'---\ntitle: "Bài {name}"\npublished: {published}\n---\n' if published else ""
        (tmp_path / f"{name}.md").write_text(head + body + "\n", encoding="utf-8")
    return check([tmp_path], ENGINE)


def claim(report: Report, name: str, quote: str) -> Claim:
    found = [c for c in report.claims if Path(c.source).stem == name and quote in c.quote]
    assert found, f"no claim quoting {quote!r} in {name}: {[c.quote for c in report.claims]}"
    return found[0]


def test_a_counted_noun_continues_after_a_comma_only_into_a_whole_known_noun(
    tmp_path: Path,
) -> None:
    report = run(
        tmp_path,
        a="2023-05-01|Đoàn giành 98 HCV, 85 HCB và 105 HCĐ, tổng cộng 288 huy chương.",
        b="2023-05-01|Tỉnh đón 18,5 triệu lượt du khách, doanh thu đạt 30.000 tỷ đồng.",
        c="2023-05-01|Đoàn gồm đại diện 12 thủ đô, thành phố của các nước.",
    )
    assert claim(report, "a", "105").unit == "hcđ"
    assert claim(report, "b", "18,5").unit == "lượt du khách"
    # A comma still continues into a known counted noun.
    assert claim(report, "c", "12").unit == "thành phố, thủ đô"


def test_medals_of_one_colour_meet_however_written(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        a="2019-12-11|Khép lại SEA Games 30 năm 2019, đoàn Việt Nam có 105 HCĐ.",
        b="2019-12-12|Khép lại SEA Games 30 năm 2019, đoàn Việt Nam có 150 huy chương đồng.",
    )
    assert any({Path(c.source).stem for c in f.claims} == {"a", "b"} for f in report.findings), [
        f.message for f in report.findings
    ]


def test_a_quarter_stated_in_the_sentence_and_carried_from_the_paragraph_is_one_period(
    tmp_path: Path,
) -> None:
    report = run(
        tmp_path,
        a="2025-10-06|GDP quý III/2025 ước tăng 8,23% so với cùng kỳ năm trước.",
        b="2025-10-04|Năm 2025, kinh tế phục hồi. Tăng trưởng GDP quý 3 đạt 7,9% so với cùng kỳ.",
    )
    assert claim(report, "a", "8,23").time == claim(report, "b", "7,9").time == "2025-07/2025-09"


def test_a_month_that_ends_a_cumulative_period_is_not_the_period(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        a="2023-10-10|Cộng dồn đến hết tháng 9/2023, trị giá xuất khẩu gạo đạt 3,54 tỷ USD.",
        b="2023-10-12|Trong 9 tháng năm nay, xuất khẩu gạo đạt 3,45 tỷ USD.",
        c="2023-10-12|Riêng tháng 9/2023, xuất khẩu gạo đạt 378 triệu USD.",
    )
    assert claim(report, "a", "3,54").time == "2023-01/2023-09"
    assert claim(report, "b", "3,45").time == "2023-01/2023-09"
    assert claim(report, "c", "378").time == "2023-09"  # the month alone stays a month


def test_a_bare_measure_word_takes_the_counted_noun_named_before_the_figure(
    tmp_path: Path,
) -> None:
    report = run(
        tmp_path,
        a="2024-01-05|Năm 2023, lượng khách quốc tế đến tỉnh ước đạt 2,3 triệu lượt.",
        b="2024-01-06|Năm 2023, khách quốc tế đến tỉnh đạt gần 3,09 triệu lượt người.",
        c="2024-01-06|Năm 2023, tỉnh phục vụ 4 triệu lượt.",
    )
    assert claim(report, "a", "2,3").unit == "lượt khách quốc tế"
    assert claim(report, "b", "3,09").unit == "lượt khách quốc tế"
    assert claim(report, "c", "4 triệu").unit == "lượt"  # nothing named: left bare


def test_a_multiplier_against_a_year_is_no_event_and_is_not_dated_by_its_base(
    tmp_path: Path,
) -> None:
    report = run(
        tmp_path,
        a="2023-12-29|Cả năm 2023, lượng khách quốc tế đạt 12,6 triệu lượt người,"
        " gấp 3,4 lần năm 2022.",
    )
    assert not [c for c in report.claims if c.kind == "event"]
    assert claim(report, "a", "12,6").unit == "lượt khách quốc tế"
    assert claim(report, "a", "3,4").time == "2023"


def test_a_tally_without_a_date_is_dated_by_the_games_it_names(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        a="2023-05-17|Khép lại SEA Games 32, đoàn Việt Nam giành 136 HCV và 105 HCB.",
        b="2023-05-18|Đoàn Việt Nam dự SEA Games 32 với hơn 700 vận động viên. "
        "Đoàn giành 104 huy chương bạc.",
        c="2023-05-16|Tại SEA Games 32, tính đến ngày 16/5 đoàn có 131 HCV.",
    )
    assert claim(report, "a", "136").time == "seagames#32"
    # The games named earlier in the paragraph date a later tally with no date.
    assert claim(report, "b", "104").time == "seagames#32"
    # A tally with its own date is a running tally: the date stands.
    assert claim(report, "c", "131").time == "2023-05-16"
    # Two outlets' final tallies of one games meet, and their silver counts disagree.
    assert any(
        {Path(c.source).stem for c in f.claims} == {"a", "b"} for f in report.findings
    )


def test_a_date_carried_from_an_earlier_sentence_dates_a_running_tally(tmp_path: Path) -> None:
    body = "Ngày 28/9, đoàn Việt Nam có HCV đầu tiên tại ASIAD 19. Đoàn có 1 HCV, 2 HCB."
    final = "Ngày 8/10, ASIAD 19 khép lại. Chung cuộc, đoàn Việt Nam có 3 HCV, 5 HCB."
    report = run(tmp_path, a=f"2023-09-28|{body}", b=f"2023-10-08|{final}")
    assert claim(report, "a", "1 HCV").time == "2023-09-28"
    assert claim(report, "b", "3 HCV").time == "asiad#19"


def test_a_part_is_never_compared_with_its_whole(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        a="2015-10-01|9 tháng năm 2015, kim ngạch xuất khẩu cả nước ước đạt 120,7 tỷ USD.",
        b="2015-10-02|Khu vực có vốn đầu tư nước ngoài, không kể dầu thô, xuất khẩu 86,2 tỷ USD "
        "trong 9 tháng năm 2015.",
        c="2019-05-01|Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng 4 tháng năm 2019 "
        "đạt 1.607 nghìn tỷ đồng.",
        d="2019-05-02|Doanh thu bán lẻ hàng hóa 4 tháng năm 2019 đạt 1.227 nghìn tỷ đồng.",
    )
    fdi = claim(report, "b", "86,2")
    assert fdi.frame is not None and fdi.frame.part.value == "khu vực có vốn đầu tư nước ngoài"
    goods = claim(report, "d", "1.227")
    assert goods.frame is not None and goods.frame.metric.value == "doanh thu bán lẻ hàng hóa"
    pairs = [{Path(c.source).stem for c in f.claims} for f in report.findings]
    assert {"a", "b"} not in pairs and {"c", "d"} not in pairs
