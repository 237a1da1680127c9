"""The ontology is publishable: a definition for every term, a version IRI and a licence,
disjoint entity kinds, and an OWL RL reasoner that finds nothing new to say about the
gazetteer's entities (so no range or domain turns a foundation into a company)."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from extractors.vocabulary import ENTITY_TYPES
from ontologies import ONTOLOGY_FILES

ROOT = Path(__file__).resolve().parent.parent
RR = rdflib.Namespace("https://w3id.org/regrisk/ontology#")
ONTOLOGY = rdflib.URIRef("https://w3id.org/regrisk/ontology")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in ONTOLOGY_FILES:  # the ontology and its SKOS schemes, as /ontology publishes them
        graph.parse(ROOT / "ontologies" / name, format="turtle")
    return graph


def test_every_term_has_a_definition(ontology: rdflib.Graph) -> None:
    terms = {s for s in ontology.subjects() if isinstance(s, rdflib.URIRef) and s.startswith(str(RR))}
    undefined = sorted(t.removeprefix(str(RR)) for t in terms if not ontology.value(t, SKOS.definition))
    assert len(terms) > 80 and undefined == []


def test_it_names_its_version_licence_and_maker(ontology: rdflib.Graph) -> None:
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == rdflib.URIRef("https://w3id.org/regrisk/ontology/0.2.0")
    assert ontology.value(ONTOLOGY, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert ontology.value(ONTOLOGY, DCTERMS.creator) and ontology.value(ONTOLOGY, DCTERMS.modified)


def test_entity_kinds_are_pairwise_disjoint(ontology: rdflib.Graph) -> None:
    groups = [rdflib.collection.Collection(ontology, m) for m in ontology.objects(None, OWL.members)]
    assert [sorted(str(c).removeprefix(str(RR)) for c in g) for g in groups] == [sorted(ENTITY_TYPES)]


def test_a_reasoner_adds_no_type_to_any_gazetteer_entity(ontology: rdflib.Graph) -> None:
    from extractors.gazetteer import Gazetteer

    # what the entities graph says of every entity the gazetteer knows: its kind, owner, home
    gaz = Gazetteer.default()
    data = rdflib.Graph()
    for entry in gaz.entries.values():
        me = rdflib.URIRef(entry.iri)
        data.add((me, RDF.type, RR[entry.type]))
        data.add((me, RDF.type, RR.Entity))
        for prop, target in (("owner", entry.owner), ("homeJurisdiction", entry.jurisdiction)):
            if target and target in gaz.entries:
                data.add((me, RR[prop], rdflib.URIRef(gaz.entries[target].iri)))

    def kinds(g: rdflib.Graph) -> dict:
        return {s: {o for o in g.objects(s, RDF.type) if str(o).startswith(str(RR))} for s in set(data.subjects())}

    before = kinds(data)
    closure = data + ontology
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    added = {str(s): sorted(str(t) for t in types - before[s]) for s, types in kinds(closure).items()}
    assert {s: t for s, t in added.items() if t} == {}
    assert not list(closure.subjects(RDF.type, OWL.Nothing))  # nothing is two kinds at once
    assert len(before) > 200
