"""Benchmark: `kg ingest` streams its input. Memory should not grow with the input, and the first
article should be in the store long before the last one is read.

Limits, measured in this run: peak RSS of `kg ingest` over 4x the articles <= 1.15x the peak over
1x (flat memory); the first article written within 0.1x of the whole run over the larger input.
The first write is seen as the store's write-ahead log passing 20 kB (one article's graph is
about 30 kB of log), since the store cannot be opened while `kg ingest` holds it.
`--source DIR` runs another checkout's `kg` (e.g. main) for a before/after figure.
Run: python -m benchmarks.ingest_streaming [--articles 150] [--repeats 2] [--source DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

from benchmarks.corpus import articles
from benchmarks.report import Row, print_rows
from benchmarks.workdir import workdir

ROOT = Path(__file__).resolve().parent.parent
FIRST_WRITE_LOG_BYTES = 20_000


def corpus(count: int) -> Path:
    path = workdir() / f"streaming_{count}.jsonl"
    if not path.exists():
        path.write_text("".join(json.dumps(row) + "\n" for row in articles(count)), encoding="utf-8")
    return path


def run_ingest(jsonl: Path, source: Path) -> tuple[float, float, float]:
    """Peak RSS (MiB), seconds to the first written article, seconds in all."""
    store = workdir() / "streaming-store"
    shutil.rmtree(store, ignore_errors=True)
    start = time.perf_counter()
    proc = psutil.Popen(
        [sys.executable, "-m", "kg", "ingest", str(jsonl), "--store", str(store), "-q"],
        cwd=source,
        env={**os.environ, "PYTHONPATH": str(source)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak, first = 0, None
    while proc.poll() is None:
        try:
            peak = max(peak, proc.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        if first is None and sum(f.stat().st_size for f in store.glob("*.log")) > FIRST_WRITE_LOG_BYTES:
            first = time.perf_counter() - start
        time.sleep(0.02)
    total = time.perf_counter() - start
    assert proc.returncode == 0, f"kg ingest exited {proc.returncode}"
    return peak / 2**20, first if first is not None else total, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose kg runs")
    args = parser.parse_args()
    small, large = corpus(args.articles), corpus(args.articles * 4)
    memory, first = [], []
    for _ in range(args.repeats):
        small_peak, _, _ = run_ingest(small, args.source)
        large_peak, large_first, large_total = run_ingest(large, args.source)
        memory.append(large_peak / small_peak)
        first.append(large_first / large_total)
        print(
            f"  {args.articles} articles: peak {small_peak:.0f} MiB; {args.articles * 4}: peak {large_peak:.0f} MiB, "
            f"first article written after {large_first:.1f} s of {large_total:.1f} s",
            flush=True,
        )
    print_rows(
        [
            Row("peak RSS, 4x the articles vs 1x", memory, 1.15, f"source {args.source}", higher_is_better=False),
            Row("first write vs whole run, 4x input", first, 0.1, f"source {args.source}", higher_is_better=False),
        ]
    )


if __name__ == "__main__":
    main()
