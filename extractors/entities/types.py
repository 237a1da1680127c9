"""Types of names the gazetteer does not know, from their own words and their context.

"... Court" is a Court and "... Commission" a Regulator (cues.toml [typing]); "the Moj app"
and "apps such as Moj, Josh and Chingari" make Platforms; a section heading or a job title
that NER took for an organisation is no entity at all.
"""

from __future__ import annotations

import calendar
import re
from typing import TYPE_CHECKING

from spacy.tokens import Span

from extractors.lookup import WordSet, sentence_of
from extractors.recognition import LAW_HEADS, PARTICLES

if TYPE_CHECKING:
    from extractors.entities.resolver import EntityResolver

_JOB_WORDS = {
    "chief",
    "executive",
    "officer",
    "minister",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "director",
    "head",
    "chair",
    "chairman",
    "chairwoman",
    "president",
    "commissioner",
    "general",
    "attorney",
    "deputy",
    "senior",
    "vice",
    "founder",
    "co-founder",
    "governor",
    "judge",
    "justice",
    "prime",
    "prosecutor",
}


_CHAMBER_WORDS = frozenset({"house", "senate", "parliamentary", "congressional", "select", "standing", "joint"})

_CALENDAR_WORDS = frozenset(
    w.lower()
    for w in (
        *calendar.day_name,
        *calendar.day_abbr,
        *calendar.month_name[1:],
        *calendar.month_abbr[1:],
        "Sept",
        "Tues",
        "Thurs",
    )
)


_PUBLICATION_WORDS = frozenset({"gazette", "times", "journal", "post", "herald", "tribune", "chronicle", "bulletin"})

_CASE_NAME = re.compile(r"\S\s+(?:v\.?|vs\.?)\s+[A-Z]")


def type_unknown(res: EntityResolver, span: Span, ner_label: str) -> str | None:
    text = span.text.strip()
    if not text or not any(c.isalpha() for c in text) or "\n" in text:
        return None
    lowered = text.lower()
    typing = res.cues["typing"]
    if (
        _is_heading(span)
        or _is_job_title(span)
        or (ner_label != "PERSON" and _is_portfolio(span) and not by_name(res, lowered))
    ):
        return None
    if lowered.rstrip(".") in _CALENDAR_WORDS:
        return None  # "Fri., Jan. 17, 10:02 a.m. —": a liveblog stamp the model took for a place
    if (
        _in_title_case_headline(span)
        and ner_label in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC", "NORP")
        and not by_name(res, lowered)
    ):
        return None  # "Files Civil Suit Against": a headline in title case, not a name
    if ner_label == "PERSON" and _in_title_case_headline(span) and _written_lowercase_below(span):
        return None  # "After Deadly Protests, Nepal Ends Ban": words the body writes in lower case
    if ner_label == "PERSON" and len(lowered.split()) > 1 and lowered.split()[-1] in typing["Platform"]:
        return "Platform"  # "Zembla Shopping App": no one's name ends so
    if ner_label == "PERSON" and lowered.split()[-1] in _PUBLICATION_WORDS:
        # "the Official Gazette" (or the model's "Gazette" of it): a publication, not a person
        return "Organization" if len(lowered.split()) > 1 else None
    if ner_label == "PERSON":
        described = _described_as(span, typing)
        if described:
            return described  # "the media watchdog Roskomnadzor": a body, though NER read a person
        if any(lowered.endswith(w) for w in typing["Court"] + typing["Regulator"]):
            return by_name(res, lowered) or "Person"
        if by_name(res, lowered) in ("Court", "Regulator", "Legislature", "Government", "LegalInstrument"):
            return by_name(res, lowered)
        return "Person" if len(text) > 2 else None
    if clause_of_a_law(span):
        return None  # "Article 19 of the Constitution": a clause of the law named next, no body
    if ner_label in ("ORG", "WORK_OF_ART", "PRODUCT", "FAC", "GPE") and not by_name(res, lowered):
        if (ner_label != "GPE" and _a_person_s_name(span)) or _named_as_a_person(span, typing["person_nouns"]):
            return "Person"  # "Bret Walker SC", "Nam Seok, who directs ...", "advocate Sajan Poovayya"
    if _CASE_NAME.search(text) and ner_label not in ("GPE", "DATE"):
        return "LegalInstrument"  # "Acharya v. Union of India": a case and its ruling, not a body
    if ner_label == "GPE":
        if res.gaz.by_name(lowered) is None and _fined_or_sued(span):
            return "Company"  # "fined Glovo 550,000 euros": a firm the model took for a place
        return "Jurisdiction"
    if ner_label == "LAW":
        return "LegalInstrument"
    if ner_label in ("ORG", "PRODUCT", "NORP", "FAC", "WORK_OF_ART"):
        named = by_name(res, lowered)
        if named:
            return named
        if ner_label == "NORP":
            return None  # "Western platforms": an adjective, not a name
        described = _described_as(span, typing)
        if described:
            return described
        if ner_label == "ORG" and _acts_as_authority(span, typing):
            return "Regulator"
        if in_context(span, typing["platform_context"]):
            return "Platform"
        if in_context(span, typing["company_context"]):
            return "Company"
        if ner_label == "ORG":
            return "Organization"
    return None


# verbs whose object is a party that can pay or answer, not a place (a known place, such as a
# country the EU's court fines, is looked up before this is asked)
# (its forms too: the lemmatizer gives "fin" for "fined")
_PARTY_VERBS = frozenset(
    {"fine", "fined", "fines", "fining", "sue", "sued", "sues", "suing", "penalize", "penalized", "penalise"}
    | {"penalised", "prosecute", "prosecuted"}
)


def _fined_or_sued(span: Span) -> bool:
    root, verb = span.root, span.root.head
    return root.dep_ in ("dobj", "dative", "nsubjpass") and verb.pos_ == "VERB" and verb.lower_ in _PARTY_VERBS


_CLAUSE_OF = re.compile(r"(?:Article|Section|Clause|Paragraph|Rule)\s+\d+[A-Za-z]?(?:\(\w+\))*$")


def clause_of_a_law(span: Span) -> bool:
    """'Article 19 of the Constitution', 'Section 69A of the IT Act': a numbered part followed
    by 'of' and a law (whatever else bears that name: the rights group Article 19)."""
    if not _CLAUSE_OF.match(span.text.strip()):
        return False
    doc, end = span.doc, span.end
    if end >= len(doc) or doc[end].lower_ != "of":
        return False
    rest = doc[end + 1 : min(len(doc), end + 8)]
    return any(t.ent_type_ in ("LAW", "LegalInstrument") or t.lower_ in LAW_HEADS for t in rest)


# Letters after a barrister's or advocate's name ("Bret Walker SC", "Gbolahan Elias SAN"): the
# model reads the whole as an organisation's name
POST_NOMINALS = frozenset({"SC", "SAN", "QC", "KC", "Esq", "Esq."})


def _a_person_s_name(span: Span) -> bool:
    """A name written as only a person's is: two or more capitalised words ending in a
    post-nominal ('Bret Walker SC'), or followed by a relative 'who' ('Nam Seok, who directs
    the division')."""
    words = [t for t in span if t.is_alpha]
    if len(span) >= 3 and span[-1].text in POST_NOMINALS and all(t.is_title for t in span[:-1]):
        return True
    doc, end = span.doc, span.end
    after = doc[end + 1] if end + 1 < len(doc) and doc[end].text == "," else (doc[end] if end < len(doc) else None)
    return (
        after is not None
        and after.lower_ in ("who", "whose")
        and 2 <= len(words) <= 3
        and all(t.is_title for t in words)
    )


def _named_as_a_person(span: Span, people: list[str]) -> bool:
    """A two- to four-word capitalised name right after a noun for a person ('senior advocate
    Sajan Poovayya') or in apposition to one, alone or in a list ('its director of corporate
    affairs, Ondaje Ijagwu', 'two 15-year-olds, Noah Jones and Macy Neyland')."""
    words = [t for t in span if t.is_alpha]
    if not 2 <= len(words) <= 4 or not all(t.is_title for t in words):
        return False
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.is_lower and before.lemma_.lower() in people:
        return True
    if before is not None and before.text == "," and span.start > 1 and doc[span.start - 2].lemma_.lower() in people:
        return True  # "two 15-year-olds, Noah Jones and ...", however the parser hangs the list
    node = span.root
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return node.dep_ == "appos" and (node.head.lemma_.lower() in people or node.head.lower_ in people)


def by_name(res: EntityResolver, lowered: str) -> str | None:
    typing = res.cues["typing"]
    words = lowered.split()
    # "3rd Criminal Court of São José", "US District Court for the District of Utah": a
    # body of a place or a district, named by what stands before "of" / "for"
    before_of = re.split(r" (?:of|for) ", lowered)[0]
    if words and words[-1] == "committee" and set(words) & _CHAMBER_WORDS:
        return "Legislature"  # "the House Energy and Commerce Committee": a chamber's committee
    for etype in ("Court", "Legislature", "Government", "Regulator", "LegalInstrument"):
        for key in typing[etype]:
            if lowered.endswith(key) or (etype != "LegalInstrument" and lowered.startswith(key + " ")):
                return etype
            if etype != "LegalInstrument" and before_of != lowered and before_of.endswith(" " + key):
                return etype
    if words and words[-1].strip(",") in typing["Company"]:
        return "Company"
    if len(words) > 1 and words[-1] in typing["Platform"]:
        return "Platform"  # "AliSuppliers Mobile App", "Lalamove India - Delivery App"
    if any(w in typing["Organization"] for w in words):
        return "Organization"
    return None


def _described_as(span: Span, typing: dict) -> str | None:
    """ "Brazil's telecoms regulator Anatel", "the media watchdog Roskomnadzor": a name right
    after the noun that describes it is a body of that kind."""
    if span.start == 0:
        return None
    before = span.doc[span.start - 1]
    if before.pos_ != "NOUN" or not before.is_lower:
        return None
    if any(c.dep_ in ("compound", "amod") and c.lower_ in ("news", "press", "wire") for c in before.children):
        return None  # "the news agency IRNA": a news organisation
    for etype in ("Regulator", "Government", "Court", "Legislature"):
        if before.lemma_.lower() in typing["descriptors"][etype]:
            return etype
    return None


def _acts_as_authority(span: Span, typing: dict) -> bool:
    """'Arcom fined X', 'the CNPD opened an investigation into Uber': the subject of an act
    only an authority performs."""
    root = span.root
    if root.dep_ != "nsubj":
        return False
    verb = root.head
    if {verb.lemma_.lower(), *_bases(verb.lower_)} & set(typing["authority_verbs"]):
        return True  # the word's own bases too: the lemmatizer makes "fined" "fin"
    return any(c.dep_ == "dobj" and c.lemma_.lower() in typing["authority_objects"] for c in verb.children)


def _bases(word: str) -> set[str]:
    """What a regular form may be a form of: 'fined' of 'fine' or 'fin', 'sanctions' of 'sanction'."""
    endings = (("ied", "y"), ("ies", "y"), ("ed", "e"), ("es", "e"), ("ed", ""), ("es", ""), ("s", ""))
    return {word[: -len(end)] + base for end, base in endings if word.endswith(end)}


def in_context(span: Span, words: list[str]) -> bool:
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    head = span.root.head
    return after in words or (head.lower_ in words and head.i != span.root.i)


def _is_heading(span: Span) -> bool:
    """A line of its own, in title case, inside the body ("Key Events", "What Happens Next")."""
    sent = sentence_of(span[0])
    doc = span.doc
    if sent.start == 0 or span.start != sent.start or span.end < sent.end - 1:
        return False
    last = doc[sent.end - 1]
    return not last.is_punct and len(sent) <= 6


def _in_title_case_headline(span: Span) -> bool:
    headline = span.doc._.headline
    if not headline or not (headline[0] <= span.start < headline[1]):
        return False
    words = [t for t in span.doc[headline[0] : headline[1]] if t.is_alpha and len(t) > 3]
    return bool(words) and sum(t.is_title for t in words) / len(words) > 0.7


def _written_lowercase_below(span: Span) -> bool:
    """A capitalised headline word is a name only if the body never writes it in lower case:
    a person's surname stays capitalised, "protests" and "ban" do not."""
    doc, headline = span.doc, span.doc._.headline
    last = span[-1]
    return last.is_alpha and any(t.text == last.lower_ for t in doc[headline[1] :])


# Offices whose holder is named with a portfolio: "Commissioner for Internal Market",
# "Minister for Communications and Digital Economy"
_PORTFOLIO_OFFICES = frozenset({"minister", "commissioner", "secretary", "president", "vice-president", "chancellor"})


def _is_portfolio(span: Span) -> bool:
    """'Vice-President for Tech Sovereignty, Security and Democracy': the office's brief,
    which the model reads as a body."""
    doc = span.doc
    i = span.start - 1
    while i > 0 and (doc[i].is_title or doc[i].lower_ in (",", "and", "&")) and span.start - i < 10:
        i -= 1
    return i > 0 and doc[i].lower_ == "for" and doc[i - 1].lower_ in _PORTFOLIO_OFFICES


def _is_job_title(span: Span) -> bool:
    """'Chief Executive', 'Interior Minister' next to a person's name: a title, not a body."""
    words = [t.lower_ for t in span if t.is_alpha]
    return not (not words or not all(w in _JOB_WORDS for w in words))


TITLE_WORDS = _JOB_WORDS | {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "chancellor",
    "mayor",
    "senator",
    "sen.",
    "rep.",
    "gov.",
    "representative",
    "lawmaker",
    "member",
    "leader",
    "president-elect",
    "ceo",
    "cfo",
    "coo",
    "cto",
    "chief",
    "minister",
    "ministers",
    "premier",
    "magistrate",
    "professor",
    "prof.",
    "inspector",
    "commissioner",
    "secretary-general",
    "advocate",
    "counsel",
    "ambassador",
}


def person_name(span: Span) -> Span:
    """'Commissioner for the Internal Market Thierry Breton' -> 'Thierry Breton': the name is
    the last word and the name words compounded onto it, titles left out."""
    doc = span.doc
    end = span.end
    while end > span.start + 1 and (not doc[end - 1].is_alpha or doc[end - 1].text in POST_NOMINALS):
        end -= 1  # "Bret Walker SC": the letters after the name are not it
    start = end - 1
    while start > span.start:
        prev = doc[start - 1]
        initial = len(prev.text) == 2 and prev.text[0].isupper() and prev.text[1] == "."
        if prev.lower_ in PARTICLES and prev.is_lower and start - 2 >= span.start and doc[start - 2].is_title:
            start -= 1  # "Lopes da Silva"
            continue
        if prev.text in ("-", "‐") and start - 2 >= span.start and doc[start - 2].is_title and not prev.whitespace_:
            start -= 2  # "François-Philippe Champagne": a hyphenated first name
            continue
        if prev.lower_ in TITLE_WORDS or not (prev.is_title or prev.is_upper) or (not prev.is_alpha and not initial):
            break
        if prev.head.i < start - 1 or prev.head.i >= span.end:  # (the parser may hang it on "SC")
            break
        start -= 1
    return doc[start:end]


_LIST_WORDS = WordSet(["such", "like", "including"])


def platform_lists(res: EntityResolver) -> None:
    """'apps such as Moj, Josh and Chingari': every name listed is a Platform."""
    doc = res.doc
    words = set(res.cues["typing"]["platform_context"])
    for token in (doc[i] for i in _LIST_WORDS.positions(doc)):
        if token.lower_ not in ("such", "like", "including") or token.i + 1 >= len(doc):
            continue
        head = token.head if token.lower_ != "such" else token.head.head
        if head.lemma_.lower() not in words and head.lower_ not in words:
            continue
        start = token.i + (2 if token.lower_ == "such" else 1)
        i = start
        while i < len(doc) and sentence_of(doc[i]).start == sentence_of(token).start:
            t = doc[i]
            if t.pos_ == "PROPN" and t.i not in res.by_token:
                j = i
                while j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN":
                    j += 1
                span = doc[i : j + 1]
                res.add(span, res.known_iri(span.text, "Platform"), "Platform", span.text)
                i = j + 1
                continue
            if t.i in res.by_token and res.by_token[t.i].type != "Platform":
                res.retype(res.by_token[t.i].iri, "Platform")
            if t.text in (",", "and", "or") or t.pos_ == "PROPN":
                i += 1
                continue
            break
    res.mentions.sort(key=lambda m: m.start)
