"""States rather than acts: "X remained blocked", "X got unblocked", "X is no longer blocked".

A state of a platform in a place tells the act behind it: a block in force is the Ban, a block
ended is its lifting. Each sentence is written for the test (none is in a corpus); each pins
the whole output.
"""

from tests.extractors.brief import events

PUBLISHED = "2025-03-05"


def test_a_participle_after_a_state_verb_is_its_subject_s_state() -> None:
    # the parser hangs "Viber" on "remained", taken for the passive's auxiliary: the block had no patient
    assert events("Viber remained blocked in Ghana for two weeks.", PUBLISHED) == [
        {"type": "Ban", "affected": ["Viber"], "jurisdiction": ["Ghana"]}
    ]


def test_a_state_verb_carries_the_mood_of_its_participle() -> None:
    # "could remain blocked" found no patient; now it is the state's, hedged by "could"
    assert events("Snapchat could remain blocked in Oman through the summer.", PUBLISHED) == []
    assert events("Snapchat could remain blocked in Oman through the summer.", PUBLISHED, unasserted=True) == [
        {"type": "Ban", "affected": ["Snapchat"], "jurisdiction": ["Oman"], "factuality": "hedged"}
    ]


def test_an_unblocked_platform_is_a_lifted_block() -> None:
    # the tagger takes "unblocked" after "got" for an adjective, which no sense listed
    assert events("Roblox got unblocked in Qatar on Tuesday.", PUBLISHED) == [
        {"type": "BanLifted", "affected": ["Roblox"], "jurisdiction": ["Qatar"], "date": "2025-03-04"}
    ]


def test_a_block_no_longer_in_force_is_lifted() -> None:
    # was read as a Ban in force
    assert events("Snapchat is no longer blocked in Oman.", PUBLISHED) == [
        {"type": "BanLifted", "affected": ["Snapchat"], "jurisdiction": ["Oman"]}
    ]


def test_the_day_a_state_ends_is_not_the_day_of_its_act() -> None:
    # "until Friday" dated the block to Friday, "until June 30" the block to last June
    assert events("Roblox was blocked in Qatar until Friday.", PUBLISHED) == [
        {"type": "Ban", "affected": ["Roblox"], "jurisdiction": ["Qatar"]}
    ]
    assert events("The regulator extended the block on Roblox until June 30.", PUBLISHED) == [
        {"type": "Ban", "affected": ["Roblox"]}
    ]
    # "since" still tells when the state began
    assert events("LINE has stayed banned in Myanmar since March 2.", PUBLISHED) == [
        {"type": "Ban", "affected": ["LINE"], "jurisdiction": ["Myanmar"], "date": "2025-03-02"}
    ]


def test_a_state_takes_the_block_its_paragraph_told_just_before() -> None:
    # the sentence before tells the block; the state's own sentence names no authority
    block = "Regulators in Gabon ordered a block on messaging apps last week."
    state = "Viber has been inaccessible in Gabon since Monday."
    text = f"{block} {state}"
    assert events(text, PUBLISHED) == [
        {"type": "Ban", "affected": ["Viber"], "jurisdiction": ["Gabon"], "date": "2025-03-03"}
    ]
    text = "Authorities cut mobile data on Friday. Users in Gabon lost access to Viber on Saturday."
    assert events(text, PUBLISHED) == [
        {"type": "Ban", "affected": ["Viber"], "jurisdiction": ["Gabon"], "date": "2025-03-01"}
    ]
    # with no block told, an unavailable service may be an outage or its own exit: no Ban
    assert events("Viber suffered an outage. It has been unavailable in Gabon since Monday.", PUBLISHED) == []
    # nor does a block told in another paragraph reach it
    assert events(f"{block}\n\n{state}", PUBLISHED) == []


def test_a_block_told_before_gives_way_to_what_the_state_s_own_sentence_tells() -> None:
    # "unavailable in the App Store" is the store's removal, though the sentence before told a ban
    text = "Lawmakers in Qatar banned Roblox last month. Roblox remained unavailable in the Apple App Store on Tuesday."
    assert [e["type"] for e in events(text, PUBLISHED)] == ["Ban", "AppStoreRemoval"]


def test_a_service_back_online_or_reachable_again_is_restored() -> None:
    # "online" hangs on the copula as an adverb; "accessible again" named no sense
    assert events("Roblox was back online in Qatar on Tuesday.", PUBLISHED) == [
        {"type": "ServiceRestored", "agent": ["Roblox"], "jurisdiction": ["Qatar"], "date": "2025-03-04"}
    ]
    assert events("Roblox became accessible again in Qatar on Tuesday.", PUBLISHED) == [
        {"type": "ServiceRestored", "agent": ["Roblox"], "jurisdiction": ["Qatar"], "date": "2025-03-04"}
    ]
    # without "back" or "again" a service online is no news, nor is a return to no place; in a
    # store it is the store's act
    assert events("Roblox is online in Qatar.", PUBLISHED) == []
    assert events("Roblox briefly became reachable again after a network change.", PUBLISHED) == []
    assert events("Roblox was available again in the Apple App Store on Tuesday.", PUBLISHED) == [
        {
            "type": "AppStoreRemoval",
            "agent": ["Apple App Store"],
            "affected": ["Roblox"],
            "date": "2025-03-04",
            "outcome": "restored",
        }
    ]


def test_a_day_reached_by_is_no_day_that_keeps_one_lifting_apart() -> None:
    # "by Wednesday" bounds when access was back; it was a second BanLifted dated Wednesday
    text = (
        "Qatar's regulator lifted the block on Roblox on Tuesday; "
        "by Wednesday most internet providers had restored access to Roblox."
    )
    assert events(text, "2025-03-07") == [
        {
            "type": "BanLifted",
            "agent": ["Qatar regulator"],
            "affected": ["Roblox"],
            "jurisdiction": ["Qatar"],
            "date": "2025-03-04",
        },
        {"type": "Ban", "agent": ["Qatar regulator"], "affected": ["Roblox"], "jurisdiction": ["Qatar"]},
    ]
