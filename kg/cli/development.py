"""`kg bench` and `kg schema`: the benchmarks of a source checkout, and the committed GraphQL SDL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.edge import app
from kg.cli.terminal import err
from kg.errors import BadInput

BENCHMARKS = (
    "ingest_vs_spacy",
    "import_vs_bulk_load",
    "questions_vs_sparql",
    "service_throughput",
    "in_force",
    "write_links",
    "cluster_vs_workers",
    "ingest_streaming",
)
ROOT = Path(__file__).resolve().parent.parent.parent


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def bench(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=f"One of: {', '.join(BENCHMARKS)}")],
) -> None:
    """Run a benchmark of benchmarks/ (source checkout); later options go to it: kg bench NAME -- --help."""
    if name not in BENCHMARKS:
        raise BadInput(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
    if not (ROOT / "benchmarks" / f"{name}.py").exists():
        raise BadInput("the benchmarks ship with the source checkout, not with the installed package")
    raise typer.Exit(subprocess.call([sys.executable, "-m", f"benchmarks.{name}", *ctx.args], cwd=ROOT))


@app.command()
def schema(output: Annotated[Path, typer.Option("--output", "-o")] = Path("schema.graphql")) -> None:
    """Write the GraphQL schema (SDL) to a file; CI checks the committed one is current."""
    from kg.service.graphql_view import build_schema
    from kg.settings import Settings

    output.write_text(build_schema(Settings()).as_str() + "\n", encoding="utf-8")
    err.print(f"wrote {output}")
