"""Roles that grammar and entity types decide, in constructions real reporting uses often.

Each sentence is written for the test (none is in a corpus); each pins the whole output.
"""

from extractors.extract import extract
from tests.extractors.brief import events


def test_an_appeal_is_against_whoever_made_the_act_a_participle_names() -> None:
    # "the penalty imposed on it by X": the appeal is brought against X, the act's maker
    assert events(
        "Roblox appealed the penalty imposed on it by the Dutch Data Protection Authority in May.", "2025-07-04"
    ) == [
        {
            "type": "LegalChallenge",
            "agent": ["Roblox"],
            "affected": ["Dutch Data Protection Authority"],
            "jurisdiction": ["Netherlands"],
        },
        {
            "type": "Fine",
            "agent": ["Dutch Data Protection Authority"],
            "affected": ["Roblox"],
            "jurisdiction": ["Netherlands"],
            "date": "2025-05",
        },
    ]
    assert events("Meta is challenging the order issued by Ofcom last week.", "2025-07-04") == [
        {
            "type": "LegalChallenge",
            "agent": ["Meta"],
            "affected": ["Ofcom"],
            "jurisdiction": ["United Kingdom"],
            "date": "2025-06",
        }
    ]
    assert events(
        "Snap appealed against the penalty handed down by the Information Commissioner's Office.", "2025-07-04"
    ) == [
        {
            "type": "LegalChallenge",
            "agent": ["Snap Inc."],
            "affected": ["Information Commissioner's Office"],
            "jurisdiction": ["United Kingdom"],
        },
        {
            "type": "Fine",
            "agent": ["Information Commissioner's Office"],
            "affected": ["Snap Inc."],
            "jurisdiction": ["United Kingdom"],
        },
    ]


def test_an_appeal_is_against_the_subject_of_a_relative_clause_on_the_act() -> None:
    # "the ban that X imposed": X made the ban; "a ruling that blocked the ban" names no maker
    assert events("Kick challenged the ban that Arcom imposed in March.", "2025-07-04") == [
        {"type": "LegalChallenge", "agent": ["Kick"], "affected": ["Arcom"], "jurisdiction": ["France"]},
        {"type": "Ban", "agent": ["Arcom"], "affected": ["Kick"], "jurisdiction": ["France"], "date": "2025-03"},
    ]
    assert events("The U.S. appealed a court ruling that temporarily blocked the ban.", "2025-07-04") == [
        {"type": "LegalChallenge", "agent": ["United States"], "jurisdiction": ["United States"]}
    ]


def test_a_person_named_with_an_authoritys_title_acts_for_that_authority() -> None:
    # the parser hangs "Attorney General" on the first name, and "Ofcom" on "executive"
    assert events("Roblox sued New York Attorney General Letitia James on Monday.", "2025-03-04") == [
        {
            "type": "LegalChallenge",
            "agent": ["Roblox"],
            "affected": ["Letitia James", "New York Attorney General"],
            "jurisdiction": ["New York"],
            "date": "2025-03-03",
        }
    ]
    assert events("New York Attorney General Letitia James sued Roblox on Monday.", "2025-03-04") == [
        {
            "type": "LegalChallenge",
            "agent": ["Letitia James", "New York Attorney General"],
            "affected": ["Roblox"],
            "jurisdiction": ["New York"],
            "date": "2025-03-03",
        }
    ]
    # a regulator's chief executive is no judge: the regulator fines, not "a court in the UK"
    assert events("Ofcom chief executive Melanie Dawes fined 4chan on Monday.", "2025-03-04") == [
        {
            "type": "Fine",
            "agent": ["Ofcom"],
            "affected": ["4chan"],
            "jurisdiction": ["United Kingdom"],
            "date": "2025-03-03",
        }
    ]


def test_a_noun_summing_up_the_act_just_told_is_that_act() -> None:
    # "..., a measure announced by X": the measure is the ban; X made it
    ban = [{"type": "Ban", "agent": ["Cabinet Office"], "affected": ["TikTok"], "jurisdiction": ["United Kingdom"]}]
    clause = "Civil servants were barred from using TikTok on government phones, a measure announced on March 16 by"
    assert events(f"{clause} the Cabinet Office.", "2023-04-04") == ban
    assert events(f"{clause} Cabinet Office minister Oliver Dowden.", "2023-04-04") == ban
    # a measure told on its own is still one
    assert events("The Cabinet Office announced a measure on March 16.", "2023-04-04") == [
        {
            "type": "RegulationIssued",
            "agent": ["Cabinet Office"],
            "jurisdiction": ["United Kingdom"],
            "date": "2023-03-16",
        }
    ]


def test_the_app_an_app_passes_in_a_chart_is_a_rival_not_the_mover() -> None:
    # "X overtook Y": X climbed; Y is what it passed
    assert events("Signal overtook WhatsApp in the App Store in Turkey on Monday.", "2025-01-28") == [
        {
            "type": "AppRankingChange",
            "agent": ["Apple App Store"],
            "affected": ["Signal"],
            "jurisdiction": ["Turkey"],
            "date": "2025-01-27",
        }
    ]
    assert events(
        "Lemon8 dethroned Xiaohongshu at the top of the App Store chart in the United States on Tuesday.", "2025-01-28"
    ) == [
        {
            "type": "AppRankingChange",
            "agent": ["Apple App Store"],
            "affected": ["Lemon8"],
            "jurisdiction": ["United States"],
            "date": "2025-01-28",
        }
    ]


def test_an_app_named_in_its_own_description_is_that_app() -> None:
    # "the Bluesky app", "Bluesky's app": Bluesky, not the next app the sentence names
    expected = [
        {
            "type": "AppRankingChange",
            "agent": ["Google Play"],
            "affected": ["Bluesky"],
            "jurisdiction": ["Brazil"],
            "date": "2025-01",
        }
    ]
    assert events(
        "In Brazil, the Bluesky app climbed above Instagram in the Google Play chart last week.", "2025-01-28"
    ) == (expected)
    assert events("Bluesky's app rose past Instagram in the Google Play chart in Brazil last week.", "2025-01-28") == (
        expected
    )


def test_what_an_app_became_is_that_app() -> None:
    # "became the most downloaded free app": what Kick became, not Twitch, the app named last
    assert events(
        "On Monday Kick passed Twitch and became the most downloaded free app in Apple's German App Store.",
        "2025-01-28",
    ) == [
        {
            "type": "AppRankingChange",
            "agent": ["Apple App Store"],
            "affected": ["Kick"],
            "jurisdiction": ["Germany"],
        }
    ]


def test_the_country_a_store_is_named_in_is_the_charts() -> None:
    # "the App Store of Apple in Germany" is the German chart, not the company's home town
    assert events(
        "DeepSeek opened an office in Hangzhou. On Monday its assistant passed ChatGPT and became the most"
        " downloaded free app on the App Store of Apple in Germany.",
        "2025-01-28",
    ) == [
        {"type": "ComplianceMeasure", "agent": ["DeepSeek"], "jurisdiction": ["Hangzhou"]},
        {
            "type": "AppRankingChange",
            "agent": ["Apple App Store"],
            "affected": ["DeepSeek"],
            "jurisdiction": ["Germany"],
            "date": "2025-01-27",
        },
    ]


def test_a_description_with_a_name_beside_it_is_that_name() -> None:
    # "the operator Telenor": Telenor speaks, not the app named last
    assert events(
        "Myanmar ordered mobile operators to block Facebook on Thursday, the operator Telenor said.", "2025-05-24"
    ) == [
        {
            "type": "Ban",
            "agent": ["Myanmar"],
            "affected": ["Facebook"],
            "jurisdiction": ["Myanmar"],
            "date": "2025-05-22",
        },
        {"type": "PublicStatement", "agent": ["Telenor"], "affected": ["Facebook"], "date": "2025-05-22"},
    ]
    # "the lower court, the Ninth Circuit": that court alone, not the court told before
    assert events(
        "The Supreme Court will hear the case in March. The lower court, the Ninth Circuit, upheld the Montana law on"
        " Friday.",
        "2025-05-24",
    ) == [
        {
            "type": "CourtRuling",
            "agent": ["US Court of Appeals for the Ninth Circuit"],
            "jurisdiction": ["United States"],
            "date": "2025-05-23",
            "outcome": "upheld",
        }
    ]


def test_a_person_acts_for_the_office_their_title_named_earlier_in_the_story() -> None:
    # the title comes once, before the name or in apposition after it; later the name alone
    assert events(
        "Texas Attorney General Ken Paxton spoke on Monday. On Tuesday Paxton sued Roblox.", "2025-05-24"
    ) == [
        {
            "type": "LegalChallenge",
            "agent": ["Ken Paxton", "Texas Attorney General"],
            "affected": ["Roblox"],
            "jurisdiction": ["Texas"],
            "date": "2025-05-20",
        }
    ]
    assert events(
        "Melanie Dawes, the chief executive of Ofcom, spoke on Monday. 4chan sued Melanie Dawes on Tuesday.",
        "2025-05-24",
    ) == [
        {
            "type": "LegalChallenge",
            "agent": ["4chan"],
            "affected": ["Melanie Dawes", "Ofcom"],
            "jurisdiction": ["United Kingdom"],
            "date": "2025-05-20",
        }
    ]


def test_judges_brought_in_new_sit_on_no_court_told_before() -> None:
    """'a federal judge', 'two federal judges': an indefinite judge is someone new to the story,
    so not a justice of the court the paragraph before named; the judge's place names the court."""
    text = (
        "The U.S. Supreme Court denied NetChoice's request in August.\n\n"
        "A federal judge in Florida blocked the state's social media law on Tuesday."
    )
    assert events(text, "2025-08-20")[-1] == {
        "type": "CourtRuling",
        "outcome": "blocked",
        "agent": ["federal court in Florida"],
        "jurisdiction": ["Florida"],
        "date": "2025-08-19",
    }
    # the court the story names next is still the judge's
    text = (
        "A federal judge blocked Utah's social media law on Tuesday. Judge Robert Shelby of the U.S. District "
        "Court for the District of Utah wrote that the law was likely unconstitutional."
    )
    assert [e["agent"] for e in events(text, "2025-08-20")] == [["US District Court for the District of Utah"]]
    # the headline's judge and the lede's "a federal judge" of the same place sit on one court
    text = "Judge blocks Montana's TikTok ban\n\nA federal judge on Thursday blocked Montana's law banning TikTok."
    ex = extract(text, "2023-12-01")
    assert sorted(e.label for e in ex.entities if e.type == "Court") == ["court in Montana"]


def test_a_court_act_on_a_states_law_has_effect_in_that_state() -> None:
    """'where the action has effect' (corpus/ANNOTATION.md): a national court ruling on a
    state's law acts in the state, a place within the court's own."""
    assert events(
        "The U.S. Court of Appeals for the Fifth Circuit blocked Utah's social media law in May.", "2025-08-20"
    ) == [
        {
            "type": "CourtRuling",
            "outcome": "blocked",
            "agent": ["US Court of Appeals for the Fifth Circuit"],
            "jurisdiction": ["Utah"],
            "date": "2025-05",
        }
    ]
    # a federal law stays the country's
    assert [e["jurisdiction"] for e in events("The Supreme Court upheld the law banning TikTok.", "2025-08-20")] == [
        ["United States"]
    ]
