"""The explorer at `/`, clicked through in a real headless Chromium over the real server: it
loads without a console error, asks nothing but `/graphql`, and every number it shows for TikTok,
X and Bluesky (a platform with no owner in the gazetteer) equals the GraphQL answer this test
fetches for itself. Screenshots go to artifacts/explorer/ (git-ignored) for a person to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

import httpx
import pytest

from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts" / "explorer"
ID_PREFIX = "https://w3id.org/regrisk/id/"

EXPECTED = """query Expected($id: String!, $asOf: Date) {
  timeline(entity: $id, asOf: $asOf) { type date outcome reports }
  exposure(platform: $id, asOf: $asOf) {
    jurisdiction { label } instruments { label } status riskLevel score
    reasons { text points evidence { sentence article { iri } } }
  }
  left: migrations(from: $id, asOf: $asOf) { id date origin { label } destination { label } }
  arrived: migrations(to: $id, asOf: $asOf) { id date origin { label } destination { label } }
}"""

POLICY = """query Policy($id: String!) {
  policyImpact(instrument: $id) {
    affected { label }
    actions { type date } responses { type date } consequences { type date }
  }
}"""

# What the page shows, read back from its DOM (and the chart's own data) by the browser.
SHOWN = """() => {
  const text = (node) => node ? node.textContent.trim() : null;
  const rows = (id) => [...document.querySelectorAll(`#${id} tbody tr`)].map((tr) => [...tr.children]);
  const chart = Chart.getChart("timeline-chart");
  return {
    summary: text(document.getElementById("timeline-summary")),
    labels: chart.data.labels,
    datasets: Object.fromEntries(chart.data.datasets.map((d) => [d.label, d.data])),
    timeline: rows("timeline-table").map((cells) => cells.slice(0, 4).map(text)),
    exposure: document.getElementById("exposure").hidden ? null : rows("exposure-table").map((cells) => ({
      cells: cells.slice(0, 6).map(text),
      reasons: [...cells[6].querySelectorAll("li")].map((li) => [
        text(li.querySelector("strong")), text(li.querySelector(".reason-text")), text(li.querySelector("q")),
        li.querySelector(".source a").getAttribute("href"),
      ]),
    })),
    migrations: document.getElementById("migrations").hidden ? null
      : rows("migrations-table").map((cells) => cells.slice(0, 3).map(text)),
  };
}"""

POLICY_SHOWN = """() => ({
  counts: Object.fromEntries([...document.querySelectorAll("#policy-counts dd")].map((dd) =>
    [dd.dataset.part, dd.textContent])),
  affected: [...document.querySelectorAll("#policy-affected a")].map((a) => a.textContent),
  lists: Object.fromEntries([...document.querySelectorAll("#policy-lists ul")].map((ul) =>
    [ul.dataset.part, [...ul.querySelectorAll("li strong")].map((s) => s.textContent)])),
})"""


@dataclass
class Visit:
    """A page of the explorer and what it did: hosts it reached, API calls, websockets it
    opened (Follow's subscription), console errors."""

    page: object
    hosts: set[str] = field(default_factory=set)
    calls: list[tuple[str, str, str]] = field(default_factory=list)
    sockets: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def check_clean(self, sockets: int = 0) -> None:
        """Only POST /graphql, and exactly `sockets` websockets, each to /graphql on this host."""
        assert self.errors == []
        assert self.hosts == {"127.0.0.1"}
        assert self.calls and set(self.calls) == {("POST", "/graphql", "fetch")}
        assert self.sockets == [("127.0.0.1", "/graphql")] * sockets


@pytest.fixture()
def visit(server, browser) -> Iterator:
    yield from visits(server, browser)


def visits(server, browser) -> Iterator:
    """Opens explorer pages on `server` in fresh browser contexts; closes them after the test."""
    contexts = []

    def start(width: int = 1280, height: int = 900) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("request", lambda r: seen.hosts.add(urlparse(r.url).hostname))
        page.on(
            "request",
            lambda r: (
                seen.calls.append((r.method, urlparse(r.url).path, r.resource_type))
                if r.resource_type in ("fetch", "xhr")
                else None
            ),
        )
        page.on("websocket", lambda ws: seen.sockets.append((urlparse(ws.url).hostname, urlparse(ws.url).path)))
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.goto(f"{server.url}/", wait_until="networkidle")
        page.wait_for_selector("body[data-ready=start]", timeout=20_000)
        return seen

    yield start
    for context in contexts:
        context.close()


def shot(seen: Visit, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def iri_of(server, name: str) -> str:
    return server.data("query($n: String) { entity(name: $n) { iri } }", {"n": name})["entity"]["iri"]


def search_and_open(seen: Visit, name: str, iri: str) -> None:
    page = seen.page
    page.fill("#search", name)
    page.click(f'button.suggestion[data-id="{iri}"]')
    page.wait_for_selector(f'body[data-ready="{iri}|"]', timeout=20_000)


def js_number(value: float) -> str:
    """A number as JavaScript's String() writes it (25, not 25.0)."""
    return str(int(value)) if value == int(value) else repr(value)


def expected_view(server, iri: str, as_of: str | None) -> dict:
    """The page's numbers, worked out here from the GraphQL answer."""
    data = server.data(EXPECTED, {"id": iri, "asOf": as_of})
    events = data["timeline"]
    dated = [e for e in events if e["date"]]
    years = [int(e["date"][:4]) for e in dated]
    labels = [str(y) for y in range(min(years), max(years) + 1)] if years else []
    per_type: dict[str, list[int]] = {}
    for event in dated:
        per_type.setdefault(event["type"], [0] * len(labels))[labels.index(event["date"][:4])] += 1
    ranked = sorted(data["exposure"], key=lambda x: -x["score"])
    moves = {m["id"]: m for m in data["left"] + data["arrived"]}  # first seen wins, as on the page
    return {
        "counts": (len(events), len(dated), len(events) - len(dated)),
        "labels": labels,
        "datasets": per_type,
        "timeline": [[e["date"] or "undated", e["type"], e["outcome"] or "", str(e["reports"])] for e in events],
        "exposure": [
            {
                "cells": [
                    str(rank),
                    x["jurisdiction"]["label"],
                    x["riskLevel"],
                    js_number(x["score"]),
                    x["status"],
                    ", ".join(i["label"] for i in x["instruments"]),
                ],
                "reasons": [
                    [
                        ("+" if r["points"] > 0 else "") + js_number(r["points"]),
                        r["text"],
                        r["evidence"]["sentence"],
                        "/id/" + r["evidence"]["article"]["iri"].removeprefix(ID_PREFIX),
                    ]
                    for r in x["reasons"]
                ],
            }
            for rank, x in enumerate(ranked, 1)
        ],
        "migrations": [
            [
                m["date"] or "undated",
                ", ".join(o["label"] for o in m["origin"]),
                "→\u00a0" + ", ".join(d["label"] for d in m["destination"]),
            ]
            for m in sorted(moves.values(), key=lambda m: m["date"] or "")
        ],
    }


def check_view(seen: Visit, server, iri: str, as_of: str | None = None) -> dict:
    shown = seen.page.evaluate(SHOWN)
    want = expected_view(server, iri, as_of)
    counts = re.fullmatch(r"(\d+) events?; (\d+) with a date \(in the chart\), (\d+) undated\.", shown["summary"])
    assert counts and tuple(int(n) for n in counts.groups()) == want["counts"]
    assert shown["labels"] == want["labels"]
    assert shown["datasets"] == want["datasets"]
    assert shown["timeline"] == want["timeline"]
    assert shown["exposure"] == want["exposure"]
    assert shown["migrations"] == want["migrations"]
    return shown


def test_tiktok_then_as_of_the_day_after_the_ruling(server, visit) -> None:
    seen = visit()
    tiktok = iri_of(server, "TikTok")
    search_and_open(seen, "tikt", tiktok)
    shown = check_view(seen, server, tiktok)
    # the sample store: four jurisdictions, the US first and severe; India's block and its
    # making permanent in January 2021 outweigh Ireland's one fine
    assert [row["cells"][1:3] for row in shown["exposure"]] == [
        ["United States", "SEVERE"],
        ["India", "MEDIUM"],
        ["Ireland", "MEDIUM"],
        ["Montana", "LOW"],
    ]
    shot(seen, "tiktok")
    seen.page.fill("#as-of", "2025-01-18")
    seen.page.wait_for_selector(f'body[data-ready="{tiktok}|2025-01-18"]', timeout=20_000)
    shown = check_view(seen, server, tiktok, "2025-01-18")
    assert [row["cells"][1] for row in shown["exposure"]] == ["United States", "India", "Montana"]
    assert seen.page.text_content("#as-of-note") == "As of 2025-01-18: only what had been published by that day."
    shot(seen, "tiktok-as-of-2025-01-18")
    seen.page.click("#as-of-clear")
    seen.page.wait_for_selector(f'body[data-ready="{tiktok}|"]', timeout=20_000)
    assert seen.page.input_value("#as-of") == ""
    seen.check_clean()


def test_x_and_the_policy_impact_of_an_instrument_it_links_to(server, visit) -> None:
    seen = visit()
    x = iri_of(server, "X")
    search_and_open(seen, "X", x)
    shown = check_view(seen, server, x)
    assert [row["cells"][1:] for row in shown["exposure"]] == [
        ["Turkey", "MEDIUM", "36", "banned", ""],
        ["Brazil", "MEDIUM", "17.8", "ban lifted", ""],
        ["European Union", "LOW", "11.3", "under investigation", "Digital Services Act"],
    ]
    shot(seen, "x")
    dsa = iri_of(server, "Digital Services Act")
    seen.page.click("#exposure-table >> text=Digital Services Act")
    seen.page.wait_for_selector(f'body[data-ready="{dsa}|"]', timeout=20_000)
    impact = server.data(POLICY, {"id": dsa})["policyImpact"]
    parts = ("actions", "responses", "consequences")
    assert seen.page.evaluate(POLICY_SHOWN) == {
        "counts": {"affected": str(len(impact["affected"])), **{k: str(len(impact[k])) for k in parts}},
        "affected": [e["label"] for e in impact["affected"]],
        "lists": {k: [f"{e['date'] or 'undated'} {e['type']}" for e in impact[k]] for k in parts},
    }
    assert impact["actions"]  # the DSA did something in the sample store
    shot(seen, "digital-services-act")
    seen.check_clean()


def test_bluesky_a_platform_with_no_owner_on_a_phone(server, visit) -> None:
    owner = (
        "SELECT ?o WHERE { GRAPH ?g { <https://w3id.org/regrisk/id/entity/bluesky> "
        "<https://w3id.org/regrisk/ontology#owner> ?o } }"
    )
    rows = httpx.post(f"{server.url}/sparql", data={"query": owner}, headers={"Accept": "text/csv"}).text
    assert rows.strip() == "o"  # no owner in the store: the case the explorer must also handle
    seen = visit(390, 844)
    bluesky = iri_of(server, "Bluesky")
    seen.page.click("#platforms >> text=Bluesky")
    seen.page.wait_for_selector(f'body[data-ready="{bluesky}|"]', timeout=20_000)
    shown = check_view(seen, server, bluesky)
    assert [row["cells"][1:3] for row in shown["exposure"]] == [["New York", "MEDIUM"]]
    # readable on a phone: nothing wider than the screen
    assert seen.page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(seen, "bluesky-phone")
    seen.check_clean()


def test_the_keyboard_reaches_everything_in_order_and_opens_a_suggestion(server, visit) -> None:
    seen = visit()
    page = seen.page
    focus = []
    for _ in range(6):
        page.keyboard.press("Tab")
        focus.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert focus == ["Skip to the answers", "regrisk-kg explorer", "GraphiQL", "SPARQL", "search", "Open"]
    tiktok = iri_of(server, "TikTok")
    page.focus("#search")
    page.keyboard.type("tikt")
    page.wait_for_selector(f'button.suggestion[data-id="{tiktok}"]')
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.id") == tiktok
    page.keyboard.press("Enter")
    page.wait_for_selector(f'body[data-ready="{tiktok}|"]', timeout=20_000)
    assert page.evaluate("document.activeElement.id") == "entity-title"
    assert page.evaluate("document.activeElement.tagName") == "H1"
    seen.check_clean()
