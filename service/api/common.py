"""Schema pieces shared by the blueprints."""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from graph_models import vocabularies

DOCUMENTED_ERRORS = {
    400: "The body is not valid JSON.",
    401: "Not signed in, or the token is unknown, expired or revoked.",
    403: "Your role may not do this (or a session write lacks its CSRF token).",
    404: "No such object.",
    409: "The request clashes with what the store holds.",
    413: "The body is larger than SYNDESMOS_MAX_CONTENT_LENGTH.",
    422: "Invalid input; `errors` names each field.",
    429: "Too many requests (the message names the limit) or failed logins; retry after "
         "`Retry-After` seconds.",
    503: "The store cannot be reached; retry after the `Retry-After` header's seconds.",
}


# Query strings are parsed strictly too: a misspelt filter must not silently match everything.
QUERY = {"location": "query", "unknown": RAISE}


class PageQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, 1_000_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(1, 100))


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """The schema of one page of a list: its items, the total, and where the page is."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item_schema)),
        "total": fields.Integer(metadata={"description": "items in all pages"}),
        "page": fields.Integer(),
        "page_size": fields.Integer(),
    }, name=name)


def document_errors(blp, *codes: int, body: bool = False):
    """Decorate a view with the error responses it can give (401, 403, 429 and 503 always;
    400 and 413 when it reads a ``body``)."""
    def decorate(view):
        for code in sorted({*codes, 401, 403, 429, 503, *((400, 413) if body else ())}):
            view = blp.alt_response(code, description=DOCUMENTED_ERRORS[code],
                                    schema="Error")(view)
        return view
    return decorate


def _vocabulary_validator(table, what: str):
    def check(value):
        if value not in table():
            raise ValidationError(f"unknown {what}: {value}")
    return check


def _region_validator(value):
    if not vocabularies.is_region(value):
        raise ValidationError(f"unknown NUTS region code: {value}")


def region_field(**kwargs):
    return fields.String(validate=_region_validator, **kwargs)


def sector_field(**kwargs):
    return fields.String(validate=_vocabulary_validator(vocabularies.sectors, "sector"),
                         **kwargs)


def topic_field(**kwargs):
    return fields.String(validate=_vocabulary_validator(vocabularies.topics, "topic"), **kwargs)


def language_field(**kwargs):
    return fields.String(validate=_vocabulary_validator(vocabularies.languages,
                                                        "ISO 639-1 language"), **kwargs)


def unique_list(item, **kwargs):
    return fields.List(item, validate=validate.Length(max=50), **kwargs)
