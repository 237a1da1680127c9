"""The store as the service writes to it: each article's write bracketed by the watchlists
file's stages 1 and 2 (kg/watch/storage.py), so "new" is judged right after the commit and
before the next write, and a crash between the two is found again at the next start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from kg.store import Store
from kg.watch.matching import article_of_graph, new_instances
from kg.watch.storage import WatchStorage


class WatchedStore:
    """A write: pending mark, the store's transaction, new events filed. Everything else is the store's."""

    def __init__(self, store: Store, storage: WatchStorage, on_fresh: Callable[[], None]) -> None:
        self._store, self._storage, self._on_fresh = store, storage, on_fresh

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def replace_article(self, graph: str, quads: list[ox.Quad]) -> str:
        article = article_of_graph(graph)
        self._storage.begin(article)
        status = self._store.replace_article(graph, quads)
        fresh = new_instances(self._store.select, article) if status != "unchanged" else []
        self._storage.found(article, fresh)
        if fresh:
            self._on_fresh()
        return status
