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
from collections.abc import Callable, Iterator
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
    kinds = {}
    for row in instances:
        out["", ""] += 1
        kinds[row[0]] = {row[2], row[3]}  # its type and its top class, once when they are one
        for kind in kinds[row[0]]:
            out["type", kind] += 1
    for instance, role, entity, _day in roles:
        out[role, entity.removeprefix(E)] += 1
        for kind in kinds[instance]:
            out[f"{role}:{kind}", entity.removeprefix(E)] += 1
    for _instance, entity, day in {(i, e, d) for i, _r, e, d in roles}:
        out["entity", entity.removeprefix(E)] += 1
        if day is not None:
            out["entity-month", f"{entity.removeprefix(E)} {day[:7]}"] += 1
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
        # per type (or top class) and role
        ("agent:Ban", "united-states"): 1,
        ("agent:RegulatoryAction", "united-states"): 1,
        ("agent:RegulatoryAction", "european-commission"): 1,
        ("agent:Fine", "european-commission"): 1,
        ("agent:ServiceShutdown", "tiktok"): 1,
        ("agent:PlatformResponse", "tiktok"): 1,
        ("affected:Ban", "tiktok"): 1,
        ("affected:Ban", "bytedance"): 1,
        ("affected:RegulatoryAction", "tiktok"): 1,
        ("affected:RegulatoryAction", "bytedance"): 1,
        ("affected:RegulatoryAction", "x"): 1,
        ("affected:Fine", "x"): 1,
        ("affected:ServiceShutdown", "tiktok"): 1,
        ("affected:PlatformResponse", "tiktok"): 1,
        ("jurisdiction:Ban", "united-states"): 1,
        ("jurisdiction:RegulatoryAction", "united-states"): 1,
        ("jurisdiction:RegulatoryAction", "european-union"): 1,
        ("jurisdiction:Fine", "european-union"): 1,
        ("jurisdiction:ServiceShutdown", "united-states"): 1,
        ("jurisdiction:PlatformResponse", "united-states"): 1,
        # per entity and month: the ban (the 19th) and the shutdown (the 18th) in January
        ("entity-month", "united-states 2025-01"): 2,
        ("entity-month", "tiktok 2025-01"): 2,
        ("entity-month", "bytedance 2025-01"): 1,
        ("entity-month", "european-commission 2025-12"): 1,
        ("entity-month", "x 2025-12"): 1,
        ("entity-month", "european-union 2025-12"): 1,
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
        conn.execute("DELETE FROM meta WHERE key LIKE 'tallies%'")
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


def test_a_store_whose_tallies_kept_fewer_facets_keeps_them_all_after_a_writers_open(store_copy: Path) -> None:
    with sqlite3.connect(path_for(store_copy)) as conn:  # as a file of the first layout: kept by triggers
        conn.execute(
            "CREATE TRIGGER event_tally_role_in AFTER INSERT ON role BEGIN INSERT INTO event_tally"
            " VALUES (new.role, new.entity, 1) ON CONFLICT (facet, value) DO UPDATE SET n = n + 1; END"
        )
        conn.execute("UPDATE meta SET key = 'tallies' WHERE key LIKE 'tallies%'")
    writer = EmbeddedStore(store_copy)
    write(writer, BAN, DARK)  # new articles after the open: every facet moves
    assert tallies(writer) == counted_over_rows(writer)
    assert tallies(writer)["entity-month", "tiktok 2025-01"] >= 2
    writer.close()


def counts_made(conn: sqlite3.Connection, ask: Callable[[], int]) -> tuple[int, int]:
    """What `ask` answers, and how many COUNT statements it made over the rows to answer it."""
    said: list[str] = []
    conn.set_trace_callback(said.append)
    try:
        return ask(), len([s for s in said if "COUNT(" in s])
    finally:
        conn.set_trace_callback(None)


def test_only_counts_a_tally_answers_are_read_off_it(store: EmbeddedStore) -> None:
    conn = store.read_model.reader()
    asked: dict[str, Callable[[], int]] = {
        "a type and a role": lambda: question_rows.event_count(store, conn, {"type": "Ban", "affected": "TikTok"}),
        "a top class and a role": lambda: question_rows.event_count(
            store, conn, {"type": "RegulatoryAction", "affected": "X"}
        ),
        "a timeline over whole months": lambda: question_rows.timeline_count(
            store, conn, "TikTok", "2025-01-01", "2025-12-31", FOREVER
        ),
        "a timeline over part of a month": lambda: question_rows.timeline_count(
            store, conn, "TikTok", "2025-01-19", "2025-02-28", FOREVER
        ),
        "two roles": lambda: question_rows.event_count(store, conn, {"agent": "United States", "affected": "TikTok"}),
        "a range": lambda: question_rows.event_count(store, conn, {"from": "2025-01-18", "to": "2025-01-31"}),
        "as of a day": lambda: question_rows.event_count(store, conn, {"asOf": "2024-05-01"}),  # all published the 2nd
        "confidence": lambda: question_rows.event_count(store, conn, {"minConfidence": 0.95}),  # all are 0.9
        "a timeline as of a day": lambda: question_rows.timeline_count(
            store, conn, "TikTok", DAWN, FOREVER, "2024-05-02"
        ),
    }
    assert {name: counts_made(conn, ask) for name, ask in asked.items()} == {
        "a type and a role": (1, 0),
        "a top class and a role": (1, 0),
        "a timeline over whole months": (2, 0),
        "a timeline over part of a month": (1, 1),  # January's days from the 19th counted over the rows
        "two roles": (1, 1),
        "a range": (2, 1),
        "as of a day": (0, 1),
        "confidence": (0, 1),
        "a timeline as of a day": (2, 1),
    }


def test_a_timeline_counted_by_months_is_its_count_over_the_rows_for_any_range(tmp_path: Path) -> None:
    rnd = random.Random(3)
    store = EmbeddedStore(tmp_path / "kg", sync_writes=False)
    write(store, *random_reports(rnd, 40, "a", WHO, PLACES, TYPES))
    conn = store.read_model.reader()
    days = ["0001-01-01", "2024-04-30", "2024-05-01", "2024-05-02", "2024-12-31", "2025-01-01", "2025-01-18"]
    days += ["2025-01-19", "2025-01-31", "2025-02-01", "2025-02-03", "2025-02-28", "2025-03-01", "9999-12-31"]
    checked = 0
    for who in ("TikTok", "Meta", "India"):
        (iri,) = question_rows.named(store, who)
        for start in days:
            for end in days:
                if start <= end:
                    kept = question_rows.timeline_count(store, conn, who, start, end, FOREVER)
                    rows = question_rows._timeline_rows_count(conn, [iri], start, end, FOREVER)
                    assert kept == rows, (who, start, end)
                    checked += kept
    assert checked >= 500  # many of the ranges hold events
    store.close()


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
