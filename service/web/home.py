"""What the home page shows a signed-in user: who they are, their role, and the stakeholders
they act for or look after, each with how many there are."""

from __future__ import annotations

from dataclasses import dataclass

from graph_models.domain.accounts import Role, User
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Stakeholder
from service.extensions import stakeholders


@dataclass(frozen=True)
class Territory:
    """One of a user's territories and, for a coordinator, how many stakeholders are registered
    in it (a viewer reads the territory's reports, not its stakeholders)."""

    region: str
    stakeholders: int | None


@dataclass(frozen=True)
class Home:
    """The user, the stakeholders they are a member of, their territories (coordinators and
    viewers), and for an administrator how many stakeholders the service holds in all."""

    user: User
    memberships: list[Stakeholder]
    territories: list[Territory]
    all_stakeholders: int | None


def home_of(user: User) -> Home:
    """What ``user``'s home page shows, read as ``user`` may read it."""
    use_cases = stakeholders()
    memberships = [use_cases.get_stakeholder(sid, actor=user) for sid in user.memberships]
    coordinates = user.role == Role.COORDINATOR
    territories = [Territory(region, _count(user, region) if coordinates else None)
                   for region in user.regions]
    total = _count(user, None) if user.role == Role.ADMIN else None
    return Home(user, memberships, territories, total)


def _count(user: User, region: str | None) -> int:
    return stakeholders().find_stakeholders(
        StakeholderQuery(region=region, page_size=1), actor=user).total
