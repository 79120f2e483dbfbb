"""The store contract for bulk upserts: all or nothing, idempotent, keyed by external id."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from graph_models.domain.accounts import audit_entry
from graph_models.domain.errors import InvalidInput
from graph_models.domain.interchange import Change, StakeholderImport, StakeholderRef, TieImport
from graph_models.domain.queries import AuditQuery
from graph_models.domain.stakeholders import Kind, TieType
from tests.builders import stakeholder, tie


def ref(s) -> StakeholderRef:
    return StakeholderRef(kind=s.kind, external_id=s.external_id)


def imports(*people):
    return [StakeholderImport(p, line=n) for n, p in enumerate(people, start=1)]


def tie_import(tie_type, source, target, line=None, **fields):
    return TieImport(tie(tie_type, "?", "?", **fields), ref(source), ref(target), line=line)


@pytest.fixture
def ecosystem_file():
    entrepreneur = stakeholder(Kind.ENTREPRENEUR, external_id="KOINSEP-1")
    investor = stakeholder(Kind.INVESTOR, external_id="BANK-1")
    support = stakeholder(Kind.SUPPORT_ORGANISATION, external_id="KALO-1")
    ties = [tie_import(TieType.FUNDED, investor, entrepreneur, line=4),
            tie_import(TieType.KNOWS, support, investor, line=5)]
    return [entrepreneur, investor, support], ties


def test_a_bulk_upsert_creates_everything_in_one_write(store, ecosystem_file):
    people, ties = ecosystem_file
    result = store.bulk_upsert(imports(*people), ties)
    assert (result.stakeholders_created, result.stakeholders_updated) == (3, 0)
    assert (result.ties_created, result.ties_updated) == (2, 0)
    assert store.version() == 1
    export = store.export()
    assert sorted(s.id for s in export.stakeholders) == sorted(p.id for p in people)
    funded = next(t for t in export.ties if t.type == TieType.FUNDED)
    assert (funded.source, funded.target) == (people[1].id, people[0].id)


def test_running_the_same_import_again_changes_nothing_and_says_so(store, ecosystem_file):
    people, ties = ecosystem_file
    store.bulk_upsert(imports(*people), ties)
    before = store.export()
    # A second run arrives with new generated ids; the external ids match the same records.
    again = [dataclasses.replace(p, id=f"new-{p.id}") for p in people]
    again_ties = [dataclasses.replace(t, tie=dataclasses.replace(t.tie, id=f"new-{t.tie.id}"))
                  for t in ties]
    result = store.bulk_upsert(imports(*again), again_ties)
    assert (result.stakeholders_created, result.stakeholders_updated,
            result.stakeholders_unchanged) == (0, 0, 3)
    assert (result.ties_created, result.ties_updated, result.ties_unchanged) == (0, 0, 2)
    after = store.export()
    assert after.stakeholders == before.stakeholders
    assert after.ties == before.ties


def test_an_import_that_changes_one_tie_updates_only_that_one(store, ecosystem_file):
    people, ties = ecosystem_file
    store.bulk_upsert(imports(*people), ties)
    heavier = dataclasses.replace(ties[1], tie=dataclasses.replace(ties[1].tie, weight=4.0))
    result = store.bulk_upsert([], [ties[0], heavier])
    assert (result.ties_created, result.ties_updated, result.ties_unchanged) == (0, 1, 1)
    knows = next(t for t in store.export().ties if t.type == TieType.KNOWS)
    assert knows.weight == 4.0


def test_a_replaced_stakeholder_keeps_the_time_a_consent_it_still_gives_was_given(
        store, ecosystem_file):
    people, _ = ecosystem_file
    store.bulk_upsert(imports(*people), [])
    later = datetime(2026, 9, 1, tzinfo=UTC)
    renamed = dataclasses.replace(people[0], name="Άλλο", discoverable_at=later,
                                  contact_sharing=True, contact_sharing_at=later)
    store.bulk_upsert(imports(renamed), [])
    stored = store.get_stakeholder(people[0].id)
    assert stored.discoverable_at == people[0].discoverable_at
    assert stored.contact_sharing_at == later


def test_an_upsert_updates_fields_but_keeps_id_and_creation_time(store, ecosystem_file):
    people, ties = ecosystem_file
    store.bulk_upsert(imports(*people), ties)
    later = datetime(2026, 6, 1, tzinfo=UTC)
    renamed = dataclasses.replace(people[0], id="another-id", name="Νέο όνομα",
                                  created_at=later, updated_at=later)
    store.bulk_upsert(imports(renamed), [])
    stored = store.get_stakeholder(people[0].id)
    assert stored.name == "Νέο όνομα"
    assert stored.created_at == people[0].created_at
    assert stored.updated_at == later


def test_an_import_may_name_existing_stakeholders_by_id(store, ecosystem_file):
    people, _ = ecosystem_file
    store.bulk_upsert(imports(*people), [])
    by_id = TieImport(tie(TieType.KNOWS, "?", "?"), StakeholderRef(id=people[0].id),
                      StakeholderRef(id=people[2].id))
    assert store.bulk_upsert([], [by_id]).ties_created == 1
    assert len(store.ties_of(people[2].id)) == 1


def test_a_failed_bulk_import_leaves_the_store_exactly_as_it_was(store, ecosystem_file):
    people, ties = ecosystem_file
    store.bulk_upsert(imports(people[0]), [])
    before, version = store.export(), store.version()
    stranger = stakeholder(Kind.INVESTOR, external_id="NOBODY")
    bad = [*ties, tie_import(TieType.FUNDED, stranger, people[0], line=9)]
    with pytest.raises(InvalidInput) as raised:
        store.bulk_upsert(imports(*[dataclasses.replace(p, name="changed") for p in people]),
                          bad)
    assert list(raised.value.errors) == ["line 9.source"]
    assert store.version() == version
    assert store.export() == before


def test_an_id_that_belongs_to_another_kind_is_rejected(store, ecosystem_file):
    people, _ = ecosystem_file
    store.bulk_upsert(imports(*people), [])
    impostor = dataclasses.replace(people[1], kind=Kind.POLICYMAKER, instruments=(),
                                   ticket_min=None, ticket_max=None, organisation_type=None)
    with pytest.raises(InvalidInput) as raised:
        store.bulk_upsert(imports(impostor), [])
    assert list(raised.value.errors) == ["line 1.kind"]


def test_a_review_refusing_the_plan_writes_nothing(store, ecosystem_file):
    people, ties = ecosystem_file
    version = store.version()

    def refuse(plan):
        assert [item.change for item in plan.stakeholders] == [Change.CREATED] * 3
        raise InvalidInput("no", errors={"line 1.name": ["refused"]})

    with pytest.raises(InvalidInput, match="no"):
        store.bulk_upsert(imports(*people), ties, review=refuse)
    assert store.version() == version
    assert store.export().stakeholders == []


def test_the_audit_entries_a_review_gives_are_written_with_the_import(store, ecosystem_file):
    people, ties = ecosystem_file

    def review(plan):
        return [audit_entry("someone", "tie.create", "tie", t.new.id) for t in plan.ties]

    store.bulk_upsert(imports(*people), ties, review=review)

    tie_ids = sorted(t.id for t in store.export().ties)
    entries = store.find_audit(AuditQuery(actor_id="someone")).items
    assert sorted(e.object_id for e in entries) == tie_ids


def test_a_tie_whose_external_id_names_a_tie_between_other_stakeholders_is_refused(
        store, ecosystem_file):
    people, _ = ecosystem_file
    other = stakeholder(Kind.INVESTOR, external_id="BANK-2")
    first = tie_import(TieType.FUNDED, people[1], people[0], external_id="LOAN-1")
    store.bulk_upsert(imports(*people, other), [first])

    moved = tie_import(TieType.FUNDED, other, people[0], line=7, external_id="LOAN-1")
    with pytest.raises(InvalidInput) as raised:
        store.bulk_upsert([], [moved])

    assert list(raised.value.errors) == ["line 7.external_id"]


def test_two_lines_naming_the_same_stored_stakeholder_are_refused(store, ecosystem_file):
    people, _ = ecosystem_file
    store.bulk_upsert(imports(*people), [])
    by_external_id = dataclasses.replace(people[0], id="another-id", name="Άλλο")

    with pytest.raises(InvalidInput) as raised:
        store.bulk_upsert(imports(people[0], by_external_id), [])

    assert list(raised.value.errors) == ["line 2.external_id"]


def test_a_tie_naming_one_stakeholder_by_id_and_by_external_id_joins_it_to_itself_and_is_refused(
        store, ecosystem_file):
    people, _ = ecosystem_file
    store.bulk_upsert(imports(*people), [])
    itself = TieImport(tie(TieType.KNOWS, "?", "?"), StakeholderRef(id=people[0].id),
                       ref(people[0]), line=3)

    with pytest.raises(InvalidInput) as raised:
        store.bulk_upsert([], [itself])

    assert list(raised.value.errors) == ["line 3.target"]
