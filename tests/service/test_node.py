"""Relay Global Object Identification: entities, events and articles are Nodes with opaque
global ids that node(id:) and nodes(ids:) refetch; and every type, field and argument of the
schema says what it is (a frontend developer reads them in GraphiQL and in generated clients)."""

import graphql
import pytest

from kg.service.global_id import to_global_id
from kg.service.graphql_view import build_schema
from kg.settings import Settings
from tests.service.test_http import ROOT

FIELDS = """
  __typename id
  ... on Entity { iri label type aliases }
  ... on Event { iri eventType: type date trigger evidence { sentence } }
  ... on Article { iri title published eventCount }
"""


def originals(server) -> list[dict]:
    """One of each kind as the questions give them, with the fields FIELDS refetches."""
    data = server.data(
        """{
          entity(name: "TikTok") { __typename id iri label type aliases }
          timeline(entity: "TikTok") { __typename id iri eventType: type date trigger evidence { sentence } }
          articles(first: 1) { edges { node { __typename id iri title published eventCount } } }
        }"""
    )
    return [data["entity"], data["timeline"][0], data["articles"]["edges"][0]["node"]]


def test_each_kind_is_refetched_by_its_id(server) -> None:
    found = originals(server)
    assert [x["__typename"] for x in found] == ["Entity", "Event", "Article"]
    for original in found:
        query = f"query($id: ID!) {{ node(id: $id) {{ {FIELDS} }} }}"
        assert server.data(query, {"id": original["id"]})["node"] == original
    batch = server.data(f"query($ids: [ID!]!) {{ nodes(ids: $ids) {{ {FIELDS} }} }}", {"ids": [x["id"] for x in found]})
    assert batch["nodes"] == found


def test_ids_are_opaque_global_and_the_iri_is_its_own_field(server) -> None:
    entity, event, article = originals(server)
    assert entity["iri"] == "https://w3id.org/regrisk/id/entity/tiktok"
    assert [x["id"] for x in (entity, event, article)] == [
        to_global_id("Entity", entity["iri"]),
        to_global_id("Event", event["iri"]),
        to_global_id("Article", article["iri"]),
    ]
    # the arguments that took an IRI or a content hash take the global id too
    by_id = server.data("query($id: ID!) { entity(id: $id) { iri } article(id: $id) { iri } }", {"id": entity["id"]})
    assert by_id == {"entity": {"iri": entity["iri"]}, "article": None}
    assert server.data("query($id: ID!) { entity(id: $id) { id } }", {"id": entity["iri"]}) == {
        "entity": {"id": entity["id"]}
    }
    assert server.data("query($id: ID!) { article(id: $id) { id } }", {"id": article["id"]}) == {
        "article": {"id": article["id"]}
    }


def test_a_gone_node_is_null_and_a_foreign_id_is_a_user_error(server) -> None:
    gone = to_global_id("Entity", "https://w3id.org/regrisk/id/entity/no-such-thing")
    assert server.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [gone]}) == {"nodes": [None]}
    body = server.graphql('{ node(id: "https://w3id.org/regrisk/id/entity/tiktok") { id } }')
    assert body["data"] == {"node": None}
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        (
            "'https://w3id.org/regrisk/id/entity/tiktok' is not an id this API gave out "
            "(an id field of Entity, Event or Article)",
            "BAD_USER_INPUT",
        )
    ]


def undescribed(schema: graphql.GraphQLSchema) -> list[str]:
    missing = []
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in graphql.specified_scalar_types:
            continue
        if not kind.description:
            missing.append(name)
        for field_name, field in getattr(kind, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
            for arg_name, arg in getattr(field, "args", {}).items():
                if not arg.description:
                    missing.append(f"{name}.{field_name}({arg_name})")
    return missing


def committed_schema() -> graphql.GraphQLSchema:
    """The SDL a client generator reads: the committed schema.graphql (kept current by test_http)."""
    return graphql.build_schema((ROOT / "schema.graphql").read_text())


@pytest.mark.parametrize("schema", [committed_schema, lambda: build_schema(Settings())._schema])
def test_every_type_field_and_argument_has_a_description(schema) -> None:
    assert undescribed(schema()) == []


def test_the_sdl_has_the_relay_node_contract() -> None:
    """What Relay's compiler checks before it will refetch: Node { id: ID! }, node and nodes."""
    schema = committed_schema()
    node = schema.get_type("Node")
    assert isinstance(node, graphql.GraphQLInterfaceType)
    assert str(node.fields["id"].type) == "ID!"
    assert sorted(t.name for t in schema.get_implementations(node).objects) == ["Article", "Entity", "Event"]
    query = schema.query_type
    assert (str(query.fields["node"].type), str(query.fields["node"].args["id"].type)) == ("Node", "ID!")
    assert (str(query.fields["nodes"].type), str(query.fields["nodes"].args["ids"].type)) == ("[Node]!", "[ID!]!")
    date = schema.get_type("Event").fields["date"].description
    assert date.startswith("When it happened, as precise as the text: a year (2025), a month (2025-01) or a day")
