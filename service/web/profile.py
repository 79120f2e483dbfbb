"""What a stakeholder's page shows, read as the signed-in user may read it: the profile in
words (vocabulary labels, never codes), the consents, the ties with the names of the other
ends, its matches explained and, for the page's graph, its neighbourhood as nodes and edges.

Whether the page offers matches or an "edit" link is the policy's answer for this user and
this stakeholder; the use cases check it again when they are called.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.policy import Action, Resource
from graph_models.domain.stakeholders import Kind, Stakeholder, Tie
from graph_models.use_cases.matches import RankedMatch
from service.extensions import matches, stakeholders
from service.i18n.formats import format_day, format_money, format_number
from service.i18n.labels import label, stakeholder_labels
from service.i18n.locale import N_, gettext
from service.i18n.phrases import render
from service.web.financing import FinancingSection, financing_section

# The profile's facts in the order the page lists them, each with its heading; a field left
# empty is not listed. Coded fields read as their labels.
FACTS = (
    ("kind", N_("Kind")),
    ("region", N_("Region")),
    ("municipality", N_("Municipality")),
    ("legal_form", N_("Legal form")),
    ("koinsep_category", N_("Social purpose")),
    ("stage", N_("Stage")),
    ("organisation_type", N_("Type of organisation")),
    ("level", N_("Level of government")),
    ("jurisdiction", N_("Jurisdiction")),
    ("sectors", N_("Sectors")),
    ("policy_areas", N_("Policy areas")),
    ("languages", N_("Languages")),
    ("needs", N_("Needs")),
    ("offers", N_("Offers")),
    ("instruments", N_("Financing instruments")),
    ("ticket_min", N_("Smallest amount financed")),
    ("ticket_max", N_("Largest amount financed")),
    ("funding_sought", N_("Funding sought")),
    ("members", N_("Members")),
    ("capacity", N_("Takes at most (matches or mentees at once)")),
    ("website", N_("Website")),
    ("email", N_("E-mail")),
    ("phone", N_("Phone")),
)
MONEY_FIELDS = frozenset({"ticket_min", "ticket_max", "funding_sought"})
NUMBER_FIELDS = frozenset({"members", "capacity"})
# How many neighbours the page names in its ties, and how many the graph draws.
NAMED_NEIGHBOURS = 1000
GRAPH_NEIGHBOURS = 150
MATCHES_SHOWN = 10


@dataclass(frozen=True)
class TieRow:
    """One tie as the page lists it: the other end by name, and the tie in words."""

    other_id: str
    other_name: str
    type: str
    direction: str
    strength: int | None
    since: str


@dataclass(frozen=True)
class MatchRow:
    """One match: who, its score, each reason in words, and its warm paths in words."""

    ranked: RankedMatch
    reasons: list[str]
    paths: list[str]


@dataclass(frozen=True)
class StakeholderPage:
    stakeholder: Stakeholder
    facts: list[tuple[str, str]]
    ties: list[TieRow]
    may_match: bool
    matches: list[MatchRow]
    may_edit: bool
    financing: FinancingSection | None = None


def stakeholder_page(stakeholder_id: str, *, kind: Kind | None, pillar: str | None,
                     actor: User) -> StakeholderPage:
    """The page of a stakeholder ``actor`` may read (NotFound otherwise), its matches of
    ``kind`` and ``pillar`` and the financing open to it when ``actor`` may ask for them."""
    use_cases = stakeholders()
    stakeholder = use_cases.get_stakeholder(stakeholder_id, actor=actor)
    may_match = policy.may(actor, Resource.STAKEHOLDER, Action.MATCH, stakeholder)
    found = (matches().matches(stakeholder_id, kind=kind, pillar=pillar, limit=MATCHES_SHOWN,
                               actor=actor) if may_match else [])
    return StakeholderPage(
        stakeholder, facts_of(stakeholder), _tie_rows(stakeholder, actor), may_match,
        [_match_row(stakeholder, ranked) for ranked in found],
        policy.may(actor, Resource.STAKEHOLDER, Action.UPDATE, stakeholder),
        financing_section(stakeholder_id, actor=actor) if may_match else None)


def facts_of(stakeholder: Stakeholder) -> list[tuple[str, str]]:
    """The profile's facts that hold a value, as (heading, text) in the page's language."""
    labelled = stakeholder_labels(stakeholder)
    facts = []
    for field, heading in FACTS:
        value = getattr(stakeholder, field)
        if value is None or value == () or value == "":
            continue
        if field in labelled:
            text = ", ".join(labelled[field].values())
        elif field in MONEY_FIELDS:
            text = format_money(value)
        elif field in NUMBER_FIELDS:
            text = format_number(value)
        else:
            text = str(value)
        facts.append((gettext(heading), text))
    return facts


def _tie_rows(stakeholder: Stakeholder, actor: User) -> list[TieRow]:
    use_cases = stakeholders()
    ties = use_cases.ties_of(stakeholder.id, actor=actor)
    names = {n.id: n.name for n in use_cases.neighbourhood(
        stakeholder.id, limit=NAMED_NEIGHBOURS, actor=actor).stakeholders}
    for other in {_other_end(stakeholder.id, t) for t in ties} - names.keys():
        # Tied since the shared snapshot was last brought forward: read it once.
        names[other] = use_cases.get_stakeholder(other, actor=actor).name
    rows = [TieRow(other, names[other], label("tie_type", t.type), _direction(stakeholder, t),
                   t.strength, format_day(t.since))
            for t in ties for other in [_other_end(stakeholder.id, t)]]
    return sorted(rows, key=lambda row: (row.other_name.casefold(), row.type))


def _other_end(stakeholder_id: str, tie: Tie) -> str:
    return tie.target if tie.source == stakeholder_id else tie.source


def _direction(stakeholder: Stakeholder, tie: Tie) -> str:
    if not tie.type.directed:
        return gettext("both ways")
    if tie.source == stakeholder.id:
        return gettext("from %(name)s", name=stakeholder.name)
    return gettext("to %(name)s", name=stakeholder.name)


def _match_row(seeker: Stakeholder, ranked: RankedMatch) -> MatchRow:
    reasons = [render(term.reason) for term in ranked.match.terms]
    paths = [" → ".join([seeker.name, *(
        f"({label('tie_type', tie)}) {name}" for tie, name in zip(
            connection.ties, [*connection.via_names, ranked.candidate.name], strict=True))])
        for connection in ranked.match.connections]
    return MatchRow(ranked, reasons, paths)


def neighbourhood_data(stakeholder_id: str, *, depth: int, actor: User) -> dict:
    """The neighbourhood as the page's graph draws it: nodes (the stakeholder first) with
    their names, kinds and pages; edges with their types in words; and the kinds' labels for
    the legend. Only what ``actor`` may read, as the API's neighbourhood."""
    use_cases = stakeholders()
    center = use_cases.get_stakeholder(stakeholder_id, actor=actor)
    found = use_cases.neighbourhood(stakeholder_id, depth=depth, limit=GRAPH_NEIGHBOURS,
                                    actor=actor)
    people = [(center.id, center.kind.value, center.name, center.region, 0),
              *((n.id, n.kind, n.name, n.region, n.distance) for n in found.stakeholders)]
    return {
        "center": center.id,
        "depth": depth,
        "truncated": found.truncated,
        "nodes": [{"id": sid, "name": name, "kind": kind, "kind_label": label("kind", kind),
                   "region_label": label("region", region), "distance": distance,
                   "url": url_for("web.stakeholder", stakeholder_id=sid)}
                  for sid, kind, name, region, distance in people],
        "edges": [{"id": t.id, "source": t.source, "target": t.target, "type": str(t.type),
                   "type_label": label("tie_type", t.type),
                   "since": t.since.isoformat() if isinstance(t.since, date) else None}
                  for t in found.ties],
        "kinds": {kind.value: label("kind", kind) for kind in Kind},
    }
