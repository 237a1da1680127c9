"""Benchmark 5: "bans in force on a day" over the stored links, against the same question
worked out inside the query (as queries/research/in_force.rq was before kg/links.py).

Target: p50 < 50 ms at 1M quads, the rows read into Python. For comparison, at the sizes of
--old-sizes only (it takes 4 s at 100k quads and minutes at 1M), the old formulation on the same
store: the canned query (research/in_force) reads each ban's rr:inForceFrom / rr:inForceUntil;
the old one looks for a BanLifted of the same target and place between the ban and the day (NOT
EXISTS). Rows are summed over six days; the canned query has more, because an undated ban is
in force from the day it was first reported (kg/links.py), where the old query left it out.

Stores are made once per size from benchmarks.graphgen dumps (with links) and reused.
Run: python -m benchmarks.in_force [--sizes 100000,1000000] [--runs 30] [--old-sizes 100000]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable

from benchmarks.questions_vs_sparql import p, store_for
from benchmarks.report import Row, print_rows

DAYS = ("2019-06-30", "2022-01-01", "2023-06-30", "2024-09-15", "2025-01-18", "2026-01-01")

# queries/research/in_force.rq as it was before the links (commit 2aad3f9)
WORKED_OUT = """
SELECT ?ban ?targetLabel ?jurisdictionLabel ?date WHERE {
  GRAPH rrg:instances { ?ban rr:eventType rr:Ban ; rr:earliest ?start ; rr:affected ?target ; rr:jurisdiction ?place .
                        OPTIONAL { ?ban rr:date ?date } }
  FILTER(?start <= xsd:date(?_day))
  FILTER NOT EXISTS {
    GRAPH rrg:instances { ?lift rr:eventType rr:BanLifted ; rr:earliest ?lifted ; rr:affected ?target ;
                                rr:jurisdiction ?place . }
    FILTER(?lifted >= ?start && ?lifted <= xsd:date(?_day))
  }
  GRAPH rrg:entities { ?target rdfs:label ?targetLabel . ?place rdfs:label ?jurisdictionLabel }
} ORDER BY ?jurisdictionLabel ?targetLabel ?ban
"""


def _timings(call: Callable[[str], object], runs: int, budget_s: float) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each run: on a shared machine the CPU time shows what the
    query costs when the wall time mostly shows the other processes."""
    call(DAYS[0])  # warm-up
    wall: list[float] = []
    cpu: list[float] = []
    deadline = time.perf_counter() + budget_s
    for day in itertools.cycle(DAYS):
        if len(wall) >= runs or (len(wall) >= 5 and time.perf_counter() > deadline):
            break
        start, start_cpu = time.perf_counter(), time.process_time()
        call(day)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def measure(size: int, runs: int, budget_s: float, with_old: bool) -> dict[str, float | None]:
    from kg.queries import CannedQuery, catalogue
    from kg.store import EmbeddedStore

    store = EmbeddedStore(store_for(size), read_only=True)
    linked = catalogue()["research/in_force"]
    old = CannedQuery(name="in_force_worked_out", summary="", text=WORKED_OUT, params=("day",))
    new_ms, new_cpu = _timings(lambda day: linked.run(store, {"day": day}), runs, budget_s)
    rows = sum(len(linked.run(store, {"day": day})) for day in DAYS)
    old_ms, old_rows = [], None
    if with_old:  # once a day: it takes seconds where many bans stand
        old_rows = 0
        for day in DAYS:
            start = time.perf_counter()
            old_rows += len(old.run(store, {"day": day}))
            old_ms.append((time.perf_counter() - start) * 1000)
    store.close()
    return {
        "p50": statistics.median(new_ms),
        "p95": p(new_ms, 0.95),
        "cpu": statistics.median(new_cpu),
        "old_ms": statistics.median(old_ms) if old_ms else None,
        "old_max": max(old_ms) if old_ms else None,
        "rows": rows,
        "old_rows": old_rows,
    }


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds at most per size")
    parser.add_argument("--old-sizes", default="100000", help="sizes at which to time the old query too")
    args = parser.parse_args(argv)
    rows = []
    old_sizes = {int(s) for s in args.old_sizes.split(",") if s}
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size, args.runs, args.budget, size in old_sizes)
        old = (
            f"; worked out in the query: median {r['old_ms']:.0f} ms, slowest {r['old_max']:.0f} ms, "
            f"rows {r['old_rows']}"
            if r["old_ms"] is not None
            else ""
        )
        rows.append(
            Row(
                f"bans in force on a day @ {size:,} quads: p50 in ms vs 50 ms",
                [r["p50"] / 50.0],
                1.0,
                f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, CPU p50 {r['cpu']:.1f} ms, "
                f"rows over {len(DAYS)} days {r['rows']}{old}",
                higher_is_better=False,
            )
        )
    print_rows(rows)
    return rows


if __name__ == "__main__":
    main()
