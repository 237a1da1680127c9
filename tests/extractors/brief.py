"""Events as short, readable tuples, so a test can pin exactly what a sentence yields."""

from __future__ import annotations

from extractors.extract import extract
from extractors.model import Event, Extraction

ROLES = ("agent", "affected", "jurisdiction", "instrument", "origin", "destination", "counterpart")


def named(ex: Extraction, event: Event) -> dict[str, object]:
    """An event as {type, role: sorted labels, date, outcome, factuality}, empty parts left out."""
    labels = {e.id: e.label for e in ex.entities}
    out: dict[str, object] = {"type": event.type}
    for role in ROLES:
        values = event.roles.get(role)
        if values:
            out[role] = sorted(labels.get(v, v) for v in values)
    for key in ("date", "outcome"):
        if getattr(event, key, None):
            out[key] = getattr(event, key)
    if event.factuality != "asserted":
        out["factuality"] = event.factuality
    return out


def events(text: str, published: str | None = None, *, unasserted: bool = False) -> list[dict[str, object]]:
    ex = extract(text, published)
    return [named(ex, e) for e in (ex.unasserted if unasserted else ex.events)]
