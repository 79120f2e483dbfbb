"""Plain-record forms of the domain objects: JSON-ready dicts that stores and files share.

Enums become their values, tuples lists, dates and times ISO-8601 strings; reading a record
back gives an equal object.

Examples
--------
>>> from datetime import date
>>> from graph_models.domain.stakeholders import Tie, TieType
>>> tie = Tie(id="t1", type=TieType.KNOWS, source="a", target="b", since=date(2024, 5, 1),
...           strength=4)
>>> tie_from_record(tie_to_record(tie)) == tie
True
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache

from graph_models.domain.stakeholders import Stakeholder, Tie


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    return value


@cache
def _field_parsers(cls) -> dict[str, typing.Callable | None]:
    """For each field of ``cls``, a function turning its plain form back into the field type;
    None for a field whose plain form is its value (a string, a number, a flag)."""
    parsers: dict[str, typing.Callable | None] = {}
    for name, hint in typing.get_type_hints(cls).items():
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        base = inner[0] if isinstance(hint, types.UnionType) else hint
        if typing.get_origin(base) is tuple:
            parsers[name] = _tuple_parser(typing.get_args(base)[0])
        elif base in (datetime, date, float) or _is_enum(base):
            parsers[name] = lambda v, base=base: _parse_scalar(base, v)
        else:
            parsers[name] = None
    return parsers


def _is_enum(hint) -> bool:
    return isinstance(hint, type) and issubclass(hint, Enum)


def _tuple_parser(item) -> typing.Callable:
    """The parser of a tuple of ``item``s: a list, or None for none."""
    if item is str:  # the most common, read a million times by an export: no call per item
        return lambda v: tuple(v) if v else ()
    return lambda v: tuple(_parse_scalar(item, x) for x in v or ())


def _parse_scalar(cls, value):
    if value is None:
        return None
    if cls is datetime:
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if cls is date:
        return value if isinstance(value, date) else date.fromisoformat(value)
    if _is_enum(cls):
        return cls(value)
    if cls is float:
        return float(value)
    return value


def to_record(obj) -> dict:
    """A JSON-ready dict of every field of a domain dataclass."""
    return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def from_record(cls, record: dict):
    """The ``cls`` object a record describes; absent fields take their defaults and unknown
    keys are ignored."""
    parsers = _field_parsers(cls)
    fields = {}
    for name, value in record.items():
        if name in parsers:
            parse = parsers[name]
            fields[name] = value if parse is None else parse(value)
    return cls(**fields)


def stakeholder_to_record(s: Stakeholder) -> dict:
    """A JSON-ready dict of every field of ``s``."""
    return to_record(s)


def stakeholder_from_record(record: dict) -> Stakeholder:
    """The stakeholder a record describes; absent fields take their defaults."""
    return from_record(Stakeholder, record)


def tie_to_record(t: Tie) -> dict:
    """A JSON-ready dict of every field of ``t``."""
    return to_record(t)


def tie_from_record(record: dict) -> Tie:
    """The tie a record describes; absent fields take their defaults."""
    return from_record(Tie, record)


# Stamps the system sets: they say when, not what, so they stay out of a fingerprint.
STAMPS = frozenset({"id", "created_at", "updated_at", "discoverable_at", "contact_sharing_at"})


CONTENT_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls) if f.name not in STAMPS)
                  for cls in (Stakeholder, Tie)}


def fingerprint(obj: Stakeholder | Tie) -> str:
    """A digest of what a stakeholder or tie says (not of its id or stamps).

    Imports compare it with the stored one so that writing the same data again changes
    nothing, ``updated_at`` included.

    >>> from datetime import date
    >>> from graph_models.domain.stakeholders import Tie, TieType
    >>> a = Tie(id="1", type=TieType.KNOWS, source="a", target="b", since=date(2024, 1, 1))
    >>> fingerprint(a) == fingerprint(dataclasses.replace(a, id="2"))
    True
    >>> fingerprint(a) == fingerprint(dataclasses.replace(a, weight=2.0))
    False
    """
    # repr of plain values (str, int, float, None, tuples of them) is stable across runs.
    content = repr(tuple(_plain(getattr(obj, name)) for name in CONTENT_FIELDS[type(obj)]))
    return hashlib.blake2b(content.encode("utf-8"), digest_size=16).hexdigest()
