"""Q5, a platform's exposure per jurisdiction, in GraphQL: scores from kg/answers.py's
`exposure_scores` (the question's rows, no act's details), and the details of an act fetched
only when a field asks for it (`events`, a reason's `event` or `evidence`), in one batch per
response through a DataLoader.

Why: scoring a jurisdiction needs every act there, but showing it does not. Fetching every
act's details (about 1 ms each from the graph) made `exposure(platform: "TikTok") { riskLevel
reasons { text } }` cost 1.5 s at 1M quads; now the details are paid for what is shown, and
`reasonsConnection` pages the longest list, the reasons, so a client can show a jurisdiction's
first few. `reasons` (the whole list) stays for the clients that read it (the explorer does).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from kg import answers
from kg.answers import Act, EventRecord, ExposureScore
from kg.service.connections import PageInfo, key_after, key_cursor, key_page_info, page_size
from kg.service.schema import (
    After,
    AsOf,
    Entity,
    Event,
    Evidence,
    First,
    RiskLevel,
    Subject,
    entity_of,
    events_of,
    load_entities,
)
from kg.service.store_work import read

REASONS = "exposure.reasons"  # a jurisdiction's reasons, largest effect first (computed, so by position)


def _act_loader(info: Info) -> DataLoader[Act, EventRecord | None]:
    """This response's loader of act details: every act asked for, across jurisdictions, in one batch."""
    loader = info.context.get("acts")
    if loader is None:
        store = info.context["store"]

        async def load(keys: list[Act]) -> list[EventRecord | None]:
            found = await read(answers.act_records, store, list(keys))
            return [found.get(k) for k in keys]

        loader = info.context["acts"] = DataLoader(load_fn=load)
    return loader


async def _event(info: Info, act: Act, as_of: date | None) -> Event:
    rec = await _act_loader(info).load(act)
    if rec is None:  # the graph lost the report between the rows and the details
        raise ValueError(f"the event {act.instance} is no longer in the graph")
    (event,) = events_of(info, [rec], as_of)
    return event


@strawberry.type(description="One reason a jurisdiction's risk score is what it is")
class RiskReason:
    text: str = strawberry.field(description="The reason in words, from the rule in kg/risk_rules.toml")
    points: float = strawberry.field(description="What it adds to the score after decay with age (negative lowers)")
    act: strawberry.Private[Act]
    as_of: strawberry.Private[date | None]

    @strawberry.field(description="The real-world event behind it")
    async def event(self, info: Info) -> Event:
        return await _event(info, self.act, self.as_of)

    @strawberry.field(description="The sentence and article that report it")
    async def evidence(self, info: Info) -> Evidence:
        return (await _event(info, self.act, self.as_of)).evidence


@strawberry.type(description="One of a page of risk reasons, with its cursor")
class RiskReasonEdge:
    node: RiskReason = strawberry.field(description="The reason")
    cursor: str = strawberry.field(description="Where it stands in the list: pass it as 'after' to go on from here")


@strawberry.type(description="A page of a jurisdiction's risk reasons, largest effect first (Relay connection)")
class RiskReasonConnection:
    edges: list[RiskReasonEdge] = strawberry.field(description="The reasons of this page, in order")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow, and the cursors to reach them")
    total_count: int = strawberry.field(description="How many reasons the jurisdiction has, over all pages")


@strawberry.type(description="A platform's regulatory exposure in one jurisdiction")
class Exposure:
    jurisdiction: Entity = strawberry.field(description="The jurisdiction")
    status: str = strawberry.field(
        description="Where things stand there, from the latest decisive event: banned, fined, in court, "
        "law enacted, ban lifted, ... or monitored"
    )
    risk_level: RiskLevel = strawberry.field(description="The score's band: LOW, MEDIUM, HIGH or SEVERE")
    score: float = strawberry.field(description="The sum of the reasons' points")
    found: strawberry.Private[ExposureScore]
    as_of: strawberry.Private[date | None]

    @strawberry.field(description="The laws and orders in play there")
    async def instruments(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.found.instruments)

    @strawberry.field(description="The real-world events counted, one report each")
    async def events(self, info: Info) -> list[Event]:
        recs = await _act_loader(info).load_many(self.found.acts)
        return events_of(info, [r for r in recs if r is not None], self.as_of)

    def _reasons(self) -> list[RiskReason]:
        return [RiskReason(text=x.text, points=x.points, act=x.act, as_of=self.as_of) for x in self.found.reasons]

    @strawberry.field(description="Every reason with its points, largest effect first")
    def reasons(self) -> list[RiskReason]:
        return self._reasons()

    @strawberry.field(description="The reasons a page at a time, largest effect first (a Relay connection)")
    def reasons_connection(self, info: Info, first: First = 20, after: After = None) -> RiskReasonConnection:
        size, (_, start) = page_size(info, first), key_after(REASONS, after)
        everything = self._reasons()
        page = everything[start : start + size]
        keys: list[tuple[str | None, str]] = [(None, r.act.instance) for r in page]
        edges = [
            RiskReasonEdge(node=r, cursor=key_cursor(REASONS, *k, start + i))
            for i, (r, k) in enumerate(zip(page, keys, strict=True))
        ]
        return RiskReasonConnection(
            edges=edges, page_info=key_page_info(REASONS, keys, start, len(everything)), total_count=len(everything)
        )


@strawberry.type
class ExposureQueries:
    """The exposure field, merged into the schema's Query (kg/service/graphql_view.py)."""

    @strawberry.field(
        description="Q5. Platform P's regulatory exposure per jurisdiction, with a risk level and reasons; "
        "each real-world act counted once"
    )
    async def exposure(
        self,
        info: Info,
        platform: Annotated[str, strawberry.argument(description=f"The platform or company: {Subject}")],
        as_of: AsOf = None,
    ) -> list[Exposure]:
        found = await read(answers.exposure_scores, info.context["store"], platform, as_of)
        return [
            Exposure(
                jurisdiction=entity_of(place.jurisdiction),
                status=place.status,
                risk_level=RiskLevel(place.level),
                score=place.score,
                found=place,
                as_of=as_of,
            )
            for place in found
        ]
