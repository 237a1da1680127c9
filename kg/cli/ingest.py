"""`kg ingest` and `kg extract`: articles in, one named graph per article out (or shown)."""

from __future__ import annotations

import json
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.cli.edge import app
from kg.cli.options import ExtractFormat, StoreOpt
from kg.cli.stores import open_checked
from kg.cli.terminal import err
from kg.errors import INTERRUPTED, BadInput, Failure, Unavailable
from kg.render import counts_table
from kg.settings import Settings

if TYPE_CHECKING:  # kg.ingest loads spaCy: only `kg ingest` itself should pay for that
    from kg.ingest import IngestResult, IngestSummary
    from kg.store import Store

STATUSES = ("new", "replaced", "unchanged", "failed")


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders: .txt .md .jsonl .html .xml/.rss/.atom; - reads JSONL from stdin"),
    ],
    store: StoreOpt = None,
    published: Annotated[str | None, typer.Option(help="Publication date for plain-text files without one")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help="Extraction processes")] = 1,
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", help="Extract on the Dask cluster of this scheduler (tcp://host:8786)"),
    ] = None,
    to_nquads: Annotated[
        Path | None,
        typer.Option("--to-nquads", help="Write N-Quads shards and a manifest here for kg import, not the store"),
    ] = None,
) -> None:
    """Extract events from articles and write one named graph per article."""
    if to_nquads is not None and to_nquads.exists() and not to_nquads.is_dir():
        raise BadInput(f"{to_nquads} is a file; --to-nquads takes a folder for the shards")
    target = open_checked(store) if to_nquads is None else None
    summary = ingest_paths(
        paths, target, published=published, quiet=quiet, workers=workers, cluster=cluster, to_nquads=to_nquads
    )
    err.print(counts_table(summary.counts, STATUSES, title="ingest summary"))
    if summary.failed:
        raise typer.Exit(1)


def ingest_paths(
    paths: list[Path],
    target: Store | None,
    *,
    published: str | None = None,
    quiet: bool = False,
    workers: int = 1,
    cluster: str | None = None,
    to_nquads: Path | None = None,
    label: str = "ingesting",
) -> IngestSummary:
    """Stream the inputs into `target` (or into N-Quads shards), with a progress bar that counts
    written articles; the total is counted beside the writing, from the same inputs, and shown
    once known. Ctrl-C ends with what is in the store and how to resume."""
    from kg.backfill import BackfillError, backfill
    from kg.ingest import ingest as write_articles
    from kg.sources import count_inputs, read_inputs

    cluster = cluster or Settings().dask_scheduler
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
    )
    written: Counter[str] = Counter()
    total: list[int | None] = [None]
    items = read_inputs(paths, published)
    with progress:
        task = progress.add_task(label, total=None)

        def count() -> None:
            total[0] = count_inputs(paths)
            progress.update(task, total=total[0])

        threading.Thread(target=count, name="kg-count", daemon=True).start()

        def report(result: IngestResult) -> None:  # called by the writer, right after each write
            written[result.status] += 1
            progress.advance(task)
            if result.status == "failed":
                progress.console.print(f"[red]failed[/red] {result.source}: {result.error}", highlight=False)

        try:
            if target is None:
                assert to_nquads is not None
                return backfill(cluster, items, to_nquads, report, workers=workers)
            return write_articles(target, items, report, workers=workers, cluster=cluster, keep_results=False)
        except KeyboardInterrupt:
            err.print(interrupted_message(written, total[0]), highlight=False)
            raise typer.Exit(INTERRUPTED) from None
        except BackfillError as exc:
            raise Unavailable(str(exc)) from exc
        finally:
            if target is not None:
                target.close()


def interrupted_message(done: Counter[str], total: int | None) -> str:
    """Ctrl-C during `kg ingest`: what is in the store now, and that re-running resumes (each
    article is one transaction, and an article already written comes back as unchanged)."""
    stored = done["new"] + done["replaced"] + done["unchanged"]
    of = f"{stored} of {total}" if total is not None else f"{stored}"
    return (
        f"interrupted: {of} articles are in the store "
        f"({done['new']} new, {done['replaced']} replaced, {done['unchanged']} unchanged, {done['failed']} failed); "
        "the rest were not written. Run the same command again to resume: "
        "the articles already written are skipped as unchanged."
    )


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="An article file (text, Markdown, HTML, JSONL: first line)")],
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD")] = None,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
) -> None:
    """Show what one article yields, without writing anything."""
    if not file.exists():
        raise BadInput(f"{file}: no such file")
    sys.stdout.write(extract_article(file, published, format))


def extract_article(file: Path, published: str | None, format: ExtractFormat) -> str:
    import pyoxigraph as ox

    from extractors.extract import extract as run_extractors
    from kg.rdf import to_quads
    from kg.sources import SourceError, read_path

    item = next(iter(read_path(file)), None)
    if item is None or isinstance(item, SourceError):
        raise Failure(str(item) if item else f"{file}: no article found")
    found = run_extractors(item.text, published or item.published, item.title, item.url)
    if format == ExtractFormat.json:
        return json.dumps(found.to_json(), indent=2, ensure_ascii=False) + "\n"
    graph = ox.Store()
    graph.extend(to_quads(found))
    union = graph.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return union.serialize(format=ox.RdfFormat.TURTLE).decode()
