"""Bringing a match index forward by the changes of a store, instead of building it again.

:func:`apply_changes` makes a new :class:`~graph_models.matching.index.MatchIndex` equal, array
for array, to one built from scratch on the graph after the changes, while the old index keeps
answering (nothing it holds is written to). What it costs:

- rows stay in id order, so a stakeholder created or deleted shifts the rows after it: every
  per-row column is copied once with the rows deleted and inserted, and the row numbers held
  elsewhere (tie pairs, CSR neighbours) are renumbered in one vectorised pass;
- the stakeholders written are encoded alone; a column none of them changes is shared;
- the ties written or deleted are found by id and moved in the tie table; only the pairs they
  touch are summed again in the adjacency, and only their counts move the load and the sector
  partnerships (both whole numbers, so adding and taking off is exact);
- the walk operator is shared when neither ties nor kinds moved; else the rows of the ends of
  the ties that moved are computed again and spliced into copies of its matrices (see
  :mod:`~graph_models.matching.walk_updates`), and so are its candidate columns, which are
  shared where the candidates stay;
- a topic, sector or language code outside the shipped vocabularies (which a sound store never
  holds) may grow or shrink a vocabulary, and every bit position with it: then, and only then,
  every stakeholder is encoded again. A region nobody held before, or that nobody holds any
  more, only renumbers the place codes (a vectorised lookup).

A stakeholder or tie that is both written and deleted exists at the changes' version: it is
taken as written. Deleted ids the index does not hold (created and deleted between two
versions) are ignored.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left

import numpy as np

from graph_models.domain.changes import GraphChanges
from graph_models.domain.errors import InvalidInput
from graph_models.domain.stakeholders import Stakeholder
from graph_models.matching import behaviour, tie_counts
from graph_models.matching import columns as col
from graph_models.matching.config import DEFAULT_WEIGHTS
from graph_models.matching.index import MatchIndex
from graph_models.matching.rows import RowEdit, RowIndex
from graph_models.matching.tie_table import LOW, SHIFT, TieRecords, TieTable, pair_key
from graph_models.matching.walk_updates import carried_walk, updated_walk

# Per-index caches a new index starts without (the rest of its attributes start shared).
_CACHES = ("_lock", "_walks", "_columns")


def apply_changes(old: MatchIndex, changes: GraphChanges) -> MatchIndex:
    """The index after ``changes``; ``old`` is left as it was.

    Raises
    ------
    InvalidInput
        When a tie written joins a stakeholder the graph does not hold after the changes.
    """
    if changes.empty:
        return old
    new = MatchIndex()
    new.__dict__.update({k: v for k, v in vars(old).items() if k not in _CACHES})
    edit, replaced, people = _rows(old, new, changes)
    columns_moved = _columns(old, new, edit, replaced, people)
    removed_at, removed, added, changed = _ties(old, new, edit, changes)
    _load(old, new, edit, removed, added)
    _partnerships(old, new, edit, replaced, removed_at, removed, added, columns_moved)
    if not (new.ties is old.ties and new.sectors is old.sectors and new.place is old.place
            and new.as_of == old.as_of and new.place_codes == old.place_codes):
        behaviour.attach(new)
    before = old.walk(DEFAULT_WEIGHTS)
    if new.adjacency is old.adjacency and new.kind is old.kind:
        new._walks[before.tie_weights] = carried_walk(before, old, new)
    elif not len(np.setdiff1d(columns_moved["kind"], edit.inserted)):
        new._walks[before.tie_weights] = updated_walk(before, old, new, edit, changed)
    # else a stakeholder changed kind: finish() makes the walk afresh (it is rare).
    new.finish()
    return new


def _rows(old: MatchIndex, new: MatchIndex, changes: GraphChanges):
    """Move the rows: returns the edit, the replaced rows (old numbers, with their stakeholders
    in the same order) and the stakeholders arriving then replaced."""
    written = {s.id: s for s in changes.stakeholders}
    arriving = sorted((s for i, s in written.items() if i not in old.row),
                      key=lambda s: str(s.id))
    replaced = [(old.row[i], s) for i, s in written.items() if i in old.row]
    replaced.sort(key=lambda pair: pair[0])
    removed = np.array(sorted(old.row[i] for i in set(changes.deleted_stakeholders)
                              if i not in written and i in old.row), dtype=np.int64)
    before = np.array([bisect_left(old.ids, str(s.id), key=str) for s in arriving],
                      dtype=np.int64)
    inserted = before - np.searchsorted(removed, before) + np.arange(len(arriving))
    edit = RowEdit(old.n, removed, inserted)
    replaced_rows = np.array([r for r, _ in replaced], dtype=np.int64)
    if edit.identity and not replaced:
        return edit, replaced_rows, []
    people = edit.sequence(old.stakeholders, arriving)
    names = edit.sequence(old.names, [str(s.name or "") for s in arriving])
    for r, (_, s) in zip(edit.old_to_new()[replaced_rows].tolist(), replaced, strict=True):
        people[r], names[r] = s, str(s.name or "")
    new.stakeholders, new.names = tuple(people), tuple(names)
    if not edit.identity:
        ids = tuple(edit.sequence(old.ids, [s.id for s in arriving]))
        new.ids, new.row, new.n = ids, RowIndex(ids), edit.n_new
    return edit, replaced_rows, [*arriving, *(s for _, s in replaced)]


def _columns(old: MatchIndex, new: MatchIndex, edit: RowEdit, replaced: np.ndarray,
             people: list[Stakeholder]) -> dict[str, np.ndarray]:
    """Encode the stakeholders written into the columns; returns, per column, the rows (new
    numbers) whose value moved, inserted rows included."""
    codes = old.codes
    if (people or len(edit.removed)) and (col.foreign_codes(people)
                                          or any(codes.extra().values())):
        fresh = col.Codes.of(new.stakeholders)
        if (fresh.topics.codes, fresh.sectors.codes, fresh.languages.codes) != (
                codes.topics.codes, codes.sectors.codes, codes.languages.codes):
            new.set_codes(fresh)
            new.set_columns(col.encode(new.stakeholders, fresh))
            new.derive_from_columns()
            everyone = np.arange(new.n)
            return {name: everyone for name in col.COLUMNS}
    held = {c for s in people for c in col.place_codes(s)}
    places = tuple(sorted({*codes.places, *held}))
    olds = {name: getattr(old, name) for name in col.COLUMNS}
    if places != codes.places:
        renumber = np.array([places.index(c) for c in codes.places] + [-1], dtype=np.int32)
        olds["place"], olds["jurisdiction"] = renumber[olds["place"]], renumber[
            olds["jurisdiction"]]
    encoded = col.encode(people, dataclasses.replace(codes, places=places))
    k = len(edit.inserted)
    at = edit.old_to_new()[replaced]
    moved = {}
    for name, values in olds.items():
        before, after = values[replaced], encoded[name][k:]
        differs = _differs(before, after)
        if edit.identity and not differs.any() and values is getattr(old, name):
            moved[name] = np.zeros(0, dtype=np.int64)
            continue
        column = edit.column(values, encoded[name][:k])
        column[at] = after
        setattr(new, name, column)
        moved[name] = np.union1d(edit.inserted, at[differs])
    _shrink_places(new, places)
    _derive(old, new, edit, moved)
    return moved


def _differs(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Which rows of two equally shaped arrays differ (NaN equal to NaN)."""
    same = before == after
    if before.dtype.kind == "f":
        same |= np.isnan(before) & np.isnan(after)
    return ~same.all(axis=1) if same.ndim > 1 else ~same


def _shrink_places(new: MatchIndex, places: tuple[str, ...]) -> None:
    """Keep the places someone is in, and their tables."""
    used = np.zeros(len(places) + 1, dtype=bool)
    used[new.place] = True
    used[new.jurisdiction] = True  # -1, for none, marks the spare last entry
    used = used[:-1]
    if not used.all():
        renumber = np.append(np.cumsum(used) - 1, -1).astype(np.int32)
        new.place, new.jurisdiction = renumber[new.place], renumber[new.jurisdiction]
        places = tuple(c for c, u in zip(places, used, strict=True) if u)
    if places != new.codes.places:
        new.set_codes(dataclasses.replace(new.codes, places=places))


def _derive(old: MatchIndex, new: MatchIndex, edit: RowEdit, moved: dict) -> None:
    """Derive again what depends on the columns that moved."""
    if len(moved["kind"]) or not edit.identity:
        new._by_kind, new.kind_pos = col.kind_rows(new.kind)
    if len(moved["needs_private"]) or not edit.identity:
        new.private_need_rows = np.flatnonzero(new.needs_private)
    if len(moved["sectors"]) or not edit.identity:
        rows = moved["sectors"]
        width = col.pad_width(new.sectors)
        if width == old.sector_pad.shape[1]:
            pad = edit.column(old.sector_pad, np.zeros((len(edit.inserted), width), np.int32))
            pad[rows] = col.bit_positions(new.sectors[rows], width)
            new.sector_pad = pad
        else:
            new.sector_pad = col.bit_positions(new.sectors, width)
        new.sector_set, new.sector_sets = col.distinct_updated(
            old.sector_sets, edit.column(old.sector_set, np.zeros(len(edit.inserted), np.int64)),
            new.sectors, rows)
        new.sector_set_pad = col.bit_positions(new.sector_sets, width)
    if len(moved["languages"]) or not edit.identity:
        new.language_set, new.language_sets = col.distinct_updated(
            old.language_sets,
            edit.column(old.language_set, np.zeros(len(edit.inserted), np.int64)),
            new.languages, moved["languages"])


def _ties(old: MatchIndex, new: MatchIndex, edit: RowEdit, changes: GraphChanges):
    """Move the ties; returns the positions of the ties removed, the ties removed (old rows)
    and added (new rows) as tables, and the rows (new numbers) whose ties changed, the inserted
    rows among them."""
    table = old.ties
    written = {t.id: t for t in changes.ties}
    named = [*written, *(i for i in changes.deleted_ties if i not in written)]
    found = table.find(np.array([str(i).encode() for i in named], dtype=np.bytes_))
    at_removed = table.at_pairs(old.adjacency.pairs_of(edit.removed))[1]
    removed_at = np.union1d(found[found >= 0], at_removed)
    try:
        source = np.array([new.row[t.source] for t in written.values()], dtype=np.int64)
        target = np.array([new.row[t.target] for t in written.values()], dtype=np.int64)
    except KeyError as error:
        raise InvalidInput("a tie joins a stakeholder not in the graph",
                           errors={"ties": [f"unknown stakeholder {error.args[0]}"]}) from None
    added = TieTable.of_rows(TieRecords.of(written.values()), source, target)
    removed = table.take(removed_at)
    if not len(removed_at) and not len(added) and edit.identity:
        return removed_at, removed, added, edit.inserted
    new_table = table.edited(removed_at, edit, added)
    # A pair whose ties were removed is gone unless a tie of it stays or arrives.
    keys = np.unique(removed.key)
    renumber = edit.old_to_new()
    lo, hi = renumber[keys >> SHIFT], renumber[keys & LOW]
    alive = (lo >= 0) & (hi >= 0)
    moved = pair_key(np.where(alive, lo, 0), np.where(alive, hi, 0))
    alive &= np.searchsorted(new_table.key, moved, "right") > np.searchsorted(
        new_table.key, moved, "left")
    touched = np.concatenate([moved[alive], added.key])
    new.set_ties(new_table, old.adjacency.edited(edit, keys[~alive], new_table, touched))
    ends = np.concatenate([touched >> SHIFT, touched & LOW, lo[~alive], hi[~alive],
                           edit.inserted])
    return removed_at, removed, added, np.unique(ends[ends >= 0])


def _load(old: MatchIndex, new: MatchIndex, edit: RowEdit, removed: TieTable,
          added: TieTable) -> None:
    """Current load: the counts of the ties removed and added, unless the day it is counted
    from moved (then every tie's)."""
    if new.as_of != old.as_of:
        new.load = tie_counts.load(new.ties, new.n, new.as_of, new.load_window_days)
        return
    if not len(removed) and not len(added) and edit.identity:
        return
    window = new.load_window_days
    sources = edit.old_to_new()[removed.sources()[tie_counts.counted(removed, old.as_of,
                                                                      window)]]
    arriving = added.sources()[tie_counts.counted(added, new.as_of, window)]
    load = edit.column(old.load, np.zeros(len(edit.inserted), dtype=old.load.dtype))
    load -= np.bincount(sources[sources >= 0], minlength=new.n).astype(load.dtype)
    load += np.bincount(arriving, minlength=new.n).astype(load.dtype)
    new.load = load


def _partnerships(old: MatchIndex, new: MatchIndex, edit: RowEdit, replaced: np.ndarray,
                  removed_at: np.ndarray, removed: TieTable, added: TieTable,
                  moved: dict) -> None:
    """Sector partnerships: take off the counts of the ties removed, and of those whose ends
    changed kind or sectors (as they were), and add those of the ties added and the latter
    (as they are)."""
    count = len(new.sector_vocab.codes)
    if new.sector_vocab is not old.sector_vocab:
        new.set_partnerships(tie_counts.partnerships(new.ties, new.kind, new.sectors, count))
        return
    changed = np.union1d(moved["kind"], moved["sectors"])
    renumber = edit.old_to_new()
    old_rows = replaced[np.isin(renumber[replaced], changed)]
    around = old.ties.take(np.setdiff1d(old.ties.at_pairs(old.adjacency.pairs_of(old_rows))[1],
                                        removed_at))
    if not (len(removed) or len(added) or len(around)):
        return
    before = (tie_counts.partnerships(removed, old.kind, old.sectors, count)
              + tie_counts.partnerships(around, old.kind, old.sectors, count))
    after = (tie_counts.partnerships(added, new.kind, new.sectors, count)
             + tie_counts.partnerships(around.renumbered(renumber), new.kind, new.sectors,
                                       count))
    if before.any() or after.any():
        new.set_partnerships(old.sector_partnerships - before + after)
