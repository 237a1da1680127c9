"""Heavy and light questions for the tests that burst a real server, and clients it tells apart.

Loopback answers on all of 127/8, so binding each client's socket to its own address makes
two clients the server tells apart."""

from __future__ import annotations

import httpx

HEAVY_ONE = (
    "events(first: 100) { edges { node { type reports agent { label } evidence { sentence article { title } } } } }"
)
LIGHT = "{ articles(first: 1) { totalCount } }"


def heavy(n: int) -> str:
    """A distinct document each time (no cache helps): 30 pages of 100 events, nested."""
    return "{ " + " ".join(f"h{n}x{i}: {HEAVY_ONE}" for i in range(30)) + " }"


def client(address: str, timeout: float = 30) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=timeout)
