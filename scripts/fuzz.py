#!/usr/bin/env python3
"""Property fuzz of the whole pipeline: hostile articles in, no crash, no hang out.

Not a test (the suite runs the same generator for a few hundred examples, see
tests/test_pipeline_properties.py).  Hypothesis builds folders of articles from Vietnamese
fragments written for this script (figures in Vietnamese notation, scale words, hedges,
dates, periods, quarters, numbered events, percents, Roman numerals, front matter, HTML,
NFD text and the other tone placement, loose combining marks, control characters, very
long numbers, runs of punctuation, invalid bytes, sometimes a ``sources.yml``), writes
them to a temporary folder and runs, in process, ``checker.pipeline.check`` and every
renderer (table, terminal, json, markdown, github, sarif, the claims table, CSV and JSON
lines, and the JSON read back).  Each example must

- raise nothing but ``FactcheckError``, and that one naming a file;
- finish within ``--time-limit`` seconds (5 by default; the slowest is reported), in
  CPU time of its process by default (``--clock cpu``): on a machine shared with other
  work, wall-clock time measures the neighbours as much as the example (``--clock wall``
  judges by it; both slowest times are reported);
- quote every claim verbatim from its source, and produce JSON and SARIF that parse;
- for a sample (``--determinism-every``), give the same outputs when run again.

    python scripts/fuzz.py --examples 100000 --jobs 2
    python scripts/fuzz.py --examples 2000 --seed 7 --repros /tmp/repros
    python scripts/fuzz.py --replay /tmp/repros/<signature>   # run one saved example again

Each process runs Hypothesis with its own seed (``--seed`` + process number, and a new
seed for every chunk of examples), no example database, and shrinking on: a failure is
shrunk to a small example, saved under ``--repros`` (the files, the traceback and the
signature), and the search goes on, ignoring failures already saved.  A slow example is
saved as found (shrinking it would cost many slow runs).  A process that stops making
progress for ``--hang-limit`` seconds is stopped, the example it was running is saved as
a hang, and a new process takes over the rest of its examples.  Each process is limited
to ``--memory-mb`` of address space, so that a memory bomb is a MemoryError, not a
machine out of memory.  Exit code: 0 when nothing was found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import string
import sys
import tempfile
import time
import traceback
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.errors import FactcheckError, FactcheckErrors  # noqa: E402
from checker.numbers import MAX_FIGURE_VALUE, format_vn_number  # noqa: E402

# ---------------------------------------------------------------------------------------
# fragments (written for this script)

PLACES = [
    "Hà Nội", "Thủ đô", "TP Hồ Chí Minh", "TP.HCM", "Đà Nẵng", "Hải Phòng", "Hoà Bình",
    "Hòa Bình", "Khánh Hoà", "Thừa Thiên Huế", "thành phố", "Quảng Ninh", "Cần Thơ",
]  # fmt: skip
HEDGES = [
    "", "", "", "gần ", "hơn ", "trên ", "khoảng ", "trên dưới ", "ước khoảng ", "xấp xỉ ",
    "dưới ", "tới ", "lên tới ", "ít nhất ", "ước ", "dự kiến ", "gần như ", "chỉ ", "hơn gần ",
]  # fmt: skip
SCALES = [
    "", "", "", "", " nghìn", " ngàn", " triệu", " triệu", " tỷ", " tỷ", " tỉ", " nghìn tỷ",
    " triệu triệu", " tỷ tỷ", " tỷ tỷ tỷ tỷ",
]  # fmt: skip
UNITS = [
    "USD", "đô la Mỹ", "đồng", "VND", "%", "phần trăm", "lần", "dự án", "lượt khách quốc tế",
    "lượt khách có lưu trú", "đoàn khách", "thành phố, thủ đô", "quốc gia và vùng lãnh thổ",
    "tỉnh, thành phố", "doanh nghiệp", "người", "sự kiện", "năm", "tháng", "ngày", "km",
    "héc-ta", "tấn", "căn hộ", "suất đầu tư", "TP", "%/năm",
]  # fmt: skip
DATES = [
    "20/11/2023", "ngày 8-9/10/2004", "ngày 8 - 9/10/2004", "từ ngày 25/1 đến 1/2/2021",
    "30/2/2019", "31/4/2020", "29/2/2023", "29/2/2024", "ngày 27/2", "sáng 27/2", "5.6.2019",
    "5-6-2019", "tháng 10/2024", "tháng 13/2024", "tháng 0/2024", "tháng 9 năm 2015",
    "năm 2023", "năm 1000", "năm 999", "năm 2101", "năm 0000", "vào năm 2019", "(2019)",
    "(năm 2006)", "quý I/2024", "quý IV năm 2023", "quý V/2023", "quý 2/2022",
    "6 tháng đầu năm 2018", "sáu tháng cuối năm 2019", "9 tháng năm 2020",
    "13 tháng đầu năm 2020", "nửa đầu năm 2022", "nửa cuối năm 2021",
    "năm 2014 và 6 tháng đầu năm 2015", "giai đoạn 2021 - 2025", "giai đoạn 2025 - 2021",
    "từ năm 1989 đến 2005", "thời kỳ 2016–2020", "thế kỷ XXI", "thế kỷ 21", "thế kỷ 0",
    "những năm 1990", "thập niên năm 1980", "đến nay", "hiện nay", "hằng năm", "hàng năm",
    "năm ngoái", "năm nay", "tầm nhìn 2030", "đến năm 2045", "so với năm 2022",
    "so với cùng kỳ năm 2021", "tháng 5", "ngày 0/0/0000", "ngày 99/99/9999",
]  # fmt: skip
EVENTS = [
    "ASEM 5", "ASEM lần thứ 5", "Hội nghị cấp cao Á - Âu lần thứ năm", "SEA Games 22",
    "SEA Games lần thứ 22", "lần thứ 22", "lần thứ tư", "lần thứ XIII", "lần thứ 0",
    "lần hai", "Đại hội XIII", "Đại hội Đảng lần thứ XIII", "Khóa XI", "kỳ họp thứ tư",
    "kỳ họp thứ 18", "IPU-132", "Đại hội đồng IPU lần thứ 132 (IPU-132)", "APEC (2006)",
    "APEC 2017", "WEF (2019)", "Hội nghị Thượng đỉnh Mỹ - Triều (năm 2019)",
    "Hội nghị Thượng đỉnh Hoa Kỳ - Triều Tiên lần thứ hai", "ASIAD 19", "ASIAD 1999",
    "Expo 2024", "Đà Nẵng 2017", "ASEAN 2020", "Hội nghị lần thứ 999", "IPU-0",
]  # fmt: skip
NOT_QUANTITIES = [
    "15-NQ/TW", "Kế hoạch số 33-KH/UBND", "Nghị quyết 22", "Quyết định số 1.234/QĐ-TTg",
    "công nghiệp 4.0", "phiên bản 2.5", "lúc 8h30", "8 giờ 30 phút", "14:30",
    "Lượt xem: 1.234", "ANMC21", "https://vnexpress.net/bai-viet-123456.html",
    "www.hanoi.gov.vn/tin-tuc/2023/11/20", "email: a1@b2.vn", "0912.345.678", "+84 24 1234 5678",
    "mã số 0101234567", "COVID-19", "G20", "5G", "H5N1", "1,234,567", "1.2.3", "12.34.567",
    "1.05", "2.5", "4.0", "01", "007", "-5", "+5", "5 000", "١٢٣", "１２３", "²³", "½",
]  # fmt: skip
FURNITURE = [
    "Tin cùng chuyên mục", "Bình luận (3)", "12 bình luận", "Đọc thêm:", "Tin liên quan",
    "Chia sẻ", "Tags: du lịch, Hà Nội", "(Ảnh: Minh Anh)", "Ảnh: TTXVN", "© Bản quyền",
    "Lượt xem: 5.678", "View count: 12", "Chưa được phân loại", "Ngày đăng 27/01/2022",
    "Cập nhật: 20/11/2023 08:15", "Theo Cổng GTĐT TP", "| * | - |", "---", "***", "===",
]  # fmt: skip
IGNORES = [
    "<!-- factcheck-ignore: value-disagreement số liệu đã kiểm tra -->",
    "<!-- factcheck-ignore: value-disagreement {fact} [/] %s -->",
    "<!-- factcheck-ignore: interval-disagreement, value-disagreement hai lý do -->",
    "<!-- factcheck-ignore: interval-disagreement -->",
    "<!-- factcheck-ignore: unknown-rule lý do -->",
    "<!-- factcheck-ignore -->",
    "<!-- expect: value-disagreement -->",
]
HTML_BITS = [
    "<p>", "</p>", "<br>", "<br/>", "<b>", "</b>", "<i>", "<div class='x'>", "</div>",
    "<h1>", "</h1>", "&nbsp;", "&amp;", "&lt;", "&#7893;", "&#x1EA1;", "&bogus;", "<!--", "-->",
    "<script>var n = 1.000;</script>", "<style>p{}</style>", "<table><tr><td>5 tỷ USD</td></tr>"
    "</table>", "<a href='https://x.vn/1'>1.000 dự án</a>", "<img alt='2.607 triệu USD'>",
    "<![CDATA[ 7 ]]>", "<?xml version='1.0'?>", "</html>", "<meta charset='windows-1258'>",
]  # fmt: skip
# What renderers must not interpret: rich markup, format fields, Markdown, annotations.
MARKUP = [
    "[bold]", "[/]", "[/bold]", "[red]x[/red]", "[link=https://x.vn]", "[[", "]]", "{fact}",
    "{0}", "{", "}", "{{", "%s", "%(fact)s", "${x}", "::error::", "::warning file=a.txt::x",
    "%0A", "%25", "`", "```", "|", "\\", "\\n", "**", "_x_", "# ", "> ", "- [ ]", "&#0;",
]  # fmt: skip
CONTROLS = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\xa0",
    "\u200b", "\u200c", "\u200d", "\u2028", "\u2029", "\ufeff", "\ufffd", "\u202e", "\u00ad",
    "\r", "\r\n", "\n\n\n", "\t",
]  # fmt: skip
COMBINING = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"]
PUNCTUATION = list(".,!?-–—/()%:;…*\"'[]{}|#@&+=_~`^<>$")
TONE_SWAPS = [
    ("hòa", "hoà"), ("Hòa", "Hoà"), ("hóa", "hoá"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"),
    ("Thúy", "Thuý"), ("tòa", "toà"), ("quý", "quí"), ("lũy", "luỹ"), ("họa", "hoạ"),
]  # fmt: skip
WORDS = [
    "thành phố", "du lịch", "vốn", "đầu tư", "tăng trưởng", "kinh tế", "xuất khẩu", "khách",
    "quốc tế", "dự án", "hội nghị", "thượng đỉnh", "đối ngoại", "Thủ đô", "và", "trong đó",
    "đồng thời", "tương ứng", "lần lượt là", "theo", "Sở", "Bộ", "đạt", "là", "có", "với",
    "FDI", "GRDP", "ODA", "vốn đầu tư trực tiếp nước ngoài (FDI)", "Tổng cục Thống kê (GSO)",
]  # fmt: skip

TEMPLATES = [
    "Năm {year}, {place} đón {hedge}{num}{scale} lượt khách quốc tế.",
    "{place} thu hút {hedge}{num}{scale} USD vốn đầu tư trực tiếp nước ngoài (FDI) {time}.",
    "Tổng thu từ du lịch {time} đạt {hedge}{num}{scale} đồng, tăng {pct} so với năm {year}.",
    "Đến nay, {place} có quan hệ với {hedge}{num} thành phố, thủ đô trên thế giới.",
    "{event} diễn ra tại {place} {time}.",
    "{event} diễn ra tại {place} từ ngày {date}.",
    "Theo Sở Du lịch, {time} lượng khách đến {place} tăng {num} lần.",
    "{place} là 1 trong {num} địa phương dẫn đầu cả nước {time}.",
    "Kim ngạch xuất khẩu {time} ước đạt {num}{scale} USD, trong đó {pct} là hàng chế biến.",
    "{place} xếp thứ {num} về chỉ số năng lực cạnh tranh {time}.",
    "{time}, {place} có {numword} dự án được cấp mới với tổng vốn {hedge}{num}{scale} USD.",
    "Hằng năm, {place} tổ chức {hedge}{num} sự kiện văn hoá.",
    "{event} khai mạc ngày {date} với sự tham dự của {hedge}{num} đoàn.",
    "Dự án kéo dài {num} năm, từ {year} đến {year}.",
    "{time} GRDP tăng {pct}, thu nhập bình quân đạt {num}{scale} đồng/người/tháng.",
    "Giai đoạn {year} - {year}, vốn FDI lần lượt là {num}{scale} USD và {num}{scale} USD.",
    "{place} có {hedge}{num} - {num}{scale} {unit} {time}.",
    "Theo Nghị quyết 15-NQ/TW, {time} {place} phấn đấu đạt {hedge}{pct}.",
    "Tầm nhìn {year}, GRDP bình quân đầu người đạt {hedge}{num}{scale} USD.",
    "{numword} {unit} của {place} đạt chuẩn {time}.",
    "Tính đến {date}, {place} đã cấp {hedge}{num}{scale} {unit}.",
    "Ông Nguyễn Văn {roman} cho biết {time} có {num} {unit}; {num} {unit} khác đang chờ.",
    "Thế kỷ {roman}, {event} là {num} {unit}.",
    "{hedge}{num}{scale} {unit} ({pct}) {time}",
]
NUMBER_WORDS = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "tư"]


def _roman(n: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
        (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


# ---------------------------------------------------------------------------------------
# the generator
#
# Hypothesis draws the structure of an example (files, paragraphs, the kind of each
# piece of text, the transformations) and one seed per piece; a piece's words are then
# expanded from the fragment lists with that seed.  Drawing every word through
# Hypothesis cost more than running the pipeline on it; this way an example is about a
# hundred draws, and shrinking still drops files, paragraphs and pieces and lowers the
# seeds toward 0.

Rng = random.Random


def _rng(seed: int, purpose: str) -> Rng:
    """A generator for one purpose.  Hypothesis draws some seeds far more often than
    others (0, 1, 2**32 - 1...): mixed with the purpose, such a seed does not make the
    same choice for every purpose (every file "bad" bytes, say)."""
    return Rng(f"{purpose}:{seed}")


def _vn_number(rng: Rng) -> str:
    """A figure as Vietnamese write it, or a near miss."""
    shape = rng.randrange(10)
    if shape < 4:
        return format_vn_number(Decimal(rng.randrange(10 ** rng.randint(1, 13))))
    if shape < 6:
        return str(rng.randrange(2500))
    if shape < 8:
        places = rng.randint(1, 3)
        return format_vn_number(Decimal(rng.randrange(10 ** rng.randint(1, 10))).scaleb(-places))
    if shape == 8:  # now and then up to 30 digits: both sides of the figure cap
        return format_vn_number(Decimal(rng.randrange(10 ** rng.choice([14, 18, 24, 25, 30]))))
    return rng.choice(NOT_QUANTITIES)


_LONG_SHAPES: list[Callable[[int], str]] = [
    lambda k: "9" * k,
    lambda k: "1" + ".000" * (k // 3),
    lambda k: "0," + "1" * k,
    lambda k: "1" * k + ",5",
    lambda k: "1" * k + "abc",
    lambda k: "12" * (k // 2) + "/" + "3" * 4,
    lambda k: "\u0661" * k,  # Arabic-Indic digits: \d matches them too
]
_RUN_UNITS = [*PUNCTUATION, ". ", ", ", "( ", "1.", "1,", "1/", "-1", "tỷ ", "a@", "A/", " "]


def _long_number(
    rng: Rng, sizes: tuple[int, ...] = (27, 28, 29, 30, 31, 40, 100, 4300, 4301)
) -> str:
    """Runs of digits around the figure cap and past Python's 4,300-digit limit."""
    return rng.choice(_LONG_SHAPES)(rng.choice(sizes))


def _run(rng: Rng, counts: tuple[int, ...] = (2, 3, 10, 30, 100, 1000)) -> str:
    """A character or two repeated: "......", "1/1/1/", "tỷ tỷ tỷ"."""
    return rng.choice(_RUN_UNITS) * rng.choice(counts)


def _huge(rng: Rng) -> str:
    """Rare, and what makes an example big: 20 kB to 1 MB in one word."""
    if rng.random() < 0.5:
        return _long_number(rng, (20_000, 200_000, 1_000_000))
    return _run(rng, (10_000, 100_000))


_CODE_RANGES = [
    (0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1EA0, 0x1EF9), (0x2000, 0x206F),
    (0x3000, 0x30FF), (0x4E00, 0x4E80), (0xFE00, 0xFFFF), (0x1F300, 0x1F6FF), (0x0, 0x1F),
    (0xE000, 0xE0FF), (0x10000, 0x10FFFF),
]  # fmt: skip


def _text(rng: Rng) -> str:
    """Arbitrary Unicode (no surrogates: a file cannot hold one)."""
    out = []
    for _ in range(rng.randint(1, 12)):
        low, high = rng.choice(_CODE_RANGES)
        code = rng.randint(low, high)
        out.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "?")
    return "".join(out)


def _noise(rng: Rng) -> str:
    pick = rng.randrange(6)
    if pick == 5:
        return _text(rng)
    return rng.choice([CONTROLS, COMBINING, HTML_BITS, PUNCTUATION, MARKUP][pick])


def _fragment(rng: Rng) -> str:
    """One piece of running text: a figure, a hedge, a date, an event, a word..."""
    pick = rng.randrange(15)
    if pick == 0:
        return _vn_number(rng)
    if pick == 1:
        return _roman(rng.randint(1, 3999))
    if pick == 2:
        return rng.choice(["IIII", "MMMM", "IC", "xiii", "VX", "LL", "IVI"])
    if pick == 3:
        return _vn_number(rng) + "%"
    if pick == 4:
        return _noise(rng)
    lists = [HEDGES, SCALES, UNITS, DATES, EVENTS, FURNITURE, WORDS, PLACES, NUMBER_WORDS, MARKUP]
    return rng.choice(lists[pick - 5])


_SLOTS: dict[str, Callable[[Rng], str]] = {
    "year": lambda r: str(r.randint(1985, 2035)) if r.random() < 0.95 else "20",
    "place": lambda r: r.choice(PLACES),
    "hedge": lambda r: r.choice(HEDGES),
    "num": lambda r: _vn_number(r) if r.random() < 0.92 else _long_number(r),
    "scale": lambda r: r.choice(SCALES),
    "unit": lambda r: r.choice(UNITS),
    "time": lambda r: r.choice(DATES),
    "date": lambda r: r.choice(DATES),
    "event": lambda r: r.choice(EVENTS),
    "pct": lambda r: _vn_number(r) + r.choice(["%", " phần trăm", "%/năm"]),
    "numword": lambda r: r.choice(NUMBER_WORDS),
    "roman": lambda r: _roman(r.randint(1, 3999)),
}
_PARSED = [list(string.Formatter().parse(t)) for t in TEMPLATES]


def _sentence(rng: Rng) -> str:
    """A sentence from a template, its slots filled from the fragment lists."""
    out = []
    for literal, name, _, _ in rng.choice(_PARSED):
        out.append(literal)
        if name:
            out.append(_SLOTS[name](rng))
    return "".join(out)


FACT_TIMES = [
    "năm 2023", "trong năm 2019", "6 tháng đầu năm 2018", "quý I/2024", "đến nay", "hằng năm",
    "tháng 10/2024", "giai đoạn 2021 - 2025", "năm 2014 và 6 tháng đầu năm 2015", "năm nay",
]  # fmt: skip
# A fact several articles of an example state, so that claims align and rules fire: its
# template and words are fixed, the figures, hedges and dates vary from file to file.
_VARIED = ("hedge", "num", "pct", "date")
Fact = tuple[list[tuple[str, str | None]], dict[str, str]]


def _shared_fact(seed: int) -> Fact:
    """A sentence with its varied slots left open, and the values most articles give."""
    rng = _rng(seed, "fact")
    parts: list[tuple[str, str | None]] = []
    for literal, name, _, _ in rng.choice(_PARSED):
        if name == "time":  # a time a figure can be aligned on
            parts.append((literal + rng.choice(FACT_TIMES), None))
        elif name and name not in _VARIED:
            parts.append((literal + _SLOTS[name](rng), None))
        else:
            parts.append((literal, name or None))
    return parts, {name: _SLOTS[name](rng) for name in _VARIED}


def _perturbed(value: str, rng: Rng) -> str:
    """One digit changed: the drift an editor's typo or a later update makes."""
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    if not digits:
        return value
    i = rng.choice(digits)
    return value[:i] + str(rng.randrange(10)) + value[i + 1 :]


def _state(fact: Fact, rng: Rng) -> str:
    """The fact as one article states it."""
    parts, base = fact
    out = []
    for literal, name in parts:
        out.append(literal)
        if name is None:
            continue
        roll = rng.random()
        if roll < 0.5:
            out.append(base[name])
        elif roll < 0.75 and name in ("num", "pct"):
            out.append(_perturbed(base[name], rng))
        else:
            out.append(_SLOTS[name](rng))
    return "".join(out)


PIECES: dict[str, Callable[[Rng], str]] = {
    "sentence": _sentence,
    "fragment": _fragment,
    "long": _long_number,
    "punctuation": _run,
    "huge": _huge,
}
# Weights by repetition (sampled_from picks evenly): mostly sentences and fragments.
_PIECE_KIND = st.sampled_from(
    ["sentence"] * 250 + ["fragment"] * 200 + ["long"] * 15 + ["punctuation"] * 15 + ["huge"]
)
_SEED = st.integers(0, 2**32 - 1)
_GLUES = [" ", " ", ". ", ", ", "", "\n", "; "]
_PARAGRAPH = st.tuples(st.lists(st.tuples(_PIECE_KIND, _SEED), max_size=6), st.sampled_from(_GLUES))
_SEPARATORS = ["\n\n", "\n\n", "\n", "\r\n", "\r\n\r\n", "\r", " "]

# Dates a file may give: mostly valid, with the odd ones an editor or a tool may write.
VALID_DATES = ["2023-11-20", "2024-02-29", "2019-10-08", "2023-11-20T08:15:00", "20/11/2023"]
FRONT_MATTER_VALUES = VALID_DATES * 5 + [
    "2023-11-20", "2019-02-31", "20/11/2023", "null", "2023", "'2024-13-01'", "[1, 2]",
    "{a: 1}", "9999-12-31", "0001-01-01", "2024-02-29", "2023-02-29", "2023-11-20T08:15:00",
    "!!binary aGVsbG8=", "!!python/name:os.getcwd", "~", "''", "'ngày 20 tháng 11'",
    "&a [*a]", "1e400", "-1", "99999999999999999999", "2023-1-1", "tomorrow",
]  # fmt: skip


def _front_matter(rng: Rng) -> str:
    """YAML front matter: mostly well formed, with odd values; sometimes broken."""
    kind = rng.randrange(40)  # one in eight is broken
    if kind == 0:
        return "---\n" + _text(rng) + "\n---\n"
    if kind == 1:  # a small alias expansion: exercises the path, never a bomb
        return "---\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n---\n"
    if kind == 2:
        return "---\ntitle: [unclosed\n---\n"
    if kind == 3:
        return "---\n- a list\n- not a mapping\n---\n"
    if kind == 4:
        return "---\ntitle: no closing fence\n"
    title = rng.choice([rng.choice(PLACES), _text(rng), _sentence(rng)])
    outlet = rng.choice(["VnExpress", "null", "Tuổi Trẻ", "123", "''"] * 4 + ["[a]"])
    return (
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\noutlet: {outlet}\n"
        f"published: {rng.choice(FRONT_MATTER_VALUES)}\nurl: https://x.vn/{rng.randrange(99)}\n---\n"
    )


_FORMS = st.sampled_from(["NFC", "NFC", "NFC", "NFD", "NFKC", "mixed"])


def _chance(draw: st.DrawFn, p: float) -> Rng | None:
    """A seeded generator with probability ``p``, else None.  Hypothesis's own integers
    lean toward their bounds, so a rare branch is decided by a seed."""
    rng = _rng(draw(_SEED), f"chance {p}")
    return rng if rng.random() < p else None


@st.composite
def article_texts(
    draw: st.DrawFn, shared: tuple[str, ...] = (), huge: list[int] | None = None
) -> str:
    """An article's text: paragraphs (and the ``shared`` sentences, each a paragraph of
    its own or the end of one), with the transformations an editor's file may have.

    ``huge`` counts the huge words an example may still have (one by default): the time
    limit is there to catch work that grows faster than the text, and several megabytes
    in one example would only measure reading speed (about 2 MB/s).
    """
    budget = [1] if huge is None else huge

    def piece(kind: str, seed: int) -> str:
        if kind == "huge":
            if budget[0] <= 0:
                kind = "long"
            budget[0] -= 1
        return PIECES[kind](_rng(seed, kind))

    paragraphs = [
        glue.join(piece(kind, seed) for kind, seed in pieces)
        for pieces, glue in draw(st.lists(_PARAGRAPH, max_size=5))
    ]
    rng = _rng(draw(_SEED), "shared")
    for sentence in shared:
        at = rng.randint(0, len(paragraphs))
        if at < len(paragraphs) and rng.random() < 0.3:
            paragraphs[at] += " " + sentence
        else:
            paragraphs.insert(at, sentence)
    text = draw(st.sampled_from(_SEPARATORS)).join(paragraphs)
    for at, seed in draw(st.lists(st.tuples(_SEED, _SEED), max_size=3)):  # noise, anywhere
        rng, at = _rng(seed, "noise"), at % (len(text) + 1)
        text = text[:at] + (_noise(rng) if rng.random() < 0.8 else rng.choice(IGNORES)) + text[at:]
    rng = _chance(draw, 0.2)
    if rng is not None:  # the other tone placement, word by word
        for old, new in TONE_SWAPS:
            text = text.replace(old, new) if rng.random() < 0.5 else text.replace(new, old)
    form = draw(_FORMS)
    if form == "mixed":
        half = len(text) // 2
        text = text[:half] + unicodedata.normalize("NFD", text[half:])
    else:
        text = unicodedata.normalize(form, text)
    rng = _chance(draw, 0.12)
    if rng is not None:
        text = _front_matter(rng) + text
    return text


def _html(text: str, title: str, published: str) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in text.split("\n") if p.strip())
    return (
        f"<html><head><title>{title}</title><meta property='article:published_time' "
        f"content='{published}'></head><body><article><h1>{title}</h1>\n{body}</article>"
        "<div class='related'><h3>Tin cùng chuyên mục</h3><p>Năm 2020 có 5 dự án.</p></div>"
        "</body></html>"
    )


BAD_BYTES = [b"\xff", b"\xfe", b"\xc3", b"\xe1\xba", b"\x80", b"\xed\xa0\x80", b"\x00", b"\xc0\xaf"]
# Text files more often than HTML (trafilatura costs ten times a text file's reading).
NAMES = [
    "a.txt", "b.md", "c.html", "sub/e.txt", "bài viết.txt", "x.TXT", "f.md", "sub/deeper/g.md",
    ".hidden.txt", "h i.txt", "d.htm", "k.txt", "l.md", "m.txt", "n.txt", "o.md", "p.txt",
    "q.txt", "r.md", "s.txt",
]  # fmt: skip
# Mostly UTF-8: an undecodable file is a correct, early answer that reads nothing further.
_ENCODINGS = ["utf-8"] * 76 + ["utf-8-sig", "utf-16", "cp1258", "bad"]


def _encode(text: str, encoding: str, rng: Rng) -> bytes:
    if encoding == "cp1258":  # it spells tones as combining marks
        return unicodedata.normalize("NFD", text).encode("cp1258", errors="replace")
    if encoding == "bad":  # invalid bytes spliced into UTF-8
        raw = text.encode("utf-8")
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(raw))
            raw = raw[:at] + rng.choice(BAD_BYTES) + raw[at:]
        return raw
    return text.encode(encoding)


SIDECAR_VALUES = [*VALID_DATES * 4, "null", "2019-02-31", "[1]", "abc"]


def _sidecar(rng: Rng, names: list[str]) -> bytes:
    """A sources.yml: entries for some of the files (and a missing one), or broken."""
    kind = rng.randrange(25)  # one in eight is broken
    if kind == 0:
        return _text(rng).encode("utf-8")
    if kind == 1:
        return b"a.txt: [unclosed\n"
    if kind == 2:
        return b"- not\n- a mapping\n"
    lines = ["# metadata"]
    for name in rng.sample([*names, "missing.txt"], rng.randint(0, len(names) + 1)):
        key = rng.choice(["published", "title", "outlet", "url", "note"] * 4 + ["publised"])
        value = rng.choice(SIDECAR_VALUES) if key == "published" else "Tin"
        lines.append(f"{Path(name).name}:\n  {key}: {value}")
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass
class Example:
    """A folder of files (relative path -> bytes) and the packs to check it with."""

    files: dict[str, bytes]
    hanoi: bool = False  # also load the topic pack rules/hanoi
    style: int = 0  # which render options (see render_all)

    def size(self) -> int:
        return sum(len(b) for b in self.files.values())


@st.composite
def examples(draw: st.DrawFn) -> Example:
    """A folder of one to four articles, sometimes with a sources.yml."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    facts = [_shared_fact(seed) for seed in draw(st.lists(_SEED, max_size=3))]
    files: dict[str, bytes] = {}
    huge = [1]  # one huge word per example at most (see article_texts)
    for name in names:
        rng = _rng(draw(_SEED), "file")
        shared = tuple(_state(fact, rng) for fact in facts if rng.random() < 0.8)
        text = draw(article_texts(shared, huge))
        if name.lower().endswith((".html", ".htm")):
            text = _html(text, rng.choice(PLACES), rng.choice(FRONT_MATTER_VALUES))
        files[name] = _encode(text, rng.choice(_ENCODINGS), rng)
    rng = _chance(draw, 0.15)
    if rng is not None:
        files["sources.yml"] = _sidecar(rng, names)
    return Example(files, hanoi=_chance(draw, 0.25) is not None, style=draw(st.integers(0, 2)))


# ---------------------------------------------------------------------------------------
# running one example


class Violation(AssertionError):
    """An invariant the pipeline broke (not an exception it raised)."""

    def __init__(self, signature: str, message: str):
        super().__init__(message)
        self.signature = signature


@dataclass
class Outcome:
    seconds: float  # wall clock
    cpu: float = 0.0  # CPU time of this process
    user_error: str | None = None  # a FactcheckError naming a file (a correct answer)
    signature: str | None = None  # what went wrong, None when nothing did
    details: str = ""


@dataclass
class Engines:
    """The packs, loaded once per process."""

    generic: Any
    hanoi: Any

    @classmethod
    def load(cls) -> Engines:
        from checker.pipeline import Engine

        rules = ROOT / "rules"
        return cls(
            Engine.load([rules / "generic"]), Engine.load([rules / "generic", rules / "hanoi"])
        )


def write_example(example: Example, folder: Path) -> None:
    folder.mkdir(parents=True)
    for name, raw in example.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)


def render_all(report: Any, style: int = 0) -> dict[str, str]:
    """Every output the CLI can write for a report, by name; ``style`` picks one of the
    option sets the CLI uses (plain; verbose in colour on a narrow terminal; the audit)."""
    from checker.cli import _claims_table
    from checker.report import RENDERERS, RenderOptions, render, render_claims_csv
    from checker.report.claims_csv import claims_csv
    from checker.report.json_report import claim_to_json

    options = [
        RenderOptions(),
        RenderOptions(verbose=True, color=True, width=60),
        RenderOptions(verbose=True, claims_csv_name="audit.claims.csv", report_dir="reports"),
    ][style % 3]
    out = {fmt: render(report, fmt, options) for fmt in RENDERERS}
    out["claims-csv"] = render_claims_csv(report)
    out["claims-table"] = _claims_table(list(report.claims))  # factcheck claims
    out["claims-csv-command"] = claims_csv(list(report.claims))
    out["claims-jsonl"] = "\n".join(
        json.dumps(claim_to_json(c), ensure_ascii=False) for c in report.claims
    )
    return out


def _check_outputs(report: Any, outputs: dict[str, str]) -> None:
    from checker.report.json_report import report_from_json

    for fmt in ("json", "sarif"):
        try:
            json.loads(outputs[fmt])
        except ValueError as err:
            raise Violation(f"{fmt}-does-not-parse", str(err)) from err
    for line in outputs["claims-jsonl"].split("\n"):  # not splitlines(): U+0085 is text
        if line:
            json.loads(line)
    again = report_from_json(outputs["json"], "result.json")
    from checker.report import RenderOptions, render

    render(again, "markdown", RenderOptions(verbose=True))
    texts = {s.path: s.text for s in report.sources}
    for claim in report.claims:
        if texts[claim.source][claim.start : claim.end] != claim.quote:
            raise Violation("quote-not-verbatim", f"{claim.source}:{claim.line} {claim.quote!r}")
        if claim.value is not None and abs(claim.value) > MAX_FIGURE_VALUE:
            raise Violation("value-above-the-cap", f"{claim.source}:{claim.line} {claim.value}")


def _error_kind(err: FactcheckError) -> str:
    """A user error's message without its file, numbers and quoted values, to count kinds."""
    first = err.errors[0] if isinstance(err, FactcheckErrors) and err.errors else err
    text = re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "_", first.message)
    return text[:70]


def _user_error_ok(err: FactcheckError) -> bool:
    errors = err.errors if isinstance(err, FactcheckErrors) else [err]
    return all(e.path for e in errors)


def run_example(
    example: Example, folder: Path, engines: Engines, determinism: bool = False
) -> Outcome:
    """Write ``example`` into ``folder`` (which must not exist), run everything, judge."""
    from checker.pipeline import check

    start, cpu = time.perf_counter(), time.process_time()

    def outcome(**fields: Any) -> Outcome:
        return Outcome(time.perf_counter() - start, time.process_time() - cpu, **fields)

    write_example(example, folder)
    engine = engines.hanoi if example.hanoi else engines.generic
    try:
        try:
            report = check([folder], engine)
        except FactcheckError as err:
            if not _user_error_ok(err):
                raise Violation("user-error-without-path", str(err)) from err
            return outcome(user_error=_error_kind(err))
        outputs = render_all(report, example.style)
        _check_outputs(report, outputs)
        if determinism and render_all(check([folder], engine), example.style) != outputs:
            raise Violation("not-deterministic", "a second run rendered different outputs")
    except Violation as err:
        return outcome(signature=err.signature, details=str(err))
    except Exception as err:
        return outcome(signature=signature(err), details=_tb(err))
    return outcome()


def signature(err: BaseException) -> str:
    """Exception type and the innermost frame inside checker/ (else in this project):
    one bug, one signature."""
    ours, project = None, None
    for frame in traceback.extract_tb(err.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(ROOT) and ".venv" not in path.parts:
            where = f"{path.relative_to(ROOT).as_posix()}:{frame.lineno}"
            project = where
            if path.parts[len(ROOT.parts)] == "checker":
                ours = where
    return f"{type(err).__name__}@{ours or project or '?'}"


def _tb(err: BaseException) -> str:
    text = "".join(traceback.format_exception(err))
    return text if len(text) < 20_000 else text[:10_000] + "\n...\n" + text[-10_000:]


def slug(sig: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9_.-]+", "_", sig)[:60]
    return f"{clean}-{hashlib.sha256(sig.encode()).hexdigest()[:8]}"


def save_repro(
    root: Path, sig: str, example: Example, outcome: Outcome, note: str, keep_smaller: bool = True
) -> Path:
    """Save an example's files with what went wrong; of two for one bug, keep the smaller
    (or, with ``keep_smaller`` False, the newer)."""
    target = root / slug(sig)
    meta = target / "failure.json"
    if meta.exists():
        old = json.loads(meta.read_text("utf-8"))
        if keep_smaller and old.get("bytes", 1 << 62) <= example.size():
            return target
        shutil.rmtree(target)
    write_example(example, target / "files")
    info = {
        "signature": sig,
        "bytes": example.size(),
        "seconds": round(outcome.seconds, 3),
        "cpu_seconds": round(outcome.cpu, 3),
        "hanoi_pack": example.hanoi,
        "style": example.style,
        "note": note,
        "replay": f"python scripts/fuzz.py --replay {target}",
    }
    meta.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", "utf-8")
    (target / "traceback.txt").write_text(outcome.details + "\n", "utf-8")
    return target


# ---------------------------------------------------------------------------------------
# one process: hypothesis in chunks


class _Found(Exception):
    def __init__(self, example: Example, outcome: Outcome):
        super().__init__(outcome.signature)
        self.example, self.outcome = example, outcome


@dataclass
class WorkerState:
    """What one process has seen so far."""

    index: int
    repros: Path
    time_limit: float
    determinism_every: int
    workdir: Path
    done: int = 0
    user_errors: dict[str, int] = field(default_factory=dict)  # kind -> count
    clock: str = "cpu"  # what the time limit is judged by: "cpu" or "wall"
    slowest: float = 0.0  # by that clock
    slowest_wall: float = 0.0
    slowest_bytes: int = 0
    total_bytes: int = 0
    known: dict[str, int] = field(default_factory=dict)  # signature -> times seen
    target: str | None = None  # the failure being shrunk
    progress: Any = None  # shared array: [examples done, start of the current example]

    def folder(self) -> Path:
        return self.workdir / f"e{self.done}"


_SLOW_SAVED = 5  # slow examples saved per process


def _settings(budget: int) -> settings:
    return settings(
        max_examples=budget,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
        print_blob=False,
    )


def _run_chunk(state: WorkerState, engines: Engines, budget: int, chunk_seed: int) -> None:
    @_settings(budget)
    @hypothesis_seed(chunk_seed)
    @given(examples())
    def prop(example: Example) -> None:
        folder = state.folder()
        if state.progress is not None:
            state.progress[2 * state.index + 1] = time.time()
        sample = state.determinism_every > 0 and state.done % state.determinism_every == 0
        outcome = run_example(example, folder, engines, determinism=sample)
        shutil.rmtree(folder, ignore_errors=True)
        state.done += 1
        state.total_bytes += example.size()
        if outcome.user_error:
            state.user_errors[outcome.user_error] = state.user_errors.get(outcome.user_error, 0) + 1
        if state.progress is not None:
            state.progress[2 * state.index] = state.done
        state.slowest_wall = max(state.slowest_wall, outcome.seconds)
        taken = outcome.cpu if state.clock == "cpu" else outcome.seconds
        if taken > state.slowest:
            state.slowest, state.slowest_bytes = taken, example.size()
            save_repro(state.repros / "slowest", f"w{state.index}", example, outcome, "", False)
        sig = outcome.signature
        if sig is None and taken > state.time_limit:
            outcome.signature = "slow"
            outcome.details = f"{taken:.2f} s ({state.clock}) > {state.time_limit} s"
            seen = state.known.get("slow", 0)
            if seen < _SLOW_SAVED:
                save_repro(
                    state.repros / "slow", f"w{state.index}-{state.done}", example, outcome, ""
                )
            state.known["slow"] = seen + 1
            return
        if sig is None:
            return
        if sig in state.known:
            state.known[sig] += 1
            return
        if state.target is None or state.target == sig:
            state.target = sig
            raise _Found(example, outcome)
        # Another new failure met while shrinking: saved as found, shrunk if met again.
        save_repro(state.repros, sig, example, outcome, "not shrunk")

    try:
        prop()
    except _Found as found:
        sig = found.outcome.signature or "?"
        path = save_repro(state.repros, sig, found.example, found.outcome, "shrunk")
        state.known[sig] = state.known.get(sig, 0) + 1
        print(f"[w{state.index}] found {sig} -> {path}", file=sys.stderr, flush=True)
    except Exception as err:
        sig = state.target or f"fuzz-{type(err).__name__}"
        state.known[sig] = state.known.get(sig, 0) + 1
        print(f"[w{state.index}] {sig}: {type(err).__name__}: {err}", file=sys.stderr, flush=True)
    finally:
        state.target = None


def worker(
    index: int, budget: int, base_seed: int, args: dict[str, Any], progress: Any = None
) -> dict[str, Any]:
    """Run ``budget`` examples in this process; return (and save) its summary."""
    limit = args["memory_mb"] * 1024 * 1024
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    workdir = Path(tempfile.mkdtemp(prefix=_workdir_prefix(os.getppid(), index)))
    state = WorkerState(
        index,
        Path(args["repros"]),
        args["time_limit"],
        args["determinism_every"],
        workdir,
        clock=args["clock"],
        progress=progress,
    )
    engines = Engines.load()
    started = time.perf_counter()
    chunk = 0
    try:
        while state.done < budget:
            before = state.done
            chunk_seed = (base_seed * 1_000_003 + index * 10_007 + chunk) % (2**32)
            _run_chunk(state, engines, min(args["chunk"], budget - state.done), chunk_seed)
            chunk += 1
            # Saved after every chunk: a process stopped for a hang keeps what it found.
            _worker_summary(state, base_seed, time.perf_counter() - started, args)
            if state.done == before:
                break  # hypothesis ran nothing: do not spin
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _worker_summary(state, base_seed, time.perf_counter() - started, args)


def _worker_summary(
    state: WorkerState, base_seed: int, seconds: float, args: dict[str, Any]
) -> dict[str, Any]:
    summary = {
        "worker": state.index,
        "examples": state.done,
        "user_errors": state.user_errors,
        "seconds": seconds,
        "cpu_seconds": time.process_time(),
        "slowest_seconds": state.slowest,
        "slowest_wall_seconds": state.slowest_wall,
        "slowest_bytes": state.slowest_bytes,
        "mean_bytes": state.total_bytes / max(1, state.done),
        "failures": state.known,
    }
    if args.get("summary_dir"):
        path = Path(args["summary_dir"]) / f"worker-{state.index}-{base_seed}.json"
        path.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    return summary


# ---------------------------------------------------------------------------------------
# the parent: processes, watchdog, summary


def _spawn(
    ctx: Any, index: int, budget: int, seed_: int, args: dict[str, Any], progress: Any
) -> Any:
    proc = ctx.Process(target=worker, args=(index, budget, seed_, args, progress), daemon=True)
    proc.start()
    return proc


def run_parallel(args: dict[str, Any]) -> dict[str, Any]:
    """Run the examples in ``jobs`` processes and merge their summaries."""
    ctx = multiprocessing.get_context("fork")
    jobs, total = args["jobs"], args["examples"]
    summaries = Path(tempfile.mkdtemp(prefix="factcheck-fuzz-summaries-"))
    args = {**args, "summary_dir": str(summaries)}
    progress = ctx.Array("d", 2 * jobs, lock=False)
    budgets = [total // jobs + (1 if i < total % jobs else 0) for i in range(jobs)]
    seeds = [args["seed"] + i for i in range(jobs)]
    offsets = [0] * jobs  # examples done by processes that were replaced
    procs = [_spawn(ctx, i, budgets[i], seeds[i], args, progress) for i in range(jobs)]
    hangs: list[str] = []
    started, last_report = time.time(), time.time()
    while any(p.is_alive() for p in procs):
        time.sleep(0.5)
        now = time.time()
        for i, proc in enumerate(procs):
            began = progress[2 * i + 1]
            if proc.is_alive() and began and now - began > args["hang_limit"]:
                done = int(progress[2 * i])
                hangs.append(_save_hang(args, i, done, now - began))
                proc.kill()
                proc.join()
                _count_stopped(Path(args["summary_dir"]), i, seeds[i], done)
                offsets[i] += done + 1  # the hung example is done too
                left = budgets[i] - offsets[i]
                seeds[i] += 7919 * jobs
                progress[2 * i], progress[2 * i + 1] = 0, 0
                if left > 0:
                    procs[i] = _spawn(ctx, i, left, seeds[i], args, progress)
        if now - last_report >= args["report_every"]:
            done = sum(offsets) + sum(int(progress[2 * i]) for i in range(jobs))
            rate = done / max(1e-9, now - started)
            print(f"... {done}/{total} examples, {rate:.1f}/s", file=sys.stderr, flush=True)
            last_report = now
    return _merge(summaries, hangs, time.time() - started)


def _workdir_prefix(parent: int, index: int) -> str:
    """Where process ``index`` of the run whose parent is ``parent`` writes examples."""
    return f"factcheck-fuzz-{parent}-w{index}-"


def _count_stopped(summaries: Path, index: int, seed_: int, done: int) -> None:
    """A stopped process saved its summary after its last whole chunk: count the examples
    of the chunk it was in as well (the hung one is counted as a hang)."""
    path = summaries / f"worker-{index}-{seed_}.json"
    summary = json.loads(path.read_text("utf-8")) if path.exists() else None
    if summary is None:
        summary = {
            "worker": index, "user_errors": {}, "seconds": 0.0, "cpu_seconds": 0.0,
            "slowest_seconds": 0.0, "slowest_wall_seconds": 0.0, "slowest_bytes": 0,
            "mean_bytes": 0.0, "failures": {},
        }  # fmt: skip
    summary["examples"] = done
    path.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")


def _save_hang(args: dict[str, Any], index: int, done: int, seconds: float) -> str:
    """Copy the example a stuck process is running (its folder is on disk)."""
    sig = f"hang-w{index}-{done}"
    target = Path(args["repros"]) / slug(sig)
    pattern = _workdir_prefix(os.getpid(), index) + "*"
    for workdir in Path(tempfile.gettempdir()).glob(pattern):
        if (workdir / f"e{done}").is_dir():
            shutil.copytree(workdir / f"e{done}", target / "files", dirs_exist_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)  # the stopped process cannot
    target.mkdir(parents=True, exist_ok=True)
    info = {"signature": sig, "seconds": round(seconds, 1), "note": "stopped (hang)"}
    (target / "failure.json").write_text(json.dumps(info, indent=2) + "\n", "utf-8")
    print(f"[w{index}] hang after {seconds:.0f} s -> {target}", file=sys.stderr, flush=True)
    return sig


def _sum_counts(counts: Any) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in counts:
        for key, n in part.items():
            total[key] = total.get(key, 0) + n
    return dict(sorted(total.items(), key=lambda kv: -kv[1]))


def _merge(summaries: Path, hangs: list[str], seconds: float) -> dict[str, Any]:
    parts = [json.loads(p.read_text("utf-8")) for p in sorted(summaries.glob("*.json"))]
    shutil.rmtree(summaries, ignore_errors=True)
    failures: dict[str, int] = {}
    for part in parts:
        for sig, n in part["failures"].items():
            failures[sig] = failures.get(sig, 0) + n
    for sig in hangs:
        failures[sig] = 1
    examples = sum(p["examples"] for p in parts) + len(hangs)
    return {
        "examples": examples,
        "user_errors": _sum_counts(p["user_errors"] for p in parts),
        "failures": failures,
        "slowest_seconds": max((p["slowest_seconds"] for p in parts), default=0.0),
        "slowest_wall_seconds": max((p["slowest_wall_seconds"] for p in parts), default=0.0),
        "mean_bytes": sum(p["mean_bytes"] * p["examples"] for p in parts) / max(1, examples),
        "seconds": seconds,
        "examples_per_second": examples / max(1e-9, seconds),
        # The machine may be shared: examples per second of CPU time in the processes.
        "examples_per_cpu_second": examples / max(1e-9, sum(p["cpu_seconds"] for p in parts)),
        "processes": len(parts),
    }


def replay(folder: Path) -> int:
    """Run one saved example again and print what happens."""
    files_dir = folder / "files" if (folder / "files").is_dir() else folder
    files = {
        p.relative_to(files_dir).as_posix(): p.read_bytes()
        for p in sorted(files_dir.rglob("*"))
        if p.is_file()
    }
    meta = folder / "failure.json"
    info = json.loads(meta.read_text("utf-8")) if meta.exists() else {}
    work = Path(tempfile.mkdtemp(prefix="factcheck-replay-"))
    try:
        example = Example(files, info.get("hanoi_pack", False), info.get("style", 0))
        outcome = run_example(example, work / "e", Engines.load(), determinism=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{outcome.seconds:.3f} s ({outcome.cpu:.3f} s CPU), signature: {outcome.signature}")
    if outcome.details:
        print(outcome.details)
    return 1 if outcome.signature else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2, help="processes (0: one per core)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=1000, help="examples per hypothesis run")
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds per example")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu", help="for the limit")
    parser.add_argument("--hang-limit", type=float, default=120.0, help="stop a stuck process")
    parser.add_argument("--memory-mb", type=int, default=4096, help="address space per process")
    parser.add_argument("--determinism-every", type=int, default=10, help="0: never")
    parser.add_argument("--report-every", type=float, default=60.0, help="progress seconds")
    parser.add_argument("--repros", default=str(Path(tempfile.gettempdir()) / "factcheck-fuzz"))
    parser.add_argument("--json", help="also write the summary to this file")
    parser.add_argument("--replay", type=Path, help="run one saved example and exit")
    parser.add_argument("--verbose", action="store_true", help="also list user errors by kind")
    ns = parser.parse_args(argv)
    if ns.replay:
        return replay(ns.replay)
    args = vars(ns)
    args["jobs"] = ns.jobs or os.cpu_count() or 1
    Path(ns.repros).mkdir(parents=True, exist_ok=True)
    summary = run_parallel(args)
    summary["command"] = " ".join(["python scripts/fuzz.py", *(argv or sys.argv[1:])])
    summary["repros"] = ns.repros
    print(
        f"examples: {summary['examples']} in {summary['seconds']:.0f} s "
        f"({summary['examples_per_second']:.1f}/s; "
        f"{summary['examples_per_cpu_second']:.1f} per CPU second in each process; "
        f"{summary['processes']} process runs, "
        f"mean {summary['mean_bytes'] / 1000:.1f} kB)\n"
        f"user errors (FactcheckError naming a file): {sum(summary['user_errors'].values())}\n"
        f"slowest example: {summary['slowest_seconds']:.2f} s by the {ns.clock} clock "
        f"({summary['slowest_wall_seconds']:.2f} s the slowest by the wall clock; "
        f"saved under {ns.repros}/slowest)\n"
        f"failures: {sum(summary['failures'].values())} "
        f"({len(summary['failures'])} distinct; repros in {ns.repros})"
    )
    if ns.verbose:
        for kind, n in summary["user_errors"].items():
            print(f"  user error {n:6d}  {kind}")
    for sig, n in sorted(summary["failures"].items()):
        where = f"{ns.repros}/slow" if sig == "slow" else f"{ns.repros}/{slug(sig)}"
        print(f"  {n:6d}  {sig}  -> {where}")
    short = summary["examples"] < ns.examples
    if short:  # a process died (killed from outside, or out of memory)
        print(f"only {summary['examples']} of {ns.examples} examples ran", file=sys.stderr)
    if ns.json:
        Path(ns.json).write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    return 1 if summary["failures"] or short else 0


if __name__ == "__main__":
    sys.exit(main())
