"""Options and choices shared by several `kg` commands."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

StoreOpt = Annotated[
    str | None, typer.Option("--store", help="Store folder or SPARQL server URL (default: KG_STORE, else ./data/kg)")
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


class RowsFormat(StrEnum):
    json = "json"
    csv = "csv"
    table = "table"
