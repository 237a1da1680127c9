"""The `kg` command speaks plainly: each message a user meets when something is off, exactly,
from the real command run as a subprocess."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, KG, ROOT, free_port, run_kg


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["export"],
        ["validate"],
        ["query", "entities"],
        ["ask", "exposure", "TikTok"],
    ],
)
def test_a_read_command_on_a_missing_store_says_so_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "typo"
    result = run_kg(*command, "--store", str(typo))
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == f"error: no store at {typo} (run kg ingest first)\n"
    assert not typo.exists()


def test_an_empty_folder_is_no_store_either(tmp_path: Path) -> None:
    result = run_kg("stats", "--store", str(tmp_path))
    assert (result.returncode, result.stderr) == (3, f"error: no store at {tmp_path} (run kg ingest first)\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["stats"], ["ingest", str(EXAMPLES)]])
def test_a_store_path_that_is_a_file_gets_one_line(tmp_path: Path, command: list[str]) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("not a store")
    result = run_kg(*command, "--store", str(afile))
    assert result.returncode == 3
    assert result.stderr == (
        f"error: {afile} is a file, not a store folder; give --store a folder (or a SPARQL server's URL)\n"
    )
    assert afile.read_text() == "not a store"


def test_a_store_under_a_file_gets_one_line(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("")
    result = run_kg("ingest", str(EXAMPLES), "--store", str(afile / "kg"))
    assert (result.returncode, result.stderr) == (3, f"error: cannot open the store {afile / 'kg'}: Not a directory\n")


def _wait_for_writes(store: Path, proc: subprocess.Popen, seconds: float = 120) -> None:
    """Until the store's write-ahead log holds a few articles (the store cannot be read while
    `kg ingest` holds it), however long spaCy takes to load on a busy machine."""
    deadline = time.monotonic() + seconds
    while sum(f.stat().st_size for f in store.glob("*.log")) < 1_000_000:
        assert proc.poll() is None and time.monotonic() < deadline, "kg ingest wrote nothing"
        time.sleep(0.05)


def test_ctrl_c_during_ingest_says_what_was_written_and_how_to_resume(tmp_path: Path) -> None:
    """The count printed is the count in the store, and re-running the same command finishes
    the job with the written articles coming back as unchanged."""
    corpus, store, total = tmp_path / "corpus.jsonl", tmp_path / "kg", 200
    samples = [p.read_text() for p in sorted(EXAMPLES.glob("*.txt"))]
    corpus.write_text(
        "".join(
            json.dumps({"text": f"{samples[i % len(samples)]}\n\nUpdate number {i}.", "published": "2025-01-20"}) + "\n"
            for i in range(total)
        )
    )
    command = ["ingest", str(corpus), "--store", str(store), "-q"]
    proc = subprocess.Popen(
        [*KG, *command], cwd=ROOT, stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"}
    )
    _wait_for_writes(store, proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    written = json.loads(run_kg("stats", "--store", str(store), "--format", "json").stdout)["articles"]
    assert proc.returncode == 130
    assert 0 < written < total
    assert stderr == (
        f"interrupted: {written} of {total} articles are in the store ({written} new, 0 replaced, 0 unchanged, "
        "0 failed); the rest were not written. Run the same command again to resume: "
        "the articles already written are skipped as unchanged.\n"
    )
    again = run_kg(*command)
    assert again.returncode == 0
    assert re.search(rf"│\s+{total - written} │\s+0 │\s+{written} │\s+0 │", again.stderr), again.stderr


def _serve(store: Path, port: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [*KG, "serve", "--store", str(store), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "KG_API_TOKENS": "[]", **env},
    )


@pytest.mark.parametrize(
    ("tokens", "writes"),
    [
        ("[]", "writes are off: no API tokens are configured (KG_API_TOKENS)"),
        (
            '["a-token", "another"]',
            "writes are on: POST {base}/articles or the ingestArticle mutation, "
            "with one of the 2 KG_API_TOKENS as a bearer token",
        ),
    ],
)
def test_serve_starts_by_printing_its_urls_and_whether_writes_are_on(
    store_copy: Path, tokens: str, writes: str
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _serve(store_copy, port, {"KG_API_TOKENS": tokens})
    try:
        assert proc.stderr is not None
        lines = [proc.stderr.readline().rstrip("\n") for _ in range(5)]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert lines == [
        f"kg serve: store {store_copy}",
        f"  explorer  {base}/",
        f"  GraphQL   {base}/graphql (GraphiQL in a browser)",
        f"  SPARQL    {base}/sparql",
        "  " + writes.format(base=base),
    ]


def test_a_taken_port_is_named_with_a_hint_before_anything_else(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_kg("serve", "--store", str(tmp_path / "kg"), "--port", str(port), timeout=60)
    assert result.returncode == 2
    assert result.stderr == (
        f"error: port {port} on 127.0.0.1 is taken (another kg serve?); "
        f"choose another with --port {port + 1} or KG_PORT={port + 1}\n"
    )
    assert not (tmp_path / "kg").exists()  # refused before the store was opened or created


def test_serve_on_a_store_another_process_holds_says_so_in_one_line(store_copy: Path) -> None:
    from kg.store import EmbeddedStore

    holder = EmbeddedStore(store_copy)  # as a running `kg ingest` would
    try:
        result = run_kg("serve", "--store", str(store_copy), "--port", str(free_port()), timeout=60)
    finally:
        holder.close()
    assert result.returncode == 3
    assert result.stderr == (
        f"error: the store {store_copy} is in use by another process (is `kg serve` running?); "
        "stop it, or send articles to the server with POST /articles\n"
    )


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize("name", [".env", "kg.toml"])
def test_the_files_that_hold_tokens_are_git_ignored(name: str) -> None:
    """The README puts KG_API_TOKENS in .env or kg.toml; neither may be committed by `git add .`."""
    assert subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT).returncode == 0
