"""The stakeholders' attributes as columns of the match index, and the pieces made from them.

:func:`encode` turns stakeholders into one array per attribute (see
:mod:`~graph_models.matching.encoding` for how each is encoded), the same for the whole graph
and for the few rows a change touches, so an index brought forward by changes holds exactly
the arrays of one built from scratch. The code tables (:class:`Codes`) are the shipped
vocabularies plus any other code the stakeholders hold, and the places they are in.

The rest derives from the columns: the rows of each kind, the sector sets padded to bit
positions, and the distinct sector and language sets (computed once per set, then gathered).

Examples
--------
>>> from graph_models.matching.examples import example_stakeholders
>>> people = example_stakeholders()
>>> codes = Codes.of(people)
>>> columns = encode(people, codes)
>>> codes.places, columns["place"].tolist(), columns["capacity"].tolist()[2]
(('EL303',), [0, 0, 0, 0, 0], 10.0)
>>> codes.topics.decode(columns["offers"][2])
('consulting.business_plan', 'training.mentoring')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from graph_models.domain import vocabularies
from graph_models.domain.stakeholders import Kind, Stakeholder
from graph_models.matching.encoding import INSTRUMENTS, KINDS, STAGES, Vocabulary

# The per-row arrays encode() makes, in the order the index keeps them.
COLUMNS = ("kind", "discoverable", "needs_private", "needs", "offers", "sectors", "languages",
           "place", "jurisdiction", "stage", "funding", "ticket_min", "ticket_max", "capacity",
           "instruments")

_KIND_CODE = {k.value: i for i, k in enumerate(KINDS)}
_STAGE_RANK = {s.value: i for i, s in enumerate(STAGES)}
_INSTRUMENT_BIT = {ins.value: 1 << i for i, ins in enumerate(INSTRUMENTS)}


def value(v):
    """An enum's value, anything else as it is (graph attributes may hold either)."""
    return getattr(v, "value", v)


def topic_codes(s: Stakeholder) -> tuple[str, ...]:
    """The topics a stakeholder needs or offers."""
    return (*(s.needs or ()), *(s.offers or ()))


def sector_codes(s: Stakeholder) -> tuple[str, ...]:
    """The sectors a stakeholder matches on: a policymaker's policy areas count as sectors."""
    return tuple(dict.fromkeys((*(s.sectors or ()), *(s.policy_areas or ()))))


def place_codes(s: Stakeholder) -> tuple[str, ...]:
    """The places a stakeholder is in: its region and, for a policymaker, its jurisdiction."""
    region = str(s.region or "")
    return (region, s.jurisdiction) if s.jurisdiction else (region,)


@dataclass(frozen=True)
class Codes:
    """The code tables of one index: topics, sectors and languages (each the shipped
    vocabulary plus any other code held), and the places held, sorted."""

    topics: Vocabulary
    sectors: Vocabulary
    languages: Vocabulary
    places: tuple[str, ...]

    @classmethod
    def of(cls, stakeholders: Sequence[Stakeholder]) -> Codes:
        """The tables for these stakeholders."""
        return cls(
            topics=Vocabulary([*vocabularies.topics(), *(c for s in stakeholders
                                                           for c in topic_codes(s))]),
            sectors=Vocabulary([*vocabularies.sectors(), *(c for s in stakeholders
                                                             for c in sector_codes(s))]),
            languages=Vocabulary([*vocabularies.languages(),
                                  *(c for s in stakeholders for c in s.languages or ())]),
            places=tuple(sorted({c for s in stakeholders for c in place_codes(s)})))

    def extra(self) -> dict[str, frozenset[str]]:
        """The codes of each vocabulary beyond the shipped one (none in a sound store)."""
        return {"topics": frozenset(self.topics.codes) - set(vocabularies.topics()),
                "sectors": frozenset(self.sectors.codes) - set(vocabularies.sectors()),
                "languages": frozenset(self.languages.codes) - set(vocabularies.languages())}


def foreign_codes(stakeholders: Sequence[Stakeholder]) -> bool:
    """Whether any of these stakeholders holds a topic, sector or language code outside the
    shipped vocabularies."""
    topics, sectors, languages = (vocabularies.topics(), vocabularies.sectors(),
                                  vocabularies.languages())
    return any(any(c not in topics for c in topic_codes(s))
               or any(c not in sectors for c in sector_codes(s))
               or any(c not in languages for c in s.languages or ()) for s in stakeholders)


def encode(stakeholders: Sequence[Stakeholder], codes: Codes) -> dict[str, np.ndarray]:
    """The :data:`COLUMNS` of these stakeholders, a row each, with ``codes``' tables (every
    place they are in must be in ``codes.places``)."""
    place_id = {code: i for i, code in enumerate(codes.places)}
    sectors = [sector_codes(s) for s in stakeholders]
    return {
        "kind": np.array([_KIND_CODE.get(value(s.kind), -1) for s in stakeholders],
                         dtype=np.int8),
        "discoverable": np.array([bool(s.discoverable) for s in stakeholders], dtype=bool),
        "needs_private": np.array([bool(s.needs_private) for s in stakeholders], dtype=bool),
        "needs": codes.topics.encode([s.needs or () for s in stakeholders]),
        "offers": codes.topics.encode([s.offers or () for s in stakeholders]),
        "sectors": codes.sectors.encode(sectors),
        "languages": codes.languages.encode([s.languages or () for s in stakeholders]),
        "place": np.array([place_id[str(s.region or "")] for s in stakeholders],
                          dtype=np.int32),
        "jurisdiction": np.array([place_id[s.jurisdiction] if s.jurisdiction else -1
                                  for s in stakeholders], dtype=np.int32),
        "stage": np.array([_STAGE_RANK.get(value(s.stage), -1) for s in stakeholders],
                          dtype=np.int8),
        "funding": _floats(s.funding_sought for s in stakeholders),
        "ticket_min": _floats(s.ticket_min for s in stakeholders),
        "ticket_max": _floats(s.ticket_max for s in stakeholders),
        "capacity": _floats(s.capacity for s in stakeholders),
        "instruments": np.array(
            [sum(_INSTRUMENT_BIT.get(i, 0) for i in {value(x) for x in s.instruments or ()})
             for s in stakeholders], dtype=np.uint8),
    }


def _floats(values) -> np.ndarray:
    """Numbers as floats, None as NaN."""
    return np.array(list(values), dtype=np.float64)


# -- pieces derived from the columns -------------------------------------------------------


def kind_rows(kind: np.ndarray) -> tuple[dict[Kind, np.ndarray], np.ndarray]:
    """The rows of each kind, and each row's position among the rows of its kind (a
    candidate's column in a score block)."""
    by_kind = {k: np.flatnonzero(kind == i) for i, k in enumerate(KINDS)}
    position = np.zeros(len(kind), dtype=np.int64)
    for rows in by_kind.values():
        position[rows] = np.arange(len(rows))
    return by_kind, position


def bit_positions(words: np.ndarray, width: int) -> np.ndarray:
    """Each row's set bits, ascending, padded with -1 to ``width`` columns."""
    bits = np.unpackbits(words.astype("<u8").view(np.uint8), axis=1, bitorder="little")
    rows, positions = np.nonzero(bits)
    slot = np.arange(len(rows)) - np.searchsorted(rows, rows)
    out = np.full((len(words), width), -1, dtype=np.int32)
    out[rows, slot] = positions
    return out


def pad_width(words: np.ndarray) -> int:
    """The most bits set in a row (at least 1): the width of a padded set."""
    return max(1, int(np.bitwise_count(words).sum(axis=1).max(initial=0)))


def distinct(masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's number among the distinct rows, and the distinct rows in sorted order."""
    table, inverse = np.unique(masks, axis=0, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), table


def distinct_updated(table: np.ndarray, inverse: np.ndarray, masks: np.ndarray,
                     changed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`distinct` of ``masks`` from the previous result: ``inverse`` is right but at the
    ``changed`` rows (rows may also have left). Costs a pass over the rows and a sort of the
    distinct rows only."""
    unchanged = inverse.copy()
    unchanged[changed] = len(table)
    used = np.bincount(unchanged, minlength=len(table) + 1)[:-1] > 0
    arriving = np.unique(masks[changed], axis=0)
    new_table = np.unique(np.concatenate([table[used], arriving]), axis=0)
    number = {row.tobytes(): i for i, row in enumerate(new_table)}
    if new_table.shape == table.shape and np.array_equal(new_table, table):
        out = unchanged
    else:
        renumber = np.array([number.get(row.tobytes(), -1) for row in table] + [-1],
                            dtype=np.int64)
        out = renumber[unchanged]
    out[changed] = [number[row.tobytes()] for row in masks[changed]]
    return out, new_table


def pillar_masks(topics: Vocabulary) -> dict[str, np.ndarray]:
    """The topics of each pillar, as a bitmask row."""
    return {p: topics.mask(c for c in topics.codes if vocabularies.pillar_of(c) == p)
            for p in {vocabularies.pillar_of(c) for c in topics.codes}}
