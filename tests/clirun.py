"""Run the factcheck command line as a subprocess, the way a user's shell would.

One helper for the CLI tests (they had grown four copies of it).  The checkout is put on
``PYTHONPATH`` so that the code under test is this tree's, whatever is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(
    *args: str | Path,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``python -m checker.cli ARGS`` in ``cwd``; ``env`` adds to (or overrides) os.environ."""
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )
