"""How uvicorn speaks HTTP for `kg serve`: h11 with a header size cap and a header deadline.

uvicorn times out an idle keep-alive connection, but not a connection that is sending its
headers: a client that trickles one header line every two seconds holds a connection (and a
file descriptor) for as long as it likes. h11 is chosen over httptools because it caps the
bytes of an unfinished request head (`max_header_bytes`); this protocol adds the deadline:
from a connection's first byte (or its previous response) to the end of the request's
headers, at most `header_timeout_s`. The body has its own deadline in kg/service/limits.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from kg.settings import Settings


class DeadlineH11Protocol(H11Protocol):
    header_timeout_s: float = 5.0  # set per server by `protocol_for`

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head_deadline()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self._start_head_deadline()  # a new request begins: its head has a deadline
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._cancel_head_deadline()  # the head is complete; the body deadline takes over

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)

    def _start_head_deadline(self) -> None:
        if self._head_deadline is None:
            self._head_deadline = self.loop.call_later(self.header_timeout_s, self._head_too_slow)

    def _cancel_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            if self.cycle is None or self.cycle.response_complete:
                self.transport.close()  # nothing of a request has been accepted: just hang up


def protocol_for(settings: Settings) -> type[DeadlineH11Protocol]:
    """A protocol class carrying this server's header deadline (uvicorn takes a class)."""
    return type("KGHttpProtocol", (DeadlineH11Protocol,), {"header_timeout_s": settings.header_timeout_s})


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The keyword arguments `kg serve` gives uvicorn.run, from the settings."""
    return {
        "http": protocol_for(settings),
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "timeout_keep_alive": settings.keep_alive_timeout_s,
    }
