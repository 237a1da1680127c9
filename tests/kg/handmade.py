"""Extractions written by hand, for tests that must know the exact answer: each event is
given its article, type, roles, date and publication day, and goes through the real RDF
mapping into a real store."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from extractors.model import Amount, ArticleMeta, Entity, Event, Evidence, Extraction, Mention
from kg.rdf import to_quads
from kg.store import Store
from kg.vocab import graph_iri

E = "https://w3id.org/regrisk/id/entity/"
NAMES = {
    "tiktok": ("TikTok", "Platform"),
    "bytedance": ("ByteDance", "Company"),
    "telegram": ("Telegram", "Platform"),  # no owner in the gazetteer
    "bluesky": ("Bluesky", "Platform"),  # no owner, and no event against it
    "x": ("X", "Platform"),
    "meta": ("Meta", "Company"),
    "facebook": ("Facebook", "Platform"),  # owned by Meta, as Instagram is
    "instagram": ("Instagram", "Platform"),
    "united-states": ("United States", "Jurisdiction"),
    "india": ("India", "Jurisdiction"),
    "russia": ("Russia", "Jurisdiction"),
    "brazil": ("Brazil", "Jurisdiction"),
    "european-union": ("European Union", "Jurisdiction"),
    "ireland": ("Ireland", "Jurisdiction"),  # a member state of the European Union
    "vietnam": ("Vietnam", "Jurisdiction"),
    "montana": ("Montana", "Jurisdiction"),  # a state of the United States
    "texas": ("Texas", "Jurisdiction"),  # another
    "pafaca": ("PAFACA", "LegalInstrument"),
    "dsa": ("Digital Services Act", "LegalInstrument"),
    "anatel": ("Anatel", "Regulator"),
    "supreme-court": ("Supreme Court", "Court"),
    "appeals-court": ("Court of Appeals", "Court"),
    "european-commission": ("European Commission", "Regulator"),
}


@dataclass
class Report:
    """One article reporting one event."""

    article: str
    type: str
    roles: dict[str, list[str]]
    jurisdiction: str
    date: str | None = "2024-05-01"
    published: str | None = "2024-05-02"
    outcome: str | None = None
    amount: tuple[float, str] | None = None
    title: str | None = None
    factuality: str = "asserted"
    extra: list[Report] = field(default_factory=list)  # more events in the same article


def extraction(report: Report) -> Extraction:
    events, used = [], set()
    for n, r in enumerate([report, *report.extra]):
        sentence = f"Sentence {n} of {report.article}."
        used |= {i for ids in r.roles.values() for i in ids} | {r.jurisdiction}
        events.append(
            Event(
                id=f"https://w3id.org/regrisk/id/event/{report.article}/{n}",
                type=r.type,
                trigger="x",
                sentence=sentence,
                start=0,
                end=len(sentence),
                confidence=0.9,
                date=r.date,
                outcome=r.outcome,
                amount=Amount(r.amount[0], r.amount[1], f"{r.amount[1]} {r.amount[0]:g}") if r.amount else None,
                roles={
                    **{role: [E + i for i in ids] for role, ids in r.roles.items()},
                    "jurisdiction": [E + r.jurisdiction],
                },
                evidence=[Evidence(sentence, 0, len(sentence), "x", 0.9)],
                factuality=r.factuality,
            )
        )
    entities = [Entity(E + i, NAMES[i][0], NAMES[i][1], mentions=[Mention(0, 8, NAMES[i][0])]) for i in sorted(used)]
    meta = ArticleMeta(report.article, report.title or report.article, report.published)
    asserted = [e for e in events if e.factuality == "asserted"]
    held_back = [e for e in events if e.factuality != "asserted"]
    return Extraction(meta, entities, asserted, unasserted=held_back, extractor="hand")


def write(store: Store, *reports: Report) -> list[str]:
    """Write each report's article; the statuses the store answered."""
    out = []
    for r in reports:
        ex = extraction(r)
        out.append(store.replace_article(graph_iri(ex.article.id), to_quads(ex)))
    return out


def random_reports(
    rnd: random.Random, n: int, prefix: str, who: list[str], places: list[str], types: list[str]
) -> list[Report]:
    """`n` articles of one event each, of random types, with one or two agents and one or two
    affected (an entity may be both), in a random place, on a random day, month or none."""
    out = []
    for k in range(n):
        kinds = rnd.sample(["agent", "affected"], rnd.randint(1, 2))
        roles = {role: rnd.sample(who, rnd.randint(1, 2)) for role in kinds}
        day = rnd.choice([None, "2024-05-01", "2025-01", "2025-01-19", "2025-02-03"])
        out.append(Report(f"{prefix}{k}", rnd.choice(types), roles, rnd.choice(places), day))
    return out


def churned(
    store: Store, rnd: random.Random, written: list[Report], again: Callable[[random.Random], list[Report]]
) -> Iterator[int]:
    """Three states of a store: as `written`, then twice after a few of its articles say
    something else now (`again`) and four are gone. Yields the step after writing each."""
    write(store, *written)
    for step in range(3):
        if step:
            write(store, *again(rnd))
            for gone in rnd.sample(written, 4):
                store.replace_article(graph_iri(gone.article), [])
        yield step
