"""A programme's people: who may be enrolled, and the mentees and mentors as they stand now.

Enrolment names stakeholders by id; the snapshot says what they are today (an erased one is
left out, one that changed may no longer fit), and a mentor's places are shared with its open
mentorships of other programmes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

import networkx as nx

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.errors import Conflict, InvalidInput
from graph_models.domain.mentorships import MentorshipState
from graph_models.domain.policy import Action, Resource
from graph_models.domain.programmes import Mentee, Mentor, MentorEnrolment, Programme
from graph_models.domain.queries import MentorshipQuery
from graph_models.mentorship.candidates import mentees_of, mentors_of
from graph_models.stores.base import GraphStore

MAX_CAPACITY = 1000
# Mentorships read at once for a report, the feedback and a mentor's load elsewhere.
READ_ALL = 100_000
# The mentorships that hold one of their mentor's places.
OPEN_STATES = (MentorshipState.PROPOSED, MentorshipState.ACCEPTED, MentorshipState.ACTIVE)


def check_enrolment(mentees: Sequence[str], mentors: Sequence[MentorEnrolment],
                    remove: Sequence[str]) -> None:
    """InvalidInput naming the field of an id listed twice, of a mentor's capacity out of
    range, or of an availability that ends before it starts."""
    for field, ids in (("remove", remove), ("mentees", mentees),
                       ("mentors", [e.id for e in mentors])):
        if len(set(ids)) != len(ids):
            raise InvalidInput("an id is listed twice", errors={field: ["listed twice"]})
    for e in mentors:
        if e.capacity is not None and not 1 <= e.capacity <= MAX_CAPACITY:
            raise InvalidInput("invalid capacity", errors={"mentors": [
                f"{e.id}: capacity from 1 to {MAX_CAPACITY}"]})
        if (e.available_from is not None and e.available_until is not None
                and e.available_until < e.available_from):
            raise InvalidInput("invalid availability", errors={"mentors": [
                f"{e.id}: available_until before available_from"]})


def require_readable(actor: User | None, stakeholder_id: str, graph: nx.MultiDiGraph,
                     field: str) -> None:
    """InvalidInput naming ``field`` unless ``actor`` may read the stakeholder."""
    d = graph.nodes.get(stakeholder_id)
    if d is None or (actor is not None and not policy.allows(
            actor, Resource.STAKEHOLDER, Action.READ,
            policy.relation(actor, stakeholder_id, d["region"], d["discoverable"]))):
        raise InvalidInput("no such stakeholder", errors={
            field: [f"no stakeholder with id {stakeholder_id}"]})


def require_enrollable(graph: nx.MultiDiGraph, mentees: Sequence[str],
                       mentors: Sequence[MentorEnrolment], *, start: date) -> None:
    """InvalidInput naming ``mentees`` or ``mentors`` for each who cannot be mentored or
    mentor in a programme starting on ``start``, and why."""
    for field, check in (("mentees", lambda: mentees_of(graph, mentees)),
                         ("mentors", lambda: mentors_of(graph, mentors, start=start))):
        try:
            check()
        except InvalidInput as error:
            raise InvalidInput(error.message, errors={field: [
                f"{k}: {'; '.join(v)}" for k, v in error.errors.items()]}) from None


def people_now(store: GraphStore, programme: Programme,
               graph: nx.MultiDiGraph) -> tuple[list[Mentee], list[Mentor]]:
    """The programme's mentees and mentors as the snapshot has them now (those erased since
    enrolment left out).

    A mentor enrolled without a capacity of its own has the snapshot's capacity left, less its
    mentorships of other programmes that are proposed, accepted or active: a capacity counts
    mentees at once, and those are not ties (which the snapshot counts) until they are
    completed."""
    present = [m for m in programme.mentee_ids if m in graph]
    enrolled = [e for e in programme.mentors if e.id in graph]
    try:
        mentees = mentees_of(graph, present)
        mentors = mentors_of(graph, enrolled, start=programme.starts_on)
    except InvalidInput as error:
        raise Conflict("an enrolled stakeholder changed and no longer fits: take it out or "
                       "enrol it again", errors={"mentors": [
                           f"{k}: {'; '.join(v)}" for k, v in error.errors.items()]}) from None
    busy = _open_mentees(store, [e.id for e in enrolled if e.capacity is None],
                         besides=programme.id)
    return mentees, [dataclasses.replace(m, capacity=max(0, m.capacity - busy[m.id]))
                     if busy.get(m.id) else m for m in mentors]


def _open_mentees(store: GraphStore, mentor_ids: list[str], *, besides: str) -> dict[str, int]:
    """How many proposed, accepted or active mentorships each mentor has in programmes other
    than ``besides``."""
    if not mentor_ids:
        return {}
    wanted = set(mentor_ids)
    found = store.find_mentorships(MentorshipQuery(
        stakeholder_ids=tuple(sorted(wanted)), states=OPEN_STATES, page_size=READ_ALL))
    out: dict[str, int] = {}
    for m in found.items:
        if m.mentor_id in wanted and m.programme_id != besides:
            out[m.mentor_id] = out.get(m.mentor_id, 0) + 1
    return out
