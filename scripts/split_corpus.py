"""Split written articles into corpus/dev and corpus/holdout, once, by a hash of their names.

Each writer's batch (a folder of corpus/incoming/) is split on its own, half and half, so both
halves cover the same regions and styles; the order comes from SHA-1 of the article name, so
nobody chooses which article is held out. Run once per batch; an article already placed is
never moved.

    python scripts/split_corpus.py corpus/incoming/uko
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def split(batch: Path) -> tuple[list[str], list[str]]:
    names = sorted(p.name.removesuffix(".gold.json") for p in batch.glob("*.gold.json"))
    names.sort(key=lambda n: hashlib.sha1(n.encode()).hexdigest())
    dev, holdout = names[0::2], names[1::2]
    for part, chosen in (("dev", dev), ("holdout", holdout)):
        for name in chosen:
            for suffix in (".txt", ".gold.json"):
                target = CORPUS / part / (name + suffix)
                if target.exists():
                    raise SystemExit(f"{target} exists: articles are placed once")
                shutil.move(str(batch / (name + suffix)), target)
    return dev, holdout


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        dev, holdout = split(Path(folder))
        print(f"{folder}: {len(dev)} dev, {len(holdout)} holdout")
