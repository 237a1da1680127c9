"""What `kg validate` catches: a small store written by hand through the real RDF mapping (and
the spec's dev articles, ingested for real) conforms; then 30 deliberate breakages, each one
small edit of a fresh copy of that store, and which of them `validate` reports is pinned.

Each breakage names the parts of kg/validate.py that must catch it: "shapes" (ontologies/
shapes.ttl through pyshacl, no inference) and "checks" (the graph-aware SPARQL checks and the
rebuild of the instances graph). A breakage pinned with neither is a known gap: catching it
later means pinning what catches it, and losing a catch fails here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from extractors.model import Entity, Mention
from kg.instances import INSTANCES_GRAPH
from kg.rdf import to_quads
from kg.store import META_GRAPH, EmbeddedStore
from kg.validate import consistency, validate
from kg.vocab import ID, RR, SPARQL_PREFIXES, graph_iri
from tests.conftest import DEV_CORPUS
from tests.kg.handmade import E, Report, extraction, write


def aid(name: str) -> str:
    """A real article id (20 hex digits) for a readable name."""
    return hashlib.sha1(name.encode()).hexdigest()[:20]


def event(name: str, n: int = 0) -> str:
    return f"<{ID}event/{aid(name)}/{n}>"


def evidence(name: str, n: int = 0) -> str:
    return f"<{ID}event/{aid(name)}/{n}/evidence>"


def article(name: str) -> str:
    return f"<{ID}article/{aid(name)}>"


def graph(name: str) -> str:
    return f"<{graph_iri(aid(name))}>"


def entity(slug: str) -> str:
    return f"<{E}{slug}>"


INSTANCES, META = f"<{INSTANCES_GRAPH}>", f"<{META_GRAPH}>"

# ---- the valid store: seven articles, every kind of node the mapping writes ----

HANDMADE = [
    # two articles report the same ban: one instance, two reports
    Report(aid("india-ban"), "Ban", {"affected": ["tiktok"]}, "india", "2020-06-29", "2020-06-30"),
    Report(
        aid("india-ban-again"),
        "Ban",
        {"affected": ["tiktok"]},
        "india",
        "2020-06-29",
        "2020-07-01",
        extra=[Report("", "Ban", {"agent": ["anatel"], "affected": ["x"]}, "brazil", "2024-08-30")],
    ),
    Report(
        aid("dma-fine"),
        "Fine",
        {"agent": ["european-commission"], "affected": ["meta"]},
        "european-union",
        "2024-11-14",
        "2024-11-14",
        amount=(797720000.0, "EUR"),
    ),
    Report(
        aid("app-store"),
        "AppStoreRemoval",
        {"affected": ["tiktok"]},
        "united-states",
        "2025-01-19",
        "2025-01-19",
        outcome="removed",
    ),
    Report(
        aid("to-bluesky"),
        "UserMigration",
        {"origin": ["x"], "destination": ["bluesky"]},
        "brazil",
        "2024-08-31",
        "2024-09-02",
    ),
]

COURT = Entity(
    E + "us-dc-circuit",
    "US Court of Appeals for the District of Columbia Circuit",
    "Court",
    mentions=[Mention(0, 12, "D.C. Circuit")],
)
LAW = Entity(
    E + "pafaca",
    "Protecting Americans from Foreign Adversary Controlled Applications Act",
    "LegalInstrument",
    mentions=[Mention(0, 6, "PAFACA")],
)
WITH_INSTRUMENT = [
    # (the report, entities beyond handmade.NAMES, roles they fill)
    (
        Report(
            aid("pafaca-signed"),
            "LegislationEnacted",
            {"affected": ["tiktok"]},
            "united-states",
            "2024-04-24",
            "2024-04-25",
        ),
        [LAW],
        {"instrument": [LAW.id]},
    ),
    (
        Report(
            aid("dc-circuit"),
            "CourtRuling",
            {"affected": ["tiktok"]},
            "united-states",
            "2024-12-06",
            "2024-12-06",
            outcome="upheld",
        ),
        [COURT, LAW],
        {"agent": [COURT.id], "instrument": [LAW.id]},
    ),
]


def write_base(store: EmbeddedStore) -> None:
    assert write(store, *HANDMADE) == ["new"] * len(HANDMADE)
    for report, entities, roles in WITH_INSTRUMENT:
        ex = extraction(report)  # handmade's own mapping, with the entities NAMES does not hold
        ex.entities.extend(entities)
        ex.events[0].roles.update(roles)
        assert store.replace_article(graph_iri(ex.article.id), to_quads(ex)) == "new"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    store = EmbeddedStore(tmp_path_factory.mktemp("base") / "kg")
    write_base(store)
    dump = store.dump(ox.RdfFormat.N_QUADS)
    store.close()
    return dump


def copy_of(dump: bytes, path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    store._store.load(dump, format=ox.RdfFormat.N_QUADS)
    store.read_model.rebuild(store.select)  # loaded behind its back, as a breakage edits
    return store


def test_the_hand_built_store_conforms(base: bytes, tmp_path: Path) -> None:
    store = copy_of(base, tmp_path / "kg")
    counts = store.select(
        f"""SELECT (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?e) AS ?events) (COUNT(DISTINCT ?i) AS ?instances)
        WHERE {{ {{ GRAPH ?g {{ ?a a <{RR}Article> }} }}
          UNION {{ GRAPH ?g {{ ?e a <{RR}Event> }} }}
          UNION {{ GRAPH {INSTANCES} {{ ?i a <{RR}EventInstance> }} }} }}"""
    )
    assert counts == [{"articles": "7", "events": "8", "instances": "7"}]
    conforms, text = validate(store)
    assert conforms, text


def test_the_spec_dev_articles_ingested_for_real_conform(tmp_path: Path) -> None:
    from kg.ingest import ingest
    from kg.sources import read_inputs

    store = EmbeddedStore(tmp_path / "kg")
    summary = ingest(store, read_inputs(sorted(DEV_CORPUS.glob("*.txt"))))
    assert [r.status for r in summary.results] == ["new"] * 6
    conforms, text = validate(store)
    assert conforms, text


# ---- the breakages: each edits a fresh copy of the valid store ----

SHAPES, CHECKS = "shapes", "checks"
Breakage = Callable[[EmbeddedStore], None]
BREAKAGES: dict[str, Breakage] = {}
CAUGHT_BY: dict[str, frozenset[str]] = {}  # the pin: which parts of validate report each breakage


def breakage(*caught_by: str) -> Callable[[Breakage], Breakage]:
    def register(fn: Breakage) -> Breakage:
        BREAKAGES[fn.__name__] = fn
        CAUGHT_BY[fn.__name__] = frozenset(caught_by)
        return fn

    return register


def update(store: EmbeddedStore, sparql: str) -> None:
    store._store.update(SPARQL_PREFIXES + sparql)


def set_value(store: EmbeddedStore, subject: str, predicate: str, value: str) -> None:
    """The value of a subject's predicate, in whichever graphs state it, replaced by another."""
    update(
        store,
        f"""DELETE {{ GRAPH ?g {{ {subject} {predicate} ?old }} }}
        INSERT {{ GRAPH ?g {{ {subject} {predicate} {value} }} }}
        WHERE {{ GRAPH ?g {{ {subject} {predicate} ?old }} }}""",
    )


def amount(name: str) -> str:
    return f"<{ID}event/{aid(name)}/0/amount>"


def instance_of(ev: str) -> str:
    return f"GRAPH {INSTANCES} {{ ?i rr:mention {ev} }}"


# roles filled by the wrong kind of entity


@breakage(SHAPES, CHECKS)
def platform_as_jurisdiction(store: EmbeddedStore) -> None:
    set_value(store, event("india-ban"), "rr:jurisdiction", entity("tiktok"))


@breakage(SHAPES, CHECKS)
def jurisdiction_as_instrument(store: EmbeddedStore) -> None:
    set_value(store, event("pafaca-signed"), "rr:instrument", entity("united-states"))


@breakage(SHAPES, CHECKS)
def company_as_migration_origin(store: EmbeddedStore) -> None:
    set_value(store, event("to-bluesky"), "rr:origin", entity("meta"))


# outcomes


@breakage(SHAPES, CHECKS)
def upheld_on_a_ban(store: EmbeddedStore) -> None:
    update(store, f'INSERT DATA {{ GRAPH {graph("india-ban")} {{ {event("india-ban")} rr:outcome "upheld" }} }}')


@breakage(SHAPES, CHECKS)
def unknown_outcome(store: EmbeddedStore) -> None:
    set_value(store, event("dc-circuit"), "rr:outcome", '"affirmed"')


@breakage(SHAPES, CHECKS)
def removed_on_a_court_ruling(store: EmbeddedStore) -> None:
    set_value(store, event("dc-circuit"), "rr:outcome", '"removed"')


# datatypes and ranges


@breakage(SHAPES)
def confidence_as_a_string(store: EmbeddedStore) -> None:
    set_value(store, event("dma-fine"), "rr:confidence", '"0.9"')


@breakage(SHAPES, CHECKS)
def confidence_above_one(store: EmbeddedStore) -> None:
    set_value(store, event("dma-fine"), "rr:confidence", "1.5")


@breakage(SHAPES, CHECKS)
def impossible_date_as_a_string(store: EmbeddedStore) -> None:
    set_value(store, event("app-store"), "rr:date", '"2025-13-45"')


@breakage(SHAPES, CHECKS)
def published_not_a_date(store: EmbeddedStore) -> None:
    set_value(store, article("dma-fine"), "schema:datePublished", '"14 November 2024"')


# offsets of the evidence


@breakage(SHAPES)
def negative_start(store: EmbeddedStore) -> None:
    set_value(store, evidence("dma-fine"), "oa:start", "-1")


@breakage(SHAPES)
def end_before_start(store: EmbeddedStore) -> None:
    ev = evidence("dma-fine")
    update(
        store,
        f"""DELETE {{ GRAPH ?g {{ {ev} oa:start ?s ; oa:end ?e }} }}
        INSERT {{ GRAPH ?g {{ {ev} oa:start ?e ; oa:end ?s }} }}
        WHERE {{ GRAPH ?g {{ {ev} oa:start ?s ; oa:end ?e }} }}""",
    )


# evidence and its event


@breakage(CHECKS)
def evidence_from_another_article(store: EmbeddedStore) -> None:
    set_value(store, evidence("india-ban"), "oa:hasSource", article("india-ban-again"))


@breakage(SHAPES)
def evidence_without_sentence(store: EmbeddedStore) -> None:
    update(store, f"DELETE WHERE {{ GRAPH ?g {{ {evidence('to-bluesky')} rr:sentence ?s }} }}")


@breakage(SHAPES)
def event_without_evidence(store: EmbeddedStore) -> None:
    update(store, f"DELETE WHERE {{ GRAPH ?g {{ {event('to-bluesky')} rr:evidence ?ev . ?ev ?p ?o }} }}")


# vocabulary


@breakage(SHAPES, CHECKS)
def event_type_outside_the_vocabulary(store: EmbeddedStore) -> None:
    ev = event("india-ban-again", 1)
    set_value(store, ev, "rr:eventType", "rr:Blocking")
    update(
        store,
        f"""DELETE {{ GRAPH ?g {{ {ev} a rr:Ban }} }} INSERT {{ GRAPH ?g {{ {ev} a rr:Blocking }} }}
        WHERE {{ GRAPH ?g {{ {ev} a rr:Ban }} }}""",
    )


@breakage(SHAPES)
def entity_type_outside_the_vocabulary(store: EmbeddedStore) -> None:
    meta = entity("meta")
    update(
        store,
        f"""DELETE {{ GRAPH ?g {{ {meta} a rr:Company }} }} INSERT {{ GRAPH ?g {{ {meta} a rr:Corporation }} }}
        WHERE {{ GRAPH ?g {{ {meta} a rr:Company }} }}""",
    )


@breakage(SHAPES)
def entity_without_label(store: EmbeddedStore) -> None:
    update(store, f"DELETE WHERE {{ GRAPH ?g {{ {entity('bluesky')} rdfs:label ?l }} }}")


# provenance


@breakage(SHAPES)
def event_without_derivation(store: EmbeddedStore) -> None:
    update(store, f"DELETE WHERE {{ GRAPH ?g {{ {event('app-store')} prov:wasDerivedFrom ?a }} }}")


@breakage(CHECKS)
def article_graph_without_its_hash(store: EmbeddedStore) -> None:
    update(store, f"DELETE WHERE {{ GRAPH {META} {{ {graph('to-bluesky')} rr:contentHash ?h }} }}")


@breakage(SHAPES, CHECKS)
def hash_of_a_dropped_graph(store: EmbeddedStore) -> None:
    update(store, f"DROP GRAPH {graph('to-bluesky')}")


# the instances graph


@breakage(CHECKS)
def report_filed_under_another_group(store: EmbeddedStore) -> None:
    update(
        store,
        f"""DELETE {{ GRAPH {INSTANCES} {{ ?m rr:inGroup ?k }} }}
        INSERT {{ GRAPH {INSTANCES} {{ ?m rr:inGroup "0123456789abcdef0123" }} }}
        WHERE {{ GRAPH {INSTANCES} {{ ?m rr:inGroup ?k }} FILTER(?m = {event("india-ban")}) }}""",
    )


@breakage(CHECKS)
def report_in_no_instance(store: EmbeddedStore) -> None:
    update(store, f"DELETE WHERE {{ {instance_of(event('india-ban-again'))} }}")


@breakage(CHECKS)
def instance_deleted(store: EmbeddedStore) -> None:
    update(store, f"DELETE WHERE {{ GRAPH {INSTANCES} {{ ?i rr:mention {event('dma-fine')} ; ?p ?o }} }}")


@breakage(SHAPES, CHECKS)
def instance_with_two_representatives(store: EmbeddedStore) -> None:
    update(
        store,
        f"""INSERT {{ GRAPH {INSTANCES} {{ ?i rr:representative ?other }} }}
        WHERE {{ GRAPH {INSTANCES} {{ ?i rr:mention ?other ; rr:representative ?rep }} FILTER(?other != ?rep) }}""",
    )


@breakage(SHAPES, CHECKS)
def earliest_after_latest(store: EmbeddedStore) -> None:
    update(
        store,
        f"""DELETE {{ GRAPH {INSTANCES} {{ ?i rr:earliest ?d }} }}
        INSERT {{ GRAPH {INSTANCES} {{ ?i rr:earliest "2020-07-01"^^xsd:date }} }}
        WHERE {{ {instance_of(event("india-ban"))} GRAPH {INSTANCES} {{ ?i rr:earliest ?d }} }}""",
    )


@breakage(SHAPES, CHECKS)
def event_deleted_but_its_instance_kept(store: EmbeddedStore) -> None:
    ev, g = event("app-store"), graph("app-store")
    update(
        store,
        f"""DELETE WHERE {{ GRAPH {g} {{ {ev} rr:evidence ?ev . ?ev ?p ?o }} }} ;
        DELETE WHERE {{ GRAPH {g} {{ {ev} ?p ?o }} }}""",
    )


# identity and amounts


@breakage(SHAPES)
def article_id_not_twenty_hex_digits(store: EmbeddedStore) -> None:
    set_value(store, article("pafaca-signed"), "rr:articleId", '"pafaca-signed"^^xsd:string')


@breakage(SHAPES, CHECKS)
def negative_amount(store: EmbeddedStore) -> None:
    set_value(store, amount("dma-fine"), "schema:value", "-797720000.0")


@breakage(SHAPES, CHECKS)
def currency_spelt_out(store: EmbeddedStore) -> None:
    set_value(store, amount("dma-fine"), "schema:currency", '"euros"')


CAUGHT = {name for name, parts in CAUGHT_BY.items() if parts}


@dataclass(frozen=True)
class Verdict:
    conforms: bool
    text: str
    parts: frozenset[str]  # which parts of validate reported something
    edit: frozenset[bytes]  # the quads the breakage took out or put in


@pytest.fixture(scope="module")
def verdicts(base: bytes, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Verdict]:
    """Each breakage applied to a fresh copy of the valid store, and what validate said of it."""
    before = set(base.splitlines())
    out = {}
    for name, breaks in BREAKAGES.items():
        store = copy_of(base, tmp_path_factory.mktemp(name) / "kg")
        breaks(store)
        edit = frozenset(before.symmetric_difference(store.dump(ox.RdfFormat.N_QUADS).splitlines()))
        conforms, text = validate(store)
        parts = {SHAPES} if text.startswith("Validation Report") else set()  # pyshacl's report, written on failure
        parts |= {CHECKS} if consistency(store) else set()
        out[name] = Verdict(conforms, text, frozenset(parts), edit)
        store.close()
    return out


def test_there_are_thirty_distinct_breakages_and_each_changes_the_store(verdicts: dict[str, Verdict]) -> None:
    assert len(BREAKAGES) == 30
    assert all(v.edit for v in verdicts.values()), [n for n, v in verdicts.items() if not v.edit]
    assert len({v.edit for v in verdicts.values()}) == 30


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_each_breakage_is_caught_or_not_as_pinned(verdicts: dict[str, Verdict], name: str) -> None:
    verdict = verdicts[name]
    assert (not verdict.conforms) is (name in CAUGHT), verdict.text
    assert verdict.parts == CAUGHT_BY[name], verdict.text


def test_at_least_27_of_30_breakages_are_caught(verdicts: dict[str, Verdict]) -> None:
    caught = {name for name, v in verdicts.items() if not v.conforms}
    assert len(caught) >= 27, sorted(set(BREAKAGES) - caught)


def test_an_event_typed_one_way_and_named_another_is_reported(base: bytes, tmp_path: Path) -> None:
    # a report whose class says Ban while its rr:eventType says Fine: `?e a rr:Fine` would miscount it
    store = copy_of(base, tmp_path / "kg")
    update(
        store,
        f"""DELETE {{ GRAPH ?g {{ ?e rr:eventType rr:Ban }} }} INSERT {{ GRAPH ?g {{ ?e rr:eventType rr:Fine }} }}
        WHERE {{ GRAPH ?g {{ ?e rr:eventType rr:Ban }} FILTER(?e = {event("india-ban")}) }}""",
    )
    problems = consistency(store)
    assert any(p.startswith("an event whose class is not its rr:eventType") for p in problems), problems
    store.close()
