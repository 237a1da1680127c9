"""Which request texts are SPARQL Updates (refused with 403 before any engine sees them)."""

import pytest

from kg.service.updates import is_update

UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/x.ttl>",
    "LOAD SILENT <http://example.org/x.ttl> INTO GRAPH <urn:g>",
    "CLEAR ALL",
    "CREATE GRAPH <urn:g>",
    "DROP GRAPH <urn:g>",
    "COPY DEFAULT TO <urn:g>",
    "MOVE <urn:a> TO <urn:b>",
    "ADD <urn:a> TO <urn:b>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "insert data { <urn:a> <urn:b> <urn:c> }",
    "  \n\tDROP ALL",
    "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }",
    "PREFIX : <urn:x:> PREFIX ex: <http://example.org/> CLEAR DEFAULT",
    "BASE <http://example.org/>\nDROP SILENT GRAPH <g>",
    "# a comment\nDELETE WHERE { ?s ?p ?o }",
    "# one\n# two\nPREFIX a: <urn:a:>\n# three\nMOVE DEFAULT TO <urn:g>",
]

QUERIES = [
    "SELECT * WHERE { ?s ?p ?o }",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DESCRIBE <urn:a>",
    "PREFIX insert: <urn:insert:> SELECT ?delete WHERE { ?delete insert:drop ?load }",
    'SELECT * WHERE { ?s ?p "INSERT DATA" }',
    "# DROP ALL\nSELECT * WHERE { ?s ?p ?o }",
    "SELECT ?insert WHERE { ?insert ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } # CLEAR ALL",
    "",
]


@pytest.mark.parametrize("text", UPDATES)
def test_every_update_form_is_an_update(text: str) -> None:
    assert is_update(text)


@pytest.mark.parametrize("text", QUERIES)
def test_a_query_that_merely_mentions_update_words_is_not(text: str) -> None:
    assert not is_update(text)
