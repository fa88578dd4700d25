"""The fact-frame reader against a table of phrases (tests/data/frames.yml).

Each phrase is read with its article context (publication date, headline, lead, a
carried period); the figure's frame must carry the expected fields.  Pairs marked
``same: false`` must get frames that differ in the named field; pairs marked ``same:
true`` frames that agree.  Property tests: NFC, NFD and the other tone placement give
the same frame; a field is never filled without saying what filled it; every stated
field's evidence quotes the sentence verbatim.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import FactcheckErrors
from checker.extract.frame import (
    FIELDS,
    DocContext,
    Frame,
    FrameReader,
    Slot,
    parse_period,
    read_frame,
)
from checker.extract.frameperiod import Span
from checker.packs import load_knowledge

DATA = yaml.safe_load((Path(__file__).parent / "data" / "frames.yml").read_text("utf-8"))
PHRASES: list[dict[str, Any]] = DATA["phrases"]
PAIRS: list[dict[str, Any]] = DATA["pairs"]
MIN_OWN_PHRASES = 60

READER = FrameReader.build(load_knowledge())


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _doc(case: dict[str, Any]) -> DocContext:
    doc = READER.doc_context(
        headline=case.get("headline"),
        lead=case.get("lead"),
        published=_date(case.get("published")),
    )
    if "period_carried" in case:
        value = str(case["period_carried"])
        span = parse_period(value)
        assert span is not None, f"bad period_carried {value!r}"
        doc = doc.with_period(Slot(span.value, "carried", kind=span.granularity, note="test"))
    return doc


def _span(text: str, figure: str, at: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(at + 1):
        start = text.index(figure, start + 1)
    return start, start + len(figure)


def frame_of(case: dict[str, Any], text: str | None = None) -> Frame:
    text = case["text"] if text is None else text
    figure = case["figure"]
    if text != case["text"]:  # the same figure in a re-encoded sentence
        figure = unicodedata.normalize("NFC", figure)
        text_nfc = unicodedata.normalize("NFC", text)
        start, end = _span(text_nfc, figure, case.get("at", 0))
        return READER.read(text, _nfd_span(text, start, end), doc=_doc(case))
    return READER.read(text, _span(text, figure, case.get("at", 0)), doc=_doc(case))


def _nfd_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets in ``text`` of the NFC offsets [start, end)."""
    positions = []
    nfc_len = 0
    for i, _ in enumerate(text):
        positions.append((nfc_len, i))
        nfc_len = len(unicodedata.normalize("NFC", text[: i + 1]))
    starts = {n: i for n, i in reversed(positions)}
    return starts.get(start, 0), next((i for n, i in positions if n >= end), len(text))


def _describe(frame: Frame) -> str:
    return "\n".join(
        f"  {name:8} {frame.field(name).value!r:32} {frame.field(name).basis:9}"
        f" {[e.text for e in frame.field(name).evidence]} {frame.field(name).note}"
        for name in FIELDS
    )


def _params(items: list[dict[str, Any]], key: str = "id", xfail: bool = True) -> list[Any]:
    """pytest params; a known miss (``xfail``) is a strict xfail where ``xfail`` is set."""
    out = []
    for i, item in enumerate(items):
        known_miss = xfail and "xfail" in item
        marks = [pytest.mark.xfail(reason=item["xfail"], strict=True)] if known_miss else []
        out.append(pytest.param(item, id=str(item.get(key, i)), marks=marks))
    return out


# ---------------------------------------------------------------------------------------
# the table


def test_table_is_large_enough() -> None:
    own = [c for c in PHRASES if c["id"].startswith("o-")]
    assert len(own) >= MIN_OWN_PHRASES
    ids = [c["id"] for c in PHRASES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for case in PHRASES:
        assert case["figure"] in case["text"], case["id"]
        assert set(case["expect"]) <= set(FIELDS), case["id"]


@pytest.mark.parametrize("case", _params(PHRASES))
def test_phrase(case: dict[str, Any]) -> None:
    frame = frame_of(case)
    got = {name: frame.field(name).value for name in case["expect"]}
    want = {name: None if v is None else str(v) for name, v in case["expect"].items()}
    assert got == want, f"{case['text']}\n{_describe(frame)}"
    for name, basis in case.get("basis", {}).items():
        assert frame.field(name).basis == basis, f"{name}\n{_describe(frame)}"
    for key, value in case.get("qualifiers", {}).items():
        assert dict(frame.metric.qualifiers).get(key) == value, _describe(frame)


def _pair_frames(pair: dict[str, Any]) -> tuple[Frame, Frame]:
    a = READER.read(pair["a"], _span(pair["a"], pair["fa"]), doc=DocContext(_date(pair.get("pa"))))
    b = READER.read(pair["b"], _span(pair["b"], pair["fb"]), doc=DocContext(_date(pair.get("pb"))))
    return a, b


@pytest.mark.parametrize("pair", _params(PAIRS, key="a"))
def test_pair(pair: dict[str, Any]) -> None:
    a, b = _pair_frames(pair)
    comparison = READER.compare(a, b)
    shown = f"{pair['a']}\n{_describe(a)}\n{pair['b']}\n{_describe(b)}"
    if pair["same"]:
        differ = [f for f in comparison.differ if f not in pair.get("ignore", [])]
        assert not differ, f"differ in {differ}\n{shown}"
    else:
        field = pair["field"]
        assert field in comparison.differ, f"{field} should differ\n{shown}"
        x, y = a.field(field), b.field(field)
        assert x.known and y.known, f"{field} must be read on both sides\n{shown}"


# ---------------------------------------------------------------------------------------
# properties


def _variants(text: str) -> list[str]:
    """The same sentence in NFD, and with the other tone placement of "oa"/"uy"."""
    other = (
        text.replace("òa", "oà").replace("óa", "oá").replace("ỏa", "oả").replace("õa", "oã")
        .replace("ọa", "oạ").replace("úy", "uý").replace("ùy", "uỳ")
    )  # fmt: skip
    return [unicodedata.normalize("NFD", text), unicodedata.normalize("NFD", other), other]


def _values(frame: Frame) -> dict[str, tuple[str | None, str]]:
    return {name: (frame.field(name).value, frame.field(name).basis) for name in FIELDS}


@pytest.mark.parametrize("case", _params(PHRASES, xfail=False))
def test_unicode_forms_give_the_same_frame(case: dict[str, Any]) -> None:
    want = _values(frame_of(case))
    for text in _variants(case["text"]):
        if unicodedata.normalize("NFC", text) == case["text"] and text == case["text"]:
            continue
        frame = frame_of(case, text)
        assert _values(frame) == want, f"{text!r}\n{_describe(frame)}"
        for name in FIELDS:  # evidence still quotes the sentence as given
            for ev in frame.field(name).evidence:
                if ev.where == "sentence":
                    assert text[ev.start : ev.end] == ev.text


def _check_honest(frame: Frame, sentence: str) -> None:
    for name in FIELDS:
        slot = frame.field(name)
        assert slot.basis in ("stated", "carried", "inferred", "unknown", "none"), name
        if slot.basis in ("unknown", "none"):
            assert slot.value is None, f"{name}: {slot}"
        else:
            assert slot.value is not None, f"{name}: {slot}"
            # What filled it is said: words of the text, or a note of the rule applied.
            assert slot.evidence or slot.note, f"{name} filled silently: {slot}"
        if slot.basis == "stated":
            assert slot.evidence, f"{name} stated without words: {slot}"
        for ev in slot.evidence:
            if ev.where == "sentence":
                assert sentence[ev.start : ev.end] == ev.text, f"{name}: {ev}"


@pytest.mark.parametrize("case", _params(PHRASES, xfail=False))
def test_every_field_says_what_set_it(case: dict[str, Any]) -> None:
    _check_honest(frame_of(case), case["text"])


# Fragments of real-looking sentences: any order, with and without figures and places.
_FRAGMENTS = [
    "Năm 2023,", "GRDP của Bình Định", "tăng", "8,7%", "so với", "cùng kỳ năm trước", "ước đạt",
    "3 triệu lượt khách", "phấn đấu", "đón", "quý I", "tháng 7", "6 tháng đầu năm", "chiếm",
    "tổng kim ngạch", "bằng", "năm 2019", "gấp 2,5 lần", "xếp thứ 3", "cả nước", "của tỉnh",
    "khu vực dịch vụ", "dự kiến", "sơ bộ", "đạt 92% dự toán", "năm nay", "Hòa Bình", "hòa bình",
    ",", ";", "trong đó", "doanh thu", "lữ hành", "đến nay", "TP.HCM", "Gia Lai", "kế hoạch",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=12),
    st.integers(min_value=0, max_value=200),
    st.sampled_from([None, date(2024, 6, 15), date(2025, 8, 1)]),
)
def test_no_field_is_filled_silently(parts: list[str], where: int, published: date | None) -> None:
    sentence = " ".join(parts)
    start = where % (len(sentence) + 1)
    end = min(len(sentence), start + 6)
    frame = READER.read(sentence, (start, end), doc=DocContext(published))
    _check_honest(frame, sentence)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=10))
def test_without_context_subject_and_period_come_from_the_sentence(parts: list[str]) -> None:
    """With no article context, a known subject or period rests on the sentence's words."""
    sentence = " ".join(parts) + " 5,5%"
    frame = READER.read(sentence, (len(sentence) - 4, len(sentence)), doc=DocContext())
    for name in ("subject", "period", "metric", "part"):
        slot = frame.field(name)
        if slot.known:
            assert slot.evidence and all(e.where == "sentence" for e in slot.evidence), name
    assert frame.field("status").value in ("result", "estimate", "preliminary", "target",
                                           "plan", "forecast")  # fmt: skip


# ---------------------------------------------------------------------------------------
# periods, places and the vocabulary


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-01/2024-09", date(2024, 1, 1), date(2024, 9, 30)),
        ("2025-06-12/2025-06-14", date(2025, 6, 12), date(2025, 6, 14)),
        ("2021/2025", date(2021, 1, 1), date(2025, 12, 31)),
    ],
)
def test_period_values_round_trip(value: str, start: date, end: date) -> None:
    span = parse_period(value)
    assert span == Span(start, end)
    assert span.value == value


def test_period_arithmetic() -> None:
    q1 = parse_period("2024-Q1")
    assert q1 is not None and q1.previous() == parse_period("2023-Q4")
    assert parse_period("2024-02") is not None
    assert parse_period("2024-02").shift_years(-1).value == "2023-02"  # type: ignore[union-attr]
    assert parse_period("asof") is None and parse_period("garbage") is None


def test_gazetteer_has_63_units_before_and_34_after() -> None:
    places = READER.vocab.gazetteer.places
    local = [p for p in places if p.kind in ("province", "city")]
    assert len(local) == 63
    after = [p for p in local if p.until is None]
    assert len(after) == 34
    for p in local:
        if p.into:
            new = READER.vocab.gazetteer.by_name(p.into)
            assert new is not None and p.name in new.absorbed, p.name
    assert sum(len(p.absorbed) for p in after) == 63 - 34


def test_read_frame_uses_the_default_packs() -> None:
    text = "Năm 2022, GRDP của Bình Định tăng 8,7% so với năm 2021."
    frame = read_frame(text, _span(text, "8,7%"))
    assert (frame.subject.value, frame.period.value, frame.base.value) == (
        "Bình Định",
        "2022",
        "2021",
    )


def test_a_bad_period_template_is_a_located_pack_error(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yml"
    pack.write_text(
        'frame:\n  periods:\n    year: ["năm {nam}"]\n    weekly: ["tuần {n}"]\n', "utf-8"
    )
    with pytest.raises(FactcheckErrors) as info:
        load_knowledge([pack])
    messages = [str(e) for e in info.value.errors]
    assert any(":3:" in m and "year" in m for m in messages), messages
    assert any("weekly" in m and "period kind" in m for m in messages), messages
