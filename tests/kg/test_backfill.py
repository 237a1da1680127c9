"""The backfill path without a cluster of one's own: `kg ingest --to-nquads DIR --workers 2`
(a Dask cluster of two processes started by the command), then `kg import DIR`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, run_kg
from tests.kg.test_cluster import SUMMARY_ALL_NEW, sorted_dump, stats_of


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_a_rerun_redoes_only_the_deleted_shard_and_the_import_is_the_ingested_store(
    sample_store: Path, tmp_path: Path
) -> None:
    shards = tmp_path / "shards"
    first = run_kg("ingest", str(EXAMPLES), "--to-nquads", str(shards), "--workers", "2", "-q")
    assert first.returncode == 0, first.stderr
    assert SUMMARY_ALL_NEW in first.stderr
    manifest = manifest_of(shards)
    assert (manifest["articles"], manifest["failed"]) == (12, 0)
    names = [s["name"] for s in manifest["shards"]]
    assert sorted(p.name for p in shards.glob("*.nq")) == sorted(names)
    assert len(names) == 2  # 12 articles in batches of 8

    gone = manifest["shards"][0]
    kept = {n: (shards / n).stat().st_mtime_ns for n in names if n != gone["name"]}
    (shards / gone["name"]).unlink()
    again = run_kg("ingest", str(EXAMPLES), "--to-nquads", str(shards), "--workers", "2", "-q")
    assert again.returncode == 0, again.stderr
    redone = len(gone["rows"])
    assert f"│ {redone:>3} │        0 │ {12 - redone:>9} │      0 │" in again.stderr
    assert {n: (shards / n).stat().st_mtime_ns for n in kept} == kept  # the others were not rewritten
    assert manifest_of(shards) == manifest

    store = tmp_path / "kg"
    loaded = run_kg("import", str(shards), "--store", str(store))
    assert loaded.returncode == 0, loaded.stderr
    assert stats_of(store) == stats_of(sample_store)
    assert sorted_dump(store) == sorted_dump(sample_store)
    # its event links and read model are there, and agree with what its articles say
    checked = run_kg("validate", "--store", str(store))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (store / "read-model.sqlite").exists()


def test_import_refuses_a_shard_folder_with_a_shard_missing_and_makes_no_store(tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "manifest.json").write_text(
        json.dumps({"extractor": "x", "shards": [{"name": "shard-0.nq", "rows": []}]}), encoding="utf-8"
    )
    loaded = run_kg("import", str(shards), "--store", str(tmp_path / "kg"))
    assert loaded.returncode == 2
    assert loaded.stderr.startswith("error: 1 shard(s) of ")
    assert "shard-0.nq" in loaded.stderr
    assert not (tmp_path / "kg").exists()


def test_a_manifest_made_by_another_extractor_reuses_no_shard(tmp_path: Path) -> None:
    from kg.backfill import Manifest, shard_name
    from kg.sources import Article

    batch = [Article("Regulators fined the platform on Monday for breaching the law.", "a.txt")]
    rows = [{"source": "a.txt", "shard": shard_name(batch), "id": "x", "events": 0, "entities": 0, "quads": 1}]
    (tmp_path / shard_name(batch)).write_text("", encoding="utf-8")
    Manifest(tmp_path, "extractor/1", {shard_name(batch): rows}).write()
    assert Manifest.read(tmp_path, "extractor/1").finished(batch) == rows
    assert Manifest.read(tmp_path, "extractor/2").finished(batch) is None
    (tmp_path / shard_name(batch)).unlink()
    assert Manifest.read(tmp_path, "extractor/1").finished(batch) is None


def test_the_shards_are_read_as_one_stream_in_pieces_no_larger_than_asked(tmp_path: Path) -> None:
    """pyoxigraph's reader panics on a read that returns more than it asked for."""
    from kg.backfill import _Chained

    (tmp_path / "a.nq").write_bytes(b"first shard\n")
    (tmp_path / "b.nq").write_bytes(b"second\n")
    stream = _Chained([tmp_path / "a.nq", tmp_path / "b.nq"], b"and the instances\n")
    pieces = []
    while piece := stream.read(5):
        pieces.append(piece)
    assert max(map(len, pieces)) == 5
    assert b"".join(pieces) == b"first shard\nsecond\nand the instances\n"
