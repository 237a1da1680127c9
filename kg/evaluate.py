"""Scoring extractions against gold files, by the rules of spec/EXTRACTION.md."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.dates import agrees
from extractors.model import Extraction
from extractors.vocabulary import ROLES, TOP_CLASS_OF


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


@dataclass
class Report:
    strict: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    lenient: Counts = field(default_factory=Counts)
    entity_typed: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    entity_untyped: Counts = field(default_factory=Counts)
    dates_checked: int = 0
    dates_right: int = 0
    articles: int = 0
    misses: list[str] = field(default_factory=list)

    def total(self, table: dict[str, Counts]) -> Counts:
        out = Counts()
        for counts in table.values():
            out.add(counts)
        return out

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_checked if self.dates_checked else 0.0

    def to_json(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, Any]:
            return {
                "precision": round(c.precision, 3),
                "recall": round(c.recall, 3),
                "f1": round(c.f1, 3),
                "extracted": c.extracted,
                "gold": c.gold,
            }

        strict_total = self.total(self.strict)
        typed_total = self.total(self.entity_typed)
        return {
            "articles": self.articles,
            "events": {
                "strict": row(strict_total),
                "lenient": row(self.lenient),
                "by_type": {k: row(v) for k, v in sorted(self.strict.items())},
            },
            "entities": {
                "typed_recall": round(typed_total.recall, 3),
                "untyped_recall": round(self.entity_untyped.recall, 3),
                "by_type": {k: round(v.recall, 3) for k, v in sorted(self.entity_typed.items())},
            },
            "dates": {"accuracy": round(self.date_accuracy, 3), "checked": self.dates_checked},
        }


def _fold(names: list[str]) -> set[str]:
    return {n.casefold().strip() for n in names if n}


def score_article(extraction: Extraction, gold: dict[str, Any], report: Report, name: str = "") -> None:
    report.articles += 1
    names = {e.id: _fold([e.label, *e.aliases]) for e in extraction.entities}
    gold_names: dict[str, set[str]] = {}
    for g in gold.get("entities", []):
        folded = _fold([g["label"], *g.get("aliases", [])])
        gold_names[g["label"].casefold()] = folded
        typed = any(folded & names[e.id] and e.type == g["type"] for e in extraction.entities)
        untyped = any(folded & names[e.id] for e in extraction.entities)
        c = report.entity_typed[g["type"]]
        c.gold += 1
        c.matched_gold += int(typed)
        report.entity_untyped.gold += 1
        report.entity_untyped.matched_gold += int(untyped)
        if not typed:
            report.misses.append(f"{name}: entity {g['label']} ({g['type']})")

    def gold_value_names(value: str) -> set[str]:
        return gold_names.get(value.casefold(), _fold([value]))

    def role_ok(ev_json: dict[str, Any], g: dict[str, Any], role: str) -> bool:
        wanted = set().union(*(gold_value_names(v) for v in g[role]))
        return any(names.get(iri, set()) & wanted for iri in ev_json.get(role, []))

    def strict_match(ev: dict[str, Any], g: dict[str, Any]) -> bool:
        if ev["type"] != g["type"]:
            return False
        if g.get("outcome") and ev.get("outcome") != g["outcome"]:
            return False
        if g.get("amount") and (not ev.get("amount") or ev["amount"]["value"] != g["amount"]["value"]):
            return False
        return all(role_ok(ev, g, r) for r in ROLES if g.get(r))

    def lenient_match(ev: dict[str, Any], g: dict[str, Any]) -> bool:
        if TOP_CLASS_OF.get(ev["type"]) != TOP_CLASS_OF.get(g["type"]):
            return False
        return any(role_ok(ev, g, r) for r in ROLES if g.get(r))

    events = [e.to_json() for e in extraction.events]
    for matcher, strict in ((strict_match, True), (lenient_match, False)):
        used: set[int] = set()
        optional_hits: set[int] = set()
        golds = sorted(gold.get("events", []), key=lambda g: g.get("optional", False))
        for g in golds:
            hit = next((i for i, ev in enumerate(events) if i not in used and matcher(ev, g)), None)
            if g.get("optional"):
                if hit is not None:
                    used.add(hit)
                    optional_hits.add(hit)
                continue
            counts = report.strict[g["type"]] if strict else report.lenient
            counts.gold += 1
            if hit is None:
                if strict:
                    report.misses.append(f"{name}: event {g['type']} {g.get('date', '')}")
                continue
            used.add(hit)
            counts.matched_gold += 1
            if strict and g.get("date"):
                report.dates_checked += 1
                report.dates_right += int(agrees(events[hit].get("date"), g["date"]))
        for i, ev in enumerate(events):
            if i in optional_hits:
                continue
            counts = report.strict[ev["type"]] if strict else report.lenient
            counts.extracted += 1
            if i in used:
                counts.matched_extracted += 1
            elif strict:
                report.misses.append(f"{name}: extra {ev['type']} '{ev['trigger']}'")


def gold_pairs(folder: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for gold in sorted(folder.glob("*.gold.json")):
        text = gold.with_name(gold.name.removesuffix(".gold.json") + ".txt")
        if text.exists():
            pairs.append((text, gold))
    return pairs


def evaluate(folder: Path) -> Report:
    from extractors.extract import extract

    report = Report()
    for text_path, gold_path in gold_pairs(folder):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article = gold.get("article", {})
        extraction = extract(text_path.read_text(encoding="utf-8"), article.get("published"), article.get("title"))
        score_article(extraction, gold, report, text_path.stem)
    return report
