"""The extractor against a table of real phrases (tests/data/phrases.yml).

Each phrase is run as a one-line article; the claim with the expected quote must carry
the expected kind, value, bounds, hedge, unit, time and event.  Traps are digits and
number words that are not quantities.  The last tests check that Unicode normalisation
(NFC / NFD) and tone placement ("hòa" / "hoà") never change what is extracted.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.extract import extract_claims
from checker.model import Claim, Source, Span
from checker.pipeline import Engine, read_claims
from checker.segment import split_sentences
from checker.textnorm import canonical, fold

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DATA = yaml.safe_load((Path(__file__).parent / "data" / "phrases.yml").read_text("utf-8"))
CASES: list[dict[str, Any]] = DATA["cases"]
TRAPS: list[dict[str, Any]] = DATA["traps"]
QUANTITY_KINDS = ("count", "money", "percent", "multiplier", "duration", "rank", "group")
DEFAULT_FORBID = (*QUANTITY_KINDS, "number", "ordinal")
MIN_CASES = 90

ENGINE = Engine.load()


def make_source(text: str, path: str = "phrase.txt") -> Source:
    """A Source whose body is every non-blank line of ``text`` (trimmed), as ingest does."""
    body = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            body.append(Span(start, start + len(stripped)))
        pos += len(line) + 1
    return Source(path=path, text=text, encoding="utf-8", body=tuple(body))


def extract(text: str) -> list[Claim]:
    source = make_source(text)
    return extract_claims(source, split_sentences(source), ENGINE.lex)[1]


def _params(items: list[dict[str, Any]]) -> list[Any]:
    out = []
    for item in items:
        marks = [pytest.mark.xfail(reason=item["xfail"], strict=True)] if "xfail" in item else []
        out.append(pytest.param(item, id=item["id"], marks=marks))
    return out


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _describe(claims: list[Claim]) -> str:
    return "\n".join(
        f"  {c.quote!r} kind={c.kind} value={c.value} [{c.low}, {c.high}] hedge={c.hedge}"
        f" unit={c.unit!r} time={c.time!r} event={c.event!r}"
        for c in claims
    )


# ---------------------------------------------------------------------------------------
# the table itself


def test_table_is_large_enough() -> None:
    assert len(CASES) >= MIN_CASES


def test_ids_are_unique() -> None:
    ids = [c["id"] for c in CASES + TRAPS]
    assert len(ids) == len(set(ids))


def test_phrases_are_verbatim_from_the_seeds() -> None:
    seeds = [p.read_text("utf-8") for p in SEEDS]
    missing = [
        item["id"]
        for item in CASES + TRAPS
        if not item.get("own") and not any(item["text"] in s for s in seeds)
    ]
    assert not missing, f"not found verbatim in seeds/: {missing}"


def test_quotes_and_spots_are_in_their_texts() -> None:
    for item in CASES:
        assert item["quote"] in item["text"], item["id"]
    for item in TRAPS:
        assert item["spot"] in item["text"], item["id"]


# ---------------------------------------------------------------------------------------
# phrases

_DECIMAL_FIELDS = ("value", "low", "high")
_EXACT_FIELDS = ("kind", "hedge", "time", "low_open", "high_open", "time_text")
_FOLDED_FIELDS = ("unit", "event", "hedge_text")


@pytest.mark.parametrize("case", _params(CASES))
def test_phrase(case: dict[str, Any]) -> None:
    claims = extract(case["text"])
    found = [c for c in claims if c.quote == case["quote"]]
    assert found, f"no claim quoted {case['quote']!r}; claims:\n{_describe(claims)}"
    claim = found[0]
    problems = []
    for name in _DECIMAL_FIELDS:
        if name in case:
            want, got = _decimal(case[name]), getattr(claim, name)
            if want != got:  # Decimal compares by value: 5400000.0 == 5400000
                problems.append(f"{name}: expected {want}, got {got}")
    for name in _EXACT_FIELDS:
        if name in case and case[name] != getattr(claim, name):
            problems.append(f"{name}: expected {case[name]!r}, got {getattr(claim, name)!r}")
    for name in _FOLDED_FIELDS:
        if name in case:
            want, got = case[name], getattr(claim, name)
            if (want is None) != (got is None) or (
                want is not None and fold(str(want)) != fold(str(got))
            ):
                problems.append(f"{name}: expected {want!r}, got {got!r}")
    assert not problems, "\n".join(problems) + f"\nclaims:\n{_describe(claims)}"


def test_every_claim_quote_points_into_the_text() -> None:
    for case in CASES:
        for claim in extract(case["text"]):
            assert case["text"][claim.start : claim.end] == claim.quote
            assert (claim.line, claim.column) == (1, claim.start + 1)


# ---------------------------------------------------------------------------------------
# traps


@pytest.mark.parametrize("trap", _params(TRAPS))
def test_trap(trap: dict[str, Any]) -> None:
    text, spot = trap["text"], trap["spot"]
    start = text.index(spot)
    end = start + len(spot)
    forbid = set(trap.get("forbid", DEFAULT_FORBID))
    claims = extract(text)
    bad = [c for c in claims if c.kind in forbid and c.start < end and start < c.end]
    assert not bad, f"{spot!r} is not a quantity, got:\n{_describe(bad)}"


# ---------------------------------------------------------------------------------------
# NFC / NFD and tone placement

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _tone_swaps() -> dict[str, str]:
    """'hòa' <-> 'hoà', 'thúy' <-> 'thuý', both ways, every tone and case (NFC forms)."""
    swaps: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for tone in _TONES:
                    on_first = unicodedata.normalize("NFC", f + tone) + s
                    on_second = f + unicodedata.normalize("NFC", s + tone)
                    swaps[on_first] = on_second
                    swaps[on_second] = on_first
    return swaps


_SWAPS = _tone_swaps()
# Only at the end of a syllable ("hoàng" is spelled one way), never after "q" ("quý").
_SWAP_RE = re.compile(
    rf"(?<![qQ])(?:{'|'.join(sorted(_SWAPS, key=len, reverse=True))})(?![^\W\d_])"
)


def swap_tones(text: str) -> str:
    """Move every movable tone mark to the other vowel of its pair (NFC text)."""
    return _SWAP_RE.sub(lambda m: _SWAPS[m.group(0)], text)


def test_swap_tones_changes_the_seeds_and_round_trips() -> None:
    for path in SEEDS:
        text = path.read_text("utf-8")
        assert swap_tones(swap_tones(text)) == text
    assert swap_tones("hòa bình, hoà bình, Thụy Điển, quý") == "hoà bình, hòa bình, Thuỵ Điển, quý"


def _signature(claim: Claim, with_column: bool) -> tuple[Any, ...]:
    return (
        claim.line,
        claim.column if with_column else None,
        claim.kind,
        claim.value,
        claim.low,
        claim.high,
        claim.low_open,
        claim.high_open,
        claim.hedge,
        claim.hedge_text,
        claim.unit,
        claim.time,
        claim.time_text,
        claim.context,
        claim.event,
        canonical(claim.quote),
    )


VARIANTS = {
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "tones": swap_tones,
    "nfd+tones": lambda t: unicodedata.normalize("NFD", swap_tones(t)),
}


def _seed_signatures(folder: Path, with_column: bool) -> dict[str, list[tuple[Any, ...]]]:
    return {
        Path(source.path).name: [_signature(c, with_column) for c in claims]
        for source, claims in read_claims([folder], ENGINE)
    }


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_seeds_give_the_same_claims_in_every_spelling(variant: str, tmp_path: Path) -> None:
    (tmp_path / "nfc").mkdir()
    (tmp_path / variant).mkdir()
    changed = 0
    for path in SEEDS:
        text = path.read_text("utf-8")
        other = VARIANTS[variant](text)
        changed += other != text
        (tmp_path / "nfc" / path.name).write_text(text, "utf-8")
        (tmp_path / variant / path.name).write_text(other, "utf-8")
    assert changed == len(SEEDS)
    # NFD changes how many characters a line has, so columns may differ; lines never.
    with_column = not variant.startswith("nfd")
    want = _seed_signatures(tmp_path / "nfc", with_column)
    got = _seed_signatures(tmp_path / variant, with_column)
    assert sum(len(v) for v in want.values()) > 100
    assert got == want


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_phrases_give_the_same_claims_in_every_spelling(variant: str) -> None:
    with_column = not variant.startswith("nfd")
    for case in CASES + TRAPS:
        text = case["text"]
        want = [_signature(c, with_column) for c in extract(text)]
        got = [_signature(c, with_column) for c in extract(VARIANTS[variant](text))]
        assert got == want, case["id"]
