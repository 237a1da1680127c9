"""The read model (kg/read_model.py) keeps agreeing with the graph: a writer killed between
its graph and its rows is reconciled on the next open, `kg reindex` rebuilds the same rows,
and `kg validate` names a row that disagrees. Real stores on disk, real subprocesses, real
SIGKILLs."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import answers, exposure_answers
from kg.read_model import path_for
from kg.store import EmbeddedStore, StoreLockedError
from tests.conftest import KG, ROOT, read_model_complaints, run_kg
from tests.kg.test_cli import _write_corpus

# The child writes one ban, then a second report of it and a fine; before the rows of that
# second write are settled it is killed with SIGKILL, as a crash would.
CHILD = """
import os, signal, sys
from kg.read_model import ReadModel
from kg.store import EmbeddedStore, StoreLockedError
from tests.kg.handmade import Report, write

store = EmbeddedStore(sys.argv[1])
write(store, Report("b0", "Ban", {"affected": ["tiktok"]}, "united-states", date="2025-01-19", published="2025-01-20"))
ReadModel.settle = lambda self, groups: os.kill(os.getpid(), signal.SIGKILL)
write(store, Report("b1", "Ban", {"affected": ["tiktok"]}, "united-states", date="2025-01-19", published="2025-01-21",
                    extra=[Report("f1", "Fine", {"affected": ["bytedance"]}, "european-union", date="2024-09-02")]))
print("not killed")
"""


def test_a_writer_killed_between_its_graph_and_its_rows_is_reconciled_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    child = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "not killed" not in child.stdout

    # Before a writer opens it: the graph has the second article, the rows do not, and the
    # read model says so (pending), so questions ask SPARQL and stay right.
    reader = EmbeddedStore(path, read_only=True)
    assert reader.read_model is not None and len(reader.read_model.pending()) == 2
    assert reader.questions_model() is None
    found = {a.jurisdiction.label: a for a in exposure_answers.exposure(reader, "TikTok")}
    assert sorted(found) == ["European Union", "United States"]
    (ban,) = found["United States"].events
    assert len(answers.reports(reader, [ban.instance])[ban.instance]) == 2
    reader.close()

    store = EmbeddedStore(path)  # the writer's open settles the pending groups
    model = store.read_model
    assert model.pending() == []
    assert model.differences(store.select) == []
    rows, _roles = model.contents()
    assert sorted((r[2], r[11], r[9]) for r in rows) == [("Ban", 2, "2025-01-20"), ("Fine", 1, "2025-01-21")]
    store.close()


def writer(path: Path, patience_s: float = 20.0) -> EmbeddedStore:
    """The store opened for writing once the killed process's lock is gone."""
    deadline = time.monotonic() + patience_s
    while True:
        try:
            return EmbeddedStore(path)
        except StoreLockedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def after_reopening(path: Path) -> tuple[list[str], list[str], int, int, int]:
    """Open for writing (which reconciles), and say what the read model holds then (with how
    many exposure sums, which `differences` checks against the acts): in a function, so no
    reference keeps RocksDB's lock from the next ingest."""
    store = writer(path)
    try:
        model = store.read_model
        meta = "SELECT ?g WHERE { GRAPH <https://w3id.org/regrisk/id/graph/meta> { ?g ?p ?h } }"
        sums = model.reader().execute("SELECT COUNT(*) FROM exposure_sum").fetchone()[0]
        return (
            model.pending(),
            model.differences(store.select),
            len(store.select(meta)),
            len(model.contents()[0]),
            sums,
        )
    finally:
        store.close()


def kill_when_written(corpus: Path, path: Path, articles: int, patience_s: float = 120.0) -> None:
    """`kg ingest` killed with SIGKILL once the read model counts `articles` reports (a reader
    may poll SQLite beside the writer), so the kill lands mid-ingest whatever the machine's speed."""
    proc = subprocess.Popen(
        [*KG, "ingest", str(corpus), "--store", str(path), "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    deadline = time.monotonic() + patience_s
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if written(path) >= articles:
                break
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before it was killed"


def written(path: Path) -> int:
    """Reports the read model holds, read beside the writer (0 before it exists)."""
    if not path_for(path).exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path_for(path)}?mode=ro", uri=True, timeout=0.1) as conn:
            return int(conn.execute("SELECT COALESCE(SUM(reports), 0) FROM instance").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("reports", [[30, 150]])
def test_kill_9_mid_ingest_leaves_graph_and_read_model_agreeing(tmp_path: Path, reports: list[int]) -> None:
    corpus, path = tmp_path / "corpus.jsonl", tmp_path / "kg"
    _write_corpus(corpus, 400)
    articles = []
    for target in reports:
        kill_when_written(corpus, path, target)
        pending, problems, count, rows, sums = after_reopening(path)
        assert (pending, problems) == ([], [])
        assert rows > 0 and sums > 0
        articles.append(count)
    assert 0 < articles[0] < articles[-1] < 400, articles


@pytest.fixture()
def copy(sample_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kg"
    shutil.copytree(sample_store, target)
    return target


def contents(path: Path) -> tuple[list, list]:
    with sqlite3.connect(path_for(path)) as conn:
        return (
            list(conn.execute("SELECT * FROM instance ORDER BY iri")),
            list(conn.execute("SELECT * FROM role ORDER BY instance, role, entity")),
        )


def test_kg_reindex_rebuilds_the_read_model_row_for_row(copy: Path) -> None:
    before = contents(copy)
    assert len(before[0]) >= 20 and len(before[1]) >= 60
    with sqlite3.connect(path_for(copy)) as conn:
        conn.execute("DELETE FROM instance WHERE iri = (SELECT MIN(iri) FROM instance)")
        conn.execute("UPDATE instance SET type = 'Fine', reports = 99")
        conn.execute("DELETE FROM role WHERE role = 'agent'")
    assert contents(copy) != before
    result = run_kg("reindex", "--store", str(copy))
    assert result.returncode == 0, result.stderr
    assert contents(copy) == before


def test_a_store_without_its_read_model_gets_the_same_one_on_a_writers_open(copy: Path) -> None:
    before = contents(copy)
    for name in os.listdir(copy):
        if name.startswith("read-model.sqlite"):
            os.remove(copy / name)
    EmbeddedStore(copy).close()
    assert contents(copy) == before


def test_kg_validate_names_the_rows_that_disagree_with_the_graph(copy: Path) -> None:
    assert run_kg("validate", "--store", str(copy)).returncode == 0
    with sqlite3.connect(path_for(copy)) as conn:
        first, second = [r[0] for r in conn.execute("SELECT iri FROM instance ORDER BY iri LIMIT 2")]
        conn.execute("UPDATE instance SET outcome = 'upheld' WHERE iri = ?", (first,))
        conn.execute("DELETE FROM instance WHERE iri = ?", (second,))
        conn.execute(
            "INSERT INTO instance VALUES ('urn:regrisk:ghost', 'g', 'Ban', 'RegulatoryAction', NULL, 'urn:regrisk:e',"
            " NULL, NULL, NULL, NULL, 0.5, 1)"
        )
    assert read_model_complaints(copy) == [
        f"the read model's row of {first} differs from the graph",
        f"the read model lacks the instance {second}",
        "the read model has an instance the graph does not: urn:regrisk:ghost",
    ]


def test_a_read_only_open_without_a_read_model_answers_from_sparql_alike(copy: Path) -> None:
    """A store no writer of this version has opened (a copy without the file) is read through
    SPARQL, with the same answers; the read-only open does not create the file."""
    with_model = EmbeddedStore(copy, read_only=True)
    assert with_model.questions_model() is not None
    expected = exposure_answers.exposure(with_model, "TikTok")
    with_model.close()
    del with_model
    for name in os.listdir(copy):
        if name.startswith("read-model.sqlite"):
            os.remove(copy / name)
    bare = EmbeddedStore(copy, read_only=True)
    assert bare.read_model is None and bare.questions_model() is None
    assert exposure_answers.exposure(bare, "TikTok") == expected and expected
    bare.close()
    assert not path_for(copy).exists()


def test_kg_import_builds_the_same_read_model_as_the_writes_that_made_the_dump(copy: Path, tmp_path: Path) -> None:
    """The bulk loader bypasses replace_article, so import rebuilds the read model at its end."""
    dump = tmp_path / "dump.nq"
    exported = run_kg("export", "--store", str(copy), "--format", "nquads")
    assert exported.returncode == 0, exported.stderr
    dump.write_text(exported.stdout)
    imported = run_kg("import", str(dump), "--store", str(tmp_path / "restored"))
    assert imported.returncode == 0, imported.stderr
    assert contents(tmp_path / "restored") == contents(copy)
