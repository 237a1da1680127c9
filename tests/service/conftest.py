"""A real `kg serve` (uvicorn) on a free port, over the sample articles and the dev corpus."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import KG, ROOT, free_port, missing_part, wait_for

TOKEN = "test-token-0123456789"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Server:
    url: str
    store: Path

    def graphql(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        resp = httpx.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=60
        )
        return resp.json()

    def data(self, query: str, variables: dict | None = None) -> dict:
        body = self.graphql(query, variables)
        assert "errors" not in body, body.get("errors")
        return body["data"]


@pytest.fixture(scope="session")
def server(sample_and_dev_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = tmp_path_factory.mktemp("served") / "kg"
    shutil.copytree(sample_and_dev_store, store)
    env = {
        "KG_API_TOKENS": f'["{TOKEN}"]',
        "KG_PRODUCTION": "true",
        "KG_SPARQL_MAX_BYTES": "300000",
        "KG_SPARQL_TIMEOUT_S": "2",
        # the shared server answers many tests' failed tokens; tests/service/test_guards.py checks the limit
        "KG_AUTH_FAILURES_PER_MINUTE": "100000",
        # every test is one client here (127.0.0.1); tests/service/test_store_work.py checks the budgets
        "KG_QUERY_SECONDS_PER_MINUTE": "100000",
        "KG_CLIENT_MAX_CONCURRENT_QUERIES": "64",
        "KG_GRAPHQL_INTROSPECTION": "true",  # GraphiQL (test_pages) introspects
    }
    with serving(store, env, store.parent) as url:
        yield Server(url, store)


@contextlib.contextmanager
def serving(store: Path | str, env: dict[str, str], log_dir: Path) -> Iterator[str]:
    """A real `kg serve` over `store` (a folder or a SPARQL server's URL) on a free port, with
    extra KG_* settings; its URL."""
    with serving_process(store, env, log_dir) as (url, _):
        yield url


@contextlib.contextmanager
def serving_process(store: Path | str, env: dict[str, str], log_dir: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`serving`, with the server's process (for its pid: memory, signals).

    Its log goes to a file in `log_dir`: a pipe nobody reads would fill up (one line per request)
    and stop the server mid-test."""
    port = free_port()
    log_path = log_dir / f"serve-{port}.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*KG, "serve", "--store", str(store), "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "NO_COLOR": "1", **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_for(url + "/healthz", proc)
            except (RuntimeError, TimeoutError) as exc:
                raise RuntimeError(f"{exc}\n{log_path.read_text()[-3000:]}") from exc
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def browser():
    """A real headless Chromium (Debian's package), driven by Playwright; one per test module.

    Not one per session: while Playwright's sync API is open it keeps an event loop running in
    this thread, and later tests that call asyncio.run() would fail."""
    if CHROMIUM is None:
        missing_part("Debian's chromium", "apt-get install -y chromium (./quickstart.sh test does this as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
