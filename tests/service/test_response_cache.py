"""The /graphql response cache: repeated reads come from memory, and a write is seen at once."""

from __future__ import annotations

import httpx

from tests.service.conftest import TOKEN

ARTICLES = "{ articles(first: 100) { totalCount edges { node { id title } } } }"


def _cache(server) -> dict:
    return httpx.get(f"{server.url}/healthz").json()["cache"]


def test_a_repeated_read_is_answered_from_the_cache(server) -> None:
    first = server.data('{ entity(name: "TikTok") { label type } }')
    before = _cache(server)
    second = server.data('{ entity(name: "TikTok") { label type } }')
    after = _cache(server)
    assert first == second
    assert after["hits"] == before["hits"] + 1
    assert after["misses"] == before["misses"]


def test_a_write_empties_the_cache_so_the_next_read_sees_it(server) -> None:
    before = server.data(ARTICLES)["articles"]
    server.data(ARTICLES)  # now cached
    text = (
        "BRASILIA, March 3, 2025 - Brazil's Supreme Federal Court ordered the suspension of the "
        "messaging app Rumble on Monday. Cache-check article number 7781."
    )
    resp = httpx.post(
        f"{server.url}/articles",
        json={"text": text, "title": "Cache check", "published": "2025-03-03"},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert resp.status_code == 200, resp.text
    after = server.data(ARTICLES)["articles"]
    assert after["totalCount"] == before["totalCount"] + 1
    assert "Cache check" in {e["node"]["title"] for e in after["edges"]}


def test_mutations_and_errors_are_never_cached(server) -> None:
    bad = "{ events(first: 100000) { totalCount } }"
    for _ in range(2):
        assert "errors" in server.graphql(bad)
    before = _cache(server)
    server.graphql(bad)
    assert _cache(server)["hits"] == before["hits"]
    mutation = 'mutation { ingestArticle(input: {text: "x"}) { status } }'
    for _ in range(2):
        body = server.graphql(mutation)  # no token: refused, and the refusal is not kept
        assert "errors" in body
    assert _cache(server)["hits"] == before["hits"]


def test_cached_answers_carry_the_same_headers_and_compressed_bodies_stay_valid(server) -> None:
    query = {"query": "{ events(first: 100) { totalCount edges { node { id type date } } } }"}
    answers = [httpx.post(f"{server.url}/graphql", json=query, headers={"Accept-Encoding": "gzip"}) for _ in range(3)]
    assert {a.headers.get("vary") for a in answers} == {answers[0].headers.get("vary")}
    assert {a.headers.get("content-encoding") for a in answers} == {"gzip"}
    assert answers[0].json() == answers[1].json() == answers[2].json()


def test_a_write_empties_the_sparql_cache_too(server) -> None:
    """The same SPARQL text before and after a write: the second answer must count the new article."""
    article = "<https://w3id.org/regrisk/ontology#Article>"
    query = {"query": f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?a a {article} }} }}"}
    accept = {"Accept": "application/sparql-results+json"}

    def count() -> int:
        return int(
            httpx.get(f"{server.url}/sparql", params=query, headers=accept).json()["results"]["bindings"][0]["n"][
                "value"
            ]
        )

    before = count()
    assert count() == before  # the repeat is a cache hit
    text = "OSLO, May 5, 2025 - Norway's data protection authority fined Grindr on Monday. Sparql-cache check 5512."
    resp = httpx.post(
        f"{server.url}/articles",
        json={"text": text, "title": "SPARQL cache check", "published": "2025-05-05"},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert resp.status_code == 200, resp.text
    assert count() == before + 1
