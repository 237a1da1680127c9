"""Q5, a platform's regulatory exposure per jurisdiction, as plain functions over a store: the
question that scores acts by the rules of kg/risk_rules.toml, apart from kg/answers.py's others.

GraphQL (kg/service/exposure.py), `kg ask` and the benchmarks call these. They build on
kg/answers.py's records and acts (the details of an act are fetched only when asked) and
rank jurisdictions from the read model's sums where those answer exactly (kg/exposure_sums.py).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from kg import act_evidence, article_rows, exposure_sums, question_rows, risk
from kg.answers import (
    Act,
    EntityRecord,
    EventRecord,
    _day,
    _roles,
    _run,
    act_records,
    entities,
    read_index,
)
from kg.question_rows import LABEL
from kg.store import Row, Store
from kg.vocab import ENTITIES_GRAPH, RR


@dataclass
class Reason:
    text: str
    points: float
    event: EventRecord


@dataclass
class ExposureAnswer:
    jurisdiction: EntityRecord
    instruments: list[str]
    events: list[EventRecord]
    status: str
    level: str
    score: float
    reasons: list[Reason]


@dataclass
class ScoredReason:
    text: str  # empty when the answer was not worded (see `exposure_page`)
    points: float
    act: Act
    type: str = ""
    outcome: str | None = None
    evidence: Row | None = None  # its act's evidence, where the page that shows it read it along


@dataclass
class ExposureScore:
    """One jurisdiction's exposure, scored from the question's rows alone: its acts are named,
    not fetched, so a client that asks for a score or a page of reasons does not pay for the
    details of every act (about 1 ms each from the graph)."""

    jurisdiction: EntityRecord
    instruments: list[str]  # empty, and the reasons' texts too, when not `worded`
    acts: list[Act]
    status: str
    level: str
    score: float
    reasons: list[ScoredReason]
    worded: bool = True


def _amount_texts(store: Store, events: list[str]) -> dict[str, str]:
    """The amount each report names, as written (a fine's reason quotes it): from the read model,
    else one property of each in one batch query, instead of every detail of every report."""
    if not events:
        return {}
    index = read_index(store)
    if index is not None:
        return article_rows.amounts(index, list(dict.fromkeys(events)))
    values = " ".join(f"<{e}>" for e in dict.fromkeys(events))
    rows = store.select(
        f"SELECT ?e ?t WHERE {{ VALUES ?e {{ {values} }} GRAPH ?g {{ ?e <{RR}amount> ?a . ?a <{RR}text> ?t }} }}"
    )
    out: dict[str, str] = {}
    for r in rows:
        if r["e"] and r["t"] and (r["e"] not in out or r["t"] < out[r["e"]]):
            out[r["e"]] = r["t"]
    return out


WORDED = ("agent", "affected", "instrument")  # the roles a reason names (kg/risk_rules.toml)


def _labels(store: Store, iris: list[str]) -> dict[str, str]:
    """The name of each of these entities, as `entities` gives it (an entity of one of our
    types), without its aliases and links: a reason's words need only the name, in one batch."""
    if not iris:
        return {}
    values = " ".join(f"<{e}>" for e in dict.fromkeys(iris))
    rows = store.select(
        f"SELECT DISTINCT ?e ?l WHERE {{ VALUES ?e {{ {values} }} GRAPH <{ENTITIES_GRAPH}> {{ ?e <{LABEL}> ?l ; a ?t "
        f"FILTER(STRSTARTS(STR(?t), STR(<{RR}>)) && ?t != <{RR}Entity>) }} }}"
    )
    return {str(r["e"]): str(r["l"]) for r in rows}


@dataclass(frozen=True)
class ActWords:
    """What a reason says of one act: the names the rules' wording fills in (a name nobody gave
    is left out, so the rules' wording fills it in), and the instruments the act names."""

    names: dict[str, str]
    instruments: list[str]


def act_words(store: Store, acts: list[Act]) -> dict[str, ActWords]:
    """The words of these acts' reasons, by instance: their roles (the read model's, else one
    batch query), the amounts as written (the read model's, else one batch query) and the names
    of whom they involve (one batch). A reason naming two agents names them in alphabetical
    order (the graph keeps no order of its own), the same from either source."""
    index = read_index(store)
    instances = list(dict.fromkeys(a.instance for a in acts))
    found = question_rows.roles(index, instances) if index is not None else _roles(store, instances)
    roles = {i: {role: sorted(values) for role, values in found.get(i, {}).items()} for i in instances}
    amounts = _amount_texts(store, [a.event for a in acts])
    names = _labels(store, [e for i in instances for role in WORDED for e in roles[i].get(role, [])])

    def label(iris: list[str]) -> str:
        return " and ".join(sorted(names[i] for i in iris if i in names))

    out = {}
    for act in acts:
        said = roles[act.instance]
        words = {
            "agent": label(said.get("agent", [])),
            "affected": label(said.get("affected", [])),
            "instrument": label(said.get("instrument", [])) or "the measure",
            "amount": amounts.get(act.event, ""),
        }
        out[act.instance] = ActWords({k: v for k, v in words.items() if v}, said.get("instrument", []))
    return out


Ranked = tuple[str, dict[str, "Act"]]  # a jurisdiction shown, and its acts in the rows' order


def exposure_page(
    store: Store,
    platform: str,
    as_of: date | None = None,
    start: int = 0,
    limit: int | None = None,
    worded: bool = True,
) -> tuple[list[ExposureScore], int]:
    """Q5 as scores, a page of jurisdictions at a time: per jurisdiction, the real-world acts that
    concern a platform or its owner, scored by the rules of kg/risk_rules.toml (each act once,
    however many articles report it), with risk decayed to `as_of` (else to the newest act on
    record), highest score first, then by name; the page of `limit` from position `start` (all
    from there without a limit), and how many jurisdictions there are in all.

    Without `as_of`, the jurisdictions are ranked from the read model's sums
    (kg/exposure_sums.py: a few rows per jurisdiction, however long the platform's history), and
    only the page's acts are read. With `as_of` (the sums cannot leave out what was reported
    later), or when the sums cannot answer exactly (no read model, risk rules changed since they
    were computed, a name standing for several platforms, a jurisdiction without a name or two
    with the same name and score), every act is read and every jurisdiction scored from its
    acts, the same answer. The reasons' words (`act_words`) are read for the page's acts only,
    and without `worded` not at all: the caller words the reasons it shows (`risk.wording`),
    since the top jurisdictions hold most acts and a client reads a few reasons of each. No
    act's details are fetched."""
    index = read_index(store)
    ranked = _ranked_by_sums(store, index, platform, start, limit) if index is not None and as_of is None else None
    if ranked is None:
        ranked = _ranked_by_acts(store, index, platform, as_of, start, limit)
    shown, first, reference, total = ranked
    places = entities(store, [p for p, _acts in shown])
    words = act_words(store, [a for _place, acts in shown for a in acts.values()]) if worded else None
    out = []
    for place, acts in shown:
        if place not in places:
            continue
        events = [
            risk.ScoredEvent(
                i, first[i]["type"], first[i]["outcome"], act.date, words[i].names if words is not None else {}
            )
            for i, act in acts.items()
        ]
        result = risk.assess(events, reference, worded=words is not None)
        instruments = [x for i in acts for x in words[i].instruments] if words is not None else []
        out.append(
            ExposureScore(
                jurisdiction=places[place],
                instruments=list(dict.fromkeys(instruments)),
                acts=list(acts.values()),
                status=result.status,
                level=result.level,
                score=result.score,
                reasons=[
                    ScoredReason(x.text, x.points, acts[x.event], first[x.event]["type"], first[x.event]["outcome"])
                    for x in result.reasons
                ],
                worded=worded,
            )
        )
    return out, total


def _ranked_by_acts(
    store: Store, index: sqlite3.Connection | None, platform: str, as_of: date | None, start: int, limit: int | None
) -> tuple[list[Ranked], dict[str, Row], date | None, int]:
    """Every act of the platform read (the read model's rows, else the canned query's) and every
    jurisdiction scored from its acts: the page's jurisdictions and their acts, each act's
    first row, the reference day, and how many jurisdictions there are."""
    if index is not None:
        rows = question_rows.exposure(store, index, platform, _day(as_of))
    else:
        rows = _run(store, "exposure", {"platform": platform, "asOf": _day(as_of)})
    by_place: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_place[r["jurisdiction"]].append(r)
    first = {r["instance"]: r for r in reversed(rows)}  # the first row of each act
    days = [risk._day(r["date"]) for r in first.values()]
    reference = as_of or max((d for d in days if d), default=None)
    ranked = []
    for place, place_rows in by_place.items():
        acts = {
            i: Act(i, first[i]["event"], first[i]["date"]) for i in dict.fromkeys(r["instance"] for r in place_rows)
        }
        facts = [(i, first[i]["type"], first[i]["outcome"], act.date) for i, act in acts.items()]
        ranked.append((place, str(place_rows[0]["jurisdictionLabel"]), acts, risk.score(facts, reference)))
    ranked.sort(key=lambda x: (-x[3], x[1]))
    shown = ranked[start:] if limit is None else ranked[start : start + limit]
    return [(place, acts) for place, _label, acts, _score in shown], first, reference, len(ranked)


@dataclass
class SumsRanking:
    """A page of a platform's jurisdictions ranked from exposure's sums (`_sums_ranking`)."""

    keys: list[tuple[str, str]]
    reference: date | None
    standings: dict[str, exposure_sums.Standing]
    shown: list[tuple[float, str, str]]  # score, label, jurisdiction: the page, in the answer's order
    total: int  # how many jurisdictions there are in all


def _sums_ranking(
    store: Store, index: sqlite3.Connection, platform: str, start: int = 0, limit: int | None = None
) -> SumsRanking | None:
    """A page of jurisdictions in the answer's order, from every jurisdiction's score in a few
    rows (its acts read only where the sums leave the rounding in doubt); None where the sums
    cannot answer exactly.

    Names are read only for the scores that reach into the page: the order is by score, then
    name, so the jurisdictions scored above the page's highest come before it whatever their
    names, and those below its lowest after. Whether every jurisdiction has a name is one
    query that returns a number (a nameless one leaves the rows' answer, and its acts the
    reference day with it)."""
    model = store.questions_model()
    platforms = question_rows.named(store, platform)
    if not platforms:
        return SumsRanking([], None, {}, [], 0)
    keys = exposure_sums.question_keys(platforms, question_rows.owners(store, platforms))
    if len(keys) > exposure_sums.MAX_KEYS or model is None or not model.exposure_current():
        return None
    standings, reference = exposure_sums.standings(index, keys)
    if question_rows.nameless(store, [s.jurisdiction for s in standings]):
        return None
    unsure, row = _acts_of(index, keys, [s.jurisdiction for s in standings if s.score is None])
    scores = {s.jurisdiction: s.score for s in standings}
    for place, place_acts in unsure.items():
        facts = [(i, row[i]["type"], row[i]["outcome"], a.date) for i, a in place_acts.items()]
        scores[place] = risk.score(facts, reference)
    by_score = sorted(scores.values(), reverse=True)
    end = len(by_score) if limit is None else min(len(by_score), start + limit)
    shown: list[tuple[float, str, str]] = []
    if start < end:
        high, low = by_score[start], by_score[end - 1]
        wanted = [p for p, score in scores.items() if low <= score <= high]  # type: ignore[operator]
        labels = question_rows.labels_of(store, wanted)
        ranked = sorted(((scores[p], min(labels[p]), p) for p in wanted), key=lambda x: (-x[0], x[1]))
        if len({(score, label) for score, label, _p in ranked}) < len(ranked):
            return None  # the rows' order breaks such a tie
        before = sum(1 for score in by_score if score > high)  # type: ignore[operator]
        shown = ranked[start - before : end - before]  # type: ignore[misc]
    found = {s.jurisdiction: s for s in standings}
    return SumsRanking(keys, reference, found, shown, len(by_score))  # type: ignore[arg-type]


def _acts_of(
    index: sqlite3.Connection, keys: list[tuple[str, str]], places: list[str]
) -> tuple[dict[str, dict[str, Act]], dict[str, Row]]:
    """The acts of these jurisdictions, in the rows' order within each, and each act's row."""
    found = sorted(exposure_sums.acts_in(index, keys, places), key=lambda r: (r[6] is not None, r[6] or "", r[1]))
    by_place: dict[str, dict[str, Act]] = {p: {} for p in places}
    first: dict[str, Row] = {}
    for place, inst, event, etype, outcome, day, _earliest in found:
        by_place[place][inst] = Act(inst, event, day)
        first.setdefault(inst, {"event": event, "type": etype, "outcome": outcome, "date": day})
    return by_place, first


def _ranked_by_sums(
    store: Store, index: sqlite3.Connection, platform: str, start: int, limit: int | None
) -> tuple[list[Ranked], dict[str, Row], date | None, int] | None:
    """What `_ranked_by_acts` gives without `as_of`, from exposure's sums: the ranking from a
    few rows per jurisdiction, then the acts of the page's jurisdictions alone."""
    found = _sums_ranking(store, index, platform, start, limit)
    if found is None:
        return None
    shown = [p for _s, _l, p in found.shown]
    acts, first = _acts_of(index, found.keys, shown)
    return [(p, acts[p]) for p in shown], first, found.reference, found.total


@dataclass(eq=False)  # one per jurisdiction shown, so a response's batches key on it as it is
class ExposureStanding:
    """One jurisdiction of a page ranked from exposure's sums: its score, level, status and
    how many reasons it has, without reading its acts; its reasons are read a few at a time
    (`exposure_reasons`), its acts when asked (`exposure_details`)."""

    platform: str
    jurisdiction: EntityRecord
    status: str
    level: str
    score: float
    reasons: int
    keys: list[tuple[str, str]]
    reference: date | None


def exposure_standings(
    store: Store, platform: str, start: int = 0, limit: int | None = None
) -> tuple[list[ExposureStanding], int] | None:
    """Q5 without `as_of`, a page of jurisdictions as `exposure_page` ranks them, each read in
    a few index lookups (its status: the act that sets it), whatever the platform's history;
    None where the sums cannot answer exactly (then `exposure_page` does)."""
    index = read_index(store)
    found = _sums_ranking(store, index, platform, start, limit) if index is not None else None
    if found is None or index is None:
        return None
    shown = found.shown
    places = entities(store, [p for _s, _l, p in shown])
    out = []
    for score, _label, place in shown:
        if place not in places:
            continue
        sums = found.standings[place]
        standing = ExposureStanding(platform, places[place], "", "", score, sums.scored, found.keys, found.reference)
        if sums.score is None or sums.level is None:  # the sums leave it in doubt: its acts tell
            whole = exposure_details(store, standing)
            standing.status, standing.level = whole.status, whole.level
        else:
            latest = exposure_sums.latest_scored(index, found.keys, place)
            rule = risk._rule(latest[3], latest[4]) if latest is not None else None
            standing.status, standing.level = (rule["status"] if rule is not None else "monitored"), sums.level
        out.append(standing)
    return out, found.total


def exposure_reasons(store: Store, standing: ExposureStanding, count: int) -> list[ScoredReason]:
    """A jurisdiction's first `count` reasons, unworded, in `risk.assess`'s order, from its
    strongest acts alone (kg/exposure_sums.py `strongest`); from its whole answer when the read
    model cannot answer any more (a write under way)."""
    index = read_index(store)
    if index is None:
        return exposure_details(store, standing).reasons[:count]
    rows = exposure_sums.strongest(index, standing.keys, standing.jurisdiction.id, count, standing.reference)
    scored = []
    for row in rows:
        points = round(exposure_sums.points_of(row, standing.reference), 1)
        scored.append(((-abs(points), risk._day(row[5]) or date.min, row[1]), points, row))
    scored.sort(key=lambda x: x[0])
    return [
        ScoredReason("", points, Act(row[1], row[2], row[5]), row[3], row[4]) for _key, points, row in scored[:count]
    ]


def worded_reasons(
    store: Store, asked: list[tuple[ExposureStanding, int]]
) -> dict[tuple[ExposureStanding, int], list[ScoredReason]]:
    """The first reasons of several jurisdictions (`exposure_reasons`: each a jurisdiction and
    how many), worded: a page's reasons in one call, their words in one batch (`act_words`)."""
    found = {ask: exposure_reasons(store, *ask) for ask in asked}
    words = act_words(store, [r.act for reasons in found.values() for r in reasons])
    for reasons in found.values():
        for r in reasons:
            said = words.get(r.act.instance)
            r.text = risk.wording(r.type, r.outcome, r.act.date, said.names if said is not None else {})
    return found


def worded_reasons_with_evidence(
    store: Store, asked: list[tuple[ExposureStanding, int]]
) -> dict[tuple[ExposureStanding, int], list[ScoredReason]]:
    """`worded_reasons`, each with its act's evidence read in the same call: a page that shows
    the reasons' sentences waits for one read, not for the reasons and then their evidence
    (measured: the evidence of 20 jurisdictions x 5 reasons fetched a reason at a time was a
    third of `exposureConnection`'s first page, benchmarks/RESULTS.md)."""
    found = worded_reasons(store, asked)
    rows = act_evidence.act_evidence(store, [r.act for reasons in found.values() for r in reasons])
    for reasons in found.values():
        for r in reasons:
            r.evidence = rows.get(r.act)
    return found


def exposure_details(store: Store, standing: ExposureStanding) -> ExposureScore:
    """A jurisdiction's whole answer, unworded (every act and reason), as `exposure_page` gives it."""
    index = read_index(store)
    if index is not None:
        acts, first = _acts_of(index, standing.keys, [standing.jurisdiction.id])
        place_acts = acts[standing.jurisdiction.id]
        events = [
            risk.ScoredEvent(i, first[i]["type"], first[i]["outcome"], act.date, {}) for i, act in place_acts.items()
        ]
        result = risk.assess(events, standing.reference, worded=False)
        return ExposureScore(
            jurisdiction=standing.jurisdiction,
            instruments=[],
            acts=list(place_acts.values()),
            status=result.status,
            level=result.level,
            score=result.score,
            reasons=[
                ScoredReason("", x.points, place_acts[x.event], first[x.event]["type"], first[x.event]["outcome"])
                for x in result.reasons
            ],
            worded=False,
        )
    whole, _total = exposure_page(store, standing.platform, worded=False)
    (found,) = [x for x in whole if x.jurisdiction.id == standing.jurisdiction.id] or [None]
    if found is None:
        raise ValueError(f"{standing.jurisdiction.label} no longer concerns {standing.platform}")
    return found


def exposure_scores(store: Store, platform: str, as_of: date | None = None) -> list[ExposureScore]:
    """Q5 as scores, every jurisdiction (`exposure_page` without a page)."""
    return exposure_page(store, platform, as_of)[0]


def exposure(store: Store, platform: str, as_of: date | None = None) -> list[ExposureAnswer]:
    """Q5 with every act's details (`kg ask`, and callers that show every act): the scores of
    `exposure_scores`, then the details of all their acts in one batch."""
    scores = exposure_scores(store, platform, as_of)
    records = act_records(store, [a for s in scores for a in s.acts])
    return [
        ExposureAnswer(
            jurisdiction=s.jurisdiction,
            instruments=s.instruments,
            events=[records[a] for a in s.acts if a in records],
            status=s.status,
            level=s.level,
            score=s.score,
            reasons=[Reason(x.text, x.points, records[x.act]) for x in s.reasons if x.act in records],
        )
        for s in scores
    ]
