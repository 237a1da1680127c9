"""/sparql: the SPARQL 1.1 Protocol, read-only, with a time limit and a size cap.

Queries go to a real SPARQL engine that can be stopped: for the embedded store, `oxigraph
serve-read-only` over a fresh checkpoint (see sparql_sidecar); for a remote store, that
server. This module checks, forwards and answers: updates are refused here, formats are
negotiated by the engine, answers over the cap are refused whole. A refusal is one of
kg/errors.py's family, answered as /graphql's guards and /articles answer it (`{"error",
"code"}`), with the SPARQL 1.1 Protocol's status: 400 for a malformed query, 403 for an update.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kg.errors import (
    BadInput,
    EngineFailed,
    Forbidden,
    KgError,
    MalformedQuery,
    NotAcceptable,
    TimedOut,
    TooLarge,
    UnsupportedMediaType,
)
from kg.service.error_edges import http_answer
from kg.service.updates import is_update
from kg.settings import Settings

# The media types each query form answers in, as the engine (Oxigraph) serialises them.
RESULTS_MEDIA = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_MEDIA = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
# `format=` (or `output=`/`results=`, as SPARQLWrapper and older clients send it) by short name.
# "xml" and "json" name one media type per query form, as SPARQLWrapper means them: the engine
# takes the first one its query form can give, so format=xml is SPARQL/XML for a SELECT and
# RDF/XML for a CONSTRUCT.
SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle",),
    "ttl": ("text/turtle",),
    "n3": ("text/turtle",),  # Turtle is a subset of N3, so a Turtle answer is an N3 one
    "nt": ("application/n-triples",),
    "ntriples": ("application/n-triples",),
    "n-triples": ("application/n-triples",),
    "jsonld": ("application/ld+json",),
    "json-ld": ("application/ld+json",),
    "rdfxml": ("application/rdf+xml",),
    "rdf+xml": ("application/rdf+xml",),
    "rdf": ("application/rdf+xml",),
}
FORMAT_PARAMS = ("format", "output", "results")
DEFAULT_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1"
NOT_ACCEPTABLE = (
    "SELECT and ASK answer in "
    + ", ".join(RESULTS_MEDIA)
    + " (format=json|xml|csv|tsv); CONSTRUCT and DESCRIBE in "
    + ", ".join(GRAPH_MEDIA)
    + " (format=turtle|nt|xml|json)"
)
CANCELLED = b"The SPARQL operation has been cancelled"
UNSUPPORTED = b"is not supported"


DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")


@dataclass(frozen=True)
class SparqlRequest:
    """What a protocol request asks: the query, whether it tried to update, its RDF dataset
    (protocol parameters) and the formats named by `format=`/`output=`/`results=`."""

    query: str | None
    wants_update: bool
    dataset: list[tuple[str, str]]
    formats: list[str]


def _one_query(values: list[str]) -> str | None:
    if len(values) > 1:
        raise BadInput("send exactly one 'query' parameter")
    return values[0] if values else None


def _dataset(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in pairs if k in DATASET_PARAMS]


def _formats(pairs: list[tuple[str, str]]) -> list[str]:
    return [v.strip() for k, v in pairs if k in FORMAT_PARAMS and v.strip()]


async def _read(request: Request) -> SparqlRequest:
    url_params = list(request.query_params.multi_items())
    query, wants_update, dataset = await _query_text(request)
    formats = _formats(url_params)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST" and ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # a form POST (SPARQLWrapper's POST) names its format in the body; starlette keeps the form read
        formats += _formats([(k, str(v)) for k, v in (await request.form()).multi_items()])
    return SparqlRequest(query, wants_update, dataset, formats)


_FROM = re.compile(r"\bFROM\b", re.I)
# pyparsing, under rdflib's SPARQL parser, is not thread-safe: two parses at once (this runs in
# asyncio.to_thread) can fix a parse action's argument count wrongly for the rest of the process,
# after which every FROM query fails to parse and runs over the union (rdflib issue #1282).
_PARSER = threading.Lock()


def query_dataset(query: str) -> list[tuple[str, str]]:
    """The query's own FROM / FROM NAMED graphs, as protocol parameters.

    The engine runs with a union default graph, and `oxigraph serve --union-default-graph`
    applies it over a query's FROM clauses too; sent as `default-graph-uri`/`named-graph-uri`
    (which the protocol says take precedence, and here name the same graphs) they are honoured.
    Only a query that says FROM is parsed (by rdflib, for its prefixed names and BASE); one rdflib
    cannot parse goes to the engine as it is, which answers its syntax error.

    >>> query_dataset("PREFIX g: <urn:g:> SELECT * FROM g:a FROM NAMED <urn:b> WHERE { ?s ?p ?o }")
    [('default-graph-uri', 'urn:g:a'), ('named-graph-uri', 'urn:b')]
    >>> query_dataset("SELECT ?from WHERE { ?from ?p 'FROM' }")
    []
    >>> query_dataset("CONSTRUCT FROM <file> WHERE { ?s ?p 1816 }")
    []
    """
    if not _FROM.search(query):
        return []
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        with _PARSER:
            clauses = translateQuery(parseQuery(query)).algebra.get("datasetClause") or []
    except Exception:  # any parse failure: the engine is the judge of the query's syntax
        return []
    # a parse clause holds 'default' or 'named' (CompValue.get answers a missing key with the default)
    dataset = [
        ("default-graph-uri", str(c["default"])) if "default" in c else ("named-graph-uri", str(c["named"]))
        for c in clauses
    ]
    if any(":" not in iri for _, iri in dataset):
        return []  # "FROM <file>": a relative IRI is no protocol parameter; the engine reads it as written
    return dataset


def negotiate(formats: list[str], accept: str | None) -> str:
    """The Accept header to send the engine: the formats the request named (`format=xml`, or a
    media type), else its own Accept, else JSON results or Turtle.

    >>> negotiate(["xml"], "application/rdf+xml")
    'application/sparql-results+xml, application/rdf+xml'
    >>> negotiate([], None)
    'application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1'
    >>> negotiate(["yaml"], None)
    Traceback (most recent call last):
    ...
    kg.errors.NotAcceptable: format=yaml is not a format this endpoint answers in: SELECT and ASK ...
    """
    if formats:
        media: list[str] = []
        for name in formats:
            known = SHORT_NAMES.get(name.lower()) or ((name,) if "/" in name else None)
            if known is None:
                raise NotAcceptable(f"format={name} is not a format this endpoint answers in: {NOT_ACCEPTABLE}")
            media += [m for m in known if m not in media]
        return ", ".join(media)
    if accept is None or accept.strip() in ("", "*/*"):
        return DEFAULT_ACCEPT
    return accept


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
            raise BadInput("the query is not valid UTF-8") from exc
        return text, False, _dataset(url_params)
    if ctype == "application/sparql-update":
        return None, True, []
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form()
        except (UnicodeDecodeError, ValueError) as exc:
            raise BadInput("the form could not be read as UTF-8") from exc
        values = [str(v) for v in form.getlist("query")]
        pairs = [(k, str(v)) for k, v in form.multi_items()]
        return _one_query(values), "update" in form, _dataset(pairs) + _dataset(url_params)
    raise UnsupportedMediaType("POST a query as application/sparql-query or form-encoded 'query='")


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
                    raise TooLarge(
                        f"the answer is larger than {settings.sparql_max_bytes:,} bytes; "
                        "add a LIMIT or narrow the query",
                    )
            status, media = resp.status_code, resp.headers.get("content-type", "text/plain")
    except httpx.TimeoutException as exc:
        raise TimedOut(f"the query took longer than {settings.sparql_timeout_s:g} s and was stopped") from exc
    except httpx.HTTPError as exc:
        raise EngineFailed(f"the SPARQL engine did not answer: {exc}") from exc
    if CANCELLED in body[-200:]:
        raise TimedOut(f"the query took longer than {settings.sparql_timeout_s:g} s and was stopped")
    if status == 400 and body.startswith(b"Invalid media type"):  # a malformed Accept, not a bad query
        raise NotAcceptable(f"{body.decode('utf-8', 'replace').strip()} in the Accept header: {NOT_ACCEPTABLE}")
    if status == 400:
        raise MalformedQuery(f"SPARQL syntax error: {body.decode('utf-8', 'replace').strip()}")
    if status == 406:
        raise NotAcceptable(f"this query cannot be answered in {accept}: {NOT_ACCEPTABLE}")
    if status == 500 and UNSUPPORTED in body[-300:]:
        # a well-formed query calling a function the engine does not know (found by the W3C
        # syntax test syntax-select-expr-04): the query's fault, not the engine's
        raise BadInput(f"the query asks for what this endpoint does not support: {body.decode('utf-8', 'replace')}")
    if status >= 300:
        raise EngineFailed(f"the SPARQL engine answered {status}")
    return Response(bytes(body), media_type=media)


def sparql_endpoint(engine_lease, http: httpx.AsyncClient, settings: Settings):
    """engine_lease: an async context manager giving the URL of the engine's query endpoint,
    kept serving until the query is answered."""

    async def endpoint(request: Request) -> Response:
        try:
            asked = await _read(request)
            query = asked.query
            if asked.wants_update or (query and is_update(query)):
                raise Forbidden("this endpoint is read-only: SPARQL updates are refused")
            if not query:
                if "text/html" in request.headers.get("accept", ""):
                    return HTMLResponse(query_page())
                return Response(service_description(str(request.url).split("?")[0]), media_type="text/turtle")
            accept = negotiate(asked.formats, request.headers.get("accept"))
            dataset = asked.dataset or await asyncio.to_thread(query_dataset, query)
            async with engine_lease() as url:
                return await forward(http, url, query, accept, settings, dataset)
        except KgError as exc:  # kg/errors.py's family, answered as every endpoint answers it
            return http_answer(exc)

    return endpoint
