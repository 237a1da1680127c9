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
