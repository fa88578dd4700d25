"""Tests for checker.ingest: discovery, decoding, metadata and page furniture."""

from __future__ import annotations

import itertools
import os
import socket
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml

from checker.errors import FactcheckError
from checker.ingest import (
    NOT_AN_ARTICLE,
    decode,
    discover,
    display_path,
    load_sources,
    read_source,
)
from checker.knowledge import Knowledge
from checker.model import Source
from checker.packs import load_knowledge
from checker.segment import split_sentences
from checker.textnorm import canonical

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
VIETNAMESE = "Hà Nội đã ký thỏa thuận hợp tác với 61 thủ đô, thành phố; Ủy ban ưu tiên đổi mới.\n"


def _load(name: str) -> object:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


SEED_CASES: dict[str, dict] = _load("seeds.yml")  # type: ignore[assignment]
FURNITURE_CASES: list[dict] = _load("furniture_cases.yml")  # type: ignore[assignment]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _line_of(source: Source, offset: int) -> int:
    return source.text.count("\n", 0, offset) + 1


def _body_text(source: Source) -> str:
    return "\n".join(source.text[s.start : s.end] for s in source.body)


def _line_status(source: Source) -> dict[int, str]:
    """1-based line -> "" for body, else the furniture marker covering it."""
    status: dict[int, str] = {}
    for span, marker in source.furniture:
        for line in range(_line_of(source, span.start), _line_of(source, span.end) + 1):
            status[line] = marker
    for span in source.body:
        status[_line_of(source, span.start)] = ""
    return status


def _to_cp1258(text: str) -> bytes:
    """Encode the way Windows-1258 stores Vietnamese: base letter + combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


# --- discovery -------------------------------------------------------------------------


def test_discover_recurses_sorts_and_skips_hidden_and_sidecar() -> None:
    tree = FIXTURES / "tree"
    found = [p.relative_to(tree).as_posix() for p in discover([tree])]
    assert found == ["a.txt", "sub/b.md", "sub/deeper/c.txt"]


def test_discover_is_stable_and_deduplicates() -> None:
    tree = FIXTURES / "tree"
    first = discover([tree / "sub", tree, tree / "a.txt"])
    second = discover([tree / "a.txt", tree, tree / "sub" / "b.md"])
    assert first == second
    assert len(first) == len({p.resolve() for p in first}) == 3


def test_discover_keeps_one_name_for_a_linked_file(tmp_path: Path) -> None:
    article = _write(tmp_path, "a.txt", "Bài.")
    (tmp_path / "link.txt").symlink_to(article)
    (tmp_path / "sub").mkdir()
    found = discover([tmp_path, tmp_path / "sub" / ".." / "a.txt"])
    assert [p.name for p in found] == ["a.txt"]


def test_discover_skips_a_named_sidecar(tmp_path: Path) -> None:
    article = _write(tmp_path, "a.txt", "Bài.")
    sidecar = _write(tmp_path, "sources.yml", "a.txt: {outlet: X}\n")
    assert discover([sidecar, article]) == [article]


@pytest.mark.parametrize("name", ["missing.txt", "missing_folder"])
def test_discover_missing_path_names_it(tmp_path: Path, name: str) -> None:
    with pytest.raises(FactcheckError) as err:
        discover([tmp_path / name])
    assert name in str(err.value)
    assert "\n" not in str(err.value)


def test_discover_folder_without_articles(tmp_path: Path) -> None:
    _write(tmp_path / "empty", "notes.yml", "x: 1\n")
    with pytest.raises(FactcheckError) as err:
        discover([tmp_path / "empty"])
    assert "empty" in str(err.value) and "no article files" in str(err.value)


def test_discover_rejects_other_file_types(tmp_path: Path) -> None:
    other = _write(tmp_path, "data.csv", "a,b\n")
    with pytest.raises(FactcheckError, match="not an article file"):
        discover([other])


def test_discover_skips_factcheck_reports_quietly(tmp_path: Path) -> None:
    article = _write(tmp_path, "a.md", "Bài có 100 thủ đô.\n")
    _write(tmp_path, "audit.md", f"<!-- {NOT_AN_ARTICLE} -->\n# Báo cáo\n100 thủ đô\n")
    _write(tmp_path, "quoted.md", f"Bài.\nDòng hai nhắc {NOT_AN_ARTICLE}.\n")  # not line 1
    assert [p.name for p in discover([tmp_path])] == ["a.md", "quoted.md"]
    # Named explicitly it is still not an article; alone, nothing is left to read.
    assert discover([tmp_path / "audit.md", article]) == [article]
    with pytest.raises(FactcheckError, match="no article files"):
        discover([tmp_path / "audit.md"])


EXCLUDE_TREE = ["a.txt", "drafts/b.txt", "x/drafts/c.md", "x/y/old.md", "x/y/z/old.md", "keep.md"]


@pytest.mark.parametrize(
    ("patterns", "kept"),
    [
        ((), EXCLUDE_TREE),
        (("drafts",), ["a.txt", "x/y/old.md", "x/y/z/old.md", "keep.md"]),
        (("drafts/",), ["a.txt", "x/y/old.md", "x/y/z/old.md", "keep.md"]),
        (("drafts/**",), ["a.txt", "x/drafts/c.md", "x/y/old.md", "x/y/z/old.md", "keep.md"]),
        (("*.md",), ["a.txt", "drafts/b.txt"]),
        (("x/y/*.md",), ["a.txt", "drafts/b.txt", "x/drafts/c.md", "x/y/z/old.md", "keep.md"]),
        (("x/**/old.md",), ["a.txt", "drafts/b.txt", "x/drafts/c.md", "keep.md"]),
        (("**/old.md", "a.txt"), ["drafts/b.txt", "x/drafts/c.md", "keep.md"]),
        (("./x",), ["a.txt", "drafts/b.txt", "keep.md"]),
        (("[ak]*",), ["drafts/b.txt", "x/drafts/c.md", "x/y/old.md", "x/y/z/old.md"]),
        (("[!ak]*.txt", "?/y"), ["a.txt", "x/drafts/c.md", "keep.md"]),
        (("old",), EXCLUDE_TREE),  # a glob matches whole names, not parts of them
    ],
)
def test_discover_exclude_globs(tmp_path: Path, patterns: tuple[str, ...], kept: list[str]) -> None:
    for name in EXCLUDE_TREE:
        _write(tmp_path, name, "Bài.\n")
    found = discover([tmp_path], exclude=patterns)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == sorted(kept)


def test_discover_exclude_is_relative_to_the_folder_given(tmp_path: Path) -> None:
    for name in EXCLUDE_TREE:
        _write(tmp_path, name, "Bài.\n")
    found = discover([tmp_path / "x"], exclude=["y/**"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["x/drafts/c.md"]
    # A file named explicitly is read whatever the globs say.
    assert discover([tmp_path / "a.txt"], exclude=["*.txt"]) == [tmp_path / "a.txt"]


def _special_files(folder: Path) -> dict[str, str]:
    """Non-regular files with article names: name -> what discovery calls it."""
    os.mkfifo(folder / "fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "broken.md").symlink_to(folder / "nowhere")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    sock.close()
    return {
        "fifo.txt": "FIFO",
        "zero.txt": "character device",
        "broken.md": "no such file",
        "loop.md": "symbolic links",
        "sock.txt": "socket",
    }


def test_discover_skips_special_files_in_a_folder_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    article = _write(tmp_path, "a.txt", "Bài.\n")
    special = _special_files(tmp_path)
    (tmp_path / "dir.txt").mkdir()  # a folder with an article name is walked
    inner = _write(tmp_path / "dir.txt", "inner.md", "Bài.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a link loop through a folder
    with caplog.at_level("WARNING", logger="checker.discover"):
        assert discover([tmp_path]) == [article, inner]
    warnings = {r.getMessage().split(": ")[1]: r.getMessage() for r in caplog.records}
    assert sorted(Path(w).name for w in warnings) == sorted(special)
    for name, what in special.items():
        message = warnings[(tmp_path / name).as_posix()]
        assert "skipped" in message and what in message


@pytest.mark.parametrize("name", ["fifo.txt", "zero.txt", "broken.md", "loop.md", "sock.txt"])
def test_discover_refuses_a_special_file_named_explicitly(tmp_path: Path, name: str) -> None:
    what = _special_files(tmp_path)[name]
    with pytest.raises(FactcheckError) as err:
        discover([tmp_path / name])
    assert str(err.value).startswith((tmp_path / name).as_posix() + ": ")
    assert what in str(err.value).replace("no such file or folder", "no such file")


def test_load_sources_streams_and_reports_missing_paths_at_once(
    tmp_path: Path, knowledge: Knowledge
) -> None:
    with pytest.raises(FactcheckError):
        load_sources([tmp_path / "nope"], knowledge)  # raised before iteration
    stream = load_sources([FIXTURES / "tree"], knowledge)
    assert iter(stream) is stream
    sources = list(stream)
    assert [s.text for s in sources] == ["Bài A có 100 thủ đô.\n", "Bài B.\n", "Bài C.\n"]
    assert sources[0].outlet == "Báo Thử"  # from tree/sources.yml


# --- display paths ---------------------------------------------------------------------


def test_display_path_relative_below_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "sub", "a.txt", "x")
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "sub" / "a.txt") == "sub/a.txt"
    assert display_path("./sub/../sub/a.txt") == "sub/a.txt"


def test_display_path_outside_cwd_is_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "here").mkdir()
    _write(tmp_path / "there", "a.txt", "x")
    monkeypatch.chdir(tmp_path / "here")
    assert display_path("../there/a.txt") == "../there/a.txt"
    assert display_path(tmp_path / "there" / "a.txt") == (tmp_path / "there" / "a.txt").as_posix()


# --- decoding --------------------------------------------------------------------------

ENCODINGS = [
    ("utf-8", VIETNAMESE.encode("utf-8"), "utf-8"),
    ("utf-8-bom", b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"), "utf-8-sig"),
    ("utf-16-le", b"\xff\xfe" + VIETNAMESE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be", b"\xfe\xff" + VIETNAMESE.encode("utf-16-be"), "utf-16-be"),
    ("cp1258", _to_cp1258(VIETNAMESE), "cp1258"),
]


@pytest.mark.parametrize(("label", "raw", "encoding"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_decoding(tmp_path: Path, knowledge: Knowledge, label: str, raw: bytes, encoding: str):
    source = read_source(_write(tmp_path, f"{label}.txt", raw), knowledge)
    assert source.encoding == encoding
    assert not source.text.startswith("\ufeff")
    assert canonical(source.text) == canonical(VIETNAMESE)
    assert canonical(source.text[source.body[0].start : source.body[0].end]).endswith("đổi mới.")


def test_cp1258_really_uses_combining_tone_marks() -> None:
    raw = _to_cp1258("Hà Nội")
    assert raw != "Hà Nội".encode("cp1258", errors="replace")
    text, encoding = decode(raw, "x.txt")
    assert encoding == "cp1258"
    assert unicodedata.normalize("NFC", text) == "Hà Nội"


def test_newlines_are_kept_verbatim(tmp_path: Path, knowledge: Knowledge) -> None:
    source = read_source(_write(tmp_path, "crlf.txt", b"A b c.\r\n\r\nD e f.\r\n"), knowledge)
    assert source.text == "A b c.\r\n\r\nD e f.\r\n"
    assert [source.text[s.start : s.end] for s in source.body] == ["A b c.", "D e f."]


UNDECODABLE = [
    ("binary", bytes(range(256)) * 4),
    ("latin-1 french", "Café crème à Paris, l'élève a reçu ça.".encode("cp1252")),
    ("bad utf-16", b"\xff\xfe" + b"a\x00\x00\xd8"),  # a lone surrogate
    ("utf-16 without bom", "Hà Nội".encode("utf-16-le")),
]


@pytest.mark.parametrize(("label", "raw"), UNDECODABLE, ids=[u[0] for u in UNDECODABLE])
def test_undecodable_file_names_the_file(
    tmp_path: Path, knowledge: Knowledge, label: str, raw: bytes
) -> None:
    path = _write(tmp_path, "bad.txt", raw)
    with pytest.raises(FactcheckError) as err:
        read_source(path, knowledge, display="corpus/bad.txt")
    assert str(err.value).startswith("corpus/bad.txt:")
    assert err.value.hint and "UTF-8" in err.value.hint


def test_decode_error_gives_line_and_offset(tmp_path: Path, knowledge: Knowledge) -> None:
    raw = b"line one\nline two\n\xff\xfe\x00 garbage \x81\x8d\n"
    with pytest.raises(FactcheckError) as err:
        read_source(_write(tmp_path, "bad.txt", raw), knowledge, display="bad.txt")
    assert err.value.line == 3
    assert "offset 18" in str(err.value)


def test_directory_passed_as_file(tmp_path: Path, knowledge: Knowledge) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(FactcheckError) as err:
        read_source(folder, knowledge, display="folder.txt")
    assert str(err.value).startswith("folder.txt: cannot read file")


# --- metadata --------------------------------------------------------------------------


def test_front_matter_gives_metadata_and_is_not_body(tmp_path: Path, knowledge: Knowledge):
    text = (
        "---\ntitle: Tiêu đề\noutlet: Báo Thử\nurl: https://x.vn/a\npublished: 2023-03-12\n"
        "author: ignored\n---\nĐoạn có 100 thủ đô.\n"
    )
    source = read_source(_write(tmp_path, "a.md", text), knowledge)
    assert (source.title, source.outlet, source.url) == ("Tiêu đề", "Báo Thử", "https://x.vn/a")
    assert (source.published, source.published_basis) == (date(2023, 3, 12), "stated")
    assert _body_text(source) == "Đoạn có 100 thủ đô."
    assert _line_of(source, source.body[0].start) == 8
    assert {m for _, m in source.furniture} == {"front matter"}


def test_bad_front_matter_is_located(tmp_path: Path, knowledge: Knowledge) -> None:
    path = _write(tmp_path, "a.md", "---\ntitle: [unclosed\n---\nBody.\n")
    with pytest.raises(FactcheckError) as err:
        read_source(path, knowledge, display="a.md")
    assert str(err.value).startswith("a.md:")
    assert err.value.line is not None and err.value.line >= 2


def test_unclosed_fence_is_text(tmp_path: Path, knowledge: Knowledge) -> None:
    source = read_source(_write(tmp_path, "a.txt", "---\nĐoạn có 100 thủ đô.\n"), knowledge)
    assert _body_text(source) == "Đoạn có 100 thủ đô."


def test_sidecar_fills_what_front_matter_lacks(tmp_path: Path, knowledge: Knowledge) -> None:
    _write(
        tmp_path,
        "sources.yml",
        "a.md:\n  title: Từ sidecar\n  outlet: Báo Sidecar\n  published: 27/01/2022\n"
        "b.txt:\n  published: null\n  note: không có ngày\n",
    )
    a = read_source(_write(tmp_path, "a.md", "---\ntitle: Từ front matter\n---\nBài.\n"), knowledge)
    assert (a.title, a.outlet, a.published) == ("Từ front matter", "Báo Sidecar", date(2022, 1, 27))
    b = read_source(_write(tmp_path, "b.txt", "Cập nhật: 12/03/2023\nĐoạn văn.\n"), knowledge)
    assert (b.published, b.published_basis) == (date(2023, 3, 12), "byline")  # checker.pubdate
    c = read_source(_write(tmp_path, "c.txt", "Đoạn văn không nói ngày.\n"), knowledge)
    assert (c.published, c.published_basis) == (None, None)


def test_front_matter_values_are_taken_as_written(tmp_path: Path, knowledge: Knowledge) -> None:
    text = (
        "---\ntitle: yes\noutlet: 2023\npublished: '27/01/2022'\n"
        "other: [ignored, {x: 1}]\n---\nBài.\n"
    )
    source = read_source(_write(tmp_path, "a.md", text), knowledge, display="a.md")
    assert (source.title, source.outlet, source.published) == ("yes", "2023", date(2022, 1, 27))


@pytest.mark.parametrize(
    ("front", "where", "words"),
    [
        ("title: a\ntitle: b\n", "a.md:3:1", "duplicate key 'title'"),
        ("outlet: {name: X}\n", "a.md:2:9", "'outlet' must be a single value"),
        ("published: '2019-02-31'\n", "a.md:2:12", "impossible date '2019-02-31'"),
        ("published: 2019-02-31\n", "a.md:2:12", "impossible date '2019-02-31'"),
        ("published: someday\n", "a.md:2:12", "not a date"),
        ("- a\n", "a.md:2:1", "must be a mapping"),
    ],
)
def test_front_matter_problems_are_located(
    tmp_path: Path, knowledge: Knowledge, front: str, where: str, words: str
) -> None:
    path = _write(tmp_path, "a.md", f"---\n{front}---\nBài.\n")
    with pytest.raises(FactcheckError) as err:
        read_source(path, knowledge, display="a.md")
    assert str(err.value).startswith(where + ":"), str(err.value)
    assert words in str(err.value)


def test_sidecar_keys_must_be_file_names(tmp_path: Path, knowledge: Knowledge) -> None:
    _write(tmp_path, "sources.yml", "[a.txt]: {outlet: X}\n~: {outlet: Y}\na.txt: {outlet: Z}\n")
    with pytest.raises(FactcheckError) as err:
        read_source(_write(tmp_path, "a.txt", "Bài.\n"), knowledge)
    message = str(err.value)
    assert "sources.yml:1:1: expected a file name, got a list" in message
    assert "sources.yml:2:1: expected a file name, got nothing" in message


def test_sidecar_that_is_not_a_regular_file_is_an_error(
    tmp_path: Path, knowledge: Knowledge
) -> None:
    os.mkfifo(tmp_path / "sources.yml")  # a plain open would block for ever
    with pytest.raises(FactcheckError, match=r"sources\.yml: cannot read file: it is a FIFO"):
        read_source(_write(tmp_path, "a.txt", "Bài.\n"), knowledge)


def test_sidecar_errors_are_located_all_at_once(tmp_path: Path, knowledge: Knowledge) -> None:
    _write(tmp_path, "sources.yml", "a.txt:\n  outlte: X\n  published: someday\nb.txt: 3\n")
    with pytest.raises(FactcheckError) as err:
        read_source(_write(tmp_path, "a.txt", "Bài.\n"), knowledge)
    message = str(err.value)
    assert "sources.yml:2:3: unknown key 'outlte' (did you mean 'outlet'?)" in message
    assert "not a date" in message
    assert "sources.yml:4:8:" in message


def test_seed_sidecar_is_read_and_skipped() -> None:
    assert not any(p.name == "sources.yml" for p in discover([SEEDS]))
    listed = yaml.safe_load((SEEDS / "sources.yml").read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(p.name for p in discover([SEEDS]))


# --- furniture -------------------------------------------------------------------------


@pytest.mark.parametrize("case", FURNITURE_CASES, ids=[c["name"] for c in FURNITURE_CASES])
def test_furniture_cases(tmp_path: Path, knowledge: Knowledge, case: dict) -> None:
    source = read_source(_write(tmp_path, "case.txt", case["text"]), knowledge)
    status = _line_status(source)
    lines = source.text.split("\n")
    for number, content in enumerate(lines, start=1):
        if not content.strip():
            continue
        expected = case["furniture"].get(number)
        if expected is None:
            assert status.get(number) == "", f"line {number} should be body: {content!r}"
        else:
            assert status.get(number, "").startswith(expected), f"line {number}: {status}"
    if "published" in case:
        assert source.published == case["published"]
        # Dates the text states are bylines (checker.pubdate), not records made for it.
        assert source.published_basis == ("byline" if case["published"] else None)
    if "body" in case:
        assert [source.text[s.start : s.end] for s in source.body] == case["body"]


@pytest.mark.parametrize("case", FURNITURE_CASES, ids=[c["name"] for c in FURNITURE_CASES])
def test_furniture_cases_in_nfd(tmp_path: Path, knowledge: Knowledge, case: dict) -> None:
    """Decomposed text gets the same furniture, and its spans still cut it verbatim."""
    nfc = read_source(_write(tmp_path, "nfc.txt", case["text"]), knowledge)
    nfd_text = unicodedata.normalize("NFD", case["text"])
    nfd = read_source(_write(tmp_path, "nfd.txt", nfd_text), knowledge)
    assert nfd.text == nfd_text
    assert _line_status(nfd) == _line_status(nfc)
    assert [canonical(nfd.text[s.start : s.end]) for s in nfd.body] == [
        canonical(nfc.text[s.start : s.end]) for s in nfc.body
    ]
    for span in nfd.body:  # a span never starts on a combining mark
        assert not unicodedata.combining(nfd.text[span.start])


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_seed_furniture(knowledge: Knowledge, name: str) -> None:
    case = SEED_CASES[name]
    source = read_source(SEEDS / name, knowledge)
    status = _line_status(source)
    tail = case.get("tail")
    for number, content in enumerate(source.text.split("\n"), start=1):
        if not content.strip():
            continue
        if tail and number >= tail["from"]:
            expected = tail["marker"]
        else:
            expected = case["furniture"].get(number, "")
        got = status.get(number)
        assert got is not None and got.startswith(expected), f"{name}:{number}: {got!r}"
        assert (expected == "") == (got == ""), f"{name}:{number}: {got!r}"
    body = _body_text(source)
    for text in case["body_has"]:
        assert text in body
    for text in case["body_lacks"]:
        assert text not in body
    assert source.title == case["title"]
    assert source.outlet == case["outlet"]
    assert source.published == case["published"]


def test_body_spans_are_ordered_disjoint_and_trimmed(knowledge: Knowledge) -> None:
    for source in load_sources([SEEDS], knowledge):
        spans = [s for s in source.body] + [s for s, _ in source.furniture]
        spans.sort(key=lambda s: s.start)
        for before, after in itertools.pairwise(spans):
            assert before.end <= after.start, source.path
        for span in source.body:
            piece = source.text[span.start : span.end]
            assert piece and piece == piece.strip() and "\n" not in piece


@pytest.mark.parametrize("name", sorted(SEED_CASES))
def test_nfc_and_nfd_copies_agree(tmp_path: Path, knowledge: Knowledge, name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    nfc = read_source(_write(tmp_path, "nfc.txt", unicodedata.normalize("NFC", text)), knowledge)
    nfd = read_source(_write(tmp_path, "nfd.txt", unicodedata.normalize("NFD", text)), knowledge)
    assert nfd.text == unicodedata.normalize("NFD", text)  # never normalised on reading
    assert canonical(_body_text(nfd)) == canonical(_body_text(nfc))
    assert [m for _, m in nfd.furniture] == [m for _, m in nfc.furniture]
    assert len(split_sentences(nfd)) == len(split_sentences(nfc))
    assert nfd.published == nfc.published


def test_furniture_markers_come_from_the_knowledge(tmp_path: Path) -> None:
    custom = Knowledge(furniture={"tail_markers": ["Hết bài"], "line_patterns": ["^quảng cáo$"]})
    path = _write(tmp_path, "a.txt", "Đoạn một.\nQuảng cáo\nHết bài:\nĐoạn sau.\nTin liên quan\n")
    source = read_source(path, custom)
    assert _body_text(source) == "Đoạn một."
    assert [m.split(":")[0] for _, m in source.furniture] == ["line pattern", "tail"]


def test_bad_furniture_regex_is_a_user_error(tmp_path: Path) -> None:
    custom = Knowledge(furniture={"line_patterns": ["(unclosed"]})
    with pytest.raises(FactcheckError, match=r"furniture.line_patterns\[0\]"):
        read_source(_write(tmp_path, "a.txt", "x"), custom)


# --- HTML ------------------------------------------------------------------------------


def test_html_keeps_article_and_drops_navigation_and_related(knowledge: Knowledge) -> None:
    pytest.importorskip("trafilatura")
    source = read_source(FIXTURES / "article.html", knowledge, display="article.html")
    body = _body_text(source)
    assert body.startswith("Hà Nội đón 200 đoàn khách quốc tế\n")  # the title
    assert "(BTN) - Năm 2022" in body  # the lead paragraph
    assert "hơn 100 thủ đô" in body and "TP. Hà Nội" in body
    for furniture in ("Gần 100 nước thành viên", "Trang chủ", "Bản quyền", "50 doanh nghiệp"):
        assert furniture not in source.text
    assert source.title == "Hà Nội đón 200 đoàn khách quốc tế"
    assert source.outlet == "Báo Thử Nghiệm"
    assert source.url == "https://baothu.example.vn/ha-noi-don-200-doan.html"
    assert (source.published, source.published_basis) == (date(2023, 3, 12), "stated")
    assert source.encoding == "utf-8"


def test_html_without_trafilatura_gives_a_hint(
    knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes the import fail
    with pytest.raises(FactcheckError) as err:
        read_source(FIXTURES / "article.html", knowledge, display="article.html")
    assert err.value.hint == "pip install factcheck[html]"


def test_html_article_joined_into_one_line_with_a_credit_is_not_a_caption(
    knowledge: Knowledge,
) -> None:
    """An extractor may join a short article into one line that ends with a photo
    credit; several sentences are article text, not a caption."""
    path = Path(__file__).parent / "fixtures" / "ingest" / "joined_article.html"
    source = read_source(path, knowledge)
    body = "".join(source.text[s.start : s.end] for s in source.body)
    assert "ước đạt 27.850 tỷ đồng" in body
    assert "Tin liên quan" not in source.text and "Huế thu 9.000" not in source.text
