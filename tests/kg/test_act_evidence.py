"""A reason's evidence read alone (kg/act_evidence.py) is the evidence its event shows when
every detail is read (kg/answers.py `events`): the same sentence, offsets, confidence and
article, for every report of the bundled sample articles, including the reports the extractor
gave two evidence sentences (then both ways take the same one), with the articles' title, day
and address from the read model or, where it cannot answer, from the graph. Real store on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import act_evidence as act_evidence_module
from kg import answers, exposure_answers
from kg.act_evidence import EVIDENCE_COLUMNS, act_evidence, evidence_rows
from kg.answers import Act
from kg.store import EmbeddedStore
from kg.vocab import RR

TWO_SENTENCES = f"SELECT ?e WHERE {{ GRAPH ?g {{ ?e <{RR}evidence> ?a, ?b FILTER(?a != ?b) }} }}"


@pytest.mark.parametrize("read_model", [True, False], ids=["articles from the read model", "from the graph"])
def test_every_reports_evidence_alone_is_the_evidence_of_its_whole_details(
    sample_store: Path, monkeypatch: pytest.MonkeyPatch, read_model: bool
) -> None:
    if not read_model:  # a store whose read model cannot answer (a remote store, a write under way)
        monkeypatch.setattr(act_evidence_module, "read_index", lambda store: None)
    store = EmbeddedStore(sample_store, read_only=True)
    try:
        reports = sorted({r["e"] for r in store.select(f"SELECT ?e WHERE {{ GRAPH ?g {{ ?e <{RR}evidence> ?x }} }}")})
        doubled = {r["e"] for r in store.select(TWO_SENTENCES)}
        whole = answers.events(store, reports)
        alone = evidence_rows(store, reports)
    finally:
        store.close()
    assert (
        len(reports) == len(whole) == len(alone) == 55
    )  # tiktok-goes-dark: "hours before the federal ban took effect" issues no regulation
    # the sample's reports with two evidence sentences; the headlines "Irish regulator fines
    # TikTok ..." and "Bluesky climbs to No. 1 ..." are read as clauses, so each is its lede's event
    assert len(doubled) == 17
    assert {e: {k: whole[e].row[k] for k in EVIDENCE_COLUMNS} for e in reports} == alone


def test_an_acts_evidence_is_its_representative_report_and_a_lost_one_is_left_out(sample_store: Path) -> None:
    store = EmbeddedStore(sample_store, read_only=True)
    try:
        scores = exposure_answers.exposure_scores(store, "TikTok")
        (score,) = [s for s in scores if s.jurisdiction.label == "United States"]
        acts = score.acts
        gone = Act("https://w3id.org/regrisk/id/instance/gone", "https://w3id.org/regrisk/id/event/gone", None)
        found = act_evidence(store, [*acts, gone])
        records = answers.act_records(store, acts)
    finally:
        store.close()
    assert list(found) == acts  # in the order asked, the lost act left out
    assert {a: found[a]["sentence"] for a in acts} == {a: records[a].row["sentence"] for a in acts}
    assert {found[a]["event"] for a in acts} == {a.event for a in acts}
