"""The member's pages without a browser: my organisation(s), a stakeholder's form (edit and
register), my account. Each form saves good input, shows a bad one's error next to its field
in the page's language and writes nothing, refuses whoever may not, a form without its CSRF
token, and an edit form filled in on a version that has changed since."""

from __future__ import annotations

import re

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.queries import StakeholderQuery
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of

NEW_PASSWORD = "another long passphrase"
ERROR = re.compile(r'<p class="field-error" id="([a-z_]+)-error">([^<]*)</p>')


@pytest.fixture
def coop(app):
    return use_cases(app).stakeholders.create_stakeholder({
        "kind": "entrepreneur", "name": "Κοινωνική Κουζίνα", "region": "EL303",
        "needs": ["financing.loan"], "email": "kouzina@example.org"})


@pytest.fixture
def other(app):
    """Another entrepreneur, discoverable: a member of ``coop`` may read it, not change it."""
    return use_cases(app).stakeholders.create_stakeholder({
        "kind": "entrepreneur", "name": "Άλλη Ομάδα", "region": "EL303", "discoverable": True})


@pytest.fixture
def nikos(app, coop):
    return make_user(app, "nikos", Role.MEMBER, display_name="Νίκος",
                     memberships=[coop.id], password=PASSWORD)[0]


def browser(app, username: str, language: str = "en"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    assert sign_in(client, username, language=language).status_code == 303
    return client


def errors_of(response) -> dict[str, str]:
    return dict(ERROR.findall(response.get_data(as_text=True)))


def edit_form(client, stakeholder_id: str, **changes) -> dict:
    """The edit form as the page fills it in, with ``changes`` made to it."""
    page = client.get(f"/stakeholders/{stakeholder_id}/edit")
    html = page.get_data(as_text=True)
    sent = {"csrf_token": form_token(page),
            "updated_at": re.search(r'name="updated_at" value="([^"]+)"', html).group(1),
            "name": re.search(r'name="name" type="text" value="([^"]*)"', html).group(1),
            "region": re.search(r'<option value="(\w+)" selected>', html).group(1),
            "needs": re.findall(r'name="needs" value="([\w.]+)" checked', html)}
    return {**sent, **changes}


# -- my organisation --------------------------------------------------------------------------

def test_my_organisation_lists_each_one_with_its_links_explained(app, nikos, coop):
    page = browser(app, "nikos").get("/organisation")

    assert page.status_code == 200
    text = text_of(page)
    assert "Κοινωνική Κουζίνα" in text
    html = page.get_data(as_text=True)
    for link in (f"/stakeholders/{coop.id}", f"/stakeholders/{coop.id}/edit",
                 f"/stakeholders/{coop.id}#matches", "/introductions"):
        assert f'href="{link}"' in html
    assert "change its profile, what it needs and offers" in text
    assert "1 kind of help it is looking for." in text


def test_someone_who_acts_for_no_one_is_told_so(app, maria):
    page = browser(app, "maria", "el").get("/organisation")

    assert page.status_code == 200
    assert "Δεν εκπροσωπείτε ακόμη κανέναν φορέα" in text_of(page)


def test_the_menu_offers_members_their_organisation_and_everyone_their_account(app, nikos,
                                                                               maria):
    member_home = browser(app, "nikos").get("/").get_data(as_text=True)
    coordinator_home = browser(app, "maria").get("/").get_data(as_text=True)

    assert 'href="/organisation"' in member_home and 'href="/account"' in member_home
    assert 'href="/organisation"' not in coordinator_home
    assert 'href="/account"' in coordinator_home


# -- a stakeholder's form ---------------------------------------------------------------------

def test_the_form_shows_labels_of_regions_topics_and_each_consent_explained(app, nikos, coop):
    page = browser(app, "nikos", "el").get(f"/stakeholders/{coop.id}/edit")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<option value="EL303" selected>Κεντρικός Τομέας Αθηνών — Αττική</option>' in html
    assert re.search(r'name="needs" value="financing.loan" checked> Δάνεια \(', html)
    text = text_of(page)
    assert "Άλλα μέλη μπορούν να τον βρουν στον κατάλογο" in text
    assert "Όταν ολοκληρωθεί μια σύσταση με άλλον φορέα" in text
    assert "EL303" not in text and "financing.loan" not in text


def test_a_member_saves_needs_and_a_consent_in_one_go(app, nikos, coop):
    client = browser(app, "nikos")
    form = edit_form(client, coop.id, needs=["training.digital_skills", "financing.loan"],
                     discoverable="true", members="7")

    saved = client.post(f"/stakeholders/{coop.id}/edit", data=form)

    assert saved.status_code == 303
    assert saved.headers["Location"].endswith(f"/stakeholders/{coop.id}/edit?done=saved")
    now = use_cases(app).stakeholders.get_stakeholder(coop.id)
    assert set(now.needs) == {"training.digital_skills", "financing.loan"}
    assert now.discoverable and now.discoverable_at is not None and now.members == 7
    assert now.email is None  # emptied in the form: emptied in the profile
    assert "Your changes are saved." in text_of(client.get(saved.headers["Location"]))


def test_unticking_a_consent_withdraws_it(app, nikos, coop):
    use_cases(app).stakeholders.update_stakeholder(coop.id, {"contact_sharing": True})
    client = browser(app, "nikos")

    client.post(f"/stakeholders/{coop.id}/edit", data=edit_form(client, coop.id))

    assert use_cases(app).stakeholders.get_stakeholder(coop.id).contact_sharing is False


@pytest.mark.parametrize(("language", "email_error", "members_error"), [
    ("en", "Not a valid email address.", "Not a valid integer."),
    ("el", "Μη έγκυρη διεύθυνση e-mail.", "Μη έγκυρος ακέραιος αριθμός."),
])
def test_bad_input_is_shown_next_to_its_field_in_the_pages_language_and_nothing_is_saved(
        app, nikos, coop, language, email_error, members_error):
    client = browser(app, "nikos", language)
    before = use_cases(app).stakeholders.get_stakeholder(coop.id)

    refused = client.post(f"/stakeholders/{coop.id}/edit", data=edit_form(
        client, coop.id, name="Νέο όνομα", email="not an address", members="seven"))

    assert refused.status_code == 422
    assert errors_of(refused) == {"email": email_error, "members": members_error}
    html = refused.get_data(as_text=True)
    assert 'aria-describedby="email-error" aria-invalid="true"' in html
    assert 'value="Νέο όνομα"' in html  # what was typed is kept
    assert use_cases(app).stakeholders.get_stakeholder(coop.id) == before


@pytest.mark.parametrize(("language", "message"), [
    ("en", "a KoinSEp must have exactly one category"),
    ("el", "μια ΚοινΣΕπ πρέπει να έχει ακριβώς μία κατηγορία"),
])
def test_a_rule_of_the_domain_is_shown_next_to_its_field_too(app, nikos, coop, language,
                                                             message):
    client = browser(app, "nikos", language)

    refused = client.post(f"/stakeholders/{coop.id}/edit",
                          data=edit_form(client, coop.id, legal_form="koinsep"))

    assert refused.status_code == 422
    assert errors_of(refused) == {"koinsep_category": message}
    assert use_cases(app).stakeholders.get_stakeholder(coop.id).legal_form is None


def test_a_form_filled_in_on_a_version_changed_since_saves_nothing_and_says_so(app, nikos,
                                                                              coop):
    client = browser(app, "nikos")
    form = edit_form(client, coop.id, name="Τα δικά μου")
    use_cases(app).stakeholders.update_stakeholder(coop.id, {"name": "Του συναδέλφου"})

    stale = client.post(f"/stakeholders/{coop.id}/edit", data=form)

    assert stale.status_code == 409
    assert "Someone changed this stakeholder after you opened the form" in text_of(stale)
    assert 'value="Του συναδέλφου"' in stale.get_data(as_text=True)
    assert use_cases(app).stakeholders.get_stakeholder(coop.id).name == "Του συναδέλφου"


def test_a_member_may_not_edit_another_organisation(app, nikos, coop, other):
    client = browser(app, "nikos")
    form = edit_form(client, coop.id)

    assert client.get(f"/stakeholders/{other.id}/edit").status_code == 403
    assert client.post(f"/stakeholders/{other.id}/edit", data=form).status_code == 403
    hidden = use_cases(app).stakeholders.create_stakeholder(
        {"kind": "investor", "name": "Κρυφή", "region": "EL522"})
    assert client.get(f"/stakeholders/{hidden.id}/edit").status_code == 404
    assert use_cases(app).stakeholders.get_stakeholder(other.id).name == "Άλλη Ομάδα"


def test_a_coordinator_edits_in_their_territory_only(app, maria, coop):
    elsewhere = use_cases(app).stakeholders.create_stakeholder(
        {"kind": "entrepreneur", "name": "Μακριά", "region": "EL522"})
    client = browser(app, "maria")

    assert client.get(f"/stakeholders/{coop.id}/edit").status_code == 200
    assert client.get(f"/stakeholders/{elsewhere.id}/edit").status_code == 404


def test_a_form_without_its_csrf_token_is_refused_and_writes_nothing(app, nikos, coop):
    client = browser(app, "nikos")
    form = edit_form(client, coop.id, name="Χωρίς token")
    del form["csrf_token"]

    assert client.post(f"/stakeholders/{coop.id}/edit", data=form).status_code == 403
    assert use_cases(app).stakeholders.get_stakeholder(coop.id).name == "Κοινωνική Κουζίνα"


# -- registering a stakeholder ----------------------------------------------------------------

def test_a_coordinator_registers_a_stakeholder_choosing_its_kind_first(app, maria):
    client = browser(app, "maria")
    assert "Kind of stakeholder" in text_of(client.get("/stakeholders/new"))
    page = client.get("/stakeholders/new?kind=investor")
    assert "Type of investor" in text_of(page) and "Legal form" not in text_of(page)

    created = client.post("/stakeholders/new", data={
        "csrf_token": form_token(page), "kind": "investor", "name": "Ηθική Τράπεζα",
        "region": "EL303", "instruments": ["loan", "microcredit"], "ticket_min": "1000",
        "ticket_max": "25000", "offers": ["financing.loan"]})

    assert created.status_code == 303
    new_id = re.search(r"/stakeholders/(\w+)/edit", created.headers["Location"]).group(1)
    bank = use_cases(app).stakeholders.get_stakeholder(new_id)
    assert (bank.name, bank.kind, bank.ticket_max) == ("Ηθική Τράπεζα", "investor", 25000)
    assert "The stakeholder is registered." in text_of(client.get(created.headers["Location"]))


@pytest.mark.parametrize(("language", "message"), [
    ("en", "outside your territories"), ("el", "εκτός των περιοχών ευθύνης σας")])
def test_a_coordinator_cannot_register_outside_their_territory(app, maria, language, message):
    client = browser(app, "maria", language)
    page = client.get("/stakeholders/new?kind=entrepreneur")
    assert 'value="EL522"' not in page.get_data(as_text=True)  # not even offered

    refused = client.post("/stakeholders/new", data={
        "csrf_token": form_token(page), "kind": "entrepreneur", "name": "Μακριά",
        "region": "EL522"})

    assert refused.status_code == 422
    assert errors_of(refused) == {"region": message}
    assert use_cases(app).stakeholders.find_stakeholders(StakeholderQuery()).total == 0


def test_a_registration_missing_its_name_is_refused_next_to_the_name(app, maria):
    client = browser(app, "maria", "el")
    page = client.get("/stakeholders/new?kind=entrepreneur")

    refused = client.post("/stakeholders/new", data={
        "csrf_token": form_token(page), "kind": "entrepreneur", "region": "EL303"})

    assert refused.status_code == 422
    assert errors_of(refused) == {"name": "Το πεδίο είναι υποχρεωτικό."}


def test_a_member_may_not_register_stakeholders(app, nikos):
    client = browser(app, "nikos")

    assert client.get("/stakeholders/new?kind=entrepreneur").status_code == 403


# -- my account -------------------------------------------------------------------------------

def test_my_account_saves_my_name_and_language(app, nikos):
    client = browser(app, "nikos")
    page = client.get("/account")

    saved = client.post("/account/settings", data={
        "csrf_token": form_token(page), "display_name": "Νίκος Παπαδόπουλος", "locale": "el"})

    assert saved.status_code == 303
    user = use_cases(app).accounts.get_user(nikos.id)
    assert (user.display_name, user.locale) == ("Νίκος Παπαδόπουλος", "el")
    assert "Το όνομα και η γλώσσα σας αποθηκεύτηκαν." in text_of(client.get(
        saved.headers["Location"]))


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Longer than maximum length 200."), ("el", "Πρέπει να έχει μήκος το πολύ 200.")])
def test_a_name_too_long_is_refused_next_to_it(app, nikos, language, message):
    client = browser(app, "nikos", language)
    page = client.get("/account")

    refused = client.post("/account/settings", data={
        "csrf_token": form_token(page), "display_name": "x" * 201, "locale": "en"})

    assert refused.status_code == 422
    assert errors_of(refused) == {"display_name": message}
    assert use_cases(app).accounts.get_user(nikos.id).locale is None


def test_changing_my_password_keeps_me_signed_in_here_only(app, nikos):
    client, elsewhere = browser(app, "nikos"), browser(app, "nikos")
    page = client.get("/account")

    changed = client.post("/account/password", data={
        "csrf_token": form_token(page), "current_password": PASSWORD,
        "new_password": NEW_PASSWORD})

    assert changed.status_code == 303
    assert client.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 303  # to the sign-in page
    assert sign_in(app.test_client(), "nikos", NEW_PASSWORD).status_code == 303


@pytest.mark.parametrize(("language", "current", "new"), [
    ("en", "is not your current password", "must have at least 12 characters"),
    ("el", "δεν είναι ο τωρινός σας κωδικός", "πρέπει να έχει τουλάχιστον 12 χαρακτήρες"),
])
def test_a_wrong_current_password_and_a_weak_new_one_are_each_refused_next_to_it(
        app, nikos, language, current, new):
    client = browser(app, "nikos", language)
    page = client.get("/account")

    refused = client.post("/account/password", data={
        "csrf_token": form_token(page), "current_password": "wrong", "new_password": "short"})

    assert refused.status_code == 422
    assert errors_of(refused) == {"current_password": current, "new_password": new}
    assert sign_in(app.test_client(), "nikos", PASSWORD).status_code == 303


def test_a_token_is_shown_once_listed_after_and_revoked(app, nikos):
    client = browser(app, "nikos")
    page = client.get("/account")

    issued = client.post("/account/tokens", data={
        "csrf_token": form_token(page), "name": "μηνιαία αναφορά", "days": "30"})

    assert issued.status_code == 201
    secret = re.search(r'id="secret" class="secret" type="text" value="(sdm_[^"]+)"',
                       issued.get_data(as_text=True)).group(1)
    assert app.test_client().get("/api/v1/me", headers={
        "Authorization": f"Bearer {secret}"}).status_code == 200
    listed = client.get("/account")
    assert secret not in listed.get_data(as_text=True)
    assert "μηνιαία αναφορά" in text_of(listed)
    token = next(t for t in use_cases(app).accounts.list_tokens(nikos.id)
                 if t.name == "μηνιαία αναφορά")
    revoked = client.post(f"/account/tokens/{token.id}/revoke",
                          data={"csrf_token": form_token(listed)})
    assert revoked.status_code == 303
    assert app.test_client().get("/api/v1/me", headers={
        "Authorization": f"Bearer {secret}"}).status_code == 401


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Must be greater than or equal to 1 and less than or equal to 3650."),
    ("el", "Πρέπει να είναι από 1 έως 3650."),
])
def test_a_token_with_a_bad_lifetime_is_refused_next_to_it_and_none_is_made(app, nikos,
                                                                            language, message):
    client = browser(app, "nikos", language)
    page = client.get("/account")

    refused = client.post("/account/tokens", data={
        "csrf_token": form_token(page), "name": "x", "days": "0"})

    assert refused.status_code == 422
    assert errors_of(refused) == {"days": message}
    assert [t.name for t in use_cases(app).accounts.list_tokens(nikos.id)] == ["tests"]


def test_nobody_revokes_another_users_token(app, nikos, maria):
    _, secret = make_user(app, "eleni", Role.MEMBER)
    theirs = use_cases(app).accounts.list_tokens(
        use_cases(app).accounts.authenticate_token(secret).id)[0]
    client = browser(app, "nikos")

    refused = client.post(f"/account/tokens/{theirs.id}/revoke",
                          data={"csrf_token": form_token(client.get("/account"))})

    assert refused.status_code == 404
    assert use_cases(app).accounts.authenticate_token(secret).username == "eleni"


@pytest.mark.parametrize("path", ["/account/settings", "/account/password", "/account/tokens"])
def test_an_account_form_without_its_csrf_token_is_refused(app, nikos, path):
    client = browser(app, "nikos")

    refused = client.post(path, data={"display_name": "x", "name": "x",
                                      "current_password": PASSWORD,
                                      "new_password": NEW_PASSWORD})

    assert refused.status_code == 403
    assert [t.name for t in use_cases(app).accounts.list_tokens(nikos.id)] == ["tests"]
    assert use_cases(app).accounts.get_user(nikos.id).display_name == "Νίκος"
