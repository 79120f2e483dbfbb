"""The report page's funding sections: the money into the scope by funder, channel,
instrument, legal form and region, and the entrepreneurs never funded — headings, tables and
sentences in the reader's language (see :mod:`graph_models.reports.page`).

>>> from datetime import date
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.reports.report import ecosystem_report
>>> from graph_models.reports.wording import PLAIN
>>> from graph_models.reports.writer import Writer
>>> html = "".join(funding_sections(ecosystem_report(example_graph()), Writer(PLAIN)))
>>> "<h2>Funding flows</h2>" in html, "<h2>Never funded</h2>" in html
(True, True)
"""

from __future__ import annotations

from graph_models.domain.phrases import Codes, Number, Phrase, Value
from graph_models.reports.model import FlowRow, Report, UnfundedRow
from graph_models.reports.writer import Writer, shown

MAX_LISTED_IN_PAGE = 100
NONE_RECORDED = Phrase("none recorded")


def _euros(value: float | None) -> Value:
    return "–" if value is None else Number(value, places=2)


def _share(value: float | None) -> Value:
    return "–" if value is None else Number(value, places=1, percent=True)


def funder_name(key: str) -> Value:
    """A funder's group: an investor by its type (``investor:public_fund``), else its kind."""
    kind, _, kind_type = key.partition(":")
    return Codes("investor_type", (kind_type,)) if kind_type else Codes("kind", (kind,))


def _code(vocabulary: str):
    return lambda key: Codes(vocabulary, (key,)) if key else NONE_RECORDED


def funding_sections(r: Report, w: Writer) -> list[str]:
    """The two sections as HTML fragments."""
    f = r.funding

    def flows(group: Phrase, rows: tuple[FlowRow, ...], name) -> str:
        return w.table(
            [group, Phrase("ties"), Phrase("euros"), Phrase("without an amount"),
             Phrase("funders"), Phrase("entrepreneurs funded")],
            ((name(x.key), x.ties, _euros(x.amount), x.missing_amounts, x.funders,
              x.recipients) for x in rows))

    def unfunded(group: Phrase, rows: tuple[UnfundedRow, ...], name) -> str:
        return w.table([group, Phrase("entrepreneurs"), Phrase("never funded"),
                        Phrase("share")],
                       ((name(x.key), x.entrepreneurs, x.never_funded, _share(x.share))
                        for x in rows))

    missing = (" " + w(Phrase("{count} of the ties have no amount recorded: the sums leave "
                              "them out.", count=shown(f.missing_amounts)))
               if f.missing_amounts != 0 else "")
    unlisted = (" " + w(Phrase("{count} of them are not listed here.",
                               count=f.unlisted_never_funded))
                if f.unlisted_never_funded else "")
    return [
        "<h2>" + w(Phrase("Funding flows")) + "</h2>",
        "<p>" + w(Phrase(
            "{ties} funding ties reached {recipients} entrepreneurs of the scope from "
            "{funders} funders ({outside} of the ties from funders outside the scope), for "
            "{amount} euros recorded.", ties=shown(f.ties), recipients=shown(f.recipients),
            funders=shown(f.funders), outside=shown(f.from_outside),
            amount=_euros(f.amount))) + missing + "</p>",
        "<p>" + w(Phrase("Channels: a participatory budget's results, a matchfunding pool's "
                         "match, the pledges of stakeholders to a campaign, or direct "
                         "funding recorded or imported.")) + "</p>",
        '<div class="row">',
        flows(Phrase("funder"), f.by_funder, funder_name),
        flows(Phrase("channel"), f.by_channel, _code("funding_channel")),
        flows(Phrase("instrument"), f.by_instrument, _code("instrument")),
        "</div>",
        '<div class="row">',
        flows(Phrase("legal form"), f.by_legal_form, _code("legal_form")),
        flows(Phrase("region"), f.by_region, _code("region")),
        "</div>",
        "<h2>" + w(Phrase("Never funded")) + "</h2>",
        "<p>" + w(Phrase(
            "{never} of the {entrepreneurs} entrepreneurs of the scope ({share}) have no "
            "funding tie by this date.", never=shown(f.never_funded),
            entrepreneurs=shown(f.entrepreneurs), share=_share(f.never_funded_share)))
        + unlisted + "</p>",
        '<div class="row">',
        unfunded(Phrase("legal form"), f.never_funded_by_legal_form, _code("legal_form")),
        unfunded(Phrase("region"), f.never_funded_by_region, _code("region")),
        "</div>",
        w.table([Phrase("name"), Phrase("region"), Phrase("joined"),
                 Phrase("days in the network")],
                ((u.stakeholder.name, Codes("region", (u.stakeholder.region,)),
                  w.wording.day(u.joined) if u.joined else "–", u.days)
                 for u in f.listed_never_funded[:MAX_LISTED_IN_PAGE])),
    ]
