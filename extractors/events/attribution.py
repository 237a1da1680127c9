"""Attribution: who said what. Each report has a speaker, a cue and a content.

Forms found: a speech verb with its subject ("the ministry said ...", "... , a spokesperson
for Meta said", "said Joel Kaplan"); "according to X"; a quote whose speaker comes after it,
over several sentences; stance verbs whose object is the content ("criticised the ruling",
"called the decision disproportionate"). A spokesperson, lawyer or official speaks for the
body named with them ("a spokesperson for the ministry" -> the ministry).

The events use it twice: a report that takes a position on a rule or action is a
PublicStatement by its speaker, and an event inside a report takes the report's doubt
("claimed that ...") or its future ("said it would appeal": planned by the speaker).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from extractors.entities import references
from extractors.entities.resolver import EntityResolver
from extractors.events.arguments import GENERIC_AUTHORITIES, PEOPLE, RoleFiller
from extractors.events.grammar import children, logical_subject, participle_frame
from extractors.gazetteer import load_toml
from extractors.lookup import WordSet, inflections, sentence_of

_QUOTE_MARKS = WordSet(['"', "“", "”", "«", "»", "'"])


# People who speak for a body the word before them names: "a government spokesman", "a ministry
# official", "company lawyers" (not "a government statement": no one speaks there).
_SPEAKING_PEOPLE = frozenset(
    {"spokesperson", "spokesman", "spokeswoman", "official", "representative", "lawyer", "attorney", "source"}
)


@cache
def _cue_words(verbs: tuple[str, ...]) -> WordSet:
    return WordSet({"according", *(f for v in verbs for f in inflections(v.split()[0], True))})


@cache
def _noun_words(nouns: tuple[str, ...]) -> WordSet:
    return WordSet({f for n in nouns for f in inflections(n, False)})


SPEAKER_TYPES = ("Person", "Company", "Platform", "Government", "Regulator", "Legislature", "Court", "Organization")
_QUOTES = {'"', "“", "”", "«", "»"}


@dataclass
class Attribution:
    cue: Token
    speaker: str | None  # entity IRI
    speaker_token: Token | None
    content: set[int] = field(default_factory=set)  # token indices
    doubt: bool = False
    stance: bool = False  # the cue itself takes a position ("criticised", "welcomed")
    kind: str = "verb"  # verb | according | stance


class Attributions:
    def __init__(self, doc: Doc, resolver: EntityResolver, filler: RoleFiller) -> None:
        self.doc = doc
        self.res = resolver
        self.filler = filler
        cues = load_toml("cues.toml")["attribution"]
        self.speech = set(cues["speech_verbs"])
        self.doubt = set(cues["doubt_verbs"])
        self.spokes = set(cues["spokes_nouns"])
        self.titles = set(cues["titles"])
        resolution = load_toml("cues.toml")["resolution"]  # "a company spokesman": what "company" means
        self.kinds = {w: t for t, ws in resolution.items() if t not in ("law_heads", "organization_groups") for w in ws}
        self.speech_nouns = set(cues["speech_nouns"])
        self.stance_verbs = set(cues["stance_verbs"])
        self.stance_nouns = set(cues["stance_nouns"])
        self.stance_light = set(cues["stance_light"])
        self.cue_words = _cue_words(tuple(sorted(self.speech | self.stance_verbs)))
        self.noun_words = _noun_words(tuple(sorted(self.stance_nouns)))
        self.quotes = self._quote_spans()
        self.items: list[Attribution] = []
        self.by_token: dict[int, Attribution] = {}
        self._find()

    def _quote_spans(self) -> list[tuple[int, int]]:
        """Token ranges inside quotation marks (a quote may run over several sentences)."""
        spans, opened = [], None
        for token in (self.doc[i] for i in _QUOTE_MARKS.positions(self.doc)):
            if token.text in _QUOTES or (token.text == "'" and token.tag_ in ("``", "''")):
                if opened is None and token.text != "”":
                    opened = token.i
                elif opened is not None:
                    spans.append((opened, token.i))
                    opened = None
        return spans

    def _find(self) -> None:
        doc = self.doc
        for token in (doc[i] for i in self.cue_words.positions(doc)):
            lemma = token.lemma_.lower()
            if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
                self._according(token)
            elif token.pos_ == "VERB" and (lemma in self.speech or lemma in self.stance_verbs):
                self._verb(token, lemma)
        for token in (doc[i] for i in self.noun_words.positions(doc)):
            if token.pos_ == "NOUN" and token.i not in self.by_token:
                self._stance_noun(token)

    def _stance_noun(self, noun: Token) -> None:
        """'X came out in support of the bill', 'Y added his endorsement': the light verb's
        subject takes the stance the noun names."""
        verb = noun.head
        if noun.dep_ == "pobj" and verb.dep_ == "prep":
            verb = verb.head
        elif noun.dep_ not in ("dobj", "obj"):
            return
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or (f"{lemma} {particle}" not in self.stance_light and lemma not in self.stance_light):
            return
        subj = logical_subject(verb)
        speaker, who = self._speaker(subj[0]) if subj else (None, None)
        content = {t.i for t in noun.subtree}
        self._add(
            Attribution(cue=noun, speaker=speaker, speaker_token=who, content=content, stance=True, kind="stance_noun")
        )

    def _add(self, item: Attribution) -> None:
        self.items.append(item)
        for i in item.content:
            self.by_token.setdefault(i, item)

    def _according(self, token: Token) -> None:
        to = next(c for c in token.children if c.lower_ == "to")
        objs = children(to, "pobj")
        speaker, who = self._speaker(objs[0]) if objs else (None, None)
        clause = token.head
        content = {t.i for t in clause.subtree if t.i not in {x.i for x in token.subtree}}
        if clause.i == token.i:
            content = {t.i for t in sentence_of(token) if t.i not in {x.i for x in token.subtree}}
        self._add(Attribution(cue=token, speaker=speaker, speaker_token=who, content=content, kind="according"))

    def _verb(self, verb: Token, lemma: str) -> None:
        subj = self._doer_of_the_frame(verb) or logical_subject(verb)
        if not subj:
            agents = [c for a in children(verb, "agent") for c in children(a, "pobj")]
            subj = agents
        if not subj and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj") and verb.head.pos_ == "VERB":
            subj = logical_subject(verb.head)  # "X thanked Trump, saying in a video: ...": X says
        speaker, who = self._speaker(subj[0]) if subj else (None, None)
        content: set[int] = set()
        stance = lemma in self.stance_verbs
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp", "parataxis") or (
                child.dep_ == "advcl" and child.i < verb.i and not any(c.dep_ == "mark" for c in child.children)
            ):  # "Asked about the ban, X said" reports; "After the ban, X said" only dates
                content.update(t.i for t in child.subtree)
        content.update(self._said_in_a_statement(verb))
        if stance:
            for child in verb.children:
                if child.dep_ in ("dobj", "obj", "prep", "oprd", "attr"):
                    content.update(t.i for t in child.subtree)
        if verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.pos_ == "VERB":
            for prep in children(verb.head.head, "prep"):
                if prep.lower_ in ("to", "on"):  # "responded to the ruling by saying that ..."
                    content.update(t.i for t in prep.subtree)
        for clause in children(verb, "conj"):
            if clause.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "this") for c in clause.children
            ):  # "admitted there were hiccups, but that did not mean the ban had failed"
                content.update(t.i for t in clause.subtree if t.i > verb.i)
        content |= self._quoted_around(verb)
        if not content:
            return
        self._add(
            Attribution(
                cue=verb,
                speaker=speaker,
                speaker_token=who,
                content=content,
                doubt=lemma in self.doubt,
                stance=stance,
                kind="stance" if stance and lemma not in self.speech else "verb",
            )
        )

    def _said_in_a_statement(self, verb: Token) -> set[int]:
        """'told Reuters in a statement that it would appeal': the parser hangs the
        that-clause on the statement noun; what the statement says is what the verb reports."""
        out: set[int] = set()
        for prep in children(verb, "prep"):
            for noun in children(prep, "pobj"):
                if noun.lemma_.lower() not in self.speech_nouns and noun.lower_ not in self.speech_nouns:
                    continue
                for clause in noun.children:
                    if clause.dep_ in ("acl", "relcl", "ccomp") and any(
                        c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
                    ):
                        out.update(t.i for t in clause.subtree)
        return out

    def _doer_of_the_frame(self, verb: Token) -> list[Token]:
        """'wrote a letter calling for the repeal': the participle speaks for the letter's writer."""
        frame = participle_frame(verb, self.speech_nouns)
        return logical_subject(frame) if frame is not None else []

    def _quoted_around(self, verb: Token) -> set[int]:
        """The quote this cue reports: one ending just before it in its sentence (or running
        on from earlier sentences), or one right after it."""
        sent = sentence_of(verb)
        out: set[int] = set()
        for start, end in self.quotes:
            if end < sent.start - 1 or start > sent.end:
                continue
            before = self.doc[verb.i : start] if start >= verb.i else self.doc[0:0]
            introduced = any(t.text == ":" for t in before) and start - verb.i <= 8  # "saying in a video: "..."
            if (end <= verb.i and verb.i - end <= 8) or (start >= verb.i and (start - verb.i <= 3 or introduced)):
                out.update(range(start + 1, end))
        return out

    def _speaker(self, head: Token) -> tuple[str | None, Token | None]:
        """The entity speaking: the person named ("TikTok's manager, Lee Hunter"); a
        spokesperson's body ("a spokesperson for the ministry"); else the body named."""
        res = self.res
        head = self._member_of(head)
        if head.lower_ in PEOPLE and res.entity_at(head) is None:
            return None, head  # "many TikTok users said ...": its users speak, not TikTok
        found = [i for i in self.filler.phrase_entities(head) if res.type_of(i) in SPEAKER_TYPES]
        if head.lemma_.lower() in _SPEAKING_PEOPLE and not found:
            # "a government spokesman", "a ministry official": the body the title names
            for kind in children(head, "compound", "amod"):
                etype = GENERIC_AUTHORITIES.get(kind.lower_) or self.kinds.get(kind.lower_)
                if etype is None or res.entity_at(kind) is not None:
                    continue
                body = references.antecedent(res, kind, etype, [], strict=etype not in ("Company", "Platform"))
                if body is None and etype in ("Government", "Regulator", "Legislature", "Court"):
                    body = references.synthesize(res, kind, etype, definite=True)
                if body is not None:
                    found.append(body)
        if head.lemma_.lower() in self.spokes or head.lower_ in self.spokes:
            # "a spokeswoman for the attorney general's office", "an official at the ministry"
            for prep in children(head, "prep"):
                if prep.lower_ in ("for", "of", "at", "from", "with"):
                    for body in children(prep, "pobj"):
                        found += [
                            i
                            for i in self.filler.phrase_entities(body)
                            if res.type_of(i) in SPEAKER_TYPES and i not in found
                        ]
        persons = [i for i in found if res.type_of(i) == "Person"] or [
            ref.iri for t in head.subtree if (ref := res.entity_at(t)) is not None and ref.type == "Person"
        ]
        if not persons and head.lemma_.lower() in self.titles and res.entity_at(head) is None:
            holder = self._holder_of(head)
            if holder is not None:
                return holder, head
        if persons:
            return persons[0], head
        return (found[0] if found else None), head

    def _holder_of(self, title: Token) -> str | None:
        """'The minister said ...': the person the story last named with that title
        ("Information Minister Lai Mohammed", "Lai Mohammed, the information minister")."""
        if not any(c.dep_ in ("det", "poss") for c in title.children):
            return None
        word = title.lemma_.lower()
        for ref in reversed(self.res.between(0, title.i)):
            if ref.type != "Person":
                continue
            head = self.doc[ref.end - 1]
            near = [self.doc[i] for i in range(max(ref.start - 3, sentence_of(head).start), ref.start)]
            near += [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
            if any(t.lemma_.lower() == word for t in near):
                return ref.iri
        return None

    @staticmethod
    def _member_of(head: Token) -> Token:
        """'X was among the critics who said ...', 'Y is one of the groups that argued ...': the
        relative clause's speakers are a group the copula's subject belongs to; it speaks."""
        if head.lower_ in ("who", "that", "which") and head.head.dep_ == "relcl":
            head = head.head.head
        prep = head.head if head.dep_ == "pobj" else None
        if prep is None or prep.lower_ not in ("among", "of"):
            return head
        host = prep.head
        if prep.lower_ == "of" and host.lower_ == "one" and host.dep_ in ("attr", "nsubj"):
            host = host.head
        if host.lemma_ != "be" or (prep.lower_ == "of" and host is prep.head):
            return head
        subjects = [c for c in host.children if c.dep_ == "nsubj" and c.lower_ != "one"]
        return subjects[0] if subjects else head

    def report_of(self, token: Token) -> Attribution | None:
        """The report an event word stands in, if any."""
        return self.by_token.get(token.i)
