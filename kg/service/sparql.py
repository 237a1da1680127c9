"""/sparql: the SPARQL 1.1 Protocol, read-only, with a result cap and a time limit.

pyoxigraph evaluates; rdflib serialises capped SELECT results (JSON, XML, CSV, TSV);
pyoxigraph serialises graphs. A query that outlives the limit is answered 503 and its
evaluation is abandoned at the next row (pyoxigraph has no way to interrupt one step:
oxigraph#1926), while a semaphore keeps runaway queries from piling up.
"""

from __future__ import annotations

import asyncio
import io
import re
import threading
import time
from importlib import resources

import pyoxigraph as ox
import rdflib
from rdflib.query import Result
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from kg.settings import Settings
from kg.sparql_formats import GRAPH_TYPES, RESULT_TYPES, SHORT_NAMES, NotAcceptableError, _choose
from kg.store import EmbeddedStore, QueryError, Store

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I,
)
_RDFLIB_FORMAT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "txt",
}


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _to_rdflib(term: object) -> rdflib.term.Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt))
    return rdflib.Literal(str(term))


def _tsv(result: Result) -> bytes:
    out = io.StringIO()
    out.write("\t".join(f"?{v}" for v in result.vars) + "\n")
    for row in result.bindings:
        out.write("\t".join(row[v].n3() if row.get(v) is not None else "" for v in result.vars) + "\n")
    return out.getvalue().encode()


def evaluate(
    store: EmbeddedStore, query: str, accept: str, cap: int, deadline: float, cancelled: threading.Event
) -> tuple[bytes, str]:
    try:
        result = store._store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise Refused(400, f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise Refused(400, f"query failed: {exc}") from exc

    def check(n: int) -> None:
        if cancelled.is_set() or time.monotonic() > deadline:
            raise Refused(503, "the query took too long and was stopped")
        if n > cap:
            raise Refused(413, f"the result has more than {cap:,} rows; add a LIMIT or narrow the query")

    if isinstance(result, ox.QueryBoolean):
        media = _choose(RESULT_TYPES, accept, "application/sparql-results+json")
        return result.serialize(format=RESULT_TYPES[media]), media
    if isinstance(result, ox.QueryTriples):
        media = _choose(GRAPH_TYPES, accept, "text/turtle")
        triples = []
        for n, triple in enumerate(result, 1):
            check(n)
            triples.append(triple)
        data = (
            ox.serialize(triples, format=GRAPH_TYPES[media], prefixes={"rr": "https://w3id.org/regrisk/ontology#"})
            if GRAPH_TYPES[media] in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
            else ox.serialize(triples, format=GRAPH_TYPES[media])
        )
        return data, media
    media = _choose(RESULT_TYPES, accept, "application/sparql-results+json")
    names = [v.value for v in result.variables]
    rows = []
    for n, solution in enumerate(result, 1):
        check(n)
        rows.append({rdflib.Variable(v): _to_rdflib(solution[v]) for v in names if solution[v] is not None})
    out = Result("SELECT")
    out.vars = [rdflib.Variable(v) for v in names]
    out.bindings = rows
    fmt = _RDFLIB_FORMAT[media]
    if fmt == "txt":
        return _tsv(out), media
    return out.serialize(format=fmt), media


async def _query_text(request: Request) -> tuple[str | None, bool]:
    """The query and whether the request tried to update."""
    if request.method == "GET":
        return request.query_params.get("query"), "update" in request.query_params
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-query":
        return (await request.body()).decode("utf-8", "replace"), False
    if ctype == "application/sparql-update":
        return None, True
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        value = form.get("query")
        return (str(value) if value is not None else None), "update" in form
    raise Refused(415, "POST a query as application/sparql-query or form-encoded 'query='")


def service_description(base: str) -> str:
    text = resources.files("kg.service").joinpath("service_description.ttl").read_text(encoding="utf-8")
    return text.replace("ENDPOINT", base)


def sparql_endpoint(store: Store, settings: Settings):
    limit = asyncio.Semaphore(settings.sparql_concurrency)

    async def endpoint(request: Request) -> Response:
        try:
            query, wants_update = await _query_text(request)
            if wants_update or (query and _UPDATE.match(query)):
                raise Refused(403, "this endpoint is read-only: SPARQL updates are refused")
            if not query:
                if "text/html" in request.headers.get("accept", ""):
                    return HTMLResponse(query_page())
                return Response(service_description(str(request.url).split("?")[0]), media_type="text/turtle")
            fmt = request.query_params.get("format") or request.query_params.get("output")
            accept = SHORT_NAMES.get(fmt or "", fmt or "") or request.headers.get("accept", "*/*")
            if not isinstance(store, EmbeddedStore):
                body, media = await asyncio.to_thread(store.raw_query, query, accept)
                return Response(body, media_type=media)
            if limit.locked():
                raise Refused(503, "too many queries are running; try again shortly")
            async with limit:
                cancelled = threading.Event()
                deadline = time.monotonic() + settings.sparql_timeout_s
                task = asyncio.to_thread(evaluate, store, query, accept, settings.sparql_max_rows, deadline, cancelled)
                try:
                    body, media = await asyncio.wait_for(task, timeout=settings.sparql_timeout_s + 0.5)
                except TimeoutError as exc:
                    cancelled.set()
                    raise Refused(
                        503, f"the query took longer than {settings.sparql_timeout_s:g} s and was stopped"
                    ) from exc
            return Response(body, media_type=media)
        except Refused as exc:
            return PlainTextResponse(exc.message, status_code=exc.status)
        except NotAcceptableError as exc:
            return PlainTextResponse(str(exc), status_code=406)
        except QueryError as exc:
            return PlainTextResponse(f"SPARQL syntax error: {exc}", status_code=400)

    return endpoint


def query_page() -> str:
    import json

    from kg.queries import catalogue

    examples = [{"name": q.name, "query": q.text} for q in catalogue().values()]
    page = resources.files("kg.service").joinpath("query_page.html").read_text(encoding="utf-8")
    return page.replace("__EXAMPLES__", json.dumps(examples).replace("</", "<\\/"))
