"""Regulatory risk per jurisdiction, from the rules in risk_rules.toml.

The rules are data: each event matches one rule, earns its points scaled by recency, and
leaves a human-readable reason that points at its evidence. Status is the newest event's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

LEVELS = ("LOW", "MEDIUM", "HIGH", "SEVERE")


@dataclass
class ScoredEvent:
    event: str
    type: str
    outcome: str | None
    date: str | None
    names: dict[str, str]  # agent, affected, instrument, amount -> display text


@dataclass
class Reason:
    text: str
    points: float
    event: str


@dataclass
class Assessment:
    score: float
    level: str
    status: str
    reasons: list[Reason] = field(default_factory=list)


@cache
def rules() -> dict[str, Any]:
    text = resources.files("kg").joinpath("risk_rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _rule_for(ev: ScoredEvent) -> dict[str, Any] | None:
    return _rule(ev.type, ev.outcome)


@cache
def _rule(etype: str, outcome: str | None) -> dict[str, Any] | None:
    """The first rule for a type and outcome (a few of each, asked thousands of times a question)."""
    for rule in rules()["rule"]:
        when = rule["when"]
        if when.get("type") == etype and ("outcome" not in when or when["outcome"] == outcome):
            return rule
    return None


@lru_cache(maxsize=65536)
def _day(value: str | None) -> date | None:
    if not value:
        return None
    parts = (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10] if len(value) == 7 else value
    try:
        return date.fromisoformat(parts[:10])
    except ValueError:
        return None


def assess(events: list[ScoredEvent], reference: date | None, worded: bool = True) -> Assessment:
    """Score, level, status and reasons of one jurisdiction's acts. Without `worded`, the
    reasons' texts are left empty (the names they need are not asked for): the same score,
    level, status and reasons in the same order, for ranking many jurisdictions, and for
    wording only the reasons someone reads (`wording`)."""
    score, reasons = 0.0, []
    status, status_day = "monitored", date.min
    # Each event given is one real-world act: the articles that report the same act were
    # joined into one before (kg/instances.py), so nothing is merged here.
    for ev in sorted(events, key=lambda e: (_day(e.date) or date.min, e.event)):
        rule = _rule_for(ev)
        if rule is None:
            continue
        day = _day(ev.date)
        points = _points(rule, day, reference)
        score += points
        text = _worded(rule, ev.date, ev.names) if worded else ""
        reasons.append(Reason(text=text, points=round(points, 1), event=ev.event))
        if day is None or day >= status_day:
            status, status_day = rule["status"], day or status_day
    score = max(score, 0.0)
    level_ = level(score)
    reasons.sort(key=lambda r: -abs(r.points))
    return Assessment(score=round(score, 1), level=level_, status=status, reasons=reasons)


def level(score: float) -> str:
    """The band a score reaches (the rules' `levels`)."""
    return next(lv for lv in reversed(LEVELS) if score >= rules()["levels"][lv])


def _points(rule: dict[str, Any], day: date | None, reference: date | None) -> float:
    """A rule's points for an act of this day, decayed to the reference day."""
    recency = rules()["recency"]
    if day is None or reference is None:
        return rule["points"] * recency["undated_factor"]
    return rule["points"] * 0.5 ** (max((reference - day).days, 0) / recency["half_life_days"])


def score(acts: list[tuple[str, str, str | None, str | None]], reference: date | None) -> float:
    """What `assess` scores these acts (each its IRI, type, outcome and date), and nothing else:
    the same sum in the same order, so the same number, for ranking many jurisdictions of
    which a page is shown."""
    total = 0.0
    for _iri, etype, outcome, day_text in sorted(acts, key=lambda a: (_day(a[3]) or date.min, a[0])):
        rule = _rule(etype, outcome)
        if rule is not None:
            total += _points(rule, _day(day_text), reference)
    return round(max(total, 0.0), 1)


def _worded(rule: dict[str, Any], day: str | None, names: dict[str, str]) -> str:
    return rule["reason"].format_map(_Blank(names | {"date": day or "undated"}))


def wording(etype: str, outcome: str | None, day: str | None, names: dict[str, str]) -> str:
    """A reason's text, as `assess` words it, for one act of this type, outcome and date."""
    rule = _rule(etype, outcome)
    return _worded(rule, day, names) if rule else ""


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "an unnamed party" if key in ("agent",) else "it" if key == "affected" else ""
