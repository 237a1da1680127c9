"""One error family at every endpoint: /sparql refuses as /graphql and /articles do, with the same
words and the same code (kg/errors.py), and keeps the SPARQL 1.1 Protocol's status codes.

In process (the app `kg serve` runs, over a real store on disk and its real SPARQL sidecar);
test_limits.py checks the same bodies from a real uvicorn, byte by byte on the socket."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kg.service.app import create_app
from kg.settings import Settings

warnings.filterwarnings("ignore", category=DeprecationWarning)
TOKEN = "family-token-0123456789"
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}


@pytest.fixture()
def client(store_copy: Path) -> Iterator[TestClient]:
    settings = Settings(store=str(store_copy), production=True, api_tokens=[TOKEN], sparql_cache_entries=0)
    with TestClient(create_app(settings)) as c:
        yield c


def test_a_malformed_query_is_malformed_query_in_sparql_and_in_graphql(client: TestClient) -> None:
    sparql = client.post("/sparql", content=b"SELEC", headers=SPARQL_QUERY)
    graphql = client.post("/graphql", json={"query": "{ events(first: 1) { totalCount }"})
    assert (sparql.status_code, sparql.headers["content-type"]) == (400, "application/json")  # the protocol's 400
    assert sparql.json() == {"error": "SPARQL syntax error: error at 1:6: expected [_]", "code": "MALFORMED_QUERY"}
    assert graphql.status_code == 200  # GraphQL over HTTP answers a document's errors in the body
    assert graphql.json()["errors"] == [
        {
            "message": "Syntax Error: Expected Name, found <EOF>.",
            "locations": [{"line": 1, "column": 34}],
            "extensions": {"code": "MALFORMED_QUERY"},
        }
    ]


def test_an_update_is_forbidden_as_a_write_to_a_server_without_tokens_is(client: TestClient) -> None:
    resp = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert (resp.status_code, resp.json()) == (
        403,
        {"error": "this endpoint is read-only: SPARQL updates are refused", "code": "FORBIDDEN"},
    )


@pytest.mark.parametrize(
    ("request_args", "status", "code", "words"),
    [
        ({"method": "GET", "params": {"query": "ASK {}", "format": "yaml"}}, 406, "NOT_ACCEPTABLE", "format=yaml is"),
        (
            {"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}},
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "POST a query as",
        ),
        (
            {"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]},
            400,
            "BAD_USER_INPUT",
            "send exactly one",
        ),
    ],
    ids=["format", "media type", "two queries"],
)
def test_each_protocol_refusal_keeps_its_status_and_carries_its_code(
    client: TestClient, request_args: dict, status: int, code: str, words: str
) -> None:
    resp = client.request(url="/sparql", **request_args)
    assert (resp.status_code, resp.json()["code"]) == (status, code)
    assert resp.json()["error"].startswith(words)


def test_a_body_over_the_cap_is_the_same_answer_at_every_endpoint(client: TestClient) -> None:
    big = b"x" * 1_000_001  # over the 1 MB cap of /graphql and /sparql; /articles allows 16 MB
    answers = {
        path: client.post(path, content=big, headers={"Content-Type": "application/sparql-query"})
        for path in ("/graphql", "/sparql")
    }
    huge = client.post("/articles", content=b"x" * 16_000_001, headers={"Authorization": f"Bearer {TOKEN}"})
    expected = {"error": "the request body is over 1,000,000 bytes", "code": "TOO_LARGE"}
    assert {path: (r.status_code, r.json()) for path, r in answers.items()} == {
        "/graphql": (413, expected),
        "/sparql": (413, expected),
    }
    assert (huge.status_code, huge.json()) == (
        413,
        {"error": "the request body is over 16,000,000 bytes", "code": "TOO_LARGE"},
    )


def test_a_client_over_its_query_time_is_rate_limited_alike_at_sparql_and_graphql(store_copy: Path) -> None:
    settings = Settings(store=str(store_copy), production=True, query_seconds_per_minute=0.001, sparql_cache_entries=0)
    with TestClient(create_app(settings)) as c:
        first = c.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
        assert first.status_code == 200  # the first spends more than the budget of a millisecond
        sparql = c.get("/sparql", params={"query": "ASK {}"})
        graphql = c.post("/graphql", json={"query": "{ articles { totalCount } }"})
    for resp in (sparql, graphql):
        wait = int(resp.headers["retry-after"])
        assert (resp.status_code, resp.json()) == (
            429,
            {
                "error": f"this client has used its 0.001 s of query time in the last minute; retry in {wait} s",
                "code": "RATE_LIMITED",
            },
        )
        assert 1 <= wait <= 60


def test_a_bad_token_is_unauthenticated_at_both_write_doors(client: TestClient) -> None:
    headers = {"Authorization": "Bearer not-the-token"}
    post = client.post("/articles", json={"text": "TikTok was fined."}, headers=headers)
    mutation = client.post(
        "/graphql", json={"query": 'mutation { ingestArticle(input: {text: "x"}) { status } }'}, headers=headers
    )
    assert (post.status_code, post.headers["www-authenticate"], post.json()) == (
        401,
        "Bearer",
        {"error": "a valid bearer token is required", "code": "UNAUTHENTICATED"},
    )
    [error] = mutation.json()["errors"]
    assert (error["message"], error["extensions"]) == ("a valid bearer token is required", {"code": "UNAUTHENTICATED"})
