"""The /graphql view: strawberry's ASGI app with offline GraphiQL, limits and a timeout."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.asgi import GraphQL
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionResult

from kg.service.loaders import entity_loader, event_loader
from kg.service.schema import Mutation, Query
from kg.settings import Settings

_UNPKG = re.compile(r"https://unpkg\.com/(@?[^@/]+(?:/[^@/]+)?)@[^/]+/")
USER_FACING = {"BAD_USER_INPUT", "UNAUTHENTICATED", "TIMEOUT", "NOT_FOUND"}


def build_schema(settings: Settings) -> strawberry.Schema:
    extensions: list[Any] = [
        QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        ParserCache(maxsize=256),
        ValidationCache(maxsize=256),
    ]
    if settings.production:
        extensions.append(
            MaskErrors(
                should_mask_error=lambda e: (
                    (e.extensions or {}).get("code") not in USER_FACING
                    and "exceeds" not in e.message
                    and "Syntax Error" not in e.message
                )
            )
        )
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=extensions)


def offline_graphiql(html: str) -> str:
    """strawberry's GraphiQL page with its unpkg URLs pointed at our vendored copies."""

    def local(match: re.Match[str]) -> str:
        return f"/static/graphiql/{match.group(1).replace('/', '__')}/"

    return _UNPKG.sub(local, html).replace('crossorigin="anonymous"', "")


class KGGraphQL(GraphQL):
    def __init__(self, schema: strawberry.Schema, settings: Settings, store: Any, state: Any) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self.settings, self.store, self.state = settings, store, state
        self._ide = offline_graphiql(self.graphql_ide_html)

    async def render_graphql_ide(self, request: Request) -> Response:  # type: ignore[override]
        return HTMLResponse(self._ide)

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:  # type: ignore[override]
        return {
            "store": self.store,
            "settings": self.settings,
            "request": request,
            "response": response,
            "entities": entity_loader(self.store),
            "events": event_loader(self.store),
            "write_lock": self.state.write_lock,
            "on_write": self.state.on_write,
        }

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:  # type: ignore[override]
        try:
            return await asyncio.wait_for(
                super().execute_single(*args, **kwargs), timeout=self.settings.graphql_timeout_s
            )
        except TimeoutError:
            error = GraphQLError(
                f"the request took longer than {self.settings.graphql_timeout_s:g} s and was stopped",
                extensions={"code": "TIMEOUT"},
            )
            return ExecutionResult(data=None, errors=[error])
