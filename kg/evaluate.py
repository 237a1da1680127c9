"""Scoring extractions against gold files, by the rules of spec/EXTRACTION.md.

Besides the totals, every gold event gets an outcome (matched, its date right or wrong, or
missed), keyed by article and position, so that two runs can be compared event by event:
`kg eval --save run.json` then `kg eval --diff run.json` lists what a change gained and lost.
Gold `unasserted_events` (hedged, planned, required ...) measure factuality: one of them
extracted as a fact is a false fact.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.dates import agrees
from extractors.model import Extraction
from extractors.vocabulary import ROLES, TOP_CLASS_OF
from kg.gold import gold_pairs, load_gold


@dataclass
class Counts:
    extracted: int = 0
    gold: int = 0
    matched_extracted: int = 0
    matched_gold: int = 0

    def add(self, other: Counts) -> None:
        for key in vars(self):
            setattr(self, key, getattr(self, key) + getattr(other, key))

    @property
    def precision(self) -> float:
        return self.matched_extracted / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "extracted": self.extracted,
            "gold": self.gold,
        }


@dataclass
class Report:
    name: str = ""
    strict: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    lenient: Counts = field(default_factory=Counts)
    entity_typed: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    entity_untyped: Counts = field(default_factory=Counts)
    dates_checked: int = 0
    dates_right: int = 0
    unasserted_gold: int = 0
    false_facts: int = 0
    articles: int = 0
    misses: list[str] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)  # "article#n Type" -> matched | date-wrong | missed
    extras: list[str] = field(default_factory=list)  # "article: Type 'trigger'": extracted, matching no gold

    @staticmethod
    def total(table: dict[str, Counts]) -> Counts:
        out = Counts()
        for counts in table.values():
            out.add(counts)
        return out

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_checked if self.dates_checked else 0.0

    def to_json(self) -> dict[str, Any]:
        typed_total = self.total(self.entity_typed)
        return {
            "name": self.name,
            "articles": self.articles,
            "events": {
                "strict": self.total(self.strict).row(),
                "lenient": self.lenient.row(),
                "by_type": {k: v.row() for k, v in sorted(self.strict.items())},
            },
            "entities": {
                "typed_recall": round(typed_total.recall, 3),
                "untyped_recall": round(self.entity_untyped.recall, 3),
                "by_type": {k: round(v.recall, 3) for k, v in sorted(self.entity_typed.items())},
            },
            "dates": {"accuracy": round(self.date_accuracy, 3), "checked": self.dates_checked},
            "factuality": {"unasserted_gold": self.unasserted_gold, "false_facts": self.false_facts},
            "outcomes": self.outcomes,
            "extras": sorted(self.extras),
        }


def _fold(names: list[str]) -> set[str]:
    return {n.casefold().strip() for n in names if n}


class _Matcher:
    """The spec's matching rules for one article: names by label or alias, case-folded."""

    def __init__(self, extraction: Extraction, gold: dict[str, Any]) -> None:
        self.names = {e.id: _fold([e.label, *e.aliases]) for e in extraction.entities}
        self.gold_names = {
            g["label"].casefold(): _fold([g["label"], *g.get("aliases", [])]) for g in gold.get("entities", [])
        }

    def _wanted(self, values: list[str]) -> set[str]:
        return set().union(*(self.gold_names.get(v.casefold(), _fold([v])) for v in values))

    def role_ok(self, ev: dict[str, Any], g: dict[str, Any], role: str) -> bool:
        wanted = self._wanted(g[role])
        return any(self.names.get(iri, set()) & wanted for iri in ev.get(role, []))

    def strict(self, ev: dict[str, Any], g: dict[str, Any]) -> bool:
        if ev["type"] != g["type"]:
            return False
        if g.get("outcome") and ev.get("outcome") != g["outcome"]:
            return False
        if g.get("amount") and (not ev.get("amount") or ev["amount"]["value"] != g["amount"]["value"]):
            return False
        return all(self.role_ok(ev, g, r) for r in ROLES if g.get(r))

    def lenient(self, ev: dict[str, Any], g: dict[str, Any]) -> bool:
        if TOP_CLASS_OF.get(ev["type"]) != TOP_CLASS_OF.get(g["type"]):
            return False
        return any(self.role_ok(ev, g, r) for r in ROLES if g.get(r))


def score_article(extraction: Extraction, gold: dict[str, Any], report: Report, name: str = "") -> None:
    report.articles += 1
    match = _Matcher(extraction, gold)
    for g in gold.get("entities", []):
        folded = _fold([g["label"], *g.get("aliases", [])])
        typed = any(folded & match.names[e.id] and e.type == g["type"] for e in extraction.entities)
        untyped = any(folded & match.names[e.id] for e in extraction.entities)
        c = report.entity_typed[g["type"]]
        c.gold += 1
        c.matched_gold += int(typed)
        report.entity_untyped.gold += 1
        report.entity_untyped.matched_gold += int(untyped)
        if not typed:
            report.misses.append(f"{name}: entity {g['label']} ({g['type']})")

    events = [e.to_json() for e in extraction.events]
    gold_events = list(enumerate(gold.get("events", [])))
    told: set[int] = set()  # extracted events that some asserted gold event accounts for
    for matcher, strict in ((match.strict, True), (match.lenient, False)):
        used: set[int] = set()
        optional_hits: set[int] = set()
        for n, g in sorted(gold_events, key=lambda pair: pair[1].get("optional", False)):
            hit = next((i for i, ev in enumerate(events) if i not in used and matcher(ev, g)), None)
            if g.get("optional"):
                if hit is not None:
                    used.add(hit)
                    optional_hits.add(hit)
                continue
            counts = report.strict[g["type"]] if strict else report.lenient
            counts.gold += 1
            key = f"{name}#{n} {g['type']}"
            if hit is None:
                if strict:
                    report.misses.append(f"{name}: event {g['type']} {g.get('date', '')}")
                    report.outcomes[key] = "missed"
                continue
            used.add(hit)
            counts.matched_gold += 1
            if strict:
                right = True
                if g.get("date"):
                    report.dates_checked += 1
                    right = agrees(events[hit].get("date"), g["date"])
                    report.dates_right += int(right)
                report.outcomes[key] = "matched" if right else "date-wrong"
        for i, ev in enumerate(events):
            if i in optional_hits:
                continue
            counts = report.strict[ev["type"]] if strict else report.lenient
            counts.extracted += 1
            if i in used:
                counts.matched_extracted += 1
            elif strict:
                report.misses.append(f"{name}: extra {ev['type']} '{ev['trigger']}'")
                report.extras.append(f"{name}: {ev['type']} '{ev['trigger']}'")
        if strict:
            told = used
    for g in gold.get("unasserted_events", []):
        report.unasserted_gold += 1
        if any(match.strict(ev, g) for i, ev in enumerate(events) if i not in told):
            report.false_facts += 1  # told as done though the text only hedges, plans, requires ...


def evaluate(folder: Path) -> Report:
    from extractors.extract import extract

    report = Report(name="/".join(folder.resolve().parts[-2:]))
    for text_path, gold_path in gold_pairs(folder):
        gold = load_gold(gold_path)
        article = gold.get("article", {})
        extraction = extract(text_path.read_text(encoding="utf-8"), article.get("published"), article.get("title"))
        score_article(extraction, gold, report, text_path.stem)
    return report


def diff(before: dict[str, str], after: dict[str, str]) -> tuple[list[str], list[str]]:
    """Gold events a change gained (missed before, matched now) and lost."""
    gained = sorted(k for k, v in after.items() if v != "missed" and before.get(k, "missed") == "missed")
    lost = sorted(k for k, v in after.items() if v == "missed" and before.get(k) not in (None, "missed"))
    return gained, lost


def diff_extras(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """Extracted events no gold event matches that a change added and took away, counted as
    multisets (an article may have two extra bans told by the same word): precision's side of
    `diff`, which a change that gains no gold event can still move."""
    was, now = Counter(before), Counter(after)
    return sorted((now - was).elements()), sorted((was - now).elements())


def load_outcomes(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    reports = data if isinstance(data, list) else [data]
    return {f"{r['name']}/{k}": v for r in reports for k, v in r.get("outcomes", {}).items()}


def load_extras(path: Path) -> list[str] | None:
    """The extra events a --save file recorded, each under its folder's name; None for a file
    written before extras were saved."""
    data = json.loads(path.read_text(encoding="utf-8"))
    reports = data if isinstance(data, list) else [data]
    if any("extras" not in r for r in reports):
        return None
    return [f"{r['name']}/{x}" for r in reports for x in r["extras"]]
