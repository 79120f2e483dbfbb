"""Mentorship programmes on each store: opened in a coordinator's territory, enrolled, proposed,
edited (swap, place, remove, pin and re-solve around the pins), published once into
mentorships, reported on; and ratings that feed later match scores."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_models.domain.mentorships import CancelReason, MentorshipState, Step
from graph_models.domain.programmes import MentorEnrolment, ProgrammeState, UnplacedReason
from graph_models.domain.queries import MentorshipQuery
from graph_models.domain.stakeholders import Kind, new_id
from graph_models.use_cases.live_index import LiveMatchIndex
from graph_models.use_cases.matches import Matches
from graph_models.use_cases.mentorships import Mentorships
from graph_models.use_cases.programme_drafts import Edit
from graph_models.use_cases.programmes import Programmes
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.builders import FIXED_TIME

START = date(2026, 2, 1)
_worlds = itertools.count(1)


@dataclass
class World:
    eco: Stakeholders
    matches: Matches
    desk: Programmes
    lifecycle: Mentorships
    users: dict[str, User]
    ids: dict[str, str]

    def open(self, who: str = "coordinator", **fields):
        return self.desk.open_programme(**{"name": "Άνοιξη 2026", "region": "EL30",
                                           "starts_on": START, **fields},
                                        actor=self.users[who]).programme

    def enrolled(self, **fields):
        """An open programme with ana, bo and cy as mentees and kim and lee (one place each)
        as mentors."""
        programme = self.open(**fields)
        self.desk.enrol(programme.id, mentees=[self.ids[x] for x in ("ana", "bo", "cy")],
                        mentors=[MentorEnrolment(self.ids["kim"], 1),
                                 MentorEnrolment(self.ids["lee"], 1)],
                        actor=self.users["coordinator"])
        return programme.id


def build_world(store) -> World:
    snapshots = SnapshotCache(store)
    eco = Stakeholders(store, snapshots, clock=lambda: FIXED_TIME)
    number = next(_worlds)
    ids = {}
    for name in ("ana", "bo", "cy"):
        ids[name] = eco.create_stakeholder({
            "kind": Kind.ENTREPRENEUR, "name": f"{name} {number}", "region": "EL303",
            "discoverable": True, "languages": ["el"], "sectors": ["catering_food_services"],
            "needs": ["training.mentoring", "training.financial_literacy"]}).id
    for name, offers in (("kim", ["training.mentoring", "training.financial_literacy"]),
                         ("lee", ["training.mentoring"])):
        ids[name] = eco.create_stakeholder({
            "kind": Kind.SUPPORT_ORGANISATION, "name": f"{name} {number}", "region": "EL303",
            "discoverable": True, "languages": ["el"], "offers": offers, "capacity": 10}).id
    ids["bank"] = eco.create_stakeholder({"kind": Kind.INVESTOR, "name": f"bank {number}",
                                          "region": "EL303", "discoverable": True}).id
    users = {
        "coordinator": _user(store, "coordinator", Role.COORDINATOR, regions=("EL30",)),
        "elsewhere": _user(store, "elsewhere", Role.COORDINATOR, regions=("EL52",)),
        "admin": _user(store, "admin", Role.ADMIN),
        "member": _user(store, "member", Role.MEMBER, memberships=(ids["ana"],)),
        "kim": _user(store, "kim", Role.MEMBER, memberships=(ids["kim"],)),
        "lee": _user(store, "lee", Role.MEMBER, memberships=(ids["lee"],)),
    }
    for name in ("ana", "bo", "cy"):
        users[name] = _user(store, name, Role.MEMBER, memberships=(ids[name],))
    return World(eco, Matches(store, LiveMatchIndex(store)),
                 Programmes(store, snapshots, clock=lambda: FIXED_TIME),
                 Mentorships(store, clock=lambda: FIXED_TIME), users, ids)


def _user(store, who: str, role: Role, **fields) -> User:
    return store.create_user(User(id=new_id(), username=f"{who}-{new_id()[:8]}", role=role,
                                  created_at=FIXED_TIME, updated_at=FIXED_TIME, **fields))


def pairs(view) -> dict[str, tuple[str, bool]]:
    return {p.pair.mentee_id: (p.pair.mentor_id, p.pair.pinned) for p in view.pairs}


def test_a_coordinator_opens_programmes_in_its_territories_only(store):
    world = build_world(store)

    programme = world.open()
    assert (programme.state, programme.region, programme.created_by) == (
        ProgrammeState.DRAFT, "EL30", world.users["coordinator"].id)
    with pytest.raises(Forbidden) as elsewhere:
        world.open(region="EL52")
    assert "region" in elsewhere.value.errors
    with pytest.raises(Forbidden):
        world.open("member")
    assert world.open("admin", region="EL52").region == "EL52"
    with pytest.raises(InvalidInput) as bad:
        world.desk.open_programme("", "EL99", START, ends_on=date(2026, 1, 1),
                                  actor=world.users["admin"])
    assert set(bad.value.errors) == {"name", "region", "ends_on"}


def test_only_the_programmes_coordinators_see_it(store):
    world = build_world(store)
    programme = world.open()

    assert world.desk.get_programme(programme.id, actor=world.users["admin"]).programme == programme
    with pytest.raises(NotFound):
        world.desk.get_programme(programme.id, actor=world.users["elsewhere"])
    with pytest.raises(Forbidden):
        world.desk.get_programme(programme.id, actor=world.users["member"])
    assert [v.programme.id for v in world.desk.programmes(
        actor=world.users["coordinator"]).items] == [programme.id]
    assert world.desk.programmes(actor=world.users["elsewhere"]).total == 0


def test_enrolment_checks_who_may_mentor_and_be_mentored(store):
    world = build_world(store)
    programme = world.open()
    desk, coordinator = world.desk, world.users["coordinator"]

    with pytest.raises(InvalidInput) as investor:
        desk.enrol(programme.id, mentors=[MentorEnrolment(world.ids["bank"])],
                   actor=coordinator)
    assert "mentors" in investor.value.errors
    with pytest.raises(InvalidInput) as support:
        desk.enrol(programme.id, mentees=[world.ids["kim"]], actor=coordinator)
    assert "mentees" in support.value.errors
    with pytest.raises(InvalidInput) as unknown:
        desk.enrol(programme.id, mentees=["nobody"], actor=coordinator)
    assert "mentees" in unknown.value.errors
    view = desk.enrol(programme.id, mentees=[world.ids["ana"]],
                      mentors=[MentorEnrolment(world.ids["kim"], 2)], actor=coordinator)
    assert view.programme.mentee_ids == (world.ids["ana"],)
    assert [(x.mentor_id, x.capacity) for x in view.loads] == [(world.ids["kim"], 2)]
    view = desk.enrol(programme.id, remove=[world.ids["kim"]], actor=coordinator)
    assert view.programme.mentors == ()
    assert store.get_programme(programme.id).revision == 2


def test_a_proposal_places_whom_capacity_allows_explains_each_pair_and_says_why_not(store):
    world = build_world(store)
    programme_id = world.enrolled()

    view = world.desk.propose(programme_id, actor=world.users["coordinator"])

    assert len(view.pairs) == 2 and len(view.unplaced) == 1
    assert view.unplaced[0].reason == UnplacedReason.ALL_FULL
    assert all(p.match is not None and p.match.score == pytest.approx(p.pair.score, abs=0.05)
               for p in view.pairs)
    assert all(p.mentee.name and p.mentor.name for p in view.pairs)
    assert sorted(x.placed for x in view.loads) == [1, 1]
    stable = world.desk.propose(programme_id, method="stable", actor=world.users["coordinator"])
    assert stable.programme.draft.method == "stable" and len(stable.pairs) == 2
    with pytest.raises(InvalidInput) as method:
        world.desk.propose(programme_id, method="random", actor=world.users["coordinator"])
    assert "method" in method.value.errors


def test_the_coordinator_edits_the_draft_and_resolves_around_the_pins(store):
    world = build_world(store)
    programme_id = world.enrolled()
    desk, coordinator, ids = world.desk, world.users["coordinator"], world.ids
    view = desk.propose(programme_id, actor=coordinator)
    placed = sorted(pairs(view))
    left = view.unplaced[0].mentee_id
    first, second = placed

    swapped = pairs(desk.edit(programme_id, Edit.SWAP, first, other_mentee_id=left,
                              actor=coordinator))
    assert swapped[left] == (pairs(view)[first][0], True) and first not in swapped
    with pytest.raises(InvalidInput) as full:
        desk.edit(programme_id, Edit.PLACE, first, mentor_id=swapped[left][0],
                  actor=coordinator)
    assert "mentor_id" in full.value.errors
    removed = desk.edit(programme_id, Edit.REMOVE, second, actor=coordinator)
    assert second not in pairs(removed)
    assert (second, pairs(view)[second][0]) in removed.programme.excluded
    placed_by_hand = desk.edit(programme_id, Edit.PLACE, first,
                               mentor_id=pairs(view)[second][0], actor=coordinator)
    assert pairs(placed_by_hand)[first] == (pairs(view)[second][0], True)
    unpinned = desk.edit(programme_id, Edit.UNPIN, first, actor=coordinator)
    assert pairs(unpinned)[first][1] is False

    resolved = pairs(desk.propose(programme_id, actor=coordinator))

    assert resolved[left] == swapped[left]  # the pin held
    assert resolved.get(second, (None,))[0] != pairs(view)[second][0]  # the exclusion held
    with pytest.raises(InvalidInput) as unknown:
        desk.edit(programme_id, Edit.PIN, ids["kim"], actor=coordinator)
    assert "mentee_id" in unknown.value.errors


def test_of_two_edits_from_the_same_revision_only_one_is_written(store):
    world = build_world(store)
    programme_id = world.enrolled()
    read = store.get_programme(programme_id)

    store.update_programme(read.changed(FIXED_TIME, name="one"))
    with pytest.raises(Conflict) as second:
        store.update_programme(read.changed(FIXED_TIME, name="two"))

    assert second.value.errors["state"] == ["draft"]
    assert store.get_programme(programme_id).name == "one"


def test_publishing_makes_each_pair_a_proposed_mentorship_once(store):
    world = build_world(store)
    programme_id = world.enrolled()
    desk, coordinator = world.desk, world.users["coordinator"]
    lifecycle = world.lifecycle
    with pytest.raises(Conflict):
        desk.publish(programme_id, actor=coordinator)  # nothing proposed yet
    proposed = pairs(desk.propose(programme_id, actor=coordinator))

    view = desk.publish(programme_id, actor=coordinator)

    assert view.programme.state == ProgrammeState.PUBLISHED and view.mentorships == 2
    made = store.find_mentorships(MentorshipQuery(programme_id=programme_id)).items
    assert {m.mentee_id: m.mentor_id for m in made} == {k: v[0] for k, v in proposed.items()}
    assert {m.state for m in made} == {MentorshipState.PROPOSED}
    for again in (lambda: desk.publish(programme_id, actor=coordinator),
                  lambda: desk.propose(programme_id, actor=coordinator),
                  lambda: desk.enrol(programme_id, actor=coordinator)):
        with pytest.raises(Conflict) as raised:
            again()
        assert raised.value.errors["state"] == ["published"]
    mentee = next(iter(proposed))
    mine = lifecycle.mentorships(actor=world.users[_name(world, mentee)]).items
    assert [v.mentorship.mentee_id for v in mine] == [mentee]
    assert mine[0].programme_name == "Άνοιξη 2026" and mine[0].steps == [Step.ACCEPT,
                                                                         Step.CANCEL]
    assert lifecycle.mentorships(actor=world.users["elsewhere"]).total == 0
    assert lifecycle.mentorships(programme_id=programme_id, actor=coordinator).total == 2


def _name(world: World, stakeholder_id: str) -> str:
    return next(k for k, v in world.ids.items() if v == stakeholder_id)


def test_the_report_counts_placements_answers_completions_ratings_and_new_ties(store):
    world = build_world(store)
    programme_id = world.enrolled()
    desk, coordinator = world.desk, world.users["coordinator"]
    lifecycle = world.lifecycle
    desk.propose(programme_id, actor=coordinator)
    desk.publish(programme_id, actor=coordinator)
    made = store.find_mentorships(MentorshipQuery(programme_id=programme_id)).items
    done, declined = made
    for who in (_name(world, done.mentee_id), _name(world, done.mentor_id)):
        lifecycle.act(done.id, Step.ACCEPT, actor=world.users[who])
    lifecycle.act(done.id, Step.START, actor=coordinator)
    lifecycle.act(done.id, Step.COMPLETE, rating=2, actor=world.users[_name(world, done.mentee_id)])
    lifecycle.act(done.id, Step.RATE, rating=3, actor=world.users[_name(world, done.mentor_id)])
    lifecycle.act(declined.id, Step.CANCEL, reason=CancelReason.DECLINED,
                  actor=world.users[_name(world, declined.mentor_id)])

    report = desk.report(programme_id, actor=coordinator).report

    assert (report.mentees, report.placed, report.placement_rate) == (3, 1, 0.3333)
    assert (report.acceptance_rate, report.completion_rate) == (0.5, 1.0)
    assert (report.ratings, report.average_rating, report.new_ties) == (2, 2.5, 1)
    assert dict(report.states)["cancelled"] == 1
    assert report.mentor_load.mentors == 2
    with pytest.raises(NotFound):
        desk.report(programme_id, actor=world.users["elsewhere"])


def test_a_poor_rating_lowers_the_pairs_later_match_score(store):
    world = build_world(store)
    programme_id = world.enrolled()
    desk, coordinator = world.desk, world.users["coordinator"]
    lifecycle = world.lifecycle
    desk.propose(programme_id, actor=coordinator)
    desk.publish(programme_id, actor=coordinator)
    m = store.find_mentorships(MentorshipQuery(programme_id=programme_id)).items[0]

    def score() -> float:
        found = world.matches.matches(m.mentee_id, pillar="training", include_connected=True,
                                  limit=100)
        return next(r.match.score for r in found if r.match.candidate_id == m.mentor_id)

    before = score()
    for who in (_name(world, m.mentee_id), _name(world, m.mentor_id)):
        lifecycle.act(m.id, Step.ACCEPT, actor=world.users[who])
    lifecycle.act(m.id, Step.START, actor=coordinator)
    lifecycle.act(m.id, Step.CHECK_IN, rating=1, actor=world.users[_name(world, m.mentee_id)])
    lifecycle.act(m.id, Step.CHECK_IN, rating=1, actor=world.users[_name(world, m.mentor_id)])

    after = score()
    assert after < before
    feedback = next(r.match for r in world.matches.matches(
        m.mentee_id, pillar="training", include_connected=True, limit=100)
        if r.match.candidate_id == m.mentor_id).term("feedback")
    assert feedback is not None and feedback.points < 0


def test_each_side_hears_of_its_proposal_and_of_the_other_sides_steps_but_never_of_its_own(
        store):
    world = build_world(store)
    programme_id = world.enrolled()
    desk, coordinator = world.desk, world.users["coordinator"]
    lifecycle = world.lifecycle
    desk.propose(programme_id, actor=coordinator)
    desk.publish(programme_id, actor=coordinator)
    m = store.find_mentorships(MentorshipQuery(programme_id=programme_id)).items[0]
    mentee, mentor = world.users[_name(world, m.mentee_id)], world.users[_name(world, m.mentor_id)]

    def subjects(user: User) -> list[str]:
        return sorted(n.subject for n in store.find_notifications(user.id))

    assert subjects(mentee) == ["Άνοιξη 2026: a mentor is proposed to you"]
    assert subjects(mentor) == ["Άνοιξη 2026: you are proposed as a mentor"]
    lifecycle.act(m.id, Step.ACCEPT, actor=mentee)
    assert "Άνοιξη 2026: the other side accepted" in subjects(mentor)
    assert len(subjects(mentee)) == 1
    lifecycle.act(m.id, Step.ACCEPT, actor=mentor)
    both = "Άνοιξη 2026: both sides accepted"
    assert both in subjects(mentee) and both in subjects(coordinator)
    assert both not in subjects(mentor)
    lifecycle.act(m.id, Step.CANCEL, reason=CancelReason.NO_TIME, actor=coordinator)
    cancelled = "Άνοιξη 2026: a mentorship is cancelled"
    assert cancelled in subjects(mentee) and cancelled in subjects(mentor)
    assert cancelled not in subjects(coordinator)
    names = {world.eco.get_stakeholder(x).name for x in world.ids.values()}
    assert not any(name in n.body or name in n.subject for user in world.users.values()
                   for n in store.find_notifications(user.id) for name in names)


def test_an_excluded_pair_leaves_the_draft_and_is_never_proposed_again(store):
    world = build_world(store)
    programme_id = world.enrolled()
    desk, coordinator = world.desk, world.users["coordinator"]
    mentee, mentor = next(iter(pairs(desk.propose(programme_id, actor=coordinator)).items()))

    view = desk.enrol(programme_id, exclude=[(mentee, mentor[0])], actor=coordinator)

    assert mentee not in pairs(view)
    assert [u.reason for u in view.unplaced if u.mentee_id == mentee] == [
        UnplacedReason.EXCLUDED]
    assert (mentee, mentor[0]) in view.programme.excluded
    assert pairs(desk.propose(programme_id, actor=coordinator)).get(mentee, (None,))[0] != (
        mentor[0])


def test_enrolment_names_a_mentor_listed_twice_and_an_exclusion_of_nobody(store):
    world = build_world(store)
    programme = world.open()
    desk, coordinator, kim = world.desk, world.users["coordinator"], world.ids["kim"]

    with pytest.raises(InvalidInput) as twice:
        desk.enrol(programme.id, mentors=[MentorEnrolment(kim), MentorEnrolment(kim, 3)],
                   actor=coordinator)
    with pytest.raises(InvalidInput) as nobody:
        desk.enrol(programme.id, exclude=[("nobody", kim)], actor=coordinator)

    assert twice.value.errors == {"mentors": ["listed twice"]}
    assert "exclude" in nobody.value.errors
    assert store.get_programme(programme.id).revision == 0


def test_lowering_a_mentors_capacity_cuts_its_draft_pairs_pinned_ones_kept_first(store):
    world = build_world(store)
    programme_id = world.enrolled()
    desk, coordinator, kim = world.desk, world.users["coordinator"], world.ids["kim"]
    desk.enrol(programme_id, mentors=[MentorEnrolment(kim, 3)], actor=coordinator)
    desk.propose(programme_id, actor=coordinator)
    on_kim = sorted(e for e, (t, _) in pairs(desk.get_programme(
        programme_id, actor=coordinator)).items() if t == kim)
    assert len(on_kim) >= 2
    pinned = on_kim[-1]
    desk.edit(programme_id, Edit.PIN, pinned, actor=coordinator)

    view = desk.enrol(programme_id, mentors=[MentorEnrolment(kim, 1)], actor=coordinator)

    assert [e for e, (t, _) in pairs(view).items() if t == kim] == [pinned]
    assert {u.mentee_id for u in view.unplaced} >= set(on_kim) - {pinned}
    desk.publish(programme_id, actor=coordinator)
    made = store.find_mentorships(MentorshipQuery(programme_id=programme_id)).items
    assert [m.mentee_id for m in made if m.mentor_id == kim] == [pinned]


def test_a_mentors_open_mentorships_elsewhere_take_places_its_own_capacity_gives(store):
    world = build_world(store)
    desk, coordinator, ids = world.desk, world.users["coordinator"], world.ids
    lifecycle = world.lifecycle
    first = world.open()
    desk.enrol(first.id, mentees=[ids["ana"], ids["bo"]], mentors=[MentorEnrolment(ids["kim"])],
               actor=coordinator)
    desk.propose(first.id, actor=coordinator)
    desk.publish(first.id, actor=coordinator)  # kim: 2 of its 10 places taken
    second = world.open()
    desk.enrol(second.id, mentees=[ids["cy"]], mentors=[MentorEnrolment(ids["kim"])],
               actor=coordinator)
    mentees = [world.eco.create_stakeholder({
        "kind": Kind.ENTREPRENEUR, "name": f"extra {i} {new_id()[:6]}", "region": "EL303",
        "discoverable": True, "languages": ["el"], "needs": ["training.mentoring"]}).id
        for i in range(9)]
    desk.enrol(second.id, mentees=mentees, actor=coordinator)

    view = desk.propose(second.id, actor=coordinator)

    assert len(view.pairs) == 8 and len(view.unplaced) == 2
    for m in store.find_mentorships(MentorshipQuery(programme_id=first.id)).items:
        lifecycle.act(m.id, Step.CANCEL, reason=CancelReason.NO_TIME, actor=coordinator)
    assert len(desk.propose(second.id, actor=coordinator).pairs) == 10


def test_publishing_refuses_a_draft_a_change_since_has_broken(store):
    world = build_world(store)
    programme_id = world.enrolled()
    desk, coordinator = world.desk, world.users["coordinator"]
    mentee = next(iter(pairs(desk.propose(programme_id, actor=coordinator))))
    world.eco.update_stakeholder(mentee, {"languages": ["en"]})

    with pytest.raises(Conflict) as broken:
        desk.publish(programme_id, actor=coordinator)

    assert any(mentee in problem for problem in broken.value.errors["draft"])
    assert store.get_programme(programme_id).state == ProgrammeState.DRAFT
    assert store.find_mentorships(MentorshipQuery(programme_id=programme_id)).total == 0


def test_circle_exchanges_show_a_private_need_only_to_whoever_may_see_it(store):
    world = build_world(store)
    offers = {"offers": ["training.financial_literacy"], "needs": ["training.sales"]}
    needs = {"offers": ["training.sales"], "needs": ["training.financial_literacy"],
             "needs_private": True}
    members = [world.eco.create_stakeholder({
        "kind": Kind.ENTREPRENEUR, "name": f"circle {i} {new_id()[:6]}", "region": "EL303",
        "discoverable": True, "languages": ["el"], **(needs if i % 2 else offers)}).id
        for i in range(4)]
    private = set(members[1::2])

    def needers(who: str) -> set[str]:
        plan = world.desk.circles(members, min_size=4, max_size=4, actor=world.users[who])
        return {x.needer for c in plan.circles for x in c.exchanges}

    assert needers("coordinator") >= private  # Attica's coordinator may see them
    assert needers("elsewhere") and not needers("elsewhere") & private


def test_a_mentee_enrolled_after_the_proposal_is_listed_unplaced_until_the_next_one(store):
    world = build_world(store)
    desk, coordinator, ids = world.desk, world.users["coordinator"], world.ids
    programme = world.open()
    desk.enrol(programme.id, mentees=[ids["ana"]], mentors=[MentorEnrolment(ids["kim"], 2)],
               actor=coordinator)
    desk.propose(programme.id, actor=coordinator)

    view = desk.enrol(programme.id, mentees=[ids["bo"]], actor=coordinator)

    assert [(u.mentee_id, u.reason) for u in view.unplaced] == [
        (ids["bo"], UnplacedReason.NOT_PROPOSED)]
    assert set(pairs(desk.propose(programme.id, actor=coordinator))) == {ids["ana"], ids["bo"]}


def test_a_draft_whose_mentor_has_left_the_network_is_still_edited_and_published(store):
    world = build_world(store)
    programme_id = world.enrolled()
    desk, coordinator = world.desk, world.users["coordinator"]
    placed = pairs(desk.propose(programme_id, actor=coordinator))
    (gone_mentee, (gone, _)), (kept, _) = sorted(placed.items())
    world.eco.delete_stakeholder(gone)

    view = desk.edit(programme_id, Edit.PIN, kept, actor=coordinator)

    assert set(pairs(view)) == {kept}
    assert [u.reason for u in view.unplaced if u.mentee_id == gone_mentee] == [
        UnplacedReason.NO_CANDIDATE]
    assert desk.publish(programme_id, actor=coordinator).mentorships == 1


def test_erasing_a_stakeholder_takes_it_out_of_every_programme_that_names_it(store):
    world = build_world(store)
    programme_id = world.enrolled()
    world.desk.propose(programme_id, actor=world.users["coordinator"])
    before = store.get_programme(programme_id)
    kim = world.ids["kim"]
    mentees_of_kim = [x.mentee_id for x in before.draft.pairs if x.mentor_id == kim]
    assert mentees_of_kim

    world.eco.delete_stakeholder(kim)

    after = store.get_programme(programme_id)
    assert kim not in repr(after)
    assert [m.id for m in after.mentors] == [world.ids["lee"]]
    assert all(kim not in (x.mentee_id, x.mentor_id) for x in after.draft.pairs)
    assert {(u.mentee_id, u.reason) for u in after.draft.unplaced} >= {
        (e, UnplacedReason.NO_CANDIDATE) for e in mentees_of_kim}
    assert after.revision == before.revision + 1
    world.eco.delete_stakeholder(world.ids["ana"])
    assert world.ids["ana"] not in repr(store.get_programme(programme_id))


def test_a_programme_neither_scores_nor_explains_a_need_a_mentee_keeps_private(store):
    """A pair's score reaches the mentor's side once published: a need the mentee keeps
    private must not shape it, nor show in the coordinator's explanations."""
    world = build_world(store)
    world.eco.update_stakeholder(world.ids["ana"], {"needs_private": True})
    programme_id = world.open().id
    world.desk.enrol(programme_id, mentees=[world.ids["ana"], world.ids["bo"]],
                     mentors=[MentorEnrolment(world.ids["kim"], 2)],
                     actor=world.users["coordinator"])

    view = world.desk.propose(programme_id, actor=world.users["coordinator"])

    scored = {p.pair.mentee_id: (p.pair.score, p.match.term("need_offer")) for p in view.pairs}
    (kept_score, kept), (open_score, shown) = scored[world.ids["ana"]], scored[world.ids["bo"]]
    assert "training.financial_literacy" in str(shown.reason) and shown.value == 1
    assert "training." not in str(kept.reason) and kept.value == 0
    assert kept_score < open_score
