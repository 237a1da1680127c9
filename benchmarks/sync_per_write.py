"""What syncing every acknowledged write to disk costs (issue 9: "sync per acknowledged write if
the cost is acceptable: measure it").

Oxigraph commits a transaction with RocksDB's default write options: the batch is appended to
the write-ahead log with write(2) and not fsync'd (oxigraph's rocksdb_wrapper.rs creates its
WriteOptions without set_sync), so an acknowledged write survives a kill of the process (the
kernel holds it) but not a power loss before the kernel writes it back. pyoxigraph offers no
synced commit. Three ways of writing are measured:

- `unsynced`: `EmbeddedStore(sync_writes=False)`, what every write was before (SQLite's read
  model with synchronous=NORMAL, Oxigraph's log not fsync'd);
- `synced`: the store's default since (KG_SYNC_WRITES): SQLite synchronous=FULL and
  `EmbeddedStore.sync_log` (fsync of the RocksDB logs and their folder) after each commit;
- `flush`: unsynced, then `Store.flush()` after each write (memtables to new, synced SST files),
  what pyoxigraph documents as "ensures that all writes are saved on disk".

Articles from benchmarks.graphgen written one by one into a new store per mode, the modes
alternating per repeat; first, the bare cost of one 4 KiB append + fsync on the same disk.
Limit: the unsynced write, same run. Target: <= 1.25x (a synced write worth having by default).
Run: python -m benchmarks.sync_per_write [--articles 150 --repeats 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.report import Row, print_rows


def bare_fsync_ms(folder: Path, times: int = 200) -> list[float]:
    path = folder / "fsync-probe"
    out = []
    with path.open("ab") as probe:
        for _ in range(times):
            probe.write(b"x" * 4096)
            probe.flush()
            start = time.perf_counter()
            os.fsync(probe.fileno())
            out.append((time.perf_counter() - start) * 1000)
    return out


def run(written: list, mode: str) -> list[float]:
    from kg.store import EmbeddedStore

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True, dir=os.environ.get("KG_BENCH_DIR")) as tmp:
        store = EmbeddedStore(Path(tmp) / "kg", sync_writes=mode == "synced")
        times = []
        for graph, quads in written:
            start = time.perf_counter()
            store.replace_article(graph, quads)
            if mode == "flush":
                store._store.flush()
            times.append(time.perf_counter() - start)
        store.close()
    return times


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    from benchmarks import graphgen
    from kg.rdf import to_quads
    from kg.vocab import graph_iri

    rng, pools, base = random.Random(9), graphgen._pools(), graphgen.templates()
    articles = [graphgen.variant(base[n % len(base)], n, rng, pools) for n in range(args.articles)]
    written = [(graph_iri(ex.article.id), to_quads(ex)) for ex in articles]
    with tempfile.TemporaryDirectory(dir=os.environ.get("KG_BENCH_DIR")) as tmp:
        probe = bare_fsync_ms(Path(tmp))
    print(
        f"bare fsync of a 4 KiB append: median {statistics.median(probe):.2f} ms, "
        f"p95 {sorted(probe)[int(0.95 * len(probe))]:.2f} ms ({len(probe)} times)",
        flush=True,
    )
    modes = ["unsynced", "synced", "flush"]
    totals: dict[str, list[float]] = {m: [] for m in modes}
    medians: dict[str, list[float]] = {m: [] for m in modes}
    for repeat in range(args.repeats):
        for mode in modes[repeat % 3 :] + modes[: repeat % 3]:  # each mode first once
            times = run(written, mode)
            totals[mode].append(sum(times))
            medians[mode].append(statistics.median(times))
    rows = []
    for mode in modes[1:]:
        ratios = [t / b for t, b in zip(totals[mode], totals["unsynced"], strict=True)]
        extra = statistics.median(
            [(t - b) / args.articles for t, b in zip(totals[mode], totals["unsynced"], strict=True)]
        )
        rows.append(
            Row(
                f"{mode} write vs unsynced",
                ratios,
                1.25,
                f"{1000 * statistics.median(totals[mode]) / args.articles:.1f} vs "
                f"{1000 * statistics.median(totals['unsynced']) / args.articles:.1f} ms a write "
                f"(median write {1000 * statistics.median(medians[mode]):.1f} vs "
                f"{1000 * statistics.median(medians['unsynced']):.1f} ms), {1000 * extra:+.1f} ms a write, "
                f"{args.articles} articles x {args.repeats}",
                higher_is_better=False,
            )
        )
    print_rows(rows)
    return rows


if __name__ == "__main__":
    main()
