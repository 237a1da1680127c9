"""Q5, a platform's exposure per jurisdiction, in GraphQL: scores from kg/exposure_answers.py's
`exposure_scores` (the question's rows, no act's details), and the details of an act fetched
only when a field asks for it (`events`, a reason's `event`), in one batch per response; a
reason's `evidence` alone is a smaller batch of its own (kg/act_evidence.py).

Why: scoring a jurisdiction needs every act there, but showing it does not. Fetching every
act's details (about 1 ms each from the graph) made `exposure(platform: "TikTok") { riskLevel
reasons { text } }` cost 1.5 s at 1M quads; now the details are paid for what is shown, and
`reasonsConnection` pages the longest list, the reasons, so a client can show a jurisdiction's
first few. `reasons` (the whole list) stays for the clients that read it (the explorer does).

`exposureConnection` without `asOf` goes further (kg/exposure_answers.py `exposure_standings`): the page
is ranked from the read model's sums, each jurisdiction's status and level come from a few
index lookups, and `reasonsConnection` reads only the strongest acts; a jurisdiction's acts are
read whole only for a field that lists them all (`events`, `reasons`, `instruments`).
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from kg import exposure_answers, risk
from kg.answers import Act
from kg.exposure_answers import ActWords, ExposureScore, ExposureStanding, ScoredReason
from kg.service.acts import ActDetails, act_event, act_events, act_evidence, positioned_page
from kg.service.connections import PageInfo, asks_for, key_after, key_cursor, key_page_info, page_size
from kg.service.schema import (
    After,
    AsOf,
    Entity,
    Event,
    Evidence,
    First,
    RiskLevel,
    Subject,
    entity_of,
    evidence_of,
    load_entities,
)
from kg.service.store_work import read

PLACES = "exposure.jurisdictions"  # highest score first, then by label (computed, so by position)
REASONS = "exposure.reasons"  # a jurisdiction's reasons, largest effect first (computed, so by position)


def _words_loader(info: Info) -> DataLoader[Act, ActWords | None]:
    """This response's loader of the words of acts' reasons (kg/exposure_answers.py `act_words`): the
    reasons shown, across jurisdictions, are worded in one batch."""
    loader = info.context.get("act_words")
    if loader is None:
        store = info.context["store"]

        async def load(keys: list[Act]) -> list[ActWords | None]:
            found = await read(exposure_answers.act_words, store, list(keys))
            return [found.get(k.instance) for k in keys]

        loader = info.context["act_words"] = DataLoader(load_fn=load)
    return loader


def _reasons_batch(info: Info) -> ActDetails:
    """This response's first reasons of the jurisdictions shown, worded: one call for the page
    (kg/exposure_answers.py `worded_reasons`), not one per jurisdiction and a words batch after;
    with their evidence in the same call when the page shows it."""
    shown = asks_for(info, "edges", "node", "evidence")
    name = "exposure_reasons_evidence" if shown else "exposure_reasons"
    batch = info.context.get(name)
    if batch is None:
        fetch = exposure_answers.worded_reasons_with_evidence if shown else exposure_answers.worded_reasons
        batch = info.context[name] = ActDetails(info.context["store"], fetch)
    return batch


@strawberry.type(description="One reason a jurisdiction's risk score is what it is")
class RiskReason:
    points: float = strawberry.field(description="What it adds to the score after decay with age (negative lowers)")
    found: strawberry.Private[ScoredReason]
    as_of: strawberry.Private[date | None]

    @property
    def act(self) -> Act:
        return self.found.act

    # `text` and `evidence` are plain functions that return an awaitable only when they must
    # fetch: a page of reasons worded and read along (`_reasons_batch`) then costs no
    # coroutine per field (measured: -2.3 ms of exposureConnection's 44 ms first page at 5M quads)

    @strawberry.field(description="The reason in words, from the rule in kg/risk_rules.toml", graphql_type=str)
    def text(self, info: Info) -> str | Awaitable[str]:
        return self.found.text or self._worded(info)

    async def _worded(self, info: Info) -> str:
        words = await _words_loader(info).load(self.act)
        return risk.wording(self.found.type, self.found.outcome, self.act.date, words.names if words else {})

    @strawberry.field(description="The real-world event behind it")
    async def event(self, info: Info) -> Event:
        return await act_event(info, self.act, self.as_of)

    @strawberry.field(description="The sentence and article that report it", graphql_type=Evidence)
    def evidence(self, info: Info) -> Evidence | Awaitable[Evidence]:
        if self.found.evidence is not None:  # read along with the page (`_reasons_batch`)
            return evidence_of(self.found.evidence)
        return act_evidence(info, self.act)


@strawberry.type(description="One of a page of risk reasons, with its cursor")
class RiskReasonEdge:
    node: RiskReason = strawberry.field(description="The reason")
    cursor: str = strawberry.field(description="Where it stands in the list: pass it as 'after' to go on from here")


@strawberry.type(description="A page of a jurisdiction's risk reasons, largest effect first (Relay connection)")
class RiskReasonConnection:
    edges: list[RiskReasonEdge] = strawberry.field(description="The reasons of this page, in order")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow, and the cursors to reach them")
    total_count: int = strawberry.field(description="How many reasons the jurisdiction has, over all pages")


@strawberry.type(description="A platform's regulatory exposure in one jurisdiction")
class Exposure:
    jurisdiction: Entity = strawberry.field(description="The jurisdiction")
    status: str = strawberry.field(
        description="Where things stand there, from the latest decisive event: banned, fined, in court, "
        "law enacted, ban lifted, ... or monitored"
    )
    risk_level: RiskLevel = strawberry.field(description="The score's band: LOW, MEDIUM, HIGH or SEVERE")
    score: float = strawberry.field(description="The sum of the reasons' points")
    found: strawberry.Private[ExposureScore | None]
    as_of: strawberry.Private[date | None]
    standing: strawberry.Private[ExposureStanding | None] = None  # ranked from the sums: acts read when asked

    async def _whole(self, info: Info) -> ExposureScore:
        """Every act and reason of the jurisdiction (read once, when a field needs them all)."""
        if self.found is None:
            assert self.standing is not None
            self.found = await read(exposure_answers.exposure_details, info.context["store"], self.standing)
        return self.found

    @strawberry.field(description="The laws and orders in play there")
    async def instruments(self, info: Info) -> list[Entity]:
        whole = await self._whole(info)
        found = whole.instruments
        if not whole.worded:
            words = await _words_loader(info).load_many(whole.acts)
            found = list(dict.fromkeys(x for w in words if w is not None for x in w.instruments))
        return await load_entities(info, found)

    @strawberry.field(description="The real-world events counted, one report each")
    async def events(self, info: Info) -> list[Event]:
        return await act_events(info, (await self._whole(info)).acts, self.as_of)

    def _reasons(self, found: list[ScoredReason]) -> list[RiskReason]:
        return [RiskReason(points=x.points, found=x, as_of=self.as_of) for x in found]

    @strawberry.field(description="Every reason with its points, largest effect first")
    async def reasons(self, info: Info) -> list[RiskReason]:
        return self._reasons((await self._whole(info)).reasons)

    @strawberry.field(description="The reasons a page at a time, largest effect first (a Relay connection)")
    async def reasons_connection(self, info: Info, first: First = 20, after: After = None) -> RiskReasonConnection:
        if self.found is None and self.standing is not None:
            # the first reasons alone, from the jurisdiction's strongest acts (kg/exposure_sums.py)
            size, (_, start) = page_size(info, first), key_after(REASONS, after)
            (top,) = await _reasons_batch(info).get([(self.standing, start + size)])
            shown = self._reasons(top[start : start + size])
            keys: list[tuple[str | None, str]] = [(None, r.act.instance) for r in shown]
            return RiskReasonConnection(
                edges=[
                    RiskReasonEdge(node=r, cursor=key_cursor(REASONS, *k, start + i))
                    for i, (r, k) in enumerate(zip(shown, keys, strict=True))
                ],
                page_info=key_page_info(REASONS, keys, start, self.standing.reasons),
                total_count=self.standing.reasons,
            )
        reasons = self._reasons((await self._whole(info)).reasons)
        edges, info_, total = positioned_page(info, REASONS, reasons, lambda r: r.act.instance, first, after)
        return RiskReasonConnection(
            edges=[RiskReasonEdge(node=r, cursor=c) for r, c in edges], page_info=info_, total_count=total
        )


@strawberry.type(description="One of a page of jurisdictions' exposure, with its cursor")
class ExposureEdge:
    node: Exposure = strawberry.field(description="One jurisdiction's exposure")
    cursor: str = strawberry.field(description="Where it stands in the list: pass it as 'after' to go on from here")


@strawberry.type(description="A page of a platform's exposure, highest score first (Relay connection)")
class ExposureConnection:
    edges: list[ExposureEdge] = strawberry.field(description="The jurisdictions of this page, in order")
    page_info: PageInfo = strawberry.field(description="Whether more pages follow, and the cursors to reach them")
    total_count: int = strawberry.field(description="How many jurisdictions concern the platform, over all pages")


def _exposure(place: ExposureScore | ExposureStanding, as_of: date | None = None) -> Exposure:
    """A jurisdiction's exposure from its whole score, or from its standing in the sums (its
    acts read only when a field asks for them)."""
    standing = place if isinstance(place, ExposureStanding) else None
    return Exposure(
        jurisdiction=entity_of(place.jurisdiction),
        status=place.status,
        risk_level=RiskLevel(place.level),
        score=place.score,
        found=None if standing is not None else place,
        as_of=as_of,
        standing=standing,
    )


def _exposures(found: list[ExposureScore], as_of: date | None) -> list[Exposure]:
    return [_exposure(place, as_of) for place in found]


@strawberry.type
class ExposureQueries:
    """The exposure field, merged into the schema's Query (kg/service/graphql_view.py)."""

    @strawberry.field(
        description="Q5. Platform P's regulatory exposure per jurisdiction, with a risk level and reasons; "
        "each real-world act counted once"
    )
    async def exposure(
        self,
        info: Info,
        platform: Annotated[str, strawberry.argument(description=f"The platform or company: {Subject}")],
        as_of: AsOf = None,
    ) -> list[Exposure]:
        return _exposures(await read(exposure_answers.exposure_scores, info.context["store"], platform, as_of), as_of)

    @strawberry.field(
        description="Q5, paged: the same jurisdictions a page at a time, highest score first (every jurisdiction "
        "is scored to order them; only the page's reasons are worded, and its acts fetched when shown)"
    )
    async def exposure_connection(
        self,
        info: Info,
        platform: Annotated[str, strawberry.argument(description=f"The platform or company: {Subject}")],
        as_of: AsOf = None,
        first: First = 20,
        after: After = None,
    ) -> ExposureConnection:
        size, (_, start) = page_size(info, first), key_after(PLACES, after)  # refused before any scoring
        store = info.context["store"]
        ranked = None
        if as_of is None:
            ranked = await read(exposure_answers.exposure_standings, store, platform, start, size)
        if ranked is not None:
            standings, total = ranked
            places = [_exposure(s) for s in standings]
        else:
            found, total = await read(exposure_answers.exposure_page, store, platform, as_of, start, size, False)
            places = _exposures(found, as_of)
        keys: list[tuple[str | None, str]] = [(None, x.jurisdiction.iri) for x in places]
        return ExposureConnection(
            edges=[
                ExposureEdge(node=x, cursor=key_cursor(PLACES, *k, start + i))
                for i, (x, k) in enumerate(zip(places, keys, strict=True))
            ],
            page_info=key_page_info(PLACES, keys, start, total),
            total_count=total,
        )
