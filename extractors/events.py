"""Event extraction: trigger words from triggers.toml, roles from the dependency parse.

For each sentence, a trigger (a verb such as "upheld", a noun such as "fines") proposes an
event type; its constraints are checked; the modality decides whether the writer asserts it
("may ban" and "did not appeal" are kept apart); roles are read from the parse: the subject
is the agent, the object the affected, "from/to" give origin and destination; dates come
from the trigger's own clause first. Reports of one event in several sentences are merged.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.tokens import Doc, Span, Token

from extractors import dates as datelib
from extractors.entities import EntityResolver
from extractors.gazetteer import load_toml
from extractors.model import Amount, Event, Metric
from extractors.pipeline import DASHES
from extractors.quantities import parse_count, parse_money, parse_rank

EVENT_BASE = "https://w3id.org/regrisk/id/event/"
CLAUSE_DEPS = {"advcl", "ccomp", "relcl", "conj", "parataxis", "acl", "xcomp", "csubj"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJ_DEPS = {
    "dobj",
    "pobj",
    "attr",
    "oprd",
    "xcomp",
    "ccomp",
    "dative",
    "obj",
    "prep",
    "npadvmod",
    "advmod",
    "prt",
    "acomp",
    "appos",
    "conj",
    "compound",
    "amod",
    "nmod",
    "poss",
    "acl",
    "relcl",
}
LIGHT_VERBS = {
    "impose",
    "open",
    "launch",
    "file",
    "order",
    "issue",
    "announce",
    "begin",
    "start",
    "hand",
    "levy",
    "slap",
    "conclude",
    "bring",
    "mount",
    "take",
    "face",
    "receive",
    "pay",
    "lodge",
    "make",
    "seek",
    "initiate",
    "complete",
    "agree",
}
AFFECTED_TYPES = ("Platform", "Company")
AUTHORITY_TYPES = ("Government", "Regulator", "Court", "Legislature", "Jurisdiction", "LegalInstrument", "Person")
ORDER_VERBS = {"order", "force", "require", "compel", "direct", "instruct", "tell", "mandate", "oblige"}
LIFT_VERBS = {"lift", "end", "reverse", "revoke", "rescind", "withdraw", "overturn"}
BASIS_VERBS = {"violate", "breach", "infringe", "contravene"}
INSTRUMENT_EXPECTED = {
    "LegislationEnacted",
    "LegislationProposed",
    "RegulationIssued",
    "CourtRuling",
    "LegalChallenge",
    "Ban",
    "Fine",
    "Investigation",
    "ExecutiveOrder",
    "CourtHearing",
    "ComplianceMeasure",
}
JURISDICTION_EXPECTED = {
    "LegislationEnacted",
    "LegislationProposed",
    "RegulationIssued",
    "ExecutiveOrder",
    "Ban",
    "BanLifted",
    "Investigation",
    "Fine",
    "ServiceShutdown",
    "ServiceRestored",
    "AppStoreRemoval",
    "ComplianceMeasure",
    "UserMigration",
    "AppRankingChange",
    "CourtRuling",
    "CourtHearing",
    "LegalChallenge",
}
POLICY_KEYWORDS = {
    "RealNameRegistration": [
        "real-name",
        "real name",
        "identity verification",
        "verify their identit",
        "phone number",
        "id card",
    ],
    "AgeVerification": [
        "age verification",
        "age-verification",
        "age check",
        "age-confirmation",
        "age assurance",
        "minimum age",
        "under 13",
        "under 16",
        "minors",
        "children",
    ],
    "DataLocalization": [
        "localis",
        "localiz",
        "stored locally",
        "local servers",
        "data centre",
        "data center",
        "within the country",
    ],
    "DataProtection": ["data protection", "personal data", "privacy", "gdpr", "data breach"],
    "ForeignOwnership": ["foreign adversary", "divest", "foreign ownership", "sale", "national security"],
    "ContentModeration": [
        "content",
        "moderation",
        "misinformation",
        "disinformation",
        "hate speech",
        "illegal",
        "censorship",
        "takedown",
    ],
    "Competition": ["competition", "antitrust", "gatekeeper", "anti-steering", "monopol", "dominan"],
}


@dataclass
class Trigger:
    lemmas: tuple[str, ...]
    type: str
    outcome: str | None = None
    pos: tuple[str, ...] = ("VERB", "NOUN")
    object_any: tuple[str, ...] = ()
    context_any: tuple[str, ...] = ()
    agent_types: tuple[str, ...] = ()


@dataclass
class Candidate:
    token: Token
    trigger: Trigger
    event: Event
    date_strong: bool = False
    speaker: str | None = None
    order: int = 0
    extra: dict[str, object] = field(default_factory=dict)


@cache
def trigger_index() -> tuple[list[Trigger], dict[str, list[int]]]:
    """The lexicon and, for each lemma or phrase, the positions of the triggers it can start."""
    triggers = load_triggers()
    index: dict[str, list[int]] = {}
    for n, trig in enumerate(triggers):
        for lemma in trig.lemmas:
            index.setdefault(lemma, []).append(n)
    return triggers, index


def load_triggers() -> list[Trigger]:
    rows = load_toml("triggers.toml")["trigger"]
    triggers = []
    for row in rows:
        lemmas = row["lemma"] if isinstance(row["lemma"], list) else [row["lemma"]]
        triggers.append(
            Trigger(
                lemmas=tuple(lemmas),
                type=row["type"],
                outcome=row.get("outcome"),
                pos=tuple(row.get("pos", ("VERB", "NOUN"))),
                object_any=tuple(row.get("object_any", ())),
                context_any=tuple(row.get("context_any", ())),
                agent_types=tuple(row.get("agent_types", ())),
            )
        )
    return triggers


class EventExtractor:
    def __init__(self, doc: Doc, resolver: EntityResolver, article_id: str, published: date | None):
        self.doc = doc
        self.text = doc.text  # Doc.text rebuilds the string from every token on each read
        self.res = resolver
        self.article_id = article_id
        self.published = published
        self.cues = load_toml("cues.toml")
        self.triggers, self.index = trigger_index()
        self.dateline_tokens = self._dateline_span()
        self.dateline = self._dateline()
        self.last_date: str | None = None
        # Date mentions by position, read once: every candidate looks at its sentence's dates.
        self._date_ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME") and e.start not in self.dateline_tokens]
        self._date_starts = [e.start for e in self._date_ents]
        self._resolved: dict[str, str | None] = {}

    # -- triggers ------------------------------------------------------------------------

    def _phrase_lemmas(self, token: Token) -> list[str]:
        lemma = token.lemma_.lower()
        out = [lemma, token.lower_]
        for child in token.children:
            if child.dep_ in ("prt", "compound", "amod", "acomp", "advmod", "dobj"):
                out.append(f"{lemma} {child.lower_}")
                out.append(f"{child.lower_} {lemma}")
        if token.i + 1 < len(self.doc):
            out.append(f"{lemma} {self.doc[token.i + 1].lower_}")
        return out

    def _matches(self, token: Token) -> list[Trigger]:
        if token.pos_ not in ("VERB", "NOUN", "PROPN", "AUX", "ADJ"):
            return []
        ref = self.res.entity_at(token)
        if ref and ref.type not in ("Person",):
            return []  # a word inside a name ("Digital Markets Act") is not a trigger
        if token.dep_ in ("compound", "amod") and token.pos_ != "VERB":
            return []  # "divest-or-ban law": a modifier, not an event
        if token.pos_ in ("NOUN", "PROPN") and token.head.lemma_.lower() in LIFT_VERBS:
            return []  # "lifted the suspension": the lifting is the event
        names = self._phrase_lemmas(token)
        positions = sorted({i for n in names for i in self.index.get(n, ())})
        found = []
        for trig in (self.triggers[i] for i in positions):
            pos_ok = token.pos_ in trig.pos or (token.pos_ == "PROPN" and "NOUN" in trig.pos)
            if not pos_ok or not any(n in trig.lemmas for n in names):
                continue
            if trig.object_any and not self._object_fits(token, trig.object_any):
                continue
            if trig.context_any and not self._has(list(token.sent), trig.context_any):
                continue
            found.append(trig)
        return found

    def _object_fits(self, token: Token, wanted: tuple[str, ...]) -> bool:
        """The direct object (or 'of/to/from/on' object) is of the wanted kind: its head word
        or an entity within it. 'introduce verification under the Act' is not 'introduce an act'."""
        heads: list[Token] = []
        subtrees: list[Token] = []
        for child in token.children:
            if child.dep_ in (
                "dobj",
                "obj",
                "attr",
                "oprd",
                "dative",
                "xcomp",
                "ccomp",
                "acomp",
                "prt",
                "advmod",
                "npadvmod",
                "nsubjpass",
                "appos",
            ):
                heads.extend([child, *(c for c in child.children if c.dep_ in ("conj", "compound", "amod"))])
                subtrees.extend(child.subtree)
            elif child.dep_ in ("prep", "agent") and child.lower_ in (
                "of",
                "to",
                "from",
                "on",
                "against",
                "into",
                "for",
                "in",
                "by",
            ):
                pobjs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                heads.extend(pobjs)
                subtrees.extend(t for c in pobjs for t in c.subtree)
        if token.dep_ in ("acl", "oprd") and token.head.pos_ in ("NOUN", "PROPN"):
            heads.append(token.head)  # "ordered X blocked"
            subtrees.append(token.head)
        if token.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in token.children):
            subj = [c for c in token.children if c.dep_ == "nsubjpass"]
            heads.extend(subj)
            subtrees.extend(t for c in subj for t in c.subtree)
        words = [w for w in wanted if not w.startswith("Type:") and w != "AppStore"]
        types = tuple(w for w in wanted if w.startswith("Type:") or w == "AppStore")
        if any(h.lemma_.lower() in words or h.lower_ in words for h in heads):
            return True
        return bool(types) and self._has(subtrees, types)

    def _has(self, tokens: list[Token], wanted: tuple[str, ...]) -> bool:
        for t in tokens:
            ref = self.res.entity_at(t)
            if ref and (f"Type:{ref.type}" in wanted or ("AppStore" in wanted and self.res.is_app_store(ref.iri))):
                return True
            if t.lemma_.lower() in wanted or t.lower_ in wanted or t.text in wanted:
                return True
        sent_text = " ".join(t.lower_ for t in tokens)
        return any(" " in w and w in sent_text for w in wanted)

    def _object_tokens(self, token: Token) -> list[Token]:
        """The trigger's complements: objects, particles and 'of/to/from/on/against' phrases."""
        out: list[Token] = []
        for child in token.children:
            if child.dep_ in (
                "dobj",
                "obj",
                "attr",
                "oprd",
                "dative",
                "xcomp",
                "ccomp",
                "acomp",
                "prt",
                "advmod",
                "npadvmod",
                "nsubjpass",
                "appos",
                "compound",
                "amod",
                "poss",
            ) or (
                child.dep_ in ("prep", "agent")
                and child.lower_ in ("of", "to", "from", "on", "against", "into", "for", "in", "over", "with", "by")
            ):
                out.extend(child.subtree)
        if token.dep_ == "nsubjpass" or (token.pos_ in ("VERB",) and any(c.dep_ == "auxpass" for c in token.children)):
            out.extend(t for c in token.children if c.dep_ == "nsubjpass" for t in c.subtree)
        return out

    # -- modality ------------------------------------------------------------------------

    def _governor(self, token: Token) -> Token:
        """A noun trigger's verb: 'imposed fines' -> imposed; 'the blocking of' -> ordered."""
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "nsubjpass", "pobj", "attr", "nsubj"):
            head = token.head
            if head.dep_ == "prep":
                head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return head
        return token

    def modality(self, token: Token) -> str:
        mod = self.cues["modality"]
        verb = self._governor(token)
        chain = [token, verb] if verb is not token else [token]
        node = verb
        while node.dep_ in ("conj", "xcomp", "ccomp") and node.head is not node and len(chain) < 6:
            node = node.head
            chain.append(node)
        for t in chain:
            for child in t.children:
                if child.dep_ == "neg" or child.lower_ in ("never",):
                    return "negated"
                if child.dep_ in ("aux", "auxpass") and child.lemma_.lower() in mod["hedge_aux"]:
                    return "hedged"
                if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                    return "hedged"
        if token.dep_ == "pobj" and token.head.lower_ == "without":
            return "negated"
        for t in chain:
            if t.dep_ in ("xcomp", "ccomp", "advcl") and t.head.lemma_.lower() in mod["hedge_words"]:
                return "hedged"
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in mod["request_verbs"]:
                return "hedged"
            if t.dep_ in ("acl", "relcl") and any(c.lower_ == "to" for c in t.children):
                if t.head.pos_ in ("NOUN",) and t.head.lemma_.lower() in (
                    "month",
                    "day",
                    "year",
                    "week",
                    "deadline",
                    "time",
                    "right",
                    "power",
                    "request",
                    "bid",
                    "attempt",
                    "plan",
                    "effort",
                ):
                    return "hedged"
            for child in t.children:
                if child.dep_ in ("advmod", "acomp") and child.lower_ in mod["hedge_words"]:
                    return "hedged"
        if any(
            a.lemma_.lower()
            in (
                "unlikely",
                "likely",
                "threaten",
                "plan",
                "consider",
                "expect",
                "propose",
                "deadline",
                "bid",
                "attempt",
                "effort",
                "proposal",
                "option",
            )
            for a in verb.ancestors
            if a.i >= verb.sent.start
        ):
            return "hedged"
        node = token
        for _ in range(6):
            if node.dep_ in ("acl", "relcl") and self._is_law_noun(node.head):
                return "descriptive"  # "the law that forces ByteDance to sell": what the law says
            if node.head is node or node.dep_ not in ("xcomp", "ccomp", "conj", "acl", "relcl", "dobj", "pobj", "prep"):
                break
            node = node.head
        return "asserted"

    def _is_law_noun(self, token: Token) -> bool:
        ref = self.res.entity_at(token)
        if ref and ref.type == "LegalInstrument":
            return True
        return token.lemma_.lower() in (
            "law",
            "act",
            "bill",
            "measure",
            "provision",
            "legislation",
            "rule",
            "regulation",
        )

    def speaker(self, token: Token) -> tuple[Token | None, str | None]:
        """For an event inside reported speech, the speech verb and who said it."""
        speech = self.cues["modality"]["speech_verbs"]
        node = self._governor(token)
        while node.dep_ not in ("ROOT",) and node.head is not node:
            if node.dep_ in ("ccomp", "conj") and node.head.lemma_.lower() in speech and node.head.pos_ == "VERB":
                verb = node.head
                subj = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
                who = (
                    self._entity_of(
                        subj[0], ("Person", "Company", "Platform", "Government", "Regulator", "Court", "Legislature")
                    )
                    if subj
                    else None
                )
                return verb, (who[0] if who else None)
            node = node.head
        return None, None

    # -- roles ---------------------------------------------------------------------------

    def _entity_of(self, head: Token, types: tuple[str, ...]) -> list[str]:
        """Entities named by a phrase: its mentions, coordinated ones, references, pronouns.

        Relative and adverbial clauses are not part of the phrase ("Trump, who tried to ban
        TikTok"), and a possessor of a named head is a modifier ("India's Ministry").
        """
        found: list[str] = []
        stack = [head]
        while stack:
            t = stack.pop()
            ref = self.res.entity_at(t)
            if ref and ref.type in types and ref.iri not in found:
                found.append(ref.iri)
            elif t.lower_ in ("it", "they", "he", "she") and t.dep_ in SUBJ_DEPS | {"dobj", "pobj"}:
                iri = self.res.pronoun(t, types)
                if iri and iri not in found:
                    found.append(iri)
            for child in t.children:
                if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp", "prep", "punct", "cc", "det"):
                    if not (child.dep_ == "prep" and child.lower_ in ("of",) and not ref):
                        continue
                if child.dep_ == "poss" and (ref or self.res.entity_at(t) or t.pos_ == "NOUN"):
                    if not (self.res.entity_at(child) and self.res.entity_at(child).type == "Person"):
                        continue
                stack.append(child)
        persons = [i for i in found if self.res.entities[i].type == "Person"]
        if persons and "Person" in types and len(found) > 1:
            found = persons
        return found

    def _subject(self, token: Token) -> Token | None:
        verb = self._governor(token)
        node = verb
        for _ in range(5):
            subj = [
                c
                for c in node.children
                if c.dep_ in ("nsubj", "csubj", "nsubjpass" if node is not verb else "nsubj")
                and c.i not in self.dateline_tokens
            ]
            if subj:
                return subj[0]
            if node.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "prep") and node.head is not node:
                if node.dep_ == "relcl":
                    return node.head
                node = node.head
                continue
            break
        return None

    def _passive_agent(self, token: Token) -> Token | None:
        verb = self._governor(token)
        for child in verb.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
        return None

    def _prep_objects(self, token: Token, preps: tuple[str, ...]) -> list[Token]:
        out = []
        for node in (token, self._governor(token)):
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ in preps:
                    out.extend(c for c in child.children if c.dep_ == "pobj")
        return out

    def _sentence_entities(self, sent: Span, types: tuple[str, ...], exclude: list[str]) -> list[str]:
        found = []
        for ref in self.res.between(sent.start, sent.end):
            if (
                sent.start <= ref.start < sent.end
                and ref.type in types
                and ref.iri not in exclude
                and ref.iri not in found
                and ref.iri in self.res.entities
            ):
                found.append(ref.iri)
        return found

    def _nearest(self, token: Token, types: tuple[str, ...], exclude: list[str]) -> list[str]:
        sent = token.sent
        cands = [
            r
            for r in self.res.between(sent.start, sent.end)
            if r.type in types and r.iri not in exclude and r.iri in self.res.entities
        ]
        if not cands:
            return []
        before = [r for r in cands if r.start < token.i]
        pick = before[-1] if before else cands[0]
        return [pick.iri]

    def _fill_roles(self, cand: Candidate) -> bool:
        token, trig, ev = cand.token, cand.trigger, cand.event
        sent = token.sent
        etype = ev.type
        agent_types = trig.agent_types or (
            "Government",
            "Regulator",
            "Legislature",
            "Court",
            "Company",
            "Platform",
            "Person",
        )
        subj = self._subject(token)
        agent: list[str] = list(cand.extra.get("agent", []))
        if etype == "Ban":
            agent_types = tuple(t for t in agent_types if t != "LegalInstrument")
        if subj is not None and not agent:
            agent = [i for i in self._entity_of(subj, agent_types)]
            if not agent and "Court" in agent_types and subj.lemma_.lower() in ("judge", "justice", "court"):
                court = self.res.court_for(subj)
                agent = [court] if court else []
        passive = self._passive_agent(token)
        if not agent and passive is not None:
            agent = self._entity_of(passive, agent_types)
        if not agent and token.pos_ in ("NOUN", "PROPN"):
            poss = [c for c in token.children if c.dep_ == "poss"]
            by = self._prep_objects(token, ("by",))
            for node in poss + by:
                agent = agent or self._entity_of(node, agent_types)
        syntactic_agent = bool(agent)
        if not agent and etype == "PublicStatement":
            people = [
                r
                for r in self.res.between(sent.start, token.i)
                if r.type == "Person" and self.doc[r.end - 1].dep_ != "poss" and r.start not in self.dateline_tokens
            ]
            agent = [people[-1].iri] if people else []
            syntactic_agent = bool(agent)
        if not agent and etype not in (
            "PublicStatement",
            "UserMigration",
            "AppRankingChange",
            "AppStoreRemoval",
            "Divestiture",
            "LegalChallenge",
            "BanLifted",
            "ComplianceMeasure",
            "ServiceShutdown",
            "ServiceRestored",
        ):
            agent = self._nearest(token, tuple(t for t in agent_types if t != "Person"), []) or self._nearest(
                token, tuple(t for t in agent_types if t == "Person"), []
            )
        if etype in ("AppStoreRemoval", "AppRankingChange"):
            agent = [i for i in self._sentence_entities(sent, ("Platform", "Company"), []) if self.res.is_app_store(i)]
        if (
            trig.agent_types
            and not agent
            and etype not in ("BanLifted", "AppStoreRemoval", "UserMigration", "AppRankingChange", "Divestiture")
        ):
            return False
        if agent:
            ev.roles["agent"] = agent

        obj_tokens = self._object_tokens(token)
        if token is not self._governor(token):
            obj_tokens += [t for t in self._object_tokens(self._governor(token)) if t.i != token.i]
        obj_ents: list[str] = []
        for t in obj_tokens:
            ref = self.res.entity_at(t)
            if ref and ref.iri not in obj_ents and ref.iri in self.res.entities:
                obj_ents.append(ref.iri)
            elif t.lower_ in ("it", "them") and t.dep_ in ("dobj", "pobj", "nsubjpass"):
                iri = self.res.pronoun(t, ("Platform", "LegalInstrument", "Company"))
                if iri:
                    obj_ents.append(iri)
        if (
            etype in ("LegalChallenge", "CourtRuling", "LegislationEnacted", "CourtHearing")
            and subj is not None
            and token.pos_ in ("NOUN", "PROPN")
        ):
            obj_ents = [i for i in obj_ents if i not in agent]
        typed = lambda iris, types: [i for i in iris if self.res.entities[i].type in types]  # noqa: E731

        self._fill_affected(cand, obj_ents, agent, typed)
        self._fill_instrument(cand, obj_ents, agent, typed)
        self._fill_migration(cand)
        self._fill_jurisdiction(cand, agent)
        if etype == "Divestiture":
            to_phrases = self._prep_objects(token, ("to",)) + [
                g for c in self._governor(token).children if c.dep_ == "dative" for g in c.children if g.dep_ == "pobj"
            ]
            buyers = [
                self.res.entity_at(t).iri
                for p in to_phrases
                for t in p.subtree
                if self.res.entity_at(t) and self.res.entity_at(t).type == "Company"
            ]
            buyers = list(dict.fromkeys(buyers))
            if buyers:
                ev.roles["counterpart"] = buyers
                left = [i for i in ev.roles.get("affected", []) if i not in buyers]
                if left:
                    ev.roles["affected"] = left
                else:
                    ev.roles.pop("affected", None)
            if not ev.roles.get("affected") and not agent:
                return False
        if etype in ("Ban", "Fine", "AppStoreRemoval", "AppRankingChange", "BanLifted") and not ev.roles.get(
            "affected"
        ):
            return False
        if etype == "UserMigration" and not (ev.roles.get("destination") or ev.roles.get("origin")):
            return False
        if etype == "PublicStatement":
            if not syntactic_agent:
                return False
            kinds = {self.res.entities[i].type for i in agent}
            said = [t for c in token.children if c.dep_ not in ("prep", "nsubj") for t in c.subtree]
            if "Person" not in kinds and not self._has(said, tuple(self.cues["statement"]["rule_words"])):
                return False
        ev.confidence = min(
            0.95,
            0.6
            + (0.15 if syntactic_agent else 0)
            + (0.1 if cand.date_strong else 0)
            + (0.05 if len(ev.roles) >= 3 else 0),
        )
        return True

    def _fill_affected(self, cand: Candidate, obj_ents: list[str], agent: list[str], typed) -> None:
        ev, sent = cand.event, cand.token.sent
        etype = ev.type
        if etype in ("UserMigration", "LegislationProposed"):
            return
        types = AFFECTED_TYPES + (
            ("Person", "Organization") if etype in ("Fine", "CourtRuling", "Investigation", "Ban") else ()
        )
        affected = [i for i in typed(obj_ents, types) if i not in agent and not self.res.is_app_store(i)]
        if etype == "AppRankingChange":
            subj = self._subject(cand.token)
            affected = [
                i
                for i in (self._entity_of(subj, ("Platform",)) if subj is not None else [])
                if not self.res.is_app_store(i)
            ] or affected
        if not affected and etype not in (
            "PublicStatement",
            "LegalChallenge",
            "ServiceShutdown",
            "ServiceRestored",
            "ComplianceMeasure",
        ):
            subj = self._subject(cand.token)
            if etype in ("AppStoreRemoval", "BanLifted", "AppRankingChange") and subj is not None:
                affected = [i for i in self._entity_of(subj, ("Platform",)) if not self.res.is_app_store(i)]
            if not affected:
                affected = [
                    i
                    for i in self._sentence_entities(
                        sent, ("Platform",) if etype != "Fine" else (*AFFECTED_TYPES, "Organization"), agent
                    )
                    if not self.res.is_app_store(i)
                ]
        if etype in ("LegislationEnacted",) and not affected:
            return
        if affected:
            ev.roles["affected"] = affected

    def _fill_instrument(self, cand: Candidate, obj_ents: list[str], agent: list[str], typed) -> None:
        ev, token = cand.event, cand.token
        if ev.type in ("UserMigration", "AppRankingChange", "AppStoreRemoval", "ServiceRestored", "Divestiture"):
            return
        inst = typed(obj_ents, ("LegalInstrument",)) or self._sentence_entities(token.sent, ("LegalInstrument",), agent)
        if ev.type in ("LegalChallenge", "CourtRuling", "CourtHearing", "LegislationEnacted", "Ban"):
            basis = {
                self.res.entity_at(t).iri
                for t in token.sent
                if self.res.entity_at(t) and any(a.lemma_.lower() in BASIS_VERBS for a in t.ancestors)
            }
            inst = [i for i in inst if i not in basis]
        if not inst and ev.type in INSTRUMENT_EXPECTED:
            para = self._paragraph(token)
            inst = self._nearest_in(para, token, ("LegalInstrument",))
            if not inst and para.end < len(self.doc) and ev.type.startswith("Legislation"):
                inst = self._nearest_in(self._paragraph(self.doc[para.end]), token, ("LegalInstrument",))
        if inst:
            ev.roles["instrument"] = inst
            pol = [self.res.entities[i].policy for i in inst if self.res.entities[i].policy]
            if ev.type == "RegulationIssued":
                ev.policy = self._policy(token.sent) or (pol[0] if pol else None)
        elif ev.type == "RegulationIssued":
            ev.policy = self._policy(token.sent) or "Other"

    def _policy(self, sent: Span) -> str | None:
        text = sent.text.lower()
        for kind, words in POLICY_KEYWORDS.items():
            if any(w in text for w in words):
                return kind
        return None

    def _fill_migration(self, cand: Candidate) -> None:
        ev, token = cand.event, cand.token
        if ev.type != "UserMigration":
            if ev.type == "AppRankingChange":
                rank = parse_rank(token.sent.text)
                ev.metrics = [rank] if rank else []
            return
        sent = token.sent
        platforms = [i for i in self._sentence_entities(sent, ("Platform",), []) if not self.res.is_app_store(i)]
        origin: list[str] = []
        for t in sent:
            if t.lower_ in ("from", "leave", "left", "quit", "abandon", "abandoned", "ditch", "ditched"):
                for c in t.subtree if t.lower_ != "from" else [x for x in t.subtree]:
                    ref = self.res.entity_at(c)
                    if ref and ref.type == "Platform" and ref.iri not in origin and c.i > t.i:
                        origin.append(ref.iri)
                        break
            if t.lower_ in ("refugees", "refugee", "exiles", "users", "fans"):
                for c in t.children:
                    ref = self.res.entity_at(c)
                    if ref and ref.type == "Platform" and c.i < t.i and ref.iri not in origin:
                        origin.append(ref.iri)
        destination = [i for i in platforms if i not in origin]
        if not origin:
            origin = self._recent_affected(token)
            destination = [i for i in destination if i not in origin]
        if origin:
            ev.roles["origin"] = origin
        if destination:
            ev.roles["destination"] = destination
        metrics = []
        for ent in sent.ents:
            if ent.label_ in ("CARDINAL", "QUANTITY"):
                value = parse_count(ent.text)
                nxt = self.doc[ent.end : ent.end + 3]
                noun = next((t.lemma_.lower() for t in nxt if t.pos_ == "NOUN"), None)
                if value is not None and noun:
                    metrics.append(Metric(noun, value, self.doc[ent.start : ent.end + 1].text))
        ev.metrics = metrics

    def _recent_affected(self, token: Token) -> list[str]:
        for prior in reversed(self._done):
            if prior.event.type in (
                "Ban",
                "ServiceShutdown",
                "AppStoreRemoval",
                "CourtRuling",
                "LegislationEnacted",
            ) and prior.event.roles.get("affected"):
                platforms = [i for i in prior.event.roles["affected"] if self.res.entities[i].type == "Platform"]
                if platforms:
                    return platforms[:1]
        return []

    def _fill_jurisdiction(self, cand: Candidate, agent: list[str]) -> None:
        ev, token = cand.event, cand.token
        if ev.type not in JURISDICTION_EXPECTED:
            return
        sent = token.sent
        located = [
            i
            for t in self._prep_objects(token, ("in", "across", "throughout", "within"))
            for i in self._entity_of(t, ("Jurisdiction",))
        ]
        homes = [self.res.home[a] for a in agent if a in self.res.home]
        proper = [
            r.iri
            for r in self.res.between(sent.start, sent.end)
            if r.type == "Jurisdiction" and self.doc[r.start].pos_ == "PROPN" and r.start not in self.dateline_tokens
        ]
        demonyms = self._sentence_entities(sent, ("Jurisdiction",), [])
        affected_home = (
            [self.res.home[a] for a in ev.roles.get("affected", []) if a in self.res.home]
            if ev.type in ("CourtRuling",)
            else []
        )
        for level in (located, homes, proper, demonyms, affected_home, [self.dateline] if self.dateline else []):
            level = [i for i in dict.fromkeys(level) if i in self.res.entities or i == self.dateline]
            if level:
                ev.roles["jurisdiction"] = level
                break

    def _dateline_span(self) -> set[int]:
        """'WASHINGTON, December 17, 2024 —': the place and date of filing, not of any event."""
        for sent in list(self.doc.sents)[:4]:
            if sent[0].is_upper and sent[0].is_alpha and sent[-1].text in DASHES:
                return set(range(sent.start, sent.end))
        return set()

    def _dateline(self) -> str | None:
        for ref in self.res.mentions[:12]:
            tok = self.doc[ref.start]
            if tok.is_upper and len(tok.text) > 2:
                if ref.type == "Jurisdiction":
                    return ref.iri
                return self.res.home.get(ref.iri)
        return None

    # -- dates ---------------------------------------------------------------------------

    def _date(self, cand: Candidate) -> None:
        token = cand.token
        best: tuple[int, bool, str] | None = None
        sent = token.sent
        lo = bisect.bisect_left(self._date_starts, sent.start)
        hi = bisect.bisect_left(self._date_starts, sent.end)
        for ent in self._date_ents[lo:hi]:
            value = self.last_date if datelib.SAME_DAY.search(ent.text) else self._resolve(ent.text)
            if not value:
                continue
            strong, dist = self._date_link(token, ent.root)
            key = (0 if strong else 1, dist)
            if best is None or key < (best[0], best[1]):
                best = (key[0], key[1], value)
        if best:
            cand.event.date = best[2]
            cand.date_strong = best[0] == 0

    def _resolve(self, text: str) -> str | None:
        if text not in self._resolved:
            self._resolved[text] = datelib.resolve(text, self.published)
        return self._resolved[text]

    def _date_link(self, trigger: Token, date_root: Token) -> tuple[bool, int]:
        t_anc = [trigger, *trigger.ancestors]
        d_anc = [date_root, *date_root.ancestors]
        lca = next((a for a in t_anc if a in d_anc), None)
        if lca is None:
            return False, 99
        t_path = t_anc[: t_anc.index(lca)]
        d_path = d_anc[: d_anc.index(lca)]
        dist = len(t_path) + len(d_path)
        gov = self._governor(trigger)
        d_clean = not any(t.dep_ in CLAUSE_DEPS for t in d_path)
        t_clean = all(t.dep_ not in CLAUSE_DEPS or (t is trigger and gov is not trigger) for t in t_path)
        date_tokens = {date_root.i} | {t.i for t in date_root.subtree}
        modifies_date = lca.i in date_tokens
        return d_clean and (t_clean or modifies_date), dist

    # -- main ----------------------------------------------------------------------------

    def _paragraph(self, token: Token) -> Span:
        start = token.sent.start
        while start > 0 and "\n" not in self.doc[start - 1].text_with_ws:
            start = self.doc[start - 1].sent.start
        end = token.sent.end
        while end < len(self.doc) and "\n" not in self.doc[end - 1].text_with_ws:
            end = self.doc[end].sent.end
        return self.doc[start:end]

    def _nearest_in(self, span: Span, token: Token, types: tuple[str, ...]) -> list[str]:
        cands = [r for r in self.res.between(span.start, span.end) if r.type in types and r.iri in self.res.entities]
        if not cands:
            return []
        return [min(cands, key=lambda r: abs(r.start - token.i)).iri]

    def extract(self) -> tuple[list[Event], list[Event]]:
        self._done: list[Candidate] = []
        unasserted: list[Candidate] = []
        for sent in self.doc.sents:
            for cand in self._sentence(sent):
                if cand.event.modality == "asserted":
                    self._done.append(cand)
                    if cand.event.date and cand.date_strong:
                        self.last_date = cand.event.date
                else:
                    unasserted.append(cand)
        merged = merge(self._done, self.res.home)
        return [c.event for c in merged], [c.event for c in unasserted]

    def _sentence(self, sent: Span) -> list[Candidate]:
        out: list[Candidate] = []
        for token in sent:
            cand = None
            for trig in self._matches(token):
                cand = self._candidate(token, trig, sent)
                if cand is not None:
                    break
            if cand is None:
                continue
            self._amounts(cand, out)
            cand.event.id = self._event_iri(cand.event, token)
            out.append(cand)
        out = self._fold_participles(out)
        out.extend(self._coordinated(out))
        return out

    @staticmethod
    def _fold_participles(found: list[Candidate]) -> list[Candidate]:
        """'upheld the law, rejecting TikTok's argument': one decision, not two."""
        tokens = {c.token.i: c for c in found}
        kept = []
        for cand in found:
            heads = [tokens[a.i] for a in cand.token.ancestors if a.i in tokens]
            if any(
                h.event.type == cand.event.type
                and cand.token.dep_ in ("advcl", "conj", "xcomp")
                and cand.token.head.i == h.token.i
                for h in heads
            ):
                continue
            kept.append(cand)
        return kept

    def _candidate(self, token: Token, trig: Trigger, sent: Span) -> Candidate | None:
        text = self.text[sent.start_char : sent.end_char]  # Span.text walks every token
        ev = Event(
            id="",
            type=trig.type,
            trigger=self._trigger_text(token),
            sentence=text.strip(),
            start=sent.start_char,
            end=sent.start_char + len(text.rstrip()),
            confidence=0.5,
            outcome=trig.outcome,
        )
        cand = Candidate(token=token, trigger=trig, event=ev, order=token.i)
        ev.modality = self.modality(token)
        if ev.modality == "asserted":
            self._ordered(cand)
        verb, who = self.speaker(token)
        self._date(cand)
        if not self._fill_roles(cand):
            return None
        if verb is not None and ev.type != "PublicStatement":
            agents = ev.roles.get("agent", [])
            if who is None or who not in agents:
                ev.modality = "reported"
        if ev.modality != "asserted":
            ev.confidence = 0.25
        return cand

    def _ordered(self, cand: Candidate) -> None:
        """'The government ordered Apple to remove Temu', 'ordered X blocked': an authority's
        order against a platform is a Ban by that authority; other orders are not yet events."""
        token, ev = cand.token, cand.event
        node = token
        if token.dep_ in ("xcomp", "ccomp", "acl", "oprd"):
            head = token.head
            if token.dep_ in ("acl", "oprd") and head.pos_ in ("NOUN", "PROPN"):
                head = head.head
            if head.lemma_.lower() in ORDER_VERBS and head.pos_ == "VERB":
                node = head
        if node is token:
            return
        subj = [c for c in node.children if c.dep_ in ("nsubj",)]
        authority = self._entity_of(subj[0], AUTHORITY_TYPES) if subj else []
        if authority and ev.type in ("AppStoreRemoval", "ServiceShutdown", "Ban", "Divestiture"):
            ev.type, ev.outcome = "Ban", None
            cand.extra["agent"] = authority
            cand.extra["governor"] = node
        elif ev.type not in ("Ban", "CourtRuling"):
            ev.modality = "hedged"

    def _coordinated(self, found: list[Candidate]) -> list[Candidate]:
        """'The House approved it on Saturday and the Senate followed on Tuesday.'"""
        extra = []
        for cand in found:
            for conj in cand.token.children:
                if conj.dep_ == "conj" and conj.lemma_.lower() in ("follow", "do", "concur") and conj.pos_ == "VERB":
                    subj = [c for c in conj.children if c.dep_ in SUBJ_DEPS]
                    agent = self._entity_of(subj[0], cand.trigger.agent_types or ("Legislature",)) if subj else []
                    if not agent:
                        continue
                    ev = Event(
                        id="",
                        type=cand.event.type,
                        trigger=conj.text,
                        sentence=cand.event.sentence,
                        start=cand.event.start,
                        end=cand.event.end,
                        confidence=cand.event.confidence,
                        roles={**cand.event.roles, "agent": agent},
                        outcome=cand.event.outcome,
                        modality=cand.event.modality,
                    )
                    twin = Candidate(token=conj, trigger=cand.trigger, event=ev, order=conj.i)
                    self._date(twin)
                    ev.id = self._event_iri(ev, conj)
                    extra.append(twin)
        return extra

    def _amounts(self, cand: Candidate, out: list[Candidate]) -> None:
        ev = cand.event
        if ev.type != "Fine":
            return
        sent = cand.token.sent
        money = [e for e in sent.ents if e.label_ == "MONEY"]
        if not money:
            found = parse_money(sent.text)
            if found:
                ev.amount = found
            return
        pairs = []
        agents = ev.roles.get("agent", [])
        for m in money:
            amount = parse_money(m.text)
            prior = [
                r
                for r in self.res.between(sent.start, m.start)
                if r.iri not in agents
                and r.type in ("Company", "Platform", "Person")
                and not self.res.is_app_store(r.iri)
            ]
            if amount:
                pairs.append((prior[-1].iri if prior else None, amount))
        if not pairs:
            return
        ev.amount = pairs[0][1]
        owners = {who for who, _ in pairs if who}
        if len(owners) > 1:
            first = True
            for who, amount in pairs:
                if who is None:
                    continue
                if first:
                    ev.roles["affected"] = [who]
                    ev.amount = amount
                    first = False
                    continue
                twin = Event(
                    id="",
                    type="Fine",
                    trigger=ev.trigger,
                    sentence=ev.sentence,
                    start=ev.start,
                    end=ev.end,
                    confidence=ev.confidence,
                    date=ev.date,
                    roles={**ev.roles, "affected": [who]},
                    amount=amount,
                    modality=ev.modality,
                )
                twin.id = self._event_iri(twin, cand.token, salt=who)
                out.append(
                    Candidate(
                        token=cand.token,
                        trigger=cand.trigger,
                        event=twin,
                        date_strong=cand.date_strong,
                        order=cand.order,
                    )
                )

    def _trigger_text(self, token: Token) -> str:
        parts = [token] + [c for c in token.children if c.dep_ == "prt"]
        return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))

    def _event_iri(self, ev: Event, token: Token, salt: str = "") -> str:
        key = f"{ev.type}|{token.idx}|{salt}".encode()
        return f"{EVENT_BASE}{self.article_id}/{hashlib.sha1(key).hexdigest()[:12]}"


def _compatible(a: Event, b: Event, a_strong: bool, b_strong: bool, homes: dict[str, str]) -> bool:
    if a.type != b.type or (a.outcome and b.outcome and a.outcome != b.outcome):
        return False
    if a.date and b.date and a_strong and b_strong and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    if a.amount and b.amount and a.amount.value != b.amount.value:
        return False

    def widen(role: str, ev: Event) -> set[str]:
        values = set(ev.roles.get(role, []))
        return values | {homes[v] for v in values if v in homes} if role == "agent" else values

    same_agent = bool(widen("agent", a) & widen("agent", b))
    shared = False
    for role in ("agent", "affected", "origin"):
        x, y = widen(role, a), widen(role, b)
        if (
            x
            and y
            and not (x & y)
            and not (role == "affected" and same_agent and not (a_strong and b_strong) and not (a.amount and b.amount))
        ):
            return False
        shared = shared or bool(x & y)
    return shared


def merge(cands: list[Candidate], homes: dict[str, str]) -> list[Candidate]:
    """One event reported in several sentences (headline, lead, body) becomes one event."""
    kept: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (not c.date_strong, c.order)):
        twin = next((k for k in kept if _compatible(k.event, cand.event, k.date_strong, cand.date_strong, homes)), None)
        if twin is None:
            kept.append(cand)
            continue
        for role, values in cand.event.roles.items():
            merged = twin.event.roles.setdefault(role, [])
            if role == "agent" and merged:
                continue  # keep the more specific agent: the regulator, not "Italy"
            merged.extend(v for v in values if v not in merged)
        if not twin.event.date or (cand.date_strong and not twin.date_strong):
            twin.event.date, twin.date_strong = cand.event.date, cand.date_strong
        twin.event.amount = twin.event.amount or cand.event.amount
        twin.event.confidence = max(twin.event.confidence, cand.event.confidence)
    return sorted(kept, key=lambda c: c.order)


def amount_of(ev: Event) -> Amount | None:
    return ev.amount
