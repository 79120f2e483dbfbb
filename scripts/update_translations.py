"""Bring the catalogues (service/translations/*/LC_MESSAGES/messages.po) up to date with the
messages of the code, then say how many each language still lacks. Translate those, then run
the tests (tests/unit/test_translations.py checks that none is missing or fuzzy)."""

from __future__ import annotations

from service.i18n.extraction import update_catalogues

if __name__ == "__main__":
    for locale, count in update_catalogues().items():
        print(f"{locale}: {count} message(s) without a text")
