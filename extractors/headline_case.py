"""A headline read as the sentence it stands for.

Headlines drop articles and tell the news in the present tense, and many outlets capitalise
every word ("Iran Orders Providers To Block Telegram"). The small model reads each capitalised
word as a proper noun, so the verb becomes part of a name ("Brazil Suspends X After Musk Defies
Court" as one organisation), and it takes a headline's "lifts" or "fines" for a plural noun and
the next word for the verb ("Laos lifts ban on Telegram": a ban). Both lose the headline's news.

This component parses a copy of the headline, token for token (offsets do not move; only the
analysis is taken from it), in which every capitalised word that is not a known name is
lower-cased and the news verb is put in the past tense, which the model reads as a clause
("Laos lifted ban on Telegram"). The headline takes the copy's tags, lemmas and dependencies
when the copy reads it as a clause, with the news verb tagged as written (present tense), and
the copy's model names in place of those found on the capitals. The text stays as written.

A word is a known name when the gazetteer marked it, when it is an acronym or a place the
model found, or when the body writes it capitalised where no sentence starts. Runs after the
NER, so that the names the gazetteer set and the model's guesses can be told apart by label.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

# The model's own stages, run over the lower-cased copy: its parse and its names are theirs.
_MODEL_STAGES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def _named_in_body(doc: Doc, body_start: int) -> set[str]:
    """Words the body capitalises inside a sentence: names the gazetteer may not know."""
    return {t.text for t in doc[body_start:] if t.is_title and not t.is_sent_start and t.is_alpha}


# Places and peoples the model finds on capitals are names whatever the case ("Kenya");
# an organisation or person it finds there may be a run of capitalised verbs ("Strikes Down")
_PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})


def _known_name(token: Token, names: set[str], model_labels: set[str]) -> bool:
    return (
        not token.is_alpha
        or token.is_upper  # an acronym
        or (token.ent_type_ != "" and (token.ent_type_ not in model_labels or token.ent_type_ in _PLACE_LABELS))
        or token.text in names
    )


def _sentence_case(doc: Doc, start: int, end: int, model_labels: set[str]) -> list[str] | None:
    """The headline's words in sentence case, or None when it is not in title case: most of
    its words outside any name are capitalised ("Statement by Kenya's Ministry of Interior on
    the High Court ruling" is not)."""
    names = _named_in_body(doc, end)
    words = [t for t in doc[start + 1 : end] if t.is_alpha and len(t) > 3 and not t.ent_type_ and not t.is_upper]
    if len(words) < 2 or sum(t.is_title for t in words) / len(words) <= 0.7:
        return None
    lowered = {t.i for t in doc[start + 1 : end] if t.is_title and not _known_name(t, names, model_labels)}
    return [t.text.lower() if t.i in lowered else t.text for t in doc[start:end]]


def _clause(tokens: Doc | Span) -> bool:
    """The headline reads as a clause: its root is a verb ("Russia starts blocking ..."). A copy
    the model still reads as a noun phrase ("Apple appeals EU fine") is no better than the
    title-case parse, whose nouns the event rules read as nominal events."""
    return any(t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") for t in tokens)


def _adopt_parse(doc: Doc, start: int, parsed: Doc) -> None:
    token: Token
    for token, twin in zip(doc[start : start + len(parsed)], parsed, strict=True):
        token.tag_, token.pos_, token.lemma_ = twin.tag_, twin.pos_, twin.lemma_
        token.set_morph(twin.morph)
    heads = doc.to_array([HEAD, DEP])
    for twin in parsed:
        # HEAD is a signed offset stored unsigned; DEP a label hash that needs all 64 bits
        heads[start + twin.i] = (numpy.int64(twin.head.i - twin.i).astype(numpy.uint64), twin.dep)
    doc.from_array([HEAD, DEP], heads)


def _adopt_names(doc: Doc, start: int, end: int, parsed: Doc, model_labels: set[str]) -> None:
    """A name the model found on the capitals stays only if it holds no word the copy
    lower-cased ("Strikes Down" is no person); the copy's names fill the gaps."""
    lowered = {start + t.i for t in parsed if t.text != doc[start + t.i].text}
    kept = [
        e
        for e in doc.ents
        if e.end <= start or e.start >= end or e.label_ not in model_labels or not any(t.i in lowered for t in e)
    ]
    found = [Span(doc, start + e.start, start + e.end, label=e.label_) for e in parsed.ents]
    doc.ents = filter_spans(kept + [e for e in found if not any(k.start < e.end and e.start < k.end for k in kept)])


# Past forms the "+ed" rule gets wrong, for the verbs headlines use
_IRREGULAR_PAST = {
    "hit": "hit",
    "cut": "cut",
    "shut": "shut",
    "set": "set",
    "put": "put",
    "quit": "quit",
    "take": "took",
    "strike": "struck",
    "uphold": "upheld",
    "bring": "brought",
    "win": "won",
    "lose": "lost",
    "sell": "sold",
    "give": "gave",
    "make": "made",
    "begin": "began",
    "seek": "sought",
    "withdraw": "withdrew",
    "overturn": "overturned",
    "forbid": "forbade",
    "go": "went",
    "pay": "paid",
}


def _past(base: str) -> str:
    if base in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[base]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        return base[:-1] + "ied"
    if (
        len(base) <= 4
        and base[-1] not in "aeiouwxy"
        and base[-2] in "aeiou"
        and base[-3:-2] not in ("a", "e", "i", "o", "u", "")
    ):
        return base + base[-1] + "ed"  # ban -> banned, bar -> barred
    return base + "ed"


def _news_verb(doc: Doc, start: int, end: int, verbs: frozenset[str]) -> tuple[int, str] | None:
    """'Laos lifts ban on Telegram': the present-tense verb a headline tells its news with, which
    the model takes for a plural noun (making 'ban' the verb). The first word in -s after the
    subject whose stem is an event verb, unless a determiner, possessive or adjective makes it
    a noun ('the fines', "Apple's appeals"). Returns its index and stem."""
    for token in doc[start + 1 : end]:
        if token.is_punct or token.lower_ in ("to", "for", "of", "on", "in", "over", "after", "as", "with"):
            return None  # past the subject
        word = token.lower_
        if not word.endswith("s") or not token.is_alpha or token.ent_type_:
            continue
        prev = doc[token.i - 1]
        if prev.tag_ in ("DT", "PRP$", "POS", "JJ", "CD") or prev.lower_ in ("'s", "’s"):
            return None
        for stem in (word[:-1], word[:-2] if word.endswith("es") else None):
            if stem and stem in verbs:
                return token.i, stem
    return None


@Language.factory("headline_case")
def make_headline_case(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    from extractors.events.lexicon import lexicon

    stages = [nlp.get_pipe(stage) for stage in _MODEL_STAGES if stage in nlp.pipe_names]
    model_labels = set(nlp.get_pipe("ner").labels)
    verbs = frozenset(head for (pos, head) in lexicon().forms if pos == "verb")

    def headline_case(doc: Doc) -> Doc:
        headline = doc._.headline
        if not headline:
            return doc
        start, end = headline
        cased = _sentence_case(doc, start, end, model_labels)
        words = cased or [t.text for t in doc[start:end]]
        news = _news_verb(doc, start, end, verbs)
        if news is not None:
            at, stem = news
            if doc[at].dep_ == "ROOT" and doc[at].pos_ == "VERB":
                news = None  # the model read it right
            else:
                # told in the past tense the model parses it as a clause; offsets do not move,
                # as only the parse is taken from the copy
                words[at - start] = _past(stem)
        if cased is None and news is None:
            return doc
        parsed = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc[start:end]])
        for twin in parsed:
            twin.is_sent_start = twin.i == 0  # the headline is one sentence, as the layout said
        for stage in stages:
            parsed = stage(parsed)
        if news is not None and parsed[news[0] - start].dep_ == "ROOT":
            _adopt_parse(doc, start, parsed)
            verb = doc[news[0]]
            verb.tag_, verb.pos_, verb.lemma_ = "VBZ", "VERB", news[1]  # as written: present, third person
            verb.set_morph("Number=Sing|Person=3|Tense=Pres|VerbForm=Fin")
        elif cased is not None and _clause(parsed) and not _clause(doc[start:end]):
            _adopt_parse(doc, start, parsed)
        if cased is not None:
            _adopt_names(doc, start, end, parsed, model_labels)
        return doc

    return headline_case
