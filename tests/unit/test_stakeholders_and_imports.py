"""The stakeholder and interchange use cases: checking, stamping and importing, over the
embedded store."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from graph_models.domain.errors import Conflict, InvalidInput, NotFound
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.stores.sqlite import SqliteStore
from graph_models.use_cases.interchange import ImportLine, Interchange
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path):
    store = SqliteStore(tmp_path / "eco.db")
    store.ensure_schema()
    return store


@pytest.fixture
def stakeholders(store, clock):
    return Stakeholders(store, SnapshotCache(store), clock=clock)


@pytest.fixture
def interchange(store, clock):
    return Interchange(store, clock=clock)


def coop(**fields):
    return {"kind": Kind.ENTREPRENEUR, "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL522", **fields}


def test_creating_stamps_id_times_and_the_consent_given(stakeholders, clock):
    created = stakeholders.create_stakeholder(coop(discoverable=True))
    assert created.id and created.created_at == created.updated_at == clock.now
    assert created.discoverable_at == clock.now and created.contact_sharing_at is None


def test_a_client_cannot_set_system_fields(stakeholders, clock):
    created = stakeholders.create_stakeholder(
        coop(id="mine", created_at=datetime(2000, 1, 1, tzinfo=UTC)))
    assert created.id != "mine" and created.created_at == clock.now


def test_an_update_changes_only_the_fields_given_and_moves_updated_at(stakeholders, clock):
    created = stakeholders.create_stakeholder(coop(sectors=["housing"], email="a@example.org"))
    clock.now += timedelta(hours=2)
    updated = stakeholders.update_stakeholder(created.id, {"name": "Νέο", "email": None})
    assert (updated.name, updated.email, updated.sectors) == ("Νέο", None, ("housing",))
    assert updated.created_at == created.created_at and updated.updated_at == clock.now


def test_an_update_that_breaks_a_rule_changes_nothing(stakeholders):
    created = stakeholders.create_stakeholder(coop())
    with pytest.raises(InvalidInput) as raised:
        stakeholders.update_stakeholder(created.id, {"legal_form": "koinsep"})
    assert list(raised.value.errors) == ["koinsep_category"]
    assert stakeholders.get_stakeholder(created.id) == created


def test_the_kind_of_a_stakeholder_never_changes(stakeholders):
    created = stakeholders.create_stakeholder(coop())
    with pytest.raises(InvalidInput):
        stakeholders.update_stakeholder(created.id, {"kind": Kind.INVESTOR})


def test_a_tie_defaults_to_today_and_weight_one(stakeholders, clock):
    a, b = stakeholders.create_stakeholder(coop()), stakeholders.create_stakeholder(coop(name="Β"))
    knows = stakeholders.create_tie({"type": TieType.KNOWS, "source": a.id, "target": b.id})
    assert (knows.since, knows.weight) == (clock.now.date(), 1.0)


def test_a_tie_the_kinds_do_not_allow_is_a_conflict_naming_the_type(stakeholders):
    a, b = stakeholders.create_stakeholder(coop()), stakeholders.create_stakeholder(coop(name="Β"))
    with pytest.raises(Conflict) as raised:
        stakeholders.create_tie({"type": TieType.FUNDED, "source": a.id, "target": b.id})
    assert list(raised.value.errors) == ["type"]


def test_a_tie_to_nobody_is_a_conflict_naming_the_end(stakeholders):
    a = stakeholders.create_stakeholder(coop())
    with pytest.raises(Conflict) as raised:
        stakeholders.create_tie({"type": TieType.KNOWS, "source": "ghost", "target": a.id})
    assert list(raised.value.errors) == ["source"]


def test_a_ties_type_and_ends_never_change(stakeholders):
    a, b = stakeholders.create_stakeholder(coop()), stakeholders.create_stakeholder(coop(name="Β"))
    knows = stakeholders.create_tie({"type": TieType.KNOWS, "source": a.id, "target": b.id})
    with pytest.raises(InvalidInput) as raised:
        stakeholders.update_tie(knows.id, {"target": a.id, "type": TieType.PARTNERS_WITH})
    assert sorted(raised.value.errors) == ["target", "type"]


def line(number, **fields):
    return ImportLine(number, fields)


def investor_line(number, external_id="BANK", **fields):
    return line(number, kind=Kind.INVESTOR, name="Τράπεζα", region="EL30",
                external_id=external_id, **fields)


def test_an_import_reports_every_bad_line_with_its_field_and_writes_nothing(interchange):
    stakeholders = [line(1, **coop(external_id="C1")), investor_line(2),
                    line(3, **coop(external_id="C1", name="again")),
                    line(4, **coop(region="EL99", external_id="C2"))]
    ties = [line(5, type=TieType.FUNDED, source={"kind": Kind.ENTREPRENEUR, "external_id": "C1"},
                 target={"kind": Kind.INVESTOR, "external_id": "BANK"}),
            line(6, type=TieType.KNOWS, source={"id": "ghost"},
                 target={"kind": Kind.INVESTOR, "external_id": "BANK"}, strength=9)]
    with pytest.raises(InvalidInput) as raised:
        interchange.import_lines(stakeholders, ties, parse_errors={"line 7": ["not JSON"]})
    assert sorted(raised.value.errors) == [
        "line 3.external_id", "line 4.region", "line 5.type", "line 6.strength", "line 7"]
    assert interchange.store.version() == 0


def test_an_import_keeps_the_history_it_is_given(stakeholders, interchange):
    joined = datetime(2019, 5, 1, tzinfo=UTC)
    interchange.import_lines([line(1, **coop(external_id="C1", created_at=joined,
                                             discoverable=True, discoverable_at=joined))], [])
    (imported,) = stakeholders.find_stakeholders(StakeholderQuery()).items
    assert imported.created_at == imported.updated_at == imported.discoverable_at == joined


def test_a_tie_line_may_name_an_existing_stakeholder_by_id(stakeholders, interchange):
    existing = stakeholders.create_stakeholder(coop())
    result = interchange.import_lines(
        [investor_line(1)],
        [line(2, type=TieType.FUNDED, since=date(2024, 1, 1),
              source={"kind": Kind.INVESTOR, "external_id": "BANK"},
              target={"id": existing.id})])
    assert (result.stakeholders_created, result.ties_created) == (1, 1)
    assert stakeholders.ties_of(existing.id)[0].type == TieType.FUNDED


def test_the_neighbourhood_lists_the_nearest_first_up_to_the_depth_asked(stakeholders):
    chain = [stakeholders.create_stakeholder(coop(name=f"κ{n}")) for n in range(4)]
    for a, b in itertools.pairwise(chain):
        stakeholders.create_tie({"type": TieType.KNOWS, "source": a.id, "target": b.id})
    near = stakeholders.neighbourhood(chain[0].id, depth=1)
    assert [(s.id, s.distance) for s in near.stakeholders] == [(chain[1].id, 1)]
    assert len(near.ties) == 1
    far = stakeholders.neighbourhood(chain[0].id, depth=2)
    assert [s.distance for s in far.stakeholders] == [1, 2]
    assert len(far.ties) == 2 and not far.truncated


def test_a_neighbourhood_larger_than_its_limit_is_cut_and_says_so(stakeholders):
    hub = stakeholders.create_stakeholder(coop(name="hub"))
    for n in range(5):
        spoke = stakeholders.create_stakeholder(coop(name=f"s{n}"))
        stakeholders.create_tie({"type": TieType.KNOWS, "source": hub.id, "target": spoke.id})
    cut = stakeholders.neighbourhood(hub.id, depth=1, limit=3)
    assert len(cut.stakeholders) == 3 and cut.truncated


def test_the_neighbourhood_of_nobody_is_not_found(stakeholders):
    with pytest.raises(NotFound):
        stakeholders.neighbourhood("ghost")


def test_two_updates_from_the_same_read_do_not_silently_lose_one(stakeholders, clock):
    created = stakeholders.create_stakeholder(coop())

    class SlowStore:
        """The real store, but the first update arrives after another client's update."""

        def __init__(self, store):
            self._store = store

        def __getattr__(self, name):
            return getattr(self._store, name)

        def update_stakeholder(self, stakeholder, **kwargs):
            clock.now += timedelta(seconds=1)
            Stakeholders(self._store, SnapshotCache(self._store), clock=clock).update_stakeholder(
                created.id, {"name": "Β"})
            return self._store.update_stakeholder(stakeholder, **kwargs)

    slow = SlowStore(stakeholders.store)
    with pytest.raises(Conflict):
        Stakeholders(slow, SnapshotCache(slow), clock=clock).update_stakeholder(
            created.id, {"description": "ταυτόχρονα"})
    stored = stakeholders.get_stakeholder(created.id)
    assert (stored.name, stored.description) == ("Β", created.description)
