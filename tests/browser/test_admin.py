"""The admin's journeys in a real browser (see :mod:`tests.browser.tabs`), in Greek and
English: inviting a member who sets a password from the link in a browser of their own,
importing a spreadsheet after fixing the row the preview named, reading the audit trail."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from graph_models.domain.stakeholders import Kind
from tests.api.conftest import use_cases
from tests.browser.tabs import PASSWORD, PHONE

NEW_PASSWORD = "the invitee's own passphrase"
TEXTS = {
    "en": {"made": "Invitation made for", "welcome": "Welcome, Σοφία Ιωάννου",
           "bad": "1 problem keeps the file from being imported", "done": "Imported",
           "region": "Region", "imported": "imported a file"},
    "el": {"made": "Δημιουργήθηκε πρόσκληση", "welcome": "Καλώς ήρθατε, Σοφία Ιωάννου",
           "bad": "1 πρόβλημα εμποδίζει την εισαγωγή", "done": "Η εισαγωγή έγινε",
           "region": "Περιοχή", "imported": "εισήγαγε αρχείο"},
}


def signed_in_as_eleni(tab_in, language, viewport=None):
    tab = tab_in(language, **({"viewport": viewport} if viewport else {}))
    tab.open("/sign-in")
    tab.sign_in(PASSWORD, username="eleni")
    expect(tab.page.locator("h1")).not_to_have_text(re.compile("Sign in|Σύνδεση"))
    return tab


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_eleni_invites_a_member_who_sets_a_password_and_lands_signed_in(tab_in, site,
                                                                         language):
    coop = use_cases(site.app).stakeholders.create_stakeholder({
        "kind": Kind.ENTREPRENEUR, "name": f"Συνεργατική Αρτοποιία {language}",
        "region": site.demo.region})
    tab = signed_in_as_eleni(tab_in, language)
    tab.open("/admin/invitations")
    tab.check(f"admin-invitations-{language}")

    tab.page.locator("#username").fill(f"sofia-{language}")
    tab.page.locator("#display_name").fill("Σοφία Ιωάννου")
    tab.page.locator("#memberships").fill(coop.name)
    tab.page.locator("form.account-form button[type=submit]").click()
    expect(tab.page.locator("#issued-heading")).to_contain_text(TEXTS[language]["made"])
    tab.check(f"admin-invitation-made-{language}")
    link = tab.page.locator("#invitation-link").input_value()

    invitee = tab_in(language)  # a browser of the invitee's own: nobody signed in there
    invitee.page.goto(link)
    invitee.check(f"accept-invitation-{language}")
    invitee.page.locator("#password").fill(NEW_PASSWORD)
    invitee.page.locator("#password_again").fill(NEW_PASSWORD)
    invitee.page.locator("form.sign-in button[type=submit]").click()

    expect(invitee.page).to_have_url(f"{invitee.base}/")
    expect(invitee.page.locator("h1")).to_have_text(TEXTS[language]["welcome"])
    assert use_cases(site.app).accounts.get_user_by_username(
        f"sofia-{language}").memberships == (coop.id,)
    invitee.page.goto(link)
    expect(invitee.page.locator("h1")).not_to_have_text(re.compile("password|κωδικό"))


def spreadsheet(rows) -> dict:
    lines = ["Επωνυμία;Είδος;Περιφέρεια;Κωδικός", *(";".join(row) for row in rows)]
    return {"name": "stakeholders.csv", "mimeType": "text/csv",
            "buffer": "\n".join(lines).encode()}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_eleni_fixes_the_row_the_preview_named_then_imports_and_reads_the_audit_trail(
        tab_in, site, language):
    good = [f"Κοινωνική Κουζίνα {language}", "Επιχείρηση", "Αττική", f"KK-{language}"]
    bad = [f"Αστικό Μποστάνι {language}", "entrepreneur", "Ατλαντίδα", f"AM-{language}"]
    before = len(use_cases(site.app).interchange.export().stakeholders)
    tab = signed_in_as_eleni(tab_in, language)
    tab.open("/admin/imports")
    tab.check(f"admin-imports-{language}")

    tab.page.set_input_files("#file", spreadsheet([good, bad]))
    tab.page.locator("form button.primary").click()
    expect(tab.page.locator("[role=alert]")).to_contain_text(TEXTS[language]["bad"])
    expect(tab.page.locator("table.bad-rows tbody tr")).to_have_count(1)
    expect(tab.page.locator("table.bad-rows tbody td").nth(0)).to_have_text("3")
    expect(tab.page.locator("table.bad-rows tbody td").nth(1)).to_have_text(
        TEXTS[language]["region"])
    tab.check(f"admin-import-bad-row-{language}")
    assert len(use_cases(site.app).interchange.export().stakeholders) == before

    tab.page.get_by_role("link", name=re.compile("Upload another file|Ανέβασμα άλλου")).click()
    tab.page.set_input_files("#file", spreadsheet([good, [*bad[:2], "Κρήτη", bad[3]]]))
    tab.page.locator("form button.primary").click()
    tab.check(f"admin-import-preview-{language}")
    tab.page.locator("button[value=import]").click()
    expect(tab.page.locator("#done-heading")).to_have_text(TEXTS[language]["done"])
    assert len(use_cases(site.app).interchange.export().stakeholders) == before + 2

    tab.open("/admin/audit")
    tab.page.locator("#who").fill("eleni")
    tab.page.locator("#what").select_option("graph.import")
    tab.page.locator("form.filters button").click()
    newest = tab.page.locator("tbody tr").first
    expect(newest).to_contain_text("Ελένη Γεωργίου")
    expect(newest).to_contain_text(TEXTS[language]["imported"])
    tab.check(f"admin-audit-{language}")


@pytest.mark.slow
def test_the_audit_trail_and_invitations_fit_a_phones_width(tab_in, site):
    tab = signed_in_as_eleni(tab_in, "el", PHONE)
    for path, name in (("/admin/audit", "admin-audit-phone"),
                       ("/admin/invitations", "admin-invitations-phone")):
        tab.open(path)
        tab.check(name)
        assert tab.fits_the_width(), path
