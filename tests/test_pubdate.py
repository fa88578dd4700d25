"""checker.pubdate: the publication date of a page, with its evidence and a confidence.

The table (tests/data/pubdates.yml) holds page openings written for it, modelled on how
real Vietnamese news pages lay out headers, bylines, clocks, metadata lines and
datelines; properties: a page clock above an article never changes its publication
date, and NFC and NFD text give the same result.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import pubdate
from checker.errors import FactcheckErrors
from checker.packs import load_knowledge, validate_packs
from checker.pubdate import Publication, find_publication

DATA = Path(__file__).parent / "data" / "pubdates.yml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
NEVER = ("page-clock", "event-date")


def _run(case: dict[str, Any], text: str | None = None, shift: int = 0) -> Publication:
    lines = pubdate.lines_of(case["text"] if text is None else text)
    end = case.get("end_line")
    return find_publication(
        lines,
        stated=case.get("stated"),
        basis=case.get("basis"),
        first_line=case.get("first_line", 0) + shift,
        end_line=None if end is None else end + shift,
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_table(case: dict[str, Any]) -> None:
    found = _run(case)
    expect = case["expect"]
    assert found.date == expect["date"], list(pubdate.describe(found))
    if expect["date"] is None:
        assert (found.basis, found.confidence, found.evidence) == (None, None, ())
    else:
        assert found.basis == expect["basis"]
        assert found.confidence == expect["confidence"]
        assert found.precision == expect.get("precision", "day")
        assert [e.role for e in found.evidence] == expect["roles"]
        assert found.evidence[0].line == expect.get("line")
        first = found.evidence[0]
        if first.line is not None:  # the exact text of the file, as it stands there
            assert first.text in pubdate.lines_of(case["text"])[first.line - 1]
    never = sorted(e.line for e in found.ignored if e.role in NEVER)
    assert never == case.get("ignored", [])


def test_table_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    bases = {c["expect"].get("basis") for c in CASES}
    assert {"byline", "metadata-line", "dateline", "front-matter", "sidecar", None} <= bases
    confidences = {c["expect"].get("confidence") for c in CASES}
    assert {"high", "medium", "low"} <= confidences
    assert sum(1 for c in CASES if c.get("ignored")) >= 8


def test_publication_wins_over_update_and_both_are_evidence() -> None:
    lines = ["Giá lúa tăng nhẹ ở miền Tây", "Đăng 06:55 02/01/2024 | Cập nhật 09:00 05/01/2024"]
    found = find_publication(lines)
    assert found.date == date(2024, 1, 2)
    assert [(e.role, e.date) for e in found.evidence] == [
        ("published", date(2024, 1, 2)),
        ("updated", date(2024, 1, 5)),
    ]
    text = found.evidence_text()
    assert text == (
        'line 2 (published 2024-01-02; updated 2024-01-05): "Đăng 06:55 02/01/2024 | '
        'Cập nhật 09:00 05/01/2024"'
    )
    # On separate lines, each is quoted; the update's own note is not repeated.
    apart = find_publication(["Tiêu đề", "Cập nhật: 09:00 05/01/2024", "Đăng: 06:55 02/01/2024"])
    assert apart.evidence_text() == (
        'line 3 (published 2024-01-02): "Đăng: 06:55 02/01/2024"; '
        'line 2 (updated 2024-01-05): "Cập nhật: 09:00 05/01/2024"'
    )


def test_evidence_text_and_source_basis() -> None:
    lines = ["date 2024-05 Khách quốc tế đến Việt Nam tăng mạnh", "", "Đoạn văn."]
    found = find_publication(lines)
    assert found.source_basis == "metadata-line:month"
    assert found.evidence_text() == 'line 1 (metadata 2024-05, month precision): "date 2024-05"'
    assert found.evidence_text(lambda n: n + 40) == (
        'line 41 (metadata 2024-05, month precision): "date 2024-05"'
    )
    stated = find_publication(lines, stated=date(2024, 5, 3), basis="sidecar")
    assert (stated.source_basis, stated.confidence) == ("stated", "high")
    assert find_publication(["Đoạn văn không nói ngày."]).source_basis is None


def test_dateparser_reading_must_agree_with_the_digits() -> None:
    vocab = pubdate.default_vocabulary()
    assert pubdate.read_date("02/01/2024", day=2, month=1, year=2024, vocab=vocab) == date(
        2024, 1, 2
    )
    # dateparser alone would read 12/13/2024 as 13 December: the digits refuse it.
    assert pubdate.read_date("12/13/2024", day=12, month=13, year=2024, vocab=vocab) is None
    assert pubdate.read_date("31/02/2022", day=31, month=2, year=2022, vocab=vocab) is None
    assert pubdate.read_date("2024-05", day=None, month=5, year=2024, vocab=vocab) == date(
        2024, 5, 1
    )
    # No relative dates: "hôm qua" is no publication date.
    assert pubdate.read_date("hôm qua", day=None, month=None, year=None, vocab=vocab) is None


# --- properties ---------------------------------------------------------------------------

_UNSTATED = [c for c in CASES if c.get("stated") is None]
_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
_HEADER = ["Hôm nay:", "Đăng nhập | Đăng ký |", "Hotline: 0900.000.000 |", "Hà Nội 27°C |",
           "Tìm kiếm |", "Đường dây nóng: 0988.111.222 |", "Tòa soạn | Quảng cáo |"]  # fmt: skip


@st.composite
def clock_lines(draw: st.DrawFn) -> str:
    """A page clock as a site's header prints it: header words beside a weekday, a
    date and perhaps a time, in any order."""
    day = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 11, 30)))
    when = f"{day.day:02d}/{day.month:02d}/{day.year}"
    parts = [draw(st.sampled_from(_WEEKDAYS)) + ", " + when]
    if draw(st.booleans()):
        parts.append(f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}")
    header = draw(st.sampled_from(_HEADER))
    before = draw(st.booleans())
    return (
        f"{header} {' '.join(parts)}" if before else f"{' '.join(parts)} | {header.rstrip(' |:')}"
    )


@settings(max_examples=150, deadline=None)
@given(case=st.sampled_from(_UNSTATED), clock=clock_lines())
def test_a_page_clock_above_never_changes_the_date(case: dict[str, Any], clock: str) -> None:
    before = _run(case)
    lines = pubdate.lines_of(case["text"])
    at = case.get("first_line", 0)
    after = _run(case, "\n".join([*lines[:at], clock, *lines[at:]]), shift=0)
    assert after.date == before.date, (clock, list(pubdate.describe(after)))
    assert after.basis == before.basis
    assert any(e.role == "page-clock" and e.line == at + 1 for e in after.ignored), clock


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_nfc_and_nfd_give_the_same_publication(case: dict[str, Any]) -> None:
    nfc = _run(case, unicodedata.normalize("NFC", case["text"]))
    nfd = _run(case, unicodedata.normalize("NFD", case["text"]))

    def key(p: Publication) -> tuple[Any, ...]:
        evidence = [(e.line, unicodedata.normalize("NFC", e.text), e.role, e.date)
                    for e in (*p.evidence, *p.ignored)]  # fmt: skip
        return (p.date, p.basis, p.confidence, p.precision, evidence)

    assert key(nfd) == key(nfc)


# --- the pack -----------------------------------------------------------------------------


def test_the_generic_pack_carries_the_vocabulary() -> None:
    knowledge = load_knowledge()
    for key in ("published_words", "updated_words", "clock_words", "event_words", "dates"):
        assert knowledge.pubdate.get(key), key
    vocab = pubdate.vocabulary(knowledge)
    assert vocab is pubdate.vocabulary(knowledge)  # compiled once
    assert vocab.roles["đăng nhập"] == "clock" and vocab.roles["đăng"] == "published"


def test_a_misspelt_key_is_located(tmp_path: Path) -> None:
    pack = tmp_path / "p.yml"
    pack.write_text("pubdate:\n  publised_words: [đăng]\n", encoding="utf-8")
    (error,) = validate_packs([pack])
    assert (error.line, error.column) == (2, 3)
    assert "publised_words" in error.message and "published_words" in (error.hint or "")


def test_a_bad_value_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "p.yml"
    pack.write_text("pubdate:\n  date_order: DDMMYY\n", encoding="utf-8")
    with pytest.raises(FactcheckErrors):
        load_knowledge([pack])


def test_an_empty_vocabulary_finds_nothing_and_does_not_fail() -> None:
    vocab = pubdate.vocabulary(type(load_knowledge())())
    found = find_publication(["Ngày đăng: 03/01/2025", "Đoạn văn."], vocab=vocab)
    assert found.date is None


def test_no_vietnamese_words_in_the_code() -> None:
    """Vocabulary is data: outside docstrings and comments no string holds a letter
    beyond ASCII (punctuation such as "…" and "–" may stand in the code)."""
    source = Path(pubdate.__file__).read_text(encoding="utf-8")
    import ast
    import io
    import tokenize

    docstrings = {
        node.body[0].value.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and tok.start[0] not in docstrings:
            assert not any(ch.isalpha() and not ch.isascii() for ch in tok.string), tok.string


def test_dateparser_is_imported_only_for_a_page_with_a_candidate() -> None:
    probe = (
        "import sys\n"
        "from checker.pubdate import find_publication, default_vocabulary\n"
        "default_vocabulary()\n"
        "find_publication(['Một đoạn văn không nói ngày nào.', 'Thêm 100 thủ đô.'])\n"
        "print('dateparser' in sys.modules)\n"
        "find_publication(['Tiêu đề bài báo về du lịch năm nay', 'Ngày đăng: 03/01/2025'])\n"
        "print('dateparser' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


# --- wired into ingest --------------------------------------------------------------------


def _article(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_takes_the_byline_over_the_page_clock(tmp_path: Path) -> None:
    from checker.ingest import read_source

    text = (
        "09:42 ngày 18/3/2025 | Hotline: 0900.000.000\n"
        "Trang chủ > Kinh tế > Vĩ mô\n\n"
        "TP.HCM: tăng trưởng năm nay ước đạt 5,81%\n\n"
        "Minh Châu | 06:55 02/01/2024\n\n"
        "Theo cơ quan thống kê, năm nay GRDP của thành phố ước tăng 5,81%.\n"
    )
    source = read_source(_article(tmp_path, "a.md", text), load_knowledge(), display="a.md")
    assert (source.published, source.published_basis) == (date(2024, 1, 2), "byline")
    assert source.published_confidence == "medium"
    assert source.published_evidence == 'line 6 (byline 2024-01-02): "Minh Châu | 06:55 02/01/2024"'


def test_ingest_records_front_matter_and_sidecar_with_evidence(tmp_path: Path) -> None:
    from checker.ingest import read_source

    know = load_knowledge()
    fm = "---\ntitle: Tàu đông khách\npublished: 2024-11-21\n---\n20/11/2021 11:30\nĐoạn văn.\n"
    a = read_source(_article(tmp_path, "a.md", fm), know, display="a.md")
    assert (a.published, a.published_basis, a.published_confidence) == (
        date(2024, 11, 21), "stated", "high",
    )  # fmt: skip
    assert a.published_evidence == 'line 3 (front matter 2024-11-21): "published: 2024-11-21"'
    (tmp_path / "sources.yml").write_text("b.txt:\n  published: 2022-01-27\n", encoding="utf-8")
    b = read_source(_article(tmp_path, "b.txt", "Thứ Hai, 30/12/2024 07:05\nĐoạn.\n"), know)
    assert (b.published, b.published_basis) == (date(2022, 1, 27), "stated")
    assert b.published_evidence is not None and "sources.yml" in b.published_evidence


def test_related_news_dates_are_not_the_pages(tmp_path: Path) -> None:
    from checker.ingest import read_source

    text = (
        "Đà Nẵng đón lượng khách kỷ lục trong dịp lễ\n"
        "Thành phố đã đón hàng trăm nghìn lượt khách trong kỳ nghỉ lễ vừa qua.\n"
        "Tin liên quan\n"
        "Ngày đăng: 02/05/2024\n"
    )
    source = read_source(_article(tmp_path, "a.txt", text), load_knowledge())
    assert source.published is None and source.published_evidence is None


def test_json_carries_evidence_and_confidence(tmp_path: Path) -> None:
    import json

    from checker.pipeline import Engine, check
    from checker.report import RenderOptions, render

    _article(tmp_path, "a.md", "Giá lúa tăng\nĐăng 06:55 02/01/2024 | Cập nhật 09:00 05/01/2024\n\n"
             "Năm 2023, giá lúa bình quân tăng 12%.\n")  # fmt: skip
    _article(tmp_path, "b.md", "Năm 2023, giá lúa bình quân tăng 11% so với năm 2022.\n")
    report = check([tmp_path], Engine.load())
    doc = json.loads(render(report, "json", RenderOptions()))
    by_path = {Path(s["path"]).name: s for s in doc["sources"]}
    a, b = by_path["a.md"], by_path["b.md"]
    assert (a["published"], a["published_basis"], a["published_confidence"]) == (
        "2024-01-02", "byline", "high",
    )  # fmt: skip
    assert "(published 2024-01-02; updated 2024-01-05)" in a["published_evidence"]
    # No line says when b was published: the extract stage infers it, with low confidence.
    assert b["published_basis"].startswith("inferred")
    assert (b["published_evidence"], b["published_confidence"]) == (None, "low")
