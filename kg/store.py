"""Where the graph lives: an embedded Oxigraph store on disk, or any SPARQL 1.1 server.

Both answer the same few verbs. Writing an article replaces its named graph in one SPARQL
update, so a crash leaves the old graph or the new one, never half of either.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import Protocol

import httpx
import pyoxigraph as ox

from kg.article_rows import READS
from kg.instance_plan import GroupCache, plan_write
from kg.instances import INSTANCES_GRAPH, rebuilt
from kg.rdf import content_hash, entities_graph_provenance, known_facts
from kg.read_model import Change, ReadModel
from kg.read_model import path_for as read_model_path
from kg.vocab import ENTITIES_GRAPH, RR

DEFAULT_STORE = "data/kg"
META_GRAPH = "https://w3id.org/regrisk/id/graph/meta"

Row = dict[str, str | None]
_ARTICLE_READS = frozenset(ox.NamedNode(p) for p in READS)  # what the read model's article rows read of a write


class StoreError(RuntimeError):
    """The store cannot be opened or reached."""


class StoreLockedError(StoreError):
    """Another process (such as `kg serve`) holds the embedded store."""


class ReadTimeout(StoreError):
    """A read ran past the deadline its caller set in READ_DEADLINE."""


# When the reads of the current context stop being worth doing (time.monotonic), or None. A
# query's solutions are checked against it as they stream, so a read stops at its deadline
# instead of holding a thread until it ends (pyoxigraph cannot interrupt a running query).
READ_DEADLINE: ContextVar[float | None] = ContextVar("kg_read_deadline", default=None)


class QueryError(ValueError):
    """A SPARQL query or update was rejected; the message is the parser's."""


def _data_block(quads: list[ox.Quad]) -> str:
    """The quads (all in named graphs) as SPARQL's quad data, a `GRAPH` block per graph.

    Written by Oxigraph's N-Quads serializer, one line a quad, and cut before each line's
    graph: the same text as formatting each term in Python, in 60% of the time (measured:
    2.8 -> 1.75 ms an article of ~1,800 quads)."""
    by_graph: dict[str, list[str]] = {}
    # split at "\n" alone, which a literal never holds unescaped (it may hold U+2028 or U+0085)
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode()
    for line in text.split("\n")[:-1]:
        triple, graph, _ = line.rsplit(" ", 2)  # "<s> <p> <o> <g> .": an IRI has no space
        by_graph.setdefault(graph, []).append(triple + " .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())


def _replace_update(
    graph: str, quads: list[ox.Quad], digest: str, removed: list[ox.Quad] = (), replacing: bool = True
) -> str:
    """One SPARQL update, so one transaction: the article's old graph and hash out (when it
    replaces one), the instance quads it changes out, and the new ones in."""
    meta = f'<{graph}> <{RR}contentHash> "{digest}" .'
    old = (
        f"DROP SILENT GRAPH <{graph}> ;\n"
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{graph}> <{RR}contentHash> ?h }} }} ;\n"
        if replacing
        else ""
    )
    gone = f"DELETE DATA {{ {_data_block(removed)} }} ;\n" if removed else ""
    return old + gone + f"INSERT DATA {{ {_data_block(quads)}\nGRAPH <{META_GRAPH}> {{ {meta} }} }}"


class Store(Protocol):
    location: str

    def replace_article(self, graph: str, quads: list[ox.Quad]) -> str: ...
    def reindex(self) -> int: ...
    def select(self, sparql: str) -> list[Row]: ...
    def ask(self, sparql: str) -> bool: ...
    def dump(self, fmt: ox.RdfFormat) -> bytes: ...
    def import_dump(self, path: Path, fmt: ox.RdfFormat) -> None: ...
    def close(self) -> None: ...


def _term_value(term: object) -> str | None:
    if term is None:
        return None
    return getattr(term, "value", str(term))


def gazetteer_facts(select) -> list[ox.Quad]:
    """What the gazetteer knows of each entity the entities graph holds (`kg.rdf.known_facts`):
    ingest writes it once per entity, so a store written before a fact (`rr:within`,
    `rr:isoCode` ...) was known lacks it until `kg reindex` writes it here."""
    rows = select(f"SELECT DISTINCT ?e WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e a <{RR}Entity> }} }}")
    return [*(entities_graph_provenance() if rows else []), *(q for r in rows for q in known_facts(r["e"]))]


READ_ONLY_PATIENCE_S = 60.0


def _vanished_file(exc: Exception, path: str) -> bool:
    """RocksDB's complaint when a file of a read-only view was removed by the writer."""
    return "No such file or directory" in str(exc) and Path(path, "CURRENT").exists()


def _read_only(path: str, deadline: float) -> ox.Store:
    """A read-only view of a store another process may be writing, retried until `deadline`.

    A read-only open replays the writer's log, so it sees every transaction committed before
    it, whole. But the writer's flushes and compactions delete files the view still lists
    (pyoxigraph calls a read-only open beside a writer undefined); RocksDB then fails the
    open or a later read with "No such file or directory", never with a partial answer. So
    the open, and the read (see `EmbeddedStore.dump`), are retried on a fresh view."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError) as exc:
            if not _vanished_file(exc, path) or time.monotonic() > deadline:
                raise
            time.sleep(min(0.02 * attempt, 0.5))


class EmbeddedStore:
    """pyoxigraph on disk (RocksDB). One writing process at a time; read-only opens (`kg
    export`, `kg stats`) may run beside it."""

    def __init__(self, path: str | Path, read_only: bool = False, sync_writes: bool = True) -> None:
        self.location = str(path)
        self.read_only = read_only
        self.sync_writes = sync_writes
        self._groups = GroupCache()
        self._logs_in_folder: frozenset[str] | None = None  # the logs whose names the last folder fsync made durable
        Path(path).mkdir(parents=True, exist_ok=True)
        try:
            self._store = (
                _read_only(str(path), time.monotonic() + READ_ONLY_PATIENCE_S) if read_only else ox.Store(str(path))
            )
        except (OSError, RuntimeError) as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the store {path} is in use by another process (is `kg serve` running?); "
                    "stop it, or send articles to the server with POST /articles"
                ) from exc
            raise StoreError(f"cannot open the store {path}: {exc}") from exc
        self.read_model: ReadModel | None = None
        model_path = read_model_path(path)
        if not read_only:
            self.read_model = ReadModel(model_path, synchronous="FULL" if sync_writes else "NORMAL")
            self.read_model.open_for_writing(self.select)
        elif model_path.exists():
            self.read_model = ReadModel(model_path, read_only=True)

    def questions_model(self) -> ReadModel | None:
        """The read model when it agrees with the graph, else None (the questions then ask
        SPARQL): see kg/read_model.py for when that is."""
        model = self.read_model
        return model if model is not None and model.usable() else None

    def _hash_of(self, graph: str) -> str | None:
        rows = self.select(f"SELECT ?h WHERE {{ GRAPH <{META_GRAPH}> {{ <{graph}> <{RR}contentHash> ?h }} }}")
        return rows[0]["h"] if rows else None

    def replace_article(self, graph: str, quads: list[ox.Quad]) -> str:
        digest = content_hash(quads, graph)
        previous = self._hash_of(graph)
        if previous == digest:
            return "unchanged"
        model = self.questions_model()  # the read model, where it agrees with the graph
        db = model.reader() if model is not None else None
        plan = plan_write(self.select, graph, quads, replacing=previous is not None, cache=self._groups, db=db)
        if self.read_model is not None:  # step 1 of kg/read_model.py's crash rule
            self.read_model.begin(plan.groups, [graph])
        try:
            if previous is None and not plan.removed:
                # A new article that changes no instance already stored: one extend() is one
                # transaction and skips parsing a SPARQL update.
                stamp = ox.Quad(
                    ox.NamedNode(graph), ox.NamedNode(f"{RR}contentHash"), ox.Literal(digest), ox.NamedNode(META_GRAPH)
                )
                self._store.extend([*quads, *plan.added, stamp])
            else:
                self._store.update(
                    _replace_update(graph, [*quads, *plan.added], digest, plan.removed, previous is not None)
                )
        except BaseException:
            self._groups.forget(plan.groups)
            if self.read_model is not None:
                self.read_model.reconcile(self.select)
            raise
        self._groups.put(plan.groups)
        if self.sync_writes:
            self.sync_log()
        if self.read_model is not None:
            own = ox.NamedNode(graph)
            written = [(graph, *_triple(q)) for q in quads if q.predicate in _ARTICLE_READS and q.graph_name == own]
            self.read_model.settle(Change(list(plan.groups), plan.touched, _triples(plan.now), [graph], written))
        return "new" if previous is None else "replaced"

    def sync_log(self) -> None:
        """Makes every committed transaction survive a power loss, not only a crash.

        Oxigraph commits with RocksDB's default write options: the transaction is appended to
        the write-ahead log (`*.log` in the store's folder) and not fsync'd, so it is safe from a
        kill of this process (the kernel holds it) but not from losing the machine before the
        kernel writes it back. pyoxigraph offers no synced commit, so the logs are fsync'd here,
        from outside, and the folder with them (a new log's name). benchmarks/sync_per_write.py
        measures what it costs a write.

        The folder is fsync'd only when its set of logs differs from the last time it was:
        what that makes durable is the logs' names, and RocksDB starts a new log only now and
        then, so most writes skip one of their fsyncs."""
        folder = Path(self.location)
        logs = sorted(folder.glob("*.log"))
        for log in logs:
            _fsync(log)
        names = frozenset(log.name for log in logs)
        if names != self._logs_in_folder:
            _fsync(folder)
            self._logs_in_folder = names

    def reindex(self) -> int:
        """Instances worked out again from the article graphs, swapped in in one transaction,
        with what the gazetteer now knows of every entity (`known_facts`)."""
        self._groups.forget()
        quads = rebuilt(self.select)
        facts = gazetteer_facts(self.select)
        self._store.update(
            f"DROP SILENT GRAPH <{INSTANCES_GRAPH}> ;\nINSERT DATA {{ {_data_block(quads)}\n{_data_block(facts)} }}"
        )
        if self.read_model is not None:
            self.read_model.rebuild(self.select)
        return len(quads)

    def select(self, sparql: str) -> list[Row]:
        try:
            result = self._store.query(sparql)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        deadline = READ_DEADLINE.get()
        if deadline is None:
            return [{n: _term_value(sol[n]) for n in names} for sol in result]
        rows = []
        for sol in result:
            if len(rows) % 64 == 0 and time.monotonic() > deadline:
                raise ReadTimeout(f"the read ran past its deadline after {len(rows)} rows")
            rows.append({n: _term_value(sol[n]) for n in names})
        return rows

    def import_dump(self, path: Path, fmt: ox.RdfFormat) -> None:
        """Oxigraph's bulk loader: it writes sorted files straight into RocksDB, many times faster
        than transactions, but it is not one transaction. So the dump is parsed through once first,
        and a file with a syntax error is refused before anything is written."""
        check_dump(path, fmt)
        self._groups.forget()
        self._store.bulk_load(path=str(path), format=fmt)
        self._store.flush()
        if self.read_model is not None:
            self.read_model.rebuild(self.select)

    def ask(self, sparql: str) -> bool:
        try:
            return bool(self._store.query(sparql))
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """The whole store at one moment: a read-only view whose files a writer removed
        mid-read is opened afresh and read again, so a dump is never a mix of two moments."""
        deadline = time.monotonic() + READ_ONLY_PATIENCE_S
        while True:
            try:
                return (
                    self._store.dump(format=fmt)
                    if fmt.supports_datasets
                    else self._store.dump(format=fmt, from_graph=ox.DefaultGraph())
                )
            except (OSError, RuntimeError) as exc:
                if not self.read_only or not _vanished_file(exc, self.location) or time.monotonic() > deadline:
                    raise
                self._store = _read_only(self.location, deadline)

    def union_dump(self, fmt: ox.RdfFormat) -> bytes:
        result = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return result.serialize(format=fmt)

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        if self.read_model is not None:
            self.read_model.close()


def _triple(q: ox.Quad) -> tuple[str, str, str]:
    return (q.subject.value, q.predicate.value, q.object.value)


def _triples(quads: Iterable[ox.Quad]) -> list[tuple[str, str, str]]:
    return [_triple(q) for q in quads]


class RemoteStore:
    """A SPARQL 1.1 server: /query, /update and /store as `oxigraph serve` lays them out,
    or explicit endpoints through KG_QUERY_URL / KG_UPDATE_URL (or the keyword arguments).

    A query or update URL with a user and password in it (`http://kg:secret@host:8890/sparql-auth`)
    sends them by HTTP digest authentication, as Virtuoso's authenticated endpoint asks, so its
    anonymous `/sparql` account need not be allowed to write (nor to run the procedures Virtuoso
    compiles some queries into: SR186 on the anonymous account)."""

    def __init__(
        self, url: str, timeout: float = 30.0, *, query_url: str | None = None, update_url: str | None = None
    ) -> None:
        self.location = url.rstrip("/")
        from kg.settings import Settings

        settings = Settings()
        self._query_given = query_url or settings.query_url or self.location + "/query"
        self.query_url, self._query_auth = _credentials_apart(self._query_given)
        self._update_given = update_url or settings.update_url or self.location + "/update"
        self.update_url, self._update_auth = _credentials_apart(self._update_given)
        self._http = httpx.Client(timeout=timeout)

    @property
    def query_auth(self) -> httpx.DigestAuth | None:
        """The digest authentication the query URL was given with (None without one)."""
        return self._query_auth

    def endpoints(self) -> tuple[str, str, str]:
        """What another process needs to open this store (a Dask worker): the URL and the query
        and update endpoints, the update one with its user and password, if any."""
        return self.location, self._query_given, self._update_given

    def _post_query(self, sparql: str, accept: str) -> httpx.Response:
        try:
            resp = self._http.post(
                self.query_url, data={"query": sparql}, headers={"Accept": accept}, auth=self._query_auth
            )
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server {self.location}: {exc}") from exc
        if resp.status_code == 400:
            raise QueryError(resp.text.strip())
        if resp.status_code >= 300:
            raise StoreError(f"SPARQL server {self.location} answered {resp.status_code}: {resp.text[:200]}")
        return resp

    def replace_article(self, graph: str, quads: list[ox.Quad]) -> str:
        digest = content_hash(quads, graph)
        rows = self.select(f"SELECT ?h WHERE {{ GRAPH <{META_GRAPH}> {{ <{graph}> <{RR}contentHash> ?h }} }}")
        previous = rows[0]["h"] if rows else None
        if previous == digest:
            return "unchanged"
        plan = plan_write(self.select, graph, quads, replacing=previous is not None)
        self._update(_replace_update(graph, [*quads, *plan.added], digest, plan.removed, previous is not None))
        return "replaced" if previous else "new"

    def reindex(self) -> int:
        quads = rebuilt(self.select)
        facts = gazetteer_facts(self.select)
        self._update(
            f"DROP SILENT GRAPH <{INSTANCES_GRAPH}> ;\nINSERT DATA {{ {_data_block(quads)}\n{_data_block(facts)} }}"
        )
        return len(quads)

    def _update(self, sparql: str) -> None:
        """One update request: a SPARQL 1.1 server applies it as one transaction (Oxigraph,
        Fuseki and Virtuoso do; several writers at once may still interleave their reads)."""
        try:
            resp = self._http.post(self.update_url, data={"update": sparql}, auth=self._update_auth)
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server {self.location}: {exc}") from exc
        if resp.status_code >= 300:
            raise StoreError(f"update refused by {self.location}: {resp.status_code} {resp.text[:200]}")

    def select(self, sparql: str) -> list[Row]:
        data = self._post_query(sparql, "application/sparql-results+json").json()
        names = data["head"]["vars"]
        return [{n: (b[n]["value"] if n in b else None) for n in names} for b in data["results"]["bindings"]]

    def ask(self, sparql: str) -> bool:
        return bool(self._post_query(sparql, "application/sparql-results+json").json()["boolean"])

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        resp = self._http.get(self.location + "/store", headers={"Accept": fmt.media_type})
        if resp.status_code >= 300:
            raise StoreError(f"cannot dump {self.location}: {resp.status_code}")
        return resp.content

    def import_dump(self, path: Path, fmt: ox.RdfFormat) -> None:
        """The Graph Store Protocol's POST of a whole dataset; the server loads it as it likes."""
        check_dump(path, fmt)
        with path.open("rb") as body:
            try:
                resp = self._http.post(
                    self.location + "/store", content=body, headers={"Content-Type": fmt.media_type}, timeout=None
                )
            except httpx.HTTPError as exc:
                raise StoreError(f"cannot reach the SPARQL server {self.location}: {exc}") from exc
        if resp.status_code >= 300:
            raise StoreError(f"{self.location} refused the import: {resp.status_code} {resp.text[:200]}")

    def close(self) -> None:
        self._http.close()


def _credentials_apart(url: str) -> tuple[str, httpx.DigestAuth | None]:
    """The URL without its user and password, and digest authentication with them (if any):
    httpx would otherwise send them as basic authentication, which Virtuoso refuses."""
    parsed = httpx.URL(url)
    if not parsed.username:
        return url, None
    return str(parsed.copy_with(username=None, password=None)), httpx.DigestAuth(parsed.username, parsed.password)


def check_dump(path: Path, fmt: ox.RdfFormat) -> int:
    """Parse a dump end to end without keeping it (Rust does the work); the quad count on success."""
    count = 0
    try:
        for _ in ox.parse(path=str(path), format=fmt):
            count += 1
    except SyntaxError as exc:
        raise StoreError(f"{path} is not valid {fmt.name}: {exc}; nothing was imported") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot read {path}: {exc}; nothing was imported") from exc
    return count


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:  # a log RocksDB recycled or removed since the listing
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_store(location: str | None = None, read_only: bool = False, sync_writes: bool = True) -> Store:
    if not location:
        from kg.settings import Settings

        location = Settings().store
    if location.startswith(("http://", "https://")):
        return RemoteStore(location)
    return EmbeddedStore(location, read_only=read_only, sync_writes=sync_writes)


def stats(store: Store) -> dict[str, int]:
    q = f"""SELECT
      (COUNT(DISTINCT ?a) AS ?articles) WHERE {{ GRAPH ?g {{ ?a a <{RR}Article> }} }}"""
    articles = int(store.select(q)[0]["articles"] or 0)
    ents = store.select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?a <https://schema.org/mentions> ?e } }")
    events = store.select(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a <{RR}Event> }} }}")
    unasserted = store.select(
        f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e a <{RR}UnassertedEvent> }} }}"
    )
    instances = store.select(
        f"SELECT (COUNT(?i) AS ?n) WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?i a <{RR}EventInstance> }} }}"
    )
    quads = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {
        "articles": articles,
        "entities": int(ents[0]["n"] or 0),
        "events": int(events[0]["n"] or 0),
        "unasserted": int(unasserted[0]["n"] or 0),
        "instances": int(instances[0]["n"] or 0),
        "quads": int(quads[0]["n"] or 0),
    }
