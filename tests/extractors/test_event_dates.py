"""An event's date is the one on its own clause, read in the direction of its tense, and
relative dates count from the date told before them."""

from tests.extractors.brief import events

PUB = "2024-06-14"  # a Friday


def dates(text: str, published: str = PUB) -> list[tuple[str, str | None]]:
    return [(e["type"], e.get("date")) for e in events(text, published)]


def test_a_weekday_points_back_in_the_past_tense_and_forward_in_the_future() -> None:
    assert dates("Kenya blocked Telegram on Monday.") == [("Ban", "2024-06-10")]
    assert dates("On Monday, Kenya will block Telegram.") == [("Ban", "2024-06-17")]


def test_a_month_without_a_year_is_the_last_such_month_for_a_past_event() -> None:
    assert dates("TikTok was banned in Nepal in November.") == [("Ban", "2023-11")]
    assert dates("Kenya's Parliament passed the Data Act in March last year.") == [("LegislationEnacted", "2023-03")]


def test_each_clause_keeps_its_own_date() -> None:
    text = "Kenya's High Court, which had suspended the ban in May, dismissed the government's appeal on Monday."
    # Monday is the dismissal's day; the appeal was lodged some time before
    assert [d for _, d in dates(text)] == ["2024-05", "2024-06-10", None]


def test_the_date_on_an_event_noun_is_not_the_date_of_the_verb_that_ends_it() -> None:
    assert dates("Nepal's November ban on TikTok was lifted in August.") == [
        ("Ban", "2023-11"),
        ("BanLifted", "2023-08"),
    ]


def test_relative_dates_count_from_the_date_told_before() -> None:
    assert dates(
        "TikTok went dark for American users on Jan. 18. On the following day TikTok restored the service.",
        "2025-02-01",
    ) == [("ServiceShutdown", "2025-01-18"), ("ServiceRestored", "2025-01-19")]
    assert dates("The ministry, which blocked Telegram on Monday, lifted the ban two days later.") == [
        ("Ban", "2024-06-10"),
        ("BanLifted", "2024-06-12"),
    ]
    assert dates(
        "In February 2023, Ottawa barred TikTok from government-issued mobile devices, and that same month the "
        "Office of the Privacy Commissioner of Canada opened an investigation into the app.",
        "2024-11-06",
    ) == [("Ban", "2023-02"), ("Investigation", "2023-02")]


def test_the_next_day_after_a_month_stays_in_that_month() -> None:
    text = (
        "In December 2015 a Brazilian judge ordered WhatsApp blocked for 48 hours, and an appeals court "
        "lifted the order the next day."
    )
    assert dates(text, "2024-10-10") == [("Ban", "2015-12"), ("BanLifted", "2015-12")]


def test_a_decision_or_statement_carries_the_date_of_what_hangs_off_it() -> None:
    assert dates(
        "The European Commission's decision last Thursday to fine Meta €797.72 million was historic.", "2024-11-20"
    ) == [("Fine", "2024-11-14")]
    assert dates("In a statement sent to Florida media last month, Aylo said it opposed the law.", "2024-11-20") == [
        ("PublicStatement", "2024-10")
    ]


def test_a_date_after_an_amount_in_apposition_still_dates_the_fine() -> None:
    assert dates("Vietnam fined Meta 5 billion dong, or about $200,000, last month.") == [("Fine", "2024-05")]


def test_a_dateline_date_is_publication_not_an_event_date() -> None:
    text = "Kenya blocks Telegram\n\nNAIROBI, June 12, 2024 — Kenya blocked Telegram as national exams began."
    assert dates(text, None) == [("Ban", None)]


def test_a_done_complement_takes_the_tense_of_the_verb_that_did_it() -> None:
    """'agreed to pay' and 'decided to block' are done: December is last December."""
    assert dates("The regulator decided to block Telegram in December.") == [("Ban", "2023-12")]
    assert dates("The regulator plans to block Telegram in December.") == []


def test_a_statement_in_the_present_tense_is_made_on_the_day_of_publication() -> None:
    """'says' is today; 'has said' is some time before, so it stays undated."""
    text = "Ofcom's chief executive Melanie Dawes says TikTok must comply with the Online Safety Act."
    assert dates(text, "2025-07-29") == [("PublicStatement", "2025-07-29")]
    assert dates("Melanie Dawes has said TikTok must comply with the Online Safety Act.", "2025-07-29") == [
        ("PublicStatement", None)
    ]


def test_a_date_on_the_deciding_verb_dates_the_action_decided() -> None:
    assert dates("The cabinet agreed on Monday to block Telegram.", "2024-08-23") == [("Ban", "2024-08-19")]


def test_a_date_takes_the_tense_of_the_verb_it_hangs_on() -> None:
    """'on Tuesday ordered ... to cut off': Tuesday is the ordering's, in the past."""
    assert dates("A Brazilian judge on Tuesday ordered phone companies to cut off WhatsApp.", "2016-07-21") == [
        ("Ban", "2016-07-19")
    ]


def test_a_liveblog_entry_dates_its_present_tense_by_its_stamp() -> None:
    """A present or present perfect in a liveblog entry is news of the entry's day, which its
    stamp may name; stamps without a day keep the last one named."""
    text = (
        "Live: the TikTok deadline\n\nWednesday, January 15, 9:10 a.m.\n\n"
        "Commerce Secretary nominee Howard Lutnick says TikTok must comply with the Protecting Americans "
        "from Foreign Adversary Controlled Applications Act.\n\n"
        "Friday, January 17, 10:02 a.m.\n\nThe Supreme Court has upheld the Protecting Americans from "
        "Foreign Adversary Controlled Applications Act.\n\n"
        "11:40 a.m. — The Supreme Court has also rejected TikTok's appeal."
    )
    assert [(e["type"], e.get("date")) for e in events(text, "2025-01-18")] == [
        ("PublicStatement", "2025-01-15"),
        ("CourtRuling", "2025-01-17"),
        ("CourtRuling", "2025-01-17"),
        ("LegalChallenge", None),  # the appeal the court rejected is older than the entry
    ]


def test_a_weekday_after_would_lies_ahead_of_the_saying() -> None:
    assert dates("TikTok said it would go dark on Sunday.", "2025-01-18") == [("ServiceShutdown", "2025-01-19")]


def test_an_undated_said_in_a_news_story_is_said_on_the_storys_day() -> None:
    # (the fine it would appeal is there already: told, undated)
    assert dates("Grindr said it would appeal the fine.") == [("PublicStatement", PUB), ("Fine", None)]


def test_a_said_told_as_background_is_not_given_the_storys_day() -> None:
    assert dates("Grindr had said that it would appeal the fine.") == [("PublicStatement", None), ("Fine", None)]
    assert dates("Grindr said at the time that it would appeal the fine.") == [
        ("PublicStatement", None),
        ("Fine", None),
    ]


def test_the_same_day_is_the_day_the_sentence_before_told() -> None:
    text = (
        "The dispute goes back to May 3, 2022, when the regulator ordered a halt to Replika's data processing. "
        "Luka took Replika offline in Italy the same day."
    )
    assert ("ServiceShutdown", "2022-05-03") in dates(text)


def test_an_inquiry_is_dated_by_its_opening_not_by_its_end() -> None:
    text = "Italy's Garante fined Grindr on Friday, concluding an investigation it opened into Grindr in March 2021."
    assert ("Investigation", "2021-03") in dates(text)


def test_a_noun_event_is_dated_by_the_participle_that_says_when_it_was_opened() -> None:
    text = "Separate proceedings against TikTok, opened in February, remain open."
    assert [e.get("date") for e in events(text, "2024-06-14") if e["type"] == "Investigation"] == ["2024-02"]


def test_a_participle_that_goes_on_from_a_dated_clause_shares_its_day() -> None:
    text = "On May 3, 2024, the Zembla Media Authority published its report, adding that the ban was unfair."
    assert dates(text) == [("PublicStatement", "2024-05-03")]


def test_that_night_counts_from_a_past_date_read_in_the_tense_of_its_own_verb() -> None:
    text = (
        "Apple removed TikTok from the App Store on January 18. TikTok went dark for American users "
        "that night and restored service the following day."
    )
    assert dates(text, "2025-10-24") == [
        ("AppStoreRemoval", "2025-01-18"),
        ("ServiceShutdown", "2025-01-18"),
        ("ServiceRestored", "2025-01-19"),
    ]


def test_a_clause_opened_by_when_or_as_shares_the_time_of_the_clause_it_hangs_on() -> None:
    assert dates("Apple's first answer arrived in early March 2024, when it rolled out age checks for EU users.") == [
        ("ComplianceMeasure", "2024-03")
    ]
    assert dates("On May 3 the regulator blocked Telegram, as TikTok climbed to the top of Apple's App Store.") == [
        ("Ban", "2024-05-03"),
        ("AppRankingChange", "2024-05-03"),
    ]


def test_said_at_the_time_is_said_when_the_act_just_told_happened() -> None:
    text = (
        "Zembla banned TikTok in November 2023. Millions of users lost access. "
        "Minister Oriel Vantrop said at the time that regulating the app had become necessary."
    )
    assert dates(text, "2024-08-23") == [("Ban", "2023-11"), ("PublicStatement", "2023-11")]


def test_a_law_named_with_its_year_was_passed_in_that_year() -> None:
    """'27 November' in a December 2025 story is 2025's, unless the law is the '... Act 2024'."""
    told = (
        "Lawmakers in Ghana debated the Digital Safety Act{} for a week. "
        "The Parliament of Ghana passed it on 27 November."
    )
    assert [(e["instrument"], e["date"]) for e in events(told.format(" 2024"), "2025-12-10")] == [
        (["Digital Safety Act 2024"], "2024-11-27")
    ]
    assert [(e["instrument"], e["date"]) for e in events(told.format(""), "2025-12-10")] == [
        (["Digital Safety Act"], "2025-11-27")
    ]


def test_the_next_night_is_the_day_after_the_act_told_before() -> None:
    text = "Kenya's National Assembly passed the bill on 27 November. The Senate followed late the next night."
    assert [(e["agent"], e["date"]) for e in events(text, "2024-12-10")] == [
        (["National Assembly of Kenya"], "2024-11-27"),
        (["Senate of Kenya"], "2024-11-28"),
    ]


def test_what_was_ordered_in_a_month_takes_the_tense_of_the_order() -> None:
    """'to remove' looks ahead, but the order was given last February, not next."""
    text = "The European Commission had already ordered its staff to remove TikTok from work devices in February."
    assert [(e["type"], e["date"]) for e in events(text, "2023-04-04")] == [("Ban", "2023-02")]


def test_a_date_opening_the_sentence_dates_a_coordinated_clause_that_has_none_of_its_own() -> None:
    shared = "On 18 January TikTok went dark in the United States, and the app was removed from Apple's App Store."
    own = "On 18 January Kenya blocked Telegram, and on 2 February it blocked Signal."
    assert [(e["type"], e["date"]) for e in events(shared, "2025-02-14") + events(own, "2025-02-14")] == [
        ("ServiceShutdown", "2025-01-18"),
        ("AppStoreRemoval", "2025-01-18"),
        ("Ban", "2025-01-18"),
        ("Ban", "2025-02-02"),
    ]


def test_the_stores_of_apple_and_google_are_their_app_stores() -> None:
    text = "TikTok went dark in the United States, and the app was removed from the stores of Apple and Google."
    assert [e["agent"] for e in events(text, "2025-02-14") if e["type"] == "AppStoreRemoval"] == [
        ["Apple", "Apple App Store"],
        ["Google", "Google Play"],
    ]


def test_what_a_judge_ordered_on_a_day_is_dated_that_day_when_the_parse_hangs_it_on_the_object() -> None:
    # spaCy reads "ordered the platform suspended" as a participle on the object, not a clause
    text = (
        "Judge Ana Prado of the Federal Court of Zambia has pursued Telegram since May. In July the app lost "
        "its local office, and on July 19 Prado ordered the service suspended nationwide after it ignored a deadline."
    )
    assert [(e["type"], e["date"]) for e in events(text, "2024-10-02") if e["type"] == "Ban"] == [("Ban", "2024-07-19")]


def test_a_decision_dated_as_a_noun_dates_what_its_relative_clause_says_it_did() -> None:
    text = "The dispute grew out of a March 2019 ruling in which Kenya's High Court struck down the Data Act."
    assert [(e["type"], e["date"]) for e in events(text, "2024-10-02")] == [("CourtRuling", "2019-03")]


def test_a_headline_in_the_present_tense_tells_the_news_of_the_day_before_publication() -> None:
    text = (
        "Kenya's regulator suspends Worldcoin over iris scans\n\n"
        "Kenya's data commissioner has told the company to stop collecting biometric data."
    )
    told_before = "Kenya suspended Worldcoin over iris scans\n\nThe company has stopped collecting biometric data."
    # a story is mostly published the day after what it reports
    assert [(e["type"], e.get("date")) for e in events(text, "2024-06-14") + events(told_before, "2024-06-14")] == [
        ("Ban", "2024-06-13"),
        ("Ban", None),
    ]


def test_a_story_opening_in_the_present_perfect_reports_the_day_before_publication() -> None:
    opening = "Zembla's telecoms ministry has ordered providers to block Telegram. It cited fraud on the app."
    later = "Zembla acted after months of warnings. The telecoms ministry has ordered providers to block Telegram."
    assert [(e["type"], e.get("date")) for e in events(opening, "2024-06-14") + events(later, "2024-06-14")] == [
        ("Ban", "2024-06-13"),
        ("Ban", None),
    ]


def test_a_span_after_or_before_counts_from_the_main_clause_s_date() -> None:
    after = "Telegram was working again in Kenya on Thursday, nine days after the regulator blocked it."
    before = "Kenya lifted the ban on 20 May 2024, two weeks before the regulator fined Telegram."
    assert [(e["type"], e.get("date")) for e in events(after, PUB) + events(before, PUB)] == [
        ("Ban", "2024-06-04"),  # working again on Thursday the 13th: its own event is not one of ours
        ("BanLifted", "2024-05-20"),
        ("Ban", None),  # the ban lifted, undated
        ("Fine", "2024-06-03"),
    ]


def test_that_year_is_the_year_told_before() -> None:
    lifted = "Zembla's court suspended Kick on Aug. 30, 2021, and lifted the ban on Oct. 8 that year."
    later = "Zembla passed the Data Act in 2019 and suspended Worldcoin later that year."
    assert [(e["type"], e.get("date")) for e in events(lifted, PUB) + events(later, PUB)] == [
        ("Ban", "2021-08-30"),
        ("BanLifted", "2021-10-08"),
        ("LegislationEnacted", "2019"),
        ("Ban", "2019"),
    ]


def test_a_noun_summing_up_the_act_gives_the_day_of_the_month_told() -> None:
    text = "Last month Zembla's officials were barred from using Kick on work phones, a measure announced on May 9."
    other_month = (
        "Last month Zembla's officials were barred from using Kick on work phones, a measure first floated on 9 March."
    )
    assert [e.get("date") for e in events(text, PUB) + events(other_month, PUB)] == ["2024-05-09", "2024-05"]


def test_a_decree_s_own_day_yields_to_the_day_its_verb_names() -> None:
    """'dated 9 November' is when the decree was signed; it took effect on the verb's day."""
    text = "Decree 147/2024/ND-CP of the Government, dated 9/11/2023, took effect from 25/12/2023."
    assert [e.get("date") for e in events(text, PUB)] == ["2023-12-25"]


def test_a_numeric_day_is_a_day_even_where_the_model_reads_a_place() -> None:
    took_effect = events("Kenya's licensing rules took effect from 25/12/2023.", PUB)
    assert [(e["type"], e.get("date")) for e in took_effect] == [("RegulationIssued", "2023-12-25")]


def test_a_dateline_does_not_hide_the_opening_sentence_in_the_present_perfect() -> None:
    text = (
        "Kenya fines Telegram in first penalty under new law\n\n"
        "NAIROBI, June 14, 2024 — Kenya's communications authority has fined Telegram $2 million for "
        "ignoring its orders, the first penalty imposed under the law since its main duties took effect this year."
    )
    fines = [e for e in events(text, PUB) if e["type"] == "Fine"]
    assert [e.get("date") for e in fines] == ["2024-06-13"]


def test_a_span_before_or_after_a_named_day_moves_the_day() -> None:
    """'two days before the January 19 deadline': the deadline's day, two days earlier."""
    for text, day in (
        ("A Kenyan court upheld the ban on Telegram two days before the January 19 deadline.", "2024-01-17"),
        ("Kenya blocked Telegram a week after 3 May.", "2024-05-10"),
        ("Kenya blocked Telegram ten days after the 3 May election.", "2024-05-13"),
    ):
        assert [e.get("date") for e in events(text, PUB) if e["type"] in ("Ban", "CourtRuling") and e.get("agent")] == [
            day
        ], text


def test_a_day_the_model_took_for_a_law_is_a_day() -> None:
    passed = events("The House of Representatives passed the Kenyan licensing bill on the evening of Feb 17.", PUB)
    assert [(e["type"], e.get("instrument"), e.get("date")) for e in passed] == [
        ("LegislationEnacted", None, "2024-02-17")
    ]


def test_what_followed_an_act_of_a_named_year_happened_that_year() -> None:
    """'moved to Free Fire after the 2020 ban': the year or month of what it followed; a day
    named there is the earlier act's, not this one's."""
    moved = [
        e.get("date")
        for text in (
            "Many players moved to Garena's Free Fire after the 2020 ban on PUBG Mobile.",
            "After India banned PUBG Mobile in September 2020, many players moved to Garena's Free Fire.",
            "After India banned PUBG Mobile on 2 September 2020, many players moved to Garena's Free Fire.",
        )
        for e in events(text, PUB)
        if e["type"] == "UserMigration"
    ]
    assert moved == ["2020", "2020-09", None]


def test_a_month_without_its_year_follows_the_story_s_last_date_within_half_a_year() -> None:
    """A paragraph that tells the past date by date goes on in that year ("On 3 March" after
    "12 February 2019"), also from a date itself placed so; a day more than half a year after
    the last told, or in a new paragraph, is the article's own."""
    story = (
        "The Federal Court dismissed the appeal of Zemblan Telecom on 12 February 2019. "
        "On 3 March the ministry blocked WhatsApp. A court in Lusaka suspended the block on 9 March."
    )
    assert dates(story, "2021-06-10") == [
        ("CourtRuling", "2019-02-12"),
        ("Ban", "2019-03-03"),
        ("CourtRuling", "2019-03-09"),
    ]
    later = "The ministry blocked WhatsApp in August 2018. The ministry fined Telegram on February 13."
    assert dates(later, "2020-03-10") == [("Ban", "2018-08"), ("Fine", "2020-02-13")]
    apart = "The ministry blocked WhatsApp on 12 February 2019.\n\nOn 3 March the ministry fined Telegram."
    assert dates(apart, "2021-06-10") == [("Ban", "2019-02-12"), ("Fine", "2021-03-03")]


def test_days_later_after_a_month_is_that_month_and_closes_the_last_verb_before_it() -> None:
    """'was passed last April and signed days later': the parser joins 'days later' to the first
    verb; it dates the second, within the first's month (a count of days or an early day would
    say more; a late day, less)."""
    text = "The Kenyan Data Act was passed by the Parliament of Kenya last April and signed by William Ruto days later."
    assert [e.get("date") for e in events(text, "2025-03-10") if e["type"] == "LegislationEnacted"] == [
        "2024-04",
        "2024-04",
    ]


def test_a_date_the_model_starts_at_the_object_before_it_is_only_the_time_words() -> None:
    from extractors.pipeline import article_doc, load_pipeline

    doc = load_pipeline()(article_doc("The court lifted the block days later.", "2025-03-10"))
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "DATE"] == [("days later", "DATE")]


def test_a_fronted_passive_participle_shares_the_day_of_the_verb_it_opens() -> None:
    text = "Questioned by reporters on Tuesday, Pavel Durov said Kenya's ban on Telegram was a mistake."
    assert dates(text) == [("PublicStatement", "2024-06-11"), ("Ban", None)]


def test_a_carrier_s_participle_in_a_fronted_phrase_dates_both_coordinated_verbs() -> None:
    text = "In a note published on Thursday, Telegram denied the charges and said it would appeal."
    assert dates(text) == [("PublicStatement", "2024-06-13")]


def test_a_clause_opened_by_as_shares_the_time_of_a_verb_of_beginning_and_its_event() -> None:
    text = (
        "Kenya's regulator had begun reviewing Threads in late March, as Threads climbed to the top of "
        "Apple's app chart in Kenya."
    )
    assert dates(text) == [("Investigation", "2024-03"), ("AppRankingChange", "2024-03")]


def test_that_year_is_the_last_year_written_not_the_latest_event_s() -> None:
    text = (
        "The Irish Data Protection Commission opened the inquiry that led to Friday's ruling in August 2020. It was "
        "held up after Meta went to the High Court in Dublin in September that year to challenge the draft."
    )
    assert dates(text, "2023-05-22") == [("Investigation", None), ("LegalChallenge", "2020-09")]


def test_a_month_without_its_year_in_a_clause_on_a_year_lies_in_that_year() -> None:
    text = "Parliament widened the regulator's powers last year, when the Online Safety Act received assent in April."
    assert dates(text, "2025-08-22") == [("LegislationEnacted", "2024-04")]
    told = "Kenya's Parliament widened the regulator's powers in 2023, when the Data Act received assent in April."
    assert dates(told, "2025-08-22") == [("LegislationEnacted", "2023-04")]
    # a year told elsewhere does not say whether a month after it is in that year or a later one
    apart = "The Data Act, passed by Kenya's Parliament in 2022, took effect on January 1."
    assert dates(apart, "2025-08-22") == [("LegislationEnacted", "2022"), ("RegulationIssued", "2025-01-01")]


def test_a_statement_in_the_present_is_today_s_even_after_a_dated_act() -> None:
    text = "Kenya's regulator fined Meta on Monday. Meta says it will comply with the law."
    assert dates(text) == [("Fine", "2024-06-10"), ("PublicStatement", "2024-06-14")]


def test_a_chart_position_told_in_the_present_holds_on_the_day_of_publication() -> None:
    assert dates("Threads is the most downloaded free app on Apple's App Store in Kenya.") == [
        ("AppRankingChange", "2024-06-14")
    ]


def test_a_date_the_parser_hangs_on_the_object_is_the_verb_s_not_the_object_event_s() -> None:
    text = (
        "When Justice Amina Mwangi of Kenya's High Court dismissed Telegram's challenge to the regulator's "
        "blocking orders on June 30, she also imposed costs on the company."
    )
    assert dates(text, "2023-08-14") == [("CourtRuling", "2023-06-30"), ("LegalChallenge", None)]


def test_a_date_before_the_comma_closing_a_relative_clause_is_that_clause_s() -> None:
    text = (
        "It is recalled that with the Data Act, which was adopted by the Parliament of Kenya (NA) in May 2019, "
        "platforms were obliged to appoint a representative."
    )
    assert dates(text, "2021-01-12") == [("LegislationEnacted", "2019-05")]


def test_days_later_read_as_the_sentence_s_verb_still_closes_the_last_verb() -> None:
    text = (
        "Background: the act was passed by Kenya's Parliament last June with large majorities and signed by "
        "the president days later."
    )
    assert dates(text, "2025-01-20") == [("LegislationEnacted", "2024-06"), ("LegislationEnacted", "2024-06")]


def test_weeks_later_counts_from_a_yearless_day_in_the_story_s_year() -> None:
    text = (
        "At the end of March 2023 Kenya's regulator blocked Telegram, and Telegram went dark in Kenya on 31 March. "
        "The block was lifted by the regulator four weeks later."
    )
    assert dates(text, "2025-01-31") == [
        ("Ban", "2023-03"),
        ("ServiceShutdown", "2023-03-31"),
        ("BanLifted", "2023-04-28"),
    ]


def test_a_headline_without_a_verb_names_the_news_of_the_day_before_publication() -> None:
    text = (
        "Statement by Kenya's Ministry of Interior on the High Court ruling against Worldcoin\n\n"
        "The ministry welcomes the decision."
    )
    assert dates(text) == [("CourtRuling", "2024-06-13")]


def test_a_weekday_in_a_liveblog_entry_counts_from_the_entry_s_stamp() -> None:
    text = (
        "Live: the Telegram block in Kenya\n\nThursday, March 13, 9:10 a.m. — Kenya blocked Telegram on Monday.\n\n"
        "Monday, March 17, 8:00 a.m. — Back online. Kenya lifted the block on Telegram on Sunday."
    )
    assert dates(text, "2025-03-17") == [("Ban", "2025-03-10"), ("BanLifted", "2025-03-16")]


def test_a_date_on_what_was_ordered_dates_the_order() -> None:
    text = "Kenya's Data Commissioner ordered Meta to pay 5 million shillings in December."
    assert dates(text, "2025-05-20") == [("Fine", "2024-12")]


def test_the_day_a_copula_names_dates_the_relative_clause_on_day() -> None:
    text = "The timing is no accident: March 1 is the day Kenya's Data Protection Act took effect."
    assert dates(text, "2025-03-04") == [("RegulationIssued", "2025-03-01")]


def test_in_the_same_decision_is_dated_by_the_last_act_of_its_kind() -> None:
    text = (
        "On Tuesday, Kenya's High Court blocked the Data Act. Judge Amina Mwangi, who heard arguments on "
        "May 14, found the law too broad. In the same decision she dismissed Meta's claims."
    )
    assert dates(text) == [("CourtRuling", "2024-06-11"), ("CourtHearing", "2024-05-14"), ("CourtRuling", "2024-06-11")]


def test_what_a_dated_act_came_shortly_after_is_of_its_month_when_the_day_is_late_enough() -> None:
    late = "Telegram restored its service in Kenya on April 28, 2023, after appointing a local representative."
    early = "Telegram restored its service in Kenya on April 3, 2023, after appointing a local representative."
    month = "Telegram restored its service in Kenya in April 2023, after appointing a local representative."
    assert dates(late) + dates(early) + dates(month) == [
        ("ServiceRestored", "2023-04-28"),
        ("ComplianceMeasure", "2023-04"),
        ("ServiceRestored", "2023-04-03"),
        ("ComplianceMeasure", None),
        ("ServiceRestored", "2023-04"),
        ("ComplianceMeasure", None),  # the appointing may have been in March
    ]


def test_a_clause_telling_when_a_measure_began_dates_it_even_when_hung_on_its_object() -> None:
    lifted = "Kenya's ban on Telegram, which took effect in January, was lifted on Tuesday."
    opened = "The Irish Data Protection Commission's investigation into TikTok, which began in February, is continuing."
    assert dates(lifted) + dates(opened) == [
        ("Ban", "2024-01"),
        ("BanLifted", "2024-06-11"),
        ("Investigation", "2024-02"),
    ]


def test_an_event_named_inside_what_was_said_is_not_dated_by_the_saying() -> None:
    text = "Kenya banned X in March. On Monday, Elon Musk said that Kenya's ban on X was unfair."
    said = "Pavel Durov said last week that Kenya's ban on Telegram was unfair."
    assert dates(text) + dates(said) == [
        ("Ban", "2024-03"),
        ("PublicStatement", "2024-06-10"),
        ("PublicStatement", "2024-06"),
        ("Ban", None),
    ]


def test_days_told_as_a_list_in_a_liveblog_entry_count_from_its_stamp() -> None:
    text = (
        "Live: the Telegram block in Kenya\n\nThursday, March 13, 9:10 a.m. — Kenya blocked Signal on Monday.\n\n"
        "Monday, March 17, 8:00 a.m. — Update. Kenya blocked Telegram on Friday and again on Sunday."
    )
    assert sorted(dates(text, "2025-03-25")) == [("Ban", "2025-03-10"), ("Ban", "2025-03-14"), ("Ban", "2025-03-16")]


def test_what_is_said_under_a_present_saying_is_said_today_and_stays_one_statement() -> None:
    text = (
        "Live: Kenya's social media law\n\nWednesday, June 12, 9:10 a.m. — The Data Act takes effect today.\n\n"
        "12.45pm — On the legal front: the Kenya Freedom Project, a rights group, lodged a challenge in Kenya's "
        "High Court on 26 May on behalf of two teenagers, arguing the Data Act burdens free speech. It is not clear "
        "when the case will be heard, and the government of Kenya says it will defend the Data Act."
    )
    assert dates(text, "2024-06-12") == [
        ("RegulationIssued", "2024-06-12"),
        ("LegalChallenge", "2024-05-26"),
        ("PublicStatement", "2024-06-12"),
    ]


def test_a_day_read_off_the_present_tense_does_not_split_one_position_in_two() -> None:
    text = (
        "Pornhub cut off access for Utah users in May 2024. Pornhub was acquired in March 2023 by Ethical Capital "
        "Partners, a private equity firm from Ottawa. It has long said it supports age checks done on the phone, by "
        "handset makers and app stores, rather than by each site, which it argues drives users toward sites that "
        "ignore the law."
    )
    assert dates(text, "2025-06-30") == [
        ("ServiceShutdown", "2024-05"),
        ("Divestiture", "2023-03"),
        ("PublicStatement", "2023-03"),
    ]


def test_a_measure_that_takes_effect_in_the_simple_present_takes_effect_ahead() -> None:
    # "takes effect on October 10" is a day on the calendar to come, as "will take effect" is
    # (a ban taking effect is the ban, on that day: no RegulationIssued beside it)
    assert dates("The ban on TikTok takes effect on October 10.") == [("Ban", "2024-10-10")]
    assert dates("Kenya's new rules on TikTok took effect on 1 July.") == [("RegulationIssued", "2023-07-01")]


def test_a_clause_set_off_after_a_noun_s_phrase_dates_the_noun() -> None:
    # the parser hangs ", issued ... last month" on "information"; it tells when the decree was issued
    text = (
        "The decree on the management of online information, issued by the Vietnamese government last month, "
        "requires service providers to verify accounts."
    )
    assert dates(text) == [("ExecutiveOrder", "2024-05")]


def test_a_verb_coordinated_with_a_dated_one_shares_its_day_unless_it_says_later() -> None:
    assert dates("Kenya's communications authority reversed course on Monday and lifted the ban on Telegram.") == [
        ("BanLifted", "2024-06-10"),
        ("Ban", None),
    ]
    assert dates("Kenya's communications authority opened an inquiry into Telegram in May and later fined it.") == [
        ("Investigation", "2024-05"),
        ("Fine", None),
    ]


def test_a_year_before_a_noun_dates_the_act_unless_the_noun_is_a_rule() -> None:
    # the model counts "2022" before a noun as a number, not a year
    assert dates("During the 2022 economic crisis, Sri Lankan authorities blocked Facebook and WhatsApp.") == [
        ("Ban", "2022")
    ]
    assert dates("Kenya's communications authority fined TikTok under the 2019 rules.") == [("Fine", None)]


def test_a_verb_of_stopping_or_starting_is_dated_by_the_day_on_its_gerund() -> None:
    # the parser hangs "on Saturday" on "working"; the stopping is what happened then
    assert dates("Telegram stopped working in Vietnam on Saturday.") == [("ServiceShutdown", "2024-06-08")]
    assert dates("Regulators in Laos began blocking Zalo on Tuesday.") == [("Ban", "2024-06-11")]


def test_what_followed_a_period_came_at_its_end_and_the_period_s_act_at_its_start() -> None:
    # "after a three-month suspension that began in February": not February, but May
    assert dates("Pakistan restored access to X after a three-month suspension that began in February.") == [
        ("BanLifted", "2024-05")
    ]
    assert dates("Nepal lifted its ban on TikTok after a nine-month block imposed in November 2023.") == [
        ("BanLifted", "2024-08"),
        ("Ban", "2023-11"),
    ]
    assert dates("Pakistan restored access to X after the February suspension.") == [("BanLifted", "2024-02")]


def test_a_lifting_that_ends_a_period_dates_the_ban_it_lifts_at_the_period_s_start() -> None:
    # "lifted ... on Tuesday, ending a 39-day blackout": the suspension began 39 days before
    text = "Brazil's top court lifted the suspension of X on Tuesday, ending a 39-day blackout."
    assert dates(text, "2024-10-10") == [("BanLifted", "2024-10-08"), ("Ban", "2024-08-30")]
    assert dates("Pakistan lifted the ban on X, ending a three-month blackout.") == [("BanLifted", None), ("Ban", None)]


def test_a_span_that_acts_are_counted_in_dates_none_of_them() -> None:
    """'the third suspension since 2020', 'has fined Meta three times since 2021': one act of
    several in a span, whose start is no act's day (nor is the story's day a tally's); a state
    told since a day began on it."""
    assert events("It was the third court-ordered suspension of Viber in Brazil since 2020.", "2024-07-20") == [
        {"type": "Ban", "affected": ["Viber"], "jurisdiction": ["Brazil"]}
    ]
    fined = {"type": "Fine", "agent": ["Ireland regulator"], "affected": ["Meta"], "jurisdiction": ["Ireland"]}
    assert events("Regulators in Ireland have fined Meta three times since 2021.", "2024-07-20") == [fined]
    assert events("Regulators in Ireland have repeatedly fined Meta since 2021.", "2024-07-20") == [fined]
    assert events("Viber has been blocked in Brazil since 2020.", "2024-07-20") == [
        {"type": "Ban", "affected": ["Viber"], "jurisdiction": ["Brazil"], "date": "2020"}
    ]


def test_a_suits_day_hung_on_its_aim_is_the_suits() -> None:
    """'sued to block the law in December': the parser hangs the day on the aim, which is not
    done yet; the day is the suit's, read in the suit's past tense."""
    assert events("NetChoice sued to block the law in December.", "2025-08-20") == [
        {"type": "LegalChallenge", "agent": ["NetChoice"], "date": "2024-12"}
    ]
