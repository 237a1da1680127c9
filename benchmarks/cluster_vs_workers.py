"""Benchmark 5: extraction on a Dask cluster, and the backfill path, against `kg ingest --workers 2`.

Limit: `ingest(--workers 2)`, the fastest local ingest, in this process, on the same articles.
 - `ingest(--cluster)` on a LocalCluster of 2 worker processes (1 thread each), run in a process
   of its own (as `dask scheduler` + `dask worker` would be) and warmed up: a cluster outlives
   an ingest run. Target >= 0.9x.
 - the backfill path: shards written by the same cluster's workers (`--to-nquads`), then the
   import (bulk load and the instances) into a new store. Target >= 1.3x.
With `--capacity`, also the costs the capacity model in RESULTS.md rests on, one process, one
stage at a time: extraction CPU per article, the writer's cost per article, a worker's shard
cost per article, the bulk loader's rate and the instance build.
Run: python -m benchmarks.cluster_vs_workers [--articles 240] [--repeats 3] [--capacity]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from benchmarks.corpus import articles
from benchmarks.report import Row, print_rows

SERVE = (
    "import sys, time\n"
    "import dask\n"
    "from distributed import LocalCluster\n"
    "from kg.cluster import worker_config\n"
    "if __name__ == '__main__':\n"
    "    dask.config.set(worker_config())  # as kg/dask-workers.yaml in ~/.config/dask/ sets them\n"
    "    c = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=50)\n"
    "    print(c.scheduler_address, flush=True)\n"
    "    sys.stdin.read()\n"
)


def _items(rows: list[dict[str, str]]) -> list:
    from kg.sources import from_text

    return [from_text(r["text"], f"bench:{i}", r["title"], r["published"]) for i, r in enumerate(rows)]


class CpuClock:
    """CPU seconds spent by this process, its finished children (the `--workers` pool, the
    import's second process) and the cluster's processes: what a run costs whatever else the
    machine runs, where its wall time grows with the load (RESULTS.md gives both)."""

    def __init__(self, cluster: subprocess.Popen[str]) -> None:
        self._cluster = psutil.Process(cluster.pid)

    def cluster(self) -> float:
        return sum(sum(p.cpu_times()[:2]) for p in [self._cluster, *self._cluster.children(recursive=True)])

    def here(self) -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system


def _timed_ingest(
    rows: list[dict[str, str]], clock: CpuClock, workers: int = 1, cluster: str | None = None
) -> tuple[float, float, float]:
    """Articles a second, and the CPU seconds an article spent here and on the cluster."""
    from kg.ingest import ingest
    from kg.store import EmbeddedStore

    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        store = EmbeddedStore(folder / "kg")
        items = _items(rows)
        here, there, start = clock.here(), clock.cluster(), time.perf_counter()
        summary = ingest(store, items, workers=workers, cluster=cluster)
        store.close()
        elapsed = time.perf_counter() - start
        assert summary.failed == 0 and summary.counts["new"] == len(rows), summary.counts
        n = len(rows)
        return n / elapsed, (clock.here() - here) / n, (clock.cluster() - there) / n
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _timed_backfill(rows: list[dict[str, str]], cluster: str, clock: CpuClock) -> tuple[float, ...]:
    """Articles a second over the whole path, the seconds of its two steps, and the CPU
    seconds an article of each (the shards': on the cluster and here)."""

    from kg.backfill import backfill, shard_paths
    from kg.shard_import import import_shards

    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        items, n = _items(rows), len(rows)
        here, there, start = clock.here(), clock.cluster(), time.perf_counter()
        summary = backfill(cluster, items, folder / "shards")
        shards = time.perf_counter() - start
        assert summary.failed == 0 and summary.counts["new"] == len(rows), summary.counts
        shards_cpu = (clock.cluster() - there + clock.here() - here) / n
        here = clock.here()
        import_shards(folder / "kg", shard_paths(folder / "shards"))
        total = time.perf_counter() - start
        return n / total, shards, total - shards, shards_cpu, (clock.here() - here) / n
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def capacity(rows: list[dict[str, str]]) -> dict[str, float]:
    """The costs of the capacity model, per article unless named otherwise."""
    import pyoxigraph as ox

    from kg.backfill import shard_quads
    from kg.ingest import WORKER_BATCH, _extract_batch, write_extraction
    from kg.shard_import import import_shards, instance_quads, write_rows
    from kg.store import EmbeddedStore

    items, n, found = _items(rows), len(rows), {}
    _extract_batch(items[:2])  # the pipeline loaded
    cpu = time.process_time()
    extractions = []
    for i in range(0, n, WORKER_BATCH):
        extractions.extend(_extract_batch(items[i : i + WORKER_BATCH]))
    found["extraction CPU ms (spaCy + extractors, one worker)"] = (time.process_time() - cpu) * 1000 / n
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        store = EmbeddedStore(folder / "kg")
        start = time.perf_counter()
        for item, ex in zip(items, extractions, strict=True):
            write_extraction(store, item.source, ex)
        store.close()
        found["writer ms (to_quads, hash, instances plan, commit)"] = (time.perf_counter() - start) * 1000 / n
        del store
        start = time.perf_counter()
        described: set[str] = set()
        quads = [q for ex in extractions for q in shard_quads(ex, described)]
        shard = folder / "all.nq"
        shard.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        write_rows(shard, quads)
        found["shard ms on a worker (to_quads, hash, N-Quads, rows)"] = (time.perf_counter() - start) * 1000 / n
        found["quads per article in the shards"] = len(quads) / n
        loaded = ox.Store(str(folder / "bulk"))
        start = time.perf_counter()
        loaded.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS)
        loaded.flush()
        seconds = time.perf_counter() - start
        del loaded
        found["bulk load quads/s"] = len(quads) / seconds
        found["bulk load ms"] = seconds * 1000 / n
        start = time.perf_counter()
        instances = instance_quads([shard])
        found["instances worked out at import ms (from the rows)"] = (time.perf_counter() - start) * 1000 / n
        start = time.perf_counter()
        import_shards(folder / "imported", [shard])
        seconds = time.perf_counter() - start
        found["kg import of shards ms (instances + bulk load)"] = seconds * 1000 / n
        found["kg import of shards quads/s"] = (len(quads) + len(instances)) / seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return found


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--capacity", action="store_true", help="also measure the capacity model's costs")
    args = parser.parse_args(argv)
    from extractors.pipeline import load_pipeline

    rows = articles(args.articles)
    print(f"{len(rows)} articles, {sum(len(r['text'].split()) for r in rows):,} words, {args.repeats} repeats")
    load_pipeline()
    server = subprocess.Popen([sys.executable, "-c", SERVE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    clock = CpuClock(server)
    try:
        address = server.stdout.readline().strip()
        _timed_ingest(rows[:8], clock, cluster=address)  # warm: the workers load the pipeline once
        local, spread, filled, steps, cpu = [], [], [], [], []
        for repeat in range(args.repeats):
            print(f"repeat {repeat + 1}: load average {os.getloadavg()[0]:.2f}", flush=True)
            rate, local_cpu, _ = _timed_ingest(rows, clock, workers=2)
            local.append(rate)
            rate, client_cpu, workers_cpu = _timed_ingest(rows, clock, cluster=address)
            spread.append(rate)
            rate, shards, load, shards_cpu, import_cpu = _timed_backfill(rows, address, clock)
            filled.append(rate)
            steps.append((shards, load))
            cpu.append((local_cpu, client_cpu + workers_cpu, workers_cpu, shards_cpu, import_cpu))
            base = local[-1]
            print(
                f"  articles/s --workers 2 {base:.2f}, --cluster {spread[-1]:.2f} ({spread[-1] / base:.2f}x), "
                f"backfill {filled[-1]:.2f} ({filled[-1] / base:.2f}x; shards {shards:.1f} s + import {load:.1f} s)",
                flush=True,
            )
        print(f"load average at the end {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        server.stdin.close()
        server.wait(timeout=60)
    med = statistics.median
    local_cpu, spread_cpu, workers_cpu, shards_cpu, import_cpu = (med(c[i] * 1000 for c in cpu) for i in range(5))
    print(
        f"CPU ms an article (median): ingest --workers 2 {local_cpu:.1f}; --cluster {spread_cpu:.1f} "
        f"(workers {workers_cpu:.1f}); backfill {shards_cpu + import_cpu:.1f} (shards {shards_cpu:.1f} "
        f"+ import {import_cpu:.1f})"
    )
    print(
        f"CPU-accounted ratio (--workers 2's CPU an article over the path's): --cluster "
        f"{local_cpu / spread_cpu:.2f}x, backfill {local_cpu / (shards_cpu + import_cpu):.2f}x"
    )
    results = [
        Row(
            "ingest --cluster (LocalCluster, 2 workers) vs ingest --workers 2",
            [s / w for s, w in zip(spread, local, strict=True)],
            0.9,
            f"articles/s {med(spread):.2f} vs {med(local):.2f}",
        ),
        Row(
            "backfill (--to-nquads on the cluster + kg import) vs ingest --workers 2",
            [f / w for f, w in zip(filled, local, strict=True)],
            1.3,
            f"articles/s {med(filled):.2f} vs {med(local):.2f}; seconds shards "
            f"{med(s for s, _ in steps):.1f} + import {med(i for _, i in steps):.1f}",
        ),
    ]
    print_rows(results)
    if args.capacity:
        for name, value in capacity(rows).items():
            print(f"  {name:56} {value:10.2f}")
    return results


if __name__ == "__main__":
    main()
