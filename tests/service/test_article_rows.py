"""One validator for an article row (kg/article_row.py): the same bad row sent as a JSONL line
(`kg ingest`), as an item of `POST /articles` and as the `ingestArticle` mutation's input is
refused with the same words, and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.sources import SourceError, read_path
from tests.conftest import run_kg
from tests.service.conftest import TOKEN, serving

TEXT = "Kenya's Communications Authority on Monday ordered Telegram blocked during national exams."
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
MUTATION = "mutation M($input: ArticleInput!) { ingestArticle(input: $input) { status } }"

BAD_ROWS = {
    "empty": ({"text": "  \n "}, "empty article: no text"),
    "binary": ({"text": "\x00\x01" + TEXT}, "binary content (NUL bytes), not text"),
    # bytes read with the wrong codec and escaped: not Unicode text at all
    "mis-encoded": ({"text": TEXT + " caf\udce9"}, f"mis-encoded text (a lone surrogate at character {len(TEXT) + 4})"),
    "huge": ({"text": "Telegram " * 250_000}, "larger than the limit of 2,000,000 bytes"),
}
# Rows whose shape is wrong: the mutation's input types (String!, Date) refuse them before any
# resolver runs; kg/service/error_edges.py gives that refusal the words JSONL and POST say.
BAD_SHAPES = {
    "missing text": ({"title": "Kenya blocks Telegram"}, "'text' is missing: an article needs a string 'text'"),
    "text not a string": ({"text": 5}, "'text' must be a string, not a number"),
    "title not a string": ({"text": TEXT, "title": ["a"]}, "'title' must be a string, not a list"),
    "bad date": (
        {"text": TEXT, "published": "2024-13-45"},
        "'published' must be an ISO date (YYYY-MM-DD), not '2024-13-45'",
    ),
    "not an object": (["text", TEXT], "an article must be a JSON object with a string 'text', not a list"),
}


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("rows") / "kg"
    env = {
        "KG_API_TOKENS": f'["{TOKEN}"]',
        "KG_GRAPHQL_MAX_BODY_BYTES": "4000000",  # the huge row must reach the validator on /graphql too
    }
    with serving(store, env, store.parent) as url:
        yield url
        articles = httpx.post(f"{url}/graphql", json={"query": "{ articles { totalCount } }"}).json()
        assert articles == {"data": {"articles": {"totalCount": 0}}}  # no bad row was written


def _jsonl(tmp_path: Path, row: object) -> str:
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="ascii")
    [refused] = list(read_path(path))
    assert isinstance(refused, SourceError) and refused.source == f"{path}:1"
    return refused.reason


def _post(url: str, row: object) -> str:
    resp = httpx.post(f"{url}/articles", content=json.dumps([row]), headers=AUTH, timeout=60)
    assert resp.status_code == 207, resp.text
    [result] = resp.json()["results"]
    assert (result["source"], result["status"]) == ("article[0]", "failed")
    return result["error"]


def _mutation(url: str, row: object) -> dict:
    body = json.dumps({"query": MUTATION, "variables": {"input": row}})
    resp = httpx.post(f"{url}/graphql", content=body, headers=AUTH, timeout=60)
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_a_bad_row_gets_the_same_words_from_jsonl_post_and_the_mutation(writer: str, tmp_path: Path, case: str) -> None:
    row, reason = BAD_ROWS[case]
    assert _jsonl(tmp_path, row) == reason
    assert _post(writer, row) == reason
    answer = _mutation(writer, row)
    assert answer["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in answer["errors"]] == [(reason, "BAD_USER_INPUT")]


@pytest.mark.parametrize("case", list(BAD_SHAPES))
def test_a_row_of_the_wrong_shape_gets_the_same_words_from_jsonl_post_and_the_mutation(
    writer: str, tmp_path: Path, case: str
) -> None:
    row, reason = BAD_SHAPES[case]
    assert _jsonl(tmp_path, row) == reason
    assert _post(writer, row) == reason
    answer = _mutation(writer, row)
    assert "data" not in answer or answer["data"] is None
    assert [(e["message"], e["extensions"]["code"]) for e in answer["errors"]] == [(reason, "BAD_USER_INPUT")]


def _literal(value: object) -> str:
    """A row written into the GraphQL document itself (an input object literal, not a variable)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return json.dumps(value)


@pytest.mark.parametrize("case", list(BAD_SHAPES))
def test_a_row_written_into_the_document_gets_the_rows_words_too(writer: str, case: str) -> None:
    row, reason = BAD_SHAPES[case]
    query = f"mutation {{ ingestArticle(input: {_literal(row)}) {{ status }} }}"
    resp = httpx.post(f"{writer}/graphql", json={"query": query}, headers=AUTH, timeout=60)
    assert [(e["message"], e["extensions"]["code"]) for e in resp.json()["errors"]] == [(reason, "BAD_USER_INPUT")]


def test_a_null_row_and_a_null_text_get_the_rows_words_in_the_mutation_too(writer: str) -> None:
    for row, reason in [
        (None, "an article must be a JSON object with a string 'text', not null"),
        ({"text": None}, "'text' must be a string, not null"),
    ]:
        answer = _mutation(writer, row)
        assert [(e["message"], e["extensions"]["code"]) for e in answer["errors"]] == [(reason, "BAD_USER_INPUT")]
        assert _post(writer, row) == reason


def test_a_bad_line_costs_only_itself_and_kg_ingest_names_each(tmp_path: Path) -> None:
    """A binary or mis-encoded line used to cost the whole file (it was decoded whole)."""
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": TEXT, "title": "Kenya blocks Telegram", "published": "2024-06-10"}).encode()
    path.write_bytes(b"\n".join([b'{"text": "caf\xe9 ' + TEXT.encode() + b'"}', b"\x00\x00binary", good, b""]))
    store = tmp_path / "kg"
    result = run_kg("ingest", str(path), "--store", str(store), "-q")
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() + result.stderr.splitlines() if "mixed.jsonl:" in line] == [
        f"failed {path}:1: not UTF-8 text (bad byte at offset 13)",
        f"failed {path}:2: binary content (NUL bytes), not text",
    ]
    assert json.loads(run_kg("stats", "--store", str(store), "--format", "json").stdout)["articles"] == 1
