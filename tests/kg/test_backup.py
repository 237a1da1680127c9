"""Backups that verify: `kg backup` beside a real server that writes, `kg verify` on what it
made and on a store changed behind the service's back, and `kg import` killed mid-load."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from tests.conftest import EXAMPLES, KG, ROOT, run_kg
from tests.service.conftest import TOKEN, serving

GRAPH = "https://w3id.org/regrisk/id/graph/"
RR = "https://w3id.org/regrisk/ontology#"


def stats_of(store: Path) -> dict[str, int]:
    result = run_kg("stats", "--store", str(store), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_backup_taken_while_the_server_ingests_restores_to_a_store_that_verifies(
    store_copy: Path, tmp_path: Path
) -> None:
    """The server writes an article every few tens of milliseconds while `kg backup` reads the
    store from another process; the copy, moved into place as a restore would, passes every
    check of `kg verify` and holds every article acknowledged before the backup began."""
    samples = [p.read_text() for p in sorted(EXAMPLES.glob("*.txt"))]
    acknowledged: list[tuple[float, str]] = []
    stop = threading.Event()

    def write(url: str) -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as client:
            i = 0
            while not stop.is_set():
                text = f"{samples[i % len(samples)]}\n\nBackup update number {i}."
                resp = client.post(f"{url}/articles", json={"text": text, "published": "2025-02-01"})
                assert resp.status_code == 200, resp.text
                acknowledged.append((time.monotonic(), resp.json()["results"][0]["id"]))
                i += 1

    with serving(store_copy, {"KG_API_TOKENS": f'["{TOKEN}"]'}, tmp_path) as url:
        writer = threading.Thread(target=write, args=(url,))
        writer.start()
        try:
            while len(acknowledged) < 5:
                time.sleep(0.05)
            began = time.monotonic()
            made = run_kg("backup", str(tmp_path / "backup"), "--store", str(store_copy))
            done = len(acknowledged)
            while len(acknowledged) < done + 2 and time.monotonic() < began + 60:
                time.sleep(0.05)  # writes go on after the backup, which must not see them
        finally:
            stop.set()
            writer.join(60)
    assert made.returncode == 0, made.stderr
    assert made.stderr.startswith(f"backed up {store_copy} to {tmp_path / 'backup'} in ")
    restored = tmp_path / "restored" / "kg"
    restored.parent.mkdir()
    (tmp_path / "backup").rename(restored)
    checked = run_kg("verify", "--store", str(restored))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith(f"verified {restored}: ")
    copy = ox.Store.read_only(str(restored))
    ids = {
        s["id"].value
        for s in copy.query("SELECT ?id WHERE { GRAPH ?g { ?a <https://w3id.org/regrisk/ontology#articleId> ?id } }")
    }
    del copy
    before = {article for at, article in acknowledged if at < began}
    assert len(before) >= 5 and before <= ids
    assert 12 + len(before) <= stats_of(restored)["articles"] < 12 + len(acknowledged)
    assert not list(tmp_path.glob(".backup.backup-*"))  # nothing left beside it


def test_verify_names_the_article_graph_changed_behind_the_services_back(store_copy: Path) -> None:
    store = ox.Store(str(store_copy))
    row = next(
        iter(store.query("SELECT ?g ?a ?t WHERE { GRAPH ?g { ?a <http://purl.org/dc/terms/title> ?t } } ORDER BY ?g"))
    )
    graph, article, title = row["g"], row["a"], row["t"]
    store.update(
        f"DELETE DATA {{ GRAPH {graph} {{ {article} <http://purl.org/dc/terms/title> {title} }} }} ; "
        f'INSERT DATA {{ GRAPH {graph} {{ {article} <http://purl.org/dc/terms/title> "A title edited by hand" }} }}'
    )
    stamp = (
        f"SELECT ?h WHERE {{ GRAPH <{GRAPH}meta> {{ {graph} <https://w3id.org/regrisk/ontology#contentHash> ?h }} }}"
    )
    digest = next(iter(store.query(stamp)))["h"].value
    store.flush()
    del store
    result = run_kg("verify", "--store", str(store_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        f"article graph {graph} no longer holds what its content hash says (stored {digest[:12]}, now "
    )
    # the read model keeps each article's title for the articles' pages: its row is stale now too
    assert lines[1] == f"the read model's article row of {graph.value} differs from the graph"
    assert result.stderr.strip() == f"2 problem(s) in {store_copy}"


def test_verify_names_an_event_instance_that_differs_from_a_rebuild(store_copy: Path) -> None:
    """The read-model check of `kg validate` is part of `kg verify`: one report, one exit."""
    store = ox.Store(str(store_copy))
    typed = f"GRAPH <{GRAPH}instances> {{ ?i a <{RR}EventInstance> }}"
    instance = next(iter(store.query(f"SELECT ?i WHERE {{ {typed} }} ORDER BY ?i")))["i"]
    store.update(f"DELETE DATA {{ GRAPH <{GRAPH}instances> {{ {instance} a <{RR}EventInstance> }} }}")
    store.flush()
    del store
    result = run_kg("verify", "--store", str(store_copy))
    assert result.returncode == 1
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert result.stdout.splitlines() == [
        f"missing from the instances graph: ('{instance.value}', '{rdf_type}', '{RR}EventInstance')",
        # the edit went behind the store's back, so the read model (kg/read_model.py) disagrees too
        f"the read model has an instance the graph does not: {instance.value}",
    ]


def _dump(path: Path, quads: int) -> None:
    with path.open("w") as f:
        for i in range(quads):
            f.write(
                f'<http://example.org/s/{i}> <http://example.org/p> "value {i}" <http://example.org/g/{i % 97}> .\n'
            )


def test_a_killed_import_leaves_no_store_and_the_next_one_completes(tmp_path: Path) -> None:
    dump, target = tmp_path / "dump.nq", tmp_path / "kg"
    _dump(dump, 200_000)
    proc = subprocess.Popen(
        [*KG, "import", str(dump), "--store", str(target)], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    building = tmp_path / f".kg.import-{proc.pid}"
    deadline = time.monotonic() + 60
    while not building.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert building.exists(), proc.stderr.read() if proc.stderr else ""
    time.sleep(0.2)  # the bulk loader is writing into the hidden folder
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not target.exists()
    again = run_kg("import", str(dump), "--store", str(target))
    assert again.returncode == 0, again.stderr
    assert stats_of(target)["quads"] == 200_000
    assert set(os.listdir(tmp_path)) == {"dump.nq", "kg"}  # the killed one's leftover is swept


def test_import_refuses_a_folder_that_holds_a_store(store_copy: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    _dump(dump, 10)
    before = stats_of(store_copy)
    result = run_kg("import", str(dump), "--store", str(store_copy))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {store_copy} already exists and is not empty; `kg import` writes a new store: give it a new folder"
    )
    assert stats_of(store_copy) == before
