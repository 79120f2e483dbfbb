"""Erasing a stakeholder or a user from the SQLite store: everything that names them goes.

Foreign keys cascade to what references them by column (ties, memberships, requests, blocks,
notifications, mentorships and their sessions, tokens, sign-in sessions); what names them
inside a JSON record (programmes, workshops, plans and their history, participatory budgets,
kept idempotent answers) is rewritten here, and so are the pledges made by a user or from its
e-mail address (:mod:`graph_models.stores.sqlite.pledger_addresses`), in the same transaction.
``secure_delete`` overwrites the deleted content, and a checkpoint then truncates the
write-ahead log, so that an erased person leaves no trace in the files.
"""

from __future__ import annotations

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.campaigns import email_pledger
from graph_models.domain.errors import not_found
from graph_models.stores.sqlite.accounts import users_in
from graph_models.stores.sqlite.budgets import erase_person_in_budgets
from graph_models.stores.sqlite.connection import SqliteConnection
from graph_models.stores.sqlite.consulting import forget_in_workshops
from graph_models.stores.sqlite.idempotency import erase_answers_naming
from graph_models.stores.sqlite.mentorship import forget_in_programmes
from graph_models.stores.sqlite.plans import forget_in_plans
from graph_models.stores.sqlite.pledger_addresses import forget_pledger_in_campaigns


class SqliteErasure(SqliteConnection):
    """``delete_stakeholder`` (see
    :class:`~graph_models.stores.contracts.stakeholders.StakeholderStore`) and ``delete_user``
    (see :class:`~graph_models.stores.contracts.accounts.AccountStore`)."""

    def delete_stakeholder(self, stakeholder_id: str,
                           *, audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, audit=audit) as db:
            if db.execute("DELETE FROM stakeholders WHERE id = ?", (stakeholder_id,)).rowcount == 0:
                raise not_found("stakeholder", stakeholder_id)
            forget_in_programmes(db, stakeholder_id)
            forget_in_workshops(db, stakeholder_id)
            forget_in_plans(db, stakeholder_id)
            erase_answers_naming(db, stakeholder_id)
        # The old pages stay in the write-ahead log until a checkpoint copies and truncates it.
        self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def delete_user(self, user_id: str, *, audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            found = users_in(db, "id = ?", (user_id,))
            if db.execute("DELETE FROM users WHERE id = ?", (user_id,)).rowcount == 0:
                raise not_found("user", user_id)
            if found[0].email:
                forget_pledger_in_campaigns(db, email_pledger(found[0].email))
            db.execute("UPDATE pledges SET user_id = NULL WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM idempotency_claims WHERE user_id = ?", (user_id,))
            erase_person_in_budgets(db, user_id)
            erase_answers_naming(db, user_id)
        self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
