"""Who said what: a report's speaker makes a PublicStatement when it takes a position, and an
event told inside a report takes the report's doubt or future."""

from tests.extractors.brief import events

PUB = "2024-06-14"


def test_a_stance_on_a_ban_is_the_speakers_statement() -> None:
    assert events("Pavel Durov, Telegram's founder, criticised the Kenyan ban in a post on X.", PUB) == [
        {"type": "PublicStatement", "agent": ["Pavel Durov"], "affected": ["Telegram"], "date": PUB}
    ]


def test_a_quote_before_its_speaker_is_attributed_to_them() -> None:
    # "Lima" is a capital city in the gazetteer; after a first name it is part of a person's name.
    assert events('"This is censorship," said Ana Lima, a lawyer for the platform Telegram.', PUB) == [
        {"type": "PublicStatement", "agent": ["Ana Lima"], "affected": ["Telegram"], "date": PUB}
    ]


def test_what_a_speaker_says_it_will_do_is_planned_not_done() -> None:
    for text in (
        "Telegram said it would challenge the block in court.",
        "Telegram said that the block was unlawful and that it would appeal.",
    ):
        assert {"type": "PublicStatement", "agent": ["Telegram"], "date": PUB} in events(text, PUB)
        assert events(text, PUB, unasserted=True) == [
            {"type": "LegalChallenge", "agent": ["Telegram"], "factuality": "planned"}
        ]


def test_a_denial_negates_the_event_it_reports() -> None:
    assert events("The Kenyan government denied that it had blocked Telegram.", PUB, unasserted=True) == [
        {
            "type": "Ban",
            "agent": ["Government of Kenya"],
            "affected": ["Telegram"],
            "jurisdiction": ["Kenya"],
            "factuality": "negated",
        }
    ]


def test_a_regulator_reporting_its_own_action_is_its_agent_and_the_report_dates_it() -> None:
    # "it" is the speaker; the block happened at the latest when it was reported (Thursday).
    # (the description is the one Kenyan regulator the gazetteer knows for telecoms)
    assert events("Kenya's telecoms regulator said on Thursday it had blocked access to Telegram.", PUB) == [
        {
            "type": "Ban",
            "agent": ["Communications Authority of Kenya"],
            "affected": ["Telegram"],
            "jurisdiction": ["Kenya"],
            "date": "2024-06-13",
        }
    ]


def test_a_news_source_is_not_a_speaker_taking_a_position() -> None:
    assert events("Kenya blocked Telegram on Monday, Reuters reported.", PUB) == [
        {
            "type": "Ban",
            "agent": ["Kenya"],
            "affected": ["Telegram"],
            "jurisdiction": ["Kenya"],
            "date": "2024-06-10",
        }
    ]


def test_the_platform_a_speaker_wrote_on_is_not_the_topic() -> None:
    text = "On Truth Social, Donald Trump wrote that he would issue an executive order to delay the TikTok ban."
    assert events(text, PUB) == [
        {"type": "PublicStatement", "agent": ["Donald Trump"], "affected": ["TikTok"], "date": PUB},
        {"type": "Ban", "affected": ["TikTok"]},  # the ban to be delayed is there already
    ]


def test_a_stance_told_as_a_noun_is_its_speakers_statement() -> None:
    """'voiced opposition to the ban', 'added his endorsement': the light verb's subject
    takes the stance; a stance on nothing a rule touches ('support of the team') is none."""
    assert events("Meta voiced opposition to the ban on Tuesday.", PUB) == [
        {"type": "PublicStatement", "agent": ["Meta"], "date": "2024-06-11"}
    ]
    assert events("Fans came out in support of the team.", PUB) == []


def test_an_internet_monitor_reporting_a_block_takes_no_position() -> None:
    assert events("Internet monitor NetBlocks said on Tuesday that Signal had been restricted in Gabon.", PUB) == [
        {"type": "Ban", "affected": ["Signal"], "jurisdiction": ["Gabon"], "date": "2024-06-11"}
    ]


def test_an_argument_about_age_checks_is_a_position_on_the_rules() -> None:
    assert events("Aylo argued that users' ages should be checked on their own devices.", PUB) == [
        {"type": "PublicStatement", "agent": ["Aylo"], "date": PUB}
    ]


def test_a_platform_counting_its_new_users_takes_no_position() -> None:
    """'The company said it had 50 million users' is no PublicStatement (ANNOTATION.md); the
    same count told as the effect of a ban is a remark on the ban."""
    told = events("Mastodon said it had gained 400,000 new users in three days.", PUB)
    assert [e["type"] for e in told] == ["UserMigration"]
    told = events("Mastodon said the ban on X had brought it 400,000 new users in three days.", PUB)
    assert [e for e in told if e["type"] == "PublicStatement"] == [
        {"type": "PublicStatement", "agent": ["Mastodon"], "affected": ["X"], "date": PUB}
    ]


def test_blaming_a_platform_for_what_it_did_is_a_position_on_an_action() -> None:
    told = events("In a post on X, Senator Ana Ruiz condemned Instagram for censoring condolence messages.", PUB)
    assert told == [{"type": "PublicStatement", "agent": ["Ana Ruiz"], "affected": ["Instagram"], "date": PUB}]
    assert events("Senator Ana Ruiz praised Apple.", PUB) == []


def test_accusing_a_platform_of_a_deed_is_a_position_on_an_action() -> None:
    """'accused X of ...' names the deed with "of", as "condemned X for ..." does with "for"."""
    told = events("Senator Ana Ruiz accused Telegram of putting profits ahead of safety.", PUB)
    assert told == [{"type": "PublicStatement", "agent": ["Ana Ruiz"], "affected": ["Telegram"], "date": PUB}]
    assert events("Senator Ana Ruiz accused Telegram.", PUB) == []


def test_one_among_the_critics_who_said_something_said_it() -> None:
    """The relative clause's speakers are a group; the copula's subject is the one named."""
    statement = {"type": "PublicStatement", "agent": ["Ana Ruiz"], "affected": ["Telegram"]}
    for text in (
        "Senator Ana Ruiz was among the critics who said the Kenyan licensing rules for Telegram were unlawful.",
        "Senator Ana Ruiz was one of the critics who said the Kenyan licensing rules for Telegram were unlawful.",
    ):
        assert events(text, PUB) == [statement]
    assert events("Critics who said the Kenyan licensing rules for Telegram were unlawful were ignored.", PUB) == []


def test_raising_concerns_about_a_rule_is_a_stance() -> None:
    assert events("Telegram raised concerns about the Kenyan licensing rules.", PUB) == [
        {"type": "PublicStatement", "agent": ["Telegram"], "date": PUB}
    ]


def test_an_authority_recounting_its_findings_takes_no_position_but_one_judging_a_law_does() -> None:
    """A regulator's account of what a platform did is its act told; its view of a law or of
    another authority's act is a position, and so is what an official says in person."""
    assert events("Kenya's communications authority said Telegram had collected the data of its users.", PUB) == []
    assert events(
        "China's foreign ministry said the Kenyan licensing rules for Telegram amounted to bullying.", PUB
    ) == [
        {
            "type": "PublicStatement",
            "agent": ["Chinese Ministry of Foreign Affairs"],
            "affected": ["Telegram"],
            "date": PUB,
        }
    ]
    assert events("Senator Ana Ruiz said Telegram had collected the data of its users.", PUB) == [
        {"type": "PublicStatement", "agent": ["Ana Ruiz"], "affected": ["Telegram"], "date": PUB}
    ]


def test_the_maker_of_a_product_is_the_company_told_before_not_the_product() -> None:
    text = "Apple faces new licensing rules in Kenya. The iPhone maker said the Kenyan licensing rules were unlawful."
    assert [e["agent"] for e in events(text, PUB) if e["type"] == "PublicStatement"] == [["Apple"]]


def test_a_participle_of_saying_speaks_for_the_subject_of_its_clause_and_a_colon_opens_the_quote() -> None:
    told = events(
        "Zembla Chat's chief executive Lior Anand thanked the court, saying in a video: \"This is a victory "
        'against arbitrary censorship."',
        PUB,
    )
    assert [(e["type"], e["agent"]) for e in told] == [("PublicStatement", ["Lior Anand"])]


def test_a_letter_calling_for_a_repeal_speaks_for_its_writer() -> None:
    text = (
        "The Zembla Digital Rights Foundation wrote a letter to the ministry calling for the repeal "
        "of the licensing law."
    )
    assert events(text, PUB) == [
        {"type": "PublicStatement", "agent": ["Zembla Digital Rights Foundation"], "date": PUB}
    ]


def test_a_spokeswoman_for_an_office_who_responds_to_a_ruling_speaks_for_the_office() -> None:
    text = (
        "A spokeswoman for the Zembla Media Authority responded to the ruling on Thursday by saying "
        'that "this is a preliminary matter."'
    )
    assert events(text, "2024-06-15") == [
        {"type": "PublicStatement", "agent": ["Zembla Media Authority"], "date": "2024-06-13"}
    ]


def test_according_to_a_group_that_judges_a_rule_is_its_position_a_fact_or_a_finding_is_not() -> None:
    assert events(
        "According to the Zembla Digital Rights Foundation, the licensing rules are inconsistent with free expression.",
        PUB,
    ) == [{"type": "PublicStatement", "agent": ["Zembla Digital Rights Foundation"]}]  # no tense, no day
    for text in (
        "According to the Zembla Media Authority, the licensing rules are inconsistent with the old code.",
        "According to the Zembla Digital Rights Foundation, the licensing rules took effect in May.",
    ):
        assert [e for e in events(text, PUB) if e["type"] == "PublicStatement"] == []


def test_what_an_admission_goes_on_to_say_with_but_that_is_part_of_it() -> None:
    text = (
        "Dariel Moncraft, the commissioner, admitted there had been some hiccups on Wednesday, "
        "but that did not mean the ban had been a failure."
    )
    said = {"type": "PublicStatement", "agent": ["Dariel Moncraft"], "date": "2025-12-11"}
    assert events(text, "2025-12-11") == [said]


def test_an_apology_for_a_shutdown_is_a_position_on_it() -> None:
    text = (
        "Access to Facebook came back on Monday. "
        '"We apologise for the inconvenience, but it was for the security of our country," Oriel Vantrop wrote.'
    )
    assert [e for e in events(text, PUB) if e["type"] == "PublicStatement"] == [
        # said the day the story's last event happened (Monday)
        {"type": "PublicStatement", "agent": ["Oriel Vantrop"], "affected": ["Facebook"], "date": "2024-06-10"}
    ]


def test_a_justice_minister_defending_a_ban_speaks_where_a_justice_of_a_court_does_not() -> None:
    """A court's reasons are its ruling; a minister of justice is in the government."""
    told = "Chile suspended Telegram on Monday. {} defended the suspension on Wednesday."
    minister = events(told.format("The justice minister, Luis Cordero,"), "2024-12-16")
    judge = events(told.format("Justice Maria Vivanco of the Supreme Court"), "2024-12-16")
    assert [(e["type"], e.get("agent")) for e in minister if e["type"] == "PublicStatement"] == [
        ("PublicStatement", ["Luis Cordero"])
    ]
    assert [e for e in judge if e["type"] == "PublicStatement"] == []


def test_criticising_it_is_a_position_on_the_law_told_just_before() -> None:
    text = (
        "The Digital Services Act took effect in February. Marta Ruiz, director of the Open Web "
        "Alliance, criticised it on Tuesday as a setback for small forums."
    )
    assert [e for e in events(text, "2024-06-01") if e["type"] == "PublicStatement"] == [
        {
            "type": "PublicStatement",
            "agent": ["Marta Ruiz"],
            "instrument": ["Digital Services Act"],
            "date": "2024-05-28",
        }
    ]


def test_a_network_telling_of_what_it_did_itself_takes_no_position() -> None:
    text = (
        "Brazil's Supreme Federal Court suspended X on August 30. Bluesky said it had gained a million "
        "new users in the three days after the order, and on August 31 it overtook Threads on the App Store."
    )
    assert [e["type"] for e in events(text, "2024-10-09")] == ["Ban", "UserMigration", "AppRankingChange"]


def test_the_minister_is_the_person_the_story_named_with_that_title() -> None:
    """Once named ("Information Minister Lai Mohammed", "Lai Mohammed, the information minister"),
    an office holder is "the minister"; with nobody named so, the title speaks for no one."""
    said = {"type": "PublicStatement", "agent": ["Lai Mohammed"], "affected": ["X"], "date": "2024-06-14"}
    for named in ("Nigeria's Information Minister Lai Mohammed", "Lai Mohammed, the information minister,"):
        text = f"{named} defended the suspension of Twitter. The minister said on Friday that Twitter had hurt Nigeria."
        assert [e for e in events(text, "2024-06-15") if e["type"] == "PublicStatement"] == [said]
    assert events("The minister said on Friday that Twitter had hurt Nigeria.", "2024-06-15") == []


def test_the_companies_are_the_ones_the_story_named_together_even_paragraphs_before() -> None:
    """A release names its defendants once, in the lede, and calls them "the companies" from then
    on; "the messaging apps Signal and Telegram" names its own."""
    lede = "Kenya's communications authority sued Tencent and ByteDance on Monday over children's data.\n\n"
    middle = (
        "The law forbids collecting such data without consent. Parents must be told first. Data must go on request.\n\n"
    )
    said = {"type": "PublicStatement", "agent": ["Communications Authority of Kenya"], "date": "2024-06-14"}
    text = lede + middle + "The regulator said the companies had ignored the law for years."
    assert events(text, "2024-06-14")[-1] == {**said, "affected": ["ByteDance", "Tencent"]}
    text = lede + middle + "The regulator said the messaging apps Signal and Telegram had also broken the law."
    assert events(text, "2024-06-14")[-1] == {**said, "affected": ["Signal", "Telegram"]}


def test_a_government_spokesman_speaks_for_the_government_and_a_company_spokesman_for_the_company() -> None:
    blocked = "Uzbekistan's communications regulator blocked Telegram on Sunday. "
    said = events(blocked + "A government spokesman said the ban was justified.", PUB)[-1]
    assert said == {
        "type": "PublicStatement",
        "agent": ["Government of Uzbekistan"],
        "affected": ["Telegram"],
        "date": "2024-06-09",
    }
    said = events("Meta blocked news in Canada. A company spokesman said the law was flawed.", PUB)[-1]
    assert said == {"type": "PublicStatement", "agent": ["Meta"], "date": "2024-06-14"}


def test_a_platform_s_users_speaking_are_not_the_platform_speaking() -> None:
    assert events("Many TikTok users said they were moving to RedNote in protest.", PUB) == [
        {"type": "UserMigration", "origin": ["TikTok"], "destination": ["Xiaohongshu"]}
    ]


def test_the_platform_a_statement_is_posted_on_is_not_its_topic() -> None:
    # with its content named (an object or a clause), "on X" says where the speaker said it
    assert events("Eliud Owalo praised the bill on X.", PUB) == [
        {"type": "PublicStatement", "agent": ["Eliud Owalo"], "date": PUB}
    ]
    assert events("Eliud Owalo wrote on Instagram that the ban on TikTok would stay.", PUB) == [
        {"type": "PublicStatement", "agent": ["Eliud Owalo"], "affected": ["TikTok"], "date": PUB}
    ]
