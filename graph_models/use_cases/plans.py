"""The plan use cases: open a Local Action Plan, set its goals, actions and indicators, adopt
it, track it, close it, and read its history.

Who may do what (rules in :mod:`graph_models.domain.policy`, ``Resource.PLAN``):

* a plan belongs to the coordinators whose territories hold its territory, and to admins:
  they open it (in their territories only), edit it, adopt and close it, and read its drafts
  and history;
* once adopted, a plan is a public document, as a council's adopted plan is: every signed-in
  user (members, viewers, coordinators of other territories) may read it, its history and its
  report, and no one but its coordinators may change it (Forbidden);
* a draft is its coordinators' working paper: to anyone else it does not exist (NotFound).

What changes when (:data:`~graph_models.domain.plans.EDITABLE_AFTER_ADOPTION`): a draft's every
field and item; an adopted plan's actions' status and progress, its manual indicators' values
and its owners; a closed plan nothing. Every write is one revision, kept with who made it,
when, and what it changed (:mod:`graph_models.domain.plan_history`), in the write's transaction,
with its audit entry. A write names the revision it was computed from: one made over a plan
someone changed since is a Conflict, not a surprise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from graph_models.domain import plan_edits, policy, vocabularies
from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    moved_meanwhile,
    not_found,
)
from graph_models.domain.plan_history import PlanRevision, plan_changes
from graph_models.domain.plans import (
    ActionStatus,
    Goal,
    Indicator,
    IndicatorValue,
    Plan,
    PlanAction,
    PlanQuery,
    PlanState,
)
from graph_models.domain.policy import Action, Relation, Resource, coordinates, sees_everything
from graph_models.domain.queries import Page
from graph_models.domain.stakeholders import new_id, now
from graph_models.indicators import checked_parameters
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import audit

# The fields of an action an adopted plan still lets change.
PROGRESS_FIELDS = frozenset({"status", "progress"})
PLAN_FIELDS = frozenset({"title", "vision", "territory", "starts_on", "ends_on", "owners"})
GOAL_FIELDS = frozenset({"pillar", "title"})
ACTION_FIELDS = frozenset({"goal_id", "what", "responsible_id", "budget", "starts_on",
                           "ends_on", "status", "progress"})
INDICATOR_FIELDS = frozenset({"code", "pillar", "parameters", "baseline", "target",
                              "deadline", "name", "unit"})


@dataclass(frozen=True)
class RevisionView:
    """A revision with the name of whoever made it (None: the system or a removed user)."""

    revision: PlanRevision
    actor_name: str | None


def plan_relation(actor: User, plan: Plan) -> Relation:
    """How ``actor`` stands to a plan: in scope when it coordinates the plan's territory,
    discoverable when the plan is adopted or closed (a public document), hidden otherwise."""
    if actor.role in (Role.ADMIN, Role.COORDINATOR) and coordinates(actor, plan.territory):
        return Relation.IN_SCOPE
    return Relation.DISCOVERABLE if plan.published else Relation.HIDDEN


def may_edit(actor: User | None, plan: Plan) -> bool:
    """Whether ``actor`` may change ``plan`` (whatever its state lets change)."""
    return actor is None or policy.allows(actor, Resource.PLAN, Action.UPDATE,
                                          plan_relation(actor, plan))


def _unknown(field: str, values: Mapping[str, object], allowed: frozenset[str]) -> None:
    extra = sorted(set(values) - allowed)
    if extra:
        raise InvalidInput(f"no such field: {extra[0]}", errors={name: ["unknown field"]
                                                                 for name in extra})


class Plans:
    """The plan use cases over one store.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/plans.db")
    >>> store.ensure_schema()
    >>> desk = Plans(store)
    >>> plan = desk.create_plan("ΣΑΣΟ Αθήνας", "EL303", date(2027, 1, 1), date(2029, 12, 31))
    >>> plan = desk.add_goal(plan.id, plan.revision, pillar="training", title="Σχολή ΚοινΣΕπ")
    >>> plan.revision, [c.field for c in desk.history(plan.id)[-1].revision.changes]
    (1, ['goal'])
    """

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock

    # -- reading -----------------------------------------------------------------------------

    def get_plan(self, plan_id: str, *, actor: User | None = None) -> Plan:
        """A plan; NotFound when ``actor`` may not read it (a draft of another territory)."""
        policy.require_some(actor, Resource.PLAN, Action.READ)
        plan = self.store.get_plan(plan_id)
        if actor is not None and not policy.allows(actor, Resource.PLAN, Action.READ,
                                                   plan_relation(actor, plan)):
            raise not_found("plan", plan_id)
        return plan

    def plans(self, *, territory: str | None = None, state: str | None = None,
              page: int = 1, page_size: int = 20, actor: User | None = None) -> Page[Plan]:
        """The plans ``actor`` may read, newest first: those lying in ``territory`` (a NUTS
        code) and in ``state``, when given."""
        policy.require_some(actor, Resource.PLAN, Action.LIST)
        errors: dict[str, list[str]] = {}
        if territory is not None and not vocabularies.is_region(territory):
            errors["territory"] = [f"unknown NUTS region code: {territory}"]
        if state is not None and state not in PlanState.__members__.values():
            errors["state"] = [f"must be one of: {', '.join(PlanState)}"]
        if errors:
            raise InvalidInput("invalid plan query", errors=errors)
        drafts_in = None
        if not sees_everything(actor):
            assert actor is not None
            drafts_in = actor.regions if actor.role == Role.COORDINATOR else ()
        return self.store.find_plans(PlanQuery(
            territory=territory, states=None if state is None else (PlanState(state),),
            drafts_in=drafts_in, page=page, page_size=page_size))

    def history(self, plan_id: str, *, actor: User | None = None) -> list[RevisionView]:
        """A plan's revisions, oldest first, with who made each, to whoever may read it."""
        self.get_plan(plan_id, actor=actor)
        names: dict[str | None, str | None] = {None: None}
        out = []
        for revision in self.store.plan_history(plan_id):
            if revision.actor_id not in names:
                names[revision.actor_id] = self._username(revision.actor_id)
            out.append(RevisionView(revision, names[revision.actor_id]))
        return out

    def owner_names(self, plan: Plan) -> dict[str, str | None]:
        """The username of each of a plan's owners (None: a user since removed)."""
        return self.user_names(plan.owners)

    def user_names(self, user_ids: Iterable[str]) -> dict[str, str | None]:
        """The username of each of these users (None: a user since removed)."""
        return {user_id: self._username(user_id) for user_id in user_ids if user_id}

    def _username(self, user_id: str | None) -> str | None:
        try:
            return None if user_id is None else self.store.get_user(user_id).username
        except NotFound:
            return None

    # -- opening and editing the plan itself --------------------------------------------------

    def create_plan(self, title: str, territory: str, starts_on: date, ends_on: date, *,
                    vision: str = "", owners: Sequence[str] | None = None,
                    actor: User | None = None) -> Plan:
        """Open a draft plan of ``territory`` (for a coordinator, one of its territories) for
        the period ``starts_on``–``ends_on``; its ``owners`` (user ids of coordinators of the
        territory) are its creator by default."""
        policy.require_some(actor, Resource.PLAN, Action.CREATE)
        at = self._clock()
        if owners is None:
            owners = () if actor is None else (actor.id,)
        plan = plan_edits.checked_plan(Plan(
            id=new_id(), title=title.strip(), territory=territory, starts_on=starts_on,
            ends_on=ends_on, created_at=at, updated_at=at,
            created_by=None if actor is None else actor.id, vision=vision.strip(),
            owners=tuple(owners)))
        self._check_territory(actor, plan.territory)
        self._check_owners(plan)
        revision = PlanRevision(plan.id, plan.revision, at, _id(actor), "plan.create",
                                plan_changes(None, plan))
        self.store.create_plan(plan, revision, audit=audit(
            actor, "plan.create", "plan", plan.id, region=plan.territory,
            to_state=plan.state.value))
        return plan

    def update_plan(self, plan_id: str, revision: int, *, actor: User | None = None,
                    **fields: object) -> Plan:
        """Change a plan's ``title``, ``vision``, ``territory``, ``starts_on``, ``ends_on`` or
        ``owners``; an adopted plan only its owners."""
        _unknown("plan", fields, PLAN_FIELDS)
        if "owners" in fields:
            fields["owners"] = tuple(fields["owners"])  # type: ignore[arg-type]

        def edit(plan: Plan) -> Plan:
            changed = plan_edits.checked_plan(replace(plan, **fields))  # type: ignore[arg-type]
            if changed.territory != plan.territory:
                self._check_territory(actor, changed.territory)
            if changed.owners != plan.owners:
                self._check_owners(changed)
            return changed

        return self._edit(plan_id, revision, actor, "plan.update", edit,
                          after_adoption=set(fields) <= {"owners"})

    def adopt(self, plan_id: str, revision: int, *, actor: User | None = None) -> Plan:
        """Adopt a draft: its structure is then what the council adopted. It needs an
        action and an indicator (InvalidInput naming what is missing)."""
        return self._move(plan_id, revision, actor, PlanState.DRAFT, PlanState.ADOPTED)

    def close(self, plan_id: str, revision: int, *, actor: User | None = None) -> Plan:
        """Close an adopted plan: nothing in it changes any more."""
        return self._move(plan_id, revision, actor, PlanState.ADOPTED, PlanState.CLOSED)

    # -- goals, actions, indicators, values ---------------------------------------------------

    def add_goal(self, plan_id: str, revision: int, *, pillar: str, title: str,
                 actor: User | None = None) -> Plan:
        """Add a goal under a pillar."""
        goal = Goal(new_id(), pillar, title.strip())
        return self._edit(plan_id, revision, actor, "plan.goal.add",
                          lambda plan: plan_edits.add_goal(plan, goal))

    def update_goal(self, plan_id: str, goal_id: str, revision: int, *,
                    actor: User | None = None, **fields: object) -> Plan:
        """Change a goal's ``pillar`` or ``title``."""
        _unknown("goal", fields, GOAL_FIELDS)
        return self._edit(plan_id, revision, actor, "plan.goal.update",
                          lambda plan: plan_edits.edit_goal(plan, goal_id, **fields))

    def remove_goal(self, plan_id: str, goal_id: str, revision: int, *,
                    actor: User | None = None) -> Plan:
        """Remove a goal that has no action left."""
        return self._edit(plan_id, revision, actor, "plan.goal.remove",
                          lambda plan: plan_edits.remove_goal(plan, goal_id))

    def add_action(self, plan_id: str, revision: int, *, goal_id: str, what: str,
                   responsible_id: str | None = None, budget: Decimal | None = None,
                   starts_on: date | None = None, ends_on: date | None = None,
                   status: str = ActionStatus.PLANNED.value, progress: int = 0,
                   actor: User | None = None) -> Plan:
        """Add an action serving a goal; its responsible stakeholder must be one ``actor``
        may read."""
        self._check_responsible(actor, responsible_id)
        action = PlanAction(new_id(), goal_id, what.strip(), responsible_id, budget, starts_on,
                            ends_on, _status(status), progress)
        return self._edit(plan_id, revision, actor, "plan.action.add",
                          lambda plan: plan_edits.add_action(plan, action))

    def update_action(self, plan_id: str, action_id: str, revision: int, *,
                      actor: User | None = None, **fields: object) -> Plan:
        """Change fields of an action; an adopted plan's actions only their ``status`` and
        ``progress``."""
        _unknown("action", fields, ACTION_FIELDS)
        if "status" in fields:
            fields["status"] = _status(fields["status"])
        if "responsible_id" in fields:
            self._check_responsible(actor, fields["responsible_id"])  # type: ignore[arg-type]
        return self._edit(plan_id, revision, actor, "plan.action.update",
                          lambda plan: plan_edits.edit_action(plan, action_id, **fields),
                          after_adoption=set(fields) <= PROGRESS_FIELDS)

    def remove_action(self, plan_id: str, action_id: str, revision: int, *,
                      actor: User | None = None) -> Plan:
        """Remove an action."""
        return self._edit(plan_id, revision, actor, "plan.action.remove",
                          lambda plan: plan_edits.remove_action(plan, action_id))

    def add_indicator(self, plan_id: str, revision: int, *, code: str, pillar: str,
                      target: float, deadline: date, baseline: float | None = None,
                      parameters: Mapping[str, str] | None = None, name: str = "",
                      unit: str = "", actor: User | None = None) -> Plan:
        """Attach an indicator: a catalogue ``code`` (computed with ``parameters``) or
        ``manual`` (named, its values recorded by hand)."""
        indicator = Indicator(new_id(), code, pillar, target, deadline, baseline,
                              plan_edits.parameters_of(parameters or {}), name.strip(),
                              unit.strip())
        return self._edit(plan_id, revision, actor, "plan.indicator.add",
                          lambda plan: _catalogued(plan_edits.add_indicator(plan, indicator),
                                                   indicator.id))

    def update_indicator(self, plan_id: str, indicator_id: str, revision: int, *,
                         actor: User | None = None, **fields: object) -> Plan:
        """Change fields of an indicator."""
        _unknown("indicator", fields, INDICATOR_FIELDS)
        if "parameters" in fields:
            fields["parameters"] = plan_edits.parameters_of(
                fields["parameters"] or {})  # type: ignore[arg-type]
        return self._edit(plan_id, revision, actor, "plan.indicator.update",
                          lambda plan: _catalogued(
                              plan_edits.edit_indicator(plan, indicator_id, **fields),
                              indicator_id))

    def remove_indicator(self, plan_id: str, indicator_id: str, revision: int, *,
                         actor: User | None = None) -> Plan:
        """Remove an indicator and its values."""
        return self._edit(plan_id, revision, actor, "plan.indicator.remove",
                          lambda plan: plan_edits.remove_indicator(plan, indicator_id))

    def record_value(self, plan_id: str, indicator_id: str, revision: int, *, on: date,
                     value: float, note: str = "", actor: User | None = None) -> Plan:
        """Record a manual indicator's value as of a day (replacing that day's)."""
        entry = IndicatorValue(on, value, note.strip())
        return self._edit(plan_id, revision, actor, "plan.indicator.value",
                          lambda plan: plan_edits.record_value(plan, indicator_id, entry),
                          after_adoption=True)

    def remove_value(self, plan_id: str, indicator_id: str, revision: int, *, on: date,
                     actor: User | None = None) -> Plan:
        """Remove a manual indicator's value of a day."""
        return self._edit(plan_id, revision, actor, "plan.indicator.value",
                          lambda plan: plan_edits.remove_value(plan, indicator_id, on),
                          after_adoption=True)

    # -- the one way every write goes ---------------------------------------------------------

    def _writable(self, plan_id: str, revision: int, actor: User | None) -> Plan:
        policy.require_some(actor, Resource.PLAN, Action.UPDATE)
        plan = self.get_plan(plan_id, actor=actor)
        if not may_edit(actor, plan):
            raise Forbidden("you may not update this plan")
        if revision != plan.revision:
            raise moved_meanwhile("plan", plan.state.value)
        return plan

    def _edit(self, plan_id: str, revision: int, actor: User | None, action: str,
              edit: Callable[[Plan], Plan], *, after_adoption: bool = False) -> Plan:
        plan = self._writable(plan_id, revision, actor)
        if plan.state == PlanState.CLOSED or (plan.state == PlanState.ADOPTED
                                              and not after_adoption):
            raise Conflict(f"the plan is {plan.state.value}: this part of it no longer changes",
                           errors={"state": [plan.state.value]})
        return self._write(plan, edit(plan), actor, action)

    def _move(self, plan_id: str, revision: int, actor: User | None, source: PlanState,
              target: PlanState) -> Plan:
        plan = self._writable(plan_id, revision, actor)
        if plan.state != source:
            raise Conflict(f"the plan is {plan.state.value}; it cannot be {target.value} now",
                           errors={"state": [plan.state.value]})
        if target == PlanState.ADOPTED:
            problems = plan_edits.adoption_problems(plan)
            if problems:
                raise InvalidInput("the plan is not ready to adopt", errors=problems)
        at = self._clock()
        if target == PlanState.ADOPTED:
            return self._write(plan, replace(plan, state=target, adopted_at=at), actor,
                               "plan.adopt")
        return self._write(plan, replace(plan, state=target, closed_at=at), actor, "plan.close")

    def _write(self, before: Plan, after: Plan, actor: User | None, action: str) -> Plan:
        at = self._clock()
        plan = after.changed(at)
        changes = plan_changes(before, plan)
        revision = PlanRevision(plan.id, plan.revision, at, _id(actor), action, changes)
        fields = tuple(dict.fromkeys(c.field for c in changes))
        self.store.update_plan(plan, revision, audit=audit(
            actor, action, "plan", plan.id, region=before.territory,
            from_state=before.state.value, to_state=plan.state.value, fields=fields))
        return plan

    # -- checks that need the store or the actor ----------------------------------------------

    def _check_territory(self, actor: User | None, territory: str) -> None:
        if not coordinates(actor, territory):
            raise Forbidden("the plan's territory is outside your territories",
                            errors={"territory": ["outside your territories"]})

    def _check_owners(self, plan: Plan) -> None:
        """InvalidInput naming ``owners`` unless each is a user who coordinates the plan's
        territory (a coordinator of it, or an admin)."""
        wrong = []
        for owner in plan.owners:
            try:
                user = self.store.get_user(owner)
            except NotFound:
                wrong.append(owner)
                continue
            if user.role not in (Role.ADMIN, Role.COORDINATOR) or not coordinates(
                    user, plan.territory):
                wrong.append(owner)
        if wrong:
            raise InvalidInput("an owner does not coordinate the plan's territory", errors={
                "owners": [f"{owner}: not a coordinator of the territory" for owner in wrong]})

    def _check_responsible(self, actor: User | None, stakeholder_id: str | None) -> None:
        if stakeholder_id is None:
            return
        try:
            stakeholder = self.store.get_stakeholder(stakeholder_id)
            policy.require(actor, Resource.STAKEHOLDER, Action.READ, stakeholder)
        except NotFound as error:
            raise InvalidInput("the responsible stakeholder is not known", errors={
                "responsible_id": ["no such stakeholder"]}) from error


def _catalogued(plan: Plan, indicator_id: str) -> Plan:
    """``plan``, once its indicator ``indicator_id``, unless manual, is known to the indicator
    catalogue with valid parameters; else InvalidInput naming ``code`` or ``parameters``."""
    found = next(i for i in plan.indicators if i.id == indicator_id)
    if found.manual:
        return plan
    try:
        checked_parameters(found.code, dict(found.parameters))
    except NotFound as error:
        raise InvalidInput("the indicator is not in the catalogue", errors={
            "code": ["not an indicator of the catalogue"]}) from error
    except InvalidInput as error:
        raise InvalidInput("the indicator's parameters are not valid", errors={
            "parameters": error.errors.get("param", [])}) from error
    return plan


def _id(actor: User | None) -> str | None:
    return None if actor is None else actor.id


def _status(value: object) -> ActionStatus:
    try:
        return ActionStatus(str(value))
    except ValueError as error:
        raise InvalidInput("invalid action status", errors={
            "status": [f"must be one of: {', '.join(ActionStatus)}"]}) from error


__all__ = ["Plans", "RevisionView", "may_edit", "plan_relation"]
