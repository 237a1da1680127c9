"""The per-Doc indexes the extractors read instead of walking the Doc: each answers exactly
what the walk it replaces would, and for the Doc asked about, never the one before it."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from extractors.lookup import WordSet, doc_text, sentence_of, span_text

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case), no model


def doc(words: list[str], lemmas: list[str], spaces: list[bool] | None = None) -> Doc:
    return Doc(VOCAB, words=words, lemmas=lemmas, spaces=spaces)


FINED = doc(
    ["Regulators", "fined", "Meta", "and", "FINED", "it", "."],
    ["regulator", "fine", "Meta", "and", "fine", "it", "."],
    [True, True, True, True, True, False, False],
)


def test_a_word_set_finds_tokens_by_lower_case_form_or_lemma() -> None:
    assert WordSet(["fine"]).positions(FINED) == [1, 4]  # by lemma, whatever the case written
    assert WordSet(["regulators", "it"]).positions(FINED) == [0, 5]  # by lower-case form
    assert WordSet(["Regulator", "fined"]).positions(FINED) == [0, 1, 4]  # a token found twice is one position
    assert WordSet(["ban"]).positions(FINED) == []


def test_a_word_set_reads_the_doc_it_is_asked_about() -> None:
    banned = doc(["India", "banned", "TikTok"], ["India", "ban", "TikTok"])
    assert WordSet(["fine"]).positions(FINED) == [1, 4]
    assert WordSet(["ban", "fine"]).positions(banned) == [1]
    assert WordSet(["ban", "fine"]).positions(FINED) == [1, 4]
    assert WordSet(["fine"]).positions(doc([], [])) == []  # an empty Doc has no words


def test_span_text_is_the_text_spacy_joins() -> None:
    every = [FINED[i:j] for i in range(len(FINED) + 1) for j in range(i, len(FINED) + 1)]
    assert [span_text(s) for s in every] == [s.text for s in every]
    assert span_text(FINED[1:3]) == "fined Meta"  # no trailing space
    assert span_text(FINED[3:3]) == ""


def test_doc_text_is_the_text_of_the_doc_asked_about() -> None:
    other = doc(["Ofcom", "acted"], ["Ofcom", "act"], [True, False])
    assert doc_text(FINED) == "Regulators fined Meta and FINED it."
    assert doc_text(other) == "Ofcom acted"
    assert span_text(FINED[0:2]) == "Regulators fined"


def test_a_tokens_sentence_is_spacys() -> None:
    two = Doc(
        VOCAB,
        words=["X", "was", "banned", ".", "It", "returned", "."],
        sent_starts=[True, False, False, False, True, False, False],
    )
    assert [(sentence_of(t).start, sentence_of(t).end) for t in two] == [(t.sent.start, t.sent.end) for t in two]
    assert [sentence_of(t).start for t in two] == [0, 0, 0, 0, 4, 4, 4]
