"""The kept counts of events (kg/event_tallies.py): how many events there are in all, per type,
per entity in a role and per entity in any role move with every write, rewrite and removal of
an article exactly as a count over the rows does; a rebuild gives the same tallies; a store
made before them gets them on a writer's open; `kg validate` names a wrong one; and the pages'
`totalCount` reads them instead of counting. Hand-made and random articles in real stores on
disk."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import question_rows
from kg.question_rows import DAWN, FOREVER
from kg.read_model import path_for
from kg.store import EmbeddedStore
from kg.vocab import graph_iri
from tests.conftest import read_model_complaints, run_kg
from tests.kg.handmade import E, Report, churned, random_reports, write

US = "united-states"
BAN = Report("ban", "Ban", {"agent": ["united-states"], "affected": ["tiktok", "bytedance"]}, US, "2025-01-19")
BAN_AGAIN = Report("ban-again", "Ban", {"agent": ["united-states"], "affected": ["tiktok"]}, US, "2025-01-19")
DARK = Report("dark", "ServiceShutdown", {"agent": ["tiktok"], "affected": ["tiktok"]}, US, "2025-01-18")
FINE = Report("fine", "Fine", {"agent": ["european-commission"], "affected": ["x"]}, "european-union", "2025-12-05")


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path / "kg")
    write(opened, BAN, BAN_AGAIN, DARK, FINE)
    yield opened
    opened.close()


def tallies(store: EmbeddedStore) -> dict[tuple[str, str], int]:
    rows = store.read_model.reader().execute("SELECT facet, value, n FROM event_tally")
    return {(facet, value.removeprefix(E)): n for facet, value, n in rows}


def counted_over_rows(store: EmbeddedStore) -> dict[tuple[str, str], int]:
    """The same counts, in plain Python over the read model's instance and role rows."""
    instances, roles = store.read_model.contents()
    out: Counter[tuple[str, str]] = Counter()
    for row in instances:
        out["", ""] += 1
        for kind in {row[2], row[3]}:  # its type and its top class, once when they are one
            out["type", kind] += 1
    for _instance, role, entity, _day in roles:
        out[role, entity.removeprefix(E)] += 1
    for entity in {(i, e) for i, _r, e, _d in roles}:
        out["entity", entity[1].removeprefix(E)] += 1
    return dict(out)


def test_the_tallies_count_events_not_reports_and_an_entity_once_per_event(store: EmbeddedStore) -> None:
    # two articles report the one ban (one event); TikTok is both agent and affected of its shutdown
    assert tallies(store) == {
        ("", ""): 3,
        ("type", "Ban"): 1,
        ("type", "RegulatoryAction"): 2,  # the ban's and the fine's top class
        ("type", "ServiceShutdown"): 1,
        ("type", "Fine"): 1,
        ("type", "PlatformResponse"): 1,
        ("agent", "united-states"): 1,
        ("agent", "tiktok"): 1,
        ("agent", "european-commission"): 1,
        ("affected", "tiktok"): 2,
        ("affected", "bytedance"): 1,
        ("affected", "x"): 1,
        ("jurisdiction", "united-states"): 2,
        ("jurisdiction", "european-union"): 1,
        ("entity", "united-states"): 2,
        ("entity", "tiktok"): 2,
        ("entity", "bytedance"): 1,
        ("entity", "european-commission"): 1,
        ("entity", "x"): 1,
        ("entity", "european-union"): 1,
    }


def test_the_tallies_move_as_articles_go_and_change(store: EmbeddedStore) -> None:
    store.replace_article(graph_iri("ban"), [])  # the ban is still reported, without ByteDance
    assert ("affected", "bytedance") not in tallies(store)
    assert ("entity", "bytedance") not in tallies(store)
    assert tallies(store)["", ""] == 3
    store.replace_article(graph_iri("ban-again"), [])  # and now not at all
    assert tallies(store)["", ""] == 2
    assert ("type", "Ban") not in tallies(store)
    assert tallies(store)["type", "RegulatoryAction"] == 1  # the fine's
    assert tallies(store)["entity", "tiktok"] == 1
    write(store, Report("dark", "ServiceShutdown", {"agent": ["tiktok"]}, "india", "2020-06-29"))  # rewritten
    assert tallies(store)["jurisdiction", "india"] == 1
    assert ("jurisdiction", "united-states") not in tallies(store)
    assert tallies(store)["entity", "tiktok"] == 1
    assert tallies(store) == counted_over_rows(store)


WHO = ["tiktok", "bytedance", "x", "telegram", "meta", "facebook"]
PLACES = ["united-states", "india", "brazil", "european-union"]
TYPES = ["Ban", "Fine", "ServiceShutdown", "LegislationEnacted", "Investigation"]


def test_the_tallies_follow_random_writes_rewrites_and_removals_and_a_rebuild_gives_them_again(
    tmp_path: Path,
) -> None:
    events = 0
    for seed in range(5):
        rnd = random.Random(seed)
        store = EmbeddedStore(tmp_path / f"kg{seed}", sync_writes=False)
        written = random_reports(rnd, 25, "a", WHO, PLACES, TYPES)
        for step in churned(store, rnd, written, lambda r: random_reports(r, 5, "a", WHO, PLACES, TYPES)):
            assert tallies(store) == counted_over_rows(store), (seed, step)
            events += tallies(store).get(("", ""), 0)
        before = tallies(store)
        store.reindex()
        assert tallies(store) == before, seed
        store.close()
    assert events >= 100  # the stores hold many events, not a few


def test_a_store_from_before_the_tallies_counts_over_the_rows_until_a_writer_fills_them(store_copy: Path) -> None:
    path = store_copy
    with sqlite3.connect(path_for(path)) as conn:  # as a file made before the table was
        conn.execute("DELETE FROM event_tally")
        conn.execute("DELETE FROM meta WHERE key = 'tallies'")
    reader = EmbeddedStore(path, read_only=True)
    conn = reader.read_model.reader()
    tiktok = question_rows.named(reader, "TikTok")[0]
    worked_out = (
        question_rows.event_count(reader, conn, {}),
        question_rows.event_count(reader, conn, {"affected": "TikTok"}),
        question_rows.timeline_count(reader, conn, "TikTok", DAWN, FOREVER, FOREVER),
    )
    assert worked_out == (
        conn.execute("SELECT COUNT(*) FROM instance").fetchone()[0],
        conn.execute("SELECT COUNT(*) FROM role WHERE role = 'affected' AND entity = ?", [tiktok]).fetchone()[0],
        conn.execute("SELECT COUNT(DISTINCT instance) FROM role WHERE entity = ?", [tiktok]).fetchone()[0],
    )
    assert worked_out[2] > worked_out[1] > 0
    reader.close()
    writer = EmbeddedStore(path)
    assert tallies(writer) == counted_over_rows(writer)
    conn = writer.read_model.reader()
    said: list[str] = []
    conn.set_trace_callback(said.append)
    kept = (
        question_rows.event_count(writer, conn, {}),
        question_rows.event_count(writer, conn, {"affected": "TikTok"}),
        question_rows.timeline_count(writer, conn, "TikTok", DAWN, FOREVER, FOREVER),
    )
    conn.set_trace_callback(None)
    assert kept == worked_out
    assert not [s for s in said if "COUNT(" in s]  # read off the tallies, not counted
    writer.close()


def test_only_counts_a_tally_answers_are_read_off_it(store: EmbeddedStore) -> None:
    conn = store.read_model.reader()
    said: list[str] = []
    conn.set_trace_callback(said.append)
    counts = {
        "two filters": question_rows.event_count(store, conn, {"type": "Ban", "affected": "TikTok"}),
        "a range": question_rows.event_count(store, conn, {"from": "2025-01-18", "to": "2025-01-31"}),
        "as of a day": question_rows.event_count(store, conn, {"asOf": "2024-05-01"}),  # all published the 2nd
        "confidence": question_rows.event_count(store, conn, {"minConfidence": 0.95}),  # all are 0.9
        "timeline in a year": question_rows.timeline_count(store, conn, "TikTok", "2025-01-01", "2025-12-31", FOREVER),
    }
    conn.set_trace_callback(None)
    assert counts == {"two filters": 1, "a range": 2, "as of a day": 0, "confidence": 0, "timeline in a year": 2}
    assert len([s for s in said if "COUNT(" in s]) == 5


def test_kg_validate_names_a_wrong_tally_and_kg_reindex_repairs_it(store_copy: Path) -> None:
    path = store_copy
    with sqlite3.connect(path_for(path)) as conn:
        before = sorted(conn.execute("SELECT * FROM event_tally"))
        conn.execute("UPDATE event_tally SET n = n + 5 WHERE facet = '' AND value = ''")
        total = conn.execute("SELECT COUNT(*) FROM instance").fetchone()[0]
    said = f"the read model's count of events (all) is {total + 5}, its rows say {total}"
    assert read_model_complaints(path) == [said]
    assert run_kg("reindex", "--store", str(path)).returncode == 0
    with sqlite3.connect(path_for(path)) as conn:
        assert sorted(conn.execute("SELECT * FROM event_tally")) == before
    assert run_kg("validate", "--store", str(path)).returncode == 0
