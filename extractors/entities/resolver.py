"""Entity resolution: every mention in a Doc mapped to one canonical entity.

Gazetteer matches keep their ids and Wikidata links; other names are typed from their own
words and their context (`types.py`); generic names and places are linked to the story's
jurisdiction (`linking.py`); short forms join the full name ("Ginsburg" -> "Douglas
Ginsburg", "(BTK)" -> its authority); and definite references ("the law", "the watchdog",
"it") resolve to the entity meant (`references.py`), so that events can name who did what.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extractors import recognition
from extractors.entities import linking, references, types
from extractors.gazetteer import ENTITY_BASE, Gazetteer, GazetteerEntry, load_toml
from extractors.lookup import sentence_of, span_text
from extractors.model import Entity, Mention
from extractors.recognition import GENERIC
from extractors.vocabulary import ENTITY_TYPES

_LEADING = {"the", "a", "an", "this", "that", "its", "their", "his", "her"}
_NAME_BREAKS = {"on", "over", "about", "concerning", "against", "after", "before", "regarding"}

# Words that alone name a kind of body, not one body: the model tags "the Court" or "the
# Government" as an organisation, but which court or government is for the references to say.
_BARE_KINDS = frozenset(
    {"government", "administration", "cabinet", "court", "tribunal", "ministry", "authority", "regulator", "agency"}
)


@dataclass
class MentionRef:
    start: int  # token index
    end: int
    iri: str
    type: str
    sent_start: int


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def clean_span(span: Span) -> Span:
    """A name without its article and trailing possessive: "the Commission's" -> "Commission"."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in _LEADING:
        start += 1
    while end > start and span.doc[end - 1].text in ("'s", "’s", "'", ",", ".", "’", "(", "[", "-", "–", "—", '"', "“"):
        end -= 1  # "the International Federation for Human Rights (" where the model took the bracket
    return span.doc[start:end]


class EntityResolver:
    """Builds the article's entities and answers "which entity is this token?"."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer | None = None) -> None:
        self.doc = doc
        self.gaz = gazetteer or Gazetteer.default()
        self.cues = load_toml("cues.toml")
        self.entities: dict[str, Entity] = {}
        self.home: dict[str, str] = {}  # entity IRI -> its jurisdiction's IRI
        self.mentions: list[MentionRef] = []
        self._starts: list[int] | None = None
        self.by_token: dict[int, MentionRef] = {}
        self.groups: dict[int, list[str]] = {}  # "the companies" (a token) -> the ones named together
        self._generic: list[tuple[Span, str]] = []
        self._collect()
        self.places = linking.JurisdictionContext(self)
        linking.link_generic_names(self, self._generic)
        types.platform_lists(self)
        self._acronyms()
        self._join_short_names()
        linking.possessive_homes(self)
        self.places.refresh()
        self.judges = self._judges()
        references.resolve_references(self)

    # -- building ------------------------------------------------------------------------

    def add(self, span: Span, iri: str, etype: str, label: str) -> None:
        entity = self.entities.get(iri)
        if entity is None:
            entity = self.new_entity(iri, etype, label)
        text = span_text(span)
        if (
            text != entity.label
            and text not in entity.aliases
            and not (text.isupper() or text.lower() == entity.label.lower())
        ):
            entity.aliases.append(text)
        elif text.isupper() and len(text) <= 6 and text not in entity.aliases and text != entity.label:
            entity.aliases.append(text)  # acronyms such as BTK, DMA
        written = self._generic_name_within(iri, text)
        if written and written not in entity.aliases and written != entity.label:
            entity.aliases.append(written)
        mention = Mention(span.start_char, span.end_char, text)
        if mention not in entity.mentions:
            entity.mentions.append(mention)
        ref = MentionRef(span.start, span.end, iri, entity.type, sentence_of(span[0]).start)
        self.mentions.append(ref)
        self._starts = None
        for i in range(span.start, span.end):
            self.by_token[i] = ref

    def _owner_named_within(self, span: Span, entry: GazetteerEntry) -> None:
        """'Apple's App Store' names Apple too (corpus/ANNOTATION.md: the store is a Platform,
        its owner a Company): a known company written as the possessor inside a known name is
        listed with its own mention. Its words still stand for the whole name in roles."""
        for tok in span[:-1]:
            if self.doc[tok.i + 1].tag_ != "POS":
                continue
            named = self.doc[span.start : tok.i + 1]
            owner = self.gaz.by_name(named.text)
            if owner is None or owner.type != "Company" or owner.iri == entry.iri:
                continue
            entity = self.new_entity(owner.iri, owner.type, owner.label)
            mention = Mention(named.start_char, named.end_char, named.text)
            if mention not in entity.mentions:
                entity.mentions.append(mention)

    def _generic_name_within(self, iri: str, text: str) -> str | None:
        """'Vietnam's Ministry of Information and Communications' also calls the body by the
        name it shares with its peers abroad: that name, as the article wrote it, is an alias."""
        entry = self.gaz.by_iri(iri)
        if entry is None:
            return None
        for name in entry.generic_names:
            if len(text) > len(name) and text.endswith(name) and text[-len(name) - 1] == " ":
                return name
        return None

    def new_entity(self, iri: str, etype: str, label: str, home: str | None = None) -> Entity:
        """An entity known to the article (with no mention yet): from the gazetteer if it is there."""
        if iri in self.entities:
            return self.entities[iri]
        entry = self.gaz.by_iri(iri)
        entity = Entity(id=iri, label=entry.label if entry else label, type=entry.type if entry else etype)
        if entry:
            entity.sameAs = entry.same_as
            entity.policy = entry.policy
            entity.aliases = [a for a in entry.aliases if not a.lower().startswith("the ")]
            if entry.home:
                self.home[iri] = ENTITY_BASE + entry.home
        elif home:
            self.home[iri] = home
        self.entities[iri] = entity
        return entity

    def _parts(self, ent: Span) -> list[Span]:
        """'Roposo, Mitron' as NER found it is two names; so is 'the Ministry of Interior on the
        High Court' (a known name, then a preposition no name of a body goes on with)."""
        if not ent.ent_id_ and ent.label_ != "LAW":
            for t in ent[1:-1]:
                if t.lower_ in _NAME_BREAKS and self.gaz.by_name(self.doc[ent.start : t.i].text):
                    rest = t.i + 1 + (self.doc[t.i + 1].lower_ == "the")
                    return [self.doc[ent.start : t.i], *([self.doc[rest : ent.end]] if rest < ent.end else [])]
        if ent.ent_id_ or ent.label_ == "LAW" or not any(t.text == "," for t in ent):
            return [ent]  # a law's name keeps its commas: "... Protection Act, 2018"
        if recognition.remit_listed(ent):
            return [ent]  # "Department for Science, Innovation and Technology": one body
        parts, start = [], ent.start
        for t in ent:
            if t.text == ",":
                parts.append(self.doc[start : t.i])
                start = t.i + 1
        parts.append(self.doc[start : ent.end])
        return [p for p in parts if len(p)]

    def _collect(self) -> None:
        for whole in self.doc.ents:
            for ent in self._parts(whole):
                self._collect_one(ent, whole.label_, whole.ent_id_)

    def _collect_one(self, ent: Span, ner_label: str, ent_id: str) -> None:
        span = clean_span(ent)
        if not len(span):
            return
        if ent_id.startswith(GENERIC):
            self._generic.append((span, ent_id.removeprefix(GENERIC)))
            return
        if ner_label in ENTITY_TYPES and ent_id:
            entry = self.gaz.get(ent_id)
            if entry and entry.type != "LegalInstrument" and types.clause_of_a_law(span):
                return  # "Article 19 of the Constitution": a clause, not the rights group of that name
            if entry:
                self.add(span, entry.iri, entry.type, entry.label)
                self._owner_named_within(span, entry)
            return
        if ner_label == "ORG" and ent_id and (entry := self.gaz.get(ent_id)) is not None and self._placed(span, entry):
            # "Brazilian Supreme Federal Court": the model's name around a known body, with the
            # demonym of its home that the gazetteer's name lacks
            self.add(span, entry.iri, entry.type, entry.label)
            return
        text = span_text(span)
        entry = self.gaz.by_name(text)
        if entry is not None and ner_label in ("ORG", "GPE", "PERSON", "LAW", "NORP", "PRODUCT", "LOC", "FAC"):
            self.add(span, entry.iri, entry.type, entry.label)  # "BRUSSELS" in a dateline
            return
        if text.lower().removeprefix("the ").strip() in _BARE_KINDS:
            return  # "the Government", "The Court found": a description (references.py), not a body of that name
        etype = types.type_unknown(self, span, ner_label)
        if not etype:
            return
        if etype == "Person":
            span = types.person_name(span)
            entry = self.gaz.by_name(span.text)
            if entry is not None and entry.type == "Person":
                self.add(span, entry.iri, entry.type, entry.label)
                return
        label = span.text.strip()
        if re.fullmatch(r"\d+[A-Za-z]*\.", span[-1].text):
            label = label[:-1]  # "under Section 69A." at a sentence's end: the tokenizer kept the stop
        iri = self.known_iri(label, etype)
        if etype not in ("Jurisdiction", "Person"):
            linking.home_from_name(self, span, iri)
        self.add(span, iri, etype, self.entities[iri].label if iri in self.entities else label)

    def _placed(self, span: Span, entry: GazetteerEntry) -> bool:
        """Whether a name is a known body's name with its home's demonym or name before it."""
        first = span[0] if span[0].lower_ != "the" or len(span) < 2 else span[1]
        place = self.gaz.by_name(first.text)
        rest = self.gaz.by_name(span_text(span[first.i - span.start + 1 :]))
        return (
            place is not None
            and place.type == "Jurisdiction"
            and rest is not None
            and rest.iri == entry.iri
            and self.gaz.home_of(entry.iri) == place.iri
        )

    def known_iri(self, label: str, etype: str) -> str:
        for entity in self.entities.values():
            if entity.type == etype and label.lower() in (entity.label.lower(), *(a.lower() for a in entity.aliases)):
                return entity.id
        return f"{ENTITY_BASE}{slug(etype)}/{slug(label)}"

    def retype(self, iri: str, etype: str) -> None:
        entity = self.entities[iri]
        if self.gaz.by_iri(iri):
            return
        entity.type = etype
        for ref in self.mentions:
            if ref.iri == iri:
                ref.type = etype

    def _acronyms(self) -> None:
        """'The Information and Communication Technologies Authority (BTK)': BTK is an alias."""
        for ref in list(self.mentions):
            if ref.end + 2 < len(self.doc) and self.doc[ref.end].text == "(":
                inner = self.doc[ref.end + 1]
                known = self.by_token.get(inner.i)
                other_known = known is not None and known.iri != ref.iri and self.gaz.by_iri(known.iri)
                if ref.type == "Jurisdiction" or other_known:
                    continue  # "London (CNN) —": a dateline and its source, not a name and its acronym
                if inner.text.isupper() and len(inner.text) > 1 and self.doc[ref.end + 2].text == ")":
                    entity = self.entities[ref.iri]
                    if inner.text not in entity.aliases:
                        entity.aliases.append(inner.text)
                    if inner.i not in self.by_token or self.by_token[inner.i].iri != ref.iri:
                        span = self.doc[inner.i : inner.i + 1]
                        old = self.by_token.get(inner.i)
                        if old is not None:
                            self.mentions.remove(old)
                            self._drop_if_unmentioned(old.iri)
                        self.add(span, ref.iri, ref.type, entity.label)
                        # the acronym used alone later in the text means the same body
                        for token in self.doc:
                            if token.text == inner.text and token.i != inner.i:
                                other = self.by_token.get(token.i)
                                if other is None or other.iri != ref.iri:
                                    if other is not None and other in self.mentions:
                                        self.mentions.remove(other)
                                        self._drop_if_unmentioned(other.iri)
                                    self.add(self.doc[token.i : token.i + 1], ref.iri, ref.type, entity.label)
        self.mentions.sort(key=lambda m: m.start)

    def _drop_if_unmentioned(self, iri: str) -> None:
        """'... Commission (KPPU)': the model's own KPPU, now the Commission's alias, is gone."""
        if iri in self.entities and not any(m.iri == iri for m in self.mentions):
            del self.entities[iri]

    def _join_short_names(self) -> None:
        """A lone surname or shorter name joins the full name that contains it."""
        for short in list(self.entities.values()):
            if self.gaz.by_iri(short.id) or short.id not in self.entities:
                continue
            for full in self.entities.values():
                if full is short or len(full.label) <= len(short.label):
                    continue
                if full.type != short.type and not (
                    full.type == "Person" and short.type == "Organization" and " " not in short.label
                ):
                    continue  # NER sometimes takes a lone surname for an organisation
                if full.type == "Person":
                    hit = full.label.split()[-1] == short.label.split()[-1]
                else:
                    hit = short.label in full.label.split() or short.label == full.label.split(" (")[0]
                if hit:
                    self.merge(short.id, full.id)
                    break

    def _judges(self) -> set[str]:
        """People the article calls Judge or Justice: they act for their court."""
        titles = {"judge", "justice", "magistrate", "justices", "judges"}
        out = set()
        for ref in self.mentions:
            if ref.type != "Person":
                continue
            window = self.doc[max(0, ref.start - 5) : ref.end]
            if any(t.lower_ in titles for t in window) or any(
                t.lower_ in titles for t in self.doc[ref.end : min(len(self.doc), ref.end + 3)] if t.dep_ == "appos"
            ):
                out.add(ref.iri)
        return out

    def merge(self, old: str, new: str) -> None:
        gone = self.entities.pop(old)
        target = self.entities[new]
        for name in [gone.label, *gone.aliases]:
            if name not in target.aliases and name != target.label:
                target.aliases.append(name)
        target.mentions.extend(m for m in gone.mentions if m not in target.mentions)
        for ref in self.mentions:
            if ref.iri == old:
                ref.iri, ref.type = new, target.type
        if old in self.home and new not in self.home:
            self.home[new] = self.home[old]

    # -- queries -------------------------------------------------------------------------

    def is_app_store(self, iri: str) -> bool:
        entry = self.gaz.by_iri(iri)
        return bool(entry and entry.app_store)

    def between(self, start: int, end: int) -> list[MentionRef]:
        """Mentions that start within [start, end), in text order (an index kept by position)."""
        if self._starts is None or len(self._starts) != len(self.mentions):
            self.mentions.sort(key=lambda m: m.start)
            self._starts = [m.start for m in self.mentions]
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return self.mentions[lo:hi]

    def entity_at(self, token: Token) -> MentionRef | None:
        return self.by_token.get(token.i)

    def type_of(self, iri: str) -> str:
        return self.entities[iri].type

    def owner(self, iri: str) -> str | None:
        entry = self.gaz.by_iri(iri)
        return ENTITY_BASE + entry.owner if entry and entry.owner else None

    def prev_sent_start(self, token: Token) -> int:
        sent = sentence_of(token)
        return sentence_of(self.doc[sent.start - 1]).start if sent.start > 0 else 0

    # references, kept as methods because events ask for them
    def pronoun(self, token: Token, wanted: tuple[str, ...]) -> str | None:
        return references.pronoun(self, token, wanted)

    def court_for(self, token: Token) -> str | None:
        return references.court_for(self, token)

    def final_entities(self) -> list[Entity]:
        return sorted(self.entities.values(), key=lambda e: e.mentions[0].start if e.mentions else 0)
