"""The IRIs of the graph answer: `/ontology` and every `/id/...` path give Turtle to a
machine and HTML to a person (content negotiation on Accept), so a w3id redirect to this
service makes the IRIs of an exported graph resolvable.

The ontology page is pyLODE's, made once per process; an entity, article or event page lists
what the store says of that IRI in every graph, with links back into `/id/`."""

from __future__ import annotations

import asyncio
import html
import re
from functools import cache

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from kg.store import Store
from kg.vocab import ID, RR
from ontologies import ontology_turtle

TURTLE = "text/turtle"
MACHINE_TYPES = (TURTLE, "application/n-triples", "application/rdf+xml", "application/ld+json", "text/n3")


def wants_rdf(request: Request) -> bool:
    """RDF unless the client prefers HTML: browsers send text/html first; curl sends */*."""
    accept = request.headers.get("accept", "*/*").lower()
    if "format" in request.query_params:
        return request.query_params["format"] in ("ttl", "turtle")
    best = {m.split(";")[0].strip(): _q(m) for m in accept.split(",")}
    rdf = max((q for m, q in best.items() if m in MACHINE_TYPES), default=0.0)
    page = max((q for m, q in best.items() if m in ("text/html", "application/xhtml+xml")), default=0.0)
    return rdf >= page if rdf or page else True


def _q(media_range: str) -> float:
    for param in media_range.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


@cache
def ontology_html() -> str:
    """pyLODE's page. The SKOS scheme nodes are left out of what it reads: given a concept
    scheme, pyLODE takes it for the ontology and titles the page after it."""
    import rdflib
    from pylode import OntPub
    from rdflib.namespace import RDF, SKOS

    graph = rdflib.Graph().parse(data=ontology_turtle(), format="turtle")
    schemes = _schemes_section(graph)
    for scheme in list(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        graph.remove((scheme, None, None))
    page = _anchored(OntPub(ontology=graph).make_html())
    return page.replace('<div id="namespaces">', schemes + '<div id="namespaces">', 1)


def _schemes_section(graph) -> str:
    """The SKOS schemes (ontologies/schemes.ttl), which pyLODE does not show: each scheme and
    its concepts, every one at its IRI's fragment; a concept that is also a class links to the
    class's section."""
    from rdflib import OWL, RDF, SKOS, URIRef

    def fragment(term: URIRef) -> str:
        return str(term).removeprefix(RR)

    def text(term: URIRef, prop: URIRef) -> str:
        return html.escape(str(graph.value(term, prop) or ""))

    out = ['<div class="section" id="schemes">\n<h2>Concept schemes</h2>']
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        out.append(f'<div class="property entity" id="{fragment(scheme)}"><h3>{text(scheme, SKOS.prefLabel)}</h3>')
        out.append(f"<table><tr><th>IRI</th><td><code>{html.escape(str(scheme))}</code></td></tr>")
        for concept in sorted(graph.subjects(SKOS.inScheme, scheme)):
            name, definition = fragment(concept), text(concept, SKOS.definition)
            if (concept, RDF.type, OWL.Class) in graph:  # its definition is in the class's section
                out.append(
                    f'<tr><th><a href="#{name}">{text(concept, SKOS.prefLabel)}</a></th><td>{definition}</td></tr>'
                )
            else:
                out.append(f'<tr id="{name}"><th>{text(concept, SKOS.prefLabel)}</th><td>{definition}</td></tr>')
        out.append("</table></div>")
    return "\n".join(out) + "\n</div>\n"


_TERM_SECTION = re.compile(
    r'(<div class="property entity" id="([^"]+)">)((?:(?!</div>).){0,400}?<code>'
    + re.escape(RR)
    + r"([A-Za-z0-9_]+)</code>)",
    re.DOTALL,
)


def _anchored(page: str) -> str:
    """pyLODE names a term's section after its label ("Event instance" -> #Eventinstance); an
    anchor with the IRI's own fragment is added where they differ, so the term's IRI
    (https://w3id.org/regrisk/ontology#EventInstance, served here at /ontology) opens at its
    definition in a browser."""

    def anchor(m: re.Match) -> str:
        div, section, rest, fragment = m.groups()
        return div + (f'<span id="{fragment}"></span>' if fragment != section else "") + rest

    return _TERM_SECTION.sub(anchor, page)


async def ontology(request: Request) -> Response:
    if wants_rdf(request):
        return Response(ontology_turtle(), media_type=TURTLE, headers={"Vary": "Accept"})
    page = await asyncio.to_thread(ontology_html)
    return HTMLResponse(page, headers={"Vary": "Accept"})


Fact = tuple[str, str, ox.NamedNode | ox.Literal]  # graph, predicate, object


def described(store: Store, iri: str) -> list[Fact]:
    """Every quad whose subject is the IRI, objects with their datatype or language."""
    term = str(ox.NamedNode(iri))  # a checked IRI: the path cannot reach the query as text
    rows = store.select(
        f"SELECT ?g ?p ?o (isIRI(?o) AS ?ref) (DATATYPE(?o) AS ?dt) (LANG(?o) AS ?lang) "
        f"WHERE {{ GRAPH ?g {{ {term} ?p ?o }} }} ORDER BY ?g ?p ?o"
    )
    out: list[Fact] = []
    for r in rows:
        value = r["o"] or ""
        if r["ref"] == "true":
            obj: ox.NamedNode | ox.Literal = ox.NamedNode(value)
        elif r["lang"]:
            obj = ox.Literal(value, language=r["lang"])
        else:
            obj = ox.Literal(value, datatype=ox.NamedNode(r["dt"])) if r["dt"] else ox.Literal(value)
        out.append((r["g"] or "", r["p"] or "", obj))
    return out


def _turtle(iri: str, facts: list[Fact]) -> str:
    subject = ox.NamedNode(iri)
    triples = {ox.Triple(subject, ox.NamedNode(p), o) for _g, p, o in facts}
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE).decode()


def _link(value: str) -> str:
    shown = html.escape(value)
    if value.startswith(ID):
        return f'<a href="/id/{html.escape(value.removeprefix(ID))}">{shown}</a>'
    return f'<a href="{shown}">{shown}</a>' if value.startswith(("http://", "https://")) else shown


def _page(iri: str, facts: list[Fact]) -> str:
    def shown(o: ox.NamedNode | ox.Literal) -> str:
        return _link(o.value) if isinstance(o, ox.NamedNode) else html.escape(o.value)

    rows = "\n".join(f"<tr><td>{_link(p)}</td><td>{shown(o)}</td><td>{_link(g)}</td></tr>" for g, p, o in facts)
    title = html.escape(iri)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}"
        "td{padding:.2rem .6rem;vertical-align:top;border-bottom:1px solid #ddd;word-break:break-word}</style>"
        f"</head><body><h1>{title}</h1><p><a href='?format=ttl'>Turtle</a> · "
        "<a href='/ontology'>ontology</a> · <a href='/sparql'>SPARQL</a></p>"
        f"<table><thead><tr><th>property</th><th>value</th><th>graph</th></tr></thead><tbody>{rows}"
        "</tbody></table></body></html>"
    )


def resource_endpoint(store: Store):
    async def resource(request: Request) -> Response:
        iri = ID + request.path_params["path"]
        try:
            facts = await asyncio.to_thread(described, store, iri)
        except ValueError:
            return PlainTextResponse("not an IRI of this graph\n", status_code=400)
        if not facts:
            return PlainTextResponse(f"nothing is known of {iri}\n", status_code=404)
        if wants_rdf(request):
            return Response(_turtle(iri, facts), media_type=TURTLE, headers={"Vary": "Accept"})
        return HTMLResponse(_page(iri, facts), headers={"Vary": "Accept"})

    return resource
