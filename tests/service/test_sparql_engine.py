"""The /sparql engine is swapped for a fresh checkpoint after writes; a query already holding
the old one must still be answered, and a generation nobody holds must not be left running."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from kg.service.sparql_sidecar import CheckpointEngine
from kg.store import EmbeddedStore

ASK = {"query": "ASK { ?s ?p ?o }"}


def test_a_query_in_flight_keeps_its_engine_through_two_swaps(tmp_path: Path) -> None:
    async def scenario() -> None:
        store = EmbeddedStore(tmp_path / "kg")
        engine = CheckpointEngine(store, timeout_s=5)
        try:
            async with engine.lease() as url:
                first = engine._current
                assert first is not None
                for _ in range(2):  # two writes, two fresh generations, while the query is open
                    engine.mark_written()
                    await engine.url()
                assert engine._current is not first and first.process.poll() is None
                async with httpx.AsyncClient() as http:
                    resp = await http.post(url, data=ASK, headers={"Accept": "application/sparql-results+json"})
                assert resp.status_code == 200 and resp.json()["boolean"] is False
            # the last holder gone, the superseded generation is stopped and its checkpoint removed
            assert first.process.poll() is not None
            assert not first.folder.exists()
            assert engine._old == []
        finally:
            await engine.close()
            store.close()

    asyncio.run(scenario())


def test_a_generation_nobody_holds_is_stopped_at_the_swap(tmp_path: Path) -> None:
    async def scenario() -> None:
        store = EmbeddedStore(tmp_path / "kg")
        engine = CheckpointEngine(store, timeout_s=5)
        try:
            await engine.url()
            first = engine._current
            engine.mark_written()
            await engine.url()
            assert first is not None and first.process.poll() is not None and engine._old == []
        finally:
            await engine.close()
            store.close()

    asyncio.run(scenario())
