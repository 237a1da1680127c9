"""Each client's query time per minute on /graphql and /sparql: past it, 429 with Retry-After.

As Wikidata's query service does (60 s of query time per minute per client), the time a
client's requests spend being answered is summed over a sliding minute, counting requests
still running for the time they have taken so far; a client over its budget is refused at
once, before any work, until enough of that minute has passed. A client may also have only
so many queries running at once (Wikidata allows five): a burst is charged only once it has
run, and a burst of heavy GraphQL questions costs the event loop as well as the store, so
without the cap one client's burst slows everyone until its time limit. Admission caps
requests in flight for everyone; this keeps one client from spending the whole server on itself.
/healthz and every other path are never counted nor refused.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

from kg.errors import RateLimited
from kg.service.limits import refuse

BUDGETED_PATHS = frozenset({"/graphql", "/sparql"})


@dataclass
class _Client:
    spent: deque[tuple[float, float]] = field(default_factory=deque)  # (when it ended, seconds)
    running: dict[int, float] = field(default_factory=dict)  # request id -> when it started


class QueryBudget:
    def __init__(
        self,
        app: ASGIApp,
        *,
        seconds_per_minute: float,
        max_running: int,
        window_s: float = 60.0,
        max_clients: int = 10_000,
    ) -> None:
        self.app, self.budget, self.window_s, self.max_clients = app, seconds_per_minute, window_s, max_clients
        self.max_running = max_running  # one client's requests in flight at once
        self._clients: dict[str, _Client] = {}
        self._ids = 0

    def used(self, client: str, now: float) -> float:
        """Seconds this client's requests took in the last minute, running ones so far."""
        entry = self._clients.get(client)
        if entry is None:
            return 0.0
        while entry.spent and entry.spent[0][0] <= now - self.window_s:
            entry.spent.popleft()
        return sum(s for _, s in entry.spent) + sum(now - t for t in entry.running.values())

    def retry_after(self, client: str, now: float) -> int:
        """Whole seconds until the client is back under its budget; 0 if it is now."""
        excess = self.used(client, now) - self.budget
        if excess < 0:
            return 0
        for ended, seconds in self._clients[client].spent:
            excess -= seconds
            if excess < 0:
                return max(1, math.ceil(ended + self.window_s - now))
        return math.ceil(self.window_s)  # its running requests alone are over the budget

    def _forget(self, now: float) -> None:
        """A bounded table: clients with nothing running nor spent in the window go first,
        then the oldest-known half of those with nothing running."""
        for client in list(self._clients):
            if not self._clients[client].running and self.used(client, now) == 0:
                del self._clients[client]
        if len(self._clients) >= self.max_clients:
            idle = [c for c, e in self._clients.items() if not e.running]
            for client in idle[: len(idle) // 2 + 1]:
                del self._clients[client]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") not in BUDGETED_PATHS:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("",))[0]
        now = time.monotonic()
        wait = self.retry_after(client, now)
        if wait:
            spent = f"this client has used its {self.budget:g} s of query time in the last minute; retry in {wait} s"
            await refuse(send, RateLimited(spent, retry_after_s=wait))
            return
        if client not in self._clients and len(self._clients) >= self.max_clients:
            self._forget(now)
        entry = self._clients.setdefault(client, _Client())
        if len(entry.running) >= self.max_running:
            running = f"this client has {self.max_running} queries running; send the next when one is answered"
            await refuse(send, RateLimited(running, retry_after_s=1))
            return
        self._ids += 1
        request = self._ids
        entry.running[request] = now
        try:
            await self.app(scope, receive, send)
        finally:
            started = entry.running.pop(request)
            ended = time.monotonic()
            entry.spent.append((ended, ended - started))
