"""One mention of an event in the text, as the extractors build it up."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from extractors.events.grammar import Frame
from extractors.model import Amount, Metric


@dataclass
class EventMention:
    token: Token
    type: str
    frame: Frame
    trigger: str
    roles: dict[str, list[str]] = field(default_factory=dict)
    outcome: str | None = None
    outcome_weak: bool = False  # from a general word ("ruled", "the decision"), not a telling one
    policy: str | None = None
    amount: Amount | None = None
    metrics: list[Metric] = field(default_factory=list)
    factuality: str = "asserted"
    date: str | None = None
    date_strong: bool = False
    date_assumed: bool = False  # the story's day, taken for an undated "said": never splits two mentions
    syntactic_agent: bool = False
    anaphoric: bool = False  # "the ban" with nothing of its own: a reference to an event told before
    weak: set[str] = field(default_factory=set)  # roles filled from context, not from the clause
    confidence: float = 0.5
    salt: str = ""
    one_per_affected: bool = False  # a designation of two companies is two decisions
    people: bool = False  # its doers are people with no entity ("five TikTok users sued")

    @property
    def order(self) -> int:
        return self.token.i

    def role(self, name: str) -> list[str]:
        return self.roles.get(name, [])
