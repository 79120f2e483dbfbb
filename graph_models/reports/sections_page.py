"""The sections of the report page after its headline: who is in the scope, density and
degree, which kinds meet, the network, brokers, who is left out, needs and growth — each a
heading, its tables and charts, and sentences saying what the numbers mean, in the reader's
language (see :mod:`graph_models.reports.page`)."""

from __future__ import annotations

from graph_models.domain.phrases import Codes, Phrase, Value
from graph_models.reports.model import Report
from graph_models.reports.wording import ATTRIBUTES, group_name, joined, verbatim
from graph_models.reports.writer import Writer, shown

MAX_LISTED_IN_PAGE = 100


def _codes(vocabulary: str, code: str | None) -> Value:
    return Codes(vocabulary, (code,)) if code else ""


def _pairs(pairs, name_of) -> Value:
    """Pairs of groups "a × b", or none."""
    if not pairs:
        return Phrase("none")
    return joined(*(joined(name_of(a), name_of(b), separator=" × ") for a, b in pairs))


def _sampling(report: Report) -> Phrase:
    if report.brokers.exact:
        return Phrase("exact")
    return Phrase("estimated from {pivots} sampled sources (± one standard error)",
                  pivots=report.brokers.pivots)


def body_sections(r: Report, w: Writer, *, charts: dict[str, str]) -> list[str]:
    """The page's sections as HTML fragments; ``charts`` are its drawn charts by name."""
    def heading(words: Phrase) -> str:
        return f"<h2>{w(words)}</h2>"

    def para(words: Phrase) -> str:
        return f"<p>{w(words)}</p>"

    def kind(code: str) -> Value:
        return _codes("kind", code)

    return [
        heading(Phrase("Who is in it")),
        '<div class="row">',
        w.table([Phrase("kind"), Phrase("stakeholders")],
                ((kind(k), n) for k, n in r.by_kind.items())),
        w.table([Phrase("tie type"), Phrase("ties")],
                ((_codes("tie_type", t), n) for t, n in r.ties_by_type.items())),
        w.table([Phrase("region"), Phrase("stakeholders")],
                ((_codes("region", g), n) for g, n in list(r.by_region.items())[:15])),
        w.table([Phrase("sector"), Phrase("stakeholders")],
                ((_codes("sector", s), n) for s, n in list(r.by_sector.items())[:15])),
        "</div>",
        heading(Phrase("Density and degree")),
        para(Phrase("Density per relation: connected pairs over the possible ones — n(n−1)/2 "
                    "within a kind, n₁·n₂ between two kinds.")),
        w.table([Phrase("kinds"), Phrase("tie type"), Phrase("pairs"), Phrase("possible"),
                 Phrase("density")],
                ((joined(*map(kind, d.kinds), separator=" × "),
                  _codes("tie_type", d.tie_type) if d.tie_type else Phrase("any"), d.pairs,
                  d.possible, d.density)
                 for d in (*r.density_by_kinds, *r.density_by_relation))),
        f"<figure>{charts['degree']}<figcaption>" + w(Phrase(
            "Degree distribution (distinct neighbours); mean {mean}, median {median}, maximum "
            "{maximum}.", mean=shown(r.degree.mean), median=shown(r.degree.median),
            maximum=shown(r.degree.maximum))) + "</figcaption></figure>",
        heading(Phrase("Which kinds meet")),
        f"<figure>{charts['mixing']}<figcaption>"
        + w(Phrase("Connected pairs between kinds; colour: density of the relation."))
        + "</figcaption></figure>",
        para(Phrase("Kinds that never meet: {pairs}",
                    pairs=_pairs(r.mixing.never_meet, kind))),
        para(Phrase("With entrepreneurs by legal form, groups that never meet: {pairs}",
                    pairs=_pairs(r.mixing.groups_never_meet, group_name))),
        w.table([Phrase("attribute"), Phrase("groups"), Phrase("pairs within"),
                 Phrase("pairs across"), Phrase("E-I index"), Phrase("assortativity")],
                ((ATTRIBUTES.get(m.attribute) or verbatim(m.attribute), m.groups, m.internal,
                  m.external, m.e_i, m.assortativity) for m in r.mixing.by_attribute)),
        para(Phrase("E-I index (Krackhardt): (pairs across − pairs within) / all pairs; −1 "
                    "when every tie stays within a group, +1 when every tie crosses groups. "
                    "Assortativity (Newman): 1 when like only meets like, 0 when ties fall as "
                    "by chance, below 0 when unlike meet more than by chance.")),
        heading(Phrase("The network")),
        charts["network"],
        para(Phrase("{count} communities ({singletons} of one stakeholder), modularity "
                    "{modularity}; alignment (NMI) with regions {regions}, with sectors "
                    "{sectors}.", count=shown(r.communities.count),
                    singletons=shown(r.communities.singletons),
                    modularity=shown(r.communities.modularity),
                    regions=shown(r.communities.region_alignment),
                    sectors=shown(r.communities.sector_alignment))),
        w.table([Phrase("community"), Phrase("size"), Phrase("top region"), Phrase("share"),
                 Phrase("top sector"), Phrase("share")],
                ((c.label + 1, c.size, _codes("region", c.top_region), c.top_region_share,
                  _codes("sector", c.top_sector), c.top_sector_share)
                 for c in r.communities.largest)),
        heading(Phrase("Brokers")),
        "<p>" + w(Phrase("Betweenness {sampling}; mean constraint {constraint}, mean "
                         "effective size {size}.", sampling=_sampling(r),
                         constraint=shown(r.brokers.mean_constraint),
                         size=shown(r.brokers.mean_effective_size)))
        + (" " + w(Phrase("{count} of the top are not named to you.",
                          count=r.brokers.unlisted)) if r.brokers.unlisted else "") + "</p>",
        w.table([Phrase("name"), Phrase("kind"), Phrase("region"), Phrase("degree"),
                 Phrase("betweenness"), Phrase("± standard error"), Phrase("constraint"),
                 Phrase("effective size")],
                ((b.stakeholder.name, kind(b.stakeholder.kind),
                  _codes("region", b.stakeholder.region), b.degree, b.betweenness,
                  b.betweenness_error, b.constraint, b.effective_size)
                 for b in r.brokers.top)),
        heading(Phrase("Who is left out")),
        "<p>" + w(Phrase("{count} components; the largest holds {largest} ({share}).",
                         count=shown(r.components.count), largest=shown(r.components.largest),
                         share=shown(r.components.largest_share)))
        + " " + w(Phrase("Isolates: {isolates}.", isolates=shown(r.components.isolates)) if
                  not r.components.unlisted_isolates else
                  Phrase("Isolates: {isolates}, {unlisted} of them not listed here.",
                         isolates=shown(r.components.isolates),
                         unlisted=r.components.unlisted_isolates)) + "</p>",
        w.table([Phrase("name"), Phrase("kind"), Phrase("region")],
                ((s.name, kind(s.kind), _codes("region", s.region))
                 for s in r.components.listed_isolates[:MAX_LISTED_IN_PAGE])),
        heading(Phrase("Needs")),
        f"<figure>{charts['coverage']}<figcaption>" + w(Phrase("Need coverage per pillar."))
        + "</figcaption></figure>",
        '<div class="row">',
        w.table([Phrase("pillar"), Phrase("needs"), Phrase("covered"), Phrase("share")],
                ((_codes("pillar", p.pillar), p.needs, p.covered, p.share)
                 for p in r.needs.by_pillar)),
        w.table([Phrase("unmet need"), Phrase("entrepreneurs")],
                ((_codes("topic", t), n) for t, n in list(r.needs.unmet_by_topic.items())[:20])),
        w.table([Phrase("region"), Phrase("unmet needs")],
                ((_codes("region", g), n)
                 for g, n in list(r.needs.unmet_by_region.items())[:20])),
        "</div>",
        heading(Phrase("Growth")),
        f"<figure>{charts['growth']}<figcaption>"
        + w(Phrase("Stakeholders and ties, month by month.")) + "</figcaption></figure>",
    ]
