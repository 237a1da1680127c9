"""Gold files: loading them, and checking them against corpus/ANNOTATION.md before they score anything.

A gold file that names a role value missing from its entities, or a type the spec does not
know, would silently lower (or raise) every score computed from it; `kg corpus check` finds
such mistakes before they reach a measurement.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.vocabulary import ENTITY_TYPES, EVENT_TYPES, OUTCOMES_BY_TYPE, POLICY_KINDS, ROLES, UNASSERTED

FACTUALITY = UNASSERTED  # a gold file lists only what is not asserted
STYLES = (
    "wire",
    "explainer",
    "analysis",
    "liveblog",
    "court-summary",
    "press-release",
    "opinion",
    "standfirst",
    "translated",
)
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class GoldCheck:
    problems: list[str] = field(default_factory=list)
    articles: int = 0
    words: int = 0
    event_types: Counter[str] = field(default_factory=Counter)
    jurisdictions: set[str] = field(default_factory=set)
    styles: Counter[str] = field(default_factory=Counter)
    optional: int = 0
    unasserted: Counter[str] = field(default_factory=Counter)


def gold_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """Every NAME.txt with its NAME.gold.json in a folder, in name order."""
    pairs = []
    for gold in sorted(folder.glob("*.gold.json")):
        text = gold.with_name(gold.name.removesuffix(".gold.json") + ".txt")
        if text.exists():
            pairs.append((text, gold))
    return pairs


def _check_event(ev: dict[str, Any], names: set[str], where: str, problems: list[str], *, unasserted: bool) -> None:
    etype = ev.get("type")
    if etype not in EVENT_TYPES:
        problems.append(f"{where}: unknown event type {etype!r}")
        return
    known = {"type", "date", "optional", "outcome", "amount", "policy", "metrics", "factuality", "note", *ROLES}
    for key in ev:
        if key not in known:
            problems.append(f"{where}: unknown key {key!r}")
    for role in ROLES:
        if role not in ev:
            continue
        values = ev[role]
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            problems.append(f"{where}: {role} must be a non-empty list of labels")
            continue
        for value in values:
            if value.casefold() not in names:
                problems.append(f"{where}: {role} value {value!r} is not an entity label or alias")
    if "date" in ev and not (isinstance(ev["date"], str) and ISO_DATE.match(ev["date"])):
        problems.append(f"{where}: date {ev['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if "outcome" in ev and ev["outcome"] not in OUTCOMES_BY_TYPE.get(etype, ()):
        problems.append(f"{where}: outcome {ev['outcome']!r} does not apply to {etype}")
    if etype in OUTCOMES_BY_TYPE and "outcome" not in ev and not unasserted:
        problems.append(f"{where}: {etype} needs an outcome")
    if "policy" in ev and ev["policy"] not in POLICY_KINDS:
        problems.append(f"{where}: policy {ev['policy']!r} is not one of {', '.join(POLICY_KINDS)}")
    if "amount" in ev:
        amount = ev["amount"]
        if not (isinstance(amount, dict) and isinstance(amount.get("value"), int | float) and amount.get("currency")):
            problems.append(f"{where}: amount needs a numeric value and a currency")
    if unasserted:
        if ev.get("factuality") not in FACTUALITY:
            problems.append(f"{where}: factuality must be one of {', '.join(FACTUALITY)}")
    elif not isinstance(ev.get("optional"), bool):
        problems.append(f"{where}: optional must be true or false")


def check_article(text_path: Path, gold_path: Path, report: GoldCheck) -> None:
    name = text_path.stem
    problems = report.problems
    try:
        text = text_path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(f"{name}: text is not UTF-8")
        return
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problems.append(f"{name}: gold is not JSON ({exc})")
        return
    report.articles += 1
    report.words += len(text.split())
    article = gold.get("article", {})
    if not ISO_DATE.match(str(article.get("published", ""))) or len(str(article.get("published"))) != 10:
        problems.append(f"{name}: article.published must be YYYY-MM-DD")
    if article.get("style") not in STYLES:
        problems.append(f"{name}: article.style must be one of {', '.join(STYLES)}")
    report.styles[article.get("style", "?")] += 1
    folded_text = text.casefold()
    names: set[str] = set()
    labels: set[str] = set()
    for n, ent in enumerate(gold.get("entities", [])):
        where = f"{name}: entity {n} {ent.get('label')!r}"
        if ent.get("type") not in ENTITY_TYPES:
            problems.append(f"{where}: unknown type {ent.get('type')!r}")
        label = ent.get("label")
        if not isinstance(label, str) or not label:
            problems.append(f"{where}: needs a label")
            continue
        if label.casefold() in labels:
            problems.append(f"{where}: label listed twice")
        labels.add(label.casefold())
        aliases = ent.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(f"{where}: aliases must be a list of strings")
            aliases = []
        forms = [label, *aliases]
        clash = [f for f in forms if f.casefold() in names]
        if clash:
            problems.append(f"{where}: name(s) {clash} already used by another entity")
        names.update(f.casefold() for f in forms)
        if not any(f.casefold() in folded_text for f in forms):
            problems.append(f"{where}: neither the label nor an alias occurs in the text")
        if ent.get("type") == "Jurisdiction":
            report.jurisdictions.add(label)
    for n, ev in enumerate(gold.get("events", [])):
        _check_event(ev, names, f"{name}: event {n} {ev.get('type')}", problems, unasserted=False)
        if ev.get("optional"):
            report.optional += 1
        else:
            report.event_types[ev.get("type", "?")] += 1
    for n, ev in enumerate(gold.get("unasserted_events", [])):
        _check_event(ev, names, f"{name}: unasserted {n} {ev.get('type')}", problems, unasserted=True)
        report.unasserted[ev.get("factuality", "?")] += 1


def check_folder(folder: Path) -> GoldCheck:
    report = GoldCheck()
    texts = {p.stem for p in folder.glob("*.txt")}
    golds = {p.name.removesuffix(".gold.json") for p in folder.glob("*.gold.json")}
    for missing in sorted(texts - golds):
        report.problems.append(f"{missing}: text without a gold file")
    for missing in sorted(golds - texts):
        report.problems.append(f"{missing}: gold file without a text")
    for text_path, gold_path in gold_pairs(folder):
        check_article(text_path, gold_path, report)
    return report


def load_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    import sys

    folders = [Path(a) for a in (argv if argv is not None else sys.argv[1:])]
    status = 0
    for folder in folders:
        report = check_folder(folder)
        print(
            f"{folder}: {report.articles} articles, {report.words} words, "
            f"{sum(report.event_types.values())} required events, {report.optional} optional, "
            f"{sum(report.unasserted.values())} unasserted, {len(report.jurisdictions)} jurisdictions"
        )
        print("  types:", dict(sorted(report.event_types.items())))
        print("  styles:", dict(sorted(report.styles.items())))
        for problem in report.problems:
            print("  PROBLEM", problem)
        status = status or int(bool(report.problems))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
