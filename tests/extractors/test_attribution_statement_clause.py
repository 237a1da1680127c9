"""'X told Reuters in a statement that it would appeal': the parser hangs the that-clause on
the statement noun, not on the speech verb. What the statement says is still the verb's
report: a PublicStatement by X, and the act it announces is planned, not hedged. An
organisation that only 'reported' a fact is a news source, not a speaker taking a position."""

from tests.extractors.brief import events

PUB = "2024-06-14"


def test_told_a_newspaper_in_a_statement_that_it_would_challenge() -> None:
    text = "Bluesky told the Financial Times in a statement that it would challenge the order."
    assert events(text, PUB) == [{"type": "PublicStatement", "agent": ["Bluesky"], "date": PUB}]
    assert events(text, PUB, unasserted=True) == [
        {"type": "LegalChallenge", "agent": ["Bluesky"], "factuality": "planned"}
    ]


def test_told_an_agency_in_an_emailed_statement_that_it_would_appeal() -> None:
    text = "Bluesky told Reuters in an emailed statement that it would appeal the ruling."
    assert events(text, PUB) == [{"type": "PublicStatement", "agent": ["Bluesky"], "date": PUB}]
    assert events(text, PUB, unasserted=True) == [
        {"type": "LegalChallenge", "agent": ["Bluesky"], "factuality": "planned"}
    ]


def test_an_outlet_that_reports_a_ban_is_a_source_not_a_speaker() -> None:
    # "Al Jazeera" names no news word the media list knows: "reported" says it is a source
    text = "The Ruritanian government suspended Bluesky on Monday, Al Jazeera reported."
    assert events(text, PUB) == [{"type": "Ban", "affected": ["Bluesky"], "date": "2024-06-10"}]


def test_a_group_that_reports_a_judgment_still_takes_a_position() -> None:
    text = "The rights group Article 19 reported that the suspension of Bluesky was unlawful."
    assert events(text, PUB)[0] == {
        "type": "PublicStatement",
        "agent": ["Article 19"],
        "affected": ["Bluesky"],
        "date": PUB,
    }
