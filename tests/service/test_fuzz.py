"""Generated requests against a real server: GraphQL documents from the live schema
(hypothesis-graphql) and SPARQL requests built from the W3C SPARQL 1.1 syntax tests.

Every answer must be one the README documents: never a 5xx other than the time limit's 503,
never "Unexpected error.", and the store the same afterwards (no write count, the same dump).

How many: an operation costs 11-49 ms here (hypothesis builds the request, the real server
answers it; GraphQL documents cost most), so 10,000 per endpoint would add 2 to 8 minutes to a
suite whose budget is 15. The default run sends about a minute's worth on a quiet machine:
2,200 GraphQL documents (2,000 queries, 200 mutations) and 2,444 SPARQL requests (2,000
generated, the 148 W3C tests three ways); `-m slow` sends 11,000 and 10,444 (timings:
benchmarks/RESULTS.md, "2026-11-26 (hardening)")."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.service.graphql_view import build_schema
from kg.settings import Settings
from tests.conftest import FIXTURES, run_kg
from tests.service.conftest import TOKEN, serving

W3C = FIXTURES / "w3c-sparql11"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
# What the endpoint answers each kind of syntax test: a query runs (200), a malformed query
# is a syntax error (400), and any update, well-formed or not, is refused (403: read-only).
EXPECTED = {
    "PositiveSyntaxTest11": 200,
    "NegativeSyntaxTest11": 400,
    "PositiveUpdateSyntaxTest11": 403,
    "NegativeUpdateSyntaxTest11": 403,
}
# Two documented 400s among the well-formed tests: updates that are only a prologue (an empty
# update is a valid update request) are not queries, so sent as a query they are a syntax
# error; and a query calling an unknown function (`:function(...)`) asks for what the engine
# does not support (the engine said 500 and the endpoint 502 before this test found it).
ANSWERED_400 = {f"syntax-update-1/syntax-update-{n}.ru" for n in (38, 39, 40)} | {
    "syntax-query/syntax-select-expr-04.rq"
}
GENERATED_OK = {200, 400, 403, 406, 413, 415}  # 503 only when the time limit stopped the query


@dataclass(frozen=True)
class SyntaxTest:
    name: str
    kind: str
    text: str


def syntax_tests() -> list[SyntaxTest]:
    tests = []
    for manifest in sorted(W3C.glob("*/manifest.ttl")):
        store = ox.Store()
        store.load(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=manifest.as_uri())
        query = f"SELECT ?action ?type WHERE {{ ?t a ?type ; <{MF}action> ?action }}"
        for row in store.query(query):
            kind = row["type"].value.removeprefix(MF)
            if kind in EXPECTED:
                path = manifest.parent / row["action"].value.rsplit("/", 1)[-1]
                tests.append(SyntaxTest(f"{manifest.parent.name}/{path.name}", kind, path.read_text("utf-8")))
    return sorted(tests, key=lambda t: t.name)


TESTS = syntax_tests()


def expected(test: SyntaxTest) -> int:
    return 400 if test.name in ANSWERED_400 else EXPECTED[test.kind]


def dump_digest(store: Path) -> str:
    result = run_kg("export", "--store", str(store), "--format", "nquads")
    assert result.returncode == 0, result.stderr
    return hashlib.sha256(b"\n".join(sorted(result.stdout.encode().splitlines()))).hexdigest()


@dataclass
class Fuzzed:
    url: str
    store: Path
    http: httpx.Client


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory, sample_store: Path) -> Iterator[Fuzzed]:
    store = tmp_path_factory.mktemp("fuzzed") / "kg"
    shutil.copytree(sample_store, store)
    before = dump_digest(store)
    env = {
        "KG_PRODUCTION": "true",  # "Unexpected error." is what production says of a crash
        "KG_API_TOKENS": f'["{TOKEN}"]',  # writes are on; the fuzzer never has the token
        "KG_GRAPHQL_CACHE_ENTRIES": "0",  # every request is worked out, none answered from memory
        "KG_SPARQL_CACHE_ENTRIES": "0",
        "KG_SPARQL_TIMEOUT_S": "2",
        "KG_QUERY_SECONDS_PER_MINUTE": "100000",
        "KG_AUTH_FAILURES_PER_MINUTE": "100000",
    }
    with serving(store, env, store.parent) as url, httpx.Client(timeout=60) as http:
        yield Fuzzed(url, store, http)
        assert http.get(f"{url}/healthz").json()["writes"] == 0
    assert dump_digest(store) == before  # the store is unchanged after everything


FAST = settings(
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


# ---- GraphQL: documents from the schema ------------------------------------------------

SCHEMA = build_schema(Settings()).as_str()


def _scalars(*, bad_dates: bool) -> dict:
    """Days for the Date scalar; with `bad_dates`, also any text (a value the scalar refuses)."""
    from hypothesis_graphql import nodes

    days = st.dates().map(lambda d: nodes.String(d.isoformat()))
    return {"Date": st.one_of(days, st.text(max_size=12).map(nodes.String)) if bad_dates else days}


def _errors(body: dict) -> list[dict]:
    return body.get("errors") or []


SENT: dict[str, int] = {"graphql": 0, "sparql": 0}


def _check_graphql(fuzzed: Fuzzed, document: str, *, valid: bool) -> dict:
    SENT["graphql"] += 1
    resp = fuzzed.http.post(f"{fuzzed.url}/graphql", json={"query": document})
    assert resp.status_code == 200, (resp.status_code, document, resp.text[:500])
    body = resp.json()
    assert set(body) <= {"data", "errors", "extensions"}, body
    messages = [e["message"] for e in _errors(body)]
    assert "Unexpected error." not in messages, (document, body)
    if not valid:
        assert messages, document  # a document against the schema's rules is refused with a reason
    return body


def graphql_operations(fuzzed: Fuzzed, examples: int) -> None:
    from hypothesis_graphql import Mode, mutations, queries

    scalars = _scalars(bad_dates=True)
    documents = st.one_of(
        queries(SCHEMA, custom_scalars=scalars).map(lambda d: (d, True)),
        queries(SCHEMA, custom_scalars=scalars, mode=Mode.NEGATIVE).map(lambda d: (d, False)),
    )

    @settings(FAST, max_examples=examples)
    @given(documents)
    def asks(case: tuple[str, bool]) -> None:
        _check_graphql(fuzzed, case[0], valid=case[1])

    asks()

    @settings(FAST, max_examples=max(50, examples // 10))
    @given(mutations(SCHEMA, custom_scalars=_scalars(bad_dates=False)))
    def writes(document: str) -> None:
        body = _check_graphql(fuzzed, document, valid=True)
        # without a token, every write is refused unrun, whatever its arguments: for the token, or
        # for its price when what it asks back is over the cost limit (priced before anything runs)
        codes = [e.get("extensions", {}).get("code") for e in _errors(body)]
        assert codes in (["UNAUTHENTICATED"], ["QUERY_TOO_COSTLY"]) and body["data"] is None, (document, body)

    writes()


@pytest.mark.parametrize("examples", [2_000, pytest.param(10_000, marks=pytest.mark.slow)])
def test_generated_graphql_documents_get_documented_answers(fuzzed: Fuzzed, examples: int) -> None:
    sent = SENT["graphql"]
    graphql_operations(fuzzed, examples)
    assert SENT["graphql"] - sent == examples + max(50, examples // 10)  # queries, then mutations


# ---- SPARQL: the W3C syntax tests, as they are and mutated -------------------------------


def _send(fuzzed: Fuzzed, text: str, method: str, accept: str | None = None) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    url = f"{fuzzed.url}/sparql"
    if method == "GET":
        return fuzzed.http.get(url, params={"query": text}, headers=headers)
    if method == "form":
        return fuzzed.http.post(url, data={"query": text}, headers=headers)
    return fuzzed.http.post(
        url, content=text.encode("utf-8"), headers={**headers, "Content-Type": "application/sparql-query"}
    )


def test_the_w3c_syntax_tests_are_vendored_whole() -> None:
    kinds = {kind: sum(t.kind == kind for t in TESTS) for kind in EXPECTED}
    assert kinds == {
        "PositiveSyntaxTest11": 63,
        "NegativeSyntaxTest11": 31,
        "PositiveUpdateSyntaxTest11": 41,
        "NegativeUpdateSyntaxTest11": 13,
    }


@pytest.mark.parametrize("method", ["GET", "form", "direct"])
def test_every_w3c_syntax_test_gets_its_documented_status(fuzzed: Fuzzed, method: str) -> None:
    got = {t.name: _send(fuzzed, t.text, method).status_code for t in TESTS}
    assert got == {t.name: expected(t) for t in TESTS}


ACCEPTS = [
    None,
    "*/*",
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "image/png",
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[SyntaxTest, str]:
    """A syntax test cut, spliced or sprinkled with characters: mostly malformed queries,
    sometimes still well-formed ones, never anything the endpoint may answer with a crash."""
    test = draw(st.sampled_from(TESTS))
    text = test.text
    edit = draw(st.sampled_from(["keep", "cut", "insert", "delete", "splice"]))
    at = draw(st.integers(0, len(text)))
    if edit == "cut":
        text = text[:at]
    elif edit == "insert":
        text = text[:at] + draw(st.text(min_size=1, max_size=8)) + text[at:]
    elif edit == "delete":
        text = text[:at] + text[at + draw(st.integers(1, 20)) :]
    elif edit == "splice":
        other = draw(st.sampled_from(TESTS)).text
        text = text[:at] + other[draw(st.integers(0, len(other))) :]
    return test, text


def sparql_operations(fuzzed: Fuzzed, examples: int) -> None:
    @settings(FAST, max_examples=examples)
    @given(mutated(), st.sampled_from(["GET", "form", "direct"]), st.sampled_from(ACCEPTS))
    def asks(case: tuple[SyntaxTest, str], method: str, accept: str | None) -> None:
        test, text = case
        SENT["sparql"] += 1
        resp = _send(fuzzed, text, method, accept)
        status = resp.status_code
        assert status in GENERATED_OK or (status == 503 and "was stopped" in resp.text), (status, text, resp.text)
        if text == test.text and (accept is None or accept == "*/*"):
            assert status == expected(test), (test.name, status, resp.text)

    asks()


@pytest.mark.parametrize("examples", [2000, pytest.param(10_000, marks=pytest.mark.slow)])
def test_requests_built_from_the_w3c_syntax_tests_get_documented_answers(fuzzed: Fuzzed, examples: int) -> None:
    sent = SENT["sparql"]
    sparql_operations(fuzzed, examples)
    assert SENT["sparql"] - sent == examples
