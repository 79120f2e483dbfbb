"""The Neo4j store: the SQLite store's contract on a Neo4j 5 server (Community edition is enough).

Each stakeholder is a node labelled ``:Stakeholder`` and its kind's label; each tie is a
relationship typed by its ``TieType``; users, tokens, audit entries, introduction requests,
blocks, notifications, idempotency keys, sign-in sessions, programmes and mentorships are nodes
of their own labels (each part's module says how). Times are native Neo4j temporals (DateTime,
Date).

One ``(:SyndesmosMeta {key: 'version'})`` node holds the version. Every write to the graph bumps
it as its first statement: that takes the node's write lock, so graph writers queue behind one
another (as SQLite's ``BEGIN IMMEDIATE`` makes them) and each one's existence checks see
everything committed before it. Writes of accounts, introduction requests and audit alone
leave it alone, as in SQLite; they lock the nodes they depend on instead. Each write to the
graph records what it touched in the change feed (:mod:`graph_models.stores.neo4j.changes`).

:class:`Neo4jStore` is made of one part per aggregate, each a module of this package with the
Cypher it runs, beside the method that runs it. Values are always ``$parameters``; the only
names put into query text are labels and relationship types from the ``Kind`` and ``TieType``
enums, the field names of the domain dataclasses and fixed fragments, assembled by
concatenation. Only the modules of this package import the Neo4j driver.
"""

from __future__ import annotations

from graph_models.stores.neo4j.accounts import Neo4jAccounts
from graph_models.stores.neo4j.activities import Neo4jActivities
from graph_models.stores.neo4j.audit import Neo4jAudit
from graph_models.stores.neo4j.budgets import Neo4jBudgets
from graph_models.stores.neo4j.campaigns import Neo4jCampaigns
from graph_models.stores.neo4j.changes import Neo4jChanges
from graph_models.stores.neo4j.consulting import Neo4jConsulting
from graph_models.stores.neo4j.erasure import Neo4jErasure
from graph_models.stores.neo4j.financing import Neo4jFinancing
from graph_models.stores.neo4j.history import Neo4jMatchHistory
from graph_models.stores.neo4j.idempotency import Neo4jIdempotency
from graph_models.stores.neo4j.interchange import Neo4jInterchange
from graph_models.stores.neo4j.introductions import Neo4jBlocks, Neo4jIntroductions
from graph_models.stores.neo4j.invitations import Neo4jInvitations
from graph_models.stores.neo4j.match_models import Neo4jMatchModels
from graph_models.stores.neo4j.mentorship import Neo4jMentorships, Neo4jProgrammes
from graph_models.stores.neo4j.notifications import Neo4jNotifications
from graph_models.stores.neo4j.plans import Neo4jPlans
from graph_models.stores.neo4j.pledger_addresses import Neo4jPledgerAddresses
from graph_models.stores.neo4j.schema import Neo4jSchema
from graph_models.stores.neo4j.signin import Neo4jSignIn
from graph_models.stores.neo4j.stakeholders import Neo4jStakeholders
from graph_models.stores.neo4j.ties import Neo4jTies


class Neo4jStore(Neo4jSchema, Neo4jStakeholders, Neo4jTies, Neo4jInterchange, Neo4jAccounts,
                 Neo4jSignIn, Neo4jInvitations, Neo4jAudit, Neo4jIntroductions, Neo4jBlocks,
                 Neo4jNotifications, Neo4jProgrammes, Neo4jMentorships, Neo4jMatchHistory,
                 Neo4jIdempotency, Neo4jErasure, Neo4jChanges, Neo4jConsulting, Neo4jPlans,
                 Neo4jActivities, Neo4jBudgets, Neo4jCampaigns, Neo4jMatchModels,
                 Neo4jFinancing, Neo4jPledgerAddresses):
    """A :class:`~graph_models.stores.base.GraphStore` on a Neo4j 5 server.

    Nothing connects until the first call; one driver then serves every thread of the process.

    >>> store = Neo4jStore("bolt://127.0.0.1:7687", user=None, password=None)
    >>> store.database
    'neo4j'
    """
