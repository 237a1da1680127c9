"""Worker processes that answer heavy /graphql queries over their own view of the store, and
can be killed.

Why processes: with heavy operations seated (kg/service/lanes.py) but run in the server, a
light question still took 0.1-0.6 s during a burst (benchmarks/RESULTS.md, "lanes"): the heavy
reads' Python (scoring hundreds of acts, building thousands of records) held the GIL that the
light question's read and the event loop need, and the heavy answers' resolution and encoding
held the event loop itself, in steps of 50-350 ms. A worker has its own GIL and its own loop,
runs at a lower CPU priority (nice 10, so the kernel gives the server's threads the CPU
first), and can be stopped: pyoxigraph cannot interrupt a query in-process, but a worker still
busy `KILL_GRACE_S` after its deadline is killed (SIGKILL) and replaced at once (workers are
forked from a fork server that has imported what they need).

A call is `fn(store, ...)` with the server's store given as SERVED (kg/service/heavy_operations.py
sends a whole operation so). Each worker opens the store read-only with its read model
(RocksDB replays the writer's log, so the view holds every write committed before it opened:
~20 ms at 1M quads) and reopens it when the server has written since (each call carries the
server's write count). Workers die with the server (the parent-death signal), so a killed
server leaves none behind.

Each worker may take `memory_bytes` of memory (RLIMIT_DATA: its heap and private mappings, close
to what it really holds; not the address space, which thread arenas inflate to several times
that): a read that needs more (a whole answer too big to build, or a scan over a view whose files
the writer's compaction removed, which can allocate gigabytes before it fails: benchmarks/RESULTS.md,
"issue 9 finished") fails an allocation, the worker exits (Python's MemoryError) or aborts (Rust's
and RocksDB's allocation failures), the call is refused with OverMemory and the worker replaced.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import itertools
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import structlog

from kg.errors import OverMemory

log = structlog.get_logger("kg.service")

KILL_GRACE_S = 0.25  # a worker may stop by itself (READ_DEADLINE) this long after the deadline
WORKER_NICE = 10
# A read-only view lists the store's files as they were when it opened; the writer's compactions
# delete some (RocksDB then fails the read, never answers wrongly), so a call is retried on a
# fresh view: under eight busy writers (tests/service/test_soak.py) one retry was not always enough.
VIEW_ATTEMPTS = 4
OVER_MEMORY_EXIT = 75  # a worker's exit status after a MemoryError (Rust and RocksDB abort: -SIGABRT)
RESPAWN_PAUSE_S = 1.0  # before replacing a worker that died before it was ready (it would again)


class ServedStore:
    """Stands for the server's store in a read sent to a worker: the worker's own view."""


SERVED = ServedStore()


@dataclass
class _Worker:
    process: Any  # multiprocessing.process.BaseProcess
    conn: Connection
    ready: bool = False
    job: int | None = None  # the read it is running
    busy_since: float = 0.0


@dataclass
class _Read:
    number: int
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    deadline: float
    future: asyncio.Future[Any]
    worker: _Worker | None = field(default=None)


class ReadProcesses:
    def __init__(self, store_path: str, *, workers: int, memory_bytes: int = 0) -> None:
        self.store_path, self.size, self.memory_bytes = store_path, workers, memory_bytes
        self.generation = 0  # the server's writes: a worker whose view is older reopens it
        self.killed = 0  # workers killed at a deadline (and replaced)
        self.over_memory = 0  # workers that ran out of memory under a call (and replaced)
        # Forked from a clean process that has imported what a worker needs (never from this
        # one, which holds RocksDB and threads): a worker killed at a deadline is replaced in
        # milliseconds, not the second a fresh interpreter takes to import.
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(
            ["kg.service.read_processes", "kg.answers", "kg.exposure_answers", "kg.store"]
        )
        self._workers: list[_Worker] = []
        self._queue: deque[_Read] = deque()
        self._numbers = itertools.count(1)
        self._running: dict[int, _Read] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    @property
    def busy(self) -> int:
        return sum(1 for w in self._workers if w.job is not None)

    @property
    def started(self) -> bool:
        return self._loop is not None and not self._closed

    @property
    def queued(self) -> int:
        return len(self._queue)

    def start(self) -> None:
        """On the server's event loop, whose thread answers the workers. The first start also
        starts the fork server, which exits when this process does (it reads a pipe from it)."""
        self._loop = asyncio.get_running_loop()
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve_reads,
            args=(self.store_path, child, os.getpid(), self.memory_bytes),
            name="kg-store-read",
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.append(worker)
        threading.Thread(target=self._listen, args=(worker,), name="kg-store-read-answers", daemon=True).start()

    def _listen(self, worker: _Worker) -> None:
        """Answers are unpickled here, off the event loop (a whole policyImpact's acts: ~2 MB)."""
        assert self._loop is not None
        while True:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):  # it exited: how, says its exit status (reaped here, off the loop)
                worker.process.join(5)
                message = ("exit", worker.process.exitcode, None)
            with contextlib.suppress(RuntimeError):  # the loop is closed: the server is stopping
                self._loop.call_soon_threadsafe(self._answered, worker, message)
            if message[0] == "exit":
                return

    async def call(self, fn: Callable[..., Any], args: tuple[Any, ...], deadline: float) -> Any:
        """fn(store, ...) in a worker; raises TimeoutError at the deadline, when the worker
        still running it is left KILL_GRACE_S to stop by itself before it is killed."""
        assert self._loop is not None
        read = _Read(next(self._numbers), fn, args, deadline, self._loop.create_future())
        self._queue.append(read)
        self._dispatch()
        try:
            return await asyncio.wait_for(asyncio.shield(read.future), max(0.0, deadline - time.monotonic()))
        except (TimeoutError, asyncio.CancelledError):
            if read in self._queue:
                self._queue.remove(read)
            elif read.worker is not None:
                self._loop.call_later(KILL_GRACE_S, self._kill_if_still, read.worker, read.number)
            read.future.cancel()
            raise

    def _dispatch(self) -> None:
        for worker in self._workers:
            if not self._queue:
                return
            if worker.ready and worker.job is None:
                read = self._queue.popleft()
                read.worker, worker.job, worker.busy_since = worker, read.number, time.monotonic()
                self._running[read.number] = read
                try:
                    worker.conn.send((read.number, self.generation, read.fn, read.args, read.deadline))
                except (OSError, ValueError):  # it died between reads: replaced by _answered
                    worker.job = None
                    self._queue.appendleft(read)

    def _answered(self, worker: _Worker, message: tuple[str, Any, Any]) -> None:
        kind, number, value = message
        if kind == "ready":
            worker.ready = True
        elif kind == "exit":
            if worker not in self._workers:  # closed by close()
                return
            self._workers.remove(worker)
            worker.conn.close()
            read = self._running.pop(worker.job, None) if worker.job is not None else None
            if read is not None and not read.future.done():
                read.future.set_exception(self._death(number))
            if worker.ready and not self._closed:
                self._spawn()
            elif not self._closed:  # it could not open the store (or start within its memory): no tight loop
                log.warning("a heavy-query worker process exited before it was ready", exit_status=number)
                assert self._loop is not None
                self._loop.call_later(RESPAWN_PAUSE_S, self._respawn)
        else:
            read = self._running.pop(number, None)
            worker.job = None
            if read is not None and not read.future.done():
                if kind == "ok":
                    read.future.set_result(value)
                else:
                    read.future.set_exception(value)
        self._dispatch()

    def _death(self, exit_status: int | None) -> Exception:
        """What a call is told when its worker died under it."""
        if self.memory_bytes and exit_status in (OVER_MEMORY_EXIT, -signal.SIGABRT):
            self.over_memory += 1
            mib = self.memory_bytes // 2**20
            return OverMemory(
                f"the query needed more than the {mib:,} MiB of memory a heavy query may take "
                "(KG_GRAPHQL_WORKER_MEMORY_MB) and was stopped: ask for less (smaller pages, fewer fields)"
            )
        return RuntimeError("the worker process exited under this call")

    def _respawn(self) -> None:
        if not self._closed:
            self._spawn()
            self._dispatch()

    def _kill_if_still(self, worker: _Worker, number: int) -> None:
        if worker.job == number and worker.process.is_alive():
            self.killed += 1
            os.kill(worker.process.pid, signal.SIGKILL)  # _listen sees the pipe close, then replaces it

    def mark_written(self) -> None:
        self.generation += 1

    def close(self) -> None:
        self._closed = True
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.process.kill()
            worker.process.join(5)
            worker.conn.close()
        self._workers = []


def _die_with_parent(server: int) -> None:
    """SIGKILL when the fork server dies, which it does when the server dies (it reads a pipe
    from the server and exits at its end)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    try:
        os.kill(server, 0)
    except ProcessLookupError:  # the server died before the signal was armed
        os._exit(1)


def _serve_reads(store_path: str, conn: Connection, server: int, memory_bytes: int) -> None:
    """A worker's life: open the store read-only, answer reads until the pipe closes. Out of
    memory it exits at once (OVER_MEMORY_EXIT): nothing it holds is worth keeping, and a
    fresh worker replaces it."""
    _die_with_parent(server)
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICE)
    from kg.store import READ_DEADLINE, EmbeddedStore, ReadTimeout, _vanished_file

    def view() -> EmbeddedStore:
        return EmbeddedStore(store_path, read_only=True)

    store, generation = view(), 0
    conn.send(("ready", None, None))
    while True:
        try:
            number, wanted, fn, args, deadline = conn.recv()
        except (EOFError, OSError):
            return
        READ_DEADLINE.set(deadline)
        try:
            if wanted != generation:
                store.close()
                store, generation = view(), wanted
            for attempt in range(1, VIEW_ATTEMPTS + 1):
                try:
                    value = fn(*(store if isinstance(a, ServedStore) else a for a in args))
                    break
                except (OSError, RuntimeError) as exc:
                    if not _vanished_file(exc, store_path) or attempt == VIEW_ATTEMPTS:
                        raise
                    store.close()
                    store = view()  # the writer compacted files this view listed: a fresh one
            answer = ("ok", number, value)
        except MemoryError:
            os._exit(OVER_MEMORY_EXIT)
        except Exception as exc:  # handed to the request, which reports it as it would in-process
            import sqlite3

            if isinstance(exc, sqlite3.OperationalError) and str(exc) == "interrupted":
                exc = ReadTimeout("the read model's query ran past its deadline")
            answer = ("error", number, exc)
        try:
            conn.send(answer)
        except OSError:  # the server is gone
            return
        except MemoryError:  # the answer's pickle did not fit
            os._exit(OVER_MEMORY_EXIT)
        except Exception as exc:  # an answer or error that does not pickle
            conn.send(("error", number, RuntimeError(f"{type(exc).__name__}: {exc}")))
