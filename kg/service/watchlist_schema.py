"""Watchlists in GraphQL: saving and deleting them (mutations), listing them and their
delivery logs (queries), and following new events live (subscriptions, graphql-transport-ws).

Every field here but `follow` is a user's own: it needs the bearer token that writes need,
refused with the same words (kg/service/auth.py), and a user sees and deletes only the
watchlists saved with their token. `follow` asks for nothing but public events, like any query.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated
from urllib.parse import urlparse

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from extractors.gazetteer import Gazetteer
from extractors.vocabulary import EVENT_TYPES, TOP_CLASSES
from kg.answers import EntityRecord
from kg.service.auth import authorization_header, bearer_token, check_write
from kg.service.connections import bad_input
from kg.service.error_edges import graphql_error
from kg.service.loaders import run_query
from kg.service.schema import Entity, Event, RiskLevel, Subject, entity_of, load_entities, load_events
from kg.service.watch_hub import Notification as Note
from kg.service.watch_hub import Subscriber, WatchHub
from kg.watch.matching import Filter
from kg.watch.storage import Attempt, Delivery, Watchlist, owner_of

KNOWN_TYPES = set(EVENT_TYPES) | set(TOP_CLASSES)


def _hub(info: Info) -> WatchHub:
    hub = info.context.get("watch")
    if hub is None:
        raise GraphQLError(
            "watchlists need a file to live in: this server's store is remote, so set KG_WATCHLISTS_DB",
            extensions={"code": "WATCHLISTS_OFF"},
        )
    return hub


def _owner(info: Info) -> str:
    """Who asks, as the watchlists file knows them; refused as a write is when the token is not good.

    Over a websocket the token may also come in the connection_init payload
    ({"Authorization": "Bearer ..."}), since a browser cannot set a websocket's headers."""
    request = info.context["request"]
    raw = list(request.headers.raw)
    params = info.context.get("connection_params")
    if isinstance(params, dict) and isinstance(params.get("Authorization"), str) and not authorization_header(raw):
        raw.append((b"authorization", params["Authorization"].encode("latin-1", "replace")))
    client = request.client.host if request.client else "unknown"
    refusal = check_write(raw, client, info.context["settings"].api_tokens, info.context["throttle"])
    if refusal:
        raise graphql_error(refusal, info.context.get("response"))
    token = bearer_token(authorization_header(raw))
    assert token is not None  # check_write passed
    return owner_of(token)


async def _resolve(info: Info, name: str, what: str) -> tuple[str, str]:
    """An entity named as the questions name one (name, alias or IRI): its IRI and label. One
    the graph has not met yet is looked up in the gazetteer, since a watchlist waits for news
    of it (a platform's first ban)."""
    rows = await run_query(info.context["store"], "entity", {"name": name})
    if rows:
        return rows[0]["entity"], rows[0]["label"]
    gazetteer = Gazetteer.default()
    known = gazetteer.by_name(name) or gazetteer.by_iri(name)
    if known is None:
        raise bad_input(f"no {what} called {name!r} is in the graph or the gazetteer (a name, an alias or an IRI)")
    return known.iri, known.label


@strawberry.type(description="One try of a webhook delivery")
class DeliveryAttempt:
    number: int = strawberry.field(description="1 for the first try, 2 for the first retry ...")
    at: str = strawberry.field(description="When it was tried (UTC, ISO 8601)")
    status_code: int | None = strawberry.field(description="The receiver's HTTP status; null if none came")
    error: str | None = strawberry.field(description="Why it failed: the status or the connection error; null if not")


@strawberry.type(description="A webhook delivery: one new event told to one watchlist's URL")
class WebhookDelivery:
    idempotency_key: str = strawberry.field(description="The key in the payload: the same on every retry")
    instance: str = strawberry.field(description="The real-world event's IRI (Event.instance)")
    status: str = strawberry.field(description="pending (being tried or waiting to retry), delivered or failed")
    attempts: int = strawberry.field(description="How many tries so far")
    created: str = strawberry.field(description="When the event was matched (UTC, ISO 8601)")
    delivered: str | None = strawberry.field(description="When a try succeeded; null until then")
    payload: str = strawberry.field(description="The JSON body POSTed, exactly as signed")
    key: strawberry.Private[str]
    storage: strawberry.Private[object]

    @strawberry.field(description="Every try, oldest first")
    def log(self) -> list[DeliveryAttempt]:
        attempts: list[Attempt] = self.storage.attempts(self.key)  # type: ignore[attr-defined]
        return [DeliveryAttempt(number=a.n, at=a.at, status_code=a.status_code, error=a.error) for a in attempts]


def _delivery(d: Delivery, storage: object) -> WebhookDelivery:
    return WebhookDelivery(
        idempotency_key=d.key,
        instance=d.instance,
        status=d.status,
        attempts=d.attempts,
        created=d.created,
        delivered=d.delivered,
        payload=d.payload,
        key=d.key,
        storage=storage,
    )


@strawberry.type(name="Watchlist", description="A saved filter: each new real-world event that matches is told")
class WatchlistType:
    id: strawberry.ID = strawberry.field(description="The watchlist's id: give it to deleteWatchlist or watch")
    name: str = strawberry.field(description="The owner's name for it")
    event_types: list[str] = strawberry.field(description="Event types or top classes it takes; empty: any")
    min_risk_level: RiskLevel | None = strawberry.field(
        description="The least risk an event must carry: its rule's points in kg/risk_rules.toml read on the levels "
        "(a Ban is HIGH, a Fine MEDIUM; one event alone reaches SEVERE only if a rule gives it 80 points)"
    )
    webhook_url: str | None = strawberry.field(description="Where deliveries are POSTed; null: subscriptions only")
    created: str = strawberry.field(description="When it was saved (UTC, ISO 8601)")
    entity_iri: strawberry.Private[str | None]
    jurisdiction_iri: strawberry.Private[str | None]

    @strawberry.field(description="Events in which this entity takes any role; null: any entity")
    async def entity(self, info: Info) -> Entity | None:
        return await _entity(info, self.entity_iri)

    @strawberry.field(description="Events that apply here; null: anywhere")
    async def jurisdiction(self, info: Info) -> Entity | None:
        return await _entity(info, self.jurisdiction_iri)

    @strawberry.field(description="Its webhook deliveries, newest first: the delivery log")
    def deliveries(
        self, info: Info, first: Annotated[int, strawberry.argument(description="At most this many")] = 20
    ) -> list[WebhookDelivery]:
        storage = _hub(info).storage
        return [_delivery(d, storage) for d in storage.deliveries(str(self.id), max(1, min(first, 100)))]


async def _entity(info: Info, iri: str | None) -> Entity | None:
    """The entity as the graph describes it, else as the gazetteer does (not met in the graph yet)."""
    if iri is None:
        return None
    found = await load_entities(info, [iri])
    if found:
        return found[0]
    known = Gazetteer.default().by_iri(iri)
    if known is None:
        return None
    record = EntityRecord(known.iri, known.label, known.type, list(known.aliases), known.same_as)
    return entity_of(record)


def _watchlist(wl: Watchlist) -> WatchlistType:
    return WatchlistType(
        id=strawberry.ID(wl.id),
        name=wl.name,
        event_types=wl.event_types,
        min_risk_level=RiskLevel(wl.min_risk) if wl.min_risk else None,
        webhook_url=wl.webhook_url,
        created=wl.created,
        entity_iri=wl.entity,
        jurisdiction_iri=wl.jurisdiction,
    )


@strawberry.type(description="A watchlist just saved, with the secret its webhook deliveries are signed with")
class CreatedWatchlist:
    watchlist: WatchlistType = strawberry.field(description="The watchlist as saved")
    secret: str = strawberry.field(
        description="The HMAC-SHA256 key of its webhook signatures (X-KG-Signature). Shown this once: keep it"
    )


@strawberry.input(description="What a watchlist follows; every field given narrows it")
class WatchlistInput:
    name: str = strawberry.field(description="Your name for it")
    entity: str | None = strawberry.field(default=None, description=f"Events in which this takes any role: {Subject}")
    jurisdiction: str | None = strawberry.field(default=None, description=f"Events that apply here: {Subject}")
    event_types: list[str] = strawberry.field(
        default_factory=list, description="Event types or top classes (Ban, RegulatoryAction ...); empty: any"
    )
    min_risk_level: RiskLevel | None = strawberry.field(default=None, description="The least risk an event carries")
    webhook_url: str | None = strawberry.field(
        default=None, description="An http(s) URL to POST each match to, signed; none: subscriptions only"
    )


@strawberry.type(description="A new real-world event that matched a watchlist or a followed entity")
class Notification:
    idempotency_key: str = strawberry.field(
        description="The same for the same watchlist and event, in the webhook payload too: deduplicate by it"
    )
    watchlist: strawberry.ID | None = strawberry.field(description="The watchlist matched; null for follow")
    risk_level: RiskLevel = strawberry.field(description="The event's own risk level (Watchlist.minRiskLevel)")
    instance: str = strawberry.field(description="The real-world event's IRI")
    report: strawberry.Private[str]

    @strawberry.field(description="The event as the first article reports it, with its evidence (sentence, article)")
    async def event(self, info: Info) -> Event:
        found = await load_events(info, [self.report])
        if not found:
            raise GraphQLError("the event's article was replaced before it could be read", extensions={"code": "GONE"})
        return found[0]


def _notification(note: Note) -> Notification:
    return Notification(
        idempotency_key=note.key,
        watchlist=strawberry.ID(note.watchlist) if note.watchlist else None,
        risk_level=RiskLevel(note.event.risk_level),
        instance=note.event.instance,
        report=note.event.report,
    )


@strawberry.type
class WatchlistQueries:
    @strawberry.field(description="Your watchlists, oldest first (bearer token required)")
    def watchlists(self, info: Info) -> list[WatchlistType]:
        owner = _owner(info)
        return [_watchlist(wl) for wl in _hub(info).storage.watchlists(owner)]


@strawberry.type
class WatchlistMutations:
    @strawberry.mutation(
        description="Save a watchlist (bearer token required); its secret is returned this once. Each new "
        "real-world event that matches is sent to the watch subscription and, with a webhookUrl, POSTed there"
    )
    async def create_watchlist(
        self, info: Info, input: Annotated[WatchlistInput, strawberry.argument(description="What to watch")]
    ) -> CreatedWatchlist:
        owner = _owner(info)
        hub = _hub(info)
        if not input.name.strip():
            raise bad_input("give the watchlist a name")
        unknown = sorted(set(input.event_types) - KNOWN_TYPES)
        if unknown:
            raise bad_input(f"unknown event types {unknown}; known: {', '.join(sorted(KNOWN_TYPES))}")
        url = input.webhook_url
        if url is not None and (urlparse(url).scheme not in ("http", "https") or not urlparse(url).hostname):
            raise bad_input(f"webhookUrl must be an http or https URL, not {url!r}")
        entity = await _resolve(info, input.entity, "entity") if input.entity else (None, None)
        place = await _resolve(info, input.jurisdiction, "jurisdiction") if input.jurisdiction else (None, None)
        saved = hub.storage.create(
            Watchlist(
                id="",
                owner=owner,
                name=input.name.strip(),
                entity=entity[0],
                entity_label=entity[1],
                jurisdiction=place[0],
                jurisdiction_label=place[1],
                event_types=list(dict.fromkeys(input.event_types)),
                min_risk=input.min_risk_level.value if input.min_risk_level else None,
                webhook_url=url,
            )
        )
        return CreatedWatchlist(watchlist=_watchlist(saved), secret=saved.secret)

    @strawberry.mutation(description="Delete one of your watchlists and its delivery log (bearer token required)")
    def delete_watchlist(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Watchlist.id")]
    ) -> strawberry.ID:
        owner = _owner(info)
        if not _hub(info).storage.delete(str(id), owner):
            raise GraphQLError(f"you have no watchlist {id}", extensions={"code": "NOT_FOUND"})
        return id


@strawberry.type(description="Live answers over a websocket (graphql-transport-ws at /graphql)")
class Subscription:
    @strawberry.subscription(
        description="Each new real-world event that matches one of your watchlists, once, as it is stored "
        "(bearer token required: a header, or Authorization in the connection_init payload)"
    )
    async def watch(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Watchlist.id")]
    ) -> AsyncGenerator[Notification, None]:
        owner = _owner(info)
        hub = _hub(info)
        wl = hub.storage.watchlist(str(id), owner)
        if wl is None:
            raise GraphQLError(f"you have no watchlist {id}", extensions={"code": "NOT_FOUND"})
        async for note in hub.follow(Subscriber(Filter.of(wl), wl.id)):
            yield _notification(note)

    @strawberry.subscription(
        description="Each new real-world event in which this entity takes any role, once, as it is stored "
        "(no token: what the explorer's Follow button opens)"
    )
    async def follow(
        self, info: Info, entity: Annotated[str, strawberry.argument(description=f"The entity: {Subject}")]
    ) -> AsyncGenerator[Notification, None]:
        hub = _hub(info)
        iri, _ = await _resolve(info, entity, "entity")
        async for note in hub.follow(Subscriber(Filter(entity=iri))):
            yield _notification(note)
