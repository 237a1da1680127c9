"""kill -9 of a real `kg serve`: its `oxigraph serve-read-only` sidecar dies with it (the
parent-death signal), and the next start removes the checkpoint folder the killed server
left behind before serving from a fresh one."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tests.service.conftest import serving_process

ASK = {"query": "ASK { ?s ?p ?o }"}


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # state, ppid, ...: after the command name


def _running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may never reap a dead child)."""
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def _sidecars(parent: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and (fields := _stat(int(proc.name))) and int(fields[1]) == parent:
            try:
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if b"serve-read-only" in cmdline:
                found.append(int(proc.name))
    return found


def test_a_killed_server_leaves_no_sidecar_and_the_next_start_sweeps_its_checkpoints(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    checkpoints = Path(f"{store}.sparql-checkpoints")
    with serving_process(store, {}, tmp_path) as (url, proc):
        assert httpx.get(f"{url}/sparql", params=ASK, timeout=30).json()["boolean"] is False
        sidecars = _sidecars(proc.pid)
        assert len(sidecars) == 1 and _running(sidecars[0])
        killed = proc.pid
        proc.kill()
        proc.wait(10)
        deadline = time.monotonic() + 5
        while any(_running(pid) for pid in sidecars) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in sidecars if _running(pid)] == []
        assert sorted(p.name for p in checkpoints.iterdir()) == [f"gen-0-{killed}"]  # what a kill leaves

    with serving_process(store, {}, tmp_path) as (url, proc):
        assert not checkpoints.exists() or list(checkpoints.iterdir()) == []  # swept before serving
        assert httpx.get(f"{url}/sparql", params=ASK, timeout=30).json()["boolean"] is False
        assert sorted(p.name for p in checkpoints.iterdir()) == [f"gen-0-{proc.pid}"]
