"""Title-case headlines ("Uzbekistan Blocks Discord Over Extremism Claims") read as sentences.

Each headline is written for the test (none is in a corpus); each pins the whole output.
"""

from extractors.extract import extract
from tests.extractors.brief import events

BODY = "\n\nRights groups criticised the decision."


def test_a_title_case_headline_yields_its_event() -> None:
    # the small model tags every capitalised word a proper noun: the verb was part of a name
    assert events("Uzbekistan Blocks Discord Over Extremism Claims" + BODY, "2025-03-05") == [
        {
            "type": "Ban",
            "agent": ["Uzbekistan"],
            "affected": ["Discord"],
            "jurisdiction": ["Uzbekistan"],
            "date": "2025-03-04",
        }
    ]
    assert events("Kazakhstan Restores Access To Signal After Two-Week Block" + BODY, "2025-03-05") == [
        {
            "type": "BanLifted",
            "agent": ["Kazakhstan"],
            "affected": ["Signal"],
            "jurisdiction": ["Kazakhstan"],
            "date": "2025-03-04",
        }
    ]


def test_the_headline_and_the_lede_telling_one_act_are_one_event() -> None:
    text = "Uzbekistan Blocks Discord Over Extremism Claims\n\nUzbekistan blocked Discord on Monday, officials said."
    ex = extract(text, "2025-03-05")
    bans = [e for e in ex.events if e.type == "Ban"]
    assert len(bans) == 1
    assert bans[0].date == "2025-03-03"
    # the headline's evidence keeps the headline's own offsets: the text was never rewritten
    assert [(m.start, m.end, m.trigger) for m in bans[0].evidence] == [(0, 47, "Blocks"), (49, 102, "blocked")]
    assert bans[0].evidence[0].sentence == text[0:47] == "Uzbekistan Blocks Discord Over Extremism Claims"


def test_capitalised_verbs_are_not_read_as_a_person() -> None:
    # "Strikes Down" was a PERSON on the capitals, and so the ruling's affected party
    assert events("Court Strikes Down Utah Social Media Law" + BODY, "2025-03-05") == [
        {
            "type": "CourtRuling",
            "agent": ["court in Utah"],
            "jurisdiction": ["Utah"],
            "date": "2025-03-04",
            "outcome": "struck_down",
        }
    ]


def test_a_headline_s_present_tense_verb_is_its_news() -> None:
    # the model reads "lifts" as a plural noun and "ban" as the verb: a Ban on the day the ban
    # was lifted; the ban lifted is background, with no day of its own
    assert events("Laos lifts ban on Telegram" + BODY, "2025-03-05") == [
        {
            "type": "BanLifted",
            "agent": ["Laos"],
            "affected": ["Telegram"],
            "jurisdiction": ["Laos"],
            "date": "2025-03-04",
        },
        {"type": "Ban", "affected": ["Telegram"], "jurisdiction": ["Laos"]},
    ]
    assert events("Jordan Lifts Block On Signal After Protests" + BODY, "2025-03-05") == [
        {
            "type": "BanLifted",
            "agent": ["Jordan"],
            "affected": ["Signal"],
            "jurisdiction": ["Jordan"],
            "date": "2025-03-04",
        }
    ]
    # "fines" read as a noun left no event at all
    assert events("Peru Fines Uber Over Data Breach" + BODY, "2025-03-05") == [
        {"type": "Fine", "agent": ["Peru"], "affected": ["Uber"], "jurisdiction": ["Peru"], "date": "2025-03-04"}
    ]
    # the appeal is the news (the fine, which the past-tense copy reads as an adverb, is lost)
    assert events("Apple Appeals EU Fine Over App Store Practices" + BODY, "2025-03-05") == [
        {
            "type": "LegalChallenge",
            "agent": ["Apple"],
            "affected": ["European Union"],
            "jurisdiction": ["European Union"],
            "date": "2025-03-04",
        }
    ]


def test_a_ban_a_headline_ruling_acts_on_is_not_dated_by_the_headline() -> None:
    # "upholds" is the day's news; the ban upheld is older
    assert events("Appeals court upholds Utah ban on Roblox" + BODY, "2025-03-05") == [
        {
            "type": "CourtRuling",
            "agent": ["court in Utah"],
            "affected": ["Roblox"],
            "jurisdiction": ["Utah"],
            "date": "2025-03-04",
            "outcome": "upheld",
        },
        {"type": "Ban", "agent": ["Utah"], "affected": ["Roblox"], "jurisdiction": ["Utah"]},
    ]
