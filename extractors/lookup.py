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
        index = _word_index(doc)
        hits = index.keys() & self.hashes  # a Doc has a few hundred distinct words, a set thousands
        if not hits:
            return []
        return sorted({i for h in hits for i in index[h]})


def _word_index(doc: Doc) -> dict[int, list[int]]:
    """Where each lower-case form and lemma of a Doc stands, built once per Doc: every WordSet
    then costs a set intersection (a numpy `isin` per set sorted thousands of hashes each time)."""
    cached = _INDEXES.get(id(doc))
    if cached is None or cached[0] is not doc:
        index: dict[int, list[int]] = {}
        if len(doc):
            for i, (lower, lemma) in enumerate(doc.to_array([LOWER, LEMMA]).tolist()):
                index.setdefault(lower, []).append(i)
                if lemma != lower:
                    index.setdefault(lemma, []).append(i)
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
        cached = (doc, spans, index)
        _SENTENCES.clear()
        _SENTENCES[id(doc)] = cached
    return cached[1][cached[2][token.i]]
