"""Namespaces and IRIs of the graph."""

from __future__ import annotations

RR = "https://w3id.org/regrisk/ontology#"
ID = "https://w3id.org/regrisk/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"

PREFIXES = {
    "rr": RR,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": RDFS,
    "skos": SKOS,
    "owl": OWL,
    "xsd": XSD,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "oa": OA,
    "org": ORG,
    "rrg": ID + "graph/",
}
ENTITIES_GRAPH = ID + "graph/entities"  # one copy of what names and describes each entity
INSTANCES_GRAPH = ID + "graph/instances"  # the real-world events and the links between them


def name_key(name: str) -> str:
    """How a name is looked up: lower case, spaces collapsed ("RedNote" finds "rednote")."""
    return " ".join(name.lower().split())


SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def article_iri(article_id: str) -> str:
    return f"{ID}article/{article_id}"


def graph_iri(article_id: str) -> str:
    return f"{ID}graph/{article_id}"
