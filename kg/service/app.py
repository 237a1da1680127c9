"""The ASGI app: /graphql, /sparql, /articles, /healthz."""

from __future__ import annotations

import hmac

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from strawberry.asgi import GraphQL

from kg.ingest import ingest
from kg.service.graphql import schema
from kg.service.sparql import sparql_endpoint
from kg.settings import Settings
from kg.sources import SourceError, from_text
from kg.store import open_store


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    store = open_store(settings.store)

    class ContextGraphQL(GraphQL):
        async def get_context(self, request, response):  # type: ignore[override]
            return {"store": store, "request": request}

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "store": settings.store})

    async def articles(request: Request) -> JSONResponse:
        token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not settings.api_tokens:
            return JSONResponse({"error": "writes are off: no API tokens are configured (KG_API_TOKENS)"}, 403)
        if not any(hmac.compare_digest(token, t) for t in settings.api_tokens):
            return JSONResponse(
                {"error": "a valid bearer token is required"}, 401, headers={"WWW-Authenticate": "Bearer"}
            )
        try:
            payload = await request.json()
        except ValueError:
            return JSONResponse({"error": "the body must be JSON: an article or a list of them"}, 400)
        rows = payload if isinstance(payload, list) else [payload]
        items = []
        for i, row in enumerate(rows):
            try:
                if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                    raise SourceError(f"article[{i}]", "needs a string 'text'")
                items.append(
                    from_text(row["text"], f"article[{i}]", row.get("title"), row.get("published"), row.get("url"))
                )
            except SourceError as exc:
                items.append(exc)
        summary = await run_in_threadpool(ingest, store, items)
        body = [
            {
                "source": r.source,
                "status": r.status,
                "id": r.article_id,
                "events": r.events,
                "entities": r.entities,
                "error": r.error,
            }
            for r in summary.results
        ]
        return JSONResponse({"results": body}, status_code=200 if not summary.failed else 207)

    routes = [
        Route("/healthz", healthz),
        Route("/sparql", sparql_endpoint(store), methods=["GET", "POST"]),
        Route("/articles", articles, methods=["POST"]),
        Mount("/graphql", ContextGraphQL(schema)),
    ]
    return Starlette(routes=routes)
