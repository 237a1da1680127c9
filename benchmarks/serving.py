"""The benchmarks that start a real `kg serve` wait for it the same way."""

from __future__ import annotations

import subprocess
import time

import httpx


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float) -> None:
    """Returns once `url`/healthz answers; stops the benchmark if the server exits first or
    does not answer within `seconds` (a store of a million quads takes a while to open)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            httpx.get(f"{url}/healthz", timeout=1)
            return
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("kg serve did not start") from None
            time.sleep(0.2)
