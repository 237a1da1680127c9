"""The evidence of acts alone: the sentence, offsets, confidence and article of each act's
representative report, in one batch query, for a field that shows a reason's evidence and
nothing else of its event.

Why not the act's whole details (kg/answers.py `act_records`): those are the event-details
query (every optional fact as a UNION branch), the roles of the report and those of the
real-world event, about 0.5 ms an act at 5M quads; `exposureConnection`'s first page shows the
evidence of up to 100 reasons, and this query reads only the few triples evidence needs (a
tenth of the time). The rows are those of queries/event_details.rq restricted to these
columns, taken the same way (an event's first solution, a missing optional filled from the
next), so the evidence is the one the whole event shows.
"""

from __future__ import annotations

from kg.answers import Act
from kg.store import Row, Store
from kg.vocab import SPARQL_PREFIXES

EVIDENCE_COLUMNS = ("event", "confidence", "sentence", "start", "end", "article", "title", "published", "url")

_QUERY = """SELECT ?event ?confidence ?sentence ?start ?end ?article ?title ?published ?url WHERE {
  GRAPH ?g {
    VALUES ?event { EVENTS }
    ?event rr:eventType ?t ; rr:trigger ?trigger ; rr:confidence ?confidence ; prov:wasDerivedFrom ?article ;
           rr:evidence ?ev .
    ?ev rr:sentence ?sentence ; oa:start ?start ; oa:end ?end .
    { } UNION { ?article dcterms:title ?title } UNION { ?article schema:datePublished ?published }
    UNION { ?article schema:url ?url }
  }
}"""


def evidence_rows(store: Store, events: list[str]) -> dict[str, Row]:
    """Each report's evidence row (the columns of EVIDENCE_COLUMNS), by report IRI; a report
    the graph no longer has is left out."""
    wanted = list(dict.fromkeys(events))
    if not wanted:
        return {}
    values = " ".join(f"<{e}>" for e in wanted)
    found: dict[str, Row] = {}
    for r in store.select(SPARQL_PREFIXES + _QUERY.replace("EVENTS", values)):
        merged = found.setdefault(r["event"], dict(r))
        for key, value in r.items():
            if merged.get(key) is None:
                merged[key] = value
    return found


def act_evidence(store: Store, acts: list[Act]) -> dict[Act, Row]:
    """The evidence of these acts' representative reports, by act."""
    found = evidence_rows(store, [a.event for a in acts])
    return {a: found[a.event] for a in acts if a.event in found}
