"""Small corpora written by a test: articles with front matter, checked as one folder.

Shared by the alignment tests (frames, units, qualifiers), which each had a copy.
"""

from __future__ import annotations

from pathlib import Path

from checker.model import Finding, Report
from checker.pipeline import Engine, check


def run(tmp_path: Path, engine: Engine, **articles: str) -> Report:
    """Write each ``name=text`` as ``name.md`` in ``tmp_path`` and check the folder."""
    for name, text in articles.items():
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    return check([tmp_path], engine)


def article(published: str, body: str, title: str = "Tin kinh tế") -> str:
    """An article with a title and a publication date in its front matter."""
    return f'---\ntitle: "{title}"\npublished: {published}\n---\n{body}\n'


def alarms(report: Report) -> list[Finding]:
    """The findings an editor is alarmed by: errors and warnings."""
    return [f for f in report.findings if f.severity in ("error", "warning")]
