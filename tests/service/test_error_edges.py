"""kg/errors.py's family at the service's two edges (kg/service/error_edges.py): each error is one
HTTP answer and one GraphQL error, with the same words; a wait is a 429 on both."""

from __future__ import annotations

import json

import pytest
from starlette.responses import Response

from kg.errors import BadInput, Forbidden, KgError, RateLimited, Unauthenticated, Unavailable
from kg.service.error_edges import graphql_error, http_answer

FAMILY = [
    (BadInput("'first' must be between 1 and 100"), 400, "BAD_USER_INPUT", {}),
    (Unauthenticated("a valid bearer token is required"), 401, "UNAUTHENTICATED", {"www-authenticate": "Bearer"}),
    (Forbidden("writes are off: no API tokens are configured (KG_API_TOKENS)"), 403, "FORBIDDEN", {}),
    (RateLimited("retry in 7 s", retry_after_s=7), 429, "RATE_LIMITED", {"retry-after": "7"}),
    (Unavailable("the store is held by another process"), 503, "UNAVAILABLE", {}),
]


@pytest.mark.parametrize(("error", "status", "code", "headers"), FAMILY, ids=lambda x: type(x).__name__)
def test_one_error_is_one_http_answer_and_one_graphql_error_in_the_same_words(
    error: KgError, status: int, code: str, headers: dict[str, str]
) -> None:
    answer = http_answer(error)
    assert (answer.status_code, json.loads(answer.body)) == (status, {"error": error.message, "code": code})
    assert {k: v for k, v in answer.headers.items() if k in ("www-authenticate", "retry-after")} == headers
    graphql = graphql_error(error)
    assert (graphql.message, graphql.extensions) == (error.message, {"code": code})


def test_a_wait_in_graphql_is_also_a_429_with_retry_after_on_the_http_response() -> None:
    response = Response()
    graphql_error(RateLimited("retry in 7 s", retry_after_s=7), response)
    assert (response.status_code, response.headers["retry-after"]) == (429, "7")
    other = Response()
    graphql_error(Unauthenticated("a valid bearer token is required"), other)
    assert (other.status_code, "www-authenticate" in other.headers) == (200, False)  # GraphQL says it in the body
