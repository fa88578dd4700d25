"""Atomic writes: never half a file, never over an article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker import atomic
from checker.atomic import write_atomic
from checker.errors import FactcheckError


def test_writes_and_creates_parents(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "deep" / "audit.md"
    write_atomic(target, "# Báo cáo\n")
    assert target.read_text(encoding="utf-8") == "# Báo cáo\n"
    assert os.listdir(target.parent) == ["audit.md"]


def test_newlines_kept_verbatim(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_atomic(target, "a\nb\r\nc")
    assert target.read_bytes() == b"a\nb\r\nc"


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "audit.md"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


def test_keeps_permissions_of_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "audit.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_new_file_is_not_private(tmp_path: Path) -> None:
    # mkstemp makes 0600 files; a report must follow the umask like any other file.
    target = tmp_path / "audit.md"
    write_atomic(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_failure_mid_write_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "audit.md"
    target.write_text("old report", encoding="utf-8")

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new report")
    assert target.read_text(encoding="utf-8") == "old report"
    assert os.listdir(tmp_path) == ["audit.md"]  # the temporary file is gone


def test_unencodable_text_leaves_old_file(tmp_path: Path) -> None:
    target = tmp_path / "audit.md"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half \udc80 written")
    assert target.read_text(encoding="utf-8") == "old report"
    assert os.listdir(tmp_path) == ["audit.md"]


def test_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    article = tmp_path / "articles" / "bai.md"
    article.parent.mkdir()
    article.write_text("Hà Nội có gần 100 thủ đô", encoding="utf-8")
    same = tmp_path / "articles" / ".." / "articles" / "bai.md"
    with pytest.raises(FactcheckError, match="refusing to write over an input file"):
        write_atomic(same, "report", inputs=[article])
    assert article.read_text(encoding="utf-8") == "Hà Nội có gần 100 thủ đô"


def test_refuses_hard_link_to_an_input(tmp_path: Path) -> None:
    article = tmp_path / "bai.md"
    article.write_text("nội dung", encoding="utf-8")
    link = tmp_path / "report.md"
    os.link(article, link)
    with pytest.raises(FactcheckError):
        write_atomic(link, "report", inputs=[article])
    assert article.read_text(encoding="utf-8") == "nội dung"


def test_refuses_symlink_to_an_input(tmp_path: Path) -> None:
    article = tmp_path / "bai.md"
    article.write_text("nội dung", encoding="utf-8")
    link = tmp_path / "report.md"
    link.symlink_to(article)
    with pytest.raises(FactcheckError):
        write_atomic(link, "report", inputs=[article])


def test_other_inputs_are_fine(tmp_path: Path) -> None:
    article = tmp_path / "bai.md"
    article.write_text("x", encoding="utf-8")
    write_atomic(tmp_path / "report.md", "ok", inputs=[article, tmp_path / "missing.md"])
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == "ok"
