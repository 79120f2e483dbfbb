"""The demo's tables, read once from ``graph_models/data/demo/*.json``.

What the generator draws from (places, words, what each kind of stakeholder is like, the shares
of the ecosystem and of its ties) is data, so that it can be read and tuned without the code;
each file says what its tables mean. Keys that name a domain enum (kinds, legal forms, stages,
instruments, …) become that enum here. Every mapping keeps the order of its file, and the seeded
draws depend on it: reordering a table changes the ecosystem a seed gives.

Examples
--------
>>> from graph_models.domain.stakeholders import LegalForm, Stage
>>> t = tables()
>>> t.entrepreneurs.legal_forms[LegalForm.KOINSEP].name
'Κοιν.Σ.Επ. {what}'
>>> t.entrepreneurs.stages[Stage.IDEA].funding_sought
(2000, 20000)
>>> t.places.capital
'EL303'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from importlib import resources

from graph_models.domain.stakeholders import (
    Instrument,
    InvestorType,
    Kind,
    KoinsepCategory,
    LegalForm,
    PolicyLevel,
    Stage,
    SupportType,
)

# Name templates: a list is drawn uniformly, a mapping of template to share by its share.
Names = tuple[str, ...] | dict[str, float]
Span = tuple[int, int]  # (fewest, most), both included


@dataclass(frozen=True)
class Town:
    name: str
    genitive: str
    municipality: str  # the official name of its Δήμος


@dataclass(frozen=True)
class Periphery:
    genitive: str
    seat: str  # a NUTS-3 code
    phone_prefix: str


@dataclass(frozen=True)
class Places:
    capital: str
    peripheries: dict[str, Periphery]
    towns: dict[str, tuple[Town, ...]]


@dataclass(frozen=True)
class Words:
    first_names: tuple[tuple[str, ...], tuple[str, ...]]  # male, female
    surnames: tuple[tuple[str, str], ...]  # masculine, feminine
    epithets: tuple[str, ...]


@dataclass(frozen=True)
class KindShape:
    prefix: str
    share: float = 0.0
    early: float = 1.0


@dataclass(frozen=True)
class Ecosystem:
    kinds: dict[Kind, KindShape]
    newcomers: dict[str, float]
    hubs: dict[str, float]
    growth: float
    sectors: dict[str, float]
    further_sectors: tuple[float, ...]
    other_languages: tuple[str, ...]
    other_language_share: float
    profiles: dict[str, float]


@dataclass(frozen=True)
class TieShape:
    budget: dict[str, float]
    co_investment_share: float
    syndicate_share: float
    preferential_share: float
    hub_min_ties: int
    mean_lag_share: float
    knows_strengths: dict[str, tuple[int, ...]]


@dataclass(frozen=True, kw_only=True)
class _Group:
    """What belonging to a legal form or a KoinSEp category says of an entrepreneur."""

    weight: float
    description: str
    sectors: dict[str, float] = field(default_factory=dict)
    needs: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class LegalFormSpec(_Group):
    name: str
    members: Span
    named_after_town: float = 0.0


@dataclass(frozen=True, kw_only=True)
class CategorySpec(_Group):
    min_members: int = 0


@dataclass(frozen=True)
class StageSpec:
    description: str
    mix: dict[str, float]
    fitness: float
    funding_sought: Span
    needs: dict[str, float]


@dataclass(frozen=True)
class Entrepreneurs:
    legal_forms: dict[LegalForm, LegalFormSpec]
    koinsep_categories: dict[KoinsepCategory, CategorySpec]
    stages: dict[Stage, StageSpec]
    starting_stages: dict[Stage, float]
    need_count: Span
    peer_offer_share: float
    peer_offers: dict[str, float]
    peer_offer_count: Span
    concepts: dict[str, tuple[str, ...]]
    concept_otherwise: tuple[str, ...]
    names: tuple[str, ...]
    description: str
    mentoring_capacity: Span
    english_share: float


@dataclass(frozen=True)
class InvestorSpec:
    weight: float
    description: str
    instrument_sets: tuple[tuple[Instrument, ...], ...]
    tickets: Span
    regional_share: float
    extra_offers: dict[str, float]
    names: Names
    names_with_focus: Names = ()
    people: int = 0


@dataclass(frozen=True)
class InstrumentSpec:
    stages: tuple[Stage, ...]
    text: str


@dataclass(frozen=True, kw_only=True)
class _Institutions:
    """What every kind of institution has: a number of sectors, how active its members are
    (a multiplier of their fitness) and the share of them who speak English."""

    sector_count: Span
    fitness: float
    english_share: float


@dataclass(frozen=True, kw_only=True)
class Investors(_Institutions):
    types: dict[InvestorType, InvestorSpec]
    instruments: dict[Instrument, InstrumentSpec]
    description: str
    focus: str


@dataclass(frozen=True)
class SupportSpec:
    weight: float
    description: str
    offers: dict[str, float]
    offer_count: Span
    capacity: Span
    names: Names
    people: int = 0
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class HubSpec:
    description: str
    offers_from: tuple[SupportType, ...]
    offer_count: Span
    capacity: Span
    seats: dict[str, float]
    names: Names


@dataclass(frozen=True, kw_only=True)
class SupportOrganisations(_Institutions):
    types: dict[SupportType, SupportSpec]
    hub: HubSpec
    universities: dict[str, tuple[str, ...]]
    mentoring_first_share: float
    description: str


@dataclass(frozen=True)
class Ministry:
    name: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class LevelSpec:
    weight: float
    description: str
    units: tuple[str, ...]
    unit_share: float = 1.0
    name: str = ""
    ministries: tuple[Ministry, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Policymakers(_Institutions):
    levels: dict[PolicyLevel, LevelSpec]


@dataclass(frozen=True)
class Tables:
    """Every table of the demo, one attribute per file."""

    places: Places
    words: Words
    ecosystem: Ecosystem
    ties: TieShape
    entrepreneurs: Entrepreneurs
    investors: Investors
    support: SupportOrganisations
    policymakers: Policymakers


@cache
def tables() -> Tables:
    """The demo's tables, read from their files on the first call only."""
    return Tables(places=_places(_load("places.json")), words=_words(_load("names.json")),
                  ecosystem=_ecosystem(_load("ecosystem.json")), ties=_ties(_load("ties.json")),
                  entrepreneurs=_entrepreneurs(_load("entrepreneurs.json")),
                  investors=_investors(_load("investors.json")),
                  support=_support(_load("support_organisations.json")),
                  policymakers=_policymakers(_load("policymakers.json")))


def _load(name: str) -> dict:
    data = resources.files("graph_models.data.demo").joinpath(name)
    raw = json.loads(data.read_text("utf-8"))
    raw.pop("about")
    return {key: _frozen(value) for key, value in raw.items()}


def _frozen(value):
    """Lists become tuples, recursively, so that spans and lists compare like the code's."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _by(enum: type[Enum], table: dict, make=lambda value: value) -> dict:
    return {enum(key): make(value) for key, value in table.items()}


def _places(raw: dict) -> Places:
    def town(entry: dict) -> Town:
        return Town(entry["name"], entry["genitive"],
                    entry.get("municipality", f"Δήμος {entry['genitive']}"))

    return Places(capital=raw["capital"],
                  peripheries={code: Periphery(**p) for code, p in raw["peripheries"].items()},
                  towns={code: tuple(map(town, towns)) for code, towns in raw["towns"].items()})


def _words(raw: dict) -> Words:
    first = raw["first_names"]
    return Words(first_names=(first["male"], first["female"]), surnames=raw["surnames"],
                 epithets=raw["epithets"])


def _ecosystem(raw: dict) -> Ecosystem:
    return Ecosystem(**{**raw, "kinds": _by(Kind, raw["kinds"], lambda k: KindShape(**k))})


def _ties(raw: dict) -> TieShape:
    return TieShape(**raw)


def _entrepreneurs(raw: dict) -> Entrepreneurs:
    return Entrepreneurs(**{
        **raw,
        "legal_forms": _by(LegalForm, raw["legal_forms"], lambda f: LegalFormSpec(**f)),
        "koinsep_categories": _by(KoinsepCategory, raw["koinsep_categories"],
                                  lambda c: CategorySpec(**c)),
        "stages": _by(Stage, raw["stages"], lambda s: StageSpec(**s)),
        "starting_stages": _by(Stage, raw["starting_stages"])})


def _investors(raw: dict) -> Investors:
    def investor(spec: dict) -> InvestorSpec:
        sets = tuple(tuple(map(Instrument, s)) for s in spec["instrument_sets"])
        return InvestorSpec(**{**spec, "instrument_sets": sets})

    def instrument(spec: dict) -> InstrumentSpec:
        return InstrumentSpec(stages=tuple(map(Stage, spec["stages"])), text=spec["text"])

    return Investors(**{**raw, "types": _by(InvestorType, raw["types"], investor),
                        "instruments": _by(Instrument, raw["instruments"], instrument)})


def _support(raw: dict) -> SupportOrganisations:
    hub = raw["hub"]
    return SupportOrganisations(**{
        **raw, "types": _by(SupportType, raw["types"], lambda s: SupportSpec(**s)),
        "hub": HubSpec(**{**hub, "offers_from": tuple(map(SupportType, hub["offers_from"]))})})


def _policymakers(raw: dict) -> Policymakers:
    def level(spec: dict) -> LevelSpec:
        ministries = tuple(Ministry(**m) for m in spec.get("ministries", ()))
        return LevelSpec(**{**spec, "ministries": ministries})

    return Policymakers(**{**raw, "levels": _by(PolicyLevel, raw["levels"], level)})
