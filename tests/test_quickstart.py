"""`./quickstart.sh serve` says each step before it starts: a first run used to show nothing for
40 s. Run for real over a set-up environment (VENV pointing at this one's `kg`, its stamp in
place), up to the server's first lines."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT, free_port, wait_for


def test_serve_prints_each_step_then_the_sample_count_then_its_urls(tmp_path: Path) -> None:
    venv, store, port = tmp_path / "venv", tmp_path / "kg", free_port()
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    (venv / "bin" / "kg").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kg "$@"\n')
    (venv / "bin" / "kg").chmod(0o755)
    locked = (ROOT / "requirements-dev.lock").read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    (venv / f".installed-{hashlib.sha256(locked).hexdigest()[:16]}").touch()
    proc = subprocess.Popen(
        ["bash", str(ROOT / "quickstart.sh"), "serve"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "VENV": str(venv), "KG_STORE": str(store), "KG_PORT": str(port)},
        start_new_session=True,
    )
    try:
        assert proc.stderr is not None
        lines = [proc.stderr.readline().rstrip("\n") for _ in range(10)]
        wait_for(f"http://127.0.0.1:{port}/healthz", proc)  # a Ctrl-C during uvicorn's startup can hang it
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(60)
    base = f"http://127.0.0.1:{port}"
    assert lines == [
        f"quickstart: {venv} is up to date with requirements-dev.lock",
        "quickstart: nothing to download at run time: the spaCy model is one of the locked packages, "
        "the pages' scripts are vendored",
        "quickstart: starting kg serve: it ingests the sample articles (with a count), then prints its URLs",
        f"ingesting 12 sample articles from {EXAMPLES} into {store}",
        "samples: 12 new, 0 replaced, 0 unchanged, 0 failed",
        f"kg serve: store {store}",
        f"  explorer  {base}/",
        f"  GraphQL   {base}/graphql (GraphiQL in a browser)",
        f"  SPARQL    {base}/sparql",
        "  writes are off: no API tokens are configured (KG_API_TOKENS)",
    ]
