"""What a run imports: a check must not pay for libraries it does not use.

pandas once cost a quarter of a one-second check, for one CSV file; the claims CSV is
written with the csv module now, and no command may bring pandas back in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Runs the CLI in-process, then prints which of the heavy modules were imported.
PROBE = """
import json, sys
from checker.cli import main
sys.argv = ["factcheck", *sys.argv[1:]]
try:
    main()
except SystemExit as stop:
    code = stop.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"pandas", "pyarrow", "openpyxl"})
print(json.dumps({"exit": code, "heavy": heavy}), file=sys.stderr)
"""


def _imports(tmp_path: Path, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=tmp_path, capture_output=True, text=True
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("check", str(SEEDS), "--report", "audit.md", "--json", "result.json"),
        ("check", str(SEEDS), "--format", "sarif"),
        ("claims", str(SEEDS), "--format", "csv", "-o", "claims.csv"),
    ],
    ids=["check-report", "check-sarif", "claims-csv"],
)
def test_no_dataframe_library_is_imported(tmp_path: Path, args: tuple[str, ...]) -> None:
    seen = _imports(tmp_path, *args)
    assert seen["exit"] in (0, 1, None), seen
    assert seen["heavy"] == []
