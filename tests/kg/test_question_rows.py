"""The read model answers every question exactly as the canned SPARQL does, on the sample
articles ingested by `kg ingest` into a real store: for every entity the graph knows, as of
several days, the whole answer (events, their order, roles, scores, reasons) is the same."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from kg import answers, exposure_answers
from kg.store import EmbeddedStore
from tests.kg.policy_pages import walked

DAYS = [None, date(2024, 6, 1), date(2025, 1, 18), date(2025, 3, 1)]


@pytest.fixture(scope="module")
def store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory):
    target = tmp_path_factory.mktemp("rows") / "kg"
    shutil.copytree(sample_store, target)
    opened = EmbeddedStore(target)
    yield opened
    opened.close()


def both(store: EmbeddedStore, question, *args):
    """The answer from the read model, then from SPARQL alone."""
    assert store.questions_model() is not None
    indexed = question(store, *args)
    model, store.read_model = store.read_model, None
    try:
        return indexed, question(store, *args)
    finally:
        store.read_model = model


def names(store: EmbeddedStore, kind: str) -> list[str]:
    rows = store.select(
        "SELECT DISTINCT ?e WHERE { GRAPH <https://w3id.org/regrisk/id/graph/entities> "
        f"{{ ?e a <https://w3id.org/regrisk/ontology#{kind}> }} }} ORDER BY ?e"
    )
    return [r["e"] for r in rows]


def test_the_sample_store_has_every_kind_of_question_to_ask(store: EmbeddedStore) -> None:
    assert len(names(store, "Platform")) >= 10
    assert len(names(store, "LegalInstrument")) >= 5
    assert store.read_model.contents()[0]  # instances indexed


def test_exposure_is_the_same_from_the_read_model_for_every_platform_and_day(store: EmbeddedStore) -> None:
    asked = 0
    for platform in [*names(store, "Platform"), "TikTok", "RedNote", "nobody"]:
        for day in DAYS:
            indexed, sparql = both(store, exposure_answers.exposure, platform, day)
            assert indexed == sparql, (platform, day)
            asked += bool(sparql)
    assert asked >= 10


def test_timeline_is_the_same_for_every_entity_and_day(store: EmbeddedStore) -> None:
    every = [*names(store, "Platform"), *names(store, "LegalInstrument"), *names(store, "Jurisdiction")]
    for entity in [*every, "TikTok", "nobody"]:
        for day in DAYS:
            indexed, sparql = both(store, answers.timeline, entity, None, None, day)
            assert indexed == sparql, (entity, day)
        ranged = both(store, answers.timeline, entity, date(2024, 1, 1), date(2025, 1, 31), None)
        assert ranged[0] == ranged[1], entity


def test_policy_impact_is_the_same_for_every_instrument_and_day(store: EmbeddedStore) -> None:
    for instrument in [*names(store, "LegalInstrument"), "PAFACA", "TikTok", "nothing"]:
        for day in DAYS:
            indexed, sparql = both(store, answers.policy_impact, instrument, day)
            assert indexed == sparql, (instrument, day)


def test_policy_impact_pages_walked_by_keyset_are_the_whole_answers_lists(store: EmbeddedStore) -> None:
    """For every instrument and day: the start's affected are the whole answer's, and pages of
    two responses (or consequences), each after the last one's key, put together are the whole
    list, in order, with its length as the count."""
    seen = 0
    for instrument in [*names(store, "LegalInstrument"), "PAFACA", "TikTok", "nothing"]:
        for day in DAYS:
            whole = answers.policy_impact_parts(store, instrument, day)
            start = answers.policy_impact_start(store, instrument, day)
            if whole is None:
                assert start is None, (instrument, day)
                continue
            assert start is not None and (start.instrument, start.affected) == (whole.instrument, whole.affected)
            for part, acts in (("response", whole.responses), ("consequence", whole.consequences)):
                assert walked(store, start.ties, part) == acts, (instrument, day, part)
                assert answers.policy_impact_count(store, start.ties, part) == len(acts)
                seen += len(acts)
    assert seen >= 20


def test_migrations_are_the_same_for_every_origin_and_destination(store: EmbeddedStore) -> None:
    for origin in [None, "TikTok", *names(store, "Platform")]:
        for day in DAYS:
            indexed, sparql = both(store, answers.migrations, origin, None, day)
            assert indexed == sparql, (origin, day)
            indexed, sparql = both(store, answers.migrations, None, origin, day)
            assert indexed == sparql, (origin, day)


def test_the_count_of_every_page_of_migrations_and_of_a_timeline_is_its_whole_answers_length(
    store: EmbeddedStore,
) -> None:
    # (without a day or with one platform, a count is a kept tally: kg/event_tallies.py)
    counted = 0
    for platform in [None, "TikTok", *names(store, "Platform")]:
        for day in DAYS:
            for ends in ((platform, None), (None, platform)):
                _, total = answers.migrations_page(store, 1, 0, *ends, day)
                assert total == len(both(store, answers.migrations, *ends, day)[1]), (ends, day)
                counted += total
    for entity in ["TikTok", "United States", *names(store, "Platform")]:
        for start, end in ((None, None), (date(2024, 1, 1), date(2024, 12, 31)), (date(2025, 1, 15), None)):
            for day in DAYS:
                _, total = answers.timeline_page(store, entity, 1, 0, start, end, day)
                assert total == len(both(store, answers.timeline, entity, start, end, day)[1]), (entity, start, day)
                counted += total
    assert counted >= 100


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "Ban"},
        {"type": "JudicialAction"},
        {"affected": "TikTok"},
        {"jurisdiction": "United States"},
        {"instrument": "PAFACA"},
        {"agent": "European Commission"},
        {"from": "2025-01-01", "to": "2025-01-31"},
        {"minConfidence": "0.8"},
        {"affected": "nobody at all"},
        {"type": "RegulatoryAction", "affected": "TikTok"},  # a kept tally of a type and a role
        {"type": "Ban", "jurisdiction": "United States"},
        {"affected": "TikTok", "jurisdiction": "United States"},  # a kept pair (kg/role_places.py)
        {"affected": "TikTok", "jurisdiction": "United States", "type": "Ban", "from": "2025-01-01"},
        {"agent": "European Commission", "jurisdiction": "European Union"},
        {"affected": "X", "jurisdiction": "nowhere at all"},
    ],
)
def test_every_page_of_events_is_the_same_and_so_is_the_total(store: EmbeddedStore, params: dict) -> None:
    for day in DAYS:
        whole = both(store, answers.event_page, params, 1000, 0, day)
        assert whole[0] == whole[1], (params, day)
        for offset in (0, 3, 7):
            indexed, sparql = both(store, answers.event_page, params, 4, offset, day)
            assert indexed == sparql, (params, day, offset)


def test_nameless_counts_the_entities_without_a_label_and_only_those(store: EmbeddedStore) -> None:
    """Exposure's ranking from the sums trusts every jurisdiction to have a name, and asks."""
    from kg import question_rows

    known = ["https://w3id.org/regrisk/id/entity/united-states", "https://w3id.org/regrisk/id/entity/european-union"]
    unknown = ["https://w3id.org/regrisk/id/entity/nowhere-a", "https://w3id.org/regrisk/id/entity/nowhere-b"]
    assert question_rows.nameless(store, known) == 0
    assert question_rows.nameless(store, [*known, *unknown]) == 2
    assert question_rows.nameless(store, unknown[:1]) == 1
    assert question_rows.nameless(store, []) == 0
