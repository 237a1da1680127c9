"""The backfill path: `kg ingest --to-nquads DIR` has the workers write N-Quads shards, and
`kg import DIR` bulk-loads them into a new store.

It skips what makes ingestion slow at scale: one transaction per article, and one writer that
every article passes through. Each worker writes the quads `kg ingest` would write for its
batch (the article graphs, their content hashes, the entities graph's descriptions) to one
shard, under a temporary name renamed into place, so a shard on disk is whole, and beside it
what each article contributes to the event instances and the read model (its reports and rows,
kg/shard_import.py `write_rows`), which it works out from the quads it holds. The import
(kg/shard_import.py) then only bulk-loads the shards and joins the reports into instances:
the store `kg ingest` makes of the same articles, quad for quad.

A shard is named by the content of its batch, and the manifest lists the finished shards with
their articles; a re-run (same inputs, same batch size) skips every shard that is both in the
manifest and on disk, and redoes the rest. Shards made by another extractor version are not
reused: the manifest is started again. On a cluster, DIR must be a folder every worker and
this process see at the same path (a shared file system).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.ingest import IngestResult, IngestSummary, _batches, _extract_batch
from kg.shard_import import write_rows
from kg.sources import Article, SourceError

if TYPE_CHECKING:
    from extractors.model import Extraction

MANIFEST = "manifest.json"
MANIFEST_EVERY_S = 5.0  # a crash loses at most this much of the manifest: those shards are redone
SHARD_BATCH = 8


class BackfillError(RuntimeError):
    """The shard folder cannot be used: a broken manifest, a missing shard, mixed extractors."""


def shard_name(articles: list[Article]) -> str:
    """Named by what goes in, so a re-run over the same inputs finds the shards it made."""
    digest = hashlib.sha256()
    for a in articles:
        digest.update(json.dumps([a.source, a.text, a.title, a.published, a.url]).encode())
    return f"shard-{digest.hexdigest()[:20]}.nq"


def shard_quads(ex: Extraction, described: set[str]) -> list[ox.Quad]:
    """What `kg ingest` writes of one article, and its content hash in the meta graph. Like the
    writer, a shard describes each entity in the entities graph once (`described` is the
    shard's, so every shard holds what its articles need, whichever others are redone)."""
    from kg.rdf import content_hash, registry_key, to_quads
    from kg.store import META_GRAPH
    from kg.vocab import RR, graph_iri

    graph = graph_iri(ex.article.id)
    quads = to_quads(ex, described, extracted_at=datetime.now(UTC))
    described.update(registry_key(e) for e in ex.entities)
    digest = ox.Literal(content_hash(quads, graph))
    return [*quads, ox.Quad(ox.NamedNode(graph), ox.NamedNode(f"{RR}contentHash"), digest, ox.NamedNode(META_GRAPH))]


def write_shard(folder: str, articles: list[Article]) -> list[dict[str, Any]]:
    """On a worker: extract the batch and write its quads as one shard; one row per article."""
    name = shard_name(articles)
    rows: list[dict[str, Any]] = []
    quads: list[ox.Quad] = []
    described: set[str] = set()
    for article, ex in zip(articles, _extract_batch(articles), strict=True):
        if isinstance(ex, str):
            rows.append({"source": article.source, "shard": name, "error": ex})
            continue
        mine = shard_quads(ex, described)
        quads.extend(mine)
        rows.append(
            {
                "source": article.source,
                "shard": name,
                "id": ex.article.id,
                "events": len(ex.events),
                "entities": len(ex.entities),
                "quads": len(mine),
            }
        )
    target = Path(folder) / name
    write_rows(target, quads)  # first: a shard on disk has its rows beside it
    partial_path = target.with_name(f".{name}.tmp-{os.getpid()}")
    partial_path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    os.replace(partial_path, target)  # atomic: a shard on disk is whole
    return rows


@dataclass
class Manifest:
    folder: Path
    extractor: str
    shards: dict[str, list[dict[str, Any]]]  # shard name -> its rows, one per article

    @classmethod
    def read(cls, folder: Path, extractor: str) -> Manifest:
        """The folder's manifest, or a new one when there is none or another extractor made it."""
        path = folder / MANIFEST
        if not path.exists():
            return cls(folder, extractor, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            shards = {s["name"]: s["rows"] for s in data["shards"]}
        except (ValueError, KeyError, TypeError) as exc:
            raise BackfillError(f"{path} is not a manifest written by kg ingest --to-nquads ({exc})") from exc
        if data.get("extractor") != extractor:
            return cls(folder, extractor, {})  # made by another extractor: every shard is redone
        return cls(folder, extractor, shards)

    def finished(self, articles: list[Article]) -> list[dict[str, Any]] | None:
        name = shard_name(articles)
        rows = self.shards.get(name)
        return rows if rows is not None and (self.folder / name).is_file() else None

    def write(self) -> None:
        shards = [{"name": name, "rows": rows} for name, rows in sorted(self.shards.items())]
        done = [r for rows in self.shards.values() for r in rows if "id" in r]
        data = {
            "extractor": self.extractor,
            "shards": shards,
            "articles": len({r["id"] for r in done}),
            "quads": sum(r["quads"] for r in done),
            "failed": sum(1 for rows in self.shards.values() for r in rows if "error" in r),
        }
        path = self.folder / MANIFEST
        partial_path = path.with_name(f".{MANIFEST}.tmp-{os.getpid()}")
        partial_path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(partial_path, path)


def shard_paths(folder: Path) -> list[Path]:
    """The shards a manifest lists, each checked to be on disk (what `kg import DIR` loads)."""
    path = folder / MANIFEST
    if not path.is_file():
        raise BackfillError(f"{folder} has no {MANIFEST}; make one with kg ingest --to-nquads {folder}")
    try:
        names = [s["name"] for s in json.loads(path.read_text(encoding="utf-8"))["shards"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackfillError(f"{path} is not a manifest written by kg ingest --to-nquads ({exc})") from exc
    missing = [n for n in names if not (folder / n).is_file()]
    if missing:
        raise BackfillError(
            f"{len(missing)} shard(s) of {path} are missing ({missing[0]} ...); "
            f"run the same kg ingest --to-nquads {folder} again to redo them"
        )
    return [folder / n for n in names]


def _result(row: dict[str, Any] | None, status: str, source: str = "") -> IngestResult:
    if row is None or "error" in row:
        return IngestResult(row["source"] if row else source, "failed", error=row["error"] if row else None)
    return IngestResult(row["source"], status, row["id"], row["events"], row["entities"])


def backfill(
    address: str | None,
    items: Iterable[Article | SourceError],
    folder: Path,
    on_result: Callable[[IngestResult], None] | None = None,
    *,
    workers: int = 1,
    size: int = SHARD_BATCH,
) -> IngestSummary:
    """Shards of `items` in `folder`, made on the cluster at `address` (None: on a cluster of
    `workers` processes started here). Each article is reported as `new` (in a shard made
    now), `unchanged` (in a finished shard, skipped) or `failed`, as `kg ingest` reports them."""
    from kg.cluster import local_cluster

    if address is None:
        with local_cluster(workers) as started:
            return backfill(started, items, folder, on_result, size=size)
    from extractors.extract import extractor_version
    from kg.cluster import connected, streamed

    folder.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    with connected(address) as client:
        versions = set(client.run(extractor_version).values())
        if len(versions) != 1:
            raise BackfillError(f"the Dask workers run different extractors ({', '.join(sorted(versions))})")
        manifest = Manifest.read(folder, versions.pop())
        last_written = time.monotonic()

        def died(article: Article, reason: str) -> dict[str, Any]:
            return {"source": article.source, "error": reason}

        try:
            for batch, rows in streamed(
                client, _batches(items, size), partial(write_shard, str(folder)), died, manifest.finished
            ):
                status = "new"
                if rows and rows[0] is not None and "shard" in rows[0]:
                    name = rows[0]["shard"]
                    # the very rows the manifest holds: `finished` found the shard, nothing ran
                    status = "unchanged" if manifest.shards.get(name) is rows else "new"
                    manifest.shards[name] = rows
                for item, row in zip(batch, rows, strict=True):
                    if isinstance(item, SourceError):
                        result = IngestResult(item.source, "failed", error=item.reason)
                    else:
                        result = _result(row, status, item.source)
                    summary.add(result, on_result=on_result)
                if time.monotonic() - last_written > MANIFEST_EVERY_S:
                    manifest.write()
                    last_written = time.monotonic()
        finally:
            manifest.write()
    return summary
