"""The terminal, concise and table reports in Vietnamese and English (issue 11).

Done when, on the seeds: ``factcheck check seeds/ --lang vi`` reads as Vietnamese from
the first line to the last (no English text of the catalog or of the rule packs leaks),
and the summary with the verdict is on the last screen of an 80×24 terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from clirun import ROOT, run_cli
from test_report_size import report_of

from checker.i18n import LOCALE_DIR, localized, using_language
from checker.model import Source, Span
from checker.packs import load_knowledge
from checker.pipeline import Engine, check
from checker.report import RenderOptions, render
from checker.report.common import sorted_findings, source_title

SEEDS = ROOT / "seeds"
SCREEN_ROWS, SCREEN_COLUMNS = 24, 80
_WORD = re.compile(r"[A-Za-z]{3,}")
# Names, not words: rule ids, option names, the program's name, article files.
_NAMES = re.compile(r"[a-z]+(?:-[a-z]+)+|--[a-z-]+(?: \w+)?|factcheck|\S+\.txt|[a-z]+#\d+")


def _catalog() -> list[tuple[str, str]]:
    """(English, Vietnamese) of every catalog text, plural forms included."""
    with (LOCALE_DIR / "vi" / "LC_MESSAGES" / "factcheck.po").open("rb") as handle:
        catalog = read_po(handle)
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(english, " ".join(strings)) for english in ids]
    return pairs


def _english_only_words() -> set[str]:
    """Words of the English texts (catalog and packs) that no Vietnamese text and no seed
    article uses: any of them in a Vietnamese report is English that leaked."""
    english, vietnamese = [], []
    for en, vi in _catalog():
        english.append(re.sub(r"\{[^{}]*\}", " ", en))
        vietnamese.append(re.sub(r"\{[^{}]*\}", " ", vi))
    for rule in load_knowledge([Path("generic"), Path("hanoi")]).rules:
        for text in (rule.message, rule.description):
            english.append(localized(text, "en"))
            vietnamese.append(localized(text, "vi"))
    vietnamese += [p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")]
    allowed = {w.lower() for text in vietnamese for w in _WORD.findall(text)}
    found = {w.lower() for text in english for w in _WORD.findall(text)}
    return found - allowed


def _leaks(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(_NAMES.sub(" ", text))} & _english_only_words()


@pytest.fixture(scope="module")
def seeds_vi() -> tuple[int, str]:
    done = run_cli("check", "seeds", "--lang", "vi", "--format", "terminal", env={"COLUMNS": "80"})
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout


@pytest.fixture(scope="module")
def seeds_report():
    with using_language("en"):
        return check([SEEDS], Engine.load())


# The seeds' counts as the engine finds them today (the README gives them); the texts
# around them are what these tests pin.
def _counts(report) -> tuple[int, int, int]:
    found = [f.severity for f in report.findings]
    return found.count("error"), found.count("warning"), found.count("info")


def _en(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


@pytest.fixture(scope="module")
def counts(seeds_report) -> tuple[int, int, int]:
    errors, warnings, infos = _counts(seeds_report)
    assert errors >= 1 and warnings >= 1  # the seeds hold both
    return errors, warnings, infos


# --- Vietnamese from the first line to the last --------------------------------------


def test_the_seed_check_in_vietnamese_leaks_no_english(
    seeds_vi: tuple[int, str], counts: tuple[int, int, int]
) -> None:
    code, text = seeds_vi
    assert code == 1
    assert _leaks(text) == set()
    assert text.splitlines()[0].startswith("factcheck ")
    assert f"Kết luận: {counts[0]} lỗi từ mức --fail-on error trở lên → mã thoát 1" in text
    assert "Giải thích các quy tắc" in text and "Cần làm gì:" in text


def test_the_leak_check_can_fail(seeds_report) -> None:
    # The same report in English: the words the Vietnamese test looks for are there.
    text = render(seeds_report, "terminal", RenderOptions(width=SCREEN_COLUMNS))
    assert {"findings", "verdict", "reads", "matters"} <= _leaks(text)


def test_the_verdict_and_summary_are_on_the_last_screen(
    seeds_vi: tuple[int, str], counts: tuple[int, int, int], seeds_report
) -> None:
    errors, warnings, infos = counts
    lines = seeds_vi[1].rstrip("\n").splitlines()
    assert len(lines) > 3 * SCREEN_ROWS  # the findings scroll away...
    assert max(len(line) for line in lines) <= SCREEN_COLUMNS
    last_screen = "\n".join(lines[-SCREEN_ROWS:])  # ...the outcome does not
    assert f"Kết luận: {errors} lỗi từ mức --fail-on error trở lên → mã thoát 1" in last_screen
    assert f"Phát hiện: {errors} lỗi, {warnings} cảnh báo, {infos} thông tin" in last_screen
    claims = len(seeds_report.claims)
    assert f"{len(seeds_report.sources)} nguồn, trích được {claims} số liệu" in last_screen
    # And on the first screen too.
    assert "Kết luận:" in "\n".join(lines[:SCREEN_ROWS])


def test_english_last_screen_at_80_columns(seeds_report, counts: tuple[int, int, int]) -> None:
    errors, warnings = _en(counts[0], "error"), _en(counts[1], "warning")
    options = RenderOptions(width=SCREEN_COLUMNS, fail_on="warning")
    lines = render(seeds_report, "terminal", options).rstrip("\n").splitlines()
    last_screen = "\n".join(lines[-SCREEN_ROWS:])
    verdict = f"Verdict: {errors}, {warnings} at or above --fail-on warning → exit 1"
    assert verdict in last_screen
    assert f"Findings: {errors}, {warnings}, {_en(counts[2], 'info')}" in last_screen
    assert max(len(line) for line in lines) <= SCREEN_COLUMNS


@pytest.mark.parametrize(
    ("fail_on", "verdict"),
    [
        ("error", "{errors} at or above --fail-on error → exit 1"),
        ("info", "{errors}, {warnings} at or above --fail-on info → exit 1"),
        ("never", "--fail-on never: findings never fail the run → exit 0"),
    ],
)
def test_the_verdict_follows_fail_on(
    seeds_report, counts: tuple[int, int, int], fail_on: str, verdict: str
) -> None:
    verdict = verdict.format(errors=_en(counts[0], "error"), warnings=_en(counts[1], "warning"))
    for fmt in ("terminal", "table", "concise"):
        text = render(seeds_report, fmt, RenderOptions(width=100, fail_on=fail_on))
        assert text.rstrip().splitlines()[-1].endswith(verdict), fmt


def test_no_finding_gives_exit_0_in_the_verdict(seeds_report) -> None:
    from dataclasses import replace

    quiet = replace(seeds_report, findings=())
    text = render(quiet, "terminal", RenderOptions(width=100))
    assert text.rstrip().endswith("Verdict: no finding at or above --fail-on error → exit 0")


# --- One explanation per rule, no label twice ----------------------------------------


def test_each_rule_is_explained_once(seeds_report) -> None:
    text = render(seeds_report, "terminal", RenderOptions(width=100))
    rules = [f.rule for f in seeds_report.findings]
    assert len(rules) > len(set(rules))  # a rule with two findings...
    assert text.count("What to do:") == len(set(rules))  # ...is explained once
    assert text.count("Why it matters:") == len(set(rules))


def test_no_label_is_printed_twice_in_a_finding(seeds_report) -> None:
    text = render(seeds_report, "terminal", RenderOptions(width=200))
    blocks = re.split(r"(?m)^─+$", text)[1 : 1 + len(seeds_report.findings)]
    assert len(blocks) == len(seeds_report.findings)
    for block, finding in zip(blocks, sorted_findings(seeds_report.findings), strict=True):
        label = finding.fact.removesuffix(" (per year)").removesuffix(" (as of publication)")
        assert block.count(label) == 1, block
        for claim in finding.claims:  # the file name is on the path line only
            name = claim.source.rsplit("/", 1)[-1]
            assert block.count(f"  {name} ·") == 0


# --- Concise ---------------------------------------------------------------------------

_CONCISE = re.compile(r"^(\S+):(\d+):(\d+): (\S+(?: \S+)?) ([a-z-]+) (.+)$")


@pytest.mark.parametrize(
    ("lang", "severities"), [("en", {"error", "warning"}), ("vi", {"lỗi", "cảnh báo"})]
)
def test_concise_is_one_line_per_finding(seeds_report, lang: str, severities: set[str]) -> None:
    done = run_cli("check", "seeds", "--format", "concise", "--lang", lang)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    n = len(seeds_report.findings)
    findings = [_CONCISE.match(line) for line in lines[:n]]
    assert all(findings), lines[:n]
    assert {m[4] for m in findings if m} == severities
    assert lines[n] == ""
    assert len(lines) == n + 4  # the findings, a blank line, count, rules, verdict
    assert ("Verdict:" if lang == "en" else "Kết luận:") in lines[-1]


# --- Source lists are capped -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_two_thousand_sources_never_make_a_long_line(lang: str) -> None:
    with using_language(lang):
        report = report_of(load_knowledge(), 2000)
        for fmt in ("terminal", "concise", "table"):
            text = render(report, fmt, RenderOptions(width=100))
            longest = max(len(line) for line in text.splitlines())
            assert longest <= 400, (fmt, longest)
        # 1,000 sources on each side of the conflict: three named, the rest counted.
        more = "997 more sources" if lang == "en" else "997 nguồn khác"
        assert report.findings[0].message.count(more) == 2
        terminal = render(report, "terminal", RenderOptions(width=100))
        assert len(terminal.splitlines()) < 200  # the sources table is capped too
        assert ("1988 more sources" if lang == "en" else "1988 nguồn khác") in terminal


# --- Titles ----------------------------------------------------------------------------


def _source(text: str, title: str | None = None, path: str = "a/0f3c9a.md") -> Source:
    return Source(path=path, text=text, encoding="utf-8", body=(Span(0, len(text)),), title=title)


def test_the_title_comes_from_metadata_then_a_heading_then_a_short_first_line() -> None:
    assert source_title(_source("# Tiêu đề phụ\n\nNội dung.", title="Tiêu đề")) == "Tiêu đề"
    assert source_title(_source("\n## Hà Nội đón khách ##\n\nNội dung bài.")) == "Hà Nội đón khách"
    assert source_title(_source("Hà Nội đón khách\n\nNội dung bài.")) == "Hà Nội đón khách"
    lead = "Năm 2023, thành phố đón 120 đoàn khách quốc tế, theo báo cáo của sở."
    assert source_title(_source(lead + "\nThêm nữa.")) == ""


def test_the_terminal_shows_titles_beside_paths(seeds_vi: tuple[int, str]) -> None:
    text = seeds_vi[1]
    at = text.index("seeds/000_1260e201bb692672.txt")
    assert "Đưa Hà Nội trở thành Thành phố kết nối toàn cầu" in text[at : at + 200]


# --- Choosing the language from outside ------------------------------------------------


def test_the_configuration_and_the_locale_choose_vietnamese(tmp_path: Path) -> None:
    article = tmp_path / "bai.txt"
    article.write_text("Thành phố đón 120 đoàn khách quốc tế năm 2023.\n", encoding="utf-8")
    (tmp_path / ".factcheck.toml").write_text('lang = "vi"\n', encoding="utf-8")
    configured = run_cli("check", "bai.txt", "--format", "table", cwd=tmp_path)
    assert "Kết luận: không có phát hiện nào" in configured.stdout, configured.stderr
    option = run_cli("check", "bai.txt", "--format", "table", "--lang", "en", cwd=tmp_path)
    assert "Verdict: no finding" in option.stdout
    (tmp_path / ".factcheck.toml").unlink()
    locale = run_cli("check", "bai.txt", "-f", "table", cwd=tmp_path, env={"LANG": "vi_VN.UTF-8"})
    assert "Kết luận:" in locale.stdout, locale.stderr
    plain = run_cli("check", "bai.txt", "-f", "table", cwd=tmp_path, env={"LANG": "C.UTF-8"})
    assert "Verdict:" in plain.stdout


def test_help_texts_in_vietnamese() -> None:
    done = run_cli("check", "--help", "--lang", "vi", env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert "Tệp hoặc thư mục bài viết" in done.stdout
    assert "Ngôn ngữ của kết quả" in done.stdout
    english = run_cli("check", "--help", env={"COLUMNS": "200"})
    assert "Article files or folders" in english.stdout


# --- Rule packs in both languages ------------------------------------------------------


def test_rules_explain_in_both_languages() -> None:
    vi = run_cli("rules", "explain", "interval-disagreement", "--lang", "vi")
    assert vi.returncode == 0, vi.stderr
    assert "Vấn đề:" in vi.stdout and "Tham số:" in vi.stdout
    assert "không thể cùng đúng" in vi.stdout
    en = run_cli("rules", "explain", "interval-disagreement", "--lang", "en")
    assert "What to do:" in en.stdout and "Parameters:" in en.stdout


def _pack(folder: Path, message: str, description: str) -> Path:
    folder.mkdir()
    (folder / "pack.yml").write_text(
        "pack:\n  name: mine\n  version: '1'\n  requires: [generic]\n", encoding="utf-8"
    )
    (folder / "rules.yml").write_text(
        "rules:\n  - id: mine\n    kind: interval-conflict\n    severity: error\n"
        f"    message: {message}\n    description: {description}\n",
        encoding="utf-8",
    )
    return folder


def test_a_pack_in_one_language_is_valid_and_noted(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "mine", '"{fact}: {sides}"', '"What: x."')
    done = run_cli("rules", "validate", str(pack))
    assert done.returncode == 0, done.stderr
    assert "rule 'mine' has its description in one language only" in done.stderr
    explained = run_cli("rules", "explain", "mine", "--rules", str(pack), "--lang", "vi")
    assert "What: x." in explained.stdout  # the one language it has, in every language


def test_a_pack_text_in_an_unknown_language_is_an_error(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "mine", '{en: "{fact}", fr: "{fact}"}', "{vi: ''}")
    done = run_cli("rules", "validate", str(pack))
    assert done.returncode == 2
    assert "rules.yml:5:" in done.stderr and "unknown language 'fr'" in done.stderr
    assert "'description (vi)' must not be empty" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_placeholder_in_the_vietnamese_message_is_found(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "mine", '{en: "{fact}", vi: "{fakt}"}', '"x"')
    done = run_cli("rules", "validate", str(pack))
    assert done.returncode == 2
    assert "unknown placeholder '{fakt}'" in done.stderr


def test_an_ignore_entry_may_name_a_fact_by_its_label_in_either_language(seeds_report) -> None:
    from checker.suppress import IgnoreEntry

    finding = next(f for f in seeds_report.findings if f.fact.endswith("(per year)"))
    vietnamese = finding.fact.removesuffix("(per year)") + "(mỗi năm)"
    assert IgnoreEntry(reason="r", fact=vietnamese).covers(finding)
    assert IgnoreEntry(reason="r", fact=finding.fact).covers(finding)
    assert not IgnoreEntry(reason="r", fact=vietnamese.replace("mỗi năm", "2023")).covers(finding)
