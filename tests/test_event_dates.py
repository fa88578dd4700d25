"""Events and their dates: unnumbered festivals named by their year, opening and closing
days bound to the event, and the event-date rule on them (issue 9, time and events).

Every sentence here is written for this test."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from checker.model import Claim
from checker.pipeline import Engine, check


@cache
def _engine() -> Engine:
    return Engine.load()


def _write(folder: Path, name: str, body: str, published: str = "2024-03-01") -> None:
    text = f'---\ntitle: "t"\npublished: {published}\n---\n{body}\n'
    (folder / name).write_text(text, encoding="utf-8")


def _events(tmp_path: Path, body: str, published: str = "2024-03-01") -> list[Claim]:
    _write(tmp_path, "a.md", body, published)
    report = check([tmp_path / "a.md"], _engine())
    return [c for f in report.facts for c in f.claims if c.kind == "event"]


def _date_findings(tmp_path: Path, a: str, b: str) -> list[str]:
    _write(tmp_path, "a.md", a)
    _write(tmp_path, "b.md", b)
    report = check([tmp_path], _engine())
    return [f.rule for f in report.findings if f.rule == "event-date-disagreement"]


def test_a_festival_named_with_its_year_is_one_event_with_its_dates(tmp_path: Path) -> None:
    (ev,) = _events(
        tmp_path, "Lễ hội Chùa Mẫu năm 2024 diễn ra từ ngày 12 đến 15/3/2024 tại Nam Định."
    )
    assert ev.event == "le hoi chua mau@2024"
    assert ev.time == "2024-03-12/2024-03-15"


def test_a_festival_without_a_year_takes_the_year_of_its_dates(tmp_path: Path) -> None:
    (ev,) = _events(tmp_path, "Tuần lễ Cà phê Tây Nguyên diễn ra từ ngày 8 đến 14/3/2024.")
    assert ev.event == "tuan le ca phe tay nguyen@2024"


@pytest.mark.parametrize(
    "body",
    [
        # No capitalised name after the head: a common noun, no one event.
        "Lễ hội năm nay diễn ra từ ngày 8 đến 14/3/2024.",
        # A name with no year and no dates bound to it identifies nothing.
        "Tuần lễ Cà phê Tây Nguyên thu hút đông du khách.",
        # A conference is not named by its year alone: every ministry holds one.
        "Hội nghị Tổng kết năm 2023 diễn ra ngày 5/1/2024.",
    ],
)
def test_no_unnumbered_event_without_a_proper_name_and_a_year(tmp_path: Path, body: str) -> None:
    assert _events(tmp_path, body) == []


def test_opening_and_closing_days_bind_to_the_event(tmp_path: Path) -> None:
    (ev,) = _events(
        tmp_path,
        "Ngày hội Văn hóa các dân tộc tỉnh Lai Mẫu lần thứ V khai mạc tối 9/3"
        " và bế mạc ngày 11/3/2024.",
    )
    assert ev.event is not None and ev.event.endswith("#5")
    assert (ev.time, ev.time_text) == ("2024-03-09/2024-03-11", "span")


def test_the_repeated_head_and_the_length_do_not_unbind_the_dates(tmp_path: Path) -> None:
    (ev,) = _events(
        tmp_path,
        "Trước Đại hội Hội Nông dân Mẫu lần thứ IX, ban tổ chức cho biết đại hội diễn ra"
        " trong 3 ngày, từ 20/3 đến 22/3/2024.",
    )
    assert ev.time == "2024-03-20/2024-03-22"


def test_a_closing_day_alone_has_its_role(tmp_path: Path) -> None:
    (ev,) = _events(tmp_path, "Hội chợ Mẫu lần thứ 12 kéo dài đến hết ngày 17/3/2024.")
    assert (ev.time, ev.time_text) == ("2024-03-17", "closing")


def test_a_span_across_months_without_a_year_is_one_span(tmp_path: Path) -> None:
    (ev,) = _events(
        tmp_path, "Liên hoan Diều Mẫu (LHD) 2024, diễn ra từ ngày 28/3 đến 2/4 bên bờ biển."
    )
    assert ev.event == "lhd@2024"
    assert ev.time == "2024-03-28/2024-04-02"


FESTIVAL_A = "Lễ hội Hoa Sơn Mẫu năm 2024 diễn ra từ ngày 10 đến 14/3/2024 tại Lào Cai."


@pytest.mark.parametrize(
    "other",
    [
        "Lễ hội Hoa Sơn Mẫu năm 2024 được tổ chức từ ngày 10 đến 13/3/2024.",  # end day
        "Lễ hội Hoa Sơn Mẫu năm 2024 khai mạc ngày 10/3 và bế mạc ngày 13/3/2024.",
        "Lễ hội Hoa Sơn Mẫu năm 2024 bế mạc ngày 15/3/2024.",  # a closing day after it
    ],
)
def test_different_days_for_one_festival_conflict(tmp_path: Path, other: str) -> None:
    assert _date_findings(tmp_path, FESTIVAL_A, other) == ["event-date-disagreement"]


@pytest.mark.parametrize(
    "other",
    [
        "Lễ hội Hoa Sơn Mẫu năm 2024 khai mạc ngày 10/3/2024.",  # its opening day
        "Lễ hội Hoa Sơn Mẫu năm 2024 bế mạc ngày 14/3/2024.",  # its closing day
        "Lễ hội Hoa Sơn Mẫu năm 2024 diễn ra từ ngày 10 đến 14/3/2024.",
        # Another festival of the same year: never one event.
        "Lễ hội Hoa Ban Mẫu năm 2024 diễn ra từ ngày 11 đến 13/3/2024.",
        # The same festival another year.
        "Lễ hội Hoa Sơn Mẫu năm 2023 diễn ra từ ngày 11 đến 13/3/2023.",
    ],
)
def test_agreeing_days_or_other_festivals_stay_quiet(tmp_path: Path, other: str) -> None:
    assert _date_findings(tmp_path, FESTIVAL_A, other) == []


def test_an_opening_and_another_sources_closing_never_disagree(tmp_path: Path) -> None:
    assert (
        _date_findings(
            tmp_path,
            "Hội chợ Mẫu lần thứ 12 khai mạc ngày 12/3/2024.",
            "Hội chợ Mẫu lần thứ 12 bế mạc ngày 16/3/2024.",
        )
        == []
    )


def test_a_lowercase_head_names_no_event(tmp_path: Path) -> None:
    assert _events(tmp_path, "Tỉnh tổ chức lễ hội Đền Mẫu năm 2024 vào ngày 5/3/2024.") == []


def test_a_year_named_event_is_not_dated_by_another_year(tmp_path: Path) -> None:
    assert (
        _date_findings(
            tmp_path,
            "Thành phố từng đón Hội nghị cấp cao APEC 2006 và nhiều sự kiện khác.",
            "Thành phố đăng cai APEC (2006), Năm ASEAN Việt Nam (2010) và nhiều hội nghị.",
        )
        == []
    )
