"""Needs assessments: a questionnaire a coordinator sends to the stakeholders of a scope, each
through a personal link, and the answers that add up to a needs map of the territory.

An assessment is drafted, opened and closed (``draft → open → closed``); its questions map to
the topic vocabulary: which topics of a pillar a stakeholder *needs*, which it can *offer*, how
pressing its needs are (a rating from 1 to 5) and free text. While it is open, each stakeholder
of its scope (its region, optionally some kinds and sectors) may get one
:class:`ResponseLink`: a secret of 256 random bits, kept only as its SHA-256 digest, like an
invitation's (:mod:`graph_models.domain.invitations`). A link is answered once, until it runs
out or its assessment closes. The answer says whether the respondent consents to its profile
being updated: only then do its needs and offers change (:func:`profile_changes`).

Neither a store nor JSON knows the nested records; :func:`assessment_to_record` and its
siblings turn them into plain data and back.

Examples
--------
>>> from graph_models.domain.stakeholders import now
>>> at = now()
>>> issued = issue_link("a1", "s1", at=at, days=14)
>>> issued.link.digest == link_digest(issued.secret)
True
>>> issued.link.state(at, AssessmentState.OPEN), issued.link.state(at, AssessmentState.CLOSED)
(<LinkState.PENDING: 'pending'>, <LinkState.CLOSED: 'closed'>)
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from graph_models.domain import vocabularies
from graph_models.domain.errors import Gone
from graph_models.domain.records import from_record, to_record
from graph_models.domain.stakeholders import Kind, Stakeholder, new_id
from graph_models.domain.text import fold

DEFAULT_LINK_DAYS = 21
MAX_LINK_DAYS = 90
MAX_QUESTIONS = 30
MAX_TITLE = 200
MAX_PROMPT = 500
MAX_TEXT = 2000
RATINGS = range(1, 6)


class AssessmentState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class QuestionKind(StrEnum):
    """What a question asks: topics needed or offered (of one pillar), a rating, or text."""

    NEEDS = "needs"
    OFFERS = "offers"
    RATING = "rating"
    TEXT = "text"


TOPIC_KINDS = frozenset({QuestionKind.NEEDS, QuestionKind.OFFERS})


@dataclass(frozen=True)
class Question:
    """One question. A topic question offers ``topics`` (all of ``pillar``'s when empty) as
    its choices; a rating may name the ``pillar`` it is about."""

    key: str
    kind: QuestionKind
    prompt: str
    pillar: str | None = None
    topics: tuple[str, ...] = ()

    def choices(self) -> tuple[str, ...]:
        """The topic codes a respondent picks from (none for ratings and text)."""
        if self.kind not in TOPIC_KINDS or self.pillar is None:
            return ()
        return self.topics or tuple(code for code in vocabularies.topics()
                                    if vocabularies.pillar_of(code) == self.pillar)


@dataclass(frozen=True)
class Assessment:
    """A questionnaire for the stakeholders of ``region`` (of ``kinds`` and with one of
    ``sectors``, when given), made by the user ``created_by``; ``plan_id`` optionally names
    the Local Action Plan it serves."""

    id: str
    title: str
    region: str
    questions: tuple[Question, ...]
    created_at: datetime
    updated_at: datetime
    created_by: str | None = None
    intro: str = ""
    kinds: tuple[Kind, ...] = ()
    sectors: tuple[str, ...] = ()
    state: AssessmentState = AssessmentState.DRAFT
    link_days: int = DEFAULT_LINK_DAYS
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    plan_id: str | None = None

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def covers(self, stakeholder: Stakeholder) -> bool:
        """Whether ``stakeholder`` is of this assessment's scope."""
        return (vocabularies.region_contains(self.region, stakeholder.region)
                and (not self.kinds or stakeholder.kind in self.kinds)
                and (not self.sectors or bool(set(self.sectors) & set(stakeholder.sectors))))


class LinkState(StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"
    EXPIRED = "expired"
    CLOSED = "closed"


@dataclass(frozen=True)
class ResponseLink:
    """The personal link of one stakeholder to one assessment: kept by its digest only."""

    id: str
    assessment_id: str
    stakeholder_id: str
    digest: str = field(repr=False)
    created_at: datetime
    expires_at: datetime
    answered_at: datetime | None = None

    def state(self, at: datetime, assessment: AssessmentState) -> LinkState:
        """Where it stands at ``at``, its assessment being in state ``assessment``."""
        if self.answered_at is not None:
            return LinkState.ANSWERED
        if assessment != AssessmentState.OPEN:
            return LinkState.CLOSED
        if at >= self.expires_at:
            return LinkState.EXPIRED
        return LinkState.PENDING


@dataclass(frozen=True)
class IssuedLink:
    """A link just made, with its secret: sent or shown once, never stored."""

    link: ResponseLink
    secret: str


def link_digest(secret: str) -> str:
    """The digest a link is kept under, from the secret it carries."""
    return hashlib.sha256(("assessment:" + secret).encode("utf-8")).hexdigest()


def issue_link(assessment_id: str, stakeholder_id: str, *, at: datetime,
               days: int) -> IssuedLink:
    """A new link of ``stakeholder_id`` to ``assessment_id`` that runs out ``days`` after
    ``at``."""
    secret = secrets.token_urlsafe(32)
    link = ResponseLink(new_id(), assessment_id, stakeholder_id, link_digest(secret),
                        created_at=at, expires_at=at + timedelta(days=days))
    return IssuedLink(link, secret)


def unusable_link(state: LinkState) -> Gone:
    """The Gone of a link that can no longer be used, naming its ``state``.

    >>> unusable_link(LinkState.ANSWERED).errors
    {'state': ['answered']}
    """
    return Gone(f"the questionnaire's link is {state.value}", errors={"state": [state.value]})


@dataclass(frozen=True)
class Answer:
    """The answer to question ``question``: the topics picked, a rating, or text."""

    question: str
    topics: tuple[str, ...] = ()
    rating: int | None = None
    text: str = ""


@dataclass(frozen=True)
class AssessmentResponse:
    """What one stakeholder answered through its link, with its region and kind then (the
    needs map counts by them), and whether it consented to its profile being updated."""

    id: str
    assessment_id: str
    link_id: str
    stakeholder_id: str
    region: str
    kind: Kind
    answers: tuple[Answer, ...]
    consent: bool
    submitted_at: datetime
    profile_updated: bool = False


# -- the domain's rules -------------------------------------------------------------------------

def _add(problems: dict[str, list[str]], name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def _text_problems(problems: dict[str, list[str]], name: str, text: str, limit: int, *,
                   required: bool) -> None:
    if required and not text.strip():
        _add(problems, name, "must not be empty")
    if len(text) > limit:
        _add(problems, name, f"at most {limit} characters")
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        _add(problems, name, "must not hold control characters")


def _question_problems(problems: dict[str, list[str]], index: int, q: Question) -> None:
    name = f"questions.{index}"
    _text_problems(problems, name + ".prompt", q.prompt, MAX_PROMPT, required=True)
    if q.pillar is not None and q.pillar not in vocabularies.pillars():
        _add(problems, name + ".pillar", f"unknown pillar {q.pillar!r}")
    elif q.kind in TOPIC_KINDS and q.pillar is None:
        _add(problems, name + ".pillar", "a topic question names its pillar")
    for topic in q.topics:
        if q.kind not in TOPIC_KINDS:
            _add(problems, name + ".topics", "only topic questions offer topics")
            break
        if not vocabularies.is_topic(topic) or vocabularies.pillar_of(topic) != q.pillar:
            _add(problems, name + ".topics", f"{topic!r} is no topic of the pillar")


def assessment_problems(a: Assessment) -> dict[str, list[str]]:
    """Every rule ``a`` breaks, by field (empty when sound).

    >>> from graph_models.domain.stakeholders import now
    >>> q = Question("q1", QuestionKind.NEEDS, "What do you need?", pillar="financing")
    >>> sorted(assessment_problems(Assessment("a", "", "EL99", (q, q), now(), now())))
    ['questions', 'region', 'title']
    """
    problems: dict[str, list[str]] = {}
    _text_problems(problems, "title", a.title, MAX_TITLE, required=True)
    _text_problems(problems, "intro", a.intro, MAX_TEXT, required=False)
    if not vocabularies.is_region(a.region):
        _add(problems, "region", f"unknown region {a.region!r}")
    for sector in a.sectors:
        if not vocabularies.is_sector(sector):
            _add(problems, "sectors", f"unknown sector {sector!r}")
    if not 1 <= len(a.questions) <= MAX_QUESTIONS:
        _add(problems, "questions", f"between 1 and {MAX_QUESTIONS} questions")
    if len({q.key for q in a.questions}) != len(a.questions):
        _add(problems, "questions", "each question has its own key")
    for index, question in enumerate(a.questions):
        _question_problems(problems, index, question)
    if not 1 <= a.link_days <= MAX_LINK_DAYS:
        _add(problems, "link_days", f"between 1 and {MAX_LINK_DAYS} days")
    if a.plan_id is not None and not 0 < len(a.plan_id) <= 100:
        _add(problems, "plan_id", "between 1 and 100 characters")
    return problems


def answer_problems(a: Assessment, answers: tuple[Answer, ...]) -> dict[str, list[str]]:
    """Every rule ``answers`` to ``a`` break, by question key (empty when sound): a question
    answered twice or unknown, a topic not among its choices, a rating outside 1–5.

    >>> from graph_models.domain.stakeholders import now
    >>> q = Question("q1", QuestionKind.RATING, "How pressing?")
    >>> a = Assessment("a", "t", "EL30", (q,), now(), now())
    >>> answer_problems(a, (Answer("q1", rating=9), Answer("q2")))
    {'q1': ['a rating from 1 to 5'], 'q2': ['no such question']}
    """
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    for answer in answers:
        question = a.question(answer.question)
        if question is None:
            _add(problems, answer.question, "no such question")
            continue
        if answer.question in seen:
            _add(problems, answer.question, "answered twice")
        seen.add(answer.question)
        choices = set(question.choices())
        if any(topic not in choices for topic in answer.topics):
            _add(problems, answer.question, "a topic that is not among the choices")
        if answer.rating is not None and (question.kind != QuestionKind.RATING
                                          or answer.rating not in RATINGS):
            _add(problems, answer.question, "a rating from 1 to 5")
        if question.kind == QuestionKind.TEXT or answer.text:
            _text_problems(problems, answer.question, answer.text, MAX_TEXT, required=False)
            if answer.text and question.kind != QuestionKind.TEXT:
                _add(problems, answer.question, "only text questions take text")
    return problems


def profile_changes(stakeholder: Stakeholder, a: Assessment,
                    answers: tuple[Answer, ...]) -> dict[str, tuple[str, ...]]:
    """The needs and offers ``stakeholder`` would have after ``answers`` to ``a``: for each
    topic question answered, its choices picked are added and those left unpicked removed;
    topics the questionnaire did not ask about stay. Only the fields that change are given.

    >>> from graph_models.domain.stakeholders import now
    >>> q = Question("q1", QuestionKind.NEEDS, "Need?", "financing",
    ...              ("financing.loan", "financing.grant"))
    >>> a = Assessment("a", "t", "EL30", (q,), now(), now())
    >>> s = Stakeholder("s", Kind.ENTREPRENEUR, "x", "EL303",
    ...                 needs=("financing.loan", "training.digital_skills"))
    >>> profile_changes(s, a, (Answer("q1", topics=("financing.grant",)),))
    {'needs': ('financing.grant', 'training.digital_skills')}
    """
    changes: dict[str, tuple[str, ...]] = {}
    for facet, kind in (("needs", QuestionKind.NEEDS), ("offers", QuestionKind.OFFERS)):
        held = set(getattr(stakeholder, facet))
        new = set(held)
        for answer in answers:
            question = a.question(answer.question)
            if question is not None and question.kind == kind:
                new = (new - set(question.choices())) | set(answer.topics)
        if new != held:
            changes[facet] = tuple(sorted(new))
    return changes


# -- plain records ------------------------------------------------------------------------------

def assessment_to_record(a: Assessment) -> dict:
    """A JSON-ready dict of ``a``, its questions included."""
    return {**to_record(a), "questions": [to_record(q) for q in a.questions]}


def assessment_from_record(record: dict) -> Assessment:
    """The assessment :func:`assessment_to_record` made ``record`` of."""
    questions = tuple(from_record(Question, q) for q in record["questions"])
    return replace(from_record(Assessment, {**record, "questions": ()}), questions=questions)


def response_to_record(r: AssessmentResponse) -> dict:
    """A JSON-ready dict of ``r``, its answers included."""
    return {**to_record(r), "answers": [to_record(a) for a in r.answers]}


def response_from_record(record: dict) -> AssessmentResponse:
    """The response :func:`response_to_record` made ``record`` of."""
    answers = tuple(from_record(Answer, a) for a in record["answers"])
    return replace(from_record(AssessmentResponse, {**record, "answers": ()}), answers=answers)


def answers_in_words(a: Assessment,
                     responses: list[AssessmentResponse]) -> list[tuple[str, str]]:
    """The free-text answers of ``responses`` as (question key, text): by question, in the
    questionnaire's order, then by text (case and accents aside), never in the order they
    came. Whoever reads the results sees which link was answered when; in the order of
    submission, a text would tell its respondent.

    >>> from graph_models.domain.stakeholders import now
    >>> q = Question("q1", QuestionKind.TEXT, "What else?")
    >>> a = Assessment("a", "t", "EL30", (q,), now(), now())
    >>> def said(text, at):
    ...     return AssessmentResponse("r" + text, "a", "l" + text, "s" + text, "EL303",
    ...                               Kind.ENTREPRENEUR, (Answer("q1", text=text),), False, at)
    >>> answers_in_words(a, [said("Χώρος", now()), said("άδεια", now()), said("Bus", now())])
    [('q1', 'Bus'), ('q1', 'άδεια'), ('q1', 'Χώρος')]
    """
    order = {question.key: index for index, question in enumerate(a.questions)}
    found = [(answer.question, answer.text) for response in responses
             for answer in response.answers if answer.text]
    return sorted(found, key=lambda item: (order.get(item[0], len(order)), fold(item[1]),
                                           item[1]))
