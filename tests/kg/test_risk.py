"""Risk per jurisdiction, worked out by hand from kg/risk_rules.toml: a ban is 60 points, a fine
25, a lifted ban -40, an upheld ruling 45, a blocked measure -15; points halve every 730 days
before the reference date; undated events count 0.6; SEVERE from 80, HIGH 45, MEDIUM 15."""

from __future__ import annotations

import random
from datetime import date

import pytest

from kg.risk import ScoredEvent, assess, rules, score

REF = date(2025, 1, 1)


def ev(event: str, etype: str, day: str | None, outcome: str | None = None, **names: str) -> ScoredEvent:
    return ScoredEvent(event=event, type=etype, outcome=outcome, date=day, names=names)


def test_the_rules_file_holds_the_numbers_these_tests_work_from() -> None:
    cfg = rules()
    assert cfg["recency"] == {"half_life_days": 730, "undated_factor": 0.6}
    assert cfg["levels"] == {"SEVERE": 80, "HIGH": 45, "MEDIUM": 15, "LOW": 0}
    points = {(r["when"]["type"], r["when"].get("outcome")): r["points"] for r in cfg["rule"]}
    assert points[("Ban", None)] == 60 and points[("Fine", None)] == 25 and points[("BanLifted", None)] == -40
    assert points[("CourtRuling", "upheld")] == 45 and points[("CourtRuling", "blocked")] == -15


def test_a_ban_today_is_sixty_points_high() -> None:
    result = assess([ev("e1", "Ban", "2025-01-01", agent="Ruritania", affected="TikTok")], REF)
    assert (result.score, result.level, result.status) == (60.0, "HIGH", "banned")
    assert [(r.text, r.points, r.event) for r in result.reasons] == [
        ("Ruritania banned or blocked TikTok (2025-01-01)", 60.0, "e1")
    ]


def test_points_halve_every_two_years() -> None:
    # 730 days before REF: half; 1460 days: a quarter
    assert assess([ev("e1", "Ban", "2023-01-02")], REF).score == 30.0
    assert assess([ev("e1", "Ban", "2021-01-02")], REF).score == 15.0
    assert assess([ev("e1", "Fine", "2024-01-02")], REF).score == round(25 * 0.5 ** (365 / 730), 1)  # 17.7


def test_an_undated_event_counts_six_tenths() -> None:
    result = assess([ev("e1", "Fine", None, agent="A", affected="B", amount="€1")], REF)
    assert (result.score, result.level) == (15.0, "MEDIUM")
    assert result.reasons[0].text == "A fined B €1 (undated)"


def test_a_ban_and_an_upheld_ruling_are_severe_and_status_is_the_newest() -> None:
    result = assess([ev("e1", "Ban", "2024-12-01"), ev("e2", "CourtRuling", "2025-01-01", outcome="upheld")], REF)
    # 60 * 0.5^(31/730) + 45 = 58.25... + 45
    assert result.score == round(60 * 0.5 ** (31 / 730) + 45, 1) == 103.3
    assert (result.level, result.status) == ("SEVERE", "ruling upheld")
    assert [r.event for r in result.reasons] == ["e1", "e2"]  # largest points first


def test_a_lifted_ban_subtracts_and_the_score_never_goes_below_zero() -> None:
    lifted = assess([ev("e1", "Ban", "2025-01-01"), ev("e2", "BanLifted", "2025-01-01")], REF)
    assert (lifted.score, lifted.level) == (20.0, "MEDIUM")
    alone = assess([ev("e1", "BanLifted", "2025-01-01")], REF)
    assert (alone.score, alone.level, alone.status) == (0.0, "LOW", "ban lifted")


@pytest.mark.parametrize(
    ("events", "score", "level"),
    [
        ([("Fine", "2025-01-01", None)], 25.0, "MEDIUM"),
        ([("Fine", None, None)], 15.0, "MEDIUM"),  # exactly the MEDIUM threshold
        ([("Fine", "2025-01-01", None), ("CourtRuling", "2025-01-01", "blocked")], 10.0, "LOW"),
        ([("CourtRuling", "2025-01-01", "upheld")], 45.0, "HIGH"),  # exactly the HIGH threshold
        ([("Ban", "2025-01-01", None), ("Fine", None, None)], 75.0, "HIGH"),
        ([("Ban", "2025-01-01", None), ("Fine", "2025-01-01", None)], 85.0, "SEVERE"),
    ],
)
def test_levels_follow_the_thresholds(events, score: float, level: str) -> None:
    scored = [ev(f"e{i}", t, d, outcome=o, agent=f"agent {i}") for i, (t, d, o) in enumerate(events)]
    result = assess(scored, REF)
    assert (result.score, result.level) == (score, level)


def test_every_act_given_counts_even_of_one_kind_and_month() -> None:
    # the reports of one act were joined before (kg/instances.py): two acts here are two acts
    two = [ev("e1", "Ban", "2025-01", agent="Ruritania"), ev("e2", "Ban", "2025-01-01", agent="Ruritania")]
    result = assess(two, REF)
    assert (result.score, sorted(r.event for r in result.reasons)) == (120.0, ["e1", "e2"])


def test_an_event_no_rule_covers_adds_nothing() -> None:
    result = assess([ev("e1", "UserMigration", "2025-01-01")], REF)
    assert (result.score, result.level, result.status, result.reasons) == (0.0, "LOW", "monitored", [])


def test_without_a_reference_date_every_dated_event_counts_as_undated() -> None:
    assert assess([ev("e1", "Ban", "2020-01-01")], None).score == 36.0


def test_a_reason_names_what_is_known_and_says_so_when_it_is_not() -> None:
    texts = [
        r.text for r in assess([ev("e1", "Ban", "2025-01-01"), ev("e2", "Fine", None, agent="Ofcom")], REF).reasons
    ]
    assert texts == ["an unnamed party banned or blocked it (2025-01-01)", "Ofcom fined it  (undated)"]


@pytest.mark.parametrize(
    ("day", "points"),
    [
        ("2025-01-01", 60.0),
        ("2025-01", 60.0),  # a month counts from its first day
        ("2025", 60.0),  # a year from its first day
        ("2023-01", 30.0),  # 2023-01-01: 731 days back, just over a half-life
        ("2025-13", 36.0),  # not a date: counted as undated
        ("next year", 36.0),
    ],
)
def test_dates_of_any_precision_count_from_their_first_day(day: str, points: float) -> None:
    assert assess([ev("e1", "Ban", day)], REF).score == points


def test_the_same_action_in_two_months_counts_twice() -> None:
    result = assess([ev("e1", "Ban", "2024-12-01", agent="A"), ev("e2", "Ban", "2025-01-01", agent="A")], REF)
    assert [r.event for r in result.reasons] == ["e2", "e1"]


def test_status_is_the_newest_events_whatever_the_ids_say() -> None:
    # ids sort the other way from dates: the status must still be the newer event's
    result = assess([ev("z-old", "Ban", "2024-01-01"), ev("a-new", "BanLifted", "2025-01-01")], REF)
    assert result.status == "ban lifted"
    result = assess([ev("a-old", "BanLifted", "2024-01-01"), ev("z-new", "Ban", "2025-01-01")], REF)
    assert result.status == "banned"


def test_an_uncovered_event_does_not_stop_the_others_from_counting() -> None:
    result = assess([ev("a", "UserMigration", "2024-01-01"), ev("b", "Ban", "2025-01-01")], REF)
    assert (result.score, [r.event for r in result.reasons]) == (60.0, ["b"])


def test_points_are_rounded_to_one_decimal() -> None:
    [reason] = assess([ev("e1", "Fine", "2024-01-02")], REF).reasons
    assert reason.points == 17.7  # 25 * 0.5 ** (365 / 730) = 17.677...


def test_score_alone_is_the_score_assess_gives_for_any_acts() -> None:
    """exposure ranks every jurisdiction by `score` and assesses only the page's: the two must
    agree to the last digit, or pages would not put together the whole answer."""
    rnd = random.Random(8)
    kinds = [(r["when"]["type"], r["when"].get("outcome")) for r in rules()["rule"]] + [("Lawsuit", None)]
    days = [None, "2019", "2023-07", "2024-02-29", "2024-12-31", "2025-01-19", "2026-03-01"]
    for _ in range(300):
        acts = [(f"urn:act:{n}", *rnd.choice(kinds), rnd.choice(days)) for n in range(rnd.randint(1, 12))]
        reference = rnd.choice([None, date(2025, 1, 20), date(2024, 6, 1)])
        events = [ScoredEvent(iri, kind, outcome, day, {}) for iri, kind, outcome, day in acts]
        assert score(acts, reference) == assess(events, reference).score, (acts, reference)
