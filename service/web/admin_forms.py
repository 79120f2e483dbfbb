"""The admin pages' forms: marshmallow schemas of what people type (regions by name or code,
memberships by stakeholder name, one a line), and the resolving of those words into the codes
and ids the account use cases take, every problem by field in the page's language."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from graph_models.domain import vocabularies
from graph_models.domain.accounts import LOCALES, MIN_PASSWORD_LENGTH, Role, password_problems
from graph_models.domain.errors import InvalidInput
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.text import fold
from service.auth import current_actor
from service.extensions import stakeholders
from service.i18n.locale import gettext

MAX_LINES = 100


def _strong(password: str) -> None:
    # The same rule as every other password (graph_models.domain.accounts), said in words.
    if password_problems(password):
        raise ValidationError(gettext(
            "Use at least %(num)d characters, at least 5 of them different.",
            num=MIN_PASSWORD_LENGTH))


class PasswordForm(Schema):
    """Choosing a password: typed twice, so that a typing mistake does not lock one out."""

    password = fields.String(required=True, validate=[validate.Length(max=1000), _strong])
    password_again = fields.String(required=True)

    @validates_schema
    def same_twice(self, data, **kwargs):
        if data.get("password") != data.get("password_again"):
            raise ValidationError(gettext("The two passwords differ."), "password_again")


class _Lines(fields.String):
    """Words typed one a line (or, with ``commas``, separated by commas), each resolved by
    ``resolve``: a list of what they name, or the first word's problem."""

    def __init__(self, resolve, *, commas: bool, **kwargs):
        super().__init__(validate=validate.Length(max=20000), **kwargs)
        self.resolve, self.commas = resolve, commas

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        words = text.replace(",", "\n") if self.commas else text
        return [self.resolve(line.strip()) for line in words.splitlines()
                if line.strip()][:MAX_LINES]


def _region(text: str) -> str:
    try:
        return vocabularies.resolve_region(text)
    except InvalidInput:
        raise ValidationError(gettext(
            "No region is called “%(name)s”: write a name such as Αττική or a code such as "
            "EL303.", name=text)) from None


def _stakeholder_id(name: str) -> str:
    """The one stakeholder the actor may see whose name is ``name`` (case and accents aside)."""
    found = stakeholders().find_stakeholders(StakeholderQuery(text=name, page_size=50),
                                             actor=current_actor()).items
    exact = [s for s in found if fold(s.name) == fold(name)]
    if len(exact) == 1:
        return exact[0].id
    if exact:
        raise ValidationError(gettext(
            "Several stakeholders are called “%(name)s”: rename one first.", name=name))
    raise ValidationError(gettext("No stakeholder is called “%(name)s”.", name=name))


class AccountForm(Schema):
    """An account as the admin pages show it: territories by name or code (separated by
    commas) and memberships by stakeholder name (one a line), loaded as the codes and ids
    the account use cases take."""

    username = fields.String(required=True, validate=validate.Length(1, 100))
    display_name = fields.String(validate=validate.Length(max=200))
    email = fields.Email(validate=validate.Length(max=254))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    role = fields.Enum(Role, by_value=True, required=True)
    regions = _Lines(_region, commas=True, load_default=list)
    memberships = _Lines(_stakeholder_id, commas=False, load_default=list)
    disabled = fields.Boolean(load_default=False)
