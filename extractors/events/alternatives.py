"""What an alternative replaces: 'an alternative to WhatsApp', 'WhatsApp's rival', 'X alternatives'.

Reporting on users moving names the app they leave through the apps that stand in for it
("people looked for an alternative to Twitter", "rivals to WhatsApp such as Signal gained
millions of users"): the app replaced is the migration's origin, never its destination.
"""

from __future__ import annotations

from spacy.tokens import Token

from extractors.events.grammar import with_conjuncts
from extractors.gazetteer import load_toml

REPLACEMENT_NOUNS = frozenset(load_toml("cues.toml")["migration"]["replacement_nouns"])


def replaced(phrase: Token) -> list[Token]:
    """The names inside `phrase` of what an alternative in it replaces, each with the names
    coordinated with it ("alternatives to WhatsApp and Telegram"), but not the ones a list
    hung from it gives ("alternatives to WhatsApp such as Signal": Signal is the alternative)."""
    found: list[Token] = []
    for t in phrase.subtree:
        if t.lemma_.lower() not in REPLACEMENT_NOUNS:
            continue
        # "rival apps to WhatsApp": the adjective's noun carries what is replaced
        noun = t.head if t.dep_ in ("amod", "compound") and t.pos_ == "ADJ" else t
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        for child in noun.children:
            if child.dep_ in ("poss", "compound") and child is not t:
                found.extend(with_conjuncts([child]))
            elif child.dep_ == "prep" and child.lower_ in ("to", "for", "of"):
                found.extend(n for o in child.children if o.dep_ == "pobj" for n in with_conjuncts([o]))
    return found
