"""Authorisation in one place: which roles may act on which objects.

A rule names, for a (resource, action), the relations between a user and an object under which
each role may act. The relation of a user to an object is one of:

* ``own`` — the user is a member of the stakeholder (for users and tokens: it is the user's own);
* ``in_scope`` — a coordinator's territory contains the object's region;
* ``discoverable`` — elsewhere, but the stakeholder consents to being seen;
* ``hidden`` — elsewhere, and it does not.

Admins may do everything; ``None`` as the actor means the system itself (the CLI, scripts),
which may do everything too. The service checks the coarse rule before a view runs (a role with
no relation allowed gets 403); the use cases check the object-level rule.

Examples
--------
>>> from graph_models.domain.accounts import Role, User
>>> coordinator = User(id="u", username="c", role=Role.COORDINATOR, regions=("EL30",))
>>> allows(coordinator, Resource.STAKEHOLDER, Action.UPDATE, Relation.IN_SCOPE)
True
>>> allows(coordinator, Resource.STAKEHOLDER, Action.UPDATE, Relation.DISCOVERABLE)
False
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Forbidden, NotFound, not_found
from graph_models.domain.stakeholders import Stakeholder


class Resource(StrEnum):
    STAKEHOLDER = "stakeholder"
    TIE = "tie"
    GRAPH = "graph"
    USER = "user"
    TOKEN = "token"
    INVITATION = "invitation"
    AUDIT = "audit"
    REPORT = "report"
    INTRODUCTION = "introduction"
    PROGRAMME = "programme"
    MENTORSHIP = "mentorship"
    # consulting: needs assessments and co-creation workshops
    ASSESSMENT = "assessment"
    WORKSHOP = "workshop"
    PLAN = "plan"
    ACTIVITY = "activity"
    REGISTRATION = "registration"
    BUDGET = "budget"
    BUDGET_PROJECT = "budget_project"
    BALLOT = "ballot"
    # matchfunding (issue 17, part 3)
    CAMPAIGN = "campaign"
    POOL = "pool"
    PLEDGE = "pledge"
    # learned matches: fitted match models (admins only)
    MATCH_MODEL = "match_model"


class Action(StrEnum):
    LIST = "list"
    READ = "read"
    READ_PRIVATE = "read_private"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    IMPORT = "import"
    MATCH = "match"


class Relation(StrEnum):
    OWN = "own"
    IN_SCOPE = "in_scope"
    DISCOVERABLE = "discoverable"
    HIDDEN = "hidden"


ANY = frozenset(Relation)
NONE: frozenset[Relation] = frozenset()
OWN = frozenset({Relation.OWN})
OWN_OR_SCOPE = frozenset({Relation.OWN, Relation.IN_SCOPE})
SCOPE = frozenset({Relation.IN_SCOPE})
# The roles to whom a stakeholder of their territories is in scope (see relation).
TERRITORIAL_ROLES = (Role.COORDINATOR, Role.ADMIN)


def _rule(coordinator=NONE, member=NONE, viewer=NONE) -> dict[Role, frozenset[Relation]]:
    return {Role.ADMIN: ANY, Role.COORDINATOR: coordinator, Role.MEMBER: member,
            Role.VIEWER: viewer}


# The policy table. Ties are judged by their ends: reading a tie needs READ on both ends,
# writing one needs UPDATE on at least one end (see tie_relation).
RULES: dict[tuple[Resource, Action], dict[Role, frozenset[Relation]]] = {
    (Resource.STAKEHOLDER, Action.LIST): _rule(coordinator=ANY, member=ANY),
    (Resource.STAKEHOLDER, Action.READ): _rule(
        coordinator=OWN_OR_SCOPE | {Relation.DISCOVERABLE}, member=OWN | {Relation.DISCOVERABLE}),
    (Resource.STAKEHOLDER, Action.READ_PRIVATE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.STAKEHOLDER, Action.CREATE): _rule(coordinator=SCOPE),
    (Resource.STAKEHOLDER, Action.UPDATE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.STAKEHOLDER, Action.DELETE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.STAKEHOLDER, Action.EXPORT): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.STAKEHOLDER, Action.MATCH): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.TIE, Action.READ): _rule(
        coordinator=OWN_OR_SCOPE | {Relation.DISCOVERABLE}, member=OWN | {Relation.DISCOVERABLE}),
    (Resource.TIE, Action.CREATE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.TIE, Action.UPDATE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.TIE, Action.DELETE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.GRAPH, Action.IMPORT): _rule(coordinator=SCOPE),
    (Resource.GRAPH, Action.EXPORT): _rule(),
    (Resource.GRAPH, Action.MATCH): _rule(coordinator=SCOPE),
    (Resource.USER, Action.LIST): _rule(),
    (Resource.USER, Action.READ): _rule(coordinator=OWN, member=OWN, viewer=OWN),
    (Resource.USER, Action.CREATE): _rule(),
    (Resource.USER, Action.UPDATE): _rule(),
    (Resource.USER, Action.DELETE): _rule(),
    (Resource.TOKEN, Action.LIST): _rule(coordinator=OWN, member=OWN, viewer=OWN),
    (Resource.TOKEN, Action.CREATE): _rule(coordinator=OWN, member=OWN, viewer=OWN),
    (Resource.TOKEN, Action.DELETE): _rule(coordinator=OWN, member=OWN, viewer=OWN),
    # A coordinator invites the members of its territories' stakeholders (and only members):
    # they are the brokers and targets it works with (graph_models.use_cases.invitations).
    (Resource.INVITATION, Action.CREATE): _rule(coordinator=SCOPE),
    (Resource.INVITATION, Action.LIST): _rule(coordinator=SCOPE),
    (Resource.INVITATION, Action.DELETE): _rule(coordinator=SCOPE),
    (Resource.AUDIT, Action.LIST): _rule(coordinator=SCOPE),
    # Ecosystem reports of one's territories; their Gephi files are individual records.
    (Resource.REPORT, Action.READ): _rule(coordinator=SCOPE, viewer=SCOPE),
    (Resource.REPORT, Action.EXPORT): _rule(coordinator=SCOPE),
    # An introduction is asked for one's own stakeholder; who may read or move a request is
    # how one stands to it (graph_models.domain.introductions), checked by its use cases.
    (Resource.INTRODUCTION, Action.CREATE): _rule(coordinator=OWN, member=OWN),
    (Resource.INTRODUCTION, Action.LIST): _rule(coordinator=ANY, member=ANY),
    (Resource.INTRODUCTION, Action.READ): _rule(coordinator=ANY, member=ANY),
    (Resource.INTRODUCTION, Action.UPDATE): _rule(coordinator=ANY, member=ANY),
    # Mentorship programmes are run by the coordinators of their region; circles are formed of
    # entrepreneurs one may read. Who may read or move a mentorship is how one stands to it
    # (graph_models.domain.mentorships), checked by its use cases.
    (Resource.PROGRAMME, Action.CREATE): _rule(coordinator=SCOPE),
    (Resource.PROGRAMME, Action.LIST): _rule(coordinator=ANY),
    (Resource.PROGRAMME, Action.READ): _rule(coordinator=SCOPE),
    (Resource.PROGRAMME, Action.UPDATE): _rule(coordinator=SCOPE),
    (Resource.PROGRAMME, Action.MATCH): _rule(coordinator=ANY),
    (Resource.MENTORSHIP, Action.LIST): _rule(coordinator=ANY, member=ANY),
    (Resource.MENTORSHIP, Action.READ): _rule(coordinator=ANY, member=ANY),
    (Resource.MENTORSHIP, Action.UPDATE): _rule(coordinator=ANY, member=ANY),
    # Consulting: assessments and workshops are their region's coordinators' (and admins');
    # a respondent reaches only its own questionnaire, through its personal link
    # (graph_models.use_cases.assessments).
    (Resource.ASSESSMENT, Action.CREATE): _rule(coordinator=SCOPE),
    (Resource.ASSESSMENT, Action.LIST): _rule(coordinator=ANY),
    (Resource.ASSESSMENT, Action.READ): _rule(coordinator=SCOPE),
    (Resource.ASSESSMENT, Action.UPDATE): _rule(coordinator=SCOPE),
    (Resource.WORKSHOP, Action.CREATE): _rule(coordinator=SCOPE),
    (Resource.WORKSHOP, Action.LIST): _rule(coordinator=ANY),
    (Resource.WORKSHOP, Action.READ): _rule(coordinator=SCOPE),
    (Resource.WORKSHOP, Action.UPDATE): _rule(coordinator=SCOPE),
    (Resource.WORKSHOP, Action.DELETE): _rule(coordinator=SCOPE),
    # Local Action Plans: a plan is in scope to the coordinators of its territory, who make
    # and change it; once adopted it is a public document ("discoverable"), read by everyone
    # signed in; a draft is hidden from all but its coordinators (graph_models.use_cases.plans).
    (Resource.PLAN, Action.LIST): _rule(coordinator=ANY, member=ANY, viewer=ANY),
    (Resource.PLAN, Action.READ): _rule(coordinator=SCOPE | {Relation.DISCOVERABLE},
                                        member=frozenset({Relation.DISCOVERABLE}),
                                        viewer=frozenset({Relation.DISCOVERABLE})),
    (Resource.PLAN, Action.CREATE): _rule(coordinator=SCOPE),
    (Resource.PLAN, Action.UPDATE): _rule(coordinator=SCOPE),
    # Indicators (graph_models.use_cases.indicators): a territory's series is READ as its
    # reports are; the catalogue is LISTed by those who may read some.
    (Resource.REPORT, Action.LIST): _rule(coordinator=SCOPE, viewer=SCOPE),
    # Activities are run by the coordinators of their region and open to every member; a
    # registration (wishes, availability, agenda, answers) is its stakeholder's members' own,
    # and in scope for the activity's coordinators (graph_models.use_cases.activities).
    (Resource.ACTIVITY, Action.CREATE): _rule(coordinator=SCOPE),
    (Resource.ACTIVITY, Action.LIST): _rule(coordinator=ANY, member=ANY),
    (Resource.ACTIVITY, Action.READ): _rule(coordinator=ANY, member=ANY),
    (Resource.ACTIVITY, Action.UPDATE): _rule(coordinator=SCOPE),
    (Resource.REGISTRATION, Action.CREATE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.REGISTRATION, Action.READ): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.REGISTRATION, Action.UPDATE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.REGISTRATION, Action.DELETE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    # Participatory budgets (graph_models.use_cases.budgets) are public to whoever is signed
    # in; the coordinators of their territory run them (phases, review, execution, .pb files).
    # Members propose projects for their own stakeholder and report their execution; who may
    # vote is decided by territory, in the use case; a ballot is read by its voter only.
    (Resource.BUDGET, Action.LIST): _rule(coordinator=ANY, member=ANY, viewer=ANY),
    (Resource.BUDGET, Action.READ): _rule(coordinator=ANY, member=ANY, viewer=ANY),
    (Resource.BUDGET, Action.CREATE): _rule(coordinator=SCOPE),
    (Resource.BUDGET, Action.UPDATE): _rule(coordinator=SCOPE),
    (Resource.BUDGET, Action.IMPORT): _rule(coordinator=SCOPE),
    (Resource.BUDGET, Action.EXPORT): _rule(coordinator=SCOPE),
    (Resource.BUDGET_PROJECT, Action.CREATE): _rule(coordinator=OWN, member=OWN),
    (Resource.BUDGET_PROJECT, Action.UPDATE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.BALLOT, Action.CREATE): _rule(coordinator=OWN, member=OWN),
    (Resource.BALLOT, Action.READ): _rule(coordinator=OWN, member=OWN),
    # Matchfunding (graph_models.use_cases.campaigns): a stakeholder's members run its
    # campaign, the coordinators of its region oversee it (and read its pledges); a pool is
    # defined by its investor's members; one pledges for one's own stakeholder and reads
    # one's own pledges. Campaigns, pools and their totals are public (the public pledges).
    (Resource.CAMPAIGN, Action.LIST): _rule(coordinator=ANY, member=ANY, viewer=ANY),
    (Resource.CAMPAIGN, Action.CREATE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.CAMPAIGN, Action.UPDATE): _rule(coordinator=OWN_OR_SCOPE, member=OWN),
    (Resource.CAMPAIGN, Action.READ_PRIVATE): _rule(coordinator=SCOPE),
    (Resource.POOL, Action.LIST): _rule(coordinator=ANY, member=ANY, viewer=ANY),
    (Resource.POOL, Action.CREATE): _rule(coordinator=OWN, member=OWN),
    (Resource.PLEDGE, Action.CREATE): _rule(coordinator=OWN, member=OWN),
    (Resource.PLEDGE, Action.LIST): _rule(coordinator=OWN, member=OWN),
    (Resource.PLEDGE, Action.UPDATE): _rule(coordinator=OWN, member=OWN),
    # Learned matches: fitting, listing and switching the models that rank everyone's matches
    # are the admins' (graph_models.use_cases.match_models).
    (Resource.MATCH_MODEL, Action.LIST): _rule(),
    (Resource.MATCH_MODEL, Action.CREATE): _rule(),
    (Resource.MATCH_MODEL, Action.UPDATE): _rule(),
}


def allows(actor: User | None, resource: Resource, action: Action, relation: Relation) -> bool:
    """Whether ``actor`` may do ``action`` on an object it stands in ``relation`` to."""
    if actor is None:
        return True
    return relation in RULES[(resource, action)][actor.role]


def allows_some(actor: User | None, resource: Resource, action: Action) -> bool:
    """Whether ``actor`` may do ``action`` on at least some objects (the coarse check)."""
    return actor is None or bool(RULES[(resource, action)][actor.role])


@dataclass(frozen=True)
class Reach:
    """The stakeholders an actor may do an action on, as a store query names them: every one
    (``everywhere``), or those it is a member of (``ids``), those of its territories
    (``regions``) and, with ``discoverable``, those who consent to be seen."""

    everywhere: bool = False
    ids: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    discoverable: bool = False


def reach(actor: User | None, resource: Resource, action: Action) -> Reach:
    """Which stakeholders ``actor`` may do ``action`` on: the rule of :func:`may`, for a query.

    >>> from graph_models.domain.accounts import Role, User
    >>> member = User(id="u", username="m", role=Role.MEMBER, memberships=("s1",))
    >>> reach(member, Resource.STAKEHOLDER, Action.READ_PRIVATE)
    Reach(everywhere=False, ids=('s1',), regions=(), discoverable=False)
    """
    if actor is None:
        return Reach(everywhere=True)
    allowed = RULES[(resource, action)][actor.role]
    if {Relation.DISCOVERABLE, Relation.HIDDEN} <= allowed:
        return Reach(everywhere=True)
    in_scope = Relation.IN_SCOPE in allowed and actor.role in TERRITORIAL_ROLES
    return Reach(ids=actor.memberships if Relation.OWN in allowed else (),
                 regions=actor.regions if in_scope else (),
                 discoverable=Relation.DISCOVERABLE in allowed)


def relation(actor: User, stakeholder_id: str, region: str, discoverable: bool) -> Relation:
    """How ``actor`` stands to a stakeholder of this id, region and consent."""
    if actor.is_member_of(stakeholder_id):
        return Relation.OWN
    if actor.role in TERRITORIAL_ROLES and actor.covers(region):
        return Relation.IN_SCOPE
    return Relation.DISCOVERABLE if discoverable else Relation.HIDDEN


def relation_to_stakeholder(actor: User, stakeholder: Stakeholder) -> Relation:
    return relation(actor, stakeholder.id, stakeholder.region, stakeholder.discoverable)


def may(actor: User | None, resource: Resource, action: Action,
        stakeholder: Stakeholder) -> bool:
    """Whether ``actor`` may do ``action`` on (a ``resource`` of) ``stakeholder``."""
    if actor is None:
        return True
    return allows(actor, resource, action, relation_to_stakeholder(actor, stakeholder))


def require(actor: User | None, resource: Resource, action: Action,
            stakeholder: Stakeholder) -> None:
    """Raise unless ``actor`` may act; an object it may not even read is NotFound (its
    existence is not revealed), one it may read but not change is Forbidden."""
    if may(actor, resource, action, stakeholder):
        return
    if action != Action.READ and may(actor, Resource.STAKEHOLDER, Action.READ, stakeholder):
        raise Forbidden(f"you may not {action.value} this {resource.value}")
    raise not_found("stakeholder", stakeholder.id)


def require_some(actor: User | None, resource: Resource, action: Action) -> None:
    """Raise Forbidden unless ``actor``'s role may do ``action`` on some objects."""
    if not allows_some(actor, resource, action):
        raise Forbidden(f"your role may not {action.value} a {resource.value}")


def require_own_or_admin(actor: User | None, resource: Resource, action: Action,
                         owner_id: str) -> None:
    """For users and tokens: their own, or an admin's (or the system's)."""
    relation = Relation.OWN if actor is not None and actor.id == owner_id else Relation.HIDDEN
    if not allows(actor, resource, action, relation):
        raise NotFound(f"no {resource.value} with this id")


def coordinates(actor: User | None, region: str) -> bool:
    """Whether ``actor`` coordinates what lies in ``region``: an admin, a coordinator whose
    territories hold it, or the system itself."""
    return actor is None or actor.role == Role.ADMIN or (
        actor.role == Role.COORDINATOR and actor.covers(region))


def sees_everything(actor: User | None) -> bool:
    """Whether ``actor`` is bound by no territory: an admin, or the system itself."""
    return actor is None or actor.role == Role.ADMIN
