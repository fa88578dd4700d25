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
