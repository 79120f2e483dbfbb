"""The ecosystem report of a region at a date, and how it changed since an earlier one: its key
figures each with a sentence saying what it means, and links to the full report (HTML) and
its tables (CSV) as the API serves them."""

from __future__ import annotations

from flask import Response, render_template
from marshmallow import ValidationError, fields, validates_schema

from service.api.report_schemas import ScopeQuerySchema
from service.auth import current_actor
from service.extensions import reports
from service.i18n.locale import N_
from service.web.forms import read_query
from service.web.report_figures import changes_of, key_figures
from service.web.scopes import page_status, region_choices, region_in_reach
from service.web.site import blp

EARLIER = N_("Choose a date before the report's date.")


class ReportPageSchema(ScopeQuerySchema):
    compare_to = fields.Date()

    @validates_schema
    def _compare_to_before(self, data, **kwargs):
        compare_to, as_of = data.get("compare_to"), data.get("as_of")
        if compare_to is not None and as_of is not None and compare_to >= as_of:
            raise ValidationError(EARLIER, "compare_to")


@blp.get("/reports", endpoint="reports")
def reports_page():
    actor = current_actor()
    asked, errors = read_query(ReportPageSchema())
    region, refused = region_in_reach(actor, asked.pop("region", None))
    errors.update(refused)
    result = None if errors else reports().report(actor=actor, region=region, **asked)
    scope = {"region": region, **{name: value.isoformat() for name, value in asked.items()
                                  if name in ("as_of", "compare_to")}}
    page = render_template(
        "reports.html", errors=errors, region=region, asked=asked, result=result,
        regions=region_choices(actor), scope={k: v for k, v in scope.items() if v},
        figures=key_figures(result.report) if result else [],
        changes=changes_of(result.comparison.before_figures, result.comparison.after_figures,
                           result.comparison.changes) if result and result.comparison else [])
    return Response(page, page_status(errors, refused))
