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


def _is_internal(error: GraphQLError) -> bool:
    """Mask crashes, never the user's own mistakes: validation errors and coded errors stay."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def build_schema(settings: Settings) -> strawberry.Schema:
    extensions: list[Any] = [
        QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        ParserCache(maxsize=256),
        ValidationCache(maxsize=256),
    ]
    if settings.production:
        extensions.append(MaskErrors(should_mask_error=_is_internal))
    return QuietSchema(query=Query, mutation=Mutation, extensions=extensions)


class QuietSchema(strawberry.Schema):
    """Logs crashes with their traceback; a user's own mistake is answered, not logged."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        internal = [e for e in errors if _is_internal(e)]
        if internal:
            super().process_errors(internal, execution_context)


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
