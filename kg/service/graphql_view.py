"""The /graphql view: strawberry's ASGI app with offline GraphiQL (opening on an example per
question), limits and a timeout."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from importlib import resources
from typing import Any

import strawberry
import structlog
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.asgi import GraphQL
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult

from kg.errors import KgError, MalformedQuery, Unavailable
from kg.service.error_edges import ArticleInputErrors, graphql_error
from kg.service.event_lists import EventListQueries
from kg.service.exposure import ExposureQueries
from kg.service.heavy_operations import EncodedBody, EncodedResult, answer_in_worker, runs_in_worker
from kg.service.lanes import HeavyLane, Pricing
from kg.service.loaders import loaders
from kg.service.policy_impact import PolicyImpactQueries
from kg.service.query_cost import QueryCostLimiter
from kg.service.read_processes import SERVED, ReadProcesses
from kg.service.schema import Mutation, Query
from kg.service.store_work import TICKET, StoreWork, timeout_error
from kg.service.watchlist_schema import Subscription, WatchlistMutations, WatchlistQueries
from kg.settings import Settings
from kg.store import EmbeddedStore

log = structlog.get_logger("kg.service")
_UNPKG = re.compile(r"https://unpkg\.com/(@?[^@/]+(?:/[^@/]+)?)@[^/]+/")


def _is_internal(error: GraphQLError) -> bool:
    """Mask crashes, never the user's own mistakes: validation errors and coded errors stay."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


_SUGGESTION = " Did you mean "
_TOKEN_LIMIT = "Document contains more than"  # graphql-core's words for MaxTokensLimiter's refusal


class HideSuggestions(MaskErrors):
    """Cuts graphql-core's "Did you mean 'x'?" from error messages: in production a stranger
    should not learn field, argument and enum names by misspelling them, once introspection is
    off. (graphql-core 3.3 can hide suggestions only when coercing input values.)"""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: _SUGGESTION in error.message)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return GraphQLError(
            message=error.message.split(_SUGGESTION, 1)[0],
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=error.original_error,
            extensions=error.extensions,
        )


class ExpandedSizeLimiter(SchemaExtension):
    """Refuses a document whose fields, with every fragment spread expanded, exceed a budget.

    Depth, alias and token limits all pass a small document whose fragments each spread the
    next one twice: 30 such fragments expand to 2^30 fields, and strawberry's own depth check
    walks every one of them. This counts the expansion with one memo per fragment, so it costs
    the document's size, and it runs before the other checks.
    """

    def __init__(self, *, max_fields: int) -> None:
        self.max_fields = max_fields

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        if document is not None and self.execution_context.pre_execution_errors is None:
            try:
                size = expanded_size(document, self.max_fields)
            except RecursionError:
                size = self.max_fields + 1
            if size > self.max_fields:
                self.execution_context.pre_execution_errors = [
                    GraphQLError(
                        f"the query expands to more than {self.max_fields:,} fields; ask for less",
                        extensions={"code": "QUERY_TOO_LARGE"},
                    )
                ]
        yield


class GuardedValidationCache(ValidationCache):
    """strawberry's ValidationCache, which would overwrite (and so undo) an earlier refusal."""

    def on_validate(self) -> Iterator[None]:
        if self.execution_context.pre_execution_errors:
            yield
            return
        yield from super().on_validate()


def expanded_size(document: DocumentNode, cap: int) -> int:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    memo: dict[str, int] = {}

    def size(selections: SelectionSetNode | None, seen: frozenset[str]) -> int:
        total = 0
        for sel in selections.selections if selections else ():
            if isinstance(sel, FieldNode):
                total += 1 + size(sel.selection_set, seen)
            elif isinstance(sel, InlineFragmentNode):
                total += size(sel.selection_set, seen)
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:  # cycles: validation says so
                name = sel.name.value
                if name not in memo:
                    frag = fragments.get(name)
                    memo[name] = size(frag.selection_set, seen | {name}) if frag else 0
                total += memo[name]
            if total > cap:
                break
        return total

    total = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            total += size(definition.selection_set, frozenset())
    return total


def build_schema(settings: Settings) -> strawberry.Schema:
    extensions: list[Any] = [
        ArticleInputErrors(),
        ExpandedSizeLimiter(max_fields=settings.graphql_max_fields),
        QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        ParserCache(maxsize=256),
        GuardedValidationCache(maxsize=256),
        QueryCostLimiter(max_cost=settings.graphql_max_cost, max_page_size=settings.max_page_size),  # validated
    ]
    introspection = settings.graphql_introspection
    if not (introspection if introspection is not None else not settings.production):
        extensions.append(DisableIntrospection())
    if settings.production:
        extensions += [MaskErrors(should_mask_error=_is_internal), HideSuggestions()]
    return QuietSchema(query=AllQueries, mutation=AllMutations, subscription=Subscription, extensions=extensions)


@strawberry.type(name="Query", description=Query.__strawberry_definition__.description)
class AllQueries(Query, EventListQueries, ExposureQueries, PolicyImpactQueries, WatchlistQueries):
    """The schema's Query: schema.py's fields, and those kept in their own modules to keep it
    small (the paged event lists, kg/service/event_lists.py; exposure, kg/service/exposure.py;
    policyImpact, kg/service/policy_impact.py; watchlists, kg/service/watchlist_schema.py)."""


@strawberry.type(name="Mutation", description=Mutation.__strawberry_definition__.description)
class AllMutations(Mutation, WatchlistMutations):
    """The schema's Mutation: ingestArticle (schema.py) and the watchlists' (watchlist_schema.py)."""


class QuietSchema(strawberry.Schema):
    """Logs crashes with their traceback; a user's own mistake is answered, not logged."""

    internal_errors: list[GraphQLError] | None = None  # collected by a caller that must see them unmasked

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        for error in errors:  # a document that does not parse: coded as /sparql codes its query's
            # (graphql-core also says its token limit as a syntax error: a size, not a malformation)
            if isinstance(error, GraphQLSyntaxError) and _TOKEN_LIMIT not in error.message:
                error.extensions = {**(error.extensions or {}), "code": MalformedQuery.graphql_code}
        internal = [e for e in errors if _is_internal(e)]
        if internal and self.internal_errors is not None:
            self.internal_errors.extend(internal)
        if internal:
            super().process_errors(internal, execution_context)


def offline_graphiql(html: str) -> str:
    """strawberry's GraphiQL page with its unpkg URLs pointed at our vendored copies."""

    def local(match: re.Match[str]) -> str:
        return f"/static/graphiql/{match.group(1).replace('/', '__')}/"

    return _UNPKG.sub(local, html).replace('crossorigin="anonymous"', "")


def graphiql_examples() -> list[dict[str, str]]:
    """The example per question GraphiQL opens with, one tab each: graphiql_examples/N-name.graphql,
    with its variables in N-name.json when it has any. Files, so that an analyst edits them."""
    folder = resources.files("kg.service").joinpath("graphiql_examples")
    tabs = []
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".graphql"):
            tab = {"query": item.read_text(encoding="utf-8")}
            variables = folder.joinpath(item.name.removesuffix(".graphql") + ".json")
            if variables.is_file():
                tab["variables"] = variables.read_text(encoding="utf-8").strip()
            tabs.append(tab)
    return tabs


def with_examples(html: str, tabs: list[dict[str, str]]) -> str:
    """strawberry's GraphiQL page opening on our examples as tabs (GraphiQL's defaultTabs)
    instead of its welcome text. Its own `?q=` link still opens a query; a browser that has
    used GraphiQL before keeps its own tabs (GraphiQL stores them)."""
    examples = json.dumps(tabs).replace("</", "<\\/")  # no "</script>" inside the script
    edits = [
        ("const EXAMPLE_QUERY", f"const KG_EXAMPLES = {examples};\n      const EXAMPLE_QUERY"),
        ("parameters.q || EXAMPLE_QUERY", "parameters.q"),
        ("fetcher: fetcher,", "fetcher: fetcher,\n          defaultTabs: KG_EXAMPLES,"),
    ]
    for old, new in edits:
        if html.count(old) != 1:
            raise RuntimeError(f"strawberry's GraphiQL page changed: {old!r} is not there once; update with_examples")
        html = html.replace(old, new)
    return html


class KGGraphQL(GraphQL):
    def __init__(self, schema: strawberry.Schema, settings: Settings, store: Any, state: Any) -> None:
        # graphql-transport-ws only: the older graphql-ws protocol (Apollo's) is deprecated
        super().__init__(
            schema,
            graphql_ide="graphiql",
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.settings, self.store, self.state = settings, store, state
        self.work = StoreWork(
            workers=settings.store_workers, max_queued=settings.store_queue, timeout_s=settings.graphql_timeout_s
        )
        self.processes = (
            ReadProcesses(
                store.location,
                workers=settings.graphql_heavy_seats,
                memory_bytes=settings.graphql_worker_memory_mb * 2**20,
            )
            if isinstance(store, EmbeddedStore)
            else None
        )
        self.lane = HeavyLane(seats=settings.graphql_heavy_seats, per_client=max(1, settings.graphql_heavy_seats // 2))
        self.pricing = Pricing(
            schema._schema, max_tokens=settings.graphql_max_tokens, max_page_size=settings.max_page_size
        )
        self._ide = with_examples(offline_graphiql(self.graphql_ide_html), graphiql_examples())

    async def render_graphql_ide(self, request: Request) -> Response:  # type: ignore[override]
        return HTMLResponse(self._ide)

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:  # type: ignore[override]
        return {
            "store": self.store,
            "write_store": self.state.watch.writer if self.state.watch else self.store,
            "watch": self.state.watch,
            "settings": self.settings,
            "request": request,
            "response": response,
            **loaders(self.store),
            "write_lock": self.state.write_lock,
            "on_write": self.state.on_write,
            "throttle": self.state.throttle,
        }

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:  # type: ignore[override]
        """The operation under its time limit. Its store reads carry the limit and the client
        (kg/service/store_work.py), so reads still queued or streaming at the limit stop too."""
        request = kwargs.get("request", args[0] if args else None)
        client = getattr(getattr(request, "client", None), "host", None) or ""
        ticket = TICKET.set(self.work.ticket(client))
        try:
            return await asyncio.wait_for(
                self._in_lane(client, *args, **kwargs), timeout=self.settings.graphql_timeout_s
            )
        except TimeoutError:
            return ExecutionResult(data=None, errors=[timeout_error(self.settings.graphql_timeout_s)])
        finally:
            TICKET.reset(ticket)

    async def _in_lane(self, client: str, *args: Any, **kwargs: Any) -> ExecutionResult:
        """Light operations straight in, heavy ones once seated (kg/service/lanes.py), a heavy
        query answered whole in a worker process (kg/service/heavy_operations.py); the wait
        for a seat counts against the time limit."""
        data = kwargs.get("request_data", args[5] if len(args) > 5 else None)
        query, variables = getattr(data, "query", None), getattr(data, "variables", None)
        if self.pricing.price(query, variables) <= self.settings.graphql_light_cost:
            return await super().execute_single(*args, **kwargs)
        async with self.lane.seat(client):
            name = getattr(data, "operation_name", None)
            in_worker = self.processes is not None and self.processes.started  # started with the app
            if not in_worker or not runs_in_worker(self.pricing.document(query), name):
                return await super().execute_single(*args, **kwargs)
            assert self.processes is not None
            ticket = TICKET.get()
            deadline = ticket.deadline if ticket else time.monotonic() + self.settings.graphql_timeout_s
            try:
                body = await self.processes.call(
                    answer_in_worker, (SERVED, self.settings, query, variables, name), deadline
                )
            except TimeoutError:
                return ExecutionResult(data=None, errors=[timeout_error(self.settings.graphql_timeout_s)])
            except KgError as exc:  # over its memory (kg/service/read_processes.py): the query's own refusal
                log.info("heavy query refused in its worker process", error=str(exc))
                return ExecutionResult(data=None, errors=[graphql_error(exc)])
            except Exception as exc:  # the worker died under it, or failed outside the schema
                log.warning("heavy query failed in its worker process", error=f"{type(exc).__name__}: {exc}")
                failed = Unavailable("the query's worker process failed; retry shortly")
                return ExecutionResult(data=None, errors=[graphql_error(failed)])
            return EncodedResult(body)

    async def process_result(self, request: Any, result: Any) -> Any:  # type: ignore[override]
        if isinstance(result, EncodedResult):
            return EncodedBody(result.body)
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> str | bytes:
        """A worker's answer as it came; a batch with one in it, item by item."""
        if isinstance(data, EncodedBody):
            return data.body
        if isinstance(data, list) and any(isinstance(item, EncodedBody) for item in data):
            items = [item.body if isinstance(item, EncodedBody) else json.dumps(item).encode() for item in data]
            return b"[" + b",".join(items) + b"]"
        return super().encode_json(data)
