"""The gazetteer: well-known entities of the world, loaded from data files beside this module.

Hand-curated entries (`data/gazetteer/*.jsonl`, `data/jurisdictions.jsonl`) carry aliases,
owners, home jurisdictions and Wikidata ids; pycountry fills in any country they miss, so a
Ban in Nepal or a Fine in Chile still gets a Jurisdiction.

Names such as "Supreme Court", "Senate" or "Interior Ministry" belong to a body of every
country: entries list them as `generic_names`, and the entity linker picks the body of the
jurisdiction the story is about instead of always taking the American one.
"""

from __future__ import annotations

import json
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import pycountry

ENTITY_BASE = "https://w3id.org/regrisk/id/entity/"
WIKIDATA = "http://www.wikidata.org/entity/"


_LONG_COUNTRIES = (("united states ", "us "), ("u.s. ", "us "), ("united kingdom ", "uk "), ("u.k. ", "uk "))


def _short_country(lowered: str) -> str | None:
    """A body's name with its country spelled the other way ("United States Court of
    Appeals" for "US Court of Appeals"): the gazetteer lists one spelling, news uses both."""
    for long, short in _LONG_COUNTRIES:
        if lowered.startswith(long) and len(lowered) > len(long):
            return short + lowered[len(long) :]
    return None


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
    generic_names: list[str] = field(default_factory=list)
    parent: str | None = None
    code: str | None = None
    # unions whose bodies act in the place, though it is no part of them (`Gazetteer.served_by`)
    member_of: list[str] = field(default_factory=list)

    @property
    def iri(self) -> str:
        return ENTITY_BASE + self.id

    @property
    def same_as(self) -> list[str]:
        return [WIKIDATA + self.wikidata] if self.wikidata else []

    @property
    def names(self) -> list[str]:
        return [self.label, *self.aliases]

    @property
    def home(self) -> str | None:
        """The id of the jurisdiction whose law it belongs to (a state's is its country)."""
        return self.jurisdiction or self.parent


def fold_accents(text: str) -> str:
    """'Việt Nam' -> 'Viet Nam', 'Türkiye' -> 'Turkiye': how the name is often typed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _data(name: str):
    return resources.files("extractors").joinpath(f"data/{name}")


def _jsonl_text(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load_jsonl(name: str) -> list[dict[str, Any]]:
    return _jsonl_text(_data(name).read_text(encoding="utf-8"))


@cache
def load_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(_data(name).read_text(encoding="utf-8"))


def _world_countries(known_codes: set[str]) -> list[GazetteerEntry]:
    entries = []
    for country in pycountry.countries:
        if country.alpha_2 in known_codes:
            continue
        label = getattr(country, "common_name", None) or country.name
        aliases = [n for n in {country.name, getattr(country, "official_name", "")} if n and n != label]
        slug = "".join(c if c.isalnum() else "-" for c in fold_accents(label).lower()).strip("-")
        entries.append(
            GazetteerEntry(
                id="-".join(filter(None, slug.split("-"))), label=label, type="Jurisdiction", aliases=aliases
            )
        )
    return entries


def _entries() -> list[GazetteerEntry]:
    entries: list[GazetteerEntry] = []
    folder = _data("gazetteer")
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".jsonl"):
            entries.extend(GazetteerEntry(**row) for row in _jsonl_text(path.read_text(encoding="utf-8")))
    codes: set[str] = set()
    for row in _jsonl_text(_data("jurisdictions.jsonl").read_text(encoding="utf-8")):
        if row.get("code"):
            codes.add(row["code"])
        entries.append(GazetteerEntry(type="Jurisdiction", **row))
    entries.extend(_world_countries(codes))
    return entries


class Gazetteer:
    """All known entities, by id, by every name they go by, and by generic name."""

    def __init__(self, entries: list[GazetteerEntry]) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        for entry in entries:
            self.entries.setdefault(entry.id, entry)
        self._names: dict[str, GazetteerEntry] = {}
        self.generic: dict[str, list[GazetteerEntry]] = {}  # lower-cased generic name -> entries
        self.generic_forms: dict[str, str] = {}  # lower-cased generic name -> as written
        self._app_stores: dict[str | None, str] | None = None  # owner id -> its first app store's IRI
        for entry in self.entries.values():
            for name in entry.names:
                for form in {name.lower(), fold_accents(name).lower()}:
                    self._names.setdefault(form, entry)
            for name in entry.generic_names:
                self.generic.setdefault(name.lower(), []).append(entry)
                self.generic_forms.setdefault(name.lower(), name)

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        return cls(_entries())

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self.entries.get(entry_id)

    def by_iri(self, iri: str) -> GazetteerEntry | None:
        return self.entries.get(iri.removeprefix(ENTITY_BASE)) if iri.startswith(ENTITY_BASE) else None

    def by_name(self, name: str) -> GazetteerEntry | None:
        """The entry a name (any case, with or without accents) belongs to; the first entry
        listed wins a shared name."""
        lowered = name.lower()
        found = self._names.get(lowered) or self._names.get(fold_accents(lowered))
        if found is None and (short := _short_country(lowered)) is not None:
            found = self._names.get(short)  # "United States Court of Appeals for the Ninth Circuit"
        return found

    def name_index(self) -> dict[str, GazetteerEntry]:
        return self._names

    def stores_of(self, iri: str) -> list[str]:
        """The app stores a company runs (Apple -> Apple App Store)."""
        entry = self.by_iri(iri)
        if entry is None or entry.type != "Company":
            return []
        if self._app_stores is None:  # asked for every company an event names: indexed once
            stores: dict[str | None, str] = {}
            for store in self.entries.values():
                if store.app_store:
                    stores.setdefault(store.owner, store.iri)
            self._app_stores = stores  # whole, for a thread that asks meanwhile
        found = self._app_stores.get(entry.id)
        return [found] if found else []

    def home_of(self, iri: str) -> str | None:
        entry = self.by_iri(iri)
        home = entry.home if entry else None
        return ENTITY_BASE + home if home else None

    def served_by(self, union_iri: str, place_iri: str) -> bool:
        """Whether a union's bodies act in a place it counts as a member: "the General Court"
        in an Irish story is the EU's. Membership is no containment: a suit in Dublin and one
        in Luxembourg are in two places (`contains` stays the chain of parts)."""
        entry = self.by_iri(place_iri)
        while entry is not None:
            if any(ENTITY_BASE + union == union_iri for union in entry.member_of):
                return True
            entry = self.entries.get(entry.parent or "") if entry.parent != entry.id else None
        return False

    def contains(self, outer_iri: str, inner_iri: str) -> bool:
        """Montana lies in the United States: the jurisdiction chain from inner reaches outer."""
        seen = set()
        entry = self.by_iri(inner_iri)
        while entry is not None and entry.id not in seen:
            if entry.iri == outer_iri:
                return True
            seen.add(entry.id)
            entry = self.entries.get(entry.parent or "")
        return False
