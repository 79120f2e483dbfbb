"""The introductions pages without a browser: the inbox of a coordinator and of a member, one
request's steps as forms (errors next to their fields, in Greek and English), asking through a
warm path, finding one by name, and who may do what — a refused step writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.introductions import Purpose, State
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of


@dataclass
class World:
    """An entrepreneur (coop, Athens) who knows a support centre (hub) that partners with a
    fund (Thessaloniki); a second fund nobody knows; a member of each (signed in through
    ``client(who)``), a coordinator of the funds' region and a stranger."""

    app: object
    ids: dict[str, str]

    def client(self, who: str, language: str = "en"):
        client = self.app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        answer = sign_in(client, who, language=language)
        assert answer.status_code == 303, text_of(answer)
        return client

    def request(self, *, broker: str | None = "hub") -> str:
        """The coop asks to meet the fund (through ``broker``), as its member; the id."""
        eco = use_cases(self.app)
        member = eco.accounts.get_user_by_username("coop")
        return eco.introductions.request(
            self.ids["coop"], self.ids["fund"], Purpose.FINANCING, message="Ένα δάνειο",
            broker_id=self.ids[broker] if broker else None, actor=member).introduction.id

    def state(self, introduction_id: str) -> State:
        return use_cases(self.app).introductions.get(introduction_id).introduction.state


@pytest.fixture
def world(app) -> World:
    eco = use_cases(app).stakeholders

    def stakeholder(kind, name, region="EL303", **fields):
        return eco.create_stakeholder({"kind": kind, "name": name, "region": region,
                                       "discoverable": True, **fields}).id

    ids = {"coop": stakeholder("entrepreneur", "Κοιν.Σ.Επ. Ήλιος", email="ilios@example.org"),
           "hub": stakeholder("support_organisation", "Κέντρο Στήριξης"),
           "fund": stakeholder("investor", "Ηθικό Ταμείο", "EL522", contact_sharing=True,
                               email="fund@example.org"),
           "lonely": stakeholder("investor", "Μακρινό Ταμείο", "EL522")}
    eco.create_tie({"type": "KNOWS", "source": ids["coop"], "target": ids["hub"],
                    "strength": 4})
    eco.create_tie({"type": "PARTNERS_WITH", "source": ids["hub"], "target": ids["fund"]})
    for who in ("coop", "hub", "fund", "lonely"):
        make_user(app, who, Role.MEMBER, memberships=[ids[who]], password=PASSWORD)
    make_user(app, "maria", Role.COORDINATOR, display_name="Μαρία Παππά", regions=["EL52"],
              password=PASSWORD)
    make_user(app, "stranger", Role.MEMBER, password=PASSWORD)
    return World(app, ids)


def act(client, introduction_id: str, step: str, **fields):
    """Send the form of ``step`` on the request's page, its fields named as the page names
    them (``decline-reason``)."""
    page = client.get(f"/introductions/{introduction_id}")
    return client.post(f"/introductions/{introduction_id}/actions", data={
        "csrf_token": form_token(page), "action": step,
        **{f"{step}-{name}": value for name, value in fields.items()}})


# -- the inbox ---------------------------------------------------------------------------------

def test_a_coordinators_inbox_names_the_requests_of_her_territory_grouped_by_state(world):
    waiting = world.request(broker=None)
    client = world.client("maria")

    inbox = client.get("/introductions")

    assert inbox.status_code == 200
    text = text_of(inbox)
    assert "Waiting in my territories (1 request)" in text
    assert "Requested Κοιν.Σ.Επ. Ήλιος asks to meet Ηθικό Ταμείο Financing · a coordinator " \
           "mediates" in text
    assert f'href="/introductions/{waiting}"' in inbox.get_data(as_text=True)
    assert world.ids["coop"] not in text


def test_a_members_inboxes_hold_what_it_asked_and_what_it_is_asked_as_go_between(world):
    world.request()
    coop, hub = world.client("coop", "el"), world.client("hub")

    sent = text_of(coop.get("/introductions"))
    as_broker = text_of(hub.get("/introductions", query_string={"box": "to_broker"}))

    assert ("Ζητήθηκε Κοιν.Σ.Επ. Ήλιος ζητά να γνωρίσει: Ηθικό Ταμείο Χρηματοδότηση · μέσω: "
            "Κέντρο Στήριξης") in sent
    assert "1 request matches." in as_broker
    assert "0 requests match." in text_of(hub.get("/introductions",
                                                  query_string={"box": "sent"}))


def test_the_inbox_filters_by_state_and_shows_a_bad_filter_next_to_its_field(world):
    world.request()
    client = world.client("coop", "el")

    declined = text_of(client.get("/introductions?state=declined"))
    bad = client.get("/introductions?waiting_days=-3")

    assert "0 αιτήματα ταιριάζουν." in declined
    assert bad.status_code == 200
    assert 'id="waiting_days-error"' in bad.get_data(as_text=True)
    assert ' min="0" max="3650"' in bad.get_data(as_text=True)
    assert "Πρέπει να είναι" in text_of(bad)


def test_a_member_may_not_open_a_coordinators_inbox(world):
    assert world.client("coop").get("/introductions?box=region").status_code == 403


# -- one request and its steps -----------------------------------------------------------------

def test_the_page_of_a_request_names_everyone_and_offers_only_the_readers_steps(world):
    asked = world.request()

    broker_page = world.client("hub").get(f"/introductions/{asked}")
    requester_page = world.client("coop").get(f"/introductions/{asked}")

    text = text_of(broker_page)
    assert "Κοιν.Σ.Επ. Ήλιος asks to meet Ηθικό Ταμείο" in text
    assert "Through Κέντρο Στήριξης, who knows Ηθικό Ταμείο" in text
    assert "Purpose Financing" in text and "Ένα δάνειο" in text
    assert [form_action(broker_page, s) for s in ("forward", "decline", "withdraw")] == [
        True, True, False]
    assert [form_action(requester_page, s) for s in ("forward", "withdraw")] == [False, True]


def form_action(page, step: str) -> bool:
    return f'name="action" value="{step}"' in page.get_data(as_text=True)


def test_a_request_goes_from_forward_to_accept_to_complete_with_contacts_at_the_end(world):
    asked = world.request()
    coop, hub, fund = world.client("coop"), world.client("hub"), world.client("fund", "el")

    forwarded = act(hub, asked, "forward", note="Τους ξέρω")
    assert forwarded.status_code == 303
    assert forwarded.headers["Location"] == f"/introductions/{asked}?done=forward"
    assert "You forwarded the request." in text_of(hub.get(forwarded.headers["Location"]))

    assert act(fund, asked, "accept", share_contacts="true").status_code == 303
    assert "Έγινε δεκτή" in text_of(fund.get(f"/introductions/{asked}"))

    assert act(coop, asked, "complete").status_code == 303
    page = text_of(coop.get(f"/introductions/{asked}"))
    assert "State Completed" in page
    assert "E-mail fund@example.org" in page
    assert "Τους ξέρω" in page  # the broker's note, in the history


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Choose why you decline."), ("el", "Επιλέξτε γιατί αρνείστε.")])
def test_declining_without_a_reason_says_so_next_to_the_reason_and_writes_nothing(
        world, language, message):
    asked = world.request()
    client = world.client("hub", language)

    answer = act(client, asked, "decline", note="όχι")

    assert answer.status_code == 422
    body = answer.get_data(as_text=True)
    assert f'<p class="field-error" id="decline-reason-error">{message}</p>' in body
    assert 'id="decline-reason" name="decline-reason" aria-describedby="decline-reason-error"' \
           ' aria-invalid="true"' in body
    assert ">όχι</textarea>" in body  # what was typed is kept
    assert world.state(asked) == State.REQUESTED


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Longer than maximum length 2000."),
    ("el", "Πρέπει να έχει μήκος το πολύ 2000.")])
def test_a_note_too_long_is_refused_next_to_the_note(world, language, message):
    asked = world.request()
    client = world.client("hub", language)

    answer = act(client, asked, "forward", note="x" * 2001)

    assert answer.status_code == 422
    assert f'id="forward-note-error">{message}</p>' in answer.get_data(as_text=True)
    assert world.state(asked) == State.REQUESTED


def test_a_target_declines_with_a_reason_and_blocks_the_requester_then_lifts_the_block(world):
    asked = world.request()
    act(world.client("hub"), asked, "forward")
    fund = world.client("fund")

    assert act(fund, asked, "decline", reason="not_now", block="true").status_code == 303
    page = text_of(fund.get(f"/introductions/{asked}"))
    assert "Declined because Not now" in page
    assert "Your organisation takes no introduction requests from Κοιν.Σ.Επ. Ήλιος." in page

    lifted = fund.post(f"/introductions/{asked}/unblock",
                       data={"csrf_token": form_token(fund.get(f"/introductions/{asked}"))})
    assert lifted.status_code == 303
    assert "may ask your organisation for introductions again" in text_of(
        fund.get(lifted.headers["Location"]))
    assert use_cases(world.app).introductions.blocks(world.ids["fund"]) == []


def test_a_step_on_a_request_that_moved_meanwhile_says_where_it_stands_in_greek(world):
    asked = world.request()
    hub = world.client("hub", "el")
    page = hub.get(f"/introductions/{asked}")
    act(hub, asked, "forward")

    again = hub.post(f"/introductions/{asked}/actions", data={
        "csrf_token": form_token(page), "action": "decline", "revision": "0",
        "decline-reason": "not_now"})

    assert again.status_code == 409
    assert "Αυτό το αίτημα είναι πλέον «Προωθήθηκε»" in text_of(again)
    assert world.state(asked) == State.FORWARDED


def test_a_step_not_the_readers_to_take_is_refused_in_words_and_writes_nothing(world):
    asked = world.request()
    coop = world.client("coop")

    answer = act(coop, asked, "forward")

    assert answer.status_code == 403
    assert "This step is not yours to take." in text_of(answer)
    assert world.state(asked) == State.REQUESTED


def test_a_member_cannot_open_or_act_on_another_organisations_request(world):
    asked = world.request()
    lonely, stranger = world.client("lonely"), world.client("stranger")

    assert lonely.get(f"/introductions/{asked}").status_code == 404
    answer = lonely.post(f"/introductions/{asked}/actions", data={
        "csrf_token": form_token(lonely.get("/")), "action": "withdraw"})
    assert answer.status_code == 404
    assert stranger.get(f"/introductions/{asked}").status_code == 404
    assert world.state(asked) == State.REQUESTED


def test_a_step_without_the_csrf_token_is_refused_and_writes_nothing(world):
    asked = world.request()
    hub = world.client("hub")

    answer = hub.post(f"/introductions/{asked}/actions", data={"action": "forward"})

    assert answer.status_code == 403
    assert world.state(asked) == State.REQUESTED


def test_the_request_is_mediated_by_the_coordinator_of_the_targets_region(world):
    asked = world.request(broker=None)
    maria = world.client("maria")

    assert act(maria, asked, "decline", reason="no_capacity", note="Όχι τώρα").status_code == 303

    assert world.state(asked) == State.DECLINED
    assert "Declined because No capacity" in text_of(maria.get(f"/introductions/{asked}"))


# -- asking, and finding a warm path -----------------------------------------------------------

def test_the_warm_paths_between_two_stakeholders_are_explained_in_words(world):
    client = world.client("coop")

    page = client.get("/paths", query_string={"to": world.ids["fund"]})

    text = text_of(page)
    assert "From Κοιν.Σ.Επ. Ήλιος to Ηθικό Ταμείο" in text
    assert "Through Κέντρο Στήριξης" in text
    assert "Κοιν.Σ.Επ. Ήλιος and Κέντρο Στήριξης know each other (closeness 4 of 5)" in text
    assert "Κέντρο Στήριξης and Ηθικό Ταμείο are partners" in text
    assert "1 coordinator of its territory can mediate instead." in text
    assert (f'/introductions/new?requester={world.ids["coop"]}&amp;target={world.ids["fund"]}'
            f'&amp;broker={world.ids["hub"]}') in page.get_data(as_text=True)


def test_a_stakeholder_is_found_by_its_name_typed_in_latin_letters(world):
    client = world.client("coop", "el")

    page = client.get("/paths", query_string={"to_q": "ithiko tameio"})
    suggested = client.get("/paths/suggestions", query_string={"end": "to",
                                                               "to_q": "tameio ithiko"})

    assert "Ηθικό Ταμείο" in text_of(page) and "Μακρινό" not in text_of(page)
    assert ' hx-get="/paths/suggestions?end=to" hx-trigger="input changed delay:300ms, search"' \
           in page.get_data(as_text=True)
    assert f'to={world.ids["fund"]}' in suggested.get_data(as_text=True)
    assert "<html" not in suggested.get_data(as_text=True)  # a fragment, for htmx


def test_asking_through_a_path_sends_the_request_and_opens_its_page_with_a_notice(world):
    client = world.client("coop")
    url = f"/introductions/new?requester={world.ids['coop']}&target={world.ids['fund']}"
    form = client.get(url + f"&broker={world.ids['hub']}")
    assert f'value="{world.ids["hub"]}" checked' in form.get_data(as_text=True)

    sent = client.post(url, data={"csrf_token": form_token(form),
                                  "requester_id": world.ids["coop"],
                                  "target_id": world.ids["fund"], "broker_id": world.ids["hub"],
                                  "purpose": "financing", "message": "Θέλουμε δάνειο"})

    assert sent.status_code == 303
    page = text_of(client.get(sent.headers["Location"]))
    assert "Your request was sent." in page
    assert "Through Κέντρο Στήριξης" in page


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Missing data for required field."), ("el", "Το πεδίο είναι υποχρεωτικό.")])
def test_asking_without_a_purpose_says_so_next_to_the_purpose(world, language, message):
    client = world.client("coop", language)
    url = f"/introductions/new?requester={world.ids['coop']}&target={world.ids['fund']}"

    sent = client.post(url, data={"csrf_token": form_token(client.get(url)),
                                  "requester_id": world.ids["coop"],
                                  "target_id": world.ids["fund"], "message": "Γεια"})

    assert sent.status_code == 422
    body = sent.get_data(as_text=True)
    assert f'<p class="field-error" id="purpose-error">{message}</p>' in body
    assert ">Γεια</textarea>" in body
    assert use_cases(world.app).introductions.inbox(
        "region").total == 0


def test_a_second_request_for_the_same_pair_is_refused_in_words(world):
    world.request()
    client = world.client("coop", "el")
    url = f"/introductions/new?requester={world.ids['coop']}&target={world.ids['fund']}"

    sent = client.post(url, data={"csrf_token": form_token(client.get(url)),
                                  "requester_id": world.ids["coop"],
                                  "target_id": world.ids["fund"], "purpose": "financing"})

    assert sent.status_code == 409
    assert "έχει ήδη ζητήσει να γνωρίσει αυτόν τον φορέα" in text_of(sent)


def test_a_member_may_not_ask_for_another_organisation(world):
    client = world.client("lonely")

    page = client.get(f"/introductions/new?requester={world.ids['coop']}"
                      f"&target={world.ids['fund']}")

    assert page.status_code == 403


def test_a_pages_without_sign_in_send_to_the_sign_in_page(world):
    answer = world.app.test_client().get("/paths")
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/sign-in")


def test_an_administrator_chooses_both_ends_by_name(world):
    make_user(world.app, "eleni", Role.ADMIN, password=PASSWORD)
    client = world.client("eleni")

    chooser = client.get("/paths", query_string={"from_q": "ilios", "to": world.ids["fund"]})
    page = client.get("/paths", query_string={"from": world.ids["coop"],
                                              "to": world.ids["fund"]})

    assert f'from={world.ids["coop"]}&amp;to={world.ids["fund"]}' in chooser.get_data(
        as_text=True)
    assert "Through Κέντρο Στήριξης" in text_of(page)
