"""Webhook deliveries: the outbox of kg/watch/storage.py, POSTed, signed, retried with back-off,
by a process of their own.

The sender runs in a child process at a lower priority (nice 10), not on the server's event
loop: a delivery costs ~1.2 ms of CPU (most of it httpx), and a burst of them there took the
GIL and the cores from the extraction of the next article (measured: POST /articles 1.4-2.2x
slower with 20 match-everything watchlists; benchmarks/RESULTS.md, watchlists). The child
finds new rows in the outbox on its own (it looks every 50 ms), and leaves when the server does,
even a killed one.

Each pending delivery gets one task, which tries, logs the try, and sleeps out its back-off
(`KG_WEBHOOK_BACKOFF_S` doubled after each failure) until a 2xx answer or
`KG_WEBHOOK_MAX_ATTEMPTS` tries. Each try is logged with the next try's time, so a restart
resumes each delivery where it stood; tries that finish together are logged in one commit
(measured: a delivery costs ~1.2 ms of CPU, a commit each would add a third). A receiver that
got a delivery whose log was not yet written, or whose answer was lost, gets it again: at least
once, with the same idempotency key (in the body and the X-KG-Delivery header) to tell.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import time
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import httpx
import structlog

from kg.settings import Settings
from kg.watch.signing import ATTEMPT_HEADER, DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from kg.watch.storage import Delivery, Try, WatchStorage

log = structlog.get_logger("kg.webhooks")
MAX_SENDING = 4  # POSTs in flight at once: a few keep-alive connections serve many deliveries


class WebhookSender:
    def __init__(self, storage: WatchStorage, settings: Settings) -> None:
        self.storage, self.settings = storage, settings
        self.client = httpx.AsyncClient(timeout=settings.webhook_timeout_s, follow_redirects=False)
        self.sending: dict[str, asyncio.Task[None]] = {}
        self.slots = asyncio.Semaphore(MAX_SENDING)
        self.woken = asyncio.Event()
        self.tries: list[Try] = []  # results not yet written: one commit for all that finished meanwhile
        self.tried = asyncio.Event()

    def wake(self) -> None:
        self.woken.set()

    async def run(self) -> None:
        """Starts a task per pending delivery not yet being sent; sleeps until new ones are filed."""
        writer = asyncio.create_task(self._write_tries())
        try:
            await self._start_due()
        finally:
            writer.cancel()

    async def _write_tries(self) -> None:
        while True:
            await self.tried.wait()
            self.tried.clear()
            tries, self.tries = self.tries, []
            await asyncio.to_thread(self.storage.attempted, tries)

    def _record(self, t: Try) -> None:
        self.tries.append(t)
        self.tried.set()

    async def _start_due(self) -> None:
        while True:
            self.woken.clear()
            for delivery in await asyncio.to_thread(self.storage.due, float("inf"), 10_000):
                if delivery.key not in self.sending:
                    self.sending[delivery.key] = asyncio.create_task(self._deliver(delivery))
            await self.woken.wait()

    def backoff_s(self, attempt: int) -> float:
        """The wait after the `attempt`-th failed try: the base, doubled each time, at most an hour."""
        return min(self.settings.webhook_backoff_s * 2 ** (attempt - 1), 3600.0)

    async def _deliver(self, d: Delivery) -> None:
        try:
            attempt, url, secret = d.attempts, d.webhook_url, d.secret
            wait = d.next_at - time.time()
            current = wait <= 0  # the watchlist's URL and secret were read with the row just now
            await asyncio.sleep(max(0.0, wait))
            while True:
                if not current:  # after a wait: is the watchlist still there, with the same URL?
                    wl = await asyncio.to_thread(self.storage.watchlist_by_id, d.watchlist)
                    if wl is None or not wl.webhook_url:
                        return  # deleted meanwhile: its log went with it
                    url, secret = wl.webhook_url, wl.secret
                current = False
                attempt += 1
                status_code, error = await self._post(url or "", secret, d, attempt)
                if status_code is not None and 200 <= status_code < 300:
                    self._record(Try(d.key, attempt, status_code, None, "delivered"))
                    return
                if attempt >= self.settings.webhook_max_attempts:
                    self._record(Try(d.key, attempt, status_code, error, "failed"))
                    log.warning("webhook gave up", key=d.key, attempts=attempt, error=error, status=status_code)
                    return
                wait = self.backoff_s(attempt)
                self._record(Try(d.key, attempt, status_code, error, "pending", time.time() + wait))
                await asyncio.sleep(wait)
        finally:
            self.sending.pop(d.key, None)

    async def _post(self, url: str, secret: str, d: Delivery, attempt: int) -> tuple[int | None, str | None]:
        body = d.payload.encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "regrisk-kg-webhooks",
            SIGNATURE_HEADER: sign(secret, timestamp, body),
            TIMESTAMP_HEADER: timestamp,
            DELIVERY_HEADER: d.key,
            ATTEMPT_HEADER: str(attempt),
        }
        async with self.slots:
            try:
                resp = await self.client.post(url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                return None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return resp.status_code, None if resp.is_success else f"HTTP {resp.status_code}"

    async def close(self) -> None:
        for task in list(self.sending.values()):
            task.cancel()
        await asyncio.gather(*self.sending.values(), return_exceptions=True)
        if self.tries:  # what finished since the last commit
            self.storage.attempted(self.tries)
            self.tries = []
        await self.client.aclose()


POLL_S = 0.05


async def drain_outbox(storage: WatchStorage, settings: Settings, parent: int) -> None:
    """The sender process's loop: wakes the sender when rows appear; stops on SIGTERM or when the
    server that started it is gone."""
    sender = WebhookSender(storage, settings)
    running = asyncio.create_task(sender.run())
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    seen = -1
    try:
        while not stop.is_set() and os.getppid() == parent:
            newest = await asyncio.to_thread(storage.newest_delivery)
            if newest != seen:
                seen = newest
                sender.wake()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), POLL_S)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await sender.close()
        storage.close()


def sender_main(path: str, settings: dict[str, Any], parent: int) -> None:
    with contextlib.suppress(OSError):
        os.nice(10)  # the write path first, when the cores are busy
    asyncio.run(drain_outbox(WatchStorage(Path(path)), Settings.model_construct(**settings), parent))


def start_sender(path: Path, settings: Settings) -> BaseProcess:
    """The sender process (spawned: the server's threads and event loop are not forked)."""
    ctx = multiprocessing.get_context("spawn")
    process = ctx.Process(
        target=sender_main, args=(str(path), settings.model_dump(), os.getpid()), name="kg-webhooks", daemon=True
    )
    process.start()
    return process


def stop_sender(process: BaseProcess) -> None:
    """SIGTERM, so the child logs the tries it made; killed if it does not go within 5 s."""
    process.terminate()
    process.join(5)
    if process.is_alive():
        process.kill()
        process.join(5)
