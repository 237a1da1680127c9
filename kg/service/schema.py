"""The GraphQL schema of spec/QUESTIONS.md: types and thin resolvers over kg/answers.py.
Nested entities, events and reports are fetched through DataLoaders, so a page costs a
handful of queries."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from kg import answers, article_rows
from kg.answers import EntityRecord, EventRecord, entity_records
from kg.instances import bounds
from kg.service import event_links
from kg.service.auth import write_refusal
from kg.service.connections import (
    ARTICLES_NEWEST,
    EVENTS_NEWEST,
    PageInfo,
    asks_for,
    bad_input,
    cursor,
    key_after,
    key_cursor,
    key_page_info,
    keyed_page_info,
    offset_after,
    page_info,
    page_size,
)
from kg.service.error_edges import ROW_SOURCE, graphql_error
from kg.service.global_id import from_global_id, to_global_id
from kg.service.loaders import count_query, run_query
from kg.service.store_work import read
from kg.store import Row


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


@strawberry.enum(description="A jurisdiction's risk for a platform, from its score (kg/risk_rules.toml)")
class RiskLevel(Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    SEVERE = "SEVERE"


AsOf = Annotated[
    date | None,
    strawberry.argument(
        description="Answer with what had been published by this day: later reports are left out and risk "
        "decays to it; articles with no publication date count only when no day is asked"
    ),
]
First = Annotated[int | None, strawberry.argument(description="Page size: 20 unless asked, at most KG_MAX_PAGE_SIZE")]
After = Annotated[
    str | None, strawberry.argument(description="Start after this cursor (a previous page's pageInfo.endCursor)")
]
Subject = "a name, an alias or an IRI"
FromDay = Annotated[
    date | None, strawberry.argument(name="from", description="Events that may have happened on or after")
]
ToDay = Annotated[date | None, strawberry.argument(description="Events that may have happened on or before")]
LeftPlatform = Annotated[
    str | None, strawberry.argument(name="from", description=f"The platform users left: {Subject}")
]
JoinedPlatform = Annotated[str | None, strawberry.argument(description=f"The platform users went to: {Subject}")]


@strawberry.interface(
    description="An object a client can refetch and cache by its global id alone, with node(id:) or nodes(ids:) "
    "(Relay Global Object Identification): an entity, an event or an article"
)
class Node:
    id: strawberry.ID = strawberry.field(
        description="Opaque global id, the same in every answer; give it to node(id:) to refetch this object. "
        "Not an IRI: that is the iri field"
    )


@strawberry.type(description="An ingested news article: the source of every event found in it")
class Article(Node):
    iri: str = strawberry.field(description="The article's IRI; its last segment is its content hash")
    title: str | None = strawberry.field(description="The headline, if the source gave one")
    published: str | None = strawberry.field(description="Publication day (YYYY-MM-DD), if known")
    url: str | None = strawberry.field(description="Where the article was published, if the source said")
    event_count: int = strawberry.field(
        description="How many asserted events the article yielded; 0 where the article is reached through an "
        "event's evidence (ask articles or node for the count)"
    )

    @strawberry.field(
        description="The events found in this article; with unasserted, also those it reports as hedged, "
        "planned, threatened, required, conditional or denied (see factuality)"
    )
    async def events(
        self,
        info: Info,
        unasserted: Annotated[
            bool, strawberry.argument(description="Also the events the article holds back (not facts)")
        ] = False,
    ) -> list[Event]:
        params = {"article_iri": self.iri, "unasserted": "yes" if unasserted else "no"}
        rows = await run_query(info.context["store"], "events_in_article", params)
        return await load_events(info, [r["event"] for r in rows])


@strawberry.type(description="Where an event was read: the article and the sentence")
class Evidence:
    article: Article = strawberry.field(description="The article the sentence is from")
    sentence: str = strawberry.field(description="The sentence that reports the event, as written")
    start: int = strawberry.field(description="Character offset of the sentence in the article's text")
    end: int = strawberry.field(description="Character offset just past the sentence's end")
    confidence: float = strawberry.field(description="The extractor's confidence in the event, 0 to 1")


@strawberry.type(description="A sum of money an event names, such as a fine")
class Amount:
    value: float = strawberry.field(description="The amount in units of the currency (530 million is 530000000)")
    currency: str = strawberry.field(description="ISO 4217 code, such as EUR or USD")
    text: str = strawberry.field(description="The amount as the article wrote it")


@strawberry.type(description="A number an event reports other than money, such as users who left")
class Metric:
    name: str = strawberry.field(description="What is counted, such as users or downloads")
    value: float = strawberry.field(description="The number")
    text: str = strawberry.field(description="The number as the article wrote it")


@strawberry.type(description="A platform, company, court, regulator, legislature, government, place, person or law")
class Entity(Node):
    iri: str = strawberry.field(description="The entity's IRI (https://w3id.org/regrisk/id/entity/...)")
    label: str = strawberry.field(description="The name the graph prefers")
    type: EntityType = strawberry.field(description="What kind of entity it is")
    aliases: list[str] = strawberry.field(description="Other names it goes by, sorted (RedNote for Xiaohongshu)")
    same_as: list[str] = strawberry.field(description="The same thing elsewhere: Wikidata IRIs, sorted")

    @strawberry.field(description="Real-world events in which this entity takes any role, in date order")
    async def events(self, info: Info, as_of: AsOf = None) -> list[Event]:
        return await timeline_events(info, self.iri, None, None, as_of)

    @strawberry.field(description="The same events a page at a time, oldest first (a Relay connection)")
    async def events_connection(
        self, info: Info, as_of: AsOf = None, first: First = 20, after: After = None
    ) -> EventConnection:
        from kg.service.event_lists import timeline_connection  # it builds on this module's types

        return await timeline_connection(info, self.iri, None, None, as_of, first, after)


def entity_of(rec: EntityRecord) -> Entity:
    return Entity(
        id=strawberry.ID(to_global_id("Entity", rec.id)),
        iri=rec.id,
        label=rec.label,
        type=EntityType(rec.type),
        aliases=sorted(rec.aliases),
        same_as=sorted(rec.same_as),
    )


async def load_entities(info: Info, iris: list[str]) -> list[Entity]:
    recs = await info.context["entities"].load_many(iris)
    return [entity_of(r) for r in recs if r is not None]


@strawberry.type(
    description="An event as an article reports it (a court ruling, ban, fine, law, response, migration ...); "
    "questions give one report per real-world event, and reports/sources give the rest"
)
class Event(Node):
    iri: str = strawberry.field(description="The report's IRI; instance is the real-world event's")
    type: str = strawberry.field(description="The event type, such as CourtRuling, Ban or Fine (spec/EXTRACTION.md)")
    top_class: str = strawberry.field(
        description="The type's top class: RegulatoryAction, JudicialAction, PlatformResponse or MarketReaction"
    )
    factuality: str = strawberry.field(
        description="asserted, or how the article holds back: hedged, negated, required, conditional, planned, "
        "threatened, reported_future"
    )
    date: str | None = strawberry.field(
        description="When it happened, as precise as the text: a year (2025), a month (2025-01) or a day "
        "(2025-01-19); null when the article gives no date"
    )
    outcome: str | None = strawberry.field(
        description="How a court ruling ended (upheld, struck_down, blocked, ordered, dismissed) or an app store "
        "removal (removed, restored), if the article says"
    )
    policy: str | None = strawberry.field(
        description="What a law or rule regulates: AgeVerification, DataProtection, DataLocalization, "
        "ForeignOwnership, ContentModeration, Competition, RealNameRegistration or Other; null if not said",
    )
    trigger: str = strawberry.field(description="The word or phrase of the sentence that names the event")
    confidence: float = strawberry.field(description="The extractor's confidence, 0 to 1")
    amount: Amount | None = strawberry.field(description="The sum of money it names (a fine), if any")
    metrics: list[Metric] = strawberry.field(description="Other numbers it reports, such as users who moved")
    evidence: Evidence = strawberry.field(description="The article and sentence this report comes from")
    roles: strawberry.Private[dict[str, list[str]]]
    instance_iri: strawberry.Private[str | None] = None
    as_of: strawberry.Private[date | None] = None

    @strawberry.field(
        description="The real-world event this report stands for, one IRI however many articles report it"
    )
    async def instance(self, info: Info) -> str | None:
        return self.instance_iri or await info.context["instances"].load(self.iri)

    async def _reports(self, info: Info) -> list[answers.Report]:
        instance = await self.instance(info)
        return await info.context["reports"].load((instance, self.as_of)) if instance else []

    @strawberry.field(description="How many articles report the real-world event (published by asOf, if asked)")
    async def reports(self, info: Info) -> int:
        return len({r.article for r in await self._reports(info)})

    @strawberry.field(description="Every article's evidence for the real-world event, oldest report first")
    async def sources(self, info: Info) -> list[Evidence]:
        return [e.evidence for e in await load_events(info, [r.event for r in await self._reports(info)])]

    @strawberry.field(description="Who acted: the court, regulator, legislature, government or platform")
    async def agent(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("agent", []))

    @strawberry.field(description="Whom the event acted on: platforms, companies, people")
    async def affected(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("affected", []))

    @strawberry.field(description="Where the event applies: countries, states, the EU")
    async def jurisdiction(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("jurisdiction", []))

    @strawberry.field(description="The laws, orders or rules the event is about or acts under")
    async def instrument(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("instrument", []))

    @strawberry.field(description="For a migration: the platform users left")
    async def origin(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("origin", []))

    @strawberry.field(description="For a migration: the platform users went to")
    async def destination(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("destination", []))

    @strawberry.field(description="The other party, such as the platform a deal or dispute is with")
    async def counterpart(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.roles.get("counterpart", []))

    # links between real-world events, declared in kg/service/event_links.py
    ends = event_links.link_field("ends")
    ended_by = event_links.link_field("endedBy")
    decides = event_links.link_field("decides")
    decided_by = event_links.link_field("decidedBy")
    challenges = event_links.link_field("challenges")
    challenged_by = event_links.link_field("challengedBy")
    enforces = event_links.link_field("enforces")
    enforced_by = event_links.link_field("enforcedBy")
    in_force_from = event_links.in_force_from
    in_force_until = event_links.in_force_until


def evidence_of(r: Row) -> Evidence:
    """A report's evidence from its row (event_details', or kg/act_evidence.py's)."""
    article = Article(
        id=strawberry.ID(to_global_id("Article", r["article"])),
        iri=r["article"],
        title=r["title"],
        published=r["published"],
        url=r["url"],
        event_count=0,
    )
    return Evidence(
        article=article,
        sentence=r["sentence"],
        start=int(r["start"]),
        end=int(r["end"]),
        confidence=float(r["confidence"]),
    )


def _event(rec: EventRecord, as_of: date | None = None) -> Event:
    r = rec.row
    amount = Amount(value=float(r["amount"]), currency=r["currency"], text=r["amountText"]) if r["amount"] else None
    metrics = [Metric(name=m["metricName"], value=float(m["metricValue"]), text=m["metricText"]) for m in rec.metrics]
    return Event(
        id=strawberry.ID(to_global_id("Event", r["event"])),
        iri=r["event"],
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
        evidence=evidence_of(r),
    )


async def load_events(info: Info, iris: list[str]) -> list[Event]:
    recs = await info.context["events"].load_many(list(dict.fromkeys(iris)))
    return [_event(r) for r in recs if r is not None]


def _prime(info: Info, records: list[EventRecord]) -> None:
    for rec in records:
        info.context["events"].prime(rec.id, replace(rec, instance=None, instance_date=None))


def earliest_of(day: str | None) -> str | None:
    """The first day a date can mean: the events' sort key, as the read model keeps it."""
    span = bounds(day)
    return span[0].isoformat() if span else None


def events_of(info: Info, records: list[EventRecord], as_of: date | None) -> list[Event]:
    """Events of an answer; the loader learns their details, so nested lookups cost nothing."""
    _prime(info, records)
    return [_event(rec, as_of) for rec in records]


async def timeline_events(
    info: Info, entity: str, start: date | None, end: date | None, as_of: date | None
) -> list[Event]:
    records = await read(answers.timeline, info.context["store"], entity, start, end, as_of)
    return events_of(info, records, as_of)


@strawberry.type(description="One of a page of entities, with its cursor")
class EntityEdge:
    node: Entity = strawberry.field(description="The entity")
    cursor: str = strawberry.field(description="Where it stands in the list: pass it as 'after' to go on from here")


@strawberry.type(description="A page of entities (Relay cursor connection)")
class EntityConnection:
    edges: list[EntityEdge] = strawberry.field(description="The entities of this page, in order")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow, and the cursors to reach them")
    total_count: int = strawberry.field(description="How many entities match, over all pages")


@strawberry.type(description="One of a page of events, with its cursor")
class EventEdge:
    node: Event = strawberry.field(description="The event")
    cursor: str = strawberry.field(description="Where it stands in the list: pass it as 'after' to go on from here")


@strawberry.type(description="A page of events (Relay cursor connection)")
class EventConnection:
    edges: list[EventEdge] = strawberry.field(description="The events of this page, in order")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow, and the cursors to reach them")
    total_count: int = strawberry.field(description="How many events match, over all pages")


@strawberry.type(description="One of a page of articles, with its cursor")
class ArticleEdge:
    node: Article = strawberry.field(description="The article")
    cursor: str = strawberry.field(description="Where it stands in the list: pass it as 'after' to go on from here")


@strawberry.type(description="A page of articles (Relay cursor connection)")
class ArticleConnection:
    edges: list[ArticleEdge] = strawberry.field(description="The articles of this page, in order")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow, and the cursors to reach them")
    total_count: int = strawberry.field(description="How many articles match, over all pages")


@strawberry.input(description="Every field narrows the match; names, aliases and IRIs all work")
class EventFilter:
    type: str | None = strawberry.field(default=None, description="An event type or a top class")
    jurisdiction: str | None = strawberry.field(default=None, description=f"Where it applies: {Subject}")
    affected: str | None = strawberry.field(default=None, description=f"Whom it acted on: {Subject}")
    agent: str | None = strawberry.field(default=None, description=f"Who acted: {Subject}")
    instrument: str | None = strawberry.field(default=None, description=f"The law or rule it is about: {Subject}")
    from_: date | None = strawberry.field(
        default=None, name="from", description="Events that may have happened on or after this day"
    )
    to: date | None = strawberry.field(default=None, description="Events that may have happened on or before this day")
    min_confidence: float | None = strawberry.field(default=None, description="The extractor's confidence, at least")


@strawberry.input(description="An article to ingest")
class ArticleInput:
    text: str = strawberry.field(description="The article's text, headline first (at most 2 MB)")
    title: str | None = strawberry.field(default=None, description="The headline, if not the first line")
    published: date | None = strawberry.field(default=None, description="Publication day; 'as of' answers need it")
    url: str | None = strawberry.field(default=None, description="Where it was published")


@strawberry.type(description="What ingesting one article found")
class IngestResult:
    status: str = strawberry.field(description="new, replaced, unchanged (the same text was already there) or failed")
    article: Article | None = strawberry.field(description="The article as stored")
    events: list[Event] = strawberry.field(description="The events found in it")
    entities: list[Entity] = strawberry.field(description="The entities named in it")


async def _node(info: Info, global_id: str) -> Node | None:
    """The entity, event or article a global id names; None if the graph no longer has it."""
    found = from_global_id(global_id)
    if found is None:
        raise bad_input(f"{global_id!r} is not an id this API gave out (an id field of Entity, Event or Article)")
    kind, iri = found
    if kind == "Entity":
        return next(iter(await load_entities(info, [iri])), None)
    if kind == "Event":
        return next(iter(await load_events(info, [iri])), None)
    found = await read(article_rows.article, info.context["store"], iri)
    return _article(found) if found else None


def _iri_or_key(value: str, kind: str) -> str:
    """An entity(id:)/article(id:) argument: a global id of that kind, or (as before) an IRI or key."""
    found = from_global_id(value)
    return found[1] if found and found[0] == kind else value


@strawberry.type(description="The questions of spec/QUESTIONS.md, and refetching by id")
class Query:
    @strawberry.field(description="An entity, event or article by its global id (null if it is gone)")
    async def node(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="A global id (Node.id)")]
    ) -> Node | None:
        return await _node(info, str(id))

    @strawberry.field(description="Several objects by their global ids, in the order asked (null for each gone)")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global ids (Node.id)")],
    ) -> list[Node | None]:
        return list(await asyncio.gather(*(_node(info, str(i)) for i in ids)))

    @strawberry.field(description="Q1. What is known about X, by name, alias or IRI")
    async def entity(
        self,
        info: Info,
        name: Annotated[str | None, strawberry.argument(description=f"The entity: {Subject}")] = None,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The entity's global id (Entity.id) or IRI")
        ] = None,
    ) -> Entity | None:
        key = _iri_or_key(str(id), "Entity") if id else name
        if not key:
            raise bad_input("give a name or an id")
        rows = await run_query(info.context["store"], "entity", {"name": str(key)})
        if not rows:
            return None
        records = entity_records(rows)  # the same facts the loader fetches: no second query
        for iri, found in records.items():
            info.context["entities"].prime(iri, found)
        return entity_of(records[rows[0]["entity"]])

    @strawberry.field(description="Q2. Entities of a type, or whose name or alias contains a string")
    async def entities(
        self,
        info: Info,
        type: Annotated[EntityType | None, strawberry.argument(description="Only entities of this type")] = None,
        search: Annotated[
            str | None, strawberry.argument(description="Only entities whose name or an alias contains this")
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> EntityConnection:
        size, offset = page_size(info, first), offset_after(after)
        params = {"type": type.value if type else "Entity", "search": search or ""}
        store = info.context["store"]
        rows, total = await asyncio.gather(
            run_query(store, "entities", params, size, offset), count_query(store, "entities", params)
        )
        nodes = await load_entities(info, [r["entity"] for r in rows])
        edges = [EntityEdge(node=n, cursor=cursor(offset + i)) for i, n in enumerate(nodes)]
        return EntityConnection(edges=edges, page_info=page_info(offset, len(edges), total), total_count=total)

    @strawberry.field(
        description="Q3. Real-world events by type or top class, jurisdiction, affected, agent, instrument, dates"
    )
    async def events(
        self,
        info: Info,
        filter: Annotated[EventFilter | None, strawberry.argument(description="Which events; all if none")] = None,
        first: First = 20,
        after: After = None,
        as_of: AsOf = None,
    ) -> EventConnection:
        size, (key, start) = page_size(info, first), key_after(EVENTS_NEWEST, after)
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
        counted = asks_for(info, "totalCount")
        # one row more than the page says whether another follows, without a count
        records, total = await read(
            answers.event_page, info.context["store"], params, size + 1, start, as_of, key, counted
        )
        more, records = len(records) > size, records[:size]
        keys = [(earliest_of(r.instance_date), str(r.instance)) for r in records]
        nodes = events_of(info, records, as_of)
        edges = [
            EventEdge(node=n, cursor=key_cursor(EVENTS_NEWEST, *k, start + i))
            for i, (n, k) in enumerate(zip(nodes, keys, strict=True))
        ]
        return EventConnection(
            edges=edges,
            page_info=keyed_page_info(EVENTS_NEWEST, keys, start, more),
            total_count=total or 0,  # 0 when not asked for: never sent
        )

    @strawberry.field(description="Q6. What happened to X, in date order, each real-world event once")
    async def timeline(
        self,
        info: Info,
        entity: Annotated[str, strawberry.argument(description=f"The entity: {Subject}")],
        from_: FromDay = None,
        to: ToDay = None,
        as_of: AsOf = None,
    ) -> list[Event]:
        return await timeline_events(info, entity, from_, to, as_of)

    @strawberry.field(description="Q7. User migrations: users who left a platform, and where they went")
    async def migrations(
        self,
        info: Info,
        from_: LeftPlatform = None,
        to: JoinedPlatform = None,
        as_of: AsOf = None,
    ) -> list[Event]:
        records = await read(answers.migrations, info.context["store"], from_, to, as_of)
        return events_of(info, records, as_of)

    @strawberry.field(description="Q8. Ingested articles, newest first (undated last)")
    async def articles(self, info: Info, first: First = 20, after: After = None) -> ArticleConnection:
        size, (key, start) = page_size(info, first), key_after(ARTICLES_NEWEST, after)
        rows, total = await read(article_rows.page, info.context["store"], size, start, key)
        keys = [(r["published"], str(r["article"])) for r in rows]
        edges = [
            ArticleEdge(node=_article(r), cursor=key_cursor(ARTICLES_NEWEST, *k, start + i))
            for i, (r, k) in enumerate(zip(rows, keys, strict=True))
        ]
        return ArticleConnection(
            edges=edges, page_info=key_page_info(ARTICLES_NEWEST, keys, start, total), total_count=total
        )

    @strawberry.field(description="Q8. One article by its global id, content hash or IRI")
    async def article(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="Article.id, the content hash or the article's IRI")
        ],
    ) -> Article | None:
        found = await read(article_rows.article, info.context["store"], _iri_or_key(str(id), "Article"))
        return _article(found) if found else None


def _article(r: dict) -> Article:
    return Article(
        id=strawberry.ID(to_global_id("Article", r["article"])),
        iri=r["article"],
        title=r["title"],
        published=r["published"],
        url=r["url"],
        event_count=int(r["events"] or 0),
    )


@strawberry.type(description="Writes: a bearer token (KG_API_TOKENS) is required")
class Mutation:
    @strawberry.mutation(description="Ingest one article (bearer token required); returns what was found")
    async def ingest_article(
        self, info: Info, input: Annotated[ArticleInput, strawberry.argument(description="The article")]
    ) -> IngestResult:
        from kg.article_row import article_from_row
        from kg.ingest import ingest_article
        from kg.sources import SourceError

        refusal = write_refusal(info.context["request"], info.context["settings"].api_tokens, info.context["throttle"])
        if refusal:
            raise graphql_error(refusal, info.context["response"])  # POST /articles' words and status
        try:
            published = input.published.isoformat() if input.published else None
            row = {"text": input.text, "title": input.title, "published": published, "url": input.url}
            article = article_from_row(row, ROW_SOURCE)
        except SourceError as exc:
            raise bad_input(exc.reason) from exc
        async with info.context["write_lock"]:
            result = await asyncio.to_thread(ingest_article, info.context["write_store"], article)
        info.context["on_write"]()
        ex = result.extraction
        events = await load_events(info, [e.id for e in ex.events]) if ex else []
        entities = await load_entities(info, [e.id for e in ex.entities]) if ex else []
        found = (
            await read(article_rows.article, info.context["store"], result.article_id) if result.article_id else None
        )
        return IngestResult(
            status=result.status, article=_article(found) if found else None, events=events, entities=entities
        )
