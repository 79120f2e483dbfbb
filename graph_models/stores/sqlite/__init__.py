"""The embedded store: SQLite from the standard library, the zero-set-up default.

:class:`SqliteStore` is made of one part per aggregate, each a module of this package with the
SQL it runs; they share the connections and transactions of
:mod:`~graph_models.stores.sqlite.connection`, and the tables of
:mod:`~graph_models.stores.sqlite.schema`.
"""

from __future__ import annotations

from graph_models.stores.sqlite.accounts import SqliteAccounts
from graph_models.stores.sqlite.activities import SqliteActivities
from graph_models.stores.sqlite.audit import SqliteAudit
from graph_models.stores.sqlite.budgets import SqliteBudgets
from graph_models.stores.sqlite.campaigns import SqliteCampaigns
from graph_models.stores.sqlite.changes import SqliteChanges
from graph_models.stores.sqlite.consulting import SqliteConsulting
from graph_models.stores.sqlite.erasure import SqliteErasure
from graph_models.stores.sqlite.financing import SqliteFinancing
from graph_models.stores.sqlite.history import SqliteMatchHistory
from graph_models.stores.sqlite.idempotency import SqliteIdempotency
from graph_models.stores.sqlite.interchange import SqliteInterchange
from graph_models.stores.sqlite.introductions import SqliteIntroductions
from graph_models.stores.sqlite.invitations import SqliteInvitations
from graph_models.stores.sqlite.match_models import SqliteMatchModels
from graph_models.stores.sqlite.mentorship import SqliteMentorship
from graph_models.stores.sqlite.notifications import SqliteNotifications
from graph_models.stores.sqlite.plans import SqlitePlans
from graph_models.stores.sqlite.pledger_addresses import SqlitePledgerAddresses
from graph_models.stores.sqlite.schema import SqliteSchema
from graph_models.stores.sqlite.signin import SqliteSignIn
from graph_models.stores.sqlite.stakeholders import SqliteStakeholders
from graph_models.stores.sqlite.ties import SqliteTies


class SqliteStore(SqliteSchema, SqliteStakeholders, SqliteTies, SqliteInterchange,
                  SqliteAccounts, SqliteSignIn, SqliteInvitations, SqliteAudit,
                  SqliteIntroductions, SqliteNotifications, SqliteMentorship, SqliteMatchHistory,
                  SqliteIdempotency, SqliteErasure, SqliteChanges, SqliteConsulting,
                  SqlitePlans, SqliteActivities, SqliteBudgets, SqliteCampaigns,
                  SqliteMatchModels, SqliteFinancing, SqlitePledgerAddresses):
    """A :class:`~graph_models.stores.base.GraphStore` in one SQLite file.

    >>> import tempfile, os
    >>> store = SqliteStore(os.path.join(tempfile.mkdtemp(), "demo.db"))
    >>> store.ensure_schema(); store.version()
    0
    """
