"""Error messages in the asked language.

An error's message is made in English, wherever it is made: by a marshmallow field or
validator, by webargs or werkzeug, by the service or by the domain. Its English text is its
message id, placeholders written as marshmallow writes them (``{min}``, ``{input}``): when the
answer is sent, each message is looked up in the catalogue of the answer's language, and a
text that a template produced is matched against the template and the values found are put
into the translated one; a value that is one of the domain's own words (a kind of object, an
action: service.i18n.domain_messages) is translated too. A message the catalogues do not hold
is sent as it is.

Field names are codes and stay as they are; only the messages are translated.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from graph_models.domain.accounts import LOCALES
from service.i18n.catalogues import SOURCE_LOCALE, catalogue, translations
from service.i18n.domain_messages import WORD_CONTEXT, WORD_PLACEHOLDERS
from service.i18n.locale import N_, current_locale

# What marshmallow's fields and validators say, for the fields and validators there are (a test
# checks that none is missing), as they say it: Range's composed forms spelled out.
MARSHMALLOW_MESSAGES = (
    N_("Invalid input type."),
    N_("Unknown field."),
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Invalid input."),
    N_("Invalid type."),
    N_("Not a valid {obj_type}."),
    N_("Not a valid {awareness} {obj_type}."),
    N_("\"{input}\" cannot be formatted as a {obj_type}."),
    N_("\"{input}\" cannot be formatted as a date."),
    N_("{input!r} cannot be formatted as a timedelta."),
    N_("Not a valid datetime."),
    N_("Not a valid date."),
    N_("Not a valid time."),
    N_("Not a valid boolean."),
    N_("Not a valid number."),
    N_("Not a valid integer."),
    N_("Number too large."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid mapping type."),
    N_("Not a valid list."),
    N_("Not a valid tuple."),
    N_("Not a valid email address."),
    N_("Not a valid URL."),
    N_("Not a valid UUID."),
    N_("Not a valid period of time."),
    N_("Not a valid IP address."),
    N_("Not a valid IP interface."),
    N_("Not a valid IPv4 address."),
    N_("Not a valid IPv4 interface."),
    N_("Not a valid IPv6 address."),
    N_("Not a valid IPv6 interface."),
    N_("Must be one of: {choices}."),
    N_("One or more of the choices you made was in: {values}."),
    N_("One or more of the choices you made was not in: {choices}."),
    N_("Must be equal to {other}."),
    N_("Shorter than minimum length {min}."),
    N_("Longer than maximum length {max}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("String does not match expected pattern."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be greater than {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be less than {max}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min} and less than {max}."),
    N_("Must be greater than {min} and less than {max}."),
)
# What webargs and werkzeug say of a request they refuse before any schema reads it.
HTTP_MESSAGES = (
    N_("Invalid JSON body."),
    N_("The browser (or proxy) sent a request that this server could not understand."),
    N_("The requested URL was not found on the server. If you entered the URL manually please "
       "check your spelling and try again."),
    N_("The method is not allowed for the requested URL."),
    N_("The data value transmitted exceeds the capacity limit."),
)
# Made by the service where nothing marks them (PHONE in service/api/stakeholder_schemas.py).
SERVICE_MESSAGES = (
    N_("not a phone number"),
)


@dataclass(frozen=True)
class Template:
    """A message id with placeholders, and how to recognise a text it produced."""

    message_id: str
    prefix: str  # the text before its first placeholder: a cheap first test
    pattern: re.Pattern[str]


def _template(message_id: str) -> Template | None:
    parts, names, prefix = [], set(), None
    for literal, name, _, _ in string.Formatter().parse(message_id):
        prefix = literal if prefix is None else prefix
        parts.append(re.escape(literal))
        if name is None:
            continue
        # A placeholder met twice must be filled with the same value twice.
        parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
        names.add(name)
    if not names:
        return None
    return Template(message_id, prefix or "", re.compile("".join(parts), re.S))


@cache
def _templates() -> tuple[Template, ...]:
    """The catalogues' messages with placeholders, the longest first, so that a text two
    templates could have made is taken as the more specific one's."""
    ids = {message.id for message in catalogue(SOURCE_LOCALE)
           if isinstance(message.id, str) and not message.context and "{" in message.id}
    found = [template for template in map(_template, ids) if template is not None]
    return tuple(sorted(found, key=lambda t: (-len(t.message_id), t.message_id)))


@cache
def _plain_ids() -> frozenset[str]:
    return frozenset(message.id for message in catalogue(SOURCE_LOCALE)
                     if isinstance(message.id, str) and message.id and not message.context)


def catalogued(text: str) -> tuple[str, dict[str, str]] | None:
    """The message id in the catalogues that ``text`` is, or that made it, with the values its
    placeholders took; None for a text no catalogue holds.

    >>> catalogued("Length must be between 1 and 100.")
    ('Length must be between {min} and {max}.', {'min': '1', 'max': '100'})
    """
    if text in _plain_ids():
        return text, {}
    for template in _templates():
        if text.startswith(template.prefix):
            found = template.pattern.fullmatch(text)
            if found:
                return template.message_id, found.groupdict()
    return None


def translate_message(text: str, *, locale: str | None = None) -> str:
    """``text``, an English message, in ``locale`` (the current request's by default).

    >>> translate_message("Length must be between 1 and 100.", locale="el")
    'Το μήκος πρέπει να είναι από 1 έως 100.'
    >>> translate_message("no tie with id t1", locale="el")
    'δεν βρέθηκε σχέση με αναγνωριστικό t1'
    >>> translate_message("something no catalogue holds", locale="el")
    'something no catalogue holds'
    """
    locale = locale or current_locale()
    found = catalogued(text) if locale in LOCALES else None
    if found is None:
        return text
    catalog = translations(locale)
    message_id, values = found
    if not values:
        return catalog.gettext(message_id)
    words = {name: catalog.pgettext(WORD_CONTEXT, value)
             for name, value in values.items() if name in WORD_PLACEHOLDERS}
    return catalog.gettext(message_id).format(**{**values, **words})


def translate_messages(value, *, locale: str | None = None):
    """``value`` with every message in it translated: the strings of a nest of lists and
    dicts whose keys (field names, line numbers) are left as they are."""
    locale = locale or current_locale()
    if isinstance(value, str):
        return translate_message(value, locale=locale)
    if isinstance(value, dict):
        return {key: translate_messages(item, locale=locale) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [translate_messages(item, locale=locale) for item in value]
    return value
