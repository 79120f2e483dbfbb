"""Cohort assignment: mentees to mentors under capacities, optimally or stably.

Both methods take the same plain records — mentees, mentors with capacities, a sparse table of
candidate scores (see :func:`~graph_models.mentorship.candidates.candidate_scores`), hard
constraints and pins — and return a :class:`~graph_models.domain.programmes.Proposal`.

The optimal assignment
----------------------
Each mentee gets at most one mentor, each mentor at most its capacity, every pair passes the
constraints and has a score. Among such assignments it maximises, **lexicographically**,

1. the number of mentees placed, then
2. the total match quality ``Σ round(SCALE · score)`` (scores to 1/1000 of a point).

Lexicographic order is made a single integer objective with a placement bonus: each placed pair
is worth ``BONUS + q`` with ``BONUS = R · max q + 1`` (``R`` mentees in the problem), so one more
placement outweighs any difference of total quality. This is a b-matching: a min-cost flow
``source → mentee (capacity 1) → mentor (cost −(BONUS + q)) → sink (capacity c)``, solved
exactly. Two solvers give the same optimum: ``"sparse"`` (default) expands each mentor into
``min(c, candidates)`` slots and adds one "unplaced" column per mentee, then runs scipy's
:func:`~scipy.sparse.csgraph.min_weight_full_bipartite_matching` (LAPJVsp) on that sparse matrix;
``"network_simplex"`` runs :func:`networkx.network_simplex` on the flow network. Among equally
good assignments the solver's pick on the id-sorted input is returned: deterministic, but not
otherwise ordered.

The stable assignment
---------------------
Mentee-proposing deferred acceptance (Gale–Shapley) with capacities: each mentee ranks its
acceptable mentors by score (then by mentor id), each mentor its proposers by score (then by
mentee id). The result has no blocking pair: no mentee and mentor who both prefer each other
to what they got (a mentor with a free place prefers any acceptable mentee to none). It is the
mentee-optimal stable assignment; it may place fewer mentees and score less than the optimum.

Pins
----
Pinned pairs are fixed before solving: the pinned mentees are taken out and each pin uses one
place of its mentor's capacity. A pin must name enrolled stakeholders, pass the constraints and
fit the mentor's capacity; a mentee is pinned at most once.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from graph_models.domain.errors import InvalidInput
from graph_models.domain.programmes import (
    Constraints,
    Mentee,
    Mentor,
    Placement,
    Proposal,
    Unplaced,
    UnplacedReason,
)

SCALE = 1000  # scores are compared to 1/1000 of a point
METHODS = ("optimal", "stable")
SOLVERS = ("sparse", "network_simplex")
MAX_CAPACITY = 1000
NO_CONSTRAINTS_BUT_LANGUAGE = Constraints()  # the default: a shared language only


class _Problem:
    """The validated input, reduced to integer arcs between free mentees and mentors."""

    def __init__(self, mentees, mentors, scores, constraints, pins):
        errors: dict[str, list[str]] = {}
        self.mentees = sorted(mentees, key=lambda m: m.id)
        self.mentors = sorted(mentors, key=lambda m: m.id)
        if not all(isinstance(m, Mentee) for m in self.mentees):
            errors["mentees"] = ["must be Mentee records"]
        if not all(isinstance(m, Mentor) for m in self.mentors):
            errors["mentors"] = ["must be Mentor records"]
        if not isinstance(constraints, Constraints):
            errors["constraints"] = ["must be a Constraints record"]
        if not isinstance(scores, Mapping):
            errors["scores"] = ["must map (mentee id, mentor id) to a score"]
        if errors:
            raise InvalidInput("invalid assignment", errors=errors)
        self.mentee = {m.id: m for m in self.mentees}
        self.mentor = {m.id: m for m in self.mentors}
        if len(self.mentee) < len(self.mentees):
            errors["mentees"] = ["a mentee is enrolled twice"]
        if len(self.mentor) < len(self.mentors):
            errors["mentors"] = ["a mentor is enrolled twice"]
        bad = [m.id for m in self.mentors if not isinstance(m.capacity, int)
               or isinstance(m.capacity, bool) or not 0 <= m.capacity <= MAX_CAPACITY]
        if bad:
            errors["mentors"] = [f"capacity must be an integer from 0 to {MAX_CAPACITY}: "
                                 f"{', '.join(bad[:5])}"]
        self.scores = scores
        self.constraints = constraints
        self.left = {m.id: m.capacity for m in self.mentors}
        self.pins = self._pins(pins, errors)
        self._check_scores(errors)
        if errors:
            raise InvalidInput("invalid assignment", errors=errors)
        pinned = {e for e, _ in self.pins}
        self.free = [m.id for m in self.mentees if m.id not in pinned]
        self.arcs = self._arcs()

    def _pins(self, pins, errors) -> list[tuple[str, str]]:
        out, seen, problems = [], set(), []
        for pin in pins:
            if not (isinstance(pin, tuple | list) and len(pin) == 2):
                problems.append("a pin must be a (mentee id, mentor id) pair")
                continue
            e, t = pin
            if e not in self.mentee or t not in self.mentor:
                problems.append(f"({e}, {t}): not an enrolled mentee and mentor")
            elif e in seen:
                problems.append(f"{e} is pinned twice")
            elif not self.constraints.allows(self.mentee[e], self.mentor[t]):
                problems.append(f"({e}, {t}) breaks the constraints")
            elif self.left[t] <= 0:
                problems.append(f"({e}, {t}): {t} has no capacity left for it")
            else:
                seen.add(e)
                self.left[t] -= 1
                out.append((e, t))
        if problems:
            errors["pins"] = problems
        return sorted(out)

    def _check_scores(self, errors) -> None:
        for key, value in self.scores.items():
            if not (isinstance(key, tuple) and len(key) == 2) or isinstance(value, bool) or \
                    not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                errors["scores"] = ["must map (mentee id, mentor id) to a finite score ≥ 0"]
                return

    def _arcs(self) -> list[tuple[int, int, int]]:
        """(free mentee number, mentor number, integer quality) of every feasible pair, by
        mentee then mentor id."""
        free = {e: i for i, e in enumerate(self.free)}
        number = {m.id: j for j, m in enumerate(self.mentors)}
        allows = self.constraints.allows
        arcs = []
        for (e, t), value in self.scores.items():
            i, j = free.get(e), number.get(t)
            if i is None or j is None or self.left[t] <= 0:
                continue
            if allows(self.mentee[e], self.mentor[t]):
                arcs.append((i, j, round(value * SCALE)))
        arcs.sort()
        return arcs

    def proposal(self, method: str, chosen: Mapping[str, str], why_full: str) -> Proposal:
        placements = [Placement(e, t, self._score(e, t), pinned=True) for e, t in self.pins]
        placements += [Placement(e, t, self._score(e, t)) for e, t in chosen.items()]
        placements.sort(key=lambda p: p.mentee_id)
        placed = {p.mentee_id for p in placements}
        unplaced = [self.why(e, why_full) for e in self.free if e not in placed]
        quality = round(sum(p.score or 0.0 for p in placements), 6)
        return Proposal(method=method, placements=tuple(placements), unplaced=tuple(unplaced),
                        quality=quality)

    def _score(self, e: str, t: str) -> float | None:
        value = self.scores.get((e, t))
        return None if value is None else float(value)

    def why(self, e: str, why_full: str) -> Unplaced:
        """The first reason, in :class:`UnplacedReason` order, that leaves ``e`` unplaced."""
        c, mentee = self.constraints, self.mentee[e]
        mentors = [m for m in self.mentors if m.id != e]
        speaking = [m for m in mentors if c.language_ok(mentee, m)]
        if not speaking:
            langs = ", ".join(sorted(mentee.languages))
            return Unplaced(e, UnplacedReason.NO_SHARED_LANGUAGE,
                            f"no enrolled mentor speaks {langs}")
        near = [m for m in speaking if c.region_ok(mentee, m)]
        if not near:
            return Unplaced(e, UnplacedReason.OTHER_REGION,
                            f"none of the {len(speaking)} mentors who share its language is "
                            f"in its region ({mentee.region or 'none stated'})")
        allowed = [m for m in near if (e, m.id) not in c.excluded]
        if not allowed:
            return Unplaced(e, UnplacedReason.EXCLUDED,
                            f"the {len(near)} mentors left by the constraints are excluded for "
                            "it")
        scored = [m for m in allowed if (e, m.id) in self.scores]
        if not scored:
            return Unplaced(e, UnplacedReason.NO_CANDIDATE,
                            f"matching proposed none of the {len(allowed)} mentors that pass "
                            "the constraints (not discoverable, no capacity left in the "
                            "network, no mentoring offer, already tied, or not among its best)")
        return Unplaced(e, UnplacedReason.ALL_FULL,
                        f"all {len(scored)} of its candidates are full {why_full}")


def _solve_sparse(n_rows: int, capacity: list[int], arcs) -> dict[int, int]:
    """Optimal rows → mentor numbers by a full min-weight bipartite matching over slots."""
    rows = np.array([a[0] for a in arcs], dtype=np.int64)
    cols = np.array([a[1] for a in arcs], dtype=np.int64)
    q = np.array([a[2] for a in arcs], dtype=np.int64)
    top = int(q.max()) if len(q) else 0
    bonus = n_rows * top + 1
    # Slots beyond a mentor's number of candidates can never be used: do not make them.
    degree = np.bincount(cols, minlength=len(capacity))
    slots = np.minimum(np.asarray(capacity, dtype=np.int64), degree)
    first = np.concatenate([[0], np.cumsum(slots)])
    per_arc = slots[cols]
    arc_of = np.repeat(np.arange(len(arcs)), per_arc)
    offset = np.arange(len(arc_of)) - np.repeat(np.cumsum(per_arc) - per_arc, per_arc)
    slot_cols = first[cols[arc_of]] + offset
    n_slots = int(first[-1])
    # All costs positive (explicit entries), every row matched exactly once, so a constant
    # per row does not move the optimum: placing costs top + 1 - q, staying out top + 1 + bonus.
    data = np.concatenate([(top + 1 - q[arc_of]).astype(np.float64),
                           np.full(n_rows, float(top + 1 + bonus))])
    r = np.concatenate([rows[arc_of], np.arange(n_rows)])
    c = np.concatenate([slot_cols, n_slots + np.arange(n_rows)])
    matrix = csr_matrix((data, (r, c)), shape=(n_rows, n_slots + n_rows))
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
    mentor_of_slot = np.repeat(np.arange(len(capacity)), slots)
    return {int(i): int(mentor_of_slot[s]) for i, s in zip(row_ind, col_ind, strict=True)
            if s < n_slots}


def _solve_flow(n_rows: int, capacity: list[int], arcs) -> dict[int, int]:
    """Optimal rows → mentor numbers by networkx's network simplex on the flow network."""
    top = max((a[2] for a in arcs), default=0)
    bonus = n_rows * top + 1
    source, sink = 0, 1
    G = nx.DiGraph()
    G.add_node(source, demand=-n_rows)
    G.add_node(sink, demand=n_rows)
    G.add_edge(source, sink, capacity=n_rows, weight=0)  # the mentees left unplaced
    G.add_edges_from((source, 2 + i, {"capacity": 1, "weight": 0}) for i in range(n_rows))
    mentor_node = 2 + n_rows
    G.add_edges_from((2 + i, mentor_node + j, {"capacity": 1, "weight": -(bonus + q)})
                     for i, j, q in arcs)
    G.add_edges_from((mentor_node + j, sink, {"capacity": cap, "weight": 0})
                     for j, cap in enumerate(capacity) if cap > 0)
    _, flow = nx.network_simplex(G)
    out = {}
    for i in range(n_rows):
        for node, units in flow[2 + i].items():
            if units > 0:
                out[i] = node - mentor_node
    return out


def _optimal(problem: _Problem, solver: str) -> dict[str, str]:
    used = sorted({a[0] for a in problem.arcs})  # mentees with no arc stay out of the solver
    row_of = {i: r for r, i in enumerate(used)}
    arcs = [(row_of[i], j, q) for i, j, q in problem.arcs]
    capacity = [problem.left[m.id] for m in problem.mentors]
    if not arcs:
        return {}
    solve = _solve_sparse if solver == "sparse" else _solve_flow
    chosen = solve(len(used), capacity, arcs)
    return {problem.free[used[r]]: problem.mentors[j].id for r, j in sorted(chosen.items())}


def _stable(problem: _Problem) -> dict[str, str]:
    prefs: list[list[tuple[int, int]]] = [[] for _ in problem.free]  # (-q, mentor number)
    for i, j, q in problem.arcs:
        prefs[i].append((-q, j))
    for p in prefs:
        p.sort()
    capacity = [problem.left[m.id] for m in problem.mentors]
    held: list[list[tuple[int, int]]] = [[] for _ in problem.mentors]  # min-heap of (q, -i)
    quality = {(i, j): -nq for i, p in enumerate(prefs) for nq, j in p}
    nxt = [0] * len(prefs)
    waiting = deque(range(len(prefs)))  # mentees in id order
    while waiting:
        i = waiting.popleft()
        if nxt[i] >= len(prefs[i]):
            continue  # every acceptable mentor said no: unplaced
        _, j = prefs[i][nxt[i]]
        nxt[i] += 1
        key = (quality[(i, j)], -i)  # larger is better for the mentor: score, then lower id
        if len(held[j]) < capacity[j]:
            heapq.heappush(held[j], key)
        elif held[j] and key > held[j][0]:
            _, loser = heapq.heapreplace(held[j], key)
            waiting.append(-loser)
        else:
            waiting.append(i)
    return {problem.free[-minus_i]: problem.mentors[j].id
            for j, keys in enumerate(held) for _, minus_i in keys}


def assign(mentees: Sequence[Mentee], mentors: Sequence[Mentor],
           scores: Mapping[tuple[str, str], float], *,
           constraints: Constraints = NO_CONSTRAINTS_BUT_LANGUAGE,
           pins: Iterable[tuple[str, str]] = (), method: str = "optimal",
           solver: str = "sparse") -> Proposal:
    """Propose a mentor for each mentee: the optimal or the stable assignment.

    Parameters
    ----------
    mentees : sequence of Mentee
    mentors : sequence of Mentor
        With their capacities in the programme.
    scores : mapping of (mentee id, mentor id) to float
        The candidate pairs and their match scores (≥ 0); a pair absent is not a candidate.
        Pairs naming someone not enrolled are ignored.
    constraints : Constraints
        Shared language, same region, excluded pairs.
    pins : iterable of (mentee id, mentor id)
        Pairs fixed in advance; the rest is solved around them.
    method : {"optimal", "stable"}
        Maximum placements then maximum total score, or mentee-proposing deferred acceptance.
    solver : {"sparse", "network_simplex"}
        How the optimal assignment is computed (same optimum; see the module notes).

    Returns
    -------
    Proposal
        Placements (pins flagged) and unplaced mentees with their reason, both by mentee id.

    Raises
    ------
    InvalidInput
        For duplicate enrolments, a capacity that is not an integer from 0 to 1000, a
        malformed score, or a pin that names someone not enrolled, pins a mentee twice,
        breaks the constraints or overfills its mentor (the field is named).

    Examples
    --------
    >>> ana, bo = Mentee("ana", frozenset({"el"})), Mentee("bo", frozenset({"el"}))
    >>> kim = Mentor("kim", capacity=1, languages=frozenset({"el"}))
    >>> lee = Mentor("lee", capacity=1, languages=frozenset({"en"}))
    >>> scores = {("ana", "kim"): 90.0, ("bo", "kim"): 80.0, ("bo", "lee"): 95.0}
    >>> p = assign([ana, bo], [kim, lee], scores)
    >>> [(x.mentee_id, x.mentor_id) for x in p.placements], p.quality
    ([('ana', 'kim')], 90.0)
    >>> p.unplaced[0].reason.value
    'all_full'

    Without the language constraint both are placed, ``bo`` with ``lee``:

    >>> p = assign([ana, bo], [kim, lee], scores, constraints=Constraints(shared_language=False))
    >>> [(x.mentee_id, x.mentor_id) for x in p.placements], p.quality
    ([('ana', 'kim'), ('bo', 'lee')], 185.0)

    Pinning ``bo`` to ``kim`` leaves ``ana`` without a mentor:

    >>> p = assign([ana, bo], [kim, lee], scores, pins=[("bo", "kim")])
    >>> [(x.mentee_id, x.mentor_id, x.pinned) for x in p.placements]
    [('bo', 'kim', True)]
    """
    errors = {}
    if method not in METHODS:
        errors["method"] = [f"must be one of: {', '.join(METHODS)}"]
    if solver not in SOLVERS:
        errors["solver"] = [f"must be one of: {', '.join(SOLVERS)}"]
    if errors:
        raise InvalidInput("invalid assignment", errors=errors)
    problem = _Problem(list(mentees), list(mentors), scores, constraints, list(pins))
    if method == "stable":
        return problem.proposal(method, _stable(problem),
                                "with mentees they rank higher")
    return problem.proposal(method, _optimal(problem, solver),
                            "in the assignment that places the most mentees at the best "
                            "total score")


__all__ = ["METHODS", "SCALE", "SOLVERS", "assign"]
