"""The Markdown audit report: GitHub-safe escaping, valid tables, stable anchors."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from fixtures.report import sample

from checker.report import RenderOptions, render_markdown
from checker.report.markdown import md_cell, md_code, md_escape

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def tables(text: str) -> list[list[str]]:
    """The tables of a Markdown document, each as its list of lines."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def assert_valid_tables(text: str) -> None:
    for table in tables(text):
        widths = {len(UNESCAPED_PIPE.split(line)) for line in table}
        assert len(widths) == 1, table
        assert re.fullmatch(r"\|( ---:? \|)+", table[1]), table[1]


def hostile_report():
    """A report whose user text is full of Markdown syntax."""
    label = "*bold* _x_ [link](http://x) <script>alert(1)</script> | pipe `code` #"
    source = replace(
        sample.SOURCE_B,
        title="# Tiêu đề | có *sao*\nvà dòng mới",
        outlet="Báo <b>|</b>",
    )
    claim = replace(
        sample.CITIES_B,
        sentence="# Theo [Sở] *Nội vụ*, có hơn 100 thủ đô, thành phố | trên thế giới.",
    )
    finding = replace(
        sample.FINDING_CITIES,
        fact=label,
        message="1. first\n# heading | with *stars* and _under_ <tag>",
        claims=(sample.CITIES_A, claim),
        notes=("- not a list | *really*",),
        reference="[ref](javascript:x) > quote",
    )
    sources = (sample.SOURCE_A, source, sample.SOURCE_C)
    return sample.build_report(findings=(finding,), sources=sources)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", r"a \| b"),
        ("*x* _y_", r"\*x\* \_y\_"),
        ("`c`", r"\`c\`"),
        ("<b>", r"\<b\>"),
        ("[x](y)", r"\[x\](y)"),
        ("# title", r"\# title"),
        ("a # b", "a # b"),
        ("1. item", r"1\. item"),
        ("2.607 thủ đô", "2.607 thủ đô"),
        ("- item", r"\- item"),
        ("-5%", "-5%"),
        ("~~gone~~", r"\~\~gone\~\~"),
        ("&amp; R&D", r"\&amp; R&D"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_md_escape(text: str, expected: str) -> None:
    assert md_escape(text) == expected


def test_md_cell_and_code() -> None:
    assert md_cell("a\nb | c") == r"a b \| c"
    assert md_cell(None) == "—"
    assert md_code("rule-id") == "`rule-id`"
    assert md_code("a|b") == r"a\|b"
    assert md_code("a`b") == r"a\`b"


def test_deterministic() -> None:
    report = sample.build_report()
    assert render_markdown(report, RenderOptions()) == render_markdown(report, RenderOptions())


def test_no_timestamp_unless_asked() -> None:
    report = sample.build_report()
    assert "Generated" not in render_markdown(report, RenderOptions())
    stamped = render_markdown(report, RenderOptions(generated="2024-11-06T08:00:00+07:00"))
    assert "- Generated: 2024-11-06T08:00:00+07:00" in stamped


def test_tables_are_valid() -> None:
    text = render_markdown(sample.build_report(), RenderOptions())
    assert len(tables(text)) >= 5
    assert_valid_tables(text)


def test_hostile_text_is_escaped_and_tables_hold() -> None:
    text = render_markdown(hostile_report(), RenderOptions())
    assert_valid_tables(text)
    assert "<script>" not in text
    assert r"\<script\>" in text
    assert r"Báo \<b\>\|\</b\>" in text
    assert r"\# Tiêu đề \| có \*sao\* và dòng mới" in text  # title cell: one line, escaped
    assert "\n# heading" not in text and "\n1. first" not in text
    assert r"1\. first" in text
    assert r"\- not a list \| \*really\*" in text
    assert r"\[ref\](javascript:x) \> quote" in text
    # The heading ends with an escaped "#", not a closing sequence.
    assert re.search(r"^### 1\. .*\\#$", text, re.MULTILINE)
    # The quote line of the hostile sentence cannot become a heading.
    assert re.search(r"^> \\# Theo \\\[Sở\\\] \\\*Nội vụ\\\*", text, re.MULTILINE)


def test_summary_links_point_at_anchors() -> None:
    text = render_markdown(sample.build_report(), RenderOptions())
    targets = set(re.findall(r"\]\(#([^)]+)\)", text))
    anchors = set(re.findall(r'<a name="([^"]+)"></a>', text))
    assert targets and targets == anchors
    fingerprints = {f.fingerprint for f in sample.build_report().findings}
    assert anchors == {f"finding-{fp}" for fp in fingerprints}


def test_duplicate_fingerprints_get_unique_anchors() -> None:
    report = sample.build_report(findings=(sample.FINDING_ASEM, sample.FINDING_ASEM))
    anchors = re.findall(r'<a name="([^"]+)"></a>', render_markdown(report, RenderOptions()))
    assert len(anchors) == len(set(anchors)) == 2


def test_findings_in_severity_order_with_sections() -> None:
    text = render_markdown(sample.build_report(), RenderOptions())
    headings = re.findall(r"^### (\d+)\. (.+)$", text, re.MULTILINE)
    assert [label for _, label in headings] == [
        "ASEM 5 (Hội nghị cấp cao Á - Âu)",
        "partner cities (thủ đô, thành phố), as of publication",
        "international visitors received per year",
    ]


def test_finding_section_content() -> None:
    text = render_markdown(sample.build_report(), RenderOptions())
    section = text[text.index("### 2.") : text.index("### 3.")]
    assert "> Đến nay, Hà Nội có quan hệ hữu nghị và hợp tác với **gần 100 Thủ đô, TP lớn**" in (
        section
    )
    assert "| gần 100 Thủ đô, TP lớn | \\[90; 100) | gần (under) | as of publication |" in section
    assert "| Reading (thủ đô) |" in section
    assert "**Suggested action:** find the primary source" in section
    assert "**Reference value:** hơn 100 thủ đô, thành phố" in section
    assert "- time-varying:" in section
    assert "2024-11-05 (inferred)" in section


def test_links_relative_to_the_report_folder() -> None:
    text = render_markdown(sample.build_report(), RenderOptions(report_dir="reports"))
    assert "(../articles/kinhtedothi-hoi-nhap.txt#L4)" in text
    plain = render_markdown(sample.build_report(), RenderOptions())
    assert "](../articles" not in plain
    assert "articles/kinhtedothi-hoi-nhap.txt:4" in plain


def test_link_targets_are_percent_encoded() -> None:
    source = replace(sample.SOURCE_A, path="bài viết/Hà Nội (1).txt")
    claim = replace(sample.CITIES_A, source=source.path)
    finding = replace(sample.FINDING_CITIES, claims=(claim, sample.CITIES_B))
    report = sample.build_report(
        findings=(finding,), sources=(source, sample.SOURCE_B, sample.SOURCE_C)
    )
    text = render_markdown(report, RenderOptions(report_dir="."))
    assert "(b%C3%A0i%20vi%E1%BA%BFt/H%C3%A0%20N%E1%BB%99i%20%281%29.txt#L4)" in text


def test_claims_csv_link() -> None:
    text = render_markdown(sample.build_report(), RenderOptions(claims_csv_name="audit claims.csv"))
    assert "[audit claims.csv](audit%20claims.csv)" in text
    assert "claims.csv" not in render_markdown(
        sample.build_report(), RenderOptions(claims_csv_name=None)
    )


def test_agreeing_facts_table() -> None:
    text = render_markdown(sample.build_report(), RenderOptions())
    row = "| SEA Games 22 | SEA Games 22 năm 2003; SEA Games 22 (2003) | Kinh tế & Đô thị, "
    assert row in text


def test_pack_hash_is_short() -> None:
    text = render_markdown(sample.build_report(), RenderOptions())
    assert "| generic | rules/generic | `3f1c9a0d2b7e` |" in text


def test_verdict_is_the_first_line() -> None:
    text = render_markdown(sample.build_report(), RenderOptions())
    first = text.split("\n\n")[1]
    assert first == (
        "**Verdict:** 1 error, 1 warning, 1 note: the sources disagree on 3 facts across 3 sources."
    )
    empty = sample.build_report(findings=(), suppressed=(), facts=(), claims=())
    assert "**Verdict:** no conflicts found across 3 sources." in render_markdown(
        empty, RenderOptions()
    )


def test_keys_and_fingerprints_only_in_the_appendix() -> None:
    report = sample.build_report()
    text = render_markdown(report, RenderOptions())
    editor, appendix = text.split("## Appendix: run details")
    for finding in report.findings:
        assert finding.fingerprint not in editor.replace(f"finding-{finding.fingerprint}", "")
        assert finding.fact_key not in editor
        assert finding.fingerprint in appendix
    assert "SHA-256" not in editor


def test_every_location_is_file_line_column() -> None:
    text = render_markdown(sample.build_report(), RenderOptions())
    claims = [c for f in sample.build_report().findings for c in f.claims]
    for claim in claims:
        assert f"{claim.source}:{claim.line}:{claim.column}" in text
    assert not re.search(r"\.txt:\d+[^:\d]", text)


def test_says_is_the_articles_words_with_one_scale_per_range_column() -> None:
    other = replace(sample.FDI_B, source=sample.SOURCE_A.path, quote="950 triệu USD",
                    value=sample.D("950000000"), low=sample.D("950000000"),
                    high=sample.D("950000000"), low_open=False, hedge=None,
                    hedge_text=None)  # fmt: skip
    finding = replace(sample.FINDING_CITIES, claims=(sample.FDI_B, other), fact="FDI")
    text = render_markdown(sample.build_report(findings=(finding,)), RenderOptions())
    assert "| Reading (tỷ USD) |" in text
    assert "| hơn 2,85 tỷ USD | (2,85; +∞) |" in text
    assert "| 950 triệu USD | = 0,95 |" in text


def test_chart_links_when_charts_are_written() -> None:
    report = sample.build_report()
    text = render_markdown(report, RenderOptions(chart_stem="audit"))
    assert "![Chart: partner cities (thủ đô, thành phố), as of publication](audit.chart-2.svg)" in (
        text
    )
    assert ".svg" not in render_markdown(report, RenderOptions())


def test_empty_report() -> None:
    report = sample.build_report(findings=(), suppressed=(), facts=(), claims=())
    text = render_markdown(report, RenderOptions())
    assert "No findings." in text
    assert "## Findings" not in text
    assert_valid_tables(text)
