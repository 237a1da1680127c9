"""The ontology's files, read the same way everywhere: regrisk.ttl (the OWL ontology),
schemes.ttl (its SKOS schemes of event types and policy kinds) and shapes.ttl (SHACL).

The published ontology is regrisk.ttl and schemes.ttl together (`ontology_turtle`): /ontology
serves it, and the tests read it, so a term defined in either file is defined."""

from __future__ import annotations

from functools import cache
from importlib import resources

ONTOLOGY_FILES = ("regrisk.ttl", "schemes.ttl")


def read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def ontology_turtle() -> str:
    """The ontology and its schemes as one Turtle document, with the prefixes of regrisk.ttl."""
    import pyoxigraph as ox

    triples = {
        ox.Triple(q.subject, q.predicate, q.object)
        for name in ONTOLOGY_FILES
        for q in ox.parse(read(name), format=ox.RdfFormat.TURTLE)
    }
    prefixes = {}
    for line in read(ONTOLOGY_FILES[0]).splitlines():
        if line.startswith("@prefix "):
            prefix, iri = line.removeprefix("@prefix ").rstrip(" .").split(" ", 1)
            prefixes[prefix.rstrip(":")] = iri.strip().strip("<>")
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode()
