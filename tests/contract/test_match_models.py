"""The store contract for fitted match models, and their use cases over it: the same tests on
both engines (SQLite and a real Neo4j)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_models.domain.match_models import MatchModel
from graph_models.domain.queries import AuditQuery
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching import DEFAULT_WEIGHTS
from graph_models.use_cases.live_index import LiveMatchIndex
from graph_models.use_cases.match_models import ActiveWeights, MatchModels
from graph_models.use_cases.matches import Matches
from tests.builders import stakeholder, tie

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ADMIN = User(id="u-admin", username="admin", role=Role.ADMIN, created_at=T0, updated_at=T0)
COORDINATOR = User(id="u-coord", username="coord", role=Role.COORDINATOR, created_at=T0,
                   updated_at=T0, regions=("EL3",))
# Only activity counts, for tied and untied seekers alike.
ACTIVITY_ONLY = tuple(sorted([(name, 0.0) for name in (
    "need_offer", "sector", "region", "language", "stage", "proximity", "inclusion",
    "capacity", "portfolio_sector", "portfolio_region", "segment", "first_backers")]
    + [("activity", 1.0), ("degree_exponent", 0.5)]))


def model(relation="FUNDED", weights=ACTIVITY_ONLY, **fields) -> MatchModel:
    values = dict(version=0, relation=relation, fitted_at=T0, fitted_by="u-admin",
                  weights=weights, cold_weights=(("activity", 1.0), ("inclusion", 0.0)),
                  ventures=42, before=(0.04, 0.03), after=(0.11, 0.09), history_ties=512,
                  cold_ventures=21, cold_before=(0.0, 0.01), cold_after=(0.07, 0.08))
    values.update(fields)
    return MatchModel(**values)


def test_a_model_round_trips_and_gets_the_next_version(store):
    first = store.save_match_model(model())
    second = store.save_match_model(model(relation="SUPPORTED", fitted_by=None))

    assert (first.version, second.version) == (1, 2)
    assert first == dataclasses.replace(model(), version=1)
    assert store.match_models() == [second, first]
    assert store.active_match_models() == {}


def test_activating_one_deactivates_the_previous_of_its_relation_only(store):
    funded = store.save_match_model(model(), activate=True)
    supported = store.save_match_model(model(relation="SUPPORTED"), activate=True)
    newer = store.save_match_model(model(), activate=True)

    active = store.active_match_models()
    assert {r: m.version for r, m in active.items()} == {
        "FUNDED": newer.version, "SUPPORTED": supported.version}
    assert store.activate_match_model(funded.version).active
    assert store.active_match_models()["FUNDED"].version == funded.version
    assert [m.active for m in store.match_models()] == [False, True, True]


def test_activating_a_missing_version_writes_nothing(store):
    kept = store.save_match_model(model(), activate=True)
    version = store.version()

    with pytest.raises(NotFound):
        store.activate_match_model(99)

    assert store.version() == version
    assert store.active_match_models() == {"FUNDED": kept}


def test_deactivating_goes_back_to_no_model_and_keeps_every_version(store):
    kept = store.save_match_model(model(), activate=True)

    assert store.deactivate_match_models("FUNDED") == dataclasses.replace(kept, active=False)
    assert store.active_match_models() == {}
    assert store.deactivate_match_models("FUNDED") is None
    assert store.match_models() == [dataclasses.replace(kept, active=False)]


def test_every_model_write_moves_the_store_version(store):
    versions = [store.version()]
    saved = store.save_match_model(model())
    versions.append(store.version())
    store.activate_match_model(saved.version)
    versions.append(store.version())
    store.deactivate_match_models("FUNDED")
    versions.append(store.version())

    assert versions == sorted(set(versions))


def funding_history(store, ventures=30, year=2023):
    """Investors ``busy`` (who funded ten other ventures the year before) and ``idle``, and
    ``ventures`` ventures each funded by ``idle`` long ago and by ``busy`` in ``year`` (the
    last): activity, not proximity, tells who funds next."""
    busy = store.create_stakeholder(stakeholder(Kind.INVESTOR, name="Busy fund",
                                                offers=("financing.equity",)))
    idle = store.create_stakeholder(stakeholder(Kind.INVESTOR, name="Idle fund",
                                                offers=("financing.equity",)))
    start = date(year - 3, 1, 1)
    for n in range(ventures):
        venture = store.create_stakeholder(stakeholder(needs=("financing.equity",)))
        store.create_tie(tie(TieType.FUNDED, idle, venture, since=start))
        store.create_tie(tie(TieType.FUNDED, busy, venture,
                             since=date(year, 1, 1) + timedelta(days=n)))
    for _ in range(10):
        earlier = store.create_stakeholder(stakeholder(needs=("financing.equity",)))
        store.create_tie(tie(TieType.FUNDED, busy, earlier, since=date(year - 2, 6, 1)))
    return busy, idle


def test_fitting_a_store_without_history_keeps_the_hand_weights(store):
    models = MatchModels(store, clock=lambda: T0)

    with pytest.raises(Conflict) as refused:
        models.fit({"relation": "funded"}, actor=ADMIN)

    assert "history" in refused.value.errors
    assert store.match_models() == []


def test_fitting_names_a_bad_relation_and_is_for_admins_only(store):
    models = MatchModels(store, clock=lambda: T0)
    with pytest.raises(InvalidInput) as refused:
        models.fit({"relation": "KNOWS"}, actor=ADMIN)
    assert "relation" in refused.value.errors
    with pytest.raises(Forbidden):
        models.fit({}, actor=COORDINATOR)
    with pytest.raises(Forbidden):
        models.activate(1, actor=COORDINATOR)
    assert store.match_models() == []


def test_a_model_fitted_on_the_store_is_saved_with_its_figures_and_audited(store):
    funding_history(store)

    fitted = MatchModels(store, clock=lambda: T0).fit({"activate": True}, actor=ADMIN)

    assert (fitted.version, fitted.relation, fitted.fitted_by, fitted.active) == (
        1, "FUNDED", "u-admin", True)
    assert fitted.history_ties == 70
    assert fitted.after[0] + fitted.after[1] >= fitted.before[0] + fitted.before[1]
    assert store.active_match_models() == {"FUNDED": fitted}
    entries = store.find_audit(AuditQuery(object_ids=("FUNDED",))).items
    assert [(e.action, e.actor_id) for e in entries] == [("match_model.fit", "u-admin")]


def test_matches_rank_with_the_active_model_and_name_its_terms(store):
    busy, idle = funding_history(store, ventures=3)
    seeker = store.create_stakeholder(stakeholder(needs=("financing.equity",)))
    models = MatchModels(store, clock=lambda: T0)
    matches = Matches(store, LiveMatchIndex(store))

    def ranked():
        found = matches.matches(seeker.id, kind="investor", actor=ADMIN)
        return [m.candidate.id for m in found], found[0].match

    hand, _ = ranked()
    saved = store.save_match_model(model())
    assert ranked()[0] == hand  # saved, not active: the hand weights still rank
    models.activate(saved.version, actor=ADMIN)
    order, first = ranked()
    assert order == [busy.id, idle.id]
    assert first.term("activity").weight == 1.0 and first.term("activity").reason
    models.deactivate("FUNDED", actor=ADMIN)
    assert ranked()[0] == hand
    actions = [e.action for e in store.find_audit(AuditQuery(object_ids=("1", "FUNDED"))).items]
    assert sorted(actions) == ["match_model.activate", "match_model.deactivate"]


class CountingStore:
    """A store that counts its reads of the active models."""

    def __init__(self, store):
        self.store, self.reads = store, 0

    def active_match_models(self):
        self.reads += 1
        return self.store.active_match_models()


def test_the_active_models_are_read_once_per_store_version(store):
    counting = CountingStore(store)
    active = ActiveWeights(counting, DEFAULT_WEIGHTS)
    store.save_match_model(model(), activate=True)
    version = store.version()

    for _ in range(5):
        assert active.for_request(version, "entrepreneur", "investor", None).activity == 1.0
    assert active.for_request(version, "entrepreneur", "support_organisation", None) \
        == DEFAULT_WEIGHTS
    assert counting.reads == 1
    store.deactivate_match_models("FUNDED")
    assert active.for_request(store.version(), "entrepreneur", "investor", None) \
        == DEFAULT_WEIGHTS
    assert counting.reads == 2
