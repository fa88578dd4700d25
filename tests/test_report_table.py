"""The plain listing: compiler-style lines editors can jump to."""

from __future__ import annotations

import re

from fixtures.report import sample

from checker.report import RenderOptions, render_table

LOCATION = re.compile(
    r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<sev>\w+) (?P<rule>[\w-]+): "
)


def test_compiler_style_lines() -> None:
    text = render_table(sample.build_report(), RenderOptions())
    located = [m for line in text.splitlines() if (m := LOCATION.match(line))]
    assert len(located) == 6
    assert located[0].groupdict() == {
        "path": "articles/kinhtedothi-hoi-nhap.txt",
        "line": "6",
        "col": "129",
        "sev": "error",
        "rule": "event-date-disagreement",
    }


def test_one_block_per_finding_and_a_summary() -> None:
    text = render_table(sample.build_report(), RenderOptions())
    blocks = text.rstrip("\n").split("\n\n")
    assert len(blocks) == 4
    assert blocks[-1] == (
        "3 findings (1 error, 1 warning, 1 info), 1 suppressed in 3 sources\n"
        "Verdict: 1 error at or above --fail-on error → exit 1"
    )
    assert "    gần 100 Thủ đô, TP lớn — Kinh tế & Đô thị, 2023-03-10" in blocks[1]


def test_empty() -> None:
    text = render_table(sample.build_report(findings=(), suppressed=()), RenderOptions())
    assert text == (
        "0 findings (0 errors, 0 warnings, 0 info) in 3 sources\n"
        "Verdict: no finding at or above --fail-on error → exit 0\n"
    )
