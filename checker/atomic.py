"""Write one output file so that a crash never leaves half of it behind.

A regular file is written to a temporary file in the target's folder and moved into place
with ``os.replace``, which is atomic on POSIX and Windows when both paths are on the same
file system (hence the same folder).  ``checker.outputs`` plans every output of a run
(which paths, refused or not, in which order) and uses the pieces here:

- ``create_temp`` writes the bytes to ``.{name}.{pid}.{8 hex}.tmp`` beside the target,
  flushed to disk, with the target's permissions;
- ``remove_stale_temps`` deletes temporary files of that pattern whose process is gone
  (a run killed with ``kill -9`` or a power cut cannot clean up after itself);
- ``write_direct`` writes to a descriptor or to a FIFO or character device in place:
  renaming a file over ``/dev/null`` or a named pipe would replace it.

``write_atomic`` writes a single file through a one-output plan.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d{1,10})\.[0-9a-f]{8}\.tmp")
_NAME_MAX = 120  # of the target's name kept in the temporary name (file names max 255 bytes)


def temp_path(final: Path) -> Path:
    """A fresh temporary name beside ``final`` that says which process made it."""
    name = final.name[:_NAME_MAX]
    return final.parent / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def is_temp_name(name: str) -> bool:
    """Whether ``name`` has the form of factcheck's temporary files."""
    return _TEMP.fullmatch(name) is not None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except (OSError, OverflowError):
        return False
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete factcheck's temporary files in ``folder`` whose process no longer runs.

    Returns what was removed.  Files of live processes (another run writing now) and any
    other file are left alone; a folder that cannot be listed is left as it is.
    """
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        found = _TEMP.fullmatch(name)
        if found is None or _alive(int(found["pid"])):
            continue
        with contextlib.suppress(OSError):
            (folder / name).unlink()
            removed.append(folder / name)
    return removed


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd`` (``os.write`` may write only part)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def create_temp(final: Path, data: bytes, mode: int) -> Path:
    """Write ``data`` to a new temporary file beside ``final``; flushed, with ``mode``.

    On any failure (a full disk, an interrupt) the temporary file is removed and the
    exception propagates.
    """
    tmp = temp_path(final)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
            # Created 0600; a report gets the permissions the old file or the umask gives.
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the rename) to disk where the system allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_direct(target: Path | int, data: bytes) -> None:
    """Write ``data`` in place to a descriptor, a FIFO or a character device.

    A descriptor (``/dev/stdout``) is written where it stands, so a shell's ``>>`` keeps
    appending; a FIFO blocks until a reader opens it, as with any program.
    """
    if isinstance(target, int):
        write_all(target, data)
        return
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        write_all(fd, data)
    finally:
        os.close(fd)


def new_file_mode() -> int:
    """The permissions a new file gets from the umask (a report is not private)."""
    # Reading the umask means setting it; there is no other portable way.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, text: str, *, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` (UTF-8, newlines kept as given) to ``path`` atomically.

    A one-output plan (see ``checker.outputs``): parent folders are created; it raises
    ``FactcheckError`` when ``path`` is one of ``inputs`` (by name, link or hard link),
    a folder, or a file that cannot be written.  On any failure the previous content of
    ``path`` is left untouched and no temporary file is left behind.
    """
    from checker.outputs import InputSet, OutputPlan

    plan = OutputPlan(InputSet.of_files(inputs))
    target = plan.add(Path(path), "output")
    plan.commit({target: text})
