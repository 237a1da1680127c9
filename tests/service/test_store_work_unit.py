"""StoreWork on its own: who runs next, what is dropped at the deadline, what is refused."""

from __future__ import annotations

import asyncio
import time

import pytest
from graphql import GraphQLError

from kg.service.store_work import TICKET, StoreWork, read


def _run(work: StoreWork, calls: list[tuple[str, float, str]], timeout_s: float) -> tuple[list[str], dict[str, str]]:
    """Each call (client, seconds it sleeps, name) as a request of that client; the order the
    reads started in, and how each request ended."""
    started: list[str] = []

    def read(name: str, seconds: float) -> str:
        started.append(name)
        time.sleep(seconds)
        return name

    async def request(client: str, seconds: float, name: str) -> tuple[str, str]:
        TICKET.set(work.ticket(client))
        try:
            return name, await work.call(read, name, seconds)
        except GraphQLError as exc:
            return name, exc.extensions["code"]

    async def main() -> dict[str, str]:
        tasks = []
        for call in calls:
            tasks.append(asyncio.create_task(request(*call)))
            await asyncio.sleep(0.01)  # in this order
        return dict(await asyncio.gather(*tasks))

    work.timeout_s = timeout_s
    return started, asyncio.run(main())


def test_a_client_holds_half_the_threads_and_another_client_goes_first() -> None:
    work = StoreWork(workers=2, max_queued=10, timeout_s=3.0)
    calls = [("greedy", 0.3, "g1"), ("greedy", 0.3, "g2"), ("greedy", 0.3, "g3"), ("polite", 0.0, "p1")]
    started, ended = _run(work, calls, timeout_s=3.0)
    assert started == ["g1", "p1", "g2", "g3"]  # p1 took the free thread, g2 waited for g1's
    assert ended == {"g1": "g1", "g2": "g2", "g3": "g3", "p1": "p1"}


def test_a_read_still_queued_at_its_deadline_never_runs() -> None:
    work = StoreWork(workers=2, max_queued=10, timeout_s=0.25)
    calls = [("greedy", 0.4, "g1"), ("greedy", 0.4, "g2"), ("greedy", 0.4, "g3")]
    started, ended = _run(work, calls, timeout_s=0.25)
    assert started == ["g1"]  # one thread for one client; g2 and g3 left the queue at 0.25 s
    assert ended == {"g1": "TIMEOUT", "g2": "TIMEOUT", "g3": "TIMEOUT"}
    assert work.dropped == 2 and work.queued == 0


def test_past_its_queue_a_client_is_refused_at_once() -> None:
    work = StoreWork(workers=2, max_queued=1, timeout_s=3.0)
    calls = [("greedy", 0.2, "g1"), ("greedy", 0.0, "g2"), ("greedy", 0.0, "g3"), ("polite", 0.0, "p1")]
    started, ended = _run(work, calls, timeout_s=3.0)
    assert ended == {"g1": "g1", "g2": "g2", "g3": "BUSY", "p1": "p1"}
    assert started == ["g1", "p1", "g2"]


@pytest.mark.parametrize("workers", [1, 4])
def test_a_client_may_hold_half_the_threads_and_at_least_one(workers: int) -> None:
    assert StoreWork(workers=workers, max_queued=1, timeout_s=1).per_client == max(1, workers // 2)


# A query SQLite works on for seconds before its first row: a count over a 30-million-row series.
LONG_COUNT = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000000) SELECT COUNT(*) FROM n"


def test_a_read_model_query_is_interrupted_at_its_deadline_and_its_thread_freed(tmp_path) -> None:
    from kg.read_model import ReadModel

    model = ReadModel(tmp_path / "read-model.sqlite")
    work = StoreWork(workers=1, max_queued=4, timeout_s=0.3)

    def count() -> int:
        return model.reader().execute(LONG_COUNT).fetchone()[0]

    def quick() -> int:
        return model.reader().execute("SELECT 1").fetchone()[0]

    async def main() -> tuple[str, float, int]:
        TICKET.set(work.ticket("a"))
        start = time.monotonic()
        try:
            await read(count)
            code = "answered"
        except GraphQLError as exc:
            code = exc.extensions["code"]
        for _ in range(100):  # the one worker thread comes back from the interrupted count
            if work.running == 0:
                break
            await asyncio.sleep(0.01)
        freed = time.monotonic() - start
        TICKET.set(work.ticket("b"))
        return code, freed, await work.call(quick)

    code, freed, after = asyncio.run(main())
    assert code == "TIMEOUT"
    assert freed < 0.3 + 0.5  # the thread is free within moments of the deadline, not seconds
    assert after == 1  # and answers the next read
