"""'ước' is a status, not an approximation (issue 9, recall round 2): an estimate holds
to its stated rounding, and a conflict that rests on an estimate against another release
(another status or publication date) is a warning, not an error."""

from __future__ import annotations

from pathlib import Path

from checker.model import Report
from checker.pipeline import Engine, check

ENGINE = Engine.load()
SENTENCE = "Năm 2024, kim ngạch xuất khẩu gạo của cả nước {verb} {value} tỷ USD."


def run(tmp_path: Path, *sides: tuple[str, str, str]) -> Report:
    for i, (published, verb, value) in enumerate(sides):
        body = SENTENCE.format(verb=verb, value=value)
        text = f'---\ntitle: "Bài {i}"\npublished: {published}\n---\n{body}\n'
        (tmp_path / f"{i}.md").write_text(text, encoding="utf-8")
    return check([tmp_path], ENGINE)


def severities(report: Report) -> list[str]:
    return [f.severity for f in report.findings]


def test_one_estimate_quoted_with_other_digits_on_the_same_day_is_an_error(
    tmp_path: Path,
) -> None:
    report = run(tmp_path, ("2024-12-30", "ước đạt", "5,75"), ("2024-12-30", "ước đạt", "5,57"))
    assert severities(report) == ["error"]


def test_an_estimate_is_no_ten_percent_interval(tmp_path: Path) -> None:
    # Within 10 % of each other: the old reading let both stand.
    report = run(tmp_path, ("2024-12-30", "ước đạt", "5,75"), ("2024-12-30", "ước đạt", "5,6"))
    assert severities(report) == ["error"]


def test_an_estimate_against_a_later_release_is_a_warning(tmp_path: Path) -> None:
    report = run(tmp_path, ("2024-12-30", "ước đạt", "5,75"), ("2025-01-06", "đạt", "5,57"))
    assert severities(report) == ["warning"]
    assert any("revised" in r for r in report.findings[0].reasons)


def test_two_results_on_different_days_stay_an_error(tmp_path: Path) -> None:
    report = run(tmp_path, ("2025-01-06", "đạt", "5,75"), ("2025-01-08", "đạt", "5,57"))
    assert severities(report) == ["error"]


def test_results_that_disagree_on_their_own_stay_an_error_beside_an_estimate(
    tmp_path: Path,
) -> None:
    # The estimate may have been revised, but the two results cannot both be right.
    report = run(
        tmp_path,
        ("2024-12-30", "ước đạt", "5,75"),
        ("2025-01-06", "đạt", "5,57"),
        ("2025-01-08", "đạt", "5,2"),
    )
    assert severities(report) == ["error"]
    assert not any("revised" in r for r in report.findings[0].reasons)
