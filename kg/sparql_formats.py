"""Content negotiation for SPARQL results: pyoxigraph serialises, mimeparse chooses."""

from __future__ import annotations

import mimeparse
import pyoxigraph as ox

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/trig": ox.RdfFormat.TRIG,
}
SHORT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


class NotAcceptableError(ValueError):
    """No result format fits the Accept header."""


def _choose(options: dict[str, object], accept: str, default: str) -> str:
    accept = SHORT_NAMES.get(accept, accept)
    if not accept or accept.strip() in ("*/*", ""):
        return default
    best = mimeparse.best_match(list(options)[::-1], accept)
    if not best:
        raise NotAcceptableError(f"none of {', '.join(options)} is acceptable for '{accept}'")
    return best


def serialize_result(result: object, accept: str) -> tuple[bytes, str]:
    if isinstance(result, ox.QueryTriples):
        media = _choose(GRAPH_TYPES, accept, "text/turtle")
        return result.serialize(format=GRAPH_TYPES[media]), media
    media = _choose(RESULT_TYPES, accept, "application/sparql-results+json")
    return result.serialize(format=RESULT_TYPES[media]), media
