"""The watchlists file: `watchlists.sqlite` in the store's folder, beside the read model.

It holds the watchlists, and the three stages a notification passes through, each one SQLite
commit, so that a crash anywhere leaves a stage to resume from and never a lost or doubled
notification beyond at-least-once:

1. `pending`: an article about to be written (filed before the graph's transaction);
2. `fresh`: a real-world event an article was the first to report (filed, with the article's
   pending mark removed, in one commit right after the graph's transaction);
3. `delivery`: one row per (watchlist with a webhook, event), its key the idempotency key
   the payload carries; `attempt` logs each try. A fresh event is matched and removed in the
   same commit that files its deliveries (INSERT OR IGNORE: matching it again adds nothing).

A bearer token is never stored: a watchlist's owner is the token's SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS watchlist (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,
  entity TEXT, entity_label TEXT, jurisdiction TEXT, jurisdiction_label TEXT,
  event_types TEXT NOT NULL, min_risk TEXT, webhook_url TEXT, secret TEXT NOT NULL, created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS watchlist_owner ON watchlist (owner, created, id);
CREATE TABLE IF NOT EXISTS pending (article TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS fresh (instance TEXT PRIMARY KEY, article TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS delivery (
  key TEXT PRIMARY KEY, watchlist TEXT NOT NULL, instance TEXT NOT NULL, payload TEXT NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at REAL NOT NULL,
  created TEXT NOT NULL, delivered TEXT
);
CREATE INDEX IF NOT EXISTS delivery_due ON delivery (status, next_at);
CREATE INDEX IF NOT EXISTS delivery_of ON delivery (watchlist, created);
CREATE TABLE IF NOT EXISTS attempt (
  key TEXT NOT NULL, n INTEGER NOT NULL, at TEXT NOT NULL, status_code INTEGER, error TEXT,
  PRIMARY KEY (key, n)
) WITHOUT ROWID;
"""


def path_for(store_path: str | Path) -> Path:
    return Path(store_path) / "watchlists.sqlite"


def owner_of(token: bytes) -> str:
    """Who a bearer token is, as stored: its SHA-256 (the token itself is never written)."""
    return hashlib.sha256(token).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Watchlist:
    id: str
    owner: str
    name: str
    entity: str | None = None
    entity_label: str | None = None
    jurisdiction: str | None = None
    jurisdiction_label: str | None = None
    event_types: list[str] = field(default_factory=list)
    min_risk: str | None = None
    webhook_url: str | None = None
    secret: str = ""
    created: str = ""


@dataclass
class Delivery:
    key: str
    watchlist: str
    instance: str
    payload: str
    status: str  # pending | delivered | failed
    attempts: int
    next_at: float
    created: str
    delivered: str | None
    webhook_url: str | None = None  # the watchlist's, when read to be sent (`due`)
    secret: str = ""


@dataclass
class Attempt:
    n: int
    at: str
    status_code: int | None
    error: str | None


@dataclass
class Try:
    """One try of a delivery, as the sender reports it: `outcome` is the delivery's status after it."""

    key: str
    n: int
    status_code: int | None
    error: str | None
    outcome: str  # pending (a retry is due at next_at) | delivered | failed
    next_at: float = 0.0
    at: str = field(default_factory=lambda: now_iso())


def delivery_key(watchlist: str, instance: str) -> str:
    """The idempotency key: one per watchlist and real-world event, whatever retries or restarts."""
    return hashlib.sha256(f"{watchlist}\x1f{instance}".encode()).hexdigest()[:32]


class WatchStorage:
    """One file, written by the server holding the store and by its webhook sender process
    (kg/service/webhooks.py). In a process, writes come from several threads, so they take a
    lock; reads open their own connection per thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._writer = self._connect()
        self._writer.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        # two processes write (the server, and its webhook sender): a commit waits for the other's
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.row_factory = sqlite3.Row
        return conn

    def _reader(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def _write(self, statements: Iterable[tuple[str, Iterable]]) -> None:
        with self._lock:
            w = self._writer
            w.execute("BEGIN IMMEDIATE")
            try:
                for sql, args in statements:
                    w.execute(sql, tuple(args))
            except BaseException:
                w.execute("ROLLBACK")
                raise
            w.execute("COMMIT")

    # ---- watchlists ----

    def create(self, wl: Watchlist) -> Watchlist:
        wl.id = wl.id or secrets.token_hex(8)
        wl.secret = wl.secret or secrets.token_urlsafe(32)
        wl.created = wl.created or now_iso()
        row = (
            wl.id, wl.owner, wl.name, wl.entity, wl.entity_label, wl.jurisdiction, wl.jurisdiction_label,
            json.dumps(wl.event_types), wl.min_risk, wl.webhook_url, wl.secret, wl.created,
        )  # fmt: skip
        self._write([("INSERT INTO watchlist VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)])
        return wl

    def watchlists(self, owner: str | None = None) -> list[Watchlist]:
        """One owner's watchlists, oldest first; every watchlist when no owner is given."""
        sql = "SELECT * FROM watchlist" + (" WHERE owner = ?" if owner else "") + " ORDER BY created, rowid"
        return [_watchlist(r) for r in self._reader().execute(sql, (owner,) if owner else ())]

    def watchlist(self, id: str, owner: str) -> Watchlist | None:
        row = self._reader().execute("SELECT * FROM watchlist WHERE id = ? AND owner = ?", (id, owner)).fetchone()
        return _watchlist(row) if row else None

    def watchlist_by_id(self, id: str) -> Watchlist | None:
        row = self._reader().execute("SELECT * FROM watchlist WHERE id = ?", (id,)).fetchone()
        return _watchlist(row) if row else None

    def delete(self, id: str, owner: str) -> bool:
        """Deletes the watchlist and its delivery log; False if the owner has no such watchlist."""
        if self.watchlist(id, owner) is None:
            return False
        self._write(
            [
                ("DELETE FROM attempt WHERE key IN (SELECT key FROM delivery WHERE watchlist = ?)", (id,)),
                ("DELETE FROM delivery WHERE watchlist = ?", (id,)),
                ("DELETE FROM watchlist WHERE id = ? AND owner = ?", (id, owner)),
            ]
        )
        return True

    # ---- stages 1 and 2: articles being written, events they were first to report ----

    def begin(self, article: str) -> None:
        self._write([("INSERT OR IGNORE INTO pending VALUES (?)", (article,))])

    def found(self, article: str, fresh: list[str]) -> None:
        """The article is written: its new events are filed and its pending mark removed, at once."""
        seq = time.time_ns()
        self._write(
            [
                *(("INSERT OR IGNORE INTO fresh VALUES (?,?,?)", (i, article, seq + n)) for n, i in enumerate(fresh)),
                ("DELETE FROM pending WHERE article = ?", (article,)),
            ]
        )

    def pending(self) -> list[str]:
        return [r[0] for r in self._reader().execute("SELECT article FROM pending ORDER BY article")]

    def fresh(self, limit: int = 200) -> list[tuple[str, str]]:
        rows = self._reader().execute("SELECT instance, article FROM fresh ORDER BY seq LIMIT ?", (limit,))
        return [(r[0], r[1]) for r in rows]

    # ---- stage 3: the outbox ----

    def matched(self, instances: list[str], deliveries: list[tuple[str, str, str]]) -> None:
        """Files (watchlist, instance, payload) deliveries and removes the instances from `fresh`, at once."""
        now, stamp = time.time(), now_iso()
        self._write(
            [
                *(
                    ("INSERT OR IGNORE INTO delivery VALUES (?,?,?,?,'pending',0,?,?,NULL)",
                     (delivery_key(w, i), w, i, p, now, stamp))
                    for w, i, p in deliveries
                ),
                *(("DELETE FROM fresh WHERE instance = ?", (i,)) for i in instances),
            ]
        )  # fmt: skip

    def due(self, now: float, limit: int = 100) -> list[Delivery]:
        rows = self._reader().execute(
            "SELECT d.*, w.webhook_url, w.secret FROM delivery d JOIN watchlist w ON w.id = d.watchlist "
            "WHERE d.status = 'pending' AND d.next_at <= ? ORDER BY d.next_at LIMIT ?",
            (now, limit),
        )
        return [Delivery(**dict(r)) for r in rows]

    def newest_delivery(self) -> int:
        """The newest outbox row's number: the sender process looks at it to learn of new rows."""
        return self._reader().execute("SELECT COALESCE(MAX(rowid), 0) FROM delivery").fetchone()[0]

    def next_due(self) -> float | None:
        row = self._reader().execute("SELECT MIN(next_at) FROM delivery WHERE status = 'pending'").fetchone()
        return row[0]

    def attempted(self, tries: list[Try]) -> None:
        """Tries' results: each logged, and its delivery's status and next try set; one commit for all."""
        statements: list[tuple[str, Iterable]] = []
        for t in tries:
            statements += [
                ("INSERT OR REPLACE INTO attempt VALUES (?,?,?,?,?)", (t.key, t.n, t.at, t.status_code, t.error)),
                (
                    "UPDATE delivery SET attempts = ?, status = ?, next_at = ?, delivered = ? WHERE key = ?",
                    (t.n, t.outcome, t.next_at, t.at if t.outcome == "delivered" else None, t.key),
                ),
            ]
        self._write(statements)

    def deliveries(self, watchlist: str, limit: int = 100) -> list[Delivery]:
        rows = self._reader().execute(
            "SELECT * FROM delivery WHERE watchlist = ? ORDER BY created DESC, key LIMIT ?", (watchlist, limit)
        )
        return [Delivery(**dict(r)) for r in rows]

    def attempts(self, key: str) -> list[Attempt]:
        rows = self._reader().execute("SELECT n, at, status_code, error FROM attempt WHERE key = ? ORDER BY n", (key,))
        return [Attempt(**dict(r)) for r in rows]

    def close(self) -> None:
        self._writer.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()


def _watchlist(row: sqlite3.Row) -> Watchlist:
    values = dict(row)
    values["event_types"] = json.loads(values["event_types"])
    return Watchlist(**values)
