"""Who is told what when a request moves: the notifications a step puts in the outbox.

A notice names the stakeholders and the request, never contact details or the message: those
are read in the service, by whoever may see them. The one who acted is not told of their own
step. Each user is told once, however many ways they stand to the request.
"""

from __future__ import annotations

from datetime import datetime

from graph_models.accounts import Role, User
from graph_models.domain import new_id
from graph_models.introductions.model import Introduction, Notification, State


def notices_for(introduction: Introduction, before: State | None, users: list[User],
                names: dict[str, str], *, at: datetime,
                actor_id: str | None = None) -> list[Notification]:
    """The notifications for ``introduction`` having just moved from ``before`` (None: just
    requested) to its state.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> at = datetime(2026, 11, 1, tzinfo=UTC)
    >>> from graph_models.introductions.model import Purpose
    >>> request = Introduction(id="i1", requester_id="a", target_id="c",
    ...                        purpose=Purpose.FINANCING,
    ...                        message="", region="EL30", requested_by="u1", created_at=at,
    ...                        state_changed_at=at, broker_id="b")
    >>> users = [User(id="u1", username="ann", role="member", memberships=("a",)),
    ...          User(id="u2", username="bob", role="member", memberships=("b",))]
    >>> names = {"a": "Ήλιος", "b": "Κέντρο", "c": "Ταμείο"}
    >>> [(n.recipient_id, n.subject) for n in notices_for(request, None, users, names, at=at)]
    [('u2', 'Introduction request: Ήλιος would like to meet Ταμείο')]
    """
    i = introduction
    requester, target = names.get(i.requester_id, "?"), names.get(i.target_id, "?")
    intermediary = names.get(i.broker_id, "?") if i.broker_id else "a coordinator"

    def members(stakeholder_id: str | None) -> list[User]:
        return [u for u in users if stakeholder_id and u.is_member_of(stakeholder_id)]

    # Where no coordinator covers the target's region, the admins mediate: someone must.
    mediators = ([u for u in users if u.role == Role.COORDINATOR and u.covers(i.region)]
                 or [u for u in users if u.role == Role.ADMIN])
    intermediaries = members(i.broker_id) if i.broker_id else mediators
    pair = f"{requester} would like to meet {target}"
    plan: list[tuple[list[User], str, str]] = []
    if before is None:
        plan.append((intermediaries, f"Introduction request: {pair}",
                     f"{requester} asks you to introduce them to {target} "
                     f"({i.purpose.value}). Forward the request or decline it."))
    elif i.state == State.FORWARDED:
        plan.append((members(i.target_id), f"Introduction: {pair}",
                     f"{intermediary} forwards a request from {requester} to meet you "
                     f"({i.purpose.value}). Accept it or decline it."))
        plan.append((members(i.requester_id), f"Forwarded to {target}",
                     f"{intermediary} forwarded your request to {target}."))
    elif i.state == State.ACCEPTED:
        plan.append((members(i.requester_id), f"{target} accepted your request",
                     f"{target} accepted the introduction. Confirm it to exchange contacts."))
        plan.append((intermediaries, f"{target} accepted", f"{target} accepted {pair}."))
    elif i.state == State.COMPLETED:
        plan.append((members(i.target_id) + intermediaries, f"Introduction completed: {pair}",
                     f"{requester} and {target} can now see each other's contacts."))
    elif i.state == State.DECLINED:
        plan.append((members(i.requester_id), f"Your request to meet {target} was declined",
                     f"The request was declined ({i.decline_reason.value})."))
        if before == State.FORWARDED:
            plan.append((intermediaries, f"{target} declined", f"{target} declined {pair}."))
    elif i.state == State.WITHDRAWN:
        waiting = intermediaries if before == State.REQUESTED else members(i.target_id)
        plan.append((waiting, f"Request withdrawn: {pair}",
                     f"{requester} withdrew the request."))
    elif i.state == State.EXPIRED:
        plan.append((members(i.requester_id), f"Your request to meet {target} expired",
                     "Nobody answered in time. You may ask again."))
    notices, told = [], {actor_id}
    for recipients, subject, body in plan:
        for user in sorted(recipients, key=lambda u: u.id):
            if user.id not in told and not user.disabled:
                told.add(user.id)
                notices.append(Notification(new_id(), user.id, subject, body, at,
                                            introduction_id=i.id))
    return notices
