"""What the sentence does not say: roles, outcomes and places an event mention takes from its
context when its own clause gives none.

A passive with no "by" phrase takes the authority its report names ("TikTok has been banned,
the minister announced"), unless the speaker is the affected party's own ("according to its
chief executive"); a ban condemned by someone ("China's foreign ministry condemned the blocking
of X") takes neither that someone nor its country; a ban with no agent takes the authority
named in its sentence, unless the ban is the object of another event ("upheld the ban": the
court did not ban); a law's event with no law named takes the law of its paragraph, then of the
next, then the story's; a lawsuit is against whoever made what it attacks; a ruling told in
general words takes its outcome from its clause; a chart is a country's. Every value found this
way is marked weak: coreference lets a clause's own value win over it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from extractors.entities.resolver import EntityResolver
from extractors.events.arguments import RoleFiller
from extractors.events.attribution import Attributions
from extractors.events.grammar import children, is_passive, logical_subject, media, spared
from extractors.events.lexicon import Lexicon
from extractors.events.mention import EventMention
from extractors.gazetteer import load_toml
from extractors.lookup import sentence_of, span_text

_OPPOSING = frozenset(load_toml("cues.toml")["attribution"]["opposing_verbs"])
# verbs that report something to someone: "told the court that ...", "informed parliament that ..."
_TELLING = frozenset({"tell", "inform", "notify", "assure", "brief", "write", "reassure", "advise", "remind", "warn"})
_TIME_PREPS = frozenset({"after", "since", "following", "amid", "during", "before"})
_DESTINATION_PREPS = frozenset({"to", "for", "onto", "into", "toward", "towards", "on"})

INSTRUMENT_NEARBY = (
    "LegislationEnacted",
    "LegislationProposed",
    "CourtRuling",
    "LegalChallenge",
    "CourtHearing",
    "RegulationIssued",
    "ExecutiveOrder",
    "Fine",
    "Investigation",
    "ComplianceMeasure",
    "Ban",
    "BanLifted",
)
INSTRUMENT_IN_SENTENCE = ()
# Acts that may be measured against a constitution, so may name one as their instrument
_JUDICIAL = frozenset({"CourtRuling", "CourtHearing", "LegalChallenge"})
_HELD_TO_A_CONSTITUTION = frozenset({"CourtRuling", "CourtHearing", "LegalChallenge", "PublicStatement"})
_CONSTITUTIONAL = re.compile(
    r"\bconstitution\b|^(?:the\s+)?[a-z]+(?:-[a-z]+)?\s+amendment$|\bbill of rights\b|\bcharter of\b.*\brights\b", re.I
)
# Types whose missing agent / affected party may be taken from the same sentence, when the
# grammar found none (the authority or the platform the sentence names).
AGENT_FROM_SENTENCE = frozenset(
    {
        "Ban",
        "Fine",
        "Investigation",
        "BanLifted",
        "CourtRuling",
        "CourtHearing",
        "RegulationIssued",
        "ExecutiveOrder",
        "LegislationEnacted",
    }
)
AFFECTED_FROM_SENTENCE = frozenset(
    {
        "Ban",
        "Fine",
        "AppStoreRemoval",
        "BanLifted",
        "Investigation",
        "AppRankingChange",
        "LegislationEnacted",
        "LegislationProposed",
        "RegulationIssued",
        "ExecutiveOrder",
    }
)
# Acts only an authority does: told with no doer ("the rules came into force", "access was
# blocked"), they are the act of the authority the paragraph, else the story, is about.
AGENT_FROM_STORY = frozenset({"Ban", "BanLifted", "RegulationIssued", "Fine", "Investigation"})
_LAW_HEADS = frozenset(load_toml("cues.toml")["resolution"]["law_heads"])
_LAWS = frozenset(
    {
        *_LAW_HEADS,
        *("rule", "regulation", "provision", "requirement", "obligation", "system", "scheme", "framework", "regime"),
    }
)
_SUIT_NOUNS = frozenset({"suit", "lawsuit", "complaint", "challenge", "petition", "case", "action", "claim"})
_COMPELLING = frozenset({"require", "order", "compel", "force", "direct", "oblige", "mandate", "instruct"})


class ContextRoles:
    """The extractor's context fallbacks; EventExtractor supplies the article's state."""

    doc: Doc
    res: EntityResolver
    lex: Lexicon
    filler: RoleFiller
    reports: Attributions
    _triggers: set[int]

    def _fallbacks(self, mention: EventMention) -> None:
        rules = self.lex.roles[mention.type]
        token = mention.token
        taken = {i for values in mention.roles.values() for i in values}
        if "instrument" in rules.types and not mention.role("instrument") and mention.type in INSTRUMENT_NEARBY:
            nearby = self._nearest_in_paragraph(token, ("LegalInstrument",), taken)
            if nearby is None and mention.type in (
                "LegislationEnacted",
                "LegislationProposed",
                "ExecutiveOrder",
                "RegulationIssued",
                "LegalChallenge",
                "CourtRuling",
                "CourtHearing",
                "ComplianceMeasure",
                "Investigation",
                "Fine",
            ):
                # "upheld the law, ruling that it did not violate the First Amendment": a constitution
                # named elsewhere in the story is the standard a law is held to, not the law a
                # legislature passes or an order applies
                if mention.type not in _HELD_TO_A_CONSTITUTION:
                    taken = taken | self._constitutional()
                nearby = self._next_paragraph_instrument(token, taken) or self._main_instrument(taken)
            if nearby and not self._described_otherwise(mention, nearby):
                mention.weak.add("instrument")
                mention.roles["instrument"] = [nearby]
        elif "instrument" in rules.types and not mention.role("instrument") and mention.type in INSTRUMENT_IN_SENTENCE:
            nearby = self._nearest_in_sentence(token, ("LegalInstrument",), taken)
            if nearby:
                mention.weak.add("instrument")
                mention.roles["instrument"] = [nearby]
        if "agent" in rules.types and not mention.role("agent") and mention.type in AGENT_FROM_SENTENCE:
            types = (
                tuple(t for t in rules.types["agent"] if t not in ("Person", "Jurisdiction")) or rules.types["agent"]
            )
            taken = taken | self._opponents(mention) | self._addressees(mention)
            nearby = (
                None
                if self._names_another_doer(mention) or self._object_of_another_event(mention)
                # "Parliament widened the Home Office's powers when the act received royal
                # assent": laws are passed by legislatures, whoever else the sentence names
                else (
                    (mention.type == "LegislationEnacted" and self._nearest_in_sentence(token, ("Legislature",), taken))
                    or self._nearest_in_sentence(token, types, taken)
                )
            )
            if nearby is None and mention.type in AGENT_FROM_STORY and not self._names_another_doer(mention, _LAWS):
                nearby = self._authority_in_play(mention, taken)
            if nearby:
                mention.weak.add("agent")
                mention.roles["agent"] = [nearby]
        if "affected" in rules.types and not mention.role("affected") and mention.type in AFFECTED_FROM_SENTENCE:
            types = ("Company", "Platform") if mention.type in ("Fine", "Investigation") else ("Platform",)
            if mention.type in ("Ban", "BanLifted"):
                taken = taken | self._gone_to(token)
            nearby = self._nearest_in_sentence(token, types, taken, no_stores=True)
            if nearby is None and mention.type == "ExecutiveOrder":
                # "signed an order pausing enforcement": the platform the story is about
                nearby = self._topic(token, ("Platform",), taken)
            if (
                nearby is None
                and mention.type == "Investigation"
                and (
                    (
                        mention.syntactic_agent
                        and (
                            any(c.dep_ == "det" and c.lower_ in ("the", "its", "this", "that") for c in token.children)
                            or mention.frame.light_class == "agentive"
                        )
                    )
                    # "a multi-year DPC investigation": a named authority's own inquiry
                    or self._agent_named_on(mention)
                )
            ):
                # "The DPC opened the inquiry in August 2020", "the Commission opened formal
                # proceedings in June": the inquiry into what the story is about
                nearby = self._topic(token, ("Company", "Platform"), taken)
            if nearby:
                mention.weak.add("affected")
                mention.roles["affected"] = [nearby]
        if mention.type in ("AppStoreRemoval", "AppRankingChange") and not any(
            self.res.is_app_store(a) for a in mention.role("agent")
        ):
            stores = self._stores_nearby(token)
            if stores:
                mention.weak.add("agent")
                mention.roles["agent"] = list(dict.fromkeys([*mention.role("agent"), *stores]))
        if mention.type in ("CourtRuling", "CourtHearing") and not mention.role("affected"):
            party = self._nearest_in_sentence(token, ("Platform", "Company"), taken, no_stores=True) or self._topic(
                token, ("Platform", "Company"), set()
            )
            if party:
                mention.weak.add("affected")
                mention.roles["affected"] = [party]
        if mention.type == "CourtRuling" and mention.outcome == "ordered":
            mention.outcome = self._ruling_outcome(mention) or mention.outcome
        if mention.type == "CourtRuling" and mention.outcome == "blocked" and self._compels(mention.token):
            mention.outcome = "ordered"  # "an injunction requiring X to hide the posts" orders, not blocks
        if mention.type == "PublicStatement":
            speaker = set(mention.role("agent"))
            if not mention.role("affected"):
                said_on = {ref.iri for t in media(token) if (ref := self.res.entity_at(t)) is not None}
                topic = self._topic(token, ("Platform", "Company"), speaker | said_on)  # "... on X": where
                if topic:
                    mention.weak.add("affected")
                    mention.roles["affected"] = [topic]
            if not mention.role("instrument"):
                nearby = self._nearest_in_paragraph(token, ("LegalInstrument",), taken) or self._main_instrument()
                if nearby:
                    mention.weak.add("instrument")
                    mention.roles["instrument"] = [nearby]
        if not mention.role("agent") and "agent" in rules.types and mention.frame.passive:
            report = self.reports.report_of(token)
            if (
                report is not None
                and report.speaker
                and self.res.type_of(report.speaker) in ("Person", "Government", "Regulator", "Legislature")
                and self.res.type_of(report.speaker) in rules.types["agent"] + ("Person",)
                and not self._speaks_for_the_affected(report.speaker_token, mention)
            ):
                # "TikTok has been banned from devices, the Attorney-General announced"
                mention.weak.add("agent")
                mention.roles["agent"] = [report.speaker]
        if mention.type == "UserMigration" and not mention.role("origin"):
            origin = self._recent_target(token, mention.role("destination"))
            if origin and origin not in mention.role("destination"):
                mention.weak.add("origin")
                mention.roles["origin"] = [origin]
        if mention.type == "UserMigration" and mention.role("origin") and not mention.role("destination"):
            # "TikTok refugees": they went to the platform the story is about
            exclude = set(mention.role("origin"))
            place = self._nearest_in_sentence(token, ("Platform",), exclude | taken, no_stores=True) or self._topic(
                token, ("Platform",), exclude
            )
            if place:
                mention.weak.add("destination")
                mention.roles["destination"] = [place]
        if rules.jurisdiction and not mention.role("jurisdiction"):
            authorities = [
                a
                for a in mention.role("agent") + mention.role("affected")
                if self.res.type_of(a) in ("Government", "Regulator", "Legislature", "Court")
            ]
            home = [self.res.home[a] for a in authorities if a in self.res.home]
            laws = [self.res.home[i] for i in mention.role("instrument") if i in self.res.home]
            place = (home or laws or [None])[0] or self.res.places.at(token)
            if place is not None and not home and not laws and place in self._homes_of_opponents(mention):
                place = None  # "China's foreign ministry condemned the blocking": not China's act
            if place and (place in self.res.entities or self.res.gaz.by_iri(place)):
                self.res.new_entity(place, "Jurisdiction", place.rsplit("/", 1)[-1])
                mention.weak.add("jurisdiction")
                mention.roles["jurisdiction"] = [place]
        if mention.type in _JUDICIAL and mention.role("jurisdiction"):
            # "the Supreme Court heard arguments over Texas's age-verification law": a ruling on a
            # state's law has effect in that state, a place within the court's
            narrower = self._place_of_the_rule(mention)
            places = mention.role("jurisdiction")
            if (
                narrower is not None
                and narrower not in places
                and all(self.res.gaz.contains(p, narrower) for p in places)
            ):
                mention.roles["jurisdiction"] = [narrower]
        if mention.type in ("AppRankingChange", "UserMigration") and mention.role("jurisdiction"):
            # app store charts and user bases are national: a chart "in Sergipe" is Brazil's
            mention.roles["jurisdiction"] = list(dict.fromkeys(self._country(p) for p in mention.role("jurisdiction")))
        if mention.type == "RegulationIssued" and not mention.policy:
            mention.policy = self._policy(mention)

    def _object_of_another_event(self, mention: EventMention) -> bool:
        """'The Supreme Court upheld the ban on TikTok': the court ruled on the ban; whoever
        banned, it was not the court. A nominal event under another event's verb takes no
        agent from the sentence."""
        if mention.frame.form != "noun":
            return False
        node = mention.token
        while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
            node = node.head
        if node.i == mention.token.i or node.pos_ not in ("VERB", "AUX"):
            return False
        if node.i in self._triggers:
            return True
        # "ruled that the blocking of Wikipedia violated free speech": what a ruling judges
        return node.dep_ == "ccomp" and node.head.i in self._triggers

    def _opponents(self, mention: EventMention) -> set[str]:
        """'China's foreign ministry condemned the blocking of X': who takes a stance against
        a nominal act did not do it, however near it is named."""
        if mention.frame.form != "noun":
            return set()
        node = mention.token
        while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
            node = node.head
        if node.lemma_.lower() not in _OPPOSING:
            return set()
        return {i for s in logical_subject(node) for i in self.filler.phrase_entities(s)}

    def _addressees(self, mention: EventMention) -> set[str]:
        """'The ministry informed the court that X had been blocked': whom a report is made to
        did not do what it reports."""
        node = mention.frame.governor
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        if node.dep_ != "ccomp" or node.head.lemma_.lower() not in _TELLING:
            return set()
        told = [
            o
            for c in node.head.children
            if c.dep_ in ("dobj", "dative", "obj") or (c.dep_ == "prep" and c.lower_ == "to")
            for o in ([c] if c.dep_ != "prep" else children(c, "pobj"))
        ]
        return {i for t in told for i in self.filler.phrase_entities(t)}

    def _place_of_the_rule(self, mention: EventMention) -> str | None:
        """The one place the rule a court act is about belongs to: the instrument's home, or a
        place named as its owner in the act's object ("Utah's social media law")."""
        homes = {self.res.home[i] for i in mention.role("instrument") if i in self.res.home}
        frame = mention.frame
        phrases = [*frame.obj, *(t for p in ("over", "against", "on", "of") for t in frame.preps.get(p, ()))]
        for head in phrases:
            for t in head.subtree:
                ref = self.res.entity_at(t)
                if ref is not None and ref.type == "Jurisdiction" and t.dep_ == "poss":
                    homes.add(ref.iri)
        return homes.pop() if len(homes) == 1 else None

    def _homes_of_opponents(self, mention: EventMention) -> set[str]:
        opponents = self._opponents(mention)
        return opponents | {h for o in opponents if (h := self.res.home.get(o)) is not None}

    def _authority_in_play(self, mention: EventMention, taken: set[str]) -> str | None:
        """The regulator or ministry the paragraph (else the story) names most, of the place
        the act happened in when that is known; never the party the act is done to."""
        exclude = taken | set(mention.role("affected"))
        places = set(mention.role("jurisdiction"))
        candidate = self._topic(mention.token, ("Regulator", "Government"), exclude)
        if candidate is None:
            return None
        if places and self.res.home.get(candidate) not in places and candidate not in places:
            return None
        return candidate

    def _country(self, place: str) -> str:
        """The country a state or province lies in (an ISO 3166-2 subdivision), else the place."""
        gaz = self.res.gaz
        entry = gaz.by_iri(place)
        while entry is not None and "-" in (entry.code or "") and entry.parent:
            entry = gaz.entries.get(entry.parent)
        if entry is None or entry.iri == place:
            return place
        if entry.iri not in self.res.entities:
            self.res.new_entity(entry.iri, "Jurisdiction", entry.label)
        return entry.iri

    def _names_another_doer(self, mention: EventMention, not_doers: frozenset[str] = frozenset()) -> bool:
        """'... and the president signed it': the clause has its own subject, one we could not
        name; the Senate named earlier in the sentence did not sign. A subject among
        `not_doers` ("the rules came into force") is what was done, not who did it."""
        verb = mention.frame.governor
        if mention.frame.form != "verb" or is_passive(verb):
            return False
        own = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() not in not_doers]
        return bool(own) and all(c.pos_ in ("NOUN", "PROPN") and not self.filler.phrase_entities(c) for c in own)

    def _gone_to(self, token: Token) -> set[str]:
        """'Nigerians moved from Twitter to Koo after the suspension', 'downloads of ShareChat
        jumped since the ban': a ban told only as the time of a migration is not of the app users
        went to (the one they left may be the banned one)."""
        prep = token.head
        if token.dep_ != "pobj" or prep.lower_ not in _TIME_PREPS:
            return set()
        verb = prep.head
        if not any(f.sense.type == "UserMigration" for f in self.lex.forms_for(verb)):
            return set()
        went = [
            c if c.dep_ in ("nsubj", "nsubjpass") else o
            for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in _DESTINATION_PREPS)
            for o in ([c] if c.dep_ in ("nsubj", "nsubjpass") else [o for o in c.children if o.dep_ == "pobj"])
        ]
        return {iri for t in went for iri in self.filler.phrase_entities(t)}  # "it has got ...": its

    def _nearest_in_sentence(
        self, token: Token, types: tuple[str, ...], taken: set[str], no_stores: bool = False
    ) -> str | None:
        sent = sentence_of(token)
        # "opened proceedings following a complaint by Spotify": who complained is not the target
        aside = {
            t.i
            for p in token.head.children
            if p.dep_ == "prep" and p.lower_ in ("following", "after", "despite", "amid")
            for t in p.subtree
        } | spared(sent)
        cands = [
            r
            for r in self.res.between(sent.start, sent.end)
            if r.type in types
            and r.iri not in taken
            and r.iri in self.res.entities
            and r.start not in self.skip
            and r.start not in aside
            and not (no_stores and self.res.is_app_store(r.iri))
        ]
        if not cands:
            return None
        return min(cands, key=lambda r: (abs(r.start - token.i), r.start > token.i)).iri

    def _nearest_in_paragraph(self, token: Token, types: tuple[str, ...], taken: set[str]) -> str | None:
        from extractors.entities.linking import paragraph_start

        start = paragraph_start(token)
        end = sentence_of(token).end
        while end < len(self.doc) and "\n" not in self.doc[end - 1].text_with_ws:
            end = sentence_of(self.doc[end]).end
        cands = [
            r
            for r in self.res.between(start, end)
            if r.type in types and r.iri not in taken and r.iri in self.res.entities
        ]
        if not cands:
            return None
        return min(cands, key=lambda r: (abs(r.start - token.i), r.start > token.i)).iri

    def _speaks_for_the_affected(self, who: Token | None, mention: EventMention) -> bool:
        """'Viber was suspended, according to its chief executive': a person named as the
        affected party's own ('its founder', 'the app's lawyer', 'Viber's CEO') tells what was
        done to it; the one who did it is someone else."""
        if who is None or not mention.role("affected"):
            return False
        phrase = who.head if who.dep_ in ("appos", "compound") else who
        affected = set(mention.role("affected"))
        affected |= {o for a in affected if (o := self.res.owner(a)) is not None}
        for t in phrase.subtree:
            if t.dep_ != "poss":
                continue
            owner = self.res.pronoun(t, ("Platform", "Company"))
            if owner in affected or affected & set(self.filler.phrase_entities(t)):
                return True
        return False

    @staticmethod
    def _compels(token: Token) -> bool:
        """A court's order whose own clause makes someone act: 'requiring X to ...'."""
        return token.pos_ == "NOUN" and any(
            c.dep_ in ("acl", "relcl") and c.lemma_.lower() in _COMPELLING for c in token.children
        )

    def _ruling_outcome(self, mention: EventMention) -> str | None:
        """A ruling told in general words ("ruled", "the decision", "sided with") gets its
        outcome from what the clause says it did."""
        words = {t.lemma_.lower() for t in mention.token.subtree} | {t.lower_ for t in mention.token.subtree}
        if mention.frame.governor.i != mention.token.i:
            words |= {t.lemma_.lower() for t in mention.frame.governor.subtree}
        cues = load_toml("cues.toml")["outcomes"]
        for outcome in ("blocked", "struck_down", "dismissed", "upheld"):
            if words & set(cues[outcome]):
                return outcome
        return None

    def _named_defendants(self, mention: EventMention) -> list[str]:
        """'..., naming Attorney General Sean Reyes', 'Both suits name Attorney General Austin
        Knudsen': the parties a lawsuit is said to name are who it is against. A clause of the
        suit's own sentence, else a sentence of its paragraph after it whose subject is a suit."""
        from extractors.entities.linking import paragraph_start

        sent = sentence_of(mention.token)
        end = sent.end
        while end < len(self.doc) and "\n" not in self.doc[end - 1].text_with_ws:
            end = sentence_of(self.doc[end]).end
        for verb in self.doc[paragraph_start(mention.token) : end]:
            if verb.lemma_.lower() != "name" or verb.pos_ != "VERB":
                continue
            own = sent.start <= verb.i < sent.end and verb.tag_ == "VBG"
            about_suits = verb.i >= sent.end and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in _SUIT_NOUNS for c in verb.children
            )
            if not (own or about_suits):
                continue
            found = [
                iri
                for obj in verb.children
                if obj.dep_ in ("dobj", "obj")
                for iri in self.filler.phrase_entities(obj)
                if self.res.type_of(iri) in ("Person", "Government", "Regulator", "Legislature", "Jurisdiction")
            ]
            if found:
                return list(dict.fromkeys(found))
        return []

    def _challenged_party(self, mention: EventMention, told: list[EventMention]) -> str | None:
        """Who a lawsuit is against when the text names only what it attacks: "challenged the
        fine" is against whoever imposed it, "appealed the decision" against its maker."""
        nouns = {
            t.lemma_.lower() for t in [*mention.frame.obj, *(x for ts in mention.frame.preps.values() for x in ts)]
        }
        wanted = {
            "fine": ("Fine",),
            "penalty": ("Fine",),
            "ban": ("Ban",),
            "block": ("Ban",),
            "blocking": ("Ban",),
            "suspension": ("Ban",),
            "order": ("Ban", "RegulationIssued", "ExecutiveOrder", "Fine"),
            "orders": ("Ban", "RegulationIssued", "ExecutiveOrder"),
            "decision": ("Fine", "Ban", "RegulationIssued", "ExecutiveOrder", "Investigation"),
            "ruling": ("Fine", "Ban", "RegulationIssued"),
            "rules": ("RegulationIssued",),
            "law": ("LegislationEnacted",),
            "act": ("LegislationEnacted",),
            "it": ("Fine", "Ban", "RegulationIssued"),
        }
        types = tuple(t for n in nouns for t in wanted.get(n, ()))
        challengers = set(mention.role("agent"))
        # "the US appealed the ruling that blocked its ban": nobody sues itself, nor its own state
        challengers |= {
            self.res.home[a]
            for a in list(challengers)
            if a in self.res.home and self.res.type_of(a) in ("Government", "Regulator", "Legislature")
        }
        earlier = [m for m in told if m.order < mention.order and m.role("agent")]
        for m in reversed(earlier):
            if types and m.type not in types:
                continue
            if not types and not (set(m.role("affected")) & challengers):
                continue
            agents = [
                a
                for a in m.role("agent")
                if self.res.type_of(a) in ("Government", "Regulator", "Legislature", "Person", "Jurisdiction")
                and a not in self.res.judges  # nobody sues the judge who ruled
                and a not in challengers
                and self.res.home.get(a) not in challengers
            ]
            if agents:
                return agents[0]
        for m in reversed(earlier):  # else whoever took the last measure the story tells
            if m.type in ("Ban", "Fine", "RegulationIssued", "ExecutiveOrder", "Investigation", "LegislationEnacted"):
                agents = [
                    a
                    for a in m.role("agent")
                    if self.res.type_of(a) in ("Government", "Regulator", "Legislature", "Person")
                    and a not in self.res.judges
                    and a not in challengers
                    and self.res.home.get(a) not in challengers
                ]
                if agents:
                    return agents[0]
        return None

    def _stores_nearby(self, token: Token) -> list[str]:
        """'Pulled from app stores': the stores the paragraph (else the article) names."""
        from extractors.entities.linking import paragraph_start

        start = paragraph_start(token)
        end = sentence_of(token).end
        while end < len(self.doc) and "\n" not in self.doc[end - 1].text_with_ws:
            end = sentence_of(self.doc[end]).end
        for lo, hi in ((start, end), (0, len(self.doc))):
            stores = [r.iri for r in self.res.between(lo, hi) if self.res.is_app_store(r.iri)]
            if stores:
                return list(dict.fromkeys(stores))
        return []

    def _topic(self, token: Token, types: tuple[str, ...], exclude: set[str]) -> str | None:
        from extractors.entities.linking import topic

        return topic(self.res, token, types, exclude)

    def _described_otherwise(self, mention: EventMention, law: str) -> bool:
        """'The country's first cybersecurity law took effect': the law the clause describes is
        about something the named law's name does not say, so it is another, unnamed law."""
        heads = _LAW_HEADS
        frame = mention.frame
        nouns = [t for t in [*frame.subj, *frame.obj] if t.lemma_.lower() in heads]
        topic = {
            c.lower_
            for t in nouns
            for c in t.children
            if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "PROPN")
        }
        if not topic:
            return False
        label = " ".join([self.res.entities[law].label, *self.res.entities[law].aliases]).lower()
        return not any(word in label for word in topic)

    def _agent_named_on(self, mention: EventMention) -> bool:
        """'a DPC investigation', 'the Ofcom inquiry': the event word's own compound names its doer."""
        agents = set(mention.role("agent"))
        return any(
            i in agents for t in mention.frame.mods if t.dep_ == "compound" for i in self.filler.phrase_entities(t)
        )

    def _constitutional(self) -> set[str]:
        """The article's constitutions and constitutional amendments ("the First Amendment",
        "Brazil's Constitution"; not "the Constitutional bill on ...", nor an "... Amendment Act")."""
        return {
            i for i, e in self.res.entities.items() if e.type == "LegalInstrument" and _CONSTITUTIONAL.search(e.label)
        }

    def _next_paragraph_instrument(self, token: Token, exclude: set[str] = frozenset()) -> str | None:
        """'Biden signed a measure ...' / next paragraph: 'The provision, formally the Act ...'."""
        end = sentence_of(token).end
        while end < len(self.doc) and "\n" not in self.doc[end - 1].text_with_ws:
            end = sentence_of(self.doc[end]).end
        if end >= len(self.doc):
            return None
        nxt = sentence_of(self.doc[end])
        stop = nxt.end
        while stop < len(self.doc) and "\n" not in self.doc[stop - 1].text_with_ws:
            stop = sentence_of(self.doc[stop]).end
        first = next(
            (r for r in self.res.between(end, stop) if r.type == "LegalInstrument" and r.iri not in exclude), None
        )
        return first.iri if first else None

    def _main_instrument(self, exclude: set[str] = frozenset()) -> str | None:
        """The law an article is about: the law-like instrument it names most."""
        heads = _LAW_HEADS
        counts: dict[str, float] = {}
        for ref in self.res.mentions:
            if ref.type == "LegalInstrument" and ref.iri in self.res.entities and ref.iri not in exclude:
                label = self.res.entities[ref.iri].label.lower().split()
                lawlike = bool(label) and (label[-1] in heads or any(w in heads for w in label))
                counts[ref.iri] = counts.get(ref.iri, 0) + (1 if lawlike else 0.5)
        return max(counts, key=lambda i: counts[i]) if counts else None

    def _recent_target(self, token: Token, exclude: list[str]) -> str | None:
        """Users leave the platform that was just banned or shut down (told before, else after),
        else the platform named last."""
        before = [iri for i, iri in self._restricted if i < token.i and iri not in exclude]
        after = [iri for i, iri in self._restricted if i > token.i and iri not in exclude]
        if before or after:
            return before[-1] if before else after[0]
        for ref in reversed(self.res.between(0, token.i)):
            if ref.type == "Platform" and not self.res.is_app_store(ref.iri):
                return ref.iri
        return None

    def _policy(self, mention: EventMention) -> str | None:
        from extractors.events.policy import policy_of

        instruments = [self.res.entities[i].policy for i in mention.role("instrument") if self.res.entities[i].policy]
        return policy_of(span_text(sentence_of(mention.token))) or (instruments[0] if instruments else "Other")
