"""8 writers (POST /articles) and 32 readers (GraphQL and SPARQL) against a real `kg serve`:
no errors, and every article written is readable afterwards, exactly once.

The short variant runs in CI (10 s); the 60 s one is marked slow (pytest -m slow).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import serving

TOKEN = "soak-token"
READS = [
    (
        "graphql",
        '{ events(first: 10, filter: {type: "RegulatoryAction"}) { totalCount edges { node { type date } } } }',
    ),
    ("graphql", '{ exposure(platform: "TikTok") { riskLevel reasons { text } } }'),
    ("graphql", "{ articles(first: 5) { totalCount edges { node { id title } } } }"),
    ("graphql", '{ timeline(entity: "Telegram") { id type date } }'),
    ("sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e a <https://w3id.org/regrisk/ontology#Event> } }"),
    ("sparql", "SELECT ?e ?t WHERE { GRAPH ?g { ?e <https://w3id.org/regrisk/ontology#eventType> ?t } } LIMIT 20"),
]


@pytest.fixture()
def soak_server(sample_store: Path, tmp_path: Path) -> Iterator[str]:
    store = tmp_path / "kg"
    shutil.copytree(sample_store, store)
    # 40 clients from one address: the per-client budget would refuse them as one greedy client
    # (tests/service/test_store_work.py checks the budget); this test is about writes and reads
    env = {
        "KG_API_TOKENS": f'["{TOKEN}"]',
        "KG_PRODUCTION": "true",
        "KG_QUERY_SECONDS_PER_MINUTE": "100000",
        "KG_CLIENT_MAX_CONCURRENT_QUERIES": "64",
    }
    with serving(store, env, tmp_path) as url:
        yield url


def soak(url: str, seconds: float, writers: int = 8, readers: int = 32) -> None:
    errors: list[str] = []
    written: dict[str, str] = {}
    reads = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def writer(n: int) -> None:
        with httpx.Client(timeout=120) as http:
            i = 0
            while time.monotonic() < stop:
                title = f"Soak {n}-{i}"
                text = (
                    f"NAIROBI, Nov. {1 + i % 28}, 2024 - The Communications Authority of Kenya suspended Telegram "
                    f"for writer {n}, report {i}, citing exam leaks. Users moved to WhatsApp, the regulator said."
                )
                resp = http.post(
                    f"{url}/articles",
                    json={"text": text, "title": title, "published": "2024-11-11"},
                    headers={"Authorization": f"Bearer {TOKEN}"},
                )
                with lock:
                    if resp.status_code != 200:
                        errors.append(f"write {resp.status_code}: {resp.text[:200]}")
                    else:
                        written[resp.json()["results"][0]["id"]] = title
                i += 1

    def reader(n: int) -> None:
        with httpx.Client(timeout=120) as http:
            i = n
            while time.monotonic() < stop:
                kind, query = READS[i % len(READS)]
                if kind == "graphql":
                    resp = http.post(f"{url}/graphql", json={"query": query})
                    bad = resp.status_code != 200 or "errors" in resp.json()
                else:
                    resp = http.get(f"{url}/sparql", params={"query": query}, headers={"Accept": "application/json"})
                    bad = resp.status_code != 200
                with lock:
                    reads[0] += 1
                    if bad:
                        errors.append(f"{kind} {resp.status_code}: {resp.text[:200]}")
                i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    threads += [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"soak {seconds:g} s: {len(written)} articles written, {reads[0]} reads, {len(errors)} errors")
    assert not errors, errors[:5]
    assert len(written) >= writers and reads[0] >= readers
    with httpx.Client(timeout=60) as http:
        for article_id, title in written.items():
            body = http.post(
                f"{url}/graphql", json={"query": f'{{ article(id: "{article_id}") {{ title eventCount }} }}'}
            )
            article = body.json()["data"]["article"]
            assert article["title"] == title and article["eventCount"] >= 1
        listed = http.post(f"{url}/graphql", json={"query": "{ articles(first: 100) { totalCount } }"}).json()
        query = (
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a <https://w3id.org/regrisk/ontology#Article> } }"
        )
        counted = http.get(f"{url}/sparql", params={"query": query}, headers={"Accept": "application/json"}).json()
    assert listed["data"]["articles"]["totalCount"] == int(counted["results"]["bindings"][0]["n"]["value"])


def test_eight_writers_and_thirty_two_readers_for_ten_seconds(soak_server: str) -> None:
    soak(soak_server, 10)


@pytest.mark.slow
def test_eight_writers_and_thirty_two_readers_for_a_minute(soak_server: str) -> None:
    soak(soak_server, 60)
