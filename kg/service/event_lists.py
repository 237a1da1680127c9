"""The paged event lists besides `events`: an entity's timeline (Q6, also `Entity.eventsConnection`)
and user migrations (Q7), as Relay connections with keyset cursors (kg/service/connections.py).

Why new fields beside the old ones: `timeline`, `migrations` and `Entity.events` return every
event as a plain list, and the explorer and existing clients read them so; changing their
shape would break those clients in one step. The `...Connection` fields page the same answer,
in the same order (oldest first, undated first, then by instance IRI), so a client can move
over field by field. The lists are merged into the schema's Query in kg/service/graphql_view.py
to keep schema.py from growing.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from kg import answers
from kg.answers import EventRecord
from kg.service.connections import asks_for, key_after, key_cursor, keyed_page_info, page_size
from kg.service.schema import (
    After,
    AsOf,
    EventConnection,
    EventEdge,
    First,
    FromDay,
    JoinedPlatform,
    LeftPlatform,
    Subject,
    ToDay,
    earliest_of,
    events_of,
)
from kg.service.store_work import read

TIMELINE_OLDEST = "timeline.oldest"  # queries/timeline.rq's order: earliest (undated first), instance
MIGRATIONS_OLDEST = "migrations.oldest"  # queries/migrations.rq's order, the same key


def _connection(
    info: Info, order: str, size: int, records: list[EventRecord], total: int | None, start: int, as_of: date | None
) -> EventConnection:
    """A page of events as a connection, each edge's cursor carrying its row's sort key. The
    records were read one longer than the page (`size`): whether another page follows is known
    without the count, which is made only when `totalCount` is asked for."""
    more, records = len(records) > size, records[:size]
    keys = [(earliest_of(r.instance_date), str(r.instance)) for r in records]
    nodes = events_of(info, records, as_of)
    edges = [
        EventEdge(node=n, cursor=key_cursor(order, *k, start + i))
        for i, (n, k) in enumerate(zip(nodes, keys, strict=True))
    ]
    page_info = keyed_page_info(order, keys, start, more)
    return EventConnection(edges=edges, page_info=page_info, total_count=total or 0)  # 0: not asked, never sent


async def timeline_connection(
    info: Info,
    entity: str,
    start_day: date | None,
    end_day: date | None,
    as_of: date | None,
    first: int | None,
    after: str | None,
) -> EventConnection:
    """One page of an entity's timeline (the root field and Entity.eventsConnection alike: one
    list, so a cursor of either is good for the other)."""
    size, (key, start) = page_size(info, first), key_after(TIMELINE_OLDEST, after)
    counted = asks_for(info, "totalCount")
    records, total = await read(
        answers.timeline_page, info.context["store"], entity, size + 1, start, start_day, end_day, as_of, key, counted
    )
    return _connection(info, TIMELINE_OLDEST, size, records, total, start, as_of)


@strawberry.type
class EventListQueries:
    """Query fields merged into the schema's Query (see the module's docstring)."""

    @strawberry.field(
        description="Q6, paged: what happened to X, oldest first (undated first), each real-world event once"
    )
    async def timeline_connection(
        self,
        info: Info,
        entity: Annotated[str, strawberry.argument(description=f"The entity: {Subject}")],
        from_: FromDay = None,
        to: ToDay = None,
        as_of: AsOf = None,
        first: First = 20,
        after: After = None,
    ) -> EventConnection:
        return await timeline_connection(info, entity, from_, to, as_of, first, after)

    @strawberry.field(description="Q7, paged: user migrations, oldest first, each real-world movement once")
    async def migrations_connection(
        self,
        info: Info,
        from_: LeftPlatform = None,
        to: JoinedPlatform = None,
        as_of: AsOf = None,
        first: First = 20,
        after: After = None,
    ) -> EventConnection:
        size, (key, start) = page_size(info, first), key_after(MIGRATIONS_OLDEST, after)
        counted = asks_for(info, "totalCount")
        store = info.context["store"]
        records, total = await read(answers.migrations_page, store, size + 1, start, from_, to, as_of, key, counted)
        return _connection(info, MIGRATIONS_OLDEST, size, records, total, start, as_of)
