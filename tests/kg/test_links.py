"""Links between real-world events (kg/links.py): which lifting ends which ban, which ruling
decides which challenge, what a challenge challenges and a fine enforces, and the in-force
intervals they give. Pinned exactly on hand-built articles and on the bundled samples, and kept
the same through any order of writes, re-extractions and `kg reindex`."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.instances import INSTANCES_GRAPH
from kg.links import INTERVAL, LINKS
from kg.store import EmbeddedStore
from kg.validate import consistency
from kg.vocab import RR
from tests.kg.handmade import Report as Article
from tests.kg.handmade import write


def described(store: EmbeddedStore) -> dict[str, str]:
    """Each instance as 'Type place date' (undated: the day first reported, in brackets)."""
    rows = store.select(
        f"""SELECT ?i ?t ?d ?f (SAMPLE(?j) AS ?place) WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{
              ?i a <{RR}EventInstance> ; <{RR}eventType> ?t . OPTIONAL {{ ?i <{RR}date> ?d }}
              OPTIONAL {{ ?i <{RR}firstReported> ?f }} OPTIONAL {{ ?i <{RR}jurisdiction> ?j }} }} }}
            GROUP BY ?i ?t ?d ?f"""
    )
    return {
        r["i"]: " ".join(
            [r["t"].removeprefix(RR), (r["place"] or "").rsplit("/", 1)[-1], r["d"] or f"[{r['f']}]"]
        ).replace("  ", " ")
        for r in rows
    }


def links(store: EmbeddedStore) -> set[tuple[str, str, str]]:
    names = described(store)
    values = " ".join(f"<{RR}{p}>" for p in (*LINKS, *INTERVAL))
    rows = store.select(
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?s ?p ?o VALUES ?p {{ {values} }} }} }}"
    )
    return {(names[r["s"]], r["p"].removeprefix(RR), names.get(r["o"], r["o"])) for r in rows}


def instance_graph(store: EmbeddedStore) -> bytes:
    quads = store._store.quads_for_pattern(None, None, None, ox.NamedNode(INSTANCES_GRAPH))
    return b"\n".join(sorted(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).split(b"\n")))


@pytest.fixture
def store(tmp_path: Path):
    s = EmbeddedStore(tmp_path / "kg")
    yield s
    s.close()


X_BRAZIL = {"affected": ["x"]}
ON_PAFACA = {"instrument": ["pafaca"]}


def test_a_lifting_ends_the_bans_begun_before_it_and_not_the_one_after(store: EmbeddedStore) -> None:
    write(
        store,
        Article("b1", "Ban", X_BRAZIL, "brazil", date="2024-08-30"),
        Article("b2", "Ban", X_BRAZIL, "brazil", date="2024-09-02"),  # the same ban told as another day
        Article("l1", "BanLifted", X_BRAZIL, "brazil", date="2024-10-08"),
        Article("b3", "Ban", X_BRAZIL, "brazil", date="2025-03-01"),  # imposed again: nothing lifts it
        Article("l2", "BanLifted", X_BRAZIL, "russia", date="2025-04-01"),  # another country's lifting
        Article("b4", "Ban", {"affected": ["telegram"]}, "brazil", date="2024-01-01"),  # another platform
    )
    assert links(store) == {
        ("BanLifted brazil 2024-10-08", "ends", "Ban brazil 2024-08-30"),
        ("BanLifted brazil 2024-10-08", "ends", "Ban brazil 2024-09-02"),
        ("Ban brazil 2024-08-30", "inForceFrom", "2024-08-30"),
        ("Ban brazil 2024-08-30", "inForceUntil", "2024-10-08"),
        ("Ban brazil 2024-09-02", "inForceFrom", "2024-09-02"),
        ("Ban brazil 2024-09-02", "inForceUntil", "2024-10-08"),
        ("Ban brazil 2025-03-01", "inForceFrom", "2025-03-01"),
        ("Ban brazil 2024-01-01", "inForceFrom", "2024-01-01"),
    }


def test_the_first_ruling_decides_a_challenge_and_an_appeal_waits_for_the_next(store: EmbeddedStore) -> None:
    write(
        store,
        Article("law", "LegislationEnacted", ON_PAFACA, "united-states", date="2024-04-24"),
        Article("sue", "LegalChallenge", {**ON_PAFACA, "agent": ["tiktok"]}, "united-states", date="2024-05"),
        Article("rule1", "CourtRuling", ON_PAFACA, "united-states", date="2024-12-06", outcome="upheld"),
        Article("appeal", "LegalChallenge", {**ON_PAFACA, "agent": ["tiktok"]}, "united-states", date="2024-12-16"),
        Article("rule2", "CourtRuling", ON_PAFACA, "united-states", date="2025-01-17", outcome="upheld"),
        Article("fine", "Fine", {**ON_PAFACA, "affected": ["tiktok"]}, "united-states", date="2025-02-01"),
        Article("old", "Fine", {**ON_PAFACA, "affected": ["tiktok"]}, "united-states", date="2023-01-01"),
    )
    assert links(store) == {
        ("CourtRuling united-states 2024-12-06", "decides", "LegalChallenge united-states 2024-05"),
        ("CourtRuling united-states 2025-01-17", "decides", "LegalChallenge united-states 2024-12-16"),
        ("LegalChallenge united-states 2024-05", "challenges", "LegislationEnacted united-states 2024-04-24"),
        ("LegalChallenge united-states 2024-12-16", "challenges", "LegislationEnacted united-states 2024-04-24"),
        ("Fine united-states 2025-02-01", "enforces", "LegislationEnacted united-states 2024-04-24"),
        # upheld twice: in force throughout; the 2023 fine came before the law and enforces nothing
        ("LegislationEnacted united-states 2024-04-24", "inForceFrom", "2024-04-24"),
    }


def test_a_ruling_that_strikes_a_law_down_ends_it_and_what_rests_on_it(store: EmbeddedStore) -> None:
    write(
        store,
        Article("law", "LegislationEnacted", ON_PAFACA, "montana", date="2023-05-17"),
        Article("ban", "Ban", {**ON_PAFACA, "affected": ["tiktok"]}, "montana", date="2024-01-01"),
        Article("rule", "CourtRuling", ON_PAFACA, "montana", date="2023-11-30", outcome="blocked"),
    )
    assert links(store) == {
        ("CourtRuling montana 2023-11-30", "ends", "LegislationEnacted montana 2023-05-17"),
        ("LegislationEnacted montana 2023-05-17", "inForceFrom", "2023-05-17"),
        ("LegislationEnacted montana 2023-05-17", "inForceUntil", "2023-11-30"),
        # a ban begun after the ruling is not ended by it, and enforces the law it rests on
        ("Ban montana 2024-01-01", "enforces", "LegislationEnacted montana 2023-05-17"),
        ("Ban montana 2024-01-01", "inForceFrom", "2024-01-01"),
    }


def test_service_and_app_store_restorations_end_what_they_restore(store: EmbeddedStore) -> None:
    dark = {"agent": ["tiktok"]}
    write(
        store,
        Article("dark", "ServiceShutdown", dark, "united-states", date="2025-01-18", published="2025-01-18"),
        Article("back", "ServiceRestored", dark, "united-states", date=None, published="2025-01-20"),
        Article("gone", "AppStoreRemoval", {"affected": ["tiktok"], "agent": ["x"]}, "india", outcome="removed"),
        Article(
            "here",
            "AppStoreRemoval",
            {"affected": ["tiktok"], "agent": ["x"]},
            "india",
            date="2024-06-01",
            outcome="restored",
        ),
        Article("there", "ServiceShutdown", {"agent": ["bluesky"]}, "united-states", date="2025-01-18"),
    )
    assert links(store) == {
        # undated, the restoration is placed on the day it was first reported
        ("ServiceRestored united-states [2025-01-20]", "ends", "ServiceShutdown united-states 2025-01-18"),
        ("AppStoreRemoval india 2024-06-01", "ends", "AppStoreRemoval india 2024-05-01"),
    }


def test_the_sample_articles_link_as_their_text_says(sample_store: Path) -> None:
    store = EmbeddedStore(sample_store, read_only=True)
    assert {link for link in links(store) if link[1] in LINKS} == {
        # Brazil's STF lifted the suspension of X (brazil-x-suspended.txt)
        ("BanLifted brazil 2024-10-08", "ends", "Ban brazil 2024-08-30"),
        # TikTok went dark on the 18th and came back on Sunday the 19th (tiktok-goes-dark.txt)
        ("ServiceRestored united-states 2025-01-19", "ends", "ServiceShutdown united-states 2025-01-18"),
        # Montana: TikTok sued in May 2023; a federal judge blocked the law in November
        ("CourtRuling montana 2023-11-30", "decides", "LegalChallenge montana 2023-05"),
        ("CourtRuling montana 2023-11-30", "ends", "LegislationEnacted montana 2023-04"),
        # the governor's signing is Montana's act too, his office's place (both acts are filed
        # under the First Amendment, the ground of the suit): the shared instrument links them,
        # and the suit challenges the latest act begun by May, the signing
        ("LegalChallenge montana 2023-05", "challenges", "LegislationEnacted montana 2023-05"),
        ("CourtRuling montana 2023-11-30", "ends", "LegislationEnacted montana 2023-05"),
    }
    assert consistency(store) == []
    store.close()


# ---- any order of writes and re-extractions gives the links a rebuild gives ----

VARIANTS = {
    "ban": [
        Article("ban", "Ban", X_BRAZIL, "brazil", date="2024-08-30"),
        Article("ban", "Ban", X_BRAZIL, "brazil", date="2024-11-01", title="v2"),
        Article("ban", "Ban", {**X_BRAZIL, **ON_PAFACA}, "brazil", date="2024-08-30", title="v3"),
    ],
    "lift": [
        Article("lift", "BanLifted", X_BRAZIL, "brazil", date="2024-10-08"),
        Article("lift", "BanLifted", X_BRAZIL, "brazil", date="2024-07-01", title="v2"),
        Article("lift", "BanLifted", X_BRAZIL, "russia", date="2024-10-08", title="v3"),
    ],
    "law": [
        Article("law", "LegislationEnacted", ON_PAFACA, "united-states", date="2024-04-24"),
        Article("law", "LegislationEnacted", ON_PAFACA, "united-states", date="2024-06", title="v2"),
    ],
    "sue": [
        Article("sue", "LegalChallenge", {**ON_PAFACA, "agent": ["tiktok"]}, "united-states", date="2024-05"),
        Article("sue", "LegalChallenge", ON_PAFACA, "united-states", date="2024-12-20", title="v2"),
        Article("sue", "LegalChallenge", {"agent": ["tiktok"]}, "united-states", date="2024-05", title="v3"),
    ],
    "rule": [
        Article("rule", "CourtRuling", ON_PAFACA, "united-states", date="2024-12-06", outcome="upheld"),
        Article("rule", "CourtRuling", ON_PAFACA, "united-states", date="2024-12-06", outcome="struck_down", title="2"),
    ],
    "fine": [
        Article("fine", "Fine", {**ON_PAFACA, "affected": ["tiktok"]}, "united-states", date="2025-02-01"),
        Article("fine", "Fine", {"affected": ["tiktok"]}, "united-states", date="2025-02-01", title="v2"),
    ],
    "dark": [Article("dark", "ServiceShutdown", {"agent": ["tiktok"]}, "united-states", date="2025-01-18")],
    "back": [
        Article("back", "ServiceRestored", {"agent": ["tiktok"]}, "united-states", date=None, published="2025-01-20"),
        Article("back", "ServiceRestored", {"agent": ["tiktok"]}, "united-states", date="2025-01-17", title="v2"),
    ],
}
WRITES = st.lists(
    st.sampled_from(sorted(VARIANTS)).flatmap(lambda k: st.tuples(st.just(k), st.integers(0, len(VARIANTS[k]) - 1))),
    min_size=1,
    max_size=10,
)


@settings(max_examples=30, deadline=None)
@given(WRITES)
def test_any_order_of_writes_and_re_extractions_gives_the_links_of_a_rebuild(writes: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        step = EmbeddedStore(Path(tmp) / "step")
        for key, n in writes:
            write(step, VARIANTS[key][n])
        final = {key: VARIANTS[key][n] for key, n in writes}
        fresh = EmbeddedStore(Path(tmp) / "fresh")
        write(fresh, *(final[k] for k in sorted(final)))
        assert instance_graph(step) == instance_graph(fresh)
        assert consistency(step) == []
        step.reindex()
        assert instance_graph(step) == instance_graph(fresh)
        step.close()
        fresh.close()


def test_a_re_extraction_that_moves_the_lifting_before_the_ban_unlinks_them(store: EmbeddedStore) -> None:
    ban, lift, moved = VARIANTS["ban"][0], VARIANTS["lift"][0], VARIANTS["lift"][1]
    write(store, ban, lift)
    assert ("BanLifted brazil 2024-10-08", "ends", "Ban brazil 2024-08-30") in links(store)
    assert write(store, moved) == ["replaced"]
    assert links(store) == {("Ban brazil 2024-08-30", "inForceFrom", "2024-08-30")}


# ---- kg validate names a stale or forged link ----


def test_validate_names_a_missing_and_a_forged_link(store: EmbeddedStore) -> None:
    write(store, VARIANTS["ban"][0], VARIANTS["lift"][0], VARIANTS["law"][0])
    [(lift, ban)] = [
        (r["s"], r["o"])
        for r in store.select(f"SELECT ?s ?o WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?s <{RR}ends> ?o }} }}")
    ]
    [law] = [
        r["i"]
        for r in store.select(
            f"SELECT ?i WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?i <{RR}eventType> <{RR}LegislationEnacted> }} }}"
        )
    ]
    g = f"<{INSTANCES_GRAPH}>"
    store._store.update(
        f"DELETE DATA {{ GRAPH {g} {{ <{lift}> <{RR}ends> <{ban}> }} }} ;"
        f"INSERT DATA {{ GRAPH {g} {{ <{lift}> <{RR}enforces> <{law}> }} }}"
    )
    assert consistency(store) == [
        f"a link kg/links.py makes that is not stored: ('{lift}', '{RR}ends', '{ban}')",
        f"a stored link kg/links.py does not make: ('{lift}', '{RR}enforces', '{law}')",
    ]


def test_the_shapes_refuse_a_link_between_the_wrong_kinds_of_event(store: EmbeddedStore) -> None:
    from kg.validate import validate

    # under real article ids (20 hex digits), as the article shape wants them
    write(
        store,
        *(replace(VARIANTS[k][0], article=hashlib.sha1(k.encode()).hexdigest()[:20]) for k in ("ban", "lift", "law")),
    )
    assert validate(store)[0]
    [law] = [
        r["i"]
        for r in store.select(
            f"SELECT ?i WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?i <{RR}eventType> <{RR}LegislationEnacted> }} }}"
        )
    ]
    [ban] = [
        r["i"]
        for r in store.select(f"SELECT ?i WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?i <{RR}eventType> <{RR}Ban> }} }}")
    ]
    # a law "ending" a ban: no rule makes it, and no shape allows it
    store._store.update(f"INSERT DATA {{ GRAPH <{INSTANCES_GRAPH}> {{ <{law}> <{RR}ends> <{ban}> }} }}")
    conforms, text = validate(store)
    assert not conforms and "a stored link kg/links.py does not make" in text
    shacl = text.split("Graph consistency:")[0]
    assert "Results (1)" in shacl and f"Focus Node: <{law}>" in shacl and "InConstraintComponent" in shacl


def test_a_write_in_one_scope_keeps_what_an_owner_has_through_another(store: EmbeddedStore) -> None:
    # the ban is in two scopes (X in Brazil; PAFACA): a lifting recomputes its links, and the
    # challenge it has through PAFACA must be read too, not dropped (found by mutating kg/links.py)
    write(store, VARIANTS["ban"][2], VARIANTS["sue"][1], VARIANTS["rule"][1])
    write(store, VARIANTS["lift"][0])
    assert {link for link in links(store) if link[1] in LINKS} == {
        ("BanLifted brazil 2024-10-08", "ends", "Ban brazil 2024-08-30"),
        ("LegalChallenge united-states 2024-12-20", "challenges", "Ban brazil 2024-08-30"),
    }
    assert consistency(store) == []


def test_the_read_model_finds_the_instances_of_a_scope_as_the_graph_does(sample_store: Path) -> None:
    """A write looks the instances of its scopes up in the read model's role index; the answer
    must be the SPARQL one, for every scope of every stored instance."""
    from kg.links import LINKED, indexed_nodes, nodes_of, scopes, stored_nodes

    store = EmbeddedStore(sample_store, read_only=True)
    model = store.questions_model()
    assert model is not None
    graph = list(store._store.quads_for_pattern(None, None, None, ox.NamedNode(INSTANCES_GRAPH)))
    every = set().union(*(scopes(n) for n in nodes_of(graph).values()))
    assert len(every) > 10
    for scope in sorted(every):
        assert indexed_nodes(model.reader(), {scope}, LINKED) == stored_nodes(store.select, {scope}, LINKED), scope
