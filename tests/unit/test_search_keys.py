"""Search keys and query terms: Greeklish, abbreviations, place names, regions by name."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from graph_models.domain import vocabularies
from graph_models.domain.errors import InvalidInput
from graph_models.domain.search_keys import (
    MAX_QUERY_LENGTH,
    query_terms,
    search_key,
    sound_key,
)
from graph_models.domain.text import fold


def found(text: str, *fields: str) -> bool:
    """Whether a search for ``text`` finds a stakeholder with these fields, as the stores
    decide it: every term found by one of its forms in one word of the key."""
    words = search_key(*fields).split()
    return all(any(form in word for word in words for form in forms)
               for forms in query_terms(text))


@pytest.mark.parametrize(("typed", "greek"), [
    ("kouzina", "Κουζίνα"), ("kuzina", "Κουζίνα"), ("athina", "Αθήνα"), ("a8ina", "Αθήνα"),
    ("thessaloniki", "Θεσσαλονίκη"), ("thesaloniki", "Θεσσαλονίκη"), ("ioannina", "Ιωάννινα"),
    ("iwannina", "Ιωάννινα"), ("peiraias", "Πειραιάς"), ("pireas", "Πειραιάς"),
    ("xania", "Χανιά"), ("chania", "Χανιά"), ("hania", "Χανιά"), ("ksanthi", "Ξάνθη"),
    ("xanthi", "Ξάνθη"), ("psomi", "Ψωμί"), ("filoxenia", "Φιλοξενία"),
    ("philoxenia", "Φιλοξενία"), ("vivlio", "Βιβλίο"), ("biblio", "Βιβλίο"),
    ("aggelos", "Άγγελος"), ("angelos", "Άγγελος"), ("agelos", "Άγγελος"),
    ("agkyra", "Άγκυρα"), ("lambros", "Λάμπρος"), ("labros", "Λάμπρος"),
    ("lampros", "Λάμπρος"), ("dendro", "Δέντρο"), ("dedro", "Δέντρο"),
    ("kai", "Και"), ("ke", "Και"), ("ayto", "Αυτό"), ("afto", "Αυτό"), ("avto", "Αυτό"),
    ("eyro", "Ευρώ"), ("evro", "Ευρώ"), ("euro", "Ευρώ"), ("eirini", "Ειρήνη"),
    ("irini", "Ειρήνη"), ("oikos", "Οίκος"), ("ikos", "Οίκος"), ("kalws", "Καλώς"),
    ("kafeneio", "Καφενείο"), ("kafenio", "Καφενείο"), ("syn", "Συνεταιρισμός"),
    ("sinetairismos", "Συνεταιρισμός"), ("synetairismos", "Συνεταιρισμός"),
])
def test_a_greeklish_spelling_finds_the_greek_word(typed, greek):
    assert found(typed, greek)


@pytest.mark.parametrize(("typed", "other"), [
    ("kouzina", "Τράπεζα"), ("athina", "Λάρισα"), ("xania", "Σάμος"), ("lambros", "Λάρισα"),
])
def test_a_greeklish_spelling_does_not_find_an_unrelated_word(typed, other):
    assert not found(typed, other)


@pytest.mark.parametrize("typed", ["κο", "ko", "kou", "Κουζ", "kouz", "kuz", "ζιν", "zin"])
def test_a_word_is_found_by_what_is_typed_of_it_so_far(typed):
    assert found(typed, "Κουζίνα")


def test_the_words_of_a_query_are_found_in_any_order_and_in_any_field():
    fields = ("Κοινωνική Κουζίνα", "Μαγειρεύουμε για όλους", "Αθήνα", "GEMI-123")
    assert found("Κουζίνα Κοινωνική", *fields)
    assert found("αθηνα kouzina gemi 123", *fields)
    assert not found("κουζίνα λάρισα", *fields)


@pytest.mark.parametrize("typed", ["ΚοινΣΕπ", "Κοιν.Σ.Επ.", "κοινσεπ", "koinsep", "Κοιν Σ Επ",
                                   "Κοιν. Σ. Επ.", "KOIN.S.EP.", "koin sep"])
@pytest.mark.parametrize("written", ["ΚοινΣΕπ Ήλιος", "Κοιν.Σ.Επ. Ήλιος", "Κοιν Σ Επ Ήλιος",
                                     "ΚΟΙΝ. Σ. ΕΠ. Ήλιος"])
def test_an_abbreviation_is_found_with_or_without_its_dots_and_spaces(typed, written):
    assert found(typed, written)


def test_short_words_are_joined_by_a_rule_not_by_a_list_of_abbreviations():
    assert found("ΑμΚΕ", "Α.μ.Κ.Ε. Αλληλεγγύη")
    assert found("amke", "Αμ Κ Ε Αλληλεγγύη")
    assert found("ΟΤΑ", "Ο Τ Α Δήμου")


def test_short_words_of_prose_without_a_lone_letter_are_not_joined():
    assert not found("apotonilio", "Ενέργεια από τον ήλιο")
    assert not found("κοινεπ", "Κοιν Επ")


@pytest.mark.parametrize(("typed", "greek"), [
    ("Athens", "Αθήνα"), ("athens", "Αθήνας"), ("Thessaloniki", "Θεσσαλονίκη"),
    ("Salonica", "Θεσσαλονίκη"), ("Piraeus", "Πειραιάς"), ("Patras", "Πάτρα"),
    ("Heraklion", "Ηράκλειο"), ("Corfu", "Κέρκυρα"), ("Crete", "Κρήτη"), ("Rhodes", "Ρόδος"),
    ("Αθήνα", "Athens"), ("Κέρκυρα", "Corfu Social Lab"),
])
def test_a_place_is_found_by_its_english_or_greek_name(typed, greek):
    assert found(typed, greek)


def test_the_place_names_file_says_its_source_and_holds_one_word_names_of_many_places():
    data = json.loads(resources.files("graph_models.data").joinpath("place_aliases.json")
                      .read_text("utf-8"))
    assert data["source"]
    names = [name for place in data["places"] for name in place]
    assert all(len(fold(name).split()) == 1 for name in names)
    assert len(data["places"]) >= 10


@pytest.mark.parametrize("text", ["%", "_", "'", "\\", "%%", "--", "  ;  ", "«»"])
def test_punctuation_alone_asks_for_nothing(text):
    assert query_terms(text) == ()


def test_punctuation_is_no_wildcard_but_a_word_break():
    assert query_terms("κ_υζ%να") == (("κ", "k"), ("υζ", "iz"), ("να", "na"))
    for text in ("50%_off", "a\\b", "it's", "[a-z]*", "$x", "{a}", "a|b", "a.*b"):
        assert all(form.isalnum() for forms in query_terms(text) for form in forms), text
    assert found("O'Neil", "O Neil Coop")
    assert query_terms("a'); DROP TABLE x; --") == (
        ("a",), ("drop",), ("table", "tavle"), ("x",))


def test_a_query_longer_than_the_limit_is_refused_naming_text():
    assert query_terms("α" * MAX_QUERY_LENGTH)
    with pytest.raises(InvalidInput) as refused:
        query_terms("α" * (MAX_QUERY_LENGTH + 1))
    assert "text" in refused.value.errors


def test_a_sound_key_is_the_same_for_every_case_and_accent():
    assert sound_key(fold("ΑΘΉΝΑ")) == sound_key(fold("αθηνα")) == sound_key(fold("Athina"))


@pytest.mark.parametrize(("text", "code"), [
    ("EL303", "EL303"), ("el303", "EL303"), (" el30 ", "EL30"), ("Αττική", "EL3"),
    ("ΑΤΤΙΚΗ", "EL3"), ("attiki", "EL3"), ("Attica", "EL3"), ("Κρήτη", "EL43"),
    ("Crete", "EL43"), ("kriti", "EL43"), ("Θεσσαλονίκη", "EL522"), ("Salonica", "EL522"),
    ("Central Athens", "EL303"), ("Κεντρικός Τομέας Αθηνών", "EL303"), ("Ρόδος", "EL421"),
    ("Santorini", "EL422"), ("Ελλάδα", "EL"), ("Greece", "EL"), ("DE30", "DE30"),
])
def test_a_region_is_resolved_from_its_code_in_any_case_or_its_name(text, code):
    assert vocabularies.resolve_region(text) == code


def test_a_name_shared_by_levels_resolves_to_the_broadest_region():
    shared = [c for c, r in vocabularies.greek_regions().items() if r.name_el == "Αττική"]
    assert sorted(shared) == ["EL3", "EL30"]
    assert vocabularies.resolve_region("Αττική") == "EL3"


def test_a_whole_name_wins_over_a_place_listed_in_a_broader_region_s_name():
    assert vocabularies.greek_regions()["EL4"].name_el == "Νησιά Αιγαίου, Κρήτη"
    assert vocabularies.resolve_region("Κρήτη") == "EL43"


@pytest.mark.parametrize("text", ["EL99", "el99", "Atlantis", "de30", "", "%"])
def test_an_unknown_region_is_refused_naming_region_with_what_to_give(text):
    with pytest.raises(InvalidInput) as refused:
        vocabularies.resolve_region(text)
    (message,) = refused.value.errors["region"]
    assert "EL303" in message and "Attica" in message


def test_every_spelling_a_document_lists_resolves_to_its_region():
    for code, region in vocabularies.greek_regions().items():
        for spelling in (code, code.lower(), region.name_el, region.name_en):
            assert vocabularies.region_contains(vocabularies.resolve_region(spelling), code)
    assert set(vocabularies.region_spellings()) >= {"EL303", "el303", "Αττική", "Attica"}
