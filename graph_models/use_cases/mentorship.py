"""The mentorship use cases: open a programme, enrol its people, propose and edit a cohort,
publish it, move each mentorship through its lifecycle, log sessions, rate, report, and form
peer-learning circles.

Who may do what
---------------
- A **programme** belongs to the coordinators whose territories hold its region, and to admins:
  they open it (in their territories only), enrol, propose, edit, publish and read its report.
  Anyone else is told it does not exist.
- A **mentorship** is acted on by its parties (:mod:`~graph_models.domain.mentorships`): the
  members of the mentee, the members of the mentor, and the programme's coordinators. Anyone
  else is told it does not exist.
- A **session**'s notes are the pair's: the coordinator sees that a session took place, on
  which day and on which topics, never its notes.
- **Circles** are formed by coordinators and admins, of entrepreneurs they may read.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from graph_models.domain import policy, vocabularies
from graph_models.domain.accounts import AuditEntry, Role, User, audit_entry
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, moved_meanwhile
from graph_models.domain.matches import Match
from graph_models.domain.mentorships import (
    SIDES,
    CancelReason,
    Mentorship,
    MentorshipSession,
    Party,
    Rating,
    RatingMoment,
    State,
    Step,
    next_state,
    parties_of,
    rated,
    ratings_seen,
    reads_notes,
    steps_for,
)
from graph_models.domain.policy import Action, Resource, coordinates
from graph_models.domain.programmes import (
    Draft,
    DraftPair,
    Mentee,
    Mentor,
    MentorEnrolment,
    Programme,
    ProgrammeState,
    Unplaced,
    UnplacedReason,
)
from graph_models.domain.queries import MentorshipQuery, Page, ProgrammeQuery
from graph_models.domain.stakeholders import Tie, TieType, new_id, now
from graph_models.matching.pairs import explain_mentor_pair
from graph_models.mentorship.assignment import METHODS, assign
from graph_models.mentorship.candidates import (
    DEFAULT_CANDIDATES,
    MAX_CANDIDATES,
    candidate_scores,
    mentees_of,
    mentors_of,
)
from graph_models.mentorship.circles import CirclePlan, peer_circles
from graph_models.mentorship.notices import notices_for
from graph_models.mentorship.report import ProgrammeReport, programme_report, rating_feedback
from graph_models.use_cases.common import StakeholderSummary
from graph_models.use_cases.ecosystem import Ecosystem

MAX_NAME_LENGTH = 200
MAX_NOTES_LENGTH = 5000
MAX_ENROLMENT = 5000
# Whose private needs a programme's scores may use: nobody's. A pair's score is shown to the
# programme's coordinators and, once published, to the mentor's side, which may not read them.
PROGRAMME_PRIVATE_NEEDS = policy.Reach()
# Mentorships read at once for the report, the feedback and a programme's list.
READ_ALL = 100_000
# The mentorships that hold one of their mentor's places.
OPEN_STATES = (State.PROPOSED, State.ACCEPTED, State.ACTIVE)


class Edit:
    """The edits a coordinator makes to a draft."""

    SWAP = "swap"  # exchange the mentors of two mentees (one may be unplaced)
    PLACE = "place"  # give a mentee this mentor
    REMOVE = "remove"  # drop a mentee's pair, and never propose that pair again
    PIN = "pin"  # keep a pair when re-solving
    UNPIN = "unpin"
    ALL = (SWAP, PLACE, REMOVE, PIN, UNPIN)


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
class MentorshipView:
    """A mentorship as one user sees it: how they stand to it and what they may do now."""

    mentorship: Mentorship
    programme_name: str
    mentee: StakeholderSummary
    mentor: StakeholderSummary
    parties: frozenset[Party]
    steps: list[Step]

    @property
    def ratings(self) -> tuple[Rating, ...]:
        """The ratings this user may read (see :func:`~.lifecycle.ratings_seen`)."""
        return ratings_seen(self.mentorship, self.parties)


@dataclass(frozen=True)
class SessionView:
    """A session; ``notes`` is None for whoever is not of the pair."""

    session: MentorshipSession
    notes: str | None


@dataclass(frozen=True)
class ReportView:
    programme_id: str
    report: ProgrammeReport


class Mentorships:
    """The mentorship use cases over an :class:`~graph_models.use_cases.ecosystem.Ecosystem`."""

    def __init__(self, ecosystem: Ecosystem, *, clock: Callable[[], datetime] = now):
        self.ecosystem = ecosystem
        self.store = ecosystem.store
        self._clock = clock

    # -- programmes --------------------------------------------------------------------------

    def open_programme(self, fields: dict, *, actor: User | None = None) -> ProgrammeView:
        """Open a programme: ``name``, ``region``, ``starts_on`` and optionally ``topics``,
        ``ends_on``, ``shared_language`` (default true) and ``region_level`` (0–3: mentor and
        mentee agree on the region to that NUTS level). For a coordinator, the region must lie
        in its territories."""
        policy.require_some(actor, Resource.PROGRAMME, Action.CREATE)
        checked = _programme_fields(fields)
        if actor is not None and actor.role != Role.ADMIN and not actor.covers(checked["region"]):
            raise Forbidden("the programme's region is outside your territories",
                            errors={"region": ["outside your territories"]})
        at = self._clock()
        programme = Programme(id=new_id(), created_at=at, updated_at=at,
                              created_by=actor and actor.id, **checked)
        self.store.create_programme(programme, audit=_audit(actor, "programme.open", programme))
        return self._view(programme)

    def get_programme(self, programme_id: str, *, explain: bool = False,
                      actor: User | None = None) -> ProgrammeView:
        """A programme; NotFound when ``actor`` is not one of its coordinators."""
        return self._view(self._programme(programme_id, actor), explain=explain)

    def programmes(self, *, page: int = 1, page_size: int = 20,
                   actor: User | None = None) -> Page[ProgrammeView]:
        """The programmes of ``actor``'s territories (every one for an admin), newest first."""
        policy.require_some(actor, Resource.PROGRAMME, Action.LIST)
        regions = None if actor is None or actor.role == Role.ADMIN else actor.regions
        found = self.store.find_programmes(ProgrammeQuery(regions=regions, page=page,
                                                          page_size=page_size))
        return dataclasses.replace(found, items=[self._view(p) for p in found.items])

    def _programme(self, programme_id: str, actor: User | None, *, draft: bool = False,
                   revision: int | None = None) -> Programme:
        """The programme, once ``actor`` coordinates it; with ``draft``, to change it, which
        a published programme refuses (Conflict naming its state). ``revision``, when given,
        is the revision the actor saw: a change made on a programme someone has changed since
        is a Conflict, not a surprise."""
        policy.require_some(actor, Resource.PROGRAMME, Action.UPDATE if draft else Action.READ)
        programme = self.store.get_programme(programme_id)
        if not coordinates(actor, programme.region):
            raise NotFound(f"no programme with id {programme_id}")
        if draft and programme.state != ProgrammeState.DRAFT:
            raise Conflict("the programme is published: its enrolment and proposal are final",
                           errors={"state": [programme.state.value]})
        if revision is not None and revision != programme.revision:
            raise moved_meanwhile("programme", programme.state.value)
        return programme

    def enrol(self, programme_id: str, fields: dict, *,
              actor: User | None = None) -> ProgrammeView:
        """Enrol ``mentees`` (entrepreneur ids) and ``mentors`` (``{"id", "capacity",
        "available_from", "available_until"}``: a capacity overrides the stakeholder's), take
        out those in ``remove``, and ``exclude`` pairs (``{"mentee_id", "mentor_id"}``: a
        conflict of interest, say) from every proposal; draft pairs these touch are dropped,
        their mentees left unplaced, and a mentor with fewer places than draft pairs keeps its
        pinned pairs first, then its best. A mentor must be able to mentor (InvalidInput names
        each who cannot, and why); a stakeholder is listed once. ``revision``: as for
        :meth:`edit`."""
        programme = self._programme(programme_id, actor, draft=True,
                                    revision=_revision(fields.get("revision")))
        graph = self.ecosystem.snapshot().graph
        remove = set(_ids(fields.get("remove") or (), "remove"))
        new_mentees = [m for m in _ids(fields.get("mentees") or (), "mentees")
                       if m not in programme.mentee_ids]
        enrolments = [_enrolment(item) for item in fields.get("mentors") or ()]
        _ids([e.id for e in enrolments], "mentors")
        exclude = _pairs(fields.get("exclude") or ())
        for stakeholder_id in [*new_mentees, *(e.id for e in enrolments)]:
            self._readable(actor, stakeholder_id, graph, "mentees" if stakeholder_id in
                           new_mentees else "mentors")
        for stakeholder_id in sorted({x for pair in exclude for x in pair}):
            self._readable(actor, stakeholder_id, graph, "exclude")
        try:
            mentees_of(graph, new_mentees)
        except InvalidInput as error:
            raise InvalidInput(error.message, errors={"mentees": [
                f"{k}: {'; '.join(v)}" for k, v in error.errors.items()]}) from None
        try:
            mentors_of(graph, enrolments, start=programme.starts_on)
        except InvalidInput as error:
            raise InvalidInput(error.message, errors={"mentors": [
                f"{k}: {'; '.join(v)}" for k, v in error.errors.items()]}) from None
        by_id = {m.id: m for m in programme.mentors}
        by_id.update({e.id: e for e in enrolments})
        mentee_ids = tuple(x for x in (*programme.mentee_ids, *new_mentees) if x not in remove)
        mentors = tuple(by_id[k] for k in sorted(by_id) if k not in remove)
        if len(mentee_ids) + len(mentors) > MAX_ENROLMENT:
            raise InvalidInput("too many enrolled", errors={"mentees": [
                f"at most {MAX_ENROLMENT} mentees and mentors in all"]})
        both = set(mentee_ids) & {m.id for m in mentors}
        if both:
            raise InvalidInput("a stakeholder is a mentee or a mentor, not both",
                               errors={"mentors": [f"enrolled as a mentee: {x}"
                                                   for x in sorted(both)]})
        excluded = tuple(sorted({*programme.excluded, *exclude}))
        draft = programme.draft
        if draft is not None:
            kept = tuple(p for p in draft.pairs if p.mentee_id not in remove
                         and p.mentor_id not in remove
                         and (p.mentee_id, p.mentor_id) not in excluded)
            dropped = [Unplaced(p.mentee_id, UnplacedReason.EXCLUDED, "its pair was excluded or "
                                "its mentor left the programme: ask for a proposal again")
                       for p in draft.pairs if p not in kept and p.mentee_id not in remove]
            dropped += [Unplaced(e, UnplacedReason.NOT_PROPOSED, "enrolled after the proposal "
                                 "was made: ask for a proposal again")
                        for e in new_mentees if e not in remove]
            draft = dataclasses.replace(draft, pairs=kept, unplaced=tuple(sorted(
                [*(u for u in draft.unplaced if u.mentee_id not in remove), *dropped],
                key=lambda u: u.mentee_id)))
        new = programme.changed(self._clock(), mentee_ids=mentee_ids, mentors=mentors,
                                excluded=excluded, draft=draft)
        if draft is not None:
            _, people = self._people(new, graph)
            new = dataclasses.replace(new, draft=_within_capacities(
                draft, {m.id: m.capacity for m in people}))
        self.store.update_programme(new, audit=_audit(actor, "programme.enrol", new,
                                                      fields=("mentees", "mentors")))
        return self._view(new)

    def _readable(self, actor: User | None, stakeholder_id: str, graph, field: str) -> None:
        """InvalidInput naming ``field`` unless ``actor`` may read the stakeholder."""
        if stakeholder_id not in graph:
            raise InvalidInput("no such stakeholder", errors={
                field: [f"no stakeholder with id {stakeholder_id}"]})
        d = graph.nodes[stakeholder_id]
        if actor is not None and not policy.allows(
                actor, Resource.STAKEHOLDER, Action.READ,
                policy.relation(actor, stakeholder_id, d["region"], d["discoverable"])):
            raise InvalidInput("no such stakeholder", errors={
                field: [f"no stakeholder with id {stakeholder_id}"]})

    def _people(self, programme: Programme, graph) -> tuple[list[Mentee], list[Mentor]]:
        """The programme's mentees and mentors as the snapshot has them now (those erased
        since enrolment left out).

        A mentor enrolled without a capacity of its own has the snapshot's capacity left, less
        its mentorships of other programmes that are proposed, accepted or active: a capacity
        counts mentees at once, and those are not ties (which the snapshot counts) until they
        are completed."""
        present = [m for m in programme.mentee_ids if m in graph]
        enrolled = [e for e in programme.mentors if e.id in graph]
        try:
            mentees = mentees_of(graph, present)
            mentors = mentors_of(graph, enrolled, start=programme.starts_on)
        except InvalidInput as error:
            raise Conflict("an enrolled stakeholder changed and no longer fits: take it out "
                           "or enrol it again", errors={"mentors": [
                               f"{k}: {'; '.join(v)}" for k, v in error.errors.items()]}) from None
        busy = self._open_mentees(
            [e.id for e in enrolled if e.capacity is None], besides=programme.id)
        return mentees, [dataclasses.replace(m, capacity=max(0, m.capacity - busy[m.id]))
                         if busy.get(m.id) else m for m in mentors]

    def _open_mentees(self, mentor_ids: list[str], *, besides: str) -> dict[str, int]:
        """How many proposed, accepted or active mentorships each mentor has in programmes
        other than ``besides``."""
        if not mentor_ids:
            return {}
        wanted = set(mentor_ids)
        found = self.store.find_mentorships(MentorshipQuery(
            stakeholder_ids=tuple(sorted(wanted)), states=OPEN_STATES, page_size=READ_ALL))
        out: dict[str, int] = {}
        for m in found.items:
            if m.mentor_id in wanted and m.programme_id != besides:
                out[m.mentor_id] = out.get(m.mentor_id, 0) + 1
        return out

    def _feedback(self, stakeholder_ids) -> dict[tuple[str, str], float]:
        """The rating penalties of every pair the given stakeholders were part of."""
        ids = tuple(sorted(set(stakeholder_ids)))
        if not ids:
            return {}
        found = self.store.find_mentorships(MentorshipQuery(stakeholder_ids=ids,
                                                            page_size=READ_ALL))
        return rating_feedback(m.record() for m in found.items)

    def propose(self, programme_id: str, *, method: str = "optimal",
                candidates: int = DEFAULT_CANDIDATES, revision: int | None = None,
                actor: User | None = None) -> ProgrammeView:
        """Solve the assignment (``optimal`` or ``stable``) around the draft's pinned pairs,
        and make it the draft. ``revision``: as for :meth:`edit`."""
        programme = self._programme(programme_id, actor, draft=True,
                                    revision=_revision(revision))
        if method not in METHODS:
            raise InvalidInput("unknown method", errors={"method": [
                f"one of {', '.join(METHODS)}"]})
        if not isinstance(candidates, int) or not 1 <= candidates <= MAX_CANDIDATES:
            raise InvalidInput("invalid candidates", errors={"candidates": [
                f"an integer from 1 to {MAX_CANDIDATES}"]})
        graph = self.ecosystem.snapshot().graph
        mentees, mentors = self._people(programme, graph)
        ids = {m.id for m in mentees} | {m.id for m in mentors}
        pins = [(p.mentee_id, p.mentor_id) for p in (programme.draft.pairs if programme.draft
                                                    else ()) if p.pinned
                and p.mentee_id in ids and p.mentor_id in ids]
        constraints = programme.constraints()
        scores = candidate_scores(graph, mentees, mentors, k=candidates,
                                  constraints=constraints, pins=pins,
                                  feedback=self._feedback(m.id for m in mentees),
                                  weights=self.ecosystem.match_weights, include_connected=True,
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
        self.store.update_programme(new, audit=_audit(actor, "programme.propose", new,
                                                      fields=("draft",)))
        return self._view(new, explain=True)

    def edit(self, programme_id: str, fields: dict, *,
             actor: User | None = None) -> ProgrammeView:
        """Edit the draft: ``action`` is ``swap`` (``mentee_id`` and ``other_mentee_id``
        exchange mentors), ``place`` (``mentee_id`` gets ``mentor_id``), ``remove`` (drop
        ``mentee_id``'s pair and exclude it from later proposals), ``pin`` or ``unpin``
        (``mentee_id``'s pair). Pairs placed by hand are pinned. Capacities and the hard
        constraints hold after every edit. ``revision``, when given, is the programme's
        revision the coordinator saw: an edit of a draft someone has changed since is a
        Conflict."""
        programme = self._programme(programme_id, actor, draft=True,
                                    revision=_revision(fields.get("revision")))
        if programme.draft is None:
            raise Conflict("there is no proposal to edit yet: ask for one first",
                           errors={"draft": ["none yet"]})
        action = fields.get("action")
        if action not in Edit.ALL:
            raise InvalidInput("unknown edit", errors={"action": [f"one of {', '.join(Edit.ALL)}"]})
        graph = self.ecosystem.snapshot().graph
        mentees, mentors = self._people(programme, graph)
        editor = _DraftEditor(programme, {m.id: m for m in mentees}, {m.id: m for m in mentors},
                              lambda e, t: self._score(graph, e, t))
        draft, excluded = editor.apply(action, fields)
        at = self._clock()
        new = programme.changed(at, draft=dataclasses.replace(
            draft, edits=draft.edits + 1), excluded=excluded)
        self.store.update_programme(new, audit=_audit(actor, f"programme.{action}", new,
                                                      fields=("draft",)))
        return self._view(new, explain=True)

    def _score(self, graph, mentee_id: str, mentor_id: str) -> float | None:
        match = explain_mentor_pair(graph, mentee_id, mentor_id,
                                    weights=self.ecosystem.match_weights,
                                    feedback=self._feedback([mentee_id]),
                                    include_connected=True,
                                    private_needs=PROGRAMME_PRIVATE_NEEDS)
        return None if match is None else match.score

    def publish(self, programme_id: str, *, revision: int | None = None,
                actor: User | None = None) -> ProgrammeView:
        """Make each pair of the draft a mentorship, proposed to both sides: all of them or,
        when a change since the draft broke a pair (a capacity now taken by another programme,
        a constraint, someone gone), none (Conflict listing them under ``draft``).
        ``revision``: as for :meth:`edit` (publish the draft you reviewed, not a later one)."""
        programme = self._programme(programme_id, actor, draft=True,
                                    revision=_revision(revision))
        if programme.draft is None or not programme.draft.pairs:
            raise Conflict("there is no pair to publish: ask for a proposal first",
                           errors={"draft": ["no pairs"]})
        mentees, mentors = self._people(programme, self.ecosystem.snapshot().graph)
        problems = _misfits(programme.draft, {m.id: m for m in mentees},
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
            m, None, users, programme.name, at=at, actor_id=actor and actor.id)]
        self.store.publish_programme(new, mentorships, audit=_audit(
            actor, "programme.publish", new, before=programme.state.value),
            notifications=notices)
        return self._view(new)

    def _view(self, programme: Programme, *, explain: bool = False) -> ProgrammeView:
        draft = programme.draft
        pairs = list(draft.pairs) if draft else []
        graph = self.ecosystem.snapshot().graph
        feedback = self._feedback(p.mentee_id for p in pairs) if explain else {}
        explained = []
        for p in pairs:
            match = None
            if explain and p.mentee_id in graph and p.mentor_id in graph:
                match = explain_mentor_pair(graph, p.mentee_id, p.mentor_id,
                                            weights=self.ecosystem.match_weights,
                                            feedback=feedback, include_connected=True,
                                            private_needs=PROGRAMME_PRIVATE_NEEDS)
            explained.append(ExplainedPair(p, _summary(graph, p.mentee_id),
                                           _summary(graph, p.mentor_id), match))
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

    # -- the report -------------------------------------------------------------------------

    def report(self, programme_id: str, *, actor: User | None = None) -> ReportView:
        """The programme's figures (see :func:`~graph_models.mentorship.programme_report`).

        A pair counts as a new tie unless it had a tie dated before the programme was
        published, other than the MENTORS tie its own completion made."""
        programme = self._programme(programme_id, actor)
        mentorships = self.store.find_mentorships(MentorshipQuery(
            programme_id=programme.id, page_size=READ_ALL)).items
        graph = self.ecosystem.snapshot().graph
        day = (programme.published_at or self._clock()).date()
        tied_before = []
        for m in mentorships:
            if m.mentee_id in graph and m.mentor_id in graph and any(
                    key != m.tie_id and data.get("since") is not None and data["since"] < day
                    for key, data in graph.get_edge_data(m.mentee_id, m.mentor_id,
                                                         default={}).items()):
                tied_before.append((m.mentee_id, m.mentor_id))
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
        return ReportView(programme.id, programme_report(
            [m.record() for m in mentorships], mentees=programme.mentee_ids,
            capacities=capacities, tied_before=tied_before))

    # -- circles ----------------------------------------------------------------------------

    def circles(self, members: list[str], *, min_size: int = 4, max_size: int = 8,
                region_level: int = 2, seed: int = 0,
                actor: User | None = None) -> CirclePlan:
        """Split entrepreneurs ``actor`` may read into peer-learning circles (computed, not
        stored): see :func:`~graph_models.mentorship.peer_circles`. The exchanges leave out
        the needs a member keeps private from ``actor``."""
        policy.require_some(actor, Resource.PROGRAMME, Action.MATCH)
        graph = self.ecosystem.snapshot().graph
        for member in members:
            self._readable(actor, member, graph, "members")
        plan = peer_circles(graph, members, min_size=min_size, max_size=max_size,
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

    # -- mentorships ------------------------------------------------------------------------

    def get(self, mentorship_id: str, *, actor: User | None = None) -> MentorshipView:
        """A mentorship as ``actor`` sees it; NotFound when ``actor`` is none of its parties."""
        mentorship = self.store.get_mentorship(mentorship_id)
        return self._mentorship_view(mentorship, self._parties(actor, mentorship))

    def _parties(self, actor: User | None, mentorship: Mentorship) -> frozenset[Party]:
        policy.require_some(actor, Resource.MENTORSHIP, Action.READ)
        parties = parties_of(actor, mentorship)
        if not parties:
            raise NotFound(f"no mentorship with id {mentorship.id}")
        return parties

    def _mentorship_view(self, m: Mentorship, parties: frozenset[Party],
                         names: dict[str, str] | None = None) -> MentorshipView:
        if names is None:
            names = {m.programme_id: self.store.get_programme(m.programme_id).name}
        found = self.store.get_stakeholders([m.mentee_id, m.mentor_id])
        return MentorshipView(m, names.get(m.programme_id, ""),
                              _stakeholder_summary(found, m.mentee_id),
                              _stakeholder_summary(found, m.mentor_id), parties,
                              steps_for(m, parties))

    def mentorships(self, *, programme_id: str | None = None,
                    states: tuple[State, ...] | None = None, page: int = 1,
                    page_size: int = 20, actor: User | None = None) -> Page[MentorshipView]:
        """The mentorships ``actor`` stands to: an admin's, all; a coordinator's, those of
        its territories; a member's, those of its stakeholders. ``programme_id`` narrows to
        one programme (that ``actor`` coordinates, or any for a member)."""
        policy.require_some(actor, Resource.MENTORSHIP, Action.LIST)
        if actor is None or actor.role == Role.ADMIN:
            scope = {}
        elif actor.role == Role.COORDINATOR:
            scope = {"regions": actor.regions}
        else:
            scope = {"stakeholder_ids": actor.memberships}
        found = self.store.find_mentorships(MentorshipQuery(
            programme_id=programme_id, states=states, page=page, page_size=page_size, **scope))
        names: dict[str, str] = {}
        for m in found.items:
            if m.programme_id not in names:
                names[m.programme_id] = self.store.get_programme(m.programme_id).name
        return dataclasses.replace(found, items=[
            self._mentorship_view(m, parties_of(actor, m), names) for m in found.items])

    def act(self, mentorship_id: str, step: Step, *, reason: CancelReason | None = None,
            rating: int | None = None, revision: int | None = None,
            actor: User | None = None) -> MentorshipView:
        """Take a step of the lifecycle. ``cancel`` needs a ``reason``; ``check_in`` and
        ``rate`` need a ``rating`` (1–5) from the mentee's or the mentor's side, which
        ``complete`` takes too. ``revision``, when given, is the revision the actor saw: a
        step taken on what someone has changed since is a Conflict. Of several people acting
        at once exactly one wins; the others get a Conflict naming the state it left."""
        try:
            step = Step(step)
        except ValueError:
            raise InvalidInput("unknown action", errors={"action": [
                f"one of {', '.join(s.value for s in Step if s != Step.LOG_SESSION)}"]}) from None
        if step == Step.LOG_SESSION:
            raise InvalidInput("sessions are logged on their own",
                               errors={"action": ["log a session through its sessions"]})
        old = self.store.get_mentorship(mentorship_id)
        parties = self._parties(actor, old)
        if _revision(revision) is not None and revision != old.revision:
            raise moved_meanwhile("mentorship", old.state.value)
        to = next_state(old, step, parties)
        if reason is not None:
            try:
                reason = CancelReason(reason)
            except ValueError:
                raise InvalidInput("unknown reason", errors={"reason": [
                    f"one of {', '.join(r.value for r in CancelReason)}"]}) from None
        if step == Step.CANCEL and reason is None:
            raise InvalidInput("say why you cancel", errors={"reason": ["required to cancel"]})
        if step != Step.CANCEL and reason is not None:
            raise InvalidInput("a reason goes with a cancellation only",
                               errors={"reason": ["only when cancelling"]})
        sides = [s for s in SIDES if s in parties]
        if step in (Step.CHECK_IN, Step.RATE) and rating is None:
            raise InvalidInput("give a rating from 1 to 5", errors={"rating": ["required"]})
        if rating is not None:
            if step not in (Step.CHECK_IN, Step.RATE, Step.COMPLETE):
                raise InvalidInput("a rating goes with a check-in or a completion",
                                   errors={"rating": ["only to check in, complete or rate"]})
            if not sides:
                raise Forbidden("only the pair rates its fit",
                                errors={"rating": ["only the mentee's or mentor's side"]})
            if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
                raise InvalidInput("invalid rating", errors={"rating": ["from 1 to 5"]})
        at = self._clock()
        today = at.date()
        changes: dict = {"state": to, "revision": old.revision + 1, "state_changed_at": at}
        if step == Step.ACCEPT:
            for side in sides:
                changes["mentee_accepted_at" if side == Party.MENTEE
                        else "mentor_accepted_at"] = at
            if to == State.ACCEPTED:
                changes["accepted_on"] = today
        elif step == Step.START:
            changes["started_on"] = today
        elif step == Step.COMPLETE:
            changes["ended_on"] = today
        elif step == Step.CANCEL:
            changes.update(ended_on=today, cancel_reason=reason,
                           cancelled_by=_first(parties))
        if rating is not None:
            moment = RatingMoment.CHECK_IN if step == Step.CHECK_IN else RatingMoment.COMPLETION
            changes["ratings"] = old.ratings + tuple(
                Rating(old.side_id(side), rating, moment, today) for side in sides
                if moment == RatingMoment.CHECK_IN
                or not rated(old, old.side_id(side), moment))
        if to == old.state:
            changes["state_changed_at"] = old.state_changed_at
        new = dataclasses.replace(old, **changes)
        tie = self._mentors_tie(new, at) if to == State.COMPLETED and old.state != to else None
        stored = self.store.transition_mentorship(
            new, audit=audit_entry(actor and actor.id, f"mentorship.{step.value}", "mentorship",
                                   new.id, region=new.region, from_state=old.state.value,
                                   to_state=new.state.value,
                                   fields=("rating",) if rating is not None else ()),
            notifications=notices_for(new, old.state, self.store.list_users(),
                                      self.store.get_programme(new.programme_id).name, at=at,
                                      actor_id=actor and actor.id),
            tie=tie)
        return self._mentorship_view(stored, parties)

    @staticmethod
    def _mentors_tie(m: Mentorship, at: datetime) -> Tie:
        return Tie(id=new_id(), type=TieType.MENTORS, source=m.mentor_id, target=m.mentee_id,
                   since=at.date(), created_at=at, updated_at=at)

    # -- sessions ---------------------------------------------------------------------------

    def log_session(self, mentorship_id: str, fields: dict, *,
                    actor: User | None = None) -> SessionView:
        """Log a session of an active mentorship: ``on`` (a date, not in the future),
        ``topics`` (topic codes) and ``notes`` (for the pair alone). The pair only."""
        mentorship = self.store.get_mentorship(mentorship_id)
        parties = self._parties(actor, mentorship)
        next_state(mentorship, Step.LOG_SESSION, parties)
        on, topics = fields.get("on"), tuple(fields.get("topics") or ())
        notes = (fields.get("notes") or "").strip()
        at = self._clock()
        if not isinstance(on, date) or isinstance(on, datetime):
            raise InvalidInput("invalid day", errors={"on": ["a date"]})
        if on > at.date():
            raise InvalidInput("a session is logged once it took place",
                               errors={"on": ["not in the future"]})
        unknown = [t for t in topics if not vocabularies.is_topic(t)]
        if unknown:
            raise InvalidInput("unknown topics", errors={"topics": [
                f"unknown topic: {t}" for t in unknown]})
        if len(notes) > MAX_NOTES_LENGTH:
            raise InvalidInput("the notes are too long", errors={"notes": [
                f"at most {MAX_NOTES_LENGTH} characters"]})
        session = MentorshipSession(new_id(), mentorship.id, on, actor and actor.id, at,
                                    topics, notes)
        self.store.add_mentorship_session(
            session, state=mentorship.state, audit=audit_entry(
                actor and actor.id, "mentorship.log_session", "mentorship", mentorship.id,
                region=mentorship.region, fields=("on", "topics", "notes")))
        return SessionView(session, notes)

    def sessions(self, mentorship_id: str, *, actor: User | None = None) -> list[SessionView]:
        """A mentorship's sessions, by day; their notes for the pair only."""
        mentorship = self.store.get_mentorship(mentorship_id)
        parties = self._parties(actor, mentorship)
        of_pair = reads_notes(parties)
        # The notes leave the use case only for the pair: not even inside the session record.
        return [SessionView(s, s.notes) if of_pair
                else SessionView(dataclasses.replace(s, notes=""), None)
                for s in self.store.mentorship_sessions(mentorship.id)]


class _DraftEditor:
    """One edit of a draft, checked against capacities and the hard constraints.

    A pair whose mentee or mentor has left the network since the draft was made is dropped
    with the edit; its mentee, if still there, is left unplaced."""

    def __init__(self, programme: Programme, mentees: dict[str, Mentee],
                 mentors: dict[str, Mentor], score: Callable[[str, str], float | None]):
        self.programme = programme
        self.draft = programme.draft
        self.mentees, self.mentors, self.score = mentees, mentors, score
        self.pairs = {p.mentee_id: p for p in self.draft.pairs
                      if p.mentee_id in mentees and p.mentor_id in mentors}
        self.orphans = {p.mentee_id for p in self.draft.pairs} - set(self.pairs)
        self.before = Counter(p.mentor_id for p in self.pairs.values())
        self.constraints = programme.constraints()

    def _mentee(self, fields: dict, name: str = "mentee_id") -> str:
        mentee_id = fields.get(name)
        if mentee_id not in self.mentees:
            raise InvalidInput("not an enrolled mentee", errors={name: ["not an enrolled mentee"]})
        return mentee_id

    def _pair(self, mentee_id: str, field: str = "mentee_id") -> DraftPair:
        pair = self.pairs.get(mentee_id)
        if pair is None:
            raise InvalidInput("the mentee is not placed", errors={field: ["not placed"]})
        return pair

    def _placed(self, mentee_id: str, mentor_id: str, field: str) -> DraftPair:
        """A hand-made, pinned pair, once it passes the constraints."""
        if mentor_id not in self.mentors:
            raise InvalidInput("not an enrolled mentor", errors={field: ["not an enrolled mentor"]})
        if not self.constraints.allows(self.mentees[mentee_id], self.mentors[mentor_id]):
            raise InvalidInput("the pair breaks the programme's constraints (language, region "
                               "or an exclusion)", errors={field: ["breaks the constraints"]})
        return DraftPair(mentee_id, mentor_id, self.score(mentee_id, mentor_id), pinned=True)

    def apply(self, action: str, fields: dict) -> tuple[Draft, tuple[tuple[str, str], ...]]:
        excluded = self.programme.excluded
        mentee_id = self._mentee(fields)
        if action == Edit.PIN or action == Edit.UNPIN:
            pair = self._pair(mentee_id)
            self.pairs[mentee_id] = dataclasses.replace(pair, pinned=action == Edit.PIN)
        elif action == Edit.REMOVE:
            pair = self._pair(mentee_id)
            del self.pairs[mentee_id]
            excluded = tuple(sorted({*excluded, (pair.mentee_id, pair.mentor_id)}))
        elif action == Edit.PLACE:
            self.pairs[mentee_id] = self._placed(mentee_id, fields.get("mentor_id"), "mentor_id")
        else:
            other = self._mentee(fields, "other_mentee_id")
            if other == mentee_id:
                raise InvalidInput("swap two different mentees",
                                   errors={"other_mentee_id": ["must differ from mentee_id"]})
            mine, theirs = self.pairs.get(mentee_id), self.pairs.get(other)
            if mine is None and theirs is None:
                raise InvalidInput("neither mentee is placed", errors={"mentee_id": ["not placed"]})
            self.pairs.pop(mentee_id, None)
            self.pairs.pop(other, None)
            if theirs is not None:
                self.pairs[mentee_id] = self._placed(mentee_id, theirs.mentor_id, "mentee_id")
            if mine is not None:
                self.pairs[other] = self._placed(other, mine.mentor_id, "other_mentee_id")
        load = Counter(p.mentor_id for p in self.pairs.values())
        # A mentor may be over its places already (another programme took some since the
        # proposal): an edit is refused only for giving one more to a mentor with none left.
        full = sorted(t for t, n in load.items()
                      if n > self.mentors[t].capacity and n > self.before[t])
        if full:
            raise InvalidInput("a mentor would take more mentees than its capacity",
                               errors={"mentor_id": [f"{t} is full" for t in full]})
        placed = set(self.pairs)
        unplaced = [u for u in self.draft.unplaced if u.mentee_id not in placed]
        known = {u.mentee_id for u in unplaced}
        for e in sorted(set(self.mentees) - placed - known):
            if action == Edit.REMOVE and e == mentee_id:
                unplaced.append(Unplaced(e, UnplacedReason.EXCLUDED,
                                         "removed from the proposal by the coordinator"))
            elif e in self.orphans:
                unplaced.append(Unplaced(e, UnplacedReason.NO_CANDIDATE, "its mentor has left "
                                         "the network: ask for a proposal again"))
            else:
                unplaced.append(Unplaced(e, UnplacedReason.ALL_FULL,
                                         "left without a mentor by the coordinator's edit"))
        draft = dataclasses.replace(
            self.draft, pairs=tuple(sorted(self.pairs.values(), key=lambda p: p.mentee_id)),
            unplaced=tuple(sorted(unplaced, key=lambda u: u.mentee_id)))
        return draft, excluded


def _within_capacities(draft: Draft, capacities: dict[str, int]) -> Draft:
    """The draft with each mentor's pairs cut to its capacity (pinned pairs kept first, then
    the better scores) and mentors no longer enrolled dropped; their mentees left unplaced.

    Examples
    --------
    >>> from datetime import UTC
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> d = Draft("optimal", (DraftPair("ana", "kim", 50.0), DraftPair("bo", "kim", 70.0),
    ...                       DraftPair("cy", "kim", 10.0, pinned=True)), (), at)
    >>> cut = _within_capacities(d, {"kim": 2})
    >>> [p.mentee_id for p in cut.pairs], [(u.mentee_id, u.reason.value) for u in cut.unplaced]
    (['bo', 'cy'], [('ana', 'all_full')])
    """
    kept, dropped, load = [], [], dict.fromkeys(capacities, 0)
    for p in sorted(draft.pairs, key=lambda p: (not p.pinned, -(p.score or 0.0), p.mentee_id)):
        if p.mentor_id in load and load[p.mentor_id] < capacities[p.mentor_id]:
            load[p.mentor_id] += 1
            kept.append(p)
        else:
            dropped.append(Unplaced(p.mentee_id, UnplacedReason.ALL_FULL,
                                    "its mentor has fewer places now: ask for a proposal again"))
    if not dropped:
        return draft
    return dataclasses.replace(
        draft, pairs=tuple(sorted(kept, key=lambda p: p.mentee_id)),
        unplaced=tuple(sorted([*draft.unplaced, *dropped], key=lambda u: u.mentee_id)))


def _misfits(draft: Draft, mentees: dict[str, Mentee], mentors: dict[str, Mentor],
             constraints) -> list[str]:
    """What keeps the draft's pairs from being published as they are: a pair whose mentee or
    mentor is no longer enrolled, breaks a constraint, or a mentor over its capacity."""
    problems, load = [], {}
    for p in draft.pairs:
        mentee, mentor = mentees.get(p.mentee_id), mentors.get(p.mentor_id)
        if mentee is None or mentor is None:
            problems.append(f"({p.mentee_id}, {p.mentor_id}): not enrolled any more")
        elif not constraints.allows(mentee, mentor):
            problems.append(f"({p.mentee_id}, {p.mentor_id}): breaks the constraints now")
        else:
            load[p.mentor_id] = load.get(p.mentor_id, 0) + 1
    problems += [f"{t}: {n} mentees, {mentors[t].capacity} places"
                 for t, n in sorted(load.items()) if n > mentors[t].capacity]
    return problems


def _first(parties: frozenset[Party]) -> Party:
    return next(p for p in (Party.MENTEE, Party.MENTOR, Party.COORDINATOR) if p in parties)


def _summary(graph, stakeholder_id: str) -> StakeholderSummary | None:
    if stakeholder_id not in graph:
        return None
    d = graph.nodes[stakeholder_id]
    return StakeholderSummary(stakeholder_id, getattr(d["kind"], "value", d["kind"]), d["name"],
                              d["region"])


def _stakeholder_summary(found: dict, stakeholder_id: str) -> StakeholderSummary:
    s = found.get(stakeholder_id)
    if s is None:
        return StakeholderSummary(stakeholder_id, "", "", "")
    return StakeholderSummary(s.id, s.kind.value, s.name, s.region)


def _audit(actor: User | None, action: str, programme: Programme, *,
           fields: tuple[str, ...] = (), before: str | None = None) -> AuditEntry:
    return audit_entry(actor and actor.id, action, "programme", programme.id,
                       region=programme.region, from_state=before,
                       to_state=programme.state.value if before else None, fields=fields)


def _revision(value) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                              or value < 0):
        raise InvalidInput("invalid revision", errors={"revision": ["an integer ≥ 0"]})
    return value


def _ids(values, field: str) -> list[str]:
    if isinstance(values, str) or not all(isinstance(v, str) and v for v in values):
        raise InvalidInput("invalid ids", errors={field: ["a list of stakeholder ids"]})
    if len(set(values)) != len(values):
        raise InvalidInput("an id is listed twice", errors={field: ["listed twice"]})
    return list(values)


def _pairs(values) -> list[tuple[str, str]]:
    """Excluded pairs from ``{"mentee_id", "mentor_id"}`` records or (mentee, mentor) pairs."""
    out = []
    for item in values:
        pair = (item.get("mentee_id"), item.get("mentor_id")) if isinstance(item, dict) else (
            tuple(item) if isinstance(item, list | tuple) else ())
        if len(pair) != 2 or not all(isinstance(x, str) and x for x in pair):
            raise InvalidInput("invalid exclusion", errors={"exclude": [
                "each a {mentee_id, mentor_id} pair"]})
        out.append(pair)
    return out


def _enrolment(item) -> MentorEnrolment:
    if isinstance(item, str):
        return MentorEnrolment(item)
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise InvalidInput("invalid mentor", errors={"mentors": [
            "each an id or {id, capacity, available_from, available_until}"]})
    capacity = item.get("capacity")
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)
                                 or not 1 <= capacity <= 1000):
        raise InvalidInput("invalid capacity", errors={"mentors": [
            f"{item['id']}: capacity from 1 to 1000"]})
    start, until = item.get("available_from"), item.get("available_until")
    if start is not None and until is not None and until < start:
        raise InvalidInput("invalid availability", errors={"mentors": [
            f"{item['id']}: available_until before available_from"]})
    return MentorEnrolment(item["id"], capacity, start, until)


def _programme_fields(fields: dict) -> dict:
    errors: dict[str, list[str]] = {}
    name = (fields.get("name") or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        errors["name"] = [f"1 to {MAX_NAME_LENGTH} characters"]
    region = fields.get("region")
    if not isinstance(region, str) or not vocabularies.is_region(region):
        errors["region"] = [f"unknown NUTS region code: {region}"]
    topics = tuple(fields.get("topics") or ())
    if any(not vocabularies.is_topic(t) for t in topics):
        errors["topics"] = ["unknown topic"]
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if not isinstance(starts_on, date):
        errors["starts_on"] = ["a date"]
    elif ends_on is not None and (not isinstance(ends_on, date) or ends_on < starts_on):
        errors["ends_on"] = ["a date not before starts_on"]
    region_level = fields.get("region_level")
    if region_level is not None and region_level not in (0, 1, 2, 3):
        errors["region_level"] = ["0, 1, 2 or 3"]
    shared_language = fields.get("shared_language", True)
    if not isinstance(shared_language, bool):
        errors["shared_language"] = ["true or false"]
    if errors:
        raise InvalidInput("invalid programme", errors=errors)
    return dict(name=name, region=region, topics=topics, starts_on=starts_on, ends_on=ends_on,
                region_level=region_level, shared_language=shared_language)
