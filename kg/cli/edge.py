"""The `kg` app and its one edge for errors: every expected failure, from any command, ends as
one line `error: ...` on stderr and an exit code, never a traceback.

Exit codes: 0 done; 1 the work failed (inputs that could not be read, checks that found
problems, a dump that does not parse); 2 the command was asked wrongly (an unknown option or
value, query, benchmark or setting); 3 the store or a server it needs cannot be used (missing,
a file, in use, unreachable); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from pydantic import ValidationError
from pydantic_settings import SettingsError
from typer._click import exceptions as click_errors  # typer >= 0.26 vendors click here

from kg.cli.terminal import say_error
from kg.errors import INTERRUPTED, BadInput, KgError, Unavailable
from kg.queries import CannedQueryError
from kg.store import QueryError, StoreError


def as_kg_error(exc: Exception) -> KgError | None:
    """The family member of an error raised below the CLI, or None for a bug (which keeps its
    traceback: it is ours to fix, not the user's)."""
    if isinstance(exc, KgError):
        return exc
    if isinstance(exc, StoreError):  # includes an unreachable SPARQL server
        return Unavailable(str(exc))
    if isinstance(exc, (QueryError, CannedQueryError)):
        return BadInput(str(exc))
    if isinstance(exc, ValidationError):  # a KG_* setting (environment, .env, kg.toml) that does not parse
        first = exc.errors()[0]
        name = "KG_" + "_".join(str(part) for part in first["loc"]).upper()
        return BadInput(f"{name}={first.get('input')!r}: {first['msg']}", hint="see Settings in the README")
    if isinstance(exc, SettingsError):  # a list setting that is not JSON, e.g. KG_API_TOKENS=abc
        field = re.search(r'field "(\w+)"', str(exc))
        name = f"KG_{field.group(1).upper()}" if field else "a KG_* setting"
        return BadInput(f'{name} does not parse: a list is written as JSON, such as \'["a", "b"]\'')
    from kg.cluster import ClusterError

    if isinstance(exc, ClusterError):
        return Unavailable(str(exc), hint="check --cluster or KG_DASK_SCHEDULER")
    return None


class PlainTyper(typer.Typer):
    """Typer, with click's usage errors and our own failures said in one plain line."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        command = typer.main.get_command(self)
        try:
            code = command.main(*args, **{"prog_name": "kg", **kwargs, "standalone_mode": False})
        except click_errors.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
            sys.exit(BadInput.exit_code)
        except click_errors.UsageError as exc:
            where = f" (see {exc.ctx.command_path} --help)" if exc.ctx else ""
            say_error(exc.format_message() + where)
            sys.exit(BadInput.exit_code)
        except typer.TyperException as exc:
            say_error(exc.format_message())
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.exit(INTERRUPTED)
        except Exception as exc:
            known = as_kg_error(exc)
            if known is None:
                raise
            say_error(str(known))
            sys.exit(known.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


app = PlainTyper(
    help="regrisk-kg: a regulatory-risk knowledge graph of online platforms.", no_args_is_help=True, add_completion=True
)
corpus_app = typer.Typer(help="The evaluation corpus: check gold files.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")
