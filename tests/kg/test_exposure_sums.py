"""Exposure's sums (kg/exposure_sums.py): a page of a platform's exposure ranks its
jurisdictions from a few rows per jurisdiction and reads the acts of the page's jurisdictions
alone, with exactly the answer of scoring every act; the sums move with every write and back
with every removal, a rebuild gives the same rows, `kg validate` names a sum that disagrees,
and sums computed with other risk rules are not used. Hand-made and random articles in real
stores on disk."""

from __future__ import annotations

import asyncio
import base64
import random
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from kg import exposure_answers, exposure_sums, question_rows
from kg.read_model import path_for
from kg.store import EmbeddedStore
from kg.vocab import graph_iri
from tests.conftest import read_model_complaints, run_kg
from tests.kg.handmade import E, Report, write
from tests.kg.test_exposure_pages import REPORTS, WHOLE, answer


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path / "kg")
    write(opened, *REPORTS)
    yield opened
    opened.close()


def by_acts(monkeypatch: pytest.MonkeyPatch, store: EmbeddedStore, *args: object) -> tuple:
    """The same page with every act read and every jurisdiction scored (the path `as_of` takes)."""
    with monkeypatch.context() as patched:
        patched.setattr(exposure_answers, "_ranked_by_sums", lambda *a: None)
        return exposure_answers.exposure_page(store, *args)


def tables(path: Path) -> tuple[list, list]:
    with sqlite3.connect(path_for(path)) as conn:
        return (
            list(conn.execute("SELECT * FROM exposure_act ORDER BY role, entity, jurisdiction, instance")),
            list(conn.execute("SELECT * FROM exposure_sum ORDER BY keys, jurisdiction, era")),
        )


def test_a_page_is_ranked_from_the_sums_and_reads_the_acts_of_its_own_jurisdictions(store, monkeypatch) -> None:
    asked: list[list[str]] = []
    acts_in = exposure_sums.acts_in
    monkeypatch.setattr(
        exposure_sums, "acts_in", lambda conn, keys, places: asked.append(places) or acts_in(conn, keys, places)
    )
    named: list[list[str]] = []
    labels_of = question_rows.labels_of
    monkeypatch.setattr(question_rows, "labels_of", lambda s, places: named.append(places) or labels_of(s, places))
    (brazil,), total = exposure_answers.exposure_page(store, "TikTok", None, 2, 1)
    assert (answer([brazil]), total) == (WHOLE[2:3], 5)
    # no jurisdiction's rounding was in doubt, so only Brazil's acts were read (to word its reasons)
    assert asked == [[], [E + "brazil"]]
    # and no other score ties Brazil's, so only its name was read to order the page
    assert named == [[E + "brazil"]]
    expected = by_acts(monkeypatch, store, "TikTok", None, 0, None)
    assert exposure_answers.exposure_page(store, "TikTok", None, 0, None) == expected


def test_an_exposure_page_and_its_cursor_in_graphql(store: EmbeddedStore) -> None:
    """The first two jurisdictions, the cursor of each (its list, no sort key: the ranking is
    computed, so a cursor carries the position), and the page after the second cursor."""
    from kg.service.graphql_view import build_schema
    from kg.service.loaders import loaders
    from kg.settings import Settings

    settings = Settings(store=str(Path(store.location)))
    schema = build_schema(settings)
    query = (
        'query ($after: String) { exposureConnection(platform: "TikTok", first: 2, after: $after) { totalCount'
        " pageInfo { hasNextPage endCursor } edges { cursor node { jurisdiction { label } score riskLevel status"
        " reasonsConnection(first: 1) { totalCount edges { node { text } } } } } } }"
    )

    def page(after: str | None) -> dict:
        context = {"store": store, "settings": settings, **loaders(store)}
        result = asyncio.run(schema.execute(query, variable_values={"after": after}, context_value=context))
        assert not result.errors, result.errors
        return result.data["exposureConnection"]

    first = page(None)
    assert [
        (n["jurisdiction"]["label"], n["score"], n["riskLevel"], n["status"], n["reasonsConnection"]["totalCount"])
        for n in (e["node"] for e in first["edges"])
    ] == [("United States", 70.0, "HIGH", "banned", 2), ("Russia", 44.1, "MEDIUM", "banned", 1)]
    assert first["edges"][0]["node"]["reasonsConnection"]["edges"] == [
        {"node": {"text": "an unnamed party banned or blocked TikTok (2025-01-19)"}}
    ]
    assert [base64.b64decode(e["cursor"]).decode() for e in first["edges"]] == [
        f'exposure.jurisdictions:[null,"{E}united-states",0]',
        f'exposure.jurisdictions:[null,"{E}russia",1]',
    ]
    assert (first["totalCount"], first["pageInfo"]) == (
        5,
        {"hasNextPage": True, "endCursor": first["edges"][1]["cursor"]},
    )
    second = page(first["pageInfo"]["endCursor"])
    assert [(e["node"]["jurisdiction"]["label"], e["node"]["score"]) for e in second["edges"]] == [
        ("Brazil", 22.5),
        ("European Union", 21.9),
    ]


def test_the_statements_of_a_page_search_the_sums_and_acts_by_their_keys(store: EmbeddedStore) -> None:
    """SQLite's plan of every statement a page runs on the sums and the acts: searches by the
    question's keys (and the page's jurisdictions), no scan of a table, no sort; GraphQL's page
    (a status, the first reasons) walks an index from the newest or strongest act."""
    conn = store.read_model.reader()
    said: list[str] = []
    conn.set_trace_callback(said.append)
    try:
        exposure_answers.exposure_page(store, "TikTok", None, 0, 2)
        found = exposure_answers.exposure_standings(store, "TikTok", 0, 2)
        assert found is not None
        for standing in found[0]:
            exposure_answers.exposure_reasons(store, standing, 1)
    finally:
        conn.set_trace_callback(None)
    plans = {" | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + s)) for s in said if "FROM exposure_" in s}
    assert plans == {
        "SEARCH exposure_sum USING PRIMARY KEY (keys=?)",
        "SEARCH exposure_act USING COVERING INDEX exposure_act_newest (role=? AND entity=?)",
        "SEARCH exposure_act USING PRIMARY KEY (role=? AND entity=? AND jurisdiction=?)",
        "SEARCH exposure_act USING INDEX exposure_act_latest (role=? AND entity=? AND jurisdiction=?)",
        "SEARCH exposure_act USING INDEX exposure_act_reach (role=? AND entity=? AND jurisdiction=? AND reach>?)",
        "SEARCH exposure_act USING INDEX exposure_act_undated (role=? AND entity=? AND jurisdiction=? AND undated>?)",
    }


# Dates that put acts exactly 1, 2 and 3 half-lives before the newest (2025-01-19), where a
# score lands on a rounding tie (25 points x 1/4 = 6.25): the sums must not round it otherwise.
NEWEST = date(2025, 1, 19)
DATES = [None, "2024", "2024-05", "2024-05-20", "2025-01-19"] + [str(NEWEST - timedelta(730 * n)) for n in (1, 2, 3)]
WHO = ["tiktok", "bytedance", "x", "telegram", "facebook", "meta"]
KINDS = [("Ban", None), ("Fine", None), ("BanLifted", None), ("CourtRuling", "upheld"), ("CourtRuling", None)]
KINDS += [("ServiceShutdown", None), ("AppStoreRemoval", "removed"), ("Investigation", None), ("PublicStatement", None)]


def random_reports(rnd: random.Random, count: int) -> list[Report]:
    """Acts naming a platform, its owner, both, or the platform as its own agent, in a few
    places, on dates that include rounding ties."""
    out = []
    for n in range(count):
        etype, outcome = rnd.choice(KINDS)
        roles = {"affected": rnd.sample(WHO, rnd.randint(1, 2))}
        if rnd.random() < 0.4:
            roles["agent"] = [rnd.choice(["tiktok", "x", "anatel", "european-commission"])]
        place = rnd.choice(["united-states", "india", "brazil", "european-union", "russia"])
        out.append(Report(f"a{n}", etype, roles, place, date=rnd.choice(DATES), outcome=outcome))
    return out


def test_the_sums_rank_as_scoring_every_act_does_while_articles_come_go_and_change(tmp_path, monkeypatch) -> None:
    answered, in_doubt = [], []
    ranked, standings = exposure_answers._ranked_by_sums, exposure_sums.standings

    def ranked_spy(*args: object) -> object:
        found = ranked(*args)
        answered.append(found is not None)
        return found

    def standings_spy(*args: object) -> object:
        found = standings(*args)
        in_doubt.extend(s for s in found[0] if s.score is None)
        return found

    monkeypatch.setattr(exposure_answers, "_ranked_by_sums", ranked_spy)
    monkeypatch.setattr(exposure_sums, "standings", standings_spy)
    for seed in range(8):
        rnd = random.Random(seed)
        store = EmbeddedStore(tmp_path / f"kg{seed}", sync_writes=False)  # synced or not, the same rows
        reports = random_reports(rnd, 24)
        write(store, *reports)
        for step in range(3):
            if step:  # some articles say something else now, some are gone
                write(store, *random_reports(rnd, 8))
                for gone in rnd.sample(reports, 3):
                    store.replace_article(graph_iri(gone.article), [])
            assert store.read_model.differences(store.select) == []
            for platform in ("TikTok", "ByteDance", "X", "Telegram", "Facebook", "Meta"):
                for start, limit in ((0, None), (0, 2), (1, 3)):
                    expected = by_acts(monkeypatch, store, platform, None, start, limit)
                    found = exposure_answers.exposure_page(store, platform, None, start, limit)
                    assert found == expected, (seed, platform)
                assert_standings_as_scored(monkeypatch, store, platform)
        before = tables(Path(store.location))
        store.reindex()
        assert tables(Path(store.location)) == before
        store.close()
    # every page came from the sums, and some scores on a rounding tie were scored from their acts
    assert set(answered) == {True} and len(in_doubt) > 0


def assert_standings_as_scored(monkeypatch: pytest.MonkeyPatch, store: EmbeddedStore, platform: str) -> None:
    """GraphQL's page (`exposure_standings`: status from the act that sets it, the first reasons
    from the strongest acts) says what scoring every act says, jurisdiction by jurisdiction."""
    whole, total = by_acts(monkeypatch, store, platform, None, 0, None, False)
    found = exposure_answers.exposure_standings(store, platform, 0, None)
    assert found is not None
    standings, count = found
    assert count == total
    assert [(s.jurisdiction, s.status, s.level, s.score, s.reasons) for s in standings] == [
        (x.jurisdiction, x.status, x.level, x.score, len(x.reasons)) for x in whole
    ]
    for standing, expected in zip(standings, whole, strict=True):
        for count in (1, 2, 3, 5):
            found_reasons = exposure_answers.exposure_reasons(store, standing, count)
            assert found_reasons == expected.reasons[:count], (platform, count)
        assert exposure_answers.exposure_details(store, standing) == expected
    # a page's first reasons worded in one batch say what the whole answer's words say
    worded, _total = by_acts(monkeypatch, store, platform, None, 0, None)
    asked = [(s, 3) for s in standings]
    found = exposure_answers.worded_reasons(store, asked)
    assert [[r.text for r in found[a]] for a in asked] == [[r.text for r in x.reasons[:3]] for x in worded]


def test_every_act_gone_leaves_no_sums(store: EmbeddedStore) -> None:
    assert len(tables(Path(store.location))[1]) > 0
    for r in REPORTS:
        store.replace_article(graph_iri(r.article), [])
    assert tables(Path(store.location)) == ([], [])


@pytest.fixture()
def copy(sample_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kg"
    shutil.copytree(sample_store, target)
    return target


def test_kg_reindex_rebuilds_the_sums_and_kg_validate_names_a_sum_that_disagrees(copy: Path) -> None:
    before = tables(copy)
    assert len(before[0]) >= 10 and len(before[1]) >= 10
    keys, place, era = before[1][0][:3]
    with sqlite3.connect(path_for(copy)) as conn:
        conn.execute(
            "UPDATE exposure_sum SET weighted = weighted + 1 WHERE keys = ? AND jurisdiction = ?", (keys, place)
        )
    assert read_model_complaints(copy) == [
        f"the read model's exposure sum of {keys!r} in {place} differs from its acts"
    ]
    with sqlite3.connect(path_for(copy)) as conn:
        conn.execute("DELETE FROM exposure_sum WHERE era = ?", (era,))
        conn.execute("DELETE FROM exposure_act WHERE role = 'agent'")
    assert run_kg("reindex", "--store", str(copy)).returncode == 0
    assert tables(copy) == before
    assert run_kg("validate", "--store", str(copy)).returncode == 0


def test_sums_of_other_risk_rules_are_not_used_until_a_writer_rebuilds_them(copy: Path, monkeypatch) -> None:
    reader = EmbeddedStore(copy, read_only=True)
    expected = exposure_answers.exposure_page(reader, "TikTok")
    assert reader.read_model.exposure_current()
    monkeypatch.setattr(exposure_sums, "rules_fingerprint", lambda: "the rules an analyst just changed")
    monkeypatch.setattr(exposure_sums, "standings", lambda *a: pytest.fail("sums of other rules were used"))
    assert not reader.read_model.exposure_current()
    assert exposure_answers.exposure_page(reader, "TikTok") == expected
    assert reader.read_model.differences(reader.select) == [
        "the read model's exposure sums were computed with other risk rules than kg/risk_rules.toml (run kg reindex)"
    ]
    reader.close()
    del reader
    writer = EmbeddedStore(copy)  # its open rebuilds the read model with the rules in use
    assert writer.read_model.exposure_current()
    writer.close()
