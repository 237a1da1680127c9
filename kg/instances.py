"""One node per real-world event: the reports of many articles joined into event instances.

Ten articles about one fine are ten reports and one fine. Each report (an event node in an
article's graph) belongs to a *group*: same event type and outcome, same jurisdiction, same
target (the platform it hits, else whom or what it concerns) and, for a court's act, the same
court. Inside a group, reports are joined by date, as precisely as both dates allow:

1. every distinct day is an instance of its own (Jan 18 and Jan 19 are two acts);
2. a month-only report joins the earliest instance of that month, else the month is one;
3. a year-only report joins the earliest instance of that year, else the year is one;
4. an undated report joins the latest instance that had begun when its article appeared
   (an undated "the ban" in a March story is the ban in force by March), else the earliest,
   else all undated reports of the group are one instance.

A place within a country (`rr:within`: Montana, Hong Kong) is grouped with its country, since
one article says "Montana banned TikTok" and another "the US state banned TikTok" of the same
act. Inside the group, the reports of each place are joined as above on their own (Montana's
and Texas's bans of one day are two acts); then an instance told of the country joins the one
instance of a place within it whose date is the same or holds it (or that its date holds), when
exactly one does and no other instance of the country joins it: with two such states (or two
days told of the country in one month told of the state) it is not known which act is which,
and they stay apart.

The rule reads the group as a whole, never the order reports arrived in, so ingesting in any
order and `kg reindex` give the same instances. Every write changes the instances of the
groups it touches in the same transaction as the article's graph (a crash leaves both old or
both new), working out again only the part of a group it changes: kg/instance_plan.py.

The instances live in their own graph (`rrg:instances`), beside one row per report saying
which group it is in, where it came from and when its article appeared.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pyoxigraph as ox

from kg import links
from kg.gazetteer_facts import country_of
from kg.vocab import ID, INSTANCES_GRAPH, RDF_TYPE, RR, SCHEMA, XSD

ROLES = ("agent", "affected", "jurisdiction", "instrument", "origin", "destination", "counterpart")
_PRECISION = {10: "day", 7: "month", 4: "year"}
_XSD_DATE = {10: "date", 7: "gYearMonth", 4: "gYear"}


@dataclass(frozen=True)
class Report:
    """One article's report of an event: what grouping and joining need to know of it."""

    event: str
    article: str
    graph: str
    group: str
    type: str
    top: str
    date: str | None = None
    published: str | None = None
    outcome: str | None = None
    confidence: float = 0.0
    amount: str | None = None  # "345000000 EUR": reports that disagree are kept as a conflict
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass
class Instance:
    iri: str
    group: str
    date: str | None
    reports: list[Report] = field(default_factory=list)


@lru_cache(maxsize=1 << 12)
def bounds(value: str | None) -> tuple[date, date] | None:
    """The first and last day a date as precise as the text allows can mean."""
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day, day
        if len(value) == 7:
            first = date.fromisoformat(value + "-01")
            nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def precision(value: str | None) -> str | None:
    return _PRECISION.get(len(value)) if value and bounds(value) else None


def group_key(etype: str, top: str, outcome: str | None, roles: dict[str, list[str]], platforms: set[str]) -> str:
    """Which reports may describe the same act: a digest of type, outcome, country and target,
    and the actor where who acts makes it another act (a court's ruling, a platform's own
    response); a regulator's act keeps one identity whoever the article names as its agent
    ("the government", "the ministry")."""

    def first(role: str, prefer: set[str] | None = None) -> str:
        values = sorted(roles.get(role, []))
        preferred = [v for v in values if prefer and v in prefer]
        return (preferred or values or [""])[0]

    if etype == "UserMigration":
        target = first("origin") + ">" + first("destination")
    else:
        target = first("affected", platforms) or first("instrument") or first("agent")
    actor = first("agent") if top in ("JudicialAction", "PlatformResponse") else ""
    parts = (etype, outcome or "", country_of(first("jurisdiction")) if first("jurisdiction") else "", target, actor)
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:20]


def place_of(r: Report) -> str:
    """The place within a country a report is in (its first jurisdiction, as `group_key` reads
    it), or "" when that is a country, a union or no place."""
    place = next((values[0] for role, values in r.roles if role == "jurisdiction" and values), "")
    return place if place and country_of(place) != place else ""


def join(reports: Iterable[Report]) -> list[Instance]:
    """The instances of one group's reports, by the rule in this module's docstring."""
    reports = sorted(reports, key=lambda r: r.event)
    if not reports:
        return []
    group = reports[0].group
    return merge({place: join_place(group, place, rs) for place, rs in by_place(reports).items()})


def by_place(reports: Iterable[Report]) -> dict[str, list[Report]]:
    """A group's reports by the place within the country they are in ("": the country's),
    each place's in the order they came in."""
    out: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        out[place_of(r)].append(r)
    return out


def merge(parts: dict[str, list[Instance]]) -> list[Instance]:
    """A group's instances from each place's (`join_place`): an instance told of the country
    joins the one of a place within it that is the same act (the module's docstring). The
    parts are left as they are, since a write reuses the parts of the places it did not change
    (kg/instance_plan.py): an instance that the country's joins is a new one."""
    if list(parts) == [""]:  # no place within the country: the one pool of reports
        return list(parts[""])
    country = parts.get("", [])
    within = [i for place in sorted(parts) if place for i in parts[place]]
    same = {inst.iri: [i for i in within if _same_act(inst.date, i.date)] for inst in country}
    claims = Counter(found[0].iri for found in same.values() if len(found) == 1)
    alone: list[Instance] = []
    joined: dict[str, Instance] = {}
    for inst in country:
        match = same[inst.iri]
        if len(match) != 1 or claims[match[0].iri] != 1:  # which act is not known: it stays apart
            alone.append(inst)
            continue
        act = match[0]
        day = inst.date if len(inst.date or "") > len(act.date or "") else act.date  # the more precise date of one act
        joined[act.iri] = Instance(act.iri, act.group, day, [*act.reports, *inst.reports])
    return sorted(alone + [joined.get(i.iri, i) for i in within], key=lambda i: i.iri)


def _same_act(a: str | None, b: str | None) -> bool:
    """Whether two instances' dates can be one act's: the same, or one holding the other
    ("2023-05" holds "2023-05-17"); never when either is undated."""
    span_a, span_b = bounds(a), bounds(b)
    if not span_a or not span_b:
        return False
    return (span_a[0] <= span_b[0] and span_b[1] <= span_a[1]) or (span_b[0] <= span_a[0] and span_a[1] <= span_b[1])


def join_place(group: str, place: str, reports: list[Report]) -> list[Instance]:
    """The instances of one place's reports in a group (place "": the country's, or all of
    them when no place within it is told)."""
    found: dict[str, Instance] = {}
    if not reports:
        return []

    def instance(anchor: str | None) -> Instance:
        key = anchor or "undated"
        if key not in found:
            seed = f"{group}/{place}/{key}" if place else f"{group}/{key}"
            iri = f"{ID}event-instance/{hashlib.sha1(seed.encode()).hexdigest()[:20]}"
            found[key] = Instance(iri, group, anchor)
        return found[key]

    def earliest_within(span: tuple[date, date]) -> Instance | None:
        inside = [i for i in found.values() if i.date and span[0] <= bounds(i.date)[0] <= span[1]]
        return min(inside, key=lambda i: (bounds(i.date)[0], i.date), default=None)

    dated = [r for r in reports if bounds(r.date)]
    for size in (10, 7, 4):
        for r in (r for r in dated if len(r.date or "") == size):
            joined = earliest_within(bounds(r.date)) if size < 10 else None
            (joined or instance(r.date)).reports.append(r)
    undated = [r for r in reports if not bounds(r.date)]
    for r in undated:
        if not any(i.date for i in found.values()):
            instance(None).reports.append(r)
            continue
        started = [i for i in found.values() if i.date]
        published = bounds(r.published)
        before = [i for i in started if published and bounds(i.date)[0] <= published[0]]
        pick = (
            max(before, key=lambda i: (bounds(i.date)[0], i.date))
            if before
            else min(started, key=lambda i: (bounds(i.date)[0], i.date))
        )
        pick.reports.append(r)
    return sorted(found.values(), key=lambda i: i.iri)


@lru_cache(maxsize=1 << 16)
def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@lru_cache(maxsize=1 << 16)
def _lit(value: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=_n(XSD + datatype)) if datatype else ox.Literal(value)


def report_quads(r: Report) -> list[ox.Quad]:
    """The row that says which group a report is in, kept beside the instances."""
    g, m = _n(INSTANCES_GRAPH), _n(r.event)
    out = [
        ox.Quad(m, _n(RR + "inGroup"), _lit(r.group), g),
        ox.Quad(m, _n(RR + "reportedIn"), _n(r.article), g),
        ox.Quad(m, _n(RR + "reportGraph"), _n(r.graph), g),
    ]
    if bounds(r.published):
        out.append(ox.Quad(m, _n(RR + "published"), _lit(r.published, "date"), g))
    return out


def _first_reported(r: Report) -> tuple[str, str]:
    # undated articles sort last: an instance is known from its first dated report on
    return (r.published if bounds(r.published) else "9999-12-31", r.event)


def instance_quads(inst: Instance) -> tuple[ox.Quad, ...]:
    return quads_of(inst.iri, inst.group, inst.date, by_event(inst.reports))


def by_event(reports: Iterable[Report]) -> tuple[Report, ...]:
    return tuple(sorted(reports, key=lambda r: r.event))


def quads_of(iri: str, group: str, day: str | None, reports: tuple[Report, ...]) -> tuple[ox.Quad, ...]:
    """An instance's quads: a function of its IRI, group, date and reports (by event) alone,
    so a write builds them only for an instance where one of those differs (kg/instance_plan.py)."""
    inst = Instance(iri, group, day, list(reports))
    g, i = _n(INSTANCES_GRAPH), _n(inst.iri)
    out: list[ox.Quad] = []

    def add(p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Quad(i, _n(p), o, g))

    first = min(inst.reports, key=_first_reported)
    add(RDF_TYPE, _n(RR + "EventInstance"))
    add(RR + "groupKey", _lit(inst.group))
    add(RR + "eventType", _n(RR + first.type))
    add(RR + "topClass", _n(RR + first.top))
    add(RR + "representative", _n(first.event))
    if bounds(first.published):
        add(RR + "firstReported", _lit(first.published, "date"))
    if first.outcome:
        add(RR + "outcome", _lit(first.outcome))
    add(RR + "confidence", _lit(f"{max(r.confidence for r in inst.reports):.3f}", "decimal"))
    span = bounds(inst.date)
    if inst.date and span:
        add(RR + "date", _lit(inst.date, _XSD_DATE[len(inst.date)]))
        add(RR + "earliest", _lit(span[0].isoformat(), "date"))
        add(RR + "latest", _lit(span[1].isoformat(), "date"))
        add(RR + "datePrecision", _lit(_PRECISION[len(inst.date)]))
    for r in sorted(inst.reports, key=lambda r: r.event):
        add(RR + "mention", _n(r.event))
    roles: dict[str, set[str]] = defaultdict(set)
    for r in inst.reports:
        for role, values in r.roles:
            roles[role].update(values)
    for role in ROLES:
        for value in sorted(roles.get(role, ())):
            add(RR + role, _n(value))
    amounts = sorted({r.amount for r in inst.reports if r.amount})
    for amount in amounts:
        add(RR + "reportedAmount", _lit(amount))
    if len(amounts) > 1:
        add(RR + "conflict", _lit("amount"))
    return tuple(out)


# ---- reading reports out of quads (a new article) and out of the store (the others) ----


def reports_in(quads: Iterable[ox.Quad], graph: str) -> list[Report]:
    """The reports an article's graph holds, read from the quads about to be written."""
    by_subject: dict[str, list[tuple[str, ox.NamedNode | ox.Literal]]] = defaultdict(list)
    for q in quads:
        if q.graph_name.value == graph:
            by_subject[q.subject.value].append((q.predicate.value, q.object))
    platforms = {s for s, pos in by_subject.items() if (RDF_TYPE, ox.NamedNode(RR + "Platform")) in pos}
    article, published = "", None
    for s, pos in by_subject.items():
        if (RDF_TYPE, ox.NamedNode(RR + "Article")) in pos:
            article = s
            published = next((o.value for p, o in pos if p == SCHEMA + "datePublished"), None)
    out = []
    for s, pos in by_subject.items():
        if (RDF_TYPE, ox.NamedNode(RR + "Event")) not in pos:
            continue
        facts = _facts(pos, by_subject)
        out.append(_report(s, article, graph, published, facts, platforms))
    return out


def _facts(pos: list[tuple[str, ox.NamedNode | ox.Literal]], by_subject: dict) -> dict[str, list[str]]:
    facts: dict[str, list[str]] = defaultdict(list)
    for p, o in pos:
        facts[p].append(o.value)
        if p == RR + "amount":
            amount = dict((pp, oo.value) for pp, oo in by_subject.get(o.value, []))
            facts["amount"].append(_amount(amount.get(SCHEMA + "value"), amount.get(SCHEMA + "currency")))
    return facts


def _amount(value: str | None, currency: str | None) -> str:
    """One spelling per amount ("345000000.0" as written, "345000000" as stored, are one)."""
    try:
        number = format(Decimal(value or "").normalize(), "f")
    except InvalidOperation:
        number = value or "?"
    return f"{number} {currency or ''}".strip()


_TOP = (RR + "RegulatoryAction", RR + "JudicialAction", RR + "PlatformResponse", RR + "MarketReaction")


def _report(
    event: str, article: str, graph: str, published: str | None, facts: dict[str, list[str]], platforms: set[str]
) -> Report:
    etype = facts[RR + "eventType"][0].removeprefix(RR)
    top = next((t for t in facts[RDF_TYPE] if t in _TOP), RR + "Event").removeprefix(RR)
    outcome = (facts.get(RR + "outcome") or [None])[0]
    roles = {role: sorted(facts.get(RR + role, [])) for role in ROLES if facts.get(RR + role)}
    return Report(
        event=event,
        article=article,
        graph=graph,
        group=group_key(etype, top, outcome, roles, platforms),
        type=etype,
        top=top,
        date=(facts.get(RR + "date") or [None])[0],
        published=published,
        outcome=outcome,
        confidence=float((facts.get(RR + "confidence") or ["0"])[0]),
        amount=(facts.get("amount") or [None])[0],
        roles=tuple((role, tuple(values)) for role, values in roles.items()),
    )


Select = Callable[[str], list[dict[str, str | None]]]


# what joining reads of a stored report: not its evidence, trigger or provenance
_FETCHED = " ".join(
    f"<{p}>" for p in (RDF_TYPE, *(RR + n for n in ("eventType", "date", "outcome", "confidence", *ROLES)))
)


def stored_reports(select: Select, groups: Iterable[str]) -> list[Report]:
    """The reports already in the store for these groups: one query."""
    keys = sorted(set(groups))
    if not keys:
        return []
    values = " ".join(str(_lit(k)) for k in keys)
    rows = select(
        f"""SELECT ?m ?k ?art ?g ?pub ?p ?o WHERE {{
          VALUES ?k {{ {values} }}
          GRAPH <{INSTANCES_GRAPH}> {{ ?m <{RR}inGroup> ?k ; <{RR}reportedIn> ?art ; <{RR}reportGraph> ?g .
                                       OPTIONAL {{ ?m <{RR}published> ?pub }} }}
          GRAPH ?g {{ {{ ?m ?p ?o VALUES ?p {{ {_FETCHED} }} }} UNION {{ ?m <{RR}amount> ?a . ?a ?p ?o }} }}
        }}"""
    )
    subjects: dict[str, dict] = {}
    for row in rows:
        entry = subjects.setdefault(row["m"], {"row": row, "facts": defaultdict(list), "amount": {}})
        if row["p"] in (SCHEMA + "value", SCHEMA + "currency"):
            entry["amount"][row["p"]] = row["o"]
        else:
            entry["facts"][row["p"]].append(row["o"])
    out = []
    for event, entry in subjects.items():
        facts, row = entry["facts"], entry["row"]
        if entry["amount"]:
            facts["amount"] = [_amount(entry["amount"].get(SCHEMA + "value"), entry["amount"].get(SCHEMA + "currency"))]
        report = _report(event, row["art"], row["g"], row["pub"], facts, set())
        out.append(replace(report, group=row["k"]))  # the group it was filed under
    return out


def previous_groups(select: Select, article: str) -> set[str]:
    rows = select(
        f"SELECT DISTINCT ?k WHERE {{ GRAPH <{INSTANCES_GRAPH}> "
        f"{{ ?m <{RR}reportedIn> <{article}> ; <{RR}inGroup> ?k }} }}"
    )
    return {r["k"] for r in rows if r["k"]}


def rewrite(reports: list[Report]) -> list[ox.Quad]:
    """The instance quads of every group these reports make up."""
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        groups[r.group].append(r)
    out: list[ox.Quad] = []
    for key in sorted(groups):
        for inst in join(groups[key]):
            out.extend(instance_quads(inst))
    return out


REINDEX_BATCH = 500  # article graphs read per query


def rebuilt(select: Select) -> list[ox.Quad]:
    """Every report row, instance and link, worked out again from the article graphs alone."""
    graphs = [
        r["g"]
        for r in select(f"SELECT ?g WHERE {{ GRAPH <{ID}graph/meta> {{ ?g <{RR}contentHash> ?h }} }} ORDER BY ?g")
    ]
    reports: list[Report] = []
    for start in range(0, len(graphs), REINDEX_BATCH):
        batch = graphs[start : start + REINDEX_BATCH]
        values = " ".join(f"<{g}>" for g in batch)
        rows = select(
            f"SELECT ?g ?s ?p ?o (isIRI(?o) AS ?ref) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
        for r in rows:
            by_graph[r["g"]].append(_quad(r))
        for g in batch:
            reports.extend(reports_in(by_graph[g], g))
    instances = rewrite(reports)
    return [q for r in reports for q in report_quads(r)] + instances + links.derive(instances)


def _quad(row: dict[str, str | None]) -> ox.Quad:
    # Rows carry values; what reports_in reads is IRIs (types, roles) and plain values.
    obj = row["o"] or ""
    term = ox.NamedNode(obj) if row["ref"] == "true" else ox.Literal(obj)
    return ox.Quad(ox.NamedNode(row["s"]), ox.NamedNode(row["p"]), term, ox.NamedNode(row["g"]))
