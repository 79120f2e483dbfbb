"""Territory matches: the best (entrepreneur, provider) pairs of a coordinator's territory, the
entrepreneurs whose needs nobody meets well enough, and the gaps by topic — on a page, and as a
spreadsheet (CSV or XLSX) of the same in the page's language."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, render_template
from marshmallow import fields, validate

from graph_models.domain import vocabularies
from graph_models.domain.errors import Forbidden, InvalidInput
from service.api.match_schemas import ScopeQuerySchema
from service.auth import current_actor
from service.extensions import matches
from service.i18n.labels import label
from service.web.forms import read_query
from service.web.scopes import page_status, region_choices, region_in_reach
from service.web.site import blp
from service.web.spreadsheets import TABLES, csv_bytes, explanations, territory_tables, xlsx_bytes

SPREADSHEETS = {"csv": "text/csv; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class DownloadSchema(ScopeQuerySchema):
    format = fields.String(load_default="xlsx", validate=validate.OneOf(list(SPREADSHEETS)))
    table = fields.String(load_default="pairs", validate=validate.OneOf(TABLES))


def _territory_matches(schema: ScopeQuerySchema):
    """The filters asked, the region they came to, the download's own arguments, the errors
    by field, the page's status, and the matches (None when the filters were refused)."""
    actor = current_actor()
    asked, errors = read_query(schema)
    region, refused = region_in_reach(actor, asked.pop("region", None))
    errors.update(refused)
    extra = {name: asked.pop(name) for name in ("format", "table") if name in asked}
    if errors:
        return asked, region, extra, errors, page_status(errors, refused), None
    found = matches().coordinator_matches(actor=actor, region=region, **asked)
    return asked, region, extra, {}, HTTPStatus.OK, found


@blp.get("/territory")
def territory():
    asked, region, _, errors, status, found = _territory_matches(ScopeQuerySchema())
    page = render_template(
        "territory.html", asked=asked, region=region, errors=errors, found=found,
        regions=region_choices(current_actor()), pillars=_choices("pillar",
                                                                vocabularies.pillars()),
        topics=_choices("topic", vocabularies.topics()), explanations=explanations,
        query=_filters(asked, region), tables=TABLES)
    return Response(page, status)


@blp.get("/territory/download")
def territory_download():
    _, region, extra, errors, status, found = _territory_matches(DownloadSchema())
    if errors:
        raise (Forbidden if status == HTTPStatus.FORBIDDEN else InvalidInput)(
            "the filters are not valid", errors=errors)
    tables = territory_tables(found)
    fmt = extra["format"]
    body = (xlsx_bytes([tables[name] for name in TABLES]) if fmt == "xlsx"
            else csv_bytes(tables[extra["table"]]))
    stem = "-".join(filter(None, ["syndesmos-matches", region,
                                  None if fmt == "xlsx" else extra["table"]]))
    return Response(body, content_type=SPREADSHEETS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{stem}.{fmt}"'})


def _choices(vocabulary: str, terms) -> list[tuple[str, str]]:
    return sorted(((code, label(vocabulary, code)) for code in terms),
                  key=lambda choice: choice[1])


def _filters(asked: dict, region: str | None) -> dict:
    """The filters as query arguments, for the download links."""
    shown = {name: getattr(value, "value", value) for name, value in asked.items()}
    return {**shown, "region": region} if region else shown
