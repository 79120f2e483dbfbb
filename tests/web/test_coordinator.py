"""The coordinator's pages without a browser: the dashboard's counts and sentences, the
directory's filters and search, a stakeholder's page and its graph's data — each under the same
rules of who may see what as the API."""

from __future__ import annotations

import re
from datetime import date

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.introductions import Purpose
from graph_models.domain.stakeholders import Kind, TieType
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD, sign_in, text_of

AN_ID = re.compile(r"\b[0-9a-f]{32}\b")


def add(app, name: str, region: str = "EL303", kind: Kind = Kind.ENTREPRENEUR,
        **fields) -> str:
    """A stakeholder made by the system itself; its id."""
    return use_cases(app).stakeholders.create_stakeholder(
        {"kind": kind, "name": name, "region": region, **fields}).id


def tie(app, source: str, target: str, type_: TieType = TieType.KNOWS, **fields) -> str:
    return use_cases(app).stakeholders.create_tie(
        {"type": type_, "source": source, "target": target, **fields}).id


@pytest.fixture
def signed_in(app, maria):
    """A test client signed in as Maria, coordinator of Attica (EL30), in English."""
    client = app.test_client()
    sign_in(client, "maria")
    return client


def member_client(app, *memberships: str, language: str = "en"):
    make_user(app, "nikos", Role.MEMBER, memberships=list(memberships), password=PASSWORD)
    client = app.test_client()
    sign_in(client, "nikos", language=language)
    return client


# -- the dashboard ---------------------------------------------------------------------------

def test_the_dashboard_counts_requests_to_pass_on_and_newcomers_each_with_a_sentence(
        app, signed_in):
    kitchen = add(app, "Κοινωνική Κουζίνα Αθήνας", discoverable=True)
    bank = add(app, "Συνεταιριστική Τράπεζα", kind=Kind.INVESTOR, discoverable=True)
    tie(app, add(app, "Παλιός Συνεταιρισμός"), add(app, "Παλιός Φίλος"))
    use_cases(app).introductions.request(kitchen, bank, Purpose.FINANCING)
    add(app, "Νέα Ομάδα Θεσσαλονίκης", region="EL522")  # another territory's newcomer

    board = text_of(signed_in.get("/dashboard"))

    assert ("1 request for an introduction has not been passed on yet: you may forward it to "
            "the stakeholder asked for, or decline it.") in board
    assert "Κοινωνική Κουζίνα Αθήνας asks to meet Συνεταιριστική Τράπεζα" in board
    assert ("0 mentoring programmes have a proposal of mentor–mentee pairs that is not "
            "published yet") in board
    # The kitchen and the bank are tied by nothing yet; the old two are tied to each other.
    assert ("2 stakeholders registered in the last 365 days have no tie to anyone yet") in board
    assert "Νέα Ομάδα Θεσσαλονίκης" not in board
    assert "Παλιός" not in board
    assert not AN_ID.search(board)


def test_the_unmet_needs_are_counted_on_their_own_page_which_the_dashboard_loads(
        app, signed_in):
    lonely = add(app, "Ομάδα Χωρίς Πάροχο", needs=["financing.loan"], discoverable=True)
    add(app, "Ομάδα Θεσσαλονίκης", region="EL522", needs=["financing.loan"])

    board = signed_in.get("/dashboard").get_data(as_text=True)
    page = signed_in.get("/dashboard/unmet")

    assert 'hx-get="/dashboard/unmet" hx-trigger="load" hx-select="#unmet"' in board
    assert '<a href="/dashboard/unmet">' in board  # without JS, a link to the count
    assert "1 entrepreneur has needs that no provider meets well enough" in text_of(page)
    assert f'href="/stakeholders/{lonely}"' in page.get_data(as_text=True)
    assert "needs: Loans" in text_of(page)
    assert "Θεσσαλονίκης" not in text_of(page)


def test_a_member_may_not_open_the_dashboard(app):
    client = member_client(app, add(app, "Δική μου Ομάδα"))

    assert client.get("/dashboard").status_code == 403
    assert client.get("/dashboard/unmet").status_code == 403
    assert "What waits" not in text_of(client.get("/"))


# -- the directory ---------------------------------------------------------------------------

def test_the_directory_finds_greek_names_typed_in_latin_letters(app, signed_in):
    kitchen = add(app, "Κοινωνική Κουζίνα Αθήνας", sectors=["catering_food_services"])
    add(app, "Εργαστήρι Κεραμικής")

    page = signed_in.get("/stakeholders", query_string={"q": "kouzina"})

    text = text_of(page)
    assert page.status_code == 200
    assert "1 stakeholder fits these filters." in text
    assert "Κοινωνική Κουζίνα Αθήνας" in text and "Κεραμικής" not in text
    assert f'href="/stakeholders/{kitchen}"' in page.get_data(as_text=True)
    assert "Entrepreneur Central Athens Catering and food services" in text
    assert not AN_ID.search(text)


@pytest.mark.parametrize("region", ["attiki", "Attica", "el30", "EL30"])
def test_the_directory_takes_a_region_by_name_or_by_code(app, signed_in, region):
    add(app, "Ομάδα Αθήνας", region="EL303")
    add(app, "Ομάδα Θεσσαλονίκης", region="EL522", discoverable=True)

    text = text_of(signed_in.get("/stakeholders", query_string={"region": region}))

    assert "Ομάδα Αθήνας" in text and "Ομάδα Θεσσαλονίκης" not in text


def test_the_directory_filters_by_kind_and_by_what_is_offered(app, signed_in):
    add(app, "Τράπεζα Α", kind=Kind.INVESTOR, offers=["financing.loan"])
    add(app, "Τράπεζα Β", kind=Kind.INVESTOR, offers=["financing.grant"])
    add(app, "Ομάδα Γ", offers=["financing.loan"])

    text = text_of(signed_in.get("/stakeholders", query_string={
        "kind": "investor", "offer": "financing.loan", "q": ""}))

    assert "Τράπεζα Α" in text
    assert "Τράπεζα Β" not in text and "Ομάδα Γ" not in text


def test_a_region_that_names_nothing_is_refused_next_to_its_field_in_greek(app, maria):
    client = app.test_client()
    sign_in(client, "maria", language="el")

    page = client.get("/stakeholders", query_string={"region": "Ατλαντίδα"},
                      headers={"Accept-Language": "el"})

    body = page.get_data(as_text=True)
    assert page.status_code == 422
    assert 'id="region-error"' in body and 'aria-invalid="true"' in body
    assert "Ατλαντίδα" in text_of(page)
    assert "Διορθώστε" in text_of(page)


def test_the_directory_shows_only_what_the_api_shows_a_member(app):
    own = add(app, "Δική μου Ομάδα", region="EL522")
    add(app, "Κρυφή Ομάδα", region="EL522")
    add(app, "Φανερή Ομάδα", region="EL522", discoverable=True)
    client = member_client(app, own)

    text = text_of(client.get("/stakeholders"))

    assert "Δική μου Ομάδα" in text and "Φανερή Ομάδα" in text
    assert "Κρυφή Ομάδα" not in text


def test_the_directory_is_paged_and_its_links_keep_the_filters(app, signed_in):
    for n in range(23):
        add(app, f"Ομάδα {n:02d}")

    first = signed_in.get("/stakeholders", query_string={"q": "ομαδα"})
    second = signed_in.get("/stakeholders", query_string={"q": "ομαδα", "page": 2})

    assert "23 stakeholders fit these filters. This is page 1 of 2." in text_of(first)
    assert 'href="/stakeholders?q=%CE%BF%CE%BC%CE%B1%CE%B4%CE%B1&amp;page=2"' in \
        first.get_data(as_text=True)
    assert "Ομάδα 22" in text_of(second) and "Ομάδα 00" not in text_of(second)


# -- a stakeholder's page --------------------------------------------------------------------

def test_a_stakeholders_page_reads_in_words_with_its_ties_named(app, signed_in):
    kitchen = add(app, "Κοινωνική Κουζίνα Αθήνας", sectors=["catering_food_services"],
                  languages=["el"], needs=["financing.loan"], legal_form="koinsep",
                  koinsep_category="collective_social_benefit", discoverable=True)
    fund = add(app, "Ταμείο Αλληλεγγύης", kind=Kind.INVESTOR, discoverable=True)
    tie(app, fund, kitchen, TieType.FUNDED, since=date(2025, 3, 3), amount=5000)
    tie(app, kitchen, add(app, "Εργαστήρι Κεραμικής"), strength=4, since=date(2024, 1, 5))

    page = signed_in.get(f"/stakeholders/{kitchen}")

    text = text_of(page)
    assert page.status_code == 200
    assert "Legal form Social Cooperative Enterprise (KoinSEp)" in text
    assert "Sectors Catering and food services" in text and "Languages Greek" in text
    assert "Needs Loans" in text
    assert "Found by others in searches and recommendations Yes, since" in text
    assert "has 2 ties you may see." in text
    assert "Ταμείο Αλληλεγγύης Funded to Κοινωνική Κουζίνα Αθήνας — March 3, 2025" in text
    assert "Εργαστήρι Κεραμικής Knows both ways 4 January 5, 2024" in text
    assert f'href="/stakeholders/{kitchen}/edit"' in page.get_data(as_text=True)
    assert not AN_ID.search(text)


def test_a_stakeholders_page_explains_its_matches_and_offers_to_introduce_them(app, signed_in):
    kitchen = add(app, "Κοινωνική Κουζίνα Αθήνας", needs=["financing.loan"], discoverable=True)
    bank = add(app, "Συνεταιριστική Τράπεζα", kind=Kind.INVESTOR, offers=["financing.loan"],
               instruments=["loan"], discoverable=True)

    page = signed_in.get(f"/stakeholders/{kitchen}")

    body, text = page.get_data(as_text=True), text_of(page)
    assert "Who would suit Κοινωνική Κουζίνα Αθήνας" in text
    assert "Συνεταιριστική Τράπεζα Investor · Central Athens Score:" in text
    assert "Loans" in text.split("Score:")[1]  # a reason names the topic in words
    assert f'href="/introductions/new?requester={kitchen}&amp;target={bank}"' in body
    assert f'href="/paths?from={kitchen}&amp;to={bank}"' in body


def test_matches_filtered_by_a_kind_that_does_not_exist_are_refused_next_to_the_filter(
        app, signed_in):
    kitchen = add(app, "Κοινωνική Κουζίνα Αθήνας")

    page = signed_in.get(f"/stakeholders/{kitchen}", query_string={"kind": "dragon"})

    assert page.status_code == 422
    assert 'id="kind-error"' in page.get_data(as_text=True)


def test_outside_her_territory_a_coordinator_sees_only_what_was_made_public(app, signed_in):
    hidden = add(app, "Κρυφή Ομάδα Θεσσαλονίκης", region="EL522")
    public = add(app, "Φανερή Ομάδα Θεσσαλονίκης", region="EL522", discoverable=True,
                 email="info@example.org")

    assert signed_in.get(f"/stakeholders/{hidden}").status_code == 404
    assert signed_in.get(f"/stakeholders/{hidden}/neighbourhood.json").status_code == 404
    page = signed_in.get(f"/stakeholders/{public}")
    text = text_of(page)
    assert page.status_code == 200
    assert "info@example.org" not in text
    assert "Matches are shown to the stakeholder's own members" in text
    assert "/edit" not in page.get_data(as_text=True)


def test_a_member_opens_their_own_organisations_page_and_no_hidden_other(app):
    own = add(app, "Δική μου Ομάδα", region="EL522", email="own@example.org")
    other = add(app, "Ξένη Ομάδα", region="EL522")
    client = member_client(app, own)

    page = client.get(f"/stakeholders/{own}")

    assert page.status_code == 200
    assert "own@example.org" in text_of(page)
    assert "Who would suit Δική μου Ομάδα" in text_of(page)
    assert "Matches are shown" not in text_of(page)
    assert client.get(f"/stakeholders/{other}").status_code == 404


def test_a_viewer_may_open_no_stakeholder_page(app):
    seen = add(app, "Ομάδα", discoverable=True)
    make_user(app, "vera", Role.VIEWER, regions=["EL30"], password=PASSWORD)
    client = app.test_client()
    sign_in(client, "vera")

    assert client.get("/stakeholders").status_code == 403
    assert client.get(f"/stakeholders/{seen}").status_code == 403


# -- the graph's data ------------------------------------------------------------------------

def test_the_graph_data_names_each_node_with_its_kind_and_page(app, signed_in):
    kitchen = add(app, "Κοινωνική Κουζίνα", discoverable=True)
    bank = add(app, "Τράπεζα", kind=Kind.INVESTOR, discoverable=True)
    funded = tie(app, bank, kitchen, TieType.FUNDED, since=date(2025, 3, 3))

    data = signed_in.get(f"/stakeholders/{kitchen}/neighbourhood.json").get_json()

    assert data["center"] == kitchen and data["truncated"] is False
    assert [(n["name"], n["kind"], n["kind_label"], n["distance"], n["url"])
            for n in data["nodes"]] == [
        ("Κοινωνική Κουζίνα", "entrepreneur", "Entrepreneur", 0, f"/stakeholders/{kitchen}"),
        ("Τράπεζα", "investor", "Investor", 1, f"/stakeholders/{bank}")]
    assert data["edges"] == [{"id": funded, "source": bank, "target": kitchen,
                              "type": "FUNDED", "type_label": "Funded",
                              "since": "2025-03-03"}]
    assert data["kinds"]["support_organisation"] == "Support organisation"


def test_the_graph_data_leaves_out_whom_a_member_may_not_see_and_speaks_greek(app):
    own = add(app, "Δική μου Ομάδα", region="EL522")
    hidden = add(app, "Κρυφός Γείτονας", region="EL522")
    public = add(app, "Φανερός Γείτονας", region="EL522", discoverable=True)
    tie(app, own, hidden)
    tie(app, own, public)
    client = member_client(app, own, language="el")

    data = client.get(f"/stakeholders/{own}/neighbourhood.json", query_string={"depth": 2},
                      headers={"Accept-Language": "el"}).get_json()

    assert [n["name"] for n in data["nodes"]] == ["Δική μου Ομάδα", "Φανερός Γείτονας"]
    assert [e["type_label"] for e in data["edges"]] == ["Γνωρίζει"]
    assert data["depth"] == 2


def test_a_graph_deeper_than_three_ties_is_refused(app, signed_in):
    kitchen = add(app, "Κοινωνική Κουζίνα")

    refused = signed_in.get(f"/stakeholders/{kitchen}/neighbourhood.json",
                            query_string={"depth": 4})

    assert refused.status_code == 422
    assert "depth" in refused.get_json()["errors"]
