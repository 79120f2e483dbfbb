"""Finding the messages of the code and bringing the catalogues up to date with them: what
``scripts/update_translations.py`` runs, and what the tests check the catalogues against."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

import graph_models.domain.phrases
from graph_models.domain.accounts import LOCALES
from service.i18n.catalogues import DOMAIN, SOURCE_LOCALE, po_file

SERVICE_DIR = Path(__file__).resolve().parents[1]
# N_ and NP_ mark messages shown later (service.i18n.locale); templates are Jinja's.
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
COMMENT_TAGS = ("Translators:",)
# The explanations of matches, the notifications' notices and the reports' words are phrases
# made in graph_models (graph_models.domain.phrases): their templates are the arguments of
# Phrase(…) and counted(…, …, n).
GRAPH_MODELS_DIR = Path(graph_models.domain.phrases.__file__).resolve().parents[1]
PHRASE_PACKAGES = ("matching", "introductions", "mentorship", "reports", "indicators",
                   "budgeting")
PHRASE_KEYWORDS = {"Phrase": (1,), "counted": (1, 2)}


def extract_messages() -> Catalog:
    """Every message the service's code and templates mark, and every phrase template made in
    graph_models, as a template catalogue."""
    template = Catalog(domain=DOMAIN, project="Syndesmos", charset="utf-8")
    found = [(f"service/{filename}", *rest) for filename, *rest in extract_from_dir(
        SERVICE_DIR, METHODS, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
        strip_comment_tags=True)]
    for package in PHRASE_PACKAGES:
        found += [(f"graph_models/{package}/{filename}", *rest) for filename, *rest in
                  extract_from_dir(GRAPH_MODELS_DIR / package, [("**.py", "python")],
                                   keywords=PHRASE_KEYWORDS, comment_tags=COMMENT_TAGS,
                                   strip_comment_tags=True)]
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments,
                     context=context)
    return template


def update_catalogues() -> dict[str, int]:
    """Bring each language's ``.po`` file up to date with the code: new messages added
    (empty, but the source language's, which repeat their id), gone ones dropped. Returns,
    by language, how many messages still lack a text."""
    template = extract_messages()
    missing = {}
    for locale in LOCALES:
        path = Path(str(po_file(locale)))  # the source tree's: an editable install's
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=locale, domain=DOMAIN)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=locale, domain=DOMAIN, project="Syndesmos")
        created = catalog.creation_date  # kept, so that a run changes only what changed
        # No fuzzy guesses: a new message waits for a translator, not for a near namesake's text.
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = created
        catalog.obsolete.clear()
        if locale == SOURCE_LOCALE:
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        with path.open("wb") as po:
            # Without line numbers, which would change with every edit of the code.
            write_po(po, catalog, width=100, include_lineno=False)
        missing[locale] = sum(1 for message in catalog if message.id and not (
            all(message.string) if isinstance(message.string, tuple) else message.string))
    return missing
