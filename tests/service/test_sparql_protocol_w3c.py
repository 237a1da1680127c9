"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only query endpoint.

Names follow the W3C test suite (https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/):
the query_* tests must succeed, the bad_query_* tests must be refused with a 4xx, and every
update test is answered here by a refusal that changes nothing (the endpoint is read-only).
The data are the served store's own graphs, so dataset parameters name real graphs.
"""

from __future__ import annotations

import httpx
import pytest

from tests.service.test_http import count_quads

ASK_ANY = "ASK { ?s ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g LIMIT 2"
META = "https://w3id.org/regrisk/id/graph/meta"
ENTITIES = "https://w3id.org/regrisk/id/graph/entities"
JSON = {"Accept": "application/sparql-results+json"}


def sparql(server, method: str = "GET", **kw) -> httpx.Response:
    return httpx.request(method, f"{server.url}/sparql", timeout=30, **kw)


def test_query_get(server) -> None:
    resp = sparql(server, params={"query": ASK_ANY}, headers=JSON)
    assert resp.status_code == 200 and resp.json()["boolean"] is True


def test_query_post_form(server) -> None:
    resp = sparql(server, "POST", data={"query": ASK_ANY}, headers=JSON)
    assert resp.status_code == 200 and resp.json()["boolean"] is True


def test_query_post_direct(server) -> None:
    resp = sparql(server, "POST", content=ASK_ANY, headers={**JSON, "Content-Type": "application/sparql-query"})
    assert resp.status_code == 200 and resp.json()["boolean"] is True


def test_query_dataset_default_graph(server) -> None:
    """default-graph-uri makes that graph (only) the query's default graph."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://w3id.org/regrisk/ontology#contentHash> ?h }"
    in_meta = sparql(server, params={"query": query, "default-graph-uri": META}, headers=JSON).json()
    elsewhere = sparql(server, params={"query": query, "default-graph-uri": ENTITIES}, headers=JSON).json()
    assert int(in_meta["results"]["bindings"][0]["n"]["value"]) > 10
    assert int(elsewhere["results"]["bindings"][0]["n"]["value"]) == 0


def test_query_dataset_default_graphs_post(server) -> None:
    query = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
    one = sparql(server, "POST", data={"query": query, "default-graph-uri": META}, headers=JSON).json()
    both = sparql(server, "POST", data={"query": query, "default-graph-uri": [META, ENTITIES]}, headers=JSON).json()
    assert int(both["results"]["bindings"][0]["n"]["value"]) > int(one["results"]["bindings"][0]["n"]["value"])


def test_query_dataset_named_graphs(server) -> None:
    """named-graph-uri limits GRAPH ?g to the graphs named."""
    resp = sparql(server, params={"query": GRAPHS, "named-graph-uri": META}, headers=JSON)
    assert [b["g"]["value"] for b in resp.json()["results"]["bindings"]] == [META]


def test_query_dataset_full_by_direct_post(server) -> None:
    """With a direct POST the dataset travels in the URL."""
    resp = httpx.post(
        f"{server.url}/sparql?named-graph-uri={ENTITIES}",
        content=GRAPHS,
        headers={**JSON, "Content-Type": "application/sparql-query"},
    )
    assert [b["g"]["value"] for b in resp.json()["results"]["bindings"]] == [ENTITIES]


@pytest.mark.parametrize(
    ("query", "accept", "media"),
    [
        (
            "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
            "application/sparql-results+xml",
            "application/sparql-results+xml",
        ),
        (ASK_ANY, "application/sparql-results+json", "application/sparql-results+json"),
        ("DESCRIBE <https://w3id.org/regrisk/id/entity/tiktok>", "text/turtle", "text/turtle"),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3",
            "application/n-triples",
            "application/n-triples",
        ),
    ],
    ids=[
        "query_content_type_select",
        "query_content_type_ask",
        "query_content_type_describe",
        "query_content_type_construct",
    ],
)
def test_query_content_types(server, query: str, accept: str, media: str) -> None:
    resp = sparql(server, params={"query": query}, headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.headers["content-type"].split(";")[0] == media


def test_bad_query_method(server) -> None:
    assert sparql(server, "PUT", content=ASK_ANY).status_code == 405
    assert sparql(server, "DELETE").status_code == 405


def test_bad_multiple_queries(server) -> None:
    resp = sparql(server, params=[("query", ASK_ANY), ("query", ASK_ANY)])
    assert resp.status_code == 400 and "exactly one" in resp.text


def test_bad_query_wrong_media_type(server) -> None:
    resp = sparql(server, "POST", content=ASK_ANY, headers={"Content-Type": "text/plain"})
    assert resp.status_code == 415


def test_bad_query_missing_form_type(server) -> None:
    resp = sparql(server, "POST", content=f"query={ASK_ANY}", headers={"Content-Type": ""})
    assert 400 <= resp.status_code < 500


def test_bad_query_non_utf8(server) -> None:
    body = 'ASK { ?s ?p "caf\u00e9" }'.encode("latin-1")
    resp = sparql(server, "POST", content=body, headers={"Content-Type": "application/sparql-query"})
    assert resp.status_code == 400 and "UTF-8" in resp.text


def test_bad_query_syntax(server) -> None:
    resp = sparql(server, params={"query": "ASK {"})
    assert resp.status_code == 400


@pytest.mark.parametrize(
    "how",
    [
        {"data": {"update": "CLEAR ALL"}},
        {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"data": {"query": "CLEAR DEFAULT"}},
        {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "using-graph-uri": META}},
    ],
    ids=["update_post_form", "update_post_direct", "update_as_query", "update_dataset"],
)
def test_updates_of_every_form_are_refused_and_change_nothing(server, how: dict) -> None:
    before = count_quads(server.url)
    resp = sparql(server, "POST", **how)
    assert resp.status_code == 403 and "read-only" in resp.text
    assert count_quads(server.url) == before


def test_the_service_description_names_the_endpoint(server) -> None:
    resp = sparql(server, headers={"Accept": "text/turtle"})
    assert resp.status_code == 200
    assert f"{server.url}/sparql" in resp.text
    assert "sparql-service-description" in resp.text or "sd:Service" in resp.text
