"""The ASGI app: the explorer (/), /graphql, /sparql, /articles, /healthz, static assets; one settings object."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import httpx
import structlog
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute, request_response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.article_row import article_from_row
from kg.errors import BadInput, KgError
from kg.ingest import ingest
from kg.service import explorer, linked_data
from kg.service.auth import FailureThrottle, write_refusal
from kg.service.budget import QueryBudget
from kg.service.error_edges import on_kg_error
from kg.service.graphql_media import GraphQLResponseMedia
from kg.service.graphql_view import KGGraphQL, build_schema
from kg.service.limits import Admission, RequestLimits, body_caps
from kg.service.read_processes import ReadProcesses
from kg.service.response_cache import ResponseCache
from kg.service.sparql import sparql_endpoint
from kg.service.sparql_sidecar import CheckpointEngine
from kg.service.watch_hub import WatchHub, storage_path
from kg.settings import Settings
from kg.sources import Article, SourceError
from kg.store import EmbeddedStore, RemoteStore, open_store

log = structlog.get_logger("kg.service")


@dataclass
class ServiceState:
    engine: CheckpointEngine | None = None
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    writes: int = 0
    cache: ResponseCache | None = None
    sparql_cache: ResponseCache | None = None
    throttle: FailureThrottle = field(default_factory=lambda: FailureThrottle(20))
    watch: WatchHub | None = None  # watchlists: None over a remote store without KG_WATCHLISTS_DB
    processes: ReadProcesses | None = None  # heavy operations' store reads (kg/service/read_processes.py)

    def on_write(self) -> None:
        self.writes += 1
        for cache in (self.cache, self.sparql_cache):
            if cache is not None:
                cache.clear()
        if self.engine is not None:
            self.engine.mark_written()
        if self.processes is not None:
            self.processes.mark_written()


class AccessLog:
    """One structured line per request: method, path, status, milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status = time.perf_counter(), 500

        async def capture(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                ms=round((time.perf_counter() - start) * 1000, 1),
            )


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    structlog.configure(
        processors=[
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.processors.add_log_level,
            structlog.processors.JSONRenderer(),
        ]
        if settings.production
        else None
    )
    store = open_store(settings.store, sync_writes=settings.sync_writes)
    engine = CheckpointEngine(store, settings.sparql_timeout_s) if isinstance(store, EmbeddedStore) else None
    state = ServiceState(engine, throttle=FailureThrottle(settings.auth_failures_per_minute))
    watch_path = storage_path(settings, store)
    state.watch = WatchHub(store, settings, watch_path) if watch_path else None
    writer = state.watch.writer if state.watch else store  # every write passes the watchlists' stages
    graphql_view = KGGraphQL(build_schema(settings), settings, store, state)
    work = graphql_view.work
    state.processes = graphql_view.processes
    graphql: ASGIApp = graphql_view
    if settings.graphql_cache_entries > 0:
        # Over the embedded store every write passes through this process; a remote server's may not.
        ttl = None if engine is not None else settings.graphql_cache_ttl_s
        state.cache = ResponseCache(graphql, settings.graphql_cache_entries, ttl, settings.cache_max_bytes)
        graphql = state.cache
    graphql = GraphQLResponseMedia(graphql)

    async def healthz(request: Request) -> JSONResponse:
        def counts(cache: ResponseCache | None) -> dict[str, int] | None:
            return {"hits": cache.hits, "misses": cache.misses} if cache else None

        return JSONResponse(
            {
                "status": "ok",
                "store": settings.store,
                "writes": state.writes,
                "cache": counts(state.cache),
                "sparql_cache": counts(state.sparql_cache),
                "store_reads": {"running": work.running, "queued": work.queued, "dropped": work.dropped},
                "heavy_lane": {
                    "seated": graphql_view.lane.seated,
                    "waiting": graphql_view.lane.waiting,
                    "reads_running": state.processes.busy if state.processes else 0,
                    "reads_queued": state.processes.queued if state.processes else 0,
                    "workers_killed": state.processes.killed if state.processes else 0,
                    "workers_over_memory": state.processes.over_memory if state.processes else 0,
                },
                "subscriptions": len(state.watch.subscribers) if state.watch else 0,
            }
        )

    async def articles(request: Request) -> JSONResponse:
        refusal = write_refusal(request, settings.api_tokens, state.throttle)
        if refusal:
            raise refusal  # answered by on_kg_error, as the mutation answers it in GraphQL
        body = await request.body()  # within KG_ARTICLES_MAX_BODY_BYTES: RequestLimits read it first
        try:
            payload = json.loads(body)
        except ValueError:
            raise BadInput("the body must be JSON: an article object or a list of them") from None
        rows = payload if isinstance(payload, list) else [payload]
        items: list[Article | SourceError] = []
        for i, row in enumerate(rows):
            try:
                items.append(article_from_row(row, f"article[{i}]"))
            except SourceError as exc:
                items.append(exc)
        async with state.write_lock:
            summary = await asyncio.to_thread(ingest, writer, items)
        state.on_write()
        results = [
            {
                "source": r.source,
                "status": r.status,
                "id": r.article_id,
                "events": r.events,
                "entities": r.entities,
                "error": r.error,
                "found": r.extraction.to_json()["events"] if r.extraction else [],
            }
            for r in summary.results
        ]
        return JSONResponse({"results": results}, status_code=207 if summary.failed else 200)

    if engine is not None:
        engine_lease, http = engine.lease, engine.http
    else:
        assert isinstance(store, RemoteStore)
        remote_http = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.sparql_timeout_s, connect=5), auth=store.query_auth
        )

        @contextlib.asynccontextmanager
        async def engine_lease() -> AsyncIterator[str]:
            yield store.query_url  # another server's engine: nothing of ours to keep alive

        http = remote_http

    sparql: Any = sparql_endpoint(engine_lease, http, settings)  # a request -> response function
    if settings.sparql_cache_entries > 0:
        ttl = None if engine is not None else settings.graphql_cache_ttl_s
        # Updates never reach the engine (refused with 403), so no request is a write here.
        state.sparql_cache = ResponseCache(
            request_response(sparql), settings.sparql_cache_entries, ttl, settings.cache_max_bytes, None
        )
        sparql = state.sparql_cache

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        if state.watch:
            await state.watch.start()  # drains what a crash left before anything new is written
        if state.processes:
            state.processes.start()
        yield
        if state.processes:
            state.processes.close()
        if state.watch:
            await state.watch.stop()
        if engine is not None:
            await engine.close()
        else:
            await http.aclose()
        store.close()

    static = StaticFiles(directory=str(resources.files("kg.service").joinpath("static")))
    routes = [
        Route("/", explorer.explorer),
        Route("/healthz", healthz),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/articles", articles, methods=["POST"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql_view),  # subscriptions: graphql-transport-ws
        Route("/ontology", linked_data.ontology),
        Route("/id/{path:path}", linked_data.resource_endpoint(store)),
        Mount("/static", static),
    ]
    middleware = [
        Middleware(AccessLog),
        Middleware(Admission, max_in_flight=settings.max_concurrent_requests),
        Middleware(
            QueryBudget,
            seconds_per_minute=settings.query_seconds_per_minute,
            max_running=settings.client_max_concurrent_queries,
        ),
        Middleware(
            RequestLimits,
            caps=body_caps(settings),
            default_cap=settings.max_body_bytes,
            body_timeout_s=settings.body_timeout_s,
            max_headers=settings.max_headers,
            max_header_bytes=settings.max_header_bytes,
            max_buffered=settings.max_buffered_body_bytes,
        ),
        Middleware(GZipMiddleware, minimum_size=2048),
        Middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"], allow_headers=["*"]
        ),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers={KgError: on_kg_error})
    app.state.store = store
    return app
