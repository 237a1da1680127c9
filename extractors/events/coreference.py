"""Event coreference inside one article: the headline, the lede and the body telling the same
event make one event, with every mention kept as its evidence.

Two mentions are one event when they have the same type and outcome and nothing conflicts:
no two different dates (at the precision both give), amounts, agents or objects, and they
share a participant. A bare reference ("the ban", "the ruling") joins the latest event of
its type. Two bans of different years, or fines on two companies, stay apart.
"""

from __future__ import annotations

from extractors.entities.resolver import EntityResolver
from extractors.events.mention import EventMention
from extractors.lookup import sentence_of


def _dates_conflict(a: EventMention, b: EventMention) -> bool:
    if not a.date or not b.date or a.date_assumed or b.date_assumed:
        return False
    if a.date.startswith(b.date) or b.date.startswith(a.date):
        return False
    if len(a.date) >= 7 and len(b.date) >= 7 and a.date[:7] != b.date[:7]:
        return True  # April's and June's executive orders are two, however loosely each is dated
    return (a.date_strong and b.date_strong) or a.date[:4] != b.date[:4]


_ORDERING_MARKS = frozenset({"after", "before", "since", "until", "till"})
_SEQUENCE_VERBS = frozenset({"follow", "precede"})  # "the fine follows Apple being fined in 2020"


def _months_apart(a: str, b: str) -> int:
    if len(a) < 7 or len(b) < 7:
        return 0 if a[:4] == b[:4] else 12
    return abs((int(a[:4]) * 12 + int(a[5:7])) - (int(b[:4]) * 12 + int(b[5:7])))


def _told_as_another(mention: EventMention) -> bool:
    """'a 72-hour ban', 'another fine', 'was also banned', 'blocked it again': words that bring
    a further act into the story rather than point back to one told; and an act told as what
    another came after ('it follows Apple being fined in 2020', 'after it fined Apple')."""
    if _told_as_before(mention):
        return True
    if mention.frame.form == "noun":
        return any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in mention.token.children)
    return any(c.dep_ == "advmod" and c.lower_ in ("also", "again") for c in mention.frame.governor.children)


def _told_as_before(mention: EventMention) -> bool:
    node = mention.frame.governor
    while node.head.i != node.i and node.dep_ in ("conj", "xcomp", "auxpass", "aux"):
        node = node.head
    if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _ORDERING_MARKS for c in node.children):
        return True
    return node.dep_ in ("ccomp", "dobj", "pcomp") and node.head.lemma_.lower() in _SEQUENCE_VERBS


def _introduced_apart(new: EventMention, told: EventMention) -> bool:
    """'WhatsApp has been blocked ...' in the lede, then 'In May, a judge ordered a 72-hour
    ban' or 'it was also banned in December': a further act with a date of its own months from
    the story's day is not the news the lede told, though that was dated only by the story's
    day (which otherwise never splits two reports)."""
    if not (new.date and new.date_strong and told.date and told.date_assumed):
        return False
    return _told_as_another(new) and _months_apart(new.date, told.date) >= 2


def _ordered_apart(a: EventMention, b: EventMention) -> bool:
    """'Days after it fined Apple, Italy imposed a new fine on Apple': a clause put in time
    against another ('after', 'before', 'since') tells an act other than that clause's, when
    each clause names its doer; 'users regained access after the regulator lifted the block'
    tells one lifting, first by the state it brought."""
    if not (a.syntactic_agent and b.syntactic_agent):
        return False
    for inner, outer in ((a, b), (b, a)):
        node = inner.token
        while node.head.i != node.i and not (
            node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _ORDERING_MARKS for c in node.children)
        ):
            node = node.head
        if node.head.i == node.i:
            continue
        if outer.token not in node.subtree and outer.token in node.head.subtree:
            return True
    return False


def _later_than(group: list[EventMention], acting: EventMention | None) -> bool:
    """'The block was lifted in 2021' after 'Vietnam blocked Telegram in 2025': what an act
    lifts, upholds or appeals came before it, so no act dated after it is the one meant."""
    if acting is None or not (acting.date and acting.date_strong):
        return False
    for m in group:
        if m.date and m.date_strong and not (m.date.startswith(acting.date) or acting.date.startswith(m.date)):
            if m.date > acting.date:
                return True
    return False


def _in_headline(mention: EventMention) -> bool:
    return sentence_of(mention.token).start == 0


_LAWS = ("RegulationIssued", "LegislationEnacted", "LegislationProposed")  # a law is of one place


class Coreference:
    def __init__(self, resolver: EntityResolver) -> None:
        self.res = resolver

    def _widen(self, role: str, mention: EventMention) -> set[str]:
        """A role's values with what they stand for: an authority's home, a platform's owner."""
        values = set(mention.role(role))
        out = set(values)
        for value in values:
            if (
                role == "agent"
                # each speaker's words are their own; each chamber's vote and each signature is
                # its own act of enactment
                and mention.type not in ("PublicStatement", "LegislationEnacted")
                and value in self.res.home
                and self.res.type_of(value) in ("Government", "Regulator", "Legislature", "Court", "Person")
            ):
                out.add(self.res.home[value])  # "India" and India's ministry act as one
            owner = self.res.owner(value)
            if owner:
                out.add(owner)
        return out

    def conflict(self, a: EventMention, b: EventMention) -> bool:
        """Whether two mentions cannot tell the same event."""
        if a.type != b.type:
            return True
        if a.token.i == b.token.i and a.salt != b.salt:
            return True  # one mention split on purpose (per place, per company, per date)
        if _ordered_apart(a, b):
            return True
        if a.outcome and b.outcome and a.outcome != b.outcome and not (a.outcome_weak or b.outcome_weak):
            return True
        if _dates_conflict(a, b) or _introduced_apart(a, b) or _introduced_apart(b, a):
            return True
        if a.amount and b.amount and a.amount.value != b.amount.value:
            return True
        judges = [{i for i in m.role("agent") if i in self.res.judges} for m in (a, b)]
        if all(judges) and not judges[0] & judges[1]:
            return True  # "Moraes ordered it; Zanin turned down the appeal": one court, two acts
        if "agent" not in a.weak and "agent" not in b.weak:
            courts = [{i for i in m.role("agent") if self.res.type_of(i) == "Court"} for m in (a, b)]
            if all(courts) and not courts[0] & courts[1]:
                # "the appeals court upheld it; the Supreme Court vacated the appeals-court ruling":
                # two courts of one country share a home, but each court's act is its own
                return True
        for role in ("agent", "affected", "origin", "counterpart", "instrument"):
            if role in a.weak or role in b.weak:
                continue  # a value guessed from context does not keep two reports apart
            x, y = self._widen(role, a), self._widen(role, b)
            if x and y and not (x & y):
                return True  # two laws taking effect, fines on two companies
        return a.type in _LAWS and self._places_conflict(a, b)

    def _places_conflict(self, a: EventMention, b: EventMention) -> bool:
        """Utah's law and Virginia's law taking effect are two events; a US ruling told again
        as Montana's is one (the one place lies within the other)."""
        x, y = set(a.role("jurisdiction")), set(b.role("jurisdiction"))
        if not x or not y or x & y:
            return False
        contains = self.res.gaz.contains
        return not any(contains(p, q) or contains(q, p) for p in x for q in y)

    def shares(self, group: list[EventMention], mention: EventMention) -> bool:
        """Whether a mention names a participant of the group's event."""
        if mention.anaphoric or any(m.anaphoric for m in group):
            return True
        if mention.type == "ComplianceMeasure" and not any(
            m.token.lemma_.lower() == mention.token.lemma_.lower() or _in_headline(m) or _in_headline(mention)
            for m in group
        ):
            return False  # naming a representative and paying the fines are two steps; a headline sums one up
        if mention.type == "PublicStatement" and not any(
            abs(sentence_of(m.token).start - sentence_of(mention.token).start) < 400 for m in group
        ):
            return False  # the same speaker on another occasion
        for role in ("agent", "affected", "origin", "destination", "instrument", "counterpart"):
            known = set().union(*(self._widen(role, m) for m in group if role not in m.weak))
            if role not in mention.weak and known & self._widen(role, mention):
                return True
        if mention.type in ("LegislationEnacted", "PublicStatement", "LegalChallenge"):
            return False
        places = set().union(*(set(m.role("jurisdiction")) for m in group))
        agents = any(m.role("agent") and "agent" not in m.weak for m in group) and bool(
            mention.role("agent") and "agent" not in mention.weak
        )
        return bool(places & set(mention.role("jurisdiction"))) and not agents

    def groups(self, mentions: list[EventMention]) -> list[list[EventMention]]:
        """Mentions grouped by the event they tell, each group in text order."""
        groups: list[list[EventMention]] = []
        by_token = {m.token.i: m for m in mentions}
        for mention in sorted(mentions, key=lambda m: m.order):
            if mention.anaphoric:
                acting = by_token.get(mention.frame.governor.i)
                fitting = [
                    g
                    for g in reversed(groups)
                    if g[0].type == mention.type and self._fits(g, mention) and not _later_than(g, acting)
                ]
                # "... came two years after Nigeria fined Meta. Meta said it would appeal the fine":
                # an act told only as what another came after is no antecedent while one told
                # for its own sake fits
                foreground = [g for g in fitting if not all(_told_as_before(m) for m in g)]
                target = (foreground or fitting or [None])[0]
            else:
                target = next((g for g in groups if self._fits(g, mention)), None)
            if target is None:
                groups.append([mention])
            else:
                target.append(mention)
        return groups

    def _fits(self, group: list[EventMention], mention: EventMention) -> bool:
        return not any(self.conflict(other, mention) for other in group) and self.shares(group, mention)
