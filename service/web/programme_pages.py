"""What the programme pages show, read through the use cases as the signed-in user may read it:
the programme, the names of its people, the stakeholders a search found to enrol, and once it
is published its mentorships with their sessions and its report."""

from __future__ import annotations

from dataclasses import dataclass

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import NotFound
from graph_models.domain.programmes import ProgrammeState
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Stakeholder
from graph_models.domain.vocabularies import greek_regions, region_contains
from graph_models.use_cases.mentorships import MentorshipView
from graph_models.use_cases.programmes import ProgrammeView, ReportView
from service.extensions import mentorships, programmes, stakeholders
from service.i18n.labels import label
from service.i18n.locale import gettext

SEARCH_RESULTS = 10
# Mentorships a published programme's page lists at once: a cohort, not a directory.
COHORT_PAGE = 100


@dataclass(frozen=True)
class Held:
    """A published pair as its coordinator follows it: the mentorship and its sessions."""

    mentorship: MentorshipView
    sessions: int


@dataclass(frozen=True)
class ProgrammePage:
    """A programme's page: ``names`` of every stakeholder it names (by id), ``found`` by the
    enrolment search for ``search``, and once published ``held`` and ``report``."""

    view: ProgrammeView
    names: dict[str, str]
    search: str
    found: list[Stakeholder]
    held: list[Held]
    report: ReportView | None

    @property
    def programme(self):
        return self.view.programme

    @property
    def draft(self) -> bool:
        return self.programme.state == ProgrammeState.DRAFT

    @property
    def placed(self) -> set[str]:
        """The mentees the proposal gives a mentor."""
        return {p.pair.mentee_id for p in self.view.pairs}

    def name(self, stakeholder_id: str) -> str:
        return self.names.get(stakeholder_id) or gettext("a stakeholder no longer listed")


def programme_page(programme_id: str, user: User, *, search: str = "") -> ProgrammePage:
    """Everything ``user`` sees on a programme's page (NotFound unless they coordinate it)."""
    view = programmes().get_programme(programme_id, explain=True, actor=user)
    programme = view.programme
    held: list[Held] = []
    report = None
    if programme.state == ProgrammeState.PUBLISHED:
        found_pairs = mentorships().mentorships(programme_id=programme.id,
                                                page_size=COHORT_PAGE, actor=user).items
        held = [Held(m, len(mentorships().sessions(m.mentorship.id, actor=user)))
                for m in found_pairs]
        report = programmes().report(programme.id, actor=user)
    found = _search(search, user) if search and programme.state == ProgrammeState.DRAFT else []
    known = {p.mentee.id: p.mentee.name for p in view.pairs if p.mentee}
    known.update({p.mentor.id: p.mentor.name for p in view.pairs if p.mentor})
    known.update({s.id: s.name for s in found})
    for h in held:
        known.update({h.mentorship.mentee.id: h.mentorship.mentee.name,
                      h.mentorship.mentor.id: h.mentorship.mentor.name})
    wanted = [*programme.mentee_ids, *(m.id for m in programme.mentors)]
    return ProgrammePage(view, {**names_of([i for i in wanted if i not in known], user),
                                **known}, search, found, held, report)


def names_of(ids: list[str], user: User) -> dict[str, str]:
    """The names of the stakeholders ``user`` may read, by id (those erased left out)."""
    names = {}
    for stakeholder_id in dict.fromkeys(ids):
        try:
            names[stakeholder_id] = stakeholders().get_stakeholder(stakeholder_id,
                                                                   actor=user).name
        except NotFound:
            continue
    return names


def _search(text: str, user: User) -> list[Stakeholder]:
    return stakeholders().find_stakeholders(StakeholderQuery(
        text=text, page_size=SEARCH_RESULTS), actor=user).items


def region_choices(user: User) -> list[tuple[str, str]]:
    """The regions ``user`` may open a programme in, as (code, name): an administrator's,
    every Greek region; a coordinator's, their territories and the regions within them."""
    everywhere = user.role == Role.ADMIN
    return [(code, label("region", code)) for code in greek_regions()
            if everywhere or any(region_contains(t, code) for t in user.regions)]
