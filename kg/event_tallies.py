"""How many events there are, kept per facet in the read model, so that a page's `totalCount`
is one row instead of a count over every matching event.

Why kept: at 50M quads (583,653 events) the first page of an entity's events read 20 rows in
0.2 ms and then spent ~600 ms counting the 142,563 events TikTok takes a role in, and the
unfiltered events page ~100-190 ms counting every event (benchmarks/RESULTS.md, 2026-11-27
task s25-50m). A count that grows with the store breaks the first-page bar however cheap the
page is. Kept, it is one table, `event_tally (facet, value, n)`:

- `('', '')`: every event;
- `('type', T)`: the events of type T or of top class T (the events question's `type` filter);
- `(role, E)`: the events in which E takes that role (a role row is unique per role, entity
  and event, so this is the number of role rows);
- `('entity', E)`: the events E takes any role in, each once however many roles it has there
  (the timeline's and an entity's events' count);
- `(role:T, E)`: the events of type or top class T in which E takes that role (the events
  question with a type and one role);
- `('entity-month', 'E YYYY-MM')`: `('entity', E)`'s events dated in that month (by the earliest
  day their date can mean), so the count of a timeline over a range is the sum of its whole
  months plus the rows of the two part months at its ends (`in_range`).

Triggers on `instance` and `role` keep it: every write of the read model's rows (a settle, a
reconcile, a rebuild) moves it in the same SQLite transaction, so it is never out of step with
the rows it counts, and a crash between the graph and the rows is settled as the rows are.
The `entity` facet counts a role row only when the event has no other role row of the same
entity (one `role_of` seek). A file made before the table existed is filled once on a writer's
open (`meta` key `tallies`); until then, and for a read-only open of such a file, counts are
made as before. The tallies hold the answer as known today: a count "as of" a day, or within a
date range, or above a confidence, is still made over the rows.
"""

from __future__ import annotations

import sqlite3

from kg import kept_marks

TABLE = """
CREATE TABLE IF NOT EXISTS event_tally (
  facet TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (facet, value)
) WITHOUT ROWID;
"""
TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS event_tally_instance_in AFTER INSERT ON instance BEGIN
  INSERT INTO event_tally VALUES ('', '', 1) ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
  INSERT INTO event_tally VALUES ('type', new.type, 1) ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
  INSERT INTO event_tally SELECT 'type', new.top, 1 WHERE new.top != new.type
  ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
END""",
    """CREATE TRIGGER IF NOT EXISTS event_tally_instance_out AFTER DELETE ON instance BEGIN
  UPDATE event_tally SET n = n - 1
  WHERE (facet = '' AND value = '') OR (facet = 'type' AND value IN (old.type, old.top));
  DELETE FROM event_tally
  WHERE ((facet = '' AND value = '') OR (facet = 'type' AND value IN (old.type, old.top))) AND n = 0;
END""",
    # (an instance's row goes in before its role rows and out after them: its type is there)
    """CREATE TRIGGER IF NOT EXISTS event_tally_role_in AFTER INSERT ON role BEGIN
  INSERT INTO event_tally VALUES (new.role, new.entity, 1) ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
  INSERT INTO event_tally SELECT new.role || ':' || t, new.entity, 1 FROM (
    SELECT type AS t FROM instance WHERE iri = new.instance UNION SELECT top FROM instance WHERE iri = new.instance
  ) WHERE true ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
  INSERT INTO event_tally SELECT f, v, 1 FROM (
    SELECT 'entity' AS f, new.entity AS v
    UNION ALL SELECT 'entity-month', new.entity || ' ' || substr(new.earliest, 1, 7) WHERE new.earliest IS NOT NULL
  ) WHERE NOT EXISTS (SELECT 1 FROM role WHERE instance = new.instance AND entity = new.entity AND role != new.role)
  ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
END""",
    """CREATE TRIGGER IF NOT EXISTS event_tally_role_out AFTER DELETE ON role BEGIN
  UPDATE event_tally SET n = n - 1 WHERE value = old.entity AND facet IN (
    SELECT old.role UNION SELECT old.role || ':' || type FROM instance WHERE iri = old.instance
    UNION SELECT old.role || ':' || top FROM instance WHERE iri = old.instance
  );
  UPDATE event_tally SET n = n - 1
  WHERE ((facet = 'entity' AND value = old.entity)
    OR (facet = 'entity-month' AND value = old.entity || ' ' || substr(old.earliest, 1, 7)))
  AND NOT EXISTS (SELECT 1 FROM role WHERE instance = old.instance AND entity = old.entity);
  DELETE FROM event_tally WHERE n = 0 AND (
    (value = old.entity AND facet IN (
      SELECT old.role UNION SELECT 'entity' UNION SELECT old.role || ':' || type FROM instance WHERE iri = old.instance
      UNION SELECT old.role || ':' || top FROM instance WHERE iri = old.instance
    ))
    OR (facet = 'entity-month' AND value = old.entity || ' ' || substr(old.earliest, 1, 7))
  );
END""",
)
SCHEMA = TABLE + "".join(f"{t};\n" for t in TRIGGERS)
_NAMES = ("event_tally_instance_in", "event_tally_instance_out", "event_tally_role_in", "event_tally_role_out")

_KEPT = "tallies 2"  # the meta key saying the table was filled with these facets (an older file's was not)

# Every facet's count worked out from the rows: what the triggers keep, and what a fill writes.
_COUNTS = """
SELECT '', '', n FROM (SELECT COUNT(*) AS n FROM instance) WHERE n > 0
UNION ALL SELECT 'type', t, COUNT(*) FROM (
  SELECT iri, type AS t FROM instance UNION SELECT iri, top FROM instance
) GROUP BY t
UNION ALL SELECT role, entity, COUNT(*) FROM role GROUP BY role, entity
UNION ALL SELECT 'entity', entity, COUNT(DISTINCT instance) FROM role GROUP BY entity
UNION ALL SELECT r.role || ':' || t.t, r.entity, COUNT(*) FROM role r JOIN (
  SELECT iri, type AS t FROM instance UNION SELECT iri, top FROM instance
) t ON t.iri = r.instance GROUP BY 1, 2
UNION ALL SELECT 'entity-month', entity || ' ' || substr(earliest, 1, 7), COUNT(DISTINCT instance) FROM role
WHERE earliest IS NOT NULL GROUP BY 2
"""


def pause(conn: sqlite3.Connection) -> None:
    """The triggers off (inside the caller's transaction) for a bulk rewrite of the rows, which
    `fill` then counts once: a rebuild at 50M quads would otherwise run them for 2.1M role rows
    going out and coming in, one by one."""
    for name in _NAMES:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def fill(conn: sqlite3.Connection) -> None:
    """Every tally again from the rows, the triggers back on (inside the caller's transaction),
    and the mark that the tallies are kept. The triggers are made anew: a file of an older
    layout has triggers of the same names that keep fewer facets."""
    pause(conn)
    for trigger in TRIGGERS:
        conn.execute(trigger)
    conn.execute("DELETE FROM event_tally")
    conn.execute(f"INSERT INTO event_tally {_COUNTS}")
    kept_marks.mark(conn, _KEPT)


def kept(conn: sqlite3.Connection) -> bool:
    """Whether this file's tallies were filled (and so are kept by its triggers)."""
    return kept_marks.marked(conn, _KEPT)


def months_in(conn: sqlite3.Connection, entity: str, first: str, last: str) -> int:
    """How many of the entity's events are dated in the months `first` to `last` (YYYY-MM), both
    included: one index range of the kept tallies."""
    found = conn.execute(
        "SELECT SUM(n) FROM event_tally WHERE facet = 'entity-month' AND value BETWEEN ? AND ?",
        (f"{entity} {first}", f"{entity} {last}"),
    ).fetchone()
    return int(found[0] or 0)


def count(conn: sqlite3.Connection, facet: str, value: str = "") -> int | None:
    """The kept number of events of one facet, or None when this file keeps none."""
    if not kept(conn):
        return None
    found = conn.execute("SELECT n FROM event_tally WHERE facet = ? AND value = ?", (facet, value)).fetchone()
    return int(found[0]) if found else 0


def differences(conn: sqlite3.Connection) -> list[str]:
    """Where the kept tallies disagree with a count over the rows now (kg validate)."""
    if not kept(conn):
        return []
    want = {(f, v): n for f, v, n in conn.execute(_COUNTS)}
    have = {(f, v): n for f, v, n in conn.execute("SELECT facet, value, n FROM event_tally")}
    return [
        f"the read model's count of events ({f'{facet} {value}' if facet else 'all'}) is {have.get((facet, value), 0)},"
        f" its rows say {want.get((facet, value), 0)}"
        for facet, value in sorted(set(want) | set(have))
        if want.get((facet, value)) != have.get((facet, value))
    ]
