"""Clause grammar: who did what to whom, read from the dependency parse the same way for every
event type.

A trigger's *frame* holds its logical subject and object, whatever the surface form:

- active and passive clauses ("the regulator blocked X", "X was blocked by the regulator");
- relative and participial clauses ("the law, which the governor signed", "the app, banned
  by India", "a ruling blocking the law");
- coordinated and controlled verbs ("fined Meta and ordered it to ...", "moved to block X",
  "ordered ISPs to block X" where the orderer is recorded apart);
- nominal events and the light verbs that carry them ("imposed a fine on X", "X was hit
  with a fine", "the suspension of X by the court", "India's ban on TikTok").

Which slot fills which role is decided later by the event type and the entity types
(`arguments.py`); this module knows grammar only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extractors.events.lexicon import graded, passive_adjective, predicate_adverb
from extractors.gazetteer import load_toml
from extractors.quantities import CURRENCY_WORDS

SUBJ = ("nsubj", "csubj")
# verbs whose subject bears the act named by their object: "X appealed the fine", "X paid the fine"
_BORNE_BY_SUBJECT = frozenset({"appeal", "challenge", "contest", "dispute", "pay", "fight", "reject", "settle"})
# verbs whose object an act leaves alone: "the ban excludes YouTube"
_EXCLUDING = frozenset({"exclude", "exempt", "spare", "omit", "except", "excuse", "carve"})
CLAUSE_DEPS = {"advcl", "ccomp", "relcl", "conj", "parataxis", "acl", "xcomp", "csubj", "pcomp"}
_EXPERIENCER = {
    "see",
    "experience",
    "record",
    "report",
    "witness",
    "enjoy",
    "receive",
    "attract",
    "draw",
    "get",
    "log",
    "register",
    "post",
    "notch",
    "gain",
}
RELATIVE_PRONOUNS = {"which", "that", "who", "whom", "whose"}


_OWN_SLOTS = ("subj", "obj", "by", "poss", "mods", "orderer", "content")


@dataclass
class Frame:
    trigger: Token
    form: str  # "verb" | "noun" | "adj"
    governor: Token  # the verb that carries tense, modality and dates
    subj: list[Token] = field(default_factory=list)
    obj: list[Token] = field(default_factory=list)
    by: list[Token] = field(default_factory=list)
    poss: list[Token] = field(default_factory=list)
    mods: list[Token] = field(default_factory=list)
    preps: dict[str, list[Token]] = field(default_factory=dict)
    light: Token | None = None
    light_class: str | None = None  # "agentive" | "agentive_with" | "patient"
    orderer: list[Token] = field(default_factory=list)  # "X ordered ISPs to block ...": X
    content: list[Token] = field(default_factory=list)  # what an order's own words bind: `order_content`
    passive: bool = False

    def present(self) -> dict[str, list[Token]]:
        """The slots that hold something, by name."""
        out = {name: getattr(self, name) for name in _OWN_SLOTS}
        out.update(self.preps)
        return {k: v for k, v in out.items() if v}

    def slot(self, name: str) -> list[Token]:
        if name in _OWN_SLOTS:
            return getattr(self, name)
        return self.preps.get(name, [])


def light_verbs() -> dict[str, str]:
    """Light verb lemma -> its class (cues.toml [light])."""
    light = load_toml("cues.toml")["light"]
    return {lemma: cls for cls, lemmas in light.items() for lemma in lemmas}


_LIGHT: dict[str, str] | None = None


def _light_class(verb: Token, prep: str | None = None) -> str | None:
    """`prep` is the preposition the event noun hangs from: "came under investigation" is
    the verb and that preposition together ("come under"), as a particle would make it."""
    global _LIGHT
    if _LIGHT is None:
        _LIGHT = light_verbs()
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), prep)
    if particle and f"{lemma} {particle}" in _LIGHT:
        return _LIGHT[f"{lemma} {particle}"]
    return _LIGHT.get(lemma)


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or _state_participle(verb):
        return True
    if (
        verb.dep_ == "conj"
        and verb.tag_ in ("VBN", "VBD")
        and verb.head.tag_ == "VBN"
        and verb.head.dep_ in ("acl", "advcl")
        and not any(c.dep_ in SUBJ for c in verb.children)
    ):
        return is_passive(verb.head)  # "Instagram, owned by Meta and acquired in 2012"
    return verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBN" and not any(c.dep_ in SUBJ for c in verb.children)


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    out = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i and c.pos_ in ("NOUN", "PROPN", "PRON"))
    return out


def prep_objects(token: Token) -> dict[str, list[Token]]:
    """'to/on/against/in ... X' phrases of a word: preposition (lower case) -> object heads."""
    out: dict[str, list[Token]] = {}
    for child in token.children:
        if child.dep_ == "agent":
            out.setdefault("by", []).extend(with_conjuncts(children(child, "pobj")))
        elif child.dep_ == "prep":
            name = child.lower_
            if name == "according":
                continue
            objs = children(child, "pobj", "pcomp")
            if not objs:  # "out of Russia", "into force"
                inner = children(child, "prep")
                for p in inner:
                    objs.extend(children(p, "pobj"))
                    name = f"{name} {p.lower_}"
            out.setdefault(name, []).extend(with_conjuncts(objs))
            for obj in objs:
                for inner_name, inner in _amount_preps(obj).items():
                    out.setdefault(inner_name, []).extend(inner)
        elif child.dep_ == "dative":
            # "gave Meta a fine" (the noun itself), "gave its approval to the act" (the parser
            # calls that "to" a dative too: its object is what the phrase names)
            objs = children(child, "pobj") if child.pos_ == "ADP" else [child]
            out.setdefault(child.lower_ if child.pos_ == "ADP" else "to", []).extend(with_conjuncts(objs))
        elif child.dep_ in ("acl", "advcl") and child.lower_ in _ABOUT_PARTICIPLES:
            # "proceedings concerning Alphabet", parsed as a participle with an object
            out.setdefault(child.lower_, []).extend(with_conjuncts(children(child, "dobj", "pobj")))
    return out


# Participles that work as prepositions: "proceedings concerning Alphabet and Apple"
_ABOUT_PARTICIPLES = frozenset({"concerning", "regarding", "involving", "targeting"})


def _amount_preps(obj: Token) -> dict[str, list[Token]]:
    """'a fine of EUR 345 million on TikTok': the parser hangs 'on TikTok' on the amount; it
    belongs to the event the amount measures."""
    if obj.ent_type_ != "MONEY" and not _counted_currency(obj):
        return {}
    out: dict[str, list[Token]] = {}
    for t in obj.subtree:
        if t.ent_type_ != "MONEY" and t.i != obj.i:
            continue
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "for", "to"):
                out.setdefault(child.lower_, []).extend(with_conjuncts(children(child, "pobj")))
    return out


def _counted_currency(token: Token) -> bool:
    """'150 million euros' that the model tags as a number and a noun, not as money."""
    return token.lower_ in CURRENCY_WORDS and any(
        c.dep_ in ("nummod", "compound") and c.like_num for c in token.children
    )


def _date_phrase_subject(verb: Token) -> list[Token]:
    """'In March Apple removed the app': with no comma the parser reads 'March Apple' as the
    object of 'In'; a name after a date word, right before an active verb, is its subject."""
    if is_passive(verb) or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    for prep in children(verb, "prep"):
        if prep.i > verb.i:
            continue
        for obj in children(prep, "pobj"):
            dated = any(c.dep_ == "compound" and c.ent_type_ == "DATE" for c in obj.children)
            if dated and obj.ent_type_ not in ("", "DATE", "TIME") and obj.i == verb.i - 1:
                return with_conjuncts([obj])
    return []


def logical_subject(verb: Token, depth: int = 0) -> list[Token]:
    """The doer of a verb, looking through coordination, control, relatives and participles."""
    own = children(verb, *SUBJ)
    if own:
        if verb.dep_ in ("relcl", "acl") and own[0].lower_ in RELATIVE_PRONOUNS:
            return [verb.head]  # "RedNote, which climbed to first place": RedNote climbed
        return with_conjuncts(own)
    misparsed = _date_phrase_subject(verb)
    if misparsed:
        return misparsed
    if depth > 4 or verb.head.i == verb.i:
        return []
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        if is_passive(head) and not is_passive(verb):
            return logical_subject(head, depth + 1) if children(head, *SUBJ) else []
        return logical_subject(head, depth + 1) if not is_passive(head) else children(head, "nsubjpass")
    if verb.dep_ == "xcomp":
        controller = children(head, "dobj", "obj")
        if controller:
            return controller  # "ordered ISPs to block": ISPs block
        return logical_subject(head, depth + 1)
    if verb.dep_ == "relcl":
        pronoun = [c for c in verb.children if c.lower_ in RELATIVE_PRONOUNS]
        if pronoun and pronoun[0].dep_ in SUBJ:
            return [head]
        return []
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return [head]  # "a ruling blocking the law"
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN") and head.pos_ in ("VERB", "AUX"):
        return logical_subject(head, depth + 1)  # "..., blocking access to the app"
    if _infinitive_of(verb, head) and not is_passive(head):
        return logical_subject(head, depth + 1)  # "went on to appeal", "hired lawyers to appeal": its doer's
    if verb.dep_ == "pcomp" and head.head.pos_ in ("VERB", "AUX"):
        return logical_subject(head.head, depth + 1)  # "after blocking X"
    return []


def _infinitive_of(verb: Token, head: Token) -> bool:
    """A 'to' infinitive the parser hung on a verb as an adverbial clause (of purpose or
    result): it shares that verb's subject."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VB"
        and head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _named(noun: Token) -> Token:
    """'Musical.ly, the video app that ByteDance bought': the app is Musical.ly."""
    if noun.pos_ == "NOUN" and noun.dep_ == "appos" and (noun.head.pos_ == "PROPN" or noun.head.ent_type_):
        return noun.head
    return noun


# "remained", "stays", "became", "got": verbs of a state the parser hangs on a participle as
# its passive auxiliary ("Viber remained blocked") or under which it puts the participle
# ("Viber could remain blocked"); the auxiliary's lemma is often left as written
_STATE_VERBS = frozenset(
    {"remain", "remains", "remained", "stay", "stays", "stayed", "become", "becomes", "became", "get", "gets", "got"}
)


def _state_subject(verb: Token) -> list[Token]:
    """The subject of 'Viber remained blocked', which the parser hangs on the participle or
    on the state verb it took for an auxiliary."""
    states = [c for c in verb.children if c.dep_ == "auxpass" and c.lower_ in _STATE_VERBS]
    return [s for t in [verb, *states] for s in children(t, "nsubj")] if states else []


def _state_participle(verb: Token) -> bool:
    """'could remain blocked', 'became banned': a participle completing a state verb."""
    return verb.tag_ == "VBN" and verb.dep_ in ("acomp", "oprd", "xcomp") and verb.head.lower_ in _STATE_VERBS


def logical_object(verb: Token) -> list[Token]:
    if is_passive(verb):
        # "Viber remained blocked", "X stayed banned": a state verb the parser takes for the
        # passive's auxiliary, leaving its subject an active one
        own = children(verb, "nsubjpass") or _state_subject(verb)
        if not own and _state_participle(verb):
            own = children(verb.head, "nsubj", "nsubjpass")
        if own:
            if verb.dep_ in ("relcl", "acl") and own[0].lower_ in RELATIVE_PRONOUNS:
                return [verb.head]  # "the law, which was signed in April"
            return with_conjuncts(own)
        if verb.dep_ in ("acl", "advcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return [verb.head]  # "the app, banned by India"
        if verb.dep_ == "conj" and is_passive(verb.head):
            return logical_object(verb.head)
        if verb.dep_ == "relcl":
            return [verb.head]
        return []
    own = children(verb, "dobj", "obj", "attr", "oprd")
    if own and verb.dep_ in ("relcl", "acl") and own[0].lower_ in RELATIVE_PRONOUNS:
        return [_named(verb.head)]  # "HB 3, which DeSantis signed": HB 3 was signed
    if own:
        # "fined Apple €500 million and Meta €200 million": the parser may hang the second
        # object on the verb as a conjunct
        stray = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "NUM")]
        return with_conjuncts(own) + stray
    if verb.dep_ == "relcl":
        pronoun = [c for c in verb.children if c.lower_ in RELATIVE_PRONOUNS]
        if (pronoun and pronoun[0].dep_ in ("dobj", "obj")) or (not pronoun and children(verb, *SUBJ)):
            return [verb.head]  # "the law (which) the governor signed"
    for clause in children(verb, "ccomp"):
        if (
            verb.lemma_.lower() in ("order", "direct", "want")
            and clause.tag_ in ("VBN", "VBD")
            and not children(clause, "aux", "auxpass", "mark")
        ):
            small = children(clause, "nsubj", "nsubjpass")
            if small:
                return with_conjuncts(small)  # "ordered WhatsApp blocked": a small clause
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.pos_ == "VERB":
            shared = children(conj, "dobj", "obj")
            if shared and (not children(conj, *SUBJ) or not children(verb, "prep", "ccomp", "xcomp", "advcl")):
                # "banned and later unbanned X"; "Parliament approved and the president signed the law"
                return with_conjuncts(shared)
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        # "Congress passed and Biden signed the law" / "the law Congress passed and Biden signed
        # in April": a relative clause's object is every conjunct's
        if not children(verb, *SUBJ) or not children(verb, "prep", "ccomp", "xcomp") or verb.head.dep_ == "relcl":
            return logical_object(verb.head)
    return []


def participle_frame(verb: Token, speech_nouns: frozenset[str] | set[str]) -> Token | None:
    """'wrote a letter calling for the repeal', 'responded to the ruling by saying that ...':
    the verb whose doer speaks, and whose time is the speaking's, through the participle."""
    if verb.tag_ != "VBG":
        return None
    head = verb.head
    if verb.dep_ == "acl" and head.lemma_.lower() in speech_nouns and head.dep_ in ("dobj", "obj"):
        return head.head
    if verb.dep_ == "pcomp" and head.lower_ == "by" and head.head.pos_ == "VERB":
        return head.head
    return None


# verbs whose object is told to do the act: "ordered ISPs to block X", "wrote to ISPs to stop X"
ORDER_VERBS = frozenset(
    {
        "order",
        "direct",
        "instruct",
        "tell",
        "force",
        "compel",
        "require",
        "ask",
        "demand",
        "mandate",
        "write",
        "request",
        "urge",
        "call",
    }
)


REQUEST_VERBS = frozenset({"ask", "request", "urge", "call", "demand", "petition"})


def _a_court(token: Token) -> bool:
    return token.ent_type_ == "Court" or token.lemma_.lower() in ("court", "judge", "tribunal", "justice", "justices")


def orderer(verb: Token) -> list[Token]:
    """'The court ordered ISPs to block X' / 'ordered X blocked': who gave the order."""
    node = verb
    by_order = order_phrase(verb)
    named_doer = any(t.ent_type_ or t.pos_ == "PROPN" for t in logical_subject(verb))
    if by_order and not named_doer:  # "Apple removed the app at the regulator's request": Apple did it
        return by_order
    if node.dep_ in ("xcomp", "ccomp", "oprd") and node.head.lemma_.lower() in ORDER_VERBS and node.i > node.head.i:
        head = node.head
    elif (
        node.dep_ == "advcl"
        and node.head.lemma_.lower() in ORDER_VERBS
        and node.i > node.head.i
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
    ):
        head = node.head  # "has written to providers to stop X": the parser's purpose clause
    elif (
        node.dep_ in ("acl", "oprd", "amod")
        and node.head.dep_ in ("dobj", "obj")
        and (node.head.head.lemma_.lower() in ORDER_VERBS)
    ):
        head = node.head.head  # "ordered X blocked"
    else:
        return []
    if head.lemma_.lower() in REQUEST_VERBS and any(_a_court(c) for c in head.children if c.dep_ in ("dobj", "dative")):
        return []  # "asked a court to block X": a petition; the court, if it agrees, blocks
    if is_passive(head):
        return children(head, "agent") and [c for a in children(head, "agent") for c in children(a, "pobj")]
    return logical_subject(head)


# "on the orders of X", "at the request of X": nouns that name who had an act done
REQUEST_NOUNS = ("order", "instruction", "request", "behest", "direction", "command")
ORDER_NOUNS = (*REQUEST_NOUNS, "injunction", "ruling", "decision")  # "under an injunction from X" too


def order_phrase_nouns(verb: Token) -> list[Token]:
    """The order nouns of a verb's 'on the orders of X' phrases."""
    return [
        noun
        for prep in children(verb, "prep")
        if prep.lower_ in ("on", "at", "under", "upon")
        for noun in children(prep, "pobj")
        if noun.lemma_.lower() in REQUEST_NOUNS and any(c.dep_ in ("prep", "poss") for c in noun.children)
    ]


def order_phrase(verb: Token) -> list[Token]:
    """'Operators cut off X on the orders of Judge Y' / 'at the request of the ministry' /
    'under an order from the court': the one whose order the doers carried out."""
    for prep in children(verb, "prep"):
        if prep.lower_ not in ("on", "at", "under", "following", "after", "by", "upon"):
            continue
        for noun in children(prep, "pobj"):
            if noun.lemma_.lower() not in ORDER_NOUNS:
                continue
            if noun.lemma_.lower() in ("ruling", "decision") and prep.lower_ not in ("following", "under", "upon"):
                continue
            for inner in children(noun, "prep"):
                if inner.lower_ in ("of", "from", "by"):
                    found = with_conjuncts(children(inner, "pobj"))
                    if found:
                        return found
            owners = children(noun, "poss")  # "on the court's orders"
            if owners:
                return owners
    return []


def reduced_passive_object(verb: Token) -> list[Token]:
    """'Moraes ordered Telegram suspended': the parser reads 'Telegram suspended' as a clause
    with Telegram acting, or Telegram as the order's object; either way Telegram is what the
    order has suspended."""
    if not (
        verb.dep_ in ("ccomp", "xcomp", "oprd")
        and verb.tag_ in ("VBD", "VBN")
        and verb.head.lemma_.lower() in ("order", "direct", "want", "declare", "rule")
        and not children(verb, "dobj", "obj", "aux", "auxpass")
    ):
        return []
    return children(verb, "nsubj") or (children(verb.head, "dobj", "obj") if verb.dep_ != "ccomp" else [])


def _alongside(verb: Token, objects: list[Token]) -> list[Token]:
    """'blocked Zalo on Tuesday, alongside Telegram and Viber', 'along with', 'together with':
    more objects of the act, told after its object (before it, 'X, alongside Y, blocked ...'
    adds doers, not objects)."""
    if not objects:
        return []
    preps = [p for holder in (verb, *objects) for p in children(holder, "prep") if p.i > objects[0].i]
    preps += [w for p in preps if p.lower_ == "along" for w in children(p, "prep") if w.lower_ == "with"]
    adding = [
        p
        for p in preps
        if p.lower_ == "alongside"
        or (p.lower_ == "with" and (p.head.lower_ == "along" or any(c.lower_ == "together" for c in p.children)))
    ]
    found = [t for p in adding for t in with_conjuncts(children(p, "pobj"))]
    return [t for t in found if t not in objects]


# Papers whose own clause says whom they bind: "an order requiring X to sell Y", "a decree
# that bars X from ...", "the order, which prohibited transactions with X".
_BINDING_PAPERS = frozenset({"order", "decree", "directive", "proclamation", "memorandum"})


def order_content(paper: Token) -> list[Token]:
    """The objects of an order's own clause (participle or relative): whom its words require,
    bar or prohibit, where a signing verb or the order noun names nobody it hits. Not a clause
    whose relative pronoun is its object ("the order that Trump signed": who made it)."""
    if paper.lemma_.lower() not in _BINDING_PAPERS:
        return []
    out: list[Token] = []
    for clause in children(paper, "relcl", "acl"):
        if any(c.lower_ in RELATIVE_PRONOUNS and c.dep_ in ("dobj", "obj") for c in clause.children):
            continue
        if clause.dep_ == "relcl" and not any(c.lower_ in RELATIVE_PRONOUNS for c in clause.children):
            continue  # "the order Trump signed": a contact clause tells who made it
        out += [t for t in clause.subtree if t.dep_ in ("dobj", "obj", "pobj") and t.lower_ not in RELATIVE_PRONOUNS]
    return out


def verb_frame(verb: Token) -> Frame:
    reduced = reduced_passive_object(verb)
    passive = is_passive(verb) or bool(reduced)
    frame = Frame(trigger=verb, form="verb", governor=verb, passive=passive)
    subj = logical_subject(verb) if not passive else []
    frame.obj = reduced or logical_object(verb)
    frame.obj += _alongside(verb, frame.obj)
    frame.preps = prep_objects(verb)
    frame.by = frame.preps.pop("by", [])
    if passive and verb.dep_ == "conj" and not frame.by:
        frame.by = prep_objects(verb.head).get("by", [])
    frame.subj = subj
    frame.orderer = orderer(verb)
    if frame.orderer and order_phrase(verb):  # "on the orders of X": no patient of the act
        frame.preps = {p: [t for t in ts if t.lemma_.lower() not in ORDER_NOUNS] for p, ts in frame.preps.items()}
    frame.mods = children(verb, "npadvmod", "advmod", "acomp", "prt")
    frame.content = [t for o in frame.obj for t in order_content(o)]
    if verb.lemma_.lower() in REQUEST_VERBS | {"implore"}:
        # "asked the court to block X": whom the asked act would hit (a petition's target)
        asked = [x for x in children(verb, "xcomp") if any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)]
        frame.preps["asked"] = with_conjuncts([o for x in asked for o in children(x, "dobj")])
    if verb.dep_ == "xcomp" and verb.head.dep_ in ("relcl", "acl") and not frame.subj:
        frame.subj = logical_subject(verb.head)
    if _state_participle(verb):
        frame.governor = verb.head  # "could remain blocked": the state verb carries the clause's mood
    return frame


# Prepositions that place an event in time or cause, not under the verb: "opened proceedings
# following a complaint by Spotify" (Spotify complained, the Commission opened).
_WHEN_PREPS = frozenset(
    {"following", "after", "before", "despite", "amid", "since", "until", "during", "pending", "ahead", "because"}
)
# What is asked for, and the verbs that give it: "granted the motion for a stay".
_ASKED_FOR = frozenset({"request", "motion", "application", "bid", "petition", "plea"})
_GRANTING = frozenset({"grant", "approve", "allow", "accept"})
# Papers that carry an act: "filed a notice of appeal", "served a notice of suspension".
_PAPERS = frozenset({"notice", "writ", "papers", "letter"})


def media(verb: Token) -> list[Token]:
    """'wrote on X that ...', 'said on Instagram that ...': where a speaker said it. A speech
    verb with its content named (an object or a clause) names by its own "on" its medium, not
    its topic ("commented on TikTok" has none, and is about TikTok)."""
    if verb.pos_ != "VERB" or not any(c.dep_ in ("dobj", "obj", "ccomp") for c in verb.children):
        return []
    places = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "on"]
    return [o for p in places for o in p.children if o.dep_ == "pobj"]


def spared(sent: Span) -> set[int]:
    """The tokens naming what a sentence leaves out of an act: "the ban exempts WhatsApp",
    "X was excluded from the ban", "all apps except Signal"."""
    out: set[int] = set()
    for t in sent:
        if t.lemma_.lower() in _EXCLUDING and t.pos_ in ("VERB", "NOUN"):  # "excludes" read as a noun
            for c in t.children:
                if c.dep_ in ("dobj", "obj", "nsubjpass", "xcomp"):
                    out.update(x.i for x in c.subtree)
        elif t.dep_ == "prep" and t.lower_ in ("except", "excluding", "exempting", "sparing"):
            out.update(x.i for x in t.subtree)
    return out


def _paper_of(node: Token) -> Token | None:
    """The paper an act is written on, when a verb files or serves it ("a notice of appeal")."""
    paper = node.head.head
    if node.dep_ != "pobj" or node.head.lower_ != "of" or paper.lemma_.lower() not in _PAPERS:
        return None
    return paper if paper.dep_ in ("dobj", "obj") and paper.head.pos_ in ("VERB", "AUX") else None


def opposed(noun: Token) -> bool:
    """'took up the plea against the suspension of X', 'protested on Friday against the ban':
    an act named after 'against' is one the clause opposes, neither done by its subject nor
    on its day."""
    node = noun
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    # a bare "against the fine" names no act of its own: the clause's verb still decides what
    # it may be ("Meta filed an appeal against the fine" tells no fine by Meta)
    own = any(c.dep_ in ("prep", "poss", "compound", "amod") for c in noun.children)
    return own and node.dep_ == "pobj" and node.head.lower_ == "against"


def noun_frame(noun: Token) -> Frame:
    """A nominal event: its own arguments, and those its light verb brings."""
    frame = Frame(trigger=noun, form="noun", governor=noun)
    # "Ofcom fines 4chan $26,000": a headline verb the tagger took for a plural noun
    frame.subj = children(noun, "nsubj")
    frame.poss = children(noun, "poss")
    frame.mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod", "nummod")]
    frame.preps = prep_objects(noun)
    frame.by = frame.preps.pop("by", [])
    frame.content = order_content(noun)
    of = [t for t in frame.preps.get("of", []) if t.ent_type_ != "MONEY"]  # "a fine of €5m": a size
    if of:
        frame.obj = list(of)
    frame.obj += [
        t for c in children(noun, "dobj") for t in [c, *(x for x in c.subtree if x.dep_ in ("quantmod", "nmod"))]
    ]
    # "the fine of EUR 1.2 billion imposed in May on Meta": the parser hangs the participle on
    # the amount; it tells of the fine
    sized = [t for t in frame.preps.get("of", []) if t.ent_type_ == "MONEY"]
    clauses = [*children(noun, "relcl", "acl"), *(c for t in sized for c in children(t, "acl"))]
    for rel in clauses:  # the parser often takes such a clause for an acl
        # "the orders the ministry had issued", "investigations that the CMA opened into Apple
        # in January": the relative clause names who made them, on whom, and when
        if _light_class(rel) in ("agentive",) and not any(
            c.lower_ in RELATIVE_PRONOUNS and c.dep_ in SUBJ for c in rel.children
        ):
            doers = children(rel, *SUBJ) or (  # "the application filed by Katiba Institute against ..."
                [o for a in children(rel, "agent") for o in children(a, "pobj")] if rel.tag_ == "VBN" else []
            )
            if not frame.subj and not frame.by and doers:
                if children(rel, *SUBJ):
                    frame.subj = doers
                else:
                    frame.by = doers
                frame.governor = rel
                frame.light, frame.light_class = rel, "agentive"
                for name, objs in prep_objects(rel).items():
                    if name in ("on", "against", "into", "over", "under", "upon", "in"):
                        frame.preps.setdefault(name, []).extend(objs)
            elif not doers and rel.tag_ == "VBN" and rel.dep_ == "acl":
                # "the fines imposed on X": on whom, though the participle names no one imposing
                for name, objs in prep_objects(rel).items():
                    if name in ("on", "against", "upon"):
                        frame.preps.setdefault(name, []).extend(objs)
    head = noun.head
    node = noun
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    head = node.head
    verb = None
    if node.dep_ in ("dobj", "obj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        verb = head
    elif (
        node.dep_ == "pobj"
        and head.dep_ in ("prep", "agent")
        and head.head.pos_ in ("VERB", "AUX")
        and head.lower_ not in _WHEN_PREPS
        and not opposed(noun)
    ):
        verb = head.head  # "hit with a fine", "placed under investigation"
    elif (
        node.dep_ == "pobj"
        and head.lower_ == "for"
        and head.head.lemma_.lower() in _ASKED_FOR
        and head.head.dep_ in ("dobj", "obj")
        and head.head.head.lemma_.lower() in _GRANTING
    ):
        # "granted NetChoice's request for an injunction": granting the request is issuing it
        node, verb = head.head, head.head.head
        frame.preps.pop("for", None)
    elif (paper := _paper_of(node)) is not None:
        node, verb = paper, paper.head  # "Meta filed a notice of appeal": filing it is appealing
    elif node.dep_ in ("nsubj",) and head.pos_ in ("VERB", "AUX"):
        frame.governor = head  # "the ban took effect on Monday": tense and date from the verb
        if head.lemma_.lower() in _EXCLUDING or any(c.dep_ == "neg" for c in head.children):
            return frame  # "the ban exempts WhatsApp", "the law does not cover X": spared, not hit
        # "'TikTok refugees' push RedNote to the top", "the ruling hit TikTok": what the
        # event did is named by its verb
        frame.obj = frame.obj or children(head, "dobj", "obj")
        for name, objs in prep_objects(head).items():
            frame.preps.setdefault(name, objs)
        return frame
    if (
        verb is not None
        and node.dep_ in ("dobj", "obj")
        and verb.lemma_.lower() in _BORNE_BY_SUBJECT
        and not any(frame.preps.get(p) for p in ("on", "upon", "against"))
        and not frame.obj
        # "challenged the block": the ban told before, which coreference joins as it is
        and not any(
            c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their") for c in noun.children
        )
    ):
        # "TikTok appealed a €530 million fine imposed by the DPC": whoever appeals, contests or
        # pays a penalty is the one it was laid on
        frame.preps["on"] = logical_subject(verb)
    if verb is None or frame.light is not None:  # "concluding an inquiry it opened in 2023": the opening's
        return frame
    cls = _light_class(verb, node.head.lower_ if node.dep_ == "pobj" else None)
    frame.governor = verb
    frame.orderer = orderer(verb)

    if verb.lemma_.lower() in _EXPERIENCER and node.dep_ in ("dobj", "obj"):
        # "Bluesky has seen an influx of Brazilians": the influx went to the subject
        frame.preps.setdefault("to", logical_subject(verb))
    if cls is None:
        return frame
    frame.light, frame.light_class = verb, cls
    verb_preps = prep_objects(verb)
    passive = is_passive(verb)
    by = verb_preps.pop("by", [])
    if cls == "agentive":
        if passive:
            frame.by = frame.by or by
            if node.dep_ != "nsubjpass":
                frame.obj = frame.obj or children(verb, "nsubjpass")
        else:
            frame.subj = logical_subject(verb)
            if frame.subj and by:
                # "opened an investigation into breaches of the DSA by Temu": an active verb's doer
                # is its subject; a "by" phrase the parser hung on the verb tells whom the act is about
                frame.preps.setdefault("involving", []).extend(by)
            else:
                frame.by = frame.by or by
            if node.dep_ == "pobj" and node.head.lower_ == "with":
                frame.obj = frame.obj or children(verb, "dobj", "obj")  # "issued X with a notice"
        for name in ("on", "against", "into", "over", "to", "for", "from", "in", "under", "upon"):
            if name in verb_preps and not (name == "with" and node.dep_ == "pobj"):
                frame.preps.setdefault(name, []).extend(verb_preps[name])
    elif cls == "agentive_with":
        if passive:
            frame.obj = frame.obj or children(verb, "nsubjpass")
            frame.by = frame.by or by
        else:
            frame.subj = logical_subject(verb)
            frame.obj = frame.obj or children(verb, "dobj", "obj")
        for name in ("in", "under", "over", "for", "on"):
            if name in verb_preps:
                frame.preps.setdefault(name, []).extend(verb_preps[name])
    elif cls == "patient":
        patient = children(verb, "nsubjpass") if passive else logical_subject(verb)
        frame.obj = frame.obj or patient
        frame.by = frame.by or by or verb_preps.get("from", [])
        for name in ("in", "under", "over", "for"):
            if name in verb_preps:
                frame.preps.setdefault(name, []).extend(verb_preps[name])
    return frame


def adjective_frame(adj: Token) -> Frame:
    """'X became inaccessible in Turkey', 'the app is unavailable', 'X is the most downloaded
    app on the App Store': a state of the subject."""
    head = adj.head if adj.dep_ in ("acomp", "oprd", "attr") or predicate_adverb(adj) else adj
    if adj.dep_ == "amod" and adj.head.dep_ in ("attr", "acomp") and adj.head.head.pos_ in ("AUX", "VERB"):
        noun = adj.head
        head = noun.head
        frame = Frame(trigger=adj, form="adj", governor=head)
        frame.obj = logical_subject(head)
        frame.preps = prep_objects(head)
        for name, objs in prep_objects(noun).items():
            frame.preps.setdefault(name, objs)
        return frame
    frame = Frame(trigger=adj, form="adj", governor=head)
    frame.obj = logical_subject(head) if head.i != adj.i else []
    frame.preps = prep_objects(head)
    for name, objs in prep_objects(adj).items():
        frame.preps.setdefault(name, []).extend(objs)
    return frame


def frame_of(token: Token) -> Frame:
    if graded(token):
        return adjective_frame(token)  # "the most downloaded app"
    if token.pos_ in ("VERB", "AUX") or passive_adjective(token):
        return verb_frame(token)
    if token.pos_ == "ADJ" or predicate_adverb(token):
        return adjective_frame(token)
    return noun_frame(token)


def clause_of(token: Token) -> Token:
    """The head of the clause a token stands in (for dates and negation)."""
    node = token
    while node.head.i != node.i and node.dep_ not in CLAUSE_DEPS and node.dep_ != "ROOT":
        node = node.head
    return node
