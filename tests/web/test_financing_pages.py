"""The financing section of an entrepreneur's page, and the pool form's sectors and legal
forms, through a browser-like client: an eligible entrepreneur's member reads the call for
projects and the pool open to it with their reasons and links, in Greek and in English; one of
another territory reads neither."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import now
from tests.api.conftest import make_user
from tests.api.conftest import use_cases as use_cases_of
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of


def seed(app):
    """A coop of Central Athens and one of Crete, both in agrifood; the region of Attica's
    participatory budget taking proposals; a bank's pool for Attica's agrifood; their members."""
    facades = use_cases_of(app)
    eco = facades.stakeholders
    coop = eco.create_stakeholder({"kind": "entrepreneur", "name": "Κοιν.Σ.Επ. Φούρνος",
                                   "region": "EL303", "sectors": ["agrifood"]})
    cretan = eco.create_stakeholder({"kind": "entrepreneur", "name": "Κρητικός Συνεταιρισμός",
                                     "region": "EL434", "sectors": ["agrifood"]})
    region = eco.create_stakeholder({"kind": "policymaker", "name": "Περιφέρεια Αττικής",
                                     "region": "EL30", "level": "regional",
                                     "jurisdiction": "EL30"})
    bank = eco.create_stakeholder({"kind": "investor", "name": "Ηθική Τράπεζα",
                                   "region": "EL30"})
    process = facades.budgets.create_process({"name": "Γειτονιές 2026", "region": "EL30",
                                              "budget": 80_000, "fund_id": region.id})
    pool = facades.campaigns.define_pool(bank.id, {
        "name": "Ένα προς ένα Αττικής", "cap": Decimal(3000), "regions": ["EL3"],
        "sectors": ["agrifood"], "deadline": now() + timedelta(days=40)})
    make_user(app, "baker", Role.MEMBER, memberships=[coop.id], password=PASSWORD)
    make_user(app, "cretan", Role.MEMBER, memberships=[cretan.id], password=PASSWORD)
    make_user(app, "banker", Role.MEMBER, memberships=[bank.id], password=PASSWORD)
    return coop, cretan, bank, process, pool


def page_of(app, username, stakeholder_id, language):
    client = app.test_client()
    sign_in(client, username)
    return client.get(f"/stakeholders/{stakeholder_id}", headers={"Accept-Language": language})


def test_an_eligible_entrepreneur_reads_its_call_for_projects_and_its_pool_in_greek(app):
    coop, _, _, process, pool = seed(app)
    page = page_of(app, "baker", coop.id, "el")
    assert page.status_code == 200
    html, text = page.get_data(as_text=True), text_of(page)
    assert "Χρηματοδότηση ανοιχτή για: Κοιν.Σ.Επ. Φούρνος" in text
    assert f'href="/budgets/{process.id}"' in html and f'href="/pools#pool-{pool.id}"' in html
    assert "για έργα στην περιοχή Αττική, όπου βρίσκεστε (Κεντρικός Τομέας Αθηνών)" in text
    assert "για καμπάνιες σε: Αττική, όπου βρίσκεστε (Κεντρικός Τομέας Αθηνών)" in text
    assert "προϋπολογισμός 80.000" in text


def test_the_section_reads_in_english_too(app):
    coop, *_ = seed(app)
    text = text_of(page_of(app, "baker", coop.id, "en"))
    assert "Financing open to Κοιν.Σ.Επ. Φούρνος" in text
    assert "for projects of Attica, where you are (Central Athens)" in text
    assert "Matching pool of Ηθική Τράπεζα" in text


def test_an_entrepreneur_of_another_territory_is_told_why_the_pool_is_not_open(app):
    _, cretan, _, process, pool = seed(app)
    page = page_of(app, "cretan", cretan.id, "en")
    html, text = page.get_data(as_text=True), text_of(page)
    assert "No call for projects or matching pool is open to it now." in text
    assert f"/budgets/{process.id}" not in html  # another territory's call: not named at all
    assert "only for campaigns in Attica, and you are in Chania" in text
    assert f'href="/pools#pool-{pool.id}"' in html


def test_an_investors_page_has_no_financing_section(app):
    *_, bank, _, _ = seed(app)
    assert "Financing open to" not in text_of(page_of(app, "banker", bank.id, "en"))


def test_a_pool_is_defined_with_sectors_and_legal_forms_chosen_by_their_labels(app):
    *_, bank, _, _ = seed(app)
    client = app.test_client()
    sign_in(client, "banker")
    page = client.get("/pools", headers={"Accept-Language": "el"})
    html = page.get_data(as_text=True)
    assert '<option value="agrifood">Αγροδιατροφή</option>' in html
    assert '<option value="koinsep">' in html and 'name="legal_forms"' in html
    day = (now() + timedelta(days=40)).date().isoformat()
    refused = client.post("/pools", data={
        "csrf_token": form_token(page), "owner_id": bank.id, "name": "Λάθος", "cap": "800",
        "sectors": ["no-such-sector"], "deadline": day})
    assert refused.status_code == 422 and 'id="sectors-error"' in refused.get_data(as_text=True)
    sent = client.post("/pools", data={
        "csrf_token": form_token(page), "owner_id": bank.id, "name": "Συνεταιρισμοί",
        "cap": "800", "sectors": ["agrifood", "housing"],
        "legal_forms": ["koinsep", "workers_cooperative"], "deadline": day})
    assert sent.status_code == 303
    pools = {v.pool.name: v.pool for v in use_cases_of(app).campaigns.list_pools()}
    assert (pools["Συνεταιρισμοί"].sectors, [f.value for f in pools["Συνεταιρισμοί"].legal_forms]) \
        == (("agrifood", "housing"), ["koinsep", "workers_cooperative"])
    listed = text_of(client.get("/pools", headers={"Accept-Language": "en"}))
    assert "Sectors: Agriculture and food, Housing." in listed
