"""The command line end to end, as subprocesses: exit codes, formats, files written."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


@pytest.fixture(scope="module")
def result_json(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("json") / "result.json"
    proc = run("check", "seeds", "--format", "json", "--output", str(out), "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_check_seeds_exits_1_on_errors() -> None:
    proc = run("check", "seeds", "--format", "table")
    assert proc.returncode == 1
    assert "event-date-disagreement" in proc.stdout
    assert "\x1b[" not in proc.stdout  # piped output has no colour codes


@pytest.mark.parametrize(
    ("fail_on", "code"), [("never", 0), ("error", 1), ("warning", 1), ("info", 1)]
)
def test_fail_on_sets_exit_code(fail_on: str, code: int) -> None:
    assert run("check", "seeds", "--format", "table", "--fail-on", fail_on).returncode == code


def test_agreeing_articles_exit_0(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(
            "Năm 2023, tỉnh thu hút hơn 2,85 tỷ USD vốn FDI.", encoding="utf-8"
        )
    proc = run("check", str(tmp_path), "--format", "table")
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("args", [["check", "no/such/folder"], ["claims", "no/such/file.txt"]])
def test_missing_path_is_one_line_exit_2(args: list[str]) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert "no/such" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_undecodable_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8 broken \x81\x82\x83")
    proc = run("claims", str(bad))
    assert proc.returncode == 2
    assert "bad.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_rule_pack_exit_2_with_location(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "rules.yml").write_text(
        "rules:\n  - id: x\n    kind: interval-conflict\n    severity: eror\n"
        "    message: m\n    description: d\n",
        encoding="utf-8",
    )
    proc = run("check", "seeds", "--rules", str(pack))
    assert proc.returncode == 2
    assert "rules.yml:4:" in proc.stderr


def test_json_contract(result_json: dict) -> None:  # type: ignore[type-arg]
    assert result_json["schema"] == "factcheck/report@1"
    rules = sorted(f["rule"] for f in result_json["findings"])
    assert rules == [
        "event-date-disagreement",
        "interval-disagreement",
        "interval-disagreement",
        "value-disagreement",
    ]
    for finding in result_json["findings"]:
        for claim in finding["claims"]:
            text = (
                (ROOT / claim["source"]).read_text(encoding="utf-8").splitlines()[claim["line"] - 1]
            )
            col = claim["column"] - 1
            assert text[col : col + len(claim["quote"])] == claim["quote"]


def test_claims_jsonl_fields() -> None:
    proc = run("claims", "seeds/002_3a6ced01a73fc3f2.txt", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    fields = {
        "source",
        "line",
        "column",
        "quote",
        "sentence",
        "kind",
        "value",
        "low",
        "high",
        "hedge",
        "unit",
        "time",
        "context",
    }
    assert rows and all(fields <= row.keys() for row in rows)
    fdi = [r for r in rows if r["quote"] == "hơn 2.607 triệu USD"]
    assert (
        fdi
        and fdi[0]["value"] == 2607000000
        and fdi[0]["unit"] == "USD"
        and fdi[0]["time"] == "2023"
    )
    assert not any("gần 100 nước" in r["quote"] for r in rows)  # related-news block is furniture


def test_github_and_sarif_formats() -> None:
    gh = run("check", "seeds", "--format", "github", "--fail-on", "never")
    assert any(line.startswith("::error file=seeds/") for line in gh.stdout.splitlines())
    sarif = json.loads(run("check", "seeds", "--format", "sarif", "--fail-on", "never").stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_report_written_with_csv_and_rebuilt_from_json(tmp_path: Path) -> None:
    md, js = tmp_path / "audit.md", tmp_path / "r.json"
    proc = run("check", "seeds", "--report", str(md), "--json", str(js), "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    first, second = md.read_text(encoding="utf-8").split("\n", 2)[:2]
    assert first == "<!-- generated by factcheck: not an article -->" and second.startswith("#")
    assert (tmp_path / "audit.claims.csv").exists()
    again = tmp_path / "again.md"
    assert run("report", str(js), "--output", str(again)).returncode == 0
    rebuilt = again.read_text(encoding="utf-8")
    # The same report, but for the names of the files written beside it.
    for beside in ("claims", "chart-"):
        rebuilt = rebuilt.replace(f"again.{beside}", f"audit.{beside}")
    assert rebuilt == md.read_text(encoding="utf-8")
    charts = sorted(p.name for p in tmp_path.glob("again.chart-*.svg"))
    first_charts = sorted(p.name for p in tmp_path.glob("audit.chart-*.svg"))
    assert charts and charts == [name.replace("audit", "again") for name in first_charts]


def test_report_never_overwrites_an_input(tmp_path: Path) -> None:
    art = tmp_path / "a.md"
    art.write_text("Năm 2023, tỉnh thu hút hơn 2,85 tỷ USD vốn FDI.\n", encoding="utf-8")
    proc = run("check", str(art), "--report", str(art))
    assert proc.returncode == 2
    assert art.read_text(encoding="utf-8").startswith("Năm 2023")


def test_baseline_hides_known_findings(tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    assert run("baseline", "create", "seeds", "--output", str(base)).returncode == 0
    proc = run("check", "seeds", "--baseline", str(base), "--format", "table")
    assert proc.returncode == 0, proc.stdout


def test_against_reports_only_draft_findings(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    draft = tmp_path / "draft.txt"
    draft.write_text("Tiêu biểu như Hội nghị cấp cao ASEM 5 năm 2006.\n", encoding="utf-8")
    data = json.loads(
        run(
            "check", str(draft), "--against", str(corpus), "--format", "json", "--fail-on", "never"
        ).stdout
    )
    assert data["findings"], "the draft's ASEM 5 date conflicts with the corpus"
    assert all(
        any(c["source"].endswith("draft.txt") for c in f["claims"]) for f in data["findings"]
    )


def test_rules_commands() -> None:
    assert "interval-disagreement" in run("rules", "list").stdout
    assert run("rules", "validate").returncode == 0
    assert "What:" in run("rules", "explain", "value-disagreement").stdout


def test_explain_compare_says_why_not() -> None:
    proc = run("explain", "seeds", "--compare", "97 quốc gia", "--compare", "187 quốc gia")
    assert proc.returncode == 0, proc.stderr
    assert "not aligned: the contexts say different things" in proc.stdout
    missing = run("explain", "seeds", "--compare", "no such quote", "--compare", "61")
    assert missing.returncode == 2 and "no such quote" in missing.stderr


def test_jobs_give_the_same_result(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert run("check", "seeds", "-f", "json", "-o", str(one), "--fail-on", "never").returncode == 0
    proc = run("check", "seeds", "-f", "json", "-o", str(two), "--fail-on", "never", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_jobs_report_input_errors_like_one_process(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Năm 2023, tỉnh thu hút 2 tỷ USD.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00\xd8 broken \x81\x82\x83")
    proc = run("claims", str(tmp_path), "--jobs", "2")
    assert proc.returncode == 2 and "b.txt" in proc.stderr and "Traceback" not in proc.stderr
