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

Over HTTP an error is `{"error": message, "code": graphql_code}` with its status and headers,
whichever endpoint or guard in front of it refused (kg/service/error_edges.py); in GraphQL it is
the same message with the same code in `extensions`.
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


class MalformedQuery(BadInput):
    """A query (GraphQL or SPARQL) that does not parse (400; in GraphQL, its syntax error's code)."""

    graphql_code = "MALFORMED_QUERY"


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


class TooLarge(KgError):
    """A request body over its endpoint's cap, or an answer over the size it may have (413)."""

    exit_code = 2
    http_status = 413
    graphql_code = "TOO_LARGE"


class OverMemory(TooLarge):
    """A heavy query whose worker process ran out of the memory one may take
    (KG_GRAPHQL_WORKER_MEMORY_MB): asked for more than may be given, like a body over its cap
    (413; in GraphQL the code QUERY_OVER_MEMORY, beside QUERY_TOO_COSTLY, which prices a query
    before it runs)."""

    graphql_code = "QUERY_OVER_MEMORY"


class NotAcceptable(KgError):
    """An answer asked for in a format it cannot be given in (406): the message lists those it can."""

    exit_code = 2
    http_status = 406
    graphql_code = "NOT_ACCEPTABLE"


class UnsupportedMediaType(KgError):
    """A request body of a type the endpoint does not read (415)."""

    exit_code = 2
    http_status = 415
    graphql_code = "UNSUPPORTED_MEDIA_TYPE"


class HeadersTooLarge(KgError):
    """Too many request headers, or too many bytes of them (431)."""

    exit_code = 2
    http_status = 431
    graphql_code = "HEADERS_TOO_LARGE"


class RequestTimeout(KgError):
    """A request body that did not arrive within its deadline (408)."""

    exit_code = 3
    http_status = 408
    graphql_code = "REQUEST_TIMEOUT"


class TimedOut(KgError):
    """Work stopped at its time limit (503; in GraphQL the code TIMEOUT, as the query limit says it)."""

    exit_code = 3
    http_status = 503
    graphql_code = "TIMEOUT"


class Busy(Unavailable):
    """The server is at a cap for everyone (requests in flight, bodies held): retry shortly (503)."""

    def __init__(self, message: str, *, retry_after_s: int = 1) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}


class EngineFailed(Unavailable):
    """The SPARQL engine behind the endpoint did not answer, or answered with its own failure (502)."""

    http_status = 502
    graphql_code = "BAD_GATEWAY"


INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT (128 + 2)
