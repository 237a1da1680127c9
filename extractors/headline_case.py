"""A title-case headline read as the sentence it would be in sentence case.

Many outlets capitalise every word of a headline ("Iran Orders Providers To Block Telegram").
The small model reads each capitalised word as a proper noun: the headline's verb becomes part
of a name ("Brazil Suspends X After Musk Defies Court" as one organisation) and its event is
lost. This component parses a copy of the headline in which every capitalised word that is not
a known name is lower-cased (same tokens, so offsets do not move) and gives the headline that
reading: the copy's tags, lemmas and dependencies when they make the headline a clause, and the
copy's model names in place of those the model found on the capitals. The text stays as written.

A word is a known name when the gazetteer marked it, when it is an acronym, or when the body
writes it capitalised where no sentence starts ("... blocked by Roskomnadzor"). Runs after the
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


@Language.factory("headline_case")
def make_headline_case(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    stages = [nlp.get_pipe(stage) for stage in _MODEL_STAGES if stage in nlp.pipe_names]
    model_labels = set(nlp.get_pipe("ner").labels)

    def headline_case(doc: Doc) -> Doc:
        headline = doc._.headline
        if not headline:
            return doc
        start, end = headline
        words = _sentence_case(doc, start, end, model_labels)
        if words is None:
            return doc
        parsed = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc[start:end]])
        for twin in parsed:
            twin.is_sent_start = twin.i == 0  # the headline is one sentence, as the layout said
        for stage in stages:
            parsed = stage(parsed)
        if _clause(parsed) and not _clause(doc[start:end]):
            _adopt_parse(doc, start, parsed)
        _adopt_names(doc, start, end, parsed, model_labels)
        return doc

    return headline_case
