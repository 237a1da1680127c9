"""The grammar of events: passives, nominal and light-verb events, relative and coordinated
clauses, generic doers."""

from tests.extractors.brief import events

PUB = "2024-06-14"
KENYA_CA = "Communications Authority of Kenya"


def test_a_passive_names_its_agent_with_by() -> None:
    assert events("Telegram was blocked by Kenya's communications authority on Monday.", PUB) == [
        {"type": "Ban", "agent": [KENYA_CA], "affected": ["Telegram"], "jurisdiction": ["Kenya"], "date": "2024-06-10"}
    ]


def test_a_light_verb_and_its_event_noun_are_one_event() -> None:
    assert events("Kenya's communications authority imposed a ban on Telegram on Monday.", PUB) == [
        {"type": "Ban", "agent": [KENYA_CA], "affected": ["Telegram"], "jurisdiction": ["Kenya"], "date": "2024-06-10"}
    ]
    assert events("Kenya's communications authority carried out a review of TikTok's data practices.", PUB) == [
        {"type": "Investigation", "agent": [KENYA_CA], "affected": ["TikTok"], "jurisdiction": ["Kenya"]}
    ]


def test_being_under_an_event_noun_makes_the_subject_its_patient() -> None:
    """'came under', 'is under', 'remains under': the noun's preposition joins the verb as a
    particle would, so the subject is the one investigated and "by" names who investigates."""
    inquiry = {"type": "Investigation", "agent": [KENYA_CA], "affected": ["Telegram"], "jurisdiction": ["Kenya"]}
    assert events("Telegram came under investigation by Kenya's communications authority in March.", PUB) == [
        {**inquiry, "date": "2024-03"}
    ]
    assert events("Telegram has been under review by Kenya's communications authority since March.", PUB) == [
        {**inquiry, "date": "2024-03"}
    ]
    assert events("The law came under criticism from Telegram.", PUB) == []


def test_a_relative_clause_is_its_own_event_with_its_own_date() -> None:
    text = "Kenya's communications authority, which blocked Telegram on Monday, fined Meta on Wednesday."
    assert events(text, PUB) == [
        {"type": "Ban", "agent": [KENYA_CA], "affected": ["Telegram"], "jurisdiction": ["Kenya"], "date": "2024-06-10"},
        {"type": "Fine", "agent": [KENYA_CA], "affected": ["Meta"], "jurisdiction": ["Kenya"], "date": "2024-06-12"},
    ]


def test_coordinated_objects_share_an_event_and_coordinated_agents_split_it() -> None:
    assert events("Kenya blocked Telegram and X on Monday.", PUB) == [
        {
            "type": "Ban",
            "agent": ["Kenya"],
            "affected": ["Telegram", "X"],
            "jurisdiction": ["Kenya"],
            "date": "2024-06-10",
        }
    ]
    assert events("Kenya and Uganda blocked Telegram on Monday.", PUB) == [
        {"type": "Ban", "agent": ["Kenya"], "affected": ["Telegram"], "jurisdiction": ["Kenya"], "date": "2024-06-10"},
        {
            "type": "Ban",
            "agent": ["Uganda"],
            "affected": ["Telegram"],
            "jurisdiction": ["Uganda"],
            "date": "2024-06-10",
        },
    ]


def test_coordinated_verbs_are_two_events() -> None:
    assert events("Pakistan blocked X in February and restored access in May.", PUB) == [
        {"type": "Ban", "agent": ["Pakistan"], "affected": ["X"], "jurisdiction": ["Pakistan"], "date": "2024-02"},
        {
            "type": "BanLifted",
            "agent": ["Pakistan"],
            "affected": ["X"],
            "jurisdiction": ["Pakistan"],
            "date": "2024-05",
        },
    ]


def test_a_clause_with_its_own_unnamed_subject_does_not_borrow_another_agent() -> None:
    # The president signed; the Senate named in the first clause did not.
    assert events("The Senate passed the bill on Tuesday, and the president signed it into law on Friday.", PUB) == [
        {"type": "LegislationEnacted", "agent": ["US Senate"], "jurisdiction": ["United States"], "date": "2024-06-11"}
    ]


def test_a_generic_doer_makes_no_event() -> None:
    assert events("Courts have blocked such laws before.", PUB) == []
    assert events("Regulators have fined platforms billions of euros over the years.", PUB) == []


def test_apps_named_as_examples_are_the_destination_of_users() -> None:
    text = (
        "TikTok was banned in India in June. Within days, homegrown short-video apps such as Moj, Josh "
        "and Chingari reported millions of new sign-ups."
    )
    migrations = [e for e in events(text, "2020-07-10") if e["type"] == "UserMigration"]
    assert migrations == [
        {
            "type": "UserMigration",
            "jurisdiction": ["India"],
            "origin": ["TikTok"],
            "destination": ["Chingari", "Josh", "Moj"],
        }
    ]


def test_a_platform_gaining_users_is_where_they_went_and_a_fronted_clause_is_no_speech() -> None:
    # "added" is also a speech verb; "After X was blocked" is when, not what was said.
    assert events("After X was blocked in Brazil, Bluesky added a million users in a week.", PUB) == [
        {"type": "Ban", "affected": ["X"], "jurisdiction": ["Brazil"]},
        {"type": "UserMigration", "jurisdiction": ["Brazil"], "origin": ["X"], "destination": ["Bluesky"]},
    ]


def test_a_chamber_giving_its_approval_enacts_the_law_told_before() -> None:
    """'gave its final approval': a light verb whose noun has only a possessive pronoun and an
    adjective still names the enactment (the parser's "to" before the law is a dative)."""
    council = {
        "type": "LegislationEnacted",
        "agent": ["Council of the European Union"],
        "jurisdiction": ["European Union"],
    }
    assert events("The Council of the EU gave its final approval to the AI Act on 21 May.", PUB) == [
        {**council, "instrument": ["AI Act"], "date": "2024-05-21"}
    ]
    text = (
        "The European Parliament passed the AI Act in March, and the Council of the EU gave its final approval in May."
    )
    assert events(text, PUB) == [
        {**council, "agent": ["European Parliament"], "instrument": ["AI Act"], "date": "2024-03"},
        {**council, "instrument": ["AI Act"], "date": "2024-05"},
    ]
    assert events("Kenya's communications authority gave its decision on Monday.", PUB) == []


def test_a_doer_told_again_without_the_verb_acts_on_its_own() -> None:
    """'adopted by the Parliament in March and by the Council in May': the second "by" leaves
    the verb out; each chamber's vote is its own event with its own date."""
    assert events(
        "The AI Act was adopted by the European Parliament in March and by the Council of the EU in May.", PUB
    ) == [
        {
            "type": "LegislationEnacted",
            "agent": ["European Parliament"],
            "jurisdiction": ["European Union"],
            "instrument": ["AI Act"],
            "date": "2024-03",
        },
        {
            "type": "LegislationEnacted",
            "agent": ["Council of the European Union"],
            "jurisdiction": ["European Union"],
            "instrument": ["AI Act"],
            "date": "2024-05",
        },
    ]


def test_adding_someone_to_an_inquiry_makes_them_its_subject() -> None:
    assert events(
        "Kenya's communications authority added Telegram to its inquiry into online gambling in March.", PUB
    ) == [
        {
            "type": "Investigation",
            "agent": [KENYA_CA],
            "affected": ["Telegram"],
            "jurisdiction": ["Kenya"],
            "date": "2024-03",
        }
    ]


def test_an_amount_paid_in_fines_is_a_platform_paying_its_fines() -> None:
    """'paid 28.6 million reais in fines': the amount's "in" names what was paid."""
    assert events("Telegram gave ground in May, and in early June it paid 28.6 million reais in fines.", PUB) == [
        {"type": "ComplianceMeasure", "agent": ["Telegram"], "date": "2024-06"}
    ]
    assert events("Telegram paid 28.6 million reais in Brazil.", PUB) == []


def test_the_end_of_a_month_is_a_time_and_a_government_s_directive_is_no_law() -> None:
    text = "Anatel ordered internet providers to block X on August 30. X had been unreachable since the end of August."
    assert events(text, "2024-09-14") == [
        {"type": "Ban", "agent": ["Anatel"], "affected": ["X"], "jurisdiction": ["Brazil"], "date": "2024-08-30"}
    ]
    text = "Nepal's government blocked Facebook on Thursday. It said the ban rests on a directive it adopted in 2023."
    assert [e["type"] for e in events(text, "2024-09-14")] == ["Ban", "ExecutiveOrder"]


def test_a_store_named_with_its_country_makes_the_chart_that_country_s() -> None:
    assert events("Threads climbed to the top of the free chart on Apple's US App Store on July 6.", PUB) == [
        {
            "type": "AppRankingChange",
            "agent": ["Apple App Store"],
            "affected": ["Threads"],
            "jurisdiction": ["United States"],
            "date": "2023-07-06",
        }
    ]


def test_a_reason_clause_names_no_place_of_the_event() -> None:
    """'fined for sending European users' data to China': why, not where; the fine is Ireland's."""
    assert events(
        "Ireland's Data Protection Commission fined TikTok for sending European user data to China.", PUB
    ) == [
        {
            "type": "Fine",
            "agent": ["Irish Data Protection Commission"],
            "affected": ["TikTok"],
            "jurisdiction": ["Ireland"],
        }
    ]


def test_downloads_of_an_app_surging_are_users_going_to_it() -> None:
    assert events("Downloads of Bluesky surged after X was suspended in Brazil.", PUB) == [
        {"type": "UserMigration", "jurisdiction": ["Brazil"], "origin": ["X"], "destination": ["Bluesky"]},
        {"type": "Ban", "affected": ["X"], "jurisdiction": ["Brazil"]},
    ]
    assert events("Shares of Meta jumped on Friday.", PUB) == []


def test_an_event_with_no_participant_at_all_is_not_told() -> None:
    assert events("The ban, which took effect at midnight, applies to all government-issued phones.", PUB) == []


def test_a_ruling_that_a_ban_was_unlawful_is_a_ruling_not_an_order_and_the_court_did_not_ban() -> None:
    text = (
        "Turkey's information authority blocked Wikipedia in April 2017. "
        "Turkey's Constitutional Court ruled on Thursday that the blocking of Wikipedia violated freedom of expression."
    )
    place = {"affected": ["Wikipedia"], "jurisdiction": ["Turkey"]}
    assert events(text, PUB) == [
        {"type": "Ban", "agent": ["Turkey information authority"], **place, "date": "2017-04"},
        {
            "type": "CourtRuling",
            "agent": ["Constitutional Court of Turkey"],
            **place,
            "date": "2024-06-13",
            "outcome": "struck_down",
        },
    ]


def test_granting_a_request_for_an_injunction_is_the_court_s_injunction() -> None:
    text = "A federal judge in California granted NetChoice's request for a preliminary injunction on Tuesday."
    assert events(text, PUB) == [
        {
            "type": "CourtRuling",
            "agent": ["federal court in California"],
            "jurisdiction": ["California"],
            "date": "2024-06-11",
            "outcome": "blocked",
        }
    ]
    assert events("NetChoice filed a request for a preliminary injunction on Tuesday.", PUB) == []


def test_a_passive_the_tagger_read_as_an_adjective_is_still_an_event() -> None:
    """'PayPal was unblocked five days later': the tagger calls "unblocked" an adjective; the
    clause is passive, and the lifting needs no doer in it (the block told before has one)."""
    text = "Indonesia blocked PayPal on July 30. PayPal was unblocked five days later."
    assert events(text, "2022-08-10") == [
        {
            "type": "Ban",
            "agent": ["Indonesia"],
            "affected": ["PayPal"],
            "jurisdiction": ["Indonesia"],
            "date": "2022-07-30",
        },
        {"type": "BanLifted", "affected": ["PayPal"], "jurisdiction": ["Indonesia"], "date": "2022-08-04"},
    ]


def test_access_cut_is_a_ban_and_a_company_registering_under_a_rule_complies() -> None:
    assert events("Indonesia cut access to Steam on July 30.", "2022-08-10") == [
        {
            "type": "Ban",
            "agent": ["Indonesia"],
            "affected": ["Steam"],
            "jurisdiction": ["Indonesia"],
            "date": "2022-07-30",
        }
    ]
    assert events("The company cut prices on Friday.", "2022-08-10") == []
    assert events("Google and Meta registered before the deadline.", "2022-08-10") == [
        {"type": "ComplianceMeasure", "agent": ["Google"]},
        {"type": "ComplianceMeasure", "agent": ["Meta"]},
    ]
    assert events("Meta registered a new trademark under the law.", "2022-08-10") == []


def test_a_named_law_receiving_assent_is_enacted_with_no_one_named_passing_it() -> None:
    assert events("Britain's Online Safety Act received royal assent in October 2023.", PUB) == [
        {
            "type": "LegislationEnacted",
            "jurisdiction": ["United Kingdom"],
            "instrument": ["Online Safety Act 2023"],
            "date": "2023-10",
        }
    ]


def test_fines_imposed_on_a_platform_name_it_though_no_one_imposing_is_named() -> None:
    court = {"agent": ["Supreme Federal Court"], "jurisdiction": ["Brazil"]}
    assert events("Brazil's Supreme Court froze the accounts of Starlink over the fines imposed on X.", PUB) == [
        {"type": "CourtRuling", **court, "affected": ["Starlink"], "outcome": "blocked"},
        {"type": "Fine", "affected": ["X"], "jurisdiction": ["Brazil"]},
    ]


def test_the_platform_s_owner_named_once_closes_its_office_as_the_platform() -> None:
    text = (
        "The court suspended X, deepening a standoff with the platform's owner, Elon Musk. "
        "Musk, who closed X's office in Brazil in August, called the judge a dictator."
    )
    assert events(text, "2024-09-05")[1] == {
        "type": "ServiceShutdown",
        "agent": ["X"],
        "jurisdiction": ["Brazil"],
        "date": "2024-08",
    }


def test_hours_of_arguments_are_arguments_heard() -> None:
    text = "TikTok asked the Supreme Court to block the law. The justices heard two hours of arguments on January 10."
    assert events(text, "2025-01-20")[-1] == {
        "type": "CourtHearing",
        "agent": ["US Supreme Court"],
        "affected": ["TikTok"],
        "jurisdiction": ["United States"],
        "date": "2025-01-10",
    }


def test_proceedings_opened_following_a_complaint_are_into_the_story_s_company_not_the_complainant() -> None:
    text = (
        "The Commission fined Apple on Monday. "
        "The Commission opened formal proceedings in June 2020 following a complaint by Spotify."
    )
    commission = {"agent": ["European Commission"], "jurisdiction": ["European Union"]}
    assert events(text, "2024-03-10")[:2] == [
        {"type": "Fine", **commission, "affected": ["Apple"], "date": "2024-03-04"},
        {"type": "Investigation", **commission, "affected": ["Apple"], "date": "2020-06"},
    ]
    assert events(text, "2024-03-10")[2]["agent"] == ["Spotify"]


def test_restrictions_a_company_applies_are_no_authority_s_ban() -> None:
    text = (
        "The Commission fined Apple on Monday. It found that Apple applied restrictions on app developers, "
        "preventing them from telling iOS users about cheaper offers."
    )
    assert [e["type"] for e in events(text, "2024-03-10")] == ["Fine"]


def test_a_legislature_passing_a_ban_enacts_a_law_and_locking_minors_accounts_complies() -> None:
    assert events("Australia's parliament passed the under-16 ban in November.", "2025-02-10") == [
        {
            "type": "LegislationEnacted",
            "agent": ["Parliament of Australia"],
            "jurisdiction": ["Australia"],
            "date": "2024-11",
        }
    ]
    assert events("Snapchat has begun locking the accounts of users under 16 in Australia.", "2025-02-10") == [
        {"type": "ComplianceMeasure", "agent": ["Snapchat"], "jurisdiction": ["Australia"]}
    ]


def test_an_order_that_a_platform_be_blocked_is_the_ban_itself() -> None:
    """'ordered X blocked': the parser hangs the participle on the object; still one Ban."""
    text = "Justice Alexandre de Moraes had ordered X blocked on August 30 after it failed to name a representative."
    assert [e["type"] for e in events(text, "2024-09-05")] == ["Ban"]


def test_what_an_act_exempts_is_not_what_it_hits() -> None:
    assert events(
        "Kenya's communications authority banned TikTok on Monday. The ban exempts WhatsApp and YouTube.", PUB
    ) == [{"type": "Ban", "agent": [KENYA_CA], "affected": ["TikTok"], "jurisdiction": ["Kenya"], "date": "2024-06-10"}]
    # an exception leaves the act with no platform named, so no event at all
    assert events("Kenya's communications authority blocked every messaging app except Signal on Monday.", PUB) == []
    assert events("WhatsApp was exempted from the ban, which covers TikTok.", PUB) == [
        {"type": "Ban", "affected": ["TikTok"]}
    ]


def test_a_double_barrelled_surname_after_a_title_is_one_name() -> None:
    assert events("Sen. Sarah Hanson-Young criticised the ban on TikTok.", PUB)[0] == {
        "type": "PublicStatement",
        "agent": ["Sarah Hanson-Young"],
        "affected": ["TikTok"],
        "date": "2024-06-14",
    }


def test_an_unnamed_head_of_government_acts_for_the_state() -> None:
    assert events("Kenya's president signed the Computer Misuse Act on Monday.", PUB) == [
        {
            "type": "LegislationEnacted",
            "agent": ["Government of Kenya"],
            "jurisdiction": ["Kenya"],
            "instrument": ["Computer Misuse Act"],
            "date": "2024-06-10",
        }
    ]
    # a minister of a portfolio heads a ministry, not the state: unchanged
    assert events("Brazil's justice minister ordered the suspension of Telegram on Monday.", PUB) == [
        {"type": "Ban", "agent": ["Brazil"], "affected": ["Telegram"], "jurisdiction": ["Brazil"], "date": "2024-06-10"}
    ]


def test_who_appeals_or_pays_a_penalty_is_the_one_it_was_laid_on() -> None:
    # the fine is told in passing, as the object of the appeal; it was imposed all the same
    assert events("TikTok will appeal a €530 million fine imposed by Ireland's Data Protection Commission.", PUB) == [
        {
            "type": "Fine",
            "agent": ["Irish Data Protection Commission"],
            "affected": ["TikTok"],
            "jurisdiction": ["Ireland"],
        }
    ]


def test_an_authority_s_inquiry_named_on_the_noun_is_into_the_story_s_company() -> None:
    text = (
        "Ireland's Data Protection Commission fined TikTok on Friday. The ruling followed a multi-year DPC "
        "investigation, which began in September 2021."
    )
    assert [e for e in events(text, PUB) if e["type"] == "Investigation"] == [
        {
            "type": "Investigation",
            "agent": ["Irish Data Protection Commission"],
            "affected": ["TikTok"],
            "jurisdiction": ["Ireland"],
            "date": "2021-09",
        }
    ]


def test_an_order_s_own_clause_names_whom_it_binds() -> None:
    """'signed an order requiring X to ...', 'an executive order barring X', 'an order which
    banned ... X': the order hits whom its words bind; a clause telling who made the order
    ('the order that Trump signed') binds nobody."""
    biden = {"type": "ExecutiveOrder", "agent": ["Joe Biden"], "jurisdiction": ["United States"]}
    assert events("President Joe Biden signed an executive order barring Huawei from US networks.", PUB) == [
        {**biden, "affected": ["Huawei"]}
    ]
    assert events("In 2021 President Joe Biden signed an executive order which banned investments in Huawei.", PUB) == [
        {**biden, "affected": ["Huawei"], "date": "2021"}
    ]
    assert events("On Tuesday President Joe Biden signed an order requiring Acme Holdings to sell its stake.", PUB) == [
        {**biden, "affected": ["Acme Holdings"], "date": "2024-06-11"}
    ]
    assert events("The order that President Joe Biden signed on Tuesday did not name Huawei.", PUB) == [
        {**biden, "date": "2024-06-11"}
    ]


def test_a_by_phrase_on_an_active_light_verb_names_whom_the_act_is_about_not_its_doer() -> None:
    """The parser hangs 'by Temu' on 'opened': the Commission opened the investigation, into
    Temu's breaches."""
    assert events(
        "The European Commission opened an investigation into possible breaches of the Digital Services Act by Temu.",
        PUB,
    ) == [
        {
            "type": "Investigation",
            "agent": ["European Commission"],
            "affected": ["Temu"],
            "jurisdiction": ["European Union"],
            "instrument": ["Digital Services Act"],
        }
    ]


def test_a_participle_saying_what_an_issued_rule_requires_is_that_rule_not_a_second_one() -> None:
    assert events(
        "Vietnam's government issued Decree 147 in November, requiring platforms to store data locally.", PUB
    ) == [
        {
            "type": "ExecutiveOrder",
            "agent": ["Government of Vietnam"],
            "jurisdiction": ["Vietnam"],
            "instrument": ["Decree 147/2024/ND-CP"],
            "date": "2023-11",
        }
    ]


def test_a_law_that_passes_a_chamber_is_passed_by_that_chamber() -> None:
    """'The bill passed the Senate': the verb's object is the one that votes; a stage the bill
    passes ('a second reading') is no chamber and no enactment."""
    assert events("The Kids Online Safety Act passed the Senate 91-3 in May.", PUB) == [
        {
            "type": "LegislationEnacted",
            "agent": ["US Senate"],
            "jurisdiction": ["United States"],
            "instrument": ["Kids Online Safety Act"],
            "date": "2024-05",
        }
    ]
    assert events("In Kenya, the bill cleared parliament on Tuesday.", PUB) == [
        {
            "type": "LegislationEnacted",
            "agent": ["Parliament of Kenya"],
            "jurisdiction": ["Kenya"],
            "date": "2024-06-11",
        }
    ]
    assert [e["type"] for e in events("The bill passed its second reading in the Senate in May.", PUB)] == [
        "LegislationProposed"
    ]
    assert events("The start-up passed the audit in May.", PUB) == []
