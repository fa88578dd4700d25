"""Renderers: one module per output format, each a pure function of a ``Report``.

``render_<fmt>(report, options) -> str`` never prints and never decides what is a
finding; the CLI chooses the format and writes the text where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.errors import FactcheckError
from checker.model import Report
from checker.report.claims_csv import CSV_COLUMNS, render_claims_csv
from checker.report.common import RenderOptions
from checker.report.concise import render_concise
from checker.report.github import render_github
from checker.report.json_report import SCHEMA, render_json, report_from_json
from checker.report.markdown import render_markdown
from checker.report.sarif import render_sarif
from checker.report.table import render_table
from checker.report.terminal import render_terminal

Renderer = Callable[[Report, RenderOptions], str]

RENDERERS: dict[str, Renderer] = {
    "terminal": render_terminal,
    "table": render_table,
    "concise": render_concise,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    """Render ``report`` in format ``fmt`` (a key of ``RENDERERS``).

    Raises FactcheckError for an unknown format, listing the known ones.
    """
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise FactcheckError(
            f"unknown output format {fmt!r}", hint="choose one of " + ", ".join(RENDERERS)
        ) from None
    return renderer(report, options or RenderOptions())


__all__ = [
    "CSV_COLUMNS",
    "RENDERERS",
    "SCHEMA",
    "RenderOptions",
    "Renderer",
    "render",
    "render_claims_csv",
    "render_concise",
    "render_github",
    "render_json",
    "render_markdown",
    "render_sarif",
    "render_table",
    "render_terminal",
    "report_from_json",
]
