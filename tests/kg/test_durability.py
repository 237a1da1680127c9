"""What a write has done before it is acknowledged (README, "What an acknowledged write
survives"): with sync_writes (the default, KG_SYNC_WRITES) the graph's RocksDB logs and their
folder are fsync'd after the commit and the read model commits its marks with synchronous=FULL
(its rows after the graph, step 3, unsynced); without it, neither. No test here cuts the
power; this checks the syncs a power loss would rely on.

os.fsync is wrapped, not replaced: every call still reaches the disk, and the wrapper notes
which file it was for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.store import EmbeddedStore
from tests.kg.handmade import Report, write

BAN = Report("ban-1", "Ban", {"affected": ["tiktok"], "agent": ["anatel"]}, "brazil")


@pytest.fixture()
def fsynced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    paths: list[str] = []
    real = os.fsync

    def noted(fd: int) -> None:
        paths.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", noted)
    return paths


def test_a_synced_write_fsyncs_every_log_of_the_graph_and_its_folder(tmp_path: Path, fsynced: list[str]) -> None:
    folder = tmp_path / "kg"
    store = EmbeddedStore(folder)
    fsynced.clear()  # opening may write too; the write is what is checked
    assert write(store, BAN) == ["new"]
    logs = sorted(str(p) for p in folder.glob("*.log"))
    assert logs and sorted(fsynced) == sorted([*logs, str(folder)])
    assert store.read_model is not None
    assert store.read_model._writer.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    assert write(store, BAN) == ["unchanged"] and len(fsynced) == len(logs) + 1  # nothing written, nothing synced
    store.close()


def test_the_folder_is_fsynced_again_only_when_a_new_log_appears(tmp_path: Path, fsynced: list[str]) -> None:
    """The folder's fsync makes the logs' names durable: a write beside the same logs skips it,
    a write after RocksDB started a new log (a flush does) makes it again."""
    folder = tmp_path / "kg"
    store = EmbeddedStore(folder)
    assert write(store, BAN) == ["new"]
    fsynced.clear()
    assert write(store, Report("ban-2", "Ban", {"affected": ["x"], "agent": ["anatel"]}, "brazil")) == ["new"]
    logs = sorted(str(p) for p in folder.glob("*.log"))
    assert sorted(fsynced) == logs  # every log, not the folder
    store._store.flush()  # RocksDB moves to a new log
    fsynced.clear()
    assert write(store, Report("ban-3", "Ban", {"affected": ["telegram"], "agent": ["anatel"]}, "russia")) == ["new"]
    new_logs = sorted(str(p) for p in folder.glob("*.log"))
    assert new_logs != logs and sorted(fsynced) == sorted([*new_logs, str(folder)])
    store.close()


def test_step_3_of_a_synced_write_commits_unsynced_and_leaves_the_connection_synced(tmp_path: Path) -> None:
    """The read model's rows of a write (step 3 of the crash rule) are committed without an
    fsync: a power loss that drops them leaves step 1's marks, which the next open settles.
    The marks themselves, and every other commit, stay synchronous=FULL."""
    store = EmbeddedStore(tmp_path / "kg")
    assert store.read_model is not None
    levels: list[str] = []
    store.read_model._writer.set_trace_callback(lambda sql: levels.append(sql) if "synchronous" in sql else None)
    assert write(store, BAN) == ["new"]
    assert levels == ["PRAGMA synchronous=NORMAL", "PRAGMA synchronous=FULL"]
    assert store.read_model._writer.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL again
    # and its WAL is checkpointed every 10,000 pages, not SQLite's 1,000 (a write's rows span ~1,000)
    assert store.read_model._writer.execute("PRAGMA wal_autocheckpoint").fetchone() == (10_000,)
    store.close()


def test_an_unsynced_store_leaves_both_to_the_kernel(tmp_path: Path, fsynced: list[str]) -> None:
    store = EmbeddedStore(tmp_path / "kg", sync_writes=False)
    assert write(store, BAN) == ["new"]
    assert fsynced == []
    assert store.read_model is not None
    assert store.read_model._writer.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    store.close()
