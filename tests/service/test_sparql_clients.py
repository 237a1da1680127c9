"""/sparql as real SPARQL clients use it: SPARQLWrapper with its defaults (GET, format=xml),
rdflib's SPARQLStore, `format=` and Accept for graph queries, 406 for a format no query form
has, the union default graph as the service description says, and a query's own FROM."""

import doctest
import subprocess
import sys

import httpx
import pytest
import rdflib
from rdflib import RDFS, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import SPARQLWrapper

import kg.service.sparql

RR = rdflib.Namespace("https://w3id.org/regrisk/ontology#")
TIKTOK = URIRef("https://w3id.org/regrisk/id/entity/tiktok")
ENTITIES = "https://w3id.org/regrisk/id/graph/entities"
PREFIXES = "PREFIX rr: <https://w3id.org/regrisk/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
LABEL_GRAPH = f"CONSTRUCT {{ <{TIKTOK}> rdfs:label ?l }} WHERE {{ <{TIKTOK}> rdfs:label ?l }}"
NOT_ACCEPTABLE = (
    "SELECT and ASK answer in application/sparql-results+json, application/sparql-results+xml, text/csv, "
    "text/tab-separated-values (format=json|xml|csv|tsv); CONSTRUCT and DESCRIBE in text/turtle, "
    "application/n-triples, application/rdf+xml, application/ld+json (format=turtle|nt|xml|json)"
)


def term(binding: dict) -> rdflib.term.Node:
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=binding.get("datatype"))


def about_tiktok(server, where: str = f"{{ <{TIKTOK}> ?p ?o }}") -> set[tuple]:
    """(predicate, object) of TikTok as a SELECT DISTINCT in JSON gives them: the other path."""
    resp = httpx.get(
        f"{server.url}/sparql",
        params={"query": f"SELECT DISTINCT ?p ?o WHERE {where}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    rows = resp.json()["results"]["bindings"]
    return {(term(r["p"]), term(r["o"])) for r in rows}


def wrapper(server, query: str) -> SPARQLWrapper:
    """SPARQLWrapper exactly as a user makes it: no method, format or header set."""
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(PREFIXES + query)
    return client


def test_sparqlwrapper_defaults_answer_every_query_form(server) -> None:
    """GET with format=xml, which once gave 406 on CONSTRUCT and DESCRIBE (format=xml was read as
    SPARQL results XML, which no graph query can give)."""
    select = wrapper(server, f"SELECT DISTINCT ?type WHERE {{ <{TIKTOK}> a ?type }} ORDER BY ?type").queryAndConvert()
    types = [n.firstChild.data for n in select.getElementsByTagName("uri")]
    assert types == [str(RR.Entity), str(RR.Platform)]

    asks = [wrapper(server, f"ASK {{ <{TIKTOK}> a rr:{t} }}").query() for t in ("Platform", "Law")]
    assert [a.response.headers["content-type"] for a in asks] == ["application/sparql-results+xml"] * 2
    assert [a.convert().getElementsByTagName("boolean")[0].firstChild.data for a in asks] == ["true", "false"]

    construct = wrapper(server, LABEL_GRAPH).query()
    assert construct.response.headers["content-type"] == "application/rdf+xml"
    assert set(construct.convert()) == {(TIKTOK, RDFS.label, Literal("TikTok"))}

    described = wrapper(server, f"DESCRIBE <{TIKTOK}>").queryAndConvert()
    assert {(p, o) for s, p, o in described if s == TIKTOK} == about_tiktok(server)


@pytest.mark.parametrize(
    ("params", "accept", "media", "syntax"),
    [
        ({"format": "xml"}, None, "application/rdf+xml", "xml"),
        ({"format": "json"}, None, "application/ld+json", "json-ld"),
        ({"format": "turtle"}, None, "text/turtle", "turtle"),
        ({"output": "nt"}, None, "application/n-triples", "nt"),
        ({}, "application/rdf+xml", "application/rdf+xml", "xml"),
        ({}, "application/ld+json", "application/ld+json", "json-ld"),
        ({}, "text/turtle", "text/turtle", "turtle"),
        ({}, "application/n-triples", "application/n-triples", "nt"),
    ],
)
def test_graph_queries_answer_in_the_format_asked(server, params, accept, media, syntax) -> None:
    headers = {"Accept": accept} if accept else {}
    resp = httpx.get(f"{server.url}/sparql", params={"query": PREFIXES + LABEL_GRAPH, **params}, headers=headers)
    assert (resp.status_code, resp.headers["content-type"].split(";")[0]) == (200, media)
    assert set(rdflib.Graph().parse(data=resp.content, format=syntax)) == {(TIKTOK, RDFS.label, Literal("TikTok"))}


def test_a_form_post_names_its_format_in_the_body(server) -> None:
    """SPARQLWrapper's POST sends format=xml in the form, not the URL."""
    resp = httpx.post(f"{server.url}/sparql", data={"query": PREFIXES + LABEL_GRAPH, "format": "xml"})
    assert (resp.status_code, resp.headers["content-type"]) == (200, "application/rdf+xml")


@pytest.mark.parametrize(
    ("query", "params", "accept", "message"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"format": "yaml"}, None, "format=yaml is not a format"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"format": "turtle"}, None, "this query cannot be answered in"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {}, "image/png", "this query cannot be answered in image/png"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", {"format": "csv"}, None, "this query cannot be answered in text/csv"),
        ("ASK { ?s ?p ?o }", {}, "nonsense", "Invalid media type: 'nonsense' in the Accept header"),
    ],
)
def test_an_unsupported_format_is_406_listing_what_is_supported(server, query, params, accept, message) -> None:
    """Not 'SPARQL syntax error' (a 400), as an unknown format once was."""
    headers = {"Accept": accept} if accept else {}
    resp = httpx.get(f"{server.url}/sparql", params={"query": query, **params}, headers=headers)
    answer = resp.json()
    assert (resp.status_code, answer["code"]) == (406, "NOT_ACCEPTABLE")
    assert answer["error"].startswith(message) and answer["error"].endswith(NOT_ACCEPTABLE), answer


def test_rdflib_sparqlstore_reads_the_graph(server) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{server.url}/sparql"))
    rows = graph.query(PREFIXES + f"SELECT DISTINCT ?label WHERE {{ <{TIKTOK}> rdfs:label ?label }}")
    assert [tuple(r) for r in rows] == [(Literal("TikTok"),)]
    assert graph.query(f"ASK {{ <{TIKTOK}> a <{RR.Platform}> }}").askAnswer is True
    assert set(graph.query(PREFIXES + LABEL_GRAPH).graph) == {(TIKTOK, RDFS.label, Literal("TikTok"))}
    # the store's own triple-pattern lookups (they send SELECTs of their own)
    assert set(graph.predicate_objects(TIKTOK)) == about_tiktok(server)
    assert (TIKTOK, RR.owner, URIRef("https://w3id.org/regrisk/id/entity/bytedance")) in graph


def sparql_rows(server, query: str) -> list[list[str]]:
    resp = httpx.post(f"{server.url}/sparql", data={"query": PREFIXES + query}, headers={"Accept": "text/csv"})
    assert resp.status_code == 200, resp.text
    return [line.split(",") for line in resp.text.splitlines()[1:]]


def test_the_union_default_graph_repeats_a_triple_per_graph_and_the_documented_recipes_give_a_set(server) -> None:
    """What the service description and README say, row for row."""
    bag = sparql_rows(server, f"SELECT ?l WHERE {{ <{TIKTOK}> rdfs:label ?l }}")
    graphs = sparql_rows(server, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{TIKTOK}> rdfs:label ?l }} }}")
    assert len(graphs) > 1 and bag == [["TikTok"]] * len(graphs)  # once per named graph holding it
    assert sparql_rows(server, f"SELECT DISTINCT ?l WHERE {{ <{TIKTOK}> rdfs:label ?l }}") == [["TikTok"]]
    distinct = f"SELECT DISTINCT ?p ?o WHERE {{ <{TIKTOK}> ?p ?o }}"
    count = sparql_rows(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct} }}")
    assert count == [[str(len(sparql_rows(server, distinct)))]]
    index = sparql_rows(server, f"SELECT ?p ?o FROM <{ENTITIES}> WHERE {{ <{TIKTOK}> ?p ?o }}")
    in_graph = about_tiktok(server, f"{{ GRAPH <{ENTITIES}> {{ <{TIKTOK}> ?p ?o }} }}")
    assert sorted(map(tuple, index)) == sorted((str(p), str(o)) for p, o in in_graph)
    assert (RR.owner, URIRef("https://w3id.org/regrisk/id/entity/bytedance")) in in_graph
    description = httpx.get(f"{server.url}/sparql", headers={"Accept": "text/turtle"}).text
    sd = rdflib.Graph().parse(data=description, format="turtle")
    sd_ns = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd_ns.feature, sd_ns.UnionDefaultGraph) not in sd  # that feature promises a set
    [text] = [str(o) for o in sd.objects(None, URIRef("http://purl.org/dc/terms/description")) if "DISTINCT" in o]
    assert "matches once per graph" in text and f"FROM <{ENTITIES}>" in text


def test_a_query_s_own_from_replaces_the_union(server) -> None:
    """`oxigraph serve --union-default-graph` once answered FROM <nothing> with the whole union."""
    assert sparql_rows(server, f"SELECT ?t FROM <urn:x-regrisk:nothing> WHERE {{ <{TIKTOK}> a ?t }}") == []
    typed = sparql_rows(server, f"SELECT ?t FROM <{ENTITIES}> WHERE {{ <{TIKTOK}> a ?t }} ORDER BY ?t")
    assert typed == [[str(RR.Entity)], [str(RR.Platform)]]
    named = f"SELECT ?g FROM NAMED <{ENTITIES}> WHERE {{ GRAPH ?g {{ <{TIKTOK}> rdfs:label ?l }} }}"
    assert sparql_rows(server, named) == [[ENTITIES]]


def test_the_negotiation_examples_hold() -> None:
    assert doctest.testmod(kg.service.sparql, optionflags=doctest.ELLIPSIS).failed == 0


CONCURRENT_FROM = """
from concurrent.futures import ThreadPoolExecutor
from kg.service.sparql import query_dataset
queries = [
    "PREFIX g: <urn:g:> SELECT * FROM g:a FROM NAMED <urn:b> WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?r } }",
    "ASK FROM <urn:x> { ?s ?p ?o FILTER NOT EXISTS { ?s a ?t } }",
] * 8
with ThreadPoolExecutor(8) as pool:
    during = list(pool.map(query_dataset, queries))
after = query_dataset(queries[0])
print(sorted({repr(d) for d in during}), after)
"""


def test_a_query_s_own_graphs_are_read_right_when_many_arrive_at_once() -> None:
    """/sparql parses FROM clauses in worker threads; rdflib's parser (pyparsing) once broke for
    the rest of the process when two parsed at once, and every FROM query then ran over the union.
    Run in a process of its own, as a broken parser would stay broken for the tests after it."""
    done = subprocess.run([sys.executable, "-c", CONCURRENT_FROM], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    one = "[('default-graph-uri', 'urn:g:a'), ('named-graph-uri', 'urn:b')]"
    assert done.stdout.strip() == f"[\"{one}\", \"[('default-graph-uri', 'urn:x')]\"] {one}"
