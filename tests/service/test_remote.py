"""The same CLI and service over a remote SPARQL 1.1 server: a real `oxigraph serve`."""

import json
from pathlib import Path

import httpx

from tests.conftest import EXAMPLES, run_kg
from tests.service.conftest import serving


def test_ingest_stats_and_graphql_over_a_remote_store(oxigraph_server: str, tmp_path: Path) -> None:
    httpx.post(f"{oxigraph_server}/update", data={"update": "CLEAR ALL"})
    files = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))[:4]]
    assert run_kg("ingest", *files, "--store", oxigraph_server, "-q").returncode == 0
    stats = json.loads(run_kg("stats", "--store", oxigraph_server, "--format", "json").stdout)
    assert stats["articles"] == 4
    again = run_kg("ingest", *files, "--store", oxigraph_server, "-q")
    assert json.loads(run_kg("stats", "--store", oxigraph_server, "--format", "json").stdout) == stats
    assert "│   0 │        0 │         4 │      0 │" in again.stderr

    with serving(oxigraph_server, {}, tmp_path) as url:
        body = httpx.post(
            f"{url}/graphql",
            json={
                "query": "{ articles { totalCount } events(first: 3) { "
                "edges { node { type evidence { sentence } } } } }"
            },
        )
        data = body.json()["data"]
        assert data["articles"]["totalCount"] == 4 and len(data["events"]["edges"]) == 3
        sparql = httpx.get(
            f"{url}/sparql",
            params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert sparql.json()["boolean"] is True
