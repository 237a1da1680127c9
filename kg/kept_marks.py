"""The marks in a read model's `meta` table saying that a table added after the file's layout
was filled (kg/event_tallies.py, kg/role_places.py): a file made before it lacks the mark, so
a writer's open fills the table once and the questions do without it until then."""

from __future__ import annotations

import sqlite3


def mark(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (key,))


def marked(conn: sqlite3.Connection, key: str) -> bool:
    try:
        return conn.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone() is not None
    except sqlite3.Error:  # a file without a meta table yet
        return False
