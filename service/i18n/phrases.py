"""Phrases (graph_models.domain.phrases) in the reader's language: the template translated
from the catalogues, each code replaced by its label, names, numbers and money written the
language's way.

>>> from graph_models.domain.phrases import Codes, Money, Phrase, counted
>>> offers = Phrase("offers {topics} that you need ({met} of {needed})",
...                 topics=Codes("topic", ("financing.microcredit",)), met=1, needed=2)
>>> render(offers, locale="en")
'offers Microcredit that you need (1 of 2)'
>>> render(offers, locale="el")
'προσφέρει ό,τι χρειάζεστε: Μικροπιστώσεις (1 από 2)'
>>> render(Money(12345.4), locale="el"), render(Money(12345.4), locale="en")
('12.345\xa0€', '€12,345')
>>> render(counted("no path within {count} tie", "no path within {count} ties", 3), locale="el")
'καμία διαδρομή εντός 3 δεσμών'
"""

from __future__ import annotations

from functools import cache, lru_cache

import babel
from babel import numbers

from graph_models.domain.phrases import Codes, Joined, Money, Names, Number, Phrase, Value
from service.i18n.catalogues import translations
from service.i18n.formats import CURRENCY
from service.i18n.labels import label
from service.i18n.locale import current_locale


def render(phrase: Value, *, locale: str | None = None) -> str:
    """``phrase`` (or any value of one: codes, a number) in ``locale`` (the current
    request's by default)."""
    return _text(phrase, locale or current_locale())


def _text(value: Value, locale: str) -> str:
    if isinstance(value, Phrase):
        catalogue = translations(locale)
        template = (catalogue.gettext(value.text) if value.plural is None else
                    catalogue.ngettext(value.text, value.plural, value.count or 0))
        return template.format(**{name: _text(part, locale)
                                  for name, part in value.values.items()})
    if isinstance(value, Joined):
        return value.separator.join(_text(part, locale) for part in value.parts)
    if isinstance(value, Codes):
        return ", ".join(label(value.vocabulary, code, locale=locale) for code in value.codes)
    if isinstance(value, Names):
        return _names(value, locale)
    if isinstance(value, Money):
        return _written(round(value.euros), "money", locale)
    if isinstance(value, Number):
        pattern = f"#,##0{_places(value)}%" if value.percent else f"#,##0{_places(value)}"
        return _written(value.value, pattern, locale)
    if isinstance(value, int):
        return _written(value, None, locale)
    return str(value)


@lru_cache(maxsize=4096)
def _written(number: float, pattern: str | None, locale: str) -> str:
    """``number`` in ``pattern`` ("money": whole euros; None: the language's own), written
    by babel. An explanation repeats the same few counts and shares many times over, and
    babel parses the locale and the pattern at each call: the strings are kept by value."""
    if pattern == "money":
        return numbers.format_currency(number, CURRENCY, format=_whole(locale),
                                       currency_digits=False, locale=locale)
    if pattern is not None and pattern.endswith("%"):
        return numbers.format_percent(number, format=pattern, locale=locale)
    return numbers.format_decimal(number, format=pattern, locale=locale)


def _names(names: Names, locale: str) -> str:
    catalogue = translations(locale)
    shown = ", ".join(names.shown)
    if names.others <= 0:
        return shown
    if not shown:
        return catalogue.ngettext("%(num)d other", "%(num)d others",
                                  names.others) % {"num": names.others}
    return catalogue.ngettext("%(names)s and %(num)d other", "%(names)s and %(num)d others",
                              names.others) % {"names": shown, "num": names.others}


def _places(number: Number) -> str:
    return "." + "0" * number.places if number.places else ""


@cache
def _whole(locale: str) -> str:
    """The language's currency pattern without decimals: "€12,345", "12.345 €"."""
    return babel.Locale(locale).currency_formats["standard"].pattern.replace(".00", "")
