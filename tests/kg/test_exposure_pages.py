"""Exposure a page of jurisdictions at a time (`exposure_answers.exposure_page`): every jurisdiction is
scored to order them, but only the page's reasons are worded, so a page asks for the names and
amounts of its own acts alone; pages put together are the whole answer, exactly. The amounts a
fine's reason quotes come from the read model's `amount` rows, the same words as the graph's.
Hand-made articles (tests/kg/handmade.py) in a real store on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import exposure_answers, risk
from kg.store import EmbeddedStore
from tests.kg.handmade import E, Report, write

TIKTOK = {"affected": ["tiktok"]}
REPORTS = [
    Report("r1", "Ban", TIKTOK, "india", date="2020-06-29"),
    Report("r2", "Ban", TIKTOK, "united-states", date="2025-01-19"),
    Report("r3", "Fine", TIKTOK, "european-union", date="2024-09-02", amount=(345000000, "EUR")),
    Report("r4", "Ban", TIKTOK, "russia", date="2024-03-01"),
    Report("r5", "Fine", {"affected": ["bytedance"]}, "brazil", date="2024-10-01", amount=(2000000, "BRL")),
    Report(
        "r6", "CourtRuling", {"affected": ["tiktok"], "agent": ["supreme-court"]}, "united-states", date="2025-01-17"
    ),
]
WHOLE = [  # jurisdiction, score, level, status, reasons (the same as before pages, at main 1df7569)
    (
        "United States",
        70.0,
        "HIGH",
        "banned",
        ["an unnamed party banned or blocked TikTok (2025-01-19)", "Supreme Court ruled on TikTok (2025-01-17)"],
    ),
    ("Russia", 44.1, "MEDIUM", "banned", ["an unnamed party banned or blocked TikTok (2024-03-01)"]),
    ("Brazil", 22.5, "MEDIUM", "fined", ["an unnamed party fined ByteDance BRL 2e+06 (2024-10-01)"]),
    ("European Union", 21.9, "MEDIUM", "fined", ["an unnamed party fined TikTok EUR 3.45e+08 (2024-09-02)"]),
    ("India", 12.3, "LOW", "banned", ["an unnamed party banned or blocked TikTok (2020-06-29)"]),
]


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path / "kg")
    write(opened, *REPORTS)
    yield opened
    opened.close()


def answer(scores: list[exposure_answers.ExposureScore]) -> list[tuple]:
    return [(s.jurisdiction.label, s.score, s.level, s.status, [r.text for r in s.reasons]) for s in scores]


def test_the_whole_answer_ranks_and_words_every_jurisdiction(store: EmbeddedStore) -> None:
    assert answer(exposure_answers.exposure_scores(store, "TikTok")) == WHOLE


def test_pages_put_together_are_the_whole_answer(store: EmbeddedStore) -> None:
    pages = [exposure_answers.exposure_page(store, "TikTok", None, start, 2) for start in (0, 2, 4)]
    assert [total for _page, total in pages] == [5, 5, 5]
    assert [answer(page) for page, _total in pages] == [WHOLE[:2], WHOLE[2:4], WHOLE[4:]]
    assert exposure_answers.exposure_page(store, "TikTok", None, 5, 2) == ([], 5)


def test_a_page_asks_for_the_names_and_amounts_of_its_own_acts_only(store: EmbeddedStore, monkeypatch) -> None:
    asked: list[list[str]] = []
    labels, amounts = exposure_answers._labels, exposure_answers._amount_texts
    monkeypatch.setattr(exposure_answers, "_labels", lambda s, iris: asked.append(sorted(set(iris))) or labels(s, iris))
    monkeypatch.setattr(
        exposure_answers, "_amount_texts", lambda s, events: asked.append(sorted(events)) or amounts(s, events)
    )
    (brazil,), total = exposure_answers.exposure_page(store, "TikTok", None, 2, 1)
    assert (brazil.jurisdiction.label, total) == ("Brazil", 5)
    assert asked == [["https://w3id.org/regrisk/id/event/r5/0"], [E + "bytedance"]]


def test_amounts_come_from_the_read_model_as_the_graph_words_them(store: EmbeddedStore) -> None:
    events = ["https://w3id.org/regrisk/id/event/r3/0", "https://w3id.org/regrisk/id/event/r5/0"]
    indexed = exposure_answers._amount_texts(store, events)
    assert indexed == {events[0]: "EUR 3.45e+08", events[1]: "BRL 2e+06"}
    model, store.read_model = store.read_model, None
    try:
        assert exposure_answers._amount_texts(store, events) == indexed
        assert answer(exposure_answers.exposure_scores(store, "TikTok")) == WHOLE  # the same answer from SPARQL
    finally:
        store.read_model = model
    write(store, Report("r3", "Fine", TIKTOK, "european-union", date="2024-09-02", amount=(5, "EUR")))
    assert exposure_answers._amount_texts(store, events[:1]) == {events[0]: "EUR 5"}
    assert store.read_model.differences(store.select) == []


def test_an_unworded_page_has_the_same_scores_and_reasons_worded_later_the_same(store: EmbeddedStore) -> None:
    """GraphQL's exposureConnection asks for no words and words the reasons it shows."""
    page, total = exposure_answers.exposure_page(store, "TikTok", None, 0, 5, worded=False)
    assert total == 5 and not any(p.worded or p.instruments for p in page)
    assert {r.text for p in page for r in p.reasons} == {""}
    words = exposure_answers.act_words(store, [r.act for p in page for r in p.reasons])
    worded = [
        [risk.wording(r.type, r.outcome, r.act.date, words[r.act.instance].names) for r in p.reasons] for p in page
    ]
    assert [
        (p.jurisdiction.label, p.score, p.level, p.status, texts) for p, texts in zip(page, worded, strict=True)
    ] == WHOLE


def test_reasons_read_with_their_evidence_carry_the_evidence_of_their_acts(store: EmbeddedStore) -> None:
    """A page that shows its reasons' sentences reads them in the same call as the reasons."""
    standings, total = exposure_answers.exposure_standings(store, "TikTok")
    asked = [(s, 5) for s in standings]
    plain = exposure_answers.worded_reasons(store, asked)
    along = exposure_answers.worded_reasons_with_evidence(store, asked)
    texts = {s.jurisdiction.label: [r.text for r in along[(s, 5)]] for s in standings}
    assert (total, texts) == (5, {label: reasons for label, _s, _l, _st, reasons in WHOLE})
    assert [[r.text for r in plain[a]] for a in asked] == [[r.text for r in along[a]] for a in asked]
    sentences = {r.act.event: r.evidence["sentence"] for a in asked for r in along[a]}
    assert sentences == {
        f"https://w3id.org/regrisk/id/event/{name}/0": f"Sentence 0 of {name}."
        for name in ("r1", "r2", "r3", "r4", "r5", "r6")
    }
    assert {r.evidence is None for a in asked for r in plain[a]} == {True}
