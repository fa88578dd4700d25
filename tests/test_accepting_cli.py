"""Accepting findings from the command line: unused ignores are reported, baselines
survive one more article repeating an accepted figure."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from clirun import run_cli

ARTICLE_A = (
    "Đến nay, tỉnh Quảng Trị đã có quan hệ hợp tác với gần 40 địa phương nước ngoài"
    " trên thế giới.\n"
)
ARTICLE_B = (
    "Đến nay, tỉnh Quảng Trị đã có quan hệ hợp tác với hơn 40 địa phương nước ngoài"
    " trên thế giới, theo Sở Ngoại vụ.\n"
)


def factcheck(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def corpus(tmp_path: Path, comment: str = "") -> Path:
    folder = tmp_path / "bai"
    folder.mkdir()
    (folder / "a.txt").write_text(comment + ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    return folder


def test_an_ignore_naming_an_unknown_rule_is_a_warning_not_an_error(tmp_path: Path) -> None:
    comment = "<!-- factcheck-ignore: interval-disagrement đã kiểm tra với sở -->\n"
    folder = corpus(tmp_path, comment)
    out = tmp_path / "result.json"
    done = factcheck(tmp_path, "check", "bai", "--format", "json", "-o", str(out))
    # Nothing was hidden: the error counts as before (exit 1, not 2).
    assert done.returncode == 1, done.stderr
    warning = next(line for line in done.stderr.splitlines() if "warning:" in line)
    assert warning.startswith(f"factcheck: {Path('bai') / 'a.txt'}:1:1: warning: factcheck-ignore")
    assert "unknown rule 'interval-disagrement' (did you mean 'interval-disagreement'?)" in warning
    result = json.loads(out.read_text(encoding="utf-8"))
    (unused,) = result["unused_suppressions"]
    assert unused["kind"] == "inSource" and unused["line"] == 1
    assert unused["problem"].startswith("names unknown rule")
    assert result["summary"]["suppressed"] == 0
    assert folder.is_dir()


def test_an_ignore_file_entry_that_matches_nothing_is_reported(tmp_path: Path) -> None:
    corpus(tmp_path)
    ignore = tmp_path / "ignore.yml"
    ignore.write_text(
        "- rule: interval-disagreement\n  reason: đã kiểm tra\n"
        "- fact: không có sự kiện này\n  reason: bài cũ\n",
        encoding="utf-8",
    )
    done = factcheck(tmp_path, "check", "bai", "--ignore-file", str(ignore), "-f", "table")
    assert done.returncode == 0, done.stdout + done.stderr  # the finding is suppressed
    warnings = [line for line in done.stderr.splitlines() if "warning:" in line]
    assert warnings == [f"factcheck: {ignore}:3:3: warning: ignore entry matches no finding"]


def test_a_used_ignore_prints_nothing(tmp_path: Path) -> None:
    corpus(tmp_path, "<!-- factcheck-ignore: interval-disagreement đã kiểm tra với sở -->\n")
    done = factcheck(tmp_path, "check", "bai", "-f", "sarif")
    assert done.returncode == 0, done.stderr
    assert "warning:" not in done.stderr
    (result,) = json.loads(done.stdout)["runs"][0]["results"]
    assert result["suppressions"][0]["kind"] == "inSource"
    assert result["suppressions"][0]["justification"] == "đã kiểm tra với sở"


def test_one_more_article_repeating_an_accepted_figure_stays_accepted(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert factcheck(tmp_path, "baseline", "create", "bai", "-o", str(baseline)).returncode == 0
    (folder / "c.txt").write_text(
        "Theo báo cáo, đến nay tỉnh Quảng Trị đã có quan hệ hợp tác với hơn 40 địa phương"
        " nước ngoài.\n",
        encoding="utf-8",
    )
    done = factcheck(tmp_path, "check", "bai", "--baseline", str(baseline), "-f", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["summary"]["baseline"] == 1
    # A new figure is a new conflict.
    (folder / "d.txt").write_text(
        "Đến nay, tỉnh Quảng Trị đã có quan hệ hợp tác với hơn 60 địa phương nước ngoài.\n",
        encoding="utf-8",
    )
    done = factcheck(tmp_path, "check", "bai", "--baseline", str(baseline), "-f", "json")
    assert done.returncode == 1, done.stdout + done.stderr
