"""Shared fixtures: the real spaCy pipeline, real stores on disk, the project's sample articles."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kg.store import RemoteStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEV_CORPUS = ROOT / "corpus" / "shared-dev"  # the six articles the spec came with (../shared/corpus/dev)
KG = [sys.executable, "-m", "kg"]


_WHEN_EXTRACTED = re.compile(rb'(<http://www.w3.org/ns/prov#endedAtTime> )"[^"]*"')


def timeless(nquads: bytes) -> list[bytes]:
    """A dump's N-Quads lines with each extraction's end time (prov:endedAtTime, the run's own
    clock) as one placeholder: two stores of the same articles give the same lines, each
    extraction still stamped once."""
    return [_WHEN_EXTRACTED.sub(rb'\1"WHEN"', line) for line in nquads.splitlines()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise RuntimeError(f"server exited early ({proc.returncode}): {out[-2000:]}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {seconds} s")


def run_kg(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*KG, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


def read_model_complaints(store: Path) -> list[str]:
    """What `kg validate` says of a store's read model, which it must find broken."""
    result = run_kg("validate", "--store", str(store))
    assert result.returncode == 1, result.stderr
    lines = [line.strip() for line in result.stderr.splitlines()]
    return lines[lines.index("Read model:") + 1 :]


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample articles, ingested once by `kg ingest` into an on-disk store."""
    path = tmp_path_factory.mktemp("samples") / "kg"
    result = run_kg("ingest", str(EXAMPLES), "--store", str(path), "-q")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="session")
def sample_and_dev_store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles and the spec's dev articles in one store: the data issue 12's
    researcher asked their ten questions of."""
    path = tmp_path_factory.mktemp("samples-and-dev") / "kg"
    shutil.copytree(sample_store, path)
    result = run_kg("ingest", str(DEV_CORPUS), "--store", str(path), "-q")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture()
def store_copy(sample_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kg"
    shutil.copytree(sample_store, target)
    return target


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` (PyPI package oxigraph) on a free local port."""
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert exe, "the oxigraph CLI (PyPI package 'oxigraph') must be installed"
    port = free_port()
    location = tmp_path_factory.mktemp("oxserve")
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/query", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


VIRTUOSO = shutil.which("virtuoso-t")
VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""
OUR_GRAPHS = "https://w3id.org/regrisk/id/graph/"


@dataclass
class SparqlServer:
    """A real SPARQL server that `kg` can use as its store, and the settings that point `kg` at it."""

    engine: str
    url: str  # what `--store` is given
    query_url: str
    update_url: str  # with the user and password where the engine wants them

    @property
    def env(self) -> dict[str, str]:
        return {"KG_QUERY_URL": self.query_url, "KG_UPDATE_URL": self.update_url}

    def store(self) -> RemoteStore:
        return RemoteStore(self.url, query_url=self.query_url, update_url=self.update_url)

    def clear(self) -> None:
        """Drops every graph of ours (Virtuoso keeps its own system graphs beside them)."""
        store = self.store()
        graphs = store.select(
            f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER STRSTARTS(STR(?g), "{OUR_GRAPHS}") }}'
        )
        if graphs:
            store._update(" ;\n".join(f"DROP SILENT GRAPH <{row['g']}>" for row in graphs))
        store.close()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    """A real Virtuoso Open Source (Debian's virtuoso-opensource, 7.2) in a temp folder of its
    own, on free ports, with its own virtuoso.ini: no system service. `kg` writes through the
    authenticated update endpoint (/sparql-auth, digest authentication) as `dba`, the account
    a new database has; the anonymous /sparql stays read-only."""
    if VIRTUOSO is None:
        missing_part(
            "Virtuoso (virtuoso-t)", "apt-get install -y virtuoso-opensource (./quickstart.sh test does this as root)"
        )
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(dir=folder, http_port=http_port, sql_port=sql_port))
    proc = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(url + "/sparql?query=ASK%7B%7D", proc)
        # queries through the authenticated endpoint too: the anonymous /sparql account may not
        # run the procedures Virtuoso compiles a multi-column VALUES into (SR186, now and then)
        auth = f"http://dba:dba@127.0.0.1:{http_port}/sparql-auth"
        yield SparqlServer("virtuoso", url, auth, auth)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote_server(request: pytest.FixtureRequest) -> SparqlServer:
    """Each real SPARQL server the remote-store tests run against, emptied of our graphs."""
    if request.param == "oxigraph":
        url = request.getfixturevalue("oxigraph_server")
        server = SparqlServer("oxigraph", url, url + "/query", url + "/update")
    else:
        server = request.getfixturevalue("virtuoso_server")
    server.clear()
    return server


def missing_part(what: str, fix: str) -> None:
    """A part a test needs is not here. Locally the test is skipped with the command that
    installs it; under CI (CI=true) that is a failure, so a green CI always ran every check."""
    message = f"{what} is missing; install it with: {fix}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI needs every part: {message}", pytrace=False)
    pytest.skip(message)
