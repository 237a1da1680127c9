"""A report whose clause only tells an act in the past ('announced that X had been blocked',
'X was suspended for a week, its founder said') tells a fact, not a position: no
PublicStatement. A word of judgment ('blocked unlawfully') keeps it a position."""

from tests.extractors.brief import events

PUB = "2024-06-14"


def test_a_minister_announcing_a_block_that_happened_makes_no_statement() -> None:
    text = "The interior minister, Jan Novak, announced that Bluesky had been blocked nationwide."
    assert events(text, PUB) == [{"type": "Ban", "agent": ["Jan Novak"], "affected": ["Bluesky"]}]


def test_a_founder_telling_that_his_platform_was_suspended_makes_no_statement() -> None:
    text = "Kick was suspended in Ruritania for a week, the platform's founder Ivo Maric said on Monday."
    assert [e["type"] for e in events(text, PUB)] == ["Ban"]


def test_a_judgment_of_the_act_told_is_still_a_position() -> None:
    text = "Bluesky's chief executive Jay Graber said the app had been blocked unlawfully."
    assert events(text, PUB) == [
        {"type": "PublicStatement", "agent": ["Jay Graber"], "affected": ["Bluesky"], "date": PUB},
        {"type": "Ban", "affected": ["Bluesky"]},
    ]


def test_a_denial_that_anything_was_blocked_is_still_a_position() -> None:
    text = (
        "Ivo Horvat, the Ruritanian president, said that no messaging app such as Viber was blocked by his government."
    )
    assert events(text, PUB) == [
        {"type": "PublicStatement", "agent": ["Ivo Horvat"], "affected": ["Viber"], "date": PUB}
    ]
    assert events(text, PUB, unasserted=True) == [{"type": "Ban", "affected": ["Viber"], "factuality": "negated"}]
