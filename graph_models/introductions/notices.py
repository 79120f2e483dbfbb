"""Who is told what when a request moves: the notifications a step puts in the outbox.

A notice names the stakeholders and the request, never contact details or the message: those
are read in the service, by whoever may see them. The one who acted is not told of their own
step. Each user is told once, however many ways they stand to the request. Whether contacts
were shared is told as it is: to each end as "you" and "they", to the intermediaries by role.
A step's notices tell where the request stands now; the store retires the earlier ones still
pending (see :class:`~graph_models.domain.notifications.NotificationState`).
"""

from __future__ import annotations

from datetime import datetime

from graph_models.domain.accounts import Role, User
from graph_models.domain.introductions import Introduction, State
from graph_models.domain.notifications import Notice, Notification, notify
from graph_models.domain.phrases import Codes, Joined, Phrase, Value
from graph_models.domain.stakeholders import new_id


def notices_for(introduction: Introduction, before: State | None, users: list[User],
                names: dict[str, str], *, at: datetime, actor_id: str | None = None,
                shared: frozenset[str] = frozenset()) -> list[Notification]:
    """The notifications for ``introduction`` having just moved from ``before`` (None: just
    requested) to its state. ``shared``: the ends whose contacts the other end sees once the
    request is completed (their consent for this request, or their profile's).

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> at = datetime(2026, 11, 1, tzinfo=UTC)
    >>> from graph_models.domain.introductions import Purpose
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
    intermediary: Value = (names.get(i.broker_id, "?") if i.broker_id
                           else Phrase("a coordinator"))
    purpose = Codes("purpose", (i.purpose.value,))

    def members(stakeholder_id: str | None) -> list[User]:
        return [u for u in users if stakeholder_id and u.is_member_of(stakeholder_id)]

    # Where no coordinator covers the target's region, the admins mediate: someone must.
    mediators = ([u for u in users if u.role == Role.COORDINATOR and u.covers(i.region)]
                 or [u for u in users if u.role == Role.ADMIN])
    intermediaries = members(i.broker_id) if i.broker_id else mediators
    pair = Phrase("{requester} would like to meet {target}", requester=requester, target=target)
    plan: list[tuple[list[User], Phrase, Phrase | Joined]] = []
    if before is None:
        plan.append((intermediaries, Phrase("Introduction request: {pair}", pair=pair),
                     Phrase("{requester} asks you to introduce them to {target} ({purpose}). "
                            "Forward the request or decline it.", requester=requester,
                            target=target, purpose=purpose)))
    elif i.state == State.FORWARDED:
        plan.append((members(i.target_id), Phrase("Introduction: {pair}", pair=pair),
                     Phrase("{intermediary} forwards a request from {requester} to meet you "
                            "({purpose}). Accept it or decline it; if you accept, say whether "
                            "you share your contacts with them.", intermediary=intermediary,
                            requester=requester, purpose=purpose)))
        plan.append((members(i.requester_id), Phrase("Forwarded to {target}", target=target),
                     Phrase("{intermediary} forwarded your request to {target}.",
                            intermediary=intermediary, target=target)))
    elif i.state == State.ACCEPTED:
        plan.append((members(i.requester_id),
                     Phrase("{target} accepted your request", target=target),
                     _accepted(target, i.target_id in shared, i.requester_id in shared)))
        plan.append((intermediaries, Phrase("{target} accepted", target=target),
                     Phrase("{target} accepted: {pair}.", target=target, pair=pair)))
    elif i.state == State.COMPLETED:
        subject = Phrase("Introduction completed: {pair}", pair=pair)
        plan.append((members(i.target_id), subject,
                     Phrase("{requester} completed the introduction. {exchange}",
                            requester=requester,
                            exchange=_exchange(i.target_id in shared, i.requester_id in shared))))
        plan.append((intermediaries, subject,
                     Phrase("{requester} and {target} were introduced. {shared}",
                            requester=requester, target=target,
                            shared=_by_role(i.requester_id in shared, i.target_id in shared))))
    elif i.state == State.DECLINED:
        # The use case requires a reason to decline; a stored one without still gets a notice.
        declined = (Phrase("The request was declined ({reason}).", reason=Codes(
            "decline_reason", (i.decline_reason.value,))) if i.decline_reason is not None
            else Phrase("The request was declined."))
        plan.append((members(i.requester_id),
                     Phrase("Your request to meet {target} was declined", target=target),
                     declined))
        if before == State.FORWARDED:
            plan.append((intermediaries, Phrase("{target} declined", target=target),
                         Phrase("{target} declined: {pair}.", target=target, pair=pair)))
    elif i.state == State.WITHDRAWN:
        waiting = intermediaries if before == State.REQUESTED else members(i.target_id)
        plan.append((waiting, Phrase("Request withdrawn: {pair}", pair=pair),
                     Phrase("{requester} withdrew the request.", requester=requester)))
    elif i.state == State.EXPIRED:
        plan.append((members(i.requester_id),
                     Phrase("Your request to meet {target} expired", target=target),
                     Phrase("Nobody answered in time. You may ask again.")))
    notices, told = [], {actor_id}
    for recipients, subject, body in plan:
        for user in sorted(recipients, key=lambda u: u.id):
            if user.id not in told and not user.disabled:
                told.add(user.id)
                notices.append(notify(new_id(), user.id, Notice(subject, body), at,
                                      introduction_id=i.id))
    return notices


def _accepted(target: str, target_shares: bool, requester_shares: bool) -> Joined:
    """What the requester is told of an acceptance: whose contacts completing it will show."""
    theirs = (Phrase("{target} accepted the introduction; its contacts will be shared with you "
                     "once you complete it.", target=target) if target_shares else
              Phrase("{target} accepted the introduction but did not agree to share its "
                     "contacts: completing it introduces you by name.", target=target))
    yours = (Phrase("Your contacts will be shared with them (your profile's consent).")
             if requester_shares else
             Phrase("As you complete it, say whether you share your contacts with them."))
    return Joined((theirs, yours), separator=" ")


def _exchange(mine: bool, theirs: bool) -> Phrase:
    """Whose contacts were shared, to one end: "you" and "they"."""
    if mine and theirs:
        return Phrase("You exchanged contacts: each of you sees the other's in the request.")
    if mine:
        return Phrase("Your contacts were shared with them; they did not share theirs.")
    if theirs:
        return Phrase("They shared their contacts with you; yours were not shared. "
                      "See the request.")
    return Phrase("No contacts were shared: you were introduced by name only.")


def _by_role(requester: bool, target: bool) -> Phrase:
    """Whose contacts were shared, to an intermediary: by role, no contact detail."""
    if requester and target:
        return Phrase("Both ends shared their contacts with each other.")
    if requester:
        return Phrase("The requester shared its contacts; the target did not.")
    if target:
        return Phrase("The target shared its contacts; the requester did not.")
    return Phrase("Neither end shared its contacts.")
