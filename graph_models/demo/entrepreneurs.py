"""Entrepreneurs: a legal form, a stage that fits when they joined, sectors, needs that fit
their stage and form, funding sought when they need money, and sometimes offers to peers.

Examples
--------
>>> import random
>>> from graph_models.demo.world import world
>>> draft = draft_entrepreneur(random.Random(1), world(), 738000, 0.5, newcomer=True)
>>> draft.kind.value, draft.stage.value in ("idea", "forming")
('entrepreneur', True)
"""

from __future__ import annotations

import random

from graph_models.demo.drafts import MENTORING, Draft, epithet, languages, sectors_from
from graph_models.demo.draws import (
    by_share,
    choice,
    distinct,
    log_uniform,
    pareto_fitness,
    round_to,
)
from graph_models.demo.tables import CategorySpec, LegalFormSpec, Town, tables
from graph_models.demo.world import World
from graph_models.domain.stakeholders import Kind, LegalForm, Stage

GOING_CONCERNS = (Stage.OPERATING, Stage.SCALING)


def draft_entrepreneur(rng: random.Random, world: World, join: int, when: float,
                       newcomer: bool) -> Draft:
    """An entrepreneur who joined on day ``join``, ``when`` (0 to 1) into the period."""
    spec = tables().entrepreneurs
    place = world.place(rng)
    form = choice(rng, {f: s.weight for f, s in spec.legal_forms.items()})
    category = (choice(rng, {c: s.weight for c, s in spec.koinsep_categories.items()})
                if form == LegalForm.KOINSEP else None)
    form_spec = spec.legal_forms[form]
    category_spec = spec.koinsep_categories[category] if category else None
    stage = _stage(rng, form, when, newcomer)
    sectors = _sectors(rng, world, form_spec, category_spec)
    needs = _needs(rng, world, stage, form_spec, category_spec)
    funding = _funding_sought(rng, stage, needs)
    offers = _peer_offers(rng, world, stage, needs)
    members = _members(rng, form_spec, category_spec, stage)
    name = form_spec.name.format(what=_name(rng, form_spec, sectors[0], place.town))
    description = _description(world, form_spec, category_spec, sectors, place.town, stage)

    draft = Draft(Kind.ENTREPRENEUR, join, place)
    draft.newcomer = newcomer
    draft.sectors, draft.needs, draft.offers = sectors, needs, offers
    draft.stage, draft.funding = stage, funding
    draft.fitness = pareto_fitness(rng) * spec.stages[stage].fitness
    draft.fields = dict(
        name=name, description=description, municipality=place.town.name, sectors=sectors,
        languages=languages(rng, world, spec.english_share), needs=needs, offers=offers,
        capacity=(rng.randint(*spec.mentoring_capacity) if MENTORING in offers
                  else None),
        legal_form=form, koinsep_category=category, stage=stage, members=members,
        funding_sought=funding)
    return draft


def _stage(rng: random.Random, form: LegalForm, when: float, newcomer: bool) -> Stage:
    """Newcomers and informal groups are just starting; of the others, those who joined early
    are more often established."""
    spec = tables().entrepreneurs
    if newcomer or form == LegalForm.INFORMAL_GROUP:
        return by_share(rng, spec.starting_stages)
    return choice(rng, {stage: s.mix["at_start"] + s.mix["growth"] * when
                        for stage, s in spec.stages.items()})


def _sectors(rng: random.Random, world: World, form: LegalFormSpec,
             category: CategorySpec | None) -> tuple[str, ...]:
    """A primary sector that the form or category implies, if any, and maybe others."""
    implied = world.known_sectors((category.sectors if category else {}) or form.sectors)
    primary = choice(rng, implied) if implied else world.sector_draw.draw(rng)
    return sectors_from(rng, world, primary)


def _needs(rng: random.Random, world: World, stage: Stage, form: LegalFormSpec,
           category: CategorySpec | None) -> tuple[str, ...]:
    """Distinct needs, weighted by stage with what the form and category add."""
    spec = tables().entrepreneurs
    weights = dict(spec.stages[stage].needs)
    for extra in (form.needs, category.needs if category else {}):
        for code, weight in extra.items():
            weights[code] = weights.get(code, 0) + weight
    return tuple(distinct(rng, world.known_topics(weights), rng.randint(*spec.need_count)))


def _funding_sought(rng: random.Random, stage: Stage, needs: tuple[str, ...]) -> int | None:
    """Whole thousands of euros, for an entrepreneur who needs financing."""
    if not any(code.startswith("financing.") for code in needs):
        return None
    low, high = tables().entrepreneurs.stages[stage].funding_sought
    return round_to(log_uniform(rng, low, high), 1_000)


def _peer_offers(rng: random.Random, world: World, stage: Stage,
                 needs: tuple[str, ...]) -> tuple[str, ...]:
    """What some going concerns offer other entrepreneurs: never what they need themselves."""
    spec = tables().entrepreneurs
    if stage not in GOING_CONCERNS or rng.random() >= spec.peer_offer_share:
        return ()
    choices = {c: w for c, w in world.known_topics(spec.peer_offers).items() if c not in needs}
    return tuple(distinct(rng, choices, rng.randint(*spec.peer_offer_count)))


def _members(rng: random.Random, form: LegalFormSpec, category: CategorySpec | None,
             stage: Stage) -> int:
    """Within the form's range (and the category's minimum); scaling ones half as many more."""
    low, high = form.members
    if category:
        low = max(low, category.min_members)
    return int(log_uniform(rng, low, high * (1.5 if stage == Stage.SCALING else 1.0)))


def _name(rng: random.Random, form: LegalFormSpec, primary: str, town: Town) -> str:
    """What the enterprise is called after its legal form: a concept of its primary sector,
    epithets and its town, or (for some forms) its town alone."""
    spec = tables().entrepreneurs
    concept = rng.choice(spec.concepts.get(primary, spec.concept_otherwise))
    epithets = [epithet(rng) for _ in range(3)]
    what = rng.choice(spec.names).format(concept=concept, epithets=epithets, town=town.genitive)
    if form.named_after_town and rng.random() < form.named_after_town:
        return town.genitive
    return what


def _description(world: World, form: LegalFormSpec, category: CategorySpec | None,
                 sectors: tuple[str, ...], town: Town, stage: Stage) -> str:
    kind = f"{form.description} {category.description}" if category else form.description
    return tables().entrepreneurs.description.format(
        kind=kind, sectors=", ".join(world.sector_names[s].lower() for s in sectors),
        municipality=town.municipality, stage=tables().entrepreneurs.stages[stage].description)
