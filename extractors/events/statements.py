"""Statements: a report that takes a position on a rule or action is a PublicStatement by its
speaker ("criticised the ban", "said the law was unconstitutional", "voiced opposition to the
ruling"). A source ("according to Reuters"), a court's own reasons, a lawsuit told with a
stance verb, or a speaker's account of its own deed is none. The platform a statement was
posted on is where it was said, not what it was about.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extractors.entities.resolver import EntityResolver
from extractors.events.attribution import SPEAKER_TYPES, Attribution, Attributions
from extractors.events.factuality import UNASSERTING_HEADS
from extractors.events.grammar import frame_of, media
from extractors.events.mention import EventMention
from extractors.gazetteer import load_toml
from extractors.lookup import sentence_of

# the words a statement is made with: "a post on X", "On Truth Social, Trump wrote"
_SPEECH_WORDS = frozenset(
    [*load_toml("cues.toml")["attribution"]["speech_nouns"], *load_toml("cues.toml")["attribution"]["speech_verbs"]]
)


_MODALS = frozenset({"will", "would", "shall", "'ll", "wo", "could", "may", "might"})
_STANCE_VERBS = frozenset(load_toml("cues.toml")["attribution"]["stance_verbs"])

_AUTHORITIES = ("Government", "Regulator", "Court", "Legislature")
_COUNSEL = frozenset({"lawyer", "attorney", "counsel", "barrister", "solicitor", "advocate"})
_METRIC_NOUNS = frozenset(load_toml("cues.toml")["statement"]["metric_nouns"])


_JUDGES = {"judge", "justice", "justices", "magistrate"}


def _minister_of_justice(token: Token) -> bool:
    """'the justice minister', 'Minister of Justice': a member of the government, not a judge."""
    doc = token.doc
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    before = doc[token.i - 2 : token.i].text.lower() if token.i >= 2 else ""
    return after in ("minister", "ministry", "secretary", "department") or before in (
        "minister of",
        "ministry of",
        "department of",
        "secretary of",
    )


def _doers_of_the_verb_above(token: Token, cue: Token) -> list[Token]:
    """'said it has issued directions for the blocking of X': a nominal act hanging off
    another verb's object is done by that verb's subject, the speaker's 'it'."""
    head = token
    while head.dep_ in ("pobj", "pcomp", "prep", "dobj") and head.head.i != head.i:
        head = head.head
        if head.lower_ in UNASSERTING_HEADS or head.lemma_.lower() in UNASSERTING_HEADS:
            return []  # "said it was weighing the possibility of blocking X": not done
        if head.pos_ in ("VERB", "AUX") and head.i != cue.i:
            if head.lemma_.lower() in _SPEECH_WORDS or head.lemma_.lower() in _STANCE_VERBS:
                return []  # "said it welcomed the blocking of X": a stance, not a deed
            if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in head.children):
                return []  # "announced it would discontinue the proceedings": a commitment
            return [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


class Statements:
    """The extractor's statement finding; EventExtractor supplies the article's state."""

    doc: Doc
    res: EntityResolver
    reports: Attributions
    rule_words: set[str]
    stance_words: set[str]

    def _statements(self, mentions: list[EventMention]) -> list[EventMention]:
        out = []
        by_token = {m.token.i: m for m in mentions}
        for report in self.reports.items:
            if report.speaker is None or self.res.type_of(report.speaker) not in SPEAKER_TYPES:
                continue
            if self._media(report.speaker) or self._reporting_source(report):
                continue  # "Reuters reported": a source, not a position
            if self.res.type_of(report.speaker) == "Court" or self._judge(report):
                continue  # a court's reasons are its ruling, not a statement
            if report.kind == "according" and not self._judges(report):
                continue  # a source of facts, not a position
            if not self._takes_position(report, by_token):
                continue
            told = by_token.get(report.cue.i)
            if told is not None and told.type in ("LegalChallenge", "CourtRuling", "BanLifted", "Ban"):
                continue  # "challenged the law in court" is the lawsuit itself, not a remark on it
            if self._pleading(report, mentions):
                continue
            content = [self.doc[i] for i in sorted(report.content)]
            affected, instruments = [], []
            # "wrote on X that ...", "hailed the vote on X": where it was said
            said_on = {ref.iri for t in media(report.cue) if (ref := self.res.entity_at(t)) is not None}
            for t in content:
                affected.extend(i for i in self.res.groups.get(t.i, ()) if i != report.speaker)
                if t.head is report.cue and t.dep_ == "dobj" and (law := self.res.pronoun(t, ("LegalInstrument",))):
                    instruments.append(law)  # "criticised it", the law told just before
                ref = self.res.entity_at(t)
                if ref is None or ref.iri == report.speaker or ref.iri not in self.res.entities:
                    continue
                if self._channel(t) or ref.iri in said_on:
                    continue  # "in a post on X": where it was said, not what it was about
                if ref.type in ("Platform", "Company") and not self.res.is_app_store(ref.iri):
                    affected.append(ref.iri)
                elif ref.type == "LegalInstrument":
                    instruments.append(ref.iri)
            for i in report.content:
                inner = by_token.get(i)
                if inner is not None:
                    instruments.extend(inner.role("instrument"))
                    affected.extend(a for a in inner.role("affected") if a != report.speaker and a not in said_on)
            frame = frame_of(report.cue)
            mention = EventMention(
                token=report.cue,
                type="PublicStatement",
                frame=frame,
                trigger=report.cue.text,
                roles={"agent": [report.speaker]},
                syntactic_agent=True,
                salt="statement",
            )
            if affected:
                mention.roles["affected"] = list(dict.fromkeys(affected))
            if instruments:
                mention.roles["instrument"] = list(dict.fromkeys(instruments))
            out.append(mention)
        return out

    @staticmethod
    def _pleading(report: Attribution, mentions: list[EventMention]) -> bool:
        """'At the hearing, lawyers for X argued that the notice was invalid': counsel arguing
        before a court is part of the case, not a public position."""
        who = report.speaker_token
        if who is None or who.lemma_.lower() not in _COUNSEL:
            return False
        sent = sentence_of(report.cue)
        return any(
            m.type in ("CourtHearing", "LegalChallenge", "CourtRuling") and sent.start <= m.token.i < sent.end
            for m in mentions
        )

    def _judges(self, report: Attribution) -> bool:
        """'According to the EFF, the rules are inconsistent with human rights': a source that
        judges what it reports takes a position; 'according to the ministry, the ban began on
        Monday' only tells a fact, and an authority's finding is its act, not a remark."""
        if report.speaker is None or self.res.type_of(report.speaker) in (*_AUTHORITIES, "Jurisdiction"):
            return False  # "illegal, according to the authorities": a finding, told as fact
        words = {self.doc[i].lemma_.lower() for i in report.content} | {self.doc[i].lower_ for i in report.content}
        return bool(words & self.stance_words)

    def _blames_for_a_deed(self, report: Attribution) -> bool:
        """'condemned Instagram for censoring condolences', 'praised the regulator for acting':
        a stance on a platform or an authority for what it did is a position on an action."""
        cue = report.cue
        objects = [c for c in cue.children if c.dep_ in ("dobj", "nsubjpass")]
        named = [ref for o in objects if (ref := self.res.entity_at(o)) is not None]
        if not any(ref.type in ("Platform", "Company", *_AUTHORITIES) for ref in named):
            return False
        deeds = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("for", "over", "of")]
        what = [g for p in deeds for g in p.children if g.dep_ in ("pcomp", "pobj")]
        # "for censoring", "accused X of putting profits first", "for its handling of the
        # case"; "for months" is how long
        return any(g.tag_ == "VBG" or (g.pos_ == "NOUN" and g.ent_type_ not in ("DATE", "TIME")) for g in what)

    def _own_deed(self, report: Attribution, event: EventMention) -> bool:
        """'The government said it has suspended DeepSeek': the speaker's own act, also when
        'it' is not resolved yet when statements are read."""
        if report.speaker in event.role("agent"):
            return True
        subjects = [*event.frame.subj, *_doers_of_the_verb_above(event.token, report.cue)]
        return self.res.type_of(report.speaker) != "Person" and any(
            t.lower_ in ("it", "we") and t.dep_ in ("nsubj", "nsubjpass") for t in subjects
        )

    def _stance_on_what_was_told(self, report: Attribution, events: dict[int, EventMention]) -> bool:
        """'Paxton hailed the decision. Boden criticised it as a setback': a stance taken on
        'it' or 'this' stands on the act or rule told just before."""
        cue = report.cue
        if not any(c.dep_ == "dobj" and c.lower_ in ("it", "this", "them") for c in cue.children):
            return False
        before = self.doc[self.res.prev_sent_start(cue) : cue.i]
        return any(
            t.i in events
            or t.lemma_.lower() in self.rule_words
            or ((ref := self.res.entity_at(t)) is not None and ref.type == "LegalInstrument")
            for t in before
        )

    def _about_rules_or_others(self, report: Attribution, content: list[Token], words: set[str]) -> bool:
        if words & self.rule_words:
            return True
        named = {ref.iri: ref.type for t in content if (ref := self.res.entity_at(t)) is not None}
        return any(
            kind == "LegalInstrument" or (kind in _AUTHORITIES and iri != report.speaker) for iri, kind in named.items()
        )

    def _only_tells_what_happened(self, report: Attribution, told: list[EventMention]) -> bool:
        """'Signal's president said messages on the app were already blocked', 'Kick was
        suspended for a week, its founder said': a report whose clause is nothing but an act
        told in the past, with no word of stance, tells a fact; it takes no position."""
        heads = [self.doc[i] for i in report.content if self.doc[i].head.i not in report.content]
        clauses = [h for h in heads if h.pos_ in ("VERB", "AUX")]
        if len(clauses) != 1 or not told:
            return False
        clause = clauses[0]
        if not any(e.token.i == clause.i for e in told):
            return False
        if clause.tag_ not in ("VBD", "VBN"):
            return False  # "says the ban is unfair", "will be blocked": not a past act told
        # "would be blocked", "was not blocked": a forecast or a denial may be a position
        return not any(
            c.tag_ == "MD"
            or c.dep_ == "neg"
            or c.lower_ == "never"
            or any(d.dep_ == "det" and d.lower_ in ("no", "neither") for d in c.children)  # "no app was blocked"
            for c in clause.children
        )

    @staticmethod
    def _counts_its_audience(content: list[Token]) -> bool:
        """A number of users, downloads or sign-ups is what the report is about."""
        return any(
            t.lemma_.lower() in _METRIC_NOUNS or t.lower_ in _METRIC_NOUNS
            for t in content
            if any(c.like_num or c.ent_type_ in ("CARDINAL", "QUANTITY") for c in t.subtree if c.i != t.i)
        )

    @staticmethod
    def _channel(token: Token) -> bool:
        """The platform a statement was made on: 'a post on X', 'a video on YouTube'."""
        prep = token.head
        return token.dep_ == "pobj" and prep.lower_ in ("on", "via") and prep.head.lemma_.lower() in _SPEECH_WORDS

    def _reporting_source(self, report: Attribution) -> bool:
        """'..., Al Jazeera reported': an organisation that is no party to the story and
        'reports' is a news source whatever its name, unless it judges what it reports."""
        if report.cue.lemma_.lower() != "report" or report.speaker is None:
            return False
        if self.res.type_of(report.speaker) != "Organization":
            return False
        words = {self.doc[i].lemma_.lower() for i in report.content} | {self.doc[i].lower_ for i in report.content}
        return not words & self.stance_words

    def _media(self, iri: str) -> bool:
        entity = self.res.entities[iri]
        if entity.type != "Organization":
            return False
        words = set(load_toml("cues.toml")["attribution"]["media_words"])
        return bool(set(" ".join([entity.label, *entity.aliases]).lower().replace(".", " ").split()) & words)

    def _judge(self, report: Attribution) -> bool:
        who = report.speaker_token
        if who is None:
            return False
        around = [*who.subtree, *(t for t in who.head.children if t.dep_ == "compound")]
        around += [self.doc[i] for i in range(max(0, who.i - 4), who.i)]
        return any(t.lower_ in _JUDGES and not _minister_of_justice(t) for t in around)

    def _takes_position(self, report: Attribution, events: dict[int, EventMention]) -> bool:
        """A report is a position on a rule or action when it takes a stance, or talks about
        a rule, a ruling or an action without being the actor's own account of it."""
        content = [self.doc[i] for i in report.content]
        words = {t.lemma_.lower() for t in content} | {t.lower_ for t in content}
        if report.kind == "stance_noun":
            # "came out in support": a position on whatever rule its sentence, or the one
            # before, is about
            start = self.res.prev_sent_start(report.cue)
            near = self.doc[start : sentence_of(report.cue).end]
            return any(
                t.lemma_.lower() in self.rule_words
                or ((ref := self.res.entity_at(t)) is not None and ref.type == "LegalInstrument")
                for t in near
            )
        if report.stance:
            return (
                bool(words & self.rule_words)
                or any(i in events for i in report.content)
                or any((ref := self.res.entity_at(t)) is not None and ref.type in ("LegalInstrument",) for t in content)
                or self._blames_for_a_deed(report)
                or self._stance_on_what_was_told(report, events)
            )
        if words & self.stance_words:
            return True
        if self.res.type_of(report.speaker) in _AUTHORITIES and not self._about_rules_or_others(report, content, words):
            # "The authority said Uber had collected drivers' data", "Ofcom said 4chan had failed
            # to answer": a body's account of its findings about a platform is its act told, not
            # a position; one on a law or on another authority's act ("the legislation amounted
            # to bullying") is, and so is any a person makes for it
            return False
        if self._counts_its_audience(content) and not words & self.rule_words:
            return False  # "Bluesky said it had gained a million users": its numbers, no position
        told = [events[i] for i in report.content if i in events]
        if self._only_tells_what_happened(report, told):
            return False
        own = [e for e in told if self._own_deed(report, e)]
        named = {ref.type for t in content if (ref := self.res.entity_at(t)) is not None}
        if named & {"Platform", "Company", "LegalInstrument", "Regulator", "Court", "Government"}:
            return not own or len(own) < len(told)  # about a party or a rule, not only its own deed
        about_rule = bool(words & self.rule_words) or any(
            (ref := self.res.entity_at(t)) is not None and ref.type == "LegalInstrument" for t in content
        )
        if not told and not about_rule:
            return False
        own = [e for e in told if self._own_deed(report, e)]
        return not own or len(own) < len(told)
