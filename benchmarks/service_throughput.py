"""Benchmark 4: /graphql and /sparql of `kg serve` under load, against `oxigraph serve`.

Limit: `oxigraph serve-read-only` over the same store, answering the same SPARQL (the canned
timeline question, bound to one platform), measured in the same
run with the same load generator. Load: wrk (Debian) with 1, 8 and 32 connections; wrk runs on
the same two cores, so every figure is a lower bound for a dedicated server.
- /sparql: the same query through the service (checks, proxy to its engine, size cap), with
  the response cache off (every request reaches the engine) and on. Target >= 0.8x.
- /graphql: the same question in GraphQL, repeated, so after the first request it is answered
  by the response cache (which a write empties: tests/service/test_response_cache.py). Target >= 1x.
Run: python -m benchmarks.service_throughput [--quads 1000000] [--seconds 5] [--repeats 3]

`--pages Q` (issue 8's HTTP bar) instead measures latency, one request at a time: for each
question of benchmarks/questions_vs_sparql.py whose name holds one of Q (as its --only), the
p50 of uncached `/graphql` (a `kg serve` with both response caches off) against the p50 of
`oxigraph serve-read-only` answering the question's canned query bound the same way (its page's
LIMIT where the question is a page), at each of --sizes. Target: <= 2x.
Run: python -m benchmarks.service_throughput --pages 'exposureConnection,Q8' --sizes 1000000,5000000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx

from benchmarks.questions_vs_sparql import store_for
from benchmarks.report import Row, print_rows
from benchmarks.workdir import workdir


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def wrk(url: str, connections: int, seconds: float, script: Path | None = None) -> float:
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "30s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"errors under load:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    if rate == 0:
        raise RuntimeError(f"no request finished in {seconds:g} s:\n{out}")
    return rate


def _lua(path: Path, method: str, body: str | None, headers: dict[str, str]) -> Path:
    lines = [f'wrk.method = "{method}"']
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body)}")
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def _latencies(send: Callable[[], None], runs: int, budget_s: float) -> list[float]:
    """Milliseconds of each of `runs` requests one after the other (at least 5, then as many as
    fit in the budget), after one warm-up."""
    send()
    out: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(out) < runs and (len(out) < 5 or time.perf_counter() < deadline):
        start = time.perf_counter()
        send()
        out.append((time.perf_counter() - start) * 1000)
    return out


def pages_over_http(patterns: str, sizes: list[int], runs: int, budget_s: float) -> list[Row]:
    """Issue 8's HTTP bar: uncached /graphql p50 against `oxigraph serve-read-only`'s p50 for
    the canned query of the same page, one request at a time, per store size."""
    from benchmarks.questions_vs_sparql import _picked, questions
    from kg.queries import catalogue

    asked = [q for q in questions("TikTok", "Digital Services Act", "European Union") if _picked(q.name, patterns)]
    if not asked:
        sys.exit(f"no question's name holds any of {patterns!r}")
    kg_bin, ox_bin = (str(Path(sys.executable).with_name(n)) for n in ("kg", "oxigraph"))
    env = {
        **os.environ,
        "KG_PRODUCTION": "true",
        "KG_SPARQL_CACHE_ENTRIES": "0",
        "KG_GRAPHQL_CACHE_ENTRIES": "0",
        "KG_QUERY_SECONDS_PER_MINUTE": "100000",  # one client asks for minutes: not a budget test
        "KG_GRAPHQL_TIMEOUT_S": "600",
    }
    rows: list[Row] = []
    for size in sizes:
        source = store_for(size)
        served = workdir() / f"served_uncached_{size}"
        shutil.rmtree(served, ignore_errors=True)
        shutil.copytree(source, served)
        kg_port, ox_port = _free_port(), _free_port()
        oxigraph = [ox_bin, "serve-read-only", "--union-default-graph", "--location", str(source)]
        procs = [
            subprocess.Popen(
                [kg_bin, "serve", "--store", str(served), "--port", str(kg_port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [*oxigraph, "--bind", f"127.0.0.1:{ox_port}"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
        ]
        try:
            kg, ox = f"http://127.0.0.1:{kg_port}", f"http://127.0.0.1:{ox_port}"
            _wait(kg + "/healthz")
            _wait(ox + "/query?query=ASK%7B%7D")
            print(f"{size:,} quads ({source}); load average {os.getloadavg()}", flush=True)
            with httpx.Client(timeout=600) as client:
                for q in asked:
                    sparql = catalogue()[q.canned].bind(q.params)
                    if q.limit is not None:
                        sparql += f"\nLIMIT {q.limit} OFFSET 0"

                    def ask_graphql(text: str = q.graphql, url: str = f"{kg}/graphql") -> None:
                        body = client.post(url, json={"query": text}).json()
                        assert "errors" not in body, body["errors"]

                    def ask_sparql(text: str = sparql, url: str = f"{ox}/query") -> None:
                        answer = client.post(
                            url,
                            content=text,
                            headers={"Content-Type": "application/sparql-query", "Accept": RESULTS_JSON},
                        )
                        answer.raise_for_status()
                        answer.json()

                    canned, graphql = _latencies(ask_sparql, runs, budget_s), _latencies(ask_graphql, runs, budget_s)
                    limit = statistics.median(canned)
                    rows.append(
                        Row(
                            f"{q.name} @ {size:,} quads: uncached /graphql p50 vs oxigraph serve-read-only p50",
                            [g / limit for g in graphql],
                            2.0,
                            f"p50 {statistics.median(graphql):.1f} vs {limit:.1f} ms, "
                            f"{len(graphql)} and {len(canned)} requests",
                            higher_is_better=False,
                        )
                    )
                    print(rows[-1].line(), flush=True)
            print(f"  load average after: {os.getloadavg()}", flush=True)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(20)
            shutil.rmtree(served, ignore_errors=True)
    print_rows(rows)
    return rows


RESULTS_JSON = "application/sparql-results+json"


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--platform", default="Lemon8")
    parser.add_argument("--pages", default="", help="latency of these questions' pages instead (see above)")
    parser.add_argument("--sizes", default="1000000,5000000", help="store sizes for --pages")
    parser.add_argument("--runs", type=int, default=20, help="requests per question and side for --pages")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per question and side for --pages")
    args = parser.parse_args(argv)
    if args.pages:
        return pages_over_http(args.pages, [int(s) for s in args.sizes.split(",")], args.runs, args.budget)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    from kg.queries import catalogue

    source = store_for(args.quads)
    served = workdir() / f"served_{args.quads}"
    shutil.rmtree(served, ignore_errors=True)
    shutil.copytree(source, served)
    sparql = catalogue()["timeline"].bind({"entity": args.platform})
    fields = "id type date evidence { sentence article { url } }"
    graphql = json.dumps({"query": f'{{ timeline(entity: "{args.platform}") {{ {fields} }} }}'})
    kg_port, raw_port, ox_port = _free_port(), _free_port(), _free_port()
    uncached = workdir() / f"served_uncached_{args.quads}"
    shutil.rmtree(uncached, ignore_errors=True)
    shutil.copytree(source, uncached)
    kg_bin = str(Path(sys.executable).with_name("kg"))
    ox_bin = str(Path(sys.executable).with_name("oxigraph"))
    env = {**os.environ, "KG_SPARQL_MAX_BYTES": "50000000", "KG_PRODUCTION": "true"}
    procs = [
        subprocess.Popen(
            [kg_bin, "serve", "--store", str(served), "--port", str(kg_port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [kg_bin, "serve", "--store", str(uncached), "--port", str(raw_port)],
            env={**env, "KG_SPARQL_CACHE_ENTRIES": "0", "KG_GRAPHQL_CACHE_ENTRIES": "0"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [
                ox_bin,
                "serve-read-only",
                "--location",
                str(source),
                "--bind",
                f"127.0.0.1:{ox_port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    scratch = Path(tempfile.mkdtemp(prefix="kg-wrk-"))
    try:
        kg, raw, ox = (f"http://127.0.0.1:{p}" for p in (kg_port, raw_port, ox_port))
        _wait(kg + "/healthz")
        _wait(raw + "/healthz")
        _wait(ox + "/query?query=ASK%7B%7D")
        accept = {"Accept": "application/sparql-results+json"}
        q = quote(sparql)
        rows_kg = httpx.get(f"{kg}/sparql?query={q}", headers=accept, timeout=60).json()["results"]["bindings"]
        rows_ox = httpx.get(f"{ox}/query?query={q}", headers=accept, timeout=60).json()["results"]["bindings"]
        assert rows_kg == rows_ox, "the service and oxigraph serve must give the same answer"
        answer = httpx.post(f"{kg}/graphql", content=graphql, headers={"Content-Type": "application/json"}).json()
        assert "errors" not in answer and answer["data"]["timeline"]
        print(f"{args.quads:,} quads; question: the timeline of {args.platform} ({len(rows_kg)} rows)")
        get_json = _lua(scratch / "get.lua", "GET", None, accept)
        post_gql = _lua(scratch / "gql.lua", "POST", graphql, {"Content-Type": "application/json"})
        rows = []
        for c in (1, 8, 32):
            runs: dict[str, list[float]] = {
                k: [] for k in ("oxigraph", "sparql_raw", "sparql", "graphql_raw", "graphql")
            }
            for _ in range(args.repeats):
                runs["oxigraph"].append(wrk(f"{ox}/query?query={q}", c, args.seconds, get_json))
                runs["sparql_raw"].append(wrk(f"{raw}/sparql?query={q}", c, args.seconds, get_json))
                runs["sparql"].append(wrk(f"{kg}/sparql?query={q}", c, args.seconds, get_json))
                runs["graphql_raw"].append(wrk(f"{raw}/graphql", c, args.seconds, post_gql))
                runs["graphql"].append(wrk(f"{kg}/graphql", c, args.seconds, post_gql))
            med = statistics.median(runs["oxigraph"])
            for key, label, target in (
                ("sparql_raw", "/sparql, response cache off,", 0.8),
                ("sparql", "/sparql (repeated reads, cached)", 0.8),
                ("graphql_raw", "/graphql, response cache off,", 1.0),
                ("graphql", "/graphql (repeated reads, cached)", 1.0),
            ):
                got = runs[key]
                rows.append(
                    Row(
                        f"{label} vs oxigraph serve, {c} connections",
                        [r / med for r in got],
                        target,
                        f"req/s {statistics.median(got):.0f} vs {med:.0f}",
                    )
                )
                print(rows[-1].line(), flush=True)
        health = httpx.get(f"{kg}/healthz").json()
        print(f"response caches: graphql {health['cache']}, sparql {health['sparql_cache']}")
        print_rows(rows)
        return rows
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(20)
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(served, ignore_errors=True)
        shutil.rmtree(uncached, ignore_errors=True)


if __name__ == "__main__":
    main()
