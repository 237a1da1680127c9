"""The /graphql cost limit (kg/service/query_cost.py): an operation is priced from the page
sizes it asks for and refused before it runs when the price is over KG_GRAPHQL_MAX_COST, while
every example GraphiQL opens with and every question the explorer asks stays far under it."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from graphql import parse

from kg.service.graphql_view import build_schema, graphiql_examples
from kg.service.query_cost import query_cost
from kg.settings import Settings
from tests.conftest import ROOT

SCHEMA = build_schema(Settings())
# Every entity's events' agents' events: inside the depth, alias and token limits, and still
# 100 x 20 x 20 x 20 events to fetch.
FAN_OUT = "{ entities(first: 100) { edges { node { events { agent { events { type } } } } } } }"


def price(document: str, variables: dict | None = None) -> int:
    return query_cost(SCHEMA._schema, parse(document), variables, Settings().max_page_size)


@pytest.mark.parametrize(
    ("document", "variables", "cost"),
    [
        # a connection's fields are paid once per object of its page: 1 + 10 x (edges 1 + node 1 + label 1)
        ("{ entities(first: 10) { edges { node { label } } } }", None, 31),
        ("query Q($n: Int) { entities(first: $n) { edges { node { label } } } }", {"n": 5}, 16),
        ("{ entities { edges { node { label } } } }", None, 61),  # `first` left out: its default, 20
        ("{ entities(first: 1000) { totalCount } }", None, 101),  # over the page cap: priced at it (and refused)
        ('{ timeline(entity: "TikTok") { id } }', None, 21),  # a list without `first`: 20 objects
        ('{ nodes(ids: ["a", "b", "c"]) { id } }', None, 4),  # a list of ids: one object each
        ('{ entity(name: "TikTok") { label aliases } }', None, 3),  # a list of strings is one field
        ("{ ...Q } fragment Q on Query { entities(first: 2) { edges { node { iri } } } }", None, 7),
        (FAN_OUT, None, 842_301),
    ],
)
def test_an_operation_is_priced_by_the_objects_it_may_return(document: str, variables: dict | None, cost: int) -> None:
    assert price(document, variables) == cost


def _explorer_queries() -> dict[str, str]:
    """The explorer's queries as explorer.js sends them (EVENT_FIELDS filled in)."""
    script = (ROOT / "kg/service/static/explorer/explorer.js").read_text()
    fields = re.search(r"const EVENT_FIELDS = `(.*?)`;", script, re.S).group(1)
    found = re.findall(r"(\w+): `(query .*?)`,\n", script, re.S)
    return {name: text.replace("${EVENT_FIELDS}", fields) for name, text in found}


def test_every_example_and_explorer_question_is_far_under_the_limit() -> None:
    examples = {tab["query"].splitlines()[0][2:5]: price(tab["query"]) for tab in graphiql_examples()}
    explorer = {name: price(text) for name, text in _explorer_queries().items()}
    assert examples == {
        "Q1.": 6,
        "Q2.": 41,
        "Q3.": 331,
        "Q4.": 587,
        "Q5.": 2_941,
        "Q6.": 481,
        "Q7.": 901,
        "Q8.": 241,
        "As ": 901,
        "Lin": 1_691,
    }
    assert explorer == {"suggest": 49, "start": 802, "entity": 6, "timeline": 241, "platform": 8_203, "policy": 785}
    assert max(explorer.values()) * 6 < Settings().graphql_max_cost  # room for a client's own questions


def _errors(document: str, variables: dict | None = None) -> list[tuple[str, dict]]:
    result = asyncio.run(SCHEMA.execute(document, variable_values=variables))
    return [(e.message, e.extensions or {}) for e in result.errors or []]


def test_an_operation_over_the_limit_is_refused_before_it_runs_with_the_limit_named() -> None:
    # no context is given: had a resolver run, it would have failed on the missing store
    assert _errors(FAN_OUT) == [
        (
            "the query may return about 842,301 objects, over the limit of 50,000 (KG_GRAPHQL_MAX_COST): "
            "ask for smaller pages (first) or fewer nested lists",
            {"code": "QUERY_TOO_COSTLY", "cost": 842_301, "maxCost": 50_000},
        )
    ]


def test_a_variable_page_size_is_priced_by_its_value() -> None:
    document = "query Q($n: Int) { entities(first: $n) { edges { node { events { agent { events { type } } } } } } }"
    assert [code["code"] for _, code in _errors(document, {"n": 7})] == ["QUERY_TOO_COSTLY"]  # 58,962
    assert price(document, {"n": 5}) == 42_116  # under: it runs (and fails here only for want of a store)


def test_the_shape_limits_answer_first_with_their_own_words() -> None:
    """Depth, aliases and tokens are strawberry's own extensions; a document they refuse is not priced."""
    deep = '{ entity(name: "TikTok") { ' + "events { agent { " * 6 + "label" + " } }" * 6 + " } }"
    aliases = "{ " + " ".join(f"a{i}: entities(first: 100) {{ totalCount }}" for i in range(40)) + " }"
    tokens = "{ " + "__typename " * 3000 + "}"
    assert _errors(deep) == [("'anonymous' exceeds maximum operation depth of 10", {})]
    assert _errors(aliases) == [("40 aliases found. Allowed: 30", {})]
    assert _errors(tokens) == [("Syntax Error: Document contains more than 2000 tokens. Parsing aborted.", {})]


def test_the_live_server_refuses_the_fan_out_and_answers_the_explorer(server) -> None:
    refused = httpx.post(f"{server.url}/graphql", json={"query": FAN_OUT}, timeout=30)
    assert refused.status_code == 200
    assert [e["extensions"] for e in refused.json()["errors"]] == [
        {"code": "QUERY_TOO_COSTLY", "cost": 842_301, "maxCost": 50_000}
    ]
    platform = server.data(_explorer_queries()["platform"], {"platform": "TikTok"})
    # the same jurisdictions, in the same order, as the exposure question asked on its own
    alone = server.data('{ exposure(platform: "TikTok") { jurisdiction { label } riskLevel } }')["exposure"]
    assert [(x["jurisdiction"]["label"], x["riskLevel"]) for x in platform["exposure"]] == [
        (x["jurisdiction"]["label"], x["riskLevel"]) for x in alone
    ]
    assert platform["exposure"][0]["riskLevel"] == "SEVERE" and len(platform["exposure"]) == 4
