"""`kg eval` and `kg corpus check`: the extractors scored against gold files, and the gold files checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.edge import app, corpus_app
from kg.cli.options import StatsFormat
from kg.cli.terminal import err, out
from kg.errors import BadInput
from kg.render import eval_table, write_json


@app.command(name="eval")
def evaluate(
    folders: Annotated[
        list[Path], typer.Argument(help="Folders of NAME.txt + NAME.gold.json (e.g. corpus/dev corpus/holdout)")
    ],
    format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.table,
    show_misses: Annotated[bool, typer.Option("--misses", help="List missed and extra items")] = False,
    save: Annotated[Path | None, typer.Option("--save", help="Write the scores and every gold event's outcome")] = None,
    diff: Annotated[
        Path | None,
        typer.Option(
            "--diff", help="A file written by --save: list the gold events gained and lost, and the extra events"
        ),
    ] = None,
) -> None:
    """Score the extractors against gold files (spec/EXTRACTION.md rules), folders side by side."""
    from kg.evaluate import diff as compare
    from kg.evaluate import diff_extras, load_extras, load_outcomes
    from kg.evaluate import evaluate as score
    from kg.gold import gold_pairs

    for folder in folders:
        if not folder.is_dir() or not gold_pairs(folder):
            raise BadInput(f"{folder}: no NAME.txt + NAME.gold.json pairs found")
    if diff is not None and not diff.is_file():
        raise BadInput(f"{diff}: no such file", hint="write one with --save")
    reports = [score(folder) for folder in folders]
    data = [r.to_json() for r in reports]
    if save is not None:
        save.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if format == StatsFormat.json:
        shown = [{k: v for k, v in d.items() if k != "outcomes"} for d in data]
        write_json(shown if len(shown) > 1 else shown[0])
    else:
        out.print(eval_table(data))
    if diff is not None:
        before = load_outcomes(diff)
        after = {f"{d['name']}/{k}": v for d in data for k, v in d["outcomes"].items()}
        gained, lost = compare(before, after)
        out.print(f"gained {len(gained)} gold events, lost {len(lost)}")
        for key in gained:
            out.print(f"  + {key}", highlight=False)
        for key in lost:
            out.print(f"  - {key}", highlight=False)
        extras_before = load_extras(diff)
        if extras_before is None:
            out.print(f"extra events: {diff} records none (written by an older kg eval --save)")
        else:
            new, gone = diff_extras(extras_before, [f"{d['name']}/{x}" for d in data for x in d["extras"]])
            out.print(f"extra events (matching no gold event): {len(new)} new, {len(gone)} gone")
            for key in new:
                out.print(f"  + extra {key}", highlight=False)
            for key in gone:
                out.print(f"  - extra {key}", highlight=False)
    if show_misses:
        for report in reports:
            for miss in report.misses:
                err.print(f"{report.name}/{miss}", highlight=False)


@corpus_app.command("check")
def corpus_check(
    folders: Annotated[list[Path], typer.Argument(help="Folders of NAME.txt + NAME.gold.json")],
) -> None:
    """Check gold files against corpus/ANNOTATION.md: known types and roles, labels, dates, JSON."""
    from kg.gold import check_folder

    problems = 0
    for folder in folders:
        if not folder.is_dir():
            raise BadInput(f"{folder}: not a folder")
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
