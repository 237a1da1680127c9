"""Who may write: a bearer token (RFC 6750) that matches one of `KG_API_TOKENS`.

The scheme name is case-insensitive ("Bearer", "bearer"); a token must follow it, and a bare
token without the scheme is refused, so a header meant for another scheme is never read as
ours. Tokens are compared in constant time, against every configured token. With no tokens
configured, nobody writes.
"""

from __future__ import annotations

import hmac
import re

# credentials = "Bearer" 1*SP b64token ; b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
_CREDENTIALS = re.compile(r"^[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*)$")


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None if it is not one."""
    match = _CREDENTIALS.match((header or "").strip())
    return match.group(1) if match else None


def authorized(header: str | None, tokens: list[str]) -> bool:
    token = bearer_token(header)
    if token is None or not tokens:
        return False
    given = token.encode()
    matches = [hmac.compare_digest(given, t.encode()) for t in tokens]  # every token, always
    return any(matches)
