"""Plain-record forms of campaigns and pools (JSON text in both stores), and euros as the
whole cents the stores sum exactly.

Examples
--------
>>> from datetime import UTC, datetime
>>> from graph_models.domain.campaigns import Reward
>>> t = datetime(2026, 1, 1, tzinfo=UTC)
>>> c = Campaign("c", "s", "Roof", Decimal("10.50"), Decimal(20), t, "EL303", t,
...              rewards=(Reward(Decimal(5), "a postcard"),))
>>> campaign_from_json(campaign_json(c)) == c
True
>>> cents(Decimal("10.05")), euros(1005)
(1005, Decimal('10.05'))
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import datetime
from decimal import Decimal
from enum import Enum
from functools import cache

from graph_models.domain.campaigns import CENT, Campaign, Pool


def cents(amount: Decimal) -> int:
    """Whole cents of a sum of euros (which has two decimals at most)."""
    return int(amount * 100)


def euros(whole_cents: int | None) -> Decimal:
    """The euros of a number of cents (None, a sum over nothing, is zero)."""
    return (Decimal(whole_cents or 0) / 100).quantize(CENT)


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | datetime):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


@cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _parse(hint: object, value: object) -> object:
    if value is None:
        return None
    if isinstance(hint, types.UnionType):
        (hint,) = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_parse(item, v) for v in typing.cast(list, value))
    if hint is Decimal:
        return Decimal(typing.cast(str, value))
    if hint is datetime:
        return datetime.fromisoformat(typing.cast(str, value))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, typing.cast(dict, value))
    return value


def _build(cls: type, record: dict) -> typing.Any:
    hints = _hints(cls)
    return cls(**{name: _parse(hints[name], value) for name, value in record.items()
                  if name in hints})


def campaign_json(campaign: Campaign) -> str:
    """The campaign as JSON text."""
    return json.dumps(_plain(campaign), ensure_ascii=False)


def campaign_from_json(text: str) -> Campaign:
    """The campaign a :func:`campaign_json` text holds."""
    campaign: Campaign = _build(Campaign, json.loads(text))
    return campaign


def pool_json(pool: Pool) -> str:
    """The pool as JSON text."""
    return json.dumps(_plain(pool), ensure_ascii=False)


def pool_from_json(text: str) -> Pool:
    """The pool a :func:`pool_json` text holds."""
    pool: Pool = _build(Pool, json.loads(text))
    return pool

