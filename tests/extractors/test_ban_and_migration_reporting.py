"""How news reports tell bans, their lifting and users moving between apps.

Each sentence is written for the test (none is in a corpus); each pins the whole output.
"""

from tests.extractors.brief import events


def test_an_order_to_operators_to_unblock_an_app_is_the_lifting_itself() -> None:
    # as "ordered providers to block X" is the ban, the order to unblock is the lifting, done
    text = "Uzbekistan's communications ministry instructed mobile operators on Monday to unblock Telegram."
    assert events(text, "2024-03-06") == [
        {
            "type": "BanLifted",
            "agent": ["Uzbekistan communications ministry"],
            "affected": ["Telegram"],
            "jurisdiction": ["Uzbekistan"],
            "date": "2024-03-04",
        }
    ]
    assert events(text, "2024-03-06", unasserted=True) == []
    text = "Sri Lanka's telecommunications regulator ordered carriers to lift the block on Skype."
    assert events(text, "2024-03-06")[0] == {
        "type": "BanLifted",
        "agent": ["Telecommunications Regulatory Commission of Sri Lanka"],
        "affected": ["Skype"],
        "jurisdiction": ["Sri Lanka"],
    }
    # a request is still only asked for
    assert events("The court asked the ministry to unblock Telegram.", "2024-03-06") == []
