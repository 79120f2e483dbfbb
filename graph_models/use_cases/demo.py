"""Seeding the demo: a synthetic, deterministic Greek SSE ecosystem, its coordinator, and work
waiting for it: introduction requests to mediate and a mentorship programme with a proposal to
review, in the coordinator's region, so that a coordinator trying the service does not find
empty inboxes. The work is made through the use cases, as the system, so it obeys the same
rules as what users make.

The demo, the CLI and the service share one default store, which may hold real data: the demo
never writes into a store whose stakeholders are not the demo's (one without the demo
coordinator). Seeding the store that holds it again, with the same seed, changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from graph_models.demo import generate_ecosystem
from graph_models.domain.accounts import IssuedToken, Role, User
from graph_models.domain.errors import Conflict, NotFound
from graph_models.domain.interchange import (
    ImportResult,
    StakeholderImport,
    StakeholderRef,
    TieImport,
)
from graph_models.domain.introductions import Purpose
from graph_models.domain.programmes import MentorEnrolment
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind, now
from graph_models.domain.vocabularies import region_contains
from graph_models.mentorship.candidates import mentors_of
from graph_models.stores.base import GraphStore
from graph_models.use_cases.accounts import Accounts
from graph_models.use_cases.demo_financing import DemoFinancing, seed_financing
from graph_models.use_cases.introductions import Introductions
from graph_models.use_cases.programmes import Programmes

DEMO_COORDINATOR = "demo-coordinator"
DEFAULT_DEMO_REGION = "EL30"  # Attica: where most of Greece's SSE is
TOKEN_DAYS = 30
# The work waiting in a fresh demo.
REQUESTS = 3
MENTEES = 12
MENTORS = 6


@dataclass(frozen=True)
class DemoActivity:
    introduction_ids: list[str]
    programme_id: str | None


def seed_activity(introductions: Introductions, programmes: Programmes, region: str, *,
                  today: date) -> DemoActivity:
    """Open ``REQUESTS`` mediated introduction requests from entrepreneurs of ``region`` to
    investors there, and a programme of ``region`` starting in a month, with up to
    ``MENTEES`` mentees, ``MENTORS`` mentors (none of them a mentee) and a proposal.
    Deterministic for one ecosystem: stakeholders are taken in id order."""
    starts_on = today + timedelta(days=30)
    with programmes.snapshots.reading() as snapshot:
        graph = snapshot.graph

        def in_region(kind: Kind) -> list[str]:
            return sorted(n for n, d in graph.nodes(data=True)
                          if d["kind"] == kind and d["discoverable"]
                          and region_contains(region, d["region"]))

        untied = [(requester, target) for requester, target
                  in zip(in_region(Kind.ENTREPRENEUR), in_region(Kind.INVESTOR), strict=False)
                  if not graph.has_edge(requester, target)][:REQUESTS]
        mentors = [m.id for m in mentors_of(graph, start=starts_on)
                   if region_contains(region, graph.nodes[m.id]["region"])][:MENTORS]
        # An operating entrepreneur may both mentor and need training, but a programme enrols
        # a stakeholder on one side only: mentors are the scarcer, so they are chosen first.
        mentees = [e for e in in_region(Kind.ENTREPRENEUR) if e not in mentors
                   and any(n.startswith("training.") for n in graph.nodes[e]["needs"])
                   ][:MENTEES]
    requested = [introductions.request(requester, target, Purpose.FINANCING,
                                       message="Demo: we are looking for a first loan."
                                       ).introduction.id
                 for requester, target in untied]
    if not mentees or not mentors:
        return DemoActivity(requested, None)
    programme_id = programmes.open_programme("Demo mentoring programme", region,
                                             starts_on).programme.id
    programmes.enrol(programme_id, mentees=mentees,
                     mentors=[MentorEnrolment(m) for m in mentors])
    programmes.propose(programme_id)
    return DemoActivity(requested, programme_id)


@dataclass(frozen=True)
class DemoSeed:
    """What seeding did.

    ``written`` is None when the store was left as it was: it holds the demo already (and
    ``if_empty`` was asked), or — ``coordinator`` None too — stakeholders that are not the
    demo's. ``activity`` is the work made for the coordinator in ``region``, on a fresh store
    only; ``token`` a new API token of the coordinator.
    """

    coordinator: User | None
    token: IssuedToken | None = None
    written: ImportResult | None = None
    region: str | None = None
    activity: DemoActivity | None = None
    financing: DemoFinancing | None = None


class DemoData:
    """The demo's seeding over one store, its accounts and its workflows."""

    def __init__(self, store: GraphStore, accounts: Accounts, introductions: Introductions,
                 programmes: Programmes, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._accounts = accounts
        self._introductions = introductions
        self._programmes = programmes
        self._clock = clock

    def seed(self, size: int, *, ties: int | None = None, seed: int = 7,
             if_empty: bool = False) -> DemoSeed:
        """Seed ``size`` stakeholders (and ``ties`` ties, 6 × size by default) into an empty
        store, or again into the one that holds the demo; with ``if_empty``, leave a store
        that holds stakeholders as it is. Conflict for a store of other stakeholders, unless
        ``if_empty``."""
        fresh = not self.store.find_stakeholders(StakeholderQuery(page_size=1)).total
        coordinator = self._coordinator()
        if not fresh:
            if coordinator is None:
                if not if_empty:
                    raise Conflict("the store holds stakeholders that are not the demo's: the "
                                   "demo seeds only an empty store or one that holds the demo "
                                   "(choose another store with SYNDESMOS_STORE)")
                return DemoSeed(None)
            if if_empty:
                return DemoSeed(coordinator, self._token(coordinator))
        demo = generate_ecosystem(size, ties=ties, seed=seed)
        regions = Counter(s.region[:4] for s in demo.stakeholders)
        region = min(regions, key=lambda r: (-regions[r], r), default=DEFAULT_DEMO_REGION)
        # Made before the stakeholders: from then on the store is known to hold the demo, and
        # the coordinator hears of the work made for it below.
        coordinator = coordinator or self._accounts.create_user(
            {"username": DEMO_COORDINATOR, "role": Role.COORDINATOR, "regions": [region],
             "display_name": "Demo coordinator"})
        written = self.store.bulk_upsert(
            [StakeholderImport(s) for s in demo.stakeholders],
            [TieImport(t, StakeholderRef(id=t.source), StakeholderRef(id=t.target))
             for t in demo.ties])
        activity = (seed_activity(self._introductions, self._programmes, region,
                                  today=self._clock().date()) if fresh else None)
        financing = (seed_financing(self.store, self._accounts, region, seed=seed,
                                    clock=self._clock) if fresh else None)
        return DemoSeed(coordinator, self._token(coordinator), written, region, activity,
                        financing)

    def _coordinator(self) -> User | None:
        """The demo coordinator, if the store holds the demo."""
        try:
            return self._accounts.get_user_by_username(DEMO_COORDINATOR)
        except NotFound:
            return None

    def _token(self, coordinator: User) -> IssuedToken:
        return self._accounts.issue_token(coordinator.id, name="demo", days=TOKEN_DAYS)
