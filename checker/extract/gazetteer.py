"""The gazetteer of Vietnamese provinces and cities (rules/generic/places.yml).

A place's identity depends on the time a figure is about: on 1 July 2025 twenty-three
units were formed, each named after one of the provinces merged into it, so "Gia Lai" in
a figure for 2026 is a larger territory than "Gia Lai" in a figure for 2024.  The
subject of a figure about such a unit after its merger is written ``Gia Lai@2025-07``;
the units merged away keep their own names ("Bình Định"), whatever the date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from checker.errors import FactcheckError


@dataclass(frozen=True, slots=True, eq=False)  # one per record: identity, hashed fast
class Place:
    """A province, a centrally run city, the country (``kind`` national), another
    country or a region."""

    name: str
    kind: str  # national, province, city, country, region
    aliases: tuple[str, ...] = ()
    merged: date | None = None  # the day a merged unit began
    absorbed: tuple[str, ...] = ()  # units merged into it that day
    until: date | None = None  # the last day of a unit merged away
    into: str | None = None  # the unit it was merged into
    partner_aliases: tuple[str, ...] = ()  # names that count only after a partner word

    @property
    def national(self) -> bool:
        return self.kind == "national"

    @property
    def foreign(self) -> bool:
        """Another country, bloc or continent: a market or partner after a partner word."""
        return self.kind == "country"

    @property
    def forms(self) -> tuple[str, ...]:
        """Every way of writing it alone: the name (unless it is a partner-only alias,
        as "Đức" is), then the aliases."""
        name = () if self.name in self.partner_aliases else (self.name,)
        return (*name, *self.aliases)

    def subject(self, when: date | None) -> str:
        """The subject label of a figure about this place at ``when`` (see module doc)."""
        if self.merged is not None and self.absorbed and when is not None and when >= self.merged:
            return f"{self.name}@{self.merged:%Y-%m}"
        return self.name


@dataclass(frozen=True)
class Gazetteer:
    """Every place of the loaded packs, by name."""

    places: tuple[Place, ...]

    @classmethod
    def build(cls, records: Iterable[dict[str, Any]]) -> Gazetteer:
        """Places from the pack's records (already checked by the schema); a reference to
        a place that is not listed is a pack error."""
        places = tuple(_place(r) for r in records)
        names = {p.name for p in places}
        for p in places:
            missing = [n for n in (*p.absorbed, *([p.into] if p.into else [])) if n not in names]
            if missing:
                raise FactcheckError(
                    f"place '{p.name}' names unknown places: {', '.join(missing)}",
                    hint="add them to places.yml",
                )
        return cls(places)

    def by_name(self, name: str) -> Place | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Place]:
        # Read for every figure whose subject the article carries: a dictionary, not a
        # scan of every place; the first place of a name wins, as the scan found it.
        table: dict[str, Place] = {}
        for p in self.places:
            table.setdefault(p.name, p)
        return table


def _place(record: dict[str, Any]) -> Place:
    return Place(
        name=str(record["name"]),
        kind=str(record["kind"]),
        aliases=tuple(record.get("aliases", ())),
        merged=_date(record.get("merged")),
        absorbed=tuple(record.get("absorbed", ())),
        until=_date(record.get("until")),
        into=record.get("into"),
        partner_aliases=tuple(record.get("partner_aliases", ())),
    )


def _date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
