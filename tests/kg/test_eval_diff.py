"""`kg eval --save` then `--diff`: which gold events a change gained and lost, and which
extracted events matching no gold event it added or took away (precision's side). A real
article and the real extractor; the "change" here is to the gold file, which moves an event
between matched and extra exactly as a change to the extractor would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from extractors.extract import extract
from kg.cli.edge import app
from kg.evaluate import diff_extras, evaluate, load_extras
from tests.extractors.brief import ROLES

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "examples" / "ireland-dpc-tiktok-fine.txt"
PUBLISHED = "2023-09-16"


def _gold(drop: int | None = None) -> dict:
    """The extractor's own events as gold (so every one matches), less the one at `drop`."""
    ex = extract(ARTICLE.read_text(encoding="utf-8"), PUBLISHED)
    labels = {e.id: e.label for e in ex.entities}
    events = [
        {"type": e.type, **{r: [labels[v] for v in e.roles[r]] for r in ROLES if e.roles.get(r)}}
        for n, e in enumerate(ex.events)
        if n != drop
    ]
    entities = [{"label": e.label, "type": e.type} for e in ex.entities]
    return {"article": {"published": PUBLISHED}, "entities": entities, "events": events}


def test_a_diff_lists_the_extra_events_a_change_added_and_took_away(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / "dpc.txt")
    gold = folder / "dpc.gold.json"
    whole = _gold()
    gold.write_text(json.dumps(whole), encoding="utf-8")
    before = evaluate(folder)
    assert (before.extras, set(before.outcomes.values())) == ([], {"matched"})
    saved = tmp_path / "before.json"
    saved.write_text(json.dumps([before.to_json()]), encoding="utf-8")

    dropped = whole["events"][0]
    gold.write_text(json.dumps(_gold(drop=0)), encoding="utf-8")
    after = evaluate(folder)
    trigger = extract(ARTICLE.read_text(encoding="utf-8"), PUBLISHED).events[0].trigger
    assert after.extras == [f"dpc: {dropped['type']} '{trigger}'"]
    name = after.name
    assert diff_extras(load_extras(saved), [f"{name}/{x}" for x in after.extras]) == (
        [f"{name}/dpc: {dropped['type']} '{trigger}'"],
        [],
    )

    result = CliRunner().invoke(app, ["eval", str(folder), "--diff", str(saved)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "extra events (matching no gold event): 1 new, 0 gone",
        f"  + extra {name}/dpc: {dropped['type']} '{trigger}'",
    ]


def test_extras_are_compared_as_counts_and_an_older_file_has_none(tmp_path: Path) -> None:
    """Two extra bans told by one word in one article are two; a file from before extras were
    saved records none (and --diff says so rather than calling every extra new)."""
    assert diff_extras(["a: Ban 'x'", "a: Ban 'x'"], ["a: Ban 'x'", "b: Fine 'y'"]) == (["b: Fine 'y'"], ["a: Ban 'x'"])
    old = tmp_path / "old.json"
    old.write_text(json.dumps([{"name": "corpus/dev", "outcomes": {"a#0 Ban": "matched"}}]), encoding="utf-8")
    assert load_extras(old) is None
