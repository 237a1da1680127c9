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


def test_banning_the_use_of_an_app_bans_the_app() -> None:
    # "the use of X" stands for X, as "access to X" does: the common form of device bans
    assert events("Denmark has banned the use of TikTok on all government-issued phones.", "2024-03-06") == [
        {"type": "Ban", "agent": ["Denmark"], "affected": ["TikTok"], "jurisdiction": ["Denmark"], "date": "2024-03-05"}
    ]
    assert events("Taiwan restricted the use of DeepSeek in government agencies.", "2024-03-06") == [
        {"type": "Ban", "agent": ["Taiwan"], "affected": ["DeepSeek"], "jurisdiction": ["Taiwan"]}
    ]


def test_the_app_an_alternative_replaces_is_where_users_come_from() -> None:
    # "an alternative to X", "X's alternative", "rival apps to X": X is left, never joined
    assert events("Signal, an alternative to WhatsApp, gained 7 million users this week.", "2024-03-06") == [
        {"type": "UserMigration", "origin": ["WhatsApp"], "destination": ["Signal"], "date": "2024-03"}
    ]
    assert events("Many Brazilians switched to Threads, an alternative to X.", "2024-03-06") == [
        {"type": "UserMigration", "jurisdiction": ["Brazil"], "origin": ["X"], "destination": ["Threads"]}
    ]
    assert events("Rival apps to WhatsApp like Signal gained millions of new users.", "2024-03-06") == [
        {"type": "UserMigration", "origin": ["WhatsApp"], "destination": ["Signal"]}
    ]
    assert events("Millions of people looked for Facebook's alternative.", "2024-03-06") == [
        {"type": "UserMigration", "origin": ["Facebook"]}
    ]


def test_a_ban_told_as_counted_before_its_lifting_is_dated_that_long_before() -> None:
    # "lifted X on Thursday, nine months after blocking it": the block is nine months earlier,
    # not on Thursday's month
    lifted = {
        "type": "BanLifted",
        "agent": ["Laos"],
        "affected": ["Telegram"],
        "jurisdiction": ["Laos"],
        "date": "2024-02-29",
    }
    ban = {"type": "Ban", "agent": ["Laos"], "affected": ["Telegram"], "jurisdiction": ["Laos"]}
    text = "Laos lifted its ban on Telegram on Thursday, nine months after blocking the app."
    assert events(text, "2024-03-06") == [lifted, {**ban, "date": "2023-05"}]
    text = "Laos lifted its ban on Telegram on Thursday, more than nine months after outlawing the app."
    assert events(text, "2024-03-06") == [lifted, {**ban, "date": "2023-05"}]
    # the span the parser hangs on the main verb, just before "after"
    text = "Laos on Thursday lifted its ban on Telegram six weeks after suspending the messaging app."
    assert events(text, "2024-03-06") == [lifted, {**ban, "date": "2024-01-18"}]


def test_a_surge_in_sign_ups_is_users_arriving_and_a_jump_in_a_chart_is_a_rank() -> None:
    # "sign-ups", split by the tokenizer, still counts the users who came
    assert events("Sign-ups for Bluesky surged by a million in three days.", "2024-03-06") == [
        {"type": "UserMigration", "destination": ["Bluesky"]}
    ]
    assert events("Bluesky's sign-ups jumped after the election.", "2024-03-06") == [
        {"type": "UserMigration", "destination": ["Bluesky"]}
    ]
    # an app, not its downloads, jumping is a chart position
    assert events("Signal jumped to first place on the App Store's download chart.", "2024-03-06") == [
        {"type": "AppRankingChange", "agent": ["Apple App Store"], "affected": ["Signal"]}
    ]


def test_what_came_months_after_a_dated_act_is_not_dated_by_it() -> None:
    # "months after ... in July 2024": later by an untold span, so not in July
    text = "Bangladesh unblocked Facebook months after imposing a ban during the July 2024 protests."
    assert events(text, "2025-03-06") == [
        {"type": "BanLifted", "agent": ["Bangladesh"], "affected": ["Facebook"], "jurisdiction": ["Bangladesh"]}
    ]
    text = "Laos lifted its block on Signal months after it imposed the ban in May 2023."
    assert events(text, "2025-03-06") == [
        {"type": "BanLifted", "agent": ["Laos"], "affected": ["Signal"], "jurisdiction": ["Laos"]}
    ]
    # a counted span still counts from the date it names
    assert events("Laos lifted its block on Signal two years after the 2019 ban.", "2025-03-06") == [
        {"type": "BanLifted", "agent": ["Laos"], "affected": ["Signal"], "jurisdiction": ["Laos"], "date": "2021"}
    ]


def test_a_ban_on_something_else_lifted_lifts_no_apps_ban() -> None:
    # a curfew or travel ban ending is no app's ban ending, whatever app the sentence names
    text = "Facebook stayed blocked in Iran even after the lockdown restrictions were lifted."
    assert events(text, "2024-03-06") == [{"type": "Ban", "affected": ["Facebook"], "jurisdiction": ["Iran"]}]
    text = "Ethiopia unblocked Facebook and Telegram on Monday after the curfew restrictions were eased."
    assert events(text, "2024-03-06") == [
        {
            "type": "BanLifted",
            "agent": ["Ethiopia"],
            "affected": ["Facebook", "Telegram"],
            "jurisdiction": ["Ethiopia"],
            "date": "2024-03-04",
        }
    ]
    # an app's own ban, named by the app, still ends
    assert events("Nepal lifted the TikTok ban on Thursday.", "2024-03-06")[0] == {
        "type": "BanLifted",
        "agent": ["Nepal"],
        "affected": ["TikTok"],
        "jurisdiction": ["Nepal"],
        "date": "2024-02-29",
    }


def test_a_platforms_users_leaving_after_a_parenthesis_are_users_not_the_platform() -> None:
    # "X (formerly Twitter) users": the parser makes X a subject of its own; its users leave, X stays
    text = "X (formerly Twitter) users are leaving in droves to the social media site Bluesky."
    assert events(text, "2024-03-06") == [{"type": "UserMigration", "origin": ["X"], "destination": ["Bluesky"]}]
    assert events("TikTok (ByteDance's app) users sued Montana.", "2024-03-06") == [
        {"type": "LegalChallenge", "affected": ["Montana"], "jurisdiction": ["Montana"]}
    ]


def test_the_app_users_left_is_never_where_they_went() -> None:
    # "the app" read as the story's TikTok made TikTok both origin and destination
    text = "Self-described TikTok refugees from the United States are flocking to the app."
    assert events(text, "2024-03-06") == [
        {"type": "UserMigration", "jurisdiction": ["United States"], "origin": ["TikTok"]}
    ]


def test_a_ban_told_as_the_time_of_a_migration_is_not_of_where_users_went() -> None:
    # "after the ban": the app users went to was not banned; the one they left may have been
    assert events("Creators moved their audiences to YouTube after the ban.", "2024-03-06") == [
        {"type": "UserMigration", "destination": ["YouTube"]}
    ]
    assert events("Since the ban, ShareChat has gained 15 million users.", "2024-03-06") == [
        {"type": "UserMigration", "destination": ["ShareChat"], "date": "2024-03-05"}
    ]
    assert events("Many Nigerians migrated from Twitter to Koo after the suspension.", "2024-03-06") == [
        {"type": "UserMigration", "jurisdiction": ["Nigeria"], "origin": ["X"], "destination": ["Koo"]},
        {"type": "Ban", "affected": ["X"], "jurisdiction": ["Nigeria"]},
    ]
    # the ban the story told before is the one meant
    text = "India blocked TikTok in June. Downloads of ShareChat jumped after the ban."
    assert events(text, "2024-03-06") == [
        {"type": "Ban", "agent": ["India"], "affected": ["TikTok"], "jurisdiction": ["India"], "date": "2023-06"},
        {"type": "UserMigration", "jurisdiction": ["India"], "origin": ["TikTok"], "destination": ["ShareChat"]},
    ]


def test_going_is_a_move_only_with_where_to() -> None:
    # "went live", "went through a shift": no users moving, whatever the story's apps
    assert events("Many users watched as Mastodon went live in 100 countries.", "2024-03-06") == []
    assert events("Bluesky's user numbers went through a dramatic shift in November.", "2024-03-06") == []
    assert events("Telegram users went to Signal.", "2024-03-06") == [
        {"type": "UserMigration", "origin": ["Telegram"], "destination": ["Signal"]}
    ]
    assert events("Millions of users headed for Bluesky after the election.", "2024-03-06") == [
        {"type": "UserMigration", "destination": ["Bluesky"]}
    ]


def test_whom_a_ban_is_reported_to_did_not_ban() -> None:
    # the court told of the block is no blocker; the ministry reporting it is the one named
    text = "The interior ministry informed the Lahore High Court that Telegram had been blocked."
    assert events(text, "2024-03-06") == [
        {
            "type": "Ban",
            "agent": ["Pakistani Ministry of Interior"],
            "affected": ["Telegram"],
            "jurisdiction": ["Pakistan"],
        }
    ]
    text = "The ministry told the Lahore High Court on Monday that Telegram had been blocked on security grounds."
    assert events(text, "2024-03-06") == [
        {"type": "Ban", "affected": ["Telegram"], "jurisdiction": ["Pakistan"], "date": "2024-03-04"}
    ]


def test_officials_and_public_figures_moving_are_users_moving() -> None:
    # how the move to a homegrown app is reported: its public figures join it
    assert events("Several ministers joined Koo in February.", "2022-01-13") == [
        {"type": "UserMigration", "destination": ["Koo"], "date": "2021-02"}
    ]
    assert events("Government officials started shifting to Koo, the homegrown alternative.", "2022-01-13") == [
        {"type": "UserMigration", "destination": ["Koo"]}
    ]
    # an official meeting on an app is no one moving to it
    assert events("Officials met on Zoom on Monday.", "2022-01-13") == []
