"""Articles -> extraction -> quads -> store: the one write path of CLI and HTTP alike.

With workers > 1, worker processes run spaCy and the extractors and hand back plain
Extraction objects; this process turns them into quads and writes each article's graph in
one transaction, so a crash never leaves half an article.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import weakref
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.pool import AsyncResult

from spacy.tokens import Doc

from extractors.extract import extract_doc
from extractors.model import Extraction
from extractors.pipeline import LATE_STAGES, article_doc, load_pipeline
from kg.rdf import registry_key, to_quads
from kg.sources import Article, SourceError
from kg.store import RemoteStore, Store
from kg.vocab import graph_iri

BATCH = 16  # spaCy's nlp.pipe batch in this process
WORKER_BATCH = 4  # small batches keep two workers busy to the end of a run


@dataclass
class IngestResult:
    source: str
    status: str  # new | replaced | unchanged | failed
    article_id: str | None = None
    events: int = 0
    entities: int = 0
    error: str | None = None
    extraction: Extraction | None = None


@dataclass
class IngestSummary:
    results: list[IngestResult] = field(default_factory=list)
    untracked: Counter[str] = field(default_factory=Counter)  # results counted but not kept (keep_results=False)

    @property
    def counts(self) -> Counter[str]:
        return Counter(r.status for r in self.results) + self.untracked

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def add(
        self, result: IngestResult, keep: bool = True, on_result: Callable[[IngestResult], None] | None = None
    ) -> None:
        """Count a result (kept whole, or only counted when a run of millions keeps none) and
        hand it to the caller's progress hook."""
        if keep:
            self.results.append(result)
        else:
            self.untracked[result.status] += 1
        if on_result:
            on_result(result)


def _parse_batch(batch: list[Article], whole: bool = True) -> list[Doc | str]:
    """Run the pipeline over a batch; `whole=False` stops before our own Python stages
    (`LATE_STAGES`), which `_extract_one` then runs, on the writer thread."""
    nlp = load_pipeline()
    docs = [article_doc(a.text, a.published) for a in batch]
    try:
        if whole:
            return list(nlp.pipe(docs))
        with nlp.select_pipes(disable=list(LATE_STAGES)):
            return list(nlp.pipe(docs))
    except (RecursionError, ValueError, MemoryError) as exc:
        return [f"the text could not be parsed ({type(exc).__name__})"] * len(batch)


def _extract_one(article: Article, doc: Doc | str) -> Extraction | str:
    if isinstance(doc, str):
        return doc
    try:
        if doc._.resolver is None:
            nlp = load_pipeline()
            for stage in LATE_STAGES:
                doc = nlp.get_pipe(stage)(doc)
        return extract_doc(doc, article.text, article.published, article.title, article.url)
    except RecursionError:
        return "text too deeply nested to parse"


def _extract_batch(batch: list[Article]) -> list[Extraction | str]:
    return [_extract_one(a, d) for a, d in zip(batch, _parse_batch(batch), strict=True)]


def _batches(items: Iterable[Article | SourceError], size: int) -> Iterator[list[Article | SourceError]]:
    batch: list[Article | SourceError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _ReadFailed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_END = object()


def _arriving(items: Iterable[Article | SourceError], size: int) -> Iterator[list[Article | SourceError]]:
    """Batches of at most `size`, each handed on as soon as one item is there: a reader thread
    takes the input (a pipe may pause for minutes), so a slow or endless input is written as it
    comes rather than when a batch fills. The queue between them holds a few batches, never
    the whole input; an error while reading (Ctrl-C included) is raised here."""
    waiting: queue.Queue[object] = queue.Queue(maxsize=size * 4)
    stop = threading.Event()

    def put(thing: object) -> bool:
        while not stop.is_set():
            try:
                waiting.put(thing, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_END)
        except BaseException as exc:  # handed to the consuming thread, which raises it
            put(_ReadFailed(exc))

    threading.Thread(target=read, name="kg-reader", daemon=True).start()
    try:
        while True:
            batch: list[Article | SourceError] = []
            thing = waiting.get()
            while thing is not _END and not isinstance(thing, _ReadFailed):
                batch.append(thing)  # type: ignore[arg-type]
                if len(batch) >= size:
                    break
                try:
                    thing = waiting.get_nowait()
                except queue.Empty:
                    break
            if batch:
                yield batch
            if thing is _END:
                return
            if isinstance(thing, _ReadFailed):  # after the batch read before it is done
                raise thing.exc
    finally:
        stop.set()


def _extractions(
    items: Iterable[Article | SourceError], workers: int, cluster: str | None = None
) -> Iterator[tuple[Article | SourceError, Extraction | Doc | str | None]]:
    """With one process, yields parsed Docs (the writer thread runs the extractors on them);
    with workers, or on a Dask cluster, the workers return finished Extractions."""
    if cluster:
        from kg.cluster import cluster_extractions

        yield from cluster_extractions(cluster, items, WORKER_BATCH)
        return
    if workers <= 1:
        for batch in _arriving(items, BATCH):
            articles = [i for i in batch if isinstance(i, Article)]
            found = iter(_parse_batch(articles, whole=False)) if articles else iter(())
            for item in batch:
                yield item, (next(found) if isinstance(item, Article) else None)
        return
    load_pipeline()  # forked workers inherit the loaded model
    ctx = multiprocessing.get_context("fork")
    window = workers * 4  # batches in flight: enough to keep workers busy, never the whole input
    with ctx.Pool(workers) as pool:
        sent: deque[tuple[list[Article | SourceError], AsyncResult[list[Extraction | str]]]] = deque()
        for batch in _arriving(items, WORKER_BATCH):
            job = [i for i in batch if isinstance(i, Article)]
            sent.append((batch, pool.apply_async(_extract_batch, (job,))))
            while len(sent) > window:
                yield from _finished(*sent.popleft())
        while sent:
            yield from _finished(*sent.popleft())


def _finished(
    batch: list[Article | SourceError], job: AsyncResult[list[Extraction | str]]
) -> Iterator[tuple[Article | SourceError, Extraction | str | None]]:
    results = iter(job.get())
    for item in batch:
        yield item, (next(results) if isinstance(item, Article) else None)


# Per store, the entity descriptions this process has written to the entities graph (which
# only ever grows): an entity seen in a thousand articles is described there once, not a
# thousand times. Added to only after the write succeeded.
_INDEXED: weakref.WeakKeyDictionary[Store, set[str]] = weakref.WeakKeyDictionary()


def write_extraction(store: Store, source: str, ex: Extraction) -> IngestResult:
    indexed = _INDEXED.setdefault(store, set())
    quads = to_quads(ex, indexed, extracted_at=datetime.now(UTC))
    status = store.replace_article(graph_iri(ex.article.id), quads)
    indexed.update(registry_key(e) for e in ex.entities)
    return IngestResult(source, status, ex.article.id, len(ex.events), len(ex.entities), extraction=ex)


def _record(store: Store, item: Article | SourceError, found: Extraction | Doc | str | None) -> IngestResult:
    if isinstance(item, SourceError):
        return IngestResult(item.source, "failed", error=item.reason)
    if isinstance(found, Doc):
        found = _extract_one(item, found)
    if isinstance(found, str) or found is None:
        return IngestResult(item.source, "failed", error=found or "nothing extracted")
    return write_extraction(store, item.source, found)


def ingest_article(store: Store, article: Article) -> IngestResult:
    return _record(store, article, _extract_batch([article])[0])


def ingest(
    store: Store,
    items: Iterable[Article | SourceError],
    on_result: Callable[[IngestResult], None] | None = None,
    workers: int = 1,
    cluster: str | None = None,
    *,
    keep_results: bool = True,
) -> IngestSummary:
    """Parse in this thread (or in worker processes, or on the Dask cluster at `cluster`);
    extract and write in a second thread, so that work overlaps spaCy's matrix code, which
    releases the GIL. One transaction per article; writes keep the input order, except on a
    cluster, where they follow the order batches finish in (kg/cluster.py), and where the
    workers write to a remote store themselves.

    `on_result` is called by the writer right after each write, so whatever it counts is what
    is in the store, at the end and at a Ctrl-C alike. `keep_results=False` keeps only the
    counts (a long `kg ingest` would otherwise hold every extraction until the end)."""
    if cluster and isinstance(store, RemoteStore):  # the workers write to the server (kg/cluster.py)
        from kg.cluster import written_by_workers

        return written_by_workers(cluster, store, items, WORKER_BATCH, on_result, keep_results=keep_results)
    summary = IngestSummary()

    def write(item: Article | SourceError, found: Extraction | Doc | str | None) -> IngestResult:
        result = _record(store, item, found)
        summary.add(result, keep_results, on_result)
        return result

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer") as writer:
        pending: deque[Future[IngestResult]] = deque()

        def settle(limit: int) -> None:
            while len(pending) > limit:
                pending[0].result()  # re-raises a writer's error here
                pending.popleft()

        try:
            for item, found in _extractions(items, workers, cluster):
                pending.append(writer.submit(write, item, found))
                settle(BATCH * 2)
            settle(0)
        except KeyboardInterrupt:
            # Ctrl-C: the writes not yet begun are dropped; the one under way finishes (it is one
            # transaction either way) and has been reported by the time it is done, so that the
            # caller can say exactly what is in the store.
            for future in pending:
                future.cancel()
            while pending and not pending[0].cancelled():
                settle(len(pending) - 1)
            raise
    return summary
