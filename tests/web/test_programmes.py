"""The programme and mentorship pages without a browser: their forms and refusals (next to the
field, in Greek and English), who may open and post them, CSRF, and that a refused form writes
nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.mentorships import Step
from graph_models.domain.programmes import MentorEnrolment
from graph_models.domain.stakeholders import Kind
from graph_models.use_cases.programme_drafts import Edit
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of

STARTS = date.today() + timedelta(days=30)


@dataclass
class Cohort:
    """Three mentees and two mentors in Attica, a programme of theirs with a proposal, and
    signed-in browsers: Maria coordinates Attica; Giorgos, Central Macedonia; ana and kim are
    members of a mentee and of a mentor."""

    app: object
    ids: dict[str, str]
    programme_id: str

    def browser(self, username: str, language: str = "en"):
        client = self.app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        assert sign_in(client, username, language=language).status_code == 303
        return client

    def programme(self):
        return use_cases(self.app).programmes.get_programme(self.programme_id).programme


@pytest.fixture
def cohort(app, maria) -> Cohort:
    eco = use_cases(app)
    ids = {}
    for name in ("ana", "bo", "cy"):
        ids[name] = eco.stakeholders.create_stakeholder({
            "kind": Kind.ENTREPRENEUR, "name": f"Κοιν.Σ.Επ. {name}", "region": "EL303",
            "discoverable": True, "languages": ["el"], "needs": ["training.mentoring"]}).id
    for name in ("kim", "lee"):
        ids[name] = eco.stakeholders.create_stakeholder({
            "kind": Kind.SUPPORT_ORGANISATION, "name": f"Κέντρο {name}", "region": "EL303",
            "discoverable": True, "languages": ["el"], "offers": ["training.mentoring"],
            "capacity": 5}).id
    ids["bank"] = eco.stakeholders.create_stakeholder({
        "kind": Kind.INVESTOR, "name": "Τράπεζα Δοκιμής", "region": "EL303",
        "discoverable": True}).id
    programme_id = eco.programmes.open_programme("Άνοιξη", "EL30", STARTS).programme.id
    eco.programmes.enrol(programme_id, mentees=[ids["ana"], ids["bo"], ids["cy"]],
                         mentors=[MentorEnrolment(ids["kim"], 1), MentorEnrolment(ids["lee"], 1)])
    eco.programmes.propose(programme_id)
    make_user(app, "giorgos", Role.COORDINATOR, regions=["EL52"], password=PASSWORD)
    for name in ("ana", "kim"):
        make_user(app, name, Role.MEMBER, memberships=[ids[name]], password=PASSWORD)
    make_user(app, "stranger", Role.MEMBER, password=PASSWORD)
    return Cohort(app, ids, programme_id)


def error_next_to(response, field_id: str) -> str:
    """The error shown next to the control ``field_id``, which must point to it."""
    page = response.get_data(as_text=True)
    control = re.search(rf'id="{field_id}"[^>]*>', page)
    assert control and f"{field_id}-error" in control.group(0), control
    found = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', page)
    assert found, page
    return found.group(1)


def post(client, url: str, data: dict, *, page: str = "/mentorships"):
    """Post ``data`` as a form of ``page`` (carrying its CSRF token) would."""
    return client.post(url, data={"csrf_token": form_token(client.get(page)), **data})


# -- the programmes -----------------------------------------------------------------------------

def test_a_coordinator_opens_a_programme_with_the_form_and_lands_on_its_page(cohort):
    maria = cohort.browser("maria")
    answer = post(maria, "/programmes", {
        "name": "Φθινόπωρο", "region": "EL303", "starts_on": STARTS.isoformat(),
        "topics": ["training.mentoring"], "shared_language": "false", "region_level": "2"},
        page="/programmes")

    assert answer.status_code == 303
    page = text_of(maria.get(answer.headers["Location"]))
    assert "Φθινόπωρο Draft" in page
    assert "Mentee and mentor may speak different languages." in page
    assert "They are in the same region (NUTS 2)." in page
    listed = text_of(maria.get("/programmes"))
    assert "Your territories have 2 programmes, the newest first." in listed


@pytest.mark.parametrize("language, missing, backwards, outside", [
    ("en", "Missing data for required field.", "The end must not come before the start.",
     "This region is outside your territories."),
    ("el", "Το πεδίο είναι υποχρεωτικό.", "Η λήξη δεν μπορεί να προηγείται της έναρξης.",
     "Αυτή η περιφέρεια είναι εκτός των περιοχών ευθύνης σας."),
])
def test_the_programme_forms_errors_show_next_to_their_fields_in_the_pages_language(
        cohort, language, missing, backwards, outside):
    maria = cohort.browser("maria", language)
    before = use_cases(cohort.app).programmes.programmes(actor=None).total

    unnamed = post(maria, "/programmes", {"region": "EL303",
                                          "starts_on": STARTS.isoformat()}, page="/programmes")
    assert unnamed.status_code == 422
    assert error_next_to(unnamed, "name") == missing
    ends_first = post(maria, "/programmes", {
        "name": "Πίσω", "region": "EL303", "starts_on": STARTS.isoformat(),
        "ends_on": (STARTS - timedelta(days=1)).isoformat()}, page="/programmes")
    assert error_next_to(ends_first, "ends_on") == backwards
    elsewhere = post(maria, "/programmes", {"name": "Αλλού", "region": "EL522",
                                            "starts_on": STARTS.isoformat()}, page="/programmes")
    assert elsewhere.status_code == 403
    assert error_next_to(elsewhere, "region") == outside
    assert use_cases(cohort.app).programmes.programmes(actor=None).total == before


def test_the_programme_page_names_people_explains_pairs_and_never_shows_ids(cohort):
    page = cohort.browser("maria").get(f"/programmes/{cohort.programme_id}")
    text = text_of(page)

    assert page.status_code == 200
    assert "The proposal gives 2 of 3 enrolled mentees a mentor." in text
    assert "Κοιν.Σ.Επ. ana" in text and "Κέντρο kim" in text
    assert "Mentees without a mentor" in text and "Every suitable mentor is full" in text
    assert "you both speak Greek" in text  # a term of the explanation, in words
    assert "of 100" in text
    for stakeholder_id in cohort.ids.values():
        assert stakeholder_id not in text


def test_the_enrolment_search_finds_stakeholders_by_their_name_in_latin_letters(cohort):
    found = text_of(cohort.browser("maria").get(f"/programmes/{cohort.programme_id}",
                                                query_string={"q": "trapeza"}))

    assert "1 stakeholder found: Τράπεζα Δοκιμής" in found


def test_a_stakeholder_who_cannot_mentor_is_refused_in_greek_and_nothing_is_written(cohort):
    maria = cohort.browser("maria", "el")
    url = f"/programmes/{cohort.programme_id}"
    before = cohort.programme()

    refused = post(maria, f"{url}/enrolment", {"mentor": cohort.ids["bank"],
                                               "revision": before.revision}, page=url)

    assert refused.status_code == 422
    assert "Αυτός ο φορέας δεν μπορεί να είναι μέντορας" in text_of(refused)
    assert cohort.programme() == before


def test_a_coordinator_swaps_pins_removes_and_publishes_with_the_pages_forms(cohort):
    maria = cohort.browser("maria")
    url = f"/programmes/{cohort.programme_id}"
    draft = cohort.programme().draft
    placed = [p.mentee_id for p in draft.pairs]
    unplaced = draft.unplaced[0].mentee_id

    def edit(**fields):
        answer = post(maria, f"{url}/proposal/edits",
                      {"revision": cohort.programme().revision, **fields}, page=url)
        assert answer.status_code == 303, text_of(answer)
        return text_of(maria.get(answer.headers["Location"]))

    swapped = edit(form="swap", action="swap", mentee_id=placed[0], other_mentee_id=unplaced)
    assert "The two mentees have swapped mentors; both pairs are now pinned." in swapped
    assert unplaced in {p.mentee_id for p in cohort.programme().draft.pairs}
    assert "Pinned" in swapped
    assert "The pair is unpinned" in edit(action="unpin", mentee_id=unplaced)
    assert "The pair is removed" in edit(action="remove", mentee_id=unplaced)
    published = post(maria, f"{url}/publish", {"revision": cohort.programme().revision},
                     page=url)
    report = text_of(maria.get(published.headers["Location"]))
    assert "The programme is published" in report
    assert "Published on" in report and "1 mentorship was made, one for each pair." in report
    assert "0 of 3 enrolled mentees have a mentor who accepted" in report
    assert "1 mentorship is “Proposed”." in report


@pytest.mark.parametrize("language, sentence", [
    ("en", "Choose two different mentees to swap."),
    ("el", "Επιλέξτε δύο διαφορετικούς καθοδηγούμενους για ανταλλαγή."),
])
def test_a_refused_edit_says_why_next_to_the_field_and_writes_nothing(cohort, language,
                                                                      sentence):
    maria = cohort.browser("maria", language)
    url = f"/programmes/{cohort.programme_id}"
    before = cohort.programme()
    mentee = before.draft.pairs[0].mentee_id

    refused = post(maria, f"{url}/proposal/edits", {
        "form": "swap", "action": "swap", "mentee_id": mentee, "other_mentee_id": mentee,
        "revision": before.revision}, page=url)

    assert refused.status_code == 422
    assert error_next_to(refused, "swap-other_mentee_id") == sentence
    assert cohort.programme() == before


def test_an_edit_of_a_proposal_changed_meanwhile_is_refused_and_writes_nothing(cohort):
    maria = cohort.browser("maria")
    url = f"/programmes/{cohort.programme_id}"
    before = cohort.programme()

    stale = post(maria, f"{url}/proposal/edits", {
        "action": "pin", "mentee_id": before.draft.pairs[0].mentee_id,
        "revision": before.revision - 1}, page=url)

    assert stale.status_code == 409
    assert "Someone else changed this meanwhile." in text_of(stale)
    assert cohort.programme() == before


def test_only_the_coordinators_of_its_region_open_or_change_a_programme(cohort):
    url = f"/programmes/{cohort.programme_id}"
    before = cohort.programme()
    giorgos, ana = cohort.browser("giorgos"), cohort.browser("ana")

    assert giorgos.get(url).status_code == 404
    assert post(giorgos, f"{url}/publish", {}, page="/").status_code == 404
    assert ana.get("/programmes").status_code == 403
    assert ana.get(url).status_code == 403
    assert post(ana, f"{url}/publish", {}, page="/").status_code == 403
    assert cohort.programme() == before
    assert "Mentoring programmes" not in text_of(ana.get("/"))


def test_a_form_without_its_csrf_token_is_refused_and_writes_nothing(cohort):
    maria = cohort.browser("maria")
    url = f"/programmes/{cohort.programme_id}"
    before = cohort.programme()

    assert maria.post(f"{url}/publish", data={}).status_code == 403
    assert maria.post(f"{url}/proposal/edits", data={
        "action": "remove", "mentee_id": before.draft.pairs[0].mentee_id}).status_code == 403
    assert cohort.programme() == before


# -- the mentorships ----------------------------------------------------------------------------

@pytest.fixture
def offered(cohort) -> str:
    """The programme published, and the id of ana's mentorship with kim."""
    eco = use_cases(cohort.app).programmes
    programme = cohort.programme()
    kims = next(p.mentee_id for p in programme.draft.pairs if p.mentor_id == cohort.ids["kim"])
    if kims != cohort.ids["ana"]:
        eco.edit(cohort.programme_id, Edit.SWAP, cohort.ids["ana"], other_mentee_id=kims)
    eco.publish(cohort.programme_id)
    made = use_cases(cohort.app).mentorships.mentorships(programme_id=cohort.programme_id)
    return next(m.mentorship.id for m in made.items if m.mentorship.mentee_id == cohort.ids["ana"])


def test_each_side_accepts_on_its_page_and_the_pair_logs_and_rates_its_sessions(cohort, offered):
    ana, kim = cohort.browser("ana"), cohort.browser("kim")
    steps = f"/mentorships/{offered}/steps"

    page = text_of(ana.get("/mentorships"))
    assert "Κοιν.Σ.Επ. ana, mentored by Κέντρο kim Proposed" in page
    assert "You act for the mentee." in page
    first = post(ana, steps, {"action": "accept"})
    assert "You have accepted." in text_of(ana.get(first.headers["Location"]))
    second = post(kim, steps, {"action": "accept"})
    assert "Both sides have accepted" in text_of(kim.get(second.headers["Location"]))
    post(kim, steps, {"action": "start"})
    logged = post(ana, f"/mentorships/{offered}/sessions", {
        "on": date.today().isoformat(), "topics": ["training.mentoring"],
        "notes": "Ενενήντα λεπτά για το επιχειρηματικό σχέδιο."})
    assert logged.status_code == 303
    rated = post(ana, steps, {"action": "check_in", "rating": "4"})
    after = text_of(ana.get(rated.headers["Location"]))
    assert "1 session logged:" in after
    assert "Ενενήντα λεπτά για το επιχειρηματικό σχέδιο." in after
    assert "The mentee's side rated the fit 4 of 5" in after
    coordinator = text_of(cohort.browser("maria").get(f"/programmes/{cohort.programme_id}"))
    assert "1 session held" in coordinator
    assert "Ενενήντα λεπτά" not in coordinator  # the notes are the pair's


@pytest.mark.parametrize("language, sentence", [
    ("en", "A session is logged once it has taken place: choose a day that is not in the "
           "future."),
    ("el", "Μια συνάντηση καταγράφεται αφού γίνει: επιλέξτε ημέρα που δεν είναι στο μέλλον."),
])
def test_a_session_in_the_future_is_refused_next_to_its_day_and_not_logged(
        cohort, offered, language, sentence):
    eco = use_cases(cohort.app).mentorships
    for side in ("ana", "kim"):
        user = use_cases(cohort.app).accounts.login(side, PASSWORD)
        eco.act(offered, Step.ACCEPT, actor=user)
    eco.act(offered, Step.START)
    ana = cohort.browser("ana", language)

    refused = post(ana, f"/mentorships/{offered}/sessions", {
        "on": (date.today() + timedelta(days=2)).isoformat(), "notes": "αύριο"})

    assert refused.status_code == 422
    assert error_next_to(refused, "m1-session-on") == sentence
    assert eco.sessions(offered) == []


def test_a_rating_out_of_range_shows_next_to_the_rating(cohort, offered):
    eco = use_cases(cohort.app).mentorships
    for side in ("ana", "kim"):
        eco.act(offered, Step.ACCEPT, actor=use_cases(cohort.app).accounts.login(side, PASSWORD))
    eco.act(offered, Step.START)
    before = eco.get(offered).mentorship

    refused = post(cohort.browser("ana"), f"/mentorships/{offered}/steps",
                   {"action": "check_in", "rating": "9"})

    assert refused.status_code == 422
    assert "Must be greater than or equal to 1" in error_next_to(refused, "m1-check_in-rating")
    assert eco.get(offered).mentorship == before


def test_a_member_acts_only_on_their_own_organisations_mentorships(cohort, offered):
    stranger = cohort.browser("stranger")
    eco = use_cases(cohort.app).mentorships
    before = eco.get(offered).mentorship

    assert "You take part in no mentorship yet." in text_of(stranger.get("/mentorships"))
    assert post(stranger, f"/mentorships/{offered}/steps",
                {"action": "accept"}).status_code == 404
    assert post(stranger, f"/mentorships/{offered}/sessions",
                {"on": date.today().isoformat()}).status_code == 404
    assert cohort.browser("ana").post(f"/mentorships/{offered}/steps",
                                      data={"action": "accept"}).status_code == 403
    assert eco.get(offered).mentorship == before
