"""The evidence of acts alone: the sentence, offsets, confidence and article of each act's
representative report, in one batch query, for a field that shows a reason's evidence and
nothing else of its event.

Why not the act's whole details (kg/answers.py `act_records`): those are the event-details
query (every optional fact as a UNION branch), the roles of the report and those of the
real-world event, about 0.5 ms an act at 5M quads; `exposureConnection`'s first page shows the
evidence of up to 100 reasons, and this query reads only the few triples evidence needs (a
tenth of the time). The rows are those of queries/event_details.rq restricted to these
columns, taken the same way (an event's first solution), so the evidence is the one the
whole event shows.
"""

from __future__ import annotations

from kg.answers import Act, read_index
from kg.store import Row, Store
from kg.vocab import SPARQL_PREFIXES

EVIDENCE_COLUMNS = ("event", "confidence", "sentence", "start", "end", "article", "title", "published", "url")
ARTICLE_COLUMNS = ("title", "published", "url")

_EVIDENCE = """SELECT ?g ?event ?confidence ?sentence ?start ?end ?article WHERE {
  GRAPH ?g {
    VALUES ?event { EVENTS }
    ?event rr:eventType ?t ; rr:trigger ?trigger ; rr:confidence ?confidence ; prov:wasDerivedFrom ?article ;
           rr:evidence ?ev .
    ?ev rr:sentence ?sentence ; oa:start ?start ; oa:end ?end .
  }
}"""

_ARTICLES = """SELECT ?g ?article ?title ?published ?url WHERE {
  VALUES (?g ?article) { PAIRS }
  GRAPH ?g { { ?article dcterms:title ?title } UNION { ?article schema:datePublished ?published }
             UNION { ?article schema:url ?url } }
}"""


def evidence_rows(store: Store, events: list[str]) -> dict[str, Row]:
    """Each report's evidence row (the columns of EVIDENCE_COLUMNS), by report IRI; a report
    the graph no longer has is left out. Its article's title, day and address come from the
    read model's `article` row of the report's graph (what queries/articles.rq gives), else
    from the graph in one more batch query."""
    wanted = list(dict.fromkeys(events))
    if not wanted:
        return {}
    found: dict[str, Row] = {}
    for r in store.select(SPARQL_PREFIXES + _EVIDENCE.replace("EVENTS", " ".join(f"<{e}>" for e in wanted))):
        found.setdefault(str(r["event"]), r)  # an event's first solution, as the event's details take it
    articles = _articles(store, list(dict.fromkeys((str(r["g"]), str(r["article"])) for r in found.values())))
    empty = dict.fromkeys(ARTICLE_COLUMNS)
    return {
        e: {k: r[k] for k in EVIDENCE_COLUMNS[:6]} | articles.get((str(r["g"]), str(r["article"])), empty)
        for e, r in found.items()
    }


def _articles(store: Store, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Row]:
    """The title, day and address of each (graph, article): the read model's rows where it has
    them, the graph's for the rest."""
    out: dict[tuple[str, str], Row] = {}
    index = read_index(store)
    if index is not None:
        for start in range(0, len(pairs), 500):
            graphs = [g for g, _a in pairs[start : start + 500]]
            marks = ",".join("?" * len(graphs))
            sql = f"SELECT graph, article, title, published, url FROM article WHERE graph IN ({marks})"
            for graph, article, *values in index.execute(sql, graphs):
                out[(graph, article)] = dict(zip(ARTICLE_COLUMNS, values, strict=True))
    missing = [p for p in pairs if p not in out]
    if missing:
        values = " ".join(f"(<{g}> <{a}>)" for g, a in missing)
        for r in store.select(SPARQL_PREFIXES + _ARTICLES.replace("PAIRS", values)):
            merged = out.setdefault((str(r["g"]), str(r["article"])), dict.fromkeys(ARTICLE_COLUMNS))
            for key in ARTICLE_COLUMNS:
                if merged[key] is None:
                    merged[key] = r[key]
    return out


def act_evidence(store: Store, acts: list[Act]) -> dict[Act, Row]:
    """The evidence of these acts' representative reports, by act."""
    found = evidence_rows(store, [a.event for a in acts])
    return {a: found[a.event] for a in acts if a.event in found}
