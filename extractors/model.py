"""The Extraction dataclasses: what one article yields, in the shape of spec/EXTRACTION.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from extractors.vocabulary import ROLES, TOP_CLASS_OF


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass
class Entity:
    id: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    sameAs: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    policy: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if data["policy"] is None:
            del data["policy"]
        return data


@dataclass
class Metric:
    name: str
    value: float
    text: str


@dataclass
class Amount:
    value: float
    currency: str
    text: str


@dataclass
class Evidence:
    """One mention of an event: the sentence that reports it and where it stands."""

    sentence: str
    start: int
    end: int
    trigger: str
    confidence: float


@dataclass
class Event:
    id: str
    type: str
    trigger: str
    sentence: str
    start: int
    end: int
    confidence: float
    date: str | None = None
    roles: dict[str, list[str]] = field(default_factory=dict)
    outcome: str | None = None
    policy: str | None = None
    amount: Amount | None = None
    metrics: list[Metric] = field(default_factory=list)
    factuality: str = "asserted"  # one of vocabulary.FACTUALITY
    evidence: list[Evidence] = field(default_factory=list)  # one per mention in the article

    @property
    def top_class(self) -> str:
        return TOP_CLASS_OF[self.type]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "trigger": self.trigger}
        if self.date:
            data["date"] = self.date
        for role in ROLES:
            if self.roles.get(role):
                data[role] = list(self.roles[role])
        for key in ("outcome", "policy"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.amount:
            data["amount"] = asdict(self.amount)
        if self.metrics:
            data["metrics"] = [asdict(m) for m in self.metrics]
        data.update(
            sentence=self.sentence,
            start=self.start,
            end=self.end,
            confidence=round(self.confidence, 3),
        )
        if self.factuality != "asserted":
            data["factuality"] = self.factuality
        if len(self.evidence) > 1:
            data["mentions"] = [
                {"sentence": m.sentence, "start": m.start, "end": m.end, "trigger": m.trigger} for m in self.evidence
            ]
        return data


@dataclass
class ArticleMeta:
    id: str
    title: str | None
    published: str | None
    language: str = "en"
    url: str | None = None


@dataclass
class Extraction:
    article: ArticleMeta
    entities: list[Entity]
    events: list[Event]
    unasserted: list[Event] = field(default_factory=list)
    extractor: str = ""

    def entity(self, iri: str) -> Entity:
        return next(e for e in self.entities if e.id == iri)

    def to_json(self) -> dict[str, Any]:
        article = {k: v for k, v in asdict(self.article).items() if v is not None}
        return {
            "article": article,
            "entities": [e.to_json() for e in self.entities],
            "events": [e.to_json() for e in self.events],
            # What the text does not assert (hedged, planned, required...): kept, never counted as facts.
            "unasserted_events": [e.to_json() for e in self.unasserted],
        }
