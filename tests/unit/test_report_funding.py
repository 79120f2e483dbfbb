"""The report's funding flows on the hand-built ecosystem of tests/funding_world.py: small
counts hidden (a row of money whose funders or recipients are few goes whole, and never
alone), the never funded named only to whom may read them, the CSV tables' columns and the
page's words in both languages. The figures themselves are checked on both stores in
tests/contract/test_report_funding.py."""

from __future__ import annotations

import csv
import dataclasses
import io
from contextlib import nullcontext
from datetime import date

from graph_models.domain.accounts import Role, User
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import Snapshot, build_snapshot
from graph_models.reports import csv_tables, ecosystem_report, html_report, suppress
from graph_models.reports.model import FlowRow
from graph_models.use_cases.reports import Reporting
from service.i18n.wording import CatalogueWording
from tests.funding_world import people, ties

ON = date(2025, 1, 1)


def graph():
    return build_snapshot(GraphExport(version=1, stakeholders=people(), ties=ties())).graph


class Fixed:
    """A snapshot source holding the world."""

    def reading(self):
        return nullcontext(Snapshot(version=1, graph=graph()))


def report(min_count: int = 0):
    return suppress(ecosystem_report(graph(), region="EL30", as_of=ON), min_count)


def test_a_row_of_money_with_one_funder_or_one_recipient_is_hidden_whole():
    flows = report(min_count=2).funding
    # Totals of 4 ties, 3 funders and 2 recipients stay, and so does their sum.
    assert (flows.ties, flows.funders, flows.recipients, flows.amount) == (4, 3, 2, 1700.0)
    # Every funder's row joins one funder to one entrepreneur: each sum would be theirs.
    assert all((r.ties, r.amount, r.funders, r.recipients) == (None,) * 4
               for r in flows.by_funder)
    assert [r.key for r in flows.by_funder] == [
        "investor:ethical_bank", "investor:public_fund", "policymaker"]


def test_hidden_rows_of_money_are_never_alone_while_the_total_shows():
    flows = dataclasses.replace(
        ecosystem_report(graph(), region="EL30", as_of=ON).funding, ties=19, funders=12,
        recipients=12, by_channel=(FlowRow("direct", 10, 900.0, 0, 5, 5),
                                   FlowRow("pledges", 8, 300.0, 0, 6, 6),
                                   FlowRow("participatory_budget", 1, 50.0, 0, 1, 1)))
    base = ecosystem_report(graph(), region="EL30", as_of=ON)
    shown = suppress(dataclasses.replace(base, funding=flows), 5).funding
    # The budget's row is small; the total less the others would give it back, so the
    # smallest row shown (the pledges') goes with it.
    assert [(r.key, r.ties, r.amount) for r in shown.by_channel] == [
        ("direct", 10, 900.0), ("pledges", None, None), ("participatory_budget", None, None)]


def test_a_never_funded_count_goes_when_it_or_the_funded_beside_it_is_small():
    flows = report(min_count=3).funding
    assert (flows.entrepreneurs, flows.never_funded, flows.never_funded_share) == (4, None,
                                                                                   None)
    by_form = {r.key: (r.entrepreneurs, r.never_funded, r.share)
               for r in report(min_count=2).funding.never_funded_by_legal_form}
    # KoinSEps: 2, one never funded, so one funded: both hidden with the share.
    assert by_form["koinsep"] == (2, None, None)


def test_the_never_funded_are_named_to_a_coordinator_and_counted_for_a_viewer():
    reports = Reporting(Fixed(), min_count=0)
    viewer = User(id="v", username="v", role=Role.VIEWER, regions=("EL30",))
    coordinator = User(id="c", username="c", role=Role.COORDINATOR, regions=("EL30",))
    seen = reports.report(actor=viewer, as_of=ON).report.funding
    assert (seen.listed_never_funded, seen.unlisted_never_funded) == ((), 2)
    named = reports.report(actor=coordinator, as_of=ON).report.funding
    assert [u.stakeholder.name for u in named.listed_never_funded] == ["Ομάδα", "Νέα"]
    assert named.unlisted_never_funded == 0


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_tables_of_the_funding_flows_and_their_columns():
    tables = csv_tables(report())
    by_channel = read(tables["funding_by_channel.csv"])
    assert by_channel[0] == ["channel", "ties", "amount", "missing_amounts", "funders",
                             "recipients"]
    assert ["direct", "1", "0.0", "1", "1", "1"] in by_channel
    assert read(tables["never_funded_by_region.csv"]) == [
        ["region", "entrepreneurs", "never_funded", "share"], ["EL303", "3", "2",
                                                               "0.6666666666666666"],
        ["EL301", "1", "0", "0.0"]]
    assert read(tables["never_funded.csv"])[1:] == [
        ["e4", "Ομάδα", "entrepreneur", "EL303", "2022-01-01", "1096"],
        ["e3", "Νέα", "entrepreneur", "EL303", "2024-06-01", "214"]]
    hidden = read(csv_tables(report(min_count=2))["funding_by_funder.csv"])
    assert hidden[1] == ["investor:ethical_bank", "", "", "", "", ""]


def test_the_page_words_the_funding_flows_in_greek_and_in_english():
    greek = html_report(report(), wording=CatalogueWording("el"))
    assert "<h2>Ροές χρηματοδότησης</h2>" in greek and "Συμμετοχικός προϋπολογισμός" in greek
    assert "Κοινωνική Συνεταιριστική Επιχείρηση" in greek and "1.700,00" in greek
    english = html_report(report(), wording=CatalogueWording("en"))
    assert "<h2>Funding flows</h2>" in english and "<h2>Never funded</h2>" in english
    assert "Participatory budget" in english and "1,700.00" in english
    assert "1 of the ties have no amount recorded" in english
