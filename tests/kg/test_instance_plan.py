"""A write works out again only the part of a group it changes (kg/instance_plan.py): the
instances graph and the read model must stay exactly what a rebuild from the article graphs
gives, through any sequence of new, replaced and emptied articles sharing groups, with the
writer's group cache warm or cold. Real stores on disk; the articles are written by hand."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.instances import INSTANCES_GRAPH, rebuilt
from kg.store import EmbeddedStore
from kg.vocab import RR
from tests.kg.handmade import Report as Article
from tests.kg.handmade import write


def graph_now(store: EmbeddedStore) -> list[str]:
    return sorted(str(q) for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(INSTANCES_GRAPH)))


def graph_rebuilt(store: EmbeddedStore) -> list[str]:
    kept = ox.Store()  # in the form a store keeps them ("0.900"^^xsd:decimal is "0.9")
    kept.extend(rebuilt(store.select))
    return sorted(str(q) for q in kept)


def places_of(store: EmbeddedStore) -> list[tuple[str, int]]:
    """Each instance's date and how many reports it joins."""
    rows = store.select(
        f"""SELECT ?d (COUNT(?m) AS ?n) WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{
              ?i <{RR}mention> ?m ; <{RR}date> ?d }} }}
            GROUP BY ?i ?d"""
    )
    return sorted((r["d"], int(r["n"])) for r in rows)


def ban(article: str, place: str, day: str | None, extra: list[Article] | None = None) -> Article:
    return Article(article, "Ban", {"affected": ["tiktok"]}, place, date=day, published="2025-02-01", extra=extra or [])


def test_a_second_state_undoes_the_countrys_join_with_the_first(tmp_path: Path) -> None:
    """The country's act joined Montana's while Montana was the one state; once Texas bans on
    the same day, which state the country's report is of is not known, and the instance the
    group cache kept for Montana must come back without it."""
    store = EmbeddedStore(tmp_path / "kg")
    write(store, ban("m1", "montana", "2025-01-19"), ban("us1", "united-states", "2025-01-19"))
    assert places_of(store) == [("2025-01-19", 2)]
    write(store, ban("t1", "texas", "2025-01-19"))
    assert places_of(store) == [("2025-01-19", 1), ("2025-01-19", 1), ("2025-01-19", 1)]
    write(store, ban("t1", "texas", "2025-02-03"))  # Texas's act moves: the country's joins Montana's again
    assert places_of(store) == [("2025-01-19", 2), ("2025-02-03", 1)]
    assert graph_now(store) == graph_rebuilt(store)
    assert store.read_model.differences(store.select) == []
    store.close()


PLACES = ["united-states", "montana", "texas", "brazil"]
DAYS = ["2025-01-19", "2025-01-20", "2025-01", "2025", None]
EVENT = st.tuples(st.sampled_from(["Ban", "Fine"]), st.sampled_from(PLACES), st.sampled_from(DAYS))
# a write: which of four articles, its events now (none: its reports leave every group), and
# whether the writer's group cache is emptied first (its groups then read back from the store)
WRITE = st.tuples(st.integers(0, 3), st.lists(EVENT, max_size=3), st.booleans())


def article(n: int, events: list[tuple[str, str, str | None]]) -> Article:
    name = f"art{n}"
    found = [Article(name, kind, {"affected": ["tiktok"]}, place, date=day) for kind, place, day in events]
    if not found:  # an article whose events were all taken back: it still says something
        return Article(name, "Ban", {"affected": ["tiktok"]}, "brazil", factuality="negated")
    return Article(name, found[0].type, found[0].roles, found[0].jurisdiction, date=found[0].date, extra=found[1:])


@settings(max_examples=30, deadline=None)
@given(st.lists(WRITE, min_size=1, max_size=10))
def test_any_sequence_of_writes_leaves_what_a_rebuild_gives(writes: list[tuple[int, list, bool]]) -> None:
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:  # RocksDB may still be closing
        store = EmbeddedStore(Path(tmp) / "kg", sync_writes=False)
        try:
            for n, events, cold in writes:
                if cold:
                    store._groups.forget()  # as a writer opened afresh has it
                write(store, article(n, events))
            assert graph_now(store) == graph_rebuilt(store)
            assert store.read_model.differences(store.select) == []
        finally:
            store.close()
