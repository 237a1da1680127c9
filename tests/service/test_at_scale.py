"""Issue 9's two load bars as tests, on a real `kg serve`: a light question beside a burst of heavy
ones, and `/healthz` and a light question beside a flood of trickling connections and clients
over their query-time budget.

At full scale (`-m slow`) each runs as issue 9 states it, on a store of about a million quads
that benchmarks/graphgen.py generates and benchmarks/questions_vs_sparql.py builds (once, then
reused from KG_BENCH_DIR, default /tmp/regrisk-bench; the tests serve a copy, never the cached
store itself). The default run carries the same scenarios and the same assertions at a smaller
scale, on the sample articles' store: the burst and the 1 s limit are the same, the flood has 200
tricklers instead of 2,000 and 4 greedy clients instead of 20, with a smaller budget so that they
are over it within seconds. Figures measured at full scale: benchmarks/RESULTS.md, 2026-11-27.

Clients are told apart by address: loopback answers on all of 127/8, so each client binds its
socket to its own address.
"""

from __future__ import annotations

import asyncio
import json
import math
import multiprocessing
import re
import shutil
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from tests.service.bursts import client, heavy
from tests.service.conftest import serving

LIGHT = "{ events(first: 5) { totalCount edges { node { type date } } } }"  # priced 26: the light lane
LIMIT_S = 1.0  # KG_GRAPHQL_TIMEOUT_S in both scenarios, as issue 9 states it
MILLION = 1_000_000


@dataclass(frozen=True)
class Scale:
    name: str
    tricklers: int
    greedy: int
    budget_s: float  # KG_QUERY_SECONDS_PER_MINUTE in the flood


def whole_answers(n: int) -> str:
    """Whole `policyImpact` and `exposure` answers (2.8 s and 1.5 s alone at 1M quads), as
    benchmarks/heavy_burst.py asks them."""
    if n % 2:
        return (
            f'{{ h{n}: policyImpact(instrument: "Digital Services Act") {{ instrument {{ label }} '
            "actions { id type date } affected { label } responses { id type } consequences { id type } } }"
        )
    fields = "jurisdiction { label } status riskLevel reasons { text }"
    return f'{{ h{n}: exposure(platform: "TikTok") {{ {fields} }} }}'


BURST = [whole_answers(n) for n in range(48)]  # each a distinct document: no cache helps
SAMPLE = Scale("sample", tricklers=200, greedy=4, budget_s=3.0)
FULL = Scale("1M quads", tricklers=2000, greedy=20, budget_s=20.0)


@pytest.fixture(scope="module")
def million_quads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the generated 1M-quad store (its read model inside)."""
    from benchmarks.questions_vs_sparql import store_for

    copy = tmp_path_factory.mktemp("million") / "kg"
    shutil.copytree(store_for(MILLION), copy)
    return copy


def store_for_scale(scale: Scale, request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if scale is FULL:
        return request.getfixturevalue("million_quads")
    store = tmp_path / "kg"
    shutil.copytree(request.getfixturevalue("sample_store"), store)
    return store


def p99(values: list[float]) -> float:
    """Nearest rank: the smallest value at least 99% of the values are at or under."""
    ordered = sorted(values)
    return ordered[math.ceil(0.99 * len(ordered)) - 1]


# --- A light question beside 48 heavy ones ----------------------------------------------------


def ask_light(url: str, conn: Connection) -> None:
    """The light client, in a process of its own (a thread would wait for the burst's threads'
    GIL), every 20 ms until told to stop: sends back (when it asked, ms, body) for each."""
    answers = []
    with client("127.0.0.3", timeout=60) as http:
        while not conn.poll():
            start = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process
            body = http.post(f"{url}/graphql", json={"query": LIGHT}).json()
            answers.append((start, (time.monotonic() - start) * 1000, body))
            time.sleep(0.02)
    conn.send(answers)


@dataclass
class Burst:
    light: list[tuple[float, float, dict]]  # (when, ms, body)
    expected: dict
    heavy: list[tuple[float, str]]  # (when answered, answer or error code)
    busy: list[float]  # when /healthz saw heavy work seated, waiting, running or queued
    started: float


async def _ask_at_once(port: int, questions: list[str]) -> tuple[float, list[tuple[float, str]]]:
    """Each question on its own connection from 127.0.0.2, connected first, then all sent at
    once as pre-encoded bytes: on 2 cores, 48 httpx clients' Python as the burst began took the
    CPU the server needed (the load generator measured itself). Returns when the burst was sent
    and (when answered, answer or error code) for each."""
    requests = []
    for question in questions:
        body = json.dumps({"query": question}).encode()
        head = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        requests.append(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
    connections = [await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.2", 0)) for _ in questions]
    await asyncio.sleep(0.5)  # the accepts are done (the header deadline, 5 s, runs from here)

    async def answer(reader: asyncio.StreamReader) -> tuple[float, str]:
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
        body = json.loads(await reader.readexactly(length))
        return time.monotonic(), body["errors"][0]["extensions"]["code"] if "errors" in body else "answered"

    started = time.monotonic()
    for (_, writer), request in zip(connections, requests, strict=True):
        writer.write(request)
    answers = await asyncio.gather(*(answer(reader) for reader, _ in connections))
    for _, writer in connections:
        writer.close()
    return started, list(answers)


def burst(url: str, questions: list[str]) -> Burst:
    """3 s of the light question alone, the burst (all at once from 127.0.0.2), 5 s after its
    last answer; /healthz polled every 50 ms for heavy work throughout."""
    with client("127.0.0.3") as http:
        expected = http.post(f"{url}/graphql", json={"query": LIGHT}).json()
    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe()
    light = context.Process(target=ask_light, args=(url, theirs))
    light.start()
    busy: list[float] = []
    polling = threading.Event()

    def poll() -> None:
        with client("127.0.0.4", timeout=10) as http:
            while not polling.is_set():
                lane = http.get(f"{url}/healthz").json()["heavy_lane"]
                if any(lane[k] for k in ("seated", "waiting", "reads_running", "reads_queued")):
                    busy.append(time.monotonic())
                time.sleep(0.05)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(2.5)
    started, answers = asyncio.run(_ask_at_once(int(url.rsplit(":", 1)[1]), questions))
    time.sleep(5)
    polling.set()
    poller.join(30)
    mine.send("stop")
    seen = mine.recv()
    light.join(30)
    return Burst(seen, expected, answers, busy, started)


@pytest.mark.parametrize("scale", [SAMPLE, pytest.param(FULL, marks=pytest.mark.slow)], ids=lambda s: s.name)
def test_a_light_question_stays_under_200_ms_beside_48_heavy_ones_and_their_work_ends_with_their_limit(
    scale: Scale, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Issue 9: 48 concurrent heavy questions with a 1 s limit, from one client: another client's
    light question keeps its p99 under 200 ms during the burst and after it, and no heavy work is
    running or waiting 2 s after the burst's limit (its last answer). The heavy client may run all
    48 at once (no per-client cap, no budget): what is tested is the lanes and the workers.

    Sensitive to load: the server's event loop admits the 48 requests at once (read, priced,
    seated: a few ms each), and on a machine running four times its cores the light answer that
    arrives with them waited 250-300 ms in about one run in six; rerun it alone before concluding."""
    env = {
        "KG_GRAPHQL_TIMEOUT_S": str(LIMIT_S),
        "KG_GRAPHQL_CACHE_ENTRIES": "0",
        "KG_SPARQL_CACHE_ENTRIES": "0",
        "KG_CLIENT_MAX_CONCURRENT_QUERIES": "64",
        "KG_QUERY_SECONDS_PER_MINUTE": "100000",
        "KG_GRAPHQL_MAX_COST": "1000000",  # the sample's heavy question is priced at 87,030
    }
    store = store_for_scale(scale, request, tmp_path)
    with serving(store, env, tmp_path) as url:
        seen = burst(url, BURST)

    last_answer = max(when for when, _ in seen.heavy)
    during = [ms for when, ms, _ in seen.light if seen.started <= when < last_answer]
    after = [ms for when, ms, _ in seen.light if when >= last_answer]
    figures = f"{scale.name}: light p99 during {p99(during):.0f} ms (n={len(during)}), after {p99(after):.0f} ms"
    last_busy = max(seen.busy, default=seen.started) - last_answer
    codes = {code: sum(1 for _, c in seen.heavy if c == code) for _, code in seen.heavy}
    print(f"\n{figures} (n={len(after)}); heavy answers {codes}; heavy work seen until {last_busy:+.2f} s after")
    assert [body for _, _, body in seen.light if body != seen.expected] == []
    assert len(seen.heavy) == 48 and {code for _, code in seen.heavy} <= {"answered", "TIMEOUT"}
    assert len(during) >= 10 and p99(during) < 200, figures
    assert len(after) >= 50 and p99(after) < 200, figures
    assert [round(when - last_answer, 2) for when in seen.busy if when > last_answer + 2.0] == []


# --- /healthz and a light question beside 2,000 tricklers and 20 clients over budget ------------


async def _trickle(port: int, cut_after: list[float], refused: list[int]) -> None:
    """A request line, then a header line every 2 s, never the end of the head."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        refused.append(port)
        return
    start = time.monotonic()  # connected: the server's header deadline runs from here
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        await writer.drain()
        for n in range(30):
            try:
                await asyncio.wait_for(reader.read(1024), timeout=2.0)
                break  # an answer (408, 400, 431) or the close: cut either way
            except TimeoutError:
                writer.write(f"X-Trickle-{n}: {'v' * 10}\r\n".encode())
                await writer.drain()
    except OSError:
        pass  # reset by the server: cut
    finally:
        cut_after.append(time.monotonic() - start)
        writer.close()


def trickle(port: int, count: int, cut_after: list[float], refused: list[int]) -> None:
    async def all_of_them() -> None:
        await asyncio.gather(*(_trickle(port, cut_after, refused) for _ in range(count)))

    asyncio.run(all_of_them())


@dataclass
class Flood:
    timings: dict[str, list[float]]
    statuses: dict[str, dict[int, int]]
    cut_after: list[float]
    refused: list[int]
    over_budget: int


def flood(url: str, scale: Scale, seconds: float) -> Flood:
    """The greedy clients ask until each is over its budget (429), then the tricklers connect
    while the greedy clients keep asking; the watcher (its own address, well inside its budget)
    asks /healthz and the light question every 0.2 s and is timed for `seconds`."""
    stop, measuring = threading.Event(), threading.Event()
    over_budget: set[int] = set()
    timings: dict[str, list[float]] = {"healthz": [], "light": []}
    statuses: dict[str, dict[int, int]] = {"healthz": {}, "light": {}, "greedy": {}}
    cut_after: list[float] = []
    refused: list[int] = []

    def note(kind: str, status: int) -> None:
        statuses[kind][status] = statuses[kind].get(status, 0) + 1

    def watch() -> None:
        with client("127.0.0.3") as http:
            while not stop.is_set():
                for kind in ("healthz", "light"):
                    start = time.monotonic()
                    if kind == "healthz":
                        status = http.get(f"{url}/healthz").status_code
                    else:
                        status = http.post(f"{url}/graphql", json={"query": LIGHT}).status_code
                    if measuring.is_set():
                        timings[kind].append((time.monotonic() - start) * 1000)
                        note(kind, status)
                time.sleep(0.2)

    def greedy(n: int) -> None:
        with client(f"127.0.1.{n + 1}") as http:
            i = 0
            while not stop.is_set():
                status = http.post(f"{url}/graphql", json={"query": heavy(1000 * n + i)}).status_code
                if status == 429:
                    over_budget.add(n)
                if measuring.is_set():
                    note("greedy", status)
                i += 1
                time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    watcher.start()  # from the start, unmeasured: its connection is open when the flood comes
    clients = [threading.Thread(target=greedy, args=(n,)) for n in range(scale.greedy)]
    for thread in clients:
        thread.start()
    warm = time.monotonic()
    while len(over_budget) < scale.greedy and time.monotonic() - warm < 120:
        time.sleep(0.2)
    measuring.set()
    port = int(url.rsplit(":", 1)[1])
    tricklers = threading.Thread(target=trickle, args=(port, scale.tricklers, cut_after, refused))
    tricklers.start()
    time.sleep(seconds)
    stop.set()
    for thread in [watcher, *clients]:
        thread.join(60)
    tricklers.join(90)
    return Flood(timings, statuses, cut_after, refused, len(over_budget))


@pytest.mark.parametrize("scale", [SAMPLE, pytest.param(FULL, marks=pytest.mark.slow)], ids=lambda s: s.name)
def test_healthz_and_a_light_question_stay_under_100_ms_beside_tricklers_and_clients_over_budget(
    scale: Scale, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Issue 9: 2,000 connections trickling their headers plus 20 clients over their query-time
    budget: `/healthz` and a light question keep their p99 under 100 ms, and every trickler is cut
    within 10 s of connecting (KG_HEADER_TIMEOUT_S, 5 s by default). The greedy clients' question
    runs to its 1 s limit; past their budget each is refused (429) at once."""
    env = {
        "KG_GRAPHQL_TIMEOUT_S": str(LIMIT_S),
        "KG_QUERY_SECONDS_PER_MINUTE": str(scale.budget_s),
        "KG_GRAPHQL_MAX_COST": "1000000",  # the greedy question must run to its limit, not be priced out
        "KG_GRAPHQL_CACHE_ENTRIES": "0",
    }
    store = store_for_scale(scale, request, tmp_path)
    with serving(store, env, tmp_path) as url:
        seen = flood(url, scale, seconds=20 if scale is FULL else 12)

    healthz, light = seen.timings["healthz"], seen.timings["light"]
    figures = (
        f"{scale.name}: /healthz p99 {p99(healthz):.1f} ms, light p99 {p99(light):.1f} ms (n={len(light)}); "
        f"tricklers cut after at most {max(seen.cut_after):.1f} s; statuses {seen.statuses}"
    )
    medians = {kind: sorted(values)[len(values) // 2] for kind, values in seen.timings.items()}
    print(f"\np50 {medians}; tricklers cut after median {sorted(seen.cut_after)[len(seen.cut_after) // 2]:.1f} s")
    print(f"\n{figures}")  # with -s
    assert seen.over_budget == scale.greedy
    assert seen.statuses["healthz"] == {200: len(healthz)} and seen.statuses["light"] == {200: len(light)}
    assert set(seen.statuses["greedy"]) == {429}
    assert len(light) >= 40 and p99(healthz) < 100 and p99(light) < 100, figures
    assert (len(seen.cut_after), seen.refused) == (scale.tricklers, [])
    assert max(seen.cut_after) < 10, figures
