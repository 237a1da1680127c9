"""Time limits that free the work, and a query-time budget per client, on a real server.

One client (127.0.0.2) sends a burst of heavy questions, then keeps sending them; another
(127.0.0.3) asks a light question all along. Loopback answers on all of 127/8, so binding
each client's socket to its own address makes two clients the server tells apart."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import httpx
import pytest

from kg.service.budget import QueryBudget, _Client
from tests.service.bursts import LIGHT, client, heavy
from tests.service.conftest import serving

LIMIT_S = 1.0
BUDGET_S = 2.0
RUNNING = 4


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory, sample_store: Path) -> str:
    import shutil

    store = tmp_path_factory.mktemp("limited") / "kg"
    shutil.copytree(sample_store, store)
    env = {
        "KG_GRAPHQL_TIMEOUT_S": str(LIMIT_S),
        "KG_QUERY_SECONDS_PER_MINUTE": str(BUDGET_S),
        "KG_CLIENT_MAX_CONCURRENT_QUERIES": str(RUNNING),
        "KG_GRAPHQL_CACHE_ENTRIES": "0",
        "KG_SPARQL_CACHE_ENTRIES": "0",
        "KG_SPARQL_TIMEOUT_S": "1",
        # the heavy question is priced at 87,030 (tests/service/test_query_cost.py): let it run, so
        # that what is tested is the time limit on work that passed every check made before it
        "KG_GRAPHQL_MAX_COST": "1000000",
    }
    with serving(store, env, store.parent) as url:
        yield url


def test_a_heavy_burst_is_stopped_on_time_then_refused_and_another_client_stays_fast(limited: str) -> None:
    url = limited
    heavy_answers: list[tuple[int, float, str, str | None]] = []  # status, seconds, code, Retry-After
    light_ms: list[float] = []
    light_answers: list[tuple[int, dict]] = []
    done = threading.Event()

    def ask_heavy(n: int) -> None:
        with client("127.0.0.2") as http:
            start = time.monotonic()
            resp = http.post(f"{url}/graphql", json={"query": heavy(n)})
            seconds = time.monotonic() - start
            body = resp.json()
            code = body["errors"][0]["extensions"]["code"] if "errors" in body else body.get("error", "answered")
            heavy_answers.append((resp.status_code, seconds, code, resp.headers.get("retry-after")))

    def ask_light() -> None:
        with client("127.0.0.3") as http:
            while not done.is_set():
                start = time.monotonic()
                resp = http.post(f"{url}/graphql", json={"query": LIGHT})
                light_ms.append((time.monotonic() - start) * 1000)
                light_answers.append((resp.status_code, resp.json()))
                time.sleep(0.02)

    light = threading.Thread(target=ask_light)
    light.start()
    time.sleep(0.5)
    burst = [threading.Thread(target=ask_heavy, args=(n,)) for n in range(12)]
    for thread in burst:
        thread.start()
    for thread in burst:
        thread.join(30)
    later = [threading.Thread(target=ask_heavy, args=(100 + n,)) for n in range(8)]
    for thread in later:
        thread.start()
        thread.join(30)
    time.sleep(2)  # and after
    done.set()
    light.join(30)

    first, rest = heavy_answers[:12], heavy_answers[12:]
    # the burst: stopped at the limit (its answers come within a second of it), or refused once over budget
    over = f"this client has used its {BUDGET_S:g} s of query time in the last minute; retry in "
    running = f"this client has {RUNNING} queries running; send the next when one is answered"
    outcomes = [(status, "over budget" if code.startswith(over) else code) for status, _, code, _ in first]
    # stopped at its limit, or refused at once: too many running, its store queue full, or its budget spent
    assert set(outcomes) <= {(200, "TIMEOUT"), (200, "BUSY"), (429, running), (429, "over budget")}
    assert outcomes.count((200, "TIMEOUT")) >= 1 and outcomes.count((429, running)) >= 12 - RUNNING
    assert max(seconds for _, seconds, _, _ in first) < LIMIT_S + 1.0
    # twelve stopped questions are over the budget: every later one is refused at once
    assert [status for status, *_ in rest] == [429] * 8
    # refused at once: well under the 1 s a question waiting for its limit would take (0.2 s was
    # missed once in a fresh-clone CI run, a scheduling pause on the 2-vCPU machine)
    assert all(1 <= int(after) <= 60 and seconds < LIMIT_S / 2 for _, seconds, _, after in rest)
    assert all(code.startswith(over) for _, _, code, _ in rest)
    # the other client: every answer right, and fast during and after
    assert len(light_ms) >= 40
    assert {(status, str(body)) for status, body in light_answers} == {
        (200, str({"data": {"articles": {"totalCount": 12}}}))
    }
    p95 = statistics.quantiles(light_ms, n=20)[-1]

    assert p95 < 500, (p95, max(light_ms))
    # nothing of the heavy questions is still running two seconds after their limit
    health = httpx.get(f"{url}/healthz", timeout=5).json()
    assert health["store_reads"]["running"] == 0 and health["store_reads"]["queued"] == 0


def test_sparql_counts_against_the_same_budget_and_healthz_never_does(limited: str) -> None:
    with client("127.0.0.4") as http:
        cross = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?x ?y ?z } GRAPH ?c { ?u ?v ?w } }"
        statuses = []
        for _ in range(6):
            statuses.append(http.post(f"{limited}/sparql", data={"query": cross}).status_code)
            if statuses[-1] == 429:
                break
        assert statuses[-1] == 429 and set(statuses[:-1]) == {503}
        assert http.get(f"{limited}/healthz").status_code == 200
        refused = http.post(f"{limited}/graphql", json={"query": LIGHT})
        assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60


def test_the_budget_counts_running_requests_and_names_the_wait() -> None:
    budget = QueryBudget(lambda *a: None, seconds_per_minute=10, max_running=8, window_s=60)  # type: ignore[arg-type]
    entry = budget._clients.setdefault("a", _Client())
    entry.spent.extend([(100.0, 4.0), (110.0, 5.0)])
    entry.running[1] = 118.0
    assert budget.used("a", 120.0) == pytest.approx(11.0)
    assert budget.retry_after("a", 120.0) == 40  # the first 4 s leave the window at 160
    assert budget.retry_after("b", 120.0) == 0
    assert budget.used("a", 161.0) == pytest.approx(5.0 + 43.0)  # the running one keeps counting
    assert budget.retry_after("a", 118.5) == 0  # 9.5 s used: under
