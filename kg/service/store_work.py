"""Store reads for /graphql: a few threads, a fair queue, and a deadline that frees them.

pyoxigraph cannot interrupt a query it is evaluating, and `asyncio.wait_for` around a thread
only stops the waiting: the default executor's threads keep evaluating abandoned queries while
new ones queue behind them, so one client's burst of heavy questions made everyone's light ones
time out. Here every store read of a request carries the request's deadline and client:

- a read still queued when its deadline passes is dropped, never started;
- a running read checks the deadline between solutions (`kg.store.READ_DEADLINE`) and stops;
  a read-model (SQLite) query is interrupted at it by a progress handler; only a single
  blocking step of pyoxigraph (a sort, a group, a count before its first solution) runs on past
  it, on one thread (README, "Time limits that free the work", says how long at 1M quads);
- at most `workers` reads run at once, and one client holds at most half of them, so another
  client's question always finds a thread within one step of a heavy read;
- the next read to run is the one of the client with the fewest running, so a burst from one
  address queues behind everyone else's questions, not in front of them;
- a read whose request gave up leaves the queue at once, and past `max_queued` reads waiting
  for one client its requests are refused at once (BUSY): nothing abandoned piles up.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import itertools
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graphql import GraphQLError

from kg.store import READ_DEADLINE, ReadTimeout

T = TypeVar("T")


@dataclass(frozen=True)
class Ticket:
    """Who a request's reads are for, and when they stop being worth doing (time.monotonic)."""

    client: str
    deadline: float
    work: StoreWork


TICKET: contextvars.ContextVar[Ticket | None] = contextvars.ContextVar("kg_store_ticket", default=None)


def timeout_error(seconds: float) -> GraphQLError:
    return GraphQLError(f"the request took longer than {seconds:g} s and was stopped", extensions={"code": "TIMEOUT"})


@dataclass
class _Job:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    ticket: Ticket
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop
    context: contextvars.Context
    order: int = 0
    abandoned: bool = field(default=False)


class StoreWork:
    def __init__(self, *, workers: int, max_queued: int, timeout_s: float) -> None:
        self.workers, self.max_queued, self.timeout_s = workers, max_queued, timeout_s
        self.per_client = max(1, workers // 2)
        self._cond = threading.Condition()
        self._queued: dict[str, list[_Job]] = {}
        self._running: dict[str, int] = {}
        self._order = itertools.count()
        self._threads: list[threading.Thread] = []
        self.dropped = 0  # reads whose deadline passed before they started

    @property
    def running(self) -> int:
        return sum(self._running.values())

    @property
    def queued(self) -> int:
        return sum(len(q) for q in self._queued.values())

    def ticket(self, client: str) -> Ticket:
        return Ticket(client, time.monotonic() + self.timeout_s, self)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        ticket = TICKET.get()
        if ticket is None or ticket.work is not self:
            ticket = self.ticket("")
        if time.monotonic() >= ticket.deadline:
            raise timeout_error(self.timeout_s)
        loop = asyncio.get_running_loop()
        job = _Job(fn, args, ticket, loop.create_future(), loop, contextvars.copy_context())
        job.future.add_done_callback(_retrieve)  # an abandoned read's error is nobody's to log
        with self._cond:
            if len(self._queued.get(ticket.client, ())) >= self.max_queued:
                raise GraphQLError(
                    f"this client has {self.max_queued} store reads waiting; retry shortly",
                    extensions={"code": "BUSY"},
                )
            job.order = next(self._order)
            self._queued.setdefault(ticket.client, []).append(job)
            if len(self._threads) < self.workers:
                thread = threading.Thread(target=self._work, name=f"store-read-{len(self._threads)}", daemon=True)
                self._threads.append(thread)
                thread.start()
            self._cond.notify()
        try:
            return await asyncio.wait_for(asyncio.shield(job.future), max(0.0, ticket.deadline - time.monotonic()))
        except TimeoutError:
            self._abandon(job)
            raise timeout_error(self.timeout_s) from None
        except asyncio.CancelledError:
            self._abandon(job)
            raise

    def _abandon(self, job: _Job) -> None:
        """Out of the queue at once if it has not started: a queue holds only wanted work."""
        with self._cond:
            job.abandoned = True
            jobs = self._queued.get(job.ticket.client)
            if jobs and job in jobs:
                jobs.remove(job)
                self.dropped += 1
                if not jobs:
                    del self._queued[job.ticket.client]

    def _next(self) -> _Job | None:
        """The oldest read of the client with the fewest running, within its share."""
        best: tuple[int, int, str] | None = None
        for client, jobs in self._queued.items():
            running = self._running.get(client, 0)
            if jobs and running < self.per_client:
                key = (running, jobs[0].order, client)
                best = key if best is None or key < best else best
        if best is None:
            return None
        jobs = self._queued[best[2]]
        job = jobs.pop(0)
        if not jobs:
            del self._queued[best[2]]
        return job

    def _work(self) -> None:
        while True:
            with self._cond:
                job = self._next()
                while job is None:
                    self._cond.wait()
                    job = self._next()
                if job.abandoned or time.monotonic() >= job.ticket.deadline:
                    self.dropped += 1
                    _hand_back(job, None, ReadTimeout("deadline passed"))
                    continue
                client = job.ticket.client
                self._running[client] = self._running.get(client, 0) + 1
            try:
                result, error = job.context.run(_run_until, job.ticket.deadline, job.fn, job.args), None
            except BaseException as exc:  # handed to the awaiting request, which reports it
                result, error = None, exc
            finally:
                with self._cond:
                    self._running[client] -= 1
                    if not self._running[client]:
                        del self._running[client]
                    self._cond.notify_all()
            _hand_back(job, result, error)


def _hand_back(job: _Job, result: Any, error: BaseException | None) -> None:
    """The answer to the request's event loop; a loop already closed (the server is stopping)
    has nobody waiting, and the thread must live on to serve the next read."""
    with contextlib.suppress(RuntimeError):
        job.loop.call_soon_threadsafe(_settle, job.future, result, error)


def _run_until(deadline: float, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    READ_DEADLINE.set(deadline)
    try:
        return fn(*args)
    except sqlite3.OperationalError as exc:  # the read model's progress handler stopped it
        if str(exc) == "interrupted" and time.monotonic() > deadline:
            raise ReadTimeout("the read model's query ran past its deadline") from exc
        raise


def _retrieve(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


async def read(fn: Callable[..., T], *args: Any) -> T:
    """A store read for the current request: through its StoreWork when it has one (a /graphql
    request), else in a plain thread (no request: a test or a script)."""
    ticket = TICKET.get()
    if ticket is None:
        return await asyncio.to_thread(fn, *args)
    try:
        return await ticket.work.call(fn, *args)
    except ReadTimeout:
        raise timeout_error(ticket.work.timeout_s) from None
