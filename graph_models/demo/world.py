"""The world the demo draws from: the vocabularies joined with the demo's places and sectors.

Built once per process (:func:`world`), after checking the tables against the vocabularies: a
region or sector that a newer vocabulary lacks is left out, one that the tables lack gets a
plain default, so the demo follows the vocabularies it is shipped with.

Examples
--------
>>> import random
>>> w = world()
>>> w.parent["EL303"], w.periphery_genitive("EL30")
('EL30', 'Αττικής')
>>> w.place(random.Random(1), "EL303").nuts2
'EL30'
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from graph_models.demo.draws import Weighted
from graph_models.demo.tables import Town, tables
from graph_models.domain import vocabularies


@dataclass(frozen=True)
class Place:
    """Where a stakeholder is: its NUTS-3 region, that region's NUTS-2 parent, and its town."""

    region: str
    nuts2: str
    town: Town


@cache
def world() -> World:
    """The world, built on the first call only."""
    return World()


class World:
    """Regions weighted by population, their towns, and the sectors, topics and languages."""

    def __init__(self):
        regions = vocabularies.greek_regions()
        nuts3 = [r for r in regions.values() if r.level == 3 and r.population > 0]
        self.nuts3 = Weighted([r.code for r in nuts3], [r.population for r in nuts3])
        # Only a country lacks a parent region.
        self.parent = {r.code: r.parent for r in nuts3 if r.parent is not None}
        self.region_names = {code: r.name_el or r.name_en for code, r in regions.items()}
        self.nuts2 = sorted(set(self.parent.values()))
        nuts2_population = {code: regions[code].population for code in self.nuts2}
        self.periphery = Weighted(self.nuts2, [max(1, nuts2_population[c]) for c in self.nuts2])
        self.towns = {code: self._towns(code) for code in self.nuts3.items}
        sectors = vocabularies.sectors()
        weights = tables().ecosystem.sectors
        self.sectors = [code for code in weights if code in sectors] or sorted(sectors)
        self.sector_weights = {code: weights.get(code, 1) for code in self.sectors}
        self.sector_index = {code: n for n, code in enumerate(sorted(sectors))}
        self.sector_draw = Weighted(self.sectors, self.sector_weights.values())
        self.sector_names = {code: term.name_el or term.name_en for code, term in sectors.items()}
        self.languages = [code for code in tables().ecosystem.other_languages
                          if vocabularies.is_language(code)]
        self.topics = vocabularies.topics()

    def _towns(self, region: str) -> Weighted:
        name = self.region_names[region]
        towns = tables().places.towns.get(region) or (Town(name, name, f"Δήμος {name}"),)
        # The capital is as likely as all the others together.
        return Weighted(towns, [max(1, len(towns) - 1)] + [1] * (len(towns) - 1))

    def place(self, rng: random.Random, region: str | None = None) -> Place:
        """A town of ``region``, or of a region drawn by population."""
        region = region or self.nuts3.draw(rng)
        return Place(region, self.parent[region], self.towns[region].draw(rng))

    def periphery_genitive(self, nuts2: str) -> str:
        """The genitive of a NUTS-2 region's Greek name (Περιφέρεια …)."""
        periphery = tables().places.peripheries.get(nuts2)
        return periphery.genitive if periphery else self.region_names[nuts2]

    def seat(self, nuts2: str) -> str:
        """The NUTS-3 region where a NUTS-2 region's authority sits."""
        periphery = tables().places.peripheries.get(nuts2)
        if periphery and periphery.seat in self.parent:
            return periphery.seat
        return next(code for code in self.nuts3.items if self.parent[code] == nuts2)

    def phone_prefix(self, nuts2: str) -> str:
        """The first digits of landline numbers in a NUTS-2 region (Athens' where unknown)."""
        periphery = tables().places.peripheries.get(nuts2)
        return periphery.phone_prefix if periphery else "21"

    def community(self, nuts2: str, sector: str) -> int:
        """The number of the (NUTS-2 region, sector) community."""
        return self.nuts2.index(nuts2) * len(self.sector_index) + self.sector_index[sector]

    def known_topics(self, weighted: dict[str, float]) -> dict[str, float]:
        """``weighted`` without the topics the vocabulary lacks."""
        return {code: w for code, w in weighted.items() if code in self.topics}

    def known_sectors(self, weighted: dict[str, float]) -> dict[str, float]:
        """``weighted`` without the sectors the vocabulary lacks."""
        return {code: w for code, w in weighted.items() if code in self.sector_index}
