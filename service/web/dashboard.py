"""What waits for a coordinator in their territories (for an administrator, everywhere): the
introduction requests nobody has passed on yet, the mentoring programmes whose proposal is
still a draft, the entrepreneurs whose needs no provider meets, and the newcomers without a
tie. Each is counted by the use case's own query, and the first few are named.

The unmet needs are a territory's matches (a tenth of a second and more at 10⁴ stakeholders):
they are counted on a page of their own, which the dashboard loads into itself once it is
shown, so that the rest does not wait for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph_models.domain.accounts import User
from graph_models.domain.introductions import State
from graph_models.domain.policy import sees_everything
from graph_models.domain.programmes import ProgrammeState
from graph_models.use_cases.common import StakeholderSummary
from graph_models.use_cases.introductions import Box, IntroductionView
from graph_models.use_cases.programmes import ProgrammeView
from service.extensions import introductions, matches, programmes, stakeholders

# How many of each kind of work the dashboard names; the rest are counted.
SHOWN = 5
# Who counts as a newcomer: registered within this many days.
NEWCOMER_DAYS = 365
# Programmes a territory runs at once are few: one page reads them all.
PROGRAMMES_READ = 100


@dataclass(frozen=True)
class Unmet:
    """An entrepreneur whose best provider scores below the threshold, and its needs."""

    entrepreneur: StakeholderSummary
    needs: tuple[str, ...]


@dataclass(frozen=True)
class Dashboard:
    """Three kinds of work (the unmet needs are :func:`unmet_of`'s), each counted and with
    its first few named."""

    requests: int
    first_requests: list[IntroductionView]
    proposals: int
    first_proposals: list[ProgrammeView]
    newcomers: int
    first_newcomers: list[tuple[StakeholderSummary, datetime]]
    newcomer_days: int = NEWCOMER_DAYS


@dataclass(frozen=True)
class UnmetNeeds:
    count: int
    first: list[Unmet]


def dashboard_of(actor: User) -> Dashboard:
    """What waits for ``actor``, read as ``actor`` may read it (Forbidden unless a
    coordinator or an administrator)."""
    drafts = _programmes_to_review(actor)
    requests = introductions().inbox(Box.REGION, states=(State.REQUESTED,), page_size=SHOWN,
                                     actor=actor)
    newcomers = stakeholders().newcomers(days=NEWCOMER_DAYS, limit=SHOWN, actor=actor)
    return Dashboard(requests.total, requests.items, len(drafts), drafts[:SHOWN],
                     newcomers.total, newcomers.newest)


def _programmes_to_review(actor: User) -> list[ProgrammeView]:
    """The programmes of ``actor``'s territories with a proposal not yet published."""
    found = programmes().programmes(page_size=PROGRAMMES_READ, actor=actor).items
    return [view for view in found if view.programme.state == ProgrammeState.DRAFT
            and view.programme.draft is not None]


def unmet_of(actor: User) -> UnmetNeeds:
    """The unmet entrepreneurs of each of ``actor``'s territories (of all, for an admin):
    how many, and the first few (the least met first)."""
    regions = (None,) if sees_everything(actor) else actor.regions
    unmet = [Unmet(entrepreneur, needs) for region in regions
             for entrepreneur, needs, _, _ in matches().coordinator_matches(
                 region=region, limit=1, actor=actor).unmet]
    return UnmetNeeds(len(unmet), unmet[:SHOWN])
