"""The two consoles of the `kg` command: results go to stdout, everything said to a person
(progress, summaries, errors) to stderr, so `kg export > dump` or `kg query -f csv | ...` stay clean."""

from __future__ import annotations

from rich.console import Console

err = Console(stderr=True, soft_wrap=True)
out = Console()


def say_error(message: str) -> None:
    """The one shape of every expected failure: a single line starting `error:`."""
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
