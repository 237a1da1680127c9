"""Lawsuits, appeals and a platform's compliance steps in the phrasing news reports use.

Each sentence is written for the test (none is in a corpus); each pins the whole output.
"""

from tests.extractors.brief import events


def test_a_suit_is_where_the_court_it_is_filed_in_sits() -> None:
    # a UK regulator sued in a US court: the case is American, not British
    assert events(
        "Telegram sued Ofcom in the US District Court for the District of Columbia on Monday.", "2025-09-02"
    ) == [
        {
            "type": "LegalChallenge",
            "agent": ["Telegram"],
            "affected": ["Ofcom"],
            "jurisdiction": ["United States"],
            "date": "2025-09-01",
        }
    ]


def test_a_suit_against_a_state_is_that_states_case() -> None:
    # "the law" resolves to the Utah act told before; the state sued still says where
    text = (
        "Utah passed the App Store Accountability Act in March.\n\n"
        "NetChoice filed a lawsuit against Georgia over the law on Friday."
    )
    assert events(text, "2025-09-02") == [
        {
            "type": "LegalChallenge",
            "agent": ["NetChoice"],
            "affected": ["Georgia"],
            "jurisdiction": ["Georgia"],
            "instrument": ["Utah App Store Accountability Act"],
            "date": "2025-08-29",
        }
    ]
    # "in federal court" names no court: the law's place still says where
    text = (
        "Florida passed the Online Protections for Minors Act in March.\n\n"
        "NetChoice sued in federal court on Friday to block the law."
    )
    assert events(text, "2025-09-02") == [
        {
            "type": "LegalChallenge",
            "agent": ["NetChoice"],
            "jurisdiction": ["Florida"],
            "instrument": ["Florida House Bill 3"],
            "date": "2025-08-29",
        }
    ]


def test_a_government_appealing_a_ruling_against_its_ban_does_not_appeal_against_itself() -> None:
    # the ruling appealed is the court's; the measure before it is the appellant's own
    text = (
        "The Commerce Department banned downloads of Temu in March.\n\n"
        "A federal judge blocked the ban in April.\n\n"
        "The Commerce Department appealed the ruling on Friday."
    )
    assert events(text, "2025-06-16")[2] == {
        "type": "LegalChallenge",
        "agent": ["US Department of Commerce"],
        "jurisdiction": ["United States"],
        "date": "2025-06-13",
    }
    # nor against a ministry of its own state
    text = (
        "The US Department of Justice ordered a ban on Temu in March. A judge in Seattle halted the ban in April. "
        "The United States appealed the ruling on Friday."
    )
    assert events(text, "2025-06-16")[2] == {
        "type": "LegalChallenge",
        "agent": ["United States"],
        "jurisdiction": ["United States"],
        "date": "2025-06-13",
    }


def test_moving_or_approaching_a_court_is_taking_a_case_to_it() -> None:
    # Indian and South Asian reporting: "moved the High Court", "approached the court"
    assert events(
        "Rumble moved the Delhi High Court on Monday, and Telegram approached the Bombay High Court on Tuesday.",
        "2025-03-12",
    ) == [
        {"type": "LegalChallenge", "agent": ["Rumble"], "jurisdiction": ["India"], "date": "2025-03-10"},
        {"type": "LegalChallenge", "agent": ["Telegram"], "jurisdiction": ["India"], "date": "2025-03-11"},
    ]


def test_filing_in_a_court_against_someone_is_a_suit_left_unsaid() -> None:
    assert events("Meta filed against the European Commission at the General Court on Monday.", "2025-03-12") == [
        {
            "type": "LegalChallenge",
            "agent": ["Meta"],
            "affected": ["European Commission"],
            "jurisdiction": ["European Union"],
            "date": "2025-03-10",
        }
    ]


def test_the_court_a_decision_is_challenged_before_is_found_on_the_object_too() -> None:
    # the parser hangs "before the ... Court" on "the decision": the court still says where,
    # not the GDPR's home
    text = (
        "The Bundeskartellamt fined Meta under the GDPR in 2019.\n\n"
        "Meta challenged the decision before the Higher Regional Court of Düsseldorf."
    )
    assert events(text, "2025-06-16")[1] == {
        "type": "LegalChallenge",
        "agent": ["Meta"],
        "affected": ["Bundeskartellamt"],
        "jurisdiction": ["Germany"],
        "instrument": ["General Data Protection Regulation"],
    }
    # a court named inside another phrase ("in the light of ...") is not where the appeal is
    text = (
        "Ofcom fined Telegram under the Online Safety Act in May.\n\n"
        "The tribunal must now decide Telegram's appeal in the light of the Court of Justice's ruling."
    )
    assert events(text, "2025-06-16")[1] == {
        "type": "LegalChallenge",
        "agent": ["Telegram"],
        "affected": ["Ofcom"],
        "jurisdiction": ["United Kingdom"],
        "instrument": ["Online Safety Act 2023"],
    }


def test_a_platform_requiring_real_names_is_complying() -> None:
    # real-name registration from the platform's side ("Weibo requires all users to register with
    # real names"); a phone number alone says nothing of a rule
    assert events("Bilibili now requires new users to register with their real names.", "2025-06-16") == [
        {"type": "ComplianceMeasure", "agent": ["Bilibili"]}
    ]
    assert events("Douyin began requiring users to sign up with their real names in 2018.", "2025-06-16") == [
        {"type": "ComplianceMeasure", "agent": ["Douyin"]}
    ]
    assert events("Douyin requires users to sign up with a phone number.", "2025-06-16") == []


def test_checking_or_estimating_users_ages_is_age_assurance() -> None:
    assert events("Roblox has begun checking the ages of users in the United Kingdom.", "2025-06-16") == [
        {"type": "ComplianceMeasure", "agent": ["Roblox"], "jurisdiction": ["United Kingdom"]}
    ]
    # told by the platform: its step, reported, not a position on a rule
    assert events("Twitch said it was estimating the ages of Australian users with facial scans.", "2025-06-16") == [
        {"type": "ComplianceMeasure", "agent": ["Twitch"], "jurisdiction": ["Australia"]}
    ]
    # a regulator checking ages, or a platform checking videos, is no platform's age check
    assert events("Ofcom checked the ages of the platforms' users.", "2025-06-16") == []
    assert events("TikTok checked the videos.", "2025-06-16") == []


def test_two_suits_of_one_party_in_two_places_stay_two() -> None:
    # one party, no dates: only the courts tell the appeal in Luxembourg from the challenge in Dublin
    text = (
        "Meta filed an appeal at the General Court of the European Union against the fine.\n\n"
        "Meta is also challenging an order of the Irish Data Protection Commission in the Irish High Court."
    )
    assert events(text, "2023-06-30") == [
        {"type": "LegalChallenge", "agent": ["Meta"], "jurisdiction": ["European Union"]},
        {
            "type": "LegalChallenge",
            "agent": ["Meta"],
            "affected": ["Irish Data Protection Commission"],
            "jurisdiction": ["Ireland"],
        },
    ]


def test_a_kind_of_party_with_its_members_after_like_is_those_members() -> None:
    # "intermediaries like X and Y", as "providers such as X and Y": the members do the act
    assert events(
        "Significant social media intermediaries like Koo and ShareChat appointed grievance officers in May.",
        "2025-06-16",
    ) == [
        {"type": "ComplianceMeasure", "agent": ["Koo"], "date": "2025-05"},
        {"type": "ComplianceMeasure", "agent": ["ShareChat"], "date": "2025-05"},
    ]


def test_companies_complying_together_comply_where_the_text_says_not_at_their_seat() -> None:
    # each authority of "Canada and the Commission barred it" acts for its own place; Google's
    # and Meta's seats are not where they appointed representatives
    assert events("Google, Meta and Telegram appointed local representatives in Malaysia in March.", "2025-06-16") == [
        {"type": "ComplianceMeasure", "agent": ["Google"], "jurisdiction": ["Malaysia"], "date": "2025-03"},
        {"type": "ComplianceMeasure", "agent": ["Meta"], "jurisdiction": ["Malaysia"], "date": "2025-03"},
        {"type": "ComplianceMeasure", "agent": ["Telegram"], "jurisdiction": ["Malaysia"], "date": "2025-03"},
    ]


def test_a_complaint_to_a_regulator_is_no_lawsuit() -> None:
    # privacy groups "lodge complaints with data protection authorities": a regulator is asked to act
    text = "The privacy group noyb lodged a complaint against Temu with the Irish Data Protection Commission."
    assert events(text, "2025-06-18") == []
    assert events("Noyb filed complaints with data protection authorities in Belgium and Greece against Shein.") == []
    # a complaint filed in a court, or a civil complaint, still is one
    assert events(
        "Epic Games filed a complaint with the Competition Appeal Tribunal against Google in May.", "2025-06-18"
    ) == [
        {
            "type": "LegalChallenge",
            "agent": ["Epic Games"],
            "affected": ["Google"],
            "jurisdiction": ["United Kingdom"],
            "date": "2025-05",
        }
    ]
    assert events("The Justice Department filed a civil complaint against Temu on Monday.", "2025-06-18") == [
        {
            "type": "LegalChallenge",
            "agent": ["US Department of Justice"],
            "affected": ["Temu"],
            "jurisdiction": ["United States"],
            "date": "2025-06-16",
        }
    ]


def test_a_court_hung_on_the_light_verb_still_says_where() -> None:
    # "filed an appeal at the General Court": the parser hangs the court on "filed"
    text = (
        "Snap filed an appeal at the General Court of the European Union against the fine.\n\n"
        "Snap is also challenging an order of the Irish Data Protection Commission in the Irish High Court."
    )
    assert events(text, "2023-06-30") == [
        {"type": "LegalChallenge", "agent": ["Snap Inc."], "jurisdiction": ["European Union"]},
        {
            "type": "LegalChallenge",
            "agent": ["Snap Inc."],
            "affected": ["Irish Data Protection Commission"],
            "jurisdiction": ["Ireland"],
        },
    ]
