"""SPARQL 1.1 Protocol endpoint, read-only: GET ?query=, POST form, POST application/sparql-query."""

from __future__ import annotations

import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg.sparql_formats import NotAcceptableError
from kg.store import QueryError, Store

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\s+)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.I
)


async def _query_text(request: Request) -> str | None:
    if request.method == "GET":
        return request.query_params.get("query")
    ctype = request.headers.get("content-type", "").split(";")[0].strip()
    if ctype == "application/sparql-query":
        return (await request.body()).decode("utf-8", "replace")
    if ctype == "application/x-www-form-urlencoded":
        form = await request.form()
        if "update" in form:
            return "\x00update"
        value = form.get("query")
        return str(value) if value is not None else None
    if ctype == "application/sparql-update":
        return "\x00update"
    return None


def sparql_endpoint(store: Store):
    async def endpoint(request: Request) -> Response:
        query = await _query_text(request)
        if query == "\x00update" or (query and _UPDATE.match(query)):
            return PlainTextResponse("this endpoint is read-only: SPARQL updates are refused", status_code=403)
        if not query:
            return PlainTextResponse("missing 'query' parameter (SPARQL 1.1 Protocol)", status_code=400)
        accept = request.query_params.get("format") or request.headers.get("accept", "*/*")
        try:
            body, media = await run_in_threadpool(store.raw_query, query, accept)
        except QueryError as exc:
            return PlainTextResponse(f"SPARQL syntax error: {exc}", status_code=400)
        except NotAcceptableError as exc:
            return PlainTextResponse(str(exc), status_code=406)
        return Response(body, media_type=media)

    return endpoint
