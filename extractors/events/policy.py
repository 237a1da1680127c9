"""Policy kinds of a rule from the words that describe it (cues.toml [policy])."""

from __future__ import annotations

from extractors.gazetteer import load_toml


def policy_of(text: str) -> str | None:
    """The first policy kind whose words the text uses, in the order cues.toml lists them."""
    lowered = text.lower()
    for kind, words in load_toml("cues.toml")["policy"].items():
        if any(w in lowered for w in words):
            return kind
    return None
