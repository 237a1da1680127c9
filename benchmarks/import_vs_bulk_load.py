"""Benchmark 2: `kg import` of an N-Quads dump against pyoxigraph's own `Store.bulk_load`.

Limit: a bare `python -c "Store(path).bulk_load(...)"` on the same dump, in a fresh process and
a fresh store folder, like `kg import`. `kg import` also parses the dump once before loading
(so a broken file writes nothing); that check is what the ratio pays for. Target >= 0.8x.
Run: python -m benchmarks.import_vs_bulk_load [--quads 1000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.report import Row, print_rows
from benchmarks.workdir import dump, workdir

BARE = (
    "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
    "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS); s.flush()"
)


def _timed(cmd: list[str], target: Path) -> float:
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    source = dump(args.quads)
    target = workdir() / "import-target"
    kg = str(Path(sys.executable).with_name("kg"))
    bare, ours = [], []
    for _ in range(args.repeats):
        bare.append(_timed([sys.executable, "-c", BARE, str(target), str(source)], target))
        ours.append(_timed([kg, "import", str(source), "--store", str(target)], target))
    shutil.rmtree(target, ignore_errors=True)
    rows = [
        Row(
            f"kg import vs pyoxigraph bulk_load ({source.name})",
            [b / o for b, o in zip(bare, ours, strict=True)],
            0.8,
            f"seconds kg import {sorted(ours)[len(ours) // 2]:.2f} vs bulk_load {sorted(bare)[len(bare) // 2]:.2f}",
        )
    ]
    print_rows(rows)
    return rows


if __name__ == "__main__":
    main()
