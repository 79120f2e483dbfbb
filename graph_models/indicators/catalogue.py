"""The catalogue of indicators a Local Action Plan can track from what the service holds.

Each indicator has a code, the pillar it serves by default, a unit, a label and a sentence on
how it is computed (both phrases, translated where they are shown), and the parameters it
accepts. A plan stores an indicator as its code and parameters (plain strings); this module
says which are valid (:func:`checked_parameters`). How each value is computed is in
:mod:`graph_models.indicators.values`; docs/indicators.md describes every indicator.

Examples
--------
>>> CATALOGUE["new_entities"].unit.value, CATALOGUE["new_entities"].pillar
('count', 'networking')
>>> checked_parameters("connected_pairs", {"group_a": "investor",
...                                        "group_b": "entrepreneur:koinsep"})
{'group_a': 'investor', 'group_b': 'entrepreneur:koinsep'}
>>> checked_parameters("new_entities", {"legal_form": "bank"})
Traceback (most recent call last):
...
graph_models.domain.errors.InvalidInput: the indicator's parameters are not valid
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from graph_models.domain import vocabularies
from graph_models.domain.errors import InvalidInput, not_found
from graph_models.domain.phrases import Phrase
from graph_models.domain.stakeholders import Instrument, Kind, LegalForm, TieType

# An entrepreneur's group may be narrowed to one legal form: "entrepreneur:koinsep".
GROUP_SEPARATOR = ":"


class Unit(StrEnum):
    """What a value is: a count, a share (0 to 1), a sum of euros, a mean score (1 to 5)."""

    COUNT = "count"
    SHARE = "share"
    MONEY = "money"
    SCORE = "score"


class Source(StrEnum):
    """What an indicator reads besides the graph's stakeholders and ties."""

    GRAPH = "graph"
    INTRODUCTIONS = "introductions"
    MENTORSHIPS = "mentorships"
    ACTIVITIES = "activities"


@dataclass(frozen=True)
class Parameter:
    """A parameter an indicator accepts: its name and the vocabulary of its values (``kind``,
    ``legal_form``, ``group``, ``tie_type``, ``instrument``, ``pillar``)."""

    name: str
    vocabulary: str
    required: bool = False

    def values(self) -> tuple[str, ...]:
        """Every value the parameter accepts."""
        return _VALUES[self.vocabulary]()


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue."""

    code: str
    pillar: str
    unit: Unit
    label: Phrase
    how: Phrase
    parameters: tuple[Parameter, ...] = ()
    source: Source = Source.GRAPH
    flow: bool = False  # counts what happened since the period began, not what stands

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def _groups() -> tuple[str, ...]:
    return (*(k.value for k in Kind),
            *(f"{Kind.ENTREPRENEUR.value}{GROUP_SEPARATOR}{f.value}" for f in LegalForm))


_VALUES = {
    "kind": lambda: tuple(k.value for k in Kind),
    "legal_form": lambda: tuple(f.value for f in LegalForm),
    "group": _groups,
    "tie_type": lambda: tuple(t.value for t in TieType),
    "instrument": lambda: tuple(i.value for i in Instrument),
    "pillar": lambda: tuple(vocabularies.pillars()),
}

_PAIR = (Parameter("group_a", "group", required=True), Parameter("group_b", "group",
                                                                 required=True))

INDICATORS = (
    Indicator("stakeholders", "networking", Unit.COUNT,
              Phrase("Stakeholders in the territory"),
              Phrase("Stakeholders of the territory created by the day, of one kind (and legal "
                     "form) if asked."),
              (Parameter("kind", "kind"), Parameter("legal_form", "legal_form"))),
    Indicator("new_entities", "networking", Unit.COUNT,
              Phrase("New social cooperatives and other SSE entities"),
              Phrase("Entrepreneurs of the territory created from the period's first day to "
                     "the day, of one legal form if asked."),
              (Parameter("legal_form", "legal_form"),), flow=True),
    Indicator("needs_met", "consulting", Unit.SHARE,
              Phrase("Share of entrepreneurs' needs met"),
              Phrase("Of the needs of the territory's entrepreneurs (of one pillar if asked), "
                     "the share for which the entrepreneur has a tie, begun by the day, to a "
                     "stakeholder who offers that topic."),
              (Parameter("pillar", "pillar"),)),
    Indicator("connected_pairs", "networking", Unit.COUNT,
              Phrase("Connected pairs of two groups"),
              Phrase("Pairs of stakeholders of the territory, one of each group, joined by at "
                     "least one tie begun by the day (each pair counted once)."), _PAIR),
    Indicator("pair_density", "networking", Unit.SHARE,
              Phrase("Density between two groups"),
              Phrase("Connected pairs of the two groups over the pairs possible: n₁·n₂ "
                     "between two groups, n(n−1)/2 within one."), _PAIR),
    Indicator("new_ties", "networking", Unit.COUNT,
              Phrase("New ties formed"),
              Phrase("Ties begun from the period's first day to the day with at least one end "
                     "in the territory, of one type if asked."),
              (Parameter("tie_type", "tie_type"),), flow=True),
    Indicator("funds_raised", "financing", Unit.MONEY,
              Phrase("Funds raised"),
              Phrase("The amounts of the FUNDED ties begun from the period's first day to the "
                     "day to entrepreneurs of the territory, of one instrument if asked."),
              (Parameter("instrument", "instrument"),), flow=True),
    Indicator("introductions_completed", "networking", Unit.COUNT,
              Phrase("Introductions completed"),
              Phrase("Introduction requests to stakeholders of the territory completed from "
                     "the period's first day to the day, for one pillar if asked."),
              (Parameter("pillar", "pillar"),), Source.INTRODUCTIONS, flow=True),
    Indicator("mentorships_completed", "training", Unit.COUNT,
              Phrase("Mentorships completed"),
              Phrase("Mentorships of the territory's programmes completed from the period's "
                     "first day to the day."), (), Source.MENTORSHIPS, flow=True),
    Indicator("mentorship_rating", "training", Unit.SCORE,
              Phrase("Mean rating of completed mentorships"),
              Phrase("The mean of the ratings (1 to 5) given at completion, by the day, to the "
                     "mentorships counted by “Mentorships completed”."),
              (), Source.MENTORSHIPS, flow=True),
    Indicator("activity_attendance", "training", Unit.COUNT,
              Phrase("Attendance at activities"),
              Phrase("Attendances recorded at the territory's activities (workshops, courses, "
                     "mentoring sessions, networking events) held from the period's first day "
                     "to the day, of one pillar if asked."),
              (Parameter("pillar", "pillar"),), Source.ACTIVITIES, flow=True),
    Indicator("activity_ties", "networking", Unit.COUNT,
              Phrase("Ties formed through activities"),
              Phrase("New ties that the territory's activities held from the period's first "
                     "day formed by the day (at attendance or at a meeting), of activities of "
                     "one pillar if asked."),
              (Parameter("pillar", "pillar"),), Source.ACTIVITIES, flow=True),
)
CATALOGUE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}


def indicator(code: str) -> Indicator:
    """The catalogue's indicator of ``code``; NotFound if there is none."""
    found = CATALOGUE.get(code)
    if found is None:
        raise not_found("indicator", code)
    return found


def checked_parameters(code: str, parameters: Mapping[str, str]) -> dict[str, str]:
    """The parameters of an indicator, checked: each known to it, with a value of its
    vocabulary, the required ones given, and two groups of a pair that are the same group or
    do not overlap. InvalidInput, under ``errors["param"]``, names each one wrong; NotFound
    for an unknown code."""
    found = indicator(code)
    problems = []
    for name in sorted(parameters):
        spec = found.parameter(name)
        if spec is None:
            problems.append(f"{name}: not a parameter of this indicator")
        elif parameters[name] not in spec.values():
            problems.append(f"{name}: not one of its values")
    problems += [f"{p.name}: required" for p in found.parameters
                 if p.required and p.name not in parameters]
    if not problems and found.parameter("group_a") is not None:
        a, b = parameters["group_a"], parameters["group_b"]
        if a != b and (_kind_of(a) == b or _kind_of(b) == a):
            problems.append("group_b: overlaps group_a")
    if problems:
        raise InvalidInput("the indicator's parameters are not valid",
                           errors={"param": problems})
    return {name: parameters[name] for name in sorted(parameters)}


def _kind_of(group: str) -> str:
    return group.split(GROUP_SEPARATOR, 1)[0]


def group_parts(group: str) -> tuple[str, str | None]:
    """A group's kind and legal form (None: any).

    >>> group_parts("entrepreneur:koinsep"), group_parts("investor")
    (('entrepreneur', 'koinsep'), ('investor', None))
    """
    kind, _, legal_form = group.partition(GROUP_SEPARATOR)
    return kind, legal_form or None
