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
