"""Q8, the articles newest first, from the read model's `article` table (kg/article_rows.py):
the same rows as queries/articles.rq in the same order, pages by keyset cursors put together
are the whole list, a page is an index walk that LIMIT stops (SQLite's own plan), and the rows
follow every write: a new article, a replaced one, a writer killed before its rows, a rebuild.
Real stores on disk; the hand-made articles (tests/kg/handmade.py) give exact answers."""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import article_rows
from kg.queries import catalogue
from kg.question_rows import After
from kg.service.graphql_view import build_schema
from kg.service.loaders import loaders
from kg.settings import Settings
from kg.store import EmbeddedStore
from tests.kg.handmade import Report, write

A = "https://w3id.org/regrisk/id/article/"
G = "https://w3id.org/regrisk/id/graph/"
BAN = {"affected": ["tiktok"]}

# Five articles: two on the same day (ordered by IRI), one undated (last), one with two events
# and a hedged one (not an rr:Event, so not counted).
ARTICLES = [
    Report("a-old", "Ban", BAN, "india", published="2024-01-10", title="Old ban"),
    Report("c-same", "Fine", BAN, "european-union", published="2024-03-05", title="Fine, second of the day"),
    Report("b-same", "Ban", BAN, "united-states", published="2024-03-05", title="Ban, first of the day"),
    Report("d-undated", "Ban", BAN, "russia", published=None, title="Undated"),
    Report(
        "e-new",
        "Ban",
        BAN,
        "brazil",
        published="2024-06-01",
        title="Newest",
        extra=[
            Report("e-new", "Fine", BAN, "brazil"),
            Report("e-new", "Ban", BAN, "vietnam", factuality="hedged"),
        ],
    ),
]
NEWEST_FIRST = [
    (A + "e-new", "Newest", "2024-06-01", 2),
    (A + "b-same", "Ban, first of the day", "2024-03-05", 1),
    (A + "c-same", "Fine, second of the day", "2024-03-05", 1),
    (A + "a-old", "Old ban", "2024-01-10", 1),
    (A + "d-undated", "Undated", None, 1),
]


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path / "kg")
    write(opened, *ARTICLES)
    yield opened
    opened.close()


def listed(rows: list[dict]) -> list[tuple]:
    return [(r["article"], r["title"], r["published"], int(r["events"])) for r in rows]


def canned(store: EmbeddedStore) -> list[tuple]:
    return listed(catalogue()["articles"].run(store, {"id": ""}))


def test_the_read_model_lists_the_articles_as_the_canned_query_does(store: EmbeddedStore) -> None:
    rows, total = article_rows.page(store, 10, 0)
    assert listed(rows) == NEWEST_FIRST == canned(store)
    assert total == 5
    assert rows[0] == {
        "graph": G + "e-new",
        "article": A + "e-new",
        "id": "e-new",
        "title": "Newest",
        "published": "2024-06-01",
        "url": None,
        "events": 2,
    }


def test_pages_after_each_keyset_put_together_are_the_whole_list(store: EmbeddedStore) -> None:
    conn = store.read_model.reader()
    assert listed(article_rows.newest(conn, 2)) == NEWEST_FIRST[:2]
    assert listed(article_rows.newest(conn, 2, After("2024-03-05", A + "b-same"))) == NEWEST_FIRST[2:4]
    assert listed(article_rows.newest(conn, 2, After("2024-01-10", A + "a-old"))) == NEWEST_FIRST[4:]
    assert listed(article_rows.newest(conn, 2, After(None, A + "d-undated"))) == []
    # an undated article's keyset goes on among the undated, by IRI
    assert listed(article_rows.newest(conn, 2, After(None, A + "c"))) == NEWEST_FIRST[4:]


def test_a_page_walks_the_article_newest_index_and_sorts_nothing(store: EmbeddedStore) -> None:
    conn = store.read_model.reader()
    for after in (None, After("2024-03-05", A + "b-same"), After(None, A + "c")):
        said: list[str] = []
        conn.set_trace_callback(said.append)
        try:
            article_rows.newest(conn, 2, after)
        finally:
            conn.set_trace_callback(None)
        (page,) = [s for s in said if " LIMIT " in s]
        plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + page))
        assert "article_newest" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def graphql(store: EmbeddedStore, query: str, variables: dict | None = None) -> dict:
    """The real schema over the real store, in-process (no HTTP, no response cache)."""
    settings = Settings(store=store.location)
    context = {"store": store, "settings": settings, **loaders(store)}

    async def run() -> dict:
        result = await build_schema(settings).execute(query, variable_values=variables, context_value=context)
        assert not result.errors, result.errors
        return result.data

    return asyncio.run(run())


PAGE = """query ($after: String) { articles(first: 2, after: $after) { totalCount
  edges { cursor node { iri published eventCount } } pageInfo { hasNextPage hasPreviousPage endCursor } } }"""


def key(cursor: str) -> list:
    kind, _, body = base64.b64decode(cursor).decode().partition(":")
    assert kind == "articles.newest"
    return json.loads(body)


def test_articles_pages_carry_keyset_cursors_exactly(store: EmbeddedStore) -> None:
    pages, after = [], None
    while True:
        page = graphql(store, PAGE, {"after": after})["articles"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert [p["totalCount"] for p in pages] == [5, 5, 5]
    assert [[key(e["cursor"]) for e in p["edges"]] for p in pages] == [
        [["2024-06-01", A + "e-new", 0], ["2024-03-05", A + "b-same", 1]],
        [["2024-03-05", A + "c-same", 2], ["2024-01-10", A + "a-old", 3]],
        [[None, A + "d-undated", 4]],
    ]
    assert [(e["node"]["iri"], e["node"]["published"], e["node"]["eventCount"]) for p in pages for e in p["edges"]] == [
        (iri, published, events) for iri, _title, published, events in NEWEST_FIRST
    ]
    assert [(p["pageInfo"]["hasNextPage"], p["pageInfo"]["hasPreviousPage"]) for p in pages] == [
        (True, False),
        (True, True),
        (False, True),
    ]


def test_an_article_written_between_two_pages_neither_repeats_nor_skips_one(store: EmbeddedStore) -> None:
    first = graphql(store, PAGE)["articles"]
    write(store, Report("f-newer", "Ban", BAN, "india", published="2025-01-01"))
    second = graphql(store, PAGE, {"after": first["pageInfo"]["endCursor"]})["articles"]
    assert [e["node"]["iri"] for e in second["edges"]] == [A + "c-same", A + "a-old"]
    assert second["totalCount"] == 6


def test_a_replaced_article_replaces_its_row(store: EmbeddedStore) -> None:
    assert write(store, Report("a-old", "Ban", BAN, "india", published="2024-09-09", title="Old ban, redated")) == [
        "replaced"
    ]
    rows, total = article_rows.page(store, 10, 0)
    assert total == 5
    assert listed(rows)[:2] == [(A + "a-old", "Old ban, redated", "2024-09-09", 1), NEWEST_FIRST[0]]
    assert listed(rows) == canned(store)
    assert store.read_model.differences(store.select) == []


def test_one_article_by_iri_or_content_hash_or_none(store: EmbeddedStore) -> None:
    assert article_rows.article(store, "b-same")["article"] == A + "b-same"
    assert article_rows.article(store, A + "b-same")["id"] == "b-same"
    assert article_rows.article(store, "nothing-like-it") is None


def test_a_store_without_a_read_model_pages_the_canned_query_by_offset(store: EmbeddedStore) -> None:
    model, store.read_model = store.read_model, None
    try:
        rows, total = article_rows.page(store, 2, 2)
        assert (listed(rows), total) == (NEWEST_FIRST[2:4], 5)
        assert article_rows.article(store, "b-same")["title"] == "Ban, first of the day"
        assert graphql(store, PAGE)["articles"]["edges"][1]["node"]["iri"] == A + "b-same"
    finally:
        store.read_model = model


def test_pending_article_rows_are_rebuilt_on_a_writers_open_and_validate_names_a_wrong_one(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    store = EmbeddedStore(path)
    write(store, *ARTICLES)
    model = store.read_model
    model.begin([], [G + "a-old"])  # as if a writer had been killed after step 1
    model._writer.execute("DELETE FROM article WHERE graph = ?", (G + "a-old",))
    assert store.questions_model() is None  # the questions ask SPARQL until it is settled
    assert model.differences(store.select) == []  # known to be behind, not wrong
    store.close()
    del store, model
    gc.collect()  # RocksDB's lock goes with the last reference to the store

    store = EmbeddedStore(path)  # a writer's open settles it
    assert store.read_model.pending_articles() == []
    assert listed(article_rows.page(store, 10, 0)[0]) == NEWEST_FIRST
    store.read_model._writer.execute("UPDATE article SET events = 7 WHERE graph = ?", (G + "c-same",))
    assert store.read_model.differences(store.select) == [
        f"the read model's article row of {G}c-same differs from the graph"
    ]
    store.reindex()
    assert store.read_model.differences(store.select) == []
    assert listed(article_rows.page(store, 10, 0)[0]) == NEWEST_FIRST
    store.close()


def test_the_sample_articles_page_as_the_canned_query_lists_them(sample_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "kg"
    shutil.copytree(sample_store, target)
    store = EmbeddedStore(target)
    try:
        whole = canned(store)
        conn = store.read_model.reader()
        pages, after = [], None
        while True:
            page = article_rows.newest(conn, 5, after)
            if not page:
                break
            pages += page
            after = After(page[-1]["published"], page[-1]["article"])
        assert listed(pages) == whole
        assert len(whole) == article_rows.count(conn) == 12
    finally:
        store.close()
