"""Generated requests against the real app: GraphQL documents from the live schema
(hypothesis-graphql) and SPARQL requests built from the W3C SPARQL 1.1 syntax tests
(tests/service/fuzz_cases.py).

Every answer must be one the README documents: never a 5xx other than the time limit's 503,
never "Unexpected error.", and the store the same afterwards (no write count, the same dump).

How many: issue 9 asks for 10,000 generated operations per endpoint per CI run. Most are sent
to the app in this process, through httpx's ASGI transport: the same app object `kg serve` gives
uvicorn, over a real store on disk, its real SPARQL sidecar and heavy-query worker processes,
with the same settings; only the socket and uvicorn's HTTP parsing are left out (test_limits.py
and test_write_auth.py send raw bytes to a real uvicorn). The cases are generated in a process of
their own while the app answers (fuzz_cases.produce). A share goes through a real `kg serve`
(uvicorn) with hypothesis driving it directly. Default run: GraphQL 1,100 over uvicorn + 8,900
in process = 10,000 (a tenth of each share are mutations); SPARQL 1,000 + 9,000 = 10,000 generated, plus
the 148 W3C tests three ways. `-m slow` sends 10x the in-process share. Timings:
benchmarks/RESULTS.md, "issue 9 finished"."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import multiprocessing
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings

from kg.service.app import create_app
from kg.settings import Settings
from tests.conftest import run_kg
from tests.service.conftest import TOKEN, serving
from tests.service.fuzz_cases import (
    EXPECTED,
    FAST,
    TESTS,
    SparqlCase,
    expected,
    graphql_mutations,
    graphql_queries,
    produce,
    sparql_cases,
)

GENERATED_OK = {200, 400, 403, 406, 413, 415}  # 503 only when the time limit stopped the query
ENV = {
    "KG_PRODUCTION": "true",  # "Unexpected error." is what production says of a crash
    "KG_API_TOKENS": f'["{TOKEN}"]',  # writes are on; the fuzzer never has the token
    "KG_GRAPHQL_CACHE_ENTRIES": "0",  # every request is worked out, none answered from memory
    "KG_SPARQL_CACHE_ENTRIES": "0",
    "KG_SPARQL_TIMEOUT_S": "2",
    "KG_QUERY_SECONDS_PER_MINUTE": "100000",
    "KG_AUTH_FAILURES_PER_MINUTE": "100000",
}
IN_FLIGHT = 4  # in-process requests at once: a worker process's answer overlaps the next request
# Two clients, so that both heavy seats (one per client) and their worker processes are used.
CLIENTS = ("127.0.0.1", "127.0.0.2")
# Generated operations per default run: over uvicorn, then in process; issue 9's 10,000 each.
UVICORN_QUERIES, UVICORN_SPARQL = 1_000, 1_000
IN_PROCESS_QUERIES, IN_PROCESS_MUTATIONS, IN_PROCESS_SPARQL = 8_100, 800, 9_000


def dump_digest(store: Path) -> str:
    result = run_kg("export", "--store", str(store), "--format", "nquads")
    assert result.returncode == 0, result.stderr
    return hashlib.sha256(b"\n".join(sorted(result.stdout.encode().splitlines()))).hexdigest()


# ---- what a documented answer is -----------------------------------------------------------


def graphql_problem(status: int, body: dict | None, *, valid: bool, mutation: bool) -> str | None:
    """Why an answer to a generated document is not a documented one; None if it is."""
    if status != 200 or not isinstance(body, dict):
        return f"status {status}"
    if not set(body) <= {"data", "errors", "extensions"}:
        return f"keys {sorted(body)}"
    errors = body.get("errors") or []
    if "Unexpected error." in [e.get("message") for e in errors]:
        return "Unexpected error."
    if not valid and not errors:
        return "a document against the schema's rules was answered without a reason"
    # without a token, every write is refused unrun, whatever its arguments: for the token, or
    # for its price when what it asks back is over the cost limit (priced before anything runs)
    codes = [e.get("extensions", {}).get("code") for e in errors]
    if mutation and (codes not in (["UNAUTHENTICATED"], ["QUERY_TOO_COSTLY"]) or body.get("data") is not None):
        return f"a write without a token answered {body}"
    return None


def sparql_problem(status: int, text: str, case: SparqlCase) -> str | None:
    if status not in GENERATED_OK and not (status == 503 and "was stopped" in text):
        return f"status {status}: {text[:300]}"
    if case.text == case.test.text and case.accept in (None, "*/*") and status != expected(case.test):
        return f"{case.test.name} answered {status}, documented {expected(case.test)}"
    return None


def sparql_request(case: SparqlCase) -> dict:
    """httpx request arguments for a case: GET, form POST or direct POST, with its Accept."""
    headers = {"Accept": case.accept} if case.accept else {}
    if case.method == "GET":
        return {"method": "GET", "url": "/sparql", "params": {"query": case.text}, "headers": headers}
    if case.method == "form":
        return {"method": "POST", "url": "/sparql", "data": {"query": case.text}, "headers": headers}
    headers["Content-Type"] = "application/sparql-query"
    return {"method": "POST", "url": "/sparql", "content": case.text.encode("utf-8"), "headers": headers}


# ---- the share over a real `kg serve` (uvicorn) ----------------------------------------------


@dataclass
class Served:
    url: str
    http: httpx.Client


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, sample_store: Path) -> Iterator[Served]:
    store = tmp_path_factory.mktemp("fuzzed") / "kg"
    shutil.copytree(sample_store, store)
    before = dump_digest(store)
    with serving(store, ENV, store.parent) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield Served(url, http)
        assert http.get("/healthz").json()["writes"] == 0
    assert dump_digest(store) == before  # the store is unchanged after everything


SENT: dict[str, int] = {"graphql": 0, "sparql": 0}


def _ask_graphql(served: Served, document: str, *, valid: bool, mutation: bool) -> None:
    SENT["graphql"] += 1
    resp = served.http.post("/graphql", json={"query": document})
    try:
        body = resp.json()
    except ValueError:
        body = None
    problem = graphql_problem(resp.status_code, body, valid=valid, mutation=mutation)
    assert problem is None, (problem, document, resp.text[:500])


@pytest.mark.parametrize("queries", [UVICORN_QUERIES, pytest.param(10_000, marks=pytest.mark.slow)])
def test_generated_graphql_documents_get_documented_answers_over_uvicorn(served: Served, queries: int) -> None:
    sent = SENT["graphql"]

    @settings(FAST, max_examples=queries)
    @given(graphql_queries())
    def asks(case: tuple[str, bool]) -> None:
        _ask_graphql(served, case[0], valid=case[1], mutation=False)

    @settings(FAST, max_examples=queries // 10)
    @given(graphql_mutations())
    def writes(document: str) -> None:
        _ask_graphql(served, document, valid=True, mutation=True)

    asks()
    writes()
    assert SENT["graphql"] - sent == queries + queries // 10


def test_the_w3c_syntax_tests_are_vendored_whole() -> None:
    kinds = {kind: sum(t.kind == kind for t in TESTS) for kind in EXPECTED}
    assert kinds == {
        "PositiveSyntaxTest11": 63,
        "NegativeSyntaxTest11": 31,
        "PositiveUpdateSyntaxTest11": 41,
        "NegativeUpdateSyntaxTest11": 13,
    }


@pytest.mark.parametrize("method", ["GET", "form", "direct"])
def test_every_w3c_syntax_test_gets_its_documented_status(served: Served, method: str) -> None:
    got = {
        t.name: served.http.request(**sparql_request(SparqlCase(t, t.text, method, None))).status_code for t in TESTS
    }
    assert got == {t.name: expected(t) for t in TESTS}


@pytest.mark.parametrize("examples", [UVICORN_SPARQL, pytest.param(10_000, marks=pytest.mark.slow)])
def test_requests_built_from_the_w3c_syntax_tests_get_documented_answers_over_uvicorn(
    served: Served, examples: int
) -> None:
    sent = SENT["sparql"]

    @settings(FAST, max_examples=examples)
    @given(sparql_cases())
    def asks(case: SparqlCase) -> None:
        SENT["sparql"] += 1
        resp = served.http.request(**sparql_request(case))
        problem = sparql_problem(resp.status_code, resp.text, case)
        assert problem is None, (problem, case)

    asks()
    assert SENT["sparql"] - sent == examples


# ---- the bulk, in process: the same app object, without the socket ---------------------------


@pytest.fixture(scope="module")
def sample_digest(sample_store: Path) -> str:
    return dump_digest(sample_store)


@pytest.fixture()
def in_process(tmp_path: Path, sample_store: Path, sample_digest: str) -> Iterator[Settings]:
    """Settings for an app over a fresh copy of the sample store (one per test: the store is
    closed with its app, but RocksDB's lock goes only when the last reference to it does)."""
    store = tmp_path / "kg"
    shutil.copytree(sample_store, store)
    yield Settings(
        store=str(store),
        production=True,
        api_tokens=[TOKEN],
        graphql_cache_entries=0,
        sparql_cache_entries=0,
        sparql_timeout_s=2,
        query_seconds_per_minute=100000,
        auth_failures_per_minute=100000,
    )
    assert dump_digest(store) == sample_digest  # the store is unchanged after everything


@dataclass
class Tally:
    sent: dict[str, int]
    problems: list[tuple[str, str, object]]  # (problem, kind, case): every one, with its whole request
    writes: int


async def _fuzz_app(settings_: Settings, plan: list[tuple[str, int]], run_seed: int) -> Tally:
    """Sends every case the producer generates for `plan` to a fresh app over the store, at most
    IN_FLIGHT at once; what each answer was, and the write count the app ended with."""
    app = create_app(settings_)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue(maxsize=32)
    producer = context.Process(target=produce, args=(plan, run_seed, queue), daemon=True)
    tally = Tally({kind: 0 for kind, _ in plan}, [], -1)
    gate = asyncio.Semaphore(IN_FLIGHT)
    turns = itertools.count()

    async def send(http: httpx.AsyncClient, kind: str, case: object) -> None:
        async with gate:
            tally.sent[kind] += 1
            try:
                if kind == "sparql":
                    assert isinstance(case, SparqlCase)
                    resp = await http.request(**sparql_request(case))
                    problem = sparql_problem(resp.status_code, resp.text, case)
                else:
                    document, valid = case if kind == "query" else (case, True)
                    resp = await http.post("/graphql", json={"query": document})
                    try:
                        body = resp.json()
                    except ValueError:
                        body = None
                    problem = graphql_problem(resp.status_code, body, valid=valid, mutation=kind == "mutation")
            except Exception as exc:  # the app raised instead of answering: a crash
                problem = f"raised {type(exc).__name__}: {exc}"
            if problem:
                tally.problems.append((problem, kind, case))

    async with app.router.lifespan_context(app), contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app, client=(address, 50000)),
                    base_url="http://fuzz.test",
                    timeout=60,
                )
            )
            for address in CLIENTS
        ]
        producer.start()
        try:
            pending: set[asyncio.Task] = set()
            while (item := await asyncio.to_thread(queue.get, True, 300)) is not None:
                kind, batch = item
                for case in batch:
                    http = clients[next(turns) % len(clients)]
                    task = asyncio.create_task(send(http, kind, case))
                    pending.add(task)
                    task.add_done_callback(pending.discard)
                while len(pending) > 4 * IN_FLIGHT:  # keep the queue, not this loop, holding the rest
                    await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            if pending:
                await asyncio.wait(pending)
        finally:
            producer.join(30)
            if producer.is_alive():
                producer.kill()
        tally.writes = (await clients[0].get("/healthz")).json()["writes"]
    return tally


def _in_process_run(in_process: Settings, plan: list[tuple[str, int]]) -> Tally:
    run_seed = random.randrange(2**32)
    tally = asyncio.run(_fuzz_app(in_process, plan, run_seed))
    assert tally.problems == [], (f"seed {run_seed}", len(tally.problems), tally.problems[:5])
    assert tally.writes == 0
    return tally


def test_a_default_run_sends_ten_thousand_generated_operations_per_endpoint() -> None:
    """Each test pins the operations it sent; together, issue 9's count per endpoint."""
    graphql = UVICORN_QUERIES + UVICORN_QUERIES // 10 + IN_PROCESS_QUERIES + IN_PROCESS_MUTATIONS
    assert (graphql, UVICORN_SPARQL + IN_PROCESS_SPARQL) == (10_000, 10_000)


@pytest.mark.parametrize(
    ("queries", "mutations"),
    [(IN_PROCESS_QUERIES, IN_PROCESS_MUTATIONS), pytest.param(81_000, 8_000, marks=pytest.mark.slow)],
)
def test_generated_graphql_documents_get_documented_answers_in_process(
    in_process: Settings, queries: int, mutations: int
) -> None:
    plan = [("query", queries), ("mutation", mutations)]
    tally = _in_process_run(in_process, plan)
    assert tally.sent == dict(plan)  # every generated document was sent and answered


@pytest.mark.parametrize("examples", [IN_PROCESS_SPARQL, pytest.param(90_000, marks=pytest.mark.slow)])
def test_requests_built_from_the_w3c_syntax_tests_get_documented_answers_in_process(
    in_process: Settings, examples: int
) -> None:
    tally = _in_process_run(in_process, [("sparql", examples)])
    assert tally.sent == {"sparql": examples}
