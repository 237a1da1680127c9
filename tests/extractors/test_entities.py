"""Entities: canonical IRIs, aliases, Wikidata links, typing of names the gazetteer lacks."""

from extractors.extract import extract
from tests.extractors.brief import named


def by_label(ex, label):
    return next(e for e in ex.entities if e.label == label)


def test_aliases_resolve_to_one_canonical_entity() -> None:
    ex = extract(
        "Xiaohongshu, which calls itself RedNote in English, topped the App Store. RedNote said it was surprised.",
        "2025-01-14",
    )
    xhs = [e for e in ex.entities if e.type == "Platform" and "RedNote" in [e.label, *e.aliases]]
    assert len(xhs) == 1
    assert xhs[0].label == "Xiaohongshu"
    assert [m.text for m in xhs[0].mentions] == ["Xiaohongshu", "RedNote", "RedNote"]


def test_well_known_entities_carry_wikidata_links() -> None:
    ex = extract("India banned TikTok in June.", "2020-07-01")
    assert by_label(ex, "India").sameAs == ["http://www.wikidata.org/entity/Q668"]
    assert by_label(ex, "TikTok").sameAs == ["http://www.wikidata.org/entity/Q48938223"]


def test_unknown_organisations_are_typed_from_their_names() -> None:
    # Invented bodies: nothing here is in the gazetteer, so the types come from the names.
    ex = extract(
        "The Zembla Telecommunications Authority blocked the app after the Lower Varna District Court "
        "refused to intervene. The Ministry of Posts and Digital Affairs agreed.",
        "2023-11-14",
    )
    assert {e.label: e.type for e in ex.entities} == {
        "Zembla Telecommunications Authority": "Regulator",
        "Lower Varna District Court": "Court",
        "Ministry of Posts and Digital Affairs": "Government",
    }


def test_a_generic_name_links_to_the_body_of_the_place_it_names() -> None:
    # "Telecommunications Authority" is a generic name; the demonym picks India's, and the
    # label says which one it is rather than repeating the article's wording.
    ex = extract("The Indian Telecommunications Authority objected.", "2023-11-14")
    assert [(e.label, e.aliases) for e in ex.entities] == [
        ("Telecommunications Authority of India", ["Indian Telecommunications Authority"])
    ]


def test_names_listed_as_apps_are_platforms() -> None:
    ex = extract("Indian creators moved to homegrown apps such as Roposo, Mitron and Trell.", "2020-07-10")
    types = {e.label: e.type for e in ex.entities}
    assert types["Roposo"] == types["Mitron"] == types["Trell"] == "Platform"


def test_acronym_in_parentheses_is_an_alias() -> None:
    ex = extract("The Nigerian Communications Commission (NCC) suspended Twitter.", "2021-06-05")
    ncc = by_label(ex, "Nigerian Communications Commission")
    assert "NCC" in ncc.aliases


def test_a_surname_joins_the_full_name() -> None:
    ex = extract("Judge Amal Verma ruled on Monday. Verma said the law was clear.", "2024-03-05")
    people = [e for e in ex.entities if e.type == "Person"]
    assert len(people) == 1
    assert "Verma" in people[0].aliases


def test_unnamed_authority_of_a_named_place_is_synthesized() -> None:
    ex = extract(
        "Indonesia's government on Monday ordered Apple and Google to remove Temu from their app stores.", "2024-10-08"
    )
    ban = next(e for e in ex.events if e.type == "Ban")
    agent = ex.entity(ban.roles["agent"][0])
    assert agent.label == "Government of Indonesia"
    assert agent.type == "Government"


def test_a_place_s_government_is_its_whole_government_not_a_ministry_in_the_sentence() -> None:
    ex = extract(
        "India's government blocked Shein in June after the company failed to answer questions from "
        "the Ministry of Electronics and Information Technology.",
        "2024-10-08",
    )
    ban = next(e for e in ex.events if e.type == "Ban")
    assert [ex.entity(a).label for a in ban.roles["agent"]] == ["Government of India"]


def test_a_title_keeps_the_whole_name_after_it() -> None:
    # Invented people: the model splits long Portuguese names, and "Wellington" is also a city.
    ex = extract(
        "Judge Wellington Lopes da Silva suspended Telegram. Judge Marta Regina Nostre Vilela "
        "of the 3rd Criminal Court of São José do Norte disagreed.",
        "2023-04-27",
    )
    assert {e.label: e.type for e in ex.entities if e.type in ("Person", "Court", "Jurisdiction")} == {
        "Wellington Lopes da Silva": "Person",
        "Marta Regina Nostre Vilela": "Person",
        "3rd Criminal Court of São José do Norte": "Court",
    }


def test_an_organisation_named_for_its_country_keeps_the_country_in_its_name() -> None:
    ex = extract("The Federation of Independent Publishers of Kenya objected to the ban on Telegram.", "2024-05-02")
    assert "Federation of Independent Publishers of Kenya" in {e.label for e in ex.entities}


def test_names_the_model_cuts_up_or_mistypes_are_whole_and_typed() -> None:
    """Invented names, none in the gazetteer: a long law's name is one instrument (the model
    made a people of 'Protection of Young Zemblans'), police and security services are
    government, and a person is a person after an activist's title or before an office held
    in apposition, hyphenated first name and all."""
    ex = extract(
        "The Zembla Parliament passed the Protection of Young Zemblans from Harmful Online Content Act 2024 in May. "
        "The Lower Varna Regional Police and the Zembla State Security Service enforce it. "
        "The law, said Oriel Vantrop-Kessly, the minister of digital affairs, was needed. "
        "Campaigners led by privacy activist Dariel Moncraft disagreed.",
        "2024-06-14",
    )
    types = {e.label: e.type for e in ex.entities}
    assert {
        name: types.get(name)
        for name in (
            "Protection of Young Zemblans from Harmful Online Content Act 2024",
            "Lower Varna Regional Police",
            "Zembla State Security Service",
            "Oriel Vantrop-Kessly",
            "Dariel Moncraft",
        )
    } == {
        "Protection of Young Zemblans from Harmful Online Content Act 2024": "LegalInstrument",
        "Lower Varna Regional Police": "Government",
        "Zembla State Security Service": "Government",
        "Oriel Vantrop-Kessly": "Person",
        "Dariel Moncraft": "Person",
    }


def test_a_court_for_a_district_is_a_court() -> None:
    ex = extract("The US District Court for the Eastern District of Oklahoma blocked the law on Monday.", "2024-06-14")
    assert [(e.label, e.type) for e in ex.entities if e.type == "Court"] == [
        ("US District Court for the Eastern District of Oklahoma", "Court")
    ]


def test_a_name_sharing_a_word_with_an_app_is_a_person_before_the_office_they_hold() -> None:
    """'Line' and 'Signal' are apps, but 'Line Berget, head of ...' is a person; a list of
    titled people ('Journalist A, lawyer B') is a list, not an apposition."""
    ex = extract(
        '"We welcome the ruling," said Line Berget, head of the Zembla Data Authority. '
        "Journalist Corin Maddox, lawyer Tavi Olumide and others challenged the block.",
        "2024-06-14",
    )
    assert {e.label: e.type for e in ex.entities if e.type in ("Person", "Platform")} == {
        "Line Berget": "Person",
        "Corin Maddox": "Person",
        "Tavi Olumide": "Person",
    }


def test_a_body_named_with_its_country_also_goes_by_the_name_it_was_written_with() -> None:
    # the gazetteer's label is "Vietnamese Ministry of ..."; the article wrote "Vietnam's Ministry of ..."
    text = "Vietnam's Ministry of Information and Communications ordered carriers to block Telegram."
    ex = extract(text, "2025-05-23")
    ministry = by_label(ex, "Vietnamese Ministry of Information and Communications")
    assert "Ministry of Information and Communications" in ministry.aliases


def test_an_authority_named_for_its_country_at_the_start_of_a_sentence_is_one_name() -> None:
    ex = extract("Zembla Telecommunication Authority has written to providers to stop Telegram.", "2024-06-14")
    assert [(e.label, e.type) for e in ex.entities if e.type == "Regulator"] == [
        ("Zembla Telecommunication Authority", "Regulator")
    ]


def test_police_forces_offices_general_and_hyphenated_bodies_are_government() -> None:
    ex = extract(
        "On May 24, officers of the Varna Police Special Cell visited the offices of Telegram. "
        "The Zembla Attorney General sued Telegram, and Zembla's Department of Cybersecurity and "
        "High-Tech Crime Prevention ordered it blocked. Attorney General Oriel Vantrop defended the order.",
        "2024-06-14",
    )
    assert {e.label: e.type for e in ex.entities if e.type in ("Government", "Person")} == {
        "Varna Police": "Government",
        "Zembla Attorney General": "Government",
        "Department of Cybersecurity and High-Tech Crime Prevention": "Government",
        "Oriel Vantrop": "Person",
    }


def test_a_body_is_typed_by_the_noun_that_describes_it_and_keeps_its_acronym() -> None:
    """Invented bodies: 'the telecoms regulator Vantel' is a Regulator, 'the news agency ZNA'
    is not; '(ZCMC)' after a name is its acronym, not a second body; 'zSafe' is one word of
    a name though it starts in lower case; a dateline's '(CNN)' is the source, not the city."""
    ex = extract(
        "Zembla's telecoms regulator Vantel blocked Telegram, according to the news agency ZNA. "
        "The Zembla Competition and Markets Commission (ZCMC) opened a probe, and the zSafe "
        "Commissioner welcomed it.",
        "2024-06-14",
    )
    types = {e.label: e.type for e in ex.entities}
    assert {name: types.get(name) for name in ("Vantel", "ZNA", "ZCMC", "zSafe Commissioner")} == {
        "Vantel": "Regulator",
        "ZNA": "Organization",
        "ZCMC": None,
        "zSafe Commissioner": "Regulator",
    }
    assert "ZCMC" in by_label(ex, "Zembla Competition and Markets Commission").aliases
    dateline = extract("London (CNN) — Telegram was blocked. The ban drew criticism from CNN.", "2024-06-14")
    assert {e.label: e.type for e in dateline.entities if e.label in ("CNN", "United Kingdom")} == {
        "CNN": "Organization",
        "United Kingdom": "Jurisdiction",
    }
    assert "CNN" not in by_label(dateline, "United Kingdom").aliases


def test_laws_the_gazetteer_does_not_know_are_named_whole() -> None:
    """Invented laws in the forms news uses: a name after its head word, a year after a comma,
    a list of subjects with a comma, and numbered instruments in other languages; 'an Act of
    Parliament' is a kind of law, not a name."""
    ex = extract(
        "Zembla passed the Law on Online Platforms in May and the Law against Digital Fraud in June. "
        "The Zembla Consumer Protection Act, 2019 and the Digital Services, Markets and Media Act "
        "followed, as did Decree-Law No. 417, Lei nº 9.123/2021 and PL 4410/2022. "
        "Each was an Act of Parliament.",
        "2024-06-14",
    )
    assert sorted(e.label for e in ex.entities if e.type == "LegalInstrument") == [
        "Decree-Law No. 417",
        "Digital Services, Markets and Media Act",
        "Law against Digital Fraud",
        "Law on Online Platforms",
        "Lei nº 9.123/2021",
        "PL 4410/2022",
        "Zembla Consumer Protection Act, 2019",
    ]


def test_a_chambers_committee_is_the_legislature_and_a_party_is_an_organisation() -> None:
    ex = extract(
        "The Zembla House Digital Affairs Committee advanced the bill, which the Zemblan Liberal Party opposed.",
        "2024-06-14",
    )
    assert {e.label: e.type for e in ex.entities if e.type in ("Legislature", "Organization")} == {
        "Zembla House Digital Affairs Committee": "Legislature",
        "Zemblan Liberal Party": "Organization",
    }


def test_a_known_law_with_its_year_after_it_is_one_name() -> None:
    """The model keeps only 'Act 2024' of a name the gazetteer knows without the year."""
    ex = extract("Lawmakers in Canada debated the Online Harms Act 2024 for a week.", "2024-06-01")
    assert [(e.label, e.type) for e in ex.entities] == [
        ("Parliament of Canada", "Legislature"),  # the lawmakers'
        ("Canada", "Jurisdiction"),
        ("Online Harms Act 2024", "LegalInstrument"),
    ]


def test_a_numbered_provision_at_the_end_of_a_sentence_leaves_the_full_stop_out() -> None:
    ex = extract("The ministry blocked 59 apps, including Shein, under Section 69A. It gave no reasons.", "2024-06-01")
    assert [(e.label, e.type) for e in ex.entities if e.type == "LegalInstrument"] == [
        ("Section 69A", "LegalInstrument")
    ]


def test_a_name_is_not_cut_with_the_bracket_that_opens_its_acronym() -> None:
    text = '"The measure is serious," the International Federation for Human Rights (FDIH) said on Wednesday.'
    ex = extract(text, "2024-06-01")
    assert [(e.label, e.type) for e in ex.entities] == [("International Federation for Human Rights", "Organization")]


def test_a_case_named_by_its_parties_is_one_instrument() -> None:
    """Not an organisation 'Acharya v.' beside the Union of India."""
    found = []
    for text in (
        "The petition, Acharya v. Union of India, was heard by the Delhi High Court on Monday.",
        "In Free Speech Coalition v. Paxton the court upheld the law.",
        "The Supreme Court heard TikTok Inc. v. Garland in January.",
    ):
        found += [e.label for e in extract(text, "2024-06-01").entities if e.type == "LegalInstrument"]
    assert found == ["Acharya v. Union of India", "Free Speech Coalition v. Paxton", "TikTok Inc. v. Garland"]


def test_an_unknown_body_that_fines_or_investigates_is_a_regulator() -> None:
    # Invented names: only what they do says what they are.
    ex = extract("Vexcom fined 4chan £20,000. The ZTRA opened an investigation into Kick.", "2024-06-14")
    assert {e.label: e.type for e in ex.entities if e.type != "Platform"} == {
        "Vexcom": "Regulator",
        "ZTRA": "Regulator",
    }


def test_a_body_described_by_its_kind_is_that_kind_even_where_ner_reads_a_person() -> None:
    ex = extract("The media watchdog Orlovnadzor restricted access to Instagram.", "2024-06-14")
    assert {e.label: e.type for e in ex.entities} == {"Orlovnadzor": "Regulator", "Instagram": "Platform"}


def test_a_body_s_name_keeps_its_hyphenated_words_and_the_list_of_its_remit() -> None:
    # Invented bodies: the names come whole from the text, not from the gazetteer.
    ex = extract(
        "The Varnian Radio-television and Cable Commission warned Kick. "
        "The Zembla Department for Posts, Roads and Housing backed the law.",
        "2024-06-14",
    )
    assert {e.label: e.type for e in ex.entities if e.type != "Platform"} == {
        "Varnian Radio-television and Cable Commission": "Regulator",
        "Zembla Department for Posts, Roads and Housing": "Government",
    }


def test_a_known_body_and_a_preposition_end_a_name_the_model_ran_on() -> None:
    """'the Ministry of Interior and National Administration on the High Court of Kenya
    judgment': two bodies, not one named "... on the High Court"."""
    ex = extract(
        "Statement by the Ministry of Interior and National Administration on the High Court of Kenya judgment "
        "concerning Telegram.",
        "2024-06-14",
    )
    assert sorted((e.label, e.type) for e in ex.entities if e.type in ("Court", "Government")) == [
        ("High Court of Kenya", "Court"),
        ("Ministry of Interior and National Administration", "Government"),
    ]


def test_a_regulator_described_by_place_and_remit_is_the_known_regulator_of_that_remit() -> None:
    """'Spain's competition regulator' is the one Spanish regulator the gazetteer knows for
    competition, whatever words the description uses; a remit no known name speaks of stays a
    description of its own."""
    said = {
        "The Spanish competition regulator fined Apple on Tuesday.": "National Commission on Markets and Competition",
        "Turkey's antitrust board fined Google on Tuesday.": "Turkish Competition Authority",
    }
    for text, label in said.items():
        ex = extract(text, "2024-10-08")
        fine = next(e for e in ex.events if e.type == "Fine")
        assert [ex.entity(a).label for a in fine.roles["agent"]] == [label], text
    ex = extract("Spain's gambling regulator fined Apple on Tuesday.", "2024-10-08")
    fine = next(e for e in ex.events if e.type == "Fine")
    assert [ex.entity(a).label for a in fine.roles["agent"]] == ["Spain gambling regulator"]


def test_a_translated_federal_justice_is_a_court() -> None:
    """'The Federal Justice of Espírito Santo' is how translations render a federal court."""
    ex = extract("The Federal Justice of Espírito Santo ordered the suspension of Telegram.", "2023-05-02")
    assert {(e.label, e.type) for e in ex.entities if e.type == "Court"} == {
        ("Federal Justice of Espírito Santo", "Court")
    }


def test_a_title_case_question_headline_names_no_people() -> None:
    # The model reads capitalised common words of a headline as names; the body writes them in
    # lower case, which a surname never is.
    ex = extract(
        "After Deadly Protests, Gabon Ends Social Media Ban, What Comes Next?\n\n"
        "Gabon lifted its ban on Telegram on Friday after a week of deadly protests. Officials said the ban "
        "had been meant to stop the protests.",
        "2025-03-08",
    )
    assert sorted((e.label, e.type) for e in ex.entities) == [("Gabon", "Jurisdiction"), ("Telegram", "Platform")]


def test_an_office_s_portfolio_is_not_a_body() -> None:
    ex = extract(
        "The European Commission's Vice-President for Digital Affairs and Consumer Protection, Mira Holt, "
        "said the fine against TikTok was proportionate. A spokesman for Meta declined to comment.",
        "2025-03-08",
    )
    assert sorted((e.label, e.type) for e in ex.entities) == [
        ("European Commission", "Regulator"),
        ("European Union", "Jurisdiction"),
        ("Meta", "Company"),
        ("Mira Holt", "Person"),
        ("TikTok", "Platform"),
    ]


def test_a_demonym_before_a_known_body_s_name_is_still_that_body() -> None:
    ex = extract(
        "Brazilian Supreme Federal Court (STF) Justice Alexandre de Moraes ordered X suspended. The STF said "
        "the order stands.",
        "2024-09-14",
    )
    assert sorted((e.label, e.type) for e in ex.entities) == [
        ("Alexandre de Moraes", "Person"),
        ("Brazil", "Jurisdiction"),
        ("Supreme Federal Court", "Court"),
        ("X", "Platform"),
    ]


def test_an_unknown_name_ending_in_app_is_a_platform() -> None:
    ex = extract(
        "The ministry blocked Zembla Shopping App on Monday. Some of the other blocked apps are AliSuppliers "
        "Mobile App and Lalamove India - Delivery App.",
        "2024-06-14",
    )
    assert {(e.label, e.type) for e in ex.entities} == {
        ("Zembla Shopping App", "Platform"),
        ("AliSuppliers Mobile App", "Platform"),
        ("Lalamove India - Delivery App", "Platform"),
    }


def test_a_name_read_as_a_place_that_is_fined_or_sued_is_a_company() -> None:
    """The model reads some unknown firms as places; places are governed, not fined or sued (a
    known place, such as Poland fined by the EU's court or Texas suing, stays one)."""
    fined = {
        "type": "Fine",
        "agent": ["Spanish Data Protection Agency"],
        "affected": ["Glovo"],
        "jurisdiction": ["Spain"],
        "date": "2024-07-16",
    }
    for text in (
        "Spain's data protection agency fined Glovo 550,000 euros on Tuesday.",
        "Glovo was fined 550,000 euros by Spain's data protection agency on Tuesday.",
    ):
        ex = extract(text, "2024-07-20")
        assert [(e.label, e.type) for e in ex.entities if e.label == "Glovo"] == [("Glovo", "Company")]
        assert [named(ex, e) for e in ex.events] == [fined]
    ex = extract("Texas sued Meta in 2022.", "2024-07-20")
    assert [(e.label, e.type) for e in ex.entities] == [("Texas", "Jurisdiction"), ("Meta", "Company")]


def test_a_store_named_with_its_owner_names_the_owner_too() -> None:
    """'Apple's App Store' names the store (a Platform) and Apple (a Company), each with its own
    mention; roles still go to the store."""
    text = "TikTok was removed from Apple's App Store on Sunday."
    ex = extract(text, "2025-01-20")
    assert [(e.label, e.type, [(m.start, m.end, m.text) for m in e.mentions]) for e in ex.entities] == [
        ("TikTok", "Platform", [(0, 6, "TikTok")]),
        ("Apple App Store", "Platform", [(24, 41, "Apple's App Store")]),
        ("Apple", "Company", [(24, 29, "Apple")]),
    ]
    assert [named(ex, e) for e in ex.events] == [
        {
            "type": "AppStoreRemoval",
            "agent": ["Apple App Store"],
            "affected": ["TikTok"],
            "date": "2025-01-19",
            "outcome": "removed",
        }
    ]


def test_a_name_only_a_person_has_is_a_person_whatever_the_model_read() -> None:
    """Letters after a barrister's name ('Bret Walker SC') or a relative 'who' after a name the
    model took for an organisation or a title make it a person, named without the letters; an
    organisation that 'who' follows is still one when its name says so."""

    def people(text: str) -> list[tuple[str, str]]:
        return [(e.label, e.type) for e in extract(text, "2024-06-01").entities]

    assert people("X was represented by Bret Walker SC at the hearing.") == [
        ("X", "Platform"),
        ("Bret Walker", "Person"),
    ]
    assert people("Counsel for the appellants, led by Gbolahan Elias SAN, presented their arguments.") == [
        ("Gbolahan Elias", "Person")
    ]
    assert people("Nam Seok, who directs the commission's investigation division, advised users to delete it.") == [
        ("Nam Seok", "Person")
    ]
    assert people("Greenpeace, who campaigned against the law, welcomed the ruling.") == [
        ("Greenpeace", "Organization")
    ]


def test_the_constitution_is_the_story_s_country_s_and_its_article_is_no_body() -> None:
    """'the Constitution', 'the 1999 Constitution' in a story about a country with a known
    constitution is that one; 'Article 19 of the Constitution' is a clause of it, not the
    rights group named Article 19 (which a sentence naming the group still finds)."""

    def named_entities(text: str) -> list[tuple[str, str]]:
        return [(e.label, e.type) for e in extract(text, "2024-06-01").entities]

    assert named_entities(
        "Pakistan's government blocked X. The ministry said the block did not breach Article 19 of the Constitution."
    ) == [
        ("Government of Pakistan", "Government"),
        ("Pakistan", "Jurisdiction"),
        ("X", "Platform"),
        ("Constitution of Pakistan", "LegalInstrument"),
    ]
    assert named_entities("A Nigerian tribunal upheld the fine on Meta. It acted within the 1999 Constitution.") == [
        ("Nigeria", "Jurisdiction"),
        ("Nigeria tribunal", "Court"),
        ("Meta", "Company"),
        ("Constitution of Nigeria", "LegalInstrument"),
    ]
    assert named_entities("The rights group Article 19 criticised the block.") == [("Article 19", "Organization")]


def test_a_ministry_described_by_its_remit_is_that_ministry_of_the_story_s_country() -> None:
    """'the trade ministry', 'the foreign ministry' (after 'the', in lower case) are the known
    ministries of the place in play, as 'the Supreme Court' is; the words are kept as an alias."""
    ex = extract(
        "Indonesia moved against online shops. In September the trade ministry issued a rule on social commerce.",
        "2024-06-01",
    )
    ministry = next(e for e in ex.entities if e.type == "Government")
    assert (ministry.label, "trade ministry" in ministry.aliases) == ("Indonesian Ministry of Trade", True)
    ex = extract("China objected. The foreign ministry said the ban was discriminatory.", "2024-06-01")
    assert [(e.label, e.type) for e in ex.entities] == [
        ("China", "Jurisdiction"),
        ("Chinese Ministry of Foreign Affairs", "Government"),
    ]


def test_an_instrument_s_number_is_part_of_its_name() -> None:
    """'No.' is the number sign of 'Regulation No. 31 of 2023', not a word and a full stop."""
    ex = extract("The ministry issued Trade Minister Regulation No. 31 of 2023 in September.", "2024-06-01")
    assert [(e.label, e.type) for e in ex.entities if e.type == "LegalInstrument"] == [
        ("Trade Minister Regulation No. 31 of 2023", "LegalInstrument")
    ]


def test_a_name_set_beside_a_noun_for_a_person_is_a_person() -> None:
    """'senior advocate Sajan Poovayya', 'its director of corporate affairs, Ondaje Ijagwu',
    'two 15-year-olds, Noah Jones and Macy Neyland': the model read organisations and places."""

    def people(text: str) -> list[tuple[str, str]]:
        return [(e.label, e.type) for e in extract(text, "2024-06-01").entities if e.type in ("Person", "Organization")]

    assert people("WhatsApp's lawyer, senior advocate Sajan Poovayya, told the court an officer was named.") == [
        ("Sajan Poovayya", "Person")
    ]
    assert people("The ruling was announced by the watchdog's director of corporate affairs, Ondaje Ijagwu.") == [
        ("Ondaje Ijagwu", "Person")
    ]
    assert people("A rights group lodged a challenge on behalf of two 15-year-olds, Noah Jones and Macy Neyland.") == [
        ("Noah Jones", "Person"),
        ("Macy Neyland", "Person"),
    ]


def test_a_lone_lower_case_word_is_not_a_name_written_with_capitals() -> None:
    """'the northeastern state of Sergipe' names no Northeastern University; 'a signal' is no
    Signal."""
    ex = extract("A judge in the northeastern state of Sergipe ordered providers to block WhatsApp.", "2016-05-03")
    assert [(e.label, e.type) for e in ex.entities] == [
        ("court in Sergipe", "Court"),
        ("Sergipe", "Jurisdiction"),
        ("WhatsApp", "Platform"),
    ]
    assert extract("The ruling sent a signal to every telegram operator.", "2016-05-03").entities == []


def test_a_word_of_a_person_s_full_name_is_no_trigger() -> None:
    """'Eduardo Levy' is a man, not a levy (a fine); his account of a fact is no statement."""
    text = "The president of the telecoms union, Eduardo Levy, said the blockage took effect at 2 pm."
    assert [(e.type, e.trigger) for e in extract(text, "2016-07-20").events] == []


def test_a_name_ending_in_a_company_form_is_a_company() -> None:
    """'SA', 'NV', 'SpA', 'Pty', 'Limited': the legal forms of companies abroad."""
    ex = extract("A judge ordered Nextel Participacoes SA and Zembla Telecom NV to block WhatsApp.", "2016-05-03")
    assert [(e.label, e.type) for e in ex.entities if e.type != "Platform"] == [
        ("Nextel Participacoes SA", "Company"),
        ("Zembla Telecom NV", "Company"),
    ]


def test_a_publication_the_model_read_as_a_person_is_no_person() -> None:
    """'the Official Gazette', which the model reads as a person (whole, or only 'Gazette'), is a
    publication: an organisation when named whole, nothing when only its last word was read."""

    def named(text: str) -> list[tuple[str, str]]:
        return [(e.label, e.type) for e in extract(text, "2020-01-15").entities]

    assert named("Turkey's Constitutional Court published the ruling in the Official Gazette on Jan. 15.") == [
        ("Constitutional Court of Turkey", "Court"),
        ("Turkey", "Jurisdiction"),
        ("Official Gazette", "Organization"),
    ]
    assert named("The court's ruling appeared in the Official Gazette published on Jan. 15.") == []


def test_a_civil_society_body_is_one_organisation_however_many_words_its_name_joins() -> None:
    """'the Media and Law Studies Association', 'the Centre for Internet and Society': the
    model splits such names at 'and' (and reads 'Centre' as India's central government); the
    name runs to its head noun, as an authority's does."""
    ex = extract(
        "The Media and Law Studies Association filed a complaint with a court in Ankara. "
        "The Centre for Internet and Society said the rules were vague.",
        "2024-08-10",
    )
    assert sorted((e.label, e.type) for e in ex.entities if e.type == "Organization") == [
        ("Centre for Internet and Society", "Organization"),
        ("Media and Law Studies Association", "Organization"),
    ]
    assert [named(ex, e) for e in ex.events] == [
        {"type": "LegalChallenge", "agent": ["Media and Law Studies Association"], "jurisdiction": ["Turkey"]},
        {"type": "PublicStatement", "agent": ["Centre for Internet and Society"], "date": "2024-08-10"},
    ]


def test_a_court_of_a_union_sits_for_its_members() -> None:
    """'the General Court' in an Irish story is the EU's (Ireland has none of that name), not
    a 'General Court of Ireland' made up for the place; a member's own court still comes first."""
    ex = extract(
        "Ireland's Data Protection Commission fined TikTok in May. TikTok has appealed the decision to the General "
        "Court. The Supreme Court will hear a second case.",
        "2025-03-08",
    )
    assert sorted(e.label for e in ex.entities if e.type == "Court") == [
        "General Court of the European Union",
        "Supreme Court of Ireland",
    ]
