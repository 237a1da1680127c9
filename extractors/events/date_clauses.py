"""Which clause a date belongs to: tests on the parse that say whose time a date phrase tells
when the parser hangs it somewhere else, or when one clause shares another's time ("as",
"when", a fronted participle). `dating.py` asks them while it links dates to events.
"""

from __future__ import annotations

from spacy.tokens import Token

from extractors.events.grammar import CLAUSE_DEPS, ORDER_VERBS
from extractors.gazetteer import load_toml

# Nouns that carry an event's date when the event hangs off them ("the decision last Thursday
# to fine Meta", "in a statement sent last month, Aylo said").
CARRIERS = frozenset(load_toml("cues.toml")["dating"]["carriers"])
# verbs telling when a noun's event began: "the proceedings, opened in February"
OPENING = frozenset({"open", "launch", "begin", "start", "initiate", "commence", "file", "lodge", "impose", "issue"})
# Verbs that state their complement as done ("agreed to pay", "began blocking"): its tense is theirs
IMPLICATIVE = frozenset(load_toml("cues.toml")["factuality"]["implicative"])
SAME_TIME = frozenset({"when", "as", "while", "whilst"})


def clause_head(token: Token) -> Token:
    """The verb heading the clause a token stands in."""
    node = token
    while node.head.i != node.i and not (node.pos_ in ("VERB", "AUX") and node.dep_ in (*CLAUSE_DEPS, "ROOT")):
        node = node.head
    return node


def marked(clause: Token, marks: frozenset[str] | set[str]) -> bool:
    """'when ...', 'as ...': a clause opened by one of these words."""
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in marks and c.i < clause.i for c in clause.children)


def fronted_for_both(gov: Token, date_root: Token) -> bool:
    """A date opening the sentence before its first clause's verb scopes over a clause
    coordinated with it; the second clause's own date still comes first (a closer link)."""
    first = gov.head
    if gov.dep_ != "conj" or first.pos_ not in ("VERB", "AUX") or date_root.i > first.i:
        return False
    node = date_root
    while node.head.i != node.i and node.head.i != first.i:
        if node.dep_ in CLAUSE_DEPS and not carried(node):
            return False  # "In a note published on Thursday, X denied it and said ...": the note's day
        node = node.head
    return node.head.i == first.i and node.i < first.i and node.dep_ in ("prep", "npadvmod", "advmod")


def shared_by_conjunct(gov: Token, date_root: Token) -> bool:
    """'The government reversed course on September 9 and lifted the ban': a verb coordinated
    with the one before it, sharing its subject and naming no time of its own, happened on the
    day told on the first verb."""
    first = gov.head
    if gov.dep_ != "conj" or first.pos_ not in ("VERB", "AUX") or not first.i < date_root.i < gov.i:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in gov.children):
        return False  # "X was passed in April and the president signed it": a clause of its own
    if any(
        c.dep_ == "advmod" and c.lower_ in ("later", "then", "subsequently", "afterwards", "eventually")
        for c in gov.children
    ):
        return False
    node = date_root
    while node.head.i != first.i and node.head.i != node.i:
        if node.dep_ in CLAUSE_DEPS:
            return False
        node = node.head
    return node.head.i == first.i and node.dep_ in ("prep", "npadvmod", "advmod")


def carried(token: Token) -> bool:
    """'a note published on Thursday': a participle on a noun that carries an event's date
    belongs to that noun's phrase, not to a clause of its own."""
    return token.dep_ == "acl" and token.head.lemma_.lower() in CARRIERS


def one_clause(token: Token) -> bool:
    """A clause link that does not change whose time a date tells: a participle fronted before
    the verb ('Responding to Reuters on Friday', 'Questioned by reporters on Tuesday, X said')
    or the complement of a verb of beginning or deciding ('had begun reviewing it in March')."""
    if token.dep_ == "advcl" and token.tag_ in ("VBG", "VBN") and token.i < token.head.i:
        return not any(c.dep_ == "mark" for c in token.children)  # "if asked on Friday" is a condition
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in IMPLICATIVE | ORDER_VERBS


def shares_time_with(gov: Token, node: Token) -> bool:
    """'X had begun reviewing it in March, as Y climbed the charts': the clause opened by 'as'
    or 'when' happens at the time of the clause it hangs on, whichever event that one tells."""
    return gov.dep_ == "advcl" and node.i == gov.head.i and marked(gov, SAME_TIME)


def verb_of_object_s_date(date_root: Token) -> Token | None:
    """'lifted the ban on Oct. 8', 'dismissed the challenge to the orders on June 30': the
    parser hangs a time phrase after an object on the object; it tells when the verb's act
    happened. The verb, when that is so."""
    prep = date_root.head
    if date_root.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("on", "in"):
        return None
    noun = prep.head
    if noun.dep_ != "dobj" or noun.pos_ != "NOUN" or noun.head.pos_ != "VERB" or noun.i > prep.i:
        return None
    return noun.head


def closes_relative_clause(date_root: Token, gov: Token) -> bool:
    """'Law No. 7253, which was adopted by the Assembly in July 2020, obliged providers ...':
    a date right after a relative clause opened by a comma, before the comma that closes it,
    is that clause's, wherever the parser hangs it."""
    if gov.dep_ != "relcl" or date_root.i <= gov.i or gov.head.i > date_root.i:
        return False
    opening = gov.left_edge.i - 1
    if opening < 0 or date_root.doc[opening].text != ",":
        return False
    between = date_root.doc[gov.right_edge.i + 1 : date_root.i]
    closing = date_root.doc[date_root.right_edge.i + 1] if date_root.right_edge.i + 1 < len(date_root.doc) else None
    breaks = (",", ";", ":", "—", "–", ".")  # a bracket closing a name inside the clause is no break
    return not any(t.text in breaks for t in between) and closing is not None and closing.text == ","


def day_named_by_copula(gov: Token, date_root: Token) -> bool:
    """'November 1 is the day the law took effect', 'Friday was the date it went dark': the
    relative clause on 'day' is dated by what the copula equates the day with."""
    day = gov.head
    if gov.dep_ != "relcl" or day.lemma_.lower() not in ("day", "date") or day.dep_ != "attr":
        return False
    return date_root.dep_ == "nsubj" and date_root.head.i == day.head.i and day.head.lemma_ == "be"


def condition(verb: Token) -> bool:
    """The clause is a condition: 'if ...', 'unless ...', 'once ...', 'in case ...'."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "once", "until") for c in verb.children) or any(
        c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "case" and not list(g.children) for g in c.children)
        for c in verb.children
    )


def clause_verb(token: Token) -> Token:
    """The verb whose tense a date is read in: 'removed TikTok ... on January 18' -> removed."""
    node = token.head
    while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
        node = node.head
    return node


def in_its_when_clause(date_root: Token, year_root: Token) -> bool:
    """'last year, when the Act received assent in April': a clause opened by 'when' on a year,
    or on the verb that year dates, tells a time within it."""
    clause = clause_head(date_root)
    if clause.dep_ not in ("advcl", "relcl") or not marked(clause, {"when"}):
        return False
    verb = year_root.head.head if year_root.dep_ == "pobj" else year_root.head  # "in 2023", "last year"
    return clause.head.i == year_root.i or (clause.head.i == verb.i and year_root.dep_ in ("npadvmod", "pobj"))


def opens(clause: Token, trigger: Token) -> bool:
    """'the inquiry, opened in February', 'the ban on X, which took effect in January': a
    clause on the event noun telling when it began is the noun's own date."""
    if clause.dep_ not in ("acl", "relcl") or not tells_beginning(clause):
        return False
    host = clause.head
    return host.i == trigger.i or (host.dep_ == "pobj" and host.head.head.i == trigger.i)


def tells_beginning(verb: Token) -> bool:
    """'opened', 'began', 'filed', 'took effect': a verb telling when an act or measure began."""
    return verb.lemma_.lower() in OPENING or taking_effect(verb)


def taking_effect(verb: Token) -> bool:
    """'the ban, which took effect in January': when a measure began to apply."""
    return verb.lemma_.lower() in ("take", "come", "enter", "go") and any(
        t.lower_ in ("effect", "force") for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree
    )


def reported_on(date_root: Token) -> Token | None:
    """'Google said on Monday it would withdraw ...': a date between a verb and the subject of
    the clause it reports is the reporting verb's, though the parser hangs it on the clause."""
    in_prep = date_root.dep_ == "pobj" and date_root.head.dep_ == "prep"
    if not in_prep and date_root.dep_ not in ("npadvmod", "tmod"):
        return None
    phrase = date_root.head if in_prep else date_root
    clause = phrase.head
    if clause.dep_ != "ccomp" or clause.head.pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or not clause.head.i < phrase.i < subjects[0].i:
        return None
    return clause.head
