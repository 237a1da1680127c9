"""A write's links cost what the write changes, not the size of its scope (kg/link_plan.py).

The same writes are made beside a law with 10 acts and beside one with 1,000, and the rows they
read are counted (the read model's rows and the SPARQL rows of the write): they must be the
same. Reading every act of the law, as writes did before, reads about a thousand more."""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.store import EmbeddedStore
from kg.validate import consistency
from tests.kg.handmade import Report as Article
from tests.kg.handmade import write
from tests.kg.test_links import instance_graph

ON_PAFACA = {"instrument": ["pafaca"]}
START = date(2020, 1, 1)


class CountingCursor:
    def __init__(self, cursor: sqlite3.Cursor, counter: Counting) -> None:
        self.cursor, self.counter = cursor, counter

    def __iter__(self):
        for row in self.cursor:
            self.counter.rows += 1
            yield row

    def fetchone(self):
        row = self.cursor.fetchone()
        self.counter.rows += row is not None
        return row

    def fetchall(self):
        return list(self)

    def close(self) -> None:
        self.cursor.close()


class Counting:
    """The read model's connection, counting the rows its statements give back."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.rows = conn, 0

    def execute(self, sql: str, params: tuple | list = ()) -> CountingCursor:
        return CountingCursor(self.conn.execute(sql, params), self)


def law_with_acts(tmp_path: Path, n: int) -> EmbeddedStore:
    """A store where PAFACA has n acts, one a day: an amendment of the law, then a fine on it, and
    so on (each fine enforces the amendment the day before)."""
    store = EmbeddedStore(tmp_path / f"kg-{n}")
    acts = [
        Article("acts", "LegislationEnacted", ON_PAFACA, "united-states", date=str(START + timedelta(k)))
        if k % 2 == 0
        else Article(
            "acts", "Fine", {**ON_PAFACA, "affected": ["tiktok"]}, "united-states", date=str(START + timedelta(k))
        )
        for k in range(n)
    ]
    write(store, replace(acts[0], extra=acts[1:]))
    return store


# Each write in order, into both stores: owners and targets added, and a target moved.
WRITES = [
    (
        "a fine on the law",
        Article("fine", "Fine", {**ON_PAFACA, "affected": ["x"]}, "united-states", date="2020-01-05"),
    ),
    ("Montana's own act on it", Article("montana", "LegislationEnacted", ON_PAFACA, "montana", date="2020-01-06")),
    (
        "a ruling striking the law down",
        Article("rule", "CourtRuling", ON_PAFACA, "united-states", date="2020-01-08", outcome="struck_down"),
    ),
    (
        "a challenge to the law",
        Article("sue", "LegalChallenge", {**ON_PAFACA, "agent": ["x"]}, "united-states", date="2020-01-04"),
    ),
    (
        "the ruling re-extracted two days later",
        Article("rule", "CourtRuling", ON_PAFACA, "united-states", date="2020-01-10", outcome="struck_down", title="2"),
    ),
]


def rows_read(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch, article: Article) -> int:
    """The read-model rows and SPARQL rows one write reads."""
    assert store.read_model is not None
    counting = Counting(store.read_model.reader())
    sparql = {"rows": 0}
    select = store.select

    def counted_select(query: str) -> list[dict[str, str | None]]:
        rows = select(query)
        sparql["rows"] += len(rows)
        return rows

    with monkeypatch.context() as m:
        m.setattr(store.read_model, "reader", lambda: counting)
        m.setattr(store, "select", counted_select)
        write(store, article)
    return counting.rows + sparql["rows"]


def test_a_write_reads_as_many_rows_beside_a_thousand_acts_as_beside_ten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, large = law_with_acts(tmp_path, 10), law_with_acts(tmp_path, 1000)
    for what, article in WRITES:
        beside_ten, beside_thousand = rows_read(small, monkeypatch, article), rows_read(large, monkeypatch, article)
        assert (what, beside_thousand) == (what, beside_ten)
        assert beside_ten < 100, what  # a handful of seeks and links, whatever the scope holds
    # and the links are what a rebuild of the whole graph makes
    assert consistency(small) == [] and consistency(large) == []
    small.close()
    large.close()


# ---- by neighbours, the links of a rebuild: many acts in few scopes, ties, moves, removals ----

KINDS = [
    ("LegislationEnacted", None),
    ("ExecutiveOrder", None),
    ("Ban", None),
    ("BanLifted", None),
    ("Fine", None),
    ("LegalChallenge", None),
    ("CourtRuling", "upheld"),
    ("CourtRuling", "struck_down"),
    ("CourtRuling", "blocked"),
    ("ServiceShutdown", None),
    ("ServiceRestored", None),
    ("AppStoreRemoval", "removed"),
    ("AppStoreRemoval", "restored"),
]
ROLES = [
    {"instrument": ["pafaca"], "affected": ["x"], "agent": ["tiktok"]},  # most acts share every scope
    {"instrument": ["pafaca"], "affected": ["x"], "agent": ["tiktok"]},
    {"instrument": ["pafaca"], "affected": ["x"], "agent": ["tiktok"]},
    {"affected": ["x"], "agent": ["tiktok"]},
    {"instrument": ["pafaca"], "affected": ["tiktok"], "agent": ["x"]},
]
DAYS = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01", None]
ACT = st.builds(
    lambda article, kind, roles, place, day, version: Article(
        f"a{article}", kind[0], roles, place, date=day, outcome=kind[1], title=f"v{version}", published="2024-01-02"
    ),
    st.integers(0, 7),
    st.sampled_from(KINDS),
    st.sampled_from(ROLES),
    st.sampled_from(["brazil", "brazil", "united-states"]),
    st.sampled_from(DAYS),
    st.integers(0, 3),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(ACT, min_size=1, max_size=14))
def test_links_written_by_neighbours_are_the_links_of_a_rebuild(acts: list[Article]) -> None:
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        step = EmbeddedStore(Path(tmp) / "step")
        write(step, *acts)  # later versions of an article replace earlier ones
        final = {a.article: a for a in acts}
        fresh = EmbeddedStore(Path(tmp) / "fresh")
        write(fresh, *(final[k] for k in sorted(final)))
        assert instance_graph(step) == instance_graph(fresh)
        assert consistency(step) == []
        step.close()
        fresh.close()


# ---- a whole graph's links at import: in memory, by the same seeks as a write ----

PLACES, TARGETS, LAWS = ["brazil", "united-states"], ["tiktok", "x"], ["pafaca", "dsa"]
INSTANCE = st.tuples(
    st.integers(0, 60),  # its IRI: the order of instances on one day
    st.sampled_from([*KINDS, ("Investigation", None), ("RegulationIssued", None), ("PlatformStatement", None)]),
    st.sampled_from(["2024-01-01", "2024-01-02", "2024-01-03", "2024-02-10", None]),  # earliest
    st.sampled_from(["2024-01-02", None]),  # first reported: the day of the undated
    st.fixed_dictionaries(
        {
            role: st.frozensets(st.sampled_from(values), max_size=2)
            for role, values in (
                ("jurisdiction", PLACES),
                ("agent", TARGETS),
                ("affected", TARGETS),
                ("instrument", LAWS),
            )
        }
    ),
)


def instance_quads(instances: list[tuple]) -> list:
    import pyoxigraph as ox

    from kg.vocab import INSTANCES_GRAPH, RDF_TYPE, RR, XSD

    graph, out = ox.NamedNode(INSTANCES_GRAPH), []
    for number, (kind, outcome), earliest, reported, roles in instances:
        iri = ox.NamedNode(f"{RR}instance/{number:02}")
        facts = [(RDF_TYPE, ox.NamedNode(RR + "EventInstance")), (RR + "eventType", ox.NamedNode(RR + kind))]
        facts += [(RR + "outcome", ox.Literal(outcome))] if outcome else []
        for name, day in (("earliest", earliest), ("firstReported", reported)):
            facts += [(RR + name, ox.Literal(day, datatype=ox.NamedNode(XSD + "date")))] if day else []
        facts += [(RR + role, ox.NamedNode(f"{RR}{v}")) for role, values in roles.items() for v in sorted(values)]
        out += [ox.Quad(iri, ox.NamedNode(p), o, graph) for p, o in facts]
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(INSTANCE, max_size=40, unique_by=lambda i: i[0]))
def test_an_import_links_a_whole_graph_as_links_derive_does(instances: list[tuple]) -> None:
    """`link_plan.derive` (kg import) finds each owner's targets by binary search in each
    scope's acts in order; `links.derive` (the definition) compares it with every act that
    shares a scope. Many acts on few laws, places and days: ties broken by IRI, undated acts
    dated by their first report or not linked."""
    from kg import link_plan, links

    quads = instance_quads(instances)
    assert link_plan.derive(quads) == links.derive(quads)


def test_an_import_links_a_law_its_fine_its_challenge_and_the_ruling_that_struck_it() -> None:
    from kg import link_plan
    from kg.vocab import RR

    law = (1, ("LegislationEnacted", None), "2024-01-01", None, {"instrument": frozenset({"pafaca"})})
    fine = (2, ("Fine", None), "2024-01-03", None, {"instrument": frozenset({"pafaca"})})
    suit = (3, ("LegalChallenge", None), None, "2024-01-02", {"instrument": frozenset({"pafaca"})})
    ruling = (4, ("CourtRuling", "struck_down"), "2024-02-10", None, {"instrument": frozenset({"pafaca"})})
    other = (5, ("Fine", None), "2024-01-03", None, {"instrument": frozenset({"dsa"})})  # no law on the DSA
    found = {
        (q.subject.value.removeprefix(RR), q.predicate.value.removeprefix(RR), q.object.value.removeprefix(RR))
        for q in link_plan.derive(instance_quads([law, fine, suit, ruling, other]))
    }
    assert found == {
        ("instance/01", "inForceFrom", "2024-01-01"),
        ("instance/01", "inForceUntil", "2024-02-10"),
        ("instance/04", "ends", "instance/01"),
        ("instance/02", "enforces", "instance/01"),
        ("instance/03", "challenges", "instance/01"),
        ("instance/04", "decides", "instance/03"),
    }
