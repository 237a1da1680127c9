"""Realistic graphs of any size, in exactly the shape `kg ingest` writes.

A few dozen synthetic articles (benchmarks.corpus) go through the real extractors once; each
extraction then serves as a template for many articles: a new article id, dates moved by up to
a few years, and its platforms, companies and jurisdictions swapped for others from the
gazetteer, drawn with a skew (a few platforms are in most of the news, as in life). Every
variant is turned into quads by the same `to_quads` as ingestion, with the same content-hash
stamp in the meta graph, and written as N-Quads; last come the event instances, the links
between them and the report rows that ingestion keeps beside them (kg/instances.py,
kg/links.py), worked out over all the articles. The links come from `link_plan.derive` (seeks
in each scope's acts in order, as `kg import` does), not `links.derive`, whose pass over whole
scopes is quadratic in a scope's acts: 288 s against 3.7 s on a 5M-quad dump's instances, and
about 100x that at 50M quads, where one law has ~10x the acts (benchmarks/RESULTS.md).

Run: python -m benchmarks.graphgen OUT.nq --quads 1000000
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import random
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from extractors.gazetteer import Gazetteer
from extractors.model import Extraction
from kg import link_plan
from kg.instances import Report, report_quads, reports_in, rewrite
from kg.rdf import content_hash, to_quads
from kg.store import META_GRAPH
from kg.vocab import RR, graph_iri

SWAPPED = ("Platform", "Company", "Jurisdiction")
INSTANCE_SHARE = 0.3  # instances and report rows, as a share of the article quads (measured: 0.28-0.31)


def templates(count: int = 48, seed: int = 11) -> list[Extraction]:
    from benchmarks.corpus import articles
    from extractors.extract import extract_doc
    from extractors.pipeline import article_doc, load_pipeline

    rows = articles(count, seed=seed)
    docs = load_pipeline().pipe([article_doc(r["text"], r["published"]) for r in rows], batch_size=16)
    return [extract_doc(d, r["text"], r["published"], r["title"], None) for d, r in zip(docs, rows, strict=True)]


def _pools() -> dict[str, list[tuple[str, str, list[str], list[str]]]]:
    pools: dict[str, list[tuple[str, str, list[str], list[str]]]] = {t: [] for t in SWAPPED}
    for entry in Gazetteer.default().entries.values():
        if entry.type in pools and not entry.generic_names and not entry.app_store:
            pools[entry.type].append((entry.iri, entry.label, entry.aliases, entry.same_as))
    return pools  # in gazetteer order: the best-known first, so the skew favours them


def _shift(value: str | None, days: int) -> str | None:
    if not value:
        return value
    try:
        if len(value) == 10:
            return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
        if len(value) == 7:
            moved = date.fromisoformat(value + "-15") + timedelta(days=days)
            return moved.isoformat()[:7]
        if len(value) == 4:
            return str(int(value) + round(days / 365))
    except ValueError:
        pass
    return value


def variant(template: Extraction, n: int, rng: random.Random, pools: dict) -> Extraction:
    ex = copy.deepcopy(template)
    old_id = ex.article.id
    new_id = hashlib.sha256(f"{old_id}:{n}".encode()).hexdigest()[:20]
    ex.article.id = new_id
    days = rng.randint(-3 * 365, 365)
    ex.article.published = _shift(ex.article.published, days)
    ex.article.title = f"{ex.article.title or 'Untitled'} ({n})"
    swap: dict[str, str] = {}
    for ent in ex.entities:
        pool = pools.get(ent.type)
        if not pool:
            continue
        # A skewed pick: index ~ pareto, so the first few of each pool are in most articles.
        pick = pool[
            min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1) if rng.random() < 0.5 else rng.randrange(len(pool))
        ]
        swap[ent.id] = pick[0]
        ent.id, ent.label, ent.aliases, ent.sameAs = pick[0], pick[1], list(pick[2]), list(pick[3])
    merged: dict[str, object] = {}
    for ent in ex.entities:  # two swapped onto one: keep one entity
        merged.setdefault(ent.id, ent)
    ex.entities = list(merged.values())  # type: ignore[arg-type]
    for ev in ex.events:
        ev.id = ev.id.replace(old_id, new_id)  # event IRIs are minted under their article's id
        ev.date = _shift(ev.date, days)
        ev.roles = {role: list(dict.fromkeys(swap.get(i, i) for i in iris)) for role, iris in ev.roles.items()}
    ex.unasserted = []
    return ex


def nquads(target: int, seed: int = 5, count: int = 48) -> Iterator[str]:
    """N-Quads lines until at least `target` quads (articles and instances), a whole article at a time."""
    from pyoxigraph import Literal, NamedNode, Quad

    rng = random.Random(seed)
    pools = _pools()
    base = templates(count)
    made, n = 0, 0
    reports: list[Report] = []
    while made * (1 + INSTANCE_SHARE) < target:
        ex = variant(base[n % len(base)], n, rng, pools)
        quads = to_quads(ex)
        graph = graph_iri(ex.article.id)
        stamp = Quad(
            NamedNode(graph), NamedNode(f"{RR}contentHash"), Literal(content_hash(quads, graph)), NamedNode(META_GRAPH)
        )
        for q in [*quads, stamp]:
            yield f"{q} .\n"
        reports.extend(reports_in(quads, graph))
        made += len(quads) + 1
        n += 1
    instances = rewrite(reports)
    for q in [*instances, *link_plan.derive(instances)]:
        yield f"{q} .\n"
    for r in reports:
        for q in report_quads(r):
            yield f"{q} .\n"


def write(path: Path, target: int, seed: int = 5) -> int:
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        for line in nquads(target, seed):
            out.write(line)
            lines += 1
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    lines = write(args.out, args.quads, args.seed)
    print(f"{lines:,} quads in {args.out} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
