"""Erasing a stakeholder or a user from the Neo4j store: everything that names them goes.

``DETACH DELETE`` takes a stakeholder's ties and memberships with it; everything else names
stakeholders and users by id, through no relationship, so what SQLite's foreign keys cascade
to is deleted here explicitly, each part locking what it deletes first, and the kept
idempotent answers that name them are dropped last: all in the erasure's transaction.
"""

from __future__ import annotations

import neo4j

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.campaigns import email_pledger
from graph_models.domain.errors import not_found
from graph_models.stores.neo4j.activities import erase_activities_of
from graph_models.stores.neo4j.budgets import erase_person_in_budgets
from graph_models.stores.neo4j.connection import Neo4jConnection, record_changes
from graph_models.stores.neo4j.consulting import erase_answers_of
from graph_models.stores.neo4j.idempotency import erase_answers_naming, erase_keys_of
from graph_models.stores.neo4j.introductions import erase_introductions_of
from graph_models.stores.neo4j.mentorship import erase_mentorships_of
from graph_models.stores.neo4j.notifications import erase_notifications_to
from graph_models.stores.neo4j.plans import forget_in_plans
from graph_models.stores.neo4j.pledger_addresses import forget_pledger_in_campaigns
from graph_models.stores.neo4j.signin import end_sessions_of
from graph_models.stores.neo4j.ties import TIE_PATTERN

# The ties go with the stakeholder; the change feed records them, so they are read first.
DELETE_STAKEHOLDER = ("MATCH (s:Stakeholder {id: $id}) OPTIONAL MATCH (s)-[r" + TIE_PATTERN
                      + "]-() WITH s, collect(DISTINCT r) AS ties "
                      "WITH s, [r IN ties | r.id] AS ties, [r IN ties | type(r)] AS types "
                      "DETACH DELETE s RETURN ties, types")


class Neo4jErasure(Neo4jConnection):
    """``delete_stakeholder`` (see
    :class:`~graph_models.stores.contracts.stakeholders.StakeholderStore`) and ``delete_user``
    (see :class:`~graph_models.stores.contracts.accounts.AccountStore`)."""

    def delete_stakeholder(self, stakeholder_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete it, all its ties, every membership in it, every introduction request and
        block it is part of, its questionnaires' links and answers, take it out of the
        workshops it took part in, and drop the kept answers that name it; NotFound if
        absent."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            erase_introductions_of(tx, stakeholder_id)
            erase_mentorships_of(tx, stakeholder_id)
            erase_answers_of(tx, stakeholder_id)
            forget_in_plans(tx, stakeholder_id)
            erase_activities_of(tx, stakeholder_id)
            deleted = tx.run(DELETE_STAKEHOLDER, id=stakeholder_id).single()
            if deleted is None:
                raise not_found("stakeholder", stakeholder_id)
            record_changes(tx, stakeholders=[stakeholder_id],
                           ties=zip(deleted["types"], deleted["ties"], strict=True))
            erase_answers_naming(tx, stakeholder_id)

        self._write(delete, audit=audit)

    def delete_user(self, user_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete the user, its memberships, tokens, invitations, sign-in sessions,
        notifications, idempotency keys and ballots (and its share of results), take it out of
        the budget processes and projects that name it and the pledges it made, clear its
        e-mail address from public pledges, and drop the kept answers that name it; NotFound
        if absent."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            email = tx.run("MATCH (u:User {id: $id}) RETURN u.email AS email",
                           id=user_id).single()
            if email is not None and email["email"]:
                forget_pledger_in_campaigns(tx, email_pledger(email["email"]))
            tx.run("MATCH (p:Pledge {user_id: $id}) SET p.user_id = null", id=user_id).consume()
            erase_notifications_to(tx, user_id)
            end_sessions_of(tx, user_id)
            tx.run("MATCH (i:Invitation {user_id: $id}) DELETE i", id=user_id).consume()
            deleted = tx.run("MATCH (u:User {id: $id}) OPTIONAL MATCH (t:ApiToken {user_id: $id}) "
                             "DETACH DELETE t, u RETURN count(DISTINCT u) AS deleted",
                             id=user_id).single(strict=True)["deleted"]
            if deleted == 0:
                raise not_found("user", user_id)
            erase_keys_of(tx, user_id)
            erase_person_in_budgets(tx, user_id)
            erase_answers_naming(tx, user_id)

        self._write(delete, graph=False, audit=audit)
