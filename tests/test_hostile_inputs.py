"""Every bad input is one clear error: exit 2, one line naming the file (and the line
where there is one), never a traceback, never a hang, never unbounded memory.

The classes of issue 8: hostile YAML everywhere (front matter, sources.yml, ignore files,
packs), hostile JSON (baselines, saved results), files that are not regular files,
catastrophic pack patterns, message templates that reach into objects, and a topic pack
given alone.  The command line runs as a subprocess with a timeout and a memory limit, so
that a regression fails the test instead of hanging it or exhausting the machine.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures.report import sample

from checker import safejson
from checker.baseline import load_baseline
from checker.discover import discover
from checker.errors import FactcheckError
from checker.ingest import read_source
from checker.knowledge import Knowledge
from checker.packs import load_knowledge, validate_packs
from checker.report import RenderOptions
from checker.report.json_report import render_json, report_from_file
from checker.schema import SECTIONS, ListOf, Pattern, Record
from checker.suppress import load_ignore_file

ROOT = Path(__file__).resolve().parent.parent
GENERIC = ROOT / "rules" / "generic"
HANOI = ROOT / "rules" / "hanoi"
SEEDS = ROOT / "seeds"
TIMEOUT = 30
MEMORY = 3 * 1024**3  # far above a run on these inputs, far below an alias bomb's 16 GB

ARTICLE = (
    "Hà Nội có quan hệ với hơn 100 thành phố năm 2023.\n"
    "Năm 2023 thành phố đón khoảng 200 đoàn khách quốc tế.\n"
)


def _factcheck() -> list[str]:
    installed = Path(sys.executable).with_name("factcheck")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "checker.cli"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_factcheck(), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env={**os.environ, **(env or {})},
        preexec_fn=_limit_memory,
    )


def assert_one_error(
    proc: subprocess.CompletedProcess[str], name: str, line: int | None = None
) -> str:
    """Exit 2 and one line on stderr that names the file (at ``line`` when given)."""
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [text for text in proc.stderr.splitlines() if text.strip()]
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert len(lines) == 1, proc.stderr
    assert name in lines[0], lines[0]
    if line is not None:
        assert f"{name}:{line}:" in lines[0], lines[0]
    return lines[0]


def bomb(levels: int = 9, width: int = 9, indent: str = "") -> str:
    """A few hundred bytes of YAML whose aliases expand to width**levels values."""
    lines = [f'{indent}a0: &a0 ["' + '", "'.join("lol" for _ in range(width)) + '"]']
    for i in range(1, levels):
        refs = ", ".join(f"*a{i - 1}" for _ in range(width))
        lines.append(f"{indent}a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def assert_located(
    call: Callable[[], object], name: str, line: int | None = None, words: str | None = None
) -> FactcheckError:
    """The in-process form of ``assert_one_error``: one ``FactcheckError`` of one line."""
    with pytest.raises(FactcheckError) as caught:
        call()
    text = str(caught.value)
    assert "\n" not in text, text
    assert text.startswith(name + ":"), text
    if line is not None:
        assert caught.value.line == line, text
    if words is not None:
        assert words in text, text
    return caught.value


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


# The subprocess runs cost a second each: the command line is run for one or two cases
# of each class, every case in process.
ON_THE_COMMAND_LINE = {"alias bomb", "impossible date", "deep nesting", "4,301-digit integer"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


# --- YAML: front matter ------------------------------------------------------------------

FRONT_MATTER = [
    # (name, YAML between the fences, expected line of the error or None, words)
    ("impossible date", "title: x\npublished: 2019-02-31\n", 3, "impossible date"),
    ("alias bomb", bomb(), None, "alias"),
    ("recursive alias", "title: &t [*t]\n", 2, "recursive alias"),
    ("deep nesting", "title: " + "[" * 5000 + "\n", 2, "nest"),
    ("python tag", "title: !!python/object/apply:os.system [true]\n", 2, "not allowed"),
    ("control character", "title: a\x07b\n", 2, "control characters"),
    ("4,301-digit number", "views: " + "9" * 4301 + "\n", 2, "too long"),
    ("list as title", "title: [a, b]\n", 2, "'title' must be a single value"),
    ("unhashable key", "? [a]\n: b\ntitle: x\n", None, None),
    ("syntax error", "title: [x\n", None, "YAML syntax error"),
    ("not a mapping", "- a\n- b\n", 2, "mapping"),
]


@pytest.mark.parametrize(
    ("name", "yaml_text", "line", "words"), FRONT_MATTER, ids=[c[0] for c in FRONT_MATTER]
)
def test_front_matter(
    folder: Path,
    knowledge: Knowledge,
    name: str,
    yaml_text: str,
    line: int | None,
    words: str | None,
) -> None:
    article = folder / "articles" / "b.md"
    article.write_text(f"---\n{yaml_text}---\n{ARTICLE}", encoding="utf-8")
    if name == "unhashable key":  # keys that are not text are other tools' business
        assert read_source(article, knowledge, "b.md").title == "x"
        return
    if name == "alias bomb":  # in process a regression would take the machine's memory
        message = assert_one_error(run("check", "articles/b.md", cwd=folder), "articles/b.md")
        assert words is not None and words in message
        return
    assert_located(lambda: read_source(article, knowledge, "b.md"), "b.md", line, words)
    if name in ON_THE_COMMAND_LINE:
        message = assert_one_error(run("check", "articles/b.md", cwd=folder), "articles/b.md", line)
        assert words is None or words in message


# --- YAML: sources.yml ---------------------------------------------------------------------

SIDECARS = [
    ("alias bomb", bomb(), None, "alias"),
    ("impossible date", "a.txt:\n  published: 2019-02-31\n", 2, "impossible date"),
    ("file name not text", "[a.txt]: {title: x}\n", 1, "expected a file name"),
    ("metadata not a mapping", "a.txt: [x]\n", 1, "must be a mapping"),
    ("title not one value", "a.txt:\n  title: {x: 1}\n", 2, "single value"),
    ("python tag", "a.txt: !!python/object:os.Foo {}\n", 1, "not allowed"),
    (
        "deep nesting",
        "a.txt:\n" + "".join("  " * (i + 1) + "k:\n" for i in range(100)),
        None,
        "nested",
    ),
]


@pytest.mark.parametrize(("name", "text", "line", "words"), SIDECARS, ids=[c[0] for c in SIDECARS])
def test_sidecar(
    folder: Path,
    knowledge: Knowledge,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    line: int | None,
    words: str,
) -> None:
    (folder / "articles" / "sources.yml").write_text(text, encoding="utf-8")
    if name == "alias bomb" or name in ON_THE_COMMAND_LINE:
        message = assert_one_error(
            run("check", "articles", cwd=folder), "articles/sources.yml", line
        )
        assert words in message
    if name != "alias bomb":
        monkeypatch.chdir(folder)
        article = Path("articles/a.txt")
        assert_located(lambda: read_source(article, knowledge), "articles/sources.yml", line, words)


def test_sidecar_that_is_a_fifo_does_not_block(folder: Path) -> None:
    os.mkfifo(folder / "articles" / "sources.yml")
    message = assert_one_error(run("check", "articles", cwd=folder), "articles/sources.yml")
    assert "FIFO" in message


# --- YAML: ignore files and packs ------------------------------------------------------------

IGNORE_FILES = [
    ("alias bomb", bomb(indent="  ").replace("  a0:", "- a0:", 1), None),
    ("python tag", "- rule: x\n  reason: !!python/object/apply:os.system [true]\n", 2),
    ("impossible date", "- rule: x\n  reason: 2019-02-31\n", 2),
    ("deep nesting", "[" * 5000, 1),
]


@pytest.mark.parametrize(("name", "text", "line"), IGNORE_FILES, ids=[c[0] for c in IGNORE_FILES])
def test_ignore_file(folder: Path, name: str, text: str, line: int | None) -> None:
    path = folder / "ignore.yml"
    path.write_text(text, encoding="utf-8")
    if name == "alias bomb":
        proc = run("check", "articles", "--ignore-file", "ignore.yml", cwd=folder)
        assert_one_error(proc, "ignore.yml", line)
    else:
        assert_located(lambda: load_ignore_file(path), str(path), line)


def test_ignore_file_that_is_a_fifo_does_not_block(folder: Path) -> None:
    os.mkfifo(folder / "ignore.yml")
    proc = run("check", "articles", "--ignore-file", "ignore.yml", cwd=folder)
    assert "FIFO" in assert_one_error(proc, "ignore.yml")


PACK_FILES = [
    ("alias bomb", "stopwords: &s [a, b]\n" + bomb(), None),
    ("python tag", "stopwords: !!python/object/apply:os.system [true]\n", 1),
    ("deep nesting", "stopwords: " + "[" * 5000 + "\n", 1),
    ("control character", "stopwords: [a\x00]\n", 1),
    ("tagged integer", "furniture:\n  caption_max_chars: !!int many\n", 2),
    ("huge scale", "scales: {tỷ: 1.0e+999999999}\n", 1),  # Decimal overflowed on a claim
    ("tiny scale", "scales: {tỷ: 1.0e-999999999}\n", 1),
    ("huge reference", "references: [{metric: m, value: 1.0e+99, unit: u, source: s}]\n", 1),
    ("huge integer", "number_words: {mười: " + "9" * 90 + "}\n", 1),
]


@pytest.mark.parametrize(("name", "text", "line"), PACK_FILES, ids=[c[0] for c in PACK_FILES])
def test_pack_file(folder: Path, name: str, text: str, line: int | None) -> None:
    path = folder / "bad.yml"
    path.write_text(text, encoding="utf-8")
    if name == "alias bomb":
        assert_one_error(run("rules", "validate", "bad.yml", cwd=folder), "bad.yml", line)
        proc = run("check", "articles", "--rules", GENERIC, "--rules", "bad.yml", cwd=folder)
        assert_one_error(proc, "bad.yml", line)
        return
    (error,) = validate_packs([path])
    assert error.path == str(path) and (line is None or error.line == line), error


# --- pack patterns and message templates ---------------------------------------------------

CATASTROPHIC = [
    r"(a+)+$",
    r"(a|a)*b",
    r"(.*)*x",
    r"(\w+\s?)+$",
    r"(a|aa)+$",
    r"(\d|\d\d)+!",
    r"(?:a*)*b",
    r"(a|b|ab)*c",
    r"(.*a){20}",
    r"(x+x+)+y",
    r"\s*,?\s*:",  # polynomial: two loops share a run of spaces
    r"\s*\s*\s*x",
    r"(?:[a-z]+\s*){2,}$",
    r"(?=(a+)+b)",
    r"(?:[A-ZĐ]{1,6}[-/]?)+1",
    r"(a+){5}b",
]
SAFE = [
    r"\d+(?:[.,]\d+)*",
    r"(?:\d{1,3}\.)+\d+",
    r"(ab|ac)*",
    r"\s*(?:,\s*)?:",
    r"(a|b)*c",
    r"(?:\s[>»]\s[^>»]{1,40}){1,5}$",
    r"(a++)+b",
    r"(\w|\d)+!",
    r"(\d{4})+",
]


def _regex_fields() -> list[tuple[str, str | None]]:
    """Every place a pack holds regular expressions: (section, furniture key or None)."""
    fields: list[tuple[str, str | None]] = []
    for section, spec in SECTIONS.items():
        if isinstance(spec, ListOf) and isinstance(spec.item, Pattern):
            fields.append((section, None))
        elif isinstance(spec, Record):
            for key, item in spec.fields.items():
                if isinstance(item.spec, ListOf) and isinstance(item.spec.item, Pattern):
                    fields.append((section, key))
    return fields


def _pattern_pack(tmp_path: Path, section: str, key: str | None, pattern: str) -> Path:
    groups = "(?P<day>1)(?P<month>1)(?P<year>1)" if key == "date_lines" else ""
    value = json.dumps(groups + pattern)  # JSON strings are YAML strings
    text = f"{section}: [{value}]\n" if key is None else f"{section}:\n  {key}: [{value}]\n"
    path = tmp_path / "patterns.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_regex_fields_are_known() -> None:
    # Issue 8 counted seven; date_lines is the eighth. A new field is tested as it comes.
    assert len(_regex_fields()) >= 8


@pytest.mark.parametrize("field", _regex_fields(), ids=lambda f: ".".join(filter(None, f)))
@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_pattern_is_refused_at_load(
    tmp_path: Path, field: tuple[str, str | None], pattern: str
) -> None:
    path = _pattern_pack(tmp_path, *field, pattern)
    (error,) = validate_packs([path])
    assert "may backtrack catastrophically" in error.message
    assert (error.path, error.line) == (str(path), 1 if field[1] is None else 2)
    assert error.column is not None


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_load(tmp_path: Path, pattern: str) -> None:
    for field in _regex_fields():
        assert validate_packs([_pattern_pack(tmp_path, *field, pattern)]) == [], (field, pattern)


def test_catastrophic_pattern_cannot_hang_a_check(folder: Path) -> None:
    # Without the check at load this run takes longer than the universe is old.
    (folder / "articles" / "a.txt").write_text(ARTICLE + "a" * 60 + "!\n", encoding="utf-8")
    pack = _pattern_pack(folder, "furniture", "line_patterns", r"^(a+)+$")
    proc = run("check", "articles", "--rules", GENERIC, "--rules", pack.name, cwd=folder)
    assert "backtrack catastrophically" in assert_one_error(proc, "patterns.yml", 2)


def test_the_shipped_packs_load() -> None:
    assert validate_packs([GENERIC]) == []
    assert validate_packs([GENERIC, HANOI]) == []


TEMPLATES = [
    ("{fact.__class__}", "attribute access"),
    ("{fact.label.upper}", "attribute access"),
    ("{sides[0]}", "indexing"),
    ("{fact!r}", "conversion"),
    ("{fact!s}", "conversion"),
    ("{fact:>999999999999}", "format spec"),
    ("{spread:{fact}}", "format spec"),
    ("{nope}", "unknown placeholder"),
    ("{0}", "positional"),
    ("{}", "positional"),
    ("{fact", "bad message template"),
]


@pytest.mark.parametrize(("template", "words"), TEMPLATES)
def test_message_templates_take_bare_placeholders_only(
    tmp_path: Path, template: str, words: str
) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(
        "rules:\n  - id: x\n    kind: value-conflict\n    severity: warning\n"
        f"    message: {json.dumps('Fact ' + template)}\n    description: d\n",
        encoding="utf-8",
    )
    (error,) = validate_packs([path])
    assert words in error.message, error
    assert error.line == 5 and error.column is not None


def test_a_bad_template_fails_the_command_line(folder: Path) -> None:
    (folder / "rules.yml").write_text(
        "rules:\n  - id: x\n    kind: value-conflict\n    severity: warning\n"
        '    message: "{fact:>999999999999}"\n    description: d\n',
        encoding="utf-8",
    )
    proc = run("check", "articles", "--rules", GENERIC, "--rules", "rules.yml", cwd=folder)
    assert "format spec" in assert_one_error(proc, "rules.yml", 5)


# --- a topic pack alone ----------------------------------------------------------------------


def test_a_topic_pack_alone_brings_the_pack_it_requires(tmp_path: Path) -> None:
    proc = run(
        "check", SEEDS, "--rules", HANOI, "--format", "json", "--fail-on", "never", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    names = [pack["name"] for pack in json.loads(proc.stdout)["packs"]]
    assert names == ["generic", "hanoi"]
    both = run(
        "check",
        SEEDS,
        "--rules",
        GENERIC,
        "--rules",
        HANOI,
        "--format",
        "json",
        "--fail-on",
        "never",
        cwd=tmp_path,
    )
    assert json.loads(proc.stdout)["findings"] == json.loads(both.stdout)["findings"]
    validated = run("rules", "validate", HANOI, cwd=tmp_path)
    assert validated.returncode == 0 and "2 packs" in validated.stdout, validated.stdout


def test_a_required_pack_named_after_the_pack_is_an_error(tmp_path: Path) -> None:
    proc = run("check", SEEDS, "--rules", HANOI, "--rules", GENERIC, cwd=tmp_path)
    assert "requires 'generic'" in assert_one_error(proc, "pack.yml")
    assert run("rules", "validate", HANOI, GENERIC, cwd=tmp_path).returncode == 2


def test_requires_an_unknown_pack(tmp_path: Path) -> None:
    (tmp_path / "topic.yml").write_text(
        "pack:\n  name: topic\n  version: 1\n  requires: [nowhere]\n", encoding="utf-8"
    )
    (error,) = validate_packs([tmp_path / "topic.yml"])
    assert "requires the pack 'nowhere'" in error.message and error.line == 4


def test_a_pack_without_language_data_does_not_crash(tmp_path: Path) -> None:
    # The KeyError: '' of issue 8: a pack without number words gave an empty word pattern.
    (tmp_path / "topic.yml").write_text("aliases:\n  Hà Nội: [Thủ đô]\n", encoding="utf-8")
    proc = run("check", SEEDS, "--rules", "topic.yml", "--fail-on", "never", cwd=tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    know = load_knowledge([tmp_path / "topic.yml"])
    assert not know.number_words


# --- JSON: baselines and saved results -------------------------------------------------------

JSON_DOCUMENTS = [
    ("deep nesting", "[" * 100_000, 1, "nested too deeply"),
    ("4,301-digit integer", '{"schema": ' + "9" * 4301 + "}", 1, "number too long"),
    ("long fraction", '{"schema": 0.' + "5" * 500 + "}", 1, "number too long"),
    ("NaN", '{"schema": NaN}', 1, "NaN"),
    ("Infinity", '{"entries": [-Infinity]}', 1, "Infinity"),
    ("not JSON", "{'a': 1}", 1, "not valid JSON"),
    ("a list", "[]", None, "not a factcheck"),
    ("schema nested deep", '{"schema": ' + "[" * 900 + "]" * 900 + "}", None, None),
    ("not UTF-8", '{"schema": "\xff"}', None, "UTF-8"),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "words"), JSON_DOCUMENTS, ids=[c[0] for c in JSON_DOCUMENTS]
)
def test_baseline(folder: Path, name: str, text: str, line: int | None, words: str | None) -> None:
    path = folder / "baseline.json"
    path.write_bytes(text.encode("latin-1") if name == "not UTF-8" else text.encode("utf-8"))
    assert_located(lambda: load_baseline(path), str(path), line, words)
    if name in ON_THE_COMMAND_LINE:
        proc = run("check", "articles", "--baseline", "baseline.json", cwd=folder)
        message = assert_one_error(proc, "baseline.json", line)
        assert words is None or words in message


@pytest.mark.parametrize(
    ("name", "text", "line", "words"), JSON_DOCUMENTS, ids=[c[0] for c in JSON_DOCUMENTS]
)
def test_saved_result(
    folder: Path, name: str, text: str, line: int | None, words: str | None
) -> None:
    path = folder / "result.json"
    path.write_bytes(text.encode("latin-1") if name == "not UTF-8" else text.encode("utf-8"))
    words = None if name == "a list" else words
    assert_located(lambda: report_from_file(path, "result.json"), "result.json", line, words)
    if name in ON_THE_COMMAND_LINE:
        proc = run("report", "result.json", "-o", "out.md", cwd=folder)
        message = assert_one_error(proc, "result.json", line)
        assert words is None or words in message
        assert not (folder / "out.md").exists()


@pytest.fixture(scope="module")
def saved_result() -> dict:  # type: ignore[type-arg]
    return json.loads(render_json(sample.build_report(), RenderOptions()))  # type: ignore[no-any-return]


def _claim_holder(document: dict) -> dict:  # type: ignore[type-arg]
    return next(fact for fact in document["facts"] if fact["claims"])["claims"][0]  # type: ignore[no-any-return]


SHAPES: list[tuple[str, Callable[[dict], None]]] = [  # type: ignore[type-arg]
    ("value out of range", lambda d: _claim_holder(d).__setitem__("value", "__BIG__")),
    ("value a string", lambda d: _claim_holder(d).__setitem__("value", "12")),
    ("line a float", lambda d: _claim_holder(d).__setitem__("line", 1.5)),
    ("claims an object", lambda d: d["facts"][0].__setitem__("claims", {})),
    ("evidence nested", lambda d: d["facts"][0].__setitem__("evidence", [[[[1]]]])),
    ("schema a list", lambda d: d.__setitem__("schema", ["factcheck/report@1"])),
    ("findings missing", lambda d: d.pop("findings")),
]


@pytest.mark.parametrize(("name", "change"), SHAPES, ids=[s[0] for s in SHAPES])
def test_saved_result_of_the_wrong_shape(
    folder: Path,
    saved_result: dict,
    name: str,
    change: Callable[[dict], None],  # type: ignore[type-arg]
) -> None:
    path = folder / "result.json"
    path.write_text(json.dumps(saved_result), encoding="utf-8")
    assert report_from_file(path, "result.json").findings  # the document as written reads
    document = json.loads(json.dumps(saved_result))
    change(document)
    text = json.dumps(document).replace('"__BIG__"', "1e999999999")
    path.write_text(text, encoding="utf-8")
    assert_located(lambda: report_from_file(path, "result.json"), "result.json")
    if name == "value out of range":
        assert_one_error(run("report", "result.json", "-o", "out.md", cwd=folder), "result.json")


@pytest.mark.parametrize(
    ("name", "text", "line", "words"), JSON_DOCUMENTS[:6], ids=[c[0] for c in JSON_DOCUMENTS[:6]]
)
def test_safejson_in_process(name: str, text: str, line: int | None, words: str) -> None:
    with pytest.raises(FactcheckError) as caught:
        safejson.loads(text, "x.json")
    assert words in str(caught.value) and caught.value.line == line
    assert str(caught.value).startswith("x.json:")


# --- files that are not regular files ------------------------------------------------------


def _special(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "urandom":
        path.symlink_to("/dev/urandom")
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "folder":
        path.mkdir()
    elif kind == "loop":
        path.symlink_to(path)


SPECIAL = ["fifo", "zero", "urandom", "socket", "loop"]


@pytest.mark.parametrize("kind", SPECIAL)
def test_special_file_named_explicitly_is_refused(
    folder: Path, knowledge: Knowledge, kind: str
) -> None:
    path = folder / "x.txt"
    _special(kind, path)
    assert_located(lambda: discover([path]), path.as_posix())
    assert_located(lambda: read_source(path, knowledge, "x.txt"), "x.txt")  # read directly too
    if kind in ("fifo", "zero"):
        assert_one_error(run("check", "x.txt", cwd=folder), "x.txt")


def test_a_folder_named_like_an_article_is_a_folder(folder: Path) -> None:
    _special("folder", folder / "x.txt")
    assert "no article files" in assert_one_error(run("check", "x.txt", cwd=folder), "x.txt")
    (folder / "x.txt" / "inner.txt").write_text(ARTICLE, encoding="utf-8")
    assert run("check", "x.txt", "--fail-on", "never", cwd=folder).returncode == 0


def test_special_files_in_a_folder_are_skipped_with_a_warning(folder: Path) -> None:
    articles = folder / "articles"
    for kind in SPECIAL:
        _special(kind, articles / f"{kind}.txt")
    (articles / "dir.md").mkdir()
    (articles / "sub").mkdir()
    (articles / "sub" / "up").symlink_to(articles)  # a loop through a folder link
    proc = run("check", "articles", "--fail-on", "never", "--format", "json", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    sources = [source["path"] for source in json.loads(proc.stdout)["sources"]]
    assert sources == ["articles/a.txt"]
    for kind in SPECIAL:
        assert f"articles/{kind}.txt" in proc.stderr, proc.stderr


def test_input_size_is_capped(folder: Path) -> None:
    # The limit applies to every input, pack files included: keep it above those.
    text = ARTICLE + "Một dòng chữ không có con số.\n" * 4000  # 150 KB, read quickly
    (folder / "articles" / "a.txt").write_text(text, encoding="utf-8")
    env = {"FACTCHECK_MAX_FILE_BYTES": "100K"}
    message = assert_one_error(run("check", "articles", cwd=folder, env=env), "articles/a.txt")
    assert "too large" in message and "100.0 KB" not in message
    proc = run(
        "check",
        "articles",
        "--fail-on",
        "never",
        cwd=folder,
        env={"FACTCHECK_MAX_FILE_BYTES": "1M"},
    )
    assert proc.returncode == 0, proc.stderr


def test_a_bad_size_setting_is_an_error(folder: Path) -> None:
    proc = run("check", "articles", cwd=folder, env={"FACTCHECK_MAX_FILE_BYTES": "lots"})
    assert "FACTCHECK_MAX_FILE_BYTES" in assert_one_error(proc, "FACTCHECK_MAX_FILE_BYTES")


def test_a_copied_pack_is_read_like_the_original(tmp_path: Path) -> None:
    # The pack files themselves go through the safe readers too.
    copy = tmp_path / "generic"
    shutil.copytree(GENERIC, copy)
    assert validate_packs([copy]) == []
    (copy / "extra.yml").symlink_to("/dev/zero")  # not a regular file: never opened
    assert validate_packs([copy]) == []
