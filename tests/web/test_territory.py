"""The territory matches page and its spreadsheet: pairs explained in words, unmet needs and
gaps with labels, regions by name, refusals outside a coordinator's territory, and the CSV and
XLSX read back as a spreadsheet would read them, in the page's language."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from graph_models.domain.accounts import Role
from tests.web.conftest import sign_in, text_of
from tests.web.territory_data import attica, person

GREEK = {"Accept-Language": "el"}


@pytest.fixture
def coordinator(app, maria):
    """Maria (a coordinator of Attica), signed in, over the small Attica ecosystem."""
    attica(app)
    client = app.test_client()
    sign_in(client, "maria")
    return client


def test_the_page_shows_pairs_with_reasons_unmet_needs_and_gaps_each_explained(coordinator):
    page = coordinator.get("/territory")

    assert page.status_code == 200
    shown = text_of(page)
    assert "Matches in Attica" in shown
    assert "3 entrepreneurs of this region need what was asked" in shown
    assert "Each line is an entrepreneur and a provider who offers something it needs." in shown
    assert "Κοιν.Σ.Επ. Κουζίνα Αλληλεγγύης Central Athens Συνεταιριστική Τράπεζα Αθήνας" in shown
    assert ("offers Loans (commercial, cooperative and ethical banks) that you need (1 of 1)"
            in shown)
    assert "Κοιν.Σ.Επ. Βορράς" not in shown  # Thessaloniki's
    unmet = shown.split("Unmet needs", 1)[1]
    assert "Συνεταιρισμός Βιβλία Central Athens Accounting, tax and payroll" in unmet
    gaps = shown.split("Gaps", 1)[1]
    assert "Accounting, tax and payroll 1 1 0" in gaps  # needed by 1, unmet 1, offered by 0
    assert "consulting.accounting_tax" not in shown


def test_a_region_is_found_by_its_greek_or_greeklish_name_and_filters_apply(coordinator):
    for name in ("Κεντρικός Τομέας Αθηνών", "kentrikos tomeas athinon", "el303"):
        page = coordinator.get("/territory", query_string={"region": name,
                                                           "need": "financing.loan"})
        assert page.status_code == 200, name
        shown = text_of(page)
        assert "Matches in Central Athens" in shown
        assert "2 entrepreneurs of this region need what was asked" in shown
        assert "Συνεταιρισμός Βιβλία" not in shown  # needs accounting, not a loan


def test_a_region_outside_the_territory_is_refused_next_to_the_field(coordinator):
    page = coordinator.get("/territory", query_string={"region": "Θεσσαλονίκη"},
                           headers=GREEK)

    assert page.status_code == 403
    assert ('<p class="field-error" id="region-error">Η περιοχή Θεσσαλονίκη δεν είναι μία από '
            "τις περιοχές σας: επιλέξτε Αττική ή τμήμα της.</p>") in page.get_data(as_text=True)
    assert "Κοιν.Σ.Επ. Βορράς" not in text_of(page)
    download = coordinator.get("/territory/download", query_string={"region": "EL522"})
    assert download.status_code == 403
    assert "Κοιν.Σ.Επ. Βορράς" not in download.get_data(as_text=True)


def test_a_bad_filter_is_named_next_to_its_field_in_greek_and_nothing_is_computed(coordinator):
    page = coordinator.get("/territory", query_string={"pillar": "luck", "threshold": "200"},
                           headers=GREEK)

    assert page.status_code == 422
    body = page.get_data(as_text=True)
    assert 'id="pillar-error"' in body and 'id="threshold-error"' in body
    assert 'aria-invalid="true"' in body
    assert "Καλύτερα ζεύγη" not in text_of(page)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
def test_members_and_viewers_may_not_open_territory_matches(app, role):
    attica(app)
    person(app, "someone", role, regions=["EL30"] if role == Role.VIEWER else [])
    client = app.test_client()
    sign_in(client, "someone")

    assert client.get("/territory").status_code == 403
    assert client.get("/territory/download").status_code == 403
    assert "Territory matches" not in text_of(client.get("/"))



def test_the_csv_speaks_greek_with_semicolons_and_decimal_commas_for_greek_excel(coordinator):
    found = coordinator.get("/territory/download", headers=GREEK,
                            query_string={"format": "csv", "table": "pairs"})

    assert found.status_code == 200
    assert found.content_type == "text/csv; charset=utf-8"
    assert "syndesmos-matches-EL30-pairs.csv" in found.headers["Content-Disposition"]
    text = found.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert found.get_data().startswith(b"\xef\xbb\xbf")
    assert rows[0] == ["Επιχείρηση", "Περιοχή επιχείρησης", "Πάροχος", "Είδος παρόχου",
                       "Περιοχή παρόχου", "Βαθμολογία (0–100)", "Γιατί"]
    kitchen = next(r for r in rows if r[0] == "Κοιν.Σ.Επ. Κουζίνα Αλληλεγγύης")
    assert kitchen[1:5] == ["Κεντρικός Τομέας Αθηνών", "Συνεταιριστική Τράπεζα Αθήνας",
                            "Χρηματοδότης", "Κεντρικός Τομέας Αθηνών"]
    assert "," in kitchen[5] and float(kitchen[5].replace(",", ".")) > 50
    assert "προσφέρει ό,τι χρειάζεστε: Δάνεια" in kitchen[6]
    # A name a spreadsheet would run as a formula stays text.
    assert any(r[0] == "'=HYPERLINK(\"http://evil.example\")" for r in rows)


def test_the_csv_speaks_english_with_commas_on_an_english_page(coordinator):
    found = coordinator.get("/territory/download",
                            query_string={"format": "csv", "table": "gaps"})

    text = found.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Topic", "Entrepreneurs who need it", "Of them unmet",
                       "Providers who offer it"]
    assert ["Accounting, tax and payroll", "1", "1", "0"] in rows


def test_the_xlsx_holds_the_three_tables_as_sheets_in_the_pages_language(coordinator):
    found = coordinator.get("/territory/download", headers=GREEK,
                            query_string={"format": "xlsx", "region": "EL303"})

    assert found.status_code == 200
    assert "syndesmos-matches-EL303.xlsx" in found.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(found.get_data()))
    assert book.sheetnames == ["Καλύτερα ζεύγη", "Ακάλυπτες ανάγκες", "Κενά"]
    pairs = [[cell.value for cell in row] for row in book["Καλύτερα ζεύγη"].iter_rows()]
    assert pairs[0][0] == "Επιχείρηση" and pairs[0][5] == "Βαθμολογία (0–100)"
    kitchen = next(r for r in pairs if r[0] == "Κοιν.Σ.Επ. Κουζίνα Αλληλεγγύης")
    assert isinstance(kitchen[5], float) and kitchen[3] == "Χρηματοδότης"
    formula = next(row for row in book["Καλύτερα ζεύγη"].iter_rows()
                   if str(row[0].value).startswith("=HYPERLINK"))
    assert formula[0].data_type == "s"  # a name, never a formula
    unmet = [[cell.value for cell in row] for row in book["Ακάλυπτες ανάγκες"].iter_rows()]
    assert unmet[1][:3] == ["Συνεταιρισμός Βιβλία", "Κεντρικός Τομέας Αθηνών",
                            "Λογιστική, φορολογία και μισθοδοσία"]
    gaps = [[cell.value for cell in row] for row in book["Κενά"].iter_rows()]
    assert ["Λογιστική, φορολογία και μισθοδοσία", 1, 1, 0] in gaps


def test_the_page_links_its_downloads_with_its_filters(coordinator):
    body = coordinator.get("/territory", query_string={"need": "financing.loan"}).get_data(
        as_text=True)

    assert "/territory/download?format=xlsx&amp;" in body
    assert "need=financing.loan" in body and "region=EL30" in body
