"""Only what the article states as done is an event; the rest is kept with its factuality."""

from tests.extractors.brief import events

PUB = "2024-06-14"


def test_a_possibility_is_hedged() -> None:
    assert events("The government could ban Telegram if it refuses to hand over data.", PUB) == []
    assert events("The government could ban Telegram if it refuses to hand over data.", PUB, unasserted=True) == [
        {"type": "Ban", "affected": ["Telegram"], "factuality": "hedged"}
    ]


def test_a_threat_is_threatened() -> None:
    text = "Vietnam has threatened to shut down TikTok unless it removes harmful content."
    assert events(text, PUB) == []
    assert events(text, PUB, unasserted=True) == [
        {
            "type": "Ban",
            "agent": ["Vietnam"],
            "affected": ["TikTok"],
            "jurisdiction": ["Vietnam"],
            "factuality": "threatened",
        },
        # the condition is a compliance step that has not happened either
        {"type": "ComplianceMeasure", "agent": ["TikTok"], "jurisdiction": ["Vietnam"], "factuality": "conditional"},
    ]


def test_a_negated_action_is_negated() -> None:
    assert events("Brazil did not ban X, despite months of speculation.", PUB, unasserted=True) == [
        {"type": "Ban", "agent": ["Brazil"], "affected": ["X"], "jurisdiction": ["Brazil"], "factuality": "negated"}
    ]


def test_an_obligation_not_yet_met_is_required() -> None:
    text = "Telegram must appoint a local representative under the new Kenyan rules."
    assert events(text, PUB) == []
    assert events(text, PUB, unasserted=True) == [
        {"type": "ComplianceMeasure", "agent": ["Telegram"], "jurisdiction": ["Kenya"], "factuality": "required"}
    ]


def test_a_consideration_is_planned() -> None:
    text = "Kenya's communications regulator is reportedly considering a ban on Telegram."
    assert events(text, PUB, unasserted=True) == [
        {
            "type": "Ban",
            "agent": ["Communications Authority of Kenya"],
            "affected": ["Telegram"],
            "jurisdiction": ["Kenya"],
            "factuality": "planned",
        }
    ]


def test_a_hearing_ahead_is_planned_and_dated_forward() -> None:
    assert events("Kenya's High Court will hear Telegram's challenge on Monday.", PUB, unasserted=True) == [
        {
            "type": "CourtHearing",
            "agent": ["High Court of Kenya"],
            "affected": ["Telegram"],
            "jurisdiction": ["Kenya"],
            "date": "2024-06-17",
            "factuality": "planned",
        },
    ]
    # the challenge the court will hear is already filed
    assert events("Kenya's High Court will hear Telegram's challenge on Monday.", PUB) == [
        {"type": "LegalChallenge", "agent": ["Telegram"], "jurisdiction": ["Kenya"]}
    ]


def test_what_a_law_requires_of_platforms_is_no_event() -> None:
    assert events("The law requires platforms to verify the age of every user.", PUB) == []
    assert events("The law requires platforms to verify the age of every user.", PUB, unasserted=True) == []


def test_an_actors_dated_coming_deed_in_a_report_is_what_they_mean_to_do() -> None:
    """'He said he would ban Telegram on Monday' is reported future; the article's own 'Telegram
    will be blocked from September 1' is a decided, dated effect."""
    text = "President Ruto said he would ban Telegram on Monday."
    assert events(text, PUB) == []
    assert events(text, PUB, unasserted=True) == [
        {
            "type": "Ban",
            "agent": ["William Ruto"],
            "affected": ["Telegram"],
            "jurisdiction": ["Kenya"],  # the president's
            "date": "2024-06-17",
            "factuality": "planned",
        }
    ]
    assert events("Telegram will be blocked from September 1.", PUB) == [
        {"type": "Ban", "affected": ["Telegram"], "date": "2024-09-01"}
    ]


def test_a_writers_aside_that_it_should_be_noted_tells_the_event_as_fact() -> None:
    assert events("It should be noted that Zembla blocked Telegram in March.", "2024-06-14") == [
        {"type": "Ban", "agent": ["Zembla"], "affected": ["Telegram"], "date": "2024-03"}
    ]


def test_telling_a_court_what_was_done_reports_it_and_telling_a_platform_to_do_it_requires_it() -> None:
    told = (
        "India's IT Rules took effect in May.\n\nJuly 8: Twitter told the court it had appointed a compliance officer."
    )
    ordered = "The ministry told Twitter to appoint a compliance officer."
    assert [(e["type"], e.get("date")) for e in events(told, "2021-07-12")] == [
        ("RegulationIssued", "2021-05"),
        ("ComplianceMeasure", "2021-07-08"),
    ]
    assert events(ordered, "2021-07-12", unasserted=True) == [
        {"type": "ComplianceMeasure", "agent": ["X"], "factuality": "required"}
    ]


def test_an_app_that_could_again_be_downloaded_was_back_and_one_that_could_be_banned_is_only_maybe() -> None:
    back = "TikTok could again be downloaded from Apple's App Store in the United States on Thursday."
    assert events(back, "2025-02-14") == [
        {
            "type": "AppStoreRemoval",
            "agent": ["Apple App Store"],
            "affected": ["TikTok"],
            "jurisdiction": ["United States"],
            "date": "2025-02-13",
            "outcome": "restored",
        }
    ]
    assert [
        e["factuality"] for e in events("TikTok could be banned in the United States.", "2025-01-15", unasserted=True)
    ] == ["hedged"]


def test_what_will_follow_if_a_condition_is_met_is_conditional_not_planned() -> None:
    fines = [
        e["factuality"]
        for text in (
            "If Telegram fails to comply, the Kenyan regulator will fine it.",
            "The Kenyan regulator will fine Telegram unless it complies.",
        )
        for e in events(text, "2024-06-14", unasserted=True)
        if e["type"] == "Fine"
    ]
    assert fines == ["conditional", "conditional"]


def test_asking_a_court_to_block_is_a_challenge_and_the_block_only_what_is_asked() -> None:
    text = "The Pakistan Telecommunication Authority asked the Lahore High Court to block X."
    assert events(text, PUB) == [
        {
            "type": "LegalChallenge",
            "agent": ["Pakistan Telecommunication Authority"],
            "affected": ["X"],  # whom the asked block would hit
            "jurisdiction": ["Pakistan"],
        }
    ]
    assert events(text, PUB, unasserted=True) == [
        {
            "type": "Ban",
            "agent": ["Lahore High Court"],
            "affected": ["X"],
            "jurisdiction": ["Pakistan"],
            "factuality": "planned",
        }
    ]


def test_a_hearing_pending_or_a_ban_looming_is_still_to_come() -> None:
    text = "A Kenyan court on Monday suspended the government's ban on Telegram pending a full hearing."
    assert "CourtHearing" not in [e["type"] for e in events(text, PUB)]
    assert [e["type"] for e in events(text, PUB, unasserted=True)] == ["CourtHearing"]
    text = "Downloads of RedNote jumped in the US as the TikTok ban loomed."
    assert [e["type"] for e in events(text, PUB)] == ["UserMigration"]


def test_a_gerund_after_the_possibility_of_or_calls_for_is_not_done() -> None:
    text = "India's telecom department said it was weighing the possibility of blocking Telegram during emergencies."
    assert [e["type"] for e in events(text, PUB)] == ["PublicStatement"]
    assert [e["factuality"] for e in events(text, PUB, unasserted=True)] == ["hedged"]
    assert events("Lawmakers renewed calls for banning TikTok.", PUB) == []


def test_the_idea_or_option_of_a_ban_is_no_ban() -> None:
    assert events("Officials have floated the idea of blocking Telegram.", PUB) == []
    assert events("Officials floated the option of a ban on Telegram.", PUB) == []


def test_months_given_to_sell_are_a_requirement_not_a_sale() -> None:
    text = "President Joe Biden signed the bill into law on April 24, giving ByteDance nine months to sell TikTok."
    assert [e["type"] for e in events(text, PUB)] == ["LegislationEnacted"]
    assert [(e["type"], e["factuality"]) for e in events(text, PUB, unasserted=True)] == [("Divestiture", "required")]


def test_a_measure_a_verb_acts_on_is_there_whatever_the_verb_s_negation() -> None:
    # the lifting is denied; the ban it would have ended stands
    text = "There was no decision to lift the restrictions on WhatsApp, Roskomnadzor said."
    assert [e["type"] for e in events(text, "2024-06-14")] == ["Ban", "PublicStatement"]
    assert [(e["type"], e["factuality"]) for e in events(text, "2024-06-14", unasserted=True)] == [
        ("BanLifted", "negated")
    ]
    assert [e["type"] for e in events("The ministry did not lift the ban on Telegram.", "2024-06-14")] == ["Ban"]


def test_restricting_a_service_s_functions_restricts_the_service() -> None:
    assert events("Indonesia banned e-commerce transactions on TikTok last week.", "2024-06-14") == [
        {
            "type": "Ban",
            "agent": ["Indonesia"],
            "affected": ["TikTok"],
            "jurisdiction": ["Indonesia"],
            "date": "2024-06",
        }
    ]
    text = "Roskomnadzor confirmed on Wednesday that it is restricting voice and video calls on WhatsApp and Telegram."
    assert events(text, "2024-06-14") == [
        {
            "type": "Ban",
            "agent": ["Roskomnadzor"],
            "affected": ["Telegram", "WhatsApp"],
            "jurisdiction": ["Russia"],
            "date": "2024-06-12",
        }
    ]


def test_what_a_country_is_set_or_poised_to_do_is_planned() -> None:
    for text in (
        "Kenya is set to ban TikTok next month.",
        "Kenya is set to become the first country to ban TikTok for children.",
    ):
        assert [e["type"] for e in events(text, PUB)] == [], text
        assert [(e["type"], e["factuality"]) for e in events(text, PUB, unasserted=True)] == [("Ban", "planned")], text
    # done, told as the first of its kind
    assert [e["type"] for e in events("Kenya became the first country to ban TikTok in 2020.", PUB)] == ["Ban"]


def test_an_act_whose_subject_is_no_one_is_denied() -> None:
    assert events("No court has blocked TikTok in Kenya.", PUB) == []
    assert [
        (e["type"], e["factuality"]) for e in events("No court has blocked TikTok in Kenya.", PUB, unasserted=True)
    ] == [("Ban", "negated")]


def test_sanctioning_an_act_authorises_it_and_fines_no_one() -> None:
    # "sanctioned the suspension": allowed it; the suspension itself is there
    assert events("No law or court order sanctioned the suspension of Telegram.", PUB) == [
        {"type": "Ban", "affected": ["Telegram"]}
    ]
    assert events("No law or court order sanctioned the suspension of Telegram.", PUB, unasserted=True) == []


def test_a_block_an_authority_requests_is_asked_for_and_one_it_orders_is_done() -> None:
    # (real reporting: a regional court "requested the federal government to ban the app")
    asked = "The regional court requested the federal government to block Telegram."
    assert events(asked, PUB) == []
    assert events(asked, PUB, unasserted=True) == [{"type": "Ban", "affected": ["Telegram"], "factuality": "planned"}]
    assert events("The court ordered the federal government to block Telegram.", PUB) == [
        {"type": "Ban", "affected": ["Telegram"]}
    ]


def test_going_on_to_act_is_acting_as_the_going_on_is_told() -> None:
    """'went on to appeal' tells an appeal made, not a purpose; it is only as factual as the
    going on ('will go on to appeal' is planned, 'did not go on to' negated)."""
    appeal = {"type": "LegalChallenge", "agent": ["Meta"]}
    fine = {"type": "Fine", "affected": ["Meta"]}
    assert events("Meta went on to appeal the fine.", "2024-06-14") == [appeal, fine]
    assert events("Regulators in Kenya proceeded to block Telegram in May.", "2024-06-14") == [
        {
            "type": "Ban",
            "agent": ["Kenya regulator"],
            "affected": ["Telegram"],
            "jurisdiction": ["Kenya"],
            "date": "2024-05",
        }
    ]
    for said, verdict in (("will go on", "planned"), ("may go on", "hedged"), ("did not go on", "negated")):
        text = f"Meta {said} to appeal the fine."
        assert (events(text, "2024-06-14"), events(text, "2024-06-14", unasserted=True)) == (
            [fine],
            [{**appeal, "factuality": verdict}],
        )


def test_what_a_demand_is_about_or_follows_was_done_not_demanded() -> None:
    """'demanded explanations over the removal of X', 'After Apple removed X, the regulator
    demanded ...': the removal is told as done; 'demanded the removal of X' asks for it."""
    removal = {"type": "AppStoreRemoval", "agent": ["Apple App Store"], "affected": ["VK"], "outcome": "removed"}
    told = "Russian regulators demanded explanations from Apple over the removal of VK's apps from the App Store."
    assert events(told, PUB) == [{**removal, "jurisdiction": ["Russia"]}]
    after = "After Apple removed VK from its App Store on Monday, the Russian regulator demanded an explanation."
    assert events(after, PUB) == [
        {**removal, "agent": ["Apple", "Apple App Store"], "jurisdiction": ["Russia"], "date": "2024-06-10"}
    ]
    asked = "The regulator demanded the removal of VK's apps from the App Store."
    assert (events(asked, PUB), events(asked, PUB, unasserted=True)) == ([], [{**removal, "factuality": "planned"}])
