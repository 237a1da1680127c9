"""Which real-world events an article was the first to report, what each says, and which
watchlists it matches.

"New" is decided right after the article's transaction and before the next write: an event
instance is new when every report it has comes from this article. A second article about a
known event joins that instance (kg/instances.py), so it is never new again; an article that
only repeats itself (the same text) writes nothing and is not asked about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg import answers, risk
from kg.instances import ROLES
from kg.read_model import rows_of
from kg.store import Store
from kg.vocab import ID, INSTANCES_GRAPH, RR, article_iri
from kg.watch.storage import Watchlist, WatchStorage

Select = Callable[[str], list[dict[str, str | None]]]


def article_of_graph(graph: str) -> str:
    return article_iri(graph.removeprefix(ID + "graph/"))


def new_instances(select: Select, article: str) -> list[str]:
    """The event instances whose every report is from this article (read just after its write)."""
    rows = select(
        f"SELECT ?i ?a WHERE {{ GRAPH <{INSTANCES_GRAPH}> {{ ?m0 <{RR}reportedIn> <{article}> . "
        f"?i <{RR}mention> ?m0 , ?m . ?m <{RR}reportedIn> ?a }} }}"
    )
    sources: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        sources[r["i"] or ""].add(r["a"] or "")
    return sorted(i for i, found in sources.items() if found == {article})


def recover(storage: WatchStorage, select: Select) -> int:
    """What a crash between an article's write and its filing left: each pending article's new
    events, filed now (at start, before any other write, so "new" reads as it would have). An
    article whose write never committed has none. How many articles were pending."""
    pending = storage.pending()
    for article in pending:
        storage.found(article, new_instances(select, article))
    return len(pending)


def event_level(etype: str, outcome: str | None) -> str:
    """An event's own weight on the risk scale: its rule's points (kg/risk_rules.toml) read on
    the levels' thresholds, undecayed. A ban (60) is HIGH, a fine (25) MEDIUM; an event that
    lowers risk, or that no rule scores, is LOW."""
    cfg = risk.rules()
    rule = next(
        (r for r in cfg["rule"] if r["when"].get("type") == etype and r["when"].get("outcome", outcome) == outcome),
        None,
    )
    points = max(rule["points"], 0) if rule else 0
    return next(level for level in reversed(risk.LEVELS) if points >= cfg["levels"][level])


@dataclass
class EventFacts:
    """A new real-world event as a notification tells it: what, where, who, and its evidence."""

    instance: str
    type: str
    top_class: str
    date: str | None
    outcome: str | None
    risk_level: str
    report: str  # the representative report's IRI (the schema's Event.iri)
    roles: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        def named(role: str) -> list[dict[str, str]]:
            return [{"iri": e, "label": self.labels.get(e, e)} for e in self.roles.get(role, [])]

        return {
            "instance": self.instance,
            "iri": self.report,
            "type": self.type,
            "topClass": self.top_class,
            "date": self.date,
            "outcome": self.outcome,
            "riskLevel": self.risk_level,
            **{role: named(role) for role in ROLES if self.roles.get(role)},
            "evidence": self.evidence,
        }


def event_facts(store: Store, instances: list[str]) -> dict[str, EventFacts]:
    """What each instance says, from the instances graph, its representative report and the
    names of its entities: three queries whatever the number."""
    if not instances:
        return {}
    values = " ".join(f"<{i}>" for i in instances)
    where = f"VALUES ?i {{ {values} }} GRAPH <{INSTANCES_GRAPH}> {{ ?i ?p ?o }}"
    rows = store.select(f"SELECT ?i ?p ?o WHERE {{ {where} }}")
    table = rows_of((r["i"] or "", r["p"] or "", r["o"] or "") for r in rows)
    found, role_rows = table.instances, table.roles
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for inst, role, entity, _ in role_rows:
        roles[inst][role].append(entity)
    reports = answers.events(store, [row[5] for row in found])
    names = answers.entities(store, sorted({r[2] for r in role_rows}))
    out = {}
    for iri, _, etype, top, outcome, report, day, *_rest in found:
        rec = reports.get(report)
        row = rec.row if rec else {}
        out[iri] = EventFacts(
            instance=iri,
            type=etype,
            top_class=top,
            date=day,
            outcome=outcome,
            risk_level=event_level(etype, outcome),
            report=report,
            roles={k: sorted(v) for k, v in roles[iri].items()},
            labels={e: names[e].label for e in {x for v in roles[iri].values() for x in v} if e in names},
            evidence={
                "sentence": row.get("sentence"),
                "article": {
                    "iri": row.get("article"),
                    "url": row.get("url"),
                    "title": row.get("title"),
                    "published": row.get("published"),
                },
            },
        )
    return out


@dataclass(frozen=True)
class Filter:
    """What a watchlist (or a live subscription) asks for; each field given narrows it."""

    entity: str | None = None  # an IRI, in any role
    jurisdiction: str | None = None  # an IRI, in the jurisdiction role
    event_types: tuple[str, ...] = ()  # event types or top classes
    min_risk: str | None = None  # a level of kg/risk.py's LEVELS

    @classmethod
    def of(cls, wl: Watchlist) -> Filter:
        return cls(wl.entity, wl.jurisdiction, tuple(wl.event_types), wl.min_risk)

    def matches(self, ev: EventFacts) -> bool:
        if self.entity and not any(self.entity in values for values in ev.roles.values()):
            return False
        if self.jurisdiction and self.jurisdiction not in ev.roles.get("jurisdiction", []):
            return False
        if self.event_types and ev.type not in self.event_types and ev.top_class not in self.event_types:
            return False
        return not self.min_risk or risk.LEVELS.index(ev.risk_level) >= risk.LEVELS.index(self.min_risk)
