"""The reports' words (:class:`graph_models.reports.wording.Wording`) in a language of the
catalogues: phrases translated with the codes' labels, numbers and days the language's way.

>>> from datetime import date
>>> from graph_models.domain.phrases import Codes, Number
>>> greek = CatalogueWording("el")
>>> greek.say(Codes("kind", ("investor",))), greek.say(Number(1234.5, places=2))
('Χρηματοδότης', '1.234,50')
>>> greek.day(date(2026, 3, 5)), CatalogueWording("en").day(date(2026, 3, 5))
('5 Μαρτίου 2026', 'March 5, 2026')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph_models.domain.phrases import Value
from service.i18n.formats import format_day, format_month
from service.i18n.locale import current_locale
from service.i18n.phrases import render


@dataclass(frozen=True)
class CatalogueWording:
    """Words in ``locale``, one of the catalogues' languages."""

    locale: str

    def say(self, words: Value) -> str:
        """``words`` translated, codes as labels, numbers the language's way."""
        return render(words, locale=self.locale)

    def day(self, day: date) -> str:
        """A day with its month spelled out."""
        return format_day(day, locale=self.locale)

    def month(self, month: date) -> str:
        """A month and its year, the month's name short ("Ιούν 2025", "Jun 2025")."""
        return format_month(month, locale=self.locale)


def wording(locale: str | None = None) -> CatalogueWording:
    """The words of ``locale``, or of the current request's language."""
    return CatalogueWording(locale or current_locale())
