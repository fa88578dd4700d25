"""Claims, frames and source records as the store keeps them: compact JSON text.

The encoding is lossless for everything alignment, evaluation and the reports read:
Decimals travel as their exact string (``Decimal("1E+3")`` comes back as written, not as
a float), frames keep every slot with its evidence offsets, kinds, notes and
qualifiers, and dates are ISO.  A claim is stored without its source path (the store's
``sources`` row gives it), so the path shown can follow the working directory of the
run that reads the store.  The layout is versioned by ``checker.store.SCHEMA_VERSION``
and described in ``docs/store-schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from checker.extract.frame import FIELDS, Frame, Slot
from checker.extract.frameanalysis import Evidence
from checker.model import Claim, Source

_DUMP = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _unday(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def slot_to_list(slot: Slot) -> list[Any]:
    """[value, basis, evidence, kind, note, qualifiers] with evidence as lists."""
    return [
        slot.value,
        slot.basis,
        [[e.text, e.start, e.end, e.where] for e in slot.evidence],
        slot.kind,
        slot.note,
        [[k, v] for k, v in slot.qualifiers],
    ]


def slot_from_list(raw: Sequence[Any]) -> Slot:
    value, basis, evidence, kind, note, qualifiers = raw
    return Slot(
        value,
        basis,
        tuple(Evidence(t, s, e, w) for t, s, e, w in evidence),
        kind,
        note,
        tuple((k, v) for k, v in qualifiers),
    )


def frame_to_text(frame: Frame) -> str:
    """The frame as JSON text: a list of the slots in ``FIELDS`` order."""
    return _DUMP.encode([slot_to_list(frame.field(name)) for name in FIELDS])


@lru_cache(maxsize=65536)
def frame_from_text(text: str) -> Frame:
    """Decode a frame; cached, since an archive repeats frames (one sentence states
    several figures, and news repeats itself) and a Frame is immutable."""
    slots = [slot_from_list(raw) for raw in json.loads(text)]
    return Frame(*slots)


# Claim fields in the order of the stored list (the source is the row's, not the claim's).
CLAIM_KEYS = (
    "line",
    "column",
    "start",
    "end",
    "quote",
    "sentence",
    "kind",
    "value",
    "low",
    "high",
    "low_open",
    "high_open",
    "hedge",
    "hedge_text",
    "unit",
    "time",
    "time_text",
    "context",
    "event",
    "published",
    "frame",
)


def claim_to_text(claim: Claim) -> str:
    """The claim without its source as a JSON list (``CLAIM_KEYS`` order); the frame is
    nested as its own JSON text, so equal frames decode once (``frame_from_text``)."""
    return _DUMP.encode(
        [
            claim.line,
            claim.column,
            claim.start,
            claim.end,
            claim.quote,
            claim.sentence,
            claim.kind,
            _dec(claim.value),
            _dec(claim.low),
            _dec(claim.high),
            claim.low_open,
            claim.high_open,
            claim.hedge,
            claim.hedge_text,
            claim.unit,
            claim.time,
            claim.time_text,
            claim.context,
            claim.event,
            _day(claim.published),
            None if claim.frame is None else frame_to_text(claim.frame),
        ]
    )


def claim_from_text(text: str, source: str) -> Claim:
    """The claim ``claim_to_text`` wrote, as stated by ``source`` (its shown path)."""
    (
        line,
        column,
        start,
        end,
        quote,
        sentence,
        kind,
        value,
        low,
        high,
        low_open,
        high_open,
        hedge,
        hedge_text,
        unit,
        time,
        time_text,
        context,
        event,
        published,
        frame,
    ) = json.loads(text)
    return Claim(
        source=source,
        line=line,
        column=column,
        start=start,
        end=end,
        quote=quote,
        sentence=sentence,
        kind=kind,
        value=_undec(value),
        low=_undec(low),
        high=_undec(high),
        low_open=low_open,
        high_open=high_open,
        hedge=hedge,
        hedge_text=hedge_text,
        unit=unit,
        time=time,
        time_text=time_text,
        context=context,
        event=event,
        published=_unday(published),
        frame=None if frame is None else frame_from_text(frame),
    )


# What the reports quote of a source; the text itself is never stored.
SOURCE_KEYS = (
    "title",
    "outlet",
    "url",
    "published",
    "published_basis",
    "published_evidence",
    "published_confidence",
    "encoding",
)


def source_meta_to_text(source: Source) -> str:
    """The source's metadata (not its text) as a JSON object of ``SOURCE_KEYS``."""
    return _DUMP.encode(
        {
            "title": source.title,
            "outlet": source.outlet,
            "url": source.url,
            "published": _day(source.published),
            "published_basis": source.published_basis,
            "published_evidence": source.published_evidence,
            "published_confidence": source.published_confidence,
            "encoding": source.encoding,
        }
    )


def source_from_record(path: str, meta_text: str, ignores_text: str) -> Source:
    """A text-less Source for reports and suppressions: metadata and ignore comments.

    The ignore comments travel as ``Source.ignore_comments`` (line, column, comment),
    the form HTML pages use, which ``checker.suppress`` reads for any file."""
    meta = json.loads(meta_text)
    ignores = tuple((int(a), int(b), str(c)) for a, b, c in json.loads(ignores_text))
    return Source(
        path=path,
        text="",
        encoding=meta["encoding"],
        body=(),
        title=meta["title"],
        outlet=meta["outlet"],
        url=meta["url"],
        published=_unday(meta["published"]),
        published_basis=meta["published_basis"],
        published_evidence=meta["published_evidence"],
        published_confidence=meta["published_confidence"],
        ignore_comments=ignores,
    )


def ignores_to_text(comments: Sequence[tuple[int, int, str]]) -> str:
    return _DUMP.encode([list(c) for c in comments])
