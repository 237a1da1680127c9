"""How a canned query's parameters become SPARQL: each value is exactly one escaped RDF term,
whatever it contains (no store needed: the bound text itself is checked, then parsed)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.queries import CannedQuery, CannedQueryError, _parse, catalogue
from kg.vocab import SPARQL_PREFIXES


def probe() -> CannedQuery:
    # parsed inside each test, not at import: mutation testing swaps the code after import
    return _parse(
        "probe",
        "#+ summary: a probe\n#+ default: kind=Entity\n#+ example: who=RedNote\n#+ tags: test, batch\n"
        "SELECT * WHERE { VALUES ?x { ?_who_ref } ?x ?p ?_who . ?x ?q ?_who_key . "
        "?y ?r ?_kind . VALUES ?z { ?_things_list } ?z ?s ?_place_iri }",
    )


def body(text: str) -> str:
    assert text.startswith(SPARQL_PREFIXES)
    return text.removeprefix(SPARQL_PREFIXES)


def test_headers_give_summary_defaults_examples_tags_and_params() -> None:
    assert (probe().summary, probe().defaults, probe().examples, probe().tags) == (
        "a probe",
        (("kind", "Entity"),),
        (("who", "RedNote"),),
        ("test", "batch"),
    )
    assert probe().params == ("who", "kind", "things_list", "place_iri")


def test_each_kind_of_parameter_is_bound_as_one_term() -> None:
    text = probe().bind({"who": 'Red "Note"\n', "things_list": ["urn:a", "urn:b"], "place_iri": "urn:p"})
    assert body(text) == (
        "#+ summary: a probe\n#+ default: kind=Entity\n#+ example: who=RedNote\n#+ tags: test, batch\n"
        'SELECT * WHERE { VALUES ?x { <urn:x-regrisk:none> } ?x ?p "Red \\"Note\\"\\n" . '
        '?x ?q "red \\"note\\"" . ?y ?r "Entity" . VALUES ?z { <urn:a> <urn:b> } ?z ?s <urn:p> }'
    )
    ox.Store().query(text)  # and it parses


def test_a_value_that_is_an_iri_is_used_as_one_for_ref() -> None:
    text = probe().bind({"who": "https://w3id.org/regrisk/id/entity/tiktok", "things_list": [], "place_iri": "urn:p"})
    assert "VALUES ?x { <https://w3id.org/regrisk/id/entity/tiktok> }" in text
    assert "VALUES ?z { <urn:x-regrisk:none> }" in text  # an empty list names nothing
    for not_an_iri in ("tiktok", "has space:x", "urn:a b", "<urn:a>"):
        assert "VALUES ?x { <urn:x-regrisk:none> }" in probe().bind(
            {"who": not_an_iri, "things_list": [], "place_iri": "urn:p"}
        )


def test_a_given_value_wins_over_the_default_and_none_keeps_it() -> None:
    assert '?y ?r "Company"' in probe().bind({"who": "a", "kind": "Company", "things_list": [], "place_iri": "urn:p"})
    assert '?y ?r "Entity"' in probe().bind({"who": "a", "kind": None, "things_list": [], "place_iri": "urn:p"})


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"things_list": [], "place_iri": "urn:p"}, "needs --param who="),
        ({"who": "a", "things_list": [], "place_iri": "not an iri"}, "place_iri: not an IRI"),
        ({"who": "a", "things_list": ["urn:a", "no iri"], "place_iri": "urn:p"}, "things_list: not a list of IRIs"),
        ({"who": "a", "place_iri": "urn:p"}, "needs --param things_list="),
    ],
)
def test_missing_and_malformed_values_are_refused_by_name(values: dict, message: str) -> None:
    with pytest.raises(CannedQueryError, match=message):
        probe().bind(values)


def test_a_single_list_value_is_a_list_of_one() -> None:
    assert "VALUES ?z { <urn:a> }" in probe().bind({"who": "a", "things_list": "urn:a", "place_iri": "urn:p"})


def test_the_example_is_runnable_text_with_its_summary_first() -> None:
    page = catalogue()["exposure"].example()
    assert page.startswith("# A platform's regulatory exposure")
    assert '"tiktok"' in page and "?_" not in page.split("\n", 1)[1].replace("#+", "")
    ox.Store().query(page.split("\n", 1)[1])


def test_limit_and_offset_are_integers_appended_after_the_query() -> None:
    class Capture:
        def select(self, text: str):
            self.text = text
            return []

    store = Capture()
    probe().run(store, {"who": "a", "things_list": [], "place_iri": "urn:p"}, limit="5", offset=-3)  # type: ignore[arg-type]
    assert store.text.endswith("\nLIMIT 5 OFFSET 0")
    with pytest.raises(ValueError):
        probe().run(store, {"who": "a", "things_list": [], "place_iri": "urn:p"}, limit="5; DROP ALL")  # type: ignore[arg-type]


def test_a_count_wraps_the_query_without_its_prologue() -> None:
    class Capture:
        def select(self, text: str):
            self.text = text
            return [{"total": "7"}]

    store = Capture()
    query = CannedQuery("c", "", "PREFIX a: <urn:a:>\nSELECT ?s WHERE { ?s ?p ?_v }", ("v",))
    assert query.count(store, {"v": "x"}) == 7  # type: ignore[arg-type]
    assert store.text == SPARQL_PREFIXES + 'SELECT (COUNT(*) AS ?total) WHERE { { SELECT ?s WHERE { ?s ?p "x" } } }'


def test_header_values_may_hold_colons_and_equals_signs() -> None:
    query = _parse(
        "colons",
        "#+ summary: Q9: what: it does\n#+ default: when=a=b\n#+ example: who=Red: Note\n"
        "#+ example: things_list=urn:a,urn:b\n#+ tags: x: y, z\n"
        "SELECT * WHERE { ?s ?p ?_who . VALUES ?z { ?_things_list } }",
    )
    assert (query.name, query.summary, query.defaults, query.tags) == (
        "colons",
        "Q9: what: it does",
        (("when", "a=b"),),
        ("x: y", "z"),
    )
    assert query.examples == (("who", "Red: Note"), ("things_list", "urn:a,urn:b"))
    example = query.example()
    assert example.startswith("# Q9: what: it does\n" + SPARQL_PREFIXES)
    assert '?s ?p "Red: Note"' in example and "VALUES ?z { <urn:a> <urn:b> }" in example


def test_a_query_without_headers_has_none() -> None:
    query = _parse("bare", "SELECT * WHERE { ?s ?p ?o }")
    assert (query.name, query.summary, query.defaults, query.examples, query.tags, query.params) == (
        "bare",
        "",
        (),
        (),
        (),
        (),
    )


def test_a_missing_iri_parameter_is_named_without_its_suffix() -> None:
    with pytest.raises(CannedQueryError, match=r"^query 'probe' needs --param place=\.\.\.$"):
        probe().bind({"who": "a", "things_list": []})


def test_the_limit_is_appended_to_the_whole_query() -> None:
    class Capture:
        def select(self, text: str):
            self.text = text
            return []

    store = Capture()
    values = {"who": "a", "things_list": [], "place_iri": "urn:p"}
    probe().run(store, values, limit=5, offset=2)  # type: ignore[arg-type]
    assert store.text == probe().bind(values) + "\nLIMIT 5 OFFSET 2"


def test_a_count_of_nothing_is_zero() -> None:
    class Empty:
        def __init__(self, rows):
            self.rows = rows

        def select(self, text: str):
            return self.rows

    query = CannedQuery("c", "", "SELECT ?s WHERE { ?s ?p ?o }", ())
    assert query.count(Empty([]), {}) == 0  # type: ignore[arg-type]
    assert query.count(Empty([{"total": None}]), {}) == 0  # type: ignore[arg-type]
