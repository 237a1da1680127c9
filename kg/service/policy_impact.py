"""Q4, what an instrument did, in GraphQL: the acts are named by the question's rows
(kg/answers.py `policy_impact_parts`) and their details fetched only for the events a field
shows, in one batch per response (kg/service/acts.py). `responsesConnection` and
`consequencesConnection` page the two lists that grow with the graph (at 1M quads the Digital
Services Act has hundreds of each); the whole-list fields stay for the clients that read them
(the explorer does)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from kg import answers
from kg.answers import Act, PolicyImpactParts
from kg.service.acts import act_events, positioned_page
from kg.service.schema import (
    After,
    AsOf,
    Entity,
    Event,
    EventConnection,
    EventEdge,
    First,
    Subject,
    entity_of,
    load_entities,
)
from kg.service.store_work import read

RESPONSES = "policyImpact.responses"  # by date, oldest first (undated first), then instance
CONSEQUENCES = "policyImpact.consequences"


async def _page(
    info: Info, order: str, acts: list[Act], as_of: date | None, first: int | None, after: str | None
) -> EventConnection:
    edges, page_info, total = positioned_page(info, order, acts, lambda a: a.instance, first, after)
    events = await act_events(info, [a for a, _ in edges], as_of)
    by_iri = {e.instance_iri: e for e in events}
    return EventConnection(
        edges=[EventEdge(node=by_iri[a.instance], cursor=c) for a, c in edges if a.instance in by_iri],
        page_info=page_info,
        total_count=total,
    )


@strawberry.type(description="What a law or other instrument did, whom it affected, and what followed")
class PolicyImpact:
    instrument: Entity = strawberry.field(description="The instrument asked about")
    found: strawberry.Private[PolicyImpactParts]
    as_of: strawberry.Private[date | None]

    @strawberry.field(description="Acts under or about it: enactment, bans, orders, rulings")
    async def actions(self, info: Info) -> list[Event]:
        return await act_events(info, self.found.actions, self.as_of)

    @strawberry.field(description="Whom those acts affected")
    async def affected(self, info: Info) -> list[Entity]:
        return await load_entities(info, self.found.affected)

    @strawberry.field(description="How the affected responded: challenges, compliance, ...")
    async def responses(self, info: Info) -> list[Event]:
        return await act_events(info, self.found.responses, self.as_of)

    @strawberry.field(description="What followed for users and markets: migrations, ...")
    async def consequences(self, info: Info) -> list[Event]:
        return await act_events(info, self.found.consequences, self.as_of)

    @strawberry.field(description="The responses a page at a time, in the order of responses (a Relay connection)")
    async def responses_connection(self, info: Info, first: First = 20, after: After = None) -> EventConnection:
        return await _page(info, RESPONSES, self.found.responses, self.as_of, first, after)

    @strawberry.field(
        description="The consequences a page at a time, in the order of consequences (a Relay connection)"
    )
    async def consequences_connection(self, info: Info, first: First = 20, after: After = None) -> EventConnection:
        return await _page(info, CONSEQUENCES, self.found.consequences, self.as_of, first, after)


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
        found = await read(answers.policy_impact_parts, info.context["store"], instrument, as_of)
        if found is None:
            return None
        return PolicyImpact(instrument=entity_of(found.instrument), found=found, as_of=as_of)
