"""Write output files so that a crash never leaves half a report behind.

Reports, JSON results and baselines are written to a temporary file in the target's
directory and moved into place with ``os.replace``, which is atomic on POSIX and
Windows when both paths are on the same file system (hence the same directory).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from checker.errors import FactcheckError


def write_atomic(path: Path, text: str, *, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` (UTF-8, newlines kept as given) to ``path`` atomically.

    Parent directories are created.  Raises ``FactcheckError`` if ``path`` is one of
    ``inputs``: an output option pointing at an article would otherwise destroy it.
    On any failure the previous content of ``path`` is left untouched.
    """
    path = Path(path)
    _refuse_inputs(path, inputs)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _target_mode(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; a report should get the usual permissions.
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _refuse_inputs(path: Path, inputs: Iterable[Path]) -> None:
    target = path.resolve()
    for source in inputs:
        source = Path(source)
        same = source.resolve() == target
        if not same and path.exists() and source.exists():
            # Hard links and bind mounts resolve to different names for one file.
            same = os.path.samefile(source, path)
        if same:
            raise FactcheckError(
                "refusing to write over an input file",
                path=str(path),
                hint="choose another output path",
            )


def _target_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        # Reading the umask means setting it; there is no other portable way.
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
