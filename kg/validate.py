"""`kg validate`: the stored graph against ontologies/shapes.ttl (pyshacl, no inference), and
the checks a shape cannot make because they span named graphs: every article graph stamped
in the meta graph and back, every report filed in exactly one real-world event, and the
instances and the links between them exactly what kg/instances.py and kg/links.py would build
again from the article graphs (so a crash between an article and its instances, a stale link
or a hand edit shows up here), and the read model (kg/read_model.py) row for row what the
instances graph says (a hand edit of either, or a write behind the store's back, shows up;
`kg reindex` rebuilds both).

`kg verify` is all of that plus the one check only the bytes can make: every article graph
re-hashed against the content hash written beside it when it was stored, so a graph changed
behind the service's back (a hand edit, a bad restore, a disk) is named. It is what a backup
is checked with before it is trusted."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib

from kg.instances import INSTANCES_GRAPH, rebuilt
from kg.links import INTERVAL, LINKS
from kg.rdf import content_hash
from kg.store import META_GRAPH, Store, gazetteer_facts
from kg.vocab import ENTITIES_GRAPH, PROV, RR
from ontologies import read

# Each check: a name, and a query whose rows are the problems it finds.
CHECKS = {
    "an article graph without its content hash in the meta graph": f"""
        SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a a <{RR}Article> }}
          FILTER NOT EXISTS {{ GRAPH <{META_GRAPH}> {{ ?g <{RR}contentHash> ?h }} }} }}""",
    "a content hash for a graph that holds no article": f"""
        SELECT ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{RR}contentHash> ?h }}
          FILTER NOT EXISTS {{ GRAPH ?g {{ ?a a <{RR}Article> }} }} }}""",
    "an event derived from an article of another graph": f"""
        SELECT ?e WHERE {{ GRAPH ?g {{ ?e a <{RR}Event> ; <{PROV}wasDerivedFrom> ?a }}
          FILTER NOT EXISTS {{ GRAPH ?g {{ ?a a <{RR}Article> }} }} }}""",
    "evidence whose source is not its event's article": f"""
        SELECT ?ev WHERE {{ GRAPH ?g {{ ?e <{RR}evidence> ?ev ; <{PROV}wasDerivedFrom> ?a .
          ?ev <http://www.w3.org/ns/oa#hasSource> ?s }} FILTER(?s != ?a) }}""",
    "an event whose class is not its rr:eventType": f"""
        SELECT ?e WHERE {{ GRAPH ?g {{ ?e a <{RR}Event> ; <{RR}eventType> ?t }}
          FILTER NOT EXISTS {{ GRAPH ?g {{ ?e a ?t }} }} }}""",
    "a report not filed in exactly one real-world event": f"""
        SELECT ?e (COUNT(?i) AS ?n) WHERE {{ GRAPH ?g {{ ?e a <{RR}Event> }}
          FILTER(?g != <{INSTANCES_GRAPH}>)
          OPTIONAL {{ GRAPH <{INSTANCES_GRAPH}> {{ ?i <{RR}mention> ?e }} }} }} GROUP BY ?e HAVING (COUNT(?i) != 1)""",
    "a report row whose event is not in its article's graph": f"""
        SELECT ?e WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?e <{RR}reportGraph> ?g }}
          FILTER NOT EXISTS {{ GRAPH ?g {{ ?e a <{RR}Event> }} }} }}""",
    "an entity described in the entities graph without a type": f"""
        SELECT ?e WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }}
          FILTER NOT EXISTS {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e a ?t }} }} }}""",
}


def _instances_match(store: Store) -> list[str]:
    """The stored instances against a rebuild from the article graphs: what differs."""
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?s ?p ?o }} }}"
    stored = {(r["s"], r["p"], r["o"]) for r in store.select(query)}
    fresh_store = ox.Store()  # in memory: literals come back in the same canonical form
    fresh_store.extend(rebuilt(store.select))
    fresh = {(s["s"].value, s["p"].value, s["o"].value) for s in fresh_store.query(query)}
    missing, extra = fresh - stored, stored - fresh

    def link(t: tuple[str, str, str]) -> bool:
        return t[1].removeprefix(RR) in (*LINKS, *INTERVAL)

    # links are named apart: a stale link is a wrong answer to "what ended this ban?"
    return (
        [f"missing from the instances graph: {t}" for t in sorted(t for t in missing if not link(t))[:10]]
        + [f"in the instances graph but not in a rebuild: {t}" for t in sorted(t for t in extra if not link(t))[:10]]
        + [f"a link kg/links.py makes that is not stored: {t}" for t in sorted(filter(link, missing))[:10]]
        + [f"a stored link kg/links.py does not make: {t}" for t in sorted(filter(link, extra))[:10]]
    )


def consistency(store: Store) -> list[str]:
    problems = []
    for name, query in CHECKS.items():
        rows = store.select(query)
        problems += [f"{name}: {next(iter(r.values()))}" for r in rows[:10]]
    return problems + _instances_match(store) + _gazetteer_facts_missing(store)


def _gazetteer_facts_missing(store: Store) -> list[str]:
    """What the gazetteer knows of the store's entities and the entities graph lacks: a store
    written before those facts were known (or before a gazetteer edit), which `kg reindex` mends."""
    wanted = gazetteer_facts(store.select)
    if not wanted:
        return []
    values = " ".join(f"({q.subject} {q.predicate} {q.object})" for q in wanted)
    rows = store.select(
        f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} "
        f"FILTER NOT EXISTS {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} }} }} ORDER BY ?s ?p ?o"
    )
    return [
        f"what the gazetteer knows, missing from the entities graph (kg reindex writes it): {r['s']} {r['p']} {r['o']}"
        for r in rows[:10]
    ]


def read_model_problems(store: Store) -> list[str]:
    """The read model against a rebuild from the instances graph (none to check over a remote
    store, or a read-only open of a store no writer of this version has opened)."""
    model = getattr(store, "read_model", None)
    return model.differences(store.select)[:10] if model is not None else []


def _shacl(quads: list[ox.Quad]) -> tuple[bool, str]:
    """The shapes over the union of every graph (no inference): whether it conforms, and pyshacl's report."""
    from pyshacl import validate as shacl

    triples = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    union = rdflib.Graph().parse(data=triples, format="nt")
    shapes = rdflib.Graph().parse(data=read("shapes.ttl"), format="turtle")
    conforms, _graph, text = shacl(union, shacl_graph=shapes, inference="none", allow_warnings=True)
    return bool(conforms), text


def validate(store: Store) -> tuple[bool, str]:
    quads = list(ox.parse(store.dump(ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS))
    conforms, text = _shacl(quads)
    problems = consistency(store)
    if problems:
        text = (text if not conforms else "") + "Graph consistency:\n" + "\n".join(f"  {p}" for p in problems)
    stale = read_model_problems(store)
    if stale:
        text = (text if not conforms or problems else "") + "Read model:\n" + "\n".join(f"  {p}" for p in stale)
    return conforms and not problems and not stale, text


def rehash(quads: list[ox.Quad]) -> tuple[int, list[str]]:
    """Every article graph stamped in the meta graph, hashed again from what it holds now:
    how many were checked, and one line per graph whose digest differs."""
    by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        by_graph[getattr(quad.graph_name, "value", "")].append(quad)
    stamps = sorted(
        (q.subject.value, q.object.value) for q in by_graph[META_GRAPH] if q.predicate.value == f"{RR}contentHash"
    )
    problems = [
        f"article graph <{graph}> no longer holds what its content hash says (stored {digest[:12]}, now {now[:12]})"
        for graph, digest in stamps
        if (now := content_hash(by_graph.get(graph, ()), graph)) != digest
    ]
    return len(stamps), problems


@dataclass
class Verification:
    """What `kg verify` found: the counts it checked, and every problem as one plain line."""

    articles: int = 0
    instances: int = 0
    quads: int = 0
    problems: list[str] = field(default_factory=list)
    shacl_report: str = ""  # pyshacl's text when the shapes are violated

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: Store) -> Verification:
    """Content hashes, the cross-graph checks with the read model against a rebuild
    (`consistency`), and SHACL, over one dump of the store."""
    quads = list(ox.parse(store.dump(ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS))
    articles, problems = rehash(quads)
    problems += consistency(store) + read_model_problems(store)
    conforms, text = _shacl(quads)
    if not conforms:
        results = re.search(r"Results \((\d+)\)", text)
        problems.append(
            f"SHACL: {results.group(1) if results else 'some'} results against ontologies/shapes.ttl (below)"
        )
    instances = store.select(
        f"SELECT (COUNT(?i) AS ?n) WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?i a <{RR}EventInstance> }} }}"
    )
    return Verification(articles, int(instances[0]["n"] or 0), len(quads), problems, "" if conforms else text)
