"""The `kg` command: ingest, extract, stats, export, import, backup, verify, validate, eval, query, serve, bench."""

from __future__ import annotations

import json
import os
import socket
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.store import DEFAULT_STORE, QueryError, StoreError, open_store

if TYPE_CHECKING:
    from kg.settings import Settings

app = typer.Typer(
    help="regrisk-kg: a regulatory-risk knowledge graph of online platforms.", no_args_is_help=True, add_completion=True
)
err = Console(stderr=True, soft_wrap=True)
out = Console()

StoreOpt = Annotated[
    str | None, typer.Option("--store", envvar="KG_STORE", help="Store folder or SPARQL server URL (default ./data/kg)")
]


class ExtractFormat(StrEnum):
    json = "json"
    turtle = "turtle"


class ExportFormat(StrEnum):
    nquads = "nquads"
    trig = "trig"
    turtle = "turtle"
    jsonld = "jsonld"


class StatsFormat(StrEnum):
    json = "json"
    table = "table"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


def _check_location(store: str | None, read_only: bool) -> None:
    """Say plainly what is wrong with a store folder before the storage engine does.

    Opening a missing folder would create it (a typo in `--store` would leave an empty store
    behind a read command), and RocksDB's own words ("While opening a file for sequentially
    reading: .../CURRENT") or a traceback tell a user nothing they can act on."""
    location = store or os.environ.get("KG_STORE") or DEFAULT_STORE
    if location.startswith(("http://", "https://")):
        return
    path = Path(location)
    if path.exists() and not path.is_dir():
        raise _fail(f"{path} is a file, not a store folder; give --store a folder (or a SPARQL server's URL)", 3)
    if read_only and (not path.exists() or not any(path.iterdir())):
        raise _fail(f"no store at {path} (run kg ingest first)", 3)


def _open(store: str | None, read_only: bool = False):
    _check_location(store, read_only)
    try:
        return open_store(store, read_only=read_only)
    except StoreError as exc:
        raise _fail(str(exc), 3) from exc
    except OSError as exc:  # e.g. a parent of the folder is a file, or no permission
        raise _fail(f"cannot open the store {store or DEFAULT_STORE}: {exc.strerror or exc}", 3) from exc


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt .md .jsonl .html .xml/.rss/.atom")],
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
    from kg.backfill import BackfillError, backfill
    from kg.cluster import ClusterError
    from kg.ingest import ingest as run
    from kg.settings import Settings
    from kg.sources import read_inputs

    cluster = cluster or Settings().dask_scheduler
    if to_nquads is not None and to_nquads.exists() and not to_nquads.is_dir():
        raise _fail(f"{to_nquads} is a file; --to-nquads takes a folder for the shards", 2)
    target = _open(store) if to_nquads is None else None
    items = list(read_inputs(paths))
    if published:
        for item in items:
            if hasattr(item, "published") and not item.published:
                item.published = published
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
    )
    written: Counter[str] = Counter()
    with progress:
        task = progress.add_task("ingesting", total=len(items))

        def report(result) -> None:
            written[result.status] += 1
            progress.advance(task)
            if result.status == "failed":
                progress.console.print(f"[red]failed[/red] {result.source}: {result.error}", highlight=False)

        try:
            if target is None:
                summary = backfill(cluster, items, to_nquads, report, workers=workers)
            else:
                summary = run(target, items, report, workers=workers, cluster=cluster)
        except KeyboardInterrupt:
            raise _interrupted(written, len(items)) from None
        except (ClusterError, BackfillError) as exc:
            raise _fail(str(exc), 3) from exc
        finally:
            if target is not None:
                target.close()
    table = Table(title="ingest summary")
    for key in ("new", "replaced", "unchanged", "failed"):
        table.add_column(key, justify="right")
    counts = summary.counts
    table.add_row(*(str(counts[k]) for k in ("new", "replaced", "unchanged", "failed")))
    err.print(table)
    if summary.failed:
        raise typer.Exit(1)


def _interrupted(done: Counter[str], total: int) -> typer.Exit:
    """Ctrl-C during `kg ingest`: what is in the store now, and that re-running resumes (each
    article is one transaction, and an article already written comes back as unchanged)."""
    stored = done["new"] + done["replaced"] + done["unchanged"]
    err.print(
        f"interrupted: {stored} of {total} articles are in the store "
        f"({done['new']} new, {done['replaced']} replaced, {done['unchanged']} unchanged, {done['failed']} failed); "
        "the rest were not written. Run the same command again to resume: "
        "the articles already written are skipped as unchanged.",
        highlight=False,
    )
    return typer.Exit(130)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="An article file (text, Markdown, HTML, JSONL: first line)")],
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD")] = None,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
) -> None:
    """Show what one article yields, without writing anything."""
    from extractors.extract import extract as run
    from kg.rdf import to_quads
    from kg.sources import SourceError, read_path

    item = next(iter(read_path(file)), None)
    if item is None or isinstance(item, SourceError):
        raise _fail(str(item) if item else f"{file}: no article found")
    ex = run(item.text, published or item.published, item.title, item.url)
    if format == ExtractFormat.json:
        sys.stdout.write(json.dumps(ex.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        mem = ox.Store()
        mem.extend(to_quads(ex))
        data = mem.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").serialize(format=ox.RdfFormat.TURTLE)
        sys.stdout.write(data.decode())


@app.command()
def stats(
    store: StoreOpt = None, format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.table
) -> None:
    """Count articles, entities, events and quads."""
    from kg.store import stats as count

    target = _open(store, read_only=True)
    numbers = count(target)
    if format == StatsFormat.json:
        sys.stdout.write(json.dumps(numbers) + "\n")
        return
    table = Table("what", "count")
    for key, value in numbers.items():
        table.add_row(key, str(value))
    out.print(table)


@app.command()
def export(
    store: StoreOpt = None, format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.nquads
) -> None:
    """Dump the whole graph to stdout (N-Quads and TriG keep the named graphs)."""
    target = _open(store, read_only=True)
    fmt = {
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "turtle": ox.RdfFormat.TURTLE,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[format.value]
    if fmt.supports_datasets:
        data = target.dump(fmt)
    else:
        mem = ox.Store()
        mem.load(target.dump(ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        data = mem.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").serialize(format=fmt)
    sys.stdout.buffer.write(data)


IMPORT_FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}


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
    import time

    from kg.backfill import BackfillError, import_shards, shard_paths

    folders = [d for d in dumps if d.is_dir()]
    if folders and len(folders) < len(dumps):
        raise _fail("import shard folders (kg ingest --to-nquads) on their own, not with dumps", 2)
    try:
        shards = [p for d in folders for p in shard_paths(d)]
    except BackfillError as exc:
        raise _fail(str(exc), 2) from exc
    location = store or os.environ.get("KG_STORE") or DEFAULT_STORE
    if shards and not location.startswith(("http://", "https://")):
        _check_location(location, read_only=False)
        start = time.perf_counter()
        try:
            import_shards(Path(location), shards)
        except StoreError as exc:
            raise _fail(str(exc)) from exc
        except (OSError, RuntimeError) as exc:
            raise _fail(f"cannot import into {location}: {exc}; nothing was imported", 3) from exc
        shown = ", ".join(map(str, folders))
        err.print(f"imported {shown} into {location} in {time.perf_counter() - start:.1f} s", highlight=False)
        return
    dumps = shards or dumps
    for dump in dumps:
        fmt = IMPORT_FORMATS.get(dump.suffix.lower())
        if fmt is None:
            raise _fail(f"{dump}: unknown dump format (use .nq or .trig: they keep the named graphs)", 2)
        if not dump.is_file():
            raise _fail(f"{dump}: no such file", 2)
    if location.startswith(("http://", "https://")):
        target = _open(store)
        for dump in dumps:
            start = time.perf_counter()
            try:
                target.import_dump(dump, IMPORT_FORMATS[dump.suffix.lower()])
            except StoreError as exc:
                raise _fail(str(exc)) from exc
            err.print(f"imported {dump} in {time.perf_counter() - start:.1f} s", highlight=False)
        if shards:
            target.reindex()
        target.close()
        return
    from kg.backup import import_new
    from kg.store import check_dump

    _check_location(location, read_only=False)
    start = time.perf_counter()
    try:
        import_new(Path(location), [(d, IMPORT_FORMATS[d.suffix.lower()]) for d in dumps], check_dump)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    except (OSError, RuntimeError) as exc:
        raise _fail(f"cannot import into {location}: {exc}; nothing was imported", 3) from exc
    err.print(f"imported {', '.join(map(str, dumps))} into {location} in {time.perf_counter() - start:.1f} s")


@app.command()
def backup(
    dest: Annotated[Path, typer.Argument(help="A new folder for the copy (on the same disk it takes seconds)")],
    store: StoreOpt = None,
) -> None:
    """Copy the embedded store at one moment, while `kg serve` may be writing it; check it with kg verify."""
    from kg.backup import backup as copy

    location = store or os.environ.get("KG_STORE") or DEFAULT_STORE
    if location.startswith(("http://", "https://")):
        raise _fail("kg backup copies an embedded store folder; back up a SPARQL server with its own tools", 2)
    _check_location(location, read_only=True)
    try:
        made = copy(Path(location), dest)
    except StoreError as exc:
        raise _fail(str(exc), 3) from exc
    err.print(f"backed up {location} to {made.path} in {made.seconds:.2f} s ({made.bytes:,} bytes)", highlight=False)


@app.command()
def verify(store: StoreOpt = None) -> None:
    """Re-hash every article graph, compare the event instances with a rebuild, run SHACL and
    the cross-graph checks of kg validate; exit 1 on any problem."""
    from kg.validate import verify as check

    location = store or os.environ.get("KG_STORE") or DEFAULT_STORE
    found = check(_open(store, read_only=True))
    if found.ok:
        out.print(
            f"verified {location}: {found.articles} article graphs match their content hashes, "
            f"{found.instances} event instances match a rebuild, {found.quads} quads conform to the shapes",
            highlight=False,
            soft_wrap=True,
        )
        return
    for problem in found.problems:
        out.print(problem, highlight=False, soft_wrap=True)
    if found.shacl_report:
        err.print(found.shacl_report, highlight=False)
    err.print(f"{len(found.problems)} problem(s) in {location}", highlight=False)
    raise typer.Exit(1)


@app.command()
def validate(store: StoreOpt = None) -> None:
    """Check the graph against the SHACL shapes; exit 1 on any violation."""
    from kg.validate import validate as run

    conforms, report = run(_open(store, read_only=True))
    if not conforms:
        err.print(report, highlight=False)
        raise typer.Exit(1)
    err.print("[green]conforms[/green] to ontologies/shapes.ttl")


@app.command(name="eval")
def evaluate(
    folders: Annotated[
        list[Path], typer.Argument(help="Folders of NAME.txt + NAME.gold.json (e.g. corpus/dev corpus/holdout)")
    ],
    format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.table,
    show_misses: Annotated[bool, typer.Option("--misses", help="List missed and extra items")] = False,
    save: Annotated[Path | None, typer.Option("--save", help="Write the scores and every gold event's outcome")] = None,
    diff: Annotated[
        Path | None, typer.Option("--diff", help="A file written by --save: list the gold events gained and lost")
    ] = None,
) -> None:
    """Score the extractors against gold files (spec/EXTRACTION.md rules), folders side by side."""
    from kg.evaluate import diff as compare
    from kg.evaluate import evaluate as run
    from kg.evaluate import load_outcomes
    from kg.gold import gold_pairs

    for folder in folders:
        if not folder.is_dir() or not gold_pairs(folder):
            raise _fail(f"{folder}: no NAME.txt + NAME.gold.json pairs found", 2)
    if diff is not None and not diff.is_file():
        raise _fail(f"{diff}: no such file (write one with --save)", 2)
    reports = [run(folder) for folder in folders]
    data = [r.to_json() for r in reports]
    if save is not None:
        save.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if format == StatsFormat.json:
        shown = [{k: v for k, v in d.items() if k != "outcomes"} for d in data]
        sys.stdout.write(json.dumps(shown if len(shown) > 1 else shown[0], indent=2) + "\n")
    else:
        out.print(_eval_table(data))
    if diff is not None:
        before = load_outcomes(diff)
        after = {f"{d['name']}/{k}": v for d in data for k, v in d["outcomes"].items()}
        gained, lost = compare(before, after)
        out.print(f"gained {len(gained)} gold events, lost {len(lost)}")
        for key in gained:
            out.print(f"  + {key}", highlight=False)
        for key in lost:
            out.print(f"  - {key}", highlight=False)
    if show_misses:
        for report in reports:
            for miss in report.misses:
                err.print(f"{report.name}/{miss}", highlight=False)


def _eval_table(data: list[dict]) -> Table:
    table = Table("event type", *(f"{d['name']} P/R/F1" for d in data), title="strict event matching")
    types = sorted({t for d in data for t in d["events"]["by_type"]})

    def cell(row: dict | None) -> str:
        if not row:
            return "-"
        return f"{row['precision']:.2f} {row['recall']:.2f} [b]{row['f1']:.2f}[/b] ({row['gold']})"

    for etype in types:
        table.add_row(etype, *(cell(d["events"]["by_type"].get(etype)) for d in data))
    table.add_row("[b]strict total", *(cell(d["events"]["strict"]) for d in data))
    table.add_row("lenient total", *(cell(d["events"]["lenient"]) for d in data))
    table.add_row("typed entity recall", *(f"{d['entities']['typed_recall']:.3f}" for d in data))
    table.add_row("date accuracy", *(f"{d['dates']['accuracy']:.3f} ({d['dates']['checked']})" for d in data))
    table.add_row(
        "false facts", *(f"{d['factuality']['false_facts']} of {d['factuality']['unasserted_gold']}" for d in data)
    )
    table.add_row("articles", *(str(d["articles"]) for d in data))
    return table


corpus_app = typer.Typer(help="The evaluation corpus: check gold files.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("check")
def corpus_check(
    folders: Annotated[list[Path], typer.Argument(help="Folders of NAME.txt + NAME.gold.json")],
) -> None:
    """Check gold files against corpus/ANNOTATION.md: known types and roles, labels, dates, JSON."""
    from kg.gold import check_folder

    problems = 0
    for folder in folders:
        if not folder.is_dir():
            raise _fail(f"{folder}: not a folder", 2)
        report = check_folder(folder)
        out.print(
            f"{folder}: {report.articles} articles, {report.words} words, "
            f"{sum(report.event_types.values())} required events, {report.optional} optional, "
            f"{sum(report.unasserted.values())} unasserted, {len(report.jurisdictions)} jurisdictions",
            highlight=False,
        )
        for problem in report.problems:
            err.print(f"  {problem}", highlight=False)
        problems += len(report.problems)
    if problems:
        raise typer.Exit(1)


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="A canned query from queries/")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value")] = None,
    store: StoreOpt = None,
    format: Annotated[str, typer.Option("--format", "-f", help="json | csv | table")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the canned queries")] = False,
) -> None:
    """Run a canned SPARQL query by name, with typed parameters."""
    from kg.queries import CannedQueryError, catalogue

    queries = catalogue()
    if list_ or not name:
        table = Table("name", "parameters", "summary")
        for q in queries.values():
            table.add_row(q.name, ", ".join(q.params), q.summary)
        out.print(table)
        return
    if name not in queries:
        raise _fail(f"no canned query '{name}'; `kg query --list` shows them", 2)
    values = dict(p.split("=", 1) for p in (param or []) if "=" in p)
    try:
        rows = queries[name].run(_open(store, read_only=True), values)
    except (CannedQueryError, QueryError) as exc:
        raise _fail(str(exc), 2) from exc
    if format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    elif format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(*(rows[0].keys() if rows else ["(no rows)"]))
        for row in rows:
            table.add_row(*(str(v) if v is not None else "" for v in row.values()))
        out.print(table)


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option(envvar="KG_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="KG_PORT")] = 8000,
    samples: Annotated[bool, typer.Option(help="Ingest the bundled sample articles first")] = False,
) -> None:
    """Serve the explorer (/), GraphQL (/graphql), SPARQL (/sparql) and ingestion (/articles) with uvicorn."""
    import uvicorn

    from kg.service.app import create_app
    from kg.service.protocol import uvicorn_options
    from kg.settings import Settings

    settings = Settings(store=store or Settings().store)
    _check_location(settings.store, read_only=False)
    listener = _listen(host, port)  # before the slow parts, so a taken port is said at once
    if samples:
        from kg.ingest import ingest as run
        from kg.sources import read_inputs

        target = _open(settings.store)
        summary = run(target, read_inputs([settings.samples_dir()]))
        target.close()
        del target
        err.print(f"samples: {dict(summary.counts)}")
    try:
        service = create_app(settings)
    except StoreError as exc:
        raise _fail(str(exc), 3) from exc
    for line in _startup_lines(settings, host, listener.getsockname()[1]):
        err.print(line, highlight=False)
    # access_log off: the app writes its own structured line per request (kg.service AccessLog)
    config = uvicorn.Config(service, log_level="info", access_log=False, **uvicorn_options(settings))
    uvicorn.Server(config).run(sockets=[listener])


def _listen(host: str, port: int) -> socket.socket:
    """Bind the port here rather than in uvicorn, which says a port is taken only after
    "Application startup complete" and without a hint; uvicorn then serves on this socket."""
    import errno

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise _fail(
                f"port {port} on {host} is taken (another kg serve?); "
                f"choose another with --port {port + 1} or KG_PORT={port + 1}",
                2,
            ) from exc
        raise _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}", 2) from exc
    sock.set_inheritable(True)
    return sock


def _startup_lines(settings: Settings, host: str, port: int) -> list[str]:
    """What a user needs first: where each page is, which store is served, and whether writes
    are on (with no tokens every write is refused, which is otherwise learnt by trying)."""
    from kg.service.auth import NO_TOKENS  # one wording for "writes are off" everywhere

    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    writes = (
        f"writes are on: POST {base}/articles or the ingestArticle mutation, with one of the "
        f"{len(settings.api_tokens)} KG_API_TOKENS as a bearer token"
        if settings.api_tokens
        else NO_TOKENS.message
    )
    return [
        f"kg serve: store {settings.store}",
        f"  explorer  {base}/",
        f"  GraphQL   {base}/graphql (GraphiQL in a browser)",
        f"  SPARQL    {base}/sparql",
        f"  {writes}",
    ]


@app.command()
def reindex(store: StoreOpt = None) -> None:
    """Rebuild the real-world event instances from the article graphs, in one transaction."""
    target = _open(store)
    try:
        quads = target.reindex()
    except StoreError as exc:
        raise _fail(str(exc), 3) from exc
    finally:
        target.close()
    err.print(f"instances rebuilt: {quads} quads")


class Question(StrEnum):
    exposure = "exposure"
    timeline = "timeline"
    policy_impact = "policy-impact"
    migrations = "migrations"


@app.command()
def ask(
    question: Annotated[Question, typer.Argument(help="exposure | timeline | policy-impact | migrations")],
    subject: Annotated[str, typer.Argument(help="The platform, entity, instrument or origin platform (name or IRI)")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Answer with what was reported by this day")] = None,
    store: StoreOpt = None,
    format: Annotated[str, typer.Option("--format", "-f", help="json | table")] = "table",
) -> None:
    """Answer a question as the API does (risk levels, each real-world event once), not as raw rows."""
    from datetime import date

    from kg import answers
    from kg.ask import render_json, render_table

    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise _fail(f"--as-of must be a day such as 2025-01-18, not {as_of!r}", 2) from exc
    target = _open(store, read_only=True)
    found: object
    if question == Question.exposure:
        found = answers.exposure(target, subject, day)
    elif question == Question.timeline:
        found = answers.timeline(target, subject, as_of=day)
    elif question == Question.policy_impact:
        found = answers.policy_impact(target, subject, day)
    else:
        found = answers.migrations(target, subject, None, day)
    if format == "json":
        sys.stdout.write(json.dumps(render_json(target, found, day), indent=2) + "\n")
    else:
        for table in render_table(target, found, day):
            out.print(table)


BENCHMARKS = (
    "ingest_vs_spacy",
    "import_vs_bulk_load",
    "questions_vs_sparql",
    "service_throughput",
    "in_force",
    "write_links",
    "cluster_vs_workers",
)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def bench(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=f"One of: {', '.join(BENCHMARKS)}")],
) -> None:
    """Run a benchmark of benchmarks/ (source checkout); later options go to it: kg bench NAME -- --help."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    if name not in BENCHMARKS:
        raise _fail(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}", 2)
    if not (root / "benchmarks" / f"{name}.py").exists():
        raise _fail("the benchmarks ship with the source checkout, not with the installed package", 2)
    code = subprocess.call([sys.executable, "-m", f"benchmarks.{name}", *ctx.args], cwd=root)
    raise typer.Exit(code)


@app.command()
def schema(output: Annotated[Path, typer.Option("--output", "-o")] = Path("schema.graphql")) -> None:
    """Write the GraphQL schema (SDL) to a file; CI checks the committed one is current."""
    from kg.service.graphql_view import build_schema
    from kg.settings import Settings

    output.write_text(build_schema(Settings()).as_str() + "\n", encoding="utf-8")
    err.print(f"wrote {output}")


def main() -> None:  # pragma: no cover
    app()
