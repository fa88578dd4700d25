"""Configuration files (.factcheck.toml, [tool.factcheck]) and include/exclude globs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from clirun import run_cli

from checker.config import Config, find_config, load_config, resolve_config
from checker.discover import discover
from checker.errors import FactcheckError, FactcheckErrors

ROOT = Path(__file__).resolve().parent.parent

ARTICLE_A = "Hà Nội từng đăng cai Hội nghị cấp cao ASEM 5 năm 2004.\n"
ARTICLE_B = "Thành phố tổ chức thành công ASEM 5 năm 2005.\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: articles/ with two conflicting articles, drafts/ with one more."""
    (tmp_path / "articles" / "drafts").mkdir(parents=True)
    (tmp_path / "articles" / "a.md").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "articles" / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    (tmp_path / "articles" / "drafts" / "c.md").write_text(ARTICLE_B, encoding="utf-8")
    return tmp_path


def sources(proc: subprocess.CompletedProcess[str]) -> list[str]:
    assert proc.returncode in (0, 1), proc.stderr
    return sorted(Path(s["path"]).name for s in json.loads(proc.stdout)["sources"])


# --- finding the file --------------------------------------------------------------------


def test_found_upward_from_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / ".factcheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / ".factcheck.toml"


def test_pyproject_without_a_factcheck_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\nformat = "json"\n', "utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "factcheck-x"\n', "utf-8")
    assert find_config(inner) == tmp_path / "pyproject.toml"


def test_dotfile_wins_over_pyproject_in_one_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\nformat = "json"\n', "utf-8")
    (tmp_path / ".factcheck.toml").write_text('format = "sarif"\n', encoding="utf-8")
    assert find_config(tmp_path) == tmp_path / ".factcheck.toml"
    assert load_config(tmp_path / ".factcheck.toml").format == "sarif"


def test_the_nearest_file_with_a_table_stops_the_search(tmp_path: Path) -> None:
    (tmp_path / ".factcheck.toml").write_text('format = "sarif"\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[tool.factcheck]\nformat = "json"\n', "utf-8")
    assert load_config(find_config(inner) or Path()).format == "json"


def test_no_config_and_explicit_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".factcheck.toml").write_text('format = "sarif"\n', encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text('format = "github"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert resolve_config().format == "sarif"
    assert resolve_config(disabled=True) == Config()
    assert resolve_config(other).format == "github"
    with pytest.raises(FactcheckError, match="not found"):
        resolve_config(tmp_path / "missing.toml")


# --- reading it --------------------------------------------------------------------------


def test_every_key_is_read_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    config = tmp_path / "conf" / ".factcheck.toml"
    config.parent.mkdir()
    config.write_text(
        'rules = ["packs/local"]\nfail-on = "warning"\nformat = "json"\n'
        'baseline = "base.json"\nignore-file = "ignore.yml"\ninclude = ["2024"]\n'
        'exclude = ["drafts", "**/old/*.md"]\ncolor = "never"\njobs = 2\n',
        encoding="utf-8",
    )
    got = load_config(config)
    base = config.absolute().parent
    assert got.rules == (base / "packs/local",)
    assert (got.fail_on, got.format, got.color, got.jobs) == ("warning", "json", "never", 2)
    assert got.baseline == base / "base.json" and got.ignore_file == base / "ignore.yml"
    assert got.include == ("2024",) and got.exclude == ("drafts", "**/old/*.md")


def test_a_bundled_pack_name_stays_a_name(tmp_path: Path) -> None:
    config = tmp_path / ".factcheck.toml"
    config.write_text('rules = ["generic", "hanoi", "local"]\n', encoding="utf-8")
    (tmp_path / "local").mkdir()
    got = load_config(config).rules
    assert got == (Path("generic"), Path("hanoi"), tmp_path.absolute() / "local")


def test_unknown_keys_and_wrong_types_name_file_line_and_key(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[project]\nname = "x"\n\n[tool.factcheck]\nfail_on = "never"\n'
        'jobs = true\nexclude = "drafts"\nformat = "html"\n',
        encoding="utf-8",
    )
    with pytest.raises(FactcheckErrors) as caught:
        load_config(config)
    lines = str(caught.value).splitlines()
    assert lines == [
        f"{config.as_posix()}:5: unknown key 'fail_on' (did you mean 'fail-on'?)",
        f"{config.as_posix()}:6: 'jobs' must be a whole number, 0 or more, not true",
        f"{config.as_posix()}:7: 'exclude' must be a list of globs, not 'drafts'",
        f"{config.as_posix()}:8: 'format' must be one of terminal, table, concise, json, "
        "markdown, github, sarif, not 'html'",
    ]


def test_bad_toml_names_line_and_column(tmp_path: Path) -> None:
    config = tmp_path / ".factcheck.toml"
    config.write_text('format = "json"\nfail-on = \n', encoding="utf-8")
    with pytest.raises(FactcheckError) as caught:
        load_config(config)
    assert str(caught.value).startswith(f"{config.as_posix()}:2:")


def test_pyproject_named_explicitly_needs_the_table(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(FactcheckError, match=r"no \[tool.factcheck\] table"):
        load_config(config)


# --- globs -------------------------------------------------------------------------------


def test_discover_exclude_and_include(project: Path) -> None:
    folder = project / "articles"
    names = lambda found: sorted(p.relative_to(folder).as_posix() for p in found)  # noqa: E731
    assert names(discover([folder])) == ["a.md", "b.md", "drafts/c.md"]
    assert names(discover([folder], exclude=["drafts"])) == ["a.md", "b.md"]
    assert names(discover([folder], exclude=["**/c.md"])) == ["a.md", "b.md"]
    assert names(discover([folder], include=["drafts"])) == ["drafts/c.md"]
    assert names(discover([folder], include=["*.md"], exclude=["b.md"])) == ["a.md", "drafts/c.md"]


# --- the command line ---------------------------------------------------------------------


def test_config_settings_apply_from_a_subfolder(project: Path) -> None:
    (project / ".factcheck.toml").write_text(
        'format = "json"\nfail-on = "never"\nexclude = ["drafts"]\n', encoding="utf-8"
    )
    sub = project / "articles"
    proc = run("check", ".", cwd=sub)
    assert proc.returncode == 0
    assert sources(proc) == ["a.md", "b.md"]


def test_command_line_overrides_the_config(project: Path) -> None:
    (project / ".factcheck.toml").write_text(
        'format = "table"\nfail-on = "never"\nexclude = ["drafts"]\n', encoding="utf-8"
    )
    proc = run(
        "check", "articles", "-f", "json", "--fail-on", "error", "--exclude", "b.md", cwd=project
    )
    assert proc.returncode == 1
    assert sources(proc) == ["a.md", "c.md"]  # --exclude replaced the config's list


def test_no_config_ignores_the_file(project: Path) -> None:
    (project / ".factcheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert run("check", "articles", cwd=project).returncode == 0
    assert run("check", "articles", "--no-config", cwd=project).returncode == 1


def test_explicit_config_file(project: Path) -> None:
    (project / "ci.toml").write_text('include = ["drafts"]\nformat = "json"\n', encoding="utf-8")
    assert sources(run("check", "articles", "--config", "ci.toml", cwd=project)) == ["c.md"]
    claims = run("claims", "articles", "--config", "ci.toml", "-f", "json", cwd=project)
    assert {Path(c["source"]).name for c in json.loads(claims.stdout)["claims"]} == {"c.md"}


def test_claims_and_explain_use_the_globs(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.factcheck]\nexclude = ["drafts"]\n', encoding="utf-8"
    )
    rows = run("claims", "articles", "-f", "jsonl", cwd=project).stdout.splitlines()
    assert rows and not any("c.md" in json.loads(row)["source"] for row in rows)
    explained = run("explain", "articles", cwd=project).stdout
    assert "a.md" in explained and "c.md" not in explained


def test_rules_relative_to_the_config_file(project: Path) -> None:
    pack = project / "packs" / "mine"
    pack.mkdir(parents=True)
    (pack / "rules.yml").write_text(
        "rules:\n  - id: x\n    kind: interval-conflict\n    severity: eror\n"
        "    message: m\n    description: d\n",
        encoding="utf-8",
    )
    (project / ".factcheck.toml").write_text('rules = ["packs/mine"]\n', encoding="utf-8")
    proc = run("check", ".", cwd=project / "articles")
    assert proc.returncode == 2 and "rules.yml:4:" in proc.stderr, proc.stderr


def test_baseline_key_serves_create_and_check(project: Path) -> None:
    (project / ".factcheck.toml").write_text(
        'baseline = "accepted.json"\nexclude = ["drafts"]\n', encoding="utf-8"
    )
    created = run("baseline", "create", "articles", cwd=project)
    assert created.returncode == 0, created.stderr
    assert (project / "accepted.json").exists()
    assert run("check", "articles", cwd=project).returncode == 0  # the finding is accepted


def test_bad_config_is_one_line_per_problem_exit_2(project: Path) -> None:
    (project / ".factcheck.toml").write_text('colour = "never"\n', encoding="utf-8")
    proc = run("check", "articles", cwd=project)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr == (
        "factcheck: .factcheck.toml:1: unknown key 'colour' (did you mean 'color'?)\n"
    )


def test_the_config_file_is_an_input(project: Path) -> None:
    config = project / ".factcheck.toml"
    config.write_text('fail-on = "never"\n', encoding="utf-8")
    proc = run("check", "articles", "--json", ".factcheck.toml", cwd=project)
    assert proc.returncode == 2 and "input" in proc.stderr
    assert config.read_text(encoding="utf-8") == 'fail-on = "never"\n'
