"""kill -9 of a real `kg serve` while writers post articles, again and again (issue 9's Jepsen
bar): after each restart every acknowledged article is in the store exactly once, no article
appears that was never sent, the killed server's SPARQL sidecars are gone, its checkpoints are
swept, and `kg verify` passes; a `kg backup` taken while the writers write passes `kg verify`.

The default run kills twice under 2 writers and runs `kg verify` after the last restart (each
start of `kg serve` and its first spaCy load take seconds); `-m slow` kills 20 times under 8
writers and verifies after every restart (figures: benchmarks/RESULTS.md, "2026-11-26
(hardening)")."""

from __future__ import annotations

import os
import random
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import KG, ROOT, free_port, run_kg, wait_for
from tests.service.test_crash_restart import _running, _sidecars

TOKEN = "kill-soak-token"
RR = "https://w3id.org/regrisk/ontology#"
ARTICLES = f"SELECT ?a (COUNT(DISTINCT ?g) AS ?graphs) WHERE {{ GRAPH ?g {{ ?a a <{RR}Article> }} }} GROUP BY ?a"


@dataclass
class Ledger:
    """What the writers were told: acknowledged articles, and sends that got no answer."""

    acknowledged: set[str] = field(default_factory=set)
    unanswered: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _start(store: Path, log: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "KG_API_TOKENS": f'["{TOKEN}"]',
        "KG_QUERY_SECONDS_PER_MINUTE": "100000",
        "KG_CLIENT_MAX_CONCURRENT_QUERIES": "64",
    }
    with log.open("a") as out:
        proc = subprocess.Popen(
            [*KG, "serve", "--store", str(store), "--port", str(port)], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/healthz", proc)
    return url, proc


def _writer(url: str, n: int, round_: int, ledger: Ledger, stop: threading.Event) -> None:
    with httpx.Client(timeout=60) as http:
        i = 0
        while not stop.is_set():
            text = (
                f"NAIROBI, Nov. {1 + i % 28}, 2024 - The Communications Authority of Kenya suspended Telegram "
                f"in round {round_} for writer {n}, report {i}, citing exam leaks, the regulator said."
            )
            try:
                resp = http.post(
                    f"{url}/articles",
                    json={"text": text, "title": f"Kill soak {round_}-{n}-{i}", "published": "2024-11-11"},
                    headers={"Authorization": f"Bearer {TOKEN}"},
                )
            except httpx.HTTPError:  # the server was killed under this request
                with ledger.lock:
                    ledger.unanswered += 1
                return
            assert resp.status_code == 200, resp.text
            with ledger.lock:
                ledger.acknowledged.add(resp.json()["results"][0]["id"])
            i += 1


def _sparql_reader(url: str, stop: threading.Event) -> None:
    """Keeps a sidecar running and its checkpoints renewed after writes."""
    with httpx.Client(timeout=60) as http:
        while not stop.is_set():
            try:
                http.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/json"})
            except httpx.HTTPError:
                return
            time.sleep(0.2)


def _stored(url: str) -> dict[str, int]:
    resp = httpx.get(f"{url}/sparql", params={"query": ARTICLES}, headers={"Accept": "application/json"}, timeout=60)
    assert resp.status_code == 200, resp.text
    rows = resp.json()["results"]["bindings"]
    return {r["a"]["value"].rsplit("/", 1)[1]: int(r["graphs"]["value"]) for r in rows}


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def kill_soak(tmp_path: Path, kills: int, writers: int, verify_each: bool, seed: int = 9) -> dict[str, float]:
    rng = random.Random(seed)
    store, log = tmp_path / "kg", tmp_path / "serve.log"
    checkpoints = Path(f"{store}.sparql-checkpoints")
    ledger = Ledger()
    url, proc = _start(store, log)
    figures = {"kills": 0, "restart_s": 0.0, "verify_s": 0.0}
    backup = tmp_path / "backup"
    for round_ in range(kills):
        stop = threading.Event()
        threads = [threading.Thread(target=_writer, args=(url, n, round_, ledger, stop)) for n in range(writers)]
        threads.append(threading.Thread(target=_sparql_reader, args=(url, stop)))
        before = len(ledger.acknowledged)
        for t in threads:
            t.start()
        while len(ledger.acknowledged) < before + writers:  # every writer is past spaCy's first load
            time.sleep(0.05)
        if round_ == 0:  # a backup while the writers write
            made = run_kg("backup", str(backup), "--store", str(store))
            assert made.returncode == 0, made.stderr
        time.sleep(rng.uniform(0.0, 1.5))
        sidecars = _sidecars(proc.pid)
        proc.kill()  # kill -9
        proc.wait(10)
        stop.set()
        for t in threads:
            t.join(60)
        deadline = time.monotonic() + 5
        while any(_running(pid) for pid in sidecars) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in sidecars if _running(pid)] == []  # no orphaned oxigraph process
        figures["kills"] += 1

        started = time.monotonic()
        url, proc = _start(store, log)
        figures["restart_s"] = max(figures["restart_s"], time.monotonic() - started)
        stored = _stored(url)  # on the sidecar, over a fresh checkpoint
        assert sorted(p.name for p in checkpoints.iterdir()) == [f"gen-0-{proc.pid}"]  # the killed ones swept
        assert _size(checkpoints) <= _size(store)
        assert ledger.acknowledged - set(stored) == set()  # every acknowledged article is there
        assert {a: n for a, n in stored.items() if n != 1} == {}  # once
        assert len(stored) <= len(ledger.acknowledged) + ledger.unanswered  # and nothing never sent
        if verify_each or round_ == kills - 1:  # beside the restarted server, as an operator would
            started = time.monotonic()
            verified = run_kg("verify", "--store", str(store))
            figures["verify_s"] = max(figures["verify_s"], time.monotonic() - started)
            assert verified.returncode == 0, verified.stdout + verified.stderr
    proc.terminate()
    proc.wait(30)
    restored = run_kg("verify", "--store", str(backup))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    figures.update(acknowledged=len(ledger.acknowledged), unanswered=ledger.unanswered)
    print(f"kill soak: {figures}")
    return figures


def test_two_kills_under_two_writers_lose_no_acknowledged_article(tmp_path: Path) -> None:
    figures = kill_soak(tmp_path, kills=2, writers=2, verify_each=False)  # kg verify after the last restart
    assert figures["kills"] == 2 and figures["acknowledged"] >= 4


@pytest.mark.slow
def test_twenty_kills_under_eight_writers_lose_no_acknowledged_article(tmp_path: Path) -> None:
    figures = kill_soak(tmp_path, kills=20, writers=8, verify_each=True)
    assert figures["kills"] == 20 and figures["acknowledged"] >= 160
