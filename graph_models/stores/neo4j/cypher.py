"""Value conversions and Cypher fragments shared by the Neo4j store's modules.

Each domain dataclass is stored as a node (or relationship) whose properties are its fields: the
helpers here build the ``SET`` and read-back fragments for a tuple of field names once, at import
time, and convert the values on both sides. Field names come from the dataclasses, never from
input, so building Cypher from them is safe.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from datetime import datetime
from typing import Any, overload

from graph_models.domain.accounts import ApiToken, AuditEntry, LoginSession, User
from graph_models.domain.idempotency import IdempotentResponse
from graph_models.domain.introductions import Block, Introduction, IntroductionEvent
from graph_models.domain.invitations import Invitation
from graph_models.domain.notifications import Notification
from graph_models.domain.records import stakeholder_to_record, to_record
from graph_models.domain.stakeholders import Stakeholder, Tie

ZONE_OR_NANOSECONDS = re.compile(r"(\.\d{6})\d+|\[[^\]]*\]$")


def lock(variable: str) -> str:
    """``SET``/``REMOVE`` items that take ``variable``'s write lock and change nothing.

    The Neo4j manual's way to lock a node from Cypher (see "Concurrent data access: lost
    updates"): a read in a *following* statement then sees everything committed before the
    lock was granted.
    """
    return "SET " + variable + "._LOCK_ = true REMOVE " + variable + "._LOCK_"


# -- temporal values ----------------------------------------------------------------------------
# The pure-Python driver spends ~30 µs packing or hydrating each temporal value, which would
# dominate a million-tie import or export. So aware datetimes and dates cross the wire as ISO
# text that the server converts (they are still stored as native DateTime and Date), and reads
# return toString() of them; a naive datetime is sent as it is (a LocalDateTime) and reads back
# naive.
def as_datetime(expression: str) -> str:
    """Cypher storing ``expression`` (ISO text, a LocalDateTime or null) as a temporal."""
    return ("CASE WHEN " + expression + " IS :: STRING THEN datetime(" + expression + ") ELSE "
            + expression + " END")


def _datetime_fields(*classes: type) -> frozenset[str]:
    """The names of the datetime fields of these dataclasses (the same name is the same type)."""
    return frozenset(name for cls in classes for name, hint in typing.get_type_hints(cls).items()
                     if datetime in (hint, *typing.get_args(hint)))


DATETIME_FIELDS = _datetime_fields(Stakeholder, Tie, User, ApiToken, AuditEntry, Introduction,
                                   IntroductionEvent, Block, Notification, IdempotentResponse,
                                   LoginSession, Invitation)


def _stored(name: str, expression: str) -> str:
    """Cypher for the stored form of property ``name`` whose sent value is ``expression``."""
    if name == "since":
        return "date(" + expression + ")"
    if name in DATETIME_FIELDS:
        return as_datetime(expression)
    return expression


def set_columns(variable: str, columns: tuple[str, ...], skip: int = 0) -> str:
    """``SET`` items assigning ``row[i]`` to each column from ``skip`` on; null removes."""
    return ", ".join(variable + "." + name + " = " + _stored(name, "row[" + str(i) + "]")
                     for i, name in enumerate(columns) if i >= skip)


def read_columns(variable: str, columns: tuple[str, ...]) -> str:
    """A list of the columns as stored, times as ISO text."""
    return "[" + ", ".join(
        "toString(" + variable + "." + name + ")" if name in DATETIME_FIELDS | {"since"}
        else variable + "." + name for name in columns) + "]"


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of a dataclass, in order: the columns of its rows."""
    return tuple(f.name for f in dataclasses.fields(cls))


def row_of(obj: Any, fields: tuple[str, ...]) -> list[Any]:
    """The plain values of ``fields`` of a dataclass, in order, datetimes as sent."""
    record = stakeholder_to_record(obj) if isinstance(obj, Stakeholder) else to_record(obj)
    return [send_datetime(getattr(obj, name)) if name in DATETIME_FIELDS else record[name]
            for name in fields]


def record_of(fields: tuple[str, ...], values: list[Any]) -> dict[str, Any]:
    """A record from a row read with read_columns: times parsed back."""
    record = dict(zip(fields, values, strict=True))
    for name in DATETIME_FIELDS.intersection(record):
        record[name] = read_datetime(record[name])
    return record


def send_datetime(value: datetime | None) -> str | datetime | None:
    """What to send for a datetime: ISO text when aware (its offset kept), else itself."""
    if value is None or value.utcoffset() is None:
        return value
    return value.isoformat()


@overload
def read_datetime(text: str) -> datetime: ...
@overload
def read_datetime(text: None) -> None: ...
@overload
def read_datetime(text: str | None) -> datetime | None: ...
def read_datetime(text: str | None) -> datetime | None:
    """The datetime a stored temporal's ISO text (Cypher's toString) stands for.

    UTC reads back as ``datetime.UTC``, other offsets as fixed offsets, as from SQLite's text.
    """
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:  # a zone name or nanoseconds, in values this store did not write
        return datetime.fromisoformat(ZONE_OR_NANOSECONDS.sub(r"\1", text))
