"""`kg ingest` streams: an article is written (and counted) as soon as it is read, whatever comes
after it, and what the progress counts is what is in the store, at the end and at a Ctrl-C.
Real spaCy pipeline, real store on disk."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from kg.ingest import IngestResult, ingest
from kg.sources import Article, SourceError, count_inputs, read_inputs
from kg.store import EmbeddedStore
from tests.conftest import EXAMPLES, FIXTURES, KG, ROOT

ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a <https://w3id.org/regrisk/ontology#Article> } }"


def articles_in(store: EmbeddedStore) -> int:
    return int(store.select(ARTICLES)[0]["n"])


def samples(count: int) -> list[Article]:
    """`count` distinct articles (a sample text with a numbered last line)."""
    texts = [p.read_text() for p in sorted(EXAMPLES.glob("*.txt"))]
    return [
        Article(f"{texts[i % len(texts)]}\n\nUpdate number {i}.", f"sample-{i}", published="2025-01-20")
        for i in range(count)
    ]


def test_each_article_is_counted_when_it_is_in_the_store_not_later(tmp_path: Path) -> None:
    """The progress bar used to lag the writes by up to 32 articles: results were handed on in
    groups. Now each is counted by the writer right after its transaction."""
    store = EmbeddedStore(tmp_path / "kg")
    seen: list[tuple[str, int]] = []
    summary = ingest(store, samples(40), lambda r: seen.append((r.status, articles_in(store))), keep_results=False)
    assert seen == [("new", n) for n in range(1, 41)]
    assert (summary.counts, summary.results) == ({"new": 40}, [])


def test_at_a_ctrl_c_the_count_is_the_count_in_the_store(tmp_path: Path) -> None:
    """Ctrl-C raised while the 30th input is read: every counted article is in the store, and
    no article is in the store uncounted."""
    store = EmbeddedStore(tmp_path / "kg")
    counted: list[IngestResult] = []

    def interrupted() -> Iterator[Article]:
        yield from samples(29)
        raise KeyboardInterrupt

    try:
        ingest(store, interrupted(), counted.append)
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the interrupt was swallowed")
    assert 0 < len(counted) <= 29
    assert articles_in(store) == len(counted)
    assert {r.status for r in counted} == {"new"}


def test_an_input_that_never_ends_is_written_as_it_comes(tmp_path: Path) -> None:
    """Like a JSONL pipe whose writer pauses: three articles, then nothing for a long time. The
    three are in the store before the input says another word."""
    store = EmbeddedStore(tmp_path / "kg")
    more = threading.Event()
    counted: list[IngestResult] = []

    def paused() -> Iterator[Article]:
        first, *rest = samples(4)
        yield from [first, *rest[:2]]
        more.wait(300)
        yield rest[2]

    writing = threading.Thread(target=ingest, args=(store, paused(), counted.append))
    writing.start()
    try:
        deadline = time.monotonic() + 120
        while len(counted) < 3:
            assert time.monotonic() < deadline, f"{len(counted)} of 3 articles written while the input waited"
            time.sleep(0.05)
        assert (articles_in(store), writing.is_alive()) == (3, True)
    finally:
        more.set()
        writing.join(120)
    assert [r.source for r in counted] == ["sample-0", "sample-1", "sample-2", "sample-3"]


def test_kg_ingest_reads_jsonl_from_a_pipe_as_it_arrives(tmp_path: Path) -> None:
    """`kg ingest -`: two lines, then a pause with the pipe open: both are written (the store's
    write-ahead log grows) before the third line is sent."""
    store = tmp_path / "kg"
    lines = [json.dumps({"text": a.text, "published": a.published}) + "\n" for a in samples(3)]
    proc = subprocess.Popen(
        [*KG, "ingest", "-", "--store", str(store), "-q"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.stdin is not None
    proc.stdin.write("".join(lines[:2]))
    proc.stdin.flush()
    deadline = time.monotonic() + 120
    while sum(f.stat().st_size for f in store.glob("*.log")) < 20_000:  # an article's graph is ~30 kB of log
        assert proc.poll() is None and time.monotonic() < deadline, "nothing written while the pipe stayed open"
        time.sleep(0.05)
    proc.stdin.write(lines[2])
    proc.stdin.close()
    assert proc.wait(120) == 0
    assert proc.stderr is not None
    assert "│   3 │        0 │         0 │      0 │" in proc.stderr.read()


def test_the_total_is_counted_from_the_same_inputs_without_reading_them_into_memory() -> None:
    inputs = [EXAMPLES, FIXTURES / "inputs", FIXTURES / "inputs" / "batch.jsonl"]
    assert count_inputs(inputs) == sum(1 for _ in read_inputs(inputs)) == 12 + 11 + 4
    assert count_inputs([Path("-")]) is None  # standard input can be read only once


def test_published_dates_only_the_articles_without_a_date(tmp_path: Path) -> None:
    text = "Nepal's telecom regulator banned TikTok on Monday, citing social harmony."  # no dateline
    (tmp_path / "undated.txt").write_text(text)
    (tmp_path / "dated.jsonl").write_text(json.dumps({"text": text, "published": "2024-06-11"}) + "\n")
    dated = {Path(i.source).name: i.published for i in read_inputs([tmp_path], "2020-02-02")}
    assert dated == {"dated.jsonl:1": "2024-06-11", "undated.txt": "2020-02-02"}


def test_a_jsonl_line_too_long_to_hold_is_refused_and_the_next_line_read(tmp_path: Path) -> None:
    from kg.sources import MAX_ARTICLE_BYTES, MAX_LINE_BYTES

    path = tmp_path / "big.jsonl"
    text = samples(1)[0].text
    path.write_text('{"text": "' + "a" * MAX_LINE_BYTES + '"}\n' + json.dumps({"text": text}) + "\n")
    first, second = read_inputs([path])
    assert isinstance(first, SourceError) and (first.source, first.reason) == (
        f"{path}:1",
        f"larger than the limit of {MAX_ARTICLE_BYTES:,} bytes",
    )
    assert isinstance(second, Article) and second.source == f"{path}:2"
