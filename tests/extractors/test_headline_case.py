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


def test_a_headline_the_copy_cannot_read_as_a_clause_keeps_its_nominal_event() -> None:
    # "Apple appeals EU fine" still parses as a noun phrase: the capitals' parse, and its
    # fine, stay
    assert events("Apple Appeals EU Fine Over App Store Practices" + BODY, "2025-03-05") == [
        {
            "type": "Fine",
            "agent": ["European Union"],
            "affected": ["Apple"],
            "jurisdiction": ["European Union"],
            "date": "2025-03-04",
        }
    ]
