"""`kg import DIR`: a new store from the shards `kg ingest --to-nquads` made, with the event
instances and the read model that `kg ingest` would have made of the same articles.

The instances depend on every article together, so they are worked out here, once, from each
article's reports (`reports_in`, then `rewrite` of every group: the instances are a function of
the reports). What one article contributes (its reports, its read-model `article` and `amount`
rows) depends on that article alone, so the worker that wrote the shard works it out from the
quads it holds and writes it beside the shard (`shard-….nq.rows.json`, `write_rows`): the
import then reads no shard in Python, only the small rows files, while RocksDB's bulk loader
takes the shards. A shard without its rows file (made before there were any, or the file lost
or broken) is read and worked out here, with the same code, so both give the same store.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable
from functools import cache, partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

if TYPE_CHECKING:
    from kg.article_rows import AmountRow, ArticleRow
    from kg.instances import Report
    from kg.read_model import Rows

ROWS_FORMAT = 1  # a rows file of another format is not read: its shard is worked out instead

# What one article contributes to the import: its reports, its `article` rows, its `amount` rows.
ArticleShare = tuple[list["Report"], list["ArticleRow"], list["AmountRow"]]


def rows_path(shard: Path) -> Path:
    return shard.with_name(shard.name + ".rows.json")


def shares_of(graphs: dict[str, dict[ox.Quad, None]]) -> dict[str, ArticleShare]:
    """Each article's share, from a shard's quads by graph (each graph's quads in the shard's
    order, each once): the one mapping, on a worker and at an import alike."""
    from kg.article_rows import amount_rows, article_rows
    from kg.instances import reports_in
    from kg.store import META_GRAPH

    shares = {}
    for graph in sorted({q.subject.value for q in graphs.get(META_GRAPH, {})}):
        values = [(graph, q.subject.value, q.predicate.value, q.object.value) for q in graphs[graph]]
        shares[graph] = (reports_in(graphs[graph], graph), article_rows(values), amount_rows(values))
    return shares


def by_graph(quads: Iterable[ox.Quad]) -> dict[str, dict[ox.Quad, None]]:
    graphs: dict[str, dict[ox.Quad, None]] = {}
    for quad in quads:
        graphs.setdefault(quad.graph_name.value, {})[quad] = None  # an article twice in a shard: once
    return graphs


def write_rows(shard: Path, quads: list[ox.Quad]) -> None:
    """On a worker, before the shard is renamed into place: the shard's articles' shares, as
    JSON (plain values, readable by any later version that knows the format)."""
    shares = {
        graph: {"reports": [_plain(r) for r in reports], "articles": articles, "amounts": amounts}
        for graph, (reports, articles, amounts) in shares_of(by_graph(quads)).items()
    }
    target = rows_path(shard)
    partial_path = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    partial_path.write_text(json.dumps({"format": ROWS_FORMAT, "articles": shares}), encoding="utf-8")
    os.replace(partial_path, target)


def _plain(report: Report) -> list[Any]:
    """A report's fields in order, as `dataclasses.astuple` gives them without its deep copy
    (2.3 ms an article on a worker)."""
    return [getattr(report, name) for name in _report_fields()]


@cache
def _report_fields() -> tuple[str, ...]:
    from kg.instances import Report

    return tuple(f.name for f in dataclasses.fields(Report))


def _report(fields: list[Any]) -> Report:
    from kg.instances import Report

    *plain, roles = fields
    return Report(*plain, roles=tuple((role, tuple(values)) for role, values in roles))


def _read_rows(shard: Path) -> dict[str, ArticleShare] | None:
    try:
        data = json.loads(rows_path(shard).read_bytes())
        if data["format"] != ROWS_FORMAT:
            return None
        return {
            graph: (
                [_report(r) for r in share["reports"]],
                [tuple(a) for a in share["articles"]],
                [tuple(a) for a in share["amounts"]],
            )
            for graph, share in data["articles"].items()
        }
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return None  # a broken rows file: the shard is worked out instead, nothing lost


def shard_shares(shard: Path) -> dict[str, ArticleShare]:
    """The shares of a shard's articles: from its rows file, or worked out from the shard."""
    from kg.store import StoreError

    shares = _read_rows(shard)
    if shares is not None:
        return shares
    try:
        return shares_of(by_graph(ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS)))
    except SyntaxError as exc:
        raise StoreError(f"{shard} is not valid N-Quads: {exc}; nothing was imported") from exc


def instance_quads(shards: list[Path]) -> list[ox.Quad]:
    """The event instances of the articles in `shards` (see `worked_out`)."""
    return _instances(_joined(shards))[0]


def worked_out(shards: list[Path]) -> tuple[list[ox.Quad], Rows]:
    """The event instances of the articles in `shards`, as ingestion works them out (the
    reports of every article, then `rewrite`, then the links between instances), and the read
    model's rows of the store they make with the shards (kg/read_model.py `rows_of`, and the
    articles' own rows), from the same quads."""
    shares = _joined(shards)
    quads, own = _instances(shares)
    return quads, _rows(own, shares)


def _joined(shards: list[Path]) -> ArticleShare:
    """Every article's share, each article once (an article in two shards: its first)."""
    reports: list[Report] = []
    articles: list[ArticleRow] = []
    amounts: list[AmountRow] = []
    seen: set[str] = set()
    for shard in shards:
        shares = shard_shares(shard)
        for graph in sorted(shares.keys() - seen):
            reports += shares[graph][0]
            articles += shares[graph][1]
            amounts += shares[graph][2]
        seen |= shares.keys()
    return reports, articles, amounts


def _instances(shares: ArticleShare) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The instances graph's quads (report rows, instances, links), and of them the instances
    and links, which alone make read-model rows (report rows are not instances)."""
    from kg import link_plan
    from kg.instances import report_quads, rewrite

    reports = shares[0]
    instances = rewrite(reports)
    own = instances + link_plan.derive(instances)
    return [q for r in reports for q in report_quads(r)] + own, own


def _rows(own: list[ox.Quad], shares: ArticleShare) -> Rows:
    from kg.read_model import rows_of

    rows = rows_of((q.subject.value, q.predicate.value, q.object.value) for q in own)
    return rows._replace(articles=shares[1], amounts=shares[2])


INSTANCES_FILE = ".instances.nq"  # in the store's folder while it is built, gone before the rename


def _side(shards: list[Path], folder: Path, out: Connection) -> None:
    """In a process of its own, while the shards load: the instances, written as N-Quads to
    the store's folder as soon as they are known (the store loads them after the shards),
    then the read model written from their rows (a file of its own there) while they load.
    It says what it finished on `out`: small messages, so it never waits for the reader."""
    from kg.read_model import ReadModel
    from kg.read_model import path_for as read_model_path

    try:
        shares = _joined(shards)
        quads, own = _instances(shares)
        ox.serialize(quads, output=str(folder / INSTANCES_FILE), format=ox.RdfFormat.N_QUADS)
        out.send(("instances", len(quads)))
        del quads
        model = ReadModel(read_model_path(folder))
        model.fill(_rows(own, shares))
        model.close()
        out.send(("filled", 0))
    except Exception as exc:  # raised again in the importing process, which has the user
        out.send(("error", exc))
    finally:
        out.close()


_STEPS = {"instances": "worked out the instances", "filled": "written the read model"}


def _received(side: Connection, step: str) -> int:
    """The side's next step's result, or its error raised here."""
    from kg.store import StoreError

    try:
        kind, value = side.recv()
    except EOFError:
        raise StoreError(
            f"the import's second process ended before it had {_STEPS[step]}; nothing was imported"
        ) from None
    if kind == "error":
        raise value
    assert kind == step, (kind, step)
    return value


class _Chained:
    """The shards as one stream: one bulk load of them all is 2.3x faster than one per shard
    (measured on 16 shards of 8 articles)."""

    def __init__(self, paths: list[Path]) -> None:
        self._opens: list[Callable[[], BinaryIO]] = [partial(p.open, "rb") for p in paths]
        self._file: BinaryIO | None = None

    def read(self, size: int = -1) -> bytes:
        while True:
            if self._file is None:
                if not self._opens:
                    return b""
                self._file = self._opens.pop(0)()
            chunk = self._file.read(size)
            if chunk:
                return chunk
            self._file.close()
            self._file = None


def _broken(shards: list[Path], exc: SyntaxError) -> Exception:
    """The bulk load's error names a line of the whole stream, which may be read past the
    broken shard: the first shard that does not parse, and its own line."""
    from kg.store import StoreError

    for shard in shards:
        try:
            for _quad in ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS):
                pass
        except SyntaxError as own:
            return StoreError(f"{shard} is not valid N-Quads: {own}; nothing was imported")
    return StoreError(f"the shards are not valid N-Quads: {exc}; nothing was imported")


def import_shards(target: Path, shards: list[Path]) -> int:
    """A new store at `target` from `shards` and their event instances, built beside the target
    and renamed into place (kg/backup.py `building`): a kill leaves no store. The quads of the
    instances loaded.

    Two bulk loads, overlapped with a second process: while this one loads the shards, the
    side works out the instances and writes them into the store's folder; while this one loads
    those, the side writes the read model. (One bulk load of shards and instances together did all its indexing
    after the instances came: the read model and the instances were then on the critical path.)"""
    from kg.backup import building
    from kg.store import StoreError

    context = multiprocessing.get_context("fork")
    with building(target, "import") as partial_path:
        partial_path.mkdir(parents=True)
        receiving, sending = context.Pipe(duplex=False)
        side = context.Process(target=_side, args=(shards, partial_path, sending), daemon=True)
        side.start()
        sending.close()
        try:  # the side is ended before a failed build's folder is removed
            store = ox.Store(str(partial_path))
            try:
                store.bulk_load(_Chained(shards), format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise _broken(shards, exc) from exc
            instances = _received(receiving, "instances")
            try:
                store.bulk_load(path=str(partial_path / INSTANCES_FILE), format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise StoreError(
                    f"the event instances worked out are not valid N-Quads: {exc}; nothing was imported"
                ) from exc
            (partial_path / INSTANCES_FILE).unlink()
            store.flush()
            _received(receiving, "filled")
            del store  # releases RocksDB's lock and files before the rename
        finally:
            if side.is_alive():
                side.terminate()
            side.join()
            receiving.close()
    return instances
