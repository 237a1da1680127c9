"""Events of one article, from trigger to reported event.

For every word the lexicon knows, its frame is read from the parse (grammar), the first
sense whose constraints the frame meets gives the type and the roles (arguments), the
clause gives its factuality and its date, reports give statements and their doubt
(attribution), and the mentions of one event are joined (coreference). What the text does
not assert is returned apart, with its factuality.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from extractors import dates as datelib
from extractors.entities.resolver import EntityResolver
from extractors.events.arguments import RoleFiller
from extractors.events.attribution import Attributions
from extractors.events.context import ContextRoles
from extractors.events.coreference import Coreference
from extractors.events.date_clauses import CARRIERS, reported_on
from extractors.events.dating import Dating, one_of_several
from extractors.events.factuality import Factuality
from extractors.events.grammar import (
    ORDER_VERBS,
    REQUEST_VERBS,
    Frame,
    children,
    frame_of,
    is_passive,
    opposed,
    order_phrase_nouns,
    participle_frame,
    with_conjuncts,
)
from extractors.events.lexicon import Form, graded, lexicon
from extractors.events.mention import EventMention
from extractors.events.statements import Statements
from extractors.gazetteer import load_toml
from extractors.lookup import WordSet, doc_text, inflections, sentence_of, span_text
from extractors.model import Event, Evidence, Metric
from extractors.quantities import parse_count, parse_money, parse_rank

EVENT_BASE = "https://w3id.org/regrisk/id/event/"
AUTHORITIES = ("Government", "Regulator", "Court", "Legislature", "Jurisdiction", "Person")
# "the court ordered the regulator to restore access to X": the order is the lifting, as an
# order to block is the ban (corpus/ANNOTATION.md: a court ordering a block is a Ban)
_ORDERS_ARE_ACTS = ("Ban", "BanLifted")
ORDERED_TYPES = ("AppStoreRemoval", "ServiceShutdown", "Divestiture", "Ban", "BanLifted")
FOLLOW_VERBS = ("follow", "concur", "do", "act")
_SPEECH_NOUNS = frozenset(load_toml("cues.toml")["attribution"]["speech_nouns"])
_PRESENT_IS_TODAY = frozenset(load_toml("cues.toml")["dating"]["present_is_today"])


def _at_the_time(verb: Token) -> bool:
    """'said at the time', 'at that time': the time the story has just told."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "at"
        and any(o.lower_ == "time" and _determined_back(o) for o in prep.children)
        for prep in verb.children
    )


def _in_the_same_act(verb: Token) -> bool:
    """'In the same decision he turned down ...', 'in that ruling': the act of its kind the
    story has just told, and so that act's time."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "in"
        and any(o.lemma_.lower() in CARRIERS and _determined_back(o) for o in prep.children)
        for prep in verb.children
    )


def _determined_back(noun: Token) -> bool:
    """'the time', 'that ruling', 'the same decision': a noun pointing back to what was told."""
    words = {d.lower_ for d in noun.children if d.dep_ in ("det", "amod")}
    return "same" in words or "that" in words or (noun.lower_ == "time" and "the" in words)


PLATFORMS_OWN_ACTS = ("ComplianceMeasure",)
_FOLLOW = WordSet(f for v in FOLLOW_VERBS for f in inflections(v, True) | {"did", "done"})
_BASE_CONFIDENCE = {"verb": 0.6, "noun": 0.5, "adj": 0.4}


_RESTRICTIONS = ("Ban", "ServiceShutdown", "AppStoreRemoval")
_SERVICE_ACTS = ("ServiceShutdown", "ServiceRestored")
_OWN_OPERATIONS = frozenset(
    {"operation", "operations", "office", "offices", "business", "presence", "service", "services"}
)
# a rule's own acts, whose targets the rule touches; and the events about a rule
_RULE_ACTS = ("Ban", "AppStoreRemoval", "Fine", "BanLifted")
# acts that make a rule, whose participle ("issued Decree 147, requiring platforms to ...") tells
# what the rule says, not a second act
_RULE_MAKING = frozenset({"ExecutiveOrder", "LegislationEnacted", "RegulationIssued"})
_RULE_BOUND = (
    "CourtRuling",
    "CourtHearing",
    "LegislationEnacted",
    "RegulationIssued",
    "ExecutiveOrder",
    "LegalChallenge",
)


# "Section 69A of the Information Technology Act", "Article 19 of the Constitution of Pakistan"
_PROVISION = re.compile(
    r"^(?:section|article|articles|art\.|clause|chapter|paragraph|part|title|rule|schedule)\s+[\w.()-]+"
    r"(?:\s*(?:,|and|&)\s*[\w.()-]+)*\s+of\s+(?:the\s+)?(.{4,})$",
    re.I,
)


_CHIEFS = frozenset({"owner", "founder", "co-founder", "cofounder", "ceo", "boss", "chief", "executive", "chairman"})
_PERMITS = frozenset({"authorise", "authorize", "allow", "permit", "approve", "clear", "greenlight"})
_ONE_PER_PLACE = ("RegulationIssued", "Ban", "BanLifted", "ServiceShutdown", "ServiceRestored", "AppStoreRemoval")
_NAMED_YEAR = re.compile(
    r"(?:\bAct|\bLaw|,)\s*((?:19|20)\d{2})$"
)  # "Online Safety Act 2021", "Data Protection Act, 2019"


def _says_what_it_makes(head: EventMention, participle: EventMention) -> bool:
    """'The government issued Decree 147 in November, requiring platforms to store data': the
    requiring is the decree's content, one act with the issuing."""
    return head.type in _RULE_MAKING and participle.type == "RegulationIssued"


# nouns that sum up the act a clause has just told: "X was barred from ..., a measure announced by Y"
_SUMMING_NOUNS = frozenset({"measure", "move", "step", "decision", "action"})


def _fold_restatements(found: list[EventMention]) -> list[EventMention]:
    """'Civil servants were barred from using TikTok, a measure announced by the Cabinet Office':
    the measure is the ban the clause told, not a second rule; who announced it made the ban."""
    kept = []
    for mention in found:
        token = mention.token
        told = [m for m in found if m is not mention and m.token.i < token.i and m.type != mention.type]
        # the summing noun is the trigger ("a measure by X") or what its participle tells of
        # ("a measure announced by X")
        noun = token.head if token.dep_ == "acl" and token.tag_ == "VBN" else token
        if noun.lower_ in _SUMMING_NOUNS and noun.pos_ == "NOUN" and noun.dep_ == "appos" and told:
            act = told[-1]
            if not act.roles.get("agent") and mention.roles.get("agent"):
                act.roles["agent"] = list(mention.roles["agent"])
            continue
        kept.append(mention)
    return kept


class EventExtractor(ContextRoles, Statements):
    def __init__(self, doc: Doc, resolver: EntityResolver, article_id: str, published: date | None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.res = resolver
        self._restricted: list[tuple[int, str]] = []  # (token, platform) of bans and shutdowns told
        self._triggers: set[int] = set()  # the trigger tokens of every mention found
        self._after_words: dict[int, set[str]] = {}  # a trigger's words and lemmas just after it
        self._doc_ents: list[Span] | None = None
        self.article_id = article_id
        self.lex = lexicon()
        self.filler = RoleFiller(resolver, self.lex)
        self.factuality = Factuality(resolver)
        self.dating = Dating(doc, published)
        self.reports = Attributions(doc, resolver, self.filler)
        self.filler.speaker_of = self._speaker_for_pronoun
        self.filler._phrases.clear()
        self.coref = Coreference(resolver)
        statement = load_toml("cues.toml")["statement"]
        self.rule_words = set(statement["rule_words"])
        self.stance_words = set(statement.get("stance_words", ()))
        dateline = doc._.dateline
        self.skip = set(range(*dateline)) if dateline else set()

    def _speaker_for_pronoun(self, token: Token) -> str | None:
        report = self.reports.report_of(token)
        if report is None or report.speaker is None or report.cue.i == token.i:
            return None
        kind = self.res.type_of(report.speaker)
        if token.lower_ in ("he", "she") and kind != "Person":
            return None
        if token.lower_ in ("it", "they", "we") and kind == "Person":
            return None
        first = min(report.content) if report.content else None
        return report.speaker if first is not None and token.i - first <= 3 else None

    # -- finding mentions ----------------------------------------------------------------

    def _forms(self, token: Token) -> list[Form]:
        if token.i in self.skip:
            return []
        ref = self.res.entity_at(token)
        if ref is not None and (ref.type != "Person" or ref.end - ref.start > 1) and not graded(token):
            # a word inside a name ("Digital Markets Act", "Eduardo Levy") is no trigger; "the
            # most downloaded app" describing the app in a copula is a ranking, however the app
            # is referred to (a one-word "person" may be the model misreading a headline's verb)
            return []
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("compound",):
            return []  # "the ban law": a modifier
        return [f for f in self.lex.forms_for(token) if self._form_matches(token, f)]

    def _form_matches(self, token: Token, form: Form) -> bool:
        doc = self.doc
        if form.before:
            i = token.i - 1
            for word in reversed(form.before):
                while i >= 0 and doc[i].text in ("-", "–"):
                    i -= 1
                if i < 0 or doc[i].lower_ != word:
                    return False
                i -= 1
        if form.after:
            words = self._after_words.get(token.i)
            if words is None:  # one walk of the subtree for all the word's forms
                near = [t for t in token.subtree if token.i < t.i <= token.i + 6 or t.head.i == token.i]
                words = self._after_words[token.i] = {t.lower_ for t in near} | {t.lemma_.lower() for t in near}
            if not all(w in words for w in form.after):
                return False
        elif form.pos == "verb" and any(c.dep_ == "prt" for c in token.children):
            particle = next(c.lower_ for c in token.children if c.dep_ == "prt")
            if particle in ("up", "out", "off", "down", "back", "over", "on", "in", "away") and not self._particle_ok(
                token, particle
            ):
                return False  # "switched off" is not "switched (apps)"; a particle changes the verb
        return True

    def _particle_ok(self, token: Token, particle: str) -> bool:
        """A one-word form survives a particle only where the particle adds nothing ("sold off")."""
        return particle in ("out", "off", "up") and token.lemma_.lower() in ("block", "ban", "sell", "buy", "shore")

    def _mention(self, token: Token) -> tuple[EventMention | None, list[EventMention]]:
        forms = self._forms(token)
        if not forms:
            return None, []
        if token.dep_ == "pobj" and token.head.head.pos_ == "VERB" and token in order_phrase_nouns(token.head.head):
            return None, []  # "cut off X on the orders of Judge Y": the order names the act's agent
        frame = frame_of(token)
        chosen = None
        for form in forms:
            filled = self.filler.fill(frame, form.sense)
            if filled is None or (form.sense.agent_store and not self._store_agents(filled.roles.get("agent", []))):
                continue
            if (filled.roles or filled.generic) and not filled.reached:
                chosen = (form, filled)
                break
            if filled.reached and filled.roles:
                # "TikTok remained unavailable in the App Store" after a sentence on the ban: the
                # store's removal, which the sentence itself tells, before the ban told before
                chosen = chosen if chosen and chosen[1].roles else (form, filled)
                continue
            # a sense that fits but finds no one gives way to a later one that finds someone
            # ("granted the request for an injunction": a court's order, not a suit sought)
            chosen = chosen or (form, filled)
        if chosen is None:
            return None, []
        form, filled = chosen
        sense = form.sense
        mention = EventMention(
            token=token,
            type=sense.type,
            frame=frame,
            trigger=self._trigger_text(token, form),
            roles=filled.roles,
            outcome=sense.outcome,
            outcome_weak=(sense.outcome == "ordered" and frame.form == "noun")
            or token.lemma_.lower() in ("rule", "decide", "find", "declare", "side"),
            policy=sense.policy,
            syntactic_agent=filled.syntactic_agent,
            weak=set(filled.weak),
            one_per_affected=sense.one_per_affected,
            # a suit by unnamed people stands on whom its own clause names as sued
            people=filled.people and bool(filled.roles.get("affected") or filled.roles.get("instrument")),
        )
        if filled.generic:
            return None, []  # "federal judges have blocked similar laws": no event in particular
        if sense.type in ("AppStoreRemoval", "AppRankingChange") and mention.role("agent"):
            stores = self.filler.stores_of(mention.role("agent"))
            mention.roles["agent"] = list(dict.fromkeys([*mention.role("agent"), *stores]))
        place = self.filler.jurisdiction(frame, filled, sense.type)
        if place and self.lex.roles[sense.type].jurisdiction:
            mention.roles["jurisdiction"] = place
        mention.anaphoric = frame.form == "noun" and not any(
            mention.roles.get(r) for r in ("agent", "affected", "instrument", "origin", "destination")
        )
        if (
            mention.type in ("LegislationEnacted", "RegulationIssued")
            and not sense.in_force  # "Decree 53/2022 took effect": the rule in force, no new decree
            and self._executive(mention.role("instrument"))
        ):
            mention.type = "ExecutiveOrder"  # "Biden signed Executive Order 14086"
        self._permitted_return(mention)
        self._ended_state(mention)
        self._own_closure(mention)
        self._owner_s_service(mention)
        extra = self._ordered(mention)
        return mention, extra

    def _owner_s_service(self, mention: EventMention) -> None:
        """'Meta suspended Threads in Turkey': a company stopping (or bringing back) a service
        of its own; the spec's doer is the platform or its company, so both, as both are named."""
        if mention.type not in _SERVICE_ACTS or mention.frame.form != "verb":
            return
        agents = mention.role("agent")
        own = [
            i
            for t in mention.frame.obj
            for i in self.filler.phrase_entities(t)
            if self.res.type_of(i) == "Platform" and self.res.owner(i) in agents and i not in agents
        ]
        if own:
            mention.roles["agent"] = [*agents, *own]

    def _store_agents(self, agents: list[str]) -> bool:
        """'Apple restored the app to its store' is the store's act; 'Krafton restored its game'
        is the publisher bringing its own service back."""
        gaz = self.res.gaz
        return bool(agents) and all(
            self.filler.stores_of([a]) or ((e := gaz.by_iri(a)) is not None and e.app_store) for a in agents
        )

    def _own_closure(self, mention: EventMention) -> None:
        """'X owner Elon Musk announced the closure of the company's office': a platform's own
        owner or chief closing it down shuts the service; no authority bans it."""
        agents = mention.role("agent")
        if mention.type != "Ban" or not agents or any(self.res.type_of(a) != "Person" for a in agents):
            return
        affected = set(mention.role("affected"))
        runs = set()
        for ref in (r for r in self.res.mentions if r.iri in agents):
            head = self.doc[ref.end - 1]
            titles = [c for c in head.children if c.dep_ in ("compound", "appos") and c.lemma_.lower() in _CHIEFS]
            if head.dep_ == "appos" and head.head.lemma_.lower() in _CHIEFS:
                titles.append(head.head)  # "the platform's owner, Elon Musk"
            for title in titles:
                for owner in title.children:
                    if owner.dep_ in ("compound", "poss") and (found := self.res.entity_at(owner)) is not None:
                        runs.add(found.iri)
        runs |= self._own_operations(mention)
        platforms = [i for i in affected if i in runs]
        if platforms:
            mention.type = "ServiceShutdown"
            mention.roles = {k: v for k, v in mention.roles.items() if k != "affected"}
            mention.roles["agent"] = platforms

    def _own_operations(self, mention: EventMention) -> set[str]:
        """'Musk announced he was closing X's operations in Brazil': a person closing a platform's
        own operations or office speaks for the platform; no authority bans it."""
        frame = mention.frame
        if frame.form != "verb" or frame.orderer or any(a in self.res.judges for a in mention.role("agent")):
            return set()  # "Moraes ordered the closure of X's operations": a court's act
        return {
            i
            for t in frame.obj
            if t.lemma_.lower() in _OWN_OPERATIONS
            for p in t.children
            if p.dep_ == "poss"
            for i in self.filler.phrase_entities(p)
        }

    @staticmethod
    def _ended_state(mention: EventMention) -> None:
        """'Telegram is no longer blocked in Iran': a block that has ended is lifted."""
        frame = mention.frame
        if mention.type != "Ban" or frame.form == "noun":
            return
        clause = {frame.trigger.i: frame.trigger, frame.governor.i: frame.governor}.values()
        if any(c.lower_ == "longer" and any(n.lower_ == "no" for n in c.children) for t in clause for c in t.children):
            mention.type = "BanLifted"

    def _permitted_return(self, mention: EventMention) -> None:
        """'The judge authorised the platform's return', 'the regulator allowed X to come back':
        an authority letting a platform back lifts its ban; the platform restores nothing."""
        frame = mention.frame
        verb = frame.governor if frame.form == "noun" else frame.trigger.head
        if mention.type != "ServiceRestored" or verb.lemma_.lower() not in _PERMITS or verb.pos_ != "VERB":
            return
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        doers = [i for s in subjects for i in self.filler.phrase_entities(s)]
        authorities = [
            i
            for i in doers
            if self.res.type_of(i) in ("Court", "Government", "Regulator", "Legislature") or i in self.res.judges
        ]
        if not authorities:
            return
        courts = [c for s in subjects for c in self.filler.judge_to_court(s, authorities) if c not in authorities]
        mention.type = "BanLifted"
        mention.roles = {
            **mention.roles,
            "agent": [*courts, *authorities],
            "affected": [i for i in mention.role("agent") if self.res.type_of(i) == "Platform"],
        }

    def _executive(self, instruments: list[str]) -> bool:
        words = (
            "executive order",
            "decree",
            "presidential order",
            "proclamation",
            "presidential memorandum",
            "executive action",
        )
        return any(any(w in self.res.entities[i].label.lower() for w in words) for i in instruments)

    def _trigger_text(self, token: Token, form: Form) -> str:
        if form.before:
            start = token.i - len(form.before)
            return self.doc[start : token.i + 1].text
        parts = [token, *(c for c in token.children if c.dep_ == "prt")]
        return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))

    def _ordered(self, mention: EventMention) -> list[EventMention]:
        """'The ministry ordered Apple to remove the app': the order is a Ban by the ministry;
        the removal it demands is not yet done."""
        frame = mention.frame
        if mention.type not in ORDERED_TYPES or not frame.orderer:
            return []
        # "a Brazilian judge ordered providers to block X": the judge's court, not the country
        orderers = [i for t in frame.orderer for i in self.filler.judge_to_court(t, self.filler.phrase_entities(t))]
        authority = [i for i in orderers if self.res.type_of(i) in AUTHORITIES]
        if any(self.res.type_of(i) == "Court" for i in authority):
            authority = [i for i in authority if self.res.type_of(i) != "Jurisdiction"]
        if not authority:
            return []
        if mention.type in _ORDERS_ARE_ACTS:
            mention.roles["agent"] = authority
            mention.syntactic_agent = True
            return []
        targets = [
            i
            for role in ("affected", "agent")
            for i in mention.role(role)
            if self.res.type_of(i) == "Platform" and not self.res.is_app_store(i)
        ]
        if not targets:
            return []
        ban = EventMention(
            token=mention.token,
            type="Ban",
            frame=frame,
            trigger=mention.trigger,
            roles={"agent": authority, "affected": targets[:3]},
            syntactic_agent=True,
            salt="order",
        )
        if mention.role("jurisdiction"):
            ban.roles["jurisdiction"] = mention.role("jurisdiction")
        mention.factuality = "required"
        return [ban]

    # -- the article ---------------------------------------------------------------------

    def extract(self) -> tuple[list[Event], list[Event]]:
        mentions: list[EventMention] = []
        forced: dict[int, str] = {}
        self._follow_positions = _FOLLOW.positions(self.doc)
        by_sentence: dict[int, list[Token]] = {}
        for i in self.lex.words.positions(self.doc):
            token = self.doc[i]
            by_sentence.setdefault(sentence_of(token).start, []).append(token)
        for i in self._follow_positions:  # "Britain followed last month": a sentence of its own
            by_sentence.setdefault(sentence_of(self.doc[i]).start, [])
        told: tuple[int, list[EventMention]] = (-1, [])  # the sentence before: its start, its mentions
        for start, candidates in sorted(by_sentence.items()):
            found: list[EventMention] = []
            for token in candidates:
                mention, extra = self._mention(token)
                if mention is None:
                    continue
                if mention.factuality == "required":
                    forced[id(mention)] = "required"
                found.append(mention)
                found.extend(extra)
            found = self._fold_participles(found)
            found = _fold_restatements(found)
            found = self._orders_told_as_bans(found)
            found, blocking = self._blocking_orders(found)
            forced.update((id(m), "asserted") for m in blocking)
            previous = told[1] if start > 0 and sentence_of(self.doc[start - 1]).start == told[0] else []
            found.extend(self._followers(start, found, previous))
            mentions.extend(found)
            told = (start, found)
        mentions.extend(self._statements(mentions))
        asserted: list[EventMention] = []
        unasserted: list[EventMention] = []
        self._triggers = self.dating.triggers = {m.token.i for m in mentions}
        self._last_of: dict[str, str] = {}  # the latest strongly dated act of each type ("the same decision")
        for mention in sorted(mentions, key=lambda m: (m.order, m.salt)):
            self._date(mention)
            mention.factuality = forced.get(id(mention)) or self._factuality(mention)
            self._amount(mention, mentions)
            self._metrics(mention)
            (asserted if mention.factuality == "asserted" else unasserted).append(mention)
            if mention.factuality == "asserted" and mention.date and mention.date_strong:
                self._last_of[mention.type] = mention.date
                self.dating.last = mention.date
                self.dating.last_sentence = sentence_of(mention.token).start
        self._restricted = sorted(
            (m.token.i, iri)
            for m in asserted + unasserted
            if m.type in _RESTRICTIONS
            for iri in m.role("agent" if m.type == "ServiceShutdown" else "affected")
            if self.res.type_of(iri) == "Platform"
        )
        for mention in asserted + unasserted:
            self._fallbacks(mention)
            if mention.date and mention.type == "LegislationEnacted":
                mention.date = self._in_the_laws_year(mention, mention.date)
            if mention.type == "LegalChallenge" and not mention.role("affected"):
                named = self._named_defendants(mention)
                party = None if named else self._challenged_party(mention, asserted)
                if named or party:
                    mention.roles["affected"] = named or [party]
            if mention.type == "BanLifted" and not mention.role("affected"):
                # "a court lifted it the next day": what is lifted is the ban told before
                bans = [m for m in asserted if m.type == "Ban" and m.order < mention.order and m.role("affected")]
                # a story's lede tells the lifting and its background the ban: the ban told next
                later = (m for m in asserted if m.type == "Ban" and m.order > mention.order and m.role("affected"))
                ban = bans[-1] if bans else next(later, None)
                if ban is not None:
                    mention.weak.add("affected")
                    mention.roles["affected"] = list(ban.role("affected"))
        for mention in asserted:
            self._affected_by_its_rule(mention, asserted)
        asserted = self._split(asserted)
        made = [(self._event(group), group) for group in self.coref.groups(asserted)]
        events = [e for e, group in made if e is not None and (self._complete(e) or self._by_people(e, group))]
        # "said it would challenge the block": a bare reference in a report adds no event
        held = [self._event([m]) for m in unasserted if not m.anaphoric]
        return events, [e for e in held if e is not None and self._complete(e)]

    def _affected_by_its_rule(self, mention: EventMention, told: list[EventMention]) -> None:
        """'The Supreme Court upheld the law' in a story whose ban under that law hits TikTok:
        a ruling on, a hearing about or the passing of a rule touches whom the rule's acts
        touch, when the clause names no one itself."""
        if mention.type not in _RULE_BOUND or mention.role("affected") or not mention.role("instrument"):
            return
        rules = set(mention.role("instrument"))
        touched = [
            iri
            for m in told
            if m is not mention and m.type in _RULE_ACTS and rules & set(m.role("instrument"))
            for iri in m.role("affected")
            if self.res.type_of(iri) in ("Platform", "Company")
        ]
        if touched:
            mention.roles["affected"] = list(dict.fromkeys(touched))
            mention.weak.add("affected")

    def _fold_participles(self, found: list[EventMention]) -> list[EventMention]:
        """'upheld the law, rejecting TikTok's argument': one decision, told twice."""
        by_token = {m.token.i: m for m in found}
        kept = []
        for mention in found:
            anchor = mention.token.head
            if mention.token.dep_ == "pcomp" and anchor.dep_ == "prep":
                anchor = anchor.head  # "issued an injunction after finding that ..."
            head = by_token.get(anchor.i) or next(
                (
                    m
                    for m in found
                    if m is not mention and m.frame.governor.i == anchor.i and m.frame.governor.i != m.token.i
                ),
                None,
            )
            if (
                head is not None
                and head.token.i != mention.token.i
                and (head.type == mention.type or _says_what_it_makes(head, mention))
                and mention.token.dep_ in ("advcl", "conj", "xcomp", "pcomp")
                and mention.token.tag_ == "VBG"
            ):
                for role, values in mention.roles.items():
                    merged = head.roles.setdefault(role, [])
                    merged.extend(v for v in values if v not in merged)
                continue
            kept.append(mention)
        return kept

    @staticmethod
    def _orders_told_as_bans(found: list[EventMention]) -> list[EventMention]:
        """'The judge ordered X blocked': the order is the Ban; it is no separate ruling."""
        kept = []
        for mention in found:
            if mention.type == "CourtRuling" and mention.outcome == "ordered" and mention.frame.form == "verb":
                # what was ordered: the complement's own verb or noun ("ordered X blocked", "ordered
                # the suspension of X", "ruled that X be blocked"), not a coordinated clause
                # ("..., and a court lifted it") nor what a finding is about ("ruled that the
                # blocking violated free speech": the ruling judges the ban, it is no ban)
                heads = [
                    c
                    for c in mention.token.children
                    if c.dep_ in ("ccomp", "xcomp", "oprd", "dobj", "nsubjpass")
                    # "directed the regulator to restore access": the parser's purpose clause
                    or (
                        c.dep_ == "advcl"
                        and c.i > mention.token.i
                        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                    )
                ]
                inside = {t.i for c in heads for t in (c, *c.conjuncts)}
                inside |= {
                    t.i
                    for c in heads
                    for t in c.children
                    if (
                        c.dep_ in ("ccomp", "xcomp")
                        and t.dep_ in ("oprd", "xcomp", "dobj")
                        and t.pos_ in ("VERB", "NOUN")
                    )
                    or (
                        c.dep_ in ("dobj", "nsubjpass") and t.dep_ in ("acl", "amod") and t.tag_ == "VBN"
                    )  # "ordered X blocked"
                }
                if any(
                    m.type in ("Ban", "Fine", "BanLifted") and m.token.i in inside and m is not mention for m in found
                ):
                    continue
            kept.append(mention)
        return kept

    def _blocking_orders(self, found: list[EventMention]) -> tuple[list[EventMention], list[EventMention]]:
        """'The ministry issued an order blocking access to 43 apps': a ministry's or a
        regulator's order whose content is a block is the block itself, done when issued; only a
        head of government's signed order is an executive order of its own ("Trump signed an
        order pausing enforcement")."""
        bans = [m for m in found if m.type == "Ban" and m.token.dep_ in ("acl", "xcomp", "advcl")]
        kept, blocking = [], []
        for mention in found:
            orders = [t for t in (mention.token, *mention.frame.obj) if t.lemma_.lower() == "order"]
            agents = mention.role("agent")
            anchors = {mention.token.i, *(o.i for o in orders)}
            content = [
                b
                for b in bans
                # "an order under section 69A of the Act blocking access to ...": the parser hangs
                # the clause on the last noun of the order's phrase
                if b.token.head.i in anchors or any(a.i in anchors for a in list(b.token.head.ancestors)[:4])
            ]
            if (
                mention.type == "ExecutiveOrder"
                and orders
                and content
                and agents
                and all(self.res.type_of(a) in ("Government", "Regulator") for a in agents)
            ):
                blocking.extend(content)
                continue
            kept.append(mention)
        return kept, blocking

    def _followers(self, start: int, found: list[EventMention], previous: list[EventMention]) -> list[EventMention]:
        """'The House approved it on Saturday and the Senate followed on Tuesday', 'Britain
        followed last month': the same action by another agent (or, for a place that cannot
        act, by the same agent there), the action told before in the sentence or the one
        just before it."""
        extra: list[EventMention] = []
        sent = sentence_of(self.doc[start])
        taken = {m.token.i for m in found}
        for verb in (self.doc[i] for i in self._follow_positions if sent.start <= i < sent.end):
            lemma = verb.lemma_.lower()
            if verb.pos_ != "VERB" or lemma not in FOLLOW_VERBS or verb.i in taken:
                continue
            if lemma == "do" and not any(c.lower_ in ("same", "so", "likewise") for c in verb.subtree):
                continue
            # "Britain followed last month", "Canada did the same" go back a sentence; "it had
            # acted on directions" does not
            told = found if any(m.token.i < verb.i for m in found) else previous if lemma in ("follow", "do") else []
            before = [
                m for m in told if m.token.i < verb.i and m.factuality == "asserted" and m.type != "PublicStatement"
            ]
            if not before:
                continue
            model = before[-1]
            subj = [c for c in verb.children if c.dep_ == "nsubj"]
            named = self.filler.phrase_entities(subj[0]) if subj else []
            rules = self.lex.roles[model.type]
            agents = [a for a in named if self.res.type_of(a) in rules.types.get("agent", ())]
            elsewhere = [a for a in named if self.res.type_of(a) == "Jurisdiction" and a not in agents]
            movable = model.role("agent") and all(
                self.res.type_of(a) in ("Platform", "Company") for a in model.role("agent")
            )  # a company acts anywhere; a governor or a ministry only at home
            if not agents and not (elsewhere and rules.jurisdiction and movable):
                continue
            frame = Frame(trigger=verb, form="verb", governor=verb)
            roles = {k: list(v) for k, v in model.roles.items() if k != "jurisdiction"}
            if agents:
                roles["agent"] = agents
            # "Aylo cut off Texas in March; Virginia followed": the same doer, in another place
            places = [a for a in agents if self.res.type_of(a) == "Jurisdiction"] or elsewhere
            if places:
                roles["jurisdiction"] = places
            extra.append(
                EventMention(
                    token=verb,
                    type=model.type,
                    frame=frame,
                    trigger=verb.text,
                    roles=roles,
                    outcome=model.outcome,
                    syntactic_agent=True,
                )
            )
        return extra

    # -- per mention ---------------------------------------------------------------------

    def _factuality(self, mention: EventMention) -> str:
        if mention.type == "PublicStatement":
            verdict = self.factuality.of(mention.frame, mention.type, bool(mention.date))
            return "asserted" if verdict in ("future", "planned") else verdict
        frame = mention.frame
        if (
            mention.type in _ORDERS_ARE_ACTS
            and frame.orderer
            and mention.token.dep_ in ("xcomp", "ccomp", "oprd", "acl", "amod")
        ):
            # "the ministry ordered providers to block Telegram": the order is the ban; a request
            # is not ("the court requested the government to block Telegram": asked, not done)
            token = mention.token
            order = token.head if token.dep_ in ("xcomp", "ccomp", "oprd") else token.head.head
            if order.lemma_.lower() not in REQUEST_VERBS:
                frame = frame_of(order)
        verdict = self.factuality.of(frame, mention.type, bool(mention.date))
        report = self.reports.report_of(mention.token)
        if report is not None and report.cue.i != mention.token.i:
            if verdict == "asserted" and report.doubt:
                return "hedged"
            cue_verdict = self.factuality.of(frame_of(report.cue), "PublicStatement")
            if verdict == "asserted" and cue_verdict in ("negated", "hedged"):
                return "hedged"
        if verdict == "future":
            speaker = report.speaker if report is not None else None
            if report is None or (speaker and (speaker in mention.role("agent") or self._speaks_for(speaker, mention))):
                return "planned"
            return "reported_future"
        return verdict

    def _speaks_for(self, speaker: str, mention: EventMention) -> bool:
        """A person quoted about what their company will do: 'we will appeal', said its CEO."""
        return self.res.type_of(speaker) == "Person" and not mention.role("agent")

    def _in_the_laws_year(self, mention: EventMention, value: str) -> str:
        """'The House passed it on 27 November' in a 2025 story about the '... Act 2024': a law
        named with its year was passed in that year. A day or month told without a year was
        put in the year before or after the story's; the name settles it."""
        sent = sentence_of(mention.token)
        if any(t.text == value[:4] for t in sent):
            return value  # the year is written
        for iri in mention.role("instrument"):
            entity = self.res.entities.get(iri)
            named = _NAMED_YEAR.search(entity.label) if entity is not None else None
            if named and abs(int(named.group(1)) - int(value[:4])) == 1:
                return named.group(1) + value[4:]
        return value

    def _date(self, mention: EventMention) -> None:
        frame = mention.frame
        # "The ban on TikTok was lifted in August": August is the lifting's, not the ban's
        own_only = (
            frame.form == "noun"
            and frame.governor.i != frame.trigger.i
            and frame.governor.i in self._triggers
            and frame.governor is not frame.light  # "the inquiry it opened in May": the opening's May
        ) or (frame.form == "noun" and opposed(frame.trigger))  # "protested on Friday against the ban"
        value, strong = self.dating.date_of(frame, own_only=own_only)
        if value is None and own_only:
            value = self._period_ended(frame.governor)
        if value is None and mention.frame.governor.i != mention.token.i:
            value, strong = None, False
        if value is None and (permit := self._permit_of(mention)) is not None:
            value, strong = self.dating.date_of(frame_of(permit))  # "on Monday allowed X to resume"
        if value is None and mention.type != "PublicStatement" and not own_only and frame.form != "noun":
            # (a verb telling another event is no report: "dismissed X's challenge on June 30")
            report = self.reports.report_of(mention.token)
            if report is not None and report.cue.i != mention.token.i and not _modal_future(frame.governor):
                # "Nigeria said on Friday it had suspended Twitter": then, or just before; "said on
                # Monday it would close" tells no day of the closing
                cue_date, _ = self.dating.date_of(frame_of(report.cue))
                value = cue_date
        if value is None and mention.type != "PublicStatement":
            # "After India banned the game in 2020, players moved to Free Fire": in that year
            value = self.dating.after_when(mention.frame.governor, own=mention.token.i == mention.frame.governor.i)
        if value is None:
            value = self._shortly_before(mention.frame.governor)  # "restored it on April 28, after adding ..."
        if value is None and _in_the_same_act(mention.frame.governor):
            value = self._last_of.get(mention.type)
        if value is None and self.dating.last is not None and _at_the_time(mention.frame.governor):
            value = self.dating.last  # "the minister said at the time": the time of the act just told
        if value is None and mention.type in _PRESENT_IS_TODAY and self._in_the_present(mention):
            # "the minister says": says so today, even after a sentence telling Monday's act; a
            # day read off the tense, which keeps no two reports of one position apart
            value = self._today(mention.token)
            mention.date_assumed = True
        if value is None and mention.type == "PublicStatement" and self.dating.last_sentence is not None:
            # "The regulator fined X on Monday. X said it would appeal.": said then
            prev_start = self.res.prev_sent_start(mention.token)
            if self.dating.last_sentence >= prev_start:
                value = self.dating.last
        if value is None and mention.type == "PublicStatement" and self._news_of_the_day(mention):
            value = self._today(mention.token)  # "the company said": a news story's "said" is its day's
            mention.date_assumed = True
        if value is None and (self._headline_present(mention) or self._lede_perfect(mention)):
            value = self._news_day(mention.token)  # "Regulator fines X", "has fined": the story's news
            mention.date_assumed = True
        if value is None and self.dating.published is not None and self._just_done(mention):
            value = self._today(mention.token)  # "11:58 - The Commission has fined Apple"
        mention.date, mention.date_strong = value, strong

    def _permit_of(self, mention: EventMention) -> Token | None:
        """'The court on Monday allowed X to resume': a lifting told as a permission happened
        when the permission was given, the day its verb carries."""
        verb = mention.frame.governor if mention.frame.form == "noun" else mention.frame.trigger.head
        if mention.type != "BanLifted" or verb.i == mention.token.i or verb.pos_ != "VERB":
            return None
        return verb if verb.lemma_.lower() in _PERMITS else None

    def _period_ended(self, verb: Token) -> str | None:
        """'lifted the suspension of X on Tuesday, ending a 39-day blackout': the act the verb
        works on began the period's length before the verb's day."""
        for clause in verb.children:
            if clause.dep_ not in ("advcl", "xcomp", "conj") or clause.lemma_.lower() != "end" or clause.tag_ != "VBG":
                continue
            inside = {t.i for o in children(clause, "dobj") for t in o.subtree}
            for ent in self.dating.in_sentence(sentence_of(verb)):
                length = datelib.span(span_text(ent).replace("-", " ")) if ent.root.i in inside else None
                if length is None:
                    continue
                told, _ = self.dating.date_of(frame_of(verb))
                return datelib.shift(told, -length[0], length[1]) if told and len(told) == 10 else None
        return None

    def _shortly_before(self, verb: Token) -> str | None:
        """'It restored access on April 28, 2023, after adding an age screen': what a dated act
        came after, told with no date of its own, happened shortly before it; the month is
        sure when the act's day is late enough in its month."""
        marked = verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "after" for c in verb.children)
        pcomp = verb.dep_ == "pcomp" and verb.head.lower_ == "after" and verb.head.dep_ == "prep"
        main = verb.head if marked else verb.head.head if pcomp else None
        if main is None or main.pos_ not in ("VERB", "AUX"):
            return None
        told, _ = self.dating.date_of(frame_of(main))
        if told is None or len(told) < 10:
            return None  # "flocked to it this week, after X was suspended": maybe last month
        return told[:7] if int(told[8:]) >= 15 else None

    _BACKGROUND = frozenset(
        {
            "then",
            "earlier",
            "previously",
            "once",
            "before",
            "later",
            "since",
            "time",
            "ago",
            "year",
            "years",
            "month",
            "months",
            "past",
        }
    )

    def _in_the_present(self, mention: EventMention) -> bool:
        """A simple present ('says', 'is the most downloaded app') tells the day it is written;
        what is said under it is said then ('says it will defend the law'), and a present
        under a past saying is not ('it has long said it supports ...')."""
        verb = mention.frame.governor
        while verb.dep_ in ("ccomp", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
        return (
            self.dating.published is not None
            and verb.tag_ in ("VBZ", "VBP")
            and not self._told_by_another(mention)
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        )

    def _news_of_the_day(self, mention: EventMention) -> bool:
        """An undated 'said' in a news story is said for that story, on its day; not a 'had
        said', nor one 'at the time', nor one in a clause about something else."""
        verb = mention.frame.governor
        verb = participle_frame(verb, _SPEECH_NOUNS) or verb  # "responded by saying": the responding
        if self.dating.published is None or verb.tag_ != "VBD" or self._told_by_another(mention):
            return False
        if verb.dep_ not in ("ROOT", "ccomp", "conj", "parataxis") or any(
            c.dep_ in ("aux", "auxpass") for c in verb.children
        ):
            return False
        near = {t.lower_ for c in verb.children if c.dep_ in ("advmod", "prep", "npadvmod") for t in c.subtree}
        return not near & self._BACKGROUND

    def _headline_present(self, mention: EventMention) -> bool:
        """A headline tells the day's news in the present tense ('Garante stops DeepSeek')."""
        headline = self.doc._.headline
        verb = mention.frame.governor
        if self.dating.published is None or headline is None or not headline[0] <= mention.token.i < headline[1]:
            return False
        if mention.frame.form == "noun" and verb.i != mention.token.i and verb.i in self._triggers:
            return False  # "Laos lifts ban on Telegram", "Court upholds ban": the lifting is the news, not the ban
        if mention.frame.form == "noun" and not any(
            t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in self.doc[headline[0] : headline[1]]
        ):
            return True  # "Statement on the High Court judgment concerning Worldcoin": a headline without a verb
        return verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)

    def _lede_perfect(self, mention: EventMention) -> bool:
        """'Vietnam's ministry has ordered providers to block Telegram': a story's opening sentence
        in the present perfect tells the news the story is about."""
        if self.dating.published is None or self.doc._.liveblog or self._told_by_another(mention):
            return False
        if mention.type == "PublicStatement":
            return False  # "has said": said some time before, as a statement often was
        if one_of_several(mention.frame):
            return False  # "has fined Meta three times since 2021": a tally, not the day's news
        headline = self.doc._.headline
        opening = sentence_of(self.doc[headline[1]] if headline and headline[1] < len(self.doc) else self.doc[0])
        while opening.end < len(self.doc) and not any(t.pos_ in ("VERB", "AUX") for t in opening):
            opening = sentence_of(self.doc[opening.end])  # "LONDON, Oct 14, 2025 —": a dateline
        verb = mention.frame.governor
        while verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ORDER_VERBS:
            verb = verb.head  # "has ordered providers to block": the ordering's tense
        # "X has fined Y ..., the first penalty since the duties took effect": a fronted clause
        # the parser hung from a later verb is still the sentence's main news
        main = verb.dep_ == "ROOT" or (verb.dep_ == "ccomp" and verb.i < verb.head.i)
        if not opening.start <= mention.token.i < opening.end or not main or verb.tag_ != "VBN":
            return False
        return any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children)

    def _news_day(self, token: Token) -> str | None:
        """The day a story's news happened: a liveblog entry's own day; else the day before
        publication, as a story is mostly published the day after what it reports."""
        if self.doc._.liveblog:
            return self._today(token)
        published = self.dating.published
        return (published - timedelta(days=1)).isoformat() if published else None

    def _told_by_another(self, mention: EventMention) -> bool:
        """'has rejected TikTok's appeal': the verb is the rejection's; the appeal is older."""
        gov = mention.frame.governor
        return gov.i != mention.token.i and gov.i in self._triggers

    def _today(self, token: Token) -> str | None:
        """The day a present tense speaks of: the day of its liveblog entry, else of publication."""
        entries = self.doc._.entries or []
        day = next((d for start, d in reversed(entries) if start <= token.i), None)
        return day or (self.dating.published.isoformat() if self.dating.published else None)

    def _just_done(self, mention: EventMention) -> bool:
        """A liveblog entry's present perfect ('has fined') is news of the day it is posted."""
        verb = mention.frame.governor
        if not self.doc._.liveblog or verb.tag_ != "VBN" or self._told_by_another(mention):
            return False
        return any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children)

    def _amount(self, mention: EventMention, mentions: list[EventMention]) -> None:
        """The fine's own amount: in its object ("fined X €5m", "a fine of €5m"), else the
        sentence's first amount."""
        if mention.type != "Fine" or mention.amount is not None:
            return
        frame = mention.frame
        tokens = [*frame.obj, *frame.preps.get("of", []), *frame.preps.get("to", []), *frame.mods, mention.token]
        for tok in tokens:
            left = min(t.i for t in tok.subtree)
            right = max(t.i for t in tok.subtree) + 1
            phrase = (
                self.doc[left:right] if tok.i != mention.token.i else self.doc[tok.i : min(tok.i + 8, len(self.doc))]
            )
            found = parse_money(phrase.text)
            if found:
                mention.amount = found
                return
        found = parse_money(span_text(sentence_of(mention.token)))
        if found:
            mention.amount = found

    def _metrics(self, mention: EventMention) -> None:
        sent = sentence_of(mention.token)
        if mention.type == "AppRankingChange":
            rank = parse_rank(span_text(sent))
            mention.metrics = [rank] if rank else []
        elif mention.type == "UserMigration":
            metrics = []
            for ent in self._ents_within(sent):
                if ent.label_ in ("CARDINAL", "QUANTITY"):
                    value = parse_count(span_text(ent))
                    nxt = self.doc[ent.end : ent.end + 3]
                    noun = next((t.lemma_.lower() for t in nxt if t.pos_ == "NOUN"), None)
                    if value is not None and noun:
                        metrics.append(Metric(noun, value, span_text(self.doc[ent.start : ent.end + 1])))
            mention.metrics = metrics

    def _ents_within(self, sent: Span) -> list[Span]:
        """`sent.ents`, from the Doc's entities made once (`Span.ents` makes a Span of every
        entity of the Doc each time it is read)."""
        if self._doc_ents is None:
            self._doc_ents = list(self.doc.ents)
        found = []
        for ent in self._doc_ents:
            if ent.start >= sent.start:
                if ent.end > sent.end:
                    break
                found.append(ent)
        return found

    def _split(self, mentions: list[EventMention]) -> list[EventMention]:
        """One mention, several events: fines on two companies with their own amounts, a bill
        passed by two chambers."""
        out = []
        for mention in mentions:
            if mention.type == "Fine" and len(mention.role("affected")) > 1:
                out.extend(self._split_fines(mention))
                continue
            if (mention.type == "Investigation" or mention.one_per_affected) and len(
                self._distinct(mention.role("affected"))
            ) > 1:
                for iri in self._distinct(mention.role("affected")):
                    twin = EventMention(**{**mention.__dict__, "roles": {**mention.roles, "affected": [iri]}})
                    twin.salt = iri
                    out.append(twin)
                continue
            agents = mention.role("agent")
            stores = [a for a in agents if self.res.is_app_store(a)]
            if mention.type in ("AppStoreRemoval", "AppRankingChange") and len(stores) > 1:
                for store in stores:
                    owner = self.res.owner(store)
                    twin = EventMention(
                        **{
                            **mention.__dict__,
                            "roles": {**mention.roles, "agent": [store, *([owner] if owner in agents else [])]},
                        }
                    )
                    twin.salt = store
                    out.append(twin)
                continue
            places = self._coordinated_places(mention)
            if len(places) > 1:
                # "Similar laws took effect in South Carolina and Tennessee": one act in each
                for place in places:
                    twin = EventMention(**{**mention.__dict__, "roles": {**mention.roles, "jurisdiction": [place]}})
                    twin.salt = place
                    out.append(twin)
                continue
            acts = self._gapped_acts(mention)
            if acts:
                # "passed by the House in March and by the Senate in April": each doer's own act
                days = self._coordinated_dates(mention)
                for n, agents in enumerate(acts):
                    twin = EventMention(**{**mention.__dict__, "roles": {**mention.roles, "agent": agents}})
                    if len(days) == len(acts):
                        twin.date, twin.date_strong = days[n], True
                    twin.salt = agents[0]
                    out.append(twin)
                continue
            days = self._coordinated_dates(mention)
            if len(days) > 1:
                # "He extended the pause in April, in June and again on September 16": three acts
                for day in days:
                    twin = EventMention(**{**mention.__dict__, "date": day, "date_strong": True})
                    twin.salt = day
                    out.append(twin)
                continue
            if self._separate_actors(mention):
                for agent in agents:
                    roles = {**mention.roles, "agent": [agent]}
                    home = self.res.home.get(agent, agent if self.res.type_of(agent) == "Jurisdiction" else None)
                    # each authority acts for its own place; a company's seat is not where its
                    # platforms comply ("Google, Facebook and WhatsApp appointed officers" in India)
                    if home and "jurisdiction" in roles and self.res.type_of(agent) not in ("Company", "Platform"):
                        roles["jurisdiction"] = [home]
                    twin = EventMention(**{**mention.__dict__, "roles": roles})
                    twin.salt = agent
                    out.append(twin)
                continue
            out.append(mention)
        return out

    def _separate_actors(self, mention: EventMention) -> bool:
        """'Canada and the European Commission barred the app', 'the House and the Senate
        passed it': each authority took its own action; so does each platform that changes,
        leaves or comes back on its own."""
        agents = mention.role("agent")
        if len(agents) < 2 or mention.type in ("PublicStatement", "CourtRuling", "CourtHearing", "LegalChallenge"):
            return False
        if mention.type in PLATFORMS_OWN_ACTS:
            # "WeChat and TikTok met the deadline": each platform changed or withdrew itself
            return len(self._distinct(agents)) == len(agents) and all(
                self.res.type_of(a) in ("Platform", "Company") for a in agents
            )
        kinds = ("Jurisdiction", "Government", "Regulator", "Legislature")
        if not all(self.res.type_of(a) in kinds for a in agents):
            return False
        places = {self.res.home.get(a, a) for a in agents}
        return len(places) == len(agents) or all(self.res.type_of(a) == "Legislature" for a in agents)

    def _gapped_acts(self, mention: EventMention) -> list[list[str]]:
        """The doers of a passive verb told again with the verb left out ("adopted by the
        Parliament in July and by the Council later that month"), each group of doers apart:
        the parser hangs the second "by" on a phrase of the verb as its conjunct."""
        verb = mention.frame.governor
        agents = mention.role("agent")
        if mention.frame.form != "verb" or not agents or not is_passive(verb):
            return []
        allowed = self.lex.roles[mention.type].types.get("agent", ())
        acts = []
        for phrase in verb.children:
            if phrase.dep_ not in ("prep", "agent"):
                continue
            for by in phrase.conjuncts:
                if by.lower_ != "by" or by.i < phrase.i:
                    continue
                named = [
                    iri
                    for obj in with_conjuncts(children(by, "pobj"))
                    for iri in self.filler.phrase_entities(obj)
                    if self.res.type_of(iri) in allowed
                ]
                if named:
                    acts.append(list(dict.fromkeys(named)))
        if not acts:
            return []
        later = set().union(*acts)
        first = [a for a in agents if a not in later]
        return [first, *acts] if first else []

    def _distinct(self, iris: list[str]) -> list[str]:
        """Different parties, a platform and its owner counted once: "Meta and Instagram"."""
        out: list[str] = []
        for iri in iris:
            owner = self.res.owner(iri)
            if owner in iris or any(self.res.owner(o) == iri for o in out):
                continue
            out.append(iri)
        return out

    def _coordinated_dates(self, mention: EventMention) -> list[str]:
        """The dates of a verb told as a list ('in April, in June and on September 16', 'on
        Monday and again on Friday'): each is its own act. A date and its refinement ('in 2023,
        on December 5') are one."""
        verb = mention.frame.governor
        if mention.frame.form != "verb" or verb.pos_ not in ("VERB", "AUX"):
            return []
        dates: list[Token] = []
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "on"):
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "DATE" and reported_on(obj) is None:
                    dates.append(obj)
                    dates.extend(c for c in obj.conjuncts if c.ent_type_ == "DATE" and c.i > obj.i)
        if len(dates) < 2:
            return []
        values = []
        for tok in dates:
            parts = [t for t in tok.subtree if t.ent_type_ == "DATE" and (t is tok or t.dep_ != "conj")]
            parts = [t for t in parts if not any(c is t for c in tok.conjuncts)]
            text = " ".join(t.text for t in sorted(parts, key=lambda t: t.i) if t.dep_ != "cc")
            value = datelib.resolve(text, self.dating.now(tok), tense=self.dating.tense(verb))
            if not value:
                return []
            values.append(value)
        distinct = list(dict.fromkeys(values))
        if len(distinct) < 2 or any(
            a != b and (a.startswith(b) or b.startswith(a)) for a in distinct for b in distinct
        ):
            return []
        return distinct

    def _coordinated_places(self, mention: EventMention) -> list[str]:
        """The jurisdictions of an act that happens in each place on its own (a law taking
        effect, a block, a shutdown), when the text names them in one coordination."""
        places = mention.role("jurisdiction")
        if mention.type not in _ONE_PER_PLACE or len(places) < 2 or set(places) & set(mention.role("agent")):
            return []  # "Kenya and Uganda blocked Telegram": two doers, split as such
        sent = sentence_of(mention.token)
        heads = {}
        for ref in self.res.between(sent.start, sent.end):
            if ref.iri in places and ref.iri not in heads:
                heads[ref.iri] = self.doc[ref.end - 1]
        if len(heads) != len(places):
            return []
        tokens = list(heads.values())
        first = tokens[0]
        if all(t.dep_ == "conj" and t.head.i == first.i for t in tokens[1:]):
            return places
        return []

    def _split_fines(self, mention: EventMention) -> list[EventMention]:
        """'fined Apple €500 million and Meta €200 million': each company its own fine, with
        the amount that follows its name."""
        sent = sentence_of(mention.token)
        affected = self._distinct(mention.role("affected"))
        if len(affected) < 2:
            return [mention]
        out = []
        # "fines of 10 million lira each on X, Y and Z": one amount that every fine has
        each = mention.amount is not None and re.search(
            re.escape(mention.amount.text) + r"\s+(?:each|apiece)\b", sent.text
        )
        for n, iri in enumerate(affected):
            first = next((r for r in self.res.between(sent.start, sent.end) if r.iri == iri), None)
            if first is None:
                continue
            nxt = next((r for r in self.res.between(first.end, sent.end) if r.iri in affected and r.iri != iri), None)
            stop = nxt.start if nxt is not None else sent.end
            amount = parse_money(self.doc[first.end : stop].text)
            twin = EventMention(**{**mention.__dict__, "roles": {**mention.roles, "affected": [iri]}})
            twin.amount = amount or (mention.amount if n == 0 or each else None)
            twin.salt = iri
            out.append(twin)
        return out or [mention]

    # -- events --------------------------------------------------------------------------

    def _by_people(self, event: Event, group: list[EventMention]) -> bool:
        """'Five TikTok users sued Montana': a suit by people the story does not name as
        entities still is a suit, against whom it says."""
        return (
            event.type == "LegalChallenge"
            and not event.roles.get("agent")
            and bool(event.roles.get("affected") or event.roles.get("instrument"))
            and any(m.people for m in group)
        )

    def _complete(self, event: Event) -> bool:
        if not any(event.roles.values()):
            return False  # "the ban, which took effect at midnight": nobody, nothing, nowhere
        required = self.lex.roles[event.type].required
        if event.type == "UserMigration":
            return bool(event.roles.get("destination") or event.roles.get("origin"))
        if event.type in ("LegislationProposed", "LegislationEnacted"):
            # "the Online Safety Bill, which was tabled in December", "the Act received royal
            # assent in May": a named law needs no one named proposing or passing it
            return bool(event.roles.get("agent") or event.roles.get("instrument"))
        return all(event.roles.get(r) for r in required)

    @staticmethod
    def _one_way(roles: dict[str, list[str]], group: list[EventMention]) -> None:
        """An app users leave is not where they go: 'TikTok refugees are flocking to the app'
        read 'the app' as the story's TikTok. The role only guessed from context gives way, or
        else the destination (the origin is named by the users themselves)."""
        both = set(roles.get("origin", [])) & set(roles.get("destination", []))
        for iri in both:
            told = {r for m in group for r in ("origin", "destination") if r not in m.weak and iri in m.role(r)}
            drop = "origin" if told == {"destination"} else "destination"
            roles[drop] = [v for v in roles[drop] if v != iri]
        for role in ("origin", "destination"):
            if role in roles and not roles[role]:
                del roles[role]

    def _event(self, group: list[EventMention]) -> Event | None:
        primary = max(
            group, key=lambda m: (m.syntactic_agent, sum(bool(v) for v in m.roles.values()), m.date_strong, -m.order)
        )
        roles: dict[str, list[str]] = {}
        firm = {role for m in group for role in m.roles if role not in m.weak}
        for mention in sorted(group, key=lambda m: m is not primary):
            for role, values in mention.roles.items():
                if role in mention.weak and role in firm:
                    continue  # a guess from context gives way to what a clause says
                merged = roles.setdefault(role, [])
                merged.extend(v for v in values if v not in merged)
        if roles.get("instrument"):
            roles["instrument"] = self._with_whole_acts(roles["instrument"])
        if primary.type == "UserMigration":
            self._one_way(roles, group)
        agents = roles.get("agent", [])
        if (
            agents
            and all(self.res.type_of(a) == "Jurisdiction" or self._is_government_of(a) for a in agents)
            and primary.type in ("Ban", "BanLifted", "Fine", "Investigation", "RegulationIssued", "ExecutiveOrder")
        ):
            # "India blocked", "the government blocked": the body that acted for the state too
            places = [a if self.res.type_of(a) == "Jurisdiction" else self.res.home.get(a, a) for a in agents]
            roles["agent"] = agents + [b for b in self._acting_for(places, group) if b not in agents]
            agents = roles["agent"]
        specific = [a for a in agents if self.res.type_of(a) != "Jurisdiction"]
        if specific and len(specific) < len(agents) and primary.type not in ("LegalChallenge",):
            roles["agent"] = specific
        dated = [m for m in group if m.date]
        best = (
            max(dated, key=lambda m: (m.date_strong, not m.date_assumed, len(m.date or ""), -m.order))
            if dated
            else None
        )
        amount = next((m.amount for m in group if m.amount), None)
        metrics = next((m.metrics for m in group if m.metrics), [])
        outcome = next((m.outcome for m in group if m.outcome and not m.outcome_weak), None) or next(
            (m.outcome for m in group if m.outcome), None
        )
        policy = next((m.policy for m in group if m.policy), None)
        confidence = self._confidence(primary, group, best)
        evidence = [self._evidence(m, confidence) for m in sorted(group, key=lambda m: m.order)]
        first = evidence[0] if primary is group[0] else self._evidence(primary, confidence)
        for values in roles.values():
            # every party named in a role is one of the article's entities (spec): a place reached
            # through an authority's home is made known here; an IRI nobody knows is dropped
            values[:] = [v for v in values if v in self.res.entities or self._known_place(v)]
        event = Event(
            id=self._iri(primary),
            type=primary.type,
            trigger=primary.trigger,
            sentence=first.sentence,
            start=first.start,
            end=first.end,
            confidence=confidence,
            date=best.date if best else None,
            roles={k: v for k, v in roles.items() if v},
            outcome=outcome,
            policy=policy,
            amount=amount,
            metrics=metrics,
            factuality=primary.factuality,
            evidence=list({(e.start, e.trigger): e for e in evidence}.values()),
        )
        return event

    def _known_place(self, iri: str) -> bool:
        entry = self.res.gaz.by_iri(iri)
        if entry is None:
            return False
        self.res.new_entity(iri, entry.type, entry.label)
        return True

    def _acting_for(self, places: list[str], group: list[EventMention]) -> list[str]:
        """'Turkey has blocked Instagram, according to the BTK': the authority of the place
        named beside the event acted for it."""
        found: list[str] = []
        for mention in group:
            sent = sentence_of(mention.token)
            report = self.reports.report_of(mention.token)
            refs = list(self.res.between(sent.start, sent.end))
            for ref in refs:
                if ref.type in ("Government", "Regulator") and self.res.home.get(ref.iri) in places:
                    found.append(ref.iri)
            if report is not None and report.speaker and self.res.home.get(report.speaker) in places:
                found.append(report.speaker)
        if not found:
            # "India blocked 54 apps" in a story about the IT ministry's orders: the ministry
            body = self._topic(group[0].token, ("Regulator", "Government"), set(places))
            if body is not None and self.res.home.get(body) in places and not self._is_government_of(body):
                found.append(body)
        return list(dict.fromkeys(found))

    def _with_whole_acts(self, instruments: list[str]) -> list[str]:
        """'Section 69A of the Information Technology Act': a provision is part of its act, and
        whoever acts under the provision acts under the act."""
        out = list(instruments)
        for iri in instruments:
            entity = self.res.entities.get(iri)
            match = _PROVISION.match(entity.label) if entity is not None else None
            if match is None:
                continue
            whole = match.group(1).strip().rstrip(".")
            known = self.res.gaz.by_name(whole)
            if known is not None and known.type == "LegalInstrument":
                parent = known.iri
                if parent not in self.res.entities:
                    self.res.new_entity(parent, known.type, known.label)
            else:
                parent = self.res.known_iri(whole, "LegalInstrument")
                if parent not in self.res.entities:
                    self.res.new_entity(parent, "LegalInstrument", whole, home=self.res.home.get(iri))
            if parent not in out:
                out.append(parent)
        return out

    def _is_government_of(self, iri: str) -> bool:
        """'Government of India': the state as a whole, where a ministry or regulator is one body."""
        entry = self.res.gaz.by_iri(iri)
        return entry is not None and entry.id.endswith("-government")

    def _confidence(self, primary: EventMention, group: list[EventMention], dated: EventMention | None) -> float:
        if primary.factuality != "asserted":
            return 0.25
        score = _BASE_CONFIDENCE.get(primary.frame.form, 0.5)
        score += 0.15 if primary.syntactic_agent else 0
        score += 0.1 if dated is not None and dated.date_strong else 0
        score += 0.05 if sum(bool(v) for v in primary.roles.values()) >= 3 else 0
        score += 0.05 if len(group) > 1 else 0
        return round(min(0.95, score), 3)

    def _evidence(self, mention: EventMention, confidence: float) -> Evidence:
        sent: Span = sentence_of(mention.token)
        text = self.text[sent.start_char : sent.end_char]
        stripped = text.strip()
        start = sent.start_char + (len(text) - len(text.lstrip()))
        return Evidence(
            sentence=stripped, start=start, end=start + len(stripped), trigger=mention.trigger, confidence=confidence
        )

    def _iri(self, mention: EventMention) -> str:
        key = f"{mention.type}|{mention.token.idx}|{mention.salt}".encode()
        return f"{EVENT_BASE}{self.article_id}/{hashlib.sha1(key).hexdigest()[:12]}"


def _modal_future(verb: Token) -> bool:
    """'said on Monday it would close', 'will close': a reported act still to come."""
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "wo", "shall") for c in verb.children)
