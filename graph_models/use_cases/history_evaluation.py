"""Evaluating matches on a real funding history, through the public use cases.

:func:`evaluate_history` imports what is known before a split date ``T`` into a fresh store
through :class:`~graph_models.use_cases.interchange.Interchange` (the investors and companies
of the ties before ``T`` with those ties, and the companies first funded in ``[T, T + 1 year)``
with a category, without ties), then asks :class:`~graph_models.use_cases.matches.Matches` for
each company's investors (``kind=investor, pillar=financing``) and compares them with the
truth, per :mod:`graph_models.matching.history_metrics`:

- **warm**: companies with an investor before ``T``; the truth is the investors known before
  ``T`` that fund them for the first time in the window;
- **cold start**: companies first funded in the window that have a category; the truth is
  their investors known before ``T``.

The baselines of the same module rank the same companies from the same known ties. A match
list holds at most :data:`~graph_models.matching.config.MAX_LIMIT` investors: a true investor
ranked below counts as a miss, so Syndesmos's MRR is a lower bound (by less than 1 / 100).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graph_models.domain.errors import Conflict
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching import MatchWeights
from graph_models.matching import history_metrics as hm
from graph_models.matching.config import DEFAULT_WEIGHTS, MAX_LIMIT
from graph_models.stores import open_store
from graph_models.stores.base import GraphStore
from graph_models.use_cases.funding_history import (
    FINANCING_TOPIC,
    FundingRow,
    companies,
    region_codes,
    sector_codes,
)
from graph_models.use_cases.interchange import ImportLine, Interchange
from graph_models.use_cases.live_index import LiveMatchIndex
from graph_models.use_cases.match_models import MatchModels
from graph_models.use_cases.matches import Matches

WINDOW_DAYS = 365
INVESTOR_PREFIX, COMPANY_PREFIX = "investor:", "company:"


@dataclass(frozen=True)
class Case:
    """One case of the protocol: the companies asked about and each one's truth."""

    name: str
    truth: dict[str, set[str]]  # company name → investor names


@dataclass
class Evaluation:
    """The figures of each method on each case, in the order computed."""

    split: date
    investors: int
    companies: int
    ties: int
    figures: dict[tuple[str, str], hm.Figures] = field(default_factory=dict)

    def table(self) -> list[tuple[str, str, int, float, float]]:
        """(case, method, companies, recall@10, MRR) rows."""
        return [(case, method, f.ventures, f.recall_at_10, f.mrr)
                for (case, method), f in self.figures.items()]


def default_split(rows: Sequence[FundingRow]) -> date:
    """One window before the latest date of ``rows``: the last year is the truth.

    >>> from graph_models.use_cases.funding_history import parse_rows
    >>> default_split(parse_rows([{"investor_name": "A", "company_name": "v",
    ...                            "funded_when": "2011-12-31"}]))
    datetime.date(2011, 1, 1)
    """
    return max(r.when for r in rows) - timedelta(days=WINDOW_DAYS - 1)


def cases(rows: Sequence[FundingRow], split: date) -> tuple[Case, Case]:
    """The warm and cold-start cases of the protocol at ``split``.

    >>> from graph_models.use_cases.funding_history import parse_rows
    >>> rows = parse_rows([
    ...     {"investor_name": i, "company_name": c, "funded_when": d, "company_category": "x"}
    ...     for i, c, d in [("A", "v", "2010-01-01"), ("B", "v", "2011-02-01"),
    ...                     ("A", "w", "2011-03-01"), ("C", "w", "2011-03-01")]])
    >>> warm, cold = cases(rows, date(2011, 1, 1))
    >>> warm.truth, cold.truth
    ({}, {'w': {'A'}})
    """
    end = split + timedelta(days=WINDOW_DAYS)
    known = [r for r in rows if r.when < split]
    investors = {r.investor for r in known}
    before: dict[str, set[str]] = {}
    for r in known:
        before.setdefault(r.company, set()).add(r.investor)
    profile = companies(rows)
    warm: dict[str, set[str]] = {}
    cold: dict[str, set[str]] = {}
    for r in rows:
        if not split <= r.when < end or r.investor not in investors:
            continue
        if r.company in before:
            if r.investor not in before[r.company]:
                warm.setdefault(r.company, set()).add(r.investor)
        elif profile[r.company].category:
            cold.setdefault(r.company, set()).add(r.investor)
    return Case("warm", warm), Case("cold", cold)


def import_lines(rows: Sequence[FundingRow], split: date, cold: Case
                 ) -> tuple[list[ImportLine], list[ImportLine]]:
    """The stakeholder and tie lines of what is known before ``split``, and the cold-start
    companies (without ties)."""
    known = [r for r in rows if r.when < split]
    profile = companies(rows)
    sectors = sector_codes(rows)
    names = sorted({r.company for r in known} | set(cold.truth))
    regions = region_codes(profile[name].place for name in names)
    stakeholders = [ImportLine(n, {
        "kind": "investor", "name": name[:300], "external_id": INVESTOR_PREFIX + name[:280],
        "region": "ZZ", "offers": [FINANCING_TOPIC], "discoverable": True})
        for n, name in enumerate(sorted({r.investor for r in known}), start=1)]
    for name in names:
        company = profile[name]
        fields = {"kind": "entrepreneur", "name": name[:300],
                  "external_id": COMPANY_PREFIX + name[:280],
                  "region": regions[company.place], "needs": [FINANCING_TOPIC],
                  "discoverable": True}
        if company.category:
            fields["sectors"] = [sectors[company.category]]
        stakeholders.append(ImportLine(len(stakeholders) + 1, fields))
    pairs = sorted({(r.investor, r.company, r.when) for r in known})
    ties = [ImportLine(len(stakeholders) + n, {
        "type": TieType.FUNDED, "since": when,
        "source": {"kind": Kind.INVESTOR, "external_id": INVESTOR_PREFIX + investor[:280]},
        "target": {"kind": Kind.ENTREPRENEUR,
                   "external_id": COMPANY_PREFIX + company[:280]}})
        for n, (investor, company, when) in enumerate(pairs, start=1)]
    return stakeholders, ties


def syndesmos_rankings(store: GraphStore, case: Case, weights: MatchWeights
                       ) -> list[tuple[list[str], set[str]]]:
    """Each company's investors as the public matches use case ranks them, with its truth."""
    matches = Matches(store, LiveMatchIndex(store), match_weights=weights)
    index = LiveMatchIndex(store).get()
    by_name = {}
    for row, person in enumerate(index.stakeholders):
        if person.kind.value == "entrepreneur":
            by_name[person.name] = index.ids[row]
    out = []
    for company, truth in sorted(case.truth.items()):
        found = matches.matches(by_name[company[:300]], kind="investor", pillar="financing",
                                limit=MAX_LIMIT)
        out.append(([m.candidate.name for m in found], truth))
    return out


def baseline_rankings(rows: Sequence[FundingRow], split: date, case: Case
                      ) -> dict[str, list[tuple[list[str], set[str]]]]:
    """Each baseline's rankings of the case's companies."""
    history = hm.History.of(((r.investor, r.company, r.when) for r in rows), split)
    popular = hm.popularity(history)
    methods: dict[str, Callable[[str], Any]] = {"popularity": lambda _: popular}

    def tied(company: str) -> int:
        venture = history.venture(company)
        assert venture is not None, "a warm company has ties before the split"
        return venture

    if case.name == "warm":
        methods["co-investment"] = lambda c: hm.co_investment(history, tied(c))
        methods["co-investment + activity"] = lambda c: hm.co_investment_activity(
            history, tied(c))
        methods["3-step walk"] = lambda c: hm.walk3(history, tied(c))
    else:
        profile = companies(rows)
        segments = {name: _segments(profile[name]) for name in history.ventures}
        counts = hm.segment_counts(history, segments)
        methods["category + region popularity"] = lambda c: hm.segment_popularity(
            counts, _segments(profile[c]), len(history.providers))
    return {method: [(history.ranking(score(company), company), truth)
                     for company, truth in sorted(case.truth.items())]
            for method, score in methods.items()}


def _segments(company) -> tuple[str, ...]:
    """A company's category and its region (its place but the city, when it has finer
    parts than the country)."""
    place = company.place[:-1] if len(company.place) > 2 else company.place
    return ("category:" + company.category if company.category else "",
            "region:" + "/".join(p or "" for p in place) if any(place) else "")


def _fit_and_activate(store: GraphStore, weights: MatchWeights,
                      progress: Callable[[str], None]) -> None:
    """Fit the FUNDED model on the store's own history, save it and make it active, as an
    admin would: the matches use case then ranks investors with it. Where the history is too
    thin, the hand weights stay."""
    progress("fitting the weights on the store's own history")
    try:
        model = MatchModels(store, base=weights).fit({"relation": "FUNDED", "activate": True})
    except Conflict as thin:
        progress(f"{thin}: {'; '.join(thin.errors.get('history', []))}")
        return
    progress(f"model {model.version}: fitted on {model.ventures} companies: recall@10 "
             f"{model.before[0]:.3f} → {model.after[0]:.3f}, MRR {model.before[1]:.3f} → "
             f"{model.after[1]:.3f}; cold ({model.cold_ventures}): recall@10 "
             f"{model.cold_before[0]:.3f} → {model.cold_after[0]:.3f}, MRR "
             f"{model.cold_before[1]:.3f} → {model.cold_after[1]:.3f}")
    progress(f"weights: {dict(model.weights)}; cold: {dict(model.cold_weights)}")


def evaluate_history(rows: Sequence[FundingRow], split: date, *,
                     weights: MatchWeights = DEFAULT_WEIGHTS,
                     store_url: str | None = None,
                     fit_weights: bool = False,
                     progress: Callable[[str], None] = lambda _: None) -> Evaluation:
    """Import what is known before ``split`` into a fresh store (``store_url``, by default a
    temporary SQLite file), and measure Syndesmos (with ``weights``; with ``fit_weights``,
    first a model is fitted on the store's history before the split, saved and made active,
    so that the matches use case ranks with it) and the baselines on the warm and cold-start
    cases."""
    warm, cold = cases(rows, split)
    stakeholders, ties = import_lines(rows, split, cold)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(store_url or "sqlite:///" + str(Path(folder) / "history.db"))
        store.ensure_schema()
        progress(f"importing {len(stakeholders)} stakeholders and {len(ties)} ties")
        Interchange(store).import_lines(stakeholders, ties)
        if fit_weights:
            _fit_and_activate(store, weights, progress)
        result = Evaluation(split, sum(1 for s in stakeholders
                                       if s.fields["kind"] == "investor"),
                            len(stakeholders), len(ties))
        for case in (warm, cold):
            progress(f"ranking {len(case.truth)} companies ({case.name})")
            result.figures[(case.name, "syndesmos")] = hm.figures(
                syndesmos_rankings(store, case, weights))
            for method, rankings in baseline_rankings(rows, split, case).items():
                result.figures[(case.name, method)] = hm.figures(rankings)
        store.close()
    return result
