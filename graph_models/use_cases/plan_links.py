"""The work done under a Local Action Plan: the activities, assessments and workshops that name
it (their ``plan_id``), each shown only to a reader who may read it.

Activities are listed to whoever may list activities; assessments and workshops, which hold
the answers and insights of a consultation, only to those who coordinate their region (an
admin, or a coordinator of the territory), as their own pages are. The plan itself does not
hold these links: each piece of work names its plan, so that linking work to a plan never
changes the plan's revision or history.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.activities import Activity
from graph_models.domain.assessments import Assessment
from graph_models.domain.plans import Plan
from graph_models.domain.policy import Action, Resource
from graph_models.domain.workshops import Workshop
from graph_models.use_cases.activities import Activities
from graph_models.use_cases.assessments import Assessments
from graph_models.use_cases.workshops import Workshops

# A plan runs a few years; more activities than this are listed on the activities' own page.
MOST_ACTIVITIES = 100


@dataclass(frozen=True)
class PlanWork:
    """The work under one plan that a reader may see, soonest (activities) or newest first."""

    activities: list[Activity]
    activities_total: int
    assessments: list[Assessment]
    workshops: list[Workshop]


def plan_work(plan: Plan, actor: User | None, *, activities: Activities,
              assessments: Assessments, workshops: Workshops) -> PlanWork:
    """What ``actor`` may see of the work that names ``plan``."""
    listed_activities, total = [], 0
    if policy.allows_some(actor, Resource.ACTIVITY, Action.LIST):
        found = activities.find(plan_id=plan.id, page_size=MOST_ACTIVITIES, actor=actor)
        listed_activities, total = found.items, found.total
    return PlanWork(
        activities=listed_activities, activities_total=total,
        assessments=([a for a in assessments.list_assessments(actor=actor) if a.plan_id == plan.id]
                     if policy.allows_some(actor, Resource.ASSESSMENT, Action.LIST) else []),
        workshops=([w for w in workshops.list_workshops(actor=actor) if w.plan_id == plan.id]
                   if policy.allows_some(actor, Resource.WORKSHOP, Action.LIST) else []))
