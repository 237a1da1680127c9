"""The answers (kg/answers.py, and GraphQL over them) on a store whose every report is written
by hand: each real-world event counted once however many articles report it, and "as of" a
day answering with only what had been reported by then."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kg import answers, exposure_answers
from kg.service.app import create_app
from kg.settings import Settings
from kg.store import EmbeddedStore
from tests.conftest import run_kg
from tests.kg.handmade import Report, write

warnings.filterwarnings("ignore", category=DeprecationWarning)

US_BAN = [  # ten articles, one ban: published on ten successive days
    Report(f"b{n}", "Ban", {"affected": ["tiktok"]}, "united-states", date="2025-01-19", published=f"2025-01-{19 + n}")
    for n in range(10)
]
REPORTS = [
    *US_BAN,
    Report("r1", "ServiceRestored", {"agent": ["tiktok"]}, "united-states", date="2025-01-20", published="2025-01-21"),
    Report(
        "f1",
        "Fine",
        {"affected": ["bytedance"]},
        "european-union",
        date="2024-09-02",
        published="2024-09-03",
        amount=(345e6, "EUR"),
    ),
    Report(
        "f2",
        "Fine",
        {"affected": ["bytedance"]},
        "european-union",
        date="2024-09",
        published="2024-09-04",
        amount=(354e6, "EUR"),
    ),
    Report("t1", "Ban", {"affected": ["telegram"]}, "russia", date="2018-04-16", published="2018-04-17"),
    # threatened, not done: kept, but no answer takes it for a ban
    Report(
        "w1",
        "Ban",
        {"affected": ["bluesky"]},
        "brazil",
        date="2025-02-01",
        published="2025-02-01",
        factuality="threatened",
    ),
]


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = Path(tmp_path_factory.mktemp("answers")) / "kg"
    store = EmbeddedStore(where)
    write(store, *REPORTS)
    store.close()
    return where


@pytest.fixture(scope="module")
def client(path: Path):
    """One app for the module: the app holds the store until the process lets it go."""
    with TestClient(create_app(Settings(store=str(path)))) as c:
        yield c


@pytest.fixture(scope="module")
def store(path: Path, client):
    s = EmbeddedStore(path, read_only=True)
    yield s
    s.close()


def places(found: list[exposure_answers.ExposureAnswer]) -> dict[str, tuple[str, float, str, list[str]]]:
    return {p.jurisdiction.label: (p.level, p.score, p.status, [e.row["type"] for e in p.events]) for p in found}


def test_ten_articles_about_one_ban_count_once_and_the_owners_fine_once(store) -> None:
    # reference day: the newest act, 2025-01-20; the ban a day older, the fine 140 days
    ban = 60 * 0.5 ** (1 / 730)
    assert places(exposure_answers.exposure(store, "TikTok")) == {
        "United States": ("MEDIUM", round(ban - 20, 1), "service restored", ["Ban", "ServiceRestored"]),
        "European Union": ("MEDIUM", round(25 * 0.5 ** (140 / 730), 1), "fined", ["Fine"]),
    }


def test_as_of_a_day_only_what_was_reported_by_then_counts_and_risk_decays_to_that_day(store) -> None:
    # on 2025-01-19 the restoration (reported on the 21st) is not known yet
    assert places(exposure_answers.exposure(store, "TikTok", date(2025, 1, 19))) == {
        "United States": ("HIGH", 60.0, "banned", ["Ban"]),
        "European Union": ("MEDIUM", round(25 * 0.5 ** (139 / 730), 1), "fined", ["Fine"]),
    }
    assert places(exposure_answers.exposure(store, "TikTok", date(2024, 12, 31))) == {
        "European Union": ("MEDIUM", round(25 * 0.5 ** (120 / 730), 1), "fined", ["Fine"])
    }
    assert exposure_answers.exposure(store, "TikTok", date(2024, 9, 2)) == []  # the day of the fine, before any report


def test_a_platform_with_no_owner_is_exposed_only_where_it_is_acted_on(store) -> None:
    [russia] = exposure_answers.exposure(store, "Telegram")
    assert places([russia]) == {"Russia": ("HIGH", 60.0, "banned", ["Ban"])}
    # no article named who banned it: the reason says so instead of leaving a blank
    assert [r.text for r in russia.reasons] == ["an unnamed party banned or blocked Telegram (2018-04-16)"]


def test_a_threatened_ban_is_kept_with_its_factuality_and_counts_nowhere(store, client) -> None:
    assert exposure_answers.exposure(store, "Bluesky") == [] and answers.timeline(store, "Bluesky") == []
    rows = store.select(
        "SELECT ?t ?f WHERE { GRAPH ?g { ?e a <https://w3id.org/regrisk/ontology#UnassertedEvent> ; "
        "<https://w3id.org/regrisk/ontology#eventType> ?t ; <https://w3id.org/regrisk/ontology#factuality> ?f } }"
    )
    assert [(r["t"].rsplit("#", 1)[-1], r["f"]) for r in rows] == [("Ban", "threatened")]
    query = '{ article(id: "w1") { eventCount events(unasserted: %s) { type factuality } } }'
    hidden = client.post("/graphql", json={"query": query % "false"}).json()["data"]["article"]
    shown = client.post("/graphql", json={"query": query % "true"}).json()["data"]["article"]
    assert hidden == {"eventCount": 0, "events": []}
    assert shown["events"] == [{"type": "Ban", "factuality": "threatened"}]


def test_a_timeline_lists_each_act_once_in_date_order(store) -> None:
    assert [(e.row["type"], e.date) for e in answers.timeline(store, "TikTok")] == [
        ("Ban", "2025-01-19"),
        ("ServiceRestored", "2025-01-20"),
    ]
    assert [e.date for e in answers.timeline(store, "ByteDance")] == ["2024-09-02"]  # a day and a month: one fine


def test_reports_are_counted_as_of_a_day(store) -> None:
    ban = answers.timeline(store, "TikTok")[0].instance
    assert len(answers.reports(store, [ban])[ban]) == 10
    assert [r.published for r in answers.reports(store, [ban], "2025-01-21")[ban]] == [
        "2025-01-19",
        "2025-01-20",
        "2025-01-21",
    ]


QUERY = """query($asOf: Date) {
  events(filter: {type: "Ban"}, asOf: $asOf) { totalCount edges { node { type date reports instance
    sources { article { iri } } affected { label } } } }
  exposure(platform: "ByteDance", asOf: $asOf) { jurisdiction { label } events { reports date } }
}"""


def test_graphql_answers_with_real_world_events_their_reports_and_as_of(client) -> None:
    now = client.post("/graphql", json={"query": QUERY}).json()["data"]
    then = client.post("/graphql", json={"query": QUERY, "variables": {"asOf": "2025-01-20"}}).json()["data"]
    bans = {e["node"]["affected"][0]["label"]: e["node"] for e in now["events"]["edges"]}
    assert now["events"]["totalCount"] == 2 and set(bans) == {"TikTok", "Telegram"}
    assert bans["TikTok"]["reports"] == 10
    sources = sorted(s["article"]["iri"].rsplit("/", 1)[1] for s in bans["TikTok"]["sources"])
    assert sources == [f"b{n}" for n in range(10)]
    tiktok_then = next(e["node"] for e in then["events"]["edges"] if e["node"]["affected"][0]["label"] == "TikTok")
    assert tiktok_then["reports"] == 2 and tiktok_then["instance"] == bans["TikTok"]["instance"]
    # two articles, one with the day and one with the month: one fine, reported twice, dated by the day
    assert now["exposure"] == [
        {"jurisdiction": {"label": "European Union"}, "events": [{"reports": 2, "date": "2024-09-02"}]}
    ]


def test_kg_ask_answers_with_risk_levels_and_kg_reindex_rebuilds_the_same(client, tmp_path: Path) -> None:
    import json

    copy = tmp_path / "kg"
    # a checkpoint from the store the module's app holds open: a file copy raced RocksDB's
    # compaction there, which deletes .sst files mid-copy
    held = client.app.state.store._store
    held.flush()
    held.backup(str(copy))
    asked = run_kg("ask", "exposure", "TikTok", "--as-of", "2025-01-19", "--store", str(copy), "--format", "json")
    assert asked.returncode == 0, asked.stderr
    assert [
        (p["jurisdiction"], p["riskLevel"], [r["reports"] for r in p["reasons"]]) for p in json.loads(asked.stdout)
    ] == [
        ("United States", "HIGH", [1]),
        ("European Union", "MEDIUM", [2]),
    ]
    before = run_kg("export", "--store", str(copy), "--format", "nquads").stdout
    assert run_kg("reindex", "--store", str(copy)).returncode == 0
    assert sorted(run_kg("export", "--store", str(copy), "--format", "nquads").stdout.splitlines()) == sorted(
        before.splitlines()
    )
    bad = run_kg("ask", "exposure", "TikTok", "--as-of", "yesterday", "--store", str(copy))
    assert bad.returncode == 2 and "--as-of must be a day" in bad.stderr
