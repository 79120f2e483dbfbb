"""The key figures of an ecosystem report in words, in the reader's language: each figure with
a sentence saying what it means, and the figures a comparison compares with readable names.

A figure that small-cell suppression hid (``None`` in the report) is shown as hidden, with
why; one that is undefined for the scope (a density of one stakeholder) as not applicable.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import numbers

from graph_models.use_cases.reports import Report
from service.i18n.formats import format_money, format_number
from service.i18n.labels import label
from service.i18n.locale import N_, current_locale, gettext

# The comparison's figures by name (graph_models.reports.comparison.headline); those named
# by a prefix and a code are in PREFIXED.
FIGURE_NAMES = {
    "stakeholders": N_("Stakeholders"), "ties": N_("Ties"), "pairs": N_("Connected pairs"),
    "density": N_("Density"), "mean_degree": N_("Average ties per stakeholder"),
    "components": N_("Separate parts"), "largest_component_share": N_("Share in the largest part"),
    "isolates": N_("Stakeholders without any tie"), "average_clustering": N_("Average clustering"),
    "transitivity": N_("Closed triangles"), "degree_centralization": N_("Centralisation"),
    "communities": N_("Communities"), "modularity": N_("Modularity"),
    "funded_ties": N_("Funding received"), "funding_amount": N_("Euros received"),
    "funding_missing_amounts": N_("Funding without an amount"),
    "funded_entrepreneurs": N_("Entrepreneurs funded"),
    "never_funded": N_("Entrepreneurs never funded"),
    "never_funded_share": N_("Share never funded"),
}
ATTRIBUTES = {"kind": N_("kinds"), "sector": N_("sectors"), "region": N_("regions")}
PREFIXED = (  # prefix, name with a %(code)s, the vocabulary of the code (None: ATTRIBUTES)
    ("e_i_", N_("Ties across %(code)s (E-I index)"), None),
    ("assortativity_", N_("Like with like among %(code)s (assortativity)"), None),
    ("need_coverage_", N_("Needs met by a tie: %(code)s"), "pillar"),
    ("stakeholders_", N_("Stakeholders: %(code)s"), "kind"),
    ("ties_", N_("Ties: %(code)s"), "tie_type"),
)
SHARES = ("density", "largest_component_share", "average_clustering", "transitivity",
          "need_coverage_", "never_funded_share")
COUNTS = ("stakeholders", "ties", "pairs", "components", "isolates", "communities",
          "funded_ties", "funding_missing_amounts", "funded_entrepreneurs", "never_funded")
MONEY = ("funding_amount",)


@dataclass(frozen=True)
class Figure:
    """A figure of a report: its name, its value as written, and what it means."""

    name: str
    value: str
    meaning: str


@dataclass(frozen=True)
class Change:
    """One figure of a comparison: its value before, after, and the change."""

    name: str
    before: str
    after: str
    change: str


def figure_name(key: str) -> str:
    """A headline figure's name in the reader's language."""
    if key in FIGURE_NAMES:
        return gettext(FIGURE_NAMES[key])
    for prefix, name, vocabulary in PREFIXED:
        if key.startswith(prefix):
            code = key.removeprefix(prefix)
            shown = gettext(ATTRIBUTES[code]) if vocabulary is None else label(vocabulary, code)
            return gettext(name, code=shown)
    return key


def written(key: str, value: float | None, *, change: bool = False) -> str:
    """A headline figure's value as the reader writes it: shares in per cent (a change in
    percentage points), counts whole, indices with two decimals; a dash when there is none."""
    if value is None:
        return "—"
    locale = current_locale()
    sign = "+" if change and value > 0 else ""
    if key.startswith(SHARES):
        if change:
            return gettext("%(value)s points", value=sign + numbers.format_decimal(
                value * 100, format="#,##0.0", locale=locale))
        return numbers.format_percent(value, format="#,##0.0%", locale=locale)
    if key in MONEY:
        return sign + format_money(value)
    if key in COUNTS or key.startswith(("stakeholders_", "ties_")):
        return sign + format_number(int(value))
    return sign + numbers.format_decimal(value, format="#,##0.00", locale=locale)


def changes_of(before: dict, after: dict, changes: dict) -> list[Change]:
    """A comparison's figures, in the report's order, each with its change."""
    return [Change(figure_name(key), written(key, before.get(key)), written(key, value),
                   written(key, changes.get(key), change=True))
            for key, value in after.items()]


def key_figures(report: Report) -> list[Figure]:
    """The figures a reader needs first, each with a sentence saying what it means."""
    hidden = gettext("Hidden: a count below %(min)s could point to a particular stakeholder.",
                     min=report.min_count)
    undefined = gettext("Not available here: too few stakeholders or ties, or some hidden.")

    def figure(key: str, value, meaning: str) -> Figure:
        if value is not None:
            return Figure(figure_name(key), written(key, value), meaning)
        return Figure(figure_name(key), written(key, value),
                      f"{meaning} {hidden if key in COUNTS + MONEY else undefined}")

    kinds = ", ".join(f"{label('kind', kind)} {written('stakeholders', count)}"
                      for kind, count in report.by_kind.items())
    kind_mixing = next((m for m in report.mixing.by_attribute if m.attribute == "kind"), None)
    never = "; ".join(f"{label('kind', a)} – {label('kind', b)}"
                      for a, b in report.mixing.never_meet)
    figures = [
        figure("stakeholders", report.stakeholders, gettext(
            "The stakeholders registered in the region by this date. By kind: %(kinds)s.",
            kinds=kinds or "—")),
        figure("ties", report.ties, gettext(
            "The ties recorded among them (knows, partners, mentors, funded, supported, "
            "introduced), joining %(pairs)s different pairs; %(external)s more ties reach "
            "stakeholders outside the region.",
            pairs=written("pairs", report.pairs), external=written("ties",
                                                                   report.external_ties))),
        figure("density", report.density, gettext(
            "Of all the pairs of stakeholders here that could be tied, the share that are: the "
            "higher, the more everyone knows everyone.")),
        figure("mean_degree", report.degree.mean, gettext(
            "How many others a stakeholder here is tied to, on average.")),
        figure("components", report.components.count, gettext(
            "Parts of the network that no chain of ties joins to each other; the largest "
            "holds %(share)s of the stakeholders. One part means anyone can reach anyone "
            "through acquaintances.",
            share=written("largest_component_share", report.components.largest_share))),
        figure("isolates", report.components.isolates, gettext(
            "Stakeholders without a single tie: the first to introduce to someone.")),
        figure("transitivity", report.transitivity, gettext(
            "How often two stakeholders tied to the same one are tied to each other too: "
            "high means close-knit circles where news travels fast.")),
        figure("degree_centralization", report.degree_centralization, gettext(
            "From 0, everyone about as connected as everyone else, to 1, everything going "
            "through one hub: a high value means the network depends on a few.")),
        figure("e_i_kind", kind_mixing.e_i if kind_mixing else None, gettext(
            "Cross-kind ties, from −1 (ties only within a kind: entrepreneurs with "
            "entrepreneurs) to +1 (ties only across kinds: entrepreneurs with investors, "
            "support organisations, policymakers). Kinds that never meet here: %(never)s.",
            never=never or gettext("none"))),
        figure("communities", report.communities.count, gettext(
            "Groups of stakeholders more tied among themselves than to the rest (modularity "
            "%(modularity)s: above 0.3 the groups are clearly apart). The network view colours "
            "them.", modularity=written("modularity", report.communities.modularity))),
    ]
    for coverage in report.needs.by_pillar:
        figures.append(figure(f"need_coverage_{coverage.pillar}", coverage.share, gettext(
            "Of the entrepreneurs' needs in %(pillar)s (%(needs)s), the share with a tie to "
            "someone who offers them: the rest is work for introductions.",
            pillar=label("pillar", coverage.pillar), needs=written("ties", coverage.needs))))
    return figures + funding_figures(report, figure)


def funding_figures(report: Report, figure) -> list[Figure]:
    """The funding flows' figures: the money in, and the entrepreneurs never funded."""
    flows = report.funding
    channels = ", ".join(f"{label('funding_channel', row.key)} {written('ties', row.ties)}"
                         for row in flows.by_channel)
    return [
        figure("funded_ties", flows.ties, gettext(
            "Funding recorded as received by entrepreneurs of the region by this date, from "
            "%(funders)s funders to %(recipients)s entrepreneurs; %(outside)s of it came from "
            "funders outside the region. By channel: %(channels)s.",
            funders=written("ties", flows.funders),
            recipients=written("ties", flows.recipients),
            outside=written("ties", flows.from_outside), channels=channels or "—")),
        figure("funding_amount", flows.amount, gettext(
            "The euros that funding records. %(missing)s of the funding ties have no amount "
            "recorded and are left out of this sum.",
            missing=written("ties", flows.missing_amounts))),
        figure("never_funded", flows.never_funded, gettext(
            "Entrepreneurs of the region with no funding at all by this date: %(share)s of "
            "the %(entrepreneurs)s. The full report counts them by legal form and region.",
            share=written("never_funded_share", flows.never_funded_share),
            entrepreneurs=written("ties", flows.entrepreneurs))),
    ]
