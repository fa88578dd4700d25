"""Read input files safely: regular files only, never blocking, never without a size cap.

Every input factcheck reads (articles, ``sources.yml``, rule packs, ignore files,
baselines, JSON results) goes through ``read_bytes``.  A FIFO named ``a.txt`` would
block a plain ``open`` forever and a link to ``/dev/zero`` would read until memory runs
out, so the path is ``stat``-ed first (following links: what counts is the target), only
a regular file is opened, it is opened with ``O_NONBLOCK`` (a file swapped for a FIFO
between the ``stat`` and the ``open`` still cannot block), checked again on the open
descriptor, and read up to a limit.

The limit is ``DEFAULT_MAX_BYTES`` (50 MB) unless the environment variable
``FACTCHECK_MAX_FILE_BYTES`` says otherwise (bytes, or with a K, M or G suffix); it is
read from the environment so that worker processes (``--jobs``) apply the same limit.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from checker.errors import FactcheckError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_BYTES_ENV = "FACTCHECK_MAX_FILE_BYTES"

_SIZE = re.compile(r"\s*(\d{1,15})\s*([kmg]?)i?b?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def max_bytes() -> int:
    """The largest input file read, in bytes (``FACTCHECK_MAX_FILE_BYTES`` or 50 MB)."""
    setting = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not setting:
        return DEFAULT_MAX_BYTES
    match = _SIZE.fullmatch(setting)
    if not match or int(match.group(1)) == 0:
        raise FactcheckError(
            f"{MAX_BYTES_ENV}={setting!r} is not a size",
            hint="write a number of bytes, or e.g. 50M",
        )
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, for messages ("a FIFO (named pipe)", ...)."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower()


def _size_text(size: int) -> str:
    return f"{size / 1024**2:.1f} MB" if size >= 1024**2 else f"{size} bytes"


def _too_large(display: str, size: int, limit: int) -> FactcheckError:
    return FactcheckError(
        f"file too large ({_size_text(size)}; the limit is {_size_text(limit)})",
        path=display,
        hint=f"raise it with {MAX_BYTES_ENV}",
    )


def read_bytes(path: str | Path, display: str | None = None, *, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` (default ``max_bytes()``).

    Raises ``FactcheckError`` naming ``display`` (default: the path) when the file is
    missing, unreadable, not a regular file, or larger than the limit.
    """
    shown = display if display is not None else Path(path).as_posix()
    limit = max_bytes() if limit is None else limit
    try:
        before = os.stat(path)
    except OSError as err:
        raise FactcheckError(f"cannot read file: {_reason(err)}", path=shown) from err
    if not stat.S_ISREG(before.st_mode):
        raise FactcheckError(f"cannot read file: it is {kind_of(before.st_mode)}", path=shown)
    if before.st_size > limit:
        raise _too_large(shown, before.st_size, limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise FactcheckError(f"cannot read file: {_reason(err)}", path=shown) from err
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # replaced between the stat and the open
            raise FactcheckError(f"cannot read file: it is {kind_of(mode)}", path=shown)
        chunks: list[bytes] = []
        total = 0
        while True:  # the file may grow while it is read: never past the limit
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_large(shown, total, limit)
        return b"".join(chunks)
    except OSError as err:
        raise FactcheckError(f"cannot read file: {_reason(err)}", path=shown) from err
    finally:
        os.close(fd)


def read_text(path: str | Path, display: str | None = None) -> str:
    """The text of a UTF-8 file (a BOM is dropped), read as ``read_bytes`` reads it.

    Bytes that are not UTF-8 raise ``FactcheckError`` at their line and column.
    """
    shown = display if display is not None else Path(path).as_posix()
    raw = read_bytes(path, shown)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        head = raw[: err.start]
        line_start = head.rfind(b"\n") + 1
        raise FactcheckError(
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x})",
            path=shown,
            line=head.count(b"\n") + 1,
            column=len(head[line_start:].decode("utf-8", "replace")) + 1,
            hint="save the file as UTF-8",
        ) from None


def read_head(path: str | Path, size: int = 512) -> bytes:
    """The first ``size`` bytes of a regular file, or b"" when it cannot be read.

    For quick looks (a marker on the first line) during discovery: errors are left for
    the real read to report.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, size)
    except OSError:
        return b""
    finally:
        os.close(fd)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_BYTES_ENV",
    "kind_of",
    "max_bytes",
    "read_bytes",
    "read_head",
    "read_text",
]
