"""One article in, one Extraction out."""

from __future__ import annotations

from spacy.tokens import Doc

from extractors.identity import article_id, normalise  # noqa: F401 - part of this module's API
from extractors.model import ArticleMeta, Extraction
from extractors.pipeline import article_doc, load_pipeline, model_version

EXTRACTOR_NAME = "regrisk-kg-extractor"
EXTRACTOR_VERSION = "0.2.0"


def guess_title(text: str) -> str | None:
    first, _, rest = text.strip().partition("\n")
    if rest.startswith("\n") and 0 < len(first) < 200 and not first.rstrip().endswith("."):
        return first.strip()
    return None


def extractor_version() -> str:
    return f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION} ({model_version()})"


def extract(text: str, published: str | None = None, title: str | None = None, url: str | None = None) -> Extraction:
    doc = load_pipeline()(article_doc(text, published))
    return extract_doc(doc, text, published, title, url)


def extract_doc(
    doc: Doc, text: str, published: str | None = None, title: str | None = None, url: str | None = None
) -> Extraction:
    """The Extraction of a Doc the pipeline has run over (see `pipeline.article_doc`)."""
    aid = article_id(text)
    resolver = doc._.resolver
    events, unasserted = doc._.events or [], doc._.unasserted or []
    used = {i for ev in events + unasserted for vals in ev.roles.values() for i in vals}
    entities = [e for e in resolver.final_entities() if e.mentions or e.id in used]
    for iri in used - {e.id for e in entities}:
        if iri in resolver.entities:
            entities.append(resolver.entities[iri])
    if published is None and doc._.published is not None:
        published = doc._.published.isoformat()  # from the article's own dateline
    meta = ArticleMeta(id=aid, title=title or guess_title(text), published=published, url=url)
    return Extraction(
        article=meta, entities=entities, events=events, unasserted=unasserted, extractor=extractor_version()
    )
