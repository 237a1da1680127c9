"""Background events: acts a clause only refers to ("reversed most of the judge's ruling",
"Citing a Supreme Court decision, ..."), which keep their own date and join the act they name,
and acts of two courts of one country, which stay two."""

from extractors.extract import extract
from tests.extractors.brief import events


def test_an_act_another_verb_acts_on_keeps_its_own_date_and_joins_its_event() -> None:
    # the appeals court's year is the overturning's, not the judge's ruling's: one ruling, 2022
    text = (
        "Judge Anne Whitfield blocked Oregon's social media law in August 2022. "
        "An appeals court in 2023 overturned most of Whitfield's ruling."
    )
    assert events(text, "2024-10-07") == [
        {
            "type": "CourtRuling",
            "agent": ["Anne Whitfield", "court in Oregon"],
            "jurisdiction": ["Oregon"],
            "date": "2022-08",
            "outcome": "blocked",
        }
    ]


def test_a_decision_a_participle_cites_is_not_dated_by_the_main_clause() -> None:
    # Monday is the day the case went back; the decision cited is the July ruling told next
    text = (
        "Citing a Supreme Court decision, the Ninth Circuit on Monday sent the case back to the district court. "
        "The Supreme Court struck down the law on July 1."
    )
    assert events(text, "2024-10-07") == [
        {
            "type": "CourtRuling",
            "agent": ["US Supreme Court"],
            "jurisdiction": ["United States"],
            "date": "2024-07-01",
            "outcome": "struck_down",
        }
    ]


def test_rulings_of_two_courts_of_one_country_are_two_events() -> None:
    # both courts are American, but the Supreme Court's ruling is not the appeals court's
    text = (
        "By five votes to four, the US Supreme Court upheld Ohio's age-verification law. "
        "The Sixth Circuit Court of Appeals upheld the law in May 2024."
    )
    assert events(text, "2025-07-02") == [
        {"type": "CourtRuling", "agent": ["US Supreme Court"], "jurisdiction": ["United States"], "outcome": "upheld"},
        {
            "type": "CourtRuling",
            "agent": ["US Court of Appeals for the Sixth Circuit"],
            "jurisdiction": ["United States"],
            "date": "2024-05",
            "outcome": "upheld",
        },
    ]


def test_a_federal_court_ruling_on_a_state_law_told_before_is_the_state_s() -> None:
    # the law is named in the sentence before; the ruling on it is Ohio's, as when it is named
    text = (
        "Ohio's Social Media Parental Notification Act requires platforms to obtain parental consent for users "
        "under 16. The Sixth Circuit Court of Appeals upheld the requirement in May 2024."
    )
    assert events(text, "2025-07-02") == [
        {
            "type": "CourtRuling",
            "agent": ["US Court of Appeals for the Sixth Circuit"],
            "jurisdiction": ["Ohio"],
            "instrument": ["Social Media Parental Notification Act"],
            "date": "2024-05",
            "outcome": "upheld",
        }
    ]


def test_a_judge_a_court_sends_a_case_back_to_does_not_sit_on_that_court() -> None:
    # the relative clause tells the judge's own earlier ruling; the appeals court is not its doer
    text = (
        "The Ninth Circuit Court of Appeals on Friday sent the case back to Judge Anne Whitfield, "
        "who in 2021 blocked Oregon's social media law."
    )
    assert events(text, "2024-10-07") == [
        {
            "type": "CourtRuling",
            "agent": ["Anne Whitfield", "court in Oregon"],
            "jurisdiction": ["Oregon"],
            "date": "2021",
            "outcome": "blocked",
        }
    ]


def test_a_district_judge_does_not_sit_on_the_appeals_court_named_before() -> None:
    # the judge's court is one in Oregon; the "US" of the title is not its place
    text = (
        "The Ninth Circuit Court of Appeals heard the state's appeal in March. "
        "US District Judge Anne Whitfield had blocked Oregon's social media law in 2023."
    )
    rulings = [e for e in events(text, "2024-10-07") if e["type"] == "CourtRuling"]
    assert rulings == [
        {
            "type": "CourtRuling",
            "agent": ["Anne Whitfield", "court in Oregon"],
            "jurisdiction": ["Oregon"],
            "date": "2023",
            "outcome": "blocked",
        }
    ]


def _fines(text: str, published: str) -> list[tuple[object, ...]]:
    ex = extract(text, published)
    labels = {e.id: e.label for e in ex.entities}
    return [
        (
            e.date,
            [labels[i] for i in e.roles.get("affected", [])],
            e.amount.value if e.amount else None,
            [m.trigger for m in e.evidence],
        )
        for e in ex.events
        if e.type == "Fine"
    ]


def test_a_fine_told_in_an_after_clause_is_another_fine_with_its_own_amount() -> None:
    # "it" is the authority named after the clause, not Shein named before; the €40 million
    # is the earlier fine's, and the two fines stay two
    text = (
        "Shein has faced growing pressure in Europe. Weeks after it fined Shein €40 million over misleading "
        "discounts, France's competition authority imposed a new fine on Shein on Thursday."
    )
    assert _fines(text, "2024-05-10") == [
        (None, ["Shein"], 40_000_000, ["fined"]),
        ("2024-05-09", ["Shein"], None, ["fine"]),
    ]


def test_each_fine_of_a_sentence_telling_two_takes_the_names_after_its_own_word() -> None:
    text = (
        "Days after it fined Temu and Shein €20 million over fake reviews, Poland's consumer watchdog "
        "imposed a new fine jointly on Shein and AliExpress."
    )
    assert _fines(text, "2024-05-10") == [
        (None, ["Temu"], 20_000_000, ["fined"]),
        (None, ["Shein"], 20_000_000, ["fined"]),
        (None, ["Shein"], None, ["fine"]),
        (None, ["AliExpress"], None, ["fine"]),
    ]


def test_the_act_a_fine_follows_is_not_the_fine_the_lede_tells() -> None:
    text = "Spain's competition authority has fined Uber €3 million. The penalty follows Uber being fined in 2021."
    assert _fines(text, "2024-05-10") == [
        ("2024-05-09", ["Uber"], 3_000_000, ["fined", "penalty"]),
        ("2021", ["Uber"], None, ["fined"]),
    ]


def test_a_ban_told_as_the_lifting_s_background_is_not_dated_by_the_lifting() -> None:
    # "according to state media" shares Tuesday with the lifting; the years of blocking are
    # the 2022 ban the next sentence dates, one ban told three times
    text = (
        "After more than two years of blocking the service, on Tuesday Iran lifted the ban on WhatsApp, "
        "according to state media. Despite its ban in 2022, the app was still widely used in Iran."
    )
    ex = extract(text, "2024-12-27")
    assert [(e.type, e.date, [m.trigger for m in e.evidence]) for e in ex.events] == [
        ("Ban", "2022", ["blocking", "ban", "ban"]),
        ("BanLifted", "2024-12-24", ["lifted"]),
    ]


def test_a_ban_an_injunction_is_against_is_not_dated_by_the_injunction() -> None:
    text = (
        "On Friday, US District Judge Anne Whitfield granted an injunction against Oregon's ban on Telegram. "
        "The ban was imposed by the state in May."
    )
    assert events(text, "2024-10-07") == [
        {
            "type": "CourtRuling",
            "agent": ["Anne Whitfield", "court in Oregon"],
            "affected": ["Telegram"],
            "jurisdiction": ["Oregon"],
            "date": "2024-10-04",
            "outcome": "blocked",
        },
        {
            "type": "Ban",
            "agent": ["Oregon"],
            "affected": ["Telegram"],
            "jurisdiction": ["Oregon"],
            "date": "2024-05",
        },
    ]


def test_an_injunction_to_block_a_law_is_one_ruling() -> None:
    # the infinitive tells the injunction's purpose, not a second ruling with a guessed court
    text = (
        "The Ninth Circuit Court of Appeals upheld the law in March. "
        "In 2021, US District Judge Anne Whitfield had issued an injunction to block Oregon's social media law."
    )
    assert events(text, "2024-10-07") == [
        {
            "type": "CourtRuling",
            "agent": ["US Court of Appeals for the Ninth Circuit"],
            "jurisdiction": ["United States"],
            "date": "2024-03",
            "outcome": "upheld",
        },
        {
            "type": "CourtRuling",
            "agent": ["Anne Whitfield", "court in Oregon"],
            "jurisdiction": ["Oregon"],
            "date": "2021",
            "outcome": "blocked",
        },
    ]


def test_a_lone_judge_is_not_seated_on_an_appeals_court_another_sentence_names() -> None:
    # the Denver judge's earlier refusal is the trial court's act, not the appeals court's
    text = (
        "The Tenth Circuit Court of Appeals on Tuesday rejected Colorado's request to reinstate its ban on "
        "Telegram. A judge in Denver had rejected the same request on October 2."
    )
    rulings = [e for e in events(text, "2024-10-10") if e["type"] == "CourtRuling"]
    assert [(e["agent"], e.get("date")) for e in rulings] == [
        (["US Court of Appeals for the Tenth Circuit"], "2024-10-08"),
        (["court in Denver"], "2024-10-02"),
    ]


def test_a_federal_judge_named_before_an_appeals_court_sits_on_a_court_of_the_state() -> None:
    text = (
        "Federal Judge Maria Ortiz granted an injunction against Colorado's ban on Telegram in May. "
        "Colorado appealed to the Tenth Circuit Court of Appeals."
    )
    rulings = [e for e in events(text, "2024-10-10") if e["type"] == "CourtRuling"]
    assert [(e["agent"], e["jurisdiction"]) for e in rulings] == [(["Maria Ortiz", "court in Colorado"], ["Colorado"])]
