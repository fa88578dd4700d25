"""The command line in a hostile environment: closed or broken standard output, ASCII
terminals, odd file names, full disks, unwritable places, crashes, colour and completion.

Every case must end in a clear one-line error (exit 2) or work; never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import pty
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_A = "Hà Nội từng đăng cai Hội nghị cấp cao ASEM 5 năm 2004.\n"
ARTICLE_B = "Thành phố tổ chức thành công ASEM 5 năm 2005.\n"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def command(*args: str, patch: str | None = None) -> list[str]:
    """The command line as a subprocess; ``patch`` is Python run before ``main``."""
    if patch is None:
        return [sys.executable, "-m", "checker.cli", *args]
    return [sys.executable, "-c", f"{patch}\nfrom checker.cli import main\nmain()", *args]


def run(
    *args: str, patch: str | None = None, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        command(*args, patch=patch),
        cwd=kw.pop("cwd", ROOT),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        **kw,
    )


def one_error_line(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: "), proc.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    return folder


# --- standard output ---------------------------------------------------------------------


def test_closed_stdout_is_a_clear_error(corpus: Path) -> None:
    proc = subprocess.run(
        command("check", str(corpus)),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    one_error_line(proc, "standard output", "closed")


def test_closed_stdout_with_an_output_file_works(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    proc = subprocess.run(
        command("check", str(corpus), "-f", "json", "-o", str(out)),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "factcheck/report@1"


@pytest.mark.parametrize("args", [["claims", "-f", "jsonl"], ["explain"], ["check", "-f", "json"]])
def test_reader_gone_is_quiet_exit_141(tmp_path: Path, args: list[str]) -> None:
    # Enough output that it cannot all sit in the pipe when the reader leaves.
    folder = tmp_path / "many"
    folder.mkdir()
    text = (ROOT / "seeds" / "004_0e294bd6a011e5bc.txt").read_text(encoding="utf-8")
    for i in range(12):
        (folder / f"bai{i:02}.txt").write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        command(args[0], str(folder), *args[1:]),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141, err
    assert err == ""


def test_dash_is_standard_output_and_a_gone_reader_is_quiet(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    text = (ROOT / "seeds" / "004_0e294bd6a011e5bc.txt").read_text(encoding="utf-8")
    for i in range(12):
        (folder / f"bai{i:02}.txt").write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        command("claims", str(folder), "-f", "jsonl", "-o", "-"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline())["source"].endswith(".txt")
    proc.stdout.close()
    assert proc.wait(timeout=300) == 141 and proc.stderr.read() == b""


def test_ctrl_c_with_worker_processes_is_quiet(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    text = (ROOT / "seeds" / "004_0e294bd6a011e5bc.txt").read_text(encoding="utf-8")
    for i in range(400):
        (folder / f"bai{i:03}.txt").write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        command("check", str(folder), "--jobs", "2"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(2.5)  # the workers are starting or reading
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err, err.decode()


def test_ascii_stdout_works(corpus: Path) -> None:
    proc = run("check", str(corpus), "-f", "table", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.isascii() and "ASEM 5 n\\u0103m 2004" in proc.stdout


def test_ascii_stdout_works_for_help_and_explain(corpus: Path) -> None:
    proc = run("explain", str(corpus), env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


def test_stdout_on_a_full_disk_is_a_clear_error(corpus: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            command("check", str(corpus)),
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            check=False,
        )
    one_error_line(proc, "standard output", "no space left")


# --- file names and paths ----------------------------------------------------------------


def test_file_name_with_a_non_utf8_byte_in_a_folder(corpus: Path) -> None:
    odd = os.fsencode(corpus) + b"/c\xff.md"
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write(ARTICLE_B)
    proc = run("check", str(corpus), "-f", "json", "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    names = [Path(s["path"]).name for s in json.loads(proc.stdout)["sources"]]
    assert "c\\xff.md" in names
    table = run("check", str(corpus), "-f", "table")
    assert table.returncode == 1 and "c\\xff.md" in table.stdout, table.stderr


def test_output_name_with_a_non_utf8_byte(corpus: Path, tmp_path: Path) -> None:
    out = os.fsdecode(os.fsencode(tmp_path) + b"/r\xff.json")
    proc = run("check", str(corpus), "--json", out, "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(Path(out).read_text(encoding="utf-8"))["schema"] == "factcheck/report@1"


@pytest.mark.parametrize(
    "args",
    [
        ["check", ""],
        ["check", "{c}", "-o", ""],
        ["check", "{c}", "--report", ""],
        ["claims", ""],
        ["check", "{c}", "--rules", ""],
        ["baseline", "create", "{c}", "-o", ""],
        ["rules", "validate", ""],
        ["explain", "{c}", "--config", ""],
    ],
)
def test_an_empty_path_is_an_error_not_the_current_folder(corpus: Path, args: list[str]) -> None:
    proc = run(*[a.format(c=corpus) for a in args], cwd=corpus)
    one_error_line(proc, "empty path")
    assert sorted(os.listdir(corpus)) == ["a.md", "b.md"]


def test_output_that_is_a_folder_or_below_a_file(corpus: Path, tmp_path: Path) -> None:
    one_error_line(run("check", str(corpus), "-o", str(tmp_path)), "folder")
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    one_error_line(
        run("check", str(corpus), "--json", str(tmp_path / "plain" / "r.json")),
        "plain is a file, not a folder",
    )
    one_error_line(
        run("check", str(corpus), "--report", str(tmp_path / "plain" / "deep" / "r.md")),
        "plain is a file, not a folder",
    )


_READ_ONLY = """
import errno, os
from checker import atomic
real = atomic.os.open
def refuse(path, flags, *args):
    if flags & os.O_CREAT:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    return real(path, flags, *args)
atomic.os.open = refuse
"""

_FULL_DISK = """
import errno, os
from checker import atomic
def full(fd, data):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
atomic.os.write = full
"""


def test_read_only_folder_is_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    # Root writes anywhere, so the refusal of the file system is simulated.
    (tmp_path / "r.md").write_text("old", encoding="utf-8")
    proc = run("check", str(corpus), "--report", str(tmp_path / "r.md"), patch=_READ_ONLY)
    one_error_line(proc, "permission denied")
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == "old"


def test_full_disk_keeps_every_old_output(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text("old report", encoding="utf-8")
    (tmp_path / "r.json").write_text("old json", encoding="utf-8")
    proc = run(
        "check",
        str(corpus),
        "--report",
        str(tmp_path / "r.md"),
        "--json",
        str(tmp_path / "r.json"),
        patch=_FULL_DISK,
    )
    one_error_line(proc, "no space left on device")
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == "old report"
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == "old json"
    assert sorted(os.listdir(tmp_path)) == ["articles", "r.json", "r.md"]


def test_dev_full_as_output(corpus: Path) -> None:
    # A copy of /dev/full where the test can make one: a regression must not replace the
    # machine's own device.
    full = corpus.parent / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except OSError:
        full = Path("/dev/full")  # not root: nobody can rename over it then
    one_error_line(run("check", str(corpus), "-o", str(full)), "no space left on device")
    assert stat.S_ISCHR(os.stat(full).st_mode)


# --- internal errors ---------------------------------------------------------------------

_CRASH = """
import checker.pipeline
def crash(*args, **kwargs):
    raise RuntimeError("kaput in the engine")
checker.pipeline.check = crash
"""


def test_an_internal_error_exits_3_with_one_line_and_a_traceback_file(corpus: Path) -> None:
    proc = run("check", str(corpus), patch=_CRASH, env={"FACTCHECK_DEBUG": ""})
    assert proc.returncode == 3, proc.stderr
    line = proc.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("factcheck: internal error: RuntimeError: kaput in the engine")
    kept = re.search(r"traceback in (\S+)\)$", line)
    assert kept, line
    trace = Path(kept[1]).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in trace and "in crash" in trace
    assert "kaput in the engine" in trace and "'check'" in trace
    Path(kept[1]).unlink()


@pytest.mark.parametrize("how", ["env", "option"])
def test_debug_prints_the_traceback(corpus: Path, how: str) -> None:
    args = ["check", str(corpus)] if how == "env" else ["--debug", "check", str(corpus)]
    env = {"FACTCHECK_DEBUG": "1" if how == "env" else ""}
    proc = run(*args, patch=_CRASH, env=env)
    assert proc.returncode == 3
    assert "Traceback (most recent call last)" in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("factcheck: internal error:")
    found = re.search(r"traceback in (\S+)\)$", proc.stderr.strip())
    if found:
        Path(found[1]).unlink()


def test_user_errors_stay_exit_2(corpus: Path) -> None:
    one_error_line(run("check", str(corpus / "missing.md")), "missing.md")


# --- colour, progress, quiet, completion ------------------------------------------------


def on_pty(
    args: list[str], env: dict[str, str], stdout_tty: bool, stderr_tty: bool, tmp_path: Path
) -> tuple[int, str, str]:
    """Run with stdout and/or stderr on a pseudo-terminal; returns (code, stdout, stderr)."""
    master, slave = pty.openpty()
    out_file = tmp_path / "stdout.bin"
    err_file = tmp_path / "stderr.bin"
    with out_file.open("wb") as out, err_file.open("wb") as err:
        proc = subprocess.Popen(
            command(*args),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=slave if stdout_tty else out,
            stderr=slave if stderr_tty else err,
            env={**os.environ, "COLUMNS": "120", **env},
        )
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError as failure:  # EIO: the child closed the terminal
                if failure.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            seen += chunk
        code = proc.wait(timeout=300)
    os.close(master)
    tty_text = seen.decode("utf-8", "replace")
    stdout = tty_text if stdout_tty else out_file.read_text(encoding="utf-8")
    stderr = tty_text if stderr_tty and not stdout_tty else err_file.read_text(encoding="utf-8")
    return code, stdout, stderr


def test_color_auto_on_a_terminal_and_no_color(corpus: Path, tmp_path: Path) -> None:
    code, out, _ = on_pty(["check", str(corpus)], {"NO_COLOR": ""}, True, False, tmp_path)
    assert code == 1 and ANSI.search(out)
    code, out, _ = on_pty(["check", str(corpus)], {"NO_COLOR": "1"}, True, False, tmp_path)
    assert code == 1 and "ASEM 5" in out and not ANSI.search(out)
    code, out, _ = on_pty(
        ["check", str(corpus), "--color", "never"], {"NO_COLOR": ""}, True, False, tmp_path
    )
    assert code == 1 and "ASEM 5" in out and not ANSI.search(out)


def test_color_always_when_piped_and_never(corpus: Path) -> None:
    always = run("check", str(corpus), "-f", "terminal", "--color", "always", env={"NO_COLOR": "1"})
    assert always.returncode == 1 and ANSI.search(always.stdout)
    never = run("check", str(corpus), "-f", "terminal", "--color", "never")
    assert never.returncode == 1 and not ANSI.search(never.stdout)


def test_claims_table_to_a_file_has_no_colour_codes(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.table"
    code, _, _ = on_pty(
        ["claims", str(corpus), "-o", str(out)], {"NO_COLOR": ""}, True, False, tmp_path
    )
    assert code == 0 and "ASEM" in out.read_text(encoding="utf-8")
    assert not ANSI.search(out.read_text(encoding="utf-8"))


def test_progress_is_never_on_redirected_stdout(corpus: Path, tmp_path: Path) -> None:
    piped = run("check", str(corpus), "-f", "table")
    code, out, _ = on_pty(["check", str(corpus), "-f", "table"], {}, False, True, tmp_path)
    assert code == 1 and out == piped.stdout  # not even a blank line more


def test_quiet(corpus: Path, tmp_path: Path) -> None:
    code, _, err = on_pty(
        ["check", str(corpus), "-o", str(tmp_path / "o.table"), "--quiet"],
        {},
        False,
        True,
        tmp_path,
    )
    assert code == 1 and err == ""
    proc = run("baseline", "create", str(corpus), "-o", str(tmp_path / "b.json"), "-q")
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""


def test_shell_completion_is_available() -> None:
    proc = run("--show-completion", "bash")
    assert proc.returncode == 0, proc.stderr
    assert "complete -o default -F _factcheck_completion factcheck" in proc.stdout
    assert "--install-completion" in run("--help", env={"COLUMNS": "200"}).stdout
    words = {
        "_FACTCHECK_COMPLETE": "complete_bash",
        "COMP_WORDS": "factcheck ch",
        "COMP_CWORD": "1",
    }
    assert run(env=words).stdout.split() == ["check"]
