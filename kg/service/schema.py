"""The GraphQL schema of spec/QUESTIONS.md: types and thin resolvers over kg/answers.py.
Nested entities, events and reports are fetched through DataLoaders, so a page costs a
handful of queries."""

from __future__ import annotations

import asyncio
import base64
from dataclasses import replace
from datetime import date
from enum import Enum
from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from kg import answers
from kg.answers import EntityRecord, EventRecord, entity_records
from kg.service.auth import write_refusal
from kg.service.loaders import count_query, run_query
from kg.service.store_work import read


def _bad_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


@strawberry.enum(description="The entity types of spec/EXTRACTION.md")
class EntityType(Enum):
    PLATFORM = "Platform"
    COMPANY = "Company"
    COURT = "Court"
    REGULATOR = "Regulator"
    LEGISLATURE = "Legislature"
    GOVERNMENT = "Government"
    JURISDICTION = "Jurisdiction"
    PERSON = "Person"
    LEGAL_INSTRUMENT = "LegalInstrument"
    ORGANIZATION = "Organization"


@strawberry.enum
class RiskLevel(Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    SEVERE = "SEVERE"


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def _cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _offset(after: str | None) -> int:
    if not after:
        return 0
    try:
        kind, _, number = base64.b64decode(after.encode(), validate=True).decode().partition(":")
        if kind != "offset" or not number.isdigit():
            raise ValueError
        return int(number) + 1
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad_input("'after' is not a cursor this API gave out") from exc


def _page_size(info: Info, first: int | None) -> int:
    cap = info.context["settings"].max_page_size
    size = 20 if first is None else first
    if not 1 <= size <= cap:
        raise _bad_input(f"'first' must be between 1 and {cap}")
    return size


@strawberry.type
class Article:
    id: strawberry.ID
    iri: str
    title: str | None
    published: str | None
    url: str | None
    event_count: int

    @strawberry.field(
        description="The events found in this article; with unasserted, also those it reports as hedged, "
        "planned, threatened, required, conditional or denied (see factuality)"
    )
    async def events(self, info: Info, unasserted: bool = False) -> list[Event]:
        params = {"article_iri": self.iri, "unasserted": "yes" if unasserted else "no"}
        rows = await run_query(info.context["store"], "events_in_article", params)
        return await load_events(info, [r["event"] for r in rows])


@strawberry.type
class Evidence:
    article: Article
    sentence: str
    start: int
    end: int
    confidence: float


@strawberry.type
class Amount:
    value: float
    currency: str
    text: str


@strawberry.type
class Metric:
    name: str
    value: float
    text: str


@strawberry.type
class Entity:
    id: strawberry.ID
    label: str
    type: EntityType
    aliases: list[str]
    same_as: list[str]

    @strawberry.field(description="Real-world events in which this entity takes any role, in date order")
    async def events(self, info: Info, as_of: date | None = None) -> list[Event]:
        return await timeline_events(info, self.id, None, None, as_of)


def _entity(rec: EntityRecord) -> Entity:
    return Entity(
        id=strawberry.ID(rec.id),
        label=rec.label,
        type=EntityType(rec.type),
        aliases=sorted(rec.aliases),
        same_as=sorted(rec.same_as),
    )


async def load_entities(info: Info, iris: list[str]) -> list[Entity]:
    recs = await info.context["entities"].load_many(iris)
    return [_entity(r) for r in recs if r is not None]


@strawberry.type
class Event:
    id: strawberry.ID
    type: str
    top_class: str
    factuality: str = strawberry.field(
        description="asserted, or how the article holds back: hedged, negated, required, conditional, planned, "
        "threatened, reported_future"
    )
    date: str | None
    outcome: str | None
    policy: str | None
    trigger: str
    confidence: float
    amount: Amount | None
    metrics: list[Metric]
    evidence: Evidence
    roles: strawberry.Private[dict[str, list[str]]]
    instance_iri: strawberry.Private[str | None] = None
    as_of: strawberry.Private[date | None] = None

    @strawberry.field(
        description="The real-world event this report stands for, one IRI however many articles report it"
    )
    async def instance(self, info: Info) -> str | None:
        return self.instance_iri or await info.context["instances"].load(str(self.id))

    async def _reports(self, info: Info) -> list[answers.Report]:
        instance = await self.instance(info)
        return await info.context["reports"].load((instance, self.as_of)) if instance else []

    @strawberry.field(description="How many articles report the real-world event (published by asOf, if asked)")
    async def reports(self, info: Info) -> int:
        return len({r.article for r in await self._reports(info)})

    @strawberry.field(description="Every article's evidence for the real-world event, oldest report first")
    async def sources(self, info: Info) -> list[Evidence]:
        return [e.evidence for e in await load_events(info, [r.event for r in await self._reports(info)])]

    @strawberry.field
    async def agent(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("agent", []))

    @strawberry.field
    async def affected(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("affected", []))

    @strawberry.field
    async def jurisdiction(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("jurisdiction", []))

    @strawberry.field
    async def instrument(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("instrument", []))

    @strawberry.field
    async def origin(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("origin", []))

    @strawberry.field
    async def destination(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("destination", []))

    @strawberry.field
    async def counterpart(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("counterpart", []))


def _event(rec: EventRecord, as_of: date | None = None) -> Event:
    r = rec.row
    article = Article(
        id=strawberry.ID(r["article"].rsplit("/", 1)[-1]),
        iri=r["article"],
        title=r["title"],
        published=r["published"],
        url=r["url"],
        event_count=0,
    )
    amount = Amount(value=float(r["amount"]), currency=r["currency"], text=r["amountText"]) if r["amount"] else None
    metrics = [Metric(name=m["metricName"], value=float(m["metricValue"]), text=m["metricText"]) for m in rec.metrics]
    return Event(
        id=strawberry.ID(r["event"]),
        type=r["type"],
        top_class=r["top"],
        factuality=r["factuality"] or "asserted",  # graphs written before factuality was kept
        date=rec.date,
        outcome=r["outcome"],
        policy=r["policy"],
        trigger=r["trigger"],
        confidence=float(r["confidence"]),
        amount=amount,
        metrics=metrics,
        roles=rec.roles,
        instance_iri=rec.instance,
        as_of=as_of,
        evidence=Evidence(
            article=article,
            sentence=r["sentence"],
            start=int(r["start"]),
            end=int(r["end"]),
            confidence=float(r["confidence"]),
        ),
    )


async def load_events(info: Info, iris: list[str]) -> list[Event]:
    recs = await info.context["events"].load_many(list(dict.fromkeys(iris)))
    return [_event(r) for r in recs if r is not None]


def _prime(info: Info, records: list[EventRecord]) -> None:
    for rec in records:
        info.context["events"].prime(rec.id, replace(rec, instance=None, instance_date=None))


def _events(info: Info, records: list[EventRecord], as_of: date | None) -> list[Event]:
    """Events of an answer; the loader learns their details, so nested lookups cost nothing."""
    _prime(info, records)
    return [_event(rec, as_of) for rec in records]


async def timeline_events(
    info: Info, entity: str, start: date | None, end: date | None, as_of: date | None
) -> list[Event]:
    records = await read(answers.timeline, info.context["store"], entity, start, end, as_of)
    return _events(info, records, as_of)


@strawberry.type
class EntityEdge:
    node: Entity
    cursor: str


@strawberry.type
class EntityConnection:
    edges: list[EntityEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class EventEdge:
    node: Event
    cursor: str


@strawberry.type
class EventConnection:
    edges: list[EventEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class ArticleEdge:
    node: Article
    cursor: str


@strawberry.type
class ArticleConnection:
    edges: list[ArticleEdge]
    page_info: PageInfo
    total_count: int


def _page_info(offset: int, count: int, total: int) -> PageInfo:
    return PageInfo(
        has_next_page=offset + count < total,
        has_previous_page=offset > 0,
        start_cursor=_cursor(offset) if count else None,
        end_cursor=_cursor(offset + count - 1) if count else None,
    )


@strawberry.input(description="Every field narrows the match; names, aliases and IRIs all work")
class EventFilter:
    type: str | None = strawberry.field(default=None, description="An event type or a top class")
    jurisdiction: str | None = None
    affected: str | None = None
    agent: str | None = None
    instrument: str | None = None
    from_: date | None = strawberry.field(default=None, name="from")
    to: date | None = None
    min_confidence: float | None = None


@strawberry.type
class PolicyImpact:
    instrument: Entity
    actions: list[Event]
    affected: list[Entity]
    responses: list[Event]
    consequences: list[Event]


@strawberry.type
class RiskReason:
    text: str
    points: float
    event: Event
    evidence: Evidence


@strawberry.type
class Exposure:
    jurisdiction: Entity
    instruments: list[Entity]
    events: list[Event]
    status: str
    risk_level: RiskLevel
    score: float
    reasons: list[RiskReason]


@strawberry.input
class ArticleInput:
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None


@strawberry.type
class IngestResult:
    status: str
    article: Article | None
    events: list[Event]
    entities: list[Entity]


@strawberry.type
class Query:
    @strawberry.field(description="Q1. What is known about X, by name, alias or IRI")
    async def entity(self, info: Info, name: str | None = None, id: strawberry.ID | None = None) -> Entity | None:
        key = id or name
        if not key:
            raise _bad_input("give a name or an id")
        rows = await run_query(info.context["store"], "entity", {"name": str(key)})
        if not rows:
            return None
        records = entity_records(rows)  # the same facts the loader fetches: no second query
        for iri, found in records.items():
            info.context["entities"].prime(iri, found)
        return _entity(records[rows[0]["entity"]])

    @strawberry.field(description="Q2. Entities of a type, or whose name or alias contains a string")
    async def entities(
        self,
        info: Info,
        type: EntityType | None = None,
        search: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> EntityConnection:
        size, offset = _page_size(info, first), _offset(after)
        params = {"type": type.value if type else "Entity", "search": search or ""}
        store = info.context["store"]
        rows, total = await asyncio.gather(
            run_query(store, "entities", params, size, offset), count_query(store, "entities", params)
        )
        nodes = await load_entities(info, [r["entity"] for r in rows])
        edges = [EntityEdge(node=n, cursor=_cursor(offset + i)) for i, n in enumerate(nodes)]
        return EntityConnection(edges=edges, page_info=_page_info(offset, len(edges), total), total_count=total)

    @strawberry.field(
        description="Q3. Real-world events by type or top class, jurisdiction, affected, agent, instrument, dates"
    )
    async def events(
        self,
        info: Info,
        filter: EventFilter | None = None,
        first: int | None = 20,
        after: str | None = None,
        as_of: date | None = None,
    ) -> EventConnection:
        size, offset = _page_size(info, first), _offset(after)
        f = filter or EventFilter()
        params = {
            "type": f.type or "Event",
            "jurisdiction": f.jurisdiction or "",
            "affected": f.affected or "",
            "agent": f.agent or "",
            "instrument": f.instrument or "",
            "from": (f.from_ or date(1, 1, 1)).isoformat(),
            "to": (f.to or date(9999, 12, 31)).isoformat(),
            "minConfidence": str(f.min_confidence or 0),
        }
        records, total = await read(answers.event_page, info.context["store"], params, size, offset, as_of)
        edges = [EventEdge(node=n, cursor=_cursor(offset + i)) for i, n in enumerate(_events(info, records, as_of))]
        return EventConnection(edges=edges, page_info=_page_info(offset, len(edges), total), total_count=total)

    @strawberry.field(description="Q4. What instrument X did, whom it affected, how they responded, what followed")
    async def policy_impact(self, info: Info, instrument: str, as_of: date | None = None) -> PolicyImpact | None:
        found = await read(answers.policy_impact, info.context["store"], instrument, as_of)
        if found is None:
            return None
        return PolicyImpact(
            instrument=_entity(found.instrument),
            actions=_events(info, found.actions, as_of),
            affected=await load_entities(info, found.affected),
            responses=_events(info, found.responses, as_of),
            consequences=_events(info, found.consequences, as_of),
        )

    @strawberry.field(
        description="Q5. Platform P's regulatory exposure per jurisdiction, with a risk level and reasons; "
        "each real-world act counted once"
    )
    async def exposure(self, info: Info, platform: str, as_of: date | None = None) -> list[Exposure]:
        found = await read(answers.exposure, info.context["store"], platform, as_of)
        out = []
        for place in found:
            events = {e.instance: ev for e, ev in zip(place.events, _events(info, place.events, as_of), strict=True)}
            out.append(
                Exposure(
                    jurisdiction=_entity(place.jurisdiction),
                    instruments=await load_entities(info, place.instruments),
                    events=list(events.values()),
                    status=place.status,
                    risk_level=RiskLevel(place.level),
                    score=place.score,
                    reasons=[
                        RiskReason(
                            text=x.text,
                            points=x.points,
                            event=events[x.event.instance],
                            evidence=events[x.event.instance].evidence,
                        )
                        for x in place.reasons
                    ],
                )
            )
        return out

    @strawberry.field(description="Q6. What happened to X, in date order, each real-world event once")
    async def timeline(
        self,
        info: Info,
        entity: str,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
        as_of: date | None = None,
    ) -> list[Event]:
        return await timeline_events(info, entity, from_, to, as_of)

    @strawberry.field(description="Q7. User migrations: users who left a platform, and where they went")
    async def migrations(
        self,
        info: Info,
        from_: Annotated[str | None, strawberry.argument(name="from")] = None,
        to: str | None = None,
        as_of: date | None = None,
    ) -> list[Event]:
        records = await read(answers.migrations, info.context["store"], from_, to, as_of)
        return _events(info, records, as_of)

    @strawberry.field(description="Q8. Ingested articles, newest first")
    async def articles(self, info: Info, first: int | None = 20, after: str | None = None) -> ArticleConnection:
        size, offset = _page_size(info, first), _offset(after)
        store = info.context["store"]
        rows, total = await asyncio.gather(
            run_query(store, "articles", {}, size, offset), count_query(store, "articles", {})
        )
        edges = [ArticleEdge(node=_article(r), cursor=_cursor(offset + i)) for i, r in enumerate(rows)]
        return ArticleConnection(edges=edges, page_info=_page_info(offset, len(edges), total), total_count=total)

    @strawberry.field(description="Q8. One article by its id (content hash) or IRI")
    async def article(self, info: Info, id: strawberry.ID) -> Article | None:
        rows = await run_query(info.context["store"], "articles", {"id": str(id)})
        return _article(rows[0]) if rows else None


def _article(r: dict) -> Article:
    return Article(
        id=strawberry.ID(r["id"]),
        iri=r["article"],
        title=r["title"],
        published=r["published"],
        url=r["url"],
        event_count=int(r["events"] or 0),
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Ingest one article (bearer token required); returns what was found")
    async def ingest_article(self, info: Info, input: ArticleInput) -> IngestResult:
        from kg.ingest import ingest_article
        from kg.sources import SourceError, from_text

        refusal = write_refusal(info.context["request"], info.context["settings"].api_tokens, info.context["throttle"])
        if refusal:
            if refusal.status == 429:  # a wait, which HTTP says with a status a client or proxy acts on
                info.context["response"].status_code = 429
                info.context["response"].headers.update(refusal.headers)
            raise GraphQLError(refusal.message, extensions={"code": refusal.code})
        try:
            article = from_text(
                input.text,
                "ingestArticle",
                input.title,
                input.published.isoformat() if input.published else None,
                input.url,
            )
        except SourceError as exc:
            raise _bad_input(exc.reason) from exc
        async with info.context["write_lock"]:
            result = await asyncio.to_thread(ingest_article, info.context["store"], article)
        info.context["on_write"]()
        ex = result.extraction
        events = await load_events(info, [e.id for e in ex.events]) if ex else []
        entities = await load_entities(info, [e.id for e in ex.entities]) if ex else []
        rows = await run_query(info.context["store"], "articles", {"id": result.article_id or ""})
        return IngestResult(
            status=result.status, article=_article(rows[0]) if rows else None, events=events, entities=entities
        )
