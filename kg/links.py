"""Links between real-world events, as data: what ends, decides, challenges and enforces what,
and from when until when a ban or a law was in force.

A researcher asks "which bans stood on 18 January 2025?" or "which ruling decided this
challenge?". Worked out inside each query, those are long NOT EXISTS patterns that every
query gets slightly differently wrong; stored once, they are one triple pattern.

Every link joins two event instances (`rrg:instances`) and follows from their type, outcome,
roles and *day*: the earliest day an instance's date can mean, or, undated, the day it was
first reported (by which it had happened). An instance with neither is never linked.

- `rr:ends` (the first closer on or after a start ends it; one closer may end several starts):
  a BanLifted ends a Ban in a jurisdiction both name, against an affected party both name;
  a ServiceRestored ends a ServiceShutdown of an agent both name, in a jurisdiction both name;
  an AppStoreRemoval "restored" ends one "removed" of the same app by the same store there;
  a CourtRuling that strikes down or blocks ends a law, regulation, order or ban on an
  instrument both name.
- `rr:decides`: the first CourtRuling on or after a LegalChallenge, on an instrument both name.
- `rr:challenges`: a LegalChallenge challenges the latest law, regulation, order or ban on an
  instrument both name that had begun by the challenge's day.
- `rr:enforces`: a Fine, Investigation or Ban enforces the latest law, regulation or order on
  an instrument both name that had begun by its day.

Each instance has at most one link of each kind out of it (`challenges`, `enforces`) or into it
(`ends`, `decides`), so the links grow with the instances, not with their pairs: "each act on
the instrument begun before" made 139,000 links of 13,000 instances at 1M quads.
- `rr:inForceFrom` / `rr:inForceUntil` (bans, laws, regulations, orders): from its day until the
  day of whatever ends it; no end known, no `rr:inForceUntil`.

No event type says "repealed" (spec/EXTRACTION.md), so a repeal ends nothing yet.

What each link depends on is bounded: two instances are only ever linked when they share a
*scope* (an instrument, or a jurisdiction with a target), and every link is *owned* by one
instance (the start an `rr:ends` points at, the challenge a ruling `rr:decides`, the subject of
the others), whose links are a function of the instances that share a scope with it. So a
write recomputes only the owners that share a scope with an instance it changed, in the same
transaction, and `derive` over the whole graph (what `kg reindex` and `kg validate` do) gives
the same quads whatever order articles came in.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from kg.vocab import INSTANCES_GRAPH, RDF_TYPE, RR, XSD

LINKS = ("ends", "decides", "challenges", "enforces")
INTERVAL = ("inForceFrom", "inForceUntil")
OWNED_BY_OBJECT = ("ends", "decides")  # the rest are owned by their subject

LAWS = frozenset({"LegislationEnacted", "RegulationIssued", "ExecutiveOrder"})
IN_FORCE = LAWS | {"Ban"}
ENFORCING = frozenset({"Fine", "Investigation", "Ban"})
ON_INSTRUMENT = IN_FORCE | ENFORCING | {"LegalChallenge", "CourtRuling"}
STRIKING = frozenset({"struck_down", "blocked"})

# What the links an instance owns read, by type (`owned` below), and its inverse: which owners
# a change of an instance of a type can reach. The write plan relies on these being complete.
NEEDS: dict[str, frozenset[str]] = {
    "Ban": frozenset({"BanLifted", "CourtRuling", *LAWS}),
    **{law: frozenset({"CourtRuling"}) for law in LAWS},
    "ServiceShutdown": frozenset({"ServiceRestored"}),
    "AppStoreRemoval": frozenset({"AppStoreRemoval"}),
    "LegalChallenge": frozenset({"CourtRuling", *IN_FORCE}),
    "Fine": LAWS,
    "Investigation": LAWS,
}
LINKED = frozenset(NEEDS) | frozenset().union(*NEEDS.values())  # types that can be in a link
AFFECTS: dict[str, frozenset[str]] = {t: frozenset(owner for owner, read in NEEDS.items() if t in read) for t in LINKED}

Scope = tuple[str, ...]
Select = Callable[[str], list[dict[str, str | None]]]


@dataclass(frozen=True)
class Node:
    """What linking reads of an event instance."""

    iri: str
    type: str
    day: str | None
    outcome: str | None = None
    jurisdiction: frozenset[str] = frozenset()
    agent: frozenset[str] = frozenset()
    affected: frozenset[str] = frozenset()
    instrument: frozenset[str] = frozenset()


@lru_cache(maxsize=1 << 16)
def scopes(n: Node) -> frozenset[Scope]:
    """The scopes an instance is in: two instances are linked only if they share one."""
    out: set[Scope] = set()
    if n.type in ON_INSTRUMENT:
        out |= {("instrument", i) for i in n.instrument}
    if n.type in ("Ban", "BanLifted"):
        out |= {("banned", j, a) for j in n.jurisdiction for a in n.affected}
    if n.type in ("ServiceShutdown", "ServiceRestored"):
        out |= {("served", j, a) for j in n.jurisdiction for a in n.agent}
    if n.type == "AppStoreRemoval":
        out |= {("listed", j, app, by) for j in n.jurisdiction for app in n.affected for by in n.agent}
    return frozenset(out)


# ---- each scope's acts in order: what a write reads instead of the whole scope ----


# The part an instance plays in a scope, by what `owned` asks of it there. Filed in the read
# model (kg/read_model.py `act`) by (scope, part, day, iri), so that "the first striking ruling on
# this law on or after the 3rd" is one index seek, however many acts the law has.
def parts(n: Node, kind: str) -> tuple[str, ...]:
    """The parts `n` plays in a scope of this kind (none: it is never linked through it)."""
    if kind == "instrument":
        out = [
            part for part, types in (("in_force", IN_FORCE), ("law", LAWS), ("enforcer", ENFORCING)) if n.type in types
        ]
        if n.type == "LegalChallenge":
            out.append("challenge")
        if n.type == "CourtRuling":
            out += ["ruling", *(["striking"] if n.outcome in STRIKING else [])]
        return tuple(out)
    if kind == "banned":
        return {"Ban": ("ban",), "BanLifted": ("lifted",)}.get(n.type, ())
    if kind == "served":
        return {"ServiceShutdown": ("shutdown",), "ServiceRestored": ("restored",)}.get(n.type, ())
    if kind == "listed" and n.type == "AppStoreRemoval":
        return {"removed": ("removed_app",), "restored": ("restored_app",)}.get(n.outcome or "", ())
    return ()


# The links `owned` makes, as (owner's part, target's part, link) in one scope: the owner's
# target is the first act of the target's part on or after its day (FIRST_ON_OR_AFTER), or the
# last on or before it (LAST_ON_OR_BEFORE), over all the scopes they share. Order is by
# (day, iri), as `_first` and `_last` order.
FIRST_ON_OR_AFTER = (
    ("in_force", "striking", "ends"),
    ("ban", "lifted", "ends"),
    ("shutdown", "restored", "ends"),
    ("removed_app", "restored_app", "ends"),
    ("challenge", "ruling", "decides"),
)
LAST_ON_OR_BEFORE = (("challenge", "in_force", "challenges"), ("enforcer", "law", "enforces"))


def scope_key(scope: Scope) -> str:
    return "\x1f".join(scope)


def filed(n: Node) -> list[tuple[str, str, str, str]]:
    """The read model's `act` rows of an instance: (scope, part, day, iri). An undated instance
    is never linked, and not filed."""
    if not n.day:
        return []
    return sorted((scope_key(s), part, n.day, n.iri) for s in scopes(n) for part in parts(n, s[0]))


def _shares(a: Node, b: Node, kind: str) -> bool:
    return any(s[0] == kind for s in scopes(a) & scopes(b))


def _closes(closer: Node, start: Node) -> bool:
    """Whether `closer` is of a kind that ends `start` (dates aside)."""
    if start.type == "Ban" and closer.type == "BanLifted" and _shares(closer, start, "banned"):
        return True
    if start.type == "ServiceShutdown" and closer.type == "ServiceRestored":
        return _shares(closer, start, "served")
    if start.type == "AppStoreRemoval" and (start.outcome, closer.type, closer.outcome) == (
        "removed",
        "AppStoreRemoval",
        "restored",
    ):
        return _shares(closer, start, "listed")
    return (
        start.type in IN_FORCE
        and closer.type == "CourtRuling"
        and closer.outcome in STRIKING
        and _shares(closer, start, "instrument")
    )


def _first(nodes: Iterable[Node]) -> Node | None:
    return min(nodes, key=lambda n: (n.day or "", n.iri), default=None)


def _last(nodes: Iterable[Node]) -> Node | None:
    return max(nodes, key=lambda n: (n.day or "", n.iri), default=None)


def owned(owner: Node, others: Iterable[Node]) -> list[tuple[str, str, str]]:
    """The links `owner` owns, as (subject, property, object) with a date string for an
    interval: a function of the owner and the instances that share a scope with it."""
    day = owner.day
    if not day:
        return []
    others = list(others)
    after = [n for n in others if n.iri != owner.iri and n.day and n.day >= day]
    out: list[tuple[str, str, str]] = []
    if owner.type in IN_FORCE:
        out.append((owner.iri, "inForceFrom", day))
    ender = _first(n for n in after if _closes(n, owner))
    if ender:
        out.append((ender.iri, "ends", owner.iri))
        if owner.type in IN_FORCE:
            out.append((owner.iri, "inForceUntil", ender.day or day))
    if owner.type == "LegalChallenge":
        ruling = _first(n for n in after if n.type == "CourtRuling" and _shares(n, owner, "instrument"))
        if ruling:
            out.append((ruling.iri, "decides", owner.iri))
    begun = [n for n in others if n.iri != owner.iri and n.day and n.day <= day]
    if owner.type == "LegalChallenge":
        law = _last(n for n in begun if n.type in IN_FORCE and _shares(n, owner, "instrument"))
        if law:
            out.append((owner.iri, "challenges", law.iri))
    if owner.type in ENFORCING:
        law = _last(n for n in begun if n.type in LAWS and _shares(n, owner, "instrument"))
        if law:
            out.append((owner.iri, "enforces", law.iri))
    return out


# ---- instances in and out of quads ----

_ROLES = ("jurisdiction", "agent", "affected", "instrument")


def nodes_of(quads: Iterable[ox.Quad]) -> dict[str, Node]:
    """The event instances among instance-graph quads (report rows and links are skipped)."""
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        facts[q.subject.value][q.predicate.value].append(q.object.value)
    return {iri: node(iri, f) for iri, f in facts.items() if RR + "EventInstance" in f.get(RDF_TYPE, ())}


def node(iri: str, facts: dict[str, list[str]]) -> Node:
    """An instance's `Node` from its facts (predicate IRI -> values)."""

    def one(p: str) -> str | None:
        return (facts.get(RR + p) or [None])[0]

    return Node(
        iri=iri,
        type=(one("eventType") or "").removeprefix(RR),
        day=one("earliest") or one("firstReported"),
        outcome=one("outcome"),
        **{role: frozenset(facts.get(RR + role, ())) for role in _ROLES},
    )


def quad(s: str, p: str, o: str) -> ox.Quad:
    obj = ox.Literal(o, datatype=ox.NamedNode(XSD + "date")) if p in INTERVAL else ox.NamedNode(o)
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(RR + p), obj, ox.NamedNode(INSTANCES_GRAPH))


def _by_scope(nodes: Iterable[Node]) -> dict[Scope, list[Node]]:
    index: dict[Scope, list[Node]] = defaultdict(list)
    for n in nodes:
        for s in scopes(n):
            index[s].append(n)
    return index


def _links(owners: Iterable[Node], index: dict[Scope, list[Node]]) -> set[ox.Quad]:
    out: set[ox.Quad] = set()
    for owner in owners:
        others = {n.iri: n for s in scopes(owner) for n in index.get(s, ())}
        out.update(quad(*t) for t in owned(owner, others.values()))
    return out


def links_of(owners: Iterable[Node], others: Iterable[Node]) -> set[ox.Quad]:
    """The links these owners own, given (at least) every instance sharing a scope with them."""
    return _links(owners, _by_scope(others))


def derive(instance_quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Every link of a whole instances graph (given its instance quads)."""
    nodes = nodes_of(instance_quads)
    return sorted(_links(nodes.values(), _by_scope(nodes.values())), key=str)


# ---- a write: the links of the owners it may change ----


def _values(rows: Iterable[Scope]) -> str:
    return " ".join("(" + " ".join(f"<{v}>" for v in row) + ")" for row in sorted(rows))


_FACTS = " ".join(
    [f"<{RDF_TYPE}>", *(f"<{RR}{p}>" for p in ("eventType", "earliest", "firstReported", "outcome", *_ROLES))]
)


def stored_nodes(select: Select, wanted: set[Scope], types: Iterable[str]) -> dict[str, Node]:
    """The stored instances of these types in any of these scopes: one query."""
    types = set(types)
    by_kind: dict[str, set[Scope]] = defaultdict(set)
    for s in wanted:
        by_kind[s[0]].add(s[1:])
    patterns = {
        "instrument": "VALUES (?x) {{ {} }} ?i <{rr}instrument> ?x .",
        "banned": "VALUES (?j ?x) {{ {} }} ?i <{rr}jurisdiction> ?j ; <{rr}affected> ?x .",
        "served": "VALUES (?j ?x) {{ {} }} ?i <{rr}jurisdiction> ?j ; <{rr}agent> ?x .",
        "listed": "VALUES (?j ?x ?y) {{ {} }} ?i <{rr}jurisdiction> ?j ; <{rr}affected> ?x ; <{rr}agent> ?y .",
    }
    # only the types a scope links: the statements and responses naming an instrument stay unread
    kinds = {
        "instrument": ON_INSTRUMENT,
        "banned": {"Ban", "BanLifted"},
        "served": {"ServiceShutdown", "ServiceRestored"},
        "listed": {"AppStoreRemoval"},
    }
    branches = [
        "{ "
        + patterns[kind].format(_values(rows), rr=RR)
        + f" ?i <{RR}eventType> ?t VALUES ?t {{ {' '.join(f'<{RR}{t}>' for t in sorted(kinds[kind] & types))} }} }}"
        for kind, rows in sorted(by_kind.items())
        if rows and kinds[kind] & types
    ]
    if not branches:
        return {}
    rows = select(
        f"""SELECT ?i ?p ?o WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{
              {{ SELECT DISTINCT ?i WHERE {{ {" UNION ".join(branches)} }} }}
              ?i ?p ?o VALUES ?p {{ {_FACTS} }} }} }}"""
    )
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        facts[r["i"] or ""][r["p"] or ""].append(r["o"] or "")
    nodes = {iri: node(iri, f) for iri, f in facts.items() if RR + "EventInstance" in f.get(RDF_TYPE, ())}
    return {iri: n for iri, n in nodes.items() if scopes(n) & wanted and n.type in types}


# What each kind of scope requires of an instance's roles, in the read model's role table
_SCOPE_ROLES: dict[str, tuple[str, ...]] = {
    "instrument": ("instrument",),
    "banned": ("jurisdiction", "affected"),
    "served": ("jurisdiction", "agent"),
    "listed": ("jurisdiction", "affected", "agent"),
}
_CHUNK = 500  # SQLite's bound parameters per statement stay well under its limit


def indexed_nodes(db: sqlite3.Connection, wanted: set[Scope], types: Iterable[str]) -> dict[str, Node]:
    """`stored_nodes` answered from the read model (kg/read_model.py): its role index finds a
    scope's instances without reading the graph, where the SPARQL form cost most of a write
    once a law had a few hundred acts (measured: 13 of 36 s for 160 articles)."""
    types = set(types)
    found: set[str] = set()
    for scope in wanted:
        roles = _SCOPE_ROLES[scope[0]]
        joins = " ".join(
            f"JOIN role r{k} ON r{k}.instance = r0.instance AND r{k}.role = ? AND r{k}.entity = ?"
            for k in range(1, len(roles))
        )
        params: list[str] = [roles[0], scope[1]]
        for k in range(1, len(roles)):
            params += [roles[k], scope[k + 1]]
        sql = f"SELECT r0.instance FROM role r0 {joins} WHERE r0.role = ? AND r0.entity = ?"
        found.update(r[0] for r in db.execute(sql, params[2:] + params[:2]))
    nodes = nodes_by_iri(db, found, types)
    return {iri: n for iri, n in nodes.items() if scopes(n) & wanted}


def nodes_by_iri(db: sqlite3.Connection, iris: Iterable[str], types: Iterable[str] | None = None) -> dict[str, Node]:
    """These instances (of these types) as the read model holds them: two indexed reads a chunk."""
    wanted = set(types) if types is not None else None
    iris = sorted(set(iris))
    heads: dict[str, tuple[str, str | None, str | None]] = {}
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for start in range(0, len(iris), _CHUNK):
        part = iris[start : start + _CHUNK]
        marks = ",".join("?" * len(part))
        for iri, etype, earliest, first, outcome in db.execute(
            f"SELECT iri, type, earliest, first_reported, outcome FROM instance WHERE iri IN ({marks})", part
        ):
            if wanted is None or etype in wanted:
                heads[iri] = (etype, earliest or first, outcome)
        for iri, role, entity in db.execute(
            f"SELECT instance, role, entity FROM role WHERE instance IN ({marks})", part
        ):
            facts[iri][role].add(entity)
    return {
        iri: Node(
            iri=iri,
            type=etype,
            day=day,
            outcome=outcome,
            **{role: frozenset(facts[iri].get(role, ())) for role in _ROLES},
        )
        for iri, (etype, day, outcome) in heads.items()
    }


def stored_links(select: Select, owners: Iterable[str]) -> set[ox.Quad]:
    """The links these owners own, as the store holds them."""
    iris = " ".join(f"<{o}>" for o in sorted(set(owners)))
    if not iris:
        return set()
    by_object = " ".join(f"<{RR}{p}>" for p in OWNED_BY_OBJECT)
    by_subject = " ".join(f"<{RR}{p}>" for p in (*LINKS, *INTERVAL) if p not in OWNED_BY_OBJECT)
    rows = select(
        f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ VALUES ?x {{ {iris} }}
              {{ ?s ?p ?x VALUES ?p {{ {by_object} }} BIND(?x AS ?o) }}
              UNION {{ ?x ?p ?o VALUES ?p {{ {by_subject} }} BIND(?x AS ?s) }} }} }}"""
    )
    return {quad(r["s"] or "", (r["p"] or "").removeprefix(RR), r["o"] or "") for r in rows}


def owners_pointing_at(select: Select, targets: Iterable[str]) -> set[str]:
    """The owners of the stored links whose other end is one of these instances: what ends or
    decides them is owned by what it ends or decides, what challenges or enforces them by the
    challenger or enforcer."""
    iris = " ".join(f"<{t}>" for t in sorted(set(targets)))
    if not iris:
        return set()
    by_object = " ".join(f"<{RR}{p}>" for p in OWNED_BY_OBJECT)
    by_subject = " ".join(f"<{RR}{p}>" for p in LINKS if p not in OWNED_BY_OBJECT)
    rows = select(
        f"""SELECT ?owner WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ VALUES ?x {{ {iris} }}
              {{ ?x ?p ?owner VALUES ?p {{ {by_object} }} }}
              UNION {{ ?owner ?p ?x VALUES ?p {{ {by_subject} }} }} }} }}"""
    )
    return {r["owner"] or "" for r in rows}
