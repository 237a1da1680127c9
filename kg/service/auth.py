"""Who may write: a bearer token (RFC 6750) that matches one of `KG_API_TOKENS`.

The scheme name is case-insensitive ("Bearer", "bearer"); a token must follow it, and a bare
token without the scheme is refused, so a header meant for another scheme is never read as
ours. With no tokens configured, nobody writes.

The header is read as the bytes the client sent: a header may carry any octet (latin-1 to
Starlette), and reading it as text invites str-only steps (Unicode `strip()` eats U+0085 and
U+00A0; `hmac.compare_digest` raises on non-ASCII str). Tokens are compared as bytes in constant
time, against every configured token. `/articles` and the `ingestArticle` mutation both call
`check_write`, so they refuse the same requests with the same words; failed tokens are
counted per client, and past `KG_AUTH_FAILURES_PER_MINUTE` the client is told to wait (429).
"""

from __future__ import annotations

import hmac
import math
import re
import time
from collections import deque
from collections.abc import Iterable

from starlette.requests import Request

from kg.errors import Forbidden, KgError, RateLimited, Unauthenticated

# credentials = "Bearer" 1*SP b64token ; b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
_CREDENTIALS = re.compile(rb"[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*)")
_OWS = b" \t"  # the only whitespace HTTP puts around a field value (RFC 9110 5.6.3)


def bearer_token(header: bytes | None) -> bytes | None:
    """The token of an `Authorization: Bearer <token>` header, or None if it is not one."""
    match = _CREDENTIALS.fullmatch((header or b"").strip(_OWS))
    return match.group(1) if match else None


def authorized(header: bytes | None, tokens: list[str]) -> bool:
    token = bearer_token(header)
    if token is None or not tokens:
        return False
    matches = [hmac.compare_digest(token, t.encode("utf-8")) for t in tokens]  # every token, always
    return any(matches)


NO_TOKENS = "writes are off: no API tokens are configured (KG_API_TOKENS)"
BAD_TOKEN = "a valid bearer token is required"


class FailureThrottle:
    """Failed tokens per client in a sliding minute; a client over the limit waits.

    A client past the limit is refused before its token is looked at, so guessing learns
    nothing while it waits. Clients are keyed by address (uvicorn's proxy-header handling
    decides what that is behind a proxy). The table holds at most `max_clients`: when full it
    forgets clients whose failures have all expired, then the longest-known half, so its
    memory and the cost of a failure stay bounded whatever the number of addresses.
    """

    def __init__(self, per_minute: int, window_s: float = 60.0, max_clients: int = 10_000) -> None:
        self.per_minute, self.window_s, self.max_clients = per_minute, window_s, max_clients
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, client: str, now: float) -> deque[float] | None:
        failures = self._failures.get(client)
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        if failures is not None and not failures:
            del self._failures[client]
            return None
        return failures

    def wait_s(self, client: str, now: float | None = None) -> int:
        """Seconds the client must wait before its next try (0: it may try now)."""
        now = time.monotonic() if now is None else now
        failures = self._recent(client, now)
        if failures is None or len(failures) < self.per_minute:
            return 0
        return max(1, math.ceil(failures[-self.per_minute] + self.window_s - now))

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if client not in self._failures and len(self._failures) >= self.max_clients:
            for key in list(self._failures):
                self._recent(key, now)
            while len(self._failures) >= self.max_clients // 2:
                del self._failures[next(iter(self._failures))]
        self._failures.setdefault(client, deque()).append(now)


def authorization_header(raw_headers: Iterable[tuple[bytes, bytes]]) -> bytes | None:
    """The one Authorization header's bytes; two of them are ambiguous, so neither counts."""
    values = [v for k, v in raw_headers if k.lower() == b"authorization"]
    return values[0] if len(values) == 1 else None


def check_write(
    raw_headers: Iterable[tuple[bytes, bytes]], client: str, tokens: list[str], throttle: FailureThrottle
) -> KgError | None:
    """None if the request may write; else why not, as an error of kg/errors.py's family that
    each edge answers in its own way (kg/service/error_edges.py). The one check every write uses."""
    if not tokens:
        return Forbidden(NO_TOKENS)
    wait = throttle.wait_s(client)
    if wait:
        return RateLimited(f"too many failed bearer tokens from this client; retry in {wait} s", retry_after_s=wait)
    if not authorized(authorization_header(raw_headers), tokens):
        throttle.failed(client)
        return Unauthenticated(BAD_TOKEN)
    return None


def write_refusal(request: Request, tokens: list[str], throttle: FailureThrottle) -> KgError | None:
    """check_write over a Starlette request: its raw header bytes and its client's address."""
    client = request.client.host if request.client else "unknown"
    return check_write(request.headers.raw, client, tokens, throttle)
