"""Who is told what when a mentorship is published or moves: the notifications a step puts in
the outbox (the one introductions use; see :mod:`graph_models.introductions.notices`).

A notice names the programme, never a stakeholder: the names are read in the service by
whoever may see them (the notification leads to them), and a notice outlives nothing it
should not when a stakeholder is erased. The one who acted is not told of their own step;
each user is told once. Check-ins, ratings and sessions tell nobody.
"""

from __future__ import annotations

from datetime import datetime

from graph_models.domain.accounts import Role, User
from graph_models.domain.mentorships import Mentorship, MentorshipState
from graph_models.domain.notifications import Notice, Notification, notify
from graph_models.domain.phrases import Codes, Phrase, Value
from graph_models.domain.stakeholders import new_id


def notices_for(mentorship: Mentorship, before: MentorshipState | None, users: list[User],
                programme_name: str, *, at: datetime,
                actor_id: str | None = None) -> list[Notification]:
    """The notifications for ``mentorship`` having just been published (``before`` None) or
    moved from ``before`` to its state.

    Examples
    --------
    >>> from datetime import UTC
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> m = Mentorship("m1", "p", "ana", "kim", "EL30", at, at)
    >>> users = [User(id="u1", username="a", role="member", memberships=("ana",)),
    ...          User(id="u2", username="k", role="member", memberships=("kim",))]
    >>> [(n.recipient_id, n.subject) for n in notices_for(m, None, users, "Άνοιξη", at=at)]
    [('u1', 'Άνοιξη: a mentor is proposed to you'), ('u2', 'Άνοιξη: you are proposed as a mentor')]
    """
    m = mentorship
    see = Phrase("See it among your mentorships in Syndesmos.")

    def members(stakeholder_id: str) -> list[User]:
        return [u for u in users if u.is_member_of(stakeholder_id)]

    mentee, mentor = members(m.mentee_id), members(m.mentor_id)
    coordinators = [u for u in users if u.role == Role.COORDINATOR and u.covers(m.region)]
    name = programme_name
    plan: list[tuple[list[User], Phrase, Phrase]] = []
    if before is None:
        plan.append((mentee, Phrase("{programme}: a mentor is proposed to you", programme=name),
                     Phrase("The programme proposes you a mentor. Accept or cancel. {see}",
                            see=see)))
        plan.append((mentor, Phrase("{programme}: you are proposed as a mentor", programme=name),
                     Phrase("The programme proposes you a mentee. Accept or cancel. {see}",
                            see=see)))
    elif m.state == MentorshipState.PROPOSED:  # one side accepted
        waiting = mentor if m.mentee_accepted_at else mentee
        plan.append((waiting, Phrase("{programme}: the other side accepted", programme=name),
                     Phrase("Your answer is awaited. {see}", see=see)))
    elif m.state == MentorshipState.ACCEPTED:
        plan.append((mentee + mentor + coordinators,
                     Phrase("{programme}: both sides accepted", programme=name),
                     Phrase("Start the mentorship when you first meet. {see}", see=see)))
    elif m.state == MentorshipState.ACTIVE and before != MentorshipState.ACTIVE:
        plan.append((mentee + mentor, Phrase("{programme}: the mentorship started",
                                             programme=name),
                     Phrase("Log your sessions and check in with a rating. {see}", see=see)))
    elif m.state == MentorshipState.COMPLETED and before != MentorshipState.COMPLETED:
        plan.append((mentee + mentor, Phrase("{programme}: the mentorship is completed",
                                             programme=name),
                     Phrase("Rate how well it fitted, 1 to 5. {see}", see=see)))
        plan.append((coordinators, Phrase("{programme}: a mentorship is completed",
                                          programme=name),
                     Phrase("See the programme in Syndesmos.")))
    elif m.state == MentorshipState.CANCELLED:
        reason: Value = (Codes("cancel_reason", (m.cancel_reason.value,)) if m.cancel_reason
                         else Phrase("no reason given"))
        plan.append((mentee + mentor + coordinators,
                     Phrase("{programme}: a mentorship is cancelled", programme=name),
                     Phrase("It was cancelled ({reason}). {see}", reason=reason, see=see)))
    notices, told = [], {actor_id}
    for recipients, subject, body in plan:
        for user in sorted(recipients, key=lambda u: u.id):
            if user.id not in told and not user.disabled:
                told.add(user.id)
                notices.append(notify(new_id(), user.id, Notice(subject, body), at,
                                      programme_id=m.programme_id))
    return notices


__all__ = ["notices_for"]
