"""A sample of the mutation run (scripts/mutation.sh --sample: risk scoring, write
authorisation, article identity, update refusal), so that CI fails when the suite stops
killing mutants there. The whole run and its survivors: tests/mutation/RESULTS.md."""

from __future__ import annotations

import subprocess

from tests.conftest import ROOT

LINE = 0.85  # killed over tested mutants, in every sampled module


def test_the_sampled_modules_keep_their_mutation_score() -> None:
    run = subprocess.run(
        ["bash", str(ROOT / "scripts" / "mutation.sh"), "--sample"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    rows = [line.split("|") for line in run.stdout.splitlines() if line.startswith("| `")]
    scores = {cells[1].strip(" `"): int(cells[7].strip(" %*")) / 100 for cells in rows}
    assert set(scores) == {"extractors.identity", "kg.risk", "kg.service.auth", "kg.service.updates"}, run.stdout
    assert {m: s for m, s in scores.items() if s < LINE} == {}, run.stdout
