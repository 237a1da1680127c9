"""Scores a corpus with the gazetteer cut down to places, platforms and companies.

An unseen story names regulators, courts, ministries, laws and people the gazetteer may not
know. Scoring dev with those entries removed shows how much of the extractor's score rests on
the gazetteer rather than on recognising and typing names from the text, which is what a new
story has to rely on:

    python scripts/eval_without_gazetteer.py corpus/dev corpus/holdout
"""

from __future__ import annotations

import sys
from pathlib import Path

import extractors.gazetteer as gazetteer

KEPT = {"Jurisdiction", "Platform", "Company"}
_all_entries = gazetteer._entries
gazetteer._entries = lambda: [e for e in _all_entries() if e.type in KEPT]

from extractors.extract import extract  # noqa: E402  (after the gazetteer is cut down)
from kg.evaluate import Report, score_article  # noqa: E402
from kg.gold import gold_pairs, load_gold  # noqa: E402


def main(folders: list[str]) -> None:
    for folder in folders:
        report = Report()
        for text_path, gold_path in gold_pairs(Path(folder)):
            gold = load_gold(gold_path)
            article = gold.get("article", {})
            extraction = extract(text_path.read_text(), article.get("published"), article.get("title"))
            score_article(extraction, gold, report, text_path.stem)
        summary = report.to_json()
        strict = summary["events"]["strict"]
        print(
            f"{folder}: strict F1 {strict['f1']:.3f} (P {strict['precision']:.3f} / R {strict['recall']:.3f}), "
            f"typed entity recall {summary['entities']['typed_recall']:.3f}, with places, platforms and companies only"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["corpus/dev"])
