"""Q8, the ingested articles newest first: one row per article in the read model (the `article`
table of kg/read_model.py), so a page is a walk of the `article_newest` index that LIMIT stops;
and beside them the amounts as the articles wrote them (the `amount` table), which exposure's
reasons quote.

Why: queries/articles.rq groups every article's graph and sorts them all to give twenty (0.6 s
at 5M quads, benchmarks/RESULTS.md, and it grows with the store; the page here takes 1 ms).
The table holds what that query gives an article (its IRI, content hash, title, publication
day, URL and how many events it reports), worked out from the article's own quads by
`article_rows`, the one mapping for writes and rebuilds alike. The order is the canned
query's: publication day, newest first (undated last), then IRI (the IRI is the content
hash's, so this is the query's order by hash too). A store without a read model (a remote
SPARQL store) pages the canned query by offset.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from kg.vocab import DCTERMS, PROV, RDF_TYPE, RR, SCHEMA

if TYPE_CHECKING:  # kg.store imports this module (through kg.read_model): names for types only
    from kg.question_rows import After
    from kg.store import Row, Store

Select = Callable[[str], list[dict[str, str | None]]]
Quad = tuple[str, str, str, str]  # graph, subject, predicate, object's value
ArticleRow = tuple[str, str, str, str | None, str | None, str | None, int]  # see SCHEMA in kg/read_model.py

FIELDS = {
    RR + "articleId": "id",
    DCTERMS + "title": "title",
    SCHEMA + "datePublished": "published",
    SCHEMA + "url": "url",
}
DERIVED = PROV + "wasDerivedFrom"
AMOUNT, TEXT = RR + "amount", RR + "text"
AmountRow = tuple[str, str, str]  # graph, event (a report), the amount as the article wrote it
COLUMNS = ("graph", "article", "id", "title", "published", "url", "events")
# the predicates `article_rows` and `amount_rows` read: a write hands them these quads alone
# (an article has ~1,200, of which ~300 are these)
READS = frozenset({RDF_TYPE, *FIELDS, DERIVED, AMOUNT, TEXT})
DAY = "ifnull(published, '')"  # the article_newest index's first column, exactly as it is written there


def article_rows(quads: Iterable[Quad]) -> list[ArticleRow]:
    """The row of each article these quads describe, from the quads of its own graph (other
    graphs' quads are ignored): what queries/articles.rq gives it, with its graph."""
    by_graph: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for g, s, p, o in quads:
        by_graph[g][s][p].add(o)
    out: list[ArticleRow] = []
    for graph, subjects in sorted(by_graph.items()):
        for iri, facts in sorted(subjects.items()):
            if RR + "Article" not in facts.get(RDF_TYPE, ()):
                continue
            one = {name: min(facts[p]) if facts.get(p) else None for p, name in FIELDS.items()}
            if one["id"] is None:  # not an article the canned query lists (it asks for the id)
                continue
            events = sum(
                1 for f in subjects.values() if iri in f.get(DERIVED, ()) and RR + "Event" in f.get(RDF_TYPE, ())
            )
            out.append((graph, iri, one["id"], one["title"], one["published"], one["url"], events))
    return out


def amount_rows(quads: Iterable[Quad]) -> list[AmountRow]:
    """The amounts as written of the reports these quads describe (a fine's reason quotes it),
    from their article's own graph."""
    by_graph: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for g, s, p, o in quads:
        if p in (AMOUNT, TEXT):
            by_graph[g][s][p].add(o)
    return sorted(
        {
            (graph, event, text)
            for graph, subjects in by_graph.items()
            for event, facts in subjects.items()
            for node in facts.get(AMOUNT, ())
            for text in subjects.get(node, {}).get(TEXT, ())
        }
    )


def article_quads(select: Select, graphs: list[str] | None) -> list[Quad]:
    """The quads `article_rows` and `amount_rows` read, of these article graphs (of all when
    `graphs` is None): each article's type and fields, each event derived from it with its
    type, and each report's amount and the amount's words."""
    scope = ""
    if graphs is not None:
        if not graphs:
            return []
        scope = "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " } "
    wanted = ", ".join(f"<{p}>" for p in FIELDS)
    article = f"?s a <{RR}Article>"
    rows = select(
        f"""SELECT ?g ?s ?p ?o WHERE {{ {scope}GRAPH ?g {{
              {{ {article} . BIND(<{RDF_TYPE}> AS ?p) BIND(<{RR}Article> AS ?o) }}
              UNION {{ {article} ; ?p ?o . FILTER(?p IN ({wanted})) }}
              UNION {{ ?o a <{RR}Article> . ?s <{DERIVED}> ?o ; a <{RR}Event> . BIND(<{DERIVED}> AS ?p) }}
              UNION {{ ?a a <{RR}Article> . ?s <{DERIVED}> ?a ; a <{RR}Event> .
                       BIND(<{RDF_TYPE}> AS ?p) BIND(<{RR}Event> AS ?o) }}
              UNION {{ ?s <{AMOUNT}> ?o . BIND(<{AMOUNT}> AS ?p) }}
              UNION {{ ?e <{AMOUNT}> ?s . ?s <{TEXT}> ?o . BIND(<{TEXT}> AS ?p) }}
            }} }}"""
    )
    return [(r["g"] or "", r["s"] or "", r["p"] or "", r["o"] or "") for r in rows]


# ---- reads ---------------------------------------------------------------------------------


def _rows(conn: sqlite3.Connection, sql: str, args: list[object]) -> list[Row]:
    return [dict(zip(COLUMNS, r, strict=True)) for r in conn.execute(sql, args)]


def newest(conn: sqlite3.Connection, limit: int, after: After | None = None) -> list[Row]:
    """A page of articles, newest first (undated last), then by IRI, after the keyset `after`
    (its publication day and IRI): the article_newest index walked from there.

    The index is on the day with undated as '' (lowest, so last newest first) rather than on
    the nullable column: "day <= d" is then one range for SQLite to walk, where "before d or
    undated" would be an OR that it answers by reading every match and sorting."""
    where, args = "1", []
    if after is not None:
        day = after.earliest or ""
        where, args = f"{DAY} <= ? AND ({DAY} < ? OR article > ?)", [day, day, after.instance]
    return _rows(
        conn,
        f"SELECT {', '.join(COLUMNS)} FROM article WHERE {where} ORDER BY {DAY} DESC, article LIMIT ?",
        [*args, limit],
    )


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM article").fetchone()[0])


def amounts(conn: sqlite3.Connection, events: list[str]) -> dict[str, str]:
    """The amount each of these reports names, as written (the least, should one name two)."""
    out: dict[str, str] = {}
    for start in range(0, len(events), 500):
        chunk = events[start : start + 500]
        marks = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT event, MIN(text) FROM amount WHERE event IN ({marks}) GROUP BY event", chunk))
    return out


def by_key(conn: sqlite3.Connection, key: str) -> Row | None:
    """The article whose IRI or content hash is `key` (queries/articles.rq's `id` filter)."""
    found = _rows(conn, f"SELECT {', '.join(COLUMNS)} FROM article WHERE article = ? OR id = ? LIMIT 1", [key, key])
    return found[0] if found else None


# ---- the answers ---------------------------------------------------------------------------


def page(store: Store, limit: int, offset: int, after: After | None = None) -> tuple[list[Row], int]:
    """Q8: a page of articles and how many there are in all. With a read model, the page after
    the keyset `after` (an index walk, the same cost on page 1 and page 1,000); without one,
    the canned query's page at `offset`."""
    from kg.answers import read_index
    from kg.queries import catalogue

    conn = read_index(store)
    if conn is None:
        query = catalogue()["articles"]
        return query.run(store, {"id": ""}, limit, offset), query.count(store, {"id": ""})
    return newest(conn, limit, after), count(conn)


def article(store: Store, key: str) -> Row | None:
    """One article by its IRI or content hash, or None."""
    from kg.answers import read_index
    from kg.queries import catalogue

    conn = read_index(store)
    if conn is None:
        found = catalogue()["articles"].run(store, {"id": key})
        return found[0] if found else None
    return by_key(conn, key)
