"""The `kg` command: ingest, extract, stats, export, import, backup, verify, validate, eval,
query, ask, serve, reindex, bench, schema. Each command is a thin door onto plain functions;
`kg.cli.edge` holds the app and the one place errors become exit codes."""

from kg.cli import checks, development, dumps, ingest, questions, scoring, serve  # noqa: F401  (they register)
from kg.cli.edge import app

__all__ = ["app", "main"]


def main() -> None:  # pragma: no cover
    app()
