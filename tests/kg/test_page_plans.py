"""The first page of a timeline or of the migrations is an index walk that LIMIT stops, not a
read of every matching event and a sort (SQLite's own query plan, on a real store of the
sample articles); and a store without a read model pages the same answer by offset."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg import answers, exposure_answers, question_rows
from kg.queries import CannedQuery
from kg.question_rows import DAWN, FOREVER, After
from kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    target = tmp_path_factory.mktemp("plans") / "kg"
    shutil.copytree(sample_store, target)
    opened = EmbeddedStore(target)
    yield opened
    opened.close()


def plan_of_page(store: EmbeddedStore, ask: Callable[..., list], *args: object, **kwargs: object) -> str:
    """SQLite's plan of the statement that read the page (the one with LIMIT), as one string."""
    conn = store.read_model.reader()
    said: list[str] = []
    conn.set_trace_callback(said.append)
    try:
        rows = ask(store, conn, *args, **kwargs)
    finally:
        conn.set_trace_callback(None)
    assert rows
    (page,) = [s for s in said if " LIMIT " in s]
    return " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + page))


def test_a_timeline_page_walks_the_role_oldest_index_and_sorts_nothing(store: EmbeddedStore) -> None:
    first = plan_of_page(store, question_rows.timeline, "TikTok", DAWN, FOREVER, FOREVER, limit=2)
    assert "USING COVERING INDEX role_oldest (entity=?)" in first
    assert "TEMP B-TREE" not in first
    (row,) = question_rows.timeline(store, store.read_model.reader(), "TikTok", DAWN, FOREVER, FOREVER, limit=1)
    later = plan_of_page(
        store,
        question_rows.timeline,
        "TikTok",
        "2024-01-01",
        "2025-12-31",
        "2025-06-01",
        limit=2,
        after=After(row["earliest"], row["instance"]),
    )
    assert "role_oldest (entity=? AND earliest>? AND earliest<?)" in later
    assert "TEMP B-TREE" not in later


def test_a_migrations_page_walks_the_type_oldest_index_and_sorts_nothing(store: EmbeddedStore) -> None:
    plan = plan_of_page(store, question_rows.migrations, "", "", FOREVER, limit=2)
    assert "USING COVERING INDEX instance_type_oldest (type=?)" in plan or "INDEX instance_type_oldest" in plan
    assert "TEMP B-TREE" not in plan


def test_without_a_read_model_the_same_pages_come_by_offset(store: EmbeddedStore) -> None:
    whole, total = answers.timeline_page(store, "TikTok", 100, 0)
    assert [e.instance for e in whole] == [e.instance for e in answers.timeline(store, "TikTok")]
    assert total == len(whole) > 10
    model, store.read_model = store.read_model, None
    try:
        for offset in (0, 1, 3, total - 1):
            page, count = answers.timeline_page(store, "TikTok", 2, offset)
            assert count == total
            assert [e.instance for e in page] == [e.instance for e in whole[offset : offset + 2]]
        moves, moved = answers.migrations_page(store, 100, 1)
    finally:
        store.read_model = model
    indexed, count = answers.migrations_page(store, 100, 0)
    assert moved == count and [e.instance for e in moves] == [e.instance for e in indexed[1:]]


def test_exposure_is_scored_without_fetching_any_acts_details(store: EmbeddedStore, monkeypatch) -> None:
    """The scores come from the rows, the read model's roles and one amount lookup: no
    event_details or event_roles batch (about 1 ms per act at 1M quads)."""
    asked: list[str] = []
    run = CannedQuery.run

    def spy(self: CannedQuery, *args: object, **kwargs: object) -> list:
        asked.append(self.name)
        return run(self, *args, **kwargs)

    monkeypatch.setattr(CannedQuery, "run", spy)
    scores = exposure_answers.exposure_scores(store, "TikTok")
    assert len(scores) >= 2 and sum(len(s.reasons) for s in scores) >= 5
    assert asked == ["entity_details"]  # the names in the reasons, in one batch
    monkeypatch.undo()
    whole = exposure_answers.exposure(store, "TikTok")
    assert [
        (w.jurisdiction.id, w.score, [r.text for r in w.reasons], [r.event.instance for r in w.reasons]) for w in whole
    ] == [
        (s.jurisdiction.id, s.score, [r.text for r in s.reasons], [r.act.instance for r in s.reasons]) for s in scores
    ]


def policy_page(store: EmbeddedStore, conn, *args: object, **kwargs: object) -> list:
    return question_rows.policy_page(conn, *args, **kwargs)


def test_a_policy_impact_page_walks_the_reactions_in_answer_order_and_sorts_nothing(store: EmbeddedStore) -> None:
    """The page's reactions are read off instance_top_oldest in the answer's order and the walk
    stops at the page's end; each is checked against the instrument's ties by index lookups
    (its own roles, then the pair), not by joining every tied reaction."""
    ties = question_rows.policy_ties(store, store.read_model.reader(), "PAFACA", FOREVER)
    assert ties is not None
    first = plan_of_page(store, policy_page, ties, "response", 2)
    assert first.startswith("SEARCH x USING INDEX instance_top_oldest (top=?) | CORRELATED SCALAR SUBQUERY")
    assert "SEARCH xh USING COVERING INDEX role_of (instance=? AND role=?)" in first
    assert "TEMP B-TREE" not in first
    (row,) = question_rows.policy_page(store.read_model.reader(), ties, "response", 1)
    later = plan_of_page(store, policy_page, ties, "response", 2, After(row["earliest"], row["instance"]))
    assert later.startswith("SEARCH x USING INDEX instance_top_oldest (top=? AND earliest>?)")
    assert "TEMP B-TREE" not in later


def test_the_count_of_every_event_reads_one_kept_row_or_else_an_index_not_the_table(
    store: EmbeddedStore, sample_store: Path, tmp_path: Path
) -> None:
    # as the service asks: every bound given, at its widest
    widest = {"type": "Event", "from": DAWN, "to": FOREVER, "asOf": FOREVER, "minConfidence": "0"}
    conn = store.read_model.reader()
    said: list[str] = []
    conn.set_trace_callback(said.append)
    try:
        total = question_rows.event_count(store, conn, widest)
    finally:
        conn.set_trace_callback(None)
    assert [s for s in said if "event_tally" in s] and not [s for s in said if "COUNT(" in s]
    assert total == conn.execute("SELECT COUNT(*) FROM instance").fetchone()[0]
    assert question_rows.event_count(store, conn, {**widest, "minConfidence": 2}) == 0  # the filter still filters

    # a read model from before the kept counts: counted off an index
    # (at 50M quads the table scan an always-true "confidence >= 0" forced cost 79 ms; the index 12)
    shutil.copytree(sample_store, tmp_path / "kg")
    with sqlite3.connect(tmp_path / "kg" / "read-model.sqlite") as older:
        older.execute("DELETE FROM meta WHERE key LIKE 'tallies%'")
    reader = EmbeddedStore(tmp_path / "kg", read_only=True)
    conn = reader.read_model.reader()
    conn.set_trace_callback(said.append)
    try:
        assert question_rows.event_count(reader, conn, widest) == total
    finally:
        conn.set_trace_callback(None)
    (count,) = [s for s in said if "COUNT(*)" in s]
    plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + count))
    assert "COVERING INDEX" in plan
    reader.close()
