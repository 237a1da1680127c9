"""/sparql: the SPARQL 1.1 Protocol, read-only, with a time limit and a size cap.

Queries go to a real SPARQL engine that can be stopped: for the embedded store, `oxigraph
serve-read-only` over a fresh checkpoint (see sparql_sidecar); for a remote store, that
server. This module checks, forwards and answers: updates are refused here, formats are
negotiated by the engine, answers over the cap are refused whole.
"""

from __future__ import annotations

import json
from importlib import resources
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from kg.service.updates import is_update
from kg.settings import Settings

SHORT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
CANCELLED = b"The SPARQL operation has been cancelled"
UNSUPPORTED = b"is not supported"


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")


def _one_query(values: list[str]) -> str | None:
    if len(values) > 1:
        raise Refused(400, "send exactly one 'query' parameter")
    return values[0] if values else None


def _dataset(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in pairs if k in DATASET_PARAMS]


async def _query_text(request: Request) -> tuple[str | None, bool, list[tuple[str, str]]]:
    """The query, whether the request tried to update, and its dataset (RDF Dataset params)."""
    url_params = list(request.query_params.multi_items())
    if request.method == "GET":
        return _one_query(request.query_params.getlist("query")), "update" in request.query_params, _dataset(url_params)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-query":
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Refused(400, "the query is not valid UTF-8") from exc
        return text, False, _dataset(url_params)
    if ctype == "application/sparql-update":
        return None, True, []
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form()
        except (UnicodeDecodeError, ValueError) as exc:
            raise Refused(400, "the form could not be read as UTF-8") from exc
        values = [str(v) for v in form.getlist("query")]
        pairs = [(k, str(v)) for k, v in form.multi_items()]
        return _one_query(values), "update" in form, _dataset(pairs) + _dataset(url_params)
    raise Refused(415, "POST a query as application/sparql-query or form-encoded 'query='")


def service_description(base: str) -> str:
    text = resources.files("kg.service").joinpath("service_description.ttl").read_text(encoding="utf-8")
    return text.replace("ENDPOINT", base)


def query_page() -> str:
    from kg.queries import catalogue

    # the questions a researcher asks, ready to run; the DataLoaders' batch lookups stay out
    examples = [{"name": q.name, "query": q.example()} for q in catalogue().values() if "batch" not in q.tags]
    page = resources.files("kg.service").joinpath("query_page.html").read_text(encoding="utf-8")
    return page.replace("__EXAMPLES__", json.dumps(examples).replace("</", "<\\/"))


async def forward(
    http: httpx.AsyncClient,
    url: str,
    query: str,
    accept: str,
    settings: Settings,
    dataset: list[tuple[str, str]] | None = None,
) -> Response:
    body = bytearray()
    form = [("query", query), *(dataset or [])]
    try:
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        async with http.stream("POST", url, content=urlencode(form), headers=headers) as resp:
            async for chunk in resp.aiter_bytes():
                body.extend(chunk)
                if len(body) > settings.sparql_max_bytes:
                    raise Refused(
                        413,
                        f"the answer is larger than {settings.sparql_max_bytes:,} bytes; "
                        "add a LIMIT or narrow the query",
                    )
            status, media = resp.status_code, resp.headers.get("content-type", "text/plain")
    except httpx.TimeoutException as exc:
        raise Refused(503, f"the query took longer than {settings.sparql_timeout_s:g} s and was stopped") from exc
    except httpx.HTTPError as exc:
        raise Refused(502, f"the SPARQL engine did not answer: {exc}") from exc
    if CANCELLED in body[-200:]:
        raise Refused(503, f"the query took longer than {settings.sparql_timeout_s:g} s and was stopped")
    if status == 400:
        raise Refused(400, f"SPARQL syntax error: {body.decode('utf-8', 'replace').strip()}")
    if status == 406:
        raise Refused(406, body.decode("utf-8", "replace"))
    if status == 500 and UNSUPPORTED in body[-300:]:
        # a well-formed query calling a function the engine does not know (found by the W3C
        # syntax test syntax-select-expr-04): the query's fault, not the engine's
        raise Refused(400, f"the query asks for what this endpoint does not support: {body.decode('utf-8', 'replace')}")
    if status >= 300:
        raise Refused(502, f"the SPARQL engine answered {status}")
    return Response(bytes(body), media_type=media)


def sparql_endpoint(engine_lease, http: httpx.AsyncClient, settings: Settings):
    """engine_lease: an async context manager giving the URL of the engine's query endpoint,
    kept serving until the query is answered."""

    async def endpoint(request: Request) -> Response:
        try:
            query, wants_update, dataset = await _query_text(request)
            if wants_update or (query and is_update(query)):
                raise Refused(403, "this endpoint is read-only: SPARQL updates are refused")
            if not query:
                if "text/html" in request.headers.get("accept", ""):
                    return HTMLResponse(query_page())
                return Response(service_description(str(request.url).split("?")[0]), media_type="text/turtle")
            fmt = request.query_params.get("format") or request.query_params.get("output") or ""
            accept = SHORT_NAMES.get(fmt, fmt) or request.headers.get("accept") or "*/*"
            if accept.strip() in ("*/*", ""):
                accept = "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1"
            async with engine_lease() as url:
                return await forward(http, url, query, accept, settings, dataset)
        except Refused as exc:
            return PlainTextResponse(exc.message, status_code=exc.status)

    return endpoint
