"""Who may write, over HTTP to the real server: `POST /articles` and the `ingestArticle`
mutation accept exactly `Bearer <a configured token>` (RFC 6750: the scheme in any case, one or
more spaces, the whole token) and refuse everything else, with the same words; with no tokens
configured, nobody writes; no header bytes make the check fail with a 5xx; a client that keeps
failing is told to wait (429). An accepted request here carries an empty article, so it is
refused for that after authorisation and nothing is written."""

from __future__ import annotations

import json
import random
import shutil
import socket
from pathlib import Path

import httpx
import pytest

from kg.service.auth import FailureThrottle, authorized, bearer_token
from tests.service.conftest import TOKEN, serving

MUTATION = 'mutation { ingestArticle(input: {text: ""}) { status } }'

MATRIX = [
    (f"Bearer {TOKEN}", True),
    (f"bearer {TOKEN}", True),
    (f"BEARER {TOKEN}", True),
    (f"Bearer   {TOKEN}", True),
    (None, False),
    ("", False),
    (TOKEN, False),  # a bare token: no scheme
    ("Bearer", False),
    ("Bearer ", False),
    (f"Basic {TOKEN}", False),
    (f"Bearer {TOKEN[:6]}", False),  # a prefix
    (f"Bearer {TOKEN}x", False),  # a suffix
    (f"Bearer {TOKEN[:-1]}X", False),  # one character off
    (f"Bearer {TOKEN} {TOKEN}", False),
    (f"Bearer{TOKEN}", False),
    (f"Bearer {TOKEN}\x85", False),  # latin-1 NEL and NBSP: whitespace to str.strip(), not to HTTP
    (f"Bearer {TOKEN}\xa0", False),
    (f"\x85Bearer {TOKEN}", False),
    ("Bearer t\xf6ken", False),
]
BAD_TOKEN = {"error": "a valid bearer token is required", "code": "UNAUTHENTICATED"}
NO_TOKENS = {"error": "writes are off: no API tokens are configured (KG_API_TOKENS)", "code": "FORBIDDEN"}


@pytest.mark.parametrize(("header", "ok"), MATRIX)
def test_the_bearer_rule(header: str | None, ok: bool) -> None:
    raw = None if header is None else header.encode("latin-1")  # the bytes a client sends
    assert authorized(raw, [TOKEN, "another-token"]) is ok
    assert authorized(raw, []) is False  # no tokens configured: nobody writes


def test_the_token_is_what_follows_the_scheme() -> None:
    assert bearer_token(b"bEaReR abc-123._~+/==") == b"abc-123._~+/=="
    assert bearer_token(b"Bearer a=b") is None  # "=" only as padding at the end
    assert bearer_token(b"\tBearer abc \t") == b"abc"  # HTTP's own whitespace around a value


def test_the_throttle_counts_failures_in_a_sliding_minute() -> None:
    throttle = FailureThrottle(per_minute=3)
    for t in (0.0, 10.0, 20.0):
        assert throttle.wait_s("a", now=t) == 0
        throttle.failed("a", now=t)
    assert throttle.wait_s("a", now=30.0) == 30  # until the failure at 0 s is a minute old
    assert throttle.wait_s("b", now=30.0) == 0  # others are not held up
    assert throttle.wait_s("a", now=60.0) == 0  # one failure expired: one more try
    throttle.failed("a", now=60.0)
    assert throttle.wait_s("a", now=61.0) == 9  # until the failure at 10 s expires


def test_the_throttle_table_stays_bounded() -> None:
    throttle = FailureThrottle(per_minute=3, max_clients=100)
    for n in range(1_000):
        throttle.failed(f"10.0.{n // 256}.{n % 256}", now=float(n))
    assert len(throttle._failures) <= 100
    throttle.failed("x", now=2_000.0)
    throttle.failed("x", now=2_000.0)
    throttle.failed("x", now=2_000.0)
    assert throttle.wait_s("x", now=2_001.0) == 59


def _headers(header: str | None) -> dict[str, bytes]:
    return {} if header is None else {"Authorization": header.encode("latin-1")}


# HTTP clients refuse to send a header value with trailing spaces; the unit test covers those.
OVER_HTTP = [(h, ok) for h, ok in MATRIX if h is None or h == h.rstrip(" \t")]


@pytest.mark.parametrize(("header", "ok"), OVER_HTTP)
def test_post_articles(server, header: str | None, ok: bool) -> None:
    resp = httpx.post(f"{server.url}/articles", json={"text": ""}, headers=_headers(header), timeout=30)
    if ok:  # let in, and the empty article refused on its own: nothing written
        assert resp.status_code == 207, resp.text
        assert [r["status"] for r in resp.json()["results"]] == ["failed"]
    else:
        assert (resp.status_code, resp.json()) == (401, BAD_TOKEN)
        assert resp.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("header", "ok"), OVER_HTTP)
def test_ingest_article_mutation(server, header: str | None, ok: bool) -> None:
    resp = httpx.post(f"{server.url}/graphql", json={"query": MUTATION}, headers=_headers(header), timeout=30)
    errors = [(e["message"], e["extensions"]["code"]) for e in resp.json()["errors"]]
    if ok:
        assert [code for _, code in errors] == ["BAD_USER_INPUT"]
    else:  # the words of /articles: one check for both
        assert errors == [(BAD_TOKEN["error"], "UNAUTHENTICATED")]


def test_with_no_tokens_configured_nobody_writes(sample_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "kg"
    shutil.copytree(sample_store, store)
    with serving(store, {"KG_PRODUCTION": "true"}, tmp_path) as url:
        for header in (None, f"Bearer {TOKEN}", "Bearer x"):
            article = httpx.post(f"{url}/articles", json={"text": "x"}, headers=_headers(header), timeout=30)
            assert (article.status_code, article.json()) == (403, NO_TOKENS)
            mutation = httpx.post(f"{url}/graphql", json={"query": MUTATION}, headers=_headers(header), timeout=30)
            errors = [(e["message"], e["extensions"]["code"]) for e in mutation.json()["errors"]]
            assert errors == [(NO_TOKENS["error"], "FORBIDDEN")]


NOT_IN_A_VALUE = {0x00, 0x0B, 0x0C}  # what h11 refuses inside a header value; other control bytes reach us


def _arbitrary_headers(n: int, seed: int) -> list[bytes]:
    """Header values of any bytes but CR and LF (which would end the line), many of them
    shaped like credentials, so the check goes past the scheme."""
    rng = random.Random(seed)
    octets = [b for b in range(256) if b not in (0x0D, 0x0A)]
    values = []
    for i in range(n):
        junk = bytes(rng.choice(octets) for _ in range(rng.randint(1, 60)))
        prefix = rng.choice([b"", b"Bearer ", b"bearer  ", b"Basic ", b"Bearer " + TOKEN.encode()])
        values.append(prefix + junk if i % 4 else TOKEN.encode()[: rng.randint(0, len(TOKEN))] + junk)
    return values


def _post_raw(url: str, path: str, authorization: bytes, body: bytes) -> tuple[int, bytes]:
    host, port = url.removeprefix("http://").split(":")
    head = (
        f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head + b"Authorization: " + authorization + b"\r\n\r\n" + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def test_no_authorization_bytes_make_a_write_edge_fail(server) -> None:
    """1,000 arbitrary header values (seeded: the same every run) to both write edges: HTTP
    refuses a value with NUL, VT or FF (400) before we see it; every other value is read as
    bytes and refused as a bad token (401, or UNAUTHENTICATED). Never a 5xx."""
    answers = {}
    for i, value in enumerate(_arbitrary_headers(1000, seed=9)):
        path, body = ("/articles", b'{"text": ""}') if i % 2 else ("/graphql", json.dumps({"query": MUTATION}).encode())
        status, payload = _post_raw(server.url, path, value, body)
        trimmed = value.strip(b" \t")
        if NOT_IN_A_VALUE & set(trimmed):
            expected = (400, b"Invalid HTTP request received.")
        elif path == "/articles":
            expected = (401, b'{"error":"a valid bearer token is required","code":"UNAUTHENTICATED"}')
        else:
            expected = (200, b'"code":"UNAUTHENTICATED"')
            payload = b'"code":"UNAUTHENTICATED"' if b'"code":"UNAUTHENTICATED"' in payload else payload
        answers[status] = answers.get(status, 0) + 1
        assert (status, payload) == expected, value
    assert not [s for s in answers if s >= 500]


def test_a_client_that_keeps_failing_is_told_to_wait(sample_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "kg"
    shutil.copytree(sample_store, store)
    with serving(store, {"KG_API_TOKENS": f'["{TOKEN}"]'}, tmp_path) as url:  # the default: 20 a minute
        guesser = {"X-Forwarded-For": "10.0.0.1"}  # uvicorn takes the client from a local proxy's header

        def article(header: str, client: dict[str, str]) -> httpx.Response:
            headers = {**client, **_headers(header)}
            return httpx.post(f"{url}/articles", json={"text": ""}, headers=headers, timeout=30)

        statuses = [article(f"Bearer guess-{i}", guesser).status_code for i in range(20)]
        assert statuses == [401] * 20
        refused = article("Bearer guess-20", guesser)
        assert refused.status_code == 429
        wait = int(refused.headers["retry-after"])
        assert 58 <= wait <= 60
        assert refused.json() == {
            "error": f"too many failed bearer tokens from this client; retry in {wait} s",
            "code": "RATE_LIMITED",
        }
        assert article(f"Bearer {TOKEN}", guesser).status_code == 429  # the right token waits too
        mutation = httpx.post(
            f"{url}/graphql", json={"query": MUTATION}, headers={**guesser, **_headers(f"Bearer {TOKEN}")}, timeout=30
        )
        assert mutation.status_code == 429 and 58 <= int(mutation.headers["retry-after"]) <= 60
        assert [e["extensions"]["code"] for e in mutation.json()["errors"]] == ["RATE_LIMITED"]
        other = article(f"Bearer {TOKEN}", {"X-Forwarded-For": "10.0.0.2"})  # another client is not held up
        assert other.status_code == 207
