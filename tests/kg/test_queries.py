"""Canned queries: found by name, parameters bound as escaped terms; injection matches nothing."""

import pytest

from kg.queries import CannedQueryError, catalogue
from kg.store import open_store, stats

INJECTIONS = [
    '" } ; DROP ALL ; SELECT * WHERE { "',
    'TikTok" ) } INSERT DATA { <urn:a> <urn:b> <urn:c> } #',
    "') || true || ('",
    '" || 1=1 || "',
    "' || 1=1 || '",
    '\\" } } DELETE WHERE { ?s ?p ?o } #',
    "<https://w3id.org/regrisk/id/entity/tiktok>",
    "RedNote\n} UNION { ?entity ?p ?o }",
    '""" } UNION { ?s ?p ?o } #',
    "\\u0022 } UNION { ?s ?p ?o } #",
]


def test_every_question_has_a_described_canned_query() -> None:
    names = set(catalogue())
    assert {"entity", "entities", "events", "policy_impact", "exposure", "timeline", "migrations", "articles"} <= names
    assert all(q.summary for q in catalogue().values())


def test_aliases_find_the_entity(sample_store) -> None:
    rows = catalogue()["entity"].run(open_store(str(sample_store), read_only=True), {"name": "rednote"})
    assert rows[0]["label"] == "Xiaohongshu"


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_through_every_parameter_matches_nothing_and_changes_nothing(store_copy, payload: str) -> None:
    """Every text parameter of every canned query gets the payload: the query must still parse
    (a syntax error means the value leaked into the query text), match nothing, and leave a
    writable store as it was."""
    store = open_store(str(store_copy))
    before = stats(store)
    for query in catalogue().values():
        params = {p: payload for p in query.params if not p.endswith(("_list", "_iri"))}
        if not params:
            continue
        # an IRI parameter names nothing, so a match could only come from the payload
        params |= {p: "urn:x-regrisk:nothing" for p in query.params if p.endswith("_iri")}
        rows = query.run(store, params)
        assert rows == [], (query.name, rows[:1])
    assert stats(store) == before
    store.close()


def test_a_missing_parameter_is_named() -> None:
    with pytest.raises(CannedQueryError, match="needs --param name"):
        catalogue()["entity"].bind({})
