"""Behaviour that needs the app's insides: query counts per request, time limits, masking,
concurrent writers and readers. The app runs in-process over a real on-disk store."""

import threading
import time
import warnings
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kg.service.app import create_app
from kg.settings import Settings
from kg.store import EmbeddedStore

warnings.filterwarnings("ignore", category=DeprecationWarning)
TOKEN = "inprocess-token"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"  # with a fresh comment: never from the cache


class CountingStore(EmbeddedStore):
    """The real embedded store, counting the SPARQL queries it answers."""

    calls = 0

    def select(self, sparql: str):
        type(self).calls += 1
        return super().select(sparql)


@pytest.fixture()
def client(store_copy: Path, monkeypatch):
    monkeypatch.setattr(
        "kg.service.app.open_store", lambda location, sync_writes=True: CountingStore(location, sync_writes=sync_writes)
    )
    app = create_app(Settings(store=str(store_copy), api_tokens=[TOKEN], production=True))
    with TestClient(app) as c:
        yield c


def ask(client, query: str, **kw) -> dict:
    return client.post("/graphql", json={"query": query}, **kw).json()


def test_a_page_of_events_with_roles_and_evidence_costs_a_fixed_number_of_queries(client) -> None:
    query = """{ events(first: %d) { totalCount edges { node { type agent { label sameAs } affected { label }
        jurisdiction { label } instrument { label } evidence { sentence article { title } } } } } }"""
    CountingStore.calls = 0
    small = ask(client, query % 2)
    small_calls = CountingStore.calls
    CountingStore.calls = 0
    big = ask(client, query % 30)
    assert len(big["data"]["events"]["edges"]) == 30 and len(small["data"]["events"]["edges"]) == 2
    assert CountingStore.calls == small_calls <= 6  # page, count, event details, roles, entities


def test_a_request_over_its_time_limit_is_stopped_with_a_clear_error(store_copy: Path) -> None:
    app = create_app(Settings(store=str(store_copy), graphql_timeout_s=0.0001))
    with TestClient(app) as c:
        body = ask(c, '{ exposure(platform: "TikTok") { riskLevel } }')
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"


def test_internal_failures_are_masked_in_production(tmp_path: Path) -> None:
    app = create_app(Settings(store="http://127.0.0.1:9", production=True))  # nothing listens on port 9
    with TestClient(app) as c:
        body = ask(c, '{ entity(name: "TikTok") { label } }')
    assert body["errors"][0]["message"] == "Unexpected error."
    assert "127.0.0.1" not in str(body)


GRAPHQL_ARGS = [
    "{ entity(name: %s) { label } }",
    "{ entities(search: %s) { totalCount } }",
    "{ events(filter: {affected: %s}) { totalCount } }",
    "{ events(filter: {agent: %s}) { totalCount } }",
    "{ events(filter: {jurisdiction: %s}) { totalCount } }",
    "{ events(filter: {instrument: %s}) { totalCount } }",
    "{ events(filter: {type: %s}) { totalCount } }",
    "{ policyImpact(instrument: %s) { actions { id } } }",
    "{ exposure(platform: %s) { riskLevel } }",
    "{ timeline(entity: %s) { id } }",
    "{ migrations(from: %s) { id } }",
    "{ migrations(to: %s) { id } }",
    "{ article(id: %s) { title } }",
]
PAYLOADS = [
    '" } ; DROP ALL ; SELECT * WHERE { "',
    'x") } INSERT DATA { <urn:a> <urn:b> <urn:c> } #',
    "') || true || ('",
    '\\\\" } } DELETE WHERE { ?s ?p ?o } #',
    "?s ?p ?o",
    "*",
    "\\u0000",
]


@pytest.mark.parametrize("template", GRAPHQL_ARGS)
def test_injection_through_every_graphql_argument_matches_nothing_and_changes_nothing(client, template) -> None:
    import json

    before = client.get("/sparql", params={"query": f"{COUNT} # {time.time_ns()}"}).json()
    for payload in PAYLOADS:
        body = ask(client, template % json.dumps(payload))
        data = body.get("data") or {}
        value = next(iter(data.values())) if data else None
        assert value in (None, [], {"totalCount": 0}) or value == {"actions": []}, (template, payload, body)
    after = client.get("/sparql", params={"query": f"{COUNT} # {time.time_ns()}"}).json()
    assert after == before


def test_concurrent_writers_and_readers_stay_consistent(client) -> None:
    errors: list[str] = []
    written: list[str] = []
    stop = time.monotonic() + 8

    def writer(n: int) -> None:
        for i in range(3):
            text = f"The Kenya Communications Authority on Monday suspended Telegram in Kenya, writer {n} report {i}."
            resp = client.post(
                "/articles",
                json={"text": text, "published": "2024-11-11"},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            if resp.status_code != 200:
                errors.append(resp.text)
            else:
                written.append(resp.json()["results"][0]["id"])

    def reader() -> None:
        while time.monotonic() < stop:
            body = ask(client, "{ articles(first: 5) { totalCount } events(first: 5) { edges { node { type } } } }")
            if "errors" in body:
                errors.append(str(body["errors"]))
            resp = client.get("/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})
            if resp.status_code != 200:
                errors.append(resp.text)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)] + [
        threading.Thread(target=reader) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert len(written) == 12
    for article_id in written:
        query = '{ article(id: "' + article_id + '") { eventCount } }'
        assert ask(client, query)["data"]["article"]["eventCount"] >= 1


def test_a_policy_impact_cursor_from_a_page_cut_without_the_read_model_goes_on_by_keyset(
    store_copy: Path, monkeypatch
) -> None:
    """While a write is under way the read model cannot answer, and a page of responses is cut
    from the whole answer by position; its cursor still carries the last response's sort key,
    so the next page, read by keyset again, starts right after it."""
    opened: list[EmbeddedStore] = []

    def open_store(location, sync_writes=True):
        opened.append(EmbeddedStore(location, sync_writes=sync_writes))
        return opened[-1]

    monkeypatch.setattr("kg.service.app.open_store", open_store)
    query = (
        'query ($after: String) { policyImpact(instrument: "PAFACA") { responses { iri }'
        " responsesConnection(first: 3, after: $after) { pageInfo { endCursor } edges { node { iri } } } } }"
    )
    with TestClient(create_app(Settings(store=str(store_copy)))) as c:
        (store,) = opened
        store.questions_model = lambda: None  # as while a write's marks are pending
        first = c.post("/graphql", json={"query": query}).json()["data"]["policyImpact"]
        del store.questions_model
        after = first["responsesConnection"]["pageInfo"]["endCursor"]
        second = c.post("/graphql", json={"query": query, "variables": {"after": after}}).json()["data"]
    shown = [e["node"]["iri"] for p in (first, second["policyImpact"]) for e in p["responsesConnection"]["edges"]]
    assert shown == [e["iri"] for e in first["responses"]] == [e["iri"] for e in second["policyImpact"]["responses"]]
    assert len(shown) == 4  # three by position, the fourth by keyset
