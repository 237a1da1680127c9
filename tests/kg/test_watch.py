"""Watchlists below the service: which events are new, what a notification says, which
watchlists it matches, and the watchlists file's stages (kg/watch/), over a real store on disk
and hand-written extractions (tests/kg/handmade.py), so every answer is known exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store import EmbeddedStore
from kg.vocab import ID
from kg.watch.matching import EventFacts, Filter, event_facts, event_level, new_instances, recover
from kg.watch.storage import Try, Watchlist, WatchStorage, delivery_key
from kg.watch.watched_store import WatchedStore
from tests.kg.handmade import E, write
from tests.kg.handmade import Report as Article

BAN = Article("a1", "Ban", {"affected": ["tiktok"], "agent": ["anatel"]}, "india", date="2024-05-01")
SAME_BAN = Article("a2", "Ban", {"affected": ["tiktok"]}, "india", date="2024-05-01", published="2024-05-03")
NEXT_BAN = Article("a3", "Ban", {"affected": ["tiktok"]}, "india", date="2024-06-11", published="2024-06-12")


@pytest.fixture()
def parts(tmp_path: Path):
    store = EmbeddedStore(tmp_path / "kg")
    storage = WatchStorage(tmp_path / "kg" / "watchlists.sqlite")
    woken: list[int] = []
    yield store, storage, WatchedStore(store, storage, lambda: woken.append(1)), woken
    storage.close()
    store.close()


def article(name: str) -> str:
    return f"{ID}article/{name}"


def test_an_event_is_new_only_in_the_first_article_that_reports_it(parts) -> None:
    _, storage, watched, woken = parts
    assert write(watched, BAN) == ["new"]
    (first,) = storage.fresh()
    assert first[1] == article("a1")
    assert write(watched, SAME_BAN, BAN) == ["new", "unchanged"]  # the same ban again; a1 once more
    assert storage.fresh() == [first]
    assert write(watched, NEXT_BAN) == ["new"]
    assert [a for _, a in storage.fresh()] == [article("a1"), article("a3")]
    assert len(woken) == 2  # the matcher is woken only when something new was filed
    assert storage.pending() == []


def test_a_crash_after_the_graph_commit_is_filed_on_the_next_start(parts) -> None:
    store, storage, _, _ = parts
    storage.begin(article("a1"))
    write(store, BAN)  # the graph committed; the process died before filing
    storage.begin(article("a9"))  # and an article whose write never committed
    assert storage.pending() == [article("a1"), article("a9")]
    assert recover(storage, store.select) == 2
    assert storage.pending() == []
    assert [(i, a) for i, a in storage.fresh()] == [(new_instances(store.select, article("a1"))[0], article("a1"))]


def test_a_notification_tells_the_event_and_its_evidence(parts) -> None:
    store, storage, watched, _ = parts
    write(watched, BAN)
    ((instance, _),) = storage.fresh()
    facts = event_facts(store, [instance])
    assert facts[instance].to_json() == {
        "instance": instance,
        "iri": "https://w3id.org/regrisk/id/event/a1/0",
        "type": "Ban",
        "topClass": "RegulatoryAction",
        "date": "2024-05-01",
        "outcome": None,
        "riskLevel": "HIGH",
        "agent": [{"iri": E + "anatel", "label": "Anatel"}],
        "affected": [{"iri": E + "tiktok", "label": "TikTok"}],
        "jurisdiction": [{"iri": E + "india", "label": "India"}],
        "evidence": {
            "sentence": "Sentence 0 of a1.",
            "article": {"iri": article("a1"), "url": None, "title": "a1", "published": "2024-05-02"},
        },
    }


@pytest.mark.parametrize(
    ("etype", "outcome", "level"),
    [
        ("Ban", None, "HIGH"),  # 60 points
        ("CourtRuling", "upheld", "HIGH"),  # 45
        ("Fine", None, "MEDIUM"),  # 25
        ("Investigation", None, "MEDIUM"),  # 15, the threshold itself
        ("CourtRuling", "dismissed", "LOW"),  # the plain CourtRuling rule: 10
        ("BanLifted", None, "LOW"),  # -40: lowers risk
        ("PublicStatement", None, "LOW"),  # no rule
    ],
)
def test_an_events_own_risk_level_reads_its_rule_on_the_levels(etype: str, outcome: str | None, level: str) -> None:
    assert event_level(etype, outcome) == level


def facts(etype: str = "Fine", top: str = "RegulatoryAction", **roles: list[str]) -> EventFacts:
    return EventFacts("i", etype, top, "2024-05-01", None, event_level(etype, None), "r", roles=roles)


def test_each_field_of_a_filter_narrows_it() -> None:
    fine = facts(affected=[E + "tiktok"], jurisdiction=[E + "india"], agent=[E + "meity"])
    assert Filter().matches(fine)
    assert Filter(entity=E + "tiktok").matches(fine)
    assert Filter(entity=E + "meity").matches(fine)  # any role
    assert not Filter(entity=E + "x").matches(fine)
    assert Filter(jurisdiction=E + "india").matches(fine)
    assert not Filter(jurisdiction=E + "tiktok").matches(fine)  # the jurisdiction role only
    assert Filter(event_types=("Ban", "Fine")).matches(fine)
    assert Filter(event_types=("RegulatoryAction",)).matches(fine)  # a top class
    assert not Filter(event_types=("Ban", "JudicialAction")).matches(fine)
    assert Filter(min_risk="MEDIUM").matches(fine)
    assert not Filter(min_risk="HIGH").matches(fine)
    assert not Filter(entity=E + "tiktok", min_risk="HIGH").matches(fine)  # all fields must hold


def test_a_user_sees_and_deletes_only_their_own_watchlists(tmp_path: Path) -> None:
    storage = WatchStorage(tmp_path / "w.sqlite")
    mine = storage.create(Watchlist(id="", owner="alice", name="mine", event_types=["Ban"]))
    theirs = storage.create(Watchlist(id="", owner="bob", name="theirs"))
    assert [w.name for w in storage.watchlists("alice")] == ["mine"]
    assert storage.watchlist(theirs.id, "alice") is None
    assert storage.delete(theirs.id, "alice") is False
    assert [w.name for w in storage.watchlists()] == ["mine", "theirs"]
    assert storage.watchlist(mine.id, "alice") == mine  # read back whole, its secret too
    assert len(mine.secret) >= 40 and mine.secret != theirs.secret
    assert storage.delete(mine.id, "alice") is True
    assert [w.name for w in storage.watchlists()] == ["theirs"]
    storage.close()


def test_an_event_matched_twice_is_one_delivery_with_one_key(tmp_path: Path) -> None:
    storage = WatchStorage(tmp_path / "w.sqlite")
    wl = storage.create(Watchlist(id="", owner="alice", name="w", webhook_url="http://127.0.0.1:9/hook"))
    storage.found(article("a1"), ["inst-1"])
    storage.matched(["inst-1"], [(wl.id, "inst-1", '{"n": 1}')])
    storage.found(article("a1"), ["inst-1"])  # a restart that matched it again
    storage.matched(["inst-1"], [(wl.id, "inst-1", '{"n": 2}')])
    (delivery,) = storage.deliveries(wl.id)
    assert (delivery.key, delivery.payload, delivery.status, delivery.attempts) == (
        delivery_key(wl.id, "inst-1"),
        '{"n": 1}',
        "pending",
        0,
    )
    assert storage.fresh() == []
    storage.attempted(
        [Try(delivery.key, 1, 503, "HTTP 503", "pending", 1e12), Try(delivery.key, 2, 200, None, "delivered")]
    )
    (delivery,) = storage.deliveries(wl.id)
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert [(a.n, a.status_code, a.error) for a in storage.attempts(delivery.key)] == [
        (1, 503, "HTTP 503"),
        (2, 200, None),
    ]
    assert storage.due(now=1e13) == []
    storage.close()


def test_the_readmes_signature_check_accepts_our_signature_and_nothing_else() -> None:
    """The Python a receiver copies from the README verifies what kg.watch.signing signs."""
    import re
    import time

    from kg.watch.signing import sign
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(import hashlib, hmac, time\n.*?)```", readme, re.S)
    assert code is not None
    names: dict = {}
    exec(code.group(1), names)
    stamp, body = str(int(time.time())), b'{"idempotencyKey": "k"}'
    headers = {"X-KG-Timestamp": stamp, "X-KG-Signature": sign("s3cret", stamp, body)}
    assert names["verify"]("s3cret", headers, body) is True
    assert names["verify"]("another", headers, body) is False
    assert names["verify"]("s3cret", headers, body + b" ") is False
    old = str(int(time.time()) - 3600)
    assert (
        names["verify"]("s3cret", {"X-KG-Timestamp": old, "X-KG-Signature": sign("s3cret", old, body)}, body) is False
    )
