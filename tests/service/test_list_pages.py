"""`timelineConnection`, `Entity.eventsConnection` and `migrationsConnection` page by keyset
cursors (kg/service/event_lists.py) on a real server over the sample and dev articles: pages of
1, 2 and the rest put together are exactly the old whole-list field's answer, in its order; a
cursor of another list is refused with the fix in the message; a page over the maximum is
refused, not clamped."""

from __future__ import annotations

import base64

import pytest

PAGE = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { iri date } }"
TIMELINE = (
    "query ($entity: String!, $from: Date, $to: Date, $asOf: Date, $first: Int, $after: String) {"
    " timelineConnection(entity: $entity, from: $from, to: $to, asOf: $asOf, first: $first, after: $after) {"
    f" {PAGE} }} }}"
)
TIMELINE_LIST = (
    "query ($entity: String!, $from: Date, $to: Date, $asOf: Date) {"
    " timeline(entity: $entity, from: $from, to: $to, asOf: $asOf) { iri } }"
)
ENTITY = (
    "query ($entity: String!, $asOf: Date, $first: Int, $after: String) { entity(name: $entity) {"
    f" eventsConnection(asOf: $asOf, first: $first, after: $after) {{ {PAGE} }} }} }}"
)
ENTITY_LIST = "query ($entity: String!, $asOf: Date) { entity(name: $entity) { events(asOf: $asOf) { iri } } }"
MIGRATIONS = (
    "query ($from: String, $to: String, $asOf: Date, $first: Int, $after: String) {"
    f" migrationsConnection(from: $from, to: $to, asOf: $asOf, first: $first, after: $after) {{ {PAGE} }} }}"
)
MIGRATIONS_LIST = (
    "query ($from: String, $to: String, $asOf: Date) { migrations(from: $from, to: $to, asOf: $asOf) { iri } }"
)


def timeline_page(server, variables: dict) -> dict:
    return server.data(TIMELINE, variables)["timelineConnection"]


def entity_page(server, variables: dict) -> dict:
    return server.data(ENTITY, variables)["entity"]["eventsConnection"]


def migrations_page(server, variables: dict) -> dict:
    return server.data(MIGRATIONS, variables)["migrationsConnection"]


def whole_timeline(server, variables: dict) -> list[str]:
    return [e["iri"] for e in server.data(TIMELINE_LIST, variables)["timeline"]]


def whole_entity(server, variables: dict) -> list[str]:
    return [e["iri"] for e in server.data(ENTITY_LIST, variables)["entity"]["events"]]


def whole_migrations(server, variables: dict) -> list[str]:
    return [e["iri"] for e in server.data(MIGRATIONS_LIST, variables)["migrations"]]


CASES = [
    (timeline_page, whole_timeline, {"entity": "TikTok"}, 20),
    (timeline_page, whole_timeline, {"entity": "TikTok", "from": "2024-01-01", "to": "2025-02-01"}, 6),
    (timeline_page, whole_timeline, {"entity": "RedNote", "asOf": "2025-01-18"}, 3),
    (entity_page, whole_entity, {"entity": "TikTok"}, 20),
    (entity_page, whole_entity, {"entity": "TikTok", "asOf": "2025-01-18"}, 6),
    (migrations_page, whole_migrations, {}, 3),
    (migrations_page, whole_migrations, {"from": "TikTok"}, 2),
]


@pytest.mark.parametrize(("page", "whole", "variables", "least"), CASES)
def test_pages_of_one_two_and_the_rest_are_the_whole_list_in_its_order(
    server, page, whole, variables: dict, least: int
) -> None:
    everything = whole(server, variables)
    assert len(everything) >= max(least, 2)  # the third page starts after the second's last edge
    first = page(server, {**variables, "first": 1})
    second = page(server, {**variables, "first": 2, "after": first["pageInfo"]["endCursor"]})
    rest = page(server, {**variables, "first": 100, "after": second["pageInfo"]["endCursor"]})
    got = [e["node"]["iri"] for p in (first, second, rest) for e in p["edges"]]
    assert got == everything
    assert [p["totalCount"] for p in (first, second, rest)] == [len(everything)] * 3
    n = len(everything)
    assert [p["pageInfo"]["hasNextPage"] for p in (first, second, rest)] == [n > 1, n > 3, False]
    assert [p["pageInfo"]["hasPreviousPage"] for p in (first, second, rest)] == [False, True, True]
    # pages of 2 all the way, and each edge's own cursor continues from that edge
    iris, after = [], None
    while True:
        found = page(server, {**variables, "first": 2, "after": after})
        iris += [e["node"]["iri"] for e in found["edges"]]
        if not found["pageInfo"]["hasNextPage"]:
            break
        after = found["pageInfo"]["endCursor"]
    assert iris == everything
    if rest["edges"]:
        middle = page(server, {**variables, "first": 2, "after": rest["edges"][0]["cursor"]})
        assert [e["node"]["iri"] for e in middle["edges"]] == everything[4:6]


def test_an_entitys_events_and_its_timeline_are_one_list_with_one_kind_of_cursor(server) -> None:
    first = entity_page(server, {"entity": "TikTok", "first": 3})
    rest = timeline_page(server, {"entity": "TikTok", "first": 100, "after": first["pageInfo"]["endCursor"]})
    assert [e["node"]["iri"] for e in first["edges"] + rest["edges"]] == whole_timeline(server, {"entity": "TikTok"})


def test_a_name_that_names_nothing_is_an_empty_page(server) -> None:
    empty = timeline_page(server, {"entity": "nobody at all", "first": 5})
    assert empty == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None},
        "edges": [],
    }
    assert migrations_page(server, {"from": "nobody at all"})["totalCount"] == 0


def refusal(body: dict) -> str:
    assert not any((body["data"] or {}).values())  # no answer beside the error (a nested field nulls its parent)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    return error["message"]


def test_a_cursor_of_another_list_is_refused_with_the_fix_in_the_message(server) -> None:
    events = server.data("{ events(first: 2) { pageInfo { endCursor } } }")["events"]["pageInfo"]["endCursor"]
    moves = migrations_page(server, {"first": 1})["pageInfo"]["endCursor"]
    timeline = timeline_page(server, {"entity": "TikTok", "first": 1})["pageInfo"]["endCursor"]
    assert refusal(server.graphql(TIMELINE, {"entity": "TikTok", "first": 2, "after": events})) == (
        "'after' is a cursor of another list or sort order (events.newest), not of this one (timeline.oldest): "
        "ask for the first page again without 'after'"
    )
    assert refusal(server.graphql(ENTITY, {"entity": "TikTok", "after": moves})) == (
        "'after' is a cursor of another list or sort order (migrations.oldest), not of this one (timeline.oldest): "
        "ask for the first page again without 'after'"
    )
    assert refusal(server.graphql(MIGRATIONS, {"after": timeline})) == (
        "'after' is a cursor of another list or sort order (timeline.oldest), not of this one (migrations.oldest): "
        "ask for the first page again without 'after'"
    )
    refused = server.graphql("query ($a: String) { events(after: $a) { totalCount } }", {"a": timeline})
    assert refusal(refused).startswith("'after' is a cursor of another list or sort order (timeline.oldest)")


@pytest.mark.parametrize("first", [101, 0])
def test_a_page_over_the_maximum_or_empty_is_refused_not_clamped(server, first: int) -> None:
    message = "'first' must be between 1 and 100"
    assert refusal(server.graphql(TIMELINE, {"entity": "TikTok", "first": first})) == message
    assert refusal(server.graphql(ENTITY, {"entity": "TikTok", "first": first})) == message
    assert refusal(server.graphql(MIGRATIONS, {"first": first})) == message


REASONS = (
    "query ($platform: String!, $asOf: Date, $first: Int, $after: String) {"
    " exposure(platform: $platform, asOf: $asOf) { jurisdiction { label } score"
    " reasons { text points event { iri } evidence { sentence } }"
    " reasonsConnection(first: $first, after: $after) { totalCount"
    " pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
    " edges { cursor node { text points event { iri } evidence { sentence } } } } } }"
)


def reason_pages(server, variables: dict, sizes: list[int]) -> dict[str, list[dict]]:
    """Per jurisdiction, its reasons read in pages of these sizes (the last size repeated)."""
    out: dict[str, list[dict]] = {}
    first = server.data(REASONS, {**variables, "first": sizes[0]})["exposure"]
    for i, place in enumerate(first):
        page, got, n = place["reasonsConnection"], [], 1
        while True:
            got += [e["node"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            size = sizes[min(n, len(sizes) - 1)]
            n += 1
            after = page["pageInfo"]["endCursor"]
            page = server.data(REASONS, {**variables, "first": size, "after": after})["exposure"][i][
                "reasonsConnection"
            ]
        out[place["jurisdiction"]["label"]] = got
    return out


@pytest.mark.parametrize("variables", [{"platform": "TikTok"}])
def test_exposure_reasons_in_pages_of_one_two_and_the_rest_are_the_whole_list(server, variables: dict) -> None:
    whole = server.data(REASONS, {**variables, "first": 100})["exposure"]
    assert whole and max(len(p["reasons"]) for p in whole) >= 2
    everything = {p["jurisdiction"]["label"]: p["reasons"] for p in whole}
    for place in whole:
        assert place["reasonsConnection"]["totalCount"] == len(place["reasons"])
        assert [e["node"] for e in place["reasonsConnection"]["edges"]] == place["reasons"]
    assert reason_pages(server, variables, [1, 2, 100]) == everything
    assert reason_pages(server, variables, [2]) == everything


def test_a_cursor_of_another_list_is_refused_by_the_reasons(server) -> None:
    timeline = timeline_page(server, {"entity": "TikTok", "first": 1})["pageInfo"]["endCursor"]
    body = server.graphql(REASONS, {"platform": "TikTok", "after": timeline})
    assert {e["message"] for e in body["errors"]} == {
        "'after' is a cursor of another list or sort order (timeline.oldest), not of this one (exposure.reasons): "
        "ask for the first page again without 'after'"
    }
    assert {e["extensions"]["code"] for e in body["errors"]} == {"BAD_USER_INPUT"}
    over = server.graphql(REASONS, {"platform": "TikTok", "first": 101})
    assert {e["message"] for e in over["errors"]} == {"'first' must be between 1 and 100"}


IMPACT = (
    "query ($instrument: String!, $first: Int, $after: String, $later: String) {"
    " policyImpact(instrument: $instrument) { affected { iri } actions { iri }"
    " responses { iri } consequences { iri }"
    f" responsesConnection(first: $first, after: $after) {{ {PAGE} }}"
    f" consequencesConnection(first: $first, after: $later) {{ {PAGE} }} }} }}"
)


@pytest.mark.parametrize("instrument", ["Protecting Americans from Foreign Adversary Controlled Applications Act"])
def test_policy_impact_responses_and_consequences_in_pages_are_the_whole_lists(server, instrument: str) -> None:
    whole = server.data(IMPACT, {"instrument": instrument, "first": 100})["policyImpact"]
    for part in ("responses", "consequences"):
        everything = [e["iri"] for e in whole[part]]
        assert len(everything) >= (6 if part == "responses" else 1), part  # the sample has one consequence
        connection = f"{part}Connection"
        after_key = "after" if part == "responses" else "later"

        def page(size: int, after: str | None, connection: str = connection, after_key: str = after_key) -> dict:
            return server.data(IMPACT, {"instrument": instrument, "first": size, after_key: after})["policyImpact"][
                connection
            ]

        got, after, pages = [], None, []
        for size in (1, 2, 100):  # pages of 1, 2 and the rest, as far as the list goes
            pages.append(page(size, after))
            got += [e["node"]["iri"] for e in pages[-1]["edges"]]
            if not pages[-1]["pageInfo"]["hasNextPage"]:
                break
            after = pages[-1]["pageInfo"]["endCursor"]
        assert got == everything
        assert {p["totalCount"] for p in pages} == {len(everything)}
        assert pages[-1]["pageInfo"]["hasNextPage"] is False and pages[0]["pageInfo"]["hasPreviousPage"] is False
    moves = migrations_page(server, {"first": 1})["pageInfo"]["endCursor"]
    body = server.graphql(IMPACT, {"instrument": instrument, "after": moves})
    assert [e["message"] for e in body["errors"]] == [
        "'after' is a cursor of another list or sort order (migrations.oldest), not of this one "
        "(policyImpact.responses): ask for the first page again without 'after'"
    ]
    over = server.graphql(IMPACT, {"instrument": instrument, "first": 101})
    assert {e["message"] for e in over["errors"]} == {"'first' must be between 1 and 100"}


PLACES = (
    "query ($platform: String!, $first: Int, $after: String) {"
    " exposureConnection(platform: $platform, first: $first, after: $after) { totalCount"
    " pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
    " edges { cursor node { jurisdiction { iri } score riskLevel reasons { text } } } } }"
)


def test_exposure_jurisdictions_in_pages_of_one_two_and_the_rest_are_the_whole_list(server) -> None:
    whole = server.data('{ exposure(platform: "TikTok") { jurisdiction { iri } score riskLevel reasons { text } } }')[
        "exposure"
    ]
    assert len(whole) >= 4
    got, after, pages = [], None, []
    for size in (1, 2, 100):
        pages.append(server.data(PLACES, {"platform": "TikTok", "first": size, "after": after})["exposureConnection"])
        got += [e["node"] for e in pages[-1]["edges"]]
        after = pages[-1]["pageInfo"]["endCursor"]
    assert got == whole
    assert [p["totalCount"] for p in pages] == [len(whole)] * 3
    assert [p["pageInfo"]["hasNextPage"] for p in pages] == [True, True, False]
    events = server.data("{ events(first: 1) { pageInfo { endCursor } } }")["events"]["pageInfo"]["endCursor"]
    assert refusal(server.graphql(PLACES, {"platform": "TikTok", "after": events})) == (
        "'after' is a cursor of another list or sort order (events.newest), not of this one "
        "(exposure.jurisdictions): ask for the first page again without 'after'"
    )
    assert refusal(server.graphql(PLACES, {"platform": "TikTok", "first": 101})) == "'first' must be between 1 and 100"


def decoded(cursor: str) -> str:
    return base64.b64decode(cursor).decode()


def test_a_policy_impact_page_and_its_cursor_are_the_keyset_of_its_last_response(server) -> None:
    """The first two responses to PAFACA (oldest first, undated first, then by IRI), and the
    cursor of each: its list, then the response's earliest day, its real-world event and its
    place; the page after the second cursor starts at the third response, and the four are
    the first four of the whole list."""
    query = (
        'query ($after: String) { policyImpact(instrument: "PAFACA") { responses { instance }'
        " responsesConnection(first: 2, after: $after) { pageInfo { hasNextPage hasPreviousPage endCursor }"
        " edges { cursor node { instance date } } } } }"
    )
    found = server.data(query)["policyImpact"]
    first = found["responsesConnection"]
    event = "https://w3id.org/regrisk/id/event-instance/"
    assert [(e["node"]["instance"], e["node"]["date"]) for e in first["edges"]] == [
        (f"{event}32d2912e7faffadfb04b", "2024-04-25"),
        (f"{event}749ee718166aaf71cf02", "2024-12-13"),
    ]
    assert [decoded(e["cursor"]) for e in first["edges"]] == [
        f'policyImpact.responses:["2024-04-25","{event}32d2912e7faffadfb04b",0]',
        f'policyImpact.responses:["2024-12-13","{event}749ee718166aaf71cf02",1]',
    ]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    second = server.data(query, {"after": first["pageInfo"]["endCursor"]})["policyImpact"]["responsesConnection"]
    assert [decoded(e["cursor"]) for e in second["edges"]] == [
        f'policyImpact.responses:["2025-01-18","{event}351f7950c92e44a210b3",2]',
        f'policyImpact.responses:["2025-01-18","{event}4c5d2acfeee0d2573057",3]',
    ]
    assert second["pageInfo"]["hasPreviousPage"] is True
    shown = [e["node"]["instance"] for page in (first, second) for e in page["edges"]]
    assert shown == [e["instance"] for e in found["responses"][:4]]


def test_a_policy_impact_page_counts_its_list_when_a_fragment_asks_for_totalcount(server) -> None:
    """totalCount is worked out only when selected, and a fragment's selection counts."""
    query = (
        'query { policyImpact(instrument: "PAFACA") { responses { iri }'
        " responsesConnection(first: 1) { ...counted } consequencesConnection(first: 1) { edges { cursor } } } }"
        " fragment counted on EventConnection { totalCount }"
    )
    found = server.data(query)["policyImpact"]
    assert found["responsesConnection"] == {"totalCount": len(found["responses"])}
    assert len(found["responses"]) == 6


EVIDENCE = "sentence start end confidence article { iri title published url }"
REASONS_SHOWN = (
    '{ exposureConnection(platform: "TikTok", first: 20) { edges { node { jurisdiction { label }'
    " reasonsConnection(first: 20) { edges { node { text FIELD } } } } } } }"
)


def test_a_reasons_evidence_asked_alone_is_the_evidence_of_its_event(server) -> None:
    """`evidence` without `event` reads the evidence alone (kg/act_evidence.py), not the event's
    every detail: the same sentence, offsets, confidence and article either way."""

    def reasons(field: str) -> list[tuple[str, str, dict]]:
        data = server.data(REASONS_SHOWN.replace("FIELD", field))["exposureConnection"]["edges"]
        return [
            (place["node"]["jurisdiction"]["label"], r["node"]["text"], r["node"])
            for place in data
            for r in place["node"]["reasonsConnection"]["edges"]
        ]

    alone = reasons(f"evidence {{ {EVIDENCE} }}")
    whole = reasons(f"event {{ evidence {{ {EVIDENCE} }} }}")
    assert len(alone) == 20  # every reason of TikTok's jurisdictions in the sample and dev articles
    assert [(p, t, n["evidence"]) for p, t, n in alone] == [(p, t, n["event"]["evidence"]) for p, t, n in whole]


UNCOUNTED = "pageInfo { hasNextPage } edges { node { iri } }"  # no totalCount: none is made
EVENTS = "query ($first: Int, $after: String) { events(first: $first, after: $after) { %s } }"


@pytest.mark.parametrize(("page", "whole", "variables", "least"), CASES)
def test_without_totalcount_a_page_still_says_whether_another_follows_to_the_last_edge(
    server, page, whole, variables: dict, least: int
) -> None:
    everything = whole(server, variables)
    query = {timeline_page: TIMELINE, entity_page: ENTITY, migrations_page: MIGRATIONS}[page].replace(PAGE, UNCOUNTED)
    pick = {timeline_page: ["timelineConnection"], entity_page: ["entity", "eventsConnection"]}
    path = pick.get(page, ["migrationsConnection"])

    def found(first: int) -> dict:
        out = server.data(query, {**variables, "first": first})
        for key in path:
            out = out[key]
        return out

    exactly, one_short = found(len(everything)), found(len(everything) - 1)
    assert [e["node"]["iri"] for e in exactly["edges"]] == everything
    assert exactly["pageInfo"]["hasNextPage"] is False  # the page holds the last event: nothing follows
    assert one_short["pageInfo"]["hasNextPage"] is True


def test_every_event_in_pages_without_totalcount_is_every_event_once(server) -> None:
    whole = server.data(EVENTS % "totalCount edges { node { iri } }", {"first": 100})["events"]
    everything = [e["node"]["iri"] for e in whole["edges"]]
    assert len(everything) == whole["totalCount"] >= 5
    iris, after, more = [], None, True
    while more:
        found = server.data(
            EVENTS % "pageInfo { hasNextPage endCursor } edges { node { iri } }", {"first": 2, "after": after}
        )
        iris += [e["node"]["iri"] for e in found["events"]["edges"]]
        more, after = found["events"]["pageInfo"]["hasNextPage"], found["events"]["pageInfo"]["endCursor"]
    assert iris == everything
