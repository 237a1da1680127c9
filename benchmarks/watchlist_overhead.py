"""What watchlists cost a write: the same articles POSTed one at a time to a real `kg serve`,
once with no watchlist and once with many that match every event, half of them with a webhook
to a receiver on this machine (a small HTTP server in this process).

Two rows:
- the store write alone (in process): `replace_article` through the watchlists' bracket (two
  SQLite commits and the lookup of the article's new events) against the store write inside
  it, over benchmarks.graphgen articles written one by one into a new store. Target: <= 1.15x.
- a POST /articles as a client sees it (extraction, write, answer), with the watchlists'
  matching, payloads and webhook deliveries running beside it, against no watchlist. Target:
  <= 1.05x: the deliveries are off the write path.

With --selective, each watchlist follows one platform of benchmarks.corpus (as a user would)
instead of every event.

Run: python -m benchmarks.watchlist_overhead [--articles 40] [--watchlists 50] [--repeats 2] [--selective]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from benchmarks.report import Row, print_rows
from benchmarks.serving import wait_until_up

TOKEN = "bench-token-0123456789"
ROOT = Path(__file__).resolve().parent.parent


def store_write_ratio(articles: int) -> tuple[float, str]:
    """The watched write against the store write inside it, in the same run: what the bracket
    (two SQLite commits, the lookup of new events) adds to each write."""
    from benchmarks import graphgen
    from kg.rdf import to_quads
    from kg.store import EmbeddedStore
    from kg.vocab import graph_iri
    from kg.watch.storage import WatchStorage
    from kg.watch.watched_store import WatchedStore

    rng, pools, base = random.Random(5), graphgen._pools(), graphgen.templates()
    extractions = [graphgen.variant(base[n % len(base)], n, rng, pools) for n in range(articles)]
    written = [(graph_iri(ex.article.id), to_quads(ex)) for ex in extractions]
    inner = {"s": 0.0}

    class Timed:
        def __init__(self, store: EmbeddedStore) -> None:
            self.store = store

        def __getattr__(self, name: str):
            return getattr(self.store, name)

        def replace_article(self, graph, quads):
            start = time.perf_counter()
            try:
                return self.store.replace_article(graph, quads)
            finally:
                inner["s"] += time.perf_counter() - start

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        store = EmbeddedStore(Path(tmp) / "kg")
        storage = WatchStorage(Path(tmp) / "kg" / "watchlists.sqlite")
        watched = WatchedStore(Timed(store), storage, lambda: None)  # type: ignore[arg-type]
        start = time.perf_counter()
        for graph, quads in written:
            watched.replace_article(graph, quads)
        total = time.perf_counter() - start
        fresh = len(storage.fresh(10**9))
        storage.close()
        store.close()
    n = len(written)
    detail = (
        f"{1000 * (total - inner['s']) / n:.1f} ms added to a {1000 * inner['s'] / n:.1f} ms write, "
        f"{n} articles, {fresh} new events filed"
    )
    return total / inner["s"], detail


class Receiver:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver would

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                with owner.lock:
                    owner.count += 1
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def serve(store: Path) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "KG_API_TOKENS": json.dumps([TOKEN]), "KG_AUTH_FAILURES_PER_MINUTE": "100000"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, proc, 60)
    return proc, url


def post_all(url: str, texts: list[dict[str, str]]) -> list[float]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    times = []
    with httpx.Client(timeout=120, headers=headers) as client:
        for article in texts:
            start = time.perf_counter()
            resp = client.post(url + "/articles", json=article)
            times.append(time.perf_counter() - start)
            assert resp.status_code == 200, resp.text
    return times


def service_run(
    texts: list[dict[str, str]], watchlists: int, receiver: Receiver, selective: bool = False
) -> tuple[float, int, float]:
    """Median seconds per POST; deliveries received; seconds from the last answer to the last delivery."""
    from benchmarks.corpus import PLATFORMS
    from benchmarks.corpus import articles as warmup

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        proc, url = serve(Path(tmp) / "kg")
        try:
            post_all(url, warmup(1, seed=99))  # loads spaCy: not part of either side
            create = "mutation($i: WatchlistInput!) { createWatchlist(input: $i) { secret } }"
            for n in range(watchlists):
                hook = {"webhookUrl": f"{receiver.url}/w{n}"} if n % 2 == 0 else {}
                only = {"entity": PLATFORMS[n % len(PLATFORMS)]} if selective else {}
                body = {"query": create, "variables": {"i": {"name": f"watch {n}", **only, **hook}}}
                resp = httpx.post(url + "/graphql", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
                assert "errors" not in resp.json(), resp.text
            before = receiver.count
            times = post_all(url, texts)
            done = time.perf_counter()
            expected = None
            if watchlists:
                log = "{ watchlists { deliveries(first: 100) { status } } }"
                for _ in range(600):
                    lists = httpx.post(
                        url + "/graphql", json={"query": log}, headers={"Authorization": f"Bearer {TOKEN}"}
                    ).json()["data"]["watchlists"]
                    statuses = [d["status"] for w in lists for d in w["deliveries"]]
                    seen = receiver.count
                    time.sleep(0.25)
                    if statuses and all(s == "delivered" for s in statuses) and receiver.count == seen:
                        expected = len(statuses)  # the newest 100 a watchlist each, and nothing more coming
                        break
            drained = time.perf_counter() - done
            if expected is not None and receiver.count - before < expected:
                print(f"  (the log says {expected} delivered; the receiver counted {receiver.count - before})")
            return statistics.median(times), receiver.count - before, drained
        finally:
            proc.terminate()
            proc.wait(30)


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--watchlists", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--selective", action="store_true", help="each watchlist follows one platform")
    args = parser.parse_args(argv)
    from benchmarks.corpus import articles

    ratios, details = [], []
    for _ in range(args.repeats):
        ratio, detail = store_write_ratio(args.articles * 5)
        ratios.append(ratio)
        details.append(detail)
    rows = [Row("store write, watched vs bare", ratios, 1.15, "; ".join(details), higher_is_better=False)]
    print_rows(rows)

    receiver = Receiver()
    texts = [{k: a[k] for k in ("title", "text", "published")} for a in articles(args.articles)]
    service_ratios, service_details = [], []
    for _ in range(args.repeats):
        bare, _, _ = service_run(texts, 0, receiver)
        watched, sent, drained = service_run(texts, args.watchlists, receiver, args.selective)
        service_ratios.append(watched / bare)
        service_details.append(
            f"{1000 * watched:.0f} vs {1000 * bare:.0f} ms a POST (median), {sent} webhooks, "
            f"all delivered {drained:.1f} s after the last answer"
        )
    kind = "selective" if args.selective else "match-all"
    rows.append(
        Row(
            f"POST /articles with {args.watchlists} {kind} watchlists vs none",
            service_ratios,
            1.05,
            "; ".join(service_details),
            higher_is_better=False,
        )
    )
    print_rows(rows[1:])
    return rows


if __name__ == "__main__":
    main()
