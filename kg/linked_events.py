"""What the links between real-world events (kg/links.py) say of some events: what each one
ends, decides, challenges and enforces, what does those to it, and from when until when it
was in force. The GraphQL event fields (kg/service/event_links.py) read this.

"As of" a day, a linked event first reported after it is left out, as the questions leave
it out; so is the end of an interval that only such an event tells.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.answers import EventRecord, instance_records
from kg.queries import catalogue
from kg.store import Store

# the property of kg/links.py and its inverse: an Event field each
LINK_FIELDS = {
    "ends": "endedBy",
    "decides": "decidedBy",
    "challenges": "challengedBy",
    "enforces": "enforcedBy",
}


@dataclass
class Linked:
    """One real-world event's links: linked events by field name (`ends`, `endedBy`, ...), each
    list oldest first, and its in-force interval if it is a ban, law, regulation or order."""

    events: dict[str, list[EventRecord]] = field(default_factory=dict)
    in_force_from: str | None = None
    in_force_until: str | None = None


def linked(store: Store, instances: list[str], as_of: str | None = None) -> dict[str, Linked]:
    """The links of these real-world events (instance IRIs): two queries, whatever their number."""
    if not instances:
        return {}
    params = {"instances_list": list(dict.fromkeys(instances))}
    rows = [
        r
        for r in catalogue()["event_links"].run(store, params)
        if as_of is None or (r["firstReported"] is not None and r["firstReported"] <= as_of)
    ]
    records = {rec.instance: rec for rec in instance_records(store, [_as_instance_row(r) for r in rows])}
    out: dict[str, Linked] = defaultdict(Linked)
    for r in rows:
        rec = records.get(r["other"])
        if rec is not None:
            out[r["instance"] or ""].events.setdefault(r["link"] or "", []).append(rec)
    for r in catalogue()["in_force_intervals"].run(store, params):
        found = out[r["instance"] or ""]
        found.in_force_from = r["from"]
        # the end is the day of what ended it: unknown as of a day before that was reported
        found.in_force_until = r["until"] if as_of is None or found.events.get("endedBy") else None
    return dict(out)


def _as_instance_row(row: dict[str, str | None]) -> dict[str, str | None]:
    """A link row as the questions' rows are: the linked event's instance, report and date."""
    return {"instance": row["other"], "event": row["event"], "date": row["date"]}
