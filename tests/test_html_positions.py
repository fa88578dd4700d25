"""HTML articles: claims carry the file's line and column, and ignore comments work.

trafilatura extracts the article's text from the page; the claims are found in that
text, but editors, GitHub annotations and SARIF open the HTML file.  The pages below
are written for these tests.
"""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

import pytest

from checker.htmlmap import ignore_comments, position_map
from checker.model import Claim
from checker.pipeline import Engine, _read_one, check
from checker.suppress import apply_suppressions

pytest.importorskip("trafilatura")  # the [html] extra: without it HTML is a clear error


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


HEAD = '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'

PAGE = (
    HEAD
    + "<title>Đà Nẵng đón 120 đoàn khách - Báo Mẫu</title>\n</head>\n<body>\n"
    + '<nav><a href="/">Trang chủ</a> | <a href="/xa-hoi">Xã hội</a></nav>\n'
    + "<article>\n<h1>Đà Nẵng đón 120 đoàn khách</h1>\n"
    + "<p>Năm 2023, Sở Văn hoá &amp; Thể thao thành phố đã đón tiếp khoảng\n"
    + "   120 đoàn khách quốc tế đến làm việc và trao đổi kinh nghiệm.</p>\n"
    + "<p>Theo <b>Sở Ngoại vụ</b>, năm 2023 thành phố thu hút hơn 1,2&nbsp;tỷ USD vốn"
    + " đầu tư nước ngoài, tăng 15% so với năm trước.</p>\n"
    + "</article>\n</body>\n</html>\n"
)


def write(tmp_path: Path, name: str, text: str, newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("\n", newline), encoding="utf-8", newline="")
    return path


def at(path: Path, claim: Claim, length: int) -> str:
    """The file's text at the claim's line and column, entities decoded."""
    line = path.read_text(encoding="utf-8").splitlines()[claim.line - 1]
    return html.unescape(line[claim.column - 1 : claim.column - 1 + length])


def claims_of(path: Path, engine: Engine) -> dict[str, Claim]:
    _, found = _read_one(path, engine)
    return {unicodedata.normalize("NFC", " ".join(c.quote.split())): c for c in found}


def test_claims_point_into_the_html_file(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path, "bai.html", PAGE)
    found = claims_of(path, engine)
    lines = PAGE.split("\n")
    hedged = found["khoảng 120 đoàn khách quốc tế"]
    assert (hedged.line, lines[hedged.line - 1].startswith("<p>Năm 2023")) == (11, True)
    # "&amp;" before the quote counts as the five characters written in the file.
    assert hedged.column == lines[10].index("khoảng") + 1
    money = found["hơn 1,2 tỷ USD"]
    assert money.line == 13
    assert money.column == lines[12].index("hơn 1,2") + 1
    assert found["15%"].column == lines[12].index("15%") + 1
    # Every claim's column lands on its quote's first characters in the file.
    for quote, claim in found.items():
        assert at(path, claim, 3) == quote[:3], (quote, claim.line, claim.column)
    assert len(found) >= 5


def test_entities_tags_crlf_and_nfd(tmp_path: Path, engine: Engine) -> None:
    nfd = unicodedata.normalize(
        "NFD", "Đến nay, thành phố có quan hệ với gần 40 địa phương nước ngoài."
    )
    page = (
        HEAD
        + "<title>Cần Thơ</title>\n</head>\n<body>\n<div class=\"noi-dung\">\n"
        + "<p>Năm 2022, Cần Th&#417; &#273;&#227; thu h&uacute;t <strong>300</strong>"
        + " d&#7921; &aacute;n v&#7899;i t&#7893;ng v&#7889;n h&#417;n 2.500 t&#7927;"
        + " &#273;&#7891;ng.</p>\n"
        + f"<p>{nfd}</p>\n</div>\n</body>\n</html>\n"
    )
    path = write(tmp_path, "can-tho.html", page, newline="\r\n")
    found = claims_of(path, engine)
    lines = page.split("\n")
    projects = found["300 dự án"]
    assert (projects.line, projects.column) == (9, lines[8].index("300</strong>") + 1)
    capital = found["hơn 2.500 tỷ đồng"]
    # The quote starts with "h&#417;n": its column is that of the "h".
    assert (capital.line, capital.column) == (9, lines[8].index("h&#417;n 2.500") + 1)
    partners = next(c for q, c in found.items() if q.startswith("gần 40"))
    # Columns count the file's characters: here decomposed letters and their marks.
    column = lines[9].index(unicodedata.normalize("NFD", "gần 40")) + 1
    assert (partners.line, partners.column) == (10, column)


def test_a_headline_from_the_page_metadata_points_at_it(tmp_path: Path, engine: Engine) -> None:
    page = (
        HEAD
        + '<meta property="og:title" content="Huế đón 90 đoàn khách quốc tế">\n'
        + "<title>Tin tức</title>\n</head>\n<body>\n<article>\n"
        + "<p>Năm 2023, tỉnh Thừa Thiên Huế đã đón khoảng 90 đoàn khách quốc tế đến thăm"
        + " và làm việc, nhiều hơn các năm trước.</p>\n</article>\n</body>\n</html>\n"
    )
    path = write(tmp_path, "hue.html", page)
    _, found = _read_one(path, engine)
    lines = page.split("\n")
    body = [c for c in found if c.line == 10]
    assert body and all(at(path, c, 3) == c.quote[:3] for c in body)
    assert all(1 <= c.line <= len(lines) for c in found)


def test_position_map_keeps_consecutive_text_in_one_run() -> None:
    markup = "<p>Một hai ba bốn năm sáu bảy tám chín mười.</p>\n"
    text = "Một hai ba bốn năm sáu bảy tám chín mười.\n"
    positions = position_map(markup, text)
    assert len(positions.offsets) // 4 == 1  # one anchor for the whole paragraph
    assert positions.locate(text.index("bốn")) == (1, markup.index("bốn") + 1)


def test_ignore_comments_are_read_from_the_page() -> None:
    markup = (
        "<p>một</p>\n  <!-- factcheck-ignore: interval-disagreement đã kiểm -->\n"
        "<!-- một chú thích khác -->\n<!-- factcheck-ignore: *\n   nhiều dòng -->\n"
    )
    assert ignore_comments(markup) == (
        (2, 3, "<!-- factcheck-ignore: interval-disagreement đã kiểm -->"),
        (4, 1, "<!-- factcheck-ignore: *\n   nhiều dòng -->"),
    )


CONFLICT_TXT = (
    "Đến nay, Đà Nẵng đã có quan hệ hợp tác với hơn 40 địa phương nước ngoài"
    " trên thế giới.\n"
)


def conflict_page(comment: str) -> str:
    return (
        HEAD
        + "<title>Đà Nẵng hội nhập</title>\n</head>\n<body>\n<article>\n"
        + "<h1>Đà Nẵng hội nhập</h1>\n"
        + f"{comment}\n"
        + "<p>Đến nay, Đà Nẵng đã có quan hệ hợp tác với gần 40 địa phương nước ngoài"
        + " trên thế giới, theo Sở Ngoại vụ.</p>\n</article>\n</body>\n</html>\n"
    )


@pytest.mark.parametrize(
    ("comment", "hidden"),
    [
        ("<!-- factcheck-ignore: interval-disagreement số liệu cũ, đã báo toà soạn -->", 1),
        ("<!-- một chú thích không liên quan -->", 0),
    ],
)
def test_an_ignore_comment_in_html_works(
    tmp_path: Path, engine: Engine, comment: str, hidden: int
) -> None:
    write(tmp_path, "a.txt", CONFLICT_TXT)
    write(tmp_path, "b.html", conflict_page(comment))
    report = check([tmp_path], engine)
    assert [f.rule for f in report.findings] == ["interval-disagreement"]
    rules = {r.id: r.kind for r in engine.know.rules}
    outcome = apply_suppressions(report.findings, report.sources, (), rules)
    assert len(outcome.suppressed) == hidden
    if hidden:
        (suppression,) = outcome.suppressed[0].suppressions
        assert suppression.kind == "inSource"
        assert suppression.path.endswith("b.html") and suppression.line == 10
        assert outcome.unused == []


def test_alignment_survives_the_extractor_normalising_to_nfc() -> None:
    words = "Năm 2023, Huế đón khoảng 90 đoàn khách quốc tế."
    markup = "<div>\n  <p>" + unicodedata.normalize("NFD", words) + "</p>\n</div>\n"
    text = unicodedata.normalize("NFC", words) + "\n"
    positions = position_map(markup, text)
    line = markup.split("\n")[1]
    assert positions.locate(text.index("khoảng")) == (
        2,
        line.index(unicodedata.normalize("NFD", "khoảng")) + 1,
    )
    assert positions.locate(text.index("90")) == (2, line.index("90") + 1)


def test_text_the_extractor_added_or_dropped_does_not_derail_the_alignment() -> None:
    markup = (
        "<table><tr><td>Năm 2021</td><td>250 dự án</td></tr></table>\n"
        '<p>Năm 2022 có <span class="qc">Quảng cáo</span> 300 dự án mới.</p>\n'
    )
    # trafilatura joins cells with " | " and may leave an inline block out.
    text = "| Năm 2021 | 250 dự án |\nNăm 2022 có 300 dự án mới.\n"
    positions = position_map(markup, text)
    first, second = markup.split("\n")[:2]
    assert positions.locate(text.index("250")) == (1, first.index("250") + 1)
    assert positions.locate(text.index("300")) == (2, second.index("300") + 1)
