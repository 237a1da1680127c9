"""Every file that names a type, role, outcome or policy kind names one from
extractors/vocabulary.py: a misspelt term fails here, where it is written, instead of
showing up as an empty answer."""

import re
import tomllib
from pathlib import Path

import pyoxigraph as ox
import pytest

from extractors.vocabulary import (
    ENTITY_TYPES,
    EVENT_TYPES,
    OUTCOMES_BY_TYPE,
    POLICY_KINDS,
    ROLES,
    TOP_CLASSES,
)
from kg.gold import check_folder, gold_pairs
from ontologies import ONTOLOGY_FILES

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "extractors" / "data"
RR = "https://w3id.org/regrisk/ontology#"
OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
STRUCTURE = {
    "Article",
    "Evidence",
    "Extractor",
    "Extraction",
    "Metric",
    "Entity",
    "Event",
    "EventInstance",
    "UnassertedEvent",
}


@pytest.fixture(scope="module")
def ontology() -> ox.Store:
    store = ox.Store()
    for name in ONTOLOGY_FILES:  # the ontology and its SKOS schemes
        store.load(path=str(ROOT / "ontologies" / name), format=ox.RdfFormat.TURTLE)
    return store


def _local(term: ox.NamedNode) -> str:
    return term.value.removeprefix(RR)


def _defined(ontology: ox.Store) -> set[str]:
    return {_local(q.subject) for q in ontology.quads_for_pattern(None, None, None) if q.subject.value.startswith(RR)}


def test_the_ontology_has_a_class_for_every_type_and_nothing_else(ontology: ox.Store) -> None:
    classes = {
        _local(q.subject) for q in ontology.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL_CLASS))
    }
    assert classes == set(ENTITY_TYPES) | set(EVENT_TYPES) | set(TOP_CLASSES) | STRUCTURE


def test_the_ontology_has_a_property_for_every_role_and_a_concept_for_every_policy(ontology: ox.Store) -> None:
    assert set(ROLES) <= _defined(ontology)
    notations = {q.object.value for q in ontology.quads_for_pattern(None, ox.NamedNode(NOTATION), None)}
    assert notations == set(POLICY_KINDS)


def test_every_ontology_term_the_code_queries_or_writes_is_defined(ontology: ox.Store) -> None:
    defined = _defined(ontology) | {f"policy{p}" for p in POLICY_KINDS}
    used: dict[str, set[str]] = {}
    for path in [*(ROOT / "queries").glob("*.rq"), ROOT / "ontologies" / "shapes.ttl"]:
        used[path.name] = set(re.findall(r"\brr:([A-Za-z]+)", path.read_text()))
    for path in [*(ROOT / "kg").rglob("*.py"), *(ROOT / "extractors").rglob("*.py")]:
        used[path.name] = set(re.findall(r'\bRR \+ f?"([A-Za-z]+)"', path.read_text()))
    shapes = {t for t in used["shapes.ttl"] if t.endswith("Shape")}  # the shapes file names its own shapes
    unknown = {name: sorted(terms - defined - shapes) for name, terms in used.items() if terms - defined - shapes}
    assert unknown == {}


def test_the_trigger_lexicon_speaks_the_vocabulary() -> None:
    for sense in tomllib.loads((DATA / "triggers.toml").read_text())["sense"]:
        assert sense["type"] in EVENT_TYPES, sense
        for key in ("agent", "patient_types"):
            assert set(sense.get(key, ())) <= set(ENTITY_TYPES), (key, sense)
        # addressees: entity types (capitalised) or plain head words
        assert {a for a in sense.get("addressee_not", ()) if a[:1].isupper()} <= set(ENTITY_TYPES), sense
        if "outcome" in sense:
            assert sense["outcome"] in OUTCOMES_BY_TYPE[sense["type"]], sense
        if "policy" in sense:
            assert sense["policy"] in POLICY_KINDS, sense
        assert set(sense.get("slots", {})) <= set(ROLES), sense


def test_the_role_table_speaks_the_vocabulary() -> None:
    table = tomllib.loads((DATA / "roles.toml").read_text())
    assert set(table) - {"default"} == set(EVENT_TYPES)
    for etype, rules in table.items():
        if etype == "default":
            assert {k.removesuffix("_slots") for k in rules} <= set(ROLES)
            continue
        for key, value in rules.items():
            role = key.removesuffix("_slots")
            if key == "required":
                assert set(value) <= set(ROLES), (etype, value)
            elif key != "jurisdiction":
                assert role in ROLES, (etype, key)
                if not key.endswith("_slots"):
                    assert set(value) <= set(ENTITY_TYPES), (etype, key, value)


def test_the_graphql_entity_enum_is_the_entity_types() -> None:
    sdl = (ROOT / "schema.graphql").read_text()
    enum = re.search(r"enum EntityType \{([^}]*)\}", sdl)
    assert enum is not None
    screaming = {re.sub(r"(?<!^)(?=[A-Z])", "_", t).upper() for t in ENTITY_TYPES}
    assert set(enum.group(1).split()) == screaming


@pytest.mark.parametrize("folder", ["corpus/dev", "corpus/holdout", "corpus/holdout2"])
def test_the_corpus_gold_files_pass_the_checker(folder: str) -> None:
    assert gold_pairs(ROOT / folder)
    assert check_folder(ROOT / folder).problems == []
