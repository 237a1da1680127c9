"""`kg stats`, `kg verify`, `kg validate`, `kg reindex`: what is in a store, and whether it holds together."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.edge import app
from kg.cli.options import StatsFormat, StoreOpt
from kg.cli.stores import location_of, open_checked
from kg.cli.terminal import err, out
from kg.render import pairs_table, write_json


@app.command()
def stats(
    store: StoreOpt = None, format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.table
) -> None:
    """Count articles, entities, events and quads."""
    from kg.store import stats as count

    numbers = count(open_checked(store, read_only=True))
    if format == StatsFormat.json:
        write_json(numbers)
    else:
        out.print(pairs_table(numbers, "what", "count"))


@app.command()
def verify(store: StoreOpt = None) -> None:
    """Re-hash every article graph, compare the event instances with a rebuild, run SHACL and
    the cross-graph checks of kg validate; exit 1 on any problem."""
    from kg.validate import verify as check

    location = location_of(store)
    found = check(open_checked(store, read_only=True))
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
    from kg.validate import validate as check

    conforms, report = check(open_checked(store, read_only=True))
    if not conforms:
        err.print(report, highlight=False)
        raise typer.Exit(1)
    err.print("[green]conforms[/green] to ontologies/shapes.ttl")


@app.command()
def reindex(store: StoreOpt = None) -> None:
    """Rebuild the real-world event instances from the article graphs, with what the gazetteer
    knows of each entity (rr:within, ISO codes, CELEX, ELI), in one transaction."""
    target = open_checked(store)
    try:
        quads = target.reindex()
    finally:
        target.close()
    err.print(f"instances rebuilt: {quads} quads")
