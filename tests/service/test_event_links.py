"""The links between real-world events over GraphQL, from a real `kg serve` over the bundled
sample articles: every link the samples give, read from both of its ends, and the in-force
intervals of their bans and laws."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import serving

FIELDS = ("ends", "endedBy", "decides", "decidedBy", "challenges", "challengedBy", "enforces", "enforcedBy")
INVERSE = {"ends": "endedBy", "decides": "decidedBy", "challenges": "challengedBy", "enforces": "enforcedBy"}
EVENT = "type date jurisdiction { label }"
QUERY = (
    "{ events(first: 100) { totalCount edges { node { "
    + EVENT
    + " inForceFrom inForceUntil "
    + " ".join(f"{f} {{ {EVENT} }}" for f in FIELDS)
    + " } } } }"
)


@pytest.fixture(scope="module")
def events(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[dict]]:
    store = tmp_path_factory.mktemp("links") / "kg"
    shutil.copytree(sample_store, store)
    # the whole sample on one page, each event with eight nested lists: priced past the default limit
    with serving(store, {"KG_GRAPHQL_MAX_COST": "1000000"}, store.parent) as url:
        body = httpx.post(f"{url}/graphql", json={"query": QUERY}, timeout=60).json()
    assert "errors" not in body, body["errors"]
    page = body["data"]["events"]
    assert page["totalCount"] == len(page["edges"])  # every event on the one page
    yield [e["node"] for e in page["edges"]]


def said(event: dict) -> str:
    """An event as 'Type place date'."""
    return " ".join([event["type"], *(j["label"] for j in event["jurisdiction"]), event["date"] or "undated"])


def test_every_link_of_the_samples(events) -> None:
    links = {(said(e), field, said(other)) for e in events for field in INVERSE for other in e[field]}
    assert links == {
        # Brazil's Supreme Federal Court lifted the suspension of X (brazil-x-suspended.txt)
        ("BanLifted Brazil 2024-10-08", "ends", "Ban Brazil 2024-08-30"),
        # TikTok went dark on the 18th and came back the next day (tiktok-goes-dark.txt)
        ("ServiceRestored United States 2025-01-19", "ends", "ServiceShutdown United States 2025-01-18"),
        # a federal judge blocked Montana's ban (montana-ban-blocked.txt): it ends the law as
        # passed and as signed, and decides TikTok's challenge of it
        ("CourtRuling Montana 2023-11-30", "ends", "LegislationEnacted Montana 2023-04"),
        ("CourtRuling Montana 2023-11-30", "ends", "LegislationEnacted Montana 2023-05"),
        ("CourtRuling Montana 2023-11-30", "decides", "LegalChallenge Montana 2023-05"),
        ("LegalChallenge Montana 2023-05", "challenges", "LegislationEnacted Montana 2023-05"),
    }


def test_each_link_reads_the_same_from_its_other_end(events) -> None:
    forward = {(said(e), field, said(other)) for e in events for field in INVERSE for other in e[field]}
    backward = {
        (said(other), field, said(e)) for e in events for field, inverse in INVERSE.items() for other in e[inverse]
    }
    assert backward == forward


def test_in_force_intervals_of_the_samples(events) -> None:
    intervals = {(said(e), e["inForceFrom"], e["inForceUntil"]) for e in events if e["inForceFrom"]}
    assert intervals == {
        ("Ban Brazil 2024-08-30", "2024-08-30", "2024-10-08"),  # until the lifting
        ("Ban Indonesia 2024-10-07", "2024-10-07", None),  # nothing ended it
        ("LegislationEnacted Montana 2023-04", "2023-04-01", "2023-11-30"),  # a month: from its first day
        ("LegislationEnacted Montana 2023-05", "2023-05-01", "2023-11-30"),
        ("LegislationEnacted United Kingdom 2023", "2023-01-01", None),
        ("RegulationIssued United Kingdom 2025-01-16", "2025-01-16", None),
        ("RegulationIssued China 2016", "2016-01-01", None),
        ("ExecutiveOrder United States 2025-01-20", "2025-01-20", None),
        ("ExecutiveOrder United States 2025-09-25", "2025-09-25", None),
    }
    # only bans, laws, regulations and orders have one
    assert {e["type"] for e in events if e["inForceFrom"]} == {
        "Ban",
        "LegislationEnacted",
        "RegulationIssued",
        "ExecutiveOrder",
    }
