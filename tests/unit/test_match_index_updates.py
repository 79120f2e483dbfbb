"""A match index brought forward by changes equals one built from scratch on the graph after
them: every array, the caches that matter, and the matches it gives.

The property test writes random sequences of creates, updates and deletes of stakeholders and
ties — of the attributes matching reads — and applies them as GraphChanges, one write at a time
or several in one batch, as a change feed would answer.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from graph_models.domain.changes import GraphChanges
from graph_models.domain.stakeholders import (
    Instrument,
    Kind,
    PolicyLevel,
    Stage,
    Stakeholder,
    Tie,
    TieType,
)
from graph_models.matching import MatchIndex, coordinator_matches, recommend
from tests.index_equality import assert_same_index

# Small pools, so that codes, places and pairs recur; each pool has one code no shipped
# vocabulary holds (a vocabulary that grows and shrinks), and places come and go.
IDS = [f"{c}{n}" for c in "acegikmoqs" for n in range(3)]
REGIONS = ["EL303", "EL30", "EL522", "EL41", "DE300", "FR101"]
SECTORS = ["agrifood", "social_care", "culture", "renewable_energy", "made-up-sector"]
LANGUAGES = ["el", "en", "de", "xx"]
TOPICS = ["financing.loan", "financing.grant", "training.mentoring", "consulting.business_plan",
          "networking.events", "financing.made_up"]
DAYS = [date(2024, 1, 1) + timedelta(days=d) for d in range(0, 900, 45)]


def codes(pool: list[str]):
    """Subsets of a pool; its made-up code (the last) only now and then."""
    common = st.lists(st.sampled_from(pool[:-1]), unique=True, max_size=3).map(tuple)
    rare = st.integers(0, 15).flatmap(lambda n: common if n else common.map(
        lambda c: (*c, pool[-1])))
    return rare


@st.composite
def stakeholders(draw, sid: str, kind: Kind | None = None) -> Stakeholder:
    kind = kind or draw(st.sampled_from(list(Kind)))
    fields: dict = dict(
        id=sid, kind=kind, name=draw(st.sampled_from(["Α", "B", "Γ"])),
        region=draw(st.sampled_from(REGIONS)), sectors=draw(codes(SECTORS)),
        languages=draw(codes(LANGUAGES)), needs=draw(codes(TOPICS)),
        offers=draw(codes(TOPICS)), needs_private=draw(st.booleans()),
        capacity=draw(st.none() | st.integers(0, 3)), discoverable=draw(st.booleans()))
    if kind == Kind.ENTREPRENEUR:
        fields.update(stage=draw(st.none() | st.sampled_from(list(Stage))),
                      funding_sought=draw(st.none() | st.sampled_from([5_000, 50_000])))
    elif kind == Kind.INVESTOR:
        fields.update(instruments=draw(st.lists(st.sampled_from(list(Instrument)),
                                                unique=True, max_size=2).map(tuple)),
                      ticket_min=draw(st.none() | st.just(10_000)),
                      ticket_max=draw(st.none() | st.just(100_000)))
    elif kind == Kind.POLICYMAKER:
        fields.update(level=PolicyLevel.REGIONAL,
                      jurisdiction=draw(st.none() | st.sampled_from(REGIONS)),
                      policy_areas=draw(codes(SECTORS)))
    return Stakeholder(**fields)


@st.composite
def ties(draw, tid: str, people: list[str]) -> Tie:
    kind = draw(st.sampled_from(list(TieType)))
    source, target = draw(st.sampled_from(people)), draw(st.sampled_from(people))
    return Tie(id=tid, type=kind, source=source, target=target,
               since=draw(st.sampled_from(DAYS)), weight=draw(st.sampled_from([0.5, 1.0, 2.0])),
               strength=draw(st.none() | st.integers(1, 5)) if kind == TieType.KNOWS else None)


class IndexUpdates(RuleBasedStateMachine):
    """Writes to a graph, applied to an index in batches (a batch is what a feed answers)."""

    def __init__(self):
        super().__init__()
        self.people: dict[str, Stakeholder] = {}
        self.ties: dict[str, Tie] = {}
        self.written: set[str] = set()
        self.written_ties: set[str] = set()
        self.deleted: set[str] = set()
        self.deleted_ties: set[str] = set()
        self.version = 0
        self.next_tie = 0

    @initialize(data=st.data(), size=st.integers(0, 8), tie_count=st.integers(0, 12))
    def start(self, data, size, tie_count):
        for sid in data.draw(st.lists(st.sampled_from(IDS), unique=True, min_size=size,
                                      max_size=size)):
            self.people[sid] = data.draw(stakeholders(sid))
        for _ in range(tie_count if len(self.people) >= 2 else 0):
            tie = data.draw(ties(self._tie_id(), sorted(self.people)))
            self.ties[tie.id] = tie
        self.index = self.scratch = MatchIndex.build(self.people.values(), self.ties.values())

    def _tie_id(self) -> str:
        self.next_tie += 1
        return f"t{self.next_tie:03d}"

    @rule(data=st.data())
    def create_stakeholder(self, data):
        sid = data.draw(st.sampled_from([i for i in IDS if i not in self.people] or IDS))
        self.people[sid] = data.draw(stakeholders(sid))
        self.written.add(sid)

    @precondition(lambda self: self.people)
    @rule(data=st.data())
    def update_stakeholder(self, data):
        sid = data.draw(st.sampled_from(sorted(self.people)))
        # Now one field, now the whole profile, now and then the kind too.
        name = data.draw(st.sampled_from(["profile", "profile", "kind", "region", "sectors",
                                          "languages", "needs", "offers", "capacity",
                                          "discoverable", "needs_private"]))
        fresh = data.draw(stakeholders(sid, None if name == "kind" else self.people[sid].kind))
        self.people[sid] = fresh if name in ("profile", "kind") else dataclasses.replace(
            self.people[sid], **{name: getattr(fresh, name)})
        self.written.add(sid)

    @precondition(lambda self: self.people)
    @rule(data=st.data())
    def delete_stakeholder(self, data):
        sid = data.draw(st.sampled_from(sorted(self.people)))
        del self.people[sid]
        self.written.discard(sid)
        self.deleted.add(sid)
        for tid in [t.id for t in self.ties.values() if sid in (t.source, t.target)]:
            self._forget_tie(tid)

    @precondition(lambda self: len(self.people) >= 2)
    @rule(data=st.data())
    def create_tie(self, data):
        tie = data.draw(ties(self._tie_id(), sorted(self.people)))
        self.ties[tie.id] = tie
        self.written_ties.add(tie.id)

    @precondition(lambda self: self.ties)
    @rule(data=st.data())
    def update_tie(self, data):
        old = self.ties[data.draw(st.sampled_from(sorted(self.ties)))]
        fresh = data.draw(ties(old.id, sorted(self.people)))
        keep_ends = data.draw(st.booleans())
        self.ties[old.id] = dataclasses.replace(fresh, source=old.source, target=old.target) \
            if keep_ends else fresh
        self.written_ties.add(old.id)

    @precondition(lambda self: self.ties)
    @rule(data=st.data())
    def delete_tie(self, data):
        self._forget_tie(data.draw(st.sampled_from(sorted(self.ties))))

    def _forget_tie(self, tid: str) -> None:
        del self.ties[tid]
        self.written_ties.discard(tid)
        self.deleted_ties.add(tid)

    def pending(self) -> bool:
        return bool(self.written or self.written_ties or self.deleted or self.deleted_ties)

    @precondition(pending)
    @rule()
    def apply_the_batch(self):
        changes = GraphChanges(
            since=self.version, version=self.version + 1,
            stakeholders=tuple(self.people[i] for i in sorted(self.written)),
            ties=tuple(self.ties[i] for i in sorted(self.written_ties)),
            deleted_stakeholders=tuple(sorted(self.deleted)),
            deleted_ties=tuple(sorted(self.deleted_ties)))
        self.written, self.written_ties, self.deleted, self.deleted_ties = (set(), set(),
                                                                            set(), set())
        self.version += 1
        before, before_scratch = self.index, self.scratch
        self.index = before.updated(changes)
        self.scratch = MatchIndex.build(self.people.values(), self.ties.values())
        assert_same_index(self.index, self.scratch)
        assert_same_index(before, before_scratch)  # the old index still answers as it did
        self.same_matches()

    def teardown(self):
        if self.pending():
            self.apply_the_batch()

    def same_matches(self):
        for sid in self.index.ids[:4]:
            for options in ({}, {"pillar": "training"}, {"include_connected": True}):
                assert recommend(self.index, sid, limit=5, **options) == recommend(
                    self.scratch, sid, limit=5, **options)
        assert coordinator_matches(self.index, limit=5) == coordinator_matches(
            self.scratch, limit=5)


IndexUpdates.TestCase.settings = settings(
    max_examples=50, stateful_step_count=12, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_an_updated_index_equals_one_built_from_scratch = IndexUpdates.TestCase
