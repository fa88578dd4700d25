"""factcheck installed from a wheel works outside this checkout.

A user who runs ``pip install "factcheck[html] @ git+..."`` or installs a built wheel gets
the packages and the bundled rule packs, and nothing else: these tests build the wheel,
install it in a fresh virtual environment and run it from a folder that is not the
repository (see ``fixtures/wheel.py`` for how, in a few seconds and without network).
Also here: how ``--rules`` finds a bundled pack by name.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fixtures.wheel import REPO, SEEDS, Installed, install_wheel

from checker.errors import FactcheckErrors
from checker.packs import RULES_DIR, is_bundled, load_knowledge, resolve_pack


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    return install_wheel(tmp_path_factory)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A work folder outside the repository with a copy of the seeds in ``articles/``."""
    shutil.copytree(SEEDS, tmp_path / "articles")
    return tmp_path


def _result(done: subprocess.CompletedProcess) -> dict:
    assert not done.stderr.strip() or "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)


# --- The wheel ---------------------------------------------------------------------------


def test_wheel_holds_every_module_and_every_pack_file(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "checker").rglob("*.py")}
    assert modules - names == set(), "add the missing subpackages to pyproject.toml"
    packs = {
        "checker/_packs/" + p.relative_to(RULES_DIR).as_posix()
        for p in RULES_DIR.rglob("*")
        if p.suffix in (".yml", ".yaml")
    }
    assert packs and packs <= names
    catalogs = {
        p.relative_to(REPO).as_posix() for p in (REPO / "checker" / "locale").rglob("*.mo")
    }
    assert catalogs and catalogs <= names, "the compiled translations (docs/i18n.md)"
    assert not any(name.startswith("rules/") for name in names)  # no top-level 'rules' package
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "factcheck = checker.cli:main"
        in zipfile.ZipFile(installed.wheel).read(entry_points).decode()
    )


def test_the_venv_imports_factcheck_from_the_wheel_only(
    installed: Installed, tmp_path: Path
) -> None:
    code = (
        "import checker, checker.packs as p, importlib.metadata as m;"
        "print(checker.__file__); print(p.RULES_DIR); print(m.distribution('factcheck')._path)"
    )
    done = subprocess.run(
        [str(installed.python), "-c", code],
        cwd=tmp_path,
        env=installed.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    module, rules_dir, metadata = map(Path, done.stdout.splitlines())
    for path in (module, rules_dir, metadata):
        assert path.is_relative_to(installed.site_packages), path
    assert rules_dir == installed.site_packages / "checker" / "_packs"


def test_declared_dependencies_with_html_are_what_the_venv_imports(installed: Installed) -> None:
    # The dependencies come from the test environment (fixtures/wheel.py): check that each
    # requirement the wheel declares, [html] included, is installed in a matching version.
    code = """
import importlib.metadata as m
from packaging.requirements import Requirement
unmet = []
for text in m.requires("factcheck"):
    req = Requirement(text)
    if req.marker and not req.marker.evaluate({"extra": "html"}):
        continue
    try:
        found = m.version(req.name)
    except m.PackageNotFoundError:
        found = None
    if found is None or not req.specifier.contains(found, prereleases=True):
        unmet.append(f"{req} (found {found})")
print("\\n".join(unmet) or "ok")
"""
    done = subprocess.run(
        [str(installed.python), "-c", code], env=installed.env(), capture_output=True, text=True
    )
    assert done.stdout.strip() == "ok", done.stdout + done.stderr


# --- Running it outside the checkout -----------------------------------------------------


def test_check_from_another_folder_finds_the_seed_conflicts(
    installed: Installed, corpus: Path
) -> None:
    done = installed.run("check", "articles", "--format", "json", cwd=corpus)
    assert done.returncode == 1, done.stderr  # an error finding blocks
    result = _result(done)
    assert len(result["findings"]) == 4
    assert result["summary"]["findings"]["error"] >= 1
    (pack,) = result["packs"]
    assert pack["name"] == "generic"
    assert Path(pack["path"]).is_relative_to(installed.site_packages)
    # The sources the wheel was built from, run in place, find exactly the same (packs'
    # paths aside).  (A copy, not the checkout, which may have changed since.)
    env = {**os.environ, "PYTHONPATH": str(installed.source)}
    here = subprocess.run(
        [sys.executable, "-m", "checker", "check", "articles", "--format", "json"],
        cwd=corpus,
        env=env,
        capture_output=True,
        text=True,
    )
    expected = _result(here)
    assert Path(expected["packs"][0]["path"]).is_relative_to(installed.source / "rules")
    assert result["findings"] == expected["findings"]
    assert pack["sha256"] == expected["packs"][0]["sha256"]


def test_the_installed_wheel_speaks_vietnamese(installed: Installed, corpus: Path) -> None:
    # The compiled catalog is package data: found from site-packages, not the checkout.
    done = installed.run("check", "articles", "--format", "concise", "--lang", "vi", cwd=corpus)
    assert done.returncode == 1, done.stderr
    last = done.stdout.splitlines()[-1]
    assert last.startswith("Kết luận: ")
    assert last.endswith(" lỗi từ mức --fail-on error trở lên → mã thoát 1")
    assert ": lỗi event-date-disagreement sự kiện: " in done.stdout


def test_check_writes_the_audit_report_and_its_csv(installed: Installed, corpus: Path) -> None:
    done = installed.run(
        "check", "articles", "--report", "out/audit.md", "--fail-on", "never", cwd=corpus
    )
    assert done.returncode == 0, done.stderr
    assert "# Fact-check report" in (corpus / "out" / "audit.md").read_text(encoding="utf-8")
    header = (corpus / "out" / "audit.claims.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("source,line,column,quote,")


def test_rules_list_says_where_each_pack_comes_from(installed: Installed, corpus: Path) -> None:
    done = installed.run("rules", "list", cwd=corpus)
    assert done.returncode == 0, done.stderr
    assert "interval-disagreement" in done.stdout
    line = next(line for line in done.stdout.splitlines() if line.strip().startswith("generic "))
    assert "bundled with factcheck" in line
    assert str(installed.site_packages / "checker" / "_packs" / "generic") in line
    assert "not loaded (add with --rules NAME): hanoi" in done.stdout


def test_bundled_packs_by_name_and_validate(installed: Installed, corpus: Path) -> None:
    named = installed.run(
        "check",
        "articles",
        "--rules",
        "generic",
        "--rules",
        "hanoi",
        "--format",
        "json",
        cwd=corpus,
    )
    assert named.returncode in (0, 1), named.stderr
    assert [p["name"] for p in _result(named)["packs"]] == ["generic", "hanoi"]
    validated = installed.run("rules", "validate", cwd=corpus)
    assert validated.returncode == 0, validated.stderr
    assert "in 2 packs" in validated.stdout
    # Outside a checkout the old spelling is a clear error that names the way out.
    missing = installed.run("check", "articles", "--rules", "rules/hanoi", cwd=corpus)
    assert missing.returncode == 2
    assert "no such pack" in missing.stderr and "bundled packs: generic, hanoi" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_html_article_is_read_with_the_html_extra(installed: Installed, tmp_path: Path) -> None:
    page = (
        "<html><head><title>Tin</title></head><body><article>"
        "<p>Năm 2023, thành phố đón 120 đoàn khách quốc tế, theo báo cáo của sở.</p>"
        "<p>Các đoàn đến từ nhiều châu lục và ở lại trung bình ba ngày.</p>"
        "</article></body></html>"
    )
    (tmp_path / "trang.html").write_text(page, encoding="utf-8")
    done = installed.run("claims", "trang.html", "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    claims = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [c["quote"] for c in claims if c["kind"] == "count"] == ["120 đoàn khách quốc tế"]


# --- Pack names (in this process) --------------------------------------------------------


def test_a_bare_name_resolves_to_the_bundled_pack(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_pack(Path("hanoi")) == RULES_DIR / "hanoi"
    assert is_bundled(resolve_pack(Path("hanoi")))
    know = load_knowledge([Path("generic"), Path("hanoi")])
    assert [name for name, _, _ in know.packs] == ["generic", "hanoi"]


def test_an_existing_path_wins_over_a_bundled_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hanoi").mkdir()
    assert resolve_pack(Path("hanoi")) == Path("hanoi")
    assert not is_bundled(Path("hanoi"))
    with pytest.raises(FactcheckErrors, match="no YAML files in pack folder"):
        load_knowledge([Path("hanoi")])


def test_a_path_is_never_taken_for_a_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_pack(Path("elsewhere/hanoi")) == Path("elsewhere/hanoi")
    assert resolve_pack(Path("nosuch")) == Path("nosuch")


def test_a_checkout_reads_the_top_level_rules_folder() -> None:
    # The one source of the packs; the wheel maps it to checker/_packs.
    assert RULES_DIR == REPO / "rules"
    assert not (REPO / "checker" / "_packs").exists(), "a second copy of the packs would drift"
