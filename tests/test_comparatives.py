"""Comparisons read as differences, and a multiplier's base read as a base (issue 9:
precision on unseen articles).  The sentences are written for this test."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from test_extract_recall import claim, run


def test_a_comparative_with_a_comparison_word_states_the_difference_exactly(
    tmp_path: Path,
) -> None:
    report = run(
        tmp_path,
        a="2023-07-05|Khách nội địa đạt 20 triệu, thấp hơn 3,4% so với cùng kỳ năm 2022.",
        b="2023-07-05|Giá vé máy bay nội địa cao hơn 12% so với năm trước.",
        c="2023-07-05|Lượng hàng hóa ít hơn 1.200 tấn so với tháng trước.",
    )
    lower = claim(report, "a", "3,4%")
    assert (lower.quote, lower.hedge) == ("3,4%", None)
    assert (lower.low, lower.high) == (Decimal("3.35"), Decimal("3.45"))
    assert claim(report, "b", "12%").hedge is None
    assert claim(report, "c", "1.200 tấn").hedge is None


def test_without_a_comparison_word_hon_stays_a_bound(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        a="2023-07-05|Lạm phát năm nay có thể cao hơn 4%.",
        b="2023-07-05|Kim ngạch tăng hơn 3,4% so với cùng kỳ năm 2022.",
        c="2023-07-05|Thành phố có quan hệ với hơn 100 thủ đô, thành phố trên thế giới.",
    )
    assert claim(report, "a", "4%").hedge == "over"  # "higher than 4 %": a bound
    assert claim(report, "b", "3,4%").hedge == "over"  # "tăng hơn": more than 3,4 %
    assert claim(report, "c", "100").hedge == "over"


def test_a_period_right_after_a_multiplier_is_its_base_not_the_next_figures_period(
    tmp_path: Path,
) -> None:
    body = (
        "# Hàng không nửa đầu năm 2023\n\n"
        "Lượng khách quốc tế đạt 14,7 triệu, gần gấp 5 lần cùng kỳ năm 2022, song mới"
        " bằng 73,5% so với cùng kỳ năm 2019."
    )
    report = run(tmp_path, a=f"2023-07-05|{body}")
    ratio = claim(report, "a", "73,5%")
    assert ratio.frame is not None
    assert ratio.frame.period.value == "2023-01/2023-06"
    assert ratio.frame.base.value == "2019-01/2019-06"
