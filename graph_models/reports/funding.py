"""The report's funding flows: the money into a scope, by funder, channel, instrument and
recipient, and the entrepreneurs of the scope never funded.

A FUNDED tie joins a funder (an investor or a policymaker: a public fund, a municipality's
participatory budget) to an entrepreneur, so its recipient is the end that is an
entrepreneur, whichever way the snapshot's edge runs. Its amount, instrument and channel (see
:mod:`graph_models.domain.funding`) are read once per frame, from the snapshot's FUNDED edges
only (:func:`funding_ties`); every figure after that is numpy over those arrays.

Examples
--------
>>> from datetime import date
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.reports.frame import frame_of, select
>>> G = example_graph()
>>> frame = frame_of(G)
>>> flows = funding(select(frame, region="EL30"), funding_ties(G, frame), date(2026, 1, 1),
...                 max_listed=10)
>>> flows.ties, flows.recipients, flows.missing_amounts, flows.never_funded
(1, 1, 1, 2)
>>> [(u.stakeholder.id, u.days) for u in flows.listed_never_funded]
[('coop2', 2132), ('coop3', 334)]
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import date

import networkx as nx
import numpy as np

from graph_models.domain.funding import Channel, channel_of
from graph_models.domain.stakeholders import Instrument, InvestorType, Kind, TieType
from graph_models.reports.edges import TYPE_CODE, UNKNOWN_DAY
from graph_models.reports.frame import KIND_CODE, KINDS, Frame, ScopeGraph, sorted_distinct
from graph_models.reports.model import FlowRow, Funding, Unfunded, UnfundedRow
from graph_models.reports.sections import listed

CHANNELS = tuple(Channel)
INSTRUMENTS = tuple(Instrument)
# A funder's group: an investor by its type when it has one, else its kind.
FUNDER_GROUPS = (*(f"{Kind.INVESTOR.value}:{t.value}" for t in InvestorType),
                 *(k.value for k in KINDS))
_ENTREPRENEUR = KIND_CODE[Kind.ENTREPRENEUR]


@dataclass(frozen=True, eq=False)
class FundingTies:
    """The FUNDED ties of a frame: funder and recipient rows, euros (NaN when not recorded),
    codes into INSTRUMENTS (−1 for none), CHANNELS and FUNDER_GROUPS."""

    funder: np.ndarray
    recipient: np.ndarray
    amount: np.ndarray
    instrument: np.ndarray
    channel: np.ndarray
    funder_group: np.ndarray
    # Every row's legal form and region of the frame, as codes into the names beside them.
    legal_form: np.ndarray
    legal_form_names: np.ndarray
    region: np.ndarray
    region_names: np.ndarray


def funding_ties(G: nx.Graph, frame: Frame) -> FundingTies:
    """The FUNDED ties of ``frame`` (a frame of ``G``) with their amounts, instruments and
    channels; cached while the frame lives. A tie without an entrepreneur at exactly one
    end (the store allows none) is left out."""
    with _LOCK:
        kept = _TIES.get(frame)
    if kept is None:
        kept = _read(G, frame)
        with _LOCK:
            _TIES[frame] = kept
    return kept


_TIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _read(G: nx.Graph, frame: Frame) -> FundingTies:
    funded = np.flatnonzero(frame.tie_type == TYPE_CODE[TieType.FUNDED])
    u, v = frame.tie_u[funded], frame.tie_v[funded]
    u_gets = frame.kind[u] == _ENTREPRENEUR
    v_gets = frame.kind[v] == _ENTREPRENEUR
    keep = u_gets ^ v_gets
    funded, u, v, u_gets = funded[keep], u[keep], v[keep], u_gets[keep]
    recipient, funder = np.where(u_gets, u, v), np.where(u_gets, v, u)
    adjacency, ids, keys = G.adj, frame.ids, frame.tie_ids
    multigraph = G.is_multigraph()
    edges = [adjacency[ids[a]][ids[b]][keys[t]] if multigraph else adjacency[ids[a]][ids[b]]
             for a, b, t in zip(u.tolist(), v.tolist(), funded.tolist(), strict=True)]
    count = len(edges)
    instrument_code = {i.value: code for code, i in enumerate(INSTRUMENTS)}
    instruments = [_text(e.get("instrument")) for e in edges]
    channel_code = {c: code for code, c in enumerate(CHANNELS)}
    group_code = {g: code for code, g in enumerate(FUNDER_GROUPS)}
    group_of_row: dict[int, int] = {}
    for row in set(funder.tolist()):
        kind = KINDS[frame.kind[row]].value
        kind_type = G.nodes[ids[row]].get("organisation_type")
        group_of_row[row] = group_code.get(f"{kind}:{_text(kind_type)}", group_code[kind])
    legal_form_names, legal_form = np.unique(np.array(frame.legal_form, dtype=str),
                                             return_inverse=True)
    region_names, region = np.unique(np.array(frame.region, dtype=str), return_inverse=True)
    return FundingTies(
        legal_form=legal_form, legal_form_names=legal_form_names, region=region,
        region_names=region_names,
        funder=funder, recipient=recipient,
        amount=np.fromiter((np.nan if e.get("amount") is None else float(e["amount"])
                            for e in edges), dtype=np.float64, count=count),
        instrument=np.fromiter((instrument_code.get(i, -1) for i in instruments),
                               dtype=np.int8, count=count),
        channel=np.fromiter((channel_code[channel_of(e.get("external_id"), i)]
                             for e, i in zip(edges, instruments, strict=True)),
                            dtype=np.int8, count=count),
        funder_group=np.fromiter((group_of_row[r] for r in funder.tolist()), dtype=np.int8,
                                 count=count))


def _text(value) -> str:
    """An enumeration's value, or a plain string, or "" for none."""
    return "" if value is None else str(getattr(value, "value", value))


def funding(scope: ScopeGraph, ties: FundingTies, on: date, *, max_listed: int) -> Funding:
    """The funding flows into ``scope`` and its entrepreneurs never funded, as of ``on``
    (the report's date: how long each has been waiting is counted to it).

    Every FUNDED tie of the frame counts for "never funded", whoever the funder; the flows
    are the ties whose recipient lies in the scope."""
    frame = scope.frame
    inside = np.zeros(frame.n, dtype=bool)
    inside[scope.rows] = True
    into = inside[ties.recipient]
    funder, recipient = ties.funder[into], ties.recipient[into]
    amount = ties.amount[into]
    rows = _Rows(funder, recipient, amount)
    instrument = ties.instrument[into].astype(np.int64)
    instrument[instrument < 0] = len(INSTRUMENTS)  # none: the last name, ""
    funded = np.zeros(frame.n, dtype=bool)
    funded[ties.recipient] = True
    entrepreneurs = scope.rows[frame.kind[scope.rows] == _ENTREPRENEUR]
    never = entrepreneurs[~funded[entrepreneurs]]
    waiting = never[np.lexsort((never, frame.created[never]))]  # longest in the network first
    today = on.toordinal()
    named = tuple(
        Unfunded(listed(frame, row), None if frame.created[row] == UNKNOWN_DAY else
                 date.fromordinal(int(frame.created[row])),
                 None if frame.created[row] == UNKNOWN_DAY else today - int(frame.created[row]))
        for row in waiting[:max_listed])
    return Funding(
        ties=len(recipient), amount=float(np.nansum(amount)),
        missing_amounts=int(np.isnan(amount).sum()),
        funders=len(np.unique(funder)), recipients=len(np.unique(recipient)),
        from_outside=int((~inside[funder]).sum()),
        by_funder=rows.by(ties.funder_group[into], FUNDER_GROUPS),
        by_channel=rows.by(ties.channel[into], [c.value for c in CHANNELS]),
        by_instrument=rows.by(instrument, [*(i.value for i in INSTRUMENTS), ""]),
        by_legal_form=rows.by(ties.legal_form[recipient], ties.legal_form_names),
        by_region=rows.by(ties.region[recipient], ties.region_names),
        entrepreneurs=len(entrepreneurs), never_funded=len(never),
        never_funded_share=len(never) / len(entrepreneurs) if len(entrepreneurs) else None,
        never_funded_by_legal_form=_unfunded_rows(ties.legal_form, ties.legal_form_names,
                                                  entrepreneurs, never),
        never_funded_by_region=_unfunded_rows(ties.region, ties.region_names, entrepreneurs,
                                              never),
        listed_never_funded=named, unlisted_never_funded=len(never) - len(named))


class _Rows:
    """FlowRows of the selected ties grouped by a key per tie."""

    def __init__(self, funder: np.ndarray, recipient: np.ndarray, amount: np.ndarray):
        self.funder, self.recipient, self.amount = funder, recipient, amount

    def by(self, group: np.ndarray, names) -> tuple[FlowRow, ...]:
        """The rows of the groups present; ``group`` codes each tie into ``names``."""
        if not len(group):
            return ()
        group = group.astype(np.int64)
        size = len(names)
        ties = np.bincount(group, minlength=size)
        known = ~np.isnan(self.amount)
        euros = np.bincount(group[known], weights=self.amount[known], minlength=size)
        missing = np.bincount(group[~known], minlength=size)
        funders = _distinct(group, self.funder, size)
        recipients = _distinct(group, self.recipient, size)
        rows = [FlowRow(str(names[g]), int(ties[g]), float(euros[g]), int(missing[g]),
                        int(funders[g]), int(recipients[g])) for g in np.flatnonzero(ties)]
        return tuple(sorted(rows, key=lambda r: (-(r.ties or 0), r.key)))


def _distinct(group: np.ndarray, ends: np.ndarray, size: int) -> np.ndarray:
    """How many distinct ``ends`` each group holds."""
    width = int(ends.max()) + 1
    pairs = sorted_distinct(group.astype(np.int64) * width + ends)
    return np.bincount(pairs // width, minlength=size)


def _unfunded_rows(code: np.ndarray, names: np.ndarray, entrepreneurs: np.ndarray,
                   never: np.ndarray) -> tuple[UnfundedRow, ...]:
    """Entrepreneurs and the never funded by group; ``code`` gives each frame row's group."""
    totals = np.bincount(code[entrepreneurs], minlength=len(names))
    counts = np.bincount(code[never], minlength=len(names))
    rows = [UnfundedRow(str(names[g]), int(totals[g]), int(counts[g]),
                        float(counts[g] / totals[g])) for g in np.flatnonzero(totals)]
    return tuple(sorted(rows, key=lambda r: (-(r.never_funded or 0), r.key)))
