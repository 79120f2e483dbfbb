"""The forms of a member's pages, read by the API's own schemas so that a page accepts exactly
what the API accepts: a stakeholder's profile, needs, offers and consents; a user's settings,
password and tokens. A form sends text where the API's JSON sends numbers, and sends nothing
for an unticked box or an emptied field; these schemas read it so, and no more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marshmallow import Schema, fields, pre_load

from graph_models.domain import vocabularies
from graph_models.domain.accounts import Role, User
from graph_models.domain.stakeholders import KIND_FIELDS, Kind, Stakeholder
from service.api.account_schemas import SettingsSchema, TokenInputSchema
from service.api.stakeholder_schemas import StakeholderInputSchema
from service.i18n.labels import ENUM_LABELS, ORGANISATION_TYPE_VOCABULARY, label

DIGITS = re.compile(r"-?[0-9]+")
# The fields every kind's form shows; then each kind's own (KIND_FIELDS).
COMMON_FIELDS = ("name", "region", "external_id", "municipality", "description", "sectors",
                 "languages", "needs", "needs_private", "offers", "capacity", "discoverable",
                 "contact_sharing", "email", "phone", "website")
# The fields sent as several values (checkboxes, multiple choices).
LIST_FIELDS = tuple(name for name, field in StakeholderInputSchema().fields.items()
                    if isinstance(field, fields.List))


def _integers_from_text(schema: Schema, raw: dict) -> dict:
    """``raw`` with the digits sent for an integer field read as the integer the API's strict
    field takes; anything else is left for the field to refuse."""
    return {name: int(value) if isinstance(schema.fields.get(name), fields.Integer)
            and isinstance(value, str) and DIGITS.fullmatch(value) else value
            for name, value in raw.items()}


def _blank(field: fields.Field) -> object:
    """What an empty or unticked control of ``field`` means: false, no values, or nothing."""
    if isinstance(field, fields.Boolean):
        return False
    return [] if isinstance(field, fields.List) else None


class StakeholderForm(StakeholderInputSchema):
    """A stakeholder's whole form for one kind: the API's input schema over that kind's
    fields. Every field the form shows is read, so that an emptied field or an unticked box
    empties it; ``updated_at`` is the version an edit form was filled in on."""

    updated_at = fields.AwareDateTime(load_only=True)

    def __init__(self, kind: Kind, **kwargs):
        super().__init__(only=("kind", "updated_at", *form_fields(kind)), **kwargs)
        self.kind = kind

    @pre_load
    def _as_a_form_sends_it(self, raw: dict, **kwargs) -> dict:
        shown = {name: _blank(field) for name, field in self.load_fields.items()
                 if not field.required and name not in ("kind", "updated_at")}
        return {**shown, **_integers_from_text(self, raw), "kind": self.kind.value}


class TokenForm(TokenInputSchema):
    """A new personal API token: its name and, if given, its lifetime in days."""

    @pre_load
    def _as_a_form_sends_it(self, raw: dict, **kwargs) -> dict:
        return _integers_from_text(self, raw)


class SettingsForm(SettingsSchema):
    """Your name and language: an emptied name is no name; no language chosen is the
    browser's."""

    @pre_load
    def _as_a_form_sends_it(self, raw: dict, **kwargs) -> dict:
        return {"display_name": "", "locale": None, **raw}


def form_fields(kind: Kind) -> tuple[str, ...]:
    """The fields of ``kind``'s form, in the order the form shows them."""
    return (*COMMON_FIELDS, *sorted(KIND_FIELDS[kind]))


def values_of(stakeholder: Stakeholder) -> dict[str, object]:
    """What a stakeholder's form shows filled in: codes as text, several values as lists."""
    shown: dict[str, object] = {}
    for name in ("kind", *form_fields(stakeholder.kind)):
        value = getattr(stakeholder, name)
        if isinstance(value, tuple):
            shown[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            shown[name] = value
        else:
            shown[name] = "" if value is None else str(value)
    if stakeholder.updated_at is not None:
        shown["updated_at"] = stakeholder.updated_at.isoformat()
    return shown


def values_sent(form) -> dict[str, object]:
    """What a form sent back, to show it again as it was filled in."""
    return {name: form.getlist(name) if name in LIST_FIELDS else form.get(name, "")
            for name in form}


@dataclass(frozen=True)
class Group:
    """Choices under a heading: the topics of one pillar."""

    code: str
    text: str
    choices: list[tuple[str, str]]


def region_choices(actor: User, *, current: str = "") -> list[tuple[str, str]]:
    """The regions a stakeholder may be placed in, by name: the Greek regions and their
    regional units (a coordinator: those of their territories), each unit after its region
    and named with it; ``current`` too, whatever it is, so that a form never loses it."""
    regions = vocabularies.greek_regions()
    chosen = [r for r in regions.values() if r.level >= 2 and (
        actor.role != Role.COORDINATOR or actor.covers(r.code))]

    def parent_name(region) -> str:
        return label("region", region.parent if region.level == 3 else region.code)

    chosen.sort(key=lambda r: (parent_name(r), r.level, label("region", r.code)))
    choices = [(r.code, label("region", r.code) if r.level == 2 else
                f"{label('region', r.code)} — {parent_name(r)}") for r in chosen]
    if current and current not in {code for code, _ in choices}:
        choices.insert(0, (current, label("region", current)))
    return choices


def topic_groups() -> list[Group]:
    """The topics of needs and offers, by pillar, with their labels."""
    topics = vocabularies.topics()
    return [Group(pillar, label("pillar", pillar),
                  [(code, label("topic", code)) for code in topics
                   if vocabularies.pillar_of(code) == pillar])
            for pillar in vocabularies.pillars()]


def labelled(vocabulary: str, codes) -> list[tuple[str, str]]:
    """``codes`` with their labels, in alphabetical order of the labels."""
    return sorted(((str(code), label(vocabulary, code)) for code in codes),
                  key=lambda choice: choice[1])


def choices_of(kind: Kind) -> dict[str, list[tuple[str, str]]]:
    """The choices of the form's closed fields (other than regions and topics)."""
    organisation_types = ORGANISATION_TYPE_VOCABULARY.get(kind)
    return {
        "sectors": labelled("sector", vocabularies.sectors()),
        "languages": labelled("language", vocabularies.languages()),
        "legal_form": [(str(c), label("legal_form", c)) for c in ENUM_LABELS["legal_form"]],
        "koinsep_category": [(str(c), label("koinsep_category", c))
                             for c in ENUM_LABELS["koinsep_category"]],
        "stage": [(str(c), label("stage", c)) for c in ENUM_LABELS["stage"]],
        "instruments": [(str(c), label("instrument", c)) for c in ENUM_LABELS["instrument"]],
        "level": [(str(c), label("policy_level", c)) for c in ENUM_LABELS["policy_level"]],
        "organisation_type": [(str(c), label(organisation_types, c))
                              for c in ENUM_LABELS[organisation_types]]
        if organisation_types else [],
        "kind": [(str(c), label("kind", c)) for c in Kind],
    }
