"""The response cache as an ASGI middleware in front of a small Starlette app that counts how
often it is really asked: what is kept, what is passed through, and what empties it."""

from __future__ import annotations

import warnings

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from kg.service.response_cache import MAX_BODY, ResponseCache

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from starlette.testclient import TestClient  # noqa: E402


class Backend:
    """The app behind the cache: answers with how many times it has been called."""

    def __init__(self) -> None:
        self.calls = 0
        self.cache: ResponseCache | None = None
        self.app = Starlette(routes=[Route("/q", self.answer, methods=["GET", "POST"])])

    async def answer(self, request: Request):
        self.calls += 1
        body = await request.body()
        if b"boom" in body:
            return JSONResponse({"errors": [{"message": "boom"}]})
        if b"missing" in body:
            return PlainTextResponse("no", status_code=404)
        if b"write-during" in body and self.cache is not None:
            self.cache.clear()  # a write lands while this answer is being computed
        if b"big" in body:
            return PlainTextResponse("x" * (MAX_BODY + 1))
        return JSONResponse({"call": self.calls, "size": len(body)})


def make(**options) -> tuple[Backend, ResponseCache, TestClient]:
    backend = Backend()
    cache = ResponseCache(backend.app, **options)
    backend.cache = cache
    return backend, cache, TestClient(cache)


def test_the_same_read_is_answered_once() -> None:
    backend, cache, client = make()
    first = client.post("/q", content=b"{ a }").json()
    second = client.post("/q", content=b"{ a }").json()
    assert first == second == {"call": 1, "size": 5}
    assert (backend.calls, cache.hits, cache.misses) == (1, 1, 1)


def test_what_differs_in_method_query_body_accept_or_encoding_is_another_entry() -> None:
    backend, cache, client = make()
    client.post("/q", content=b"{ a }")
    client.post("/q", content=b"{ b }")
    client.post("/q?x=1", content=b"{ a }")
    client.post("/q", content=b"{ a }", headers={"Accept": "text/csv"})
    client.post("/q", content=b"{ a }", headers={"Accept-Encoding": "br"})
    client.post("/q", content=b"{ a }", headers={"Content-Type": "application/sparql-query"})
    client.get("/q")
    assert backend.calls == 7 and cache.hits == 0


def test_mutations_and_subscriptions_pass_through_and_are_never_kept() -> None:
    backend, cache, client = make()
    for body in (b"mutation { x }", b"subscription { y }"):
        client.post("/q", content=body)
        client.post("/q", content=body)
    client.get("/q?query=mutation%20%7B%20x%20%7D")
    client.get("/q?query=mutation%20%7B%20x%20%7D")
    assert backend.calls == 6 and cache.hits == 0 and cache.misses == 0


def test_errors_and_non_200_answers_are_not_kept() -> None:
    backend, cache, client = make()
    for body in (b"boom", b"boom", b"missing", b"missing"):
        client.post("/q", content=body)
    assert backend.calls == 4 and cache.hits == 0


def test_clear_empties_it_and_a_write_during_an_answer_keeps_that_answer_out() -> None:
    backend, cache, client = make()
    client.post("/q", content=b"{ a }")
    cache.clear()
    assert client.post("/q", content=b"{ a }").json()["call"] == 2
    client.post("/q", content=b"write-during")
    client.post("/q", content=b"write-during")
    assert backend.calls == 4 and cache.generation == 3


def test_entries_expire_after_the_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("kg.service.response_cache.time.monotonic", lambda: now[0])
    backend, _cache, client = make(ttl_s=10)
    client.post("/q", content=b"{ a }")
    now[0] += 9.9
    client.post("/q", content=b"{ a }")
    assert backend.calls == 1
    now[0] += 0.2
    client.post("/q", content=b"{ a }")
    assert backend.calls == 2


def test_the_least_recently_used_entry_goes_first_when_full() -> None:
    backend, _cache, client = make(max_entries=2)
    client.post("/q", content=b"1")
    client.post("/q", content=b"2")
    client.post("/q", content=b"1")  # 1 used again: 2 is now the oldest
    client.post("/q", content=b"3")  # evicts 2
    client.post("/q", content=b"1")
    assert backend.calls == 3
    client.post("/q", content=b"2")
    assert backend.calls == 4


def test_a_byte_budget_evicts_too_and_huge_answers_or_requests_are_not_kept() -> None:
    backend, cache, client = make(max_bytes=30)
    client.post("/q", content=b"a" * 3)  # {"call":1,"size":3} is 20 bytes
    client.post("/q", content=b"b" * 3)  # 40 bytes in all: the first goes
    client.post("/q", content=b"a" * 3)
    assert backend.calls == 3 and cache._bytes <= 30
    backend2, cache2, client2 = make()
    client2.post("/q", content=b"big")
    client2.post("/q", content=b"big")
    client2.post("/q", content=b"{" * (MAX_BODY + 10))
    client2.post("/q", content=b"{" * (MAX_BODY + 10))
    assert backend2.calls == 4 and cache2.hits == 0


def test_the_graphiql_page_and_other_methods_pass_through() -> None:
    backend, cache, client = make()
    client.get("/q", headers={"Accept": "text/html"})
    client.get("/q", headers={"Accept": "text/html"})
    assert backend.calls == 2 and cache.misses == 0


def test_defaults_hold_a_thousand_entries_and_64_megabytes_without_expiry() -> None:
    cache = ResponseCache(Backend().app)
    assert (cache.max_entries, cache.max_bytes, cache.ttl_s, cache._bytes, cache.hits, cache.misses) == (
        1024,
        64_000_000,
        None,
        0,
        0,
        0,
    )


def test_counts_accumulate_and_a_cached_answer_keeps_its_headers() -> None:
    backend, cache, client = make()
    first = client.get("/q?x=1")
    again = [client.get("/q?x=1") for _ in range(3)]
    assert backend.calls == 1 and (cache.hits, cache.misses) == (3, 1)
    assert all(r.headers == first.headers and r.content == first.content for r in again)
    assert first.headers["content-type"] == "application/json"


def test_other_methods_and_non_http_scopes_pass_straight_through() -> None:
    import contextlib

    started = []

    @contextlib.asynccontextmanager
    async def lifespan(app):
        started.append(True)
        yield

    backend = Backend()
    app = Starlette(routes=backend.app.routes, lifespan=lifespan)
    cache = ResponseCache(app)
    with TestClient(cache) as client:  # the lifespan scope reaches the app
        assert client.put("/q", content=b"x").status_code == 405
        assert client.delete("/q").status_code == 405
    assert started == [True] and (cache.hits, cache.misses) == (0, 0)


def test_only_200_answers_are_kept() -> None:
    created = Starlette(routes=[Route("/q", lambda r: JSONResponse({"ok": 1}, status_code=201), methods=["POST"])])
    cache = ResponseCache(created)
    client = TestClient(cache)
    client.post("/q", content=b"a")
    client.post("/q", content=b"a")
    assert (cache.hits, cache.misses, len(cache._entries)) == (0, 2, 0)


def test_an_expired_entry_is_replaced_and_its_bytes_are_not_counted_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    monkeypatch.setattr("kg.service.response_cache.time.monotonic", lambda: now[0])
    backend, cache, client = make(ttl_s=10)
    size = len(client.post("/q", content=b"{ a }").content)
    now[0] = 10.0  # exactly the ttl: expired
    client.post("/q", content=b"{ a }")
    assert backend.calls == 2 and len(cache._entries) == 1 and cache._bytes == size


def test_eviction_keeps_the_byte_count_true() -> None:
    _backend, cache, client = make(max_entries=2)
    sizes = [len(client.post("/q", content=body).content) for body in (b"1", b"22", b"333")]
    assert len(cache._entries) == 2 and cache._bytes == sizes[1] + sizes[2]
    cache.clear()
    assert (cache._bytes, len(cache._entries)) == (0, 0)


async def _asgi(cache: ResponseCache, chunks: list[bytes], method: str = "POST") -> tuple[int, bytes]:
    """One request with its body in these chunks, straight through the ASGI interface."""
    incoming = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
    sent: list[dict] = []

    async def receive():
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": "/q",
        "raw_path": b"/q",
        "root_path": "",
        "scheme": "http",
        "query_string": b"",
        "headers": [(b"host", b"test")],
        "server": ("test", 80),
        "client": ("test", 1),
        "http_version": "1.1",
    }
    await cache(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_a_body_sent_in_chunks_is_read_whole_and_kept() -> None:
    import asyncio
    import json

    backend, cache, _ = make()
    status, body = asyncio.run(_asgi(cache, [b"{ a", b" b ", b"}"]))
    again = asyncio.run(_asgi(cache, [b"{ a b }"]))  # the same bytes, in one piece: the same entry
    assert status == 200 and json.loads(body) == {"call": 1, "size": 7} and again[1] == body
    assert (backend.calls, cache.hits) == (1, 1)


def test_a_body_over_the_limit_in_chunks_reaches_the_app_whole_and_is_not_kept() -> None:
    import asyncio
    import json

    backend, cache, _ = make()
    chunks = [b"{" * 400_000, b"{" * 400_000, b"{" * 400_000]
    for _ in range(2):
        status, body = asyncio.run(_asgi(cache, chunks))
        assert status == 200 and json.loads(body)["size"] == 1_200_000
    assert (backend.calls, cache.hits, cache.misses) == (2, 0, 0)
    exactly = asyncio.run(_asgi(cache, [b"{" * MAX_BODY]))  # the limit itself is kept
    assert json.loads(exactly[1])["size"] == MAX_BODY and len(cache._entries) == 1


def test_an_answer_streamed_in_parts_is_kept_whole() -> None:
    from starlette.responses import StreamingResponse

    async def parts():
        for piece in (b"alpha ", b"beta ", b"gamma"):
            yield piece

    app = Starlette(routes=[Route("/q", lambda r: StreamingResponse(parts()), methods=["POST"])])
    cache = ResponseCache(app)
    client = TestClient(cache)
    assert client.post("/q", content=b"x").content == b"alpha beta gamma"
    assert client.post("/q", content=b"x").content == b"alpha beta gamma" and cache.hits == 1


def test_an_answer_of_exactly_the_limit_is_kept_and_one_byte_more_is_not() -> None:
    for size, kept in ((MAX_BODY, 1), (MAX_BODY + 1, 0)):
        app = Starlette(routes=[Route("/q", lambda r, n=size: PlainTextResponse("x" * n), methods=["POST"])])
        cache = ResponseCache(app)
        TestClient(cache).post("/q", content=b"x")
        assert len(cache._entries) == kept
