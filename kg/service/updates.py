"""Which /sparql requests are SPARQL Updates, refused with 403 before any engine sees them.

The endpoint is read-only; the engine behind it would refuse an update too, but as a syntax
error (400), which tells a client nothing. So an update is recognised here by its first keyword
after the prologue (PREFIX, BASE, comments): one of the eleven update operations of SPARQL 1.1
Update. Anything else goes to the engine, which answers a query or a syntax error.
"""

from __future__ import annotations

import re

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*(?:\n|$))\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.I,
)


def is_update(text: str) -> bool:
    return _UPDATE.match(text) is not None
