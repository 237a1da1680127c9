"""DataLoaders: every entity and event a response needs is fetched in one batch query each."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from kg.queries import catalogue
from kg.store import Row, Store


@dataclass
class EntityRecord:
    id: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)


@dataclass
class EventRecord:
    row: Row
    roles: dict[str, list[str]]
    metrics: list[Row]


async def run_query(
    store: Store, name: str, params: dict[str, object], limit: int | None = None, offset: int = 0
) -> list[Row]:
    return await asyncio.to_thread(catalogue()[name].run, store, params, limit, offset)


async def count_query(store: Store, name: str, params: dict[str, object]) -> int:
    return await asyncio.to_thread(catalogue()[name].count, store, params)


def entity_records(rows: list[Row]) -> dict[str, EntityRecord]:
    """Rows of entity or entity_details (one per alias and per sameAs link) as records."""
    found: dict[str, EntityRecord] = {}
    for r in rows:
        rec = found.setdefault(r["entity"], EntityRecord(r["entity"], r["label"], r["type"].split("#")[-1]))
        if r["alias"] and r["alias"] not in rec.aliases and r["alias"] != rec.label:
            rec.aliases.append(r["alias"])
        if r["sameAs"] and r["sameAs"] not in rec.same_as:
            rec.same_as.append(r["sameAs"])
    return found


def entity_loader(store: Store) -> DataLoader[str, EntityRecord | None]:
    async def load(keys: list[str]) -> list[EntityRecord | None]:
        found = entity_records(await run_query(store, "entity_details", {"entities_list": list(keys)}))
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def event_loader(store: Store) -> DataLoader[str, EventRecord | None]:
    async def load(keys: list[str]) -> list[EventRecord | None]:
        params = {"events_list": list(keys)}
        details, roles = await asyncio.gather(
            run_query(store, "event_details", params), run_query(store, "event_roles", params)
        )
        by_event: dict[str, Row] = {}
        for r in details:  # one row of core facts, then a row per optional fact: merge them
            merged = by_event.setdefault(r["event"], dict(r))
            for key, value in r.items():
                if merged.get(key) is None:
                    merged[key] = value
        role_map: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        metrics: dict[str, list[Row]] = defaultdict(list)
        for r in roles:
            if r["role"] == "metric":
                metrics[r["event"]].append(r)
            elif r["value"] not in role_map[r["event"]][r["role"]]:
                role_map[r["event"]][r["role"]].append(r["value"])
        return [EventRecord(by_event[k], dict(role_map[k]), metrics[k]) if k in by_event else None for k in keys]

    return DataLoader(load_fn=load)
