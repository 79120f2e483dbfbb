"""A territory's matches as spreadsheet tables, in the reader's language: the best pairs, the
unmet needs and the gaps, written as CSV (one table) or XLSX (one sheet each).

The CSV is UTF-8 with a byte-order mark, without which Excel reads Greek as Latin-1 mojibake;
its separator and decimal mark are the language's, because Excel opening a CSV splits it at
the separator of the computer's regional settings: a comma and a decimal point in English, a
semicolon and a decimal comma in Greek (where the comma is the decimal mark). Text that a
spreadsheet would run as a formula (a name starting with ``=``) stays text in both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from babel import numbers
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

from graph_models.use_cases.matches import ScopeMatches
from service.i18n.labels import label
from service.i18n.locale import current_locale, gettext
from service.i18n.phrases import render

TABLES = ("pairs", "unmet", "gaps")
# What a spreadsheet would read as the start of a formula, in a CSV cell (OWASP's list, as
# the report's own CSV tables use).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """One table: its title (an XLSX sheet's name), its header and rows of text and numbers."""

    title: str
    header: list[str]
    rows: list[list[str | int | float]]


def territory_tables(found: ScopeMatches) -> dict[str, Table]:
    """The three tables of a territory's matches, by name (:data:`TABLES`)."""
    pairs = Table(gettext("Best pairs"), [
        gettext("Entrepreneur"), gettext("Entrepreneur's region"), gettext("Provider"),
        gettext("Kind of provider"), gettext("Provider's region"), gettext("Score (0–100)"),
        gettext("Why")], [
        [entrepreneur.name, label("region", entrepreneur.region), ranked.candidate.name,
         label("kind", ranked.candidate.kind), label("region", ranked.candidate.region),
         round(ranked.match.score, 1), "; ".join(explanations(ranked.match.terms))]
        for entrepreneur, ranked in found.pairs])
    unmet = Table(gettext("Unmet needs"), [
        gettext("Entrepreneur"), gettext("Region"), gettext("Needs"),
        gettext("Best provider found"), gettext("Its score (0–100)")], [
        [entrepreneur.name, label("region", entrepreneur.region),
         ", ".join(label("topic", topic) for topic in needs),
         best.name if best else "", round(score, 1)]
        for entrepreneur, needs, best, score in found.unmet])
    gaps = Table(gettext("Gaps"), [
        gettext("Topic"), gettext("Entrepreneurs who need it"), gettext("Of them unmet"),
        gettext("Providers who offer it")], [
        [label("topic", gap.topic), gap.entrepreneurs, gap.unmet, gap.providers]
        for gap in found.report.gaps])
    return {"pairs": pairs, "unmet": unmet, "gaps": gaps}


def explanations(terms: Sequence) -> list[str]:
    """A match's score terms in words, in the reader's language, the largest first."""
    return [render(term.reason) for term in sorted(terms, key=lambda t: -t.points)
            if term.reason is not None]


def csv_bytes(table: Table, locale: str | None = None) -> bytes:
    """The table as CSV in UTF-8 with a byte-order mark, separated and with decimals as
    ``locale`` (the request's by default) writes them."""
    locale = locale or current_locale()
    decimal = numbers.get_decimal_symbol(locale)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if decimal == "," else ",", lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_csv_cell(value, decimal) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: str | int | float, decimal: str) -> str | int:
    if isinstance(value, float):
        return str(value).replace(".", decimal)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """The tables as an XLSX workbook, one sheet each, numbers as numbers."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title))
        sheet.append(table.header)
        for row in table.rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # "=…" is a name, never a formula
        for column, heading in zip(sheet.columns, table.header, strict=True):
            widest = max([len(heading), *(len(str(c.value or "")) for c in column)])
            sheet.column_dimensions[column[0].column_letter].width = min(60, widest + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """A sheet's name as Excel allows it: at most 31 characters, none of []:*?/\\."""
    return "".join(c for c in title if c not in "[]:*?/\\")[:31]
