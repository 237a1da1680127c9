"""What writing an article changes in the instances graph, at a cost bounded by what it changes.

The instances graph is a function of the report rows (kg/instances.py): a write works out the
groups the article's reports are in (and its older version's were in) as they stand and as
they will be, and writes only the difference. Worked out whole, every instance of a touched
group was joined, built into quads, hashed into a frozenset and compared at every write, so a
report joining a story told a thousand times paid for the thousand (`plan_write` was 12% of a
1-process ingest's GIL samples, benchmarks/RESULTS.md 2026-11-27). So a group, as the writer
keeps it (`GroupCache`), holds its reports place by place, each place's instances
(`instances.join_place`) and each instance's quads once they were needed, and a write:

- joins again only the places whose reports it changes, and reuses the other places' instances;
- merges the country's instances into the places' again (`instances.merge`: dates compared);
- builds quads only for an instance whose date or reports differ from before (the reports it
  kept are the same objects, so comparing them stops at identity), and compares those alone.

The quads are the same as joining each group whole gives: tests/kg/test_instance_plan.py writes,
replaces and removes articles at random and compares the store with `instances.rebuilt`.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import link_plan
from kg.instances import (
    Instance,
    Report,
    Select,
    by_event,
    by_place,
    join_place,
    merge,
    previous_groups,
    quads_of,
    report_quads,
    reports_in,
    stored_reports,
)
from kg.vocab import ID, RDF_TYPE, RR

Signature = tuple[str | None, tuple[Report, ...]]  # an instance's date and reports: its quads follow


@dataclass
class Group:
    """One group's reports and the instances they make, kept so a write redoes only its part."""

    key: str
    places: dict[str, list[Report]]  # each place's reports, by event ("": the country's)
    parts: dict[str, list[Instance]]  # each place's instances (never changed once made: shared)
    instances: dict[str, Instance]  # the group's instances once merged, by IRI
    signatures: dict[str, Signature]
    _quads: dict[str, tuple[ox.Quad, ...]] = field(default_factory=dict)  # built when first needed

    @classmethod
    def of(cls, key: str, reports: Iterable[Report]) -> Group:
        places = by_place(by_event(reports))
        return cls._made(key, places, {p: join_place(key, p, rs) for p, rs in places.items()}, None)

    @classmethod
    def _made(
        cls, key: str, places: dict[str, list[Report]], parts: dict[str, list[Instance]], was: Group | None
    ) -> Group:
        instances: dict[str, Instance] = {}
        signatures: dict[str, Signature] = {}
        kept: dict[str, tuple[ox.Quad, ...]] = {}
        for inst in merge(parts):
            instances[inst.iri] = inst
            if was is not None and was.instances.get(inst.iri) is inst:  # a part reused as it was
                signatures[inst.iri] = was.signatures[inst.iri]
            else:
                signatures[inst.iri] = (inst.date, by_event(inst.reports))
            if was is not None and inst.iri in was._quads and was.signatures.get(inst.iri) == signatures[inst.iri]:
                kept[inst.iri] = was._quads[inst.iri]
        return cls(key, places, parts, instances, signatures, kept)

    @property
    def reports(self) -> Iterator[Report]:
        for reports in self.places.values():
            yield from reports

    def quads(self, iri: str) -> tuple[ox.Quad, ...]:
        """An instance's quads, built the first time they are asked for."""
        found = self._quads.get(iri)
        if found is None:
            day, reports = self.signatures[iri]
            found = self._quads[iri] = quads_of(iri, self.key, day, reports)
        return found

    def changed(self, article: str, incoming: list[Report]) -> Group:
        """The group once `article`'s reports are out of it and `incoming` in: the places
        either touches are joined again, the others' instances reused."""
        coming = by_place(incoming)
        places: dict[str, list[Report]] = {}
        parts: dict[str, list[Instance]] = {}
        for place in sorted(self.places.keys() | coming.keys()):
            had = self.places.get(place, [])
            kept = [r for r in had if r.article != article]
            if len(kept) == len(had) and place not in coming:
                places[place], parts[place] = had, self.parts[place]
                continue
            now = by_event([*kept, *coming.get(place, ())])
            if now:
                places[place] = list(now)
                parts[place] = join_place(self.key, place, places[place])
        return Group._made(self.key, places, parts, self)


class GroupCache:
    """The groups one writer has read or written, so the next report of a story costs no
    query. Only for a store that this process alone writes (the embedded store holds an
    exclusive lock); a failed write forgets the groups it touched."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._groups: OrderedDict[str, Group] = OrderedDict()

    def get(self, select: Select, keys: Iterable[str]) -> dict[str, Group]:
        keys = set(keys)
        found = {k: self._groups[k] for k in keys if k in self._groups}
        missing = sorted(keys - set(found))
        fetched: dict[str, list[Report]] = {k: [] for k in missing}
        for r in stored_reports(select, missing):
            fetched[r.group].append(r)
        found |= {k: Group.of(k, v) for k, v in fetched.items()}
        self.put(found)  # kept by what it returns, whatever the put evicts
        return found

    def put(self, groups: dict[str, Group]) -> None:
        for key, group in groups.items():
            self._groups[key] = group
            self._groups.move_to_end(key)
        while len(self._groups) > self.size:
            self._groups.popitem(last=False)

    def forget(self, keys: Iterable[str] | None = None) -> None:
        if keys is None:
            self._groups.clear()
        for key in keys or ():
            self._groups.pop(key, None)


@dataclass
class Plan:
    removed: list[ox.Quad]
    added: list[ox.Quad]
    groups: dict[str, Group]  # the touched groups as they are once the write is done
    touched: set[str] = field(default_factory=set)  # subjects whose quads the write changes
    now: list[ox.Quad] = field(default_factory=list)  # their quads once it is done (links aside)


def _article_of(quads: list[ox.Quad], graph: str) -> str:
    article_type = (ox.NamedNode(RDF_TYPE), ox.NamedNode(RR + "Article"))
    for q in quads:
        if q.graph_name.value == graph and (q.predicate, q.object) == article_type:
            return q.subject.value
    return ID + "article/" + graph.removeprefix(ID + "graph/")


def plan_write(
    select: Select,
    graph: str,
    quads: list[ox.Quad],
    replacing: bool,
    cache: GroupCache | None = None,
    db: sqlite3.Connection | None = None,
) -> Plan:
    """What writing an article changes in the instances graph: the quads to remove and to add,
    the links between instances (kg/links.py) included.

    Only the subjects a write can change are compared: the article's old and new report rows,
    and the instances whose date or reports differ before and after it (the module's
    docstring); a report joining a story told a thousand times changes a few quads."""
    article = _article_of(quads, graph)
    new = reports_in(quads, graph)
    keys = {r.group for r in new} | (previous_groups(select, article) if replacing else set())
    before = (cache or GroupCache()).get(select, keys)
    incoming: dict[str, list[Report]] = defaultdict(list)
    for r in new:
        incoming[r.group].append(r)
    after = {k: g.changed(article, incoming[k]) for k, g in before.items()}
    # a subject's quads as they stand and once written, for each subject the write may change
    # (a report moving to another group is one subject in two groups)
    was: dict[str, set[ox.Quad]] = defaultdict(set)
    now: dict[str, set[ox.Quad]] = defaultdict(set)
    for key, old in before.items():
        fresh = after[key]
        for iri in old.signatures.keys() | fresh.signatures.keys():
            then, later = old.signatures.get(iri), fresh.signatures.get(iri)
            if then is later or then == later:
                continue
            if then is not None:
                was[iri].update(old.quads(iri))
            if later is not None:
                now[iri].update(fresh.quads(iri))
        for r in old.reports:
            if r.article == article:
                was[r.event].update(report_quads(r))
        for r in incoming[key]:
            now[r.event].update(report_quads(r))
    touched = {s for s in was.keys() | now.keys() if was.get(s, set()) != now.get(s, set())}
    gone = [q for s in touched for q in was.get(s, ()) if q not in now.get(s, ())]
    came = [q for s in touched for q in now.get(s, ()) if q not in was.get(s, ())]
    then_quads = [q for s in touched for q in was.get(s, ())]
    is_now = [q for s in touched for q in now.get(s, ())]
    unlinked, linked = link_plan.plan(select, then_quads, is_now, db)  # links cross groups: kg/link_plan.py
    return Plan(gone + unlinked, came + linked, after, touched, is_now)
