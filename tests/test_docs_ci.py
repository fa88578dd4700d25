"""docs/ci.md says what the code does: its workflow, adoption steps and suppression
examples are run here, on a copy of the seeds laid out as a repository of articles."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DOC = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^( *)```(\w+)\n(.*?)^\1```", re.S | re.M)


def blocks(language: str) -> list[str]:
    """The fenced code blocks of ``language`` in docs/ci.md, dedented."""
    found = []
    for indent, lang, body in FENCE.findall(DOC):
        if lang == language:
            found.append("".join(line.removeprefix(indent) for line in body.splitlines(True)))
    return found


WORKFLOW = yaml.safe_load(next(b for b in blocks("yaml") if "workflows/factcheck.yml" in b))
STEPS = WORKFLOW["jobs"]["factcheck"]["steps"]


def factcheck_runs() -> list[list[str]]:
    """The factcheck command lines of the workflow, split as the shell would."""
    return [shlex.split(s["run"]) for s in STEPS if s.get("run", "").startswith("factcheck ")]


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A repository folder whose articles are the seeds."""
    shutil.copytree(REPO / "seeds", tmp_path / "articles")
    return tmp_path


def factcheck(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True
    )


def summary(done: subprocess.CompletedProcess) -> dict:
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)["summary"]


def test_install_is_from_the_repository_with_the_html_extra() -> None:
    (install,) = [s["run"] for s in STEPS if "pip install" in s.get("run", "")]
    assert re.search(r'"factcheck\[html\] @ git\+https://\S+"', install), install
    for block in blocks("sh") + blocks("yaml"):  # the prose may warn against it
        assert not re.search(r"pip install factcheck\b", block), block
    setup = next(s for s in STEPS if s.get("uses", "").startswith("actions/setup-python"))
    assert "cache" not in setup.get("with", {})  # no requirements file to key it on


def test_the_workflow_runs_when_the_files_it_reads_change() -> None:
    read = set()
    for command in factcheck_runs():
        for option in ("--baseline", "--ignore-file"):
            assert option in command, command
            read.add(command[command.index(option) + 1])
    # PyYAML reads the bare key `on` as True.
    triggers = WORKFLOW[True]
    for event in ("pull_request", "push"):
        assert read <= set(triggers[event]["paths"]), event
        assert "articles/**" in triggers[event]["paths"]


def test_the_adoption_steps_and_the_workflow_commands_work(newsroom: Path) -> None:
    (adopt,) = [b for b in blocks("sh") if "baseline create" in b]
    for line in adopt.splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("factcheck "):
            assert factcheck(newsroom, *shlex.split(line)[1:]).returncode == 0
        elif line.startswith("printf "):
            subprocess.run(line, shell=True, cwd=newsroom, check=True)
    check, sarif = factcheck_runs()
    gate = factcheck(newsroom, *check[1:])
    assert gate.returncode == 0, gate.stdout + gate.stderr  # every finding is in the baseline
    assert (newsroom / "reports" / "audit.md").is_file()
    assert (newsroom / "reports" / "audit.claims.csv").is_file()
    assert json.loads((newsroom / "result.json").read_text())["summary"]["baseline"] == 4
    assert factcheck(newsroom, *sarif[1:]).returncode == 0
    assert json.loads((newsroom / "factcheck.sarif").read_text())["version"] == "2.1.0"


def _partner_cities(result: dict) -> list[dict]:
    return [f for f in result["findings"] if "thủ đô" in f["fact"]]


def test_the_suppression_comment_names_the_findings_own_rule(newsroom: Path) -> None:
    (example,) = [b for b in blocks("markdown") if "factcheck-ignore" in b]
    comment, claim_line = example.splitlines()[:2]
    before = json.loads(factcheck(newsroom, "check", "articles", "--format", "json").stdout)
    (finding,) = _partner_cities(before)
    rule = comment.split(":", 1)[1].split()[0]
    assert rule == finding["rule"], f"the example names {rule}, the finding is {finding['rule']}"
    article = newsroom / "articles" / "001_12440da08332e363.txt"
    lines = article.read_text(encoding="utf-8").splitlines(True)
    (index,) = [i for i, line in enumerate(lines) if line.startswith(claim_line.rstrip(";"))]
    article.write_text("".join([*lines[:index], comment + "\n", *lines[index:]]), "utf-8")
    after = factcheck(newsroom, "check", "articles", "--format", "json")
    assert summary(after)["suppressed"] == 1
    assert _partner_cities(json.loads(after.stdout)) == []


def test_the_ignore_file_example_hides_that_finding_only(newsroom: Path) -> None:
    (example,) = [b for b in blocks("yaml") if b.startswith("ignore:")]
    (newsroom / ".factcheck-ignore.yml").write_text(example, encoding="utf-8")
    done = factcheck(
        newsroom, "check", "articles", "--ignore-file", ".factcheck-ignore.yml", "--format", "json"
    )
    assert summary(done)["suppressed"] == 1
    assert _partner_cities(json.loads(done.stdout)) == []
