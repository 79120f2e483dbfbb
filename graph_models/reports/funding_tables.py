"""The funding flows of a report as CSV tables (see :mod:`graph_models.reports.tables`):
``funding_by_funder.csv``, ``funding_by_channel.csv``, ``funding_by_instrument.csv``,
``funding_by_legal_form.csv`` and ``funding_by_region.csv`` (ties, euros, ties without an
amount, distinct funders and recipients per group), ``never_funded_by_legal_form.csv`` and
``never_funded_by_region.csv`` (entrepreneurs, never funded, share) and ``never_funded.csv``
(the entrepreneurs named to the reader, with the day each joined and its days in the network).

>>> from datetime import date
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.reports.report import ecosystem_report
>>> from graph_models.reports.tables import csv_tables
>>> tables = csv_tables(ecosystem_report(example_graph(), as_of=date(2026, 1, 1)))
>>> tables["funding_by_funder.csv"].splitlines()
['funder,ties,amount,missing_amounts,funders,recipients', 'investor,2,0.0,2,2,2']
>>> tables["never_funded.csv"].splitlines()[1]
'coop2,Ήλιος,entrepreneur,EL301,2020-03-01,2132'
"""

from __future__ import annotations

from collections.abc import Callable

from graph_models.domain.phrases import Phrase
from graph_models.reports.model import FlowRow, Funding, UnfundedRow

# Column headings, as in tables.HEADINGS: the English text is the code programs read.
FLOW_HEADINGS = [Phrase("ties"), Phrase("amount"), Phrase("missing_amounts"),
                 Phrase("funders"), Phrase("recipients")]
UNFUNDED_HEADINGS = [Phrase("entrepreneurs"), Phrase("never_funded"), Phrase("share")]
GROUPS = {"funder": Phrase("funder"), "channel": Phrase("channel"),
          "instrument": Phrase("instrument"), "legal_form": Phrase("legal_form"),
          "region": Phrase("region")}


def _flows(rows: tuple[FlowRow, ...]):
    return ((r.key, r.ties, r.amount, r.missing_amounts, r.funders, r.recipients) for r in rows)


def _unfunded(rows: tuple[UnfundedRow, ...]):
    return ((r.key, r.entrepreneurs, r.never_funded, r.share) for r in rows)


def funding_tables(flows: Funding, table: Callable[[list, object], str]) -> dict[str, str]:
    """The section's tables by file name, each written by ``table(header, rows)``."""
    return {
        "funding_by_funder.csv": table([GROUPS["funder"], *FLOW_HEADINGS],
                                       _flows(flows.by_funder)),
        "funding_by_channel.csv": table([GROUPS["channel"], *FLOW_HEADINGS],
                                        _flows(flows.by_channel)),
        "funding_by_instrument.csv": table([GROUPS["instrument"], *FLOW_HEADINGS],
                                           _flows(flows.by_instrument)),
        "funding_by_legal_form.csv": table([GROUPS["legal_form"], *FLOW_HEADINGS],
                                           _flows(flows.by_legal_form)),
        "funding_by_region.csv": table([GROUPS["region"], *FLOW_HEADINGS],
                                       _flows(flows.by_region)),
        "never_funded_by_legal_form.csv": table([GROUPS["legal_form"], *UNFUNDED_HEADINGS],
                                                _unfunded(flows.never_funded_by_legal_form)),
        "never_funded_by_region.csv": table([GROUPS["region"], *UNFUNDED_HEADINGS],
                                            _unfunded(flows.never_funded_by_region)),
        "never_funded.csv": table(
            [Phrase("id"), Phrase("name"), Phrase("kind"), Phrase("region"), Phrase("joined"),
             Phrase("days")],
            ((u.stakeholder.id, u.stakeholder.name, u.stakeholder.kind, u.stakeholder.region,
              u.joined.isoformat() if u.joined else None, u.days)
             for u in flows.listed_never_funded)),
    }


def funding_codes(flows: Funding) -> set[tuple[str, str]]:
    """Every (vocabulary, code) the section's tables hold."""
    found: set[tuple[str, str]] = set()
    for r in flows.by_funder:
        kind, _, kind_type = r.key.partition(":")
        found |= {("kind", kind), *((("investor_type", kind_type),) if kind_type else ())}
    found |= {("funding_channel", r.key) for r in flows.by_channel}
    found |= {("instrument", r.key) for r in flows.by_instrument if r.key}
    forms = [r.key for r in flows.by_legal_form] + [
        r.key for r in flows.never_funded_by_legal_form]
    regions = [r.key for r in flows.by_region] + [r.key for r in flows.never_funded_by_region]
    found |= {("legal_form", key) for key in forms if key}
    found |= {("region", key) for key in regions if key}
    found |= {("region", u.stakeholder.region) for u in flows.listed_never_funded
              if u.stakeholder.region}
    return found
