"""The answers to the questions of spec/QUESTIONS.md, as plain functions over a store.

GraphQL, `kg ask` and the benchmarks call these; none of them assembles an answer itself.
Each question starts from one row per real-world event (see kg/instances.py): read from the
read model (kg/read_model.py, an index in SQLite) when the store has one that agrees with the
graph, else from its canned query of queries/ (kg/question_rows.py gives the same rows); it
then fetches the details of every event and entity it needs in one batch
query each. `as_of` answers with what had been reported by the end of that day: events first
reported later are left out, reports published later are not counted, and risk decays to
that day. Exposure (Q5), which scores acts by the risk rules, is in kg/exposure_answers.py.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from extractors.vocabulary import TOP_CLASS_OF
from kg import question_rows
from kg.queries import catalogue
from kg.store import Row, Store
from kg.vocab import ENTITIES_GRAPH, RDFS, RR

FOREVER = "9999-12-31"


@dataclass
class EntityRecord:
    id: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)


@dataclass
class EventRecord:
    """One article's report of an event (`row` holds its evidence), standing for the real-world
    event `instance` when a question asked for those."""

    row: Row
    roles: dict[str, list[str]]
    metrics: list[Row]
    instance: str | None = None
    instance_date: str | None = None

    @property
    def id(self) -> str:
        return str(self.row["event"])

    @property
    def date(self) -> str | None:
        return self.instance_date or self.row["date"]


@dataclass
class Report:
    event: str
    article: str
    published: str | None


def _run(store: Store, name: str, params: dict[str, object], limit: int | None = None, offset: int = 0) -> list[Row]:
    return catalogue()[name].run(store, params, limit, offset)


def read_index(store: Store) -> sqlite3.Connection | None:
    """This thread's connection to the store's read model, when it may answer (see above)."""
    usable = getattr(store, "questions_model", None)
    model = usable() if usable else None
    return model.reader() if model is not None else None


def entity_records(rows: list[Row]) -> dict[str, EntityRecord]:
    """Rows of entity or entity_details (one per alias and per sameAs link) as records."""
    found: dict[str, EntityRecord] = {}
    for r in rows:
        rec = found.setdefault(r["entity"], EntityRecord(r["entity"], r["label"], r["type"].split("#")[-1]))
        if r["alias"] and r["alias"] not in rec.aliases and r["alias"] != rec.label:
            rec.aliases.append(r["alias"])
        if r["sameAs"] and r["sameAs"] not in rec.same_as:
            rec.same_as.append(r["sameAs"])
    return found


def entities(store: Store, iris: list[str]) -> dict[str, EntityRecord]:
    if not iris:
        return {}
    return entity_records(_run(store, "entity_details", {"entities_list": list(dict.fromkeys(iris))}))


def entity_names(store: Store, iris: list[str]) -> dict[str, EntityRecord]:
    """`entities` without aliases and Wikidata links: for a list that shows names alone (the
    few hundred entities an instrument's acts affected), a quarter of the whole records' cost
    (their aliases and links are a UNION that multiplies the rows)."""
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in dict.fromkeys(iris))
    rows = store.select(
        f"""SELECT ?entity ?label ?type WHERE {{
              VALUES ?entity {{ {values} }}
              GRAPH <{ENTITIES_GRAPH}> {{ ?entity <{RDFS}label> ?label ; a ?type }}
              FILTER(STRSTARTS(STR(?type), "{RR}") && ?type != <{RR}Entity>) }}"""
    )
    return entity_records([{**r, "alias": None, "sameAs": None} for r in rows])


def events(store: Store, iris: list[str]) -> dict[str, EventRecord]:
    """Details, roles and metrics of these reports: two queries, whatever their number."""
    if not iris:
        return {}
    params = {"events_list": list(dict.fromkeys(iris))}
    by_event: dict[str, Row] = {}
    for r in _run(store, "event_details", params):  # core facts, then a row per optional fact
        merged = by_event.setdefault(r["event"], dict(r, top=TOP_CLASS_OF.get(r["type"], "Event")))
        for key, value in r.items():
            if merged.get(key) is None:
                merged[key] = value
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    metrics: dict[str, list[Row]] = defaultdict(list)
    for r in _run(store, "event_roles", params):
        if r["role"] == "metric":
            metrics[r["event"]].append(r)
        elif r["value"] not in roles[r["event"]][r["role"]]:
            roles[r["event"]][r["role"]].append(r["value"])
    return {k: EventRecord(v, dict(roles[k]), metrics[k]) for k, v in by_event.items()}


def reports(store: Store, instances: list[str], as_of: str | None = None) -> dict[str, list[Report]]:
    """Every article report of these real-world events, oldest first; as of a day, the ones
    published by then (a report with no publication day counts only when no day is asked)."""
    if not instances:
        return {}
    out: dict[str, list[Report]] = defaultdict(list)
    for r in _run(store, "instance_reports", {"instances_list": list(dict.fromkeys(instances))}):
        if as_of and (not r["published"] or r["published"] > as_of):
            continue
        out[r["instance"]].append(Report(r["event"], r["article"], r["published"]))
    for found in out.values():
        found.sort(key=lambda x: (x.published or FOREVER, x.event))
    return dict(out)


def instance_records(store: Store, rows: list[Row]) -> list[EventRecord]:
    """The reports that stand for each row's real-world event, in row order, once each, with
    the event's roles (what all its reports say, as the questions matched them), not only the
    representative report's."""
    records = events(store, [r["event"] for r in rows])
    roles = _roles(store, list(dict.fromkeys(r["instance"] for r in rows)))
    out, seen = [], set()
    for r in rows:
        rec = records.get(r["event"])
        if rec is None or r["instance"] in seen:
            continue
        seen.add(r["instance"])
        out.append(
            replace(rec, instance=r["instance"], instance_date=r.get("date"), roles=roles.get(r["instance"], {}))
        )
    return out


def _roles(store: Store, instances: list[str]) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if instances:
        for r in _run(store, "event_roles", {"events_list": instances}):
            if r["role"] != "metric" and r["value"] not in out[r["event"]][r["role"]]:
                out[r["event"]][r["role"]].append(r["value"])
    return {k: dict(v) for k, v in out.items()}


def _day(value: date | str | None) -> str:
    return value.isoformat() if isinstance(value, date) else (value or FOREVER)


def event_page(
    store: Store,
    params: dict[str, object],
    limit: int,
    offset: int,
    as_of: date | None = None,
    after: question_rows.After | None = None,
    count: bool = True,
) -> tuple[list[EventRecord], int | None]:
    """Q3: one page of real-world events matching the filter, and how many match in all (None
    when not `count`ed: a filtered count can cost more than its page). With a read model, a page
    `after` a sort key starts there (a range scan); without one (a remote store), at `offset`."""
    values = {**params, "asOf": _day(as_of)}
    index = read_index(store)
    if index is not None:
        rows = question_rows.events(store, index, values, limit, after if after is not None else offset)
        return instance_records(store, rows), question_rows.event_count(store, index, values) if count else None
    rows = _run(store, "events", values, limit, offset)
    return instance_records(store, rows), catalogue()["events"].count(store, values) if count else None


def timeline(
    store: Store, entity: str, start: date | None = None, end: date | None = None, as_of: date | None = None
) -> list[EventRecord]:
    """Q6: what happened to an entity, in date order, each real-world event once."""
    params = {
        "entity": entity,
        "from": (start or date(1, 1, 1)).isoformat(),
        "to": (end or date(9999, 12, 31)).isoformat(),
        "asOf": _day(as_of),
    }
    index = read_index(store)
    if index is not None:
        rows = question_rows.timeline(store, index, entity, str(params["from"]), str(params["to"]), _day(as_of))
        return instance_records(store, rows)
    return instance_records(store, _run(store, "timeline", params))


def migrations(
    store: Store, origin: str | None = None, destination: str | None = None, as_of: date | None = None
) -> list[EventRecord]:
    """Q7: users who left a platform, and where they went."""
    index = read_index(store)
    if index is not None:
        rows = question_rows.migrations(store, index, origin or "", destination or "", _day(as_of))
        return instance_records(store, rows)
    params = {"from": origin or "", "to": destination or "", "asOf": _day(as_of)}
    return instance_records(store, _run(store, "migrations", params))


def _page_of_all(records: list[EventRecord], limit: int, offset: int) -> tuple[list[EventRecord], int]:
    """A page cut from the whole answer: for a store without a read model (a remote SPARQL
    store), whose canned queries give a row per role or label, so SPARQL's OFFSET would count
    rows, not events."""
    return records[offset : offset + limit], len(records)


def timeline_page(
    store: Store,
    entity: str,
    limit: int,
    offset: int,
    start: date | None = None,
    end: date | None = None,
    as_of: date | None = None,
    after: question_rows.After | None = None,
    count: bool = True,
) -> tuple[list[EventRecord], int | None]:
    """Q6, one page: with a read model, the events after the keyset `after` (an index walk that
    stops after `limit`), and how many there are in all (None when not `count`ed); without one,
    the page at `offset` of the whole timeline."""
    span = ((start or date(1, 1, 1)).isoformat(), (end or date(9999, 12, 31)).isoformat(), _day(as_of))
    index = read_index(store)
    if index is None:
        return _page_of_all(timeline(store, entity, start, end, as_of), limit, offset)
    rows = question_rows.timeline(store, index, entity, *span, limit=limit, after=after)
    total = question_rows.timeline_count(store, index, entity, *span) if count else None
    return instance_records(store, rows), total


def migrations_page(
    store: Store,
    limit: int,
    offset: int,
    origin: str | None = None,
    destination: str | None = None,
    as_of: date | None = None,
    after: question_rows.After | None = None,
    count: bool = True,
) -> tuple[list[EventRecord], int | None]:
    """Q7, one page, as `timeline_page` pages (keyset with a read model, else an offset into
    the whole answer)."""
    index = read_index(store)
    if index is None:
        return _page_of_all(migrations(store, origin, destination, as_of), limit, offset)
    asked = (origin or "", destination or "", _day(as_of))
    rows = question_rows.migrations(store, index, *asked, limit=limit, after=after)
    return instance_records(store, rows), question_rows.migration_count(store, index, *asked) if count else None


@dataclass
class PolicyImpactAnswer:
    instrument: EntityRecord
    actions: list[EventRecord]
    affected: list[str]
    responses: list[EventRecord]
    consequences: list[EventRecord]


@dataclass(frozen=True)
class Act:
    """A real-world act as a question's row names it (the event instance, its representative
    report and its date): what it takes to fetch its details later, and only if asked."""

    instance: str
    event: str
    date: str | None

    def row(self) -> Row:
        return {"instance": self.instance, "event": self.event, "date": self.date}


def act_records(store: Store, acts: list[Act]) -> dict[Act, EventRecord]:
    """The details of these acts, as the questions give them (one report per real-world event,
    with the event's roles): the batch queries, only for the acts asked for."""
    found = {e.instance: e for e in instance_records(store, [a.row() for a in acts])}
    return {a: found[a.instance] for a in acts if a.instance in found}


@dataclass
class PolicyImpactParts:
    """Q4 with its acts named, not fetched (see `Act`): a client showing the first few responses
    pays for those, not for every act on the instrument."""

    instrument: EntityRecord
    actions: list[Act]
    affected: list[str]
    responses: list[Act]
    consequences: list[Act]


def policy_impact_parts(store: Store, instrument: str, as_of: date | None = None) -> PolicyImpactParts | None:
    """Q4: what an instrument did, whom it affected, how they responded, what followed; whom it
    affected from the acts' roles (the read model's, else one batch query), each act's in IRI order."""
    index = read_index(store)
    if index is not None:
        rows = question_rows.policy_impact(store, index, instrument, _day(as_of))
    else:
        rows = _run(store, "policy_impact", {"instrument": instrument, "asOf": _day(as_of)})
    if rows:
        iri = rows[0]["instrument"]
    else:
        found = _run(store, "entity", {"name": instrument})
        if not found or not found[0]["type"].endswith("LegalInstrument"):
            return None
        iri = found[0]["entity"]
    parts: dict[str, dict[str, Act]] = {"action": {}, "response": {}, "consequence": {}}
    for r in rows:
        parts[r["part"]].setdefault(r["instance"], Act(r["instance"], r["event"], r["date"]))
    actions = list(parts["action"])
    found_roles = question_rows.roles(index, actions) if index is not None else _roles(store, actions)
    affected = list(dict.fromkeys(e for i in actions for e in sorted(found_roles.get(i, {}).get("affected", []))))
    return PolicyImpactParts(
        entities(store, [iri])[iri],
        list(parts["action"].values()),
        affected,
        list(parts["response"].values()),
        list(parts["consequence"].values()),
    )


@dataclass
class PolicyImpactStart:
    """Q4 up to its pages: the instrument, whom its acts affected, and what ties a response or
    consequence to it (`question_rows.Ties`), so that a page of either is read on its own."""

    instrument: EntityRecord
    affected: list[str]
    ties: question_rows.Ties


def policy_impact_start(store: Store, instrument: str, as_of: date | None = None) -> PolicyImpactStart | None:
    """The start of Q4's pages, from the read model; None when its pages come from the whole
    answer instead (`policy_impact_parts`: no read model, or a name that stands for several
    instruments or none)."""
    index = read_index(store)
    if index is None:
        return None
    if as_of is None:  # as known today: the read model's kept ties (kg/policy_ties.py)
        ties = question_rows.kept_ties(store, index, instrument)
    else:
        ties = question_rows.policy_ties(store, index, instrument, _day(as_of))
    if ties is None:
        return None
    return PolicyImpactStart(entities(store, [ties.instrument])[ties.instrument], ties.affected, ties)


def policy_impact_page(
    store: Store, ties: question_rows.Ties, part: str, limit: int, after: question_rows.After | None, offset: int
) -> list[tuple[Act, str | None]]:
    """A page of the responses or consequences (`part`) and each act's earliest day (its
    cursor's key): a keyset walk of the read model; if the read model cannot answer any more
    (a write under way), the same page of the whole answer, by `offset`."""
    index = read_index(store)
    if index is not None:
        rows = question_rows.policy_page(index, ties, part, limit, after)
        return [(Act(r["instance"], r["event"], r["date"]), r["earliest"]) for r in rows]
    found = policy_impact_parts(store, ties.instrument, date.fromisoformat(ties.as_of))
    acts = (found.responses if part == "response" else found.consequences) if found else []
    return [(a, None) for a in acts[offset : offset + limit]]


def policy_impact_count(store: Store, ties: question_rows.Ties, part: str) -> int:
    """How many responses or consequences (`part`) the whole answer has."""
    index = read_index(store)
    if index is not None:
        return question_rows.policy_count(index, ties, part)
    found = policy_impact_parts(store, ties.instrument, date.fromisoformat(ties.as_of))
    return len((found.responses if part == "response" else found.consequences) if found else [])


def policy_impact(store: Store, instrument: str, as_of: date | None = None) -> PolicyImpactAnswer | None:
    """Q4 with every act's details (`kg ask`): `policy_impact_parts`, then one batch of details."""
    found = policy_impact_parts(store, instrument, as_of)
    if found is None:
        return None
    records = act_records(store, [*found.actions, *found.responses, *found.consequences])

    def of(acts: list[Act]) -> list[EventRecord]:
        return [records[a] for a in acts if a in records]

    return PolicyImpactAnswer(
        found.instrument, of(found.actions), found.affected, of(found.responses), of(found.consequences)
    )
