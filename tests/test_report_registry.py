"""The renderer registry and the rules every renderer keeps."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from fixtures.report import sample

from checker.errors import FactcheckError
from checker.report import RENDERERS, RenderOptions, render


def test_registry_names() -> None:
    assert set(RENDERERS) == {
        "terminal", "table", "concise", "markdown", "json", "github", "sarif"
    }  # fmt: skip


def test_unknown_format() -> None:
    with pytest.raises(FactcheckError, match="unknown output format 'yaml'") as info:
        render(sample.build_report(), "yaml")
    assert "markdown" in str(info.value)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_renderer_is_deterministic_and_newline_terminated(fmt: str) -> None:
    report = sample.build_report()
    first = render(report, fmt, RenderOptions())
    assert first == render(report, fmt, RenderOptions())
    assert first.endswith("\n")


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_renderer_handles_an_empty_report(fmt: str) -> None:
    empty = replace(sample.build_report(), sources=(), claims=(), facts=(), findings=())
    assert isinstance(render(empty, fmt, RenderOptions()), str)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_renderers_do_not_print(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    render(sample.build_report(), fmt, RenderOptions(color=True))
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "github", "sarif"])
def test_machine_formats_have_no_escape_codes(fmt: str) -> None:
    text = render(sample.build_report(), fmt, RenderOptions(color=True))
    assert not re.search(r"\x1b\[", text)


def test_order_of_findings_does_not_matter() -> None:
    report = sample.build_report()
    reversed_report = replace(report, findings=tuple(reversed(report.findings)))
    for fmt in RENDERERS:
        assert render(report, fmt) == render(reversed_report, fmt)
