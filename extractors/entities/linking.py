"""Linking by place: which jurisdiction a story is about, and what its generic names mean.

"The Supreme Court" in a story about Brazil is Brazil's Supreme Federal Court, "the Senate" in
an Australian story is the Australian Senate. A nationality adjective or a possessive on the
name decides first ("the Brazilian Senate", "Pakistan's Supreme Court"), then the article's
main jurisdiction. Where the gazetteer has no such body for that place, one is made for it
("Supreme Court of Nepal") rather than borrowing another country's.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import TYPE_CHECKING

from spacy.attrs import IDX
from spacy.tokens import Span, Token

from extractors.gazetteer import ENTITY_BASE
from extractors.lookup import doc_text, sentence_of

if TYPE_CHECKING:
    from extractors.entities.resolver import EntityResolver


_INSTITUTIONS = ("Court", "Legislature", "Government", "Regulator")
_NOT_PLACES = {
    "company",
    "firm",
    "publisher",
    "developer",
    "maker",
    "owner",
    "parent",
    "giant",
    "group",
    "startup",
    "app",
    "apps",
    "platform",
    "platforms",
    "link",
    "links",
    "executive",
    "founder",
    "investor",
    "investors",
    "rival",
    "rivals",
    "competitor",
    "competitors",
    "brand",
    "bank",
    "operator",
    "provider",
    "outlet",
    "newspaper",
    "broadcaster",
    "media",
    "troops",
    "hackers",
    "national",
    "nationals",
    "citizen",
    "citizens",
    "embassy",
    "diplomat",
    "ambassador",
    "official",
    "officials",
    "origin",
    "ownership",
    "subsidiary",
    "unit",
}


class JurisdictionContext:
    """The article's main jurisdiction and, for any token, the jurisdiction in play there."""

    def __init__(self, res: EntityResolver) -> None:
        self.res = res
        self.main: str | None = None
        self.refresh()

    def refresh(self) -> None:
        res, doc = self.res, self.res.doc
        score: Counter[str] = Counter()
        dateline = doc._.dateline
        headline = doc._.headline
        for ref in res.mentions:
            if ref.type == "Jurisdiction" and not self._is_place(ref) and not self._on_a_person(ref):
                continue  # "the Chinese-owned app": where its owner is from, not where the story is
            place = self.country_of(ref.iri) if ref.type == "Jurisdiction" else None
            if place is None and ref.type in ("Court", "Regulator", "Legislature", "Government"):
                place = res.home.get(ref.iri)
                place = self.country_of(place) if place else None
            if place is None:
                continue
            weight = 1.0 if ref.type == "Jurisdiction" else 0.75
            if dateline and dateline[0] <= ref.start < dateline[1]:
                weight = 3.0
            elif headline and headline[0] <= ref.start < headline[1]:
                weight = 2.0
            score[place] += weight
        self.main = score.most_common(1)[0][0] if score else None

    def country_of(self, iri: str) -> str | None:
        """A jurisdiction's own IRI (Montana stays Montana; Brussels as the EU is the EU)."""
        if iri not in self.res.entities and not iri.startswith(ENTITY_BASE):
            return None
        return iri

    def at(self, token: Token) -> str | None:
        """The jurisdiction in play at a token: the latest one named in its paragraph, else the main one."""
        res = self.res
        start = paragraph_start(token)
        named = [
            r.iri
            for r in res.between(start, token.i + 1)
            if r.type == "Jurisdiction" and not _is_dateline(res, r.start) and self._is_place(r)
        ]
        return named[-1] if named else self.main

    def _on_a_person(self, ref) -> bool:
        """'U.S. District Judge Jeffrey White': a person's title names the place they serve,
        which is where the story is."""
        token = self.res.doc[ref.end - 1]
        head = token.head
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
            head = head.head
        target = self.res.by_token.get(head.i)
        return target is not None and target.type == "Person"

    def _is_place(self, ref) -> bool:
        """A place where something happens, not a label on something else: "South Korean"
        in "South Korean games publisher Krafton" says where Krafton is from, not where the
        story is; nor is "Chinese" in "the Chinese-owned app"."""
        doc = self.res.doc
        token = doc[ref.end - 1]
        if token.dep_ not in ("amod", "compound", "poss", "nmod", "npadvmod") or token.head.i == token.i:
            return True
        head = token.head
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
            head = head.head  # "South Korean games publisher": the phrase is about the publisher
        target = self.res.by_token.get(head.i)
        if target is not None:
            return target.type in ("Government", "Regulator", "Legislature", "Court", "LegalInstrument")
        return head.lemma_.lower() not in _NOT_PLACES


def paragraph_start(token: Token) -> int:
    """Where a token's paragraph begins (computed once per Doc)."""
    doc = token.doc
    starts = _PARAGRAPHS.get(id(doc))
    if starts is None or starts[0] is not doc:
        offsets = doc.to_array([IDX]).tolist()
        marks = sorted(
            {0, *(min(bisect.bisect_right(offsets, m.start()), len(doc) - 1) for m in re.finditer("\n", doc_text(doc)))}
        )
        starts = (doc, marks)
        _PARAGRAPHS.clear()
        _PARAGRAPHS[id(doc)] = starts
    marks = starts[1]
    return marks[bisect.bisect_right(marks, token.i) - 1]


_PARAGRAPHS: dict[int, tuple] = {}


def topic(
    res: EntityResolver, token: Token, types: tuple[str, ...], exclude: set[str] | frozenset[str] = frozenset()
) -> str | None:
    """What a paragraph (else the article) is about: its most named entity of these types,
    app stores aside. 'Service returned the next day', 'at a hearing on 17 April': the
    platform or the court the story is telling of."""
    doc = res.doc
    start = paragraph_start(token)
    end = sentence_of(token).end
    while end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
        end = sentence_of(doc[end]).end
    for lo, hi in ((start, end), (0, len(doc))):
        counts: dict[str, int] = {}
        for ref in res.between(lo, hi):
            if ref.type in types and ref.iri not in exclude and not res.is_app_store(ref.iri):
                counts[ref.iri] = counts.get(ref.iri, 0) + 1
        if counts:
            return max(counts, key=lambda i: counts[i])
    return None


def _is_dateline(res: EntityResolver, i: int) -> bool:
    dateline = res.doc._.dateline
    return bool(dateline and dateline[0] <= i < dateline[1])


def _place_on(res: EntityResolver, span: Span) -> str | None:
    """A jurisdiction named on the name itself: "Brazil's", "the Brazilian", "of Pakistan"."""
    doc = res.doc
    for child in span.root.children:
        ref = res.by_token.get(child.i)
        if ref and ref.type == "Jurisdiction" and child.dep_ in ("poss", "amod", "compound", "nmod"):
            return ref.iri
    for i in range(max(sentence_of(span[0]).start, span.start - 3), span.start):
        ref = res.by_token.get(i)
        if ref and ref.type == "Jurisdiction" and ref.end in (span.start, span.start - 1):
            return ref.iri
    if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
        ref = res.by_token.get(span.end + 1) or (
            res.by_token.get(span.end + 2) if doc[span.end + 1].lower_ == "the" else None
        )
        if ref and ref.type == "Jurisdiction":
            return ref.iri
    return None


def link_generic_names(res: EntityResolver, generic: list[tuple[Span, str]]) -> None:
    """Each generic name to the body of its place: named on it, else the article's main one."""
    for span, name in generic:
        candidates = res.gaz.generic.get(name, [])
        if not candidates:
            continue
        qualifier = _qualifier(span, name)
        if qualifier is not None:
            entry = res.gaz.by_name(qualifier)
            if entry is None or entry.type != "Jurisdiction":
                # "the Zembla Telecommunications Authority": another body, named in full
                label = re.sub(r"^the\s+", "", span.text, flags=re.I)
                iri = res.known_iri(label, candidates[0].type)
                res.add(span, iri, candidates[0].type, res.entities[iri].label if iri in res.entities else label)
                continue
        own_place = (res.gaz.by_name(qualifier).iri if qualifier else None) or _place_on(res, span)
        place = own_place or res.places.main
        named = [
            e.iri
            for e in candidates
            if e.iri in res.entities
            and res.entities[e.iri].mentions
            and (own_place is None or res.home.get(e.iri) == own_place)
        ]
        # "Ireland's Data Protection Commission ... the DPC": the body this name stands for,
        # named in full earlier, whatever place the sentence is about
        known = named[0] if len(named) == 1 else _already_named(res, name, candidates[0].type, own_place)
        if known is not None:
            res.add(span, known, res.entities[known].type, res.entities[known].label)
            continue
        chosen = None
        # the place named on the name, else the one in play where it stands, else the story's
        for where in dict.fromkeys(p for p in (own_place, res.places.at(span[0]), res.places.main) if p):
            chosen = next((e for e in candidates if e.home and ENTITY_BASE + e.home == where), None)
            if chosen is None:
                chosen = next((e for e in candidates if e.home and res.gaz.contains(ENTITY_BASE + e.home, where)), None)
            if chosen is None and candidates[0].type == "Court":
                # "appealed to the General Court" in an Irish story: the one court of that name
                # is the EU's, which sits for its members (a body of the member's own comes first)
                chosen = next(
                    (e for e in candidates if e.home and res.gaz.served_by(ENTITY_BASE + e.home, where)), None
                )
            if chosen is not None:
                break
        if chosen is None and candidates[0].type not in _INSTITUTIONS:
            # "HB 1181" in a Florida story that also tells of Texas: the one law of a place it names
            named = [e for e in candidates if e.home and ENTITY_BASE + e.home in res.entities]
            chosen = named[0] if len(named) == 1 else None
        if chosen is not None:
            res.add(span, chosen.iri, chosen.type, chosen.label)
            continue
        if candidates[0].type == "LegalInstrument" and place is not None:
            # "the Personal Data Protection Law" in a Turkish story: that place's law of that
            # name, which the gazetteer does not know, is still the law the story tells of
            written = re.sub(r"^the\s+", "", span.text, flags=re.I)
            entry = res.gaz.by_iri(place)
            where = res.entities[place].label if place in res.entities else (entry.label if entry else None)
            if where is not None:
                iri = res.known_iri(f"{written} of {where}", "LegalInstrument")
                res.new_entity(iri, "LegalInstrument", written, home=place)
                res.add(span, iri, "LegalInstrument", written)
            continue
        if candidates[0].type not in _INSTITUTIONS:
            continue  # "Max", "ABC", "Punjab": only where the story is in their place
        if place is None:
            # no place anywhere in the story: the body the name most often means in the news
            res.add(span, candidates[0].iri, candidates[0].type, candidates[0].label)
            continue
        entry = res.gaz.by_iri(place)
        where = res.entities[place].label if place in res.entities else (entry.label if entry else None)
        if where is None:
            continue
        written = res.gaz.generic_forms.get(name, name) if qualifier else span.text.removeprefix("the ").strip()
        label = f"{written} of {where}"
        iri = res.known_iri(label, candidates[0].type)
        res.new_entity(iri, candidates[0].type, label, home=place)
        res.add(span, iri, candidates[0].type, label)
    res.mentions.sort(key=lambda m: m.start)


def _qualifier(span: Span, name: str) -> str | None:
    """The words a name adds to a generic one ("Indian" in "the Indian Telecommunications
    Authority", "Zembla" in "... Authority of Zembla"), or None when it adds none."""
    text = re.sub(r"^the\s+", "", span.text, flags=re.I)
    lowered = text.lower()
    at = lowered.find(name)
    if at < 0:
        return None
    before, after = text[:at].strip(), text[at + len(name) :].strip()
    after = re.sub(r"^(of|for)\s+(the\s+)?", "", after, flags=re.I)
    return (before or after).strip(" ,'’s") or None


def _already_named(res: EntityResolver, name: str, etype: str, place: str | None) -> str | None:
    """'The Federal Trade Commission ... the Commission': a generic name after a body it
    names in full is that body."""
    last = name.split()[-1]
    for entity in res.entities.values():
        if entity.type != etype or not entity.mentions:
            continue
        label = entity.label.lower()
        if name in label or label.endswith(last):
            if place is None or res.home.get(entity.id) == place:
                return entity.id
    return None


def possessive_homes(res: EntityResolver) -> None:
    """'Italy's data protection authority', 'the Turkish regulator': an entity's home."""
    doc = res.doc
    for ref in res.mentions:
        if ref.type != "Jurisdiction":
            continue
        token = doc[ref.end - 1]
        head = token.head if token.dep_ in ("poss", "amod", "compound", "case", "nmod") else None
        if token.i + 1 < len(doc) and doc[token.i + 1].dep_ == "case":
            head = token.head
        if head is None:
            continue
        target = res.by_token.get(head.i)
        if target and target.iri not in res.home and target.type != "Jurisdiction":
            res.home[target.iri] = ref.iri


def home_from_name(res: EntityResolver, span: Span, iri: str) -> None:
    """'Nigerian Communications Commission' is Nigeria's: a place named inside the name."""
    if iri in res.home:
        return
    for token in span:
        entry = res.gaz.by_name(token.text) if token.is_title or token.is_upper else None
        if entry is not None and entry.type == "Jurisdiction":
            res.home[iri] = entry.iri
            res.new_entity(entry.iri, "Jurisdiction", entry.label)
            return
