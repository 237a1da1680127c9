"""How the `kg` command shows rows: JSON and CSV as they are, tables fitted to the terminal.

A table that is wider than the terminal is unreadable (rich cuts every cell to "https:…"), so a
table chooses its columns: an IRI column beside its label (`jurisdiction` and
`jurisdictionLabel`) shows the label, columns of identifiers go first when space is short, then
the right-most columns; what is left out is named under the table. Cells wrap at spaces, never
inside a word. JSON and CSV always carry every column and full IRIs.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich.cells import cell_len
from rich.table import Table

# Shown shortened in tables only: the project's own IRIs are long and alike at the start.
IRI_PREFIXES = (
    ("https://w3id.org/regrisk/id/", ""),
    ("https://w3id.org/regrisk/ontology#", "rr:"),
)
LABEL_SUFFIX = "Label"


def write_json(data: Any, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_csv(rows: Sequence[Mapping[str, Any]], stream: TextIO | None = None) -> None:
    writer = csv.DictWriter(stream or sys.stdout, fieldnames=list(rows[0]) if rows else [])
    writer.writeheader()
    writer.writerows(rows)


def compact(value: object) -> str:
    """A cell as a reader needs it: the project's IRIs without their common start.

    >>> compact("https://w3id.org/regrisk/id/entity/tiktok"), compact("https://w3id.org/regrisk/ontology#Ban")
    ('entity/tiktok', 'rr:Ban')
    """
    if value is None:
        return ""
    text = str(value)
    for prefix, short in IRI_PREFIXES:
        if text.startswith(prefix):
            return short + text[len(prefix) :]
    return text


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _is_identifier(values: list[object]) -> bool:
    """IRIs of things (not of vocabulary terms such as rr:Ban, which read as words)."""
    shown = [str(v) for v in values if v not in (None, "")]
    return bool(shown) and all(
        v.startswith(("http://", "https://", "urn:")) and ":" not in compact(v)[:4] for v in shown
    )


@dataclass
class Columns:
    shown: list[tuple[str, str]]  # (header, key)
    empty: list[str]  # keys with no value in any row
    cut: list[str]  # keys left out for the width


def choose_columns(rows: Sequence[Mapping[str, Any]], width: int) -> Columns:
    """The columns to show for a terminal `width` cells wide. Every column with a value is kept
    when the cells fit unwrapped; otherwise IRI columns that have a label beside them, then
    other identifier columns, go first; then, until every column is at least as wide as its
    longest word, columns from the right."""
    keys = list(rows[0])
    cells = {k: [compact(r[k]) for r in rows] for k in keys}
    empty = [k for k in keys if not any(cells[k])]
    shown = [k for k in keys if k not in empty]

    def header(k: str) -> str:  # a label column is headed by the name of what it labels, once that is gone
        base = k.removesuffix(LABEL_SUFFIX)
        return base if base != k and base not in shown else k

    def natural(k: str) -> int:
        return max(cell_len(header(k)), *(cell_len(c) for c in cells[k]))

    def narrowest(k: str) -> int:
        return max(_longest_word(header(k)), *(_longest_word(c) for c in cells[k]))

    def total(columns: list[str], size: Any) -> int:
        return sum(size(k) for k in columns) + 3 * len(columns) + 1  # padding and borders

    labelled = [k for k in shown if k + LABEL_SUFFIX in shown]
    identifiers = [k for k in shown if k not in labelled and _is_identifier([r[k] for r in rows])]
    left_out: list[str] = []
    for k in [*labelled, *reversed(identifiers)]:
        if total(shown, natural) <= width or len(shown) == 1:
            break
        shown.remove(k)
        if k not in labelled:
            left_out.append(k)
    while total(shown, narrowest) > width and len(shown) > 1:
        left_out.append(shown.pop())
    return Columns([(header(k), k) for k in shown], empty, [k for k in keys if k in left_out])


def rows_table(rows: Sequence[Mapping[str, Any]], width: int) -> Table:
    """Rows of a canned query as a table that fits `width` cells."""
    if not rows:
        return Table("(no rows)")
    columns = choose_columns(rows, width)
    notes = []
    if columns.cut:
        notes.append(f"not shown to fit {width} columns: {', '.join(columns.cut)}")
    if columns.empty:
        notes.append(f"empty: {', '.join(columns.empty)}")
    caption = "; ".join(notes) + " (--format json shows all)" if notes else None
    table = Table(caption=caption, caption_justify="left")
    for header, _ in columns.shown:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(compact(row[key]) for _, key in columns.shown))
    return table


def counts_table(counts: Mapping[str, int], keys: Iterable[str], title: str | None = None) -> Table:
    """One row of counts under their names (the ingest summary)."""
    keys = list(keys)
    table = Table(title=title)
    for key in keys:
        table.add_column(key, justify="right")
    table.add_row(*(str(counts[k]) for k in keys))
    return table


def pairs_table(pairs: Mapping[str, object], *headers: str) -> Table:
    """Name and value per row (`kg stats`)."""
    table = Table(*headers)
    for key, value in pairs.items():
        table.add_row(key, str(value))
    return table


def eval_table(data: list[dict]) -> Table:
    """`kg eval`'s scores, one column per folder, so dev and holdout read side by side."""
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
