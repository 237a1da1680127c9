"""Every question is also answerable by its canned query, through /sparql and `kg query`."""

import json

import httpx
import pytest

from kg.queries import catalogue
from tests.conftest import run_kg

QUESTIONS = {
    "entity": {"name": "RedNote"},
    "entities": {"type": "Platform"},
    "events": {"type": "Ban"},
    "policy_impact": {"instrument": "PAFACA"},
    "exposure": {"platform": "TikTok"},
    "timeline": {"entity": "TikTok"},
    "migrations": {"from": "TikTok"},
    "articles": {},
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_canned_query_gives_the_same_rows_over_sparql_and_the_cli(server, name) -> None:
    text = catalogue()[name].bind(QUESTIONS[name])
    resp = httpx.post(
        f"{server.url}/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"}
    )
    assert resp.status_code == 200
    over_http = [{k: v["value"] for k, v in b.items()} for b in resp.json()["results"]["bindings"]]
    assert over_http, name
    params = [a for k, v in QUESTIONS[name].items() for a in ("--param", f"{k}={v}")]
    cli = run_kg("query", name, *params, "--store", str(server.store), "--format", "json")
    assert cli.returncode == 0, cli.stderr  # the CLI reads a store the server holds (a read-only open)
    rows = [{k: v for k, v in r.items() if v is not None} for r in json.loads(cli.stdout)]
    assert rows == over_http
