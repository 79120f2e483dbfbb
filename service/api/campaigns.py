"""Matchfunding: campaigns, their matching pools and pledges. The service records pledges and
commitments; the money moves outside it once a campaign is funded."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask.views import MethodView

from graph_models.domain.campaigns import Pledge, PledgeResult
from graph_models.use_cases.campaigns import CampaignView, PoolView
from service import limits
from service.api.campaign_schemas import (
    CampaignInputSchema,
    CampaignSchema,
    ConfirmInputSchema,
    PledgeInputSchema,
    PledgeSchema,
    PoolInputSchema,
    PoolSchema,
    PublicPledgeAskedSchema,
    PublicPledgeInputSchema,
)
from service.api.common import Blueprint, document_errors
from service.auth import current_actor
from service.extensions import campaigns
from service.pledge_mail import send_pledge_link

blp = Blueprint("campaigns", __name__, description="Matchfunding campaigns, pools and pledges.")


def campaign_answer(view: CampaignView) -> dict:
    """What a campaign's schema dumps: the campaign, its stakeholder's name, its totals."""
    totals = view.totals
    return {**{name: getattr(view.campaign, name) for name in (
        "id", "stakeholder_id", "title", "description", "minimum", "optimum", "deadline",
        "region", "rewards", "created_at")}, "stakeholder_name": view.stakeholder_name,
        "state": view.state, "totals": {"pledged": totals.pledged, "matched": totals.matched,
                                        "raised": totals.raised, "pledges": totals.pledges}}


def pool_answer(view: PoolView) -> dict:
    """What a pool's schema dumps."""
    pool = view.pool
    return {**{name: getattr(pool, name) for name in PoolSchema().fields
               if hasattr(pool, name)}, "owner_name": view.owner_name, "used": view.used,
            "left": view.left}


def pledge_answer(pledge: Pledge, result: PledgeResult | None = None) -> dict:
    """What a pledge's schema dumps (never the e-mail address of a public one)."""
    return {name: getattr(pledge, name) for name in (
        "id", "campaign_id", "amount", "at", "state", "stakeholder_id")} | {
        "matches": list(result.matches) if result else []}


@blp.route("/campaigns")
class Campaigns(MethodView):
    @blp.response(200, CampaignSchema(many=True))
    @document_errors(blp, public=True)
    def get(self):
        """Every campaign, newest first, with its public totals (pledged, matched)."""
        return [campaign_answer(view) for view in campaigns().list_campaigns()]

    @blp.arguments(CampaignInputSchema)
    @blp.response(201, CampaignSchema)
    @document_errors(blp, 404, 422, body=True)
    def post(self, fields_):
        """Launch a campaign of an entrepreneur you are a member of (coordinators: of their
        territories too): a minimum (all or nothing), an optimum, a deadline, rewards."""
        stakeholder_id = fields_.pop("stakeholder_id")
        campaign = campaigns().launch(stakeholder_id, fields_, actor=current_actor())
        return campaign_answer(campaigns().campaign(campaign.id))


@blp.route("/campaigns/<campaign_id>")
class CampaignById(MethodView):
    @blp.response(200, CampaignSchema)
    @document_errors(blp, 404, public=True)
    def get(self, campaign_id):
        """A campaign with its public totals."""
        return campaign_answer(campaigns().campaign(campaign_id))


@blp.route("/campaigns/<campaign_id>/settle")
class CampaignSettle(MethodView):
    @blp.response(200, CampaignSchema)
    @document_errors(blp, 404, 409)
    def post(self, campaign_id):
        """Settle a campaign past its deadline: funded (pledges and matches committed, FUNDED
        ties written) or failed (all refunded and released)."""
        return campaign_answer(campaigns().settle(campaign_id, actor=current_actor()))


@blp.route("/campaigns/<campaign_id>/pledges")
class CampaignPledges(MethodView):
    @blp.response(200, PledgeSchema(many=True))
    @document_errors(blp, 404)
    def get(self, campaign_id):
        """Every pledge of a campaign: for the coordinators of its region and admins."""
        return [pledge_answer(p) for p in campaigns().campaign_pledges(
            campaign_id, actor=current_actor())]

    @blp.arguments(PledgeInputSchema)
    @blp.response(201, PledgeSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields_, campaign_id):
        """Pledge for a stakeholder you are a member of; the eligible pools match it at
        once. Nothing is paid here: the pledge is a promise, paid once the campaign is
        funded."""
        result = campaigns().pledge(campaign_id, fields_["stakeholder_id"], fields_["amount"],
                                    actor=current_actor())
        return pledge_answer(result.pledge, result)


@blp.route("/campaigns/<campaign_id>/public-pledges")
class PublicPledges(MethodView):
    @blp.arguments(PublicPledgeInputSchema)
    @blp.response(202, PublicPledgeAskedSchema)
    @document_errors(blp, 404, 409, 422, 429, body=True, public=True)
    def post(self, fields_, campaign_id):
        """Pledge without an account: a one-time link to confirm it is mailed to the address
        (valid 48 hours); the pledge counts, and is matched, once confirmed."""
        limits.count(limits.WRITES, "address:" + (request.remote_addr or ""))
        issued = campaigns().ask_public_pledge(campaign_id, fields_["email"], fields_["amount"])
        link = url_for("web.confirm_pledge", token=issued.secret, _external=True)
        view = campaigns().campaign(campaign_id)
        return {"emailed": send_pledge_link(current_app.config, issued.request, link,
                                            view.campaign.title),
                "expires_at": issued.request.expires_at}


@blp.route("/public-pledges/confirm")
class ConfirmPublicPledge(MethodView):
    @blp.arguments(ConfirmInputSchema)
    @blp.response(201, PledgeSchema)
    @document_errors(blp, 404, 409, 422, body=True, public=True)
    @blp.alt_response(410, description="The link was used already, or has run out.",
                      schema="Error")
    def post(self, fields_):
        """Confirm a pledge by e-mail with its link's token: it counts, and is matched."""
        result = campaigns().confirm_public_pledge(fields_["token"])
        return pledge_answer(result.pledge, result)


@blp.route("/pledges")
class MyPledges(MethodView):
    @blp.response(200, PledgeSchema(many=True))
    @document_errors(blp)
    def get(self):
        """The pledges of your stakeholders, newest first."""
        return [pledge_answer(p) for p in campaigns().my_pledges(actor=current_actor())]


@blp.route("/pledges/<pledge_id>")
class PledgeById(MethodView):
    @blp.response(200, PledgeSchema)
    @document_errors(blp, 404)
    def get(self, pledge_id):
        """A pledge and its matches: its pledger's, or for the campaign's overseers."""
        result = campaigns().pledge_of(pledge_id, actor=current_actor())
        return pledge_answer(result.pledge, result)


@blp.route("/pledges/<pledge_id>/withdraw")
class PledgeWithdraw(MethodView):
    @blp.response(200, PledgeSchema)
    @document_errors(blp, 404, 409)
    def post(self, pledge_id):
        """Withdraw your pledge while the campaign is open; its matches return to the
        pools."""
        pledge = campaigns().withdraw(pledge_id, actor=current_actor())
        return pledge_answer(pledge, campaigns().pledge_of(pledge_id, actor=current_actor()))


@blp.route("/pools")
class Pools(MethodView):
    @blp.response(200, PoolSchema(many=True))
    @document_errors(blp, public=True)
    def get(self):
        """Every matching pool, newest first: its rules and how much is spoken for."""
        return [pool_answer(view) for view in campaigns().list_pools()]

    @blp.arguments(PoolInputSchema)
    @blp.response(201, PoolSchema)
    @document_errors(blp, 422, body=True)
    def post(self, fields_):
        """Define a matching pool of an investor you are a member of: its ratio, caps (per
        pledge, per campaign, as a share of a campaign's optimum, in all), eligible regions,
        sectors and legal forms, and its deadline."""
        owner_id = fields_.pop("owner_id")
        pool = campaigns().define_pool(owner_id, fields_, actor=current_actor())
        return pool_answer(next(v for v in campaigns().list_pools() if v.pool.id == pool.id))
