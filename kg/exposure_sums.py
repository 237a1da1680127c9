"""Exposure's per-jurisdiction sums, kept in the read model so that the first page of
`exposureConnection` ranks jurisdictions without reading every act of the platform.

Why sums: a jurisdiction's score is the sum over its acts of a rule's points halved for every
`half_life_days` of age at the reference day (kg/risk_rules.toml). The halving is an
exponential, so it factors: points x 2^((day - ref) / H) = 2^((start - ref) / H) x points x
2^((day - start) / H) for any `start`. Each act's last factor is known at write time, so the
sums per jurisdiction are kept, and a question multiplies each sum by one number. The sums are
integers (the weight scaled by 2^SCALE and rounded), so adding and taking away acts in any
order, or rebuilding them all, gives the same numbers bit for bit; they are kept per *era*
(ERA_HALVINGS half-lives long) so that a weight stays below 2^ERA_HALVINGS x points and a sum
fits in SQLite's 64 bits (up to about 500,000 acts of 60 points in one jurisdiction and era).

Why subsets: exposure counts an act that concerns the platform *or* its owner once, however
many of them it names. A sum per (role, entity) would count an act naming both twice, so the
sums are kept per *set* of (role, entity) keys an act names, for every set of up to MAX_KEYS of
its keys, and the question adds them up by inclusion and exclusion: exact for a question with
up to MAX_KEYS keys (a platform, its owner and the platform as agent: 3).

Why reach: a page shows a jurisdiction's first few reasons, largest effect first. A dated act's
effect |points| x 2^((day - ref) / H) orders acts as day + H log2 |points| does, whatever the
reference day, so that number (its *reach*) is kept per act and indexed: the strongest acts
are an index walk (`strongest`), as is the act that sets the status, the newest scored one
(`latest_scored`).

Two tables, both functions of the instances graph and the rules alone: `exposure_act`, one row
per (role, entity, jurisdiction) of each act exposure counts (a shutdown, an app-store removal,
a regulatory or judicial act with a jurisdiction), with its reach (or, undated, its points), and
`exposure_sum`, the sums of those rows. They are written in the read model's steps
(kg/read_model.py), so the crash rule, `kg reindex` and `kg validate` hold for them as for the
other rows. The sums depend on the rules, so the read model records the rules' fingerprint;
another fingerprint (an analyst changed the rules) means the sums are not used until a
writer's open rebuilds them.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from itertools import combinations

from kg import risk

MAX_KEYS = 3  # the largest set of keys a sum is kept for (and so a question may have)
SCALE = 30  # weights are kept as integers in units of 2^-SCALE points
ERA_HALVINGS = 8  # an era is this many half-lives: a weight in an era is below 2^8 x points
UNDATED = -1  # the era of undated acts, whose points do not decay
NO_REACH = -1e18  # the reach of a dated act whose rule gives no points (below any other)
EXPOSURE_TOPS = ("RegulatoryAction", "JudicialAction")
EXPOSURE_TYPES = ("ServiceShutdown", "ServiceRestored", "AppStoreRemoval")
KEY_ROLES = ("affected", "agent")

# role, entity, jurisdiction, instance, event, type, outcome, date, earliest, reach, undated points
ExposureActRow = tuple[str, str, str, str, str, str, str | None, str | None, str | None, float | None, float | None]
SumKey = tuple[str, str, int]  # keys, jurisdiction, era
Sums = dict[SumKey, list[int]]  # acts, scored (acts a rule scores), weighted, magnitude (|weighted| summed)

SCHEMA = """
CREATE TABLE IF NOT EXISTS exposure_act (
  role TEXT NOT NULL, entity TEXT NOT NULL, jurisdiction TEXT NOT NULL, instance TEXT NOT NULL,
  event TEXT NOT NULL, type TEXT NOT NULL, outcome TEXT, date TEXT, earliest TEXT, reach REAL, undated REAL,
  PRIMARY KEY (role, entity, jurisdiction, instance)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS exposure_act_of ON exposure_act (instance);
CREATE INDEX IF NOT EXISTS exposure_act_newest ON exposure_act (role, entity, earliest);
CREATE INDEX IF NOT EXISTS exposure_act_latest ON exposure_act (role, entity, jurisdiction, earliest, instance);
CREATE INDEX IF NOT EXISTS exposure_act_reach ON exposure_act (role, entity, jurisdiction, reach);
CREATE INDEX IF NOT EXISTS exposure_act_undated ON exposure_act (role, entity, jurisdiction, undated DESC, instance);
CREATE TABLE IF NOT EXISTS exposure_sum (
  keys TEXT NOT NULL, jurisdiction TEXT NOT NULL, era INTEGER NOT NULL,
  acts INTEGER NOT NULL, scored INTEGER NOT NULL, weighted INTEGER NOT NULL, magnitude INTEGER NOT NULL,
  PRIMARY KEY (keys, jurisdiction, era)
) WITHOUT ROWID;
"""


@cache
def rules_fingerprint() -> str:
    """The rules the sums are computed with: a hash of kg/risk_rules.toml's bytes, read once
    per process as `risk.rules` reads the rules (a server started before an analyst's change
    keeps scoring with the rules it loaded, and so does not use sums of the new ones)."""
    return hashlib.sha256(resources.files("kg").joinpath("risk_rules.toml").read_bytes()).hexdigest()


def counted(top: str, etype: str) -> bool:
    """Whether exposure counts an act of this class and type (queries/exposure.rq's filter)."""
    return top in EXPOSURE_TOPS or etype in EXPOSURE_TYPES


def act_rows(instance: Sequence, roles: dict[str, list[str]]) -> list[ExposureActRow]:
    """The `exposure_act` rows of an instance (its `instance` row of kg/read_model.py and its
    role values): none when exposure does not count it."""
    iri, _group, etype, top, outcome, event, day, earliest = instance[:8]
    if not counted(top, etype):
        return []
    reach, undated = _strength(etype, outcome, earliest)
    return [
        (role, entity, place, iri, event, etype, outcome, day, earliest, reach, undated)
        for role in KEY_ROLES
        for entity in sorted(set(roles.get(role, ())))
        for place in sorted(set(roles.get("jurisdiction", ())))
    ]


def _strength(etype: str, outcome: str | None, earliest: str | None) -> tuple[float | None, float | None]:
    """Where an act stands among a jurisdiction's reasons, largest effect first, whatever day
    they are decayed to: a dated act's *reach*, the day on which its points, decayed, would be
    1 (|points| x 2^((day - ref) / H) orders acts as day + H log2 |points| does, for any ref),
    and an undated act's |points| (they do not decay). None for an act no rule scores."""
    rule = risk._rule(etype, outcome)
    if rule is None:
        return None, None
    day = risk._day(earliest)
    if day is None:
        return None, abs(float(rule["points"]))
    if rule["points"] == 0:
        return NO_REACH, None
    return day.toordinal() + _half_life() * math.log2(abs(rule["points"])), None


def key_of(keys: Iterable[tuple[str, str]]) -> str:
    """The name of a set of (role, entity) keys in `exposure_sum`: sorted, one a line."""
    return "\n".join(sorted(f"{role} {entity}" for role, entity in set(keys)))


def _half_life() -> float:
    return float(risk.rules()["recency"]["half_life_days"])


def _era_start(era: int, half_life: float) -> float:
    return era * ERA_HALVINGS * half_life


def _weight(etype: str, outcome: str | None, earliest: str | None, half_life: float) -> tuple[int, int] | None:
    """An act's era and its weight in it (its rule's points, grown from the era's start, as an
    integer); None when no rule scores it."""
    rule = risk._rule(etype, outcome)
    if rule is None:
        return None
    day = risk._day(earliest)
    if day is None:
        return UNDATED, round(rule["points"] * 2**SCALE)
    era = int(day.toordinal() // (ERA_HALVINGS * half_life))
    return era, round(rule["points"] * 2 ** ((day.toordinal() - _era_start(era, half_life)) / half_life + SCALE))


def sums_of(rows: Iterable[Sequence]) -> Sums:
    """The sums these `exposure_act` rows add up to: per act, its contribution to every set of
    up to MAX_KEYS of its keys in each of its jurisdictions."""
    half_life = _half_life()
    by_act: dict[str, tuple[set[tuple[str, str]], set[str], Sequence]] = {}
    for r in rows:
        keys, places, _ = by_act.setdefault(r[3], (set(), set(), r))
        keys.add((r[0], r[1]))
        places.add(r[2])
    out: Sums = defaultdict(lambda: [0, 0, 0, 0])
    for keys, places, r in by_act.values():
        weight = _weight(r[5], r[6], r[8], half_life)
        era, weighted = weight if weight is not None else (_era_of(r[8], half_life), 0)
        ordered = sorted(keys)
        for size in range(1, min(MAX_KEYS, len(ordered)) + 1):
            for subset in combinations(ordered, size):
                name = key_of(subset)
                for place in places:
                    found = out[(name, place, era)]
                    found[0] += 1
                    found[1] += weight is not None
                    found[2] += weighted
                    found[3] += abs(weighted)
    return dict(out)


def _era_of(earliest: str | None, half_life: float) -> int:
    day = risk._day(earliest)
    return UNDATED if day is None else int(day.toordinal() // (ERA_HALVINGS * half_life))


def apply(conn: sqlite3.Connection, gone: Sums, new: Sums) -> None:
    """Take the sums of the rows gone out and put the new ones in (inside the caller's
    transaction); a set of keys left without acts in a jurisdiction and era loses its row."""
    delta: Sums = defaultdict(lambda: [0, 0, 0, 0])
    for sums, sign in ((gone, -1), (new, 1)):
        for key, values in sums.items():
            for n, v in enumerate(values):
                delta[key][n] += sign * v
    changed = [(*k, *v) for k, v in delta.items() if any(v)]
    conn.executemany(
        "INSERT INTO exposure_sum VALUES (?,?,?,?,?,?,?) ON CONFLICT (keys, jurisdiction, era) DO UPDATE SET"
        " acts = acts + excluded.acts, scored = scored + excluded.scored, weighted = weighted + excluded.weighted,"
        " magnitude = magnitude + excluded.magnitude",
        changed,
    )
    conn.executemany(
        "DELETE FROM exposure_sum WHERE keys = ? AND jurisdiction = ? AND era = ? AND acts = 0",
        [k[:3] for k in changed],
    )


def rows_of_instances(conn: sqlite3.Connection, instances: Sequence[str]) -> list[tuple]:
    """The `exposure_act` rows these instances have now (before a write takes them out)."""
    out: list[tuple] = []
    for start in range(0, len(instances), 500):
        chunk = list(instances[start : start + 500])
        out += conn.execute(
            f"SELECT * FROM exposure_act WHERE instance IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall()
    return out


def differences(conn: sqlite3.Connection) -> list[str]:
    """Where `exposure_sum` disagrees with the sums of `exposure_act` (whose rows kg validate
    compares with the graph, instance by instance)."""
    want = sums_of(conn.execute("SELECT * FROM exposure_act"))
    have = {(r[0], r[1], r[2]): list(r[3:]) for r in conn.execute("SELECT * FROM exposure_sum")}
    return [
        f"the read model's exposure sum of {k[0]!r} in {k[1]} differs from its acts"
        for k in sorted(set(want) | set(have))
        if want.get(k) != have.get(k)
    ]


# ---- the question ------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """A jurisdiction's place in the ranking: its score as `risk.score` gives it (None when
    the sums cannot tell the rounding for sure: the caller scores its acts), its level, and how
    many acts and scored acts (its reasons) it has."""

    jurisdiction: str
    acts: int
    scored: int
    score: float | None
    level: str | None  # None likewise, when the score may lie either side of a level's threshold


def question_keys(platforms: Sequence[str], owners: Sequence[str]) -> list[tuple[str, str]]:
    """The keys exposure asks for: the platforms and their owners affected, the platforms as
    agents (queries/exposure.rq)."""
    return sorted({*(("affected", e) for e in (*platforms, *owners)), *(("agent", p) for p in platforms)})


def standings(conn: sqlite3.Connection, keys: Sequence[tuple[str, str]]) -> tuple[list[Standing], date | None]:
    """Every jurisdiction where an act concerns one of these keys (at most MAX_KEYS), with its
    score decayed to the newest such act's day, and that day: from the sums, by inclusion and
    exclusion over the sets of keys, a few rows per jurisdiction and set whatever the history."""
    assert 0 < len(keys) <= MAX_KEYS
    totals: dict[tuple[str, int], list[int]] = {}
    for size in range(1, len(keys) + 1):
        sign = 1 if size % 2 else -1
        for subset in combinations(keys, size):
            for place, era, acts, scored, weighted, magnitude in conn.execute(
                "SELECT jurisdiction, era, acts, scored, weighted, magnitude FROM exposure_sum WHERE keys = ?",
                (key_of(subset),),
            ):
                found = totals.get((place, era))
                if found is None:
                    totals[(place, era)] = [sign * acts, sign * scored, sign * weighted, sign * magnitude]
                else:
                    found[0] += sign * acts
                    found[1] += sign * scored
                    found[2] += sign * weighted
                    found[3] += sign * magnitude
    newest = max(
        (
            day
            for role, entity in keys
            for (day,) in conn.execute(
                "SELECT MAX(earliest) FROM exposure_act WHERE role = ? AND entity = ?", (role, entity)
            )
            if day is not None
        ),
        default=None,
    )
    reference = risk._day(newest)
    half_life, recency = _half_life(), risk.rules()["recency"]
    by_place: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0])  # acts, scored, score, error bound
    factors: dict[int, float] = {}  # an era's decay to the reference day (a few eras, many places)
    for (place, era), (acts, scored, weighted, magnitude) in totals.items():
        found = by_place[place]
        found[0] += acts
        found[1] += scored
        factor = factors.get(era)
        if factor is None:
            if reference is None or era == UNDATED:
                factor = float(recency["undated_factor"])
            else:
                factor = 2 ** ((_era_start(era, half_life) - reference.toordinal()) / half_life)
            factors[era] = factor
        found[2] += weighted / 2**SCALE * factor
        # each act's weight was rounded to a unit, and floats sum with a relative error far below 1e-12
        found[3] += (acts + 1e-12 * magnitude) / 2**SCALE * factor * 4
    out = []
    for place, (acts, scored, total, error) in sorted(by_place.items()):
        if acts <= 0:
            continue
        low, high = max(total - error - 1e-9, 0.0), max(total + error + 1e-9, 0.0)
        score = round(low, 1) if round(low, 1) == round(high, 1) else None
        level = risk.level(low)
        level = level if level == risk.level(high) else None
        out.append(Standing(place, int(acts), int(scored), score, level))
    return out, reference


ActRow = tuple  # jurisdiction, instance, event, type, outcome, date, earliest
ACT_COLUMNS = "jurisdiction, instance, event, type, outcome, date, earliest"


def acts_in(conn: sqlite3.Connection, keys: Sequence[tuple[str, str]], places: Sequence[str]) -> list[ActRow]:
    """The acts concerning these keys in these jurisdictions, once each per jurisdiction, by
    the primary key."""
    found: dict[tuple[str, str], ActRow] = {}
    for role, entity in keys:
        for start in range(0, len(places), 500):
            chunk = list(places[start : start + 500])
            for row in conn.execute(
                f"SELECT {ACT_COLUMNS} FROM exposure_act"
                f" WHERE role = ? AND entity = ? AND jurisdiction IN ({','.join('?' * len(chunk))})",
                [role, entity, *chunk],
            ):
                found.setdefault((row[0], row[1]), row)
    return list(found.values())


def latest_scored(conn: sqlite3.Connection, keys: Sequence[tuple[str, str]], place: str) -> ActRow | None:
    """The act that sets a jurisdiction's status (`risk.assess`): the last scored act by day
    (undated before dated), then IRI; walked from the newest on an index, per key."""
    best: ActRow | None = None
    for role, entity in keys:
        for row in conn.execute(
            f"SELECT {ACT_COLUMNS} FROM exposure_act WHERE role = ? AND entity = ? AND jurisdiction = ?"
            " ORDER BY earliest DESC, instance DESC",
            (role, entity, place),
        ):
            if risk._rule(row[3], row[4]) is None:
                continue
            if best is None or _latest_key(row) > _latest_key(best):
                best = row
            break
    return best


def _latest_key(row: ActRow) -> tuple[bool, str, str]:
    return (row[6] is not None, row[6] or "", row[1])


def strongest(
    conn: sqlite3.Connection, keys: Sequence[tuple[str, str]], place: str, count: int, reference: date | None
) -> list[ActRow]:
    """Enough of a jurisdiction's scored acts to hold its first `count` reasons (`risk.assess`'s
    order: largest rounded effect first, then by day, undated first, then IRI): per key, the
    dated acts by reach and the undated by points, each walked on an index until `count` are
    read and the next could no longer round as high as the `count`-th (ties at that value come
    whole: they are ordered by day, not by reach)."""
    found: dict[str, ActRow] = {}
    for role, entity in keys:
        for where, order in (
            ("reach IS NOT NULL", "reach DESC"),
            ("undated IS NOT NULL", "undated DESC, instance"),
        ):
            sql = (
                f"SELECT {ACT_COLUMNS} FROM exposure_act WHERE role = ? AND entity = ? AND jurisdiction = ?"
                f" AND {where} ORDER BY {order} LIMIT ? OFFSET ?"
            )
            read, size, kth = 0, count + 1, None
            while True:
                batch = conn.execute(sql, (role, entity, place, size, read)).fetchall()
                read += len(batch)
                for row in batch:
                    found.setdefault(row[1], row)
                if len(batch) < size:
                    break
                points = [abs(points_of(r, reference)) for r in batch]
                if kth is None and read >= count:
                    every = sorted((abs(round(points_of(r, reference), 1)) for r in found.values()), reverse=True)
                    kth = every[count - 1]
                if kth is not None and points[-1] < kth - 0.05 - 1e-6:
                    break
                size *= 2
    return list(found.values())


def points_of(row: ActRow, reference: date | None) -> float:
    """An act's points decayed to the reference day, as `risk.assess` gives them."""
    rule = risk._rule(row[3], row[4])
    return risk._points(rule, risk._day(row[5]), reference) if rule is not None else 0.0
