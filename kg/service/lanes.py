"""Two lanes into /graphql: a light operation goes straight in; a heavy one first takes one of a
few seats, fairly between clients, and waits for it within its own time limit.

Why: a burst of 48 heavy questions from one client made another client's light question take
0.3-2 s, although the store threads were shared fairly (kg/service/store_work.py). Profiled
(benchmarks/RESULTS.md, "lanes"), the time went to the event loop, which all requests share:
each heavy request is parsed, validated and priced in one uninterrupted step, its resolvers
build hundreds of objects between store reads, and when it times out its DataLoader futures
are cancelled one by one. The light question's every step queued behind all 48. A seat bounds
how many heavy operations do that work at once, so the loop always comes back to a light
one within a few heavy steps.

Light or heavy is told by the operation's price (kg/service/query_cost.py: the objects it may
return), known from the parsed document before it is validated or run, so a waiting heavy
request costs nothing but its place in the queue. The seats are given as the store's threads
are: at most `per_client` to one client, and a freed seat to the waiting client with the
fewest seated, oldest first, so one client's burst queues behind everyone else's questions.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse

from kg.service.query_cost import query_cost


@dataclass
class _Waiter:
    client: str
    order: int
    seat: asyncio.Future[None]


class HeavyLane:
    """Seats for heavy operations: `seats` at once, `per_client` of them to one client."""

    def __init__(self, *, seats: int, per_client: int) -> None:
        self.seats, self.per_client = seats, per_client
        self._seated: dict[str, int] = {}
        self._waiting: dict[str, deque[_Waiter]] = {}
        self._order = itertools.count()

    @property
    def seated(self) -> int:
        return sum(self._seated.values())

    @property
    def waiting(self) -> int:
        return sum(len(q) for q in self._waiting.values())

    @contextlib.asynccontextmanager
    async def seat(self, client: str) -> AsyncIterator[None]:
        """Held while the operation runs; the wait for it ends with the caller's cancellation
        (its time limit), which leaves the queue at once."""
        if self.seated < self.seats and self._seated.get(client, 0) < self.per_client:
            self._take(client)
        else:
            waiter = _Waiter(client, next(self._order), asyncio.get_running_loop().create_future())
            self._waiting.setdefault(client, deque()).append(waiter)
            try:
                await waiter.seat
            except asyncio.CancelledError:
                if waiter.seat.done() and not waiter.seat.cancelled():
                    self._leave(client)  # seated just as the time ran out: give it on
                else:
                    self._forget(waiter)
                raise
        try:
            yield
        finally:
            self._leave(client)

    def _take(self, client: str) -> None:
        self._seated[client] = self._seated.get(client, 0) + 1

    def _leave(self, client: str) -> None:
        self._seated[client] -= 1
        if not self._seated[client]:
            del self._seated[client]
        self._give()

    def _forget(self, waiter: _Waiter) -> None:
        queue = self._waiting.get(waiter.client)
        if queue and waiter in queue:
            queue.remove(waiter)
            if not queue:
                del self._waiting[waiter.client]

    def _give(self) -> None:
        """Free seats to the waiting clients with the fewest seated, oldest request first."""
        while self.seated < self.seats:
            eligible = [
                (self._seated.get(c, 0), q[0].order, c)
                for c, q in self._waiting.items()
                if self._seated.get(c, 0) < self.per_client
            ]
            if not eligible:
                return
            client = min(eligible)[2]
            waiter = self._waiting[client].popleft()
            if not self._waiting[client]:
                del self._waiting[client]
            if waiter.seat.done():  # cancelled (its time ran out); it has not yet woken to leave
                continue
            self._take(client)
            waiter.seat.set_result(None)


class Pricing:
    """An operation's price before validation, from a parse cached by the document's text."""

    def __init__(self, schema: GraphQLSchema, *, max_tokens: int, max_page_size: int) -> None:
        self.schema, self.max_page_size = schema, max_page_size

        @lru_cache(maxsize=256)
        def parsed(text: str) -> DocumentNode | None:
            try:
                return parse(text, max_tokens=max_tokens)
            except GraphQLError:
                return None  # refused by strawberry's own parse, at the same (small) cost

        self._parsed = parsed

    def document(self, query: str | None) -> DocumentNode | None:
        return self._parsed(query) if isinstance(query, str) else None

    def price(self, query: str | None, variables: dict[str, Any] | None) -> int:
        document = self.document(query)
        if document is None:
            return 0
        try:
            return query_cost(
                self.schema, document, variables if isinstance(variables, dict) else {}, self.max_page_size
            )
        except RecursionError:
            return 10**15  # a document this deep is refused by the depth limit; heavy meanwhile
