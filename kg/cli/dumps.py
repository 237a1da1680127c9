"""`kg export`, `kg import`, `kg backup`: the whole graph out, whole dumps in, a copy at one moment."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer

from kg.cli.edge import app
from kg.cli.options import ExportFormat, StoreOpt
from kg.cli.stores import check_location, failed_import, is_remote, location_of, open_checked
from kg.cli.terminal import err
from kg.errors import BadInput, Failure, Unavailable
from kg.store import Store, StoreError

IMPORT_FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}
EXPORT_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@app.command()
def export(
    store: StoreOpt = None, format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.nquads
) -> None:
    """Dump the whole graph to stdout (N-Quads and TriG keep the named graphs)."""
    sys.stdout.buffer.write(dump(open_checked(store, read_only=True), EXPORT_FORMATS[format.value]))


def dump(target: Store, fmt: ox.RdfFormat) -> bytes:
    """The graph in `fmt`; a format without named graphs gets their union."""
    if fmt.supports_datasets:
        return target.dump(fmt)
    graph = ox.Store()
    graph.load(target.dump(ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return graph.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").serialize(format=fmt)


@app.command(name="import")
def import_(
    dumps: Annotated[
        list[Path],
        typer.Argument(help="N-Quads (.nq) or TriG (.trig) dumps (kg export), shard folders (kg ingest --to-nquads)"),
    ],
    store: StoreOpt = None,
) -> None:
    """Load whole dumps with the bulk loader into a new store: for restores and first loads of large graphs.

    The store is built in a hidden folder beside the target and renamed into place at the end,
    so a killed import leaves no store at the target, never half of one. A shard folder's event
    instances are worked out from its shards and loaded with them."""
    for line in import_dumps(dumps, location_of(store)):
        err.print(line, highlight=False)


def import_dumps(dumps: list[Path], location: str) -> list[str]:
    """Import into `location`; a line per import done, for the user."""
    from kg.backfill import BackfillError, shard_paths
    from kg.shard_import import import_shards

    folders = [d for d in dumps if d.is_dir()]
    if folders and len(folders) < len(dumps):
        raise BadInput("import shard folders (kg ingest --to-nquads) on their own, not with dumps")
    try:
        shards = [p for d in folders for p in shard_paths(d)]
    except BackfillError as exc:
        raise BadInput(str(exc)) from exc
    if shards and not is_remote(location):
        check_location(location, read_only=False)
        start = time.perf_counter()
        try:
            import_shards(Path(location), shards)
        except StoreError as exc:
            raise Failure(str(exc)) from exc
        except (OSError, RuntimeError) as exc:
            raise failed_import(location, exc) from exc
        shown = ", ".join(map(str, folders))
        return [f"imported {shown} into {location} in {time.perf_counter() - start:.1f} s"]
    files = shards or dumps
    for file in files:
        if IMPORT_FORMATS.get(file.suffix.lower()) is None:
            raise BadInput(f"{file}: unknown dump format (use .nq or .trig: they keep the named graphs)")
        if not file.is_file():
            raise BadInput(f"{file}: no such file")
    if is_remote(location):
        return _import_remote(files, location, reindex=bool(shards))
    from kg.backup import import_new
    from kg.store import check_dump

    check_location(location, read_only=False)
    start = time.perf_counter()
    try:
        import_new(Path(location), [(d, IMPORT_FORMATS[d.suffix.lower()]) for d in files], check_dump)
    except StoreError as exc:
        raise Failure(str(exc)) from exc
    except (OSError, RuntimeError) as exc:
        raise failed_import(location, exc) from exc
    return [f"imported {', '.join(map(str, files))} into {location} in {time.perf_counter() - start:.1f} s"]


def _import_remote(files: list[Path], location: str, reindex: bool) -> list[str]:
    target = open_checked(location)
    done = []
    for file in files:
        start = time.perf_counter()
        try:
            target.import_dump(file, IMPORT_FORMATS[file.suffix.lower()])
        except StoreError as exc:
            raise Failure(str(exc)) from exc
        done.append(f"imported {file} in {time.perf_counter() - start:.1f} s")
    if reindex:
        target.reindex()
    target.close()
    return done


@app.command()
def backup(
    dest: Annotated[Path, typer.Argument(help="A new folder for the copy (on the same disk it takes seconds)")],
    store: StoreOpt = None,
) -> None:
    """Copy the embedded store at one moment, while `kg serve` may be writing it; check it with kg verify."""
    from kg.backup import backup as copy

    location = location_of(store)
    if is_remote(location):
        raise BadInput("kg backup copies an embedded store folder; back up a SPARQL server with its own tools")
    check_location(location, read_only=True)
    try:
        made = copy(Path(location), dest)
    except StoreError as exc:
        raise Unavailable(str(exc)) from exc
    err.print(f"backed up {location} to {made.path} in {made.seconds:.2f} s ({made.bytes:,} bytes)", highlight=False)
