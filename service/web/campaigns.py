"""The matchfunding pages: the campaigns and their progress, a campaign's page with its pledge
forms (for one's stakeholder, or by e-mail without an account), the page behind a public
pledge's link, and the matching pools. Reading them needs no account: campaigns, pools and
their totals are public; pledges are not."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, current_app, g, redirect, render_template, request, url_for

from graph_models.domain import vocabularies
from graph_models.domain.campaigns import CampaignState, PledgeState
from graph_models.domain.errors import Conflict, Gone, InvalidInput, NotFound, TooManyRequests
from graph_models.domain.stakeholders import Instrument, Kind, LegalForm
from service import limits
from service.auth import current_actor
from service.extensions import campaigns
from service.i18n.formats import format_moment, format_money
from service.i18n.labels import label
from service.i18n.locale import N_, gettext
from service.pledge_mail import send_pledge_link
from service.web.campaign_forms import (
    ConfirmForm,
    LaunchForm,
    PledgeForm,
    PoolForm,
    PublicPledgeForm,
    end_of,
)
from service.web.forms import check_anonymous_form, field_errors, read_form
from service.web.site import blp

STATES = {CampaignState.OPEN: N_("open"), CampaignState.CLOSING: N_("to be settled"),
          CampaignState.FUNDED: N_("funded"), CampaignState.FAILED: N_("not funded")}
PLEDGE_STATES = {PledgeState.ACTIVE: N_("pledged"), PledgeState.WITHDRAWN: N_("taken back"),
                 PledgeState.COMMITTED: N_("to be paid"), PledgeState.REFUNDED: N_("lapsed")}


def _helpers() -> dict:
    return {"money": format_money, "moment": format_moment, "states": STATES,
            "pledge_states": PLEDGE_STATES, "region_names": lambda codes: ", ".join(
                label("region", code) for code in codes),
            "labels_of": lambda vocabulary, codes: ", ".join(
                label(vocabulary, str(code)) for code in codes)}


def _choices(vocabulary: str, codes) -> list[tuple[str, str]]:
    """A form's choices of a vocabulary: (code, label), by label."""
    return sorted(((str(code), label(vocabulary, str(code))) for code in codes),
                  key=lambda choice: choice[1].casefold())


def _my_stakeholders(kind: Kind) -> list[tuple[str, str]]:
    """The actor's stakeholders of ``kind``, as choices (id, name)."""
    return [(s.id, s.name) for s in campaigns().stakeholders_of(g.get("actor"), kind)]


@blp.route("/campaigns", methods=["GET", "POST"], endpoint="campaigns")
def campaign_list():
    errors: dict[str, str] = {}
    if request.method == "POST":
        actor = current_actor()
        fields_, errors = read_form(LaunchForm())
        if fields_ is not None:
            fields_["deadline"] = end_of(fields_["deadline"])
            try:
                launched = campaigns().launch(fields_.pop("stakeholder_id"), fields_,
                                              actor=actor)
            except InvalidInput as refused:
                errors = field_errors(refused.errors) or {"title": refused.message}
            else:
                return redirect(url_for("web.campaign", campaign_id=launched.id),
                                HTTPStatus.SEE_OTHER)
    page = render_template("campaigns/list.html", views=campaigns().list_campaigns(),
                           mine=_my_stakeholders(Kind.ENTREPRENEUR), errors=errors,
                           form=request.form if errors else {}, **_helpers())
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)


@blp.get("/campaigns/<campaign_id>")
def campaign(campaign_id: str):
    return _campaign_page(campaign_id)


def _campaign_page(campaign_id: str, *, errors: dict[str, str] | None = None,
                   form: str = "", status: HTTPStatus = HTTPStatus.OK) -> Response:
    desk = campaigns()
    view = desk.campaign(campaign_id)
    actor = g.get("actor")
    mine = [p for p in desk.my_pledges(actor=actor) if p.campaign_id == campaign_id] if (
        actor is not None and actor.memberships) else []
    pools = desk.pools_for(view.campaign)
    page = render_template("campaigns/campaign.html", view=view, pools=pools, mine=mine,
                           pledgers=[choice for choice in _my_stakeholders(Kind.ENTREPRENEUR)
                                     + _my_stakeholders(Kind.INVESTOR)
                                     if choice[0] != view.campaign.stakeholder_id],
                           errors=errors or {}, sent_form=form,
                           form=request.form if errors else {},
                           asked=request.args.get("asked"), **_helpers())
    return Response(page, status)


@blp.post("/campaigns/<campaign_id>/pledge")
def pledge(campaign_id: str):
    actor = current_actor()
    fields_, errors = read_form(PledgeForm())
    if fields_ is not None:
        try:
            campaigns().pledge(campaign_id, fields_["stakeholder_id"], fields_["amount"],
                               actor=actor)
        except InvalidInput as refused:
            errors = field_errors(refused.errors) or {"amount": refused.message}
        else:
            return redirect(url_for("web.campaign", campaign_id=campaign_id) + "#mine",
                            HTTPStatus.SEE_OTHER)
    return _campaign_page(campaign_id, errors=errors, form="pledge",
                          status=HTTPStatus.UNPROCESSABLE_ENTITY)


@blp.post("/campaigns/<campaign_id>/public-pledge")
def public_pledge(campaign_id: str):
    if g.get("actor") is None:
        check_anonymous_form()
        limits.count(limits.WRITES, "address:" + (request.remote_addr or ""))
    fields_, errors = read_form(PublicPledgeForm())
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    if fields_ is not None:
        try:
            issued = campaigns().ask_public_pledge(campaign_id, fields_["email"],
                                                   fields_["amount"])
        except InvalidInput as refused:
            errors = field_errors(refused.errors) or {"amount": refused.message}
        except TooManyRequests as refused:  # the address had its day's links
            errors, status = field_errors(refused.errors), HTTPStatus.TOO_MANY_REQUESTS
        else:
            link = url_for("web.confirm_pledge", token=issued.secret, _external=True)
            view = campaigns().campaign(campaign_id)
            emailed = send_pledge_link(current_app.config, issued.request, link,
                                       view.campaign.title)
            return redirect(url_for("web.campaign", campaign_id=campaign_id,
                                    asked="mailed" if emailed else "unsent") + "#public",
                            HTTPStatus.SEE_OTHER)
    return _campaign_page(campaign_id, errors=errors, form="public", status=status)


@blp.route("/pledges/confirm/<token>", methods=["GET", "POST"])
def confirm_pledge(token: str):
    confirmed = None
    if request.method == "POST":
        if g.get("actor") is None:
            check_anonymous_form()
        read_form(ConfirmForm())
        try:
            confirmed = campaigns().confirm_public_pledge(token)
        except (NotFound, Gone) as refused:
            return _unusable(refused)
        except Conflict:
            return _unusable(None)
    page = render_template("campaigns/confirm.html", confirmed=confirmed,
                           view=confirmed and campaigns().campaign(confirmed.pledge.campaign_id),
                           **_helpers())
    return Response(page, HTTPStatus.OK)


def _unusable(refused: NotFound | Gone | None) -> Response:
    if isinstance(refused, Gone) and refused.errors.get("state") == ["confirmed"]:
        sentence = gettext("This pledge is confirmed already: its link works once.")
    elif isinstance(refused, Gone):
        sentence = gettext("This link has run out (it works for 48 hours). Pledge again from "
                           "the campaign's page.")
    elif refused is None:
        sentence = gettext("The campaign no longer takes pledges: its deadline has passed.")
    else:
        sentence = gettext("This link is not a valid pledge link. Check that it was copied "
                           "whole.")
    status = HTTPStatus.NOT_FOUND if isinstance(refused, NotFound) else HTTPStatus.GONE
    page = render_template("error.html", heading=gettext("This pledge cannot be confirmed"),
                           sentence=sentence, status=status.value)
    return Response(page, status)


@blp.post("/campaigns/<campaign_id>/settle")
def settle_campaign(campaign_id: str):
    campaigns().settle(campaign_id, actor=current_actor())
    return redirect(url_for("web.campaign", campaign_id=campaign_id), HTTPStatus.SEE_OTHER)


@blp.post("/pledges/<pledge_id>/withdraw")
def withdraw_pledge(pledge_id: str):
    withdrawn = campaigns().withdraw(pledge_id, actor=current_actor())
    return redirect(url_for("web.campaign", campaign_id=withdrawn.campaign_id) + "#mine",
                    HTTPStatus.SEE_OTHER)


@blp.route("/pools", methods=["GET", "POST"], endpoint="pools")
def pool_list():
    errors: dict[str, str] = {}
    if request.method == "POST":
        actor = current_actor()
        fields_, errors = read_form(PoolForm(), lists=("regions", "sectors", "legal_forms"))
        # A wrong choice of a list is named by its place ("sectors.0"): shown by its list.
        by_list: dict[str, str] = {}
        for key, message in errors.items():
            by_list.setdefault(key.split(".")[0], message)
        errors = by_list
        if fields_ is not None:
            fields_["deadline"] = end_of(fields_["deadline"])
            try:
                campaigns().define_pool(fields_.pop("owner_id"), fields_, actor=actor)
            except InvalidInput as refused:
                errors = field_errors(refused.errors) or {"name": refused.message}
            else:
                return redirect(url_for("web.pools"), HTTPStatus.SEE_OTHER)
    regions = [(code, label("region", code)) for code in sorted(vocabularies.greek_regions())]
    page = render_template("campaigns/pools.html", views=campaigns().list_pools(),
                           mine=_my_stakeholders(Kind.INVESTOR), errors=errors,
                           form=request.form if errors else {}, regions=regions,
                           sectors=_choices("sector", vocabularies.sectors()),
                           legal_forms=_choices("legal_form", LegalForm),
                           instruments=_choices("instrument", Instrument), **_helpers())
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)

