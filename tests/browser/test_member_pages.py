"""The member's journeys in a real browser (see :mod:`tests.browser.tabs`), in Greek and in
English: a member keeps their organisation's needs and consents up to date, a coordinator
registers a stakeholder, a member chooses their language and makes an API token."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.api.conftest import use_cases
from tests.browser.tabs import PASSWORD, PHONE

BAD_EMAIL = {"en": "Not a valid email address.", "el": "Μη έγκυρη διεύθυνση e-mail."}
SAVED = {"en": "Your changes are saved.", "el": "Οι αλλαγές σας αποθηκεύτηκαν."}
REGISTERED = {"en": "The stakeholder is registered.", "el": "Ο φορέας καταχωρίστηκε."}
MY_ACCOUNT = {"en": "My account", "el": "Ο λογαριασμός μου"}
OTHER = {"en": "el", "el": "en"}


def signed_in(tab_in, language: str, username: str, path: str, viewport=None):
    tab = tab_in(language, viewport) if viewport else tab_in(language)
    tab.open(path)
    tab.sign_in(PASSWORD, username)
    expect(tab.page).to_have_url(f"{tab.base}{path}")
    return tab


def tick(tab, name: str, value: str) -> None:
    """Tick a topic, opening its pillar first if it is folded."""
    box = tab.page.locator(f'input[name="{name}"][value="{value}"]')
    pillar = tab.page.locator("details").filter(has=box)
    if pillar.get_attribute("open") is None:
        pillar.locator("summary").click()
    box.check()


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_member_updates_needs_and_a_consent_fixing_an_error_on_the_way(tab_in, site,
                                                                          language):
    venture = use_cases(site.app).stakeholders.get_stakeholder(site.venture)
    tab = signed_in(tab_in, language, "nikos", "/organisation")
    expect(tab.page.locator("h2").first).to_have_text(venture.name)
    tab.check(f"organisation-{language}")

    tab.page.locator(f'a[href="/stakeholders/{site.venture}/edit"]').click()
    expect(tab.page.locator("#name")).to_have_value(venture.name)
    tab.check(f"edit-stakeholder-{language}")
    wanted = tab.page.locator('input[name="needs"]:not(:checked)').first.get_attribute("value")
    tick(tab, "needs", wanted)
    tab.page.locator('input[name="contact_sharing"]').set_checked(
        not venture.contact_sharing)
    tab.page.locator("#email").fill("not an address")
    tab.page.locator("form.stakeholder button[type=submit]").click()

    expect(tab.page.locator("#email-error")).to_have_text(BAD_EMAIL[language])
    expect(tab.page.locator("#email")).to_have_attribute("aria-invalid", "true")
    tab.check(f"edit-stakeholder-error-{language}")
    assert use_cases(site.app).stakeholders.get_stakeholder(site.venture) == venture

    tab.page.locator("#email").fill("info@example.org")
    tab.page.locator("form.stakeholder button[type=submit]").click()

    expect(tab.page.locator("p.notice")).to_contain_text(SAVED[language])
    saved = use_cases(site.app).stakeholders.get_stakeholder(site.venture)
    assert wanted in saved.needs and saved.email == "info@example.org"
    assert saved.contact_sharing is not venture.contact_sharing


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_coordinator_registers_a_stakeholder(tab_in, site, language):
    tab = signed_in(tab_in, language, "maria", "/stakeholders/new")
    tab.check(f"new-stakeholder-kind-{language}")
    tab.page.locator('input[name="kind"][value="support_organisation"]').check()
    tab.page.locator("main form button[type=submit]").click()

    name = f"Κέντρο Στήριξης ΚΑΛΟ {language}"
    tab.page.locator("#name").fill(name)
    tab.page.locator("#region").select_option(index=1)
    tick(tab, "offers", "consulting.business_plan")
    tab.check(f"new-stakeholder-{language}")
    tab.page.locator("form.stakeholder button[type=submit]").click()

    expect(tab.page.locator("p.notice")).to_contain_text(REGISTERED[language])
    made = tab.page.url.split("/stakeholders/")[1].split("/")[0]
    registered = use_cases(site.app).stakeholders.get_stakeholder(made)
    assert (registered.name, registered.offers) == (name, ("consulting.business_plan",))


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_member_changes_their_language_and_makes_a_token_on_a_phone(tab_in, site, language):
    tab = signed_in(tab_in, language, "nikos", "/account", PHONE)
    expect(tab.page.locator("h1")).to_have_text(MY_ACCOUNT[language])
    assert tab.fits_the_width()
    tab.check(f"account-{language}")

    tab.page.locator("#locale").select_option(OTHER[language])
    tab.page.locator('form[action="/account/settings"] button[type=submit]').click()

    expect(tab.page.locator("html")).to_have_attribute("lang", OTHER[language])
    expect(tab.page.locator("h1")).to_have_text(MY_ACCOUNT[OTHER[language]])
    assert use_cases(site.app).accounts.get_user(site.nikos.id).locale == OTHER[language]

    tab.page.locator("#name").fill("spreadsheet")
    tab.page.locator("#days").fill("30")
    tab.page.locator('form[action="/account/tokens"] button[type=submit]').click()

    secret = tab.page.locator("#secret").input_value()
    assert secret.startswith("sdm_")
    assert use_cases(site.app).accounts.authenticate_token(secret).username == "nikos"
    assert tab.fits_the_width()
    tab.check(f"account-token-{OTHER[language]}")
