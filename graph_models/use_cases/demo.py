"""Work waiting in a fresh demo: introduction requests for a coordinator to mediate and a
mentorship programme with a proposal to review, in the demo coordinator's region.

Without it a coordinator trying the service finds empty inboxes. Everything is made through
the use cases, as the system, so it obeys the same rules as what users make.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from graph_models.domain.introductions import Purpose
from graph_models.domain.programmes import MentorEnrolment
from graph_models.domain.stakeholders import Kind
from graph_models.domain.vocabularies import region_contains
from graph_models.mentorship.candidates import mentors_of
from graph_models.use_cases.introductions import Introductions
from graph_models.use_cases.programmes import Programmes

REQUESTS = 3
MENTEES = 12
MENTORS = 6


@dataclass(frozen=True)
class DemoActivity:
    introduction_ids: list[str]
    programme_id: str | None


def seed_activity(introductions: Introductions, programmes: Programmes, region: str, *,
                  today: date) -> DemoActivity:
    """Open ``REQUESTS`` mediated introduction requests from entrepreneurs of ``region`` to
    investors there, and a programme of ``region`` starting in a month, with up to
    ``MENTEES`` mentees, ``MENTORS`` mentors (none of them a mentee) and a proposal.
    Deterministic for one ecosystem: stakeholders are taken in id order."""
    graph = programmes.snapshots.get().graph

    def in_region(kind: Kind) -> list[str]:
        return sorted(n for n, d in graph.nodes(data=True)
                      if d["kind"] == kind and d["discoverable"]
                      and region_contains(region, d["region"]))

    requested: list[str] = []
    investors = in_region(Kind.INVESTOR)
    for requester, target in zip(in_region(Kind.ENTREPRENEUR), investors, strict=False):
        if len(requested) == REQUESTS:
            break
        if graph.has_edge(requester, target):
            continue
        view = introductions.request(requester, target, Purpose.FINANCING,
                                     message="Demo: we are looking for a first loan.")
        requested.append(view.introduction.id)

    starts_on = today + timedelta(days=30)
    mentors = [m.id for m in mentors_of(graph, start=starts_on)
               if region_contains(region, graph.nodes[m.id]["region"])][:MENTORS]
    # An operating entrepreneur may both mentor and need training, but a programme enrols a
    # stakeholder on one side only: mentors are the scarcer, so they are chosen first.
    mentees = [e for e in in_region(Kind.ENTREPRENEUR) if e not in mentors
               and any(n.startswith("training.") for n in graph.nodes[e]["needs"])][:MENTEES]
    if not mentees or not mentors:
        return DemoActivity(requested, None)
    programme_id = programmes.open_programme("Demo mentoring programme", region,
                                             starts_on).programme.id
    programmes.enrol(programme_id, mentees=mentees,
                     mentors=[MentorEnrolment(m) for m in mentors])
    programmes.propose(programme_id)
    return DemoActivity(requested, programme_id)
