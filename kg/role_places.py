"""Each event's role values paired with its jurisdictions, kept in the read model, so that "the
events that affected X in Y" is one index range read newest first, not the crossing of two
long lists.

Why kept: at 50M quads TikTok is affected by ~140,000 events and the European Union is the
jurisdiction of tens of thousands; 74 are both. The events page read every TikTok event's row
to test the jurisdiction and sorted the survivors (113 ms for the page, 177 ms for its count:
benchmarks/RESULTS.md, 2026-11-27 task s25-50m), and would take ten times that at ten times the
store. Whatever the order of the two lists, crossing them costs the shorter one. Kept, it is
`role_place (role, entity, place, earliest, instance)`: one row per (role value, jurisdiction)
of each event (jurisdictions themselves not paired with each other), indexed newest first like
`role_by_date`, so the page walks the pair's own events and LIMIT stops it, and the count is
the length of one index range.

A function of an instance's own role rows, like `exposure_act`, so it is written and removed
with them in the read model's steps (kg/read_model.py: the crash rule holds for it, `kg
reindex` builds it, `kg validate` compares it with the same pairing done over the role rows).
A file made before the table was is filled once on a writer's open (`meta` key `role_places`);
until then the events question crosses the lists as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from kg import kept_marks

PlaceRow = tuple[str, str, str, str | None, str]  # role, entity, place, earliest, instance

SCHEMA = """
CREATE TABLE IF NOT EXISTS role_place (
  role TEXT NOT NULL, entity TEXT NOT NULL, place TEXT NOT NULL, earliest TEXT, instance TEXT NOT NULL,
  PRIMARY KEY (role, entity, place, instance)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS role_place_newest ON role_place (role, entity, place, earliest DESC, instance);
CREATE INDEX IF NOT EXISTS role_place_of ON role_place (instance);
"""

_KEPT = "role_places"  # the meta key saying the table was filled (a file older than it was not)

# The pairs worked out from the role rows: what the writes keep, and what a fill writes.
_PAIRS = """
SELECT r.role, r.entity, p.entity, r.earliest, r.instance FROM role r
JOIN role p ON p.instance = r.instance AND p.role = 'jurisdiction'
WHERE r.role != 'jurisdiction'
"""


def rows_of(roles: Iterable[tuple[str, str, str, str | None]]) -> list[PlaceRow]:
    """The pairs of these role rows (instance, role, entity, earliest), every instance's roles
    given whole."""
    places: dict[str, list[str]] = {}
    others: list[tuple[str, str, str, str | None]] = []
    for instance, role, entity, earliest in roles:
        if role == "jurisdiction":
            places.setdefault(instance, []).append(entity)
        else:
            others.append((instance, role, entity, earliest))
    return [
        (role, entity, place, earliest, instance)
        for instance, role, entity, earliest in others
        for place in places.get(instance, ())
    ]


def insert(conn: sqlite3.Connection, rows: Sequence[PlaceRow]) -> None:
    conn.executemany("INSERT INTO role_place VALUES (?,?,?,?,?)", rows)


def fill(conn: sqlite3.Connection) -> None:
    """Every pair again from the role rows (inside the caller's transaction), and the mark."""
    conn.execute("DELETE FROM role_place")
    conn.execute(f"INSERT INTO role_place {_PAIRS}")
    kept_marks.mark(conn, _KEPT)


def mark(conn: sqlite3.Connection) -> None:
    """The mark alone, for a fill that wrote the rows itself (a rebuild)."""
    kept_marks.mark(conn, _KEPT)


def kept(conn: sqlite3.Connection) -> bool:
    """Whether this file's pairs were filled (and so are kept by its writes)."""
    return kept_marks.marked(conn, _KEPT)


def differences(conn: sqlite3.Connection) -> list[str]:
    """The instances whose kept pairs disagree with their role rows now (kg validate)."""
    if not kept(conn):
        return []
    want = set(conn.execute(_PAIRS))
    have = set(conn.execute("SELECT role, entity, place, earliest, instance FROM role_place"))
    return [
        f"the read model's role and jurisdiction pairs of {instance} differ from its roles"
        for instance in sorted({r[4] for r in want ^ have})
    ]
