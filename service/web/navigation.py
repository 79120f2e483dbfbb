"""The main menu: the pages a user's role works in, in the order the header shows them.

An entry names its view's endpoint; a user sees the entries of their role.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for

from graph_models.domain.accounts import Role, User
from service.i18n.locale import N_, gettext

COORDINATING = frozenset({Role.COORDINATOR, Role.ADMIN})
MEMBERS = frozenset({Role.MEMBER})
ADMINS = frozenset({Role.ADMIN})
EVERYONE = frozenset(Role)
REPORT_READERS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.VIEWER})


@dataclass(frozen=True)
class Entry:
    endpoint: str
    text: str  # a message id, translated when the menu is shown
    roles: frozenset[Role]


# The day's work first, then the Local Action Plan's four pillars in their order (consulting,
# training, networking, financing), then the plan and its measures, then one's own pages and
# the administration.
MENU = (
    Entry("web.home", N_("Home"), EVERYONE),
    Entry("web.dashboard", N_("What waits"), COORDINATING),
    Entry("web.directory", N_("Stakeholders"), COORDINATING | MEMBERS),
    Entry("web.assessments", N_("Needs assessments"), COORDINATING),
    Entry("web.workshops", N_("Workshops"), COORDINATING),
    Entry("web.programmes", N_("Mentoring programmes"), COORDINATING),
    Entry("web.mentorships", N_("My mentorships"), frozenset({Role.MEMBER, Role.COORDINATOR})),
    Entry("web.activities", N_("Activities"), COORDINATING | MEMBERS),
    Entry("web.introductions", N_("Introductions"), COORDINATING | MEMBERS),
    Entry("web.warm_paths", N_("Find a warm path"), MEMBERS | ADMINS),
    Entry("web.territory", N_("Territory matches"), COORDINATING),
    Entry("web.network", N_("Network"), REPORT_READERS),
    Entry("web.budgets_list", N_("Participatory budgets"), EVERYONE),
    Entry("web.campaigns", N_("Campaigns"), EVERYONE),
    Entry("web.plans", N_("Local Action Plans"), EVERYONE),
    Entry("web.indicators", N_("Indicators"), REPORT_READERS),
    Entry("web.reports", N_("Reports"), REPORT_READERS),
    Entry("web.notifications", N_("Notifications"), EVERYONE),
    Entry("web.organisation", N_("My organisation"), MEMBERS),
    Entry("web.account", N_("My account"), EVERYONE),
    Entry("web.users", N_("Accounts"), ADMINS),
    Entry("web.invitations", N_("Invitations"), COORDINATING),
    Entry("web.imports", N_("Imports"), ADMINS),
    Entry("web.audit", N_("Audit trail"), COORDINATING),
)


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    current: bool  # the page shown is this entry's


def menu_of(user: User | None) -> list[Link]:
    """The menu's links for ``user``, translated; none for someone not signed in."""
    if user is None:
        return []
    return [Link(url_for(entry.endpoint), gettext(entry.text), request.endpoint == entry.endpoint)
            for entry in MENU if user.role in entry.roles]
