"""A stakeholder being made, and the traits every kind of stakeholder draws alike.

Examples
--------
>>> import random
>>> from graph_models.demo.world import world
>>> languages(random.Random(3), world(), english=1.0)[:2]
('el', 'en')
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from graph_models.demo.draws import distinct
from graph_models.demo.tables import Span, tables
from graph_models.demo.world import Place, World
from graph_models.domain.stakeholders import Instrument, Kind, Stage

MENTORING = "training.mentoring"


class Draft:
    """A stakeholder being made: its fields, and what the tie generator needs to know of it."""

    __slots__ = ("community", "fields", "fitness", "focus_nuts2", "funding", "hub", "instruments",
                 "investor_stages", "join", "kind", "needs", "newcomer", "nuts2", "offers",
                 "region", "sectors", "stage", "tickets")

    def __init__(self, kind: Kind, join: int, place: Place):
        self.kind = kind
        self.join = join
        self.region = place.region
        self.nuts2 = place.nuts2
        self.fields: dict = {}
        self.sectors: tuple[str, ...] = ()
        self.needs: tuple[str, ...] = ()
        self.offers: tuple[str, ...] = ()
        self.stage: Stage | None = None
        self.funding: int | None = None
        self.hub = False
        self.newcomer = False
        self.fitness = 1.0
        self.focus_nuts2: str | None = None
        self.tickets = (0, 0)
        self.instruments: tuple[Instrument, ...] = ()
        self.investor_stages: tuple[Stage, ...] = ()
        self.community = 0


@dataclass(frozen=True)
class Person:
    """A person drawn for a name: ``surname`` agrees with the first name's gender, ``family`` is
    the masculine form."""

    first: str
    surname: str
    family: str


def languages(rng: random.Random, world: World, english: float) -> tuple[str, ...]:
    """Greek, English for a share ``english`` of stakeholders, and now and then another."""
    spoken = ["el"]
    if rng.random() < english:
        spoken.append("en")
    if world.languages and rng.random() < tables().ecosystem.other_language_share:
        spoken.append(rng.choice(world.languages))
    return tuple(spoken)


def sectors_from(rng: random.Random, world: World, primary: str) -> tuple[str, ...]:
    """``primary``, and by chance a second and a third sector."""
    sectors = [primary]
    for chance in tables().ecosystem.further_sectors:
        if rng.random() < chance:
            other = world.sector_draw.draw(rng)
            if other not in sectors:
                sectors.append(other)
    return tuple(sectors)


def some_sectors(rng: random.Random, world: World, count: Span) -> tuple[str, ...]:
    """Distinct sectors drawn by weight, as many as a number drawn within ``count``."""
    return tuple(distinct(rng, world.sector_weights, rng.randint(*count)))


def person(rng: random.Random) -> Person:
    """A person of either gender."""
    words = tables().words
    female = rng.random() < 0.5
    first = rng.choice(words.first_names[female])
    surname = rng.choice(words.surnames)
    return Person(first, surname[female], surname[0])


def people_words(rng: random.Random, count: int) -> dict[str, str]:
    """The words ``count`` persons drawn for a name give its template: ``first``, ``surname``,
    ``family`` and ``founder`` (the genitive of ``family``) of the first, ``partner`` (the
    family name) of the second."""
    if not count:
        return {}
    first = person(rng)
    words = {"first": first.first, "surname": first.surname, "family": first.family,
             "founder": genitive(first.family)}
    if count > 1:
        words["partner"] = person(rng).family
    return words


def genitive(family: str) -> str:
    """The genitive of a masculine family name: only the ending changes, not the accent.

    >>> genitive("Σταθόπουλος"), genitive("Μακρής")
    ('Σταθόπουλου', 'Μακρή')
    """
    return family[:-2] + "ου" if family.endswith("ος") else family.rstrip("ς")


def name_words(rng: random.Random, world: World, place: Place) -> dict[str, str]:
    """The words an organisation's name template may take from its place, and an epithet."""
    return {"epithet": epithet(rng), "town": place.town.genitive,
            "periphery": world.periphery_genitive(place.nuts2)}


def epithet(rng: random.Random) -> str:
    """An epithet for an organisation, in Greek quotation marks."""
    return f"«{rng.choice(tables().words.epithets)}»"
