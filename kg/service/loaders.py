"""DataLoaders: every entity, event and report list a response needs is fetched in one batch
query each, through the same functions kg/answers.py answers with."""

from __future__ import annotations

from datetime import date

from strawberry.dataloader import DataLoader

from kg import answers, linked_events
from kg.answers import EntityRecord, EventRecord, Report
from kg.linked_events import Linked
from kg.queries import catalogue
from kg.service.store_work import read
from kg.store import Row, Store


async def run_query(
    store: Store, name: str, params: dict[str, object], limit: int | None = None, offset: int = 0
) -> list[Row]:
    return await read(catalogue()[name].run, store, params, limit, offset)


async def count_query(store: Store, name: str, params: dict[str, object]) -> int:
    return await read(catalogue()[name].count, store, params)


def entity_loader(store: Store) -> DataLoader[str, EntityRecord | None]:
    async def load(keys: list[str]) -> list[EntityRecord | None]:
        found = await read(answers.entities, store, list(keys))
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def entity_name_loader(store: Store) -> DataLoader[str, EntityRecord | None]:
    """Entities with their names and types alone (`answers.entity_names`)."""

    async def load(keys: list[str]) -> list[EntityRecord | None]:
        found = await read(answers.entity_names, store, list(keys))
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def event_loader(store: Store) -> DataLoader[str, EventRecord | None]:
    async def load(keys: list[str]) -> list[EventRecord | None]:
        found = await read(answers.events, store, list(keys))
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def instance_loader(store: Store) -> DataLoader[str, str | None]:
    """Article report -> the real-world event it stands for."""

    async def load(keys: list[str]) -> list[str | None]:
        rows = await run_query(store, "event_instances", {"events_list": list(keys)})
        found = {r["event"]: r["instance"] for r in rows}
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


def reports_loader(store: Store) -> DataLoader[tuple[str, date | None], list[Report]]:
    """(real-world event, as of) -> its article reports published by then."""

    async def load(keys: list[tuple[str, date | None]]) -> list[list[Report]]:
        by_day: dict[date | None, list[str]] = {}
        for instance, day in keys:
            by_day.setdefault(day, []).append(instance)
        found = {
            day: await read(answers.reports, store, iris, day.isoformat() if day else None)
            for day, iris in by_day.items()
        }
        return [found[day].get(instance, []) for instance, day in keys]

    return DataLoader(load_fn=load)


def links_loader(store: Store) -> DataLoader[tuple[str, date | None], Linked]:
    """(real-world event, as of) -> its links."""

    async def load(keys: list[tuple[str, date | None]]) -> list[Linked]:
        by_day: dict[date | None, list[str]] = {}
        for instance, day in keys:
            by_day.setdefault(day, []).append(instance)
        found = {
            day: await read(linked_events.linked, store, iris, day.isoformat() if day else None)
            for day, iris in by_day.items()
        }
        return [found[day].get(instance, Linked()) for instance, day in keys]

    return DataLoader(load_fn=load)


def loaders(store: Store) -> dict[str, DataLoader]:
    """A fresh set per request: a loader caches what it fetched for the life of one response."""
    return {
        "entities": entity_loader(store),
        "entity_names": entity_name_loader(store),
        "events": event_loader(store),
        "instances": instance_loader(store),
        "reports": reports_loader(store),
        "links": links_loader(store),
    }
