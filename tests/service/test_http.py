"""The HTTP surface: SPARQL 1.1 Protocol matrix, authenticated writes, limits, offline pages."""

import base64
import csv
import hashlib
import io
import json
import re
import time
from pathlib import Path

import httpx
import pytest
import rdflib

from kg.service.graphql_view import build_schema, graphiql_examples
from kg.settings import Settings
from tests.service.conftest import TOKEN

ROOT = Path(__file__).resolve().parents[2]
SELECT = "PREFIX rr: <https://w3id.org/regrisk/ontology#> SELECT ?e WHERE { GRAPH ?g { ?e a rr:Ban } } LIMIT 5"
CONSTRUCT = "CONSTRUCT { ?e a ?t } WHERE { GRAPH ?g { ?e a ?t } } LIMIT 20"


def count_quads(url: str) -> int:
    resp = httpx.get(
        f"{url}/sparql",
        # a fresh comment each time: the response cache must not answer for the store
        params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} # {time.time_ns()}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("how", ["get", "form", "direct"])
@pytest.mark.parametrize(
    ("accept", "check"),
    [
        ("application/sparql-results+json", lambda b: len(json.loads(b)["results"]["bindings"]) == 5),
        ("application/sparql-results+xml", lambda b: b.count(b"<result>") == 5),
        ("text/csv", lambda b: len(list(csv.reader(io.StringIO(b.decode())))) == 6),
        (
            "text/tab-separated-values",
            lambda b: b.decode().splitlines()[0] == "?e" and len(b.decode().splitlines()) == 6,
        ),
    ],
)
def test_sparql_select_in_every_result_format_by_every_protocol_form(server, how, accept, check) -> None:
    url = f"{server.url}/sparql"
    headers = {"Accept": accept}
    if how == "get":
        resp = httpx.get(url, params={"query": SELECT}, headers=headers)
    elif how == "form":
        resp = httpx.post(url, data={"query": SELECT}, headers=headers)
    else:
        resp = httpx.post(url, content=SELECT, headers={**headers, "Content-Type": "application/sparql-query"})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith(accept)
    assert check(resp.content)


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_sparql_construct_in_every_graph_format(server, accept, fmt) -> None:
    resp = httpx.get(f"{server.url}/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith(accept)
    assert len(rdflib.Graph().parse(data=resp.content, format=fmt)) == 20


def test_ask_and_describe(server) -> None:
    ask = httpx.get(f"{server.url}/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})
    assert ask.json()["boolean"] is True
    describe = httpx.get(
        f"{server.url}/sparql",
        params={"query": "DESCRIBE <https://w3id.org/regrisk/id/entity/tiktok>"},
        headers={"Accept": "text/turtle"},
    )
    assert describe.status_code == 200 and b"TikTok" in describe.content


def test_clients_that_send_format_parameters_or_no_accept_get_sensible_defaults(server) -> None:
    resp = httpx.get(f"{server.url}/sparql", params={"query": SELECT, "format": "json", "output": "json"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/sparql-results+json")
    csv_resp = httpx.get(f"{server.url}/sparql", params={"query": SELECT, "format": "csv"})
    assert csv_resp.headers["content-type"].startswith("text/csv")


def test_a_syntax_error_is_a_readable_400(server) -> None:
    resp = httpx.get(f"{server.url}/sparql", params={"query": "SELEKT * WHERE { ?s ?p ?o }"})
    assert resp.status_code == 400 and "SPARQL syntax error" in resp.text


@pytest.mark.parametrize(
    "update",
    [
        "DROP ALL",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "LOAD <http://example.org/data.ttl>",
        "CREATE GRAPH <urn:g>",
        "ADD DEFAULT TO <urn:g>",
        "COPY DEFAULT TO <urn:g>",
        "MOVE DEFAULT TO <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "delete data { <urn:a> <urn:b> <urn:c> }",
        "# a comment first\nBASE <urn:x/> DROP SILENT GRAPH <g>",
    ],
)
def test_updates_are_refused_and_change_nothing(server, update) -> None:
    before = count_quads(server.url)
    for resp in (
        httpx.post(f"{server.url}/sparql", data={"update": update}),
        httpx.post(f"{server.url}/sparql", data={"query": update}),
        httpx.post(f"{server.url}/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
    ):
        assert resp.status_code == 403
    assert count_quads(server.url) == before


def test_the_result_cap_refuses_oversized_answers(server) -> None:
    cross = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } GRAPH ?h { ?x a ?y } }"
    resp = httpx.get(f"{server.url}/sparql", params={"query": cross})
    assert resp.status_code == 413 and "add a LIMIT" in resp.text


def test_service_description_and_query_page(server) -> None:
    sd = httpx.get(f"{server.url}/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=sd.text, format="turtle")
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#Service")) in graph
    page = httpx.get(f"{server.url}/sparql", headers={"Accept": "text/html"})
    assert "yasgui.min.js" in page.text and "policy_impact" in page.text
    assert not re.search(r"(src|href)=\"https?://", page.text)


def test_writes_need_a_bearer_token(server) -> None:
    article = {
        "text": "The Kenya Communications Authority on Monday suspended Telegram across Kenya.",
        "published": "2024-11-11",
    }
    before = count_quads(server.url)
    assert httpx.post(f"{server.url}/articles", json=article).status_code == 401
    assert (
        httpx.post(f"{server.url}/articles", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    )
    assert count_quads(server.url) == before
    ok = httpx.post(
        f"{server.url}/articles", json=[article, {"text": ""}], headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
    )
    assert ok.status_code == 207
    results = ok.json()["results"]
    assert results[0]["status"] in ("new", "unchanged") and results[0]["found"][0]["type"] == "Ban"
    assert results[1]["status"] == "failed" and results[1]["error"] == "empty article: no text"
    bans = server.data('{ events(filter: {type: "Ban", jurisdiction: "Kenya"}) { totalCount } }')
    assert bans["events"]["totalCount"] == 1


def test_the_ingest_mutation_needs_a_token_and_returns_what_it_found(server) -> None:
    mutation = """mutation($input: ArticleInput!) { ingestArticle(input: $input) { status
        article { id title } events { type agent { label } } } }"""
    variables = {
        "input": {
            "text": "Ghana's National Communications Authority on Friday fined MTN Ghana "
            "GH₵ 5 million for failing to block unregistered SIM cards.",
            "title": "Ghana fines MTN",
            "published": "2024-06-07",
        }
    }
    refused = server.graphql(mutation, variables)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    done = server.graphql(mutation, variables, token=TOKEN)["data"]["ingestArticle"]
    assert done["article"]["title"] == "Ghana fines MTN"
    assert [e["type"] for e in done["events"]] == ["Fine"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('{ entity(name: "TikTok") { ' + "events { agent { " * 6 + "label" + " } }" * 6 + " } }", "exceeds maximum"),
        ("{ " + " ".join(f'a{i}: entity(name: "TikTok") {{ label }}' for i in range(40)) + " }", "aliases"),
        ("{ entities(first: 1000) { totalCount } }", "'first' must be between 1 and 100"),
        ('{ entities(after: "bm9wZQ==") { totalCount } }', "not a cursor"),
        ("{ " + 'entity(name: "x") { label } ' * 1 + "__typename " * 3000 + "}", "token"),
    ],
)
def test_hostile_graphql_is_refused_early_and_plainly(server, query, message) -> None:
    body = server.graphql(query)
    assert body.get("errors"), body
    assert message.lower() in json.dumps(body["errors"]).lower()


def test_graphiql_is_served_from_installed_assets(server) -> None:
    page = httpx.get(f"{server.url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql.min.js" in page.text
    assert "unpkg.com" not in page.text and not re.search(r"(src|href)=\"https?://", page.text)
    manifest = json.loads((ROOT / "kg/service/static/MANIFEST.json").read_text())
    for item in manifest:
        served = httpx.get(f"{server.url}/static/{item['path']}")
        digest = "sha384-" + base64.b64encode(hashlib.sha384(served.content).digest()).decode()
        assert served.status_code == 200 and digest == item["sha384"], item["path"]
        if item["path"].startswith("graphiql/"):
            assert item["sha384"] in page.text  # the SRI pins strawberry ships still hold


def test_the_explorer_at_the_root_names_only_installed_assets(server) -> None:
    """`/` is the explorer (it used to redirect to GraphiQL, which stays at GET /graphql); it
    loads Chart.js from the vendored copy with the manifest's sha384, and nothing from outside."""
    page = httpx.get(f"{server.url}/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    manifest = json.loads((ROOT / "kg/service/static/MANIFEST.json").read_text())
    chart = next(item for item in manifest if item["package"] == "chart.js")
    assert f'<script src="/static/{chart["path"]}" integrity="{chart["sha384"]}" defer></script>' in page.text
    assert re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text) == [
        "/static/explorer/explorer.css",
        f"/static/{chart['path']}",
        "/static/explorer/explorer.js",
    ]
    for asset in ("explorer/explorer.css", "explorer/explorer.js"):
        assert httpx.get(f"{server.url}/static/{asset}").status_code == 200
    assert not re.search(r"(src|href)=\"https?://", page.text)


def test_every_graphiql_example_runs_and_finds_something(server) -> None:
    """The examples GraphiQL opens with (kg/service/graphiql_examples/), each posted with its
    variables, as a client without a browser would; each root field answers non-empty."""
    tabs = graphiql_examples()
    assert len(tabs) == 10
    for tab in tabs:
        data = server.data(tab["query"], json.loads(tab.get("variables") or "{}"))
        assert all(data.values()), tab["query"]


def test_the_readme_examples_to_paste_run(server) -> None:
    """The GraphQL query and the SPARQL curl of the README's "Asking the API", as a reader pastes them."""
    readme = (ROOT / "README.md").read_text()
    query = re.search(r"```graphql\n(.*?)```", readme, re.S).group(1)
    levels = [x["riskLevel"] for x in server.data(query)["exposure"]]
    assert levels == ["SEVERE", "MEDIUM", "LOW"]
    sparql = re.search(r"--data-urlencode 'query=\n(.*?)'\n```", readme, re.S).group(1)
    rows = httpx.post(f"{server.url}/sparql", data={"query": sparql}, headers={"Accept": "text/csv"})
    assert rows.status_code == 200 and rows.text.splitlines()[0] == "type,events"
    assert "https://w3id.org/regrisk/ontology#CourtRuling,4" in rows.text.splitlines()


def test_healthz(server) -> None:
    assert httpx.get(f"{server.url}/healthz").json()["status"] == "ok"


def test_the_committed_schema_file_is_current() -> None:
    assert (ROOT / "schema.graphql").read_text() == build_schema(Settings()).as_str() + "\n"


def test_a_runaway_query_is_stopped_and_the_endpoint_stays_responsive(server) -> None:
    import time

    heavy = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?x ?y ?z } GRAPH ?c { ?u ?v ?w } }"
    start = time.monotonic()
    resp = httpx.post(f"{server.url}/sparql", data={"query": heavy}, timeout=60)
    assert resp.status_code == 503 and "was stopped" in resp.text
    assert time.monotonic() - start < 10
    quick = time.monotonic()
    assert httpx.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    assert time.monotonic() - quick < 2
