"""Extraction on a Dask cluster: `kg ingest --cluster ADDRESS` (or KG_DASK_SCHEDULER).

Dask's scheduler hands out the batches; each worker loads the spaCy pipeline once (a worker
plugin) and returns finished Extractions, which stream back as they complete to the one
writer in this process. Results are written in the order they finish, not the input order:
the graph does not depend on the order (content-hash ids; the event instances are a
function of the reports, whatever order they came in).

A worker that dies mid-batch (killed, out of memory) is not an error here: the scheduler
gives its batch to another worker, and the batch's result reaches this process once, so no
article is written twice (were one written twice, its content hash would make the second
write `unchanged`). A batch that kills every worker it is given (Dask's
`distributed.scheduler.allowed-failures`, 3 by default) is reported as failed, article by
article, and the run goes on.

With a remote store (a SPARQL server as `--store`) the workers write their batches to the
server themselves (`written_by_workers`), each article in one update as `kg ingest` writes it,
and only each article's result comes back. Two workers writing reports of the same real-world
event at once may each plan its instance without the other's report (a server runs each
update alone, not the read before it), so the run ends with one `kg reindex` of the server:
the instances worked out again from every article graph, the graph one process writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed
from distributed.scheduler import KilledWorker

from kg.ingest import IngestResult, IngestSummary, _batches, _extract_batch, write_extraction
from kg.sources import Article, SourceError
from kg.store import RemoteStore

if TYPE_CHECKING:
    from extractors.model import Extraction

# Articles this process wrote as a Dask worker (`write_batch`), for a look from outside (the tests).
WRITTEN_HERE: Counter[str] = Counter()

T = TypeVar("T")

WORKERS_TIMEOUT_S = 120.0
IN_FLIGHT_PER_WORKER = 4  # batches queued per worker: none idles between batches, the input is never all sent


class ClusterError(RuntimeError):
    """The Dask scheduler cannot be reached, or no worker joins it."""


class PipelineLoader(WorkerPlugin):
    """Loads the spaCy pipeline when a worker starts (a worker restarted by its nanny too), so
    no batch pays for the load and a worker that cannot load it fails before taking work."""

    name = "kg-pipeline"

    def setup(self, worker: Any) -> None:
        from extractors.pipeline import load_pipeline

        load_pipeline()


@contextmanager
def connected(address: str) -> Iterator[Client]:
    """A client of the scheduler at `address`, with the pipeline loaded on every worker."""
    from kg.settings import Settings

    try:
        client = Client(address, timeout=Settings().dask_connect_timeout_s, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError as exc:
            raise ClusterError(
                f"no Dask worker joined the scheduler at {address} in {WORKERS_TIMEOUT_S:.0f} s; "
                f"start some with `dask worker {address}`"
            ) from exc
        client.register_plugin(PipelineLoader())
        yield client
    finally:
        client.close()


WORKER_SETTINGS = Path(__file__).with_name("dask-workers.yaml")


def worker_config() -> dict[str, Any]:
    """kg/dask-workers.yaml as `dask.config.set` takes it (dotted keys: a nested dict would
    replace all of Dask's `distributed` settings)."""

    def dotted(tree: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
        for key, value in tree.items():
            if isinstance(value, dict):
                yield from dotted(value, f"{prefix}{key}.")
            else:
                yield f"{prefix}{key}", value

    (settings,) = dask.config.collect_yaml([str(WORKER_SETTINGS)])
    return dict(dotted(settings))


@contextmanager
def local_cluster(workers: int) -> Iterator[str]:
    """A Dask cluster of `workers` processes on this machine, for the paths that need one
    without a scheduler of their own (`kg ingest --to-nquads` without --cluster)."""
    with (
        dask.config.set(worker_config()),  # as kg/dask-workers.yaml says why
        LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=50
        ) as cluster,
    ):
        yield cluster.scheduler_address


def streamed(
    client: Client,
    batches: Iterable[list[Article | SourceError]],
    task: Callable[[list[Article]], list[T]],
    died: Callable[[Article, str], T],
    done: Callable[[list[Article]], list[T] | None] = lambda _articles: None,
) -> Iterator[tuple[list[Article | SourceError], list[T | None]]]:
    """Runs `task` over each batch's articles on the cluster and yields the batches with their
    results as they complete. A batch's SourceErrors come back at once with None, and so does
    a batch that `done` already has results for (a finished shard). Only a bounded number of
    batches is in flight, so a million-article input is never sent at once. A batch whose
    workers kept dying yields `died(article, reason)` for each of its articles."""
    window = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
    source = iter(batches)
    running = as_completed(loop=client.loop)
    batch_of: dict[Any, list[Article]] = {}
    exhausted = False
    while True:
        while not exhausted and len(batch_of) < window:
            batch = next(source, None)
            if batch is None:
                exhausted = True
                break
            errors = [i for i in batch if isinstance(i, SourceError)]
            if errors:
                yield errors, [None] * len(errors)
            articles = [i for i in batch if isinstance(i, Article)]
            if not articles:
                continue
            known = done(articles)
            if known is not None:
                yield articles, known
                continue
            future = client.submit(task, articles, pure=False)  # the same texts twice: two batches
            batch_of[future] = articles
            running.add(future)
        if not batch_of:
            return
        future = next(running)
        articles = batch_of.pop(future)
        try:
            results = future.result()
        except KilledWorker:
            reason = "every Dask worker given its batch died while running it (see the workers' logs)"
            results = [died(a, reason) for a in articles]
        finally:
            future.release()
        yield articles, results


def cluster_extractions(
    address: str, items: Iterable[Article | SourceError], size: int
) -> Iterator[tuple[Article | SourceError, Extraction | str | None]]:
    """`kg.ingest`'s extractions, made on the cluster at `address`."""
    with connected(address) as client:
        for batch, results in streamed(client, _batches(items, size), _extract_batch, lambda _article, reason: reason):
            yield from zip(batch, results, strict=True)


@lru_cache(maxsize=4)
def _server(url: str, query_url: str, update_url: str) -> RemoteStore:
    """One client of the server per worker process, kept between batches (its connections, and
    the entity descriptions it has written: `kg.ingest.write_extraction` writes each once)."""
    return RemoteStore(url, query_url=query_url, update_url=update_url)


def write_batch(endpoints: tuple[str, str, str], articles: list[Article]) -> list[IngestResult]:
    """On a worker: extract the batch and write each article to the server, as `kg ingest`
    does; the results without their extractions (nothing but counts needs to travel back)."""
    server = _server(*endpoints)
    results = []
    for article, found in zip(articles, _extract_batch(articles), strict=True):
        if isinstance(found, str):
            results.append(IngestResult(article.source, "failed", error=found))
            continue
        result = write_extraction(server, article.source, found)
        result.extraction = None
        WRITTEN_HERE["articles"] += 1
        results.append(result)
    return results


def written_by_workers(
    address: str,
    store: RemoteStore,
    items: Iterable[Article | SourceError],
    size: int,
    on_result: Callable[[IngestResult], None] | None = None,
    *,
    keep_results: bool = True,
) -> IngestSummary:
    """`kg ingest --cluster` into a SPARQL server: the workers write, this process reports each
    result as it comes back and ends with the reindex that makes the instances whole."""
    summary = IngestSummary()

    def died(article: Article, reason: str) -> IngestResult:
        return IngestResult(article.source, "failed", error=reason)

    with connected(address) as client:
        task = partial(write_batch, store.endpoints())
        for batch, results in streamed(client, _batches(items, size), task, died):
            for item, result in zip(batch, results, strict=True):
                if result is None:  # a SourceError: the input could not be read
                    assert isinstance(item, SourceError)
                    result = IngestResult(item.source, "failed", error=item.reason)
                summary.add(result, keep_results, on_result)
    store.reindex()
    return summary
