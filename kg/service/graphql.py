"""GraphQL schema: resolvers run the canned SPARQL of queries/ against the store."""

from __future__ import annotations

from collections import defaultdict

import strawberry
from strawberry.types import Info

from kg.queries import catalogue
from kg.store import Store


@strawberry.type
class Evidence:
    article: str
    sentence: str
    confidence: float | None


@strawberry.type
class Event:
    id: strawberry.ID
    type: str
    date: str | None
    role: str | None
    evidence: Evidence


@strawberry.type
class Entity:
    id: strawberry.ID
    label: str
    type: str
    aliases: list[str]
    same_as: list[str]

    @strawberry.field
    def events(self, info: Info) -> list[Event]:
        return _timeline(info.context["store"], self.label)


@strawberry.type
class Migration:
    id: strawberry.ID
    date: str | None
    destination: str
    evidence: Evidence


@strawberry.type
class Exposure:
    jurisdiction: str
    events: list[str]
    instruments: list[str]


@strawberry.type
class Article:
    id: str
    title: str | None
    published: str | None
    events: int


def _run(store: Store, name: str, **params: str) -> list[dict]:
    return catalogue()[name].run(store, params)


def _timeline(store: Store, name: str) -> list[Event]:
    return [
        Event(
            id=r["event"],
            type=r["type"],
            date=r["date"],
            role=r["role"],
            evidence=Evidence(r["article"], r["sentence"], float(r["confidence"] or 0)),
        )
        for r in _run(store, "timeline", entity=name)
    ]


@strawberry.type
class Query:
    @strawberry.field(description="What is known about X (by name or alias)")
    def entity(self, info: Info, name: str) -> Entity | None:
        rows = _run(info.context["store"], "entity", name=name)
        if not rows:
            return None
        first = rows[0]
        aliases = sorted({r["alias"] for r in rows if r["alias"]})
        same = sorted({r["sameAs"] for r in rows if r["sameAs"]})
        return Entity(
            id=first["entity"], label=first["label"], type=first["type"].split("#")[-1], aliases=aliases, same_as=same
        )

    @strawberry.field(description="What happened to X, in date order")
    def timeline(self, info: Info, entity: str) -> list[Event]:
        return _timeline(info.context["store"], entity)

    @strawberry.field(description="Where did users who left a platform go")
    def migrations(self, info: Info, from_: str) -> list[Migration]:
        return [
            Migration(
                id=r["event"],
                date=r["date"],
                destination=r["destinationLabel"],
                evidence=Evidence(r["article"], r["sentence"], None),
            )
            for r in _run(info.context["store"], "migrations", **{"from": from_})
        ]

    @strawberry.field(description="A platform's regulatory exposure per jurisdiction")
    def exposure(self, info: Info, platform: str) -> list[Exposure]:
        groups: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"events": set(), "instruments": set()})
        for r in _run(info.context["store"], "exposure", platform=platform):
            groups[r["jurisdictionLabel"]]["events"].add(r["type"])
            if r["instrument"]:
                groups[r["jurisdictionLabel"]]["instruments"].add(r["instrument"])
        return [
            Exposure(jurisdiction=j, events=sorted(g["events"]), instruments=sorted(g["instruments"]))
            for j, g in sorted(groups.items())
        ]

    @strawberry.field(description="Ingested articles")
    def articles(self, info: Info) -> list[Article]:
        return [
            Article(id=r["id"], title=r["title"], published=r["published"], events=int(r["events"] or 0))
            for r in _run(info.context["store"], "articles")
        ]


schema = strawberry.Schema(query=Query)
