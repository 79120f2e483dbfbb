"""The HTML report and the CSV tables in the reader's language: every visible word of the
Greek page translated, codes read as their labels, numbers and days the Greek way; the CSV
headings in both languages, the cells keeping their codes, and a table of the codes' labels."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import pytest

from graph_models.reports import compare, csv_tables, ecosystem_report, html_report
from graph_models.reports.examples import example_graph
from service.i18n.extraction import extract_messages
from service.i18n.labels import label
from service.i18n.wording import CatalogueWording

BEFORE = ecosystem_report(example_graph(), as_of=date(2020, 12, 31))
AFTER = ecosystem_report(example_graph(), region="EL30")
# Proper names the Greek page keeps: the methods' authors and an acronym.
KEPT = {"Louvain", "Krackhardt", "Newman", "NMI", "E-I"}
CODES = {"entrepreneur", "investor", "support_organisation", "policymaker", "KNOWS", "FUNDED",
         "EL30", "agrifood", "e_i_kind"}


def visible_text(page: str) -> str:
    """Every text node of a page (the SVG titles and labels included), the style dropped."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def english_words_of_the_report() -> set[str]:
    """The English words of the report's phrase templates."""
    words = set()
    for message in extract_messages():
        if any(path.startswith("graph_models/reports/") for path, _ in message.locations):
            template = re.sub(r"\{[^}]*\}", " ", message.id)
            words |= {w for w in re.findall(r"[A-Za-z]{3,}", template)}
    return words - {w for k in KEPT for w in k.split("-")}


def page_in(locale: str) -> str:
    return html_report(AFTER, compare(BEFORE, AFTER), wording=CatalogueWording(locale))


def test_every_visible_word_of_the_greek_page_is_greek():
    text = visible_text(page_in("el"))
    names = {d["name"] for _, d in example_graph().nodes(data=True)}
    for name in names:
        text = text.replace(name, " ")
    left = set(re.findall(r"[A-Za-z]{3,}", text)) & english_words_of_the_report()
    assert left == set(), left
    assert not CODES & set(re.findall(r"[A-Za-z_0-9]+", text.replace("(EL30)", ""))), text


def test_the_greek_page_names_labels_numbers_and_days_the_greek_way():
    page = page_in("el")
    text = visible_text(page)
    assert page.startswith('<!DOCTYPE html>\n<html lang="el">')
    assert "Αναφορά οικοσυστήματος: Αττική (EL30)" in text
    assert "Μεταβολή από 31 Δεκεμβρίου 2020" in text
    assert label("kind", "entrepreneur", locale="el") in text
    assert "δείκτης E-I ανά είδος φορέα" in text  # e_i_kind, in words
    assert re.search(r"\b0,\d{3}\b", text) and not re.search(r"\b0\.\d{3}\b", text)


def test_the_growth_chart_names_its_months_in_the_language():
    charts = {locale: page_in(locale).split('data-chart="growth"', 1)[1].split("</svg>", 1)[0]
              for locale in ("el", "en")}
    axis = {locale: re.findall(r'<text[^>]*text-anchor="middle">([^<]+)</text>', chart)
            for locale, chart in charts.items()}
    months = [date.fromisoformat(f"{m.month}-01") for m in AFTER.growth]
    shown = months[::max(1, -(-len(months) // 8))]
    assert axis["en"] == [m.strftime("%b %Y") for m in shown]
    greek = ("Ιαν", "Φεβ", "Μαρ", "Απρ", "Μάι", "Ιούν", "Ιούλ", "Αύγ", "Σεπ", "Οκτ", "Νοέ", "Δεκ")
    assert axis["el"] == [f"{greek[m.month - 1]} {m.year}" for m in shown]


def test_the_english_page_names_labels_not_codes():
    text = visible_text(page_in("en"))
    assert "Ecosystem report: Attica (EL30)" in text and "Change since December 31, 2020" in text
    assert label("kind", "entrepreneur", locale="en") in text
    assert "E-I index by kind" in text
    assert not CODES & set(re.findall(r"[A-Za-z_0-9]+", text.replace("(EL30)", "")))


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("locale,kind_heading,figure", [
    ("el", ["είδος", "φορείς"], "δείκτης E-I ανά είδος φορέα"),
    ("en", ["kind", "stakeholders"], "E-I index by kind"),
])
def test_the_csv_headings_are_in_the_asked_language_and_the_cells_keep_their_codes(
        locale, kind_heading, figure):
    tables = csv_tables(AFTER, wording=CatalogueWording(locale))
    by_kind = rows(tables["by_kind.csv"])
    assert by_kind[0] == kind_heading and by_kind[1][0] == "entrepreneur"
    assert figure in {row[0] for row in rows(tables["summary.csv"])}
    labels = {(v, c): text for v, c, text in rows(tables["labels.csv"])[1:]}
    assert labels[("kind", "entrepreneur")] == label("kind", "entrepreneur", locale=locale)
    assert labels[("region", "EL30")] == label("region", "EL30", locale=locale)
    if locale == "el":
        headings = {h for text in tables.values() for h in rows(text)[0]}
        assert not headings & english_words_of_the_report(), headings


def test_without_a_wording_the_tables_are_as_programs_read_them():
    tables = csv_tables(AFTER)
    assert rows(tables["by_kind.csv"])[0] == ["kind", "stakeholders"]
    assert "e_i_kind" in {row[0] for row in rows(tables["summary.csv"])}
    assert "labels.csv" not in tables
