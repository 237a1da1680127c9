"""Where benchmarks keep generated dumps and stores between runs (regenerated when missing)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def workdir() -> Path:
    path = Path(os.environ.get("KG_BENCH_DIR") or Path(tempfile.gettempdir()) / "regrisk-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def dump(quads: int) -> Path:
    """An N-Quads dump of about `quads` quads from benchmarks.graphgen, made once and reused."""
    from benchmarks.graphgen import write

    path = workdir() / f"kg_v3_{quads}.nq"  # v2: with event instances; v3: and the links between them
    if not path.exists():
        partial = path.with_suffix(".partial")
        lines = write(partial, quads)
        partial.rename(path)
        print(f"generated {path} ({lines:,} quads)", flush=True)
    return path
