"""Acts named by a question's rows (kg/answers.py `Act`) and fetched only when a field shows
them: one batch loader per response (`ActDetails`), so every act asked for, across jurisdictions or parts, costs
one batch; and a page of a list computed whole in memory (reasons; policyImpact's lists when the
read model cannot answer), by position.

Why by position: these lists are sorted in Python after scoring or joining, not read from an
index, so a keyset would not make the next page cheaper; the cursor still names its list, so
one from another list is refused as everywhere else (kg/service/connections.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from strawberry.types import Info

from kg import act_evidence as evidence
from kg import answers
from kg.answers import Act
from kg.service.connections import PageInfo, key_after, key_cursor, key_page_info, page_size
from kg.service.schema import Event, Evidence, events_of, evidence_of
from kg.service.store_work import read
from kg.store import Store

T = TypeVar("T")


class ActDetails:
    """One response's act details, fetched in one batch per turn of the event loop and kept.

    Not strawberry's DataLoader: it gives every key its own future, and when a timed-out
    request cancels them, each cancellation scans the batch's futures again (O(n^2)): a
    `policyImpact` with 2,400 acts spent ~150 ms in one uninterrupted step of the event loop
    on that, stalling every other client's request (benchmarks/RESULTS.md, "lanes"). Here a
    call waits on the batch's one future, so cancelling n calls costs n steps.

    The keys are acts for the act details; `fetch` may batch anything else by a hashable key
    (an act's evidence, a jurisdiction's first reasons)."""

    def __init__(self, store: Store, fetch: Callable[[Store, list[Any]], dict[Any, Any]] = answers.act_records) -> None:
        self.store = store
        self.fetch = fetch
        self.found: dict[Any, Any] = {}
        self._wanted: set[Any] = set()
        self._batch: asyncio.Future[None] | None = None

    async def get(self, acts: Sequence[Any]) -> list[Any]:
        missing = [a for a in acts if a not in self.found]
        if missing:
            if self._batch is None:
                loop = asyncio.get_running_loop()
                self._batch = loop.create_future()
                self._batch.add_done_callback(_retrieve)  # nobody may be left waiting for it
                loop.call_soon(self._fetch)  # after the other fields of this turn asked too
            self._wanted.update(missing)
            await asyncio.shield(self._batch)
        return [self.found.get(a) for a in acts]

    def _fetch(self) -> None:
        batch, wanted = self._batch, list(self._wanted)
        self._batch, self._wanted = None, set()
        assert batch is not None

        async def fetch() -> None:
            try:
                records = await read(self.fetch, self.store, wanted)
            except BaseException as exc:
                batch.set_exception(exc)
                raise
            self.found.update({a: records.get(a) for a in wanted})
            batch.set_result(None)

        task = asyncio.ensure_future(fetch())
        task.add_done_callback(_retrieve)


def _retrieve(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


def act_details(info: Info) -> ActDetails:
    """This response's act details (made on first use, kept in the request's context)."""
    details = info.context.get("acts")
    if details is None:
        details = info.context["acts"] = ActDetails(info.context["store"])
    return details


async def act_evidence(info: Info, act: Act) -> Evidence:
    """The evidence of an act's representative report, alone (kg/act_evidence.py): a field that
    shows a reason's sentence does not pay for its event's every detail. The evidence the act's
    event shows when its details were fetched anyway."""
    details = info.context.get("acts")
    if details is not None and details.found.get(act) is not None:
        return evidence_of(details.found[act].row)
    loader = info.context.get("act_evidence")
    if loader is None:
        loader = info.context["act_evidence"] = ActDetails(info.context["store"], evidence.act_evidence)
    (row,) = await loader.get([act])
    if row is None:
        raise ValueError(f"the event {act.instance} is no longer in the graph")
    return evidence_of(row)


async def act_events(info: Info, acts: Sequence[Act], as_of: date | None) -> list[Event]:
    """These acts as events, in order (an act the graph has lost since its row is left out)."""
    recs = await act_details(info).get(acts)
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
