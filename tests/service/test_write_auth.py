"""Who may write, over HTTP to the real server: `POST /articles` and the `ingestArticle`
mutation accept exactly `Bearer <a configured token>` (RFC 6750: the scheme in any case, one or
more spaces, the whole token) and refuse everything else; with no tokens configured, nobody
writes. An accepted request here carries an empty article, so it is refused for that after
authorisation and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from kg.service.auth import authorized, bearer_token
from tests.service.conftest import TOKEN, serving

MUTATION = 'mutation { ingestArticle(input: {text: ""}) { status } }'

MATRIX = [
    (f"Bearer {TOKEN}", True),
    (f"bearer {TOKEN}", True),
    (f"BEARER {TOKEN}", True),
    (f"Bearer   {TOKEN}", True),
    (None, False),
    ("", False),
    (TOKEN, False),  # a bare token: no scheme
    ("Bearer", False),
    ("Bearer ", False),
    (f"Basic {TOKEN}", False),
    (f"Bearer {TOKEN[:6]}", False),  # a prefix
    (f"Bearer {TOKEN}x", False),  # a suffix
    (f"Bearer {TOKEN[:-1]}X", False),  # one character off
    (f"Bearer {TOKEN} {TOKEN}", False),
    (f"Bearer{TOKEN}", False),
]


@pytest.mark.parametrize(("header", "ok"), MATRIX)
def test_the_bearer_rule(header: str | None, ok: bool) -> None:
    assert authorized(header, [TOKEN, "another-token"]) is ok
    assert authorized(header, []) is False  # no tokens configured: nobody writes


def test_the_token_is_what_follows_the_scheme() -> None:
    assert bearer_token("bEaReR abc-123._~+/==") == "abc-123._~+/=="
    assert bearer_token("Bearer a=b") is None  # "=" only as padding at the end


def _headers(header: str | None) -> dict[str, str]:
    return {} if header is None else {"Authorization": header}


# HTTP clients refuse to send a header value with trailing spaces; the unit test covers those.
OVER_HTTP = [(h, ok) for h, ok in MATRIX if h is None or h == h.rstrip()]


@pytest.mark.parametrize(("header", "ok"), OVER_HTTP)
def test_post_articles(server, header: str | None, ok: bool) -> None:
    resp = httpx.post(f"{server.url}/articles", json={"text": ""}, headers=_headers(header), timeout=30)
    if ok:  # let in, and the empty article refused on its own: nothing written
        assert resp.status_code == 207, resp.text
        assert [r["status"] for r in resp.json()["results"]] == ["failed"]
    else:
        assert resp.status_code == 401, resp.text
        assert resp.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("header", "ok"), OVER_HTTP)
def test_ingest_article_mutation(server, header: str | None, ok: bool) -> None:
    resp = httpx.post(f"{server.url}/graphql", json={"query": MUTATION}, headers=_headers(header), timeout=30)
    codes = [e["extensions"]["code"] for e in resp.json()["errors"]]
    assert codes == (["BAD_USER_INPUT"] if ok else ["UNAUTHENTICATED"])


def test_with_no_tokens_configured_nobody_writes(sample_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "kg"
    shutil.copytree(sample_store, store)
    with serving(store, {"KG_PRODUCTION": "true"}, tmp_path) as url:
        for header in (None, f"Bearer {TOKEN}", "Bearer x"):
            article = httpx.post(f"{url}/articles", json={"text": "x"}, headers=_headers(header), timeout=30)
            assert article.status_code == 403
            mutation = httpx.post(f"{url}/graphql", json={"query": MUTATION}, headers=_headers(header), timeout=30)
            assert [e["extensions"]["code"] for e in mutation.json()["errors"]] == ["UNAUTHENTICATED"]
