"""`events` pages by keyset cursors (kg/service/connections.py) on a real server over the
sample and dev articles: pages put together are the whole ordered list, exactly; a cursor of
another list or order is refused with a clear error; a page over the maximum is refused."""

from __future__ import annotations

import pytest

EVENTS = """query ($first: Int, $after: String, $filter: EventFilter, $asOf: Date) {
  events(first: $first, after: $after, filter: $filter, asOf: $asOf) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { iri date } }
  }
}"""


def pages(server, size: int, **variables) -> tuple[list[str], list[dict], int]:
    """Every page of `size`, following endCursor: the IRIs in order, each pageInfo, the total."""
    iris, infos, after = [], [], None
    while True:
        found = server.data(EVENTS, {"first": size, "after": after, **variables})["events"]
        iris += [e["node"]["iri"] for e in found["edges"]]
        infos.append(found["pageInfo"])
        if not found["pageInfo"]["hasNextPage"]:
            return iris, infos, found["totalCount"]
        after = found["pageInfo"]["endCursor"]


@pytest.mark.parametrize(
    "variables",
    [
        {},
        {"filter": {"affected": "TikTok"}},
        {"filter": {"type": "RegulatoryAction"}, "asOf": "2025-01-18"},
    ],
)
def test_pages_put_together_are_the_whole_ordered_list_exactly(server, variables: dict) -> None:
    whole = server.data(EVENTS, {"first": 100, **variables})["events"]
    everything = [e["node"]["iri"] for e in whole["edges"]]
    assert whole["totalCount"] == len(everything) > 6  # fits one page of 100
    assert not whole["pageInfo"]["hasNextPage"]
    for size in (1, 4, 5):
        iris, infos, total = pages(server, size, **variables)
        assert iris == everything
        assert total == len(everything)
        assert [i["hasPreviousPage"] for i in infos] == [False] + [True] * (len(infos) - 1)
        assert len(infos) == -(-len(everything) // size)


def test_the_second_page_starts_right_after_the_first(server) -> None:
    first = server.data(EVENTS, {"first": 3})["events"]
    second = server.data(EVENTS, {"first": 3, "after": first["pageInfo"]["endCursor"]})["events"]
    both = server.data(EVENTS, {"first": 6})["events"]
    assert [e["node"]["iri"] for e in first["edges"] + second["edges"]] == [e["node"]["iri"] for e in both["edges"]]
    # each edge's cursor continues from that edge
    middle = server.data(EVENTS, {"first": 4, "after": first["edges"][1]["cursor"]})["events"]
    assert [e["node"]["iri"] for e in middle["edges"]] == [e["node"]["iri"] for e in both["edges"][2:6]]


def test_a_cursor_of_another_list_or_order_is_refused_with_the_fix_in_the_message(server) -> None:
    articles = server.data("{ articles(first: 2) { pageInfo { endCursor } } }")["articles"]
    body = server.graphql(EVENTS, {"first": 2, "after": articles["pageInfo"]["endCursor"]})
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == (
        "'after' is a cursor of another list or sort order (articles.newest), not of this one (events.newest): "
        "ask for the first page again without 'after'"
    )
    events = server.data(EVENTS, {"first": 2})["events"]
    refused = server.graphql(
        "query ($a: String) { articles(first: 2, after: $a) { totalCount } }", {"a": events["pageInfo"]["endCursor"]}
    )
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    garbage = server.graphql(EVENTS, {"first": 2, "after": "bm90IGEgY3Vyc29y"})  # "not a cursor"
    assert garbage["errors"][0]["message"].startswith("'after' is a cursor of another list or sort order")


def test_a_page_over_the_maximum_is_refused_not_clamped(server) -> None:
    body = server.graphql(EVENTS, {"first": 101})
    assert [e["message"] for e in body["errors"]] == ["'first' must be between 1 and 100"]
    assert len(server.data(EVENTS, {"first": 100})["events"]["edges"]) <= 100
