"""A response cache in front of /graphql and /sparql: the same read asked twice is answered
from memory.

Reads vastly outnumber writes here, and a question's answer changes only when the graph does,
so every write empties the cache (`clear`). Over a remote SPARQL server, which other processes
may write to, entries also expire after `ttl_s`. Only plain reads are kept: a request that names
a mutation or subscription, that carries an Authorization header (its answer may be that user's
own, such as their watchlists), or whose answer holds an error (a timeout, a bad argument), is
passed through and never stored.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_WRITES = re.compile(rb"\b(mutation|subscription)\b")
MAX_BODY = 1_000_000  # requests and answers larger than this are not cached


@dataclass
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    stored: float


class ResponseCache:
    def __init__(
        self,
        app: ASGIApp,
        max_entries: int = 1024,
        ttl_s: float | None = None,
        max_bytes: int = 64_000_000,
        writes: re.Pattern[bytes] | None = _WRITES,
    ) -> None:
        self.app = app
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.ttl_s = ttl_s
        self.writes = writes
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._bytes = 0
        self.generation = 0
        self.hits = self.misses = 0

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()
        self._bytes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if scope["method"] == "GET" and b"text/html" in headers.get(b"accept", b""):
            await self.app(scope, receive, send)  # the GraphiQL page
            return
        body, more = await _read_body(receive)
        writes = self.writes
        too_big = more or len(body) > MAX_BODY  # however the body arrived: in chunks or at once
        personal = b"authorization" in headers  # a user's own answer (their watchlists): never shared
        if too_big or personal or (writes and (writes.search(body) or writes.search(scope.get("query_string", b"")))):
            await self.app(scope, replay_body(body, more, receive), send)
            return
        key = hashlib.sha256(
            b"\0".join(
                [
                    scope["method"].encode(),
                    scope.get("query_string", b""),
                    headers.get(b"content-type", b""),
                    headers.get(b"accept", b""),
                    headers.get(b"accept-encoding", b""),
                    body,
                ]
            )
        ).digest()
        entry = self._entries.get(key)
        if entry is not None and (self.ttl_s is None or time.monotonic() - entry.stored < self.ttl_s):
            self._entries.move_to_end(key)
            self.hits += 1
            await send({"type": "http.response.start", "status": entry.status, "headers": list(entry.headers)})
            await send({"type": "http.response.body", "body": entry.body})
            return
        self.misses += 1
        generation = self.generation
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                # A copy: outer middleware (gzip, CORS) edits the headers of the message it is sent.
                start = {**message, "headers": list(message.get("headers", []))}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, replay_body(body, False, receive), capture)
        answer = b"".join(chunks)
        if (
            start is not None
            and start["status"] == 200
            and generation == self.generation  # no write happened while this was computed
            and len(answer) <= MAX_BODY
            and b'"errors"' not in answer
        ):
            old = self._entries.pop(key, None)
            self._bytes -= len(old.body) if old else 0
            self._entries[key] = _Entry(200, start["headers"], answer, time.monotonic())
            self._bytes += len(answer)
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                self._bytes -= len(self._entries.popitem(last=False)[1].body)


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The request body, up to MAX_BODY; `more` is True when there was more than that."""
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        parts.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(parts), False
        if size > MAX_BODY:
            return b"".join(parts), True


def replay_body(body: bytes, more: bool, receive: Receive) -> Receive:
    """A receive() that hands the app the body already read, then the rest of the stream."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay
