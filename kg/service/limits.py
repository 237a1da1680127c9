"""What one request may cost before the app reads it: a body cap per path, a deadline for the
body, a header count, and a cap on requests in flight.

Starlette, strawberry and the /sparql forwarder all read a body whole before they look at
its size, so a cap inside them comes after the memory is spent. These are plain ASGI
middlewares in front of the app: a declared `Content-Length` over the cap is refused before a
byte of the body is read, a chunked body is refused as soon as it passes the cap, and a body
that arrives too slowly is cut at its deadline. Every refusal closes the connection, so
uvicorn stops reading what the client still sends.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping

from starlette.types import ASGIApp, Receive, Scope, Send

from kg.errors import BadInput, Busy, HeadersTooLarge, KgError, RequestTimeout, TooLarge
from kg.service.error_edges import http_body
from kg.service.response_cache import replay_body
from kg.settings import Settings

HEALTH_PATH = "/healthz"


async def refuse(send: Send, exc: KgError) -> None:
    """The error as every endpoint answers it (kg/service/error_edges.py), closing the
    connection: whatever the client still sends is not read."""
    body = json.dumps(http_body(exc)).encode()
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        *((k.lower().encode(), v.encode()) for k, v in exc.headers.items()),
    ]
    await send({"type": "http.response.start", "status": exc.http_status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def body_caps(settings: Settings) -> dict[str, int]:
    return {
        "/graphql": settings.graphql_max_body_bytes,
        "/sparql": settings.sparql_max_body_bytes,
        "/articles": settings.articles_max_body_bytes,
    }


class RequestLimits:
    """Reads the body itself, within its cap and deadline, then hands the app the whole of it.

    The app would buffer the body anyway (every endpoint parses it whole), so reading it here
    costs no extra memory and lets a refusal happen before the app runs. Bodies held at once,
    by all requests together, stay within `max_buffered`: sixteen clients each sending just
    under the 16 MB article cap would otherwise hold 256 MB; past the budget a request is told
    to retry (503), as when too many are in flight.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        caps: Mapping[str, int],
        default_cap: int,
        body_timeout_s: float,
        max_headers: int,
        max_header_bytes: int,
        max_buffered: int,
    ) -> None:
        self.app, self.caps, self.default_cap = app, dict(caps), default_cap
        self.body_timeout_s, self.max_headers, self.max_header_bytes = body_timeout_s, max_headers, max_header_bytes
        self.max_buffered = max_buffered
        self.buffered = 0  # body bytes held by all requests in this process

    def cap(self, path: str) -> int:
        return self.caps.get(path.rstrip("/") or "/", self.default_cap)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope["headers"]) > self.max_headers:
            await refuse(send, HeadersTooLarge(f"more than {self.max_headers} request headers"))
            return
        # h11 caps a head that arrives in pieces; one that arrives in one read is counted here
        if sum(len(k) + len(v) for k, v in scope["headers"]) > self.max_header_bytes:
            await refuse(send, HeadersTooLarge(f"the request headers are over {self.max_header_bytes:,} bytes"))
            return
        cap = self.cap(scope["path"])
        declared = [v for k, v in scope["headers"] if k == b"content-length"]
        if declared:
            try:
                length = int(declared[0])
            except ValueError:
                await refuse(send, BadInput("Content-Length is not a number"))
                return
            if length > cap:
                await refuse(send, TooLarge(f"the request body is over {cap:,} bytes"))
                return
        chunks: list[bytes] = []
        size = 0
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self.body_timeout_s
            while True:
                try:
                    message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
                except TimeoutError:
                    late = f"the request body did not arrive within {self.body_timeout_s:g} s"
                    await refuse(send, RequestTimeout(late))
                    return
                if message["type"] == "http.disconnect":
                    return  # the client left: nobody to answer
                chunk = message.get("body", b"")
                if size + len(chunk) > cap:
                    await refuse(send, TooLarge(f"the request body is over {cap:,} bytes"))
                    return
                if self.buffered + len(chunk) > self.max_buffered:
                    await refuse(send, Busy("the server is busy reading other requests' bodies; retry shortly"))
                    return
                size += len(chunk)
                self.buffered += len(chunk)
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            chunks.clear()
            await self.app(scope, replay_body(body, False, receive), send)
        finally:
            self.buffered -= size


class Admission:
    """Refuses requests past a number in flight (503 with Retry-After), so a burst queues in the
    clients instead of in this process's memory and threads. /healthz is never counted nor
    refused: a load balancer must be able to tell a busy server from a dead one."""

    def __init__(self, app: ASGIApp, *, max_in_flight: int, retry_after_s: int = 1) -> None:
        self.app, self.max_in_flight, self.retry_after_s = app, max_in_flight, retry_after_s
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == HEALTH_PATH:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            busy = f"the server is busy ({self.max_in_flight} requests in flight); retry shortly"
            await refuse(send, Busy(busy, retry_after_s=self.retry_after_s))
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
