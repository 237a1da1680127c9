"""2,000 connections trickling their headers plus 20 clients over their query-time budget,
against a real `kg serve`, while one more client asks `/healthz` and a light question (issue
9's bar: `/healthz` and the light question p99 < 100 ms; tricklers cut within 10 s).

Each trickler sends a request line, then one header line every 2 s and never ends its head
(KG_HEADER_TIMEOUT_S, 5 s, should cut it; timed from its connection). First the 20 greedy
clients, each from its own loopback address, send a question that runs to its limit
(KG_GRAPHQL_TIMEOUT_S=1; use a 1M-quad store) until each is over its budget (`--budget` s a
minute) and refused (429); then the tricklers connect, the greedy clients keep sending, and the
watcher (its own address, one /healthz and one light question every 0.2 s, well inside the
budget) is timed for `--seconds`.

Limit: 100 ms (p99 of /healthz and of the light question). Run:
python -m benchmarks.trickle_flood --store PATH [--tricklers 2000] [--seconds 20] [--budget 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from benchmarks.report import Row, print_rows
from benchmarks.serving import wait_until_up

LIGHT = "{ events(first: 5) { totalCount edges { node { type date } } } }"
HEAVY_ONE = (
    "events(first: 100) { edges { node { type reports agent { label } evidence { sentence article { title } } } } }"
)


def heavy(n: int) -> str:
    return "{ " + " ".join(f"h{n}x{i}: {HEAVY_ONE}" for i in range(30)) + " }"


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def trickle(port: int, n: int, cut_after: list[float], refused: list[int]) -> None:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        refused.append(n)
        return
    start = time.monotonic()  # connected: from here the server's header deadline runs
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        await writer.drain()
        i = 0
        while True:
            try:
                await asyncio.wait_for(reader.read(1024), timeout=2.0)
                break  # an answer (400, 408, 431) or the close: cut either way
            except TimeoutError:
                writer.write(f"X-Trickle-{i}: {'v' * 10}\r\n".encode())
                await writer.drain()
                i += 1
            if time.monotonic() - start > 60:
                break
    except OSError:
        pass
    finally:
        cut_after.append(time.monotonic() - start)
        writer.close()


def run_tricklers(port: int, count: int, cut_after: list[float], refused: list[int]) -> None:
    async def main() -> None:
        await asyncio.gather(*(trickle(port, n, cut_after, refused) for n in range(count)))

    asyncio.run(main())


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="a store folder (the sample articles' will do)")
    parser.add_argument("--tricklers", type=int, default=2000)
    parser.add_argument("--greedy", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--budget", type=float, default=20.0, help="KG_QUERY_SECONDS_PER_MINUTE")
    parser.add_argument("--port", type=int, default=8732)
    args = parser.parse_args(argv)
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "KG_GRAPHQL_TIMEOUT_S": "1",
        "KG_QUERY_SECONDS_PER_MINUTE": str(args.budget),
        "KG_GRAPHQL_MAX_COST": "1000000",  # the heavy question must run to its limit, not be priced out
        "KG_GRAPHQL_CACHE_ENTRIES": "0",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(args.store), "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{args.port}"
    try:
        wait_until_up(url, proc, 120)
        return measure(url, args)
    finally:
        proc.terminate()
        proc.wait(30)


def measure(url: str, args: argparse.Namespace) -> list[Row]:
    stop, measuring = threading.Event(), threading.Event()
    over_budget: set[int] = set()
    timings: dict[str, list[float]] = {"healthz": [], "light": []}
    statuses: dict[str, dict[int, int]] = {"healthz": {}, "light": {}, "greedy": {}}
    cut_after: list[float] = []
    refused: list[int] = []

    def note(kind: str, status: int) -> None:
        statuses[kind][status] = statuses[kind].get(status, 0) + 1

    def watch() -> None:
        with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.3"), timeout=30) as http:
            while not stop.is_set():
                for kind in ("healthz", "light"):
                    start = time.monotonic()
                    if kind == "healthz":
                        resp = http.get(f"{url}/healthz")
                    else:
                        resp = http.post(f"{url}/graphql", json={"query": LIGHT})
                    if measuring.is_set():
                        timings[kind].append((time.monotonic() - start) * 1000)
                        note(kind, resp.status_code)
                time.sleep(0.2)

    def greedy(n: int) -> None:
        address = f"127.0.1.{n + 1}"
        with httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30) as http:
            i = 0
            while not stop.is_set():
                status = http.post(f"{url}/graphql", json={"query": heavy(1000 * n + i)}).status_code
                if status == 429:
                    over_budget.add(n)
                if measuring.is_set():
                    note("greedy", status)
                i += 1
                time.sleep(0.1)

    port = int(url.rsplit(":", 1)[1])
    measuring.set()
    watcher = threading.Thread(target=watch)
    watcher.start()
    time.sleep(4)
    measuring.clear()
    baseline = {k: list(v) for k, v in timings.items()}
    for values in timings.values():
        values.clear()
    clients = [threading.Thread(target=greedy, args=(n,)) for n in range(args.greedy)]
    for thread in clients:
        thread.start()
    warm = time.monotonic()
    while len(over_budget) < args.greedy and time.monotonic() - warm < 120:  # each spends its budget
        time.sleep(0.2)
    print(f"{len(over_budget)} of {args.greedy} greedy clients over budget after {time.monotonic() - warm:.1f} s")
    measuring.set()
    tricklers = threading.Thread(target=run_tricklers, args=(port, args.tricklers, cut_after, refused))
    tricklers.start()
    time.sleep(args.seconds)
    stop.set()
    for thread in [watcher, *clients]:
        thread.join(60)
    tricklers.join(90)

    for kind, values in baseline.items():
        print(
            f"{kind} before: p50 {quantile(values, 0.5):.1f} ms, p99 {quantile(values, 0.99):.1f} ms, n={len(values)}"
        )
    print(f"statuses: {statuses}")
    print(
        f"tricklers: {len(cut_after)} of {args.tricklers} ended ({len(refused)} could not connect); "
        f"cut, from their connection, after median {quantile(cut_after, 0.5):.1f} s, max {max(cut_after):.1f} s"
    )
    rows = []
    for kind, values in timings.items():
        p99 = quantile(values, 0.99)
        print(f"{kind} during: p50 {quantile(values, 0.5):.1f} ms, p99 {p99:.1f} ms, max {max(values):.1f} ms")
        rows.append(
            Row(
                f"{kind} p99 under the flood vs 100 ms",
                [p99 / 100],
                1.0,
                f"p99 {p99:.1f} ms, p50 {quantile(values, 0.5):.1f} ms, n={len(values)}",
                higher_is_better=False,
            )
        )
    rows.append(
        Row(
            "slowest trickler cut vs 10 s",
            [max(cut_after) / 10],
            1.0,
            f"median {quantile(cut_after, 0.5):.1f} s, {len(cut_after)} tricklers",
            higher_is_better=False,
        )
    )
    print_rows(rows)
    return rows


if __name__ == "__main__":
    main()
