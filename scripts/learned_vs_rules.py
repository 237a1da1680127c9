"""Whether a component trained on the dev split beats the rules it would sit on.

Issue 7 asks, where rules stop generalising, for spaCy components trained on dev and a report of
what each adds on the holdout. This measures the two candidates the dev misses point at, both
as spaCy `textcat_multilabel` with the `TextCatBOW.v3` architecture (a sparse linear model over
the features below, small and fast enough to ship):

- keep/drop: one example per extracted event (its type, trigger lemma and parse, factuality,
  the types of its role fillers, how many mentions it has); drop the events it doubts.
- role ranker: one example per (event, role, candidate entity of an allowed type), with the
  candidate's place (dependency path to the trigger, sentence distance), salience and the roles
  it plays in the article's other events; give a role the ranker's best candidate where it
  outscores the rules' choice by a margin.

Labels come from the gold files by the scorer's own matching (`kg.evaluate._Matcher`). Dev
figures are 5-fold cross-validation by article (each fold trained on the other four); holdout
figures come from one model trained on all of dev, with the settings chosen on dev:

    python scripts/learned_vs_rules.py corpus/dev                     # cross-validation
    python scripts/learned_vs_rules.py corpus/dev corpus/holdout      # and once on a holdout

Measured on 2026-11-27 (66 dev articles, 743 extracted events, main after stop 25's rules), by this
script: neither adds anything. Keep/drop leaves dev F1 at 0.664 up to a threshold of 0.3 and
lowers it beyond (0.661 at 0.5, 0.630 at 0.6: it drops right events with the wrong ones); the
ranker gives 0.651-0.663 against the rules' 0.664. Trained on all of dev with the settings chosen
there (threshold 0.3, margin 0.2), on the holdouts: keep/drop changes nothing (holdout 0.469,
holdout2 0.438), the ranker lowers the holdout to 0.466 and leaves holdout2 at 0.438. Where a
right filler is among the article's entities, the rules already pick it about 90% of the time
on dev and on the holdout (an earlier, throwaway count), and the ranker does no better; the
misses are events the rules type or find wrongly, not choices between candidates. So no trained
component ships; this script is how to check again when the corpus grows.
"""

from __future__ import annotations

import bisect
import copy
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.training import Example

from extractors.events.lexicon import lexicon
from extractors.extract import extract_doc
from extractors.model import Event, Extraction
from extractors.pipeline import article_doc, load_pipeline
from extractors.vocabulary import ROLES
from kg.evaluate import Report, _Matcher, score_article
from kg.gold import gold_pairs, load_gold

RANKED = ("agent", "affected", "instrument", "jurisdiction")
FOLDS = 5
FILTER_THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.5)


@dataclass
class Scored:
    """One article: its parse, its extraction, its gold and which events the scorer matched."""

    name: str
    doc: Doc
    extraction: Extraction
    gold: dict[str, Any]
    matched: set[int]  # indices of extracted events some gold event matched (strict)
    optional: set[int]  # ... an optional gold event: left out of every count


def articles(folder: Path) -> list[Scored]:
    nlp = load_pipeline()
    out = []
    for text_path, gold_path in gold_pairs(folder):
        gold = load_gold(gold_path)
        meta = gold.get("article", {})
        text = text_path.read_text(encoding="utf-8")
        doc = nlp(article_doc(text, meta.get("published")))
        extraction = extract_doc(doc, text, meta.get("published"), meta.get("title"))
        matched, optional = _matches(extraction, gold)
        out.append(Scored(text_path.stem, doc, extraction, gold, set(matched), optional))
    return out


def _matches(extraction: Extraction, gold: dict[str, Any]) -> tuple[dict[int, int], set[int]]:
    """Extracted event -> gold event, greedily as `score_article` matches them."""
    match = _Matcher(extraction, gold)
    events = [e.to_json() for e in extraction.events]
    used: dict[int, int] = {}
    optional: set[int] = set()
    for n, g in sorted(enumerate(gold.get("events", [])), key=lambda p: p[1].get("optional", False)):
        hit = next((i for i, ev in enumerate(events) if i not in used and match.strict(ev, g)), None)
        if hit is not None:
            used[hit] = n
            if g.get("optional"):
                optional.add(hit)
    return used, optional


def _aligned(article: Scored) -> dict[int, dict[str, Any]]:
    """Each extracted event's gold event: the one it matched, else the unmatched gold event of
    its type that shares the most roles with it (the event it meant to be)."""
    match = _Matcher(article.extraction, article.gold)
    events = [e.to_json() for e in article.extraction.events]
    golds = article.gold.get("events", [])
    used, _ = _matches(article.extraction, article.gold)
    out = {i: golds[n] for i, n in used.items()}
    taken = set(used.values())
    for i, ev in enumerate(events):
        if i in out:
            continue
        overlaps = [
            (sum(match.role_ok(ev, g, r) for r in ROLES if g.get(r)), n)
            for n, g in enumerate(golds)
            if n not in taken and g["type"] == ev["type"]
        ]
        best = max(overlaps, default=(0, -1))
        if best[0]:
            out[i] = golds[best[1]]
    return out


# ---- features ----------------------------------------------------------------------------


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    return next((str(e) for e in edges if n <= e), f">{edges[-1]}")


def _trigger(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.start, event.end, alignment_mode="expand")
    return span.root if span is not None else None


def event_features(article: Scored, event: Event) -> list[str]:
    types = {e.id: e.type for e in article.extraction.entities}
    root = _trigger(article.doc, event)
    lemma = root.lemma_.lower() if root is not None else event.trigger.lower()
    out = [
        f"type={event.type}",
        f"fact={event.factuality}",
        f"lemma={lemma}",
        f"tl={event.type}|{lemma}",
        f"mentions={min(len(event.evidence), 3)}",
        f"dated={bool(event.date)}",
    ]
    if root is not None:
        out += [f"pos={root.pos_}", f"dep={root.dep_}", f"head={root.head.lemma_.lower()}"]
    for role, values in event.roles.items():
        out += [f"{event.type}|{role}:{types.get(v, '?')}" for v in values]
    return out


def _path(a: Token, b: Token, limit: int = 4) -> str:
    """The dependency path from a to b through their lowest common ancestor."""
    up = [a]
    while up[-1].head.i != up[-1].i and len(up) < 8:
        up.append(up[-1].head)
    at = {t.i: k for k, t in enumerate(up)}
    down: list[Token] = []
    node = b
    while node.i not in at and node.head.i != node.i and len(down) < 8:
        down.append(node)
        node = node.head
    if node.i not in at:
        return "none"
    steps = [f"^{t.dep_}" for t in up[: at[node.i]]] + [f"v{t.dep_}" for t in reversed(down)]
    return "long" if len(steps) > limit else ("".join(steps) or "self")


class _Article:
    """What the role features read about one article, worked out once."""

    def __init__(self, article: Scored) -> None:
        self.article = article
        self.starts = [s.start_char for s in article.doc.sents]
        self.entities = {e.id: e for e in article.extraction.entities}
        self.plays: Counter[tuple[str, str]] = Counter(
            (role, v) for ev in article.extraction.events for role, vs in ev.roles.items() for v in vs
        )
        by_type: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for e in article.extraction.entities:
            by_type[e.type].append((len(e.mentions), e.id))
        self.most_named = {max(v)[1] for v in by_type.values()}

    def sentence(self, char: int) -> int:
        return bisect.bisect_right(self.starts, char) - 1


def role_features(at: _Article, event: Event, role: str, candidate: str) -> list[str]:
    doc, entity = at.article.doc, at.entities[candidate]
    kind = entity.type
    root = _trigger(doc, event)
    here = at.sentence(event.start)
    raw = [f"kind={kind}", f"type={event.type}"]
    if candidate in event.roles.get(role, []):
        raw.append("chosen")
    if not event.roles.get(role):
        raw.append("rules_empty")
    raw += [f"also={r}" for r, vs in event.roles.items() if r != role and candidate in vs]
    placed = [(at.sentence(m.start), m) for m in entity.mentions]
    same = [m for s, m in placed if s == here]
    earlier = [here - s for s, _ in placed if s < here]
    if same and root is not None:
        spans = [s for m in same if (s := doc.char_span(m.start, m.end, alignment_mode="expand")) is not None]
        nearest: Span | None = min(spans, key=lambda s: abs(s.root.i - root.i), default=None)
        raw.append("same_sentence")
        if nearest is not None:
            raw += [f"path={_path(root, nearest.root)}", f"side={'L' if nearest.root.i < root.i else 'R'}"]
    elif earlier:
        raw.append(f"back={_bucket(min(earlier), (1, 2, 4, 8))}")
    raw.append(f"named={_bucket(len(entity.mentions), (1, 2, 4, 8))}")
    if candidate in at.most_named:
        raw.append("most_named_of_kind")
    for other in RANKED:
        n = at.plays[(other, candidate)] - (candidate in event.roles.get(other, []))
        if n:
            raw.append(f"plays_{other}={_bucket(n, (1, 3))}")
    return [f"{role}|{scope}{x}" for x in raw for scope in ("", f"{kind}|", f"{event.type}|")]


# ---- the model ---------------------------------------------------------------------------


def train(examples: list[tuple[list[str], bool]], epochs: int = 10, seed: int = 0) -> Language:
    nlp = spacy.blank("en")
    model = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": 1,
        "no_output_layer": False,
    }
    nlp.add_pipe("textcat_multilabel", config={"model": model}).add_label("YES")
    data = [Example.from_dict(Doc(nlp.vocab, words=f), {"cats": {"YES": float(y)}}) for f, y in examples]
    optimizer = nlp.initialize(lambda: data)
    shuffle = random.Random(seed).shuffle
    for _ in range(epochs):
        shuffle(data)
        for k in range(0, len(data), 32):
            nlp.update(data[k : k + 32], sgd=optimizer, drop=0.1)
    return nlp


def score(nlp: Language, features: list[str]) -> float:
    return nlp(Doc(nlp.vocab, words=features)).cats["YES"]


def f1(articles: list[Scored]) -> str:
    report = Report(name="x")
    for a in articles:
        score_article(a.extraction, a.gold, report, a.name)
    total = Report.total(report.strict)
    return f"P {total.precision:.3f} R {total.recall:.3f} F1 {total.f1:.3f}"


# ---- the two candidates ------------------------------------------------------------------


def filter_examples(article: Scored) -> list[tuple[int, list[str], bool]]:
    return [
        (i, event_features(article, ev), i in article.matched)
        for i, ev in enumerate(article.extraction.events)
        if i not in article.optional
    ]


def filtered(article: Scored, keep: dict[int, float], threshold: float) -> Scored:
    out = copy.copy(article)
    out.extraction = copy.copy(article.extraction)
    out.extraction.events = [ev for i, ev in enumerate(article.extraction.events) if keep.get(i, 1.0) >= threshold]
    return out


def role_examples(article: Scored) -> list[tuple[int, str, str, list[str], bool | None]]:
    at = _Article(article)
    lex = lexicon()
    gold_of = _aligned(article)
    match = _Matcher(article.extraction, article.gold)
    out = []
    for i, ev in enumerate(article.extraction.events):
        rules = lex.roles[ev.type]
        gold = gold_of.get(i)
        for role in RANKED:
            kinds = ("Jurisdiction",) if role == "jurisdiction" and rules.jurisdiction else rules.types.get(role, ())
            wanted = match._wanted(gold[role]) if gold is not None and gold.get(role) else set()
            for e in article.extraction.entities:
                if e.type in kinds:
                    label = None if gold is None else bool(match.names.get(e.id, set()) & wanted)
                    out.append((i, role, e.id, role_features(at, ev, role, e.id), label))
    return out


def reranked(article: Scored, probs: dict[tuple[int, str, str], float], margin: float) -> Scored:
    out = copy.copy(article)
    out.extraction = copy.deepcopy(article.extraction)
    by_slot: dict[tuple[int, str], list[tuple[str, float]]] = defaultdict(list)
    for (i, role, cid), p in probs.items():
        by_slot[(i, role)].append((cid, p))
    for (i, role), cands in by_slot.items():
        event = out.extraction.events[i]
        best, p_best = max(cands, key=lambda c: c[1])
        chosen = event.roles.get(role) or []
        p_chosen = max((p for cid, p in cands if cid in chosen), default=None)
        if chosen and best not in chosen and p_chosen is not None and p_best - p_chosen > margin:
            event.roles[role] = [best]
    return out


def cross_validated(dev: list[Scored]) -> None:
    names = sorted(a.name for a in dev)
    random.Random(1).shuffle(names)
    folds = [set(names[k::FOLDS]) for k in range(FOLDS)]
    keep: dict[str, dict[int, float]] = {}
    ranks: dict[str, dict[tuple[int, str, str], float]] = {}
    for fold in folds:
        train_on = [a for a in dev if a.name not in fold]
        keeper = train([(f, y) for a in train_on for _, f, y in filter_examples(a)])
        ranker = train([(f, y) for a in train_on for *_, f, y in role_examples(a) if y is not None])
        for a in (a for a in dev if a.name in fold):
            keep[a.name] = {i: score(keeper, f) for i, f, _ in filter_examples(a)}
            ranks[a.name] = {(i, r, c): score(ranker, f) for i, r, c, f, _ in role_examples(a)}
    print(f"dev, rules alone: {f1(dev)}")
    for t in FILTER_THRESHOLDS:
        print(f"dev, keep/drop at {t:.1f}: {f1([filtered(a, keep[a.name], t) for a in dev])}")
    for m in MARGINS:
        print(f"dev, ranker at margin {m:.1f}: {f1([reranked(a, ranks[a.name], m) for a in dev])}")


def on_holdout(dev: list[Scored], holdout: list[Scored], threshold: float = 0.3, margin: float = 0.2) -> None:
    keeper = train([(f, y) for a in dev for _, f, y in filter_examples(a)])
    ranker = train([(f, y) for a in dev for *_, f, y in role_examples(a) if y is not None])
    kept = [filtered(a, {i: score(keeper, f) for i, f, _ in filter_examples(a)}, threshold) for a in holdout]
    ranked = [reranked(a, {(i, r, c): score(ranker, f) for i, r, c, f, _ in role_examples(a)}, margin) for a in holdout]
    print(f"holdout, rules alone: {f1(holdout)}")
    print(f"holdout, keep/drop at {threshold}: {f1(kept)}")
    print(f"holdout, ranker at margin {margin}: {f1(ranked)}")


def main(argv: list[str]) -> None:
    dev = articles(Path(argv[0]))
    cross_validated(dev)
    for folder in argv[1:]:
        print(f"-- {folder}")
        on_holdout(dev, articles(Path(folder)))


if __name__ == "__main__":
    main(sys.argv[1:] or ["corpus/dev"])
