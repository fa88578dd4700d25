"""A private PostgreSQL server for the store tests: started on a free port of 127.0.0.1
in a temporary folder, stopped at the end.

Debian's ``postgresql`` package (installed by ``.ci/run``) provides ``initdb`` and
``pg_ctl``.  PostgreSQL refuses to run as root, so as root they run as the ``postgres``
user (through ``runuser``).  When no server can be started, ``start`` says why, and the
tests that need one are skipped with that reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    folder: Path
    port: int
    bindir: Path
    user: str

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"

    def database(self, name: str) -> str:
        """A fresh database on this server; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        _run(
            self,
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(server: Server, cmd: list[str]) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", server.user, "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def start() -> Server | str:
    """A running server, or the reason there is none."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install '.[postgres]')"
    bindir = _bindir()
    if bindir is None:
        return "PostgreSQL is not installed (apt-get install postgresql)"
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: cannot start PostgreSQL as another user"
    folder = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))
    if os.geteuid() == 0:
        try:
            shutil.chown(folder, user=user)
        except (LookupError, OSError) as err:
            shutil.rmtree(folder, ignore_errors=True)
            return f"no '{user}' user to run PostgreSQL as: {err}"
    server = Server(folder, _free_port(), bindir, user)
    init = _run(
        server,
        [
            str(bindir / "initdb"),
            "-D",
            str(folder / "data"),
            "-A",
            "trust",
            "-U",
            user,
            "--no-sync",
        ],
    )
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        return f"initdb failed: {init.stderr.strip()[-300:]}"
    options = f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    started = _run(
        server,
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        ],
    )
    if started.returncode != 0:
        log = (
            (folder / "log").read_text(errors="replace")[-300:] if (folder / "log").exists() else ""
        )
        shutil.rmtree(folder, ignore_errors=True)
        return f"pg_ctl start failed: {started.stderr.strip()[-200:]} {log}"
    return server
