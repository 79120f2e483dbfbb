"""Labels: the words a person reads for the codes the API speaks, in the asked language.

A vocabulary shipped as data (pillars, topics, sectors, regions) carries its Greek and English
names; languages take their Greek names from CLDR (Babel); the domain's enumerations (kinds,
legal forms, tie types, states, reasons…) are messages of the catalogues. A code without a
label (another country's NUTS code, a value the vocabulary does not know) reads as itself.

>>> label("sector", "agrifood", locale="el"), label("kind", "entrepreneur", locale="en")
('Αγροδιατροφή', 'Entrepreneur')
>>> label("region", "DE300", locale="el")
'DE300'
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import cache

import babel

from graph_models.domain import vocabularies
from graph_models.domain.accounts import Role
from graph_models.domain.activities import ActivityKind, ScheduleState
from graph_models.domain.funding import Channel
from graph_models.domain.introductions import DeclineReason
from graph_models.domain.introductions import State as IntroductionState
from graph_models.domain.mentorships import CancelReason, MentorshipState, RatingMoment
from graph_models.domain.notifications import NotificationState
from graph_models.domain.programmes import ProgrammeState, UnplacedReason
from graph_models.domain.stakeholders import (
    Instrument,
    InvestorType,
    Kind,
    KoinsepCategory,
    LegalForm,
    PolicyLevel,
    Stage,
    Stakeholder,
    SupportType,
    TieType,
)
from service.i18n.catalogues import translations
from service.i18n.locale import NP_, current_locale


class ProposalMethod(StrEnum):
    """The methods of a programme's proposal (``graph_models.use_cases.programmes.METHODS``,
    plain strings there), as an enumeration to label; a test holds the two equal."""

    OPTIMAL = "optimal"
    STABLE = "stable"


# Each enumeration's labels in English, with the vocabulary's name as their context: one
# English word ("Other", "Accepted") may need different Greek words in different lists.
ENUM_LABELS: dict[str, dict[StrEnum, tuple[str, str]]] = {
    "kind": {
        Kind.ENTREPRENEUR: NP_("kind", "Entrepreneur"),
        Kind.INVESTOR: NP_("kind", "Investor"),
        Kind.POLICYMAKER: NP_("kind", "Policymaker"),
        Kind.SUPPORT_ORGANISATION: NP_("kind", "Support organisation"),
    },
    "stage": {
        Stage.IDEA: NP_("stage", "Idea"),
        Stage.FORMING: NP_("stage", "Being set up"),
        Stage.OPERATING: NP_("stage", "Operating"),
        Stage.SCALING: NP_("stage", "Scaling up"),
    },
    "legal_form": {
        LegalForm.KOINSEP: NP_("legal_form", "Social Cooperative Enterprise (KoinSEp)"),
        LegalForm.KOISPE: NP_("legal_form", "Limited Liability Social Cooperative (KoiSPE)"),
        LegalForm.WORKERS_COOPERATIVE: NP_("legal_form", "Workers' cooperative"),
        LegalForm.AGRICULTURAL_COOPERATIVE: NP_("legal_form", "Agricultural cooperative"),
        LegalForm.ENERGY_COMMUNITY: NP_("legal_form", "Energy community"),
        LegalForm.COOPERATIVE: NP_("legal_form", "Cooperative"),
        LegalForm.CIVIL_NONPROFIT: NP_("legal_form", "Civil non-profit company"),
        LegalForm.ASSOCIATION: NP_("legal_form", "Association"),
        LegalForm.INFORMAL_GROUP: NP_("legal_form", "Informal group"),
        LegalForm.OTHER: NP_("legal_form", "Other"),
    },
    "koinsep_category": {
        KoinsepCategory.INTEGRATION_VULNERABLE: NP_(
            "koinsep_category", "Integration of vulnerable groups"),
        KoinsepCategory.INTEGRATION_SPECIAL: NP_(
            "koinsep_category", "Integration of special groups"),
        KoinsepCategory.COLLECTIVE_SOCIAL_BENEFIT: NP_(
            "koinsep_category", "Collective and social benefit"),
    },
    "instrument": {
        Instrument.GRANT: NP_("instrument", "Grant"),
        Instrument.LOAN: NP_("instrument", "Loan"),
        Instrument.EQUITY: NP_("instrument", "Equity"),
        Instrument.GUARANTEE: NP_("instrument", "Guarantee"),
        Instrument.CROWDFUNDING: NP_("instrument", "Crowdfunding"),
        Instrument.MICROCREDIT: NP_("instrument", "Microcredit"),
    },
    "funding_channel": {  # how a FUNDED tie came about (graph_models.domain.funding)
        Channel.PARTICIPATORY_BUDGET: NP_("funding_channel", "Participatory budget"),
        Channel.MATCHFUNDING_POOL: NP_("funding_channel", "Matchfunding pool"),
        Channel.PLEDGES: NP_("funding_channel", "Pledges to a campaign"),
        Channel.DIRECT: NP_("funding_channel", "Direct"),
    },
    "investor_type": {
        InvestorType.ETHICAL_BANK: NP_("investor_type", "Ethical bank"),
        InvestorType.COOPERATIVE_BANK: NP_("investor_type", "Cooperative bank"),
        InvestorType.IMPACT_FUND: NP_("investor_type", "Impact investment fund"),
        InvestorType.CROWDFUNDING_PLATFORM: NP_("investor_type", "Crowdfunding platform"),
        InvestorType.PUBLIC_FUND: NP_("investor_type", "Public fund"),
        InvestorType.FOUNDATION: NP_("investor_type", "Foundation"),
        InvestorType.BUSINESS_ANGEL: NP_("investor_type", "Business angel"),
        InvestorType.OTHER: NP_("investor_type", "Other"),
    },
    "support_type": {
        SupportType.SSE_SUPPORT_CENTRE: NP_("support_type", "SSE support centre"),
        SupportType.INCUBATOR: NP_("support_type", "Incubator"),
        SupportType.UNIVERSITY: NP_("support_type", "University"),
        SupportType.NGO: NP_("support_type", "NGO"),
        SupportType.TRAINER: NP_("support_type", "Training provider"),
        SupportType.CONSULTANCY: NP_("support_type", "Consultancy"),
        SupportType.OTHER: NP_("support_type", "Other"),
    },
    "policy_level": {
        PolicyLevel.MUNICIPAL: NP_("policy_level", "Municipal"),
        PolicyLevel.REGIONAL: NP_("policy_level", "Regional"),
        PolicyLevel.NATIONAL: NP_("policy_level", "National"),
        PolicyLevel.EU: NP_("policy_level", "European Union"),
    },
    "tie_type": {
        TieType.KNOWS: NP_("tie_type", "Knows"),
        TieType.PARTNERS_WITH: NP_("tie_type", "Partners with"),
        TieType.MENTORS: NP_("tie_type", "Mentors"),
        TieType.FUNDED: NP_("tie_type", "Funded"),
        TieType.SUPPORTED: NP_("tie_type", "Supported"),
        TieType.INTRODUCED: NP_("tie_type", "Introduced"),
    },
    "introduction_state": {
        IntroductionState.REQUESTED: NP_("introduction_state", "Requested"),
        IntroductionState.FORWARDED: NP_("introduction_state", "Forwarded"),
        IntroductionState.ACCEPTED: NP_("introduction_state", "Accepted"),
        IntroductionState.COMPLETED: NP_("introduction_state", "Completed"),
        IntroductionState.DECLINED: NP_("introduction_state", "Declined"),
        IntroductionState.WITHDRAWN: NP_("introduction_state", "Withdrawn"),
        IntroductionState.EXPIRED: NP_("introduction_state", "Expired"),
    },
    "decline_reason": {
        DeclineReason.NOT_RELEVANT: NP_("decline_reason", "Not relevant"),
        DeclineReason.NO_CAPACITY: NP_("decline_reason", "No capacity"),
        DeclineReason.NOT_NOW: NP_("decline_reason", "Not now"),
        DeclineReason.DO_NOT_KNOW_REQUESTER: NP_(
            "decline_reason", "I do not know the requester"),
        DeclineReason.ALREADY_IN_CONTACT: NP_("decline_reason", "Already in contact"),
        DeclineReason.OTHER: NP_("decline_reason", "Other reason"),
    },
    "mentorship_state": {
        MentorshipState.PROPOSED: NP_("mentorship_state", "Proposed"),
        MentorshipState.ACCEPTED: NP_("mentorship_state", "Accepted"),
        MentorshipState.ACTIVE: NP_("mentorship_state", "Active"),
        MentorshipState.COMPLETED: NP_("mentorship_state", "Completed"),
        MentorshipState.CANCELLED: NP_("mentorship_state", "Cancelled"),
    },
    "cancel_reason": {
        CancelReason.DECLINED: NP_("cancel_reason", "Declined"),
        CancelReason.NOT_A_FIT: NP_("cancel_reason", "Not a good fit"),
        CancelReason.NO_TIME: NP_("cancel_reason", "No time"),
        CancelReason.NO_SHOW: NP_("cancel_reason", "Did not show up"),
        CancelReason.GOALS_CHANGED: NP_("cancel_reason", "Goals changed"),
        CancelReason.OTHER: NP_("cancel_reason", "Other reason"),
    },
    "rating_moment": {
        RatingMoment.CHECK_IN: NP_("rating_moment", "Check-in"),
        RatingMoment.COMPLETION: NP_("rating_moment", "Completion"),
    },
    "proposal_method": {
        ProposalMethod.OPTIMAL: NP_(
            "proposal_method", "Most mentees placed, then the best total score"),
        ProposalMethod.STABLE: NP_(
            "proposal_method", "Stable: no mentee and mentor would rather have each other"),
    },
    "programme_state": {
        ProgrammeState.DRAFT: NP_("programme_state", "Draft"),
        ProgrammeState.PUBLISHED: NP_("programme_state", "Published"),
    },
    "unplaced_reason": {
        UnplacedReason.NO_SHARED_LANGUAGE: NP_(
            "unplaced_reason", "No mentor speaks a language of the mentee"),
        UnplacedReason.OTHER_REGION: NP_("unplaced_reason", "No mentor in the mentee's region"),
        UnplacedReason.EXCLUDED: NP_("unplaced_reason", "Every possible mentor is excluded"),
        UnplacedReason.NO_CANDIDATE: NP_("unplaced_reason", "No suitable mentor"),
        UnplacedReason.ALL_FULL: NP_("unplaced_reason", "Every suitable mentor is full"),
        UnplacedReason.NOT_PROPOSED: NP_("unplaced_reason", "Enrolled after the proposal"),
    },
    "role": {
        Role.ADMIN: NP_("role", "Administrator"),
        Role.COORDINATOR: NP_("role", "Coordinator"),
        Role.MEMBER: NP_("role", "Member"),
        Role.VIEWER: NP_("role", "Viewer"),
    },
    "notification_state": {
        NotificationState.PENDING: NP_("notification_state", "Waiting to be sent"),
        NotificationState.SENT: NP_("notification_state", "Sent"),
        NotificationState.FAILED: NP_("notification_state", "Not sent"),
        NotificationState.OBSOLETE: NP_("notification_state", "No longer needed"),
    },
    "activity_kind": {
        ActivityKind.WORKSHOP: NP_("activity_kind", "Workshop"),
        ActivityKind.COURSE: NP_("activity_kind", "Course"),
        ActivityKind.MENTORING: NP_("activity_kind", "Mentoring session"),
        ActivityKind.NETWORKING: NP_("activity_kind", "Networking event"),
    },
    "schedule_state": {
        ScheduleState.NONE: NP_("schedule_state", "No schedule yet"),
        ScheduleState.DRAFT: NP_("schedule_state", "Draft schedule"),
        ScheduleState.PUBLISHED: NP_("schedule_state", "Published schedule"),
    },
}
# Vocabularies shipped as data, by the name labels know them by.
DATA_VOCABULARIES = {
    "pillar": vocabularies.pillars,
    "purpose": vocabularies.pillars,  # an introduction serves one pillar
    "topic": vocabularies.topics,
    "sector": vocabularies.sectors,
    "region": vocabularies.greek_regions,
}
VOCABULARIES = frozenset({*ENUM_LABELS, *DATA_VOCABULARIES, "language"})

# The fields of a stakeholder that hold codes, and the vocabulary of each.
STAKEHOLDER_CODES = {
    "kind": "kind", "region": "region", "sectors": "sector", "languages": "language",
    "needs": "topic", "offers": "topic", "legal_form": "legal_form",
    "koinsep_category": "koinsep_category", "stage": "stage", "instruments": "instrument",
    "level": "policy_level", "jurisdiction": "region", "policy_areas": "sector",
}
ORGANISATION_TYPE_VOCABULARY = {Kind.INVESTOR: "investor_type",
                                Kind.SUPPORT_ORGANISATION: "support_type"}


@cache
def _cldr_language_names(locale: str) -> dict[str, str]:
    return dict(babel.Locale(locale).languages)


def label(vocabulary: str, code: str, *, locale: str | None = None) -> str:
    """The label of ``code`` of ``vocabulary`` in ``locale`` (the current request's by
    default); the code itself when the vocabulary has no label for it."""
    if vocabulary not in VOCABULARIES:
        raise KeyError(f"no vocabulary called {vocabulary}")
    locale = locale or current_locale()
    if vocabulary in ENUM_LABELS:
        # A StrEnum member is equal to its value, and hashes like it.
        entry = ENUM_LABELS[vocabulary].get(code)  # type: ignore[call-overload]
        return translations(locale).pgettext(*entry) if entry else code
    if vocabulary == "language":
        term = vocabularies.languages().get(code)
        english = term.name_en if term else code
        return english if locale == "en" else _cldr_language_names(locale).get(code, english)
    term = DATA_VOCABULARIES[vocabulary]().get(code)
    if term is None:
        return code
    return (term.name_el if locale == "el" else None) or term.name_en


def labels(vocabulary: str, codes: Iterable[str], *,
           locale: str | None = None) -> dict[str, str]:
    """The label of each of ``codes``, by code."""
    locale = locale or current_locale()
    return {code: label(vocabulary, code, locale=locale) for code in codes}


def stakeholder_labels(stakeholder: Stakeholder, *,
                       locale: str | None = None) -> dict[str, dict[str, str]]:
    """The labels of a stakeholder's codes: for each field that holds any, its codes' labels
    by code (one code or several, the shape is the same)."""
    vocabulary_of = dict(STAKEHOLDER_CODES)
    if stakeholder.kind in ORGANISATION_TYPE_VOCABULARY:
        vocabulary_of["organisation_type"] = ORGANISATION_TYPE_VOCABULARY[stakeholder.kind]
    return field_labels(stakeholder, vocabulary_of, locale=locale)


def field_labels(obj: object, vocabulary_of: dict[str, str], *,
                 locale: str | None = None) -> dict[str, dict[str, str]]:
    """The labels of the codes in ``obj``'s fields named by ``vocabulary_of`` (field →
    vocabulary), by field and then by code, as :func:`stakeholder_labels` gives them; a field
    without a code (None, empty) has no entry."""
    locale = locale or current_locale()
    out: dict[str, dict[str, str]] = {}
    for field, vocabulary in vocabulary_of.items():
        value = getattr(obj, field)
        codes = [value] if isinstance(value, str) else list(value or ())
        if codes:
            out[field] = labels(vocabulary, codes, locale=locale)
    return out
