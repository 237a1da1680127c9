"""The pages, in a real headless Chromium (Debian's package): they render, and no request
leaves this machine."""

import json
from pathlib import Path
from urllib.parse import urlparse

import httpx

from kg.queries import catalogue
from kg.vocab import SPARQL_PREFIXES

QUERY_EDITOR = "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror"


def visit(browser, url: str, shot: Path, ready: str):
    page = browser.new_page()
    hosts, errors = [], []
    page.on("request", lambda r: hosts.append(urlparse(r.url).hostname))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(ready, timeout=20_000)
    page.screenshot(path=str(shot))
    return page, hosts, errors


def test_graphiql_renders_offline_and_runs_a_query(server, browser, tmp_path: Path) -> None:
    page, hosts, errors = visit(browser, f"{server.url}/graphql", tmp_path / "graphiql.png", ".graphiql-container")
    page.evaluate(f"""{QUERY_EDITOR}.setValue('{{ entity(name: "RedNote") {{ label aliases }} }}')""")
    page.wait_for_function(f"{QUERY_EDITOR}.operationName == null")  # GraphiQL reads it 100 ms after an edit
    page.click(".graphiql-execute-button")
    page.wait_for_function(
        "document.querySelector('.result-window')?.innerText.includes('Xiaohongshu')", timeout=20_000
    )
    page.screenshot(path=str(tmp_path / "graphiql-result.png"))
    assert set(hosts) == {"127.0.0.1"}, hosts
    assert not errors, errors
    page.close()


RESEARCH = (
    "acts_per_year",
    "disputed",
    "fine_totals",
    "gap_between",
    "held_back",
    "in_force",
    "instrument_history",
    "most_reported",
    "owners_exposure",
    "to_review",
)


def test_every_tab_of_the_sparql_page_runs_offline(server, browser, tmp_path: Path) -> None:
    """Each canned question opens as a tab aimed at this server's /sparql, with its PREFIX lines
    and its example values bound; each runs from the page, as a user presses Run, and shows the
    rows the endpoint gives for the same text (the internal batch lookups are not tabs)."""
    page = browser.new_page()  # a navigation asks for text/html by itself; the page's own requests must not
    hosts, errors = [], []
    page.on("request", lambda r: hosts.append(urlparse(r.url).hostname))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/sparql", wait_until="networkidle")
    page.wait_for_selector(".yasqe", timeout=20_000)
    results = page.evaluate(
        """async () => {
            const out = {};
            for (const id of yasgui.persistentConfig.getTabs()) {
                const tab = yasgui.getTab(id);
                const name = tab.getName();
                if (name === "Query") continue;  // the empty tab Yasgui opens first
                yasgui.selectTabId(id);
                await tab.query();
                const res = tab.getYasr().results;
                out[name] = { error: res.getError() ? String(res.getError().text || "error") : null,
                              endpoint: tab.getEndpoint(), query: tab.getQuery(),
                              rows: res.getBindings() || [] };
            }
            return out;
        }"""
    )
    page.screenshot(path=str(tmp_path / "yasgui.png"))
    assert set(results) == {
        "articles",
        "entities",
        "entity",
        "events",
        "events_in_article",
        "exposure",
        "migrations",
        "policy_impact",
        "timeline",
        *(f"research/{n}" for n in RESEARCH),
    }
    assert {name: r["error"] for name, r in results.items() if r["error"]} == {}
    assert {r["endpoint"] for r in results.values()} == {f"{server.url}/sparql"}
    summaries = {name: q.summary for name, q in catalogue().items()}
    assert {name: r["query"].startswith(f"# {summaries[name]}\n{SPARQL_PREFIXES}") for name, r in results.items()} == {
        name: True for name in results
    }
    # what the page shows is what the endpoint answers for the same text, row for row
    for name, r in results.items():
        direct = httpx.post(
            f"{server.url}/sparql", data={"query": r["query"]}, headers={"Accept": "application/sparql-results+json"}
        )
        assert r["rows"] == direct.json()["results"]["bindings"], name
    # no two sample articles disagree on an amount, so nothing is disputed (tests/kg/test_research_queries.py
    # shows one that is); every other tab finds rows
    assert {name for name, r in results.items() if not r["rows"]} == {"research/disputed"}
    assert [row["event"]["value"].rsplit("/", 2)[1] for row in results["events_in_article"]["rows"]] == [
        "4b9fd822e68c8af7140a"
    ] * len(results["events_in_article"]["rows"])
    assert set(hosts) == {"127.0.0.1"}, hosts
    assert not errors, errors
    page.close()


EXAMPLE_TABS = [
    "Entity",
    "Entities",
    "Events",
    "PolicyImpact",
    "Exposure",
    "Timeline",
    "Migrations",
    "Articles",
    "ExposureAsOf",
    "BansAndWhatEndedThem",
]


def test_graphiql_opens_on_an_example_per_question_and_each_runs(server, browser, tmp_path: Path) -> None:
    """Each tab GraphiQL opens with is run from the page, as a user presses Run: every one
    answers without an error and finds something in the sample store."""
    page, hosts, errors = visit(browser, f"{server.url}/graphql", tmp_path / "graphiql-tabs.png", ".graphiql-tab")
    assert page.locator(".graphiql-tab").all_inner_texts() == EXAMPLE_TABS
    answers = {}
    for i, name in enumerate(EXAMPLE_TABS):
        page.locator(".graphiql-tab").nth(i).locator("button").first.click()
        # GraphiQL names the operation to run 100 ms after the editor changes; a person is slower
        page.wait_for_function(f"{QUERY_EDITOR}.operationName === {name!r}")
        page.click(".graphiql-execute-button")
        text = page.wait_for_function(
            """() => { const cm = document.querySelector('.result-window .CodeMirror');
                       const text = cm && cm.CodeMirror.getValue();
                       return text && text.trim().startsWith('{') ? text : null; }""",
            timeout=20_000,
        ).json_value()
        answers[name] = json.loads(text)
    page.screenshot(path=str(tmp_path / "graphiql-last-tab.png"))
    assert {name: body.get("errors") for name, body in answers.items() if body.get("errors")} == {}
    empty = {name for name, body in answers.items() if not all(body["data"].values())}
    assert empty == set()
    # the as-of tab runs with its variables: the day after the US ruling, before the executive order
    assert [x["jurisdiction"]["label"] for x in answers["ExposureAsOf"]["data"]["exposure"]] == [
        "United States",
        "India",
        "Montana",
    ]
    assert set(hosts) == {"127.0.0.1"}, hosts
    assert not errors, errors
    page.close()
