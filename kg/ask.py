"""How `kg ask` shows an answer of kg/answers.py: JSON with the same names as the GraphQL
fields, or tables that fit a terminal (the sentence is the evidence a reader checks)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.table import Table

from kg import answers
from kg.answers import EventRecord, PolicyImpactAnswer
from kg.exposure_answers import ExposureAnswer
from kg.store import Store


def _reports(store: Store, events: list[EventRecord], day: date | None) -> dict[str, int]:
    found = answers.reports(store, [e.instance for e in events if e.instance], day.isoformat() if day else None)
    return {i: len({r.article for r in rs}) for i, rs in found.items()}


def _event(e: EventRecord, reports: dict[str, int]) -> dict[str, Any]:
    return {
        "instance": e.instance,
        "type": e.row["type"],
        "date": e.date,
        "outcome": e.row["outcome"],
        "reports": reports.get(e.instance or "", 0),
        "sentence": e.row["sentence"],
        "article": e.row["article"],
    }


def _all_events(found: object) -> list[EventRecord]:
    if isinstance(found, list) and found and isinstance(found[0], ExposureAnswer):
        return [e for place in found for e in place.events]
    if isinstance(found, PolicyImpactAnswer):
        return [*found.actions, *found.responses, *found.consequences]
    return list(found) if isinstance(found, list) else []


def render_json(store: Store, found: object, day: date | None) -> Any:
    reports = _reports(store, _all_events(found), day)
    if found is None:
        return None
    if isinstance(found, PolicyImpactAnswer):
        return {
            "instrument": found.instrument.label,
            **{
                part: [_event(e, reports) for e in getattr(found, part)]
                for part in ("actions", "responses", "consequences")
            },
        }
    if found and isinstance(found[0], ExposureAnswer):
        return [
            {
                "jurisdiction": place.jurisdiction.label,
                "riskLevel": place.level,
                "score": place.score,
                "status": place.status,
                "reasons": [{"text": r.text, "points": r.points, **_event(r.event, reports)} for r in place.reasons],
            }
            for place in found
        ]
    return [_event(e, reports) for e in found]


def render_table(store: Store, found: object, day: date | None) -> list[Table]:
    data = render_json(store, found, day)
    if data is None:
        return [Table("(nothing known by that name)")]
    if isinstance(data, dict):
        return [_events_table(part, data[part]) for part in ("actions", "responses", "consequences")]
    if data and "riskLevel" in data[0]:
        table = Table("jurisdiction", "level", "score", "status", "reasons", title="exposure")
        for place in data:
            reasons = "\n".join(f"{r['points']:+g} {r['text']} [{r['reports']} report(s)]" for r in place["reasons"])
            table.add_row(place["jurisdiction"], place["riskLevel"], f"{place['score']:g}", place["status"], reasons)
        return [table]
    return [_events_table("events", data)]


def _events_table(title: str, events: list[dict[str, Any]]) -> Table:
    table = Table("date", "type", "reports", "sentence", title=title)
    for e in events:
        table.add_row(e["date"] or "", e["type"], str(e["reports"]), e["sentence"])
    return table
