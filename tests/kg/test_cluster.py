"""`kg ingest --cluster`: extraction on a real Dask cluster (a scheduler and two worker
processes on this machine) gives the graph one process gives, whatever happens to a worker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from distributed import Client, LocalCluster

from tests.conftest import EXAMPLES, FIXTURES, KG, ROOT, run_kg, timeless


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=50
    ) as running:
        yield running.scheduler_address


def stats_of(store: Path) -> dict[str, int]:
    result = run_kg("stats", "--store", str(store), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def sorted_dump(store: Path) -> list[str]:
    result = run_kg("export", "--store", str(store), "--format", "nquads")
    assert result.returncode == 0, result.stderr
    return sorted(line.decode() for line in timeless(result.stdout.encode()))


SUMMARY_ALL_NEW = "│  12 │        0 │         0 │      0 │"  # new, replaced, unchanged, failed


def test_a_cluster_ingest_gives_the_stats_and_the_dump_of_one_process(
    cluster: str, sample_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "kg"
    result = run_kg("ingest", str(EXAMPLES), "--store", str(store), "-q", "--cluster", cluster)
    assert result.returncode == 0, result.stderr
    assert SUMMARY_ALL_NEW in result.stderr
    assert stats_of(store) == stats_of(sample_store)
    assert sorted_dump(store) == sorted_dump(sample_store)


def test_the_scheduler_may_come_from_kg_dask_scheduler(cluster: str, sample_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "kg"
    result = run_kg("ingest", str(EXAMPLES), "--store", str(store), "-q", env={"KG_DASK_SCHEDULER": cluster})
    assert result.returncode == 0, result.stderr
    assert stats_of(store) == stats_of(sample_store)


def test_bad_inputs_are_reported_as_a_local_run_reports_them(cluster: str, tmp_path: Path) -> None:
    local = run_kg("ingest", str(FIXTURES / "inputs"), "--store", str(tmp_path / "one"), "-q")
    spread = run_kg("ingest", str(FIXTURES / "inputs"), "--store", str(tmp_path / "two"), "-q", "--cluster", cluster)
    assert (spread.returncode, local.returncode) == (1, 1)

    def failures(stderr: str) -> list[str]:
        return sorted(line for line in stderr.splitlines() if line.startswith("failed "))

    assert len(failures(local.stderr)) == 7
    assert failures(spread.stderr) == failures(local.stderr)
    assert sorted_dump(tmp_path / "two") == sorted_dump(tmp_path / "one")


def _executing(client: Client) -> dict[str, int]:
    """Per worker address, the tasks it is running at this moment (asked of the workers)."""
    return client.run(lambda dask_worker: len(dask_worker.state.executing))


def test_a_worker_killed_mid_batch_has_its_articles_retried_and_none_written_twice(
    cluster: str, sample_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "kg"
    with Client(cluster, set_as_default=False) as client:
        proc = subprocess.Popen(
            [*KG, "ingest", str(EXAMPLES), "--store", str(store), "-q", "--cluster", cluster],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        killed = None
        deadline = time.monotonic() + 60
        while killed is None and proc.poll() is None and time.monotonic() < deadline:
            busy = [address for address, running in _executing(client).items() if running]
            if busy:
                killed = client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.01)
        _, stderr = proc.communicate(timeout=120)
        assert killed is not None, "no worker was seen running a batch"
        assert proc.returncode == 0, stderr
        # every article once: all 12 new, none failed, none written a second time (it would be unchanged)
        assert SUMMARY_ALL_NEW in stderr
        assert sorted_dump(store) == sorted_dump(sample_store)
        client.wait_for_workers(2, timeout=60)  # the nanny restarted it, for the next test
        assert killed not in client.run(os.getpid).values()


@pytest.fixture(scope="module")
def shards_made(cluster: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample articles as shards made on the cluster (`--to-nquads`), and what it said."""
    shards = tmp_path_factory.mktemp("cluster-shards") / "shards"
    made = run_kg("ingest", str(EXAMPLES), "--to-nquads", str(shards), "-q", "--cluster", cluster)
    assert made.returncode == 0, made.stderr
    return shards, made.stderr


def test_shards_made_on_the_cluster_import_to_the_store_kg_ingest_makes(
    shards_made: tuple[Path, str], sample_store: Path, tmp_path: Path
) -> None:
    (shards, said), store = shards_made, tmp_path / "kg"
    assert SUMMARY_ALL_NEW in said
    assert not any(p.name != "shards" for p in shards.parent.iterdir())  # --to-nquads writes no store
    loaded = run_kg("import", str(shards), "--store", str(store))
    assert loaded.returncode == 0, loaded.stderr
    assert stats_of(store) == stats_of(sample_store)
    assert sorted_dump(store) == sorted_dump(sample_store)


def _written_on_workers(scheduler: str) -> int:
    """How many articles the cluster's worker processes have written to a server themselves."""
    from kg import cluster as kg_cluster

    with Client(scheduler, set_as_default=False) as client:
        return sum(client.run(lambda: kg_cluster.WRITTEN_HERE["articles"]).values())


def test_with_a_remote_store_the_workers_write_the_graph_one_process_writes(
    cluster: str, sample_store: Path, oxigraph_server: str
) -> None:
    httpx.post(f"{oxigraph_server}/update", data={"update": "CLEAR ALL"})
    before = _written_on_workers(cluster)
    result = run_kg("ingest", str(EXAMPLES), "--store", oxigraph_server, "-q", "--cluster", cluster)
    assert result.returncode == 0, result.stderr
    assert SUMMARY_ALL_NEW in result.stderr
    assert _written_on_workers(cluster) - before == 12  # by the workers, not by this process
    remote = run_kg("stats", "--store", oxigraph_server, "--format", "json")
    assert json.loads(remote.stdout) == stats_of(sample_store)
    dump = httpx.get(f"{oxigraph_server}/store", headers={"Accept": "application/n-quads"}).content
    assert sorted(line.decode() for line in timeless(dump)) == sorted_dump(sample_store)


def test_shards_imported_into_a_sparql_server_give_the_graph_kg_ingest_writes(
    shards_made: tuple[Path, str], sample_store: Path, oxigraph_server: str
) -> None:
    """`kg import DIR --store URL`: each shard posted to the server's Graph Store Protocol, then
    the server reindexed (its instances from the article graphs the shards hold)."""
    httpx.post(f"{oxigraph_server}/update", data={"update": "CLEAR ALL"})
    shards = shards_made[0]
    loaded = run_kg("import", str(shards), "--store", oxigraph_server)
    assert loaded.returncode == 0, loaded.stderr
    names = json.loads((shards / "manifest.json").read_text())["shards"]
    assert [line.split(" in ")[0] for line in loaded.stderr.splitlines()] == sorted(
        f"imported {shards / s['name']}" for s in names
    )
    remote = run_kg("stats", "--store", oxigraph_server, "--format", "json")
    assert json.loads(remote.stdout) == stats_of(sample_store)
    dump = httpx.get(f"{oxigraph_server}/store", headers={"Accept": "application/n-quads"}).content
    assert sorted(line.decode() for line in timeless(dump)) == sorted_dump(sample_store)


def _worker_settings(dask_worker: Any) -> tuple[str | None, bool, list[str]]:
    """Run by `Client.run`, which hands the worker in by this argument's name."""
    import dask

    return (
        os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        dask.config.get("distributed.worker.profile.enabled"),
        sorted(n for n in dask_worker.periodic_callbacks if n.startswith("profile")),
    )


def test_the_clusters_kg_starts_run_spacy_without_the_profiler_or_the_nannys_trim_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """kg/dask-workers.yaml: with Dask's defaults (the fixture's cluster) spaCy costs ~20% more
    CPU an article on a worker (benchmarks/RESULTS.md, 2026-11-27 stop 22)."""
    from kg.cluster import local_cluster

    # a nanny started in this process (the fixture's) leaves the variable in its environment,
    # which a `kg` process, starting no other cluster, never has
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)

    with local_cluster(1) as address, Client(address, set_as_default=False) as client:
        assert list(client.run(_worker_settings).values()) == [(None, False, [])]


def test_dasks_defaults_are_what_kg_dask_workers_yaml_turns_off(cluster: str) -> None:
    with Client(cluster, set_as_default=False) as client:
        assert list(client.run(_worker_settings).values()) == [("65536", True, ["profile", "profile-cycle"])] * 2
