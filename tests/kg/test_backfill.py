"""The backfill path without a cluster of one's own: `kg ingest --to-nquads DIR --workers 2`
(a Dask cluster of two processes started by the command), then `kg import DIR`."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

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
    from kg.shard_import import _Chained

    (tmp_path / "a.nq").write_bytes(b"first shard\n")
    (tmp_path / "b.nq").write_bytes(b"second\n")
    (tmp_path / "c.nq").write_bytes(b"")
    (tmp_path / "d.nq").write_bytes(b"and the last\n")
    stream = _Chained([tmp_path / "a.nq", tmp_path / "b.nq", tmp_path / "c.nq", tmp_path / "d.nq"])
    pieces = []
    while piece := stream.read(5):
        pieces.append(piece)
    assert max(map(len, pieces)) == 5
    assert b"".join(pieces) == b"first shard\nsecond\nand the last\n"


@pytest.fixture(scope="module")
def shards_in_process(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, list[dict]]:
    """The sample articles as shards of 8, written by the function a Dask worker runs (in this
    process: the rows beside a shard do not depend on where it was made), with what it said."""
    from kg.backfill import write_shard
    from kg.sources import Article, read_inputs

    folder = tmp_path_factory.mktemp("shards-here")
    articles = [a for a in read_inputs([EXAMPLES]) if isinstance(a, Article)]
    said = [write_shard(str(folder), articles[start : start + 8]) for start in range(0, len(articles), 8)]
    return {folder / rows[0]["shard"]: rows for rows in said}


def test_the_rows_a_worker_writes_beside_its_shard_are_the_rows_worked_out_of_the_shard(
    shards_in_process: dict[Path, list[dict]],
) -> None:
    import pyoxigraph as ox

    from kg.shard_import import by_graph, rows_path, shard_shares, shares_of
    from kg.vocab import graph_iri

    assert [len(rows) for rows in shards_in_process.values()] == [8, 4]
    for shard, rows in shards_in_process.items():
        assert rows_path(shard).is_file()
        shipped = shard_shares(shard)
        assert sorted(shipped) == sorted(graph_iri(r["id"]) for r in rows)  # one share per article
        worked = shares_of(by_graph(ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS)))
        assert shipped == worked  # reports, article rows and amount rows, equal and in the same order
        assert sum(len(reports) for reports, _articles, _amounts in shipped.values()) == sum(r["events"] for r in rows)


def test_shards_without_their_rows_files_import_to_the_same_store_and_read_model(
    shards_in_process: dict[Path, list[dict]], sample_store: Path, tmp_path: Path
) -> None:
    """Shards made before the rows files existed, or whose rows file was lost or is broken,
    are worked out from their quads at import: the same graph and the same read model."""
    from kg.shard_import import import_shards, rows_path

    shards = list(shards_in_process)
    import_shards(tmp_path / "with-rows", shards)
    bare = tmp_path / "bare"
    bare.mkdir()
    for shard in shards:
        (bare / shard.name).write_bytes(shard.read_bytes())
    (bare / rows_path(shards[0]).name).write_text("{not json", encoding="utf-8")
    import_shards(tmp_path / "from-quads", [bare / s.name for s in shards])

    assert sorted_dump(tmp_path / "from-quads") == sorted_dump(tmp_path / "with-rows") == sorted_dump(sample_store)
    assert read_model_tables(tmp_path / "from-quads") == read_model_tables(tmp_path / "with-rows")
    assert read_model_tables(tmp_path / "with-rows") == read_model_tables(sample_store)


def read_model_tables(store: Path) -> dict[str, list[tuple]]:
    from kg.read_model import TABLES, path_for

    with closing(sqlite3.connect(path_for(store))) as db:
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def test_a_broken_shard_is_named_with_its_own_line_and_no_store_is_made(
    shards_in_process: dict[Path, list[dict]], tmp_path: Path
) -> None:
    """The bulk load reads the shards as one stream, and past the broken one before it fails:
    the error still names the shard that does not parse, and the line in it."""
    from kg.shard_import import import_shards, rows_path
    from kg.store import StoreError

    shards = []
    for shard in shards_in_process:
        shutil.copy(shard, tmp_path / shard.name)
        shutil.copy(rows_path(shard), rows_path(tmp_path / shard.name))
        shards.append(tmp_path / shard.name)
    whole = shards[0].read_bytes()
    shards[0].write_bytes(whole + b"<http://example.org/a> broken .\n")
    with pytest.raises(StoreError) as raised:
        import_shards(tmp_path / "kg", shards)
    line = whole.count(b"\n") + 1  # in the shard: the stream's line would count the shards before it
    assert str(raised.value).startswith(f"{shards[0]} is not valid N-Quads: Parser error at line {line} ")
    assert str(raised.value).endswith("; nothing was imported")
    assert not (tmp_path / "kg").exists()


@pytest.mark.parametrize(
    ("step", "before"),
    [
        ("kg.shard_import._joined", "worked out the instances"),
        ("kg.read_model.ReadModel.fill", "written the read model"),
    ],
)
def test_an_import_whose_second_process_dies_says_when_and_makes_no_store(
    step: str, before: str, shards_in_process: dict[Path, list[dict]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The instances and the read model are worked out in a second process while the shards
    load; killed (here: it exits at once, as under the OOM killer) before it sent the
    instances, or after but before the read model was written, the import stops with that
    reason rather than waiting, or renaming into place a store without them."""
    import os

    from kg.shard_import import import_shards
    from kg.store import StoreError

    monkeypatch.setattr(step, lambda *args: os._exit(9))
    with pytest.raises(StoreError) as raised:
        import_shards(tmp_path / "kg", list(shards_in_process))
    assert str(raised.value) == f"the import's second process ended before it had {before}; nothing was imported"
    assert sorted(p.name for p in tmp_path.iterdir()) == []
