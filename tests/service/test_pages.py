"""The pages, in a real headless Chromium (Debian's package): they render, and no request
leaves this machine."""

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (./quickstart.sh test installs it when run as root)"
)
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield instance
        instance.close()


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
    page.evaluate("""document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror
                     .setValue('{ entity(name: "RedNote") { label aliases } }')""")
    page.click(".graphiql-execute-button")
    page.wait_for_function(
        "document.querySelector('.result-window')?.innerText.includes('Xiaohongshu')", timeout=20_000
    )
    page.screenshot(path=str(tmp_path / "graphiql-result.png"))
    assert set(hosts) == {"127.0.0.1"}, hosts
    assert not errors, errors
    page.close()


def test_the_sparql_page_lists_the_canned_queries_offline(server, browser, tmp_path: Path) -> None:
    page = browser.new_page(extra_http_headers={"Accept": "text/html"})
    hosts, errors = [], []
    page.on("request", lambda r: hosts.append(urlparse(r.url).hostname))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/sparql", wait_until="networkidle")
    page.wait_for_selector(".yasqe", timeout=20_000)
    page.screenshot(path=str(tmp_path / "yasgui.png"))
    assert not errors, errors
    assert page.evaluate("window.kgExamples") >= 8
    assert set(hosts) == {"127.0.0.1"}, hosts
    assert not errors, errors
    page.close()
