"""Spreadsheets of stakeholders as the import page reads them: a CSV or XLSX file becomes a
header and rows, each column is mapped to a stakeholder field (guessed from its header, in
Greek or English), and each row becomes a line of the JSON Lines import format, so that the
very same validation as ``POST /import`` judges it. A JSON Lines file needs no mapping: its
lines name their fields.

Cells may hold codes or the labels people read (``Κοιν.Σ.Επ.``, ``Αττική``, ``Agrifood``);
a list (sectors, needs, offers, languages) is separated by ``;`` or ``,``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from graph_models.domain import vocabularies
from graph_models.domain.accounts import LOCALES
from graph_models.domain.errors import InvalidInput
from graph_models.domain.text import fold
from service.i18n.labels import DATA_VOCABULARIES, ENUM_LABELS, STAKEHOLDER_CODES, label
from service.i18n.locale import N_

MAX_ROWS = 20_000
LIST_FIELDS = frozenset({"sectors", "languages", "needs", "offers", "instruments",
                         "policy_areas"})
NUMBER_FIELDS = frozenset({"members", "funding_sought", "ticket_min", "ticket_max", "capacity"})
YES_NO_FIELDS = frozenset({"discoverable", "contact_sharing", "needs_private"})
# The fields a column may fill, with their names as the page shows them, and the headers (as
# people write them, folded) each is guessed from.
FIELDS = {
    "name": (N_("Name"), ("name", "ονομα", "επωνυμια", "φορεας", "οργανισμος")),
    "kind": (N_("Kind"), ("kind", "type", "ειδος", "τυπος", "κατηγορια φορεα")),
    "region": (N_("Region"), ("region", "nuts", "περιφερεια", "περιοχη", "νομος")),
    "external_id": (N_("Your own id"), ("external id", "external_id", "id", "κωδικος", "αφμ",
                                        "αριθμος μητρωου")),
    "municipality": (N_("Municipality"), ("municipality", "city", "town", "δημος", "πολη")),
    "description": (N_("Description"), ("description", "about", "περιγραφη")),
    "email": (N_("E-mail address"), ("email", "e-mail", "mail", "ηλεκτρονικο ταχυδρομειο")),
    "phone": (N_("Phone"), ("phone", "telephone", "τηλεφωνο", "τηλ")),
    "website": (N_("Website"), ("website", "web", "url", "ιστοσελιδα", "ιστοτοπος")),
    "sectors": (N_("Sectors"), ("sectors", "sector", "τομεις", "τομεας", "κλαδος")),
    "needs": (N_("Needs"), ("needs", "ανάγκες", "αναγκες")),
    "offers": (N_("Offers"), ("offers", "προσφορες", "προσφερει")),
    "languages": (N_("Languages"), ("languages", "γλωσσες")),
    "legal_form": (N_("Legal form"), ("legal form", "legal_form", "νομικη μορφη")),
    "stage": (N_("Stage"), ("stage", "σταδιο")),
    "members": (N_("Members"), ("members", "μελη", "αριθμος μελων")),
    "funding_sought": (N_("Funding sought"), ("funding sought", "funding", "χρηματοδοτηση")),
    "discoverable": (N_("Visible to others"), ("discoverable", "visible", "ορατος")),
}


@dataclass(frozen=True)
class Table:
    """A spreadsheet's first row (its headers) and the rows under it, cells as text."""

    headers: list[str]
    rows: list[list[str]]


class UnreadableFile(Exception):
    """The upload is not a file of a kind the page reads (its message is a message id)."""


def kind_of(filename: str) -> str:
    """``jsonl``, ``csv`` or ``xlsx`` by the file's name; UnreadableFile for another."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kinds = {"jsonl": "jsonl", "ndjson": "jsonl", "json": "jsonl", "csv": "csv",
             "txt": "csv", "xlsx": "xlsx"}
    if suffix not in kinds:
        raise UnreadableFile(N_("Upload a JSON Lines (.jsonl), CSV (.csv) or Excel (.xlsx) "
                                "file."))
    return kinds[suffix]


def read_table(kind: str, data: bytes) -> Table:
    """The table a CSV or XLSX file holds; UnreadableFile if it holds none."""
    rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise UnreadableFile(N_("The file is empty: put the headers in the first row and a "
                                "stakeholder in each row under it."))
    if len(rows) > MAX_ROWS + 1:
        raise UnreadableFile(N_("The file has too many rows for one import: split it."))
    width = max(len(row) for row in rows)
    headers = [cell.strip() for cell in rows[0]] + [""] * (width - len(rows[0]))
    return Table(headers, [row + [""] * (width - len(row)) for row in rows[1:]])


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1253", errors="replace")  # Greek Excel's own encoding
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # only an XLSX upload needs it loaded

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # any broken workbook gets the same answer
        raise UnreadableFile(N_("The file is not a readable Excel workbook.")) from error
    try:
        sheet = book.worksheets[0]
        return [["" if cell is None else _cell_text(cell) for cell in row]
                for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps every number as a float
    return str(value)


def guess_mapping(headers: list[str]) -> list[str]:
    """For each header, the field it most likely names (``""``: none), each field at most
    once: an exact synonym first, else a field code or label the header starts with."""
    taken: set[str] = set()
    guesses = []
    for header in headers:
        key = fold(header).replace("_", " ").strip()
        field = next((name for name, (_, words) in FIELDS.items()
                      if name not in taken and key in {fold(w) for w in words}), "")
        taken.add(field)
        guesses.append(field)
    return guesses


def table_lines(table: Table, mapping: list[str]) -> Iterator[str]:
    """Each row as a stakeholder line of the JSON Lines import format (the row's number in the
    file is its line number plus one, the headers being row 1)."""
    for row in table.rows:
        record: dict[str, object] = {"record": "stakeholder"}
        for field, cell in zip(mapping, row, strict=False):
            value = cell.strip()
            if field and value:
                record[field] = _value(field, value)
        yield json.dumps(record, ensure_ascii=False)


def _value(field: str, text: str) -> object:
    if field in LIST_FIELDS:
        return [_code(field, part.strip()) for part in text.replace(";", ",").split(",")
                if part.strip()]
    if field in NUMBER_FIELDS:
        return int(text) if text.lstrip("-").isdigit() else text
    if field in YES_NO_FIELDS:
        return fold(text) in {"yes", "true", "1", "ναι", "x"}
    return _code(field, text)


def _code(field: str, text: str) -> str:
    """The code a cell means: a code as it is, a label (either language) as its code."""
    vocabulary = STAKEHOLDER_CODES.get(field)
    if vocabulary is None:
        return text
    if vocabulary == "region":
        try:
            return vocabularies.resolve_region(text)
        except InvalidInput:
            return text
    return _codes_by_label(vocabulary).get(fold(text), text)


@cache
def _codes_by_label(vocabulary: str) -> dict[str, str]:
    if vocabulary in ENUM_LABELS:
        codes = [str(code) for code in ENUM_LABELS[vocabulary]]
    elif vocabulary in DATA_VOCABULARIES:
        codes = list(DATA_VOCABULARIES[vocabulary]())
    else:
        codes = list(vocabularies.languages())
    found = {fold(code): code for code in codes}
    for locale in LOCALES:
        for code in codes:
            shown = label(vocabulary, code, locale=locale)
            # "Επιχείρηση / επιχειρηματίας": either word will do, as will the whole.
            for words in (shown, *shown.split("/")):
                found.setdefault(fold(words.strip()), code)
    return found
