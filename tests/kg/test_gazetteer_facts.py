"""What the gazetteer knows beyond names, emitted (kg/gazetteer_facts.py): containment, ISO 3166
codes and the legal identifiers of EU acts, in the entities graph and in no article's graph."""

from __future__ import annotations

import re
from pathlib import Path

from extractors.gazetteer import Gazetteer, load_toml
from kg.gazetteer_facts import Facts, facts
from kg.store import EmbeddedStore
from kg.validate import consistency
from kg.vocab import ENTITIES_GRAPH, RR

E = "https://w3id.org/regrisk/id/entity/"


def test_a_state_lies_within_its_country_and_a_member_state_within_the_union() -> None:
    assert facts("montana") == Facts(within=("united-states",), iso_code="US-MT")
    assert facts("ireland") == Facts(within=("european-union",), iso_code="IE")
    assert facts("hong-kong") == Facts(within=("china",), iso_code="HK")
    # "EU" is reserved in ISO 3166-1, not assigned: no code is better than a wrong one
    assert facts("european-union") == Facts()
    assert facts("dsa") == Facts(celex="32022R2065", eli="http://data.europa.eu/eli/reg/2022/2065/oj")
    assert facts("gdpr").celex == "32016R0679" and facts("dma").celex == "32022R1925"
    assert facts("no-such-entity") == Facts()


def test_who_heads_or_sits_on_what_is_known_for_long_standing_posts() -> None:
    assert facts("mark-zuckerberg") == Facts(head_of=("meta",))
    assert facts("alexandre-de-moraes") == Facts(member_of=("brazil-stf",))
    gaz = Gazetteer.default()
    known = load_toml("gazetteer/known.toml")
    pairs = [(p, b) for key in ("head_of", "member_of") for p, bodies in known[key].items() for b in bodies]
    assert len(pairs) == 5
    # a person, and a body (not a place, a law or another person): a swapped pair fails here
    assert {(p, b) for p, b in pairs if gaz.get(p).type != "Person"} == set()
    assert {b for _p, b in pairs if gaz.get(b).type not in ("Company", "Court", "Regulator", "Government")} == set()


def test_the_twenty_seven_member_states_are_jurisdictions_the_gazetteer_knows() -> None:
    gaz = Gazetteer.default()
    members = load_toml("gazetteer/known.toml")["within"]["european-union"]
    assert len(set(members)) == 27
    assert {m for m in members if (gaz.get(m) is None or gaz.get(m).type != "Jurisdiction")} == set()


def test_every_identifier_agrees_with_the_official_number_the_gazetteer_gives() -> None:
    # "Regulation (EU) 2022/2065" is CELEX 32022R2065 and ELI reg/2022/2065; a typo fails here
    gaz = Gazetteer.default()
    official = re.compile(r"^(Regulation|Directive) (?:\(EU\) )?(\d{4})/(\d+)(?:/EC)?$")
    for entry_id, ids in load_toml("gazetteer/known.toml")["instruments"].items():
        [(kind, year, number)] = [m.groups() for a in gaz.get(entry_id).aliases if (m := official.match(a))]
        letter, path = ("R", "reg") if kind == "Regulation" else ("L", "dir")
        assert ids == {
            "celex": f"3{year}{letter}{int(number):04d}",
            "eli": f"http://data.europa.eu/eli/{path}/{year}/{int(number)}/oj",
        }, entry_id


def test_the_sample_store_holds_them_in_the_entities_graph_only(sample_store: Path) -> None:
    store = EmbeddedStore(sample_store, read_only=True)
    props = " ".join(f"<{RR}{p}>" for p in ("within", "isoCode", "celex", "eli"))
    rows = store.select(
        f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o VALUES ?p {{ {props} }} "
        f"VALUES ?s {{ <{E}montana> <{E}ireland> <{E}dsa> <{E}gdpr> }} }} }}"
    )
    assert {(r["g"], r["s"].removeprefix(E), r["p"].removeprefix(RR), r["o"]) for r in rows} == {
        (ENTITIES_GRAPH, "montana", "within", E + "united-states"),
        (ENTITIES_GRAPH, "montana", "isoCode", "US-MT"),
        (ENTITIES_GRAPH, "ireland", "within", E + "european-union"),
        (ENTITIES_GRAPH, "ireland", "isoCode", "IE"),
        (ENTITIES_GRAPH, "dsa", "celex", "32022R2065"),
        (ENTITIES_GRAPH, "dsa", "eli", "http://data.europa.eu/eli/reg/2022/2065/oj"),
        (ENTITIES_GRAPH, "gdpr", "celex", "32016R0679"),
        (ENTITIES_GRAPH, "gdpr", "eli", "http://data.europa.eu/eli/reg/2016/679/oj"),
    }
    # Brazil's X story names Justice de Moraes: the court he sits on is said once, beside him
    assert store.select(
        f"SELECT ?g ?b WHERE {{ GRAPH ?g {{ <{E}alexandre-de-moraes> <http://www.w3.org/ns/org#memberOf> ?b }} }}"
    ) == [{"g": ENTITIES_GRAPH, "b": E + "brazil-stf"}]
    # what a place lies within is named and typed where it is said, so a query can print it
    assert store.select(
        f"SELECT ?l WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ <{E}european-union> a <{RR}Jurisdiction> ; "
        f"<http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}"
    ) == [{"l": "European Union"}]
    store.close()


def test_a_store_written_before_the_facts_were_known_gains_them_on_reindex(store_copy: Path) -> None:
    """Ingest writes what the gazetteer knows once per entity, so a store written before
    rr:within, the ISO codes and ELI (or before a gazetteer edit) lacks them, and re-ingesting an
    unchanged article writes nothing; `kg reindex` writes them for every entity the store has."""
    store = EmbeddedStore(store_copy)
    facts_in = f"GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }}"
    newer = " ".join(f"<{RR}{p}>" for p in ("within", "isoCode", "celex", "eli"))
    everything = f"SELECT ?s ?p ?o WHERE {{ {facts_in} }}"
    before = {tuple(r.values()) for r in store.select(everything)}
    store._store.update(f"DELETE {{ {facts_in} }} WHERE {{ {facts_in} VALUES ?p {{ {newer} }} }}")
    assert store.select(f"SELECT ?s WHERE {{ {facts_in} VALUES ?p {{ {newer} }} }}") == []
    # `kg validate` says what is missing and what mends it
    missing = [p for p in consistency(store) if p.startswith("what the gazetteer knows")]
    assert (
        len(missing) == 10
        and (
            "what the gazetteer knows, missing from the entities graph (kg reindex writes it): "
            f"{E}ireland {RR}isoCode IE"
        )
        in missing
    )
    store.reindex()  # what `kg reindex` does
    assert {tuple(r.values()) for r in store.select(everything)} == before
    assert consistency(store) == []
    store.close()


def test_the_entities_graph_says_it_is_the_gazetteers_and_which_version(sample_store: Path) -> None:
    """Its own provenance, apart from every article's: derived from the gazetteer as it was read
    (a digest of its files), said in the entities graph and in no article's graph."""
    from kg.gazetteer_facts import gazetteer_version

    store = EmbeddedStore(sample_store, read_only=True)
    rows = store.select(
        f"""SELECT ?g ?source ?version WHERE {{ GRAPH ?g {{ <{ENTITIES_GRAPH}> a <http://www.w3.org/ns/prov#Entity> ;
              <http://www.w3.org/ns/prov#wasDerivedFrom> ?source .
              ?source <https://schema.org/version> ?version }} }}"""
    )
    version = gazetteer_version()
    assert rows == [
        {"g": ENTITIES_GRAPH, "source": f"https://w3id.org/regrisk/id/gazetteer/{version}", "version": version}
    ]
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    store.close()
