"""Investors, policymakers and support organisations: the institutions of the ecosystem.

Investors fund with the instruments of their type, in tickets within its range, some with a
regional focus; policymakers govern a municipality, a region or (ministries) the country;
support organisations offer the topics of their type, and a few national hubs nearly all.

Examples
--------
>>> import random
>>> from graph_models.demo.world import world
>>> hub = draft_support_organisation(random.Random(2), world(), 737000, hub=True)
>>> hub.hub, hub.offers[0], len(hub.offers) >= 12
(True, 'training.mentoring', True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from graph_models.demo.drafts import (
    MENTORING,
    Draft,
    languages,
    name_words,
    people_words,
    some_sectors,
)
from graph_models.demo.draws import by_share, choice, distinct, pareto_fitness, round_to, template
from graph_models.demo.tables import InvestorSpec, LevelSpec, SupportSpec, tables
from graph_models.demo.world import Place, World
from graph_models.domain.stakeholders import Instrument, Kind, PolicyLevel, Stage, SupportType
from graph_models.domain.vocabularies import GREEK_COUNTRY_CODE

# --- investors ----------------------------------------------------------------------------------


def draft_investor(rng: random.Random, world: World, join: int) -> Draft:
    """An investor of a type drawn by weight, who joined on day ``join``."""
    spec = tables().investors
    kind = choice(rng, {t: s.weight for t, s in spec.types.items()})
    kind_spec = spec.types[kind]
    place = world.place(rng)
    instruments = rng.choice(kind_spec.instrument_sets)
    ticket_min, ticket_max = _tickets(rng, kind_spec)
    offers = _investor_offers(rng, world, kind_spec, instruments)
    sectors = some_sectors(rng, world, spec.sector_count)
    focus = place.nuts2 if rng.random() < kind_spec.regional_share else None
    names = kind_spec.names_with_focus if focus and kind_spec.names_with_focus else kind_spec.names
    words = name_words(rng, world, place) | people_words(rng, kind_spec.people)
    name = template(rng, names).format(**words)

    draft = Draft(Kind.INVESTOR, join, place)
    draft.sectors, draft.offers, draft.focus_nuts2 = sectors, offers, focus
    draft.tickets, draft.instruments = (ticket_min, ticket_max), instruments
    draft.investor_stages = _stages_suited(instruments)
    draft.fitness = pareto_fitness(rng) * spec.fitness
    draft.fields = dict(
        name=name, description=_investor_description(kind_spec, draft, words["periphery"]),
        municipality=place.town.name, sectors=sectors,
        languages=languages(rng, world, spec.english_share), offers=offers,
        instruments=instruments, ticket_min=ticket_min, ticket_max=ticket_max,
        organisation_type=kind.value)
    return draft


def _tickets(rng: random.Random, spec: InvestorSpec) -> tuple[int, int]:
    """Whole thousands inside the type's range, the maximum well above the minimum."""
    low, high = spec.tickets
    ticket_min = min(high // 4, max(low, round_to(low * rng.uniform(1.0, 3.0), 1_000)))
    ticket_max = max(ticket_min * 2, min(high, round_to(high * rng.uniform(0.35, 1.0), 1_000)))
    return ticket_min, ticket_max


def _investor_offers(rng: random.Random, world: World, spec: InvestorSpec,
                     instruments: tuple[Instrument, ...]) -> tuple[str, ...]:
    """The financing of its instruments, and by chance the further topics of its type."""
    offers = [f"financing.{i.value}" for i in instruments]
    offers += [code for code, chance in spec.extra_offers.items()
               if code in world.topics and rng.random() < chance]
    return tuple(offers)


def _stages_suited(instruments: tuple[Instrument, ...]) -> tuple[Stage, ...]:
    """The stages that one of the instruments suits, in order."""
    suits = tables().investors.instruments
    return tuple(s for s in Stage if any(s in suits[i].stages for i in instruments))


def _investor_description(spec: InvestorSpec, draft: Draft, periphery: str) -> str:
    investors = tables().investors
    text = investors.description.format(
        kind=spec.description, ticket_min=draft.tickets[0], ticket_max=draft.tickets[1],
        instruments=", ".join(investors.instruments[i].text for i in draft.instruments))
    # Greek writes thousands with dots. Every comma of the sentence becomes one, those after
    # the instruments too: a slip kept, as a seed must keep giving the same ecosystem.
    text = text.replace(",", ".")
    return text + investors.focus.format(periphery=periphery) if draft.focus_nuts2 else text


# --- policymakers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Authority:
    place: Place
    name: str
    jurisdiction: str
    areas: tuple[str, ...]
    description: str


def draft_policymaker(rng: random.Random, world: World, join: int) -> Draft:
    """A municipal, regional or national authority, who joined on day ``join``."""
    spec = tables().policymakers
    level = choice(rng, {lv: s.weight for lv, s in spec.levels.items()})
    authority = _AUTHORITIES[level](rng, world, spec.levels[level])
    areas = authority.areas or some_sectors(rng, world, spec.sector_count)
    draft = Draft(Kind.POLICYMAKER, join, authority.place)
    draft.sectors = areas
    draft.fitness = pareto_fitness(rng) * spec.fitness
    draft.fields = dict(
        name=authority.name, description=authority.description,
        municipality=authority.place.town.name,
        languages=languages(rng, world, spec.english_share), level=level,
        jurisdiction=authority.jurisdiction, policy_areas=areas)
    return draft


def _ministry(rng: random.Random, world: World, spec: LevelSpec) -> _Authority:
    """A ministry in the capital, with the sectors its policies cover."""
    ministry = rng.choice(spec.ministries)
    capital = tables().places.capital
    place = world.place(rng, capital if capital in world.parent else None)
    name = ministry.name
    if "—" not in name and rng.random() < spec.unit_share:
        name += f" — {rng.choice(spec.units)}"
    areas = tuple(a for a in ministry.areas if a in world.sector_index)
    return _Authority(place, name, GREEK_COUNTRY_CODE, areas, spec.description)


def _region(rng: random.Random, world: World, spec: LevelSpec) -> _Authority:
    """A regional authority at its seat, drawn by population."""
    place = world.place(rng, world.seat(world.periphery.draw(rng)))
    periphery = world.periphery_genitive(place.nuts2)
    name = spec.name.format(periphery=periphery, unit=rng.choice(spec.units))
    return _Authority(place, name, place.nuts2, (), spec.description.format(periphery=periphery))


def _municipality(rng: random.Random, world: World, spec: LevelSpec) -> _Authority:
    """A municipality, often one of its offices."""
    place = world.place(rng)
    name = place.town.municipality
    if rng.random() < spec.unit_share:
        name += f" — {rng.choice(spec.units)}"
    description = spec.description.format(
        municipality=place.town.municipality.removeprefix("Δήμος "))
    return _Authority(place, name, place.region, (), description)


_AUTHORITIES = {PolicyLevel.NATIONAL: _ministry, PolicyLevel.REGIONAL: _region,
                PolicyLevel.MUNICIPAL: _municipality}

# --- support organisations ----------------------------------------------------------------------


def draft_support_organisation(rng: random.Random, world: World, join: int, *,
                               hub: bool) -> Draft:
    """A support organisation of a type drawn by weight, or a national hub."""
    spec = tables().support
    kind = SupportType.SSE_SUPPORT_CENTRE if hub else choice(
        rng, {t: s.weight for t, s in spec.types.items()})
    kind_spec = _hub_spec() if hub else spec.types[kind]
    place = world.place(rng, _hub_seat(rng, world) if hub else None)
    offers = _support_offers(rng, world, kind_spec, hub)
    sectors = some_sectors(rng, world, spec.sector_count)
    name = _support_name(rng, world, kind_spec, place)
    topics = ", ".join(world.topics[o].name_el or world.topics[o].name_en for o in offers[:3])

    draft = Draft(Kind.SUPPORT_ORGANISATION, join, place)
    draft.hub = hub
    draft.sectors, draft.offers = sectors, offers
    draft.fitness = pareto_fitness(rng) * spec.fitness
    draft.fields = dict(
        name=name, description=spec.description.format(kind=kind_spec.description,
                                                       topics=topics.lower()),
        municipality=place.town.name, sectors=sectors,
        languages=languages(rng, world, spec.english_share), offers=offers,
        capacity=rng.randint(*kind_spec.capacity), organisation_type=kind.value)
    return draft


def _hub_spec() -> SupportSpec:
    """A national hub: the offers of the types it stands for, with names of its own."""
    hub = tables().support.hub
    offers: dict[str, float] = {}
    for kind in hub.offers_from:
        offers.update(tables().support.types[kind].offers)
    return replace(tables().support.types[SupportType.SSE_SUPPORT_CENTRE],
                   description=hub.description, offers=offers, offer_count=hub.offer_count,
                   capacity=hub.capacity, names=hub.names)


def _hub_seat(rng: random.Random, world: World) -> str | None:
    """The region where a national hub sits, if the regions still have it."""
    seat = by_share(rng, tables().support.hub.seats)
    return seat if seat in world.parent else None


def _support_offers(rng: random.Random, world: World, spec: SupportSpec,
                    hub: bool) -> tuple[str, ...]:
    """Distinct topics of the type, mentoring first for hubs and many others, and always some
    consulting or training."""
    offers = distinct(rng, world.known_topics(spec.offers), rng.randint(*spec.offer_count))
    share = tables().support.mentoring_first_share
    if hub or (rng.random() < share and MENTORING in world.topics):
        offers = [MENTORING] + [o for o in offers if o != MENTORING]
    if not any(o.startswith(("consulting.", "training.")) for o in offers):
        offers.append(MENTORING)
    return tuple(offers)


def _support_name(rng: random.Random, world: World, spec: SupportSpec, place: Place) -> str:
    words = name_words(rng, world, place)
    if spec.units:
        universities = tables().support.universities
        capital_region = tables().places.capital[:4]  # a NUTS code's prefix is its parent
        words["university"] = rng.choice(universities.get(place.nuts2)
                                         or universities[capital_region])
        words["unit"] = rng.choice(spec.units)
    words |= people_words(rng, spec.people)
    return template(rng, spec.names).format(**words)
