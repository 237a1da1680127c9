"""What one request may cost, against a real `kg serve` (uvicorn, h11) over a real store:
body caps before reading, a deadline for the head and for the body, a header count, a cap on
requests in flight with /healthz exempt. Raw sockets, because an HTTP client library would
neither trickle nor keep sending past a refusal."""

from __future__ import annotations

import json
import select
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import serving_process

MiB = 1024 * 1024
CAPS = {"/graphql": 1_000_000, "/sparql": 1_000_000, "/articles": 16_000_000, "/id/x": 64_000}  # the defaults


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen]]:
    folder = tmp_path_factory.mktemp("guarded")
    env = {
        "KG_API_TOKENS": '["guard-token"]',
        "KG_MAX_CONCURRENT_REQUESTS": "3",
        "KG_BODY_TIMEOUT_S": "2",
        "KG_HEADER_TIMEOUT_S": "2",
    }
    with serving_process(folder / "kg", env, folder) as served:
        yield served


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def _connect(url: str) -> socket.socket:
    sock = socket.create_connection(_address(url))
    sock.settimeout(10)
    return sock


def _head(path: str, *extra: str) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: test", "Content-Type: application/json", *extra, "", ""]
    return "\r\n".join(lines).encode()


def _read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one response on a connection the server closes after it."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a response: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in header_lines)}
    while len(body) < int(headers.get("content-length", 0)):
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(status_line.split()[1]), headers, body


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.parametrize("path", list(CAPS))
def test_a_declared_body_over_the_cap_is_refused_before_a_byte_is_read(guarded, path: str) -> None:
    url, _ = guarded
    with _connect(url) as sock:
        start = time.monotonic()
        sock.sendall(_head(path, f"Content-Length: {200 * MiB}"))  # and not one byte of the body
        status, headers, body = _read_response(sock)
        elapsed = time.monotonic() - start
        assert sock.recv(1) == b""  # and the connection is closed: nothing more is read
    assert (status, headers["connection"]) == (413, "close")
    assert json.loads(body) == {"error": f"the request body is over {CAPS[path]:,} bytes", "code": "TOO_LARGE"}
    assert elapsed < 1.0


def _stream_chunked(url: str, path: str, total: int) -> tuple[int, bytes, int, float]:
    """Sends a chunked body of `total` bytes until the server answers; status, body, bytes
    sent before the answer, seconds."""
    piece_size = 256 * 1024
    piece = b"%x\r\n" % piece_size + b"x" * piece_size + b"\r\n"
    sent = 0
    with _connect(url) as sock:
        start = time.monotonic()
        sock.sendall(_head(path, "Transfer-Encoding: chunked"))
        while sent < total and not select.select([sock], [], [], 0)[0]:
            try:
                sock.sendall(piece)
            except OSError:  # the server closed the connection: its answer is waiting
                break
            sent += piece_size
        status, _, body = _read_response(sock)
        return status, body, sent, time.monotonic() - start


@pytest.mark.parametrize("path", ["/graphql", "/sparql", "/articles"])
def test_a_chunked_body_is_cut_once_it_passes_the_cap(guarded, path: str) -> None:
    url, proc = guarded
    rss_before = _rss_kib(proc.pid)
    status, body, sent, elapsed = _stream_chunked(url, path, 200 * MiB)
    assert (status, json.loads(body)) == (
        413,
        {"error": f"the request body is over {CAPS[path]:,} bytes", "code": "TOO_LARGE"},
    )
    assert sent < CAPS[path] + 16 * MiB  # the cap plus what the kernels' socket buffers hold
    assert elapsed < 5
    assert _rss_kib(proc.pid) - rss_before < 50 * 1024


def test_sixteen_bodies_at_once_are_all_refused_within_a_memory_budget(guarded) -> None:
    """16 clients streaming 200 MiB each to /articles, whose cap (16 MB) is over half the body
    budget (32 MB): whoever fills the budget is cut at the cap, the rest are told to retry
    (by the budget, or by this server's cap of 3 requests in flight)."""
    url, proc = guarded
    rss_before = _rss_kib(proc.pid)
    answers: list[tuple[int, bytes, int, float]] = []
    clients = [
        threading.Thread(target=lambda: answers.append(_stream_chunked(url, "/articles", 200 * MiB))) for _ in range(16)
    ]
    start = time.monotonic()
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    assert time.monotonic() - start < 10
    bodies = {json.loads(body)["error"] for _, body, _, _ in answers}
    assert {status for status, *_ in answers} == {413, 503} and len(answers) == 16
    assert bodies <= {
        "the request body is over 16,000,000 bytes",
        "the server is busy reading other requests' bodies; retry shortly",
        "the server is busy (3 requests in flight); retry shortly",
    }
    assert _rss_kib(proc.pid) - rss_before < 50 * 1024


def test_a_body_trickled_past_its_deadline_is_cut(guarded) -> None:
    url, _ = guarded
    with _connect(url) as sock:
        start = time.monotonic()
        sock.sendall(_head("/graphql", "Content-Length: 100"))
        while not select.select([sock], [], [], 0.3)[0]:  # one byte every 0.3 s: 30 s for the body
            sock.sendall(b" ")
        status, _, body = _read_response(sock)
        elapsed = time.monotonic() - start
    assert (status, json.loads(body)) == (
        408,
        {"error": "the request body did not arrive within 2 s", "code": "REQUEST_TIMEOUT"},
    )
    assert 1.9 < elapsed < 4


def test_headers_trickled_past_their_deadline_are_cut(guarded) -> None:
    url, _ = guarded
    with _connect(url) as sock:
        start = time.monotonic()
        sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        closed = False
        for n in range(40):  # one header line every 0.25 s: 10 s of headers
            if select.select([sock], [], [], 0.25)[0]:
                closed = sock.recv(1) == b""
                break
            sock.sendall(f"X-Slow-{n}: 1\r\n".encode())
        elapsed = time.monotonic() - start
    assert closed
    assert 1.9 < elapsed < 4


def test_too_many_headers_are_refused(guarded) -> None:
    url, _ = guarded
    with _connect(url) as sock:
        sock.sendall(_head("/graphql", *(f"X-H{i}: 1" for i in range(65)), "Content-Length: 0"))
        status, _, body = _read_response(sock)
    assert (status, json.loads(body)) == (431, {"error": "more than 64 request headers", "code": "HEADERS_TOO_LARGE"})
    with _connect(url) as sock:  # 20 KB of an unfinished head: past h11's 16 KiB
        sock.sendall(_head("/graphql", *(f"X-H{i}: {'v' * 1000}" for i in range(20)))[:-2])
        time.sleep(0.2)
        sock.sendall(b"\r\n")
        status, _, body = _read_response(sock)
    assert (status, body) == (400, b"Invalid HTTP request received.")


def test_past_the_cap_on_requests_in_flight_the_answer_is_503_and_healthz_still_answers(guarded) -> None:
    url, _ = guarded
    holders = [_connect(url) for _ in range(3)]
    try:
        for sock in holders:  # each waits for a body that never comes: in flight until its deadline
            sock.sendall(_head("/graphql", "Content-Length: 10"))
        time.sleep(0.3)
        busy = httpx.post(f"{url}/graphql", json={"query": "{ articles { totalCount } }"}, timeout=5)
        assert (busy.status_code, busy.headers["retry-after"], busy.json()) == (
            503,
            "1",
            {"error": "the server is busy (3 requests in flight); retry shortly", "code": "UNAVAILABLE"},
        )
        start = time.monotonic()
        health = httpx.get(f"{url}/healthz", timeout=5)
        assert health.status_code == 200 and time.monotonic() - start < 0.5
        results = [_read_response(sock)[0] for sock in holders]
        assert results == [408, 408, 408]
    finally:
        for sock in holders:
            sock.close()
    after = httpx.post(f"{url}/graphql", json={"query": "{ articles { totalCount } }"}, timeout=5)
    assert after.json() == {"data": {"articles": {"totalCount": 0}}}


def test_a_slow_body_does_not_hold_up_other_clients(guarded) -> None:
    url, _ = guarded
    done = threading.Event()

    def trickle() -> None:
        with _connect(url) as sock:
            sock.sendall(_head("/graphql", "Content-Length: 100"))
            while not done.is_set() and not select.select([sock], [], [], 0.2)[0]:
                sock.sendall(b" ")

    slow = threading.Thread(target=trickle)
    slow.start()
    try:
        start = time.monotonic()
        resp = httpx.post(f"{url}/graphql", json={"query": "{ articles { totalCount } }"}, timeout=5)
        assert resp.status_code == 200 and time.monotonic() - start < 0.5
    finally:
        done.set()
        slow.join()


@pytest.fixture(scope="module")
def defaults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen]]:
    """A server with the service's own limits (64 requests in flight, 32 MB of bodies held)."""
    folder = tmp_path_factory.mktemp("defaults")
    with serving_process(folder / "kg", {"KG_API_TOKENS": '["guard-token"]'}, folder) as served:
        yield served


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("path", ["/graphql", "/sparql", "/articles"])
def test_sixteen_200_mib_posts_at_once_are_all_refused_within_a_second(defaults, path: str, declared: bool) -> None:
    """Issue 9's bar, per endpoint: 16 clients each POSTing 200 MiB at once are all refused
    within 1 s, and the server's memory grows by less than 50 MiB. A declared length over the
    cap is refused before a byte of the body is read; a chunked body is cut at the cap, or told
    to retry once the bodies held by all requests reach KG_MAX_BUFFERED_BODY_BYTES (or, on the
    query endpoints, once one client has KG_CLIENT_MAX_CONCURRENT_QUERIES running)."""
    url, proc = defaults
    rss_before = _rss_kib(proc.pid)
    answers: list[tuple[int, bytes, int, float]] = []
    ready = threading.Barrier(16)

    def post() -> None:
        ready.wait()
        if declared:
            with _connect(url) as sock:
                start = time.monotonic()
                sock.sendall(_head(path, f"Content-Length: {200 * MiB}") + b"x" * 65536)
                status, _, body = _read_response(sock)
                answers.append((status, body, 65536, time.monotonic() - start))
        else:
            answers.append(_stream_chunked(url, path, 200 * MiB))

    clients = [threading.Thread(target=post) for _ in range(16)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(30)
    grown_kib = _rss_kib(proc.pid) - rss_before
    cap = f"the request body is over {CAPS[path]:,} bytes"
    busy = "the server is busy reading other requests' bodies; retry shortly"
    got = {(status, json.loads(body)["error"]) for status, body, _, _ in answers}
    # 16 from one address to /graphql or /sparql: past 8 running, the client's own cap answers first
    running = (429, "this client has 8 queries running; send the next when one is answered")
    assert len(answers) == 16 and got <= {(413, cap), (503, busy), running} and (413, cap) in got, got
    slowest = max(seconds for *_, seconds in answers)
    how = "declared" if declared else "chunked"
    print(f"\n{path} {how}: slowest refusal {slowest:.3f} s, RSS +{grown_kib / 1024:.1f} MiB")  # figures, with -s
    assert slowest < 1.0 and grown_kib < 50 * 1024, (slowest, grown_kib)
