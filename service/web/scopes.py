"""What the territory, report and network pages share: their filters are read from the query
string through a marshmallow schema (the API's, where one fits), and the region they are about
is one of the reader's territories, named as people write it (a code in any case, a Greek
region's name in Greek, English or Greeklish), the first of them by default."""

from __future__ import annotations

from http import HTTPStatus

from graph_models.domain import vocabularies
from graph_models.domain.accounts import Role, User
from service.i18n.labels import label
from service.i18n.locale import gettext


def region_in_reach(actor: User, asked: str | None) -> tuple[str | None, dict[str, str]]:
    """The region a page is about: the one ``asked`` (already checked to name a region) if
    ``actor`` may look at it, else the first of its territories (None for an administrator
    without any: everywhere); with an error for the region field when ``asked`` lies
    outside its territories. The use cases check again: this only puts the refusal next to
    the field."""
    first = actor.regions[0] if actor.regions else None
    if asked is None:
        return first, {}
    region = _named_territory(actor, vocabularies.resolve_region(asked))
    if actor.role == Role.ADMIN or actor.covers(region):
        return region, {}
    names = ", ".join(label("region", r) for r in actor.regions)
    return first, {"region": gettext(
        "%(region)s is not one of your territories: choose %(names)s or a part of it.",
        region=label("region", region), names=names or "-")}


def _named_territory(actor: User, region: str) -> str:
    """``region``, or the one of ``actor``'s territories that lies within it under the same
    name: a name shared by two levels (Αττική is EL3 and EL30) resolves to the broader one,
    but a coordinator of EL30 who types it means its own."""
    regions = vocabularies.greek_regions()
    if region not in regions or actor.covers(region):
        return region
    same = [own for own in actor.regions if vocabularies.region_contains(region, own)
            and own in regions and regions[own].name_el == regions[region].name_el]
    return same[0] if len(same) == 1 else region


def page_status(errors: dict, refused: dict) -> HTTPStatus:
    """A filtered page's status: refused outside the reader's territories, unprocessable
    filters, or fine."""
    if refused:
        return HTTPStatus.FORBIDDEN
    return HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK


def region_choices(actor: User) -> list[tuple[str, str]]:
    """The regions a reader is offered (code, name): its territories and the regions within
    them; every Greek region for an administrator."""
    return [(code, label("region", code)) for code in vocabularies.greek_regions()
            if actor.role == Role.ADMIN or actor.covers(code)]
