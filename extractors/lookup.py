"""Finding the few tokens worth a closer look, without walking the Doc.

Every Python-level walk over a Doc builds a Token object per word; a news article has a
thousand words and only a few dozen event words. The components first ask this module
which token positions carry one of their words (by the lower-case form or the lemma,
compared as the hashes spaCy keeps), then look at those tokens only.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

_INDEXES: dict[int, tuple] = {}  # the last Doc looked at: components ask about the same Doc in turn


class WordSet:
    """Words to look for, as the hashes spaCy stores for LOWER and LEMMA."""

    def __init__(self, words: Iterable[str]) -> None:
        forms = {w.lower() for w in words if w}
        self.words = frozenset(forms)
        self.hashes = frozenset(hash_string(w) for w in forms)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def positions(self, doc: Doc) -> list[int]:
        """Indices of the tokens whose lower-case form or lemma is one of the words."""
        ranges, where = _word_index(doc)
        hits = ranges.keys() & self.hashes  # a Doc has a few hundred distinct words, a set thousands
        if not hits:
            return []
        return sorted({i for h in hits for i in where[slice(*ranges[h])]})


def _word_index(doc: Doc) -> tuple[dict[int, tuple[int, int]], list[int]]:
    """Where each lower-case form and lemma of a Doc stands, built once per Doc: every WordSet
    then costs a set intersection (a numpy `isin` per set sorted thousands of hashes each time).
    The token positions grouped by word, and for each word its range in them."""
    cached = _INDEXES.get(id(doc))
    if cached is None or cached[0] is not doc:
        index: tuple[dict[int, tuple[int, int]], list[int]] = ({}, [])
        if len(doc):
            words = doc.to_array([LOWER, LEMMA]).reshape(-1)
            positions = numpy.arange(len(words)) // 2
            order = numpy.argsort(words, kind="stable")
            words, positions = words[order], positions[order]
            distinct, starts = numpy.unique(words, return_index=True)
            ends = [*starts[1:].tolist(), len(words)]
            index = (
                dict(zip(distinct.tolist(), zip(starts.tolist(), ends, strict=True), strict=True)),
                positions.tolist(),
            )
        cached = (doc, index)
        _INDEXES.clear()
        _INDEXES[id(doc)] = cached
    return cached[1]


def inflections(head: str, verb: bool) -> set[str]:
    """The written forms a head word may take, for tokens the lemmatizer gets wrong
    ("fined" -> "fin")."""
    forms = {head, head + "s", head + "es"}
    if head.endswith("y"):
        forms |= {head[:-1] + "ies", head[:-1] + "ied"}
    if verb:
        forms |= {head + "ed", head + "d", head + "ing"}
        if head.endswith("e"):
            forms.add(head[:-1] + "ing")
        if len(head) > 2 and head[-1] not in "aeiouwy" and head[-2] in "aeiou":
            forms |= {head + head[-1] + "ed", head + head[-1] + "ing"}
    return forms


_SENTENCES: dict[int, tuple] = {}


def sentence_of(token) -> Span:
    """A token's sentence, from bounds computed once per Doc (Token.sent walks the Doc)."""
    doc = token.doc
    cached = _SENTENCES.get(id(doc))
    if cached is None or cached[0] is not doc:
        spans = list(doc.sents)
        index = numpy.zeros(len(doc), dtype=numpy.int32)
        for n, span in enumerate(spans):
            index[span.start : span.end] = n
        cached = (doc, spans, index.tolist())  # a list: indexing it is cheaper than numpy's
        _SENTENCES.clear()
        _SENTENCES[id(doc)] = cached
    return cached[1][cached[2][token.i]]


_TEXTS: dict[int, tuple] = {}


def doc_text(doc: Doc) -> str:
    """A Doc's text, joined once per Doc (`Doc.text` joins every token each time it is read)."""
    cached = _TEXTS.get(id(doc))
    if cached is None or cached[0] is not doc:
        cached = (doc, doc.text)
        _TEXTS.clear()
        _TEXTS[id(doc)] = cached
    return cached[1]


def span_text(span: Span) -> str:
    """`span.text`, cut from the Doc's text instead of joined from a Token per word."""
    return doc_text(span.doc)[span.start_char : span.end_char] if len(span) else ""
