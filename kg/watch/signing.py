"""How a webhook delivery is signed, and how a receiver checks it.

The signature is HMAC-SHA256, keyed with the watchlist's secret, over the timestamp, a dot
and the body's exact bytes (`f"{timestamp}.".encode() + body`), hex, prefixed "sha256=". The
timestamp is signed so a captured delivery cannot be replayed later with a fresh one; a
receiver refuses timestamps older than its tolerance.

>>> sig = sign("s3cret", "1700000000", b'{"a":1}')
>>> sig
'sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940'
>>> verify("s3cret", "1700000000", b'{"a":1}', sig, now=1700000100)
True
>>> verify("s3cret", "1700000000", b'{"a":2}', sig, now=1700000100)
False
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-KG-Signature"
TIMESTAMP_HEADER = "X-KG-Timestamp"
DELIVERY_HEADER = "X-KG-Delivery"  # the idempotency key, also in the body
ATTEMPT_HEADER = "X-KG-Attempt"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return "sha256=" + digest


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, now: float | None = None, tolerance_s: float = 300
) -> bool:
    """Whether the signature is ours and the timestamp within `tolerance_s` of now."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance_s and hmac.compare_digest(sign(secret, timestamp, body), signature)
