"""The read model: one SQL row per real-world event, beside the graph, so a question's first
page is an indexed range scan instead of a SPARQL join over the whole instances graph.

Why SQL: Oxigraph evaluates ORDER BY ... LIMIT by reading every solution and sorting it, so
the first page of "the newest events that affected TikTok" costs as much as all of them and
grows with the store. SQLite (stdlib `sqlite3`, `read-model.sqlite` in the store's folder, WAL mode) keeps a
B-tree per sort order and stops after the page.

What it holds is a function of the instances graph alone (`rrg:instances`, kg/instances.py):
per instance its type, top class, outcome, representative report, date interval,
first-reported day, confidence and report count (`instance`), per role value one row
(`role`), and its place in each scope's order of acts (`act`: the event links' write reads its
neighbours there, kg/link_plan.py), and exposure's rows and sums per jurisdiction
(`exposure_act`, `exposure_sum`: kg/exposure_sums.py), and policy impact's ties per instrument
(`policy_pair`, `policy_hit`, `policy_since`, `policy_tie`, `policy_count`: kg/policy_ties.py,
worked out from the instance and role rows in the same step), and how many events there are per
type, entity and role (`event_tally`, moved by each write's rows: kg/event_tallies.py), and each event's
role values paired with its jurisdictions (`role_place`: kg/role_places.py); beside them, one row per article
(`article`, a function of the article's own graph: kg/article_rows.py, for the articles
question's pages). /sparql users
still see the whole graph; nothing lives only here.

**The crash rule.** SQLite and Oxigraph cannot share a transaction, so every write of the
article graph goes through three steps, each atomic on its own:

1. the groups the write touches, and the article's graph, are filed as *pending* (one SQLite
   commit);
2. the article and its instances are written to Oxigraph (one transaction);
3. the rows of the instances it changed and the article's row are replaced and the marks
   removed (one SQLite commit).

A kill between 1 and 3 leaves pending marks; opening the store for writing rebuilds every
pending group's rows from the instances graph and every pending article's row from its graph
(`reconcile`), so the read model never
disagrees with the graph for longer than a crash takes to be reopened. A missing or
foreign read-model file (a store made by `kg import`, a backup, an older version) is rebuilt
whole. A read-only open uses the read model only when it has no pending marks (else the
questions fall back to SPARQL). `kg validate` compares the read model with a rebuild.
A write is synced (the store's default, KG_SYNC_WRITES): SQLite runs with synchronous=FULL,
so step 1's marks are on disk before the graph is written, and the graph's log is fsync'd
before step 3 (`EmbeddedStore.sync_log`); step 3 itself commits unsynced (a power loss that
drops it leaves step 1's marks, settled on the next open as after a kill), so the rule holds
across a power loss too. With
KG_SYNC_WRITES=false (synchronous=NORMAL, the graph's log unsynced) a power loss may drop a mark
while the graph keeps the write: `kg validate` names the damage and `kg reindex` repairs it.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from kg import event_tallies, exposure_sums, links, policy_ties, role_places
from kg.article_rows import AmountRow, ArticleRow, Quad, amount_rows, article_quads, article_rows
from kg.instances import INSTANCES_GRAPH, ROLES
from kg.vocab import RDF_TYPE, RR

VERSION = "5"  # the table layout; another value in a file means it is rebuilt (2: `act`, 3: `article`, 4: exposure,
# 5: policy impact's ties)
# Indexes added later (role_oldest, instance_type_oldest, instance_top_oldest: the timeline,
# migrations and policy impact pages)
# need no new version: SCHEMA's CREATE INDEX IF NOT EXISTS adds them on a writer's open, and a
# file without them answers the same, only by sorting.

Select = Callable[[str], list[dict[str, str | None]]]
WAL_CHECKPOINT_PAGES = 10_000  # the writer's checkpoint interval, in WAL pages (SQLite's default: 1,000)
# the tables of rows, and the column naming the instance each row of an instance's tables is of
TABLES = ("instance", "role", "act", "article", "amount", "exposure_act", "exposure_sum", "role_place")
INSTANCE_TABLES = (
    ("role", "instance"),
    ("act", "instance"),
    ("exposure_act", "instance"),
    ("role_place", "instance"),
    ("instance", "iri"),
)
Triple = tuple[str, str, str]  # subject, predicate, object's value (an IRI or a literal's lexical form)

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (grp TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS instance (
  iri TEXT PRIMARY KEY, grp TEXT NOT NULL, type TEXT NOT NULL, top TEXT NOT NULL, outcome TEXT,
  event TEXT NOT NULL, date TEXT, earliest TEXT, latest TEXT, first_reported TEXT,
  confidence REAL NOT NULL, reports INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS instance_group ON instance (grp);
CREATE INDEX IF NOT EXISTS instance_newest ON instance (earliest DESC, iri);
CREATE INDEX IF NOT EXISTS instance_type ON instance (type, earliest DESC, iri);
CREATE INDEX IF NOT EXISTS instance_top ON instance (top, earliest DESC, iri);
CREATE INDEX IF NOT EXISTS instance_type_oldest ON instance (type, earliest, iri);
CREATE INDEX IF NOT EXISTS instance_top_oldest ON instance (top, earliest, iri);
CREATE TABLE IF NOT EXISTS role (
  instance TEXT NOT NULL, role TEXT NOT NULL, entity TEXT NOT NULL, earliest TEXT,
  PRIMARY KEY (role, entity, instance)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS role_by_date ON role (role, entity, earliest DESC, instance);
CREATE INDEX IF NOT EXISTS role_of ON role (instance, role, entity);
CREATE INDEX IF NOT EXISTS role_entity ON role (entity, role, instance);
CREATE INDEX IF NOT EXISTS role_oldest ON role (entity, earliest, instance);
CREATE TABLE IF NOT EXISTS act (
  scope TEXT NOT NULL, part TEXT NOT NULL, day TEXT NOT NULL, instance TEXT NOT NULL,
  PRIMARY KEY (scope, part, day, instance)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS act_of ON act (instance);
CREATE TABLE IF NOT EXISTS pending_article (graph TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS article (
  graph TEXT PRIMARY KEY, article TEXT NOT NULL, id TEXT NOT NULL, title TEXT, published TEXT, url TEXT,
  events INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS article_newest ON article (ifnull(published, '') DESC, article);
CREATE INDEX IF NOT EXISTS article_iri ON article (article);
CREATE INDEX IF NOT EXISTS article_id ON article (id);
CREATE TABLE IF NOT EXISTS amount (
  graph TEXT NOT NULL, event TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (event, graph, text)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS amount_graph ON amount (graph);
"""
    + exposure_sums.SCHEMA
    + policy_ties.SCHEMA
    + event_tallies.SCHEMA
    + role_places.SCHEMA
)

InstanceRow = tuple[str, str, str, str, str | None, str, str | None, str | None, str | None, str | None, float, int]
RoleRow = tuple[str, str, str, str | None]
ActRow = tuple[str, str, str, str]  # scope, part, day, instance: kg/links.py `filed`


class Change(NamedTuple):
    """What a write changed in the instances graph: the groups it touched (marked pending in
    step 1), the subjects whose quads it changed, and those subjects' triples once it is done
    (an instance without triples is gone). An instance's rows are a function of its own
    triples, so the group's other instances keep theirs. Likewise the article graphs it wrote
    (marked in step 1) and their quads now (a graph without quads is gone)."""

    groups: list[str]
    subjects: set[str]
    triples: list[Triple]
    graphs: Sequence[str] = ()
    quads: Sequence[Quad] = ()


class Rows(NamedTuple):
    instances: list[InstanceRow]
    roles: list[RoleRow]
    acts: list[ActRow]
    articles: Sequence[ArticleRow] = ()
    amounts: Sequence[AmountRow] = ()
    exposures: Sequence[exposure_sums.ExposureActRow] = ()
    places: Sequence[role_places.PlaceRow] = ()


def path_for(store_path: str | Path) -> Path:
    """The read model's file, inside the store's folder beside RocksDB's files (which RocksDB
    leaves alone: it only touches files named as its own), so a copy of the folder carries it
    and nothing is left beside the folder."""
    return Path(store_path) / "read-model.sqlite"


def rows_of(triples: Iterable[Triple]) -> Rows:
    """The rows of the instances these triples describe (report rows and anything not an
    instance are ignored): the one mapping from graph to table, for writes and rebuilds alike."""
    by_subject: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    instances: list[InstanceRow] = []
    roles: list[RoleRow] = []
    acts: list[ActRow] = []
    exposures: list[exposure_sums.ExposureActRow] = []
    for iri, facts in sorted(by_subject.items()):
        if RR + "EventInstance" not in facts.get(RDF_TYPE, ()):
            continue

        def one(name: str, facts: dict[str, list[str]] = facts) -> str | None:
            values = facts.get(RR + name)
            return min(values) if values else None

        earliest = one("earliest")
        instances.append(
            (
                iri,
                one("groupKey") or "",
                (one("eventType") or "").removeprefix(RR),
                (one("topClass") or "").removeprefix(RR),
                one("outcome"),
                one("representative") or "",
                one("date"),
                earliest,
                one("latest"),
                one("firstReported"),
                float(one("confidence") or 0),
                len(set(facts.get(RR + "mention", ()))),
            )
        )
        for role in ROLES:
            for entity in sorted(set(facts.get(RR + role, ()))):
                roles.append((iri, role, entity, earliest))
        acts.extend(links.filed(links.node(iri, facts)))
        exposures += exposure_sums.act_rows(instances[-1], {r: facts.get(RR + r, []) for r in ROLES})
    return Rows(instances, roles, acts, exposures=exposures, places=role_places.rows_of(roles))


def _with_articles(rows: Rows, quads: Sequence[Quad]) -> Rows:
    """The instances' rows, with the rows of the articles these quads describe."""
    return rows._replace(articles=article_rows(quads), amounts=amount_rows(quads))


def _instance_triples(select: Select, groups: list[str] | None) -> list[Triple]:
    """Every triple of these groups' instances (all instances when `groups` is None)."""
    if groups is None:
        where = f"?i a <{RR}EventInstance> ; ?p ?o ."
    elif not groups:
        return []
    else:
        values = " ".join('"' + g.replace("\\", "\\\\").replace('"', '\\"') + '"' for g in groups)
        where = f"VALUES ?k {{ {values} }} ?i <{RR}groupKey> ?k ; ?p ?o ."
    rows = select(f"SELECT ?i ?p ?o WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ {where} }} }}")
    return [(r["i"] or "", r["p"] or "", r["o"] or "") for r in rows]


def _past_read_deadline() -> int:
    """SQLite asks this every 10,000 steps of a reader's query; non-zero interrupts the query
    (sqlite3.OperationalError "interrupted"), so a read-model read stops at the deadline of the
    request it serves (kg.store.READ_DEADLINE) instead of holding its thread past it."""
    from kg.store import READ_DEADLINE

    deadline = READ_DEADLINE.get()
    return int(deadline is not None and time.monotonic() > deadline)


class ReadModel:
    """The SQLite file of one store. Writes come from the store's one writer (its lock is the
    embedded store's); reads may come from any thread, each on its own connection."""

    def __init__(self, path: str | Path, read_only: bool = False, synchronous: str = "FULL") -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.synchronous = synchronous  # FULL: a commit is on disk when it returns (a power loss keeps it)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        if not read_only:
            self._writer = self._connect()
            # A write's rows land on ~1,000 random index pages; SQLite's default checkpoint
            # (every 1,000 WAL pages) copied them to the file and fsync'd it at nearly every
            # settle, most of a write's SQLite time (measured: a settle's commit 41 -> 20 ms an
            # article at 10,000, benchmarks/RESULTS.md 2026-11-27). Pages written again before
            # the next checkpoint are copied once. The WAL may reach ~40 MB between checkpoints.
            self._writer.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
            self._writer.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self.synchronous}")
        return conn

    def reader(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections are not for sharing between threads
        at once; WAL lets readers run beside the writer)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            conn.set_progress_handler(_past_read_deadline, 10_000)
            self._local.conn = conn
        return conn

    # ---- state ----

    def built(self) -> bool:
        """Whether the file holds a complete model of this layout (possibly with pending groups)."""
        try:
            row = self.reader().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == VERSION

    def pending(self) -> list[str]:
        try:
            return [r[0] for r in self.reader().execute("SELECT grp FROM pending ORDER BY grp")]
        except sqlite3.Error:
            return []

    def pending_articles(self) -> list[str]:
        try:
            return [r[0] for r in self.reader().execute("SELECT graph FROM pending_article ORDER BY graph")]
        except sqlite3.Error:
            return []

    def exposure_current(self) -> bool:
        """Whether exposure's sums were computed with the risk rules in use (else exposure is
        answered from the acts until a writer's open rebuilds them)."""
        try:
            row = self.reader().execute("SELECT value FROM meta WHERE key = 'exposure_rules'").fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == exposure_sums.rules_fingerprint()

    def usable(self) -> bool:
        """Whether questions may be answered from here: built, and agreeing with the graph."""
        return self.built() and not self.pending() and not self.pending_articles()

    # ---- writes (the three steps of the module's docstring) ----

    def begin(self, groups: Iterable[str], graphs: Iterable[str] = ()) -> None:
        with self._write_lock:
            self._writer.execute("BEGIN")
            self._writer.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(g,) for g in groups])
            self._writer.executemany("INSERT OR IGNORE INTO pending_article VALUES (?)", [(g,) for g in graphs])
            self._writer.execute("COMMIT")

    def settle(self, change: Change) -> None:
        """Replace the rows of the instances and articles a write changed, and clear its marks.

        Committed without waiting for the disk even in a synced store: step 1's marks are
        already on disk, so a power loss that drops this commit leaves marks that the next
        writer's open settles from the graph (`reconcile`), as after a kill. A synced write so
        pays one SQLite fsync instead of two (measured: an fsync'd commit was most of the
        read model's share of a write, benchmarks/RESULTS.md 2026-11-27)."""
        rows = _with_articles(rows_of(change.triples), change.quads)
        with self._write_lock:
            w = self._writer
            if self.synchronous != "NORMAL":
                w.execute("PRAGMA synchronous=NORMAL")
            try:
                self._settle(w, change, rows)
            finally:
                if self.synchronous != "NORMAL":
                    w.execute(f"PRAGMA synchronous={self.synchronous}")

    def _settle(self, w: sqlite3.Connection, change: Change, rows: Rows) -> None:
        w.execute("BEGIN")
        gone = sorted(change.subjects)
        exposures_gone = exposure_sums.rows_of_instances(w, gone)
        ties_before = policy_ties.touched(w, gone)
        event_tallies.move(w, gone, -1)
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for table, column in INSTANCE_TABLES:
                w.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
        w.executemany("DELETE FROM pending WHERE grp = ?", [(g,) for g in change.groups])
        self._forget_articles(change.graphs)
        self._insert(rows, exposures_gone)
        event_tallies.move(w, [r[0] for r in rows.instances], +1)
        policy_ties.settle(w, ties_before, gone, rows.instances, rows.roles)
        w.execute("COMMIT")

    def _forget_articles(self, graphs: Iterable[str]) -> None:
        """The rows and marks of these article graphs out (their rows now go in after)."""
        w = self._writer
        w.executemany("DELETE FROM article WHERE graph = ?", [(g,) for g in graphs])
        w.executemany("DELETE FROM amount WHERE graph = ?", [(g,) for g in graphs])
        w.executemany("DELETE FROM pending_article WHERE graph = ?", [(g,) for g in graphs])

    def _replace(self, groups: list[str], rows: Rows) -> None:
        w = self._writer
        exposures_gone: list[tuple] = []
        gone: list[str] = []
        for start in range(0, len(groups), 500):
            chunk = groups[start : start + 500]
            marks = ",".join("?" * len(chunk))
            gone += [r[0] for r in w.execute(f"SELECT iri FROM instance WHERE grp IN ({marks})", chunk)]
        ties_before = policy_ties.touched(w, gone)  # read before the rows go
        event_tallies.move(w, gone, -1)
        for start in range(0, len(groups), 500):
            chunk = groups[start : start + 500]
            marks = ",".join("?" * len(chunk))
            exposures_gone += w.execute(
                f"SELECT * FROM exposure_act WHERE instance IN (SELECT iri FROM instance WHERE grp IN ({marks}))", chunk
            ).fetchall()
            for table in ("role", "act", "exposure_act", "role_place"):
                w.execute(
                    f"DELETE FROM {table} WHERE instance IN (SELECT iri FROM instance WHERE grp IN ({marks}))", chunk
                )
            w.execute(f"DELETE FROM instance WHERE grp IN ({marks})", chunk)
            w.execute(f"DELETE FROM pending WHERE grp IN ({marks})", chunk)
        self._insert(rows, exposures_gone)
        event_tallies.move(w, [r[0] for r in rows.instances], +1)
        changed = sorted({*gone, *(r[0] for r in rows.instances)})
        policy_ties.settle(w, ties_before, changed, rows.instances, rows.roles)

    def _insert(self, rows: Rows, exposures_gone: Sequence[tuple] = ()) -> None:
        """The rows in, and exposure's sums moved by what the rows taken out held and what
        these hold (kg/exposure_sums.py)."""
        w = self._writer
        w.executemany("INSERT INTO instance VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows.instances)
        w.executemany("INSERT INTO role VALUES (?,?,?,?)", rows.roles)
        w.executemany("INSERT INTO act VALUES (?,?,?,?)", rows.acts)
        w.executemany("INSERT INTO article VALUES (?,?,?,?,?,?,?)", rows.articles)
        w.executemany("INSERT INTO amount VALUES (?,?,?)", rows.amounts)
        w.executemany("INSERT INTO exposure_act VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows.exposures)
        role_places.insert(w, rows.places)
        exposure_sums.apply(w, exposure_sums.sums_of(exposures_gone), exposure_sums.sums_of(rows.exposures))

    def reconcile(self, select: Select) -> int:
        """Rebuild the rows of every pending group and article from the graph; how many marks."""
        groups, graphs = self.pending(), self.pending_articles()
        if groups or graphs:
            rows = rows_of(_instance_triples(select, groups))
            rows = _with_articles(rows, article_quads(select, graphs))
            with self._write_lock:
                self._writer.execute("BEGIN")
                self._forget_articles(graphs)
                self._replace(groups, rows)
                self._writer.execute("COMMIT")
        return len(groups) + len(graphs)

    def rebuild(self, select: Select) -> int:
        """Every row again from the instances graph and the article graphs, swapped in in one
        SQLite transaction."""
        return self.fill(_with_articles(rows_of(_instance_triples(select, None)), article_quads(select, None)))

    def fill(self, rows: Rows) -> int:
        """Every row replaced by `rows` in one SQLite transaction: a rebuild, or a bulk import
        that worked the rows out from the quads it loaded (kg/backfill.py), which is many times
        cheaper than asking the loaded store for them again."""
        with self._write_lock:
            w = self._writer
            w.execute("BEGIN")
            for table in (*TABLES, "pending", "pending_article", "meta"):
                w.execute(f"DELETE FROM {table}")
            self._insert(rows)
            policy_ties.rebuild(w)
            w.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
            w.execute("INSERT INTO meta VALUES ('exposure_rules', ?)", (exposure_sums.rules_fingerprint(),))
            event_tallies.fill(w)
            role_places.mark(w)
            w.execute("COMMIT")
        return len(rows.instances)

    def open_for_writing(self, select: Select) -> None:
        """What a writer does on open: a missing or foreign model is built (and one whose
        exposure sums were computed with other risk rules), pending groups settled."""
        if not self.built() or not self.exposure_current():
            self.rebuild(select)
            return
        self.reconcile(select)
        for kept in (event_tallies, role_places):  # a file from before these tables: filled once
            if not kept.kept(self._writer):
                with self._write_lock:
                    self._writer.execute("BEGIN")
                    kept.fill(self._writer)
                    self._writer.execute("COMMIT")

    # ---- comparison (kg validate, tests) ----

    def contents(self) -> tuple[list[tuple], list[tuple]]:
        conn = self.reader()
        return (
            list(conn.execute("SELECT * FROM instance ORDER BY iri")),
            list(conn.execute("SELECT * FROM role ORDER BY instance, role, entity")),
        )

    def differences(self, select: Select) -> list[str]:
        """What disagrees with a rebuild from the graph: one line per instance or article.

        Pending groups are left out: their rows are known to be behind (a writer was stopped
        between its graph and its rows) and the next writer's open rebuilds them."""
        if not self.built():
            return [f"the read model {self.path} is missing or of another version (run kg reindex)"]
        waiting = set(self.pending())
        rows = rows_of(_instance_triples(select, None))
        want = {r[0]: r for r in rows.instances if r[1] not in waiting}
        have_rows, have_roles = self.contents()
        have = {r[0]: r for r in have_rows if r[1] not in waiting}
        behind = {r[0] for r in (*rows.instances, *have_rows) if r[1] in waiting}
        # an instance's role rows, and its place in each scope's order of acts (kg/link_plan.py)
        role_want: dict[str, set[tuple]] = defaultdict(set)
        role_have: dict[str, set[tuple]] = defaultdict(set)
        for r in rows.roles:
            role_want[r[0]].add(tuple(r))
        for r in have_roles:
            role_have[r[0]].add(tuple(r))
        for r in rows.acts:
            role_want[r[3]].add(tuple(r))
        for r in self.reader().execute("SELECT * FROM act"):
            role_have[r[3]].add(tuple(r))
        # and the rows exposure sums (kg/exposure_sums.py), when they were made with the rules in use
        current = self.exposure_current()
        if current:
            for r in rows.exposures:
                role_want[r[3]].add(("exposure", *r))
            for r in self.reader().execute("SELECT * FROM exposure_act"):
                role_have[r[3]].add(("exposure", *r))
        problems = []
        for iri in sorted((set(want) | set(have) | set(role_have)) - behind):
            if iri not in have and iri not in want:
                problems.append(f"the read model orders acts of an instance it does not hold: {iri}")
            elif iri not in have:
                problems.append(f"the read model lacks the instance {iri}")
            elif iri not in want:
                problems.append(f"the read model has an instance the graph does not: {iri}")
            elif tuple(have[iri]) != tuple(want[iri]) or role_have[iri] != role_want[iri]:
                problems.append(f"the read model's row of {iri} differs from the graph")
        stale = [
            "the read model's exposure sums were computed with other risk rules than kg/risk_rules.toml"
            " (run kg reindex)"
        ]
        sums = exposure_sums.differences(self.reader()) if current else stale
        # policy impact's kept ties are worked out from the rows above: checked once those agree
        # with the graph (a wrong row would show again in every tie worked out from it)
        ties = [] if problems else policy_ties.differences(self.reader())
        kept = [] if problems else event_tallies.differences(self.reader()) + role_places.differences(self.reader())
        return problems + sums + ties + kept + self._article_differences(select)

    def _article_differences(self, select: Select) -> list[str]:
        """What disagrees in the article and amount rows (pending articles left out, as pending
        groups are)."""
        waiting = set(self.pending_articles())
        quads = article_quads(select, None)
        want = {r[0]: r for r in article_rows(quads) if r[0] not in waiting}
        have = {r[0]: r for r in self.reader().execute("SELECT * FROM article") if r[0] not in waiting}
        amounts_want, amounts_have = defaultdict(set), defaultdict(set)
        for r in amount_rows(quads):
            amounts_want[r[0]].add(tuple(r))
        for r in self.reader().execute("SELECT * FROM amount"):
            amounts_have[r[0]].add(tuple(r))
        problems = []
        for graph in sorted((set(want) | set(have) | set(amounts_want) | set(amounts_have)) - waiting):
            if graph not in have:
                problems.append(f"the read model lacks the article of {graph}")
            elif graph not in want:
                problems.append(f"the read model has an article the graph does not: {graph}")
            elif tuple(have[graph]) != tuple(want[graph]) or amounts_have[graph] != amounts_want[graph]:
                problems.append(f"the read model's article row of {graph} differs from the graph")
        return problems

    def close(self) -> None:
        if not self.read_only:
            self._writer.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
