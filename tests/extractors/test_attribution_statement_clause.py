"""'X told Reuters in a statement that it would appeal': the parser hangs the that-clause on
the statement noun, not on the speech verb. What the statement says is still the verb's
report: a PublicStatement by X, and the act it announces is planned, not hedged."""

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
