"""Opening the store a command names, with a plain sentence for each way that can go wrong
before the storage engine says it in its own words."""

from __future__ import annotations

from pathlib import Path

from kg.errors import Failure, Unavailable
from kg.settings import Settings
from kg.store import Store, StoreError, open_store


def location_of(store: str | None) -> str:
    """`--store`, else KG_STORE (or .env, kg.toml), else ./data/kg."""
    return store or Settings().store


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def check_location(store: str | None, read_only: bool) -> None:
    """Say plainly what is wrong with a store folder before the storage engine does.

    Opening a missing folder would create it (a typo in `--store` would leave an empty store
    behind a read command), and RocksDB's own words ("While opening a file for sequentially
    reading: .../CURRENT") or a traceback tell a user nothing they can act on."""
    location = location_of(store)
    if is_remote(location):
        return
    path = Path(location)
    if path.exists() and not path.is_dir():
        raise Unavailable(f"{path} is a file, not a store folder; give --store a folder (or a SPARQL server's URL)")
    if read_only and (not path.exists() or not any(path.iterdir())):
        raise Unavailable(f"no store at {path}", hint="run kg ingest first")


def open_checked(store: str | None, read_only: bool = False) -> Store:
    location = location_of(store)
    check_location(location, read_only)
    try:
        return open_store(location, read_only=read_only)
    except StoreError as exc:
        raise Unavailable(str(exc)) from exc
    except OSError as exc:  # e.g. a parent of the folder is a file, or no permission
        raise Unavailable(f"cannot open the store {location}: {exc.strerror or exc}") from exc


def failed_import(location: str, exc: Exception) -> Failure:
    return Failure(f"cannot import into {location}: {exc}; nothing was imported")
