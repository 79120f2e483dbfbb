"""The indicators' use cases: the catalogue, and an indicator's monthly series for a territory.

Access is the ecosystem reports' (``Resource.REPORT``, ``Action.READ``): admins ask about any
territory or everything; coordinators and viewers about their territories only (with none
named, their only one); members not at all. An indicator is a count, a share, a sum or a mean
over a territory: it names nobody.

The graph's indicators read the app's snapshot (as of each day, by the reports' rule); the
introductions and mentorships a territory completed are read from the store, in pages, and
the activities it held in the period (their attendance and the ties they formed) in one read.

Examples
--------
>>> import tempfile
>>> from datetime import date
>>> from graph_models.use_cases.app import AppSettings, open_use_cases
>>> use_cases = open_use_cases(AppSettings("sqlite:///" + tempfile.mkdtemp() + "/app.db"))
>>> use_cases.ensure_schema()
>>> found = use_cases.indicators.series("stakeholders", region="EL30",
...                                     start=date(2026, 1, 1), end=date(2026, 2, 28))
>>> [(p.day.isoformat(), p.value) for p in found.points]
[('2026-01-31', 0), ('2026-02-28', 0)]
>>> use_cases.close()
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.introductions import State
from graph_models.domain.mentorships import MentorshipState, RatingMoment
from graph_models.domain.policy import Action, Resource
from graph_models.domain.queries import IntroductionQuery, MentorshipQuery
from graph_models.domain.stakeholders import now
from graph_models.indicators import (
    INDICATORS,
    Activity,
    CompletedIntroduction,
    CompletedMentorship,
    Ecosystem,
    HeldActivity,
    Indicator,
    Series,
    Source,
    checked_parameters,
    indicator,
    series,
)
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import territory_asked
from graph_models.use_cases.reports import SnapshotSource

PAGE = 500  # requests or mentorships read from the store at a time


class Indicators:
    """The catalogue and the series of indicators over ``store`` and its ``snapshots``;
    ``today`` (a clock) says which days of a period have come."""

    def __init__(self, store: GraphStore, snapshots: SnapshotSource, *,
                 today: Callable[[], date] = lambda: now().date()):
        self._store = store
        self._snapshots = snapshots
        self._today = today

    def catalogue(self, *, actor: User | None = None) -> list[Indicator]:
        """Every indicator of the catalogue, in its order. Forbidden for a role without
        reports."""
        policy.require_some(actor, Resource.REPORT, Action.LIST)
        return list(INDICATORS)

    def series(self, code: str, *, region: str | None = None, start: date, end: date,
               parameters: Mapping[str, str] | None = None, baseline: float | None = None,
               target: float | None = None, deadline: date | None = None,
               actor: User | None = None) -> Series:
        """The values of indicator ``code`` in a territory at each month's end from ``start``
        to ``end`` (see :func:`graph_models.indicators.series`).

        Raises Forbidden for a role without reports or a region outside the actor's
        territories, NotFound for an unknown code, InvalidInput for wrong parameters or
        period.
        """
        policy.require_some(actor, Resource.REPORT, Action.READ)
        region = territory_asked(actor, region)
        found = indicator(code)
        checked = checked_parameters(code, parameters or {})
        activity = self._activity(found.source, region, start, end)
        with self._snapshots.reading() as snapshot:
            return series(Ecosystem(snapshot.graph, region, activity), code, checked, start,
                          end, today=self._today(), baseline=baseline, target=target,
                          deadline=deadline)

    def _activity(self, source: Source, region: str | None, start: date,
                  end: date) -> Activity:
        regions = None if region is None else (region,)
        if source == Source.ACTIVITIES:
            # Only the activities held in the period count; a bad period is refused later.
            return Activity(held=tuple(
                # A tie counts from its activity's day, or from when it was recorded if later.
                HeldActivity(r.activity.starts_on, str(r.activity.pillar), r.attended,
                             tuple(max(t.formed_at.date(), r.activity.starts_on)
                                   for t in r.ties))
                for r in self._store.activity_records(regions, start, max(start, end))))
        if source == Source.INTRODUCTIONS:
            return Activity(introductions=tuple(
                CompletedIntroduction(i.state_changed_at.date(), i.purpose.value)
                for i in _every(lambda page: self._store.find_introductions(IntroductionQuery(
                    regions=regions, states=(State.COMPLETED,), page=page,
                    page_size=PAGE)))))
        if source == Source.MENTORSHIPS:
            return Activity(mentorships=tuple(
                CompletedMentorship(m.ended_on or m.state_changed_at.date(), tuple(
                    (r.on, r.score) for r in m.ratings if r.moment == RatingMoment.COMPLETION))
                for m in _every(lambda page: self._store.find_mentorships(MentorshipQuery(
                    regions=regions, states=(MentorshipState.COMPLETED,), page=page,
                    page_size=PAGE)))))
        return Activity()


def _every(read_page):
    """Every item of a paged read, page after page until the total is reached."""
    page, items = 1, []
    while True:
        found = read_page(page)
        items += found.items
        if not found.items or len(items) >= found.total:
            return items
        page += 1
