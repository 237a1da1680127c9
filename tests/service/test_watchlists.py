"""Watchlists end to end: a real `kg serve` (uvicorn) on a copy of the sample store, a real
websocket client speaking graphql-transport-ws, and a real HTTP server in this process as the
webhook receiver. One message per new real-world event, never per article; signed; retried;
kept across a crash; and a user's watchlists are theirs alone."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from kg.watch.signing import verify
from tests.conftest import free_port
from tests.service.conftest import serving, serving_process
from tests.service.test_explorer import ARTIFACTS, search_and_open, visits

TOKEN_A = "watch-token-alice-0123456789"
TOKEN_B = "watch-token-bob-0123456789"
ENV = {
    "KG_API_TOKENS": json.dumps([TOKEN_A, TOKEN_B]),
    "KG_WEBHOOK_BACKOFF_S": "0.2",  # retries in tenths of a second, not seconds
    "KG_WEBHOOK_MAX_ATTEMPTS": "4",
    "KG_AUTH_FAILURES_PER_MINUTE": "1000",
}
TIKTOK = "https://w3id.org/regrisk/id/entity/tiktok"

KENYA_BAN = """Kenya bans TikTok

NAIROBI, March 3, 2026 — Kenya's communications authority banned TikTok on Tuesday, citing national security concerns.
"""
KENYA_BAN_AGAIN = """TikTok ban in Kenya draws criticism

NAIROBI, March 5, 2026 — Critics condemned the ban. Kenya's communications authority banned TikTok on March 3, 2026, \
officials said.
"""
UGANDA_BAN = """Uganda bans TikTok

KAMPALA, April 7, 2026 — Uganda's communications commission banned TikTok on Tuesday.
"""
META_FINE = """Ireland fines Meta

DUBLIN, March 4, 2026 — Ireland's Data Protection Commission fined Meta 10 million euros on Wednesday.
"""

CREATE = """mutation($input: WatchlistInput!) {
  createWatchlist(input: $input) { secret watchlist { id name eventTypes minRiskLevel webhookUrl entity { iri } } }
}"""
WATCH = """subscription($id: ID!) {
  watch(id: $id) {
    idempotencyKey watchlist riskLevel instance
    event { type date evidence { sentence article { iri url } } }
  }
}"""
LOG = """{ watchlists { id deliveries { idempotencyKey status attempts log { number statusCode error } } } }"""


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A webhook receiver: records every POST; a path in `failures` answers 503 that many times first."""

    url: str
    posts: list[Received] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, path: str, count: int, seconds: float) -> list[Received]:
        deadline = time.monotonic() + seconds
        with self.arrived:
            while len(self.at(path)) < count and time.monotonic() < deadline:
                self.arrived.wait(max(0.0, deadline - time.monotonic()))
        return self.at(path)

    def at(self, path: str) -> list[Received]:
        return [p for p in self.posts if p.path == path]


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    port = free_port()
    box = Receiver(f"http://127.0.0.1:{port}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            failing = box.failures.get(self.path, 0)
            if failing:
                box.failures[self.path] = failing - 1
            else:
                with box.arrived:
                    box.posts.append(Received(self.path, dict(self.headers), body))
                    box.arrived.notify_all()
            self.send_response(503 if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box
    server.shutdown()
    server.server_close()


@dataclass
class Served:
    url: str
    store: Path

    def graphql(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = {"query": query, "variables": variables or {}}
        return httpx.post(f"{self.url}/graphql", json=body, headers=headers, timeout=60).json()

    def data(self, query: str, variables: dict | None = None, token: str | None = TOKEN_A) -> dict:
        body = self.graphql(query, variables, token)
        assert "errors" not in body, body["errors"]
        return body["data"]

    def ingest(self, text: str, url: str) -> dict:
        resp = httpx.post(
            f"{self.url}/articles",
            json={"text": text, "url": url},
            headers={"Authorization": f"Bearer {TOKEN_A}"},
            timeout=120,
        )
        assert resp.status_code == 200, resp.text
        return resp.json()["results"][0]

    def create(self, token: str = TOKEN_A, **fields: object) -> tuple[str, str]:
        made = self.data(CREATE, {"input": fields}, token)["createWatchlist"]
        return made["watchlist"]["id"], made["secret"]

    def subscriptions(self) -> int:
        return httpx.get(f"{self.url}/healthz").json()["subscriptions"]


@pytest.fixture(scope="module")
def watch_server(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    store = tmp_path_factory.mktemp("watch") / "kg"
    shutil.copytree(sample_store, store)
    with serving(store, ENV, store.parent) as url:
        yield Served(url, store)


@contextlib.contextmanager
def subscribed(
    server: Served, query: str, variables: dict, token: str | None = None, registers: bool = True
) -> Iterator[ClientConnection]:
    """A websocket to /graphql speaking graphql-transport-ws, with one subscription open (once
    the server counts it, when it `registers`: a refused one never does)."""
    ws_url = server.url.replace("http://", "ws://") + "/graphql"
    before = server.subscriptions()
    with connect(ws_url, subprotocols=["graphql-transport-ws"], open_timeout=10) as ws:
        ws.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"} if token else {}})
        )
        assert json.loads(ws.recv(timeout=10)) == {"type": "connection_ack"}
        ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}}))
        deadline = time.monotonic() + 10
        while registers and server.subscriptions() == before and time.monotonic() < deadline:
            time.sleep(0.05)  # the server has registered it: nothing ingested from now on is missed
        yield ws


def next_message(ws: ClientConnection, seconds: float = 2.0) -> dict:
    message = json.loads(ws.recv(timeout=seconds))
    assert message["type"] == "next", message
    return message["payload"]


def test_one_message_per_new_event_not_per_article_signed_within_two_seconds(watch_server, receiver) -> None:
    server = watch_server
    wl, secret = server.create(
        name="TikTok bans", entity="TikTok", eventTypes=["Ban"], webhookUrl=receiver.url + "/tiktok"
    )
    with subscribed(server, WATCH, {"id": wl}, TOKEN_A) as ws:
        first = server.ingest(KENYA_BAN, "https://news.example/kenya-ban")
        stored_at = time.monotonic()
        assert (first["status"], [(e["type"], e["date"]) for e in first["found"]]) == ("new", [("Ban", "2026-03-03")])
        message = next_message(ws)
        posts = receiver.wait_for("/tiktok", 1, 2.0)
        assert time.monotonic() - stored_at < 2.0
        article = "https://w3id.org/regrisk/id/article/" + first["id"]
        sentence = "Kenya's communications authority banned TikTok on Tuesday, citing national security concerns."
        assert message["data"]["watch"] == {
            "idempotencyKey": message["data"]["watch"]["idempotencyKey"],
            "watchlist": wl,
            "riskLevel": "HIGH",
            "instance": message["data"]["watch"]["instance"],
            "event": {
                "type": "Ban",
                "date": "2026-03-03",
                "evidence": {
                    "sentence": sentence,
                    "article": {"iri": article, "url": "https://news.example/kenya-ban"},
                },
            },
        }
        # the webhook: the same event, signed with the secret over timestamp and body
        assert len(posts) == 1
        post = posts[0]
        timestamp, signature = post.headers["X-KG-Timestamp"], post.headers["X-KG-Signature"]
        assert verify(secret, timestamp, post.body, signature)
        assert not verify(secret, timestamp, post.body + b" ", signature)
        payload = json.loads(post.body)
        assert payload["idempotencyKey"] == message["data"]["watch"]["idempotencyKey"] == post.headers["X-KG-Delivery"]
        assert payload["watchlist"] == {"id": wl, "name": "TikTok bans"}
        event = payload["event"]
        assert (event["instance"], event["type"], event["topClass"], event["date"], event["riskLevel"]) == (
            message["data"]["watch"]["instance"],
            "Ban",
            "RegulatoryAction",
            "2026-03-03",
            "HIGH",
        )
        assert [e["label"] for e in event["affected"]] == ["TikTok"]
        assert [e["label"] for e in event["jurisdiction"]] == ["Kenya"]
        assert event["evidence"]["sentence"] == sentence
        assert event["evidence"]["article"]["iri"] == article
        assert event["evidence"]["article"]["url"] == "https://news.example/kenya-ban"

        # a second article about the same ban: a second report of a known event, no message.
        # Then a new ban: the next message is that one, so the repeat sent nothing.
        again = server.ingest(KENYA_BAN_AGAIN, "https://news.example/kenya-ban-criticism")
        assert [(e["type"], e["date"]) for e in again["found"]] == [("Ban", "2026-03-03")]
        server.ingest(UGANDA_BAN, "https://news.example/uganda-ban")
        following = next_message(ws)["data"]["watch"]
        assert following["event"]["evidence"]["article"]["url"] == "https://news.example/uganda-ban"
        posts = receiver.wait_for("/tiktok", 2, 2.0)
        assert [json.loads(p.body)["event"]["evidence"]["article"]["url"] for p in posts] == [
            "https://news.example/kenya-ban",
            "https://news.example/uganda-ban",
        ]
    reports = server.data(
        'query($e: String!) { timeline(entity: $e, from: "2026-03-01") { date reports } }', {"e": "TikTok"}
    )["timeline"]
    assert reports == [{"date": "2026-03-03", "reports": 2}, {"date": "2026-04-07", "reports": 1}]


def test_an_article_that_matches_no_watchlist_sends_nothing(watch_server, receiver) -> None:
    server = watch_server
    wl, _ = server.create(name="Bans in Uganda", jurisdiction="Uganda", webhookUrl=receiver.url + "/uganda")
    with subscribed(server, WATCH, {"id": wl}, TOKEN_A) as ws:
        fine = server.ingest(META_FINE, "https://news.example/meta-fine")
        assert [(e["type"], e["date"]) for e in fine["found"]] == [("Fine", "2026-03-04")]
        sentinel = UGANDA_BAN.replace("April 7", "May 12").replace("on Tuesday", "on Tuesday, again")
        server.ingest(sentinel, "https://news.example/uganda-again")
        # the next (and only) message is the Ugandan one: the fine in Ireland sent nothing
        assert next_message(ws)["data"]["watch"]["event"]["evidence"]["article"]["url"] == (
            "https://news.example/uganda-again"
        )
        posts = receiver.wait_for("/uganda", 1, 2.0)
        assert [json.loads(p.body)["event"]["evidence"]["article"]["url"] for p in posts] == [
            "https://news.example/uganda-again"
        ]


def test_a_receiver_that_fails_twice_gets_it_on_the_third_attempt(watch_server, receiver) -> None:
    server = watch_server
    receiver.failures["/flaky"] = 2
    wl, secret = server.create(name="Meta", entity="Meta", webhookUrl=receiver.url + "/flaky")
    server.ingest(META_FINE.replace("10 million", "12 million").replace("March 4", "June 9"), "https://news.example/m2")
    posts = receiver.wait_for("/flaky", 1, 5.0)
    assert len(posts) == 1  # the two refused tries are not recorded by the receiver
    assert posts[0].headers["X-KG-Attempt"] == "3"
    assert verify(secret, posts[0].headers["X-KG-Timestamp"], posts[0].body, posts[0].headers["X-KG-Signature"])
    time.sleep(0.2)  # the log's last line is written just after the receiver answers
    mine = {w["id"]: w for w in server.data(LOG)["watchlists"]}
    assert mine[wl]["deliveries"] == [
        {
            "idempotencyKey": posts[0].headers["X-KG-Delivery"],
            "status": "delivered",
            "attempts": 3,
            "log": [
                {"number": 1, "statusCode": 503, "error": "HTTP 503"},
                {"number": 2, "statusCode": 503, "error": "HTTP 503"},
                {"number": 3, "statusCode": 200, "error": None},
            ],
        }
    ]


def test_without_a_token_the_mutation_is_refused_as_a_write_is(watch_server) -> None:
    server = watch_server
    refused = server.graphql(CREATE, {"input": {"name": "x", "entity": "TikTok"}})
    write = server.graphql('mutation { ingestArticle(input: {text: "Kenya bans TikTok."}) { status } }')
    assert refused["errors"][0]["message"] == write["errors"][0]["message"] == "a valid bearer token is required"
    assert refused["errors"][0]["extensions"] == write["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    listed = server.graphql("{ watchlists { id } }", token="not-a-token")
    assert listed["errors"][0]["message"] == "a valid bearer token is required"


def test_one_user_can_neither_see_nor_delete_another_users_watchlists(watch_server) -> None:
    server = watch_server
    alices, _ = server.create(TOKEN_A, name="Alice's", entity="TikTok")
    bobs, _ = server.create(TOKEN_B, name="Bob's", entity="X")
    assert [w["name"] for w in server.data("{ watchlists { name } }", token=TOKEN_B)["watchlists"]] == ["Bob's"]
    assert alices in {w["id"] for w in server.data("{ watchlists { id } }", token=TOKEN_A)["watchlists"]}
    tried = server.graphql("mutation($id: ID!) { deleteWatchlist(id: $id) }", {"id": alices}, TOKEN_B)
    assert tried["errors"][0]["message"] == f"you have no watchlist {alices}"
    assert alices in {w["id"] for w in server.data("{ watchlists { id } }", token=TOKEN_A)["watchlists"]}
    with subscribed(server, WATCH, {"id": alices}, TOKEN_B, registers=False) as ws:
        message = json.loads(ws.recv(timeout=5))
        refusal = {"message": f"you have no watchlist {alices}", "extensions": {"code": "NOT_FOUND"}}
        assert message == {"id": "1", "type": "next", "payload": {"data": None, "errors": [refusal]}}
        assert json.loads(ws.recv(timeout=5)) == {"id": "1", "type": "complete"}
    deleted = server.data("mutation($id: ID!) { deleteWatchlist(id: $id) }", {"id": bobs}, TOKEN_B)
    assert deleted == {"deleteWatchlist": bobs}
    assert server.data("{ watchlists { name } }", token=TOKEN_B)["watchlists"] == []


def test_an_entity_the_graph_has_not_met_is_found_in_the_gazetteer(watch_server) -> None:
    """Koo is in the gazetteer but in no article yet: a watchlist can wait for its first news."""
    server = watch_server
    assert server.data('{ entity(name: "Koo") { iri } }') == {"entity": None}
    made = server.data(CREATE, {"input": {"name": "Koo", "entity": "Koo"}})["createWatchlist"]["watchlist"]
    assert made["entity"] == {"iri": "https://w3id.org/regrisk/id/entity/koo"}


def test_bad_watchlists_are_refused_with_the_fix(watch_server) -> None:
    def error(**fields: object) -> str:
        return watch_server.graphql(CREATE, {"input": fields}, TOKEN_A)["errors"][0]["message"]

    assert error(name="x", entity="Nonesuch Platform") == (
        "no entity called 'Nonesuch Platform' is in the graph or the gazetteer (a name, an alias or an IRI)"
    )
    assert error(name="x", eventTypes=["Bann"]).startswith("unknown event types ['Bann']; known: AppRankingChange, ")
    assert error(name="x", webhookUrl="ftp://example.org/hook") == (
        "webhookUrl must be an http or https URL, not 'ftp://example.org/hook'"
    )
    assert error(name=" ") == "give the watchlist a name"


def deliveries(server: Served) -> list[dict]:
    return server.data(LOG)["watchlists"][0]["deliveries"]


def test_a_crash_between_the_write_and_the_delivery_loses_nothing(sample_store, tmp_path, receiver) -> None:
    """The receiver refuses the first try; the server is killed (SIGKILL) before the retry is
    due; the next start finds the outbox row and delivers it, with the same idempotency key."""
    store = tmp_path / "kg"
    shutil.copytree(sample_store, store)
    env = {**ENV, "KG_WEBHOOK_BACKOFF_S": "2"}  # the retry is due 2 s after the first try
    receiver.failures["/after-crash"] = 1
    with serving_process(store, env, tmp_path) as (url, proc):
        server = Served(url, store)
        wl, secret = server.create(name="TikTok", entity="TikTok", webhookUrl=receiver.url + "/after-crash")
        server.ingest(KENYA_BAN, "https://news.example/kenya-ban")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and [d["attempts"] for d in deliveries(server)] != [1]:
            time.sleep(0.05)
        (delivery,) = deliveries(server)
        assert (delivery["status"], delivery["attempts"]) == ("pending", 1)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert receiver.at("/after-crash") == []
    with serving(store, env, tmp_path) as url:
        server = Served(url, store)
        posts = receiver.wait_for("/after-crash", 1, 10.0)
        assert len(posts) == 1
        assert posts[0].headers["X-KG-Delivery"] == delivery["idempotencyKey"]
        assert posts[0].headers["X-KG-Attempt"] == "2"
        assert verify(secret, posts[0].headers["X-KG-Timestamp"], posts[0].body, posts[0].headers["X-KG-Signature"])
        assert [w["id"] for w in server.data("{ watchlists { id } }")["watchlists"]] == [wl]
        time.sleep(0.3)
        (after,) = server.data(LOG)["watchlists"][0]["deliveries"]
        assert (after["status"], after["attempts"]) == ("delivered", 2)


def shot_path(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


@pytest.fixture()
def watch_visit(watch_server, browser) -> Iterator:
    yield from visits(watch_server, browser)


def test_the_explorer_follows_an_entity_live(watch_server, watch_visit) -> None:
    """Follow on TikTok's page opens one websocket to /graphql; a new ban appears in the list
    without a reload, and a second report of it adds nothing."""
    server = watch_server
    seen = watch_visit()
    page = seen.page
    search_and_open(seen, "tikt", TIKTOK)
    before = server.subscriptions()
    page.click("#follow")
    page.wait_for_selector(f'body[data-following="{TIKTOK}"]', timeout=10_000)
    deadline = time.monotonic() + 10
    while server.subscriptions() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert page.get_attribute("#follow", "aria-pressed") == "true"
    text = KENYA_BAN.replace("March 3", "August 18")  # a Tuesday.replace("on Tuesday", "on Tuesday, a second time")
    server.ingest(text, "https://news.example/kenya-ban-august")
    page.wait_for_selector("#live-events li", timeout=2_000)
    server.ingest(text.replace("NAIROBI", "MOMBASA"), "https://news.example/kenya-ban-august-2")
    sentinel = UGANDA_BAN.replace("April 7", "August 25")  # a Tuesday, as "on Tuesday" says
    server.ingest(sentinel, "https://news.example/uganda-ban-august")
    page.wait_for_function("document.querySelectorAll('#live-events li').length === 2", timeout=2_000)
    shown = page.evaluate(
        """() => [...document.querySelectorAll('#live-events li')].map((li) => [
          li.querySelector('strong').textContent, li.querySelector('.risk').textContent,
          li.querySelector('q').textContent, li.querySelector('.source a[rel]').getAttribute('href')])"""
    )
    timeline = server.data(
        'query { timeline(entity: "TikTok", from: "2026-08-01") { type date evidence { sentence article { url } } } }'
    )["timeline"]
    assert [(e["date"], e["evidence"]["article"]["url"]) for e in timeline] == [
        ("2026-08-18", "https://news.example/kenya-ban-august"),
        ("2026-08-25", "https://news.example/uganda-ban-august"),
    ]
    # newest first, each as the API tells it
    assert shown == [
        [f"{e['date']} {e['type']}", "HIGH", e["evidence"]["sentence"], e["evidence"]["article"]["url"]]
        for e in reversed(timeline)
    ]
    assert page.text_content("#live-status") == "Following TikTok: 2 new events since you pressed Follow."
    page.screenshot(path=str(shot_path("follow-tiktok")), full_page=True)
    page.click("#follow")
    assert page.text_content("#live-status") == "Stopped following TikTok."
    seen.check_clean(sockets=1)
