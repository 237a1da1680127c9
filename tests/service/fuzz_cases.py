"""What the fuzzer sends: GraphQL documents from the live schema (hypothesis-graphql) and SPARQL
requests built from the W3C SPARQL 1.1 syntax tests, and a producer that generates them in a
process of its own.

Why a producer process: hypothesis-graphql takes 6-8 ms of CPU to build one document, so the
documents are built beside the requests (on the machine's other core) rather than between them;
the app's answer, 14-30 ms a document here, is what is left (benchmarks/RESULTS.md, "issue 9
finished"). The producer is an ordinary hypothesis test with a seed, so a run can be
replayed; what it cannot do is shrink a failing case, which is why every failure is reported
with the whole request, and the share sent over real uvicorn keeps hypothesis's own reporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing.queues import Queue
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from kg.service.graphql_view import build_schema
from kg.settings import Settings

W3C = Path(__file__).resolve().parents[1] / "fixtures" / "w3c-sparql11"
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
# does not support (the engine said 500 and the endpoint 502 before the fuzzer found it).
ANSWERED_400 = {f"syntax-update-1/syntax-update-{n}.ru" for n in (38, 39, 40)} | {
    "syntax-query/syntax-select-expr-04.rq"
}


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


FAST = settings(
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

SCHEMA = build_schema(Settings()).as_str()


def _scalars(*, bad_dates: bool) -> dict:
    """Days for the Date scalar; with `bad_dates`, also any text (a value the scalar refuses)."""
    from hypothesis_graphql import nodes

    days = st.dates().map(lambda d: nodes.String(d.isoformat()))
    return {"Date": st.one_of(days, st.text(max_size=12).map(nodes.String)) if bad_dates else days}


def graphql_queries() -> st.SearchStrategy[tuple[str, bool]]:
    """(document, whether it keeps the schema's rules): valid queries and ones that break them."""
    from hypothesis_graphql import Mode, queries

    scalars = _scalars(bad_dates=True)
    return st.one_of(
        queries(SCHEMA, custom_scalars=scalars).map(lambda d: (d, True)),
        queries(SCHEMA, custom_scalars=scalars, mode=Mode.NEGATIVE).map(lambda d: (d, False)),
    )


def graphql_mutations() -> st.SearchStrategy[str]:
    from hypothesis_graphql import mutations

    return mutations(SCHEMA, custom_scalars=_scalars(bad_dates=False))


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
METHODS = ["GET", "form", "direct"]


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


@dataclass(frozen=True)
class SparqlCase:
    test: SyntaxTest
    text: str
    method: str
    accept: str | None


def sparql_cases() -> st.SearchStrategy[SparqlCase]:
    return st.builds(
        lambda case, method, accept: SparqlCase(case[0], case[1], method, accept),
        mutated(),
        st.sampled_from(METHODS),
        st.sampled_from(ACCEPTS),
    )


# ---- the producer --------------------------------------------------------------------------

BATCH = 50
KINDS = {
    "query": graphql_queries,
    "mutation": graphql_mutations,
    "sparql": sparql_cases,
}


def _emit(kind: str, count: int, run_seed: int, out: Queue) -> None:
    batch: list = []

    @seed(run_seed)
    @settings(FAST, max_examples=count, phases=[Phase.generate])
    @given(KINDS[kind]())
    def emit(case: object) -> None:
        batch.append(case)
        if len(batch) == BATCH:
            out.put((kind, list(batch)))
            batch.clear()

    emit()
    if batch:
        out.put((kind, batch))


def produce(plan: list[tuple[str, int]], run_seed: int, out: Queue) -> None:
    """Puts each (kind, count) of `plan` on `out` as (kind, batch of cases), then None. Run in a
    process of its own (multiprocessing's spawn), beside the test that sends them."""
    try:
        for kind, count in plan:
            _emit(kind, count, run_seed, out)
    finally:
        out.put(None)
