"""Small-cell suppression: hide counts so small that they could point at a person.

A report about a village with two investors must not tell that "1 investor funded 1 KoinSEp".
Every count of stakeholders, ties or pairs in a table of the report — by kind, region, sector
and tie type; pairs per relation (and the density made from them); the degree distribution;
the kind × kind matrix and the one by legal form; community sizes and kinds; needs and unmet
needs; joins and ties per month — that is at least 1 and below ``min_count`` becomes
``None``, and so does any rate made from it. Zeros stay: "investors and KoinSEps never meet"
identifies no one and is the point of the report.

The scope's totals are counts too: stakeholders, ties, connected pairs and ties leaving the
scope. One below ``min_count`` is hidden, and so is every figure made from a hidden number
of stakeholders or pairs, since a ratio over a handful gives the handful back (a share of
0.333 says 3; a density, the pairs over n(n−1)/2; a mean degree, 2 · pairs / n): with the
pairs, the density, the degree (mean, median, maximum), clustering, transitivity,
centralization, modularity and the mixing by attribute; with the stakeholders, every
whole-scope figure besides (components, communities, the brokers' means) — a scope that small
is itself a small cell. Otherwise the whole-scope measures stay.

Whatever would give a hidden count back goes with it: the possible pairs of a relation with a
hidden kind (n(n−1)/2 or n₁·n₂) and its density; and a group never meeting itself is listed
even when it has one member, so that the list does not tell a group of one from a larger one.

Growth gets more. Its running totals would give a hidden month back as the difference of two
totals, so the next month with ties or joins is hidden with it (secondary suppression) and the
totals between are left out; the scope's total, when shown, closes the last months the same
way (see :func:`_running`).

The tables whose cells add up to a total the report shows — by kind, by region, by tie type,
the degree distribution, the kinds of a community, the mixing matrices (to the pairs) — get the
same: while the total would tell the hidden cells, the smallest one shown is hidden too.
Elsewhere (sectors, where a stakeholder counts once in each of its sectors; pairs per tie type;
needs; the pairs within and across groups beside the E-I index) this is primary suppression
only: a hidden cell can sometimes be worked out from other figures. Named lists (isolates,
brokers) are not cells: who may see names is decided by the access policy, not here.

Examples
--------
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.reports.report import ecosystem_report
>>> report = suppress(ecosystem_report(example_graph(), region="EL30"), min_count=2)
>>> report.by_kind
{'entrepreneur': 3, 'investor': None, 'support_organisation': None}
>>> report.suppressed_cells > 0
True
>>> tiny = suppress(ecosystem_report(example_graph(), region="EL30", kind="investor"), 2)
>>> tiny.stakeholders, tiny.by_kind, tiny.components.largest_share
(None, {'investor': None}, None)
"""

from __future__ import annotations

import dataclasses

from graph_models.reports.model import FlowRow, Funding, PairDensity, Report, UnfundedRow

ALREADY_SUPPRESSED = "the report is suppressed already: its hidden counts are unknown"


def small_count(count: int | None, min_count: int) -> bool:
    """Whether a count is hidden: from 1 to ``min_count`` − 1 (zero tells of no one).

    >>> [small_count(n, 5) for n in (0, 1, 4, 5, None)]
    [False, True, True, False, False]
    """
    return count is not None and 0 < count < min_count


def _known(count: int | None) -> int:
    """A count of a report not suppressed yet (:func:`suppress` checks it), so never hidden."""
    if count is None:
        raise ValueError(ALREADY_SUPPRESSED)
    return count


class _Cells:
    """Hides small counts and counts how many it hid."""

    def __init__(self, min_count: int):
        self.min_count = min_count
        self.hidden = 0

    def small(self, value) -> bool:
        return small_count(value, self.min_count)

    def count(self, value):
        if self.small(value):
            self.hidden += 1
            return None
        return value

    def table(self, counts: dict) -> dict:
        return {key: self.count(value) for key, value in counts.items()}

    def tells_nothing(self, hidden: list[int], covering: bool) -> bool:
        """Whether hidden counts of a known sum stay unknown one by one: there are none, or
        several with one hidden only to cover the others (unbounded above, or 0) or a sum
        strictly between its least (all 1) and greatest (all ``min_count`` − 1) value. With
        ``min_count`` 2 a hidden count is 1 whatever else is hidden: nothing to gain."""
        if self.min_count <= 2:
            return True
        k, total = len(hidden), sum(hidden)
        return k == 0 or (k >= 2 and (covering or k < total < k * (self.min_count - 1)))

    def table_with_total(self, counts: dict) -> dict:
        """:meth:`table` for cells that add up to a total the report shows: while that total
        would tell the hidden cells, the smallest cell shown is hidden too.

        >>> _Cells(min_count=5).table_with_total({"entrepreneur": 11, "investor": 1})
        {'entrepreneur': None, 'investor': None}
        >>> _Cells(min_count=5).table_with_total({"a": 11, "b": 2, "c": 3, "d": 9})
        {'a': 11, 'b': None, 'c': None, 'd': 9}
        """
        shown = self.table(counts)
        hidden = [counts[key] for key, value in shown.items() if value is None]
        covering = False
        while not self.tells_nothing(hidden, covering):
            candidates = [key for key, value in shown.items() if value]
            if not candidates:
                break
            key = min(candidates, key=lambda key: (shown[key], str(key)))
            hidden.append(counts[key])
            shown[key], covering = None, True
            self.hidden += 1
        return shown


def suppress(report: Report, min_count: int) -> Report:
    """``report`` with every count in 1 … ``min_count − 1`` hidden (``None``).

    ``min_count`` 0 or 1 hides nothing. A report suppressed already is refused (ValueError):
    its hidden counts are unknown, and the checks that keep them hidden need them.
    """
    if report.min_count > 1:
        raise ValueError(ALREADY_SUPPRESSED)
    if min_count <= 1:
        return dataclasses.replace(report, min_count=max(min_count, 0))
    cells = _Cells(min_count)
    replace = dataclasses.replace
    by_kind = cells.table_with_total(report.by_kind)
    hidden_kinds = {kind for kind, count in by_kind.items() if count is None}

    matrix = _matrix_with_total(cells, report.mixing.matrix)
    group_matrix = _matrix_with_total(cells, report.mixing.group_matrix)
    kind_index = {kind: i for i, kind in enumerate(report.mixing.kinds)}

    def density(d: PairDensity) -> PairDensity:
        # Pairs of any tie between two kinds are the matrix's cell: hidden with it.
        small_pairs = cells.small(d.pairs) or (
            d.tie_type is None and d.pairs and matrix[kind_index[d.kinds[0]]][
                kind_index[d.kinds[1]]] is None)
        of_hidden_kind = not hidden_kinds.isdisjoint(d.kinds)
        if not (small_pairs or of_hidden_kind):
            return d
        cells.hidden += 1
        return replace(d, pairs=None if small_pairs else d.pairs,
                       possible=None if of_hidden_kind else d.possible, density=None)

    needs = report.needs
    by_pillar = tuple(
        replace(p, needs=None, covered=None, share=None)
        if cells.small(p.needs) or cells.small(p.covered) else p
        for p in needs.by_pillar)
    cells.hidden += sum(1 for old, new in zip(needs.by_pillar, by_pillar, strict=True)
                        if old is not new)
    communities = report.communities
    largest = []
    for c in communities.largest:
        size = cells.count(c.size)
        largest.append(replace(c, size=size, kinds=cells.table(c.kinds) if size is None
                               else cells.table_with_total(c.kinds)))
    stakeholders, ties = cells.count(report.stakeholders), cells.count(report.ties)
    joins, joins_total = _running(cells, [_known(m.stakeholders) for m in report.growth],
                                  [_known(m.total_stakeholders) for m in report.growth],
                                  closed=stakeholders is not None)
    begun, begun_total = _running(cells, [_known(m.ties) for m in report.growth],
                                  [_known(m.total_ties) for m in report.growth],
                                  closed=ties is not None)
    growth = tuple(replace(m, stakeholders=j, ties=b, total_stakeholders=jt, total_ties=bt)
                   for m, j, jt, b, bt in zip(report.growth, joins, joins_total, begun,
                                              begun_total, strict=True))
    shown = replace(
        report,
        stakeholders=stakeholders, ties=ties, pairs=cells.count(report.pairs),
        external_ties=cells.count(report.external_ties),
        by_kind=by_kind, by_region=cells.table_with_total(report.by_region),
        by_sector=cells.table(report.by_sector),
        ties_by_type=cells.table_with_total(report.ties_by_type),
        density_by_kinds=tuple(density(d) for d in report.density_by_kinds),
        density_by_relation=tuple(density(d) for d in report.density_by_relation),
        degree=replace(report.degree,
                       distribution=cells.table_with_total(report.degree.distribution)),
        mixing=replace(
            report.mixing, matrix=matrix, group_matrix=group_matrix,
            never_meet=_alone_too(report.mixing.kinds, report.mixing.matrix,
                                  report.mixing.never_meet, hidden_kinds),
            groups_never_meet=_alone_too(report.mixing.groups, report.mixing.group_matrix,
                                         report.mixing.groups_never_meet,
                                         report.mixing.groups)),
        communities=replace(communities, largest=tuple(largest)),
        needs=replace(needs, by_pillar=by_pillar,
                      unmet_by_topic=cells.table(needs.unmet_by_topic),
                      unmet_by_region=cells.table(needs.unmet_by_region),
                      entrepreneurs_with_unmet_needs=cells.count(
                          needs.entrepreneurs_with_unmet_needs)),
        growth=growth, funding=_funding(cells, report.funding), min_count=min_count)
    if shown.pairs is None:
        shown = _without_pair_measures(cells, shown)
    if shown.stakeholders is None:
        shown = _without_scope_measures(cells, shown)
    return replace(shown, suppressed_cells=cells.hidden)


def _without_pair_measures(cells: _Cells, report: Report) -> Report:
    """``report`` without the figures made from its (hidden) connected pairs."""
    replace = dataclasses.replace
    return replace(
        report, density=None, average_clustering=None, transitivity=None,
        degree_centralization=None,
        degree=replace(report.degree, mean=None, median=None,
                       maximum=cells.count(report.degree.maximum)),
        mixing=replace(report.mixing, by_attribute=tuple(
            replace(m, internal=None, external=None, e_i=None, assortativity=None)
            for m in report.mixing.by_attribute)),
        communities=replace(report.communities, modularity=None))


def _without_scope_measures(cells: _Cells, report: Report) -> Report:
    """``report`` without the figures made from its (hidden) stakeholders: a scope that
    small is a small cell itself."""
    replace = dataclasses.replace
    report = _without_pair_measures(cells, report)
    components, communities = report.components, report.communities
    return replace(
        report,
        components=replace(components, count=cells.count(components.count),
                           largest=cells.count(components.largest), largest_share=None,
                           isolates=cells.count(components.isolates),
                           unlisted_isolates=cells.count(components.unlisted_isolates)),
        communities=replace(communities, count=cells.count(communities.count),
                            singletons=cells.count(communities.singletons),
                            region_alignment=None, sector_alignment=None),
        brokers=replace(report.brokers, unlisted=cells.count(report.brokers.unlisted),
                        mean_constraint=None, mean_effective_size=None),
        mixing=replace(report.mixing, by_attribute=tuple(
            replace(m, groups=cells.count(m.groups)) for m in report.mixing.by_attribute)))


def _alone_too(names, matrix, never_meet, groups) -> tuple[tuple[str, str], ...]:
    """``never_meet`` with (g, g) added for each of ``groups`` with no pair within: a group of
    one never meets itself either, and leaving it out would say that it has one member.

    >>> _alone_too(("a", "b"), ((0, 3), (3, 0)), (), ("a",))
    (('a', 'a'),)
    """
    index = {name: i for i, name in enumerate(names)}
    alone = {(g, g) for g in groups if matrix[index[g]][index[g]] == 0}
    return tuple(sorted(set(never_meet) | alone, key=lambda pair: (index[pair[0]],
                                                                   index[pair[1]])))


def _running(cells: _Cells, counts: list[int], totals: list[int], *,
             closed: bool = True) -> tuple[list, list]:
    """A monthly series and its running totals with the small months hidden, and every total
    that, with another total or the last one (the scope's own), would tell a hidden month.
    Unless ``closed`` (the scope's total, the last, is shown), the scope's total is small and
    so is every running total: each is hidden but zeros.

    Two shown totals give the sum of the hidden months between them. That sum tells no month
    when there are none, or when they are several and their sum lies strictly between its
    least (all 1) and greatest (all ``min_count`` − 1) value, or when one of them is a month
    hidden here only to cover the others (its count is not bounded above, or is 0). The last
    stretch ends at the scope's total, which is always shown: there months are hidden, latest
    first, until it too tells nothing (when every month ends up hidden, the scope's total is
    all there is: a scope of a few ties, one a month, is then told by it alone).

    >>> _running(_Cells(min_count=3), [5, 1, 4, 0, 6], [5, 6, 10, 10, 16])
    ([5, None, None, 0, 6], [5, None, 10, 10, 16])
    >>> _running(_Cells(min_count=5), [5, 1, 3, 6], [5, 6, 9, 15])
    ([5, None, None, 6], [5, None, 9, 15])
    >>> _running(_Cells(min_count=5), [5, 1, 1, 6], [5, 6, 7, 13])  # 1 + 1 alone: each 1
    ([5, None, None, None], [5, None, None, 13])
    >>> _running(_Cells(min_count=5), [1, 0, 2], [1, 1, 3], closed=False)
    ([None, 0, None], [None, None, None])
    """
    shown = [cells.count(c) for c in counts]
    shown_totals: list[int | None] = list(totals)
    tells_nothing = cells.tells_nothing

    stretch: list[int] = []  # hidden months since the last total shown
    covering = False
    for i, count in enumerate(counts):
        if shown[i] is None:
            stretch.append(count)
        elif stretch and count and not tells_nothing(stretch, covering):
            # Hide this month too, rather than every total until the next small month.
            cells.hidden += 1
            shown[i], covering = None, True
            stretch.append(count)
        if tells_nothing(stretch, covering):
            stretch, covering = [], False
        else:
            shown_totals[i] = None
    if not closed:  # every total is at most the scope's, which is small: hide them all
        return shown, [None if cells.small(t) else t for t in shown_totals]
    end = len(counts)  # the last stretch: months start + 1 … end − 1

    def last_total_before(end: int) -> int:
        return max((j for j in range(end) if shown_totals[j] is not None), default=-1)

    start = last_total_before(end)
    while not tells_nothing(stretch, covering):
        for j in reversed(range(start + 1, end)):
            if shown[j] is not None and counts[j]:
                cells.hidden += 1
                shown[j], covering = None, True
                stretch.append(counts[j])
                if tells_nothing(stretch, covering):
                    break
        if tells_nothing(stretch, covering):
            break
        if start < 0:
            # Nothing left to hide but zeros (all ties of one each, say): hide one too, so that
            # a hidden month may be 0 and the sum no longer pins each at 1.
            zero = next((j for j in reversed(range(len(counts))) if shown[j] == 0), None)
            if zero is not None and stretch:
                cells.hidden += 1
                shown[zero], covering = None, True
                stretch.append(0)
            break
        shown_totals[start] = None  # not enough to hide here: join the stretch before
        end, start = start + 1, last_total_before(start)
        stretch += [counts[j] for j in range(start + 1, end) if shown[j] is None]
    return shown, shown_totals


def _matrix_with_total(cells: _Cells, matrix) -> tuple[tuple[int | None, ...], ...]:
    """A symmetric matrix of connected pairs, its cells on and above the diagonal adding up to
    the scope's pairs: suppressed as a table with that total, each pair of cells alike.

    >>> _matrix_with_total(_Cells(min_count=3), ((4, 1), (1, 0)))
    ((None, None), (None, 0))
    """
    n = len(matrix)
    upper = {(a, b): matrix[a][b] for a in range(n) for b in range(a, n) if matrix[a][b]}
    shown = cells.table_with_total(upper)
    return tuple(tuple(shown.get((min(a, b), max(a, b)), 0) for b in range(n))
                 for a in range(n))


def _funding(cells: _Cells, flows: Funding) -> Funding:
    """The funding flows with small counts hidden. A row of money (a group of FUNDED ties)
    goes whole when its ties, funders or recipients are few: its sum would tell about each of
    them; while the section's total shows, hidden rows are never alone (the total less the
    rest would give one back). A count of the never funded goes when it, or the funded
    beside it (entrepreneurs − never funded), is small."""
    replace = dataclasses.replace
    ties, funders = cells.count(flows.ties), cells.count(flows.funders)
    recipients = cells.count(flows.recipients)
    closed = ties is not None and funders is not None and recipients is not None

    def rows(table: tuple[FlowRow, ...]) -> tuple[FlowRow, ...]:
        hidden = {r.key for r in table if any(cells.small(n) for n in (r.ties, r.funders,
                                                                       r.recipients))}
        covering = False
        while closed and (len(hidden) == 1 or not cells.tells_nothing(
                [_known(r.ties) for r in table if r.key in hidden], covering)):
            shown = [r for r in table if r.key not in hidden]
            if not shown:
                break
            hidden.add(min(shown, key=lambda r: (_known(r.ties), r.key)).key)
            covering = True
        cells.hidden += len(hidden)
        return tuple(replace(r, ties=None, amount=None, missing_amounts=None, funders=None,
                             recipients=None) if r.key in hidden
                     else replace(r, missing_amounts=cells.count(r.missing_amounts))
                     for r in table)

    def unfunded(table: tuple[UnfundedRow, ...]) -> tuple[UnfundedRow, ...]:
        totals = cells.table_with_total({r.key: r.entrepreneurs for r in table})
        never = cells.table_with_total({r.key: r.never_funded for r in table})
        shown = []
        for r in table:
            count = None if cells.small(_known(r.entrepreneurs) - _known(r.never_funded)) \
                else never[r.key]
            shown.append(replace(r, entrepreneurs=totals[r.key], never_funded=count,
                                 share=r.share if count is not None and totals[r.key]
                                 is not None else None))
        return tuple(shown)

    entrepreneurs = cells.count(flows.entrepreneurs)
    never = None if cells.small(_known(flows.entrepreneurs) - _known(flows.never_funded)) \
        else cells.count(flows.never_funded)
    return replace(
        flows, ties=ties, funders=funders, recipients=recipients,
        amount=flows.amount if closed else None,
        missing_amounts=cells.count(flows.missing_amounts),
        from_outside=cells.count(flows.from_outside),
        by_funder=rows(flows.by_funder), by_channel=rows(flows.by_channel),
        by_instrument=rows(flows.by_instrument), by_legal_form=rows(flows.by_legal_form),
        by_region=rows(flows.by_region), entrepreneurs=entrepreneurs, never_funded=never,
        never_funded_share=flows.never_funded_share if never is not None
        and entrepreneurs is not None else None,
        never_funded_by_legal_form=unfunded(flows.never_funded_by_legal_form),
        never_funded_by_region=unfunded(flows.never_funded_by_region),
        unlisted_never_funded=cells.count(flows.unlisted_never_funded))
