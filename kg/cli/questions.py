"""`kg query` (a canned SPARQL query's rows) and `kg ask` (an answer as the API gives it)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from kg.cli.edge import app
from kg.cli.options import RowsFormat, StoreOpt
from kg.cli.stores import open_checked
from kg.cli.terminal import out
from kg.errors import BadInput
from kg.render import rows_table, write_csv, write_json


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="A canned query from queries/")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value")] = None,
    store: StoreOpt = None,
    format: Annotated[RowsFormat, typer.Option("--format", "-f", help="json | csv | table")] = RowsFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="List the canned queries")] = False,
) -> None:
    """Run a canned SPARQL query by name, with typed parameters."""
    from rich.table import Table

    from kg.queries import catalogue

    queries = catalogue()
    if list_ or not name:
        table = Table("name", "parameters", "summary")
        for q in queries.values():
            table.add_row(q.name, ", ".join(q.params), q.summary)
        out.print(table)
        return
    if name not in queries:
        raise BadInput(f"no canned query '{name}'", hint="`kg query --list` shows them")
    rows = queries[name].run(open_checked(store, read_only=True), parse_params(param or []))
    if format == RowsFormat.json:
        write_json(rows)
    elif format == RowsFormat.csv:
        write_csv(rows)
    else:
        out.print(rows_table(rows, out.width))


def parse_params(pairs: list[str]) -> dict[str, object]:
    """`--param key=value` pairs; a pair without `=` is a mistake to name, not to drop."""
    bad = [p for p in pairs if "=" not in p]
    if bad:
        raise BadInput(f"--param takes key=value, not {bad[0]!r}")
    return dict(p.split("=", 1) for p in pairs)


class Question(StrEnum):
    exposure = "exposure"
    timeline = "timeline"
    policy_impact = "policy-impact"
    migrations = "migrations"


class AnswerFormat(StrEnum):
    json = "json"
    table = "table"


@app.command()
def ask(
    question: Annotated[Question, typer.Argument(help="exposure | timeline | policy-impact | migrations")],
    subject: Annotated[str, typer.Argument(help="The platform, entity, instrument or origin platform (name or IRI)")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Answer with what was reported by this day")] = None,
    store: StoreOpt = None,
    format: Annotated[AnswerFormat, typer.Option("--format", "-f", help="json | table")] = AnswerFormat.table,
) -> None:
    """Answer a question as the API does (risk levels, each real-world event once), not as raw rows."""
    from datetime import date

    from kg import answers, exposure_answers
    from kg.ask import render_json, render_table

    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise BadInput(f"--as-of must be a day such as 2025-01-18, not {as_of!r}") from exc
    target = open_checked(store, read_only=True)
    found: object
    if question == Question.exposure:
        found = exposure_answers.exposure(target, subject, day)
    elif question == Question.timeline:
        found = answers.timeline(target, subject, as_of=day)
    elif question == Question.policy_impact:
        found = answers.policy_impact(target, subject, day)
    else:
        found = answers.migrations(target, subject, None, day)
    if format == AnswerFormat.json:
        write_json(render_json(target, found, day))
    else:
        for table in render_table(target, found, day):
            out.print(table)
