"""The directory's filters: read from the query string through the API's own schema (so a
region is taken by name or code and a search finds what the API's finds), and the choices its
form offers, each in words."""

from __future__ import annotations

from flask import request

from graph_models.domain import vocabularies
from graph_models.domain.accounts import User
from graph_models.domain.queries import Page, StakeholderQuery
from graph_models.domain.stakeholders import Kind, Pillar, Stakeholder
from service.api.stakeholder_schemas import StakeholderQuerySchema
from service.extensions import stakeholders
from service.i18n.labels import label
from service.web.forms import read_query

# The filters the directory's form offers, as the API's query names them.
FILTERS = ("q", "kind", "region", "sector", "need", "offer")


def search(actor: User) -> tuple[dict[str, str], Page[Stakeholder] | None, dict[str, str]]:
    """The filters as given, the page of stakeholders they find (None when a filter is
    refused), and the message to show beside each refused filter."""
    given = {name: value for name in (*FILTERS, "page") if (value := request.args.get(name))}
    args, errors = read_query(StakeholderQuerySchema(), (*FILTERS, "page"))
    if errors:
        return given, None, errors
    page = stakeholders().find_stakeholders(StakeholderQuery(
        kind=args.get("kind"), region=args.get("region"), sector=args.get("sector"),
        need=args.get("need"), offer=args.get("offer"), text=args.get("q"),
        order=args["order"], page=args["page"], page_size=args["page_size"]), actor=actor)
    return given, page, {}


def choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the form's lists, each a (code, words) pair, in alphabetical order of
    the words (topics by pillar)."""
    def by_words(pairs):
        return sorted(pairs, key=lambda pair: pair[1].casefold())

    topics = sorted(((code, f"{label('pillar', vocabularies.pillar_of(code))}: "
                             f"{label('topic', code)}") for code in vocabularies.topics()),
                    key=lambda pair: (vocabularies.pillar_of(pair[0]), pair[1].casefold()))
    return {
        "kind": by_words((kind.value, label("kind", kind)) for kind in Kind),
        "sector": by_words((code, label("sector", code)) for code in vocabularies.sectors()),
        "topic": topics,
        "pillar": [(pillar.value, label("pillar", pillar)) for pillar in Pillar],
    }
