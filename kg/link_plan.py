"""A write's links between events (kg/links.py), at a cost bounded by what the write changes.

Every link joins an owner to the first act of some part on or after its day, or the last on or
before it, in a scope they share (`links.FIRST_ON_OR_AFTER`, `links.LAST_ON_OR_BEFORE`). Worked
out from whole scopes, a write that adds one fine to a law with a thousand acts read all
thousand (ingest fell from 0.77x to 0.29x bare spaCy, benchmarks/RESULTS.md). With each scope's
acts kept in order in the read model (its `act` table, kg/read_model.py), a write reads only:

- for an owner it adds or moves: one index seek per scope and part, for its target;
- for an act it removes or moves: the owners whose stored links point at it (one SPARQL read);
- for an act it adds or moves as a target: its neighbour of the same part in each scope, and
  the owners between that neighbour and it, which are the owners whose target it becomes
  (an owner whose day falls after the previous ruling and on or before this one now has this
  ruling as its first; one falling on or after this law and before the next has this law as
  its last);

and recomputes those owners' links by seeks, so the rows read do not grow with the scope.
The links are the same as `links.derive` over the whole graph gives (tests/kg/test_links.py).

Without a read model that agrees with the graph (a remote store, a model being rebuilt), a
write reads its scopes whole, as before.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

import pyoxigraph as ox

from kg import links
from kg.links import (
    AFFECTS,
    FIRST_ON_OR_AFTER,
    IN_FORCE,
    LAST_ON_OR_BEFORE,
    LINKED,
    NEEDS,
    Node,
    Scope,
    Select,
    parts,
    scope_key,
    scopes,
)

Act = tuple[str, str]  # (day, iri): the order `links.owned` reads a scope in
Bound = tuple[str, bool]  # a day, and whether it is included


class Ordered:
    """Each scope's acts in order as they stand once the write is done: the read model's rows
    as stored, less those of the instances the write changes, plus their new versions' rows."""

    def __init__(self, db: sqlite3.Connection, changed: set[str], new_versions: Iterable[Node]) -> None:
        self.db = db
        self.hidden = changed
        self.extra: dict[tuple[str, str], list[Act]] = defaultdict(list)
        for n in new_versions:
            for scope, part, day, iri in links.filed(n):
                self.extra[(scope, part)].append((day, iri))

    def _stored(self, where: str, params: tuple[str, ...], newest_first: bool) -> Iterator[Act]:
        order = "day DESC, instance DESC" if newest_first else "day, instance"
        cursor = self.db.execute(
            f"SELECT day, instance FROM act WHERE scope = ? AND part = ? AND {where} ORDER BY {order}", params
        )
        try:
            for day, iri in cursor:
                if iri not in self.hidden:
                    yield day, iri
        finally:
            cursor.close()  # an unfinished statement would hold its read snapshot open

    def _one(
        self, scope: str, part: str, where: str, bound: tuple[str, ...], newest_first: bool, keep: Callable[[Act], bool]
    ) -> Act | None:
        stored = self._stored(where, (scope, part, *bound), newest_first)
        try:
            found = next(stored, None)
        finally:
            stored.close()
        candidates = [a for a in self.extra.get((scope, part), ()) if keep(a)] + ([found] if found else [])
        return (max if newest_first else min)(candidates, default=None)

    def first_from(self, scope: str, part: str, day: str) -> Act | None:
        """The first act of this part on or after `day`."""
        return self._one(scope, part, "day >= ?", (day,), False, lambda a: a[0] >= day)

    def last_until(self, scope: str, part: str, day: str) -> Act | None:
        """The last act of this part on or before `day`."""
        return self._one(scope, part, "day <= ?", (day,), True, lambda a: a[0] <= day)

    def before(self, scope: str, part: str, act: Act) -> Act | None:
        return self._one(scope, part, "(day, instance) < (?, ?)", act, True, lambda a: a < act)

    def after(self, scope: str, part: str, act: Act) -> Act | None:
        return self._one(scope, part, "(day, instance) > (?, ?)", act, False, lambda a: a > act)

    def days(self, scope: str, part: str, low: Bound | None, high: Bound | None) -> set[str]:
        """The acts of this part whose day lies between these bounds (None: unbounded)."""
        where, params = ["1"], [scope, part]
        for bound, strict, closed in ((low, ">", ">="), (high, "<", "<=")):
            if bound is not None:
                where.append(f"day {closed if bound[1] else strict} ?")
                params.append(bound[0])

        def inside(day: str) -> bool:
            above = low is None or day > low[0] or (low[1] and day == low[0])
            return above and (high is None or day < high[0] or (high[1] and day == high[0]))

        stored = {iri for _, iri in self._stored(" AND ".join(where), tuple(params), False)}
        return stored | {iri for day, iri in self.extra.get((scope, part), ()) if inside(day)}


class InOrder:
    """Every scope's acts in order, in memory: `Ordered`'s seeks over a whole instances graph at
    hand (kg import), so its links cost a sort and a binary search an owner, where
    `links.derive` compares each owner with every act of its scopes (quadratic in a scope: a
    law with thousands of acts)."""

    def __init__(self, nodes: Iterable[Node]) -> None:
        acts: dict[tuple[str, str], list[Act]] = defaultdict(list)
        for n in nodes:
            for scope, part, day, iri in links.filed(n):
                acts[(scope, part)].append((day, iri))
        for ordered in acts.values():
            ordered.sort()
        self.acts = acts

    def first_from(self, scope: str, part: str, day: str) -> Act | None:
        """The first act of this part on or after `day`."""
        acts = self.acts.get((scope, part), [])
        i = bisect.bisect_left(acts, day, key=_day)
        return acts[i] if i < len(acts) else None

    def last_until(self, scope: str, part: str, day: str) -> Act | None:
        """The last act of this part on or before `day`."""
        acts = self.acts.get((scope, part), [])
        i = bisect.bisect_right(acts, day, key=_day)
        return acts[i - 1] if i else None


def _day(act: Act) -> str:
    return act[0]


def derive(instance_quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """`links.derive` by seeks in memory: the same quads (tests/kg/test_link_plan.py)."""
    nodes = links.nodes_of(instance_quads).values()
    view = InOrder(nodes)
    return sorted({links.quad(*t) for owner in nodes for t in owned(owner, view)}, key=str)


def owned(owner: Node, view: Ordered | InOrder) -> list[tuple[str, str, str]]:
    """`links.owned`, by seeks: the same links, reading one act per scope and part."""
    day = owner.day
    if not day:
        return []
    firsts: dict[str, list[Act]] = defaultdict(list)
    lasts: dict[str, list[Act]] = defaultdict(list)
    for s in scopes(owner):
        key, mine = scope_key(s), parts(owner, s[0])
        for owner_part, target_part, link in FIRST_ON_OR_AFTER:
            if owner_part in mine and (act := view.first_from(key, target_part, day)):
                firsts[link].append(act)
        for owner_part, target_part, link in LAST_ON_OR_BEFORE:
            if owner_part in mine and (act := view.last_until(key, target_part, day)):
                lasts[link].append(act)
    # an owner is never of its target's part (parts are disjoint by type or outcome), so no
    # seek can find the owner itself, which `links.owned` leaves out
    out: list[tuple[str, str, str]] = []
    if owner.type in IN_FORCE:
        out.append((owner.iri, "inForceFrom", day))
    if firsts["ends"]:
        ender = min(firsts["ends"])
        out.append((ender[1], "ends", owner.iri))
        if owner.type in IN_FORCE:
            out.append((owner.iri, "inForceUntil", ender[0]))
    if firsts["decides"]:
        out.append((min(firsts["decides"])[1], "decides", owner.iri))
    for link in ("challenges", "enforces"):
        if lasts[link]:
            out.append((owner.iri, link, max(lasts[link])[1]))
    return out


def taken_over(act: Node, view: Ordered) -> set[str]:
    """The owners whose target `act` is once the write is done, where it was not before: those
    between it and its neighbour of the same part, in each scope and part it is filed under."""
    out: set[str] = set()
    if not act.day:
        return out
    here = (act.day, act.iri)
    for s in scopes(act):
        key = scope_key(s)
        for part in parts(act, s[0]):
            for owner_part, target_part, _ in FIRST_ON_OR_AFTER:
                if target_part == part:  # owners after the previous act of this part, to this one
                    prev = view.before(key, part, here)
                    out |= view.days(key, owner_part, (prev[0], False) if prev else None, (act.day, True))
            for owner_part, target_part, _ in LAST_ON_OR_BEFORE:
                if target_part == part:  # owners from this act to the next of this part
                    nxt = view.after(key, part, here)
                    out |= view.days(key, owner_part, (act.day, True), (nxt[0], False) if nxt else None)
    return out


def plan(
    select: Select, before: Iterable[ox.Quad], after: Iterable[ox.Quad], db: sqlite3.Connection | None = None
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The link quads to remove and to add when the instances `before` (as stored) become
    `after` (once written): the quads of at least every instance the write changes (an
    instance left out is taken to be unchanged, and read from the store where needed).

    Only an instance whose linking facts changed (`Node`: type, day, outcome, roles) can change
    a link: a report joining a known event changes none, and costs no query. `db`: the read
    model, when it agrees with the graph; without it the scopes are read whole."""
    old, new = links.nodes_of(before), links.nodes_of(after)
    changed = {
        iri
        for iri in old.keys() | new.keys()
        if old.get(iri) != new.get(iri) and any(n.type in LINKED for n in (old.get(iri), new.get(iri)) if n)
    }
    if not changed:
        return [], []
    made, held = _by_neighbours(select, old, new, changed, db) if db is not None else _by_scopes(select, old, new)
    return sorted(held - made, key=str), sorted(made - held, key=str)


def _by_neighbours(
    select: Select, old: dict[str, Node], new: dict[str, Node], changed: set[str], db: sqlite3.Connection
) -> tuple[set[ox.Quad], set[ox.Quad]]:
    moved = [new[iri] for iri in sorted(changed) if iri in new]
    view = Ordered(db, changed, moved)
    owners = {n.iri for n in moved if n.type in NEEDS}
    owners |= links.owners_pointing_at(select, (iri for iri in changed if iri in old))
    for act in moved:
        owners |= taken_over(act, view)
    owners -= changed - new.keys()  # removed: their links go with `held` below
    nodes = {iri: new[iri] for iri in owners if iri in new}
    nodes |= links.nodes_by_iri(db, owners - nodes.keys())
    made = {links.quad(*t) for n in nodes.values() for t in owned(n, view)}
    return made, links.stored_links(select, owners | changed)


def _by_scopes(select: Select, old: dict[str, Node], new: dict[str, Node]) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """The owners whose links read a changed instance's type (`AFFECTS`) in a scope they share,
    each worked out again from every instance of the types it reads (`NEEDS`) in its scopes."""
    changed = [n for iri, n in old.items() if new.get(iri) != n] + [n for iri, n in new.items() if old.get(iri) != n]
    changed = [n for n in changed if n.type in LINKED]
    dirty: set[Scope] = set().union(*(scopes(n) for n in changed))

    def now(wanted: set[Scope], types: set[str]) -> dict[str, Node]:
        """The instances of these types in these scopes once the write is done."""
        found = {iri: n for iri, n in links.stored_nodes(select, wanted, types).items() if iri not in old}
        return found | {iri: n for iri, n in new.items() if scopes(n) & wanted and n.type in types}

    affected = set().union(*(AFFECTS[n.type] for n in changed))
    owners = now(dirty, affected) | {n.iri: n for n in changed if n.iri in new}
    reach = set().union(*(scopes(n) for n in owners.values()))
    others = now(reach, set().union(*(NEEDS.get(n.type, frozenset()) for n in owners.values())))
    made = links.links_of(owners.values(), others.values())
    return made, links.stored_links(select, {*owners, *(n.iri for n in changed)})
