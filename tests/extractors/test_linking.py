"""Names to entities: the place a story is in decides which body a generic name means;
accents, headlines and numbered instruments are read as written."""

from extractors.extract import extract
from tests.extractors.brief import events

PUB = "2024-06-14"


def test_an_unnamed_authority_of_a_named_place_is_made_for_that_place() -> None:
    # a remit no Spanish regulator the gazetteer knows speaks of (else it is that regulator)
    assert events("Spain's gaming authority fined Apple on Monday.", PUB) == [
        {
            "type": "Fine",
            "agent": ["Spain gaming authority"],
            "affected": ["Apple"],
            "jurisdiction": ["Spain"],
            "date": "2024-06-10",
        }
    ]
    assert events("The Kenyan authorities blocked Telegram.", PUB) == [
        {"type": "Ban", "agent": ["Government of Kenya"], "affected": ["Telegram"], "jurisdiction": ["Kenya"]}
    ]


def test_the_government_capitalised_is_the_place_s_government_not_the_ministry_told_last() -> None:
    """Lower case, "the government" may mean the ministry the story named (the annotation
    guide's rule); capitalised mid-sentence, it is the state's government by name."""
    text = "Kenya's Ministry of ICT announced new rules on Monday. {} blocked Telegram in May."
    ban = {"type": "Ban", "affected": ["Telegram"], "jurisdiction": ["Kenya"], "date": "2024-05"}
    ministry = "Ministry of Information, Communications and the Digital Economy"
    assert [e for e in events(text.format("In a decree, the Government"), PUB) if e["type"] == "Ban"] == [
        {**ban, "agent": ["Government of Kenya"]}
    ]
    assert [e for e in events(text.format("The government"), PUB) if e["type"] == "Ban"] == [
        {**ban, "agent": [ministry]}
    ]


def test_a_known_body_is_found_through_its_country_and_kind() -> None:
    assert events("Türkiye's BTK blocked Roblox on Wednesday.", PUB) == [
        {
            "type": "Ban",
            "agent": ["Information and Communication Technologies Authority"],
            "affected": ["Roblox"],
            "jurisdiction": ["Turkey"],
            "date": "2024-06-12",
        }
    ]


def test_names_with_and_without_accents_are_the_same_place() -> None:
    with_accent = events("São Paulo's court of justice suspended WhatsApp for 48 hours on Thursday.", PUB)
    without = events("Sao Paulo's court of justice suspended WhatsApp for 48 hours on Thursday.", PUB)
    assert (
        with_accent
        == without
        == [
            {
                "type": "Ban",
                "agent": ["São Paulo (state) court"],
                "affected": ["WhatsApp"],
                "jurisdiction": ["São Paulo (state)"],
                "date": "2024-06-13",
            }
        ]
    )


def test_a_numbered_decree_is_one_instrument() -> None:
    assert events("Vietnam's government issued Decree 147/2024/ND-CP in November.", PUB) == [
        {
            "type": "ExecutiveOrder",
            "agent": ["Government of Vietnam"],
            "jurisdiction": ["Vietnam"],
            "instrument": ["Decree 147/2024/ND-CP"],
            "date": "2023-11",
        }
    ]


def test_the_headline_and_the_lede_tell_one_event() -> None:
    text = (
        "Kenya blocks Telegram over exam leaks\n\n"
        "NAIROBI, June 12, 2024 — Kenya blocked Telegram on Wednesday as national exams began."
    )
    ex = extract(text, None)
    assert [(e.type, e.date, len(e.evidence)) for e in ex.events] == [("Ban", "2024-06-12", 2)]
    assert ex.article.published == "2024-06-12"


def test_a_short_name_after_the_full_one_is_that_body_whatever_place_the_sentence_is_about() -> None:
    """'the DPC' is the Irish regulator named before, not a DPC of China because China is
    the place the sentence talks about."""
    text = (
        "Ireland's Data Protection Commission fined TikTok €530 million on Friday over transfers of user "
        "data to China. Staff in China could reach the data, the DPC found. In 2023 the DPC fined TikTok "
        "€345 million."
    )
    assert [(e["agent"], e["jurisdiction"], e["date"]) for e in events(text, "2025-05-05")] == [
        (["Irish Data Protection Commission"], ["Ireland"], "2025-05-02"),
        (["Irish Data Protection Commission"], ["Ireland"], "2023"),
    ]


def test_a_bill_number_names_the_law_of_the_place_in_play_not_of_the_story() -> None:
    """A Florida story that also tells of Texas and Utah: 'HB 1181' is Texas's law there, and
    'Utah's law' is Utah's, not the Florida law told first."""
    text = (
        "Pornhub went dark in Florida on Wednesday as the state's age-verification law, HB 3, took effect. "
        "Aylo cut off users in Texas in March 2024 after a court allowed that state's law, HB 1181, to be "
        "enforced. Utah's law, SB 287, was signed by Governor Spencer Cox in March 2023."
    )
    ex = extract(text, "2025-01-02")
    assert sorted(e.label for e in ex.entities if e.type == "LegalInstrument") == [
        "Florida House Bill 3",
        "Texas House Bill 1181",
        "Utah SB 287",
    ]
    assert [e for e in events(text, "2025-01-02") if e["type"] != "RegulationIssued"] == [
        {"type": "ServiceShutdown", "agent": ["Pornhub"], "jurisdiction": ["Florida"], "date": "2025-01-01"},
        {"type": "ServiceShutdown", "agent": ["Aylo"], "jurisdiction": ["Texas"], "date": "2024-03"},
        {
            "type": "LegislationEnacted",
            "agent": ["Spencer Cox"],
            "jurisdiction": ["Utah"],
            "instrument": ["Utah SB 287"],
            "date": "2023-03",
        },
    ]


def test_a_liveblog_stamp_names_no_place() -> None:
    """spaCy takes 'Fri.' in 'Fri., Jan. 17, 10:02 a.m. —' for a place."""
    text = (
        "Fri., Jan. 17, 10:02 a.m. — The Supreme Court upheld the law.\n\n"
        "Sun., Jan. 19, 12:10 p.m. — Donald Trump said he would delay the ban."
    )
    ex = extract(text, "2025-01-20")
    assert sorted((e.label, e.type) for e in ex.entities) == [
        ("Donald Trump", "Person"),
        ("US Supreme Court", "Court"),
        ("United States", "Jurisdiction"),
    ]


def test_a_law_s_common_name_the_gazetteer_does_not_know_for_the_story_s_place_is_still_that_law() -> None:
    """Many countries have a 'Personal Data Protection Law'; in a story about one the gazetteer
    has no such law for, the name is that place's law, not nothing."""
    ex = extract("Zambia's Personal Data Protection Law took effect in 2021.", PUB)
    laws = [e for e in ex.entities if e.type == "LegalInstrument"]
    assert [(e.label, e.id) for e in laws] == [
        (
            "Personal Data Protection Law",
            "https://w3id.org/regrisk/id/entity/legalinstrument/personal-data-protection-law-of-zambia",
        )
    ]


def test_the_bill_is_the_law_the_story_is_about_unless_its_paragraph_names_another() -> None:
    """'The bill' in a paragraph after a second law told once in passing is still the law the
    story keeps naming; in the paragraph of that second law it means that one."""
    story = (
        "The Kids Online Safety Act passed the Senate in July. The Kids Online Safety Act would impose a duty "
        "of care on platforms. It was packaged with the Children and Teens' Online Privacy Protection Act, a "
        "privacy update.\n\nThe House has not voted. "
        "Speaker Mike Johnson said on Tuesday that the bill must be narrowed."
    )
    said = {"type": "PublicStatement", "agent": ["Mike Johnson"], "date": "2024-12-10"}
    passed = {  # the chamber, the verb's object, passed it
        "type": "LegislationEnacted",
        "agent": ["US Senate"],
        "jurisdiction": ["United States"],
        "instrument": ["Kids Online Safety Act"],
        "date": "2024-07",
    }
    assert events(story, "2024-12-14") == [passed, {**said, "instrument": ["Kids Online Safety Act"]}]
    right_after = (
        "The Kids Online Safety Act passed the Senate in July. It was packaged with the Children and Teens' "
        "Online Privacy Protection Act. Speaker Mike Johnson said on Tuesday that the bill must be narrowed."
    )
    assert events(right_after, "2024-12-14") == [
        passed,
        {**said, "instrument": ["Children and Teens' Online Privacy Protection Act"]},
    ]


def test_a_bare_parliament_or_congress_is_the_legislature_of_the_place_in_play() -> None:
    assert events("In Kenya, parliament passed the law in January.", PUB) == [
        {"type": "LegislationEnacted", "agent": ["Parliament of Kenya"], "jurisdiction": ["Kenya"], "date": "2024-01"}
    ]
    text = "Uzbekistan's regulator blocked Telegram on Sunday. It cited a law passed by parliament in January."
    assert events(text, PUB)[-1] == {
        "type": "LegislationEnacted",
        "agent": ["Oliy Majlis"],
        "jurisdiction": ["Uzbekistan"],
        "date": "2024-01",
    }


def test_regulators_in_a_place_are_that_place_s_regulator() -> None:
    assert events("Regulators in Kenya suspended new downloads of DeepSeek on Monday.", PUB) == [
        {
            "type": "Ban",
            "agent": ["Kenya regulator"],
            "affected": ["DeepSeek"],
            "jurisdiction": ["Kenya"],
            "date": "2024-06-10",
        }
    ]
