"""Dates, times, numbers and money as a reader of the language expects them (CLDR's formats,
through Babel). Each function takes the language explicitly, or the current request's.

>>> from datetime import date
>>> format_day(date(2026, 3, 5), locale="el"), format_day(date(2026, 3, 5), locale="en")
('5 Μαρτίου 2026', 'March 5, 2026')
>>> format_money(12345.5, locale="el"), format_money(12345.5, locale="en")
('12.345,50\\xa0€', '€12,345.50')
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import dates, numbers

from service.i18n.locale import current_locale

# Greek public offices read times in Greek time, whatever the server's clock says.
TIME_ZONE = ZoneInfo("Europe/Athens")
CURRENCY = "EUR"


def format_day(day: date, *, style: str = "long", locale: str | None = None) -> str:
    """A day: ``long`` spells the month (5 Μαρτίου 2026), ``short`` is numeric (5/3/26)."""
    return dates.format_date(day, style, locale=locale or current_locale())


def format_month(month: date, *, locale: str | None = None) -> str:
    """The month of ``month`` and its year, the month's name short, as ``locale`` writes it."""
    return dates.format_date(month, "LLL y", locale=locale or current_locale())


def format_moment(moment: datetime, *, style: str = "medium", locale: str | None = None) -> str:
    """An aware time as it was in Greece, day and hour."""
    return dates.format_datetime(moment, style, tzinfo=TIME_ZONE,
                                 locale=locale or current_locale())


def format_money(amount: int | float | Decimal, *, currency: str = CURRENCY,
                 locale: str | None = None) -> str:
    """An amount of money with its currency's sign where the language puts it."""
    return numbers.format_currency(amount, currency, locale=locale or current_locale())


def format_number(value: int | float | Decimal, *, locale: str | None = None) -> str:
    """A number with the language's decimal and grouping marks (1.234,5 in Greek)."""
    return numbers.format_decimal(value, locale=locale or current_locale())
