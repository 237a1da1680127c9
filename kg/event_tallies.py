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
  months plus the rows of the two part months at its ends (question_rows `_count_by_months`).

Every facet's count over a set of events is the sum of its counts over each event (an event
counts once or not at all in each), so a write moves the tallies by what its events' rows
counted before they went (`move(..., -1)`) and what their new rows count (`move(..., +1)`): two
grouped statements over the write's own rows, in the same SQLite transaction as the rows, so the
tallies are never out of step with them and a crash between the graph and the rows is settled
as the rows are. (Triggers per row, tried first, cost a write 8 ms more at ~93 role rows an
article: a statement per facet per row.) A file made before the table was, or with its first
layout (fewer facets, kept by triggers), is filled once on a writer's open (`meta` key
`tallies 2`); until then, and for a read-only open of such a file, counts are made as before.
The tallies hold the answer as known today: a count "as of" a day, or within a date range, or
above a confidence, is still made over the rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from kg import kept_marks

SCHEMA = """
CREATE TABLE IF NOT EXISTS event_tally (
  facet TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (facet, value)
) WITHOUT ROWID;
"""
# the triggers that kept the first layout's tallies, dropped when a file is filled anew
_FIRST_LAYOUT = ("event_tally_instance_in", "event_tally_instance_out", "event_tally_role_in", "event_tally_role_out")

_KEPT = "tallies 2"  # the meta key saying the table was filled with these facets (an older file's was not)


def _counts(instances: str, roles: str) -> str:
    """Every facet's count over the events of `instances` and the role rows of `roles` (a table
    or a subquery of each): what a fill writes, and what a write's events move."""
    return f"""
SELECT '', '', n FROM (SELECT COUNT(*) AS n FROM {instances}) WHERE n > 0
UNION ALL SELECT 'type', t, COUNT(*) FROM (
  SELECT iri, type AS t FROM {instances} UNION SELECT iri, top FROM {instances}
) GROUP BY t
UNION ALL SELECT role, entity, COUNT(*) FROM {roles} GROUP BY role, entity
UNION ALL SELECT 'entity', entity, COUNT(DISTINCT instance) FROM {roles} GROUP BY entity
UNION ALL SELECT r.role || ':' || t.t, r.entity, COUNT(*) FROM {roles} r JOIN (
  SELECT iri, type AS t FROM {instances} UNION SELECT iri, top FROM {instances}
) t ON t.iri = r.instance GROUP BY 1, 2
UNION ALL SELECT 'entity-month', entity || ' ' || substr(earliest, 1, 7), COUNT(DISTINCT instance) FROM {roles}
WHERE earliest IS NOT NULL GROUP BY 2
"""


_ALL = _counts("instance", "role")
_OF = _counts(
    "(SELECT * FROM instance WHERE iri IN (SELECT value FROM json_each(:events)))",
    "(SELECT * FROM role WHERE instance IN (SELECT value FROM json_each(:events)))",
)


def move(conn: sqlite3.Connection, events: Sequence[str], sign: int) -> None:
    """The tallies moved by these events' rows as they stand now: taken out (-1, before the rows
    go) or put in (+1, after they came). Inside the caller's transaction."""
    if not events:
        return
    found = conn.execute(_OF, {"events": json.dumps(list(events))}).fetchall()
    conn.executemany(
        "INSERT INTO event_tally VALUES (?, ?, ?) ON CONFLICT (facet, value) DO UPDATE SET n = n + excluded.n",
        [(facet, value, sign * n) for facet, value, n in found],
    )
    if sign < 0:
        conn.executemany(
            "DELETE FROM event_tally WHERE facet = ? AND value = ? AND n <= 0", [(f, v) for f, v, _ in found]
        )


def fill(conn: sqlite3.Connection) -> None:
    """Every tally again from the rows (inside the caller's transaction), and the mark that the
    tallies are kept."""
    for name in _FIRST_LAYOUT:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("DELETE FROM event_tally")
    conn.execute(f"INSERT INTO event_tally {_ALL}")
    kept_marks.mark(conn, _KEPT)


def kept(conn: sqlite3.Connection) -> bool:
    """Whether this file's tallies were filled with these facets (and so are kept by its writes)."""
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
    want = {(f, v): n for f, v, n in conn.execute(_ALL)}
    have = {(f, v): n for f, v, n in conn.execute("SELECT facet, value, n FROM event_tally")}
    return [
        f"the read model's count of events ({f'{facet} {value}' if facet else 'all'}) is {have.get((facet, value), 0)},"
        f" its rows say {want.get((facet, value), 0)}"
        for facet, value in sorted(set(want) | set(have))
        if want.get((facet, value)) != have.get((facet, value))
    ]
