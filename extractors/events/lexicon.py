"""The trigger lexicon (data/triggers.toml) and the per-type role rules (data/roles.toml).

Loaded once per process; indexed by the head word of each form, so finding the senses a
token may have is one dictionary lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Token

from extractors.gazetteer import load_toml
from extractors.lookup import WordSet, inflections
from extractors.vocabulary import EVENT_TYPES, ROLES


@dataclass(frozen=True)
class Sense:
    type: str
    number: int  # position in the file: earlier senses are tried first
    outcome: str | None = None
    policy: str | None = None
    agent: tuple[str, ...] = ()
    agent_required: bool = False
    agent_own: bool = False  # the agent must be in the trigger's own phrase, not found nearby
    intransitive: bool = False  # "registered before the deadline": the sense has no object
    transitive: bool = False  # "took the app off the store": the sense needs one ("downloads took off")
    patient_types: tuple[str, ...] = ()
    patient_words: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    context_also: tuple[str, ...] = ()  # a second list of which one word must also occur
    context_reach: int = 0  # how many sentences before, in the same paragraph, may hold the context
    slots: tuple[tuple[str, tuple[str, ...]], ...] = ()
    one_per_affected: bool = False  # each affected party its own event ("designated Apple and Google")
    in_force: bool = False  # a rule taking effect: a decree's entry into force is no new decree
    agent_store: bool = False  # the agent runs an app store or is one ("Apple restored X", not "Krafton")
    # the act is ruled out when lodged "with" or "to" one of these ("a complaint with the data
    # protection authority" asks a regulator to act; it brings no case to a court)
    addressee_not: tuple[str, ...] = ()
    counted_subject: bool = False  # the subject is one of patient_words: "downloads of X rose", not "X rose"
    needs_slots: tuple[str, ...] = ()  # one of these slots must be filled: "went to X", not "went live"

    @property
    def slot_map(self) -> dict[str, tuple[str, ...]]:
        return dict(self.slots)


@dataclass(frozen=True)
class Form:
    """One written form of a sense: its head word and the other words it needs."""

    sense: Sense
    pos: str  # verb | noun | adj
    head: str
    before: tuple[str, ...] = ()  # noun modifiers before the head ("executive" order)
    after: tuple[str, ...] = ()  # verb dependents after it ("come" into force)

    @property
    def words(self) -> int:
        return 1 + len(self.before) + len(self.after)


@dataclass
class TypeRoles:
    """roles.toml for one event type."""

    types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    slots: dict[str, tuple[str, ...]] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    jurisdiction: bool = False


@dataclass
class Lexicon:
    senses: list[Sense]
    forms: dict[tuple[str, str], list[Form]]  # (pos, head word) -> forms, longest first
    roles: dict[str, TypeRoles]
    words: WordSet = field(default_factory=lambda: WordSet(()))  # every written form of every head
    noun_heads: frozenset[str] = frozenset()  # the head words of the nominal forms
    _known_forms: dict[tuple[str, str, str], tuple[Form, ...]] = field(default_factory=dict, repr=False, compare=False)

    def forms_for(self, token: Token) -> list[Form]:
        pos = _form_pos(token)
        if pos is None:
            return []
        word = (pos, token.lemma_.lower(), token.lower_)
        known = self._known_forms.get(word)
        if known is None:  # the same few hundred words recur in every article: sorted once
            keys = dict.fromkeys((word[1], word[2], *_stems(word[2], pos)))
            found = [f for key in keys for f in self.forms.get((pos, key), ())]
            known = self._known_forms[word] = tuple(
                sorted(dict.fromkeys(found), key=lambda f: (-f.words, f.sense.number))
            )
        return list(known)


def _stems(word: str, pos: str) -> list[str]:
    """Base forms to try when the lemmatizer errs ("fined" -> "fin"): fined -> fine,
    banned -> ban, blocking -> block, fines -> fine."""
    out = []
    if pos == "verb":
        if word.endswith("ied"):
            out.append(word[:-3] + "y")
        if word.endswith("ed"):
            out += [word[:-1], word[:-2]]
            if len(word) > 4 and word[-3] == word[-4]:
                out.append(word[:-3])
        if word.endswith("ing"):
            out += [word[:-3], word[:-3] + "e"]
            if len(word) > 5 and word[-4] == word[-5]:
                out.append(word[:-4])
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return out


# "Signal is back online", "the site was offline": adverbs the parser hangs on a copula as
# what the subject is, where an adjective would stand
_PREDICATE_ADVERBS = frozenset({"online", "offline"})
_COPULAS = frozenset({"be", "become", "remain", "stay"})


def predicate_adverb(token: Token) -> bool:
    return (
        token.pos_ == "ADV"
        and token.lower_ in _PREDICATE_ADVERBS
        and token.dep_ == "advmod"
        and token.head.lemma_.lower() in _COPULAS
    )


def _form_pos(token: Token) -> str | None:
    if predicate_adverb(token):
        return "adj"
    if graded(token):
        return "adj"  # "the most downloaded app": a participle graded like an adjective
    if token.pos_ in ("VERB", "AUX") or (token.tag_.startswith("VB") and token.pos_ != "ADJ"):
        return "verb"
    if passive_adjective(token):
        return "verb"
    if token.pos_ in ("NOUN", "PROPN"):
        return "noun"
    if token.pos_ == "ADJ" or (token.tag_ == "VBN" and token.dep_ in ("acomp", "amod")):
        return "adj"
    return None


def passive_adjective(token: Token) -> bool:
    """'PayPal was unblocked by Indonesia': a participle the tagger took for an adjective,
    though its clause is passive."""
    return (
        token.pos_ == "ADJ"
        and token.lower_.endswith(("ed", "en"))
        and any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
    )


def graded(token: Token) -> bool:
    """'the most downloaded app': a participle graded like an adjective."""
    return (
        token.tag_ == "VBN"
        and token.dep_ == "amod"
        and any(c.dep_ == "advmod" and c.lower_ in ("most", "least", "more", "less") for c in token.children)
    )


def _tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


@cache
def lexicon() -> Lexicon:
    senses = []
    forms: dict[tuple[str, str], list[Form]] = {}
    for number, row in enumerate(load_toml("triggers.toml")["sense"]):
        if row["type"] not in EVENT_TYPES:
            raise ValueError(f"triggers.toml: unknown event type {row['type']!r}")
        sense = Sense(
            type=row["type"],
            number=number,
            outcome=row.get("outcome"),
            policy=row.get("policy"),
            agent=_tuple(row.get("agent")),
            agent_required=bool(row.get("agent_required", False)),
            agent_own=bool(row.get("agent_own", False)),
            intransitive=bool(row.get("intransitive", False)),
            transitive=bool(row.get("transitive", False)),
            patient_types=_tuple(row.get("patient_types")),
            patient_words=_tuple(row.get("patient_words")),
            context=_tuple(row.get("context")),
            context_also=_tuple(row.get("context_also")),
            context_reach=int(row.get("context_reach", 0)),
            slots=tuple((role, _tuple(slots)) for role, slots in row.get("slots", {}).items()),
            one_per_affected=bool(row.get("one_per_affected", False)),
            in_force=bool(row.get("in_force", False)),
            agent_store=bool(row.get("agent_store", False)),
            addressee_not=_tuple(row.get("addressee_not")),
            counted_subject=bool(row.get("counted_subject", False)),
            needs_slots=_tuple(row.get("needs_slots")),
        )
        senses.append(sense)
        for pos, key in (("verb", "verbs"), ("noun", "nouns"), ("adj", "adjectives")):
            for text in row.get(key, ()):
                words = text.lower().split()
                if pos == "noun":
                    form = Form(sense, pos, words[-1], before=tuple(words[:-1]))
                else:
                    form = Form(sense, pos, words[0], after=tuple(words[1:]))
                forms.setdefault((pos, form.head), []).append(form)
    written = {f for (pos, head) in forms for f in inflections(head, pos == "verb")}
    nouns = frozenset(head for (pos, head) in forms if pos == "noun")
    return Lexicon(senses=senses, forms=forms, roles=_roles(), words=WordSet(written), noun_heads=nouns)


def _roles() -> dict[str, TypeRoles]:
    data = load_toml("roles.toml")
    default = data["default"]
    out = {}
    for etype in EVENT_TYPES:
        row = data.get(etype, {})
        rules = TypeRoles(required=_tuple(row.get("required")), jurisdiction=bool(row.get("jurisdiction", False)))
        for role in ROLES:
            if role == "jurisdiction":
                continue
            if role in row:
                rules.types[role] = _tuple(row[role])
                rules.slots[role] = _tuple(row.get(f"{role}_slots", default.get(f"{role}_slots", ())))
        out[etype] = rules
    return out
