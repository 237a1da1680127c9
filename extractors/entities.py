"""Entity resolution: every mention in a Doc mapped to one canonical entity.

Gazetteer matches keep their ids and Wikidata links; other names are typed from their own
words and their context ("... Court" is a Court, "apps such as Moj" makes Moj a Platform);
short forms join the full name ("Ginsburg" -> "Douglas Ginsburg", "(BTK)" -> its authority);
and definite references ("the law", "the watchdog", "the app", "it") resolve to the entity
meant, so that events can name who did what.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extractors.gazetteer import ENTITY_BASE, Gazetteer, load_toml
from extractors.model import ENTITY_TYPES, Entity, Mention

_NER_TYPES = {"PERSON": "Person", "GPE": "Jurisdiction", "LAW": "LegalInstrument"}
_LEADING = {"the", "a", "an", "this", "that", "its", "their", "his", "her"}
_PRONOUNS = {"it", "its", "they", "their", "them", "he", "his", "she", "her"}
_TITLES = {
    "president",
    "judge",
    "justice",
    "minister",
    "senator",
    "chief",
    "executive",
    "ceo",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prime",
    "president-elect",
    "commissioner",
    "chairman",
}


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


def _clean_span(span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in _LEADING:
        start += 1
    while end > start and span.doc[end - 1].text in ("'s", "’s", "'", ",", "."):
        end -= 1
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
        self._collect()
        self._platform_lists()
        self._acronyms()
        self._join_short_names()
        self._possessive_homes()
        self._resolve_references()

    # -- building ------------------------------------------------------------------------

    def _add(self, span: Span, iri: str, etype: str, label: str) -> None:
        entity = self.entities.get(iri)
        if entity is None:
            entry = self.gaz.by_iri(iri)
            entity = Entity(id=iri, label=label, type=etype)
            if entry:
                entity.sameAs = entry.same_as
                entity.policy = entry.policy
                entity.aliases = [a for a in entry.aliases if not a.lower().startswith("the ")]
                if entry.jurisdiction:
                    self.home[iri] = ENTITY_BASE + entry.jurisdiction
                elif entry.parent:
                    self.home[iri] = ENTITY_BASE + entry.parent
            self.entities[iri] = entity
        text = span.text
        if (
            text != entity.label
            and text not in entity.aliases
            and not text.isupper() | (text.lower() == entity.label.lower())
        ):
            entity.aliases.append(text)
        elif text.isupper() and len(text) <= 6 and text not in entity.aliases and text != entity.label:
            entity.aliases.append(text)  # acronyms such as BTK, DMA
        mention = Mention(span.start_char, span.end_char, text)
        if mention not in entity.mentions:
            entity.mentions.append(mention)
        ref = MentionRef(span.start, span.end, iri, etype, span.sent.start)
        self.mentions.append(ref)
        for i in range(span.start, span.end):
            self.by_token[i] = ref

    def _parts(self, ent: Span) -> list[Span]:
        """'Roposo, Mitron' as NER found it is two names."""
        if ent.ent_id_ or not any(t.text == "," for t in ent):
            return [ent]
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
        span = _clean_span(ent)
        if not len(span):
            return
        if ner_label in ENTITY_TYPES and ent_id:
            entry = self.gaz.get(ent_id)
            if entry:
                self._add(span, entry.iri, entry.type, entry.label)
            return
        entry = self.gaz.name_index().get(span.text.lower())
        if entry is not None and ner_label in ("ORG", "GPE", "PERSON", "LAW", "NORP", "PRODUCT"):
            self._add(span, entry.iri, entry.type, entry.label)  # "BRUSSELS" in a dateline
            return
        etype = self._type_unknown(span, ner_label)
        if etype and etype not in ("Jurisdiction", "Person"):
            self._home_from_name(span, etype)
        if etype:
            label = span.text.strip()
            iri = self._known_iri(label, etype)
            self._add(span, iri, etype, self.entities[iri].label if iri in self.entities else label)

    def _home_from_name(self, span: Span, etype: str) -> None:
        """'Nigerian Communications Commission' is Nigeria's: a place named inside the name."""
        iri = self._known_iri(span.text.strip(), etype)
        if iri in self.home:
            return
        for token in span:
            entry = self.gaz.name_index().get(token.text.lower()) if token.is_title or token.is_upper else None
            if entry is not None and entry.type == "Jurisdiction":
                self.home[iri] = entry.iri
                if entry.iri not in self.entities:
                    self.entities[entry.iri] = Entity(
                        id=entry.iri,
                        label=entry.label,
                        type="Jurisdiction",
                        sameAs=entry.same_as,
                        aliases=[a for a in entry.aliases if not a.startswith("the ")],
                    )
                return

    def _known_iri(self, label: str, etype: str) -> str:
        for entity in self.entities.values():
            if entity.type == etype and label.lower() in (entity.label.lower(), *(a.lower() for a in entity.aliases)):
                return entity.id
        return f"{ENTITY_BASE}{slug(etype)}/{slug(label)}"

    def _type_unknown(self, span: Span, ner_label: str) -> str | None:
        text = span.text.strip()
        if not text or not any(c.isalpha() for c in text) or "\n" in text:
            return None
        lowered = text.lower()
        typing = self.cues["typing"]
        if ner_label == "PERSON":
            if any(lowered.endswith(w) for w in typing["Court"] + typing["Regulator"]):
                return self._by_name(lowered) or "Person"
            return "Person" if len(text) > 2 else None
        if ner_label == "GPE":
            return "Jurisdiction"
        if ner_label == "LAW":
            return "LegalInstrument"
        if ner_label in ("ORG", "PRODUCT", "NORP", "FAC", "WORK_OF_ART"):
            by_name = self._by_name(lowered)
            if by_name:
                return by_name
            if self._in_context(span, typing["platform_context"]):
                return "Platform"
            if self._in_context(span, typing["company_context"]):
                return "Company"
            if ner_label == "ORG":
                return "Organization"
        return None

    def _by_name(self, lowered: str) -> str | None:
        typing = self.cues["typing"]
        words = lowered.split()
        for etype in ("Court", "Legislature", "Government", "Regulator", "LegalInstrument"):
            for key in typing[etype]:
                if lowered.endswith(key) or (etype != "LegalInstrument" and lowered.startswith(key + " ")):
                    return etype
        if words and words[-1].strip(",") in typing["Company"]:
            return "Company"
        if any(w in typing["Organization"] for w in words):
            return "Organization"
        return None

    @staticmethod
    def _in_context(span: Span, words: list[str]) -> bool:
        doc = span.doc
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        head = span.root.head
        return after in words or (head.lower_ in words and head.i != span.root.i)

    def _platform_lists(self) -> None:
        """'apps such as Moj, Josh and Chingari': every name listed is a Platform."""
        words = set(self.cues["typing"]["platform_context"])
        for token in self.doc:
            if token.lower_ not in ("such", "like", "including") or token.i + 1 >= len(self.doc):
                continue
            head = token.head if token.lower_ != "such" else token.head.head
            if head.lemma_.lower() not in words and head.lower_ not in words:
                continue
            start = token.i + (2 if token.lower_ == "such" else 1)
            i = start
            while i < len(self.doc) and self.doc[i].sent == token.sent:
                t = self.doc[i]
                if t.pos_ == "PROPN" and t.i not in self.by_token:
                    j = i
                    while j + 1 < len(self.doc) and self.doc[j + 1].pos_ == "PROPN":
                        j += 1
                    span = self.doc[i : j + 1]
                    self._add(span, self._known_iri(span.text, "Platform"), "Platform", span.text)
                    i = j + 1
                    continue
                if t.i in self.by_token and self.by_token[t.i].type != "Platform":
                    ref = self.by_token[t.i]
                    self._retype(ref.iri, "Platform")
                if t.text in (",", "and", "or") or t.pos_ == "PROPN":
                    i += 1
                    continue
                break
        self.mentions.sort(key=lambda m: m.start)

    def _retype(self, iri: str, etype: str) -> None:
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
                if inner.text.isupper() and self.doc[ref.end + 2].text == ")":
                    entity = self.entities[ref.iri]
                    if inner.text not in entity.aliases:
                        entity.aliases.append(inner.text)
                    if inner.i not in self.by_token:
                        span = self.doc[inner.i : inner.i + 1]
                        self._add(span, ref.iri, ref.type, entity.label)
        self.mentions.sort(key=lambda m: m.start)

    def _join_short_names(self) -> None:
        """A lone surname or shorter name joins the full name that contains it."""
        for short in list(self.entities.values()):
            if self.gaz.by_iri(short.id):
                continue
            for full in self.entities.values():
                if full is short or full.type != short.type or len(full.label) <= len(short.label):
                    continue
                if short.type == "Person":
                    hit = full.label.split()[-1] == short.label.split()[-1]
                else:
                    hit = short.label in full.label.split() or short.label == full.label.split(" (")[0]
                if hit:
                    self._merge(short.id, full.id)
                    break

    def _merge(self, old: str, new: str) -> None:
        gone = self.entities.pop(old)
        target = self.entities[new]
        for name in [gone.label, *gone.aliases]:
            if name not in target.aliases and name != target.label:
                target.aliases.append(name)
        target.mentions.extend(m for m in gone.mentions if m not in target.mentions)
        for ref in self.mentions:
            if ref.iri == old:
                ref.iri, ref.type = new, target.type

    def _possessive_homes(self) -> None:
        """'Italy's data protection authority', 'the Turkish regulator': an entity's home."""
        for ref in self.mentions:
            if ref.type != "Jurisdiction":
                continue
            token = self.doc[ref.end - 1]
            head = token.head if token.dep_ in ("poss", "amod", "compound", "case") else None
            if token.i + 1 < len(self.doc) and self.doc[token.i + 1].dep_ == "case":
                head = token.head
            if head is None:
                continue
            target = self.by_token.get(head.i)
            if target and target.iri not in self.home and target.type != "Jurisdiction":
                self.home[target.iri] = ref.iri

    # -- references ----------------------------------------------------------------------

    def _resolve_references(self) -> None:
        resolution = self.cues["resolution"]
        head_types = {w: t for t, ws in resolution.items() if t != "law_heads" for w in ws}
        for token in self.doc:
            if token.i in self.by_token or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.tag_ in ("NNS", "NNPS") and token.lower_ not in ("justices", "rules", "lawmakers"):
                continue  # "the apps": many things, not one entity
            etype = head_types.get(token.lemma_.lower()) or head_types.get(token.lower_)
            if not etype:
                continue
            dets = [c for c in token.children if c.dep_ in ("det", "poss")]
            modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod")]
            definite = any(d.lower_ in ("the", "this", "that", "its", "their") or d.dep_ == "poss" for d in dets)
            if not definite and not modifiers:
                continue
            iri = self.antecedent(token, etype, [m.lower_ for m in modifiers], strict=not definite)
            if iri is None and etype in ("Government", "Regulator", "Legislature", "Court"):
                iri = self._synthesize(token, etype)
            if iri:
                left = min([token.i, *(c.i for c in dets + modifiers)])
                span = self.doc[left : token.i + 1]
                span = _clean_span(span) if len(_clean_span(span)) else span
                ref = MentionRef(span.start, span.end, iri, self.entities[iri].type, span.sent.start)
                self.mentions.append(ref)
                for i in range(span.start, span.end):
                    self.by_token.setdefault(i, ref)
                self.entities[iri].mentions.append(Mention(span.start_char, span.end_char, span.text))
        self.mentions.sort(key=lambda m: m.start)

    def _synthesize(self, token: Token, etype: str) -> str | None:
        """'Indonesia's government', 'the Turkish regulator': an unnamed authority of a named place."""
        place = None
        for child in token.children:
            ref = self.by_token.get(child.i)
            if ref and ref.type == "Jurisdiction" and child.dep_ in ("poss", "amod", "compound"):
                place = ref
        if place is None:
            return None
        where = self.entities[place.iri].label
        head = token.lemma_.lower()
        label = f"Government of {where}" if head == "government" else f"{where} {head}"
        iri = f"{ENTITY_BASE}{slug(etype)}/{slug(label)}"
        if iri not in self.entities:
            self.entities[iri] = Entity(id=iri, label=label, type=etype)
            self.home[iri] = place.iri
        return iri

    def court_for(self, token: Token) -> str | None:
        """'A federal judge blocked the law': the court the judge sits on, or one named for the place."""
        courts = sorted((m for m in self.mentions if m.type == "Court" and m.start < token.i), key=lambda m: m.start)
        if courts:
            return courts[-1].iri
        places = [m for m in self.mentions if m.type == "Jurisdiction" and m.sent_start == token.sent.start]
        if not places:
            return None
        where = self.entities[places[0].iri].label
        federal = any(c.lower_ == "federal" for c in token.children)
        label = f"{'federal ' if federal else ''}court in {where}"
        iri = f"{ENTITY_BASE}court/{slug(label)}"
        if iri not in self.entities:
            self.entities[iri] = Entity(id=iri, label=label, type="Court")
            self.home[iri] = places[0].iri
        self.entities[iri].mentions.append(Mention(token.idx, token.idx + len(token.text), token.text))
        return iri

    def antecedent(self, token: Token, etype: str, modifiers: list[str], strict: bool = False) -> str | None:
        """The entity a reference means: the latest fitting mention before it, else the first after."""
        types = ("Company", "Platform") if etype == "Company" else (etype,)
        cands = [m for m in self.mentions if m.type in types and m.iri in self.entities]
        if etype in ("Platform", "Company") and token.lemma_.lower() != "store":
            cands = [m for m in cands if not self.is_app_store(m.iri)]
        head = token.lemma_.lower()
        if etype == "LegalInstrument":
            law_heads = self.cues["resolution"]["law_heads"]
            lawlike = [
                m
                for m in cands
                if self.entities[m.iri].label.split()[-1].lower() in law_heads
                or self.entities[m.iri].label.lower().endswith(("act", "law", "rules"))
            ]
            if not lawlike and head in [*law_heads, "measure", "provision", "legislation", "statute"]:
                return None  # "the law" is not the First Amendment or a ruling
            cands = lawlike or cands
        keyed = [m for m in cands if self._label_fits(m.iri, head, modifiers)]
        if keyed:
            cands = keyed
        elif strict:
            return None
        before = sorted((m for m in cands if m.start < token.i), key=lambda m: m.start)
        if etype == "Company" and before:
            floor = self._prev_sent_start(token)
            recent = [m for m in before if m.sent_start >= floor]
            subjects = [m for m in recent if self.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return subjects[-1].iri
        if before:
            return before[-1].iri
        after = sorted((m for m in cands if m.start > token.i), key=lambda m: m.start)
        return after[0].iri if after else None

    def _label_fits(self, iri: str, head: str, modifiers: list[str]) -> bool:
        entity = self.entities[iri]
        names = " ".join([entity.label, *entity.aliases]).lower()
        keys = [m for m in modifiers if m not in ("same", "federal", "new", "separate", "first")]
        if head in ("justices", "justice"):
            keys.append("supreme")
        if head in names and not keys:
            return True
        stems = [k.rstrip("s") for k in keys]
        return bool(stems) and all(s in names for s in stems)

    def pronoun(self, token: Token, types: tuple[str, ...]) -> str | None:
        """'it', 'they', 'he': the latest entity of a fitting type, subjects first."""
        if token.lower_ not in _PRONOUNS:
            return None
        wanted = (
            ("Person",)
            if token.lower_ in ("he", "his", "she", "her")
            else (
                "Platform",
                "Company",
                "Regulator",
                "Government",
                "Court",
                "Legislature",
                "LegalInstrument",
                "Organization",
            )
        )
        floor = self._prev_sent_start(token)
        earlier = [
            m
            for m in self.between(floor, token.i)
            if m.start < token.i and m.type in wanted and m.iri in self.entities and m.sent_start >= floor
        ]
        subjects = [
            m
            for m in earlier
            if self.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass")
            or self.doc[m.end - 1].head.dep_ in ("nsubj", "nsubjpass")
        ]
        pick = subjects or earlier
        if not pick or pick[-1].type not in types:
            return None
        return pick[-1].iri

    def _prev_sent_start(self, token: Token) -> int:
        sent = token.sent
        return self.doc[sent.start - 1].sent.start if sent.start > 0 else 0

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

    def owner(self, iri: str) -> str | None:
        entry = self.gaz.by_iri(iri)
        return ENTITY_BASE + entry.owner if entry and entry.owner else None

    def final_entities(self) -> list[Entity]:
        return sorted(self.entities.values(), key=lambda e: e.mentions[0].start if e.mentions else 0)
