"""The questions against an oracle: random stores of hand-built reports, answered by the
production path (kg/answers.py: the read model's rows, kept tallies and pairs, or canned SPARQL)
and by a brute-force
reading of the exported N-Quads written here, apart from it. The oracle reads only the article
graphs and the gazetteer's owners, works out each report's real-world event from the rule as
kg/instances.py states it (per report, not by building groups up), and counts by hand. Exposure
(Q5), and the events (Q3: which, how many, newest first) and timeline counts (Q6) over filters
and ranges, as of a day or not.

A failure names the seed: `ORACLE_SEED=n pytest tests/kg/test_oracle.py` replays one store."""

from __future__ import annotations

import os
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from extractors.vocabulary import TOP_CLASS_OF
from kg import answers, exposure_answers
from kg.instances import bounds
from kg.store import EmbeddedStore
from tests.kg.handmade import NAMES, E, Report, write

RR = "https://w3id.org/regrisk/ontology#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
STORES = int(os.environ.get("ORACLE_STORES", "200"))

PLATFORMS = ["tiktok", "telegram", "bluesky", "x", "facebook", "instagram"]
OWNERS = ["bytedance", "meta"]
PLACES = ["united-states", "india", "russia", "brazil", "european-union"]
KINDS = [  # (type, outcome, role of the platform)
    ("Ban", None, "affected"),
    ("Fine", None, "affected"),
    ("BanLifted", None, "affected"),
    ("Investigation", None, "affected"),
    ("CourtRuling", "upheld", "affected"),
    ("ServiceShutdown", None, "agent"),
    ("AppStoreRemoval", "removed", "affected"),
    ("PublicStatement", None, "agent"),  # a platform's word: not exposure
]
DATES = [None, "2024", "2024-05", "2024-05-01", "2024-05-20", "2024-06", "2025-01-19", "2025-01"]
PUBLISHED = [None, "2024-05-02", "2024-06-15", "2025-01-20", "2025-02-01"]
EXPOSURE_KINDS = {"Ban", "Fine", "BanLifted", "Investigation", "CourtRuling", "ServiceShutdown", "AppStoreRemoval"}


ACTORS = {  # who may act: a court's ruling by another court is another ruling; a regulator's is not
    "CourtRuling": ["supreme-court", "appeals-court"],
    "Ban": ["anatel", "european-commission"],
    "Fine": ["anatel", "european-commission"],
}


def random_reports(rnd: random.Random) -> list[Report]:
    """Few platforms, places and kinds per store, many reports: the same act told many ways."""
    targets, places = rnd.sample(PLATFORMS + OWNERS, 2), rnd.sample(PLACES, rnd.randint(1, 2))
    kinds = rnd.sample(KINDS, rnd.randint(1, 2))
    out = []
    for n in range(rnd.randint(1, 14)):
        etype, outcome, role = rnd.choice(kinds)
        target = (
            rnd.choice([t for t in targets if t in PLATFORMS] or PLATFORMS) if role == "agent" else rnd.choice(targets)
        )
        roles = {role: [target]}
        if etype in ACTORS:
            roles["agent"] = [rnd.choice(ACTORS[etype])]
        out.append(
            Report(
                f"s{n}",
                etype,
                roles,
                rnd.choice(places),
                date=rnd.choice(DATES),
                published=rnd.choice(PUBLISHED),
                outcome=outcome,
            )
        )
    if rnd.random() < 0.5:  # a second event in one article
        etype, outcome, role = rnd.choice(KINDS)
        out[0].extra.append(
            Report(
                out[0].article,
                etype,
                {role: [rnd.choice(PLATFORMS)]},
                rnd.choice(PLACES),
                date=rnd.choice(DATES),
                outcome=outcome,
            )
        )
    return out


# ---- the oracle: plain Python over the exported quads ----


@dataclass
class Told:
    event: str
    article: str
    type: str
    outcome: str | None
    date: str | None
    published: str | None
    roles: dict[str, set[str]]

    def key(self) -> tuple:
        first = lambda role: min(self.roles.get(role, {""}))  # noqa: E731
        actor = first("agent") if self.type in ("CourtRuling", "ServiceShutdown", "PublicStatement") else ""
        # the target: whom it is done to, else (a platform's own act) who does it
        return (
            self.type,
            self.outcome,
            first("jurisdiction"),
            first("affected") if self.roles.get("affected") else first("agent"),
            actor,
        )


def read(nquads: bytes) -> tuple[list[Told], dict[str, str]]:
    by_graph: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    owners = {}
    for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        if q.predicate.value == RR + "owner":
            owners[q.subject.value] = q.object.value
        if "/graph/" in g and not g.endswith(("/entities", "/instances", "/meta")):
            by_graph[g][q.subject.value].append((q.predicate.value, q.object.value))
    told = []
    for subjects in by_graph.values():
        article = next(s for s, pos in subjects.items() if (TYPE, RR + "Article") in pos)
        published = next((o for p, o in subjects[article] if p.endswith("datePublished")), None)
        for s, pos in subjects.items():
            if (TYPE, RR + "Event") not in pos:
                continue
            facts = defaultdict(set)
            for p, o in pos:
                facts[p.removeprefix(RR)].add(o)
            roles = {r: facts[r] for r in ("agent", "affected", "jurisdiction") if facts[r]}
            told.append(
                Told(
                    s,
                    article,
                    min(facts["eventType"]).removeprefix(RR),
                    min(facts["outcome"], default=None),
                    min(facts["date"], default=None),
                    published,
                    roles,
                )
            )
    return told, owners


def act_of(t: Told, group: list[Told]) -> str | None:
    """The date that names t's real-world event, from the rule's own words."""

    def start(d: str) -> date:
        return bounds(d)[0]

    days = sorted({g.date for g in group if g.date and len(g.date) == 10})
    if t.date and len(t.date) == 10:
        return t.date

    def month_act(m: str) -> str:
        inside = [d for d in days if d.startswith(m)]
        return inside[0] if inside else m

    if t.date and len(t.date) == 7:
        return month_act(t.date)
    acts = set(days) | {month_act(g.date) for g in group if g.date and len(g.date) == 7}
    if t.date and len(t.date) == 4:
        inside = sorted((a for a in acts if a.startswith(t.date)), key=lambda a: (start(a), a))
        return inside[0] if inside else t.date
    acts |= {act_of(g, group) for g in group if g.date and len(g.date) == 4}
    if not acts:
        return None
    begun = [a for a in acts if t.published and start(a) <= date.fromisoformat(t.published)]
    return max(begun, key=lambda a: (start(a), a)) if begun else min(acts, key=lambda a: (start(a), a))


def reports_by_act(told: list[Told]) -> dict[tuple, list[Told]]:
    """The reports of each real-world event, keyed by the event's group key and day."""
    groups = defaultdict(list)
    for t in told:
        groups[t.key()].append(t)
    acts: dict[tuple, list[Told]] = defaultdict(list)
    for key, members in groups.items():
        for t in members:
            acts[(key, act_of(t, members))].append(t)
    return acts


def oracle_exposure(told: list[Told], owners: dict[str, str], platform: str, as_of: str | None) -> dict:
    acts = reports_by_act(told)
    me, owner = E + platform, owners.get(E + platform)
    out: dict[str, set] = defaultdict(set)
    for (key, day), members in acts.items():
        if key[0] not in EXPOSURE_KINDS:
            continue
        concerns = any(
            me in t.roles.get("affected", set())
            or me in t.roles.get("agent", set())
            or (owner and owner in t.roles.get("affected", set()))
            for t in members
        )
        seen = [t for t in members if not as_of or (t.published and t.published <= as_of)]
        if not concerns or not seen:
            continue
        for place in set().union(*(t.roles.get("jurisdiction", set()) for t in members)):
            out[NAMES[place.removeprefix(E)][0]].add((key[0], day, len({t.article for t in seen})))
    return dict(out)


def production_exposure(store: EmbeddedStore, platform: str, as_of: str | None) -> dict:
    day = date.fromisoformat(as_of) if as_of else None
    found = exposure_answers.exposure(store, NAMES[platform][0], day)
    counts = answers.reports(store, [e.instance for p in found for e in p.events], as_of)
    return {
        p.jurisdiction.label: {
            (e.row["type"], e.date, len({r.article for r in counts.get(e.instance, [])})) for e in p.events
        }
        for p in found
    }


def test_exposure_agrees_with_the_oracle_on_random_stores(tmp_path: Path) -> None:
    seeds = [int(os.environ["ORACLE_SEED"])] if "ORACLE_SEED" in os.environ else range(STORES)
    checked = 0
    for seed in seeds:
        rnd = random.Random(seed)
        store = EmbeddedStore(tmp_path / f"kg{seed}")
        write(store, *random_reports(rnd))
        told, owners = read(store.dump(ox.RdfFormat.N_QUADS))
        for platform in PLATFORMS:
            as_of = rnd.choice([None, "2024-05-02", "2024-12-31", "2025-01-20"])
            expected = oracle_exposure(told, owners, platform, as_of)
            assert production_exposure(store, platform, as_of) == expected, f"seed {seed}, {platform}, as of {as_of}"
            checked += 1
        store.close()
    assert checked == len(seeds) * len(PLATFORMS)


# ---- events, counts and timelines (Q3, Q6): which real-world events, how many, in what order ----


@dataclass
class Act:
    """A real-world event as the oracle works it out: its reports' type, day, roles and the first
    day one of them was published."""

    type: str
    day: str | None
    roles: dict[str, set[str]]
    first_reported: str | None

    def earliest(self) -> date | None:
        found = bounds(self.day)
        return found[0] if found else None


def oracle_acts(told: list[Told]) -> list[Act]:
    out = []
    for (key, day), members in reports_by_act(told).items():
        roles: dict[str, set[str]] = defaultdict(set)
        for t in members:
            for role, values in t.roles.items():
                roles[role] |= values
        published = [t.published for t in members if t.published]
        out.append(Act(key[0], day, dict(roles), min(published) if published else None))
    return out


def known(act: Act, as_of: str | None) -> bool:
    return as_of is None or (act.first_reported is not None and act.first_reported <= as_of)


def oracle_events(acts: list[Act], params: dict[str, str], as_of: str | None) -> list[tuple]:
    """(type, day) of every event the filter matches, newest first, undated last."""
    kind = params.get("type", "Event")
    found = [
        a
        for a in acts
        if known(a, as_of)
        and kind in ("Event", a.type, TOP_CLASS_OF.get(a.type))
        and all(
            E + ENTITY_OF[params[r]] in a.roles.get(r, set())
            for r in ("affected", "agent", "jurisdiction")
            if r in params
        )
    ]
    found.sort(key=lambda a: (a.earliest() is None, -(a.earliest() or date.min).toordinal()))
    return [(a.type, a.day) for a in found]


def oracle_timeline_count(acts: list[Act], entity: str, span: tuple[str, str] | None, as_of: str | None) -> int:
    return sum(
        1
        for a in acts
        if known(a, as_of)
        and any(E + entity in values for values in a.roles.values())
        and (span is None or (a.earliest() is not None and span[0] <= a.earliest().isoformat() <= span[1]))
    )


ENTITY_OF = {label: key for key, (label, _kind) in NAMES.items()}
FILTERS = [
    {},
    {"type": "Ban"},
    {"type": "RegulatoryAction"},
    {"affected": "TikTok"},
    {"type": "Fine", "affected": "Meta"},
    {"affected": "TikTok", "jurisdiction": "India"},
    {"affected": "ByteDance", "jurisdiction": "European Union"},
    {"agent": "TikTok", "jurisdiction": "United States"},
    {"type": "CourtRuling", "affected": "X", "jurisdiction": "Brazil"},
]
SPANS = [None, ("2024-01-01", "2024-12-31"), ("2024-05-15", "2025-01-19"), ("2024-05-01", "2024-05-31")]


def drawn(rnd: random.Random, acts: list[Act]) -> dict[str, str]:
    """A filter that matches at least one of the store's events: its target in its place, with
    its type or not (the kept pairs and tallies are walked on long lists, not only empty ones)."""
    act = rnd.choice(acts)
    role = "affected" if act.roles.get("affected") else "agent"
    label = lambda iri: NAMES[iri.removeprefix(E)][0]  # noqa: E731
    found = {role: label(min(act.roles[role])), "jurisdiction": label(min(act.roles["jurisdiction"]))}
    return {**found, "type": act.type} if rnd.random() < 0.3 else found


def test_events_their_counts_and_timelines_agree_with_the_oracle_on_random_stores(tmp_path: Path) -> None:
    seeds = [int(os.environ["ORACLE_SEED"])] if "ORACLE_SEED" in os.environ else range(STORES)
    matched = 0
    for seed in seeds:
        rnd = random.Random(seed)
        store = EmbeddedStore(tmp_path / f"kg{seed}", sync_writes=False)
        write(store, *random_reports(rnd))
        acts = oracle_acts(read(store.dump(ox.RdfFormat.N_QUADS))[0])
        for params in [*rnd.sample(FILTERS, 3), *(drawn(rnd, acts) for _ in range(2))]:
            as_of = rnd.choice([None, "2024-05-02", "2025-01-20"])
            expected = oracle_events(acts, params, as_of)
            day = date.fromisoformat(as_of) if as_of else None
            records, total = answers.event_page(store, params, 100, 0, day)
            got = [(r.row["type"], r.date) for r in records]
            where = f"seed {seed}, {params}, as of {as_of}"
            assert total == len(expected), where
            assert sorted(got, key=repr) == sorted(expected, key=repr), where
            earliest = [bounds(d)[0] if d else None for _t, d in got]  # newest first, undated last
            assert earliest == [bounds(d)[0] if d else None for _t, d in expected], where
            matched += total
        for entity in rnd.sample(PLATFORMS + OWNERS + PLACES, 3):
            span, as_of = rnd.choice(SPANS), rnd.choice([None, "2024-06-15"])
            start, end = (date.fromisoformat(span[0]), date.fromisoformat(span[1])) if span else (None, None)
            day = date.fromisoformat(as_of) if as_of else None
            _, total = answers.timeline_page(store, NAMES[entity][0], 1, 0, start, end, day)
            assert total == oracle_timeline_count(acts, entity, span, as_of), f"seed {seed}, {entity}, {span}, {as_of}"
        store.close()
    assert matched >= len(seeds)  # the filters match events, not only nothing
