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
    for s, p, o, _g in data.quads((None, None, None, None)):
        union.add((s, p, o))
    shapes = rdflib.Graph().parse(data=ontology_text("shapes.ttl"), format="turtle")
    ontology = rdflib.Graph().parse(data=ontology_text("regrisk.ttl"), format="turtle")
    conforms, _graph, text = shacl(union, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=True)
    return bool(conforms), text
