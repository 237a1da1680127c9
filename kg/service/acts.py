"""Acts named by a question's rows (kg/answers.py `Act`) and fetched only when a field shows
them: one DataLoader per response, so every act asked for, across jurisdictions or parts, costs
one batch; and a page of a list computed whole in memory (reasons; policyImpact's lists when the
read model cannot answer), by position.

Why by position: these lists are sorted in Python after scoring or joining, not read from an
index, so a keyset would not make the next page cheaper; the cursor still names its list, so
one from another list is refused as everywhere else (kg/service/connections.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from strawberry.dataloader import DataLoader
from strawberry.types import Info

from kg import answers
from kg.answers import Act, EventRecord
from kg.service.connections import PageInfo, key_after, key_cursor, key_page_info, page_size
from kg.service.schema import Event, events_of
from kg.service.store_work import read

T = TypeVar("T")


def act_loader(info: Info) -> DataLoader[Act, EventRecord | None]:
    """This response's loader of act details (made on first use, kept in the request's context)."""
    loader = info.context.get("acts")
    if loader is None:
        store = info.context["store"]

        async def load(keys: list[Act]) -> list[EventRecord | None]:
            found = await read(answers.act_records, store, list(keys))
            return [found.get(k) for k in keys]

        loader = info.context["acts"] = DataLoader(load_fn=load)
    return loader


async def act_events(info: Info, acts: Sequence[Act], as_of: date | None) -> list[Event]:
    """These acts as events, in order (an act the graph has lost since its row is left out)."""
    recs = await act_loader(info).load_many(list(acts))
    return events_of(info, [r for r in recs if r is not None], as_of)


async def act_event(info: Info, act: Act, as_of: date | None) -> Event:
    found = await act_events(info, [act], as_of)
    if not found:
        raise ValueError(f"the event {act.instance} is no longer in the graph")
    return found[0]


def positioned_page(
    info: Info,
    order: str,
    items: list[T],
    instance_of: Callable[[T], str],
    first: int | None,
    after: str | None,
    earliest_of: Callable[[T], str | None] = lambda _: None,
) -> tuple[list[tuple[T, str]], PageInfo, int]:
    """A page of a list held whole: its items with their cursors, the page info and the total.
    `earliest_of` gives each cursor its sort key when the list is also paged by keyset
    (policyImpact's, when the read model answers again), so a cursor from either way works."""
    size, (_, start) = page_size(info, first), key_after(order, after)
    page = items[start : start + size]
    keys: list[tuple[str | None, str]] = [(earliest_of(x), instance_of(x)) for x in page]
    edges = [(x, key_cursor(order, *k, start + i)) for i, (x, k) in enumerate(zip(page, keys, strict=True))]
    return edges, key_page_info(order, keys, start, len(items)), len(items)
