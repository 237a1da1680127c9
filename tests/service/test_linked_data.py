"""The graph's IRIs answer over HTTP of the real server: Turtle for a machine, HTML for a
person, for the ontology and for every entity, article and event under /id/."""

import httpx
import pyoxigraph as ox

RR = "https://w3id.org/regrisk/ontology#"
TIKTOK = "https://w3id.org/regrisk/id/entity/tiktok"


def test_the_ontology_is_turtle_for_machines_and_a_pylode_page_for_people(server) -> None:
    turtle = httpx.get(f"{server.url}/ontology", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = ox.Store()
    graph.load(turtle.content, format=ox.RdfFormat.TURTLE)
    version = ox.NamedNode("http://www.w3.org/2002/07/owl#versionIRI")
    assert [q.object.value for q in graph.quads_for_pattern(None, version, None)] == [
        "https://w3id.org/regrisk/ontology/0.2.0"
    ]
    page = httpx.get(f"{server.url}/ontology", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<title>regrisk-kg ontology</title>" in page.text and "EventInstance" in page.text


def test_an_entity_iri_answers_with_what_the_graph_says_of_it(server) -> None:
    turtle = httpx.get(f"{server.url}/id/entity/tiktok", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and "Accept" in turtle.headers["vary"]
    graph = ox.Store()
    graph.load(turtle.content, format=ox.RdfFormat.TURTLE)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert {q.object for q in graph.quads_for_pattern(ox.NamedNode(TIKTOK), label, None)} == {ox.Literal("TikTok")}
    owner = ox.NamedNode(RR + "owner")
    assert [q.object.value for q in graph.quads_for_pattern(None, owner, None)] == [
        "https://w3id.org/regrisk/id/entity/bytedance"
    ]
    page = httpx.get(f"{server.url}/id/entity/tiktok", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert '<a href="/id/entity/bytedance">' in page.text  # links stay inside the graph


def test_an_unknown_or_hostile_path_is_answered_plainly(server) -> None:
    assert httpx.get(f"{server.url}/id/entity/no-such-thing").status_code == 404
    hostile = httpx.get(f"{server.url}/id/entity/x%3E%20%7D%20DROP%20ALL%20%7B%20%3Cy")
    assert hostile.status_code in (400, 404)
    assert (
        httpx.get(f"{server.url}/id/entity/tiktok", params={"format": "ttl"})
        .headers["content-type"]
        .startswith("text/turtle")
    )


def test_a_browser_gets_the_ontologys_documentation_and_an_entitys_page(server, browser, tmp_path) -> None:
    """Headless Chromium, as a person's browser asks (its own Accept header): HTML, with no request
    leaving this server, and the entity page's links lead on through the graph."""
    page = browser.new_page()
    hosts: list[str] = []
    page.on("request", lambda r: hosts.append(httpx.URL(r.url).host))
    answer = page.goto(f"{server.url}/ontology", wait_until="networkidle")
    assert answer.headers["content-type"].startswith("text/html")
    assert page.title() == "regrisk-kg ontology"
    # a term's IRI opens at its definition: https://w3id.org/regrisk/ontology#EventInstance
    page.goto(f"{server.url}/ontology#EventInstance", wait_until="networkidle")
    section = page.locator("div.property.entity", has=page.locator("#EventInstance"))
    assert section.locator("h3").inner_text().startswith("Event instance")
    assert (
        section.is_visible()
        and page.evaluate("document.querySelector('#EventInstance').getBoundingClientRect().top") < 50
    )
    page.screenshot(path=str(tmp_path / "ontology.png"))
    answer = page.goto(f"{server.url}/id/entity/tiktok", wait_until="networkidle")
    assert answer.headers["content-type"].startswith("text/html")
    page.click('a[href="/id/entity/bytedance"]')
    page.wait_for_url(f"{server.url}/id/entity/bytedance")
    assert "ByteDance" in page.locator("body").inner_text()
    page.screenshot(path=str(tmp_path / "bytedance.png"))
    assert set(hosts) == {"127.0.0.1"}, hosts
    page.close()


def test_every_term_has_a_place_on_the_page_named_by_its_iri(server) -> None:
    import re

    import rdflib

    page = httpx.get(f"{server.url}/ontology", headers={"Accept": "text/html"}).text
    ids = set(re.findall(r'id="([^"]+)"', page))
    ontology = rdflib.Graph().parse(data=httpx.get(f"{server.url}/ontology?format=ttl").text, format="turtle")
    terms = {str(s).removeprefix(RR) for s in ontology.subjects() if str(s).startswith(RR)}
    # the classes and properties in pyLODE's sections, the SKOS schemes and policy kinds after them
    assert len(terms) > 100 and sorted(terms - ids) == []
    assert '<tr id="policyDataProtection"><th>DataProtection</th><td>Rules on personal data and privacy.</td>' in page
