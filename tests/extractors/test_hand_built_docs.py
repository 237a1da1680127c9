"""Role and factuality rules on parses written by hand, as spaCy's own tests do: the rule is
tested, not the statistical parser, so these hold whatever the model makes of a sentence."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span

from extractors.pipeline import load_pipeline

Token = tuple[str, str, str, str, int, str]  # text, lemma, POS, tag, head, dep


def run(tokens: list[Token], ents: list[tuple[int, int, str, str]], published: str = "2024-06-14") -> Doc:
    """A Doc with the given parse and entities, through our own stages only."""
    nlp = load_pipeline()
    words = [t[0] for t in tokens]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[i + 1 < len(words) and words[i + 1] not in ".," for i in range(len(words))],
        lemmas=[t[1] for t in tokens],
        pos=[t[2] for t in tokens],
        tags=[t[3] for t in tokens],
        heads=[t[4] for t in tokens],
        deps=[t[5] for t in tokens],
        sent_starts=[i == 0 for i in range(len(words))],
    )
    doc.ents = [Span(doc, s, e, label=label, span_id=gid) for s, e, label, gid in ents]
    doc._.published = date.fromisoformat(published)
    for stage in ("entity_resolution", "events"):
        doc = nlp.get_pipe(stage)(doc)
    return doc


def labelled(doc: Doc, events) -> list[dict[str, object]]:
    names = {e.id: e.label for e in doc._.resolver.entities.values()}
    return [
        {"type": e.type, **{r: sorted(names[v] for v in vs) for r, vs in e.roles.items() if vs}, "f": e.factuality}
        for e in events
    ]


# "Telegram was blocked by the BTK." with the passive parse given explicitly
PASSIVE: list[Token] = [
    ("Telegram", "Telegram", "PROPN", "NNP", 2, "nsubjpass"),
    ("was", "be", "AUX", "VBD", 2, "auxpass"),
    ("blocked", "block", "VERB", "VBN", 2, "ROOT"),
    ("by", "by", "ADP", "IN", 2, "agent"),
    ("the", "the", "DET", "DT", 5, "det"),
    ("BTK", "BTK", "PROPN", "NNP", 3, "pobj"),
    (".", ".", "PUNCT", ".", 2, "punct"),
]
PASSIVE_ENTS = [(0, 1, "Platform", "telegram"), (5, 6, "Regulator", "btk")]


def test_the_by_phrase_of_a_passive_is_the_agent() -> None:
    doc = run(PASSIVE, PASSIVE_ENTS)
    assert labelled(doc, doc._.events) == [
        {
            "type": "Ban",
            "agent": ["Information and Communication Technologies Authority"],
            "affected": ["Telegram"],
            "jurisdiction": ["Turkey"],
            "f": "asserted",
        }
    ]


def test_a_modal_of_possibility_makes_the_same_event_hedged() -> None:
    # "Telegram could be blocked by the BTK."
    tokens: list[Token] = [
        ("Telegram", "Telegram", "PROPN", "NNP", 3, "nsubjpass"),
        ("could", "could", "AUX", "MD", 3, "aux"),
        ("be", "be", "AUX", "VB", 3, "auxpass"),
        ("blocked", "block", "VERB", "VBN", 3, "ROOT"),
        ("by", "by", "ADP", "IN", 3, "agent"),
        ("the", "the", "DET", "DT", 6, "det"),
        ("BTK", "BTK", "PROPN", "NNP", 4, "pobj"),
        (".", ".", "PUNCT", ".", 3, "punct"),
    ]
    ents = [(0, 1, "Platform", "telegram"), (6, 7, "Regulator", "btk")]
    doc = run(tokens, ents)
    assert doc._.events == []
    assert labelled(doc, doc._.unasserted) == [
        {
            "type": "Ban",
            "agent": ["Information and Communication Technologies Authority"],
            "affected": ["Telegram"],
            "jurisdiction": ["Turkey"],
            "f": "hedged",
        }
    ]


def test_a_negation_makes_it_negated() -> None:
    # "The BTK did not block Telegram."
    tokens: list[Token] = [
        ("The", "the", "DET", "DT", 1, "det"),
        ("BTK", "BTK", "PROPN", "NNP", 4, "nsubj"),
        ("did", "do", "AUX", "VBD", 4, "aux"),
        ("not", "not", "PART", "RB", 4, "neg"),
        ("block", "block", "VERB", "VB", 4, "ROOT"),
        ("Telegram", "Telegram", "PROPN", "NNP", 4, "dobj"),
        (".", ".", "PUNCT", ".", 4, "punct"),
    ]
    doc = run(tokens, [(1, 2, "Regulator", "btk"), (5, 6, "Platform", "telegram")])
    assert doc._.events == []
    assert [e["f"] for e in labelled(doc, doc._.unasserted)] == ["negated"]
