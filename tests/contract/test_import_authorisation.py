"""An import obeys the single-object endpoints' rules object by object, and audits each object.

Use cases over both stores: a coordinator of Attica (EL30) imports files that touch its own
stakeholders and stakeholders of Western Greece (EL63), some of which it may not even see.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import InvalidInput
from graph_models.domain.queries import AuditQuery, StakeholderQuery
from graph_models.domain.stakeholders import Kind, Stakeholder, TieType
from graph_models.use_cases.interchange import ImportLine, Interchange
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders

COORDINATOR = User(id="coordinator-el30", username="attica", role=Role.COORDINATOR,
                   regions=("EL30",))


@dataclass
class World:
    stakeholders: Stakeholders
    interchange: Interchange
    own: Stakeholder  # in EL303
    hidden: Stakeholder  # an investor in EL631 that does not consent to be seen
    visible: Stakeholder  # an investor in EL631 that does


@pytest.fixture
def world(store) -> World:
    stakeholders = Stakeholders(store, SnapshotCache(store))
    own = stakeholders.create_stakeholder(entrepreneur(external_id="OWN-1"))
    hidden = stakeholders.create_stakeholder(investor(external_id="HIDDEN-1", discoverable=False))
    visible = stakeholders.create_stakeholder(investor(external_id="VISIBLE-1",
                                                       discoverable=True))
    return World(stakeholders, Interchange(store), own, hidden, visible)


def entrepreneur(**fields) -> dict:
    return {"kind": Kind.ENTREPRENEUR, "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL303",
            "email": "team@helios.example.org", **fields}


def investor(**fields) -> dict:
    return {"kind": Kind.INVESTOR, "name": "Ταμείο Δυτικής Ελλάδας", "region": "EL631",
            "email": "fund@west.example.org", "offers": ["financing.loan"], **fields}


def lines(*records: dict) -> list[ImportLine]:
    return [ImportLine(number, record) for number, record in enumerate(records, start=1)]


def import_as_coordinator(interchange: Interchange, stakeholders=(), ties=()):
    return interchange.import_lines(lines(*stakeholders), [
        ImportLine(len(stakeholders) + number, record)
        for number, record in enumerate(ties, start=1)], actor=COORDINATOR)


def refused(interchange: Interchange, stakeholders=(), ties=()) -> InvalidInput:
    """The import's refusal, checking that it wrote nothing."""
    before, version = interchange.store.export(), interchange.store.version()
    with pytest.raises(InvalidInput) as raised:
        import_as_coordinator(interchange, stakeholders, ties)
    assert interchange.store.version() == version
    assert interchange.store.export() == before
    return raised.value


def funded(source: dict, target: dict) -> dict:
    return {"type": TieType.FUNDED, "source": source, "target": target, "amount": 5000.0}


def test_a_coordinator_may_not_overwrite_by_id_a_stakeholder_outside_its_territories(world):
    overwrite = entrepreneur(id=world.hidden.id, kind=Kind.INVESTOR, name="Δικό μου",
                             offers=["financing.loan"])

    error = refused(world.interchange, [overwrite])

    assert list(error.errors) == ["line 1.id"]
    assert world.stakeholders.get_stakeholder(world.hidden.id) == world.hidden


def test_a_coordinator_may_not_overwrite_a_visible_stakeholder_outside_its_territories(world):
    overwrite = investor(id=world.visible.id, region="EL303", name="Δικό μου")

    error = refused(world.interchange, [overwrite])

    assert list(error.errors) == ["line 1.id"]


def test_a_coordinator_may_not_overwrite_one_outside_its_territories_by_external_id(world):
    overwrite = investor(external_id="HIDDEN-1", region="EL303", name="Δικό μου")

    error = refused(world.interchange, [overwrite])

    assert list(error.errors) == ["line 1.external_id"]


def test_a_coordinator_may_not_move_its_own_stakeholder_out_of_its_territories(world):
    error = refused(world.interchange, [entrepreneur(id=world.own.id, region="EL631")])

    assert list(error.errors) == ["line 1.region"]


def test_a_coordinator_may_update_its_own_stakeholder_by_id_or_external_id(world):
    result = import_as_coordinator(world.interchange, [
        entrepreneur(id=world.own.id, external_id="OWN-1", name="Νέο όνομα")])

    assert (result.stakeholders_created, result.stakeholders_updated) == (0, 1)
    assert world.stakeholders.get_stakeholder(world.own.id).name == "Νέο όνομα"


def test_a_hidden_stakeholder_named_by_id_is_answered_as_an_unknown_id_is(world):
    """The answer names no kind: a coordinator learns nothing of what it may not see."""
    def answer(stakeholder_id: str) -> tuple[str, str]:
        error = refused(world.interchange, [entrepreneur(id=stakeholder_id)])
        return error.message, repr(error.errors).replace(stakeholder_id, "ID")

    assert answer(world.hidden.id) == answer("no-such-stakeholder")


def test_a_hidden_tie_end_is_answered_as_an_unknown_end_is(world):
    def answer(stakeholder_id: str) -> tuple[str, str]:
        error = refused(world.interchange,
                        ties=[funded({"id": stakeholder_id}, {"id": world.own.id})])
        return error.message, repr(error.errors).replace(stakeholder_id, "ID")

    assert answer(world.hidden.id) == answer("no-such-stakeholder")
    # Not even the kinds are compared: a KNOWS tie from a policymaker would do as well.
    assert answer(world.hidden.id)[1] == "{'line 1.source': ['no stakeholder ID']}"


def test_a_coordinator_may_not_tie_its_stakeholder_to_a_hidden_one(world):
    by_external_id = {"kind": Kind.INVESTOR, "external_id": "HIDDEN-1"}

    error = refused(world.interchange, [entrepreneur(id=world.own.id)],
                    [funded(by_external_id, {"id": world.own.id})])

    assert error.errors == {
        "line 2.source": ["no stakeholder investor with external_id HIDDEN-1"]}


def test_a_coordinator_may_tie_its_stakeholder_to_a_visible_one_as_post_ties_allows(world):
    result = import_as_coordinator(world.interchange, ties=[
        funded({"id": world.visible.id}, {"id": world.own.id})])

    assert result.ties_created == 1


def test_a_coordinator_may_not_tie_two_stakeholders_outside_its_territories(world):
    other = world.stakeholders.create_stakeholder(entrepreneur(region="EL631", discoverable=True))

    error = refused(world.interchange, ties=[funded({"id": world.visible.id}, {"id": other.id})])

    assert list(error.errors) == ["line 1.source"]


def test_each_object_an_import_writes_gets_its_own_audit_entry(world):
    coop = entrepreneur(external_id="NEW-1", name="Νέα")
    import_as_coordinator(world.interchange, [
        coop, entrepreneur(id=world.own.id, external_id="OWN-1", name="Άλλο όνομα",
                           email="team@helios.example.org")],
        [funded({"id": world.visible.id}, {"kind": Kind.ENTREPRENEUR, "external_id": "NEW-1"})])

    entries = world.interchange.store.find_audit(AuditQuery(actor_id=COORDINATOR.id)).items
    by_action = {}
    for entry in entries:
        by_action.setdefault(entry.action, []).append(entry)
    (created,) = world.stakeholders.find_stakeholders(StakeholderQuery(text="Νέα")).items
    tie = world.stakeholders.ties_of(created.id)[0]
    assert sorted(by_action) == ["graph.import", "stakeholder.create", "stakeholder.update",
                                 "tie.create"]
    assert [e.object_id for e in by_action["stakeholder.create"]] == [created.id]
    (update,) = by_action["stakeholder.update"]
    assert (update.object_id, update.region) == (world.own.id, "EL303")
    assert "name" in update.fields and "kind" not in update.fields
    assert [(e.object_id, e.region) for e in by_action["tie.create"]] == [(tie.id, "EL631")]


def test_an_unchanged_line_leaves_no_audit_entry_of_its_object(world):
    same = {name: getattr(world.own, name) for name in (
        "kind", "name", "region", "external_id", "email")}
    import_as_coordinator(world.interchange, [{**same, "id": world.own.id}])

    entries = world.interchange.store.find_audit(AuditQuery(object_ids=(world.own.id,))).items

    assert [e.action for e in entries] == ["stakeholder.create"]
