"""Schema pieces shared by the blueprints."""

from __future__ import annotations

import functools

import flask_smorest
from flask import request
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from graph_models.domain import vocabularies
from graph_models.domain.errors import InvalidInput
from service.i18n.locale import N_

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


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint, but a JSON body documented as required must be sent: webargs
    reads a missing body as ``{}``, which a schema without required fields would accept."""

    def arguments(self, schema, *, location="json", required=True, **kwargs):
        parse = super().arguments(schema, location=location, required=required, **kwargs)
        if location != "json" or not required:
            return parse

        def decorate(view):
            parsed = parse(view)

            @functools.wraps(parsed)
            def wrapper(*args, **kwargs):
                if not request.get_data(cache=True):
                    raise InvalidInput(N_("this request needs a JSON body"),
                                       errors={"_schema": [N_("a JSON body is required")]})
                return parsed(*args, **kwargs)
            return wrapper
        return decorate


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


def document_errors(blp, *codes: int, body: bool = False, public: bool = False):
    """Decorate a view with the error responses it can give: 503 always; 401, 403 and 429
    unless it is ``public`` (it reads no credentials, so it refuses no one and counts no
    one's requests); 400 and 413 when it reads a ``body``."""
    signed_in = () if public else (401, 403, 429)
    def decorate(view):
        for code in sorted({*codes, 503, *signed_in, *((400, 413) if body else ())}):
            view = blp.alt_response(code, description=DOCUMENTED_ERRORS[code],
                                    schema="Error")(view)
        return view
    return decorate


def _vocabulary(table, error: str) -> validate.OneOf:
    # OneOf, so that the document lists every code the API accepts.
    return validate.OneOf(list(table()), error=error)


UNKNOWN_REGION = N_("unknown NUTS region code: {value}")


def _region_validator(value):
    if not vocabularies.is_region(value):
        raise ValidationError(UNKNOWN_REGION.format(value=value))


# A code of the NUTS shape in any EU country but Greece, whose codes are listed instead.
OTHER_NUTS = r"^(?:[A-DF-Z][A-Z]|E[A-KM-Z])[0-9A-Z]{0,3}$"


def region_field(**kwargs):
    """A NUTS code: a Greek one from the vocabulary, or another country's by its shape."""
    metadata = {"anyOf": [{"enum": list(vocabularies.greek_regions())},
                          {"pattern": OTHER_NUTS}], **kwargs.pop("metadata", {})}
    return fields.String(validate=_region_validator, metadata=metadata, **kwargs)


UNRESOLVED_REGION = N_("no region has the code or name '{value}': give a NUTS code such as "
                       "EL303, or a Greek region's name in Greek or English, such as Αττική or "
                       "Attica")


def _resolvable_region(value):
    try:
        vocabularies.resolve_region(value)
    except InvalidInput as error:
        raise ValidationError(UNRESOLVED_REGION.format(value=value)) from error


def region_filter_field(**kwargs):
    """A region to filter by, as people write it: a NUTS code in any case or a Greek region's
    name. The use case resolves it (``vocabularies.resolve_region``); it is refused here
    already when it names no region, so that the error names the query parameter. The
    document lists the plainest spellings; more are read (accents or case aside, Greeklish)."""
    metadata = {"anyOf": [{"enum": vocabularies.region_spellings()}, {"pattern": OTHER_NUTS}],
                **kwargs.pop("metadata", {})}
    return fields.String(validate=[validate.Length(1, 100), _resolvable_region],
                         metadata=metadata, **kwargs)


def sector_field(**kwargs):
    return fields.String(validate=_vocabulary(vocabularies.sectors,
                                              N_("unknown sector: {input}")), **kwargs)


def topic_field(**kwargs):
    return fields.String(validate=_vocabulary(vocabularies.topics,
                                              N_("unknown topic: {input}")), **kwargs)


def language_field(**kwargs):
    return fields.String(validate=_vocabulary(
        vocabularies.languages, N_("unknown ISO 639-1 language: {input}")), **kwargs)


class FullMatch(validate.Regexp):
    """A pattern the whole value must match: ``Regexp`` lets a final newline through ``$``.
    The document shows the pattern, as for ``Regexp``."""

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


# An http(s) address with a dotted host name, in printable ASCII (as browsers send it).
WEBSITE = FullMatch(r"^https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]{1,5})?"
                    r"(?:[/?#][!-~]*)?$", error=N_("not an http(s) address"))


def unique_list(item, **kwargs):
    return fields.List(item, validate=validate.Length(max=50), **kwargs)


class Labels(fields.Dict):
    """The labels of an object's codes in the answer's language, by field and then by code
    (``{"sectors": {"agrifood": "Αγροδιατροφή"}}``): computed from the whole object by
    ``labels_of``, never read from it."""

    def __init__(self, labels_of, **kwargs):
        super().__init__(keys=fields.String(), values=fields.Dict(
            keys=fields.String(), values=fields.String()), dump_only=True, **kwargs)
        self._labels_of = labels_of

    def serialize(self, attr, obj, accessor=None, **kwargs):
        return self._serialize(self._labels_of(obj), attr, obj, **kwargs)
