"""The use cases of one app, built once: every façade over one store, sharing one cache of its
snapshots. The service, the CLI and scripts open them from settings and call nothing else of
``graph_models``.

>>> import tempfile
>>> use_cases = open_use_cases(AppSettings("sqlite:///" + tempfile.mkdtemp() + "/app.db"))
>>> use_cases.ensure_schema()
>>> coop = use_cases.stakeholders.create_stakeholder(
...     {"kind": "entrepreneur", "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL522"})
>>> use_cases.interchange.export().stakeholders == [coop]
True
>>> use_cases.close()
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from graph_models.domain.pledger_privacy import PledgerRules
from graph_models.domain.stakeholders import now
from graph_models.stores import StoreSettings, open_store
from graph_models.stores.base import GraphStore
from graph_models.use_cases.accounts import Accounts, LoginRules
from graph_models.use_cases.activities import Activities
from graph_models.use_cases.assessments import Assessments
from graph_models.use_cases.budget_files import BudgetFiles
from graph_models.use_cases.budgets import Budgets
from graph_models.use_cases.campaigns import Campaigns
from graph_models.use_cases.demo import DemoData
from graph_models.use_cases.event_meetings import EventMeetings
from graph_models.use_cases.financing import Financing
from graph_models.use_cases.idempotency import IdempotencyKeys
from graph_models.use_cases.indicators import Indicators
from graph_models.use_cases.interchange import Interchange
from graph_models.use_cases.introductions import IntroductionRules, Introductions
from graph_models.use_cases.invitations import Invitations
from graph_models.use_cases.live_index import LiveMatchIndex
from graph_models.use_cases.match_models import MatchModels
from graph_models.use_cases.matches import Matches, match_weights
from graph_models.use_cases.mentorships import Mentorships
from graph_models.use_cases.notifications import Notifications
from graph_models.use_cases.plan_report import PlanReports
from graph_models.use_cases.plans import Plans
from graph_models.use_cases.pledger_addresses import PledgerAddresses
from graph_models.use_cases.programmes import Programmes
from graph_models.use_cases.reports import DEFAULT_MIN_COUNT, Reporting
from graph_models.use_cases.saved_index import SavedIndex
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from graph_models.use_cases.workshops import Workshops


@dataclass(frozen=True)
class AppSettings:
    """What the use cases of an app are built from, as plain values.

    ``store_url`` names the store (see :class:`graph_models.stores.StoreSettings`);
    ``match_weights`` overrides weights of the scores (a mapping, or its JSON text);
    ``index_folder`` is where the match index is saved for the next process (None: never);
    ``report_min_count`` is the smallest count a report shows; ``pledger_rules`` how long
    public pledgers' addresses are kept and how often mailed; ``accounts_clock`` is the clock
    that sign-in sessions, lockouts and tokens read (tests move it on instead of sleeping).
    """

    store_url: str
    neo4j_user: str | None = None
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"
    base_dir: Path = Path(".")
    login_rules: LoginRules = field(default_factory=LoginRules)
    introduction_rules: IntroductionRules = field(default_factory=IntroductionRules)
    match_weights: str | Mapping | None = None
    index_folder: Path | None = None
    report_min_count: int = DEFAULT_MIN_COUNT
    pledger_rules: PledgerRules = field(default_factory=PledgerRules)
    accounts_clock: Callable[[], datetime] = now


@dataclass(frozen=True)
class UseCases:
    """Every façade of one app, over one store (which they open, prepare and close)."""

    store: GraphStore
    match_index: LiveMatchIndex
    stakeholders: Stakeholders
    interchange: Interchange
    matches: Matches
    introductions: Introductions
    programmes: Programmes
    mentorships: Mentorships
    notifications: Notifications
    reports: Reporting
    accounts: Accounts
    invitations: Invitations
    idempotency: IdempotencyKeys
    demo: DemoData
    assessments: Assessments
    workshops: Workshops
    plans: Plans
    plan_reports: PlanReports
    indicators: Indicators
    activities: Activities
    event_meetings: EventMeetings
    budgets: Budgets
    budget_files: BudgetFiles
    campaigns: Campaigns
    match_models: MatchModels
    financing: Financing
    pledger_addresses: PledgerAddresses

    def ensure_schema(self) -> None:
        """Create what the store needs (constraints, indexes, tables); idempotent."""
        self.store.ensure_schema()

    def ping(self) -> None:
        """Whether the store answers: StoreUnavailable if it does not."""
        self.store.ping()

    def before_fork(self) -> None:
        """Read now what processes forked from this one are to share, then let go of the
        store: the match index is brought to the store's version in this thread (each child
        inherits it, its pages shared until written, and brings it forward from the change
        feed instead of building its own), and the store's connection or driver is closed (a
        child must open its own: neither may cross a fork). StoreUnavailable when the store
        does not answer; the children then build their index on first use."""
        try:
            self.match_index.settle()
        finally:
            self.store.close()

    def close(self) -> None:
        """Close the store (its connection or its driver)."""
        self.store.close()


def open_use_cases(settings: AppSettings) -> UseCases:
    """The use cases over the store ``settings`` name; nothing is connected until first use.
    InvalidInput for match weights that are unknown or bad."""
    store_settings = StoreSettings(
        url=settings.store_url, neo4j_user=settings.neo4j_user,
        neo4j_password=settings.neo4j_password, neo4j_database=settings.neo4j_database,
        base_dir=settings.base_dir)
    store = open_store(store_settings)
    snapshots = SnapshotCache(store)
    weights = match_weights(settings.match_weights)
    accounts = Accounts(store, rules=settings.login_rules, clock=settings.accounts_clock)
    introductions = Introductions(store, snapshots, rules=settings.introduction_rules)
    programmes = Programmes(store, snapshots, match_weights=weights)
    activities = Activities(store)
    match_index = LiveMatchIndex(store, saved=None if settings.index_folder is None else
                                 SavedIndex(settings.index_folder, store,
                                            store_settings.location()))
    plans = Plans(store)
    indicators = Indicators(store, snapshots)
    reports = Reporting(snapshots, min_count=settings.report_min_count)
    return UseCases(
        store=store,
        match_index=match_index,
        stakeholders=Stakeholders(store, snapshots),
        interchange=Interchange(store),
        matches=Matches(store, match_index, match_weights=weights),
        introductions=introductions,
        programmes=programmes,
        mentorships=Mentorships(store),
        notifications=Notifications(store),
        reports=reports,
        accounts=accounts,
        invitations=Invitations(store, accounts, clock=settings.accounts_clock),
        idempotency=IdempotencyKeys(store),
        demo=DemoData(store, accounts, introductions, programmes),
        assessments=Assessments(store, clock=settings.accounts_clock),
        workshops=Workshops(store, clock=settings.accounts_clock),
        plans=plans,
        indicators=indicators,
        plan_reports=PlanReports(plans, reports, indicators),
        activities=activities,
        event_meetings=EventMeetings(store, snapshots, activities, match_weights=weights),
        budgets=Budgets(store),
        budget_files=BudgetFiles(store),
        campaigns=Campaigns(store, clock=settings.accounts_clock,
                            pledger_rules=settings.pledger_rules),
        match_models=MatchModels(store, base=weights, clock=settings.accounts_clock),
        financing=Financing(store, clock=settings.accounts_clock),
        pledger_addresses=PledgerAddresses(store, rules=settings.pledger_rules,
                                           clock=settings.accounts_clock))
