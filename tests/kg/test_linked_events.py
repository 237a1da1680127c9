"""What the links say of some real-world events (kg/linked_events.py), as the GraphQL event
fields read them: both directions of each link, linked events oldest first, the in-force
interval, and "as of" a day, nothing told only by a later report."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.linked_events import linked
from kg.store import EmbeddedStore
from tests.kg.handmade import Report, write


def instance_of(store: EmbeddedStore, article: str) -> str:
    [row] = store.select(
        "SELECT ?i WHERE { GRAPH <https://w3id.org/regrisk/id/graph/instances> { ?i "
        f"<https://w3id.org/regrisk/ontology#mention> <https://w3id.org/regrisk/id/event/{article}/0> }} }}"
    )
    return str(row["i"])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    store = EmbeddedStore(Path(tmp_path_factory.mktemp("linked")) / "kg")
    write(
        store,
        # a ban reported at once, lifted five weeks later and reported the day after
        Report(
            "ban", "Ban", {"affected": ["x"], "agent": ["anatel"]}, "brazil", date="2024-08-30", published="2024-08-30"
        ),
        Report("lift", "BanLifted", {"affected": ["x"]}, "brazil", date="2024-10-08", published="2024-10-09"),
        # a law, challenged, and the ruling on the challenge that upholds the law
        Report("law", "LegislationEnacted", {"instrument": ["pafaca"]}, "united-states", date="2024-04-24"),
        Report(
            "suit",
            "LegalChallenge",
            {"instrument": ["pafaca"], "agent": ["tiktok"]},
            "united-states",
            date="2024-05-07",
        ),
        Report(
            "ruling",
            "CourtRuling",
            {"instrument": ["pafaca"], "agent": ["supreme-court"]},
            "united-states",
            date="2025-01-17",
            published="2025-01-17",
            outcome="upheld",
        ),
    )
    yield store
    store.close()


def summary(store: EmbeddedStore, as_of: str | None = None) -> dict[str, tuple]:
    """Each article's event: its links as (field, linked events' types) and its interval."""
    instances = {instance_of(store, a): a for a in ("ban", "lift", "law", "suit", "ruling")}
    found = linked(store, list(instances), as_of)
    return {
        article: (
            sorted((name, tuple(r.row["type"] for r in records)) for name, records in found[iri].events.items())
            if iri in found
            else [],
            (found[iri].in_force_from, found[iri].in_force_until) if iri in found else (None, None),
        )
        for iri, article in instances.items()
    }


def test_each_link_is_read_from_both_ends_with_the_interval(store) -> None:
    assert summary(store) == {
        "ban": ([("endedBy", ("BanLifted",))], ("2024-08-30", "2024-10-08")),
        "lift": ([("ends", ("Ban",))], (None, None)),
        # upheld: the ruling decides the challenge but ends nothing, so the law stays in force
        "law": ([("challengedBy", ("LegalChallenge",))], ("2024-04-24", None)),
        "suit": ([("challenges", ("LegislationEnacted",)), ("decidedBy", ("CourtRuling",))], (None, None)),
        "ruling": ([("decides", ("LegalChallenge",))], (None, None)),
    }


def test_as_of_a_day_a_link_told_only_later_is_not_known(store) -> None:
    # on 2024-09-01 the lifting was five weeks off: the ban stood, with no end known
    assert summary(store, "2024-09-01")["ban"] == ([], ("2024-08-30", None))
    # the day it was reported, it ends the ban
    assert summary(store, "2024-10-09")["ban"] == ([("endedBy", ("BanLifted",))], ("2024-08-30", "2024-10-08"))
    # the ruling reported in 2025 decides nothing as of 2024
    assert summary(store, "2024-12-31")["suit"] == ([("challenges", ("LegislationEnacted",))], (None, None))


def test_a_linked_event_carries_the_real_world_event_and_its_date(store) -> None:
    ban = instance_of(store, "ban")
    [lifting] = linked(store, [ban])[ban].events["endedBy"]
    assert (lifting.instance, lifting.date, lifting.roles["affected"]) == (
        instance_of(store, "lift"),
        "2024-10-08",
        ["https://w3id.org/regrisk/id/entity/x"],
    )
    assert linked(store, []) == {}
