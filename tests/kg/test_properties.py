"""Property-based tests: whatever text, JSONL, HTML or feed comes in, ingestion never raises,
answers each input with a result, and leaves every article's graph whole or absent.

Real spaCy, a real on-disk Oxigraph store; hypothesis makes the inputs.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.ingest import IngestResult, ingest
from kg.rdf import to_quads
from kg.sources import read_path
from kg.store import EmbeddedStore
from kg.vocab import graph_iri

WORDS = [
    "TikTok",
    "the",
    "court",
    "upheld",
    "ban",
    "on",
    "Monday",
    "January",
    "2025",
    "fined",
    "Meta",
    "€1.2 billion",
    "European Commission",
    "RedNote",
    "users",
    "moved",
    "to",
    "law",
    "India",
    "blocked",
    "app",
    "store",
    "Apple",
    "removed",
    "said",
    ",",
    ".",
    "\n\n",
    "may",
    "not",
    "Supreme Court",
    "'s",
    "WASHINGTON —",
    "(Reuters)",
    "ordered",
    "divest",
    "ByteDance",
    "real-name",
    "rules",
    "ЕС",
    "抖音",
]
settings.register_profile(
    "kg", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("kg")

news_like = st.lists(st.sampled_from(WORDS), min_size=0, max_size=120).map(" ".join)
any_text = st.one_of(news_like, st.text(max_size=600), st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
jsonl_row = st.one_of(
    st.fixed_dictionaries(
        {"text": any_text},
        optional={"title": json_scalar, "published": json_scalar, "url": json_scalar},
    ),
    st.dictionaries(st.text(max_size=8), json_scalar, max_size=4),
    json_scalar,
    st.lists(json_scalar, max_size=3),
)


NEWS = (
    "WASHINGTON, Jan. 17, 2025 - The Supreme Court upheld the law that forces ByteDance to sell TikTok "
    "or see it banned in the United States. Users moved to RedNote, which topped the App Store."
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    return EmbeddedStore(tmp_path_factory.mktemp("props") / "kg")


def graph_size(store: EmbeddedStore, article_id: str) -> int:
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri(article_id)}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"])


def assert_whole_or_absent(store: EmbeddedStore, result: IngestResult) -> None:
    if result.status == "failed":
        assert result.error and "Traceback" not in result.error
        assert result.article_id is None or graph_size(store, result.article_id) == 0
        return
    assert result.extraction is not None and result.article_id
    graph = graph_iri(result.article_id)
    written = to_quads(result.extraction, extracted_at=datetime.now(UTC))  # stamped as ingest stamps it
    expected = {(q.subject, q.predicate, q.object) for q in written if q.graph_name.value == graph}
    assert graph_size(store, result.article_id) == len(expected)


def ingest_file(store: EmbeddedStore, path: Path, content: str | bytes | None = None) -> list[IngestResult]:
    """Write `content` (if given) to `path`, ingest it, check every result."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    results = ingest(store, read_path(path)).results
    assert results, "every input is answered, if only with a failure"
    for result in results:
        assert_whole_or_absent(store, result)
    return results


@given(text=any_text)
@example(text=NEWS)
def test_any_text_file_is_ingested_whole_or_refused_plainly(store, tmp_path: Path, text: str) -> None:
    [result] = ingest_file(store, tmp_path / "article.txt", text)
    assert result.status in ("new", "replaced", "unchanged", "failed")
    if text == NEWS:
        assert result.status != "failed" and result.events >= 2


@given(data=st.binary(max_size=400))
def test_any_bytes_are_refused_plainly_or_read_as_text(store, tmp_path: Path, data: bytes) -> None:
    ingest_file(store, tmp_path / "article.txt", data)


@given(rows=st.lists(jsonl_row, max_size=4), junk=st.sampled_from(["", "{", "not json", '{"text": 1}', "[]"]))
@example(rows=[{"text": NEWS, "title": 7, "published": {"a": 1}, "url": ["x"]}], junk="{")
def test_any_jsonl_gives_one_result_per_line(store, tmp_path: Path, rows: list, junk: str) -> None:
    lines = [json.dumps(r) for r in rows] + ([junk] if junk else [])
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    results = ingest(store, read_path(path)).results
    assert len(results) == max(1, len([line for line in lines if line.strip()])) or not lines
    for result in results:
        assert_whole_or_absent(store, result)


tags = st.sampled_from(["p", "div", "article", "h1", "script", "style", "span", "table", "td", "b"])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        tag = draw(tags)
        parts.append(f"<{tag}>{draw(any_text)}</{tag}>" if draw(st.booleans()) else f"<{tag}>{draw(any_text)}")
    title = draw(st.text(max_size=40))
    return f"<html><head><title>{title}</title></head><body>{''.join(parts)}</body></html>"


@given(page=st.one_of(html_pages(), st.text(max_size=300)))
def test_any_html_page_is_ingested_whole_or_refused_plainly(store, tmp_path: Path, page: str) -> None:
    ingest_file(store, tmp_path / "page.html", page)


@st.composite
def feeds(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(0, 3))):
        title, body, date = draw(st.text(max_size=30)), draw(any_text), draw(st.text(max_size=30))
        items.append(f"<item><title>{title}</title><description>{body}</description><pubDate>{date}</pubDate></item>")
    closing = draw(st.sampled_from(["</channel></rss>", "</channel>", ""]))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{"".join(items)}{closing}'


@given(feed=st.one_of(feeds(), st.text(max_size=300)))
def test_any_feed_is_ingested_whole_or_refused_plainly(store, tmp_path: Path, feed: str) -> None:
    ingest_file(store, tmp_path / "feed.xml", feed)


def test_the_store_passes_shacl_after_all_of_it(store) -> None:
    from kg.validate import validate

    conforms, report = validate(store)
    assert conforms, report
