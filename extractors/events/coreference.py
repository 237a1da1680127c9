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
        if a.outcome and b.outcome and a.outcome != b.outcome and not (a.outcome_weak or b.outcome_weak):
            return True
        if _dates_conflict(a, b):
            return True
        if a.amount and b.amount and a.amount.value != b.amount.value:
            return True
        judges = [{i for i in m.role("agent") if i in self.res.judges} for m in (a, b)]
        if all(judges) and not judges[0] & judges[1]:
            return True  # "Moraes ordered it; Zanin turned down the appeal": one court, two acts
        for role in ("agent", "affected", "origin", "counterpart", "instrument"):
            if role in a.weak or role in b.weak:
                continue  # a value guessed from context does not keep two reports apart
            x, y = self._widen(role, a), self._widen(role, b)
            if x and y and not (x & y):
                return True  # two laws taking effect, fines on two companies
        if a.type == "LegalChallenge" and not ("jurisdiction" in a.weak or "jurisdiction" in b.weak):
            # "sued over Arkansas's law" and "last year sued over a California law", an appeal at
            # the General Court and a challenge in the Irish High Court: a suit is of one court
            return self._places_conflict(a, b)
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
        for mention in sorted(mentions, key=lambda m: m.order):
            if mention.anaphoric:
                target = next(
                    (g for g in reversed(groups) if g[0].type == mention.type and self._fits(g, mention)), None
                )
            else:
                target = next((g for g in groups if self._fits(g, mention)), None)
            if target is None:
                groups.append([mention])
            else:
                target.append(mention)
        return groups

    def _fits(self, group: list[EventMention], mention: EventMention) -> bool:
        return not any(self.conflict(other, mention) for other in group) and self.shares(group, mention)
