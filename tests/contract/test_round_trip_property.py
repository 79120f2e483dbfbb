"""Property: any valid stakeholder survives a round trip through either store unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from graph_models.domain.stakeholders import stakeholder_problems
from tests.strategies import stakeholders


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(written=stakeholders())
def test_any_valid_stakeholder_reads_back_unchanged(store, written):
    assert stakeholder_problems(written) == {}
    store.create_stakeholder(written)
    assert store.get_stakeholder(written.id) == written
    store.delete_stakeholder(written.id)  # external ids drawn again must not collide
