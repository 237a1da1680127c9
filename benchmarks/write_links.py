"""What keeping the links between events costs a write: the share of `replace_article` spent in
`kg.link_plan.plan` (reading the neighbours of what the write changed in each scope, and the
links of the owners it reaches), over articles of benchmarks.graphgen written one by one into a
new store.

Limit: the whole store write of the same articles, same run. Target: links <= 25% of a write.
Run: python -m benchmarks.write_links [--articles 600]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from benchmarks.report import Row, print_rows


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=600)
    args = parser.parse_args(argv)

    from benchmarks import graphgen
    from kg import instance_plan, link_plan, links
    from kg.rdf import to_quads
    from kg.store import EmbeddedStore
    from kg.vocab import INSTANCES_GRAPH, RR, graph_iri

    rng, pools, base = random.Random(5), graphgen._pools(), graphgen.templates()
    articles = [graphgen.variant(base[n % len(base)], n, rng, pools) for n in range(args.articles)]
    written = [(graph_iri(ex.article.id), to_quads(ex)) for ex in articles]
    spent = {"links": 0.0}
    plan = link_plan.plan

    def timed(*a, **k):
        start = time.perf_counter()
        try:
            return plan(*a, **k)
        finally:
            spent["links"] += time.perf_counter() - start

    instance_plan.link_plan.plan = timed  # the one call site, kg/instance_plan.py plan_write
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        store = EmbeddedStore(Path(tmp) / "kg")
        start = time.perf_counter()
        for graph, quads in written:
            store.replace_article(graph, quads)
        total = time.perf_counter() - start
        values = " ".join(f"<{RR}{p}>" for p in links.LINKS)
        counted = store.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?s ?p ?o VALUES ?p {{ {values} }} }} }}"
        )
        store.close()
    instance_plan.link_plan.plan = plan
    n = len(articles)
    row = Row(
        "links' share of a store write",
        [spent["links"] / total],
        0.25,
        f"{1000 * spent['links'] / n:.1f} of {1000 * total / n:.1f} ms an article, "
        f"{n} articles, {counted[0]['n']} links",
        higher_is_better=False,
    )
    print_rows([row])
    return [row]


if __name__ == "__main__":
    main()
