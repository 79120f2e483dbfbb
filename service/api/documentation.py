"""What the OpenAPI document says beyond flask-smorest's defaults, so that it matches what the
API does: which operations need no token, and which enum values a field accepts."""

from __future__ import annotations

from apispec import BasePlugin
from marshmallow import fields, validate

from service.access import is_public


class PublicOperations(BasePlugin):
    """Marks each operation that ``service.access`` makes public with ``security: []``,
    overriding the document's global bearer token."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        for method, operation in (operations or {}).items():
            if rule is not None and is_public(rule.endpoint, method):
                operation["security"] = []


def accepted_enum_values(self, field, ret, **kwargs) -> dict:
    """An Enum field narrowed by a OneOf documents only the members it accepts.

    apispec lists every member of the enum; a client would be refused the others.
    """
    if not isinstance(field, fields.Enum):
        return {}
    allowed = [set(v.choices) for v in field.validators if isinstance(v, validate.OneOf)]
    if not allowed:
        return {}
    values = [field.field._serialize(m.value if field.by_value else m.name, None, None)
              for m in field.enum if all(m in choices for choices in allowed)]
    return {"enum": [*values, None] if field.allow_none else values}


def exclusive_bounds(self, field, ret, **kwargs) -> dict:
    """A Range that excludes its bounds says so (OpenAPI 3.0's boolean form): apispec
    documents the bounds alone, as if a client could send them."""
    found = {}
    for v in field.validators:
        if isinstance(v, validate.Range):
            if v.min is not None and not v.min_inclusive:
                found["exclusiveMinimum"] = True
            if v.max is not None and not v.max_inclusive:
                found["exclusiveMaximum"] = True
    return found
