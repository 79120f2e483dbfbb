"""The gettext catalogues: one ``.po`` file per language under ``service/translations``.

The ``.po`` files are the only source. They are read and compiled in memory the first time a
language is used, so an install (``pip install -e .`` or a wheel) needs no compiling step and
nothing compiled can drift from what translators edit.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "messages"
# The language the message ids are written in: its catalogue repeats them, so that a wording
# can still be changed there without touching the code.
SOURCE_LOCALE = "en"


def po_file(locale: str) -> Traversable:
    """Where the catalogue of ``locale`` lives in the installed package."""
    return (resources.files("service") / "translations" / locale / "LC_MESSAGES"
            / f"{DOMAIN}.po")


@cache
def catalogue(locale: str) -> Catalog:
    """The catalogue of ``locale`` as its ``.po`` file holds it (fuzzy entries included)."""
    with po_file(locale).open("rb") as po:
        return read_po(po, locale=locale, domain=DOMAIN)


@cache
def translations(locale: str) -> Translations:
    """The compiled translations of ``locale``. Fuzzy entries are left out, as ``msgfmt``
    leaves them out: a guess nobody checked is not shown."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(locale), use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
