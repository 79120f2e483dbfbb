"""The needs map of an assessment: what its respondents need and offer, by topic, pillar and
region, and how many of those asked answered.

A pure function of the assessment and its responses. Every share is of the respondents (a
topic named by 3 of 4 respondents has a share of 0.75); a respondent counts once per topic
however many questions it named the topic in.

Examples
--------
>>> from graph_models.domain.assessments import (Answer, Assessment, AssessmentResponse,
...                                                Question, QuestionKind)
>>> from graph_models.domain.stakeholders import Kind, now
>>> q = Question("q1", QuestionKind.NEEDS, "Need?", "financing",
...              ("financing.loan", "financing.grant"))
>>> a = Assessment("a", "t", "EL30", (q,), now(), now())
>>> def answered(region, *topics):
...     return AssessmentResponse("r", "a", "l", "s", region, Kind.ENTREPRENEUR,
...                               (Answer("q1", topics=topics),), False, now())
>>> found = needs_map(a, [answered("EL303", "financing.loan"),
...                       answered("EL304", "financing.loan", "financing.grant")], sent=4)
>>> found.response_rate, [(t.topic, t.needs, t.need_share) for t in found.topics]
(0.5, [('financing.grant', 1, 0.5), ('financing.loan', 2, 1.0)])
>>> [(r.region, r.respondents, r.needs) for r in found.regions]
[('EL303', 1, {'financing': 1}), ('EL304', 1, {'financing': 2})]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph_models.domain import vocabularies
from graph_models.domain.assessments import (
    Assessment,
    AssessmentResponse,
    QuestionKind,
)


@dataclass(frozen=True)
class TopicCount:
    """How many respondents need and offer ``topic``, and their shares of the respondents."""

    topic: str
    pillar: str
    needs: int
    offers: int
    need_share: float
    offer_share: float


@dataclass(frozen=True)
class PillarCount:
    """How many respondents need (and offer) at least one topic of ``pillar``."""

    pillar: str
    needs: int
    offers: int
    need_share: float
    offer_share: float


@dataclass(frozen=True)
class RegionCount:
    """The respondents of one region and, by pillar, how many topics they need in all."""

    region: str
    respondents: int
    needs: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RatingSummary:
    """A rating question's answers: how many rated it, and their mean (None if nobody)."""

    question: str
    prompt: str
    answered: int
    mean: float | None


@dataclass(frozen=True)
class NeedsMap:
    """An assessment's answers added up; ``response_rate`` is respondents over links sent
    (None before any was sent)."""

    respondents: int
    sent: int
    response_rate: float | None
    topics: list[TopicCount]
    pillars: list[PillarCount]
    regions: list[RegionCount]
    ratings: list[RatingSummary]


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _named(a: Assessment, response: AssessmentResponse, kind: QuestionKind) -> set[str]:
    """The topics a response names in ``a``'s questions of ``kind``."""
    named: set[str] = set()
    for answer in response.answers:
        question = a.question(answer.question)
        if question is not None and question.kind == kind:
            named.update(answer.topics)
    return named


def needs_map(a: Assessment, responses: Iterable[AssessmentResponse], *,
              sent: int) -> NeedsMap:
    """The needs map of ``a`` from its ``responses``, ``sent`` links having gone out.

    Topics are those the questionnaire asks about, ordered by pillar (as the vocabulary orders
    them) and code; regions by code.
    """
    responses = list(responses)
    total = len(responses)
    needs: Counter[str] = Counter()
    offers: Counter[str] = Counter()
    pillar_needs: Counter[str] = Counter()
    pillar_offers: Counter[str] = Counter()
    by_region: dict[str, Counter[str]] = defaultdict(Counter)
    region_respondents: Counter[str] = Counter()
    for response in responses:
        needed = _named(a, response, QuestionKind.NEEDS)
        offered = _named(a, response, QuestionKind.OFFERS)
        needs.update(needed)
        offers.update(offered)
        pillar_needs.update({vocabularies.pillar_of(t) for t in needed})
        pillar_offers.update({vocabularies.pillar_of(t) for t in offered})
        region_respondents[response.region] += 1
        by_region[response.region].update(vocabularies.pillar_of(t) for t in needed)
    order = list(vocabularies.pillars())
    asked = sorted({t for q in a.questions for t in q.choices()},
                   key=lambda t: (order.index(vocabularies.pillar_of(t)), t))
    topics = [TopicCount(t, vocabularies.pillar_of(t), needs[t], offers[t],
                         _share(needs[t], total), _share(offers[t], total)) for t in asked]
    pillars = [PillarCount(p, pillar_needs[p], pillar_offers[p], _share(pillar_needs[p], total),
                           _share(pillar_offers[p], total))
               for p in order if any(t.pillar == p for t in topics)]
    regions = [RegionCount(r, region_respondents[r], dict(sorted(by_region[r].items())))
               for r in sorted(region_respondents)]
    ratings = []
    for question in a.questions:
        if question.kind == QuestionKind.RATING:
            given = [answer.rating for r in responses for answer in r.answers
                     if answer.question == question.key and answer.rating is not None]
            ratings.append(RatingSummary(question.key, question.prompt, len(given),
                                         sum(given) / len(given) if given else None))
    return NeedsMap(total, sent, total / sent if sent else None, topics, pillars, regions,
                    ratings)
