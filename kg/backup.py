"""Copies of an embedded store that can be trusted: `kg backup` beside a writing server, and
`kg import` into a store that appears whole or not at all.

Both build in a hidden folder beside the target and rename it into place as their last step:
a rename is atomic within a file system, so a kill at any moment leaves the target absent (a
hidden leftover that the next run removes) or complete, never a store that opens with half
of its data. Check a copy with `kg verify --store COPY` before trusting it.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.store import READ_ONLY_PATIENCE_S, StoreError, _read_only, _vanished_file


@dataclass(frozen=True)
class Backup:
    path: Path
    seconds: float
    bytes: int
    attempts: int  # read-only views tried: a writer's compaction may remove a file mid-copy


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_leftovers(target: Path, kind: str) -> None:
    """Removes the hidden folders a killed `kg backup`/`kg import` left beside `target`
    (those whose process is gone; a running one's are left alone)."""
    for leftover in target.parent.glob(f".{target.name}.{kind}-*"):
        pid = leftover.name.rsplit("-", 1)[-1].removesuffix(".tmp")
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _check_target(target: Path, what: str) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StoreError(f"{target} already exists and is not empty; {what} writes a new store: give it a new folder")


@contextmanager
def building(target: Path, kind: str) -> Iterator[Path]:
    """A hidden folder beside `target` to build in, renamed onto `target` when the block ends
    without an error (an empty `target` folder is replaced), removed when it raises."""
    _check_target(target, f"`kg {kind}`")
    target.parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(target, kind)
    partial = target.parent / f".{target.name}.{kind}-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        yield partial
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    os.replace(partial, target)  # atomic; replaces an empty folder, fails on a non-empty one


def backup(source: Path, target: Path, *, patience_s: float = READ_ONLY_PATIENCE_S) -> Backup:
    """A copy of the store at `source` at one moment, safe while `kg serve` writes it.

    The copy is read from a read-only view, which replays the writer's log and so sees every
    transaction committed before it opened, whole, and written by the bulk loader into a new
    store. `Store.backup` of that view (a RocksDB checkpoint, hard links) would take
    milliseconds, but it links only the flushed files: measured beside a serving `kg serve`,
    it held none of the articles the server had acknowledged since its last flush. A writer's
    compaction may delete a file under the view mid-read; RocksDB then fails with "No such
    file or directory", never with a partial answer, and the copy starts again from a fresh
    view (as `kg export` does)."""
    if not (source / "CURRENT").is_file():
        raise StoreError(f"no store at {source} (run kg ingest first)")
    start, deadline, attempts = time.perf_counter(), time.monotonic() + patience_s, 0
    with building(target, "backup") as partial:
        while True:
            attempts += 1
            try:
                view = _read_only(str(source), deadline)
                copy = ox.Store(str(partial))
                copy.bulk_extend(view)
                copy.flush()
                del copy, view  # closes both before the rename
                break
            except (OSError, RuntimeError) as exc:
                shutil.rmtree(partial, ignore_errors=True)
                if not _vanished_file(exc, str(source)) or time.monotonic() > deadline:
                    raise StoreError(f"cannot back up {source}: {exc}") from exc
                time.sleep(min(0.02 * attempts, 0.5))
    return Backup(target, time.perf_counter() - start, folder_bytes(target), attempts)


def import_new(
    target: Path, dumps: list[tuple[Path, ox.RdfFormat]], check: Callable[[Path, ox.RdfFormat], int]
) -> None:
    """Bulk-loads `dumps` into a new store at `target`, built beside it and renamed into place.

    The bulk loader writes sorted files straight into RocksDB, not one transaction; building
    in a hidden folder makes the whole import one step that a kill cannot split. Each dump is
    parsed through by `check` first, so a broken one is refused before anything is built."""
    for path, fmt in dumps:
        check(path, fmt)
    with building(target, "import") as partial:
        store = ox.Store(str(partial))
        for path, fmt in dumps:
            store.bulk_load(path=str(path), format=fmt)
        store.flush()
        del store  # releases RocksDB's lock and files before the rename
