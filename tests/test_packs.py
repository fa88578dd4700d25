"""The validating rule-pack loader (checker.packs), its schema and ``factcheck rules``."""

from __future__ import annotations

import hashlib
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli_rules import rules_app
from checker.errors import FactcheckError, FactcheckErrors
from checker.i18n import localized
from checker.knowledge import Knowledge
from checker.packs import (
    RULES_DIR,
    default_pack_paths,
    load_knowledge,
    shipped_pack_paths,
    shown_path,
    validate_packs,
)
from checker.schema import RULE_KINDS, SEVERITIES, param_defaults

FIXTURES = Path(__file__).parent / "fixtures" / "packs"
BROKEN_PACKS = sorted(p for p in FIXTURES.iterdir() if p.is_dir())
EXPECT = re.compile(r"^\s*# expect: (\d+): (.*)$")

# A rule that loads: tests change one line of it at a time.
GOOD_RULE = """\
rules:
  - id: figures-differ
    kind: value-conflict
    severity: warning
    message: "{fact}: {sides} differ by {spread}"
    description: |
      What: two figures differ.
      Why it matters: one is wrong.
      What to do: check the source.
"""


def write_pack(root: Path, files: dict[str, str], name: str = "pack") -> Path:
    """A pack folder under ``root`` holding ``files`` (file name -> YAML text)."""
    folder = root / name
    folder.mkdir()
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    return folder


def errors_of(*packs: Path) -> list[FactcheckError]:
    """The errors loading ``packs`` raises (the test fails if it raises none)."""
    with pytest.raises(FactcheckErrors) as caught:
        load_knowledge(list(packs))
    return caught.value.errors


def located(error: FactcheckError) -> str:
    """``file:line:col: message (hint)`` with only the file's name, whatever the cwd."""
    return str(error).removeprefix(str(Path(error.path or "").parent) + "/")


# --- Shipped packs ----------------------------------------------------------------------


@pytest.mark.parametrize("pack", shipped_pack_paths(), ids=lambda p: p.name)
def test_shipped_pack_validates_on_its_own(pack: Path) -> None:
    assert validate_packs([pack]) == []


def test_shipped_packs_validate_together() -> None:
    know = load_knowledge(shipped_pack_paths())
    assert know.rules, "the shipped packs declare no rules"
    assert [name for name, _, _ in know.packs] == [p.name for p in shipped_pack_paths()]


def test_every_pack_folder_under_rules_is_shipped() -> None:
    folders = {p for p in RULES_DIR.iterdir() if p.is_dir() and any(p.glob("*.y*ml"))}
    assert folders == set(shipped_pack_paths())
    assert shipped_pack_paths()[: len(default_pack_paths())] == default_pack_paths()


def test_rule_line_points_at_its_id() -> None:
    for rule in load_knowledge(shipped_pack_paths()).rules:
        lines = Path(rule.path).read_text(encoding="utf-8").splitlines()
        assert re.match(rf"\s*-?\s*id:\s*{re.escape(rule.id)}\s*$", lines[rule.line - 1]), rule


def test_shipped_rules_get_every_parameter_of_their_kind() -> None:
    for rule in load_knowledge(shipped_pack_paths()).rules:
        assert set(rule.params) == set(RULE_KINDS[rule.kind]), rule.id


def test_pack_hash_is_of_the_files_in_sorted_order() -> None:
    know = load_knowledge(default_pack_paths())
    for (name, path, digest), pack in zip(know.packs, default_pack_paths(), strict=True):
        files = sorted(p for p in pack.iterdir() if p.suffix in (".yml", ".yaml"))
        expected = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
        assert (name, path, digest) == (pack.name, str(pack), expected)


def test_loading_the_packs_is_fast() -> None:
    load_knowledge(shipped_pack_paths())  # warm imports and caches
    best = min(_timed(lambda: load_knowledge(shipped_pack_paths())) for _ in range(3))
    assert best < 0.1, f"loading the packs took {best * 1000:.0f} ms"


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


# --- Broken fixture packs: every error, exactly where the comments say ------------------


def expected_errors(pack: Path) -> list[str]:
    """The ``# expect: COL: TEXT`` comments of a fixture pack, as ``file:line:col: TEXT``."""
    expected = []
    for file in sorted(pack.glob("*.yml")):
        pending: list[tuple[str, str]] = []
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            match = EXPECT.match(line)
            if match:
                pending.append(match.groups())
                continue
            expected += [f"{file.name}:{number}:{col}: {text}" for col, text in pending]
            pending = []
    return expected


@pytest.mark.parametrize("pack", BROKEN_PACKS, ids=lambda p: p.name)
def test_broken_pack_reports_exactly_the_expected_errors(pack: Path) -> None:
    expected = expected_errors(pack)
    assert expected, f"{pack} has no '# expect:' comments"
    # Hints name other files by their shown path; the expectations use bare names.
    folder = shown_path(pack) + "/"
    found = [located(e).replace(folder, "") for e in errors_of(pack)]
    for want in expected:
        if want.endswith("..."):
            # The YAML library words its own syntax errors: check the start only.
            hits = [f for f in found if f.startswith(want.removesuffix("..."))]
            assert len(hits) == 1, (want, found)
            found[found.index(hits[0])] = want
    assert sorted(found) == sorted(expected)


def test_errors_in_several_files_are_reported_at_once_in_file_order() -> None:
    errors = errors_of(FIXTURES / "typos", FIXTURES / "duplicates")
    files = [Path(e.path or "").name for e in errors]
    assert {"pack.yml", "rules.yml", "language.yml", "b.yml"} <= set(files)
    # Sorted by file (in load order), then line and column.
    keys = [(Path(e.path or "").parent.name, e.path, e.line, e.column) for e in errors]
    pack_order = {"typos": 0, "duplicates": 1}
    assert keys == sorted(keys, key=lambda k: (pack_order[k[0]], k[1], k[2], k[3]))


# --- One mistake at a time --------------------------------------------------------------


def only_error(tmp_path: Path, files: dict[str, str]) -> str:
    errors = errors_of(write_pack(tmp_path, files))
    assert len(errors) == 1, [str(e) for e in errors]
    return located(errors[0])


def test_good_rule_loads_with_defaults(tmp_path: Path) -> None:
    know = load_knowledge([write_pack(tmp_path, {"rules.yml": GOOD_RULE})])
    (rule,) = know.rules
    assert rule.params == param_defaults("value-conflict")
    assert rule.params["tolerance"] == Decimal("0.05")
    assert (rule.line, rule.pack, rule.severity) == (2, "pack", "warning")


def test_given_params_override_defaults(tmp_path: Path) -> None:
    text = GOOD_RULE + "    params: {tolerance: 0.10, same_hedge_class: false}\n"
    (rule,) = load_knowledge([write_pack(tmp_path, {"rules.yml": text})]).rules
    assert rule.params == {
        "min_sources": 2,
        "tolerance": Decimal("0.10"),
        "same_hedge_class": False,
    }


def test_unknown_key_with_did_you_mean_and_exact_location(tmp_path: Path) -> None:
    text = GOOD_RULE + "    params: {tolerence: 0.1}\n"
    assert only_error(tmp_path, {"rules.yml": text}) == (
        "rules.yml:10:14: unknown key 'tolerence' (did you mean 'tolerance'?)"
    )


def test_unknown_rule_key(tmp_path: Path) -> None:
    text = GOOD_RULE + "    severty: error\n"
    assert only_error(tmp_path, {"rules.yml": text}) == (
        "rules.yml:10:5: unknown key 'severty' (did you mean 'severity'?)"
    )


def test_wrong_type(tmp_path: Path) -> None:
    text = GOOD_RULE + "    params:\n      min_sources: [2]\n"
    assert only_error(tmp_path, {"rules.yml": text}) == (
        "rules.yml:11:20: expected an integer for 'min_sources', got a list"
    )


def test_number_out_of_range(tmp_path: Path) -> None:
    text = GOOD_RULE + "    params: {tolerance: 1.5}\n"
    assert only_error(tmp_path, {"rules.yml": text}) == (
        "rules.yml:10:25: 'tolerance' must be between 0 and 1, got 1.5"
    )


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "severity: warning",
            "severity: warn",
            "rules.yml:4:15: unknown severity 'warn' (did you mean 'warning'?)",
        ),
        (
            "kind: value-conflict",
            "kind: value-conflcit",
            "rules.yml:3:11: unknown rule kind 'value-conflcit' (did you mean 'value-conflict'?)",
        ),
        (
            "{spread}",
            "{spred}",
            "rules.yml:5:41: unknown placeholder '{spred}' in message (did you mean 'spread'?)",
        ),
        (
            "{spread}",
            "{0}",
            "rules.yml:5:41: positional placeholder '{0}' in message "
            "(use a name: fact, sides, spread, dates, rule, reference)",
        ),
        (
            '    message: "{fact}: {sides} differ by {spread}"\n',
            "",
            "rules.yml:2:5: missing required key 'message' in rules item",
        ),
        (
            "id: figures-differ",
            "id: figures differ",
            "rules.yml:2:9: invalid id 'figures differ' (it must match [A-Za-z0-9][A-Za-z0-9_.-]*)",
        ),
    ],
)
def test_bad_rule_field(tmp_path: Path, old: str, new: str, error: str) -> None:
    assert old in GOOD_RULE
    assert only_error(tmp_path, {"rules.yml": GOOD_RULE.replace(old, new)}) == error


def test_empty_description(tmp_path: Path) -> None:
    text = GOOD_RULE.split("    description:")[0] + "    description: '  '\n"
    assert only_error(tmp_path, {"rules.yml": text}) == (
        "rules.yml:6:18: 'description' must not be empty"
    )


def test_bad_regex_points_at_the_character(tmp_path: Path) -> None:
    text = "not_quantity:\n  - '\\d+(?:h\\d{2}'\n"
    assert only_error(tmp_path, {"numbers.yml": text}) == (
        "numbers.yml:2:9: invalid regular expression in 'not_quantity item': "
        "missing ), unterminated subpattern"
    )


@pytest.mark.parametrize("key", ["line_patterns", "inline_patterns", "lead_patterns"])
def test_bad_furniture_regex(tmp_path: Path, key: str) -> None:
    text = f"furniture:\n  {key}: ['a)']\n"
    assert only_error(tmp_path, {"furniture.yml": text}) == (
        f"furniture.yml:2:{len(key) + 8}: invalid regular expression in '{key} item': "
        "unbalanced parenthesis"
    )


def test_duplicate_key(tmp_path: Path) -> None:
    text = "abbreviations:\n  TP: thành phố\n  DN: doanh nghiệp\n  TP: tỉnh\n"
    assert only_error(tmp_path, {"language.yml": text}) == (
        "language.yml:4:3: duplicate key 'TP' (first defined at line 2)"
    )


def test_duplicate_section(tmp_path: Path) -> None:
    text = "stopwords: [của]\nunit_stop: [và]\nstopwords: [các]\n"
    assert only_error(tmp_path, {"language.yml": text}) == (
        "language.yml:3:1: duplicate key 'stopwords' (first defined at line 1)"
    )


def test_unknown_section(tmp_path: Path) -> None:
    assert only_error(tmp_path, {"x.yml": "hedge: []\n"}) == (
        "x.yml:1:1: unknown section 'hedge' (did you mean 'hedges'?)"
    )


def test_yaml_syntax_error_location(tmp_path: Path) -> None:
    text = "stopwords: [của, các\nunit_stop: [và]\n"
    error = only_error(tmp_path, {"language.yml": text})
    assert error.startswith("language.yml:2:10: YAML syntax error: "), error


def test_tab_indentation_is_a_syntax_error(tmp_path: Path) -> None:
    error = only_error(tmp_path, {"language.yml": "stopwords:\n\t- của\n"})
    assert error.startswith("language.yml:2:1: YAML syntax error: "), error


def test_not_utf8(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {})
    (folder / "language.yml").write_bytes("stopwords: [của]\nunit_stop: [".encode() + b"\xff]\n")
    (error,) = errors_of(folder)
    assert located(error) == (
        "language.yml:2:13: not valid UTF-8 (byte 0xff) (save the file as UTF-8)"
    )


def test_file_must_be_a_mapping(tmp_path: Path) -> None:
    assert only_error(tmp_path, {"x.yml": "- stopwords\n"}) == (
        "x.yml:1:1: a pack file must be a mapping of sections, got a list"
    )


def test_empty_file_is_an_empty_pack(tmp_path: Path) -> None:
    know = load_knowledge([write_pack(tmp_path, {"empty.yml": "# nothing yet\n"})])
    assert know.rules == [] and know.packs[0][0] == "pack"


def test_bare_yes_no_words_need_quotes(tmp_path: Path) -> None:
    assert only_error(tmp_path, {"language.yml": "stopwords: [của, on]\n"}) == (
        "language.yml:1:18: expected a non-empty string for 'stopwords item', "
        "got a boolean 'on' (quote it to make it a string)"
    )


def test_quoted_number_hint(tmp_path: Path) -> None:
    assert only_error(tmp_path, {"numbers.yml": "scales: {nghìn: '1000'}\n"}) == (
        "numbers.yml:1:17: expected a number for 'nghìn', got a string '1000' (remove the quotes)"
    )


HEDGE = "hedges:\n  - words: [khoảng]\n    class: around\n    low: -0.1\n    high: 0.1\n"


def test_hedges_load_exactly(tmp_path: Path) -> None:
    (hedge,) = load_knowledge([write_pack(tmp_path, {"hedges.yml": HEDGE})]).hedges
    assert (hedge.words, hedge.cls) == (("khoảng",), "around")
    assert (hedge.low, hedge.high, hedge.low_open) == (Decimal("-0.1"), Decimal("0.1"), False)


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("class: around", "class: about", "hedges.yml:3:12: unknown hedge class 'about'"),
        ("low: -0.1", "low: 0.1", "hedges.yml:4:10: 'low' must be <= 0, got 0.1"),
        ("high: 0.1", "high: -0.2", "hedges.yml:5:11: 'high' must be >= 0, got -0.2"),
        ("high: 0.1", "high: lots", "hedges.yml:5:11: expected a number or null for 'high'"),
        ("    high: 0.1\n", "", "hedges.yml:2:5: missing required key 'high' in hedges item"),
    ],
)
def test_bad_hedge(tmp_path: Path, old: str, new: str, error: str) -> None:
    assert only_error(tmp_path, {"hedges.yml": HEDGE.replace(old, new)}).startswith(error)


def test_open_hedges_may_be_unbounded(tmp_path: Path) -> None:
    text = HEDGE.replace("low: -0.1", "low: 0\n    low_open: true").replace("0.1", "null")
    (hedge,) = load_knowledge([write_pack(tmp_path, {"hedges.yml": text})]).hedges
    assert (hedge.low, hedge.high, hedge.low_open) == (Decimal(0), None, True)


def test_same_hedge_word_in_two_classes(tmp_path: Path) -> None:
    text = HEDGE + "  - words: [gần, khoảng]\n    class: under\n    low: -0.1\n    high: 0\n"
    assert only_error(tmp_path, {"hedges.yml": text}) == (
        "hedges.yml:6:5: hedge 'khoảng' is already in class 'around' (see "
        f"{shown_path(tmp_path / 'pack' / 'hedges.yml')}:2)"
    )


def test_align_accepts_exactly_its_keys(tmp_path: Path) -> None:
    text = "align:\n  context_threshold: 60\n  max_ratio: 1.5\n  window_before: 8\n"
    know = load_knowledge([write_pack(tmp_path, {"align.yml": text})])
    assert know.align == {"context_threshold": 60, "max_ratio": 1.5, "window_before": 8}
    bad = text + "  window_afer: 6\n  event_threshold: 101\n"
    errors = [located(e) for e in errors_of(write_pack(tmp_path, {"align.yml": bad}, "bad"))]
    assert errors == [
        "align.yml:5:3: unknown key 'window_afer' (did you mean 'window_after'?)",
        "align.yml:6:20: 'event_threshold' must be between 0 and 100, got 101",
    ]


REFERENCE = """\
metrics:
  visitors: [lượt khách]
references:
  - metric: visitors
    value: 1.5
    unit: triệu
    time: 2023
    source: Tổng cục Thống kê
"""


def test_references_load_exactly(tmp_path: Path) -> None:
    (ref,) = load_knowledge([write_pack(tmp_path, {"topic.yml": REFERENCE})]).references
    assert (ref.metric, ref.value, ref.unit, ref.time) == (
        "visitors",
        Decimal("1.5"),
        "triệu",
        "2023",
    )


# --- Several packs ----------------------------------------------------------------------


def test_duplicate_rule_id_across_packs_needs_override(tmp_path: Path) -> None:
    first = write_pack(tmp_path, {"rules.yml": GOOD_RULE}, "first")
    second = write_pack(tmp_path, {"rules.yml": GOOD_RULE}, "second")
    (error,) = errors_of(first, second)
    assert located(error) == (
        "rules.yml:2:9: rule id 'figures-differ' is already defined by pack 'first' "
        f"(at {shown_path(first / 'rules.yml')}:2; add 'override: true' to replace it)"
    )


def test_override_replaces_the_earlier_rule_in_place(tmp_path: Path) -> None:
    other = GOOD_RULE.replace("figures-differ", "other-rule").replace("rules:\n", "")
    first = write_pack(tmp_path, {"rules.yml": GOOD_RULE + other}, "first")
    text = GOOD_RULE.replace("severity: warning", "severity: error") + "    override: true\n"
    second = write_pack(tmp_path, {"rules.yml": text}, "second")
    rules = load_knowledge([first, second]).rules
    assert [(r.id, r.pack, r.severity) for r in rules] == [
        ("figures-differ", "second", "error"),
        ("other-rule", "first", "warning"),
    ]


def test_override_with_enabled_false_switches_a_rule_off(tmp_path: Path) -> None:
    first = write_pack(tmp_path, {"rules.yml": GOOD_RULE}, "first")
    text = GOOD_RULE + "    override: true\n    enabled: false\n"
    second = write_pack(tmp_path, {"rules.yml": text}, "second")
    assert load_knowledge([first, second]).rules == []
    assert len(load_knowledge([first]).rules) == 1


def test_disabled_rule_is_checked_but_not_loaded(tmp_path: Path) -> None:
    text = GOOD_RULE + "    enabled: false\n    tags: [numbers]\n"
    assert load_knowledge([write_pack(tmp_path, {"rules.yml": text})]).rules == []
    bad = text.replace("severity: warning", "severity: loud")
    assert "unknown severity 'loud'" in str(errors_of(write_pack(tmp_path, {"r.yml": bad}, "b")))


def test_pack_section_only_in_pack_yml(tmp_path: Path) -> None:
    text = "pack: {name: x, version: 1}\n"
    assert only_error(tmp_path, {"rules.yml": text}) == (
        "rules.yml:1:1: the 'pack' section belongs in pack.yml"
    )


def test_pack_name_from_pack_yml_and_unique(tmp_path: Path) -> None:
    meta = "pack:\n  name: topic\n  version: 2\n  description: Topic facts.\n"
    first = write_pack(tmp_path, {"pack.yml": meta, "rules.yml": GOOD_RULE}, "a")
    assert load_knowledge([first]).rules[0].pack == "topic"
    second = write_pack(tmp_path, {"pack.yml": meta}, "b")
    (error,) = errors_of(first, second)
    assert (
        located(error) == f"pack.yml:2:9: duplicate pack name 'topic' (already loaded from {first})"
    )


def test_missing_and_empty_packs(tmp_path: Path) -> None:
    empty = write_pack(tmp_path, {})
    errors = [str(e) for e in errors_of(tmp_path / "nowhere", empty)]
    assert errors == [
        f"{shown_path(tmp_path / 'nowhere')}: no such pack "
        "(expected a folder of YAML files, a YAML file or a bundled pack's name)"
        " (bundled packs: generic, hanoi)",
        f"{shown_path(empty)}: no YAML files in pack folder",
    ]


def test_single_file_pack(tmp_path: Path) -> None:
    file = tmp_path / "extra.yaml"
    file.write_text("pack: {name: extra, version: '1.0'}\n" + GOOD_RULE, encoding="utf-8")
    know = load_knowledge([file])
    assert know.packs[0][0] == "extra" and know.rules[0].path == shown_path(file)


# --- Schema -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(RULE_KINDS))
def test_every_default_satisfies_its_own_constraint(kind: str, tmp_path: Path) -> None:
    # Writing the defaults out as params must load and give the same values back.
    def yaml_value(value: object) -> str:
        return str(value).lower() if isinstance(value, bool) else str(value)

    params = "".join(f"      {k}: {yaml_value(v)}\n" for k, v in param_defaults(kind).items())
    text = GOOD_RULE.replace("value-conflict", kind) + "    params:\n" + params
    (rule,) = load_knowledge([write_pack(tmp_path, {"rules.yml": text})]).rules
    assert rule.params == param_defaults(kind)
    assert all(param.doc for param in RULE_KINDS[kind].values())


def test_severity_params_take_severities() -> None:
    assert param_defaults("time-varying")["lower_to"] in SEVERITIES


# --- CLI --------------------------------------------------------------------------------

runner = CliRunner()


def shipped_knowledge() -> Knowledge:
    return load_knowledge(shipped_pack_paths())


def test_cli_validate_shipped_packs() -> None:
    result = runner.invoke(rules_app, ["validate"])
    know = shipped_knowledge()
    assert result.exit_code == 0, result.output
    assert result.stdout == f"ok: {len(know.rules)} rules in {len(know.packs)} packs\n"


def test_cli_validate_bad_pack(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, {"rules.yml": GOOD_RULE + "    params: {tolerence: 0.1}\n"})
    result = runner.invoke(rules_app, ["validate", str(pack)])
    assert result.exit_code == 2
    where = shown_path(pack / "rules.yml")
    assert result.stderr == (
        f"{where}:10:14: unknown key 'tolerence' (did you mean 'tolerance'?)\n"
    )
    assert result.stdout == ""


def test_cli_validate_reports_every_error() -> None:
    result = runner.invoke(rules_app, ["validate", str(FIXTURES / "typos")])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == len(expected_errors(FIXTURES / "typos"))
    assert all(re.match(r"\S+\.yml:\d+:\d+: ", line) for line in result.stderr.splitlines())


def test_cli_list_shows_shipped_rules() -> None:
    result = runner.invoke(rules_app, ["list"])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout  # no colour codes when not a terminal
    for rule in load_knowledge().rules:
        row = next(line for line in result.stdout.splitlines() if line.startswith(rule.id + " "))
        assert rule.kind in row and rule.severity in row and rule.pack in row
        assert localized(rule.description).splitlines()[0].strip() in row


def test_cli_list_given_packs(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, {"rules.yml": GOOD_RULE})
    result = runner.invoke(rules_app, ["list", "--rules", str(pack)])
    assert result.exit_code == 0, result.output
    assert "figures-differ" in result.stdout and "What: two figures differ." in result.stdout


def test_cli_list_bad_pack_exits_2(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, {"rules.yml": GOOD_RULE.replace("warning", "loud")})
    result = runner.invoke(rules_app, ["list", "--rules", str(pack)])
    assert result.exit_code == 2
    assert "rules.yml:4:15: unknown severity 'loud'" in result.stderr


def test_cli_explain_shows_everything() -> None:
    rule = next(r for r in load_knowledge().rules if r.params)
    result = runner.invoke(rules_app, ["explain", rule.id])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"{rule.path}:{rule.line}" in out and rule.kind in out and localized(rule.message) in out
    for name, param in RULE_KINDS[rule.kind].items():
        assert f"  {name} = " in out and param.doc in out
    for line in localized(rule.description).strip().splitlines():
        assert line.strip() in out


def test_cli_explain_unknown_rule() -> None:
    rule = load_knowledge().rules[0]
    result = runner.invoke(rules_app, ["explain", rule.id[:-1]])
    assert result.exit_code == 2
    assert result.stderr == f"unknown rule '{rule.id[:-1]}' (did you mean '{rule.id}'?)\n"


# ---------------------------------------------------------------- catastrophic patterns

# (pattern, may it backtrack exponentially or polynomially?) for checker.redos, which packs
# use at load.
BACKTRACKING = [
    (r"(a+)+$", True),
    (r"(a|a)*b", True),  # re writes it a(?:|): two empty branches double every path
    (r"(.*)*x", True),
    (r"(\w+\s?)+$", True),
    (r"(a|aa)+$", True),
    (r"(a|b|ab)*c", True),
    (r"(\d|\d\d)+!", True),
    (r"(?:a*)*b", True),
    (r"(a?a?)+b", True),
    (r"(x+x+)+y", True),
    (r"(.*a){20}", True),  # bounded, but 20 nested choices are as bad
    (r"(a+){5}b", True),  # copies of a loop split one run of text
    (r"(?:a+){2,}b", True),
    (r"(?=(a+)+b)", True),  # look-arounds backtrack on their own
    (r"(?>(a+)+b)", True),  # so do atomic groups, inside
    (r"(?i)(?:[A-Z]+[a-z])+$", True),  # case ignored: both classes are letters
    (r"\d+(?:[.,]\d+)*", False),  # the separator is never a digit
    (r"(?:\d{1,3}\.)+\d+", False),
    (r"(\d{1,3}\.){3}\d{1,3}", False),
    (r"(ab|ac)*d", False),
    (r"(a|b)*c", False),
    (r"(\w|\d)+!", False),  # re reads it as one character class
    # Polynomial: two loops in a row share a run of text, so a failing match splits it in
    # n ways (n**k for k loops); with re.search trying every start, one degree more.
    (r"\s*,?\s*:", True),  # a run of spaces: quadratic
    (r"\s*\s*\s*x", True),  # cubic
    (r"\d+\d+", True),
    (r".*x.*y", True),  # the x's between the two loops
    (r"[\d.,]+\s*\d+", True),  # the loops overlap on digits across an empty middle
    (r"(?i)[A-Z]+[a-z][A-Za-z]*", True),  # case ignored: all letters
    (r"[A-Z]+[a-z][A-Za-z]*", False),  # case kept: a capital run ends at the small letter
    (r"\s*(?:,\s*)?:", False),  # the usual rewrite: spaces after the comma only
    (r"x\s*y\s*z", False),
    (r"[a-z]+\d+[a-z]+", False),
    (r"\w+\s+\w+", False),
    (r"a*b*", False),
    (r"(a++)+b", False),  # possessive: never retried
    (r"(?:x\d+)+", False),
    (r"(\d{10})+", False),
    (r"^[^>»]{1,40}(?:\s[>»]\s[^>»]{1,40}){1,5}$", False),  # the generic pack's breadcrumbs
    (r"plain words, no loop", False),
]


@pytest.mark.parametrize(("pattern", "risky"), BACKTRACKING)
def test_backtracking_analysis(pattern: str, risky: bool) -> None:
    from checker.redos import catastrophic

    assert catastrophic(pattern) is risky


def test_no_shipped_pattern_backtracks_catastrophically() -> None:
    for pack in shipped_pack_paths():
        assert validate_packs([pack]) == [], pack


_OLD_DOCUMENT_NUMBER = r"\b\d+(?:/\d+)*[-/](?:[A-ZĐ]{1,6}[-/]?)+(?:[A-ZĐa-zđ]+)?\b"


def test_document_number_pattern_was_rewritten_with_the_same_matches() -> None:
    """The generic pack's "15-NQ/TW" pattern was exponential ("1/" + 30 capitals + "1"
    took minutes); its rewrite must find the same spans (short strings: the old one is
    fast on those)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from checker.redos import catastrophic

    # The rewrite (the pack has since refined it further, with a look-behind).
    new = r"\b\d+(?:/\d+)*[-/][A-ZĐ]+(?:[-/][A-ZĐ]+)*[-/]?(?:[A-ZĐa-zđ]+)?\b"
    # Exponential before, quadratic after (the capital run can end before or inside the
    # last part): the pack's current form, with its small-letter last part, is neither.
    assert catastrophic(_OLD_DOCUMENT_NUMBER) and catastrophic(new)
    old_re, new_re = re.compile(_OLD_DOCUMENT_NUMBER), re.compile(new)

    @settings(max_examples=3000, deadline=None)
    @given(st.text(alphabet="12/-ABĐađ x.", max_size=16))
    def same(text: str) -> None:
        assert [m.span() for m in old_re.finditer(text)] == [
            m.span() for m in new_re.finditer(text)
        ]

    same()
    start = time.perf_counter()
    new_re.search("1/" + "A" * 5000 + "1")
    assert time.perf_counter() - start < 1


def test_pattern_length_and_complexity_limits(tmp_path: Path) -> None:
    long = tmp_path / "long.yml"
    long.write_text(f"not_quantity: ['{'a' * 5000}']\n", encoding="utf-8")
    (error,) = validate_packs([long])
    assert "too long" in error.message and error.line == 1
    deep = tmp_path / "deep.yml"
    deep.write_text("not_quantity: ['" + "(" * 1500 + ")" * 1500 + "']\n", encoding="utf-8")
    (error,) = validate_packs([deep])
    assert "regular expression" in error.message and error.line == 1


# The generic pack's patterns as they were before polynomial ambiguity was refused, each
# with its rewrite (spaces taken by one loop only), and an alphabet to compare them on.
# The last two were not ambiguous themselves but tried from every space of a long run.
_REWRITTEN = [
    (
        r"^\s*(?:view count|lượt xem|lượt đọc)\s*:?\s*[\d.,]+\s*$",
        r"^\s*(?:view count|lượt xem|lượt đọc)\s*(?::\s*)?[\d.,]+\s*$",
        ["lượt xem", " ", ":", "1", ".", ",", "x"],
    ),
    (
        r"^\s*(?:chia sẻ|share|tweet)\s*:?\s*$",
        r"^\s*(?:chia sẻ|share|tweet)\s*(?::\s*)?$",
        ["chia sẻ", "share", " ", ":", "x"],
    ),
    (
        r"^\s*\(?ảnh\s*[:\-–][^)]*\)?\s*$",
        r"^\s*\(?ảnh\s*[:\-–][^)]*(?:\)\s*)?$",
        ["ảnh", " ", ":", "-", "(", ")", "x"],
    ),
    (
        r"\(\s*ảnh\s*[:\-–][^()]*\)\s*\|?\s*$",
        r"\(\s*ảnh\s*[:\-–][^()]*\)\s*(?:\|\s*)?$",
        ["ảnh", " ", ":", "(", ")", "|", "x"],
    ),
    (
        r"^\s*\(?\s*ảnh\s*[:\-–][^()]*\)?\s*$",
        r"^\s*(?:\(\s*)?ảnh\s*[:\-–][^()]*(?:\)\s*)?$",
        ["ảnh", " ", ":", "(", ")", "x"],
    ),
    (
        r"^\s*(?:cập nhật)\s*:?\s*(?:\d{1,2}:\d{2}\s*[,|]?\s*)?(?P<day>\d{1,2})/"
        r"(?P<month>\d{1,2})/(?P<year>\d{4})(?:\s*[,|]?\s*\d{1,2}:\d{2})?\s*$",
        r"^\s*(?:cập nhật)\s*(?::\s*)?(?:\d{1,2}:\d{2}\s*(?:[,|]\s*)?)?(?P<day>\d{1,2})/"
        r"(?P<month>\d{1,2})/(?P<year>\d{4})(?:\s*(?:[,|]\s*)?\d{1,2}:\d{2})?\s*$",
        ["cập nhật", " ", ":", ",", "|", "1", "2", "/", "2024"],
    ),
    (
        r"\|?\s*view count\s*:\s*[\d.,]+",
        r"(?:\||(?<![\s|]))\s*view count\s*:\s*[\d.,]+",
        ["view count", " ", ":", "|", "1", ",", "x"],
    ),
    (
        r"\|?\s*lượt (?:xem|đọc)\s*:\s*[\d.,]+",
        r"(?:\||(?<![\s|]))\s*lượt (?:xem|đọc)\s*:\s*[\d.,]+",
        ["lượt xem", "lượt đọc", " ", ":", "|", "1", "x"],
    ),
]


@pytest.mark.parametrize(("old", "new", "pieces"), _REWRITTEN)
def test_polynomial_rewrites_keep_their_matches(old: str, new: str, pieces: list[str]) -> None:
    """Each rewrite finds the same spans and groups as the pattern it replaced (on short
    texts, where the old one is fast), is accepted where the old one is now refused, and
    takes linear time on the run of spaces that made the old one quadratic."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from checker.redos import catastrophic

    assert not catastrophic(new)
    old_re, new_re = re.compile(old, re.IGNORECASE), re.compile(new, re.IGNORECASE)

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12).map("".join))
    def same(text: str) -> None:
        a = [(m.span(), m.groupdict()) for m in old_re.finditer(text)]
        assert a == [(m.span(), m.groupdict()) for m in new_re.finditer(text)]

    same()
    for hostile in (pieces[0] + " " * 50_000 + "x", " " * 50_000 + pieces[0] + " " * 50_000):
        start = time.process_time()
        list(new_re.finditer(hostile))
        assert time.process_time() - start < 1


def test_a_line_padded_with_spaces_is_read_in_linear_time(tmp_path: Path) -> None:
    """Scraped pages pad lines with spaces.  The generic pack's furniture patterns
    (``\\s*:?\\s*``) took the square of such a run: 60,000 spaces after "Chia sẻ" cost
    10 s, 300,000 would have cost minutes.  Now the whole article reads in well under."""
    from checker.pipeline import Engine, read_claims

    pad = " " * 300_000
    article = tmp_path / "a.txt"
    article.write_text(
        f"Tiêu đề\n\nChia sẻ{pad}x\n\nẢnh: Minh Anh{pad}x\n\nLượt xem:{pad}x\n\n"
        "Năm 2023, thành phố có 100 dự án.\n",
        encoding="utf-8",
    )
    engine = Engine.load()
    start = time.process_time()
    ((_source, claims),) = list(read_claims([article], engine))
    assert time.process_time() - start < 10
    assert any(claim.quote == "100 dự án" for claim in claims)
