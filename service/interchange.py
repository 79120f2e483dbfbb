"""The JSON Lines interchange format, shared by ``syndesmos import/export`` and the bulk API.

One JSON object per line; blank lines are ignored.

* ``{"record": "stakeholder", "kind": …, "name": …, "region": …, "external_id": …, …}`` —
  every field of the stakeholder API, plus optionally ``id`` and the history stamps
  ``created_at``, ``updated_at``, ``discoverable_at``, ``contact_sharing_at``. Matched to an
  existing stakeholder by ``id``, else by (``kind``, ``external_id``); otherwise created.
* ``{"record": "tie", "type": …, "source": REF, "target": REF, "since": …, …}`` — every field
  of the tie API; a REF is ``{"id": …}`` or ``{"kind": …, "external_id": …}``. Matched to an
  existing tie by its natural key (type and ends; events also by date or external id).

Importing the same file twice changes nothing. A file with any bad line writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from graph_models.domain.interchange import GraphExport
from graph_models.domain.records import stakeholder_to_record, tie_to_record
from graph_models.domain.stakeholders import Kind
from graph_models.use_cases.interchange import ImportLine
from service.api.stakeholder_schemas import StakeholderInputSchema
from service.api.tie_schemas import TieAttributesSchema, TieInputSchema

STAKEHOLDER, TIE = "stakeholder", "tie"
# A tie is known by its natural key (type, ends, and for events date or external id), not by id.
TIE_EXPORT_DROPS = frozenset({"id"})


class StakeholderLineSchema(StakeholderInputSchema):
    record = fields.Constant(STAKEHOLDER)
    id = fields.String(validate=validate.Length(1, 100))
    created_at = fields.AwareDateTime(allow_none=True)
    updated_at = fields.AwareDateTime(allow_none=True)
    discoverable_at = fields.AwareDateTime(allow_none=True)
    contact_sharing_at = fields.AwareDateTime(allow_none=True)


class RefSchema(Schema):
    id = fields.String(validate=validate.Length(1, 100))
    kind = fields.Enum(Kind, by_value=True)
    external_id = fields.String(validate=validate.Length(1, 300))

    @validates_schema
    def names_one_stakeholder(self, data, **kwargs):
        by_id = "id" in data and "kind" not in data and "external_id" not in data
        by_external_id = "id" not in data and "kind" in data and "external_id" in data
        if not (by_id or by_external_id):
            raise ValidationError('give either "id" or both "kind" and "external_id"')


class TieLineSchema(TieAttributesSchema):
    record = fields.Constant(TIE)
    type = TieInputSchema._declared_fields["type"]
    source = fields.Nested(RefSchema, required=True)
    target = fields.Nested(RefSchema, required=True)
    created_at = fields.AwareDateTime(allow_none=True)
    updated_at = fields.AwareDateTime(allow_none=True)


LINE_SCHEMAS = {STAKEHOLDER: StakeholderLineSchema(), TIE: TieLineSchema()}


def parse_lines(lines: Iterable[str | bytes]):
    """Parse a JSON Lines file into stakeholder and tie lines, and every problem by line.

    Returns ``(stakeholders, ties, errors)``; ``errors`` maps ``line N`` or ``line N.field``
    to messages.
    """
    stakeholders, ties, errors = [], [], {}
    for number, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            errors[f"line {number}"] = [f"not JSON: {error.msg} at column {error.colno}"]
            continue
        if not isinstance(data, dict) or data.get("record") not in LINE_SCHEMAS:
            errors[f"line {number}.record"] = ['must be "stakeholder" or "tie"']
            continue
        try:
            fields_ = LINE_SCHEMAS[data["record"]].load(data)
        except ValidationError as error:
            for name, messages in _flatten(error.messages):
                errors[f"line {number}.{name}"] = messages
            continue
        fields_.pop("record", None)
        (stakeholders if data["record"] == STAKEHOLDER else ties).append(
            ImportLine(number, fields_))
    return stakeholders, ties, errors


def _flatten(messages, prefix: str = ""):
    if isinstance(messages, dict):
        for name, inner in messages.items():
            yield from _flatten(inner, f"{prefix}{name}." if name != "_schema" else prefix)
    else:
        yield prefix.rstrip(".") or "record", messages


def export_lines(export: GraphExport) -> Iterator[str]:
    """The whole graph as JSON Lines (each ending in a newline), stakeholders first."""
    for s in export.stakeholders:
        record = {name: value for name, value in stakeholder_to_record(s).items()
                  if value not in (None, [], "")}
        yield json.dumps({"record": STAKEHOLDER, **record}, ensure_ascii=False) + "\n"
    # Ties are known by their natural key, so the file lists them in its order: an export
    # restored elsewhere (where tie ids are new) exports to the same file.
    for t in sorted(export.ties, key=lambda tie: tie.key):
        record = {name: value for name, value in tie_to_record(t).items()
                  if value is not None and name not in TIE_EXPORT_DROPS}
        record["source"], record["target"] = {"id": t.source}, {"id": t.target}
        yield json.dumps({"record": TIE, **record}, ensure_ascii=False) + "\n"
