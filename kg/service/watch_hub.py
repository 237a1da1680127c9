"""The service's side of watchlists: it sees every write, matches new events after the commit,
files webhook deliveries, and feeds the open subscriptions.

The write path pays two small SQLite commits and one SPARQL lookup per article (in the store's
writer thread, so "new" is judged before the next write); matching and building the payloads
run on the event loop afterwards, and webhooks are sent by a process of their own
(kg/service/webhooks.py). See kg/watch/ for the stages.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import structlog

from kg.service.webhooks import start_sender, stop_sender
from kg.settings import Settings
from kg.store import EmbeddedStore, Store
from kg.watch.matching import EventFacts, Filter, event_facts, recover
from kg.watch.storage import Watchlist, WatchStorage, delivery_key, path_for
from kg.watch.watched_store import WatchedStore

log = structlog.get_logger("kg.watch")
LIVE = "live"  # the idempotency-key namespace of a subscription that follows a filter, not a watchlist


@dataclass(frozen=True)
class Notification:
    """One message of a subscription: a new real-world event, for a watchlist or a live filter."""

    key: str
    watchlist: str | None
    event: EventFacts
    payload: dict[str, Any]


@dataclass(eq=False)
class Subscriber:
    filter: Filter
    watchlist: str | None = None
    queue: asyncio.Queue[Notification] = field(default_factory=lambda: asyncio.Queue(maxsize=1000))


def payload_of(key: str, wl: Watchlist | None, ev: EventFacts) -> dict[str, Any]:
    """What a webhook's body and a subscription's message say of one event."""
    return {
        "idempotencyKey": key,
        "watchlist": {"id": wl.id, "name": wl.name} if wl else None,
        "event": ev.to_json(),
    }


def storage_path(settings: Settings, store: Store) -> Path | None:
    if settings.watchlists_db:
        return Path(settings.watchlists_db)
    return path_for(store.location) if isinstance(store, EmbeddedStore) else None


class WatchHub:
    def __init__(self, store: Store, settings: Settings, path: Path) -> None:
        self.store = store
        self.storage = WatchStorage(path)
        self.writer = WatchedStore(store, self.storage, self._fresh_filed)
        self.path, self.settings = path, settings
        self.sender: BaseProcess | None = None
        self.subscribers: set[Subscriber] = set()
        self._woken = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task[None]] = []

    def _fresh_filed(self) -> None:
        """Called from the writer thread: wakes the matcher on the event loop."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._woken.set)

    async def start(self) -> None:
        """Recovers what a crash left (articles written but not yet looked at), then drains
        the fresh events and the outbox."""
        self._loop = asyncio.get_running_loop()
        await asyncio.to_thread(recover, self.storage, self.store.select)
        self._woken.set()
        self.sender = await asyncio.to_thread(start_sender, self.path, self.settings)
        self._tasks = [asyncio.create_task(self._match_loop())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.sender is not None:
            await asyncio.to_thread(stop_sender, self.sender)
        self.storage.close()

    async def _keep_sender(self) -> None:
        """A sender process that died (killed, out of memory) is started again: the outbox waits."""
        if self.sender is not None and not self.sender.is_alive():
            log.warning("the webhook sender process stopped; starting it again", exitcode=self.sender.exitcode)
            self.sender = await asyncio.to_thread(start_sender, self.path, self.settings)

    async def _match_loop(self) -> None:
        while True:
            await self._woken.wait()
            self._woken.clear()
            while fresh := await asyncio.to_thread(self.storage.fresh):
                try:
                    await self._match([instance for instance, _ in fresh])
                except Exception:
                    log.exception("matching new events failed; retrying in 5 s")
                    await asyncio.sleep(5)

    async def _match(self, instances: list[str]) -> None:
        facts = await asyncio.to_thread(event_facts, self.store, instances)
        watchlists = await asyncio.to_thread(self.storage.watchlists)
        deliveries: list[tuple[str, str, str]] = []
        out: list[Notification] = []
        for instance in instances:
            ev = facts.get(instance)
            if ev is None:
                continue  # replaced by a later write before it was matched: that write tells
            for wl in watchlists:
                if Filter.of(wl).matches(ev):
                    key = delivery_key(wl.id, instance)
                    payload = payload_of(key, wl, ev)
                    if wl.webhook_url:
                        deliveries.append((wl.id, instance, json.dumps(payload, sort_keys=True)))
                    out.append(Notification(key, wl.id, ev, payload))
            live = delivery_key(LIVE, instance)
            out.append(Notification(live, None, ev, payload_of(live, None, ev)))
        await asyncio.to_thread(self.storage.matched, instances, deliveries)
        if deliveries:
            await self._keep_sender()
        for note in out:
            for sub in list(self.subscribers):
                wanted = (
                    note.watchlist == sub.watchlist
                    if sub.watchlist
                    else (note.watchlist is None and sub.filter.matches(note.event))
                )
                if wanted:
                    with contextlib.suppress(asyncio.QueueFull):  # a reader that stopped reading loses, not us
                        sub.queue.put_nowait(note)

    async def follow(self, sub: Subscriber) -> AsyncIterator[Notification]:
        """The notifications for one subscription, as they come, until its client goes."""
        self.subscribers.add(sub)
        try:
            while True:
                yield await sub.queue.get()
        finally:
            self.subscribers.discard(sub)
