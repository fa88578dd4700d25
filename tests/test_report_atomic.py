"""Atomic writes: never half a file, never over an article, never a temp file left."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from checker import atomic
from checker.atomic import is_temp_name, remove_stale_temps, temp_path, write_atomic
from checker.errors import FactcheckError
from checker.outputs import MARKER, InputSet, OutputPlan


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(proc.stdout)


def test_writes_and_creates_parents(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "deep" / "audit.json"
    write_atomic(target, '{"a": "Báo cáo"}\n')
    assert target.read_text(encoding="utf-8") == '{"a": "Báo cáo"}\n'
    assert os.listdir(target.parent) == ["audit.json"]


def test_newlines_kept_verbatim(tmp_path: Path) -> None:
    target = tmp_path / "a.out"
    write_atomic(target, "a\nb\r\nc")
    assert target.read_bytes() == b"a\nb\r\nc"


def test_article_suffix_gets_the_marker_line(tmp_path: Path) -> None:
    for name in ("a.md", "b.TXT", "c.html"):
        write_atomic(tmp_path / name, "# Báo cáo\n")
        assert (tmp_path / name).read_text(encoding="utf-8") == f"{MARKER}\n# Báo cáo\n"


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "audit.json"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


def test_keeps_permissions_of_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "audit.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_new_file_is_not_private(tmp_path: Path) -> None:
    # Temporary files are made 0600; a report must follow the umask like any other file.
    target = tmp_path / "audit.json"
    write_atomic(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("fails", ["fsync", "write"])
def test_full_disk_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    target = tmp_path / "audit.json"
    target.write_text("old report", encoding="utf-8")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, fails, full)
    with pytest.raises(FactcheckError, match="no space left on device") as caught:
        write_atomic(target, "new report")
    assert "audit.json" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "old report"
    assert os.listdir(tmp_path) == ["audit.json"]  # the temporary file is gone


def test_interrupt_mid_write_removes_the_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "audit.json"
    target.write_text("old", encoding="utf-8")

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["audit.json"]


def test_text_utf8_cannot_hold_is_escaped_not_fatal(tmp_path: Path) -> None:
    # A lone surrogate is how Python spells a non-UTF-8 byte of a file name.
    target = tmp_path / "audit.out"
    write_atomic(target, "bai\udcff.txt \udc80")
    assert target.read_bytes() == b"bai\\xff.txt \\x80"


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
    assert article.read_text(encoding="utf-8") == "nội dung"


def test_other_inputs_are_fine(tmp_path: Path) -> None:
    article = tmp_path / "bai.md"
    article.write_text("x", encoding="utf-8")
    write_atomic(tmp_path / "report.json", "ok", inputs=[article, tmp_path / "missing.md"])
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "ok"


def test_symlinked_output_replaces_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "store" / "result.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "result.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "new"


def test_character_device_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        null = Path(os.devnull)  # not root: a rename over /dev/null would fail anyway
    before = os.stat(null)
    write_atomic(null, "discarded")
    after = os.stat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_folder_target_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FactcheckError, match="it is a folder"):
        write_atomic(tmp_path, "x")


def test_parent_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    with pytest.raises(FactcheckError, match="is a file, not a folder"):
        write_atomic(tmp_path / "plain" / "deeper" / "r.json", "x")
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "x"


def test_temp_names_carry_the_pid(tmp_path: Path) -> None:
    name = temp_path(tmp_path / "audit.md").name
    assert name.startswith(f".audit.md.{os.getpid()}.") and name.endswith(".tmp")
    assert is_temp_name(name)
    assert not is_temp_name(".audit.md.tmp") and not is_temp_name("audit.md")


def test_stale_temps_of_dead_runs_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / f".audit.md.{_dead_pid()}.0123abcd.tmp"
    live = tmp_path / f".audit.md.{os.getppid()}.0123abcd.tmp"  # a running process
    other = tmp_path / ".notes.tmp"
    for path in (dead, live, other):
        path.write_text("half", encoding="utf-8")
    assert remove_stale_temps(tmp_path) == [dead]
    assert not dead.exists() and live.exists() and other.exists()


def test_the_next_write_cleans_the_folder(tmp_path: Path) -> None:
    dead = tmp_path / f".old.json.{_dead_pid()}.deadbeef.tmp"
    dead.write_text("half", encoding="utf-8")
    write_atomic(tmp_path / "new.json", "{}")
    assert sorted(os.listdir(tmp_path)) == ["new.json"]


def test_sigterm_while_writing_removes_every_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checker.outputs import Interrupted

    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text("old a", encoding="utf-8")
    plan = OutputPlan(InputSet())
    ta, tb = plan.add(first, "--json"), plan.add(second, "-o")
    real_write = atomic.write_all
    calls = []

    def write_then_term(fd: int, data: bytes) -> None:
        real_write(fd, data)
        calls.append(fd)
        if len(calls) == 2:  # both temp files exist, nothing renamed yet
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(atomic, "write_all", write_then_term)
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted):
        plan.commit({ta: "new a", tb: "new b"})
    assert first.read_text(encoding="utf-8") == "old a" and not second.exists()
    assert os.listdir(tmp_path) == ["a.json"]
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is put back
