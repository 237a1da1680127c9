"""GraphQL over HTTP's newer media type, application/graphql-response+json, for clients that ask.

With it, a request that never ran (a parse, validation or variable error: `data` is null) is
answered 400 without a `data` entry, as the GraphQL-over-HTTP spec recommends; field errors in an
executed request stay 200. Clients that ask for application/json get strawberry's answer as is.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MEDIA = b"application/graphql-response+json"


def _wants_media(scope: Scope) -> bool:
    accept = dict(scope["headers"]).get(b"accept", b"")
    if MEDIA not in accept:
        return False
    # "application/json" listed before it (or with a higher q) keeps the classic answer
    ranked = [part.split(b";")[0].strip() for part in accept.split(b",")]
    return ranked.index(MEDIA) <= (ranked.index(b"application/json") if b"application/json" in ranked else 99)


class GraphQLResponseMedia:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _wants_media(scope):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._answer(start, b"".join(chunks), send)
            else:
                await send(message)

        await self.app(scope, receive, hold)

    async def _answer(self, start: Message | None, body: bytes, send: Send) -> None:
        assert start is not None
        status = start["status"]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"content-type")]
        media = dict(start.get("headers", [])).get(b"content-type", b"")
        if media.startswith(b"application/json"):
            try:
                result = json.loads(body)
            except ValueError:
                result = None
            if isinstance(result, dict) and result.get("errors") and result.get("data") is None:
                status = 400 if status == 200 else status
                result.pop("data", None)
                body = json.dumps(result).encode()
            media = MEDIA + b"; charset=utf-8"
        headers += [(b"content-type", media), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
