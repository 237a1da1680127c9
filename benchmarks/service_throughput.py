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


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--platform", default="Lemon8")
    args = parser.parse_args(argv)
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
