"""The gazetteer's own data: one entry per name, bodies that lie in places it knows, and the
national institutions of countries beyond the ones the corpus is about."""

from collections import defaultdict

from extractors.extract import extract
from extractors.gazetteer import Gazetteer, fold_accents

INSTITUTIONS = ("Court", "Government", "Legislature", "Regulator")


def _key(name: str) -> str:
    return fold_accents(name).lower()


def test_no_two_entries_go_by_the_same_name() -> None:
    # The matcher gives a shared name to whichever entry it meets first: two bodies answering to
    # "Competition Council" must list it as a generic name, never as a name of their own.
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in Gazetteer.default().entries.values():
        for name in entry.names:
            owners[_key(name)].add(entry.id)
    assert {name: ids for name, ids in owners.items() if len(ids) > 1} == {}


def test_a_generic_name_is_no_entrys_own_name() -> None:
    # "Constitutional Council" is France's, Senegal's and Lebanon's; as France's alias it would
    # win every story, so it is a generic name of each and the story's place decides.
    gaz = Gazetteer.default()
    names = {_key(n) for e in gaz.entries.values() for n in e.names}
    assert {g for e in gaz.entries.values() for g in e.generic_names if _key(g) in names} == set()


def test_every_body_lies_in_a_jurisdiction_the_gazetteer_knows() -> None:
    gaz = Gazetteer.default()
    places = {e.id for e in gaz.entries.values() if e.type == "Jurisdiction"}
    bodies = [e for e in gaz.entries.values() if e.type in INSTITUTIONS]
    assert {e.id for e in bodies if e.jurisdiction and e.jurisdiction not in places} == set()
    assert {e.id for e in bodies if e.parent and e.parent not in gaz.entries} == set()
    # international courts alone belong to no one country
    assert {e.id for e in bodies if not e.home} == {"echr", "efta-court", "ecowas-court", "eacj", "african-court"}


def _entities(text: str) -> list[tuple[str, str]]:
    return [(e.label, e.type) for e in extract(text, "2024-06-14").entities]


def test_a_generic_name_in_a_story_about_a_smaller_country_is_that_countrys_body() -> None:
    assert _entities("BISHKEK - Parliament passed the bill, and the Supreme Court upheld it.") == [
        ("Kyrgyzstan", "Jurisdiction"),
        ("Jogorku Kenesh", "Legislature"),
        ("Supreme Court of Kyrgyzstan", "Court"),
    ]
    assert _entities("Paraguay's Senate approved the bill on Tuesday.") == [
        ("Senate of Paraguay", "Legislature"),
        ("Paraguay", "Jurisdiction"),
    ]


def test_the_constitutional_council_is_the_one_of_the_story() -> None:
    assert _entities("DAKAR - The Constitutional Council struck down a law restricting social media in Senegal.") == [
        ("Senegal", "Jurisdiction"),
        ("Constitutional Council of Senegal", "Court"),
    ]
    assert _entities("PARIS - The Constitutional Council struck down parts of the law on online hate.") == [
        ("France", "Jurisdiction"),
        ("Conseil constitutionnel", "Court"),
    ]


def test_a_regulator_is_known_by_its_acronym_and_its_kind() -> None:
    assert _entities("Albania's telecoms regulator AKEP ordered operators to block TikTok.") == [
        ("Electronic and Postal Communications Authority", "Regulator"),
        ("Albania", "Jurisdiction"),
        ("TikTok", "Platform"),
    ]
    assert _entities("The Ivorian competition authority opened an inquiry into Google.") == [
        ("Ivory Coast", "Jurisdiction"),
        ("Ivorian Competition Commission", "Regulator"),
        ("Google", "Company"),
    ]
