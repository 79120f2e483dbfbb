"""Offline evaluation of matching: a temporal hold-out against simple baselines.

The history is split at a cutoff date: the snapshot holds the stakeholders who joined and the ties
made before it; the ties made after it between two of those stakeholders, who had no tie before,
are what a recommender should have foreseen. For each seeker with such ties of a task's kind, each
method ranks the same eligible candidates (the hard filters of :func:`recommend` applied to all),
and we report recall@10, recall@20 and MRR (reciprocal rank of the first hit within the top 100).

Examples
--------
>>> from graph_models.demo import generate_ecosystem
>>> eco = generate_ecosystem(400, seed=3)
>>> split = temporal_split(eco.stakeholders, eco.ties, test_share=0.2)
>>> round(len(split.test_ties) / (len(split.test_ties) + len(split.train.ties)), 1)
0.2
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp

from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, Pillar, Stakeholder, Tie, TieType
from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.encoding import KINDS
from graph_models.matching.index import MatchIndex
from graph_models.matching.roles import resolve
from graph_models.matching.scoring import score_block
from graph_models.matching.walk import WalkState

TOP = 100
KS = (10, 20)


@dataclass(frozen=True)
class Task:
    """What to predict: ties of ``tie_types`` joining a seeker of ``seeker`` kind to a candidate
    of the kinds that ``recommend(kind=kind, pillar=pillar)`` returns."""

    name: str
    seeker: Kind
    kind: Kind | None
    pillar: Pillar | None
    tie_types: frozenset[TieType]


TASKS = (
    Task("entrepreneur → investor (FUNDED)", Kind.ENTREPRENEUR, Kind.INVESTOR, None,
         frozenset({TieType.FUNDED})),
    Task("investor → entrepreneur (deal flow, FUNDED)", Kind.INVESTOR, Kind.ENTREPRENEUR, None,
         frozenset({TieType.FUNDED})),
    Task("entrepreneur → support organisation (SUPPORTED)", Kind.ENTREPRENEUR,
         Kind.SUPPORT_ORGANISATION, None, frozenset({TieType.SUPPORTED})),
    Task("entrepreneur → peer (KNOWS, PARTNERS_WITH)", Kind.ENTREPRENEUR, Kind.ENTREPRENEUR,
         Pillar.NETWORKING, frozenset({TieType.KNOWS, TieType.PARTNERS_WITH})),
    Task("entrepreneur → mentor (MENTORS, training)", Kind.ENTREPRENEUR, None, Pillar.TRAINING,
         frozenset({TieType.MENTORS})),
)


@dataclass(frozen=True)
class Split:
    """A snapshot of the past and the new ties of the future."""

    cutoff: date
    train: GraphExport
    test_ties: list[Tie]


def temporal_split(stakeholders: Iterable[Stakeholder], ties: Iterable[Tie], *,
                   test_share: float = 0.2) -> Split:
    """Split a history of ``stakeholders`` and ``ties`` at the date before which
    ``1 - test_share`` of the ties were made.

    The snapshot keeps the stakeholders who joined before the cutoff and the ties made before
    it; the test ties are those made on or after it between two such stakeholders.
    """
    by_date = sorted(ties, key=lambda t: t.since)
    cutoff = by_date[min(len(by_date) - 1, int(len(by_date) * (1 - test_share)))].since
    people = [s for s in stakeholders
              if s.created_at is None or s.created_at.date() < cutoff]
    known = {s.id for s in people}
    train = [t for t in by_date if t.since < cutoff]
    test = [t for t in by_date if t.since >= cutoff and t.source in known and t.target in known]
    return Split(cutoff=cutoff, train=GraphExport(version=0, stakeholders=people, ties=train),
                 test_ties=test)


@dataclass
class Scores:
    """Per-seeker metrics of one method on one task."""

    recall: dict[int, list[float]] = field(default_factory=lambda: {k: [] for k in KS})
    reciprocal: list[float] = field(default_factory=list)

    def add(self, ranking: Sequence[int], relevant: set[int]) -> None:
        for k in KS:
            self.recall[k].append(len(relevant.intersection(ranking[:k])) / len(relevant))
        rank = next((i for i, c in enumerate(ranking[:TOP], 1) if c in relevant), None)
        self.reciprocal.append(1.0 / rank if rank else 0.0)

    def summary(self) -> dict[str, float]:
        out = {f"recall@{k}": float(np.mean(v)) if v else 0.0 for k, v in self.recall.items()}
        out["MRR"] = float(np.mean(self.reciprocal)) if self.reciprocal else 0.0
        out["seekers"] = len(self.reciprocal)
        return out


Method = Callable[[MatchIndex, int, np.ndarray], np.ndarray]


def _ranked(rows: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Rows by score descending, ties by row (= by id)."""
    return rows[np.lexsort((rows, -score))][:TOP]


def popularity(index: MatchIndex, seeker: int, pool: np.ndarray) -> np.ndarray:
    return _ranked(pool, index.degree[pool].astype(float))


def random_order(seed: int) -> Method:
    def method(index: MatchIndex, seeker: int, pool: np.ndarray) -> np.ndarray:
        rng = np.random.default_rng([seed, seeker])
        return pool[rng.permutation(len(pool))][:TOP]
    return method


def common_neighbours(adjacency: sp.csr_matrix) -> Method:
    def method(index: MatchIndex, seeker: int, pool: np.ndarray) -> np.ndarray:
        counts = (adjacency[[seeker]] @ adjacency).toarray().ravel()
        return _ranked(pool, counts[pool])
    return method


def evaluate(split: Split, *, tasks: Sequence[Task] = TASKS, max_seekers: int = 1000,
             seed: int = 7, variants: dict[str, MatchWeights] | None = None) -> dict:
    """recall@10, recall@20 and MRR by task and method, as nested dicts.

    ``variants`` are weight settings of our recommender to compare (default: ours with the
    default weights, with attributes only, and with proximity only).
    """
    graph = build_snapshot(split.train).graph
    index = MatchIndex.from_graph(graph)
    variants = variants or {
        "syndesmos (default weights)": DEFAULT_WEIGHTS,
        "syndesmos, attributes only": MatchWeights.from_mapping({"proximity": 0.0}),
        "syndesmos, proximity only": MatchWeights.from_mapping(
            {t: 0.0 for t in ("need_offer", "sector", "region", "language", "stage",
                              "inclusion", "capacity")}),
    }
    binary = sp.csr_matrix((np.ones(len(index.indices)), index.indices, index.indptr),
                           shape=(index.n, index.n))
    baselines: dict[str, Method] = {
        "popularity (degree)": popularity,
        "random": random_order(seed),
        "common neighbours": common_neighbours(binary),
    }
    before = set(zip(*_pairs(index), strict=True))
    results: dict[str, dict[str, dict[str, float]]] = {}
    for task in tasks:
        targets = _targets(index, task, split.test_ties, before)
        seekers = sorted(targets)
        if len(seekers) > max_seekers:
            rng = np.random.default_rng(seed)
            seekers = sorted(rng.choice(seekers, max_seekers, replace=False).tolist())
        scores = {name: Scores() for name in (*variants, *baselines)}
        for seeker in seekers:
            pool, rankings = _rank_ours(index, seeker, task, variants)
            relevant = targets[seeker] & set(pool.tolist())
            if not relevant:
                continue
            for name, ranking in rankings.items():
                scores[name].add(ranking.tolist(), relevant)
            for name, method in baselines.items():
                scores[name].add(method(index, seeker, pool).tolist(), relevant)
        results[task.name] = {name: s.summary() for name, s in scores.items()}
    return results


def _pairs(index: MatchIndex) -> tuple[np.ndarray, np.ndarray]:
    rows = np.repeat(np.arange(index.n), np.diff(index.indptr))
    return rows, index.indices.astype(np.int64)


def _targets(index: MatchIndex, task: Task, ties: list[Tie], before: set) -> dict[int, set[int]]:
    """Seeker row → rows it tied to after the cutoff (new pairs of the task's kinds only)."""
    kinds = {k for k, _ in resolve(task.seeker, task.kind, task.pillar)}
    seeker_code = KINDS.index(task.seeker)
    targets: dict[int, set[int]] = defaultdict(set)
    for tie in ties:
        if tie.type not in task.tie_types:
            continue
        a, b = index.row.get(tie.source), index.row.get(tie.target)
        if a is None or b is None or (a, b) in before:
            continue
        for s, c in ((a, b), (b, a)):
            if index.kind[s] == seeker_code and KINDS[index.kind[c]] in kinds:
                if task.tie_types == frozenset({TieType.MENTORS}) and s != b:
                    continue  # the mentee seeks; a mentor seeking mentees is not this task
                targets[s].add(c)
    return targets


def _rank_ours(index: MatchIndex, seeker: int, task: Task, variants: dict[str, MatchWeights]):
    """The eligible pool (rows) and each variant's top-100 rows, as recommend would rank them."""
    pool = None
    rankings = {}
    seekers = np.array([seeker])
    for name, weights in variants.items():
        walk = WalkState(index, seekers, weights)
        rows, keys = [], []
        for kind, role in resolve(KINDS[index.kind[seeker]], task.kind, task.pillar):
            block = score_block(index, walk, kind, role, task.pillar, weights)
            eligible = block.eligible[0]
            rows.append(block.cands[eligible])
            keys.append(block.key()[0][eligible])
        rows_all, keys_all = np.concatenate(rows), np.concatenate(keys)
        if pool is None:
            pool = np.sort(rows_all)
        rankings[name] = _ranked(rows_all, keys_all)
    return pool, rankings


def markdown(results: dict, *, title: str = "") -> str:
    """The results as a Markdown table (one row per task and method)."""
    lines = [title] if title else []
    lines += ["| task | method | seekers | recall@10 | recall@20 | MRR |",
              "|---|---|---:|---:|---:|---:|"]
    for task, methods in results.items():
        for name, s in methods.items():
            lines.append(f"| {task} | {name} | {s['seekers']} | {s['recall@10']:.3f} | "
                         f"{s['recall@20']:.3f} | {s['MRR']:.3f} |")
    return "\n".join(lines)
