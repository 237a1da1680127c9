"""Roles from grammar and types: which entity of a trigger's frame is agent, affected,
instrument, origin, destination or counterpart, and whether a sense fits at all.

An entity in a grammatical slot goes to the first role whose slots (roles.toml, or the
sense's own) list that slot and whose entity types accept it. A sense fits when its agent is
of a type that can do it ("a platform cannot ban"), its object is of the kind it acts on
("block the law" is a court's, "block the app" a government's) and its context words occur.
Jurisdictions come from "in X", a place acting as agent, the agent's home, a demonym on the
words, or the place the story is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extractors.entities import linking, references
from extractors.entities.resolver import EntityResolver
from extractors.events.alternatives import replaced
from extractors.events.grammar import Frame, children
from extractors.events.lexicon import Lexicon, Sense, TypeRoles
from extractors.gazetteer import load_toml
from extractors.lookup import sentence_of

# Words that stand for something else in a phrase: "access to X", "TikTok's US business",
# "users of X", "a version of the app": the entities around them are what the phrase names.
PROXY_NOUNS = {
    "access",
    "use",  # "banned the use of TikTok on government phones": the app is what is banned
    "usage",
    "store",  # "the stores of Apple and Google": the companies' stores
    "stores",
    "availability",
    "service",
    "services",
    "operation",
    "operations",
    "activity",
    "activities",
    "business",
    "businesses",
    "unit",
    "arm",
    "subsidiary",
    "division",
    "stake",
    "share",
    "shares",
    "asset",
    "assets",
    "version",
    "app",
    "apps",
    "application",
    "applications",
    "game",
    "games",
    "title",
    "titles",
    "alternative",
    "alternatives",
    "rival",
    "rivals",
    "platform",
    "platforms",
    "account",
    "accounts",
    "feature",
    "features",
    "function",  # "restricting calls on WhatsApp": a service's functions stand for it
    "functions",
    "functionality",
    "call",
    "calls",
    "messaging",
    "payments",
    "transaction",  # "outlawed e-commerce transactions on platforms like TikTok"
    "transactions",
    "sales",
    "livestreaming",
    "livestreams",
    "user",
    "users",
    "creator",
    "creators",
    "refugee",
    "refugees",
    "fan",
    "fans",
    "customer",
    "customers",
    "subscriber",
    "subscribers",
    "download",
    "downloads",
    "sign-up",
    "sign-ups",
    "signups",
    "ups",  # "sign-ups", which the tokenizer splits into "sign - ups"
    "owner",
    "parent",
    "maker",
    "developer",
    "operator",
    "site",
    "website",
    "network",
    "messenger",
    "request",
    "appeal",
    "argument",
    "arguments",
    "case",
    "petition",
    "challenge",
    "lawsuit",
    "bid",
    "motion",
    "deal",
    "sale",
    "plan",
    "model",
    "chatbot",
    "part",
    "control",
    "majority",
    "interest",
    "office",
    "entity",
    "team",
    "local",
    "millions",
    "thousands",
    "number",
    "top",
    "place",
    "spot",
    "position",
    "chart",
    "charts",
    "ranking",
    "rankings",
    "list",
}
GENERIC_AUTHORITIES = {
    "authorities": "Government",
    "government": "Government",
    "officials": "Government",
    "administration": "Government",
    "regulators": "Regulator",
    "regulator": "Regulator",
    "police": "Government",
    "prosecutors": "Government",
    "lawmakers": "Legislature",
    "legislators": "Legislature",
    "parliamentarians": "Legislature",
    "ministry": "Government",
    "state": "Government",
    "watchdog": "Regulator",
    "censors": "Government",
    "junta": "Government",
    "kremlin": "Government",
}
INSTITUTION_KINDS = {
    "judges",
    "courts",
    "regulators",
    "governments",
    "states",
    "countries",
    "legislatures",
    "parliaments",
    "watchdogs",
    "agencies",
    "ministries",
    "tribunals",
    "lawmakers",
    "prosecutors",
}


def _dated(token: Token) -> bool:
    return any(t.ent_type_ in ("DATE", "TIME") for t in sentence_of(token))


def _fronted(token: Token, frame: Frame) -> bool:
    """A prepositional object whose phrase stands before the verb and its subject: the
    sentence's frame ("In its first case under the law, ..."), not one of the verb's complements."""
    prep = token.head
    if token.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.i != frame.trigger.i:
        return False
    return prep.i < frame.trigger.i and all(prep.i < s.i for s in frame.subj)


_SERVICE_ACTS = ("ServiceRestored", "ServiceShutdown")
_PLANS: dict[int, tuple] = {}  # id(sense) -> (sense, what it asks of a frame): `RoleFiller._plan`
SERVICE_WORDS = frozenset({"service"})


def _another_kind_of_ban(frame: Frame) -> bool:
    """'the curfew restrictions were eased', 'lifted the travel ban': a ban named by what it
    restricts, which is no app or service (cues.toml [bans])."""
    nouns = [frame.trigger] if frame.form == "noun" else [*frame.obj, *frame.subj]
    return any(
        c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in _OTHER_BANS for t in nouns for c in t.children
    )


def _hyphenated(token: Token) -> str:
    """'sign-ups', which the tokenizer splits into 'sign - ups', read whole from its last part."""
    doc = token.doc
    if (
        token.i >= 2
        and doc[token.i - 1].text == "-"
        and not doc[token.i - 2].whitespace_
        and not doc[token.i - 1].whitespace_
    ):
        return f"{doc[token.i - 2].lower_}-{token.lower_}"
    return token.lower_


def _counts(subject: Token, words: tuple[str, ...]) -> bool:
    """'Downloads of Bluesky', 'RedNote's sign-ups': a subject headed by what is counted."""
    head = subject.doc[subject.left_edge.i : subject.i + 1].text.lower()
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", head) for w in words)


def _is_service(token: Token) -> bool:
    """'Service returned the next day': the platform's own service, not named ('access
    returned' after a block is the block lifted, not the platform's act)."""
    return (
        token.lower_ in SERVICE_WORDS
        and token.tag_ in ("NN", "NNP")  # "services which had chosen to block UK users" are any services
        and not any(c.dep_ == "poss" for c in token.children)
    )


OWNER_NOUNS = {"maker", "owner", "parent", "developer", "operator", "publisher", "creator"}
# words of a title a person is named with ("Ofcom chief executive X", "Attorney General X")
OFFICE_TITLES = frozenset(
    {
        "chief",
        "executive",
        "officer",
        "head",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "commissioner",
        "director",
        "minister",
        "secretary",
        "general",
        "attorney",
        "president",
        "deputy",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "prosecutor",
        "governor",
    }
)
_TITLE_DEPS = ("compound", "amod", "nmod")
_AUTHORITIES = frozenset({"Regulator", "Government", "Legislature"})
JUDICIAL_TITLES = {"judge", "justice", "magistrate", "justices", "judges", "court", "panel", "bench", "chief"}


def _members_clause(clause: Token) -> bool:
    """A clause naming who a group is made of or led by, not what it did."""
    if clause.dep_ not in ("relcl", "acl") or clause.head.lemma_.lower() not in GROUP_NOUNS:
        return False
    lemma = clause.lemma_.lower()
    if lemma in ("include", "comprise", "involve"):
        # "a group that includes Oracle"; not "groups whose members include Meta": its members,
        # not the group, are named
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        return all(c.lower_ in ("that", "which", "who") for c in subjects)
    return lemma in ("lead", "head", "back") and clause.tag_ == "VBN"


def _brought_by(clause: Token) -> bool:
    """'the appeal lodged by Meta': a claim and the party that brought it."""
    return (
        clause.dep_ == "acl"
        and clause.tag_ == "VBN"
        and clause.lemma_.lower() in ("seek", "bring", "file", "lodge", "submit", "launch", "mount", "make")
        and clause.head.lemma_.lower() in CLAIM_NOUNS
    )


CLAIM_NOUNS = {
    "appeal",
    "application",
    "case",
    "challenge",
    "claim",
    "complaint",
    "lawsuit",
    "motion",
    "petition",
    "relief",
    "reliefs",
    "remedy",
    "request",
    "review",
    "suit",
    "injunction",
    "order",
}
GROUP_NOUNS = {
    "group",
    "consortium",
    "coalition",
    "investor",
    "investors",
    "bidder",
    "bidders",
    "buyer",
    "buyers",
    "partner",
    "partners",
    "venture",
}
# kinds of party whose members a sentence may list after them ("the providers ..., among them X")
_MEMBER_KINDS = frozenset(
    {
        "providers",
        "platforms",
        "companies",
        "firms",
        "apps",
        "services",
        "operators",
        "networks",
        "sites",
        "websites",
        "intermediaries",
    }
)
PHRASE_STOP = {"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "cc", "det", "parataxis", "mark", "aux", "neg"}
# Nouns that measure another: "two hours of arguments", "a round of fines".
_FIGURATIVE = frozenset(load_toml("cues.toml")["figures"]["destinations"])
_OTHER_BANS = frozenset(load_toml("cues.toml")["bans"]["other_kinds"])
_MEASURES = frozenset({"hour", "minute", "day", "week", "round", "series", "set", "wave", "string", "number", "lot"})
PLACE_PREPS = ("in", "across", "throughout", "within", "inside", "for")
COURT_PREPS = ("in", "before", "at", "with", "to")  # where a suit is filed
PEOPLE = {
    "user",
    "users",
    "people",
    "citizen",
    "citizens",
    "resident",
    "residents",
    "consumer",
    "consumers",
    "customer",
    "customers",
    "creator",
    "creators",
    "teen",
    "teens",
    "teenager",
    "teenagers",
    "child",
    "children",
    "market",
    "subscriber",
    "subscribers",
    "audience",
    "internet",
    "operation",
    "operations",
    "business",
    "store",
    "stores",
    "chart",
    "charts",
    "ranking",
    "rankings",
}
# The people a platform serves: as doers they act for themselves, never for the platform.
_USER_NOUNS = frozenset({"user", "creator", "customer", "subscriber", "consumer", "parent", "teen", "teenager"})
# Acts that cut a platform off, and the proceedings whose names no such act cuts off.
_CUTTING_ACTS = ("Ban", "ServiceShutdown", "AppStoreRemoval")
_PROCEEDINGS = ("Investigation", "LegalChallenge", "CourtHearing")
# Types whose users are the point: "TikTok users flocked to RedNote" names where they came from.
_USERS_COUNT = ("UserMigration", "AppRankingChange")
SLOT_ORDER = (
    "orderer",
    "subj",
    "by",
    "poss",
    "obj",
    "on",
    "against",
    "of",
    "into",
    "over",
    "upon",
    "to",
    "from",
    "for",
    "under",
    "with",
    "in",
    "at",
    "onto",
    "toward",
    "towards",
    "across",
    "concerning",
    "regarding",
    "involving",
    "targeting",
    "mods",
    "asked",  # "asked the court to block X": X (grammar.verb_frame)
    "content",  # "signed an order requiring X to sell Y": X and Y (grammar.order_content)
    "maker",  # "appealed the fine imposed by X", "the ban that X imposed": X (`RoleFiller._makers`)
)
# where an appeal names the act it is brought against: "appealed the fine", "an appeal against the order"
_CHALLENGED_SLOTS = ("obj", "against", "over", "of", "on")
ROLE_ORDER = ("agent", "counterpart", "affected", "instrument", "origin", "destination")


# acts only an office of state does: a person who does them acts for the place of that office
_STATE_ACTS = frozenset(
    {"ExecutiveOrder", "Ban", "BanLifted", "RegulationIssued", "LegislationEnacted", "LegislationProposed", "Fine"}
)


@dataclass
class Filled:
    roles: dict[str, list[str]] = field(default_factory=dict)
    syntactic_agent: bool = False
    places: list[str] = field(default_factory=list)  # jurisdictions named in the frame
    weak: set[str] = field(default_factory=set)  # roles taken from context
    generic: bool = False  # the doer is a kind ("federal judges"), not someone in particular
    people: bool = False  # the doers are a platform's users ("five TikTok users"): named, no entity
    reached: bool = False  # its context is only in a sentence before: a sense its own sentence fits wins


class RoleFiller:
    def __init__(self, resolver: EntityResolver, lexicon: Lexicon) -> None:
        self.res = resolver
        self.doc = resolver.doc
        self.lex = lexicon
        self.event_nouns = lexicon.noun_heads
        self._phrases: dict[int, list[str]] = {}
        self._sentences: dict[int, set[str]] = {}
        self._words: dict[int, set[str]] = {}  # `_phrase_words`
        # "Nigeria said it had suspended Twitter": who a pronoun inside a report stands for
        self.speaker_of = lambda token: None
        self._office_map: dict[str, list[str]] | None = None  # `_offices`

    # -- what a phrase names -------------------------------------------------------------

    def phrase_entities(self, head: Token) -> list[str]:
        """Entities a phrase names: its mentions, coordinated ones, pronouns, and through a
        proxy word ("access to X", "TikTok's business") the entities around it. Relative and
        adverbial clauses are not part of the phrase ("Trump, who tried to ban TikTok")."""
        if head.i in self._phrases:
            return self._phrases[head.i]
        res = self.res
        found: list[str] = []
        stack = [head]
        seen = set()
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            ref = res.entity_at(t)
            if ref is not None:
                if ref.iri in res.entities and ref.iri not in found:
                    found.append(ref.iri)
                if ref.type == "Person":
                    found.extend(i for i in self._offices(ref.iri) if i not in found)
            elif t.i in res.groups:
                found.extend(i for i in res.groups[t.i] if i not in found)
            elif t.lower_ in ("it", "they", "them", "he", "she", "him", "her", "its", "their", "we"):
                iri = self.speaker_of(t) if t.dep_ in ("nsubj", "nsubjpass") else None
                iri = iri or res.pronoun(
                    t,
                    (
                        "Platform",
                        "Company",
                        "LegalInstrument",
                        "Person",
                        "Regulator",
                        "Government",
                        "Court",
                        "Legislature",
                        "Organization",
                        "Jurisdiction",  # only ever a coordinated clause's subject: "Arkansas sued ... and it sued"
                    ),
                )
                if iri and iri not in found:
                    found.append(iri)
            elif t is head and t.lemma_.lower() in OWNER_NOUNS and (owned := self._owned(t)):
                # "the iPhone maker", "the app's owner": the company behind the thing named
                found.extend(i for i in owned if i not in found)
                continue
            elif t.lower_ in GENERIC_AUTHORITIES and t.pos_ in ("NOUN", "PROPN") and t is head:
                iri = references.synthesize(res, t, GENERIC_AUTHORITIES[t.lower_], definite=True)
                if iri and iri not in found:
                    found.append(iri)
            elif t is head and ref is None and references.head_of_government(t):
                # "Kenya's president signed the act": the state, through its unnamed head
                iri = references.synthesize(res, t, "Government", definite=False)
                if iri and iri not in found:
                    found.insert(0, iri)
            proxy = ref is None and (
                t.lemma_.lower() in PROXY_NOUNS or t.lower_ in PROXY_NOUNS or t.lemma_.lower() in self.event_nouns
            )
            for child in t.children:
                if ref is None and _members_clause(child):
                    # "a group of investors that includes Oracle", "a consortium led by Oracle"
                    stack.extend(o for o in child.children if o.dep_ in ("dobj", "obj", "agent"))
                    continue
                if ref is None and _brought_by(child):
                    # "the reliefs sought by X", "the appeal lodged by Meta": whose claim it is
                    stack.extend(o for a in child.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj")
                    continue
                if child.dep_ in PHRASE_STOP:
                    continue
                if child.dep_ == "prep":
                    person = ref is not None and ref.type == "Person" and child.lower_ in ("of", "at")
                    if not person and (
                        not proxy
                        or child.lower_
                        not in (
                            "of",
                            "to",
                            "on",
                            "against",
                            "for",
                            "in",
                            "among",
                            "including",
                            "from",
                            "into",
                            "with",
                            "like",
                            "over",
                            "by",
                            "as",
                        )
                    ):
                        continue
                if child.dep_ == "poss" and ref is not None:
                    continue  # "India's Ministry": the possessor is a modifier of a name
                if child.dep_ in ("compound", "amod", "nmod") and ref is not None:
                    other = res.entity_at(child)
                    if other is None or other.iri == ref.iri:
                        continue  # part of the same name ("Data Protection Commission")
                stack.append(child)
        if not found and head.tag_ in ("NNS", "NNPS") and head.lower_ in _MEMBER_KINDS:
            found = self._members_listed_after(head)
        self._phrases[head.i] = found
        return found

    def _offices(self, person: str) -> list[str]:
        """'Ofcom chief executive Melanie Dawes', 'Andreas Mundt, the president of the
        Bundeskartellamt': the authority a person's title names anywhere in the article, which
        acts through them wherever they are named ("Dawes fined 4chan"). Only authorities count
        ("TikTok chief executive X" speaks; TikTok does not sue through them)."""
        if self._office_map is None:
            self._office_map = {}
            for ref in self.res.mentions:
                if ref.type == "Person":
                    found = self._office_map.setdefault(ref.iri, [])
                    found.extend(i for i in self._titled(self.doc[ref.end - 1], ref.iri) if i not in found)
        return self._office_map.get(person, [])

    def _titled(self, name: Token, person: str) -> list[str]:
        """The authorities a title on this mention names: before the name (the parser hangs it on
        the first name or on a title word, so the walk goes through both) or in apposition after
        it ("X, the president of Y", "X, Y's chief executive")."""
        res = self.res
        out: list[str] = []
        stack = [c for c in name.children if c.dep_ in _TITLE_DEPS]
        for title in (c for c in name.children if c.dep_ == "appos" and c.lower_ in OFFICE_TITLES):
            stack.append(title)
            stack.extend(c for c in title.children if c.dep_ == "poss")
            stack.extend(o for p in children(title, "prep") if p.lower_ == "of" for o in children(p, "pobj"))
        while stack:
            t = stack.pop()
            other = res.entity_at(t)
            if other is None or other.iri == person:
                if other is not None or t.lower_ in OFFICE_TITLES:
                    stack.extend(c for c in t.children if c.dep_ in _TITLE_DEPS)
            elif other.iri in res.entities and other.type in _AUTHORITIES and other.iri not in out:
                out.append(other.iri)
        return out

    def _members_listed_after(self, head: Token) -> list[str]:
        """'fines on the providers that did not comply, among them Facebook, Twitter and YouTube',
        'the companies that missed the deadline, such as X and Y': a kind of party the sentence
        goes on to name, wherever the parser hangs the list."""
        res = self.res
        sent = sentence_of(head)
        for t in self.doc[head.i + 1 : sent.end]:
            opens = (
                t.lower_ in ("among", "including")
                or (t.lower_ == "as" and t.i > 0 and self.doc[t.i - 1].lower_ == "such")
                or (t.lower_ == "like" and t.pos_ == "ADP")  # "intermediaries like Google and WhatsApp"
            )
            if not opens:
                continue
            found: list[str] = []
            for u in self.doc[t.i + 1 : sent.end]:
                if u.pos_ in ("VERB", "AUX") or (u.is_punct and u.text not in (",",)):
                    break
                ref = res.entity_at(u)
                if ref is not None and ref.type in ("Platform", "Company") and ref.iri in res.entities:
                    if ref.iri not in found:
                        found.append(ref.iri)
            return found
        return []

    def _place_of_event(self, frame: Frame, slot: str, iri: str) -> bool:
        """A place named on the event itself ("the Indian ban", "India's ban") or on the people
        it touches ("Brazilian users"), not a label on a party ("TikTok's Chinese parent")."""
        doc = self.doc
        for ref in self.res.mentions:
            if ref.iri != iri:
                continue
            token = doc[ref.end - 1]
            head = token.head
            if head.i == frame.trigger.i and slot in ("mods", "poss"):
                return True
            if head.lemma_.lower() in PEOPLE and token.dep_ in ("amod", "compound", "nmod", "poss"):
                return True
            labels = ("amod", "compound", "nmod", "poss", "npadvmod")  # not "the Chinese-owned app"
            if token.dep_ not in labels and slot in ("subj", "obj", "poss", "mods"):
                return True  # "India banned"
        return False

    def _owned(self, noun: Token) -> list[str]:
        out = []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "nmod") or (child.dep_ == "prep" and child.lower_ == "of"):
                targets = [child] if child.dep_ != "prep" else [c for c in child.children if c.dep_ == "pobj"]
                for target in targets:
                    ref = self.res.entity_at(target)
                    if ref is None and target.lower_ in ("its", "their"):
                        iri = self.res.pronoun(target, ("Platform",))
                    else:
                        iri = ref.iri if ref is not None and ref.type == "Platform" else None
                    owner = self.res.owner(iri) if iri else None
                    if owner:
                        self.res.new_entity(owner, "Company", owner.rsplit("/", 1)[-1])
                        out.append(owner)
        return out

    def judge_to_court(self, head: Token, iris: list[str]) -> list[str]:
        """'Judge Donald Molloy blocked the law': a judge acts for the court."""
        people = [i for i in iris if self.res.type_of(i) == "Person"]
        courts = [i for i in iris if self.res.type_of(i) == "Court"]
        if not courts and any(self.res.type_of(i) in _AUTHORITIES for i in iris):
            return iris  # "Ofcom chief executive X": the person acts for Ofcom, not for a court
        if courts:
            return courts + [i for i in iris if i not in courts]  # "Judge X of the Western District of Y"
        judge = any(i in self.res.judges for i in people)
        if judge or ((people or head.lower_ in JUDICIAL_TITLES) and self._phrase_words(head) & JUDICIAL_TITLES):
            of_court = [
                i
                for prep in head.children
                if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "on", "from")
                for obj in prep.children
                if obj.dep_ == "pobj"
                for i in self.phrase_entities(obj)
                if self.res.type_of(i) == "Court"
            ]  # "a judge of the São Paulo Court of Justice": that court, not the last one named
            court = of_court[0] if of_court else self.res.court_for(head)
            if court:
                return [court, *[i for i in iris if i != court]]
        return iris

    def _phrase_words(self, head: Token) -> set[str]:
        """The lower-case words of a phrase, walked once per phrase."""
        words = self._words.get(head.i)
        if words is None:
            words = self._words[head.i] = {t.lower_ for t in head.subtree} | {head.lower_}
        return words

    # -- the roles -----------------------------------------------------------------------

    def _proceeding(self, head: Token) -> bool:
        """'the investigation into Apple', 'the case against Meta': a proceeding, whose parties
        are its own."""
        return any(f.pos == "noun" and f.sense.type in _PROCEEDINGS for f in self.lex.forms_for(head))

    def _users_of(self, head: Token) -> bool:
        """'five TikTok users', 'creators on YouTube': people a platform serves, named by it,
        not the platform."""
        return head.lemma_.lower() in _USER_NOUNS and self.res.entity_at(head) is None

    def _names_users(self, name: Token, subjects: list[Token]) -> bool:
        """'X (formerly Twitter) users are leaving': the parser makes the name a subject of its
        own beside the users it names, as a parenthesis splits them."""
        return self.res.entity_at(name) is not None and any(
            self._users_of(u) and name.right_edge.i + 1 == u.left_edge.i for u in subjects if u is not name
        )

    def fill(self, frame: Frame, sense: Sense) -> Filled | None:
        rules, own_slots, agent_types, role_types, slots_for = self._plan(sense)
        sent = sentence_of(frame.trigger)
        reached = False
        if sense.context and not self._context(sent, sense.context):
            if not any(self._context(s, sense.context) for s in self._reach(sent, sense.context_reach)[1:]):
                return None  # cheap, and most senses of common words fail here
            reached = True
        if sense.context_also and not self._context(sent, sense.context_also):
            return None
        if sense.type in _CUTTING_ACTS and any(
            self._proceeding(t) and t.lemma_.lower() not in sense.patient_words for t in frame.obj
        ):
            return None  # "closed its investigation into Apple": an inquiry ends, nobody is cut off
        filled = Filled(reached=reached)
        by_slot: dict[str, list[str]] = {}
        present = frame.present()
        if any("maker" in slots for slots in slots_for.values()):
            present["maker"] = self._makers(frame)
        left: list[str] = []  # "looked for an alternative to Twitter": where users come from
        for slot in SLOT_ORDER:
            tokens = present.get(slot)
            if not tokens:
                continue
            iris: list[str] = []
            for tok in tokens:
                found = self.phrase_entities(tok)
                if sense.type == "UserMigration" and (
                    stood_in := {ref.iri for r in replaced(tok) if (ref := self.res.entity_at(r)) is not None}
                ):
                    left.extend(i for i in found if i in stood_in and i not in left)
                    found = [i for i in found if i not in stood_in]
                if (
                    sense.type == "UserMigration"
                    and slot == "subj"
                    and "subj" not in own_slots.get("destination", ())
                    and (self.res.entity_at(tok) is not None or tok.lower_ in ("it", "its"))
                ):
                    found = []  # "RedNote moved past Lemon8": a platform moving is no users moving
                if (
                    slot in ("subj", "by")
                    and sense.type not in _USERS_COUNT
                    and (self._users_of(tok) or self._names_users(tok, tokens))
                ):
                    found = []  # "five TikTok users sued": its users act, not TikTok
                    filled.people = True
                if slot in ("subj", "by", "orderer") and "Court" in agent_types:
                    found = self.judge_to_court(tok, found)
                iris.extend(i for i in found if i not in iris)
            if iris:
                by_slot[slot] = iris
        if left:
            by_slot["from"] = [*by_slot.get("from", []), *(i for i in left if i not in by_slot.get("from", []))]
        if not self._fits(frame, sense, by_slot, agent_types):
            return None
        taken: set[str] = set()
        for slot in (s for s in SLOT_ORDER if s in by_slot):
            for iri in by_slot[slot]:
                etype = self.res.type_of(iri)
                if etype == "Jurisdiction" and self._place_of_event(frame, slot, iri):
                    filled.places.append(iri)
                for role in ROLE_ORDER:
                    if role not in role_types or slot not in slots_for.get(role, ()):
                        continue
                    judge = role == "agent" and "Court" in role_types[role] and iri in self.res.judges
                    if (etype not in role_types[role] and not judge) or not self._store_fits(sense.type, role, iri):
                        continue
                    if iri in self.res.judges and "Court" not in role_types[role] and sense.type != "PublicStatement":
                        continue  # a judge acts for a court: "a complaint before Judge X" does not sue X
                    if iri in taken and role != "agent":
                        continue
                    filled.roles.setdefault(role, [])
                    if iri not in filled.roles[role]:
                        filled.roles[role].append(iri)
                    taken.add(iri)
                    if role == "agent" and slot in ("subj", "by", "orderer", "poss"):
                        filled.syntactic_agent = True
                    break
        doers = [t for s in ("subj", "by") for t in frame.slot(s)]
        if not filled.roles.get("agent") and any(
            self._generic_plural(t)
            and not self.phrase_entities(t)
            and ("Court" in agent_types or t.lower_ not in JUDICIAL_TITLES)  # a judge files no suit
            for t in doers
        ):  # "apps such as Moj and Josh" names its members
            filled.generic = True
        # "Service returned the next day": the platform the story tells of, unnamed
        own_service = sense.type in _SERVICE_ACTS and bool(doers) and all(map(_is_service, doers))
        doer_roles = [r for r, slots in slots_for.items() if r != "agent" and {"subj", "by"} & set(slots)]
        if "agent" not in rules.types and any(filled.roles.get(r) for r in doer_roles):
            pass  # the doer fills another role: "RedNote gained 700,000 users" (its destination)
        elif sense.agent_required and not filled.roles.get("agent"):
            court = None
            judicial = not doers or any(t.lower_ in JUDICIAL_TITLES for t in doers)
            if "Court" in agent_types and judicial and not sense.agent_own:
                court = self._court_nearby(frame)
                if court is None and sense.type == "CourtHearing" and _dated(frame.trigger):
                    # a hearing told with neither its court nor its day is too vague to be one
                    court = linking.topic(self.res, frame.trigger, ("Court",))
            if court is None and own_service:
                court = linking.topic(self.res, frame.trigger, ("Platform",))
            if court is None:
                return None
            filled.roles["agent"] = [court]
            filled.weak.add("agent")
        elif own_service and not filled.roles.get("agent"):
            platform = linking.topic(self.res, frame.trigger, ("Platform",))
            if platform:
                filled.roles["agent"] = [platform]
                filled.weak.add("agent")
        return filled

    def _makers(self, frame: Frame) -> list[Token]:
        """Who made the act a frame is about, named in a clause on that act's noun: "appealed the
        fine imposed on it by the regulator", "challenged the ban that the regulator imposed".
        The clause is not part of the noun's phrase (a relative clause tells of something else),
        but its doer is the party an appeal is brought against."""
        out: list[Token] = []
        for slot in _CHALLENGED_SLOTS:
            for noun in frame.slot(slot):
                if noun.lemma_.lower() not in self.event_nouns or self.res.entity_at(noun) is not None:
                    continue
                for clause in noun.children:
                    if clause.dep_ == "acl" and clause.tag_ == "VBN":
                        # "the fine imposed by X": the passive participle's "by" phrase
                        out += [o for a in children(clause, "agent") for o in children(a, "pobj")]
                    elif clause.dep_ == "relcl" and not any(c.dep_ == "nsubjpass" for c in clause.children):
                        # "the ban that X imposed": the clause's subject, when the noun is its object
                        subjects = children(clause, "nsubj")
                        objects = [c for c in clause.children if c.dep_ in ("dobj", "obj")]
                        told = any(c.dep_ in ("ccomp", "xcomp") for c in clause.children)  # "which X said was"
                        if not told and all(o.tag_ in ("WDT", "WP") for o in objects):
                            out += [s for s in subjects if s.tag_ not in ("WDT", "WP")]
        return out

    def _plan(self, sense: Sense) -> tuple[TypeRoles, dict, tuple[str, ...], dict, dict]:
        """What a sense asks of a frame, from the lexicon alone: worked out once per sense
        (a sense is tried on every word that may bear it). Read only."""
        plan = _PLANS.get(id(sense))
        if plan is None or plan[0] is not sense:
            rules = self.lex.roles[sense.type]
            own_slots = sense.slot_map
            agent_types = sense.agent or rules.types.get("agent", ())
            role_types = {**rules.types, "agent": agent_types}
            slots_for = {role: own_slots.get(role, rules.slots.get(role, ())) for role in role_types}
            plan = _PLANS[id(sense)] = (sense, (rules, own_slots, agent_types, role_types, slots_for))
        return plan[1]

    @staticmethod
    def _generic_plural(token: Token) -> bool:
        """'Federal judges', 'regulators elsewhere', 'a court': a kind, not a party."""
        if (
            token.tag_ == "NN"
            and any(c.dep_ == "det" and c.lower_ in ("a", "an", "any", "every", "no") for c in token.children)
            and token.lower_ in JUDICIAL_TITLES | set(GENERIC_AUTHORITIES)
        ):
            return True
        if token.tag_ not in ("NNS",) or token.lower_ in GENERIC_AUTHORITIES or token.lower_ not in INSTITUTION_KINDS:
            return False
        return not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "both") for c in token.children)

    @staticmethod
    def _prep_heads(frame: Frame, preps: tuple[str, ...]) -> list[Token]:
        """The objects of these prepositions on the trigger or on its light verb ("filed an
        appeal at the General Court": the parser hangs the court on "filed")."""
        heads = [t for prep in preps for t in frame.preps.get(prep, ())]
        if frame.light is not None:
            heads += [o for p in children(frame.light, "prep") if p.lower_ in preps for o in children(p, "pobj")]
        return list(dict.fromkeys(heads))

    def _lodged_with(self, frame: Frame, addressees: tuple[str, ...]) -> bool:
        """Whether the act is lodged "with" or "to" an addressee of these kinds: an entity of
        one of the types, or an unnamed one ("data protection authorities in Belgium")."""
        types = {a for a in addressees if a[:1].isupper()}
        words = {a for a in addressees if a[:1].islower()}
        for tok in self._prep_heads(frame, ("with", "to")):
            if tok.lemma_.lower() in words or tok.lower_ in words:
                return True
            if any(self.res.type_of(i) in types for i in self.phrase_entities(tok)):
                return True
        return False

    def _act_on_a_party(self, objects: list[Token]) -> bool:
        """An object that is itself an event noun aimed at a platform or company ('a partial
        restriction on voice calls on Telegram'): the verb only tells that act."""
        for noun in objects:
            if noun.lemma_.lower() not in self.event_nouns:
                continue
            aimed = [o for p in noun.children if p.dep_ == "prep" and p.lower_ in ("on", "against") for o in p.subtree]
            if any(self.res.type_of(i) in ("Platform", "Company") for o in aimed for i in self.phrase_entities(o)):
                return True
        return False

    def _fits(self, frame: Frame, sense: Sense, by_slot: dict[str, list[str]], agent_types: tuple[str, ...]) -> bool:
        res = self.res
        if sense.intransitive and frame.obj:
            return False  # "registered a trademark" is no registration with an authority
        if sense.transitive and not frame.obj:
            return False  # "downloads took off in the App Store": a surge, nothing taken off
        if sense.addressee_not and self._lodged_with(frame, sense.addressee_not):
            return False  # "lodged a complaint with the Austrian data protection authority"
        if any(t.lemma_.lower() in _FIGURATIVE for t in frame.preps.get("to", ())):
            return False  # "TikTok returns to the spotlight": attention, not service
        if sense.type in ("Ban", "BanLifted") and _another_kind_of_ban(frame):
            return False  # "the travel ban was lifted, and Instagram remained blocked": no app's ban
        if sense.needs_slots and not any(frame.slot(s) for s in sense.needs_slots):
            return False  # "the service went live", "user numbers went through a shift": no move to a place
        if sense.counted_subject and not any(_counts(t, sense.patient_words) for t in frame.subj):
            return False  # "Signal jumped to first place on the download chart": a rank, not a surge
        if (
            sense.type == "Fine"
            and frame.trigger.lemma_.lower() == "sanction"
            and any(t.lemma_.lower() in self.event_nouns for t in frame.obj)
        ):
            return False  # "no court order sanctioned the suspension": authorised an act, fined no one
        if sense.type == "RegulationIssued" and frame.form == "verb" and self._act_on_a_party(frame.obj):
            return False  # "announced a restriction on Telegram": the ban is told, not a rule issued
        if sense.slot_map.get("agent") == ("obj",) and not any(self.res.entity_at(t) for t in frame.obj):
            return False  # "the bill passed a second reading in the Senate": a stage passed, not the Senate's vote
        # "The law took effect": a subject the sense reads as another role is no doer
        subj_elsewhere = any("subj" in slots for role, slots in sense.slots if role != "agent")
        doer_slots = ("orderer", "by") if subj_elsewhere else ("orderer", "subj", "by")
        doer = [i for s in doer_slots for i in by_slot.get(s, ())]
        if doer and agent_types and frame.light_class != "patient":
            kinds = {res.type_of(i) for i in doer}
            if not kinds & set(agent_types) and not ("Court" in agent_types and "Person" in kinds):
                return False  # "TikTok suspended the feature" is no Ban
        if sense.patient_types or sense.patient_words:
            passive_light = frame.light is not None and frame.trigger.dep_ == "nsubjpass"
            complements = [
                t
                for s, ts in frame.present().items()
                # "under the DSA" names the power acted under, never what was acted on
                if s not in ("subj", "by", "orderer", "under")
                for t in ts
                # "The suspension was ordered by Moraes on August 30": when, not on whom
                if not (passive_light and t.ent_type_ in ("DATE", "TIME"))
                # "In its first action under the DSA, the Commission announced a fine": a phrase
                # fronted before the subject frames the sentence; it is not what was announced
                and not (frame.form == "verb" and _fronted(t, frame))
            ]
            if frame.form == "adj" or any(s == "subj" for r, ss in sense.slots for s in ss if r != "agent"):
                complements += frame.subj
            bare_reference = (
                frame.form == "noun"
                # "gave its final approval on 18 July": a possessive pronoun, an adjective and the
                # light verb's date name no patient ("the end of August" is a time, not an event)
                and not [
                    t
                    for t in complements
                    if not (
                        t.dep_ == "amod"
                        or (t.dep_ == "poss" and t.pos_ == "PRON")
                        or (t.ent_type_ in ("DATE", "TIME") and frame.light is not None and t.head.head == frame.light)
                    )
                ]
                and not set(by_slot) - {"subj", "by", "orderer", "poss"}  # "the DPC opened the inquiry"
                and (
                    any(
                        (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
                        or (c.dep_ == "poss" and c.lower_ in ("its", "their") and frame.light is not None)
                        for c in frame.trigger.children
                    )
                    # "the Commission opened formal proceedings in June": an authority's own act,
                    # on whom the story says
                    or (frame.light_class == "agentive" and sense.type == "Investigation" and bool(by_slot))
                )
            )  # "the block", "the Council gave its approval": the event told before, joined by coreference
            # "a multi-year DPC investigation": an authority's own inquiry, on whom the story says
            named_inquiry = (
                frame.form == "noun"
                and sense.type == "Investigation"
                and set(by_slot) == {"mods"}
                and any(res.type_of(i) in agent_types for i in by_slot["mods"])
            )
            if not bare_reference and not named_inquiry and not self._patient_fits(complements, sense, by_slot):
                return False
        return True

    def _patient_fits(self, complements: list[Token], sense: Sense, by_slot: dict[str, list[str]]) -> bool:
        res = self.res
        words = set(sense.patient_words)
        for tok in complements:
            # "paid 28.6 million reais in fines": an amount's "in" names what it is
            amount = [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "in" for o in children(p, "pobj")]
            counted = any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in tok.children)
            if not counted and tok.ent_type_ != "MONEY":
                amount = []
            if tok.lemma_.lower() in _MEASURES:
                # "heard two hours of arguments", "a series of fines": the measured thing
                amount += [
                    o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in children(p, "pobj")
                ]
            for t in [tok, *amount, *(c for c in tok.children if c.dep_ in ("compound", "amod", "conj"))]:
                if t.lemma_.lower() in words or t.lower_ in words or _hyphenated(t) in words:
                    return True
            if sense.patient_types and any(res.type_of(i) in sense.patient_types for i in self.phrase_entities(tok)):
                return True
        return False

    def _sentence_words(self, sent: Span) -> set[str]:
        """What a sentence holds, once: its words, lemmas, entity types and markers."""
        cached = self._sentences.get(sent.start)
        if cached is not None:
            return cached
        res = self.res
        words: set[str] = set()
        for t in sent:
            words |= {t.lemma_.lower(), t.lower_, t.text}
            if t.text == "-" and sent.start < t.i < sent.end - 1:
                words.add(f"{t.nbor(-1).lower_}-{t.nbor(1).lower_}")  # "sign-ups", split by the tokenizer
            ref = res.entity_at(t)
            if ref:
                words.add(f"Type:{ref.type}")
                if res.is_app_store(ref.iri):
                    words.add("AppStore")
                if ref.type == "Jurisdiction" and t.tag_ in ("NNPS", "NNS"):
                    words.add("Demonym")  # "Americans", "Brazilians": people of a place
        self._sentences[sent.start] = words
        return words

    def _reach(self, sent: Span, reach: int) -> list[Span]:
        """The sentence and up to `reach` before it in its paragraph: "Regulators ordered a block
        on messaging apps. Viber has been inaccessible since Monday" is that block in force."""
        out = [sent]
        while len(out) <= reach and out[-1].start > 0:
            before = self.doc[out[-1].start - 1]
            if "\n" in before.whitespace_ or before.is_space:
                break
            out.append(sentence_of(before))
        return out

    def _context(self, sent: Span, wanted: tuple[str, ...]) -> bool:
        text = None
        if self._sentence_words(sent) & set(wanted):
            return True
        multi = [w for w in wanted if " " in w]
        if multi:
            text = sent.text.lower()
            return any(w in text for w in multi)
        return False

    def _store_fits(self, etype: str, role: str, iri: str) -> bool:
        """An app store is the agent of a removal or a chart move, never the app affected."""
        if etype not in ("AppStoreRemoval", "AppRankingChange"):
            return not (role in ("affected", "origin", "destination") and self.res.is_app_store(iri))
        store = self.res.is_app_store(iri)
        if role == "agent":
            return store or self.res.type_of(iri) == "Company"
        return not store and self.res.type_of(iri) == "Platform"

    def stores_of(self, iris: list[str]) -> list[str]:
        """'Apple's chart', 'removed by Google': the store a company runs stands for it."""
        out = []
        for iri in iris:
            for store in self.res.gaz.stores_of(iri):
                self.res.new_entity(store, "Platform", store.rsplit("/", 1)[-1])
                out.append(store)
        return out

    def _court_nearby(self, frame: Frame) -> str | None:
        """A court named in this sentence or (for a verb) the one before: passive rulings name none."""
        token = frame.trigger
        floor = self.res.prev_sent_start(token) if frame.form == "verb" else sentence_of(token).start
        courts = [m for m in self.res.between(floor, sentence_of(token).end) if m.type == "Court"]
        if not courts:
            return None
        before = [m for m in courts if m.start < token.i]
        return (before[-1] if before else courts[0]).iri

    # -- jurisdiction --------------------------------------------------------------------

    def jurisdiction(self, frame: Frame, filled: Filled, etype: str) -> list[str]:
        """Where the event has effect, most specific evidence first: "in X"; a place acting
        ("India banned"); the acting authority's home (a court's, a regulator's); the home
        of the law it is under; a demonym on the event or its users ("the Brazilian ban",
        "American users")."""
        res = self.res
        located = []
        for prep in PLACE_PREPS:
            for tok in frame.preps.get(prep, ()):
                if tok.pos_ in ("VERB", "AUX"):
                    continue  # "fined for sending European users' data to China": why, not where
                located.extend(i for i in self._places_in(tok))
        for tok in (t for toks in frame.preps.values() for t in toks if t.ent_type_ in ("DATE", "TIME")):
            # "took effect on January 1 in South Carolina": the parser hangs the place on the date
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS):
                for place in (g for g in prep.children if g.dep_ == "pobj"):
                    located.extend(self._places_in(place))
        if etype in ("AppStoreRemoval", "AppRankingChange"):
            located.extend(self._store_places(frame))  # "Apple's US App Store": the US chart
        if etype in ("ServiceShutdown", "ServiceRestored"):
            for tok in (
                frame.obj + frame.preps.get("from", []) + frame.preps.get("out of", []) + frame.preps.get("to", [])
            ):
                located.extend(self._places_in(tok))
        agents = filled.roles.get("agent", [])
        acting = [a for a in agents if res.type_of(a) == "Jurisdiction"]
        authorities = [a for a in agents if res.type_of(a) in ("Government", "Regulator", "Legislature", "Court")]
        if etype in ("LegalChallenge",):
            # a suit is where it is filed: the court it goes to, else the place it is brought
            # against ("sued Ohio"), else the home of the authority it is against
            affected = filled.roles.get("affected", [])
            if all(res.type_of(a) in ("Jurisdiction", "Government", "Regulator", "Legislature") for a in affected):
                acting = [a for a in affected if res.type_of(a) == "Jurisdiction"]  # not "its Chinese parent"
            authorities = self._courts_seized(frame) or [
                a for a in affected if res.type_of(a) in ("Government", "Regulator", "Legislature", "Court")
            ]
        if etype in _STATE_ACTS:
            # "Trump signed an executive order", "Governor Cox signed the bill": a known office
            # holder acts for the place of that office
            authorities += [a for a in agents if res.type_of(a) == "Person"]
        homes = [res.home[a] for a in authorities if a in res.home]
        if etype in ("Ban", "BanLifted") and homes and all(res.type_of(a) == "Court" for a in authorities):
            homes = [self._country(h) for h in homes]  # a court's block cuts off the whole country
        laws = [res.home[i] for i in filled.roles.get("instrument", []) if i in res.home]
        narrower = [law for law in laws if any(law != h and res.gaz.contains(h, law) for h in homes)]
        if narrower and not located:
            homes = narrower  # the US Supreme Court on a Texas law: the law is Texas's
        demonyms = [p for p in filled.places if p not in located and p not in acting]
        # "heard in Missoula": a town the gazetteer does not know is where, not whose law
        unknown = [p for p in located if res.gaz.by_iri(p) is None]
        located = [p for p in located if p not in unknown]
        for level in (located, acting, homes, laws, unknown, demonyms):
            known = level is homes or level is laws
            level = [i for i in dict.fromkeys(level) if i in res.entities or (known and res.gaz.by_iri(i))]
            if level:
                for place in level[:2]:  # a court's home the article does not name is made known
                    res.new_entity(place, "Jurisdiction", place.rsplit("/", 1)[-1])
                return level[:2]
        return []

    def _courts_seized(self, frame: Frame) -> list[str]:
        """The courts a suit or appeal is brought to, by name: "sued Ofcom in the US District
        Court for the District of Columbia", "challenged the decision before the Higher
        Regional Court of Düsseldorf" (the parser often hangs the court on the object). "In
        federal court" names no court (the resolver ties it to the last one told), and "in the
        light of the Court of Justice's answers" is no court seized."""
        doc = frame.trigger.doc
        heads = self._prep_heads(frame, COURT_PREPS)
        for obj in frame.obj:
            heads += [o for p in children(obj, "prep") if p.lower_ in COURT_PREPS for o in children(p, "pobj")]
        out: list[str] = []
        for head in (t for h in heads for t in (h, *children(h, "conj"))):
            ref = self.res.entity_at(head)
            if (
                ref is not None
                and ref.type == "Court"
                and ref.iri not in out
                and any(doc[k].pos_ == "PROPN" for k in range(ref.start, ref.end))
            ):
                out.append(ref.iri)
        return out

    def _store_places(self, frame: Frame) -> list[str]:
        """The country an app store's name carries ("Apple's US App Store", "the China App
        Store", "the Chinese storefront of Google Play"): a chart or a removal is that
        country's."""
        res = self.res
        sent = sentence_of(frame.trigger)
        places: list[str] = []
        for ref in res.between(sent.start, sent.end):
            if not res.is_app_store(ref.iri):
                continue
            head = sent.doc[ref.end - 1]
            words = list(sent.doc[max(ref.start - 1, sent.start) : ref.end])
            words += [c for c in head.children if c.dep_ in ("amod", "compound", "nmod") and c.i < ref.start]
            for word in words:
                if word.is_title or word.is_upper:
                    entry = res.gaz.by_name(word.text)
                    if entry is not None and entry.type == "Jurisdiction" and entry.iri not in places:
                        res.new_entity(entry.iri, "Jurisdiction", entry.label)
                        places.append(entry.iri)
            # "the App Store in Germany", "the App Store of Apple in the United States"
            for holder in sent.doc[ref.start : ref.end]:
                for prep in (p for p in children(holder, "prep") if p.lower_ == "in"):
                    for obj in children(prep, "pobj"):
                        places.extend(i for i in self._places_in(obj) if i not in places)
        return places

    def _country(self, place: str) -> str:
        """São Paulo state -> Brazil, where the article names Brazil."""
        entry = self.res.gaz.by_iri(place)
        parent = self.res.gaz.get(entry.parent) if entry is not None and entry.parent else None
        if parent is not None and parent.iri in self.res.entities:
            return parent.iri
        return place

    def _places_in(self, tok: Token) -> list[str]:
        return [i for i in self.phrase_entities(tok) if self.res.type_of(i) == "Jurisdiction"]
