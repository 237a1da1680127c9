"""The README's examples run: each block marked `<!-- snippet: NAME -->` is run against a real
`kg serve` over the sample articles (what `./quickstart.sh serve` serves), and what it prints is
compared with the block marked `<!-- output: NAME -->`. An example that stops working, or whose
answer changes, fails here rather than in a reader's terminal."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.service.conftest import serving

README_URL = "http://127.0.0.1:8000"
BLOCK = re.compile(r"<!-- (snippet|output): ([\w-]+) -->\n```(\w+)\n(.*?)```\n", re.S)


def readme_blocks() -> dict[tuple[str, str], str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {(kind, name): body for kind, name, _, body in BLOCK.findall(readme)}


BLOCKS = readme_blocks()
RUN = {  # how each kind of snippet runs
    "python": lambda code: [sys.executable, "-c", code],
    "bash": lambda code: ["bash", "-c", code],
}


@pytest.fixture(scope="module")
def samples(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    store = tmp_path_factory.mktemp("readme") / "kg"
    shutil.copytree(sample_store, store)
    with serving(store, {}, store.parent) as url:
        yield url, store


def test_every_snippet_with_an_output_is_checked() -> None:
    snippets = {name for kind, name in BLOCKS if kind == "snippet"}
    outputs = {name for kind, name in BLOCKS if kind == "output"}
    assert snippets == {
        "graphql-query",
        "graphql-curl",
        "sparql-curl",
        "frontend-python",
        "researcher-python",
        "script-python",
    }
    assert outputs == snippets - {"graphql-query"}


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("graphql-curl", "bash"),
        ("sparql-curl", "bash"),
        ("frontend-python", "python"),
        ("researcher-python", "python"),
        ("script-python", "python"),
    ],
)
def test_a_readme_snippet_prints_what_the_readme_shows(samples: tuple[str, Path], name: str, language: str) -> None:
    url, store = samples
    code = BLOCKS[("snippet", name)].replace(README_URL, url).replace('"data/kg"', json.dumps(str(store)))
    result = subprocess.run(RUN[language](code), capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    printed = [line.rstrip("\r") for line in result.stdout.strip().splitlines()]
    assert printed == BLOCKS[("output", name)].strip().splitlines()


def test_the_query_to_paste_answers_with_the_same_places_as_the_snippets(samples: tuple[str, Path]) -> None:
    url, _ = samples
    answer = httpx.post(f"{url}/graphql", json={"query": BLOCKS[("snippet", "graphql-query")]}, timeout=60).json()
    assert "errors" not in answer, answer
    places = answer["data"]["exposure"]
    assert [(p["jurisdiction"]["label"], p["riskLevel"], p["score"]) for p in places] == [
        ("United States", "HIGH", 50.9),
        ("Montana", "LOW", 0.0),
    ]
    first = places[0]["reasons"][0]
    assert (first["points"], first["evidence"]["sentence"], first["evidence"]["article"]["title"]) == (
        45.0,
        "Supreme Court upholds TikTok law; Americans flock to RedNote",
        "Supreme Court upholds TikTok law; Americans flock to RedNote",
    )
