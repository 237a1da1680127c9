"""The exposure question over a graph whose every event is written here by hand (through the
real RDF mapping and a real store), so the answer can be pinned exactly: which jurisdictions
concern a platform, through itself, its owner, or its own shutdown, and never anyone else's."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.model import ArticleMeta, Entity, Event, Evidence, Extraction, Mention
from kg.queries import catalogue
from kg.rdf import to_quads
from kg.store import EmbeddedStore
from kg.vocab import graph_iri

E = "https://w3id.org/regrisk/id/entity/"
NAMES = {
    "tiktok": ("TikTok", "Platform"),
    "bytedance": ("ByteDance", "Company"),
    "telegram": ("Telegram", "Platform"),  # no owner in the gazetteer
    "bluesky": ("Bluesky", "Platform"),  # no owner, and no event against it
    "meta": ("Meta", "Company"),
    "united-states": ("United States", "Jurisdiction"),
    "india": ("India", "Jurisdiction"),
    "russia": ("Russia", "Jurisdiction"),
    "brazil": ("Brazil", "Jurisdiction"),
    "european-union": ("European Union", "Jurisdiction"),
    "vietnam": ("Vietnam", "Jurisdiction"),
}

# (article, type, role -> entity ids, jurisdiction)
EVENTS = [
    ("a1", "Ban", {"affected": ["tiktok"]}, "united-states"),
    ("a2", "Fine", {"affected": ["bytedance"]}, "india"),  # the owner: counts for TikTok
    ("a3", "Ban", {"affected": ["telegram"]}, "russia"),
    ("a4", "ServiceShutdown", {"agent": ["telegram"]}, "brazil"),  # its own shutdown counts
    ("a5", "Fine", {"affected": ["meta"]}, "european-union"),  # nobody's but Meta's
    ("a6", "UserMigration", {"origin": ["tiktok"], "destination": ["bluesky"]}, "vietnam"),  # not an action on it
]


def _extraction(article: str, etype: str, roles: dict[str, list[str]], place: str) -> Extraction:
    sentence = f"Sentence of {article}."
    used = [*{i for ids in roles.values() for i in ids}, place]
    entities = [Entity(E + i, NAMES[i][0], NAMES[i][1], mentions=[Mention(0, 8, NAMES[i][0])]) for i in used]
    event = Event(
        id=f"https://w3id.org/regrisk/id/event/{article}",
        type=etype,
        trigger="x",
        sentence=sentence,
        start=0,
        end=len(sentence),
        confidence=0.9,
        date="2024-05-01",
        roles={**{r: [E + i for i in ids] for r, ids in roles.items()}, "jurisdiction": [E + place]},
        evidence=[Evidence(sentence, 0, len(sentence), "x", 0.9)],
    )
    return Extraction(ArticleMeta(article, article, "2024-05-02"), entities, [event], extractor="hand")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    s = EmbeddedStore(Path(tmp_path_factory.mktemp("exposure")) / "kg")
    for row in EVENTS:
        ex = _extraction(*row)
        s.replace_article(graph_iri(ex.article.id), to_quads(ex))
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
