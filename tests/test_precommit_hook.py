"""The shipped pre-commit hook (``.pre-commit-hooks.yaml``) blocks a conflicting commit.

pre-commit itself runs the hook: ``pre-commit install`` writes the git hook and real
``git commit`` calls trigger it, in a fresh repository of articles written for these
tests.  The hook's own definition is read from the shipped file; only its language
becomes ``system``, so that the factcheck it runs is the wheel installed in a fresh
virtual environment (``fixtures/wheel.py``) instead of one pre-commit would download
the dependencies for.  ``test_pre_commit_installs_the_hook_from_this_repository`` does
that too (pre-commit builds its own environment from this repository's last commit,
about 30 s and the package index): it runs in CI (CI=true) and when
FACTCHECK_SLOW_TESTS=1.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from fixtures.wheel import REPO, Installed, install_wheel
from pre_commit.clientlib import load_manifest

HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"

# Two reports of one district's tourism that disagree on a count and on a date; a third
# on another subject.  Written for these tests.
FRONT = "---\ntitle: {title}\npublished: {date}\n---\n"
FIRST = FRONT.format(title="Du lịch Lâm Hà khởi sắc", date="2024-01-15") + (
    "Theo Sở Du lịch, trong năm 2023 huyện Lâm Hà đã đón 1.200 đoàn khách quốc tế đến "
    "tham quan các đồi chè và thác nước.\n\n"
    "Lễ hội Cà phê Lâm Hà lần thứ 3 được tổ chức vào tháng 12 năm 2021 tại trung tâm huyện.\n"
)
CONFLICTING = FRONT.format(title="Lâm Hà hút khách nước ngoài", date="2024-02-20") + (
    "Số liệu của Sở Du lịch cho thấy trong năm 2023 huyện Lâm Hà đã đón 1.500 đoàn khách "
    "quốc tế đến tham quan các đồi chè và thác nước.\n\n"
    "Lễ hội Cà phê Lâm Hà lần thứ 3 được tổ chức vào tháng 12 năm 2022 tại trung tâm huyện.\n"
)
UNRELATED = FRONT.format(title="Nông dân Lâm Hà trồng mắc ca", date="2024-03-05") + (
    "Năm 2023, nông dân huyện Lâm Hà đã trồng thêm 300 ha mắc ca xen trong vườn cà phê.\n"
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    return install_wheel(tmp_path_factory)


def shipped_hook() -> dict:
    (hook,) = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    return dict(hook)


class ArticleRepo:
    """A git repository of articles with the pre-commit hook installed."""

    def __init__(self, root: Path, env: dict[str, str], config: dict):
        self.root, self.env = root, env
        root.mkdir()
        self.git("init", "-q")
        self.git("config", "user.name", "Biên tập viên")
        self.git("config", "user.email", "bien-tap@example.invalid")
        self.write(".pre-commit-config.yaml", json.dumps(config, ensure_ascii=False, indent=2))
        hook = subprocess.run(
            [sys.executable, "-m", "pre_commit", "install"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        assert hook.returncode == 0, hook.stdout + hook.stderr
        self.git("add", ".pre-commit-config.yaml")
        assert self.git("commit", "-q", "--no-verify", "-m", "hook").returncode == 0

    def git(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["git", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str]) -> subprocess.CompletedProcess:
        """Write and stage ``files`` (path -> text), then ``git commit`` (hook and all)."""
        for name, text in files.items():
            self.write(name, text)
        assert self.git("add", *files).returncode == 0
        return self.git("commit", "-m", message)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").stdout.strip()

    def unstage(self) -> None:
        """Unstage what a blocked commit left staged (the work tree keeps it)."""
        self.git("reset", "-q")


def _isolated_env(home: Path, extra_path: Path | None = None) -> dict[str, str]:
    """No git or pre-commit settings from the machine; pip's are kept (its index, cache)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        PRE_COMMIT_HOME=str(home / "pre-commit-cache"),
        NO_COLOR="1",
    )
    if extra_path is not None:
        env["PATH"] = f"{extra_path}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture
def hook_repo(installed: Installed, tmp_path: Path) -> Callable[..., ArticleRepo]:
    """Make a repository whose hook is the shipped one, with ``overrides``."""
    made = 0

    def make(**overrides: object) -> ArticleRepo:
        nonlocal made
        made += 1
        hook = shipped_hook()
        hook["language"] = "system"  # the installed wheel is the hook's environment
        hook.update(overrides)
        config = {"repos": [{"repo": "local", "hooks": [hook]}]}
        env = _isolated_env(tmp_path / f"home{made}", installed.bin)
        return ArticleRepo(tmp_path / f"newsroom{made}", env, config)

    return make


# --- The definition ----------------------------------------------------------------------


def test_the_shipped_manifest_is_valid_for_pre_commit() -> None:
    (hook,) = load_manifest(str(HOOKS_FILE))
    assert hook["id"] == "factcheck" and hook["entry"] == "factcheck check"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True  # conflicts are between files: one process
    assert hook["pass_filenames"] is True


# --- Through git commit ------------------------------------------------------------------


def test_a_conflicting_commit_is_blocked(hook_repo: Callable[..., ArticleRepo]) -> None:
    repo = hook_repo()
    before = repo.head()
    done = repo.commit("two reports", {"articles/mot.md": FIRST, "articles/hai.md": CONFLICTING})
    assert done.returncode != 0
    assert repo.head() == before, "the commit was made although the hook failed"
    output = done.stdout + done.stderr
    assert "factcheck" in output and "Failed" in output
    assert "event-date-disagreement" in output and "interval-disagreement" in output
    assert "Traceback" not in output


def test_a_clean_commit_passes_and_non_articles_are_not_given_to_factcheck(
    hook_repo: Callable[..., ArticleRepo],
) -> None:
    repo = hook_repo()
    before = repo.head()
    # factcheck refuses a file it cannot read as an article (exit 2): the hook's filters
    # must keep code, data and extension-less text files away from it.
    files = {
        "articles/mot.md": FIRST,
        "articles/ba.txt": UNRELATED,
        "articles/sources.yml": "mot.md:\n  outlet: Báo thử\n",
        "scripts/tool.py": "print('1.500 đoàn')\n",
        "LICENSE": "Giấy phép: 1.200 điều khoản\n",
        "notes.markdown": "Ghi chú năm 2023: 1.500 đoàn.\n",
    }
    done = repo.commit("articles and other files", files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout + done.stderr
    assert repo.head() != before


def test_a_repository_files_pattern_keeps_the_type_filter(
    hook_repo: Callable[..., ArticleRepo],
) -> None:
    # A repository's `files:` replaces the hook's own; `types_or` still keeps the sidecar
    # and code out.  (It lets an extension-less text file such as articles/README through,
    # so docs/ci.md recommends a pattern that keeps the extensions; see the next test.)
    repo = hook_repo(files="^articles/")
    files = {
        "articles/mot.md": FIRST,
        "articles/sources.yml": "mot.md:\n  outlet: Báo thử\n",
        "articles/tool.py": "print('1.500 đoàn')\n",
        "draft.md": CONFLICTING,  # outside articles/: not checked
    }
    done = repo.commit("sidecar and articles", files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"factcheck\.+Passed", done.stderr), done.stderr  # ran, not "Skipped"
    blocked = repo.commit("conflict", {"articles/hai.md": CONFLICTING, "articles/ba.md": FIRST})
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr


def test_the_files_pattern_docs_recommend(hook_repo: Callable[..., ArticleRepo]) -> None:
    docs = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    pattern = r"^articles/.*\.(txt|md|html?)$"
    assert f"files: {pattern}" in docs
    repo = hook_repo(files=pattern)
    files = {
        "articles/mot.md": FIRST,
        "articles/README": "Thư mục bài viết: 1.500 bài.\n",
        "articles/sources.yml": "mot.md:\n  outlet: Báo thử\n",
    }
    done = repo.commit("articles", files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"factcheck\.+Passed", done.stderr), done.stderr  # ran, on the article only


def test_only_staged_files_are_compared_unless_against_is_given(
    hook_repo: Callable[..., ArticleRepo],
) -> None:
    # Default: the staged files among themselves, so a conflict with an article that is
    # already committed passes (docs/ci.md says so, and shows --against).
    plain = hook_repo()
    assert plain.commit("first", {"articles/mot.md": FIRST}).returncode == 0
    assert plain.commit("second", {"articles/hai.md": CONFLICTING}).returncode == 0

    against = hook_repo(files="^articles/", args=["--against", "articles/"])
    assert against.commit("first", {"articles/mot.md": FIRST}).returncode == 0
    before = against.head()
    blocked = against.commit("second", {"articles/hai.md": CONFLICTING})
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert against.head() == before
    assert "articles/hai.md" in blocked.stdout + blocked.stderr
    against.unstage()
    (against.root / "articles" / "hai.md").unlink()
    done = against.commit("unrelated", {"articles/ba.md": UNRELATED})
    assert done.returncode == 0, done.stdout + done.stderr


# --- pre-commit's own environment (slow) -------------------------------------------------


SLOW = os.environ.get("CI") == "true" or os.environ.get("FACTCHECK_SLOW_TESTS") == "1"


@pytest.mark.skipif(not SLOW, reason="about 30 s and the package index: set FACTCHECK_SLOW_TESTS=1")
def test_pre_commit_installs_the_hook_from_this_repository(tmp_path: Path) -> None:
    # What a hook user gets: pre-commit clones this repository at a commit and
    # pip-installs it into a virtualenv of its own (committed files only).
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    config = {"repos": [{"repo": str(REPO), "rev": rev, "hooks": [{"id": "factcheck"}]}]}
    repo = ArticleRepo(tmp_path / "newsroom", _isolated_env(tmp_path / "home"), config)
    before = repo.head()
    blocked = repo.commit("two reports", {"articles/mot.md": FIRST, "articles/hai.md": CONFLICTING})
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert "interval-disagreement" in blocked.stdout + blocked.stderr
    assert repo.head() == before
    repo.unstage()
    (repo.root / "articles" / "hai.md").unlink()
    clean = repo.commit("two articles", {"articles/mot.md": FIRST, "articles/ba.md": UNRELATED})
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout + clean.stderr
