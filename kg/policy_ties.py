"""Policy impact's ties, kept in the read model so that the first page of `policyImpact`
(whom the instrument's acts affected, a page of responses and of consequences, and how many
there are) reads a few index ranges instead of every act on the instrument and every reaction.

Why kept: a response or consequence belongs to an instrument's answer when it names the
instrument, or when it concerns (as agent, affected or origin) an entity that an act on the
instrument affected, in that act's jurisdiction, and is undated or dated on or after the
instrument's first dated act (queries/policy_impact.rq). Worked out per question, that reads
every act on the instrument (5,962 for the Digital Services Act at 5M quads) and, for a count,
checks every reaction of the store: it grows with the store. Kept, it is these tables:

- `policy_act`: per act on an instrument, one row per (affected, jurisdiction) ('' for none),
  a function of the act's own rows like `exposure_act`, indexed so that the rest is kept by
  seeks, not scans: an entity's first act, the instrument's first day;
- `policy_reaction`: per reaction, one row per (jurisdiction, entity it concerns as agent,
  affected or origin), likewise: the reactions of a pair are a seek;
- `policy_pair`: each (jurisdiction, affected) pair of the instrument's acts, with how many;
- `policy_hit`: each entity the acts affected, with the first act (in the answer's order of
  acts, undated first, then oldest, then by IRI) that affected it: `affected` in order;
- `policy_since`: the instrument's first dated act's day;
- `policy_tie`: every reaction tied to the instrument, by part and in the pages' order, and
  `policy_count` its number per part (kept by triggers on `policy_tie`).

All are functions of the `instance` and `role` rows alone, so they are written in the read
model's steps (kg/read_model.py): the crash rule holds for them, `kg reindex` builds them with
the same queries (`rebuild`) and `kg validate` compares them with those queries' answer
(`differences`). A write replaces its acts' `policy_act` rows and moves the pairs' counts;
a reaction's tie depends on its own rows, the instrument's pairs and its first day only, so
the write re-ties its own reactions, the reactions of pairs that appeared or went, and, when
the first day moved, the reactions dated between the old day and the new. Measured at 5M
quads: a write of one act on the instrument with the most ties costs under a millisecond here
(benchmarks/RESULTS.md, 2026-11-27 stop 22).

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
TABLES = ("policy_act", "policy_reaction", "policy_pair", "policy_hit", "policy_since", "policy_tie", "policy_count")

SCHEMA = """
CREATE TABLE IF NOT EXISTS policy_act (
  instrument TEXT NOT NULL, hit TEXT NOT NULL, place TEXT NOT NULL, earliest TEXT, act TEXT NOT NULL,
  PRIMARY KEY (instrument, hit, place, act)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS policy_act_first ON policy_act (instrument, hit, earliest, act);
CREATE INDEX IF NOT EXISTS policy_act_since ON policy_act (instrument, earliest);
CREATE INDEX IF NOT EXISTS policy_act_of ON policy_act (act);
CREATE TABLE IF NOT EXISTS policy_pair (
  instrument TEXT NOT NULL, place TEXT NOT NULL, hit TEXT NOT NULL, acts INTEGER NOT NULL,
  PRIMARY KEY (instrument, hit, place)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS policy_pair_key ON policy_pair (place, hit, instrument);
CREATE TABLE IF NOT EXISTS policy_reaction (
  place TEXT NOT NULL, hit TEXT NOT NULL, reaction TEXT NOT NULL, PRIMARY KEY (place, hit, reaction)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS policy_reaction_of ON policy_reaction (reaction);
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


def acts_sql() -> tuple[str, list]:
    """`policy_act` from the instance and role rows: per act on an instrument, one row per
    (affected, jurisdiction), '' for an act that names none."""
    return (
        f"""SELECT r.entity, ifnull(h.entity, ''), ifnull(p.entity, ''), a.earliest, a.iri
            FROM role r JOIN instance a ON a.iri = r.instance AND a.top IN ({_ACTS})
            LEFT JOIN role h ON h.instance = a.iri AND h.role = 'affected'
            LEFT JOIN role p ON p.instance = a.iri AND p.role = 'jurisdiction'
            WHERE r.role = 'instrument'""",
        [],
    )


def reactions_sql() -> tuple[str, list]:
    """`policy_reaction` from the instance and role rows: per reaction, one row per
    (jurisdiction, entity it concerns as agent, affected or origin)."""
    return (
        f"""SELECT DISTINCT p.entity, h.entity, x.iri FROM instance x
            JOIN role p ON p.instance = x.iri AND p.role = 'jurisdiction'
            JOIN role h ON h.instance = x.iri AND h.role IN ('agent', 'affected', 'origin')
            WHERE x.top IN ({_REACTIONS})""",
        [],
    )


def pairs_sql() -> tuple[str, list]:
    """Each (jurisdiction, affected) pair of an instrument's acts, and how many acts have it."""
    return (
        "SELECT instrument, place, hit, COUNT(*) FROM policy_act WHERE hit != '' AND place != ''"
        " GROUP BY instrument, place, hit",
        [],
    )


def hits_sql() -> tuple[str, list]:
    """Each (instrument, affected)'s first act in the answer's order of acts (undated first)."""
    return (
        """SELECT instrument, hit, earliest, act FROM (
              SELECT instrument, hit, earliest, act,
                     row_number() OVER (PARTITION BY instrument, hit ORDER BY earliest, act) AS n
              FROM policy_act WHERE hit != '')
            WHERE n = 1""",
        [],
    )


def since_sql() -> tuple[str, list]:
    return (
        "SELECT instrument, MIN(earliest) FROM policy_act WHERE earliest IS NOT NULL GROUP BY instrument",
        [],
    )


def ties_sql(instruments: Sequence[str] | None = None, reactions: Sequence[str] | None = None) -> tuple[str, list]:
    """The reactions tied to instruments (as queries/policy_impact.rq ties them), from the kept
    pairs and first days: those naming it, and those concerning a pair of its acts."""
    named, named_args = _filters((("n.entity", instruments), ("n.instance", reactions)))
    paired, paired_args = _filters((("pp.instrument", instruments), ("pr.reaction", reactions)))
    return (
        f"""SELECT t.instrument, CASE x.top WHEN 'PlatformResponse' THEN 'response' ELSE 'consequence' END,
                   x.earliest, x.iri
            FROM (SELECT n.entity AS instrument, n.instance AS reaction FROM role n
                  WHERE n.role = 'instrument'{named}
                  UNION
                  SELECT pp.instrument, pr.reaction FROM policy_reaction pr
                  JOIN policy_pair pp ON pp.place = pr.place AND pp.hit = pr.hit
                  WHERE 1{paired}) t
            JOIN instance x ON x.iri = t.reaction AND x.top IN ({_REACTIONS})
            LEFT JOIN policy_since s ON s.instrument = t.instrument
            WHERE x.earliest IS NULL OR s.since IS NULL OR x.earliest >= s.since""",
        [*named_args, *paired_args],
    )


# ---- writes (inside the read model's transaction) ---------------------------------------


def touched(conn: sqlite3.Connection, instances: Sequence[str]) -> list[tuple]:
    """The `policy_act` rows of these instances as they are now (before a write takes them out)."""
    out: list[tuple] = []
    for start in range(0, len(instances), 500):
        chunk = list(instances[start : start + 500])
        out += conn.execute(f"SELECT * FROM policy_act WHERE act IN ({','.join('?' * len(chunk))})", chunk).fetchall()
    return out


def act_rows(instances: Iterable[Sequence], roles: Iterable[Sequence]) -> list[tuple]:
    """The `policy_act` rows of the acts among these instance and role rows (as `acts_sql`)."""
    earliest = {r[0]: r[7] for r in instances if r[3] in ACTS}
    by_act: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for inst, role, entity, _ in roles:
        if inst in earliest:
            by_act[inst][role].append(entity)
    return [
        (i, h, p, earliest[act], act)
        for act, found in by_act.items()
        for i in found.get("instrument", [])
        for h in found.get("affected") or [""]
        for p in found.get("jurisdiction") or [""]
    ]


def reaction_rows(instances: Iterable[Sequence], roles: Iterable[Sequence]) -> list[tuple]:
    """The `policy_reaction` rows of the reactions among these rows (as `reactions_sql`)."""
    reactions = {r[0] for r in instances if r[3] in REACTIONS}
    by: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for inst, role, entity, _ in roles:
        if inst in reactions:
            by[inst]["place" if role == "jurisdiction" else role].add(entity)
    return sorted(
        {
            (p, h, x)
            for x, found in by.items()
            for p in found["place"]
            for h in found["agent"] | found["affected"] | found["origin"]
        }
    )


def settle(
    conn: sqlite3.Connection, before: list[tuple], gone: Sequence[str], instances: Sequence, roles: Sequence
) -> None:
    """After a write replaced the rows of `gone` (whose `policy_act` rows were `before`) by
    these: the acts' rows replaced, the pairs' counts moved, the first acts and first day of
    the instruments they name (then or now) read again off indexes, and those instruments re-tied
    as far as their pairs or day moved; the write's reactions re-tied to every instrument."""
    new = act_rows(instances, roles)
    for start in range(0, len(gone), 500):
        chunk = list(gone[start : start + 500])
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM policy_act WHERE act IN ({marks})", chunk)
        conn.execute(f"DELETE FROM policy_reaction WHERE reaction IN ({marks})", chunk)
        conn.execute(f"DELETE FROM policy_tie WHERE reaction IN ({marks})", chunk)
    conn.executemany("INSERT INTO policy_act VALUES (?,?,?,?,?)", new)
    conn.executemany("INSERT INTO policy_reaction VALUES (?,?,?)", reaction_rows(instances, roles))
    delta: dict[tuple[str, str, str], int] = defaultdict(int)
    for rows, sign in ((before, -1), (new, 1)):
        for i, h, p, _, _ in rows:
            if h and p:
                delta[(i, p, h)] += sign
    added: dict[str, list[tuple[str, str]]] = defaultdict(list)
    removed: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (i, p, h), d in sorted(delta.items()):
        if not d:
            continue
        old = conn.execute(
            "SELECT acts FROM policy_pair WHERE instrument = ? AND hit = ? AND place = ?", [i, h, p]
        ).fetchone()
        now = (old[0] if old else 0) + d
        if now:
            conn.execute("INSERT OR REPLACE INTO policy_pair VALUES (?,?,?,?)", [i, p, h, now])
        else:
            conn.execute("DELETE FROM policy_pair WHERE instrument = ? AND hit = ? AND place = ?", [i, h, p])
        if not old:
            added[i].append((p, h))
        elif not now:
            removed[i].append((p, h))
    hits: dict[str, set[str]] = defaultdict(set)
    for i, h, _, _, _ in (*before, *new):
        hits[i].update([h] if h else [])
    for instrument in sorted({*hits, *(r[0] for r in (*before, *new))}):
        _first_acts(conn, instrument, sorted(hits[instrument]))
        # what each reaction's tie depends on: the pairs, then the first day
        _retie(conn, instrument, _pair_reactions(conn, [*added[instrument], *removed[instrument]]))
        _since_moved(conn, instrument)
    reactions = [r[0] for r in instances if r[3] in REACTIONS]
    if reactions:
        sql, args = ties_sql(reactions=reactions)
        conn.execute(f"INSERT OR IGNORE INTO policy_tie {sql}", args)


def _first_acts(conn: sqlite3.Connection, instrument: str, hits: list[str]) -> None:
    """Each entity's first act on the instrument, read off `policy_act_first` (one seek each)."""
    for hit in hits:
        first = conn.execute(
            "SELECT earliest, act FROM policy_act WHERE instrument = ? AND hit = ? ORDER BY earliest, act LIMIT 1",
            [instrument, hit],
        ).fetchone()
        if first is None:
            conn.execute("DELETE FROM policy_hit WHERE instrument = ? AND hit = ?", [instrument, hit])
        else:
            conn.execute("INSERT OR REPLACE INTO policy_hit VALUES (?,?,?,?)", [instrument, hit, *first])


def _retie(conn: sqlite3.Connection, instrument: str, reactions: list[str]) -> None:
    """These reactions' ties to the instrument worked out again."""
    for start in range(0, len(reactions), 500):
        chunk = reactions[start : start + 500]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM policy_tie WHERE instrument = ? AND reaction IN ({marks})", [instrument, *chunk])
        sql, args = ties_sql([instrument], chunk)
        conn.execute(f"INSERT OR IGNORE INTO policy_tie {sql}", args)


def _since_moved(conn: sqlite3.Connection, instrument: str) -> None:
    """The instrument's first dated act's day again (off `policy_act_since`); if it moved, the
    reactions dated between the two days are re-tied (none other changes)."""
    old = conn.execute("SELECT since FROM policy_since WHERE instrument = ?", [instrument]).fetchone()
    new = conn.execute(
        "SELECT MIN(earliest) FROM policy_act WHERE instrument = ? AND earliest IS NOT NULL", [instrument]
    ).fetchone()
    was, now = (old[0] if old else None), new[0]
    if was == now:
        return
    if now is None:
        conn.execute("DELETE FROM policy_since WHERE instrument = ?", [instrument])
    else:
        conn.execute("INSERT OR REPLACE INTO policy_since VALUES (?,?)", [instrument, now])
    if was is not None and (now is None or now < was):  # earlier (or no day): reactions from then on may tie
        low, args = ("", []) if now is None else ("AND earliest >= ?", [now])
        window = [
            r[0]
            for r in conn.execute(
                f"SELECT iri FROM instance WHERE top IN ({_REACTIONS}) AND earliest < ? {low}", [was, *args]
            )
        ]
        for start in range(0, len(window), 500):
            chunk = window[start : start + 500]
            sql, sql_args = ties_sql([instrument], chunk)
            conn.execute(f"INSERT OR IGNORE INTO policy_tie {sql}", sql_args)
    else:  # later (or a first day at all): the reactions before it no longer tie
        conn.execute("DELETE FROM policy_tie WHERE instrument = ? AND earliest < ?", [instrument, now])


def _pair_reactions(conn: sqlite3.Connection, pairs: list[tuple[str, str]]) -> list[str]:
    """The reactions that concern these (jurisdiction, entity) pairs: a seek each."""
    found: set[str] = set()
    for place, hit in pairs:
        found.update(
            r[0] for r in conn.execute("SELECT reaction FROM policy_reaction WHERE place = ? AND hit = ?", [place, hit])
        )
    return sorted(found)


def rebuild(conn: sqlite3.Connection) -> None:
    """Every table again from the instance and role rows (inside the caller's transaction)."""
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}")
    for table, (sql, args) in (
        ("policy_act", acts_sql()),
        ("policy_reaction", reactions_sql()),
        ("policy_pair", pairs_sql()),
        ("policy_hit", hits_sql()),
        ("policy_since", since_sql()),
    ):
        conn.execute(f"INSERT INTO {table} {sql}", args)
    sql, args = ties_sql()
    conn.execute(f"INSERT OR IGNORE INTO policy_tie {sql}", args)


def differences(conn: sqlite3.Connection) -> list[str]:
    """Where the kept tables disagree with the same queries run now over the instance and role
    rows (which kg validate compares with the graph, instance by instance)."""
    problems = []
    for table, (sql, args), columns in (
        ("policy_act", acts_sql(), "*"),
        ("policy_reaction", reactions_sql(), "*"),
        ("policy_pair", pairs_sql(), "instrument, place, hit, acts"),
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
