"""Benchmark 3: each GraphQL question against its canned SPARQL query, in-process, same store.

Limit: the question's canned query (queries/NAME.rq) run through `kg.queries` on the same
on-disk store, the rows read into Python: what a researcher's `kg query` costs. The GraphQL
side runs the real schema (limits, DataLoaders, risk rules) without HTTP and without the
response cache, so every call does its work. Targets: p50 <= 1.5x the canned query's, and the
question's p50 growing <= 3x from the smallest graph to the largest.

Stores are made once per size from benchmarks.graphgen dumps with `kg import` and reused.
Run: python -m benchmarks.questions_vs_sparql [--sizes 100000,1000000,5000000] [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.report import Row, print_rows
from benchmarks.workdir import dump, workdir

if TYPE_CHECKING:
    from kg.read_model import ReadModel


@dataclass(frozen=True)
class Question:
    name: str
    graphql: str
    canned: str
    params: dict[str, object]
    limit: int | None = None


def questions(platform: str, instrument: str, jurisdiction: str) -> list[Question]:
    return [
        Question(
            "Q1 entity",
            f'{{ entity(name: "{platform}") {{ id label type aliases sameAs }} }}',
            "entity",
            {"name": platform},
        ),
        Question(
            "Q2 entities",
            "{ entities(type: PLATFORM, first: 20) { totalCount edges { node { id label aliases } } } }",
            "entities",
            {"type": "Platform", "search": ""},
            20,
        ),
        Question(
            "Q3 events",
            f'{{ events(filter: {{affected: "{platform}", jurisdiction: "{jurisdiction}"}}, first: 20) {{ totalCount '
            "edges { node { id type date agent { label } evidence { sentence confidence article { title } } } } } }",
            "events",
            {"affected": platform, "jurisdiction": jurisdiction},
            20,
        ),
        Question(
            "Q3 events, no filter",
            "{ events(first: 20) { totalCount "
            "edges { node { id type date agent { label } evidence { sentence confidence article { title } } } } } }",
            "events",
            {},
            20,
        ),
        Question(
            "Q4 policyImpact",
            f'{{ policyImpact(instrument: "{instrument}") {{ instrument {{ label }} actions {{ id type date }} '
            "affected { label } responses { id type } consequences { id type } } }",
            "policy_impact",
            {"instrument": instrument},
        ),
        Question(
            "Q4 policyImpact, pages",
            f'{{ policyImpact(instrument: "{instrument}") {{ instrument {{ label }} affected {{ label }} '
            "responsesConnection(first: 20) { totalCount edges { node { id type } } } "
            "consequencesConnection(first: 20) { totalCount edges { node { id type } } } } }",
            "policy_impact",
            {"instrument": instrument},
        ),
        Question(
            "Q4 policyImpact, pages without totalCount",
            f'{{ policyImpact(instrument: "{instrument}") {{ instrument {{ label }} affected {{ label }} '
            "responsesConnection(first: 20) { edges { node { id type } } } "
            "consequencesConnection(first: 20) { edges { node { id type } } } } }",
            "policy_impact",
            {"instrument": instrument},
        ),
        Question(
            "Q5 exposure",
            f'{{ exposure(platform: "{platform}") {{ jurisdiction {{ label }} status riskLevel '
            "reasons { text } } }",
            "exposure",
            {"platform": platform},
        ),
        Question(
            "Q5 exposure, reasons page",
            f'{{ exposure(platform: "{platform}") {{ jurisdiction {{ label }} status riskLevel '
            "reasonsConnection(first: 5) { totalCount edges { node { text evidence { sentence } } } } } }",
            "exposure",
            {"platform": platform},
        ),
        Question(
            "Q5 exposureConnection page",
            f'{{ exposureConnection(platform: "{platform}", first: 20) {{ totalCount edges {{ node {{ '
            "jurisdiction { label } status riskLevel "
            "reasonsConnection(first: 5) { edges { node { text evidence { sentence } } } } } } } }",
            "exposure",
            {"platform": platform},
        ),
        Question(
            "Q6 timeline",
            f'{{ timeline(entity: "{platform}", from: "2024-01-01", to: "2024-12-31") {{ id type date '
            "evidence { sentence } } }",
            "timeline",
            {"entity": platform, "from": "2024-01-01", "to": "2024-12-31"},
        ),
        Question(
            "Q7 migrations",
            f'{{ migrations(from: "{platform}") {{ id date origin {{ label }} destination {{ label }} }} }}',
            "migrations",
            {"from": platform, "to": ""},
        ),
        Question(
            "Q6 timeline page",
            f'{{ timelineConnection(entity: "{platform}", from: "2024-01-01", to: "2024-12-31", first: 20) {{ '
            "totalCount edges { node { id type date evidence { sentence } } } } }",
            "timeline",
            {"entity": platform, "from": "2024-01-01", "to": "2024-12-31"},
            20,
        ),
        Question(
            "Q6 entity events page",
            f'{{ entity(name: "{platform}") {{ eventsConnection(first: 20) {{ '
            "totalCount edges { node { id type date evidence { sentence } } } } } }",
            "timeline",
            {"entity": platform},
            20,
        ),
        Question(
            "Q7 migrations page",
            f'{{ migrationsConnection(from: "{platform}", first: 20) {{ totalCount '
            "edges { node { id date origin { label } destination { label } } } } }",
            "migrations",
            {"from": platform, "to": ""},
            20,
        ),
        Question(
            "Q8 articles",
            "{ articles(first: 20) { totalCount edges { node { id title published } } } }",
            "articles",
            {"id": ""},
            20,
        ),
    ]


def _current(model: ReadModel) -> bool:
    """Whether a store's read model is of this code's layout, with the tables a writer's open
    adds to an older file (kg/event_tallies.py, kg/role_places.py) filled (then closed)."""
    from kg import event_tallies, role_places

    try:
        conn = model.reader()
        return model.built() and event_tallies.kept(conn) and role_places.kept(conn)
    finally:
        model.close()


ABSOLUTE_MS = 50.0  # issue 8's limit on a first page's GraphQL p50, in-process, response cache off


def store_for(quads: int) -> Path:
    from kg.read_model import ReadModel, path_for
    from kg.store import EmbeddedStore

    path = workdir() / f"store_v4_{quads}"  # v4: the read model (kg/read_model.py) and event links
    if not (path / "CURRENT").exists():
        source = dump(quads)
        store = EmbeddedStore(path)
        store.import_dump(source, __import__("pyoxigraph").RdfFormat.N_QUADS)
        store.close()
    elif not _current(ReadModel(path_for(path), read_only=True)):
        # A read model of an older layout: the read-only open below would answer every question
        # from SPARQL (or count without the kept tallies) without a word, so a writer's open
        # rebuilds or completes it first (the graph is kept).
        EmbeddedStore(path).close()
        print(f"rebuilt the read model of {path}", flush=True)
    return path


def _timings(call: Callable[[], object], runs: int, budget_s: float) -> list[float]:
    call()  # warm-up
    out: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(out) < runs and (len(out) < 5 or time.perf_counter() < deadline):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _picked(name: str, patterns: str) -> bool:
    return any(part in name for part in patterns.split(",")) if patterns else False


def measure(
    path: Path, runs: int, budget_s: float, names: dict[str, str], only: str = "", graphql_only: str = ""
) -> dict[str, dict[str, float]]:
    from kg.queries import catalogue
    from kg.service.graphql_view import build_schema
    from kg.service.loaders import loaders
    from kg.settings import Settings
    from kg.store import EmbeddedStore

    store = EmbeddedStore(path, read_only=True)
    settings = Settings(store=str(path), graphql_timeout_s=600)
    schema = build_schema(settings)
    loop = asyncio.new_event_loop()

    def ask(q: Question) -> Callable[[], object]:
        def call() -> object:
            context = {"store": store, "settings": settings, **loaders(store)}
            result = loop.run_until_complete(schema.execute(q.graphql, context_value=context))
            assert not result.errors, result.errors
            return result.data

        return call

    def canned(q: Question) -> Callable[[], object]:
        query = catalogue()[q.canned]
        return lambda: query.run(store, q.params, q.limit)

    out = {}
    for q in questions(**names):
        if only and not _picked(q.name, only):
            continue
        if _picked(q.name, graphql_only):  # the canned query takes minutes here: GraphQL against 50 ms
            rows, raw = 0, [float("nan")]
        else:
            rows = len(canned(q)())
            raw = _timings(canned(q), runs, budget_s)
        gql = _timings(ask(q), runs, budget_s)
        limit = ABSOLUTE_MS if _picked(q.name, graphql_only) else statistics.median(raw)
        out[q.name] = {
            "rows": rows,
            "sparql_p50": statistics.median(raw),
            "sparql_p95": p(raw, 0.95),
            "graphql_p50": statistics.median(gql),
            "graphql_p95": p(gql, 0.95),
            "ratios": [g / limit for g in gql],
            "graphql_only": _picked(q.name, graphql_only),
        }
        print(
            f"  {q.name:16} rows {rows:6}  sparql p50 {out[q.name]['sparql_p50']:8.1f} ms p95 "
            f"{out[q.name]['sparql_p95']:8.1f}  graphql p50 {out[q.name]['graphql_p50']:8.1f} ms p95 "
            f"{out[q.name]['graphql_p95']:8.1f}",
            flush=True,
        )
    store.close()
    loop.close()
    return out


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000,5000000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per (question, side) at most")
    parser.add_argument("--only", default="", help="only the questions whose name holds one of these, e.g. 'Q3,Q5'")
    parser.add_argument(
        "--graphql-only",
        default="",
        help="questions (as --only) whose canned query is not run (minutes at 5M quads): GraphQL p50 against 50 ms",
    )
    parser.add_argument("--platform", default="TikTok")
    parser.add_argument("--instrument", default="Digital Services Act")
    parser.add_argument("--jurisdiction", default="European Union")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    names = {"platform": args.platform, "instrument": args.instrument, "jurisdiction": args.jurisdiction}
    results = {}
    for size in sizes:
        path = store_for(size)
        print(f"{size:,} quads ({path})", flush=True)
        results[size] = measure(path, args.runs, args.budget, names, args.only, args.graphql_only)
    rows = []
    for size in sizes:
        for name, r in results[size].items():
            rows.append(
                Row(
                    f"{name} @ {size:,} quads: GraphQL p50 vs "
                    + (f"{ABSOLUTE_MS:.0f} ms (canned query not run)" if r["graphql_only"] else "canned SPARQL p50"),
                    r["ratios"],
                    1.0 if r["graphql_only"] else 1.5,
                    f"p50 {r['graphql_p50']:.1f} vs {r['sparql_p50']:.1f} ms, p95 {r['graphql_p95']:.1f} vs "
                    f"{r['sparql_p95']:.1f} ms, {r['rows']} rows",
                    higher_is_better=False,
                )
            )
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        for name in results[small]:
            a, b = results[small][name], results[big][name]
            rows.append(
                Row(
                    f"{name} growth {small:,} -> {big:,} quads (GraphQL p50)",
                    [b["graphql_p50"] / a["graphql_p50"]],
                    3.0,
                    f"{a['graphql_p50']:.1f} -> {b['graphql_p50']:.1f} ms; rows {a['rows']} -> {b['rows']}",
                    higher_is_better=False,
                )
            )
    print_rows(rows)
    return rows


if __name__ == "__main__":
    main()
