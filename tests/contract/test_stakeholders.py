"""The store contract for stakeholders: the same tests on SQLite and on a real Neo4j."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Conflict, NotFound
from graph_models.domain.queries import StakeholderOrder, StakeholderQuery
from graph_models.domain.stakeholders import Kind, Stakeholder
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.builders import stakeholder


def test_ensure_schema_is_idempotent_and_a_new_store_is_at_version_zero(store):
    store.ensure_schema()
    store.ensure_schema()
    assert store.version() == 0
    assert store.find_stakeholders(StakeholderQuery()).total == 0


@pytest.mark.parametrize("kind", list(Kind))
def test_a_stakeholder_of_every_kind_reads_back_exactly_as_written(store, kind):
    written = stakeholder(kind, contact_sharing=True, contact_sharing_at=datetime.now(UTC))
    store.create_stakeholder(written)
    assert store.get_stakeholder(written.id) == written


def test_optional_fields_left_empty_read_back_empty(store):
    bare = Stakeholder(id="bare-1", kind=Kind.POLICYMAKER, name="Δήμος Αθηναίων", region="EL303",
                       created_at=datetime.now(UTC), updated_at=datetime.now(UTC))
    store.create_stakeholder(bare)
    assert store.get_stakeholder("bare-1") == bare


def test_every_committed_write_bumps_the_version_by_one(store):
    start = store.version()
    first = store.create_stakeholder(stakeholder())
    store.update_stakeholder(dataclasses.replace(first, name="Νέο όνομα"))
    store.delete_stakeholder(first.id)
    assert store.version() == start + 3


def test_a_failed_write_leaves_the_version_alone(store):
    first = store.create_stakeholder(stakeholder(external_id="DUP"))
    version = store.version()
    with pytest.raises(Conflict):
        store.create_stakeholder(stakeholder(external_id="DUP"))
    with pytest.raises(NotFound):
        store.delete_stakeholder("missing")
    assert store.version() == version
    assert store.get_stakeholder(first.id) == first


def test_external_ids_are_unique_per_kind_only(store):
    store.create_stakeholder(stakeholder(Kind.ENTREPRENEUR, external_id="094012345"))
    store.create_stakeholder(stakeholder(Kind.INVESTOR, external_id="094012345"))
    with pytest.raises(Conflict) as raised:
        store.create_stakeholder(stakeholder(Kind.ENTREPRENEUR, external_id="094012345"))
    assert "external_id" in raised.value.errors


def test_many_stakeholders_may_have_no_external_id(store):
    for _ in range(3):
        store.create_stakeholder(stakeholder(external_id=None))
    assert store.find_stakeholders(StakeholderQuery()).total == 3


def test_a_duplicate_id_is_a_conflict(store):
    first = store.create_stakeholder(stakeholder())
    with pytest.raises(Conflict):
        store.create_stakeholder(stakeholder(id=first.id))


def test_update_replaces_every_field_including_emptied_ones(store):
    original = store.create_stakeholder(stakeholder())
    changed = dataclasses.replace(
        original, name="Άλλο", description="", email=None, phone=None, sectors=("housing",),
        needs=(), discoverable=False, discoverable_at=None,
        updated_at=original.updated_at + timedelta(hours=1))
    store.update_stakeholder(changed)
    assert store.get_stakeholder(original.id) == changed


def test_updating_a_missing_stakeholder_is_not_found(store):
    with pytest.raises(NotFound):
        store.update_stakeholder(stakeholder())


def test_update_to_a_taken_external_id_is_a_conflict_and_changes_nothing(store):
    store.create_stakeholder(stakeholder(external_id="A"))
    other = store.create_stakeholder(stakeholder(external_id="B"))
    with pytest.raises(Conflict):
        store.update_stakeholder(dataclasses.replace(other, external_id="A", name="x"))
    assert store.get_stakeholder(other.id) == other


def test_get_of_a_missing_stakeholder_is_not_found(store):
    with pytest.raises(NotFound):
        store.get_stakeholder("no-such-id")


def test_get_stakeholders_returns_those_that_exist(store):
    a, b = store.create_stakeholder(stakeholder()), store.create_stakeholder(stakeholder())
    assert store.get_stakeholders([a.id, "missing", b.id]) == {a.id: a, b.id: b}


@pytest.fixture
def athens_and_thessaloniki(store):
    people = [
        stakeholder(Kind.ENTREPRENEUR, name="ΑΘΗΝΑ Κοινωνική Κουζίνα", region="EL303",
                    sectors=("catering_food_services",), needs=("financing.loan",),
                    languages=("el",), discoverable=True),
        stakeholder(Kind.ENTREPRENEUR, name="Αθήνα Ενεργειακή Κοινότητα", region="EL305",
                    sectors=("renewable_energy",), needs=("consulting.legal_form",),
                    languages=("el", "en"), discoverable=False, discoverable_at=None),
        stakeholder(Kind.INVESTOR, name="Συνεταιριστική Τράπεζα Θεσσαλονίκης", region="EL522",
                    sectors=("finance",), languages=("el",), municipality="Θεσσαλονίκη",
                    description="Ηθική τράπεζα"),
        stakeholder(Kind.SUPPORT_ORGANISATION, name="Κέντρο Στήριξης ΚΑΛΟ", region="EL522",
                    sectors=("education",), offers=("consulting.legal_form",), languages=("el",),
                    municipality="Θεσσαλονίκη",
                    description="Βοηθάμε ομάδες από την αθηνα και όλη τη χώρα"),
    ]
    for person in people:
        store.create_stakeholder(person)
    return people


def names(page) -> list[str]:
    return [s.name for s in page.items]


@pytest.mark.parametrize(("query", "expected"), [
    (StakeholderQuery(kind=Kind.ENTREPRENEUR), [0, 1]),
    (StakeholderQuery(region="EL3"), [0, 1]),
    (StakeholderQuery(region="EL30"), [0, 1]),
    (StakeholderQuery(region="EL303"), [0]),
    (StakeholderQuery(region="EL5"), [2, 3]),
    (StakeholderQuery(sector="renewable_energy"), [1]),
    (StakeholderQuery(need="financing.loan"), [0]),
    (StakeholderQuery(offer="consulting.legal_form"), [3]),
    (StakeholderQuery(language="en"), [1]),
    (StakeholderQuery(text="αθηνα"), [0, 1, 3]),
    (StakeholderQuery(text="ΑΘΗΝΑ"), [0, 1, 3]),
    (StakeholderQuery(text="Αθήνα"), [0, 1, 3]),
    # The genitive finds the place's other names too: 3's municipality is Θεσσαλονίκη.
    (StakeholderQuery(text="θεσσαλονικης"), [2, 3]),
    (StakeholderQuery(text="τραπεζα θεσσαλονικης"), [2]),
    (StakeholderQuery(text="%"), []),
    (StakeholderQuery(discoverable_only=True), [0, 2, 3]),
    (StakeholderQuery(kind=Kind.ENTREPRENEUR, region="EL30", text="ενεργειακη"), [1]),
    (StakeholderQuery(region="DE1"), []),
])
def test_search_filters_all_hold_together(store, athens_and_thessaloniki, query, expected):
    page = store.find_stakeholders(query)
    assert sorted(names(page)) == sorted(athens_and_thessaloniki[i].name for i in expected)
    assert page.total == len(expected)


def test_search_pages_through_results_in_name_order_with_a_total(store):
    for name in ["Γάμμα", "άλφα", "Βήτα", "Δέλτα", "Έψιλον"]:
        store.create_stakeholder(stakeholder(name=name))
    first = store.find_stakeholders(StakeholderQuery(page=1, page_size=2))
    second = store.find_stakeholders(StakeholderQuery(page=2, page_size=2))
    third = store.find_stakeholders(StakeholderQuery(page=3, page_size=2))
    assert (first.total, second.total, third.total) == (5, 5, 5)
    # Case and accents are ignored when sorting by name, as when searching.
    assert names(first) + names(second) + names(third) == [
        "άλφα", "Βήτα", "Γάμμα", "Δέλτα", "Έψιλον"]


def test_equal_sort_keys_are_ordered_by_id(store):
    created = [store.create_stakeholder(stakeholder(name="Ίδιο")) for _ in range(4)]
    page = store.find_stakeholders(StakeholderQuery(order=StakeholderOrder.NAME))
    assert [s.id for s in page.items] == sorted(s.id for s in created)


def test_search_can_order_by_creation_time(store):
    base = datetime(2025, 1, 1, tzinfo=UTC)
    for days, name in [(3, "c"), (1, "a"), (2, "b")]:
        store.create_stakeholder(stakeholder(name=name, created_at=base + timedelta(days=days)))
    page = store.find_stakeholders(StakeholderQuery(order=StakeholderOrder.CREATED_AT))
    assert names(page) == ["a", "b", "c"]


def test_deleting_a_stakeholder_makes_it_not_found(store):
    gone = store.create_stakeholder(stakeholder())
    store.delete_stakeholder(gone.id)
    with pytest.raises(NotFound):
        store.get_stakeholder(gone.id)
    assert store.find_stakeholders(StakeholderQuery()).total == 0


def test_an_update_based_on_a_stale_read_is_a_conflict_and_changes_nothing(store):
    original = store.create_stakeholder(stakeholder())
    first = dataclasses.replace(original, name="Πρώτη αλλαγή",
                                updated_at=original.updated_at + timedelta(seconds=1))
    store.update_stakeholder(first, expected_updated_at=original.updated_at)
    version = store.version()
    stale = dataclasses.replace(original, description="βασισμένη σε παλιά ανάγνωση",
                                updated_at=original.updated_at + timedelta(seconds=2))
    with pytest.raises(Conflict) as raised:
        store.update_stakeholder(stale, expected_updated_at=original.updated_at)
    assert "updated_at" in raised.value.errors
    assert store.get_stakeholder(original.id) == first
    assert store.version() == version


def test_a_search_by_need_finds_a_private_need_only_for_whoever_may_read_private_fields(store):
    """Else trying topics one by one would tell anyone a need its holder keeps private."""
    needing = {f"{region} {private}": store.create_stakeholder(stakeholder(
        region=region, needs=("financing.equity",), needs_private=private)).id
        for region in ("EL303", "EL522") for private in (False, True)}
    store.create_stakeholder(stakeholder(needs=("financing.loan",)))
    actors = {
        "admin": User(id="a", username="a", role=Role.ADMIN),
        "attica coordinator": User(id="c", username="c", role=Role.COORDINATOR,
                                   regions=("EL30",)),
        "member of the private one in EL522": User(
            id="m", username="m", role=Role.MEMBER, memberships=(needing["EL522 True"],)),
        "member of nothing": User(id="n", username="n", role=Role.MEMBER),
    }
    stakeholders = Stakeholders(store, SnapshotCache(store))

    def found(who: str) -> tuple[int, set[str]]:
        firsts = [stakeholders.find_stakeholders(
                      StakeholderQuery(need="financing.equity", page=page, page_size=1),
                      actor=actors[who])
                  for page in (1, 2, 3, 4)]
        return firsts[0].total, {s.id for page in firsts for s in page.items}

    public = {needing["EL303 False"], needing["EL522 False"]}
    assert found("admin") == (4, set(needing.values()))
    assert found("attica coordinator") == (3, public | {needing["EL303 True"]})
    assert found("member of the private one in EL522") == (3, public | {needing["EL522 True"]})
    assert found("member of nothing") == (2, public)
