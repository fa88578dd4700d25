"""GitHub workflow commands: one annotation per claim, escaped the way Actions expects."""

from __future__ import annotations

import re
from dataclasses import replace

from fixtures.report import sample

from checker.report import RenderOptions, render_github
from checker.report.github import escape_data, escape_property

COMMAND = re.compile(
    r"::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.*)"
)


def test_one_annotation_per_claim() -> None:
    lines = render_github(sample.build_report(), RenderOptions()).splitlines()
    assert len(lines) == 6
    parsed = [COMMAND.fullmatch(line) for line in lines]
    assert all(parsed)
    assert [m.group(1) for m in parsed if m] == ["error"] * 2 + ["warning"] * 2 + ["notice"] * 2
    first = parsed[0]
    assert first is not None
    assert first.group(2, 3, 4, 5) == (
        "articles/kinhtedothi-hoi-nhap.txt", "6", "129", "event-date-disagreement",
    )  # fmt: skip


def test_escaping() -> None:
    assert escape_data("50% of\r\nthat") == "50%25 of%0D%0Athat"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_message_and_properties_are_escaped() -> None:
    claim = replace(sample.ASEM_A, source="bài, viết:1.txt")
    finding = replace(sample.FINDING_ASEM, message="100% sai\nrõ ràng", claims=(claim,))
    text = render_github(sample.build_report(findings=(finding,)), RenderOptions())
    assert text == (
        "::error file=bài%2C viết%3A1.txt,line=6,col=129,title=event-date-disagreement"
        "::100%25 sai rõ ràng\n"
    )


def test_paths_relative_to_root() -> None:
    claim = replace(sample.ASEM_A, source="/repo/articles/a.txt")
    finding = replace(sample.FINDING_ASEM, claims=(claim,))
    text = render_github(sample.build_report(findings=(finding,)), RenderOptions(root="/repo"))
    assert "file=articles/a.txt," in text


def test_no_findings_no_output() -> None:
    assert render_github(sample.build_report(findings=()), RenderOptions()) == ""


# ---------------------------------------------------------------- GitHub's 10 per kind


def many_findings(count: int, severity: str = "error") -> tuple:
    """``count`` findings of two claims each, on distinct facts."""
    return tuple(
        replace(
            sample.FINDING_ASEM,
            severity=severity,
            fact=f"event: ASEM {i}",
            fact_key=f"event||asem#{i}|ASEM {i}",
            claims=tuple(replace(c, line=c.line + i) for c in sample.FINDING_ASEM.claims),
            fingerprint=f"{i:016x}",
        )
        for i in range(count)
    )


def test_at_most_ten_annotations_of_each_kind_then_a_summary() -> None:
    findings = many_findings(7, "error") + many_findings(6, "warning") + many_findings(2, "info")
    lines = render_github(sample.build_report(findings=findings), RenderOptions()).splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds.count("::error") == 10
    assert kinds.count("::warning") == 10
    assert kinds.count("::notice") == 4 + 1  # the two info findings' claims, and the summary
    summary = lines[-1]
    assert summary.startswith("::notice title=factcheck::")
    assert "10 of 14 error annotations and 10 of 12 warning annotations shown" in summary
    assert "all 15 findings are in the JSON result (--json FILE)" in summary


def test_every_finding_gets_an_annotation_before_any_gets_a_second() -> None:
    lines = render_github(
        sample.build_report(findings=many_findings(7)), RenderOptions()
    ).splitlines()
    annotated = [COMMAND.fullmatch(line) for line in lines if line.startswith("::error")]
    # 7 findings of 2 claims in 10 annotations: every finding's first claim is there.
    lines_seen = {int(m.group(3)) for m in annotated if m}
    first_lines = {sample.ASEM_A.line + i for i in range(7)}
    assert first_lines <= lines_seen


def test_notices_leave_room_for_the_summary() -> None:
    findings = many_findings(6, "info") + many_findings(6, "error")
    lines = render_github(sample.build_report(findings=findings), RenderOptions()).splitlines()
    notices = [line for line in lines if line.startswith("::notice")]
    assert len(notices) == 10  # 9 info annotations and the summary: GitHub shows all ten
    assert "9 of 12 notice annotations" in notices[-1]


def test_no_summary_when_everything_fits() -> None:
    lines = render_github(sample.build_report(findings=many_findings(5)), RenderOptions())
    assert "title=factcheck::" not in lines
