"""Q4, what an instrument did, in GraphQL. With a read model, the instrument, whom its acts
affected and what ties a reaction to it are worked out first (kg/answers.py
`policy_impact_start`); `responsesConnection` and `consequencesConnection` then read their own
page by keyset (the reactions walked in answer order until the page is full) and fetch details
for that page only, and `totalCount`, which has to check every reaction, only when asked. The
whole-list fields (`actions`, `responses`, `consequences`; the explorer reads them) compute the
whole answer (`policy_impact_parts`) once per response, only when asked. Without a read model,
or for a name that stands for several instruments, the pages are cut from the whole answer by
position (kg/service/acts.py)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from kg import answers
from kg.answers import Act, PolicyImpactParts, PolicyImpactStart
from kg.service.acts import act_events, positioned_page
from kg.service.connections import PageInfo, asks_for, key_after, key_cursor, page_size
from kg.service.schema import (
    After,
    AsOf,
    Entity,
    Event,
    EventConnection,
    EventEdge,
    First,
    Subject,
    earliest_of,
    entity_of,
    load_entities,
)
from kg.service.store_work import read

RESPONSES = "policyImpact.responses"  # by date, oldest first (undated first), then instance
CONSEQUENCES = "policyImpact.consequences"


async def _positioned(
    info: Info, order: str, acts: list[Act], as_of: date | None, first: int | None, after: str | None
) -> EventConnection:
    edges, page_info, total = positioned_page(
        info, order, acts, lambda a: a.instance, first, after, lambda a: earliest_of(a.date)
    )
    events = await act_events(info, [a for a, _ in edges], as_of)
    by_iri = {e.instance_iri: e for e in events}
    return EventConnection(
        edges=[EventEdge(node=by_iri[a.instance], cursor=c) for a, c in edges if a.instance in by_iri],
        page_info=page_info,
        total_count=total,
    )


async def _keyset(
    info: Info,
    order: str,
    start: PolicyImpactStart,
    part: str,
    as_of: date | None,
    first: int | None,
    after: str | None,
) -> EventConnection:
    size = page_size(info, first)
    key, position = key_after(order, after)
    store = info.context["store"]
    found = await read(answers.policy_impact_page, store, start.ties, part, size + 1, key, position)
    more, found = len(found) > size, found[:size]  # one more than the page says whether another follows
    events = await act_events(info, [a for a, _ in found], as_of)
    by_iri = {e.instance_iri: e for e in events}
    # (an act from the whole answer, when the read model could not answer, has no earliest: its date's)
    keys = [earliest if earliest is not None else earliest_of(a.date) for a, earliest in found]
    cursors = [
        key_cursor(order, k, a.instance, position + i) for i, ((a, _), k) in enumerate(zip(found, keys, strict=True))
    ]
    total = await read(answers.policy_impact_count, store, start.ties, part) if asks_for(info, "totalCount") else 0
    return EventConnection(
        edges=[
            EventEdge(node=by_iri[a.instance], cursor=c)
            for (a, _), c in zip(found, cursors, strict=True)
            if a.instance in by_iri
        ],
        page_info=PageInfo(
            has_next_page=more,
            has_previous_page=position > 0,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        total_count=total,  # 0 when not asked for: never sent
    )


@strawberry.type(description="What a law or other instrument did, whom it affected, and what followed")
class PolicyImpact:
    instrument: Entity = strawberry.field(description="The instrument asked about")
    name: strawberry.Private[str]
    start: strawberry.Private[PolicyImpactStart | None]
    whole: strawberry.Private[asyncio.Future[PolicyImpactParts | None] | None]
    as_of: strawberry.Private[date | None]

    async def _whole(self, info: Info) -> PolicyImpactParts:
        """The whole answer, computed once per response however many fields ask for it."""
        if self.whole is None:
            self.whole = asyncio.ensure_future(
                read(answers.policy_impact_parts, info.context["store"], self.name, self.as_of)
            )
        found = await self.whole
        if found is None:  # the instrument went from the graph since this response started
            assert self.start is not None  # (without a start, `whole` is the answer found at the start)
            return PolicyImpactParts(self.start.instrument, [], [], [], [])
        return found

    async def _part(self, info: Info, order: str, part: str, first: int | None, after: str | None) -> EventConnection:
        if self.start is not None:
            return await _keyset(info, order, self.start, part, self.as_of, first, after)
        found = await self._whole(info)
        acts = found.responses if part == "response" else found.consequences
        return await _positioned(info, order, acts, self.as_of, first, after)

    @strawberry.field(description="Acts under or about it: enactment, bans, orders, rulings")
    async def actions(self, info: Info) -> list[Event]:
        return await act_events(info, (await self._whole(info)).actions, self.as_of)

    @strawberry.field(description="Whom those acts affected")
    async def affected(self, info: Info) -> list[Entity]:
        affected = self.start.affected if self.start is not None else (await self._whole(info)).affected
        if asks_for(info, "aliases") or asks_for(info, "sameAs"):
            return await load_entities(info, affected)
        # a whole list (hundreds for a long-lived law) shown by name: names and types alone
        recs = await info.context["entity_names"].load_many(affected)
        return [entity_of(r) for r in recs if r is not None]

    @strawberry.field(description="How the affected responded: challenges, compliance, ...")
    async def responses(self, info: Info) -> list[Event]:
        return await act_events(info, (await self._whole(info)).responses, self.as_of)

    @strawberry.field(description="What followed for users and markets: migrations, ...")
    async def consequences(self, info: Info) -> list[Event]:
        return await act_events(info, (await self._whole(info)).consequences, self.as_of)

    @strawberry.field(description="The responses a page at a time, in the order of responses (a Relay connection)")
    async def responses_connection(self, info: Info, first: First = 20, after: After = None) -> EventConnection:
        return await self._part(info, RESPONSES, "response", first, after)

    @strawberry.field(
        description="The consequences a page at a time, in the order of consequences (a Relay connection)"
    )
    async def consequences_connection(self, info: Info, first: First = 20, after: After = None) -> EventConnection:
        return await self._part(info, CONSEQUENCES, "consequence", first, after)


@strawberry.type
class PolicyImpactQueries:
    """The policyImpact field, merged into the schema's Query (kg/service/graphql_view.py)."""

    @strawberry.field(description="Q4. What instrument X did, whom it affected, how they responded, what followed")
    async def policy_impact(
        self,
        info: Info,
        instrument: Annotated[str, strawberry.argument(description=f"The law or other instrument: {Subject}")],
        as_of: AsOf = None,
    ) -> PolicyImpact | None:
        store = info.context["store"]
        start = await read(answers.policy_impact_start, store, instrument, as_of)
        if start is not None:
            return PolicyImpact(
                instrument=entity_of(start.instrument), name=instrument, start=start, whole=None, as_of=as_of
            )
        found = await read(answers.policy_impact_parts, store, instrument, as_of)
        if found is None:
            return None
        done: asyncio.Future[PolicyImpactParts | None] = asyncio.get_running_loop().create_future()
        done.set_result(found)
        return PolicyImpact(
            instrument=entity_of(found.instrument), name=instrument, start=None, whole=done, as_of=as_of
        )
