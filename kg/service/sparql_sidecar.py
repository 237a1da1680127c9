"""A SPARQL engine that can be stopped: `oxigraph serve-read-only` over a checkpoint.

pyoxigraph's Python API cannot interrupt a running query (oxigraph#1926), and a read-only
open beside a writer is undefined behaviour. So /sparql queries a checkpoint of the embedded
store (`Store.backup`: hard links, ~2 ms) served by the `oxigraph` CLI with its own
`--timeout-s`. A write marks the checkpoint stale; the next query takes a fresh one first, so
a reader always sees what was written before it asked.

A query leases the generation it was given (`async with engine.lease() as url`): an old
generation is stopped only once no query holds it, so a query in flight while writes swap the
engine under it still gets its answer.

A killed server (kill -9, OOM) cannot stop its sidecars nor remove their checkpoints, so:
each sidecar is started with the Linux parent-death signal (prctl PR_SET_PDEATHSIG = SIGKILL,
set through ctypes between fork and exec), and a new engine removes every checkpoint folder
it finds: it holds the store's lock, so no other server can be using them. The kernel sends
that signal when the *thread* that forked the child ends, not the process, so every sidecar
is forked from one thread the engine owns for its whole life.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from kg.store import EmbeddedStore


class EngineError(RuntimeError):
    """The query engine could not be started."""


@dataclass
class _Generation:
    number: int
    process: subprocess.Popen
    url: str
    folder: Path
    users: int = 0  # queries holding a lease on it
    retired: bool = False  # superseded: stopped when its last user is done


def oxigraph_cli() -> str:
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise EngineError("the 'oxigraph' command (PyPI package 'oxigraph') is not installed")
    return found


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> Callable[[], None] | None:
    """A preexec_fn that makes the child get SIGKILL when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def preexec() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return preexec


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CheckpointEngine:
    def __init__(self, store: EmbeddedStore, timeout_s: float) -> None:
        self.store, self.timeout_s = store, timeout_s
        self.root = Path(f"{store.location.rstrip('/')}.sparql-checkpoints")
        self.writes = 0
        self._current: _Generation | None = None
        self._old: list[_Generation] = []  # superseded generations some query still holds
        self._lock = asyncio.Lock()
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(timeout_s + 5, connect=5))
        # the one thread that forks sidecars: their parent-death signal is tied to it
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sparql-sidecar")
        self.swept = sweep_checkpoints(self.root)

    async def _in_spawner(self, fn: Callable[..., object], *args: object) -> object:
        return await asyncio.get_running_loop().run_in_executor(self._spawner, fn, *args)

    def mark_written(self) -> None:
        self.writes += 1

    async def url(self) -> str:
        """The current generation's URL (unleased: for a caller that holds no query open)."""
        return (await self._fresh()).url

    async def _fresh(self) -> _Generation:
        if self._current is None or self._current.number != self.writes:
            async with self._lock:
                if self._current is None or self._current.number != self.writes:
                    new = await self._in_spawner(self._start, self.writes)
                    assert isinstance(new, _Generation)
                    # swapped here, on the event loop, where leases are counted: no lease is
                    # taken between the check of `users` and the stop
                    old, self._current = self._current, new
                    if old is not None:
                        old.retired = True
                        if old.users == 0:
                            await self._in_spawner(self._stop, old)
                        else:
                            self._old.append(old)  # stopped by the last lease holder
        assert self._current is not None
        return self._current

    @contextlib.asynccontextmanager
    async def lease(self) -> AsyncIterator[str]:
        """The URL of a fresh generation, kept running until the caller is done with it."""
        gen = await self._fresh()
        gen.users += 1
        try:
            yield gen.url
        finally:
            gen.users -= 1
            if gen.retired and gen.users == 0 and gen in self._old:
                self._old.remove(gen)
                await self._in_spawner(self._stop, gen)

    def _start(self, number: int) -> _Generation:
        folder = self.root / f"gen-{number}-{os.getpid()}"
        if folder.exists():
            shutil.rmtree(folder)
        self.root.mkdir(parents=True, exist_ok=True)
        self.store._store.flush()
        self.store._store.backup(str(folder))
        port = _free_port()
        process = subprocess.Popen(
            [
                oxigraph_cli(),
                "serve-read-only",
                "--location",
                str(folder),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout-s",
                str(max(1, round(self.timeout_s))),
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent(os.getpid()),  # one ctypes call in the child: takes no lock
        )
        url = f"http://127.0.0.1:{port}/query"
        for _ in range(500):
            if process.poll() is not None:
                raise EngineError(f"oxigraph serve-read-only exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.05):
                    break
            except OSError:
                time.sleep(0.01)
        return _Generation(number, process, url, folder)

    @staticmethod
    def _stop(gen: _Generation) -> None:
        gen.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            gen.process.wait(5)
        shutil.rmtree(gen.folder, ignore_errors=True)

    async def close(self) -> None:
        await self.http.aclose()
        for gen in [*self._old, *([self._current] if self._current else [])]:
            self._stop(gen)
        self._current, self._old = None, []
        self._spawner.shutdown(wait=True)
        with contextlib.suppress(OSError):
            self.root.rmdir()


def sweep_checkpoints(root: Path) -> list[str]:
    """Removes the checkpoint folders a killed server left; the names of those removed.

    Called by an engine whose process holds the store open for writing, so no live server
    serves any of them."""
    if not root.is_dir():
        return []
    removed = sorted(p.name for p in root.iterdir())
    for name in removed:
        path = root / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed
