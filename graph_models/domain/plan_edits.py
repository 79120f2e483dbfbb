"""The rules a plan keeps, and the edits that change it: each edit is a pure function from a
plan to the next one, refusing (InvalidInput naming each field) what breaks a rule.

The rules: a title of 1–200 characters, a known NUTS territory, a period whose end comes after
its start; goals under a known pillar; an action serving one of the plan's goals, with a budget
of whole cents from 0, dates within the period (start before end) and progress 0–100; an
indicator with a catalogue code (``^[a-z][a-z0-9_.]{1,63}$``) or ``manual`` (then named),
a deadline within the period, finite numbers, and manual values dated within the period, one
per day. Which edits an adopted plan still takes is the use case's to enforce
(:data:`~graph_models.domain.plans.EDITABLE_AFTER_ADOPTION`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from graph_models.domain import vocabularies
from graph_models.domain.errors import Conflict, InvalidInput, not_found
from graph_models.domain.plans import (
    MANUAL,
    Goal,
    Indicator,
    IndicatorValue,
    Plan,
    PlanAction,
)

MAX_TITLE = 200
MAX_VISION = 5000
MAX_WHAT = 500
MAX_NOTE = 500
MAX_UNIT = 40
MAX_OWNERS = 20
MAX_PARAMETERS = 20
MAX_PARAMETER_VALUE = 200
MAX_GOALS = 100
MAX_ACTIONS = 500
MAX_INDICATORS = 100
MAX_VALUES = 500
MAX_BUDGET = Decimal("1000000000000")
MAX_NUMBER = 1e15
CODE = re.compile(r"^[a-z][a-z0-9_.]{1,63}$")
PARAMETER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

Problems = dict[str, list[str]]


def _text_ok(text: str, longest: int, *, required: bool = True) -> bool:
    return (bool(text.strip()) or not required) and len(text) <= longest


def _number_ok(value: float | None) -> bool:
    return value is None or (math.isfinite(value) and abs(value) <= MAX_NUMBER)


def _within(plan: Plan, day: date | None) -> bool:
    return day is None or plan.starts_on <= day <= plan.ends_on


def plan_problems(plan: Plan) -> Problems:
    """Each of a plan's own fields that breaks a rule, with why; and ``starts_on`` or
    ``ends_on`` when a period leaves an action's dates or an indicator's deadline or values
    outside it.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> plan_problems(Plan("p", " ", "EL99", date(2027, 1, 1), date(2026, 1, 1), at, at))
    {'title': ['1 to 200 characters'], 'territory': ['unknown NUTS region code: EL99'], \
'ends_on': ['a date after starts_on']}
    """
    problems: Problems = {}
    if not _text_ok(plan.title, MAX_TITLE):
        problems["title"] = [f"1 to {MAX_TITLE} characters"]
    if not _text_ok(plan.vision, MAX_VISION, required=False):
        problems["vision"] = [f"at most {MAX_VISION} characters"]
    if not vocabularies.is_region(plan.territory):
        problems["territory"] = [f"unknown NUTS region code: {plan.territory}"]
    if plan.ends_on <= plan.starts_on:
        problems["ends_on"] = ["a date after starts_on"]
        return problems
    if len(plan.owners) > MAX_OWNERS or len(set(plan.owners)) != len(plan.owners):
        problems["owners"] = [f"at most {MAX_OWNERS} different users"]
    days = [d for a in plan.actions for d in (a.starts_on, a.ends_on) if d is not None]
    days += [i.deadline for i in plan.indicators]
    days += [v.on for i in plan.indicators for v in i.values]
    if any(d < plan.starts_on for d in days):
        problems["starts_on"] = ["an action or indicator would start before the period"]
    if any(d > plan.ends_on for d in days):
        problems["ends_on"] = ["an action or indicator would end after the period"]
    return problems


def goal_problems(goal: Goal) -> Problems:
    """Each field of a goal that breaks a rule."""
    problems: Problems = {}
    if goal.pillar not in vocabularies.pillars():
        problems["pillar"] = [f"must be one of: {', '.join(vocabularies.pillars())}"]
    if not _text_ok(goal.title, MAX_TITLE):
        problems["title"] = [f"1 to {MAX_TITLE} characters"]
    return problems


def action_problems(plan: Plan, action: PlanAction) -> Problems:
    """Each field of an action of ``plan`` that breaks a rule.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> p = Plan("p", "ΣΑΣΟ", "EL303", date(2027, 1, 1), date(2027, 12, 31), at, at,
    ...          goals=(Goal("g", "training", "Σχολή"),))
    >>> action_problems(p, PlanAction("a", "g", "Εργαστήρια", budget=Decimal("0.001"),
    ...                               starts_on=date(2026, 12, 1), progress=101))
    {'budget': ['whole cents from 0 to 1000000000000 euros'], \
'starts_on': ['within the plan period'], 'progress': ['from 0 to 100']}
    """
    problems: Problems = {}
    if plan.goal(action.goal_id) is None:
        problems["goal_id"] = ["not a goal of this plan"]
    if not _text_ok(action.what, MAX_WHAT):
        problems["what"] = [f"1 to {MAX_WHAT} characters"]
    budget = action.budget
    if budget is not None and (not budget.is_finite() or budget < 0 or budget > MAX_BUDGET
                               or budget != budget.quantize(Decimal("0.01"))):
        problems["budget"] = [f"whole cents from 0 to {MAX_BUDGET} euros"]
    for name in ("starts_on", "ends_on"):
        if not _within(plan, getattr(action, name)):
            problems[name] = ["within the plan period"]
    if (action.starts_on and action.ends_on and action.ends_on < action.starts_on
            and "ends_on" not in problems):
        problems["ends_on"] = ["a date not before starts_on"]
    if not 0 <= action.progress <= 100:
        problems["progress"] = ["from 0 to 100"]
    return problems


def indicator_problems(plan: Plan, indicator: Indicator) -> Problems:
    """Each field of an indicator of ``plan`` that breaks a rule."""
    problems: Problems = {}
    if not CODE.fullmatch(indicator.code):
        problems["code"] = ["a catalogue code (lower-case letters, digits, _ and .) or manual"]
    if indicator.pillar not in vocabularies.pillars():
        problems["pillar"] = [f"must be one of: {', '.join(vocabularies.pillars())}"]
    for name in ("target", "baseline"):
        if not _number_ok(getattr(indicator, name)):
            problems[name] = ["a finite number"]
    if not _within(plan, indicator.deadline):
        problems["deadline"] = ["within the plan period"]
    if indicator.manual and not _text_ok(indicator.name, MAX_TITLE):
        problems["name"] = [f"1 to {MAX_TITLE} characters"]
    elif not _text_ok(indicator.name, MAX_TITLE, required=False):
        problems["name"] = [f"at most {MAX_TITLE} characters"]
    if not _text_ok(indicator.unit, MAX_UNIT, required=False):
        problems["unit"] = [f"at most {MAX_UNIT} characters"]
    if (len(indicator.parameters) > MAX_PARAMETERS
            or any(not PARAMETER_NAME.fullmatch(k) or len(v) > MAX_PARAMETER_VALUE
                   for k, v in indicator.parameters)):
        problems["parameters"] = [f"at most {MAX_PARAMETERS} names (a-z, 0-9, _) with values "
                                  f"of at most {MAX_PARAMETER_VALUE} characters"]
    if indicator.parameters and indicator.manual:
        problems["parameters"] = ["a manual indicator takes no parameters"]
    return problems


def value_problems(plan: Plan, value: IndicatorValue) -> Problems:
    """Each field of a manual indicator's value that breaks a rule."""
    problems: Problems = {}
    if not _within(plan, value.on):
        problems["on"] = ["within the plan period"]
    if not _number_ok(value.value):
        problems["value"] = ["a finite number"]
    if not _text_ok(value.note, MAX_NOTE, required=False):
        problems["note"] = [f"at most {MAX_NOTE} characters"]
    return problems


def _refuse(problems: Problems, what: str) -> None:
    if problems:
        raise InvalidInput(f"the {what} breaks the plan's rules", errors=problems)


def _too_many(count: int, most: int, field: str) -> None:
    if count > most:
        raise InvalidInput(f"at most {most} of these", errors={field: [f"at most {most}"]})


def checked_plan(plan: Plan) -> Plan:
    """``plan``, once its own fields keep the rules (InvalidInput naming each that does not)."""
    _refuse(plan_problems(plan), "plan")
    return plan


def parameters_of(mapping: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """An indicator's parameters as it keeps them: (name, value) pairs by name."""
    return tuple(sorted(mapping.items()))


# -- goals -------------------------------------------------------------------------------------

def add_goal(plan: Plan, goal: Goal) -> Plan:
    """``plan`` with a new goal."""
    _refuse(goal_problems(goal), "goal")
    _too_many(len(plan.goals) + 1, MAX_GOALS, "goals")
    return replace(plan, goals=(*plan.goals, goal))


def edit_goal(plan: Plan, goal_id: str, **fields: Any) -> Plan:
    """``plan`` with a goal's ``pillar`` or ``title`` changed."""
    goal = replace(_goal(plan, goal_id), **fields)
    _refuse(goal_problems(goal), "goal")
    return replace(plan, goals=tuple(goal if g.id == goal_id else g for g in plan.goals))


def remove_goal(plan: Plan, goal_id: str) -> Plan:
    """``plan`` without a goal, which must have no action left (Conflict otherwise)."""
    _goal(plan, goal_id)
    if any(a.goal_id == goal_id for a in plan.actions):
        raise Conflict("the goal has actions: remove them first",
                       errors={"actions": ["remove them first"]})
    return replace(plan, goals=tuple(g for g in plan.goals if g.id != goal_id))


def _goal(plan: Plan, goal_id: str) -> Goal:
    goal = plan.goal(goal_id)
    if goal is None:
        raise not_found("goal", goal_id)
    return goal


# -- actions -----------------------------------------------------------------------------------

def add_action(plan: Plan, action: PlanAction) -> Plan:
    """``plan`` with a new action."""
    _refuse(action_problems(plan, action), "action")
    _too_many(len(plan.actions) + 1, MAX_ACTIONS, "actions")
    return replace(plan, actions=(*plan.actions, action))


def edit_action(plan: Plan, action_id: str, **fields: Any) -> Plan:
    """``plan`` with fields of an action changed."""
    action = replace(_action(plan, action_id), **fields)
    _refuse(action_problems(plan, action), "action")
    return replace(plan, actions=tuple(action if a.id == action_id else a
                                       for a in plan.actions))


def remove_action(plan: Plan, action_id: str) -> Plan:
    """``plan`` without an action."""
    _action(plan, action_id)
    return replace(plan, actions=tuple(a for a in plan.actions if a.id != action_id))


def _action(plan: Plan, action_id: str) -> PlanAction:
    action = plan.action(action_id)
    if action is None:
        raise not_found("action", action_id)
    return action


# -- indicators --------------------------------------------------------------------------------

def add_indicator(plan: Plan, indicator: Indicator) -> Plan:
    """``plan`` with a new indicator."""
    _refuse(indicator_problems(plan, indicator), "indicator")
    _too_many(len(plan.indicators) + 1, MAX_INDICATORS, "indicators")
    return replace(plan, indicators=(*plan.indicators, indicator))


def edit_indicator(plan: Plan, indicator_id: str, **fields: Any) -> Plan:
    """``plan`` with fields of an indicator changed; a manual indicator's recorded values go
    with it only while it stays manual (InvalidInput naming ``code`` otherwise)."""
    old = _indicator(plan, indicator_id)
    indicator = replace(old, **fields)
    problems = indicator_problems(plan, indicator)
    if old.values and not indicator.manual:
        problems.setdefault("code", []).append("it has manual values: remove them first")
    _refuse(problems, "indicator")
    return _with_indicator(plan, indicator)


def remove_indicator(plan: Plan, indicator_id: str) -> Plan:
    """``plan`` without an indicator (and its values)."""
    _indicator(plan, indicator_id)
    return replace(plan, indicators=tuple(i for i in plan.indicators if i.id != indicator_id))


def record_value(plan: Plan, indicator_id: str, value: IndicatorValue) -> Plan:
    """``plan`` with a manual indicator's value as of a day (replacing that day's, if any);
    values are kept by day."""
    indicator = _indicator(plan, indicator_id)
    if not indicator.manual:
        raise InvalidInput("only a manual indicator takes values by hand",
                           errors={"code": ["not manual: its values are computed"]})
    _refuse(value_problems(plan, value), "value")
    kept = [v for v in indicator.values if v.on != value.on]
    _too_many(len(kept) + 1, MAX_VALUES, "values")
    values = tuple(sorted([*kept, value], key=lambda v: v.on))
    return _with_indicator(plan, replace(indicator, values=values))


def remove_value(plan: Plan, indicator_id: str, on: date) -> Plan:
    """``plan`` without a manual indicator's value of a day (NotFound if it has none)."""
    indicator = _indicator(plan, indicator_id)
    if all(v.on != on for v in indicator.values):
        raise not_found("value", on.isoformat())
    return _with_indicator(plan, replace(indicator, values=tuple(
        v for v in indicator.values if v.on != on)))


def _indicator(plan: Plan, indicator_id: str) -> Indicator:
    indicator = plan.indicator(indicator_id)
    if indicator is None:
        raise not_found("indicator", indicator_id)
    return indicator


def _with_indicator(plan: Plan, indicator: Indicator) -> Plan:
    return replace(plan, indicators=tuple(indicator if i.id == indicator.id else i
                                          for i in plan.indicators))


def adoption_problems(plan: Plan) -> Problems:
    """What keeps a draft from being adopted: it needs at least one action (and so a goal)
    and one indicator, for a council adopts what will be done and how it will be judged."""
    problems: Problems = {}
    if not plan.actions:
        problems["actions"] = ["at least one action"]
    if not plan.indicators:
        problems["indicators"] = ["at least one indicator"]
    return problems


__all__ = ["MANUAL", "add_action", "add_goal", "add_indicator", "adoption_problems",
           "checked_plan", "edit_action", "edit_goal", "edit_indicator", "parameters_of",
           "plan_problems", "record_value", "remove_action", "remove_goal", "remove_indicator",
           "remove_value", "responsible_missing"]


def responsible_missing(missing: set[str] | list[str]) -> Conflict:
    """The Conflict of a plan whose actions name ``missing`` stakeholders (listed sorted): a
    store's last check, in the write's transaction."""
    return Conflict("an action names a stakeholder that no longer exists",
                    errors={"responsible_id": [f"no stakeholder {x}" for x in sorted(missing)]})
