"""KG_PRODUCTION through the real /graphql: introspection and "Did you mean" suggestions off,
internal errors masked; and the same questions answered in full without it. Both servers
stand over a SPARQL server that is not there (port 9), so a question that reaches the store
fails inside the service: the one way to see an unexpected error from outside."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.service.conftest import serving

DEAD_STORE = "http://127.0.0.1:9"  # nothing listens on the discard port
INTROSPECTION = "{ __schema { queryType { name } } }"
MISSPELLED = "{ entitys { totalCount } }"
REACHES_THE_STORE = '{ entity(name: "TikTok") { label } }'


@pytest.fixture(scope="module", params=["production", "development"])
def mode(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    env = {"KG_PRODUCTION": "true" if request.param == "production" else "false"}
    with serving(DEAD_STORE, env, tmp_path_factory.mktemp(request.param)) as url:
        yield request.param, url


def ask(url: str, query: str) -> dict:
    return httpx.post(f"{url}/graphql", json={"query": query}, timeout=30).json()


def messages(body: dict) -> list[str]:
    return [e["message"] for e in body["errors"]]


def test_introspection(mode) -> None:
    name, url = mode
    body = ask(url, INTROSPECTION)
    if name == "production":
        assert body["data"] is None
        assert messages(body) == [
            "GraphQL introspection has been disabled, but the requested query contained the field '__schema'.",
            "GraphQL introspection has been disabled, but the requested query contained the field 'queryType'.",
        ]
    else:
        assert body == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_suggestions(mode) -> None:
    name, url = mode
    expected = "Cannot query field 'entitys' on type 'Query'."
    if name == "development":
        expected += " Did you mean 'entity' or 'entities'?"
    assert messages(ask(url, MISSPELLED)) == [expected]


def test_unexpected_errors(mode) -> None:
    name, url = mode
    body = ask(url, REACHES_THE_STORE)
    if name == "production":
        assert messages(body) == ["Unexpected error."]
        assert "127.0.0.1" not in str(body)
    else:  # the cause, for whoever runs the server
        assert messages(body) == ["cannot reach the SPARQL server http://127.0.0.1:9: [Errno 111] Connection refused"]
