"""State tables: who may take which step from which state, shared by the workflows
(introduction requests, mentorships).

A table maps each state to the steps that leave it, each with the state it leads to and the
parties who may take it. Refusals come in two kinds: a party that may never take a step is
Forbidden; one that may, but not from this state, gets a Conflict naming the state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from graph_models.domain.errors import Conflict, Forbidden

# A workflow's states and the steps that move between them.
S = TypeVar("S", bound=StrEnum)
A = TypeVar("A", bound=StrEnum)


@dataclass(frozen=True)
class Rule(Generic[S]):
    to: S
    parties: frozenset


def rule(to: S, *parties: StrEnum) -> Rule[S]:
    return Rule(to, frozenset(parties))


def allowed_rule(table: Mapping[S, Mapping[A, Rule[S]]], state: S, step: A,
                 parties: frozenset, *, what: str, past: str) -> Rule[S]:
    """The rule of ``step`` from ``state`` when one of ``parties`` may take it.

    Examples
    --------
    >>> from enum import StrEnum
    >>> class Door(StrEnum):
    ...     OPEN = "open"
    ...     SHUT = "shut"
    >>> class Act(StrEnum):
    ...     CLOSE = "close"
    >>> table = {Door.OPEN: {Act.CLOSE: rule(Door.SHUT, "porter")}, Door.SHUT: {}}
    >>> allowed_rule(table, Door.OPEN, Act.CLOSE, {"porter"}, what="door", past="closed").to
    <Door.SHUT: 'shut'>
    >>> allowed_rule(table, Door.SHUT, Act.CLOSE, {"porter"}, what="door", past="closed")
    Traceback (most recent call last):
    ...
    graph_models.domain.errors.Conflict: the door is shut; it cannot be closed now
    """
    found = table[state].get(step)
    if found is not None and found.parties & parties:
        return found
    if not any(r.parties & parties for rules in table.values()
               for s, r in rules.items() if s == step):
        raise Forbidden(f"you may not {step.value.replace('_', ' ')} this {what}",
                        errors={"action": [f"not yours to {step.value}"]})
    raise Conflict(f"the {what} is {state.value}; it cannot be {past} now",
                   errors={"state": [state.value]})
