"""The `kg` command end to end, as a user runs it, over the project's own sample articles."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import DEV_CORPUS, EXAMPLES, FIXTURES, KG, ROOT, run_kg, timeless


def stats_of(store: Path) -> dict:
    result = run_kg("stats", "--store", str(store), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_ingesting_twice_gives_identical_stats_and_the_graph_passes_shacl(sample_store: Path, tmp_path: Path) -> None:
    first = stats_of(sample_store)
    assert first["articles"] == len(list(EXAMPLES.glob("*.txt")))
    assert first["events"] > 30
    again = run_kg("ingest", str(EXAMPLES), "--store", str(sample_store), "-q")
    assert again.returncode == 0
    assert "│   0 │        0 │        12 │      0 │" in again.stderr
    assert stats_of(sample_store) == first
    valid = run_kg("validate", "--store", str(sample_store))
    assert valid.returncode == 0, valid.stderr
    assert "conforms" in valid.stderr


def test_bad_inputs_get_one_line_each_the_rest_goes_in_and_the_exit_is_non_zero(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    result = run_kg("ingest", str(FIXTURES / "inputs"), "--store", str(store), "-q")
    assert result.returncode == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    assert len(failures) == 7
    assert "Traceback" not in result.stderr
    assert stats_of(store)["articles"] == 4


def test_extract_prints_the_spec_json(tmp_path: Path) -> None:
    article = EXAMPLES / "ireland-dpc-tiktok-fine.txt"
    result = run_kg("extract", str(article), "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) >= {"article", "entities", "events"}
    fine = next(e for e in data["events"] if e["type"] == "Fine")
    assert fine["amount"] == {"value": 530000000, "currency": "EUR", "text": "€530 million"}
    assert fine["date"] == "2025-05-02"
    assert {"sentence", "start", "end", "trigger", "confidence"} <= set(fine)


def test_extract_turtle_is_rdf(tmp_path: Path) -> None:
    import rdflib

    result = run_kg("extract", str(EXAMPLES / "brazil-x-suspended.txt"), "--format", "turtle")
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) > 50


@pytest.mark.parametrize("fmt", ["nquads", "trig", "turtle", "jsonld"])
def test_export_dumps_parse_back(sample_store: Path, fmt: str) -> None:
    import rdflib

    result = subprocess.run(
        [*KG, "export", "--store", str(sample_store), "--format", fmt], capture_output=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0
    rdflib_format = {"nquads": "nquads", "trig": "trig", "turtle": "turtle", "jsonld": "json-ld"}[fmt]
    data = rdflib.Dataset().parse(data=result.stdout.decode(), format=rdflib_format)
    assert len(data) > 1000


def test_extraction_scores_stay_above_their_floors() -> None:
    """corpus/floors.json records the scores reached; a change that loses gold events fails here.
    The holdout is scored, never read: its floor guards against regressions, not a target."""
    floors = json.loads((ROOT / "corpus" / "floors.json").read_text())
    folders = {name: ROOT / name for name in ("corpus/dev", "corpus/holdout", "corpus/holdout2")}
    folders["shared/dev"] = DEV_CORPUS
    result = run_kg("eval", *map(str, folders.values()), "--format", "json")
    scored = dict(zip(folders, json.loads(result.stdout), strict=True))
    below = {
        (name, key): (got, floors[name][key])
        for name, report in scored.items()
        for key, got in (
            ("f1", report["events"]["strict"]["f1"]),
            ("typed_recall", report["entities"]["typed_recall"]),
            ("dates", report["dates"]["accuracy"]),
        )
        if got < floors[name][key] - 0.0005
    }
    assert below == {}


def test_query_runs_canned_queries_by_name(sample_store: Path) -> None:
    listing = run_kg("query", "--list")
    assert "policy_impact" in listing.stdout
    result = run_kg("query", "migrations", "--param", "from=TikTok", "--store", str(sample_store), "--format", "json")
    rows = json.loads(result.stdout)
    assert {r["destinationLabel"] for r in rows} == {"Xiaohongshu"}


def _write_corpus(path: Path, count: int) -> None:
    samples = [p.read_text() for p in sorted(EXAMPLES.glob("*.txt"))]
    with path.open("w") as f:
        for i in range(count):
            f.write(
                json.dumps({"text": f"{samples[i % len(samples)]}\n\nUpdate number {i}.", "published": "2025-01-20"})
                + "\n"
            )


def kill_during_ingest(corpus: Path, store: Path, after_s: float) -> None:
    proc = subprocess.Popen(
        [*KG, "ingest", str(corpus), "--store", str(store), "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    time.sleep(after_s)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize(("count", "kills"), [(800, [3.0, 4.5, 6.0])])
def test_a_killed_ingest_leaves_whole_graphs_and_a_rerun_finishes(tmp_path: Path, count: int, kills: list) -> None:
    corpus, store = tmp_path / "corpus.jsonl", tmp_path / "kg"
    _write_corpus(corpus, count)
    seen = []
    for after in kills:
        kill_during_ingest(corpus, store, after)
        seen.append(stats_of(store)["articles"])
        check = run_kg("validate", "--store", str(store))
        assert check.returncode == 0, check.stderr
    assert 0 < seen[-1] < count, seen
    rerun = run_kg("ingest", str(corpus), "--store", str(store), "-q")
    assert rerun.returncode == 0
    final = stats_of(store)
    assert final["articles"] == count
    events_per_article = run_kg("query", "articles", "--store", str(store), "--format", "json")
    counts = [int(r["events"]) for r in json.loads(events_per_article.stdout)]
    assert len(counts) == count and min(counts) >= 1


@pytest.mark.slow
def test_twenty_kills_during_a_thousand_article_ingest(tmp_path: Path) -> None:
    import random

    corpus, store = tmp_path / "corpus.jsonl", tmp_path / "kg"
    _write_corpus(corpus, 1000)
    rng = random.Random(7)
    for _ in range(20):
        kill_during_ingest(corpus, store, rng.uniform(2.5, 12))
    assert run_kg("validate", "--store", str(store)).returncode == 0
    assert run_kg("ingest", str(corpus), "--store", str(store), "-q").returncode == 0
    assert stats_of(store)["articles"] == 1000


def test_an_exported_dump_imports_into_an_equal_store(sample_store: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    dump.write_bytes(run_kg_bytes("export", "--store", str(sample_store), "--format", "nquads"))
    restored = tmp_path / "restored"
    result = run_kg("import", str(dump), "--store", str(restored))
    assert result.returncode == 0, result.stderr
    assert dump_of(restored) == dump_of(sample_store)
    assert run_kg("validate", "--store", str(restored)).returncode == 0


def test_a_broken_dump_is_refused_before_anything_is_written(sample_store: Path, tmp_path: Path) -> None:
    good = run_kg_bytes("export", "--store", str(sample_store), "--format", "nquads")
    broken = tmp_path / "broken.nq"
    broken.write_bytes(good + b'<https://x.example/s> <https://x.example/p> "unterminated .\n')
    target = tmp_path / "target"
    result = run_kg("import", str(broken), "--store", str(target))
    assert result.returncode == 1
    assert "nothing was imported" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()
    wrong = run_kg("import", str(tmp_path / "dump.ttl"), "--store", str(target))
    assert wrong.returncode == 2 and "unknown dump format" in wrong.stderr


def dump_of(store: Path) -> set[bytes]:
    """Every quad of a store, as N-Quads lines: two stores are equal when these are (no blank nodes
    are written, so the lines compare as they are)."""
    lines = set(timeless(run_kg_bytes("export", "--store", str(store), "--format", "nquads")))
    assert lines and not any(b"_:" in line.split(b" ", 1)[0] for line in lines)
    return lines


def run_kg_bytes(*args: str) -> bytes:
    result = subprocess.run([*KG, *args], capture_output=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_kg_bench_runs_a_benchmark_and_reports_ratios_against_its_limit(tmp_path: Path) -> None:
    """A smoke run of the machinery on a tiny graph (the figures themselves: benchmarks/RESULTS.md)."""
    result = subprocess.run(
        [*KG, "bench", "import_vs_bulk_load", "--quads", "3000", "--repeats", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "KG_BENCH_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "kg import vs pyoxigraph bulk_load" in result.stdout and "x (min" in result.stdout
    assert "target >= 0.8x" in result.stdout
    unknown = run_kg("bench", "nope")
    assert unknown.returncode == 2 and "unknown benchmark" in unknown.stderr


def test_two_workers_write_the_same_graph_as_one_process(sample_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "kg"
    result = run_kg(
        "ingest", str(EXAMPLES), str(FIXTURES / "inputs" / "empty.txt"), "--store", str(store), "-w", "2", "-q"
    )
    assert result.returncode == 1 and "empty" in result.stderr  # the bad input is reported, the rest goes in
    assert dump_of(store) == dump_of(sample_store)
