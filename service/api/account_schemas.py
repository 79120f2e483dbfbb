"""Marshmallow schemas for users, tokens, logins and the audit trail."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from graph_models.domain.accounts import LOCALES, Role
from graph_models.use_cases.accounts import MAX_DISPLAY_NAME_LENGTH
from service.api.common import PageQuerySchema, page_schema, region_field
from service.api.stakeholder_schemas import AuditEntrySchema
from service.i18n.locale import N_


def locale_field(**kwargs):
    return fields.String(allow_none=True, validate=validate.OneOf(LOCALES), metadata={
        "description": "the language the user reads the service in, before the browser's "
                       "Accept-Language (null: the browser's, else the deployment's)"},
        **kwargs)


class UserInputSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(1, 100))
    display_name = fields.String(validate=validate.Length(max=MAX_DISPLAY_NAME_LENGTH))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254), metadata={
        "description": "where notifications are sent, when e-mail is configured"})
    locale = locale_field()
    role = fields.Enum(Role, by_value=True, required=True)
    regions = fields.List(region_field(), validate=validate.Length(max=50),
                          metadata={"description": "territories of a coordinator or viewer"})
    memberships = fields.List(fields.String(validate=validate.Length(1, 100)),
                              validate=validate.Length(max=100),
                              metadata={"description": "ids of the stakeholders it acts for"})
    password = fields.String(load_only=True, validate=validate.Length(max=1000),
                             metadata={"description": "at least 12 characters; kept hashed"})
    disabled = fields.Boolean()


class UserPatchSchema(UserInputSchema):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class UserSchema(UserInputSchema):
    id = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


def _no_lone_surrogate(value: str) -> None:
    # JSON may carry half a UTF-16 pair, which no store, hash or password check can encode.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(N_("contains a lone surrogate (invalid Unicode)")) from None


class SettingsSchema(Schema):
    """What every user may change of their own account: any of these fields."""

    locale = locale_field()
    display_name = fields.String(validate=validate.Length(max=MAX_DISPLAY_NAME_LENGTH),
                                 metadata={"description": "the name the pages greet you by"})


class PasswordChangeSchema(Schema):
    """A new password for your own account, with the current one."""

    current_password = fields.String(required=True, load_only=True,
                                     validate=[validate.Length(1, 1000), _no_lone_surrogate])
    new_password = fields.String(required=True, load_only=True,
                                 validate=[validate.Length(1, 1000), _no_lone_surrogate],
                                 metadata={"description": "at least 12 characters, at least 5 "
                                                          "of them different"})


class TokenInputSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 100),
                         metadata={"description": "what it is for, e.g. 'reporting script'"})
    days = fields.Integer(strict=True, validate=validate.Range(1, 3650),
                          metadata={"description": "lifetime; default SYNDESMOS_TOKEN_DAYS"})


class TokenSchema(Schema):
    id = fields.String()
    user_id = fields.String()
    name = fields.String()
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    last_used_at = fields.DateTime(allow_none=True)


class IssuedTokenSchema(Schema):
    token = fields.Nested(TokenSchema)
    secret = fields.String(metadata={"description": "shown this once: keep it safe"})


class LoginSchema(Schema):
    username = fields.String(required=True,
                             validate=[validate.Length(1, 100), _no_lone_surrogate])
    password = fields.String(required=True, load_only=True,
                             validate=[validate.Length(1, 1000), _no_lone_surrogate])


class SessionSchema(Schema):
    user = fields.Nested(UserSchema)
    csrf_token = fields.String(metadata={"description": "send it as X-CSRF-Token on writes"})


class AuditQuerySchema(PageQuerySchema):
    object_id = fields.String(validate=validate.Length(1, 100))
    actor_id = fields.String(validate=validate.Length(1, 100))


AuditPageSchema = page_schema(AuditEntrySchema, "AuditPage")
