"""The heavy lane's seats (kg/service/lanes.py), the price that sorts operations into lanes, and
the worker processes that answer heavy queries (kg/service/read_processes.py)."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import answers, exposure_answers
from kg.service.graphql_view import build_schema
from kg.service.lanes import HeavyLane, Pricing
from kg.service.read_processes import SERVED, ReadProcesses
from kg.settings import Settings
from kg.store import EmbeddedStore


async def _hold(lane: HeavyLane, client: str, log: list[str], release: asyncio.Event) -> None:
    async with lane.seat(client):
        log.append(client)
        await release.wait()


def test_a_freed_seat_goes_to_the_waiting_client_with_fewest_seated_not_to_the_burst() -> None:
    async def scenario() -> list[str]:
        lane, log, release = HeavyLane(seats=2, per_client=1), [], asyncio.Event()
        first = [asyncio.create_task(_hold(lane, "burst", log, release)) for _ in range(3)]
        await asyncio.sleep(0)
        other = asyncio.create_task(_hold(lane, "other", log, release))
        await asyncio.sleep(0)
        assert (lane.seated, lane.waiting) == (2, 2)  # "burst" holds its one seat, "other" the second
        release.set()
        await asyncio.gather(*first, other)
        return log

    assert asyncio.run(scenario()) == ["burst", "other", "burst", "burst"]


def test_a_request_that_runs_out_of_time_waiting_leaves_the_queue_and_its_seat_goes_on() -> None:
    async def scenario() -> tuple[int, int, list[str]]:
        lane, log, release = HeavyLane(seats=1, per_client=1), [], asyncio.Event()
        holder = asyncio.create_task(_hold(lane, "a", log, release))
        await asyncio.sleep(0)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(_hold(lane, "b", log, release), 0.05)
        waiting_after_timeout = lane.waiting
        later = asyncio.create_task(_hold(lane, "c", log, release))
        await asyncio.sleep(0)
        release.set()
        await asyncio.gather(holder, later)
        return waiting_after_timeout, lane.seated, log

    assert asyncio.run(scenario()) == (0, 0, ["a", "c"])


def test_operations_are_priced_before_validation_and_a_broken_document_is_light() -> None:
    pricing = Pricing(build_schema(Settings())._schema, max_tokens=2000, max_page_size=100)
    assert pricing.price("{ articles(first: 1) { totalCount } }", None) == 2
    assert pricing.price("{ events(first: 5) { totalCount edges { node { type date } } } }", {}) == 26
    assert pricing.price('{ exposure(platform: "TikTok") { jurisdiction { label } status riskLevel } }', {}) == 81
    assert pricing.price("query($n: Int) { events(first: $n) { edges { node { type } } } }", {"n": 50}) == 151
    assert pricing.price("{ events(first: ", None) == 0  # strawberry refuses it, at the same small cost
    assert pricing.price(None, None) == 0


def slow_read(store: object, seconds: float) -> str:
    """A read that ignores its deadline, as one pyoxigraph step does."""
    time.sleep(seconds)
    return "late"


def crash(store: object) -> None:
    """A worker that dies under its call (a segfault, the OOM killer)."""
    os._exit(3)


def triples_in(store: EmbeddedStore, graph: str) -> int:
    return len(store.select(f"SELECT * WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))


def test_a_worker_answers_reads_over_its_own_view_and_is_killed_and_replaced_past_a_deadline(
    sample_store: Path, tmp_path: Path
) -> None:
    import shutil

    from kg.store import open_store

    store_path = tmp_path / "kg"
    shutil.copytree(sample_store, store_path)
    writer = open_store(str(store_path))  # the server's own open, as in `kg serve`
    expected = exposure_answers.exposure_scores(writer, "TikTok", None)

    graph = "https://w3id.org/regrisk/id/graph/test-lanes"
    quad = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"), ox.NamedNode(graph))

    async def scenario() -> tuple[list, str, int, list, list]:
        processes = ReadProcesses(str(store_path), workers=1)
        processes.start()
        try:
            far = time.monotonic() + 60
            before = await processes.call(triples_in, (SERVED, graph), far)
            writer.replace_article(graph, [quad])
            processes.mark_written()  # the server's on_write: the worker's view reopens
            after = await processes.call(triples_in, (SERVED, graph), far)
            found = await processes.call(exposure_answers.exposure_scores, (SERVED, "TikTok", None), far)
            with pytest.raises(TimeoutError):
                await processes.call(slow_read, (SERVED, 30.0), time.monotonic() + 0.2)
            await asyncio.sleep(0.5)  # past the grace: killed, and a new worker forked
            with pytest.raises(RuntimeError, match=r"^the worker process exited under this call$"):
                await processes.call(crash, (SERVED,), far)
            again = await processes.call(exposure_answers.exposure_scores, (SERVED, "TikTok", None), far)
            missing = await processes.call(answers.entities, (SERVED, ["https://example.org/nobody"]), far)
            pids = [w.process.pid for w in processes._workers]
            return [found, again], str(missing), processes.killed, pids, [before, after]
        finally:
            processes.close()

    (found, again), missing, killed, workers, seen = asyncio.run(scenario())
    writer.close()
    assert found == again == expected and missing == "{}"
    assert killed == 1 and len(workers) == 1
    assert seen == [0, 1]  # a write the server acknowledged is in the next read


def cross_sorted(store: EmbeddedStore) -> list:
    """A real read that runs away with memory: Oxigraph sorts every pair of the store's quads
    (15 million rows from the sample's 3,852; past 3 GiB) before it yields the first."""
    return store.select("SELECT ?c ?f WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f } } ORDER BY ?c ?f LIMIT 1")


def hoard(store: object, mib: int) -> int:
    """A read whose Python answer outgrows the worker (a whole answer too big to build)."""
    return len([bytes(2**20) for _ in range(mib)])


OVER_MEMORY = (
    r"^the query needed more than the 512 MiB of memory a heavy query may take \(KG_GRAPHQL_WORKER_MEMORY_MB\) "
    r"and was stopped: ask for less \(smaller pages, fewer fields\)$"
)


def test_a_read_over_the_workers_memory_is_refused_and_the_worker_replaced(sample_store: Path, tmp_path: Path) -> None:
    """Oxigraph's allocation failure aborts the worker (Rust), Python's raises MemoryError in it:
    either way the call gets OverMemory (413, QUERY_OVER_MEMORY), not a crash, and the next call
    is answered by a fresh worker. Without the limit the first read grows past 3 GiB."""
    import shutil

    from kg.errors import OverMemory

    store_path = tmp_path / "kg"
    shutil.copytree(sample_store, store_path)
    view = EmbeddedStore(store_path, read_only=True)
    expected = exposure_answers.exposure_scores(view, "TikTok", None)
    view.close()

    async def scenario() -> tuple[list[int], list, int, int, int]:
        processes = ReadProcesses(str(store_path), workers=1, memory_bytes=512 * 2**20)
        processes.start()
        try:
            far = time.monotonic() + 60
            pids = [await processes.call(_pid, (SERVED,), far)]
            with pytest.raises(OverMemory, match=OVER_MEMORY):
                await processes.call(cross_sorted, (SERVED,), far)
            pids.append(await processes.call(_pid, (SERVED,), far))
            with pytest.raises(OverMemory, match=OVER_MEMORY):
                await processes.call(hoard, (SERVED, 1024), far)
            pids.append(await processes.call(_pid, (SERVED,), far))
            found = await processes.call(exposure_answers.exposure_scores, (SERVED, "TikTok", None), far)
            small = await processes.call(hoard, (SERVED, 64), far)  # within the limit: answered
            return pids, found, small, processes.over_memory, len(processes._workers)
        finally:
            processes.close()

    pids, found, small, over_memory, workers = asyncio.run(scenario())
    assert found == expected and small == 64
    assert over_memory == 2 and workers == 1 and len(set(pids)) == 3  # each refusal: a new worker


def _pid(store: object) -> int:
    return os.getpid()


def test_a_worker_that_cannot_start_is_replaced_after_a_pause_not_in_a_loop(sample_store: Path) -> None:
    """A limit too small to open the store in (1 MiB): each worker dies before it is ready; it is
    replaced once a second (RESPAWN_PAUSE_S), not as fast as the fork server can fork, and a call
    meanwhile ends at its deadline."""

    class Counted(ReadProcesses):
        spawned = 0

        def _spawn(self) -> None:
            self.spawned += 1
            super()._spawn()

    async def scenario() -> int:
        processes = Counted(str(sample_store), workers=1, memory_bytes=2**20)
        processes.start()
        try:
            with pytest.raises(TimeoutError):
                await processes.call(_pid, (SERVED,), time.monotonic() + 2.5)
            return processes.spawned
        finally:
            processes.close()

    assert asyncio.run(scenario()) in (2, 3, 4)  # the first, then one a second (a loop: hundreds)


class CompactedView:
    """A read-only view whose files the writer's compaction removed. A fake: a real compaction
    cannot be made to remove a file at a chosen moment; RocksDB's own words are used."""

    def __init__(self, folder: Path) -> None:
        self.location = str(folder)
        (folder / "CURRENT").write_text("MANIFEST-000001\n")

    def questions_model(self) -> None:
        return None

    def select(self, sparql: str) -> list:
        raise FileNotFoundError(
            f"IO error: No such file or directory: While open a file for random read: {self.location}/000058.sst"
        )


def test_a_query_that_met_a_compacted_view_is_raised_for_a_retry_not_answered_as_a_crash(tmp_path: Path) -> None:
    from kg.service.heavy_operations import answer_in_worker

    settings = Settings(production=True)  # where a crash is masked as "Unexpected error."
    with pytest.raises(FileNotFoundError, match="No such file or directory"):
        answer_in_worker(CompactedView(tmp_path), settings, '{ exposure(platform: "TikTok") { score } }', None, None)


# A writer that does to the store's files what a busy server does: one transaction per write, a
# flush after each (the SPARQL sidecar flushes before every checkpoint); RocksDB then compacts
# in the background and deletes the files a read-only view opened earlier still lists.
COMPACTING_WRITER = """
import sys, time
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
for k in range(int(sys.argv[2]), int(sys.argv[3])):
    quads = " ".join(f'<urn:s:{k}:{i}> <urn:p:{i % 7}> "{k} {i}" .' for i in range(300))
    store.update(f"INSERT DATA {{ GRAPH <urn:g:{k}> {{ {quads} }} }}")
    store.flush()
time.sleep(2)  # the background compaction that follows the last flushes
"""


def _write(path: Path, first: int, last: int) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", COMPACTING_WRITER, str(path), str(first), str(last)], check=True)


def one_subject(store: EmbeddedStore, graph: str, value: str) -> list[str]:
    """A read that looks up one triple's files: a scan over a view whose files vanished can run
    RocksDB out of memory rather than fail (benchmarks/RESULTS.md, "issue 9 finished")."""
    return [row["s"] for row in store.select(f'SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p "{value}" }} }}')]


def test_a_read_that_meets_files_a_real_compaction_removed_is_answered_on_a_fresh_view(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    _write(path, 0, 40)  # 40 flushes: a few hundred files, which a read-only view opens lazily

    async def scenario() -> list[str]:
        processes = ReadProcesses(str(path), workers=1)
        processes.start()  # the worker opens its view now
        try:
            old_view = EmbeddedStore(path, read_only=True)  # a view of the same moment, to show the files went
            await asyncio.to_thread(_write, path, 40, 50)  # RocksDB compacts and deletes files both views list
            with pytest.raises(FileNotFoundError, match=r"No such file or directory: While open a file for random"):
                one_subject(old_view, "urn:g:3", "3 7")
            # the worker's view is as old, and it was told of no write (mark_written): it meets the
            # same missing file, opens a fresh view and answers there
            return await processes.call(one_subject, (SERVED, "urn:g:3", "3 7"), time.monotonic() + 60)
        finally:
            processes.close()

    assert asyncio.run(scenario()) == ["urn:s:3:7"]
