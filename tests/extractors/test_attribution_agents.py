"""A report's speaker is the doer of a passive act it tells only when it can be: a person
named as the affected party's own ('its chief executive', 'the platform's founder') tells
what was done to it, and is never the one who did it; who condemns a nominal act ('condemned
the blocking of X') did not do it; an authority telling of its own nominal act ('said it has
issued directions for the blocking of X') reports the act, not a position."""

from tests.extractors.brief import events

PUB = "2024-06-14"


def test_the_affected_platforms_own_chief_is_not_the_agent_of_its_suspension() -> None:
    text = "Viber was suspended for a week, according to its chief executive Ana Petrova."
    assert events(text, PUB) == [{"type": "Ban", "affected": ["Viber"]}]


def test_a_founder_named_by_the_platforms_possessive_is_not_the_agent() -> None:
    text = "Kick was suspended in Ruritania for a week, the platform's founder Ivo Maric said on Monday."
    assert events(text, PUB)[0] == {
        "type": "Ban",
        "affected": ["Kick"],
        "jurisdiction": ["Ruritania"],
        "date": "2024-06-10",
    }


def test_an_official_of_the_country_still_acts_for_it() -> None:
    text = "Telegram was blocked nationwide on Sunday, Ruritania's communications minister Petar Ilic said."
    assert events(text, PUB)[0] == {
        "type": "Ban",
        "agent": ["Petar Ilic"],
        "affected": ["Telegram"],
        "jurisdiction": ["Ruritania"],
        "date": "2024-06-09",
    }


def test_an_authority_telling_of_its_own_order_to_block_makes_no_statement() -> None:
    # the nominal act hangs off the speaker's own verb: "it has issued directions for the blocking"
    text = "The Ruritanian Communications Authority said it has issued directions for the blocking of Bluesky."
    assert events(text, PUB) == [
        {"type": "Ban", "agent": ["Ruritanian Communications Authority"], "affected": ["Bluesky"]}
    ]


def test_a_stance_on_a_nominal_act_is_still_a_statement() -> None:
    text = "The Ruritanian Communications Authority said it welcomed the blocking of Bluesky."
    assert {
        "type": "PublicStatement",
        "agent": ["Ruritanian Communications Authority"],
        "affected": ["Bluesky"],
        "date": PUB,
    } in events(text, PUB)


def test_who_condemns_a_nominal_ban_is_neither_its_agent_nor_its_place() -> None:
    text = "China's foreign ministry condemned the blocking of Bluesky as censorship."
    assert events(text, PUB) == [
        {
            "type": "PublicStatement",
            "agent": ["Chinese Ministry of Foreign Affairs"],
            "affected": ["Bluesky"],
            "date": PUB,
        },
        {"type": "Ban", "affected": ["Bluesky"]},
    ]


def test_who_defends_a_ban_may_still_be_the_one_who_imposed_it() -> None:
    text = "The Indian government defended the ban on Bluesky."
    assert events(text, PUB)[1] == {
        "type": "Ban",
        "agent": ["Government of India"],
        "affected": ["Bluesky"],
        "jurisdiction": ["India"],
    }
