"""Which rule of the policy guards each endpoint: every route must have one.

A request for a route without an entry is refused (and a test fails), so a new endpoint cannot
be left open by mistake. ``PUBLIC`` routes need no one to be signed in; every other route needs
an authenticated user whose role the rule allows on at least some objects. The use cases then
check the object itself.
"""

from __future__ import annotations

from graph_models.domain.policy import Action, Resource

PUBLIC = "public"
SIGNED_IN = "signed_in"

# N for iNtroduction (I reads as 1).
S, T, G, U, K, A, N = (Resource.STAKEHOLDER, Resource.TIE, Resource.GRAPH, Resource.USER,
                       Resource.TOKEN, Resource.AUDIT, Resource.INTRODUCTION)

ENDPOINT_RULES: dict[str, dict[str, tuple[Resource, Action] | str]] = {
    "stakeholders.Stakeholders": {"GET": (S, Action.LIST), "POST": (S, Action.CREATE)},
    "stakeholders.StakeholderById": {"GET": (S, Action.READ), "PATCH": (S, Action.UPDATE),
                                     "DELETE": (S, Action.DELETE)},
    "stakeholders.StakeholderTies": {"GET": (S, Action.READ)},
    "stakeholders.StakeholderNeighbourhood": {"GET": (S, Action.READ)},
    "stakeholders.StakeholderExport": {"GET": (S, Action.EXPORT)},
    "matches.StakeholderMatches": {"GET": (S, Action.MATCH)},
    "matches.ScopeMatches": {"GET": (G, Action.MATCH)},
    "reports.EcosystemReport": {"GET": (Resource.REPORT, Action.READ)},
    "reports.EcosystemGraph": {"GET": (Resource.REPORT, Action.EXPORT)},
    "introductions.IntroductionPaths": {"GET": (N, Action.CREATE)},
    "introductions.Introductions": {"GET": (N, Action.LIST), "POST": (N, Action.CREATE)},
    "introductions.IntroductionById": {"GET": (N, Action.READ)},
    "introductions.IntroductionActions": {"POST": (N, Action.UPDATE)},
    "introductions.StakeholderBlocks": {"GET": (S, Action.UPDATE), "POST": (S, Action.UPDATE)},
    "introductions.StakeholderBlock": {"DELETE": (S, Action.UPDATE)},
    "introductions.MyNotifications": {"GET": SIGNED_IN},
    "mentorship.Programmes": {"GET": (Resource.PROGRAMME, Action.LIST),
                              "POST": (Resource.PROGRAMME, Action.CREATE)},
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
    "mentorship.MentorshipSessions": {"GET": (Resource.MENTORSHIP, Action.READ),
                                      "POST": (Resource.MENTORSHIP, Action.UPDATE)},
    "ties.Ties": {"POST": (T, Action.CREATE)},
    "ties.TieById": {"GET": (T, Action.READ), "PATCH": (T, Action.UPDATE),
                     "DELETE": (T, Action.DELETE)},
    "interchange.Import": {"POST": (G, Action.IMPORT)},
    "interchange.Export": {"GET": (G, Action.EXPORT)},
    "accounts.Users": {"GET": (U, Action.LIST), "POST": (U, Action.CREATE)},
    "accounts.UserById": {"GET": (U, Action.READ), "PATCH": (U, Action.UPDATE),
                          "DELETE": (U, Action.DELETE)},
    "accounts.Me": {"GET": SIGNED_IN},
    "accounts.UserTokens": {"GET": (K, Action.LIST), "POST": (K, Action.CREATE)},
    "accounts.TokenById": {"DELETE": (K, Action.DELETE)},
    "accounts.Login": {"POST": PUBLIC},
    "accounts.Logout": {"POST": PUBLIC},
    "accounts.Audit": {"GET": (A, Action.LIST)},
    "meta.Health": {"GET": PUBLIC},
    "meta.Vocabularies": {"GET": PUBLIC},
    "api-docs.openapi_json": {"GET": PUBLIC},
    "api-docs.openapi_swagger_ui": {"GET": PUBLIC},
    "docs_assets.static": {"GET": PUBLIC},
}

# Reads that cost seconds of CPU (a national report: 20–35 s) spend a small budget of their own
# per user (SYNDESMOS_EXPENSIVE_READS_PER_MINUTE) instead of the ordinary reads' one.
EXPENSIVE_READS = frozenset({
    "reports.EcosystemReport",
    "reports.EcosystemGraph",
    "matches.ScopeMatches",
    "interchange.Export",
})


def is_public(endpoint: str | None, method: str) -> bool:
    """Whether ``method`` on ``endpoint`` needs no one signed in (HEAD as GET)."""
    method = "GET" if method.upper() == "HEAD" else method.upper()
    return ENDPOINT_RULES.get(endpoint or "", {}).get(method) == PUBLIC
