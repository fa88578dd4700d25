"""Suppressions: inline comments in articles and the central ignore file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.report import sample

from checker.errors import FactcheckError, FactcheckErrors
from checker.model import Source, Span
from checker.suppress import (
    IgnoreEntry,
    apply_suppressions,
    load_ignore_file,
    parse_ignore_text,
    parse_inline_suppressions,
    unused_warnings,
)

FINDINGS = [sample.FINDING_ASEM, sample.FINDING_CITIES, sample.FINDING_VISITS]


def split(*args, **kwargs):  # type: ignore[no-untyped-def]
    """(kept, suppressed) of ``apply_suppressions``."""
    outcome = apply_suppressions(*args, **kwargs)
    return outcome.kept, outcome.suppressed


def with_text(source: Source, text: str) -> Source:
    return replace(source, text=text, body=(Span(0, len(text)),))


def insert_line(source: Source, before_line: int, comment: str) -> tuple[Source, int]:
    """Insert ``comment`` as a line before ``before_line``; claims below move down one line."""
    lines = source.text.splitlines(keepends=True)
    lines.insert(before_line - 1, comment + "\n")
    return with_text(source, "".join(lines)), before_line


def shift(finding, path: str, from_line: int):
    """The finding as the engine would see it after a line was inserted in ``path``."""
    claims = tuple(
        replace(c, line=c.line + 1) if c.source == path and c.line >= from_line else c
        for c in finding.claims
    )
    return replace(finding, claims=claims)


# ---------------------------------------------------------------- inline


def test_comment_on_the_line_above() -> None:
    source, line = insert_line(
        sample.SOURCE_A,
        sample.CITIES_A.line,
        "<!-- factcheck-ignore: interval-disagreement số năm 2023, đúng lúc đăng -->",
    )
    findings = [shift(f, source.path, line) for f in FINDINGS]
    kept, suppressed = split(findings, [source, sample.SOURCE_B, sample.SOURCE_C])
    assert [f.rule for f in suppressed] == ["interval-disagreement"]
    assert len(kept) == 2


def test_comment_on_the_claim_line() -> None:
    lines = sample.TEXT_B.splitlines(keepends=True)
    number = sample.VISITS_B.line
    comment = " <!-- factcheck-ignore: * đoàn và lượt khách là hai số liệu khác nhau -->"
    lines[number - 1] = lines[number - 1].rstrip("\n") + comment + "\n"
    source = with_text(sample.SOURCE_B, "".join(lines))
    kept, suppressed = split(FINDINGS, [sample.SOURCE_A, source, sample.SOURCE_C])
    # Every rule ("*") on the claim's line; the line above (partner cities) is not covered.
    assert [f.rule for f in suppressed] == ["definition-mismatch"]
    assert len(kept) == 2


def test_comment_covers_its_line_and_the_next() -> None:
    lines = sample.TEXT_B.splitlines(keepends=True)
    number = sample.CITIES_B.line
    comment = " <!-- factcheck-ignore: * nguồn chính thức -->"
    lines[number - 1] = lines[number - 1].rstrip("\n") + comment + "\n"
    source = with_text(sample.SOURCE_B, "".join(lines))
    _, suppressed = split(FINDINGS, [source])
    assert sorted(f.rule for f in suppressed) == ["definition-mismatch", "interval-disagreement"]


def test_comment_for_another_rule_does_not_apply() -> None:
    source, line = insert_line(
        sample.SOURCE_A, sample.CITIES_A.line, "<!-- factcheck-ignore: value-disagreement lý do -->"
    )
    findings = [shift(f, source.path, line) for f in FINDINGS]
    kept, suppressed = split(findings, [source])
    assert suppressed == [] and len(kept) == 3


def test_comment_two_lines_above_does_not_apply() -> None:
    source, line = insert_line(
        sample.SOURCE_A, sample.CITIES_A.line - 1, "<!-- factcheck-ignore: * lý do -->"
    )
    findings = [shift(f, source.path, line) for f in FINDINGS]
    _, suppressed = split(findings, [source])
    assert suppressed == []


def test_parse_inline_rules_and_reason() -> None:
    source = with_text(
        sample.SOURCE_A,
        "Dòng một\n  <!--factcheck-ignore:  a-rule,b-rule   vì  đã   kiểm tra -->\n",
    )
    (found,) = parse_inline_suppressions(source)
    assert (found.line, found.column) == (2, 3)
    assert found.rules == ("a-rule", "b-rule")
    assert found.reason == "vì đã kiểm tra"


def test_comment_without_reason_is_an_error() -> None:
    source = with_text(
        sample.SOURCE_A,
        "Dòng một\nCó gần 100 TP <!-- factcheck-ignore: interval-disagreement -->\n",
    )
    with pytest.raises(FactcheckError) as info:
        apply_suppressions(FINDINGS, [source])
    err = info.value
    assert (err.path, err.line, err.column) == (sample.SOURCE_A.path, 2, 15)
    assert str(err).startswith(f"{sample.SOURCE_A.path}:2:15: factcheck-ignore without a reason")


def test_comment_without_rule_is_an_error() -> None:
    source = with_text(sample.SOURCE_A, "<!-- factcheck-ignore: -->\n")
    with pytest.raises(FactcheckError, match="without a rule and reason"):
        parse_inline_suppressions(source)


def test_all_bad_comments_reported_at_once() -> None:
    one = with_text(sample.SOURCE_A, "<!-- factcheck-ignore: x -->\n")
    two = with_text(sample.SOURCE_B, "\n<!-- factcheck-ignore: y -->\n")
    with pytest.raises(FactcheckErrors) as info:
        apply_suppressions(FINDINGS, [one, two])
    assert [(e.path, e.line) for e in info.value.errors] == [
        (sample.SOURCE_A.path, 1),
        (sample.SOURCE_B.path, 2),
    ]


# ---------------------------------------------------------------- ignore file

IGNORE_YAML = """\
# Reviewed by the desk on 2024-11-06.
ignore:
  - rule: event-date-disagreement
    fact: "asem 5 (hội nghị cấp cao á - âu)"
    reason: Bài lý luận ghi năm khai mạc chuẩn bị; đã báo toà soạn.
  - fingerprint: {fingerprint}
    reason: Khác đơn vị đếm, có chủ đích.
  - source: "thegioivietnam-*.txt"
    rule: time-varying
    reason: Bài năm 2024 dùng số mới nhất.
"""


def test_ignore_file_entries(tmp_path: Path) -> None:
    path = tmp_path / ".factcheck-ignore.yml"
    path.write_text(IGNORE_YAML.format(fingerprint=sample.FINDING_VISITS.fingerprint), "utf-8")
    entries = load_ignore_file(path)
    assert [e.line for e in entries] == [3, 6, 8]
    assert entries[0].rule == "event-date-disagreement" and entries[1].rule == "*"
    findings = [*FINDINGS, sample.SUPPRESSED_TIME]
    kept, suppressed = split(findings, [], entries)
    assert [f.rule for f in kept] == ["interval-disagreement"]
    assert sorted(f.rule for f in suppressed) == [
        "definition-mismatch",
        "event-date-disagreement",
        "time-varying",
    ]


def test_fact_by_key_and_tone_placement() -> None:
    entry = IgnoreEntry(reason="r", fact=sample.FACT_ASEM.key)
    assert entry.covers(sample.FINDING_ASEM)
    # "Hoà"/"Hòa" and case and spacing do not matter when matching a label by hand.
    finding = replace(sample.FINDING_ASEM, fact="Hội nghị  Hòa bình")
    assert IgnoreEntry(reason="r", fact="hội nghị hoà bình").covers(finding)


def test_all_criteria_must_match() -> None:
    entry = IgnoreEntry(reason="r", rule="interval-disagreement", source="*ly-luan*")
    assert not entry.covers(sample.FINDING_CITIES)
    assert IgnoreEntry(reason="r", source="articles/ly-luan-*").covers(sample.FINDING_ASEM)


def test_plain_list_form() -> None:
    entries = parse_ignore_text("- rule: definition-mismatch\n  reason: ok\n", "x.yml")
    assert entries[0].rule == "definition-mismatch"


def test_empty_file() -> None:
    assert parse_ignore_text("", "x.yml") == []


def test_missing_reason_is_an_error_with_location() -> None:
    text = "ignore:\n  - rule: a\n    reason: ok\n  - rule: interval-disagreement\n    fact: x\n"
    with pytest.raises(FactcheckError) as info:
        parse_ignore_text(text, ".factcheck-ignore.yml")
    err = info.value
    assert (err.path, err.line, err.column) == (".factcheck-ignore.yml", 4, 5)
    assert "without a reason" in str(err)


def test_blank_reason_is_an_error() -> None:
    with pytest.raises(FactcheckError, match="'reason' must be a non-empty string"):
        parse_ignore_text("- rule: a\n  reason: '  '\n", "x.yml")


def test_unknown_key_suggests() -> None:
    with pytest.raises(FactcheckError) as info:
        parse_ignore_text("- rule: a\n  reasn: typo\n  reason: ok\n", "x.yml")
    assert str(info.value) == "x.yml:2:3: unknown key 'reasn' (did you mean 'reason'?)"


def test_entry_matching_everything_is_an_error() -> None:
    with pytest.raises(FactcheckError, match="matches every finding"):
        parse_ignore_text("- reason: all of it\n", "x.yml")


def test_all_errors_at_once() -> None:
    text = "- rule: a\n- fact: b\n  reason: ok\n  colour: red\n"
    with pytest.raises(FactcheckErrors) as info:
        parse_ignore_text(text, "x.yml")
    assert [e.line for e in info.value.errors] == [1, 4]


def test_bad_yaml() -> None:
    with pytest.raises(FactcheckError) as info:
        parse_ignore_text("ignore: [\n", "x.yml")
    assert info.value.path == "x.yml" and info.value.line is not None


def test_wrong_shape() -> None:
    with pytest.raises(FactcheckError, match="expected a list"):
        parse_ignore_text("just text\n", "x.yml")
    with pytest.raises(FactcheckError, match="must be a mapping"):
        parse_ignore_text("- just text\n", "x.yml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FactcheckError, match="ignore file not found"):
        load_ignore_file(tmp_path / "none.yml")


def test_nothing_to_suppress() -> None:
    kept, suppressed = split(FINDINGS, sample.SOURCES, [])
    assert kept == FINDINGS and suppressed == []


# ---------------------------------------------------------------- what hides what, and unused

RULE_KINDS = {
    "event-date-disagreement": "event-date-conflict",
    "interval-disagreement": "interval-conflict",
    "definition-mismatch": "unit-mismatch",
    "time-varying": "time-varying",
}


def test_suppressed_findings_say_what_hides_them(tmp_path: Path) -> None:
    source, line = insert_line(
        sample.SOURCE_A,
        sample.CITIES_A.line,
        "<!-- factcheck-ignore: interval-disagreement số năm 2023, đúng lúc đăng -->",
    )
    findings = [shift(f, source.path, line) for f in FINDINGS]
    entries = parse_ignore_text(
        "- rule: event-date-disagreement\n  reason: đã xác minh\n", "ignore.yml"
    )
    outcome = apply_suppressions(findings, [source], entries, RULE_KINDS)
    hidden = {f.rule: f.suppressions for f in outcome.suppressed}
    (inline,) = hidden["interval-disagreement"]
    assert (inline.kind, inline.path, inline.line) == ("inSource", source.path, line)
    assert inline.reason == "số năm 2023, đúng lúc đăng"
    (external,) = hidden["event-date-disagreement"]
    assert (external.kind, external.path, external.line) == ("external", "ignore.yml", 1)
    assert outcome.unused == []


def test_unknown_rule_is_reported_with_a_suggestion() -> None:
    source, line = insert_line(
        sample.SOURCE_A,
        sample.CITIES_A.line,
        "<!-- factcheck-ignore: interval-disagrement lỗi chính tả -->",
    )
    findings = [shift(f, source.path, line) for f in FINDINGS]
    outcome = apply_suppressions(findings, [source], [], RULE_KINDS)
    assert outcome.suppressed == []
    ((suppression, problem),) = outcome.unused
    assert (suppression.path, suppression.line, suppression.column) == (source.path, line, 1)
    assert problem == (
        "names unknown rule 'interval-disagrement' (did you mean 'interval-disagreement'?)"
    )
    assert unused_warnings(outcome.unused) == [
        f"{source.path}:{line}:1: warning: factcheck-ignore {problem}"
    ]


def test_ignore_that_hides_nothing_is_reported() -> None:
    text = sample.TEXT_C + "<!-- factcheck-ignore: interval-disagreement không còn cần -->\n"
    source = with_text(sample.SOURCE_C, text)
    entries = parse_ignore_text("- fact: không có\n  reason: cũ\n", "ignore.yml")
    outcome = apply_suppressions(FINDINGS, [source], entries, RULE_KINDS)
    assert [(s.kind, p) for s, p in outcome.unused] == [
        ("inSource", "matches no finding"),
        ("external", "matches no finding"),
    ]
    # Without the loaded rules only "hides nothing" can be said.
    assert len(apply_suppressions(FINDINGS, [source], entries).unused) == 2


def test_naming_a_caveat_rule_is_reported() -> None:
    # time-varying only adds a note to another rule's finding: it never is the finding's rule.
    entries = parse_ignore_text("- rule: time-varying\n  reason: bài lưu trữ\n", "ignore.yml")
    outcome = apply_suppressions(FINDINGS, [], entries, RULE_KINDS)
    ((suppression, problem),) = outcome.unused
    assert suppression.kind == "external" and "only adds notes" in problem


def test_comment_lines_counted_like_the_extractor() -> None:
    # A form feed or U+2028 is not a line break for the extractor (nor for editors):
    # str.splitlines would count one more line and miss the claim below.
    text = "Dòng một\x0c vẫn dòng một\u2028 còn nữa\n<!-- factcheck-ignore: a-rule lý do -->\n"
    (found,) = parse_inline_suppressions(with_text(sample.SOURCE_A, text))
    assert found.line == 2


def test_comment_over_several_lines_covers_the_line_after_it() -> None:
    text = "<!-- factcheck-ignore: interval-disagreement\n     lý do dài -->\n" + sample.TEXT_A
    source = with_text(sample.SOURCE_A, text)
    (found,) = parse_inline_suppressions(source)
    assert (found.line, found.last_line, found.reason) == (1, 2, "lý do dài")
    claim = replace(sample.CITIES_A, line=3)
    assert found.covers(replace(sample.FINDING_CITIES, claims=(claim,)))
    assert not found.covers(replace(sample.FINDING_CITIES, claims=(replace(claim, line=4),)))


def test_html_comments_come_from_the_page() -> None:
    # The extracted text of a page has no comments; ingest keeps them with file lines.
    page = replace(
        sample.SOURCE_A,
        path="articles/trang.html",
        text="<!-- factcheck-ignore: * chữ hiển thị, không phải chú thích -->\n",
        ignore_comments=((7, 3, "<!-- factcheck-ignore: interval-disagreement đã kiểm -->"),),
    )
    (found,) = parse_inline_suppressions(page)
    assert (found.line, found.column, found.rules) == (7, 3, ("interval-disagreement",))
