"""Names found before and after spaCy's NER: known names, whole authority names, numbered laws.

- `gazetteer`: every name of the gazetteer, case-folded (exact case for names that are also
  common words, such as "X" or "Signal"), with and without accents; the longest match wins.
  Generic names ("Supreme Court", "Senate") are marked as such for the entity linker.
- `authority_names`: "Nigerian Communications Commission" is one Regulator, not the demonym
  "Nigerian" plus the European Commission's short name.
- `relative_dates`: "the following day", "that same month", "three weeks later", and the
  day of "5 July 2022": DATEs the model misses; the event dating counts relative ones from an
  earlier date (data/relative_dates.jsonl).
- `instrument_numbers`: "Decree 147/2024/ND-CP", "Law No. 5651", "SB 419", "Bill C-18":
  numbered instruments are LegalInstruments whatever NER made of them.
"""

from __future__ import annotations

import re
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.dates import MONTH_RE
from extractors.gazetteer import Gazetteer, fold_accents, load_jsonl

GENERIC = "generic:"  # span_id prefix of a generic name, resolved by the entity linker


@cache
def tokenizer() -> spacy.tokenizer.Tokenizer:
    return spacy.blank("en").tokenizer


class GazetteerMatcher:
    def __init__(self, nlp: Language) -> None:
        gaz = self.gaz = Gazetteer.default()
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.described = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.labels: dict[int, tuple[str, str]] = {}
        make = tokenizer()
        for entry in gaz.entries.values():
            key = nlp.vocab.strings.add(entry.id)
            self.labels[key] = (entry.type, entry.id)
            for name in entry.names:
                if not name or name.lower().startswith("the "):
                    continue
                exact = entry.case_sensitive or (name.isupper() and len(name) <= 5)
                for form in dict.fromkeys((name, fold_accents(name))):
                    (self.exact if exact else self.folded).add(entry.id, [make(form)])
        for name, entries in gaz.generic.items():
            key_name = GENERIC + name
            key = nlp.vocab.strings.add(key_name)
            self.labels[key] = (entries[0].type, key_name)
            # Generic names are matched as written ("the Senate"); "senate" is a common noun.
            self.exact.add(key_name, [make(gaz.generic_forms[name])])
            if _DESCRIBED_MINISTRY.fullmatch(gaz.generic_forms[name]):
                # "the trade ministry": a ministry named by its remit in lower case is still that
                # body (a definite description, corpus/ANNOTATION.md), matched after "the" only
                self.described.add(key_name, [make(name)])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        described = [m for m in self.described(doc) if m[1] > 0 and doc[m[1] - 1].lower_ == "the"]
        # a lone lower-case word is a common word ("the northeastern state"), not a name written
        # with capitals ("Northeastern" University), unless the name itself is lower case
        folded = [m for m in self.folded(doc) if not self._common_word(doc, *m)]
        for key, start, end in [*folded, *self.exact(doc), *described]:
            etype, entry_id = self.labels[key]
            spans.append(Span(doc, start, end, label=etype, span_id=entry_id))
        ends = {span.end for span in spans}
        spans = [span for span in spans if not self._inside_longer_name(span, ends)]
        doc.ents = filter_spans([*spans, *doc.ents])
        return doc

    def _common_word(self, doc: Doc, key: int, start: int, end: int) -> bool:
        word = doc[start].text
        if end - start != 1 or not word.islower():
            return False
        entry = self.gaz.get(self.labels[key][1])
        return entry is None or word not in entry.names

    @staticmethod
    def _inside_longer_name(span: Span, ends: set[int]) -> bool:
        """'Zembla Telecommunications Authority': a generic name after an unknown proper noun is
        the tail of another body's name, left whole for NER and `authority_names`; so is a
        one-word place after a first name ("Ana Lima", "Paris Hilton")."""
        place_word = span.label_ == "Jurisdiction" and len(span) == 1  # "Ana Lima" is a person, not Peru
        body = span.id_.startswith(GENERIC) and span.label_ != "LegalInstrument"  # "Criminal Code Article 207.3"
        if not (body or place_word) or span.start == 0 or span.start in ends:
            return False
        before = span.doc[span.start - 1]
        return before.tag_ == "NNP" and before.is_title and not before.is_sent_start


_DESCRIBED_MINISTRY = re.compile(r"[A-Z][a-z]+ Ministry")


@Language.factory("gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp)


ORG_HEADS = {
    "police",
    "party",
    "committee",
    "commission",
    "authority",
    "administration",
    "agency",
    "regulator",
    "office",
    "bureau",
    "board",
    "council",
    "court",
    "tribunal",
    "ministry",
    "department",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "legislature",
    "inspectorate",
    "directorate",
    "commissioner",
    "university",
    "institute",
    "foundation",
}
# civil society's bodies, which speak and sue in the stories: "the Media and Law Studies
# Association", "the Centre for Internet and Society", "the Open Rights Coalition"
CIVIL_HEADS = {"association", "society", "federation", "coalition", "alliance", "centre", "center"}
ORG_HEADS |= CIVIL_HEADS
CONNECTORS = {"of", "and", "for", "the", "&", "on"}
# Name particles of Portuguese, Spanish, French, Dutch, German, Italian and Arabic names and
# places: "São Bernardo do Campo", "Alexandre de Moraes", "Ursula von der Leyen"
PARTICLES = {
    "da",
    "de",
    "do",
    "dos",
    "das",
    "del",
    "della",
    "di",
    "du",
    "des",
    "la",
    "le",
    "van",
    "von",
    "der",
    "den",
    "bin",
    "al",
    "el",
    "y",
    "e",
}
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|ª|º)$")


def _title(token) -> bool:
    if token.ent_type_ in ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"):
        return False
    return token.is_title or (token.is_upper and len(token) > 1) or _camel(token.text)


def _camel(text: str) -> bool:
    """'eSafety', 'iCloud': a name written with a lower-case first letter."""
    return len(text) > 2 and text.isalpha() and text[0].islower() and text[1].isupper()


def _office_head(token) -> bool:
    """'the New York Attorney General', 'the Solicitor General': an office that acts as a body."""
    if token.i + 1 < len(token.doc) and token.nbor(1).lower_ in ("'s", "’s"):
        return False  # "the Prosecutor General's Office": the office is named whole
    return token.lower_ == "general" and token.i > 0 and token.nbor(-1).lower_ in _OFFICES_GENERAL


_OFFICES_GENERAL = frozenset({"attorney", "solicitor", "auditor", "inspector", "prosecutor"})


def _hyphen_in_name(doc: Doc, i: int) -> bool:
    """'High-Tech' in 'Department of Cybersecurity and High-Tech Crime Prevention'."""
    return doc[i].text in ("-", "–") and 0 < i < len(doc) - 1 and _title(doc[i - 1]) and _title(doc[i + 1])


def _hyphenated_part(doc: Doc, i: int, sent_start: int) -> bool:
    """'Radio-television' in 'Canadian Radio-television and Telecommunications Commission': the
    lower-case half of a hyphenated word whose first half is capitalised, and its hyphen."""
    if doc[i].text in ("-", "–"):
        return i > sent_start and _title(doc[i - 1]) and i + 1 < len(doc) and doc[i + 1].is_lower
    return (
        doc[i].is_lower
        and doc[i].is_alpha
        and i - 2 >= sent_start
        and doc[i - 1].text in ("-", "–")
        and _title(doc[i - 2])
    )


def _listed_in_body_name(doc: Doc, i: int, sent_end: int) -> bool:
    """A comma listing a body's remit: 'Department for Science, Innovation and Technology'. The
    list ends with 'and' and a capitalised word; names of their own are not part of it."""
    if doc[i].text != "," or not (i + 1 < sent_end and _title(doc[i + 1]) and not doc[i + 1].ent_id_):
        return False
    for j in range(i + 2, min(i + 5, sent_end - 1)):
        if doc[j].text == ",":
            return False
        if doc[j].lower_ == "and":
            return _title(doc[j + 1]) and not doc[j + 1].ent_id_
    return False


def remit_listed(ent: Span) -> bool:
    """A body's name whose commas list its remit ('Ministry of Culture, Media and Sport')."""
    doc = ent.doc
    comma = next(t.i for t in ent if t.text == ",")
    head = any(
        t.lower_ in ORG_HEADS and t.i + 1 < comma and doc[t.i + 1].lower_ in ("for", "of", "on")
        for t in doc[ent.start : comma]
    )
    return head and _listed_in_body_name(doc, comma, ent.end + 1)


def _names_at_sentence_start(token) -> bool:
    """'Nepal Telecommunication Authority has written to ...': a place or a proper noun opening
    the sentence opens the name too; 'The', 'On' or 'Yesterday' do not."""
    if token.ent_type_ in ("Jurisdiction", "GPE", "NORP"):
        return True
    return token.tag_ == "NNP" and not token.is_stop and token.ent_type_ in ("", "ORG")


def _particle_in_name(doc: Doc, i: int) -> bool:
    """'do' in 'São Bernardo do Campo': a lower-case particle between two capitalised words."""
    return (
        doc[i].lower_ in PARTICLES
        and doc[i].is_lower
        and i + 1 < len(doc)
        and _title(doc[i + 1])
        and i > 0
        and _title(doc[i - 1])
    )


# Words that stand before a person's name and are not part of it
PERSON_TITLES = {
    "judge",
    "justice",
    "magistrate",
    "minister",
    "president",
    "senator",
    "sen.",
    "governor",
    "gov.",
    "representative",
    "rep.",
    "commissioner",
    "chancellor",
    "premier",
    "mayor",
    "prosecutor",
    "attorney-general",
    "secretary",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "mr",
    "mr.",
    "ms",
    "ms.",
    "mrs",
    "mrs.",
    "dr",
    "dr.",
    "prof.",
    "professor",
    "deputy",
    "lawmaker",
    "mp",
    "congressman",
    "congresswoman",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "founder",
    "activist",
    "campaigner",
    "lawyer",
    "attorney",
    "director",
    "executive",
    "officer",
    "analyst",
    "researcher",
    "economist",
    "journalist",
    "blogger",
    "candidate",
    "whistleblower",
}


@Language.component("titled_names")
def titled_names(doc: Doc) -> Doc:
    """'Judge Sandra Regina Nostre Marques', 'Judge Wellington Lopes da Silva': after a personal
    title, the whole run of capitalised words (with name particles) is one person, whatever
    the model or the gazetteer made of its pieces (Wellington is also a city)."""
    gaz = Gazetteer.default()
    spans = []
    for token in doc:
        if token.lower_ not in PERSON_TITLES or token.i + 2 > len(doc):
            continue
        start = token.i + 1
        if doc[start].ent_type_ in ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT"):
            continue
        end = start
        while end < token.sent.end and (
            (_title(doc[end]) and doc[end].pos_ in ("PROPN", "NOUN", "ADJ", "X"))
            or (end > start and _particle_in_name(doc, end))
            # "Sen. Sarah Hanson-Young": a double-barrelled surname, written without spaces
            or (end > start and _hyphen_in_name(doc, end) and not doc[end - 1].whitespace_ and not doc[end].whitespace_)
        ):
            end += 1
        if end - start < 2:
            continue  # one word ("President Biden") the model gets right
        span = doc[start:end]
        if any(
            e.start < end
            and start < e.end
            and e.label_ not in ("PERSON", "Person", "Jurisdiction", "GPE", "ORG", "NORP")
            and not (e.label_ in ("Platform", "Company") and start <= e.start and e.end < end)
            for e in doc.ents
        ):
            continue  # "privacy activist Max Schrems": Max is also an app, inside the name
        entry = gaz.by_name(span.text)
        if entry is not None and entry.type != "Person":
            continue  # "Minister for Communications ...": an office, not a name
        if any(t.lower_ in ORG_HEADS or t.lower_ in ("of", "for") for t in span):
            continue
        if any(e.start == start and e.end == end and e.label_ in ("PERSON", "Person") for e in doc.ents):
            continue  # already whole
        if entry is not None:
            spans.append(Span(doc, start, end, label=entry.type, span_id=entry.id))
        else:
            spans.append(Span(doc, start, end, label="PERSON"))
    spans.extend(_named_in_apposition(doc, gaz))
    if spans:
        spans = filter_spans(spans)
        keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = filter_spans([*keep, *spans])
    return doc


def _named_in_apposition(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """'François-Philippe Champagne, the minister of innovation, said', 'said Line Coll, head of
    the authority': a short run of capitalised words is a person when an office held by a person
    stands in apposition to it, whatever the model made of it (an organisation) or the gazetteer
    made of one of its words (Line is also an app)."""
    found = []
    for comma in doc:
        if comma.text != "," or comma.i < 2 or comma.i + 2 >= len(doc):
            continue
        after = [t for t in doc[comma.i + 1 : comma.i + 4] if t.lower_ not in ("the", "a", "an", "its", "their")]
        if not after or after[0].lower_ not in PERSON_TITLES | {"head", "chief", "leader"}:
            continue
        title = after[0]
        if title.i + 1 < len(doc) and doc[title.i + 1].pos_ == "PROPN" and doc[title.i + 1].is_title:
            continue  # "Journalist A, lawyer B and others": the next of a list, not an apposition
        start = comma.i
        while start > comma.sent.start and (doc[start - 1].is_title or doc[start - 1].text in ("-", "'")):
            start -= 1
        while start < comma.i and doc[start].lower_ in PERSON_TITLES:
            start += 1
        run = doc[start : comma.i]
        if not 2 <= len(run) <= 5 or any(t.lower_ in ORG_HEADS for t in run):
            continue
        if gaz.by_name(run.text) is not None or (start > 0 and doc[start - 1].lower_ in ("of", "for")):
            continue
        if any(e.start < run.end and run.start < e.end and not _may_be_a_name_part(e, run) for e in doc.ents):
            continue
        found.append(Span(doc, run.start, run.end, label="PERSON"))
    return found


def _may_be_a_name_part(ent: Span, run: Span) -> bool:
    """An organisation the model guessed, or one known name of one word inside the run."""
    if ent.start < run.start or ent.end > run.end:
        return False
    if ent.label_ in ("ORG", "PERSON", "Person"):
        return True
    return len(ent) == 1 and len(run) > 1 and ent.label_ in ("Platform", "Company", "Jurisdiction", "GPE")


@Language.component("authority_names")
def authority_names(doc: Doc) -> Doc:
    gaz = Gazetteer.default()
    spans = []
    for token in doc:
        if not _title(token) or not (token.lower_ in ORG_HEADS or _office_head(token)):
            continue
        start = token.i
        while (
            start > token.sent.start
            and (
                _title(doc[start - 1])
                or doc[start - 1].lower_ in ("and", "&")
                or _hyphenated_part(doc, start - 1, token.sent.start)
            )
            and (not doc[start - 1].is_sent_start or _names_at_sentence_start(doc[start - 1]))
        ):
            start -= 1
        end = token.i + 1
        if end < len(doc) and doc[end].lower_ in ("of", "for", "on"):
            j = end + 1
            while (
                j < token.sent.end
                and (
                    _title(doc[j])
                    or doc[j].lower_ in CONNECTORS
                    or _particle_in_name(doc, j)
                    or _hyphen_in_name(doc, j)
                    or _listed_in_body_name(doc, j, token.sent.end)
                )
                and (doc[j].ent_type_ not in ("PERSON", "Person") or doc[j - 1].lower_ in PARTICLES)
            ):
                j += 1
            while j > end and (doc[j - 1].lower_ in CONNECTORS or doc[j - 1].lower_ in PARTICLES):
                j -= 1
            if j > end + 1:
                end = j
        while start < token.i and doc[start].lower_ in CONNECTORS:
            start += 1
        if start > token.sent.start and _ORDINAL.match(doc[start - 1].text) and _title(doc[start]):
            start -= 1  # "the 1st Criminal Court of ...": the ordinal is part of the name
        if end - start < 2:
            continue
        if (
            end < len(doc)
            and doc[end].ent_type_ in ("PERSON", "Person")
            and token.lower_ in ("commissioner", "president", "general")
        ):
            continue  # "Commissioner ... Thierry Breton": a title before a name
        span = doc[start:end]
        entry = gaz.by_name(span.text)
        covering = [e for e in doc.ents if e.start <= start and e.end >= end and e.label_ not in ("DATE", "MONEY")]
        if covering and any(e.ent_id_ and not e.ent_id_.startswith(GENERIC) for e in covering):
            continue  # a known name already covers it
        if entry is not None:
            spans.append(Span(doc, start, end, label=entry.type, span_id=entry.id))
        else:
            spans.append(Span(doc, start, end, label="ORG"))
    if spans:
        keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = filter_spans([*keep, *spans])
        for span in spans:
            if not span.id and any(t.lower_ in CIVIL_HEADS for t in span):
                # setting doc.ents leaves a token's old link: "the Centre" (India's government)
                # must not follow "Centre" into "the Centre for Internet and Society"
                for token in span:
                    token.ent_id = 0
    return _places_ending_names(doc)


def _places_ending_names(doc: Doc) -> Doc:
    """'the Association of Licensed Telecommunication Operators of Nigeria', 'the Federation of
    Independent Publishers of Kenya': an organisation's name that goes on with 'of' and a
    place is one name, where the model stopped before the place."""
    ents = list(doc.ents)
    changed = False
    for k, ent in enumerate(ents[:-1]):
        nxt = ents[k + 1]
        if ent.label_ != "ORG" or nxt.label_ not in ("Jurisdiction", "GPE"):
            continue
        gap = doc[ent.end : nxt.start]
        if any(t.lower_ in ORG_HEADS for t in ent):
            continue  # "the Supreme Court of Brazil": an authority, linked by `authority_names`
        joined = ent[-1].lower_ == "of" and not len(gap)
        if not joined and not ([t.lower_ for t in gap] == ["of"] and ent[-1].is_title and len(ent) >= 3):
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        ents[k] = Span(doc, start, nxt.end, label="ORG")
        ents[k + 1] = None  # type: ignore[call-overload]
        changed = True
    if changed:
        doc.ents = [e for e in ents if e is not None]
    return doc


# The last word of a law's name: "... Controlled Applications Act", "... Ethics Code) Rules, 2021"
LAW_HEADS = {
    "act",
    "law",
    "bill",
    "code",
    "regulation",
    "regulations",
    "rules",
    "directive",
    "decree",
    "ordinance",
    "amendment",
    "framework",
    "constitution",
    "charter",
    "statute",
    "guidelines",
    "provisions",
    "convention",
    "treaty",
}
_LAW_LINKS = {"of", "and", "for", "from", "on", "to", "in", "against", "&", "-"}
_FINITE = ("VBZ", "VBD", "VBP", "MD")
_LEADING = _LAW_LINKS | {"the", "a", "an"}  # never the first word of a name


_CASE_OPENERS = {"in", "on", "at", "the", "by", "after", "before", "under", "since", "from", "with"}


@Language.component("case_names")
def case_names(doc: Doc) -> Doc:
    """'Free Speech Coalition v. Paxton', 'WhatsApp LLC v. Union of India': a case, named by
    its parties, is one instrument (its ruling), not two parties and a stray 'v.'."""
    spans = []
    for token in doc:
        if token.text not in ("v.", "v", "vs.", "vs") or token.i == 0 or token.i + 1 >= len(doc):
            continue
        if not (_title(doc[token.i - 1]) and _title(doc[token.i + 1])):
            continue
        start = token.i - 1
        while start > token.sent.start and (
            _title(doc[start - 1]) or doc[start - 1].ent_type_ not in ("", "DATE") or doc[start - 1].text == "&"
        ):
            start -= 1
        while start < token.i - 1 and doc[start].lower_ in _CASE_OPENERS:
            start += 1  # "In Free Speech Coalition v. Paxton": the preposition opens the sentence
        end = token.i + 2
        while end < token.sent.end and (
            _title(doc[end]) or (doc[end].lower_ in CONNECTORS and end + 1 < len(doc) and _title(doc[end + 1]))
        ):
            end += 1
        spans.append(Span(doc, start, end, label="LAW"))
    if spans:
        keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = filter_spans([*keep, *spans])
    return doc


@Language.component("law_names")
def law_names(doc: Doc) -> Doc:
    """'the Protecting Americans from Foreign Adversary Controlled Applications Act', 'the
    Online Safety Act 2021': a run of capitalised words (with 'of', 'and', 'from' ... between
    them) that ends in a law's head word is one law's name, where the model cut it into a
    people ('Protecting Americans') and an organisation, or kept only 'Act 2021'."""
    headline = doc._.headline
    spans = []
    for token in doc:
        if token.lower_ not in LAW_HEADS or not token.is_title:
            continue
        if headline and headline[0] <= token.i < headline[1]:
            continue  # a headline capitalises every word
        sent_start = token.sent.start
        start = token.i
        i = token.i - 1
        while i >= sent_start:
            word = doc[i]
            if _law_word(word) and not word.is_sent_start:
                start = i
            elif word.text in ("'s", "’s") and i - 1 >= sent_start and _law_word(doc[i - 1]):
                if doc[i - 1].ent_type_ in ("GPE", "Jurisdiction"):
                    break  # "Kenya's Computer Misuse Act": the place's law, not its name
                start = i  # "Children's Online Privacy Protection Act"
            elif word.text in ("(", ")") or (word.lower_ in _LAW_LINKS and i > sent_start and _law_word(doc[i - 1])):
                start = i  # "Information Technology (Intermediary ...) Rules", "Protection of Young ..."
            elif word.text == "," and _listed_in_name(doc, i, sent_start):
                start = i  # "the Digital Markets, Competition and Consumers Act"
            elif word.is_sent_start and _law_word(word) and word.tag_ not in _FINITE:
                start = i
                break
            else:
                break
            i -= 1
        while start < token.i and (doc[start].lower_ in _LEADING or doc[start].text in ("(", "'s", "’s")):
            start += 1
        end = token.i + 1
        if start == token.i:
            end = _named_after_its_head(doc, token)  # "the Law on Cybersecurity", "the Law against Hatred"
        if end + 1 < len(doc) and doc[end].text == "No." and doc[end + 1].like_num:
            end += 2  # "Trade Minister Regulation No. 31"
            if end + 1 < len(doc) and doc[end].lower_ == "of" and re.fullmatch(r"(19|20)\d{2}", doc[end + 1].text):
                end += 2  # "... No. 31 of 2023"
        elif end < len(doc) and re.fullmatch(r"(19|20)\d{2}", doc[end].text):
            end += 1  # "the Online Safety Act 2021"
        elif end + 1 < len(doc) and doc[end].text == "," and re.fullmatch(r"(19|20)\d{2}", doc[end + 1].text):
            end += 2  # "the Federal Competition and Consumer Protection Act, 2018"
        span = doc[start:end]
        if sum(1 for t in span if t.is_title and t.lower_ not in LAW_HEADS) < 2 and not (
            (token.lower_ == "constitution" or start == token.i) and end - start >= 2
        ):
            continue  # "the Act", "Data Act": too little to be sure of a name
        if span.text.count("(") != span.text.count(")"):
            continue
        known = [e for e in doc.ents if e.start < end and start < e.end and e.ent_id_ and e.label_ != "Jurisdiction"]
        if len(known) == 1 and known[0].label_ == "LAW" and start < known[0].start and known[0].end == end:
            # "the Online Safety Act 2021" that the model cut to "Act 2021" over a known name
            spans.append(Span(doc, start, end, label="LAW", span_id=known[0].ent_id_))
            continue
        if known:
            continue  # the gazetteer knows this law (or another name overlaps it)
        spans.append(Span(doc, start, end, label="LAW"))
    if spans:
        spans = filter_spans(spans)
        keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = filter_spans([*keep, *spans])
    return doc


def _listed_in_name(doc: Doc, comma: int, sent_start: int) -> bool:
    """A comma inside a law's name lists its subjects ('Digital Markets, Competition and
    Consumers Act'): two capitalised words before it that are no entity of their own."""
    before = doc[max(sent_start, comma - 2) : comma]
    return (
        len(before) == 2
        and all(_law_word(t) and not t.ent_id_ and t.ent_type_ in ("", "ORG", "LAW") for t in before)
        and comma + 1 < len(doc)
        and _law_word(doc[comma + 1])
    )


def _named_after_its_head(doc: Doc, head) -> int:
    """Where 'Law on Cybersecurity' ends: the capitalised words after 'on', 'of', 'against'."""
    j = head.i + 1
    if j + 1 >= len(doc) or doc[j].lower_ not in ("on", "of", "against", "concerning", "for"):
        return head.i + 1
    if not _law_word(doc[j + 1]):
        return head.i + 1
    j += 1
    while j < head.sent.end and (
        _law_word(doc[j]) or (doc[j].lower_ in _LAW_LINKS and j + 1 < len(doc) and _law_word(doc[j + 1]))
    ):
        j += 1
    if all(t.lower_ in ORG_HEADS or t.lower_ in _LAW_LINKS for t in doc[head.i + 2 : j]):
        return head.i + 1  # "an Act of Parliament": a kind of law, not one law's name
    return j


def _law_word(token) -> bool:
    """A word of a law's name: capitalised, and no finite verb ('Passes')."""
    return (
        (token.is_title or (token.is_upper and len(token) > 1))
        and token.tag_ not in _FINITE
        and (token.ent_type_ not in ("DATE", "TIME", "MONEY", "PERSON", "Person"))
    )


# "Decree 147/2024/ND-CP", "Law No. 5651", "Federal Law No. 242-FZ", "SB 419", "HB 1181",
# "Bill C-18", "Act 440", "Regulation 31/2023", "Decree-Law No. 671", "Lei nº 7.716/1989",
# "PL 2630/2020", "Portaria nº 351/2023"; "Section 69A" stays with its act.
_NUMBERED = re.compile(
    r"\b(?:(?:Federal |Ministerial |Government |Presidential |Executive |Decree-)?"
    r"(?:Decree|Law|Ordinance|Regulation|Resolution|Circular|Directive|Decision|Order|Act|Bill|Proclamation"
    r"|Lei|Ley|Loi|Decreto|Portaria|Resolução|Resolución|PL|PLS|PEC)"
    r"(?: No\.?| Number| n[º°o]\.?| N[º°]\.?)? ?[A-Z]?-?\d+[\w/.\-]*(?: of \d{4})?"
    r"|(?:S\.?B\.?|H\.?B\.?|A\.?B\.?|H\.?R\.?|S\.?) ?\d{1,5}|Bill [A-Z]-\d+)\b"
)


class RelativeDates:
    """spaCy's EntityRuler would do, at four times the cost: this only adds spans where the
    model found no entity."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        for row in load_jsonl("relative_dates.jsonl"):
            self.matcher.add(row["label"], [row["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        self._numeric_days(doc)
        self._trim_taken_nouns(doc)
        matches = self.matcher(doc, as_spans=True)
        if not matches:
            return doc
        # A match may replace a DATE/TIME the model cut short ("hours" of "within hours"),
        # or a day it took for a number ("5" of "5 July 2022"), but never another kind of entity
        kept = [
            e
            for e in doc.ents
            if not (
                e.label_ in ("DATE", "TIME", "CARDINAL")
                and any(m.start <= e.start and e.end <= m.end and len(m) > len(e) for m in matches)
            )
        ]
        taken = {i for e in kept for i in range(e.start, e.end)}
        new = [m for m in filter_spans(matches) if not taken.intersection(range(m.start, m.end))]
        if new or len(kept) != len(doc.ents):
            doc.ents = [*kept, *new]
        return doc

    @staticmethod
    def _trim_taken_nouns(doc: Doc) -> None:
        _trim_taken_nouns_of(doc)

    @staticmethod
    def _numeric_days(doc: Doc) -> None:
        """'from 25/12/2023', 'on the evening of Feb 17': the model sometimes takes a day for a
        place, a number or a law; a name of that shape is a day, whatever the model says."""
        wrong = [e for e in doc.ents if e.label_ not in ("DATE", "TIME") and _NUMERIC_DAY.fullmatch(e.text)]
        # "during the 2022 economic crisis": a year before a noun, which the model counts as a number
        wrong += [
            e
            for e in doc.ents
            if e.label_ == "CARDINAL"
            and len(e) == 1
            and _YEAR_NUMBER.fullmatch(e.text)
            and e.root.dep_ in ("nummod", "compound", "amod")
            and e.root.head.pos_ == "NOUN"
        ]
        if wrong:
            doc.ents = [Span(doc, e.start, e.end, label="DATE") if e in wrong else e for e in doc.ents]


_YEAR_NUMBER = re.compile(r"(?:19[89]\d|20[0-4]\d)")


def _date_word(token) -> bool:
    word = token.lower_.rstrip(".")
    return token.like_num or word in _DATE_WORDS or bool(re.fullmatch(MONTH_RE, word)) or token.shape_.startswith("d")


def _trim_taken_nouns_of(doc: Doc) -> None:
    """'lifted the block days later': the model may start a DATE at the object before it;
    the day is the words from the first that tells time."""
    changed = []
    for e in doc.ents:
        if e.label_ not in ("DATE", "TIME") or len(e) < 2:
            continue
        first = 1 if e[0].lower_ in ("the", "a", "an", "its", "their") else 0
        if first >= len(e) or e[first].pos_ not in ("NOUN", "PROPN") or _date_word(e[first]):
            continue
        k = next((i for i in range(first + 1, len(e)) if _date_word(e[i])), None)
        if k is not None:
            changed.append((e, Span(doc, e.start + k, e.end, label=e.label_)))
    if changed:
        swap = dict(changed)
        doc.ents = [swap.get(e, e) for e in doc.ents]


_DATE_WORDS = frozenset(
    {
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "hour",
        "hours",
        "minutes",
        "later",
        "earlier",
        "ago",
        "last",
        "next",
        "this",
        "previous",
        "following",
        "same",
        "early",
        "late",
        "mid",
        "end",
        "beginning",
        "start",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "weekend",
        "morning",
        "evening",
        "night",
        "afternoon",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "decade",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "few",
        "several",
    }
)


_NUMERIC_DAY = re.compile(
    r"\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
    rf"|(?:{MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{{2}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH_RE})\.?(?:,?\s+(?:19|20)\d{{2}})?",
    re.I,
)


@Language.factory("relative_dates")
def make_relative_dates(nlp: Language, name: str) -> RelativeDates:
    return RelativeDates(nlp)


@Language.component("instrument_numbers")
def instrument_numbers(doc: Doc) -> Doc:
    text = doc.text
    spans = []
    for match in _NUMBERED.finditer(text):
        span = doc.char_span(match.start(), match.end(), label="LAW", alignment_mode="expand")
        if span is None or not any(t.like_num or any(c.isdigit() for c in t.text) for t in span):
            continue
        if span[0].text in ("S", "S.") and not re.match(r"S\.? ?\d", match.group()):
            continue
        if span[-1].text == "." and len(span) > 1:
            span = doc[span.start : span.end - 1]
        covering = [e for e in doc.ents if e.start <= span.start and e.end >= span.end and e.ent_id_]
        if covering:
            continue
        spans.append(Span(doc, span.start, span.end, label="LAW"))
    if spans:
        keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = filter_spans([*keep, *spans])
    return doc
