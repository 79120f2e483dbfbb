"""The first pages in a real browser (see :mod:`tests.browser.tabs`): signing in and out, the
language switch, the keyboard alone, a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.api.conftest import use_cases
from tests.browser.tabs import PASSWORD, PHONE

WRONG_PASSWORD = {"en": "The username or the password is wrong.",
                  "el": "Το όνομα χρήστη ή ο κωδικός πρόσβασης είναι λάθος."}
WELCOME = {"en": "Welcome, Μαρία Παππά", "el": "Καλώς ήρθατε, Μαρία Παππά"}
SIGN_IN = {"en": "Sign in", "el": "Σύνδεση"}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_signing_in_shows_a_wrong_password_next_to_the_field_then_opens_the_home_page(
        tab_in, language):
    tab = tab_in(language)
    tab.open("/")
    expect(tab.page).to_have_url(f"{tab.base}/sign-in?next=/")
    expect(tab.page.locator("h1")).to_have_text(SIGN_IN[language])
    tab.check(f"sign-in-{language}")

    tab.sign_in("not the password")
    error = tab.page.locator("#password-error")
    expect(error).to_have_text(WRONG_PASSWORD[language])
    expect(tab.page.locator("#password")).to_have_attribute("aria-describedby", "password-error")
    expect(tab.page.locator("#password")).to_be_focused()
    tab.check(f"sign-in-wrong-password-{language}")

    tab.sign_in(PASSWORD)
    expect(tab.page).to_have_url(f"{tab.base}/")
    expect(tab.page.locator("h1")).to_have_text(WELCOME[language])
    tab.check(f"home-{language}")


@pytest.mark.slow
def test_the_language_switch_turns_the_pages_greek_and_saves_the_choice(tab_in, site):
    tab = tab_in("en")
    tab.open("/sign-in")
    tab.sign_in(PASSWORD)
    expect(tab.page.locator("h1")).to_have_text(WELCOME["en"])

    tab.page.get_by_role("button", name="Ελληνικά").click()

    expect(tab.page).to_have_url(f"{tab.base}/")
    expect(tab.page.locator("html")).to_have_attribute("lang", "el")
    expect(tab.page.locator("h1")).to_have_text(WELCOME["el"])
    expect(tab.page.get_by_role("button", name="Ελληνικά")).to_have_attribute(
        "aria-current", "true")
    assert use_cases(site.app).accounts.get_user(site.maria.id).locale == "el"


@pytest.mark.slow
def test_signing_out_ends_the_session_and_pages_ask_to_sign_in_again(tab_in):
    tab = tab_in("en")
    tab.open("/sign-in")
    tab.sign_in(PASSWORD)

    tab.page.get_by_role("button", name="Sign out").click()

    expect(tab.page).to_have_url(f"{tab.base}/sign-in?signed_out=1")
    expect(tab.page.get_by_role("status")).to_have_text("You have signed out.")
    tab.check("signed-out-en")
    tab.open("/")
    expect(tab.page).to_have_url(f"{tab.base}/sign-in?next=/")


@pytest.mark.slow
def test_signing_in_works_with_the_keyboard_alone_and_shows_where_the_focus_is(tab_in):
    tab = tab_in("el")
    tab.open("/sign-in")
    keyboard = tab.page.keyboard

    keyboard.press("Tab")
    expect(tab.page.locator(".skip-link")).to_be_focused()
    keyboard.press("Enter")  # skip the header, straight to the form
    expect(tab.page.locator("main")).to_be_focused()
    keyboard.press("Tab")
    expect(tab.page.locator("#username")).to_be_focused()
    assert tab.page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle") != "none"
    keyboard.type("maria")
    keyboard.press("Tab")
    expect(tab.page.locator("#password")).to_be_focused()
    keyboard.type(PASSWORD)
    keyboard.press("Enter")

    expect(tab.page).to_have_url(f"{tab.base}/")
    expect(tab.page.locator("h1")).to_have_text(WELCOME["el"])


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_the_pages_fit_a_phone_without_sideways_scrolling(tab_in, language):
    tab = tab_in(language, PHONE)
    tab.open("/sign-in")
    assert tab.fits_the_width()
    tab.check(f"phone-sign-in-{language}")
    tab.sign_in(PASSWORD)
    expect(tab.page.locator("h1")).to_have_text(WELCOME[language])
    assert tab.fits_the_width()
    tab.check(f"phone-home-{language}")
