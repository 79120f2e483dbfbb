"""How the match index encodes stakeholders' attributes as numbers.

- Kinds, tie types, stages and instruments become their position in the fixed orders below
  (:data:`KINDS`, :data:`TIE_TYPES`, :data:`STAGES`, :data:`INSTRUMENTS`).
- Sets of codes (needs, offers, sectors, languages) become rows of uint64 bitmask words, one
  bit per code of a :class:`Vocabulary`, so that "what do two stakeholders share" is a bitwise
  and and a popcount.
- Places (NUTS regions and jurisdictions) become codes with two tables, made by
  :func:`place_tables`: how deep two codes agree along the NUTS hierarchy, and which contains
  which.

Examples
--------
>>> topics = Vocabulary(["financing.loan", "training.mentoring", "financing.grant"])
>>> masks = topics.encode([["financing.loan"], ["training.mentoring", "financing.grant"]])
>>> topics.decode(masks[1]), topics.decode(masks[0] & masks[1])
(('financing.grant', 'training.mentoring'), ())
>>> level, contains = place_tables(["EL3", "EL30", "EL52"])
>>> level.tolist(), contains[0].tolist()
([[4, 1, 0], [1, 4, 0], [0, 0, 4]], [True, True, False])
"""

from __future__ import annotations

import numpy as np

from graph_models.domain.stakeholders import Instrument, Kind, Stage, TieType
from graph_models.matching.config import INSTRUMENT_STAGES

KINDS = tuple(Kind)
TIE_TYPES = tuple(TieType)
STAGES = (Stage.IDEA, Stage.FORMING, Stage.OPERATING, Stage.SCALING)
INSTRUMENTS = tuple(Instrument)

# Suitable instruments per stage as a bitmask over INSTRUMENTS, for a vectorised lookup.
STAGE_INSTRUMENTS = np.array(
    [sum(1 << i for i, ins in enumerate(INSTRUMENTS) if stage in INSTRUMENT_STAGES[ins])
     for stage in STAGES], dtype=np.uint8)


class Vocabulary:
    """Codes ↔ bit positions, for sets encoded as rows of uint64 words."""

    def __init__(self, codes):
        self.codes = tuple(sorted(set(codes)))
        self.bit = {code: i for i, code in enumerate(self.codes)}
        self.words = max(1, (len(self.codes) + 63) // 64)

    def mask(self, codes) -> np.ndarray:
        """One bitmask row of ``codes`` (those outside the vocabulary are left out)."""
        out = np.zeros(self.words, dtype=np.uint64)
        for code in codes:
            bit = self.bit.get(code)
            if bit is not None:
                out[bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
        return out

    def encode(self, sets: list) -> np.ndarray:
        """An (n, words) bitmask array from a list of code collections."""
        rows, bits = [], []
        bit = self.bit
        for row, codes in enumerate(sets):
            for code in codes:
                b = bit.get(code)
                if b is not None:
                    rows.append(row)
                    bits.append(b)
        out = np.zeros((len(sets), self.words), dtype=np.uint64)
        if rows:
            bits_arr = np.asarray(bits, dtype=np.uint64)
            np.bitwise_or.at(out, (np.asarray(rows), (bits_arr // 64).astype(np.intp)),
                             np.uint64(1) << (bits_arr % np.uint64(64)))
        return out

    def decode(self, words: np.ndarray) -> tuple[str, ...]:
        """The codes whose bits are set in one row of words, in code order."""
        out = []
        for w, packed in enumerate(np.asarray(words, dtype=np.uint64).reshape(-1)):
            word = int(packed)
            while word:
                low = word & -word
                out.append(self.codes[w * 64 + low.bit_length() - 1])
                word ^= low
        return tuple(out)



def place_tables(codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """How deep each two region codes agree, and which contains which.

    ``level[i, j]`` is -1 when the codes share no country, else the deepest shared NUTS level
    (0 country … 3 NUTS-3), and 4 for the same code. ``contains[i, j]`` is True when code ``j``
    is code ``i`` or lies below it (NUTS codes nest by prefix).
    """
    m = len(codes)
    vocabulary: dict[str, int] = {}
    prefix = np.full((m, 4), -1, dtype=np.int64)  # ids of the 2-, 3-, 4- and 5-character prefixes
    for i, code in enumerate(codes):
        for depth in range(4):
            if len(code) >= depth + 2:
                prefix[i, depth] = vocabulary.setdefault(code[:depth + 2], len(vocabulary))
    level = np.full((m, m), -1, dtype=np.int8)
    for depth in range(4):
        same = (prefix[:, None, depth] == prefix[None, :, depth]) & (prefix[:, None, depth] >= 0)
        level[same] = depth
    level[np.eye(m, dtype=bool)] = 4
    same_code = np.array(codes, dtype=object)[:, None] == np.array(codes, dtype=object)[None, :]
    level[same_code.astype(bool)] = 4
    own_depth = np.array([min(len(c), 5) - 2 for c in codes], dtype=np.int64)
    contains = np.zeros((m, m), dtype=bool)
    for i in range(m):
        if own_depth[i] >= 0 and len(codes[i]) <= 5:
            contains[i] = prefix[:, own_depth[i]] == prefix[i, own_depth[i]]
    return level, contains
