"""GET /stakeholders?q=…&region=… as people type them, on each engine (the real Neo4j too):
Greeklish, English place names, abbreviations, words in any order, regions by name."""

from __future__ import annotations

import pytest

from graph_models.domain.search_keys import MAX_QUERY_LENGTH
from tests.api.helpers import API, assert_error

KITCHEN = "Κοινωνική Κουζίνα Αθήνας"
KOINSEP = "Κοιν.Σ.Επ. Ήλιος"
FARM = "Αγρόκτημα Κρήτης"
COOP = "Συνεταιρισμός 50% Bio_Coop"


@pytest.fixture
def directory(engine_api):
    engine_api.stakeholder("entrepreneur", KITCHEN, "EL303", municipality="Αθήνα")
    engine_api.stakeholder("entrepreneur", KOINSEP, "EL305", description="Ενέργεια",
                           municipality="Μαραθώνας")
    engine_api.stakeholder("entrepreneur", FARM, "EL431", municipality="Ηράκλειο")
    engine_api.stakeholder("investor", COOP, "EL522", municipality="Θεσσαλονίκη")
    return engine_api


@pytest.mark.parametrize(("q", "expected"), [
    ("kouzina", [KITCHEN]),
    ("Athens", [KITCHEN]),
    ("Athina", [KITCHEN]),
    ("κουζίνα ΚΟΙΝΩΝΙΚΗ", [KITCHEN]),
    ("ΚοινΣΕπ", [KOINSEP]),
    ("Κοιν.Σ.Επ.", [KOINSEP]),
    ("koinsep", [KOINSEP]),
    ("Κοιν Σ Επ", [KOINSEP]),
    ("Heraklion", [FARM]),
    ("Crete agroktima", [FARM]),
    ("Salonica", [COOP]),
    ("bio coop 50", [COOP]),
    ("%", []),
    ("_", []),
    ("'", []),
    ("\\", []),
    ("'; MATCH (n) DETACH DELETE n //", []),
    ("κουζινα ηρακλειο", []),
])
def test_a_search_finds_what_people_type(directory, q, expected):
    assert directory.found_names(q=q) == expected


def test_a_search_with_metacharacters_leaves_the_store_as_it_was(directory):
    directory.found_names(q="'; MATCH (n) DETACH DELETE n //")
    directory.found_names(q="x'); DROP TABLE stakeholders; --")
    assert len(directory.found_names()) == 4


@pytest.mark.parametrize(("region", "expected"), [
    ("el303", [KITCHEN]),
    ("EL303", [KITCHEN]),
    ("Αττική", [KOINSEP, KITCHEN]),
    ("attiki", [KOINSEP, KITCHEN]),
    ("Attica", [KOINSEP, KITCHEN]),
    ("ΑΝΑΤΟΛΙΚΗ ΑΤΤΙΚΗ", [KOINSEP]),
    ("Κρήτη", [FARM]),
    ("Crete", [FARM]),
    ("Thessaloniki", [COOP]),
    ("Greece", [FARM, KOINSEP, KITCHEN, COOP]),
])
def test_a_region_is_asked_for_by_its_code_in_any_case_or_by_its_name(directory, region,
                                                                       expected):
    assert directory.found_names(region=region) == expected


def test_a_region_by_name_combines_with_a_text_search(directory):
    assert directory.found_names(region="attiki", q="ilios") == [KOINSEP]


@pytest.mark.parametrize("region", ["Atlantis", "el99", "Αθλαντίς"])
def test_an_unknown_region_is_refused_naming_region_with_what_to_give(engine_api, region):
    body = assert_error(engine_api.search(region=region), 422, "region", location="query")
    (message,) = body["errors"]["query"]["region"]
    assert "EL303" in message and "Αττική" in message


def test_a_text_longer_than_the_limit_is_refused_naming_it(engine_api):
    assert engine_api.search(q="α" * MAX_QUERY_LENGTH).status_code == 200
    assert_error(engine_api.search(q="α" * (MAX_QUERY_LENGTH + 1)), 422, "q", location="query")


def test_an_unknown_region_is_refused_in_the_language_asked(api):
    response = api.client.get(f"{API}/stakeholders", query_string={"region": "Ατλαντίς"},
                              headers={"Accept-Language": "el"})

    body = assert_error(response, 422, "region", location="query")
    assert body["errors"]["query"]["region"] == [
        "καμία περιοχή δεν έχει τον κωδικό ή το όνομα «Ατλαντίς»: δώστε έναν κωδικό NUTS, όπως "
        "EL303, ή το όνομα μιας ελληνικής περιοχής στα ελληνικά ή στα αγγλικά, όπως Αττική ή "
        "Attica"]
