"""The ontology is publishable: a definition for every term, a version IRI and a licence,
disjoint entity kinds, OWL 2 DL that HermiT (an OWL 2 DL reasoner) loads and classifies, and
neither HermiT nor an OWL RL reasoner finds anything new to say about the gazetteer's entities
(so no range or domain turns a foundation into a company)."""

from __future__ import annotations

import shutil
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


@pytest.fixture(scope="module")
def gazetteer_graph() -> rdflib.Graph:
    """What the entities graph says of every entity the gazetteer knows: its kind, owner, home
    and what it lies within."""
    from extractors.gazetteer import Gazetteer
    from kg.gazetteer_facts import facts

    gaz = Gazetteer.default()
    data = rdflib.Graph()
    for entry in gaz.entries.values():
        me = rdflib.URIRef(entry.iri)
        data.add((me, RDF.type, RR[entry.type]))
        data.add((me, RDF.type, RR.Entity))
        targets = [("owner", entry.owner), ("homeJurisdiction", entry.jurisdiction)]
        targets += [("within", container) for container in facts(entry.id).within]
        for prop, target in targets:
            if target and target in gaz.entries:
                data.add((me, RR[prop], rdflib.URIRef(gaz.entries[target].iri)))
    return data


def kinds(graph: rdflib.Graph, of: rdflib.Graph) -> dict:
    """The ontology's classes each subject of `of` has in `graph`."""
    return {s: {o for o in graph.objects(s, RDF.type) if str(o).startswith(str(RR))} for s in set(of.subjects())}


def test_an_owl_rl_reasoner_adds_no_type_to_any_gazetteer_entity(
    ontology: rdflib.Graph, gazetteer_graph: rdflib.Graph
) -> None:
    data = gazetteer_graph
    before = kinds(data, data)
    closure = data + ontology
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    added = {str(s): sorted(str(t) for t in types - before[s]) for s, types in kinds(closure, data).items()}
    assert {s: t for s, t in added.items() if t} == {}
    assert not list(closure.subjects(RDF.type, OWL.Nothing))  # nothing is two kinds at once
    assert len(before) > 200


# The datatypes OWL 2 DL knows (https://www.w3.org/TR/owl2-syntax/#Datatype_Maps): a range outside
# them is what made HermiT refuse the ontology ("xsd:date is not part of the OWL 2 datatype map").
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL2_DATATYPES = {
    *(
        XSD + name
        for name in [
            "decimal",
            "integer",
            "nonNegativeInteger",
            "nonPositiveInteger",
            "positiveInteger",
            "negativeInteger",
            "long",
            "int",
            "short",
            "byte",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
            "double",
            "float",
            "string",
            "normalizedString",
            "token",
            "language",
            "Name",
            "NCName",
            "NMTOKEN",
            "boolean",
            "hexBinary",
            "base64Binary",
            "anyURI",
            "dateTime",
            "dateTimeStamp",
        ]
    ),
    str(OWL) + "real",
    str(OWL) + "rational",
    str(RDF) + "PlainLiteral",
    str(RDF) + "XMLLiteral",
    "http://www.w3.org/2000/01/rdf-schema#Literal",
}
RESERVED = (str(OWL), str(RDF), "http://www.w3.org/2000/01/rdf-schema#")


def test_no_range_or_super_property_is_outside_owl_2_dl(ontology: rdflib.Graph) -> None:
    """What HermiT loads anyway but OWL 2 DL forbids: a super-property or a class range taken
    from the reserved vocabulary (owl:sameAs, owl:Class), or a datatype it has no map for."""
    ranges = {(str(p), str(r)) for p, r in ontology.subject_objects(rdflib.RDFS.range)}
    datatypes = {(p, r) for p, r in ranges if r.startswith(XSD) or r.startswith(str(RDF))}
    assert {(p, r) for p, r in datatypes if r not in OWL2_DATATYPES} == set()
    assert {(p, r) for p, r in ranges if r.startswith(str(OWL))} == set()
    supers = {(str(p), str(q)) for p, q in ontology.subject_objects(rdflib.RDFS.subPropertyOf)}
    assert {(p, q) for p, q in supers if q.startswith(RESERVED)} == set()


def test_hermit_loads_it_and_infers_no_type_for_any_gazetteer_entity(
    ontology: rdflib.Graph, gazetteer_graph: rdflib.Graph, tmp_path: Path
) -> None:
    if not shutil.which("java"):
        pytest.skip("HermiT runs on Java, absent here; the OWL RL test above stands in for it")
    import owlready2

    data = gazetteer_graph
    both = tmp_path / "ontology-and-gazetteer.nt"
    both.write_bytes((ontology + data).serialize(format="nt", encoding="utf-8"))
    world = owlready2.World()
    world.get_ontology(both.as_uri()).load()
    # refuses an unsupported datatype with an error, and an inconsistency (a name of two disjoint
    # kinds) with OwlReadyInconsistentOntologyError: neither may happen
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    after = world.as_rdflib_graph()
    before = kinds(data, data)
    added = {str(s): sorted(str(t) for t in types - before[s]) for s, types in kinds(after, data).items()}
    assert {s: t for s, t in added.items() if t} == {}
    assert len(before) > 200
