"""The use cases of needs assessments: a coordinator drafts a questionnaire for a scope of its
territories, opens it, sends each stakeholder of the scope a personal link, reads the needs
map its answers add up to, and closes it; a respondent, holding its link and nothing else,
reads and answers its own questionnaire.

An assessment belongs to the coordinators whose territories hold its region, and to admins;
anyone else is told it does not exist. The link is the respondent's proof: it opens the one
questionnaire it was made for, once, until it runs out or the assessment closes. With the
respondent's consent its answers update its stakeholder's needs and offers — checked by the
same rules as any update of a stakeholder, and written in the answer's transaction.

Examples
--------
>>> import tempfile
>>> from graph_models.stores import open_store
>>> from graph_models.domain.stakeholders import Kind, Stakeholder, now
>>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/assessments.db")
>>> store.ensure_schema()
>>> at = now()
>>> _ = store.create_stakeholder(Stakeholder("s1", Kind.ENTREPRENEUR, "Ήλιος", "EL303",
...                                          created_at=at, updated_at=at))
>>> desk = Assessments(store)
>>> a = desk.create({"title": "Ανάγκες 2026", "region": "EL30", "questions": [
...     {"kind": "needs", "prompt": "Τι χρειάζεστε;", "pillar": "financing"}]})
>>> a = desk.open(a.id)
>>> sent = desk.send(a.id)
>>> secret = sent.links[0].issued.secret
>>> _ = desk.answer(secret, [{"question": "q1", "topics": ["financing.loan"]}], consent=True)
>>> store.get_stakeholder("s1").needs
('financing.loan',)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.assessments import (
    Answer,
    Assessment,
    AssessmentResponse,
    AssessmentState,
    IssuedLink,
    LinkState,
    Question,
    ResponseLink,
    answer_problems,
    answers_in_words,
    assessment_problems,
    issue_link,
    link_digest,
    profile_changes,
    unusable_link,
)
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, no_such
from graph_models.domain.needs_map import NeedsMap, needs_map
from graph_models.domain.policy import Action, Resource, coordinates
from graph_models.domain.queries import MAX_PAGE_SIZE, StakeholderQuery
from graph_models.domain.records import stakeholder_from_record, stakeholder_to_record
from graph_models.domain.stakeholders import Kind, Stakeholder, new_id, now, with_consent_times
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import (
    StakeholderSummary,
    audit,
    checked_stakeholder,
    summary_of,
)

# What a client sets of an assessment; the rest is stamped.
EDITABLE = ("title", "intro", "region", "kinds", "sectors", "questions", "link_days", "plan_id")


@dataclass(frozen=True)
class SentLink:
    """A link just made, with its secret, and who it is for (its e-mail address included,
    for the mail that carries it)."""

    issued: IssuedLink
    stakeholder: StakeholderSummary
    email: str | None


@dataclass(frozen=True)
class Sent:
    """What sending made: a link for each stakeholder of the scope that had none."""

    assessment: Assessment
    links: list[SentLink]


@dataclass(frozen=True)
class LinkRow:
    """A link as its assessment's page lists it: whom it is for and where it stands."""

    link: ResponseLink
    stakeholder: StakeholderSummary | None
    state: LinkState


@dataclass(frozen=True)
class Results:
    """An assessment, its links and its needs map."""

    assessment: Assessment
    links: list[LinkRow]
    map: NeedsMap
    texts: list[tuple[str, str]]


@dataclass(frozen=True)
class LinkView:
    """What a respondent's link opens: its questionnaire and whom it is for, in brief."""

    assessment: Assessment
    link: ResponseLink
    stakeholder: StakeholderSummary
    state: LinkState


def _questions(given: list[dict]) -> tuple[Question, ...]:
    """Questions from plain fields, keyed ``q1``, ``q2``… where no key is given."""
    return tuple(Question(key=q.get("key") or f"q{index}", kind=q["kind"],
                          prompt=q["prompt"].strip(), pillar=q.get("pillar"),
                          topics=tuple(q.get("topics") or ()))
                 for index, q in enumerate(given, start=1))


def _checked(a: Assessment) -> Assessment:
    problems = assessment_problems(a)
    if problems:
        raise InvalidInput("the assessment breaks the domain's rules", errors=problems)
    return a


class Assessments:
    """Needs assessments over one store."""

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock

    # -- the coordinator's -------------------------------------------------------------------

    def create(self, fields: dict, *, actor: User | None = None) -> Assessment:
        """Draft an assessment from plain fields (those of :data:`EDITABLE`); InvalidInput
        names each broken rule, Forbidden a region outside ``actor``'s territories."""
        policy.require_some(actor, Resource.ASSESSMENT, Action.CREATE)
        at = self._clock()
        values = {**fields, "title": fields.get("title", "").strip(),
                  "questions": _questions(fields.get("questions", [])),
                  "kinds": tuple(Kind(k) for k in fields.get("kinds", ())),
                  "sectors": tuple(fields.get("sectors", ()))}
        assessment = _checked(Assessment(id=new_id(), created_at=at, updated_at=at,
                                         created_by=actor.id if actor else None, **values))
        self._require_region(actor, assessment.region)
        self.store.create_assessment(assessment, audit=audit(
            actor, "assessment.create", "assessment", assessment.id, region=assessment.region))
        return assessment

    @staticmethod
    def _require_region(actor: User | None, region: str) -> None:
        if not coordinates(actor, region):
            raise Forbidden("the assessment's region is outside your territories",
                            errors={"region": ["outside your territories"]})

    def get(self, assessment_id: str, *, actor: User | None = None,
            action: Action = Action.READ) -> Assessment:
        """The assessment, once ``actor`` coordinates its region; NotFound otherwise."""
        policy.require_some(actor, Resource.ASSESSMENT, action)
        assessment = self.store.get_assessment(assessment_id)
        if not coordinates(actor, assessment.region):
            raise NotFound(f"no assessment with id {assessment_id}")
        return assessment

    def list_assessments(self, *, actor: User | None = None) -> list[Assessment]:
        """The assessments of ``actor``'s territories (all, for an admin), newest first."""
        policy.require_some(actor, Resource.ASSESSMENT, Action.LIST)
        return [a for a in self.store.list_assessments() if coordinates(actor, a.region)]

    def update(self, assessment_id: str, changes: dict, *,
               actor: User | None = None) -> Assessment:
        """Change a draft's fields; once open, only ``plan_id`` changes (Conflict else)."""
        old = self.get(assessment_id, actor=actor, action=Action.UPDATE)
        if old.state != AssessmentState.DRAFT and set(changes) - {"plan_id"}:
            raise Conflict("an open or closed assessment's questions are final",
                           errors={"state": [old.state.value]})
        values = dict(changes)
        if "questions" in values:
            values["questions"] = _questions(values["questions"])
        if "kinds" in values:
            values["kinds"] = tuple(Kind(k) for k in values["kinds"])
        if "sectors" in values:
            values["sectors"] = tuple(values["sectors"])
        new = _checked(dataclasses.replace(old, **values, updated_at=self._clock()))
        self._require_region(actor, new.region)
        return self._save(old, new, actor, "assessment.update", tuple(changes))

    def _save(self, old: Assessment, new: Assessment, actor: User | None, action: str,
              fields: tuple[str, ...] = ()) -> Assessment:
        return self.store.save_assessment(new, expected_updated_at=old.updated_at, audit=audit(
            actor, action, "assessment", new.id, region=new.region, from_state=old.state.value,
            to_state=new.state.value, fields=fields))

    def open(self, assessment_id: str, *, actor: User | None = None) -> Assessment:
        """Open a draft: it may be sent, and its links answered."""
        old = self.get(assessment_id, actor=actor, action=Action.UPDATE)
        if old.state != AssessmentState.DRAFT:
            raise Conflict("only a draft is opened", errors={"state": [old.state.value]})
        at = self._clock()
        return self._save(old, dataclasses.replace(
            old, state=AssessmentState.OPEN, opened_at=at, updated_at=at), actor,
            "assessment.open")

    def close(self, assessment_id: str, *, actor: User | None = None) -> Assessment:
        """Close an open assessment: its links stop working, its answers stay."""
        old = self.get(assessment_id, actor=actor, action=Action.UPDATE)
        if old.state != AssessmentState.OPEN:
            raise Conflict("only an open assessment is closed",
                           errors={"state": [old.state.value]})
        at = self._clock()
        return self._save(old, dataclasses.replace(
            old, state=AssessmentState.CLOSED, closed_at=at, updated_at=at), actor,
            "assessment.close")

    def scope(self, assessment: Assessment) -> list[Stakeholder]:
        """The stakeholders of the assessment's scope, by name."""
        found: list[Stakeholder] = []
        for kind in assessment.kinds or (None,):
            page = 1
            while True:
                batch = self.store.find_stakeholders(StakeholderQuery(
                    kind=kind, region=assessment.region, page=page, page_size=MAX_PAGE_SIZE))
                found += [s for s in batch.items if assessment.covers(s)]
                if page * MAX_PAGE_SIZE >= batch.total:
                    break
                page += 1
        return sorted(found, key=lambda s: (s.name, s.id))

    def send(self, assessment_id: str, *, actor: User | None = None) -> Sent:
        """Make a personal link for each stakeholder of the scope that has none yet, in one
        transaction; Conflict unless the assessment is open. The secrets are in the answer
        only."""
        assessment = self.get(assessment_id, actor=actor, action=Action.UPDATE)
        if assessment.state != AssessmentState.OPEN:
            raise Conflict("open the assessment before sending it",
                           errors={"state": [assessment.state.value]})
        linked = {link.stakeholder_id for link in self.store.links_of(assessment_id)}
        at = self._clock()
        sent = [SentLink(issue_link(assessment_id, s.id, at=at, days=assessment.link_days),
                         summary_of(s), s.email)
                for s in self.scope(assessment) if s.id not in linked]
        if sent:
            self.store.add_links(assessment_id, [s.issued.link for s in sent], audit=audit(
                actor, "assessment.send", "assessment", assessment_id, region=assessment.region,
                fields=(f"links:{len(sent)}",)))
        return Sent(assessment, sent)

    def results(self, assessment_id: str, *, actor: User | None = None) -> Results:
        """The assessment's links (each with its stakeholder and state), its needs map and
        the free-text answers (question key, text), in an order that tells no respondent."""
        assessment = self.get(assessment_id, actor=actor)
        links = self.store.links_of(assessment_id)
        responses = self.store.responses_of(assessment_id)
        people = self.store.get_stakeholders([link.stakeholder_id for link in links])
        at = self._clock()
        rows = [LinkRow(link, summary_of(people[link.stakeholder_id])
                        if link.stakeholder_id in people else None,
                        link.state(at, assessment.state)) for link in links]
        return Results(assessment, rows, needs_map(assessment, responses, sent=len(links)),
                       answers_in_words(assessment, responses))

    # -- the respondent's --------------------------------------------------------------------

    def look_up(self, secret: str) -> LinkView:
        """What a link's secret opens, whatever its state; NotFound if it opens nothing."""
        link = self.store.link_by_digest(link_digest(secret))
        try:
            assessment = self.store.get_assessment(link.assessment_id)
            stakeholder = self.store.get_stakeholder(link.stakeholder_id)
        except NotFound:  # erased meanwhile
            raise no_such("link") from None
        return LinkView(assessment, link, summary_of(stakeholder),
                        link.state(self._clock(), assessment.state))

    def answer(self, secret: str, answers: list[dict], *, consent: bool) -> AssessmentResponse:
        """Store the answers given through a link, once; with ``consent``, update the
        stakeholder's needs and offers by them in the same transaction. InvalidInput names
        each broken answer, Gone a link answered, run out or closed, NotFound none."""
        view = self.look_up(secret)
        if view.state != LinkState.PENDING:
            raise unusable_link(view.state)
        given = tuple(Answer(question=a["question"], topics=tuple(a.get("topics") or ()),
                             rating=a.get("rating"), text=(a.get("text") or "").strip())
                      for a in answers)
        problems = answer_problems(view.assessment, given)
        if problems:
            raise InvalidInput("the answers break the questionnaire's rules",
                               errors={"answers": [f"{key}: {message}"
                                                   for key, messages in problems.items()
                                                   for message in messages]})
        at = self._clock()
        old = self.store.get_stakeholder(view.link.stakeholder_id)
        changes = profile_changes(old, view.assessment, given) if consent else {}
        new = None
        if changes:
            record = {**stakeholder_to_record(old), **changes, "updated_at": at}
            new = checked_stakeholder(with_consent_times(stakeholder_from_record(record), old,
                                                         at))
        response = AssessmentResponse(
            id=new_id(), assessment_id=view.assessment.id, link_id=view.link.id,
            stakeholder_id=old.id, region=old.region, kind=old.kind, answers=given,
            consent=consent, submitted_at=at, profile_updated=new is not None)
        return self.store.submit_response(
            response, at=at, stakeholder=new, expected_updated_at=old.updated_at,
            audit=audit(None, "assessment.answer", "stakeholder", old.id, region=old.region,
                        fields=tuple(changes)))
