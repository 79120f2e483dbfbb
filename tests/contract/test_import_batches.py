"""Neo4j writes an import too large for one transaction in several: checked whole first, and
resumable by sending it again. (SQLite writes any import in one transaction.)

The batches are made small here so that a few lines need several transactions; the 50 MB import
that needs them for real is tests/api/test_large_import.py.
"""

from __future__ import annotations

import pytest

from graph_models.domain.errors import InvalidInput, OutcomeUnknown
from graph_models.domain.interchange import ImportResult
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.stores.neo4j import Neo4jStore
from graph_models.use_cases.interchange import ImportLine, Interchange
from tests.conftest import NEO4J_URL, wipe_neo4j
from tests.faults import CommitDroppingProxy

pytestmark = pytest.mark.neo4j

SECOND_BATCH = "Δεύτερη δόση"


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr("graph_models.stores.neo4j.interchange.IMPORT_BATCH_ITEMS", 2)


def lines(*, last_target: str = "C-1") -> tuple[list[ImportLine], list[ImportLine]]:
    """Four stakeholders (the third named SECOND_BATCH) and a tie: three batches of two."""
    stakeholders = [ImportLine(n, {"kind": Kind.ENTREPRENEUR, "name": name, "region": "EL303",
                                   "external_id": f"C-{n}"})
                    for n, name in enumerate(["Α", "Β", SECOND_BATCH, "Δ"], start=1)]
    tie = ImportLine(5, {"type": TieType.KNOWS,
                         "source": {"kind": Kind.ENTREPRENEUR, "external_id": "C-4"},
                         "target": {"kind": Kind.ENTREPRENEUR, "external_id": last_target}})
    return stakeholders, [tie]


def test_a_bad_last_line_of_an_import_in_several_transactions_writes_nothing(
        store_neo4j, small_batches):
    interchange = Interchange(store_neo4j)
    version = store_neo4j.version()

    with pytest.raises(InvalidInput) as raised:
        interchange.import_lines(*lines(last_target="NO-SUCH"))

    assert list(raised.value.errors) == ["line 5.target"]
    assert store_neo4j.version() == version
    assert store_neo4j.export().stakeholders == []


def test_an_import_in_several_transactions_writes_them_all(store_neo4j, small_batches):
    interchange = Interchange(store_neo4j)
    version = store_neo4j.version()

    result = interchange.import_lines(*lines())

    assert result == ImportResult(stakeholders_created=4, ties_created=1)
    assert store_neo4j.version() == version + 3


def test_an_import_cut_short_says_how_far_it_got_and_sending_it_again_completes_it(
        store_neo4j, small_batches):
    proxy = CommitDroppingProxy(NEO4J_URL)
    proxied = Neo4jStore(proxy.url, user=None, password=None)
    try:
        proxy.arm(SECOND_BATCH.encode())
        with pytest.raises(OutcomeUnknown) as raised:
            Interchange(proxied).import_lines(*lines())

        assert "but 2 of the import's 5 lines had been written before" in raised.value.message
        assert "sending the same import again is safe" in raised.value.message
        again = Interchange(proxied).import_lines(*lines())
    finally:
        proxied.close()
        proxy.close()

    # The second transaction was committed, though its answer was lost; the third was not.
    assert again == ImportResult(stakeholders_unchanged=4, ties_created=1)


@pytest.fixture
def store_neo4j(neo4j_store):
    wipe_neo4j(neo4j_store)
    return neo4j_store
