"""GET /stakeholders: filters, Greek free text, order and the page envelope, and their errors."""

from __future__ import annotations

import pytest

from tests.api.helpers import API, assert_error

KITCHEN = "Κοινωνική Κουζίνα Αθήνας"
BANK = "Ηθική Τράπεζα"
CENTRE = "Κέντρο Στήριξης ΚΑΛΟ"
MUNICIPALITY = "Δήμος Ηρακλείου"
FARMERS = "Αγροτικός Συνεταιρισμός Μαραθώνα"
BY_NAME = [FARMERS, MUNICIPALITY, BANK, CENTRE, KITCHEN]


@pytest.fixture
def directory(api):
    """Five stakeholders, created in this order, across kinds, regions and vocabularies."""
    return [
        api.stakeholder("entrepreneur", KITCHEN, "EL303", municipality="Αθήνα",
                        sectors=["catering_food_services"], needs=["financing.loan"],
                        languages=["el"], discoverable=True),
        api.stakeholder("investor", BANK, "EL30", description="Γραφεία στην ΑΘΗΝΑ",
                        offers=["financing.loan"], languages=["el", "en"], discoverable=True),
        api.stakeholder("support_organisation", CENTRE, "EL522",
                        description="ομάδες σε αθηνα και θεσσαλονικη",
                        offers=["consulting.business_plan"], languages=["en"]),
        api.stakeholder("policymaker", MUNICIPALITY, "EL431", level="municipal",
                        policy_areas=["social_care"]),
        api.stakeholder("entrepreneur", FARMERS, "EL305", sectors=["agrifood"],
                        needs=["consulting.business_plan"], discoverable=True),
    ]


def test_a_search_answers_the_page_envelope_with_items_total_page_and_page_size(api, directory):
    response = api.search()

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"items", "total", "page", "page_size"}
    assert (body["total"], body["page"], body["page_size"]) == (5, 1, 20)
    assert sorted(item["id"] for item in body["items"]) == sorted(s["id"] for s in directory)


def test_an_empty_store_answers_an_empty_page(api):
    assert api.search().get_json() == {"items": [], "total": 0, "page": 1, "page_size": 20}


def test_by_default_stakeholders_come_ordered_by_name_ignoring_case_and_accents(api, directory):
    assert api.found_names() == BY_NAME


@pytest.mark.parametrize(("query", "expected"), [
    ({"kind": "entrepreneur"}, [FARMERS, KITCHEN]),
    ({"kind": "policymaker"}, [MUNICIPALITY]),
    ({"sector": "agrifood"}, [FARMERS]),
    ({"need": "financing.loan"}, [KITCHEN]),
    ({"offer": "financing.loan"}, [BANK]),
    ({"language": "en"}, [BANK, CENTRE]),
    ({"discoverable": "true"}, [FARMERS, BANK, KITCHEN]),
    ({"discoverable": "false"}, BY_NAME),
    ({"kind": "entrepreneur", "region": "EL303"}, [KITCHEN]),
    ({"offer": "financing.loan", "language": "en", "kind": "investor"}, [BANK]),
    ({"kind": "investor", "need": "financing.loan"}, []),
])
def test_each_filter_narrows_the_search_and_filters_combine(api, directory, query, expected):
    assert api.found_names(**query) == expected


@pytest.mark.parametrize(("region", "expected"), [
    ("EL", BY_NAME),
    ("EL3", [FARMERS, BANK, KITCHEN]),
    ("EL30", [FARMERS, BANK, KITCHEN]),
    ("EL303", [KITCHEN]),
    ("EL304", []),
    ("EL5", [CENTRE]),
    ("EL4", [MUNICIPALITY]),
    ("DE3", []),
])
def test_a_region_filter_matches_the_region_and_all_its_sub_regions(api, directory, region,
                                                                     expected):
    assert api.found_names(region=region) == expected


@pytest.mark.parametrize("text", ["αθηνα", "ΑΘΗΝΑ", "Αθήνα", "αθήνα", "ΑΘΉΝΑ"])
def test_free_text_ignores_greek_case_and_accents(api, directory, text):
    assert api.found_names(q=text) == [BANK, CENTRE, KITCHEN]


def test_free_text_looks_in_the_name_too(api, directory):
    assert api.found_names(q="κουζινα") == [KITCHEN]


def test_free_text_that_matches_nothing_answers_an_empty_page(api, directory):
    body = api.search(q="Λάρισα").get_json()

    assert (body["items"], body["total"]) == ([], 0)


def test_ordering_by_creation_time_lists_the_oldest_first(api, directory):
    assert api.found_names(order="created_at") == [s["name"] for s in directory]


def test_ordering_by_update_time_moves_a_patched_stakeholder_last(api, client, directory):
    first = directory[0]
    assert client.patch(f"{API}/stakeholders/{first['id']}",
                        json={"description": "νέα"}).status_code == 200

    assert api.found_names(order="updated_at") == [s["name"] for s in directory[1:]] + [KITCHEN]


def test_pages_split_the_ordered_results_without_gaps_or_repeats(api, directory):
    pages = [api.search(page=n, page_size=2).get_json() for n in (1, 2, 3)]

    assert [p["total"] for p in pages] == [5, 5, 5]
    assert [(p["page"], p["page_size"]) for p in pages] == [(1, 2), (2, 2), (3, 2)]
    assert [len(p["items"]) for p in pages] == [2, 2, 1]
    assert [item["name"] for p in pages for item in p["items"]] == BY_NAME


def test_a_page_past_the_end_is_empty_but_still_counts_the_total(api, directory):
    body = api.search(page=4, page_size=2).get_json()

    assert (body["items"], body["total"], body["page"]) == ([], 5, 4)


def test_a_page_of_a_hundred_is_allowed(api, directory):
    assert api.search(page_size=100).get_json()["page_size"] == 100


@pytest.mark.parametrize(("name", "value"), [
    ("page_size", "0"), ("page_size", "101"), ("page_size", "ten"), ("page", "0"),
    ("page", "-1"), ("kind", "bank"), ("region", "EL99"), ("region", "el99"),
    ("region", "Atlantis"), ("region", "x" * 101), ("sector", "rocket_science"), ("need", "loan"),
    ("offer", "financing"), ("language", "greek"), ("discoverable", "maybe"),
    ("order", "id"), ("order", "name; DROP TABLE stakeholders"), ("q", ""),
])
def test_a_bad_query_parameter_is_a_422_naming_it(api, name, value):
    assert_error(api.search(**{name: value}), 422, name, location="query")


def test_an_unknown_query_parameter_is_a_422_naming_it(api, directory):
    body = assert_error(api.search(kinds="entrepreneur"), 422, "kinds", location="query")

    assert "kind" not in body["errors"]["query"]
