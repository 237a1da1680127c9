"""The rows each question starts from, read from the read model (kg/read_model.py) instead of
its canned SPARQL: the same rows (instance, representative report, date, and what the
question groups by) in the same order, so kg/answers.py builds the same answer from either.

Names are still found in the graph (one `rr:nameKey` index lookup in `rrg:entities`); the
scan over events, the filters and the sort run in SQLite on an index. Each function's
docstring names the canned query whose rows it gives; tests/kg/test_question_rows.py holds
them equal on a real store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pyoxigraph as ox

from kg import event_tallies, role_places
from kg import policy_ties as kept
from kg.exposure_sums import EXPOSURE_TYPES
from kg.queries import term_for_ref
from kg.store import Row, Store
from kg.vocab import ENTITIES_GRAPH, RR, name_key

FOREVER = "9999-12-31"
DAWN = "0001-01-01"
ACTS = ("RegulatoryAction", "JudicialAction")
REACTIONS = ("PlatformResponse", "MarketReaction")
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass(frozen=True)
class After:
    """Where a page ends in an order by date (newest first for events) and instance IRI: the
    keyset a cursor carries, so the next page is a range scan from here, not an OFFSET."""

    earliest: str | None
    instance: str


def _marks(values: Iterable[object]) -> str:
    return ",".join("?" for _ in values)


def named(store: Store, value: str, known: bool = True, kind: str | None = None) -> list[str]:
    """The entities a name, alias or IRI stands for: an index lookup of its name key, and the
    IRI itself (when `known`, only if the entities graph describes it; when `kind`, only
    entities of that class)."""
    ref = term_for_ref(value)
    typed = f"GRAPH <{ENTITIES_GRAPH}> {{ ?x a <{RR}{kind}> }}" if kind else ""
    by_iri = (
        f"UNION {{ VALUES ?x {{ {ref} }} GRAPH <{ENTITIES_GRAPH}> {{ ?x <{LABEL}> ?known }} }}"
        if known
        else f"UNION {{ VALUES ?x {{ {ref} }} }}"
    )
    key = ox.Literal(name_key(value))
    rows = store.select(
        f"SELECT DISTINCT ?x WHERE {{ {{ GRAPH <{ENTITIES_GRAPH}> {{ ?x <{RR}nameKey> {key} }} }} {by_iri} {typed} }}"
    )
    return sorted(r["x"] for r in rows if r["x"] and r["x"] != "urn:x-regrisk:none")


def _known_by(as_of: str, column: str = "i.first_reported") -> tuple[str, list[object]]:
    if as_of == FOREVER:
        return "1", []
    return f"({column} IS NOT NULL AND {column} <= ?)", [as_of]


def _in_range(start: str, end: str) -> tuple[str, list[object]]:
    """An event is in a range when the earliest day its date can mean is; undated events only
    without a range (as the canned queries say)."""
    if start == DAWN and end == FOREVER:
        return "1", []
    return "(i.earliest IS NOT NULL AND i.earliest >= ? AND i.earliest <= ?)", [start, end]


def _rows(conn: sqlite3.Connection, sql: str, args: list[object], names: tuple[str, ...]) -> list[Row]:
    return [dict(zip(names, r, strict=True)) for r in conn.execute(sql, args)]


# ---- Q3 events -------------------------------------------------------------------------


def _event_filter(store: Store, params: dict[str, object]) -> tuple[str, list[object]] | None:
    """The WHERE of an events query, or None when a named filter names nothing (no rows)."""
    clauses: list[str] = []
    args: list[object] = []
    etype = str(params.get("type") or "Event")
    if etype != "Event":
        clauses.append("(i.type = ? OR i.top = ?)")
        args += [etype, etype]
    least = float(str(params.get("minConfidence") or 0))
    if least > 0:  # every confidence is >= 0: the clause would only stop a count using an index
        clauses.append("i.confidence >= ?")
        args.append(least)
    for sql, extra in (
        _in_range(str(params.get("from") or DAWN), str(params.get("to") or FOREVER)),
        _known_by(str(params.get("asOf") or FOREVER)),
    ):
        clauses.append(sql)
        args += extra
    for role in ("affected", "agent", "instrument", "jurisdiction"):
        value = str(params.get(role) or "")
        if not value:
            continue
        entities = named(store, value, known=False)
        if not entities:
            return None
        clauses.append(f"i.iri IN (SELECT instance FROM role WHERE role = ? AND entity IN ({_marks(entities)}))")
        args += [role, *entities]
    return " AND ".join(c for c in clauses if c != "1") or "1", args


def _paired(store: Store, conn: sqlite3.Connection, params: dict[str, object]) -> tuple[str, str, str] | None:
    """The (role, entity, jurisdiction) of an events question that filters on one jurisdiction
    and one other role, each naming one entity, when the read model keeps those pairs
    (kg/role_places.py): the page then walks the pair's own events."""
    place = str(params.get("jurisdiction") or "")
    others = [r for r in ("affected", "agent", "instrument") if params.get(r)]
    if not place or len(others) != 1 or not role_places.kept(conn):
        return None
    places, entities = named(store, place, known=False), named(store, str(params[others[0]]), known=False)
    if len(places) != 1 or len(entities) != 1:
        return None
    return others[0], entities[0], places[0]


def _newest_after(after: After | int, earliest: str, iri: str) -> tuple[str, list[object], int]:
    """The WHERE of the rows after a keyset in an order newest first (undated last), then by
    IRI, and the offset (when `after` is one instead)."""
    if not isinstance(after, After):
        return "1", [], after
    if after.earliest is None:
        return f"({earliest} IS NULL AND {iri} > ?)", [after.instance], 0
    return (
        f"({earliest} < ? OR ({earliest} = ? AND {iri} > ?) OR {earliest} IS NULL)",
        [after.earliest, after.earliest, after.instance],
        0,
    )


def events(
    store: Store, conn: sqlite3.Connection, params: dict[str, object], limit: int, after: After | int = 0
) -> list[Row]:
    """queries/events.rq: newest first (undated last), then by IRI. `after` is a keyset (the
    last row of the page before) or an offset."""
    pair = _paired(store, conn, params)
    if pair is not None:  # the pair's index range, newest first: LIMIT stops the walk
        role, entity, place = pair
        rest = _event_filter(store, {**params, role: "", "jurisdiction": ""})
        assert rest is not None  # (no named filter is left to name nothing)
        keyset, key_args, offset = _newest_after(after, "p.earliest", "p.instance")
        return _rows(
            conn,
            "SELECT i.iri, i.event, i.date, i.earliest FROM role_place p JOIN instance i ON i.iri = p.instance"
            f" WHERE p.role = ? AND p.entity = ? AND p.place = ? AND {rest[0]} AND {keyset}"
            " ORDER BY p.earliest DESC, p.instance LIMIT ? OFFSET ?",
            [role, entity, place, *rest[1], *key_args, limit, offset],
            ("instance", "event", "date", "earliest"),
        )
    found = _event_filter(store, params)
    if found is None:
        return []
    sql, args = found
    keyset, key_args, offset = _newest_after(after, "i.earliest", "i.iri")
    return _rows(
        conn,
        f"SELECT i.iri, i.event, i.date, i.earliest FROM instance i WHERE {sql} AND {keyset}"
        " ORDER BY i.earliest DESC, i.iri LIMIT ? OFFSET ?",
        [*args, *key_args, limit, offset],
        ("instance", "event", "date", "earliest"),
    )


def _kept_facet(store: Store, params: dict[str, object]) -> tuple[str, str] | None:
    """The tally (kg/event_tallies.py) that is this events question's count, when one is: a
    type, a role naming one entity, or both, with no range, day or confidence (those are
    counted over the rows)."""
    unbounded = {"from": DAWN, "to": FOREVER, "asOf": FOREVER}
    if any(str(params.get(key) or unbounded[key]) != unbounded[key] for key in unbounded):
        return None
    if float(str(params.get("minConfidence") or 0)) > 0:
        return None
    etype = str(params.get("type") or "Event")
    facets = [("type", etype)] if etype != "Event" else []
    for role in ("affected", "agent", "instrument", "jurisdiction"):
        value = str(params.get(role) or "")
        if value:
            entities = named(store, value, known=False)
            if len(entities) != 1:
                return None
            facets.append((role, entities[0]))
    if len(facets) > 2 or (len(facets) == 2 and facets[0][0] != "type"):
        return None
    if len(facets) == 2:  # a type and one role: (role:type, entity)
        return f"{facets[1][0]}:{facets[0][1]}", facets[1][1]
    return facets[0] if facets else ("", "")


def event_count(store: Store, conn: sqlite3.Connection, params: dict[str, object]) -> int:
    facet = _kept_facet(store, params)
    if facet is not None and (tally := event_tallies.count(conn, *facet)) is not None:
        return tally
    pair = _paired(store, conn, params)
    if pair is not None:  # the length of the pair's index range (joined only to filter further)
        rest = _event_filter(store, {**params, pair[0]: "", "jurisdiction": ""})
        assert rest is not None
        joined = "" if rest[0] == "1" else " JOIN instance i ON i.iri = p.instance"
        sql = f"SELECT COUNT(*) FROM role_place p{joined} WHERE p.role = ? AND p.entity = ? AND p.place = ?"
        return int(conn.execute(f"{sql} AND {rest[0]}", [*pair, *rest[1]]).fetchone()[0])
    where = _event_filter(store, params)
    if where is None:
        return 0
    sql, args = where
    return int(conn.execute(f"SELECT COUNT(*) FROM instance i WHERE {sql}", args).fetchone()[0])


# ---- Q6 timeline, Q7 migrations ---------------------------------------------------------


def _oldest_after(after: After | None, earliest: str, iri: str) -> tuple[str, list[object]]:
    """The rows after a keyset in an order oldest first (undated first, as SQLite sorts NULL
    lowest), then by IRI: the WHERE that makes the next page a range scan."""
    if after is None:
        return "1", []
    if after.earliest is None:
        return f"(({earliest} IS NULL AND {iri} > ?) OR {earliest} IS NOT NULL)", [after.instance]
    return f"({earliest} > ? OR ({earliest} = ? AND {iri} > ?))", [after.earliest, after.earliest, after.instance]


def _timeline_where(entities: list[str], start: str, end: str, as_of: str) -> tuple[str, list[object]]:
    """The events an entity takes any role in, in a range, known by a day, over `role r` joined
    to `instance i`. The range is on r.earliest (the same day as i.earliest) so that the
    role_oldest index (entity, earliest, instance) both filters and orders."""
    span, span_args = _in_range(start, end)
    known, known_args = _known_by(as_of)
    return (
        f"r.entity IN ({_marks(entities)}) AND {span.replace('i.earliest', 'r.earliest')} AND {known}",
        [*entities, *span_args, *known_args],
    )


def timeline(
    store: Store,
    conn: sqlite3.Connection,
    entity: str,
    start: str,
    end: str,
    as_of: str,
    limit: int | None = None,
    after: After | None = None,
) -> list[Row]:
    """queries/timeline.rq: every event the entity takes a role in, oldest first (undated first),
    then by IRI. With `limit`, a page starting after the keyset `after`: the role_oldest index
    is walked from there and the walk stops after `limit` events, so the first page does not
    read the entity's whole history."""
    entities = named(store, entity)
    if not entities:
        return []
    where, args = _timeline_where(entities, start, end, as_of)
    keyset, key_args = _oldest_after(after, "r.earliest", "r.instance")
    # GROUP BY, not DISTINCT: one row per event however many roles the entity has in it, and
    # SQLite groups along the index order, so LIMIT still stops the walk early.
    return _rows(
        conn,
        f"SELECT i.iri, i.event, i.type, i.date, i.earliest FROM role r JOIN instance i ON i.iri = r.instance"
        f" WHERE {where} AND {keyset} GROUP BY r.earliest, r.instance ORDER BY r.earliest, r.instance LIMIT ?",
        [*args, *key_args, -1 if limit is None else limit],
        ("instance", "event", "type", "date", "earliest"),
    )


def timeline_count(store: Store, conn: sqlite3.Connection, entity: str, start: str, end: str, as_of: str) -> int:
    """How many events `timeline` gives in all (a page's totalCount)."""
    entities = named(store, entity)
    if not entities:
        return 0
    if len(entities) == 1 and as_of == FOREVER and event_tallies.kept(conn):
        if start == DAWN and end == FOREVER:
            return int(event_tallies.count(conn, "entity", entities[0]) or 0)
        return _count_by_months(conn, entities[0], date.fromisoformat(start), date.fromisoformat(end))
    return _timeline_rows_count(conn, entities, start, end, as_of)


def _timeline_rows_count(conn: sqlite3.Connection, entities: list[str], start: str, end: str, as_of: str) -> int:
    where, args = _timeline_where(entities, start, end, as_of)
    # Not "as of" a day, the role rows alone answer (every role row's event is in `instance`):
    # without the join, an entity's whole history is counted off the index, ~10x faster.
    joined = "" if as_of == FOREVER else " JOIN instance i ON i.iri = r.instance"
    sql = f"SELECT COUNT(DISTINCT r.instance) FROM role r{joined} WHERE {where}"
    return int(conn.execute(sql, args).fetchone()[0])


def _month_after(day: date) -> date | None:
    """The first day of the month after `day`'s (None after December 9999)."""
    if (day.year, day.month) == (9999, 12):
        return None
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _count_by_months(conn: sqlite3.Connection, entity: str, start: date, end: date) -> int:
    """A timeline's count over a range: the months it covers whole from the kept tallies
    (kg/event_tallies.py), the days of the part months at either end over the rows (at most
    two months of one entity), so the count of a year is twelve rows and two small ranges."""
    first = start if start.day == 1 else _month_after(start)
    beyond = _month_after(end)  # None: `end` is in December 9999
    if beyond is None or beyond - timedelta(days=1) == end:  # `end` is its month's last day
        last: date | None = end
    else:  # the month before `end`'s (none before January of year 1)
        last = None if end.replace(day=1) == date.min else end.replace(day=1) - timedelta(days=1)
    if first is None or last is None or first > last:  # no whole month in the range
        return _timeline_rows_count(conn, [entity], start.isoformat(), end.isoformat(), FOREVER)
    whole = event_tallies.months_in(conn, entity, first.isoformat()[:7], last.isoformat()[:7])
    head = tail = 0
    if start < first:
        head = _timeline_rows_count(conn, [entity], start.isoformat(), (first - timedelta(days=1)).isoformat(), FOREVER)
    if last < end:
        tail = _timeline_rows_count(conn, [entity], (last + timedelta(days=1)).isoformat(), end.isoformat(), FOREVER)
    return whole + head + tail


def _migration_where(store: Store, origin: str, destination: str, as_of: str) -> tuple[str, list[object]] | None:
    """The WHERE of the migrations question, or None when a named platform names nothing."""
    clauses, args = ["i.type = 'UserMigration'"], []
    for role, value in (("origin", origin), ("destination", destination)):
        if value:
            entities = named(store, value, known=False)
            if not entities:
                return None
            clauses.append(f"i.iri IN (SELECT instance FROM role WHERE role = ? AND entity IN ({_marks(entities)}))")
            args += [role, *entities]
    known, known_args = _known_by(as_of)
    return f"{' AND '.join(clauses)} AND {known}", [*args, *known_args]


def migrations(
    store: Store,
    conn: sqlite3.Connection,
    origin: str,
    destination: str,
    as_of: str,
    limit: int | None = None,
    after: After | None = None,
) -> list[Row]:
    """queries/migrations.rq: user migrations from and to (either may be any), oldest first,
    then by IRI; with `limit`, a page after the keyset `after` (the instance_type_oldest index
    walked from there)."""
    found = _migration_where(store, origin, destination, as_of)
    if found is None:
        return []
    where, args = found
    keyset, key_args = _oldest_after(after, "i.earliest", "i.iri")
    return _rows(
        conn,
        f"SELECT i.iri, i.event, i.date, i.earliest FROM instance i WHERE {where} AND {keyset}"
        " ORDER BY i.earliest, i.iri LIMIT ?",
        [*args, *key_args, -1 if limit is None else limit],
        ("instance", "event", "date", "earliest"),
    )


def migration_count(store: Store, conn: sqlite3.Connection, origin: str, destination: str, as_of: str) -> int:
    """How many migrations `migrations` gives in all (a page's totalCount): a kept tally when
    at most one platform is named and no day (kg/event_tallies.py; its type facet counts an
    event of top class T too, and UserMigration is a type, never a top class)."""
    named_roles = [(role, value) for role, value in (("origin", origin), ("destination", destination)) if value]
    if as_of == FOREVER and len(named_roles) <= 1 and event_tallies.kept(conn):
        if not named_roles:
            return int(event_tallies.count(conn, "type", "UserMigration") or 0)
        role, value = named_roles[0]
        entities = named(store, value, known=False)
        if len(entities) == 1:
            return int(event_tallies.count(conn, f"{role}:UserMigration", entities[0]) or 0)
    found = _migration_where(store, origin, destination, as_of)
    if found is None:
        return 0
    where, args = found
    return int(conn.execute(f"SELECT COUNT(*) FROM instance i WHERE {where}", args).fetchone()[0])


def roles(conn: sqlite3.Connection, instances: list[str]) -> dict[str, dict[str, list[str]]]:
    """Every role value of these events, by event and role, in IRI order (the role_of index)."""
    out: dict[str, dict[str, list[str]]] = {}
    for start in range(0, len(instances), 500):
        chunk = instances[start : start + 500]
        for inst, role, entity in conn.execute(
            f"SELECT instance, role, entity FROM role WHERE instance IN ({_marks(chunk)})"
            " ORDER BY instance, role, entity",
            chunk,
        ):
            out.setdefault(inst, {}).setdefault(role, []).append(entity)
    return out


# ---- Q4 policy impact -------------------------------------------------------------------


def policy_impact(store: Store, conn: sqlite3.Connection, instrument: str, as_of: str) -> list[Row]:
    """queries/policy_impact.rq: the acts on the instrument (part "action"), the responses and
    consequences that name it, and those of whom an act on it affected, in that act's
    jurisdiction, dated on or after its first dated act; by part, then oldest first."""
    out: list[Row] = []
    acts, reactions = _marks(ACTS), _marks(REACTIONS)
    for iri in named(store, instrument, kind="LegalInstrument"):
        action_known, action_args = _known_by(as_of, "a.first_reported")
        # Whom the acts on the instrument affected, and where: a few hundred (target, place)
        # pairs, worked out once; then the responses and consequences of each pair.
        tied = conn.execute(
            f"""WITH pairs(hit, place) AS MATERIALIZED (
                  SELECT DISTINCT hit.entity, place.entity FROM role r
                  JOIN instance a ON a.iri = r.instance AND a.top IN ({acts})
                  JOIN role hit ON hit.instance = a.iri AND hit.role = 'affected'
                  JOIN role place ON place.instance = a.iri AND place.role = 'jurisdiction'
                  WHERE r.role = 'instrument' AND r.entity = ? AND {action_known})
                SELECT i.iri, CASE WHEN i.top IN ({acts}) THEN 'action'
                                   WHEN i.top = 'PlatformResponse' THEN 'response' ELSE 'consequence' END
                FROM role r JOIN instance i ON i.iri = r.instance
                WHERE r.role = 'instrument' AND r.entity = ? AND i.top IN ({acts}, {reactions})
              UNION
                SELECT x.iri, CASE WHEN x.top = 'PlatformResponse' THEN 'response' ELSE 'consequence' END
                FROM pairs
                JOIN role xhit ON xhit.role IN ('agent', 'affected', 'origin') AND xhit.entity = pairs.hit
                JOIN role xplace ON xplace.role = 'jurisdiction' AND xplace.entity = pairs.place
                                 AND xplace.instance = xhit.instance
                JOIN instance x ON x.iri = xhit.instance AND x.top IN ({reactions})""",
            [*ACTS, iri, *action_args, *ACTS, iri, *ACTS, *REACTIONS, *REACTIONS],
        ).fetchall()
        if not tied:
            continue
        since_known, since_args = _known_by(as_of, "a.first_reported")
        since = conn.execute(
            f"""SELECT MIN(a.earliest) FROM role r JOIN instance a ON a.iri = r.instance
                WHERE r.role = 'instrument' AND r.entity = ? AND a.top IN ({acts}) AND a.earliest IS NOT NULL
                AND {since_known}""",
            [iri, *ACTS, *since_args],
        ).fetchone()[0]
        part_of = dict(tied)
        known, known_args = _known_by(as_of)
        for inst, event, day, earliest in conn.execute(
            f"SELECT i.iri, i.event, i.date, i.earliest FROM instance i WHERE i.iri IN ({_marks(part_of)}) AND {known}",
            [*part_of, *known_args],
        ):
            part = part_of[inst]
            if part == "action" or earliest is None or since is None or earliest >= since:
                row = {"instrument": iri, "part": part, "instance": inst, "event": event, "date": day}
                out.append({**row, "earliest": earliest})
    out.sort(key=lambda r: (r["part"], r["earliest"] is not None, r["earliest"] or "", r["instance"]))
    return out


@dataclass(frozen=True)
class Ties:
    """What ties a response or consequence to one instrument, worked out once per question from
    its acts (one pass over them): then each page is a walk of the reactions in answer order
    that LIMIT stops, each reaction checked against these, instead of every tied reaction
    joined, read and sorted. `pairs` are the acts' (jurisdiction, affected) pairs as
    "place<US>hit" keys in a JSON list (one parameter, however many); `since` is the first
    dated act's day; `actions` and `affected` are in the whole answer's order. `kept` ties are
    the read model's (kg/policy_ties.py: the answer as known today), read without the acts;
    then `actions` and `pairs` are left empty, and the pages read the kept reactions."""

    instrument: str
    as_of: str
    actions: list[str]
    affected: list[str]
    pairs: str
    since: str | None
    kept: bool = False


PART_TOP = {"response": "PlatformResponse", "consequence": "MarketReaction"}


def policy_ties(store: Store, conn: sqlite3.Connection, instrument: str, as_of: str) -> Ties | None:
    """The ties of the one instrument a name stands for; None when it stands for none or for
    several (their answer is the union of each one's, paged whole by `policy_impact`)."""
    found = named(store, instrument, kind="LegalInstrument")
    if len(found) != 1:
        return None
    iri = found[0]
    known, known_args = _known_by(as_of, "a.first_reported")
    order: dict[str, str | None] = {}
    hits: dict[str, set[str]] = {}
    pairs: set[str] = set()
    for act, earliest, hit, place in conn.execute(
        f"""SELECT a.iri, a.earliest, hit.entity, place.entity FROM role r
            CROSS JOIN instance a ON a.iri = r.instance
            LEFT JOIN role hit ON hit.instance = a.iri AND hit.role = 'affected'
            LEFT JOIN role place ON place.instance = a.iri AND place.role = 'jurisdiction'
            WHERE r.role = 'instrument' AND r.entity = ? AND a.top IN ({_marks(ACTS)}) AND {known}""",
        [iri, *ACTS, *known_args],
    ):
        order[act] = earliest
        if hit is not None:
            hits.setdefault(act, set()).add(hit)
            if place is not None:
                pairs.add(f"{place}\x1f{hit}")
    actions = sorted(order, key=lambda a: (order[a] is not None, order[a] or "", a))
    affected = list(dict.fromkeys(h for a in actions for h in sorted(hits.get(a, ()))))
    since = min((d for d in order.values() if d is not None), default=None)
    return Ties(iri, as_of, actions, affected, json.dumps(sorted(pairs)), since)


def kept_ties(store: Store, conn: sqlite3.Connection, instrument: str) -> Ties | None:
    """`policy_ties` as known today, from the read model's kept ties: an index range of whom
    the acts affected, not a pass over every act on the instrument."""
    found = named(store, instrument, kind="LegalInstrument")
    if len(found) != 1:
        return None
    iri = found[0]
    since = conn.execute("SELECT since FROM policy_since WHERE instrument = ?", [iri]).fetchone()
    return Ties(iri, FOREVER, [], kept.affected(conn, iri), "[]", since[0] if since else None, kept=True)


def _tied(ties: Ties, part: str) -> tuple[str, list[object]]:
    """The WHERE of a part's reactions tied to the instrument (as `policy_impact` ties them)."""
    known, known_args = _known_by(ties.as_of, "x.first_reported")
    since, since_args = ("(x.earliest IS NULL OR x.earliest >= ?)", [ties.since]) if ties.since else ("1", [])
    # CROSS JOIN: each reaction's own few roles first, then the pair looked up (the other way
    # round reads every reaction of a popular platform once per place).
    return (
        f"""x.top = ? AND {known} AND {since} AND (
              EXISTS (SELECT 1 FROM role n WHERE n.role = 'instrument' AND n.entity = ? AND n.instance = x.iri)
              OR EXISTS (SELECT 1 FROM role xp CROSS JOIN role xh
                         WHERE xp.instance = x.iri AND xp.role = 'jurisdiction'
                         AND xh.instance = x.iri AND xh.role IN ('agent', 'affected', 'origin')
                         AND xp.entity || char(31) || xh.entity IN (SELECT value FROM json_each(?))))""",
        [PART_TOP[part], *known_args, *since_args, ties.instrument, ties.pairs],
    )


def policy_page(conn: sqlite3.Connection, ties: Ties, part: str, limit: int, after: After | None = None) -> list[Row]:
    """A page of the responses or consequences (`part`) in the whole answer's order (undated
    first, then oldest, then by IRI), after the keyset `after`: the instance_top_oldest index
    walked from there until `limit` tied reactions are found (a file without that index gives
    the same page by sorting the part's reactions)."""
    if ties.kept:
        keyset, key_args = _oldest_after(after, "t.earliest", "t.reaction")
        return _rows(
            conn,
            f"SELECT x.iri, x.event, x.date, x.earliest FROM policy_tie t JOIN instance x ON x.iri = t.reaction"
            f" WHERE t.instrument = ? AND t.part = ? AND {keyset} ORDER BY t.earliest, t.reaction LIMIT ?",
            [ties.instrument, part, *key_args, limit],
            ("instance", "event", "date", "earliest"),
        )
    where, args = _tied(ties, part)
    keyset, key_args = _oldest_after(after, "x.earliest", "x.iri")
    return _rows(
        conn,
        f"SELECT x.iri, x.event, x.date, x.earliest FROM instance x"
        f" WHERE {where} AND {keyset} ORDER BY x.earliest, x.iri LIMIT ?",
        [*args, *key_args, limit],
        ("instance", "event", "date", "earliest"),
    )


def policy_count(conn: sqlite3.Connection, ties: Ties, part: str) -> int:
    """How many responses or consequences the whole answer has (a page's totalCount): every
    reaction of the part checked, so it grows with the store; asked only when shown. Kept ties
    have it counted at write time."""
    if ties.kept:
        return kept.count(conn, ties.instrument, part)
    where, args = _tied(ties, part)
    return int(conn.execute(f"SELECT COUNT(*) FROM instance x WHERE {where}", args).fetchone()[0])


# ---- Q5 exposure ------------------------------------------------------------------------


def owners(store: Store, platforms: list[str]) -> list[str]:
    """Who owns these platforms (the entities graph's rr:owner)."""
    return [
        r["o"]
        for r in store.select(
            f"SELECT DISTINCT ?o WHERE {{ VALUES ?p {{ {' '.join(f'<{p}>' for p in platforms)} }} "
            f"GRAPH <{ENTITIES_GRAPH}> {{ ?p <{RR}owner> ?o }} }}"
        )
        if r["o"]
    ]


def labels_of(store: Store, places: list[str]) -> dict[str, list[str]]:
    """Every label of these entities (a jurisdiction without one is not in exposure's answer)."""
    labels: dict[str, list[str]] = {}
    if places:
        for r in store.select(
            f"SELECT ?j ?l WHERE {{ VALUES ?j {{ {' '.join(f'<{p}>' for p in places)} }} "
            f"GRAPH <{ENTITIES_GRAPH}> {{ ?j <{LABEL}> ?l }} }}"
        ):
            labels.setdefault(r["j"] or "", []).append(r["l"] or "")
    return labels


def nameless(store: Store, places: list[str]) -> int:
    """How many of these entities have no label: one number, not every label of every one.
    MINUS, not FILTER NOT EXISTS: the same solutions, and Oxigraph takes half the time (a
    join against the labels, not a lookup per entity: 1.3 against 2.4 ms for 428 at 5M quads)."""
    if not places:
        return 0
    rows = store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?j {{ {' '.join(f'<{p}>' for p in places)} }} "
        f"MINUS {{ GRAPH <{ENTITIES_GRAPH}> {{ ?j <{LABEL}> ?l }} }} }}"
    )
    return int(rows[0]["n"] or 0) if rows else 0


def exposure(store: Store, conn: sqlite3.Connection, platform: str, as_of: str) -> list[Row]:
    """queries/exposure.rq: per jurisdiction, the regulatory and judicial acts, shutdowns and
    app-store removals that concern the platform or its owner (or its own shutdown)."""
    platforms = named(store, platform)
    if not platforms:
        return []
    hit = sorted({*platforms, *owners(store, platforms)})
    known, known_args = _known_by(as_of)
    found = conn.execute(
        f"""SELECT DISTINCT j.entity, i.iri, i.event, i.type, i.outcome, i.date, i.earliest, i.first_reported
            FROM instance i JOIN role j ON j.instance = i.iri AND j.role = 'jurisdiction'
            WHERE i.iri IN (SELECT instance FROM role WHERE role = 'affected' AND entity IN ({_marks(hit)})
                            UNION SELECT instance FROM role WHERE role = 'agent' AND entity IN ({_marks(platforms)}))
            AND (i.top IN ({_marks(ACTS)}) OR i.type IN ({_marks(EXPOSURE_TYPES)})) AND {known}""",
        [*hit, *platforms, *ACTS, *EXPOSURE_TYPES, *known_args],
    ).fetchall()
    labels = labels_of(store, sorted({r[0] for r in found}))
    out = [
        {
            "jurisdiction": place,
            "jurisdictionLabel": label,
            "instance": inst,
            "event": event,
            "type": etype,
            "outcome": outcome,
            "date": day,
            "earliest": earliest,
            "firstReported": first,
        }
        for place, inst, event, etype, outcome, day, earliest, first in found
        for label in labels.get(place, [])
    ]
    out.sort(key=lambda r: (r["jurisdictionLabel"], r["earliest"] is not None, r["earliest"] or "", r["instance"]))
    return out
