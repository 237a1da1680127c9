"""Policy impact's ties, kept in the read model so that the first page of `policyImpact`
(whom the instrument's acts affected, a page of responses and of consequences, and how many
there are) reads a few index ranges instead of every act on the instrument and every reaction.

Why kept: a response or consequence belongs to an instrument's answer when it names the
instrument, or when it concerns (as agent, affected or origin) an entity that an act on the
instrument affected, in that act's jurisdiction, and is undated or dated on or after the
instrument's first dated act (queries/policy_impact.rq). Worked out per question, that reads
every act on the instrument (5,962 for the Digital Services Act at 5M quads) and, for a count,
checks every reaction of the store: it grows with the store. Kept, it is four small tables:

- `policy_pair`: each (jurisdiction, affected) pair of the instrument's acts;
- `policy_hit`: each entity the acts affected, with the first act (in the answer's order of
  acts, undated first, then oldest, then by IRI) that affected it: `affected` in order;
- `policy_since`: the instrument's first dated act's day;
- `policy_tie`: every reaction tied to the instrument, by part and in the pages' order, and
  `policy_count` its number per part (kept by triggers on `policy_tie`).

All four are functions of the `instance` and `role` rows alone, so they are written in the read
model's steps (kg/read_model.py): the crash rule holds for them, `kg reindex` builds them with
the same queries (`rebuild`) and `kg validate` compares them with those queries' answer
(`differences`). A write recomputes the pairs, first acts and first day of the instruments its
acts name (only the entities those acts affected), then re-ties its own reactions; an
instrument whose first day moved or that lost a pair is re-tied whole (rare: a removal, or an
act older than all before it), one that gained pairs only for the reactions of those pairs.

They hold the answer as known today: an `asOf` question, which leaves out what was first
reported after its day, still works its ties out from the acts (kg/question_rows.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence

ACTS = ("RegulatoryAction", "JudicialAction")
REACTIONS = ("PlatformResponse", "MarketReaction")
PARTS = {"response": "PlatformResponse", "consequence": "MarketReaction"}
TABLES = ("policy_pair", "policy_hit", "policy_since", "policy_tie", "policy_count")

SCHEMA = """
CREATE TABLE IF NOT EXISTS policy_pair (
  instrument TEXT NOT NULL, place TEXT NOT NULL, hit TEXT NOT NULL, PRIMARY KEY (instrument, hit, place)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS policy_pair_key ON policy_pair (place, hit, instrument);
CREATE TABLE IF NOT EXISTS policy_hit (
  instrument TEXT NOT NULL, hit TEXT NOT NULL, earliest TEXT, act TEXT NOT NULL, PRIMARY KEY (instrument, hit)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS policy_hit_order ON policy_hit (instrument, earliest, act, hit);
CREATE TABLE IF NOT EXISTS policy_since (instrument TEXT PRIMARY KEY, since TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS policy_tie (
  instrument TEXT NOT NULL, part TEXT NOT NULL, earliest TEXT, reaction TEXT NOT NULL,
  PRIMARY KEY (instrument, reaction)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS policy_tie_page ON policy_tie (instrument, part, earliest, reaction);
CREATE INDEX IF NOT EXISTS policy_tie_of ON policy_tie (reaction);
CREATE TABLE IF NOT EXISTS policy_count (
  instrument TEXT NOT NULL, part TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (instrument, part)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS policy_tie_in AFTER INSERT ON policy_tie BEGIN
  INSERT INTO policy_count VALUES (new.instrument, new.part, 1)
  ON CONFLICT (instrument, part) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS policy_tie_out AFTER DELETE ON policy_tie BEGIN
  UPDATE policy_count SET n = n - 1 WHERE instrument = old.instrument AND part = old.part;
  DELETE FROM policy_count WHERE instrument = old.instrument AND part = old.part AND n = 0;
END;
"""

_ACTS = ",".join(f"'{t}'" for t in ACTS)
_REACTIONS = ",".join(f"'{t}'" for t in REACTIONS)
_IN_JSON = "IN (SELECT value FROM json_each(?))"


def _filters(clauses: Sequence[tuple[str, Sequence[str] | None]]) -> tuple[str, list[object]]:
    """`AND column IN (...)` for each filter given (None: no filter), as one JSON parameter each."""
    sql, args = "", []
    for column, values in clauses:
        if values is not None:
            sql += f" AND {column} {_IN_JSON}"
            args.append(json.dumps(sorted(values)))
    return sql, args


def _acts_of(
    instruments: Sequence[str] | None, hits: Sequence[str] | None, place: bool = False
) -> tuple[str, list[object]]:
    """The FROM of every (instrument, act, affected) of acts on these instruments and entities
    (all when None), with each jurisdiction of the act (`p`) when `place`."""
    where, args = _filters((("r.entity", instruments), ("h.entity", hits)))
    places = " JOIN role p ON p.instance = r.instance AND p.role = 'jurisdiction'" if place else ""
    return (
        f"""FROM role r JOIN instance a ON a.iri = r.instance AND a.top IN ({_ACTS})
            JOIN role h ON h.instance = r.instance AND h.role = 'affected'{places}
            WHERE r.role = 'instrument'{where}""",
        args,
    )


def pairs_sql(instruments: Sequence[str] | None = None, hits: Sequence[str] | None = None) -> tuple[str, list]:
    """Each (jurisdiction, affected) pair of the acts on these instruments."""
    found, args = _acts_of(instruments, hits, place=True)
    return f"SELECT DISTINCT r.entity, p.entity, h.entity {found}", args


def hits_sql(instruments: Sequence[str] | None = None, hits: Sequence[str] | None = None) -> tuple[str, list]:
    """Each (instrument, affected)'s first act in the answer's order of acts (undated first)."""
    found, args = _acts_of(instruments, hits)
    return (
        f"""SELECT instrument, hit, earliest, act FROM (
              SELECT r.entity AS instrument, h.entity AS hit, a.earliest AS earliest, a.iri AS act,
                     row_number() OVER (PARTITION BY r.entity, h.entity ORDER BY a.earliest, a.iri) AS n
              {found})
            WHERE n = 1""",
        args,
    )


def since_sql(instruments: Sequence[str] | None = None) -> tuple[str, list]:
    where, args = _filters((("r.entity", instruments),))
    return (
        f"""SELECT r.entity, MIN(a.earliest) FROM role r JOIN instance a ON a.iri = r.instance AND a.top IN ({_ACTS})
            WHERE r.role = 'instrument' AND a.earliest IS NOT NULL{where} GROUP BY r.entity""",
        args,
    )


def ties_sql(instruments: Sequence[str] | None = None, reactions: Sequence[str] | None = None) -> tuple[str, list]:
    """The reactions tied to instruments (as queries/policy_impact.rq ties them), from the kept
    pairs and first days: those naming it, and those concerning a pair of its acts."""
    named, named_args = _filters((("n.entity", instruments), ("n.instance", reactions)))
    paired, paired_args = _filters((("pp.instrument", instruments), ("xp.instance", reactions)))
    return (
        f"""SELECT t.instrument, CASE x.top WHEN 'PlatformResponse' THEN 'response' ELSE 'consequence' END,
                   x.earliest, x.iri
            FROM (SELECT n.entity AS instrument, n.instance AS reaction FROM role n
                  WHERE n.role = 'instrument'{named}
                  UNION
                  SELECT pp.instrument, xp.instance FROM role xp
                  JOIN role xh ON xh.instance = xp.instance AND xh.role IN ('agent', 'affected', 'origin')
                  JOIN policy_pair pp ON pp.place = xp.entity AND pp.hit = xh.entity
                  WHERE xp.role = 'jurisdiction'{paired}) t
            JOIN instance x ON x.iri = t.reaction AND x.top IN ({_REACTIONS})
            LEFT JOIN policy_since s ON s.instrument = t.instrument
            WHERE x.earliest IS NULL OR s.since IS NULL OR x.earliest >= s.since""",
        [*named_args, *paired_args],
    )


# ---- writes (inside the read model's transaction) ---------------------------------------


def touched(conn: sqlite3.Connection, instances: Sequence[str]) -> set[tuple[str, str | None]]:
    """The (instrument, affected) keys of these instances' acts as they are now, before a write
    takes their rows out (None: an act on the instrument that affected nobody)."""
    out: set[tuple[str, str | None]] = set()
    for start in range(0, len(instances), 500):
        chunk = list(instances[start : start + 500])
        out |= set(
            conn.execute(
                f"""SELECT r.entity, h.entity FROM role r JOIN instance a ON a.iri = r.instance AND a.top IN ({_ACTS})
                    LEFT JOIN role h ON h.instance = r.instance AND h.role = 'affected'
                    WHERE r.role = 'instrument' AND r.instance IN ({",".join("?" * len(chunk))})""",
                chunk,
            ).fetchall()
        )
    return out


def keys_of(instances: Iterable[Sequence], roles: Iterable[Sequence]) -> set[tuple[str, str | None]]:
    """The (instrument, affected) keys of the acts among these rows (as `touched` reads them)."""
    acts = {r[0] for r in instances if r[3] in ACTS}
    by_act: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for inst, role, entity, _ in roles:
        if inst in acts:
            by_act[inst][role].append(entity)
    out: set[tuple[str, str | None]] = set()
    for found in by_act.values():
        out |= {(i, h) for i in found.get("instrument", []) for h in found.get("affected") or [None]}
    return out


def settle(
    conn: sqlite3.Connection,
    before: set[tuple[str, str | None]],
    gone: Sequence[str],
    instances: Sequence[Sequence],
    roles: Sequence[Sequence],
) -> None:
    """After a write replaced the rows of `gone` by these: the instruments its acts named (then
    or now) get their pairs, first acts and first day again, and are re-tied as far as those
    moved; its reactions are re-tied to every instrument."""
    for start in range(0, len(gone), 500):
        chunk = list(gone[start : start + 500])
        conn.execute(f"DELETE FROM policy_tie WHERE reaction IN ({','.join('?' * len(chunk))})", chunk)
    hits: dict[str, set[str]] = defaultdict(set)
    for instrument, hit in before | keys_of(instances, roles):
        hits[instrument].update([hit] if hit is not None else [])
    for instrument, affected in sorted(hits.items()):
        _settle_instrument(conn, instrument, sorted(affected))
    reactions = [r[0] for r in instances if r[3] in REACTIONS]
    if reactions:
        sql, args = ties_sql(reactions=reactions)
        conn.execute(f"INSERT OR IGNORE INTO policy_tie {sql}", args)


def _settle_instrument(conn: sqlite3.Connection, instrument: str, hits: list[str]) -> None:
    one, among = [instrument], _IN_JSON
    key = json.dumps(hits)
    old_pairs = set(
        conn.execute(f"SELECT place, hit FROM policy_pair WHERE instrument = ? AND hit {among}", [instrument, key])
    )
    conn.execute(f"DELETE FROM policy_pair WHERE instrument = ? AND hit {among}", [instrument, key])
    conn.execute(f"DELETE FROM policy_hit WHERE instrument = ? AND hit {among}", [instrument, key])
    if hits:
        sql, args = pairs_sql(one, hits)
        conn.execute(f"INSERT INTO policy_pair {sql}", args)
        sql, args = hits_sql(one, hits)
        conn.execute(f"INSERT INTO policy_hit {sql}", args)
    new_pairs = set(
        conn.execute(f"SELECT place, hit FROM policy_pair WHERE instrument = ? AND hit {among}", [instrument, key])
    )
    old_since = conn.execute("SELECT since FROM policy_since WHERE instrument = ?", one).fetchone()
    conn.execute("DELETE FROM policy_since WHERE instrument = ?", one)
    sql, args = since_sql(one)
    conn.execute(f"INSERT INTO policy_since {sql}", args)
    new_since = conn.execute("SELECT since FROM policy_since WHERE instrument = ?", one).fetchone()
    if old_since != new_since or old_pairs - new_pairs:
        conn.execute("DELETE FROM policy_tie WHERE instrument = ?", one)
        sql, args = ties_sql(one)
        conn.execute(f"INSERT OR IGNORE INTO policy_tie {sql}", args)
    elif new_pairs - old_pairs:
        added = json.dumps(sorted(new_pairs - old_pairs))
        candidates = [
            r[0]
            for r in conn.execute(
                """SELECT DISTINCT xp.instance FROM json_each(?) j
                    JOIN role xp ON xp.role = 'jurisdiction' AND xp.entity = json_extract(j.value, '$[0]')
                    JOIN role xh ON xh.instance = xp.instance AND xh.role IN ('agent', 'affected', 'origin')
                                 AND xh.entity = json_extract(j.value, '$[1]')""",
                [added],
            )
        ]
        if candidates:
            sql, args = ties_sql(one, candidates)
            conn.execute(f"INSERT OR IGNORE INTO policy_tie {sql}", args)


def rebuild(conn: sqlite3.Connection) -> None:
    """Every table again from the instance and role rows (inside the caller's transaction)."""
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}")
    for table, (sql, args) in (("policy_pair", pairs_sql()), ("policy_hit", hits_sql()), ("policy_since", since_sql())):
        conn.execute(f"INSERT INTO {table} {sql}", args)
    sql, args = ties_sql()
    conn.execute(f"INSERT OR IGNORE INTO policy_tie {sql}", args)


def differences(conn: sqlite3.Connection) -> list[str]:
    """Where the kept tables disagree with the same queries run now over the instance and role
    rows (which kg validate compares with the graph, instance by instance)."""
    problems = []
    for table, (sql, args), columns in (
        ("policy_pair", pairs_sql(), "instrument, place, hit"),
        ("policy_hit", hits_sql(), "instrument, hit, earliest, act"),
        ("policy_since", since_sql(), "instrument, since"),
        ("policy_tie", ties_sql(), "instrument, part, earliest, reaction"),
        ("policy_count", ("SELECT instrument, part, COUNT(*) FROM policy_tie GROUP BY 1, 2", []), "*"),
    ):
        want = set(conn.execute(sql, args))
        have = set(conn.execute(f"SELECT {columns} FROM {table}"))
        for instrument in sorted({r[0] for r in want ^ have}):
            problems.append(f"the read model's {table} rows of {instrument} differ from its acts and reactions")
    return problems


# ---- the question ------------------------------------------------------------------------


def affected(conn: sqlite3.Connection, instrument: str) -> list[str]:
    """Whom the instrument's acts affected, in the whole answer's order (by each one's first act)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT hit FROM policy_hit WHERE instrument = ? ORDER BY earliest, act, hit", [instrument]
        )
    ]


def count(conn: sqlite3.Connection, instrument: str, part: str) -> int:
    found = conn.execute("SELECT n FROM policy_count WHERE instrument = ? AND part = ?", [instrument, part]).fetchone()
    return int(found[0]) if found else 0
