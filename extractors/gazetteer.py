"""The gazetteer: well-known entities of the world, loaded from data files beside this module.

Hand-curated entries (gazetteer.jsonl, jurisdictions.jsonl) carry aliases, owners, home
jurisdictions and Wikidata ids; pycountry fills in every other country of the world so that
a Ban in Nepal or a Fine in Chile still gets a Jurisdiction.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import pycountry

ENTITY_BASE = "https://w3id.org/regrisk/id/entity/"
WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass
class GazetteerEntry:
    id: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    jurisdiction: str | None = None
    owner: str | None = None
    policy: str | None = None
    app_store: bool = False
    case_sensitive: bool = False
    generic: bool = False
    parent: str | None = None

    @property
    def iri(self) -> str:
        return ENTITY_BASE + self.id

    @property
    def same_as(self) -> list[str]:
        return [WIKIDATA + self.wikidata] if self.wikidata else []

    @property
    def names(self) -> list[str]:
        return [self.label, *self.aliases]


def _data_text(name: str) -> str:
    return resources.files("extractors").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _jsonl(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _data_text(name).splitlines() if line.strip()]


@cache
def load_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(_data_text(name))


def _world_countries(known_codes: set[str]) -> list[GazetteerEntry]:
    entries = []
    for country in pycountry.countries:
        if country.alpha_2 in known_codes:
            continue
        label = getattr(country, "common_name", None) or country.name
        aliases = [n for n in {country.name, getattr(country, "official_name", "")} if n and n != label]
        slug = label.lower().replace(" ", "-").replace(",", "").replace("'", "")
        entries.append(GazetteerEntry(id=slug, label=label, type="Jurisdiction", aliases=aliases))
    return entries


class Gazetteer:
    """All known entities, by id and by every name they go by."""

    def __init__(self, entries: list[GazetteerEntry]) -> None:
        self.entries = {e.id: e for e in entries}

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        entries = [GazetteerEntry(**row) for row in _jsonl("gazetteer.jsonl")]
        codes: set[str] = set()
        for row in _jsonl("jurisdictions.jsonl"):
            codes.add(row.pop("code"))
            entries.append(GazetteerEntry(type="Jurisdiction", **row))
        entries.extend(_world_countries(codes))
        return cls(entries)

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self.entries.get(entry_id)

    def by_iri(self, iri: str) -> GazetteerEntry | None:
        return self.entries.get(iri.removeprefix(ENTITY_BASE)) if iri.startswith(ENTITY_BASE) else None

    @cache  # noqa: B019 - one gazetteer per process
    def name_index(self) -> dict[str, GazetteerEntry]:
        """Every name, case-folded, to its entry (the first entry wins a shared name)."""
        index: dict[str, GazetteerEntry] = {}
        for entry in self.entries.values():
            for name in entry.names:
                index.setdefault(name.lower(), entry)
        return index
