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
