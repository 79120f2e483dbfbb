"""Compare two reports: their headline figures, and how each changed.

Examples
--------
>>> from datetime import date
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.reports.report import ecosystem_report
>>> early = ecosystem_report(example_graph(), as_of=date(2020, 12, 31))
>>> compare(early, ecosystem_report(example_graph())).changes["ties"]
6
"""

from __future__ import annotations

from graph_models.reports.edges import TIE_TYPES
from graph_models.reports.frame import KINDS
from graph_models.reports.model import Comparison, Report


def compare(before: Report, after: Report) -> Comparison:
    """The headline figures of two reports and their changes (after − before; None where
    either is undefined or suppressed).

    >>> from datetime import date
    >>> from graph_models.reports.examples import example_graph
    >>> from graph_models.reports.report import ecosystem_report
    >>> before = ecosystem_report(example_graph(), as_of=date(2021, 12, 31))
    >>> change = compare(before, ecosystem_report(example_graph())).changes
    >>> change["stakeholders"], change["ties_FUNDED"], change["isolates"]
    (1, 1, 0)
    """
    old, new = headline(before), headline(after)
    changes = {name: _change(old.get(name), figure) for name, figure in new.items()}
    return Comparison(before, after, old, new, changes)


def _change(old: float | None, new: float | None) -> float | None:
    return new - old if new is not None and old is not None else None


def headline(report: Report) -> dict[str, float | int | None]:
    """The report's scalar figures by name, in a fixed order (what a comparison compares).

    >>> from graph_models.reports.examples import example_graph
    >>> from graph_models.reports.report import ecosystem_report
    >>> figures = headline(ecosystem_report(example_graph(), region="EL30"))
    >>> list(figures)[:4], figures["stakeholders_investor"], figures["e_i_kind"]
    (['stakeholders', 'ties', 'pairs', 'density'], 1, 0.5)
    """
    figures: dict[str, float | int | None] = {
        "stakeholders": report.stakeholders, "ties": report.ties, "pairs": report.pairs,
        "density": report.density, "mean_degree": report.degree.mean,
        "components": report.components.count,
        "largest_component_share": report.components.largest_share,
        "isolates": report.components.isolates,
        "average_clustering": report.average_clustering, "transitivity": report.transitivity,
        "degree_centralization": report.degree_centralization,
        "communities": report.communities.count, "modularity": report.communities.modularity,
    }
    for mixing in report.mixing.by_attribute:
        figures[f"e_i_{mixing.attribute}"] = mixing.e_i
        figures[f"assortativity_{mixing.attribute}"] = mixing.assortativity
    for coverage in report.needs.by_pillar:
        figures[f"need_coverage_{coverage.pillar}"] = coverage.share
    for kind in KINDS:
        figures[f"stakeholders_{kind.value}"] = report.by_kind.get(kind.value, 0)
    for tie_type in TIE_TYPES:
        figures[f"ties_{tie_type.value}"] = report.ties_by_type.get(tie_type.value, 0)
    flows = report.funding
    figures.update({
        "funded_ties": flows.ties, "funding_amount": flows.amount,
        "funding_missing_amounts": flows.missing_amounts,
        "funded_entrepreneurs": flows.recipients, "never_funded": flows.never_funded,
        "never_funded_share": flows.never_funded_share})
    return figures
