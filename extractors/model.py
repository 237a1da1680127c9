"""The Extraction dataclasses: what one article yields, in the shape of spec/EXTRACTION.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ENTITY_TYPES = (
    "Platform",
    "Company",
    "Court",
    "Regulator",
    "Legislature",
    "Government",
    "Jurisdiction",
    "Person",
    "LegalInstrument",
    "Organization",
)

TOP_CLASSES: dict[str, tuple[str, ...]] = {
    "RegulatoryAction": (
        "LegislationEnacted",
        "LegislationProposed",
        "RegulationIssued",
        "ExecutiveOrder",
        "Ban",
        "BanLifted",
        "Investigation",
        "Fine",
    ),
    "JudicialAction": ("CourtHearing", "CourtRuling", "LegalChallenge"),
    "PlatformResponse": (
        "ServiceShutdown",
        "ServiceRestored",
        "AppStoreRemoval",
        "Divestiture",
        "ComplianceMeasure",
        "PublicStatement",
    ),
    "MarketReaction": ("UserMigration", "AppRankingChange"),
}
EVENT_TYPES = tuple(t for types in TOP_CLASSES.values() for t in types)
TOP_CLASS_OF = {t: top for top, types in TOP_CLASSES.items() for t in types}
ROLES = ("agent", "affected", "jurisdiction", "instrument", "origin", "destination", "counterpart")
OUTCOMES = ("upheld", "struck_down", "blocked", "ordered", "dismissed", "removed", "restored")
POLICY_KINDS = (
    "RealNameRegistration",
    "AgeVerification",
    "DataProtection",
    "DataLocalization",
    "ForeignOwnership",
    "ContentModeration",
    "Competition",
    "Other",
)


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
    modality: str = "asserted"  # asserted | hedged | negated

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
        if self.modality != "asserted":
            data["modality"] = self.modality
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
            # Hedged and negated statements: kept for review, never reported as facts.
            "unasserted_events": [e.to_json() for e in self.unasserted],
        }
