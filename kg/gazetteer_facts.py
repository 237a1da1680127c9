"""What the gazetteer knows of an entity beyond its names, as facts for the entities graph.

A researcher asks "every act in the EU, its member states included" or cites the GDPR by its
CELEX number: the gazetteer knows which jurisdiction lies within which (a state within its
country, from `parent` in jurisdictions.jsonl; a member state within the EU, from
gazetteer/known.toml), the ISO 3166 code of each place (`code`, written only when ISO 3166-1 or
3166-2 has it: "EU" is not one), the CELEX number and ELI of EU acts, and who heads or sits
on what (W3C ORG; known.toml).

These are the gazetteer's facts, not an article's: kg/rdf.py writes them once into the entities
graph, beside the owner and home jurisdiction, and never into an article's graph.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import pycountry

from extractors.gazetteer import Gazetteer, GazetteerEntry, load_toml


@cache
def gazetteer_version() -> str:
    """A digest of what the gazetteer is read from (extractors/data/gazetteer/, jurisdictions.jsonl
    and pycountry's release): the entities graph says which version it was derived from."""
    from importlib import metadata, resources

    data = resources.files("extractors").joinpath("data")
    files = sorted((f for f in data.joinpath("gazetteer").iterdir() if f.is_file()), key=lambda f: f.name)
    digest = hashlib.sha256(f"pycountry {metadata.version('pycountry')}\n".encode())
    for f in [*files, data.joinpath("jurisdictions.jsonl")]:
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Facts:
    """Of one entry: the ids of the jurisdictions it lies within, and its identifiers."""

    within: tuple[str, ...] = ()
    head_of: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    iso_code: str | None = None
    celex: str | None = None
    eli: str | None = None


@cache
def _containers() -> dict[str, tuple[str, ...]]:
    """Each member's unions, from known.toml (id -> ids of what it lies within)."""
    out: dict[str, list[str]] = {}
    for union, members in load_toml("gazetteer/known.toml").get("within", {}).items():
        for member in members:
            out.setdefault(member, []).append(union)
    return {member: tuple(sorted(unions)) for member, unions in out.items()}


def iso_3166(code: str | None) -> str | None:
    """The code if ISO 3166-1 (alpha-2) or 3166-2 has it, else None."""
    if not code:
        return None
    known = pycountry.subdivisions.get(code=code) if "-" in code else pycountry.countries.get(alpha_2=code)
    return code if known else None


@cache
def country_of(iri: str) -> str:
    """The jurisdiction a place lies in at the top of its `parent`s (Montana: the United States;
    Hong Kong: China): a country, a union or a place the gazetteer does not know is its own.
    Unions (the EU) are not followed: Ireland's act is not the EU's."""
    gazetteer = Gazetteer.default()
    entry, seen = gazetteer.by_iri(iri), {iri}
    while entry is not None and entry.type == "Jurisdiction" and entry.parent:
        parent = gazetteer.get(entry.parent)
        if parent is None or parent.iri in seen:
            break
        entry = parent
        seen.add(parent.iri)
    return entry.iri if entry is not None and entry.iri != iri else iri


@cache
def facts(entry_id: str) -> Facts:
    entry: GazetteerEntry | None = Gazetteer.default().get(entry_id)
    if entry is None:
        return Facts()
    known = load_toml("gazetteer/known.toml")
    ids = known.get("instruments", {}).get(entry_id, {})
    within = (entry.parent,) if entry.type == "Jurisdiction" and entry.parent else ()
    return Facts(
        within=tuple(dict.fromkeys((*within, *_containers().get(entry_id, ())))),
        head_of=tuple(known.get("head_of", {}).get(entry_id, ())),
        member_of=tuple(known.get("member_of", {}).get(entry_id, ())),
        iso_code=iso_3166(entry.code) if entry.type == "Jurisdiction" else None,
        celex=ids.get("celex"),
        eli=ids.get("eli"),
    )
