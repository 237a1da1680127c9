"""The exposure question over a graph whose every event is written here by hand (through the
real RDF mapping and a real store), so the answer can be pinned exactly: which jurisdictions
concern a platform, through itself, its owner, or its own shutdown, and never anyone else's."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.queries import catalogue
from kg.store import EmbeddedStore
from tests.kg.handmade import Report, write

# (article, type, role -> entity ids, jurisdiction)
EVENTS = [
    Report("a1", "Ban", {"affected": ["tiktok"]}, "united-states"),
    Report("a2", "Fine", {"affected": ["bytedance"]}, "india"),  # the owner: counts for TikTok
    Report("a3", "Ban", {"affected": ["telegram"]}, "russia"),
    Report("a4", "ServiceShutdown", {"agent": ["telegram"]}, "brazil"),  # its own shutdown counts
    Report("a5", "Fine", {"affected": ["meta"]}, "european-union"),  # nobody's but Meta's
    Report("a6", "UserMigration", {"origin": ["tiktok"], "destination": ["bluesky"]}, "vietnam"),  # not an action on it
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    s = EmbeddedStore(Path(tmp_path_factory.mktemp("exposure")) / "kg")
    write(s, *EVENTS)
    yield s
    s.close()


@pytest.mark.parametrize(
    ("platform", "places"),
    [
        ("TikTok", {"United States", "India"}),  # its own ban, and its owner's fine
        ("Telegram", {"Russia", "Brazil"}),  # no owner: only what concerns Telegram itself
        ("Bluesky", set()),  # no owner, no action against it: nothing at all
        ("ByteDance", {"India"}),
    ],
)
def test_exposure_is_exactly_the_places_whose_actions_concern_the_platform(store, platform, places) -> None:
    rows = catalogue()["exposure"].run(store, {"platform": platform})
    assert {r["jurisdictionLabel"] for r in rows} == places
