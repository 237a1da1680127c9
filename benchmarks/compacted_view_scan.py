"""What a read over a read-only view costs when the writer's compaction removed files the view
lists: a point read fails at once with "No such file or directory" (and is retried on a fresh
view: kg/service/read_processes.py, kg/store.py), but a scan may first allocate gigabytes.

Found while making tests/service/test_lanes_unit.py's compaction case real (issue 9). The heavy
questions' worker processes, `kg export` and `kg backup` read through such views beside a
writing server, so this is the memory one such read can take before its retry.

Each read runs in a child process under an address-space limit (--limit-gib), so a runaway
allocation ends that child (bad_alloc, "memory allocation failed"), not this machine. A writer
process makes 40 graphs with a flush after each (a few hundred SST files, which a read-only view
opens lazily); the child opens its view, the writer makes 10 more (RocksDB compacts in the
background and deletes files), then the child reads. Limit: the same read on a view opened
after the writer stopped (nothing removed under it).
Run: python -m benchmarks.compacted_view_scan [--limit-gib 10]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

WRITER = """
import sys, time
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
for k in range(int(sys.argv[2]), int(sys.argv[3])):
    quads = " ".join(f'<urn:s:{k}:{i}> <urn:p:{i % 7}> "{k} {i}" .' for i in range(300))
    store.update(f"INSERT DATA {{ GRAPH <urn:g:{k}> {{ {quads} }} }}")
    store.flush()
time.sleep(2)
"""

READER = """
import resource, subprocess, sys, time
import pyoxigraph as ox
path, query, compact, limit = sys.argv[1], sys.argv[2], sys.argv[3] == "yes", int(sys.argv[4])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
view = ox.Store.read_only(path)
if compact:
    subprocess.run([sys.executable, "-c", sys.argv[5], path, "40", "50"], check=True)
start = time.perf_counter()
try:
    outcome = f"{len(list(view.query(query)))} rows"
except OSError as exc:
    outcome = type(exc).__name__
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{outcome}|{peak:.0f}|{(time.perf_counter() - start) * 1000:.1f}", flush=True)
"""

READS = {
    "point read (one graph, one value)": 'SELECT ?s WHERE { GRAPH <urn:g:3> { ?s ?p "3 7" } }',
    "scan (count every quad)": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
}


def read(path: Path, query: str, compact: bool, limit: int) -> str:
    args = [sys.executable, "-c", READER, str(path), query, "yes" if compact else "no", str(limit), WRITER]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode == 0:
        outcome, peak, ms = done.stdout.strip().split("|")
        return f"{outcome}, peak RSS {peak} MiB, {ms} ms"
    # the child's own peak is lost with it; what it was refused is in its last words
    last = (done.stderr.strip().splitlines() or ["(nothing)"])[-1]
    return f"died (exit {done.returncode}) at the {limit / 2**30:g} GiB address-space limit: {last[:100]}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit-gib", type=float, default=10.0)
    args = parser.parse_args(argv)
    limit = int(args.limit_gib * 2**30)
    for name, query in READS.items():
        for compact in (False, True):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "kg"
                subprocess.run([sys.executable, "-c", WRITER, str(path), "0", "40"], check=True)
                when = "files removed under the view" if compact else "nothing removed (limit)"
                print(f"{name}, {when}: {read(path, query, compact, limit)}", flush=True)


if __name__ == "__main__":
    main()
