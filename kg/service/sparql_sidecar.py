"""A SPARQL engine that can be stopped: `oxigraph serve-read-only` over a checkpoint.

pyoxigraph's Python API cannot interrupt a running query (oxigraph#1926), and a read-only
open beside a writer is undefined behaviour. So /sparql queries a checkpoint of the embedded
store (`Store.backup`: hard links, ~2 ms) served by the `oxigraph` CLI with its own
`--timeout-s`. A write marks the checkpoint stale; the next query takes a fresh one first, so
a reader always sees what was written before it asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
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


def oxigraph_cli() -> str:
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise EngineError("the 'oxigraph' command (PyPI package 'oxigraph') is not installed")
    return found


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
        self._previous: _Generation | None = None
        self._lock = asyncio.Lock()
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(timeout_s + 5, connect=5))

    def mark_written(self) -> None:
        self.writes += 1

    async def url(self) -> str:
        if self._current is None or self._current.number != self.writes:
            async with self._lock:
                if self._current is None or self._current.number != self.writes:
                    await asyncio.to_thread(self._refresh, self.writes)
        assert self._current is not None
        return self._current.url

    def _refresh(self, number: int) -> None:
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
        )
        url = f"http://127.0.0.1:{port}/query"
        for _ in range(500):
            if process.poll() is not None:
                raise EngineError(f"oxigraph serve-read-only exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.05):
                    break
            except OSError:
                import time

                time.sleep(0.01)
        self._retire(self._previous)
        self._previous, self._current = self._current, _Generation(number, process, url, folder)

    @staticmethod
    def _retire(gen: _Generation | None) -> None:
        if gen is None:
            return
        gen.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            gen.process.wait(5)
        shutil.rmtree(gen.folder, ignore_errors=True)

    async def close(self) -> None:
        await self.http.aclose()
        for gen in (self._current, self._previous):
            self._retire(gen)
        self._current = self._previous = None
        with contextlib.suppress(OSError):
            self.root.rmdir()
