"""A typed GraphQL client against the live service, as a frontend would use one: gql fetches
the schema by introspection, checks every document against it before sending, and runs the
GraphiQL examples. The shared server runs in production mode (no "Did you mean" in its errors),
so a message with a suggestion can only have come from the client."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from gql import Client, GraphQLRequest, gql
from gql.transport.httpx import HTTPXTransport
from graphql import GraphQLError, build_schema, lexicographic_sort_schema, print_schema
from graphql.language import OperationDefinitionNode

from kg.service.graphql_view import graphiql_examples
from tests.conftest import ROOT
from tests.service.conftest import Server


@pytest.fixture(scope="module")
def session(server: Server) -> Iterator:
    client = Client(
        transport=HTTPXTransport(url=f"{server.url}/graphql", timeout=60),
        fetch_schema_from_transport=True,
        serialize_variables=True,
    )
    with client as opened:
        yield opened


def test_the_introspected_schema_is_the_committed_sdl(session) -> None:
    """`schema.graphql` (what a Relay or Apollo build generates types from) is what the server
    says it serves, type for type and description for description."""
    committed = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))
    assert print_schema(lexicographic_sort_schema(session.client.schema)) == print_schema(
        lexicographic_sort_schema(committed)
    )


@pytest.mark.parametrize("tab", graphiql_examples(), ids=lambda tab: tab["query"].split("\n", 1)[0][2:40])
def test_each_graphiql_example_validates_in_the_client_and_runs(session, tab: dict[str, str]) -> None:
    # no variables: None, not {} (gql 4 refuses to serialize an empty dict)
    request = GraphQLRequest(tab["query"], variable_values=json.loads(tab.get("variables", "null")))
    [operation] = [d for d in request.document.definitions if isinstance(d, OperationDefinitionNode)]
    answer = session.execute(request)
    field = operation.selection_set.selections[0].name.value
    assert answer[field], f"{field} came back empty"


def test_a_misspelt_field_is_refused_by_the_client_with_the_fix(session) -> None:
    with pytest.raises(GraphQLError) as refused:
        session.execute(gql('{ exposure(platform: "TikTok") { riskLevl } }'))
    assert refused.value.message == "Cannot query field 'riskLevl' on type 'Exposure'. Did you mean 'riskLevel'?"


def test_a_variable_of_the_wrong_type_is_refused_by_the_client(session) -> None:
    """serialize_variables: the client converts variables by the schema's types, so a wrong one
    fails before sending (the server's own words would be "Variable '$n' has invalid value")."""
    request = GraphQLRequest("query ($n: Int) { events(first: $n) { totalCount } }", variable_values={"n": "twenty"})
    with pytest.raises(GraphQLError) as refused:
        session.execute(request)
    assert refused.value.message == "Int cannot represent non-integer value: 'twenty'"
