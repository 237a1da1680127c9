"""Policy impact's kept ties (kg/policy_ties.py): the read model keeps, per instrument, whom its
acts affected, the reactions tied to it and how many, so that a first page reads index ranges;
they move with every write, removal and rewrite of an article exactly as the whole answer
worked out from the acts does, a rebuild (`kg reindex`) gives the same rows, and `kg validate`
names a kept row that disagrees. Hand-made and random articles in real stores on disk."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import answers, question_rows
from kg.read_model import path_for
from kg.store import EmbeddedStore
from kg.vocab import graph_iri
from tests.conftest import read_model_complaints, run_kg
from tests.kg.handmade import E, Report, write
from tests.kg.policy_pages import walked

PAFACA = E + "pafaca"
US = "united-states"
LAW = Report("law", "LegislationEnacted", {"instrument": ["pafaca"], "affected": ["tiktok"]}, US, "2024-04-24")
BAN = Report("ban", "Ban", {"instrument": ["pafaca"], "affected": ["tiktok", "bytedance"]}, US, "2025-01-19")
REACTIONS = [
    Report("dark", "ServiceShutdown", {"agent": ["tiktok"]}, "united-states", "2025-01-18"),  # tied: US x TikTok
    Report("say", "PublicStatement", {"agent": ["bytedance"]}, "united-states", "2024-05-01"),  # tied: by the ban only
    Report("old", "ComplianceMeasure", {"agent": ["tiktok"]}, "united-states", "2023-01-01"),  # before the law
    Report("india", "ServiceShutdown", {"agent": ["tiktok"]}, "india", "2020-06-29"),  # elsewhere
    Report("named", "Divestiture", {"agent": ["bytedance"], "instrument": ["pafaca"]}, "ireland", None),  # names it
    Report("move", "UserMigration", {"origin": ["tiktok"], "destination": ["bluesky"]}, "united-states", "2025-01-19"),
]


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path / "kg")
    write(opened, LAW, BAN, *REACTIONS)
    yield opened
    opened.close()


def kept(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path_for(path)) as conn:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}"), key=repr)
            for table in ("policy_pair", "policy_hit", "policy_since", "policy_tie", "policy_count")
        }


def reports(store: EmbeddedStore, instrument: str, part: str) -> list[str]:
    """The part's reactions as their articles, in the order of the kept pages."""
    start = answers.policy_impact_start(store, instrument)
    assert start is not None and start.ties.kept
    rows = answers.policy_impact_page(store, start.ties, part, 100, None, 0)
    found = store.select(
        "SELECT ?i ?e WHERE { GRAPH <https://w3id.org/regrisk/id/graph/instances> { ?i "
        "<https://w3id.org/regrisk/ontology#representative> ?e } }"
    )
    report = {r["i"]: r["e"] for r in found}
    return [report[a.instance].split("/event/")[1].split("/")[0] for a, _ in rows]


def counts(store: EmbeddedStore) -> list[tuple]:
    return kept(Path(store.location))["policy_count"]


def test_the_count_and_pages_are_kept_as_articles_come_go_and_change(store: EmbeddedStore) -> None:
    assert counts(store) == [(PAFACA, "consequence", 1), (PAFACA, "response", 3)]
    assert reports(store, "PAFACA", "response") == ["named", "say", "dark"]  # undated first, then oldest
    assert reports(store, "PAFACA", "consequence") == ["move"]
    assert answers.policy_impact_start(store, "PAFACA").affected == [E + "tiktok", E + "bytedance"]
    assert_as_worked_out(store, "PAFACA")

    store.replace_article(graph_iri("ban"), [])  # the only act that affected ByteDance in the US
    assert counts(store) == [(PAFACA, "consequence", 1), (PAFACA, "response", 2)]
    assert reports(store, "PAFACA", "response") == ["named", "dark"]
    assert answers.policy_impact_start(store, "PAFACA").affected == [E + "tiktok"]
    assert_as_worked_out(store, "PAFACA")

    write(store, Report("law", "LegislationEnacted", LAW.roles, "united-states", "2025-02-01"))  # now dated later
    assert counts(store) == [(PAFACA, "response", 1)]
    assert reports(store, "PAFACA", "response") == ["named"]
    assert reports(store, "PAFACA", "consequence") == []
    assert_as_worked_out(store, "PAFACA")

    write(store, Report("named", "Divestiture", {"agent": ["bytedance"]}, "ireland", None))  # names it no more
    assert counts(store) == []
    assert_as_worked_out(store, "PAFACA")

    write(store, Report("ban", "Ban", BAN.roles, "united-states", "2025-01-01"))  # back, older than the law now
    assert counts(store) == [(PAFACA, "consequence", 1), (PAFACA, "response", 1)]
    assert reports(store, "PAFACA", "response") == ["dark"]  # "say" is older than the ban
    assert_as_worked_out(store, "PAFACA")

    store.replace_article(graph_iri("ban"), [])
    write(store, Report("law", "LegislationEnacted", LAW.roles, US, None))  # no dated act left: no first day
    assert counts(store) == [(PAFACA, "consequence", 1), (PAFACA, "response", 2)]
    assert reports(store, "PAFACA", "response") == ["old", "dark"]
    assert_as_worked_out(store, "PAFACA")
    before = kept(Path(store.location))
    store.reindex()
    assert kept(Path(store.location)) == before
    assert store.read_model.differences(store.select) == []


def assert_as_worked_out(store: EmbeddedStore, instrument: str) -> None:
    """The kept start, pages (walked two at a time) and counts say what the whole answer worked
    out from the acts says, and the kept rows are what a rebuild would write."""
    whole = answers.policy_impact_parts(store, instrument)
    start = answers.policy_impact_start(store, instrument)
    assert whole is not None and start is not None and start.ties.kept
    assert (start.instrument, start.affected) == (whole.instrument, whole.affected)
    for part, acts in (("response", whole.responses), ("consequence", whole.consequences)):
        assert walked(store, start.ties, part) == acts, (instrument, part)
        assert answers.policy_impact_count(store, start.ties, part) == len(acts)
    assert store.read_model.differences(store.select) == []


DATES = [None, "2023", "2024-05", "2024-05-20", "2025-01-19", "2025-06-01", "2022-02-02"]
WHO = ["tiktok", "bytedance", "x", "telegram", "meta"]
PLACES = ["united-states", "india", "brazil", "european-union"]
ACTS = ["LegislationEnacted", "Ban", "Fine", "CourtRuling", "Investigation"]
RESPONSES = ["ServiceShutdown", "PublicStatement", "ComplianceMeasure", "Divestiture"]


def random_reports(rnd: random.Random, count: int, prefix: str) -> list[Report]:
    """Acts on two instruments (some affecting nobody), and reactions by, about or leaving
    platforms, some naming an instrument, on dates that move each instrument's first day."""
    out = []
    for n in range(count):
        place, day = rnd.choice(PLACES), rnd.choice(DATES)
        if rnd.random() < 0.4:
            roles = {"instrument": [rnd.choice(["pafaca", "dsa"])]}
            if rnd.random() < 0.85:
                roles["affected"] = rnd.sample(WHO, rnd.randint(1, 2))
            out.append(Report(f"{prefix}{n}", rnd.choice(ACTS), roles, place, day))
        elif rnd.random() < 0.3:
            roles = {"origin": [rnd.choice(WHO)], "destination": ["bluesky"]}
            out.append(Report(f"{prefix}{n}", "UserMigration", roles, place, day))
        else:
            roles = {rnd.choice(["agent", "affected"]): [rnd.choice(WHO)]}
            if rnd.random() < 0.2:
                roles["instrument"] = [rnd.choice(["pafaca", "dsa"])]
            out.append(Report(f"{prefix}{n}", rnd.choice(RESPONSES), roles, place, day))
    return out


def test_the_kept_ties_follow_random_writes_rewrites_and_removals(tmp_path: Path) -> None:
    tied = 0
    for seed in range(6):
        rnd = random.Random(seed)
        store = EmbeddedStore(tmp_path / f"kg{seed}", sync_writes=False)
        written = random_reports(rnd, 30, "a")
        write(store, *written)
        for step in range(3):
            if step:  # some articles say something else now, some are gone
                rewritten = random_reports(rnd, 30, "a")
                write(store, *rnd.sample(rewritten, 8))
                for gone in rnd.sample(written, 4):
                    store.replace_article(graph_iri(gone.article), [])
            for instrument in ("PAFACA", "Digital Services Act"):
                if answers.policy_impact_parts(store, instrument) is not None:
                    assert_as_worked_out(store, instrument)
            tied += sum(n for _i, _p, n in counts(store))
        before = kept(Path(store.location))
        store.reindex()
        assert kept(Path(store.location)) == before, seed
        store.close()
    assert tied >= 100  # the stores tie many reactions, not a few


def test_kg_validate_names_a_kept_tie_that_disagrees_and_kg_reindex_repairs_it(store_copy: Path) -> None:
    path = store_copy
    before = kept(path)
    instrument, part, n = max(before["policy_count"], key=lambda r: (r[2], r))
    assert n >= 2
    with sqlite3.connect(path_for(path)) as conn:
        conn.execute(
            "DELETE FROM policy_tie WHERE reaction = (SELECT MIN(reaction) FROM policy_tie"
            " WHERE instrument = ? AND part = ?)",
            (instrument, part),
        )  # (its trigger counts it out)
        conn.execute("UPDATE policy_count SET n = 99 WHERE instrument = ? AND part = ?", (instrument, part))
    assert read_model_complaints(path) == [
        f"the read model's policy_tie rows of {instrument} differ from its acts and reactions",
        f"the read model's policy_count rows of {instrument} differ from its acts and reactions",
    ]
    assert run_kg("reindex", "--store", str(path)).returncode == 0
    assert kept(path) == before
    assert run_kg("validate", "--store", str(path)).returncode == 0


def test_affected_shown_by_name_reads_names_alone_and_says_what_the_whole_records_say(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`affected { label }` (a whole list: hundreds for a long-lived law) reads each entity's
    name and type alone; asked with its aliases, the whole records; the names agree."""
    import asyncio

    from kg.service.graphql_view import build_schema
    from kg.service.loaders import loaders
    from kg.settings import Settings

    settings = Settings(store=str(Path(store.location)))
    schema = build_schema(settings)
    asked: list[str] = []
    for name in ("entities", "entity_names"):
        real = getattr(answers, name)
        monkeypatch.setattr(answers, name, lambda s, iris, real=real, name=name: asked.append(name) or real(s, iris))

    def affected(fields: str) -> tuple[list[dict], set[str]]:
        context = {"store": store, "settings": settings, **loaders(store)}
        query = f'{{ policyImpact(instrument: "PAFACA") {{ affected {{ {fields} }} }} }}'
        asked.clear()
        result = asyncio.run(schema.execute(query, context_value=context))
        assert not result.errors, result.errors
        return result.data["policyImpact"]["affected"], set(asked)

    names, used = affected("id label type")
    assert names == [
        {"id": names[0]["id"], "label": "TikTok", "type": "PLATFORM"},
        {"id": names[1]["id"], "label": "ByteDance", "type": "COMPANY"},
    ]
    assert used == {"entities", "entity_names"}  # (the instrument's own record, then the names)
    whole, used = affected("id label type aliases sameAs")
    assert [{k: w[k] for k in ("id", "label", "type")} for w in whole] == names
    assert used == {"entities"}
    monkeypatch.undo()
    iris = [E + "tiktok", E + "bytedance", E + "united-states", E + "pafaca", E + "nobody"]
    records = answers.entities(store, iris)
    assert answers.entity_names(store, iris) == {
        k: answers.EntityRecord(r.id, r.label, r.type) for k, r in records.items()
    }


def test_a_kept_page_is_a_range_of_the_kept_ties_and_sorts_nothing(store: EmbeddedStore) -> None:
    from tests.kg.test_page_plans import plan_of_page

    ties = question_rows.kept_ties(store, store.read_model.reader(), "PAFACA")
    assert ties is not None and ties.kept

    def page(store: EmbeddedStore, conn, *args: object) -> list:
        return question_rows.policy_page(conn, *args)

    first = plan_of_page(store, page, ties, "response", 2)
    assert first.startswith("SEARCH t USING COVERING INDEX policy_tie_page (instrument=? AND part=?)")
    assert "TEMP B-TREE" not in first
    (row,) = question_rows.policy_page(store.read_model.reader(), ties, "response", 1)
    later = plan_of_page(store, page, ties, "response", 2, question_rows.After(row["earliest"], row["instance"]))
    assert "policy_tie_page (instrument=? AND part=?" in later and "TEMP B-TREE" not in later
