"""One event per happening: mentions that tell the same event merge, with every mention kept
as evidence; mentions that differ in date or party stay apart."""

from extractors.extract import extract
from tests.extractors.brief import events

PUB = "2024-06-14"


def test_later_references_join_the_event_they_name() -> None:
    text = (
        "Kenya's communications authority blocked Telegram on Monday. "
        "The block angered students, who use the app to share revision notes."
    )
    ex = extract(text, PUB)
    bans = [e for e in ex.events if e.type == "Ban"]
    assert [(b.date, [m.trigger for m in b.evidence]) for b in bans] == [("2024-06-10", ["blocked", "block"])]


def test_the_same_action_in_two_years_is_two_events() -> None:
    assert [
        (e["type"], e.get("date")) for e in events("Kenya blocked Telegram in 2023 and blocked it again in 2024.", PUB)
    ] == [
        ("Ban", "2023"),
        ("Ban", "2024"),
    ]


def test_fines_on_two_companies_are_two_events() -> None:
    assert events("Ofcom fined 4chan in October. Ofcom also fined Itai Tech in November.", PUB) == [
        {
            "type": "Fine",
            "agent": ["Ofcom"],
            "affected": ["4chan"],
            "jurisdiction": ["United Kingdom"],
            "date": "2023-10",
        },
        {
            "type": "Fine",
            "agent": ["Ofcom"],
            "affected": ["Itai Tech"],
            "jurisdiction": ["United Kingdom"],
            "date": "2023-11",
        },
    ]


def test_two_officials_of_one_government_make_two_statements() -> None:
    """Both speak for the EU, but each statement is its speaker's own."""
    text = (
        "Thierry Breton said X must comply with the Digital Services Act. "
        "Margrethe Vestager said X had broken the Digital Services Act."
    )
    assert events(text, PUB) == [
        {
            "type": "PublicStatement",
            "agent": ["Thierry Breton"],
            "affected": ["X"],
            "instrument": ["Digital Services Act"],
            "date": PUB,
        },
        {
            "type": "PublicStatement",
            "agent": ["Margrethe Vestager"],
            "affected": ["X"],
            "instrument": ["Digital Services Act"],
            "date": PUB,
        },
    ]


def test_each_chamber_passing_a_bill_is_its_own_event() -> None:
    text = (
        "Australia's House of Representatives passed the News Media Bargaining Code in February. "
        "Australia's Senate passed the News Media Bargaining Code later that month."
    )
    common = {
        "type": "LegislationEnacted",
        "jurisdiction": ["Australia"],
        "instrument": ["News Media Bargaining Code"],
        "date": "2021-02",
    }
    assert events(text, "2021-03-26") == [
        {**common, "agent": ["Australian House of Representatives"]},
        {**common, "agent": ["Australian Senate"]},
    ]


def test_challenging_a_law_in_court_is_the_lawsuit_not_also_a_statement() -> None:
    text = "TikTok and ByteDance challenged the law in the US Court of Appeals for the D.C. Circuit in May 2024."
    assert [e["type"] for e in events(text, PUB)] == ["LegalChallenge"]


def test_two_judges_of_one_court_make_two_rulings() -> None:
    # the appeal is against one judge's ruling; another judge's refusal is a second act
    text = (
        "SpaceX appealed a ruling by Justice Alexandre de Moraes, but Justice Cristiano Zanin turned down the request."
    )
    rulings = [e for e in events(text, "2024-09-14") if e["type"] == "CourtRuling"]
    assert [sorted(a for a in e["agent"] if a.startswith(("Alexandre", "Cristiano"))) for e in rulings] == [
        ["Alexandre de Moraes"],
        ["Cristiano Zanin"],
    ]


def test_a_further_act_months_before_the_news_is_not_the_news() -> None:
    # the lede's block is dated only by the story's day; "a 48-hour ban" in March is another
    text = (
        "Signal has been blocked in Venezuela for the second time in a year. "
        "A court ordered internet providers to block the messaging app. "
        "In March, a judge ordered a 48-hour ban on the app."
    )
    common = {"type": "Ban", "agent": ["court in Venezuela"], "affected": ["Signal"], "jurisdiction": ["Venezuela"]}
    assert events(text, "2024-08-20") == [{**common, "date": "2024-08-19"}, {**common, "date": "2024-03"}]


def test_an_act_told_as_also_done_months_before_stays_apart() -> None:
    text = "Signal has been blocked in Venezuela. Signal was also blocked for a week in November."
    common = {"type": "Ban", "affected": ["Signal"], "jurisdiction": ["Venezuela"]}
    assert events(text, "2024-08-20") == [{**common, "date": "2024-08-19"}, {**common, "date": "2023-11"}]


def test_an_indefinite_fine_told_days_from_the_news_is_the_news() -> None:
    # "a fine ... on Monday" is the fine the lede tells: one event, both mentions its evidence
    text = (
        "Ireland's Data Protection Commission has fined Snapchat. "
        "The regulator imposed a fine of €12 million on Snapchat on Monday."
    )
    ex = extract(text, "2024-08-20")
    assert [(e.type, e.date, [m.trigger for m in e.evidence]) for e in ex.events] == [
        ("Fine", "2024-08-19", ["fined", "fine"])
    ]


def test_a_nominal_that_came_years_after_a_dated_act_is_not_in_that_act_s_year() -> None:
    # "the fine came two years after ... in 2022": the fine is Monday's, told again, and "the
    # fine" TikTok appeals is that one too, not the 2022 fine told only as what it came after
    text = (
        "Ghana's communications regulator fined TikTok on Monday. The fine, the largest in the country's "
        "history, came two years after Uganda fined the company in 2022. TikTok said it would appeal the fine."
    )
    ex = extract(text, PUB)
    labels = {e.id: e.label for e in ex.entities}
    fines = [
        (e.date, [labels[a] for a in e.roles["agent"]], [m.trigger for m in e.evidence])
        for e in ex.events
        if e.type == "Fine"
    ]
    assert fines == [
        ("2024-06-10", ["National Communications Authority"], ["fined", "fine", "fine"]),
        ("2022", ["Uganda"], ["fined"]),
    ]


def test_fines_by_regulators_of_two_countries_are_two_events() -> None:
    # "Italy's privacy watchdog" is Italy's regulator, not the Spanish agency named after it;
    # with the doers apart, the Italian fine and the Spanish one stay two
    text = (
        "Italy's privacy watchdog fined OpenAI €15 million in December. "
        "Spain's data protection agency has also fined the company, and the penalty was announced on Thursday."
    )
    ex = extract(text, "2025-01-10")
    labels = {e.id: e.label for e in ex.entities}
    assert [
        (e.date, [labels[a] for a in e.roles["agent"]], [m.trigger for m in e.evidence])
        for e in ex.events
        if e.type == "Fine"
    ] == [
        ("2024-12", ["Garante per la protezione dei dati personali"], ["fined"]),
        ("2025-01-09", ["Spanish Data Protection Agency"], ["fined", "penalty"]),
    ]


def test_what_a_lifting_lifts_came_before_the_lifting() -> None:
    # "the block" lifted in 2021 is the 2020 block, not the latest one told (2025)
    text = (
        "Kenya blocked Telegram in March 2020. Kenya blocked Telegram again in May 2025. "
        "The block was lifted in July 2021."
    )
    ex = extract(text, "2025-06-10")
    assert [(e.type, e.date, [m.trigger for m in e.evidence]) for e in ex.events] == [
        ("Ban", "2020-03", ["blocked", "block"]),
        ("Ban", "2025-05", ["blocked"]),
        ("BanLifted", "2021-07", ["lifted"]),
    ]


def test_access_regained_after_a_lifting_is_that_lifting() -> None:
    # the state a lifting brings, told in the main clause, and the lifting in the 'after'
    # clause are one act: only two clauses that each name a doer tell two
    text = (
        "Users in Kazakhstan regained access to Telegram on Friday after the country's information ministry "
        "lifted a block it had imposed a week earlier."
    )
    ex = extract(text, "2024-08-11")
    assert [(e.type, e.date, [m.trigger for m in e.evidence]) for e in ex.events if e.type == "BanLifted"] == [
        ("BanLifted", "2024-08-09", ["regained", "lifted"])
    ]
