"""Property tests of a coordinator's edits: whatever sequence of swaps, placements, removals,
pins, re-solves and changes of a mentor's capacity, the draft keeps every mentor within its
capacity, every pair within the constraints, each mentee at most once, the pins through a
re-solve, and removed pairs out.

On SQLite only: what is checked is the use cases' bookkeeping, which does not depend on the
store (the store's part, the compare-and-set, has its contract tests on both).
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph_models.domain.errors import InvalidInput
from graph_models.domain.programmes import MentorEnrolment
from graph_models.domain.stakeholders import Kind
from graph_models.stores.sqlite import SqliteStore
from graph_models.use_cases.programme_drafts import Edit
from graph_models.use_cases.programmes import Programmes
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.builders import FIXED_TIME

LANGUAGES = (["el"], ["en"], ["el", "en"])
_stores = itertools.count(1)

STEPS = [*Edit, "resolve", "recapacitate"]
edits = st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 5), st.integers(0, 5),
                           st.integers(0, 3)), min_size=1, max_size=12)


def programme(tmp_path, languages: list[int], capacities: list[int]):
    store = SqliteStore(tmp_path / f"draft-{next(_stores)}.db")
    store.ensure_schema()
    eco = Stakeholders(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    desk = Programmes(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    mentees = [eco.create_stakeholder({
        "kind": Kind.ENTREPRENEUR, "name": f"mentee {i}", "region": "EL303",
        "discoverable": True, "languages": LANGUAGES[lang],
        "needs": ["training.mentoring"]}).id for i, lang in enumerate(languages)]
    mentors = [eco.create_stakeholder({
        "kind": Kind.SUPPORT_ORGANISATION, "name": f"mentor {j}", "region": "EL303",
        "discoverable": True, "languages": LANGUAGES[j % 3], "offers": ["training.mentoring"],
        "capacity": 10}).id for j in range(len(capacities))]
    opened = desk.open_programme("p", "EL30", FIXED_TIME.date())
    desk.enrol(opened.programme.id, mentees=mentees, mentors=[
        MentorEnrolment(m, c) for m, c in zip(mentors, capacities, strict=True)])
    return store, desk, opened.programme.id, mentees, mentors


def check(store, programme_id: str, capacities: dict[str, int]) -> None:
    p = store.get_programme(programme_id)
    pairs = p.draft.pairs
    assert len({x.mentee_id for x in pairs}) == len(pairs)
    for mentor, capacity in capacities.items():
        assert sum(x.mentor_id == mentor for x in pairs) <= capacity
    constraints = p.constraints()
    assert not any((x.mentee_id, x.mentor_id) in constraints.excluded for x in pairs)
    placed = {x.mentee_id for x in pairs}
    assert placed.isdisjoint(u.mentee_id for u in p.draft.unplaced)
    assert placed | {u.mentee_id for u in p.draft.unplaced} <= set(p.mentee_ids)


@settings(max_examples=50, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(languages=st.lists(st.integers(0, 2), min_size=2, max_size=6),
       capacities=st.lists(st.integers(1, 2), min_size=1, max_size=3), steps=edits)
def test_no_sequence_of_edits_breaks_a_capacity_a_constraint_a_pin_or_an_exclusion(
        tmp_path, languages, capacities, steps):
    store, desk, programme_id, mentees, mentors = programme(tmp_path, languages, capacities)
    desk.propose(programme_id)
    capacity = dict(zip(mentors, capacities, strict=True))
    for action, a, b, c in steps:
        before = store.get_programme(programme_id)
        if action == "recapacitate":
            mentor = mentors[c % len(mentors)]
            capacity[mentor] = a % 2 + 1
            desk.enrol(programme_id, mentors=[MentorEnrolment(mentor, capacity[mentor])])
        elif action == "resolve":
            pins = {(x.mentee_id, x.mentor_id) for x in before.draft.pairs if x.pinned}
            after = desk.propose(programme_id).programme
            assert pins <= {(x.mentee_id, x.mentor_id) for x in after.draft.pairs}
            assert not {(x.mentee_id, x.mentor_id) for x in after.draft.pairs} & set(
                after.excluded)
        else:
            try:
                desk.edit(programme_id, Edit(action), mentees[a % len(mentees)],
                          other_mentee_id=mentees[b % len(mentees)],
                          mentor_id=mentors[c % len(mentors)])
                event(f"{action} written")
            except InvalidInput:
                assert store.get_programme(programme_id) == before  # refused: nothing written
        check(store, programme_id, capacity)
    store.close()
