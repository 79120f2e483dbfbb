"""Folding text for search, and the shipped vocabularies."""

from __future__ import annotations

import pytest

from graph_models.domain import vocabularies
from graph_models.domain.text import fold


@pytest.mark.parametrize("variant", ["Αθήνα", "ΑΘΗΝΑ", "αθηνα", "ΑΘΉΝΑ", "  αθήνα "])
def test_greek_case_and_accents_fold_to_one_form(variant):
    assert fold(variant) == "αθηνα"


def test_final_sigma_and_diaeresis_fold_like_their_plain_letters():
    assert fold("Ολυμπιακός") == fold("ΟΛΥΜΠΙΑΚΟΣ")
    assert fold("Προϊόν") == fold("ΠΡΟΙΟΝ")


def test_latin_accents_fold_too():
    assert fold("Coopérative Écologique") == "cooperative ecologique"


def test_every_greek_nuts_region_nests_inside_its_parent():
    regions = vocabularies.greek_regions()
    for code, region in regions.items():
        if region.parent is not None:
            assert code.startswith(region.parent)
            assert regions[region.parent].level == region.level - 1


def test_the_greek_regions_cover_the_thirteen_nuts2_regions_with_greek_names():
    level2 = {c: r for c, r in vocabularies.greek_regions().items() if r.level == 2}
    assert len(level2) == 13
    assert level2["EL30"].name_el == "Αττική"
    assert level2["EL52"].name_en == "Central Macedonia"


def test_every_topic_sits_under_one_of_the_four_pillars():
    assert set(vocabularies.pillars()) == {"consulting", "training", "networking", "financing"}
    assert {vocabularies.pillar_of(code) for code in vocabularies.topics()} == set(
        vocabularies.pillars())
    assert {"training.mentoring", "financing.loan"} <= set(vocabularies.topics())


def test_languages_are_two_letter_iso_codes_including_greek():
    codes = vocabularies.languages()
    assert "el" in codes and "en" in codes
    assert all(len(code) == 2 and code.islower() for code in codes)


@pytest.mark.parametrize(("code", "known"), [
    ("EL", True), ("EL3", True), ("EL303", True), ("FR101", True), ("EL304X", False),
    ("E", False), ("el30", False), ("EL9", False), ("", False),
])
def test_region_codes_are_greek_nuts_or_shaped_like_eu_nuts(code, known):
    assert vocabularies.is_region(code) is known
