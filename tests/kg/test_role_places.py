"""Each event's role values paired with its jurisdictions (kg/role_places.py): the pairs move
with every write, rewrite and removal as the role rows do, a rebuild gives them again, a store
made before them gets them on a writer's open, `kg validate` names a wrong one, and "the events
that affected X in Y" walks the pair's index range newest first and stops, giving the same
pages, keyset after keyset, as crossing the two lists does. Real stores on disk."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import question_rows
from kg.question_rows import After
from kg.read_model import path_for
from kg.store import EmbeddedStore
from tests.conftest import read_model_complaints, run_kg
from tests.kg.handmade import E, churned, random_reports, write

WHO = ["tiktok", "bytedance", "x", "telegram", "meta"]
PLACES = ["united-states", "india", "brazil", "european-union"]
TYPES = ["Ban", "Fine", "ServiceShutdown", "Investigation"]


def pairs(store: EmbeddedStore) -> set[tuple]:
    rows = store.read_model.reader().execute("SELECT * FROM role_place")
    return {(role, entity.removeprefix(E), place.removeprefix(E), day, iri) for role, entity, place, day, iri in rows}


def paired_over_roles(store: EmbeddedStore) -> set[tuple]:
    """The same pairs, in plain Python over the read model's role rows."""
    _instances, roles = store.read_model.contents()
    places: dict[str, list[str]] = {}
    for iri, role, entity, _day in roles:
        if role == "jurisdiction":
            places.setdefault(iri, []).append(entity.removeprefix(E))
    return {
        (role, entity.removeprefix(E), place, day, iri)
        for iri, role, entity, day in roles
        if role != "jurisdiction"
        for place in places.get(iri, [])
    }


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path / "kg", sync_writes=False)
    write(opened, *random_reports(random.Random(7), 40, "a", WHO, PLACES, TYPES))
    yield opened
    opened.close()


def test_the_pairs_follow_random_writes_rewrites_and_removals_and_a_rebuild_gives_them_again(tmp_path: Path) -> None:
    for seed in range(4):
        rnd = random.Random(seed)
        store = EmbeddedStore(tmp_path / f"kg{seed}", sync_writes=False)
        written = random_reports(rnd, 25, "a", WHO, PLACES, TYPES)
        for step in churned(store, rnd, written, lambda r: random_reports(r, 6, "a", WHO, PLACES, TYPES)):
            assert pairs(store) == paired_over_roles(store), (seed, step)
            assert len(pairs(store)) >= 10
        before = pairs(store)
        store.reindex()
        assert pairs(store) == before, seed
        store.close()


def walked(store: EmbeddedStore, params: dict, size: int) -> list[str]:
    """Every event of the question, page after page by keyset."""
    conn = store.read_model.reader()
    out: list[str] = []
    after: After | int = 0
    while True:
        page = question_rows.events(store, conn, params, size, after)
        out += [r["instance"] for r in page]
        if len(page) < size:
            return out
        after = After(page[-1]["earliest"], page[-1]["instance"])


def crossed(store: EmbeddedStore, params: dict) -> tuple[list[str], int]:
    """The same question answered by crossing the two lists (the pairs' mark taken away)."""
    conn = store.read_model.reader()
    with sqlite3.connect(path_for(store.location)) as other:
        other.execute("DELETE FROM meta WHERE key = 'role_places'")
    try:
        assert question_rows._paired(store, conn, params) is None
        return [r["instance"] for r in question_rows.events(store, conn, params, 1000)], question_rows.event_count(
            store, conn, params
        )
    finally:
        with sqlite3.connect(path_for(store.location)) as other:
            other.execute("INSERT INTO meta VALUES ('role_places', '1')")


@pytest.mark.parametrize(
    "params",
    [
        {"affected": "TikTok", "jurisdiction": "India"},
        {"agent": "Telegram", "jurisdiction": "India"},
        {"agent": "ByteDance", "jurisdiction": "Brazil", "type": "Fine"},
        {"affected": "X", "jurisdiction": "India", "from": "2025-01-01", "to": "2025-01-31"},
        {"agent": "Meta", "jurisdiction": "India", "asOf": "2024-05-01"},
    ],
)
def test_a_pair_pages_newest_first_as_crossing_the_lists_does(store: EmbeddedStore, params: dict) -> None:
    conn = store.read_model.reader()
    assert question_rows._paired(store, conn, params) is not None
    whole, total = crossed(store, params)
    assert walked(store, params, 3) == whole
    assert question_rows.event_count(store, conn, params) == total == len(whole)


def test_some_pairs_of_the_fixture_are_long_and_some_empty(store: EmbeddedStore) -> None:
    counts = [
        crossed(store, {"affected": "TikTok", "jurisdiction": "India"})[1],
        crossed(store, {"agent": "Telegram", "jurisdiction": "India"})[1],
        crossed(store, {"agent": "Meta", "jurisdiction": "India", "asOf": "2024-05-01"})[1],
    ]
    assert counts == [4, 5, 0]  # (the test above pages them: two pages of 3 each, and none)


def test_the_page_walks_the_pairs_index_and_sorts_nothing(store: EmbeddedStore) -> None:
    conn = store.read_model.reader()
    said: list[str] = []
    conn.set_trace_callback(said.append)
    try:
        first = question_rows.events(store, conn, {"affected": "TikTok", "jurisdiction": "India"}, 2)
        question_rows.events(
            store,
            conn,
            {"affected": "TikTok", "jurisdiction": "India"},
            2,
            After(first[-1]["earliest"], first[-1]["instance"]),
        )
    finally:
        conn.set_trace_callback(None)
    for page in [s for s in said if " LIMIT " in s]:
        plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + page))
        assert plan.startswith("SEARCH p USING COVERING INDEX role_place_newest (role=? AND entity=? AND place=?"), plan
        assert "TEMP B-TREE" not in plan


def test_a_store_from_before_the_pairs_gets_them_on_a_writers_open(store_copy: Path) -> None:
    with sqlite3.connect(path_for(store_copy)) as conn:
        want = sorted(conn.execute("SELECT * FROM role_place"), key=repr)
        conn.execute("DELETE FROM role_place")
        conn.execute("DELETE FROM meta WHERE key = 'role_places'")
    assert want
    reader = EmbeddedStore(store_copy, read_only=True)  # not yet: the lists are crossed
    assert (
        question_rows._paired(reader, reader.read_model.reader(), {"affected": "TikTok", "jurisdiction": "India"})
        is None
    )
    reader.close()
    EmbeddedStore(store_copy).close()
    with sqlite3.connect(path_for(store_copy)) as conn:
        assert sorted(conn.execute("SELECT * FROM role_place"), key=repr) == want


def test_kg_validate_names_a_wrong_pair_and_kg_reindex_repairs_it(store_copy: Path) -> None:
    with sqlite3.connect(path_for(store_copy)) as conn:
        before = sorted(conn.execute("SELECT * FROM role_place"), key=repr)
        (iri,) = conn.execute("SELECT MIN(instance) FROM role_place").fetchone()
        conn.execute(
            "UPDATE role_place SET place = 'https://w3id.org/regrisk/id/entity/nowhere' WHERE instance = ?", [iri]
        )
    assert read_model_complaints(store_copy) == [
        f"the read model's role and jurisdiction pairs of {iri} differ from its roles"
    ]
    assert run_kg("reindex", "--store", str(store_copy)).returncode == 0
    with sqlite3.connect(path_for(store_copy)) as conn:
        assert sorted(conn.execute("SELECT * FROM role_place"), key=repr) == before
    assert run_kg("validate", "--store", str(store_copy)).returncode == 0
