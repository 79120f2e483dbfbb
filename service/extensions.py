"""The use cases of the app, built once from config and kept in ``app.extensions``; views reach
each façade through the helpers below."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from graph_models.domain.errors import StoreUnavailable
from graph_models.domain.pledger_privacy import PledgerRules
from graph_models.use_cases.accounts import Accounts, LoginRules
from graph_models.use_cases.activities import Activities
from graph_models.use_cases.app import AppSettings, UseCases, open_use_cases
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
from graph_models.use_cases.match_models import MatchModels
from graph_models.use_cases.matches import Matches
from graph_models.use_cases.mentorships import Mentorships
from graph_models.use_cases.notifications import Notifications
from graph_models.use_cases.plan_report import PlanReports
from graph_models.use_cases.plans import Plans
from graph_models.use_cases.pledger_addresses import PledgerAddresses
from graph_models.use_cases.programmes import Programmes
from graph_models.use_cases.reports import Reporting
from graph_models.use_cases.stakeholders import Stakeholders
from graph_models.use_cases.workshops import Workshops
from service.config import local_folder

EXTENSION_KEY = "syndesmos"

log = logging.getLogger(__name__)


class UseCasesHolder:
    """Holds the app's use cases and creates the store's schema on first use.

    The schema is not created at start-up so that the service starts (and answers 503) while
    Neo4j is still down, and recovers by itself once it is up. After a failed attempt it waits
    ``retry_after`` seconds before trying again, answering 503 at once meanwhile, so that a
    down store costs each request nothing.
    """

    def __init__(self, use_cases: UseCases, *, retry_after: int):
        self._use_cases = use_cases
        self._retry_after = retry_after
        self._schema_ready = False
        self._failure: tuple[float, StoreUnavailable] | None = None
        self._lock = threading.Lock()

    def use_cases(self) -> UseCases:
        """The use cases, once the store's schema is ready (StoreUnavailable until then)."""
        if not self._schema_ready:
            with self._lock:
                if not self._schema_ready:
                    self._ensure_schema()
        return self._use_cases

    def _ensure_schema(self) -> None:
        if self._failure and time.monotonic() - self._failure[0] < self._retry_after:
            raise self._failure[1]
        try:
            self._use_cases.ensure_schema()
        except StoreUnavailable as error:
            self._failure = (time.monotonic(), error)
            raise
        self._schema_ready, self._failure = True, None

    def before_fork(self) -> None:
        """Prepare the use cases for forking (see :meth:`UseCases.before_fork`), creating the
        store's schema first if need be. A store that does not answer is logged, not raised:
        the server starts anyway, and each worker reads what it needs once the store is up."""
        try:
            self.use_cases().before_fork()
        except StoreUnavailable as error:
            log.warning("the match index is not preloaded (%s); each worker builds its own "
                        "once the store answers", error)
            self._failure = None  # the workers try the store at once, not after retry_after
            self._use_cases.close()

    def close(self) -> None:
        self._use_cases.close()


def register_store(app: Flask) -> None:
    """Build the app's use cases from its SYNDESMOS_* settings."""
    config = app.config
    settings = AppSettings(
        store_url=config["SYNDESMOS_STORE"],
        neo4j_user=config.get("SYNDESMOS_NEO4J_USER"),
        neo4j_password=config.get("SYNDESMOS_NEO4J_PASSWORD"),
        neo4j_database=config.get("SYNDESMOS_NEO4J_DATABASE") or "neo4j",
        base_dir=Path.cwd(),
        login_rules=LoginRules(
            lockout_after=int(config["SYNDESMOS_LOCKOUT_AFTER"]),
            lockout_seconds=int(config["SYNDESMOS_LOCKOUT_SECONDS"]),
            token_days=int(config["SYNDESMOS_TOKEN_DAYS"]),
            session_idle_minutes=int(config["SYNDESMOS_SESSION_IDLE_MINUTES"]),
            session_hours=int(config["SYNDESMOS_SESSION_HOURS"])),
        introduction_rules=IntroductionRules(
            max_open=int(config["SYNDESMOS_INTRODUCTION_MAX_OPEN"]),
            expiry_days=int(config["SYNDESMOS_INTRODUCTION_EXPIRY_DAYS"])),
        match_weights=config.get("SYNDESMOS_MATCH_WEIGHTS"),
        index_folder=index_folder(config),
        report_min_count=int(config["SYNDESMOS_REPORT_MIN_COUNT"]),
        pledger_rules=PledgerRules(
            address_days=int(config["SYNDESMOS_PLEDGER_ADDRESS_DAYS"]),
            mails_per_day=int(config["SYNDESMOS_PLEDGE_MAILS_PER_DAY"])),
        accounts_clock=config["CLOCK"])
    app.extensions[EXTENSION_KEY] = UseCasesHolder(
        open_use_cases(settings), retry_after=int(config["SYNDESMOS_RETRY_AFTER"]))


def index_folder(config) -> Path | None:
    """Where the match index is saved for the next start: SYNDESMOS_INDEX_DIR, else beside an
    SQLite store, else ``instance/``; None when it is ``off``. Relative paths from the working
    directory, like the store's."""
    folder = config.get("SYNDESMOS_INDEX_DIR")
    if folder == "off":
        return None
    return Path.cwd() / folder if folder else local_folder(config)


def before_fork(app: Flask) -> None:
    """Read what the worker processes about to be forked from this one share, and close the
    store's connections, which must not cross a fork (see :meth:`UseCasesHolder.before_fork`).
    """
    app.extensions[EXTENSION_KEY].before_fork()


def use_cases() -> UseCases:
    """The use cases of the current app: the one way the service reaches ``graph_models``."""
    return current_app.extensions[EXTENSION_KEY].use_cases()


def stakeholders() -> Stakeholders:
    """The stakeholder and tie use cases of the current app."""
    return use_cases().stakeholders


def interchange() -> Interchange:
    """The bulk import and export use cases of the current app."""
    return use_cases().interchange


def matches() -> Matches:
    """The match use cases of the current app."""
    return use_cases().matches


def introductions() -> Introductions:
    """The introduction use cases of the current app."""
    return use_cases().introductions


def programmes() -> Programmes:
    """The mentoring programme use cases of the current app."""
    return use_cases().programmes


def mentorships() -> Mentorships:
    """The mentorship use cases of the current app."""
    return use_cases().mentorships


def notifications() -> Notifications:
    """The notification use cases of the current app."""
    return use_cases().notifications


def plans() -> Plans:
    """The Local Action Plan use cases of the current app."""
    return use_cases().plans


def plan_reports() -> PlanReports:
    """The plan reports of the current app."""
    return use_cases().plan_reports


def reports() -> Reporting:
    """The report use cases of the current app, with its suppression setting."""
    return use_cases().reports


def indicators() -> Indicators:
    """The indicators' use cases of the current app."""
    return use_cases().indicators


def accounts() -> Accounts:
    """The account use cases of the current app."""
    return use_cases().accounts


def match_models() -> MatchModels:
    """The fitted match models' use cases."""
    return use_cases().match_models


def invitations() -> Invitations:
    """The invitations' use cases."""
    return use_cases().invitations


def budgets() -> Budgets:
    """The participatory budgets' use cases."""
    return use_cases().budgets


def budget_files() -> BudgetFiles:
    """The participatory budgets' pabulib files."""
    return use_cases().budget_files


def idempotency_keys() -> IdempotencyKeys:
    """The Idempotency-Key claims of the current app."""
    return use_cases().idempotency


def demo_data() -> DemoData:
    """The demo's seeding in the current app's store."""
    return use_cases().demo


def assessments() -> Assessments:
    """The app's needs assessments (consulting)."""
    return use_cases().assessments


def workshops() -> Workshops:
    """The app's co-creation workshops (consulting)."""
    return use_cases().workshops
def activities() -> Activities:
    """The activities' use cases (training and networking) of the current app."""
    return use_cases().activities


def event_meetings() -> EventMeetings:
    """A networking event's matchmaking use cases of the current app."""
    return use_cases().event_meetings
def campaigns() -> Campaigns:
    """The matchfunding use cases of the current app."""
    return use_cases().campaigns


def financing() -> Financing:
    """The financing opportunities' use case of the current app."""
    return use_cases().financing


def pledger_addresses() -> PledgerAddresses:
    """The erasure and retention of public pledgers' addresses, of the current app."""
    return use_cases().pledger_addresses
