"""The one family of expected failures: each kind carries its CLI exit code, HTTP status and
GraphQL code, so every edge (the `kg` command, the service) turns it into one plain answer.

An expected failure is the user's or the world's (a typo in `--store`, a port taken, a server
down), never a bug: it is said in one line with what to do about it, never as a traceback.

>>> str(Unavailable("no store at data/kg", hint="run kg ingest first"))
'no store at data/kg (run kg ingest first)'
>>> Unavailable("x").exit_code, BadInput("x").exit_code, Failure("x").exit_code
(3, 2, 1)
>>> e = RateLimited("too many failed bearer tokens from this client; retry in 7 s", retry_after_s=7)
>>> e.http_status, e.graphql_code, e.headers
(429, 'RATE_LIMITED', {'Retry-After': '7'})
"""

from __future__ import annotations


class KgError(Exception):
    """Exit code 1: the work was tried and did not succeed (some inputs failed, checks failed)."""

    exit_code = 1
    http_status = 500
    graphql_code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint

    @property
    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries (what a client or proxy acts on: when to retry, how to log in)."""
        return {}

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class Failure(KgError):
    """Exit code 1: e.g. a dump that does not parse (nothing was imported), an unreadable article."""


class BadInput(KgError):
    """Exit code 2: the command was asked wrongly (an unknown option value, query or benchmark, a
    parameter that does not parse, a file that is not there); asking again differently helps."""

    exit_code = 2
    http_status = 400
    graphql_code = "BAD_USER_INPUT"


class Unavailable(KgError):
    """Exit code 3: the store or a server it needs cannot be used (missing, a file, held by
    another process, a SPARQL server or Dask scheduler that does not answer)."""

    exit_code = 3
    http_status = 503
    graphql_code = "UNAVAILABLE"


class Unauthenticated(KgError):
    """A write without a valid bearer token (401, with the scheme to use)."""

    exit_code = 2
    http_status = 401
    graphql_code = "UNAUTHENTICATED"

    @property
    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class Forbidden(KgError):
    """A write to a server that takes none (no tokens configured): no token would help."""

    exit_code = 2
    http_status = 403
    graphql_code = "FORBIDDEN"


class RateLimited(KgError):
    """A client that must wait before trying again (429 with Retry-After)."""

    exit_code = 3
    http_status = 429
    graphql_code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}


INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT (128 + 2)
