"""Load rule packs (folders of YAML under ``rules/``) into one ``Knowledge``.

PRELIMINARY: no validation yet; to be replaced by the validating loader.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from checker.knowledge import Hedge, Knowledge, Reference, RuleSpec

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
DEFAULT_PACKS = ("generic",)


def default_pack_paths() -> list[Path]:
    """The packs loaded when the user names none."""
    return [RULES_DIR / name for name in DEFAULT_PACKS]


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load_knowledge(paths: list[Path] | None = None) -> Knowledge:
    """Merge the packs at ``paths`` (folders or single YAML files) in order."""
    know = Knowledge()
    for pack in paths or default_pack_paths():
        files = sorted(pack.glob("*.yml")) + sorted(pack.glob("*.yaml")) if pack.is_dir() else [pack]
        digest = hashlib.sha256()
        name = pack.stem
        for file in files:
            raw = file.read_bytes()
            digest.update(raw)
            data = yaml.safe_load(raw) or {}
            if "pack" in data:
                name = data["pack"].get("name", name)
            _merge(know, data, name, str(file))
        know.packs.append((name, str(pack), digest.hexdigest()))
    return know


def _merge(know: Knowledge, data: dict[str, Any], pack: str, path: str) -> None:
    for item in data.get("hedges", []):
        know.hedges.append(
            Hedge(
                words=tuple(item["words"]),
                cls=item["class"],
                low=_dec(item.get("low")),
                high=_dec(item.get("high")),
                low_open=bool(item.get("low_open", False)),
                high_open=bool(item.get("high_open", False)),
                doc=item.get("doc", ""),
            )
        )
    know.scales.update({k: Decimal(str(v)) for k, v in data.get("scales", {}).items()})
    know.currencies.update(data.get("currencies", {}))
    know.number_words.update(data.get("number_words", {}))
    know.abbreviations.update(data.get("abbreviations", {}))
    know.stopwords.update(data.get("stopwords", []))
    for key, words in data.get("time_words", {}).items():
        know.time_words.setdefault(key, []).extend(words)
    know.forward_words.extend(data.get("forward_words", []))
    know.unit_stop.update(data.get("unit_stop", []))
    know.unit_ignore.update(data.get("unit_ignore", []))
    for key, words in data.get("unit_families", {}).items():
        know.unit_families.setdefault(key, []).extend(words)
    know.not_quantity.extend(data.get("not_quantity", []))
    know.not_quantity_phrases.extend(data.get("not_quantity_phrases", []))
    for key, value in data.get("furniture", {}).items():
        if isinstance(value, list):
            know.furniture.setdefault(key, []).extend(value)
        else:
            know.furniture[key] = value
    know.event_words.extend(data.get("event_words", []))
    for key, words in data.get("aliases", {}).items():
        know.aliases.setdefault(key, []).extend(words)
    for key, words in data.get("metrics", {}).items():
        know.metrics.setdefault(key, []).extend(words)
    for ref in data.get("references", []):
        know.references.append(
            Reference(
                metric=ref["metric"],
                value=Decimal(str(ref["value"])),
                unit=ref["unit"],
                time=ref.get("time"),
                source=ref["source"],
                note=ref.get("note", ""),
            )
        )
    know.align.update(data.get("align", {}))
    for rule in data.get("rules", []):
        know.rules.append(
            RuleSpec(
                id=rule["id"],
                kind=rule["kind"],
                severity=rule["severity"],
                message=rule["message"],
                description=rule.get("description", ""),
                params=rule.get("params", {}) or {},
                pack=pack,
                path=path,
                line=0,
            )
        )
