"""The contract every store keeps: one interface, two engines (SQLite and Neo4j).

Stores persist domain objects exactly as given (the use cases validate them and stamp ids and
times first) and enforce what only the store can: unique ids, one external id per kind, one tie
per natural key, ties only between existing stakeholders, and a version that every committed
write bumps by one. Each method is one transaction.

:class:`GraphStore` is made of one small protocol per aggregate, in
:mod:`graph_models.stores.contracts`; each method's own guarantees are documented there.
"""

from __future__ import annotations

from typing import Protocol

from graph_models.stores.contracts.accounts import AccountStore
from graph_models.stores.contracts.activities import ActivityStore
from graph_models.stores.contracts.audit import AuditStore
from graph_models.stores.contracts.budgets import BudgetStore
from graph_models.stores.contracts.campaigns import CampaignStore
from graph_models.stores.contracts.changes import ChangeFeedStore
from graph_models.stores.contracts.consulting import AssessmentStore, WorkshopStore
from graph_models.stores.contracts.financing import FinancingStore
from graph_models.stores.contracts.history import MatchHistoryStore
from graph_models.stores.contracts.idempotency import IdempotencyStore
from graph_models.stores.contracts.interchange import InterchangeStore
from graph_models.stores.contracts.introductions import IntroductionStore
from graph_models.stores.contracts.invitations import InvitationStore
from graph_models.stores.contracts.lifecycle import StoreLifecycle
from graph_models.stores.contracts.match_models import MatchModelStore
from graph_models.stores.contracts.mentorship import MentorshipStore
from graph_models.stores.contracts.notifications import NotificationStore
from graph_models.stores.contracts.plans import PlanStore
from graph_models.stores.contracts.pledger_addresses import PledgerAddressStore
from graph_models.stores.contracts.signin import SignInStore
from graph_models.stores.contracts.stakeholders import StakeholderStore


class GraphStore(StoreLifecycle, StakeholderStore, InterchangeStore, AccountStore, SignInStore,
                 InvitationStore, AuditStore, IntroductionStore, NotificationStore, MentorshipStore,
                 MatchHistoryStore, IdempotencyStore, ChangeFeedStore, AssessmentStore,
                 WorkshopStore, PlanStore, ActivityStore, BudgetStore, CampaignStore,
                 MatchModelStore, FinancingStore, PledgerAddressStore, Protocol):
    """What the use cases need from a store. See the module docstring for the guarantees.

    Every write of the graph takes an optional audit entry, written in the same transaction,
    and records what it touched in the change feed there too.
    Deleting a stakeholder also ends every membership in it.
    """
