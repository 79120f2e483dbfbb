"""The programme use cases: open a mentorship programme, enrol its people, propose and edit a
cohort, publish it into mentorships, report on it, and form peer-learning circles.

A programme belongs to the coordinators whose territories hold its region, and to admins:
they open it (in their territories only), enrol, propose, edit, publish and read its report.
Anyone else is told it does not exist. Circles are formed by coordinators and admins, of
entrepreneurs they may read. Each mentorship a programme publishes then lives its own life
(:mod:`graph_models.use_cases.mentorships`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import networkx as nx

from graph_models.domain import policy, vocabularies
from graph_models.domain.accounts import User
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, moved_meanwhile, not_found
from graph_models.domain.matches import Match
from graph_models.domain.mentorships import Mentorship
from graph_models.domain.policy import Action, Resource, coordinates, sees_everything
from graph_models.domain.programmes import (
    Draft,
    DraftPair,
    MentorEnrolment,
    Programme,
    ProgrammeState,
    Unplaced,
)
from graph_models.domain.queries import MentorshipQuery, Page, ProgrammeQuery
from graph_models.domain.stakeholders import new_id, now
from graph_models.matching import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.pairs import explain_mentor_pair
from graph_models.mentorship.assignment import METHODS, assign
from graph_models.mentorship.candidates import (
    DEFAULT_CANDIDATES,
    MAX_CANDIDATES,
    candidate_scores,
    mentors_of,
)
from graph_models.mentorship.circles import MAX_CIRCLE, CirclePlan, peer_circles
from graph_models.mentorship.notices import notices_for
from graph_models.mentorship.outcomes import ProgrammeReport, programme_report
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import StakeholderSummary, audit, summary_in
from graph_models.use_cases.feedback import rating_penalties
from graph_models.use_cases.programme_drafts import (
    DraftEditor,
    Edit,
    after_enrolment,
    misfits,
    within_capacities,
)
from graph_models.use_cases.programme_people import (
    READ_ALL,
    check_enrolment,
    people_now,
    require_enrollable,
    require_readable,
)
from graph_models.use_cases.snapshots import SnapshotCache

__all__ = ["DEFAULT_CANDIDATES", "MAX_CANDIDATES", "MAX_CIRCLE", "MAX_ENROLMENT",
           "MAX_NAME_LENGTH", "METHODS", "ExplainedPair", "MentorLoad", "ProgrammeView",
           "Programmes", "ProposalView", "ReportView"]

MAX_NAME_LENGTH = 200
MAX_ENROLMENT = 5000
# Whose private needs a programme's scores may use: nobody's. A pair's score is shown to the
# programme's coordinators and, once published, to the mentor's side, which may not read them.
PROGRAMME_PRIVATE_NEEDS = policy.Reach()


@dataclass(frozen=True)
class ExplainedPair:
    """A draft pair with the names of its two and, when asked for, matching's explanation."""

    pair: DraftPair
    mentee: StakeholderSummary | None
    mentor: StakeholderSummary | None
    match: Match | None = None


@dataclass(frozen=True)
class MentorLoad:
    mentor_id: str
    capacity: int | None
    placed: int


@dataclass(frozen=True)
class ProposalView:
    """The draft: how it was solved, its pairs (explained on request) and unplaced mentees."""

    draft: Draft
    pairs: list[ExplainedPair]


@dataclass(frozen=True)
class ProgrammeView:
    """A programme as its coordinator sees it: the draft's pairs (explained on request),
    unplaced mentees with their reasons, each enrolled mentor's load, and the mentorships made
    by publishing."""

    programme: Programme
    pairs: list[ExplainedPair]
    unplaced: list[Unplaced]
    loads: list[MentorLoad]
    mentorships: int

    @property
    def proposal(self) -> ProposalView | None:
        """The draft with its explained pairs; None before the first proposal."""
        draft = self.programme.draft
        return None if draft is None else ProposalView(draft, self.pairs)


@dataclass(frozen=True)
class ReportView:
    programme_id: str
    report: ProgrammeReport


class Programmes:
    """The programme use cases over one store; people are read from, and pairs scored (with
    ``match_weights``) in, the snapshot that ``snapshots`` hands out.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/programmes.db")
    >>> store.ensure_schema()
    >>> desk = Programmes(store, SnapshotCache(store))
    >>> view = desk.open_programme("Άνοιξη", "EL30", date(2027, 3, 1))
    >>> view.programme.state.value, view.proposal is None
    ('draft', True)
    """

    def __init__(self, store: GraphStore, snapshots: SnapshotCache, *,
                 match_weights: MatchWeights = DEFAULT_WEIGHTS,
                 clock: Callable[[], datetime] = now):
        self.store = store
        self.snapshots = snapshots
        self.match_weights = match_weights
        self._clock = clock

    # -- opening and reading -----------------------------------------------------------------

    def open_programme(self, name: str, region: str, starts_on: date, *,
                       topics: Sequence[str] = (), ends_on: date | None = None,
                       shared_language: bool = True, region_level: int | None = None,
                       actor: User | None = None) -> ProgrammeView:
        """Open a programme of ``region`` (for a coordinator, in its territories) starting on
        ``starts_on``, about ``topics``. ``shared_language``: mentor and mentee must share a
        language; ``region_level`` (0–3): they must agree on the region to that NUTS level."""
        policy.require_some(actor, Resource.PROGRAMME, Action.CREATE)
        name, topics = name.strip(), tuple(topics)
        _check_programme(name, region, topics, starts_on, ends_on, region_level)
        if not coordinates(actor, region):
            raise Forbidden("the programme's region is outside your territories",
                            errors={"region": ["outside your territories"]})
        at = self._clock()
        programme = Programme(
            id=new_id(), name=name, region=region, starts_on=starts_on, created_at=at,
            updated_at=at, created_by=actor.id if actor else None, topics=topics,
            ends_on=ends_on, shared_language=shared_language, region_level=region_level)
        self.store.create_programme(programme, audit=audit(
            actor, "programme.open", "programme", programme.id, region=programme.region))
        return self._view(programme)

    def get_programme(self, programme_id: str, *, explain: bool = False,
                      actor: User | None = None) -> ProgrammeView:
        """A programme; NotFound when ``actor`` is not one of its coordinators."""
        return self._view(self._programme(programme_id, actor), explain=explain)

    def programmes(self, *, page: int = 1, page_size: int = 20,
                   actor: User | None = None) -> Page[ProgrammeView]:
        """The programmes of ``actor``'s territories (every one for an admin), newest first."""
        policy.require_some(actor, Resource.PROGRAMME, Action.LIST)
        regions = None if actor is None or sees_everything(actor) else actor.regions
        found = self.store.find_programmes(ProgrammeQuery(regions=regions, page=page,
                                                          page_size=page_size))
        return Page([self._view(p) for p in found.items], found.total, found.page,
                    found.page_size)

    def _programme(self, programme_id: str, actor: User | None, *, draft: bool = False,
                   revision: int | None = None) -> Programme:
        """The programme, once ``actor`` coordinates it; with ``draft``, to change it, which
        a published programme refuses (Conflict naming its state). ``revision``, when given,
        is the revision the actor saw: a change made on a programme someone has changed since
        is a Conflict, not a surprise."""
        policy.require_some(actor, Resource.PROGRAMME, Action.UPDATE if draft else Action.READ)
        programme = self.store.get_programme(programme_id)
        if not coordinates(actor, programme.region):
            raise not_found("programme", programme_id)
        if draft and programme.state != ProgrammeState.DRAFT:
            raise Conflict("the programme is published: its enrolment and proposal are final",
                           errors={"state": [programme.state.value]})
        if revision is not None and revision != programme.revision:
            raise moved_meanwhile("programme", programme.state.value)
        return programme

    def _view(self, programme: Programme, *, explain: bool = False) -> ProgrammeView:
        draft = programme.draft
        pairs = list(draft.pairs) if draft else []
        feedback = (rating_penalties(self.store, [p.mentee_id for p in pairs]) if explain
                    else {})
        explained = []
        with self.snapshots.reading() as snapshot:
            graph = snapshot.graph
            for p in pairs:
                match = None
                if explain and p.mentee_id in graph and p.mentor_id in graph:
                    match = explain_mentor_pair(graph, p.mentee_id, p.mentor_id,
                                                weights=self.match_weights, feedback=feedback,
                                                include_connected=True,
                                                private_needs=PROGRAMME_PRIVATE_NEEDS)
                explained.append(ExplainedPair(p, summary_in(graph, p.mentee_id),
                                               summary_in(graph, p.mentor_id), match))
        placed: dict[str, int] = {}
        for p in pairs:
            placed[p.mentor_id] = placed.get(p.mentor_id, 0) + 1
        loads = [MentorLoad(m.id, m.capacity, placed.get(m.id, 0)) for m in programme.mentors]
        made = 0
        if programme.state == ProgrammeState.PUBLISHED:
            made = self.store.find_mentorships(MentorshipQuery(
                programme_id=programme.id, page_size=1)).total
        return ProgrammeView(programme, explained, list(draft.unplaced) if draft else [], loads,
                             made)

    # -- enrolling ---------------------------------------------------------------------------

    def enrol(self, programme_id: str, *, mentees: Sequence[str] = (),
              mentors: Sequence[MentorEnrolment] = (), remove: Sequence[str] = (),
              exclude: Sequence[tuple[str, str]] = (), revision: int | None = None,
              actor: User | None = None) -> ProgrammeView:
        """Enrol ``mentees`` (entrepreneur ids) and ``mentors`` (a capacity of the enrolment
        overrides the stakeholder's), take out those in ``remove``, and ``exclude`` pairs
        (mentee id, mentor id: a conflict of interest, say) from every proposal; draft pairs
        these touch are dropped, their mentees left unplaced, and a mentor with fewer places
        than draft pairs keeps its pinned pairs first, then its best. A mentor must be able to
        mentor (InvalidInput names each who cannot, and why); a stakeholder is listed once.
        ``revision``: as for :meth:`edit`."""
        programme = self._programme(programme_id, actor, draft=True, revision=revision)
        check_enrolment(mentees, mentors, remove)
        new_mentees = [m for m in mentees if m not in programme.mentee_ids]
        with self.snapshots.reading() as snapshot:
            graph = snapshot.graph
            for stakeholder_id in new_mentees:
                require_readable(actor, stakeholder_id, graph, "mentees")
            for enrolment in mentors:
                require_readable(actor, enrolment.id, graph, "mentors")
            for stakeholder_id in sorted({x for pair in exclude for x in pair}):
                require_readable(actor, stakeholder_id, graph, "exclude")
            require_enrollable(graph, new_mentees, mentors, start=programme.starts_on)
        by_id = {m.id: m for m in programme.mentors}
        by_id.update({e.id: e for e in mentors})
        mentee_ids = tuple(x for x in (*programme.mentee_ids, *new_mentees) if x not in remove)
        enrolled = tuple(by_id[k] for k in sorted(by_id) if k not in remove)
        if len(mentee_ids) + len(enrolled) > MAX_ENROLMENT:
            raise InvalidInput("too many enrolled", errors={"mentees": [
                f"at most {MAX_ENROLMENT} mentees and mentors in all"]})
        both = set(mentee_ids) & {m.id for m in enrolled}
        if both:
            raise InvalidInput("a stakeholder is a mentee or a mentor, not both",
                               errors={"mentors": [f"enrolled as a mentee: {x}"
                                                   for x in sorted(both)]})
        excluded = tuple(sorted({*programme.excluded, *exclude}))
        draft = None if programme.draft is None else after_enrolment(
            programme.draft, removed=set(remove), new_mentees=new_mentees, excluded=excluded)
        new = programme.changed(self._clock(), mentee_ids=mentee_ids, mentors=enrolled,
                                excluded=excluded, draft=draft)
        if draft is not None:
            _, people = people_now(self.store, new, graph)
            new = dataclasses.replace(new, draft=within_capacities(
                draft, {m.id: m.capacity for m in people}))
        self.store.update_programme(new, audit=audit(
            actor, "programme.enrol", "programme", new.id, region=new.region,
            fields=("mentees", "mentors")))
        return self._view(new)

    # -- proposing, editing and publishing ---------------------------------------------------

    def propose(self, programme_id: str, *, method: str = "optimal",
                candidates: int = DEFAULT_CANDIDATES, revision: int | None = None,
                actor: User | None = None) -> ProgrammeView:
        """Solve the assignment (one of ``METHODS``: ``optimal`` or ``stable``) around the
        draft's pinned pairs, scoring each mentee's best ``candidates`` mentors, and make it
        the draft. ``revision``: as for :meth:`edit`."""
        programme = self._programme(programme_id, actor, draft=True, revision=revision)
        if method not in METHODS:
            raise InvalidInput("unknown method", errors={"method": [
                f"one of {', '.join(METHODS)}"]})
        if not 1 <= candidates <= MAX_CANDIDATES:
            raise InvalidInput("invalid candidates", errors={"candidates": [
                f"an integer from 1 to {MAX_CANDIDATES}"]})
        constraints = programme.constraints()
        with self.snapshots.reading() as snapshot:
            graph = snapshot.graph
            mentees, mentors = people_now(self.store, programme, graph)
            ids = {m.id for m in mentees} | {m.id for m in mentors}
            pins = [(p.mentee_id, p.mentor_id) for p in (programme.draft.pairs if programme.draft
                                                        else ()) if p.pinned
                    and p.mentee_id in ids and p.mentor_id in ids]
            scores = candidate_scores(
                graph, mentees, mentors, k=candidates, constraints=constraints, pins=pins,
                feedback=rating_penalties(self.store, [m.id for m in mentees]),
                weights=self.match_weights, include_connected=True,
                private_needs=PROGRAMME_PRIVATE_NEEDS)
        try:
            proposal = assign(mentees, mentors, scores, constraints=constraints, pins=pins,
                              method=method)
        except InvalidInput as error:
            if "pins" not in error.errors:
                raise
            raise Conflict("a pinned pair no longer fits; unpin it or enrol again",
                           errors={"pins": error.errors["pins"]}) from None
        at = self._clock()
        new = programme.changed(at, draft=Draft.of(proposal, at))
        self.store.update_programme(new, audit=audit(
            actor, "programme.propose", "programme", new.id, region=new.region,
            fields=("draft",)))
        return self._view(new, explain=True)

    def edit(self, programme_id: str, action: Edit, mentee_id: str, *,
             mentor_id: str | None = None, other_mentee_id: str | None = None,
             revision: int | None = None, actor: User | None = None) -> ProgrammeView:
        """Edit the draft: ``swap`` (``mentee_id`` and ``other_mentee_id`` exchange mentors),
        ``place`` (``mentee_id`` gets ``mentor_id``), ``remove`` (drop ``mentee_id``'s pair
        and exclude it from later proposals), ``pin`` or ``unpin`` (``mentee_id``'s pair).
        Pairs placed by hand are pinned. Capacities and the hard constraints hold after every
        edit. ``revision``, when given, is the programme's revision the coordinator saw: an
        edit of a draft someone has changed since is a Conflict."""
        programme = self._programme(programme_id, actor, draft=True, revision=revision)
        if programme.draft is None:
            raise Conflict("there is no proposal to edit yet: ask for one first",
                           errors={"draft": ["none yet"]})
        with self.snapshots.reading() as snapshot:
            graph = snapshot.graph
            mentees, mentors = people_now(self.store, programme, graph)
            editor = DraftEditor(programme, programme.draft, {m.id: m for m in mentees},
                                 {m.id: m for m in mentors},
                                 lambda e, t: self._score(graph, e, t))
            draft, excluded = editor.apply(action, mentee_id, mentor_id=mentor_id,
                                           other_mentee_id=other_mentee_id)
        at = self._clock()
        new = programme.changed(at, draft=dataclasses.replace(
            draft, edits=draft.edits + 1), excluded=excluded)
        self.store.update_programme(new, audit=audit(
            actor, f"programme.{action.value}", "programme", new.id, region=new.region,
            fields=("draft",)))
        return self._view(new, explain=True)

    def _score(self, graph: nx.MultiDiGraph, mentee_id: str, mentor_id: str) -> float | None:
        match = explain_mentor_pair(graph, mentee_id, mentor_id, weights=self.match_weights,
                                    feedback=rating_penalties(self.store, [mentee_id]),
                                    include_connected=True,
                                    private_needs=PROGRAMME_PRIVATE_NEEDS)
        return None if match is None else match.score

    def publish(self, programme_id: str, *, revision: int | None = None,
                actor: User | None = None) -> ProgrammeView:
        """Make each pair of the draft a mentorship, proposed to both sides: all of them or,
        when a change since the draft broke a pair (a capacity now taken by another programme,
        a constraint, someone gone), none (Conflict listing them under ``draft``).
        ``revision``: as for :meth:`edit` (publish the draft you reviewed, not a later one)."""
        programme = self._programme(programme_id, actor, draft=True, revision=revision)
        if programme.draft is None or not programme.draft.pairs:
            raise Conflict("there is no pair to publish: ask for a proposal first",
                           errors={"draft": ["no pairs"]})
        with self.snapshots.reading() as snapshot:
            mentees, mentors = people_now(self.store, programme, snapshot.graph)
        problems = misfits(programme.draft, {m.id: m for m in mentees},
                           {m.id: m for m in mentors}, programme.constraints())
        if problems:
            raise Conflict("the draft no longer fits the enrolment (a capacity, a constraint "
                           "or someone gone): edit it or ask for a proposal again",
                           errors={"draft": problems})
        at = self._clock()
        mentorships = [Mentorship(id=new_id(), programme_id=programme.id, mentee_id=p.mentee_id,
                                  mentor_id=p.mentor_id, region=programme.region, created_at=at,
                                  state_changed_at=at, score=p.score)
                       for p in programme.draft.pairs]
        new = programme.changed(at, state=ProgrammeState.PUBLISHED, published_at=at)
        users = self.store.list_users()
        notices = [n for m in mentorships for n in notices_for(
            m, None, users, programme.name, at=at, actor_id=actor.id if actor else None)]
        self.store.publish_programme(new, mentorships, audit=audit(
            actor, "programme.publish", "programme", new.id, region=new.region,
            from_state=programme.state.value, to_state=new.state.value),
            notifications=notices)
        return self._view(new)

    # -- the report and circles --------------------------------------------------------------

    def report(self, programme_id: str, *, actor: User | None = None) -> ReportView:
        """The programme's figures (see :func:`~graph_models.mentorship.programme_report`).

        A pair counts as a new tie unless it had a tie dated before the programme was
        published, other than the MENTORS tie its own completion made."""
        programme = self._programme(programme_id, actor)
        mentorships = self.store.find_mentorships(MentorshipQuery(
            programme_id=programme.id, page_size=READ_ALL)).items
        day = (programme.published_at or self._clock()).date()
        with self.snapshots.reading() as snapshot:
            tied_before = _tied_before(snapshot.graph, mentorships, day)
            capacities = _capacities(snapshot.graph, programme)
        return ReportView(programme.id, programme_report(
            [m.record() for m in mentorships], mentees=programme.mentee_ids,
            capacities=capacities, tied_before=tied_before))

    def circles(self, members: Sequence[str], *, min_size: int = 4, max_size: int = 8,
                region_level: int = 2, seed: int = 0,
                actor: User | None = None) -> CirclePlan:
        """Split entrepreneurs ``actor`` may read into peer-learning circles (computed, not
        stored) of ``min_size`` to ``max_size`` (at most ``MAX_CIRCLE``) members: see
        :func:`~graph_models.mentorship.peer_circles`. The exchanges leave out the needs a
        member keeps private from ``actor``."""
        policy.require_some(actor, Resource.PROGRAMME, Action.MATCH)
        with self.snapshots.reading() as snapshot:
            for member in members:
                require_readable(actor, member, snapshot.graph, "members")
            plan = peer_circles(snapshot.graph, members, min_size=min_size, max_size=max_size,
                                region_level=region_level, seed=seed)
        # An exchange names a need: one kept private shows only to whoever may see it.
        hidden = {s.id for s in self.store.get_stakeholders(list(members)).values()
                  if s.needs_private and not policy.may(actor, Resource.STAKEHOLDER,
                                                        Action.READ_PRIVATE, s)}
        if not hidden:
            return plan
        return dataclasses.replace(plan, circles=tuple(
            dataclasses.replace(c, exchanges=tuple(x for x in c.exchanges
                                                   if x.needer not in hidden))
            for c in plan.circles))


def _tied_before(graph: nx.MultiGraph, mentorships: Sequence[Mentorship],
                 day: date) -> list[tuple[str, str]]:
    """The pairs of ``mentorships`` tied otherwise before ``day``."""
    return [(m.mentee_id, m.mentor_id) for m in mentorships
            if m.mentee_id in graph and m.mentor_id in graph and any(
                key != m.tie_id and data.get("since") is not None and data["since"] < day
                for key, data in graph.get_edge_data(m.mentee_id, m.mentor_id,
                                                     default={}).items())]


def _capacities(graph: nx.MultiGraph, programme: Programme) -> dict[str, int]:
    """The capacity of each mentor of ``programme``: its enrolment's, else the graph's."""
    capacities = {}
    for enrolment in programme.mentors:
        capacity = enrolment.capacity
        if capacity is None and enrolment.id in graph:
            try:
                capacity = mentors_of(graph, [enrolment.id])[0].capacity
            except InvalidInput:
                capacity = None
        if capacity is not None:
            capacities[enrolment.id] = capacity
    return capacities


def _check_programme(name: str, region: str, topics: tuple[str, ...], starts_on: date,
                     ends_on: date | None, region_level: int | None) -> None:
    """InvalidInput naming every field of a new programme that breaks a rule."""
    errors: dict[str, list[str]] = {}
    if not name or len(name) > MAX_NAME_LENGTH:
        errors["name"] = [f"1 to {MAX_NAME_LENGTH} characters"]
    if not vocabularies.is_region(region):
        errors["region"] = [f"unknown NUTS region code: {region}"]
    if any(not vocabularies.is_topic(t) for t in topics):
        errors["topics"] = ["unknown topic"]
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = ["a date not before starts_on"]
    if region_level is not None and region_level not in (0, 1, 2, 3):
        errors["region_level"] = ["0, 1, 2 or 3"]
    if errors:
        raise InvalidInput("invalid programme", errors=errors)
