"""SHACL validation of the stored graph against ontologies/shapes.ttl (pyshacl)."""

from __future__ import annotations

from importlib import resources

import pyoxigraph as ox
import rdflib

from kg.store import Store


def ontology_text(name: str) -> str:
    return resources.files("ontologies").joinpath(name).read_text(encoding="utf-8")


def validate(store: Store) -> tuple[bool, str]:
    from pyshacl import validate as shacl

    data = rdflib.Dataset()
    data.parse(data=store.dump(ox.RdfFormat.N_QUADS), format="nquads")
    union = rdflib.Graph()
    for triple in data.triples((None, None, None, None)) if False else data.quads((None, None, None, None)):
        union.add(triple[:3])
    shapes = rdflib.Graph().parse(data=ontology_text("shapes.ttl"), format="turtle")
    ontology = rdflib.Graph().parse(data=ontology_text("regrisk.ttl"), format="turtle")
    conforms, _graph, text = shacl(union, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
                                   allow_warnings=True)
    return bool(conforms), text
