"""The links between real-world events as fields of Event: `ends`, `endedBy`, `decides`,
`decidedBy`, `challenges`, `challengedBy`, `enforces`, `enforcedBy`, and a ban's or a law's
`inForceFrom` / `inForceUntil` (kg/links.py works them out, kg/linked_events.py reads them).

One DataLoader (kg/service/loaders.py) batches every event of a response: a page of events and
their links costs two queries, not two an event. The fields are declared here and placed in Event by schema.py, so
the schema module does not grow with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from kg.linked_events import Linked

if TYPE_CHECKING:
    from kg.service.schema import Event

DESCRIPTIONS = {
    "ends": "What this event ended: the ban a lifting lifted, the shutdown a restoration ended, the app "
    "removal a restoration undid, or the law, regulation, order or ban a ruling struck down or blocked",
    "endedBy": "What ended this ban, shutdown, app removal, law, regulation or order (see ends); empty while "
    "nothing known has",
    "decides": "The legal challenges this court ruling decided: the first ruling on the challenged instrument "
    "on or after the challenge",
    "decidedBy": "The court ruling that decided this legal challenge (see decides)",
    "challenges": "The law, regulation, order or ban this legal challenge challenged: the latest on its "
    "instrument begun by the challenge's day",
    "challengedBy": "The legal challenges brought against this law, regulation, order or ban (see challenges)",
    "enforces": "The law, regulation or order this fine, investigation or ban enforced: the latest on its "
    "instrument begun by its day",
    "enforcedBy": "The fines, investigations and bans that enforced this law, regulation or order (see enforces)",
}


async def _linked(root: Event, info: Info) -> Linked:
    instance = await root.instance(info)
    return await info.context["links"].load((instance, root.as_of)) if instance else Linked()


def link_field(name: str) -> Any:
    """The Event field of this link (a key of DESCRIPTIONS): the linked events, oldest first."""

    async def resolve(root: Event, info: Info) -> list[Annotated[Event, strawberry.lazy("kg.service.schema")]]:
        from kg.service.schema import events_of  # schema.py imports this module: no import at the top

        return events_of(info, (await _linked(root, info)).events.get(name, []), root.as_of)

    return strawberry.field(resolver=resolve, description=DESCRIPTIONS[name])


async def _in_force_from(root: Event, info: Info) -> str | None:
    return (await _linked(root, info)).in_force_from


async def _in_force_until(root: Event, info: Info) -> str | None:
    return (await _linked(root, info)).in_force_until


in_force_from = strawberry.field(
    resolver=_in_force_from,
    description="For a ban, law, regulation or order: the first day it was in force (the earliest day its date "
    "can mean); null for other events",
)
in_force_until = strawberry.field(
    resolver=_in_force_until,
    description="The day whatever ended it began (see endedBy), from which it was no longer in force; null while "
    "nothing known has ended it",
)
