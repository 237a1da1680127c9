"""Articles -> extraction -> quads -> store: the one write path of CLI and HTTP alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from extractors.extract import extract
from extractors.model import Extraction
from kg.rdf import to_quads
from kg.sources import Article, SourceError
from kg.store import Store
from kg.vocab import graph_iri


@dataclass
class IngestResult:
    source: str
    status: str  # new | replaced | unchanged | failed
    article_id: str | None = None
    events: int = 0
    entities: int = 0
    error: str | None = None
    extraction: Extraction | None = None


@dataclass
class IngestSummary:
    results: list[IngestResult] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(r.status for r in self.results)

    @property
    def failed(self) -> int:
        return self.counts["failed"]


def ingest_article(store: Store, article: Article) -> IngestResult:
    ex = extract(article.text, article.published, article.title, article.url)
    quads = to_quads(ex)
    status = store.replace_article(graph_iri(ex.article.id), quads)
    return IngestResult(article.source, status, ex.article.id, len(ex.events), len(ex.entities), extraction=ex)


def ingest(
    store: Store, items: Iterable[Article | SourceError], on_result: Callable[[IngestResult], None] | None = None
) -> IngestSummary:
    summary = IngestSummary()
    for item in items:
        if isinstance(item, SourceError):
            result = IngestResult(item.source, "failed", error=item.reason)
        else:
            try:
                result = ingest_article(store, item)
            except RecursionError:
                result = IngestResult(item.source, "failed", error="text too deeply nested to parse")
        summary.results.append(result)
        if on_result:
            on_result(result)
    return summary
