"""Benchmark 5: "bans in force on a day" over the stored links, against the same question
worked out inside the query (as queries/research/in_force.rq was before kg/links.py).

Limit: the old formulation on the same on-disk store, the rows read into Python. The canned
query (research/in_force) reads each ban's rr:inForceFrom / rr:inForceUntil; the old one looks
for a BanLifted of the same target and place between the ban and the day (NOT EXISTS). Target:
p50 < 50 ms at 1M quads, and never more rows or fewer than the old one where no ruling ends a ban.

Stores are made once per size from benchmarks.graphgen dumps (with links) and reused.
Run: python -m benchmarks.in_force [--sizes 100000,1000000] [--runs 30]
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


def _timings(call: Callable[[str], object], runs: int, budget_s: float) -> list[float]:
    call(DAYS[0])  # warm-up
    out: list[float] = []
    deadline = time.perf_counter() + budget_s
    for day in itertools.cycle(DAYS):
        if len(out) >= runs or (len(out) >= 5 and time.perf_counter() > deadline):
            break
        start = time.perf_counter()
        call(day)
        out.append((time.perf_counter() - start) * 1000)
    return out


def measure(size: int, runs: int, budget_s: float) -> dict[str, float]:
    from kg.queries import CannedQuery, catalogue
    from kg.store import EmbeddedStore

    store = EmbeddedStore(store_for(size), read_only=True)
    linked = catalogue()["research/in_force"]
    old = CannedQuery(name="in_force_worked_out", summary="", text=WORKED_OUT, params=("day",))
    counts = {day: (len(linked.run(store, {"day": day})), len(old.run(store, {"day": day}))) for day in DAYS}
    new_ms = _timings(lambda day: linked.run(store, {"day": day}), runs, budget_s)
    old_ms = _timings(lambda day: old.run(store, {"day": day}), runs, budget_s)
    store.close()
    return {
        "p50": statistics.median(new_ms),
        "p95": p(new_ms, 0.95),
        "old_p50": statistics.median(old_ms),
        "rows": sum(c[0] for c in counts.values()),
        "old_rows": sum(c[1] for c in counts.values()),
    }


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per side at most")
    args = parser.parse_args(argv)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size, args.runs, args.budget)
        rows.append(
            Row(
                f"bans in force on a day @ {size:,} quads: p50 in ms vs 50 ms",
                [r["p50"] / 50.0],
                1.0,
                f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms; worked out in the query p50 {r['old_p50']:.1f} ms; "
                f"rows over {len(DAYS)} days {r['rows']} (worked out: {r['old_rows']})",
                higher_is_better=False,
            )
        )
    print_rows(rows)
    return rows


if __name__ == "__main__":
    main()
