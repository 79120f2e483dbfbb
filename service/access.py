"""Which rule of the policy guards each endpoint: every route must have one.

A request for a route without an entry is refused (and a test fails), so a new endpoint cannot
be left open by mistake. ``PUBLIC`` routes need no one to be signed in and read no credentials;
``ANYONE`` routes need no one either, but know who is signed in when someone is (and check a
session's CSRF token); every other route needs an authenticated user whose role the rule allows
on at least some objects. The use cases then check the object itself.
"""

from __future__ import annotations

from graph_models.domain.policy import Action, Resource

PUBLIC = "public"
SIGNED_IN = "signed_in"
ANYONE = "anyone"

ENDPOINT_RULES: dict[str, dict[str, tuple[Resource, Action] | str]] = {
    "stakeholders.Stakeholders": {
        "GET": (Resource.STAKEHOLDER, Action.LIST),
        "POST": (Resource.STAKEHOLDER, Action.CREATE),
    },
    "stakeholders.StakeholderById": {
        "GET": (Resource.STAKEHOLDER, Action.READ),
        "PATCH": (Resource.STAKEHOLDER, Action.UPDATE),
        "DELETE": (Resource.STAKEHOLDER, Action.DELETE),
    },
    "stakeholders.StakeholderTies": {"GET": (Resource.STAKEHOLDER, Action.READ)},
    "stakeholders.StakeholderNeighbourhood": {"GET": (Resource.STAKEHOLDER, Action.READ)},
    "stakeholders.StakeholderExport": {"GET": (Resource.STAKEHOLDER, Action.EXPORT)},
    "matches.StakeholderMatches": {"GET": (Resource.STAKEHOLDER, Action.MATCH)},
    "matches.ScopeMatches": {"GET": (Resource.GRAPH, Action.MATCH)},
    "reports.EcosystemReport": {"GET": (Resource.REPORT, Action.READ)},
    "reports.EcosystemGraph": {"GET": (Resource.REPORT, Action.EXPORT)},
    # Indicators are counts over a territory, read as its reports are.
    "indicators.Indicators": {"GET": (Resource.REPORT, Action.LIST)},
    "indicators.IndicatorSeries": {"GET": (Resource.REPORT, Action.READ)},
    "introductions.IntroductionPaths": {"GET": (Resource.INTRODUCTION, Action.CREATE)},
    "introductions.Introductions": {
        "GET": (Resource.INTRODUCTION, Action.LIST),
        "POST": (Resource.INTRODUCTION, Action.CREATE),
    },
    "introductions.IntroductionById": {"GET": (Resource.INTRODUCTION, Action.READ)},
    "introductions.IntroductionActions": {"POST": (Resource.INTRODUCTION, Action.UPDATE)},
    "introductions.StakeholderBlocks": {
        "GET": (Resource.STAKEHOLDER, Action.UPDATE),
        "POST": (Resource.STAKEHOLDER, Action.UPDATE),
    },
    "introductions.StakeholderBlock": {"DELETE": (Resource.STAKEHOLDER, Action.UPDATE)},
    "introductions.MyNotifications": {"GET": SIGNED_IN},
    "mentorship.Programmes": {
        "GET": (Resource.PROGRAMME, Action.LIST),
        "POST": (Resource.PROGRAMME, Action.CREATE),
    },
    "mentorship.ProgrammeById": {"GET": (Resource.PROGRAMME, Action.READ)},
    "mentorship.ProgrammeEnrolments": {"POST": (Resource.PROGRAMME, Action.UPDATE)},
    "mentorship.ProgrammeProposal": {"POST": (Resource.PROGRAMME, Action.UPDATE)},
    "mentorship.ProposalEdits": {"POST": (Resource.PROGRAMME, Action.UPDATE)},
    "mentorship.ProgrammePublish": {"POST": (Resource.PROGRAMME, Action.UPDATE)},
    "mentorship.ProgrammeReport": {"GET": (Resource.PROGRAMME, Action.READ)},
    "mentorship.Circles": {"POST": (Resource.PROGRAMME, Action.MATCH)},
    "mentorship.MentorshipList": {"GET": (Resource.MENTORSHIP, Action.LIST)},
    "mentorship.MentorshipById": {"GET": (Resource.MENTORSHIP, Action.READ)},
    "mentorship.MentorshipActions": {"POST": (Resource.MENTORSHIP, Action.UPDATE)},
    "mentorship.MentorshipSessions": {
        "GET": (Resource.MENTORSHIP, Action.READ),
        "POST": (Resource.MENTORSHIP, Action.UPDATE),
    },
    "ties.Ties": {"POST": (Resource.TIE, Action.CREATE)},
    "ties.TieById": {
        "GET": (Resource.TIE, Action.READ),
        "PATCH": (Resource.TIE, Action.UPDATE),
        "DELETE": (Resource.TIE, Action.DELETE),
    },
    "interchange.Import": {"POST": (Resource.GRAPH, Action.IMPORT)},
    "interchange.Export": {"GET": (Resource.GRAPH, Action.EXPORT)},
    "accounts.Users": {"GET": (Resource.USER, Action.LIST), "POST": (Resource.USER, Action.CREATE)},
    "accounts.UserById": {
        "GET": (Resource.USER, Action.READ),
        "PATCH": (Resource.USER, Action.UPDATE),
        "DELETE": (Resource.USER, Action.DELETE),
    },
    "accounts.Me": {"GET": SIGNED_IN, "PATCH": SIGNED_IN},
    "accounts.MyPassword": {"PUT": SIGNED_IN},
    "accounts.UserTokens": {
        "GET": (Resource.TOKEN, Action.LIST),
        "POST": (Resource.TOKEN, Action.CREATE),
    },
    "accounts.TokenById": {"DELETE": (Resource.TOKEN, Action.DELETE)},
    "accounts.Login": {"POST": PUBLIC},
    "accounts.Logout": {"POST": PUBLIC},
    "accounts.Audit": {"GET": (Resource.AUDIT, Action.LIST)},
    "invitations.Invitations": {
        "GET": (Resource.INVITATION, Action.LIST),
        "POST": (Resource.INVITATION, Action.CREATE),
    },
    "invitations.UserInvitations": {"POST": (Resource.INVITATION, Action.CREATE)},
    "invitations.InvitationById": {"DELETE": (Resource.INVITATION, Action.DELETE)},
    "match_models.MatchModels": {"GET": (Resource.MATCH_MODEL, Action.LIST),
                                 "POST": (Resource.MATCH_MODEL, Action.CREATE)},
    "match_models.ActivateMatchModel": {"POST": (Resource.MATCH_MODEL, Action.UPDATE)},
    "match_models.DeactivateMatchModels": {"POST": (Resource.MATCH_MODEL, Action.UPDATE)},
    # Consulting: assessments and workshops (service/api/consulting.py).
    "consulting.Assessments": {
        "GET": (Resource.ASSESSMENT, Action.LIST),
        "POST": (Resource.ASSESSMENT, Action.CREATE),
    },
    "consulting.AssessmentById": {
        "GET": (Resource.ASSESSMENT, Action.READ),
        "PATCH": (Resource.ASSESSMENT, Action.UPDATE),
    },
    "consulting.AssessmentActions": {"POST": (Resource.ASSESSMENT, Action.UPDATE)},
    "consulting.AssessmentLinks": {"POST": (Resource.ASSESSMENT, Action.UPDATE)},
    "consulting.Workshops": {
        "GET": (Resource.WORKSHOP, Action.LIST),
        "POST": (Resource.WORKSHOP, Action.CREATE),
    },
    "consulting.WorkshopById": {
        "GET": (Resource.WORKSHOP, Action.READ),
        "PATCH": (Resource.WORKSHOP, Action.UPDATE),
        "DELETE": (Resource.WORKSHOP, Action.DELETE),
    },
    "plans.Plans": {"GET": (Resource.PLAN, Action.LIST), "POST": (Resource.PLAN, Action.CREATE)},
    "plans.PlanById": {"GET": (Resource.PLAN, Action.READ),
                       "PATCH": (Resource.PLAN, Action.UPDATE)},
    "plans.PlanAdoption": {"POST": (Resource.PLAN, Action.UPDATE)},
    "plans.PlanClosing": {"POST": (Resource.PLAN, Action.UPDATE)},
    "plans.PlanHistory": {"GET": (Resource.PLAN, Action.READ)},
    "plans.PlanGoals": {"POST": (Resource.PLAN, Action.UPDATE)},
    "plans.PlanGoal": {"PATCH": (Resource.PLAN, Action.UPDATE),
                       "DELETE": (Resource.PLAN, Action.UPDATE)},
    "plans.PlanActions": {"POST": (Resource.PLAN, Action.UPDATE)},
    "plans.PlanAction": {"PATCH": (Resource.PLAN, Action.UPDATE),
                         "DELETE": (Resource.PLAN, Action.UPDATE)},
    "plans.PlanIndicators": {"POST": (Resource.PLAN, Action.UPDATE)},
    "plans.PlanIndicator": {"PATCH": (Resource.PLAN, Action.UPDATE),
                            "DELETE": (Resource.PLAN, Action.UPDATE)},
    "plans.IndicatorValues": {"POST": (Resource.PLAN, Action.UPDATE),
                              "DELETE": (Resource.PLAN, Action.UPDATE)},
    # Activities: who may act on which registration is checked by the use cases.
    "activities.Activities": {
        "GET": (Resource.ACTIVITY, Action.LIST),
        "POST": (Resource.ACTIVITY, Action.CREATE),
    },
    "activities.ActivityOutcomes": {"GET": (Resource.ACTIVITY, Action.UPDATE)},
    "activities.ActivityById": {
        "GET": (Resource.ACTIVITY, Action.READ),
        "PATCH": (Resource.ACTIVITY, Action.UPDATE),
    },
    "activities.ActivityRegistrations": {
        "GET": (Resource.ACTIVITY, Action.READ),
        "POST": (Resource.REGISTRATION, Action.CREATE),
    },
    "activities.RegistrationById": {
        "PUT": (Resource.REGISTRATION, Action.UPDATE),
        "DELETE": (Resource.REGISTRATION, Action.DELETE),
    },
    "activities.RegistrationWishes": {"PUT": (Resource.REGISTRATION, Action.UPDATE)},
    "activities.ActivityAttendance": {"POST": (Resource.ACTIVITY, Action.UPDATE)},
    "activities.ActivityMeetings": {
        "GET": (Resource.ACTIVITY, Action.UPDATE),
        "POST": (Resource.ACTIVITY, Action.UPDATE),
    },
    "activities.SchedulePublication": {"POST": (Resource.ACTIVITY, Action.UPDATE)},
    "activities.MeetingById": {"DELETE": (Resource.ACTIVITY, Action.UPDATE)},
    "activities.MeetingSwap": {"POST": (Resource.ACTIVITY, Action.UPDATE)},
    "activities.MeetingAnswers": {"PUT": (Resource.REGISTRATION, Action.UPDATE)},
    "activities.ActivityAgenda": {"GET": (Resource.REGISTRATION, Action.READ)},
    # matchfunding (issue 17, part 3): campaigns, pools and totals are public
    "campaigns.Campaigns": {"GET": PUBLIC, "POST": (Resource.CAMPAIGN, Action.CREATE)},
    "campaigns.CampaignById": {"GET": PUBLIC},
    "campaigns.CampaignSettle": {"POST": (Resource.CAMPAIGN, Action.UPDATE)},
    "campaigns.CampaignPledges": {"GET": (Resource.CAMPAIGN, Action.READ_PRIVATE),
                                  "POST": (Resource.PLEDGE, Action.CREATE)},
    "campaigns.PublicPledges": {"POST": PUBLIC},
    "campaigns.ConfirmPublicPledge": {"POST": PUBLIC},
    "campaigns.MyPledges": {"GET": (Resource.PLEDGE, Action.LIST)},
    "campaigns.PledgeById": {"GET": (Resource.PLEDGE, Action.LIST)},
    "campaigns.PledgeWithdraw": {"POST": (Resource.PLEDGE, Action.UPDATE)},
    "campaigns.Pools": {"GET": PUBLIC, "POST": (Resource.POOL, Action.CREATE)},
    "meta.Health": {"GET": PUBLIC},
    "meta.Vocabularies": {"GET": PUBLIC},
    "api-docs.openapi_json": {"GET": PUBLIC},
    "api-docs.openapi_swagger_ui": {"GET": PUBLIC},
    "docs_assets.static": {"GET": PUBLIC},
    "web.home": {"GET": SIGNED_IN},
    "web.notifications": {"GET": SIGNED_IN},
    "web.sign_in": {"GET": PUBLIC, "POST": PUBLIC},
    "web.sign_out": {"POST": SIGNED_IN},
    "web.language": {"POST": ANYONE},
    "web.static": {"GET": PUBLIC},
    "web.programmes": {
        "GET": (Resource.PROGRAMME, Action.LIST),
        "POST": (Resource.PROGRAMME, Action.CREATE),
    },
    "web.programme": {"GET": (Resource.PROGRAMME, Action.READ)},
    "web.enrol": {"POST": (Resource.PROGRAMME, Action.UPDATE)},
    "web.propose": {"POST": (Resource.PROGRAMME, Action.UPDATE)},
    "web.edit_proposal": {"POST": (Resource.PROGRAMME, Action.UPDATE)},
    "web.publish": {"POST": (Resource.PROGRAMME, Action.UPDATE)},
    "web.mentorships": {"GET": (Resource.MENTORSHIP, Action.LIST)},
    "web.plans": {"GET": (Resource.PLAN, Action.LIST)},
    "web.new_plan": {"GET": (Resource.PLAN, Action.CREATE), "POST": (Resource.PLAN, Action.CREATE)},
    "web.plan": {"GET": (Resource.PLAN, Action.READ)},
    "web.plan_history": {"GET": (Resource.PLAN, Action.READ)},
    "web.plan_report": {"GET": (Resource.PLAN, Action.READ)},
    "web.edit_plan": {"POST": (Resource.PLAN, Action.UPDATE)},
    "web.adopt_plan": {"POST": (Resource.PLAN, Action.UPDATE)},
    "web.close_plan": {"POST": (Resource.PLAN, Action.UPDATE)},
    "web.add_plan_goal": {"POST": (Resource.PLAN, Action.UPDATE)},
    "web.add_plan_action": {"POST": (Resource.PLAN, Action.UPDATE)},
    "web.update_plan_action": {"POST": (Resource.PLAN, Action.UPDATE)},
    "web.add_plan_indicator": {"POST": (Resource.PLAN, Action.UPDATE)},
    "web.record_plan_value": {"POST": (Resource.PLAN, Action.UPDATE)},
    "web.mentorship_step": {"POST": (Resource.MENTORSHIP, Action.UPDATE)},
    "web.log_session": {"POST": (Resource.MENTORSHIP, Action.UPDATE)},
    # The introductions pages: as the API's introductions endpoints.
    "web.introductions": {"GET": (Resource.INTRODUCTION, Action.LIST)},
    "web.introduction": {"GET": (Resource.INTRODUCTION, Action.READ)},
    "web.act_on_introduction": {"POST": (Resource.INTRODUCTION, Action.UPDATE)},
    "web.block_requester": {"POST": (Resource.STAKEHOLDER, Action.UPDATE)},
    "web.ask_introduction": {"GET": (Resource.INTRODUCTION, Action.CREATE),
                             "POST": (Resource.INTRODUCTION, Action.CREATE)},
    "web.warm_paths": {"GET": (Resource.INTRODUCTION, Action.CREATE)},
    "web.path_suggestions": {"GET": (Resource.STAKEHOLDER, Action.LIST)},
    "web.organisation": {"GET": SIGNED_IN},
    "web.edit_stakeholder": {"GET": (Resource.STAKEHOLDER, Action.UPDATE),
                             "POST": (Resource.STAKEHOLDER, Action.UPDATE)},
    "web.new_stakeholder": {"GET": (Resource.STAKEHOLDER, Action.CREATE),
                            "POST": (Resource.STAKEHOLDER, Action.CREATE)},
    "web.account": {"GET": SIGNED_IN},
    "web.account_settings": {"POST": SIGNED_IN},
    "web.change_password": {"POST": SIGNED_IN},
    "web.issue_token": {"POST": (Resource.TOKEN, Action.CREATE)},
    "web.revoke_token": {"POST": (Resource.TOKEN, Action.DELETE)},
    "web.territory": {"GET": (Resource.GRAPH, Action.MATCH)},
    "web.territory_download": {"GET": (Resource.GRAPH, Action.MATCH)},
    "web.reports": {"GET": (Resource.REPORT, Action.READ)},
    "web.indicators": {"GET": (Resource.REPORT, Action.READ)},
    "web.network": {"GET": (Resource.REPORT, Action.READ)},
    "web.network_data": {"GET": (Resource.REPORT, Action.READ)},
    "web.network_search": {"GET": (Resource.REPORT, Action.READ)},
    "web.dashboard": {"GET": (Resource.GRAPH, Action.MATCH)},
    "web.unmet_needs": {"GET": (Resource.GRAPH, Action.MATCH)},
    "web.directory": {"GET": (Resource.STAKEHOLDER, Action.LIST)},
    "web.stakeholder": {"GET": (Resource.STAKEHOLDER, Action.READ)},
    "web.neighbourhood": {"GET": (Resource.STAKEHOLDER, Action.READ)},
    "web.invitations": {"GET": (Resource.INVITATION, Action.LIST),
                        "POST": (Resource.INVITATION, Action.CREATE)},
    "web.revoke_invitation": {"POST": (Resource.INVITATION, Action.DELETE)},
    # The link is the proof: whoever holds it sets the password (and a signed-in browser's
    # form is checked against its session's CSRF token all the same).
    "web.accept_invitation": {"GET": ANYONE, "POST": ANYONE},
    # The matchfunding pages (issue 17, part 3): read by anyone; their forms as the API's.
    "web.campaigns": {"GET": ANYONE, "POST": (Resource.CAMPAIGN, Action.CREATE)},
    "web.campaign": {"GET": ANYONE},
    "web.pledge": {"POST": (Resource.PLEDGE, Action.CREATE)},
    "web.public_pledge": {"POST": ANYONE},
    "web.confirm_pledge": {"GET": ANYONE, "POST": ANYONE},
    "web.settle_campaign": {"POST": (Resource.CAMPAIGN, Action.UPDATE)},
    "web.withdraw_pledge": {"POST": (Resource.PLEDGE, Action.UPDATE)},
    "web.pools": {"GET": ANYONE, "POST": (Resource.POOL, Action.CREATE)},
    "web.users": {"GET": (Resource.USER, Action.LIST), "POST": (Resource.USER, Action.CREATE)},
    "web.user": {"GET": (Resource.USER, Action.UPDATE), "POST": (Resource.USER, Action.UPDATE)},
    "web.revoke_user_token": {"POST": (Resource.USER, Action.UPDATE)},
    "web.audit": {"GET": (Resource.AUDIT, Action.LIST)},
    "web.imports": {"GET": (Resource.GRAPH, Action.IMPORT),
                    "POST": (Resource.GRAPH, Action.IMPORT)},
    # Consulting pages: as the API's consulting endpoints.
    "web.assessments": {"GET": (Resource.ASSESSMENT, Action.LIST),
                        "POST": (Resource.ASSESSMENT, Action.CREATE)},
    "web.assessment": {"GET": (Resource.ASSESSMENT, Action.READ)},
    "web.assessment_step": {"POST": (Resource.ASSESSMENT, Action.UPDATE)},
    "web.workshops": {"GET": (Resource.WORKSHOP, Action.LIST),
                      "POST": (Resource.WORKSHOP, Action.CREATE)},
    # The respondent's link is its proof: it opens its own questionnaire only, and no
    # account is needed (a signed-in browser's form is checked against its CSRF token).
    "web.questionnaire": {"GET": ANYONE, "POST": ANYONE},
    # The activity pages: as the API's activity endpoints.
    "web.activities": {"GET": (Resource.ACTIVITY, Action.LIST),
                       "POST": (Resource.ACTIVITY, Action.CREATE)},
    "web.activity": {"GET": (Resource.ACTIVITY, Action.READ)},
    "web.activity_register": {"POST": (Resource.REGISTRATION, Action.CREATE)},
    "web.activity_wishes": {"POST": (Resource.REGISTRATION, Action.UPDATE)},
    "web.activity_attendance": {"POST": (Resource.ACTIVITY, Action.UPDATE)},
    "web.schedule": {"GET": (Resource.ACTIVITY, Action.UPDATE),
                     "POST": (Resource.ACTIVITY, Action.UPDATE)},
    "web.schedule_remove": {"POST": (Resource.ACTIVITY, Action.UPDATE)},
    "web.schedule_swap": {"POST": (Resource.ACTIVITY, Action.UPDATE)},
    "web.schedule_publish": {"POST": (Resource.ACTIVITY, Action.UPDATE)},
    "web.agenda": {"GET": (Resource.REGISTRATION, Action.READ)},
    "web.agenda_answer": {"POST": (Resource.REGISTRATION, Action.UPDATE)},
    # Participatory budgets (issue #17): processes are public to whoever is signed in; the
    # use cases check the territory, the proposer's members and the voter.
    "budgets.Processes": {"GET": (Resource.BUDGET, Action.LIST),
                          "POST": (Resource.BUDGET, Action.CREATE)},
    "budgets.ProcessById": {"GET": (Resource.BUDGET, Action.READ)},
    "budgets.ProcessPhase": {"POST": (Resource.BUDGET, Action.UPDATE)},
    "budgets.Projects": {"GET": (Resource.BUDGET, Action.READ),
                         "POST": (Resource.BUDGET_PROJECT, Action.CREATE)},
    "budgets.ProjectById": {"GET": (Resource.BUDGET, Action.READ)},
    "budgets.ProjectReview": {"POST": (Resource.BUDGET, Action.UPDATE)},
    "budgets.ProjectExecution": {"POST": (Resource.BUDGET_PROJECT, Action.UPDATE)},
    "budgets.MyBallot": {"GET": (Resource.BALLOT, Action.READ),
                         "POST": (Resource.BALLOT, Action.CREATE)},
    "budgets.Results": {"GET": (Resource.BUDGET, Action.READ)},
    "budgets.Export": {"GET": (Resource.BUDGET, Action.EXPORT)},
    "budgets.Import": {"POST": (Resource.BUDGET, Action.IMPORT)},
    # The participatory budget pages: as the API's budgets endpoints.
    "web.budgets_list": {"GET": (Resource.BUDGET, Action.LIST)},
    "web.budget": {"GET": (Resource.BUDGET, Action.READ)},
    "web.budget_phase": {"POST": (Resource.BUDGET, Action.UPDATE)},
    "web.propose_budget_project": {"GET": (Resource.BUDGET, Action.READ),
                                   "POST": (Resource.BUDGET_PROJECT, Action.CREATE)},
    "web.budget_review": {"GET": (Resource.BUDGET, Action.UPDATE)},
    "web.review_budget_project": {"POST": (Resource.BUDGET, Action.UPDATE)},
    "web.ballot": {"GET": (Resource.BUDGET, Action.READ), "POST": (Resource.BALLOT, Action.CREATE)},
    "web.budget_results": {"GET": (Resource.BUDGET, Action.READ)},
    "web.budget_execution": {"GET": (Resource.BUDGET, Action.READ)},
    "web.track_budget_project": {"POST": (Resource.BUDGET_PROJECT, Action.UPDATE)},
    # Opening a process from the pages (issue #17's creation pages): as the API's.
    "web.new_budget": {"GET": (Resource.BUDGET, Action.CREATE),
                       "POST": (Resource.BUDGET, Action.CREATE)},
    "web.import_budget": {"GET": (Resource.BUDGET, Action.IMPORT),
                          "POST": (Resource.BUDGET, Action.IMPORT)},
    # Financing open to a stakeholder (issue #17, point 4): read as its matches are.
    "financing.StakeholderFinancing": {"GET": (Resource.STAKEHOLDER, Action.MATCH)},
}

# Reads that cost seconds of CPU (a national report: 20–35 s) spend a small budget of their own
# per user (SYNDESMOS_EXPENSIVE_READS_PER_MINUTE) instead of the ordinary reads' one.
EXPENSIVE_READS = frozenset({
    "reports.EcosystemReport",
    "reports.EcosystemGraph",
    "matches.ScopeMatches",
    "interchange.Export",
    "indicators.IndicatorSeries",  # a needs_met series is a dozen need coverages
    # The pages that compute the same (a network view computes its region's report).
    "web.territory",
    "web.territory_download",
    "web.reports",
    "web.network",
    "web.network_data",
    "web.network_search",
    "web.unmet_needs",  # a territory's matches
    "web.indicators",
    # A plan computes its indicators' series and its territory's report before and after.
    "plans.PlanById",
    "web.plan",
    "web.plan_report",
})


def is_public(endpoint: str | None, method: str) -> bool:
    """Whether ``method`` on ``endpoint`` needs no one signed in (HEAD as GET)."""
    method = "GET" if method.upper() == "HEAD" else method.upper()
    return ENDPOINT_RULES.get(endpoint or "", {}).get(method) == PUBLIC
