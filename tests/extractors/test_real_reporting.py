"""Constructions news reports use for court rulings, app stores, shutdowns and investigations.

Each sentence is written for the test (none is in a corpus); each pins the whole output.
"""

from extractors.extract import extract
from tests.extractors.brief import events


def test_a_store_owner_putting_an_app_back_is_an_app_store_restoration() -> None:
    # the store's act, one per store; the service itself never went away
    assert events("Apple and Google restored Telegram to their app stores in Vietnam on Thursday.", "2023-05-20") == [
        {
            "type": "AppStoreRemoval",
            "agent": ["Apple", "Apple App Store"],
            "affected": ["Telegram"],
            "jurisdiction": ["Vietnam"],
            "date": "2023-05-18",
            "outcome": "restored",
        },
        {
            "type": "AppStoreRemoval",
            "agent": ["Google", "Google Play"],
            "affected": ["Telegram"],
            "jurisdiction": ["Vietnam"],
            "date": "2023-05-18",
            "outcome": "restored",
        },
    ]
    assert events("Apple reinstated Telegram in its store on Thursday.", "2023-05-20") == [
        {
            "type": "AppStoreRemoval",
            "agent": ["Apple", "Apple App Store"],
            "affected": ["Telegram"],
            "date": "2023-05-18",
            "outcome": "restored",
        }
    ]

    # the publisher putting its own app back is its service returning, not a store's act
    assert events("Tencent restored WeChat to app stores in Vietnam on Thursday.", "2023-05-20") == [
        {"type": "ServiceRestored", "agent": ["Tencent", "WeChat"], "jurisdiction": ["Vietnam"], "date": "2023-05-18"}
    ]


def test_a_platforms_users_suing_are_not_the_platform_suing() -> None:
    # the suit stands, against whom it names; its plaintiffs are no entity
    assert events("Three Snapchat users filed a lawsuit against the state of Utah on Monday.", "2025-03-07") == [
        {"type": "LegalChallenge", "affected": ["Utah"], "jurisdiction": ["Utah"], "date": "2025-03-03"}
    ]
    # whom it is against must come from its own clause, not from the story around it
    text = "Governor Ana Ruiz signed the bill in May. A lawsuit was brought by five Snapchat users."
    assert [e["type"] for e in events(text, "2025-03-07")] == ["LegislationEnacted"]
    # the platform itself among the plaintiffs still sues
    assert events("Snapchat and two of its users sued Utah on Monday.", "2025-03-07") == [
        {
            "type": "LegalChallenge",
            "agent": ["Snapchat"],
            "affected": ["Utah"],
            "jurisdiction": ["Utah"],
            "date": "2025-03-03",
        }
    ]


def test_filing_a_notice_of_appeal_is_an_appeal() -> None:
    # the paper filed carries the act: the filer appeals, on the day it filed
    assert events("Snap filed a notice of appeal with the Ninth Circuit on Tuesday.", "2024-11-22") == [
        {"type": "LegalChallenge", "agent": ["Snap Inc."], "jurisdiction": ["United States"], "date": "2024-11-19"}
    ]
    assert events("The regulator served a notice of suspension on Telegram on Tuesday.", "2024-11-22") == [
        {"type": "Ban", "affected": ["Telegram"], "date": "2024-11-19"}
    ]


def test_a_ban_taking_effect_is_the_ban_on_that_day_not_a_new_regulation() -> None:
    assert events("Nepal's ban on Telegram took effect on Wednesday.", "2025-03-07") == [
        {"type": "Ban", "agent": ["Nepal"], "affected": ["Telegram"], "jurisdiction": ["Nepal"], "date": "2025-03-05"}
    ]
    assert events("The ban on Telegram came into force at midnight on Wednesday.", "2025-03-07") == [
        {"type": "Ban", "affected": ["Telegram"], "date": "2025-03-05"}
    ]


def test_a_lifting_told_as_a_permission_has_the_permissions_day() -> None:
    assert events(
        "On Monday, Kenya's Communications Authority permitted Telegram to return to the country.", "2025-03-07"
    ) == [
        {
            "type": "BanLifted",
            "agent": ["Communications Authority of Kenya"],
            "affected": ["Telegram"],
            "jurisdiction": ["Kenya"],
            "date": "2025-03-03",
        }
    ]
    assert events("India's Supreme Court on Monday allowed Telegram to resume operations in India.", "2025-03-07") == [
        {
            "type": "BanLifted",
            "agent": ["Supreme Court of India"],
            "affected": ["Telegram"],
            "jurisdiction": ["India"],
            "date": "2025-03-03",
        }
    ]


def test_a_court_turning_away_a_request_rules_against_it() -> None:
    # the ruling is done; the halt asked for is not
    text = "Kenya's High Court on Monday turned away Meta's request to halt the data law."
    assert events(text, "2025-03-07") == [
        {
            "type": "CourtRuling",
            "agent": ["High Court of Kenya"],
            "affected": ["Meta"],
            "jurisdiction": ["Kenya"],
            "date": "2025-03-03",
            "outcome": "dismissed",
        }
    ]


def test_the_retailer_refers_to_the_shopping_platform_told_before() -> None:
    # a second authority's inquiry into the same platform is its own event
    text = (
        "The European Commission opened proceedings against Shein on Monday. "
        "South Korea's Fair Trade Commission is also investigating the retailer for misleading advertising."
    )
    assert events(text, "2025-03-07") == [
        {
            "type": "Investigation",
            "agent": ["European Commission"],
            "affected": ["Shein"],
            "jurisdiction": ["European Union"],
            "date": "2025-03-03",
        },
        {
            "type": "Investigation",
            "agent": ["Korea Fair Trade Commission"],
            "affected": ["Shein"],
            "jurisdiction": ["South Korea"],
        },
    ]


def test_where_an_apps_owner_is_from_is_not_where_the_story_is() -> None:
    # "Chinese-owned", "Russian-founded" label the app; they name no place the removal is in
    assert events("The Chinese-owned shopping app Temu was removed from app stores on Monday.", "2025-03-07") == [
        {"type": "AppStoreRemoval", "affected": ["Temu"], "date": "2025-03-03", "outcome": "removed"}
    ]
    assert events("Telegram, a Russian-founded app, was pulled from the app stores on Monday.", "2025-03-07") == [
        {"type": "AppStoreRemoval", "affected": ["Telegram"], "date": "2025-03-03", "outcome": "removed"}
    ]


def test_two_named_judges_ruling_are_two_rulings() -> None:
    # the same outcome on the same company from one kind of court, by two judges: not one event
    text = (
        "U.S. District Judge Ana Ruiz dismissed the case against Meta on Monday. "
        "U.S. District Judge Tom Bell rejected Meta's request to dismiss a separate case."
    )
    assert events(text, "2024-04-16") == [
        {
            "type": "CourtRuling",
            "agent": ["Ana Ruiz", "court in United States"],
            "affected": ["Meta"],
            "jurisdiction": ["United States"],
            "date": "2024-04-15",
            "outcome": "dismissed",
        },
        {
            "type": "CourtRuling",
            "agent": ["Tom Bell", "court in United States"],
            "affected": ["Meta"],
            "jurisdiction": ["United States"],
            "outcome": "dismissed",
        },
    ]


def test_a_court_named_with_its_country_spelled_out_is_the_known_court() -> None:
    # "United States Court of Appeals ..." and "DC Circuit Court of Appeals": one known court
    text = (
        "The United States Court of Appeals for the DC Circuit heard arguments on Monday. "
        "Lawyers for Snap argued before the DC Circuit Court of Appeals that the law was unconstitutional."
    )
    found = extract(text, "2024-09-17")
    courts = sorted(e.label for e in found.entities if e.type == "Court")
    assert courts == ["US Court of Appeals for the District of Columbia Circuit"]
    assert events(
        "The United States Court of Appeals for the Ninth Circuit heard arguments on Monday.", "2024-09-17"
    ) == [
        {
            "type": "CourtHearing",
            "agent": ["US Court of Appeals for the Ninth Circuit"],
            "jurisdiction": ["United States"],
            "date": "2024-09-16",
        }
    ]


def test_the_day_after_said_is_the_sayings_not_the_reported_acts() -> None:
    # the parser hangs "on Monday" on "withdraw"; it tells when Google spoke
    text = "Google said on Monday it would withdraw its news service from Spain on May 2."
    assert events(text, "2024-04-16") == [
        {"type": "ServiceShutdown", "agent": ["Google"], "jurisdiction": ["Spain"], "date": "2024-05-02"}
    ]


def test_an_act_said_to_come_takes_no_day_from_the_saying() -> None:
    # no day for the closing itself: announced, not done
    text = "Google said on Monday that it would close its news service in Spain."
    assert events(text, "2024-04-16") == []
    assert events(text, "2024-04-16", unasserted=True) == [
        {"type": "ServiceShutdown", "agent": ["Google"], "jurisdiction": ["Spain"], "factuality": "planned"}
    ]
    # what it said it had done is done, on the day it said so
    assert events("Google said on Monday it had closed its news service in Spain.", "2024-04-16") == [
        {"type": "ServiceShutdown", "agent": ["Google"], "jurisdiction": ["Spain"], "date": "2024-04-15"}
    ]


def test_an_unnamed_judge_sits_where_the_story_seats_the_judge() -> None:
    # "U.S." in the title says federal, not where; "in Utah" says where
    text = "A U.S. District Judge in Utah blocked the state's social media law on Tuesday."
    assert events(text, "2024-09-02") == [
        {
            "type": "CourtRuling",
            "agent": ["federal court in Utah"],
            "jurisdiction": ["Utah"],
            "date": "2024-08-27",
            "outcome": "blocked",
        }
    ]


def test_closing_an_investigation_cuts_nobody_off() -> None:
    # the inquiry's target is no banned platform; the inquiry itself stays told
    text = "The Federal Trade Commission closed its investigation into Snap on Monday without taking action."
    assert events(text, "2024-09-02") == [
        {
            "type": "Investigation",
            "agent": ["Federal Trade Commission"],
            "affected": ["Snap Inc."],
            "jurisdiction": ["United States"],
            "date": "2024-09-02",
        }
    ]
    assert events("Kenya's regulator suspended its inquiry into Telegram on Monday.", "2024-09-02") == []


def test_taking_an_app_off_a_store_removes_it_and_taking_off_alone_does_not() -> None:
    assert events("Google took Telegram off the Play Store in Vietnam on Tuesday.", "2024-06-14") == [
        {
            "type": "AppStoreRemoval",
            "agent": ["Google", "Google Play"],
            "affected": ["Telegram"],
            "jurisdiction": ["Vietnam"],
            "date": "2024-06-11",
            "outcome": "removed",
        }
    ]
    assert events("Downloads of Threads took off in Apple's store in July.", "2024-06-14") == []


def test_a_fine_whose_participle_the_parser_hangs_on_its_amount_is_the_fine_s() -> None:
    # "the fine of EUR 1.2 billion imposed in May 2023 ... on Meta": on whom, and when
    assert events(
        "The largest case was the record fine of EUR 1.2 billion imposed in May 2023 in Ireland on Meta."
    ) == [{"type": "Fine", "affected": ["Meta"], "jurisdiction": ["Ireland"], "date": "2023-05"}]


def test_apps_told_alongside_the_object_are_affected_too_and_a_doer_alongside_is_not() -> None:
    assert events("The Laotian government blocked Zalo on Tuesday, alongside Telegram and Viber.", "2024-06-14") == [
        {
            "type": "Ban",
            "agent": ["Government of Laos"],
            "affected": ["Telegram", "Viber", "Zalo"],
            "jurisdiction": ["Laos"],
            "date": "2024-06-11",
        }
    ]
    assert events("The Laotian government blocked Zalo on Tuesday, along with Telegram.", "2024-06-14")[0][
        "affected"
    ] == [
        "Telegram",
        "Zalo",
    ]
    # a regulator cannot be blocked: it stays out
    assert events("The ministry blocked Telegram alongside the national regulator.") == [
        {"type": "Ban", "affected": ["Telegram"]}
    ]


def test_announcing_a_restriction_on_a_platform_tells_the_ban_not_a_new_rule() -> None:
    # was two events: a RegulationIssued 'announced' beside the Ban 'restriction'
    assert events("Roskomnadzor has announced a partial restriction on voice calls on Telegram.", "2024-06-14") == [
        {
            "type": "Ban",
            "agent": ["Roskomnadzor"],
            "affected": ["Telegram"],
            "jurisdiction": ["Russia"],
            "date": "2024-06-13",
        }
    ]
