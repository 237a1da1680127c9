"""`kg export` while another process writes the store, as `kg serve` does: every dump is one
moment of the store (each graph whole, from one write), and no dump fails.

The writer here does to the store's files what a busy server does, faster: one transaction
per write (an article's graph replaced in one update) and a flush after each (the SPARQL
sidecar flushes before every checkpoint), so RocksDB compacts and deletes files under a
reader many times a second. A read-only open then fails or reads a file that is gone; the
store must open a fresh view and read again."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.store import EmbeddedStore
from tests.conftest import run_kg

GRAPHS, QUADS = 30, 200
WRITER = f"""
import os, sys
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
writes = 0
def write(k):
    graph = f"http://example.org/graph/{{k % {GRAPHS}}}"
    quads = " ".join(f'<http://example.org/s/{{i}}> <http://example.org/write> "{{k}}" .' for i in range({QUADS}))
    store.update(f"DROP SILENT GRAPH <{{graph}}> ; INSERT DATA {{{{ GRAPH <{{graph}}> {{{{ {{quads}} }}}} }}}}")
    store.flush()
for k in range({GRAPHS}):
    write(k)
print("ready", flush=True)
k = {GRAPHS}
while not os.path.exists(sys.argv[2]):
    write(k)
    k += 1
print(k - {GRAPHS}, flush=True)
"""


def _check_moment(nquads: bytes) -> None:
    """Every graph whole and from one write: QUADS quads, all carrying the same write number."""
    writes: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        counts[str(quad.graph_name)] += 1
        writes[str(quad.graph_name)].add(quad.object.value)
    assert len(counts) == GRAPHS
    assert set(counts.values()) == {QUADS}
    assert {len(w) for w in writes.values()} == {1}


def test_export_reads_one_moment_while_another_process_writes(tmp_path: Path) -> None:
    store, stop = tmp_path / "kg", tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(store), str(stop)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        dumps = 0
        end = time.monotonic() + 4
        while time.monotonic() < end:
            reader = EmbeddedStore(store, read_only=True)
            _check_moment(reader.dump(ox.RdfFormat.N_QUADS))
            dumps += 1
        assert dumps >= 5
        result = run_kg("export", "--store", str(store), "--format", "nquads")
        assert result.returncode == 0, result.stderr
        _check_moment(result.stdout.encode())
    finally:
        stop.touch()
        writer.wait(30)
    assert int(writer.stdout.readline()) >= 20  # the writer kept writing (and flushing) all along
