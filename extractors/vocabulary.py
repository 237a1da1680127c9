"""The one vocabulary of the project: entity types, event types, roles, outcomes, policy kinds
and factuality values, as named by spec/EXTRACTION.md.

Every other file that names these terms (the ontology, the extractor's TOML data, the canned
SPARQL, the GraphQL enums, the gold files) is checked against this module by a test, so a
misspelt type is caught where it is written rather than as an empty answer.
"""

from __future__ import annotations

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

OUTCOMES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "CourtRuling": ("upheld", "struck_down", "blocked", "ordered", "dismissed"),
    "AppStoreRemoval": ("removed", "restored"),
}
OUTCOMES = tuple(o for outcomes in OUTCOMES_BY_TYPE.values() for o in outcomes)

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

# What the text commits to: only "asserted" events are facts; the rest are kept apart.
FACTUALITY = (
    "asserted",
    "hedged",
    "negated",
    "required",
    "conditional",
    "planned",
    "threatened",
    "reported_future",
)
UNASSERTED = FACTUALITY[1:]
