"""A territory's ecosystem as of any day, read from one snapshot: what the indicators count.

"As of a day" is the reports' rule (:func:`graph_models.reports.frame.frame_of`): a stakeholder
counts from the day of its ``created_at``, a tie from its ``since`` and only once both its ends
exist; erased stakeholders and deleted ties are gone from the past too. A series asks for a
dozen days of one snapshot, so the frame of everything is read once (the reports' cached one)
and each day is a filter of its arrays (:meth:`Ecosystem.frame_at` gives what ``frame_of``
would for that day), rather than a pass over the graph per day.

The introductions and mentorships a territory completed come from the store, not the snapshot,
as :class:`Activity`.

Examples
--------
>>> from datetime import date
>>> from graph_models.reports.examples import example_graph
>>> ecosystem = Ecosystem(example_graph(), "EL30")
>>> int(ecosystem.alive(date(2020, 12, 31)).sum()), int(ecosystem.ties(date(2020, 12, 31)).sum())
(4, 3)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import itemgetter

import networkx as nx
import numpy as np

from graph_models.reports.frame import Frame, frame_of, scope_mask


@dataclass(frozen=True)
class CompletedIntroduction:
    """An introduction request completed on a day, for a pillar."""

    completed_on: date
    purpose: str


@dataclass(frozen=True)
class CompletedMentorship:
    """A mentorship completed on a day, with the ratings its sides gave at completion (the day
    and the score, 1 to 5)."""

    completed_on: date
    ratings: tuple[tuple[date, int], ...] = ()


@dataclass(frozen=True)
class HeldActivity:
    """An activity (workshop, course, networking event…) that started on a day, of a pillar:
    how many attended it, and the day of each tie it formed."""

    starts_on: date
    pillar: str
    attended: int
    ties_formed: tuple[date, ...] = ()


@dataclass(frozen=True)
class Activity:
    """What a territory completed that the graph does not hold: its introductions (to its
    stakeholders), the mentorships of its programmes and the activities it held."""

    introductions: tuple[CompletedIntroduction, ...] = ()
    mentorships: tuple[CompletedMentorship, ...] = ()
    held: tuple[HeldActivity, ...] = ()


class Ecosystem:
    """The snapshot ``G`` seen from a territory (a NUTS region, its sub-regions included; None:
    everywhere), as of any day, with the territory's :class:`Activity`."""

    def __init__(self, G: nx.Graph, territory: str | None, activity: Activity = Activity()):
        self.graph = G
        self.territory = territory
        self.activity = activity
        self.frame = frame_of(G)
        self.inside = scope_mask(self.frame, region=territory)

    def alive(self, day: date) -> np.ndarray:
        """Which rows of the frame existed on ``day``."""
        return self.frame.created <= day.toordinal()

    def ties(self, day: date) -> np.ndarray:
        """Which ties of the frame stood on ``day``: begun by then, both ends existing."""
        alive = self.alive(day)
        frame = self.frame
        return (frame.tie_since <= day.toordinal()) & alive[frame.tie_u] & alive[frame.tie_v]

    def frame_at(self, day: date) -> Frame:
        """The frame as of ``day``: what ``frame_of(G, day)`` gives, from the arrays of
        everything."""
        frame = self.frame
        kept = np.flatnonzero(self.alive(day))
        row = np.full(frame.n, -1, dtype=np.int64)
        row[kept] = np.arange(len(kept))
        ties = np.flatnonzero(self.ties(day))

        def rows(column: tuple) -> tuple:
            return _picked(column, kept)

        return Frame(
            as_of=day, ids=rows(frame.ids), names=rows(frame.names), kind=frame.kind[kept],
            region=rows(frame.region), legal_form=rows(frame.legal_form),
            sectors=rows(frame.sectors), needs=rows(frame.needs), offers=rows(frame.offers),
            created=frame.created[kept], discoverable=frame.discoverable[kept],
            tie_u=row[frame.tie_u[ties]], tie_v=row[frame.tie_v[ties]],
            tie_type=frame.tie_type[ties], tie_since=frame.tie_since[ties],
            tie_ids=_picked(frame.tie_ids, ties))


def _picked(column: tuple, positions: np.ndarray) -> tuple:
    """The items of ``column`` at ``positions``, as a tuple (picked in C: a series asks for
    a dozen days of every column)."""
    if len(positions) == 0:
        return ()
    if len(positions) == 1:
        return (column[int(positions[0])],)
    return itemgetter(*positions.tolist())(column)
