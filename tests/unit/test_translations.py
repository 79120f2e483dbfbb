"""The catalogues: complete in both languages, up to date with the code, and what the service
builds on them (choosing the language, labels, error messages, dates and money)."""

from __future__ import annotations

import doctest
import importlib
import inspect
import re
import string
from datetime import UTC, date, datetime

import marshmallow.fields
import marshmallow.validate
import pytest
import werkzeug.exceptions
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from graph_models.domain import vocabularies
from graph_models.domain.accounts import LOCALES
from graph_models.domain.phrases import Money, Number
from graph_models.domain.stakeholders import Kind, LegalForm, Stage, Stakeholder
from service.i18n import formats, labels, messages
from service.i18n.catalogues import SOURCE_LOCALE, catalogue, translations
from service.i18n.extraction import extract_messages
from service.i18n.locale import choose_locale
from service.i18n.phrases import render


def _entries(locale: str) -> list:
    return [message for message in catalogue(locale) if message.id]


def _texts(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _placeholders(text: str) -> set[str]:
    """The names of a text's ``{name}`` placeholders and ``%(name)s`` variables."""
    braces = {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(text) if name}
    percents = set(re.findall(r"%\((\w+)\)", text))
    return braces | percents


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_has_a_text_in_each_language_that_no_one_marked_fuzzy(locale):
    entries = _entries(locale)
    assert entries
    assert [m.id for m in entries if not all(_texts(m))] == []
    assert [m.id for m in entries if m.fuzzy] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_each_text_fills_in_the_same_values_as_its_message_id(locale):
    for message in _entries(locale):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in _texts(message):
            assert _placeholders(text) == _placeholders(ids[0]), (message.id, text)


def test_both_languages_hold_the_same_messages():
    keys = {locale: {(m.context, m.id) for m in _entries(locale)} for locale in LOCALES}
    assert keys["el"] == keys["en"]


def test_the_catalogues_hold_every_message_of_the_code_and_no_other():
    in_code = {(m.context, m.id) for m in extract_messages() if m.id}
    for locale in LOCALES:
        in_catalogue = {(m.context, m.id) for m in _entries(locale)}
        assert in_code - in_catalogue == set(), f"missing from {locale}: run " \
                                                "scripts/update_translations.py"
        assert in_catalogue - in_code == set(), f"{locale} holds messages the code dropped"


def test_the_greek_catalogue_translates_rather_than_repeats_the_english():
    repeated = [m.id for m in _entries("el") if m.string == m.id]
    assert repeated == []


def _marshmallow_messages() -> set[str]:
    found = set(marshmallow.Schema._default_error_messages.values())
    for _, field in inspect.getmembers(marshmallow.fields, inspect.isclass):
        if issubclass(field, marshmallow.fields.Field):
            for cls in field.__mro__:
                found |= set(getattr(cls, "default_error_messages", {}).values())
    for _, validator in inspect.getmembers(marshmallow.validate, inspect.isclass):
        if issubclass(validator, marshmallow.validate.Validator):
            found |= {value for name, value in vars(validator).items()
                      if isinstance(value, str) and ("message" in name or name == "error")}
    # Range composes its messages from pieces: take the texts it gives, not the pieces.
    found = {m for m in found if "_op}" not in m and not m.endswith("than")
             and not m.endswith("equal to")}
    for bounds in ({"min": 0}, {"max": 9}, {"min": 0, "max": 9}):
        for min_inclusive in (True, False):
            for max_inclusive in (True, False):
                check = marshmallow.validate.Range(
                    **bounds, min_inclusive=min_inclusive, max_inclusive=max_inclusive)
                with pytest.raises(marshmallow.ValidationError) as refused:
                    check(-1 if "min" in bounds else 10)
                text = refused.value.messages[0]
                found.add(text.replace("0", "{min}").replace("9", "{max}"))
    return found


def test_every_message_marshmallow_can_give_is_in_the_catalogues():
    held = {m.id for m in _entries(SOURCE_LOCALE)}
    assert _marshmallow_messages() - held == set()


@pytest.mark.parametrize("error", [werkzeug.exceptions.BadRequest, werkzeug.exceptions.NotFound,
                                   werkzeug.exceptions.MethodNotAllowed,
                                   werkzeug.exceptions.RequestEntityTooLarge])
def test_what_werkzeug_says_of_a_refused_request_is_in_the_catalogues(error):
    assert error.description in {m.id for m in _entries(SOURCE_LOCALE)}


def test_a_message_made_from_a_template_is_translated_with_the_values_it_was_made_with():
    english = marshmallow.validate.Length(1, 100)._format_error(
        "x", marshmallow.validate.Length.message_all)
    greek = messages.translate_message(english, locale="el")
    assert greek != english and "1" in greek and "100" in greek
    assert messages.translate_message(english, locale="en") == english
    assert messages.translate_message("unknown sector: fishing", locale="el").endswith(": fishing")


def test_the_most_specific_template_wins_and_unknown_messages_pass_through():
    assert messages.translate_message("Not a valid date.", locale="el") == translations(
        "el").gettext("Not a valid date.")
    assert messages.translate_message("a sentence no catalogue holds: 42", locale="el") == (
        "a sentence no catalogue holds: 42")


def test_translating_an_error_nest_keeps_its_keys_and_their_order():
    nest = {"json": {"3": ["Unknown field."], "1": {"name": ["Invalid value."]}}}
    out = messages.translate_messages(nest, locale="el")
    assert list(out["json"]) == ["3", "1"]
    assert out["json"]["1"]["name"] == [translations("el").gettext("Invalid value.")]


# -- choosing the language -----------------------------------------------------------------

def accept(header: str) -> LanguageAccept:
    return parse_accept_header(header, LanguageAccept)


@pytest.mark.parametrize(("own", "header", "default", "chosen"), [
    ("en", "el-GR,el;q=0.9", "el", "en"),  # the user's own setting first
    ("el", "en", "en", "el"),
    (None, "el-GR,el;q=0.9,en;q=0.8", "en", "el"),  # then the browser's
    (None, "en-US,en;q=0.5", "el", "en"),
    (None, "fr, en;q=0.1", "el", "en"),  # a language the service has, however low
    (None, "fr", "el", "el"),  # then the deployment's
    (None, "", "en", "en"),
    (None, "*", "el", "el"),  # any language will do: the deployment's
    ("de", "", "el", "el"),  # a setting the service cannot honour is skipped
])
def test_the_language_is_the_users_then_the_browsers_then_the_deployments(
        own, header, default, chosen):
    assert choose_locale(own, accept(header), default) == chosen


# -- labels ----------------------------------------------------------------------------------

@pytest.mark.parametrize("vocabulary", sorted(labels.ENUM_LABELS))
def test_every_code_of_each_enumeration_has_a_label_other_than_its_code_in_both_languages(
        vocabulary):
    enum = type(next(iter(labels.ENUM_LABELS[vocabulary])))
    assert set(labels.ENUM_LABELS[vocabulary]) == set(enum)
    for member in enum:
        english = labels.label(vocabulary, member.value, locale="en")
        greek = labels.label(vocabulary, member.value, locale="el")
        assert english and greek and member.value not in (english, greek)
        assert greek != english


def test_data_vocabularies_are_labelled_with_their_own_greek_and_english_names():
    attica = vocabularies.greek_regions()["EL30"]
    assert labels.label("region", "EL30", locale="el") == attica.name_el == "Αττική"
    assert labels.label("region", "EL30", locale="en") == attica.name_en
    loan = vocabularies.topics()["financing.loan"]
    assert labels.label("topic", "financing.loan", locale="el") == loan.name_el
    assert labels.label("purpose", "financing", locale="el") == labels.label(
        "pillar", "financing", locale="el")


def test_every_language_has_a_greek_name_and_most_come_from_cldr():
    codes = list(vocabularies.languages())
    greek = labels.labels("language", codes, locale="el")
    english = labels.labels("language", codes, locale="en")
    assert greek["el"] == "Ελληνικά" and english["el"] == "Greek"
    assert sum(greek[c] != english[c] for c in codes) > 0.9 * len(codes)


def test_a_code_without_a_label_reads_as_itself_and_an_unknown_vocabulary_is_refused():
    assert labels.label("region", "FR101", locale="el") == "FR101"
    assert labels.label("kind", "alien", locale="el") == "alien"
    with pytest.raises(KeyError):
        labels.label("colour", "red", locale="el")


def test_a_stakeholders_labels_cover_each_coded_field_it_fills_by_field_then_code():
    coop = Stakeholder(id="s1", kind=Kind.ENTREPRENEUR, name="Κουζίνα", region="EL303",
                       sectors=("agrifood", "social_care"), languages=("el",),
                       needs=("financing.loan",), legal_form=LegalForm.KOINSEP,
                       stage=Stage.OPERATING)
    greek = labels.stakeholder_labels(coop, locale="el")
    assert set(greek) == {"kind", "region", "sectors", "languages", "needs", "legal_form",
                          "stage"}
    assert greek["sectors"] == {"agrifood": "Αγροδιατροφή",
                                "social_care": "Κοινωνική φροντίδα"}
    assert greek["legal_form"] == {"koinsep": "Κοινωνική Συνεταιριστική Επιχείρηση (ΚοινΣΕπ)"}
    assert greek["languages"] == {"el": "Ελληνικά"}
    assert labels.stakeholder_labels(coop, locale="en")["region"] == {
        "EL303": vocabularies.greek_regions()["EL303"].name_en}


def test_an_organisation_type_is_labelled_from_its_kinds_list():
    fund = Stakeholder(id="s2", kind=Kind.INVESTOR, name="Ταμείο", region="EL30",
                       organisation_type="ethical_bank")
    assert labels.stakeholder_labels(fund, locale="el")["organisation_type"] == {
        "ethical_bank": "Ηθική τράπεζα"}


# -- dates and money -------------------------------------------------------------------------

def test_dates_are_written_as_each_language_writes_them():
    day = date(2026, 3, 5)
    assert formats.format_day(day, locale="el") == "5 Μαρτίου 2026"
    assert formats.format_day(day, locale="en") == "March 5, 2026"
    assert formats.format_day(day, style="short", locale="el") == "5/3/26"


def test_times_are_shown_in_greek_time_whatever_the_servers_zone():
    moment = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)  # 12:30 in Athens (summer time)
    assert "12:30" in formats.format_moment(moment, locale="el")
    assert "12:30" in formats.format_moment(moment, locale="en")


def test_money_and_numbers_take_each_languages_marks():
    assert formats.format_money(12345.5, locale="el") == "12.345,50\xa0€"
    assert formats.format_money(12345.5, locale="en") == "€12,345.50"
    assert formats.format_number(1234.5, locale="el") == "1.234,5"
    assert formats.format_number(1234.5, locale="en") == "1,234.5"


@pytest.mark.parametrize("name", ["service.i18n.locale", "service.i18n.labels",
                                  "service.i18n.messages", "service.i18n.formats"])
def test_the_examples_in_the_docstrings_run(name):
    assert doctest.testmod(importlib.import_module(name)).failed == 0


def test_numbers_are_written_by_value_pattern_and_language_whatever_came_before():
    """Written numbers are kept by value: none may be given for another pattern or
    language."""
    asked = [(Number(1234.5, 1), "el"), (Number(1234.5, 1), "en"), (Number(1234.5), "en"),
             (Number(0.125, 1, percent=True), "el"), (Number(0.125, percent=True), "en"),
             (Money(1234.5), "el"), (Money(1234.5), "en"), (1234, "el")]
    expected = ["1.234,5", "1,234.5", "1,234", "12,5%", "12%", "1.234\xa0€", "€1,234", "1.234"]
    for _ in range(2):  # the second time from what the first kept
        assert [render(value, locale=locale) for value, locale in asked] == expected
