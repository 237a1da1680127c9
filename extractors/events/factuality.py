"""Factuality: whether the text states an event as done, and if not, how it holds it.

asserted     "the regulator fined TikTok"
hedged       "may fine", "is likely to ban", "reportedly agreed", "a possible ban", "faces a fine"
negated      "did not block", "refused to sell", "avoided a fine", "no ban"
required     "the law requires platforms to verify", "forced ByteDance to sell", "a deadline to sell"
conditional  "sell or be banned", "would be fined if it fails to comply"
planned      "plans to ban", "vowed to appeal", "asked the court to block", "a proposed ban"
threatened   "threatened to block Telegram", "the threat of a ban"
reported_future "officials said the app would be restored"

The cues are data (cues.toml [factuality]); this module reads the clause structure: the
trigger's own auxiliaries and negation, then each predicate that embeds it, outward.
"""

from __future__ import annotations

from spacy.tokens import Token

from extractors.events.grammar import ORDER_VERBS, Frame
from extractors.gazetteer import load_toml
from extractors.lookup import sentence_of, span_text

_FUTURE_FRAMES = {"set", "due", "scheduled", "poised", "slated", "going", "about"}
_DECIDED = {
    "RegulationIssued",
    "Ban",
    "BanLifted",
    "ExecutiveOrder",
    "LegislationEnacted",
    "ServiceShutdown",
    "ServiceRestored",
    "Fine",
    "Divestiture",
}
_ACTORS = ("Person", "Government", "Regulator", "Court", "Legislature", "Company", "Platform", "Jurisdiction")
_ACTOR_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
_NOUN_MODIFIERS = {
    "possible": "hedged",
    "potential": "hedged",
    "likely": "hedged",
    "rumoured": "hedged",
    "rumored": "hedged",
    "alleged": "hedged",
    "proposed": "planned",
    "planned": "planned",
    "mooted": "planned",
    "future": "planned",
    "threatened": "threatened",
    "looming": "threatened",
    "impending": "threatened",
    "imminent": "threatened",
    "expected": "hedged",
    "hypothetical": "hedged",
}
_OF_HEADS = {
    "threat": "threatened",
    "risk": "hedged",
    "prospect": "hedged",
    "possibility": "hedged",
    "fear": "hedged",
    "fears": "hedged",
    "spectre": "threatened",
    "specter": "threatened",
    "danger": "hedged",
    "chance": "hedged",
    "likelihood": "hedged",
    "call": "planned",
    "calls": "planned",
    "demand": "planned",
    "demands": "planned",
    "push": "planned",
    "plan": "planned",
    "plans": "planned",
    "proposal": "planned",
    "bid": "planned",
    "attempt": "planned",
    "idea": "planned",
    "option": "planned",
    "suggestion": "planned",
    "intention": "planned",
    "aim": "planned",
    "goal": "planned",
    "case": None,
}
# Nouns an act hangs from that keep it from being done: "the possibility of blocking X".
UNASSERTING_HEADS = frozenset(w for w, verdict in [*_NOUN_MODIFIERS.items(), *_OF_HEADS.items()] if verdict)
# What happens to a law itself: "the law, which took effect in May" is told, not prescribed.
_LIFECYCLE = {
    "RegulationIssued",
    "LegislationEnacted",
    "LegislationProposed",
    "ExecutiveOrder",
    "CourtRuling",
    "LegalChallenge",
    "BanLifted",
}
_LAW_NOUNS = {
    "law",
    "act",
    "bill",
    "measure",
    "provision",
    "legislation",
    "rule",
    "rules",
    "regulation",
    "regulations",
    "decree",
    "order",
    "statute",
    "code",
    "directive",
    "policy",
    "requirement",
    "requirements",
}


# "TikTok sought an injunction": asking a court for an order is itself the legal action
_ASKING_COURT = frozenset({"seek", "request", "ask", "apply", "move", "petition"})


# "it should be noted that ...", "it must be remembered that ...": the writer's aside
_DISCOURSE_FRAMES = frozenset({"note", "stress", "recall", "remember", "mention", "emphasise", "emphasize", "add"})


# A nominal subject of these is still to come: "as the ban loomed", "with the deadline nearing".
_LOOMING = frozenset({"loom", "approach", "near", "await", "impend"})


def _definite(noun: Token) -> bool:
    """'the ban', 'its suspension', 'Brazil's block': a measure the story takes as there."""
    return any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) or c.dep_ == "poss"
        for c in noun.children
    )


# Prepositions that give a verb's topic or cause, not what it wants done: "demanded answers over
# the removal of X", "was fined after the leak"
_ABOUT_PREPS = frozenset({"over", "about", "after", "following", "regarding", "concerning", "amid", "despite"})


def _background(clause: Token) -> bool:
    """'After Apple removed X, the regulator demanded ...': a clause of time or cause under a
    verb of ordering tells what happened, not what was ordered."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    return bool(marks & {"after", "because", "since", "as", "when", "while", "once", "though", "although"})


def _goes_on(verb: Token) -> bool:
    """'went on to challenge the ruling', 'proceeded to block the app': a verb of going on
    whose infinitive tells what the doer did next, as factual as the verb itself (not a
    purpose, as in 'hired lawyers to appeal')."""
    lemma = verb.lemma_.lower()
    return lemma == "proceed" or (lemma == "go" and any(c.dep_ == "prt" and c.lower_ == "on" for c in verb.children))


class Factuality:
    def __init__(self, resolver) -> None:
        self.res = resolver
        cues = load_toml("cues.toml")["factuality"]
        self.cues = {key: set(values) for key, values in cues.items()}
        self.speech = set(load_toml("cues.toml")["attribution"]["speech_verbs"])
        self.speech_nouns = set(load_toml("cues.toml")["attribution"]["speech_nouns"])

    def of(self, frame: Frame, event_type: str, has_date: bool = False) -> str:
        trigger, gov = frame.trigger, frame.governor
        if span_text(sentence_of(trigger)).rstrip().endswith("?"):
            return "hedged"
        if event_type == "LegalChallenge" and frame.light is not None and frame.light.lemma_.lower() in _ASKING_COURT:
            frame = Frame(trigger=frame.light, form="verb", governor=frame.light)  # seeking is filing
            trigger, gov = frame.trigger, frame.governor
        if frame.form == "noun":
            own = self._nominal(trigger)
            if own == "asserted":
                return "asserted"
            if own:
                return own
            if (
                frame.light is None
                and trigger.dep_ in ("dobj", "obj", "nsubjpass")
                and trigger.head.pos_ == "VERB"
                and _definite(trigger)
            ):
                # "did not lift the ban", "no decision to lift the restrictions": what the verb
                # acts on is there, whatever the verb's own doubt or negation
                return "asserted"
        if trigger.dep_ == "pcomp" and trigger.head.lower_ in ("of", "for"):
            owner = trigger.head.head.lemma_.lower()
            if owner in _OF_HEADS:
                return _OF_HEADS[owner]  # "the possibility of blocking WhatsApp", "calls for banning X"
        verdict = self._local(trigger) or (self._local(gov) if gov.i != trigger.i else None)
        verdict = verdict or self._embedding(gov, event_type, has_date) or "asserted"
        if verdict == "future" and has_date and event_type in _DECIDED and not self._someone_said_they_would(gov):
            return "asserted"  # "the ban takes effect on March 1": decided, dated
        return verdict  # "future" is settled by who says it: planned or reported_future

    def _someone_said_they_would(self, verb: Token) -> bool:
        """'He said he would ban TikTok on Monday': an actor's coming deed in someone's report
        is what they mean to do, however firmly dated. The article's own "Kenya will block
        Telegram on Monday", like "the ban takes effect on March 1", is a settled schedule."""
        if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "is set to ban", "is going to block": the frame's subject
        if not self._reported(verb):
            return False
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        return any(
            c.lower_ in _ACTOR_PRONOUNS or ((ref := self.res.entity_at(c)) is not None and ref.type in _ACTORS)
            for c in subjects
        )

    # -- the clause itself ---------------------------------------------------------------

    def _local(self, verb: Token) -> str | None:
        cues = self.cues
        for child in verb.children:
            word = child.lower_
            if child.dep_ == "neg" or word in ("never",) or (child.dep_ == "det" and word == "no"):
                return "negated"
            if child.dep_ in ("nsubj", "nsubjpass") and any(
                d.dep_ == "det" and d.lower_ in ("no", "neither") for d in child.children
            ):
                return "negated"  # "no law or court order sanctioned the shutdown", "no court has blocked it"
            if child.dep_ in ("aux", "auxpass"):
                if word in cues["hedge_aux"]:
                    if word in ("could", "can") and any(c.lower_ == "again" for c in verb.children):
                        continue  # "TikTok could again be downloaded": able to again, not maybe
                    return "hedged"
                if word in cues["require_aux"]:
                    return "required"
                if word in cues["conditional_aux"]:
                    if self._has_condition(verb):
                        return "conditional"
                    # "said it would appeal": the future of the past, not a hedge
                    return "future" if self._reported(verb) else "hedged"
                if word in cues["future_aux"]:
                    # "if Telegram fails to comply, the regulator will fine it": a condition's outcome
                    return "conditional" if self._conditioned(verb) else "future"
            if child.dep_ == "advmod" and word in cues["hedged"]:
                return "hedged"
            if child.dep_ == "mark" and word in ("if", "unless", "whether", "lest"):
                return "conditional"
            if (
                child.dep_ == "prep"
                and word == "in"
                and any(g.lower_ == "case" and not list(g.children) for g in child.children)
            ):
                return "conditional"  # "in case TikTok is banned on Sunday"
        if self._alternative(verb):
            return "conditional"
        return None

    def _reported(self, verb: Token) -> bool:
        """The clause is what a speech verb reports ("said (that) it would ...", also the second
        of two coordinated reported clauses)."""
        node = verb
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in self.speech:
            return True
        # "told Reuters in a statement that it would appeal": the clause hangs on the noun
        noun = node.head
        return (
            node.dep_ in ("acl", "relcl", "ccomp")
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children)
            and noun.lemma_.lower() in self.speech_nouns
            and noun.dep_ == "pobj"
            and noun.head.head.lemma_.lower() in self.speech
        )

    def _has_condition(self, verb: Token) -> bool:
        for t in sentence_of(verb):
            if t.dep_ == "mark" and t.lower_ in ("if", "unless"):
                return True
        return self._alternative(verb)

    @staticmethod
    def _conditioned(verb: Token) -> bool:
        """The clause has a condition of its own: an 'if' or 'unless' clause hangs from it."""
        return any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
            for c in verb.children
        )

    @staticmethod
    def _alternative(verb: Token) -> bool:
        """'sell or be banned', 'divest or face a ban': an either-or is a condition."""
        if verb.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.head.children):
            return True
        return any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children) and any(
            c.dep_ == "conj" and c.pos_ == "VERB" for c in verb.children
        )

    def _nominal(self, noun: Token) -> str | None:
        """What a noun's own phrase says of it: "no ban", "a proposed ban", "the threat of a
        fine", "sought a ban", "as the ban loomed", "pending a hearing"."""
        for child in noun.children:
            if (
                child.dep_ == "relcl"
                and child.tag_ in ("VBD", "VBN")
                and not any(
                    c.dep_ in ("neg", "aux") and c.lower_ in ("not", "would", "could", "may", "might")
                    for c in child.children
                )
            ):
                return "asserted"  # "the suit Paxton filed in February": told as done
            if child.dep_ == "det" and child.lower_ in ("no",):
                return "negated"
            if child.dep_ in ("amod", "compound") and child.lower_ in _NOUN_MODIFIERS:
                return _NOUN_MODIFIERS[child.lower_]
        node = noun
        while node.dep_ == "conj":
            node = node.head
        if node.dep_ == "pobj":
            prep = node.head
            if prep.lower_ == "without":
                return "negated"
            owner = prep.head
            if prep.lower_ in ("of", "for") and owner.lemma_.lower() in _OF_HEADS:
                return _OF_HEADS[owner.lemma_.lower()]
        gov = node.head
        ahead = node.head.lower_ == "of" and node.head.head.lower_ == "ahead"
        if node.dep_ == "pobj" and (node.head.lower_ in ("pending", "awaiting") or ahead):
            return "planned"  # "suspended the ban pending a full hearing": the hearing is to come
        if node.dep_ == "nsubj" and gov.lemma_.lower() in _LOOMING:
            return "planned"  # "as the ban loomed", "with a ruling approaching"
        if node.dep_ in ("dobj", "obj") and gov.pos_ == "VERB":
            lemma = gov.lemma_.lower()
            if lemma in ("face", "risk") and gov.tag_ not in ("VBD", "VBN"):
                return "hedged"
            if lemma in ("avoid", "escape", "dodge", "evade", "averted", "avert"):
                return "negated"
            if lemma in ("threaten",):
                return "threatened"
            if lemma in ("seek", "propose", "demand", "request", "want", "urge", "consider", "plan", "push"):
                return "planned"
            for verdict in ("threatened", "planned", "hedged"):
                if lemma in self.cues[verdict]:
                    return verdict  # "were weighing a sale", "threatened a ban"
        return None

    # -- what embeds it ------------------------------------------------------------------

    def _embedding(self, start: Token, event_type: str, has_date: bool) -> str | None:
        cues = self.cues
        node = start
        for _ in range(6):
            dep, head = node.dep_, node.head
            if head.i == node.i or dep in ("ROOT",):
                return None
            lemma = head.lemma_.lower()
            if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
                if self._law_noun(head) and self._says(node) and event_type not in _LIFECYCLE:
                    return "required"  # "the law that bans TikTok": what a rule says
                if any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
                    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
                        return "negated"  # "there was no decision to lift the restrictions"
                    hl = head.lemma_.lower()
                    if hl in (
                        "deadline",
                        "obligation",
                        "requirement",
                        "order",
                        "ultimatum",
                        "months",
                        "days",
                        "weeks",
                        "years",
                        "month",  # the lemma of "nine months to sell"
                        "day",
                        "week",
                        "year",
                        "time",
                    ):
                        return "required"
                    if hl in ("power", "powers", "right", "authority", "ability", "option", "way", "chance"):
                        return "hedged"
                    if hl in cues["aim_nouns"]:
                        return "planned"
                    node = head  # "set to become the first country to ban ...": as the noun's clause goes
                    continue
                if dep == "relcl":
                    return None  # a background clause states its own event
            if dep == "ccomp" and node.i < head.i and lemma not in self.speech:
                return None  # "A barred X, B ordered Y, C followed": a list of clauses, not a complement
            if dep in ("xcomp", "ccomp", "advcl", "pcomp", "acomp", "oprd") or (dep == "conj" and head.pos_ == "VERB"):
                if dep in ("advcl", "xcomp") and _goes_on(head):
                    local = self._local(head)  # "will go on to appeal": as the going on is told
                    if local:
                        return local
                    node = head  # "went on to appeal", "proceeded to block": what was done next
                    continue
                if (
                    dep == "advcl"
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
                    and not any(c.dep_ == "mark" for c in node.children)
                    and head.lemma_.lower() not in ORDER_VERBS
                ):
                    return "planned"  # "... to block the app": a purpose
                if dep == "advcl":
                    marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
                    if marks & {"if", "unless", "whether", "lest"}:
                        return "conditional"
                    if marks & {"before", "until", "once", "when", "whenever", "unless"} and self._future(node):
                        return "conditional" if marks & {"when", "whenever", "once", "unless"} else "reported_future"
                if (
                    dep in ("xcomp", "ccomp", "oprd")
                    or (dep == "advcl" and head.pos_ in ("ADJ",))
                    or (dep == "advcl" and head.lemma_.lower() in ORDER_VERBS and not _background(node))
                ):
                    verdict = self._embedder(head, lemma, node, event_type)
                    if verdict == "continue":
                        node = head
                        continue
                    if verdict:
                        return verdict
                if dep == "conj":
                    if self._alternative(node):
                        return "conditional"
                    local = self._local(head)
                    if local and local != "future":
                        return local
                node = head
                continue
            if dep in ("dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "appos", "npadvmod", "advmod", "dative"):
                if dep == "prep" and node.lower_ in _ABOUT_PREPS:
                    return None  # "demanded explanations over the removal of X": the removal was told
                if head.pos_ in ("VERB", "AUX") and dep in ("dobj", "prep"):
                    verdict = self._embedder(head, lemma, node, event_type)
                    if verdict and verdict != "continue":
                        return verdict
                node = head
                continue
            return None
        return None

    def _embedder(self, head: Token, lemma: str, child: Token, event_type: str) -> str | None:
        cues = self.cues
        if lemma in _DISCOURSE_FRAMES and any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in head.children):
            return "asserted"  # "It should be noted that Russia blocked TikTok": told as fact
        local = self._local(head)
        if lemma in cues["threatened"]:
            return "threatened"
        if lemma in cues["negated"] and child.dep_ in ("xcomp", "ccomp", "dobj"):
            return "negated"
        if lemma in _FUTURE_FRAMES or any(c.lower_ in _FUTURE_FRAMES for c in head.children if c.dep_ == "acomp"):
            return "future"
        if lemma in cues["planned"]:
            return "planned"
        if lemma in cues["hedged"]:
            return "hedged"
        told = (
            lemma in self.speech
            and child.dep_ == "ccomp"
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
        )
        if lemma in cues["required"] and child.dep_ in ("xcomp", "ccomp", "oprd") and not told:
            return "required"  # "told X to appoint"; "told the court it had appointed" reports a deed
        if local == "negated":
            return "negated"
        if lemma in cues["implicative"]:
            return local if local and local != "future" else "continue"
        return "continue" if local is None else (None if local == "future" else local)

    @staticmethod
    def _future(token: Token) -> bool:
        """Future or general present: 'until the case is decided', 'when a court orders it'."""
        if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "wo", "shall") for c in token.children):
            return True
        if token.tag_ in ("VBZ", "VBP"):
            return True
        return any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in token.children)

    @staticmethod
    def _says(clause: Token) -> bool:
        """Whether a clause on a law tells what the law does ("that bans TikTok", "requiring
        platforms to ...") rather than what was done to it ("which Biden signed")."""
        if clause.dep_ == "acl":
            return clause.tag_ == "VBG"
        pronoun = [c for c in clause.children if c.lower_ in ("which", "that", "who")]
        if pronoun:
            return pronoun[0].dep_ in ("nsubj",)
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)

    def _law_noun(self, token: Token) -> bool:
        ref = self.res.entity_at(token)
        if ref and ref.type == "LegalInstrument":
            return True
        return token.lemma_.lower() in _LAW_NOUNS
